//! Card checks every connector relies on (digits, Luhn, expiry, CVC, brand): the protocol's own
//! (protocol/card.rs), which validates a card request before any connector sees it.

pub use crate::protocol::card::*;

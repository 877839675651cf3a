//! What connectors share: money, card checks, encodings, hashing, masking, the clock.
//! One concept, one place: a helper that two connectors need lives here, never in both.

pub mod access_token;
pub mod card;
pub mod crypto;
pub mod form;
pub mod http_status;
pub mod http_signature;
pub mod idempotency;
pub mod mask;
pub mod money;
pub mod multipart;
pub mod order_lines;
pub mod state;
pub mod text;
pub mod time;
pub mod wallet;


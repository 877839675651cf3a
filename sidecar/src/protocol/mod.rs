//! The wire protocol on the Rust side: serde types of every message, deserialized once at the
//! boundary. The zod schemas in `protocol/` (TypeScript) are the source of truth; these mirror them
//! and the shared vectors in `test/vectors/` keep both sides honest.

#[cfg(test)]
mod additions_tests;
mod disputes;
mod error;
mod flows;
mod http;
mod payment_method;
mod request;
mod result;
mod secret;
mod sessions;

pub use disputes::*;
pub use error::*;
pub use flows::*;
pub use http::*;
pub use payment_method::*;
pub use request::*;
pub use result::*;
pub use secret::*;
pub use sessions::*;

pub const PROTOCOL_VERSION: &str = "1";

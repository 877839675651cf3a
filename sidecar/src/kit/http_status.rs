//! The unified error of a failed answer whose processor code is not in the connector's table,
//! read from the HTTP status alone (RFC 9110 semantics). Connectors whose processor gives a
//! status its own meaning keep their own table in mapping.rs.

use crate::protocol::UnifiedErrorCode as U;

pub fn by_http_status(status: u16) -> U {
    match status {
        401 | 403 => U::InvalidCredentials,
        404 => U::NotFound,
        409 => U::DuplicateTransaction,
        429 => U::RateLimited,
        500..=599 => U::ProcessorUnavailable,
        _ => U::InvalidRequest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_class_has_its_meaning() {
        let cases = [
            (400, U::InvalidRequest),
            (401, U::InvalidCredentials),
            (403, U::InvalidCredentials),
            (404, U::NotFound),
            (409, U::DuplicateTransaction),
            (422, U::InvalidRequest),
            (429, U::RateLimited),
            (500, U::ProcessorUnavailable),
            (503, U::ProcessorUnavailable),
        ];
        for (status, code) in cases {
            assert_eq!(by_http_status(status), code, "HTTP {status}");
        }
    }
}

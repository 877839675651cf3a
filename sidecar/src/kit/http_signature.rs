//! HTTP message signatures in the draft-cavage style that several processors use (Cybersource,
//! and others that sign `host date request-target digest ...`): a `Digest` header over the body
//! and a signing string of `name: value` lines in the order the `headers` parameter lists them.
//! The connector chooses the header list, the key and the algorithm; this module only builds the
//! bytes that get signed, so every connector builds them the same way.

use super::crypto::{base64_encode, hmac_sha256};
use sha2::{Digest, Sha256};

/// `SHA-256=<base64 of the body's SHA-256>` (RFC 3230 instance digest).
pub fn sha256_digest_header(body: &[u8]) -> String {
    format!("SHA-256={}", base64_encode(&Sha256::digest(body)))
}

/// `request-target`'s value: the lower-case method, a space, the path and query.
pub fn request_target(method: &str, path_and_query: &str) -> String {
    format!("{} {}", method.to_ascii_lowercase(), path_and_query)
}

/// The signing string: one `name: value` line per component, joined by `\n`, no trailing newline.
/// Names are lower-cased, as the `headers` parameter lists them.
pub fn signing_string(components: &[(&str, &str)]) -> String {
    components
        .iter()
        .map(|(name, value)| format!("{}: {}", name.to_ascii_lowercase(), value))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `headers` parameter of the Signature header: the component names, space-separated.
pub fn header_list(components: &[(&str, &str)]) -> String {
    components.iter().map(|(name, _)| name.to_ascii_lowercase()).collect::<Vec<_>>().join(" ")
}

/// base64(HMAC-SHA256(key, signing string)).
pub fn hmac_sha256_signature(key: &[u8], signing_string: &str) -> String {
    base64_encode(&hmac_sha256(key, signing_string.as_bytes()))
}

/// Splits a URL into its authority (`host[:port]`) and its path with query, for the `host` and
/// `request-target` components. None when the URL has no `scheme://`.
pub fn host_and_path(url: &str) -> Option<(&str, &str)> {
    let rest = url.split_once("://")?.1;
    match rest.find('/') {
        Some(i) => Some((&rest[..i], &rest[i..])),
        None => Some((rest, "/")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_of_known_bodies() {
        // SHA-256("") = e3b0c442..., base64 below.
        assert_eq!(sha256_digest_header(b""), "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        assert_eq!(sha256_digest_header(b"abc"), "SHA-256=ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    }

    #[test]
    fn signing_string_and_header_list_keep_the_order() {
        let parts = [("Host", "api.example.com"), ("date", "Thu, 01 Jan 1970 00:00:00 GMT"), ("request-target", "post /x")];
        assert_eq!(signing_string(&parts), "host: api.example.com\ndate: Thu, 01 Jan 1970 00:00:00 GMT\nrequest-target: post /x");
        assert_eq!(header_list(&parts), "host date request-target");
        assert_eq!(request_target("GET", "/a?b=1"), "get /a?b=1");
    }

    #[test]
    fn splits_urls() {
        assert_eq!(host_and_path("https://apitest.cybersource.com/pts/v2/payments"), Some(("apitest.cybersource.com", "/pts/v2/payments")));
        assert_eq!(host_and_path("http://127.0.0.1:8080/a/b?c=d"), Some(("127.0.0.1:8080", "/a/b?c=d")));
        assert_eq!(host_and_path("http://h"), Some(("h", "/")));
        assert_eq!(host_and_path("nohost"), None);
    }
}

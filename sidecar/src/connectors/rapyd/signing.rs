//! Rapyd's request and webhook signatures (https://docs.rapyd.net/en/request-signatures.html,
//! https://docs.rapyd.net/en/webhook-authentication.html): HMAC-SHA256 keyed by the secret key,
//! its lower-case hex digest, then base64 of that hex text (what Rapyd's own samples and SDK do).

use super::RapydAuth;
use crate::kit::crypto::{base64_encode, hex, hmac_sha256};
use crate::protocol::{Options, SidecarError};
use std::hash::{BuildHasher, Hasher};

/// BASE64(HEX(HMAC-SHA256(secret_key, text))).
pub fn sign(secret_key: &str, text: &str) -> String {
    base64_encode(hex(&hmac_sha256(secret_key.as_bytes(), text.as_bytes())).as_bytes())
}

/// The request signature: `http_method + url_path + salt + timestamp + access_key + secret_key +
/// body_string`, the method in lower case, the path from `/v1` (with its query), the body exactly
/// as sent ("" when there is none).
pub fn request_signature(auth: &RapydAuth, method: &str, url_path: &str, salt: &str, timestamp: i64, body: &str) -> String {
    let text = format!(
        "{}{url_path}{salt}{timestamp}{}{}{body}",
        method.to_ascii_lowercase(),
        auth.access_key(),
        auth.secret_key()
    );
    sign(auth.secret_key(), &text)
}

/// The webhook signature: `url + salt + timestamp + access_key + secret_key + body_string`, with
/// the whole webhook URL registered with Rapyd and no method.
pub fn webhook_signature(access_key: &str, secret_key: &str, url: &str, salt: &str, timestamp: &str, body: &str) -> String {
    sign(secret_key, &format!("{url}{salt}{timestamp}{access_key}{secret_key}{body}"))
}

const SALT_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// The request's salt: `options.nonce` when given (8 to 16 letters and digits: Rapyd's
/// recommended length, and header-safe), else 12 random letters and digits.
pub fn salt(options: &Options) -> Result<String, SidecarError> {
    if let Some(nonce) = &options.nonce {
        let ok = (8..=16).contains(&nonce.len()) && nonce.bytes().all(|b| b.is_ascii_alphanumeric());
        if !ok {
            return Err(SidecarError::invalid_field(
                "options.nonce",
                "Rapyd's salt is 8 to 16 letters or digits".into(),
            ));
        }
        return Ok(nonce.clone());
    }
    Ok(random_salt())
}

/// 12 letters and digits from the standard library's per-process random SipHash keys (seeded by
/// the operating system), a counter and the clock. The salt only has to differ between requests
/// (Rapyd refuses a replayed salt and timestamp); it is not a secret.
fn random_salt() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let keys = std::collections::hash_map::RandomState::new();
    let mut out = String::with_capacity(12);
    let mut round = 0u64;
    while out.len() < 12 {
        let mut h = keys.build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
        h.write_u64(round);
        let mut v = h.finish();
        for _ in 0..6 {
            if out.len() == 12 {
                break;
            }
            out.push(SALT_ALPHABET[(v % SALT_ALPHABET.len() as u64) as usize] as char);
            v /= SALT_ALPHABET.len() as u64;
        }
        round += 1;
    }
    out
}

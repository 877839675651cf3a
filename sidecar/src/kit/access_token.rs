//! Reading a token endpoint's answer (createAccessToken). Its successful body IS the bearer
//! credential, so nothing here ever quotes it: a failure names what was missing, never what came.

use serde::de::DeserializeOwned;

use crate::protocol::{HttpResponse, SidecarError};

/// The successful answer of a token endpoint, typed. `what` names the answer in the error
/// ("the login answer"); the body is not quoted, masked or not.
pub fn read_answer<T: DeserializeOwned>(response: &HttpResponse, what: &str) -> Result<T, SidecarError> {
    response.json().map_err(|_| SidecarError::undeserializable(response.status, "", &format!("{what} is not JSON")))
}

/// The token itself, which must be present and not blank; `field` is the processor's name for it.
pub fn require_token(token: Option<String>, response: &HttpResponse, what: &str, field: &str) -> Result<String, SidecarError> {
    token
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| SidecarError::undeserializable(response.status, "", &format!("{what} has no {field}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> HttpResponse {
        serde_json::from_value(serde_json::json!({"status": status, "headers": {}, "body": body})).unwrap()
    }

    #[derive(serde::Deserialize)]
    struct Token {
        token: Option<String>,
    }

    #[test]
    fn a_body_that_is_not_json_is_refused_without_quoting_it() {
        let r = answer(200, "tok-secret-value-not-json");
        let e = read_answer::<Token>(&r, "the login answer").err().unwrap();
        let text = format!("{} {}", e.message, e.to_data());
        assert!(text.contains("the login answer is not JSON"), "{text}");
        assert!(!text.contains("tok-secret-value"), "quoted the body: {text}");
    }

    #[test]
    fn a_missing_or_blank_token_is_named_by_its_field() {
        let r = answer(200, r#"{"token":"  "}"#);
        let t: Token = read_answer(&r, "the login answer").unwrap();
        let e = require_token(t.token, &r, "the login answer", "token").err().unwrap();
        assert!(e.message.contains("the login answer has no token"), "{}", e.message);
        let r = answer(200, r#"{"token":"eyJ.abc"}"#);
        let t: Token = read_answer(&r, "the login answer").unwrap();
        assert_eq!(require_token(t.token, &r, "the login answer", "token").unwrap(), "eyJ.abc");
    }
}

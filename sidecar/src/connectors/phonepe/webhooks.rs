//! PhonePe's server-to-server callback (PG v1): verified, decoded, read into unified events.
//! https://developer.phonepe.com/v1/reference/server-to-server-callback-5
//!
//! PhonePe POSTs `{"response": "<base64 JSON>"}` to the request's `callbackUrl` when a payment or
//! a refund reaches a final state, with the header
//! `X-VERIFY: sha256hex(<base64 response> + saltKey) + "###" + saltIndex`. The decoded JSON is
//! "similar to the response returned by transaction status API": `{success, code, message, data}`.
//!
//! Verification: the `secret` of parseWebhook is the salt key; the salt index is read from the
//! header (it names which of the merchant's keys signed, and is not itself signed). A merchant
//! with several salt keys passes the one whose index the header names; a mismatch reason says
//! which index the callback was signed with. PhonePe's callback carries no timestamp, so there is
//! no expiry to check: treat events idempotently (PhonePe also asks merchants to confirm the
//! final state with the status API).
//!
//! Payment or refund: PhonePe's callback does not say. The rule here follows the shapes PhonePe
//! documents: the status of a payment always has the `data.paymentInstrument` key (the instrument
//! of a completed payment, `null` for a failed or pending one: PhonePe's own success and failure
//! callback samples both have it), while the status of a refund has no such key (PhonePe's refund
//! samples carry merchantId, merchantTransactionId, transactionId, amount, state, responseCode).
//! So: `paymentInstrument` present → payment event, absent → refund event. Both carry the
//! merchant's own id (payment ids and refund ids share PhonePe's merchantTransactionId namespace
//! and must be unique across both), so the merchant can always confirm by looking the id up.

use super::mapping::{refund_verdict, verdict, Answer};
use super::responses::inr;
use crate::kit::crypto::{base64_decode, constant_time_eq, sha256_hex};
use crate::protocol::{
    ErrorKind, Flow, IncomingWebhook, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind,
    WebhookResult,
};
use serde::Deserialize;
use serde_json::{Map, Value};

pub const SIGNATURE_HEADER: &str = "X-VERIFY";

/// PhonePe documents no body for the answer to its callback; any 2xx ends its delivery.
fn accepted() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: String::new() }
}

/// What to answer a callback that failed verification.
fn refused() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 401, content_type: "text/plain".into(), body: String::new() }
}

/// The callback's HTTP body.
#[derive(Deserialize)]
struct CallbackBody {
    response: String,
}

/// The decoded `response`: the status API's envelope.
#[derive(Deserialize)]
struct CallbackPayload {
    code: Option<String>,
    message: Option<String>,
    data: Option<Map<String, Value>>,
}

/// `X-VERIFY` split into the hex checksum and the salt index, if it has that shape.
fn split_x_verify(header: &str) -> Option<(&str, &str)> {
    let (checksum, index) = header.trim().split_once("###")?;
    let hex_ok = checksum.len() == 64 && checksum.bytes().all(|b| b.is_ascii_hexdigit());
    let index_ok = !index.is_empty() && index.len() <= 9 && index.bytes().all(|b| b.is_ascii_digit());
    (hex_ok && index_ok).then_some((checksum, index))
}

pub fn parse_webhook(webhook: &IncomingWebhook) -> Result<WebhookResult, SidecarError> {
    let salt_key = webhook.secret.expose();
    if salt_key.trim().is_empty() {
        return Err(SidecarError::missing_field("secret", "PhonePe callbacks are verified with the salt key"));
    }
    let Some(header) = webhook.header(SIGNATURE_HEADER) else {
        return Ok(WebhookResult::rejected("no X-VERIFY header: not a PhonePe callback", refused()));
    };
    let Some((checksum, salt_index)) = split_x_verify(header) else {
        return Ok(WebhookResult::rejected("the X-VERIFY header is not `<sha256 hex>###<salt index>`", refused()));
    };
    let Ok(body) = serde_json::from_str::<CallbackBody>(&webhook.body) else {
        return Ok(WebhookResult::rejected("the body is not PhonePe's `{\"response\": ...}` callback", refused()));
    };
    let expected = sha256_hex(format!("{}{salt_key}", body.response).as_bytes());
    if !constant_time_eq(expected.as_bytes(), checksum.to_ascii_lowercase().as_bytes()) {
        return Ok(WebhookResult::rejected(
            format!(
                "the X-VERIFY checksum does not match: the body was altered, or the salt key given is not the one of salt index {salt_index}"
            ),
            refused(),
        ));
    }
    let event = read_payload(&body.response)?;
    Ok(WebhookResult { verified: true, reason: None, events: vec![event], acknowledgement: accepted() })
}

/// A signed payload that cannot be read is PhonePe's data we do not understand: an error (the
/// endpoint should not acknowledge it), never quoting the payload (it may hold a VPA).
fn unreadable(why: &str) -> SidecarError {
    SidecarError::new(
        ErrorKind::ResponseDeserializationFailed,
        format!("PhonePe's callback is correctly signed but its payload cannot be read: {why}"),
    )
}

fn read_payload(response: &str) -> Result<WebhookEvent, SidecarError> {
    let bytes = base64_decode(response.trim()).ok_or_else(|| unreadable("`response` is not base64"))?;
    let payload: CallbackPayload =
        serde_json::from_slice(&bytes).map_err(|_| unreadable("the decoded `response` is not the status JSON"))?;
    let code = payload.code.as_deref().ok_or_else(|| unreadable("no `code`"))?;
    let data = payload.data.as_ref().ok_or_else(|| unreadable("no `data`"))?;
    let text = |key: &str| data.get(key).and_then(Value::as_str);
    let merchant_transaction_id = text("merchantTransactionId")
        .filter(|id| !id.is_empty())
        .ok_or_else(|| unreadable("no `data.merchantTransactionId`"))?
        .to_string();
    let amount = match data.get("amount") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_i64().ok_or_else(|| unreadable("`data.amount` is not an integer number of paise"))?),
    };
    let answer = Answer {
        code: Some(code),
        message: payload.message.as_deref(),
        state: text("state"),
        response_code: text("responseCode"),
    };
    let is_payment = data.contains_key("paymentInstrument");
    let mut event;
    if is_payment {
        let v = verdict(Flow::Psync, 200, &answer);
        event = WebhookEvent::new(WebhookEventKind::Payment, code);
        event.connector_transaction_id = Some(merchant_transaction_id.clone());
        event.merchant_transaction_id = Some(merchant_transaction_id);
        event.payment_status = Some(v.status);
        event.error = v.error;
    } else {
        let v = refund_verdict(Flow::Rsync, 200, &answer);
        event = WebhookEvent::new(WebhookEventKind::Refund, code);
        event.connector_refund_id = Some(merchant_transaction_id.clone());
        event.merchant_refund_id = Some(merchant_transaction_id);
        event.refund_status = Some(v.status);
        event.error = v.error;
    }
    event.amount = amount.filter(|a| *a > 0).and_then(inr);
    Ok(event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::crypto::base64_encode;
    use crate::protocol::{PaymentStatus, RefundStatus, ResponseHeader, Secret, UnifiedErrorCode as U};
    use sha2::{Digest, Sha256};

    const SALT_KEY: &str = "099eb0cd-02cf-4e2a-8aca-3e6c6aff0399";

    /// PhonePe's documented success callback (server-to-server-callback), base64 as published.
    const DOC_SUCCESS: &str = "ewogICJzdWNjZXNzIjogdHJ1ZSwKICAiY29kZSI6ICJQQVlNRU5UX1NVQ0NFU1MiLAogICJtZXNzYWdlIjogIllvdXIgcmVxdWVzdCBoYXMgYmVlbiBzdWNjZXNzZnVsbHkgY29tcGxldGVkLiIsCiAgImRhdGEiOiB7CiAgICAibWVyY2hhbnRJZCI6ICJGS1JUIiwKICAgICJtZXJjaGFudFRyYW5zYWN0aW9uSWQiOiAiTVQ3ODUwNTkwMDY4MTg4MTA0IiwKICAgICJ0cmFuc2FjdGlvbklkIjogIlQyMTExMjIxNDM3NDU2MTkwMTcwMzc5IiwKICAgICJhbW91bnQiOiAxMDAsCiAgICAic3RhdGUiOiAiQ09NUExFVEVEIiwKICAgICJyZXNwb25zZUNvZGUiOiAiU1VDQ0VTUyIsCiAgICAicGF5bWVudEluc3RydW1lbnQiOiB7CiAgICAgICJ0eXBlIjogIlVQSSIsCiAgICAgICJ1dHIiOiAiMjA2Mzc4ODY2MTEyIgogICAgfQogIH0KfQ==";
    /// PhonePe's documented failed-payment callback (callback-verification samples).
    const DOC_FAILURE: &str = "eyJzdWNjZXNzIjpmYWxzZSwiY29kZSI6IlBBWU1FTlRfRVJST1IiLCJtZXNzYWdlIjoiUGF5bWVudCBGYWlsZWQiLCJkYXRhIjp7Im1lcmNoYW50SWQiOiJtZXJjaGFudElkIiwibWVyY2hhbnRUcmFuc2FjdGlvbklkIjoibWVyY2hhbnRUcmFuc2FjdGlvbklkIiwidHJhbnNhY3Rpb25JZCI6IkZUWDIzMDYwMTE1NDMxOTU3MTYzMjM5IiwiYW1vdW50IjoxMDAsInN0YXRlIjoiRkFJTEVEIiwicmVzcG9uc2VDb2RlIjoiUkVRVUVTVF9ERUNMSU5FX0JZX1JFUVVFU1RFRSIsInBheW1lbnRJbnN0cnVtZW50IjpudWxsfX0=";

    /// The checksum by an independent expression: sha2 directly, hex by `format!`.
    fn sign(response: &str, salt: &str, index: &str) -> String {
        let digest = Sha256::digest(format!("{response}{salt}").as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("{hex}###{index}")
    }

    fn callback(response: &str, x_verify: Option<String>, secret: &str) -> IncomingWebhook {
        let mut headers = vec![ResponseHeader { name: "content-type".into(), value: "application/json".into() }];
        if let Some(v) = x_verify {
            headers.push(ResponseHeader { name: "x-verify".into(), value: v });
        }
        IncomingWebhook { headers, body: format!(r#"{{"response":"{response}"}}"#), secret: Secret::new(secret), url: None }
    }

    fn signed(response: &str) -> IncomingWebhook {
        callback(response, Some(sign(response, SALT_KEY, "1")), SALT_KEY)
    }

    #[test]
    fn documented_success_callback_is_a_charged_payment() {
        let r = parse_webhook(&signed(DOC_SUCCESS)).unwrap();
        assert!(r.verified);
        assert_eq!(r.acknowledgement.status, 200);
        let [e] = r.events.as_slice() else { panic!("one event") };
        assert_eq!(e.kind, WebhookEventKind::Payment);
        assert_eq!(e.event_type, "PAYMENT_SUCCESS");
        assert_eq!(e.connector_transaction_id.as_deref(), Some("MT7850590068188104"));
        assert_eq!(e.payment_status, Some(PaymentStatus::Charged));
        assert_eq!(e.amount.as_ref().map(|m| (m.minor_amount, m.currency.as_str())), Some((100, "INR")));
        assert!(e.error.is_none() && e.refund_status.is_none());
    }

    #[test]
    fn documented_failure_callback_is_a_failed_payment() {
        let r = parse_webhook(&signed(DOC_FAILURE)).unwrap();
        let [e] = r.events.as_slice() else { panic!("one event") };
        assert_eq!(e.kind, WebhookEventKind::Payment);
        assert_eq!(e.payment_status, Some(PaymentStatus::Failure));
        let err = e.error.as_ref().unwrap();
        assert_eq!((err.code, err.decline_code.as_deref()), (U::AuthenticationFailed, Some("REQUEST_DECLINE_BY_REQUESTEE")));
    }

    #[test]
    fn a_refund_status_payload_is_a_refund_event() {
        let json = r#"{"success":true,"code":"PAYMENT_SUCCESS","message":"Your request has been successfully completed.","data":{"merchantId":"PGTESTPAYUAT","merchantTransactionId":"ROD620471739210623","transactionId":"TR620471739210623","amount":1000,"state":"COMPLETED","responseCode":"SUCCESS"}}"#;
        let r = parse_webhook(&signed(&base64_encode(json.as_bytes()))).unwrap();
        let [e] = r.events.as_slice() else { panic!("one event") };
        assert_eq!(e.kind, WebhookEventKind::Refund);
        assert_eq!(e.connector_refund_id.as_deref(), Some("ROD620471739210623"));
        assert_eq!(e.refund_status, Some(RefundStatus::Success));
        assert_eq!(e.amount.as_ref().map(|m| m.minor_amount), Some(1000));
        assert!(e.payment_status.is_none() && e.connector_transaction_id.is_none());
    }

    #[test]
    fn bad_signatures_are_unverified_without_quoting_secrets() {
        let good = sign(DOC_SUCCESS, SALT_KEY, "1");
        let altered = DOC_SUCCESS.replacen("ewog", "ewoh", 1);
        let cases = [
            ("wrong salt", callback(DOC_SUCCESS, Some(good.clone()), "another-salt-key")),
            ("altered body", callback(&altered, Some(good.clone()), SALT_KEY)),
            ("no header", callback(DOC_SUCCESS, None, SALT_KEY)),
            ("no index", callback(DOC_SUCCESS, Some(good[..64].to_string()), SALT_KEY)),
            ("short hash", callback(DOC_SUCCESS, Some(format!("{}###1", &good[..10])), SALT_KEY)),
            ("other index", callback(DOC_SUCCESS, Some(sign(DOC_SUCCESS, "salt-of-index-2", "2")), SALT_KEY)),
        ];
        for (name, webhook) in cases {
            let r = parse_webhook(&webhook).unwrap();
            assert!(!r.verified, "{name}");
            assert!(r.events.is_empty(), "{name}");
            assert_eq!(r.acknowledgement.status, 401, "{name}");
            let reason = r.reason.unwrap();
            assert!(!reason.contains(SALT_KEY) && !reason.contains(&good[..64]), "{name}: {reason}");
        }
        // Not JSON at all.
        let mut w = signed(DOC_SUCCESS);
        w.body = "response=abc".into();
        assert!(!parse_webhook(&w).unwrap().verified);
        // Upper-case hex is the same checksum.
        let upper = format!("{}###1", good[..64].to_ascii_uppercase());
        assert!(parse_webhook(&callback(DOC_SUCCESS, Some(upper), SALT_KEY)).unwrap().verified);
    }

    #[test]
    fn signed_but_unreadable_payloads_are_errors() {
        for payload in ["not base64!", &base64_encode(b"not json"), &base64_encode(br#"{"code":"PAYMENT_SUCCESS"}"#)] {
            let e = parse_webhook(&signed(payload)).unwrap_err();
            assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed, "{payload}");
        }
        let e = parse_webhook(&callback(DOC_SUCCESS, Some(sign(DOC_SUCCESS, "", "1")), "")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::MissingRequiredField);
    }
}

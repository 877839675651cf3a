//! Authorize.Net webhooks: verification of `X-ANET-Signature` and the reading of payment events.
//! https://developer.authorize.net/api/reference/features/webhooks.html
//!
//! The header is `sha512=` and the upper-case hex of HMAC-SHA512 over the raw body, keyed with
//! the merchant's Signature Key. The key is the Signature Key's TEXT (the 128 hex characters the
//! Merchant Interface shows, taken as their UTF-8 bytes), NOT hex-decoded. What the sources say
//! (re-checked for this code): Authorize.Net's webhooks page says only that the header is an
//! HMAC-SHA512 of the body under the Signature Key, with no decoding step; on Authorize.Net's
//! developer forum ("HMAC SHA-512 hash not matching in webhook callback") a receiver that
//! hex-decoded the key got a mismatch, and the fix posted there keys the HMAC with
//! `Encoding.UTF8.GetBytes(signatureKey)`; public verifiers that work key it the same way
//! (PHP `hash_hmac('sha512', $body, $signatureKey)`). The hex-decoded key belongs to a different
//! feature: the `transHashSha2` of a transaction response, an HMAC of
//! `^apiLoginId^transId^amount^`, which is not the webhook signature. The hex is compared without
//! regard to case. Authorize.Net signs no timestamp and retries with the same body: deduplicate
//! on `connectorEventId` (`notificationId`).
//!
//! The payload carries `id` (the transId), `responseCode`, `authAmount` and `invoiceNumber`, but
//! no currency, so events carry no `amount`: read it with psync, whose request names the currency.
//! `net.authorize.customer.paymentProfile.created` (payload `{customerProfileId, entityName:
//! customerPaymentProfile, id}`) is a `mandate` event whose `mandateReference` is the id.

use crate::kit::crypto::{constant_time_eq, hex_decode, hmac_sha512};
use crate::protocol::{
    IncomingWebhook, PaymentStatus, RefundStatus, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind,
    WebhookResult,
};
use serde::Deserialize;
use serde_json::Value;

pub const SIGNATURE_HEADER: &str = "X-ANET-Signature";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Notification {
    notification_id: Option<String>,
    event_type: Option<String>,
    event_date: Option<String>,
    payload: Option<Payload>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Payload {
    response_code: Option<Value>,
    entity_name: Option<String>,
    id: Option<String>,
    invoice_number: Option<String>,
}

fn accepted() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: String::new() }
}

/// A refused notification gets a 4xx so that Authorize.Net retries it once our key is fixed.
fn refused() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 401, content_type: "text/plain".into(), body: "invalid signature".into() }
}

#[cfg(test)]
/// The header value Authorize.Net sends for `body` under `signature_key`.
pub fn signature(signature_key: &str, body: &str) -> String {
    format!("sha512={}", crate::kit::crypto::hex(&hmac_sha512(signature_key.trim().as_bytes(), body.as_bytes())).to_ascii_uppercase())
}

pub fn parse(webhook: &IncomingWebhook) -> Result<WebhookResult, SidecarError> {
    if webhook.secret.expose().trim().is_empty() {
        return Err(SidecarError::missing_field("secret", "the Signature Key from the Merchant Interface"));
    }
    let Some(received) = webhook.header(SIGNATURE_HEADER) else {
        return Ok(WebhookResult::rejected("no X-ANET-Signature header", refused()));
    };
    let received = received.trim();
    let Some(received_hex) = received.get(..7).filter(|p| p.eq_ignore_ascii_case("sha512=")).map(|_| &received[7..]) else {
        return Ok(WebhookResult::rejected("X-ANET-Signature does not start with sha512=", refused()));
    };
    let Some(received_mac) = hex_decode(received_hex) else {
        return Ok(WebhookResult::rejected("X-ANET-Signature is not hex", refused()));
    };
    let expected = hmac_sha512(webhook.secret.expose().trim().as_bytes(), webhook.body.as_bytes());
    if !constant_time_eq(&expected, &received_mac) {
        return Ok(WebhookResult::rejected(
            "X-ANET-Signature does not match the body under this Signature Key",
            refused(),
        ));
    }
    let n: Notification = serde_json::from_str(webhook.body.trim_start_matches('\u{feff}')).map_err(|e| {
        SidecarError::undeserializable(200, &webhook.body, &format!("notification is not JSON at line {} column {}", e.line(), e.column()))
    })?;
    let event_type = n.event_type.clone().unwrap_or_default();
    let mut event = WebhookEvent::new(WebhookEventKind::Other, event_type.clone());
    event.connector_event_id = n.notification_id.clone();
    event.occurred_at = n.event_date.clone();
    if let Some(p) = &n.payload {
        let approved = match p.response_code.as_ref() {
            Some(Value::Number(c)) => c.as_i64().map(|c| c == 1),
            Some(Value::String(c)) => Some(c.trim() == "1"),
            _ => None,
        };
        let is_transaction = p.entity_name.as_deref().map_or(true, |e| e == "transaction");
        let suffix = event_type.strip_prefix("net.authorize.payment.");
        // A card saved as a payment profile (setupMandate, or one made in the Merchant Interface):
        // its id is the mandateReference. Updated / deleted profiles stay `other`: the event
        // kind has no status that could say a mandate is gone.
        if event_type == "net.authorize.customer.paymentProfile.created"
            && p.entity_name.as_deref() == Some("customerPaymentProfile")
        {
            event.kind = WebhookEventKind::Mandate;
            event.mandate_reference = p.id.clone().filter(|i| !i.trim().is_empty());
        }
        match (suffix, is_transaction) {
            (Some("refund.created"), true) => {
                event.kind = WebhookEventKind::Refund;
                event.connector_refund_id = p.id.clone();
                event.refund_status = Some(if approved == Some(false) { RefundStatus::Failure } else { RefundStatus::Pending });
            }
            (Some(s), true) => {
                let status = match s {
                    "authorization.created" => Some(PaymentStatus::Authorized),
                    "authcapture.created" | "capture.created" | "priorAuthCapture.created" => Some(PaymentStatus::Charged),
                    "void.created" => Some(PaymentStatus::Voided),
                    "fraud.held" => Some(PaymentStatus::Pending),
                    "fraud.declined" => Some(PaymentStatus::Failure),
                    // Approved after review: an authorization or a sale, which the event does not
                    // say; psync tells.
                    _ => None,
                };
                event.kind = WebhookEventKind::Payment;
                event.connector_transaction_id = p.id.clone();
                event.merchant_transaction_id = p.invoice_number.clone().filter(|i| !i.is_empty());
                event.payment_status = match (status, approved) {
                    (Some(PaymentStatus::Authorized | PaymentStatus::Charged), Some(false)) => Some(PaymentStatus::Failure),
                    (s, _) => s,
                };
            }
            _ => {}
        }
    }
    Ok(WebhookResult { verified: true, reason: None, events: vec![event], acknowledgement: accepted() })
}

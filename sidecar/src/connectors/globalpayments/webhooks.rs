//! GP API status notifications: GP POSTs the transaction (as `GET /transactions/{id}` answers it)
//! to the `status_url` of the request, with `X-GP-Signature`, the lower-case hex SHA-512 of the
//! raw body followed by the app key (GP's notification docs; the PHP SDK's
//! `GenerationUtils::generateXGPSignature`). The webhook secret is the app key. The signature
//! has no timestamp, so replays cannot be told apart: the events carry GP's status, which
//! reading twice does not change.
//!
//! Only transactions are read: GP's public material (its API reference's notifications, the PHP SDK's
//! `GenerationUtils::generateXGPSignature` and its return_url/status_url examples) documents status
//! notifications of transactions (and hosted payment links), and no notification body for a dispute;
//! a dispute's state is read with dsync (`GET /disputes/{id}`).

use super::mapping::{refund_status, transaction_status};
use super::responses::{money, Transaction};
use crate::kit::crypto::{constant_time_eq, hex};
use crate::kit::text::present_owned;
use crate::protocol::{IncomingWebhook, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind, WebhookResult};
use sha2::{Digest, Sha512};

pub const SIGNATURE_HEADER: &str = "x-gp-signature";

/// The signature GP sends for `body` with `app_key`.
pub fn signature(body: &str, app_key: &str) -> String {
    let mut h = Sha512::new();
    h.update(body.as_bytes());
    h.update(app_key.as_bytes());
    hex(&h.finalize())
}

fn accepted() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: "OK".into() }
}

fn refused() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 403, content_type: "text/plain".into(), body: "webhook signature verification failed".into() }
}

/// `Err(reason)` when the webhook is not to be trusted; the reason never quotes a header value.
fn verify(webhook: &IncomingWebhook) -> Result<(), String> {
    let key = webhook.secret.expose().trim();
    if key.is_empty() {
        return Err("the webhook secret (the app key) is empty".into());
    }
    let Some(given) = webhook.header(SIGNATURE_HEADER).map(str::trim) else {
        return Err("no X-GP-Signature header".into());
    };
    let expected = signature(&webhook.body, key);
    if !constant_time_eq(expected.as_bytes(), given.to_ascii_lowercase().as_bytes()) {
        return Err("the X-GP-Signature does not match the body with this app key (wrong key, or the body was changed)".into());
    }
    Ok(())
}

pub fn parse(webhook: &IncomingWebhook) -> Result<WebhookResult, SidecarError> {
    if let Err(reason) = verify(webhook) {
        return Ok(WebhookResult::rejected(reason, refused()));
    }
    let t: Transaction = serde_json::from_str(&webhook.body).map_err(|e| {
        SidecarError::undeserializable(
            200,
            &webhook.body,
            &format!("the signed body is not a GP API transaction (line {} column {})", e.line(), e.column()),
        )
    })?;
    Ok(WebhookResult { verified: true, reason: None, events: vec![unify(&t)], acknowledgement: accepted() })
}

fn unify(t: &Transaction) -> WebhookEvent {
    let kind_word = present_owned(&t.kind).unwrap_or_default().to_ascii_uppercase();
    let status_word = present_owned(&t.status).unwrap_or_default().to_ascii_uppercase();
    let refund = kind_word == "REFUND";
    let event_type = format!("{}.{}", if kind_word.is_empty() { "TRANSACTION" } else { &kind_word }, status_word);
    let mut out = WebhookEvent::new(if refund { WebhookEventKind::Refund } else { WebhookEventKind::Payment }, event_type);
    out.connector_event_id = t.action.as_ref().and_then(|a| present_owned(&a.id));
    out.amount = money(t.amount.as_deref(), t.currency.as_deref());
    out.occurred_at = t.time_created.as_deref().and_then(crate::kit::time::parse_iso8601_utc).map(crate::kit::time::iso8601_utc);
    if refund {
        out.connector_refund_id = present_owned(&t.id);
        out.connector_transaction_id = present_owned(&t.parent_resource_id);
        out.refund_status = refund_status(&status_word);
    } else {
        out.connector_transaction_id = present_owned(&t.id);
        out.merchant_transaction_id = present_owned(&t.reference);
        out.payment_status = transaction_status(&status_word);
        if status_word == "PENDING" && super::responses::paypal_payer(t).is_some() {
            // PayPal approved by the payer, waiting for the merchant's confirmation (completeAuthorize).
            out.payment_status = Some(crate::protocol::PaymentStatus::AuthenticationSuccessful);
        }
    }
    out
}

//! Mollie's two kinds of webhooks.
//!
//! - Classic webhooks (the payment's `webhookUrl`, https://docs.mollie.com/reference/webhooks): a
//!   form body `id=tr_...` (a payment; refunds and chargebacks also notify with their payment's id)
//!   and NO signature: "the Mollie API will always only send you an ID of the entity that was
//!   updated; you will need to fetch the full entity". Nothing in such a request can be verified,
//!   so parseWebhook answers `verified: false`, no events, and a reason naming the id to fetch
//!   with psync (whose answer comes from Mollie itself over the authenticated API); the
//!   acknowledgement is still 200, so Mollie stops retrying.
//! - Next-gen webhooks (https://docs.mollie.com/reference/webhooks-new, beta): a JSON event
//!   `{resource: "event", id, type, entityId, createdAt, _embedded?, _links}` signed in
//!   `X-Mollie-Signature: sha256=<hex HMAC-SHA256 of the raw body with the webhook's signing
//!   secret>` ("Webhooks: Best practices", How to verify HMAC signature; the PHP SDK's
//!   SignatureValidator). `secret` is that signing secret. Event types (the spec's
//!   `webhook-event-types`): `payment.{paid,authorized,failed,canceled,expired,pending}`,
//!   `capture.{succeeded,failed}`, `refund.{queued,pending,processing,refunded,failed,canceled}`,
//!   `chargeback.{received,reversed}` become payment, refund and dispute events (`entityId` is the
//!   payment, capture, refund or chargeback; `_embedded.entity`, when the webhook sends the full
//!   payload, adds amounts and references); every other type (payment-link.paid, payout.*,
//!   sales-invoice.*, ...) is an `other` event with Mollie's type and the entity's id.

use crate::connectors::Context;
use crate::kit::crypto::{constant_time_eq, hex, hmac_sha256};
use crate::kit::text::present_owned;
use super::mapping::refund_status;
use super::requests::{MERCHANT_REFUND_ID, MERCHANT_TRANSACTION_ID};
use super::responses::{money, Amount};
use crate::protocol::{
    DisputeStatus, IncomingWebhook, PaymentStatus, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind, WebhookResult,
};
use serde::Deserialize;

pub const SIGNATURE_HEADER: &str = "X-Mollie-Signature";

fn accepted() -> WebhookAcknowledgement {
    // Mollie retries until it gets a 2xx; the body is not read.
    WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: "OK".into() }
}

fn refused() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 401, content_type: "text/plain".into(), body: "webhook signature verification failed".into() }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NextGenEvent {
    resource: Option<String>,
    id: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    entity_id: Option<String>,
    created_at: Option<String>,
    #[serde(rename = "_embedded")]
    embedded: Option<Embedded>,
}

/// The full payload ("snapshot") of the entity, when the webhook was set up to send it.
#[derive(Deserialize)]
struct Embedded {
    entity: Option<serde_json::Value>,
}

/// A next-gen event type (the spec's `webhook-event-types`) as a unified event.
fn event_of(kind: &str, entity_id: Option<String>, entity: Option<&serde_json::Value>) -> WebhookEvent {
    let mut e = WebhookEvent::new(WebhookEventKind::Other, kind);
    let (resource, action) = kind.split_once('.').unwrap_or((kind, ""));
    let text = |v: Option<&serde_json::Value>, key: &str| v.and_then(|v| v.get(key)).and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let amount = || entity.and_then(|v| v.get("amount")).and_then(|a| serde_json::from_value::<Amount>(a.clone()).ok()).and_then(|a| money(Some(&a)));
    let merchant_reference = |key: &str| entity.and_then(|v| v.get("metadata")).and_then(|m| text(Some(m), key));
    match resource {
        "payment" => {
            let status = match action {
                "paid" => Some(PaymentStatus::Charged),
                "authorized" => Some(PaymentStatus::Authorized),
                "failed" | "expired" => Some(PaymentStatus::Failure),
                "canceled" => Some(PaymentStatus::Voided),
                "pending" => Some(PaymentStatus::Pending),
                _ => None,
            };
            if let Some(status) = status {
                e.kind = WebhookEventKind::Payment;
                e.payment_status = Some(status);
                e.connector_transaction_id = entity_id.clone();
                e.amount = amount();
                e.merchant_transaction_id = merchant_reference(MERCHANT_TRANSACTION_ID);
                if status == PaymentStatus::Charged {
                    // A paid first payment names the mandate it left.
                    e.mandate_reference = text(entity, "mandateId");
                }
            }
        }
        "capture" => {
            let status = match action {
                "succeeded" => Some(PaymentStatus::Charged),
                "failed" => Some(PaymentStatus::CaptureFailed),
                _ => None,
            };
            if let Some(status) = status {
                e.kind = WebhookEventKind::Payment;
                e.payment_status = Some(status);
                e.connector_transaction_id = text(entity, "paymentId");
                e.connector_event_id = entity_id.clone();
                e.amount = amount();
            }
        }
        "refund" => {
            if let Some(status) = refund_status(action) {
                e.kind = WebhookEventKind::Refund;
                e.refund_status = Some(status);
                e.connector_refund_id = entity_id.clone();
                e.connector_transaction_id = text(entity, "paymentId");
                e.merchant_refund_id = merchant_reference(MERCHANT_REFUND_ID);
                e.amount = amount();
            }
        }
        "chargeback" => {
            // Debited when received; `reversed` gives it back (as Get chargeback's reversedAt says).
            let status = match action {
                "received" => Some(DisputeStatus::Lost),
                "reversed" => Some(DisputeStatus::Won),
                _ => None,
            };
            if let Some(status) = status {
                e.kind = WebhookEventKind::Dispute;
                e.dispute_status = Some(status);
                e.connector_dispute_id = entity_id.clone();
                e.connector_transaction_id = text(entity, "paymentId");
                e.amount = amount();
                e.reason_code = entity.and_then(|v| v.get("reason")).and_then(|r| text(Some(r), "code"));
            }
        }
        _ => {}
    }
    if e.kind == WebhookEventKind::Other {
        e.connector_event_id = entity_id.clone();
    }
    e
}

/// An id as Mollie writes them (`tr_WDqYK6vllg`): a prefix, `_`, letters and digits. Anything else
/// in an unsigned body is not repeated in our answer.
fn mollie_id(text: &str) -> Option<&str> {
    let (prefix, rest) = text.split_once('_')?;
    let ok = (2..=5).contains(&prefix.len())
        && prefix.bytes().all(|b| b.is_ascii_lowercase())
        && (1..=64).contains(&rest.len())
        && rest.bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then_some(text)
}

pub fn parse(webhook: &IncomingWebhook, _ctx: &Context) -> Result<WebhookResult, SidecarError> {
    let Some(signature) = webhook.header(SIGNATURE_HEADER) else {
        return Ok(classic(webhook));
    };
    let secret = webhook.secret.expose().trim();
    if secret.is_empty() {
        return Err(SidecarError::missing_field("secret", "Mollie signs next-gen webhooks with the webhook's signing secret"));
    }
    let given = signature.trim();
    let given = given.strip_prefix("sha256=").unwrap_or(given);
    let expected = hex(&hmac_sha256(secret.as_bytes(), webhook.body.as_bytes()));
    if !constant_time_eq(expected.as_bytes(), given.to_ascii_lowercase().as_bytes()) {
        return Ok(WebhookResult::rejected("the X-Mollie-Signature does not match the body and the signing secret", refused()));
    }
    let event: NextGenEvent = serde_json::from_str(&webhook.body)
        .map_err(|_| SidecarError::undeserializable(200, &webhook.body, "a signed Mollie webhook whose body is not its event JSON"))?;
    if event.resource.as_deref().is_some_and(|r| r != "event") {
        return Err(SidecarError::undeserializable(200, &webhook.body, "a signed Mollie webhook that is not an event object"));
    }
    let kind = present_owned(&event.kind)
        .ok_or_else(|| SidecarError::undeserializable(200, &webhook.body, "Mollie's event has no type"))?;
    let entity = event.embedded.as_ref().and_then(|e| e.entity.as_ref());
    let mut e = event_of(&kind, present_owned(&event.entity_id), entity);
    if e.connector_event_id.is_none() {
        e.connector_event_id = present_owned(&event.id);
    }
    e.occurred_at = present_owned(&event.created_at);
    Ok(WebhookResult { verified: true, reason: None, events: vec![e], acknowledgement: accepted() })
}

/// A classic webhook: only an id, no signature.
fn classic(webhook: &IncomingWebhook) -> WebhookResult {
    let id = crate::kit::form::decode_urlencoded(&webhook.body)
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "id").map(|(_, v)| v))
        .and_then(|v| mollie_id(v.trim()).map(str::to_string));
    let reason = match id {
        Some(id) if id.starts_with("tr_") => format!(
            "Mollie's classic webhooks carry no signature, only an id: nothing in this request can be verified. Fetch payment {id} with psync (connectorTransactionId {id}) and act on that answer"
        ),
        Some(id) => format!(
            "Mollie's classic webhooks carry no signature, only an id: nothing in this request can be verified. Fetch {id} from Mollie's API and act on that answer"
        ),
        None => "Mollie's classic webhooks carry no signature, and this body names no Mollie id (id=tr_...): nothing in it can be verified".into(),
    };
    WebhookResult { verified: false, reason: Some(reason), events: Vec::new(), acknowledgement: accepted() }
}

//! Razorpay webhooks (https://razorpay.com/docs/webhooks/validate-test/): `X-Razorpay-Signature`
//! is "calculated using HMAC with SHA256 algorithm; with your webhook secret set as the key and the
//! webhook request body as the message", in hex, over the raw body exactly as received.
//! `x-razorpay-event-id` names the event (a retry carries the same one: the merchant drops repeats).
//!
//! The body is `{entity: event, account_id, event, contains: [...], payload: {payment: {entity},
//! refund: {entity}, dispute: {entity}}, created_at}` (https://razorpay.com/docs/webhooks/payments/,
//! .../refunds/, .../disputes/): the entities are those the API returns.

use super::mapping::{payment_status, refund_status};
use super::responses::{money, Payment, Refund};
use crate::connectors::Context;
use crate::kit::crypto::{constant_time_eq, hex, hmac_sha256};
use crate::protocol::{
    DisputeStatus, IncomingWebhook, PaymentStatus, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind, WebhookResult,
};
use serde::Deserialize;
use serde_json::Value;

pub const SIGNATURE_HEADER: &str = "X-Razorpay-Signature";
pub const EVENT_ID_HEADER: &str = "x-razorpay-event-id";

#[derive(Deserialize)]
struct RazorpayEvent {
    event: String,
    #[serde(default)]
    payload: Payload,
    created_at: Option<i64>,
}

#[derive(Deserialize, Default)]
struct Payload {
    payment: Option<Wrapped>,
    refund: Option<Wrapped>,
    dispute: Option<Wrapped>,
}

#[derive(Deserialize)]
struct Wrapped {
    #[serde(default)]
    entity: Value,
}

#[derive(Deserialize)]
struct Dispute {
    id: Option<String>,
    payment_id: Option<String>,
    amount: Option<i64>,
    currency: Option<String>,
    reason_code: Option<String>,
    respond_by: Option<i64>,
    status: Option<String>,
}

fn accepted() -> WebhookAcknowledgement {
    // Razorpay counts any 2xx as delivered and retries otherwise.
    WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: "ok".into() }
}

fn refused() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 400, content_type: "text/plain".into(), body: "webhook signature verification failed".into() }
}

/// Err(reason) when the webhook is not to be trusted; the reason never quotes a header value.
fn verify(webhook: &IncomingWebhook) -> Result<(), String> {
    let secret = webhook.secret.expose();
    if secret.is_empty() {
        return Err("the webhook secret is empty".into());
    }
    let Some(signature) = webhook.header(SIGNATURE_HEADER).map(str::trim) else {
        return Err("no X-Razorpay-Signature header".into());
    };
    let expected = hex(&hmac_sha256(secret.as_bytes(), webhook.body.as_bytes()));
    if !constant_time_eq(expected.as_bytes(), signature.to_ascii_lowercase().as_bytes()) {
        return Err("the X-Razorpay-Signature does not match the body with this secret (wrong secret, or the body was changed)".into());
    }
    Ok(())
}

pub fn parse(webhook: &IncomingWebhook, _: &Context) -> Result<WebhookResult, SidecarError> {
    if let Err(reason) = verify(webhook) {
        return Ok(WebhookResult::rejected(reason, refused()));
    }
    let event: RazorpayEvent = serde_json::from_str(&webhook.body).map_err(|e| {
        SidecarError::undeserializable(
            200,
            &webhook.body,
            &format!("the signed body is not a Razorpay event (line {} column {})", e.line(), e.column()),
        )
    })?;
    let event_id = webhook.header(EVENT_ID_HEADER).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    Ok(WebhookResult { verified: true, reason: None, events: vec![unify(event, event_id)?], acknowledgement: accepted() })
}

fn entity<T: serde::de::DeserializeOwned>(name: &str, what: &str, wrapped: Option<Wrapped>) -> Result<T, SidecarError> {
    let value = wrapped.map(|w| w.entity).unwrap_or(Value::Null);
    serde_json::from_value(value)
        .map_err(|_| SidecarError::undeserializable(200, "", &format!("the `{name}` event's payload.{what}.entity is not what Razorpay documents")))
}

fn dispute_status(event: &str, status: Option<&str>) -> Option<DisputeStatus> {
    // The entity's status (the same table as dsync), else what the event's name says.
    if let Some(s) = status.and_then(super::mapping::dispute_status) {
        return Some(s);
    }
    Some(match event {
        "payment.dispute.won" => DisputeStatus::Won,
        "payment.dispute.lost" => DisputeStatus::Lost,
        "payment.dispute.under_review" => DisputeStatus::UnderReview,
        "payment.dispute.created" | "payment.dispute.action_required" => DisputeStatus::NeedsResponse,
        "payment.dispute.closed" => DisputeStatus::Expired,
        _ => return None,
    })
}

fn unify(event: RazorpayEvent, event_id: Option<String>) -> Result<WebhookEvent, SidecarError> {
    let name = event.event.trim().to_string();
    let kind = if name.starts_with("payment.dispute.") {
        WebhookEventKind::Dispute
    } else if name.starts_with("payment.") {
        WebhookEventKind::Payment
    } else if name.starts_with("refund.") {
        WebhookEventKind::Refund
    } else {
        WebhookEventKind::Other
    };
    let mut out = WebhookEvent::new(kind, name.clone());
    out.connector_event_id = event_id;
    out.occurred_at = event.created_at.map(crate::kit::time::iso8601_utc);
    match kind {
        WebhookEventKind::Payment => {
            let p: Payment = entity(&name, "payment", event.payload.payment)?;
            out.connector_transaction_id = p.id.clone();
            out.amount = money(p.amount, p.currency.as_deref());
            let status = p.status.as_deref().and_then(payment_status);
            out.payment_status = status;
            if status == Some(PaymentStatus::Failure) {
                out.error = super::responses::payment_result(&p, PaymentStatus::Failure, 200, None).error;
            }
        }
        WebhookEventKind::Refund => {
            let r: Refund = entity(&name, "refund", event.payload.refund)?;
            out.connector_refund_id = r.id.clone();
            out.connector_transaction_id = r.payment_id.clone();
            out.merchant_refund_id = r.receipt.clone().filter(|s| !s.trim().is_empty());
            out.amount = money(r.amount, r.currency.as_deref());
            out.refund_status = r.status.as_deref().and_then(refund_status);
        }
        WebhookEventKind::Dispute => {
            let d: Dispute = entity(&name, "dispute", event.payload.dispute)?;
            out.connector_dispute_id = d.id.clone();
            out.connector_transaction_id = d.payment_id.clone();
            out.amount = money(d.amount, d.currency.as_deref());
            out.reason_code = d.reason_code.clone();
            out.due_by = d.respond_by.map(crate::kit::time::iso8601_utc);
            out.dispute_status = dispute_status(&name, d.status.as_deref());
        }
        _ => {}
    }
    Ok(out)
}

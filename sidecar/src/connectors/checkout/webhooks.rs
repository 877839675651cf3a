//! Checkout.com webhooks: `Cko-Signature` is the hex HMAC-SHA256 of the raw body with the
//! webhook's secret; the event names the payment, refund or dispute it is about.

use super::mapping::{event_meaning, EventMeaning};
use super::responses::{self, decline_error, lenient_string, money, CheckoutBalances, CheckoutProcessing};
use crate::kit::crypto::{constant_time_eq, hex, hmac_sha256};
use crate::protocol::{
    IncomingWebhook, PaymentStatus, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind, WebhookResult,
};
use serde::Deserialize;

/// The signature header of Checkout.com's webhooks.
pub const SIGNATURE_HEADER: &str = "Cko-Signature";

pub fn parse(webhook: &IncomingWebhook) -> Result<WebhookResult, SidecarError> {
    let secret = webhook.secret.expose();
    if secret.is_empty() {
        return Err(SidecarError::missing_field("secret", "the webhook's signature key (Dashboard > Webhooks) is needed to verify Cko-Signature"));
    }
    let Some(signature) = webhook.header(SIGNATURE_HEADER) else {
        return Ok(WebhookResult::rejected("the request has no Cko-Signature header", rejected_ack()));
    };
    let expected = hex(&hmac_sha256(secret.as_bytes(), webhook.body.as_bytes()));
    let given = signature.trim().to_ascii_lowercase();
    if !constant_time_eq(expected.as_bytes(), given.as_bytes()) {
        return Ok(WebhookResult::rejected(
            "Cko-Signature does not match the HMAC-SHA256 of the body with this secret",
            rejected_ack(),
        ));
    }
    let mut event: CheckoutEvent = serde_json::from_str(&webhook.body).map_err(|e| {
        SidecarError::undeserializable(200, &webhook.body, &format!("unexpected JSON at line {} column {}", e.line(), e.column()))
            .with_field("body")
    })?;
    event.raw_data = serde_json::from_str::<serde_json::Value>(&webhook.body).ok().map(|v| v["data"].clone()).unwrap_or_default();
    Ok(WebhookResult {
        verified: true,
        reason: None,
        events: vec![unified_event(event)],
        acknowledgement: WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: String::new() },
    })
}

/// A webhook that fails verification is answered 401: Checkout.com then retries it (up to eight
/// times), which gives a merchant who set the wrong secret the chance to fix it.
fn rejected_ack() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 401, content_type: "text/plain".into(), body: String::new() }
}

/// A webhook notification: `{id: evt_..., type, created_on, data: {...}}`.
#[derive(Deserialize)]
struct CheckoutEvent {
    id: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    created_on: Option<String>,
    #[serde(default)]
    data: CheckoutEventData,
    /// The same `data`, whole: a dispute's fields are read from it.
    #[serde(skip)]
    raw_data: serde_json::Value,
}

#[derive(Deserialize, Default)]
struct CheckoutEventData {
    /// The payment (`pay_...`); for dispute events the dispute (`dsp_...`).
    id: Option<String>,
    payment_id: Option<String>,
    action_id: Option<String>,
    reference: Option<String>,
    amount: Option<i64>,
    currency: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    response_code: Option<String>,
    response_summary: Option<String>,
    balances: Option<CheckoutBalances>,
    processing: Option<CheckoutProcessing>,
    source: Option<responses::CheckoutResponseSource>,
}

fn unified_event(e: CheckoutEvent) -> WebhookEvent {
    let d = &e.data;
    let meaning = event_meaning(&e.kind);
    let kind = match meaning {
        Some(EventMeaning::Refund(_)) => WebhookEventKind::Refund,
        Some(EventMeaning::Dispute) => WebhookEventKind::Dispute,
        Some(_) => WebhookEventKind::Payment,
        None => WebhookEventKind::Other,
    };
    let mut out = WebhookEvent::new(kind, e.kind.clone());
    out.connector_event_id = e.id.clone();
    out.occurred_at = e.created_on.clone();
    out.amount = money(d.amount, d.currency.as_deref());
    let declined = |what: &str| {
        Some(decline_error(d.response_code.as_deref(), d.response_summary.as_deref(), d.processing.as_ref(), what))
    };
    match meaning {
        Some(EventMeaning::Refund(status)) => {
            out.connector_transaction_id = d.id.clone();
            out.connector_refund_id = d.action_id.clone();
            out.merchant_refund_id = d.reference.clone();
            out.refund_status = Some(status);
            if status == crate::protocol::RefundStatus::Failure {
                out.error = declined("Checkout.com declined the refund");
            }
        }
        Some(EventMeaning::Dispute) => {
            super::disputes::fill_dispute_event(&mut out, &e.kind, &e.raw_data);
            if out.connector_transaction_id.is_none() {
                out.connector_transaction_id = d.payment_id.clone().or_else(|| d.id.clone().filter(|i| i.starts_with("pay_")));
            }
        }
        Some(m) => {
            out.connector_transaction_id = d.id.clone();
            out.merchant_transaction_id = d.reference.clone();
            let status = match m {
                EventMeaning::Payment(s) => s,
                EventMeaning::Approved => PaymentStatus::Authorized,
                EventMeaning::Captured => match d.balances {
                    Some(CheckoutBalances { total_authorized: Some(a), total_captured: Some(c), .. }) if c < a => {
                        PaymentStatus::PartialCharged
                    }
                    _ => PaymentStatus::Charged,
                },
                EventMeaning::Refund(_) | EventMeaning::Dispute => unreachable!("matched above"),
            };
            out.payment_status = Some(status);
            if e.kind == "card_verified" {
                out.mandate_reference = d.source.as_ref().and_then(|s| s.id.clone());
            }
            out.error = match status {
                PaymentStatus::Failure => declined("Checkout.com declined the payment"),
                PaymentStatus::CaptureFailed => declined("Checkout.com declined the capture"),
                PaymentStatus::VoidFailed => declined("Checkout.com declined the void"),
                PaymentStatus::AuthenticationFailed => declined("3-D Secure authentication failed"),
                _ => None,
            };
        }
        None => {
            out.connector_transaction_id = d.id.clone().filter(|i| i.starts_with("pay_"));
        }
    }
    out
}

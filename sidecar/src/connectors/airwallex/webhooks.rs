//! Airwallex webhooks (https://www.airwallex.com/docs/developer-tools/webhooks/listen-for-webhook-events):
//! each notification carries `x-timestamp` (the send time, Unix milliseconds) and `x-signature`,
//! the HMAC-SHA256 in hex, keyed with the endpoint's secret, of the timestamp followed by the raw
//! body. A timestamp older than the tolerance is refused (replay protection).
//!
//! The body is `{id, name, account_id, data: {object}, created_at}`
//! (https://www.airwallex.com/docs/developer-tools/webhooks/payload-examples/online-payments):
//! `payment_intent.*` carries the PaymentIntent (as Retrieve returns it), `refund.*` the Refund.

use super::mapping::{intent_status, refund_status};
use super::responses::{merchant_refund_id, money, PaymentIntent, Refund};
use crate::kit::crypto::{constant_time_eq, hex, hmac_sha256};
use crate::protocol::{
    IncomingWebhook, Options, PaymentStatus, RefundStatus, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind,
    WebhookResult,
};
use serde::Deserialize;
use serde_json::Value;

pub const TIMESTAMP_HEADER: &str = "x-timestamp";
pub const SIGNATURE_HEADER: &str = "x-signature";

#[derive(Deserialize)]
struct AirwallexEvent {
    id: Option<String>,
    name: String,
    #[serde(default)]
    data: EventData,
    created_at: Option<String>,
}

#[derive(Deserialize, Default)]
struct EventData {
    #[serde(default)]
    object: Value,
}

fn accepted() -> WebhookAcknowledgement {
    // Airwallex retries until it gets a 200.
    WebhookAcknowledgement { status: 200, content_type: "application/json".into(), body: r#"{"received":true}"#.into() }
}

fn refused() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 400, content_type: "text/plain".into(), body: "webhook signature verification failed".into() }
}

/// `Ok(Err(reason))` when the webhook is not to be trusted; the reason never quotes a header value.
fn verify(webhook: &IncomingWebhook, options: &Options) -> Result<Result<(), String>, SidecarError> {
    let secret = webhook.secret.expose();
    if secret.is_empty() {
        return Ok(Err("the webhook secret is empty".into()));
    }
    let Some(timestamp) = webhook.header(TIMESTAMP_HEADER).map(str::trim) else {
        return Ok(Err("no x-timestamp header".into()));
    };
    let Some(signature) = webhook.header(SIGNATURE_HEADER).map(str::trim) else {
        return Ok(Err("no x-signature header".into()));
    };
    let Ok(millis) = timestamp.parse::<i64>() else {
        return Ok(Err("the x-timestamp header is not a whole number of milliseconds".into()));
    };
    let signed = format!("{timestamp}{}", webhook.body);
    let expected = hex(&hmac_sha256(secret.as_bytes(), signed.as_bytes()));
    if !constant_time_eq(expected.as_bytes(), signature.to_ascii_lowercase().as_bytes()) {
        return Ok(Err("the x-signature does not match the body with this secret (wrong secret, or the body was changed)".into()));
    }
    let tolerance = options.webhook_tolerance() as i64;
    let age = crate::kit::time::now_unix(options)? - millis.div_euclid(1000);
    if age > tolerance {
        return Ok(Err(format!("the signature is {age} seconds old, more than the tolerance of {tolerance} seconds (a replayed webhook?)")));
    }
    if age < -tolerance {
        return Ok(Err(format!("the x-timestamp is {} seconds in the future, more than the tolerance of {tolerance} seconds", -age)));
    }
    Ok(Ok(()))
}

pub fn parse(webhook: &IncomingWebhook, options: &Options) -> Result<WebhookResult, SidecarError> {
    if let Err(reason) = verify(webhook, options)? {
        return Ok(WebhookResult::rejected(reason, refused()));
    }
    let event: AirwallexEvent = serde_json::from_str(&webhook.body).map_err(|e| {
        SidecarError::undeserializable(
            200,
            &webhook.body,
            &format!("the signed body is not an Airwallex event (line {} column {})", e.line(), e.column()),
        )
    })?;
    Ok(WebhookResult { verified: true, reason: None, events: vec![unify(event)?], acknowledgement: accepted() })
}

fn object<T: serde::de::DeserializeOwned>(name: &str, value: Value) -> Result<T, SidecarError> {
    serde_json::from_value(value)
        .map_err(|_| SidecarError::undeserializable(200, "", &format!("the `{name}` event's data.object is not what Airwallex documents")))
}

fn unify(event: AirwallexEvent) -> Result<WebhookEvent, SidecarError> {
    let name = event.name.trim().to_string();
    let kind = if name.starts_with("payment_intent.") {
        WebhookEventKind::Payment
    } else if name.starts_with("refund.") {
        WebhookEventKind::Refund
    } else if name.starts_with("payment_dispute.") {
        WebhookEventKind::Dispute
    } else if name.starts_with("payment_consent.") {
        WebhookEventKind::Mandate
    } else {
        WebhookEventKind::Other
    };
    let mut out = WebhookEvent::new(kind, name.clone());
    out.connector_event_id = event.id.clone();
    out.occurred_at = event.created_at.as_deref().and_then(super::responses::parse_airwallex_time).map(crate::kit::time::iso8601_utc);
    match kind {
        WebhookEventKind::Payment => {
            let pi: PaymentIntent = object(&name, event.data.object)?;
            out.connector_transaction_id = pi.id.clone();
            out.merchant_transaction_id = pi.merchant_order_id.clone();
            out.amount = money(pi.amount.as_deref(), pi.currency.as_deref());
            let status = pi.status.as_deref().and_then(intent_status);
            out.payment_status = match (name.as_str(), status) {
                // The intent goes back to REQUIRES_PAYMENT_METHOD when an attempt fails.
                ("payment_intent.requires_payment_method", Some(PaymentStatus::Started)) if pi.latest_payment_attempt.is_some() => {
                    Some(PaymentStatus::Failure)
                }
                (_, Some(PaymentStatus::Charged)) => {
                    let captured = money(pi.captured_amount.as_deref(), pi.currency.as_deref());
                    match (&out.amount, captured) {
                        (Some(a), Some(c)) if c.minor_amount > 0 && c.minor_amount < a.minor_amount => Some(PaymentStatus::PartialCharged),
                        _ => Some(PaymentStatus::Charged),
                    }
                }
                (_, s) => s,
            };
        }
        WebhookEventKind::Refund => {
            let refund: Refund = object(&name, event.data.object)?;
            out.connector_refund_id = refund.id.clone();
            out.connector_transaction_id = refund.payment_intent_id.clone();
            out.merchant_refund_id = merchant_refund_id(&refund);
            out.amount = money(refund.amount.as_deref(), refund.currency.as_deref());
            out.refund_status = refund.status.as_deref().and_then(refund_status).or(match name.as_str() {
                "refund.settled" => Some(RefundStatus::Success),
                "refund.failed" => Some(RefundStatus::Failure),
                "refund.received" | "refund.accepted" => Some(RefundStatus::Pending),
                _ => None,
            });
        }
        WebhookEventKind::Dispute => super::disputes::fill_dispute_event(&mut out, &name, &event.data.object),
        _ => {}
    }
    Ok(out)
}

//! Stripe webhooks (https://docs.stripe.com/webhooks#verify-manually): the `Stripe-Signature`
//! header is `t=<unix seconds>,v1=<hex>[,v1=<hex>...]` (several `v1` while a secret is rolled;
//! `v0` and other schemes are ignored), each `v1` an HMAC-SHA256 keyed with the endpoint's signing
//! secret (`whsec_...`, used as is) over `<t>.<raw body>`. A timestamp older than the tolerance
//! is refused (replay protection). Events are read from the 2023-08-16 event list.

use super::mapping::{error_info, refund_failure, refund_status, setup_status};
use super::responses::{
    intent_status, iso_money, saved_payment_method, StripeError, StripeExpandable, StripeObjectId, StripePaymentIntent,
    StripeRefund, StripeSetupIntent,
};
use crate::kit::crypto::{constant_time_eq, hex, hmac_sha256};
use crate::protocol::{
    IncomingWebhook, Options, PaymentStatus, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind,
    WebhookResult,
};
use serde::Deserialize;
use serde_json::Value;

pub const SIGNATURE_HEADER: &str = "Stripe-Signature";

#[derive(Deserialize)]
struct StripeEvent {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    created: Option<i64>,
    data: StripeEventData,
}

#[derive(Deserialize)]
struct StripeEventData {
    object: Value,
}

/// `charge.refunded` carries the Charge; since API 2022-11-15 its `refunds` list is only there
/// when expanded.
#[derive(Deserialize)]
struct StripeCharge {
    payment_intent: Option<StripeExpandable<StripeObjectId>>,
    refunds: Option<StripeList<StripeRefund>>,
}

#[derive(Deserialize)]
struct StripeList<T> {
    data: Vec<T>,
}

fn accepted() -> WebhookAcknowledgement {
    // Stripe only looks at the 2xx; its examples answer {"received": true}.
    WebhookAcknowledgement { status: 200, content_type: "application/json".into(), body: r#"{"received":true}"#.into() }
}

fn refused() -> WebhookAcknowledgement {
    // Stripe's guidance: answer 400 to a request that fails verification (Stripe retries it).
    WebhookAcknowledgement {
        status: 400,
        content_type: "text/plain".into(),
        body: "webhook signature verification failed".into(),
    }
}

/// The parts of a `Stripe-Signature` header we use: the timestamp and every `v1` signature.
struct SignatureHeader<'a> {
    timestamp: i64,
    v1: Vec<&'a str>,
}

/// Reads the header; the reason for a refusal never quotes the header's values.
fn parse_header(value: &str) -> Result<SignatureHeader<'_>, String> {
    let mut timestamp = None;
    let mut v1 = Vec::new();
    for part in value.split(',') {
        let Some((key, val)) = part.split_once('=') else { continue };
        match key.trim() {
            "t" => {
                if timestamp.is_some() {
                    return Err("the Stripe-Signature header has more than one timestamp".into());
                }
                timestamp = Some(
                    val.trim()
                        .parse::<i64>()
                        .map_err(|_| "the Stripe-Signature timestamp is not a whole number of seconds".to_string())?,
                );
            }
            "v1" => v1.push(val.trim()),
            _ => {} // v0 (test-mode legacy) and future schemes are not ours to check
        }
    }
    let timestamp = timestamp.ok_or("the Stripe-Signature header has no timestamp (t=)")?;
    if v1.is_empty() {
        return Err("the Stripe-Signature header has no v1 signature".into());
    }
    Ok(SignatureHeader { timestamp, v1 })
}

/// `Ok(Err(reason))` when the webhook is not to be trusted; `Err` only for our caller's mistakes
/// (an unreadable `options.now`).
fn verify(webhook: &IncomingWebhook, options: &Options) -> Result<Result<(), String>, SidecarError> {
    let secret = webhook.secret.expose();
    if secret.is_empty() {
        return Ok(Err("the webhook signing secret is empty".into()));
    }
    let Some(value) = webhook.header(SIGNATURE_HEADER) else {
        return Ok(Err("no Stripe-Signature header".into()));
    };
    let header = match parse_header(value) {
        Ok(h) => h,
        Err(reason) => return Ok(Err(reason)),
    };
    let signed = format!("{}.{}", header.timestamp, webhook.body);
    let expected = hex(&hmac_sha256(secret.as_bytes(), signed.as_bytes()));
    // Every candidate is compared (no early exit), each in constant time.
    let matched = header.v1.iter().fold(false, |any, sig| constant_time_eq(expected.as_bytes(), sig.as_bytes()) | any);
    if !matched {
        return Ok(Err(
            "no v1 signature matches the body with this secret (wrong secret, or the body was changed)".into(),
        ));
    }
    let tolerance = options.webhook_tolerance();
    let age = crate::kit::time::now_unix(options)? - header.timestamp;
    if age > tolerance as i64 {
        return Ok(Err(format!(
            "the signature is {age} seconds old, more than the tolerance of {tolerance} seconds (a replayed webhook?)"
        )));
    }
    Ok(Ok(()))
}

pub fn parse_webhook(webhook: &IncomingWebhook, options: &Options) -> Result<WebhookResult, SidecarError> {
    if let Err(reason) = verify(webhook, options)? {
        return Ok(WebhookResult::rejected(reason, refused()));
    }
    let event: StripeEvent = serde_json::from_str(&webhook.body).map_err(|e| {
        SidecarError::undeserializable(
            200,
            &webhook.body,
            &format!("the signed body is not a Stripe event (line {} column {})", e.line(), e.column()),
        )
    })?;
    let unified = unify(event)?;
    Ok(WebhookResult { verified: true, reason: None, events: vec![unified], acknowledgement: accepted() })
}

fn object<T: serde::de::DeserializeOwned>(event_type: &str, value: Value) -> Result<T, SidecarError> {
    serde_json::from_value(value).map_err(|e| {
        SidecarError::undeserializable(200, "", &format!("the `{event_type}` event's data.object is not what Stripe documents: {e}"))
    })
}

fn metadata_id(metadata: &std::collections::BTreeMap<String, String>, key: &str) -> Option<String> {
    metadata.get(key).cloned()
}

fn unify(event: StripeEvent) -> Result<WebhookEvent, SidecarError> {
    let t = event.kind.as_str();
    let kind = match t {
        _ if t.starts_with("payment_intent.") => WebhookEventKind::Payment,
        _ if t.starts_with("refund.") || t == "charge.refund.updated" || t == "charge.refunded" => WebhookEventKind::Refund,
        _ if t.starts_with("setup_intent.") => WebhookEventKind::Mandate,
        _ if t.starts_with("charge.dispute.") => WebhookEventKind::Dispute,
        _ => WebhookEventKind::Other,
    };
    let mut out = WebhookEvent::new(kind, t);
    out.connector_event_id = Some(event.id.clone());
    out.occurred_at = event.created.map(crate::kit::time::iso8601_utc);
    let data = event.data.object;
    match kind {
        WebhookEventKind::Payment => {
            let pi: StripePaymentIntent = object(t, data)?;
            let status = match t {
                // customer_balance bank transfers: money arrived, not all of it yet
                "payment_intent.partially_funded" => PaymentStatus::Pending,
                "payment_intent.payment_failed" => PaymentStatus::Failure,
                _ => intent_status(&pi),
            };
            let amount = match t {
                "payment_intent.amount_capturable_updated" => pi.amount_capturable,
                "payment_intent.succeeded" => pi.amount_received,
                _ => pi.amount,
            };
            out.amount = amount.zip(pi.currency.as_deref()).and_then(|(a, c)| iso_money(a, c));
            out.payment_status = Some(status);
            out.mandate_reference = saved_payment_method(&pi, status);
            out.error = pi.last_payment_error.as_ref().filter(|_| status == PaymentStatus::Failure).map(|e| error_info(e, 402));
            out.merchant_transaction_id = metadata_id(&pi.metadata, "merchant_transaction_id");
            out.connector_transaction_id = Some(pi.id);
        }
        WebhookEventKind::Refund if t == "charge.refunded" => {
            let charge: StripeCharge = object(t, data)?;
            out.connector_transaction_id = charge.payment_intent.as_ref().map(|p| p.id().to_string());
            // Only an expanded list names the refund; without it use refund.* events or rsync.
            if let Some(refund) = charge.refunds.and_then(|l| l.data.into_iter().next()) {
                fill_refund(&mut out, &refund);
            }
        }
        WebhookEventKind::Refund => {
            let refund: StripeRefund = object(t, data)?;
            fill_refund(&mut out, &refund);
        }
        WebhookEventKind::Mandate => {
            let si: StripeSetupIntent = object(t, data)?;
            let status = match t {
                "setup_intent.setup_failed" => PaymentStatus::Failure,
                _ => setup_status(&si.status, si.last_setup_error.is_some()),
            };
            out.payment_status = Some(status);
            if status == PaymentStatus::Charged {
                out.mandate_reference = si.payment_method.as_ref().map(|p| p.id().to_string());
            }
            out.error = si.last_setup_error.as_ref().filter(|_| status == PaymentStatus::Failure).map(|e: &StripeError| error_info(e, 402));
            out.merchant_transaction_id = metadata_id(&si.metadata, "merchant_transaction_id");
            out.connector_transaction_id = Some(si.id);
        }
        WebhookEventKind::Dispute => {
            let dispute: super::disputes::StripeDispute = object(t, data)?;
            super::disputes::fill_dispute_event(&mut out, &dispute);
        }
        WebhookEventKind::Other => {}
    }
    Ok(out)
}

fn fill_refund(out: &mut WebhookEvent, refund: &StripeRefund) {
    let status = refund_status(refund.status.as_deref().unwrap_or("pending"));
    out.refund_status = Some(status);
    out.connector_refund_id = Some(refund.id.clone());
    out.merchant_refund_id = metadata_id(&refund.metadata, "merchant_refund_id");
    if out.connector_transaction_id.is_none() {
        out.connector_transaction_id = refund.payment_intent.as_ref().map(|p| p.id().to_string());
    }
    out.amount = iso_money(refund.amount, &refund.currency);
    if status == crate::protocol::RefundStatus::Failure {
        out.error = Some(refund_failure(refund.failure_reason.as_deref()));
    }
}

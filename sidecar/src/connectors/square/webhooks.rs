//! Square webhooks: verification of `x-square-hmacsha256-signature` and the reading of payment,
//! refund, card and dispute events. https://developer.squareup.com/docs/webhooks/step3validate
//!
//! The signature is base64(HMAC-SHA256(signature key, notification URL + raw body)): the URL the
//! subscription was registered with is part of what is signed, so the caller passes it
//! (`ParseWebhookParams.url`). Square signs no timestamp and retries a notification for up to 24
//! hours with the same body, so there is no replay window to enforce here: deduplicate on
//! `connectorEventId` (Square's `event_id`).

use super::mapping::{payment_status, refund_status};
use super::responses::{error_info, SquarePayment, SquarePaymentRefund};
use crate::kit::crypto::{base64_encode, constant_time_eq, hmac_sha256};
use crate::protocol::{
    IncomingWebhook, PaymentStatus, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind,
    WebhookResult,
};
use serde::Deserialize;

pub const SIGNATURE_HEADER: &str = "x-square-hmacsha256-signature";
/// The HMAC-SHA1 header of Square's first webhook version, which this connector does not accept.
const LEGACY_SIGNATURE_HEADER: &str = "x-square-signature";

#[derive(Debug, Deserialize)]
struct SquareEvent {
    #[serde(rename = "type")]
    kind: Option<String>,
    event_id: Option<String>,
    created_at: Option<String>,
    data: Option<SquareEventData>,
}

#[derive(Debug, Deserialize)]
struct SquareEventData {
    id: Option<String>,
    object: Option<SquareEventObject>,
}

#[derive(Debug, Deserialize)]
struct SquareEventObject {
    payment: Option<SquarePayment>,
    refund: Option<SquarePaymentRefund>,
    dispute: Option<super::disputes::SquareDispute>,
}

/// Square wants a 2xx within 10 seconds; anything else is retried.
fn accepted() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: String::new() }
}

/// A refused notification gets a 4xx, so that Square retries it: a genuine event refused because
/// of a wrong signature key or URL on our side is not lost once the configuration is fixed.
fn refused() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 401, content_type: "text/plain".into(), body: "invalid signature".into() }
}

/// base64(HMAC-SHA256(key, url + body)), as Square computes it.
pub fn signature(key: &str, url: &str, body: &str) -> String {
    let mut signed = String::with_capacity(url.len() + body.len());
    signed.push_str(url);
    signed.push_str(body);
    base64_encode(&hmac_sha256(key.as_bytes(), signed.as_bytes()))
}

pub fn parse(webhook: &IncomingWebhook) -> Result<WebhookResult, SidecarError> {
    let url = webhook.url.as_deref().map(str::trim).filter(|u| !u.is_empty()).ok_or_else(|| {
        SidecarError::missing_field(
            "url",
            "Square signs the notification URL together with the body: pass the URL exactly as registered \
             in the webhook subscription",
        )
    })?;
    let Some(received) = webhook.header(SIGNATURE_HEADER) else {
        let why = if webhook.header(LEGACY_SIGNATURE_HEADER).is_some() {
            "only the legacy x-square-signature (HMAC-SHA1) header is present; Square's current webhooks carry x-square-hmacsha256-signature"
        } else {
            "no x-square-hmacsha256-signature header"
        };
        return Ok(WebhookResult::rejected(why, refused()));
    };
    let expected = signature(webhook.secret.expose(), url, &webhook.body);
    if !constant_time_eq(expected.as_bytes(), received.trim().as_bytes()) {
        return Ok(WebhookResult::rejected(
            "the x-square-hmacsha256-signature does not match: check the signature key and that `url` is exactly the \
             subscription's notification URL (scheme, host, path and query)",
            refused(),
        ));
    }
    let event: SquareEvent = serde_json::from_str(&webhook.body).map_err(|e| {
        SidecarError::invalid_field(
            "body",
            format!("the signature is valid but the body is not a Square event (JSON error at line {} column {})", e.line(), e.column()),
        )
    })?;
    Ok(WebhookResult { verified: true, reason: None, events: vec![unified(event)], acknowledgement: accepted() })
}

fn unified(event: SquareEvent) -> WebhookEvent {
    let event_type = event.kind.clone().unwrap_or_default();
    let (data_id, object) = match event.data {
        Some(d) => (d.id.filter(|s| !s.is_empty()), d.object),
        None => (None, None),
    };
    let family = event_type.split('.').next().unwrap_or("");
    let mut out = match family {
        "payment" => {
            let mut e = WebhookEvent::new(WebhookEventKind::Payment, &event_type);
            e.connector_transaction_id = data_id.clone();
            if let Some(p) = object.and_then(|o| o.payment) {
                let status = payment_status(p.status.as_deref());
                e.payment_status = Some(status);
                e.connector_transaction_id = p.id.clone().filter(|s| !s.is_empty()).or(data_id);
                e.merchant_transaction_id = p.reference_id.clone().filter(|s| !s.is_empty());
                e.amount = p.total_money.as_ref().or(p.amount_money.as_ref()).and_then(|m| m.to_unified());
                if status == PaymentStatus::Failure {
                    let errors = p.card_details.as_ref().map(|c| c.errors.clone()).unwrap_or_default();
                    e.error = Some(error_info(200, &errors, "take the payment"));
                }
            }
            e
        }
        "refund" => {
            let mut e = WebhookEvent::new(WebhookEventKind::Refund, &event_type);
            e.connector_refund_id = data_id.clone();
            if let Some(r) = object.and_then(|o| o.refund) {
                e.refund_status = Some(refund_status(r.status.as_deref()));
                e.connector_refund_id = r.id.clone().filter(|s| !s.is_empty()).or(data_id);
                e.connector_transaction_id = r.payment_id.clone().filter(|s| !s.is_empty());
                e.amount = r.amount_money.as_ref().and_then(|m| m.to_unified());
            }
            e
        }
        // card.created / updated / disabled / forgotten / automatically_updated: a card on file
        // (the mandate) changed.
        "card" => {
            let mut e = WebhookEvent::new(WebhookEventKind::Mandate, &event_type);
            e.mandate_reference = data_id;
            e
        }
        "dispute" => {
            let mut e = WebhookEvent::new(WebhookEventKind::Dispute, &event_type);
            e.connector_dispute_id = data_id;
            // Every dispute event (dispute.created, dispute.state.updated, the older
            // dispute.state.changed, dispute.evidence.*) carries the Dispute in data.object;
            // data.id is "ID of the affected dispute".
            if let Some(d) = object.and_then(|o| o.dispute) {
                super::disputes::fill_event(&mut e, &d);
            }
            e
        }
        _ => WebhookEvent::new(WebhookEventKind::Other, &event_type),
    };
    out.connector_event_id = event.event_id.filter(|s| !s.is_empty());
    out.occurred_at = event.created_at.filter(|s| !s.is_empty());
    out
}

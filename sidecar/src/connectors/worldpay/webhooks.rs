//! Worldpay's Events webhooks (https://docs.worldpay.com/access/products/events, body as
//! oracles/worldpay/events-openapi.yaml describes it: `{eventId, eventTimestamp, eventDetails:
//! {classification, transactionReference, type, amount: {value, currencyCode}, _links: {payment}}}`).
//!
//! Signature (https://docs.worldpay.com/access/products/events/signature): once the merchant asks
//! its Implementation Manager for it, each event carries `Event-Signature:
//! {keyId}/{hashFunction}/{signature}` (several comma-separated during a key rotation), where the
//! signature is the HMAC of the raw body with the shared secret, hash function `SHA256`, in hex.
//! A body with no matching signature is refused with 400, as the docs say to answer. The
//! signature covers the body only (no timestamp), so there is no replay window to check; an event
//! replayed is the same event (`eventId`), which a merchant handles idempotently.

use super::mapping::{PAYMENT_EVENTS, REFUND_WEBHOOK_EVENTS};
use super::responses::link_data;
use crate::kit::crypto::{constant_time_eq, hex, hmac_sha256};
use crate::kit::money::iso_exponent;
use crate::kit::text::present_owned;
use crate::protocol::{
    DisputeStatus, IncomingWebhook, Money, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind, WebhookResult,
};
use serde::Deserialize;

pub const SIGNATURE_HEADER: &str = "Event-Signature";

/// The Events API's chargeback events (oracles/worldpay/events-openapi.yaml): `chargedBack`
/// (classification payment: "We've received instruction about your charged back request", the
/// money taken back from the merchant) and `informationRequested` (classification chargeback:
/// the issuer asks about the payment and the disputed funds are held until the outcome). Worldpay
/// documents no dispute id, reason code or deadline in them, and no API to answer a dispute: the
/// merchant answers through Worldpay's dashboard.
const DISPUTE_EVENTS: &[(&str, DisputeStatus)] = &[("chargedBack", DisputeStatus::Lost), ("informationRequested", DisputeStatus::NeedsResponse)];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WorldpayEvent {
    event_id: Option<String>,
    event_timestamp: Option<String>,
    event_details: EventDetails,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct EventDetails {
    classification: Option<String>,
    transaction_reference: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    reference: Option<String>,
    amount: Option<EventAmount>,
    #[serde(rename = "_links")]
    links: Option<EventLinks>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct EventAmount {
    value: Option<i64>,
    currency_code: Option<String>,
}

#[derive(Deserialize, Default)]
struct EventLinks {
    payment: Option<super::responses::Link>,
}

fn accepted() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: "OK".into() }
}

fn refused() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 400, content_type: "text/plain".into(), body: "event signature verification failed".into() }
}

/// `Err(reason)` when the webhook is not to be trusted; the reason never quotes a header value.
pub fn verify(webhook: &IncomingWebhook) -> Result<(), String> {
    let secret = webhook.secret.expose();
    if secret.is_empty() {
        return Err("the webhook secret is empty".into());
    }
    let Some(header) = webhook.header(SIGNATURE_HEADER) else {
        return Err("no Event-Signature header".into());
    };
    let expected = hex(&hmac_sha256(secret.as_bytes(), webhook.body.as_bytes()));
    let mut seen = false;
    for part in header.split(',') {
        let mut fields = part.trim().splitn(3, '/');
        let (Some(_key_id), Some(function), Some(signature)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        if !function.eq_ignore_ascii_case("SHA256") {
            continue;
        }
        seen = true;
        if constant_time_eq(expected.as_bytes(), signature.trim().to_ascii_lowercase().as_bytes()) {
            return Ok(());
        }
    }
    if seen {
        Err("no Event-Signature matches the body with this secret (wrong secret, or the body was changed)".into())
    } else {
        Err("the Event-Signature header has no {keyId}/SHA256/{signature} entry".into())
    }
}

pub fn parse(webhook: &IncomingWebhook) -> Result<WebhookResult, SidecarError> {
    if let Err(reason) = verify(webhook) {
        return Ok(WebhookResult::rejected(reason, refused()));
    }
    let event: WorldpayEvent = serde_json::from_str(&webhook.body).map_err(|e| {
        SidecarError::undeserializable(
            200,
            &webhook.body,
            &format!("the signed body is not a Worldpay event (line {} column {})", e.line(), e.column()),
        )
    })?;
    Ok(WebhookResult { verified: true, reason: None, events: vec![unify(event)], acknowledgement: accepted() })
}

fn unify(event: WorldpayEvent) -> WebhookEvent {
    let d = event.event_details;
    let name = d.kind.as_deref().map(str::trim).unwrap_or("").to_string();
    let refund = REFUND_WEBHOOK_EVENTS.iter().find(|(k, _)| *k == name).map(|(_, s)| *s);
    let payment = PAYMENT_EVENTS.iter().find(|(k, _)| *k == name).map(|(_, s)| *s);
    let dispute = DISPUTE_EVENTS.iter().find(|(k, _)| *k == name).map(|(_, s)| *s);
    let kind = match (d.classification.as_deref(), refund, payment) {
        _ if dispute.is_some() => WebhookEventKind::Dispute,
        (Some("payment") | None, Some(_), _) => WebhookEventKind::Refund,
        (Some("payment") | None, None, Some(_)) => WebhookEventKind::Payment,
        (Some("chargeback"), ..) => WebhookEventKind::Dispute,
        _ if name == "tokenCreated" => WebhookEventKind::Mandate,
        _ => WebhookEventKind::Other,
    };
    let mut out = WebhookEvent::new(kind, name);
    out.connector_event_id = present_owned(&event.event_id);
    out.occurred_at = present_owned(&event.event_timestamp);
    out.merchant_transaction_id = present_owned(&d.transaction_reference);
    out.connector_transaction_id =
        d.links.as_ref().and_then(|l| l.payment.as_ref()).and_then(|p| p.href.as_deref()).and_then(link_data);
    out.amount = d.amount.as_ref().and_then(|a| {
        let currency = a.currency_code.as_deref()?.trim().to_ascii_uppercase();
        iso_exponent(&currency)?;
        Some(Money { minor_amount: a.value?, currency })
    });
    match kind {
        WebhookEventKind::Payment => out.payment_status = payment,
        WebhookEventKind::Refund => {
            out.refund_status = refund;
            out.merchant_refund_id = present_owned(&d.reference);
        }
        WebhookEventKind::Dispute => out.dispute_status = dispute,
        _ => {}
    }
    out
}

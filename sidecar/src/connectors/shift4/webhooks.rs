//! Shift4 webhooks. Shift4 does not sign them: its docs say to use only the event id from the
//! request and obtain the event from the API (https://dev.shift4.com/docs/webhooks). So
//! verification is remote and in two steps the caller runs, as for PayPal:
//!
//! 1. the `verifyWebhook` flow: `transformRequest` builds `GET /events/{id}` with the id read from
//!    the body; `transformResponse` compares the event Shift4 answers with the body (its `id`,
//!    `type` and `data`): `{verified, reason?, bodySha256}`;
//! 2. `parseWebhook` with that result as `remoteVerification`: it reads the event only when Shift4
//!    vouched for this very body (`bodySha256`), else `verified: false` and no events.
//!
//! `webhookId` (required by the protocol for remote verification) is not used: Shift4's webhook
//! endpoints have no id of their own.
//!
//! Events: a CHARGE_* event carries the charge, REFUND_UPDATED the refund, CHARGE_DISPUTE_* the
//! dispute, CUSTOMER_CARD_CREATED the saved card; they are read with the API's own tables.

use super::mapping::{event_meaning, refund_status, EventMeaning};
use super::responses::{charge_result, merchant_refund_id, merchant_transaction_id, money, Shift4Charge, Shift4Refund};
use crate::kit::crypto::sha256_hex;
use crate::protocol::{
    HttpResponse, IncomingWebhook, RemoteVerification, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind,
    WebhookResult, WebhookVerificationResult,
};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
struct Shift4Event {
    id: Option<String>,
    created: Option<i64>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    data: Value,
}

fn read_event(body: &str, field: &str) -> Result<Shift4Event, SidecarError> {
    serde_json::from_str(body).map_err(|_| SidecarError::invalid_field(field, "not a Shift4 event (a JSON object with id, type and data)".into()))
}

/// The event id of a webhook body (`evt_...`).
pub fn event_id(body: &str) -> Result<String, SidecarError> {
    let event = read_event(body, "request.body")?;
    let id = event.id.as_deref().map(str::trim).unwrap_or("");
    let ok = id.strip_prefix("evt_").is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !ok {
        return Err(SidecarError::invalid_field("request.body", "the event has no Shift4 event id (evt_...)".into()));
    }
    Ok(id.to_string())
}

pub fn body_sha256(body: &str) -> String {
    sha256_hex(body.as_bytes())
}

/// `GET /events/{id}` → whether Shift4 has this very event: the same id, type and data as the body.
/// A failed call is not a refusal: nothing is known (`verified: false` with the error).
pub fn parse_verification(body: &str, response: &HttpResponse) -> Result<WebhookVerificationResult, SidecarError> {
    let body_sha256 = body_sha256(body);
    if !response.is_success() {
        let e: super::responses::Shift4Error =
            response.json::<super::responses::Shift4ErrorBody>().map(|b| b.error).unwrap_or_default();
        let error = super::responses::error_info(response.status, &e, "Shift4 did not return the event");
        let reason = if response.status == 404 {
            "Shift4 has no event with this id: the webhook did not come from Shift4 (or from another account or mode)".to_string()
        } else {
            format!("the event could not be fetched, so nothing is known of the webhook: {}", error.message)
        };
        return Ok(WebhookVerificationResult { verified: false, reason: Some(reason), body_sha256, error: Some(error), http_status: response.status });
    }
    let fetched: Shift4Event = response.json()?;
    let received = read_event(body, "request.body")?;
    let same = fetched.id.is_some() && fetched.id == received.id && fetched.kind == received.kind && fetched.data == received.data;
    let reason = (!same).then(|| "the event Shift4 returns for this id differs from the body: do not trust the body".to_string());
    Ok(WebhookVerificationResult { verified: same, reason, body_sha256, error: None, http_status: response.status })
}

fn accepted() -> WebhookAcknowledgement {
    // "The returned status code must be a 200."
    WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: String::new() }
}

fn refused() -> WebhookAcknowledgement {
    // Anything but 200 makes Shift4 deliver again, later.
    WebhookAcknowledgement { status: 401, content_type: "text/plain".into(), body: "webhook not verified".into() }
}

/// Reads a webhook Shift4 vouched for (`verification`, from verifyWebhook).
pub fn parse(webhook: &IncomingWebhook, verification: Option<&RemoteVerification>) -> Result<WebhookResult, SidecarError> {
    let Some(v) = verification else {
        return Ok(WebhookResult::rejected(
            "Shift4 does not sign webhooks: run the verifyWebhook flow (GET /events/{id}) with this body, then pass its result to parseWebhook as remoteVerification",
            refused(),
        ));
    };
    if v.body_sha256.as_deref().map(str::to_ascii_lowercase) != Some(body_sha256(&webhook.body)) {
        return Ok(WebhookResult::rejected(
            "remoteVerification is not the verifyWebhook result for this body (its bodySha256 differs): verify this webhook",
            refused(),
        ));
    }
    if !v.verified {
        let why = v.reason.as_deref().unwrap_or("no reason given");
        return Ok(WebhookResult::rejected(format!("Shift4 did not vouch for this webhook: {why}"), refused()));
    }
    let event = read_event(&webhook.body, "body")?;
    let kind = event.kind.clone().filter(|k| !k.is_empty()).ok_or_else(|| SidecarError::missing_field("body", "a Shift4 event names its type"))?;
    let mut out = unified_event(&kind, &event.data);
    out.connector_event_id = event.id.clone();
    out.occurred_at = event.created.map(crate::kit::time::iso8601_utc);
    Ok(WebhookResult { verified: true, reason: None, events: vec![out], acknowledgement: accepted() })
}

fn unified_event(kind: &str, data: &Value) -> WebhookEvent {
    let charge = || serde_json::from_value::<Shift4Charge>(data.clone()).unwrap_or_default();
    match event_meaning(kind) {
        Some(EventMeaning::Charge) => {
            let c = charge();
            let p = charge_result(&c, 200);
            let mut e = WebhookEvent::new(WebhookEventKind::Payment, kind);
            e.payment_status = Some(p.status);
            e.connector_transaction_id = p.connector_transaction_id;
            e.merchant_transaction_id = merchant_transaction_id(&c);
            e.amount = money(c.amount, c.currency.as_deref());
            e.error = p.error;
            e
        }
        Some(EventMeaning::ChargeRefunded) => {
            let c = charge();
            let mut e = WebhookEvent::new(WebhookEventKind::Refund, kind);
            e.connector_transaction_id = c.id.clone();
            e.merchant_transaction_id = merchant_transaction_id(&c);
            // The newest refund is the one the event is about.
            match c.refunds.iter().max_by_key(|r| r.created.unwrap_or(0)) {
                Some(r) => fill_refund(&mut e, r),
                None => {
                    e.refund_status = Some(crate::protocol::RefundStatus::Success);
                    e.amount = money(c.amount_refunded, c.currency.as_deref());
                }
            }
            e
        }
        Some(EventMeaning::Refund) => {
            let r: Shift4Refund = serde_json::from_value(data.clone()).unwrap_or_default();
            let mut e = WebhookEvent::new(WebhookEventKind::Refund, kind);
            e.connector_transaction_id = charge_of(&r);
            fill_refund(&mut e, &r);
            e
        }
        Some(EventMeaning::Dispute) => {
            let mut e = WebhookEvent::new(WebhookEventKind::Dispute, kind);
            // The Dispute object, read as dsync reads it.
            let d: super::disputes::Shift4Dispute = serde_json::from_value(data.clone()).unwrap_or_default();
            let read = super::disputes::dispute_result(&d, 200);
            e.connector_dispute_id = read.connector_dispute_id;
            e.connector_transaction_id = read.connector_transaction_id;
            e.amount = read.amount;
            if d.status.is_some() {
                e.dispute_status = Some(read.status);
            }
            e
        }
        Some(EventMeaning::Card) => {
            let mut e = WebhookEvent::new(WebhookEventKind::Mandate, kind);
            e.mandate_reference = data.get("id").and_then(Value::as_str).map(str::to_string);
            e
        }
        None => {
            let mut e = WebhookEvent::new(WebhookEventKind::Other, kind);
            e.connector_transaction_id =
                data.get("id").and_then(Value::as_str).filter(|id| id.starts_with("char_")).map(str::to_string);
            e
        }
    }
}

fn charge_of(r: &Shift4Refund) -> Option<String> {
    match &r.charge {
        Some(Value::String(id)) => Some(id.clone()),
        Some(c) => c.get("id").and_then(Value::as_str).map(str::to_string),
        None => None,
    }
}

fn fill_refund(e: &mut WebhookEvent, r: &Shift4Refund) {
    e.connector_refund_id = r.id.clone();
    e.merchant_refund_id = merchant_refund_id(r);
    e.refund_status = Some(refund_status(r.status.as_deref()));
    e.amount = money(r.amount, r.currency.as_deref());
}

//! Mercado Pago webhooks ("Notifications > Webhooks", https://www.mercadopago.com.mx/developers/en/docs/checkout-api/notifications):
//! each POST carries `x-signature: ts=<ts>,v1=<hex>` and `x-request-id`. `v1` is the HMAC-SHA256
//! in hex, keyed with the application's webhook secret, of the manifest
//! `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`, where `data.id` is the one of the
//! notification URL's query (`?data.id=...&type=payment`), lower-cased when alphanumeric; a part
//! whose value is absent is left out of the manifest. `ts` older than the tolerance is refused.
//!
//! The body says what changed, not its state: `{id, live_mode, type: "payment", date_created,
//! user_id, api_version, action: "payment.created" | "payment.updated", data: {id}}`. The payment's
//! status is read with psync (GET /v1/payments/{data.id}); refunds arrive as `payment.updated`.

use crate::kit::crypto::{constant_time_eq, hex, hmac_sha256};
use crate::protocol::{
    IncomingWebhook, Options, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind, WebhookResult,
};
use serde::Deserialize;
use serde_json::Value;

pub const SIGNATURE_HEADER: &str = "x-signature";
pub const REQUEST_ID_HEADER: &str = "x-request-id";

#[derive(Deserialize)]
struct Notification {
    id: Option<Value>,
    #[serde(rename = "type")]
    kind: Option<String>,
    action: Option<String>,
    date_created: Option<String>,
    #[serde(default)]
    data: NotificationData,
}

#[derive(Deserialize, Default)]
struct NotificationData {
    id: Option<Value>,
}

fn accepted() -> WebhookAcknowledgement {
    // Mercado Pago retries a notification until it gets a 200 or 201.
    WebhookAcknowledgement { status: 200, content_type: "application/json".into(), body: r#"{"received":true}"#.into() }
}

fn refused() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 401, content_type: "text/plain".into(), body: "webhook signature verification failed".into() }
}

fn value_text(v: &Option<Value>) -> Option<String> {
    match v.as_ref()? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// `data.id` of the notification URL's query string, percent-decoded.
fn query_data_id(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next()?;
    let pairs = crate::kit::form::decode_urlencoded(query)?;
    pairs.into_iter().find(|(k, _)| k == "data.id").map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// The manifest's `id`: lower case when alphanumeric, as Mercado Pago signs it.
fn manifest_id(id: &str) -> String {
    if id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        id.to_ascii_lowercase()
    } else {
        id.to_string()
    }
}

/// The signed text, as Mercado Pago builds it (parts without a value left out).
pub fn manifest(data_id: Option<&str>, request_id: Option<&str>, ts: &str) -> String {
    let mut m = String::new();
    if let Some(id) = data_id {
        m.push_str(&format!("id:{};", manifest_id(id)));
    }
    if let Some(r) = request_id {
        m.push_str(&format!("request-id:{r};"));
    }
    m.push_str(&format!("ts:{ts};"));
    m
}

/// `Ok(Err(reason))` when the webhook is not to be trusted; the reason never quotes a header value.
fn verify(webhook: &IncomingWebhook, data_id: Option<&str>, options: &Options) -> Result<Result<(), String>, SidecarError> {
    let secret = webhook.secret.expose();
    if secret.is_empty() {
        return Ok(Err("the webhook secret is empty".into()));
    }
    let Some(header) = webhook.header(SIGNATURE_HEADER) else {
        return Ok(Err("no x-signature header".into()));
    };
    let mut ts = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("ts", v)) => ts = Some(v.trim()),
            Some(("v1", v)) => v1 = Some(v.trim()),
            _ => {}
        }
    }
    let (Some(ts), Some(v1)) = (ts, v1) else {
        return Ok(Err("the x-signature header lacks ts or v1".into()));
    };
    let Ok(ts_number) = ts.parse::<i64>() else {
        return Ok(Err("the x-signature ts is not a whole number".into()));
    };
    let request_id = webhook.header(REQUEST_ID_HEADER).map(str::trim).filter(|r| !r.is_empty());
    let signed = manifest(data_id, request_id, ts);
    let expected = hex(&hmac_sha256(secret.as_bytes(), signed.as_bytes()));
    if !constant_time_eq(expected.as_bytes(), v1.to_ascii_lowercase().as_bytes()) {
        return Ok(Err(
            "the x-signature does not match data.id, x-request-id and ts with this secret (wrong secret, or a changed notification)".into(),
        ));
    }
    // Seconds, or milliseconds when the number is that large.
    let seconds = if ts_number > 100_000_000_000 { ts_number.div_euclid(1000) } else { ts_number };
    let tolerance = options.webhook_tolerance() as i64;
    let age = crate::kit::time::now_unix(options)? - seconds;
    if age > tolerance {
        return Ok(Err(format!("the signature is {age} seconds old, more than the tolerance of {tolerance} seconds (a replayed webhook?)")));
    }
    if age < -tolerance {
        return Ok(Err(format!("the ts is {} seconds in the future, more than the tolerance of {tolerance} seconds", -age)));
    }
    Ok(Ok(()))
}

pub fn parse(webhook: &IncomingWebhook, options: &Options) -> Result<WebhookResult, SidecarError> {
    let body: Result<Notification, _> = serde_json::from_str(&webhook.body);
    // The id Mercado Pago signs is the query's data.id; without the URL, the body's (the same id).
    let data_id = webhook
        .url
        .as_deref()
        .and_then(query_data_id)
        .or_else(|| body.as_ref().ok().and_then(|n| value_text(&n.data.id)));
    if let Err(reason) = verify(webhook, data_id.as_deref(), options)? {
        return Ok(WebhookResult::rejected(reason, refused()));
    }
    let n = body.map_err(|e| {
        SidecarError::undeserializable(
            200,
            &webhook.body,
            &format!("the signed body is not a Mercado Pago notification (line {} column {})", e.line(), e.column()),
        )
    })?;
    let topic = n.kind.as_deref().map(str::trim).unwrap_or("").to_string();
    let action = n.action.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_string);
    let kind = match topic.as_str() {
        "payment" => WebhookEventKind::Payment,
        "chargebacks" | "topic_chargebacks_wh" => WebhookEventKind::Dispute,
        _ => WebhookEventKind::Other,
    };
    let mut event = WebhookEvent::new(kind, action.unwrap_or_else(|| topic.clone()));
    event.connector_event_id = value_text(&n.id);
    event.occurred_at = n.date_created.clone();
    let resource = value_text(&n.data.id);
    match kind {
        WebhookEventKind::Payment => event.connector_transaction_id = resource,
        WebhookEventKind::Dispute => event.connector_dispute_id = resource,
        _ => {}
    }
    Ok(WebhookResult { verified: true, reason: None, events: vec![event], acknowledgement: accepted() })
}

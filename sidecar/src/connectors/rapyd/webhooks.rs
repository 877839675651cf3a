//! Rapyd's webhooks (https://docs.rapyd.net/en/webhooks.html): a JSON body `{id, type, data,
//! trigger_operation_id, status, created_at}` with `data` the Payment, Refund or Customer Payment
//! Method object, and headers `salt`, `timestamp`, `signature`, where (Webhook Authentication)
//! `signature = BASE64(HEX(HMAC-SHA256(secret_key, url + salt + timestamp + access_key + secret_key
//! + body)))` and `url` is the whole webhook URL registered with Rapyd. `secret` is
//! `<access_key>:<secret_key>`; `url` is required.

use super::mapping::{event_meaning, refund_status, EventMeaning};
use super::requests::MERCHANT_TRANSACTION_ID;
use super::responses::{money, payment_result, RapydCustomerPaymentMethod, RapydPayment, RapydRefund};
use super::signing::webhook_signature;
use crate::connectors::Context;
use crate::kit::crypto::constant_time_eq;
use crate::kit::text::present_owned;
use crate::kit::time::iso8601_utc;
use crate::protocol::{IncomingWebhook, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind, WebhookResult};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct RapydWebhook {
    id: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    data: Option<Box<serde_json::value::RawValue>>,
    created_at: Option<i64>,
}

fn accepted() -> WebhookAcknowledgement {
    // Rapyd retries until it gets a 2xx.
    WebhookAcknowledgement { status: 200, content_type: "application/json".into(), body: r#"{"received":true}"#.into() }
}

fn refused() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 401, content_type: "text/plain".into(), body: "webhook signature verification failed".into() }
}

/// Checks the signature and the timestamp; the reason never quotes the secret or the signature.
fn verify(webhook: &IncomingWebhook, ctx: &Context) -> Result<Result<(), String>, SidecarError> {
    let Some((access_key, secret_key)) = webhook.secret.expose().split_once(':') else {
        return Err(SidecarError::invalid_field(
            "secret",
            "Rapyd signs webhooks with both keys: give secret as <access_key>:<secret_key>".into(),
        ));
    };
    let (access_key, secret_key) = (access_key.trim(), secret_key.trim());
    if access_key.is_empty() || secret_key.is_empty() {
        return Err(SidecarError::invalid_field("secret", "give secret as <access_key>:<secret_key>, neither empty".into()));
    }
    let Some(url) = webhook.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) else {
        return Err(SidecarError::missing_field(
            "url",
            "Rapyd signs the webhook URL registered with it together with the body: give it as url",
        ));
    };
    let (Some(salt), Some(timestamp), Some(signature)) =
        (webhook.header("salt"), webhook.header("timestamp"), webhook.header("signature"))
    else {
        return Ok(Err("the salt, timestamp or signature header is missing".into()));
    };
    let Ok(sent_at) = timestamp.trim().parse::<i64>() else {
        return Ok(Err("the timestamp header is not Unix seconds".into()));
    };
    let expected = webhook_signature(access_key, secret_key, url, salt.trim(), timestamp.trim(), &webhook.body);
    if !constant_time_eq(expected.as_bytes(), signature.trim().as_bytes()) {
        return Ok(Err("the signature does not match the body, the URL and these keys (wrong keys or URL, or the body was changed)".into()));
    }
    let tolerance = ctx.options.webhook_tolerance();
    let age = crate::kit::time::now_unix(ctx.options)? - sent_at;
    if age > tolerance as i64 {
        return Ok(Err(format!(
            "the webhook was signed {age} seconds ago, more than the tolerance of {tolerance} seconds (a replayed webhook?)"
        )));
    }
    Ok(Ok(()))
}

pub fn parse(webhook: &IncomingWebhook, ctx: &Context) -> Result<WebhookResult, SidecarError> {
    if let Err(reason) = verify(webhook, ctx)? {
        return Ok(WebhookResult::rejected(reason, refused()));
    }
    let hook: RapydWebhook = serde_json::from_str(&webhook.body).map_err(|e| {
        SidecarError::undeserializable(200, &webhook.body, &format!("unexpected JSON at line {} column {}", e.line(), e.column()))
    })?;
    let kind = hook.kind.clone().unwrap_or_default();
    let mut event = match (event_meaning(&kind), hook.data.as_deref().map(|d| d.get())) {
        (Some(EventMeaning::Payment), Some(data)) => payment_event(&kind, data),
        (Some(EventMeaning::Refund), Some(data)) => refund_event(&kind, data),
        (Some(EventMeaning::PaymentMethod), Some(data)) => {
            let mut e = WebhookEvent::new(WebhookEventKind::Mandate, &kind);
            if let Ok(pm) = serde_json::from_str::<RapydCustomerPaymentMethod>(data) {
                e.mandate_reference = present_owned(&pm.id);
            }
            e
        }
        (Some(EventMeaning::Dispute), Some(data)) => {
            let mut e = WebhookEvent::new(WebhookEventKind::Dispute, &kind);
            if let Ok(d) = serde_json::from_str::<super::disputes::RapydDispute>(data) {
                // The id dsync takes (`token`, dispute_...), and the dispute's status as dsync reads it.
                let read = super::disputes::dispute_result(&d, 200);
                e.connector_dispute_id = read.connector_dispute_id;
                e.connector_transaction_id = read.connector_transaction_id;
                e.dispute_status = Some(read.status);
                e.amount = read.amount;
            }
            e
        }
        _ => WebhookEvent::new(WebhookEventKind::Other, &kind),
    };
    event.connector_event_id = present_owned(&hook.id);
    event.occurred_at = hook.created_at.filter(|t| *t >= 0).map(iso8601_utc);
    Ok(WebhookResult { verified: true, reason: None, events: vec![event], acknowledgement: accepted() })
}

fn payment_event(kind: &str, data: &str) -> WebhookEvent {
    let mut e = WebhookEvent::new(WebhookEventKind::Payment, kind);
    let Ok(p) = serde_json::from_str::<RapydPayment>(data) else { return e };
    let result = payment_result(&p, 200);
    e.payment_status = Some(result.status);
    e.connector_transaction_id = result.connector_transaction_id;
    e.error = result.error;
    e.merchant_transaction_id = p
        .metadata
        .as_ref()
        .and_then(|m| m.get(MERCHANT_TRANSACTION_ID))
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| present_owned(&p.merchant_reference_id));
    e.amount = money(p.amount.as_deref(), p.currency_code.as_deref());
    e
}

fn refund_event(kind: &str, data: &str) -> WebhookEvent {
    let mut e = WebhookEvent::new(WebhookEventKind::Refund, kind);
    let Ok(r) = serde_json::from_str::<RapydRefund>(data) else { return e };
    e.refund_status = Some(refund_status(r.status.as_deref()));
    e.connector_refund_id = present_owned(&r.id);
    e.connector_transaction_id = present_owned(&r.payment);
    e.merchant_refund_id = present_owned(&r.merchant_reference_id);
    e.amount = money(r.amount.as_deref(), r.currency.as_deref());
    e
}

//! dLocal's notifications: a POST to the payment's (or refund's) `notification_url` whose body is
//! the Payment object (https://docs.dlocal.com/api-documentation/payins-api-reference/payments:
//! "The body of the request will always be the payment object") or the Refund object (Refund
//! asynchronous notification, https://docs.dlocal.com/docs/refunds), signed like requests: the
//! `Authorization` header is `V2-HMAC-SHA256, Signature: <hex HMAC-SHA256(secret key, X-Login +
//! X-Date + body)>` with the notification's `X-Date` header and the merchant's own X-Login.
//! `secret` is `<x_login>:<secret_key>`.

use super::flows::signature;
use super::responses::{money, payment_result, refund_result, DlocalPayment, DlocalRefund};
use crate::connectors::Context;
use crate::kit::crypto::constant_time_eq;
use crate::kit::text::present_owned;
use crate::kit::time::parse_iso8601_utc;
use crate::protocol::{IncomingWebhook, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind, WebhookResult};
use serde_json::Value;

fn accepted() -> WebhookAcknowledgement {
    // dLocal retries a notification until it gets a 200.
    WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: "OK".into() }
}

fn refused() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 401, content_type: "text/plain".into(), body: "notification signature verification failed".into() }
}

/// The hex signature in `V2-HMAC-SHA256, Signature: <hex>`.
fn signature_of(header: &str) -> Option<&str> {
    let (scheme, rest) = header.split_once(',')?;
    if scheme.trim() != "V2-HMAC-SHA256" {
        return None;
    }
    rest.trim().strip_prefix("Signature:").map(str::trim).filter(|s| !s.is_empty())
}

/// Checks the signature and the date; the reason never quotes the secret or the signature.
fn verify(webhook: &IncomingWebhook, ctx: &Context) -> Result<Result<(), String>, SidecarError> {
    let Some((x_login, secret_key)) = webhook.secret.expose().split_once(':') else {
        return Err(SidecarError::invalid_field(
            "secret",
            "dLocal signs notifications with your X-Login and secret key: give secret as <x_login>:<secret_key>".into(),
        ));
    };
    let (x_login, secret_key) = (x_login.trim(), secret_key.trim());
    if x_login.is_empty() || secret_key.is_empty() {
        return Err(SidecarError::invalid_field("secret", "give secret as <x_login>:<secret_key>, neither empty".into()));
    }
    let (Some(x_date), Some(auth)) = (webhook.header("X-Date"), webhook.header("Authorization")) else {
        return Ok(Err("the X-Date or Authorization header is missing".into()));
    };
    let Some(sent) = signature_of(auth) else {
        return Ok(Err("the Authorization header is not `V2-HMAC-SHA256, Signature: <hex>`".into()));
    };
    let expected = signature(x_login, x_date.trim(), &webhook.body, secret_key);
    if !constant_time_eq(expected.as_bytes(), sent.to_ascii_lowercase().as_bytes()) {
        return Ok(Err("the signature does not match the body, the X-Date and these credentials (wrong keys, or the body was changed)".into()));
    }
    let Some(sent_at) = parse_iso8601_utc(x_date.trim()) else {
        return Ok(Err("the X-Date header is not ISO 8601 UTC".into()));
    };
    let tolerance = ctx.options.webhook_tolerance();
    let age = crate::kit::time::now_unix(ctx.options)? - sent_at;
    if age > tolerance as i64 {
        return Ok(Err(format!(
            "the notification was signed {age} seconds ago, more than the tolerance of {tolerance} seconds (a replayed notification?)"
        )));
    }
    Ok(Ok(()))
}

pub fn parse(webhook: &IncomingWebhook, ctx: &Context) -> Result<WebhookResult, SidecarError> {
    if let Err(reason) = verify(webhook, ctx)? {
        return Ok(WebhookResult::rejected(reason, refused()));
    }
    let body: Value = serde_json::from_str(&webhook.body).map_err(|e| {
        SidecarError::undeserializable(200, &webhook.body, &format!("unexpected JSON at line {} column {}", e.line(), e.column()))
    })?;
    if !body.is_object() {
        return Err(SidecarError::undeserializable(200, &webhook.body, "a dLocal notification is a JSON object"));
    }
    // A refund names the payment it returns (`payment_id`); a payment has its method instead.
    let is_refund = body.get("payment_id").is_some() && body.get("payment_method_id").is_none();
    let event = if is_refund {
        let r: DlocalRefund = serde_json::from_str(&webhook.body).unwrap_or_default();
        let result = refund_result(&r, 200, None);
        let mut e = WebhookEvent::new(WebhookEventKind::Refund, format!("refund.{}", r.status.as_deref().unwrap_or("UNKNOWN")));
        e.refund_status = Some(result.status);
        e.connector_refund_id = result.connector_refund_id;
        e.connector_transaction_id = present_owned(&r.payment_id);
        e.amount = money(r.amount.as_deref(), r.currency.as_deref());
        e.error = result.error;
        e
    } else {
        let p: DlocalPayment = serde_json::from_str(&webhook.body).unwrap_or_default();
        let result = payment_result(&p, 200);
        let mut e = WebhookEvent::new(WebhookEventKind::Payment, format!("payment.{}", p.status.as_deref().unwrap_or("UNKNOWN")));
        e.payment_status = Some(result.status);
        e.connector_transaction_id = result.connector_transaction_id;
        e.merchant_transaction_id = present_owned(&p.order_id);
        e.amount = money(p.amount.as_deref(), p.currency.as_deref());
        e.error = result.error;
        e
    };
    Ok(WebhookResult { verified: true, reason: None, events: vec![event], acknowledgement: accepted() })
}

//! Xendit's webhooks ("callbacks": https://docs.xendit.co/api-integration/callback/setup). Xendit
//! does NOT sign them: it sends the merchant's "Callback verification token" (Dashboard > Settings
//! > Webhooks) in the `x-callback-token` header of every webhook. Verifying one is comparing that
//! header with the token, in constant time: a shared secret, not an HMAC over the body, so it
//! proves who sent the webhook (whoever holds the token) but not that the body is unchanged; use
//! HTTPS, and psync before acting on money. `secret` is the verification token.
//!
//! Body (the SDK's `PaymentCallback`, `RefundCallback`): `{event, business_id, created, data}`;
//! `payment.succeeded`, `payment.failed`, `payment.awaiting_capture`, `payment.pending` carry the
//! payment (`payment_request_id` is the id this connector returns), `refund.succeeded` and
//! `refund.failed` the refund, `payment_session.completed` and `payment_session.expired` the
//! Payment Session createSession made (its `payment_request_id` once COMPLETED).

use super::mapping::refund_status;
use super::responses::{money, payment_result, XenditPayment, XenditPaymentMethodObject};
use crate::connectors::Context;
use crate::kit::crypto::constant_time_eq;
use crate::kit::text::present_owned;
use crate::protocol::{IncomingWebhook, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind, WebhookResult};
use serde::Deserialize;
use serde_json::value::RawValue;

pub const TOKEN_HEADER: &str = "x-callback-token";

#[derive(Deserialize)]
struct XenditWebhook {
    event: Option<String>,
    created: Option<String>,
    data: Option<Box<RawValue>>,
}

/// `PaymentCallbackData` (payment.*) and `RefundCallbackData` (refund.*): the fields read here.
#[derive(Deserialize, Default)]
struct CallbackData {
    id: Option<String>,
    payment_request_id: Option<String>,
    payment_id: Option<String>,
    reference_id: Option<String>,
    amount: Option<Box<RawValue>>,
    currency: Option<String>,
    status: Option<String>,
    failure_code: Option<String>,
    payment_method: Option<XenditPaymentMethodObject>,
}

fn accepted() -> WebhookAcknowledgement {
    // Xendit retries until it gets a 2xx within 30 seconds.
    WebhookAcknowledgement { status: 200, content_type: "application/json".into(), body: r#"{"received":true}"#.into() }
}

fn refused() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 401, content_type: "text/plain".into(), body: "webhook verification failed".into() }
}

/// Compares `x-callback-token` with the verification token; the reason never quotes either.
fn verify(webhook: &IncomingWebhook) -> Result<Result<(), String>, SidecarError> {
    let token = webhook.secret.expose().trim();
    if token.is_empty() {
        return Err(SidecarError::missing_field("secret", "give Xendit's webhook verification token (Dashboard > Settings > Webhooks)"));
    }
    let Some(sent) = webhook.header(TOKEN_HEADER) else {
        return Ok(Err(format!("the {TOKEN_HEADER} header is missing: Xendit sends it with every webhook")));
    };
    if !constant_time_eq(sent.trim().as_bytes(), token.as_bytes()) {
        return Ok(Err(format!("the {TOKEN_HEADER} header is not this account's verification token (another account or mode, or not Xendit)")));
    }
    Ok(Ok(()))
}

pub fn parse(webhook: &IncomingWebhook, _ctx: &Context) -> Result<WebhookResult, SidecarError> {
    if let Err(reason) = verify(webhook)? {
        return Ok(WebhookResult::rejected(reason, refused()));
    }
    let hook: XenditWebhook = serde_json::from_str(&webhook.body).map_err(|e| {
        SidecarError::undeserializable(200, &webhook.body, &format!("unexpected JSON at line {} column {}", e.line(), e.column()))
    })?;
    let kind = hook.event.clone().unwrap_or_default();
    let data: CallbackData = hook.data.as_deref().and_then(|d| serde_json::from_str(d.get()).ok()).unwrap_or_default();
    let mut event = if kind.starts_with("payment_session.") {
        // A Payment Session (createSession): COMPLETED names its payment request.
        let session: super::sessions::XenditSession = hook.data.as_deref().and_then(|d| serde_json::from_str(d.get()).ok()).unwrap_or_default();
        let result = super::sessions::session_payment(&session, "", 200);
        let mut e = WebhookEvent::new(WebhookEventKind::Payment, &kind);
        e.payment_status = Some(result.status);
        e.connector_transaction_id = result.connector_transaction_id;
        e.merchant_transaction_id = present_owned(&session.reference_id);
        e.amount = money(session.amount.as_deref(), session.currency.as_deref());
        e.error = result.error;
        e
    } else if kind.starts_with("payment.") {
        let p = XenditPayment {
            id: data.payment_request_id.clone().or_else(|| data.id.clone()),
            reference_id: data.reference_id.clone(),
            amount: data.amount.clone(),
            currency: data.currency.clone(),
            status: data.status.clone(),
            failure_code: data.failure_code.clone(),
            actions: None,
            payment_method: data.payment_method,
        };
        let result = payment_result(&p, 200);
        let mut e = WebhookEvent::new(WebhookEventKind::Payment, &kind);
        e.payment_status = Some(result.status);
        e.connector_transaction_id = result.connector_transaction_id;
        e.merchant_transaction_id = present_owned(&p.reference_id);
        e.amount = money(p.amount.as_deref(), p.currency.as_deref());
        e.mandate_reference = result.mandate_reference;
        e.error = result.error;
        e
    } else if kind.starts_with("refund.") {
        let mut e = WebhookEvent::new(WebhookEventKind::Refund, &kind);
        e.refund_status = Some(refund_status(data.status.as_deref()));
        e.connector_refund_id = present_owned(&data.id);
        e.connector_transaction_id = present_owned(&data.payment_request_id).or_else(|| present_owned(&data.payment_id));
        e.merchant_refund_id = present_owned(&data.reference_id);
        e.amount = money(data.amount.as_deref(), data.currency.as_deref());
        e
    } else {
        WebhookEvent::new(WebhookEventKind::Other, &kind)
    };
    event.connector_event_id = None;
    event.occurred_at = present_owned(&hook.created);
    Ok(WebhookResult { verified: true, reason: None, events: vec![event], acknowledgement: accepted() })
}

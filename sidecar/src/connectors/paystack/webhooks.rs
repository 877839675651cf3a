//! Paystack's webhooks (https://paystack.com/docs/payments/webhooks/): a JSON body `{event, data}`
//! and the header `x-paystack-signature`, the hex HMAC-SHA512 of the raw body keyed with the
//! secret key (the same key as the API's Bearer token: give it as `secret`). Paystack retries
//! until it gets a 200. Events read: `charge.success` (a transaction), `refund.*` (pending,
//! processing, processed, failed, needs-attention), `charge.dispute.create`, `.remind`,
//! `.resolve` (a dispute); any other event is reported as `other` with its name.

use super::flows::{dispute_result, payment_result};
use super::mapping::refund_status;
use super::responses::{id_text, integer, Dispute, Refund, Transaction};
use super::CURRENCIES;
use crate::connectors::Context;
use crate::kit::crypto::{constant_time_eq, hex, hmac_sha512};
use crate::kit::text::present;
use crate::protocol::{IncomingWebhook, Money, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind, WebhookResult};
use serde::Deserialize;

pub const SIGNATURE_HEADER: &str = "x-paystack-signature";

#[derive(Deserialize)]
struct PaystackEvent {
    event: Option<String>,
    data: Option<Box<serde_json::value::RawValue>>,
}

fn accepted() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: "OK".into() }
}

fn refused() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 401, content_type: "text/plain".into(), body: "webhook signature verification failed".into() }
}

/// The signature Paystack sends for `body` under `secret_key`.
pub fn signature(secret_key: &str, body: &str) -> String {
    hex(&hmac_sha512(secret_key.as_bytes(), body.as_bytes()))
}

fn data<T: serde::de::DeserializeOwned>(raw: &Option<Box<serde_json::value::RawValue>>, body: &str) -> Result<T, SidecarError> {
    let text = raw.as_ref().map(|r| r.get()).unwrap_or("null");
    serde_json::from_str(text).map_err(|e| SidecarError::undeserializable(200, body, &format!("Paystack webhook data: {e}")))
}

fn money(amount: Option<i64>, currency: Option<&str>) -> Option<Money> {
    let currency = currency?.trim().to_ascii_uppercase();
    let (_, exponent) = CURRENCIES.iter().find(|(c, _)| *c == currency)?;
    crate::kit::money::iso_minor_units_from(amount?, &currency, *exponent)
}

pub fn parse(webhook: &IncomingWebhook, _ctx: &Context) -> Result<WebhookResult, SidecarError> {
    let secret = webhook.secret.expose().trim();
    if secret.is_empty() {
        return Err(SidecarError::missing_field("secret", "Paystack signs webhooks with the secret key: give it as secret"));
    }
    let Some(sent) = webhook.header(SIGNATURE_HEADER) else {
        return Ok(WebhookResult::rejected("the x-paystack-signature header is missing", refused()));
    };
    let expected = signature(secret, &webhook.body);
    if !constant_time_eq(expected.as_bytes(), sent.trim().to_ascii_lowercase().as_bytes()) {
        return Ok(WebhookResult::rejected(
            "the signature does not match the body and this secret key (wrong key, or the body was changed)",
            refused(),
        ));
    }
    let event: PaystackEvent = serde_json::from_str(&webhook.body)
        .map_err(|e| SidecarError::undeserializable(200, &webhook.body, &format!("Paystack webhook: {e}")))?;
    let name = event.event.as_deref().map(str::trim).unwrap_or("").to_string();
    let mut out = if name.starts_with("charge.dispute.") {
        let d: Dispute = data(&event.data, &webhook.body)?;
        let r = dispute_result(&d, 200);
        let mut e = WebhookEvent::new(WebhookEventKind::Dispute, &name);
        e.dispute_status = Some(r.status);
        e.connector_dispute_id = r.connector_dispute_id;
        e.connector_transaction_id = r.connector_transaction_id;
        e.amount = r.amount;
        e.reason_code = r.reason_code;
        e.due_by = r.due_by;
        e
    } else if name.starts_with("charge.") {
        let t: Transaction = data(&event.data, &webhook.body)?;
        let r = payment_result(&t, 200, None);
        let mut e = WebhookEvent::new(WebhookEventKind::Payment, &name);
        e.payment_status = Some(r.status);
        e.connector_transaction_id = r.connector_transaction_id.clone();
        e.merchant_transaction_id = r.connector_transaction_id;
        e.amount = money(integer(&t.amount), t.currency.as_deref());
        e.mandate_reference = r.mandate_reference;
        e.error = r.error;
        e
    } else if name.starts_with("refund.") {
        let f: Refund = data(&event.data, &webhook.body)?;
        let mut e = WebhookEvent::new(WebhookEventKind::Refund, &name);
        e.refund_status = Some(refund_status(f.status.as_deref()));
        e.connector_refund_id = id_text(&f.id);
        e.connector_transaction_id = present(&f.transaction_reference).map(str::to_string);
        e.amount = money(integer(&f.amount), f.currency.as_deref());
        e
    } else {
        WebhookEvent::new(WebhookEventKind::Other, if name.is_empty() { "unknown" } else { &name })
    };
    if out.event_type.is_empty() {
        out.event_type = "unknown".into();
    }
    Ok(WebhookResult { verified: true, reason: None, events: vec![out], acknowledgement: accepted() })
}

//! PayPal webhooks. PayPal signs a webhook with its own private key (RSA over
//! `transmission_id|transmission_time|webhook_id|crc32(body)`, the certificate at
//! `PAYPAL-CERT-URL`); there is no shared secret, and checking it takes either PayPal's
//! verify-webhook-signature call or downloading that certificate: network I/O, which the sidecar
//! does not do. So verification is remote and in two steps the caller runs:
//!
//! 1. the `verifyWebhook` flow: `transformRequest` builds `POST /v1/notifications/verify-webhook-signature`
//!    from the transmission headers, the webhook id and the raw body (embedded byte for byte:
//!    PayPal checks the signature over the body it signed, and re-serialized JSON could differ);
//!    `transformResponse` reads `verification_status` into `{verified, reason?, bodySha256}`;
//! 2. `parseWebhook` with that result as `remoteVerification`: it reads the event only when
//!    PayPal said SUCCESS for this very body (`bodySha256`), else `verified: false` and no events.
//!
//! Events (https://developer.paypal.com/api/rest/webhooks/event-names/): the resource of a
//! PAYMENT.CAPTURE.* event is a capture, of PAYMENT.AUTHORIZATION.* an authorization, of
//! CHECKOUT.ORDER.* an order, of PAYMENT.CAPTURE.REFUNDED/REVERSED a refund (its `up` link names
//! the capture), of VAULT.PAYMENT-TOKEN.* a payment token; they are read with the same status
//! tables as the API's answers. `custom_id` carries the merchantTransactionId this connector sent,
//! a refund's `invoice_id` its merchantRefundId.

use crate::kit::text::present_owned;
use super::responses::{from_order, from_payment, PayPalOrder, PayPalPayment, PayPalRefund, PaymentCall};
use super::{access_token, OBJECT_AUTHORIZATION, OBJECT_CAPTURE};
use crate::kit::crypto::sha256_hex;
use crate::protocol::{
    HttpMethod, HttpRequest, IncomingWebhook, PaymentResult, RemoteVerification, SidecarError, VerifyWebhookRequest,
    WebhookAcknowledgement, WebhookEvent, WebhookEventKind, WebhookResult,
};
use serde::Deserialize;
use serde_json::Value;

/// The transmission headers PayPal sends with every webhook, and the verify call's field for each.
const TRANSMISSION_HEADERS: &[(&str, &str)] = &[
    ("auth_algo", "PAYPAL-AUTH-ALGO"),
    ("cert_url", "PAYPAL-CERT-URL"),
    ("transmission_id", "PAYPAL-TRANSMISSION-ID"),
    ("transmission_sig", "PAYPAL-TRANSMISSION-SIG"),
    ("transmission_time", "PAYPAL-TRANSMISSION-TIME"),
];

/// `POST /v1/notifications/verify-webhook-signature`. The body is marked sensitive: it carries
/// the transmission signature.
pub fn verify_request(r: &VerifyWebhookRequest, base: &str) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let webhook_id = r.webhook_id.trim();
    // webhook_id: letters and digits, at most 50 (the spec's pattern).
    if webhook_id.len() > 50 || !webhook_id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(SidecarError::invalid_field(
            "request.webhookId",
            "not a PayPal webhook id (the Webhook ID of the app's webhook: letters and digits)".into(),
        ));
    }
    let event = r.body.trim();
    match serde_json::from_str::<Value>(event) {
        Ok(Value::Object(_)) => {}
        _ => return Err(SidecarError::invalid_field("request.body", "not a PayPal webhook event (a JSON object)".into())),
    }
    let mut fields = Vec::new();
    for (field, header) in TRANSMISSION_HEADERS {
        let value = r.header(header).map(str::trim).filter(|v| !v.is_empty()).ok_or_else(|| {
            SidecarError::missing_field(
                "request.headers",
                &format!("the {header} header PayPal sends with every webhook is missing: pass the headers as received"),
            )
        })?;
        fields.push(format!("{}:{}", json_string(field), json_string(value)));
    }
    fields.push(format!("{}:{}", json_string("webhook_id"), json_string(webhook_id)));
    // The event goes in as received, not re-serialized.
    let body = format!("{{{},\"webhook_event\":{event}}}", fields.join(","));
    Ok(HttpRequest::new(HttpMethod::POST, format!("{base}/v1/notifications/verify-webhook-signature"))
        .secret_header("Authorization", format!("Bearer {token}"))
        .body("application/json", body, true))
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

/// The body's SHA-256 in hex, which binds a verification to the body it was asked about.
pub fn body_sha256(body: &str) -> String {
    sha256_hex(body.as_bytes())
}

fn accepted() -> WebhookAcknowledgement {
    // Any 2xx tells PayPal the delivery arrived.
    WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: String::new() }
}

fn refused() -> WebhookAcknowledgement {
    // A non-2xx makes PayPal deliver again (up to 25 times over 3 days).
    WebhookAcknowledgement { status: 401, content_type: "text/plain".into(), body: "webhook not verified".into() }
}

#[derive(Debug, Deserialize)]
struct PayPalEvent {
    id: Option<String>,
    event_type: Option<String>,
    create_time: Option<String>,
    #[serde(default)]
    resource: Value,
}

/// Reads a webhook PayPal verified (`verification`, from verifyWebhook). Without a SUCCESS for
/// this very body it is refused: verified false, no events.
pub fn parse(webhook: &IncomingWebhook, verification: Option<&RemoteVerification>) -> Result<WebhookResult, SidecarError> {
    let Some(v) = verification else {
        return Ok(WebhookResult::rejected(
            "PayPal webhooks are verified by PayPal itself: run the verifyWebhook flow (POST \
             /v1/notifications/verify-webhook-signature) with this webhook's headers and body, then pass its result \
             to parseWebhook as remoteVerification",
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
        return Ok(WebhookResult::rejected(format!("PayPal did not verify this webhook: {why}"), refused()));
    }
    let event: PayPalEvent = serde_json::from_str(&webhook.body)
        .map_err(|_| SidecarError::invalid_field("body", "not a PayPal webhook event (a JSON object)".into()))?;
    let event_type = present_owned(&event.event_type)
        .ok_or_else(|| SidecarError::missing_field("body", "a PayPal webhook event names its event_type"))?;
    let mut unified = read_event(&event_type, &event.resource)?;
    unified.connector_event_id = present_owned(&event.id);
    unified.occurred_at = present_owned(&event.create_time);
    Ok(WebhookResult { verified: true, reason: None, events: vec![unified], acknowledgement: accepted() })
}

/// A payment event from the unified result of its resource.
fn payment_event(event_type: &str, p: PaymentResult, merchant_transaction_id: Option<String>, amount: Option<crate::protocol::Money>) -> WebhookEvent {
    let mut e = WebhookEvent::new(WebhookEventKind::Payment, event_type);
    e.payment_status = Some(p.status);
    e.connector_transaction_id = p.connector_transaction_id;
    e.merchant_transaction_id = merchant_transaction_id;
    e.amount = p.amount_captured.or(amount);
    e.error = p.error;
    e
}

fn resource<T: serde::de::DeserializeOwned>(resource: &Value, event_type: &str) -> Result<T, SidecarError> {
    serde_json::from_value(resource.clone())
        .map_err(|_| SidecarError::invalid_field("body", format!("the resource of {event_type} is not what PayPal documents")))
}

fn read_event(event_type: &str, res: &Value) -> Result<WebhookEvent, SidecarError> {
    let family = event_type.rsplit_once('.').map(|(f, _)| f).unwrap_or(event_type);
    Ok(match (family, event_type) {
        (_, "PAYMENT.CAPTURE.REFUNDED" | "PAYMENT.CAPTURE.REVERSED") => {
            // The resource is the refund (a reversal is PayPal taking the money back: a refund too).
            let refund: PayPalRefund = resource(res, event_type)?;
            let mut e = WebhookEvent::new(WebhookEventKind::Refund, event_type);
            e.refund_status = Some(super::mapping::refund_status(refund.status.as_deref()));
            e.connector_refund_id = present_owned(&refund.id);
            e.merchant_refund_id = present_owned(&refund.invoice_id);
            e.amount = refund.amount.as_ref().and_then(|a| a.to_unified());
            e.connector_transaction_id = refund
                .links
                .iter()
                .filter(|l| l.rel.as_deref() == Some("up"))
                .filter_map(|l| l.href.as_deref())
                .find_map(|href| href.split_once("/captures/").map(|(_, id)| id.trim_end_matches('/').to_string()))
                .filter(|id| !id.is_empty() && !id.contains('/'));
            e
        }
        ("PAYMENT.CAPTURE", _) => {
            let capture: PayPalPayment = resource(res, event_type)?;
            let amount = capture.amount.as_ref().and_then(|a| a.to_unified());
            let p = from_payment(&capture, OBJECT_CAPTURE, None, 200, PaymentCall::Get);
            payment_event(event_type, p, present_owned(&capture.custom_id), amount)
        }
        ("PAYMENT.AUTHORIZATION", _) => {
            let authorization: PayPalPayment = resource(res, event_type)?;
            let amount = authorization.amount.as_ref().and_then(|a| a.to_unified());
            let p = from_payment(&authorization, OBJECT_AUTHORIZATION, None, 200, PaymentCall::Get);
            payment_event(event_type, p, present_owned(&authorization.custom_id), amount)
        }
        ("CHECKOUT.ORDER", _) => {
            let order: PayPalOrder = resource(res, event_type)?;
            let reference = order.purchase_units.first().and_then(|u| present_owned(&u.custom_id));
            let p = from_order(order, 200, PaymentCall::Get);
            payment_event(event_type, p, reference, None)
        }
        ("VAULT.PAYMENT-TOKEN", _) => {
            #[derive(Deserialize)]
            struct Token {
                id: Option<String>,
            }
            let token: Token = resource(res, event_type)?;
            let mut e = WebhookEvent::new(WebhookEventKind::Mandate, event_type);
            e.mandate_reference = present_owned(&token.id);
            e
        }
        ("CUSTOMER.DISPUTE", _) => {
            let mut e = WebhookEvent::new(WebhookEventKind::Dispute, event_type);
            super::disputes::fill_dispute_event(&mut e, res)?;
            e
        }
        _ => WebhookEvent::new(WebhookEventKind::Other, event_type),
    })
}

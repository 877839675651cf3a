//! Nuvei's webhooks: the DMN (Direct Merchant Notification,
//! https://docs.nuvei.com/documentation/integration/webhooks/payment-dmns/), an HTTP POST of
//! `application/x-www-form-urlencoded` parameters (or, for a GET DMN, the same parameters in the
//! URL's query string: give it as `url`) to the transaction's `urlDetails.notificationUrl` or the
//! site's DMN URL.
//!
//! Verification, with the merchant secret key as `secret`:
//! - `advanceResponseChecksum` (payment, settle, void and refund DMNs): the SHA-256 hex of the
//!   secret key followed by the values of `totalAmount`, `currency`, `responseTimeStamp`,
//!   `PPP_TransactionID`, `Status` and `productId`, in that order ([`ADVANCE_FIELDS`]);
//! - without it, `responsechecksum` (subscription DMNs): the SHA-256 hex of every other
//!   parameter's value, in the order sent, followed by the secret key.
//!
//! Events: `transactionType` Sale/Auth/Settle/Void (and the 3-D Secure kinds) is a payment event,
//! Credit/Refund a refund event, Chargeback a dispute event; `Status` (APPROVED, DECLINED, ERROR,
//! PENDING) read with the API's own tables (mapping.rs). Nuvei wants HTTP 200 back, else it
//! sends the DMN again.

use super::responses::{approved_status, dmn_money, TransactionOutcome};
use crate::connectors::Context;
use crate::kit::crypto::{constant_time_eq, sha256_hex};
use crate::kit::form::decode_urlencoded;
use crate::protocol::{
    IncomingWebhook, PaymentStatus, RefundStatus, SidecarError, WebhookAcknowledgement, WebhookEvent, WebhookEventKind, WebhookResult,
};
use serde_json::Value;

/// The fields `advanceResponseChecksum` signs after the secret key, in Nuvei's order.
pub const ADVANCE_FIELDS: &[&str] = &["totalAmount", "currency", "responseTimeStamp", "PPP_TransactionID", "Status", "productId"];

/// A DMN's parameters, in the order sent.
pub struct Dmn(Vec<(String, String)>);

impl Dmn {
    /// The parameters of the body, else of the URL's query string (a DMN sent by GET).
    pub fn read(webhook: &IncomingWebhook) -> Result<Dmn, SidecarError> {
        let body = webhook.body.trim();
        let text = if body.is_empty() {
            webhook.url.as_deref().and_then(|u| u.split_once('?')).map(|(_, q)| q.split('#').next().unwrap_or("")).unwrap_or("")
        } else {
            body
        };
        if text.is_empty() {
            return Err(SidecarError::missing_field("body", "a Nuvei DMN is form parameters (the POST body, or the URL's query string for a GET DMN)"));
        }
        if text.starts_with('{') || text.starts_with('[') {
            return Err(SidecarError::invalid_field("body", "a Nuvei DMN is application/x-www-form-urlencoded parameters, not JSON".into()));
        }
        decode_urlencoded(text)
            .map(Dmn)
            .ok_or_else(|| SidecarError::invalid_field("body", "not application/x-www-form-urlencoded (a malformed %-escape or a value that is not UTF-8)".into()))
    }

    /// The first value of `name` (exact name), trimmed, None when absent or empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// The value as sent (untrimmed), "" when absent: what the checksums are computed over.
    fn raw(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// `Status`, which some DMNs spell `status`.
    fn status(&self) -> &str {
        if self.0.iter().any(|(k, _)| k == "Status") {
            self.raw("Status")
        } else {
            self.raw("status")
        }
    }
}

/// `advanceResponseChecksum` of `dmn` under `secret`.
pub fn advance_checksum(dmn: &Dmn, secret: &str) -> String {
    let mut text = secret.to_string();
    for field in ADVANCE_FIELDS {
        text.push_str(if *field == "Status" { dmn.status() } else { dmn.raw(field) });
    }
    sha256_hex(text.as_bytes())
}

/// `responsechecksum` of `dmn` under `secret`: every other value in the order sent, then the key.
pub fn response_checksum(dmn: &Dmn, secret: &str) -> String {
    let mut text: String = dmn.0.iter().filter(|(k, _)| k != "responsechecksum").map(|(_, v)| v.as_str()).collect();
    text.push_str(secret);
    sha256_hex(text.as_bytes())
}

fn accepted() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: "OK".into() }
}

fn refused() -> WebhookAcknowledgement {
    // Anything but 200 makes Nuvei send the DMN again.
    WebhookAcknowledgement { status: 401, content_type: "text/plain".into(), body: "DMN checksum verification failed".into() }
}

fn same(expected: &str, sent: &str) -> bool {
    constant_time_eq(expected.as_bytes(), sent.trim().to_ascii_lowercase().as_bytes())
}

pub fn parse(webhook: &IncomingWebhook, _ctx: &Context) -> Result<WebhookResult, SidecarError> {
    let secret = webhook.secret.expose().trim();
    if secret.is_empty() {
        return Err(SidecarError::missing_field("secret", "Nuvei signs DMNs with the merchant secret key: give it as secret"));
    }
    let dmn = Dmn::read(webhook)?;
    let verified = match (dmn.get("advanceResponseChecksum"), dmn.get("responsechecksum")) {
        (Some(sent), _) => same(&advance_checksum(&dmn, secret), sent),
        (None, Some(sent)) => same(&response_checksum(&dmn, secret), sent),
        (None, None) => {
            return Ok(WebhookResult::rejected("the DMN carries neither advanceResponseChecksum nor responsechecksum", refused()));
        }
    };
    if !verified {
        return Ok(WebhookResult::rejected(
            "the DMN's checksum does not match its parameters and this merchant secret key (wrong key, or the DMN was changed)",
            refused(),
        ));
    }
    Ok(WebhookResult { verified: true, reason: None, events: vec![event(&dmn)], acknowledgement: accepted() })
}

/// What a DMN is about, by its `transactionType`.
enum About {
    Payment,
    Refund,
    Dispute,
    Other,
}

fn about(kind: &str) -> About {
    match kind {
        "sale" | "auth" | "preauth" | "auth3d" | "initauth3d" | "settle" | "void" => About::Payment,
        "credit" | "refund" => About::Refund,
        "chargeback" => About::Dispute,
        _ => About::Other,
    }
}

fn event(dmn: &Dmn) -> WebhookEvent {
    let kind = dmn.get("transactionType").unwrap_or("").to_string();
    let status = dmn.status().trim().to_ascii_uppercase();
    let lower = kind.to_ascii_lowercase();
    let name = match (kind.is_empty(), dmn.get("dmnType")) {
        (false, _) => kind.clone(),
        (true, Some(t)) => t.to_string(),
        (true, None) => "unknown".to_string(),
    };
    let id = dmn.get("TransactionID").map(str::to_string);
    let related = dmn.get("relatedTransactionId").map(str::to_string);
    let merchant_id = dmn.get("clientUniqueId").or_else(|| dmn.get("merchant_unique_id")).map(str::to_string);
    let amount = dmn_money(dmn.get("totalAmount"), dmn.get("currency"));
    let failed = matches!(status.as_str(), "DECLINED" | "ERROR");
    let outcome = || TransactionOutcome {
        transaction_status: Some(status.clone()),
        transaction_type: Some(kind.clone()),
        transaction_id: id.clone().map(Value::String),
        gw_error_code: dmn.get("ErrCode").map(|c| Value::String(c.to_string())),
        gw_error_reason: dmn.get("Reason").or_else(|| dmn.get("message")).map(str::to_string),
        gw_extended_error_code: dmn.get("ExErrCode").map(|c| Value::String(c.to_string())),
        ..Default::default()
    };
    match about(&lower) {
        About::Payment => {
            let mut e = WebhookEvent::new(WebhookEventKind::Payment, &name);
            e.payment_status = Some(match status.as_str() {
                "APPROVED" => approved_status(&lower),
                "DECLINED" | "ERROR" => match lower.as_str() {
                    "settle" => PaymentStatus::CaptureFailed,
                    "void" => PaymentStatus::VoidFailed,
                    _ => PaymentStatus::Failure,
                },
                "PENDING" => PaymentStatus::Pending,
                _ => PaymentStatus::Unresolved,
            });
            e.connector_transaction_id = id.clone();
            e.merchant_transaction_id = merchant_id;
            e.amount = amount;
            if status == "APPROVED" {
                // The saved card (user payment option) a payment with a userTokenId leaves.
                e.mandate_reference = dmn.get("userPaymentOptionId").map(str::to_string);
            }
            if failed {
                e.error = Some(outcome().error_of(if lower == "settle" { "the settle failed" } else if lower == "void" { "the void failed" } else { "Nuvei declined the payment" }));
            }
            e
        }
        About::Refund => {
            let mut e = WebhookEvent::new(WebhookEventKind::Refund, &name);
            e.refund_status = Some(match status.as_str() {
                "APPROVED" => RefundStatus::Success,
                "DECLINED" | "ERROR" => RefundStatus::Failure,
                _ => RefundStatus::Pending,
            });
            e.connector_refund_id = id.clone();
            e.connector_transaction_id = related;
            e.merchant_refund_id = merchant_id;
            e.amount = amount;
            if failed {
                e.error = Some(outcome().error_of("the refund failed"));
            }
            e
        }
        About::Dispute => {
            let mut e = WebhookEvent::new(WebhookEventKind::Dispute, &name);
            e.connector_transaction_id = related.or(id);
            e.merchant_transaction_id = merchant_id;
            e.amount = amount;
            e
        }
        About::Other => {
            let mut e = WebhookEvent::new(WebhookEventKind::Other, &name);
            e.connector_transaction_id = id;
            e
        }
    }
}

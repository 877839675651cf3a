//! Adyen standard webhooks ("notifications"): `{live, notificationItems: [{NotificationRequestItem}]}`,
//! one or more items per request, each signed on its own.
//! https://docs.adyen.com/development-resources/webhooks/secure-webhooks/verify-hmac-signatures
//!
//! - Signature of an item: `additionalData.hmacSignature` = base64(HMAC-SHA256(hex-decoded key,
//!   payload)), the payload being `pspReference:originalReference:merchantAccountCode:
//!   merchantReference:amount.value:amount.currency:eventCode:success`, an absent field as "".
//!   Compared in constant time.
//! - A request is `verified` only when every item is: one item that fails (no signature, a wrong
//!   one, an altered signed field) makes the whole request untrustworthy, so it is refused with
//!   no events, and the reason names the item by position. Adyen retries a request that is not
//!   accepted, so nothing is lost if the cause was a key rotation.
//! - Adyen's signature covers only those eight fields: `reason`, `eventDate`, `additionalData`
//!   (and so a token in it) are not signed. Events are built from the signed fields where they
//!   can be (RECURRING_CONTRACT's token is its pspReference, which is signed).
//! - Acknowledgement: HTTP 200 with the body `[accepted]` for a verified request; otherwise 401,
//!   which Adyen treats as not delivered and retries.
//! - Other Adyen webhook types (balance platform, management, tokenization `recurring.token.*`,
//!   signed in a header over the raw body) are not read: they are `verified: false` with a
//!   reason saying so.

use super::mapping::{event_meaning, modification_failure, refusal, EventMeaning};
use super::responses::{iso_money, AdyenResponseAmount};
use crate::kit::crypto::{base64_decode, constant_time_eq, hex_decode, hmac_sha256};
use crate::protocol::{
    DeclineType, ErrorInfo, IncomingWebhook, PaymentStatus, RefundStatus, SidecarError, UnifiedErrorCode as U,
    WebhookAcknowledgement, WebhookEvent, WebhookEventKind, WebhookResult,
};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// What Adyen must receive to mark the webhook delivered.
pub const ACCEPTED_BODY: &str = "[accepted]";

fn accepted() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: ACCEPTED_BODY.into() }
}

fn not_accepted() -> WebhookAcknowledgement {
    WebhookAcknowledgement {
        status: 401,
        content_type: "text/plain".into(),
        body: "not accepted: the notification could not be verified".into(),
    }
}

fn rejected(reason: impl Into<String>) -> WebhookResult {
    WebhookResult::rejected(reason, not_accepted())
}

/// A string, or the text of a number or boolean (Adyen documents these fields as strings;
/// libraries and older notifications send `success` as a boolean and `value` as a number).
fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    })
}

#[derive(Debug, Deserialize, Default)]
struct ItemAmount {
    #[serde(default, deserialize_with = "lenient_string")]
    value: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    currency: Option<String>,
}

/// NotificationRequestItem: the fields we sign and read.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct NotificationItem {
    #[serde(default, deserialize_with = "lenient_string")]
    psp_reference: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    original_reference: Option<String>,
    /// RECURRING_CONTRACT: the pspReference of the payment that saved the card.
    #[serde(default, deserialize_with = "lenient_string")]
    original_psp: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    merchant_account_code: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    merchant_reference: Option<String>,
    #[serde(default)]
    amount: Option<ItemAmount>,
    #[serde(default, deserialize_with = "lenient_string")]
    event_code: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    success: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    reason: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    event_date: Option<String>,
    #[serde(default)]
    additional_data: Option<Map<String, Value>>,
}

impl NotificationItem {
    fn additional(&self, key: &str) -> Option<&str> {
        self.additional_data.as_ref()?.get(key)?.as_str().filter(|s| !s.is_empty())
    }

    /// The documented payload of the item's signature.
    fn signed_payload(&self) -> String {
        let amount = self.amount.as_ref();
        [
            self.psp_reference.as_deref(),
            self.original_reference.as_deref(),
            self.merchant_account_code.as_deref(),
            self.merchant_reference.as_deref(),
            amount.and_then(|a| a.value.as_deref()),
            amount.and_then(|a| a.currency.as_deref()),
            self.event_code.as_deref(),
            self.success.as_deref(),
        ]
        .map(|f| f.unwrap_or(""))
        .join(":")
    }

    /// Why the item's signature does not hold, in words that quote neither key nor signature.
    fn verify(&self, key: &[u8]) -> Result<(), &'static str> {
        let signature = self.additional("hmacSignature").ok_or("it carries no additionalData.hmacSignature")?;
        let expected = hmac_sha256(key, self.signed_payload().as_bytes());
        let given = base64_decode(signature).unwrap_or_default();
        if constant_time_eq(&expected, &given) {
            Ok(())
        } else {
            Err("the HMAC signature does not match (a different HMAC key, or signed fields altered)")
        }
    }

    fn success(&self) -> bool {
        self.success.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("true"))
    }

    fn amount(&self) -> Option<crate::protocol::Money> {
        let a = self.amount.as_ref()?;
        let value: i64 = a.value.as_deref()?.trim().parse().ok()?;
        iso_money(&AdyenResponseAmount { value, currency: a.currency.clone()? })
    }

    fn token(&self) -> Option<&str> {
        self.additional("tokenization.storedPaymentMethodId").or_else(|| self.additional("recurring.recurringDetailReference"))
    }
}

/// Verifies every item of a standard notification and reads them into unified events.
/// `secret` is the HMAC key, hex as Adyen's Customer Area shows it; a secret that is not hex is a
/// configuration error (InvalidFieldValue `secret`), not a bad webhook.
pub fn parse(webhook: &IncomingWebhook) -> Result<WebhookResult, SidecarError> {
    let key = hex_decode(webhook.secret.expose()).filter(|k| !k.is_empty()).ok_or_else(|| {
        SidecarError::invalid_field(
            "secret",
            "an Adyen HMAC key is hexadecimal (Customer Area > Developers > Webhooks > HMAC key)".into(),
        )
    })?;
    let body: Value = match serde_json::from_str(&webhook.body) {
        Ok(v) => v,
        Err(_) => return Ok(rejected("the body is not JSON")),
    };
    let Some(items) = body.get("notificationItems").and_then(Value::as_array) else {
        return Ok(rejected(
            "not an Adyen standard notification (no notificationItems); other Adyen webhook types are not read by this connector",
        ));
    };
    if items.is_empty() {
        return Ok(rejected("the notification has no items to verify"));
    }
    let total = items.len();
    let mut verified = Vec::with_capacity(total);
    for (i, wrapper) in items.iter().enumerate() {
        let n = i + 1;
        let item = wrapper
            .get("NotificationRequestItem")
            .filter(|v| v.is_object())
            .and_then(|v| serde_json::from_value::<NotificationItem>(v.clone()).ok());
        let Some(item) = item else {
            return Ok(rejected(format!("item {n} of {total} is not a NotificationRequestItem")));
        };
        if let Err(why) = item.verify(&key) {
            return Ok(rejected(format!(
                "item {n} of {total}: {why}; the whole request is refused, since one item that fails makes it untrustworthy"
            )));
        }
        verified.push(item);
    }
    Ok(WebhookResult { verified: true, reason: None, events: verified.iter().map(event).collect(), acknowledgement: accepted() })
}

/// The unified error of a failed event: Adyen's `reason` (a refusal reason for AUTHORISATION,
/// a short text for modifications) is read with the refusal table, then the modification one.
fn event_error(item: &NotificationItem, fallback: U, fallback_decline: Option<DeclineType>) -> ErrorInfo {
    let reason = item.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let (code, decline_type) = refusal(None, reason)
        .map(|(u, d)| (u, Some(d)))
        .or_else(|| reason.and_then(modification_failure).map(|u| (u, None)))
        .unwrap_or((fallback, fallback_decline));
    let event = item.event_code.as_deref().unwrap_or("");
    ErrorInfo {
        code,
        message: match reason {
            Some(r) => crate::kit::mask::scrub_text(&format!("Adyen {event} failed: {r}")),
            None => format!("Adyen {event} failed"),
        },
        connector_code: None,
        connector_message: reason.map(str::to_string),
        decline_code: None,
        advice_code: None,
        decline_type,
    }
}

fn payment_event(item: &NotificationItem, code: &str, ok: PaymentStatus, failed: PaymentStatus) -> WebhookEvent {
    let mut e = WebhookEvent::new(WebhookEventKind::Payment, code);
    let status = if item.success() { ok } else { failed };
    e.payment_status = Some(status);
    match &item.original_reference {
        // A modification (capture, cancel): its pspReference is the modification's own.
        Some(original) if !original.is_empty() => e.connector_transaction_id = Some(original.clone()),
        // The payment itself (AUTHORISATION): merchantReference is the payment's reference.
        _ => {
            e.connector_transaction_id = item.psp_reference.clone();
            e.merchant_transaction_id = item.merchant_reference.clone().filter(|r| !r.is_empty());
        }
    }
    if matches!(status, PaymentStatus::Failure | PaymentStatus::CaptureFailed | PaymentStatus::VoidFailed) {
        let authorisation = code == "AUTHORISATION";
        let (fallback, decline) =
            if authorisation { (U::CardDeclined, Some(DeclineType::Soft)) } else { (U::ProcessingError, None) };
        e.error = Some(event_error(item, fallback, decline));
    }
    if code == "AUTHORISATION" && item.success() {
        e.mandate_reference = item.token().map(str::to_string);
    }
    e
}

fn refund_event(item: &NotificationItem, code: &str, ok: RefundStatus, failed: RefundStatus) -> WebhookEvent {
    let mut e = WebhookEvent::new(WebhookEventKind::Refund, code);
    let status = if item.success() { ok } else { failed };
    e.refund_status = Some(status);
    e.connector_refund_id = item.psp_reference.clone();
    e.connector_transaction_id = item.original_reference.clone().filter(|r| !r.is_empty());
    // The refund request's `reference`, which our refund sends as merchantRefundId.
    e.merchant_refund_id = item.merchant_reference.clone().filter(|r| !r.is_empty());
    if status == RefundStatus::Failure {
        e.error = Some(event_error(item, U::ProcessingError, None));
    }
    e
}

fn event(item: &NotificationItem) -> WebhookEvent {
    let code = item.event_code.clone().unwrap_or_default();
    let mut e = match event_meaning(&code) {
        Some(EventMeaning::Payment { ok, failed }) => payment_event(item, &code, ok, failed),
        Some(EventMeaning::Refund { ok, failed }) => refund_event(item, &code, ok, failed),
        Some(EventMeaning::CancelOrRefund) => match item.additional("modification.action") {
            Some("refund") => refund_event(item, &code, RefundStatus::Success, RefundStatus::Failure),
            Some("cancel") => payment_event(item, &code, PaymentStatus::Voided, PaymentStatus::VoidFailed),
            // Which of the two happened is not said: reported, not guessed into a status.
            _ => {
                let mut e = WebhookEvent::new(WebhookEventKind::Other, &code);
                e.connector_transaction_id = item.original_reference.clone().filter(|r| !r.is_empty());
                e
            }
        },
        Some(EventMeaning::Mandate) => {
            let mut e = WebhookEvent::new(WebhookEventKind::Mandate, &code);
            if item.success() {
                e.mandate_reference = item.psp_reference.clone().filter(|r| !r.is_empty());
            } else {
                e.error = Some(event_error(item, U::ProcessingError, None));
            }
            e.connector_transaction_id = item
                .original_psp
                .clone()
                .or_else(|| item.original_reference.clone())
                .filter(|r| !r.is_empty());
            e.merchant_transaction_id = item.merchant_reference.clone().filter(|r| !r.is_empty());
            e
        }
        Some(EventMeaning::Dispute) => {
            let mut e = WebhookEvent::new(WebhookEventKind::Dispute, &code);
            e.connector_transaction_id = item.original_reference.clone().filter(|r| !r.is_empty());
            super::disputes::fill_dispute_event(&mut e, &code, item.psp_reference.as_deref(), |k| item.additional(k).map(str::to_string));
            e
        }
        None => {
            let mut e = WebhookEvent::new(WebhookEventKind::Other, &code);
            e.connector_transaction_id = item
                .original_reference
                .clone()
                .filter(|r| !r.is_empty())
                .or_else(|| item.psp_reference.clone());
            e
        }
    };
    e.connector_event_id = item.psp_reference.clone().filter(|r| !r.is_empty());
    e.amount = item.amount();
    e.occurred_at = item.event_date.clone().filter(|d| !d.is_empty());
    e
}

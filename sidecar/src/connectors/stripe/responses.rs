//! Stripe's response types (only the fields we read; Stripe adds fields freely) and the
//! reading of a PaymentIntent or an error into the unified result.

use super::mapping::{error_info, payment_status, refund_failure, refund_status, setup_status};
use super::requests::stripe_exponent;
use crate::kit::money::iso_minor_units_from;
use crate::protocol::{
    CustomerResult, CustomerStatus, ErrorInfo, HttpResponse, Money, NextAction, NextActionType, PaymentResult, PaymentStatus, RedirectMethod,
    Redirection, RefundResult, RefundStatus, SidecarError,
};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
pub struct StripePaymentIntent {
    pub id: String,
    pub status: String,
    pub amount: Option<i64>,
    pub amount_capturable: Option<i64>,
    pub amount_received: Option<i64>,
    pub currency: Option<String>,
    pub customer: Option<StripeExpandable<StripeObjectId>>,
    pub payment_method: Option<StripeExpandable<StripeObjectId>>,
    pub setup_future_usage: Option<String>,
    pub latest_charge: Option<StripeExpandable<StripeCharge>>,
    pub next_action: Option<StripeNextAction>,
    pub last_payment_error: Option<StripeError>,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
}

/// Any expanded object, read for its id only.
#[derive(Debug, Deserialize)]
pub struct StripeObjectId {
    pub id: String,
}

impl StripeExpandable<StripeObjectId> {
    pub fn id(&self) -> &str {
        match self {
            StripeExpandable::Object(o) => &o.id,
            StripeExpandable::Id(id) => id,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct StripeSetupIntent {
    pub id: String,
    pub status: String,
    pub customer: Option<StripeExpandable<StripeObjectId>>,
    pub payment_method: Option<StripeExpandable<StripeObjectId>>,
    pub next_action: Option<StripeNextAction>,
    pub last_setup_error: Option<StripeError>,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
pub struct StripeRefund {
    pub id: String,
    pub status: Option<String>,
    pub amount: i64,
    pub currency: String,
    pub payment_intent: Option<StripeExpandable<StripeObjectId>>,
    pub failure_reason: Option<String>,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
pub struct StripeCustomer {
    pub id: String,
}

/// Stripe returns an id, or the object when expanded.
#[derive(Debug)]
pub enum StripeExpandable<T> {
    Object(T),
    Id(String),
}

/// What `#[serde(untagged)]` would do for a struct `T` (an object or array is read as `T`, a
/// string is the id, anything else is refused with the derive's message at the same position),
/// read in one pass: no copy of the value into serde's intermediate tree, nor into a raw text
/// parsed again (the expanded charge is most of a PaymentIntent's body: reading it twice was a
/// third of the time of reading one). One difference, in errors only: an object or array that
/// is JSON but not a `T` is refused where `T` stopped reading it, with `T`'s message, where the
/// derive says "did not match any variant" after it (a caller sees a 1006 "unexpected JSON at
/// line L column C" either way).
impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for StripeExpandable<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ExpandableVisitor(std::marker::PhantomData))
    }
}

struct ExpandableVisitor<T>(std::marker::PhantomData<T>);

const NO_VARIANT: &str = "data did not match any variant of untagged enum StripeExpandable";

impl<'de, T: serde::de::DeserializeOwned> serde::de::Visitor<'de> for ExpandableVisitor<T> {
    type Value = StripeExpandable<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an id or an expanded object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(StripeExpandable::Object)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(StripeExpandable::Object)
    }

    fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<Self::Value, E> {
        Ok(StripeExpandable::Id(id.to_string()))
    }

    fn visit_string<E: serde::de::Error>(self, id: String) -> Result<Self::Value, E> {
        Ok(StripeExpandable::Id(id))
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Err(E::custom(NO_VARIANT))
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(E::custom(NO_VARIANT))
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(E::custom(NO_VARIANT))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(E::custom(NO_VARIANT))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Err(E::custom(NO_VARIANT))
    }

    fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> Result<Self::Value, E> {
        Err(E::custom(NO_VARIANT))
    }
}

#[derive(Debug, Deserialize)]
pub struct StripeCharge {
    pub payment_method_details: Option<StripePaymentMethodDetails>,
}

#[derive(Debug, Deserialize)]
pub struct StripePaymentMethodDetails {
    pub card: Option<StripeCardDetails>,
}

#[derive(Debug, Deserialize)]
pub struct StripeCardDetails {
    pub network_transaction_id: Option<String>,
}

/// `next_action` of a PaymentIntent or SetupIntent (spec3 `payment_intent_next_action`): the
/// objects we turn into a redirection or a nextAction.
#[derive(Debug, Deserialize)]
pub struct StripeNextAction {
    #[serde(rename = "type")]
    pub kind: String,
    pub redirect_to_url: Option<StripeRedirectToUrl>,
    pub alipay_handle_redirect: Option<StripeRedirectToUrl>,
    pub boleto_display_details: Option<StripeVoucher>,
    pub oxxo_display_details: Option<StripeVoucher>,
    pub konbini_display_details: Option<StripeKonbini>,
    pub pix_display_qr_code: Option<StripeQrCode>,
    pub wechat_pay_display_qr_code: Option<StripeQrCode>,
    pub cashapp_handle_redirect_or_display_qr_code: Option<StripeCashApp>,
    pub verify_with_microdeposits: Option<StripeMicrodeposits>,
}

#[derive(Debug, Deserialize)]
pub struct StripeRedirectToUrl {
    pub url: Option<String>,
}

/// `boleto_display_details` (`expires_at`) and `oxxo_display_details` (`expires_after`), unix seconds.
#[derive(Debug, Deserialize)]
pub struct StripeVoucher {
    pub number: Option<String>,
    pub hosted_voucher_url: Option<String>,
    pub expires_at: Option<i64>,
    pub expires_after: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct StripeKonbini {
    pub hosted_voucher_url: Option<String>,
    pub expires_at: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct StripeQrCode {
    pub data: Option<String>,
    pub hosted_instructions_url: Option<String>,
    pub expires_at: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct StripeCashApp {
    pub hosted_instructions_url: Option<String>,
    pub mobile_auth_url: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct StripeMicrodeposits {
    pub hosted_verification_url: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct StripeErrorBody {
    pub error: StripeError,
}

#[derive(Debug, Deserialize)]
pub struct StripeError {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub code: Option<String>,
    pub decline_code: Option<String>,
    pub advice_code: Option<String>,
    pub message: Option<String>,
    pub payment_intent: Option<StripeErrorIntent>,
    /// Set instead of `payment_intent` when a SetupIntent's confirmation failed.
    pub setup_intent: Option<StripeErrorIntent>,
}

#[derive(Debug, Deserialize)]
pub struct StripeErrorIntent {
    pub id: String,
    pub status: Option<String>,
}

/// Stripe's amount in `currency` (lower case, as Stripe writes it) → unified ISO minor units.
pub fn iso_money(amount: i64, currency: &str) -> Option<Money> {
    let cur = currency.to_ascii_uppercase();
    stripe_exponent(&cur).and_then(|e| iso_minor_units_from(amount, &cur, e))
}

/// What an error answer means for the flow that got it: which status a Stripe error body gives.
#[derive(Debug, Clone, Copy)]
pub enum OnError {
    /// A new payment (authorize, repeatPayment, setupMandate): a 4xx charged nothing.
    Failed,
    /// capture / void: the payment itself stands as it was; the operation failed.
    OperationFailed(PaymentStatus),
    /// psync: we could not read the status; nothing is known about the money.
    Unknown,
}

pub fn parse_payment_intent_response(response: &HttpResponse, on_error: OnError) -> Result<PaymentResult, SidecarError> {
    if response.is_success() {
        let pi: StripePaymentIntent = response.json()?;
        Ok(from_payment_intent(pi, response.status))
    } else {
        let body: StripeErrorBody = response.json()?;
        Ok(from_error(body.error, response.status, on_error))
    }
}

/// A PaymentIntent's unified status: `succeeded` with less received than authorized is
/// `partial_charged` (a partial capture is final; the rest was released). With multicapture
/// (`final_capture=false`, not in API 2023-08-16) the intent stays `requires_capture` while
/// money was already received: also `partial_charged`.
pub fn intent_status(pi: &StripePaymentIntent) -> PaymentStatus {
    let status = payment_status(&pi.status, pi.last_payment_error.is_some());
    let received = pi.amount_received.unwrap_or(0);
    match status {
        PaymentStatus::Charged if pi.amount.is_some_and(|a| received < a) => PaymentStatus::PartialCharged,
        PaymentStatus::Authorized if received > 0 => PaymentStatus::PartialCharged,
        s => s,
    }
}

/// The card a payment saved for later (`setup_future_usage`), once the payment went through:
/// the PaymentMethod id is the mandate reference for repeatPayment.
pub fn saved_payment_method(pi: &StripePaymentIntent, status: PaymentStatus) -> Option<String> {
    let went_through = matches!(
        status,
        PaymentStatus::Charged | PaymentStatus::PartialCharged | PaymentStatus::Authorized | PaymentStatus::Authorizing
    );
    if pi.setup_future_usage.is_none() || !went_through {
        return None;
    }
    pi.payment_method.as_ref().map(|p| p.id().to_string())
}

fn from_payment_intent(pi: StripePaymentIntent, http_status: u16) -> PaymentResult {
    let status = intent_status(&pi);
    let mut result = PaymentResult::new(status, http_status);
    result.connector_status = Some(pi.status.clone());
    result.network_transaction_id = match &pi.latest_charge {
        Some(StripeExpandable::Object(charge)) => charge
            .payment_method_details
            .as_ref()
            .and_then(|d| d.card.as_ref())
            .and_then(|c| c.network_transaction_id.clone()),
        _ => None,
    };
    result.redirection = redirection_of(pi.next_action.as_ref());
    result.next_action = next_action_of(pi.next_action.as_ref());
    if pi.status == "requires_action" && result.next_action.as_ref().is_some_and(|a| a.kind != NextActionType::Redirect) {
        // Not an authentication: the shopper pays a voucher or code, or approves in an app.
        result.status = PaymentStatus::Pending;
    }
    if let (Some(received), Some(currency)) = (pi.amount_received, pi.currency.as_deref()) {
        if received > 0 {
            result.amount_captured = iso_money(received, currency);
        }
    }
    if status == PaymentStatus::Failure {
        result.error = pi.last_payment_error.as_ref().map(|e| error_info(e, http_status));
    }
    result.connector_customer_id = pi.customer.as_ref().map(|c| c.id().to_string());
    result.mandate_reference = saved_payment_method(&pi, status);
    result.connector_transaction_id = Some(pi.id);
    result
}

fn from_error(error: StripeError, http_status: u16, on_error: OnError) -> PaymentResult {
    // A 5xx leaves the outcome unknown: the merchant must sync, not retry blindly. A 4xx on a
    // new payment charged nothing; on capture/void the payment stays as it was.
    let status = match on_error {
        _ if http_status >= 500 => PaymentStatus::Unresolved,
        OnError::Failed => PaymentStatus::Failure,
        OnError::OperationFailed(s) => s,
        OnError::Unknown => PaymentStatus::Unresolved,
    };
    let mut result = PaymentResult::new(status, http_status);
    if let Some(pi) = &error.payment_intent {
        result.connector_transaction_id = Some(pi.id.clone());
        result.connector_status = pi.status.clone();
    }
    let info: ErrorInfo = error_info(&error, http_status);
    result.error = Some(info);
    result
}

fn redirection_of(action: Option<&StripeNextAction>) -> Option<Redirection> {
    let action = action?;
    let target = match action.kind.as_str() {
        "redirect_to_url" => action.redirect_to_url.as_ref(),
        "alipay_handle_redirect" => action.alipay_handle_redirect.as_ref(),
        _ => None,
    };
    let url = target?.url.clone()?;
    Some(Redirection { url, method: RedirectMethod::GET, form: None })
}

/// What the shopper must do, from `next_action.type` (https://docs.stripe.com/api/payment_intents/object#payment_intent_object-next_action):
/// (a redirect is `redirection`); a voucher to pay (Boleto, OXXO, Konbini); a QR code (Pix, WeChat Pay); an approval
/// in the bank's or wallet's app (BLIK `blik_authorize`, Cash App); microdeposits to verify (ACH).
/// `use_stripe_sdk` is for Stripe.js and has nothing for a server to show.
fn next_action_of(action: Option<&StripeNextAction>) -> Option<NextAction> {
    let action = action?;
    let iso = |t: Option<i64>| t.map(crate::kit::time::iso8601_utc);
    let mut next = match action.kind.as_str() {
        // The shopper's browser goes to the URL: `redirection` says it all.
        "redirect_to_url" | "alipay_handle_redirect" => return None,
        "boleto_display_details" | "oxxo_display_details" => {
            let v = action.boleto_display_details.as_ref().or(action.oxxo_display_details.as_ref())?;
            let mut n = NextAction::new(NextActionType::DisplayVoucher);
            n.url = v.hosted_voucher_url.clone();
            n.reference = v.number.clone();
            n.expires_at = iso(v.expires_at.or(v.expires_after));
            n
        }
        "konbini_display_details" => {
            let k = action.konbini_display_details.as_ref()?;
            let mut n = NextAction::new(NextActionType::DisplayVoucher);
            n.url = k.hosted_voucher_url.clone();
            n.expires_at = iso(k.expires_at);
            n
        }
        "pix_display_qr_code" | "wechat_pay_display_qr_code" => {
            let q = action.pix_display_qr_code.as_ref().or(action.wechat_pay_display_qr_code.as_ref())?;
            let mut n = NextAction::new(NextActionType::DisplayQrCode);
            n.qr_data = q.data.clone();
            n.url = q.hosted_instructions_url.clone();
            n.expires_at = iso(q.expires_at);
            n
        }
        "cashapp_handle_redirect_or_display_qr_code" => {
            let c = action.cashapp_handle_redirect_or_display_qr_code.as_ref()?;
            let mut n = NextAction::new(NextActionType::DisplayQrCode);
            n.url = c.hosted_instructions_url.clone().or_else(|| c.mobile_auth_url.clone());
            n
        }
        "verify_with_microdeposits" => {
            let mut n = NextAction::new(NextActionType::Redirect);
            n.url = action.verify_with_microdeposits.as_ref()?.hosted_verification_url.clone();
            n
        }
        "blik_authorize" => NextAction::new(NextActionType::AwaitApproval),
        _ => return None,
    };
    if next.kind == NextActionType::Redirect && next.url.is_none() {
        next = NextAction::new(NextActionType::AwaitApproval);
    }
    Some(next)
}

/// setupMandate: a SetupIntent, or an error (a declined card comes back as a 402 card_error
/// that names the SetupIntent).
pub fn parse_setup_intent_response(response: &HttpResponse) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        let body: StripeErrorBody = response.json()?;
        let setup_intent = body.error.setup_intent.as_ref().map(|si| (si.id.clone(), si.status.clone()));
        let mut result = from_error(body.error, response.status, OnError::Failed);
        if let Some((id, status)) = setup_intent {
            result.connector_transaction_id = Some(id);
            result.connector_status = status;
        }
        return Ok(result);
    }
    let si: StripeSetupIntent = response.json()?;
    let status = setup_status(&si.status, si.last_setup_error.is_some());
    let mut result = PaymentResult::new(status, response.status);
    result.connector_status = Some(si.status.clone());
    result.redirection = redirection_of(si.next_action.as_ref());
    result.next_action = next_action_of(si.next_action.as_ref());
    result.connector_customer_id = si.customer.as_ref().map(|c| c.id().to_string());
    if status == PaymentStatus::Charged {
        result.mandate_reference = si.payment_method.as_ref().map(|p| p.id().to_string());
    }
    if status == PaymentStatus::Failure {
        result.error = si.last_setup_error.as_ref().map(|e| error_info(e, response.status));
    }
    result.connector_transaction_id = Some(si.id);
    Ok(result)
}

/// The unified refund of a Stripe Refund object.
pub fn from_refund(refund: &StripeRefund, http_status: u16) -> RefundResult {
    let word = refund.status.as_deref().unwrap_or("pending");
    let status = refund_status(word);
    let mut result = RefundResult::new(status, http_status);
    result.connector_refund_id = Some(refund.id.clone());
    result.connector_status = refund.status.clone();
    result.refund_amount = iso_money(refund.amount, &refund.currency);
    if status == RefundStatus::Failure {
        result.error = Some(refund_failure(refund.failure_reason.as_deref()));
    }
    result
}

/// How a refund error answer reads, by flow.
#[derive(Debug, Clone, Copy)]
pub enum RefundOnError {
    /// refund: a 4xx made no refund; a 5xx may have (retry with the same idempotency key).
    Create,
    /// rsync: the status could not be read: a person must look (nothing is known).
    Read,
}

pub fn parse_refund_response(response: &HttpResponse, on_error: RefundOnError) -> Result<RefundResult, SidecarError> {
    if response.is_success() {
        let refund: StripeRefund = response.json()?;
        return Ok(from_refund(&refund, response.status));
    }
    let body: StripeErrorBody = response.json()?;
    let status = match on_error {
        RefundOnError::Create if response.status >= 500 => RefundStatus::Pending,
        RefundOnError::Create => RefundStatus::Failure,
        RefundOnError::Read => RefundStatus::ManualReview,
    };
    let mut result = RefundResult::new(status, response.status);
    result.error = Some(error_info(&body.error, response.status));
    Ok(result)
}

pub fn parse_customer_response(response: &HttpResponse) -> Result<CustomerResult, SidecarError> {
    if response.is_success() {
        let customer: StripeCustomer = response.json()?;
        return Ok(CustomerResult {
            status: CustomerStatus::Success,
            connector_customer_id: Some(customer.id),
            error: None,
            http_status: response.status,
        });
    }
    let body: StripeErrorBody = response.json()?;
    Ok(CustomerResult {
        status: CustomerStatus::Failure,
        connector_customer_id: None,
        error: Some(error_info(&body.error, response.status)),
        http_status: response.status,
    })
}

#[cfg(test)]
mod expandable_tests {
    use super::*;

    /// The derive this type's Deserialize replaces, as the reference.
    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    enum UntaggedExpandable<T> {
        Object(T),
        // Only which variant matched is compared, never the id itself.
        Id(#[allow(dead_code)] String),
    }

    #[derive(Debug, Deserialize)]
    struct WithDerive {
        #[allow(dead_code)]
        latest_charge: Option<UntaggedExpandable<StripeCharge>>,
    }

    #[derive(Debug, Deserialize)]
    struct WithOurs {
        #[allow(dead_code)]
        latest_charge: Option<StripeExpandable<StripeCharge>>,
    }

    /// Same value as the derive, or an error too: the same message at the same line and column,
    /// except for an object (or array) that `T` refuses, which ours refuses where `T` stopped
    /// reading (inside it), the derive after it; both are refused.
    #[test]
    fn reads_exactly_as_the_untagged_derive() {
        let bodies = [
            r#"{"latest_charge": "ch_1"}"#,
            r#"{"latest_charge": null}"#,
            r#"{}"#,
            r#"{"latest_charge": {"id": "ch_1", "payment_method_details": {"card": {"network_transaction_id": "n1"}}}}"#,
            r#"{"latest_charge": {"id": "ch_\u00e9\"x", "other": [1, {"a": null}], "payment_method_details": null}}"#,
            r#"{"latest_charge": {"payment_method_details": {}}, "after": 1}"#,
            r#"{"latest_charge": {"id": 7}}"#,
            r#"{"latest_charge": {"id": "a", "id": "b"}}"#,
            r#"{"latest_charge": ["ch_1", null]}"#,
            r#"{"latest_charge": 12}"#,
            r#"{"latest_charge": true, "x": 2}"#,
            r#"{"latest_charge": {"id": "ch_1", "payment_method_details": {"card": 5}}}"#,
            r#"{"latest_charge": {"id": "ch_1"}"#,
            r#"{"latest_charge": [{"card": null}]}"#,
            r#"{"latest_charge": []}"#,
            r#"{"latest_charge": {}}"#,
            r#"{"latest_charge": "ch_\u00e9", "latest_charge": null}"#,
            r#"{"latest_charge": 1.5e3}"#,
            r#"{"latest_charge": -4}"#,
            r#"{"latest_charge": "unterminated}"#,
            r#"{"latest_charge": {"id": "ch_1", "x": }}"#,
            r#"{"latest_charge": {"payment_method_details": {"card": {"network_transaction_id": "n1"}}, "y": [1, }}"#,
        ];
        // Valid JSON whose `latest_charge` is an object or array: where `T` refuses one, ours says
        // so where `T` stopped, with `T`'s message.
        fn is_json(body: &str) -> bool {
            serde_json::from_str::<serde_json::Value>(body).is_ok()
        }
        fn refused_inside(body: &str) -> bool {
            serde_json::from_str::<serde_json::Value>(body).is_ok_and(|v| v["latest_charge"].is_object() || v["latest_charge"].is_array())
        }
        for body in bodies {
            let ours = serde_json::from_str::<WithOurs>(body).map(|v| format!("{v:?}").replace("Untagged", "Stripe"));
            let derive = serde_json::from_str::<WithDerive>(body).map(|v| format!("{v:?}").replace("Untagged", "Stripe"));
            match (ours, derive) {
                (Ok(a), Ok(b)) => assert_eq!(a.replace("WithOurs", "W"), b.replace("WithDerive", "W"), "{body}"),
                (Err(a), Err(b)) if refused_inside(body) => assert_eq!(a.line(), b.line(), "{body}: {a} / {b}"),
                // A number or boolean: the same message, one column apart at most (ours is placed
                // at the value's last character, the derive's after it).
                (Err(a), Err(b)) if is_json(body) => {
                    let text = |e: &serde_json::Error| e.to_string().split(" at line").next().unwrap().replace("StripeExpandable", "E").replace("UntaggedExpandable", "E");
                    assert_eq!(text(&a), text(&b), "{body}");
                    assert!(a.line() == b.line() && a.column().abs_diff(b.column()) <= 1, "{body}: {a} / {b}");
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string().replace("StripeExpandable", "E"), b.to_string().replace("UntaggedExpandable", "E"), "{body}"),
                (a, b) => panic!("{body}: ours {a:?}, derive {b:?}"),
            }
            // Webhooks read data.object from a Value (stripe/webhooks.rs): the same there.
            let Ok(value) = serde_json::from_str::<serde_json::Value>(body) else { continue };
            let ours = serde_json::from_value::<WithOurs>(value.clone()).map(|v| format!("{v:?}").replace("WithOurs", "W"));
            let derive = serde_json::from_value::<WithDerive>(value).map(|v| format!("{v:?}").replace("WithDerive", "W").replace("Untagged", "Stripe"));
            match (ours, derive) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "from a Value: {body}"),
                (Err(_), Err(_)) if refused_inside(body) => {}
                (Err(a), Err(b)) => assert_eq!(a.to_string().replace("StripeExpandable", "E"), b.to_string().replace("UntaggedExpandable", "E"), "from a Value: {body}"),
                (a, b) => panic!("from a Value: {body}: ours {a:?}, derive {b:?}"),
            }
        }
    }
}

//! Rapyd's answers: the envelope `{status: {error_code, status, message, response_code,
//! operation_id}, data}` around the Payment, Refund, Customer and Customer Payment Method objects
//! (https://docs.rapyd.net/en/response-format.html and the objects' pages), and how each is read.

use super::mapping::{api_error_code, error_code, payment_status, refund_status};
use crate::kit::money::{iso_exponent, parse_decimal_string};
use crate::kit::text::present_owned;
use crate::kit::time::iso8601_utc;
use crate::protocol::{
    BankDetails, CustomerResult, CustomerStatus, ErrorInfo, HttpResponse, MandateResult, MandateStatus, Money, NextAction, NextActionType, PaymentResult, PaymentStatus, RedirectMethod, Redirection,
    RefundResult, RefundStatus, SidecarError,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// `status` of every answer.
#[derive(Debug, Deserialize, Default)]
pub struct RapydStatus {
    pub error_code: Option<String>,
    pub status: Option<String>,
    pub message: Option<String>,
    pub response_code: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Envelope<T> {
    #[serde(default)]
    pub status: RapydStatus,
    pub data: Option<T>,
}

/// The Payment object (the fields this connector reads).
#[derive(Debug, Deserialize, Default)]
pub struct RapydPayment {
    pub id: Option<String>,
    /// Kept as JSON text: a decimal read exactly, never through a float.
    pub amount: Option<Box<serde_json::value::RawValue>>,
    pub currency_code: Option<String>,
    pub status: Option<String>,
    pub next_action: Option<String>,
    #[serde(default)]
    pub captured: bool,
    pub redirect_url: Option<String>,
    pub customer_token: Option<String>,
    pub payment_method: Option<String>,
    pub payment_method_data: Option<RapydPaymentMethodData>,
    pub merchant_reference_id: Option<String>,
    pub failure_code: Option<String>,
    pub failure_message: Option<String>,
    #[serde(default)]
    pub metadata: Option<Value>,
    /// `card`, `ewallet`, `cash`, `bank_redirect`, `bank_transfer`.
    pub payment_method_type_category: Option<String>,
    /// Codes the shopper gives to complete `instructions` (a cash payment's reference), named by
    /// their local label (`code`, `pay_code`, `payment_code`, ...).
    pub textual_codes: Option<Value>,
    /// Images for the same steps (a barcode or QR code), by label.
    pub visual_codes: Option<Value>,
    /// Unix time after which an unpaid payment expires.
    pub expiration: Option<Value>,
}

#[derive(Debug, Deserialize, Default)]
pub struct RapydPaymentMethodData {
    pub id: Option<String>,
    pub network_reference_id: Option<Value>,
}

/// The Refund object.
#[derive(Debug, Deserialize, Default)]
pub struct RapydRefund {
    pub id: Option<String>,
    pub amount: Option<Box<serde_json::value::RawValue>>,
    pub currency: Option<String>,
    pub status: Option<String>,
    pub payment: Option<String>,
    pub merchant_reference_id: Option<String>,
    pub failure_reason: Option<String>,
}

/// The Customer object.
#[derive(Debug, Deserialize, Default)]
pub struct RapydCustomer {
    pub id: Option<String>,
}

/// The Customer Payment Method object.
#[derive(Debug, Deserialize, Default)]
pub struct RapydCustomerPaymentMethod {
    pub id: Option<String>,
    pub customer: Option<String>,
    pub next_action: Option<String>,
    pub redirect_url: Option<String>,
    pub network_reference_id: Option<Value>,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    present_owned(s)
}

/// A Rapyd decimal amount (JSON text) back as unified Money; None unless exact in ISO minor units.
pub fn money(amount: Option<&serde_json::value::RawValue>, currency: Option<&str>) -> Option<Money> {
    let currency = currency?.trim().to_ascii_uppercase();
    let exponent = iso_exponent(&currency)?;
    let text = amount?.get().trim().trim_matches('"');
    // Rapyd writes decimals; a JSON exponent form (1e2) is not a plain decimal.
    let minor = parse_decimal_string(text, exponent)?;
    Some(Money { minor_amount: minor, currency })
}

/// A decline or API error, with Rapyd's code and message.
pub fn error_info(http_status: u16, code: Option<&str>, message: Option<&str>, what: &str) -> ErrorInfo {
    let code_word = code.map(str::trim).filter(|c| !c.is_empty());
    let unified = api_error_code(http_status, code_word);
    let decline_type = code_word.and_then(error_code).and_then(|(_, d)| d);
    let message_text = message.map(str::trim).filter(|m| !m.is_empty());
    ErrorInfo {
        code: unified,
        message: match message_text {
            Some(m) => format!("{what}: {m}"),
            None => what.to_string(),
        },
        connector_code: code_word.map(str::to_string),
        connector_message: message_text.map(str::to_string),
        decline_code: None,
        advice_code: None,
        decline_type,
    }
}

/// Reads the envelope: Ok(data) for `SUCCESS` with data; Err((status, error)) otherwise. A body
/// that is not Rapyd's envelope is ResponseDeserializationFailed, unless it is a bare gateway 5xx
/// or 429 (which says nothing).
fn envelope<T: DeserializeOwned>(response: &HttpResponse) -> Result<Result<T, (RapydStatus, Option<T>)>, SidecarError> {
    if response.body.trim().is_empty() && !response.is_success() {
        return Ok(Err((RapydStatus::default(), None)));
    }
    let env: Envelope<T> = match response.json::<Envelope<T>>() {
        Ok(env) => env,
        Err(_) if response.status >= 500 || response.status == 429 => return Ok(Err((RapydStatus::default(), None))),
        Err(e) => return Err(e),
    };
    let ok = response.is_success() && env.status.status.as_deref().map_or(true, |s| s.eq_ignore_ascii_case("SUCCESS"));
    match (ok, env.data) {
        (true, Some(data)) => Ok(Ok(data)),
        (true, None) => Err(SidecarError::undeserializable(response.status, &response.body, "Rapyd answered SUCCESS without a data object")),
        // Create Payment's errors carry the failed payment as `data` (Create Payment Error Examples).
        (false, data) => Ok(Err((env.status, data))),
    }
}

/// How a payment answer is read.
pub struct PaymentReading<'a> {
    /// The payment asked about (psync, capture, void): named even when the call fails.
    pub known_id: Option<&'a str>,
    /// A read (psync): a failed call says nothing about the payment.
    pub read_only: bool,
    /// What a refused call leaves the payment in (capture: capture_failed).
    pub refused: PaymentStatus,
    /// What a refused call was trying to do, for the error message.
    pub what: &'static str,
}

pub fn parse_payment(response: &HttpResponse, how: &PaymentReading) -> Result<PaymentResult, SidecarError> {
    match envelope::<RapydPayment>(response)? {
        Ok(payment) => {
            check_next_action(&payment, response)?;
            Ok(payment_result(&payment, response.status))
        }
        Err((status, data)) => {
            // A 5xx, or a read that failed: the payment's state is unknown.
            let unknown = response.status >= 500 || response.status == 429 || how.read_only;
            let mut result = PaymentResult::new(if unknown { PaymentStatus::Unresolved } else { how.refused }, response.status);
            result.connector_transaction_id =
                data.as_ref().and_then(|p: &RapydPayment| nonempty(&p.id)).or_else(|| how.known_id.map(str::to_string));
            if let Some(p) = &data {
                result.connector_status = nonempty(&p.status);
            }
            let what = if response.status >= 500 { "Rapyd could not process the call (its outcome is unknown)" } else { how.what };
            let code = status.error_code.as_deref().or(status.response_code.as_deref());
            result.error = Some(error_info(response.status, code, status.message.as_deref(), what));
            Ok(result)
        }
    }
}

/// Rapyd's `next_action` values (the Payment object's NextAction enum): another one says something
/// this connector cannot read into a payment state.
pub const NEXT_ACTIONS: &[&str] = &["3d_verification", "pending_capture", "pending_confirmation", "not_applicable"];

/// ResponseDeserializationFailed for a `next_action` outside Rapyd's enum, named (as Rapyd wrote
/// it, cut to 40 printable characters).
pub fn check_next_action(p: &RapydPayment, response: &HttpResponse) -> Result<(), SidecarError> {
    match p.next_action.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(action) if !NEXT_ACTIONS.contains(&action) => {
            let shown: String = action.chars().filter(|c| c.is_ascii_graphic()).take(40).collect();
            Err(SidecarError::undeserializable(
                response.status,
                &response.body,
                &format!("Rapyd answered next_action `{shown}`, which its Payment object does not list (3d_verification, pending_capture, pending_confirmation, not_applicable)"),
            ))
        }
        _ => Ok(()),
    }
}

/// The envelope read for an object whose error carries no data: Ok(object) or Err(Rapyd's status).
pub fn envelope_of<T: DeserializeOwned>(response: &HttpResponse) -> Result<Result<T, RapydStatus>, SidecarError> {
    Ok(envelope::<T>(response)?.map_err(|(status, _)| status))
}

/// The unified result of a Payment object.
pub fn payment_result(p: &RapydPayment, http_status: u16) -> PaymentResult {
    let status = payment_status(p.status.as_deref(), p.next_action.as_deref(), p.captured);
    let mut result = PaymentResult::new(status, http_status);
    result.connector_transaction_id = nonempty(&p.id);
    result.connector_status = nonempty(&p.status);
    if matches!(status, PaymentStatus::AuthenticationPending | PaymentStatus::Pending) {
        result.redirection = nonempty(&p.redirect_url).map(|url| Redirection { url, method: RedirectMethod::GET, form: None });
        result.next_action = shopper_action(p);
    }
    if status == PaymentStatus::Charged {
        result.amount_captured = money(p.amount.as_deref(), p.currency_code.as_deref());
    }
    if let Some(network) = p.payment_method_data.as_ref().and_then(|d| d.network_reference_id.as_ref()) {
        result.network_transaction_id = match network {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
    }
    if status == PaymentStatus::Failure {
        let what = "Rapyd declined the payment";
        result.error = Some(error_info(http_status, p.failure_code.as_deref(), p.failure_message.as_deref(), what));
    }
    result
}

/// The first non-empty text value of a codes object, in Rapyd's documented order of labels
/// (Payment object, `textual_codes`) and then any other label.
fn first_code(codes: Option<&Value>) -> Option<String> {
    let map = codes?.as_object()?;
    const LABELS: &[&str] = &["code", "paycode", "pay_code", "payment_code", "payid", "pairing_code", "response_code"];
    LABELS.iter().find_map(|l| map.get(*l).and_then(code_text)).or_else(|| map.values().find_map(code_text))
}

/// A text value of a codes object.
fn code_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The value of the first of `labels` a codes object carries (labels compared without case).
fn labelled(codes: Option<&Value>, labels: &[&str]) -> Option<String> {
    let map = codes?.as_object()?;
    labels.iter().find_map(|l| map.iter().find(|(k, _)| k.trim().eq_ignore_ascii_case(l)).and_then(|(_, v)| code_text(v)))
}

/// What the shopper must do: a cash payment's reference at the point of sale, the image of it
/// (barcode) and when it expires (displayVoucher); a bank transfer's account and reference
/// (displayBankDetails); else the page `redirect_url` opens (3-D Secure, a wallet, a bank: redirect).
fn shopper_action(p: &RapydPayment) -> Option<NextAction> {
    let category = p.payment_method_type_category.as_deref().map(str::trim);
    let reference = first_code(p.textual_codes.as_ref());
    let expires_at = match &p.expiration {
        Some(Value::Number(n)) => n.as_i64().filter(|t| *t > 0).map(iso8601_utc),
        _ => None,
    };
    if category == Some("bank_transfer") {
        // Rapyd gives a bank transfer's account as `textual_codes`, each under its local label
        // ("the local name of the code, or some other label"), and the steps as `instructions`:
        // the labels Rapyd's API uses for the same data elsewhere (its Beneficiary object) are
        // read; any other code is the reference.
        let codes = p.textual_codes.as_ref();
        let mut details = BankDetails {
            account_number: labelled(codes, &["account_number", "bank_account_number"]),
            bank_name: labelled(codes, &["bank_name"]),
            bank_code: labelled(codes, &["bank_code"]),
            account_holder_name: labelled(codes, &["bank_account_holder_name", "beneficiary_name", "account_holder_name"]),
            iban: labelled(codes, &["iban"]),
            bic: labelled(codes, &["bic_swift", "bic", "swift"]),
            reference: labelled(codes, &["reference", "payment_reference", "code", "pay_code", "payment_code"]),
        };
        if details == BankDetails::default() {
            details.reference = reference.clone();
        }
        if details != BankDetails::default() {
            let mut action = NextAction::new(NextActionType::DisplayBankDetails);
            action.bank_details = Some(details);
            action.expires_at = expires_at;
            return Some(action);
        }
    }
    if category == Some("cash") || (reference.is_some() && category != Some("bank_transfer")) {
        let mut action = NextAction::new(NextActionType::DisplayVoucher);
        action.reference = reference;
        action.url = first_code(p.visual_codes.as_ref()).filter(|u| u.starts_with("https://") || u.starts_with("http://"));
        action.expires_at = expires_at;
        return Some(action);
    }
    match nonempty(&p.redirect_url) {
        Some(url) => {
            let mut action = NextAction::new(NextActionType::Redirect);
            action.url = Some(url);
            Some(action)
        }
        // "pending the confirmation for the payment" with no page to open: the shopper confirms
        // in their wallet or bank (a mobile money prompt on their phone).
        None if p.next_action.as_deref().map(str::trim) == Some("pending_confirmation") => Some(NextAction::new(NextActionType::AwaitApproval)),
        None => None,
    }
}

pub fn parse_refund(response: &HttpResponse, read_only: bool, known_id: Option<&str>) -> Result<RefundResult, SidecarError> {
    match envelope::<RapydRefund>(response)? {
        Ok(refund) => {
            let status = refund_status(refund.status.as_deref());
            let mut result = RefundResult::new(status, response.status);
            result.connector_refund_id = nonempty(&refund.id).or_else(|| known_id.map(str::to_string));
            result.connector_status = nonempty(&refund.status);
            result.refund_amount = money(refund.amount.as_deref(), refund.currency.as_deref());
            if status == RefundStatus::Failure {
                result.error = Some(error_info(response.status, None, refund.failure_reason.as_deref(), "Rapyd did not make the refund"));
            }
            Ok(result)
        }
        Err((status, _)) => {
            // A refused refund was not made; a 5xx or a failed read says nothing: pending, so that
            // nobody refunds twice.
            let unknown = response.status >= 500 || response.status == 429 || read_only;
            let mut result = RefundResult::new(if unknown { RefundStatus::Pending } else { RefundStatus::Failure }, response.status);
            result.connector_refund_id = known_id.map(str::to_string);
            let what = if response.status >= 500 {
                "Rapyd could not process the call (its outcome is unknown)"
            } else if read_only {
                "Rapyd could not read the refund"
            } else {
                "Rapyd refused the refund"
            };
            let code = status.error_code.as_deref().or(status.response_code.as_deref());
            result.error = Some(error_info(response.status, code, status.message.as_deref(), what));
            Ok(result)
        }
    }
}

pub fn parse_customer(response: &HttpResponse) -> Result<CustomerResult, SidecarError> {
    match envelope::<RapydCustomer>(response)? {
        Ok(c) => Ok(CustomerResult {
            status: CustomerStatus::Success,
            connector_customer_id: nonempty(&c.id),
            error: None,
            http_status: response.status,
        }),
        Err((status, _)) => {
            let code = status.error_code.as_deref().or(status.response_code.as_deref());
            Ok(CustomerResult {
                status: CustomerStatus::Failure,
                connector_customer_id: None,
                error: Some(error_info(response.status, code, status.message.as_deref(), "Rapyd did not create the customer")),
                http_status: response.status,
            })
        }
    }
}

/// A card saved under a customer: its id is the mandate; 3-D Secure may be pending first.
pub fn parse_saved_payment_method(response: &HttpResponse, customer: &str) -> Result<PaymentResult, SidecarError> {
    match envelope::<RapydCustomerPaymentMethod>(response)? {
        Ok(pm) => {
            let pending = pm.next_action.as_deref() == Some("3d_verification");
            let status = if pending { PaymentStatus::AuthenticationPending } else { PaymentStatus::Charged };
            let mut result = PaymentResult::new(status, response.status);
            result.mandate_reference = nonempty(&pm.id);
            result.connector_customer_id = nonempty(&pm.customer).or_else(|| Some(customer.to_string()));
            if pending {
                result.redirection = nonempty(&pm.redirect_url).map(|url| Redirection { url, method: RedirectMethod::GET, form: None });
            }
            if let Some(Value::String(s)) = &pm.network_reference_id {
                result.network_transaction_id = Some(s.clone()).filter(|s| !s.trim().is_empty());
            }
            Ok(result)
        }
        Err((status, _)) => {
            let unknown = response.status >= 500 || response.status == 429;
            let mut result = PaymentResult::new(if unknown { PaymentStatus::Unresolved } else { PaymentStatus::Failure }, response.status);
            let code = status.error_code.as_deref().or(status.response_code.as_deref());
            result.error = Some(error_info(response.status, code, status.message.as_deref(), "Rapyd did not save the card"));
            Ok(result)
        }
    }
}

/// Delete Payment Method's `data`: `{id, deleted}`.
#[derive(Debug, Deserialize, Default)]
pub struct RapydDeleted {
    pub id: Option<String>,
    #[serde(default)]
    pub deleted: bool,
}

pub fn parse_deleted_payment_method(response: &HttpResponse, mandate: &str) -> Result<MandateResult, SidecarError> {
    match envelope::<RapydDeleted>(response)? {
        Ok(d) if d.deleted => {
            let mut result = MandateResult::new(MandateStatus::Revoked, response.status);
            result.mandate_reference = nonempty(&d.id).or_else(|| Some(mandate.to_string()));
            Ok(result)
        }
        Ok(_) => {
            let mut result = MandateResult::new(MandateStatus::Failure, response.status);
            result.mandate_reference = Some(mandate.to_string());
            result.error = Some(error_info(response.status, None, None, "Rapyd answered that the payment method was not deleted"));
            Ok(result)
        }
        Err((status, _)) => {
            let mut result = MandateResult::new(MandateStatus::Failure, response.status);
            result.mandate_reference = Some(mandate.to_string());
            let code = status.error_code.as_deref().or(status.response_code.as_deref());
            result.error = Some(error_info(response.status, code, status.message.as_deref(), "Rapyd did not delete the payment method"));
            Ok(result)
        }
    }
}

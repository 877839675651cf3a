//! Mollie's answers (the Payment, Capture, Refund, Customer and Mandate objects, and the error
//! object `{status, title, detail, field}` of "Handling errors"), and how each is read.

use super::mapping::{capture_status, currency_decimals, failure_reason, http_error_code, outcome_unknown, payment_status, refund_status};
use crate::kit::money::parse_decimal_string;
use crate::kit::text::present_owned;
use crate::protocol::{
    BankDetails, CustomerResult, CustomerStatus, DeclineType, DisputeResult, DisputeStatus, ErrorInfo, HttpResponse, MandateResult, MandateStatus, Money, NextAction, NextActionType,
    PaymentResult, PaymentStatus, RedirectMethod, Redirection, RefundResult, RefundStatus, SidecarError, UnifiedErrorCode,
};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize, Default, Clone)]
pub struct Amount {
    pub currency: Option<String>,
    pub value: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Link {
    pub href: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Links {
    pub checkout: Option<Link>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PaymentDetails {
    pub failure_reason: Option<String>,
    pub failure_message: Option<String>,
    pub bank_reason_code: Option<String>,
    pub bank_reason: Option<String>,
    // Bank transfer: where the shopper pays, and the reference to quote.
    pub bank_name: Option<String>,
    pub bank_account: Option<String>,
    pub bank_bic: Option<String>,
    pub transfer_reference: Option<String>,
}

/// The Payment object (the fields this connector reads).
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct MolliePayment {
    pub id: Option<String>,
    pub status: Option<String>,
    pub amount: Option<Amount>,
    pub amount_captured: Option<Amount>,
    pub method: Option<String>,
    pub sequence_type: Option<String>,
    pub customer_id: Option<String>,
    pub mandate_id: Option<String>,
    pub details: Option<PaymentDetails>,
    pub expires_at: Option<String>,
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// The Capture object.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct MollieCapture {
    pub status: Option<String>,
    pub amount: Option<Amount>,
    pub payment_id: Option<String>,
}

/// The Refund object.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct MollieRefund {
    pub id: Option<String>,
    pub status: Option<String>,
    pub amount: Option<Amount>,
}

/// The Customer object.
#[derive(Debug, Deserialize, Default)]
pub struct MollieCustomer {
    pub id: Option<String>,
}

/// The error object of "Handling errors".
#[derive(Debug, Deserialize, Default)]
pub struct MollieError {
    pub status: Option<u16>,
    pub title: Option<String>,
    pub detail: Option<String>,
    pub field: Option<String>,
}

/// A Mollie amount back as unified Money; None unless exact in the currency's decimals.
pub fn money(amount: Option<&Amount>) -> Option<Money> {
    let a = amount?;
    let currency = a.currency.as_deref()?.trim().to_ascii_uppercase();
    let places = currency_decimals(&currency).or_else(|| crate::kit::money::iso_exponent(&currency))?;
    let minor = parse_decimal_string(a.value.as_deref()?, places)?;
    Some(Money { minor_amount: minor, currency })
}

/// The error of a refused call, from Mollie's error object (the message never quotes our request).
pub fn error_info(http_status: u16, e: &MollieError, what: &str) -> ErrorInfo {
    let detail = present_owned(&e.detail);
    let title = present_owned(&e.title);
    let field = present_owned(&e.field);
    let connector_message = match (&detail, &field) {
        (Some(d), Some(f)) => Some(format!("{d} (field: {f})")),
        (Some(d), None) => Some(d.clone()),
        (None, _) => title.clone(),
    };
    ErrorInfo {
        code: http_error_code(http_status),
        message: match &connector_message {
            Some(m) => format!("{what}: {m}"),
            None => what.to_string(),
        },
        connector_code: Some(e.status.unwrap_or(http_status).to_string()),
        connector_message,
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

/// Reads a success body of `resource`, or the error object of a refused call. A body that is
/// neither is ResponseDeserializationFailed, unless it is a gateway's 5xx or a 429 (which says
/// nothing: the outcome is unknown).
fn read<T: for<'de> Deserialize<'de>>(response: &HttpResponse, resource: &str) -> Result<Result<T, MollieError>, SidecarError> {
    if !response.is_success() {
        if response.body.trim().is_empty() {
            return Ok(Err(MollieError::default()));
        }
        return match response.json::<MollieError>() {
            Ok(e) => Ok(Err(e)),
            Err(_) if outcome_unknown(response.status) => Ok(Err(MollieError::default())),
            Err(e) => Err(e),
        };
    }
    let value: Value = response.json()?;
    match value.get("resource").and_then(Value::as_str) {
        Some(r) if r == resource => {}
        Some(other) => {
            return Err(SidecarError::undeserializable(
                response.status,
                &response.body,
                &format!("Mollie answered a `{other}` object where a `{resource}` was expected"),
            ))
        }
        None => {
            return Err(SidecarError::undeserializable(response.status, &response.body, &format!("Mollie's {resource} object has no `resource`")))
        }
    }
    serde_json::from_value(value)
        .map(Ok)
        .map_err(|_| SidecarError::undeserializable(response.status, &response.body, &format!("not Mollie's {resource} object")))
}

/// How a payment answer is read.
pub struct PaymentReading<'a> {
    /// The payment asked about (psync, void): named even when the call fails.
    pub known_id: Option<&'a str>,
    /// A read (psync): a failed call says nothing about the payment.
    pub read_only: bool,
    /// What a refused call leaves the payment in (void: void_failed).
    pub refused: PaymentStatus,
    /// What a refused call was trying to do, for the error message.
    pub what: &'static str,
}

fn refused_payment(response: &HttpResponse, e: &MollieError, how: &PaymentReading) -> PaymentResult {
    let unknown = outcome_unknown(response.status) || how.read_only;
    let mut result = PaymentResult::new(if unknown { PaymentStatus::Unresolved } else { how.refused }, response.status);
    result.connector_transaction_id = how.known_id.map(str::to_string);
    let what = if outcome_unknown(response.status) { "Mollie could not process the call (its outcome is unknown: read the payment again)" } else { how.what };
    result.error = Some(error_info(response.status, e, what));
    result
}

pub fn parse_payment(response: &HttpResponse, how: &PaymentReading) -> Result<PaymentResult, SidecarError> {
    match read::<MolliePayment>(response, "payment")? {
        Ok(p) => payment_result(&p, response.status)
            .map_err(|e| SidecarError::undeserializable(response.status, &response.body, &e)),
        Err(e) => Ok(refused_payment(response, &e, how)),
    }
}

fn is_card(method: Option<&str>) -> bool {
    matches!(method, Some("creditcard" | "applepay" | "googlepay"))
}

/// The unified result of a Payment object.
pub fn payment_result(p: &MolliePayment, http_status: u16) -> Result<PaymentResult, String> {
    let checkout = p.links.checkout.as_ref().and_then(|l| present_owned(&l.href));
    let word = p.status.as_deref().map(str::trim).unwrap_or("");
    let Some(mut status) = payment_status(word, checkout.is_some()) else {
        return Err(format!("Mollie's payment status `{word}` is not one this connector knows"));
    };
    let amount = money(p.amount.as_ref());
    let captured = money(p.amount_captured.as_ref());
    // A paid payment of which less than the whole was captured (a partial capture of a hold).
    if status == PaymentStatus::Charged {
        if let (Some(a), Some(c)) = (&amount, &captured) {
            if c.minor_amount < a.minor_amount && c.currency == a.currency {
                status = PaymentStatus::PartialCharged;
            }
        }
    }
    let mut result = PaymentResult::new(status, http_status);
    result.connector_transaction_id = present_owned(&p.id);
    result.connector_status = present_owned(&p.status);
    if p.method.as_deref() == Some("banktransfer") && word == "open" {
        // Nothing to authenticate: the shopper transfers the amount to Mollie's account quoting
        // the reference (`details`); the checkout link is Mollie's page with the same instructions.
        let details = p.details.as_ref();
        result.status = PaymentStatus::Pending;
        let mut action = NextAction::new(NextActionType::DisplayBankDetails);
        action.url = checkout.clone();
        action.expires_at = present_owned(&p.expires_at);
        action.bank_details = details.map(|d| BankDetails {
            bank_name: present_owned(&d.bank_name),
            iban: present_owned(&d.bank_account),
            bic: present_owned(&d.bank_bic),
            reference: present_owned(&d.transfer_reference),
            ..BankDetails::default()
        });
        result.next_action = Some(action);
    } else if status == PaymentStatus::AuthenticationPending {
        if let Some(url) = checkout {
            result.redirection = Some(Redirection { url: url.clone(), method: RedirectMethod::GET, form: None });
            let mut action = NextAction::new(NextActionType::Redirect);
            action.url = Some(url);
            result.next_action = Some(action);
        }
    }
    if matches!(status, PaymentStatus::Charged | PaymentStatus::PartialCharged) {
        result.amount_captured = captured.or(amount);
    }
    // A paid first payment leaves the customer a mandate (Recurring payments); a recurring one used one.
    if matches!(p.sequence_type.as_deref(), Some("first" | "recurring")) && !matches!(status, PaymentStatus::Failure | PaymentStatus::Voided) {
        result.mandate_reference = present_owned(&p.mandate_id);
        result.connector_customer_id = present_owned(&p.customer_id);
    }
    if status == PaymentStatus::Failure {
        result.error = Some(payment_failure(p, word, http_status));
    }
    Ok(result)
}

fn payment_failure(p: &MolliePayment, word: &str, _http_status: u16) -> ErrorInfo {
    let details = p.details.as_ref();
    if word == "expired" {
        return ErrorInfo {
            code: UnifiedErrorCode::ProcessingError,
            message: "Mollie: the payment expired before the shopper completed it".into(),
            connector_code: Some("expired".into()),
            connector_message: None,
            decline_code: None,
            advice_code: None,
            decline_type: Some(DeclineType::Soft),
        };
    }
    let reason = details.and_then(|d| present_owned(&d.failure_reason));
    let bank_code = details.and_then(|d| present_owned(&d.bank_reason_code));
    let message = details.and_then(|d| present_owned(&d.failure_message).or_else(|| present_owned(&d.bank_reason)));
    let (code, decline_type) = match (&reason, is_card(p.method.as_deref())) {
        (Some(r), _) => failure_reason(r),
        (None, true) => (UnifiedErrorCode::CardDeclined, None),
        (None, false) => (UnifiedErrorCode::ProcessingError, None),
    };
    let what = if is_card(p.method.as_deref()) { "Mollie declined the card payment" } else { "Mollie: the payment failed" };
    ErrorInfo {
        code,
        message: match &message {
            Some(m) => format!("{what}: {m}"),
            None => what.to_string(),
        },
        connector_code: reason.clone().or(bank_code).or_else(|| Some("failed".into())),
        connector_message: message,
        decline_code: reason,
        advice_code: None,
        decline_type,
    }
}

/// A Create capture answer: the capture, or the refusal.
pub fn parse_capture(response: &HttpResponse, payment_id: &str, authorized: Option<&Money>) -> Result<PaymentResult, SidecarError> {
    let how = PaymentReading {
        known_id: Some(payment_id),
        read_only: false,
        refused: PaymentStatus::CaptureFailed,
        what: "Mollie refused the capture",
    };
    let c = match read::<MollieCapture>(response, "capture")? {
        Ok(c) => c,
        Err(e) => return Ok(refused_payment(response, &e, &how)),
    };
    let word = c.status.as_deref().map(str::trim).unwrap_or("");
    let Some(mut status) = capture_status(word) else {
        return Err(SidecarError::undeserializable(response.status, &response.body, &format!("Mollie's capture status `{word}` is not one this connector knows")));
    };
    let amount = money(c.amount.as_ref());
    if status == PaymentStatus::Charged {
        if let (Some(a), Some(whole)) = (&amount, authorized) {
            if a.currency == whole.currency && a.minor_amount < whole.minor_amount {
                status = PaymentStatus::PartialCharged;
            }
        }
    }
    let mut result = PaymentResult::new(status, response.status);
    result.connector_transaction_id = present_owned(&c.payment_id).or_else(|| Some(payment_id.to_string()));
    result.connector_status = present_owned(&c.status);
    if matches!(status, PaymentStatus::Charged | PaymentStatus::PartialCharged) {
        result.amount_captured = amount;
    }
    if status == PaymentStatus::CaptureFailed {
        result.error = Some(ErrorInfo {
            code: UnifiedErrorCode::ProcessingError,
            message: "Mollie: the capture failed".into(),
            connector_code: Some("failed".into()),
            connector_message: None,
            decline_code: None,
            advice_code: None,
            decline_type: None,
        });
    }
    Ok(result)
}

/// A refund answer (Create payment refund, Get payment refund).
pub fn parse_refund(response: &HttpResponse, read_only: bool, known_id: Option<&str>) -> Result<RefundResult, SidecarError> {
    match read::<MollieRefund>(response, "refund")? {
        Ok(r) => {
            let word = r.status.as_deref().map(str::trim).unwrap_or("");
            let Some(status) = refund_status(word) else {
                return Err(SidecarError::undeserializable(response.status, &response.body, &format!("Mollie's refund status `{word}` is not one this connector knows")));
            };
            let mut result = RefundResult::new(status, response.status);
            result.connector_refund_id = present_owned(&r.id);
            result.connector_status = present_owned(&r.status);
            result.refund_amount = money(r.amount.as_ref());
            if status == RefundStatus::Failure {
                result.error = Some(ErrorInfo {
                    code: UnifiedErrorCode::ProcessingError,
                    message: format!("Mollie: the refund is {word}"),
                    connector_code: Some(word.to_string()),
                    connector_message: None,
                    decline_code: None,
                    advice_code: None,
                    decline_type: None,
                });
            }
            Ok(result)
        }
        Err(e) => {
            // A read that failed, or no answer from Mollie: whether there is a refund is not known.
            let unknown = outcome_unknown(response.status) || read_only;
            let mut result = RefundResult::new(if unknown { RefundStatus::Pending } else { RefundStatus::Failure }, response.status);
            result.connector_refund_id = known_id.map(str::to_string);
            let what = match (outcome_unknown(response.status), read_only) {
                (true, _) => "Mollie could not process the call (its outcome is unknown: read the refund again)",
                (false, true) => "Mollie could not read the refund",
                (false, false) => "Mollie refused the refund",
            };
            result.error = Some(error_info(response.status, &e, what));
            Ok(result)
        }
    }
}

pub fn parse_customer(response: &HttpResponse) -> Result<CustomerResult, SidecarError> {
    match read::<MollieCustomer>(response, "customer")? {
        Ok(c) => {
            let id = present_owned(&c.id)
                .ok_or_else(|| SidecarError::undeserializable(response.status, &response.body, "Mollie's customer has no id"))?;
            Ok(CustomerResult { status: CustomerStatus::Success, connector_customer_id: Some(id), error: None, http_status: response.status })
        }
        Err(e) => Ok(CustomerResult {
            status: CustomerStatus::Failure,
            connector_customer_id: None,
            error: Some(error_info(response.status, &e, "Mollie refused to create the customer")),
            http_status: response.status,
        }),
    }
}

/// Revoke mandate: `204 No Content`.
pub fn parse_revoked(response: &HttpResponse, mandate: &str) -> Result<MandateResult, SidecarError> {
    if response.status == 204 || (response.is_success() && response.body.trim().is_empty()) {
        let mut result = MandateResult::new(MandateStatus::Revoked, response.status);
        result.mandate_reference = Some(mandate.to_string());
        return Ok(result);
    }
    if response.is_success() {
        return Err(SidecarError::undeserializable(response.status, &response.body, "Mollie answers a revoked mandate with 204 No Content"));
    }
    let e = match response.json::<MollieError>() {
        Ok(e) => e,
        Err(_) if outcome_unknown(response.status) || response.body.trim().is_empty() => MollieError::default(),
        Err(e) => return Err(e),
    };
    let mut result = MandateResult::new(MandateStatus::Failure, response.status);
    result.mandate_reference = Some(mandate.to_string());
    result.error = Some(error_info(response.status, &e, "Mollie refused to revoke the mandate"));
    Ok(result)
}

/// The Chargeback object.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct MollieChargeback {
    pub id: Option<String>,
    pub amount: Option<Amount>,
    pub reason: Option<ChargebackReason>,
    pub payment_id: Option<String>,
    pub reversed_at: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct ChargebackReason {
    pub code: Option<String>,
    pub description: Option<String>,
}

/// Get payment chargeback. A Mollie chargeback has no status of its own: it is debited when it
/// is created (`lost` for the merchant), and `reversedAt` says it was reversed (`won`).
pub fn parse_chargeback(response: &HttpResponse, known_id: &str) -> Result<DisputeResult, SidecarError> {
    match read::<MollieChargeback>(response, "chargeback")? {
        Ok(c) => {
            let reversed = present_owned(&c.reversed_at).is_some();
            let mut result = DisputeResult::new(if reversed { DisputeStatus::Won } else { DisputeStatus::Lost }, response.status);
            result.connector_dispute_id = present_owned(&c.id).or_else(|| Some(known_id.to_string()));
            result.connector_transaction_id = present_owned(&c.payment_id);
            result.amount = money(c.amount.as_ref());
            result.reason_code = c.reason.as_ref().and_then(|r| present_owned(&r.code));
            result.reason_message = c.reason.as_ref().and_then(|r| present_owned(&r.description));
            result.connector_status = Some(if reversed { "reversed" } else { "charged_back" }.to_string());
            Ok(result)
        }
        Err(e) => {
            let mut result = DisputeResult::new(DisputeStatus::Failure, response.status);
            result.connector_dispute_id = Some(known_id.to_string());
            result.error = Some(error_info(response.status, &e, "Mollie could not read the chargeback"));
            Ok(result)
        }
    }
}

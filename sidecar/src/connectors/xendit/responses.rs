//! Xendit's response bodies (the payment request, capture, refund and error objects, named as
//! the Payments API reference and the `xendit-node` SDK's models `PaymentRequest`,
//! `PaymentRequestAction`, `PaymentMethod`, `Capture`, `Refund` name them) and how each is read.

use super::mapping::{error_code, failure_code, payment_status, refund_status};
use super::requests::decimals;
use crate::kit::money::{iso_minor_units_from, parse_decimal_string};
use crate::kit::text::present_owned;
use crate::protocol::{
    BankDetails, ErrorInfo, MandateResult, MandateStatus, HttpResponse, Money, NextAction, NextActionType, PaymentResult, PaymentStatus, RedirectMethod, Redirection, RefundResult,
    RefundStatus, SidecarError, UnifiedErrorCode as U,
};
use serde::Deserialize;
use serde_json::value::RawValue;

/// `PaymentRequest`.
#[derive(Debug, Deserialize, Default)]
pub struct XenditPayment {
    pub id: Option<String>,
    pub reference_id: Option<String>,
    pub amount: Option<Box<RawValue>>,
    pub currency: Option<String>,
    pub status: Option<String>,
    pub failure_code: Option<String>,
    #[serde(default)]
    pub actions: Option<Vec<XenditAction>>,
    pub payment_method: Option<XenditPaymentMethodObject>,
}

/// `PaymentRequestAction`: `{action: AUTH|RESEND_AUTH|CAPTURE|CANCEL|PRESENT_TO_CUSTOMER,
/// url_type: API|WEB|MOBILE|DEEPLINK, method, url, qr_code}`.
#[derive(Debug, Deserialize, Default)]
pub struct XenditAction {
    pub action: Option<String>,
    pub url_type: Option<String>,
    pub method: Option<String>,
    pub url: Option<String>,
    pub qr_code: Option<String>,
}

/// `PaymentMethod` as a payment request or a webhook carries it.
#[derive(Debug, Deserialize, Default)]
pub struct XenditPaymentMethodObject {
    pub id: Option<String>,
    pub reusability: Option<String>,
    pub virtual_account: Option<XenditVirtualAccount>,
}

/// `VirtualAccount`: the bank and, in `channel_properties`, the number Xendit opened.
#[derive(Debug, Deserialize, Default)]
pub struct XenditVirtualAccount {
    pub channel_code: Option<String>,
    pub channel_properties: Option<XenditVirtualAccountProperties>,
}

/// `VirtualAccountChannelProperties`.
#[derive(Debug, Deserialize, Default)]
pub struct XenditVirtualAccountProperties {
    pub customer_name: Option<String>,
    pub virtual_account_number: Option<String>,
    pub expires_at: Option<String>,
}

/// `Capture`.
#[derive(Debug, Deserialize, Default)]
pub struct XenditCapture {
    pub payment_request_id: Option<String>,
    pub currency: Option<String>,
    pub authorized_amount: Option<Box<RawValue>>,
    pub captured_amount: Option<Box<RawValue>>,
    pub status: Option<String>,
    pub failure_code: Option<String>,
}

/// `Refund`.
#[derive(Debug, Deserialize, Default)]
pub struct XenditRefund {
    pub id: Option<String>,
    pub amount: Option<Box<RawValue>>,
    pub currency: Option<String>,
    pub status: Option<String>,
    pub failure_code: Option<String>,
}

/// Every refused call: `{error_code, message, errors?}`.
#[derive(Debug, Deserialize, Default)]
pub struct XenditError {
    pub error_code: Option<String>,
    pub message: Option<String>,
}

/// A Xendit amount (a JSON number in major units, Xendit's decimals) back as unified minor units;
/// None when it cannot be read exactly.
pub fn money(amount: Option<&RawValue>, currency: Option<&str>) -> Option<Money> {
    let currency = currency?.trim().to_ascii_uppercase();
    let d = decimals(&currency)?;
    let units = parse_decimal_string(amount?.get(), d)?;
    iso_minor_units_from(units, &currency, d)
}

pub(super) fn error_info(http_status: u16, e: &XenditError, what: &str) -> ErrorInfo {
    let message = match e.message.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => format!("{what}: {m}"),
        None => what.to_string(),
    };
    ErrorInfo {
        code: error_code(http_status, e.error_code.as_deref()),
        message,
        connector_code: present_owned(&e.error_code),
        connector_message: present_owned(&e.message),
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

fn decline(code: &Option<String>, what: &str) -> ErrorInfo {
    let (unified, decline_type) = failure_code(code.as_deref());
    ErrorInfo {
        code: unified,
        message: match present_owned(code) {
            Some(c) => format!("{what}: {c}"),
            None => what.to_string(),
        },
        connector_code: present_owned(code),
        connector_message: None,
        decline_code: None,
        advice_code: None,
        decline_type,
    }
}

/// The error body of a non-2xx answer: empty when the body is not Xendit's (a gateway's page in
/// front of a 5xx or 429 says nothing); an error when a 4xx body is not Xendit's error object.
pub(super) fn error_body(response: &HttpResponse) -> Result<XenditError, SidecarError> {
    if response.body.trim().is_empty() {
        return Ok(XenditError::default());
    }
    match response.json::<XenditError>() {
        Ok(e) => Ok(e),
        Err(_) if response.status >= 500 || response.status == 429 => Ok(XenditError::default()),
        Err(e) => Err(e),
    }
}

/// How a payment request answer is read.
pub struct PaymentReading<'a> {
    /// The payment request asked about (psync, capture): named even when the call fails.
    pub known_id: Option<&'a str>,
    /// A read (psync): a failed call says nothing about the payment.
    pub read_only: bool,
    /// What a refused call leaves the payment in (capture: capture_failed).
    pub refused: PaymentStatus,
    pub what: &'static str,
}

fn refused_call(response: &HttpResponse, how: &PaymentReading) -> Result<PaymentResult, SidecarError> {
    let e = error_body(response)?;
    let unknown = response.status >= 500 || response.status == 429 || how.read_only;
    let mut result = PaymentResult::new(if unknown { PaymentStatus::Unresolved } else { how.refused }, response.status);
    result.connector_transaction_id = how.known_id.map(str::to_string);
    let what = if response.status >= 500 { "Xendit could not process the call (its outcome is unknown)" } else { how.what };
    result.error = Some(error_info(response.status, &e, what));
    Ok(result)
}

/// Reads a payment request (2xx) or Xendit's error.
pub fn parse_payment(response: &HttpResponse, how: &PaymentReading) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        return refused_call(response, how);
    }
    let p: XenditPayment = response.json()?;
    if present_owned(&p.id).is_none() {
        return Err(SidecarError::undeserializable(response.status, &response.body, "the payment request has no id"));
    }
    Ok(payment_result(&p, response.status))
}

/// The unified result of a payment request object (also what a webhook's payment carries).
pub fn payment_result(p: &XenditPayment, http_status: u16) -> PaymentResult {
    let mut status = payment_status(p.status.as_deref());
    let actions = p.actions.as_deref().unwrap_or_default();
    // The page or app the shopper must open (3-D Secure, the e-wallet's checkout): an AUTH action
    // with a URL, web first.
    let url_action = ["WEB", "MOBILE", "DEEPLINK"].iter().find_map(|kind| {
        actions.iter().find(|a| {
            a.url_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(kind))
                && a.action.as_deref().is_none_or(|x| x.eq_ignore_ascii_case("AUTH"))
                && present_owned(&a.url).is_some()
        })
    });
    let qr = actions.iter().find_map(|a| present_owned(&a.qr_code));
    let mut result = PaymentResult::new(status, http_status);
    if status == PaymentStatus::AuthenticationPending {
        if let Some(a) = url_action {
            let url = present_owned(&a.url).unwrap_or_default();
            let method = if a.method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("POST")) { RedirectMethod::POST } else { RedirectMethod::GET };
            result.redirection = Some(Redirection { url: url.clone(), method, form: None });
            let mut next = NextAction::new(NextActionType::Redirect);
            next.url = Some(url);
            result.next_action = Some(next);
        } else if let Some(qr) = qr {
            // A QR code to show: the shopper pays from their app; nothing to authenticate here.
            status = PaymentStatus::Pending;
            result.status = status;
            let mut next = NextAction::new(NextActionType::DisplayQrCode);
            next.qr_data = Some(qr);
            result.next_action = Some(next);
        }
    }
    // A virtual account waiting for the shopper's transfer: the account to show.
    if status == PaymentStatus::Pending && result.next_action.is_none() {
        if let Some(va) = p.payment_method.as_ref().and_then(|m| m.virtual_account.as_ref()) {
            let props = va.channel_properties.as_ref();
            let mut next = NextAction::new(NextActionType::DisplayBankDetails);
            next.bank_details = Some(BankDetails {
                account_number: props.and_then(|c| present_owned(&c.virtual_account_number)),
                bank_code: present_owned(&va.channel_code),
                account_holder_name: props.and_then(|c| present_owned(&c.customer_name)),
                ..BankDetails::default()
            });
            next.expires_at = props.and_then(|c| present_owned(&c.expires_at));
            result.next_action = Some(next);
        }
    }
    result.connector_transaction_id = present_owned(&p.id);
    result.connector_status = present_owned(&p.status);
    if status == PaymentStatus::Charged {
        result.amount_captured = money(p.amount.as_deref(), p.currency.as_deref());
    }
    if status == PaymentStatus::Failure {
        result.error = Some(decline(&p.failure_code, "Xendit declined the payment"));
    }
    if !matches!(status, PaymentStatus::Failure | PaymentStatus::Unresolved | PaymentStatus::Voided) {
        // A MULTIPLE_USE payment method pays again with repeatPayment.
        if let Some(pm) = p.payment_method.as_ref().filter(|m| m.reusability.as_deref() == Some("MULTIPLE_USE")) {
            result.mandate_reference = present_owned(&pm.id);
        }
    }
    result
}

/// Reads a capture (2xx: the Capture object) or Xendit's error.
pub fn parse_capture(response: &HttpResponse, how: &PaymentReading) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        return refused_call(response, how);
    }
    let c: XenditCapture = response.json()?;
    let captured = money(c.captured_amount.as_deref(), c.currency.as_deref());
    let authorized = money(c.authorized_amount.as_deref(), c.currency.as_deref());
    let status = match c.status.as_deref().map(str::trim) {
        Some(s) if s.eq_ignore_ascii_case("SUCCEEDED") => match (&captured, &authorized) {
            (Some(c), Some(a)) if c.minor_amount < a.minor_amount => PaymentStatus::PartialCharged,
            _ => PaymentStatus::Charged,
        },
        Some(s) if s.eq_ignore_ascii_case("FAILED") => PaymentStatus::CaptureFailed,
        _ => PaymentStatus::Unresolved,
    };
    let mut result = PaymentResult::new(status, response.status);
    result.connector_transaction_id = present_owned(&c.payment_request_id).or_else(|| how.known_id.map(str::to_string));
    result.connector_status = present_owned(&c.status);
    if matches!(status, PaymentStatus::Charged | PaymentStatus::PartialCharged) {
        result.amount_captured = captured;
    }
    if status == PaymentStatus::CaptureFailed {
        result.error = Some(decline(&c.failure_code, "Xendit could not capture the payment"));
    }
    Ok(result)
}

/// Reads a refund (2xx) or an error. A 5xx or 429 leaves the refund's fate unknown: `pending`
/// with the error (sent again with the same idempotency key, it cannot refund twice). A read
/// (rsync) that fails is `pending` too.
pub fn parse_refund(response: &HttpResponse, read_only: bool, known_id: Option<&str>) -> Result<RefundResult, SidecarError> {
    if response.is_success() {
        let refund: XenditRefund = response.json()?;
        let mut r = RefundResult::new(refund_status(refund.status.as_deref()), response.status);
        r.connector_refund_id = present_owned(&refund.id).or_else(|| known_id.map(str::to_string));
        r.connector_status = present_owned(&refund.status);
        r.refund_amount = money(refund.amount.as_deref(), refund.currency.as_deref());
        if r.status == RefundStatus::Failure {
            let mut e = decline(&refund.failure_code, "Xendit reports the refund failed");
            if refund.failure_code.is_none() {
                e.code = U::ProcessingError;
            }
            e.decline_type = None;
            r.error = Some(e);
        }
        return Ok(r);
    }
    let e = error_body(response)?;
    let unknown = read_only || response.status >= 500 || response.status == 429;
    let mut r = RefundResult::new(if unknown { RefundStatus::Pending } else { RefundStatus::Failure }, response.status);
    r.connector_refund_id = known_id.map(str::to_string);
    let what = if read_only {
        "Xendit could not read the refund"
    } else if unknown {
        "Xendit could not process the refund (its outcome is unknown: send it again with the same idempotency key)"
    } else {
        "Xendit refused the refund"
    };
    r.error = Some(error_info(response.status, &e, what));
    Ok(r)
}

/// A payment method (`POST /v2/payment_methods`, `GET /v2/payment_methods/{id}`): what setupMandate
/// made. ACTIVE is saved (its `pm-...` id is the mandateReference); REQUIRES_ACTION waits for the
/// shopper's 3-D Secure (the AUTH action's URL); PENDING is not decided yet; FAILED, EXPIRED and
/// INACTIVE cannot be charged.
#[derive(Debug, Deserialize, Default)]
pub struct XenditSavedMethod {
    pub id: Option<String>,
    pub status: Option<String>,
    pub failure_code: Option<String>,
    #[serde(default)]
    pub actions: Option<Vec<XenditAction>>,
}

pub fn parse_saved_method(response: &HttpResponse, how: &PaymentReading) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        return refused_call(response, how);
    }
    let m: XenditSavedMethod = response.json()?;
    let Some(id) = present_owned(&m.id) else {
        return Err(SidecarError::undeserializable(response.status, &response.body, "the payment method has no id"));
    };
    let word = present_owned(&m.status);
    let status = match word.as_deref().map(str::to_ascii_uppercase).as_deref() {
        Some("ACTIVE") => PaymentStatus::Charged,
        Some("REQUIRES_ACTION") => PaymentStatus::AuthenticationPending,
        Some("PENDING") => PaymentStatus::Pending,
        Some("FAILED" | "EXPIRED" | "INACTIVE") => PaymentStatus::Failure,
        _ => PaymentStatus::Unresolved,
    };
    let mut result = PaymentResult::new(status, response.status);
    result.connector_transaction_id = Some(id.clone());
    result.connector_status = word;
    match status {
        PaymentStatus::Charged => result.mandate_reference = Some(id),
        PaymentStatus::AuthenticationPending => {
            let actions = m.actions.as_deref().unwrap_or_default();
            let auth = actions.iter().find(|a| {
                a.action.as_deref().is_none_or(|x| x.eq_ignore_ascii_case("AUTH"))
                    && a.url_type.as_deref().is_none_or(|t| !t.eq_ignore_ascii_case("API"))
                    && present_owned(&a.url).is_some()
            });
            if let Some(a) = auth {
                let url = present_owned(&a.url).unwrap_or_default();
                result.redirection = Some(Redirection { url: url.clone(), method: RedirectMethod::GET, form: None });
                let mut next = NextAction::new(NextActionType::Redirect);
                next.url = Some(url);
                result.next_action = Some(next);
            }
        }
        PaymentStatus::Failure => result.error = Some(decline(&m.failure_code, "Xendit did not save the payment method")),
        _ => {}
    }
    Ok(result)
}

/// `POST /v2/payment_methods/{id}/expire`: the payment method, now EXPIRED.
pub fn parse_expired_method(response: &HttpResponse, mandate: &str) -> Result<MandateResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response)?;
        let mut r = MandateResult::new(MandateStatus::Failure, response.status);
        r.mandate_reference = Some(mandate.to_string());
        r.error = Some(error_info(response.status, &e, "Xendit did not expire the payment method"));
        return Ok(r);
    }
    let m: XenditSavedMethod = response.json()?;
    let word = present_owned(&m.status);
    let expired = word.as_deref().is_some_and(|w| w.eq_ignore_ascii_case("EXPIRED") || w.eq_ignore_ascii_case("INACTIVE"));
    let mut r = MandateResult::new(if expired { MandateStatus::Revoked } else { MandateStatus::Failure }, response.status);
    r.mandate_reference = Some(present_owned(&m.id).unwrap_or_else(|| mandate.to_string()));
    r.connector_status = word.clone();
    if !expired {
        r.error = Some(ErrorInfo {
            code: U::ProcessingError,
            message: format!("Xendit answered the payment method as {}, not EXPIRED", word.unwrap_or_default()),
            connector_code: None,
            connector_message: None,
            decline_code: None,
            advice_code: None,
            decline_type: None,
        });
    }
    Ok(r)
}

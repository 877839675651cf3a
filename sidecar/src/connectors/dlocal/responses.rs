//! dLocal's answers: the Payment object (Create a payment, Retrieve a payment, Capture, Cancel),
//! the Refund object (https://docs.dlocal.com/reference/the-refund-object), the Ticket object of
//! cash methods (https://docs.dlocal.com/reference/the-ticket-object) and the error body
//! `{code, message, param}` (https://docs.dlocal.com/reference/http-errors-payments).

use super::mapping::{api_error_code, payment_status, refund_status, rejection};
use crate::kit::money::{iso_exponent, parse_decimal_string};
use crate::kit::text::present_owned;
use crate::protocol::{
    BankDetails, ErrorInfo, HttpResponse, Money, NextAction, NextActionType, PaymentResult, PaymentStatus, RedirectMethod, Redirection, RefundResult,
    RefundStatus, SidecarError,
};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// The Payment object (the fields this connector reads).
#[derive(Debug, Deserialize, Default)]
pub struct DlocalPayment {
    pub id: Option<String>,
    /// Kept as JSON text: a decimal read exactly, never through a float.
    pub amount: Option<Box<RawValue>>,
    pub currency: Option<String>,
    pub payment_method_id: Option<String>,
    pub status: Option<String>,
    /// A string in the docs' examples ("200"); read either way.
    pub status_code: Option<Value>,
    pub status_detail: Option<String>,
    pub order_id: Option<String>,
    pub redirect_url: Option<String>,
    pub three_dsecure: Option<DlocalThreeDSecure>,
    pub ticket: Option<DlocalTicket>,
    pub card: Option<DlocalCardResult>,
    pub country: Option<String>,
    /// The Bank Transfer object of a DIRECT bank transfer (an empty `{}` on other methods).
    pub bank_transfer: Option<DlocalBankTransfer>,
}

/// The Bank Transfer object (Bank Transfer Payments, "Direct Bank Transfer Payments"): the
/// account the shopper transfers to, for the merchant's own UI.
#[derive(Debug, Deserialize, Default)]
pub struct DlocalBankTransfer {
    pub bank_name: Option<String>,
    pub bank_code: Option<String>,
    pub beneficiary_name: Option<String>,
    pub bank_account: Option<String>,
    pub reference: Option<String>,
    pub redirect_url: Option<String>,
}

impl DlocalBankTransfer {
    fn is_empty(&self) -> bool {
        [&self.bank_name, &self.bank_code, &self.beneficiary_name, &self.bank_account, &self.reference, &self.redirect_url]
            .iter()
            .all(|f| nonempty(f).is_none())
    }
}

impl DlocalTicket {
    /// dLocal answers `"ticket": {}` on methods without one (mobile money, bank transfers).
    fn is_empty(&self) -> bool {
        [&self.id, &self.number, &self.barcode, &self.expiration_date, &self.image_url, &self.qr_code].iter().all(|f| nonempty(f).is_none())
    }
}

/// The Card object of an answer: `card_id` when the card was saved.
#[derive(Debug, Deserialize, Default)]
pub struct DlocalCardResult {
    pub card_id: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct DlocalThreeDSecure {
    pub redirect_url: Option<String>,
}

/// The Ticket object of a cash or Pix payment in the DIRECT flow.
#[derive(Debug, Deserialize, Default)]
pub struct DlocalTicket {
    pub id: Option<String>,
    pub number: Option<String>,
    pub barcode: Option<String>,
    pub expiration_date: Option<String>,
    pub image_url: Option<String>,
    pub qr_code: Option<String>,
}

/// The Refund object.
#[derive(Debug, Deserialize, Default)]
pub struct DlocalRefund {
    pub id: Option<String>,
    pub payment_id: Option<String>,
    pub amount: Option<Box<RawValue>>,
    pub currency: Option<String>,
    pub status: Option<String>,
    pub status_code: Option<Value>,
    pub status_detail: Option<String>,
}

/// An error answer.
#[derive(Debug, Deserialize, Default)]
pub struct DlocalError {
    pub code: Option<Value>,
    pub message: Option<String>,
    pub param: Option<String>,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    present_owned(s)
}

fn code_text(v: &Option<Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// A dLocal decimal amount (JSON text) back as unified Money; None unless exact in ISO minor units.
pub fn money(amount: Option<&RawValue>, currency: Option<&str>) -> Option<Money> {
    let currency = currency?.trim().to_ascii_uppercase();
    let exponent = iso_exponent(&currency)?;
    let text = amount?.get().trim().trim_matches('"');
    let minor = parse_decimal_string(text, exponent)?;
    Some(Money { minor_amount: minor, currency })
}

/// An error answer's ErrorInfo; the message is dLocal's, never the request's data.
pub fn api_error(http_status: u16, body: &str, what: &str) -> ErrorInfo {
    let e: DlocalError = serde_json::from_str(body).unwrap_or_default();
    let code = e.code.as_ref().and_then(|c| match c {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    });
    let message = nonempty(&e.message).map(|m| match nonempty(&e.param) {
        Some(p) if !m.contains(&p) => format!("{m} ({p})"),
        _ => m,
    });
    let what = if http_status >= 500 { "dLocal could not process the call (its outcome is unknown)" } else { what };
    ErrorInfo {
        code: api_error_code(http_status, code),
        message: match &message {
            Some(m) => format!("{what}: {m}"),
            None => what.to_string(),
        },
        connector_code: code.map(|c| c.to_string()),
        connector_message: message,
        decline_code: None,
        advice_code: None,
        decline_type: None,
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

fn is_json_object(body: &str) -> bool {
    serde_json::from_str::<Value>(body).map(|v| v.is_object()).unwrap_or(false)
}

pub fn parse_payment(response: &HttpResponse, how: &PaymentReading) -> Result<PaymentResult, SidecarError> {
    if response.is_success() {
        let p: DlocalPayment = response.json()?;
        if p.status.is_none() && p.id.is_none() {
            return Err(SidecarError::undeserializable(response.status, &response.body, "dLocal answered without a payment id or status"));
        }
        let mut result = payment_result(&p, response.status);
        if result.connector_transaction_id.is_none() {
            result.connector_transaction_id = how.known_id.map(str::to_string);
        }
        return Ok(result);
    }
    // An error: `{code, message}` with a 4xx or 5xx. A 5xx, a 429, or a read that failed says
    // nothing about the payment; a body that is not JSON is only acceptable on those.
    let unknown = response.status >= 500 || response.status == 429 || how.read_only;
    if !unknown && !response.body.trim().is_empty() && !is_json_object(&response.body) {
        return Err(SidecarError::undeserializable(response.status, &response.body, "dLocal's error answer is a JSON object"));
    }
    let mut result = PaymentResult::new(if unknown { PaymentStatus::Unresolved } else { how.refused }, response.status);
    result.connector_transaction_id = how.known_id.map(str::to_string);
    result.error = Some(api_error(response.status, &response.body, how.what));
    Ok(result)
}

/// The unified result of a Payment object.
pub fn payment_result(p: &DlocalPayment, http_status: u16) -> PaymentResult {
    let mut status = payment_status(p.status.as_deref());
    let redirect = p.three_dsecure.as_ref().and_then(|t| nonempty(&t.redirect_url)).or_else(|| nonempty(&p.redirect_url));
    let mut result = PaymentResult::new(status, http_status);
    result.connector_transaction_id = nonempty(&p.id);
    result.connector_status = nonempty(&p.status);
    if status == PaymentStatus::Pending {
        if let Some(url) = &redirect {
            result.redirection = Some(Redirection { url: url.clone(), method: RedirectMethod::GET, form: None });
        }
        let method = p.payment_method_id.as_deref().unwrap_or("").trim().to_ascii_uppercase();
        let ticket = p.ticket.as_ref().filter(|t| !t.is_empty());
        let bank_transfer = p.bank_transfer.as_ref().filter(|b| !b.is_empty());
        let country = p.country.as_deref().unwrap_or("");
        if let Some(b) = bank_transfer {
            // A DIRECT bank transfer: the account, the bank and the reference to quote.
            let mut action = NextAction::new(NextActionType::DisplayBankDetails);
            action.bank_details = Some(BankDetails {
                account_number: nonempty(&b.bank_account),
                bank_name: nonempty(&b.bank_name),
                bank_code: nonempty(&b.bank_code),
                account_holder_name: nonempty(&b.beneficiary_name),
                reference: nonempty(&b.reference),
                ..BankDetails::default()
            });
            action.reference = nonempty(&b.reference);
            action.url = nonempty(&b.redirect_url).or_else(|| redirect.clone());
            result.next_action = Some(action);
        } else if redirect.is_none() && super::requests::is_mobile_money(country, &method) {
            // Mobile money: "PENDING until the user inputs the required PIN" on their phone.
            result.next_action = Some(NextAction::new(NextActionType::AwaitApproval));
        } else if method == "CARD" && ticket.is_none() {
            // A card waiting for the shopper: 3-D Secure at the issuer.
            if redirect.is_some() {
                status = PaymentStatus::AuthenticationPending;
            }
        } else if method == "PQ" || ticket.and_then(|t| nonempty(&t.qr_code)).is_some() {
            // Pix: a QR code to scan (DIRECT: the ticket's code), or dLocal's page that shows it.
            let mut action = match ticket.and_then(|t| nonempty(&t.qr_code)) {
                Some(qr) => {
                    let mut a = NextAction::new(NextActionType::DisplayQrCode);
                    a.qr_data = Some(qr);
                    a
                }
                None => NextAction::new(NextActionType::Redirect),
            };
            action.url = redirect.clone().or_else(|| ticket.and_then(|t| nonempty(&t.image_url)));
            action.expires_at = ticket.and_then(|t| nonempty(&t.expiration_date));
            result.next_action = Some(action);
        } else if ticket.is_some() || matches!(method.as_str(), "BL" | "OX") {
            // A voucher (Boleto, OXXO): its reference and where to print it.
            let mut action = NextAction::new(NextActionType::DisplayVoucher);
            action.reference =
                ticket.and_then(|t| nonempty(&t.number).or_else(|| nonempty(&t.barcode)).or_else(|| nonempty(&t.id)));
            action.url = ticket.and_then(|t| nonempty(&t.image_url)).or_else(|| redirect.clone());
            action.expires_at = ticket.and_then(|t| nonempty(&t.expiration_date));
            result.next_action = Some(action);
        } else if let Some(url) = &redirect {
            let mut action = NextAction::new(NextActionType::Redirect);
            action.url = Some(url.clone());
            result.next_action = Some(action);
        }
    }
    result.status = status;
    if status == PaymentStatus::Charged {
        result.amount_captured = money(p.amount.as_deref(), p.currency.as_deref());
    }
    if status == PaymentStatus::Failure {
        let code = code_text(&p.status_code);
        let (unified, decline) = match code.as_deref().and_then(rejection) {
            Some((u, d)) => (u, Some(d)),
            None => (crate::protocol::UnifiedErrorCode::CardDeclined, None),
        };
        let detail = nonempty(&p.status_detail);
        let what = if p.status.as_deref().map_or(false, |s| s.eq_ignore_ascii_case("EXPIRED")) {
            "the payment expired before the shopper paid"
        } else {
            "dLocal rejected the payment"
        };
        result.error = Some(ErrorInfo {
            code: unified,
            message: match &detail {
                Some(d) => format!("{what}: {d}"),
                None => what.to_string(),
            },
            connector_code: code,
            connector_message: detail,
            decline_code: None,
            advice_code: None,
            decline_type: decline,
        });
    }
    result
}

pub fn parse_refund(response: &HttpResponse, read_only: bool, known_id: Option<&str>) -> Result<RefundResult, SidecarError> {
    if response.is_success() {
        let r: DlocalRefund = response.json()?;
        if r.status.is_none() && r.id.is_none() {
            return Err(SidecarError::undeserializable(response.status, &response.body, "dLocal answered without a refund id or status"));
        }
        return Ok(refund_result(&r, response.status, known_id));
    }
    // A refused refund was not made; a 5xx, a 429 or a failed read says nothing: pending, so that
    // nobody refunds twice.
    let unknown = response.status >= 500 || response.status == 429 || read_only;
    if !unknown && !response.body.trim().is_empty() && !is_json_object(&response.body) {
        return Err(SidecarError::undeserializable(response.status, &response.body, "dLocal's error answer is a JSON object"));
    }
    let mut result = RefundResult::new(if unknown { RefundStatus::Pending } else { RefundStatus::Failure }, response.status);
    result.connector_refund_id = known_id.map(str::to_string);
    let what = if read_only { "dLocal could not read the refund" } else { "dLocal refused the refund" };
    result.error = Some(api_error(response.status, &response.body, what));
    Ok(result)
}

pub fn refund_result(r: &DlocalRefund, http_status: u16, known_id: Option<&str>) -> RefundResult {
    let status = refund_status(r.status.as_deref());
    let mut result = RefundResult::new(status, http_status);
    result.connector_refund_id = nonempty(&r.id).or_else(|| known_id.map(str::to_string));
    result.connector_status = nonempty(&r.status);
    result.refund_amount = money(r.amount.as_deref(), r.currency.as_deref());
    if status == RefundStatus::Failure {
        let detail = nonempty(&r.status_detail);
        result.error = Some(ErrorInfo {
            code: crate::protocol::UnifiedErrorCode::ProcessingError,
            message: match &detail {
                Some(d) => format!("dLocal did not make the refund: {d}"),
                None => "dLocal did not make the refund".to_string(),
            },
            connector_code: code_text(&r.status_code),
            connector_message: detail,
            decline_code: None,
            advice_code: None,
            decline_type: None,
        });
    }
    result
}

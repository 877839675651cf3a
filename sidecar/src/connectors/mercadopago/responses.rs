//! Mercado Pago's response bodies (the Payment, the Refund and the error object, as its API
//! reference and the Node SDK's `PaymentResponse` / `RefundResponse` name them) and how each is read.

use super::mapping::{by_http_status, cause, decline, payment_status, refund_status};
use crate::kit::money::{iso_exponent, parse_decimal_string};
use crate::protocol::{
    ErrorInfo, HttpResponse, Money, NextAction, NextActionType, PaymentResult, PaymentStatus, RedirectMethod, Redirection,
    RefundResult, RefundStatus, SidecarError,
};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::BTreeMap;

/// The Payment (`PaymentResponse`), the fields read.
#[derive(Debug, Deserialize, Default)]
pub struct Payment {
    /// A number in Mercado Pago's answers (`1234567890`); kept as its text.
    pub id: Option<Value>,
    pub status: Option<String>,
    pub status_detail: Option<String>,
    pub transaction_amount: Option<Box<RawValue>>,
    pub currency_id: Option<String>,
    pub date_of_expiration: Option<String>,
    pub point_of_interaction: Option<PointOfInteraction>,
    pub transaction_details: Option<TransactionDetails>,
    pub barcode: Option<Barcode>,
    pub three_ds_info: Option<ThreeDsInfo>,
}

#[derive(Debug, Deserialize, Default)]
pub struct PointOfInteraction {
    pub transaction_data: Option<TransactionData>,
}

/// `point_of_interaction.transaction_data`: Pix's QR code (`qr_code`, the copy-and-paste text;
/// `qr_code_base64` its image) and `ticket_url`, the page with the QR code or the voucher.
#[derive(Debug, Deserialize, Default)]
pub struct TransactionData {
    pub qr_code: Option<String>,
    pub ticket_url: Option<String>,
}

/// `transaction_details`: the voucher's page (`external_resource_url`) and, for Boleto, its
/// `digitable_line`.
#[derive(Debug, Deserialize, Default)]
pub struct TransactionDetails {
    pub external_resource_url: Option<String>,
    pub digitable_line: Option<String>,
    pub barcode: Option<Barcode>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Barcode {
    pub content: Option<String>,
}

/// `three_ds_info`: the issuer's challenge page and the CReq to post to it.
#[derive(Debug, Deserialize, Default)]
pub struct ThreeDsInfo {
    pub external_resource_url: Option<String>,
    pub creq: Option<String>,
}

/// The Refund (`RefundResponse`).
#[derive(Debug, Deserialize, Default)]
pub struct Refund {
    pub id: Option<Value>,
    pub amount: Option<Box<RawValue>>,
    pub status: Option<String>,
}

/// The error object: `{message, error, status, cause: [{code, description}]}`.
#[derive(Debug, Deserialize, Default)]
pub struct MercadoPagoError {
    pub message: Option<String>,
    pub error: Option<String>,
    #[serde(default)]
    pub cause: Vec<Cause>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Cause {
    pub code: Option<Value>,
    pub description: Option<String>,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// An id Mercado Pago writes as a number (or, in some answers, a string) as text.
pub fn id_text(v: &Option<Value>) -> Option<String> {
    match v.as_ref()? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// A Mercado Pago amount (a JSON number in major units) as unified minor units, exactly or not at all.
pub fn money(amount: Option<&RawValue>, currency: Option<&str>) -> Option<Money> {
    let currency = currency?.trim().to_ascii_uppercase();
    let exponent = iso_exponent(&currency)?;
    let minor = parse_decimal_string(amount?.get(), exponent)?;
    Some(Money { minor_amount: minor, currency })
}

/// The error of a failed answer, as unified ErrorInfo: the first listed `cause` code, else the
/// HTTP status. The message is Mercado Pago's own (it never echoes the token or the access token).
pub fn error_info(response: &HttpResponse, what: &str) -> ErrorInfo {
    let e: MercadoPagoError = response.json().unwrap_or_default();
    let first = e.cause.first();
    let code_text = first.and_then(|c| match &c.code {
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    });
    let listed = code_text.as_deref().and_then(|c| c.trim().parse::<i64>().ok()).and_then(cause);
    let code = listed.unwrap_or_else(|| by_http_status(response.status));
    let detail = first.and_then(|c| nonempty(&c.description)).or_else(|| nonempty(&e.message));
    ErrorInfo {
        code,
        message: match &detail {
            Some(d) => format!("{what}: {d}"),
            None => what.to_string(),
        },
        connector_code: code_text.or_else(|| nonempty(&e.error)),
        connector_message: detail,
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

/// Which call a Payment answers: its meaning differs (a capture still `authorized` failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentCall {
    Create,
    Get,
    Capture,
    Cancel,
}

/// What the shopper must do for a pending Pix, Boleto or OXXO payment.
fn next_action(p: &Payment) -> Option<NextAction> {
    let data = p.point_of_interaction.as_ref().and_then(|poi| poi.transaction_data.as_ref());
    let details = p.transaction_details.as_ref();
    let expires = nonempty(&p.date_of_expiration);
    if let Some(qr) = data.and_then(|d| nonempty(&d.qr_code)) {
        let mut a = NextAction::new(NextActionType::DisplayQrCode);
        a.qr_data = Some(qr);
        a.url = data.and_then(|d| nonempty(&d.ticket_url));
        a.expires_at = expires;
        return Some(a);
    }
    let url = details.and_then(|d| nonempty(&d.external_resource_url)).or_else(|| data.and_then(|d| nonempty(&d.ticket_url)));
    let reference = details
        .and_then(|d| nonempty(&d.digitable_line))
        .or_else(|| details.and_then(|d| d.barcode.as_ref()).and_then(|b| nonempty(&b.content)))
        .or_else(|| p.barcode.as_ref().and_then(|b| nonempty(&b.content)));
    if url.is_none() && reference.is_none() {
        return None;
    }
    let mut a = NextAction::new(NextActionType::DisplayVoucher);
    a.url = url;
    a.reference = reference;
    a.expires_at = expires;
    Some(a)
}

/// `expected_currency`: the request's currency on create. Mercado Pago's create call takes no
/// currency (a payment is in the seller account's currency), so an answer in another currency
/// means the amount was read in a currency the caller did not mean: the result says so
/// (`unresolved`, with the payment's id to cancel or refund it) instead of reporting success.
pub fn parse_payment(
    response: &HttpResponse,
    call: PaymentCall,
    known_id: Option<&str>,
    expected_currency: Option<&str>,
) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        let (status, what) = match call {
            PaymentCall::Create => (PaymentStatus::Failure, "Mercado Pago refused the payment"),
            // Reading changes nothing: what the payment is stays unknown.
            PaymentCall::Get => (PaymentStatus::Unresolved, "Mercado Pago could not read the payment"),
            PaymentCall::Capture => (PaymentStatus::CaptureFailed, "Mercado Pago refused the capture"),
            PaymentCall::Cancel => (PaymentStatus::VoidFailed, "Mercado Pago refused the cancellation"),
        };
        // A 5xx may or may not have acted: never a failure the caller would retry blindly.
        let status = if response.status >= 500 { PaymentStatus::Unresolved } else { status };
        let mut result = PaymentResult::new(status, response.status);
        result.connector_transaction_id = known_id.map(str::to_string);
        result.error = Some(error_info(response, what));
        return Ok(result);
    }
    let p: Payment = response.json()?;
    let id = id_text(&p.id).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the payment has no id"))?;
    let word = nonempty(&p.status).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the payment has no status"))?;
    let mut status = payment_status(&word)
        .ok_or_else(|| SidecarError::undeserializable(response.status, "", &format!("unknown payment status `{word}`")))?;
    let detail = nonempty(&p.status_detail);
    let amount = money(p.transaction_amount.as_deref(), p.currency_id.as_deref());
    let mut result = PaymentResult::new(status, response.status);
    result.connector_transaction_id = Some(id);
    result.connector_status = Some(match &detail {
        Some(d) => format!("{word}/{d}"),
        None => word.clone(),
    });
    match status {
        PaymentStatus::Pending if detail.as_deref() == Some("pending_challenge") => {
            // 3-D Secure: the shopper answers the issuer's challenge (the CReq posted to its page,
            // in an iframe); Mercado Pago then completes the payment, psync or a webhook tells.
            status = PaymentStatus::AuthenticationPending;
            if let Some(info) = &p.three_ds_info {
                if let Some(url) = nonempty(&info.external_resource_url) {
                    let form = nonempty(&info.creq).map(|c| BTreeMap::from([("creq".to_string(), c)]));
                    result.redirection = Some(Redirection { url: url.clone(), method: RedirectMethod::POST, form });
                    let mut a = NextAction::new(NextActionType::Redirect);
                    a.url = Some(url);
                    result.next_action = Some(a);
                }
            }
        }
        PaymentStatus::Pending => result.next_action = next_action(&p),
        PaymentStatus::Failure => {
            let (code, kind) = detail.as_deref().map(decline).unwrap_or((crate::protocol::UnifiedErrorCode::CardDeclined, crate::protocol::DeclineType::Soft));
            result.error = Some(ErrorInfo {
                code,
                message: format!("Mercado Pago rejected the payment ({})", detail.as_deref().unwrap_or("no status_detail")),
                connector_code: detail.clone(),
                connector_message: None,
                decline_code: detail.clone(),
                advice_code: None,
                decline_type: Some(kind),
            });
        }
        PaymentStatus::Authorized if call == PaymentCall::Capture => {
            // Still waiting for capture after a capture call.
            status = PaymentStatus::CaptureFailed;
        }
        PaymentStatus::Authorized | PaymentStatus::Charged if call == PaymentCall::Cancel => {
            // Still authorized or approved after a cancel call: nothing was cancelled.
            status = PaymentStatus::VoidFailed;
        }
        _ => {}
    }
    if let (Some(expected), Some(got)) = (expected_currency, p.currency_id.as_deref().map(str::trim)) {
        if !got.eq_ignore_ascii_case(expected) && status != PaymentStatus::Failure {
            let got = got.to_ascii_uppercase();
            status = PaymentStatus::Unresolved;
            result.error = Some(ErrorInfo {
                code: crate::protocol::UnifiedErrorCode::InvalidAmount,
                message: format!(
                    "Mercado Pago made this payment in {got}, the seller account's currency, not in {expected} as requested: \
                     cancel (void) or refund it"
                ),
                connector_code: None,
                connector_message: None,
                decline_code: None,
                advice_code: None,
                decline_type: None,
            });
        }
    }
    result.status = status;
    if status == PaymentStatus::Charged {
        // After a partial capture Mercado Pago's transaction_amount is the captured amount.
        result.amount_captured = amount.clone();
    }
    if matches!(status, PaymentStatus::Authorized) {
        result.authorized_amount = amount;
    }
    Ok(result)
}

/// A refund's answer. Mercado Pago's Refund has no currency (it is the payment's): `currency`,
/// when the request says it, lets its `amount` be read back as unified minor units.
pub fn parse_refund(response: &HttpResponse, known_id: Option<&str>, currency: Option<&str>) -> Result<RefundResult, SidecarError> {
    if !response.is_success() {
        let status = if response.status >= 500 { RefundStatus::Pending } else { RefundStatus::Failure };
        let mut result = RefundResult::new(status, response.status);
        result.connector_refund_id = known_id.map(str::to_string);
        result.error = Some(error_info(response, "Mercado Pago refused the refund"));
        return Ok(result);
    }
    let r: Refund = response.json()?;
    let id = id_text(&r.id).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the refund has no id"))?;
    let word = nonempty(&r.status).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the refund has no status"))?;
    let status = refund_status(&word)
        .ok_or_else(|| SidecarError::undeserializable(response.status, "", &format!("unknown refund status `{word}`")))?;
    let mut result = RefundResult::new(status, response.status);
    result.connector_refund_id = Some(id);
    result.connector_status = Some(word);
    result.refund_amount = money(r.amount.as_deref(), currency);
    Ok(result)
}

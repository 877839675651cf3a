//! Adyen's response types (only the fields we read; Adyen adds fields freely) and the reading of
//! a PaymentResponse / PaymentDetailsResponse or a ServiceError into the unified result.

use super::mapping::{payment_status, refusal, service_error_code};
use super::requests::adyen_exponent;
use crate::kit::mask::scrub_text;
use crate::kit::money::iso_minor_units_from;
use crate::protocol::{NextAction, NextActionType, 
    CaptureMethod, DeclineType, ErrorInfo, HttpResponse, PaymentResult, PaymentStatus, RedirectMethod, Redirection,
    RefundResult, RefundStatus, SidecarError, UnifiedErrorCode as U,
};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::BTreeMap;

/// Accepts a string or a number (Adyen documents codes as strings; be lenient on the type).
fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// PaymentResponse (`/payments`) and PaymentDetailsResponse (`/payments/details`): the fields we
/// read are the same in both.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdyenPaymentResponse {
    pub result_code: Option<String>,
    pub psp_reference: Option<String>,
    pub action: Option<AdyenAction>,
    pub refusal_reason: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub refusal_reason_code: Option<String>,
    /// Documented as string → string; read leniently.
    #[serde(default)]
    pub additional_data: BTreeMap<String, Value>,
    pub amount: Option<AdyenResponseAmount>,
}

impl AdyenPaymentResponse {
    fn additional(&self, key: &str) -> Option<String> {
        match self.additional_data.get(key) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        }
    }

    /// The saved card's token when the payment saved one: `tokenization.storedPaymentMethodId`
    /// (v68 and later), else the older `recurring.recurringDetailReference`. Adyen may also send
    /// it only by webhook (RECURRING_CONTRACT, or AUTHORISATION's additionalData).
    fn mandate_reference(&self) -> Option<String> {
        self.additional("tokenization.storedPaymentMethodId").or_else(|| self.additional("recurring.recurringDetailReference"))
    }
}

#[derive(Debug, Deserialize)]
pub struct AdyenResponseAmount {
    pub value: i64,
    pub currency: String,
}

/// One of the `action` variants: `redirect` (CheckoutRedirectAction), `voucher`
/// (CheckoutVoucherAction), `qrCode` (CheckoutQrCodeAction), `await` (CheckoutAwaitAction); the
/// 3DS2 and SDK actions are for Adyen's client components.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdyenAction {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub url: Option<String>,
    pub method: Option<String>,
    /// voucher: the number or barcode line to pay with.
    pub reference: Option<String>,
    /// voucher: the printable voucher; qrCode: none.
    pub download_url: Option<String>,
    pub expires_at: Option<String>,
    /// qrCode: what the code encodes (Pix copia e cola, a wallet's payment string).
    pub qr_code_data: Option<String>,
    /// For a POST redirect: the form fields to post to `url`.
    pub data: Option<BTreeMap<String, Value>>,
}

/// ServiceError, the body of Adyen's non-2xx answers; also reads the RFC 7807 shape
/// (`title`, `detail`) that some Adyen APIs use.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdyenServiceError {
    #[serde(default, deserialize_with = "lenient_string")]
    pub error_code: Option<String>,
    pub message: Option<String>,
    pub error_type: Option<String>,
    pub psp_reference: Option<String>,
    pub title: Option<String>,
    pub detail: Option<String>,
}

/// Reads Adyen's answer. `capture` decides what `Authorised` means; `fallback_psp` is the
/// pspReference we already know (psync), used when the body carries none.
pub fn parse_payment_response(
    response: &HttpResponse,
    capture: CaptureMethod,
    fallback_psp: Option<&str>,
) -> Result<PaymentResult, SidecarError> {
    let mut result = if response.is_success() {
        let body: AdyenPaymentResponse = response.json()?;
        from_payment_response(body, capture, response.status)
    } else if response.status >= 500 {
        // The outcome is unknown whatever the body says, even an HTML page from a proxy.
        from_service_error(response.json().ok(), response.status)
    } else {
        from_service_error(Some(response.json()?), response.status)
    };
    if result.connector_transaction_id.is_none() {
        result.connector_transaction_id = fallback_psp.map(str::to_string);
    }
    Ok(result)
}

/// What the shopper must do besides a redirect (which is `redirection`): show a voucher or a QR
/// code, or approve in an app (`await`: MB WAY, BLIK, Swish push),
/// https://docs.adyen.com/online-payments/build-your-integration/payment-result-codes (Pending, PresentToShopper).
fn next_action(action: &AdyenAction) -> Option<NextAction> {
    let kind = match action.kind.as_deref()? {
        "voucher" => NextActionType::DisplayVoucher,
        "qrCode" => NextActionType::DisplayQrCode,
        "await" => NextActionType::AwaitApproval,
        _ => return None,
    };
    let mut n = NextAction::new(kind);
    n.url = action.download_url.clone().or_else(|| action.url.clone()).filter(|u| !u.is_empty());
    n.reference = action.reference.clone();
    n.qr_data = action.qr_code_data.clone();
    n.expires_at = action.expires_at.clone();
    Some(n)
}

fn redirection(action: &AdyenAction) -> Option<Redirection> {
    if action.kind.as_deref() != Some("redirect") {
        return None;
    }
    let url = action.url.clone().filter(|u| !u.is_empty())?;
    if action.method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("POST")) {
        let form = action
            .data
            .as_ref()
            .map(|d| {
                d.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        Some(Redirection { url, method: RedirectMethod::POST, form: Some(form) })
    } else {
        Some(Redirection { url, method: RedirectMethod::GET, form: None })
    }
}

fn from_payment_response(body: AdyenPaymentResponse, capture: CaptureMethod, http_status: u16) -> PaymentResult {
    let status = payment_status(body.result_code.as_deref(), capture);
    let mut result = PaymentResult::new(status, http_status);
    result.connector_status = body.result_code.clone();
    result.connector_transaction_id = body.psp_reference.clone().filter(|p| !p.is_empty());
    result.network_transaction_id = body.additional("networkTxReference");
    result.redirection = body.action.as_ref().and_then(redirection);
    result.next_action = body.action.as_ref().and_then(next_action);
    if status != PaymentStatus::Failure {
        result.mandate_reference = body.mandate_reference();
    }
    if status == PaymentStatus::Charged {
        result.amount_captured = body.amount.as_ref().and_then(iso_money);
    }
    if matches!(status, PaymentStatus::Failure | PaymentStatus::Voided) {
        let refused = body.result_code.as_deref() == Some("Refused");
        let has_reason = body.refusal_reason.is_some() || body.refusal_reason_code.is_some();
        if status == PaymentStatus::Failure || has_reason {
            result.error = Some(refusal_error(&body, refused));
        }
    }
    result
}

fn refusal_error(body: &AdyenPaymentResponse, refused: bool) -> ErrorInfo {
    let code = body.refusal_reason_code.as_deref();
    let reason = body.refusal_reason.as_deref();
    let (unified, decline_type) = refusal(code, reason).map(|(u, d)| (u, Some(d))).unwrap_or(if refused {
        (U::CardDeclined, Some(DeclineType::Soft))
    } else {
        // resultCode Error (or Cancelled) without a reason we know: a processing problem.
        (U::ProcessingError, None)
    });
    let what = match body.result_code.as_deref() {
        Some("Refused") => "Adyen refused the payment",
        Some("Cancelled") => "Adyen cancelled the payment",
        _ => "Adyen could not process the payment",
    };
    let message = match reason {
        Some(r) => format!("{what}: {r}"),
        None => what.to_string(),
    };
    ErrorInfo {
        code: unified,
        message: scrub_text(&message),
        connector_code: body.refusal_reason_code.clone(),
        connector_message: body.refusal_reason.clone(),
        decline_code: body.additional("refusalReasonRaw"),
        advice_code: body.additional("merchantAdviceCode"),
        decline_type,
    }
}

fn from_service_error(body: Option<AdyenServiceError>, http_status: u16) -> PaymentResult {
    // Adyen did not take the payment on a 4xx; on a 5xx nobody knows: sync, do not retry blindly.
    let status = if http_status >= 500 { PaymentStatus::Unresolved } else { PaymentStatus::Failure };
    let mut result = PaymentResult::new(status, http_status);
    result.connector_transaction_id = body.as_ref().and_then(|b| b.psp_reference.clone()).filter(|p| !p.is_empty());
    result.error = Some(service_error_info(body.as_ref(), http_status));
    result
}

/// The unified error of a ServiceError body (or of a body that is not one: a proxy's page).
fn service_error_info(body: Option<&AdyenServiceError>, http_status: u16) -> ErrorInfo {
    let (error_code, error_type, text) = match body {
        Some(b) => (
            b.error_code.clone(),
            b.error_type.clone(),
            b.message.clone().or_else(|| b.detail.clone()).or_else(|| b.title.clone()),
        ),
        None => (None, None, None),
    };
    let message = match (&text, body.is_some()) {
        (Some(t), _) => format!("Adyen answered HTTP {http_status}: {t}"),
        (None, true) => format!("Adyen answered HTTP {http_status}"),
        (None, false) => format!("Adyen answered HTTP {http_status} with a body that is not an Adyen error"),
    };
    ErrorInfo {
        code: service_error_code(http_status, error_code.as_deref(), error_type.as_deref()),
        message: scrub_text(&message),
        connector_code: error_code,
        connector_message: text,
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

// ---------- Modifications: captures, cancels, refunds ----------

/// PaymentCaptureResponse, PaymentCancelResponse, PaymentRefundResponse: Adyen acknowledges a
/// modification with `status: received`; the outcome comes later, by webhook (CAPTURE,
/// CANCELLATION, REFUND with `success`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdyenModificationResponse {
    /// The modification's own reference (a refund's is the unified `connectorRefundId`).
    pub psp_reference: Option<String>,
    /// The payment's reference.
    pub payment_psp_reference: Option<String>,
    pub status: Option<String>,
    pub amount: Option<AdyenResponseAmount>,
}

/// The only `status` v71 documents for a modification: received, not yet done.
const RECEIVED: &str = "received";

/// An Adyen amount back in unified ISO minor units (None when the currency is not one we know,
/// or the value cannot be expressed exactly).
pub fn iso_money(amount: &AdyenResponseAmount) -> Option<crate::protocol::Money> {
    let currency = amount.currency.to_ascii_uppercase();
    adyen_exponent(&currency).and_then(|e| iso_minor_units_from(amount.value, &currency, e))
}

/// Which payment modification a response answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentModification {
    Capture,
    Cancel,
}

/// A capture's or cancel's answer. `received` is `capture_initiated` / `void_initiated` (the
/// webhook brings the outcome); a 4xx means Adyen refused the request (`capture_failed` /
/// `void_failed`: the payment itself is unchanged); a 5xx is `unresolved`. `payment_psp` is the
/// request's connectorTransactionId, used when the body does not name the payment.
pub fn parse_payment_modification(
    response: &HttpResponse,
    kind: PaymentModification,
    payment_psp: &str,
) -> Result<PaymentResult, SidecarError> {
    let (initiated, failed) = match kind {
        PaymentModification::Capture => (PaymentStatus::CaptureInitiated, PaymentStatus::CaptureFailed),
        PaymentModification::Cancel => (PaymentStatus::VoidInitiated, PaymentStatus::VoidFailed),
    };
    let mut result = if response.is_success() {
        let body: AdyenModificationResponse = response.json()?;
        let status = if body.status.as_deref() == Some(RECEIVED) { initiated } else { PaymentStatus::Unresolved };
        let mut result = PaymentResult::new(status, response.status);
        result.connector_status = body.status.clone();
        result.connector_transaction_id = body.payment_psp_reference.clone().filter(|p| !p.is_empty());
        if kind == PaymentModification::Capture {
            // The amount this capture asks for; capture_initiated says Adyen has not confirmed it.
            result.amount_captured = body.amount.as_ref().and_then(iso_money);
        }
        result
    } else {
        let body: Option<AdyenServiceError> =
            if response.status >= 500 { response.json().ok() } else { Some(response.json()?) };
        let status = if response.status >= 500 { PaymentStatus::Unresolved } else { failed };
        let mut result = PaymentResult::new(status, response.status);
        result.error = Some(service_error_info(body.as_ref(), response.status));
        result
    };
    if result.connector_transaction_id.is_none() {
        result.connector_transaction_id = Some(payment_psp.to_string());
    }
    Ok(result)
}

/// A refund's answer. `received` is `pending` (the REFUND webhook says success or failure);
/// a 4xx is `failure`; a 5xx is `pending` with the error: Adyen may or may not have taken the
/// refund, so it is retried with the same idempotency key, never as a new refund.
pub fn parse_refund_response(response: &HttpResponse) -> Result<RefundResult, SidecarError> {
    if response.is_success() {
        let body: AdyenModificationResponse = response.json()?;
        let mut result = RefundResult::new(RefundStatus::Pending, response.status);
        result.connector_refund_id = body.psp_reference.clone().filter(|p| !p.is_empty());
        result.connector_status = body.status.clone();
        result.refund_amount = body.amount.as_ref().and_then(iso_money);
        return Ok(result);
    }
    let body: Option<AdyenServiceError> =
        if response.status >= 500 { response.json().ok() } else { Some(response.json()?) };
    let status = if response.status >= 500 { RefundStatus::Pending } else { RefundStatus::Failure };
    let mut result = RefundResult::new(status, response.status);
    result.error = Some(service_error_info(body.as_ref(), response.status));
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: body.to_string(), encoding: None }
    }

    fn parse(status: u16, body: Value, capture: CaptureMethod) -> PaymentResult {
        parse_payment_response(&resp(status, &body.to_string()), capture, None).unwrap()
    }

    #[test]
    fn authorised_with_network_reference() {
        let r = parse(
            200,
            json!({"pspReference": "993617895204576J", "resultCode": "Authorised",
                   "additionalData": {"networkTxReference": "MCC123456", "authCode": "044925"}}),
            CaptureMethod::Manual,
        );
        assert_eq!(r.status, PaymentStatus::Authorized);
        assert_eq!(r.connector_transaction_id.as_deref(), Some("993617895204576J"));
        assert_eq!(r.network_transaction_id.as_deref(), Some("MCC123456"));
        assert_eq!(r.connector_status.as_deref(), Some("Authorised"));
        assert!(r.error.is_none());
    }

    #[test]
    fn charged_reports_the_amount_in_iso_units() {
        let r = parse(
            200,
            json!({"pspReference": "P", "resultCode": "Authorised", "amount": {"value": 500, "currency": "ISK"}}),
            CaptureMethod::Automatic,
        );
        assert_eq!(r.status, PaymentStatus::Charged);
        assert_eq!(r.amount_captured.unwrap().minor_amount, 5);
    }

    #[test]
    fn refusal_carries_codes() {
        let r = parse(
            200,
            json!({"pspReference": "P", "resultCode": "Refused", "refusalReason": "Not enough balance",
                   "refusalReasonCode": "12", "additionalData": {"refusalReasonRaw": "51 : Insufficient funds",
                   "merchantAdviceCode": "01"}}),
            CaptureMethod::Automatic,
        );
        assert_eq!(r.status, PaymentStatus::Failure);
        let e = r.error.unwrap();
        assert_eq!(e.code, U::InsufficientFunds);
        assert_eq!(e.decline_type, Some(DeclineType::Soft));
        assert_eq!(e.connector_code.as_deref(), Some("12"));
        assert_eq!(e.decline_code.as_deref(), Some("51 : Insufficient funds"));
        assert_eq!(e.advice_code.as_deref(), Some("01"));
        // A numeric code is read too.
        let r = parse(200, json!({"resultCode": "Refused", "refusalReasonCode": 6}), CaptureMethod::Automatic);
        assert_eq!(r.error.unwrap().code, U::ExpiredCard);
        // Unknown code on Refused: a generic soft decline; on Error: a processing error.
        let r = parse(200, json!({"resultCode": "Refused", "refusalReasonCode": "99"}), CaptureMethod::Automatic);
        assert_eq!(r.error.unwrap().code, U::CardDeclined);
        let r = parse(
            200,
            json!({"resultCode": "Error", "refusalReason": "Unknown", "refusalReasonCode": "0"}),
            CaptureMethod::Automatic,
        );
        assert_eq!(r.error.unwrap().code, U::ProcessingError);
    }

    #[test]
    fn redirects() {
        let get = parse(
            200,
            json!({"resultCode": "RedirectShopper", "action": {"type": "redirect", "method": "GET", "url": "https://x/y?a=1"}}),
            CaptureMethod::Automatic,
        );
        assert_eq!(get.status, PaymentStatus::AuthenticationPending);
        assert_eq!(get.redirection, Some(Redirection { url: "https://x/y?a=1".into(), method: RedirectMethod::GET, form: None }));
        let post = parse(
            200,
            json!({"resultCode": "RedirectShopper", "action": {"type": "redirect", "method": "POST", "url": "https://acs",
                   "data": {"MD": "m", "PaReq": "p", "TermUrl": "https://t"}}}),
            CaptureMethod::Automatic,
        );
        let redirect = post.redirection.unwrap();
        assert_eq!(redirect.method, RedirectMethod::POST);
        assert_eq!(redirect.form.unwrap().get("PaReq").map(String::as_str), Some("p"));
        // A 3DS2 SDK action is not a browser redirect.
        let sdk = parse(
            200,
            json!({"resultCode": "IdentifyShopper", "action": {"type": "threeDS2", "token": "t"}}),
            CaptureMethod::Automatic,
        );
        assert_eq!(sdk.status, PaymentStatus::AuthenticationPending);
        assert!(sdk.redirection.is_none());
    }

    #[test]
    fn service_errors_and_garbage() {
        let r = parse(
            422,
            json!({"status": 422, "errorCode": "130", "message": "Required field 'reference' is not provided.",
                   "errorType": "validation", "pspReference": "ABCDEFGHIJKLMNO"}),
            CaptureMethod::Automatic,
        );
        assert_eq!(r.status, PaymentStatus::Failure);
        assert_eq!(r.connector_transaction_id.as_deref(), Some("ABCDEFGHIJKLMNO"));
        let e = r.error.unwrap();
        assert_eq!(e.code, U::InvalidRequest);
        assert_eq!(e.connector_code.as_deref(), Some("130"));

        let r = parse_payment_response(&resp(502, "<html>Bad Gateway</html>"), CaptureMethod::Automatic, Some("PSP1")).unwrap();
        assert_eq!(r.status, PaymentStatus::Unresolved);
        assert_eq!(r.error.unwrap().code, U::ProcessorUnavailable);
        assert_eq!(r.connector_transaction_id.as_deref(), Some("PSP1"));

        for (status, body) in [(200, "not json"), (422, "{\"status\": 422, ...}"), (401, ""), (200, "[1,2]")] {
            let e = parse_payment_response(&resp(status, body), CaptureMethod::Automatic, None).unwrap_err();
            assert_eq!(e.kind, crate::protocol::ErrorKind::ResponseDeserializationFailed, "{status} {body}");
        }
    }

    #[test]
    fn empty_success_body_is_unresolved() {
        let r = parse(200, json!({}), CaptureMethod::Automatic);
        assert_eq!(r.status, PaymentStatus::Unresolved);
    }
}

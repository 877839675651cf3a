//! Shift4's response bodies (the charge, refund, customer, card, event and error objects, as its
//! API reference and Java SDK `com.shift4.response` name them) and how each is read.

use super::mapping::{api_error_code, charge_status, error_code, refund_status};
use super::requests::{MERCHANT_REFUND_ID, MERCHANT_TRANSACTION_ID};
use crate::kit::text::present_owned;
use crate::kit::money::{iso_exponent, iso_minor_units_from};
use crate::protocol::{
    CustomerResult, CustomerStatus, ErrorInfo, HttpResponse, MandateResult, MandateStatus, Money, NextAction, NextActionType, PaymentResult, PaymentStatus, RedirectMethod, Redirection,
    RefundResult, RefundStatus, SidecarError, UnifiedErrorCode as U,
};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The charge object.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Shift4Charge {
    pub id: Option<String>,
    pub amount: Option<i64>,
    pub amount_refunded: Option<i64>,
    pub currency: Option<String>,
    pub status: Option<String>,
    #[serde(default)]
    pub captured: bool,
    pub flow: Option<Shift4Flow>,
    #[serde(default)]
    pub refunds: Vec<Shift4Refund>,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
    pub failure_code: Option<String>,
    pub failure_message: Option<String>,
    pub failure_issuer_decline_code: Option<String>,
}

/// `ChargeFlow`: what the shopper must do for a pending charge.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Shift4Flow {
    pub next_action: Option<String>,
    pub redirect: Option<Shift4FlowRedirect>,
    pub qr_code: Option<Shift4FlowQrCode>,
}

/// `ChargeFlow.QrCode`: the QR code's image (its `src`).
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Shift4FlowQrCode {
    pub img_src: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Shift4FlowRedirect {
    pub redirect_url: Option<String>,
}

/// The card object (a charge's card, or a card saved under a customer).
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Shift4CardObject {
    pub id: Option<String>,
    pub customer_id: Option<String>,
}

/// The refund object.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Shift4Refund {
    pub id: Option<String>,
    pub created: Option<i64>,
    pub amount: Option<i64>,
    pub currency: Option<String>,
    pub charge: Option<Value>,
    pub status: Option<String>,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
}

/// The customer object.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shift4Customer {
    pub id: Option<String>,
}

/// The error object: `{"error": {type, code?, message, issuerDeclineCode?, chargeId?}}`.
#[derive(Debug, Deserialize)]
pub struct Shift4ErrorBody {
    pub error: Shift4Error,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Shift4Error {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub code: Option<String>,
    pub message: Option<String>,
    pub issuer_decline_code: Option<String>,
    pub charge_id: Option<String>,
}


/// An amount in the currency's minor units back as unified Money (None when the currency is not
/// an ISO 4217 one).
pub fn money(amount: Option<i64>, currency: Option<&str>) -> Option<Money> {
    let currency = currency?.to_ascii_uppercase();
    let exponent = iso_exponent(&currency)?;
    iso_minor_units_from(amount?, &currency, exponent)
}

/// A decline or API error, with Shift4's code and message and the issuer's decline code.
pub fn error_info(http_status: u16, e: &Shift4Error, what: &str) -> ErrorInfo {
    let code = api_error_code(http_status, e.kind.as_deref(), e.code.as_deref());
    let decline_type = e.code.as_deref().and_then(error_code).and_then(|(_, d)| d);
    let message = match &e.message {
        Some(m) if !m.trim().is_empty() => format!("{what}: {}", m.trim()),
        _ => what.to_string(),
    };
    ErrorInfo {
        code,
        message,
        connector_code: present_owned(&e.code).or_else(|| present_owned(&e.kind)),
        connector_message: present_owned(&e.message),
        decline_code: present_owned(&e.issuer_decline_code),
        advice_code: None,
        decline_type,
    }
}

/// The error body of a non-2xx answer: None when there is no body (a bare 5xx or 429); an error
/// when a 4xx body is not Shift4's error object.
pub(super) fn error_body(response: &HttpResponse) -> Result<Option<Shift4Error>, SidecarError> {
    if response.body.trim().is_empty() {
        return Ok(None);
    }
    match response.json::<Shift4ErrorBody>() {
        Ok(b) => Ok(Some(b.error)),
        // A gateway's HTML page in front of a 5xx or 429 says nothing about the payment.
        Err(_) if response.status >= 500 || response.status == 429 => Ok(None),
        Err(e) => Err(e),
    }
}

/// How a charge answer is read.
pub struct ChargeReading<'a> {
    /// The charge asked about (psync, capture): named even when the call fails.
    pub known_id: Option<&'a str>,
    /// A read (psync): a failed call says nothing about the payment.
    pub read_only: bool,
    /// The call carried an idempotency key: a 429 may be a duplicate still in flight.
    pub idempotent: bool,
    /// What a refused call leaves the payment in (capture: capture_failed).
    pub refused: PaymentStatus,
    /// What a refused call was trying to do, for the error message.
    pub what: &'static str,
}

/// Reads a charge (2xx) or an error (402 decline with `chargeId`, 4xx, 5xx).
pub fn parse_charge(response: &HttpResponse, how: &ChargeReading) -> Result<PaymentResult, SidecarError> {
    if response.is_success() {
        let charge: Shift4Charge = response.json()?;
        return Ok(charge_result(&charge, response.status));
    }
    let error = error_body(response)?;
    let unknown = response.status >= 500 || (response.status == 429 && how.idempotent) || (how.read_only && response.status != 402);
    let status = if unknown { PaymentStatus::Unresolved } else { how.refused };
    let mut result = PaymentResult::new(status, response.status);
    let e = error.unwrap_or_default();
    result.connector_transaction_id = present_owned(&e.charge_id).or_else(|| how.known_id.map(str::to_string));
    let what = if response.status == 402 {
        "Shift4 declined the charge"
    } else if response.status >= 500 {
        "Shift4 could not process the call (its outcome is unknown)"
    } else {
        how.what
    };
    result.error = Some(error_info(response.status, &e, what));
    Ok(result)
}

/// The unified result of a charge object.
pub fn charge_result(charge: &Shift4Charge, http_status: u16) -> PaymentResult {
    let mut status = charge_status(charge.status.as_deref(), charge.captured);
    let flow = charge.flow.as_ref();
    // ChargeFlowActionType: `redirect` and `app_redirect` send the shopper to redirect.redirectUrl.
    let redirect = flow
        .filter(|f| matches!(f.next_action.as_deref(), Some("redirect" | "app_redirect")))
        .and_then(|f| f.redirect.as_ref())
        .and_then(|r| present_owned(&r.redirect_url));
    if status == PaymentStatus::Pending && redirect.is_some() {
        status = PaymentStatus::AuthenticationPending;
    }
    let mut result = PaymentResult::new(status, http_status);
    result.connector_transaction_id = present_owned(&charge.id);
    result.connector_status = present_owned(&charge.status);
    if status == PaymentStatus::AuthenticationPending {
        if let Some(url) = redirect {
            result.redirection = Some(Redirection { url: url.clone(), method: RedirectMethod::GET, form: None });
            let mut action = NextAction::new(NextActionType::Redirect);
            action.url = Some(url);
            result.next_action = Some(action);
        }
    } else if status == PaymentStatus::Pending {
        // `qr_code`: the shopper scans flow.qrCode (its image); `mobile_app_confirmation`: the
        // shopper approves in the bank's or wallet's app.
        result.next_action = match flow.and_then(|f| f.next_action.as_deref()) {
            Some("qr_code") => flow.and_then(|f| f.qr_code.as_ref()).and_then(|q| present_owned(&q.img_src)).map(|src| {
                let mut action = NextAction::new(NextActionType::DisplayQrCode);
                action.url = Some(src);
                action
            }),
            Some("mobile_app_confirmation") => Some(NextAction::new(NextActionType::AwaitApproval)),
            _ => None,
        };
    }
    if status == PaymentStatus::Charged {
        result.amount_captured = money(charge.amount, charge.currency.as_deref());
    }
    if status == PaymentStatus::Failure {
        let e = Shift4Error {
            kind: Some("card_error".into()),
            code: charge.failure_code.clone(),
            message: charge.failure_message.clone(),
            issuer_decline_code: charge.failure_issuer_decline_code.clone(),
            charge_id: charge.id.clone(),
        };
        result.error = Some(error_info(402, &e, "Shift4 declined the charge"));
    }
    result
}

/// The merchantTransactionId this connector put in a charge's metadata.
pub fn merchant_transaction_id(charge: &Shift4Charge) -> Option<String> {
    charge.metadata.get(MERCHANT_TRANSACTION_ID).cloned()
}

/// The merchantRefundId this connector put in a refund's metadata.
pub fn merchant_refund_id(refund: &Shift4Refund) -> Option<String> {
    refund.metadata.get(MERCHANT_REFUND_ID).cloned()
}

/// Reads a refund (2xx) or an error. A 5xx, or a 429 on an idempotent call, leaves the refund's
/// fate unknown: `pending` with the error (sent again with the same key, it cannot refund twice).
/// A read (rsync) that fails is `pending` too.
pub fn parse_refund(response: &HttpResponse, idempotent: bool, read_only: bool, known_id: Option<&str>) -> Result<RefundResult, SidecarError> {
    if response.is_success() {
        let refund: Shift4Refund = response.json()?;
        let mut r = RefundResult::new(refund_status(refund.status.as_deref()), response.status);
        r.connector_refund_id = present_owned(&refund.id);
        r.connector_status = present_owned(&refund.status);
        r.refund_amount = money(refund.amount, refund.currency.as_deref());
        if r.status == RefundStatus::Failure {
            r.error = Some(ErrorInfo {
                code: U::ProcessingError,
                message: "Shift4 reports the refund failed".into(),
                connector_code: present_owned(&refund.status),
                connector_message: None,
                decline_code: None,
                advice_code: None,
                decline_type: None,
            });
        }
        return Ok(r);
    }
    let error = error_body(response)?.unwrap_or_default();
    let unknown = read_only || response.status >= 500 || (response.status == 429 && idempotent);
    let mut r = RefundResult::new(if unknown { RefundStatus::Pending } else { RefundStatus::Failure }, response.status);
    r.connector_refund_id = known_id.map(str::to_string);
    let what = if read_only {
        "Shift4 could not read the refund"
    } else if unknown {
        "Shift4 could not process the refund (its outcome is unknown: send it again with the same idempotency key)"
    } else {
        "Shift4 refused the refund"
    };
    r.error = Some(error_info(response.status, &error, what));
    Ok(r)
}

/// Reads a created customer (createCustomer).
pub fn parse_customer(response: &HttpResponse) -> Result<CustomerResult, SidecarError> {
    if response.is_success() {
        let c: Shift4Customer = response.json()?;
        let id = present_owned(&c.id).ok_or_else(|| SidecarError::undeserializable(response.status, &response.body, "the customer has no id"))?;
        return Ok(CustomerResult { status: CustomerStatus::Success, connector_customer_id: Some(id), error: None, http_status: response.status });
    }
    let error = error_body(response)?.unwrap_or_default();
    // A retry with the same idempotency key creates no second customer.
    Ok(CustomerResult {
        status: CustomerStatus::Failure,
        connector_customer_id: None,
        error: Some(error_info(response.status, &error, "Shift4 did not create the customer")),
        http_status: response.status,
    })
}

/// Reads a card saved under a customer (setupMandate): the card is the mandate. Saving takes no
/// payment, so a saved card is final, like a zero-value verification (`charged`).
pub fn parse_saved_card(response: &HttpResponse, customer_id: &str, idempotent: bool) -> Result<PaymentResult, SidecarError> {
    if response.is_success() {
        let card: Shift4CardObject = response.json()?;
        let id = present_owned(&card.id).ok_or_else(|| SidecarError::undeserializable(response.status, &response.body, "the card has no id"))?;
        let mut r = PaymentResult::new(PaymentStatus::Charged, response.status);
        r.mandate_reference = Some(id);
        r.connector_customer_id = present_owned(&card.customer_id).or_else(|| Some(customer_id.to_string()));
        return Ok(r);
    }
    let error = error_body(response)?.unwrap_or_default();
    let unknown = response.status >= 500 || (response.status == 429 && idempotent);
    let mut r = PaymentResult::new(if unknown { PaymentStatus::Unresolved } else { PaymentStatus::Failure }, response.status);
    r.connector_customer_id = Some(customer_id.to_string());
    r.error = Some(error_info(response.status, &error, "Shift4 did not save the card"));
    Ok(r)
}

/// The Java SDK's DeleteResponse: the deleted object's `id`.
#[derive(Deserialize)]
struct Shift4Deleted {
    id: Option<String>,
}

/// Reads the answer to deleting a saved card (revokeMandate): 2xx with the card's id, or Shift4's
/// error (404 for a card or customer it does not know).
pub fn parse_deleted_card(response: &HttpResponse, card_id: &str) -> Result<MandateResult, SidecarError> {
    if response.is_success() {
        let deleted: Shift4Deleted = response.json()?;
        let mut r = MandateResult::new(MandateStatus::Revoked, response.status);
        r.mandate_reference = present_owned(&deleted.id).or_else(|| Some(card_id.to_string()));
        return Ok(r);
    }
    let error = error_body(response)?.unwrap_or_default();
    let mut r = MandateResult::new(MandateStatus::Failure, response.status);
    r.mandate_reference = Some(card_id.to_string());
    r.error = Some(error_info(response.status, &error, "Shift4 did not delete the saved card"));
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resp(status: u16, body: Value) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: body.to_string(), encoding: None }
    }

    fn how() -> ChargeReading<'static> {
        ChargeReading { known_id: None, read_only: false, idempotent: false, refused: PaymentStatus::Failure, what: "Shift4 refused the charge" }
    }

    #[test]
    fn decline_is_402_with_the_charge() {
        let r = parse_charge(
            &resp(402, json!({"error": {"type": "card_error", "code": "insufficient_funds", "message": "Insufficient funds.",
                                        "issuerDeclineCode": "51", "chargeId": "char_Q3nDzYUG3nBb0F1pRZ2yTgFu"}})),
            &how(),
        )
        .unwrap();
        assert_eq!(r.status, PaymentStatus::Failure);
        assert_eq!(r.connector_transaction_id.as_deref(), Some("char_Q3nDzYUG3nBb0F1pRZ2yTgFu"));
        let e = r.error.unwrap();
        assert_eq!((e.code, e.decline_type), (U::InsufficientFunds, Some(crate::protocol::DeclineType::Soft)));
        assert_eq!(e.decline_code.as_deref(), Some("51"));
        assert_eq!(e.connector_code.as_deref(), Some("insufficient_funds"));
    }

    #[test]
    fn unknown_outcomes() {
        let r = parse_charge(&HttpResponse { status: 502, headers: vec![], body: "<html>".into(), encoding: None }, &how()).unwrap();
        assert_eq!((r.status, r.error.unwrap().code), (PaymentStatus::Unresolved, U::ProcessorUnavailable));
        let idem = ChargeReading { idempotent: true, ..how() };
        assert_eq!(parse_charge(&resp(429, json!({"error": {"type": "rate_limit_error"}})), &idem).unwrap().status, PaymentStatus::Unresolved);
        assert_eq!(parse_charge(&resp(429, json!({"error": {"type": "rate_limit_error"}})), &how()).unwrap().status, PaymentStatus::Failure);
        let read = ChargeReading { read_only: true, known_id: Some("char_1"), ..how() };
        let r = parse_charge(&resp(404, json!({"error": {"type": "invalid_request", "message": "Charge not found"}})), &read).unwrap();
        assert_eq!((r.status, r.connector_transaction_id.as_deref()), (PaymentStatus::Unresolved, Some("char_1")));
        assert!(parse_charge(&resp(400, json!([1])), &how()).is_err());
    }

    #[test]
    fn a_failed_charge_object_carries_its_failure() {
        let c: Shift4Charge = serde_json::from_value(json!({"id": "char_1", "status": "failed", "captured": false,
            "failureCode": "lost_or_stolen", "failureMessage": "The card is marked as lost or stolen."})).unwrap();
        let r = charge_result(&c, 200);
        let e = r.error.unwrap();
        assert_eq!((e.code, e.decline_type), (U::LostOrStolenCard, Some(crate::protocol::DeclineType::Hard)));
    }
}

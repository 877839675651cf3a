//! Square's response types (only the fields we read; Square adds fields freely) and their reading
//! into unified results. Every Square response is `{<object>?, errors?: [Error]}`: a success is
//! HTTP 200 with the object; a failure is 4xx/5xx with `errors` ("if multiple errors are returned,
//! the status code matches the first one") and, for a declined CreatePayment, possibly the
//! `payment` with status FAILED.

use super::mapping::{error_code, payment_status, refund_status};
use crate::kit::mask::scrub_text;
use crate::kit::text::present_owned;
use crate::kit::money::{iso_exponent, iso_minor_units_from};
use crate::protocol::{
    CustomerResult, CustomerStatus, ErrorInfo, HttpResponse, Money, PaymentResult, PaymentStatus, RefundResult,
    RefundStatus, SidecarError,
};
use serde::Deserialize;

#[derive(Debug, Deserialize, Clone)]
pub struct SquareError {
    pub category: Option<String>,
    pub code: Option<String>,
    pub detail: Option<String>,
    pub field: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SquareMoney {
    pub amount: Option<i64>,
    pub currency: Option<String>,
}

impl SquareMoney {
    /// Square's smallest denomination is ISO 4217's, so the amount converts back with the ISO
    /// exponent. None when either part is missing or the currency is not an ISO code.
    pub fn to_unified(&self) -> Option<Money> {
        let currency = self.currency.as_deref()?.to_ascii_uppercase();
        let exponent = iso_exponent(&currency)?;
        iso_minor_units_from(self.amount?, &currency, exponent)
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct SquareCardPaymentDetails {
    /// Why a FAILED card payment failed (the payment's own `status` says that it did).
    #[serde(default)]
    pub errors: Vec<SquareError>,
}

#[derive(Debug, Deserialize)]
pub struct SquarePayment {
    pub id: Option<String>,
    pub status: Option<String>,
    pub amount_money: Option<SquareMoney>,
    pub total_money: Option<SquareMoney>,
    pub reference_id: Option<String>,
    pub customer_id: Option<String>,
    pub card_details: Option<SquareCardPaymentDetails>,
}

#[derive(Debug, Deserialize)]
pub struct SquarePaymentRefund {
    pub id: Option<String>,
    pub status: Option<String>,
    pub amount_money: Option<SquareMoney>,
    pub payment_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SquareCustomer {
    pub id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SquareCard {
    pub id: Option<String>,
    pub customer_id: Option<String>,
    pub enabled: Option<bool>,
}

/// Every response body: the object of the call (or none) and `errors`.
#[derive(Debug, Deserialize)]
pub struct SquareEnvelope {
    pub payment: Option<SquarePayment>,
    pub refund: Option<SquarePaymentRefund>,
    pub customer: Option<SquareCustomer>,
    pub card: Option<SquareCard>,
    #[serde(default)]
    pub errors: Vec<SquareError>,
}

/// Which call a payment response answers: the same body means different things after each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentCall {
    /// CreatePayment (authorize, repeatPayment).
    Create,
    /// GetPayment (psync).
    Get,
    /// CompletePayment (capture).
    Complete,
    /// CancelPayment (void).
    Cancel,
    /// UpdatePayment (incrementalAuthorization): a new `amount_money` on an APPROVED payment.
    Update,
}

impl PaymentCall {
    /// The status when Square refused the call (4xx) without saying the payment's state.
    fn refused(self) -> PaymentStatus {
        match self {
            // Nothing was created: no money moved.
            PaymentCall::Create => PaymentStatus::Failure,
            // We could not read the status: that says nothing about the payment.
            PaymentCall::Get => PaymentStatus::Unresolved,
            PaymentCall::Complete => PaymentStatus::CaptureFailed,
            PaymentCall::Cancel => PaymentStatus::VoidFailed,
            // The increment was refused (a decline, or a payment that is not APPROVED): the
            // earlier authorization stands, unchanged; the error says why.
            PaymentCall::Update => PaymentStatus::Failure,
        }
    }

    fn what(self) -> &'static str {
        match self {
            PaymentCall::Create => "take the payment",
            PaymentCall::Get => "report the payment",
            PaymentCall::Complete => "complete (capture) the payment",
            PaymentCall::Cancel => "cancel (void) the payment",
            PaymentCall::Update => "update (increase) the payment's amount",
        }
    }
}

/// The body of a response, or ResponseDeserializationFailed. A 5xx body need not be Square's (a
/// proxy's HTML page): it is read leniently, and its absence is not an error.
fn envelope(response: &HttpResponse) -> Result<Option<SquareEnvelope>, SidecarError> {
    if response.status >= 500 {
        return Ok(response.json().ok());
    }
    response.json().map(Some)
}

/// The unified error of Square's first error (the one the HTTP status matches).
pub fn error_info(http_status: u16, errors: &[SquareError], what: &str) -> ErrorInfo {
    let first = errors.first();
    let code = first.and_then(|e| e.code.clone());
    let category = first.and_then(|e| e.category.clone());
    let detail = first.and_then(|e| e.detail.clone());
    let field = first.and_then(|e| e.field.as_deref());
    let (unified, decline_type) = error_code(http_status, code.as_deref(), category.as_deref());
    let mut message = format!("Square could not {what}");
    if let Some(c) = &code {
        message.push_str(&format!(": {c}"));
    } else {
        message.push_str(&format!(" (HTTP {http_status})"));
    }
    if let Some(d) = &detail {
        message.push_str(&format!(" ({d})"));
    }
    if let Some(f) = field {
        message.push_str(&format!(" [field {f}]"));
    }
    if errors.len() > 1 {
        let others: Vec<&str> = errors[1..].iter().filter_map(|e| e.code.as_deref()).collect();
        if !others.is_empty() {
            message.push_str(&format!("; also {}", others.join(", ")));
        }
    }
    ErrorInfo {
        code: unified,
        message: scrub_text(&message),
        connector_code: code,
        connector_message: detail.map(|d| scrub_text(&d)),
        decline_code: None,
        advice_code: None,
        decline_type,
    }
}


/// Reads a payment from Square's answer to `call`. `known_id` is the payment id we already have
/// (capture, void, psync), used when the body carries none.
pub fn parse_payment(response: &HttpResponse, call: PaymentCall, known_id: Option<&str>) -> Result<PaymentResult, SidecarError> {
    let status = response.status;
    let body = envelope(response)?;
    let mut result = match body {
        Some(SquareEnvelope { payment: Some(p), errors, .. }) => from_payment(p, &errors, status, call),
        Some(SquareEnvelope { errors, .. }) if response.is_success() => {
            return Err(SidecarError::undeserializable(
                status,
                &response.body,
                if errors.is_empty() { "a success without a `payment`" } else { "a success carrying only `errors`" },
            ));
        }
        Some(SquareEnvelope { errors, .. }) => refused(status, &errors, call),
        None => {
            let mut r = PaymentResult::new(PaymentStatus::Unresolved, status);
            r.error = Some(error_info(status, &[], call.what()));
            r
        }
    };
    if result.connector_transaction_id.is_none() {
        result.connector_transaction_id = known_id.map(str::to_string);
    }
    Ok(result)
}

fn from_payment(p: SquarePayment, errors: &[SquareError], http_status: u16, call: PaymentCall) -> PaymentResult {
    let mut status = payment_status(p.status.as_deref());
    // A 5xx that still carries a payment: the payment's state is what Square says it is, but a
    // state it could not finish moving is not certain.
    if http_status >= 500 && status != PaymentStatus::Failure {
        status = PaymentStatus::Unresolved;
    }
    // A refused UpdatePayment (4xx) may carry the payment as it still is (APPROVED, the earlier
    // amount): the increment failed, whatever state the payment is in.
    let update_refused = call == PaymentCall::Update && (400..500).contains(&http_status);
    if update_refused {
        status = PaymentStatus::Failure;
    }
    let mut result = PaymentResult::new(status, http_status);
    result.connector_transaction_id = present_owned(&p.id);
    result.connector_status = p.status.clone();
    result.connector_customer_id = present_owned(&p.customer_id);
    if call == PaymentCall::Update && status == PaymentStatus::Authorized {
        // UpdatePayment's answer: `amount_money` is the amount now authorized (the new total;
        // `total_money` adds the tip).
        result.authorized_amount = p.amount_money.as_ref().and_then(SquareMoney::to_unified);
    }
    if status == PaymentStatus::Charged {
        result.amount_captured = p.total_money.as_ref().or(p.amount_money.as_ref()).and_then(SquareMoney::to_unified);
    }
    let card_errors = p.card_details.as_ref().map(|c| c.errors.as_slice()).unwrap_or(&[]);
    let errors = if errors.is_empty() { card_errors } else { errors };
    if status == PaymentStatus::Failure || !errors.is_empty() {
        // A FAILED payment failed when it was taken, whichever call reads it now.
        let what = if status == PaymentStatus::Failure && !update_refused { PaymentCall::Create.what() } else { call.what() };
        result.error = Some(error_info(http_status, errors, what));
    }
    result
}

fn refused(http_status: u16, errors: &[SquareError], call: PaymentCall) -> PaymentResult {
    let code = errors.first().and_then(|e| e.code.as_deref());
    let status = if http_status >= 500 {
        PaymentStatus::Unresolved
    } else {
        match (call, code) {
            // A capture or void that Square refuses because it already happened (a retry after a
            // lost answer): the payment is in the state that was asked for.
            (PaymentCall::Complete, Some("DELAYED_TRANSACTION_CAPTURED")) => PaymentStatus::Charged,
            (PaymentCall::Cancel, Some("DELAYED_TRANSACTION_CANCELED")) => PaymentStatus::Voided,
            _ => call.refused(),
        }
    };
    let mut result = PaymentResult::new(status, http_status);
    if !matches!(status, PaymentStatus::Charged | PaymentStatus::Voided) {
        result.error = Some(error_info(http_status, errors, call.what()));
    } else {
        result.connector_status = code.map(str::to_string);
    }
    result
}

/// Which call a refund response answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundCall {
    /// RefundPayment (refund).
    Create,
    /// GetPaymentRefund (rsync).
    Get,
}

pub fn parse_refund(response: &HttpResponse, call: RefundCall, known_id: Option<&str>) -> Result<RefundResult, SidecarError> {
    let status = response.status;
    let what = match call {
        RefundCall::Create => "refund the payment",
        RefundCall::Get => "report the refund",
    };
    let body = envelope(response)?;
    let mut result = match body {
        Some(SquareEnvelope { refund: Some(r), errors, .. }) => {
            let mut out = RefundResult::new(refund_status(r.status.as_deref()), status);
            out.connector_refund_id = present_owned(&r.id);
            out.connector_status = r.status.clone();
            out.refund_amount = r.amount_money.as_ref().and_then(SquareMoney::to_unified);
            if out.status == RefundStatus::Failure || !errors.is_empty() {
                out.error = Some(error_info(status, &errors, what));
            }
            out
        }
        Some(SquareEnvelope { errors, .. }) if response.is_success() => {
            return Err(SidecarError::undeserializable(
                status,
                &response.body,
                if errors.is_empty() { "a success without a `refund`" } else { "a success carrying only `errors`" },
            ));
        }
        other => {
            let errors = other.map(|b| b.errors).unwrap_or_default();
            // Only a refund Square refused to create is a failure. A 5xx may have created it, and
            // an rsync that could not read the refund says nothing about it: `pending`, with the
            // error, so that nobody refunds twice on our word.
            let refused = call == RefundCall::Create && status < 500;
            let mut out = RefundResult::new(if refused { RefundStatus::Failure } else { RefundStatus::Pending }, status);
            out.error = Some(error_info(status, &errors, what));
            out
        }
    };
    if result.connector_refund_id.is_none() {
        result.connector_refund_id = known_id.map(str::to_string);
    }
    Ok(result)
}

pub fn parse_customer(response: &HttpResponse) -> Result<CustomerResult, SidecarError> {
    let status = response.status;
    let body = envelope(response)?;
    match body {
        Some(SquareEnvelope { customer: Some(c), .. }) if response.is_success() && present_owned(&c.id).is_some() => {
            Ok(CustomerResult { status: CustomerStatus::Success, connector_customer_id: present_owned(&c.id), error: None, http_status: status })
        }
        _ if response.is_success() => {
            Err(SidecarError::undeserializable(status, &response.body, "a success without a `customer` id"))
        }
        other => {
            let errors = other.map(|b| b.errors).unwrap_or_default();
            Ok(CustomerResult {
                status: CustomerStatus::Failure,
                connector_customer_id: None,
                error: Some(error_info(status, &errors, "create the customer")),
                http_status: status,
            })
        }
    }
}

/// CreateCard's answer: the card on file is the mandate. Success is reported as `charged`, the
/// settled state of a set-up flow: no money moved (`amountCaptured` stays absent).
pub fn parse_card(response: &HttpResponse) -> Result<PaymentResult, SidecarError> {
    let status = response.status;
    let body = envelope(response)?;
    match body {
        Some(SquareEnvelope { card: Some(card), .. }) if response.is_success() && present_owned(&card.id).is_some() => {
            let enabled = card.enabled != Some(false);
            let mut r = PaymentResult::new(if enabled { PaymentStatus::Charged } else { PaymentStatus::Failure }, status);
            r.mandate_reference = present_owned(&card.id);
            r.connector_customer_id = present_owned(&card.customer_id);
            if !enabled {
                r.error = Some(ErrorInfo {
                    code: crate::protocol::UnifiedErrorCode::CardDeclined,
                    message: "Square saved the card but reports it disabled: it cannot be charged".into(),
                    connector_code: None,
                    connector_message: None,
                    decline_code: None,
                    advice_code: None,
                    decline_type: Some(crate::protocol::DeclineType::Hard),
                });
            }
            Ok(r)
        }
        _ if response.is_success() => Err(SidecarError::undeserializable(status, &response.body, "a success without a `card` id")),
        other => {
            let errors = other.map(|b| b.errors).unwrap_or_default();
            let mut r = PaymentResult::new(if status >= 500 { PaymentStatus::Unresolved } else { PaymentStatus::Failure }, status);
            r.error = Some(error_info(status, &errors, "save the card"));
            Ok(r)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{DeclineType, ErrorKind, UnifiedErrorCode as U};
    use serde_json::json;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: body.to_string(), encoding: None }
    }

    fn payment(status: u16, body: serde_json::Value, call: PaymentCall) -> PaymentResult {
        parse_payment(&resp(status, &body.to_string()), call, Some("KNOWN")).unwrap()
    }

    #[test]
    fn approved_completed_canceled() {
        let r = payment(200, json!({"payment": {"id": "P1", "status": "APPROVED", "amount_money": {"amount": 1000, "currency": "USD"}}}), PaymentCall::Create);
        assert_eq!((r.status, r.connector_transaction_id.as_deref()), (PaymentStatus::Authorized, Some("P1")));
        assert!(r.amount_captured.is_none() && r.error.is_none());
        let r = payment(
            200,
            json!({"payment": {"id": "P1", "status": "COMPLETED", "amount_money": {"amount": 1000, "currency": "USD"},
                   "tip_money": {"amount": 100, "currency": "USD"}, "total_money": {"amount": 1100, "currency": "USD"}}}),
            PaymentCall::Complete,
        );
        assert_eq!(r.status, PaymentStatus::Charged);
        assert_eq!(r.amount_captured, Some(Money { minor_amount: 1100, currency: "USD".into() }));
        let r = payment(200, json!({"payment": {"id": "P1", "status": "COMPLETED", "amount_money": {"amount": 500, "currency": "JPY"}}}), PaymentCall::Get);
        assert_eq!(r.amount_captured, Some(Money { minor_amount: 500, currency: "JPY".into() }));
        let r = payment(200, json!({"payment": {"id": "P1", "status": "CANCELED"}}), PaymentCall::Cancel);
        assert_eq!(r.status, PaymentStatus::Voided);
    }

    #[test]
    fn declined_with_and_without_the_payment() {
        let with = payment(
            402,
            json!({"errors": [{"code": "INSUFFICIENT_FUNDS", "detail": "Authorization error: 'INSUFFICIENT_FUNDS'", "category": "PAYMENT_METHOD_ERROR"}],
                   "payment": {"id": "P2", "status": "FAILED", "card_details": {"status": "FAILED"}}}),
            PaymentCall::Create,
        );
        assert_eq!((with.status, with.connector_transaction_id.as_deref()), (PaymentStatus::Failure, Some("P2")));
        let e = with.error.unwrap();
        assert_eq!((e.code, e.decline_type), (U::InsufficientFunds, Some(DeclineType::Soft)));
        assert_eq!(e.connector_code.as_deref(), Some("INSUFFICIENT_FUNDS"));
        assert_eq!(e.connector_message.as_deref(), Some("Authorization error: 'INSUFFICIENT_FUNDS'"));

        let without = payment(400, json!({"errors": [{"code": "CVV_FAILURE", "category": "PAYMENT_METHOD_ERROR"}]}), PaymentCall::Create);
        assert_eq!(without.status, PaymentStatus::Failure);
        assert_eq!(without.error.unwrap().code, U::IncorrectCvc);
    }

    #[test]
    fn failed_payment_read_by_psync_takes_the_card_errors() {
        let r = payment(
            200,
            json!({"payment": {"id": "P3", "status": "FAILED",
                   "card_details": {"status": "FAILED", "errors": [{"code": "CARD_EXPIRED", "category": "PAYMENT_METHOD_ERROR"}]}}}),
            PaymentCall::Get,
        );
        assert_eq!(r.status, PaymentStatus::Failure);
        assert_eq!(r.error.unwrap().code, U::ExpiredCard);
        // FAILED with no error at all still says why it is a failure.
        let r = payment(200, json!({"payment": {"id": "P3", "status": "FAILED"}}), PaymentCall::Get);
        assert_eq!(r.error.unwrap().code, U::InvalidRequest);
    }

    #[test]
    fn refusals_per_call() {
        let not_found = json!({"errors": [{"code": "NOT_FOUND", "category": "INVALID_REQUEST_ERROR", "detail": "Could not find payment with id: X"}]});
        assert_eq!(payment(404, not_found.clone(), PaymentCall::Get).status, PaymentStatus::Unresolved);
        assert_eq!(payment(404, not_found.clone(), PaymentCall::Complete).status, PaymentStatus::CaptureFailed);
        assert_eq!(payment(404, not_found.clone(), PaymentCall::Cancel).status, PaymentStatus::VoidFailed);
        let r = payment(404, not_found, PaymentCall::Create);
        assert_eq!((r.status, r.connector_transaction_id.as_deref()), (PaymentStatus::Failure, Some("KNOWN")));
        // Already done: a retried capture / void answers with the state asked for.
        let captured = json!({"errors": [{"code": "DELAYED_TRANSACTION_CAPTURED", "category": "INVALID_REQUEST_ERROR"}]});
        let r = payment(400, captured.clone(), PaymentCall::Complete);
        assert_eq!((r.status, r.error.is_none()), (PaymentStatus::Charged, true));
        assert_eq!(payment(400, captured, PaymentCall::Cancel).status, PaymentStatus::VoidFailed);
        let canceled = json!({"errors": [{"code": "DELAYED_TRANSACTION_CANCELED", "category": "INVALID_REQUEST_ERROR"}]});
        assert_eq!(payment(400, canceled.clone(), PaymentCall::Cancel).status, PaymentStatus::Voided);
        assert_eq!(payment(400, canceled, PaymentCall::Complete).status, PaymentStatus::CaptureFailed);
        let expired = json!({"errors": [{"code": "DELAYED_TRANSACTION_EXPIRED", "category": "INVALID_REQUEST_ERROR"}]});
        assert_eq!(payment(400, expired, PaymentCall::Complete).status, PaymentStatus::CaptureFailed);
    }

    #[test]
    fn server_errors_are_unresolved_and_garbage_is_refused() {
        for call in [PaymentCall::Create, PaymentCall::Get, PaymentCall::Complete, PaymentCall::Cancel, PaymentCall::Update] {
            let r = parse_payment(&resp(502, "<html>Bad Gateway</html>"), call, Some("P9")).unwrap();
            assert_eq!(r.status, PaymentStatus::Unresolved, "{call:?}");
            assert_eq!(r.error.unwrap().code, U::ProcessorUnavailable);
            assert_eq!(r.connector_transaction_id.as_deref(), Some("P9"));
        }
        let r = payment(500, json!({"errors": [{"code": "INTERNAL_SERVER_ERROR", "category": "API_ERROR"}]}), PaymentCall::Create);
        assert_eq!(r.status, PaymentStatus::Unresolved);
        for (status, body) in [(200, "not json"), (400, "<html/>"), (200, "{}"), (200, "[1]"), (200, r#"{"errors": []}"#)] {
            let e = parse_payment(&resp(status, body), PaymentCall::Create, None).unwrap_err();
            assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed, "{status} {body}");
        }
    }

    #[test]
    fn several_errors_keep_the_first_and_name_the_others() {
        let r = payment(
            400,
            json!({"errors": [
                {"code": "INSUFFICIENT_FUNDS", "detail": "Gift card does not have sufficient balance for requested amount and tip.", "category": "PAYMENT_METHOD_ERROR"},
                {"code": "GIFT_CARD_AVAILABLE_AMOUNT", "detail": "4494", "category": "PAYMENT_METHOD_ERROR"}]}),
            PaymentCall::Create,
        );
        let e = r.error.unwrap();
        assert_eq!(e.connector_code.as_deref(), Some("INSUFFICIENT_FUNDS"));
        assert!(e.message.contains("also GIFT_CARD_AVAILABLE_AMOUNT"), "{}", e.message);
    }

    #[test]
    fn refunds() {
        let body = json!({"refund": {"id": "R1", "status": "PENDING", "payment_id": "P1", "amount_money": {"amount": 300, "currency": "GBP"}}});
        let r = parse_refund(&resp(200, &body.to_string()), RefundCall::Create, None).unwrap();
        assert_eq!((r.status, r.connector_refund_id.as_deref()), (RefundStatus::Pending, Some("R1")));
        assert_eq!(r.refund_amount, Some(Money { minor_amount: 300, currency: "GBP".into() }));
        let body = json!({"refund": {"id": "R1", "status": "REJECTED"}});
        let r = parse_refund(&resp(200, &body.to_string()), RefundCall::Get, None).unwrap();
        assert_eq!(r.status, RefundStatus::Failure);
        assert!(r.error.is_some());
        let refused = json!({"errors": [{"code": "REFUND_AMOUNT_INVALID", "category": "REFUND_ERROR"}]}).to_string();
        let r = parse_refund(&resp(400, &refused), RefundCall::Create, None).unwrap();
        assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Failure, U::InvalidAmount));
        let r = parse_refund(&resp(404, &refused), RefundCall::Get, Some("R1")).unwrap();
        assert_eq!((r.status, r.connector_refund_id.as_deref()), (RefundStatus::Pending, Some("R1")));
        let r = parse_refund(&resp(503, ""), RefundCall::Create, None).unwrap();
        assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Pending, U::ProcessorUnavailable));
    }

    #[test]
    fn customers_and_cards() {
        let r = parse_customer(&resp(200, r#"{"customer": {"id": "C1"}}"#)).unwrap();
        assert_eq!((r.status, r.connector_customer_id.as_deref()), (CustomerStatus::Success, Some("C1")));
        let r = parse_customer(&resp(400, r#"{"errors": [{"code": "INVALID_EMAIL_ADDRESS", "category": "INVALID_REQUEST_ERROR"}]}"#)).unwrap();
        assert_eq!((r.status, r.error.unwrap().code), (CustomerStatus::Failure, U::InvalidRequest));
        assert!(parse_customer(&resp(200, "{}")).is_err());

        let r = parse_card(&resp(200, r#"{"card": {"id": "ccof:abc", "customer_id": "C1", "enabled": true}}"#)).unwrap();
        assert_eq!(r.status, PaymentStatus::Charged);
        assert_eq!((r.mandate_reference.as_deref(), r.connector_customer_id.as_deref()), (Some("ccof:abc"), Some("C1")));
        let r = parse_card(&resp(200, r#"{"card": {"id": "ccof:abc", "enabled": false}}"#)).unwrap();
        assert_eq!(r.status, PaymentStatus::Failure);
        let r = parse_card(&resp(400, r#"{"errors": [{"code": "CARD_DECLINED", "category": "PAYMENT_METHOD_ERROR"}]}"#)).unwrap();
        assert_eq!((r.status, r.error.unwrap().code), (PaymentStatus::Failure, U::CardDeclined));
        assert_eq!(parse_card(&resp(500, "")).unwrap().status, PaymentStatus::Unresolved);
    }
}

//! Checkout.com's response types (only the fields we read; Checkout.com adds fields freely) and
//! their reading into unified results.

use super::mapping::{
    api_error_code, decline_type, payment_status, response_code, response_text, PARTIAL_VALUE_APPROVED,
};
use super::requests::unified_amount;
use crate::kit::mask::scrub_text;
use crate::protocol::{
    CaptureMethod, ErrorInfo, HttpResponse, Money, PaymentResult, PaymentStatus, RedirectMethod, Redirection,
    RefundResult, RefundStatus, SidecarError, UnifiedErrorCode as U,
};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Accepts a string or a number (codes are documented as strings; be lenient on the type).
pub fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

#[derive(Debug, Deserialize, Default)]
pub struct CheckoutLink {
    pub href: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct CheckoutLinks {
    pub redirect: Option<CheckoutLink>,
}

/// `source` of a payment response: `id` is the saved payment source (`src_...`).
#[derive(Debug, Deserialize, Default)]
pub struct CheckoutResponseSource {
    pub id: Option<String>,
}

/// `PaymentResponseBalances`.
#[derive(Debug, Deserialize, Default, Clone, Copy)]
pub struct CheckoutBalances {
    pub total_authorized: Option<i64>,
    pub total_captured: Option<i64>,
}

/// `processing`: the scheme's own codes (today's API, "partner_*" fields).
#[derive(Debug, Deserialize, Default)]
pub struct CheckoutProcessing {
    #[serde(default, deserialize_with = "lenient_string")]
    pub partner_response_code: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub partner_merchant_advice_code: Option<String>,
}

/// PaymentResponse (201), PaymentAcceptedResponse (202) and PaymentDetails (GET): the fields we
/// read are the same in all three.
#[derive(Debug, Deserialize, Default)]
pub struct CheckoutPayment {
    pub id: Option<String>,
    pub amount: Option<i64>,
    pub currency: Option<String>,
    pub approved: Option<bool>,
    pub status: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub response_code: Option<String>,
    pub response_summary: Option<String>,
    pub source: Option<CheckoutResponseSource>,
    pub scheme_id: Option<String>,
    pub balances: Option<CheckoutBalances>,
    pub processing: Option<CheckoutProcessing>,
    #[serde(rename = "_links")]
    pub links: Option<CheckoutLinks>,
}

/// `ValidationError` and the other 4xx bodies (401s usually have none).
#[derive(Debug, Deserialize, Default)]
pub struct CheckoutApiError {
    pub error_type: Option<String>,
    #[serde(default)]
    pub error_codes: Vec<String>,
}

/// `CaptureAcceptedResponse`, `VoidAcceptedResponse`, `RefundAcceptedResponse`.
#[derive(Debug, Deserialize)]
pub struct CheckoutActionAccepted {
    pub action_id: Option<String>,
}

/// One `PaymentAction` of `GET /payments/{id}/actions`.
#[derive(Debug, Deserialize)]
pub struct CheckoutAction {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub amount: Option<i64>,
    pub approved: Option<bool>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub response_code: Option<String>,
    pub response_summary: Option<String>,
}

/// The error of a declining `response_code` (payments, actions, webhook events).
pub fn decline_error(
    code: Option<&str>,
    summary: Option<&str>,
    processing: Option<&CheckoutProcessing>,
    what: &str,
) -> ErrorInfo {
    let text = summary.map(str::to_string).or_else(|| code.and_then(response_text).map(str::to_string));
    let unified = match code {
        Some(c) => response_code(c),
        None => U::CardDeclined,
    };
    let message = match &text {
        Some(t) => format!("{what}: {t}"),
        None => what.to_string(),
    };
    ErrorInfo {
        code: unified,
        message: scrub_text(&message),
        connector_code: code.map(str::to_string),
        connector_message: text,
        decline_code: processing.and_then(|p| p.partner_response_code.clone()),
        advice_code: processing.and_then(|p| p.partner_merchant_advice_code.clone()),
        decline_type: code.and_then(decline_type),
    }
}

/// The error of a non-2xx answer. `body` is None when there was none, or none we understood.
pub fn api_error(http_status: u16, body: Option<&CheckoutApiError>, had_body: bool) -> ErrorInfo {
    let codes: &[String] = body.map(|b| b.error_codes.as_slice()).unwrap_or(&[]);
    let error_type = body.and_then(|b| b.error_type.clone());
    let listed = if codes.is_empty() { None } else { Some(codes.join(", ")) };
    let message = match (&listed, &error_type, had_body) {
        (Some(l), _, _) => format!("Checkout.com answered HTTP {http_status}: {l}"),
        (None, Some(t), _) => format!("Checkout.com answered HTTP {http_status}: {t}"),
        (None, None, false) => format!("Checkout.com answered HTTP {http_status}"),
        (None, None, true) => format!("Checkout.com answered HTTP {http_status} with a body that is not a Checkout.com error"),
    };
    ErrorInfo {
        code: api_error_code(http_status, codes, error_type.as_deref()),
        message: scrub_text(&message),
        connector_code: codes.first().cloned().or(error_type.clone()),
        connector_message: listed.or(error_type),
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

/// Reads a 4xx/5xx body leniently: empty (401s) or not JSON (a proxy's page) is `None`.
fn error_body(response: &HttpResponse) -> (Option<CheckoutApiError>, bool) {
    let had_body = !response.body.trim().is_empty();
    (response.json::<CheckoutApiError>().ok(), had_body)
}

/// How a payment answer is to be read.
pub struct PaymentReading<'a> {
    /// What `Authorized` means.
    pub capture: CaptureMethod,
    /// The payment id we already know (psync, capture, void), used when the body has none.
    pub known_id: Option<&'a str>,
    /// Read `source.id` as the mandate reference (setupMandate, authorize saving the card).
    pub mandate: bool,
    /// A read-only call (psync): a non-2xx answer says nothing about the payment: `unresolved`.
    pub read_only: bool,
    /// The caller sent an idempotency key: a 429 may be Checkout.com refusing a concurrent
    /// request with the same key while the first is still being processed, so the outcome is
    /// unknown, not a failure.
    pub idempotent: bool,
}

/// Reads a `/payments` or `GET /payments/{id}` answer.
impl<'a> PaymentReading<'a> {
    pub fn new(capture: CaptureMethod, known_id: Option<&'a str>, mandate: bool, read_only: bool, idempotent: bool) -> Self {
        PaymentReading { capture, known_id, mandate, read_only, idempotent }
    }
}

pub fn parse_payment(response: &HttpResponse, how: &PaymentReading) -> Result<PaymentResult, SidecarError> {
    let mut result = if response.is_success() {
        let body: CheckoutPayment = response.json()?;
        from_payment(body, how, response.status)
    } else {
        let (body, had_body) = error_body(response);
        if response.status < 500 && response.status != 429 && had_body && body.is_none() {
            // A 4xx whose body Checkout.com wrote must be understood (a 5xx or 429 is read as
            // "unknown outcome" whatever its body says).
            let _: CheckoutApiError = response.json()?;
        }
        let unknown = response.status >= 500 || (response.status == 429 && how.idempotent) || how.read_only;
        let status = if unknown { PaymentStatus::Unresolved } else { PaymentStatus::Failure };
        let mut r = PaymentResult::new(status, response.status);
        r.error = Some(api_error(response.status, body.as_ref(), had_body));
        r
    };
    if result.connector_transaction_id.is_none() {
        result.connector_transaction_id = how.known_id.map(str::to_string);
    }
    Ok(result)
}

fn from_payment(body: CheckoutPayment, how: &PaymentReading, http_status: u16) -> PaymentResult {
    let redirect = body.links.as_ref().and_then(|l| l.redirect.as_ref()).and_then(|r| r.href.clone()).filter(|h| !h.is_empty());
    let mut status = payment_status(body.status.as_deref(), how.capture, redirect.is_some());
    if body.status.is_none() && body.approved == Some(false) {
        status = PaymentStatus::Failure;
    }
    if body.approved == Some(true)
        && body.response_code.as_deref() == Some(PARTIAL_VALUE_APPROVED)
        && matches!(status, PaymentStatus::Authorized | PaymentStatus::CaptureInitiated)
    {
        status = PaymentStatus::PartiallyAuthorized;
    }
    let mut result = PaymentResult::new(status, http_status);
    result.connector_transaction_id = body.id.clone().filter(|i| !i.is_empty());
    result.connector_status = body.status.clone();
    result.network_transaction_id = body.scheme_id.clone().filter(|s| !s.is_empty());
    if status == PaymentStatus::AuthenticationPending {
        result.redirection = redirect.map(|url| Redirection { url, method: RedirectMethod::GET, form: None });
    }
    if how.mandate && !matches!(status, PaymentStatus::Failure | PaymentStatus::Unresolved) {
        result.mandate_reference = body.source.as_ref().and_then(|s| s.id.clone()).filter(|i| !i.is_empty());
    }
    let captured_status = body.status.as_deref().is_some_and(|s| s != "Card Verified");
    if matches!(status, PaymentStatus::Charged | PaymentStatus::PartialCharged) && captured_status {
        let captured = body
            .balances
            .and_then(|b| b.total_captured)
            .or(if matches!(body.status.as_deref(), Some("Captured" | "Paid")) { body.amount } else { None });
        if let (Some(amount), Some(currency)) = (captured, body.currency.as_deref()) {
            result.amount_captured = unified_amount(amount, currency);
        }
    }
    if status == PaymentStatus::Failure {
        let what = match body.status.as_deref() {
            Some("Expired") => "Checkout.com reports the payment expired",
            _ => "Checkout.com declined the payment",
        };
        let mut error =
            decline_error(body.response_code.as_deref(), body.response_summary.as_deref(), body.processing.as_ref(), what);
        if body.status.as_deref() == Some("Expired") && body.response_code.is_none() {
            error.code = U::ProcessingError;
        }
        result.error = Some(error);
    }
    result
}

/// Reads the 202 of a capture or a void (processed asynchronously: `accepted` until the webhook
/// or a psync says more), or its error.
pub fn parse_action(
    response: &HttpResponse,
    payment_id: &str,
    accepted: PaymentStatus,
    refused: PaymentStatus,
    idempotent: bool,
) -> Result<PaymentResult, SidecarError> {
    let mut result = if response.is_success() {
        // The body (action_id, reference, _links) says nothing more about the payment; it must
        // still be Checkout.com's.
        let _: CheckoutActionAccepted = response.json()?;
        let mut r = PaymentResult::new(accepted, response.status);
        r.connector_status = Some("Accepted".into());
        r
    } else {
        let (body, had_body) = error_body(response);
        if response.status < 500 && response.status != 429 && had_body && body.is_none() {
            let _: CheckoutApiError = response.json()?;
        }
        let unknown = response.status >= 500 || (response.status == 429 && idempotent);
        let mut r = PaymentResult::new(if unknown { PaymentStatus::Unresolved } else { refused }, response.status);
        r.error = Some(api_error(response.status, body.as_ref(), had_body));
        r
    };
    result.connector_transaction_id = Some(payment_id.to_string());
    Ok(result)
}

/// Reads the 202 of a refund: `pending` with the refund's action id, or its error. A 5xx (or a
/// 429 on an idempotent call) leaves the refund's fate unknown: `pending` with the error, to be
/// sent again with the same idempotency key.
pub fn parse_refund(response: &HttpResponse, idempotent: bool) -> Result<RefundResult, SidecarError> {
    if response.is_success() {
        let body: CheckoutActionAccepted = response.json()?;
        let mut r = RefundResult::new(RefundStatus::Pending, response.status);
        r.connector_refund_id = body.action_id.filter(|a| !a.is_empty());
        r.connector_status = Some("Accepted".into());
        return Ok(r);
    }
    let (body, had_body) = error_body(response);
    if response.status < 500 && response.status != 429 && had_body && body.is_none() {
        let _: CheckoutApiError = response.json()?;
    }
    let unknown = response.status >= 500 || (response.status == 429 && idempotent);
    let mut r = RefundResult::new(if unknown { RefundStatus::Pending } else { RefundStatus::Failure }, response.status);
    r.error = Some(api_error(response.status, body.as_ref(), had_body));
    Ok(r)
}

/// Reads `GET /payments/{id}/actions` for one refund action. Refunds are processed
/// asynchronously: an action not listed yet is `pending`. A non-2xx answer reads nothing:
/// `pending` with the error (never `failure`, which would invite a second refund).
pub fn parse_refund_actions(
    response: &HttpResponse,
    refund_id: &str,
    currency: Option<&str>,
) -> Result<RefundResult, SidecarError> {
    if !response.is_success() {
        let (body, had_body) = error_body(response);
        if response.status < 500 && response.status != 429 && had_body && body.is_none() {
            let _: CheckoutApiError = response.json()?;
        }
        let mut r = RefundResult::new(RefundStatus::Pending, response.status);
        r.connector_refund_id = Some(refund_id.to_string());
        r.error = Some(api_error(response.status, body.as_ref(), had_body));
        return Ok(r);
    }
    let actions: Vec<CheckoutAction> = response.json()?;
    let mut r = RefundResult::new(RefundStatus::Pending, response.status);
    r.connector_refund_id = Some(refund_id.to_string());
    let Some(action) = actions.iter().find(|a| a.id.as_deref() == Some(refund_id)) else {
        return Ok(r);
    };
    if action.kind.as_deref().is_some_and(|k| k != "Refund") {
        return Err(SidecarError::invalid_field(
            "request.connectorRefundId",
            format!("the action is a {}, not a Refund", action.kind.as_deref().unwrap_or("?")),
        ));
    }
    r.connector_status = action.approved.map(|a| if a { "Approved".to_string() } else { "Declined".to_string() });
    r.refund_amount = match (action.amount, currency) {
        (Some(a), Some(c)) => unified_amount(a, c),
        _ => None,
    };
    match action.approved {
        Some(true) => r.status = RefundStatus::Success,
        Some(false) => {
            r.status = RefundStatus::Failure;
            r.error = Some(decline_error(
                action.response_code.as_deref(),
                action.response_summary.as_deref(),
                None,
                "Checkout.com declined the refund",
            ));
        }
        None => {}
    }
    Ok(r)
}

/// The refunded amount, for events and results that carry one.
pub fn money(amount: Option<i64>, currency: Option<&str>) -> Option<Money> {
    unified_amount(amount?, currency?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::DeclineType;
    use serde_json::json;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: body.to_string(), encoding: None }
    }

    fn how(capture: CaptureMethod) -> PaymentReading<'static> {
        PaymentReading { capture, known_id: None, mandate: false, read_only: false, idempotent: false }
    }

    fn parse(status: u16, body: Value, capture: CaptureMethod) -> PaymentResult {
        parse_payment(&resp(status, &body.to_string()), &how(capture)).unwrap()
    }

    #[test]
    fn approved_authorization() {
        let r = parse(
            201,
            json!({"id": "pay_mbabizu24mvu3mela5njyhpit4", "action_id": "act_1", "amount": 6540, "currency": "USD",
                   "approved": true, "status": "Authorized", "response_code": "10000", "scheme_id": "489341065491658",
                   "source": {"id": "src_nwd3m4in3hkuddfpjsaevunhdy"}}),
            CaptureMethod::Manual,
        );
        assert_eq!(r.status, PaymentStatus::Authorized);
        assert_eq!(r.connector_transaction_id.as_deref(), Some("pay_mbabizu24mvu3mela5njyhpit4"));
        assert_eq!(r.network_transaction_id.as_deref(), Some("489341065491658"));
        assert_eq!(r.connector_status.as_deref(), Some("Authorized"));
        assert!(r.mandate_reference.is_none(), "only read when asked");
        assert!(r.error.is_none());
    }

    #[test]
    fn decline_carries_codes() {
        let r = parse(
            201,
            json!({"id": "pay_1", "approved": false, "status": "Declined", "response_code": "20051",
                   "response_summary": "Insufficient Funds",
                   "processing": {"partner_response_code": "51", "partner_merchant_advice_code": "24"}}),
            CaptureMethod::Automatic,
        );
        assert_eq!(r.status, PaymentStatus::Failure);
        let e = r.error.unwrap();
        assert_eq!(e.code, U::InsufficientFunds);
        assert_eq!(e.decline_type, Some(DeclineType::Soft));
        assert_eq!(e.connector_code.as_deref(), Some("20051"));
        assert_eq!(e.connector_message.as_deref(), Some("Insufficient Funds"));
        assert_eq!(e.decline_code.as_deref(), Some("51"));
        assert_eq!(e.advice_code.as_deref(), Some("24"));
        // A numeric code and no summary: the table's text.
        let r = parse(201, json!({"id": "pay_1", "approved": false, "status": "Declined", "response_code": 30043}), CaptureMethod::Automatic);
        let e = r.error.unwrap();
        assert_eq!((e.code, e.decline_type), (U::LostOrStolenCard, Some(DeclineType::Hard)));
        assert_eq!(e.connector_message.as_deref(), Some("Stolen card - Pick up"));
    }

    #[test]
    fn three_ds_redirect_and_partial_authorization() {
        let r = parse(
            202,
            json!({"id": "pay_1", "status": "Pending", "_links": {"self": {"href": "https://x/p"},
                   "redirect": {"href": "https://3ds2-sandbox.ckotech.co/interceptor/3ds_1"}}}),
            CaptureMethod::Automatic,
        );
        assert_eq!(r.status, PaymentStatus::AuthenticationPending);
        assert_eq!(r.redirection.unwrap().url, "https://3ds2-sandbox.ckotech.co/interceptor/3ds_1");
        let r = parse(202, json!({"id": "pay_1", "status": "Pending"}), CaptureMethod::Automatic);
        assert_eq!((r.status, r.redirection), (PaymentStatus::Pending, None));
        let r = parse(
            201,
            json!({"id": "pay_1", "approved": true, "status": "Authorized", "response_code": "10010", "amount": 500, "currency": "USD"}),
            CaptureMethod::Manual,
        );
        assert_eq!(r.status, PaymentStatus::PartiallyAuthorized);
    }

    #[test]
    fn captured_amount_in_iso_units() {
        let r = parse(
            200,
            json!({"id": "pay_1", "status": "Partially Captured", "amount": 500000, "currency": "CLP",
                   "balances": {"total_authorized": 500000, "total_captured": 200000, "available_to_capture": 300000}}),
            CaptureMethod::Manual,
        );
        assert_eq!(r.status, PaymentStatus::PartialCharged);
        assert_eq!(r.amount_captured, Some(Money { minor_amount: 2000, currency: "CLP".into() }));
        let r = parse(200, json!({"id": "pay_1", "status": "Captured", "amount": 1000, "currency": "JPY"}), CaptureMethod::Manual);
        assert_eq!(r.amount_captured.unwrap().minor_amount, 1000);
        let r = parse(200, json!({"id": "pay_1", "status": "Card Verified", "amount": 0, "currency": "USD"}), CaptureMethod::Manual);
        assert_eq!((r.status, r.amount_captured), (PaymentStatus::Charged, None));
    }

    #[test]
    fn errors_by_status() {
        let body = json!({"request_id": "0HL80RJLS76I7", "error_type": "request_invalid", "error_codes": ["card_number_invalid"]});
        let r = parse(422, body.clone(), CaptureMethod::Automatic);
        assert_eq!(r.status, PaymentStatus::Failure);
        let e = r.error.unwrap();
        assert_eq!(e.code, U::InvalidCardNumber);
        assert_eq!(e.connector_code.as_deref(), Some("card_number_invalid"));
        // 401 without a body.
        let r = parse_payment(&resp(401, ""), &how(CaptureMethod::Automatic)).unwrap();
        assert_eq!((r.status, r.error.unwrap().code), (PaymentStatus::Failure, U::InvalidCredentials));
        // 5xx: unknown outcome, whatever the body.
        let r = parse_payment(&resp(502, "<html>Bad gateway</html>"), &how(CaptureMethod::Automatic)).unwrap();
        assert_eq!((r.status, r.error.unwrap().code), (PaymentStatus::Unresolved, U::ProcessorUnavailable));
        // 429: a failure, unless an idempotency key makes it a concurrent duplicate in flight.
        let r = parse_payment(&resp(429, ""), &how(CaptureMethod::Automatic)).unwrap();
        assert_eq!((r.status, r.error.unwrap().code), (PaymentStatus::Failure, U::RateLimited));
        let idem = PaymentReading { idempotent: true, ..how(CaptureMethod::Automatic) };
        assert_eq!(parse_payment(&resp(429, ""), &idem).unwrap().status, PaymentStatus::Unresolved);
        // A read (psync) that fails says nothing about the payment.
        let read = PaymentReading { read_only: true, known_id: Some("pay_9"), ..how(CaptureMethod::Manual) };
        let r = parse_payment(&resp(404, ""), &read).unwrap();
        assert_eq!((r.status, r.connector_transaction_id.as_deref()), (PaymentStatus::Unresolved, Some("pay_9")));
        // Garbage where Checkout.com's JSON must be.
        for (status, body) in [(201, "not json"), (422, "{\"error_codes\": [1"), (200, "[1]")] {
            let e = parse_payment(&resp(status, body), &how(CaptureMethod::Automatic)).unwrap_err();
            assert_eq!(e.kind, crate::protocol::ErrorKind::ResponseDeserializationFailed, "{status} {body}");
        }
    }

    #[test]
    fn refund_actions() {
        let actions = json!([
            {"id": "act_fd3h6evhpn3uxdoqbuu3lqnqbm", "type": "Refund", "processed_on": "2018-01-20T10:30:48Z", "amount": 1000,
             "approved": true, "response_code": "10000", "response_summary": "Approved"},
            {"id": "act_declined", "type": "Refund", "amount": 500, "approved": false, "response_code": "20158",
             "response_summary": "Refund validity period has expired"},
            {"id": "act_gefycn3jcvuupboxfmqrhk2aym", "type": "Capture", "amount": 6540, "approved": true, "response_code": "10000"}
        ])
        .to_string();
        let r = parse_refund_actions(&resp(200, &actions), "act_fd3h6evhpn3uxdoqbuu3lqnqbm", Some("USD")).unwrap();
        assert_eq!(r.status, RefundStatus::Success);
        assert_eq!(r.refund_amount.unwrap().minor_amount, 1000);
        let r = parse_refund_actions(&resp(200, &actions), "act_declined", Some("USD")).unwrap();
        assert_eq!(r.status, RefundStatus::Failure);
        let e = r.error.unwrap();
        assert_eq!((e.code, e.connector_code.as_deref()), (U::TransactionNotAllowed, Some("20158")));
        let r = parse_refund_actions(&resp(200, &actions), "act_not_yet", None).unwrap();
        assert_eq!((r.status, r.connector_refund_id.as_deref()), (RefundStatus::Pending, Some("act_not_yet")));
        let e = parse_refund_actions(&resp(200, &actions), "act_gefycn3jcvuupboxfmqrhk2aym", None).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.connectorRefundId"));
        let r = parse_refund_actions(&resp(404, ""), "act_x", None).unwrap();
        assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Pending, U::NotFound));
    }
}

//! PhonePe's response types (only the fields we read) and the reading of a pay or status answer
//! into the unified result. Both APIs answer `{success, code, message, data}`.
//!
//! Identifiers in the result:
//! - `connectorTransactionId` is the merchantTransactionId (what the status API is keyed by). It is
//!   set on every result, failures included: it is our id, known before the call, and after an
//!   `unresolved` answer it is what the merchant syncs with.
//! - `networkTransactionId` is `data.paymentInstrument.utr`, the UPI reference the shopper's and
//!   the merchant's banks show (the UPI counterpart of a card network's transaction id). PhonePe's
//!   own `data.transactionId` is not returned: no PhonePe API of this version takes it, and the
//!   unified result has no field for a second processor reference.

use super::mapping::{refund_verdict, verdict, Answer};
use crate::kit::money::iso_minor_units_from;
use crate::protocol::{
    AuthorizeRequest, ErrorInfo, Flow, HttpResponse, Money, PaymentResult, PaymentStatus, PsyncRequest,
    RedirectMethod, Redirection, RefundRequest, RefundResult, RefundStatus, RsyncRequest, SidecarError,
    UnifiedErrorCode,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The envelope of every PhonePe PG v1 answer (`success` is not read: `code` decides).
#[derive(Debug, Deserialize)]
pub struct PhonePeResponse<T> {
    pub code: Option<String>,
    pub message: Option<String>,
    pub data: Option<T>,
}

/// `data` of `POST /pg/v1/pay`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhonePePayResponseData {
    pub merchant_transaction_id: Option<String>,
    pub instrument_response: Option<PhonePeInstrumentResponse>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhonePeInstrumentResponse {
    /// UPI_INTENT: the `upi://pay?...` link that opens the shopper's UPI app.
    pub intent_url: Option<String>,
    /// PAY_PAGE (and cards, net banking): where to send the shopper.
    pub redirect_info: Option<PhonePeRedirectInfo>,
}

#[derive(Debug, Deserialize)]
pub struct PhonePeRedirectInfo {
    pub url: String,
    pub method: Option<String>,
}

/// `data` of `GET /pg/v1/status/{merchantId}/{merchantTransactionId}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhonePeStatusResponseData {
    pub merchant_transaction_id: Option<String>,
    /// Paise.
    pub amount: Option<i64>,
    /// COMPLETED, FAILED or PENDING.
    pub state: Option<String>,
    /// "Meta data of state. This is an informative value." (the UPI / bank reason).
    pub response_code: Option<String>,
    pub payment_instrument: Option<PhonePeStatusPaymentInstrument>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhonePeStatusPaymentInstrument {
    /// The UPI transaction reference (bank reference number).
    pub utr: Option<String>,
}

/// `data` of `POST /pg/v1/refund` and of the status API asked about a refund's id.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhonePeRefundResponseData {
    /// The refund's own merchantTransactionId (our connectorRefundId).
    pub merchant_transaction_id: Option<String>,
    /// Paise.
    pub amount: Option<i64>,
    /// COMPLETED, FAILED or PENDING.
    pub state: Option<String>,
    pub response_code: Option<String>,
}

/// Parses PhonePe's body. A 5xx that is not PhonePe's JSON (a gateway's HTML page) is read as
/// an empty answer, so it becomes `unresolved` rather than an error: the merchant must check the
/// status. Any other unreadable body is ResponseDeserializationFailed.
fn read<T: DeserializeOwned>(response: &HttpResponse) -> Result<PhonePeResponse<T>, SidecarError> {
    match response.json::<PhonePeResponse<T>>() {
        Ok(body) => {
            if body.code.is_none() && response.is_success() {
                return Err(SidecarError::undeserializable(response.status, &response.body, "no `code` in PhonePe's answer"));
            }
            Ok(body)
        }
        Err(_) if response.status >= 500 => Ok(PhonePeResponse { code: None, message: None, data: None }),
        Err(e) => Err(e),
    }
}

fn answer<'a, T>(body: &'a PhonePeResponse<T>, state: Option<&'a str>, response_code: Option<&'a str>) -> Answer<'a> {
    Answer { code: body.code.as_deref(), message: body.message.as_deref(), state, response_code }
}

pub fn parse_pay_response(request: &AuthorizeRequest, response: &HttpResponse) -> Result<PaymentResult, SidecarError> {
    let body: PhonePeResponse<PhonePePayResponseData> = read(response)?;
    let v = verdict(Flow::Authorize, response.status, &answer(&body, None, None));
    let mut result = PaymentResult::new(v.status, response.status);
    result.error = v.error;
    result.connector_status = body.code.clone();
    let data = body.data.as_ref();
    result.connector_transaction_id = Some(
        data.and_then(|d| d.merchant_transaction_id.clone())
            .unwrap_or_else(|| request.merchant_transaction_id.clone()),
    );
    if let Some(instrument) = data.and_then(|d| d.instrument_response.as_ref()) {
        result.redirection = redirection(instrument);
    }
    Ok(result)
}

/// Where the shopper goes next: the UPI intent link, or the page PhonePe names. A UPI collect
/// has none: the shopper approves the request in their UPI app.
fn redirection(instrument: &PhonePeInstrumentResponse) -> Option<Redirection> {
    if let Some(url) = instrument.intent_url.as_ref().filter(|u| !u.is_empty()) {
        return Some(Redirection { url: url.clone(), method: RedirectMethod::GET, form: None });
    }
    instrument.redirect_info.as_ref().filter(|r| !r.url.is_empty()).map(|r| Redirection {
        url: r.url.clone(),
        method: match r.method.as_deref() {
            Some(m) if m.eq_ignore_ascii_case("POST") => RedirectMethod::POST,
            _ => RedirectMethod::GET,
        },
        form: None,
    })
}

pub fn parse_status_response(request: &PsyncRequest, response: &HttpResponse) -> Result<PaymentResult, SidecarError> {
    let body: PhonePeResponse<PhonePeStatusResponseData> = read(response)?;
    let data = body.data.as_ref();
    let state = data.and_then(|d| d.state.as_deref());
    let response_code = data.and_then(|d| d.response_code.as_deref());
    let v = verdict(Flow::Psync, response.status, &answer(&body, state, response_code));
    let mut result = PaymentResult::new(v.status, response.status);
    result.error = v.error;
    result.connector_status = body.code.clone();
    result.connector_transaction_id = Some(
        data.and_then(|d| d.merchant_transaction_id.clone())
            .unwrap_or_else(|| request.connector_transaction_id.clone()),
    );
    result.network_transaction_id = data
        .and_then(|d| d.payment_instrument.as_ref())
        .and_then(|p| p.utr.clone())
        .filter(|u| !u.is_empty());
    if result.status == PaymentStatus::Charged {
        let paid = data.and_then(|d| d.amount);
        // PhonePe asks merchants to validate the amount of a successful payment.
        let expected = request.amount.as_ref().filter(|a| a.currency == "INR").map(|a| a.minor_amount);
        if let (Some(paid), Some(expected)) = (paid, expected) {
            if paid != expected {
                result.status = PaymentStatus::Unresolved;
                result.error = Some(amount_mismatch(paid, expected, body.code.as_deref()));
                return Ok(result);
            }
        }
        result.amount_captured = paid.filter(|p| *p > 0).and_then(inr);
    }
    Ok(result)
}

pub fn parse_refund_response(request: &RefundRequest, response: &HttpResponse) -> Result<RefundResult, SidecarError> {
    let expected = request.refund_amount.minor_amount;
    read_refund(Flow::Refund, response, &request.merchant_refund_id, Some(expected))
}

/// rsync reads the status API's answer for the refund's id.
pub fn parse_refund_status_response(request: &RsyncRequest, response: &HttpResponse) -> Result<RefundResult, SidecarError> {
    let expected = request.refund_amount.as_ref().filter(|a| a.currency == "INR").map(|a| a.minor_amount);
    read_refund(Flow::Rsync, response, &request.connector_refund_id, expected)
}

/// One refund answer (the refund call's or the status check's) into the unified result.
/// `expected_paise`: the refund amount the merchant asked for, checked against a successful
/// refund's `data.amount` (INR minor units are paise).
fn read_refund(
    flow: Flow,
    response: &HttpResponse,
    refund_id: &str,
    expected_paise: Option<i64>,
) -> Result<RefundResult, SidecarError> {
    let body: PhonePeResponse<PhonePeRefundResponseData> = read(response)?;
    let data = body.data.as_ref();
    let state = data.and_then(|d| d.state.as_deref());
    let response_code = data.and_then(|d| d.response_code.as_deref());
    let v = refund_verdict(flow, response.status, &answer(&body, state, response_code));
    let mut result = RefundResult::new(v.status, response.status);
    result.error = v.error;
    result.connector_status = body.code.clone();
    // Our id, known before the call: after a `pending` answer it is what the merchant rsyncs with.
    result.connector_refund_id =
        Some(data.and_then(|d| d.merchant_transaction_id.clone()).unwrap_or_else(|| refund_id.to_string()));
    let refunded = data.and_then(|d| d.amount).filter(|a| *a > 0);
    if result.status == RefundStatus::Success {
        if let (Some(refunded), Some(expected)) = (refunded, expected_paise) {
            if refunded != expected {
                result.status = RefundStatus::ManualReview;
                result.error = Some(refund_amount_mismatch(refunded, expected, body.code.as_deref()));
            }
        }
    }
    if result.status != RefundStatus::Failure {
        result.refund_amount = refunded.and_then(inr);
    }
    Ok(result)
}

fn refund_amount_mismatch(refunded: i64, expected: i64, code: Option<&str>) -> ErrorInfo {
    ErrorInfo {
        code: UnifiedErrorCode::ProcessingError,
        message: format!(
            "PhonePe reports {refunded} paise refunded where {expected} were asked; reconcile the refund by hand"
        ),
        connector_code: code.map(str::to_string),
        connector_message: None,
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

/// Paise → unified INR minor units (both two decimals: the same number).
pub fn inr(paise: i64) -> Option<Money> {
    iso_minor_units_from(paise, "INR", 2)
}

fn amount_mismatch(paid: i64, expected: i64, code: Option<&str>) -> ErrorInfo {
    ErrorInfo {
        code: UnifiedErrorCode::ProcessingError,
        message: format!(
            "PhonePe reports {paid} paise paid where {expected} were expected; check the payment before fulfilling"
        ),
        connector_code: code.map(str::to_string),
        connector_message: None,
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{FlowRequest, UnifiedErrorCode as U};
    use serde_json::json;

    fn authorize() -> AuthorizeRequest {
        let r = json!({
            "merchantTransactionId": "MT7850590068188104",
            "amount": {"minorAmount": 10000, "currency": "INR"},
            "paymentMethod": {"type": "upiIntent"},
            "webhookUrl": "https://webhook.site/callback-url"
        });
        match FlowRequest::decode(Flow::Authorize, r).unwrap() {
            FlowRequest::Authorize(a) => a,
            _ => unreachable!(),
        }
    }

    fn psync(amount: Option<i64>) -> PsyncRequest {
        let mut r = json!({"connectorTransactionId": "131be7df-a562-4d13-98fd-2096106376ff"});
        if let Some(a) = amount {
            r["amount"] = json!({"minorAmount": a, "currency": "INR"});
        }
        match FlowRequest::decode(Flow::Psync, r).unwrap() {
            FlowRequest::Psync(p) => p,
            _ => unreachable!(),
        }
    }

    fn http(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: body.to_string(), encoding: None }
    }

    // Bodies below are PhonePe's documented samples (check-status-api, sample-code-msite-intent,
    // java-callback-verification), reformatted.

    #[test]
    fn documented_upi_intent_pay_response() {
        let body = r#"{"success":true,"code":"PAYMENT_INITIATED","message":"Payment Initiated","data":{"merchantId":"MERCHANTUAT","merchantTransactionId":"MT7850590068188104","instrumentResponse":{"type":"UPI_INTENT","intentUrl":"upi://pay?pa=MERCHANTUAT@ybl&pn=MerchantUAT&am=3.00&mam=3.00&tr=OD620471739210623&mc=5311&mode=04&purpose=00"}}}"#;
        let r = parse_pay_response(&authorize(), &http(200, body)).unwrap();
        assert_eq!(r.status, PaymentStatus::AuthenticationPending);
        assert_eq!(r.connector_transaction_id.as_deref(), Some("MT7850590068188104"));
        assert_eq!(r.connector_status.as_deref(), Some("PAYMENT_INITIATED"));
        let redirect = r.redirection.unwrap();
        assert!(redirect.url.starts_with("upi://pay?pa=MERCHANTUAT@ybl"));
        assert_eq!(redirect.method, RedirectMethod::GET);
        assert!(r.error.is_none());
    }

    #[test]
    fn documented_collect_and_pay_page_responses() {
        let collect = r#"{"success":true,"code":"PAYMENT_INITIATED","message":"Payment initiated","data":{"merchantId":"MERCHANTUAT","merchantTransactionId":"MT7850590068188104","instrumentResponse":{"type":"UPI_COLLECT"}}}"#;
        let r = parse_pay_response(&authorize(), &http(200, collect)).unwrap();
        assert_eq!((r.status, r.redirection), (PaymentStatus::AuthenticationPending, None));
        let page = r#"{"success":true,"code":"PAYMENT_INITIATED","message":"Payment initiated","data":{"merchantId":"MERCHANTUAT","merchantTransactionId":"MT7850590068188104","instrumentResponse":{"type":"PAY_PAGE","redirectInfo":{"url":"https://mercury-uat.phonepe.com/transact/simulator?token=abc","method":"GET"}}}}"#;
        let r = parse_pay_response(&authorize(), &http(200, page)).unwrap();
        assert_eq!(r.redirection.unwrap().url, "https://mercury-uat.phonepe.com/transact/simulator?token=abc");
    }

    #[test]
    fn documented_status_success() {
        let body = r#"{"success":true,"code":"PAYMENT_SUCCESS","message":"Your payment is successful.","data":{"merchantId":"MERCHANTUAT","merchantTransactionId":"131be7df-a562-4d13-98fd-2096106376ff","transactionId":"T2203091323362627236127","amount":100,"state":"COMPLETED","responseCode":"PAYMENT_SUCCESS","paymentInstrument":{"vpa":null,"maskedAccountNumber":"XXXXXXXXXX890125","ifsc":"AABF0009009","utr":"206850679072","upiTransactionId":null}}}"#;
        let r = parse_status_response(&psync(None), &http(200, body)).unwrap();
        assert_eq!(r.status, PaymentStatus::Charged);
        assert_eq!(r.connector_transaction_id.as_deref(), Some("131be7df-a562-4d13-98fd-2096106376ff"));
        assert_eq!(r.network_transaction_id.as_deref(), Some("206850679072"));
        assert_eq!(r.amount_captured, Some(Money { minor_amount: 100, currency: "INR".into() }));
        assert!(r.error.is_none());
        // The amount is checked when the merchant says what it expects.
        assert_eq!(parse_status_response(&psync(Some(100)), &http(200, body)).unwrap().status, PaymentStatus::Charged);
        let off = parse_status_response(&psync(Some(10000)), &http(200, body)).unwrap();
        assert_eq!(off.status, PaymentStatus::Unresolved);
        assert_eq!(off.error.unwrap().code, U::ProcessingError);
    }

    #[test]
    fn documented_status_failure_and_server_error() {
        let failed = r#"{"success":false,"code":"PAYMENT_ERROR","message":"Payment Failed","data":{"merchantId":"merchantId","merchantTransactionId":"merchantTransactionId","transactionId":"FTX23060115431957163239","amount":100,"state":"FAILED","responseCode":"REQUEST_DECLINE_BY_REQUESTEE","paymentInstrument":null}}"#;
        let r = parse_status_response(&psync(None), &http(200, failed)).unwrap();
        assert_eq!(r.status, PaymentStatus::Failure);
        assert_eq!(r.amount_captured, None);
        let e = r.error.unwrap();
        assert_eq!(e.code, U::AuthenticationFailed);
        assert_eq!(e.connector_code.as_deref(), Some("PAYMENT_ERROR"));
        assert_eq!(e.decline_code.as_deref(), Some("REQUEST_DECLINE_BY_REQUESTEE"));

        let ise = r#"{"success":false,"code":"INTERNAL_SERVER_ERROR","message":"There is an error trying to process your transaction at the moment. Please try again in a while."}"#;
        for status in [200, 500] {
            let r = parse_status_response(&psync(None), &http(status, ise)).unwrap();
            assert_eq!(r.status, PaymentStatus::Unresolved, "HTTP {status}");
            assert_eq!(r.error.unwrap().code, U::ProcessorUnavailable);
        }
    }

    #[test]
    fn unreadable_bodies() {
        for (status, body) in [(200, "not json"), (200, "{}"), (400, "<html>"), (200, r#"{"code":"PAYMENT_SUCCESS","data":{"amount":"100"}}"#)] {
            let e = parse_status_response(&psync(None), &http(status, body)).unwrap_err();
            assert_eq!(e.kind, crate::protocol::ErrorKind::ResponseDeserializationFailed, "{body}");
        }
        // A gateway's page in front of PhonePe: the outcome is unknown, not an error.
        let r = parse_pay_response(&authorize(), &http(502, "<html>Bad Gateway</html>")).unwrap();
        assert_eq!(r.status, PaymentStatus::Unresolved);
        assert_eq!(r.connector_transaction_id.as_deref(), Some("MT7850590068188104"));
        assert_eq!(r.error.unwrap().code, U::ProcessorUnavailable);
    }

    #[test]
    fn refusals_on_pay_keep_our_id() {
        let r = parse_pay_response(
            &authorize(),
            &http(401, r#"{"success":false,"code":"AUTHORIZATION_FAILED","message":"X-VERIFY header is incorrect","data":{}}"#),
        )
        .unwrap();
        assert_eq!(r.status, PaymentStatus::Failure);
        assert_eq!(r.connector_transaction_id.as_deref(), Some("MT7850590068188104"));
        assert_eq!(r.error.unwrap().code, U::InvalidCredentials);
    }
}

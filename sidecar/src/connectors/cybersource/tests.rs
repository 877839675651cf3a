//! Cybersource connector tests: signed requests per flow (signature recomputed here from the
//! documented recipe), billTo requirements, money over every ISO currency, status and reason
//! tables through processor-shaped bodies.

use super::*;
use crate::kit::money::iso_currencies;
use crate::protocol::{DeclineType, ErrorKind, HttpHeader, Options, PaymentResult, PaymentStatus, RefundResult, RefundStatus, UnifiedErrorCode as U};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::{Digest, Sha256};

const SECRET_B64: &str = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";

fn auth() -> Value {
    json!({"merchantId": "testrest", "apiKeyId": "08c94330-f618-42a3-b09d-e1e43be5efda", "sharedSecret": SECRET_B64})
}

fn options() -> Options {
    serde_json::from_value(json!({"now": "2026-11-26T23:05:53Z"})).unwrap()
}

fn build(flow: Flow, request: Value) -> Result<HttpRequest, SidecarError> {
    let opts = options();
    let req = FlowRequest::decode(flow, request)?;
    Cybersource.build_request(&req, auth(), &Context { options: &opts, info: &INFO })
}

fn parse(flow: Flow, request: Value, status: u16, body: Value) -> FlowResult {
    let opts = options();
    let req = FlowRequest::decode(flow, request).unwrap();
    let response: HttpResponse = serde_json::from_value(json!({"status": status, "body": body.to_string()})).unwrap();
    Cybersource.parse_response(&req, auth(), &response, &Context { options: &opts, info: &INFO }).unwrap()
}

fn payment(flow: Flow, request: Value, status: u16, body: Value) -> PaymentResult {
    match parse(flow, request, status, body) {
        FlowResult::Payment(p) => p,
        other => panic!("not a payment: {other:?}"),
    }
}

fn refund(flow: Flow, request: Value, status: u16, body: Value) -> RefundResult {
    match parse(flow, request, status, body) {
        FlowResult::Refund(r) => r,
        other => panic!("not a refund: {other:?}"),
    }
}

fn header<'a>(http: &'a HttpRequest, name: &str) -> &'a HttpHeader {
    http.headers.iter().find(|h| h.name == name).unwrap_or_else(|| panic!("no {name} header"))
}

pub fn authorize_request() -> Value {
    json!({
        "merchantTransactionId": "order-1001",
        "amount": {"minorAmount": 10221, "currency": "USD"},
        "paymentMethod": {"type": "card", "card": {"number": "4111111111111111", "expMonth": "12", "expYear": "2031", "cvc": "123"}},
        "captureMethod": "manual",
        "customer": {"email": "jane@example.com"},
        "billingAddress": {"firstName": "Jane", "lastName": "Doe", "line1": "1 Market St", "city": "San Francisco", "state": "CA", "postalCode": "94105", "country": "US"}
    })
}

/// The documented recipe, written out again here rather than through kit::http_signature.
fn expected_signature(lines: &str) -> String {
    let key = base64::engine::general_purpose::STANDARD.decode(SECRET_B64).unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(lines.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[test]
fn authorize_is_signed_with_digest_and_carries_the_card_and_bill_to() {
    let http = build(Flow::Authorize, authorize_request()).unwrap();
    assert_eq!(http.url, "https://apitest.cybersource.com/pts/v2/payments");
    assert_eq!(http.method, HttpMethod::POST);
    let body = http.body.as_ref().unwrap();
    assert!(body.sensitive, "the body holds the card");
    let digest = format!("SHA-256={}", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.data.as_bytes())));
    assert_eq!(header(&http, "Digest").value, digest);
    assert_eq!(header(&http, "Date").value, "Thu, 26 Nov 2026 23:05:53 GMT");
    assert_eq!(header(&http, "Host").value, "apitest.cybersource.com");
    assert_eq!(header(&http, "v-c-merchant-id").value, "testrest");
    let lines = format!(
        "host: apitest.cybersource.com\ndate: Thu, 26 Nov 2026 23:05:53 GMT\nrequest-target: post /pts/v2/payments\ndigest: {digest}\nv-c-merchant-id: testrest"
    );
    let sig = header(&http, "Signature");
    assert!(sig.sensitive);
    assert_eq!(
        sig.value,
        format!(
            "keyid=\"08c94330-f618-42a3-b09d-e1e43be5efda\", algorithm=\"HmacSHA256\", headers=\"host date request-target digest v-c-merchant-id\", signature=\"{}\"",
            expected_signature(&lines)
        )
    );
    let b: Value = serde_json::from_str(&body.data).unwrap();
    assert_eq!(b["clientReferenceInformation"]["code"], "order-1001");
    assert_eq!(b["processingInformation"]["capture"], false);
    assert_eq!(b["orderInformation"]["amountDetails"], json!({"totalAmount": "102.21", "currency": "USD"}));
    assert_eq!(b["paymentInformation"]["card"], json!({"number": "4111111111111111", "expirationMonth": "12", "expirationYear": "2031", "securityCode": "123"}));
    assert_eq!(b["orderInformation"]["billTo"]["administrativeArea"], "CA");
    assert_eq!(b["orderInformation"]["billTo"]["email"], "jane@example.com");
    let mut automatic = authorize_request();
    automatic["captureMethod"] = json!("automatic");
    let b: Value = serde_json::from_str(&build(Flow::Authorize, automatic).unwrap().body.unwrap().data).unwrap();
    assert_eq!(b["processingInformation"]["capture"], true);
}

#[test]
fn get_is_signed_without_digest_and_base_url_override_signs_its_host() {
    let opts: Options = serde_json::from_value(json!({"now": "2026-11-26T23:05:53Z", "baseUrl": "http://127.0.0.1:4010/"})).unwrap();
    let req = FlowRequest::decode(Flow::Psync, json!({"connectorTransactionId": "6461731521426399003473"})).unwrap();
    let http = Cybersource.build_request(&req, auth(), &Context { options: &opts, info: &INFO }).unwrap();
    assert_eq!(http.url, "http://127.0.0.1:4010/tss/v2/transactions/6461731521426399003473");
    assert!(http.body.is_none());
    assert!(http.headers.iter().all(|h| h.name != "Digest"));
    let lines = "host: 127.0.0.1:4010\ndate: Thu, 26 Nov 2026 23:05:53 GMT\nrequest-target: get /tss/v2/transactions/6461731521426399003473\nv-c-merchant-id: testrest";
    assert!(header(&http, "Signature").value.ends_with(&format!(
        "headers=\"host date request-target v-c-merchant-id\", signature=\"{}\"",
        expected_signature(lines)
    )));
}

#[test]
fn missing_bill_to_fields_are_named() {
    let cases = [
        ("/billingAddress", "request.billingAddress"),
        ("/billingAddress/firstName", "request.billingAddress.firstName"),
        ("/billingAddress/lastName", "request.billingAddress.lastName"),
        ("/billingAddress/line1", "request.billingAddress.line1"),
        ("/billingAddress/city", "request.billingAddress.city"),
        ("/billingAddress/country", "request.billingAddress.country"),
        ("/billingAddress/state", "request.billingAddress.state"),
        ("/billingAddress/postalCode", "request.billingAddress.postalCode"),
        ("/customer", "request.customer.email"),
    ];
    for (pointer, field) in cases {
        let mut r = authorize_request();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        r.pointer_mut(if parent.is_empty() { "" } else { parent }).unwrap().as_object_mut().unwrap().remove(key);
        let e = build(Flow::Authorize, r).unwrap_err();
        assert_eq!(e.kind, ErrorKind::MissingRequiredField, "{pointer}");
        assert_eq!(e.field.as_deref(), Some(field), "{pointer}");
    }
    // Outside the US and Canada, state and postal code are optional.
    let mut r = authorize_request();
    r["billingAddress"] = json!({"firstName": "Jo", "lastName": "Bloggs", "line1": "1 High St", "city": "Dublin", "country": "IE"});
    assert!(build(Flow::Authorize, r).is_ok());
}

#[test]
fn card_errors_never_echo_the_number_and_other_methods_are_refused() {
    let mut r = authorize_request();
    r["paymentMethod"]["card"]["number"] = json!("4111111111111112");
    let e = build(Flow::Authorize, r).unwrap_err();
    assert!(!e.message.contains("4111111111111112"));
    let mut r = authorize_request();
    r["paymentMethod"] = json!({"type": "token", "token": {"value": "tok"}});
    assert_eq!(build(Flow::Authorize, r).unwrap_err().kind, ErrorKind::PaymentMethodNotSupported);
}

#[test]
fn every_iso_currency_is_an_exact_decimal_string() {
    for (code, exponent) in iso_currencies() {
        let mut r = authorize_request();
        r["amount"] = json!({"minorAmount": 123456789, "currency": code});
        let http = build(Flow::Authorize, r).unwrap();
        let b: Value = serde_json::from_str(&http.body.unwrap().data).unwrap();
        let text = b["orderInformation"]["amountDetails"]["totalAmount"].as_str().unwrap().to_string();
        let expected = match exponent {
            0 => "123456789".to_string(),
            e => {
                let digits = "123456789";
                let cut = digits.len() - usize::from(*e);
                format!("{}.{}", &digits[..cut], &digits[cut..])
            }
        };
        assert_eq!(text, expected, "{code}");
        assert_eq!(b["orderInformation"]["amountDetails"]["currency"], *code);
        // And back: a response in this currency reads as the same minor units.
        let p = payment(
            Flow::Capture,
            json!({"connectorTransactionId": "p1", "amountToCapture": {"minorAmount": 123456789, "currency": code}}),
            201,
            json!({"id": "c1", "status": "PENDING", "orderInformation": {"amountDetails": {"totalAmount": text, "currency": code}}}),
        );
        assert_eq!(p.amount_captured.unwrap().minor_amount, 123456789, "{code}");
    }
}

#[test]
fn capture_void_refund_rsync_requests() {
    let http = build(
        Flow::Capture,
        json!({"connectorTransactionId": "6461731521426399003473", "amountToCapture": {"minorAmount": 5000, "currency": "USD"},
               "paymentAmount": {"minorAmount": 10221, "currency": "USD"}, "merchantTransactionId": "order-1001"}),
    )
    .unwrap();
    assert_eq!(http.url, "https://apitest.cybersource.com/pts/v2/payments/6461731521426399003473/captures");
    let b: Value = serde_json::from_str(&http.body.as_ref().unwrap().data).unwrap();
    assert_eq!(b, json!({"clientReferenceInformation": {"code": "order-1001"}, "orderInformation": {"amountDetails": {"totalAmount": "50.00", "currency": "USD"}}}));
    assert!(!http.body.unwrap().sensitive);
    let e = build(
        Flow::Capture,
        json!({"connectorTransactionId": "p", "amountToCapture": {"minorAmount": 20000, "currency": "USD"}, "paymentAmount": {"minorAmount": 10221, "currency": "USD"}}),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.amountToCapture.minorAmount"));

    let http = build(Flow::Void, json!({"connectorTransactionId": "p1", "amount": {"minorAmount": 10221, "currency": "USD"}, "reason": "customer cancelled"})).unwrap();
    assert_eq!(http.url, "https://apitest.cybersource.com/pts/v2/payments/p1/reversals");
    let b: Value = serde_json::from_str(&http.body.unwrap().data).unwrap();
    assert_eq!(b["reversalInformation"], json!({"amountDetails": {"totalAmount": "102.21", "currency": "USD"}, "reason": "customer cancelled"}));
    assert_eq!(b["clientReferenceInformation"]["code"], "p1");
    let e = build(Flow::Void, json!({"connectorTransactionId": "p1"})).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.amount")));

    let http = build(Flow::Refund, json!({"connectorTransactionId": "p1", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 1000, "currency": "USD"}})).unwrap();
    assert_eq!(http.url, "https://apitest.cybersource.com/pts/v2/payments/p1/refunds");
    let b: Value = serde_json::from_str(&http.body.unwrap().data).unwrap();
    assert_eq!(b["clientReferenceInformation"]["code"], "rf-1");
    assert_eq!(b["orderInformation"]["amountDetails"]["totalAmount"], "10.00");

    let http = build(Flow::Rsync, json!({"connectorTransactionId": "p1", "connectorRefundId": "r/1"})).unwrap();
    assert_eq!(http.url, "https://apitest.cybersource.com/tss/v2/transactions/r%2F1");
    assert_eq!(http.method, HttpMethod::GET);
    assert_eq!(build(Flow::Psync, json!({"connectorTransactionId": ".."})).unwrap_err().kind, ErrorKind::InvalidFieldValue);
}

#[test]
fn credentials_are_checked_and_never_echoed() {
    let opts = options();
    let req = FlowRequest::decode(Flow::Psync, json!({"connectorTransactionId": "p1"})).unwrap();
    let ctx = Context { options: &opts, info: &INFO };
    let e = Cybersource.build_request(&req, json!({"merchantId": "m", "apiKeyId": "k", "sharedSecret": "not base64!!"}), &ctx).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("auth.sharedSecret"));
    assert!(!e.message.contains("not base64"));
    let e = Cybersource.build_request(&req, json!({"merchantId": "m", "apiKeyId": "k"}), &ctx).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("auth.sharedSecret")));
}

#[test]
fn unsupported_flows_say_why() {
    let e = build(Flow::SetupMandate, json!({"merchantTransactionId": "m", "amount": {"minorAmount": 0, "currency": "USD"},
        "paymentMethod": {"type": "card", "card": {"number": "4111111111111111", "expMonth": "12", "expYear": "2031"}}}));
    if let Err(e) = e {
        assert_eq!(e.kind, ErrorKind::FlowNotSupported);
        assert!(e.message.contains("Token Management"), "{}", e.message);
    }
}

#[test]
fn authorization_statuses() {
    let manual = authorize_request();
    let mut automatic = authorize_request();
    automatic["captureMethod"] = json!("automatic");
    let ok = json!({"id": "6461731521426399003473", "status": "AUTHORIZED", "orderInformation": {"amountDetails": {"authorizedAmount": "102.21", "currency": "USD"}},
                    "processorInformation": {"networkTransactionId": "123456789619999", "approvalCode": "888888"}});
    let p = payment(Flow::Authorize, manual.clone(), 201, ok.clone());
    assert_eq!(p.status, PaymentStatus::Authorized);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("6461731521426399003473"));
    assert_eq!(p.network_transaction_id.as_deref(), Some("123456789619999"));
    assert!(p.error.is_none());
    let p = payment(Flow::Authorize, automatic, 201, ok);
    assert_eq!(p.status, PaymentStatus::Charged);
    assert_eq!(p.amount_captured.as_ref().unwrap().minor_amount, 10221);
    for (word, expected) in [
        ("PARTIAL_AUTHORIZED", PaymentStatus::PartiallyAuthorized),
        ("AUTHORIZED_PENDING_REVIEW", PaymentStatus::Pending),
        ("PENDING_REVIEW", PaymentStatus::Pending),
        ("AUTHORIZED_RISK_DECLINED", PaymentStatus::Failure),
        ("DECLINED", PaymentStatus::Failure),
        ("INVALID_REQUEST", PaymentStatus::Failure),
        ("PENDING_AUTHENTICATION", PaymentStatus::AuthenticationPending),
        ("SOMETHING_NEW", PaymentStatus::Unresolved),
    ] {
        assert_eq!(payment(Flow::Authorize, manual.clone(), 201, json!({"id": "x", "status": word})).status, expected, "{word}");
    }
}

#[test]
fn every_reason_maps_through_a_declined_body() {
    for (reason, code, decline) in mapping::known_reasons() {
        let body = json!({"id": "6461731521426399003473", "status": "DECLINED",
                          "errorInformation": {"reason": reason, "message": "Decline - see reason"}});
        let p = payment(Flow::Authorize, authorize_request(), 201, body);
        assert_eq!(p.status, PaymentStatus::Failure, "{reason}");
        let e = p.error.expect("an error");
        assert_eq!(e.code, code, "{reason}");
        assert_eq!(e.decline_type, decline, "{reason}");
        assert_eq!(e.connector_code.as_deref(), Some(reason));
        assert_eq!(e.connector_message.as_deref(), Some("Decline - see reason"));
    }
    let p = payment(Flow::Authorize, authorize_request(), 201, json!({"id": "x", "status": "DECLINED", "errorInformation": {"reason": "EXPIRED_CARD"}}));
    assert_eq!(p.error.unwrap().decline_type, Some(DeclineType::Hard));
}

#[test]
fn http_failures() {
    let r = authorize_request();
    let p = payment(Flow::Authorize, r.clone(), 400, json!({"submitTimeUtc": "2026-11-26T23:05:54Z", "status": "INVALID_REQUEST", "reason": "MISSING_FIELD",
        "message": "Declined - The request is missing one or more fields", "details": [{"field": "orderInformation.billTo.locality", "reason": "MISSING_FIELD"}]}));
    assert_eq!(p.status, PaymentStatus::Failure);
    let e = p.error.unwrap();
    assert_eq!((e.code, e.connector_code.as_deref()), (U::InvalidRequest, Some("MISSING_FIELD")));
    assert!(e.message.contains("orderInformation.billTo.locality"));
    let p = payment(Flow::Authorize, r.clone(), 401, json!({"response": {"rmsg": "Authentication Failed"}}));
    assert_eq!((p.status, p.error.as_ref().unwrap().code), (PaymentStatus::Failure, U::InvalidCredentials));
    let p = payment(Flow::Authorize, r.clone(), 502, json!({"status": "SERVER_ERROR", "reason": "SERVER_TIMEOUT", "message": "Error - request received but timed out"}));
    assert_eq!((p.status, p.error.as_ref().unwrap().code), (PaymentStatus::Unresolved, U::ProcessorUnavailable));
    let opts = options();
    let req = FlowRequest::decode(Flow::Authorize, r.clone()).unwrap();
    let ctx = Context { options: &opts, info: &INFO };
    let html: HttpResponse = serde_json::from_value(json!({"status": 503, "body": "<html>down</html>"})).unwrap();
    assert!(matches!(Cybersource.parse_response(&req, auth(), &html, &ctx).unwrap(), FlowResult::Payment(PaymentResult { status: PaymentStatus::Unresolved, .. })));
    let garbage: HttpResponse = serde_json::from_value(json!({"status": 201, "body": "{\"number\": \"4111111111111111\""})).unwrap();
    let e = Cybersource.parse_response(&req, auth(), &garbage, &ctx).unwrap_err();
    assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed);
    assert!(!e.to_data().to_string().contains("4111111111111111"));
    // Capture and void refusals leave the authorization as it was.
    let capture = json!({"connectorTransactionId": "p1", "amountToCapture": {"minorAmount": 100, "currency": "USD"}});
    let p = payment(Flow::Capture, capture, 400, json!({"status": "INVALID_REQUEST", "reason": "EXCEEDS_AUTH_AMOUNT", "message": "exceeds"}));
    assert_eq!((p.status, p.error.unwrap().code), (PaymentStatus::CaptureFailed, U::InvalidAmount));
    let void = json!({"connectorTransactionId": "p1", "amount": {"minorAmount": 100, "currency": "USD"}});
    let p = payment(Flow::Void, void, 400, json!({"status": "INVALID_REQUEST", "reason": "AUTH_ALREADY_REVERSED"}));
    assert_eq!((p.status, p.error.unwrap().code), (PaymentStatus::VoidFailed, U::TransactionNotAllowed));
}

#[test]
fn capture_void_and_refund_results() {
    let capture = json!({"connectorTransactionId": "p1", "amountToCapture": {"minorAmount": 5000, "currency": "USD"}, "paymentAmount": {"minorAmount": 10221, "currency": "USD"}});
    let p = payment(Flow::Capture, capture, 201, json!({"id": "c9", "status": "PENDING", "orderInformation": {"amountDetails": {"totalAmount": "50.00", "currency": "USD"}}}));
    assert_eq!(p.status, PaymentStatus::PartialCharged);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("p1"), "the payment's id, not the capture's");
    assert_eq!(p.amount_captured.unwrap().minor_amount, 5000);
    let void = json!({"connectorTransactionId": "p1", "amount": {"minorAmount": 10221, "currency": "USD"}});
    let p = payment(Flow::Void, void, 201, json!({"id": "v1", "status": "REVERSED", "reversalAmountDetails": {"reversedAmount": "102.21", "currency": "USD"}}));
    assert_eq!(p.status, PaymentStatus::Voided);
    let rq = json!({"connectorTransactionId": "p1", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 1000, "currency": "USD"}});
    let r = refund(Flow::Refund, rq.clone(), 201, json!({"id": "r1", "status": "PENDING", "refundAmountDetails": {"refundAmount": "10.00", "currency": "USD"}}));
    assert_eq!((r.status, r.connector_refund_id.as_deref(), r.refund_amount.unwrap().minor_amount), (RefundStatus::Pending, Some("r1"), 1000));
    let r = refund(Flow::Refund, rq.clone(), 400, json!({"status": "INVALID_REQUEST", "reason": "INVALID_AMOUNT", "message": "too much"}));
    assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Failure, U::InvalidAmount));
    let r = refund(Flow::Refund, rq, 502, json!({"status": "SERVER_ERROR", "reason": "SYSTEM_ERROR"}));
    assert_eq!(r.status, RefundStatus::Pending, "an unknown outcome is never reported as failed");
}

fn tss(status: &str, apps: Value) -> Value {
    json!({"id": "t1", "applicationInformation": {"status": status, "rCode": "1", "rFlag": "SOK", "applications": apps},
           "orderInformation": {"amountDetails": {"totalAmount": "102.21", "currency": "USD", "authorizedAmount": "102.21"}}})
}

#[test]
fn transaction_details_read_the_services_that_ran() {
    let ps = json!({"connectorTransactionId": "p1"});
    let auth_ok = json!({"name": "ics_auth", "rCode": "1", "rFlag": "SOK", "reasonCode": "100"});
    assert_eq!(payment(Flow::Psync, ps.clone(), 200, tss("AUTHORIZED", json!([auth_ok]))).status, PaymentStatus::Authorized);
    let sale = tss("PENDING", json!([auth_ok, {"name": "ics_bill", "rCode": "1", "rFlag": "SOK"}]));
    let p = payment(Flow::Psync, ps.clone(), 200, sale);
    assert_eq!((p.status, p.amount_captured.unwrap().minor_amount), (PaymentStatus::Charged, 10221));
    let reversed = tss("REVERSED", json!([auth_ok, {"name": "ics_auth_reversal", "rCode": "1", "rFlag": "SOK"}]));
    assert_eq!(payment(Flow::Psync, ps.clone(), 200, reversed).status, PaymentStatus::Voided);
    let declined = tss("DECLINED", json!([{"name": "ics_auth", "rCode": "0", "rFlag": "DINSUFFICIENTFUNDS", "rMessage": "Decline - Insufficient funds"}]));
    let p = payment(Flow::Psync, ps.clone(), 200, declined);
    assert_eq!(p.status, PaymentStatus::Failure);
    assert_eq!(p.error.unwrap().connector_code.as_deref(), Some("DINSUFFICIENTFUNDS"));
    let p = payment(Flow::Psync, ps.clone(), 404, json!({"message": "The requested resource does not exist"}));
    assert_eq!((p.status, p.error.unwrap().code), (PaymentStatus::Unresolved, U::NotFound));
    let rs = json!({"connectorTransactionId": "p1", "connectorRefundId": "r1"});
    let credit = |status: &str, rcode: &str| tss(status, json!([{"name": "ics_credit", "rCode": rcode, "rFlag": "SOK"}]));
    assert_eq!(refund(Flow::Rsync, rs.clone(), 200, credit("TRANSMITTED", "1")).status, RefundStatus::Success);
    assert_eq!(refund(Flow::Rsync, rs.clone(), 200, credit("PENDING", "1")).status, RefundStatus::Pending);
    assert_eq!(refund(Flow::Rsync, rs.clone(), 200, credit("FAILED", "-1")).status, RefundStatus::Failure);
    let r = refund(Flow::Rsync, rs, 404, json!({}));
    assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Pending, U::NotFound));
}

#[test]
fn every_r_flag_maps_through_transaction_details() {
    for (flag, code, decline) in mapping::known_r_flags() {
        let body = tss("DECLINED", json!([{"name": "ics_auth", "rCode": "0", "rFlag": flag, "rMessage": "see rFlag"}]));
        let p = payment(Flow::Psync, json!({"connectorTransactionId": "p1"}), 200, body);
        assert_eq!(p.status, PaymentStatus::Failure, "{flag}");
        let e = p.error.unwrap();
        assert_eq!((e.code, e.decline_type, e.connector_code.as_deref()), (code, decline, Some(flag)), "{flag}");
    }
    let body = tss("FAILED", json!([{"name": "ics_credit", "rCode": "-1", "rFlag": "EUNKNOWN"}]));
    let r = refund(Flow::Rsync, json!({"connectorTransactionId": "p1", "connectorRefundId": "r1"}), 200, body);
    assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Failure, U::ProcessingError));
}

#[test]
fn capture_and_void_leave_their_transaction_for_psync() {
    let capture = json!({"connectorTransactionId": "p1", "amountToCapture": {"minorAmount": 5000, "currency": "USD"}, "state": {"other": "kept"}});
    let p = payment(Flow::Capture, capture, 201, json!({"id": "c9", "status": "PENDING"}));
    let state = p.state.unwrap();
    assert_eq!((state.get("captureId").map(String::as_str), state.get("other").map(String::as_str)), (Some("c9"), Some("kept")));
    let refused = json!({"connectorTransactionId": "p1", "amountToCapture": {"minorAmount": 5000, "currency": "USD"}});
    assert!(payment(Flow::Capture, refused, 400, json!({"id": "c10", "status": "INVALID_REQUEST", "reason": "INVALID_DATA"})).state.is_none());
    let http = build(Flow::Psync, json!({"connectorTransactionId": "p1", "state": {"captureId": "c9"}})).unwrap();
    assert!(http.url.ends_with("/tss/v2/transactions/c9"));
    let http = build(Flow::Psync, json!({"connectorTransactionId": "p1", "state": {"captureId": "c9", "reversalId": "v1"}})).unwrap();
    assert!(http.url.ends_with("/tss/v2/transactions/v1"));
    let e = build(Flow::Psync, json!({"connectorTransactionId": "p1", "state": {"reversalId": ".."}})).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.state.reversalId"));
}

//! Authorize.Net connector tests: request bodies in schema order, money over every ISO currency,
//! the refund's card digits carried in `state`, every response reason and message code of the
//! tables through processor-shaped bodies, transaction statuses, the BOM, and webhooks (signature
//! computed here independently of webhooks.rs).

use crate::connectors::test_support::{self, body};
use crate::protocol::{Flow, FlowRequest, FlowResult, HttpMethod, HttpRequest, HttpResponse, IncomingWebhook, WebhookResult};
use super::*;
use crate::kit::money::iso_currencies;
use crate::protocol::{
    CustomerResult, CustomerStatus, DeclineType, ErrorKind, Options, PaymentResult, PaymentStatus, RefundResult, RefundStatus, ResponseHeader,
    UnifiedErrorCode as U, WebhookEventKind,
};
use serde_json::json;

const LOGIN: &str = "5KP3u95bQpv";
const KEY: &str = "346HZ32z3fP4hTG2";

fn auth() -> Value {
    json!({"apiLoginId": LOGIN, "transactionKey": KEY})
}

fn build_with(flow: Flow, request: Value, options: &Options) -> Result<HttpRequest, SidecarError> {
    test_support::build_with(CONNECTOR, flow, request, auth(), options)
}

fn build(flow: Flow, request: Value) -> Result<HttpRequest, SidecarError> {
    build_with(flow, request, &Options::default())
}

fn text(http: &HttpRequest) -> &str {
    &http.body.as_ref().expect("a body").data
}

fn parse(flow: Flow, request: Value, status: u16, response_body: &str) -> Result<FlowResult, SidecarError> {
    test_support::parse_with(CONNECTOR, flow, request, &test_support::response(status, response_body), &Options::default())
}

fn payment(flow: Flow, request: Value, response_body: &str) -> PaymentResult {
    test_support::payment(parse(flow, request, 200, response_body).unwrap())
}

fn refund(flow: Flow, request: Value, response_body: &str) -> RefundResult {
    test_support::refund(parse(flow, request, 200, response_body).unwrap())
}

fn authorize_request() -> Value {
    json!({
        "merchantTransactionId": "order-5001",
        "amount": {"minorAmount": 1099, "currency": "USD"},
        "paymentMethod": {"type": "card", "card": {"number": "4111111111111111", "expMonth": "12", "expYear": "2030", "cvc": "123", "holderName": "Ellen Johnson"}},
        "captureMethod": "manual",
        "customer": {"id": "cust-99", "email": "ellen@example.com", "phone": "+1 555 0100"},
        "billingAddress": {"firstName": "Ellen", "lastName": "Johnson", "line1": "14 Main Street", "city": "Pecan Springs", "state": "TX", "postalCode": "44628", "country": "US"},
        "description": "Order 5001",
        "idempotencyKey": "idem-5001",
    })
}

/// The JSON text of a createTransactionResponse as Authorize.Net sends it (BOM first).
fn approved(trans_id: &str) -> String {
    format!(
        "\u{feff}{}",
        json!({
            "transactionResponse": {
                "responseCode": "1", "authCode": "HH5414", "avsResultCode": "Y", "cvvResultCode": "P", "cavvResultCode": "2",
                "transId": trans_id, "refTransID": "", "transHash": "", "testRequest": "0", "accountNumber": "XXXX1111",
                "accountType": "Visa", "messages": [{"code": "1", "description": "This transaction has been approved."}],
                "transHashSha2": "", "networkTransId": "123456789NNNH"
            },
            "refId": "idem-5001",
            "messages": {"resultCode": "Ok", "message": [{"code": "I00001", "text": "Successful."}]}
        })
    )
}

fn declined(response_code: &str, error_code: &str, text: &str) -> String {
    json!({
        "transactionResponse": {
            "responseCode": response_code, "authCode": "", "avsResultCode": "P", "cvvResultCode": "", "cavvResultCode": "",
            "transId": "0", "refTransID": "", "transHash": "", "testRequest": "0", "accountNumber": "XXXX0027", "accountType": "Visa",
            "errors": [{"errorCode": error_code, "errorText": text}], "transHashSha2": ""
        },
        "messages": {"resultCode": "Error", "message": [{"code": "E00027", "text": "The transaction was unsuccessful."}]}
    })
    .to_string()
}

fn api_error(code: &str, text: &str) -> String {
    json!({"messages": {"resultCode": "Error", "message": [{"code": code, "text": text}]}}).to_string()
}

fn details(trans_id: &str, kind: &str, status: &str, settle: &str) -> String {
    // Amounts are JSON numbers in Authorize.Net's answers; written here as the text it sends.
    format!(
        r#"{{"transaction":{{"transId":"{trans_id}","submitTimeUTC":"2026-11-26T22:21:12.153Z","transactionType":"{kind}","transactionStatus":"{status}","responseCode":1,"responseReasonCode":1,"responseReasonDescription":"Approval","authCode":"HH5414","AVSResponse":"Y","cardCodeResponse":"P","authAmount":10.99,"settleAmount":{settle},"taxExempt":false,"payment":{{"creditCard":{{"cardNumber":"XXXX1111","expirationDate":"XXXX","cardType":"Visa"}}}},"recurringBilling":false,"product":"Card Not Present","marketType":"eCommerce","networkTransId":"123456789NNNH"}},"messages":{{"resultCode":"Ok","message":[{{"code":"I00001","text":"Successful."}}]}}}}"#
    )
}

#[test]
fn authorize_body_follows_the_schema_order() {
    let http = build(Flow::Authorize, authorize_request()).unwrap();
    assert_eq!(http.method, HttpMethod::POST);
    assert_eq!(http.url, "https://apitest.authorize.net/xml/v1/request.api");
    assert!(http.headers.is_empty());
    let b = http.body.as_ref().unwrap();
    assert!(b.sensitive);
    assert_eq!(b.content_type, "application/json");
    // The exact text: element order is part of the contract (XML schema underneath).
    assert_eq!(
        text(&http),
        r#"{"createTransactionRequest":{"merchantAuthentication":{"name":"5KP3u95bQpv","transactionKey":"346HZ32z3fP4hTG2"},"refId":"idem-5001","transactionRequest":{"transactionType":"authOnlyTransaction","amount":"10.99","currencyCode":"USD","payment":{"creditCard":{"cardNumber":"4111111111111111","expirationDate":"2030-12","cardCode":"123"}},"order":{"invoiceNumber":"order-5001","description":"Order 5001"},"customer":{"id":"cust-99","email":"ellen@example.com"},"billTo":{"firstName":"Ellen","lastName":"Johnson","address":"14 Main Street","city":"Pecan Springs","state":"TX","zip":"44628","country":"US","phoneNumber":"+1 555 0100"}}}}"#
    );
}

#[test]
fn automatic_capture_is_a_sale_and_minimal_requests_omit_empty_elements() {
    let r = json!({
        "merchantTransactionId": "o-1",
        "amount": {"minorAmount": 5, "currency": "USD"},
        "paymentMethod": {"type": "card", "card": {"number": "4111111111111111", "expMonth": "01", "expYear": "2031"}},
    });
    let b = body(&build(Flow::Authorize, r).unwrap());
    let tr = &b["createTransactionRequest"]["transactionRequest"];
    assert_eq!(tr["transactionType"], "authCaptureTransaction");
    assert_eq!(tr["amount"], "0.05");
    assert_eq!(tr["payment"]["creditCard"], json!({"cardNumber": "4111111111111111", "expirationDate": "2031-01"}));
    assert!(b["createTransactionRequest"].get("refId").is_none());
    assert!(tr.get("billTo").is_none() && tr.get("customer").is_none() && tr.get("shipTo").is_none());
}

#[test]
fn production_and_base_url_override() {
    let prod = Options { environment: crate::protocol::Environment::Production, ..Default::default() };
    assert_eq!(build_with(Flow::Authorize, authorize_request(), &prod).unwrap().url, "https://api.authorize.net/xml/v1/request.api");
    let local = Options { base_url: Some("http://127.0.0.1:9/authorizedotnet/xml/v1/request.api/".into()), ..Default::default() };
    assert_eq!(
        build_with(Flow::Authorize, authorize_request(), &local).unwrap().url,
        "http://127.0.0.1:9/authorizedotnet/xml/v1/request.api"
    );
}

#[test]
fn references_longer_than_twenty_are_refused_and_long_keys_hashed() {
    let mut r = authorize_request();
    r["merchantTransactionId"] = json!("order-123456789012345");
    let e = build(Flow::Authorize, r).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidFieldValue);
    assert_eq!(e.field.as_deref(), Some("request.merchantTransactionId"));
    assert_eq!(ref_id(Some("a-key-exactly-20-chr")).as_deref(), Some("a-key-exactly-20-chr"));
    let long = ref_id(Some("5b0c6f0e-7b7a-4f5e-9a51-8f0f4f3c2a11")).unwrap();
    assert_eq!(long.len(), 20);
    assert!(long.starts_with("sha256-"));
    assert_eq!(Some(long), ref_id(Some("5b0c6f0e-7b7a-4f5e-9a51-8f0f4f3c2a11")));
    assert_eq!(ref_id(Some("  ")), None);
}

#[test]
fn other_payment_methods_are_refused() {
    let mut r = authorize_request();
    r["paymentMethod"] = json!({"type": "bnpl", "bnpl": {"method": "klarna"}});
    assert_eq!(build(Flow::Authorize, r).unwrap_err().kind, ErrorKind::PaymentMethodNotSupported);
}

fn paypal_authorize(capture: &str) -> Value {
    json!({
        "merchantTransactionId": "order-7001",
        "amount": {"minorAmount": 2500, "currency": "USD"},
        "paymentMethod": {"type": "paypal"},
        "captureMethod": capture,
        "returnUrl": "https://shop.example.com/back?o=7001",
    })
}

fn paypal_complete(capture: &str) -> Value {
    json!({
        "connectorTransactionId": "2150000001",
        "captureMethod": capture,
        "redirectPayload": {"token": "EC-7XU83376C70426719", "PayerID": "QYR5Z8XDVJNXQ"},
        "state": {"accountType": "PayPal", "captureMethod": capture},
    })
}

/// responseCode 5 as the API reference's PayPal Authorization Only answers it.
fn payer_consent(trans_id: &str, url: Option<&str>) -> String {
    let mut tr = json!({
        "responseCode": "5", "rawResponseCode": "0", "transId": trans_id, "refTransID": "", "accountType": "PayPal",
        "messages": [{"code": "2000", "description": "Need payer consent."}]
    });
    if let Some(u) = url {
        tr["secureAcceptance"] = json!({"SecureAcceptanceUrl": u});
    }
    format!("\u{feff}{}", json!({"transactionResponse": tr, "messages": {"resultCode": "Ok", "message": [{"code": "I00001", "text": "Successful."}]}}))
}

#[test]
fn paypal_authorize_sends_pay_pal_with_the_return_url_as_success_and_cancel() {
    let http = build(Flow::Authorize, paypal_authorize("manual")).unwrap();
    let v: Value = serde_json::from_str(text(&http)).unwrap();
    let tr = &v["createTransactionRequest"]["transactionRequest"];
    assert_eq!(tr["transactionType"], "authOnlyTransaction");
    assert_eq!(tr["payment"], json!({"payPal": {"successUrl": "https://shop.example.com/back?o=7001", "cancelUrl": "https://shop.example.com/back?o=7001"}}));
    assert!(text(&http).contains(r#""currencyCode":"USD","payment":{"payPal":{"successUrl""#), "schema order");
    let sale = build(Flow::Authorize, paypal_authorize("automatic")).unwrap();
    assert!(text(&sale).contains(r#""transactionType":"authCaptureTransaction""#));

    let mut no_url = paypal_authorize("manual");
    no_url.as_object_mut().unwrap().remove("returnUrl");
    let e = build(Flow::Authorize, no_url).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.returnUrl")));
    for bad in ["/relative", "ftp://x.example", "https://a b.example", &format!("https://x.example/{}", "a".repeat(2048))] {
        let mut r = paypal_authorize("manual");
        r["returnUrl"] = json!(bad);
        let e = build(Flow::Authorize, r).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.returnUrl")), "{bad:.40}");
    }
    let mut challenge = paypal_authorize("manual");
    challenge["threeDs"] = json!({"mode": "challenge"});
    assert_eq!(build(Flow::Authorize, challenge).unwrap_err().field.as_deref(), Some("request.threeDs.mode"));
    // PayPal pays only: no customer payment profile holds a PayPal account.
    let save = FlowRequest::decode(
        Flow::SetupMandate,
        json!({"merchantTransactionId": "s-7001", "amount": {"minorAmount": 0, "currency": "USD"}, "paymentMethod": {"type": "paypal"}}),
    )
    .unwrap();
    assert_eq!(crate::connectors::check_payment_method(CONNECTOR.info(), &save).unwrap_err().kind, ErrorKind::PaymentMethodNotSupported);
    let pay = FlowRequest::decode(Flow::Authorize, paypal_authorize("manual")).unwrap();
    crate::connectors::check_payment_method(CONNECTOR.info(), &pay).unwrap();
}

#[test]
fn payer_consent_is_authentication_pending_with_pay_pals_page() {
    let url = "https://www.sandbox.paypal.com/cgi-bin/webscr?cmd=_express-checkout&token=EC-7XU83376C70426719";
    for (capture, remembered) in [("manual", "manual"), ("automatic", "automatic")] {
        let p = payment(Flow::Authorize, paypal_authorize(capture), &payer_consent("2150000001", Some(url)));
        assert_eq!(p.status, PaymentStatus::AuthenticationPending);
        assert_eq!(p.connector_transaction_id.as_deref(), Some("2150000001"));
        let r = p.redirection.unwrap();
        assert_eq!((r.url.as_str(), r.method, r.form), (url, crate::protocol::RedirectMethod::GET, None));
        assert_eq!(p.next_action.unwrap().url.as_deref(), Some(url));
        let state = p.state.unwrap();
        assert_eq!(state.get("accountType").map(String::as_str), Some("PayPal"));
        assert_eq!(state.get("captureMethod").map(String::as_str), Some(remembered));
        assert!(p.error.is_none());
    }
    let e = parse(Flow::Authorize, paypal_authorize("manual"), 200, &payer_consent("2150000001", None)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed);
}

#[test]
fn complete_authorize_continues_with_the_payer_id() {
    let http = build(Flow::CompleteAuthorize, paypal_complete("manual")).unwrap();
    assert_eq!(http.method, HttpMethod::POST);
    assert!(http.body.as_ref().unwrap().sensitive);
    assert!(text(&http).ends_with(
        r#""transactionRequest":{"transactionType":"authOnlyContinueTransaction","payment":{"payPal":{"payerID":"QYR5Z8XDVJNXQ"}},"refTransId":"2150000001"}}}"#
    ));
    let mut sale = paypal_complete("automatic");
    sale["amount"] = json!({"minorAmount": 2750, "currency": "USD"});
    sale["redirectPayload"] = json!({"payerID": "QYR5Z8XDVJNXQ"});
    assert!(text(&build(Flow::CompleteAuthorize, sale).unwrap()).contains(
        r#""transactionType":"authCaptureContinueTransaction","amount":"27.50","payment":{"payPal":{"payerID":"QYR5Z8XDVJNXQ"}}"#
    ));

    let mut cancelled = paypal_complete("manual");
    cancelled["redirectPayload"] = json!({"token": "EC-7XU83376C70426719"});
    let e = build(Flow::CompleteAuthorize, cancelled).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.redirectPayload.PayerID")));
    let mut none = paypal_complete("manual");
    none.as_object_mut().unwrap().remove("redirectPayload");
    assert_eq!(build(Flow::CompleteAuthorize, none).unwrap_err().kind, ErrorKind::MissingRequiredField);
    let mut bad = paypal_complete("manual");
    bad["redirectPayload"]["PayerID"] = json!("QYR5Z8X\"><b>");
    let e = build(Flow::CompleteAuthorize, bad).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.redirectPayload.PayerID")));
    assert!(!e.message.contains("QYR5Z8X"), "the value is not quoted");
    let mut mismatch = paypal_complete("automatic");
    mismatch["state"]["captureMethod"] = json!("manual");
    let e = build(Flow::CompleteAuthorize, mismatch).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.captureMethod")));
    // Without the remembered capture method the request's is taken.
    let mut forgotten = paypal_complete("automatic");
    forgotten["state"] = json!({"accountType": "PayPal"});
    assert!(text(&build(Flow::CompleteAuthorize, forgotten).unwrap()).contains("authCaptureContinueTransaction"));
    let mut not_digits = paypal_complete("manual");
    not_digits["connectorTransactionId"] = json!("EC-7XU83376C70426719");
    assert_eq!(build(Flow::CompleteAuthorize, not_digits).unwrap_err().field.as_deref(), Some("request.connectorTransactionId"));
}

#[test]
fn complete_authorize_results() {
    let approved = &format!(
        "\u{feff}{}",
        json!({
            "transactionResponse": {
                "responseCode": "1", "transId": "2150000001", "refTransID": "2150000001", "accountType": "PayPal",
                "messages": [{"code": "1", "description": "This transaction has been approved."}],
                "secureAcceptance": {"PayerID": "QYR5Z8XDVJNXQ"}
            },
            "messages": {"resultCode": "Ok", "message": [{"code": "I00001", "text": "Successful."}]}
        })
    );
    let p = payment(Flow::CompleteAuthorize, paypal_complete("manual"), approved);
    assert_eq!((p.status, p.connector_transaction_id.as_deref()), (PaymentStatus::Authorized, Some("2150000001")));
    assert_eq!(p.state.unwrap().get("accountType").map(String::as_str), Some("PayPal"));
    assert_eq!(payment(Flow::CompleteAuthorize, paypal_complete("automatic"), approved).status, PaymentStatus::Charged);
    // A capture of the PayPal authorization keeps the marker its refund needs.
    let captured = payment(Flow::Capture, json!({"connectorTransactionId": "2150000001"}), approved);
    assert_eq!(captured.state.unwrap().get("accountType").map(String::as_str), Some("PayPal"));

    let not_approved = payment(Flow::CompleteAuthorize, paypal_complete("manual"), &declined("3", "2102", "Payment not authorized.  Payment has not been authorized by the user."));
    assert_eq!((not_approved.status, not_approved.error.unwrap().code), (PaymentStatus::Failure, U::AuthenticationRequired));
    assert_eq!(not_approved.connector_transaction_id.as_deref(), Some("2150000001"), "the request's id is kept");
    let twice = payment(Flow::CompleteAuthorize, paypal_complete("manual"), &declined("3", "2103", "This transaction has already been authorized."));
    assert_eq!((twice.status, twice.error.unwrap().code), (PaymentStatus::Unresolved, U::DuplicateTransaction));
}

#[test]
fn a_pay_pal_refund_names_no_card() {
    let r = json!({"connectorTransactionId": "2150000001", "merchantRefundId": "rf-7001", "refundAmount": {"minorAmount": 500, "currency": "USD"}, "state": {"accountType": "PayPal"}});
    let t = text(&build(Flow::Refund, r).unwrap()).to_string();
    assert!(t.ends_with(r#""transactionRequest":{"transactionType":"refundTransaction","amount":"5.00","refTransId":"2150000001","order":{"invoiceNumber":"rf-7001"}}}}"#), "{t}");
    let other = json!({"connectorTransactionId": "2150000001", "merchantRefundId": "rf-7001", "refundAmount": {"minorAmount": 500, "currency": "USD"}, "state": {"accountType": "Visa"}});
    assert_eq!(build(Flow::Refund, other).unwrap_err().field.as_deref(), Some("request.state.cardLastFour"));
}

/// What Accept.js's dispatchData hands the page (the Accept.js guide's example nonce).
const NONCE: &str = "eyJjb2RlIjoiNTBfMl8wNjAwMDUzRkQ2QjU4MDc0MTZGMTVGOTUwNzQ1MTMyQjg3Q0M0Mjk4MEQxMTJBRjU1RjQ4MzQ2OTM3RkY2QzcwNTM4RDM4NjNBNjg0MjJCOTg5RTMwOThDQ0FEODI5MzgxMEUxRTBGIiwidG9rZW4iOiI5NDcxNDcxNTcwOTU5MDYzMDA1MDAxIiwidiI6IjEuMSJ9";

#[test]
fn an_accept_js_nonce_is_opaque_data_where_the_card_would_be() {
    let mut r = authorize_request();
    r["paymentMethod"] = json!({"type": "token", "token": {"value": NONCE}});
    let http = build(Flow::Authorize, r).unwrap();
    assert!(http.body.as_ref().unwrap().sensitive);
    // paymentType is a choice: opaqueData stands alone in `payment`, in schema order.
    assert!(text(&http).contains(&format!(
        r#""payment":{{"opaqueData":{{"dataDescriptor":"COMMON.ACCEPT.INAPP.PAYMENT","dataValue":"{NONCE}"}}}},"order""#
    )));
    let mut setup = setup_request();
    setup["paymentMethod"] = json!({"type": "token", "token": {"value": NONCE}});
    let b = body(&build(Flow::SetupMandate, setup).unwrap());
    let profile = &b["createCustomerProfileRequest"]["profile"]["paymentProfiles"][0];
    assert_eq!(profile["payment"], json!({"opaqueData": {"dataDescriptor": "COMMON.ACCEPT.INAPP.PAYMENT", "dataValue": NONCE}}));
}

#[test]
fn missing_credentials_are_named() {
    let req = FlowRequest::decode(Flow::Authorize, authorize_request()).unwrap();
    let options = Options::default();
    let ctx = test_support::ctx(CONNECTOR, &options);
    let e = CONNECTOR.build_request(&req, json!({"apiLoginId": LOGIN}), &ctx).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingRequiredField);
    assert_eq!(e.field.as_deref(), Some("auth.transactionKey"));
    assert!(!e.message.contains(LOGIN));
}

#[test]
fn capture_void_and_details_bodies() {
    let cap = build(
        Flow::Capture,
        json!({"connectorTransactionId": "40000000001", "amountToCapture": {"minorAmount": 500, "currency": "USD"}, "paymentAmount": {"minorAmount": 1099, "currency": "USD"}, "idempotencyKey": "cap-1"}),
    )
    .unwrap();
    assert_eq!(
        text(&cap),
        r#"{"createTransactionRequest":{"merchantAuthentication":{"name":"5KP3u95bQpv","transactionKey":"346HZ32z3fP4hTG2"},"refId":"cap-1","transactionRequest":{"transactionType":"priorAuthCaptureTransaction","amount":"5.00","refTransId":"40000000001"}}}"#
    );
    let void = build(Flow::Void, json!({"connectorTransactionId": "40000000001"})).unwrap();
    assert_eq!(
        text(&void),
        r#"{"createTransactionRequest":{"merchantAuthentication":{"name":"5KP3u95bQpv","transactionKey":"346HZ32z3fP4hTG2"},"transactionRequest":{"transactionType":"voidTransaction","refTransId":"40000000001"}}}"#
    );
    let psync = build(Flow::Psync, json!({"connectorTransactionId": "40000000001"})).unwrap();
    assert_eq!(
        text(&psync),
        r#"{"getTransactionDetailsRequest":{"merchantAuthentication":{"name":"5KP3u95bQpv","transactionKey":"346HZ32z3fP4hTG2"},"transId":"40000000001"}}"#
    );
    assert!(psync.body.as_ref().unwrap().sensitive);
    let e = build(Flow::Void, json!({"connectorTransactionId": "4000<x>"})).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.connectorTransactionId"));
}

#[test]
fn refund_needs_the_card_last_four_from_state() {
    let base = json!({"connectorTransactionId": "40000000001", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 300, "currency": "USD"}});
    let e = build(Flow::Refund, base.clone()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingRequiredField);
    assert_eq!(e.field.as_deref(), Some("request.state.cardLastFour"));
    let mut bad = base.clone();
    bad["state"] = json!({"cardLastFour": "XXXX1111"});
    assert_eq!(build(Flow::Refund, bad).unwrap_err().field.as_deref(), Some("request.state.cardLastFour"));
    let mut ok = base;
    ok["state"] = json!({"cardLastFour": "1111"});
    assert_eq!(
        text(&build(Flow::Refund, ok).unwrap()),
        r#"{"createTransactionRequest":{"merchantAuthentication":{"name":"5KP3u95bQpv","transactionKey":"346HZ32z3fP4hTG2"},"transactionRequest":{"transactionType":"refundTransaction","amount":"3.00","payment":{"creditCard":{"cardNumber":"1111","expirationDate":"XXXX"}},"refTransId":"40000000001","order":{"invoiceNumber":"rf-1"}}}}"#
    );
}

#[test]
fn every_iso_currency_is_sent_exactly_or_refused_naming_the_field() {
    for &(currency, exponent) in iso_currencies() {
        for minor in [1i64, 10, 100, 1234, 1230, 1000] {
            let mut r = authorize_request();
            r["amount"] = json!({"minorAmount": minor, "currency": currency});
            match build(Flow::Authorize, r) {
                Ok(http) => {
                    let sent = body(&http)["createTransactionRequest"]["transactionRequest"]["amount"].as_str().unwrap().to_string();
                    // Read back independently: the decimal text must be exactly `minor` ISO units.
                    let (whole, frac) = sent.split_once('.').unwrap_or((&sent, ""));
                    assert!(frac.len() <= 2, "{currency}: {sent}");
                    let back = whole.parse::<i64>().unwrap() * 10i64.pow(u32::from(exponent))
                        + if frac.is_empty() { 0 } else { frac.parse::<i64>().unwrap() * 10i64.pow(u32::from(exponent) - frac.len() as u32) };
                    assert_eq!(back, minor, "{currency} {minor} sent as {sent}");
                    assert_eq!(frac.len(), usize::from(exponent.min(2)), "{currency}: {sent}");
                }
                Err(e) => {
                    assert!(exponent > 2, "{currency} {minor} refused: {}", e.message);
                    assert_eq!(e.kind, ErrorKind::InvalidFieldValue);
                    assert_eq!(e.field.as_deref(), Some("request.amount.minorAmount"));
                    assert_ne!(minor % 10i64.pow(u32::from(exponent - 2)), 0);
                }
            }
        }
    }
}

#[test]
fn approved_authorize_carries_the_card_last_four_and_the_bom_is_dropped() {
    let p = payment(Flow::Authorize, authorize_request(), &approved("40000000001"));
    assert_eq!(p.status, PaymentStatus::Authorized);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("40000000001"));
    assert_eq!(p.network_transaction_id.as_deref(), Some("123456789NNNH"));
    assert_eq!(p.state.as_ref().unwrap().get("cardLastFour").map(String::as_str), Some("1111"));
    let mut sale = authorize_request();
    sale["captureMethod"] = json!("automatic");
    assert_eq!(payment(Flow::Authorize, sale, &approved("40000000002")).status, PaymentStatus::Charged);
}

#[test]
fn capture_void_results() {
    let cap = json!({"connectorTransactionId": "40000000001", "amountToCapture": {"minorAmount": 500, "currency": "USD"}});
    let p = payment(Flow::Capture, cap.clone(), &approved("40000000001"));
    assert_eq!(p.status, PaymentStatus::Charged);
    assert_eq!(p.amount_captured.as_ref().unwrap().minor_amount, 500);
    let p = payment(Flow::Capture, cap, &declined("3", "47", "The amount requested for settlement cannot be greater than the original amount authorized."));
    assert_eq!(p.status, PaymentStatus::CaptureFailed);
    assert_eq!(p.error.as_ref().unwrap().code, U::InvalidAmount);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("40000000001"));
    let v = json!({"connectorTransactionId": "40000000001"});
    assert_eq!(payment(Flow::Void, v.clone(), &approved("40000000001")).status, PaymentStatus::Voided);
    let p = payment(Flow::Void, v, &declined("3", "16", "The transaction cannot be found."));
    assert_eq!(p.status, PaymentStatus::VoidFailed);
    assert_eq!(p.error.unwrap().code, U::NotFound);
}

#[test]
fn every_reason_code_of_the_table_through_a_declined_body() {
    use DeclineType::*;
    let table: &[(&str, &str, U, Option<DeclineType>)] = &[
        ("2", "2", U::CardDeclined, Some(Soft)),
        ("2", "3", U::CardDeclined, Some(Soft)),
        ("2", "4", U::LostOrStolenCard, Some(Hard)),
        ("3", "5", U::InvalidAmount, None),
        ("3", "6", U::InvalidCardNumber, Some(Hard)),
        ("3", "37", U::InvalidCardNumber, Some(Hard)),
        ("3", "315", U::InvalidCardNumber, Some(Hard)),
        ("3", "7", U::InvalidExpiryDate, Some(Hard)),
        ("3", "316", U::InvalidExpiryDate, Some(Hard)),
        ("3", "8", U::ExpiredCard, Some(Hard)),
        ("3", "317", U::ExpiredCard, Some(Hard)),
        ("3", "13", U::InvalidCredentials, None),
        ("3", "16", U::NotFound, None),
        ("3", "17", U::CardNotSupported, Some(Hard)),
        ("3", "28", U::CardNotSupported, Some(Hard)),
        ("3", "19", U::ProcessorUnavailable, Some(Soft)),
        ("3", "20", U::ProcessorUnavailable, Some(Soft)),
        ("3", "21", U::ProcessorUnavailable, Some(Soft)),
        ("3", "22", U::ProcessorUnavailable, Some(Soft)),
        ("3", "23", U::ProcessorUnavailable, Some(Soft)),
        ("3", "25", U::ProcessorUnavailable, Some(Soft)),
        ("3", "26", U::ProcessorUnavailable, Some(Soft)),
        ("3", "57", U::ProcessorUnavailable, Some(Soft)),
        ("3", "58", U::ProcessorUnavailable, Some(Soft)),
        ("3", "59", U::ProcessorUnavailable, Some(Soft)),
        ("3", "60", U::ProcessorUnavailable, Some(Soft)),
        ("3", "61", U::ProcessorUnavailable, Some(Soft)),
        ("3", "62", U::ProcessorUnavailable, Some(Soft)),
        ("3", "63", U::ProcessorUnavailable, Some(Soft)),
        ("2", "27", U::CardDeclined, Some(Soft)),
        ("3", "33", U::InvalidRequest, None),
        ("3", "39", U::InvalidRequest, None),
        ("2", "44", U::IncorrectCvc, Some(Soft)),
        ("2", "45", U::IncorrectCvc, Some(Soft)),
        ("2", "65", U::IncorrectCvc, Some(Soft)),
        ("3", "47", U::InvalidAmount, None),
        ("3", "48", U::TransactionNotAllowed, None),
        ("3", "54", U::TransactionNotAllowed, None),
        ("3", "55", U::InvalidAmount, None),
        ("3", "78", U::IncorrectCvc, Some(Hard)),
        ("2", "250", U::FraudSuspected, Some(Hard)),
        ("2", "251", U::FraudSuspected, Some(Hard)),
        ("2", "254", U::FraudSuspected, Some(Hard)),
        ("2", "141", U::FraudSuspected, Some(Hard)),
        ("2", "145", U::FraudSuspected, Some(Hard)),
        ("2", "165", U::FraudSuspected, Some(Hard)),
        ("3", "2001", U::TransactionNotAllowed, None),
        ("3", "2004", U::InvalidRequest, None),
        ("3", "2005", U::InvalidRequest, None),
        ("3", "2006", U::InvalidRequest, None),
        ("3", "2100", U::InvalidRequest, None),
        ("3", "2101", U::InvalidRequest, None),
        ("3", "2108", U::InvalidRequest, None),
        ("3", "2109", U::InvalidRequest, None),
        ("3", "2007", U::InvalidAmount, None),
        ("3", "2104", U::InvalidAmount, None),
        ("3", "2008", U::TransactionNotAllowed, None),
        ("3", "2009", U::TransactionNotAllowed, None),
        ("3", "2106", U::TransactionNotAllowed, None),
        ("3", "2102", U::AuthenticationRequired, None),
        ("3", "2105", U::InvalidRequest, None),
        ("3", "2107", U::InvalidRequest, None),
        ("3", "999", U::ProcessingError, None),
    ];
    for &(response_code, code, unified, decline_type) in table {
        let p = payment(Flow::Authorize, authorize_request(), &declined(response_code, code, "reason text"));
        assert_eq!(p.status, PaymentStatus::Failure, "{code}");
        let e = p.error.unwrap();
        assert_eq!((e.code, e.decline_type), (unified, decline_type), "{code}");
        assert_eq!(e.connector_code.as_deref(), Some(code));
        assert_eq!(e.connector_message.as_deref(), Some("reason text"));
        assert_eq!(p.connector_transaction_id, None, "transId 0 is no transaction");
    }
}

#[test]
fn a_duplicate_authorize_is_unresolved_not_failed() {
    let p = payment(Flow::Authorize, authorize_request(), &declined("3", "11", "A duplicate transaction has been submitted."));
    assert_eq!(p.status, PaymentStatus::Unresolved);
    assert_eq!(p.error.unwrap().code, U::DuplicateTransaction);
}

#[test]
fn held_for_review_is_pending() {
    let body = approved("40000000003").replace("\"responseCode\":\"1\"", "\"responseCode\":\"4\"");
    assert_eq!(payment(Flow::Authorize, authorize_request(), &body).status, PaymentStatus::Pending);
}

#[test]
fn every_message_code_of_the_table_through_an_api_error_body() {
    let table = [
        ("E00001", U::ProcessorUnavailable),
        ("E00104", U::ProcessorUnavailable),
        ("E00007", U::InvalidCredentials),
        ("E00008", U::InvalidCredentials),
        ("E00011", U::InvalidCredentials),
        ("E00054", U::InvalidCredentials),
        ("E00059", U::InvalidCredentials),
        ("E00003", U::InvalidRequest),
        ("E00013", U::InvalidRequest),
        ("E00014", U::InvalidRequest),
        ("E00015", U::InvalidRequest),
        ("E00016", U::InvalidRequest),
        ("E00040", U::NotFound),
        ("E00039", U::DuplicateTransaction),
        ("E00012", U::DuplicateTransaction),
        ("E00027", U::ProcessingError),
        ("E99999", U::ProcessingError),
    ];
    for (code, unified) in table {
        let p = payment(Flow::Authorize, authorize_request(), &api_error(code, "message text"));
        assert_eq!(p.status, PaymentStatus::Failure);
        let e = p.error.unwrap();
        assert_eq!(e.code, unified, "{code}");
        assert_eq!(e.connector_code.as_deref(), Some(code));
        assert_eq!(e.decline_type, None);
        // psync: the status could not be read, which says nothing about the payment.
        let s = payment(Flow::Psync, json!({"connectorTransactionId": "40000000001"}), &api_error(code, "message text"));
        assert_eq!(s.status, PaymentStatus::Unresolved);
        assert_eq!(s.error.unwrap().code, unified);
    }
}

#[test]
fn psync_maps_every_transaction_status() {
    let table = [
        ("authOnlyTransaction", "authorizedPendingCapture", PaymentStatus::Authorized),
        ("authOnlyTransaction", "capturedPendingSettlement", PaymentStatus::Charged),
        ("authCaptureTransaction", "settledSuccessfully", PaymentStatus::Charged),
        ("authOnlyTransaction", "FDSPendingReview", PaymentStatus::Pending),
        ("authOnlyTransaction", "FDSAuthorizedPendingReview", PaymentStatus::Pending),
        ("authOnlyTransaction", "authorizedPendingRelease", PaymentStatus::Pending),
        ("authOnlyTransaction", "underReview", PaymentStatus::Pending),
        ("authOnlyTransaction", "approvedReview", PaymentStatus::Authorized),
        ("authCaptureTransaction", "approvedReview", PaymentStatus::Charged),
        ("authOnlyTransaction", "voided", PaymentStatus::Voided),
        ("authOnlyTransaction", "couldNotVoid", PaymentStatus::VoidFailed),
        ("authOnlyTransaction", "declined", PaymentStatus::Failure),
        ("authOnlyTransaction", "failedReview", PaymentStatus::Failure),
        ("authOnlyTransaction", "expired", PaymentStatus::Failure),
        ("authOnlyTransaction", "generalError", PaymentStatus::Failure),
        ("authOnlyTransaction", "settlementError", PaymentStatus::Failure),
        ("authOnlyTransaction", "communicationError", PaymentStatus::Unresolved),
        ("authCaptureTransaction", "returnedItem", PaymentStatus::Charged),
        ("authCaptureTransaction", "chargeback", PaymentStatus::Charged),
        ("authOnlyTransaction", "somethingNew", PaymentStatus::Unresolved),
    ];
    let req = json!({"connectorTransactionId": "40000000001", "amount": {"minorAmount": 1099, "currency": "USD"}});
    for (kind, status, unified) in table {
        let p = payment(Flow::Psync, req.clone(), &details("40000000001", kind, status, "5.0"));
        assert_eq!(p.status, unified, "{status}");
        assert_eq!(p.connector_status.as_deref(), Some(status));
        assert_eq!(p.state.as_ref().unwrap()["cardLastFour"], "1111");
        if unified == PaymentStatus::Charged {
            assert_eq!(p.amount_captured.as_ref().unwrap().minor_amount, 500, "{status}");
        }
    }
}

#[test]
fn rsync_maps_refund_statuses_and_amounts_exactly() {
    let req = json!({"connectorTransactionId": "40000000001", "connectorRefundId": "40000000009", "refundAmount": {"minorAmount": 301, "currency": "USD"}});
    for (status, unified) in [
        ("refundPendingSettlement", RefundStatus::Pending),
        ("refundSettledSuccessfully", RefundStatus::Success),
        ("declined", RefundStatus::Failure),
        ("voided", RefundStatus::Failure),
        ("FDSPendingReview", RefundStatus::ManualReview),
    ] {
        let r = refund(Flow::Rsync, req.clone(), &details("40000000009", "refundTransaction", status, "3.01"));
        assert_eq!(r.status, unified, "{status}");
        assert_eq!(r.refund_amount.as_ref().unwrap().minor_amount, 301);
    }
    let e = parse(Flow::Rsync, req, 200, &details("40000000001", "authOnlyTransaction", "voided", "0")).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.connectorRefundId"));
}

#[test]
fn refund_results() {
    let req = json!({"connectorTransactionId": "40000000001", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 300, "currency": "USD"}, "state": {"cardLastFour": "1111"}});
    let r = refund(Flow::Refund, req.clone(), &approved("40000000009"));
    assert_eq!(r.status, RefundStatus::Pending);
    assert_eq!(r.connector_refund_id.as_deref(), Some("40000000009"));
    let r = refund(Flow::Refund, req, &declined("3", "54", "The referenced transaction does not meet the criteria for issuing a credit."));
    assert_eq!(r.status, RefundStatus::Failure);
    assert_eq!(r.error.unwrap().code, U::TransactionNotAllowed);
}

#[test]
fn server_errors_and_garbage() {
    let req = FlowRequest::decode(Flow::Authorize, authorize_request()).unwrap();
    let options = Options::default();
    let ctx = test_support::ctx(CONNECTOR, &options);
    let html = HttpResponse { status: 503, headers: vec![], body: "<html>down</html>".into(), encoding: None };
    match CONNECTOR.parse_response(&req, &html, &ctx).unwrap() {
        FlowResult::Payment(p) => {
            assert_eq!(p.status, PaymentStatus::Unresolved);
            assert_eq!(p.error.unwrap().code, U::ProcessorUnavailable);
        }
        _ => panic!(),
    }
    let garbage = HttpResponse { status: 200, headers: vec![], body: "not json 4111111111111111".into(), encoding: None };
    let e = CONNECTOR.parse_response(&req, &garbage, &ctx).unwrap_err();
    assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed);
    assert!(!e.to_data().to_string().contains("4111111111111111"));
}

// ---------- webhooks ----------

const SIGNATURE_KEY: &str = "56E529FE7C9A0FE2F4A1A9B3E7D6C5B4A39281706F5E4D3C2B1A09F8E7D6C5B4A39281706F5E4D3C2B1A09F8E7D6C5B4A39281706F5E4D3C2B1A09F8E7D6C5B4";

fn hook(body: &str, signature: Option<String>, secret: &str) -> WebhookResult {
    let headers = signature.map(|s| vec![ResponseHeader { name: "X-Anet-Signature".into(), value: s }]).unwrap_or_default();
    let w = IncomingWebhook { headers, body: body.into(), secret: Secret::new(secret), url: None };
    test_support::read_webhook(CONNECTOR, &w, None, &Options::default()).unwrap()
}

fn sign(body: &str) -> String {
    // Independent of webhooks.rs: the hmac crate directly, upper-case hex.
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha512>::new_from_slice(SIGNATURE_KEY.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    let bytes = mac.finalize().into_bytes();
    format!("sha512={}", bytes.iter().map(|b| format!("{b:02X}")).collect::<String>())
}

fn event_body(event_type: &str, response_code: i64) -> String {
    format!(
        r#"{{"notificationId":"d0e8e7fe-c3e7-4add-a480-27bc5ce28a18","eventType":"{event_type}","eventDate":"2026-11-26T20:48:02.0080095Z","webhookId":"63d6fea2-aa13-4b1d-a204-f5fbc15942b7","payload":{{"responseCode":{response_code},"authCode":"LZ6I19","avsResponse":"Y","authAmount":45.00,"invoiceNumber":"order-5001","entityName":"transaction","id":"60020981676"}}}}"#
    )
}

#[test]
fn webhook_signature_is_checked() {
    let body = event_body("net.authorize.payment.authcapture.created", 1);
    assert_eq!(webhooks::signature(SIGNATURE_KEY, &body), sign(&body));
    let ok = hook(&body, Some(sign(&body)), SIGNATURE_KEY);
    assert!(ok.verified);
    // Lower-case hex is the same signature.
    assert!(hook(&body, Some(sign(&body).to_ascii_lowercase()), SIGNATURE_KEY).verified);
    let tampered = body.replace("45.00", "4500.00");
    let bad = hook(&tampered, Some(sign(&body)), SIGNATURE_KEY);
    assert!(!bad.verified && bad.events.is_empty());
    assert_eq!(bad.acknowledgement.status, 401);
    assert!(!bad.reason.as_deref().unwrap().contains(&sign(&body)[7..]));
    assert!(!hook(&body, Some(sign(&body)), "0000").verified);
    assert!(!hook(&body, None, SIGNATURE_KEY).verified);
    assert!(!hook(&body, Some(sign(&body)[7..].to_string()), SIGNATURE_KEY).verified);
    assert!(!hook(&body, Some("sha512=zz".into()), SIGNATURE_KEY).verified);
}

#[test]
fn webhook_events_map_to_unified_statuses() {
    let table = [
        ("net.authorize.payment.authorization.created", 1, WebhookEventKind::Payment, Some(PaymentStatus::Authorized)),
        ("net.authorize.payment.authcapture.created", 1, WebhookEventKind::Payment, Some(PaymentStatus::Charged)),
        ("net.authorize.payment.authcapture.created", 2, WebhookEventKind::Payment, Some(PaymentStatus::Failure)),
        ("net.authorize.payment.capture.created", 1, WebhookEventKind::Payment, Some(PaymentStatus::Charged)),
        ("net.authorize.payment.priorAuthCapture.created", 1, WebhookEventKind::Payment, Some(PaymentStatus::Charged)),
        ("net.authorize.payment.void.created", 1, WebhookEventKind::Payment, Some(PaymentStatus::Voided)),
        ("net.authorize.payment.fraud.held", 4, WebhookEventKind::Payment, Some(PaymentStatus::Pending)),
        ("net.authorize.payment.fraud.declined", 2, WebhookEventKind::Payment, Some(PaymentStatus::Failure)),
        ("net.authorize.payment.fraud.approved", 1, WebhookEventKind::Payment, None),
        ("net.authorize.customer.created", 1, WebhookEventKind::Other, None),
    ];
    for (event_type, code, kind, status) in table {
        let body = event_body(event_type, code);
        let r = hook(&body, Some(sign(&body)), SIGNATURE_KEY);
        assert!(r.verified);
        let e = &r.events[0];
        assert_eq!((e.kind, e.payment_status), (kind, status), "{event_type}");
        assert_eq!(e.connector_event_id.as_deref(), Some("d0e8e7fe-c3e7-4add-a480-27bc5ce28a18"));
        if kind == WebhookEventKind::Payment {
            assert_eq!(e.connector_transaction_id.as_deref(), Some("60020981676"));
            assert_eq!(e.merchant_transaction_id.as_deref(), Some("order-5001"));
        }
    }
    // A saved card: the payment profile's id is the mandate.
    let body = r#"{"notificationId":"9a8c85fc-ac8f-460e-84a7-cc4c963711a7","eventType":"net.authorize.customer.paymentProfile.created","eventDate":"2026-11-26T16:30:02.2270619Z","webhookId":"eb6e1f40-9e17-4d8d-aae3-a47acc001fbc","payload":{"customerProfileId":190178,"entityName":"customerPaymentProfile","id":"157497"}}"#;
    let r = hook(body, Some(sign(body)), SIGNATURE_KEY);
    assert_eq!((r.events[0].kind, r.events[0].mandate_reference.as_deref()), (WebhookEventKind::Mandate, Some("157497")));
    assert!(r.events[0].connector_transaction_id.is_none() && r.events[0].payment_status.is_none());
    let deleted = body.replace("paymentProfile.created", "paymentProfile.deleted");
    let r = hook(&deleted, Some(sign(&deleted)), SIGNATURE_KEY);
    assert_eq!((r.events[0].kind, r.events[0].mandate_reference.as_deref()), (WebhookEventKind::Other, None));
    let body = event_body("net.authorize.payment.refund.created", 1);
    let r = hook(&body, Some(sign(&body)), SIGNATURE_KEY);
    assert_eq!(r.events[0].kind, WebhookEventKind::Refund);
    assert_eq!(r.events[0].refund_status, Some(RefundStatus::Pending));
    assert_eq!(r.events[0].connector_refund_id.as_deref(), Some("60020981676"));
}

#[test]
fn list_connectors_info() {
    assert_eq!(CONNECTOR.info().environments.sandbox, "https://apitest.authorize.net/xml/v1/request.api");
    for flow in [Flow::CreateAccessToken, Flow::IncrementalAuthorization] {
        assert!(CONNECTOR.unsupported_reason(flow).is_some());
        assert!(!CONNECTOR.supports(flow));
    }
    // completeAuthorize: PayPal Express Checkout's continue.
    for flow in [Flow::SetupMandate, Flow::RepeatPayment, Flow::CreateCustomer, Flow::CompleteAuthorize] {
        assert!(CONNECTOR.supports(flow));
        assert!(!CONNECTOR.unsupported_reason(flow).is_some());
    }
    let req = FlowRequest::decode(Flow::CreateAccessToken, json!({})).unwrap();
    let e = CONNECTOR.build_request(&req, auth(), &test_support::ctx(CONNECTOR, &Options::default())).unwrap_err();
    assert_eq!(e.kind, ErrorKind::FlowNotSupported);
    assert!(e.message.contains("no access token"));
}

// ---------- Customer Information Manager: createCustomer, setupMandate, repeatPayment ----------

const MERCHANT: &str = r#"{"name":"5KP3u95bQpv","transactionKey":"346HZ32z3fP4hTG2"}"#;

fn setup_request() -> Value {
    json!({
        "merchantTransactionId": "setup-1",
        "amount": {"minorAmount": 0, "currency": "USD"},
        "paymentMethod": {"type": "card", "card": {"number": "4111111111111111", "expMonth": "12", "expYear": "2030", "cvc": "123"}},
        "customer": {"id": "cust-99", "email": "ellen@example.com"},
        "billingAddress": {"firstName": "Ellen", "lastName": "Johnson", "line1": "14 Main Street", "city": "Pecan Springs", "state": "TX", "postalCode": "44628", "country": "US"},
        "description": "Ellen's card",
        "idempotencyKey": "idem-setup-1",
    })
}

fn repeat_request() -> Value {
    json!({
        "merchantTransactionId": "sub-2026-11",
        "amount": {"minorAmount": 4500, "currency": "USD"},
        "mandateReference": "157497",
        "customer": {"connectorCustomerId": "190178"},
        "networkTransactionId": "123456789NNNH",
        "description": "November",
        "idempotencyKey": "idem-sub-11",
    })
}

fn customer(request: Value, response_body: &str) -> CustomerResult {
    match parse(Flow::CreateCustomer, request, 200, response_body).unwrap() {
        FlowResult::Customer(c) => c,
        other => panic!("not a customer: {other:?}"),
    }
}

/// createCustomerProfileResponse as the API reference shows it (ids and direct response of its
/// example; the validation answer's account number is the masked card).
fn profile_created(payment_profiles: &[&str], validation: &[&str]) -> String {
    format!(
        "\u{feff}{}",
        json!({
            "customerProfileId": "190178",
            "customerPaymentProfileIdList": payment_profiles,
            "customerShippingAddressIdList": [],
            "validationDirectResponseList": validation,
            "messages": {"resultCode": "Ok", "message": [{"code": "I00001", "text": "Successful."}]}
        })
    )
}

const VALIDATION_APPROVED: &str = "1,1,1,This transaction has been approved.,AF6Y05,Y,2149188014,none,Test transaction for ValidateCustomerPaymentProfile.,0.00,CC,auth_only,cust-99,Ellen,Johnson,,14 Main Street,Pecan Springs,TX,44628,US,,,ellen@example.com,,,,,,,,,0.00,0.00,0.00,FALSE,none,,P,2,,,,,,,,,,,XXXX1111,Visa,,,,,,,,,,,,,,,,,";
const VALIDATION_DECLINED: &str = "2,1,2,This transaction has been declined.,000000,N,2149188015,none,Test transaction for ValidateCustomerPaymentProfile.,0.00,CC,auth_only,cust-99,Ellen,Johnson,,14 Main Street,Pecan Springs,TX,46282,US,,,ellen@example.com,,,,,,,,,0.00,0.00,0.00,FALSE,none,,,,,,,,,,,,,,XXXX1111,Visa,,,,,,,,,,,,,,,,,";

#[test]
fn create_customer_is_a_customer_profile_in_schema_order() {
    let http = build(
        Flow::CreateCustomer,
        json!({"customer": {"id": "cust-99", "email": "ellen@example.com", "name": "Ellen Johnson"}, "description": "VIP", "idempotencyKey": "k-1"}),
    )
    .unwrap();
    assert!(http.body.as_ref().unwrap().sensitive);
    // The key of this preparatory step is `<key>:customer`.
    assert_eq!(
        text(&http),
        format!(r#"{{"createCustomerProfileRequest":{{"merchantAuthentication":{MERCHANT},"refId":"k-1:customer","profile":{{"merchantCustomerId":"cust-99","description":"VIP","email":"ellen@example.com"}}}}}}"#)
    );
    // The name stands in for a missing description; with nothing to tell profiles apart, refused.
    let named = body(&build(Flow::CreateCustomer, json!({"customer": {"name": "Ellen Johnson"}})).unwrap());
    assert_eq!(named["createCustomerProfileRequest"]["profile"], json!({"description": "Ellen Johnson"}));
    let e = build(Flow::CreateCustomer, json!({"customer": {"phone": "555"}})).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.customer.id")));
    let e = build(Flow::CreateCustomer, json!({"customer": {"id": "a-merchant-customer-id-of-30c"}})).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.customer.id")));
}

#[test]
fn create_customer_results() {
    let ok = customer(json!({"customer": {"id": "cust-99"}}), &profile_created(&[], &[]));
    assert_eq!((ok.status, ok.connector_customer_id.as_deref(), ok.error.is_none()), (CustomerStatus::Success, Some("190178"), true));
    // The same fields again (a retry): the profile they describe, named in the message.
    let dup = customer(json!({"customer": {"id": "cust-99"}}), &api_error("E00039", "A duplicate record with ID 39223758 already exists."));
    assert_eq!((dup.status, dup.connector_customer_id.as_deref(), dup.error), (CustomerStatus::Success, Some("39223758"), None));
    // E00039 without an id to name stays a failure.
    let unnamed = customer(json!({"customer": {"id": "cust-99"}}), &api_error("E00039", "A duplicate record already exists."));
    assert_eq!((unnamed.status, unnamed.error.unwrap().code), (CustomerStatus::Failure, U::DuplicateTransaction));
    let bad = customer(json!({"customer": {"id": "cust-99"}}), &api_error("E00007", "User authentication failed due to invalid authentication values."));
    assert_eq!((bad.status, bad.connector_customer_id, bad.error.unwrap().code), (CustomerStatus::Failure, None, U::InvalidCredentials));
    let down = match parse(Flow::CreateCustomer, json!({"customer": {"id": "c"}}), 503, "<html>busy</html>").unwrap() {
        FlowResult::Customer(c) => c,
        other => panic!("{other:?}"),
    };
    assert_eq!((down.status, down.error.unwrap().code), (CustomerStatus::Failure, U::ProcessorUnavailable));
}

#[test]
fn setup_mandate_without_a_customer_profile_creates_one_with_the_card() {
    let http = build(Flow::SetupMandate, setup_request()).unwrap();
    assert!(http.body.as_ref().unwrap().sensitive, "card data and credentials");
    assert_eq!(
        text(&http),
        format!(r#"{{"createCustomerProfileRequest":{{"merchantAuthentication":{MERCHANT},"refId":"idem-setup-1","profile":{{"merchantCustomerId":"cust-99","description":"Ellen's card","email":"ellen@example.com","paymentProfiles":[{{"billTo":{{"firstName":"Ellen","lastName":"Johnson","address":"14 Main Street","city":"Pecan Springs","state":"TX","zip":"44628","country":"US"}},"payment":{{"creditCard":{{"cardNumber":"4111111111111111","expirationDate":"2030-12","cardCode":"123"}}}}}}]}},"validationMode":"liveMode"}}}}"#)
    );
}

#[test]
fn setup_mandate_under_an_existing_profile_adds_a_payment_profile() {
    let mut r = setup_request();
    r["customer"] = json!({"connectorCustomerId": "190178"});
    r.as_object_mut().unwrap().remove("billingAddress");
    r["state"] = json!({"validationMode": "testMode"});
    assert_eq!(
        text(&build(Flow::SetupMandate, r.clone()).unwrap()),
        format!(r#"{{"createCustomerPaymentProfileRequest":{{"merchantAuthentication":{MERCHANT},"refId":"idem-setup-1","customerProfileId":"190178","paymentProfile":{{"payment":{{"creditCard":{{"cardNumber":"4111111111111111","expirationDate":"2030-12","cardCode":"123"}}}}}},"validationMode":"testMode"}}}}"#)
    );
    r["state"] = json!({"validationMode": "none"});
    assert_eq!(body(&build(Flow::SetupMandate, r.clone()).unwrap())["createCustomerPaymentProfileRequest"]["validationMode"], "none");
    r["state"] = json!({"validationMode": "live"});
    assert_eq!(build(Flow::SetupMandate, r.clone()).unwrap_err().field.as_deref(), Some("request.state.validationMode"));
    r["state"] = json!({});
    r["customer"] = json!({"connectorCustomerId": "cus_123"});
    assert_eq!(build(Flow::SetupMandate, r).unwrap_err().field.as_deref(), Some("request.customer.connectorCustomerId"));
}

#[test]
fn setup_mandate_refuses_an_amount_another_method_and_a_profile_without_customer_fields() {
    let mut r = setup_request();
    r["amount"] = json!({"minorAmount": 100, "currency": "USD"});
    assert_eq!(build(Flow::SetupMandate, r).unwrap_err().field.as_deref(), Some("request.amount.minorAmount"));
    let mut r = setup_request();
    r["amount"] = json!({"minorAmount": 0, "currency": "XXY"});
    assert_eq!(build(Flow::SetupMandate, r).unwrap_err().field.as_deref(), Some("request.amount.currency"));
    let mut r = setup_request();
    r["paymentMethod"] = json!({"type": "upiCollect", "upi": {"vpa": "jane@upi"}});
    assert_eq!(build(Flow::SetupMandate, r).unwrap_err().kind, ErrorKind::PaymentMethodNotSupported);
    let mut r = setup_request();
    r.as_object_mut().unwrap().remove("customer");
    r.as_object_mut().unwrap().remove("description");
    let e = build(Flow::SetupMandate, r).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.customer.id")));
    assert!(!e.message.contains("4111111111111111"));
}

#[test]
fn setup_mandate_results() {
    // New profile: ids from the lists.
    let s = payment(Flow::SetupMandate, setup_request(), &profile_created(&["157497"], &[VALIDATION_APPROVED]));
    assert_eq!(s.status, PaymentStatus::Charged);
    assert_eq!((s.mandate_reference.as_deref(), s.connector_customer_id.as_deref()), (Some("157497"), Some("190178")));
    assert_eq!(s.state.as_ref().and_then(|st| st.get("cardLastFour")).map(String::as_str), Some("1111"));
    assert!(s.error.is_none());
    // Under an existing profile: one id.
    let mut r = setup_request();
    r["customer"] = json!({"connectorCustomerId": "190178"});
    let added = json!({"customerProfileId": "190178", "customerPaymentProfileId": "157500", "validationDirectResponse": VALIDATION_APPROVED, "messages": {"resultCode": "Ok", "message": [{"code": "I00001", "text": "Successful."}]}}).to_string();
    let s = payment(Flow::SetupMandate, r.clone(), &added);
    assert_eq!((s.status, s.mandate_reference.as_deref(), s.connector_customer_id.as_deref()), (PaymentStatus::Charged, Some("157500"), Some("190178")));
    // Declined by the liveMode validation: nothing saved, the reason code mapped.
    let declined = json!({"customerPaymentProfileIdList": [], "customerShippingAddressIdList": [], "validationDirectResponseList": [VALIDATION_DECLINED], "messages": {"resultCode": "Error", "message": [{"code": "E00027", "text": "This transaction has been declined."}]}}).to_string();
    let s = payment(Flow::SetupMandate, setup_request(), &declined);
    assert_eq!(s.status, PaymentStatus::Failure);
    assert!(s.mandate_reference.is_none());
    let e = s.error.unwrap();
    assert_eq!((e.code, e.connector_code.as_deref(), e.decline_type), (U::CardDeclined, Some("2"), Some(DeclineType::Soft)));
    // The same card already saved under this customer (a retry): that payment profile is the mandate.
    let dup = json!({"customerProfileId": "190178", "customerPaymentProfileId": "157500", "messages": {"resultCode": "Error", "message": [{"code": "E00039", "text": "A duplicate customer payment profile already exists."}]}}).to_string();
    let s = payment(Flow::SetupMandate, r.clone(), &dup);
    assert_eq!((s.status, s.connector_status.as_deref(), s.error.is_none()), (PaymentStatus::Charged, Some("E00039"), true));
    assert_eq!((s.mandate_reference.as_deref(), s.connector_customer_id.as_deref()), (Some("157500"), Some("190178")));
    // E00039 that names no payment profile saved nothing.
    let bare = json!({"messages": {"resultCode": "Error", "message": [{"code": "E00039", "text": "A duplicate customer payment profile already exists."}]}}).to_string();
    let s = payment(Flow::SetupMandate, r, &bare);
    assert_eq!((s.status, s.error.unwrap().code, s.mandate_reference), (PaymentStatus::Failure, U::DuplicateTransaction, None));
    // A profile with these customer fields exists: its id, from the message.
    let s = payment(Flow::SetupMandate, setup_request(), &api_error("E00039", "A duplicate record with ID 39223758 already exists."));
    assert_eq!((s.status, s.connector_customer_id.as_deref(), s.mandate_reference), (PaymentStatus::Failure, Some("39223758"), None));
    // Invalid card number from the API (no validation ran): the message code.
    let s = payment(Flow::SetupMandate, setup_request(), &api_error("E00013", "Card Number is invalid."));
    assert_eq!((s.status, s.error.unwrap().code), (PaymentStatus::Failure, U::InvalidRequest));
    // No answer: unknown whether the card was saved.
    match parse(Flow::SetupMandate, setup_request(), 502, "Bad Gateway").unwrap() {
        FlowResult::Payment(p) => assert_eq!((p.status, p.error.unwrap().code), (PaymentStatus::Unresolved, U::ProcessorUnavailable)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn repeat_payment_charges_the_payment_profile_as_merchant_initiated() {
    let http = build(Flow::RepeatPayment, repeat_request()).unwrap();
    assert_eq!(
        text(&http),
        format!(r#"{{"createTransactionRequest":{{"merchantAuthentication":{MERCHANT},"refId":"idem-sub-11","transactionRequest":{{"transactionType":"authCaptureTransaction","amount":"45.00","currencyCode":"USD","profile":{{"customerProfileId":"190178","paymentProfile":{{"paymentProfileId":"157497"}}}},"order":{{"invoiceNumber":"sub-2026-11","description":"November"}},"processingOptions":{{"isSubsequentAuth":"true"}},"subsequentAuthInformation":{{"originalNetworkTransId":"123456789NNNH"}}}}}}}}"#)
    );
    let mut manual = repeat_request();
    manual["captureMethod"] = json!("manual");
    manual.as_object_mut().unwrap().remove("networkTransactionId");
    let b = body(&build(Flow::RepeatPayment, manual).unwrap());
    assert_eq!(b["createTransactionRequest"]["transactionRequest"]["transactionType"], "authOnlyTransaction");
    assert!(b["createTransactionRequest"]["transactionRequest"].get("subsequentAuthInformation").is_none());
    let mut r = repeat_request();
    r.as_object_mut().unwrap().remove("customer");
    let e = build(Flow::RepeatPayment, r).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.customer.connectorCustomerId")));
    let mut r = repeat_request();
    r["mandateReference"] = json!("pm_123");
    assert_eq!(build(Flow::RepeatPayment, r).unwrap_err().field.as_deref(), Some("request.mandateReference"));
    let mut r = repeat_request();
    r["merchantTransactionId"] = json!("a-reference-longer-than-20");
    assert_eq!(build(Flow::RepeatPayment, r).unwrap_err().field.as_deref(), Some("request.merchantTransactionId"));
}

#[test]
fn repeat_payment_results_carry_the_card_digits_a_refund_needs() {
    let p = payment(Flow::RepeatPayment, repeat_request(), &approved("40000000077"));
    assert_eq!(p.status, PaymentStatus::Charged);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("40000000077"));
    assert_eq!(p.state.as_ref().and_then(|s| s.get("cardLastFour")).map(String::as_str), Some("1111"));
    let mut manual = repeat_request();
    manual["captureMethod"] = json!("manual");
    assert_eq!(payment(Flow::RepeatPayment, manual, &approved("40000000078")).status, PaymentStatus::Authorized);
    let d = payment(Flow::RepeatPayment, repeat_request(), &declined("2", "2", "This transaction has been declined."));
    assert_eq!((d.status, d.error.unwrap().code), (PaymentStatus::Failure, U::CardDeclined));
    let dup = payment(Flow::RepeatPayment, repeat_request(), &declined("3", "11", "A duplicate transaction has been submitted."));
    assert_eq!(dup.status, PaymentStatus::Unresolved, "the first attempt may have been charged");
    let gone = payment(Flow::RepeatPayment, repeat_request(), &api_error("E00040", "The record cannot be found."));
    assert_eq!((gone.status, gone.error.unwrap().code), (PaymentStatus::Failure, U::NotFound));
}

#[test]
fn authorize_refuses_setup_future_usage_pointing_at_setup_mandate() {
    let mut r = authorize_request();
    r["setupFutureUsage"] = json!("offSession");
    let e = build(Flow::Authorize, r).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.setupFutureUsage")));
    assert!(e.message.contains("setupMandate"));
}

/// An eCheck.Net debit's answer (accountType eCheck) keeps the bank account's last four under
/// their own key, and its refund goes to that bank account, given again as `paymentMethod`.
#[test]
fn echeck_refund_goes_to_the_bank_account() {
    let sale = json!({"merchantTransactionId": "o-1", "amount": {"minorAmount": 1099, "currency": "USD"}, "captureMethod": "automatic",
        "paymentMethod": {"type": "bankDebit", "bankDebit": {"method": "ach", "accountHolderName": "Jane Doe", "accountNumber": "123456789", "routingNumber": "121042882"}}});
    let answer = json!({"transactionResponse": {"responseCode": "1", "transId": "2149186775", "accountNumber": "XXXX6789", "accountType": "eCheck",
        "messages": [{"code": "1", "description": "This transaction has been approved."}]}, "messages": {"resultCode": "Ok", "message": [{"code": "I00001", "text": "Successful."}]}});
    let p = test_support::payment(test_support::parse_with(CONNECTOR, Flow::Authorize, sale.clone(), &test_support::response(200, answer.to_string()), &Options::default()).unwrap());
    assert_eq!(p.state.as_ref().unwrap().get("bankAccountLastFour").map(String::as_str), Some("6789"));
    assert!(p.state.as_ref().unwrap().get("cardLastFour").is_none());
    let base = json!({"connectorTransactionId": "2149186775", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 300, "currency": "USD"}, "state": {"bankAccountLastFour": "6789"}});
    let e = build(Flow::Refund, base.clone()).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.paymentMethod")));
    let mut ok = base.clone();
    ok["paymentMethod"] = sale["paymentMethod"].clone();
    let built = build(Flow::Refund, ok.clone()).unwrap();
    let b = text(&built);
    assert!(b.contains(r#""payment":{"bankAccount":{"accountType":"checking","routingNumber":"121042882","accountNumber":"123456789","nameOnAccount":"Jane Doe","echeckType":"WEB"}},"refTransId":"2149186775""#), "{b}");
    let mut other = ok;
    other["paymentMethod"]["bankDebit"]["accountNumber"] = json!("987654321");
    let e = build(Flow::Refund, other).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.bankDebit.accountNumber"));
    assert!(!e.message.contains("987654321"));
}

// ---------- createSession (Accept Hosted) ----------

fn session_request() -> Value {
    json!({
        "merchantTransactionId": "order-7001",
        "amount": {"minorAmount": 1099, "currency": "USD"},
        "customer": {"id": "cust-99", "email": "ellen@example.com"},
        "returnUrl": "https://shop.example/back",
        "paymentMethodTypes": ["ach"],
        "idempotencyKey": "idem-7001",
    })
}

#[test]
fn create_session_body_follows_the_schema_order_and_settings_are_json_text() {
    let http = build(Flow::CreateSession, session_request()).unwrap();
    assert_eq!(http.method, HttpMethod::POST);
    assert!(http.body.as_ref().unwrap().sensitive, "merchantAuthentication is in the body");
    let t = text(&http);
    let at = |s: &str| t.find(s).unwrap_or_else(|| panic!("{s} missing"));
    // getHostedPaymentPageRequest: merchantAuthentication, refId, transactionRequest, hostedPaymentSettings.
    assert!(at("\"getHostedPaymentPageRequest\"") < at("\"merchantAuthentication\""));
    assert!(at("\"merchantAuthentication\"") < at("\"refId\":\"idem-7001\""));
    assert!(at("\"refId\"") < at("\"transactionRequest\""));
    assert!(at("\"transactionRequest\"") < at("\"hostedPaymentSettings\""));
    assert!(at("\"transactionType\":\"authCaptureTransaction\"") < at("\"amount\":\"10.99\""));
    assert!(at("\"order\":{\"invoiceNumber\":\"order-7001\"}") < at("\"customer\":{\"id\":\"cust-99\",\"email\":\"ellen@example.com\"}"));
    assert!(!t.contains("\"payment\""), "the shopper types the payment into the hosted form");
    let v: Value = serde_json::from_str(t).unwrap();
    let settings = v["getHostedPaymentPageRequest"]["hostedPaymentSettings"]["setting"].as_array().unwrap().clone();
    assert_eq!(settings.len(), 2);
    assert_eq!(settings[0]["settingName"], "hostedPaymentReturnOptions");
    let ret: Value = serde_json::from_str(settings[0]["settingValue"].as_str().unwrap()).unwrap();
    assert_eq!(ret, json!({"showReceipt": false, "url": "https://shop.example/back", "urlText": "Continue", "cancelUrl": "https://shop.example/back", "cancelUrlText": "Cancel"}));
    assert_eq!(settings[1]["settingName"], "hostedPaymentPaymentOptions");
    let pay: Value = serde_json::from_str(settings[1]["settingValue"].as_str().unwrap()).unwrap();
    assert_eq!(pay, json!({"cardCodeRequired": false, "showCreditCard": false, "showBankAccount": true}));
}

#[test]
fn create_session_refusals_name_the_field() {
    let mut r = session_request();
    r["paymentMethodTypes"] = json!([]);
    assert_eq!(build(Flow::CreateSession, r).unwrap_err().field.as_deref(), Some("request.paymentMethodTypes"));
    let mut r = session_request();
    r["setupFutureUsage"] = json!("offSession");
    assert_eq!(build(Flow::CreateSession, r).unwrap_err().field.as_deref(), Some("request.setupFutureUsage"));
    let mut r = session_request();
    r["amount"] = json!({"minorAmount": 0, "currency": "USD"});
    assert_eq!(build(Flow::CreateSession, r).unwrap_err().field.as_deref(), Some("request.amount.minorAmount"));
    let mut r = session_request();
    r["paymentMethodTypes"] = json!(["card", "sepa"]);
    let e = build(Flow::CreateSession, r).unwrap_err();
    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported);
    assert_eq!(e.field.as_deref(), Some("request.paymentMethodTypes[1]"));
}

#[test]
fn create_session_answer_ok_without_token_is_not_a_success() {
    let body = "\u{feff}{\"messages\":{\"resultCode\":\"Ok\",\"message\":[{\"code\":\"I00001\",\"text\":\"Successful.\"}]}}";
    let e = parse(Flow::CreateSession, session_request(), 200, body).unwrap_err();
    assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed);
}

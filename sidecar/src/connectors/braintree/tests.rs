//! Braintree connector tests: the HTTP request of every flow (document, variables, auth, version),
//! idempotency keys, money over every ISO currency, and every status and error code read from a
//! Braintree-shaped body.

use crate::connectors::test_support::{self, body, payment};
use crate::kit::crypto::basic_auth;
use crate::protocol::{Flow, FlowResult, HttpMethod, HttpRequest};
use super::*;
use crate::kit::money::iso_currencies;
use crate::protocol::{DeclineType, ErrorKind, Options, PaymentStatus, RefundStatus, UnifiedErrorCode as U};
use serde_json::json;

const NONCE: &str = "fake-valid-nonce";

fn auth() -> Value {
    json!({"publicKey": "pub_test_key", "privateKey": "priv_test_secret", "merchantAccountId": "acme_USD"})
}

fn build(flow: Flow, request: Value) -> Result<HttpRequest, SidecarError> {
    build_with(flow, request, auth(), &Options::default())
}

fn build_with(flow: Flow, request: Value, auth: Value, options: &Options) -> Result<HttpRequest, SidecarError> {
    test_support::build_with(CONNECTOR, flow, request, auth, options)
}

fn parse(flow: Flow, request: Value, status: u16, response: Value) -> FlowResult {
    test_support::parse_with(CONNECTOR, flow, request, &test_support::response(status, response.to_string()), &Options::default()).unwrap()
}

fn authorize_request(capture: &str) -> Value {
    json!({
        "merchantTransactionId": "order-5001",
        "amount": {"minorAmount": 1099, "currency": "USD"},
        "paymentMethod": {"type": "token", "token": {"value": NONCE}},
        "captureMethod": capture,
        "idempotencyKey": "idem-5001",
    })
}

#[test]
fn every_call_is_a_graphql_post_with_basic_auth_and_the_pinned_version() {
    let http = build(Flow::Authorize, authorize_request("automatic")).unwrap();
    assert_eq!(http.method, HttpMethod::POST);
    assert_eq!(http.url, "https://payments.sandbox.braintree-api.com/graphql");
    let authorization = http.headers.iter().find(|h| h.name == "Authorization").unwrap();
    assert_eq!(authorization.value, basic_auth("pub_test_key", "priv_test_secret"));
    assert!(authorization.sensitive);
    let version = http.headers.iter().find(|h| h.name == "Braintree-Version").unwrap();
    assert_eq!((version.value.as_str(), version.sensitive), ("2019-01-01", false));
    let b = http.body.as_ref().unwrap();
    assert_eq!(b.content_type, "application/json");
    assert!(b.sensitive, "the nonce is in the body");
    let production = Options { environment: crate::protocol::Environment::Production, ..Options::default() };
    assert_eq!(build_with(Flow::Psync, json!({"connectorTransactionId": "T1"}), auth(), &production).unwrap().url, "https://payments.braintree-api.com/graphql");
    let local = Options { base_url: Some("http://127.0.0.1:9/braintree/".into()), ..Options::default() };
    assert_eq!(build_with(Flow::Psync, json!({"connectorTransactionId": "T1"}), auth(), &local).unwrap().url, "http://127.0.0.1:9/braintree/graphql");
}

#[test]
fn automatic_charges_and_manual_authorizes() {
    let b = body(&build(Flow::Authorize, authorize_request("automatic")).unwrap());
    assert!(b["query"].as_str().unwrap().starts_with("mutation ChargePaymentMethod("));
    assert_eq!(
        b["variables"],
        json!({"input": {"paymentMethodId": NONCE, "transaction": {"amount": "10.99", "orderId": "order-5001", "merchantAccountId": "acme_USD"}, "apiRequestKey": "idem-5001"}})
    );
    let b = body(&build(Flow::Authorize, authorize_request("manual")).unwrap());
    assert!(b["query"].as_str().unwrap().starts_with("mutation AuthorizePaymentMethod("));
    // No apiRequestKey on authorizePaymentMethod (see the module notes).
    assert_eq!(b["variables"], json!({"input": {"paymentMethodId": NONCE, "transaction": {"amount": "10.99", "orderId": "order-5001", "merchantAccountId": "acme_USD"}}}));
}

#[test]
fn cards_and_other_methods_are_refused_without_echoing_the_number() {
    let mut r = authorize_request("automatic");
    r["paymentMethod"] = json!({"type": "card", "card": {"number": "4111111111111111", "expMonth": "12", "expYear": "2030", "cvc": "123"}});
    let e = build(Flow::Authorize, r).unwrap_err();
    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported);
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.type"));
    assert!(!e.message.contains("4111111111111111"));
    assert!(e.message.contains("nonce"));
    let mut r = authorize_request("automatic");
    r["paymentMethod"] = json!({"type": "upiCollect", "upi": {"vpa": "a@b"}});
    assert_eq!(build(Flow::Authorize, r).unwrap_err().kind, ErrorKind::PaymentMethodNotSupported);
    let mut r = authorize_request("automatic");
    r["setupFutureUsage"] = json!("offSession");
    assert_eq!(build(Flow::Authorize, r).unwrap_err().field.as_deref(), Some("request.setupFutureUsage"));
}

#[test]
fn missing_credentials_are_named_never_echoed() {
    let e = build_with(Flow::Psync, json!({"connectorTransactionId": "T1"}), json!({"publicKey": "pub"}), &Options::default()).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("auth.privateKey")));
    let e = build_with(Flow::Psync, json!({"connectorTransactionId": "T1"}), json!({"publicKey": " ", "privateKey": "priv_x"}), &Options::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("auth.publicKey"));
    assert!(!e.message.contains("priv_x"));
}

#[test]
fn capture_void_refund_psync_rsync_requests() {
    let b = body(&build(Flow::Capture, json!({"connectorTransactionId": "T1", "amountToCapture": {"minorAmount": 600, "currency": "USD"}, "paymentAmount": {"minorAmount": 1000, "currency": "USD"}, "idempotencyKey": "cap-1"})).unwrap());
    assert!(b["query"].as_str().unwrap().starts_with("mutation CaptureTransaction("));
    assert_eq!(b["variables"], json!({"input": {"transactionId": "T1", "transaction": {"amount": "6.00"}, "apiRequestKey": "cap-1"}}));
    let e = build(Flow::Capture, json!({"connectorTransactionId": "T1", "amountToCapture": {"minorAmount": 1001, "currency": "USD"}, "paymentAmount": {"minorAmount": 1000, "currency": "USD"}})).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.amountToCapture.minorAmount"));

    let b = body(&build(Flow::Void, json!({"connectorTransactionId": "T1"})).unwrap());
    assert!(b["query"].as_str().unwrap().contains("voidTransaction(input: $input)"));
    assert!(!b["query"].as_str().unwrap().contains("reverseTransaction"));
    assert_eq!(b["variables"], json!({"input": {"transactionId": "T1"}}));

    let b = body(&build(Flow::Refund, json!({"connectorTransactionId": "T1", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 300, "currency": "USD"}})).unwrap());
    assert_eq!(b["variables"], json!({"input": {"transactionId": "T1", "refund": {"amount": "3.00", "orderId": "rf-1"}, "apiRequestKey": "rf-1"}}));
    let b = body(&build(Flow::Refund, json!({"connectorTransactionId": "T1", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 300, "currency": "USD"}, "idempotencyKey": "k-9"})).unwrap());
    assert_eq!(b["variables"]["input"]["apiRequestKey"], "k-9");

    let b = body(&build(Flow::Psync, json!({"connectorTransactionId": " T1 "})).unwrap());
    assert_eq!(b["variables"], json!({"id": "T1"}));
    assert!(b["query"].as_str().unwrap().contains("node(id: $id)"));
    let b = body(&build(Flow::Rsync, json!({"connectorTransactionId": "T1", "connectorRefundId": "R1"})).unwrap());
    assert_eq!(b["variables"], json!({"id": "R1"}));
    assert!(b["query"].as_str().unwrap().contains("... on Refund"));
}

#[test]
fn mandates_vault_then_charge_the_vaulted_method() {
    let b = body(&build(Flow::SetupMandate, json!({"merchantTransactionId": "m-1", "amount": {"minorAmount": 0, "currency": "USD"}, "paymentMethod": {"type": "token", "token": {"value": NONCE}}, "customer": {"connectorCustomerId": "Y3VzdG9tZXJfMQ"}})).unwrap());
    assert!(b["query"].as_str().unwrap().starts_with("mutation VaultPaymentMethod("));
    assert_eq!(b["variables"], json!({"input": {"paymentMethodId": NONCE, "customerId": "Y3VzdG9tZXJfMQ", "verification": {"merchantAccountId": "acme_USD"}}}));
    let e = build(Flow::SetupMandate, json!({"merchantTransactionId": "m-1", "amount": {"minorAmount": 100, "currency": "USD"}, "paymentMethod": {"type": "token", "token": {"value": NONCE}}})).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.amount.minorAmount"));
    let b = body(&build(Flow::RepeatPayment, json!({"merchantTransactionId": "sub-2", "amount": {"minorAmount": 2500, "currency": "USD"}, "mandateReference": "cGF5bWVudG1ldGhvZF9jY19hYmM", "idempotencyKey": "rp-2"})).unwrap());
    assert!(b["query"].as_str().unwrap().starts_with("mutation ChargePaymentMethod("));
    assert_eq!(b["variables"]["input"]["paymentMethodId"], "cGF5bWVudG1ldGhvZF9jY19hYmM");
    assert_eq!(b["variables"]["input"]["transaction"]["amount"], "25.00");
    assert_eq!(b["variables"]["input"]["apiRequestKey"], "rp-2");
}

#[test]
fn unsupported_flows_say_why() {
    for f in [Flow::CompleteAuthorize, Flow::CreateAccessToken] {
        assert!(CONNECTOR.unsupported_reason(f).is_some(), "{f:?}");
        assert!(!CONNECTOR.supports(f));
        let e = build(f, json!({})).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::FlowNotSupported | ErrorKind::InvalidParams | ErrorKind::MissingRequiredField), "{f:?}: {e:?}");
    }
    assert!(CONNECTOR.supports(Flow::CreateCustomer));
    assert!(CONNECTOR.reads_webhooks());
}

#[test]
fn create_customer_sends_name_email_and_phone() {
    let http = build(Flow::CreateCustomer, json!({"customer": {"id": "shopper-7", "name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 20 7946 0000"}, "idempotencyKey": "k1"})).unwrap();
    assert_eq!(http.url, "https://payments.sandbox.braintree-api.com/graphql");
    assert!(!http.body.as_ref().unwrap().sensitive, "no payment method in it");
    let b = body(&http);
    assert!(b["query"].as_str().unwrap().starts_with("mutation CreateCustomer($input: CreateCustomerInput) { createCustomer(input: $input)"));
    // The whole name as firstName; no id (Braintree assigns it) and no apiRequestKey (not on CreateCustomerInput).
    assert_eq!(b["variables"], json!({"input": {"customer": {"firstName": "Ada Lovelace", "email": "ada@example.com", "phoneNumber": "+44 20 7946 0000"}}}));
    let b = body(&build(Flow::CreateCustomer, json!({"customer": {}})).unwrap());
    assert_eq!(b["variables"], json!({"input": {"customer": {}}}), "Braintree creates a customer without fields");
    let e = build(Flow::CreateCustomer, json!({"customer": {"email": format!("{}@example.com", "a".repeat(250))}})).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.customer.email")));
    let r = parse(Flow::CreateCustomer, json!({"customer": {"email": "ada@example.com"}}), 200, json!({"data": {"createCustomer": {"customer": {"id": "Y3VzdG9tZXJfNjQ5"}}}}));
    match r {
        FlowResult::Customer(c) => assert_eq!(c.connector_customer_id.as_deref(), Some("Y3VzdG9tZXJfNjQ5")),
        other => panic!("not a customer result: {other:?}"),
    }
}

/// Every active ISO 4217 currency: the amount goes out as the exact decimal string of its minor
/// units in that currency's exponent, and Braintree's answer in that form comes back to the same
/// minor units.
#[test]
fn every_iso_currency_is_sent_and_read_back_exactly() {
    for (code, exponent) in iso_currencies() {
        for minor in [1i64, 7, 1099, 123_456_789] {
            let mut r = authorize_request("automatic");
            r["amount"] = json!({"minorAmount": minor, "currency": code});
            let b = body(&build(Flow::Authorize, r.clone()).unwrap());
            let sent = b["variables"]["input"]["transaction"]["amount"].as_str().unwrap().to_string();
            let digits: String = sent.chars().filter(|c| c.is_ascii_digit()).collect();
            assert_eq!(digits.trim_start_matches('0'), minor.to_string(), "{code} {minor} → {sent}");
            let decimals = sent.split_once('.').map(|(_, f)| f.len()).unwrap_or(0);
            assert_eq!(decimals, usize::from(*exponent), "{code} → {sent}");
            let answer = json!({"data": {"chargePaymentMethod": {"transaction": {"id": "T", "status": "SUBMITTED_FOR_SETTLEMENT",
                "amount": {"value": sent, "currencyCode": code}, "statusHistory": []}}}});
            let p = payment(parse(Flow::Authorize, r, 200, answer));
            assert_eq!(p.amount_captured.as_ref().map(|m| (m.minor_amount, m.currency.as_str())), Some((minor, *code)), "{code}");
        }
    }
    let mut r = authorize_request("automatic");
    r["amount"] = json!({"minorAmount": 100, "currency": "ABC"});
    assert_eq!(build(Flow::Authorize, r).unwrap_err().field.as_deref(), Some("request.amount.currency"));
}

fn declined(code: &str, message: &str) -> Value {
    json!({"data": {"chargePaymentMethod": {"transaction": {"id": "dGVzdA", "status": "PROCESSOR_DECLINED",
        "amount": {"value": "10.99", "currencyCode": "USD"},
        "statusHistory": [{"status": "PROCESSOR_DECLINED", "amount": {"value": "10.99", "currencyCode": "USD"},
            "processorResponse": {"legacyCode": code, "message": message}}]}}},
        "extensions": {"requestId": "req-1"}})
}

/// Every authorization response code of the table, read from a Braintree-shaped decline.
#[test]
fn every_processor_code_from_a_declined_transaction() {
    for code in mapping::known_processor_codes() {
        let p = payment(parse(Flow::Authorize, authorize_request("automatic"), 200, declined(code, "Declined by issuer")));
        assert_eq!(p.status, PaymentStatus::Failure, "{code}");
        let e = p.error.unwrap();
        assert_eq!(e.connector_code.as_deref(), Some(code));
        assert_eq!(e.connector_message.as_deref(), Some("Declined by issuer"));
        assert_eq!((e.code, e.decline_type), mapping::processor_code(code), "{code}");
    }
    let e = payment(parse(Flow::Authorize, authorize_request("automatic"), 200, declined("2001", "Insufficient Funds"))).error.unwrap();
    assert_eq!((e.code, e.decline_type), (U::InsufficientFunds, Some(DeclineType::Soft)));
    let e = payment(parse(Flow::Authorize, authorize_request("automatic"), 200, declined("2004", "Expired Card"))).error.unwrap();
    assert_eq!((e.code, e.decline_type), (U::ExpiredCard, Some(DeclineType::Hard)));
}

#[test]
fn every_gateway_rejection_reason() {
    for reason in mapping::known_gateway_rejections() {
        let answer = json!({"data": {"chargePaymentMethod": {"transaction": {"id": "dGVzdA", "status": "GATEWAY_REJECTED",
            "amount": {"value": "10.99", "currencyCode": "USD"},
            "statusHistory": [{"status": "GATEWAY_REJECTED", "gatewayRejectionReason": reason}]}}}});
        let p = payment(parse(Flow::Authorize, authorize_request("automatic"), 200, answer));
        assert_eq!(p.status, PaymentStatus::Failure);
        let e = p.error.unwrap();
        assert_eq!(e.connector_code.as_deref(), Some(reason));
        assert_eq!((e.code, e.decline_type), mapping::gateway_rejection(reason), "{reason}");
    }
}

#[test]
fn every_error_class_from_an_errors_array() {
    for (class, code, unified) in [
        ("AUTHENTICATION", None, U::InvalidCredentials),
        ("AUTHORIZATION", None, U::InvalidCredentials),
        ("NOT_FOUND", None, U::NotFound),
        ("INTERNAL", None, U::ProcessorUnavailable),
        ("UNSUPPORTED_CLIENT", None, U::InvalidRequest),
        ("RESOURCE_LIMIT", None, U::RateLimited),
        ("VALIDATION", Some("91564"), U::DuplicateTransaction),
        ("VALIDATION", Some("81503"), U::InvalidAmount),
        ("VALIDATION", Some("2046"), U::CardDeclined),
    ] {
        let mut ext = json!({"errorClass": class});
        if let Some(c) = code {
            ext["legacyCode"] = json!(c);
        }
        let answer = json!({"data": {"chargePaymentMethod": null}, "errors": [{"message": "Something about the request", "path": ["chargePaymentMethod"], "extensions": ext}], "extensions": {"requestId": "r"}});
        let p = payment(parse(Flow::Authorize, authorize_request("automatic"), 200, answer));
        let e = p.error.unwrap();
        assert_eq!(e.code, unified, "{class} {code:?}");
        assert_eq!(e.connector_message.as_deref(), Some("Something about the request"));
        let expected = if class == "INTERNAL" { PaymentStatus::Unresolved } else { PaymentStatus::Failure };
        assert_eq!(p.status, expected, "{class}");
    }
}

#[test]
fn refund_and_rsync_results() {
    let refund = json!({"connectorTransactionId": "T1", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 300, "currency": "USD"}});
    let answer = json!({"data": {"refundTransaction": {"refund": {"id": "cmVmdW5kXzE", "status": "SUBMITTED_FOR_SETTLEMENT", "orderId": "rf-1",
        "amount": {"value": "3.00", "currencyCode": "USD"}, "statusHistory": []}}}});
    match parse(Flow::Refund, refund, 200, answer) {
        FlowResult::Refund(r) => {
            assert_eq!(r.status, RefundStatus::Pending);
            assert_eq!(r.connector_refund_id.as_deref(), Some("cmVmdW5kXzE"));
            assert_eq!(r.refund_amount.unwrap().minor_amount, 300);
        }
        other => panic!("{other:?}"),
    }
    let answer = json!({"data": {"node": {"__typename": "Refund", "id": "cmVmdW5kXzE", "status": "SETTLED", "amount": {"value": "3.00", "currencyCode": "USD"}, "statusHistory": []}}});
    match parse(Flow::Rsync, json!({"connectorTransactionId": "T1", "connectorRefundId": "cmVmdW5kXzE"}), 200, answer) {
        FlowResult::Refund(r) => assert_eq!(r.status, RefundStatus::Success),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_partial_capture_reports_the_amount_captured() {
    let answer = json!({"data": {"captureTransaction": {"transaction": {"id": "T1", "status": "SUBMITTED_FOR_SETTLEMENT", "amount": {"value": "6.00", "currencyCode": "USD"}, "statusHistory": []}}}});
    let p = payment(parse(Flow::Capture, json!({"connectorTransactionId": "T1", "amountToCapture": {"minorAmount": 600, "currency": "USD"}}), 200, answer));
    assert_eq!(p.status, PaymentStatus::Charged);
    assert_eq!(p.amount_captured.unwrap().minor_amount, 600);
    let answer = json!({"data": {"voidTransaction": {"transaction": {"id": "T1", "status": "VOIDED", "amount": {"value": "10.00", "currencyCode": "USD"}, "statusHistory": []}}}});
    let p = payment(parse(Flow::Void, json!({"connectorTransactionId": "T1"}), 200, answer));
    assert_eq!(p.status, PaymentStatus::Voided);
    assert!(p.amount_captured.is_none());
}

#[test]
fn risk_data_descriptor_customer_details_and_shipping_go_with_the_transaction() {
    let mut r = authorize_request("manual");
    r["browserInfo"] = json!({"ipAddress": "203.0.113.7", "userAgent": "Mozilla/5.0"});
    r["state"] = json!({"deviceData": "{\"correlation_id\":\"c0ffee\"}"});
    r["statementDescriptor"] = json!("ACM*WIDGETS");
    r["customer"] = json!({"email": "jane@example.com", "phone": "+1 555 0100"});
    r["shippingAddress"] = json!({"firstName": "John", "lastName": "Roe", "line1": "2 Mission St", "line2": "Apt 4", "city": "San Francisco", "state": "CA", "postalCode": "94105", "country": "us"});
    let tx = body(&build(Flow::Authorize, r).unwrap())["variables"]["input"]["transaction"].clone();
    assert_eq!(tx["riskData"], json!({"customerBrowser": "Mozilla/5.0", "customerIp": "203.0.113.7", "deviceData": "{\"correlation_id\":\"c0ffee\"}"}));
    assert_eq!(tx["descriptor"], json!({"name": "ACM*WIDGETS"}));
    assert_eq!(tx["customerDetails"], json!({"email": "jane@example.com", "phoneNumber": "+1 555 0100"}));
    assert_eq!(
        tx["shipping"],
        json!({"shippingAddress": {"firstName": "John", "lastName": "Roe", "addressLine1": "2 Mission St", "addressLine2": "Apt 4", "adminArea2": "San Francisco", "adminArea1": "CA", "postalCode": "94105", "countryCode": "US"}})
    );
    let plain = body(&build(Flow::Authorize, authorize_request("manual")).unwrap())["variables"]["input"]["transaction"].clone();
    for absent in ["riskData", "descriptor", "customerDetails", "shipping"] {
        assert!(plain.get(absent).is_none(), "{absent}");
    }
    // setupMandate's vault call takes riskData; repeatPayment the descriptor.
    let setup = json!({"merchantTransactionId": "s-1", "amount": {"minorAmount": 0, "currency": "USD"}, "paymentMethod": {"type": "token", "token": {"value": NONCE}}, "browserInfo": {"ipAddress": "2001:db8::7"}});
    assert_eq!(body(&build(Flow::SetupMandate, setup).unwrap())["variables"]["input"]["riskData"], json!({"customerIp": "2001:db8::7"}));
    let repeat = json!({"merchantTransactionId": "r-1", "amount": {"minorAmount": 500, "currency": "USD"}, "mandateReference": "cGF5bWVudG1ldGhvZF9jY18x", "statementDescriptor": "ACMEINC*MONTHLY"});
    assert_eq!(body(&build(Flow::RepeatPayment, repeat).unwrap())["variables"]["input"]["transaction"]["descriptor"]["name"], "ACMEINC*MONTHLY");
}

#[test]
fn descriptor_rules_and_a_bad_ip_are_refused_naming_the_field() {
    // Company part 3, 7 or 12 characters, then `*`, 22 in all.
    for ok in ["ACM*WIDGETS", "ACMEINC*WIDGETS", "ACMEWIDGETSX*SPRING", "ACM*ABCDEFGHIJKLMNOPQR"] {
        let mut r = authorize_request("manual");
        r["statementDescriptor"] = json!(ok);
        assert!(build(Flow::Authorize, r).is_ok(), "{ok}");
    }
    for bad in ["ACME WIDGETS", "ACME*WIDGETS", "AC*WIDGETS", "ACM*ABCDEFGHIJKLMNOPQRS", "ACM*", "ACM*WID*GETS"] {
        let mut r = authorize_request("manual");
        r["statementDescriptor"] = json!(bad);
        let e = build(Flow::Authorize, r).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.statementDescriptor")), "{bad}");
    }
    let mut r = authorize_request("manual");
    r["browserInfo"] = json!({"ipAddress": "localhost"});
    let e = build(Flow::Authorize, r).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.browserInfo.ipAddress")));
    let mut r = authorize_request("manual");
    r["shippingAddress"] = json!({"country": "USA"});
    assert_eq!(build(Flow::Authorize, r).unwrap_err().field.as_deref(), Some("request.shippingAddress.country"));
}

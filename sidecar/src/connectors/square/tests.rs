//! Square connector tests: request building per flow, idempotency keys, money over every ISO
//! currency, webhooks (signature computed independently), and the spec oracle (every ErrorCode,
//! every documented example response and event).

use crate::connectors::Context;
use crate::protocol::{Flow, FlowRequest, FlowResult, HttpMethod, HttpRequest, HttpResponse, IncomingWebhook, WebhookResult};
use super::*;
use super::flows::square_idempotency_key;
use crate::connectors::test_support::{self, body};
use crate::protocol::{
    CustomerStatus, ErrorKind, Options, PaymentResult, PaymentStatus, RefundStatus, ResponseHeader, UnifiedErrorCode as U,
    WebhookEventKind,
};
use serde_json::json;

const TOKEN: &str = "EAAAl_test_vector_token";
const NONCE: &str = "cnon:card-nonce-ok";

fn auth() -> Value {
    json!({"accessToken": TOKEN, "locationId": "L88917AVBK2S5"})
}

fn ctx_with(options: &Options) -> Context<'_> {
    test_support::ctx(CONNECTOR, options)
}

fn build(flow: Flow, request: Value) -> Result<HttpRequest, SidecarError> {
    build_with(flow, request, &Options::default())
}

fn build_with(flow: Flow, request: Value, options: &Options) -> Result<HttpRequest, SidecarError> {
    test_support::build_with(CONNECTOR, flow, request, auth(), options)
}

fn header<'a>(http: &'a HttpRequest, name: &str) -> &'a crate::protocol::HttpHeader {
    test_support::header(http, name).unwrap_or_else(|| panic!("no {name} header"))
}

fn authorize_request() -> Value {
    json!({
        "merchantTransactionId": "order-3001",
        "amount": {"minorAmount": 1099, "currency": "USD"},
        "paymentMethod": {"type": "token", "token": {"value": NONCE}},
        "idempotencyKey": "idem-3001",
    })
}

fn response(status: u16, body: &str) -> HttpResponse {
    test_support::response(status, body)
}

#[test]
fn authorize_is_a_create_payment_with_the_token_and_the_key_in_the_body() {
    let mut r = authorize_request();
    r["captureMethod"] = json!("manual");
    r["description"] = json!("Order 3001");
    r["statementDescriptor"] = json!("ORDER3001");
    r["customer"] = json!({"connectorCustomerId": "W92WH6P11H4Z77CTET0RNTGFW8", "email": "jane@example.com", "phone": "+1 555"});
    r["billingAddress"] = json!({"line1": "500 Electric Ave", "city": "New York", "state": "NY", "postalCode": "10003", "country": "US"});
    r["metadata"] = json!({"cart": "7"});
    let http = build(Flow::Authorize, r).unwrap();
    assert_eq!(http.method, HttpMethod::POST);
    assert_eq!(http.url, "https://connect.squareupsandbox.com/v2/payments");
    let a = header(&http, "Authorization");
    assert_eq!((a.value.as_str(), a.sensitive), (format!("Bearer {TOKEN}").as_str(), true));
    let v = header(&http, "Square-Version");
    assert_eq!((v.value.as_str(), v.sensitive), ("2025-08-20", false));
    assert!(http.body.as_ref().unwrap().sensitive, "the body carries the payment token");
    assert_eq!(http.body.as_ref().unwrap().content_type, "application/json");
    assert_eq!(
        body(&http),
        json!({
            "idempotency_key": "idem-3001",
            "source_id": NONCE,
            "amount_money": {"amount": 1099, "currency": "USD"},
            "autocomplete": false,
            "customer_id": "W92WH6P11H4Z77CTET0RNTGFW8",
            "location_id": "L88917AVBK2S5",
            "reference_id": "order-3001",
            "note": "Order 3001",
            "statement_description_identifier": "ORDER3001",
            "buyer_email_address": "jane@example.com",
            "billing_address": {"address_line_1": "500 Electric Ave", "locality": "New York",
                                "administrative_district_level_1": "NY", "postal_code": "10003", "country": "US"}
        })
    );
    // Automatic capture is sent explicitly, not left to Square's default.
    let http = build(Flow::Authorize, authorize_request()).unwrap();
    assert_eq!(body(&http)["autocomplete"], json!(true));
}

#[test]
fn card_and_other_methods_are_refused_with_the_reason() {
    let mut r = authorize_request();
    r["paymentMethod"] = json!({"type": "card", "card": {"number": "4111111111111111", "expMonth": "12", "expYear": "2030", "cvc": "111"}});
    let e = build(Flow::Authorize, r).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::PaymentMethodNotSupported, Some("request.paymentMethod.type")));
    assert!(e.message.contains("Web Payments SDK"), "{}", e.message);
    assert!(!e.message.contains("4111111111111111"));
    let mut r = authorize_request();
    r["paymentMethod"] = json!({"type": "upiCollect", "upi": {"vpa": "a@b"}});
    assert_eq!(build(Flow::Authorize, r).unwrap_err().kind, ErrorKind::PaymentMethodNotSupported);
}

#[test]
fn authorize_refuses_what_square_cannot_take() {
    let cases = [
        ("idempotencyKey", Value::Null, ErrorKind::MissingRequiredField, "request.idempotencyKey"),
        ("idempotencyKey", json!("  "), ErrorKind::MissingRequiredField, "request.idempotencyKey"),
        ("merchantTransactionId", json!("x".repeat(41)), ErrorKind::InvalidFieldValue, "request.merchantTransactionId"),
        ("statementDescriptor", json!("x".repeat(21)), ErrorKind::InvalidFieldValue, "request.statementDescriptor"),
        ("description", json!("x".repeat(501)), ErrorKind::InvalidFieldValue, "request.description"),
        ("setupFutureUsage", json!("offSession"), ErrorKind::InvalidFieldValue, "request.setupFutureUsage"),
        ("amount", json!({"minorAmount": 100, "currency": "INR"}), ErrorKind::InvalidFieldValue, "request.amount.currency"),
        (
            "paymentMethod",
            json!({"type": "token", "token": {"value": "ccof:uIbfJXhXETSP197M3GB"}}),
            ErrorKind::MissingRequiredField,
            "request.customer.connectorCustomerId",
        ),
    ];
    for (key, value, kind, field) in cases {
        let mut r = authorize_request();
        if value.is_null() {
            r.as_object_mut().unwrap().remove(key);
        } else {
            r[key] = value;
        }
        let e = build(Flow::Authorize, r).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (kind, Some(field)), "{key}: {}", e.message);
    }
}

#[test]
fn idempotency_keys_fit_squares_45_bytes_and_are_stable() {
    assert_eq!(square_idempotency_key("order-1"), "order-1");
    let exactly = "k".repeat(45);
    assert_eq!(square_idempotency_key(&exactly), exactly);
    let long = format!("checkout:{}", "9".repeat(60));
    let derived = square_idempotency_key(&long);
    assert_eq!(derived.len(), 45);
    assert!(derived.starts_with("sha256-"));
    assert_eq!(derived, square_idempotency_key(&long), "the same key must give the same Square key");
    assert_ne!(derived, square_idempotency_key(&format!("{long}x")));
    // Multi-byte: 16 × 3 bytes = 48 bytes > 45, though 16 characters.
    assert_eq!(square_idempotency_key(&"€".repeat(16)).len(), 45);
    let mut r = authorize_request();
    r["idempotencyKey"] = json!(long);
    assert_eq!(body(&build(Flow::Authorize, r).unwrap())["idempotency_key"], json!(derived));
}

/// Every active ISO 4217 currency (all of AAA..ZZZ that kit::money knows): Square's six are sent
/// exactly in ISO minor units; every other is refused naming `request.amount.currency`.
#[test]
fn every_iso_currency_is_exact_or_refused() {
    let mut accepted = Vec::new();
    let mut refused = 0;
    for a in b'A'..=b'Z' {
        for b in b'A'..=b'Z' {
            for c in b'A'..=b'Z' {
                let code = String::from_utf8(vec![a, b, c]).unwrap();
                let Some(exponent) = crate::kit::money::iso_exponent(&code) else { continue };
                let minor = 123_456_789i64;
                let mut r = authorize_request();
                r["amount"] = json!({"minorAmount": minor, "currency": code});
                match build(Flow::Authorize, r) {
                    Ok(http) => {
                        assert_eq!(body(&http)["amount_money"], json!({"amount": minor, "currency": code}), "{code}");
                        // And back: a response amount is the same ISO amount.
                        let money = responses::SquareMoney { amount: Some(minor), currency: Some(code.clone()) };
                        assert_eq!(money.to_unified().unwrap().minor_amount, minor, "{code}");
                        accepted.push((code, exponent));
                    }
                    Err(e) => {
                        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.amount.currency")), "{code}");
                        refused += 1;
                    }
                }
            }
        }
    }
    let names: Vec<&str> = accepted.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(names, ["AUD", "CAD", "EUR", "GBP", "JPY", "USD"]);
    assert!(accepted.contains(&("JPY".to_string(), 0)), "JPY is zero-decimal at Square as in ISO");
    assert!(refused > 150, "only {refused} currencies refused: is the ISO table there?");
}

#[test]
fn psync_void_rsync_are_bodiless_calls_on_the_id() {
    let http = build(Flow::Psync, json!({"connectorTransactionId": "R2B3Z8WMVt3EAmzYWLZvz7Y69EbZY"})).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::GET, "https://connect.squareupsandbox.com/v2/payments/R2B3Z8WMVt3EAmzYWLZvz7Y69EbZY"));
    assert!(http.body.is_none());
    let http = build(Flow::Void, json!({"connectorTransactionId": "P1"})).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::POST, "https://connect.squareupsandbox.com/v2/payments/P1/cancel"));
    assert!(http.body.is_none());
    let http = build(Flow::Rsync, json!({"connectorTransactionId": "P1", "connectorRefundId": "P1_refund/1"})).unwrap();
    assert_eq!(http.url, "https://connect.squareupsandbox.com/v2/refunds/P1_refund%2F1");
    for id in [".", ".."] {
        let e = build(Flow::Psync, json!({"connectorTransactionId": id})).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.connectorTransactionId"));
    }
}

#[test]
fn capture_is_all_or_refused() {
    let full = json!({"connectorTransactionId": "P1", "amountToCapture": {"minorAmount": 1000, "currency": "USD"},
                      "paymentAmount": {"minorAmount": 1000, "currency": "USD"}});
    let http = build(Flow::Capture, full).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::POST, "https://connect.squareupsandbox.com/v2/payments/P1/complete"));
    assert_eq!(http.body.as_ref().unwrap().data, "{}");
    let partial = json!({"connectorTransactionId": "P1", "amountToCapture": {"minorAmount": 600, "currency": "USD"},
                         "paymentAmount": {"minorAmount": 1000, "currency": "USD"}});
    let e = build(Flow::Capture, partial).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.amountToCapture.minorAmount")));
    assert!(e.message.contains("cannot capture part"), "{}", e.message);
    let unknown = json!({"connectorTransactionId": "P1", "amountToCapture": {"minorAmount": 1000, "currency": "USD"}});
    let e = build(Flow::Capture, unknown).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.paymentAmount")));
}

#[test]
fn refund_key_is_the_callers_or_the_merchant_refund_id() {
    let r = json!({"connectorTransactionId": "P1", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 300, "currency": "GBP"},
                   "reason": "damaged", "idempotencyKey": "idem-rf-1"});
    let http = build(Flow::Refund, r.clone()).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::POST, "https://connect.squareupsandbox.com/v2/refunds"));
    assert_eq!(
        body(&http),
        json!({"idempotency_key": "idem-rf-1", "amount_money": {"amount": 300, "currency": "GBP"}, "payment_id": "P1", "reason": "damaged"})
    );
    let mut without = r;
    without.as_object_mut().unwrap().remove("idempotencyKey");
    assert_eq!(body(&build(Flow::Refund, without).unwrap())["idempotency_key"], json!("rf-1"));
}

#[test]
fn customer_card_on_file_and_repeat_payment() {
    let http = build(
        Flow::CreateCustomer,
        json!({"customer": {"id": "shopper-42", "name": "Amelia Earhart", "email": "amelia@example.com"}, "idempotencyKey": "op-9"}),
    )
    .unwrap();
    assert_eq!(http.url, "https://connect.squareupsandbox.com/v2/customers");
    assert_eq!(
        body(&http),
        json!({"idempotency_key": "op-9:customer", "given_name": "Amelia Earhart", "email_address": "amelia@example.com", "reference_id": "shopper-42"})
    );
    let e = build(Flow::CreateCustomer, json!({"customer": {"id": "only-an-id"}})).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingRequiredField);

    let mandate = json!({"merchantTransactionId": "m-1", "amount": {"minorAmount": 100, "currency": "USD"},
                         "paymentMethod": {"type": "token", "token": {"value": NONCE}},
                         "customer": {"id": "shopper-42", "connectorCustomerId": "C1"}, "idempotencyKey": "op-9"});
    let http = build(Flow::SetupMandate, mandate.clone()).unwrap();
    assert_eq!(http.url, "https://connect.squareupsandbox.com/v2/cards");
    assert!(http.body.as_ref().unwrap().sensitive);
    assert_eq!(body(&http), json!({"idempotency_key": "op-9", "source_id": NONCE, "card": {"customer_id": "C1", "reference_id": "shopper-42"}}));
    let mut no_customer = mandate.clone();
    no_customer.as_object_mut().unwrap().remove("customer");
    let e = build(Flow::SetupMandate, no_customer).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.customer.connectorCustomerId"));
    let mut no_key = mandate;
    no_key.as_object_mut().unwrap().remove("idempotencyKey");
    assert_eq!(build(Flow::SetupMandate, no_key).unwrap_err().field.as_deref(), Some("request.idempotencyKey"));

    let repeat = json!({"merchantTransactionId": "sub-2", "amount": {"minorAmount": 500, "currency": "USD"},
                        "mandateReference": "ccof:uIbfJXhXETSP197M3GB", "customer": {"connectorCustomerId": "C1"},
                        "idempotencyKey": "sub-2-try"});
    let http = build(Flow::RepeatPayment, repeat.clone()).unwrap();
    assert_eq!(
        body(&http),
        json!({"idempotency_key": "sub-2-try", "source_id": "ccof:uIbfJXhXETSP197M3GB", "amount_money": {"amount": 500, "currency": "USD"},
               "autocomplete": true, "customer_id": "C1", "location_id": "L88917AVBK2S5", "reference_id": "sub-2"})
    );
    let mut no_customer = repeat;
    no_customer.as_object_mut().unwrap().remove("customer");
    assert_eq!(build(Flow::RepeatPayment, no_customer).unwrap_err().field.as_deref(), Some("request.customer.connectorCustomerId"));
}

#[test]
fn environments_and_base_url_override() {
    let prod = Options { environment: crate::protocol::Environment::Production, ..Options::default() };
    assert_eq!(build_with(Flow::Psync, json!({"connectorTransactionId": "P1"}), &prod).unwrap().url, "https://connect.squareup.com/v2/payments/P1");
    let local = Options { base_url: Some("http://127.0.0.1:4010/square/".into()), ..Options::default() };
    assert_eq!(build_with(Flow::Psync, json!({"connectorTransactionId": "P1"}), &local).unwrap().url, "http://127.0.0.1:4010/square/v2/payments/P1");
}

#[test]
fn credentials_are_required_and_never_echoed() {
    let req = FlowRequest::decode(Flow::Authorize, authorize_request()).unwrap();
    let opts = Options::default();
    let e = CONNECTOR.build_request(&req, json!({}), &ctx_with(&opts)).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("auth.accessToken")));
    let e = CONNECTOR.build_request(&req, json!({"accessToken": " "}), &ctx_with(&opts)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("auth.accessToken"));
    let e = CONNECTOR.build_request(&req, json!({"accessToken": TOKEN, "apiKey": "EAAA_other_secret"}), &ctx_with(&opts)).unwrap_err();
    for text in [e.message.clone(), e.to_data().to_string()] {
        assert!(!text.contains("EAAA"), "{text}");
    }
    // Without locationId, Square uses the seller's main location: nothing is sent.
    let http = CONNECTOR.build_request(&req, json!({"accessToken": TOKEN}), &ctx_with(&opts)).unwrap();
    assert!(body(&http).get("location_id").is_none());
}

#[test]
fn unsupported_flows_say_why() {
    let opts = Options::default();
    let req = FlowRequest::decode(Flow::CompleteAuthorize, json!({"connectorTransactionId": "P1"})).unwrap();
    let e = CONNECTOR.build_request(&req, auth(), &ctx_with(&opts)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::FlowNotSupported);
    assert!(e.message.contains("Web Payments SDK"), "{}", e.message);
    let e = CONNECTOR.parse_response(&req, &response(200, "{}"), &ctx_with(&opts)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::FlowNotSupported);
}

#[test]
fn responses_are_read_per_flow() {
    let opts = Options::default();
    let parse = |flow: Flow, request: Value, status: u16, body: Value| {
        let req = FlowRequest::decode(flow, request).unwrap();
        CONNECTOR.parse_response(&req, &response(status, &body.to_string()), &ctx_with(&opts)).unwrap()
    };
    let pay = |r: FlowResult| match r {
        FlowResult::Payment(p) => p,
        other => panic!("not a payment result: {other:?}"),
    };
    let p = pay(parse(Flow::Authorize, authorize_request(), 200, json!({"payment": {"id": "P1", "status": "APPROVED"}})));
    assert_eq!(p.status, PaymentStatus::Authorized);
    let capture = json!({"connectorTransactionId": "P1", "amountToCapture": {"minorAmount": 1000, "currency": "USD"},
                         "paymentAmount": {"minorAmount": 1000, "currency": "USD"}});
    let p = pay(parse(Flow::Capture, capture, 400, json!({"errors": [{"code": "DELAYED_TRANSACTION_CAPTURED", "category": "INVALID_REQUEST_ERROR"}]})));
    assert_eq!((p.status, p.connector_transaction_id.as_deref()), (PaymentStatus::Charged, Some("P1")));
    match parse(Flow::Rsync, json!({"connectorTransactionId": "P1", "connectorRefundId": "R1"}), 200, json!({"refund": {"id": "R1", "status": "COMPLETED"}})) {
        FlowResult::Refund(r) => assert_eq!(r.status, RefundStatus::Success),
        other => panic!("{other:?}"),
    }
    match parse(Flow::CreateCustomer, json!({"customer": {"name": "A"}}), 200, json!({"customer": {"id": "C1"}})) {
        FlowResult::Customer(c) => assert_eq!(c.status, CustomerStatus::Success),
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Webhooks

const SIGNATURE_KEY: &str = "asdf1234";
const NOTIFICATION_URL: &str = "https://shop.example/webhooks/square";

/// Square's algorithm written out again with the hmac and base64 crates directly, so that a bug in
/// the connector's `signature` cannot hide in both.
fn independent_signature(key: &str, url: &str, body: &str) -> String {
    use base64::Engine;
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(url.as_bytes());
    mac.update(body.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn webhook(body: &str, signature: Option<&str>, url: Option<&str>) -> IncomingWebhook {
    IncomingWebhook {
        headers: signature
            .map(|s| vec![ResponseHeader { name: "X-Square-HmacSha256-Signature".into(), value: s.into() }])
            .unwrap_or_default(),
        body: body.to_string(),
        secret: Secret::new(SIGNATURE_KEY),
        url: url.map(str::to_string),
    }
}

fn parse_webhook(w: &IncomingWebhook) -> Result<WebhookResult, SidecarError> {
    let opts = Options::default();
    test_support::read_webhook(CONNECTOR, w, None, &opts)
}

#[test]
fn webhook_signature_covers_url_and_body() {
    let body = r#"{"merchant_id":"6SSW7HV8K2ST5","type":"payment.updated","event_id":"e1","created_at":"2020-02-06T21:27:34.308Z","data":{"type":"payment","id":"P1","object":{"payment":{"id":"P1","status":"APPROVED","reference_id":"order-3001","amount_money":{"amount":1099,"currency":"USD"}}}}}"#;
    let good = independent_signature(SIGNATURE_KEY, NOTIFICATION_URL, body);
    assert_eq!(webhooks::signature(SIGNATURE_KEY, NOTIFICATION_URL, body), good);
    let r = parse_webhook(&webhook(body, Some(&good), Some(NOTIFICATION_URL))).unwrap();
    assert!(r.verified, "{:?}", r.reason);
    assert_eq!(r.acknowledgement.status, 200);
    let e = &r.events[0];
    assert_eq!((e.kind, e.event_type.as_str()), (WebhookEventKind::Payment, "payment.updated"));
    assert_eq!(e.payment_status, Some(PaymentStatus::Authorized));
    assert_eq!(e.connector_transaction_id.as_deref(), Some("P1"));
    assert_eq!(e.merchant_transaction_id.as_deref(), Some("order-3001"));
    assert_eq!(e.connector_event_id.as_deref(), Some("e1"));
    assert_eq!(e.amount.as_ref().map(|m| m.minor_amount), Some(1099));

    // Another URL, a changed body, another key: refused, never an error, and the reason quotes
    // neither the key nor the signature.
    for (w, what) in [
        (webhook(body, Some(&good), Some("https://shop.example/webhooks/square/")), "url"),
        (webhook(&body.replace("1099", "1"), Some(&good), Some(NOTIFICATION_URL)), "body"),
        (webhook(body, Some(&independent_signature("other", NOTIFICATION_URL, body)), Some(NOTIFICATION_URL)), "key"),
        (webhook(body, None, Some(NOTIFICATION_URL)), "no header"),
    ] {
        let r = parse_webhook(&w).unwrap();
        assert!(!r.verified, "{what}");
        assert!(r.events.is_empty(), "{what}");
        assert_eq!(r.acknowledgement.status, 401, "{what}");
        let reason = r.reason.unwrap();
        assert!(!reason.contains(SIGNATURE_KEY) && !reason.contains(&good), "{what}: {reason}");
    }
    // The URL is required: without it nothing can be verified.
    let e = parse_webhook(&webhook(body, Some(&good), None)).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("url")));
    // The legacy SHA-1 header alone is named as such.
    let mut legacy = webhook(body, None, Some(NOTIFICATION_URL));
    legacy.headers.push(ResponseHeader { name: "x-square-signature".into(), value: "abc".into() });
    assert!(parse_webhook(&legacy).unwrap().reason.unwrap().contains("legacy"));
    // Signed, but not JSON: an error naming the body.
    let garbage = "not json";
    let signed = independent_signature(SIGNATURE_KEY, NOTIFICATION_URL, garbage);
    let e = parse_webhook(&webhook(garbage, Some(&signed), Some(NOTIFICATION_URL))).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("body"));
}

#[test]
fn webhook_event_families() {
    let sign = |body: &str| webhook(body, Some(&independent_signature(SIGNATURE_KEY, NOTIFICATION_URL, body)), Some(NOTIFICATION_URL));
    let one = |body: Value| parse_webhook(&sign(&body.to_string())).unwrap().events.remove(0);
    let e = one(json!({"type": "refund.updated", "event_id": "e2", "data": {"type": "refund", "id": "R1",
                       "object": {"refund": {"id": "R1", "status": "COMPLETED", "payment_id": "P1", "amount_money": {"amount": 300, "currency": "JPY"}}}}}));
    assert_eq!((e.kind, e.refund_status), (WebhookEventKind::Refund, Some(RefundStatus::Success)));
    assert_eq!((e.connector_refund_id.as_deref(), e.connector_transaction_id.as_deref()), (Some("R1"), Some("P1")));
    assert_eq!(e.amount.unwrap().minor_amount, 300);
    let e = one(json!({"type": "payment.updated", "data": {"id": "P4", "object": {"payment": {"id": "P4", "status": "FAILED",
                       "card_details": {"status": "FAILED", "errors": [{"code": "GENERIC_DECLINE", "category": "PAYMENT_METHOD_ERROR"}]}}}}}));
    assert_eq!(e.payment_status, Some(PaymentStatus::Failure));
    assert_eq!(e.error.unwrap().code, U::CardDeclined);
    let e = one(json!({"type": "card.disabled", "data": {"type": "card", "id": "ccof:abc"}}));
    assert_eq!((e.kind, e.mandate_reference.as_deref()), (WebhookEventKind::Mandate, Some("ccof:abc")));
    assert_eq!(one(json!({"type": "dispute.created", "data": {"id": "D1"}})).kind, WebhookEventKind::Dispute);
    assert_eq!(one(json!({"type": "customer.created", "data": {"id": "C1"}})).kind, WebhookEventKind::Other);
}

// ---------------------------------------------------------------------------------------------
// The spec oracle: oracles/square/api.json

fn square_spec() -> Value {
    crate::oracles::json("square/api.json")
}

fn enum_names(spec: &Value, schema: &str) -> Vec<String> {
    spec["components"]["schemas"][schema]["x-enum-elements"]
        .as_array()
        .unwrap_or_else(|| panic!("{schema} has no x-enum-elements"))
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_error_code_and_category_of_the_spec_is_mapped() {
    let spec = square_spec();
    let codes = enum_names(&spec, "ErrorCode");
    assert_eq!(codes.len(), 153, "the 2025-08-20 spec has 153 ErrorCodes");
    let known: std::collections::BTreeSet<&str> = mapping::known_error_codes().collect();
    for c in &codes {
        assert!(known.contains(c.as_str()), "ErrorCode {c} has no mapping");
    }
    for k in &known {
        assert!(codes.iter().any(|c| c == k), "mapping has {k}, which the spec does not define");
    }
    let categories = enum_names(&spec, "ErrorCategory");
    let known: Vec<&str> = mapping::known_categories().collect();
    assert_eq!(categories.len(), known.len());
    for c in &categories {
        assert!(known.contains(&c.as_str()), "ErrorCategory {c} has no default");
    }
}

#[test]
fn statuses_named_by_the_spec_are_the_ones_mapped() {
    let spec = square_spec();
    let schemas = &spec["components"]["schemas"];
    let payment = schemas["Payment"]["properties"]["status"]["description"].as_str().unwrap();
    for s in mapping::known_payment_statuses() {
        assert!(payment.contains(s), "Payment.status does not name {s}: {payment}");
    }
    for s in ["APPROVED", "PENDING", "COMPLETED", "CANCELED", "FAILED"] {
        assert!(mapping::known_payment_statuses().any(|k| k == s), "{s} not mapped");
    }
    let refund = schemas["PaymentRefund"]["properties"]["status"]["description"].as_str().unwrap();
    for s in mapping::known_refund_statuses() {
        assert!(refund.contains(&format!("`{s}`")), "PaymentRefund.status does not name {s}: {refund}");
    }
}

/// Each documented example response, read by the flow that receives it.
#[test]
fn spec_example_responses_map() {
    let spec = square_spec();
    let example = |name: &str| spec["components"]["schemas"][name]["example"].to_string();
    let opts = Options::default();
    let payment_of = |flow: Flow, request: Value, schema: &str| -> PaymentResult {
        let req = FlowRequest::decode(flow, request).unwrap();
        match CONNECTOR.parse_response(&req, &response(200, &example(schema)), &ctx_with(&opts)).unwrap() {
            FlowResult::Payment(p) => p,
            other => panic!("{schema}: {other:?}"),
        }
    };
    let id = |s: &str| json!({"connectorTransactionId": s});
    let created = payment_of(Flow::Authorize, authorize_request(), "CreatePaymentResponse");
    assert_eq!(created.status, PaymentStatus::Charged);
    assert_eq!(created.connector_transaction_id.as_deref(), Some("R2B3Z8WMVt3EAmzYWLZvz7Y69EbZY"));
    assert_eq!(created.amount_captured.as_ref().map(|m| (m.minor_amount, m.currency.as_str())), Some((1000, "USD")));
    assert_eq!(created.connector_customer_id.as_deref(), Some("W92WH6P11H4Z77CTET0RNTGFW8"));
    let got = payment_of(Flow::Psync, id("bP9mAsEMYPUGjjGNaNO5ZDVyLhSZY"), "GetPaymentResponse");
    assert_eq!((got.status, got.amount_captured.map(|m| m.minor_amount)), (PaymentStatus::Charged, Some(555)));
    let capture = json!({"connectorTransactionId": "bP9mAsEMYPUGjjGNaNO5ZDVyLhSZY", "amountToCapture": {"minorAmount": 555, "currency": "USD"},
                         "paymentAmount": {"minorAmount": 555, "currency": "USD"}});
    assert_eq!(payment_of(Flow::Capture, capture, "CompletePaymentResponse").status, PaymentStatus::Charged);
    let canceled = payment_of(Flow::Void, id("1QjqpBVyrI9S4H9sTGDWU9JeiWdZY"), "CancelPaymentResponse");
    assert_eq!((canceled.status, canceled.amount_captured), (PaymentStatus::Voided, None));

    let refund_of = |flow: Flow, request: Value, schema: &str| {
        let req = FlowRequest::decode(flow, request).unwrap();
        match CONNECTOR.parse_response(&req, &response(200, &example(schema)), &ctx_with(&opts)).unwrap() {
            FlowResult::Refund(r) => r,
            other => panic!("{schema}: {other:?}"),
        }
    };
    let refund = json!({"connectorTransactionId": "R2B3Z8WMVt3EAmzYWLZvz7Y69EbZY", "merchantRefundId": "rf", "refundAmount": {"minorAmount": 1000, "currency": "USD"}});
    let r = refund_of(Flow::Refund, refund, "RefundPaymentResponse");
    assert_eq!((r.status, r.refund_amount.map(|m| m.minor_amount)), (RefundStatus::Pending, Some(1000)));
    assert_eq!(r.connector_refund_id.as_deref(), Some("R2B3Z8WMVt3EAmzYWLZvz7Y69EbZY_KlWP8IC1557ddwc9QWTKrCVU6m0JXDz15R2Qym5eQfR"));
    let r = refund_of(Flow::Rsync, json!({"connectorTransactionId": "bP9m", "connectorRefundId": "x"}), "GetPaymentRefundResponse");
    assert_eq!((r.status, r.refund_amount.map(|m| m.minor_amount)), (RefundStatus::Success, Some(555)));

    let req = FlowRequest::decode(Flow::CreateCustomer, json!({"customer": {"name": "Amelia"}})).unwrap();
    match CONNECTOR.parse_response(&req, &response(200, &example("CreateCustomerResponse")), &ctx_with(&opts)).unwrap() {
        FlowResult::Customer(c) => assert_eq!(c.connector_customer_id.as_deref(), Some("JDKYHBWT1D4F8MFH63DBMEN8Y4")),
        other => panic!("{other:?}"),
    }
    let mandate = json!({"merchantTransactionId": "m", "amount": {"minorAmount": 100, "currency": "USD"},
                         "paymentMethod": {"type": "token", "token": {"value": NONCE}}, "customer": {"connectorCustomerId": "C"}, "idempotencyKey": "k"});
    let card = payment_of(Flow::SetupMandate, mandate, "CreateCardResponse");
    assert_eq!(card.mandate_reference.as_deref(), Some("ccof:uIbfJXhXETSP197M3GB"));
    assert_eq!(card.connector_customer_id.as_deref(), Some("VDKXEEKPJN48QDG3BGGFAK05P8"));
}

/// The spec's own event examples, signed as Square signs them, read into unified events.
#[test]
fn spec_example_events_parse() {
    let spec = square_spec();
    let mut seen = 0;
    for (schema, kind) in [
        ("PaymentCreatedEvent", WebhookEventKind::Payment),
        ("PaymentUpdatedEvent", WebhookEventKind::Payment),
        ("RefundCreatedEvent", WebhookEventKind::Refund),
        ("RefundUpdatedEvent", WebhookEventKind::Refund),
    ] {
        let example = &spec["components"]["schemas"][schema]["example"];
        assert!(example.is_object(), "{schema} has no example");
        let body = example.to_string();
        let w = webhook(&body, Some(&independent_signature(SIGNATURE_KEY, NOTIFICATION_URL, &body)), Some(NOTIFICATION_URL));
        let r = parse_webhook(&w).unwrap();
        assert!(r.verified, "{schema}");
        let e = &r.events[0];
        assert_eq!(e.kind, kind, "{schema}");
        assert_eq!(e.event_type, example["type"].as_str().unwrap());
        assert_eq!(e.connector_event_id.as_deref(), example["event_id"].as_str());
        match kind {
            WebhookEventKind::Payment => {
                let p = &example["data"]["object"]["payment"];
                assert_eq!(e.connector_transaction_id.as_deref(), p["id"].as_str(), "{schema}");
                assert_eq!(e.payment_status, Some(mapping::payment_status(p["status"].as_str())), "{schema}");
                assert_ne!(e.payment_status, Some(PaymentStatus::Unresolved), "{schema}");
            }
            _ => {
                let rf = &example["data"]["object"]["refund"];
                assert_eq!(e.connector_refund_id.as_deref(), rf["id"].as_str(), "{schema}");
                assert_eq!(e.connector_transaction_id.as_deref(), rf["payment_id"].as_str(), "{schema}");
                assert!(e.refund_status.is_some(), "{schema}");
            }
        }
        seen += 1;
    }
    assert_eq!(seen, 4);
}

/// Every ErrorCode of the spec, in the body Square sends (`{"errors": [{category, code, detail}]}`),
/// read by authorize: Square's code and text are kept, the unified code is the table's, and a
/// decline is a failure, never an unresolved or a success.
#[test]
fn every_spec_error_code_in_a_square_shaped_body() {
    let spec = square_spec();
    let opts = Options::default();
    let req = FlowRequest::decode(Flow::Authorize, authorize_request()).unwrap();
    for code in enum_names(&spec, "ErrorCode") {
        let body = json!({"errors": [{"category": "PAYMENT_METHOD_ERROR", "code": code, "detail": format!("Authorization error: '{code}'")}]});
        let p = match CONNECTOR.parse_response(&req, &response(400, &body.to_string()), &ctx_with(&opts)).unwrap() {
            FlowResult::Payment(p) => p,
            other => panic!("{code}: {other:?}"),
        };
        assert_eq!(p.status, PaymentStatus::Failure, "{code}");
        let e = p.error.unwrap_or_else(|| panic!("{code}: no error"));
        assert_eq!(e.connector_code.as_deref(), Some(code.as_str()));
        assert_eq!(e.connector_message, Some(format!("Authorization error: '{code}'")));
        assert_eq!((e.code, e.decline_type), mapping::error_code(400, Some(&code), None), "{code}");
    }
}

fn increment_request() -> Value {
    json!({"connectorTransactionId": "1QjqpBVyrI9S4H9sTGDWU9JeiWdZY",
           "additionalAmount": {"minorAmount": 250, "currency": "USD"},
           "paymentAmount": {"minorAmount": 1000, "currency": "USD"},
           "idempotencyKey": "956f8b13-e4ec-45d6-85e8-d1d95ef0c5de"})
}

#[test]
fn incremental_authorization_is_update_payment_with_the_new_total() {
    let http = build(Flow::IncrementalAuthorization, increment_request()).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::PUT, "https://connect.squareupsandbox.com/v2/payments/1QjqpBVyrI9S4H9sTGDWU9JeiWdZY"));
    assert_eq!(header(&http, "Square-Version").value, SQUARE_VERSION);
    // amount_money is the payment's new amount: 1000 authorized + 250 more.
    assert_eq!(
        body(&http),
        json!({"idempotency_key": "956f8b13-e4ec-45d6-85e8-d1d95ef0c5de",
               "payment": {"amount_money": {"amount": 1250, "currency": "USD"}}})
    );
    // A key over 45 bytes is hashed the same way as everywhere else.
    let mut long = increment_request();
    long["idempotencyKey"] = json!("k".repeat(60));
    assert_eq!(body(&build(Flow::IncrementalAuthorization, long).unwrap())["idempotency_key"], json!(square_idempotency_key(&"k".repeat(60))));
}

#[test]
fn incremental_authorization_refuses_what_square_cannot_take() {
    let refused = |edit: &dyn Fn(&mut Value)| {
        let mut r = increment_request();
        edit(&mut r);
        build(Flow::IncrementalAuthorization, r).unwrap_err()
    };
    let e = refused(&|r| { r.as_object_mut().unwrap().remove("paymentAmount"); });
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.paymentAmount")));
    let e = refused(&|r| { r.as_object_mut().unwrap().remove("idempotencyKey"); });
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.idempotencyKey")));
    let e = refused(&|r| r["additionalAmount"]["currency"] = json!("CAD"));
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.additionalAmount.currency")));
    let e = refused(&|r| r["additionalAmount"]["minorAmount"] = json!(0));
    assert_eq!(e.field.as_deref(), Some("request.additionalAmount.minorAmount"));
    let e = refused(&|r| { r["additionalAmount"]["currency"] = json!("BRL"); r["paymentAmount"]["currency"] = json!("BRL"); });
    assert_eq!(e.field.as_deref(), Some("request.additionalAmount.currency"));
    let e = refused(&|r| r["connectorTransactionId"] = json!(" "));
    assert_eq!(e.field.as_deref(), Some("request.connectorTransactionId"));
    // No error quotes the access token.
    assert!(!format!("{e:?}").contains(TOKEN));
}

#[test]
fn incremental_authorization_answers() {
    let opts = Options::default();
    let parse = |status: u16, body: Value| {
        let req = FlowRequest::decode(Flow::IncrementalAuthorization, increment_request()).unwrap();
        test_support::payment(CONNECTOR.parse_response(&req, &response(status, &body.to_string()), &ctx_with(&opts)).unwrap())
    };
    // The spec's UpdatePaymentResponse example, abridged: APPROVED with amount_money 1000 and a tip of 100.
    let ok = parse(200, json!({"payment": {"id": "1QjqpBVyrI9S4H9sTGDWU9JeiWdZY", "status": "APPROVED",
        "amount_money": {"amount": 1000, "currency": "USD"}, "approved_money": {"amount": 1000, "currency": "USD"},
        "tip_money": {"amount": 100, "currency": "USD"}, "total_money": {"amount": 1100, "currency": "USD"}}}));
    assert_eq!(ok.status, PaymentStatus::Authorized);
    let amount = ok.authorized_amount.as_ref().unwrap();
    assert_eq!((amount.minor_amount, amount.currency.as_str()), (1000, "USD"));
    assert_eq!(ok.connector_transaction_id.as_deref(), Some("1QjqpBVyrI9S4H9sTGDWU9JeiWdZY"));
    assert!(ok.error.is_none());
    // A decline of the higher amount: the increment failed, even if Square shows the payment still APPROVED.
    let declined = parse(402, json!({"errors": [{"code": "INSUFFICIENT_FUNDS", "category": "PAYMENT_METHOD_ERROR"}],
        "payment": {"id": "1QjqpBVyrI9S4H9sTGDWU9JeiWdZY", "status": "APPROVED", "amount_money": {"amount": 1000, "currency": "USD"}}}));
    assert_eq!(declined.status, PaymentStatus::Failure);
    assert!(declined.authorized_amount.is_none());
    let e = declined.error.unwrap();
    assert_eq!((e.code, e.connector_code.as_deref()), (U::InsufficientFunds, Some("INSUFFICIENT_FUNDS")));
    assert!(e.message.contains("update"), "{}", e.message);
    // A refusal without a payment (the payment is no longer APPROVED).
    let refused = parse(400, json!({"errors": [{"code": "BAD_REQUEST", "category": "INVALID_REQUEST_ERROR"}]}));
    assert_eq!((refused.status, refused.connector_transaction_id.as_deref()), (PaymentStatus::Failure, Some("1QjqpBVyrI9S4H9sTGDWU9JeiWdZY")));
    // A 5xx says nothing certain.
    assert_eq!(parse(503, json!({"errors": [{"code": "SERVICE_UNAVAILABLE", "category": "API_ERROR"}]})).status, PaymentStatus::Unresolved);
}

//! Shift4 unit tests: the requests each flow builds, the answers it reads, webhook verification.

use super::CONNECTOR;
use crate::connectors::test_support::{body as json_body, build_with, header, parse_with, payment, read_webhook, refund, response};
use crate::protocol::{
    ErrorKind, Flow, FlowResult, IncomingWebhook, MandateStatus, Options, PaymentStatus, RefundStatus, RemoteVerification, Secret,
    UnifiedErrorCode as U, WebhookEventKind,
};
use serde_json::{json, Value};

const KEY: &str = "sk_test_tXHm9qV9qV9bjIRHcQr9PLPa";

fn auth() -> Value {
    json!({"secretKey": KEY})
}

fn build(flow: Flow, request: Value) -> Result<crate::protocol::HttpRequest, crate::protocol::SidecarError> {
    build_with(CONNECTOR, flow, request, auth(), &Options::default())
}

fn parse(flow: Flow, request: Value, status: u16, body: Value) -> FlowResult {
    parse_with(CONNECTOR, flow, request, &response(status, body.to_string()), &Options::default()).unwrap()
}

fn authorize_request() -> Value {
    json!({
        "merchantTransactionId": "order-1001",
        "amount": {"minorAmount": 1099, "currency": "USD"},
        "paymentMethod": {"type": "card", "card": {"number": "4242424242424242", "expMonth": "12", "expYear": "2034", "cvc": "123"}},
        "captureMethod": "manual",
        "billingAddress": {"firstName": "Jane", "lastName": "Doe", "line1": "1 Market St", "city": "San Francisco", "postalCode": "94105", "country": "us"},
        "idempotencyKey": "order-1001",
    })
}

#[test]
fn authorize_posts_a_charge_with_basic_auth() {
    let http = build(Flow::Authorize, authorize_request()).unwrap();
    assert_eq!(http.url, "https://api.shift4.com/charges");
    let authorization = header(&http, "Authorization").unwrap();
    assert!(authorization.sensitive);
    assert_eq!(authorization.value, crate::kit::crypto::basic_auth(KEY, ""));
    assert_eq!(header(&http, "Idempotency-Key").unwrap().value, "order-1001");
    assert!(http.body.as_ref().unwrap().sensitive);
    assert_eq!(
        json_body(&http),
        json!({"amount": 1099, "currency": "USD", "captured": false,
               "card": {"number": "4242424242424242", "expMonth": "12", "expYear": "2034", "cvc": "123", "cardholderName": "Jane Doe",
                        "addressLine1": "1 Market St", "addressCity": "San Francisco", "addressZip": "94105", "addressCountry": "US"},
               "metadata": {"merchantTransactionId": "order-1001"}})
    );
}

#[test]
fn tokens_saved_cards_and_refusals() {
    let mut r = authorize_request();
    r["paymentMethod"] = json!({"type": "token", "token": {"value": "tok_ihs3kymTbdyYmVDzfUZQNmCE"}});
    assert_eq!(json_body(&build(Flow::Authorize, r.clone()).unwrap())["card"], "tok_ihs3kymTbdyYmVDzfUZQNmCE");
    r["paymentMethod"] = json!({"type": "token", "token": {"value": "pm_123"}});
    assert_eq!(build(Flow::Authorize, r).unwrap_err().field.as_deref(), Some("request.paymentMethod.token.value"));
    let mut r = authorize_request();
    r["setupFutureUsage"] = json!("offSession");
    assert_eq!(build(Flow::Authorize, r).unwrap_err().field.as_deref(), Some("request.setupFutureUsage"));
    let mut r = authorize_request();
    r["threeDs"] = json!({"mode": "challenge"});
    assert_eq!(build(Flow::Authorize, r).unwrap_err().kind, ErrorKind::InvalidFieldValue);
    let mut r = authorize_request();
    r["amount"] = json!({"minorAmount": 3_000_000_000i64, "currency": "USD"});
    assert_eq!(build(Flow::Authorize, r).unwrap_err().field.as_deref(), Some("request.amount.minorAmount"));
    let mut r = authorize_request();
    r["paymentMethod"] = json!({"type": "bankRedirect", "bankRedirect": {"method": "ideal"}});
    assert_eq!(build(Flow::Authorize, r).unwrap_err().kind, ErrorKind::PaymentMethodNotSupported);
    // A public key never goes out, and is never echoed.
    let e = build_with(CONNECTOR, Flow::Authorize, authorize_request(), json!({"secretKey": "pk_test_abc"}), &Options::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("auth.secretKey"));
    assert!(!e.message.contains("pk_test_abc"));
}

#[test]
fn external_three_ds() {
    let mut r = authorize_request();
    r["threeDs"] = json!({"external": {"version": "2.2.0", "cavv": "AAABAWFlmQAAAABjRWWZEEFgFz+=", "eci": "05", "dsTransactionId": "f25084f0-5b16-4c0a-ae5d-b24808a95e4b", "status": "Y"}});
    assert_eq!(
        json_body(&build(Flow::Authorize, r).unwrap())["threeDSecure"],
        json!({"external": {"version": "2.2.0", "eci": "05", "authenticationValue": "AAABAWFlmQAAAABjRWWZEEFgFz+=",
                             "dsTransactionId": "f25084f0-5b16-4c0a-ae5d-b24808a95e4b", "status": "Y"}})
    );
}

#[test]
fn reads_charges() {
    let charge = json!({"id": "char_MDmmg0ycQhqqBEDmmG0Ev6tK", "created": 1415810511, "objectType": "charge", "amount": 1099,
                        "amountRefunded": 0, "currency": "USD", "status": "successful", "captured": false, "refunded": false,
                        "card": {"id": "card_lbb7Wn3tyb7sNZRWLDt5aQGS", "first6": "424242", "last4": "4242"},
                        "metadata": {"merchantTransactionId": "order-1001"}});
    let p = payment(parse(Flow::Authorize, authorize_request(), 200, charge.clone()));
    assert_eq!(p.status, PaymentStatus::Authorized);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("char_MDmmg0ycQhqqBEDmmG0Ev6tK"));
    let mut captured = charge;
    captured["captured"] = json!(true);
    let capture = json!({"connectorTransactionId": "char_MDmmg0ycQhqqBEDmmG0Ev6tK", "amountToCapture": {"minorAmount": 1099, "currency": "USD"}});
    let p = payment(parse(Flow::Capture, capture, 200, captured));
    assert_eq!(p.status, PaymentStatus::Charged);
    assert_eq!(p.amount_captured.unwrap().minor_amount, 1099);
}

#[test]
fn capture_takes_the_whole_amount_only() {
    let partial = json!({"connectorTransactionId": "char_1", "amountToCapture": {"minorAmount": 600, "currency": "USD"},
                         "paymentAmount": {"minorAmount": 1099, "currency": "USD"}});
    assert_eq!(build(Flow::Capture, partial).unwrap_err().field.as_deref(), Some("request.amountToCapture.minorAmount"));
    let whole = json!({"connectorTransactionId": "char_1", "amountToCapture": {"minorAmount": 1099, "currency": "USD"},
                       "paymentAmount": {"minorAmount": 1099, "currency": "USD"}});
    let http = build(Flow::Capture, whole).unwrap();
    assert_eq!(http.url, "https://api.shift4.com/charges/char_1/capture");
    let refused = payment(parse(
        Flow::Capture,
        json!({"connectorTransactionId": "char_1", "amountToCapture": {"minorAmount": 1099, "currency": "USD"}}),
        400,
        json!({"error": {"type": "invalid_request", "message": "Charge has already been captured."}}),
    ));
    assert_eq!((refused.status, refused.error.unwrap().code), (PaymentStatus::CaptureFailed, U::InvalidRequest));
}

#[test]
fn refunds() {
    let r = json!({"connectorTransactionId": "char_1", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 300, "currency": "USD"},
                   "reason": "requested_by_customer", "idempotencyKey": "rf-1"});
    let http = build(Flow::Refund, r.clone()).unwrap();
    assert_eq!(http.url, "https://api.shift4.com/refunds");
    assert_eq!(
        json_body(&http),
        json!({"chargeId": "char_1", "amount": 300, "metadata": {"merchantRefundId": "rf-1", "reason": "requested_by_customer"}})
    );
    let ok = refund(parse(Flow::Refund, r.clone(), 200,
        json!({"id": "re_1", "amount": 300, "currency": "USD", "charge": "char_1", "status": "successful"})));
    assert_eq!((ok.status, ok.connector_refund_id.as_deref()), (RefundStatus::Success, Some("re_1")));
    let over = refund(parse(Flow::Refund, r.clone(), 400, json!({"error": {"type": "invalid_request", "code": "amount_too_high", "message": "Refund amount exceeds charge amount."}})));
    assert_eq!((over.status, over.error.unwrap().code), (RefundStatus::Failure, U::InvalidAmount));
    let unknown = refund(parse(Flow::Refund, r, 503, json!({})));
    assert_eq!(unknown.status, RefundStatus::Pending);
    let sync = json!({"connectorTransactionId": "char_1", "connectorRefundId": "re_1"});
    assert_eq!(build(Flow::Rsync, sync).unwrap().url, "https://api.shift4.com/refunds/re_1");
}

#[test]
fn save_and_repeat() {
    let setup = json!({"merchantTransactionId": "m-1", "amount": {"minorAmount": 0, "currency": "USD"},
                       "paymentMethod": {"type": "card", "card": {"number": "4242424242424242", "expMonth": "12", "expYear": "2034"}},
                       "customer": {"connectorCustomerId": "cust_AoR0wvgntQWRUYMdZNLYMz5R"}});
    let http = build(Flow::SetupMandate, setup.clone()).unwrap();
    assert_eq!(http.url, "https://api.shift4.com/customers/cust_AoR0wvgntQWRUYMdZNLYMz5R/cards");
    let saved = payment(parse(Flow::SetupMandate, setup.clone(), 200,
        json!({"id": "card_8P7OWXA5xiTS1ISnyZcum1KV", "customerId": "cust_AoR0wvgntQWRUYMdZNLYMz5R", "last4": "4242"})));
    assert_eq!(saved.status, PaymentStatus::Charged);
    assert_eq!(saved.mandate_reference.as_deref(), Some("card_8P7OWXA5xiTS1ISnyZcum1KV"));
    assert_eq!(saved.connector_customer_id.as_deref(), Some("cust_AoR0wvgntQWRUYMdZNLYMz5R"));
    let mut no_customer = setup;
    no_customer["customer"] = json!({"id": "shopper-1"});
    assert_eq!(build(Flow::SetupMandate, no_customer).unwrap_err().kind, ErrorKind::MissingRequiredField);

    let repeat = json!({"merchantTransactionId": "r-1", "amount": {"minorAmount": 500, "currency": "USD"},
                        "mandateReference": "card_8P7OWXA5xiTS1ISnyZcum1KV", "recurringType": "scheduled",
                        "customer": {"connectorCustomerId": "cust_AoR0wvgntQWRUYMdZNLYMz5R"}});
    let body = json_body(&build(Flow::RepeatPayment, repeat).unwrap());
    assert_eq!(body["customerId"], "cust_AoR0wvgntQWRUYMdZNLYMz5R");
    assert_eq!(body["card"], "card_8P7OWXA5xiTS1ISnyZcum1KV");
    assert_eq!(body["type"], "subsequent_recurring");
    assert_eq!(body["captured"], true);
}

#[test]
fn revoke_deletes_the_saved_card_under_its_customer() {
    let revoke = json!({"mandateReference": " card_8P7OWXA5xiTS1ISnyZcum1KV ", "customer": {"connectorCustomerId": "cust_AoR0wvgntQWRUYMdZNLYMz5R"}});
    let http = build(Flow::RevokeMandate, revoke.clone()).unwrap();
    assert_eq!(http.method, crate::protocol::HttpMethod::DELETE);
    assert_eq!(http.url, "https://api.shift4.com/customers/cust_AoR0wvgntQWRUYMdZNLYMz5R/cards/card_8P7OWXA5xiTS1ISnyZcum1KV");
    assert!(http.body.is_none());
    assert!(header(&http, "Authorization").unwrap().sensitive);
    let e = build(Flow::RevokeMandate, json!({"mandateReference": "card_1", "customer": {"id": "shopper-1"}})).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.customer.connectorCustomerId")));
    let e = build(Flow::RevokeMandate, json!({"mandateReference": " ", "customer": {"connectorCustomerId": "cust_1"}})).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.mandateReference"));
    // An id is one path segment, whatever it holds.
    let odd = build(Flow::RevokeMandate, json!({"mandateReference": "card/1", "customer": {"connectorCustomerId": "cust_1"}})).unwrap();
    assert!(odd.url.ends_with("/customers/cust_1/cards/card%2F1"), "{}", odd.url);

    let FlowResult::Mandate(done) = parse(Flow::RevokeMandate, revoke.clone(), 200, json!({"id": "card_8P7OWXA5xiTS1ISnyZcum1KV"})) else { panic!() };
    assert_eq!((done.status, done.mandate_reference.as_deref()), (MandateStatus::Revoked, Some("card_8P7OWXA5xiTS1ISnyZcum1KV")));
    let FlowResult::Mandate(missing) =
        parse(Flow::RevokeMandate, revoke, 404, json!({"error": {"type": "invalid_request", "message": "Card does not exist"}}))
    else {
        panic!()
    };
    assert_eq!((missing.status, missing.http_status), (MandateStatus::Failure, 404));
    let error = missing.error.unwrap();
    assert_eq!(error.message, "Shift4 did not delete the saved card: Card does not exist");
    assert_eq!(error.connector_code.as_deref(), Some("invalid_request"));
}

const EVENT: &str = r#"{"id":"evt_4Z1pgqHHOHH2UAQWcJhLm6aO","created":1415810511,"objectType":"event","type":"CHARGE_SUCCEEDED","data":{"id":"char_MDmmg0ycQhqqBEDmmG0Ev6tK","amount":1099,"currency":"USD","status":"successful","captured":true,"metadata":{"merchantTransactionId":"order-1001"}}}"#;

#[test]
fn webhooks_are_verified_by_fetching_the_event() {
    let request = json!({"headers": {}, "body": EVENT, "webhookId": "unused"});
    let http = build(Flow::VerifyWebhook, request.clone()).unwrap();
    assert_eq!(http.url, "https://api.shift4.com/events/evt_4Z1pgqHHOHH2UAQWcJhLm6aO");
    let verification = |status: u16, body: &str| match parse_with(CONNECTOR, Flow::VerifyWebhook, request.clone(), &response(status, body), &Options::default()).unwrap() {
        FlowResult::WebhookVerification(v) => v,
        other => panic!("{other:?}"),
    };
    let same = verification(200, EVENT);
    assert!(same.verified);
    let forged = verification(200, &EVENT.replace("\"amount\":1099", "\"amount\":1"));
    assert!(!forged.verified);
    let missing = verification(404, r#"{"error":{"type":"invalid_request","message":"Event not found"}}"#);
    assert!(!missing.verified);

    let webhook = IncomingWebhook { headers: vec![], body: EVENT.into(), secret: Secret::new(String::new()), url: None };
    let v = RemoteVerification { verified: true, reason: None, body_sha256: Some(same.body_sha256.clone()) };
    let result = read_webhook(CONNECTOR, &webhook, Some(&v), &Options::default()).unwrap();
    assert!(result.verified);
    let e = &result.events[0];
    assert_eq!(e.kind, WebhookEventKind::Payment);
    assert_eq!(e.payment_status, Some(PaymentStatus::Charged));
    assert_eq!(e.merchant_transaction_id.as_deref(), Some("order-1001"));
    assert_eq!(e.occurred_at.as_deref(), Some("2014-11-12T16:41:51Z"));
    let unverified = read_webhook(CONNECTOR, &webhook, None, &Options::default()).unwrap();
    assert!(!unverified.verified && unverified.events.is_empty());
    let other_body = RemoteVerification { verified: true, reason: None, body_sha256: Some("00".into()) };
    assert!(!read_webhook(CONNECTOR, &webhook, Some(&other_body), &Options::default()).unwrap().verified);
}

/// The quoted values of a Java SDK enum (`NAME("value")`), less its catch-all `unrecognized`.
fn sdk_enum(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(crate::oracles::path(&format!("shift4/{file}.java"))).unwrap();
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let start = l.find("(\"")? + 2;
            let end = start + l[start..].find('"')?;
            l.chars().next().filter(char::is_ascii_uppercase)?;
            Some(l[start..end].to_string())
        })
        .filter(|v| v != "unrecognized")
        .collect()
}

/// The private fields of an SDK model class, in its outer class only up to the first nested one.
fn sdk_fields(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(crate::oracles::path(&format!("shift4/{file}.java"))).unwrap();
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("private "))
        .filter(|l| l.ends_with(';') && !l.contains('(') && !l.contains("final"))
        .filter_map(|l| l.trim_end_matches(';').split_whitespace().last().map(str::to_string))
        .collect()
}

#[test]
fn oracle_every_status_code_and_event_of_the_sdk_is_in_the_tables() {
    let statuses = sdk_enum("ChargeStatus");
    assert!(statuses.len() >= 3, "{statuses:?}");
    for s in &statuses {
        assert!(super::mapping::known_charge_statuses().any(|k| k == s), "charge status {s}");
    }
    for s in sdk_enum("RefundStatus") {
        let want = match s.as_str() {
            "successful" => RefundStatus::Success,
            "failed" => RefundStatus::Failure,
            _ => RefundStatus::Pending,
        };
        assert_eq!(super::mapping::refund_status(Some(&s)), want, "refund status {s}");
    }
    let codes = sdk_enum("ErrorCode");
    assert!(codes.len() >= 20, "{codes:?}");
    for c in &codes {
        assert!(super::mapping::known_error_codes().any(|k| k == c), "error code {c}");
    }
    for e in sdk_enum("EventType").iter().filter(|e| e.starts_with("CHARGE_") || e.starts_with("REFUND_")) {
        assert!(super::mapping::event_meaning(e).is_some(), "event {e}");
    }
    let types = sdk_enum("ErrorType");
    assert_eq!(types, ["invalid_request", "card_error", "gateway_error", "rate_limit_error"]);
    // The charge types repeatPayment sends are the SDK's.
    let charge_types = sdk_enum("ChargeType");
    assert!(charge_types.contains(&"merchant_initiated".into()) && charge_types.contains(&"subsequent_recurring".into()));
}

#[test]
fn oracle_the_fields_we_send_are_the_sdks() {
    let mut r = authorize_request();
    r["shippingAddress"] = json!({"firstName": "Jane", "line1": "1 Market St", "country": "US"});
    r["description"] = json!("order 1001");
    r["threeDs"] = json!({"external": {"version": "2.2.0", "cavv": "AAAB", "eci": "05", "xid": "x", "dsTransactionId": "d", "status": "Y"}});
    let body = json_body(&build(Flow::Authorize, r).unwrap());
    let charge = sdk_fields("ChargeRequest");
    for key in body.as_object().unwrap().keys() {
        let key = if key == "type" { "type" } else { key.as_str() };
        assert!(charge.iter().any(|f| f == key), "ChargeRequest has no {key}: {charge:?}");
    }
    let card = sdk_fields("CardRequest");
    for key in body["card"].as_object().unwrap().keys() {
        assert!(card.iter().any(|f| f == key), "CardRequest has no {key}");
    }
    let three_ds = sdk_fields("ThreeDSecureRequest");
    for key in body["threeDSecure"]["external"].as_object().unwrap().keys().chain(["external".to_string()].iter()) {
        assert!(three_ds.iter().any(|f| f == key), "ThreeDSecureRequest has no {key}");
    }
    let refund = json_body(&build(Flow::Refund, json!({"connectorTransactionId": "char_1", "merchantRefundId": "rf-1",
        "refundAmount": {"minorAmount": 300, "currency": "USD"}, "reason": "fraudulent"})).unwrap());
    let fields = sdk_fields("RefundRequest");
    for key in refund.as_object().unwrap().keys() {
        assert!(fields.iter().any(|f| f == key), "RefundRequest has no {key}");
    }
    assert_eq!(refund["reason"], "fraudulent");
}

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
    r["paymentMethod"] = json!({"type": "bnpl", "bnpl": {"method": "affirm"}});
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

fn dispute_of(result: FlowResult) -> crate::protocol::DisputeResult {
    match result {
        FlowResult::Dispute(d) => d,
        other => panic!("not a dispute: {other:?}"),
    }
}

const DISPUTE: &str = "dp_3Qd9wE0s2g7Qk4pX1nMzV8b";

fn dispute_body(status: &str, accepted: bool) -> Value {
    json!({
        "id": DISPUTE, "created": 1769860800, "updated": 1769860800, "objectType": "dispute",
        "amount": 1099, "currency": "USD", "status": status, "reason": "fraudulent", "acceptedAsLost": accepted,
        "evidence": {}, "evidenceDetails": {"dueBy": 1770465600, "hasEvidence": false, "pastDue": false, "submissionCount": 0},
        "charge": {"id": "char_Wf6Vzq7BkLx1mY3nP0aT5rG2", "amount": 1099, "currency": "USD"}
    })
}

#[test]
fn oracle_every_dispute_status_and_evidence_field_of_the_sdk() {
    use super::disputes::{dispute_status, evidence_field_names, known_dispute_statuses};
    let statuses = sdk_enum("DisputeStatus");
    assert_eq!(statuses.len(), 8, "{statuses:?}");
    assert_eq!(known_dispute_statuses().collect::<Vec<_>>(), statuses);
    assert_eq!(dispute_status("chargeback_new"), Some(crate::protocol::DisputeStatus::NeedsResponse));
    assert_eq!(dispute_status("chargeback_represented_unsuccessfully"), Some(crate::protocol::DisputeStatus::Lost));
    let fields = sdk_fields("DisputeEvidenceRequest");
    assert!(fields.len() >= 20, "{fields:?}");
    for f in evidence_field_names() {
        assert!(fields.iter().any(|s| s == f), "{f} is not a field of DisputeEvidenceRequest");
    }
    assert_eq!(sdk_enum("FileUploadPurpose"), ["dispute_evidence"]);
    assert_eq!(sdk_enum("FileUploadType"), ["pdf", "jpg", "png", "csv"]);
    // The fields read from a Dispute are fields of the SDK's model.
    let model = sdk_fields("Dispute");
    for f in ["id", "amount", "currency", "status", "reason", "acceptedAsLost", "evidenceDetails", "charge"] {
        assert!(model.iter().any(|m| m == f), "{f}");
    }
    assert!(sdk_fields("DisputeEvidenceDetails").iter().any(|f| f == "dueBy"));
}

#[test]
fn dsync_and_accept_call_the_dispute() {
    let http = build(Flow::Dsync, json!({"connectorDisputeId": DISPUTE})).unwrap();
    assert_eq!((http.method, http.url.as_str()), (crate::protocol::HttpMethod::GET, "https://api.shift4.com/disputes/dp_3Qd9wE0s2g7Qk4pX1nMzV8b"));
    assert!(http.body.is_none() && header(&http, "Authorization").unwrap().sensitive);
    let d = dispute_of(parse(Flow::Dsync, json!({"connectorDisputeId": DISPUTE}), 200, dispute_body("chargeback_new", false)));
    assert_eq!(d.status, crate::protocol::DisputeStatus::NeedsResponse);
    assert_eq!(d.connector_dispute_id.as_deref(), Some(DISPUTE));
    assert_eq!(d.connector_transaction_id.as_deref(), Some("char_Wf6Vzq7BkLx1mY3nP0aT5rG2"));
    assert_eq!(d.amount.unwrap().minor_amount, 1099);
    assert_eq!(d.due_by.as_deref(), Some("2026-02-07T12:00:00Z"));
    assert_eq!(d.reason_code.as_deref(), Some("fraudulent"));

    let http = build(Flow::AcceptDispute, json!({"connectorDisputeId": DISPUTE, "idempotencyKey": "close-1"})).unwrap();
    assert_eq!((http.method, http.url.as_str()), (crate::protocol::HttpMethod::POST, "https://api.shift4.com/disputes/dp_3Qd9wE0s2g7Qk4pX1nMzV8b/close"));
    assert_eq!(header(&http, "Idempotency-Key").unwrap().value, "close-1");
    let d = dispute_of(parse(Flow::AcceptDispute, json!({"connectorDisputeId": DISPUTE}), 200, dispute_body("chargeback_new", true)));
    assert_eq!(d.status, crate::protocol::DisputeStatus::Accepted);
    let missing = dispute_of(parse(
        Flow::Dsync,
        json!({"connectorDisputeId": DISPUTE}),
        404,
        json!({"error": {"type": "invalid_request", "message": "Dispute not found"}}),
    ));
    assert_eq!(missing.status, crate::protocol::DisputeStatus::Failure);
    assert_eq!(missing.connector_dispute_id.as_deref(), Some(DISPUTE));
    let unknown = dispute_of(parse(Flow::Dsync, json!({"connectorDisputeId": DISPUTE}), 200, dispute_body("chargeback_something_new", false)));
    assert_eq!((unknown.status, unknown.connector_status.as_deref()), (crate::protocol::DisputeStatus::UnderReview, Some("chargeback_something_new")));
}

#[test]
fn evidence_goes_to_the_sdks_fields_and_files_to_the_uploads_host() {
    let request = json!({
        "connectorDisputeId": DISPUTE,
        "evidence": [
            {"type": "productDescription", "text": "A blue mug"},
            {"type": "shippingTrackingNumber", "text": "1Z999AA10123456784"},
            {"type": "receipt", "file": {"connectorFileId": "file_7Hc2kQ9mXzP1vB4n"}},
            {"type": "refundPolicy", "text": "Refunds within 30 days", "file": {"connectorFileId": "file_2Lp8sV3dRt6yN0qW"}}
        ]
    });
    let http = build(Flow::SubmitDisputeEvidence, request.clone()).unwrap();
    assert_eq!(http.url, "https://api.shift4.com/disputes/dp_3Qd9wE0s2g7Qk4pX1nMzV8b");
    assert_eq!(
        json_body(&http),
        json!({"evidence": {
            "productDescription": "A blue mug", "shippingTrackingNumber": "1Z999AA10123456784", "receipt": "file_7Hc2kQ9mXzP1vB4n",
            "refundPolicyDisclosure": "Refunds within 30 days", "refundPolicy": "file_2Lp8sV3dRt6yN0qW"
        }})
    );
    let d = dispute_of(parse(Flow::SubmitDisputeEvidence, request.clone(), 200, dispute_body("chargeback_response_under_review", false)));
    assert_eq!(d.status, crate::protocol::DisputeStatus::UnderReview);
    let err = |r: Value| build(Flow::SubmitDisputeEvidence, r).unwrap_err();
    let mut draft = request.clone();
    draft["submit"] = json!(false);
    assert_eq!(err(draft).field.as_deref(), Some("request.submit"));
    let text_only = json!({"connectorDisputeId": DISPUTE, "evidence": [{"type": "receipt", "text": "paid"}]});
    assert_eq!(err(text_only).field.as_deref(), Some("request.evidence[0].text"));
    let unuploaded = json!({"connectorDisputeId": DISPUTE, "evidence": [{"type": "receipt", "file": {"filename": "r.pdf", "contentType": "application/pdf", "data": "JVBERg=="}}]});
    assert_eq!(err(unuploaded).field.as_deref(), Some("request.evidence[0].file.connectorFileId"));
    let twice = json!({"connectorDisputeId": DISPUTE, "evidence": [{"type": "productDescription", "text": "a"}, {"type": "productDescription", "text": "b"}]});
    assert_eq!(err(twice).field.as_deref(), Some("request.evidence[1].text"));

    let upload = json!({"connectorDisputeId": DISPUTE, "file": {"filename": "receipt.pdf", "contentType": "application/pdf", "data": "JVBERi0xLjQKJcfs"}});
    let http = build(Flow::UploadDisputeFile, upload.clone()).unwrap();
    assert_eq!(http.url, "https://uploads.api.shift4.com/files");
    let b = http.body.as_ref().unwrap();
    assert!(b.content_type.starts_with("multipart/form-data; boundary="), "{}", b.content_type);
    let raw = match b.encoding {
        crate::protocol::BodyEncoding::Base64 => String::from_utf8_lossy(&crate::kit::crypto::base64_decode(&b.data).unwrap()).into_owned(),
        _ => b.data.clone(),
    };
    assert!(raw.contains("name=\"purpose\"") && raw.contains("dispute_evidence") && raw.contains("filename=\"receipt.pdf\""), "{raw}");
    let proxied = build_with(CONNECTOR, Flow::UploadDisputeFile, upload.clone(), auth(), &Options { base_url: Some("http://127.0.0.1:9/shift4".into()), ..Options::default() }).unwrap();
    assert_eq!(proxied.url, "http://127.0.0.1:9/shift4/files");
    let gif = json!({"file": {"filename": "a.gif", "contentType": "image/gif", "data": "R0lGOA=="}});
    assert_eq!(build(Flow::UploadDisputeFile, gif).unwrap_err().field.as_deref(), Some("request.file.contentType"));
    match parse(Flow::UploadDisputeFile, upload.clone(), 200, json!({"id": "file_7Hc2kQ9mXzP1vB4n", "created": 1769860800, "purpose": "dispute_evidence", "size": 12, "type": "pdf"})) {
        FlowResult::File(f) => assert_eq!(f.connector_file_id.as_deref(), Some("file_7Hc2kQ9mXzP1vB4n")),
        other => panic!("{other:?}"),
    }
    match parse(Flow::UploadDisputeFile, upload, 400, json!({"error": {"type": "invalid_request", "message": "File is too large"}})) {
        FlowResult::File(f) => assert_eq!(f.status, crate::protocol::FileStatus::Failure),
        other => panic!("{other:?}"),
    }
    // Defending is submitting the evidence: no separate call, with Shift4's reason.
    assert!(CONNECTOR.unsupported_reason(Flow::DefendDispute).unwrap().contains("POST /disputes/{disputeId}"));
}

fn local_request(payment_method: Value) -> Value {
    json!({
        "merchantTransactionId": "order-2001",
        "amount": {"minorAmount": 1250, "currency": "EUR"},
        "paymentMethod": payment_method,
        "returnUrl": "https://shop.example/return",
        "billingAddress": {"firstName": "Jan", "lastName": "Jansen", "city": "Utrecht", "country": "nl"},
        "customer": {"email": "jan@example.com"},
        "idempotencyKey": "order-2001",
    })
}

#[test]
fn local_methods_go_to_the_payment_methods_api_with_the_charge() {
    let http = build(Flow::Authorize, local_request(json!({"type": "bankRedirect", "bankRedirect": {"method": "ideal"}}))).unwrap();
    assert_eq!(http.url, "https://api.shift4.com/charges");
    assert_eq!(header(&http, "Idempotency-Key").unwrap().value, "order-2001");
    assert_eq!(
        json_body(&http),
        json!({"amount": 1250, "currency": "EUR",
               "paymentMethod": {"type": "ideal", "billing": {"name": "Jan Jansen", "email": "jan@example.com",
                                                              "address": {"city": "Utrecht", "country": "NL"}}},
               "flow": {"returnUrl": "https://shop.example/return"},
               "metadata": {"merchantTransactionId": "order-2001"}})
    );
    // Every declared word maps to the type the SDK's PaymentMethodType names.
    let sdk_types = sdk_enum("PaymentMethodType");
    for (kind, word, shift4) in super::requests::PAYMENT_METHOD_TYPES {
        assert!(sdk_types.iter().any(|t| t == shift4), "{shift4} is not a PaymentMethodType of the SDK");
        let pm = match kind {
            crate::protocol::PaymentMethodType::Voucher => json!({"type": "voucher", "voucher": {"method": word, "taxId": "853.513.468-93"}}),
            k => json!({"type": k.as_str(), k.as_str(): {"method": word}}),
        };
        let body = json_body(&build(Flow::Authorize, local_request(pm)).unwrap());
        assert_eq!(body["paymentMethod"]["type"], *shift4, "{word}");
        assert!(body.get("card").is_none() && body.get("captured").is_none(), "{word}");
    }
    // The declaration and the table agree, both ways.
    let declared = CONNECTOR.info().payment_methods;
    for (kind, word, _) in super::requests::PAYMENT_METHOD_TYPES {
        assert!(declared.find(*kind).unwrap().methods.contains(word), "{word} is not declared");
    }
    for s in declared.supported.iter().filter(|s| !s.methods.is_empty()) {
        for word in s.methods {
            assert!(super::requests::PAYMENT_METHOD_TYPES.iter().any(|(k, w, _)| *k == s.kind && w == word), "{word} has no Shift4 type");
        }
    }
}

#[test]
fn local_method_fields_are_the_sdks_and_refusals_name_the_field() {
    let mut r = local_request(json!({"type": "voucher", "voucher": {"method": "boleto", "taxId": "853.513.468-93"}}));
    r["browserInfo"] = json!({"ipAddress": "203.0.113.7", "userAgent": "Mozilla/5.0"});
    r["customer"] = json!({"email": "m@example.com", "phone": "+5511999999999"});
    let body = json_body(&build(Flow::Authorize, r).unwrap());
    assert_eq!(body["paymentMethod"]["billing"]["vat"], "853.513.468-93");
    assert_eq!(body["paymentMethod"]["fraudCheckData"], json!({"ipAddress": "203.0.113.7", "userAgent": "Mozilla/5.0"}));
    let check = |file: &str, obj: &Value| {
        let fields = sdk_fields(file);
        for key in obj.as_object().unwrap().keys() {
            assert!(fields.iter().any(|f| f == key), "{file} has no {key}: {fields:?}");
        }
    };
    check("ChargeRequest", &body);
    check("PaymentMethodRequest", &body["paymentMethod"]);
    check("BillingRequest", &body["paymentMethod"]["billing"]);
    check("AddressRequest", &body["paymentMethod"]["billing"]["address"]);
    check("FraudCheckDataRequest", &body["paymentMethod"]["fraudCheckData"]);
    check("ChargeFlowRequest", &body["flow"]);

    let field = |r: Value| build(Flow::Authorize, r).unwrap_err().field;
    let mut r = local_request(json!({"type": "bankRedirect", "bankRedirect": {"method": "ideal"}}));
    r.as_object_mut().unwrap().remove("returnUrl");
    assert_eq!(field(r).as_deref(), Some("request.returnUrl"));
    let mut r = local_request(json!({"type": "bankRedirect", "bankRedirect": {"method": "ideal"}}));
    r["captureMethod"] = json!("manual");
    assert_eq!(field(r).as_deref(), Some("request.captureMethod"));
    let r = local_request(json!({"type": "voucher", "voucher": {"method": "boleto"}}));
    assert_eq!(field(r).as_deref(), Some("request.paymentMethod.voucher.taxId"));
    let r = local_request(json!({"type": "bankRedirect", "bankRedirect": {"method": "blik", "blikCode": "777123"}}));
    let e = build(Flow::Authorize, r).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.bankRedirect.blikCode"));
    assert!(!e.message.contains("777123"), "the BLIK code is not echoed");
    let e = build(Flow::Authorize, local_request(json!({"type": "bankRedirect", "bankRedirect": {"method": "sofort"}}))).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::PaymentMethodNotSupported, Some("request.paymentMethod.bankRedirect.method")));
    let e = build(Flow::Authorize, local_request(json!({"type": "bnpl", "bnpl": {"method": "klarna"}}))).unwrap_err();
    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported);
    // 3-D Secure is a card's: it is not sent with a bank payment.
    let mut r = local_request(json!({"type": "walletRedirect", "walletRedirect": {"method": "alipay"}}));
    r["threeDs"] = json!({"external": {"version": "2.2.0", "cavv": "AAAB", "eci": "05"}});
    assert!(json_body(&build(Flow::Authorize, r).unwrap()).get("threeDSecure").is_none());
}

#[test]
fn pending_local_charges_tell_the_shopper_what_to_do() {
    let r = local_request(json!({"type": "bankRedirect", "bankRedirect": {"method": "ideal"}}));
    let charge = |flow: Value| json!({"id": "char_1", "amount": 1250, "currency": "EUR", "status": "pending", "captured": false, "flow": flow});
    let p = payment(parse(Flow::Authorize, r.clone(), 200, charge(json!({"nextAction": "redirect", "redirect": {"redirectUrl": "https://pay.example/x"}}))));
    assert_eq!(p.status, PaymentStatus::AuthenticationPending);
    assert_eq!(p.redirection.unwrap().url, "https://pay.example/x");
    let action = p.next_action.unwrap();
    assert_eq!((action.kind, action.url.as_deref()), (crate::protocol::NextActionType::Redirect, Some("https://pay.example/x")));
    let p = payment(parse(Flow::Authorize, r.clone(), 200, charge(json!({"nextAction": "qr_code", "qrCode": {"imgSrc": "https://qr.example/1.png"}}))));
    assert_eq!(p.status, PaymentStatus::Pending);
    assert_eq!(p.next_action.unwrap().kind, crate::protocol::NextActionType::DisplayQrCode);
    let p = payment(parse(Flow::Authorize, r.clone(), 200, charge(json!({"nextAction": "mobile_app_confirmation"}))));
    assert_eq!(p.next_action.unwrap().kind, crate::protocol::NextActionType::AwaitApproval);
    let p = payment(parse(Flow::Authorize, r, 200, charge(json!({"nextAction": "wait"}))));
    assert_eq!((p.status, p.next_action.is_none()), (PaymentStatus::Pending, true));
    // Every next action the SDK names is one this connector reads or deliberately leaves as pending.
    for a in sdk_enum("ChargeFlowActionType") {
        assert!(["app_redirect", "qr_code", "mobile_app_confirmation", "redirect", "wait", "none"].contains(&a.as_str()), "next action {a}");
    }
}

// ---------- createSession: the signed checkout request (local, no HTTP) ----------

/// One quoted argument of the SDK spec's text after `marker`: `marker` then a quote, up to the same quote.
fn quoted_after<'a>(text: &'a str, marker: &str) -> &'a str {
    let at = text.find(marker).unwrap_or_else(|| panic!("the SDK spec has no `{marker}`")) + marker.len();
    let rest = text[at..].trim_start();
    let quote = rest.chars().next().expect("a quoted value");
    assert!(quote == '\'' || quote == '"', "`{marker}` is followed by a quoted value");
    let end = rest[1..].find(quote).expect("a closing quote");
    &rest[1..1 + end]
}

#[test]
fn the_checkout_signature_is_the_node_sdks_for_its_own_spec() {
    // Shift4's Node SDK spec: a fixed key, the checkout request given as JSON, and what sign() must give.
    let spec = std::fs::read_to_string(crate::oracles::path("shift4-node/checkoutRequestSpec.js")).unwrap();
    let key = quoted_after(&spec, "secretKey:");
    // Its second case gives the checkout request as JSON text (the first, as an object, expects the same value).
    let as_json = &spec[spec.find("provided as JSON").expect("the spec's JSON case")..];
    let json = quoted_after(as_json, "checkoutRequest.sign(");
    let expected = quoted_after(as_json, ".toBe(");
    assert_eq!(quoted_after(&spec, ".toBe("), expected, "both cases expect the same signed request");
    assert!(json.starts_with('{') && expected.len() > 80, "the spec's JSON and expected value were found");
    assert_eq!(super::checkout::sign_checkout_request(key, json), expected);
    // The SDK's algorithm, as its source writes it: HMAC-SHA256 in hex, a bar, the JSON, base64.
    let source = std::fs::read_to_string(crate::oracles::path("shift4-node/checkoutRequest.js")).unwrap();
    for part in [".createHmac('sha256', this.secretKey)", ".digest('hex')", "hmac + '|' + json", ".toString('base64')"] {
        assert!(source.contains(part), "the SDK signs with {part}");
    }
}

fn session_request() -> Value {
    json!({
        "merchantTransactionId": "order-2001",
        "amount": {"minorAmount": 499, "currency": "EUR"},
        "metadata": {"cart": "c-9"},
    })
}

/// createSession through the sidecar's own methods: transformResponse with no response.
fn create_session(request: Value) -> Result<Value, crate::protocol::SidecarError> {
    crate::rpc::methods::transform_response(json!({"connector": "shift4", "flow": "createSession", "auth": auth(), "request": request}))
}

/// The checkout request inside a signed one, after checking its signature with `KEY`.
fn signed_json(client_token: &str) -> Value {
    let decoded = String::from_utf8(crate::kit::crypto::base64_decode(client_token).unwrap()).unwrap();
    let (signature, json) = decoded.split_once('|').unwrap();
    let expected = crate::kit::crypto::hex(&crate::kit::crypto::hmac_sha256(KEY.as_bytes(), json.as_bytes()));
    assert_eq!(signature, expected, "the signature is HMAC-SHA256 of the JSON with the secret key");
    serde_json::from_str(json).unwrap()
}

#[test]
fn create_session_is_local_and_signs_the_checkout_request() {
    let listing = CONNECTOR.listing();
    assert_eq!(listing["localFlows"], json!(["createSession"]));
    assert!(listing["flows"].as_array().unwrap().contains(&json!("createSession")));
    assert!(listing["unsupportedFlows"].as_array().unwrap().iter().all(|u| u["flow"] != "createSession"));

    let result = create_session(session_request()).unwrap();
    assert_eq!(result["status"], "success");
    assert_eq!(result["httpStatus"], 0, "no HTTP exchange");
    let checkout = signed_json(result["clientToken"].as_str().unwrap());
    // The Java SDK's CheckoutRequest: charge {amount, currency, capture, metadata}, customerId.
    assert_eq!(
        checkout,
        json!({"charge": {"amount": 499, "currency": "EUR", "metadata": {"cart": "c-9", "merchantTransactionId": "order-2001"}}})
    );
    let text = result.to_string();
    assert!(!text.contains(KEY), "the key never leaves");
}

#[test]
fn create_session_carries_manual_capture_and_the_customer() {
    let mut request = session_request();
    request["captureMethod"] = json!("manual");
    request["customer"] = json!({"connectorCustomerId": "cust_AoR0wvgntQWRUYMdZNLYMz5R"});
    let result = create_session(request).unwrap();
    let checkout = signed_json(result["clientToken"].as_str().unwrap());
    assert_eq!(checkout["charge"]["capture"], false);
    assert_eq!(checkout["customerId"], "cust_AoR0wvgntQWRUYMdZNLYMz5R");
    // The Java SDK's CheckoutRequest and its Charge have these fields.
    let model = std::fs::read_to_string(crate::oracles::path("shift4/CheckoutRequest.java")).unwrap();
    for field in ["private String customerId;", "private Boolean capture;", "private Map<String, String> metadata;", "private Integer amount;"] {
        assert!(model.contains(field), "CheckoutRequest has {field}");
    }
}

#[test]
fn create_session_refuses_what_a_checkout_request_cannot_say() {
    let cases = [
        ("mode", json!("setup"), ErrorKind::InvalidFieldValue, "request.mode"),
        ("setupFutureUsage", json!("offSession"), ErrorKind::InvalidFieldValue, "request.setupFutureUsage"),
        ("paymentMethodTypes", json!(["ideal"]), ErrorKind::PaymentMethodNotSupported, "request.paymentMethodTypes[0]"),
        ("amount", json!({"minorAmount": 3_000_000_000i64, "currency": "EUR"}), ErrorKind::InvalidFieldValue, "request.amount.minorAmount"),
        ("amount", json!({"minorAmount": 0, "currency": "EUR"}), ErrorKind::InvalidFieldValue, "request.amount.minorAmount"),
    ];
    for (key, value, kind, field) in cases {
        let mut request = session_request();
        request[key] = value.clone();
        let e = create_session(request).expect_err(key);
        assert_eq!(e.kind, kind, "{key} {value}: {}", e.message);
        assert_eq!(e.field.as_deref(), Some(field), "{key} {value}");
        assert!(!e.message.contains(KEY));
    }
}

#[test]
fn create_session_has_no_http_request_and_takes_no_response() {
    let params = json!({"connector": "shift4", "flow": "createSession", "auth": auth(), "request": session_request()});
    let e = crate::rpc::methods::transform_request(params.clone()).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::FlowNotSupported, Some("flow")));
    assert!(e.message.contains("transformResponse"), "{}", e.message);
    let mut with_response = params.clone();
    with_response["response"] = json!({"status": 200, "headers": [], "body": "{}"});
    let e = crate::rpc::methods::transform_response(with_response).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("response")));
    // Any other flow still needs its response.
    let e = crate::rpc::methods::transform_response(json!({
        "connector": "shift4", "flow": "psync", "auth": auth(), "request": {"connectorTransactionId": "char_1"}
    }))
    .unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("response")));
    // A bad key is refused without being quoted.
    let e = crate::rpc::methods::transform_response(json!({
        "connector": "shift4", "flow": "createSession", "auth": {"secretKey": "pk_test_abcdefghij"}, "request": session_request()
    }))
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("auth.secretKey"));
    assert!(!e.message.contains("pk_test_abcdefghij"));
}

// ---------- Apple Pay and Google Pay: the wallet's encrypted token ----------

/// An Apple Pay paymentData object as Apple documents it (EC_v1), the way the unified request carries it: base64.
fn apple_payment_data() -> (Value, String) {
    let data = json!({
        "version": "EC_v1",
        "data": "bWFkZS11cC1lbmNyeXB0ZWQtZGF0YQ==",
        "signature": "bWFkZS11cC1zaWduYXR1cmU=",
        "header": {"ephemeralPublicKey": "MFkwEwYHKoZIzj0CAQ==", "publicKeyHash": "LbsUwAT6w1JV9tFXocU813TCHks=", "transactionId": "aabbccdd"}
    });
    let encoded = crate::kit::crypto::base64_encode(data.to_string().as_bytes());
    (data, encoded)
}

#[test]
fn apple_pay_is_an_apple_pay_payment_method_with_apples_token() {
    let (data, encoded) = apple_payment_data();
    let mut r = local_request(json!({"type": "applePay", "applePay": {"paymentData": encoded, "network": "Visa"}}));
    r["captureMethod"] = json!("manual");
    let http = build(Flow::Authorize, r).unwrap();
    let body = json_body(&http);
    assert!(http.body.as_ref().unwrap().sensitive, "the wallet token is sensitive");
    // The Java SDK: PaymentMethodRequest(APPLE_PAY).applePay(new ApplePay(token)), token = Apple's paymentData.
    assert_eq!(body["paymentMethod"]["type"], "apple_pay");
    assert_eq!(body["paymentMethod"]["applePay"], json!({"token": data}));
    assert_eq!(body["captured"], false, "a wallet's card can be authorized only");
    assert_eq!(body["flow"]["returnUrl"], "https://shop.example/return");
    assert!(body.get("card").is_none());
    let types = sdk_enum("PaymentMethodType");
    assert!(types.iter().any(|t| t == "apple_pay") && types.iter().any(|t| t == "google_pay"));
    let fields = sdk_fields("PaymentMethodRequest");
    for key in body["paymentMethod"].as_object().unwrap().keys() {
        assert!(fields.iter().any(|f| f == key), "PaymentMethodRequest has no {key}");
    }
    let model = std::fs::read_to_string(crate::oracles::path("shift4/PaymentMethodRequest.java")).unwrap();
    assert!(model.contains("private Object token;") && model.contains("private String token;"), "ApplePay.token is an object, GooglePay.token a string");
}

#[test]
fn google_pay_is_a_google_pay_payment_method_with_the_token_text() {
    let token = r#"{"signature":"MEYCIQ...","protocolVersion":"ECv2","signedMessage":"{\"encryptedMessage\":\"ZW5j\"}"}"#;
    let mut r = local_request(json!({"type": "googlePay", "googlePay": {"token": token, "cardNetwork": "VISA"}}));
    r.as_object_mut().unwrap().remove("returnUrl");
    let body = json_body(&build(Flow::Authorize, r).unwrap());
    assert_eq!(body["paymentMethod"]["type"], "google_pay");
    assert_eq!(body["paymentMethod"]["googlePay"], json!({"token": token}));
    assert_eq!(body["captured"], true);
    assert!(body.get("flow").is_none(), "no returnUrl given, no flow");
    assert_eq!(body["paymentMethod"]["billing"]["email"], "jan@example.com");
}

#[test]
fn wallet_refusals_name_the_field_and_quote_no_token() {
    let cases = [
        (json!({"type": "applePay", "applePay": {"decrypted": {"number": "4111111111111111", "expMonth": "12", "expYear": "2030", "cryptogram": "AgAAAAAAAIR8CQrXcIhbQAAAAAA="}}}),
         "request.paymentMethod.applePay.decrypted"),
        (json!({"type": "googlePay", "googlePay": {"decrypted": {"number": "4111111111111111", "expMonth": "12", "expYear": "2030"}}}),
         "request.paymentMethod.googlePay.decrypted"),
        (json!({"type": "applePay", "applePay": {"paymentData": "bm90IGpzb24="}}), "request.paymentMethod.applePay.paymentData"),
    ];
    for (pm, field) in cases {
        let e = build(Flow::Authorize, local_request(pm)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{}", e.message);
        assert!(!e.message.contains("4111111111111111") && !e.message.contains("bm90IGpzb24="));
    }
    let (_, encoded) = apple_payment_data();
    let mut r = local_request(json!({"type": "applePay", "applePay": {"paymentData": encoded}}));
    r["threeDs"] = json!({"mode": "auto", "external": {"version": "2.2.0", "cavv": "AAABBBCCC", "eci": "05"}});
    assert_eq!(build(Flow::Authorize, r).unwrap_err().field.as_deref(), Some("request.threeDs.external"));
    // Saving a wallet is not declared: Shift4 saves cards under a customer.
    let e = build(Flow::SetupMandate, json!({
        "merchantTransactionId": "m-1", "amount": {"minorAmount": 0, "currency": "EUR"},
        "paymentMethod": {"type": "googlePay", "googlePay": {"token": "x"}},
        "customer": {"connectorCustomerId": "cust_1"}
    }))
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported);
}

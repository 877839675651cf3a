//! PayPal connector tests: request building per flow, the token in state, idempotency headers,
//! money over every ISO currency, the status/issue/processor-code tables through processor-shaped
//! bodies, and the spec oracle (every enum value of the specs is in a table).

use super::*;
use crate::connectors::Connector;
use crate::protocol::{ErrorKind, Options, PaymentStatus, RefundStatus, UnifiedErrorCode as U};
use serde_json::json;
use std::path::PathBuf;

const TOKEN: &str = "A21AAFEpH4PsADK7qSS7pSRsgzfENtu-Q1ysgEDVDESseMHBYXVJYE8ovjj68elIDy8nF26AwPhfXTIeWAZHSLIsQkSYz9ifg";

fn auth() -> Value {
    json!({"clientId": "AUv8rrc_P-EbP2E0mpb49BV7rFt3Usr-vdUZO8VGOnjRehGHBXkSzchr37SYF2GNdQFYSp72jh5QUhzG", "clientSecret": "EMnAWe06ioGtouJs7gLYT9chK9-2jJ--7MKRXpI8FesmY_2Kp-d_7aCqff7M9moEJBvuXoBO4clKtY0v"})
}

fn token_state() -> Value {
    json!({"accessToken": TOKEN})
}

fn ctx_with(options: &Options) -> Context<'_> {
    Context { options, info: &INFO }
}

fn build(flow: Flow, request: Value) -> Result<HttpRequest, SidecarError> {
    let req = FlowRequest::decode(flow, request)?;
    PayPal.build_request(&req, auth(), &ctx_with(&Options::default()))
}

fn parse(flow: Flow, request: Value, status: u16, body: &str) -> Result<FlowResult, SidecarError> {
    let req = FlowRequest::decode(flow, request)?;
    let response = HttpResponse { status, headers: vec![], body: body.to_string(), encoding: None };
    PayPal.parse_response(&req, auth(), &response, &ctx_with(&Options::default()))
}

fn payment(flow: Flow, request: Value, status: u16, body: Value) -> crate::protocol::PaymentResult {
    match parse(flow, request, status, &body.to_string()).unwrap() {
        FlowResult::Payment(p) => p,
        other => panic!("not a payment result: {other:?}"),
    }
}

fn body(http: &HttpRequest) -> Value {
    serde_json::from_str(&http.body.as_ref().expect("a body").data).unwrap()
}

fn header<'a>(http: &'a HttpRequest, name: &str) -> Option<&'a crate::protocol::HttpHeader> {
    http.headers.iter().find(|h| h.name == name)
}

fn card_authorize(amount: i64, currency: &str) -> Value {
    json!({
        "merchantTransactionId": "order-7001",
        "amount": {"minorAmount": amount, "currency": currency},
        "paymentMethod": {"type": "card", "card": {"number": "4111111111111111", "expMonth": "03", "expYear": "2030", "cvc": "123", "holderName": "Jane Payer"}},
        "captureMethod": "manual",
        "idempotencyKey": "idem-7001",
        "state": token_state(),
    })
}

#[test]
fn create_access_token_is_basic_auth_with_client_credentials_form() {
    let http = build(Flow::CreateAccessToken, json!({})).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::POST, "https://api-m.sandbox.paypal.com/v1/oauth2/token"));
    let a = header(&http, "Authorization").unwrap();
    assert!(a.sensitive);
    let expected = format!(
        "Basic {}",
        crate::kit::crypto::base64_encode(
            format!("{}:{}", auth()["clientId"].as_str().unwrap(), auth()["clientSecret"].as_str().unwrap()).as_bytes()
        )
    );
    assert_eq!(a.value, expected);
    let b = http.body.as_ref().unwrap();
    assert_eq!((b.content_type.as_str(), b.data.as_str()), ("application/x-www-form-urlencoded", "grant_type=client_credentials"));
    let missing = PayPal
        .build_request(
            &FlowRequest::decode(Flow::CreateAccessToken, json!({})).unwrap(),
            json!({"clientId": "x"}),
            &ctx_with(&Options::default()),
        )
        .unwrap_err();
    assert_eq!((missing.kind, missing.field.as_deref()), (ErrorKind::MissingRequiredField, Some("auth.clientSecret")));
}

#[test]
fn the_token_result_carries_the_token_in_state_and_errors_never_quote_it() {
    let ok = parse(
        Flow::CreateAccessToken,
        json!({}),
        200,
        &json!({"scope": "https://uri.paypal.com/services/payments/payment", "access_token": TOKEN, "token_type": "Bearer", "app_id": "APP-80W284485P519543T", "expires_in": 31668, "nonce": "2020-04-03T15:35:36ZaYZlGvEkV4yVSz8g6bAKFoGSEzuy3CQcz3ljhibkOHg"}).to_string(),
    )
    .unwrap();
    let FlowResult::AccessToken(t) = ok else { panic!() };
    assert_eq!(t.state.unwrap().get("accessToken").map(String::as_str), Some(TOKEN));
    assert_eq!(t.expires_in_seconds, Some(31668));
    // A body that is not JSON but holds the token: the error must not carry any of it.
    let bad = parse(Flow::CreateAccessToken, json!({}), 200, &format!("access_token={TOKEN}")).unwrap_err();
    let data = serde_json::to_string(&bad.to_data()).unwrap() + &bad.message;
    assert!(!data.contains("A21AA"), "{data}");
    let refused = parse(Flow::CreateAccessToken, json!({}), 401, r#"{"error":"invalid_client","error_description":"Client Authentication failed"}"#).unwrap();
    let FlowResult::AccessToken(t) = refused else { panic!() };
    assert_eq!(t.error.as_ref().map(|e| e.code), Some(U::InvalidCredentials));
}

#[test]
fn every_flow_but_the_token_needs_the_access_token_from_state() {
    let mut r = card_authorize(1000, "USD");
    r["state"] = json!({});
    let e = build(Flow::Authorize, r).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.state.accessToken")));
    assert!(e.message.contains("createAccessToken"));
    let e = build(Flow::Rsync, json!({"connectorTransactionId": "C1", "connectorRefundId": "R1"})).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.state.accessToken"));
}

#[test]
fn authorize_card_is_an_order_with_the_card_as_payment_source() {
    let mut r = card_authorize(1050, "USD");
    r["billingAddress"] = json!({"line1": "1 Main St", "city": "San Jose", "state": "CA", "postalCode": "95131", "country": "us"});
    r["description"] = json!("Order 7001");
    r["statementDescriptor"] = json!("SHOP 7001");
    let http = build(Flow::Authorize, r).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::POST, "https://api-m.sandbox.paypal.com/v2/checkout/orders"));
    let a = header(&http, "Authorization").unwrap();
    assert_eq!((a.value.as_str(), a.sensitive), (format!("Bearer {TOKEN}").as_str(), true));
    assert_eq!(header(&http, "PayPal-Request-Id").unwrap().value, "idem-7001");
    assert_eq!(header(&http, "Prefer").unwrap().value, "return=representation");
    assert!(http.body.as_ref().unwrap().sensitive, "the body carries the card");
    assert_eq!(
        body(&http),
        json!({
            "intent": "AUTHORIZE",
            "purchase_units": [{
                "reference_id": "order-7001", "custom_id": "order-7001", "invoice_id": "order-7001",
                "description": "Order 7001", "soft_descriptor": "SHOP 7001",
                "amount": {"currency_code": "USD", "value": "10.50"}
            }],
            "payment_source": {"card": {
                "number": "4111111111111111", "expiry": "2030-03", "security_code": "123", "name": "Jane Payer",
                "billing_address": {"address_line_1": "1 Main St", "admin_area_2": "San Jose", "admin_area_1": "CA", "postal_code": "95131", "country_code": "US"}
            }}
        })
    );
    let mut auto = card_authorize(1050, "USD");
    auto["captureMethod"] = json!("automatic");
    assert_eq!(body(&build(Flow::Authorize, auto).unwrap())["intent"], "CAPTURE");
}

#[test]
fn authorize_paypal_wallet_needs_a_return_url_and_sends_the_experience_context() {
    let r = json!({
        "merchantTransactionId": "order-7002",
        "amount": {"minorAmount": 2500, "currency": "EUR"},
        "paymentMethod": {"type": "paypal", "paypal": {"email": "payer@example.com"}},
        "returnUrl": "https://shop.example/return",
        "state": token_state(),
    });
    let http = build(Flow::Authorize, r.clone()).unwrap();
    assert!(!http.body.as_ref().unwrap().sensitive);
    assert!(header(&http, "PayPal-Request-Id").is_none(), "no key given, none invented");
    assert_eq!(
        body(&http)["payment_source"],
        json!({"paypal": {"email_address": "payer@example.com", "experience_context": {"return_url": "https://shop.example/return", "cancel_url": "https://shop.example/return", "user_action": "PAY_NOW"}}})
    );
    let mut no_url = r;
    no_url.as_object_mut().unwrap().remove("returnUrl");
    assert_eq!(build(Flow::Authorize, no_url).unwrap_err().field.as_deref(), Some("request.returnUrl"));
    let upi = json!({"merchantTransactionId": "o", "amount": {"minorAmount": 100, "currency": "USD"}, "paymentMethod": {"type": "upiCollect", "upi": {"vpa": "a@b"}}, "state": token_state()});
    assert_eq!(build(Flow::Authorize, upi).unwrap_err().kind, ErrorKind::PaymentMethodNotSupported);
}

#[test]
fn long_idempotency_keys_are_hashed_to_fit_paypal_request_id() {
    let long = "k".repeat(200);
    let mut r = card_authorize(1000, "USD");
    r["idempotencyKey"] = json!(long);
    let id = header(&build(Flow::Authorize, r.clone()).unwrap(), "PayPal-Request-Id").unwrap().value.clone();
    assert!(id.len() <= MAX_REQUEST_ID && id.starts_with("sha256-"));
    assert_eq!(header(&build(Flow::Authorize, r).unwrap(), "PayPal-Request-Id").unwrap().value, id, "stable across retries");
}

#[test]
fn every_iso_currency_is_an_exact_paypal_amount_or_refused_naming_the_field() {
    for (code, exponent) in crate::kit::money::iso_currencies() {
        for minor in [1i64, 100, 123_456, 100_000] {
            let result = build(Flow::Authorize, card_authorize(minor, code));
            match mapping::currency_decimals(code) {
                None => {
                    let e = result.unwrap_err();
                    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.amount.currency")), "{code}");
                }
                Some(decimals) => {
                    let scale = 10i64.pow(u32::from(*exponent));
                    if decimals < *exponent && minor % scale != 0 {
                        let e = result.unwrap_err();
                        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.amount.minorAmount")), "{code} {minor}");
                        continue;
                    }
                    let value = body(&result.unwrap())["purchase_units"][0]["amount"]["value"].as_str().unwrap().to_string();
                    // Independent check: whole units and fraction read back to the same minor amount.
                    let (whole, frac) = value.split_once('.').unwrap_or((&value, ""));
                    assert_eq!(frac.len(), usize::from(decimals), "{code}: {value}");
                    let whole: i64 = whole.parse().unwrap();
                    let frac: i64 = if frac.is_empty() { 0 } else { frac.parse().unwrap() };
                    let back = whole * scale + frac * 10i64.pow(u32::from(*exponent - decimals.min(*exponent)));
                    assert_eq!(back, minor, "{code}: {minor} sent as {value}");
                }
            }
        }
    }
    // The three no-decimal currencies, spelled out.
    let v = |m, c| body(&build(Flow::Authorize, card_authorize(m, c)).unwrap())["purchase_units"][0]["amount"]["value"].clone();
    assert_eq!(v(1234, "JPY"), "1234");
    assert_eq!(v(150_000, "HUF"), "1500");
    assert_eq!(v(9_900, "TWD"), "99");
    assert_eq!(v(5, "USD"), "0.05");
    assert_eq!(v(1, "EUR"), "0.01");
}

#[test]
fn capture_void_refund_rsync_requests() {
    let st = json!({"accessToken": TOKEN, "paypalObject": "authorization", "orderId": "5O190127TN364715T"});
    let cap = build(Flow::Capture, json!({"connectorTransactionId": "0VF52814937998046", "amountToCapture": {"minorAmount": 600, "currency": "USD"}, "paymentAmount": {"minorAmount": 1000, "currency": "USD"}, "merchantCaptureId": "cap-1", "idempotencyKey": "idem-cap", "state": st})).unwrap();
    assert_eq!(cap.url, "https://api-m.sandbox.paypal.com/v2/payments/authorizations/0VF52814937998046/capture");
    assert_eq!(body(&cap), json!({"amount": {"currency_code": "USD", "value": "6.00"}, "final_capture": false, "invoice_id": "cap-1"}));
    assert_eq!(header(&cap, "PayPal-Request-Id").unwrap().value, "idem-cap");
    let full = build(Flow::Capture, json!({"connectorTransactionId": "0VF52814937998046", "amountToCapture": {"minorAmount": 1000, "currency": "USD"}, "paymentAmount": {"minorAmount": 1000, "currency": "USD"}, "state": st})).unwrap();
    assert_eq!(body(&full)["final_capture"], true);

    let void = build(Flow::Void, json!({"connectorTransactionId": "0VF52814937998046", "idempotencyKey": "k", "state": st})).unwrap();
    assert_eq!((void.method, void.url.as_str()), (HttpMethod::POST, "https://api-m.sandbox.paypal.com/v2/payments/authorizations/0VF52814937998046/void"));
    assert!(void.body.is_none());
    assert_eq!(header(&void, "PayPal-Request-Id").unwrap().value, "k");

    let cst = json!({"accessToken": TOKEN, "paypalObject": "capture"});
    let refund = build(Flow::Refund, json!({"connectorTransactionId": "2GG279541U471931P", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 250, "currency": "USD"}, "reason": "returned", "state": cst})).unwrap();
    assert_eq!(refund.url, "https://api-m.sandbox.paypal.com/v2/payments/captures/2GG279541U471931P/refund");
    assert_eq!(body(&refund), json!({"amount": {"currency_code": "USD", "value": "2.50"}, "invoice_id": "rf-1", "note_to_payer": "returned"}));
    assert_eq!(header(&refund, "PayPal-Request-Id").unwrap().value, "rf-1", "merchantRefundId is the key when none is given");

    let rsync = build(Flow::Rsync, json!({"connectorTransactionId": "2GG279541U471931P", "connectorRefundId": "1JU08902781691411", "state": token_state()})).unwrap();
    assert_eq!((rsync.method, rsync.url.as_str()), (HttpMethod::GET, "https://api-m.sandbox.paypal.com/v2/payments/refunds/1JU08902781691411"));

    // Wrong objects are refused before anything is sent.
    let e = build(Flow::Refund, json!({"connectorTransactionId": "0VF52814937998046", "merchantRefundId": "rf", "refundAmount": {"minorAmount": 1, "currency": "USD"}, "state": st})).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.connectorTransactionId")));
    let e = build(Flow::Capture, json!({"connectorTransactionId": "2GG", "amountToCapture": {"minorAmount": 1, "currency": "USD"}, "state": cst})).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.connectorTransactionId"));
}

#[test]
fn psync_reads_the_object_the_state_names_and_complete_authorize_acts_on_the_order() {
    let url = |object: &str| {
        build(Flow::Psync, json!({"connectorTransactionId": "ID1", "state": {"accessToken": TOKEN, "paypalObject": object}})).unwrap().url
    };
    assert_eq!(url("order"), "https://api-m.sandbox.paypal.com/v2/checkout/orders/ID1");
    assert_eq!(url("authorization"), "https://api-m.sandbox.paypal.com/v2/payments/authorizations/ID1");
    assert_eq!(url("capture"), "https://api-m.sandbox.paypal.com/v2/payments/captures/ID1");
    let e = build(Flow::Psync, json!({"connectorTransactionId": "ID1", "state": token_state()})).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.state.paypalObject")));
    let e = build(Flow::Psync, json!({"connectorTransactionId": "ID1", "state": {"accessToken": TOKEN, "paypalObject": "refund"}})).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidFieldValue);
    let traversal = build(Flow::Psync, json!({"connectorTransactionId": "../v1/x", "state": {"accessToken": TOKEN, "paypalObject": "order"}})).unwrap();
    assert_eq!(traversal.url, "https://api-m.sandbox.paypal.com/v2/checkout/orders/..%2Fv1%2Fx");

    let st = json!({"accessToken": TOKEN, "paypalObject": "order"});
    let manual = build(Flow::CompleteAuthorize, json!({"connectorTransactionId": "5O190127TN364715T", "captureMethod": "manual", "idempotencyKey": "k2", "state": st})).unwrap();
    assert_eq!(manual.url, "https://api-m.sandbox.paypal.com/v2/checkout/orders/5O190127TN364715T/authorize");
    assert_eq!(header(&manual, "PayPal-Request-Id").unwrap().value, "k2");
    let auto = build(Flow::CompleteAuthorize, json!({"connectorTransactionId": "5O190127TN364715T", "state": st})).unwrap();
    assert_eq!(auto.url, "https://api-m.sandbox.paypal.com/v2/checkout/orders/5O190127TN364715T/capture");
}

#[test]
fn production_and_base_url_override() {
    let req = FlowRequest::decode(Flow::Rsync, json!({"connectorTransactionId": "C", "connectorRefundId": "R", "state": token_state()})).unwrap();
    let prod = Options { environment: crate::protocol::Environment::Production, ..Options::default() };
    assert_eq!(PayPal.build_request(&req, auth(), &ctx_with(&prod)).unwrap().url, "https://api-m.paypal.com/v2/payments/refunds/R");
    let local = Options { base_url: Some("http://127.0.0.1:9/paypal/".into()), ..Options::default() };
    assert_eq!(PayPal.build_request(&req, auth(), &ctx_with(&local)).unwrap().url, "http://127.0.0.1:9/paypal/v2/payments/refunds/R");
}

fn order_with(intent_key: &str, object: Value) -> Value {
    json!({"id": "5O190127TN364715T", "status": "COMPLETED", "purchase_units": [{"reference_id": "order-7001", "payments": {intent_key: [object]}}]})
}

#[test]
fn authorize_results_from_orders() {
    let r = payment(Flow::Authorize, card_authorize(1000, "USD"), 201, order_with("authorizations", json!({"id": "0VF52814937998046", "status": "CREATED", "amount": {"currency_code": "USD", "value": "10.00"}, "network_transaction_reference": {"id": "123456789012345"}, "processor_response": {"response_code": "0000"}})));
    assert_eq!((r.status, r.connector_transaction_id.as_deref()), (PaymentStatus::Authorized, Some("0VF52814937998046")));
    assert_eq!(r.network_transaction_id.as_deref(), Some("123456789012345"));
    let state = r.state.unwrap();
    assert_eq!((state["paypalObject"].as_str(), state["orderId"].as_str()), ("authorization", "5O190127TN364715T"));
    assert!(!state.contains_key("accessToken"), "the token is never echoed into a result");

    let r = payment(Flow::Authorize, card_authorize(1000, "USD"), 201, order_with("captures", json!({"id": "2GG279541U471931P", "status": "COMPLETED", "amount": {"currency_code": "USD", "value": "10.00"}})));
    assert_eq!((r.status, r.connector_transaction_id.as_deref()), (PaymentStatus::Charged, Some("2GG279541U471931P")));
    assert_eq!(r.amount_captured, Some(crate::protocol::Money { minor_amount: 1000, currency: "USD".into() }));

    let pending = payment(Flow::Authorize, card_authorize(1000, "USD"), 200, json!({"id": "5O190127TN364715T", "status": "PAYER_ACTION_REQUIRED", "links": [{"href": "https://api-m.paypal.com/v2/checkout/orders/5O190127TN364715T", "rel": "self", "method": "GET"}, {"href": "https://www.paypal.com/checkoutnow?token=5O190127TN364715T", "rel": "payer-action", "method": "GET"}]}));
    assert_eq!(pending.status, PaymentStatus::AuthenticationPending);
    assert_eq!(pending.redirection.unwrap().url, "https://www.paypal.com/checkoutnow?token=5O190127TN364715T");
    assert_eq!(pending.state.unwrap()["paypalObject"], "order");

    // COMPLETED with nothing inside cannot say where the money is.
    let empty = payment(Flow::Authorize, card_authorize(1000, "USD"), 201, json!({"id": "5O1", "status": "COMPLETED"}));
    assert_eq!(empty.status, PaymentStatus::Unresolved);
    let e = parse(Flow::Authorize, card_authorize(1000, "USD"), 201, "<html>").unwrap_err();
    assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed);
}

#[test]
fn every_status_of_the_tables_reads_through_a_processor_shaped_body() {
    let (orders, auths, captures, refunds) = mapping::status_tables();
    let st = |o: &str| json!({"connectorTransactionId": "X1", "state": {"accessToken": TOKEN, "paypalObject": o}});
    for (s, expected) in orders {
        if *s == "COMPLETED" {
            continue; // read from what is inside (authorize_results_from_orders)
        }
        assert_eq!(payment(Flow::Psync, st("order"), 200, json!({"id": "X1", "status": s})).status, *expected, "order {s}");
    }
    for (s, expected) in auths {
        let r = payment(Flow::Psync, st("authorization"), 200, json!({"id": "X1", "status": s, "amount": {"currency_code": "USD", "value": "1.00"}}));
        assert_eq!((r.status, r.connector_status.as_deref()), (*expected, Some(*s)), "authorization {s}");
    }
    for (s, expected) in captures {
        let r = payment(Flow::Psync, st("capture"), 200, json!({"id": "X1", "status": s, "amount": {"currency_code": "USD", "value": "1.00"}}));
        assert_eq!(r.status, *expected, "capture {s}");
    }
    for (s, expected) in refunds {
        let FlowResult::Refund(r) = parse(Flow::Rsync, json!({"connectorTransactionId": "C", "connectorRefundId": "R", "state": token_state()}), 200, &json!({"id": "R", "status": s, "amount": {"currency_code": "USD", "value": "2.50"}}).to_string()).unwrap() else { panic!() };
        assert_eq!(r.status, *expected, "refund {s}");
        assert_eq!(r.refund_amount.unwrap().minor_amount, 250);
    }
    assert_eq!(payment(Flow::Psync, st("authorization"), 200, json!({"id": "X1", "status": "SOMETHING_NEW"})).status, PaymentStatus::Unresolved);
}

#[test]
fn every_processor_code_reads_from_a_declined_authorization() {
    for code in mapping::known_processor_codes() {
        let r = payment(Flow::Authorize, card_authorize(1000, "USD"), 201, order_with("authorizations", json!({"id": "A1", "status": "DENIED", "amount": {"currency_code": "USD", "value": "10.00"}, "processor_response": {"avs_code": "G", "cvv_code": "P", "response_code": code}})));
        assert_eq!(r.status, PaymentStatus::Failure, "{code}");
        let e = r.error.unwrap();
        let (unified, decline) = mapping::processor_code(Some(code));
        assert_eq!((e.code, e.decline_type), (unified, Some(decline)), "{code}");
        assert_eq!(e.connector_code.as_deref(), Some(code));
    }
    let check = |code: &str, unified: U, decline: DeclineType| assert_eq!(mapping::processor_code(Some(code)), (unified, decline), "{code}");
    use crate::protocol::DeclineType;
    check("0500", U::CardDeclined, DeclineType::Soft);
    check("5400", U::ExpiredCard, DeclineType::Hard);
    check("5120", U::InsufficientFunds, DeclineType::Soft);
    check("0880", U::ProcessingError, DeclineType::Soft);
    check("5110", U::IncorrectCvc, DeclineType::Soft);
    check("9520", U::LostOrStolenCard, DeclineType::Hard);
    check("9500", U::FraudSuspected, DeclineType::Hard);
    // A declined capture of an automatic order.
    let r = payment(Flow::Authorize, card_authorize(1000, "USD"), 201, order_with("captures", json!({"id": "C1", "status": "DECLINED", "amount": {"currency_code": "USD", "value": "10.00"}, "processor_response": {"response_code": "5400"}})));
    assert_eq!((r.status, r.error.unwrap().code), (PaymentStatus::Failure, U::ExpiredCard));
}

fn error_body(name: &str, issue: &str) -> Value {
    json!({"name": name, "message": "The requested action could not be performed, semantically incorrect, or failed business validation.", "debug_id": "90957fca61718", "details": [{"field": "/purchase_units/@reference_id=='default'/amount/value", "location": "body", "issue": issue, "description": "desc"}], "links": [{"href": format!("https://developer.paypal.com/docs/api/orders/v2/#error-{issue}"), "rel": "information_link", "method": "GET"}]})
}

#[test]
fn every_issue_and_name_of_the_tables_reads_through_an_error_body() {
    for (issue, unified, decline) in mapping::known_issues() {
        let r = payment(Flow::Authorize, card_authorize(1000, "USD"), 422, error_body("UNPROCESSABLE_ENTITY", issue));
        let e = r.error.unwrap();
        assert_eq!((e.code, e.decline_type), (unified, decline), "{issue}");
        assert_eq!(e.connector_code.as_deref(), Some(issue));
        assert_eq!(r.status, PaymentStatus::Failure, "{issue}");
        assert!(e.message.contains(issue) && e.message.contains("90957fca61718"));
    }
    for (name, unified) in mapping::known_names() {
        let body = json!({"name": name, "message": "m", "debug_id": "d"});
        let r = payment(Flow::Psync, json!({"connectorTransactionId": "X1", "state": {"accessToken": TOKEN, "paypalObject": "order"}}), 400, body);
        let e = r.error.unwrap();
        assert_eq!((e.code, e.connector_code.as_deref()), (unified, Some(name)), "{name}");
        assert_eq!(r.status, PaymentStatus::Unresolved, "a refused read says nothing about the payment");
    }
    let cases: &[(&str, &str, U)] = &[
        ("INSTRUMENT_DECLINED", "UNPROCESSABLE_ENTITY", U::CardDeclined),
        ("CARD_EXPIRED", "UNPROCESSABLE_ENTITY", U::ExpiredCard),
        ("DUPLICATE_INVOICE_ID", "UNPROCESSABLE_ENTITY", U::DuplicateTransaction),
        ("PAYER_ACTION_REQUIRED", "UNPROCESSABLE_ENTITY", U::AuthenticationRequired),
        ("SOMETHING_PAYPAL_ADDS_LATER", "UNPROCESSABLE_ENTITY", U::ProcessingError),
        ("SOMETHING_PAYPAL_ADDS_LATER", "INVALID_REQUEST", U::InvalidRequest),
    ];
    for (issue, name, unified) in cases {
        let r = payment(Flow::Authorize, card_authorize(1000, "USD"), 422, error_body(name, issue));
        assert_eq!(r.error.unwrap().code, *unified, "{issue}");
    }
}

#[test]
fn call_specific_readings_of_errors() {
    let st = json!({"accessToken": TOKEN, "paypalObject": "authorization"});
    let void = |status, body: Value| payment(Flow::Void, json!({"connectorTransactionId": "A1", "state": st}), status, body);
    assert_eq!(void(422, error_body("UNPROCESSABLE_ENTITY", "AUTHORIZATION_VOIDED")).status, PaymentStatus::Voided);
    assert_eq!(void(422, error_body("UNPROCESSABLE_ENTITY", "PREVIOUSLY_CAPTURED")).status, PaymentStatus::VoidFailed);
    let minimal = match parse(Flow::Void, json!({"connectorTransactionId": "A1", "state": st}), 204, "").unwrap() { FlowResult::Payment(p) => p, _ => panic!() };
    assert_eq!((minimal.status, minimal.connector_transaction_id.as_deref()), (PaymentStatus::Voided, Some("A1")));
    assert_eq!(void(500, json!({"name": "INTERNAL_SERVER_ERROR", "message": "An internal server error occurred."})).status, PaymentStatus::Unresolved);

    let cap = |status, body: Value| payment(Flow::Capture, json!({"connectorTransactionId": "A1", "amountToCapture": {"minorAmount": 100, "currency": "USD"}, "state": st}), status, body);
    let over = cap(422, error_body("UNPROCESSABLE_ENTITY", "MAX_CAPTURE_AMOUNT_EXCEEDED"));
    assert_eq!((over.status, over.error.unwrap().code), (PaymentStatus::CaptureFailed, U::InvalidAmount));
    assert_eq!(over.state.unwrap()["paypalObject"], "authorization");
    let declined = cap(201, json!({"id": "C9", "status": "DECLINED", "amount": {"currency_code": "USD", "value": "1.00"}}));
    assert_eq!(declined.status, PaymentStatus::CaptureFailed);

    let ost = json!({"accessToken": TOKEN, "paypalObject": "order"});
    let done = payment(Flow::CompleteAuthorize, json!({"connectorTransactionId": "O1", "captureMethod": "manual", "state": ost}), 422, error_body("UNPROCESSABLE_ENTITY", "ORDER_ALREADY_AUTHORIZED"));
    assert_eq!((done.status, done.connector_transaction_id.as_deref()), (PaymentStatus::Unresolved, Some("O1")));
    let not_approved = payment(Flow::CompleteAuthorize, json!({"connectorTransactionId": "O1", "state": ost}), 422, error_body("UNPROCESSABLE_ENTITY", "ORDER_NOT_APPROVED"));
    assert_eq!(not_approved.status, PaymentStatus::Failure);

    let rf = json!({"connectorTransactionId": "C1", "merchantRefundId": "r", "refundAmount": {"minorAmount": 100, "currency": "USD"}, "state": {"accessToken": TOKEN}});
    let FlowResult::Refund(r) = parse(Flow::Refund, rf.clone(), 422, &error_body("UNPROCESSABLE_ENTITY", "REFUND_AMOUNT_EXCEEDED").to_string()).unwrap() else { panic!() };
    assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Failure, U::InvalidAmount));
    let FlowResult::Refund(r) = parse(Flow::Refund, rf, 503, "<html>Service Unavailable</html>").unwrap() else { panic!() };
    assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Pending, U::ProcessorUnavailable));
}

// ---------------------------------------------------------------------------------------------
// The spec oracle: ../shared/oracles/paypal/*.json

fn paypal_spec(file: &str) -> Option<Value> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = match std::env::var_os("ORACLES_DIR") {
        Some(d) => repo.join(d),
        None => repo.join("../shared/oracles"),
    };
    let path = dir.join("paypal").join(file);
    if path.is_file() {
        return Some(serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap());
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "paypal oracle tests skipped: {} is missing", path.display());
    None
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
}

#[test]
fn every_status_and_processor_code_of_the_specs_is_in_a_table() {
    let (Some(orders), Some(payments)) = (paypal_spec("checkout_orders_v2.json"), paypal_spec("payments_payment_v2.json")) else { return };
    let (order_t, auth_t, cap_t, refund_t) = mapping::status_tables();
    let has = |t: &[(&str, PaymentStatus)], s: &str| t.iter().any(|(k, _)| *k == s);
    let o = &orders["components"]["schemas"];
    let p = &payments["components"]["schemas"];
    for s in strings(&o["order_status"]["enum"]) {
        assert!(has(order_t, &s), "order status {s}");
    }
    for spec in [o, p] {
        for s in strings(&spec["authorization_status"]["properties"]["status"]["enum"]) {
            assert!(has(auth_t, &s), "authorization status {s}");
        }
        for s in strings(&spec["capture_status"]["properties"]["status"]["enum"]) {
            assert!(has(cap_t, &s), "capture status {s}");
        }
        let codes: Vec<&str> = mapping::known_processor_codes().collect();
        for c in strings(&spec["processor_response"]["properties"]["response_code"]["enum"]) {
            assert!(codes.contains(&c.as_str()), "processor response code {c}");
        }
    }
    for s in strings(&p["refund_status"]["properties"]["status"]["enum"]) {
        assert!(refund_t.iter().any(|(k, _)| *k == s), "refund status {s}");
    }
}

#[test]
fn every_issue_of_the_tables_is_one_paypal_documents() {
    let (Some(orders), Some(payments)) = (paypal_spec("checkout_orders_v2.json"), paypal_spec("payments_payment_v2.json")) else { return };
    let text = orders.to_string() + &payments.to_string();
    for (issue, _, _) in mapping::known_issues() {
        assert!(text.contains(&format!("\"{issue}\"")), "{issue} is not in PayPal's specs");
    }
}

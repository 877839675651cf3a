//! PayPal connector tests: request building per flow, the token in state, idempotency headers,
//! money over every ISO currency, the status/issue/processor-code tables through processor-shaped
//! bodies, and the spec oracle (every enum value of the specs is in a table).

use crate::connectors::Context;
use crate::protocol::{Flow, FlowRequest, FlowResult, HttpMethod, HttpRequest, IncomingWebhook, RemoteVerification, WebhookResult};
use super::*;
use super::flows::MAX_REQUEST_ID;
use crate::connectors::test_support::{self, body, header};
use crate::protocol::{ErrorKind, Options, PaymentStatus, RefundStatus, UnifiedErrorCode as U};
use serde_json::json;

const TOKEN: &str = "A21AAFEpH4PsADK7qSS7pSRsgzfENtu-Q1ysgEDVDESseMHBYXVJYE8ovjj68elIDy8nF26AwPhfXTIeWAZHSLIsQkSYz9ifg";

fn auth() -> Value {
    json!({"clientId": "AUv8rrc_P-EbP2E0mpb49BV7rFt3Usr-vdUZO8VGOnjRehGHBXkSzchr37SYF2GNdQFYSp72jh5QUhzG", "clientSecret": "EMnAWe06ioGtouJs7gLYT9chK9-2jJ--7MKRXpI8FesmY_2Kp-d_7aCqff7M9moEJBvuXoBO4clKtY0v"})
}

fn token_state() -> Value {
    json!({"accessToken": TOKEN})
}

fn ctx_with(options: &Options) -> Context<'_> {
    test_support::ctx(CONNECTOR, options)
}

fn build(flow: Flow, request: Value) -> Result<HttpRequest, SidecarError> {
    test_support::build_with(CONNECTOR, flow, request, auth(), &Options::default())
}

fn parse(flow: Flow, request: Value, status: u16, body: &str) -> Result<FlowResult, SidecarError> {
    test_support::parse_with(CONNECTOR, flow, request, &test_support::response(status, body), &Options::default())
}

fn payment(flow: Flow, request: Value, status: u16, body: Value) -> crate::protocol::PaymentResult {
    test_support::payment(parse(flow, request, status, &body.to_string()).unwrap())
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
    let missing = CONNECTOR
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
    assert_eq!(body(&cap), json!({"amount": {"currency_code": "USD", "value": "6.00"}, "final_capture": true, "invoice_id": "cap-1"}));
    assert_eq!(header(&cap, "PayPal-Request-Id").unwrap().value, "idem-cap");
    // Without paymentAmount (the client often does not know it) a partial capture is still final.
    let partial = build(Flow::Capture, json!({"connectorTransactionId": "0VF52814937998046", "amountToCapture": {"minorAmount": 400, "currency": "USD"}, "state": st})).unwrap();
    assert_eq!(body(&partial)["final_capture"], true);
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
    assert_eq!(CONNECTOR.build_request(&req, auth(), &ctx_with(&prod)).unwrap().url, "https://api-m.paypal.com/v2/payments/refunds/R");
    let local = Options { base_url: Some("http://127.0.0.1:9/paypal/".into()), ..Options::default() };
    assert_eq!(CONNECTOR.build_request(&req, auth(), &ctx_with(&local)).unwrap().url, "http://127.0.0.1:9/paypal/v2/payments/refunds/R");
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
// The spec oracle: oracles/paypal/*.json

fn paypal_spec(file: &str) -> Value {
    crate::oracles::json(&format!("paypal/{file}"))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
}

#[test]
fn every_status_and_processor_code_of_the_specs_is_in_a_table() {
    let (orders, payments) = (paypal_spec("checkout_orders_v2.json"), paypal_spec("payments_payment_v2.json"));
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
    let (orders, payments) = (paypal_spec("checkout_orders_v2.json"), paypal_spec("payments_payment_v2.json"));
    let text = orders.to_string() + &payments.to_string();
    for (issue, _, _) in mapping::known_issues() {
        assert!(text.contains(&format!("\"{issue}\"")), "{issue} is not in PayPal's specs");
    }
}

// ---------- Vault v3: setupMandate, completeAuthorize of a setup token, repeatPayment ----------

fn save_card(amount: i64) -> Value {
    json!({
        "merchantTransactionId": "save-77",
        "amount": {"minorAmount": amount, "currency": "USD"},
        "paymentMethod": {"type": "card", "card": {"number": "4111111111111111", "expMonth": "02", "expYear": "2027", "cvc": "123", "holderName": "John Doe"}},
        "billingAddress": {"line1": "2211 N First Street", "city": "San Jose", "state": "CA", "postalCode": "95131", "country": "US"},
        "customer": {"connectorCustomerId": "customer_4029352050"},
        "idempotencyKey": "save-77",
        "state": token_state(),
    })
}

#[test]
fn setup_mandate_with_a_card_saves_a_payment_token_at_once() {
    let http = build(Flow::SetupMandate, save_card(0)).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::POST, "https://api-m.sandbox.paypal.com/v3/vault/payment-tokens"));
    assert_eq!(header(&http, "PayPal-Request-Id").unwrap().value, "save-77");
    assert!(http.body.as_ref().unwrap().sensitive, "the card is in the body");
    assert_eq!(
        body(&http),
        json!({"customer": {"id": "customer_4029352050"}, "payment_source": {"card": {
            "number": "4111111111111111", "expiry": "2027-02", "security_code": "123", "name": "John Doe",
            "billing_address": {"address_line_1": "2211 N First Street", "admin_area_2": "San Jose", "admin_area_1": "CA", "postal_code": "95131", "country_code": "US"}}}})
    );
    // PayPal's Vault charges nothing: a positive amount cannot be honoured, so it is refused.
    let e = build(Flow::SetupMandate, save_card(100)).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.amount.minorAmount")));
    let mut bad = save_card(0);
    bad["customer"]["connectorCustomerId"] = json!("not/a/customer");
    let e = build(Flow::SetupMandate, bad).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.customer.connectorCustomerId"));
    let mut upi = save_card(0);
    upi["paymentMethod"] = json!({"type": "upiCollect", "upi": {"vpa": "a@b"}});
    assert_eq!(build(Flow::SetupMandate, upi).unwrap_err().kind, ErrorKind::PaymentMethodNotSupported);

    // The spec's own payment_token_response example.
    let p = payment(
        Flow::SetupMandate,
        save_card(0),
        201,
        json!({"id": "8kk8451t", "customer": {"id": "customer_4029352050"}, "payment_source": {"card": {"last_digits": "1111", "expiry": "2027-02", "brand": "VISA", "name": "John Doe"}},
               "links": [{"rel": "self", "href": "https://api-m.paypal.com/v3/vault/payment-tokens/8kk8451t", "method": "GET"}]}),
    );
    assert_eq!(p.status, PaymentStatus::Charged);
    assert_eq!(p.mandate_reference.as_deref(), Some("8kk8451t"));
    assert_eq!(p.connector_customer_id.as_deref(), Some("customer_4029352050"));
    assert_eq!(p.state.as_ref().unwrap().get(STATE_PAYMENT_SOURCE).map(String::as_str), Some("card"));

    let refused = payment(
        Flow::SetupMandate,
        save_card(0),
        422,
        json!({"name": "UNPROCESSABLE_ENTITY", "message": "The requested action could not be performed", "debug_id": "b1c2",
               "details": [{"issue": "CARD_EXPIRED", "description": "The card is expired"}]}),
    );
    assert_eq!(refused.status, PaymentStatus::Failure);
    assert_eq!(refused.error.as_ref().unwrap().code, U::ExpiredCard);
    assert!(refused.mandate_reference.is_none());
    let down = payment(Flow::SetupMandate, save_card(0), 503, json!({"name": "SERVICE_UNAVAILABLE", "message": "x", "debug_id": "d"}));
    assert_eq!(down.status, PaymentStatus::Unresolved, "a 5xx may have saved it");
}

fn save_wallet() -> Value {
    json!({
        "merchantTransactionId": "save-78",
        "amount": {"minorAmount": 0, "currency": "USD"},
        "paymentMethod": {"type": "paypal"},
        "returnUrl": "https://shop.example/vault/return",
        "description": "Monthly coffee",
        "idempotencyKey": "save-78",
        "state": token_state(),
    })
}

#[test]
fn setup_mandate_with_the_wallet_is_a_setup_token_the_payer_approves_then_complete_authorize_saves_it() {
    let http = build(Flow::SetupMandate, save_wallet()).unwrap();
    assert_eq!(http.url, "https://api-m.sandbox.paypal.com/v3/vault/setup-tokens");
    assert_eq!(
        body(&http),
        json!({"payment_source": {"paypal": {"description": "Monthly coffee", "usage_type": "MERCHANT", "customer_type": "CONSUMER",
            "experience_context": {"return_url": "https://shop.example/vault/return", "cancel_url": "https://shop.example/vault/return"}}}})
    );
    let mut no_return = save_wallet();
    no_return.as_object_mut().unwrap().remove("returnUrl");
    assert_eq!(build(Flow::SetupMandate, no_return).unwrap_err().field.as_deref(), Some("request.returnUrl"));

    let p = payment(
        Flow::SetupMandate,
        save_wallet(),
        201,
        json!({"id": "85186205RL0794831", "customer": {"id": "fTfQyTnmnB"}, "status": "PAYER_ACTION_REQUIRED", "payment_source": {"paypal": {"usage_type": "MERCHANT"}},
               "links": [{"href": "https://api.sandbox.paypal.com/v3/vault/setup-tokens/85186205RL0794831", "rel": "self", "method": "GET"},
                         {"href": "https://sandbox.paypal.com/agreements/approve?approval_session_id=85186205RL0794831", "rel": "approve", "method": "GET"}]}),
    );
    assert_eq!(p.status, PaymentStatus::AuthenticationPending);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("85186205RL0794831"));
    assert_eq!(p.redirection.as_ref().unwrap().url, "https://sandbox.paypal.com/agreements/approve?approval_session_id=85186205RL0794831");
    let state = p.state.clone().unwrap();
    assert_eq!(state.get(STATE_OBJECT).map(String::as_str), Some(OBJECT_SETUP_TOKEN));
    assert!(p.mandate_reference.is_none(), "nothing is saved before the payer approves");

    // completeAuthorize on the setup token: the payment token.
    let mut st = state.clone();
    st.insert(STATE_ACCESS_TOKEN.into(), TOKEN.into());
    let complete = json!({"connectorTransactionId": "85186205RL0794831", "idempotencyKey": "save-78:confirm", "state": st});
    let http = build(Flow::CompleteAuthorize, complete.clone()).unwrap();
    assert_eq!(http.url, "https://api-m.sandbox.paypal.com/v3/vault/payment-tokens");
    assert_eq!(body(&http), json!({"payment_source": {"token": {"id": "85186205RL0794831", "type": "SETUP_TOKEN"}}}));
    let saved = payment(
        Flow::CompleteAuthorize,
        complete,
        201,
        json!({"id": "4j4mb9b3", "customer": {"id": "paypal_on_approve"}, "payment_source": {"paypal": {"usage_type": "MERCHANT", "email_address": "payer@example.com"}}}),
    );
    assert_eq!((saved.status, saved.mandate_reference.as_deref()), (PaymentStatus::Charged, Some("4j4mb9b3")));
    assert_eq!(saved.state.as_ref().unwrap().get(STATE_PAYMENT_SOURCE).map(String::as_str), Some("paypal"));

    // psync reads the setup token while the payer has yet to approve.
    let http = build(Flow::Psync, json!({"connectorTransactionId": "85186205RL0794831", "state": st})).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::GET, "https://api-m.sandbox.paypal.com/v3/vault/setup-tokens/85186205RL0794831"));
    // A setup token is neither captured, voided nor refunded.
    let e = build(Flow::Void, json!({"connectorTransactionId": "85186205RL0794831", "state": st})).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidFieldValue);
}

fn repeat(source: &str) -> Value {
    json!({
        "merchantTransactionId": "renewal-2027-01",
        "amount": {"minorAmount": 1500, "currency": "USD"},
        "mandateReference": "8kk8451t",
        "networkTransactionId": "123456789012345",
        "idempotencyKey": "renewal-2027-01",
        "state": {"accessToken": TOKEN, "paymentSource": source},
    })
}

#[test]
fn repeat_payment_is_a_merchant_initiated_order_on_the_vault_id() {
    let http = build(Flow::RepeatPayment, repeat("card")).unwrap();
    assert_eq!(http.url, "https://api-m.sandbox.paypal.com/v2/checkout/orders");
    assert_eq!(header(&http, "PayPal-Request-Id").unwrap().value, "renewal-2027-01");
    assert!(!http.body.as_ref().unwrap().sensitive, "a vault id is not card data");
    let b = body(&http);
    assert_eq!(b["intent"], "CAPTURE");
    assert_eq!(b["purchase_units"][0]["custom_id"], "renewal-2027-01");
    assert_eq!(b["purchase_units"][0]["amount"], json!({"currency_code": "USD", "value": "15.00"}));
    assert_eq!(
        b["payment_source"],
        json!({"card": {"vault_id": "8kk8451t", "stored_credential": {"payment_initiator": "MERCHANT", "payment_type": "UNSCHEDULED",
            "usage": "SUBSEQUENT", "previous_network_transaction_reference": {"id": "123456789012345"}}}})
    );
    let mut recurring = repeat("card");
    recurring["state"]["paypalPaymentType"] = json!("RECURRING");
    recurring["captureMethod"] = json!("manual");
    let b = body(&build(Flow::RepeatPayment, recurring).unwrap());
    assert_eq!((b["intent"].as_str(), b["payment_source"]["card"]["stored_credential"]["payment_type"].as_str()), (Some("AUTHORIZE"), Some("RECURRING")));
    let mut one_time = repeat("card");
    one_time["state"]["paypalPaymentType"] = json!("ONE_TIME");
    assert_eq!(build(Flow::RepeatPayment, one_time).unwrap_err().field.as_deref(), Some("request.state.paypalPaymentType"));

    let b = body(&build(Flow::RepeatPayment, repeat("paypal")).unwrap());
    assert_eq!(b["payment_source"], json!({"paypal": {"vault_id": "8kk8451t"}}));

    let mut unknown = repeat("card");
    unknown["state"].as_object_mut().unwrap().remove("paymentSource");
    let e = build(Flow::RepeatPayment, unknown).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.state.paymentSource")));
    let mut bad_id = repeat("card");
    bad_id["mandateReference"] = json!("../8kk8451t");
    assert_eq!(build(Flow::RepeatPayment, bad_id).unwrap_err().field.as_deref(), Some("request.mandateReference"));

    // The answer is an order like authorize's.
    let p = payment(
        Flow::RepeatPayment,
        repeat("card"),
        201,
        json!({"id": "5O190127TN364715T", "status": "COMPLETED", "purchase_units": [{"payments": {"captures": [
            {"id": "3C679366HH908993F", "status": "COMPLETED", "amount": {"currency_code": "USD", "value": "15.00"}}]}}]}),
    );
    assert_eq!((p.status, p.connector_transaction_id.as_deref()), (PaymentStatus::Charged, Some("3C679366HH908993F")));
    assert_eq!(p.amount_captured.as_ref().map(|m| m.minor_amount), Some(1500));
}

// ---------- webhooks: verifyWebhook, then parseWebhook with its result ----------

const EVENT: &str = r#"{"id":"WH-58D329510W468432D-8HN650336L201105X","event_version":"1.0","create_time":"2019-02-14T21:50:07.940Z","resource_type":"capture","resource_version":"2.0","event_type":"PAYMENT.CAPTURE.COMPLETED","summary":"Payment completed for $ 5.00 USD","resource":{"id":"CAPTURE001","amount":{"currency_code":"USD","value":"5.00"},"final_capture":true,"custom_id":"order-7001","status":"COMPLETED","supplementary_data":{"related_ids":{"order_id":"1W5313654M9708630"}}}}"#;

fn transmission_headers() -> Value {
    json!([
        {"name": "PAYPAL-AUTH-ALGO", "value": "SHA256withRSA"},
        {"name": "PAYPAL-CERT-URL", "value": "https://api-m.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77"},
        {"name": "PAYPAL-TRANSMISSION-ID", "value": "69cd13f0-d67a-11e5-baa3-778b53f4ae55"},
        {"name": "PAYPAL-TRANSMISSION-SIG", "value": "lmI95Jx3Y9nhR5SJWlHVIWpg4AgFk7n9bCHSRxbrd8A9zrhdu2rMyFrmz"},
        {"name": "PAYPAL-TRANSMISSION-TIME", "value": "2016-02-18T20:01:35Z"},
    ])
}

fn verify(body: &str) -> Value {
    json!({"headers": transmission_headers(), "body": body, "webhookId": "1JE4291016473214C", "state": token_state()})
}

fn verification(body: &str, status: u16, answer: &str) -> crate::protocol::WebhookVerificationResult {
    match parse(Flow::VerifyWebhook, verify(body), status, answer).unwrap() {
        FlowResult::WebhookVerification(v) => v,
        other => panic!("not a verification: {other:?}"),
    }
}

#[test]
fn verify_webhook_sends_the_transmission_headers_and_the_event_as_received() {
    let spaced = EVENT.replace(",\"event_version\"", ", \"event_version\"");
    let http = build(Flow::VerifyWebhook, verify(&spaced)).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::POST, "https://api-m.sandbox.paypal.com/v1/notifications/verify-webhook-signature"));
    assert_eq!(header(&http, "Authorization").unwrap().value, format!("Bearer {TOKEN}"));
    let sent = http.body.as_ref().unwrap();
    assert!(sent.sensitive, "it carries the transmission signature");
    // The event is embedded byte for byte (its spacing kept), not re-serialized.
    assert!(sent.data.ends_with(&format!(",\"webhook_event\":{spaced}}}")), "{}", sent.data);
    let b: Value = serde_json::from_str(&sent.data).unwrap();
    assert_eq!(b["auth_algo"], "SHA256withRSA");
    assert_eq!(b["transmission_id"], "69cd13f0-d67a-11e5-baa3-778b53f4ae55");
    assert_eq!(b["transmission_time"], "2016-02-18T20:01:35Z");
    assert_eq!(b["webhook_id"], "1JE4291016473214C");
    assert!(b["cert_url"].as_str().unwrap().starts_with("https://api-m.sandbox.paypal.com/v1/notifications/certs/"));
    // Headers are found whatever their case; one missing is named.
    let mut lower = verify(EVENT);
    for h in lower["headers"].as_array_mut().unwrap() {
        let n = h["name"].as_str().unwrap().to_ascii_lowercase();
        h["name"] = json!(n);
    }
    assert!(build(Flow::VerifyWebhook, lower).is_ok());
    let mut missing = verify(EVENT);
    missing["headers"].as_array_mut().unwrap().remove(3);
    let e = build(Flow::VerifyWebhook, missing).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingRequiredField);
    assert!(e.message.contains("PAYPAL-TRANSMISSION-SIG"), "{}", e.message);
    assert_eq!(build(Flow::VerifyWebhook, verify("not json")).unwrap_err().field.as_deref(), Some("request.body"));
    let mut bad_id = verify(EVENT);
    bad_id["webhookId"] = json!("1JE42/../x");
    assert_eq!(build(Flow::VerifyWebhook, bad_id).unwrap_err().field.as_deref(), Some("request.webhookId"));
    let mut no_token = verify(EVENT);
    no_token.as_object_mut().unwrap().remove("state");
    assert_eq!(build(Flow::VerifyWebhook, no_token).unwrap_err().field.as_deref(), Some("request.state.accessToken"));

    let ok = verification(EVENT, 200, r#"{"verification_status":"SUCCESS"}"#);
    assert!(ok.verified && ok.error.is_none());
    assert_eq!(ok.body_sha256, crate::kit::crypto::sha256_hex(EVENT.as_bytes()));
    let failed = verification(EVENT, 200, r#"{"verification_status":"FAILURE"}"#);
    assert!(!failed.verified && failed.error.is_none());
    assert!(failed.reason.unwrap().contains("FAILURE"));
    let expired = verification(EVENT, 401, r#"{"name":"AUTHENTICATION_FAILURE","message":"Authentication failed due to invalid authentication credentials or a missing Authorization header.","debug_id":"a1"}"#);
    assert!(!expired.verified);
    assert_eq!(expired.error.unwrap().code, U::InvalidCredentials, "the call failed: nothing is known, retry");
    assert!(parse(Flow::VerifyWebhook, verify(EVENT), 200, r#"{"verification_status":"MAYBE"}"#).is_err());
}

fn hook(body: &str, verification: Option<RemoteVerification>) -> WebhookResult {
    let webhook = IncomingWebhook { headers: vec![], body: body.to_string(), secret: Secret::new(""), url: None };
    test_support::read_webhook(CONNECTOR, &webhook, verification.as_ref(), &Options::default()).unwrap()
}

fn verified_for(body: &str) -> Option<RemoteVerification> {
    Some(RemoteVerification { verified: true, reason: None, body_sha256: Some(crate::kit::crypto::sha256_hex(body.as_bytes())) })
}

#[test]
fn parse_webhook_reads_events_only_with_paypals_success_for_this_body() {
    let none = hook(EVENT, None);
    assert!(!none.verified && none.events.is_empty());
    assert!(none.reason.as_ref().unwrap().contains("verifyWebhook"), "{:?}", none.reason);
    assert_eq!(none.acknowledgement.status, 401);
    let other_body = hook(EVENT, verified_for(&EVENT.replace("5.00", "6.00")));
    assert!(!other_body.verified && other_body.events.is_empty());
    assert!(other_body.reason.unwrap().contains("bodySha256"));
    let failed = hook(EVENT, Some(RemoteVerification { verified: false, reason: Some("FAILURE".into()), ..verified_for(EVENT).unwrap() }));
    assert!(!failed.verified && failed.events.is_empty());

    let r = hook(EVENT, verified_for(EVENT));
    assert!(r.verified);
    assert_eq!(r.acknowledgement.status, 200);
    let e = &r.events[0];
    assert_eq!((e.kind, e.event_type.as_str()), (crate::protocol::WebhookEventKind::Payment, "PAYMENT.CAPTURE.COMPLETED"));
    assert_eq!(e.payment_status, Some(PaymentStatus::Charged));
    assert_eq!(e.connector_transaction_id.as_deref(), Some("CAPTURE001"));
    assert_eq!(e.merchant_transaction_id.as_deref(), Some("order-7001"));
    assert_eq!(e.amount.as_ref().map(|m| (m.minor_amount, m.currency.as_str())), Some((500, "USD")));
    assert_eq!(e.connector_event_id.as_deref(), Some("WH-58D329510W468432D-8HN650336L201105X"));
    assert_eq!(e.occurred_at.as_deref(), Some("2019-02-14T21:50:07.940Z"));
}

#[test]
fn event_types_map_through_the_api_status_tables() {
    let event = |event_type: &str, resource: Value| {
        let body = json!({"id": "WH-1", "create_time": "2026-11-27T00:00:00Z", "event_type": event_type, "resource": resource}).to_string();
        hook(&body, verified_for(&body)).events.remove(0)
    };
    use crate::protocol::WebhookEventKind as K;
    let capture = |status: &str| json!({"id": "CAP1", "status": status, "amount": {"currency_code": "JPY", "value": "1500"}});
    assert_eq!(event("PAYMENT.CAPTURE.DENIED", capture("DECLINED")).payment_status, Some(PaymentStatus::Failure));
    assert_eq!(event("PAYMENT.CAPTURE.PENDING", capture("PENDING")).payment_status, Some(PaymentStatus::Pending));
    assert_eq!(event("PAYMENT.CAPTURE.PENDING", capture("PENDING")).amount.map(|m| m.minor_amount), Some(1500));
    let auth = |status: &str| json!({"id": "AUTH1", "status": status, "custom_id": "order-9", "amount": {"currency_code": "USD", "value": "10.50"}});
    let created = event("PAYMENT.AUTHORIZATION.CREATED", auth("CREATED"));
    assert_eq!((created.payment_status, created.connector_transaction_id.as_deref()), (Some(PaymentStatus::Authorized), Some("AUTH1")));
    assert_eq!(event("PAYMENT.AUTHORIZATION.VOIDED", auth("VOIDED")).payment_status, Some(PaymentStatus::Voided));
    let refund = event(
        "PAYMENT.CAPTURE.REFUNDED",
        json!({"id": "1JU08902781691411", "status": "COMPLETED", "invoice_id": "rf-1", "amount": {"currency_code": "USD", "value": "2.50"},
               "links": [{"rel": "self", "href": "https://api.paypal.com/v2/payments/refunds/1JU08902781691411"},
                         {"rel": "up", "href": "https://api.paypal.com/v2/payments/captures/2GG279541U471931P"}]}),
    );
    assert_eq!((refund.kind, refund.refund_status), (K::Refund, Some(RefundStatus::Success)));
    assert_eq!(refund.connector_refund_id.as_deref(), Some("1JU08902781691411"));
    assert_eq!(refund.connector_transaction_id.as_deref(), Some("2GG279541U471931P"));
    assert_eq!(refund.merchant_refund_id.as_deref(), Some("rf-1"));
    assert_eq!(refund.amount.map(|m| m.minor_amount), Some(250));
    let approved = event("CHECKOUT.ORDER.APPROVED", json!({"id": "9JL52742K01513702", "status": "APPROVED", "purchase_units": [{"custom_id": "order-5"}]}));
    assert_eq!((approved.payment_status, approved.connector_transaction_id.as_deref()), (Some(PaymentStatus::AuthenticationSuccessful), Some("9JL52742K01513702")));
    assert_eq!(approved.merchant_transaction_id.as_deref(), Some("order-5"));
    let completed = event(
        "CHECKOUT.ORDER.COMPLETED",
        json!({"id": "O1", "status": "COMPLETED", "purchase_units": [{"payments": {"captures": [{"id": "CAP9", "status": "COMPLETED", "amount": {"currency_code": "USD", "value": "1.00"}}]}}]}),
    );
    assert_eq!((completed.payment_status, completed.connector_transaction_id.as_deref()), (Some(PaymentStatus::Charged), Some("CAP9")));
    let token = event("VAULT.PAYMENT-TOKEN.CREATED", json!({"id": "8kk8451t", "payment_source": {"card": {"last_digits": "1111"}}}));
    assert_eq!((token.kind, token.mandate_reference.as_deref()), (K::Mandate, Some("8kk8451t")));
    assert_eq!(event("CUSTOMER.DISPUTE.CREATED", json!({"dispute_id": "PP-D-1"})).kind, K::Dispute);
    assert_eq!(event("BILLING.SUBSCRIPTION.CREATED", json!({"id": "I-1"})).kind, K::Other);
    // A resource that is not what PayPal documents is a typed error, not a panic.
    let body = json!({"id": "WH-2", "event_type": "PAYMENT.CAPTURE.COMPLETED", "resource": {"id": 5}}).to_string();
    let webhook = IncomingWebhook { headers: vec![], body: body.clone(), secret: Secret::new(""), url: None };
    let e = test_support::read_webhook(CONNECTOR, &webhook, verified_for(&body).as_ref(), &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidFieldValue);
}

#[test]
fn list_connectors_says_webhooks_are_verified_remotely_and_create_customer_is_implicit() {
    assert!(CONNECTOR.reads_webhooks());
    assert_eq!(CONNECTOR.webhook_verification(), Some(crate::connectors::WebhookVerification::Remote));
    let json = CONNECTOR.listing();
    assert_eq!(json["webhookVerification"], "remote");
    for f in [Flow::SetupMandate, Flow::RepeatPayment, Flow::VerifyWebhook] {
        assert!(CONNECTOR.supports(f) && !CONNECTOR.unsupported_reason(f).is_some(), "{f:?}");
    }
    let e = build(Flow::CreateCustomer, json!({"customer": {"email": "a@b.example"}, "state": token_state()})).unwrap_err();
    assert_eq!(e.kind, ErrorKind::FlowNotSupported);
    assert!(e.message.contains("connectorCustomerId"), "{}", e.message);
}

/// Apple Pay and Google Pay decrypted by the merchant go as payment_source.apple_pay /
/// google_pay `decrypted_token` (the server SDK's ApplePayDecryptedTokenData and
/// GooglePayDecryptedTokenData), in a sensitive body; an encrypted token is refused naming it.
#[test]
fn wallets_decrypted_only() {
    let mut r = json!({"merchantTransactionId": "o-1", "amount": {"minorAmount": 1000, "currency": "USD"}, "state": {"accessToken": "A21AA-x"},
        "paymentMethod": {"type": "applePay", "applePay": {"decrypted": {"number": "4111111111111111", "expMonth": "02", "expYear": "2030", "cryptogram": "AmDy9dG8qcCNAAEAvYjZAoABFA==", "eci": "07"}}}});
    let http = build(Flow::Authorize, r.clone()).unwrap();
    assert!(http.body.as_ref().unwrap().sensitive);
    let b = body(&http);
    assert_eq!(b["payment_source"], json!({"apple_pay": {"decrypted_token": {"transaction_amount": {"currency_code": "USD", "value": "10.00"},
        "tokenized_card": {"number": "4111111111111111", "expiry": "2030-02"}, "payment_data_type": "3DSECURE",
        "payment_data": {"cryptogram": "AmDy9dG8qcCNAAEAvYjZAoABFA==", "eci_indicator": "07"}}}}));
    r["paymentMethod"] = json!({"type": "googlePay", "googlePay": {"decrypted": {"number": "4111111111111111", "expMonth": "12", "expYear": "2031"}}});
    let b = body(&build(Flow::Authorize, r.clone()).unwrap());
    assert_eq!(b["payment_source"]["google_pay"]["decrypted_token"]["authentication_method"], "PAN_ONLY");
    assert_eq!(b["payment_source"]["google_pay"]["decrypted_token"]["payment_method"], "CARD");
    r["paymentMethod"] = json!({"type": "applePay", "applePay": {"paymentData": "eyJkYXRhIjoiLi4uIn0="}});
    let e = build(Flow::Authorize, r.clone()).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.paymentMethod.applePay.paymentData")));
    r["paymentMethod"] = json!({"type": "applePay", "applePay": {"decrypted": {"number": "4111111111111111", "expMonth": "02", "expYear": "2030"}}});
    assert_eq!(build(Flow::Authorize, r).unwrap_err().field.as_deref(), Some("request.paymentMethod.applePay.decrypted.cryptogram"));
}

fn network_token_authorize(token: Value) -> Value {
    json!({"merchantTransactionId": "order-8031", "amount": {"minorAmount": 2500, "currency": "USD"}, "captureMethod": "manual",
        "paymentMethod": {"type": "networkToken", "networkToken": token}, "idempotencyKey": "idem-8031", "state": token_state()})
}

/// A third-party network token is payment_source.card.network_token (checkout_orders_v2.json
/// network_token_request; the server SDK's NetworkToken), in a sensitive body, with the ECI as
/// PayPal's eci_flag word; what PayPal cannot take is refused naming the field and never quoting it.
#[test]
fn network_token_goes_as_card_network_token() {
    let mut r = network_token_authorize(json!({"number": "4895370017256311", "expMonth": "12", "expYear": "2030",
        "cryptogram": "AgAAAAAABk4DWZ4C28yUQAAAAAA=", "eci": "05", "tokenRequestorId": "40010030273"}));
    r["billingAddress"] = json!({"line1": "1 Main St", "city": "San Jose", "state": "CA", "postalCode": "95131", "country": "US"});
    let http = build(Flow::Authorize, r.clone()).unwrap();
    assert!(http.body.as_ref().unwrap().sensitive, "the body carries the token and its cryptogram");
    let b = body(&http);
    assert_eq!(b["intent"], "AUTHORIZE");
    assert_eq!(
        b["payment_source"],
        json!({"card": {
            "network_token": {"number": "4895370017256311", "expiry": "2030-12", "cryptogram": "AgAAAAAABk4DWZ4C28yUQAAAAAA=",
                "eci_flag": "FULLY_AUTHENTICATED_TRANSACTION", "token_requestor_id": "40010030273"},
            "billing_address": {"address_line_1": "1 Main St", "admin_area_2": "San Jose", "admin_area_1": "CA", "postal_code": "95131", "country_code": "US"}
        }})
    );
    // A Mastercard token without ECI or TRID, captured at once.
    let mut mc = network_token_authorize(json!({"number": "5555555555554444", "expMonth": "01", "expYear": "2031", "cryptogram": "AAAAAAAA7pWDT3wAAAAAAAAAAAA="}));
    mc["captureMethod"] = json!("automatic");
    let b = body(&build(Flow::Authorize, mc.clone()).unwrap());
    assert_eq!(b["intent"], "CAPTURE");
    assert_eq!(b["payment_source"], json!({"card": {"network_token": {"number": "5555555555554444", "expiry": "2031-01", "cryptogram": "AAAAAAAA7pWDT3wAAAAAAAAAAAA="}}}));
    mc["paymentMethod"]["networkToken"]["eci"] = json!("02");
    assert_eq!(body(&build(Flow::Authorize, mc.clone()).unwrap())["payment_source"]["card"]["network_token"]["eci_flag"], "MASTERCARD_FULLY_AUTHENTICATED_TRANSACTION");

    let refused = |r: Value| build(Flow::Authorize, r).unwrap_err();
    let base = || r.clone();
    let mut x = base();
    x["paymentMethod"]["networkToken"]["eci"] = json!("02");
    let e = refused(x);
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.paymentMethod.networkToken.eci")));
    let mut x = mc.clone();
    x["paymentMethod"]["networkToken"]["eci"] = json!("07");
    assert_eq!(refused(x).field.as_deref(), Some("request.paymentMethod.networkToken.eci"));
    let mut x = base();
    x["paymentMethod"]["networkToken"]["cryptogram"] = json!("SECRETCRYPTOGRAM");
    let e = refused(x);
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.paymentMethod.networkToken.cryptogram")));
    assert!(!e.message.contains("SECRETCRYPTOGRAM"), "{}", e.message);
    let mut x = base();
    x["paymentMethod"]["networkToken"]["tokenRequestorId"] = json!("trid-lower-too-long");
    let e = refused(x);
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.networkToken.tokenRequestorId"));
    assert!(!e.message.contains("trid-lower"), "{}", e.message);
    let mut x = base();
    x["paymentMethod"]["networkToken"]["number"] = json!("424242424241");
    let e = refused(x);
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.networkToken.number"));
    assert!(!e.message.contains("424242424241"), "{}", e.message);
    let mut x = base();
    x["threeDs"] = json!({"mode": "challenge"});
    x["returnUrl"] = json!("https://shop.example/return");
    assert_eq!(refused(x).field.as_deref(), Some("request.threeDs"));
    let mut x = base();
    x["setupFutureUsage"] = json!("offSession");
    let e = refused(x);
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.setupFutureUsage")));
    // Only authorize takes it: setupMandate refuses it by the declaration.
    let e = build(Flow::SetupMandate, json!({"merchantTransactionId": "m-1", "amount": {"minorAmount": 0, "currency": "USD"}, "paymentMethod": r["paymentMethod"].clone(), "state": token_state()})).unwrap_err();
    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported);
    let listed = CONNECTOR.listing();
    assert!(listed["paymentMethods"].as_array().unwrap().iter().any(|m| m["type"] == "networkToken" && m["flows"] == json!(["authorize"])));
    assert!(!listed["unsupportedPaymentMethods"].as_array().unwrap().iter().any(|m| m["type"] == "networkToken"));
}

//! Tests of the whole connector: requests and their headers, every currency, every code of the
//! tables read from processor-shaped bodies, the spec's enums and examples, webhooks.

use crate::connectors::checkout::mapping::EventMeaning;
use crate::kit::crypto::{hex, hmac_sha256};
use crate::protocol::{Flow, FlowRequest, HttpMethod, HttpRequest, HttpResponse, IncomingWebhook, PaymentStatus, WebhookEventKind, WebhookResult};
use super::*;
use crate::connectors::test_support::{self, body, header};
use crate::protocol::{
    DeclineType, ErrorKind, Options, PaymentResult, RefundResult, RefundStatus, UnifiedErrorCode as U,
};
use serde_json::json;

const KEY: &str = "sk_sbox_m73dzbpy7cf3gfd46xr4yj5xo4e";
const PAN: &str = "4242424242424242";

fn auth() -> Value {
    json!({"apiKey": KEY})
}

fn decode(flow: Flow, request: Value) -> FlowRequest {
    FlowRequest::decode(flow, request).unwrap_or_else(|e| panic!("{}", e.message))
}

fn build(flow: Flow, request: Value) -> Result<HttpRequest, SidecarError> {
    test_support::build_with(CONNECTOR, flow, request, auth(), &Options::default())
}

fn card_authorize(extra: Value) -> Value {
    let mut r = json!({
        "merchantTransactionId": "order-1001",
        "amount": {"minorAmount": 1099, "currency": "USD"},
        "paymentMethod": {"type": "card", "card": {"number": PAN, "expMonth": "12", "expYear": "2030", "cvc": "100", "holderName": "Jane Doe"}},
    });
    for (k, v) in extra.as_object().unwrap() {
        r[k] = v.clone();
    }
    r
}

fn response(status: u16, body: Value) -> HttpResponse {
    test_support::response(status, body.to_string())
}

fn payment(flow: Flow, request: Value, resp: &HttpResponse) -> PaymentResult {
    test_support::payment(test_support::parse_with(CONNECTOR, flow, request, resp, &Options::default()).unwrap())
}

fn refund(flow: Flow, request: Value, resp: &HttpResponse) -> RefundResult {
    test_support::refund(test_support::parse_with(CONNECTOR, flow, request, resp, &Options::default()).unwrap())
}

// ---------------------------------------------------------------------------------------------
// Requests

#[test]
fn authorize_card_manual_with_3ds() {
    let http = build(
        Flow::Authorize,
        card_authorize(json!({"captureMethod": "manual", "returnUrl": "https://shop.example/return", "idempotencyKey": "idem-1",
            "threeDs": {"mode": "challenge"},
            "billingAddress": {"line1": "1 Main St", "line2": "Apt 4", "city": "Springfield", "postalCode": "62701", "country": "us"},
            "browserInfo": {"ipAddress": "192.0.2.10"}, "metadata": {"cart": "c-77"}})),
    )
    .unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::POST, "https://api.sandbox.checkout.com/payments"));
    let auth_header = header(&http, "Authorization").unwrap();
    assert_eq!(auth_header.value, format!("Bearer {KEY}"));
    assert!(auth_header.sensitive);
    assert_eq!(header(&http, "Cko-Idempotency-Key").unwrap().value, "idem-1");
    assert!(http.body.as_ref().unwrap().sensitive);
    assert_eq!(
        body(&http),
        json!({
            "source": {"type": "card", "number": PAN, "expiry_month": 12, "expiry_year": 2030, "name": "Jane Doe", "cvv": "100",
                       "billing_address": {"address_line1": "1 Main St", "address_line2": "Apt 4", "city": "Springfield", "zip": "62701", "country": "US"}},
            "amount": 1099, "currency": "USD", "reference": "order-1001", "capture": false,
            "3ds": {"enabled": true, "challenge_indicator": "challenge_requested"},
            "success_url": "https://shop.example/return", "failure_url": "https://shop.example/return",
            "payment_ip": "192.0.2.10", "metadata": {"cart": "c-77"}
        })
    );
}

#[test]
fn authorize_token_automatic_without_3ds() {
    let http = build(
        Flow::Authorize,
        json!({"merchantTransactionId": "o-2", "amount": {"minorAmount": 500, "currency": "JPY"},
               "paymentMethod": {"type": "token", "token": {"value": "tok_ubfj2q76miwundwlk72vxt2i7q"}}}),
    )
    .unwrap();
    assert!(header(&http, "Cko-Idempotency-Key").is_none());
    assert_eq!(
        body(&http),
        json!({"source": {"type": "token", "token": "tok_ubfj2q76miwundwlk72vxt2i7q"}, "amount": 500, "currency": "JPY",
               "reference": "o-2", "capture": true})
    );
    let e = build(
        Flow::Authorize,
        json!({"merchantTransactionId": "o-2", "amount": {"minorAmount": 500, "currency": "INR"},
               "paymentMethod": {"type": "upiCollect", "upi": {"vpa": "a@b"}}}),
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported);
}

#[test]
fn authorize_saving_the_card_for_later() {
    let http = build(
        Flow::Authorize,
        card_authorize(json!({"setupFutureUsage": "offSession", "recurringType": "scheduled", "returnUrl": "https://r", "customer": {"email": "j@example.com", "connectorCustomerId": "cus_y3oqhf46pyzuxjbcn2giaqnb44"}})),
    )
    .unwrap();
    let b = body(&http);
    assert_eq!(b["payment_type"], "Recurring");
    assert_eq!(b["merchant_initiated"], false);
    assert_eq!(b["3ds"], json!({"enabled": true, "challenge_indicator": "challenge_requested_mandate"}));
    assert_eq!(b["customer"], json!({"id": "cus_y3oqhf46pyzuxjbcn2giaqnb44", "email": "j@example.com"}));
    let on = body(&build(Flow::Authorize, card_authorize(json!({"setupFutureUsage": "onSession"}))).unwrap());
    assert_eq!((on.get("payment_type"), &on["merchant_initiated"]), (None, &json!(false)));
    // The saved source comes back as the mandate reference.
    let ok = response(
        201,
        json!({"id": "pay_1", "status": "Authorized", "approved": true, "response_code": "10000", "source": {"id": "src_nwd3m4in3hkuddfpjsaevunhdy"}, "scheme_id": "489341065491658"}),
    );
    let r = payment(Flow::Authorize, card_authorize(json!({"setupFutureUsage": "offSession", "captureMethod": "manual"})), &ok);
    assert_eq!(r.mandate_reference.as_deref(), Some("src_nwd3m4in3hkuddfpjsaevunhdy"));
    assert_eq!(r.network_transaction_id.as_deref(), Some("489341065491658"));
}

#[test]
fn limits_are_refused_naming_the_field() {
    let e = build(Flow::Authorize, card_authorize(json!({"merchantTransactionId": "x".repeat(51)}))).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.merchantTransactionId")));
    let e = build(Flow::Authorize, card_authorize(json!({"description": "d".repeat(101)}))).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.description"));
    assert!(build(Flow::Authorize, card_authorize(json!({"description": "d".repeat(100)}))).is_ok());
}

fn paypal_authorize(extra: Value) -> Value {
    let mut r = card_authorize(json!({"paymentMethod": {"type": "paypal"}, "returnUrl": "https://shop.example/return"}));
    for (k, v) in extra.as_object().unwrap() {
        r[k] = v.clone();
    }
    r
}

#[test]
fn paypal_is_a_redirect_payment_captured_on_approval() {
    // Checkout.com's PayPal guide: source {type: paypal}, success_url and failure_url.
    let http = build(Flow::Authorize, paypal_authorize(json!({"description": "Order 1001"}))).unwrap();
    let b = body(&http);
    assert_eq!(b["source"], json!({"type": "paypal"}));
    assert_eq!((b["capture"].clone(), b["reference"].clone()), (json!(true), json!("order-1001")));
    assert_eq!((b["success_url"].clone(), b["failure_url"].clone()), (json!("https://shop.example/return"), json!("https://shop.example/return")));
    assert!(b.get("3ds").is_none() && b.get("payment_type").is_none());
    // The guide's answer: 202 Pending, PayPal's approval page under _links.redirect.
    let pending = response(
        202,
        json!({"id": "pay_wppxkyg3hx4ujguxecqg2qdsoi", "status": "Pending", "processing": {"order_id": "5PW63543DN0351914"},
               "_links": {"self": {"href": "https://api.sandbox.checkout.com/payments/pay_wppxkyg3hx4ujguxecqg2qdsoi"},
                          "redirect": {"href": "https://www.sandbox.paypal.com/checkoutnow?token=5PW63543DN0351914"}}}),
    );
    let r = payment(Flow::Authorize, paypal_authorize(json!({})), &pending);
    assert_eq!(r.status, PaymentStatus::AuthenticationPending);
    assert_eq!(r.connector_transaction_id.as_deref(), Some("pay_wppxkyg3hx4ujguxecqg2qdsoi"));
    assert_eq!(r.redirection.unwrap().url, "https://www.sandbox.paypal.com/checkoutnow?token=5PW63543DN0351914");
    // Back from PayPal: the payment reads Captured.
    let captured = response(200, json!({"id": "pay_wppxkyg3hx4ujguxecqg2qdsoi", "status": "Captured", "amount": 1099, "currency": "USD", "approved": true, "source": {"type": "paypal"}}));
    let r = payment(Flow::Psync, json!({"connectorTransactionId": "pay_wppxkyg3hx4ujguxecqg2qdsoi"}), &captured);
    assert_eq!(r.status, PaymentStatus::Charged);
    assert_eq!(r.amount_captured.unwrap().minor_amount, 1099);
}

#[test]
fn paypal_refusals_name_the_field() {
    let cases = [
        (json!({"captureMethod": "manual"}), ErrorKind::InvalidFieldValue, "request.captureMethod"),
        (json!({"setupFutureUsage": "offSession"}), ErrorKind::InvalidFieldValue, "request.setupFutureUsage"),
        (json!({"returnUrl": null}), ErrorKind::MissingRequiredField, "request.returnUrl"),
        (json!({"paymentMethod": {"type": "paypal", "paypal": {"email": "jane@example.com"}}}), ErrorKind::InvalidFieldValue, "request.paymentMethod.paypal.email"),
        (json!({"threeDs": {"mode": "challenge"}}), ErrorKind::InvalidFieldValue, "request.threeDs"),
        (json!({"statementDescriptor": "SHOP"}), ErrorKind::InvalidFieldValue, "request.statementDescriptor"),
    ];
    for (extra, kind, field) in cases {
        let mut request = paypal_authorize(json!({}));
        for (k, v) in extra.as_object().unwrap() {
            if v.is_null() {
                request.as_object_mut().unwrap().remove(k);
            } else {
                request[k] = v.clone();
            }
        }
        let e = build(Flow::Authorize, request).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (kind, Some(field)), "{extra}");
        assert!(!e.message.contains("jane@example.com"));
    }
    // Declared for authorize only: the sidecar refuses a PayPal setupMandate before the
    // connector runs, and takes a PayPal authorize.
    let check = |flow| crate::connectors::check_payment_method(CONNECTOR.info(), &decode(flow, paypal_authorize(json!({}))));
    assert_eq!(check(Flow::SetupMandate).unwrap_err().kind, ErrorKind::PaymentMethodNotSupported);
    assert!(check(Flow::Authorize).is_ok());
}

#[test]
fn setup_mandate_zero_value_verification() {
    let http = build(
        Flow::SetupMandate,
        json!({"merchantTransactionId": "m-1", "amount": {"minorAmount": 0, "currency": "EUR"},
               "paymentMethod": {"type": "card", "card": {"number": PAN, "expMonth": "01", "expYear": "2031"}},
               "returnUrl": "https://shop.example/r", "idempotencyKey": "m-1-setup", "recurringType": "scheduled"}),
    )
    .unwrap();
    assert_eq!(header(&http, "Cko-Idempotency-Key").unwrap().value, "m-1-setup");
    assert_eq!(
        body(&http),
        json!({"source": {"type": "card", "number": PAN, "expiry_month": 1, "expiry_year": 2031}, "amount": 0, "currency": "EUR",
               "payment_type": "Recurring", "merchant_initiated": false, "reference": "m-1", "capture": false,
               "3ds": {"enabled": true, "challenge_indicator": "challenge_requested_mandate"},
               "success_url": "https://shop.example/r", "failure_url": "https://shop.example/r"})
    );
    let verified = response(
        201,
        json!({"id": "pay_v", "action_id": "act_v", "amount": 0, "currency": "EUR", "approved": true, "status": "Card Verified",
               "response_code": "10000", "source": {"id": "src_wmlfc3zyhqzehihu7giusaaawu", "type": "card"}, "scheme_id": "123456789012345"}),
    );
    let r = payment(
        Flow::SetupMandate,
        json!({"merchantTransactionId": "m-1", "amount": {"minorAmount": 0, "currency": "EUR"},
               "paymentMethod": {"type": "card", "card": {"number": PAN, "expMonth": "01", "expYear": "2031"}}}),
        &verified,
    );
    assert_eq!(r.status, PaymentStatus::Charged);
    assert_eq!(r.mandate_reference.as_deref(), Some("src_wmlfc3zyhqzehihu7giusaaawu"));
    assert_eq!(r.network_transaction_id.as_deref(), Some("123456789012345"));
    assert!(r.amount_captured.is_none());
    // A declined verification saves nothing.
    let declined = response(201, json!({"id": "pay_v", "approved": false, "status": "Declined", "response_code": "20087", "source": {"id": "src_x"}}));
    let r = payment(
        Flow::SetupMandate,
        json!({"merchantTransactionId": "m-1", "amount": {"minorAmount": 0, "currency": "EUR"},
               "paymentMethod": {"type": "card", "card": {"number": PAN, "expMonth": "01", "expYear": "2031"}}}),
        &declined,
    );
    assert_eq!((r.status, r.mandate_reference), (PaymentStatus::Failure, None));
    assert_eq!(r.error.unwrap().code, U::IncorrectCvc);
}

#[test]
fn repeat_payment_is_merchant_initiated() {
    let req = json!({"merchantTransactionId": "r-1", "amount": {"minorAmount": 2500, "currency": "GBP"},
                     "mandateReference": "src_wmlfc3zyhqzehihu7giusaaawu", "networkTransactionId": "123456789012345",
                     "idempotencyKey": "r-1-repeat", "description": "monthly subscription", "recurringType": "scheduled"});
    let http = build(Flow::RepeatPayment, req.clone()).unwrap();
    assert_eq!(header(&http, "Cko-Idempotency-Key").unwrap().value, "r-1-repeat");
    assert_eq!(
        body(&http),
        json!({"source": {"type": "id", "id": "src_wmlfc3zyhqzehihu7giusaaawu"}, "amount": 2500, "currency": "GBP",
               "payment_type": "Recurring", "merchant_initiated": true, "reference": "r-1", "description": "monthly subscription",
               "capture": true, "previous_payment_id": "123456789012345"})
    );
    let ok = response(201, json!({"id": "pay_r", "status": "Captured", "approved": true, "amount": 2500, "currency": "GBP", "response_code": "10000"}));
    let r = payment(Flow::RepeatPayment, req, &ok);
    assert_eq!(r.status, PaymentStatus::Charged);
    assert_eq!(r.amount_captured.unwrap().minor_amount, 2500);
    assert_eq!(r.mandate_reference.as_deref(), Some("src_wmlfc3zyhqzehihu7giusaaawu"));
}

#[test]
fn capture_void_refund_and_syncs() {
    let capture = json!({"connectorTransactionId": "pay_mbabizu24mvu3mela5njyhpit4", "amountToCapture": {"minorAmount": 600, "currency": "USD"},
                         "paymentAmount": {"minorAmount": 1099, "currency": "USD"}, "merchantCaptureId": "cap-1", "idempotencyKey": "k-cap"});
    let http = build(Flow::Capture, capture.clone()).unwrap();
    assert_eq!(http.url, "https://api.sandbox.checkout.com/payments/pay_mbabizu24mvu3mela5njyhpit4/captures");
    assert_eq!(header(&http, "Cko-Idempotency-Key").unwrap().value, "k-cap");
    assert_eq!(body(&http), json!({"amount": 600, "reference": "cap-1"}));
    assert!(!http.body.as_ref().unwrap().sensitive);
    let accepted = response(202, json!({"action_id": "act_y3oqhf46pyzuxjbcn2giaqnb44", "reference": "cap-1",
        "_links": {"payment": {"href": "https://api.checkout.com/payments/pay_mbabizu24mvu3mela5njyhpit4"}}}));
    let r = payment(Flow::Capture, capture.clone(), &accepted);
    assert_eq!((r.status, r.connector_transaction_id.as_deref()), (PaymentStatus::CaptureInitiated, Some("pay_mbabizu24mvu3mela5njyhpit4")));
    let refused = response(422, json!({"request_id": "r", "error_type": "request_invalid", "error_codes": ["capture_value_greater_than_remaining_authorized"]}));
    let r = payment(Flow::Capture, capture.clone(), &refused);
    assert_eq!((r.status, r.error.unwrap().code), (PaymentStatus::CaptureFailed, U::InvalidAmount));
    let forbidden = HttpResponse { status: 403, headers: vec![], body: String::new(), encoding: None };
    let r = payment(Flow::Capture, capture.clone(), &forbidden);
    assert_eq!((r.status, r.error.unwrap().code), (PaymentStatus::CaptureFailed, U::TransactionNotAllowed));
    let gone = HttpResponse { status: 502, headers: vec![], body: "Bad gateway".into(), encoding: None };
    assert_eq!(payment(Flow::Capture, capture, &gone).status, PaymentStatus::Unresolved);

    let void = json!({"connectorTransactionId": "pay_1", "merchantTransactionId": "order-1", "idempotencyKey": "k-void"});
    let http = build(Flow::Void, void.clone()).unwrap();
    assert_eq!(http.url, "https://api.sandbox.checkout.com/payments/pay_1/voids");
    assert_eq!(body(&http), json!({"reference": "order-1"}));
    assert_eq!(payment(Flow::Void, void.clone(), &response(202, json!({"action_id": "act_2"}))).status, PaymentStatus::VoidInitiated);
    assert_eq!(payment(Flow::Void, void, &forbidden).status, PaymentStatus::VoidFailed);

    let rf = json!({"connectorTransactionId": "pay_1", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 300, "currency": "USD"},
                    "idempotencyKey": "rf-1", "metadata": {"reason": "damaged"}});
    let http = build(Flow::Refund, rf.clone()).unwrap();
    assert_eq!(http.url, "https://api.sandbox.checkout.com/payments/pay_1/refunds");
    assert_eq!(header(&http, "Cko-Idempotency-Key").unwrap().value, "rf-1");
    assert_eq!(body(&http), json!({"amount": 300, "reference": "rf-1", "metadata": {"reason": "damaged"}}));
    let r = refund(Flow::Refund, rf.clone(), &response(202, json!({"action_id": "act_refund1", "reference": "rf-1"})));
    assert_eq!((r.status, r.connector_refund_id.as_deref()), (RefundStatus::Pending, Some("act_refund1")));
    let r = refund(Flow::Refund, rf.clone(), &response(422, json!({"error_type": "request_invalid", "error_codes": ["refund_amount_exceeds_balance"]})));
    assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Failure, U::InvalidAmount));
    let r = refund(Flow::Refund, rf, &gone);
    assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Pending, U::ProcessorUnavailable));

    let psync = json!({"connectorTransactionId": "pay_1"});
    let http = build(Flow::Psync, psync).unwrap();
    assert_eq!((http.method, http.url.as_str(), http.body.is_none()), (HttpMethod::GET, "https://api.sandbox.checkout.com/payments/pay_1", true));
    assert!(header(&http, "Cko-Idempotency-Key").is_none());
    let rsync = json!({"connectorTransactionId": "pay_1", "connectorRefundId": "act_refund1", "refundAmount": {"minorAmount": 300, "currency": "USD"}});
    let http = build(Flow::Rsync, rsync.clone()).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::GET, "https://api.sandbox.checkout.com/payments/pay_1/actions"));
    let actions = response(200, json!([{"id": "act_refund1", "type": "Refund", "amount": 300, "approved": true, "response_code": "10000", "processed_on": "2026-01-01T00:00:00Z"}]));
    let r = refund(Flow::Rsync, rsync, &actions);
    assert_eq!((r.status, r.refund_amount.unwrap().minor_amount), (RefundStatus::Success, 300));
    // Ids never change the path.
    let http = build(Flow::Psync, json!({"connectorTransactionId": "pay_1/../../x"})).unwrap();
    assert_eq!(http.url, "https://api.sandbox.checkout.com/payments/pay_1%2F..%2F..%2Fx");
}

#[test]
fn psync_reads_capture_mode_from_state() {
    let authorized = response(200, json!({"id": "pay_1", "status": "Authorized", "approved": true, "amount": 1099, "currency": "USD"}));
    let with = |state: Value| payment(Flow::Psync, json!({"connectorTransactionId": "pay_1", "state": state}), &authorized);
    let auto = with(json!({"captureMethod": "automatic"}));
    assert_eq!(auto.status, PaymentStatus::CaptureInitiated);
    assert_eq!(auto.state.unwrap()["captureMethod"], "automatic");
    assert_eq!(with(json!({"captureMethod": "manual"})).status, PaymentStatus::Authorized);
    let unknown = with(json!({}));
    assert_eq!((unknown.status, unknown.state), (PaymentStatus::Authorized, None));
    // authorize leaves the mode in state.
    let r = payment(Flow::Authorize, card_authorize(json!({})), &response(201, json!({"id": "pay_1", "status": "Authorized", "approved": true})));
    assert_eq!(r.status, PaymentStatus::CaptureInitiated);
    assert_eq!(r.state.unwrap()["captureMethod"], "automatic");
}

// ---------------------------------------------------------------------------------------------
// Credentials and hosts

#[test]
fn credentials_and_hosts() {
    let req = decode(Flow::Psync, json!({"connectorTransactionId": "pay_1"}));
    let sandbox = Options::default();
    let production = Options { environment: Environment::Production, ..Options::default() };
    let url = |auth: Value, opts: &Options| CONNECTOR.build_request(&req, auth, &test_support::ctx(CONNECTOR, opts)).map(|h| h.url);
    assert_eq!(url(json!({"apiKey": KEY, "subdomain": "vkuhvk4v"}), &sandbox).unwrap(), "https://vkuhvk4v.api.sandbox.checkout.com/payments/pay_1");
    assert_eq!(url(json!({"apiKey": KEY, "subdomain": "vkuhvk4v"}), &production).unwrap(), "https://vkuhvk4v.api.checkout.com/payments/pay_1");
    assert_eq!(url(json!({"apiKey": KEY, "subdomain": "pl-vkuhvk4v"}), &production).unwrap(), "https://pl-vkuhvk4v.api.checkout.com/payments/pay_1");
    assert_eq!(url(json!({"apiKey": KEY}), &production).unwrap(), "https://api.checkout.com/payments/pay_1");
    let emulator = Options { base_url: Some("http://127.0.0.1:4010/checkout/".into()), ..Options::default() };
    assert_eq!(url(json!({"apiKey": KEY, "subdomain": "vkuhvk4v"}), &emulator).unwrap(), "http://127.0.0.1:4010/checkout/payments/pay_1");
    for bad in ["evil.com/x", "VKUHVK4V", "pl-", "a b"] {
        let e = url(json!({"apiKey": KEY, "subdomain": bad}), &sandbox).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("auth.subdomain"), "{bad}");
    }
    // A key given with its Bearer keeps one Bearer.
    let http = CONNECTOR.build_request(&req, json!({"apiKey": format!("Bearer {KEY}")}), &test_support::ctx(CONNECTOR, &sandbox)).unwrap();
    assert_eq!(header(&http, "Authorization").unwrap().value, format!("Bearer {KEY}"));
    // Refusals name the field and never the value.
    for (auth, kind) in [
        (json!({}), ErrorKind::MissingRequiredField),
        (json!({"apiKey": "  "}), ErrorKind::MissingRequiredField),
        (json!({"apiKey": "pk_sbox_secretish_public_key_value"}), ErrorKind::InvalidFieldValue),
        (json!({"apiKey": "sk_test_0b9b5db6-f223-49d0-b68f-f6643dd4f808"}), ErrorKind::InvalidFieldValue),
        (json!({"apiKey": "sk_0b9b5db6-f223-49d0-b68f-f6643dd4f808"}), ErrorKind::InvalidFieldValue),
    ] {
        let e = CONNECTOR.build_request(&req, auth.clone(), &test_support::ctx(CONNECTOR, &sandbox)).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (kind, Some("auth.apiKey")), "{auth}");
        let text = format!("{} {}", e.message, e.to_data());
        assert!(!text.contains("0b9b5db6") && !text.contains("secretish"), "{text}");
    }
    let e = CONNECTOR.build_request(&req, json!({"apiKey": KEY, "other": "sk_sbox_leak"}), &test_support::ctx(CONNECTOR, &sandbox)).unwrap_err();
    assert!(!e.message.contains("sk_sbox_leak"));
    // The processing channel goes into payments.
    let auth_pc = json!({"apiKey": KEY, "processingChannelId": "pc_q4dbxom5jbgudnjzjpz7j2z6uq"});
    let http = CONNECTOR.build_request(&decode(Flow::Authorize, card_authorize(json!({}))), auth_pc, &test_support::ctx(CONNECTOR, &sandbox)).unwrap();
    assert_eq!(body(&http)["processing_channel_id"], "pc_q4dbxom5jbgudnjzjpz7j2z6uq");
}

#[test]
fn unsupported_flows_say_why() {
    for flow in [Flow::CreateAccessToken, Flow::CreateCustomer, Flow::CompleteAuthorize] {
        assert!(!CONNECTOR.supports(flow));
        let e = crate::connectors::flow_not_supported(CONNECTOR, flow);
        assert_eq!(e.kind, ErrorKind::FlowNotSupported);
        assert!(e.message.contains("Checkout.com does not support"), "{}", e.message);
        let reason = CONNECTOR.unsupported_reason(flow).unwrap();
        assert!(e.message.contains(reason));
    }
}

// ---------------------------------------------------------------------------------------------
// Money: every active currency

#[test]
fn every_active_currency_is_exact_or_refused() {
    let mut sent = 0;
    for &(currency, iso) in crate::kit::money::iso_currencies() {
        let mut accepted = 0;
        for minor in [1i64, 7, 10, 100, 1234, 10_000, 123_450, 99_999_999, 1_000_000_000] {
            let request = card_authorize(json!({"amount": {"minorAmount": minor, "currency": currency}}));
            match build(Flow::Authorize, request) {
                Ok(http) => {
                    let body = body(&http);
                    let amount = body["amount"].as_i64().unwrap();
                    let cko = requests::checkout_exponent(currency).unwrap();
                    // amount / 10^cko == minor / 10^iso, exactly.
                    assert_eq!(
                        i128::from(amount) * 10i128.pow(u32::from(iso)),
                        i128::from(minor) * 10i128.pow(u32::from(cko)),
                        "{minor} {currency} became {amount}"
                    );
                    assert!(amount <= requests::MAX_AMOUNT);
                    assert_eq!(body["currency"], currency);
                    // And back.
                    assert_eq!(requests::unified_amount(amount, currency).unwrap().minor_amount, minor, "{currency}");
                    accepted += 1;
                    sent += 1;
                }
                Err(e) => {
                    assert_eq!(e.kind, ErrorKind::InvalidFieldValue, "{minor} {currency}: {}", e.message);
                    let field = e.field.as_deref().unwrap();
                    assert!(
                        field == "request.amount.minorAmount" || field == "request.amount.currency",
                        "{minor} {currency}: {field}"
                    );
                }
            }
        }
        if currency == "CLF" {
            assert_eq!(accepted, 0, "CLF must be refused");
        } else {
            assert!(accepted >= 3, "{currency}: only {accepted} amounts accepted");
        }
    }
    assert!(sent > 1000, "{sent}");
}

// ---------------------------------------------------------------------------------------------
// Every code of the tables, read from Checkout.com-shaped bodies

#[test]
fn every_response_code_maps_from_a_declined_payment() {
    let mut n = 0;
    for (code, want) in mapping::known_response_codes() {
        let body = json!({"id": "pay_aqwuar5sjb5upkupgywyzapfii", "action_id": "act_aqwuar5sjb5upkupgywyzapfii", "currency": "USD",
                          "amount": 100, "approved": false, "status": "Declined", "response_code": code,
                          "source": {"type": "card", "expiry_month": 12, "expiry_year": 2030, "last4": "3670"},
                          "processed_on": "2023-01-17T17:41:52Z"});
        let r = payment(Flow::Authorize, card_authorize(json!({})), &response(201, body));
        assert_eq!(r.status, PaymentStatus::Failure, "{code}");
        let e = r.error.unwrap_or_else(|| panic!("{code}: no error"));
        assert_eq!(e.code, want, "{code}");
        assert_eq!(e.connector_code.as_deref(), Some(code));
        assert!(e.connector_message.is_some(), "{code}: no text");
        let expected_type = if code.starts_with('2') { DeclineType::Soft } else { DeclineType::Hard };
        assert_eq!(e.decline_type, Some(expected_type), "{code}");
        n += 1;
    }
    assert!(n >= 100, "{n}");
}

#[test]
fn every_error_code_maps_from_a_validation_error() {
    for (code, want) in mapping::known_error_codes() {
        let body = json!({"request_id": "0HL80RJLS76I7", "error_type": "request_invalid", "error_codes": [code]});
        let r = payment(Flow::Authorize, card_authorize(json!({})), &response(422, body));
        assert_eq!(r.status, PaymentStatus::Failure, "{code}");
        let e = r.error.unwrap();
        assert_eq!((e.code, e.connector_code.as_deref()), (want, Some(code)), "{code}");
        assert!(e.decline_type.is_none());
    }
}

// ---------------------------------------------------------------------------------------------
// The spec (oracles/checkout, 2021)

fn checkout_spec() -> Value {
    crate::oracles::json("checkout/checkout-nas.bundled.json")
}

#[test]
fn every_status_of_the_spec_is_mapped() {
    let spec = checkout_spec();
    let mut seen = std::collections::BTreeSet::new();
    for schema in ["PaymentResponse", "PaymentDetails"] {
        let statuses = spec["components"]["schemas"][schema]["properties"]["status"]["enum"].as_array().unwrap();
        for s in statuses {
            let s = s.as_str().unwrap();
            assert!(mapping::status_meaning(s).is_some(), "{schema}.status `{s}` has no mapping");
            seen.insert(s.to_string());
        }
    }
    let pending = spec["components"]["schemas"]["PaymentAcceptedResponse"]["properties"]["status"]["enum"].as_array().unwrap();
    assert_eq!(pending, &vec![json!("Pending")]);
    // The table may only add what today's docs document beyond the 2021 spec.
    for s in mapping::known_statuses() {
        assert!(seen.contains(s) || s == "Retry Scheduled", "`{s}` is neither in the spec nor documented as newer");
    }
}

#[test]
fn spec_examples_map() {
    let spec = checkout_spec();
    let example = &spec["paths"]["/payments"]["post"]["responses"]["201"]["content"]["application/json"]["example"];
    let manual = payment(Flow::Authorize, card_authorize(json!({"captureMethod": "manual", "setupFutureUsage": "onSession"})), &response(201, example.clone()));
    assert_eq!(manual.status, PaymentStatus::Authorized);
    assert_eq!(manual.connector_transaction_id.as_deref(), Some("pay_mbabizu24mvu3mela5njyhpit4"));
    assert_eq!(manual.network_transaction_id.as_deref(), Some("489341065491658"));
    assert_eq!(manual.mandate_reference.as_deref(), Some("src_nwd3m4in3hkuddfpjsaevunhdy"));
    assert!(manual.error.is_none() && manual.redirection.is_none());
    let auto = payment(Flow::Authorize, card_authorize(json!({})), &response(201, example.clone()));
    assert_eq!(auto.status, PaymentStatus::CaptureInitiated);
    // The actions example: the refund action, found by id.
    let actions = &spec["components"]["schemas"]["PaymentActionsResponse"]["example"];
    let rsync = json!({"connectorTransactionId": "pay_mbabizu24mvu3mela5njyhpit4", "connectorRefundId": "act_fd3h6evhpn3uxdoqbuu3lqnqbm",
                       "refundAmount": {"minorAmount": 1000, "currency": "USD"}});
    let r = refund(Flow::Rsync, rsync, &response(200, actions.clone()));
    assert_eq!((r.status, r.refund_amount.unwrap().minor_amount), (RefundStatus::Success, 1000));
    // Every action type of the spec is one rsync understands (Refund) or refuses by name.
    for t in spec["components"]["schemas"]["PaymentAction"]["properties"]["type"]["enum"].as_array().unwrap() {
        let t = t.as_str().unwrap();
        let body = json!([{"id": "act_t", "type": t, "amount": 1, "approved": true, "response_code": "10000", "processed_on": "2021-01-01T00:00:00Z"}]);
        let outcome = CONNECTOR.parse_response(&decode(Flow::Rsync, json!({"connectorTransactionId": "pay_1", "connectorRefundId": "act_t"})),
            &response(200, body),
            &test_support::ctx(CONNECTOR, &Options::default()),
        );
        assert_eq!(outcome.is_ok(), t == "Refund", "{t}");
    }
}

// ---------------------------------------------------------------------------------------------
// Webhooks

const WEBHOOK_SECRET: &str = "whsk_checkout_test_signature_key";

fn signed(body: &str) -> IncomingWebhook {
    let sig = hex(&hmac_sha256(WEBHOOK_SECRET.as_bytes(), body.as_bytes()));
    IncomingWebhook {
        headers: vec![crate::protocol::ResponseHeader { name: "cko-signature".into(), value: sig }],
        body: body.to_string(),
        secret: Secret::new(WEBHOOK_SECRET),
        url: None,
    }
}

fn parse_hook(w: &IncomingWebhook) -> WebhookResult {
    test_support::read_webhook(CONNECTOR, w, None, &Options::default()).unwrap()
}

#[test]
fn webhook_signature() {
    // Checkout.com's own payment_refunded example (docs, webhook event types).
    let body = r#"{"id":"evt_sojezy57bieu5hbxrmem74jx54","type":"payment_refunded","version":"1.0.29","created_on":"2023-05-24T09:28:33.7515599Z","data":{"id":"pay_234iojjumr4ejphuvcsnpnugs4","action_id":"act_v3ap4uxinl6exk5hdgetatbywi","reference":"ORD-5023-4E89","amount":40000,"processed_on":"2023-05-24T09:28:29.3682789Z","response_code":"10000","response_summary":"Approved","balances":{"total_authorized":40000,"total_voided":0,"available_to_void":0,"total_captured":40000,"available_to_capture":0,"total_refunded":40000,"available_to_refund":0},"metadata":{"coupon_code":"NY2018","partner_id":"123989"},"currency":"EUR"}}"#;
    let ok = parse_hook(&signed(body));
    assert!(ok.verified, "{:?}", ok.reason);
    assert_eq!(ok.acknowledgement.status, 200);
    let e = &ok.events[0];
    assert_eq!((e.kind, e.event_type.as_str()), (WebhookEventKind::Refund, "payment_refunded"));
    assert_eq!(e.connector_event_id.as_deref(), Some("evt_sojezy57bieu5hbxrmem74jx54"));
    assert_eq!(e.connector_transaction_id.as_deref(), Some("pay_234iojjumr4ejphuvcsnpnugs4"));
    assert_eq!(e.connector_refund_id.as_deref(), Some("act_v3ap4uxinl6exk5hdgetatbywi"));
    assert_eq!(e.merchant_refund_id.as_deref(), Some("ORD-5023-4E89"));
    assert_eq!(e.refund_status, Some(RefundStatus::Success));
    assert_eq!(e.amount.as_ref().unwrap().minor_amount, 40000);
    assert_eq!(e.occurred_at.as_deref(), Some("2023-05-24T09:28:33.7515599Z"));

    // Upper-case hex is the same signature.
    let mut upper = signed(body);
    upper.headers[0].value = upper.headers[0].value.to_ascii_uppercase();
    assert!(parse_hook(&upper).verified);
    // One byte changed in the body, a wrong secret, no header: refused, never echoing either.
    let mut tampered = signed(body);
    tampered.body = tampered.body.replace("40000", "40001");
    let mut wrong_secret = signed(body);
    wrong_secret.secret = Secret::new("another_secret");
    let mut unsigned = signed(body);
    unsigned.headers.clear();
    for (name, w) in [("tampered", tampered), ("wrong secret", wrong_secret), ("unsigned", unsigned)] {
        let r = parse_hook(&w);
        assert!(!r.verified, "{name}");
        assert!(r.events.is_empty());
        assert_eq!(r.acknowledgement.status, 401);
        let reason = r.reason.unwrap();
        assert!(!reason.contains(WEBHOOK_SECRET) && !reason.contains(&signed(body).headers[0].value), "{reason}");
    }
    // An empty secret is a caller error; a verified body that is not JSON cannot be read.
    let mut empty = signed(body);
    empty.secret = Secret::new("");
    assert_eq!(test_support::read_webhook(CONNECTOR, &empty, None, &Options::default()).unwrap_err().kind, ErrorKind::MissingRequiredField);
    let e = test_support::read_webhook(CONNECTOR, &signed("not json"), None, &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed);
}

#[test]
fn every_event_type_maps() {
    for (event_type, meaning) in mapping::known_events() {
        let body = json!({"id": "evt_1", "type": event_type, "version": "1.0.29", "created_on": "2026-01-01T00:00:00Z",
                          "data": {"id": "pay_1", "payment_id": "pay_1", "action_id": "act_1", "reference": "ref-1", "amount": 1000,
                                   "currency": "USD", "response_code": "20051", "response_summary": "Insufficient Funds",
                                   "source": {"id": "src_1"}}})
        .to_string();
        let r = parse_hook(&signed(&body));
        assert!(r.verified);
        let e = &r.events[0];
        assert_eq!(e.event_type, event_type);
        assert_eq!(e.connector_transaction_id.as_deref(), Some("pay_1"), "{event_type}");
        match meaning {
            EventMeaning::Refund(status) => {
                assert_eq!((e.kind, e.refund_status), (WebhookEventKind::Refund, Some(status)), "{event_type}");
                assert_eq!(e.connector_refund_id.as_deref(), Some("act_1"));
                assert_eq!(e.merchant_refund_id.as_deref(), Some("ref-1"));
                assert_eq!(e.error.is_some(), status == RefundStatus::Failure, "{event_type}");
            }
            EventMeaning::Dispute => assert_eq!(e.kind, WebhookEventKind::Dispute),
            other => {
                assert_eq!(e.kind, WebhookEventKind::Payment, "{event_type}");
                assert_eq!(e.merchant_transaction_id.as_deref(), Some("ref-1"));
                let status = e.payment_status.unwrap();
                match other {
                    EventMeaning::Payment(s) => assert_eq!(status, s),
                    EventMeaning::Approved => assert_eq!(status, PaymentStatus::Authorized),
                    EventMeaning::Captured => assert_eq!(status, PaymentStatus::Charged),
                    _ => unreachable!(),
                }
                let failed = matches!(
                    status,
                    PaymentStatus::Failure | PaymentStatus::CaptureFailed | PaymentStatus::VoidFailed | PaymentStatus::AuthenticationFailed
                );
                assert_eq!(e.error.is_some(), failed, "{event_type}");
                if let Some(err) = &e.error {
                    assert_eq!((err.code, err.connector_code.as_deref()), (U::InsufficientFunds, Some("20051")));
                }
            }
        }
    }
    // A partial capture, by the balances.
    let partial = json!({"id": "evt_2", "type": "payment_captured", "data": {"id": "pay_1", "amount": 600, "currency": "USD",
        "balances": {"total_authorized": 1099, "total_captured": 600, "available_to_capture": 499}}})
    .to_string();
    assert_eq!(parse_hook(&signed(&partial)).events[0].payment_status, Some(PaymentStatus::PartialCharged));
    // card_verified names the saved source.
    let verified = json!({"id": "evt_3", "type": "card_verified", "data": {"id": "pay_1", "source": {"id": "src_1"}}}).to_string();
    assert_eq!(parse_hook(&signed(&verified)).events[0].mandate_reference.as_deref(), Some("src_1"));
    // Anything else is reported as it is.
    let other = json!({"id": "evt_4", "type": "balance_below_threshold", "data": {"id": "ent_1"}}).to_string();
    let e = &parse_hook(&signed(&other)).events[0];
    assert_eq!((e.kind, e.connector_transaction_id.as_deref()), (WebhookEventKind::Other, None));
}

/// A dispute id is one path segment: a slash in it is encoded, never a path of its own (the
/// spec's pattern, `dsp_` and 26 word characters, would refuse it: not a vector against the spec).
#[test]
fn a_dispute_id_is_one_encoded_path_segment() {
    let http = build(Flow::Dsync, json!({ "connectorDisputeId": "dsp_x/../payments" })).unwrap();
    assert_eq!(http.url, "https://api.sandbox.checkout.com/disputes/dsp_x%2F..%2Fpayments");
    let e = build(Flow::AcceptDispute, json!({ "connectorDisputeId": " " })).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.connectorDisputeId"));
}

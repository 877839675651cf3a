//! Paystack: the flow table, requests, responses, tables and webhooks. Expected values come from
//! Paystack's API reference (the spec's examples, its documented answers) and its webhook formula.

use super::mapping::{api_error_code, decline, dispute_status, known_payment_statuses, payment_status, refund_status};
use super::CONNECTOR;
use crate::connectors::test_support::{body, build_with, header, parse_with, payment, read_webhook, refund, response};
use crate::protocol::{
    DeclineType, DisputeStatus, ErrorKind, Flow, HttpMethod, IncomingWebhook, Options, PaymentStatus, RefundStatus, ResponseHeader, Secret,
    UnifiedErrorCode as U,
};
use serde_json::{json, Value};

fn auth() -> Value {
    json!({"apiKey": "sk_test_unit"})
}

fn charge(currency: &str, minor: i64) -> Value {
    json!({
        "merchantTransactionId": "order-1001",
        "amount": {"minorAmount": minor, "currency": currency},
        "paymentMethod": {"type": "token", "token": {"value": "AUTH_df1l5ehnym", "kind": "authorization_code"}},
        "customer": {"email": "jb@email.com"}
    })
}

#[test]
fn authorize_charges_the_authorization_code_with_the_bearer_key() {
    let http = build_with(CONNECTOR, Flow::Authorize, charge("NGN", 30000), auth(), &Options::default()).unwrap();
    assert_eq!(http.method, HttpMethod::POST);
    assert_eq!(http.url, "https://api.paystack.co/transaction/charge_authorization");
    let h = header(&http, "Authorization").unwrap();
    assert_eq!(h.value, "Bearer sk_test_unit");
    assert!(h.sensitive);
    // TransactionChargeAuthorization: email, amount in kobo, authorization_code, reference, currency.
    assert_eq!(
        body(&http),
        json!({"email": "jb@email.com", "amount": 30000, "authorization_code": "AUTH_df1l5ehnym", "reference": "order-1001", "currency": "NGN"})
    );
    assert!(http.body.as_ref().unwrap().sensitive, "an authorization code charges on its own");
}

#[test]
fn every_currency_paystack_takes_is_sent_in_its_subunit_unchanged_and_others_are_refused() {
    for c in ["GHS", "KES", "NGN", "USD", "ZAR"] {
        let http = build_with(CONNECTOR, Flow::Authorize, charge(c, 10050), auth(), &Options::default()).unwrap();
        assert_eq!(body(&http)["amount"], 10050, "{c}: 100.50 is 10050 subunits");
        assert_eq!(body(&http)["currency"], c);
    }
    for c in ["EUR", "XOF", "JPY", "KWD"] {
        let e = build_with(CONNECTOR, Flow::Authorize, charge(c, 1000), auth(), &Options::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidFieldValue, "{c}");
        assert_eq!(e.field.as_deref(), Some("request.amount.currency"));
    }
    let zero = build_with(CONNECTOR, Flow::Authorize, charge("NGN", 0), auth(), &Options::default()).unwrap_err();
    assert_eq!(zero.kind, ErrorKind::InvalidFieldValue);
}

#[test]
fn references_paystack_refuses_are_refused_here() {
    for bad in ["order/1", "order 1", "ordér", "a?b"] {
        let mut r = charge("NGN", 100);
        r["merchantTransactionId"] = json!(bad);
        let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.merchantTransactionId"), "{bad}");
    }
    for good in ["T685312322670591", "a-b.c=d", "order_1001"] {
        let mut r = charge("NGN", 100);
        r["merchantTransactionId"] = json!(good);
        assert!(build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).is_ok(), "{good}");
    }
}

#[test]
fn cards_and_manual_capture_are_refused_with_paystacks_reason() {
    let mut r = charge("NGN", 100);
    r["paymentMethod"] = json!({"type": "card", "card": {"number": "4084084084084081", "expMonth": "12", "expYear": "2030", "cvc": "408"}});
    let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported);
    assert!(e.message.contains("checkout") && !e.message.contains("4084084084084081"), "{}", e.message);
    let mut r = charge("NGN", 100);
    r["captureMethod"] = json!("manual");
    let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.captureMethod"));
    for flow in [Flow::Capture, Flow::Void, Flow::SetupMandate, Flow::IncrementalAuthorization, Flow::Reverse] {
        let reason = CONNECTOR.unsupported_reason(flow).unwrap();
        assert!(!reason.contains("not implemented") && !reason.contains("TODO"), "{flow:?}: {reason}");
    }
}

#[test]
fn create_session_initializes_the_transaction_with_channels() {
    let r = json!({
        "merchantTransactionId": "re4lyvq3s3",
        "amount": {"minorAmount": 10000, "currency": "NGN"},
        "customer": {"email": "test@demo.com"},
        "returnUrl": "https://shop.example/return",
        "paymentMethodTypes": ["card", "bankDebit", "bank_transfer", "card"]
    });
    let http = build_with(CONNECTOR, Flow::CreateSession, r.clone(), auth(), &Options::default()).unwrap();
    assert_eq!(http.url, "https://api.paystack.co/transaction/initialize");
    assert_eq!(
        body(&http),
        json!({"email": "test@demo.com", "amount": 10000, "currency": "NGN", "reference": "re4lyvq3s3",
               "callback_url": "https://shop.example/return", "channels": ["card", "bank", "bank_transfer"]})
    );
    let mut bad = r;
    bad["paymentMethodTypes"] = json!(["paypal"]);
    let e = build_with(CONNECTOR, Flow::CreateSession, bad, auth(), &Options::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.paymentMethodTypes[0]"));
}

#[test]
fn refund_and_syncs_address_paystacks_paths() {
    let o = Options::default();
    let refund_http = build_with(
        CONNECTOR,
        Flow::Refund,
        json!({"connectorTransactionId": "T685312322670591", "merchantRefundId": "r1", "refundAmount": {"minorAmount": 5000, "currency": "NGN"}}),
        auth(),
        &o,
    )
    .unwrap();
    assert_eq!(refund_http.url, "https://api.paystack.co/refund");
    assert_eq!(body(&refund_http), json!({"transaction": "T685312322670591", "amount": 5000, "currency": "NGN"}));
    let psync = build_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "re4lyvq3s3"}), auth(), &o).unwrap();
    assert_eq!((psync.method, psync.url.as_str()), (HttpMethod::GET, "https://api.paystack.co/transaction/verify/re4lyvq3s3"));
    let rsync = build_with(CONNECTOR, Flow::Rsync, json!({"connectorTransactionId": "x", "connectorRefundId": "3018284"}), auth(), &o).unwrap();
    assert_eq!(rsync.url, "https://api.paystack.co/refund/3018284");
    let dsync = build_with(CONNECTOR, Flow::Dsync, json!({"connectorDisputeId": "2867"}), auth(), &o).unwrap();
    assert_eq!(dsync.url, "https://api.paystack.co/dispute/2867");
    let dots = build_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": ".."}), auth(), &o).unwrap_err();
    assert_eq!(dots.kind, ErrorKind::InvalidFieldValue);
}

#[test]
fn the_documented_verify_answer_is_charged_with_its_reusable_authorization() {
    // Verify Transaction's documented 200 (trimmed to the fields read).
    let body = r#"{"status":true,"message":"Verification successful","data":{"id":4099260516,"status":"success","reference":"re4lyvq3s3",
        "amount":40333,"gateway_response":"Successful","currency":"NGN","authorization":{"authorization_code":"AUTH_uh8bcl3zbn","reusable":true},
        "customer":{"customer_code":"CUS_1rkzaqsv4rrhqo6"}}}"#;
    let p = payment(parse_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "re4lyvq3s3"}), &response(200, body), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Charged);
    assert_eq!(p.mandate_reference.as_deref(), Some("AUTH_uh8bcl3zbn"));
    assert_eq!(p.amount_captured.unwrap().minor_amount, 40333);
    // A one-off authorization (mobile money: reusable false) is no mandate.
    let once = body.replace(r#""reusable":true"#, r#""reusable":false"#);
    let p = payment(parse_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "re4lyvq3s3"}), &response(200, once), &Options::default()).unwrap());
    assert_eq!(p.mandate_reference, None);
}

#[test]
fn refunds_read_with_amounts_written_as_strings_or_numbers() {
    let req = json!({"connectorTransactionId": "t", "connectorRefundId": "1"});
    for amount in ["500000", r#""500000""#] {
        let b = format!(r#"{{"status":true,"data":{{"id":1,"status":"processed","amount":{amount},"currency":"NGN"}}}}"#);
        let r = refund(parse_with(CONNECTOR, Flow::Rsync, req.clone(), &response(200, b), &Options::default()).unwrap());
        assert_eq!(r.status, RefundStatus::Success);
        assert_eq!(r.refund_amount.unwrap().minor_amount, 500000);
    }
}

#[test]
fn tables() {
    for s in known_payment_statuses() {
        assert_ne!(payment_status(Some(s)), PaymentStatus::Unresolved, "{s}");
    }
    assert_eq!(payment_status(Some("abandoned")), PaymentStatus::Started, "never a failure: the checkout may still be paid");
    assert_eq!(payment_status(Some("something-new")), PaymentStatus::Unresolved);
    assert_eq!(refund_status(Some("needs-attention")), RefundStatus::ManualReview);
    assert_eq!(refund_status(Some("something-new")), RefundStatus::Pending);
    assert_eq!(dispute_status(Some("resolved"), Some("auto-accepted")), DisputeStatus::Expired);
    assert_eq!(dispute_status(Some("resolved"), Some("merchant-accepted")), DisputeStatus::Accepted);
    assert_eq!(dispute_status(Some("awaiting-merchant-feedback"), None), DisputeStatus::NeedsResponse);
    assert_eq!(decline(Some("Insufficient Funds")), (U::InsufficientFunds, Some(DeclineType::Soft)));
    assert_eq!(decline(Some("Declined")), (U::CardDeclined, Some(DeclineType::Soft)));
    assert_eq!(decline(None), (U::CardDeclined, None));
    assert_eq!(api_error_code(400, None, Some("Duplicate Transaction Reference")), U::DuplicateTransaction);
    assert_eq!(api_error_code(400, None, Some("Invalid key")), U::InvalidCredentials);
    assert_eq!(api_error_code(503, None, None), U::ProcessorUnavailable);
}

fn webhook(body: &str, signature: &str, secret: &str) -> IncomingWebhook {
    IncomingWebhook {
        headers: vec![ResponseHeader { name: "X-Paystack-Signature".into(), value: signature.into() }],
        body: body.into(),
        secret: Secret::new(secret),
        url: None,
    }
}

#[test]
fn webhooks_are_checked_by_paystacks_formula() {
    let body = r#"{"event":"charge.success","data":{"reference":"r1","status":"success","amount":100,"currency":"GHS"}}"#;
    // hex(HMAC-SHA512("sk_test_unit", body)), computed outside the sidecar (Python's hmac).
    let signature = "8a32a3f8e23d3c69b04741f515858aef1fc5a54fa953b5e3837b3d6999264e02eaa81d2b720c3a2113df295dde8aec049400d5aa83731108aafc0e6745d8542c";
    let r = read_webhook(CONNECTOR, &webhook(body, signature, "sk_test_unit"), None, &Options::default()).unwrap();
    assert!(r.verified, "{:?}", r.reason);
    assert_eq!(r.events[0].payment_status, Some(PaymentStatus::Charged));
    assert_eq!(r.events[0].amount.as_ref().unwrap().minor_amount, 100);
    let r = read_webhook(CONNECTOR, &webhook(body, &signature.to_uppercase(), "sk_test_unit"), None, &Options::default()).unwrap();
    assert!(r.verified, "hex is read in either case");
    let r = read_webhook(CONNECTOR, &webhook(body, signature, "sk_test_other"), None, &Options::default()).unwrap();
    assert!(!r.verified && r.events.is_empty());
    assert!(!r.reason.unwrap().contains("sk_test_other"));
    let r = read_webhook(CONNECTOR, &webhook(&body.replace("100", "1000"), signature, "sk_test_unit"), None, &Options::default()).unwrap();
    assert!(!r.verified);
}

fn mobile_money(provider: &str, phone: &str, currency: &str) -> Value {
    json!({
        "merchantTransactionId": "8nn5fqljd0suybr",
        "amount": {"minorAmount": 100, "currency": currency},
        "paymentMethod": {"type": "mobileMoney", "mobileMoney": {"provider": provider, "phoneNumber": phone}},
        "customer": {"email": "customer@email.com"}
    })
}

#[test]
fn mobile_money_is_a_create_charge_with_paystacks_provider_code_and_phone_format() {
    // Paystack's Mobile Money guide: GHS, customer@email.com, {"phone": "0551234987", "provider": "mtn"}.
    let http = build_with(CONNECTOR, Flow::Authorize, mobile_money("mtn", "+233551234987", "GHS"), auth(), &Options::default()).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::POST, "https://api.paystack.co/charge"));
    assert_eq!(
        body(&http),
        json!({"email": "customer@email.com", "amount": 100, "currency": "GHS", "reference": "8nn5fqljd0suybr", "mobile_money": {"phone": "0551234987", "provider": "mtn"}})
    );
    assert!(http.body.as_ref().unwrap().sensitive, "the wallet's phone number");
    for (provider, code) in [("airtelTigo", "atl"), ("vodafone", "vod")] {
        let b = body(&build_with(CONNECTOR, Flow::Authorize, mobile_money(provider, "+233551234987", "GHS"), auth(), &Options::default()).unwrap());
        assert_eq!(b["mobile_money"]["provider"], code);
    }
    // M-Pesa (Kenya): the number in E.164, as Paystack's M-Pesa test number is written.
    let b = body(&build_with(CONNECTOR, Flow::Authorize, mobile_money("mpesa", "+254710000000", "KES"), auth(), &Options::default()).unwrap());
    assert_eq!(b["mobile_money"], json!({"phone": "+254710000000", "provider": "mpesa"}));
    // The operator's currency and country, and operators Paystack does not have.
    let e = build_with(CONNECTOR, Flow::Authorize, mobile_money("mtn", "+233551234987", "NGN"), auth(), &Options::default()).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.amount.currency")));
    let e = build_with(CONNECTOR, Flow::Authorize, mobile_money("mpesa", "+233551234987", "KES"), auth(), &Options::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.mobileMoney.phoneNumber"));
    assert!(!e.message.contains("233551234987"), "{}", e.message);
    let r = crate::protocol::FlowRequest::decode(Flow::Authorize, mobile_money("orange", "+2250700000000", "GHS")).unwrap();
    let e = crate::connectors::check_payment_method(CONNECTOR.info(), &r).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::PaymentMethodNotSupported, Some("request.paymentMethod.mobileMoney.provider")));
}

#[test]
fn the_declared_providers_are_the_operator_table() {
    let declared = CONNECTOR.info().payment_methods.find(crate::protocol::PaymentMethodType::MobileMoney).unwrap().methods;
    let table: Vec<&str> = super::MOBILE_MONEY.iter().map(|o| o.provider).collect();
    assert_eq!(declared, table.as_slice());
}

#[test]
fn pay_with_transfer_is_a_create_charge_in_naira_and_its_account_is_shown() {
    let r = json!({
        "merchantTransactionId": "4tn28gwznc",
        "amount": {"minorAmount": 25000, "currency": "NGN"},
        "paymentMethod": {"type": "bankTransfer", "bankTransfer": {"method": "virtualAccount"}},
        "customer": {"email": "another@one.com"}
    });
    let http = build_with(CONNECTOR, Flow::Authorize, r.clone(), auth(), &Options::default()).unwrap();
    assert_eq!(body(&http), json!({"email": "another@one.com", "amount": 25000, "currency": "NGN", "reference": "4tn28gwznc", "bank_transfer": {}}));
    let mut ghs = r.clone();
    ghs["amount"]["currency"] = json!("GHS");
    assert_eq!(build_with(CONNECTOR, Flow::Authorize, ghs, auth(), &Options::default()).unwrap_err().field.as_deref(), Some("request.amount.currency"));
    // Pay with Transfer's documented answer.
    let answer = r#"{"status": true, "message": "Charge attempted", "data": {"status": "pending_bank_transfer", "display_text": "Please make a transfer to the account specified", "reference": "4tn28gwznc", "amount": 20000, "account_name": "PAYSTACK CHECKOUT", "account_number": "1231084927", "bank": {"slug": "test-bank", "name": "Test Bank", "id": 24}, "account_expires_at": "2023-09-12T13:10:55.000Z"}}"#;
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, r, &response(200, answer), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Pending);
    assert_eq!(
        serde_json::to_value(p.next_action.unwrap()).unwrap(),
        json!({"type": "displayBankDetails", "expiresAt": "2023-09-12T13:10:55.000Z",
               "bankDetails": {"accountNumber": "1231084927", "bankName": "Test Bank", "accountHolderName": "PAYSTACK CHECKOUT"}})
    );
}

#[test]
fn mobile_money_answers_wait_for_the_shopper_on_the_phone() {
    let req = mobile_money("vodafone", "+233551234987", "GHS");
    let offline = r#"{"status": true, "message": "Charge attempted", "data": {"reference": "8nn5fqljd0suybr", "status": "pay_offline", "display_text": "Please complete authorization process on your mobile phone"}}"#;
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, req.clone(), &response(200, offline), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Pending);
    assert_eq!(serde_json::to_value(p.next_action.unwrap()).unwrap()["type"], "awaitApproval");
    let otp = r#"{"status": true, "message": "Charge attempted", "data": {"reference": "r13havfcdt7btcm", "status": "send_otp", "display_text": "Please dial *110# to generate a voucher code. Then input the voucher"}}"#;
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, req, &response(200, otp), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::AuthenticationPending);
    let next = p.next_action.unwrap();
    assert_eq!(serde_json::to_value(&next).unwrap()["type"], "awaitApproval");
    assert!(next.reference.unwrap().contains("*110#"));
}

#[test]
fn complete_authorize_submits_the_shoppers_otp_and_reads_the_charges_next_state() {
    // The spec's ChargeSubmitOTP example: {otp: "123456", reference: "5bwib5v6anhe9xa"}.
    let r = json!({"connectorTransactionId": "5bwib5v6anhe9xa", "otp": "123456"});
    let http = build_with(CONNECTOR, Flow::CompleteAuthorize, r.clone(), auth(), &Options::default()).unwrap();
    assert_eq!(http.url, "https://api.paystack.co/charge/submit_otp");
    assert_eq!(body(&http), json!({"otp": "123456", "reference": "5bwib5v6anhe9xa"}));
    assert!(http.body.as_ref().unwrap().sensitive, "the shopper's code is a secret");
    let missing = build_with(CONNECTOR, Flow::CompleteAuthorize, json!({"connectorTransactionId": "5bwib5v6anhe9xa"}), auth(), &Options::default()).unwrap_err();
    assert_eq!(missing.field.as_deref(), Some("request.otp"));
    let odd = build_with(CONNECTOR, Flow::CompleteAuthorize, json!({"connectorTransactionId": "5bwib5v6anhe9xa", "otp": "98 76;x"}), auth(), &Options::default()).unwrap_err();
    assert_eq!(odd.field.as_deref(), Some("request.otp"));
    assert!(!odd.message.contains("98 76"), "no error quotes the code");
    let offline = response(200, r#"{"status":true,"message":"Charge attempted","data":{"reference":"5bwib5v6anhe9xa","status":"pay_offline","display_text":"Please complete authorization process on your mobile phone"}}"#);
    let p = payment(parse_with(CONNECTOR, Flow::CompleteAuthorize, r.clone(), &offline, &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Pending);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("5bwib5v6anhe9xa"));
    // A refused code leaves the charge waiting for another.
    let refused = response(400, r#"{"status":false,"message":"Invalid OTP"}"#);
    let p = payment(parse_with(CONNECTOR, Flow::CompleteAuthorize, r, &refused, &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::AuthenticationPending);
    assert!(p.error.is_some());
}

fn complete(r: Value) -> Result<crate::protocol::HttpRequest, crate::protocol::SidecarError> {
    build_with(CONNECTOR, Flow::CompleteAuthorize, r, auth(), &Options::default())
}

#[test]
fn the_step_a_charge_asks_for_is_carried_in_the_state() {
    // doc-code-snippets, payments/payment-methods/bank: a bank account charge answers send_birthday.
    let asked = r#"{"status": true, "message": "Charge attempted", "data": {"reference": "z8q981z5kp7sfde", "status": "send_birthday", "display_text": "Please enter your birthday"}}"#;
    let req = mobile_money("mtn", "+233551234987", "GHS");
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, req.clone(), &response(200, asked), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::AuthenticationPending);
    assert_eq!(p.state.as_ref().and_then(|s| s.get("paystackNextStep")).map(String::as_str), Some("send_birthday"));
    for step in ["send_otp", "send_pin", "send_phone", "send_address", "open_url"] {
        let body = json!({"status": true, "message": "Charge attempted", "data": {"reference": "z8q981z5kp7sfde", "status": step}}).to_string();
        let p = payment(parse_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "z8q981z5kp7sfde"}), &response(200, &body), &Options::default()).unwrap());
        assert_eq!(p.state.as_ref().and_then(|s| s.get("paystackNextStep")).map(String::as_str), Some(step));
    }
    // A charge that waits for nothing the shopper enters carries no step.
    let offline = r#"{"status": true, "message": "Charge attempted", "data": {"reference": "z8q981z5kp7sfde", "status": "pay_offline"}}"#;
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, req, &response(200, offline), &Options::default()).unwrap());
    assert_eq!(p.state, None);
}

#[test]
fn each_step_goes_to_its_submit_call_with_the_specs_body() {
    // The spec's ChargeSubmit* examples (reference 5bwib5v6anhe9xa).
    let with = |step: &str, extra: Value| {
        let mut r = json!({"connectorTransactionId": "5bwib5v6anhe9xa", "state": {"paystackNextStep": step}});
        r.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        complete(r).unwrap()
    };
    let cases = [
        ("send_pin", json!({"pin": "1234"}), "/charge/submit_pin", json!({"pin": "1234", "reference": "5bwib5v6anhe9xa"})),
        ("send_phone", json!({"phone": "08012345678"}), "/charge/submit_phone", json!({"phone": "08012345678", "reference": "5bwib5v6anhe9xa"})),
        ("send_birthday", json!({"birthday": "1961-09-21"}), "/charge/submit_birthday", json!({"birthday": "1961-09-21", "reference": "5bwib5v6anhe9xa"})),
        (
            "send_address",
            json!({"billingAddress": {"line1": "140 N 2ND ST", "city": "Stroudsburg", "state": "PA", "postalCode": "18360", "country": "US"}}),
            "/charge/submit_address",
            json!({"address": "140 N 2ND ST", "city": "Stroudsburg", "state": "PA", "zip_code": "18360", "reference": "5bwib5v6anhe9xa"}),
        ),
        ("send_otp", json!({"otp": "123456"}), "/charge/submit_otp", json!({"otp": "123456", "reference": "5bwib5v6anhe9xa"})),
    ];
    for (step, extra, path, expected) in cases {
        let http = with(step, extra);
        assert_eq!(http.url, format!("https://api.paystack.co{path}"), "{step}");
        assert_eq!(http.method, HttpMethod::POST);
        assert_eq!(body(&http), expected, "{step}");
        assert!(http.body.as_ref().unwrap().sensitive, "{step}: what the shopper entered stays out of logs");
    }
    // Without a state, the one field given names the step.
    let http = complete(json!({"connectorTransactionId": "5bwib5v6anhe9xa", "pin": "1234"})).unwrap();
    assert_eq!(http.url, "https://api.paystack.co/charge/submit_pin");
}

#[test]
fn a_step_without_its_field_or_with_a_bad_value_is_refused_naming_the_field_never_the_value() {
    let field = |r: Value| complete(r).unwrap_err();
    let e = field(json!({"connectorTransactionId": "ref1", "state": {"paystackNextStep": "send_pin"}, "otp": "123456"}));
    assert_eq!(e.field.as_deref(), Some("request.pin"));
    for bad in ["12345", "12a4", "123"] {
        let e = field(json!({"connectorTransactionId": "ref1", "state": {"paystackNextStep": "send_pin"}, "pin": bad}));
        assert_eq!(e.field.as_deref(), Some("request.pin"));
        assert!(!e.message.contains(bad), "no error quotes the PIN");
    }
    for bad in ["1961-02-30", "21-09-1961", "1961-13-01"] {
        let e = field(json!({"connectorTransactionId": "ref1", "state": {"paystackNextStep": "send_birthday"}, "birthday": bad}));
        assert_eq!(e.field.as_deref(), Some("request.birthday"), "{bad}");
    }
    let e = field(json!({"connectorTransactionId": "ref1", "state": {"paystackNextStep": "send_phone"}, "phone": "call me"}));
    assert_eq!(e.field.as_deref(), Some("request.phone"));
    let e = field(json!({"connectorTransactionId": "ref1", "state": {"paystackNextStep": "send_address"}, "billingAddress": {"line1": "140 N 2ND ST", "city": "Stroudsburg", "state": "PA"}}));
    assert_eq!(e.field.as_deref(), Some("request.billingAddress.postalCode"));
    let e = field(json!({"connectorTransactionId": "ref1", "state": {"paystackNextStep": "open_url"}, "otp": "123456"}));
    assert_eq!(e.field.as_deref(), Some("request.state.paystackNextStep"));
    let e = field(json!({"connectorTransactionId": "ref1", "pin": "1234", "otp": "123456"}));
    assert_eq!(e.field.as_deref(), Some("request.state.paystackNextStep"), "two steps at once, no state to choose");
    let e = field(json!({"connectorTransactionId": "ref1"}));
    assert_eq!(e.field.as_deref(), Some("request.otp"));
}

#[test]
fn a_refused_entry_keeps_the_step_and_the_next_step_replaces_it() {
    let r = json!({"connectorTransactionId": "5bwib5v6anhe9xa", "state": {"paystackNextStep": "send_pin"}, "pin": "1234"});
    let refused = response(400, r#"{"status":false,"message":"Incorrect PIN"}"#);
    let p = payment(parse_with(CONNECTOR, Flow::CompleteAuthorize, r.clone(), &refused, &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::AuthenticationPending);
    assert_eq!(p.state.as_ref().and_then(|s| s.get("paystackNextStep")).map(String::as_str), Some("send_pin"));
    assert!(!serde_json::to_string(&p).unwrap().contains("1234"), "the PIN is in no result");
    let otp = response(200, r#"{"status":true,"message":"Charge attempted","data":{"reference":"5bwib5v6anhe9xa","status":"send_otp","display_text":"Please enter the OTP sent to your phone"}}"#);
    let p = payment(parse_with(CONNECTOR, Flow::CompleteAuthorize, r, &otp, &Options::default()).unwrap());
    assert_eq!(p.state.as_ref().and_then(|s| s.get("paystackNextStep")).map(String::as_str), Some("send_otp"));
}

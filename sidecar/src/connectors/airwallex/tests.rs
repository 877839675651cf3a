//! Airwallex: money conversion, the two-call authorize, request ids, the status and error tables,
//! and webhook signatures. Expected values come from Airwallex's API reference, guides and error
//! page (see mapping.rs), not from this connector's output.

use super::mapping::{error_code, intent_status, refund_status, INTENT_STATUSES, REFUND_STATUSES};
use super::requests::{amount, request_id, MAX_ID};
use super::CONNECTOR;
use crate::connectors::test_support::{body, build_with, header, parse_with, payment, read_webhook, refund, response};
use crate::kit::crypto::{hex, hmac_sha256};
use crate::protocol::{
    ErrorKind, Flow, IncomingWebhook, Money, Options, PaymentStatus, RefundStatus, ResponseHeader, Secret, UnifiedErrorCode as U,
};
use serde_json::{json, Value};

fn auth() -> Value {
    json!({"clientId": "client_1", "apiKey": "key_1"})
}

fn authorize_request(state: Value) -> Value {
    json!({
        "merchantTransactionId": "order_1001",
        "amount": {"minorAmount": 2000, "currency": "USD"},
        "paymentMethod": {"type": "card", "card": {"number": "4035501000000008", "expMonth": "12", "expYear": "2030", "cvc": "123"}},
        "captureMethod": "manual",
        "idempotencyKey": "key-1",
        "state": state
    })
}

fn m(minor: i64, currency: &str) -> Money {
    Money { minor_amount: minor, currency: currency.into() }
}

#[test]
fn amounts_are_major_units_with_the_iso_exponent_written_exactly() {
    // "$9.99 is represented as 9.99"; JPY, KRW, VND are whole (Airwallex's amounts notes).
    assert_eq!(amount(&m(999, "USD"), "f").unwrap().get(), "9.99");
    assert_eq!(amount(&m(10000, "USD"), "f").unwrap().get(), "100.00");
    assert_eq!(amount(&m(5, "USD"), "f").unwrap().get(), "0.05");
    assert_eq!(amount(&m(1000, "JPY"), "f").unwrap().get(), "1000");
    assert_eq!(amount(&m(1000, "KRW"), "f").unwrap().get(), "1000");
    assert_eq!(amount(&m(1005, "KWD"), "f").unwrap().get(), "1.005");
    // A JSON number with 15 significant digits still survives a double; 16 do not.
    assert_eq!(amount(&m(999_999_999_999_999, "USD"), "f").unwrap().get(), "9999999999999.99");
    let e = amount(&m(1_234_567_890_123_456, "USD"), "request.amount").unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidFieldValue);
    assert_eq!(e.field.as_deref(), Some("request.amount.minorAmount"));
}

#[test]
fn authorize_first_creates_the_intent_without_card_data() {
    let http = build_with(CONNECTOR, Flow::Authorize, authorize_request(json!({"accessToken": "tok"})), auth(), &Options::default()).unwrap();
    assert_eq!(http.url, "https://api-demo.airwallex.com/api/v1/pa/payment_intents/create");
    assert_eq!(header(&http, "Authorization").unwrap().value, "Bearer tok");
    let b = body(&http);
    // The exact text on the wire (a serde Value would re-read it as a float).
    assert!(http.body.as_ref().unwrap().data.contains(r#""amount":20.00,"#));
    assert_eq!(b["currency"], "USD");
    assert_eq!(b["merchant_order_id"], "order_1001");
    assert_eq!(b["request_id"], "key-1:create");
    assert!(!http.body.as_ref().unwrap().data.contains("4035501000000008"));
    assert!(!http.body.as_ref().unwrap().sensitive);
}

#[test]
fn authorize_with_the_intent_confirms_it_with_the_card() {
    let state = json!({"accessToken": "tok", "paymentIntentId": "int_abc", "continueWith": "authorize"});
    let http = build_with(CONNECTOR, Flow::Authorize, authorize_request(state), auth(), &Options::default()).unwrap();
    assert_eq!(http.url, "https://api-demo.airwallex.com/api/v1/pa/payment_intents/int_abc/confirm");
    let b = body(&http);
    assert_eq!(b["request_id"], "key-1");
    assert_eq!(b["payment_method"]["type"], "card");
    assert_eq!(b["payment_method"]["card"]["number"], "4035501000000008");
    assert_eq!(b["payment_method"]["card"]["expiry_month"], "12");
    assert_eq!(b["payment_method"]["card"]["expiry_year"], "2030");
    assert_eq!(b["payment_method_options"]["card"]["auto_capture"], false);
    assert!(http.body.as_ref().unwrap().sensitive, "card data");
}

#[test]
fn the_create_answer_asks_for_the_confirm_and_the_confirm_answer_does_not() {
    let created = json!({"id": "int_abc", "amount": 20.0, "currency": "USD", "status": "REQUIRES_PAYMENT_METHOD", "captured_amount": 0}).to_string();
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, authorize_request(json!({"accessToken": "t"})), &response(201, created), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Started);
    let state = p.state.unwrap();
    assert_eq!(state.get("paymentIntentId").map(String::as_str), Some("int_abc"));
    assert_eq!(state.get("continueWith").map(String::as_str), Some("authorize"));

    let confirmed = json!({"id": "int_abc", "amount": 20.0, "currency": "USD", "status": "REQUIRES_CAPTURE", "captured_amount": 0}).to_string();
    let req = authorize_request(json!({"accessToken": "t", "paymentIntentId": "int_abc", "continueWith": "authorize"}));
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, req.clone(), &response(200, confirmed), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Authorized);
    assert!(!p.state.unwrap().contains_key("continueWith"));

    // A confirm that left the intent waiting for a payment method failed: never `started` again.
    let failed = json!({"id": "int_abc", "amount": 20.0, "currency": "USD", "status": "REQUIRES_PAYMENT_METHOD",
        "latest_payment_attempt": {"failure_code": "issuer_declined", "provider_original_response_code": "05"}}).to_string();
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, req, &response(200, failed), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Failure);
    assert_eq!(p.error.as_ref().unwrap().decline_code.as_deref(), Some("05"));
}

#[test]
fn every_post_carries_a_request_id_even_without_a_key() {
    assert_eq!(request_id(Some("k"), Some("create"), &["x"]), "k:create");
    assert_eq!(request_id(None, None, &["refund", "rf_1"]), "sidecar:refund:rf_1");
    assert_eq!(request_id(Some("  "), None, &["cancel", "int_1"]), "sidecar:cancel:int_1");
    let long = "k".repeat(100);
    let id = request_id(Some(&long), None, &[]);
    assert_eq!(id.len(), MAX_ID);
    assert_eq!(id, request_id(Some(&long), None, &[]), "the same key gives the same request_id");
    assert!(id.starts_with("sha256-"));
}

#[test]
fn the_tables_cover_airwallexs_documented_words() {
    for s in ["REQUIRES_PAYMENT_METHOD", "REQUIRES_CUSTOMER_ACTION", "REQUIRES_CAPTURE", "PENDING", "SUCCEEDED", "CANCELLED"] {
        assert!(intent_status(s).is_some(), "{s}");
    }
    assert_eq!(INTENT_STATUSES.len(), 6);
    assert_eq!(intent_status("SUCCEEDED"), Some(PaymentStatus::Charged));
    assert_eq!(intent_status("CANCELLED"), Some(PaymentStatus::Voided));
    assert_eq!(REFUND_STATUSES.len(), 4);
    assert_eq!(refund_status("SETTLED"), Some(RefundStatus::Success));
    assert_eq!(refund_status("RECEIVED"), Some(RefundStatus::Pending));
    assert_eq!(refund_status("FAILED"), Some(RefundStatus::Failure));
    assert_eq!(error_code("issuer_declined").unwrap().0, U::CardDeclined);
    assert_eq!(error_code("risk_declined").unwrap().0, U::FraudSuspected);
    assert_eq!(error_code("unauthorized").unwrap().0, U::InvalidCredentials);
}

#[test]
fn an_unknown_status_is_not_guessed() {
    let body = json!({"id": "int_abc", "amount": 1, "currency": "USD", "status": "SOMETHING_NEW"}).to_string();
    let e = parse_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "int_abc", "state": {"accessToken": "t"}}), &response(200, body), &Options::default())
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed);
    let r = refund(
        parse_with(
            CONNECTOR,
            Flow::Rsync,
            json!({"connectorTransactionId": "int_abc", "connectorRefundId": "rfd_1", "state": {"accessToken": "t"}}),
            &response(200, json!({"id": "rfd_1", "status": "SETTLED", "amount": 0.1, "currency": "CNY"}).to_string()),
            &Options::default(),
        )
        .unwrap(),
    );
    assert_eq!(r.refund_amount, Some(m(10, "CNY")));
}

#[test]
fn the_login_sends_the_two_headers_and_no_error_quotes_them() {
    let http = build_with(CONNECTOR, Flow::CreateAccessToken, json!({}), json!({"clientId": "cid_secret", "apiKey": "key_secret"}), &Options::default()).unwrap();
    assert_eq!(http.url, "https://api-demo.airwallex.com/api/v1/authentication/login");
    assert_eq!(header(&http, "x-client-id").unwrap().value, "cid_secret");
    assert!(header(&http, "x-api-key").unwrap().sensitive);
    let e = build_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "int_1"}), auth(), &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingRequiredField);
    assert_eq!(e.field.as_deref(), Some("request.state.accessToken"));
    let e = build_with(CONNECTOR, Flow::CreateAccessToken, json!({}), json!({"clientId": "c"}), &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingRequiredField);
}

fn webhook(body: &str, timestamp: &str, signature: String, secret: &str) -> IncomingWebhook {
    IncomingWebhook {
        headers: vec![
            ResponseHeader { name: "x-timestamp".into(), value: timestamp.into() },
            ResponseHeader { name: "x-signature".into(), value: signature },
        ],
        body: body.into(),
        secret: Secret::new(secret),
        url: None,
    }
}

#[test]
fn webhooks_are_checked_against_timestamp_plus_body() {
    let body = json!({"id": "evt_1", "name": "refund.settled", "data": {"object": {"id": "rfd_1", "payment_intent_id": "int_1", "amount": 0.1, "currency": "CNY", "status": "SETTLED"}}}).to_string();
    let ts = "1673594525000";
    // The signature as Airwallex's Java example computes it: HmacUtils(HMAC_SHA_256, secret).hmacHex(timestamp + payload).
    let sig = hex(&hmac_sha256(b"whsec_x", format!("{ts}{body}").as_bytes()));
    let options = Options { now: Some("2023-01-13T07:22:10Z".into()), ..Options::default() };
    let ok = read_webhook(CONNECTOR, &webhook(&body, ts, sig.clone(), "whsec_x"), None, &options).unwrap();
    assert!(ok.verified, "{:?}", ok.reason);
    assert_eq!(ok.events[0].refund_status, Some(RefundStatus::Success));
    assert_eq!(ok.events[0].amount, Some(m(10, "CNY")));
    // Body + timestamp the other way round, or the HMAC of the body alone: refused.
    let wrong = hex(&hmac_sha256(b"whsec_x", body.as_bytes()));
    let no = read_webhook(CONNECTOR, &webhook(&body, ts, wrong, "whsec_x"), None, &options).unwrap();
    assert!(!no.verified);
    assert!(no.events.is_empty());
    assert!(!no.reason.unwrap().contains(&sig));
    let other_ts = read_webhook(CONNECTOR, &webhook(&body, "1673594526000", sig, "whsec_x"), None, &options).unwrap();
    assert!(!other_ts.verified);
}

#[test]
fn psync_of_an_intent_whose_attempt_failed_is_a_failure() {
    // The intent goes back to REQUIRES_PAYMENT_METHOD when an attempt fails (payment statuses page).
    let body = json!({"id": "int_abc", "amount": 80.05, "currency": "USD", "status": "REQUIRES_PAYMENT_METHOD",
        "latest_payment_attempt": {"status": "FAILED", "failure_code": "issuer_declined", "provider_original_response_code": "05"}}).to_string();
    let req = json!({"connectorTransactionId": "int_abc", "state": {"accessToken": "t"}});
    let p = payment(parse_with(CONNECTOR, Flow::Psync, req.clone(), &response(200, body), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Failure);
    assert_eq!(p.error.as_ref().unwrap().code, U::CardDeclined);
    // Without an attempt it is only waiting for a payment method.
    let fresh = json!({"id": "int_abc", "amount": 80.05, "currency": "USD", "status": "REQUIRES_PAYMENT_METHOD"}).to_string();
    let p = payment(parse_with(CONNECTOR, Flow::Psync, req, &response(200, fresh), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Started);
}

// ---------- local methods and wallets (payment_methods.rs) ----------

fn confirm_with(payment_method: Value, extra: Value) -> Result<Value, crate::protocol::SidecarError> {
    let mut request = authorize_request(json!({"accessToken": "tok", "paymentIntentId": "int_1"}));
    request["paymentMethod"] = payment_method;
    request["captureMethod"] = json!("automatic");
    request["returnUrl"] = json!("https://shop.example/return");
    request["customer"] = json!({"name": "Jane Doe", "email": "jane@example.com", "phone": "+819012345678"});
    for (k, v) in extra.as_object().unwrap() {
        request[k] = v.clone();
    }
    build_with(CONNECTOR, Flow::Authorize, request, auth(), &Options::default()).map(|http| body(&http))
}

#[test]
fn each_local_method_sends_its_models_required_fields() {
    // Required fields as @airwallex/node-sdk's per-type request models declare them.
    let cases = [
        (json!({"type": "bankRedirect", "bankRedirect": {"method": "przelewy24"}}), "p24", vec!["shopper_name", "shopper_email"]),
        (json!({"type": "bankRedirect", "bankRedirect": {"method": "sofort", "country": "DE"}}), "sofort", vec!["shopper_name", "country_code"]),
        (json!({"type": "bankRedirect", "bankRedirect": {"method": "onlineBankingFpx", "issuer": "maybank2u"}}), "fpx", vec!["bank_name"]),
        (json!({"type": "voucher", "voucher": {"method": "konbini"}}), "konbini", vec!["shopper_name", "shopper_email", "shopper_phone"]),
        (json!({"type": "bnpl", "bnpl": {"method": "afterpayClearpay"}}), "afterpay", vec!["shopper_email"]),
        (json!({"type": "walletRedirect", "walletRedirect": {"method": "touchNGo"}}), "tng", vec!["flow"]),
        (json!({"type": "bankDebit", "bankDebit": {"method": "becs", "accountHolderName": "Jane Doe", "accountNumber": "000123456", "bsbNumber": "000000"}}), "becs_direct_debit", vec!["account_number", "bsb_number", "owner_email", "owner_name"]),
    ];
    for (pm, kind, fields) in cases {
        let b = confirm_with(pm, json!({})).unwrap();
        assert_eq!(b["payment_method"]["type"], kind);
        for f in fields {
            assert!(b["payment_method"][kind].get(f).is_some(), "{kind} lacks {f}: {b}");
        }
        assert!(b.get("payment_method_options").is_none() || kind == "afterpay", "{kind}: {b}");
    }
}

#[test]
fn a_missing_required_detail_is_refused_naming_the_field() {
    let e = confirm_with(json!({"type": "bankRedirect", "bankRedirect": {"method": "sofort"}}), json!({})).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.bankRedirect.country"));
    let e = confirm_with(json!({"type": "bnpl", "bnpl": {"method": "klarna"}}), json!({})).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.billingAddress.country"));
    let e = confirm_with(json!({"type": "voucher", "voucher": {"method": "konbini"}}), json!({"customer": {"name": "Jane Doe", "email": "j@example.com"}})).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.customer.phone"));
    let e = confirm_with(json!({"type": "bankRedirect", "bankRedirect": {"method": "ideal"}}), json!({"returnUrl": null})).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.returnUrl"));
    // A BLIK code is refused without quoting it.
    let e = confirm_with(json!({"type": "bankRedirect", "bankRedirect": {"method": "blik", "blikCode": "777123"}}), json!({})).unwrap_err();
    assert!(!e.message.contains("777123"));
}

#[test]
fn wallets_choose_their_flow_from_the_browser() {
    let mobile = json!({"browserInfo": {"userAgent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36"}});
    let b = confirm_with(json!({"type": "walletRedirect", "walletRedirect": {"method": "alipayHk"}}), mobile).unwrap();
    assert_eq!(b["payment_method"]["alipayhk"]["flow"], "mobile_web");
    let b = confirm_with(json!({"type": "walletRedirect", "walletRedirect": {"method": "wechatPay"}}), json!({})).unwrap();
    assert_eq!(b["payment_method"]["wechatpay"]["flow"], "qrcode");
}

#[test]
fn holds_only_where_airwallex_has_auto_capture() {
    let manual = json!({"captureMethod": "manual", "billingAddress": {"country": "DE"}});
    let b = confirm_with(json!({"type": "bnpl", "bnpl": {"method": "klarna"}}), manual.clone()).unwrap();
    assert_eq!(b["payment_method_options"], json!({"klarna": {"auto_capture": false}}));
    let e = confirm_with(json!({"type": "walletRedirect", "walletRedirect": {"method": "gcash"}}), manual).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.captureMethod"));
}

#[test]
fn wallet_cards_keep_their_secrets_out_of_errors() {
    // Google Pay PAN_ONLY: no cryptogram for tokenized_card.
    let e = confirm_with(json!({"type": "googlePay", "googlePay": {"decrypted": {"number": "4035501000000008", "expMonth": "12", "expYear": "2030"}}}), json!({})).unwrap_err();
    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported);
    assert!(!e.message.contains("4035501000000008"));
}

#[test]
fn requires_customer_action_is_pending_for_a_local_method_and_authentication_for_a_card() {
    let body = |pm: &str| {
        json!({"id": "int_1", "amount": 10, "currency": "EUR", "status": "REQUIRES_CUSTOMER_ACTION",
               "latest_payment_attempt": {"payment_method": {"type": pm}},
               "next_action": {"type": "redirect", "method": "GET", "url": "https://pay.example/x"}})
        .to_string()
    };
    let psync = json!({"connectorTransactionId": "int_1", "state": {"accessToken": "tok"}});
    let ideal = payment(parse_with(CONNECTOR, Flow::Psync, psync.clone(), &response(200, body("ideal")), &Options::default()).unwrap());
    assert_eq!(ideal.status, PaymentStatus::Pending);
    assert_eq!(ideal.redirection.unwrap().url, "https://pay.example/x");
    let card = payment(parse_with(CONNECTOR, Flow::Psync, psync.clone(), &response(200, body("card")), &Options::default()).unwrap());
    assert_eq!(card.status, PaymentStatus::AuthenticationPending);
    // render_qrcode: the text to show.
    let qr = json!({"id": "int_1", "amount": 10, "currency": "CNY", "status": "REQUIRES_CUSTOMER_ACTION",
                    "latest_payment_attempt": {"payment_method": {"type": "wechatpay"}},
                    "next_action": {"type": "render_qrcode", "qrcode": "weixin://wxpay/bizpayurl?pr=abc"}}).to_string();
    let wechat = payment(parse_with(CONNECTOR, Flow::Psync, psync, &response(200, qr), &Options::default()).unwrap());
    assert_eq!(wechat.status, PaymentStatus::Pending);
    let action = wechat.next_action.unwrap();
    assert_eq!(action.qr_data.as_deref(), Some("weixin://wxpay/bizpayurl?pr=abc"));
    assert!(wechat.redirection.is_none());
}

// ---------- incrementalAuthorization ----------

fn increment_request(extra: Value) -> Value {
    let mut r = json!({
        "connectorTransactionId": "int_abc",
        "additionalAmount": {"minorAmount": 2500, "currency": "USD"},
        "paymentAmount": {"minorAmount": 10000, "currency": "USD"},
        "state": {"accessToken": "tok"}
    });
    r.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    r
}

/// Airwallex's API spec (oracles/airwallex): the increment call and its request model.
fn spec() -> Value {
    crate::oracles::json("airwallex/airwallex-client-api.json")
}

#[test]
fn the_increment_is_the_specs_call_with_its_model_fields_only() {
    let spec = spec();
    let op = &spec["paths"]["/api/v1/pa/payment_intents/{id}/increment_authorization"]["post"];
    assert_eq!(op["operationId"], "incrementAuthorizePaymentIntent", "the spec has the increment call");
    let model_ref = op["parameters"].as_array().unwrap().iter().find(|p| p["in"] == "body").unwrap()["schema"]["$ref"].as_str().unwrap();
    let model = &spec["definitions"][model_ref.trim_start_matches("#/definitions/")];
    let properties: Vec<&str> = model["properties"].as_object().unwrap().keys().map(String::as_str).collect();
    let required: Vec<&str> = model["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();

    let http = build_with(CONNECTOR, Flow::IncrementalAuthorization, increment_request(json!({})), auth(), &Options::default()).unwrap();
    assert_eq!(http.url, "https://api-demo.airwallex.com/api/v1/pa/payment_intents/int_abc/increment_authorization");
    assert_eq!(header(&http, "Authorization").unwrap().value, "Bearer tok");
    assert_eq!(header(&http, "x-api-version").unwrap().value, super::API_VERSION);
    let b = body(&http);
    for key in b.as_object().unwrap().keys() {
        assert!(properties.contains(&key.as_str()), "{key} is not a field of the spec's increment request");
    }
    for key in required {
        assert!(b.get(key).is_some(), "the spec requires {key}");
    }
    // "The new total amount to authorize": 100.00 authorized + 25.00, written exactly.
    assert!(http.body.as_ref().unwrap().data.contains(r#""amount":125.00"#));
    // No key given: a request_id derived from the intent and the new total, so a resend is a replay.
    assert_eq!(b["request_id"], "sidecar:increment:int_abc:12500:USD");
}

#[test]
fn the_increment_needs_the_amount_so_far_in_the_same_currency() {
    let no_total = build_with(
        CONNECTOR,
        Flow::IncrementalAuthorization,
        increment_request(json!({"paymentAmount": null})),
        auth(),
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(no_total.kind, ErrorKind::MissingRequiredField);
    assert_eq!(no_total.field.as_deref(), Some("request.paymentAmount"));
    let other = build_with(
        CONNECTOR,
        Flow::IncrementalAuthorization,
        increment_request(json!({"additionalAmount": {"minorAmount": 2500, "currency": "EUR"}})),
        auth(),
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(other.kind, ErrorKind::InvalidFieldValue);
    assert_eq!(other.field.as_deref(), Some("request.additionalAmount.currency"));
    // JPY has no decimals: 1000 + 500 is the whole number 1500.
    let jpy = build_with(
        CONNECTOR,
        Flow::IncrementalAuthorization,
        increment_request(json!({"additionalAmount": {"minorAmount": 500, "currency": "JPY"}, "paymentAmount": {"minorAmount": 1000, "currency": "JPY"}})),
        auth(),
        &Options::default(),
    )
    .unwrap();
    assert!(jpy.body.as_ref().unwrap().data.contains(r#""amount":1500"#));
}

#[test]
fn an_increment_answer_is_the_new_total_or_a_refusal_that_leaves_the_hold() {
    let req = increment_request(json!({}));
    let ok = json!({"id": "int_abc", "amount": 125, "currency": "USD", "status": "REQUIRES_CAPTURE", "captured_amount": 0}).to_string();
    let p = payment(parse_with(CONNECTOR, Flow::IncrementalAuthorization, req.clone(), &response(200, ok), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Authorized);
    assert_eq!(p.authorized_amount, Some(m(12500, "USD")));
    // One of the call's 400 codes in the spec: a failure, the earlier authorization untouched.
    let declined = json!({"code": "issuer_declined", "message": "declined", "provider_original_response_code": "51"}).to_string();
    let p = payment(parse_with(CONNECTOR, Flow::IncrementalAuthorization, req.clone(), &response(400, declined), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Failure);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("int_abc"));
    assert_eq!(p.authorized_amount, None);
    let p = payment(
        parse_with(CONNECTOR, Flow::IncrementalAuthorization, req, &response(503, r#"{"code":"internal_error"}"#), &Options::default())
            .unwrap(),
    );
    assert_eq!(p.status, PaymentStatus::Unresolved);
}

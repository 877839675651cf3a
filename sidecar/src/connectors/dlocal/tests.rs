//! dLocal: requests, signatures, answers and notifications, against its documentation.

use super::flows::signature;
use super::mapping::{known_error_codes, known_payment_statuses, known_rejection_codes, payment_status, rejection};
use super::CONNECTOR;
use crate::connectors::test_support::{body, build_with, parse_with, payment, read_webhook, refund, response};
use crate::protocol::{
    DeclineType, ErrorKind, Flow, HttpMethod, IncomingWebhook, Options, PaymentStatus, RefundStatus, ResponseHeader, Secret,
    UnifiedErrorCode,
};
use serde_json::{json, Value};

const LOGIN: &str = "sak223k2wdksdl2";
const TRANS_KEY: &str = "fm12O7G9";
const SECRET: &str = "secret_key_for_tests";

fn auth() -> Value {
    json!({"xLogin": LOGIN, "xTransKey": TRANS_KEY, "secretKey": SECRET})
}

fn at(now: &str) -> Options {
    Options { now: Some(now.into()), ..Options::default() }
}

fn card_request() -> Value {
    json!({
        "merchantTransactionId": "657434343",
        "amount": {"minorAmount": 12000, "currency": "BRL"},
        "paymentMethod": {"type": "card", "card": {"number": "4111111111111111", "expMonth": "10", "expYear": "2040", "cvc": "123", "holderName": "Thiago Gabriel"}},
        "captureMethod": "manual",
        "customer": {"name": "Thiago Gabriel", "email": "thiago@example.com", "document": {"type": "CPF", "number": "53033315550"}},
        "billingAddress": {"country": "BR"},
        "webhookUrl": "http://merchant.com/notifications"
    })
}

fn header<'a>(http: &'a crate::protocol::HttpRequest, name: &str) -> &'a str {
    crate::connectors::test_support::header(http, name).map(|h| h.value.as_str()).unwrap_or_else(|| panic!("no {name} header"))
}

/// The signature from its definition, with an HMAC computed independently of the connector: the
/// RFC 4231 test case 2 key and data give the RFC's own digest through the kit's HMAC, and the
/// connector's signature is that HMAC over X-Login + X-Date + body.
#[test]
fn the_signature_is_hex_hmac_sha256_of_login_date_and_body() {
    // RFC 4231, test case 2.
    let rfc = crate::kit::crypto::hex(&crate::kit::crypto::hmac_sha256(b"Jefe", b"what do ya want for nothing?"));
    assert_eq!(rfc, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // dLocal's own concatenation: no delimiters.
    assert_eq!(signature("Je", "fe", "", "x"), signature("J", "efe", "", "x"));
    assert_eq!(
        signature("Jefe", "", "what do ya want for nothing?", "Jefe"),
        crate::kit::crypto::hex(&crate::kit::crypto::hmac_sha256(b"Jefe", b"Jefewhat do ya want for nothing?"))
    );
}

#[test]
fn a_card_goes_to_secure_payments_signed_with_every_documented_header() {
    let http = build_with(CONNECTOR, Flow::Authorize, card_request(), auth(), &at("2018-02-20T15:44:42Z")).unwrap();
    assert_eq!(http.method, HttpMethod::POST);
    assert_eq!(http.url, "https://sandbox.dlocal.com/secure_payments");
    let b = body(&http);
    assert_eq!(
        b,
        json!({
            "amount": 120.00, "currency": "BRL", "country": "BR",
            "payment_method_id": "CARD", "payment_method_flow": "DIRECT",
            "payer": {"name": "Thiago Gabriel", "email": "thiago@example.com", "document": "53033315550"},
            "card": {"holder_name": "Thiago Gabriel", "expiration_month": 10, "expiration_year": 2040, "number": "4111111111111111", "cvv": "123", "capture": false},
            "order_id": "657434343",
            "notification_url": "http://merchant.com/notifications"
        })
    );
    assert_eq!(header(&http, "X-Date"), "2018-02-20T15:44:42Z");
    assert_eq!(header(&http, "X-Login"), LOGIN);
    assert_eq!(header(&http, "X-Trans-Key"), TRANS_KEY);
    assert_eq!(header(&http, "X-Version"), "2.1");
    assert_eq!(header(&http, "Content-Type"), "application/json");
    assert!(!header(&http, "User-Agent").is_empty());
    let text = http.body.as_ref().unwrap().data.clone();
    let expected = crate::kit::crypto::hex(&crate::kit::crypto::hmac_sha256(
        SECRET.as_bytes(),
        format!("{LOGIN}2018-02-20T15:44:42Z{text}").as_bytes(),
    ));
    assert_eq!(header(&http, "Authorization"), format!("V2-HMAC-SHA256, Signature: {expected}"));
}

#[test]
fn tokens_and_saved_cards_go_to_payments() {
    let mut r = card_request();
    r["paymentMethod"] = json!({"type": "token", "token": {"value": "CV-e90078f7-e027-4ce4-84cb-534c877be33c", "kind": "cardId"}});
    r["captureMethod"] = json!("automatic");
    let http = build_with(CONNECTOR, Flow::Authorize, r.clone(), auth(), &Options::default()).unwrap();
    assert_eq!(http.url, "https://sandbox.dlocal.com/payments");
    assert_eq!(body(&http)["card"], json!({"card_id": "CV-e90078f7-e027-4ce4-84cb-534c877be33c", "capture": true}));
    r["paymentMethod"] = json!({"type": "token", "token": {"value": "D-token-abc123"}});
    let http = build_with(CONNECTOR, Flow::Authorize, r.clone(), auth(), &Options::default()).unwrap();
    assert_eq!(body(&http)["card"], json!({"token": "D-token-abc123", "capture": true}));
    r["paymentMethod"] = json!({"type": "token", "token": {"value": "x", "kind": "network"}});
    let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.token.kind"));
}

#[test]
fn vouchers_use_the_redirect_flow_with_dlocals_method_ids() {
    for (method, id, country, currency, tax) in
        [("oxxo", "OX", "MX", "MXN", None), ("boleto", "BL", "BR", "BRL", Some("53033315550")), ("pix", "PQ", "BR", "BRL", Some("53033315550"))]
    {
        let mut voucher = json!({"method": method});
        if let Some(t) = tax {
            voucher["taxId"] = json!(t);
        }
        let r = json!({
            "merchantTransactionId": "5346523564",
            "amount": {"minorAmount": 10000, "currency": currency},
            "paymentMethod": {"type": "voucher", "voucher": voucher},
            "customer": {"name": "Thiago Gabriel", "email": "thiago@example.com"},
            "returnUrl": "https://merchant.example/back"
        });
        let http = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap();
        let b = body(&http);
        assert_eq!(http.url, "https://sandbox.dlocal.com/payments");
        assert_eq!(b["payment_method_id"], id);
        assert_eq!(b["payment_method_flow"], "REDIRECT");
        assert_eq!(b["country"], country);
        assert_eq!(b["callback_url"], "https://merchant.example/back");
        assert_eq!(b["payer"].get("document").and_then(Value::as_str), tax);
        assert!(b.get("card").is_none());
    }
}

#[test]
fn pix_without_a_cpf_and_oxxo_outside_mexico_are_refused_naming_the_field() {
    let r = json!({
        "merchantTransactionId": "o1",
        "amount": {"minorAmount": 10000, "currency": "BRL"},
        "paymentMethod": {"type": "voucher", "voucher": {"method": "pix"}},
        "customer": {"name": "A B", "email": "a@example.com"},
        "returnUrl": "https://merchant.example/back"
    });
    let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingRequiredField);
    assert_eq!(e.field.as_deref(), Some("request.customer.document"));
    let r = json!({
        "merchantTransactionId": "o2",
        "amount": {"minorAmount": 10000, "currency": "MXN"},
        "paymentMethod": {"type": "voucher", "voucher": {"method": "oxxo"}},
        "customer": {"name": "A B", "email": "a@example.com"},
        "billingAddress": {"country": "CO"},
        "returnUrl": "https://merchant.example/back"
    });
    let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.billingAddress.country"));
}

#[test]
fn the_country_email_and_name_are_required() {
    for (drop, field) in [("billingAddress", "request.billingAddress.country"), ("customer", "request.customer.email")] {
        let mut r = card_request();
        r.as_object_mut().unwrap().remove(drop);
        let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::MissingRequiredField, "{drop}");
        assert_eq!(e.field.as_deref(), Some(field));
    }
}

#[test]
fn amounts_are_exact_decimals_with_at_most_two_places_and_eight_whole_digits() {
    for (minor, currency, text) in [(2000, "USD", "20.00"), (1050, "BRL", "10.50"), (5, "MXN", "0.05"), (1500, "CLP", "1500"), (12340, "KWD", "12.34")] {
        let mut r = card_request();
        r["amount"] = json!({"minorAmount": minor, "currency": currency});
        let http = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap();
        let raw = &http.body.as_ref().unwrap().data;
        assert!(raw.starts_with(&format!("{{\"amount\":{text},")), "{minor} {currency}: {raw}");
    }
    // 12.345 KWD has a third decimal dLocal cannot take; 100,000,000.00 is over 10,2.
    for (minor, currency) in [(12345i64, "KWD"), (10_000_000_000i64, "USD")] {
        let mut r = card_request();
        r["amount"] = json!({"minorAmount": minor, "currency": currency});
        let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidFieldValue, "{minor} {currency}");
        assert_eq!(e.field.as_deref(), Some("request.amount.minorAmount"));
    }
}

#[test]
fn capture_void_refund_and_reads_use_the_documented_endpoints() {
    let o = Options::default();
    let cap = build_with(
        CONNECTOR,
        Flow::Capture,
        json!({"connectorTransactionId": "D-4-e2227981-8ec8-48fd-8e9a-19fedb08d73a", "amountToCapture": {"minorAmount": 12000, "currency": "USD"}, "merchantCaptureId": "657434343"}),
        auth(),
        &o,
    )
    .unwrap();
    assert_eq!((cap.method, cap.url.as_str()), (HttpMethod::POST, "https://sandbox.dlocal.com/payments"));
    assert_eq!(body(&cap), json!({"authorization_id": "D-4-e2227981-8ec8-48fd-8e9a-19fedb08d73a", "amount": 120.00, "currency": "USD", "order_id": "657434343"}));
    let whole = build_with(CONNECTOR, Flow::Capture, json!({"connectorTransactionId": "D-4-x"}), auth(), &o).unwrap();
    assert_eq!(body(&whole), json!({"authorization_id": "D-4-x"}));
    let over = build_with(
        CONNECTOR,
        Flow::Capture,
        json!({"connectorTransactionId": "D-4-x", "amountToCapture": {"minorAmount": 101, "currency": "USD"}, "paymentAmount": {"minorAmount": 100, "currency": "USD"}}),
        auth(),
        &o,
    )
    .unwrap_err();
    assert_eq!(over.field.as_deref(), Some("request.amountToCapture.minorAmount"));

    let void = build_with(CONNECTOR, Flow::Void, json!({"connectorTransactionId": "D-4-x"}), auth(), &o).unwrap();
    assert_eq!((void.method, void.url.as_str()), (HttpMethod::POST, "https://sandbox.dlocal.com/payments/D-4-x/cancel"));
    assert!(void.body.is_none());
    let psync = build_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "D-4-x"}), auth(), &o).unwrap();
    assert_eq!((psync.method, psync.url.as_str()), (HttpMethod::GET, "https://sandbox.dlocal.com/payments/D-4-x"));
    let refund_http = build_with(
        CONNECTOR,
        Flow::Refund,
        json!({"connectorTransactionId": "PAY4334346343", "merchantRefundId": "r1", "refundAmount": {"minorAmount": 10000, "currency": "USD"}, "webhookUrl": "http://some.url"}),
        auth(),
        &o,
    )
    .unwrap();
    assert_eq!(refund_http.url, "https://sandbox.dlocal.com/refunds");
    assert_eq!(body(&refund_http), json!({"payment_id": "PAY4334346343", "amount": 100.00, "currency": "USD", "notification_url": "http://some.url"}));
    let rsync = build_with(CONNECTOR, Flow::Rsync, json!({"connectorTransactionId": "P", "connectorRefundId": "REF-42342"}), auth(), &o).unwrap();
    assert_eq!(rsync.url, "https://sandbox.dlocal.com/refunds/REF-42342");
}

#[test]
fn the_documented_card_payment_answer_reads_charged() {
    // The example response of "Create a Card Payment" (docs.dlocal.com, Credit Card Payments).
    let doc = r#"{"id": "PAY2323243343543","amount": 120.00,"currency" : "USD","country": "BR","payment_method_id" : "CARD","payment_method_type" : "CARD","payment_method_flow" : "DIRECT","card":{"holder_name": "Thiago Gabriel","expiration_month": 10,"expiration_year": 2040,"last4": "1111","brand": "VI"},"created_date" : "2018-02-15T15:14:52-00:00","approved_date" : "2018-02-15T15:14:52-00:00","status" : "PAID","status_code" : "200","status_detail" : "The payment was paid.","order_id": "657434343","notification_url": "http://merchant.com/notifications"}"#;
    let result = payment(parse_with(CONNECTOR, Flow::Authorize, card_request(), &response(200, doc), &Options::default()).unwrap());
    assert_eq!(result.status, PaymentStatus::Charged);
    assert_eq!(result.connector_transaction_id.as_deref(), Some("PAY2323243343543"));
    assert_eq!(result.amount_captured.map(|m| (m.minor_amount, m.currency)), Some((12000, "USD".to_string())));
}

#[test]
fn the_documented_authorization_reads_authorized_and_an_unknown_status_is_never_guessed() {
    // The Order object's example (docs.dlocal.com, The Order Object): AUTHORIZED, 600.
    let doc = r#"{"order_id": "LDMYZ5mtmsCa","payment_id": "D-4-f77392b1-4ff0-477c-749ac9a237b5","id": "D-4-f77392b1-4ff0-477c-749ac9a237b5","currency": "USD","amount": 382.00,"status": "AUTHORIZED","status_code": "600","status_detail": "The payment was authorized."}"#;
    let result = payment(parse_with(CONNECTOR, Flow::Authorize, card_request(), &response(200, doc), &Options::default()).unwrap());
    assert_eq!(result.status, PaymentStatus::Authorized);
    assert_eq!(payment_status(Some("SOMETHING_NEW")), PaymentStatus::Unresolved);
    assert_eq!(payment_status(Some("VERIFIED")), PaymentStatus::Unresolved);
    for s in known_payment_statuses() {
        assert_ne!(payment_status(Some(s)), PaymentStatus::Unresolved, "{s}");
    }
}

#[test]
fn every_documented_rejection_code_maps_and_the_detail_is_kept() {
    let codes: Vec<_> = known_rejection_codes().collect();
    assert_eq!(codes.len(), 26, "300 to 325, as the Rejection status table lists them");
    assert_eq!(rejection("302"), Some((UnifiedErrorCode::InsufficientFunds, DeclineType::Soft)));
    assert_eq!(rejection("309"), Some((UnifiedErrorCode::ExpiredCard, DeclineType::Hard)));
    assert_eq!(rejection("315"), Some((UnifiedErrorCode::IncorrectCvc, DeclineType::Hard)));
    assert_eq!(rejection("320"), Some((UnifiedErrorCode::AuthenticationRequired, DeclineType::Soft)));
    let doc = r#"{"id":"D-4-1","amount":120.00,"currency":"USD","payment_method_id":"CARD","status":"REJECTED","status_code":"310","status_detail":"Card reported lost."}"#;
    let result = payment(parse_with(CONNECTOR, Flow::Authorize, card_request(), &response(200, doc), &Options::default()).unwrap());
    assert_eq!(result.status, PaymentStatus::Failure);
    let e = result.error.unwrap();
    assert_eq!(e.code, UnifiedErrorCode::LostOrStolenCard);
    assert_eq!(e.connector_code.as_deref(), Some("310"));
    assert_eq!(e.connector_message.as_deref(), Some("Card reported lost."));
    assert_eq!(e.decline_type, Some(DeclineType::Hard));
}

#[test]
fn documented_error_answers_map_by_code() {
    assert!(known_error_codes().count() >= 18);
    // Payments HTTP Errors' example.
    let body = r#"{"code": 5005, "message": "User unauthorized due to cadastral situation"}"#;
    let result = payment(parse_with(CONNECTOR, Flow::Authorize, card_request(), &response(400, body), &Options::default()).unwrap());
    assert_eq!(result.status, PaymentStatus::Failure);
    let e = result.error.unwrap();
    assert_eq!(e.code, UnifiedErrorCode::TransactionNotAllowed);
    assert_eq!(e.connector_code.as_deref(), Some("5005"));
    let creds = payment(
        parse_with(CONNECTOR, Flow::Authorize, card_request(), &response(403, r#"{"code":3001,"message":"Invalid Credentials."}"#), &Options::default())
            .unwrap(),
    );
    assert_eq!(creds.error.unwrap().code, UnifiedErrorCode::InvalidCredentials);
    // A 5xx without a body says nothing: unresolved, never failure.
    let down = payment(parse_with(CONNECTOR, Flow::Authorize, card_request(), &response(502, ""), &Options::default()).unwrap());
    assert_eq!(down.status, PaymentStatus::Unresolved);
    assert_eq!(down.error.unwrap().code, UnifiedErrorCode::ProcessorUnavailable);
}

#[test]
fn the_documented_pix_redirect_answer_is_a_next_action() {
    // "Redirect Pix payment": PENDING with a redirect_url to dLocal's page.
    let doc = r#"{"id":"D-4-75c7473a-ab86-4e43-bd39-c840268747d3","amount":100,"currency":"BRL","payment_method_id":"PQ","payment_method_type":"TICKET","payment_method_flow":"REDIRECT","country":"BR","created_date":"2021-02-01T17:55:40.000+0000","status":"PENDING","status_detail":"The payment is pending.","status_code":"100","order_id":"5346523564","notification_url":"http://merchant.com/notifications","redirect_url":"https://pay.dlocal.com/gmxoxmlg4xz7"}"#;
    let req = json!({
        "merchantTransactionId": "5346523564", "amount": {"minorAmount": 10000, "currency": "BRL"},
        "paymentMethod": {"type": "voucher", "voucher": {"method": "pix", "taxId": "53033315550"}},
        "customer": {"name": "Thiago Gabriel", "email": "thiago@example.com"}, "returnUrl": "https://merchant.example/back"
    });
    let result = payment(parse_with(CONNECTOR, Flow::Authorize, req, &response(200, doc), &Options::default()).unwrap());
    assert_eq!(result.status, PaymentStatus::Pending);
    let action = result.next_action.unwrap();
    assert_eq!(action.url.as_deref(), Some("https://pay.dlocal.com/gmxoxmlg4xz7"));
    assert_eq!(result.redirection.unwrap().url, "https://pay.dlocal.com/gmxoxmlg4xz7");
}

#[test]
fn the_documented_refund_answer_and_statuses() {
    let req = json!({"connectorTransactionId": "PAY4334346343", "merchantRefundId": "r1", "refundAmount": {"minorAmount": 10000, "currency": "USD"}});
    let doc = r#"{"id":"REF-42342","payment_id":"PAY4334346343","status":"SUCCESS","currency":"USD","created_date":"2018-02-15T15:14:52-00:00","amount":100.00,"status_code":200,"status_detail":"The refund was paid","notification_url":"http://some.url","amount_refunded":100.00,"id_payment":"PAY4334346343"}"#;
    let r = refund(parse_with(CONNECTOR, Flow::Refund, req.clone(), &response(200, doc), &Options::default()).unwrap());
    assert_eq!(r.status, RefundStatus::Success);
    assert_eq!(r.connector_refund_id.as_deref(), Some("REF-42342"));
    assert_eq!(r.refund_amount.map(|m| m.minor_amount), Some(10000));
    let refused = r#"{"code": 5012, "message": "Insufficient funds."}"#;
    let r = refund(parse_with(CONNECTOR, Flow::Refund, req.clone(), &response(400, refused), &Options::default()).unwrap());
    assert_eq!(r.status, RefundStatus::Failure);
    assert_eq!(r.error.unwrap().code, UnifiedErrorCode::InsufficientFunds);
    let r = refund(parse_with(CONNECTOR, Flow::Refund, req, &response(500, "oops"), &Options::default()).unwrap());
    assert_eq!(r.status, RefundStatus::Pending, "a 5xx refund is unknown, never failure");
}

fn notification(body: &str, x_date: &str, secret: &str) -> IncomingWebhook {
    let sig = signature(LOGIN, x_date, body, SECRET);
    IncomingWebhook {
        headers: vec![
            ResponseHeader { name: "X-Date".into(), value: x_date.into() },
            ResponseHeader { name: "Authorization".into(), value: format!("V2-HMAC-SHA256, Signature: {sig}") },
        ],
        body: body.into(),
        secret: Secret::new(secret.to_string()),
        url: None,
    }
}

#[test]
fn notifications_are_verified_and_read_and_a_forged_or_stale_one_is_refused() {
    let body = r#"{"id":"D-4-1","amount":120.00,"currency":"USD","payment_method_id":"CARD","status":"PAID","status_code":"200","order_id":"657434343"}"#;
    let secret = format!("{LOGIN}:{SECRET}");
    let now = at("2018-07-12T13:47:00Z");
    let ok = read_webhook(CONNECTOR, &notification(body, "2018-07-12T13:46:28.629Z", &secret), None, &now).unwrap();
    assert!(ok.verified, "{:?}", ok.reason);
    assert_eq!(ok.events[0].payment_status, Some(PaymentStatus::Charged));
    assert_eq!(ok.events[0].merchant_transaction_id.as_deref(), Some("657434343"));
    let mut forged = notification(body, "2018-07-12T13:46:28.629Z", &secret);
    forged.body = forged.body.replace("120.00", "1.00");
    let no = read_webhook(CONNECTOR, &forged, None, &now).unwrap();
    assert!(!no.verified);
    assert!(no.events.is_empty());
    assert!(!format!("{no:?}").contains(SECRET));
    let wrong = read_webhook(CONNECTOR, &notification(body, "2018-07-12T13:46:28.629Z", &format!("{LOGIN}:other")), None, &now).unwrap();
    assert!(!wrong.verified);
    let stale = read_webhook(CONNECTOR, &notification(body, "2018-07-12T13:46:28.629Z", &secret), None, &at("2018-07-13T13:47:00Z")).unwrap();
    assert!(!stale.verified);
    let refund_body = r#"{"id":"REF-42342","payment_id":"PAY4334346343","status":"SUCCESS","currency":"USD","amount":100.00,"status_code":200}"#;
    let r = read_webhook(CONNECTOR, &notification(refund_body, "2018-07-12T13:46:28.629Z", &secret), None, &now).unwrap();
    assert!(r.verified);
    assert_eq!(r.events[0].refund_status, Some(RefundStatus::Success));
    assert_eq!(r.events[0].connector_transaction_id.as_deref(), Some("PAY4334346343"));
}

#[test]
fn credentials_are_required_and_never_echoed() {
    let e = build_with(CONNECTOR, Flow::Authorize, card_request(), json!({"xLogin": LOGIN, "xTransKey": TRANS_KEY, "secretKey": ""}), &Options::default())
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("auth.secretKey"));
    let e = build_with(CONNECTOR, Flow::Authorize, card_request(), json!({"xLogin": LOGIN, "xTransKey": "bad key here", "secretKey": SECRET}), &Options::default())
        .unwrap_err();
    assert!(!e.message.contains("bad key here"));
}

#[test]
fn the_payers_document_comes_from_customer_document_and_countries_that_require_it_refuse_its_absence() {
    // Brazil, Chile, Colombia and Argentina say "document required by country? Yes" in dLocal's
    // Country Reference; Mexico does not appear among the rows that require it.
    for (country, currency) in [("BR", "BRL"), ("CL", "CLP"), ("CO", "COP"), ("AR", "ARS")] {
        let mut r = card_request();
        r["amount"]["currency"] = json!(currency);
        r["billingAddress"]["country"] = json!(country);
        r["customer"].as_object_mut().unwrap().remove("document");
        let e = build_with(CONNECTOR, Flow::Authorize, r.clone(), auth(), &Options::default()).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.customer.document")), "{country}");
        r["customer"]["document"] = json!({"type": "DNI", "number": " 12345678 "});
        let http = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap();
        assert_eq!(body(&http)["payer"]["document"], "12345678", "{country}");
    }
    let mut r = card_request();
    r["amount"]["currency"] = json!("MXN");
    r["billingAddress"]["country"] = json!("MX");
    r["customer"].as_object_mut().unwrap().remove("document");
    let http = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap();
    assert!(body(&http)["payer"].get("document").is_none());
    // The voucher's taxId and customer.document are one payer.document: two different ones are refused.
    let mut pix = json!({
        "merchantTransactionId": "o3",
        "amount": {"minorAmount": 10000, "currency": "BRL"},
        "paymentMethod": {"type": "voucher", "voucher": {"method": "pix", "taxId": "53033315550"}},
        "customer": {"name": "A B", "email": "a@example.com", "document": {"type": "CPF", "number": "53033315550"}},
        "returnUrl": "https://merchant.example/back"
    });
    assert_eq!(body(&build_with(CONNECTOR, Flow::Authorize, pix.clone(), auth(), &Options::default()).unwrap())["payer"]["document"], "53033315550");
    pix["customer"]["document"]["number"] = json!("11144477735");
    let e = build_with(CONNECTOR, Flow::Authorize, pix.clone(), auth(), &Options::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.customer.document.number"));
    assert!(!e.message.contains("11144477735") && !e.message.contains("53033315550"), "{}", e.message);
    // customer.document alone pays a Pix.
    pix["paymentMethod"]["voucher"].as_object_mut().unwrap().remove("taxId");
    assert_eq!(body(&build_with(CONNECTOR, Flow::Authorize, pix, auth(), &Options::default()).unwrap())["payer"]["document"], "11144477735");
}

// ---------- mobile money (Africa / Mobile Money payments) ----------

fn mobile_money_request(provider: &str, phone: &str, currency: &str, country: Option<&str>) -> Value {
    let mut r = json!({
        "merchantTransactionId": "9928451",
        "amount": {"minorAmount": 1000000, "currency": currency},
        "paymentMethod": {"type": "mobileMoney", "mobileMoney": {"provider": provider, "phoneNumber": phone}},
        "customer": {"name": "David Otieno", "email": "dotieno@example.com", "document": {"type": "other", "number": "27183121"}},
        "webhookUrl": "http://google.com"
    });
    if let Some(c) = country {
        r["billingAddress"] = json!({"country": c});
    }
    r
}

#[test]
fn kenyan_mobile_money_is_the_documented_direct_mw_request_with_the_wallets_phone() {
    // The docs' example: KES 10000, country KE, DIRECT, MW, payer.phone mandatory.
    let http = build_with(CONNECTOR, Flow::Authorize, mobile_money_request("mpesa", "+254712345678", "KES", None), auth(), &at("2018-02-20T15:44:42Z")).unwrap();
    assert_eq!(http.url, "https://sandbox.dlocal.com/payments");
    assert_eq!(
        body(&http),
        json!({
            "amount": 10000.00, "currency": "KES", "country": "KE",
            "payment_method_id": "MW", "payment_method_flow": "DIRECT",
            "payer": {"name": "David Otieno", "email": "dotieno@example.com", "document": "27183121", "phone": "+254712345678"},
            "order_id": "9928451",
            "notification_url": "http://google.com"
        })
    );
    assert!(http.body.as_ref().unwrap().sensitive, "the wallet's number is in the body");
}

#[test]
fn ghana_takes_the_operators_id_and_the_mandatory_mobile_carrier() {
    for (provider, id, carrier) in [("mtn", "MT", "MTN"), ("vodafone", "VF", "VODAFONE"), ("airtelTigo", "AT", "TIGO")] {
        let http = build_with(CONNECTOR, Flow::Authorize, mobile_money_request(provider, "+233241234567", "GHS", Some("GH")), auth(), &at("2018-02-20T15:44:42Z")).unwrap();
        let b = body(&http);
        assert_eq!(b["country"], "GH");
        assert_eq!(b["payment_method_id"], id, "{provider}");
        assert_eq!(b["payment_method_flow"], "DIRECT");
        assert_eq!(b["metadata"], json!({"mobile_carrier": carrier}), "{provider}");
        assert_eq!(b["payer"]["phone"], "+233241234567");
    }
    // Outside Ghana there is no carrier parameter.
    let ci = body(&build_with(CONNECTOR, Flow::Authorize, mobile_money_request("orange", "+2250701234567", "XOF", None), auth(), &at("2018-02-20T15:44:42Z")).unwrap());
    assert_eq!((ci["country"].as_str(), ci["payment_method_id"].as_str()), (Some("CI"), Some("OR")));
    assert!(ci.get("metadata").is_none());
    let tz = body(&build_with(CONNECTOR, Flow::Authorize, mobile_money_request("mpesa", "+255712345678", "TZS", None), auth(), &at("2018-02-20T15:44:42Z")).unwrap());
    assert_eq!(tz["payment_method_id"], "VC");
}

#[test]
fn mobile_money_refusals_name_the_field_and_never_the_number() {
    let phone = "+233241234567";
    let cases = [
        // M-Pesa is no Ghanaian operator.
        (mobile_money_request("mpesa", phone, "GHS", Some("GH")), "request.paymentMethod.mobileMoney.provider"),
        // A Kenyan address with a Ghanaian number.
        (mobile_money_request("mpesa", phone, "KES", Some("KE")), "request.paymentMethod.mobileMoney.phoneNumber"),
        // A country dLocal takes no mobile money in.
        (mobile_money_request("mtn", "+2348012345678", "NGN", None), "request.paymentMethod.mobileMoney.phoneNumber"),
        (mobile_money_request("mtn", "+2348012345678", "NGN", Some("NG")), "request.billingAddress.country"),
        // Senegal's wallets are paid on the provider's page.
        (mobile_money_request("orange", "+221771234567", "XOF", Some("SN")), "request.billingAddress.country"),
    ];
    for (req, field) in cases {
        let e = build_with(CONNECTOR, Flow::Authorize, req, auth(), &at("2018-02-20T15:44:42Z")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{}", e.message);
        assert!(!e.message.contains("241234567") && !e.message.contains("8012345678"), "{}", e.message);
    }
    // Ghana requires the payer's document (Ghana Card: "document required? Yes").
    let mut no_doc = mobile_money_request("mtn", phone, "GHS", None);
    no_doc["customer"].as_object_mut().unwrap().remove("document");
    let e = build_with(CONNECTOR, Flow::Authorize, no_doc, auth(), &at("2018-02-20T15:44:42Z")).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.customer.document"));
    // Paid with the PIN: nothing to capture later.
    let mut manual = mobile_money_request("mtn", phone, "GHS", None);
    manual["captureMethod"] = json!("manual");
    let e = build_with(CONNECTOR, Flow::Authorize, manual, auth(), &at("2018-02-20T15:44:42Z")).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.captureMethod"));
}

#[test]
fn the_documented_mobile_money_answer_waits_for_the_shoppers_pin() {
    // The docs' example response: PENDING 100, MW, with empty bank_transfer and ticket objects.
    let doc = r#"{"id":"D-4-a81b9060-3cde-452c-81b1-e82f2739fb47","amount":10000,"currency":"KES","payment_method_id":"MW","payment_method_type":"BANK_TRANSFER","payment_method_flow":"DIRECT","country":"KE","bank_transfer":{},"ticket":{},"created_date":"2020-11-03T14:09:24.000+0000","status":"PENDING","status_detail":"The payment is pending.","status_code":"100","order_id":"9928451","notification_url":"http://google.com"}"#;
    let req = mobile_money_request("mpesa", "+254712345678", "KES", None);
    let result = payment(parse_with(CONNECTOR, Flow::Authorize, req, &response(200, doc), &Options::default()).unwrap());
    assert_eq!(result.status, PaymentStatus::Pending);
    assert_eq!(result.connector_transaction_id.as_deref(), Some("D-4-a81b9060-3cde-452c-81b1-e82f2739fb47"));
    let action = result.next_action.expect("the shopper approves on the phone");
    assert_eq!(serde_json::to_value(&action).unwrap(), json!({"type": "awaitApproval"}));
    assert!(result.redirection.is_none());
    // Psync of the same payment, once paid.
    let paid = doc.replace("\"PENDING\"", "\"PAID\"").replace("\"100\"", "\"200\"");
    let psync = json!({"connectorTransactionId": "D-4-a81b9060-3cde-452c-81b1-e82f2739fb47"});
    let result = payment(parse_with(CONNECTOR, Flow::Psync, psync, &response(200, &paid), &Options::default()).unwrap());
    assert_eq!(result.status, PaymentStatus::Charged);
    assert_eq!(result.amount_captured.unwrap().minor_amount, 1000000);
}

// ---------- bank transfers (Bank Transfer Payments) ----------

fn bank_transfer_request(bank: Option<&str>, country: Option<&str>) -> Value {
    let mut bt = json!({"method": "virtualAccount"});
    if let Some(b) = bank {
        bt["bank"] = json!(b);
    }
    if let Some(c) = country {
        bt["country"] = json!(c);
    }
    json!({
        "merchantTransactionId": "5346523564",
        "amount": {"minorAmount": 10000, "currency": "ARS"},
        "paymentMethod": {"type": "bankTransfer", "bankTransfer": bt},
        "customer": {"name": "Juan Gómez", "email": "jgomez@example.com", "document": {"type": "DNI", "number": "27183121"}},
        "webhookUrl": "http://google.com"
    })
}

#[test]
fn a_bank_transfer_is_the_countrys_payment_method_in_the_direct_flow() {
    // The docs' "Direct Bank Transfer Payments" example: Banco Industrial (IO) in Argentina.
    let http = build_with(CONNECTOR, Flow::Authorize, bank_transfer_request(Some("IO"), Some("AR")), auth(), &at("2018-02-20T15:44:42Z")).unwrap();
    assert_eq!(http.url, "https://sandbox.dlocal.com/payments");
    assert_eq!(
        body(&http),
        json!({
            "amount": 100.00, "currency": "ARS", "country": "AR",
            "payment_method_id": "IO", "payment_method_flow": "DIRECT",
            "payer": {"name": "Juan Gómez", "email": "jgomez@example.com", "document": "27183121"},
            "order_id": "5346523564",
            "notification_url": "http://google.com"
        })
    );
    for (req, field) in [
        (bank_transfer_request(None, Some("AR")), "request.paymentMethod.bankTransfer.bank"),
        (bank_transfer_request(Some("IO"), None), "request.paymentMethod.bankTransfer.country"),
        (bank_transfer_request(Some("I O"), Some("AR")), "request.paymentMethod.bankTransfer.bank"),
    ] {
        let e = build_with(CONNECTOR, Flow::Authorize, req, auth(), &at("2018-02-20T15:44:42Z")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{}", e.message);
    }
    let mut sepa = bank_transfer_request(Some("IO"), Some("AR"));
    sepa["paymentMethod"]["bankTransfer"]["method"] = json!("sepaCreditTransfer");
    let e = build_with(CONNECTOR, Flow::Authorize, sepa, auth(), &at("2018-02-20T15:44:42Z")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported);
}

#[test]
fn the_documented_direct_bank_transfer_answer_shows_the_account() {
    let doc = r#"{"id":"D-4-c36158e8-cf6b-4195-8cea-721d56ebb9b5","amount":100,"currency":"ARS","payment_method_id":"IO","payment_method_type":"BANK_TRANSFER","payment_method_flow":"DIRECT","country":"AR","bank_transfer":{"bank_account_type":"CHECKING","bank_name":"Banco Industrial S.A.","bank_code":"BIND","beneficiary_name":"Dlocal Argentina S.A.","bank_account":"3220001805006588350028","bank_account2":"1-658835/2","bank_account_label":"CBU","bank_account2_label":"Número de cuenta","beneficiary_document_type":"CUIT","beneficiary_document":"30715778722","reference":"1000000000013","redirect_url":"https://pay.dlocal.com/gmf-apm/payments/M-a4a6b0a4-59eb-4389-8a69-139b17a38b7a","bank_branch":"1","user_payment_amount":100},"ticket":{},"created_date":"2020-07-03T20:56:56.000+0000","status":"PENDING","status_detail":"The payment is pending.","status_code":"100","order_id":"5346523564","notification_url":"http://google.com"}"#;
    let result = payment(parse_with(CONNECTOR, Flow::Authorize, bank_transfer_request(Some("IO"), Some("AR")), &response(200, doc), &Options::default()).unwrap());
    assert_eq!(result.status, PaymentStatus::Pending);
    assert_eq!(
        serde_json::to_value(result.next_action.unwrap()).unwrap(),
        json!({
            "type": "displayBankDetails",
            "url": "https://pay.dlocal.com/gmf-apm/payments/M-a4a6b0a4-59eb-4389-8a69-139b17a38b7a",
            "reference": "1000000000013",
            "bankDetails": {
                "accountNumber": "3220001805006588350028", "bankName": "Banco Industrial S.A.", "bankCode": "BIND",
                "accountHolderName": "Dlocal Argentina S.A.", "reference": "1000000000013"
            }
        })
    );
    // The redirect answer of the same method (REDIRECT): dLocal's page that shows the account.
    let redirect = r#"{"id":"D-4-82f1d728-6966-41f8-8fea-fc9ee0e7cded","amount":100,"currency":"BRL","payment_method_id":"CA","payment_method_type":"BANK_TRANSFER","payment_method_flow":"REDIRECT","country":"BR","created_date":"2018-12-26T21:19:02.000+0000","status":"PENDING","status_detail":"The payment is pending","status_code":"100","order_id":"623576234","notification_url":"http://merchant.com/notifications","redirect_url":"https://pay.dlocal.com/collect/pay/pay/M-de20ae10-0953-11e9-b88f-39144191f925?xtid=CATH-ST-1545859142-2123845504"}"#;
    let psync = json!({"connectorTransactionId": "D-4-82f1d728-6966-41f8-8fea-fc9ee0e7cded"});
    let result = payment(parse_with(CONNECTOR, Flow::Psync, psync, &response(200, redirect), &Options::default()).unwrap());
    assert_eq!(result.next_action.unwrap().kind, crate::protocol::NextActionType::Redirect);
}

#[test]
fn the_mobile_money_table_has_each_countrys_calling_code_once_and_documented_ids() {
    use super::requests::MOBILE_MONEY;
    let mut codes = std::collections::HashSet::new();
    for c in MOBILE_MONEY {
        assert!(codes.insert(c.calling_code), "{} twice", c.calling_code);
        assert!(!c.operators.is_empty());
        for (_, id) in c.operators {
            assert!(super::requests::is_mobile_money(c.country, id));
        }
    }
    // A card in Ghana is no mobile money.
    assert!(!super::requests::is_mobile_money("GH", "CARD"));
    assert!(!super::requests::is_mobile_money("BR", "MW"));
}

// ---------- online banking and wallets through the REDIRECT flow ----------

fn bank_redirect_request(method: &str, processor_method: Option<&str>, country: Option<&str>, currency: &str) -> Value {
    let mut br = json!({"method": method});
    if let Some(p) = processor_method {
        br["processorMethod"] = json!(p);
    }
    if let Some(c) = country {
        br["country"] = json!(c);
    }
    json!({
        "merchantTransactionId": "623576234",
        "amount": {"minorAmount": 5000000, "currency": currency},
        "paymentMethod": {"type": "bankRedirect", "bankRedirect": br},
        "customer": {"name": "Pedro Gomez", "email": "pedro@example.com", "document": {"type": "CC", "number": "1020304050"}},
        "returnUrl": "https://merchant.example/back",
        "webhookUrl": "http://merchant.com/notifications"
    })
}

fn build_err(req: Value) -> crate::protocol::SidecarError {
    build_with(CONNECTOR, Flow::Authorize, req, auth(), &at("2018-02-20T15:44:42Z")).unwrap_err()
}

#[test]
fn pse_is_colombias_online_banking_in_the_redirect_flow() {
    // Colombia's page: PC, PSE, BANK_TRANSFER, allowed flow REDIRECT; COP. Named or implied.
    for pm in [Some("PC"), Some("pc"), None] {
        let http = build_with(CONNECTOR, Flow::Authorize, bank_redirect_request("onlineBanking", pm, Some("CO"), "COP"), auth(), &at("2018-02-20T15:44:42Z")).unwrap();
        assert_eq!(http.url, "https://sandbox.dlocal.com/payments");
        assert_eq!(
            body(&http),
            json!({
                "amount": 50000.00, "currency": "COP", "country": "CO",
                "payment_method_id": "PC", "payment_method_flow": "REDIRECT",
                "payer": {"name": "Pedro Gomez", "email": "pedro@example.com", "document": "1020304050"},
                "order_id": "623576234",
                "notification_url": "http://merchant.com/notifications",
                "callback_url": "https://merchant.example/back"
            })
        );
    }
}

#[test]
fn chile_has_two_online_banking_methods_so_one_must_be_named() {
    let e = build_err(bank_redirect_request("onlineBanking", None, Some("CL"), "CLP"));
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.bankRedirect.processorMethod"), "{}", e.message);
    assert!(e.message.contains("WP Webpay") && e.message.contains("IO Khipu"), "{}", e.message);
    for id in ["WP", "IO"] {
        let mut req = bank_redirect_request("onlineBanking", Some(id), None, "CLP");
        req["billingAddress"] = json!({"country": "CL"});
        req["customer"]["document"] = json!({"type": "RUT", "number": "334441113"});
        let http = build_with(CONNECTOR, Flow::Authorize, req, auth(), &at("2018-02-20T15:44:42Z")).unwrap();
        let b = body(&http);
        assert_eq!(b["payment_method_id"], json!(id));
        assert_eq!(b["country"], json!("CL"));
        // CLP has no decimals: 50,000 CLP is 50000.
        assert_eq!(b["amount"], json!(5000000));
    }
}

#[test]
fn netbanking_is_indias_nb_and_fpx_is_malaysias_io() {
    let mut req = bank_redirect_request("netbanking", None, None, "INR");
    req["customer"]["document"] = json!({"type": "PAN", "number": "ABCDE1234F"});
    let b = body(&build_with(CONNECTOR, Flow::Authorize, req, auth(), &at("2018-02-20T15:44:42Z")).unwrap());
    assert_eq!((b["payment_method_id"].as_str(), b["country"].as_str(), b["payment_method_flow"].as_str()), (Some("NB"), Some("IN"), Some("REDIRECT")));
    let mut req = bank_redirect_request("onlineBankingFpx", None, Some("MY"), "MYR");
    req["customer"]["document"] = json!({"type": "NRIC", "number": "900101015555"});
    let b = body(&build_with(CONNECTOR, Flow::Authorize, req, auth(), &at("2018-02-20T15:44:42Z")).unwrap());
    assert_eq!((b["payment_method_id"].as_str(), b["country"].as_str()), (Some("IO"), Some("MY")));
    // Malaysia's onlineBanking without a name is Maybank (FP), the one other bank redirect listed.
    let mut req = bank_redirect_request("onlineBanking", None, Some("MY"), "MYR");
    req["customer"]["document"] = json!({"type": "NRIC", "number": "900101015555"});
    assert_eq!(body(&build_with(CONNECTOR, Flow::Authorize, req, auth(), &at("2018-02-20T15:44:42Z")).unwrap())["payment_method_id"], json!("FP"));
}

#[test]
fn a_listed_id_is_checked_against_its_country_and_currency_and_an_unlisted_one_is_sent_as_named() {
    // PSE is paid in pesos.
    let e = build_err(bank_redirect_request("onlineBanking", Some("PC"), Some("CO"), "USD"));
    assert_eq!(e.field.as_deref(), Some("request.amount.currency"), "{}", e.message);
    // A wallet's id is not a bank redirect.
    let mut req = bank_redirect_request("onlineBanking", Some("GY"), Some("MY"), "MYR");
    req["customer"]["document"] = json!({"type": "NRIC", "number": "900101015555"});
    assert_eq!(build_err(req).field.as_deref(), Some("request.paymentMethod.bankRedirect.processorMethod"));
    // An id the country pages read do not list (Brazil's Caixa, CA, the Bank Transfer page's
    // REDIRECT example) goes as the merchant names it: dLocal answers whether it exists.
    let mut req = bank_redirect_request("onlineBanking", Some("CA"), Some("BR"), "BRL");
    req["customer"]["document"] = json!({"type": "CPF", "number": "52463567015"});
    let b = body(&build_with(CONNECTOR, Flow::Authorize, req, auth(), &at("2018-02-20T15:44:42Z")).unwrap());
    assert_eq!((b["payment_method_id"].as_str(), b["country"].as_str()), (Some("CA"), Some("BR")));
    // Without a name, a country whose page lists no online banking is refused, naming the field.
    let mut req = bank_redirect_request("onlineBanking", None, Some("BR"), "BRL");
    req["customer"]["document"] = json!({"type": "CPF", "number": "52463567015"});
    assert_eq!(build_err(req).field.as_deref(), Some("request.paymentMethod.bankRedirect.processorMethod"));
    // More than four characters is no payment_method_id ("Length: 4").
    assert_eq!(
        build_err(bank_redirect_request("onlineBanking", Some("PSE_CO"), Some("CO"), "COP")).field.as_deref(),
        Some("request.paymentMethod.bankRedirect.processorMethod")
    );
}

#[test]
fn bank_redirect_refusals_name_their_field() {
    // The shopper's bank is chosen on dLocal's page: no field for it.
    let mut req = bank_redirect_request("onlineBanking", Some("PC"), Some("CO"), "COP");
    req["paymentMethod"]["bankRedirect"]["issuer"] = json!("1007");
    assert_eq!(build_err(req).field.as_deref(), Some("request.paymentMethod.bankRedirect.issuer"));
    // The REDIRECT flow needs callback_url.
    let mut req = bank_redirect_request("onlineBanking", Some("PC"), Some("CO"), "COP");
    req.as_object_mut().unwrap().remove("returnUrl");
    assert_eq!(build_err(req).field.as_deref(), Some("request.returnUrl"));
    // Nothing to capture later.
    let mut req = bank_redirect_request("onlineBanking", Some("PC"), Some("CO"), "COP");
    req["captureMethod"] = json!("manual");
    assert_eq!(build_err(req).field.as_deref(), Some("request.captureMethod"));
    // The method's country and the billing address's must agree.
    let mut req = bank_redirect_request("onlineBanking", Some("PC"), Some("CO"), "COP");
    req["billingAddress"] = json!({"country": "CL"});
    assert_eq!(build_err(req).field.as_deref(), Some("request.paymentMethod.bankRedirect.country"));
    // Colombia requires the payer's document.
    let mut req = bank_redirect_request("onlineBanking", Some("PC"), Some("CO"), "COP");
    req["customer"].as_object_mut().unwrap().remove("document");
    assert_eq!(build_err(req).field.as_deref(), Some("request.customer.document"));
    // iDEAL is European: dLocal does not offer it.
    let e = build_err(bank_redirect_request("ideal", None, Some("NL"), "EUR"));
    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported);
}

#[test]
fn wallets_go_through_the_redirect_flow_with_the_countrys_id() {
    let req = |method: &str, pm: Option<&str>, country: &str, currency: &str| {
        let mut w = json!({"method": method});
        if let Some(p) = pm {
            w["processorMethod"] = json!(p);
        }
        json!({
            "merchantTransactionId": "w-1", "amount": {"minorAmount": 2500, "currency": currency},
            "paymentMethod": {"type": "walletRedirect", "walletRedirect": w},
            "customer": {"name": "Siti Aminah", "email": "siti@example.com", "document": {"type": "NRIC", "number": "900101015555"}},
            "billingAddress": {"country": country},
            "returnUrl": "https://merchant.example/back"
        })
    };
    for (method, country, currency, id) in [("grabpay", "MY", "MYR", "GY"), ("touchNGo", "MY", "MYR", "TG"), ("dana", "ID", "IDR", "DN")] {
        let b = body(&build_with(CONNECTOR, Flow::Authorize, req(method, None, country, currency), auth(), &at("2018-02-20T15:44:42Z")).unwrap());
        assert_eq!(b["payment_method_id"], json!(id), "{method}");
        assert_eq!(b["payment_method_flow"], json!("REDIRECT"));
        assert_eq!(b["country"], json!(country));
        assert_eq!(b["callback_url"], json!("https://merchant.example/back"));
    }
    // Another wallet's id for GrabPay is refused; an unlisted id goes as named.
    assert_eq!(build_err(req("grabpay", Some("TG"), "MY", "MYR")).field.as_deref(), Some("request.paymentMethod.walletRedirect.processorMethod"));
    assert_eq!(build_err(req("grabpay", None, "MY", "USD")).field.as_deref(), Some("request.amount.currency"));
    assert_eq!(build_err(req("grabpay", None, "PH", "PHP")).field.as_deref(), Some("request.paymentMethod.walletRedirect.processorMethod"));
    // A wallet dLocal's pages do not list.
    assert_eq!(build_err(req("alipay", None, "CN", "CNY")).kind, ErrorKind::PaymentMethodNotSupported);
}

#[test]
fn the_redirect_answer_of_online_banking_is_a_redirect_next_action() {
    // Bank Transfer Payments, "Redirect Bank Transfer Payments": PENDING with the redirect_url of
    // dLocal's page (here as a PSE payment would answer it: the same shape, method PC).
    let doc = r#"{"id":"D-4-82f1d728-6966-41f8-8fea-fc9ee0e7cded","amount":50000,"currency":"COP","payment_method_id":"PC","payment_method_type":"BANK_TRANSFER","payment_method_flow":"REDIRECT","country":"CO","created_date":"2018-12-26T21:19:02.000+0000","status":"PENDING","status_detail":"The payment is pending","status_code":"100","order_id":"623576234","notification_url":"http://merchant.com/notifications","redirect_url":"https://pay.dlocal.com/collect/pay/pay/M-de20ae10-0953-11e9-b88f-39144191f925"}"#;
    let result = payment(parse_with(CONNECTOR, Flow::Authorize, bank_redirect_request("onlineBanking", Some("PC"), Some("CO"), "COP"), &response(200, doc), &Options::default()).unwrap());
    assert_eq!(result.status, PaymentStatus::Pending);
    assert_eq!(result.connector_transaction_id.as_deref(), Some("D-4-82f1d728-6966-41f8-8fea-fc9ee0e7cded"));
    let action = result.next_action.unwrap();
    assert_eq!(action.kind, crate::protocol::NextActionType::Redirect);
    assert_eq!(action.url.as_deref(), Some("https://pay.dlocal.com/collect/pay/pay/M-de20ae10-0953-11e9-b88f-39144191f925"));
    assert_eq!(result.redirection.unwrap().method, crate::protocol::RedirectMethod::GET);
}

#[test]
fn the_redirect_table_is_consistent() {
    use super::redirect::{Kind, BANK_METHODS, REDIRECT_METHODS, WALLET_METHODS};
    let mut seen = std::collections::HashSet::new();
    for r in REDIRECT_METHODS {
        assert!(seen.insert((r.country, r.id)), "{} {} twice", r.country, r.id);
        assert!(r.id.len() <= 4 && r.id.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
        assert_eq!(crate::kit::money::iso_exponent(r.currency).is_some(), true, "{}", r.currency);
        match r.kind {
            Kind::Bank(m) => assert!(BANK_METHODS.contains(&m.as_str())),
            Kind::Wallet(m) => assert!(WALLET_METHODS.contains(&m.as_str())),
        }
    }
    for m in BANK_METHODS {
        assert!(REDIRECT_METHODS.iter().any(|r| matches!(r.kind, Kind::Bank(k) if k.as_str() == *m)), "{m}");
    }
    for m in WALLET_METHODS {
        assert!(REDIRECT_METHODS.iter().any(|r| matches!(r.kind, Kind::Wallet(k) if k.as_str() == *m)), "{m}");
    }
}

#[test]
fn colombian_pesos_are_whole_as_dlocals_colombia_page_gives_them() {
    // Colombia's Country reference: COP, amount decimals 0.
    let mut req = bank_redirect_request("onlineBanking", Some("PC"), Some("CO"), "COP");
    req["amount"]["minorAmount"] = json!(1500050);
    let e = build_err(req);
    assert_eq!(e.field.as_deref(), Some("request.amount.minorAmount"), "{}", e.message);
    assert_eq!(e.kind, ErrorKind::InvalidFieldValue);
    let req = bank_redirect_request("onlineBanking", Some("PC"), Some("CO"), "COP");
    assert_eq!(body(&build_with(CONNECTOR, Flow::Authorize, req, auth(), &at("2018-02-20T15:44:42Z")).unwrap())["amount"], json!(50000.00));
}

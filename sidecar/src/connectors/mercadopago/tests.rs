//! Mercado Pago: requests, answers, money and webhooks. Expected values come from Mercado Pago's
//! API reference (field names, status tables) and, for the webhook signature, from an HMAC computed
//! outside this code (Python's hmac over the manifest template of the notifications guide).

use super::CONNECTOR;
use crate::connectors::test_support::{body, build_with, header, parse_with, payment, read_webhook, refund, response};
use crate::protocol::{
    ErrorKind, Flow, HttpMethod, IncomingWebhook, Options, PaymentStatus, RefundStatus, ResponseHeader, Secret, UnifiedErrorCode,
    WebhookEventKind,
};
use serde_json::{json, Value};

fn auth() -> Value {
    json!({"accessToken": "TEST-0000-unit"})
}

fn authorize(amount: i64, currency: &str) -> Value {
    json!({
        "merchantTransactionId": "order_1001",
        "amount": {"minorAmount": amount, "currency": currency},
        "paymentMethod": {"type": "token", "token": {"value": "ff8080814c11e237014c1ff593b57b4d", "kind": "master"}},
        "captureMethod": "manual",
        "customer": {"email": "jane@example.com", "name": "Jane Doe"}
    })
}

#[test]
fn authorize_posts_the_payment_with_bearer_idempotency_key_and_exact_amount() {
    let http = build_with(CONNECTOR, Flow::Authorize, authorize(10050, "BRL"), auth(), &Options::default()).unwrap();
    assert_eq!(http.method, HttpMethod::POST);
    assert_eq!(http.url, "https://api.mercadopago.com/v1/payments");
    let a = header(&http, "Authorization").unwrap();
    assert_eq!(a.value, "Bearer TEST-0000-unit");
    assert!(a.sensitive);
    assert!(header(&http, "X-Idempotency-Key").is_some_and(|h| !h.value.is_empty()));
    let b = body(&http);
    assert_eq!(b["transaction_amount"], json!(100.5));
    assert!(http.body.as_ref().unwrap().data.contains("\"transaction_amount\":100.50"), "exact decimal text, not a float's");
    assert_eq!(b["capture"], json!(false));
    assert_eq!(b["payment_method_id"], "master");
    assert_eq!(b["installments"], 1);
    assert_eq!(b["payer"]["email"], "jane@example.com");
    assert!(http.body.as_ref().unwrap().sensitive, "the card token is card data");
}

#[test]
fn money_follows_the_currency_and_refuses_what_cannot_be_sent() {
    let clp = build_with(CONNECTOR, Flow::Authorize, authorize(1500, "CLP"), auth(), &Options::default()).unwrap();
    assert!(clp.body.as_ref().unwrap().data.contains("\"transaction_amount\":1500,"));
    for (amount, currency) in [(1000, "USD"), (1000, "EUR"), (0, "BRL"), (1_000_000_000_000_000, "BRL")] {
        let e = build_with(CONNECTOR, Flow::Authorize, authorize(amount, currency), auth(), &Options::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidFieldValue, "{amount} {currency}");
    }
}

#[test]
fn a_caller_key_is_sent_as_given_and_a_derived_one_changes_with_the_card_token() {
    let mut r = authorize(100, "BRL");
    r["idempotencyKey"] = json!("0d5020ed-1af6-469c-ae06-c3bec19954bb");
    let given = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap();
    assert_eq!(header(&given, "X-Idempotency-Key").unwrap().value, "0d5020ed-1af6-469c-ae06-c3bec19954bb");
    let one = build_with(CONNECTOR, Flow::Authorize, authorize(100, "BRL"), auth(), &Options::default()).unwrap();
    let again = build_with(CONNECTOR, Flow::Authorize, authorize(100, "BRL"), auth(), &Options::default()).unwrap();
    let mut other = authorize(100, "BRL");
    other["paymentMethod"]["token"]["value"] = json!("another-token");
    let other = build_with(CONNECTOR, Flow::Authorize, other, auth(), &Options::default()).unwrap();
    let key = |h: &crate::protocol::HttpRequest| header(h, "X-Idempotency-Key").unwrap().value.clone();
    assert_eq!(key(&one), key(&again));
    assert_ne!(key(&one), key(&other));
    assert!(!key(&one).contains("ff8080814c11e237014c1ff593b57b4d"), "the token itself is not in a header");
}

#[test]
fn capture_void_refund_rsync_calls() {
    let cap = build_with(
        CONNECTOR,
        Flow::Capture,
        json!({"connectorTransactionId": "1234567890", "amountToCapture": {"minorAmount": 6000, "currency": "BRL"}}),
        auth(),
        &Options::default(),
    )
    .unwrap();
    assert_eq!((cap.method, cap.url.as_str()), (HttpMethod::PUT, "https://api.mercadopago.com/v1/payments/1234567890"));
    assert_eq!(body(&cap), json!({"capture": true, "transaction_amount": 60.0}));
    let void = build_with(CONNECTOR, Flow::Void, json!({"connectorTransactionId": "1234567890"}), auth(), &Options::default()).unwrap();
    assert_eq!(body(&void), json!({"status": "cancelled"}));
    let rf = build_with(
        CONNECTOR,
        Flow::Refund,
        json!({"connectorTransactionId": "1234567890", "merchantRefundId": "r1", "refundAmount": {"minorAmount": 2000, "currency": "BRL"}}),
        auth(),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(rf.url, "https://api.mercadopago.com/v1/payments/1234567890/refunds");
    assert_eq!(body(&rf), json!({"amount": 20.0}));
    let rs = build_with(
        CONNECTOR,
        Flow::Rsync,
        json!({"connectorTransactionId": "1234567890", "connectorRefundId": "1009042015"}),
        auth(),
        &Options::default(),
    )
    .unwrap();
    assert_eq!((rs.method, rs.url.as_str()), (HttpMethod::GET, "https://api.mercadopago.com/v1/payments/1234567890/refunds/1009042015"));
    let bad = build_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "../customers"}), auth(), &Options::default()).unwrap_err();
    assert_eq!(bad.kind, ErrorKind::InvalidFieldValue);
}

#[test]
fn every_listed_status_detail_maps_and_rejections_carry_it() {
    // The "Payment creation results" table's rejections, each to a specific unified code.
    for (detail, code) in [
        ("cc_rejected_insufficient_amount", UnifiedErrorCode::InsufficientFunds),
        ("cc_rejected_bad_filled_security_code", UnifiedErrorCode::IncorrectCvc),
        ("cc_rejected_bad_filled_date", UnifiedErrorCode::InvalidExpiryDate),
        ("cc_rejected_bad_filled_card_number", UnifiedErrorCode::InvalidCardNumber),
        ("cc_rejected_high_risk", UnifiedErrorCode::FraudSuspected),
        ("cc_rejected_duplicated_payment", UnifiedErrorCode::DuplicateTransaction),
        ("cc_rejected_something_new", UnifiedErrorCode::CardDeclined),
    ] {
        let body = json!({"id": 1, "status": "rejected", "status_detail": detail, "transaction_amount": 10, "currency_id": "BRL"});
        let r = payment(parse_with(CONNECTOR, Flow::Authorize, authorize(1000, "BRL"), &response(201, body.to_string()), &Options::default()).unwrap());
        assert_eq!(r.status, PaymentStatus::Failure);
        let e = r.error.unwrap();
        assert_eq!(e.code, code, "{detail}");
        assert_eq!(e.decline_code.as_deref(), Some(detail));
    }
    for (word, status) in [
        ("approved", PaymentStatus::Charged),
        ("authorized", PaymentStatus::Authorized),
        ("in_process", PaymentStatus::Pending),
        ("cancelled", PaymentStatus::Voided),
        ("refunded", PaymentStatus::Charged),
    ] {
        let body = json!({"id": 1, "status": word, "status_detail": "x", "transaction_amount": 10, "currency_id": "BRL"});
        let r = payment(
            parse_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "1"}), &response(200, body.to_string()), &Options::default()).unwrap(),
        );
        assert_eq!(r.status, status, "{word}");
    }
    let unknown = json!({"id": 1, "status": "teleported", "transaction_amount": 10, "currency_id": "BRL"});
    let e = parse_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "1"}), &response(200, unknown.to_string()), &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed);
}

#[test]
fn an_amount_the_answer_states_with_more_decimals_than_the_currency_is_not_reported() {
    let body = json!({"id": 1, "status": "approved", "status_detail": "accredited", "transaction_amount": 10.005, "currency_id": "BRL"});
    let r = payment(parse_with(CONNECTOR, Flow::Authorize, authorize(1000, "BRL"), &response(201, body.to_string()), &Options::default()).unwrap());
    assert_eq!(r.amount_captured, None);
}

#[test]
fn refund_answers_read_the_amount_in_the_requests_currency() {
    let req = json!({"connectorTransactionId": "1", "merchantRefundId": "r1", "refundAmount": {"minorAmount": 2000, "currency": "BRL"}});
    let ok = json!({"id": 9, "payment_id": 1, "amount": 20, "status": "approved"});
    let r = refund(parse_with(CONNECTOR, Flow::Refund, req, &response(201, ok.to_string()), &Options::default()).unwrap());
    assert_eq!(r.status, RefundStatus::Success);
    assert_eq!(r.connector_refund_id.as_deref(), Some("9"));
    assert_eq!(r.refund_amount.unwrap().minor_amount, 2000);
}

fn webhook(signature: &str, request_id: &str, body: &str, url: Option<&str>, secret: &str) -> IncomingWebhook {
    IncomingWebhook {
        headers: vec![
            ResponseHeader { name: "x-signature".into(), value: signature.into() },
            ResponseHeader { name: "x-request-id".into(), value: request_id.into() },
        ],
        body: body.into(),
        secret: Secret::new(secret),
        url: url.map(str::to_string),
    }
}

#[test]
fn webhooks_are_checked_against_the_documented_manifest() {
    let body = json!({"id": 12345, "live_mode": true, "type": "payment", "date_created": "2025-03-20T21:20:38.000-04:00",
        "user_id": 44444, "api_version": "v1", "action": "payment.updated", "data": {"id": "123456"}})
    .to_string();
    // HMAC-SHA256("your_webhook_secret", "id:123456;request-id:bb56a2f1-6aae-46ac-982e-9dcd3581d08e;ts:1742505638;"), by Python's hmac.
    let sig = "ts=1742505638,v1=7922bddeca4c9bbc31a0170fd0843068246893b1f7fccfdb069e93fa8c23201e";
    let rid = "bb56a2f1-6aae-46ac-982e-9dcd3581d08e";
    let url = "https://merchant.example.com/webhooks?data.id=123456&type=payment";
    let options = Options { now: Some("2025-03-20T21:20:40Z".into()), ..Options::default() };
    let ok = read_webhook(CONNECTOR, &webhook(sig, rid, &body, Some(url), "your_webhook_secret"), None, &options).unwrap();
    assert!(ok.verified, "{:?}", ok.reason);
    assert_eq!(ok.events[0].kind, WebhookEventKind::Payment);
    assert_eq!(ok.events[0].event_type, "payment.updated");
    assert_eq!(ok.events[0].connector_transaction_id.as_deref(), Some("123456"));
    assert_eq!(ok.acknowledgement.status, 200);
    // Without the URL the body's data.id is the same id.
    assert!(read_webhook(CONNECTOR, &webhook(sig, rid, &body, None, "your_webhook_secret"), None, &options).unwrap().verified);
    // Another request id, secret, or data.id: refused, and the reason quotes no signature.
    for (rid2, secret, url2) in [
        ("other", "your_webhook_secret", url),
        (rid, "another", url),
        (rid, "your_webhook_secret", "https://merchant.example.com/webhooks?data.id=999&type=payment"),
    ] {
        let no = read_webhook(CONNECTOR, &webhook(sig, rid2, &body, Some(url2), secret), None, &options).unwrap();
        assert!(!no.verified);
        assert!(no.events.is_empty());
        assert!(!no.reason.unwrap().contains("7922bdde"));
    }
    // An old ts: refused as a replay.
    let late = Options { now: Some("2025-03-21T21:20:40Z".into()), ..Options::default() };
    assert!(!read_webhook(CONNECTOR, &webhook(sig, rid, &body, Some(url), "your_webhook_secret"), None, &late).unwrap().verified);
}

#[test]
fn an_alphanumeric_data_id_is_signed_in_lower_case() {
    let body = json!({"type": "payment", "action": "payment.created", "data": {"id": "ABC123XYZ"}}).to_string();
    // HMAC-SHA256("your_webhook_secret", "id:abc123xyz;request-id:r-1;ts:1742505638;"), by Python's hmac.
    let sig = "ts=1742505638,v1=5ceb98daa51d26ba97b9d099900094a634b742c236c756da1014df98e3188be8";
    let options = Options { now: Some("2025-03-20T21:20:40Z".into()), ..Options::default() };
    let ok = read_webhook(CONNECTOR, &webhook(sig, "r-1", &body, None, "your_webhook_secret"), None, &options).unwrap();
    assert!(ok.verified, "{:?}", ok.reason);
}

// ---------- chargebacks ----------

fn dispute_of(result: crate::protocol::FlowResult) -> crate::protocol::DisputeResult {
    match result {
        crate::protocol::FlowResult::Dispute(d) => d,
        other => panic!("not a dispute result: {other:?}"),
    }
}

/// "Manage chargebacks": the documented example answer of GET /v1/chargebacks/{id} (no decision yet,
/// documentation not supplied), and the older guide's (documentation valid, decided against the seller).
const CHARGEBACK_NOT_SUPPLIED: &str = r#"{ "id": "234000062890459000", "payments": [ 86439942806 ], "currency": "ARS", "amount": 1000.50, "reason": "general", "coverage_applied": null, "coverage_elegible": true, "documentation_required": false, "documentation_status": "not_supplied", "documentation": [], "date_documentation_deadline": null, "date_created": null, "date_last_updated": "2024-10-17T12:48:24.000-04:00", "live_mode": true }"#;
const CHARGEBACK_DECIDED: &str = r#"{"id": "43589345903450", "payments": [123456789], "currency": "PEN", "amount": 100.20, "reason": "fraud", "coverage_applied": false, "coverage_elegible": true, "documentation_required": true, "documentation_status": "valid", "documentation": [{"type": "image/png", "url": "", "description": "File: img.png, Size: 3324"}], "date_documentation_deadline": "2018-12-08T09:50:37.000-04:00", "date_created": "2018-09-14T16:20:54.000-04:00", "date_last_updated": "2018-11-28T10:48:48.000-04:00", "live_mode": true}"#;

#[test]
fn dsync_reads_the_chargeback() {
    use crate::protocol::DisputeStatus;
    let req = json!({"connectorDisputeId": "234000062890459000"});
    let http = build_with(CONNECTOR, Flow::Dsync, req.clone(), auth(), &Options::default()).unwrap();
    assert_eq!(http.method, HttpMethod::GET);
    assert_eq!(http.url, "https://api.mercadopago.com/v1/chargebacks/234000062890459000");
    let d = dispute_of(parse_with(CONNECTOR, Flow::Dsync, req, &response(200, CHARGEBACK_NOT_SUPPLIED), &Options::default()).unwrap());
    assert_eq!(d.status, DisputeStatus::Expired);
    assert_eq!(d.connector_transaction_id.as_deref(), Some("86439942806"));
    assert_eq!(d.amount.as_ref().map(|m| (m.minor_amount, m.currency.as_str())), Some((100050, "ARS")));
    assert_eq!(d.reason_code.as_deref(), Some("general"));
    assert_eq!(d.due_by, None);
    let req = json!({"connectorDisputeId": "43589345903450"});
    let d = dispute_of(parse_with(CONNECTOR, Flow::Dsync, req, &response(200, CHARGEBACK_DECIDED), &Options::default()).unwrap());
    assert_eq!(d.status, DisputeStatus::Lost, "coverage_applied false: decided against the seller");
    assert_eq!(d.amount.as_ref().map(|m| m.minor_amount), Some(10020));
    // 09:50:37 at UTC-4.
    assert_eq!(d.due_by.as_deref(), Some("2018-12-08T13:50:37Z"));
    let e = build_with(CONNECTOR, Flow::Dsync, json!({"connectorDisputeId": "cb_1"}), auth(), &Options::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.connectorDisputeId"));
}

#[test]
fn every_documentation_status_has_a_meaning() {
    use super::disputes::{chargeback_status, DOCUMENTATION_STATUSES};
    use crate::protocol::DisputeStatus;
    for s in DOCUMENTATION_STATUSES {
        assert!(chargeback_status(None, Some(s)).is_some(), "{s}");
    }
    assert_eq!(chargeback_status(None, Some("pending")), Some(DisputeStatus::NeedsResponse));
    assert_eq!(chargeback_status(None, Some("review_pending")), Some(DisputeStatus::UnderReview));
    assert_eq!(chargeback_status(Some(true), Some("valid")), Some(DisputeStatus::Won));
    assert_eq!(chargeback_status(None, Some("something_new")), None);
}

#[test]
fn documentation_is_sent_as_multipart_files() {
    use crate::protocol::DisputeStatus;
    let req = json!({"connectorDisputeId": "234000062890459000", "evidence": [
        {"type": "receipt", "file": {"filename": "file1.png", "contentType": "image/png", "data": "iVBORw0K"}},
        {"type": "shippingDocumentation", "file": {"filename": "file2.pdf", "contentType": "application/pdf", "data": "JVBERi0xLjQK"}}
    ]});
    let http = build_with(CONNECTOR, Flow::SubmitDisputeEvidence, req.clone(), auth(), &Options::default()).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::POST, "https://api.mercadopago.com/v1/chargebacks/234000062890459000/documentation"));
    let b = http.body.as_ref().unwrap();
    assert!(b.content_type.starts_with("multipart/form-data; boundary="));
    let text = String::from_utf8_lossy(&crate::kit::crypto::base64_decode(&b.data).unwrap()).into_owned();
    assert_eq!(text.matches("name=\"files[]\"").count(), 2, "{text}");
    assert!(text.contains("filename=\"file2.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n"), "{text}");
    let d = dispute_of(parse_with(CONNECTOR, Flow::SubmitDisputeEvidence, req, &response(200, ""), &Options::default()).unwrap());
    assert_eq!(d.status, DisputeStatus::UnderReview);
    // No text, no draft, no file ids, only .jpg/.png/.pdf.
    let refused = |evidence: Value, submit: Option<bool>| {
        let mut r = json!({"connectorDisputeId": "234000062890459000", "evidence": evidence});
        if let Some(s) = submit {
            r["submit"] = json!(s);
        }
        build_with(CONNECTOR, Flow::SubmitDisputeEvidence, r, auth(), &Options::default()).unwrap_err().field
    };
    let png = json!({"filename": "a.png", "contentType": "image/png", "data": "iVBORw0K"});
    assert_eq!(refused(json!([{"type": "receipt", "text": "delivered", "file": png}]), None).as_deref(), Some("request.evidence[0].text"));
    assert_eq!(refused(json!([{"type": "receipt", "file": png}]), Some(false)).as_deref(), Some("request.submit"));
    assert_eq!(refused(json!([{"type": "receipt", "file": {"connectorFileId": "f1"}}]), None).as_deref(), Some("request.evidence[0].file.connectorFileId"));
    assert_eq!(
        refused(json!([{"type": "receipt", "file": {"filename": "a.gif", "contentType": "image/gif", "data": "R0lGOA=="}}]), None).as_deref(),
        Some("request.evidence[0].file.contentType")
    );
}

#[test]
fn payer_identification_comes_from_customer_document() {
    let mut pix = json!({
        "merchantTransactionId": "order_1001", "amount": {"minorAmount": 10000, "currency": "BRL"},
        "paymentMethod": {"type": "voucher", "voucher": {"method": "pix"}},
        "customer": {"email": "test_user_123@testuser.com", "document": {"type": "cpf", "number": "191.000.000-00"}}
    });
    let built = |r: &Value| build_with(CONNECTOR, Flow::Authorize, r.clone(), auth(), &Options::default());
    let http = built(&pix).unwrap();
    assert_eq!(body(&http)["payer"]["identification"], json!({"type": "CPF", "number": "19100000000"}));
    assert!(http.body.as_ref().unwrap().sensitive, "a document number is personal data");
    pix["customer"]["document"] = json!({"number": "12.345.678/0001-95"});
    assert_eq!(body(&built(&pix).unwrap())["payer"]["identification"], json!({"type": "CNPJ", "number": "12345678000195"}));
    pix["customer"]["document"] = json!({"type": "CPF", "number": "12345678000195"});
    let wrong = built(&pix).unwrap_err();
    assert_eq!(wrong.field.as_deref(), Some("request.customer.document.number"));
    assert!(!wrong.message.contains("12345678000195"), "no error quotes the document");
    pix["customer"]["document"] = json!({"type": "PASSPORT", "number": "X1234567"});
    assert_eq!(built(&pix).unwrap_err().field.as_deref(), Some("request.customer.document.type"));
    // Boleto without any document: Mercado Pago requires payer.identification.
    let boleto = json!({
        "merchantTransactionId": "order_1001", "amount": {"minorAmount": 15000, "currency": "BRL"},
        "paymentMethod": {"type": "voucher", "voucher": {"method": "boleto"}},
        "customer": {"email": "test_user_123@testuser.com", "name": "Jane Doe"},
        "billingAddress": {"firstName": "Jane", "lastName": "Doe", "line1": "Av. das Nacoes Unidas", "city": "Sao Paulo", "state": "SP", "postalCode": "06233-200", "country": "BR"}
    });
    let e = built(&boleto).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.customer.document"));
    assert_eq!(e.kind, ErrorKind::MissingRequiredField);
}

//! Global Payments: the access token secret, the transaction body, amounts, the status and code
//! tables, replayed idempotency keys and webhook signatures. Expected hashes are computed with
//! Python's hashlib (an implementation independent of this one); bodies and statuses come from GP's
//! API reference and the official SDKs (see mod.rs and mapping.rs), not from this connector's output.

use super::mapping::{refund_status, transaction_status, REFUND_STATUSES, TRANSACTION_STATUSES};
use super::requests::{amount, secret};
use super::webhooks::signature;
use super::CONNECTOR;
use crate::connectors::test_support::{body, build_with, header, parse_with, payment, read_webhook, refund, response};
use crate::protocol::{
    ErrorKind, Flow, IncomingWebhook, Money, Options, PaymentStatus, RefundStatus, ResponseHeader, Secret, UnifiedErrorCode as U,
};
use serde_json::{json, Value};

const APP_KEY: &str = "app_key_1";

fn auth() -> Value {
    json!({"appId": "app_id_1", "appKey": APP_KEY})
}

fn m(minor: i64, currency: &str) -> Money {
    Money { minor_amount: minor, currency: currency.into() }
}

fn card_request(capture: &str) -> Value {
    json!({
        "merchantTransactionId": "order_1001",
        "amount": {"minorAmount": 1999, "currency": "USD"},
        "paymentMethod": {"type": "card", "card": {"number": "4263970000005262", "expMonth": "05", "expYear": "2030", "cvc": "123", "holderName": "Jane Doe"}},
        "captureMethod": capture,
        "idempotencyKey": "order_1001-authorize",
        "state": {"accessToken": "tok_1"}
    })
}

#[test]
fn the_token_secret_is_the_hex_sha512_of_nonce_then_app_key() {
    // hashlib.sha512(b"2026-01-31T12:00:00.000Z" + b"app_key_1").hexdigest()
    let expected = "ee922bc3362b15eb7f3039ef119eddbf6e6d7e822bb5cdf98abc0cfdf2cd6a615efaf6828f98fc10d29e1ddd29911f725559bf66039d002630cff651983a53ad";
    assert_eq!(secret("2026-01-31T12:00:00.000Z", APP_KEY), expected);
    let options = Options { nonce: Some("2026-01-31T12:00:00.000Z".into()), ..Options::default() };
    let http = build_with(CONNECTOR, Flow::CreateAccessToken, json!({}), auth(), &options).unwrap();
    assert_eq!(http.url, "https://apis.sandbox.globalpay.com/ucp/accesstoken");
    assert_eq!(header(&http, "X-GP-Version").unwrap().value, "2021-03-22");
    assert!(http.body.as_ref().unwrap().sensitive);
    assert_eq!(
        body(&http),
        json!({"app_id": "app_id_1", "nonce": "2026-01-31T12:00:00.000Z", "secret": expected, "grant_type": "client_credentials"})
    );
    // The app key itself never goes out.
    assert!(!http.body.as_ref().unwrap().data.contains(APP_KEY));
}

#[test]
fn without_a_fixed_nonce_the_nonce_is_the_time_and_changes() {
    let options = Options { now: Some("2026-01-31T12:00:00Z".into()), ..Options::default() };
    let http = build_with(CONNECTOR, Flow::CreateAccessToken, json!({}), auth(), &options).unwrap();
    assert_eq!(body(&http)["nonce"], "2026-01-31T12:00:00.000Z");
    let bad = Options { nonce: Some("has space".into()), ..Options::default() };
    let e = build_with(CONNECTOR, Flow::CreateAccessToken, json!({}), auth(), &bad).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("options.nonce"));
}

#[test]
fn the_token_answer_gives_the_token_its_life_and_the_accounts() {
    let answer = json!({
        "token": "r1SzGAx2K9z5FNiMHkrapfRh8BC8",
        "type": "Bearer",
        "app_id": "app_id_1",
        "app_name": "sample_app",
        "time_created": "2021-04-26T10:01:17.238Z",
        "seconds_to_expire": 86399,
        "email": "merchant@example.com",
        "scope": {"merchant_id": "MER_1", "merchant_name": "Sandbox_merchant", "accounts": [
            {"id": "TKA_1", "name": "tokenization_gbp", "permissions": []},
            {"id": "TRA_1", "name": "transaction_processing_gbp", "permissions": []}
        ]}
    });
    let r = parse_with(CONNECTOR, Flow::CreateAccessToken, json!({}), &response(200, answer.to_string()), &Options::default()).unwrap();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["status"], "success");
    assert_eq!(v["expiresInSeconds"], 86399);
    assert_eq!(v["state"]["accessToken"], "r1SzGAx2K9z5FNiMHkrapfRh8BC8");
    assert_eq!(v["state"]["accountName"], "transaction_processing_gbp");
    assert_eq!(v["state"]["tokenizationAccountName"], "tokenization_gbp");
    let refused = json!({"error_code": "ACTION_NOT_AUTHORIZED", "detailed_error_code": "40004", "detailed_error_description": "Credentials not recognized to create access token."});
    let r = parse_with(CONNECTOR, Flow::CreateAccessToken, json!({}), &response(403, refused.to_string()), &Options::default()).unwrap();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["status"], "failure");
    assert_eq!(v["error"]["code"], "invalid_credentials");
}

#[test]
fn amounts_are_the_smallest_unit_as_a_string() {
    // "amount: in the lowest denomination of the currency" (GP API reference).
    assert_eq!(amount(&m(1999, "USD"), "f").unwrap(), "1999");
    assert_eq!(amount(&m(1000, "JPY"), "f").unwrap(), "1000");
    assert_eq!(amount(&m(1005, "KWD"), "f").unwrap(), "1005");
    let e = amount(&m(100, "XXX"), "request.amount").unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidFieldValue);
}

#[test]
fn authorize_is_one_sale_with_the_card() {
    let http = build_with(CONNECTOR, Flow::Authorize, card_request("manual"), auth(), &Options::default()).unwrap();
    assert_eq!(http.url, "https://apis.sandbox.globalpay.com/ucp/transactions");
    assert_eq!(header(&http, "Authorization").unwrap().value, "Bearer tok_1");
    assert!(header(&http, "Authorization").unwrap().sensitive);
    assert_eq!(header(&http, "X-GP-Version").unwrap().value, "2021-03-22");
    assert_eq!(header(&http, "x-gp-idempotency").unwrap().value, "order_1001-authorize");
    assert!(http.body.as_ref().unwrap().sensitive);
    assert_eq!(
        body(&http),
        json!({
            "account_name": "transaction_processing",
            "channel": "CNP",
            "country": "US",
            "type": "SALE",
            "capture_mode": "LATER",
            "amount": "1999",
            "currency": "USD",
            "reference": "order_1001",
            "payment_method": {
                "entry_mode": "ECOM",
                "name": "Jane Doe",
                "card": {"number": "4263970000005262", "expiry_month": "05", "expiry_year": "30", "cvv": "123", "cvv_indicator": "PRESENT"}
            }
        })
    );
    let auto = build_with(CONNECTOR, Flow::Authorize, card_request("automatic"), auth(), &Options::default()).unwrap();
    assert_eq!(body(&auto)["capture_mode"], "AUTO");
}

#[test]
fn the_account_comes_from_auth_then_the_token_state() {
    let mut r = card_request("manual");
    r["state"]["accountName"] = json!("tp_from_token");
    let http = build_with(CONNECTOR, Flow::Authorize, r.clone(), auth(), &Options::default()).unwrap();
    assert_eq!(body(&http)["account_name"], "tp_from_token");
    let a = json!({"appId": "a", "appKey": "k", "accountName": "tp_from_auth", "country": "gb"});
    let http = build_with(CONNECTOR, Flow::Authorize, r, a, &Options::default()).unwrap();
    assert_eq!(body(&http)["account_name"], "tp_from_auth");
    assert_eq!(body(&http)["country"], "GB");
}

#[test]
fn a_token_is_a_stored_payment_method_id() {
    let mut r = card_request("automatic");
    r["paymentMethod"] = json!({"type": "token", "token": {"value": "PMT_31087d9c-e6cb-4a0c-b5f5-9a5a3f2b1c00"}});
    let http = build_with(CONNECTOR, Flow::Authorize, r.clone(), auth(), &Options::default()).unwrap();
    assert_eq!(body(&http)["payment_method"], json!({"id": "PMT_31087d9c-e6cb-4a0c-b5f5-9a5a3f2b1c00", "entry_mode": "ECOM"}));
    r["paymentMethod"] = json!({"type": "token", "token": {"value": "tok_visa"}});
    let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.token.value"));
}

#[test]
fn without_an_access_token_the_error_names_the_field() {
    let mut r = card_request("manual");
    r["state"] = json!({});
    let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingRequiredField);
    assert_eq!(e.field.as_deref(), Some("request.state.accessToken"));
}

/// GP's PREAUTHORIZED answer, as the PHP SDK's MappingTest reads it (ids kept, merchant names shortened).
const PREAUTHORIZED: &str = r#"{"id":"TRN_BHZ1whvNJnMvB6dPwf3znwWTsPjCn0","time_created":"2020-12-04T12:46:05.235Z","type":"SALE","status":"PREAUTHORIZED","channel":"CNP","capture_mode":"LATER","amount":"1400","currency":"USD","country":"US","merchant_id":"MER_c4c0df11039c48a9b63701adeaa296c3","merchant_name":"Sandbox_merchant_2","account_id":"TRA_6716058969854a48b33347043ff8225f","account_name":"Transaction_Processing","reference":"15fbcdd9-8626-4e29-aae8-050f823f995f","payment_method":{"result":"00","message":"[ test system ] AUTHORISED","entry_mode":"ECOM","card":{"brand":"VISA","masked_number_last4":"XXXXXXXXXXXX5262","authcode":"12345","brand_reference":"PSkAnccWLNMTcRmm","brand_time_created":"","cvv_result":"MATCHED"}},"batch_id":"","action":{"id":"ACT_BHZ1whvNJnMvB6dPwf3znwWTsPjCn0","type":"PREAUTHORIZE","time_created":"2020-12-04T12:46:05.235Z","result_code":"SUCCESS","app_id":"Uyq6PzRbkorv2D4RQGlldEtunEeGNZll","app_name":"sample_app_CERT"}}"#;

#[test]
fn a_preauthorized_transaction_is_authorized() {
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, card_request("manual"), &response(200, PREAUTHORIZED), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Authorized);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("TRN_BHZ1whvNJnMvB6dPwf3znwWTsPjCn0"));
    assert_eq!(p.network_transaction_id.as_deref(), Some("PSkAnccWLNMTcRmm"));
    assert_eq!(p.authorized_amount, Some(m(1400, "USD")));
    assert!(p.error.is_none());
}

#[test]
fn a_declined_transaction_carries_the_result_code() {
    let declined = PREAUTHORIZED
        .replace(r#""status":"PREAUTHORIZED""#, r#""status":"DECLINED""#)
        .replace(r#""result":"00","message":"[ test system ] AUTHORISED""#, r#""result":"103","message":"LOST CARD""#)
        .replace(r#""result_code":"SUCCESS""#, r#""result_code":"DECLINED""#);
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, card_request("manual"), &response(200, declined), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Failure);
    let e = p.error.unwrap();
    assert_eq!(e.code, U::LostOrStolenCard);
    assert_eq!(e.decline_code.as_deref(), Some("103"));
    assert_eq!(e.connector_code.as_deref(), Some("DECLINED"));
}

#[test]
fn a_reused_idempotency_key_reads_as_the_first_transaction() {
    // The SDK's tests: "Status Code: DUPLICATE_ACTION - Idempotency Key seen before: id=..., status=..." (40039).
    let answer = json!({"error_code": "DUPLICATE_ACTION", "detailed_error_code": "40039",
        "detailed_error_description": "Idempotency Key seen before: id=TRN_Zk0Hnq4GCUvxKhB2vvmpyyn0m7NgSg, status=CAPTURED"});
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, card_request("automatic"), &response(409, answer.to_string()), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Charged);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("TRN_Zk0Hnq4GCUvxKhB2vvmpyyn0m7NgSg"));
    assert!(p.error.is_none());
}

#[test]
fn errors_and_outages_are_typed() {
    let bad = json!({"error_code": "INVALID_REQUEST_DATA", "detailed_error_code": "40005", "detailed_error_description": "Expiry date invalid"});
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, card_request("manual"), &response(400, bad.to_string()), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Failure);
    assert_eq!(p.error.as_ref().unwrap().code, U::InvalidRequest);
    assert_eq!(p.error.as_ref().unwrap().decline_code.as_deref(), Some("40005"));
    let down = json!({"error_code": "SYSTEM_ERROR_DOWNSTREAM", "detailed_error_code": "50013", "detailed_error_description": "Timeout"});
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, card_request("manual"), &response(502, down.to_string()), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Unresolved);
    let expired = json!({"error_code": "NOT_AUTHENTICATED", "detailed_error_code": "40001", "detailed_error_description": "Invalid access token"});
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, card_request("manual"), &response(401, expired.to_string()), &Options::default()).unwrap());
    assert_eq!(p.error.unwrap().code, U::InvalidCredentials);
}

#[test]
fn capture_void_refund_and_reads_go_to_the_transaction() {
    let state = json!({"accessToken": "tok_1"});
    let cap = build_with(CONNECTOR, Flow::Capture, json!({"connectorTransactionId": "TRN_1", "amountToCapture": {"minorAmount": 500, "currency": "USD"}, "state": state}), auth(), &Options::default()).unwrap();
    assert_eq!(cap.url, "https://apis.sandbox.globalpay.com/ucp/transactions/TRN_1/capture");
    assert_eq!(body(&cap), json!({"amount": "500"}));
    let all = build_with(CONNECTOR, Flow::Capture, json!({"connectorTransactionId": "TRN_1", "state": state}), auth(), &Options::default()).unwrap();
    assert_eq!(body(&all), json!({}));
    let void = build_with(CONNECTOR, Flow::Void, json!({"connectorTransactionId": "TRN_1", "state": state}), auth(), &Options::default()).unwrap();
    assert_eq!(void.url, "https://apis.sandbox.globalpay.com/ucp/transactions/TRN_1/reversal");
    let rf = build_with(CONNECTOR, Flow::Refund, json!({"connectorTransactionId": "TRN_1", "merchantRefundId": "r1", "refundAmount": {"minorAmount": 300, "currency": "USD"}, "state": state}), auth(), &Options::default()).unwrap();
    assert_eq!(rf.url, "https://apis.sandbox.globalpay.com/ucp/transactions/TRN_1/refund");
    assert_eq!(body(&rf), json!({"amount": "300"}));
    assert_eq!(header(&rf, "x-gp-idempotency").unwrap().value, "TRN_1:r1");
    let rs = build_with(CONNECTOR, Flow::Rsync, json!({"connectorTransactionId": "TRN_1", "connectorRefundId": "TRN_2", "state": state}), auth(), &Options::default()).unwrap();
    assert_eq!(rs.url, "https://apis.sandbox.globalpay.com/ucp/transactions/TRN_2");
    // An id never leaves its path segment.
    let ps = build_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "TRN_1/../x", "state": state}), auth(), &Options::default()).unwrap();
    assert_eq!(ps.url, "https://apis.sandbox.globalpay.com/ucp/transactions/TRN_1%2F..%2Fx");
}

#[test]
fn a_capture_of_less_than_the_payment_is_partial() {
    let captured = PREAUTHORIZED.replace(r#""status":"PREAUTHORIZED""#, r#""status":"CAPTURED""#).replace(r#""amount":"1400""#, r#""amount":"500""#);
    let req = json!({"connectorTransactionId": "TRN_BHZ1whvNJnMvB6dPwf3znwWTsPjCn0", "amountToCapture": {"minorAmount": 500, "currency": "USD"},
        "paymentAmount": {"minorAmount": 1400, "currency": "USD"}, "state": {"accessToken": "t"}});
    let p = payment(parse_with(CONNECTOR, Flow::Capture, req, &response(200, captured), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::PartialCharged);
    assert_eq!(p.amount_captured, Some(m(500, "USD")));
}

#[test]
fn a_refund_is_a_refund_transaction() {
    let answer = json!({"id": "TRN_rf1", "type": "REFUND", "status": "CAPTURED", "amount": "300", "currency": "USD", "parent_resource_id": "TRN_1",
        "action": {"id": "ACT_1", "type": "REFUND", "result_code": "SUCCESS"}});
    let req = json!({"connectorTransactionId": "TRN_1", "merchantRefundId": "r1", "refundAmount": {"minorAmount": 300, "currency": "USD"}, "state": {"accessToken": "t"}});
    let r = refund(parse_with(CONNECTOR, Flow::Refund, req, &response(200, answer.to_string()), &Options::default()).unwrap());
    assert_eq!(r.status, RefundStatus::Success);
    assert_eq!(r.connector_refund_id.as_deref(), Some("TRN_rf1"));
    assert_eq!(r.refund_amount, Some(m(300, "USD")));
}

#[test]
fn every_documented_status_is_mapped() {
    for s in ["INITIATED", "AUTHENTICATED", "PENDING", "DECLINED", "PREAUTHORIZED", "CAPTURED", "BATCHED", "REVERSED", "FUNDED", "REJECTED"] {
        assert!(transaction_status(s).is_some(), "{s}");
    }
    assert_eq!(TRANSACTION_STATUSES.len(), 10);
    assert_eq!(transaction_status("REVERSED"), Some(PaymentStatus::Voided));
    assert_eq!(refund_status("FUNDED"), Some(RefundStatus::Success));
    assert_eq!(refund_status("DECLINED"), Some(RefundStatus::Failure));
    assert_eq!(REFUND_STATUSES.len(), 8);
}

#[test]
fn repeat_payment_charges_the_stored_card_as_the_merchant() {
    let req = json!({"merchantTransactionId": "order_2", "amount": {"minorAmount": 700, "currency": "EUR"}, "mandateReference": "PMT_abc123",
        "recurringType": "scheduled", "state": {"accessToken": "t"}});
    let http = build_with(CONNECTOR, Flow::RepeatPayment, req, auth(), &Options::default()).unwrap();
    let b = body(&http);
    assert_eq!(b["payment_method"], json!({"id": "PMT_abc123", "entry_mode": "ECOM"}));
    assert_eq!(b["initiator"], "MERCHANT");
    assert_eq!(b["stored_credential"], json!({"model": "RECURRING", "sequence": "SUBSEQUENT"}));
    assert_eq!(b["amount"], "700");
}

#[test]
fn setup_mandate_stores_the_card() {
    let req = json!({"merchantTransactionId": "save_1", "amount": {"minorAmount": 0, "currency": "USD"},
        "paymentMethod": {"type": "card", "card": {"number": "4263970000005262", "expMonth": "12", "expYear": "2030", "cvc": "123"}},
        "state": {"accessToken": "t"}});
    let http = build_with(CONNECTOR, Flow::SetupMandate, req.clone(), auth(), &Options::default()).unwrap();
    assert_eq!(http.url, "https://apis.sandbox.globalpay.com/ucp/payment-methods");
    assert_eq!(
        body(&http),
        json!({"account_name": "tokenization", "reference": "save_1", "usage_mode": "MULTIPLE",
            "card": {"number": "4263970000005262", "expiry_month": "12", "expiry_year": "30", "cvv": "123"}})
    );
    let answer = json!({"id": "PMT_31087d9c", "time_created": "2021-04-26T13:53:11.000Z", "status": "ACTIVE", "usage_mode": "MULTIPLE",
        "reference": "save_1", "card": {"masked_number_last4": "XXXXXXXXXXXX5262", "brand": "VISA", "expiry_month": "12", "expiry_year": "30"},
        "action": {"id": "ACT_1", "type": "PAYMENT_METHOD_CREATE", "result_code": "SUCCESS"}});
    let p = payment(parse_with(CONNECTOR, Flow::SetupMandate, req, &response(201, answer.to_string()), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Charged);
    assert_eq!(p.mandate_reference.as_deref(), Some("PMT_31087d9c"));
}

fn webhook(body: &str, signature: Option<&str>, key: &str) -> IncomingWebhook {
    IncomingWebhook {
        headers: signature.map(|s| vec![ResponseHeader { name: "X-GP-Signature".into(), value: s.into() }]).unwrap_or_default(),
        body: body.into(),
        secret: Secret::new(key),
        url: None,
    }
}

#[test]
fn webhooks_are_signed_with_sha512_of_body_and_app_key() {
    let body = r#"{"id":"TRN_1","type":"SALE","status":"CAPTURED","amount":"1999","currency":"USD","reference":"order_1"}"#;
    // hashlib.sha512(body.encode() + b"app_key_1").hexdigest()
    let expected = "6c4936d619428c4ae181d28902e7f6fb9877895c86a4d57f8451ebffdc65f982f22ee582781d610f652b91432ad307bd48c8bdd76943e94642f1133ea90e502a";
    assert_eq!(signature(body, APP_KEY), expected);
    let ok = read_webhook(CONNECTOR, &webhook(body, Some(expected), APP_KEY), None, &Options::default()).unwrap();
    assert!(ok.verified);
    assert_eq!(ok.events[0].payment_status, Some(PaymentStatus::Charged));
    assert_eq!(ok.events[0].connector_transaction_id.as_deref(), Some("TRN_1"));
    assert_eq!(ok.events[0].merchant_transaction_id.as_deref(), Some("order_1"));
    // Upper-case hex is the same signature.
    assert!(read_webhook(CONNECTOR, &webhook(body, Some(&expected.to_uppercase()), APP_KEY), None, &Options::default()).unwrap().verified);
    for (b, s, k) in [(body, Some(expected), "other_key"), (&body.replace("1999", "9999")[..], Some(expected), APP_KEY), (body, None, APP_KEY)] {
        let r = read_webhook(CONNECTOR, &webhook(b, s, k), None, &Options::default()).unwrap();
        assert!(!r.verified);
        assert!(r.events.is_empty());
        assert!(!r.reason.unwrap().contains(expected));
    }
}

// ---------- disputes, wallets, 3-D Secure ----------

fn dispute(result: crate::protocol::FlowResult) -> crate::protocol::DisputeResult {
    match result {
        crate::protocol::FlowResult::Dispute(d) => d,
        other => panic!("not a dispute result: {other:?}"),
    }
}

/// The SDKs' dispute statuses and GP's results (PENDING, WON, LOST) as unified statuses.
#[test]
fn dispute_statuses_follow_status_then_result() {
    use super::mapping::dispute_status;
    use crate::protocol::DisputeStatus as D;
    assert_eq!(dispute_status("WITH_MERCHANT", Some("PENDING")), Some(D::NeedsResponse));
    assert_eq!(dispute_status("UNDER_REVIEW", Some("PENDING")), Some(D::UnderReview));
    assert_eq!(dispute_status("CLOSED", Some("WON")), Some(D::Won));
    assert_eq!(dispute_status("CLOSED", Some("LOST")), Some(D::Lost));
    // Closed without a result GP named: not known to be won or lost.
    assert_eq!(dispute_status("CLOSED", Some("PENDING")), Some(D::UnderReview));
    assert_eq!(dispute_status("SOMETHING_NEW", None), None);
}

#[test]
fn a_challenge_carries_the_files_as_base64_documents_and_refuses_what_gp_has_no_place_for() {
    let gif = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
    let req = |evidence: Value| json!({"connectorDisputeId": "DIS_SAND_abcd1241", "state": {"accessToken": "tok_1"}, "evidence": evidence});
    let http = build_with(
        CONNECTOR,
        Flow::SubmitDisputeEvidence,
        req(json!([
            {"type": "receipt", "file": {"filename": "receipt.gif", "contentType": "image/gif", "data": gif}},
            {"type": "refundPolicy", "file": {"filename": "policy.gif", "contentType": "image/gif", "data": gif}}
        ])),
        auth(),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(http.url, "https://apis.sandbox.globalpay.com/ucp/disputes/DIS_SAND_abcd1241/challenge");
    assert_eq!(body(&http), json!({"documents": [{"type": "SALES_RECEIPT", "b64_content": gif}, {"b64_content": gif}]}));
    for (evidence, field) in [
        (json!([{"type": "receipt", "text": "signed for"}]), "request.evidence[0].text"),
        (json!([{"type": "receipt", "file": {"connectorFileId": "DOC_1"}}]), "request.evidence[0].file.connectorFileId"),
        (json!([{"type": "receipt", "file": {"filename": "r.pdf", "contentType": "application/pdf", "data": "%%%"}}]), "request.evidence[0].file.data"),
        (json!([]), "request.evidence"),
    ] {
        let e = build_with(CONNECTOR, Flow::SubmitDisputeEvidence, req(evidence), auth(), &Options::default()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field));
    }
    let mut draft = req(json!([{"type": "receipt", "file": {"filename": "receipt.gif", "contentType": "image/gif", "data": gif}}]));
    draft["submit"] = json!(false);
    let e = build_with(CONNECTOR, Flow::SubmitDisputeEvidence, draft, auth(), &Options::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.submit"));
    // A dispute id is one path segment.
    let e = build_with(CONNECTOR, Flow::Dsync, json!({"connectorDisputeId": "..", "state": {"accessToken": "tok_1"}}), auth(), &Options::default())
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.connectorDisputeId"));
}

#[test]
fn dsync_reads_amount_reason_and_due_date_and_an_error_keeps_gps_code() {
    let r = json!({"connectorDisputeId": "DIS_SAND_abcd1234", "state": {"accessToken": "tok_1"}});
    let body = json!({"id": "DIS_SAND_abcd1234", "status": "UNDER_REVIEW", "stage": "CHARGEBACK", "amount": "1000", "currency": "JPY",
        "reason_code": "104", "reason_description": "Other Fraud-Card Absent Environment", "time_to_respond_by": "2020-11-29T18:50:39.722Z",
        "result": "PENDING", "transaction": {"id": "TRN_1"}});
    let d = dispute(parse_with(CONNECTOR, Flow::Dsync, r.clone(), &response(200, body.to_string()), &Options::default()).unwrap());
    assert_eq!(d.status, crate::protocol::DisputeStatus::UnderReview);
    assert_eq!(d.amount, Some(m(1000, "JPY")));
    assert_eq!(d.connector_transaction_id.as_deref(), Some("TRN_1"));
    assert_eq!(d.due_by.as_deref(), Some("2020-11-29T18:50:39.722Z"));
    let err = json!({"error_code": "INVALID_DISPUTE_ACTION", "detailed_error_code": "40067", "detailed_error_description": "cannot be accepted"});
    let d = dispute(parse_with(CONNECTOR, Flow::AcceptDispute, r, &response(400, err.to_string()), &Options::default()).unwrap());
    assert_eq!(d.status, crate::protocol::DisputeStatus::Failure);
    let e = d.error.unwrap();
    assert_eq!(e.code, U::InvalidRequest);
    assert_eq!(e.connector_code.as_deref(), Some("INVALID_DISPUTE_ACTION"));
    assert_eq!(e.decline_code.as_deref(), Some("40067"));
}

#[test]
fn wallets_go_in_digital_wallet_encrypted_as_json_or_decrypted_with_cryptogram() {
    let mut r = card_request("automatic");
    r["paymentMethod"] = json!({"type": "googlePay", "googlePay": {"token": "{\"signature\":\"MEUC\",\"protocolVersion\":\"ECv2\",\"signedMessage\":\"{}\"}"}});
    let b = body(&build_with(CONNECTOR, Flow::Authorize, r.clone(), auth(), &Options::default()).unwrap());
    assert_eq!(
        b["payment_method"]["digital_wallet"],
        json!({"payment_token": {"signature": "MEUC", "protocolVersion": "ECv2", "signedMessage": "{}"}, "provider": "PAY_BY_GOOGLE"})
    );
    assert!(b["payment_method"].get("card").is_none());
    // Decrypted: the PHP SDK's DECRYPTED_MOBILE body; the ECI by brand when the wallet gave none (Visa 05).
    r["paymentMethod"] = json!({"type": "applePay", "applePay": {"decrypted": {"number": "4263970000005262", "expMonth": "01", "expYear": "2031", "cryptogram": "AgAAAAAA"}}});
    let http = build_with(CONNECTOR, Flow::Authorize, r.clone(), auth(), &Options::default()).unwrap();
    assert!(http.body.as_ref().unwrap().sensitive);
    assert_eq!(
        body(&http)["payment_method"]["digital_wallet"],
        json!({"token": "4263970000005262", "token_format": "CARD_NUMBER", "expiry_month": "01", "expiry_year": "31", "cryptogram": "AgAAAAAA", "eci": "05", "provider": "APPLEPAY"})
    );
    // Apple Pay's paymentData that is not base64 JSON is refused, naming the field, quoting nothing.
    r["paymentMethod"] = json!({"type": "applePay", "applePay": {"paymentData": "c2VjcmV0LW5vdC1qc29u"}});
    let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.applePay.paymentData"));
    assert!(!e.message.contains("c2VjcmV0") && !e.message.contains("secret-not-json"));
}

#[test]
fn an_external_3ds_result_goes_in_payment_method_authentication() {
    let mut r = card_request("automatic");
    r["threeDs"] = json!({"external": {"version": "2.2.0", "eci": "05", "cavv": "AAACBllleHchZTBWIGV4MAAAAAA=", "dsTransactionId": "c272b04f-6e7b-43a2-bb78-90f4fb94aa25"}});
    let b = body(&build_with(CONNECTOR, Flow::Authorize, r.clone(), auth(), &Options::default()).unwrap());
    assert_eq!(
        b["payment_method"]["authentication"],
        json!({"three_ds": {"message_version": "2.2.0", "eci": "05", "ds_trans_ref": "c272b04f-6e7b-43a2-bb78-90f4fb94aa25", "value": "AAACBllleHchZTBWIGV4MAAAAAA="}})
    );
    r["threeDs"] = json!({"mode": "challenge"});
    let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.threeDs.mode"));
    assert!(e.message.contains("/authentications"), "{}", e.message);
}

// ---------- local payment methods (APMs) ----------

fn apm_request(pm: Value) -> Value {
    json!({
        "merchantTransactionId": "APM-20200417",
        "amount": {"minorAmount": 1999, "currency": "EUR"},
        "paymentMethod": pm,
        "customer": {"name": "Jane Doe"},
        "returnUrl": "https://example.com/returnUrl",
        "webhookUrl": "https://example.com/statusUpdateUrl",
        "state": {"accessToken": "tok_1"}
    })
}

#[test]
fn an_apm_is_payment_method_apm_with_the_sdks_provider_word_and_notifications() {
    // The SDKs' AlternativePaymentType values (globalpayments-api 3.10, PHP SDK): each unified
    // method to GP's provider word.
    for (pm, provider) in [
        (json!({"type": "bankRedirect", "bankRedirect": {"method": "ideal"}}), "ideal"),
        (json!({"type": "bankRedirect", "bankRedirect": {"method": "eps"}}), "EPS"),
        (json!({"type": "bankRedirect", "bankRedirect": {"method": "przelewy24"}}), "p24"),
        (json!({"type": "bankRedirect", "bankRedirect": {"method": "onlineBankingFpx"}}), "myclearfpx"),
        (json!({"type": "bankRedirect", "bankRedirect": {"method": "sofort"}}), "sofort"),
        (json!({"type": "bankRedirect", "bankRedirect": {"method": "blik"}}), "blik"),
        (json!({"type": "walletRedirect", "walletRedirect": {"method": "wechatPay"}}), "wechatpay"),
        (json!({"type": "walletRedirect", "walletRedirect": {"method": "alipay"}}), "alipay"),
        (json!({"type": "voucher", "voucher": {"method": "oxxo"}}), "oxxo"),
    ] {
        let http = build_with(CONNECTOR, Flow::Authorize, apm_request(pm), auth(), &Options::default()).unwrap();
        let b = body(&http);
        assert_eq!(b["payment_method"], json!({"entry_mode": "ECOM", "name": "Jane Doe", "apm": {"provider": provider}}));
        assert_eq!(b["type"], "SALE");
        assert_eq!(b["capture_mode"], "AUTO");
        assert_eq!(b["amount"], "1999");
        assert_eq!(
            b["notifications"],
            json!({"return_url": "https://example.com/returnUrl", "status_url": "https://example.com/statusUpdateUrl", "cancel_url": "https://example.com/returnUrl"})
        );
        assert!(b.get("card").is_none() && b["payment_method"].get("card").is_none());
    }
}

#[test]
fn every_declared_apm_method_has_a_provider_and_the_list_is_what_listconnectors_says() {
    use super::apm::*;
    for (methods, table) in [
        (BANK_REDIRECT_METHODS, BANK_REDIRECT_PROVIDERS),
        (WALLET_REDIRECT_METHODS, WALLET_REDIRECT_PROVIDERS),
        (VOUCHER_METHODS, VOUCHER_PROVIDERS),
    ] {
        assert_eq!(methods.len(), table.len());
        for m in methods {
            assert!(provider(table, m).is_some(), "{m}");
        }
    }
    // Methods GP does not list are not declared.
    assert!(provider(BANK_REDIRECT_PROVIDERS, "knet").is_none());
    assert!(provider(BANK_REDIRECT_PROVIDERS, "netbanking").is_none());
    assert!(provider(VOUCHER_PROVIDERS, "boleto").is_none());
}

#[test]
fn an_apm_without_what_gp_requires_is_refused_naming_the_field() {
    let ideal = json!({"type": "bankRedirect", "bankRedirect": {"method": "ideal"}});
    let cases: [(&str, Box<dyn Fn(&mut Value)>, ErrorKind); 6] = [
        ("request.returnUrl", Box::new(|r| drop(r.as_object_mut().unwrap().remove("returnUrl"))), ErrorKind::MissingRequiredField),
        ("request.webhookUrl", Box::new(|r| drop(r.as_object_mut().unwrap().remove("webhookUrl"))), ErrorKind::MissingRequiredField),
        ("request.customer.name", Box::new(|r| drop(r.as_object_mut().unwrap().remove("customer"))), ErrorKind::MissingRequiredField),
        ("request.captureMethod", Box::new(|r| r["captureMethod"] = json!("manual")), ErrorKind::InvalidFieldValue),
        ("request.setupFutureUsage", Box::new(|r| r["setupFutureUsage"] = json!("offSession")), ErrorKind::InvalidFieldValue),
        (
            "request.paymentMethod.bankRedirect.blikCode",
            Box::new(|r| r["paymentMethod"] = json!({"type": "bankRedirect", "bankRedirect": {"method": "blik", "blikCode": "777123"}})),
            ErrorKind::InvalidFieldValue,
        ),
    ];
    for (field, change, kind) in cases {
        let mut r = apm_request(ideal.clone());
        change(&mut r);
        let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
        assert_eq!(e.kind, kind, "{field}");
        assert_eq!(e.field.as_deref(), Some(field));
        assert!(!e.message.contains("777123"), "the BLIK code is never quoted");
    }
    // The name may come from the billing address instead.
    let mut r = apm_request(ideal);
    r.as_object_mut().unwrap().remove("customer");
    r["billingAddress"] = json!({"firstName": "Jane", "lastName": "Doe"});
    let http = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap();
    assert_eq!(body(&http)["payment_method"]["name"], "Jane Doe");
}

#[test]
fn an_initiated_apm_is_pending_with_the_provider_page_to_redirect_to() {
    let ideal = json!({"type": "bankRedirect", "bankRedirect": {"method": "ideal"}});
    let top = PREAUTHORIZED
        .replace(r#""status":"PREAUTHORIZED""#, r#""status":"INITIATED""#)
        .replace(r#""entry_mode":"ECOM","card":{"#, r#""entry_mode":"ECOM","redirect_url":"https://bank.example/pay?s=1","apm":{"provider":"ideal"},"card":{"#);
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, apm_request(ideal.clone()), &response(200, top.clone()), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Pending);
    assert_eq!(p.next_action.as_ref().unwrap().url.as_deref(), Some("https://bank.example/pay?s=1"));
    assert_eq!(p.redirection.as_ref().unwrap().url, "https://bank.example/pay?s=1");
    assert!(p.authorized_amount.is_none() && p.amount_captured.is_none());
    // payment_method.apm.redirect_url when the top-level one is absent (the SDK's mapResponseAPM).
    let nested = PREAUTHORIZED
        .replace(r#""status":"PREAUTHORIZED""#, r#""status":"INITIATED""#)
        .replace(r#""entry_mode":"ECOM","card":{"#, r#""entry_mode":"ECOM","apm":{"provider":"ideal","redirect_url":"https://bank.example/pay?s=2"},"card":{"#);
    let p = payment(parse_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "TRN_BHZ1whvNJnMvB6dPwf3znwWTsPjCn0", "state": {"accessToken": "tok_1"}}), &response(200, nested), &Options::default()).unwrap());
    assert_eq!(p.next_action.unwrap().url.as_deref(), Some("https://bank.example/pay?s=2"));
    // Once paid (CAPTURED), no redirect: charged.
    let paid = top.replace(r#""status":"INITIATED""#, r#""status":"CAPTURED""#);
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, apm_request(ideal), &response(200, paid), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Charged);
    assert!(p.next_action.is_none() && p.redirection.is_none());
}

// ---------- PayPal (apm provider paypal, then POST /transactions/{id}/confirmation) ----------

fn paypal_request() -> Value {
    json!({
        "merchantTransactionId": "order_pp_1",
        "amount": {"minorAmount": 1250, "currency": "USD"},
        "paymentMethod": {"type": "paypal"},
        "customer": {"name": "James Mason"},
        "returnUrl": "https://shop.example/return",
        "webhookUrl": "https://shop.example/status",
        "state": {"accessToken": "tok_1"}
    })
}

/// A GET /transactions/{id} answer with `apm` as given (GP's transaction of an APM charge).
fn apm_transaction(status: &str, apm: Value) -> String {
    json!({"id": "TRN_pp1", "type": "SALE", "status": status, "amount": "1250", "currency": "USD", "reference": "order_pp_1",
        "payment_method": {"result": "00", "message": "SUCCESS", "entry_mode": "ECOM", "name": "James Mason", "apm": apm}})
    .to_string()
}

#[test]
fn paypal_is_the_apm_charge_with_provider_paypal() {
    let http = build_with(CONNECTOR, Flow::Authorize, paypal_request(), auth(), &Options::default()).unwrap();
    assert_eq!(http.url, "https://apis.sandbox.globalpay.com/ucp/transactions");
    let b = body(&http);
    // The SDKs' AlternativePaymentType.PAYPAL, with the account holder's name and the notifications.
    assert_eq!(b["payment_method"], json!({"entry_mode": "ECOM", "name": "James Mason", "apm": {"provider": "paypal"}}));
    assert_eq!(b["notifications"]["return_url"], "https://shop.example/return");
    assert_eq!(b["notifications"]["status_url"], "https://shop.example/status");
    assert_eq!(b["capture_mode"], "AUTO");
    // Like every APM: no capture later, and the way back and the notification endpoint are required.
    let mut manual = paypal_request();
    manual["captureMethod"] = json!("manual");
    assert_eq!(build_with(CONNECTOR, Flow::Authorize, manual, auth(), &Options::default()).unwrap_err().field.as_deref(), Some("request.captureMethod"));
    let mut no_return = paypal_request();
    no_return.as_object_mut().unwrap().remove("returnUrl");
    assert_eq!(build_with(CONNECTOR, Flow::Authorize, no_return, auth(), &Options::default()).unwrap_err().field.as_deref(), Some("request.returnUrl"));
}

#[test]
fn an_approved_paypal_payment_carries_the_payer_for_the_confirmation() {
    let read = |body: String| payment(parse_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "TRN_pp1", "state": {"accessToken": "tok_1"}}), &response(200, body), &Options::default()).unwrap());
    // PENDING with the payer GP reports (the SDK's providerReference): approved, waiting for the confirmation.
    let p = read(apm_transaction("PENDING", json!({"provider": "paypal", "provider_reference": "6N9LPS4RCQNNE"})));
    assert_eq!(p.status, PaymentStatus::AuthenticationSuccessful);
    assert_eq!(p.state.as_ref().and_then(|s| s.get("providerPayerReference")).map(String::as_str), Some("6N9LPS4RCQNNE"));
    assert!(p.redirection.is_none());
    // The provider as an object with its name (the SDK's mapResponseAPM reads both), any case.
    let p = read(apm_transaction("PENDING", json!({"provider": {"name": "PAYPAL"}, "provider_reference": "6N9LPS4RCQNNE"})));
    assert_eq!(p.status, PaymentStatus::AuthenticationSuccessful);
    // Not yet approved (no payer), or another provider's PENDING: still pending, nothing to confirm.
    let p = read(apm_transaction("PENDING", json!({"provider": "paypal"})));
    assert_eq!(p.status, PaymentStatus::Pending);
    assert!(p.state.is_none());
    let p = read(apm_transaction("PENDING", json!({"provider": "ideal", "provider_reference": "X1"})));
    assert_eq!(p.status, PaymentStatus::Pending);
    assert!(p.state.is_none());
    // Once confirmed GP says CAPTURED: charged, whatever the payer field.
    let p = read(apm_transaction("CAPTURED", json!({"provider": "paypal", "provider_reference": "6N9LPS4RCQNNE"})));
    assert_eq!(p.status, PaymentStatus::Charged);
    assert!(p.state.is_none());
}

#[test]
fn complete_authorize_confirms_naming_the_payer() {
    let request = json!({"connectorTransactionId": "TRN_pp1", "idempotencyKey": "pp-confirm-1",
        "state": {"accessToken": "tok_1", "providerPayerReference": "6N9LPS4RCQNNE"}});
    let http = build_with(CONNECTOR, Flow::CompleteAuthorize, request.clone(), auth(), &Options::default()).unwrap();
    assert_eq!(http.url, "https://apis.sandbox.globalpay.com/ucp/transactions/TRN_pp1/confirmation");
    // GpApiManagementRequestBuilder, TransactionType.Confirm.
    assert_eq!(body(&http), json!({"payment_method": {"apm": {"provider": "paypal", "provider_payer_reference": "6N9LPS4RCQNNE"}}}));
    assert_eq!(header(&http, "x-gp-idempotency").unwrap().value, "pp-confirm-1");
    assert_eq!(header(&http, "Authorization").unwrap().value, "Bearer tok_1");

    let captured = apm_transaction("CAPTURED", json!({"provider": "paypal", "provider_reference": "6N9LPS4RCQNNE"}));
    let p = payment(parse_with(CONNECTOR, Flow::CompleteAuthorize, request.clone(), &response(200, captured), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Charged);
    assert_eq!(p.amount_captured, Some(m(1250, "USD")));
    // Still PENDING after the confirmation is not read as approved again.
    let pending = apm_transaction("PENDING", json!({"provider": "paypal", "provider_reference": "6N9LPS4RCQNNE"}));
    let p = payment(parse_with(CONNECTOR, Flow::CompleteAuthorize, request.clone(), &response(200, pending), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Pending);
    let refused = json!({"error_code": "INVALID_REQUEST_DATA", "detailed_error_code": "40005", "detailed_error_description": "payment_method.apm contains unexpected data"});
    let p = payment(parse_with(CONNECTOR, Flow::CompleteAuthorize, request.clone(), &response(400, refused.to_string()), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Failure);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("TRN_pp1"));
    let down = json!({"error_code": "SYSTEM_ERROR_DOWNSTREAM", "detailed_error_code": "50013", "detailed_error_description": "Timeout"});
    let p = payment(parse_with(CONNECTOR, Flow::CompleteAuthorize, request, &response(502, down.to_string()), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Unresolved);
}

#[test]
fn complete_authorize_without_the_payer_says_where_it_comes_from() {
    let e = build_with(CONNECTOR, Flow::CompleteAuthorize, json!({"connectorTransactionId": "TRN_pp1", "state": {"accessToken": "tok_1"}}), auth(), &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingRequiredField);
    assert_eq!(e.field.as_deref(), Some("request.state.providerPayerReference"));
    assert!(e.message.contains("psync"), "{}", e.message);
    let e = build_with(CONNECTOR, Flow::CompleteAuthorize, json!({"connectorTransactionId": "TRN_pp1", "state": {"accessToken": "tok_1", "providerPayerReference": "has space"}}), auth(), &Options::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.state.providerPayerReference"));
    // No token: the token is named first, as on every GP call.
    let e = build_with(CONNECTOR, Flow::CompleteAuthorize, json!({"connectorTransactionId": "TRN_pp1", "state": {"providerPayerReference": "6N9LPS4RCQNNE"}}), auth(), &Options::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.state.accessToken"));
}

#[test]
fn a_status_notification_of_an_approved_paypal_payment_says_it_waits_for_the_confirmation() {
    let approved = apm_transaction("PENDING", json!({"provider": "paypal", "provider_reference": "6N9LPS4RCQNNE"}));
    let sig = signature(&approved, APP_KEY);
    let r = read_webhook(CONNECTOR, &webhook(&approved, Some(&sig), APP_KEY), None, &Options::default()).unwrap();
    assert!(r.verified);
    assert_eq!(r.events[0].payment_status, Some(PaymentStatus::AuthenticationSuccessful));
    // Another provider's PENDING stays pending.
    let other = apm_transaction("PENDING", json!({"provider": "ideal"}));
    let sig = signature(&other, APP_KEY);
    let r = read_webhook(CONNECTOR, &webhook(&other, Some(&sig), APP_KEY), None, &Options::default()).unwrap();
    assert_eq!(r.events[0].payment_status, Some(PaymentStatus::Pending));
}

// ---------- Bank debits and BNPL ----------

fn ach_request() -> Value {
    json!({
        "merchantTransactionId": "ach_1001",
        "amount": {"minorAmount": 1100, "currency": "USD"},
        "paymentMethod": {"type": "bankDebit", "bankDebit": {
            "method": "ach", "accountHolderName": "Jane Doe", "accountNumber": "1234567890", "routingNumber": "122000030", "accountType": "savings"
        }},
        "customer": {"name": "James Mason"},
        "billingAddress": {"line1": "Apartment 852", "line2": "Complex 741", "city": "Chicago", "postalCode": "50001", "state": "IL", "country": "US"},
        "captureMethod": "automatic",
        "state": {"accessToken": "tok_1"}
    })
}

#[test]
fn an_ach_debit_is_a_sale_with_bank_transfer_and_the_payer() {
    let http = build_with(CONNECTOR, Flow::Authorize, ach_request(), auth(), &Options::default()).unwrap();
    assert_eq!(http.url, "https://apis.sandbox.globalpay.com/ucp/transactions");
    assert!(http.body.as_ref().unwrap().sensitive, "the account number is in the body");
    // Fields as GP's SDKs send an ECheck charge (GpApiAuthorizationRequestBuilder): account_type
    // SAVING (EnumMapping.mapAccountType), sec_code WEB, the routing number as bank.code.
    assert_eq!(
        body(&http),
        json!({
            "account_name": "transaction_processing", "channel": "CNP", "country": "US", "type": "SALE", "capture_mode": "AUTO",
            "amount": "1100", "currency": "USD", "reference": "ach_1001",
            "payer": {"name": "James Mason", "billing_address": {"line_1": "Apartment 852", "line_2": "Complex 741", "city": "Chicago", "postal_code": "50001", "state": "IL", "country": "US"}},
            "payment_method": {"entry_mode": "ECOM", "name": "Jane Doe", "bank_transfer": {
                "account_number": "1234567890", "account_type": "SAVING", "sec_code": "WEB", "bank": {"code": "122000030"}
            }}
        })
    );
}

#[test]
fn an_ach_debit_refuses_what_gp_cannot_take() {
    let refuse = |edit: &dyn Fn(&mut Value), field: &str, kind: ErrorKind| {
        let mut r = ach_request();
        edit(&mut r);
        let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{}", e.message);
        assert_eq!(e.kind, kind, "{field}");
        // The account number is never quoted.
        assert!(!e.message.contains("1234567890"));
    };
    refuse(&|r| r["captureMethod"] = json!("manual"), "request.captureMethod", ErrorKind::InvalidFieldValue);
    refuse(&|r| r["amount"]["currency"] = json!("EUR"), "request.amount.currency", ErrorKind::InvalidFieldValue);
    refuse(&|r| r["paymentMethod"]["bankDebit"]["routingNumber"] = json!("122000031"), "request.paymentMethod.bankDebit.routingNumber", ErrorKind::InvalidFieldValue);
    refuse(&|r| { r["paymentMethod"]["bankDebit"].as_object_mut().unwrap().remove("routingNumber"); }, "request.paymentMethod.bankDebit.routingNumber", ErrorKind::MissingRequiredField);
    refuse(&|r| { r["paymentMethod"]["bankDebit"].as_object_mut().unwrap().remove("accountNumber"); }, "request.paymentMethod.bankDebit.accountNumber", ErrorKind::MissingRequiredField);
    refuse(&|r| r["paymentMethod"]["bankDebit"]["accountNumber"] = json!("123456789012345678"), "request.paymentMethod.bankDebit.accountNumber", ErrorKind::InvalidFieldValue);
    refuse(&|r| { r.as_object_mut().unwrap().remove("billingAddress"); }, "request.billingAddress", ErrorKind::MissingRequiredField);
    refuse(&|r| { r["billingAddress"].as_object_mut().unwrap().remove("state"); }, "request.billingAddress.state", ErrorKind::MissingRequiredField);
    refuse(&|r| r["paymentMethod"]["bankDebit"]["sortCode"] = json!("123456"), "request.paymentMethod.bankDebit.sortCode", ErrorKind::InvalidFieldValue);
}

#[test]
fn the_aba_check_digit() {
    // Routing numbers from GP's SDK tests (122000030) and the Federal Reserve's (011000015).
    assert!(super::bank::aba_checksum("122000030"));
    assert!(super::bank::aba_checksum("011000015"));
    assert!(!super::bank::aba_checksum("122000031"));
    assert!(!super::bank::aba_checksum("12200003"));
}

#[test]
fn sepa_uk_and_becs_debits_are_refused_with_gps_reason() {
    for (method, extra, currency) in [
        ("sepa", json!({"iban": "DE89370400440532013000"}), "EUR"),
        ("bacs", json!({"accountNumber": "31926819", "sortCode": "601613"}), "GBP"),
        ("becs", json!({"accountNumber": "12345678", "bsbNumber": "062000"}), "AUD"),
    ] {
        let mut debit = json!({"method": method, "accountHolderName": "Jane Doe"});
        for (k, v) in extra.as_object().unwrap() {
            debit[k] = v.clone();
        }
        let r = json!({
            "merchantTransactionId": "dd_1", "amount": {"minorAmount": 1999, "currency": currency},
            "paymentMethod": {"type": "bankDebit", "bankDebit": debit},
            "returnUrl": "https://shop.example/back", "webhookUrl": "https://shop.example/gp", "state": {"accessToken": "tok_1"}
        });
        // The framework refuses it first (what a caller sees), naming the method word and GP's reason.
        let decoded = crate::protocol::FlowRequest::decode(Flow::Authorize, r.clone()).unwrap();
        let first = crate::connectors::check_payment_method(CONNECTOR.info(), &decoded).unwrap_err();
        assert_eq!(first.kind, ErrorKind::PaymentMethodNotSupported, "{method}");
        assert_eq!(first.field.as_deref(), Some("request.paymentMethod.bankDebit.method"));
        assert!(first.message.contains(&format!("`{method}`")) && first.message.contains("GP API"), "{}", first.message);
        assert!(!first.message.contains("it takes: ach"), "the generic message, not GP's reason: {}", first.message);
        // The connector, called on its own, gives the same reason.
        let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported, "{method}");
        assert!(first.message.ends_with(&e.message), "{} / {}", first.message, e.message);
        for m in [&first.message, &e.message] {
            assert!(!m.contains("DE89370400440532013000") && !m.contains("31926819") && !m.contains("12345678"));
        }
    }
}

#[test]
fn the_declared_methods_are_the_ones_built() {
    assert_eq!(super::bank::METHODS, &["ach"]);
    for m in super::bnpl::METHODS {
        let method: crate::protocol::BnplMethod = serde_json::from_value(json!(m)).unwrap();
        assert!(["AFFIRM", "CLEARPAY", "KLARNA"].contains(&super::bnpl::provider(method)));
    }
}

fn bnpl_request(method: &str) -> Value {
    json!({
        "merchantTransactionId": "bnpl_1001",
        "amount": {"minorAmount": 55000, "currency": "USD"},
        "paymentMethod": {"type": "bnpl", "bnpl": {"method": method}},
        "captureMethod": "manual",
        "customer": {"id": "12345678", "email": "james.mason@example.com", "phone": "+1 415 555 0100"},
        "billingAddress": {"firstName": "James", "lastName": "Mason", "line1": "10 Glenlake Pkwy NE", "city": "Birmingham", "postalCode": "50001", "state": "IL", "country": "US"},
        "shippingAddress": {"line1": "Apartment 852", "line2": "Complex 741", "city": "Birmingham", "postalCode": "50001", "state": "IL", "country": "US"},
        "orderLines": [{"name": "iPhone 13", "quantity": 1, "unitAmount": {"minorAmount": 55000, "currency": "USD"}, "sku": "SKU-1",
                        "productUrl": "https://www.example.com/iphone.html", "imageUrl": "https://www.example.com/iphone.png"}],
        "returnUrl": "https://shop.example/back", "webhookUrl": "https://shop.example/gp",
        "state": {"accessToken": "tok_1"}
    })
}

#[test]
fn a_bnpl_authorization_carries_the_payer_the_order_and_notifications() {
    let http = build_with(CONNECTOR, Flow::Authorize, bnpl_request("affirm"), auth(), &Options::default()).unwrap();
    let b = body(&http);
    assert_eq!(b["capture_mode"], "LATER");
    assert_eq!(b["payment_method"], json!({"entry_mode": "ECOM", "name": "James Mason", "bnpl": {"provider": "AFFIRM"}}));
    assert_eq!(b["payer"]["email"], "james.mason@example.com");
    assert_eq!(b["payer"]["reference"], "12345678");
    assert_eq!(b["payer"]["contact_phone"], json!({"country_code": "1", "subscriber_number": "4155550100"}));
    assert_eq!(b["payer"]["billing_address"]["first_name"], "James");
    assert_eq!(b["order"]["shipping_address"]["line_2"], "Complex 741");
    assert_eq!(b["order"]["shipping_address"]["last_name"], "Mason");
    assert_eq!(
        b["order"]["items"][0],
        json!({"reference": "SKU-1", "label": "iPhone 13", "description": "iPhone 13", "quantity": "1", "unit_amount": "55000",
               "total_amount": "55000", "tax_amount": "0", "discount_amount": "0", "tax_percentage": "0", "net_unit_amount": "55000",
               "url": "https://www.example.com/iphone.html", "image_url": "https://www.example.com/iphone.png"})
    );
    assert_eq!(b["notifications"], json!({"return_url": "https://shop.example/back", "status_url": "https://shop.example/gp", "cancel_url": "https://shop.example/back"}));
    for (m, p) in [("klarna", "KLARNA"), ("afterpayClearpay", "CLEARPAY")] {
        let http = build_with(CONNECTOR, Flow::Authorize, bnpl_request(m), auth(), &Options::default()).unwrap();
        assert_eq!(body(&http)["payment_method"]["bnpl"]["provider"], p);
    }
}

#[test]
fn a_bnpl_authorization_names_each_field_gp_requires() {
    let refuse = |edit: &dyn Fn(&mut Value), field: &str| {
        let mut r = bnpl_request("klarna");
        edit(&mut r);
        let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &Options::default()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{}", e.message);
    };
    refuse(&|r| r["captureMethod"] = json!("automatic"), "request.captureMethod");
    refuse(&|r| { r["customer"].as_object_mut().unwrap().remove("email"); }, "request.customer.email");
    refuse(&|r| { r["customer"].as_object_mut().unwrap().remove("phone"); }, "request.customer.phone");
    refuse(&|r| r["customer"]["phone"] = json!("+44 20 7946 0958"), "request.customer.phone");
    refuse(&|r| { r.as_object_mut().unwrap().remove("billingAddress"); }, "request.billingAddress");
    refuse(&|r| { r["billingAddress"].as_object_mut().unwrap().remove("firstName"); }, "request.billingAddress.firstName");
    refuse(&|r| { r.as_object_mut().unwrap().remove("shippingAddress"); }, "request.shippingAddress");
    refuse(&|r| { r.as_object_mut().unwrap().remove("orderLines"); }, "request.orderLines");
    refuse(&|r| { r["orderLines"][0].as_object_mut().unwrap().remove("sku"); }, "request.orderLines[0].sku");
    refuse(&|r| { r["orderLines"][0].as_object_mut().unwrap().remove("productUrl"); }, "request.orderLines[0].productUrl");
    refuse(&|r| { r["orderLines"][0].as_object_mut().unwrap().remove("imageUrl"); }, "request.orderLines[0].imageUrl");
    refuse(&|r| r["orderLines"][0]["quantity"] = json!(2), "request.orderLines");
    refuse(&|r| { r.as_object_mut().unwrap().remove("webhookUrl"); }, "request.webhookUrl");
}

#[test]
fn a_bnpl_answer_is_pending_with_the_provider_page_then_authorized() {
    let initiated = json!({"id": "TRN_1", "type": "SALE", "status": "INITIATED", "amount": "55000", "currency": "USD", "reference": "bnpl_1001",
        "payment_method": {"result": "00", "message": "SUCCESS", "entry_mode": "ECOM", "redirect_url": "https://provider.example/pay", "bnpl": {"provider": "AFFIRM"}},
        "action": {"id": "ACT_1", "type": "PREAUTHORIZE", "result_code": "SUCCESS"}});
    let r = payment(parse_with(CONNECTOR, Flow::Authorize, bnpl_request("affirm"), &response(200, initiated.to_string()), &Options::default()).unwrap());
    assert_eq!(r.status, PaymentStatus::Pending);
    assert_eq!(r.next_action.unwrap().url.as_deref(), Some("https://provider.example/pay"));
    let approved = json!({"id": "TRN_1", "type": "SALE", "status": "PREAUTHORIZED", "amount": "55000", "currency": "USD",
        "payment_method": {"result": "00", "bnpl": {"provider": "AFFIRM"}}});
    let r = payment(parse_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "TRN_1", "state": {"accessToken": "t"}}), &response(200, approved.to_string()), &Options::default()).unwrap());
    assert_eq!(r.status, PaymentStatus::Authorized);
    assert_eq!(r.authorized_amount, Some(m(55000, "USD")));
}

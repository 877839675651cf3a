//! PhonePe: signing, requests, responses and the flow table.

use crate::protocol::{Flow, FlowRequest, FlowResult, HttpMethod, HttpRequest, HttpResponse};
use super::*;
use crate::connectors::test_support;
use crate::kit::crypto::base64_decode;
use crate::protocol::{Options, PaymentStatus};
use serde_json::json;
use sha2::{Digest, Sha256};

/// PhonePe's published UAT test merchant.
const MERCHANT_ID: &str = "PGTESTPAYUAT";
const SALT_KEY: &str = "099eb0cd-02cf-4e2a-8aca-3e6c6aff0399";

fn uat_auth() -> Value {
    json!({"merchantId": MERCHANT_ID, "saltKey": SALT_KEY, "saltIndex": "1"})
}

fn build(flow: Flow, request: Value, auth: Value) -> Result<HttpRequest, SidecarError> {
    test_support::build_with(CONNECTOR, flow, request, auth, &Options::default())
}

fn collect_request() -> Value {
    json!({
        "merchantTransactionId": "MT7850590068188104",
        "amount": {"minorAmount": 10000, "currency": "INR"},
        "paymentMethod": {"type": "upiCollect", "upi": {"vpa": "test-vpa@ybl"}},
        "customer": {"id": "MUID123", "phone": "+91 99999-99999"},
        "webhookUrl": "https://webhook.site/callback-url"
    })
}

/// The checksum by an independent expression: sha2 directly, hex by `format!`.
fn independent_x_verify(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{hex}###1")
}

fn header<'a>(req: &'a HttpRequest, name: &str) -> &'a crate::protocol::HttpHeader {
    req.headers.iter().find(|h| h.name == name).unwrap_or_else(|| panic!("no {name} header"))
}

#[test]
fn pay_request_is_signed_and_its_payload_decodes_to_the_expected_json() {
    let req = build(Flow::Authorize, collect_request(), uat_auth()).unwrap();
    assert_eq!(req.url, "https://api-preprod.phonepe.com/apis/pg-sandbox/pg/v1/pay");
    assert_eq!(req.method, HttpMethod::POST);
    let body = req.body.as_ref().unwrap();
    assert_eq!(body.content_type, "application/json");
    assert!(body.sensitive);
    let outer: Value = serde_json::from_str(&body.data).unwrap();
    let b64 = outer["request"].as_str().unwrap();
    assert_eq!(outer, json!({"request": b64}));
    let decoded = String::from_utf8(base64_decode(b64).unwrap()).unwrap();
    // Exact bytes: the key order is fixed because the payload is signed.
    assert_eq!(
        decoded,
        r#"{"merchantId":"PGTESTPAYUAT","merchantTransactionId":"MT7850590068188104","merchantUserId":"MUID123","amount":10000,"callbackUrl":"https://webhook.site/callback-url","mobileNumber":"9999999999","paymentInstrument":{"type":"UPI_COLLECT","vpa":"test-vpa@ybl"}}"#
    );
    let xv = header(&req, "X-VERIFY");
    assert!(xv.sensitive);
    assert_eq!(xv.value, independent_x_verify(&format!("{b64}/pg/v1/pay{SALT_KEY}")));
    // Cross-checked in a shell:
    //   printf '%s' "$B64/pg/v1/pay099eb0cd-02cf-4e2a-8aca-3e6c6aff0399" | sha256sum
    assert_eq!(xv.value, "4464b4891f7ef206c638294e9899f692bd4646de22813072214f4a7cf6e440e1###1");
    assert_eq!(header(&req, "Content-Type").value, "application/json");
    assert!(!header(&req, "Content-Type").sensitive);
}

#[test]
fn status_request_is_signed_over_the_path() {
    let req = build(Flow::Psync, json!({"connectorTransactionId": "MT7850590068188104"}), uat_auth()).unwrap();
    assert_eq!(
        req.url,
        "https://api-preprod.phonepe.com/apis/pg-sandbox/pg/v1/status/PGTESTPAYUAT/MT7850590068188104"
    );
    assert_eq!(req.method, HttpMethod::GET);
    assert!(req.body.is_none());
    let xv = header(&req, "X-VERIFY");
    assert!(xv.sensitive);
    assert_eq!(
        xv.value,
        independent_x_verify(&format!("/pg/v1/status/{MERCHANT_ID}/MT7850590068188104{SALT_KEY}"))
    );
    // printf '%s' '/pg/v1/status/PGTESTPAYUAT/MT7850590068188104099eb0cd-02cf-4e2a-8aca-3e6c6aff0399' | sha256sum
    assert_eq!(xv.value, "95c6d60f014b7190aa417083aca2489bb5b0a729d0421c17dea19f5913e6d741###1");
    assert_eq!(header(&req, "X-MERCHANT-ID").value, MERCHANT_ID);
    assert!(!header(&req, "X-MERCHANT-ID").sensitive);
}

#[test]
fn base_url_option_and_numeric_salt_index() {
    let options = Options { base_url: Some("http://127.0.0.1:9/phonepe/".into()), ..Options::default() };
    let ctx = test_support::ctx(CONNECTOR, &options);
    let auth = json!({"merchantId": MERCHANT_ID, "saltKey": SALT_KEY, "saltIndex": 1});
    let r = FlowRequest::decode(Flow::Psync, json!({"connectorTransactionId": "MT1"})).unwrap();
    let req = CONNECTOR.build_request(&r, auth, &ctx).unwrap();
    assert_eq!(req.url, "http://127.0.0.1:9/phonepe/pg/v1/status/PGTESTPAYUAT/MT1");
    assert!(header(&req, "X-VERIFY").value.ends_with("###1"));
}

#[test]
fn auth_problems_never_echo_the_salt() {
    let missing = build(Flow::Psync, json!({"connectorTransactionId": "MT1"}), json!({"merchantId": MERCHANT_ID, "saltIndex": "1"}))
        .unwrap_err();
    assert_eq!(missing.kind, crate::protocol::ErrorKind::MissingRequiredField);
    assert_eq!(missing.field.as_deref(), Some("auth.saltKey"));
    for auth in [
        json!({"merchantId": MERCHANT_ID, "saltKey": SALT_KEY, "saltIndex": "one"}),
        json!({"merchantId": "PG/../x", "saltKey": SALT_KEY, "saltIndex": "1"}),
        json!({"merchantId": MERCHANT_ID, "saltKey": "", "saltIndex": "1"}),
    ] {
        let e = build(Flow::Psync, json!({"connectorTransactionId": "MT1"}), auth).unwrap_err();
        assert!(!e.message.contains(SALT_KEY), "{}", e.message);
        assert!(!format!("{}", e.to_data()).contains(SALT_KEY));
    }
}

#[test]
fn psync_refuses_an_id_phonepe_cannot_have() {
    let e = build(Flow::Psync, json!({"connectorTransactionId": "MT1/../../x"}), uat_auth()).unwrap_err();
    assert_eq!(e.kind, crate::protocol::ErrorKind::InvalidFieldValue);
    assert_eq!(e.field.as_deref(), Some("request.connectorTransactionId"));
}

#[test]
fn parse_is_wired_per_flow() {
    let options = Options::default();
    let ctx = test_support::ctx(CONNECTOR, &options);
    let r = FlowRequest::decode(Flow::Psync, json!({"connectorTransactionId": "MT1"})).unwrap();
    let response: HttpResponse = serde_json::from_value(json!({
        "status": 200,
        "body": r#"{"success":true,"code":"PAYMENT_PENDING","message":"Your payment is in pending state.","data":{"merchantId":"PGTESTPAYUAT","merchantTransactionId":"MT1","transactionId":"T1","amount":100,"state":"PENDING","responseCode":null,"paymentInstrument":null}}"#
    }))
    .unwrap();
    let FlowResult::Payment(p) = CONNECTOR.parse_response(&r, &response, &ctx).unwrap() else {
        panic!("a payment result")
    };
    assert_eq!(p.status, PaymentStatus::Pending);
}

fn refund_request() -> Value {
    json!({
        "connectorTransactionId": "OD620471739210623",
        "merchantRefundId": "ROD620471739210623",
        "refundAmount": {"minorAmount": 1000, "currency": "INR"},
        "webhookUrl": "https://webhook.site/callback-url"
    })
}

#[test]
fn refund_request_is_signed_over_payload_and_refund_path() {
    let req = build(Flow::Refund, refund_request(), uat_auth()).unwrap();
    assert_eq!(req.url, "https://api-preprod.phonepe.com/apis/pg-sandbox/pg/v1/refund");
    assert_eq!(req.method, HttpMethod::POST);
    let body = req.body.as_ref().unwrap();
    let outer: Value = serde_json::from_str(&body.data).unwrap();
    let b64 = outer["request"].as_str().unwrap();
    assert_eq!(outer, json!({"request": b64}));
    // PhonePe's documented refund payload (refund-8), without the optional merchantUserId.
    let decoded: Value = serde_json::from_slice(&base64_decode(b64).unwrap()).unwrap();
    assert_eq!(
        decoded,
        json!({
            "merchantId": "PGTESTPAYUAT",
            "originalTransactionId": "OD620471739210623",
            "merchantTransactionId": "ROD620471739210623",
            "amount": 1000,
            "callbackUrl": "https://webhook.site/callback-url"
        })
    );
    let xv = header(&req, "X-VERIFY");
    assert!(xv.sensitive);
    assert_eq!(xv.value, independent_x_verify(&format!("{b64}/pg/v1/refund{SALT_KEY}")));
    // No idempotency header exists at PhonePe; a key given is not invented into one.
    let mut with_key = refund_request();
    with_key["idempotencyKey"] = json!("refund-1");
    let keyed = build(Flow::Refund, with_key, uat_auth()).unwrap();
    assert_eq!(keyed.headers, req.headers);
}

#[test]
fn refund_refusals_name_the_field() {
    let with = |key: &str, value: Value| {
        let mut r = refund_request();
        r[key] = value;
        r
    };
    let cases = [
        (with("merchantRefundId", json!("R 1")), "request.merchantRefundId"),
        (with("merchantRefundId", json!("R".repeat(35))), "request.merchantRefundId"),
        (with("merchantRefundId", json!("OD620471739210623")), "request.merchantRefundId"),
        (with("connectorTransactionId", json!("OD/../1")), "request.connectorTransactionId"),
        (with("refundAmount", json!({"minorAmount": 99, "currency": "INR"})), "request.refundAmount.minorAmount"),
        (with("refundAmount", json!({"minorAmount": 1000, "currency": "USD"})), "request.refundAmount.currency"),
    ];
    for (request, field) in cases {
        let e = build(Flow::Refund, request, uat_auth()).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (crate::protocol::ErrorKind::InvalidFieldValue, Some(field)), "{}", e.message);
    }
    // The callback URL is optional for refunds.
    let r = build(Flow::Refund, with("webhookUrl", Value::Null), uat_auth()).unwrap();
    let outer: Value = serde_json::from_str(&r.body.unwrap().data).unwrap();
    let decoded: Value = serde_json::from_slice(&base64_decode(outer["request"].as_str().unwrap()).unwrap()).unwrap();
    assert!(decoded.get("callbackUrl").is_none());
}

#[test]
fn rsync_is_the_status_check_of_the_refund_id() {
    let req = build(
        Flow::Rsync,
        json!({"connectorTransactionId": "OD620471739210623", "connectorRefundId": "ROD620471739210623"}),
        uat_auth(),
    )
    .unwrap();
    assert_eq!(req.url, "https://api-preprod.phonepe.com/apis/pg-sandbox/pg/v1/status/PGTESTPAYUAT/ROD620471739210623");
    assert_eq!(req.method, HttpMethod::GET);
    assert_eq!(
        header(&req, "X-VERIFY").value,
        independent_x_verify(&format!("/pg/v1/status/{MERCHANT_ID}/ROD620471739210623{SALT_KEY}"))
    );
    assert_eq!(header(&req, "X-MERCHANT-ID").value, MERCHANT_ID);
    let e = build(Flow::Rsync, json!({"connectorTransactionId": "OD1", "connectorRefundId": "R/1"}), uat_auth()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.connectorRefundId"));
}

/// Every active ISO 4217 currency through every amount-carrying flow (authorize, refund):
/// INR goes out as the same number of paise and comes back unchanged; every other currency
/// is refused naming its currency field.
#[test]
fn every_currency_is_exact_inr_or_refused() {
    use crate::kit::iso4217_table::ISO4217_MINOR_UNITS;
    let mut inr_seen = 0;
    for (currency, _) in ISO4217_MINOR_UNITS.iter() {
        let amount = json!({"minorAmount": 123457, "currency": currency});
        let mut authorize = collect_request();
        authorize["amount"] = amount.clone();
        let mut refund = refund_request();
        refund["refundAmount"] = amount.clone();
        for (flow, request, field) in [
            (Flow::Authorize, authorize, "request.amount"),
            (Flow::Refund, refund, "request.refundAmount"),
        ] {
            match build(flow, request, uat_auth()) {
                Ok(req) => {
                    assert_eq!(*currency, "INR", "{flow:?} accepted {currency}");
                    let outer: Value = serde_json::from_str(&req.body.unwrap().data).unwrap();
                    let payload: Value =
                        serde_json::from_slice(&base64_decode(outer["request"].as_str().unwrap()).unwrap()).unwrap();
                    let paise = payload["amount"].as_i64().unwrap();
                    assert_eq!(paise, 123457, "{flow:?}");
                    let back = responses::inr(paise).unwrap();
                    assert_eq!((back.minor_amount, back.currency.as_str()), (123457, "INR"));
                    inr_seen += 1;
                }
                Err(e) => {
                    assert_ne!(*currency, "INR", "{flow:?} refused INR: {}", e.message);
                    assert_eq!(e.kind, crate::protocol::ErrorKind::InvalidFieldValue, "{currency}");
                    assert_eq!(e.field.as_deref(), Some(format!("{field}.currency").as_str()), "{currency}");
                    assert!(e.message.contains(currency), "{}", e.message);
                }
            }
        }
    }
    assert_eq!(inr_seen, 2, "INR went through both flows");
}

#[test]
fn flows_phonepe_cannot_do_are_refused_with_the_reason() {
    let cases = [
        (Flow::Capture, json!({"connectorTransactionId": "MT1", "amountToCapture": {"minorAmount": 100, "currency": "INR"}})),
        (Flow::Void, json!({"connectorTransactionId": "MT1"})),
        (Flow::RepeatPayment, json!({"merchantTransactionId": "MT2", "amount": {"minorAmount": 100, "currency": "INR"}, "mandateReference": "m"})),
        (Flow::CreateCustomer, json!({"customer": {"id": "c1"}})),
        (Flow::CreateAccessToken, json!({})),
        (Flow::CompleteAuthorize, json!({"connectorTransactionId": "MT1"})),
    ];
    for (flow, request) in cases {
        let e = build(flow, request, uat_auth()).unwrap_err();
        assert_eq!(e.kind, crate::protocol::ErrorKind::FlowNotSupported, "{flow:?}");
        let reason = CONNECTOR.unsupported_reason(flow).unwrap();
        assert!(e.message.contains(reason), "{flow:?}: {}", e.message);
    }
    // Manual capture and saving the payment method are refused rather than silently charged.
    let mut manual = collect_request();
    manual["captureMethod"] = json!("manual");
    assert_eq!(build(Flow::Authorize, manual, uat_auth()).unwrap_err().field.as_deref(), Some("request.captureMethod"));
    let mut save = collect_request();
    save["setupFutureUsage"] = json!("offSession");
    assert_eq!(build(Flow::Authorize, save, uat_auth()).unwrap_err().field.as_deref(), Some("request.setupFutureUsage"));
}

fn parse(flow: Flow, request: Value, status: u16, body: &str) -> FlowResult {
    test_support::parse_with(CONNECTOR, flow, request, &test_support::response(status, body), &Options::default()).unwrap()
}

#[test]
fn documented_refund_answers() {
    use crate::protocol::RefundStatus;
    // refund-8's sample response (its amount differs from its sample request's: PhonePe's doc).
    let pending = r#"{"success":true,"code":"PAYMENT_PENDING","message":"Your request has been successfully completed.","data":{"merchantId":"PGTESTPAYUAT","merchantTransactionId":"ROD620471739210623","transactionId":"TR620471739210623","amount":10000,"state":"PENDING","responseCode":"PAYMENT_PENDING"}}"#;
    let FlowResult::Refund(r) = parse(Flow::Refund, refund_request(), 200, pending) else { panic!("a refund result") };
    assert_eq!(r.status, RefundStatus::Pending);
    assert_eq!(r.connector_refund_id.as_deref(), Some("ROD620471739210623"));
    assert_eq!(r.connector_status.as_deref(), Some("PAYMENT_PENDING"));
    assert!(r.error.is_none());

    let done = r#"{"success":true,"code":"PAYMENT_SUCCESS","message":"Your request has been successfully completed.","data":{"merchantId":"PGTESTPAYUAT","merchantTransactionId":"ROD620471739210623","transactionId":"TR620471739210623","amount":1000,"state":"COMPLETED","responseCode":"SUCCESS"}}"#;
    let rsync = json!({"connectorTransactionId": "OD620471739210623", "connectorRefundId": "ROD620471739210623", "refundAmount": {"minorAmount": 1000, "currency": "INR"}});
    let FlowResult::Refund(r) = parse(Flow::Rsync, rsync.clone(), 200, done) else { panic!("a refund result") };
    assert_eq!(r.status, RefundStatus::Success);
    assert_eq!(r.refund_amount.as_ref().map(|m| m.minor_amount), Some(1000));
    // A success for another amount than asked is for a human to look at.
    let mut other = rsync.clone();
    other["refundAmount"]["minorAmount"] = json!(900);
    let FlowResult::Refund(r) = parse(Flow::Rsync, other, 200, done) else { panic!("a refund result") };
    assert_eq!(r.status, RefundStatus::ManualReview);

    let excess = r#"{"success":false,"code":"PAYMENT_ERROR","message":"Payment Failed","data":{"merchantId":"PGTESTPAYUAT","merchantTransactionId":"ROD2","amount":1000,"state":"FAILED","responseCode":"EXCESS_REFUND_AMOUNT"}}"#;
    let FlowResult::Refund(r) = parse(Flow::Refund, refund_request(), 200, excess) else { panic!("a refund result") };
    assert_eq!(r.status, RefundStatus::Failure);
    assert_eq!(r.refund_amount, None);
    assert_eq!(r.error.unwrap().code, crate::protocol::UnifiedErrorCode::InvalidAmount);

    let not_found = r#"{"success":false,"code":"TRANSACTION_NOT_FOUND","message":"No Transaction found with the given details.","data":{}}"#;
    let FlowResult::Refund(r) = parse(Flow::Refund, refund_request(), 404, not_found) else { panic!("a refund result") };
    assert_eq!((r.status, r.connector_refund_id.as_deref()), (RefundStatus::Failure, Some("ROD620471739210623")));
}

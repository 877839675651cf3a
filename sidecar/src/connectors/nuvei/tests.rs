//! Nuvei: checksums in the SDKs' field orders (test/oracles/nuvei-sdk.test.ts runs the SDK itself), the request of
//! each flow, and the reading of each documented answer.

use super::CONNECTOR;
use crate::connectors::test_support::{body, build_with, parse_with, payment, refund, response};
use crate::kit::crypto::sha256_hex;
use crate::protocol::{ErrorKind, Flow, FlowResult, HttpMethod, Options, PaymentStatus, RefundStatus, UnifiedErrorCode as U};
use serde_json::{json, Value};

const MERCHANT_ID: &str = "479748173730597238";
const SITE_ID: &str = "180083";
const SECRET: &str = "nuvei_test_secret";

fn auth() -> Value {
    json!({"merchantId": MERCHANT_ID, "merchantSiteId": SITE_ID, "merchantSecretKey": SECRET})
}

fn at_noon() -> Options {
    serde_json::from_value(json!({"now": "2026-01-31T12:00:00Z"})).unwrap()
}

/// SHA-256 hex of the concatenated values then the secret: written out here from the SDKs'
/// lists, not through the connector's own helper.
fn expected(values: &[&str]) -> String {
    let mut s = String::new();
    for v in values {
        s.push_str(v);
    }
    s.push_str(SECRET);
    sha256_hex(s.as_bytes())
}

fn authorize_request() -> Value {
    json!({
        "merchantTransactionId": "order_1001",
        "amount": {"minorAmount": 1050, "currency": "USD"},
        "paymentMethod": {"type": "card", "card": {"number": "4000023104662535", "expMonth": "12", "expYear": "2030", "cvc": "217", "holderName": "John Smith"}},
        "captureMethod": "manual",
        "customer": {"id": "230811147", "email": "john.smith@example.com"},
        "billingAddress": {"firstName": "John", "lastName": "Smith", "line1": "22 Main Street", "city": "Boston", "postalCode": "02146", "country": "us"},
        "browserInfo": {"ipAddress": "192.168.2.38"},
        "idempotencyKey": "order_1001-authorize",
        "state": {"accessToken": "2da9e9a9-b6bb-4c9d-a9da-e27fd5a5bd9b"}
    })
}

#[test]
fn the_session_token_call_signs_its_four_fields() {
    let opts: Options = serde_json::from_value(json!({"now": "2026-01-31T12:00:00Z", "nonce": "req-1"})).unwrap();
    let http = build_with(CONNECTOR, Flow::CreateAccessToken, json!({}), auth(), &opts).unwrap();
    assert_eq!(http.url, "https://ppp-test.nuvei.com/ppp/api/v1/getSessionToken.do");
    let b = body(&http);
    assert_eq!(b["timeStamp"], "20260131120000");
    assert_eq!(b["clientRequestId"], "req-1");
    // npm nuvei getSessionToken: merchantId + merchantSiteId + clientRequestId + timeStamp + secretKey.
    assert_eq!(b["checksum"], expected(&[MERCHANT_ID, SITE_ID, "req-1", "20260131120000"]));
    assert!(!http.body.as_ref().unwrap().data.contains(SECRET), "the secret is never sent");
}

#[test]
fn the_session_answer_is_the_access_token_for_15_minutes() {
    let ok = json!({"sessionToken": "9610a8f6-44cf-4c4f-976a-005da69a2a3b", "internalRequestId": 222310158, "status": "SUCCESS", "errCode": 0, "reason": "", "merchantId": MERCHANT_ID, "merchantSiteId": SITE_ID, "version": "1.0", "clientRequestId": "20210802104826"});
    let FlowResult::AccessToken(t) = parse_with(CONNECTOR, Flow::CreateAccessToken, json!({}), &response(200, ok.to_string()), &at_noon()).unwrap() else { panic!() };
    assert_eq!(t.state.unwrap()["accessToken"], "9610a8f6-44cf-4c4f-976a-005da69a2a3b");
    assert_eq!(t.expires_in_seconds, Some(900));
    let bad = json!({"sessionToken": "", "internalRequestId": 222310159, "status": "ERROR", "errCode": 1001, "reason": "Invalid checksum", "merchantId": MERCHANT_ID, "merchantSiteId": SITE_ID, "version": "1.0"});
    let FlowResult::AccessToken(t) = parse_with(CONNECTOR, Flow::CreateAccessToken, json!({}), &response(200, bad.to_string()), &at_noon()).unwrap() else { panic!() };
    let e = t.error.unwrap();
    assert_eq!(e.code, U::InvalidCredentials);
    assert_eq!(e.connector_code.as_deref(), Some("1001"));
}

#[test]
fn authorize_sends_an_auth_payment_with_its_checksum() {
    let http = build_with(CONNECTOR, Flow::Authorize, authorize_request(), auth(), &at_noon()).unwrap();
    assert_eq!(http.method, HttpMethod::POST);
    assert_eq!(http.url, "https://ppp-test.nuvei.com/ppp/api/v1/payment.do");
    assert!(http.body.as_ref().unwrap().sensitive, "card data");
    assert!(http.headers.iter().all(|h| h.name != "Authorization"));
    let b = body(&http);
    assert_eq!(b["sessionToken"], "2da9e9a9-b6bb-4c9d-a9da-e27fd5a5bd9b");
    assert_eq!(b["transactionType"], "Auth");
    assert_eq!(b["amount"], "10.50");
    assert_eq!(b["currency"], "USD");
    assert_eq!(b["clientUniqueId"], "order_1001");
    assert_eq!(b["clientRequestId"], "order_1001-authorize");
    assert_eq!(b["userTokenId"], "230811147");
    assert_eq!(
        b["paymentOption"]["card"],
        json!({"cardNumber": "4000023104662535", "cardHolderName": "John Smith", "expirationMonth": "12", "expirationYear": "2030", "CVV": "217"})
    );
    assert_eq!(b["billingAddress"]["country"], "US");
    assert_eq!(b["billingAddress"]["email"], "john.smith@example.com");
    assert_eq!(b["deviceDetails"]["ipAddress"], "192.168.2.38");
    // Both SDKs: merchantId, merchantSiteId, clientRequestId, amount, currency, timeStamp, secret.
    assert_eq!(b["checksum"], expected(&[MERCHANT_ID, SITE_ID, "order_1001-authorize", "10.50", "USD", "20260131120000"]));
}

#[test]
fn automatic_capture_is_a_sale_and_amounts_use_iso_decimals() {
    let mut r = authorize_request();
    r["captureMethod"] = json!("automatic");
    r["amount"] = json!({"minorAmount": 1050, "currency": "JPY"});
    let b = body(&build_with(CONNECTOR, Flow::Authorize, r.clone(), auth(), &at_noon()).unwrap());
    assert_eq!(b["transactionType"], "Sale");
    assert_eq!(b["amount"], "1050");
    r["amount"] = json!({"minorAmount": 1005, "currency": "KWD"});
    assert_eq!(body(&build_with(CONNECTOR, Flow::Authorize, r.clone(), auth(), &at_noon()).unwrap())["amount"], "1.005");
    r["amount"] = json!({"minorAmount": 0, "currency": "USD"});
    let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidFieldValue);
}

#[test]
fn authorize_needs_the_session_token_and_never_quotes_secrets() {
    let mut r = authorize_request();
    r["state"] = json!({});
    let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingRequiredField);
    assert_eq!(e.field.as_deref(), Some("request.state.accessToken"));
    let e = build_with(CONNECTOR, Flow::Authorize, authorize_request(), json!({"merchantId": "12ab", "merchantSiteId": SITE_ID, "merchantSecretKey": SECRET}), &at_noon()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("auth.merchantId"));
    assert!(!e.message.contains("12ab") && !e.message.contains(SECRET));
    let e = build_with(CONNECTOR, Flow::Authorize, authorize_request(), json!({"merchantId": MERCHANT_ID, "merchantSiteId": SITE_ID}), &at_noon()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MissingRequiredField);
}

#[test]
fn a_web_sdk_token_goes_as_cc_temp_token() {
    let mut r = authorize_request();
    r["paymentMethod"] = json!({"type": "token", "token": {"value": "e3b7d3e1-1f0c-4d43-9c2b-0f5a5a3f0c11"}});
    let b = body(&build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap());
    assert_eq!(b["paymentOption"]["card"], json!({"cardHolderName": "John Smith", "ccTempToken": "e3b7d3e1-1f0c-4d43-9c2b-0f5a5a3f0c11"}));
}

fn payment_answer(status: &str, kind: &str, extra: Value) -> String {
    let mut v = json!({
        "orderId": "271308078", "userTokenId": "230811147",
        "paymentOption": {"userPaymentOptionId": "", "card": {"ccCardNumber": "4****2535", "bin": "400002", "last4Digits": "2535", "ccExpMonth": "12", "ccExpYear": "30", "acquirerId": "19", "cvv2Reply": "", "avsCode": "", "cardType": "Debit", "cardBrand": "VISA", "threeD": {}}},
        "transactionStatus": status, "gwErrorCode": 0, "gwExtendedErrorCode": 0, "transactionType": kind,
        "transactionId": "711000000009793496", "externalTransactionId": "", "authCode": "111144", "customData": "",
        "externalSchemeTransactionId": "", "sessionToken": "2da9e9a9-b6bb-4c9d-a9da-e27fd5a5bd9b", "clientUniqueId": "order_1001",
        "internalRequestId": 222320318, "status": "SUCCESS", "errCode": 0, "reason": "", "merchantId": MERCHANT_ID,
        "merchantSiteId": SITE_ID, "version": "1.0", "clientRequestId": "order_1001-authorize"
    });
    for (k, val) in extra.as_object().unwrap() {
        v[k] = val.clone();
    }
    v.to_string()
}

#[test]
fn payment_answers_read_as_documented() {
    let read = |b: String| payment(parse_with(CONNECTOR, Flow::Authorize, authorize_request(), &response(200, b), &at_noon()).unwrap());
    let r = read(payment_answer("APPROVED", "Auth", json!({})));
    assert_eq!(r.status, PaymentStatus::Authorized);
    assert_eq!(r.connector_transaction_id.as_deref(), Some("711000000009793496"));
    assert_eq!(read(payment_answer("APPROVED", "Sale", json!({}))).status, PaymentStatus::Charged);

    let r = read(payment_answer("DECLINED", "Auth", json!({"gwErrorCode": -1, "gwErrorReason": "Insufficient Funds"})));
    assert_eq!(r.status, PaymentStatus::Failure);
    let e = r.error.unwrap();
    assert_eq!(e.code, U::InsufficientFunds);
    assert_eq!(e.connector_code.as_deref(), Some("-1"));

    let r = read(payment_answer("ERROR", "Auth", json!({"gwErrorCode": -1100, "gwErrorReason": "Invalid Amount", "gwExtendedErrorCode": 1201})));
    assert_eq!(r.status, PaymentStatus::Failure);
    assert_eq!(r.error.unwrap().connector_code.as_deref(), Some("-1100/1201"));

    // An API refusal: the session was used by another order already (the client fetches a new one).
    let r = read(json!({"sessionToken": "2da9e9a9-b6bb-4c9d-a9da-e27fd5a5bd9b", "internalRequestId": 1, "status": "ERROR", "errCode": 1064, "reason": "Invalid session token. There can be only one order per session token.", "merchantId": MERCHANT_ID, "merchantSiteId": SITE_ID, "version": "1.0"}).to_string());
    assert_eq!(r.status, PaymentStatus::Failure);
    assert_eq!(r.error.unwrap().code, U::InvalidCredentials);

    // A 200 that is not Nuvei's JSON is not read as anything.
    let e = parse_with(CONNECTOR, Flow::Authorize, authorize_request(), &response(200, "<html>maintenance</html>"), &at_noon()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed);
}

#[test]
fn a_5xx_is_unresolved() {
    let r = payment(parse_with(CONNECTOR, Flow::Authorize, authorize_request(), &response(502, "<html>Bad Gateway</html>"), &at_noon()).unwrap());
    assert_eq!(r.status, PaymentStatus::Unresolved);
    assert_eq!(r.error.unwrap().code, U::ProcessorUnavailable);
}

#[test]
fn settle_void_and_refund_sign_their_documented_fields() {
    let opts = at_noon();
    let capture = json!({"connectorTransactionId": "711000000009793496", "amountToCapture": {"minorAmount": 600, "currency": "USD"}, "paymentAmount": {"minorAmount": 1050, "currency": "USD"}, "merchantCaptureId": "order_1001-capture", "idempotencyKey": "k-capture"});
    let http = build_with(CONNECTOR, Flow::Capture, capture.clone(), auth(), &opts).unwrap();
    assert_eq!(http.url, "https://ppp-test.nuvei.com/ppp/api/v1/settleTransaction.do");
    let b = body(&http);
    assert_eq!(b["relatedTransactionId"], "711000000009793496");
    assert_eq!(b["amount"], "6.00");
    // merchantId, merchantSiteId, clientRequestId, clientUniqueId, amount, currency,
    // relatedTransactionId, authCode, descriptorMerchantName, descriptorMerchantPhone, comment,
    // urlDetails, timeStamp (absent ones empty).
    assert_eq!(b["checksum"], expected(&[MERCHANT_ID, SITE_ID, "k-capture", "order_1001-capture", "6.00", "USD", "711000000009793496", "20260131120000"]));

    let void = json!({"connectorTransactionId": "711000000009793496", "amount": {"minorAmount": 1050, "currency": "USD"}, "reason": "duplicate", "idempotencyKey": "k-void"});
    let b = body(&build_with(CONNECTOR, Flow::Void, void, auth(), &opts).unwrap());
    assert_eq!(b["comment"], "duplicate");
    assert_eq!(b["checksum"], expected(&[MERCHANT_ID, SITE_ID, "k-void", "10.50", "USD", "711000000009793496", "duplicate", "20260131120000"]));
    let e = build_with(CONNECTOR, Flow::Void, json!({"connectorTransactionId": "711000000009793496"}), auth(), &opts).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.amount"));

    let refund_req = json!({"connectorTransactionId": "711000000009793497", "merchantRefundId": "rf_1", "refundAmount": {"minorAmount": 150, "currency": "USD"}, "webhookUrl": "https://shop.example/dmn"});
    let http = build_with(CONNECTOR, Flow::Refund, refund_req, auth(), &opts).unwrap();
    assert_eq!(http.url, "https://ppp-test.nuvei.com/ppp/api/v1/refundTransaction.do");
    let b = body(&http);
    assert_eq!(b["clientRequestId"], "rf_1", "without an idempotencyKey the merchantRefundId is the request id");
    assert_eq!(b["urlDetails"]["notificationUrl"], "https://shop.example/dmn");
    assert_eq!(b["checksum"], expected(&[MERCHANT_ID, SITE_ID, "rf_1", "rf_1", "1.50", "USD", "711000000009793497", "https://shop.example/dmn", "20260131120000"]));
}

#[test]
fn capture_without_an_amount_is_refused_and_ids_are_checked() {
    let e = build_with(CONNECTOR, Flow::Capture, json!({"connectorTransactionId": "711000000009793496"}), auth(), &at_noon()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.paymentAmount"));
    let e = build_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "../x"}), auth(), &at_noon()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidFieldValue);
}

fn operation_answer(status: &str, kind: &str, id: &str) -> String {
    json!({"transactionStatus": status, "gwErrorCode": if status == "APPROVED" {0} else {-1}, "gwErrorReason": if status == "APPROVED" {""} else {"Decline"}, "gwExtendedErrorCode": 0, "transactionType": kind, "transactionId": id, "authCode": "111144", "clientUniqueId": "x", "internalRequestId": 222320319, "status": "SUCCESS", "errCode": 0, "reason": "", "merchantId": MERCHANT_ID, "merchantSiteId": SITE_ID, "version": "1.0", "clientRequestId": "k"}).to_string()
}

#[test]
fn operations_read_as_documented() {
    let capture = json!({"connectorTransactionId": "711000000009793496", "amountToCapture": {"minorAmount": 600, "currency": "USD"}, "paymentAmount": {"minorAmount": 1050, "currency": "USD"}});
    let r = payment(parse_with(CONNECTOR, Flow::Capture, capture.clone(), &response(200, operation_answer("APPROVED", "Settle", "711000000009793497")), &at_noon()).unwrap());
    assert_eq!(r.status, PaymentStatus::PartialCharged);
    assert_eq!(r.connector_transaction_id.as_deref(), Some("711000000009793497"), "refunds name the Settle transaction");
    assert_eq!(r.amount_captured.unwrap().minor_amount, 600);
    let r = payment(parse_with(CONNECTOR, Flow::Capture, capture, &response(200, operation_answer("DECLINED", "Settle", "711000000009793498")), &at_noon()).unwrap());
    assert_eq!(r.status, PaymentStatus::CaptureFailed);

    let void = json!({"connectorTransactionId": "711000000009793496", "amount": {"minorAmount": 1050, "currency": "USD"}});
    let r = payment(parse_with(CONNECTOR, Flow::Void, void.clone(), &response(200, operation_answer("APPROVED", "Void", "711000000009793499")), &at_noon()).unwrap());
    assert_eq!(r.status, PaymentStatus::Voided);
    let r = payment(parse_with(CONNECTOR, Flow::Void, void, &response(200, operation_answer("ERROR", "Void", "711000000009793500")), &at_noon()).unwrap());
    assert_eq!(r.status, PaymentStatus::VoidFailed);

    let rf = json!({"connectorTransactionId": "711000000009793497", "merchantRefundId": "rf_1", "refundAmount": {"minorAmount": 150, "currency": "USD"}});
    let r = refund(parse_with(CONNECTOR, Flow::Refund, rf.clone(), &response(200, operation_answer("APPROVED", "Credit", "711000000009793501")), &at_noon()).unwrap());
    assert_eq!(r.status, RefundStatus::Success);
    assert_eq!(r.connector_refund_id.as_deref(), Some("711000000009793501"));
    assert_eq!(r.refund_amount.unwrap().minor_amount, 150);
    let r = refund(parse_with(CONNECTOR, Flow::Refund, rf, &response(200, operation_answer("DECLINED", "Credit", "711000000009793502")), &at_noon()).unwrap());
    assert_eq!(r.status, RefundStatus::Failure);
}

#[test]
fn transaction_details_sign_the_id_and_read_the_status() {
    let http = build_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "711000000009793496"}), auth(), &at_noon()).unwrap();
    assert_eq!(http.url, "https://ppp-test.nuvei.com/ppp/api/v1/getTransactionDetails.do");
    // merchantId, merchantSiteId, transactionId, [clientUniqueId], timeStamp.
    assert_eq!(body(&http)["checksum"], expected(&[MERCHANT_ID, SITE_ID, "711000000009793496", "20260131120000"]));
    let details = |status: &str, kind: &str| {
        json!({"transactionDetails": {"transactionStatus": status, "transactionType": kind, "transactionId": "711000000009793496", "authCode": "111144", "processedAmount": "10.50", "processedCurrency": "USD", "gwErrorCode": 0, "gwExtendedErrorCode": 0}, "internalRequestId": 5, "status": "SUCCESS", "errCode": 0, "reason": "", "merchantId": MERCHANT_ID, "merchantSiteId": SITE_ID, "version": "1.0"}).to_string()
    };
    let sync = |b: String| payment(parse_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "711000000009793496"}), &response(200, b), &at_noon()).unwrap());
    let r = sync(details("APPROVED", "Auth"));
    assert_eq!(r.status, PaymentStatus::Authorized);
    assert_eq!(r.authorized_amount.unwrap().minor_amount, 1050);
    assert_eq!(sync(details("APPROVED", "Sale")).status, PaymentStatus::Charged);
    assert_eq!(sync(details("DECLINED", "Auth")).status, PaymentStatus::Failure);
    let refused = json!({"internalRequestId": 6, "status": "ERROR", "errCode": 1069, "reason": "Session expired", "merchantId": MERCHANT_ID, "merchantSiteId": SITE_ID, "version": "1.0"}).to_string();
    assert_eq!(sync(refused).status, PaymentStatus::Unresolved, "a refused lookup says nothing of the payment");
}

/// The `$checksumParametersOrder` of `function <name>(` in the PHP SDK's PaymentService, without
/// the trailing merchantSecretKey.
fn php_checksum_order(php: &str, function: &str) -> Vec<String> {
    let start = php.find(&format!("function {function}(")).unwrap_or_else(|| panic!("{function} is not in the PHP SDK"));
    let rest = &php[start..];
    let list = &rest[rest.find("$checksumParametersOrder = [").expect("a checksum order") + "$checksumParametersOrder = [".len()..];
    let list = &list[..list.find(']').unwrap()];
    let fields: Vec<String> = list.split(',').map(|f| f.trim().trim_matches('\'').to_string()).filter(|f| !f.is_empty()).collect();
    assert_eq!(fields.last().map(String::as_str), Some("merchantSecretKey"), "{function}: the key comes last");
    fields[..fields.len() - 1].to_vec()
}

/// Each call's checksum list is the official PHP SDK's (oracles/nuvei/PaymentService.php).
#[test]
fn checksum_orders_are_the_php_sdks() {
    use super::requests::{PAYMENT_FIELDS, REFUND_FIELDS, SETTLE_FIELDS, VOID_FIELDS};
    let php = std::fs::read_to_string(crate::oracles::path("nuvei/PaymentService.php")).unwrap();
    for (function, ours) in [
        ("createPayment", PAYMENT_FIELDS),
        ("initPayment", super::requests::INIT_PAYMENT_FIELDS),
        ("settleTransaction", SETTLE_FIELDS),
        ("refundTransaction", REFUND_FIELDS),
        ("voidTransaction", VOID_FIELDS),
    ] {
        assert_eq!(php_checksum_order(&php, function), ours.to_vec(), "{function}");
    }
}

// ---- DMNs (webhooks) ------------------------------------------------------------------------

mod dmn {
    use super::super::CONNECTOR;
    use crate::connectors::test_support::read_webhook;
    use crate::kit::crypto::sha256_hex;
    use crate::protocol::{IncomingWebhook, Options, PaymentStatus, RefundStatus, Secret, UnifiedErrorCode as U, WebhookEventKind, WebhookResult};

    /// Nuvei's own test of its DMN checksum (Nuvei/nuvei-plugin-sap-commerce,
    /// NuveiValidateChecksumAspectTest): these six values under this key give this
    /// advanceResponseChecksum. The expected value is Nuvei's, not computed here.
    const NUVEI_KEY: &str = "THE_SECRET_KEY";
    const NUVEI_CHECKSUM: &str = "aaa9ad16c8ed9f172dff505e4eeb8929b9c77cfed3e38127d55d42e33a70c762";

    fn form(pairs: &[(&str, &str)]) -> String {
        form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
    }

    fn read(body: &str, secret: &str, url: Option<&str>) -> WebhookResult {
        let hook = IncomingWebhook { headers: vec![], body: body.into(), secret: Secret::new(secret), url: url.map(str::to_string) };
        read_webhook(CONNECTOR, &hook, None, &Options::default()).unwrap()
    }

    /// The documented formula written out: SHA-256 of the key, then totalAmount, currency,
    /// responseTimeStamp, PPP_TransactionID, Status, productId.
    fn advance(key: &str, amount: &str, currency: &str, ts: &str, ppp: &str, status: &str, product: &str) -> String {
        sha256_hex(format!("{key}{amount}{currency}{ts}{ppp}{status}{product}").as_bytes())
    }

    fn sample(extra: &[(&str, &str)], checksum: &str) -> String {
        let mut pairs = vec![
            ("ppp_status", "OK"),
            ("Status", "APPROVED"),
            ("ExErrCode", "0"),
            ("ErrCode", "0"),
            ("PPP_TransactionID", "3453459"),
            ("TransactionID", "711000000012345678"),
            ("clientUniqueId", "order_1001"),
            ("merchant_id", "MERCHANT_ID"),
            ("merchant_site_id", "SITE_ID"),
            ("responseTimeStamp", "2020-03-14.16:22:34"),
            ("productId", "NA"),
            ("totalAmount", "115"),
            ("currency", "USD"),
            ("transactionType", "Sale"),
            ("userPaymentOptionId", "2154981"),
            ("nameOnCard", "John Smith"),
        ];
        pairs.extend_from_slice(extra);
        pairs.push(("advanceResponseChecksum", checksum));
        form(&pairs)
    }

    #[test]
    fn nuveis_own_checksum_sample_verifies_and_reads_as_a_charged_payment() {
        assert_eq!(advance(NUVEI_KEY, "115", "USD", "2020-03-14.16:22:34", "3453459", "APPROVED", "NA"), NUVEI_CHECKSUM, "the formula as documented");
        let r = read(&sample(&[], NUVEI_CHECKSUM), NUVEI_KEY, None);
        assert!(r.verified, "{:?}", r.reason);
        assert_eq!(r.acknowledgement.status, 200);
        let e = &r.events[0];
        assert_eq!(e.kind, WebhookEventKind::Payment);
        assert_eq!(e.event_type, "Sale");
        assert_eq!(e.payment_status, Some(PaymentStatus::Charged));
        assert_eq!(e.connector_transaction_id.as_deref(), Some("711000000012345678"));
        assert_eq!(e.merchant_transaction_id.as_deref(), Some("order_1001"));
        let amount = e.amount.as_ref().unwrap();
        assert_eq!((amount.minor_amount, amount.currency.as_str()), (11500, "USD"));
        assert_eq!(e.mandate_reference.as_deref(), Some("2154981"));
        // Upper-case hex is the same checksum.
        assert!(read(&sample(&[], &NUVEI_CHECKSUM.to_uppercase()), NUVEI_KEY, None).verified);
    }

    #[test]
    fn a_changed_dmn_or_another_key_is_refused_without_quoting_the_key() {
        let changed = sample(&[], NUVEI_CHECKSUM).replace("totalAmount=115", "totalAmount=1");
        assert_ne!(changed, sample(&[], NUVEI_CHECKSUM));
        for (body, key) in [(changed.as_str(), NUVEI_KEY), (&sample(&[], NUVEI_CHECKSUM), "ANOTHER_KEY")] {
            let r = read(body, key, None);
            assert!(!r.verified);
            assert!(r.events.is_empty());
            assert_ne!(r.acknowledgement.status, 200, "Nuvei sends again what is not answered 200");
            assert!(!r.reason.unwrap().contains(key));
        }
        let r = read(&form(&[("Status", "APPROVED"), ("totalAmount", "115"), ("currency", "USD")]), NUVEI_KEY, None);
        assert!(!r.verified);
        assert!(r.reason.unwrap().contains("advanceResponseChecksum"));
    }

    #[test]
    fn a_get_dmn_is_read_from_the_url() {
        let query = sample(&[], NUVEI_CHECKSUM);
        let r = read("", NUVEI_KEY, Some(&format!("https://shop.example/nuvei/dmn?{query}")));
        assert!(r.verified, "{:?}", r.reason);
        assert_eq!(r.events[0].payment_status, Some(PaymentStatus::Charged));
    }

    #[test]
    fn not_a_dmn_is_an_error_naming_the_body() {
        let hook = IncomingWebhook { headers: vec![], body: "{\"Status\":\"APPROVED\"}".into(), secret: Secret::new(NUVEI_KEY), url: None };
        let e = read_webhook(CONNECTOR, &hook, None, &Options::default()).unwrap_err();
        assert!(e.message.contains("x-www-form-urlencoded"), "{}", e.message);
        let hook = IncomingWebhook { headers: vec![], body: "Status=%ZZ".into(), secret: Secret::new(NUVEI_KEY), url: None };
        assert!(read_webhook(CONNECTOR, &hook, None, &Options::default()).is_err());
        let hook = IncomingWebhook { headers: vec![], body: sample(&[], NUVEI_CHECKSUM), secret: Secret::new(" "), url: None };
        assert!(read_webhook(CONNECTOR, &hook, None, &Options::default()).unwrap_err().message.contains("secret"));
    }

    fn signed(kind: &str, status: &str, extra: &[(&str, &str)]) -> WebhookResult {
        let key = "nuvei_test_secret";
        let ts = "2026-01-31.12:00:05";
        let sum = advance(key, "10.50", "EUR", ts, "98765", status, "");
        let mut pairs = vec![
            ("Status", status),
            ("PPP_TransactionID", "98765"),
            ("TransactionID", "711000000099999999"),
            ("responseTimeStamp", ts),
            ("productId", ""),
            ("totalAmount", "10.50"),
            ("currency", "EUR"),
            ("transactionType", kind),
            ("clientUniqueId", "ref_77"),
        ];
        pairs.extend_from_slice(extra);
        pairs.push(("advanceResponseChecksum", &sum));
        read(&form(&pairs), key, None)
    }

    #[test]
    fn each_transaction_type_becomes_its_event() {
        let status = |kind: &str, status: &str| signed(kind, status, &[]).events[0].payment_status;
        assert_eq!(status("Auth", "APPROVED"), Some(PaymentStatus::Authorized));
        assert_eq!(status("Settle", "APPROVED"), Some(PaymentStatus::Charged));
        assert_eq!(status("Void", "APPROVED"), Some(PaymentStatus::Voided));
        assert_eq!(status("Sale", "PENDING"), Some(PaymentStatus::Pending));
        assert_eq!(status("Settle", "ERROR"), Some(PaymentStatus::CaptureFailed));
        assert_eq!(status("Void", "DECLINED"), Some(PaymentStatus::VoidFailed));

        let declined = signed("Sale", "DECLINED", &[("ErrCode", "-1"), ("Reason", "Insufficient Funds")]);
        let e = &declined.events[0];
        assert_eq!(e.payment_status, Some(PaymentStatus::Failure));
        assert_eq!(e.mandate_reference, None);
        let error = e.error.as_ref().unwrap();
        assert_eq!(error.code, U::InsufficientFunds);
        assert_eq!(error.connector_code.as_deref(), Some("-1"));

        let refund = signed("Credit", "APPROVED", &[("relatedTransactionId", "711000000011111111")]);
        let e = &refund.events[0];
        assert_eq!(e.kind, WebhookEventKind::Refund);
        assert_eq!(e.refund_status, Some(RefundStatus::Success));
        assert_eq!(e.connector_refund_id.as_deref(), Some("711000000099999999"));
        assert_eq!(e.connector_transaction_id.as_deref(), Some("711000000011111111"));
        assert_eq!(e.merchant_refund_id.as_deref(), Some("ref_77"));
        assert_eq!(e.amount.as_ref().map(|m| m.minor_amount), Some(1050));
        assert_eq!(signed("Credit", "DECLINED", &[]).events[0].refund_status, Some(RefundStatus::Failure));

        let chargeback = signed("Chargeback", "APPROVED", &[("relatedTransactionId", "711000000011111111")]);
        assert_eq!(chargeback.events[0].kind, WebhookEventKind::Dispute);
        assert_eq!(chargeback.events[0].connector_transaction_id.as_deref(), Some("711000000011111111"));
        assert_eq!(signed("Payout", "APPROVED", &[]).events[0].kind, WebhookEventKind::Other);
    }

    #[test]
    fn a_subscription_dmn_is_checked_by_responsechecksum() {
        let key = "nuvei_test_secret";
        let pairs = [("dmnType", "subscription"), ("subscriptionId", "123456"), ("subscriptionState", "ACTIVE"), ("planId", "77")];
        // The documented rule written out: every value in the order sent, then the key.
        let sum = sha256_hex(format!("subscription123456ACTIVE77{key}").as_bytes());
        let mut with = pairs.to_vec();
        with.push(("responsechecksum", &sum));
        let r = read(&form(&with), key, None);
        assert!(r.verified, "{:?}", r.reason);
        assert_eq!(r.events[0].kind, WebhookEventKind::Other);
        assert_eq!(r.events[0].event_type, "subscription");
        assert!(!read(&form(&with).replace("ACTIVE", "CANCELED"), key, None).verified);
    }
}

// ---- saved cards (user payment options) ------------------------------------------------------

fn setup_request() -> Value {
    json!({
        "merchantTransactionId": "save_1001",
        "amount": {"minorAmount": 0, "currency": "USD"},
        "paymentMethod": {"type": "card", "card": {"number": "4000023104662535", "expMonth": "12", "expYear": "2030", "cvc": "217", "holderName": "John Smith"}},
        "customer": {"id": "230811147", "email": "john.smith@example.com"},
        "billingAddress": {"firstName": "John", "lastName": "Smith", "country": "US"},
        "idempotencyKey": "save_1001-setup",
        "state": {"accessToken": "2da9e9a9-b6bb-4c9d-a9da-e27fd5a5bd9b"}
    })
}

#[test]
fn setup_mandate_is_a_zero_auth_that_saves_the_card_under_the_user() {
    let http = build_with(CONNECTOR, Flow::SetupMandate, setup_request(), auth(), &at_noon()).unwrap();
    assert_eq!(http.url, "https://ppp-test.nuvei.com/ppp/api/v1/payment.do");
    assert!(http.body.as_ref().unwrap().sensitive, "card data");
    let b = body(&http);
    assert_eq!(b["transactionType"], "Auth");
    assert_eq!(b["amount"], "0.00");
    assert_eq!(b["userTokenId"], "230811147");
    assert_eq!(b["isRebilling"], "0");
    assert_eq!(b["paymentOption"]["card"]["cardNumber"], "4000023104662535");
    assert_eq!(b["checksum"], expected(&[MERCHANT_ID, SITE_ID, "save_1001-setup", "0.00", "USD", "20260131120000"]));
    let mut no_user = setup_request();
    no_user["customer"] = json!({"email": "john.smith@example.com"});
    let e = build_with(CONNECTOR, Flow::SetupMandate, no_user, auth(), &at_noon()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.customer.id"));
}

#[test]
fn the_saved_cards_id_is_the_mandate_and_an_approval_without_one_saved_nothing() {
    let answer = |upo: Value| {
        json!({"orderId": "271308078", "userTokenId": "230811147", "paymentOption": {"userPaymentOptionId": upo, "card": {"ccCardNumber": "4****2535", "last4Digits": "2535"}},
               "transactionStatus": "APPROVED", "authCode": "111361", "transactionId": "711000000012345678", "transactionType": "Auth", "gwErrorCode": 0, "gwExtendedErrorCode": 0,
               "sessionToken": "2da9e9a9-b6bb-4c9d-a9da-e27fd5a5bd9b", "clientUniqueId": "save_1001", "internalRequestId": 222320318, "status": "SUCCESS", "errCode": 0, "reason": "", "merchantId": MERCHANT_ID, "merchantSiteId": SITE_ID, "version": "1.0", "clientRequestId": "save_1001-setup"})
    };
    let r = payment(parse_with(CONNECTOR, Flow::SetupMandate, setup_request(), &response(200, answer(json!("2154981")).to_string()), &at_noon()).unwrap());
    assert_eq!(r.status, PaymentStatus::Authorized);
    assert_eq!(r.mandate_reference.as_deref(), Some("2154981"));
    let r = payment(parse_with(CONNECTOR, Flow::SetupMandate, setup_request(), &response(200, answer(json!(2154981)).to_string()), &at_noon()).unwrap());
    assert_eq!(r.mandate_reference.as_deref(), Some("2154981"), "a number as well as a string");
    let r = payment(parse_with(CONNECTOR, Flow::SetupMandate, setup_request(), &response(200, answer(json!("")).to_string()), &at_noon()).unwrap());
    assert_eq!(r.status, PaymentStatus::Failure);
    assert!(r.error.unwrap().message.contains("userPaymentOptionId"));
}

fn repeat_request() -> Value {
    json!({
        "merchantTransactionId": "renew_2002",
        "amount": {"minorAmount": 1999, "currency": "EUR"},
        "mandateReference": "2154981",
        "customer": {"id": "230811147"},
        "recurringType": "scheduled",
        "idempotencyKey": "renew_2002-repeat",
        "state": {"accessToken": "2da9e9a9-b6bb-4c9d-a9da-e27fd5a5bd9b"}
    })
}

#[test]
fn repeat_payment_charges_the_saved_card_as_a_rebilling() {
    let http = build_with(CONNECTOR, Flow::RepeatPayment, repeat_request(), auth(), &at_noon()).unwrap();
    assert_eq!(http.url, "https://ppp-test.nuvei.com/ppp/api/v1/payment.do");
    let b = body(&http);
    assert_eq!(b["paymentOption"], json!({"userPaymentOptionId": "2154981"}));
    assert_eq!(b["userTokenId"], "230811147");
    assert_eq!(b["isRebilling"], "1");
    assert_eq!(b["transactionType"], "Sale");
    assert_eq!(b["amount"], "19.99");
    assert_eq!(b["checksum"], expected(&[MERCHANT_ID, SITE_ID, "renew_2002-repeat", "19.99", "EUR", "20260131120000"]));
    for (field, value, named) in [("mandateReference", json!("upo_abc"), "request.mandateReference"), ("customer", json!({"email": "a@example.com"}), "request.customer.id")] {
        let mut r = repeat_request();
        r[field] = value;
        assert_eq!(build_with(CONNECTOR, Flow::RepeatPayment, r, auth(), &at_noon()).unwrap_err().field.as_deref(), Some(named));
    }
}

fn revoke_request() -> Value {
    json!({"mandateReference": "2154981", "customer": {"id": "230811147"}, "idempotencyKey": "revoke-1"})
}

#[test]
fn revoke_mandate_deletes_the_upo_with_the_sdks_checksum() {
    let http = build_with(CONNECTOR, Flow::RevokeMandate, revoke_request(), auth(), &at_noon()).unwrap();
    assert_eq!(http.url, "https://ppp-test.nuvei.com/ppp/api/v1/deleteUPO.do");
    let b = body(&http);
    assert_eq!(b["userTokenId"], "230811147");
    assert_eq!(b["userPaymentOptionId"], "2154981");
    // npm nuvei deleteUPO: merchantId, merchantSiteId, userTokenId, clientRequestId, userPaymentOptionId, timeStamp, secretKey.
    assert_eq!(b["checksum"], expected(&[MERCHANT_ID, SITE_ID, "230811147", "revoke-1", "2154981", "20260131120000"]));
    let ok = json!({"status": "SUCCESS", "errCode": 0, "reason": "", "merchantId": MERCHANT_ID, "merchantSiteId": SITE_ID, "version": "1.0", "clientRequestId": "revoke-1", "internalRequestId": 222320319});
    let FlowResult::Mandate(m) = parse_with(CONNECTOR, Flow::RevokeMandate, revoke_request(), &response(200, ok.to_string()), &at_noon()).unwrap() else { panic!() };
    assert_eq!(m.status, crate::protocol::MandateStatus::Revoked);
    assert_eq!(m.mandate_reference.as_deref(), Some("2154981"));
    let bad = json!({"status": "ERROR", "errCode": 1011, "reason": "Missing or invalid UserPaymentOption data", "merchantId": MERCHANT_ID, "merchantSiteId": SITE_ID, "version": "1.0"});
    let FlowResult::Mandate(m) = parse_with(CONNECTOR, Flow::RevokeMandate, revoke_request(), &response(200, bad.to_string()), &at_noon()).unwrap() else { panic!() };
    assert_eq!(m.status, crate::protocol::MandateStatus::Failure);
    assert_eq!(m.error.unwrap().connector_code.as_deref(), Some("1011"));
}

/// Wallets, APMs and external 3-D Secure: the /payment fields of Nuvei's Apple Pay, Google Pay,
/// APM and "3DS External MPI" guides (names written out here, not read from the connector).
mod methods {
    use super::*;

    fn apm_request(pm: Value, currency: &str, country: &str) -> Value {
        let mut r = authorize_request();
        r["paymentMethod"] = pm;
        r["captureMethod"] = json!("automatic");
        r["amount"] = json!({"minorAmount": 20000, "currency": currency});
        r["billingAddress"]["country"] = json!(country);
        r["customer"]["phone"] = json!("461112223333");
        r["returnUrl"] = json!("https://shop.example.com/return");
        r
    }

    fn built(r: Value) -> Value {
        body(&build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap())
    }

    #[test]
    fn each_declared_apm_is_sent_under_the_name_nuveis_guides_give_it() {
        // Nuvei's guides: iDEAL apmgw_iDeal (EUR), Sofort apmgw_Sofort, Przelewy24 apmgw_P24 (PLN),
        // Klarna apmgw_klarna, OXXO apmgw_Oxxo (MXN, MX), PayPal apmgw_expresscheckout.
        let cases = [
            (json!({"type": "bankRedirect", "bankRedirect": {"method": "ideal"}}), "EUR", "NL", "apmgw_iDeal"),
            (json!({"type": "bankRedirect", "bankRedirect": {"method": "sofort"}}), "EUR", "DE", "apmgw_Sofort"),
            (json!({"type": "bankRedirect", "bankRedirect": {"method": "przelewy24"}}), "PLN", "PL", "apmgw_P24"),
            (json!({"type": "bnpl", "bnpl": {"method": "klarna"}}), "SEK", "SE", "apmgw_klarna"),
            (json!({"type": "voucher", "voucher": {"method": "oxxo"}}), "MXN", "MX", "apmgw_Oxxo"),
            (json!({"type": "paypal", "paypal": {}}), "USD", "US", "apmgw_expresscheckout"),
        ];
        for (pm, currency, country, name) in &cases {
            let b = built(apm_request(pm.clone(), currency, country));
            assert_eq!(b["paymentOption"]["alternativePaymentMethod"]["paymentMethod"], *name);
            assert_eq!(b["transactionType"], "Sale");
            assert_eq!(b["userTokenId"], "230811147");
            assert_eq!(b["userDetails"]["email"], "john.smith@example.com");
            assert_eq!(b["urlDetails"]["successUrl"], "https://shop.example.com/return");
            assert!(b["paymentOption"].get("card").is_none());
        }
        // Every method with a name in Nuvei's guides has its case here (SEPA, ACH, AlipayHK and
        // GCash below); the others are sent under the merchant's processorMethod.
        for m in ["ideal", "sofort", "przelewy24", "klarna", "oxxo"] {
            assert!(cases.iter().any(|(pm, ..)| pm.to_string().contains(&format!("\"{m}\""))), "{m} has no case");
        }
    }

    #[test]
    fn apms_refuse_what_their_providers_do_not_take() {
        let ideal = json!({"type": "bankRedirect", "bankRedirect": {"method": "ideal", "issuer": "INGBNL2A"}});
        assert_eq!(built(apm_request(ideal.clone(), "EUR", "NL"))["paymentOption"]["alternativePaymentMethod"]["BIC"], "INGBNL2A");
        let field = |r: Value| build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap_err().field;
        assert_eq!(field(apm_request(ideal.clone(), "USD", "NL")).as_deref(), Some("request.amount.currency"));
        let mut r = apm_request(ideal.clone(), "EUR", "NL");
        r["captureMethod"] = json!("manual");
        assert_eq!(field(r).as_deref(), Some("request.captureMethod"));
        let mut r = apm_request(ideal.clone(), "EUR", "NL");
        r["browserInfo"] = json!({});
        assert_eq!(field(r).as_deref(), Some("request.browserInfo.ipAddress"));
        let mut r = apm_request(json!({"type": "bnpl", "bnpl": {"method": "klarna"}}), "SEK", "SE");
        r["customer"]["phone"] = Value::Null;
        assert_eq!(field(r).as_deref(), Some("request.customer.phone"));
        assert_eq!(field(apm_request(json!({"type": "voucher", "voucher": {"method": "oxxo"}}), "MXN", "US")).as_deref(), Some("request.billingAddress.country"));
        // A method Nuvei's guides do not name needs the merchant's own apmgw_ name (1004).
        let e = build_with(CONNECTOR, Flow::Authorize, apm_request(json!({"type": "bankRedirect", "bankRedirect": {"method": "eps"}}), "EUR", "AT"), auth(), &at_noon()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::MissingRequiredField);
        assert_eq!(e.field.as_deref(), Some("request.paymentMethod.bankRedirect.processorMethod"));
        assert!(e.message.contains("getMerchantPaymentMethods"), "{}", e.message);
    }

    fn apm_block(r: Value) -> Value {
        built(r)["paymentOption"]["alternativePaymentMethod"].clone()
    }

    #[test]
    fn processor_method_is_sent_as_nuveis_payment_method_and_overrides_the_guides_names() {
        // Names as getMerchantPaymentMethods gives them (the Java SDK's mock answer lists
        // apmgw_Neteller and apmgw_expresscheckout).
        let wallet = json!({"type": "walletRedirect", "walletRedirect": {"method": "wechatPay", "processorMethod": "apmgw_WeChatPay"}});
        assert_eq!(apm_block(apm_request(wallet, "CNY", "CN")), json!({"paymentMethod": "apmgw_WeChatPay"}));
        let ideal = json!({"type": "bankRedirect", "bankRedirect": {"method": "ideal", "issuer": "INGBNL2A", "processorMethod": "apmgw_iDeal_2"}});
        assert_eq!(apm_block(apm_request(ideal, "EUR", "NL")), json!({"paymentMethod": "apmgw_iDeal_2", "BIC": "INGBNL2A"}));
        let affirm = json!({"type": "bnpl", "bnpl": {"method": "affirm", "processorMethod": "apmgw_Affirm"}});
        assert_eq!(apm_block(apm_request(affirm, "USD", "US")), json!({"paymentMethod": "apmgw_Affirm"}));
        let boleto = json!({"type": "voucher", "voucher": {"method": "boleto", "taxId": "12345678909", "processorMethod": "apmgw_Boleto"}});
        assert_eq!(apm_block(apm_request(boleto, "BRL", "BR")), json!({"paymentMethod": "apmgw_Boleto"}));
        // The checksum is /payment's six fields whatever the APM (both SDKs sign no APM field).
        let b = built(apm_request(json!({"type": "walletRedirect", "walletRedirect": {"method": "mbway", "processorMethod": "apmgw_MBWay"}}), "EUR", "PT"));
        assert_eq!(b["checksum"], expected(&[MERCHANT_ID, SITE_ID, "order_1001-authorize", "200.00", "EUR", "20260131120000"]));
    }

    #[test]
    fn each_type_without_a_documented_name_asks_for_processor_method() {
        let cases = [
            ("walletRedirect", json!({"type": "walletRedirect", "walletRedirect": {"method": "wechatPay"}}), "CNY", "CN"),
            ("bnpl", json!({"type": "bnpl", "bnpl": {"method": "affirm"}}), "USD", "US"),
            ("voucher", json!({"type": "voucher", "voucher": {"method": "boleto", "taxId": "12345678909"}}), "BRL", "BR"),
            ("bankDebit", json!({"type": "bankDebit", "bankDebit": {"method": "bacs", "accountHolderName": "John Smith", "accountNumber": "31926819", "sortCode": "601613"}}), "GBP", "GB"),
        ];
        for (kind, pm, currency, country) in cases {
            let e = build_with(CONNECTOR, Flow::Authorize, apm_request(pm, currency, country), auth(), &at_noon()).unwrap_err();
            assert_eq!(e.kind.code(), 1004, "{kind}");
            assert_eq!(e.field.as_deref(), Some(format!("request.paymentMethod.{kind}.processorMethod").as_str()));
            assert!(e.message.contains("getMerchantPaymentMethods"), "{}", e.message);
            assert!(!e.message.contains("31926819"), "an account number in an error");
        }
    }

    #[test]
    fn wallets_nuveis_guides_name_need_no_processor_method() {
        // Asia Pacific guides: AlipayHK apmgw_AlipayHK (HK, HKD), GCash apmgw_GCash (PH, PHP);
        // both need the shopper's name, email and phone.
        let alipay = json!({"type": "walletRedirect", "walletRedirect": {"method": "alipayHk"}});
        assert_eq!(apm_block(apm_request(alipay.clone(), "HKD", "HK")), json!({"paymentMethod": "apmgw_AlipayHK"}));
        let gcash = json!({"type": "walletRedirect", "walletRedirect": {"method": "gcash"}});
        assert_eq!(apm_block(apm_request(gcash.clone(), "PHP", "PH")), json!({"paymentMethod": "apmgw_GCash"}));
        let field = |r: Value| build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap_err().field;
        assert_eq!(field(apm_request(gcash.clone(), "USD", "PH")).as_deref(), Some("request.amount.currency"));
        assert_eq!(field(apm_request(alipay, "HKD", "PH")).as_deref(), Some("request.billingAddress.country"));
        let mut r = apm_request(gcash, "PHP", "PH");
        r["customer"]["phone"] = Value::Null;
        assert_eq!(field(r).as_deref(), Some("request.customer.phone"));
        // An APM only getMerchantPaymentMethods names: the email every APM guide asks for.
        let mut r = apm_request(json!({"type": "walletRedirect", "walletRedirect": {"method": "twint", "processorMethod": "apmgw_Twint"}}), "CHF", "CH");
        r["customer"]["email"] = Value::Null;
        assert_eq!(field(r).as_deref(), Some("request.customer.email"));
    }

    #[test]
    fn sepa_sends_the_iban_and_the_verification_email_in_a_sensitive_body() {
        // "SEPA Direct Debit": paymentMethod apmgw_Sepa with iban and verification_email; EUR.
        let sepa = json!({"type": "bankDebit", "bankDebit": {"method": "sepa", "accountHolderName": "John Smith", "iban": "DE89370400440532013000"}});
        let http = build_with(CONNECTOR, Flow::Authorize, apm_request(sepa.clone(), "EUR", "DE"), auth(), &at_noon()).unwrap();
        assert!(http.body.as_ref().unwrap().sensitive, "the body carries an IBAN");
        let b = body(&http);
        assert_eq!(
            b["paymentOption"]["alternativePaymentMethod"],
            json!({"paymentMethod": "apmgw_Sepa", "iban": "DE89370400440532013000", "verification_email": "john.smith@example.com"})
        );
        assert_eq!(b["transactionType"], "Sale");
        assert_eq!(b["checksum"], expected(&[MERCHANT_ID, SITE_ID, "order_1001-authorize", "200.00", "EUR", "20260131120000"]));
        let e = build_with(CONNECTOR, Flow::Authorize, apm_request(sepa.clone(), "USD", "DE"), auth(), &at_noon()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.amount.currency"));
        assert!(!e.message.contains("DE89370400440532013000"));
        // The merchant's own name for it is sent instead, with the same fields.
        let mut named = sepa;
        named["bankDebit"]["processorMethod"] = json!("apmgw_SEPA_Direct_Debit");
        assert_eq!(apm_block(apm_request(named, "EUR", "DE"))["paymentMethod"], "apmgw_SEPA_Direct_Debit");
    }

    #[test]
    fn ach_sends_the_account_and_routing_numbers() {
        // "ACH": apmgw_ACH, AccountNumber and RoutingNumber; US shoppers in USD.
        let ach = json!({"type": "bankDebit", "bankDebit": {"method": "ach", "accountHolderName": "John Smith", "accountNumber": "111111111", "routingNumber": "999999992"}});
        let http = build_with(CONNECTOR, Flow::Authorize, apm_request(ach.clone(), "USD", "US"), auth(), &at_noon()).unwrap();
        assert!(http.body.as_ref().unwrap().sensitive);
        assert_eq!(body(&http)["paymentOption"]["alternativePaymentMethod"], json!({"paymentMethod": "apmgw_ACH", "AccountNumber": "111111111", "RoutingNumber": "999999992"}));
        let e = build_with(CONNECTOR, Flow::Authorize, apm_request(ach, "USD", "CA"), auth(), &at_noon()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.billingAddress.country"));
        // A scheme Nuvei documents no account field for: the name only, the shopper gives the
        // account on the APM's page.
        let bacs = json!({"type": "bankDebit", "bankDebit": {"method": "bacs", "accountHolderName": "John Smith", "accountNumber": "31926819", "sortCode": "601613", "processorMethod": "apmgw_BACS"}});
        assert_eq!(apm_block(apm_request(bacs, "GBP", "GB")), json!({"paymentMethod": "apmgw_BACS"}));
    }

    #[test]
    fn an_apm_answer_pending_approved_or_declined_is_read_as_such() {
        let r = apm_request(json!({"type": "bankDebit", "bankDebit": {"method": "sepa", "accountHolderName": "John Smith", "iban": "DE89370400440532013000"}}), "EUR", "DE");
        let read = |status: &str, extra: Value| payment(parse_with(CONNECTOR, Flow::Authorize, r.clone(), &response(200, payment_answer(status, "Sale", extra)), &at_noon()).unwrap());
        let p = read("PENDING", json!({}));
        assert_eq!(p.status, PaymentStatus::Pending);
        assert!(p.error.is_none());
        assert_eq!(read("APPROVED", json!({})).status, PaymentStatus::Charged);
        let d = read("DECLINED", json!({"gwErrorCode": -1, "gwErrorReason": "Decline"}));
        assert_eq!(d.status, PaymentStatus::Failure);
        assert_eq!(d.error.unwrap().connector_message.as_deref(), Some("Decline"));
        let w = apm_request(json!({"type": "walletRedirect", "walletRedirect": {"method": "alipay", "processorMethod": "apmgw_Alipay"}}), "CNY", "CN");
        let answer = payment_answer("REDIRECT", "Sale", json!({"paymentOption": {"redirectUrl": "https://apm.example/alipay?id=7"}}));
        let p = payment(parse_with(CONNECTOR, Flow::Authorize, w, &response(200, answer), &at_noon()).unwrap());
        assert_eq!(p.status, PaymentStatus::Pending);
        assert_eq!(p.next_action.unwrap().url.as_deref(), Some("https://apm.example/alipay?id=7"));
    }

    #[test]
    fn an_apm_redirect_is_a_pending_payment_with_a_redirect_next_action() {
        let r = apm_request(json!({"type": "bankRedirect", "bankRedirect": {"method": "sofort"}}), "EUR", "DE");
        let answer = payment_answer("REDIRECT", "Sale", json!({"paymentOption": {"redirectUrl": "https://apm.example/pay?id=1", "userPaymentOptionId": "", "card": {}}}));
        let p = payment(parse_with(CONNECTOR, Flow::Authorize, r, &response(200, answer.clone()), &at_noon()).unwrap());
        assert_eq!(p.status, PaymentStatus::Pending);
        let action = p.next_action.unwrap();
        assert_eq!(action.url.as_deref(), Some("https://apm.example/pay?id=1"));
        assert_eq!(p.redirection.unwrap().url, "https://apm.example/pay?id=1");
        // The same answer to a card payment is its 3-D Secure redirect, not a pending APM.
        let card = payment(parse_with(CONNECTOR, Flow::Authorize, authorize_request(), &response(200, answer), &at_noon()).unwrap());
        assert_eq!(card.status, PaymentStatus::AuthenticationPending);
        assert!(card.next_action.is_none());
    }

    /// Mobile money by the merchant's getMerchantPaymentMethods name: Nuvei's guides name no APM
    /// per operator, and document no alternativePaymentMethod field for the wallet's number; its
    /// Local Payments Africa guide makes billingAddress.phone and userDetails.phone mandatory.
    fn mobile_money(provider: &str, processor_method: Option<&str>) -> Value {
        let mut mm = json!({"provider": provider, "phoneNumber": "+254712345678"});
        if let Some(m) = processor_method {
            mm["processorMethod"] = json!(m);
        }
        apm_request(json!({"type": "mobileMoney", "mobileMoney": mm}), "KES", "KE")
    }

    #[test]
    fn mobile_money_is_an_apm_by_processor_method_with_the_wallets_number_as_the_payers_phone() {
        let http = build_with(CONNECTOR, Flow::Authorize, mobile_money("mpesa", Some("apmgw_MPesa")), auth(), &at_noon()).unwrap();
        assert!(http.body.as_ref().unwrap().sensitive, "the body carries the wallet's number");
        assert_eq!(http.url, "https://ppp-test.nuvei.com/ppp/api/v1/payment.do");
        let b = body(&http);
        // Nothing but the name in the APM block: Nuvei documents no phone field there.
        assert_eq!(b["paymentOption"]["alternativePaymentMethod"], json!({"paymentMethod": "apmgw_MPesa"}));
        // The wallet's number, country code and digits, over the customer's own phone.
        assert_eq!(b["billingAddress"]["phone"], "254712345678");
        assert_eq!(b["userDetails"]["phone"], "254712345678");
        assert_eq!(b["userDetails"]["country"], "KE");
        assert_eq!(b["userDetails"]["email"], "john.smith@example.com");
        assert_eq!((&b["transactionType"], &b["amount"], &b["currency"]), (&json!("Sale"), &json!("200.00"), &json!("KES")));
        assert_eq!(b["userTokenId"], "230811147");
        assert_eq!(b["deviceDetails"]["ipAddress"], "192.168.2.38");
        assert_eq!(b["checksum"], expected(&[MERCHANT_ID, SITE_ID, "order_1001-authorize", "200.00", "KES", "20260131120000"]));
        // Another APM and a card payment still send the customer's own phone.
        let klarna = built(apm_request(json!({"type": "bnpl", "bnpl": {"method": "klarna"}}), "SEK", "SE"));
        assert_eq!((&klarna["billingAddress"]["phone"], &klarna["userDetails"]["phone"]), (&json!("461112223333"), &json!("461112223333")));
        assert_eq!(built(authorize_request())["billingAddress"].get("phone"), None);
        let mut card = authorize_request();
        card["customer"]["phone"] = json!("461112223333");
        assert_eq!(built(card)["billingAddress"]["phone"], "461112223333");
    }

    #[test]
    fn mobile_money_without_processor_method_is_a_1004_that_names_it_and_not_the_number() {
        for provider in super::super::MOBILE_MONEYS {
            let e = build_with(CONNECTOR, Flow::Authorize, mobile_money(provider, None), auth(), &at_noon()).unwrap_err();
            assert_eq!(e.kind.code(), 1004, "{provider}");
            assert_eq!(e.field.as_deref(), Some("request.paymentMethod.mobileMoney.processorMethod"));
            assert!(e.message.contains("getMerchantPaymentMethods"), "{}", e.message);
            assert!(!e.message.contains("712345678"), "the wallet's number in an error");
            // Every operator listConnectors declares is one the protocol knows.
            let pm: crate::protocol::MobileMoneyProvider = serde_json::from_value(json!(provider)).unwrap();
            assert_eq!(pm.as_str(), *provider);
        }
        assert_eq!(super::super::MOBILE_MONEYS.len(), 6);
        // What every APM needs is checked first: Sale only, the shopper's IP, email and country.
        let field = |r: Value| build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap_err().field;
        let mut r = mobile_money("mtn", Some("apmgw_MTN_MoMo"));
        r["captureMethod"] = json!("manual");
        assert_eq!(field(r).as_deref(), Some("request.captureMethod"));
        let mut r = mobile_money("mtn", Some("apmgw_MTN_MoMo"));
        r["customer"]["email"] = Value::Null;
        assert_eq!(field(r).as_deref(), Some("request.customer.email"));
        let mut r = mobile_money("mtn", Some("apmgw_MTN_MoMo"));
        r["browserInfo"] = json!({});
        assert_eq!(field(r).as_deref(), Some("request.browserInfo.ipAddress"));
        // The wallet's number is checked by the protocol (E.164), never quoted.
        let mut r = mobile_money("mtn", Some("apmgw_MTN_MoMo"));
        r["paymentMethod"]["mobileMoney"]["phoneNumber"] = json!("0712345678");
        let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.paymentMethod.mobileMoney.phoneNumber"));
        assert!(!e.message.contains("0712345678"));
    }

    #[test]
    fn mobile_money_pending_awaits_the_phone_redirect_sends_the_shopper_and_the_end_is_read() {
        let r = mobile_money("mpesa", Some("apmgw_MPesa"));
        let read = |status: &str, extra: Value| payment(parse_with(CONNECTOR, Flow::Authorize, r.clone(), &response(200, payment_answer(status, "Sale", extra)), &at_noon()).unwrap());
        // A Direct APM: PENDING, nothing to open: the operator's prompt is on the wallet's phone.
        let p = read("PENDING", json!({"paymentOption": {"userPaymentOptionId": "", "card": {}}}));
        assert_eq!(p.status, PaymentStatus::Pending);
        assert_eq!(p.next_action.as_ref().map(|n| n.kind), Some(crate::protocol::NextActionType::AwaitApproval));
        assert!(p.redirection.is_none() && p.error.is_none());
        assert_eq!(p.connector_transaction_id.as_deref(), Some("711000000009793496"));
        // A redirect APM: the operator's page.
        let p = read("REDIRECT", json!({"paymentOption": {"redirectUrl": "https://apm.example/momo?id=3", "userPaymentOptionId": "", "card": {}}}));
        assert_eq!(p.status, PaymentStatus::Pending);
        let n = p.next_action.unwrap();
        assert_eq!((n.kind, n.url.as_deref()), (crate::protocol::NextActionType::Redirect, Some("https://apm.example/momo?id=3")));
        assert_eq!(read("APPROVED", json!({})).status, PaymentStatus::Charged);
        let d = read("DECLINED", json!({"gwErrorCode": -1, "gwErrorReason": "Decline"}));
        assert_eq!(d.status, PaymentStatus::Failure);
        assert!(d.next_action.is_none());
        assert_eq!(d.error.unwrap().connector_message.as_deref(), Some("Decline"));
        // The same PENDING to a SEPA debit is pending with nothing to do.
        let sepa = apm_request(json!({"type": "bankDebit", "bankDebit": {"method": "sepa", "accountHolderName": "John Smith", "iban": "DE89370400440532013000"}}), "EUR", "DE");
        let p = payment(parse_with(CONNECTOR, Flow::Authorize, sepa, &response(200, payment_answer("PENDING", "Sale", json!({}))), &at_noon()).unwrap());
        assert!(p.next_action.is_none());
    }

    #[test]
    fn a_bank_transfer_is_refused_with_nuveis_reason() {
        let r = apm_request(json!({"type": "bankTransfer", "bankTransfer": {"method": "sepaCreditTransfer", "processorMethod": "apmgw_BankPayin"}}), "EUR", "DE");
        // The declaration refuses it before the connector sees it (as the RPC layer does).
        let request = crate::protocol::FlowRequest::decode(Flow::Authorize, r).unwrap();
        let e = crate::connectors::check_payment_method(CONNECTOR.info(), &request).unwrap_err();
        assert_eq!(e.kind.code(), 1003);
        assert!(e.message.contains("apmgw_BankPayin") && e.message.contains("redirectUrl"), "{}", e.message);
        // Mobile money passes the declaration.
        let request = crate::protocol::FlowRequest::decode(Flow::Authorize, mobile_money("orange", Some("apmgw_Orange_Money"))).unwrap();
        crate::connectors::check_payment_method(CONNECTOR.info(), &request).unwrap();
    }

    #[test]
    fn apple_pay_sends_the_token_json_and_google_pay_its_token_as_mobile_token() {
        let payment_data = json!({"version": "EC_v1", "data": "abc=", "signature": "sig=", "header": {"ephemeralPublicKey": "k=", "publicKeyHash": "h=", "transactionId": "t1"}});
        let mut r = authorize_request();
        r["paymentMethod"] = json!({"type": "applePay", "applePay": {"paymentData": crate::kit::crypto::base64_encode(payment_data.to_string().as_bytes()), "network": "Visa"}});
        let b = built(r.clone());
        let token = &b["paymentOption"]["card"]["externalToken"];
        assert_eq!(token["externalTokenProvider"], "ApplePay");
        let sent: Value = serde_json::from_str(token["mobileToken"].as_str().unwrap()).unwrap();
        assert_eq!(sent["paymentData"], payment_data);
        assert_eq!(sent["paymentMethod"]["network"], "Visa");
        assert!(b["paymentOption"]["card"].get("cardNumber").is_none());

        r["paymentMethod"]["applePay"]["paymentData"] = json!("not base64 !!");
        let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.paymentMethod.applePay.paymentData"));
        assert!(!e.message.contains("not base64 !!"));

        let mut r = authorize_request();
        let gtoken = json!({"signature": "s", "protocolVersion": "ECv2", "signedMessage": "{}"}).to_string();
        r["paymentMethod"] = json!({"type": "googlePay", "googlePay": {"token": gtoken}});
        let b = built(r);
        assert_eq!(b["paymentOption"]["card"]["externalToken"], json!({"externalTokenProvider": "GooglePay", "mobileToken": gtoken}));
    }

    #[test]
    fn a_decrypted_wallet_is_the_dpan_with_its_cryptogram_and_eci() {
        let mut r = authorize_request();
        r["paymentMethod"] = json!({"type": "googlePay", "googlePay": {"decrypted": {"number": "4111111111111111", "expMonth": "12", "expYear": "2030", "cryptogram": "AgAAAAAABk4DWZ4C28yUQAAAAAA=", "eci": "05"}}});
        let http = build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap();
        assert!(http.body.as_ref().unwrap().sensitive);
        let card = &body(&http)["paymentOption"]["card"];
        assert_eq!(card["cardNumber"], "4111111111111111");
        assert_eq!(card["expirationMonth"], "12");
        assert_eq!(card["externalToken"], json!({"externalTokenProvider": "GooglePay", "cryptogram": "AgAAAAAABk4DWZ4C28yUQAAAAAA=", "eciProvider": "05"}));
        assert!(card.get("CVV").is_none());
    }

    #[test]
    fn external_3ds_goes_in_the_cards_external_mpi() {
        let mut r = authorize_request();
        r["threeDs"] = json!({"external": {"version": "2.2.0", "cavv": "AAABBEg0VhI0VniQEjRWAAAAAAA=", "eci": "05", "dsTransactionId": "f25084f0-5b16-4c0a-ae5d-b24808a95e4b", "xid": "ignored-in-v2"}});
        let b = built(r.clone());
        assert_eq!(b["paymentOption"]["card"]["threeD"], json!({"externalMpi": {"eci": "05", "cavv": "AAABBEg0VhI0VniQEjRWAAAAAAA=", "dsTransID": "f25084f0-5b16-4c0a-ae5d-b24808a95e4b"}}));
        r["threeDs"]["external"]["version"] = json!("1.0.2");
        r["threeDs"]["external"]["xid"] = json!("MDAwMDAwMDAwMDAwMDAwMzIyNzY=");
        let b = built(r);
        assert_eq!(b["paymentOption"]["card"]["threeD"]["externalMpi"]["xid"], "MDAwMDAwMDAwMDAwMDAwMzIyNzY=");
        assert!(b["paymentOption"]["card"]["threeD"]["externalMpi"].get("dsTransID").is_none());
        // The checksum does not cover paymentOption: the same six fields as every /payment.
        assert_eq!(b["checksum"], expected(&[MERCHANT_ID, SITE_ID, "order_1001-authorize", "10.50", "USD", "20260131120000"]));
    }

    #[test]
    fn a_challenge_nuvei_runs_takes_card_details_only() {
        let mut r = authorize_request();
        r["threeDs"] = json!({"mode": "challenge"});
        r["paymentMethod"] = json!({"type": "token", "token": {"value": "ccTempToken-1"}});
        let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.threeDs.mode"));
        assert!(e.message.contains("initPayment"));
    }
}

// ---- 3-D Secure run by Nuvei: initPayment → /payment with threeD → liability shift -----------

mod three_ds {
    use super::*;
    use crate::protocol::RedirectMethod;

    /// A file of Nuvei's Java SDK (oracles/nuvei/java-sdk), MIT.
    fn sdk(name: &str) -> String {
        std::fs::read_to_string(crate::oracles::path(&format!("nuvei/java-sdk/{name}"))).unwrap()
    }

    fn sdk_json(name: &str) -> Value {
        serde_json::from_str(&sdk(name)).unwrap()
    }

    /// The `private <Type> <name>;` fields of a Java SDK model class.
    fn java_fields(class: &str) -> Vec<String> {
        sdk(&format!("{class}.java"))
            .lines()
            .filter_map(|l| l.trim().strip_prefix("private "))
            .filter_map(|l| l.trim_end_matches(';').split_whitespace().nth(1).map(str::to_string))
            .collect()
    }

    fn keys(v: &Value) -> Vec<String> {
        v.as_object().unwrap().keys().cloned().collect()
    }

    const TOKEN: &str = "2da9e9a9-b6bb-4c9d-a9da-e27fd5a5bd9b";

    fn challenge_request() -> Value {
        let mut r = authorize_request();
        r["threeDs"] = json!({"mode": "challenge"});
        r["paymentMethod"]["card"]["holderName"] = json!("CL-BRW1");
        r["returnUrl"] = json!("https://shop.example/3ds-return");
        r["browserInfo"] = json!({"ipAddress": "192.168.2.38", "acceptHeader": "text/html,application/xhtml+xml", "userAgent": "Mozilla/5.0 (X11; Linux x86_64)",
            "language": "en-GB", "colorDepth": 24, "screenHeight": 1080, "screenWidth": 1920, "timeZoneOffset": -60, "javaEnabled": false, "javascriptEnabled": true});
        r
    }

    /// The state the initPayment result gives (the Java SDK's initPayment answer).
    fn after_init() -> Value {
        json!({"accessToken": TOKEN, "nuvei3ds": "payment", "nuvei3dsTransactionId": "2110000000001230986", "nuvei3dsVersion": "2.1.0", "nuvei3dsMethod": "Y"})
    }

    #[test]
    fn init_payment_sends_the_card_with_the_method_notification_url_signed_as_the_php_sdk_signs_it() {
        let http = build_with(CONNECTOR, Flow::Authorize, challenge_request(), auth(), &at_noon()).unwrap();
        assert_eq!(http.url, "https://ppp-test.nuvei.com/ppp/api/v1/initPayment.do");
        assert!(http.body.as_ref().unwrap().sensitive, "card data");
        let b = body(&http);
        assert_eq!(b["checksum"], expected(&[MERCHANT_ID, SITE_ID, "order_1001-authorize-initPayment", "10.50", "USD", "20260131120000"]));
        assert_eq!(b["sessionToken"], TOKEN);
        assert_eq!(b["userTokenId"], "230811147");
        assert!(b.get("transactionType").is_none() && b.get("relatedTransactionId").is_none());
        assert_eq!(b["paymentOption"]["card"]["threeD"], json!({"methodNotificationUrl": "https://shop.example/3ds-return"}));
        // Every key we send is one the Java SDK's initPayment sample sends, at the same place.
        let sample = sdk_json("initPayment-request.json");
        for k in keys(&b) {
            assert!(sample.get(&k).is_some() || k == "billingAddress", "initPayment key {k} not in the SDK's sample");
        }
        for k in keys(&b["paymentOption"]["card"]) {
            assert!(sample["paymentOption"]["card"].get(&k).is_some(), "card key {k}");
        }
        assert!(java_fields("InitPaymentThreeD").contains(&"methodNotificationUrl".to_string()));
    }

    #[test]
    fn the_sdks_init_payment_answer_is_authentication_pending_with_the_3ds_method_form() {
        let answer = sdk("initPayment-response.json");
        let p = payment(parse_with(CONNECTOR, Flow::Authorize, challenge_request(), &response(200, answer), &at_noon()).unwrap());
        assert_eq!(p.status, PaymentStatus::AuthenticationPending);
        assert_eq!(p.connector_transaction_id.as_deref(), Some("2110000000001230986"));
        let redirection = p.redirection.unwrap();
        assert_eq!(redirection.url, "https://3d-secure.pluscard.de/3ds-method-start?org=pcs");
        assert_eq!(redirection.method, RedirectMethod::POST);
        let sample = sdk_json("initPayment-response.json");
        assert_eq!(redirection.form.unwrap()["threeDSMethodData"], sample["paymentOption"]["card"]["threeD"]["methodPayload"].as_str().unwrap());
        assert_eq!(serde_json::to_value(p.state.unwrap()).unwrap(), after_init());
        assert!(p.mandate_reference.is_none() && p.error.is_none());
    }

    #[test]
    fn a_card_without_3ds2_is_authentication_failed() {
        let mut answer = sdk_json("initPayment-response.json");
        answer["paymentOption"]["card"]["threeD"]["v2supported"] = json!("false");
        let p = payment(parse_with(CONNECTOR, Flow::Authorize, challenge_request(), &response(200, answer.to_string()), &at_noon()).unwrap());
        assert_eq!(p.status, PaymentStatus::AuthenticationFailed);
        assert_eq!(p.error.unwrap().code, U::AuthenticationFailed);
        assert!(p.state.is_none());
    }

    #[test]
    fn the_second_authorize_is_the_payment_with_the_threed_block_named_as_the_java_sdk_names_it() {
        let mut r = challenge_request();
        r["state"] = after_init();
        let http = build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap();
        assert_eq!(http.url, "https://ppp-test.nuvei.com/ppp/api/v1/payment.do");
        let b = body(&http);
        assert_eq!(b["relatedTransactionId"], "2110000000001230986");
        assert_eq!(b["transactionType"], "Auth");
        assert_eq!(b["checksum"], expected(&[MERCHANT_ID, SITE_ID, "order_1001-authorize-payment3d", "10.50", "USD", "20260131120000"]));
        assert_eq!(b["paymentOption"]["card"]["cardNumber"], "4000023104662535", "Nuvei's /payment takes the card again");
        let three_d = &b["paymentOption"]["card"]["threeD"];
        assert_eq!(three_d["methodCompletionInd"], "Y");
        assert_eq!(three_d["version"], "2.1.0");
        assert_eq!(three_d["notificationURL"], "https://shop.example/3ds-return");
        assert_eq!(three_d["platformType"], "02");
        assert_eq!(three_d["v2AdditionalParams"], json!({"challengePreference": "01", "challengeWindowSize": "05"}));
        assert_eq!(
            three_d["browserDetails"],
            json!({"acceptHeader": "text/html,application/xhtml+xml", "ip": "192.168.2.38", "javaEnabled": "FALSE", "javaScriptEnabled": "TRUE", "language": "en-GB",
                "colorDepth": "24", "screenHeight": "1080", "screenWidth": "1920", "timeZone": "-60", "userAgent": "Mozilla/5.0 (X11; Linux x86_64)"})
        );
        // The names are the Java SDK's: its ThreeD, BrowserDetails and V2AdditionalParams classes,
        // and its 3-D Secure payment sample.
        let (td, bd, v2) = (java_fields("ThreeD"), java_fields("BrowserDetails"), java_fields("V2AdditionalParams"));
        let sample = sdk_json("payment-request.json");
        for k in keys(three_d) {
            assert!(td.contains(&k), "threeD.{k} is not a field of the SDK's ThreeD");
            assert!(sample["paymentOption"]["card"]["threeD"].get(&k).is_some(), "threeD.{k} is not in the SDK's sample");
        }
        for k in keys(&three_d["browserDetails"]) {
            assert!(bd.contains(&k), "browserDetails.{k}");
            assert!(sample["paymentOption"]["card"]["threeD"]["browserDetails"].get(&k).is_some(), "browserDetails.{k} in the sample");
        }
        for k in keys(&three_d["v2AdditionalParams"]) {
            assert!(v2.contains(&k), "v2AdditionalParams.{k}");
        }
        assert!(sample.get("relatedTransactionId").is_some());
    }

    #[test]
    fn the_second_step_needs_the_browser() {
        let mut r = challenge_request();
        r["state"] = after_init();
        r["browserInfo"] = json!({"ipAddress": "192.168.2.38", "userAgent": "Mozilla/5.0"});
        let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.browserInfo.acceptHeader"));
        let mut r = challenge_request();
        r["customer"] = json!({"email": "john.smith@example.com"});
        let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.customer.id"));
        let mut r = challenge_request();
        r["returnUrl"] = Value::Null;
        let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.returnUrl"));
    }

    /// A challenged /payment's answer, in the fields of the Java SDK's ThreeDResponse (acsUrl, cReq).
    fn challenged() -> Value {
        json!({"orderId": "66667", "userTokenId": "230811147", "paymentOption": {"userPaymentOptionId": "1000188", "card": {"ccCardNumber": "4****2535", "threeD": {
            "acsUrl": "https://acs.example-issuer.com/challenge", "cReq": "eyJ0aHJlZURTU2VydmVyVHJhbnNJRCI6IjhiMGNmZGM5In0", "version": "2.1.0", "acsChallengeMandated": "N"}}},
            "transactionStatus": "REDIRECT", "gwErrorCode": 0, "gwExtendedErrorCode": 0, "transactionType": "Auth", "transactionId": "2110000000001230990",
            "sessionToken": TOKEN, "internalRequestId": 1540, "status": "SUCCESS", "errCode": 0, "reason": "", "merchantId": MERCHANT_ID, "merchantSiteId": SITE_ID, "version": "1.0"})
    }

    fn after_challenge() -> Value {
        json!({"accessToken": TOKEN, "nuvei3ds": "liabilityShift", "nuvei3dsTransactionId": "2110000000001230990", "nuvei3dsUserPaymentOptionId": "1000188",
            "nuvei3dsUserTokenId": "230811147", "nuvei3dsAmount": "10.50", "nuvei3dsCurrency": "USD", "nuvei3dsTransactionType": "Auth", "nuvei3dsClientUniqueId": "order_1001"})
    }

    #[test]
    fn a_redirect_is_the_challenge_form_and_the_state_of_the_liability_shift() {
        for name in ["acsUrl", "cReq"] {
            assert!(java_fields("ThreeDResponse").contains(&name.to_string()), "{name} is a field of the SDK's ThreeDResponse");
        }
        let mut r = challenge_request();
        r["state"] = after_init();
        let p = payment(parse_with(CONNECTOR, Flow::Authorize, r, &response(200, challenged().to_string()), &at_noon()).unwrap());
        assert_eq!(p.status, PaymentStatus::AuthenticationPending);
        let redirection = p.redirection.unwrap();
        assert_eq!((redirection.url.as_str(), redirection.method), ("https://acs.example-issuer.com/challenge", RedirectMethod::POST));
        assert_eq!(redirection.form.unwrap()["creq"], "eyJ0aHJlZURTU2VydmVyVHJhbnNJRCI6IjhiMGNmZGM5In0");
        assert_eq!(serde_json::to_value(p.state.unwrap()).unwrap(), after_challenge());
        assert!(p.mandate_reference.is_none(), "nothing is authorized yet");
        // Frictionless: the SDK's approved payment ends it.
        let mut r = challenge_request();
        r["state"] = after_init();
        let p = payment(parse_with(CONNECTOR, Flow::Authorize, r, &response(200, sdk("payment-response.json")), &at_noon()).unwrap());
        assert_eq!(p.status, PaymentStatus::Charged, "the sample is an APPROVED Sale");
        assert_eq!(p.connector_transaction_id.as_deref(), Some("2110000000001190994"));
        assert!(p.redirection.is_none() && p.state.is_none());
    }

    fn complete_request() -> Value {
        json!({"connectorTransactionId": "2110000000001230990", "idempotencyKey": "order_1001-liability", "state": after_challenge()})
    }

    #[test]
    fn complete_authorize_is_the_liability_shift_payment_by_the_saved_card() {
        let http = build_with(CONNECTOR, Flow::CompleteAuthorize, complete_request(), auth(), &at_noon()).unwrap();
        assert_eq!(http.url, "https://ppp-test.nuvei.com/ppp/api/v1/payment.do");
        assert!(!http.body.as_ref().unwrap().sensitive, "no card data: the card is named by its userPaymentOptionId");
        let b = body(&http);
        assert_eq!(b["relatedTransactionId"], "2110000000001230990");
        assert_eq!(b["paymentOption"], json!({"userPaymentOptionId": "1000188"}));
        assert_eq!(b["userTokenId"], "230811147");
        assert_eq!((b["amount"].as_str(), b["currency"].as_str(), b["transactionType"].as_str()), (Some("10.50"), Some("USD"), Some("Auth")));
        assert_eq!(b["clientUniqueId"], "order_1001");
        assert_eq!(b["sessionToken"], TOKEN);
        assert_eq!(b["checksum"], expected(&[MERCHANT_ID, SITE_ID, "order_1001-liability", "10.50", "USD", "20260131120000"]));
        // The Java SDK's approved answer.
        let p = payment(parse_with(CONNECTOR, Flow::CompleteAuthorize, complete_request(), &response(200, sdk("payment-response.json")), &at_noon()).unwrap());
        assert_eq!(p.status, PaymentStatus::Charged);
        assert_eq!(p.mandate_reference.as_deref(), Some("1000188"));
        let declined = json!({"transactionStatus": "DECLINED", "gwErrorCode": -1, "gwErrorReason": "Decline", "transactionType": "Auth", "transactionId": "2110000000001230991", "status": "SUCCESS", "errCode": 0, "reason": ""});
        let p = payment(parse_with(CONNECTOR, Flow::CompleteAuthorize, complete_request(), &response(200, declined.to_string()), &at_noon()).unwrap());
        assert_eq!(p.status, PaymentStatus::Failure);
        assert_eq!(p.error.unwrap().code, U::CardDeclined);
    }

    #[test]
    fn complete_authorize_refuses_what_it_cannot_continue() {
        let mut r = complete_request();
        r["state"] = after_init();
        let e = build_with(CONNECTOR, Flow::CompleteAuthorize, r, auth(), &at_noon()).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.state.nuvei3ds")));
        assert!(e.message.contains("authorize again"));
        let mut r = complete_request();
        r["state"].as_object_mut().unwrap().remove("nuvei3dsUserPaymentOptionId");
        let e = build_with(CONNECTOR, Flow::CompleteAuthorize, r, auth(), &at_noon()).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.state.nuvei3dsUserPaymentOptionId")));
        let mut r = complete_request();
        r["amount"] = json!({"minorAmount": 1000, "currency": "USD"});
        let e = build_with(CONNECTOR, Flow::CompleteAuthorize, r, auth(), &at_noon()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.amount"));
        let mut r = complete_request();
        r["connectorTransactionId"] = json!("2110000000009999999");
        let e = build_with(CONNECTOR, Flow::CompleteAuthorize, r, auth(), &at_noon()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.connectorTransactionId"));
        let e = build_with(CONNECTOR, Flow::CompleteAuthorize, json!({"connectorTransactionId": "2110000000001230990"}), auth(), &at_noon()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.state"));
        // And authorize does not run the liability shift.
        let mut r = challenge_request();
        r["state"] = after_challenge();
        let e = build_with(CONNECTOR, Flow::Authorize, r, auth(), &at_noon()).unwrap_err();
        assert!(e.message.contains("completeAuthorize"));
    }
}

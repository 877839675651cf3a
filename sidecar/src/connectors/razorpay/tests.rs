//! Razorpay: the flow table, requests and responses. Expected values are the bodies and rules of
//! Razorpay's docs (Orders, S2S JSON V2, Capture, Refunds, Errors, Webhooks).

use super::CONNECTOR;
use crate::connectors::test_support::{body, build_with, header, parse_with, payment, read_webhook, refund, response};
use crate::protocol::{ErrorKind, Flow, HttpMethod, IncomingWebhook, Options, PaymentStatus, RefundStatus, ResponseHeader, Secret, UnifiedErrorCode};
use serde_json::{json, Value};

fn auth() -> Value {
    json!({"keyId": "rzp_test_1DP5mmOlF5G5ag", "keySecret": "thisisatestsecret"})
}

fn card_request(capture: &str) -> Value {
    json!({
        "merchantTransactionId": "order_1001",
        "amount": {"minorAmount": 50000, "currency": "INR"},
        "paymentMethod": {"type": "card", "card": {"number": "4386289407660153", "expMonth": "11", "expYear": "2030", "cvc": "100", "holderName": "Gaurav"}},
        "captureMethod": capture,
        "customer": {"email": "gaurav.kumar@example.com", "phone": "9900008989"},
        "browserInfo": {"ipAddress": "105.106.107.108", "userAgent": "Mozilla/5.0", "javaEnabled": false, "javascriptEnabled": false, "timeZoneOffset": 11, "colorDepth": 23, "screenWidth": 23, "screenHeight": 100},
        "returnUrl": "https://shop.example/return"
    })
}

fn with_order(mut r: Value) -> Value {
    r["state"] = json!({"razorpayOrderId": "order_DPzFe1Q1dEOKed", "continueWith": "authorize"});
    r
}

fn build(flow: Flow, request: Value) -> Result<crate::protocol::HttpRequest, crate::protocol::SidecarError> {
    build_with(CONNECTOR, flow, request, auth(), &Options::default())
}

#[test]
fn the_first_authorize_call_creates_the_order_with_its_capture_setting() {
    let http = build(Flow::Authorize, card_request("manual")).unwrap();
    assert_eq!(http.method, HttpMethod::POST);
    assert_eq!(http.url, "https://api.razorpay.com/v1/orders");
    // Basic base64("rzp_test_1DP5mmOlF5G5ag:thisisatestsecret"), as HTTP Basic (RFC 7617) writes it.
    let authz = header(&http, "Authorization").unwrap();
    assert_eq!(authz.value, "Basic cnpwX3Rlc3RfMURQNW1tT2xGNUc1YWc6dGhpc2lzYXRlc3RzZWNyZXQ=");
    assert!(authz.sensitive);
    assert_eq!(
        body(&http),
        json!({"amount": 50000, "currency": "INR", "receipt": "order_1001",
               "payment": {"capture": "manual", "capture_options": {"manual_expiry_period": 7200, "refund_speed": "normal"}}})
    );
    assert!(!http.body.unwrap().sensitive, "no card data goes out with the order");
    let auto = body(&build(Flow::Authorize, card_request("automatic")).unwrap());
    assert_eq!(auto["payment"], json!({"capture": "automatic", "capture_options": {"automatic_expiry_period": 12, "manual_expiry_period": 7200, "refund_speed": "normal"}}));
}

#[test]
fn the_order_answer_continues_with_the_payment() {
    // Create an Order, documented success answer.
    let answer = r#"{"amount":5000,"amount_due":5000,"amount_paid":0,"attempts":0,"created_at":1756455561,"currency":"INR","entity":"order","id":"order_RB58MiP5SPFYyM","notes":{"key1":"value3","key2":"value2"},"offer_id":null,"receipt":"receipt#1","status":"created"}"#;
    let r = payment(parse_with(CONNECTOR, Flow::Authorize, card_request("manual"), &response(200, answer), &Options::default()).unwrap());
    assert_eq!(r.status, PaymentStatus::Started);
    let state = r.state.unwrap();
    assert_eq!(state.get("razorpayOrderId").map(String::as_str), Some("order_RB58MiP5SPFYyM"));
    assert_eq!(state.get("continueWith").map(String::as_str), Some("authorize"));
}

#[test]
fn the_second_call_is_the_s2s_card_payment_on_the_order() {
    let http = build(Flow::Authorize, with_order(card_request("manual"))).unwrap();
    assert_eq!(http.url, "https://api.razorpay.com/v1/payments/create/json");
    assert!(http.body.as_ref().unwrap().sensitive);
    let b = body(&http);
    // The documented S2S JSON V2 card request's fields.
    assert_eq!(b["order_id"], "order_DPzFe1Q1dEOKed");
    assert_eq!(b["method"], "card");
    assert_eq!(b["card"], json!({"number": "4386289407660153", "name": "Gaurav", "expiry_month": "11", "expiry_year": "30", "cvv": "100"}));
    assert_eq!(b["authentication"], json!({"authentication_channel": "browser"}));
    assert_eq!(b["browser"], json!({"java_enabled": false, "javascript_enabled": false, "timezone_offset": 11, "color_depth": 23, "screen_width": 23, "screen_height": 100}));
    assert_eq!((b["ip"].as_str(), b["email"].as_str(), b["contact"].as_str()), (Some("105.106.107.108"), Some("gaurav.kumar@example.com"), Some("9900008989")));
    assert_eq!(b["callback_url"], "https://shop.example/return");
    assert_eq!((b["amount"].as_i64(), b["currency"].as_str()), (Some(50000), Some("INR")));
}

#[test]
fn upi_collect_and_intent_go_through_the_same_endpoint() {
    let mut r = with_order(card_request("automatic"));
    r["paymentMethod"] = json!({"type": "upiCollect", "upi": {"vpa": "gaurav.kumar@exampleupi"}});
    let b = body(&build(Flow::Authorize, r.clone()).unwrap());
    assert_eq!((b["method"].as_str(), &b["upi"]), (Some("upi"), &json!({"flow": "collect", "vpa": "gaurav.kumar@exampleupi"})));
    assert!(b.get("card").is_none() && b.get("browser").is_none());
    r["paymentMethod"] = json!({"type": "upiIntent"});
    let b = body(&build(Flow::Authorize, r).unwrap());
    assert_eq!(b["upi"], json!({"flow": "intent"}));
}

#[test]
fn the_s2s_answers_are_read_as_next_actions() {
    let req = with_order(card_request("manual"));
    // Cards: documented answer with redirect and otp_generate.
    let card = r#"{"razorpay_payment_id":"pay_FVmAstJWfsD3SO","next":[{"action":"redirect","url":"https://api.razorpay.com/v1/payments/FVmAtLUe9XZSGM/authorize"},{"action":"otp_generate","url":"https://api.razorpay.com/v1/payments/pay_FVmAstJWfsD3SO/otp_generate?track_id=FVmAtLUe9XZSGM&key_id=<YOUR_KEY_ID>"}]}"#;
    let r = payment(parse_with(CONNECTOR, Flow::Authorize, req.clone(), &response(200, card), &Options::default()).unwrap());
    assert_eq!(r.status, PaymentStatus::AuthenticationPending);
    assert_eq!(r.connector_transaction_id.as_deref(), Some("pay_FVmAstJWfsD3SO"));
    assert_eq!(r.redirection.unwrap().url, "https://api.razorpay.com/v1/payments/FVmAtLUe9XZSGM/authorize");
    // UPI intent: documented answer.
    let intent = r#"{"razorpay_payment_id":"pay_ERNEungCtXpZqM","next":[{"action":"intent","url":"upi://pay?pa=upi@razopay&pn=acme&tr=QTeEWVyigzIBlUD&tn=razorpay&am=100&cu=INR&mc=5411"},{"action":"poll","url":"https://api.razorpay.com/v1/payments/pay_ERNEungCtXpZqM"}]}"#;
    let r = payment(parse_with(CONNECTOR, Flow::Authorize, req.clone(), &response(200, intent), &Options::default()).unwrap());
    assert_eq!(r.status, PaymentStatus::AuthenticationPending);
    assert!(r.redirection.unwrap().url.starts_with("upi://pay?"));
    // UPI collect: documented answer, poll only.
    let collect = r#"{"razorpay_payment_id":"pay_ERGVHAXaLNV1y5","next":[{"action":"poll","url":"https://api.razorpay.com/v1/payments/pay_ERGVHAXaLNV1y5"}]}"#;
    let r = payment(parse_with(CONNECTOR, Flow::Authorize, req, &response(200, collect), &Options::default()).unwrap());
    assert_eq!((r.status, r.redirection.is_none()), (PaymentStatus::AuthenticationPending, true));
    assert_eq!(r.next_action.unwrap().kind, crate::protocol::NextActionType::AwaitApproval);
}

#[test]
fn amounts_follow_razorpays_currency_rules() {
    let mut r = card_request("manual");
    r["amount"] = json!({"minorAmount": 99991, "currency": "KWD"});
    let e = build(Flow::Authorize, r.clone()).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.amount.minorAmount")));
    r["amount"] = json!({"minorAmount": 99990, "currency": "KWD"});
    assert_eq!(body(&build(Flow::Authorize, r.clone()).unwrap())["amount"], 99990);
    r["amount"] = json!({"minorAmount": 295, "currency": "JPY"});
    assert_eq!(body(&build(Flow::Authorize, r).unwrap())["amount"], 295);
}

#[test]
fn what_the_s2s_payment_requires_is_asked_for_before_the_order() {
    let mut r = card_request("manual");
    r["customer"] = json!({"email": "gaurav.kumar@example.com"});
    let e = build(Flow::Authorize, r).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.customer.phone")));
    let mut r = card_request("manual");
    r["merchantTransactionId"] = json!("x".repeat(41));
    assert_eq!(build(Flow::Authorize, r).unwrap_err().field.as_deref(), Some("request.merchantTransactionId"));
}

#[test]
fn capture_is_the_whole_authorized_amount() {
    let req = json!({"connectorTransactionId": "pay_G8VQzjPLoAvm6D", "amountToCapture": {"minorAmount": 1000, "currency": "INR"}, "paymentAmount": {"minorAmount": 1000, "currency": "INR"}});
    let http = build(Flow::Capture, req).unwrap();
    assert_eq!(http.url, "https://api.razorpay.com/v1/payments/pay_G8VQzjPLoAvm6D/capture");
    assert_eq!(body(&http), json!({"amount": 1000, "currency": "INR"}));
    let partial = json!({"connectorTransactionId": "pay_G8VQzjPLoAvm6D", "amountToCapture": {"minorAmount": 400, "currency": "INR"}, "paymentAmount": {"minorAmount": 1000, "currency": "INR"}});
    assert_eq!(build(Flow::Capture, partial).unwrap_err().kind, ErrorKind::InvalidFieldValue);
    let none = json!({"connectorTransactionId": "pay_G8VQzjPLoAvm6D"});
    assert_eq!(build(Flow::Capture, none).unwrap_err().kind, ErrorKind::MissingRequiredField);
    // Capture payment, documented answer (the SDK's documents/payment.md).
    let answer = r#"{"id":"pay_G8VQzjPLoAvm6D","entity":"payment","amount":1000,"currency":"INR","status":"captured","order_id":"order_G8VPOayFxWEU28","invoice_id":null,"international":false,"method":"upi","amount_refunded":0,"refund_status":null,"captured":true,"description":"Purchase Shoes","card_id":null,"bank":null,"wallet":null,"vpa":"gaurav.kumar@exampleupi","email":"gaurav.kumar@example.com","contact":"+919999999999","customer_id":"cust_DitrYCFtCIokBO","notes":[],"fee":24,"tax":4,"error_code":null,"error_description":null,"error_source":null,"error_step":null,"error_reason":null,"acquirer_data":{"rrn":"033814379298"},"created_at":1606985209}"#;
    let req = json!({"connectorTransactionId": "pay_G8VQzjPLoAvm6D", "paymentAmount": {"minorAmount": 1000, "currency": "INR"}});
    let r = payment(parse_with(CONNECTOR, Flow::Capture, req, &response(200, answer), &Options::default()).unwrap());
    assert_eq!(r.status, PaymentStatus::Charged);
    assert_eq!(r.amount_captured.unwrap().minor_amount, 1000);
    assert_eq!(r.network_transaction_id.as_deref(), Some("033814379298"));
}

#[test]
fn void_is_unsupported_with_razorpays_reason() {
    let e = build(Flow::Void, json!({"connectorTransactionId": "pay_1"})).unwrap_err();
    assert_eq!(e.kind, ErrorKind::FlowNotSupported);
    assert!(e.message.contains("refunded to the shopper by Razorpay"), "{}", e.message);
}

#[test]
fn refunds_carry_the_idempotency_header_when_the_key_fits() {
    let req = json!({"connectorTransactionId": "pay_29QQoUBi66xm2f", "merchantRefundId": "Receipt No. 31", "refundAmount": {"minorAmount": 500100, "currency": "INR"}, "idempotencyKey": "550e8400-e29b-41d4-a716-446655440000"});
    let http = build(Flow::Refund, req.clone()).unwrap();
    assert_eq!(http.url, "https://api.razorpay.com/v1/payments/pay_29QQoUBi66xm2f/refund");
    assert_eq!(header(&http, "X-Refund-Idempotency").unwrap().value, "550e8400-e29b-41d4-a716-446655440000");
    assert_eq!(body(&http), json!({"amount": 500100, "speed": "normal", "receipt": "Receipt No. 31"}));
    let mut short = req.clone();
    short["idempotencyKey"] = json!("r1");
    assert_eq!(build(Flow::Refund, short).unwrap_err().field.as_deref(), Some("request.idempotencyKey"));
    // Create a Normal Refund, documented success answer.
    let answer = r#"{"id":"rfnd_FP8QHiV938haTz","entity":"refund","amount":500100,"receipt":"Receipt No. 31","currency":"INR","payment_id":"pay_29QQoUBi66xm2f","notes":[],"acquirer_data":{"arn":null},"created_at":1597078866,"batch_id":null,"status":"processed","speed_processed":"normal","speed_requested":"normal"}"#;
    let r = refund(parse_with(CONNECTOR, Flow::Refund, req, &response(200, answer), &Options::default()).unwrap());
    assert_eq!((r.status, r.connector_refund_id.as_deref()), (RefundStatus::Success, Some("rfnd_FP8QHiV938haTz")));
}

#[test]
fn errors_are_read_by_their_reason() {
    let req = with_order(card_request("manual"));
    // The documented error sample: incorrect OTP.
    let answer = r#"{"error":{"code":"BAD_REQUEST_ERROR","description":"Authentication failed due to incorrect otp","field":null,"source":"customer","step":"payment_authentication","reason":"invalid_otp","metadata":{"payment_id":"pay_EDNBKIP31Y4jl8","order_id":"order_DBJKIP31Y4jl8"}}}"#;
    let r = payment(parse_with(CONNECTOR, Flow::Authorize, req.clone(), &response(400, answer), &Options::default()).unwrap());
    assert_eq!(r.status, PaymentStatus::Failure);
    assert_eq!(r.connector_transaction_id.as_deref(), Some("pay_EDNBKIP31Y4jl8"));
    let e = r.error.unwrap();
    assert_eq!((e.connector_code.as_deref(), e.decline_code.as_deref()), (Some("BAD_REQUEST_ERROR"), Some("invalid_otp")));
    let declined = r#"{"error":{"code":"BAD_REQUEST_ERROR","description":"Your payment has been declined due to insufficient funds","source":"bank","step":"payment_authorization","reason":"insufficient_funds","metadata":{}}}"#;
    let r = payment(parse_with(CONNECTOR, Flow::Authorize, req.clone(), &response(400, declined), &Options::default()).unwrap());
    assert_eq!(r.error.unwrap().code, UnifiedErrorCode::InsufficientFunds);
    let r = payment(parse_with(CONNECTOR, Flow::Authorize, req, &response(502, "<html>502</html>"), &Options::default()).unwrap());
    assert_eq!(r.status, PaymentStatus::Unresolved);
}

#[test]
fn a_failed_payment_reads_its_error_fields() {
    let answer = r#"{"id":"pay_1","entity":"payment","amount":1000,"currency":"INR","status":"failed","order_id":"order_1","captured":false,"error_code":"BAD_REQUEST_ERROR","error_description":"Payment was declined by the bank","error_source":"bank","error_step":"payment_authorization","error_reason":"card_declined"}"#;
    let r = payment(parse_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "pay_1"}), &response(200, answer), &Options::default()).unwrap());
    assert_eq!(r.status, PaymentStatus::Failure);
    assert_eq!(r.error.unwrap().code, UnifiedErrorCode::CardDeclined);
}

fn webhook(body: &str, signature: &str) -> IncomingWebhook {
    IncomingWebhook {
        headers: vec![ResponseHeader { name: "X-Razorpay-Signature".into(), value: signature.into() }],
        body: body.into(),
        secret: Secret::new("whsec_razorpay_test"),
        url: None,
    }
}

#[test]
fn webhooks_are_verified_by_their_hmac() {
    let body = r#"{"entity":"event","account_id":"acc_E7OQJcEANmBHTC","event":"refund.processed","contains":["refund","payment"],"payload":{"refund":{"entity":{"id":"rfnd_FS8TWyPrCsa0OB","entity":"refund","amount":50000,"currency":"INR","payment_id":"pay_FPoJKWQQ8lK13n","notes":{"comment":"Customer Notes for Webhooks."},"receipt":null,"acquirer_data":{"arn":null},"created_at":1597734071,"batch_id":null,"status":"processed","speed_processed":"normal","speed_requested":"optimum"}}},"created_at":1597734071}"#;
    let sig = crate::kit::crypto::hex(&crate::kit::crypto::hmac_sha256(b"whsec_razorpay_test", body.as_bytes()));
    let r = read_webhook(CONNECTOR, &webhook(body, &sig), None, &Options::default()).unwrap();
    assert!(r.verified);
    assert_eq!(r.events[0].refund_status, Some(RefundStatus::Success));
    assert_eq!(r.events[0].connector_transaction_id.as_deref(), Some("pay_FPoJKWQQ8lK13n"));
    let bad = read_webhook(CONNECTOR, &webhook(&body.replace("50000", "50001"), &sig), None, &Options::default()).unwrap();
    assert!(!bad.verified && bad.events.is_empty());
    assert!(!bad.reason.unwrap().contains(&sig));
}

// ---------- netbanking and wallets ----------

fn redirect_request(pm: Value, currency: &str) -> Value {
    let mut r = with_order(card_request("automatic"));
    r["paymentMethod"] = pm;
    r["amount"] = json!({"minorAmount": 100, "currency": currency});
    r
}

#[test]
fn netbanking_is_method_netbanking_with_the_bank_code() {
    // S2S JSON V2, Build Integration for Netbanking, 1.2 Create a Payment: method netbanking, bank HDFC.
    let http = build(Flow::Authorize, redirect_request(json!({"type": "bankRedirect", "bankRedirect": {"method": "netbanking", "issuer": "HDFC"}}), "INR")).unwrap();
    assert_eq!(http.url, "https://api.razorpay.com/v1/payments/create/json");
    let b = body(&http);
    assert_eq!(b["method"], "netbanking");
    assert_eq!(b["bank"], "HDFC");
    for absent in ["card", "upi", "wallet", "authentication", "browser"] {
        assert!(b.get(absent).is_none(), "{absent} has no place in a netbanking payment");
    }
    assert!(!http.body.unwrap().sensitive, "a bank code is no secret");
    // Codes as GET /v1/methods writes them (lower case) are sent as the docs write them.
    let lower = build(Flow::Authorize, redirect_request(json!({"type": "bankRedirect", "bankRedirect": {"method": "netbanking", "issuer": "icic"}}), "INR")).unwrap();
    assert_eq!(body(&lower)["bank"], "ICIC");
    let suffixed = build(Flow::Authorize, redirect_request(json!({"type": "bankRedirect", "bankRedirect": {"method": "netbanking", "issuer": "PUNB_R"}}), "INR")).unwrap();
    assert_eq!(body(&suffixed)["bank"], "PUNB_R");
}

#[test]
fn netbanking_refusals_name_the_field_and_come_before_the_order() {
    let refused = |pm: Value, currency: &str| {
        let mut r = card_request("automatic");
        r["paymentMethod"] = pm;
        r["amount"] = json!({"minorAmount": 100, "currency": currency});
        build(Flow::Authorize, r).unwrap_err()
    };
    let nb = |issuer: Value| json!({"type": "bankRedirect", "bankRedirect": {"method": "netbanking", "issuer": issuer}});
    let e = refused(json!({"type": "bankRedirect", "bankRedirect": {"method": "netbanking"}}), "INR");
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.bankRedirect.issuer"));
    for bad in ["HDFC Bank", "HDF", "HDFC1", "HDFC_", "HDFC_RRR", "../x"] {
        let e = refused(nb(json!(bad)), "INR");
        assert_eq!(e.field.as_deref(), Some("request.paymentMethod.bankRedirect.issuer"), "{bad}");
    }
    assert_eq!(refused(nb(json!("HDFC")), "USD").field.as_deref(), Some("request.amount.currency"));
    let e = refused(json!({"type": "bankRedirect", "bankRedirect": {"method": "netbanking", "issuer": "HDFC", "country": "DE"}}), "INR");
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.bankRedirect.country"));
    // iDEAL and the other European redirects: not Razorpay's, with the method named.
    let e = refused(json!({"type": "bankRedirect", "bankRedirect": {"method": "ideal"}}), "INR");
    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported);
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.bankRedirect.method"));
    assert!(e.message.contains("netbanking"), "{}", e.message);
}

#[test]
fn wallets_are_method_wallet_with_razorpays_code() {
    for (unified, code) in [
        ("payzapp", "payzapp"), ("airtelMoney", "airtelmoney"), ("mobikwik", "mobikwik"), ("jioMoney", "jiomoney"),
        ("olaMoney", "olamoney"), ("phonepe", "phonepe"), ("amazonPay", "amazonpay"), ("touchNGo", "touchngo"), ("grabpay", "grabpay"),
    ] {
        let http = build(Flow::Authorize, redirect_request(json!({"type": "walletRedirect", "walletRedirect": {"method": unified}}), "INR")).unwrap();
        let b = body(&http);
        assert_eq!(b["method"], "wallet", "{unified}");
        assert_eq!(b["wallet"], code, "{unified}");
        assert!(b.get("bank").is_none() && b.get("card").is_none());
    }
    let mut r = card_request("automatic");
    r["paymentMethod"] = json!({"type": "walletRedirect", "walletRedirect": {"method": "alipay"}});
    let e = build(Flow::Authorize, r).unwrap_err();
    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported);
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.walletRedirect.method"));
}

#[test]
fn the_declared_wallets_are_exactly_the_code_table() {
    use super::requests::{WALLETS, WALLET_REDIRECT_METHODS};
    let table: Vec<&str> = WALLETS.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(table, WALLET_REDIRECT_METHODS);
    let declared = CONNECTOR.info().payment_methods.supported.iter().find(|s| s.kind == crate::protocol::PaymentMethodType::WalletRedirect).unwrap();
    assert_eq!(declared.methods, WALLET_REDIRECT_METHODS);
}

#[test]
fn the_netbanking_and_wallet_answers_redirect_the_shopper() {
    // Build Integration for Netbanking, 1.2: the documented answer.
    let answer = r#"{"razorpay_payment_id": "pay_FVptEVkDdNzFx8", "next": [{"action": "redirect", "url": "https://api.razorpay.com/v1/payments/FVptEs3cSWX1fs/authorize"}]}"#;
    let request = redirect_request(json!({"type": "bankRedirect", "bankRedirect": {"method": "netbanking", "issuer": "HDFC"}}), "INR");
    let r = payment(parse_with(CONNECTOR, Flow::Authorize, request, &response(200, answer), &Options::default()).unwrap());
    assert_eq!(r.status, PaymentStatus::AuthenticationPending);
    assert_eq!(r.connector_transaction_id.as_deref(), Some("pay_FVptEVkDdNzFx8"));
    assert_eq!(r.redirection.unwrap().url, "https://api.razorpay.com/v1/payments/FVptEs3cSWX1fs/authorize");
}

// ---------- disputes ----------

fn dispute(result: crate::protocol::FlowResult) -> crate::protocol::DisputeResult {
    match result {
        crate::protocol::FlowResult::Dispute(d) => d,
        other => panic!("not a dispute result: {other:?}"),
    }
}

/// The SDK's documents/disputes.md "Fetch a Dispute" answer.
const FETCHED: &str = r#"{"id": "disp_AHfqOvkldwsbqt", "entity": "dispute", "payment_id": "pay_EsyWjHrfzb59eR", "amount": 10000, "currency": "INR", "amount_deducted": 0, "reason_code": "pre_arbitration", "respond_by": 1590604200, "status": "open", "phase": "pre_arbitration", "created_at": 1590059211, "evidence": {"amount": 10000, "summary": "goods delivered", "shipping_proof": null, "billing_proof": null, "cancellation_proof": null, "customer_communication": null, "proof_of_service": null, "explanation_letter": null, "refund_confirmation": null, "access_activity_log": null, "refund_cancellation_policy": null, "term_and_conditions": null, "others": null, "submitted_at": null}}"#;

#[test]
fn every_dispute_status_of_the_entity_has_a_meaning() {
    use crate::protocol::DisputeStatus;
    for s in super::mapping::DISPUTE_STATUSES {
        assert!(super::mapping::dispute_status(s).is_some(), "{s}");
    }
    assert_eq!(super::mapping::dispute_status("open"), Some(DisputeStatus::NeedsResponse));
    assert_eq!(super::mapping::dispute_status("under_review"), Some(DisputeStatus::UnderReview));
    assert_eq!(super::mapping::dispute_status("lost"), Some(DisputeStatus::Lost));
    assert_eq!(super::mapping::dispute_status("draft"), None);
}

#[test]
fn dsync_reads_the_dispute_entity() {
    use crate::protocol::DisputeStatus;
    let req = json!({"connectorDisputeId": "disp_AHfqOvkldwsbqt"});
    let http = build(Flow::Dsync, req.clone()).unwrap();
    assert_eq!(http.method, HttpMethod::GET);
    assert_eq!(http.url, "https://api.razorpay.com/v1/disputes/disp_AHfqOvkldwsbqt");
    let d = dispute(parse_with(CONNECTOR, Flow::Dsync, req.clone(), &response(200, FETCHED), &Options::default()).unwrap());
    assert_eq!(d.status, DisputeStatus::NeedsResponse);
    assert_eq!(d.connector_transaction_id.as_deref(), Some("pay_EsyWjHrfzb59eR"));
    assert_eq!(d.amount.as_ref().map(|m| (m.minor_amount, m.currency.as_str())), Some((10000, "INR")));
    assert_eq!(d.reason_code.as_deref(), Some("pre_arbitration"));
    // respond_by 1590604200 = 2020-05-27T18:30:00Z.
    assert_eq!(d.due_by.as_deref(), Some("2020-05-27T18:30:00Z"));
    // "The dispute id must start with `disp_`": refused before a call.
    let e = build(Flow::Dsync, json!({"connectorDisputeId": "dsp_123"})).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.connectorDisputeId"));
    // The documented failure: the id does not exist.
    let missing = r#"{"error":{"code":"BAD_REQUEST_ERROR","description":"The id provided does not exist","source":"business","step":"payment_initiation","reason":"input_validation_failed","metadata":{}}}"#;
    let d = dispute(parse_with(CONNECTOR, Flow::Dsync, req, &response(400, missing), &Options::default()).unwrap());
    assert_eq!(d.status, DisputeStatus::Failure);
    assert_eq!(d.error.unwrap().connector_message.as_deref(), Some("The id provided does not exist"));
}

#[test]
fn accepting_makes_the_dispute_lost_which_is_the_merchants_acceptance() {
    use crate::protocol::DisputeStatus;
    let req = json!({"connectorDisputeId": "disp_AHfqOvkldwsbqt"});
    let http = build(Flow::AcceptDispute, req.clone()).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::POST, "https://api.razorpay.com/v1/disputes/disp_AHfqOvkldwsbqt/accept"));
    let lost = FETCHED.replace(r#""status": "open""#, r#""status": "lost""#).replace(r#""amount_deducted": 0"#, r#""amount_deducted": 10000"#);
    let d = dispute(parse_with(CONNECTOR, Flow::AcceptDispute, req.clone(), &response(200, lost.clone()), &Options::default()).unwrap());
    assert_eq!(d.status, DisputeStatus::Accepted);
    assert_eq!(d.connector_status.as_deref(), Some("lost"));
    // dsync of the same entity says lost: only the accept call knows it was the merchant's choice.
    let d = dispute(parse_with(CONNECTOR, Flow::Dsync, req, &response(200, lost), &Options::default()).unwrap());
    assert_eq!(d.status, DisputeStatus::Lost);
}

#[test]
fn the_contest_carries_document_ids_per_proof_and_the_texts_as_summary() {
    let req = json!({"connectorDisputeId": "disp_AHfqOvkldwsbqt", "evidence": [
        {"type": "shippingDocumentation", "text": "goods delivered", "file": {"connectorFileId": "doc_EFtmUsbwpXwBH9"}},
        {"type": "shippingDocumentation", "file": {"connectorFileId": "doc_EFtmUsbwpXwBH8"}},
        {"type": "customerSignature", "file": {"connectorFileId": "doc_EFtmUsbwpXwBH1"}},
        {"type": "receipt", "file": {"connectorFileId": "doc_EFtmUsbwpXwBG9"}}
    ], "submit": false});
    let http = build(Flow::SubmitDisputeEvidence, req.clone()).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::PATCH, "https://api.razorpay.com/v1/disputes/disp_AHfqOvkldwsbqt/contest"));
    assert_eq!(
        body(&http),
        json!({"summary": "goods delivered", "shipping_proof": ["doc_EFtmUsbwpXwBH9", "doc_EFtmUsbwpXwBH8"], "billing_proof": ["doc_EFtmUsbwpXwBG9"],
               "others": [{"type": "customer_signature", "document_ids": ["doc_EFtmUsbwpXwBH1"]}], "action": "draft"})
    );
    let mut submitted = req.clone();
    submitted.as_object_mut().unwrap().remove("submit");
    assert_eq!(body(&build(Flow::SubmitDisputeEvidence, submitted).unwrap())["action"], "submit");
    // Submitting needs a document; a text alone is a draft.
    let text_only = json!({"connectorDisputeId": "disp_AHfqOvkldwsbqt", "evidence": [{"type": "uncategorized", "text": "goods delivered"}]});
    assert_eq!(build(Flow::SubmitDisputeEvidence, text_only.clone()).unwrap_err().field.as_deref(), Some("request.evidence"));
    let mut draft = text_only;
    draft["submit"] = json!(false);
    assert_eq!(body(&build(Flow::SubmitDisputeEvidence, draft).unwrap()), json!({"summary": "goods delivered", "action": "draft"}));
    // File bytes must be uploaded first; a summary is at most 1000 characters.
    let bytes = json!({"connectorDisputeId": "disp_AHfqOvkldwsbqt", "evidence": [{"type": "receipt", "file": {"filename": "r.pdf", "contentType": "application/pdf", "data": "JVBERg=="}}]});
    assert_eq!(build(Flow::SubmitDisputeEvidence, bytes).unwrap_err().field.as_deref(), Some("request.evidence[0].file.connectorFileId"));
    let long = json!({"connectorDisputeId": "disp_AHfqOvkldwsbqt", "submit": false, "evidence": [{"type": "uncategorized", "text": "x".repeat(1001)}]});
    assert_eq!(build(Flow::SubmitDisputeEvidence, long).unwrap_err().field.as_deref(), Some("request.evidence"));
}

#[test]
fn defending_submits_the_draft() {
    use crate::protocol::DisputeStatus;
    let req = json!({"connectorDisputeId": "disp_AHfqOvkldwsbqt"});
    let http = build(Flow::DefendDispute, req.clone()).unwrap();
    assert_eq!(http.method, HttpMethod::PATCH);
    assert_eq!(body(&http), json!({"action": "submit"}));
    let submitted = FETCHED.replace(r#""status": "open""#, r#""status": "under_review""#);
    let d = dispute(parse_with(CONNECTOR, Flow::DefendDispute, req, &response(200, submitted), &Options::default()).unwrap());
    assert_eq!(d.status, DisputeStatus::UnderReview);
    let e = build(Flow::DefendDispute, json!({"connectorDisputeId": "disp_AHfqOvkldwsbqt", "defenseReasonCode": "x"})).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.defenseReasonCode"));
}

#[test]
fn a_document_is_uploaded_as_multipart_with_its_purpose() {
    let req = json!({"connectorDisputeId": "disp_AHfqOvkldwsbqt", "file": {"filename": "receipt.pdf", "contentType": "application/pdf", "data": "JVBERi0xLjQK"}});
    let http = build(Flow::UploadDisputeFile, req.clone()).unwrap();
    assert_eq!((http.method, http.url.as_str()), (HttpMethod::POST, "https://api.razorpay.com/v1/documents"));
    let b = http.body.as_ref().unwrap();
    assert!(b.content_type.starts_with("multipart/form-data; boundary="), "{}", b.content_type);
    let bytes = crate::kit::crypto::base64_decode(&b.data).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("name=\"file\"; filename=\"receipt.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n"), "{text}");
    assert!(text.contains("name=\"purpose\"\r\n\r\ndispute_evidence"), "{text}");
    // Documented answer (Create a Document).
    let answer = r#"{"id": "doc_EsyWjHrfzb59Re", "entity": "document", "purpose": "dispute_evidence", "name": "doc_19_12_2020.jpg", "mime_type": "image/png", "size": 2863, "created_at": 1590604200}"#;
    match parse_with(CONNECTOR, Flow::UploadDisputeFile, req, &response(200, answer), &Options::default()).unwrap() {
        crate::protocol::FlowResult::File(f) => assert_eq!(f.connector_file_id.as_deref(), Some("doc_EsyWjHrfzb59Re")),
        other => panic!("{other:?}"),
    }
    let gif = json!({"file": {"filename": "a.gif", "contentType": "image/gif", "data": "R0lGOA=="}});
    assert_eq!(build(Flow::UploadDisputeFile, gif).unwrap_err().field.as_deref(), Some("request.file.contentType"));
}

// ---------- recurring payments (cards): Razorpay's "Recurring Payments" pages and the SDK's card.md ----------

fn mandate_request() -> Value {
    json!({
        "merchantTransactionId": "Receipt No. 1",
        "amount": {"minorAmount": 100, "currency": "INR"},
        "maxAmount": {"minorAmount": 5000, "currency": "INR"},
        "paymentMethod": {"type": "card", "card": {"number": "4386289407660153", "expMonth": "11", "expYear": "2030", "cvc": "100", "holderName": "Gaurav"}},
        "customer": {"email": "gaurav.kumar@example.com", "phone": "9123456780", "connectorCustomerId": "cust_4xbQrmEoA5WJ01"},
        "browserInfo": {"ipAddress": "105.106.107.108", "userAgent": "Mozilla/5.0"}
    })
}

#[test]
fn setup_mandate_is_the_token_order_then_the_recurring_authorisation_payment() {
    let order = build(Flow::SetupMandate, mandate_request()).unwrap();
    assert_eq!(order.url, "https://api.razorpay.com/v1/orders");
    assert_eq!(
        body(&order),
        json!({"amount": 100, "currency": "INR", "customer_id": "cust_4xbQrmEoA5WJ01", "method": "card",
               "token": {"max_amount": 5000, "frequency": "as_presented"}, "receipt": "Receipt No. 1"})
    );
    let mut second = mandate_request();
    second["state"] = json!({"razorpayOrderId": "order_1Aa00000000002", "continueWith": "setupMandate"});
    let payment_call = build(Flow::SetupMandate, second).unwrap();
    assert_eq!(payment_call.url, "https://api.razorpay.com/v1/payments/create/json");
    let b = body(&payment_call);
    assert_eq!(b["recurring"], "1");
    assert_eq!(b["customer_id"], "cust_4xbQrmEoA5WJ01");
    assert_eq!(b["order_id"], "order_1Aa00000000002");
    assert!(payment_call.body.unwrap().sensitive, "the card goes out with the authorisation payment");
}

#[test]
fn setup_mandate_refuses_what_razorpay_would_refuse_before_any_order() {
    let field = |r: Value| build(Flow::SetupMandate, r).unwrap_err().field.unwrap();
    let mut r = mandate_request();
    r.as_object_mut().unwrap().remove("maxAmount");
    assert_eq!(field(r), "request.maxAmount");
    let mut r = mandate_request();
    r["amount"]["minorAmount"] = json!(99);
    assert_eq!(field(r), "request.amount.minorAmount");
    let mut r = mandate_request();
    r["customer"].as_object_mut().unwrap().remove("connectorCustomerId");
    assert_eq!(field(r), "request.customer.connectorCustomerId");
    let mut r = mandate_request();
    r["maxAmount"]["currency"] = json!("USD");
    assert_eq!(field(r), "request.maxAmount.currency");
}

#[test]
fn the_authorisation_payment_is_pending_on_the_shopper_and_psync_reads_the_token() {
    let mut second = mandate_request();
    second["state"] = json!({"razorpayOrderId": "order_1Aa00000000002", "continueWith": "setupMandate"});
    let created = response(200, r#"{"razorpay_payment_id":"pay_FVmAstJWfsD3SO","next":[{"action":"redirect","url":"https://api.razorpay.com/v1/payments/FVmAtLUe9XZSGM/authorize"}]}"#);
    let p = payment(parse_with(CONNECTOR, Flow::SetupMandate, second, &created, &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::AuthenticationPending);
    assert_eq!(p.mandate_reference, None, "the token exists only once the shopper approved");
    assert_eq!(p.connector_customer_id.as_deref(), Some("cust_4xbQrmEoA5WJ01"));
    // token.md, Fetch token by payment id: the captured payment names token_id and customer_id.
    let fetched = response(200, r#"{"id":"pay_FHfqtkRzWvxky4","entity":"payment","amount":100,"currency":"INR","status":"captured","order_id":"order_FHfnswDdfu96HQ","customer_id":"cust_DtHaBuooGHTuyZ","token_id":"token_FHfn3rIiM1Z8nr"}"#);
    let p = payment(parse_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "pay_FHfqtkRzWvxky4"}), &fetched, &Options::default()).unwrap());
    assert_eq!(p.mandate_reference.as_deref(), Some("token_FHfn3rIiM1Z8nr"));
    assert_eq!(p.connector_customer_id.as_deref(), Some("cust_DtHaBuooGHTuyZ"));
    // A failed payment names no mandate even when it carries a token id.
    let failed = response(200, r#"{"id":"pay_X","status":"failed","token_id":"token_FHfn3rIiM1Z8nr","error_code":"BAD_REQUEST_ERROR","error_reason":"card_declined"}"#);
    let p = payment(parse_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "pay_X"}), &failed, &Options::default()).unwrap());
    assert_eq!(p.mandate_reference, None);
}

#[test]
fn repeat_payment_is_a_new_order_then_create_recurring_and_never_pays_the_mandates_order() {
    let repeat = json!({
        "merchantTransactionId": "Receipt No. 2", "amount": {"minorAmount": 1000, "currency": "INR"}, "mandateReference": "token_1Aa00000000001",
        "customer": {"email": "gaurav.kumar@example.com", "phone": "9123456789", "connectorCustomerId": "cust_Hwq7Ba6TDXl1ga"},
        // The state of the mandate's own payment, which the client passes along.
        "state": {"razorpayOrderId": "order_FHfnswDdfu96HQ"}
    });
    let order = build(Flow::RepeatPayment, repeat.clone()).unwrap();
    assert_eq!(order.url, "https://api.razorpay.com/v1/orders");
    assert_eq!(body(&order), json!({"amount": 1000, "currency": "INR", "receipt": "Receipt No. 2", "payment_capture": true}));
    let mut second = repeat.clone();
    second["state"] = json!({"razorpayOrderId": "order_IDts8IQBJT40aQ", "continueWith": "repeatPayment"});
    let charge = build(Flow::RepeatPayment, second.clone()).unwrap();
    assert_eq!(charge.url, "https://api.razorpay.com/v1/payments/create/recurring");
    assert_eq!(
        body(&charge),
        json!({"email": "gaurav.kumar@example.com", "contact": "9123456789", "amount": 1000, "currency": "INR", "order_id": "order_IDts8IQBJT40aQ",
               "customer_id": "cust_Hwq7Ba6TDXl1ga", "token": "token_1Aa00000000001", "recurring": "1"})
    );
    let answer = response(200, r#"{"razorpay_payment_id":"pay_1Aa00000000001","razorpay_order_id":"order_1Aa00000000001","razorpay_signature":"9ef4"}"#);
    let p = payment(parse_with(CONNECTOR, Flow::RepeatPayment, second, &answer, &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Pending);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("pay_1Aa00000000001"));
}

#[test]
fn revoke_mandate_deletes_the_token_under_its_customer() {
    let r = json!({"mandateReference": "token_FHfn3rIiM1Z8nr", "customer": {"connectorCustomerId": "cust_DtHaBuooGHTuyZ"}});
    let http = build(Flow::RevokeMandate, r.clone()).unwrap();
    assert_eq!(http.method, HttpMethod::DELETE);
    assert_eq!(http.url, "https://api.razorpay.com/v1/customers/cust_DtHaBuooGHTuyZ/tokens/token_FHfn3rIiM1Z8nr");
    let bad = build(Flow::RevokeMandate, json!({"mandateReference": "token_../x", "customer": {"connectorCustomerId": "cust_DtHaBuooGHTuyZ"}})).unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("request.mandateReference"));
    match parse_with(CONNECTOR, Flow::RevokeMandate, r, &response(200, r#"{"deleted": true}"#), &Options::default()).unwrap() {
        crate::protocol::FlowResult::Mandate(m) => assert_eq!(m.status, crate::protocol::MandateStatus::Revoked),
        other => panic!("{other:?}"),
    }
}

// ---------- UPI AutoPay: Recurring Payments, UPI and UPI Intent (Create an Order, Create an Authorisation Payment) ----------

fn upi_mandate(pm: Value) -> Value {
    let mut r = mandate_request();
    r["paymentMethod"] = pm;
    r["maxAmount"] = json!({"minorAmount": 200000, "currency": "INR"});
    r
}

#[test]
fn upi_autopay_is_the_order_with_method_upi_then_create_upi_with_recurring_1() {
    let collect = upi_mandate(json!({"type": "upiCollect", "upi": {"vpa": "gauravkumar@exampleupi"}}));
    let order = build(Flow::SetupMandate, collect.clone()).unwrap();
    assert_eq!(order.url, "https://api.razorpay.com/v1/orders");
    assert_eq!(
        body(&order),
        json!({"amount": 100, "currency": "INR", "customer_id": "cust_4xbQrmEoA5WJ01", "method": "upi",
               "token": {"max_amount": 200000, "frequency": "as_presented"}, "receipt": "Receipt No. 1"})
    );
    let mut second = collect;
    second["state"] = json!({"razorpayOrderId": "order_Ee0biRtLOqzRjP", "continueWith": "setupMandate"});
    let pay = build(Flow::SetupMandate, second).unwrap();
    assert_eq!(pay.url, "https://api.razorpay.com/v1/payments/create/upi");
    // The fields of the docs' collect sample (referer aside: the unified request has no referer).
    assert_eq!(
        body(&pay),
        json!({"amount": 100, "currency": "INR", "order_id": "order_Ee0biRtLOqzRjP", "email": "gaurav.kumar@example.com",
               "contact": "9123456780", "customer_id": "cust_4xbQrmEoA5WJ01", "recurring": "1", "method": "upi",
               "upi": {"flow": "collect", "vpa": "gauravkumar@exampleupi"}, "ip": "105.106.107.108", "user_agent": "Mozilla/5.0"})
    );
    let mut intent = upi_mandate(json!({"type": "upiIntent"}));
    intent["state"] = json!({"razorpayOrderId": "order_1Aa00000000002", "continueWith": "setupMandate"});
    let b = body(&build(Flow::SetupMandate, intent).unwrap());
    assert_eq!(b["upi"], json!({"flow": "intent"}));
    assert_eq!(b["recurring"], "1");
    assert_eq!(b["method"], "upi");
}

#[test]
fn upi_autopay_refusals_name_the_field_before_any_order() {
    let field = |r: Value| build(Flow::SetupMandate, r).unwrap_err().field.unwrap();
    let mut r = upi_mandate(json!({"type": "upiIntent"}));
    r["maxAmount"]["minorAmount"] = json!(20_000_001);
    assert_eq!(field(r), "request.maxAmount.minorAmount");
    let mut r = upi_mandate(json!({"type": "upiIntent"}));
    r["maxAmount"]["minorAmount"] = json!(99);
    assert_eq!(field(r), "request.maxAmount.minorAmount");
    let mut r = upi_mandate(json!({"type": "upiCollect", "upi": {"vpa": "gauravkumar@exampleupi"}}));
    r.as_object_mut().unwrap().remove("browserInfo");
    assert_eq!(field(r), "request.browserInfo.ipAddress");
    let mut r = upi_mandate(json!({"type": "upiIntent"}));
    r["amount"]["minorAmount"] = json!(50);
    assert_eq!(field(r), "request.amount.minorAmount");
    let mut r = upi_mandate(json!({"type": "upiIntent"}));
    r["amount"]["currency"] = json!("USD");
    r["maxAmount"]["currency"] = json!("USD");
    assert_eq!(field(r), "request.amount.currency");
}

#[test]
fn upi_autopay_answers_await_the_app_or_give_the_mandate_link() {
    let mut second = upi_mandate(json!({"type": "upiCollect", "upi": {"vpa": "gauravkumar@exampleupi"}}));
    second["state"] = json!({"razorpayOrderId": "order_Ee0biRtLOqzRjP", "continueWith": "setupMandate"});
    // The collect sample's answer: the payment id alone.
    let collect = response(200, r#"{"razorpay_payment_id": "pay_EAm09NKReXi2e0"}"#);
    let p = payment(parse_with(CONNECTOR, Flow::SetupMandate, second, &collect, &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::AuthenticationPending);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("pay_EAm09NKReXi2e0"));
    assert_eq!(p.next_action.as_ref().map(|n| n.kind), Some(crate::protocol::NextActionType::AwaitApproval));
    assert_eq!(p.connector_customer_id.as_deref(), Some("cust_4xbQrmEoA5WJ01"));
    assert!(p.redirection.is_none());
    let mut second = upi_mandate(json!({"type": "upiIntent"}));
    second["state"] = json!({"razorpayOrderId": "order_1Aa00000000002", "continueWith": "setupMandate"});
    // The intent sample's answer: the upi://mandate link.
    let link = "upi://mandate?mc=5045&amrule=MAX&am=1.00&fam=1.00&tr=EZM2025080415061922323116&validitystart=04082025&pn=Demo&rev=Y&pa=demotestrzp.rzp@icici&tn=Demo&cu=INR&txnType=CREATE&block=N&orgid=400011&mode=04&recur=ASPRESENTED&purpose=14&validityend=03072035";
    let intent = response(200, &json!({"razorpay_payment_id": "pay_R1D5dVYdY67f7M", "link": link}).to_string());
    let p = payment(parse_with(CONNECTOR, Flow::SetupMandate, second.clone(), &intent, &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::AuthenticationPending);
    assert_eq!(p.next_action.as_ref().and_then(|n| n.url.as_deref()), Some(link));
    assert_eq!(p.redirection.as_ref().map(|r| r.url.as_str()), Some(link));
    // A refusal is a failure naming Razorpay's reason; the order is kept in the state.
    let refused = response(400, r#"{"error":{"code":"BAD_REQUEST_ERROR","description":"Invalid VPA. Please enter a valid Virtual Payment Address","source":"customer","step":"payment_initiation","reason":"invalid_vpa","metadata":{}}}"#);
    let p = payment(parse_with(CONNECTOR, Flow::SetupMandate, second, &refused, &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Failure);
    assert_eq!(p.state.as_ref().and_then(|s| s.get("razorpayOrderId")).map(String::as_str), Some("order_1Aa00000000002"));
}

#[test]
fn psync_reads_the_upi_token_from_the_sdks_fetch_token_by_payment_id() {
    // documents/upi.md, Fetch token by payment ID.
    let fetched = response(200, r#"{"id":"pay_FHfAzEJ51k8NLj","entity":"payment","amount":100,"currency":"INR","status":"captured","order_id":"order_FHfANdTUYeP8lb","method":"upi","vpa":"gaurav.kumar@upi","customer_id":"cust_DtHaBuooGHTuyZ","token_id":"token_FHfAzGzREc1ug6","acquirer_data":{"rrn":"854977234911","upi_transaction_id":"D0BED5A062ECDB3E9B3A1071C96BB273"}}"#);
    let p = payment(parse_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "pay_FHfAzEJ51k8NLj"}), &fetched, &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Charged);
    assert_eq!(p.mandate_reference.as_deref(), Some("token_FHfAzGzREc1ug6"));
    assert_eq!(p.connector_customer_id.as_deref(), Some("cust_DtHaBuooGHTuyZ"));
    assert_eq!(p.network_transaction_id.as_deref(), Some("854977234911"));
}

// ---------- e-mandates (emandate.rs): Razorpay's S2S e-mandate page (oracles/razorpay/emandate-s2s.md) ----------

fn emandate_account() -> String {
    ["1121431121", "541121"].concat()
}

fn emandate_mandate(amount: i64) -> Value {
    json!({
        "merchantTransactionId": "Receipt No. 1",
        "amount": {"minorAmount": amount, "currency": "INR"},
        "maxAmount": {"minorAmount": 9999900, "currency": "INR"},
        "paymentMethod": {"type": "bankDebit", "bankDebit": {"method": "emandate", "accountHolderName": "Gaurav Kumar", "accountNumber": emandate_account(),
                          "ifsc": "HDFC0000001", "authType": "netbanking", "accountType": "savings"}},
        "customer": {"name": "Gaurav Kumar", "email": "gaurav.kumar@example.com", "phone": "9876543210", "connectorCustomerId": "cust_K39wXdBlhqNk0B"}
    })
}

#[test]
fn emandate_setup_mandate_is_the_order_of_zero_with_the_token_then_the_authorisation_payment() {
    let http = build(Flow::SetupMandate, emandate_mandate(0)).unwrap();
    assert_eq!(http.url, "https://api.razorpay.com/v1/orders");
    // emandate-s2s.md 1.1.3 Create an Order (its notes aside).
    assert_eq!(
        body(&http),
        json!({"amount": 0, "currency": "INR", "payment_capture": true, "method": "emandate", "customer_id": "cust_K39wXdBlhqNk0B", "receipt": "Receipt No. 1",
               "token": {"auth_type": "netbanking", "max_amount": 9999900,
                         "bank_account": {"beneficiary_name": "Gaurav Kumar", "account_number": emandate_account(), "account_type": "savings", "ifsc_code": "HDFC0000001"}}})
    );
    assert!(http.body.as_ref().unwrap().sensitive, "the order carries the account number");

    let mut second = emandate_mandate(0);
    second["state"] = json!({"razorpayOrderId": "order_KigZxUK9GxJPW2", "continueWith": "setupMandate"});
    let http = build(Flow::SetupMandate, second).unwrap();
    assert_eq!(http.url, "https://api.razorpay.com/v1/payments/create/json");
    // emandate-s2s.md 1.1.3 Create an Authorisation Payment: the page's request, field for field.
    assert_eq!(
        body(&http),
        json!({"amount": 0, "currency": "INR", "contact": "9876543210", "email": "gaurav.kumar@example.com", "order_id": "order_KigZxUK9GxJPW2",
               "customer_id": "cust_K39wXdBlhqNk0B", "recurring": true, "method": "emandate", "bank": "HDFC", "auth_type": "netbanking",
               "bank_account": {"name": "Gaurav Kumar", "account_number": emandate_account(), "account_type": "savings", "ifsc": "HDFC0000001"}})
    );
    assert!(http.body.unwrap().sensitive);
}

#[test]
fn emandate_bank_is_the_ifscs_first_four_letters_and_checking_is_a_current_account() {
    let mut r = emandate_mandate(0);
    r["paymentMethod"]["bankDebit"]["ifsc"] = json!("AUBL0002011");
    r["paymentMethod"]["bankDebit"]["accountType"] = json!("checking");
    r["paymentMethod"]["bankDebit"]["authType"] = json!("debitcard");
    r["state"] = json!({"razorpayOrderId": "order_KigZxUK9GxJPW2", "continueWith": "setupMandate"});
    let b = body(&build(Flow::SetupMandate, r).unwrap());
    assert_eq!((b["bank"].as_str(), b["auth_type"].as_str()), (Some("AUBL"), Some("debitcard")));
    assert_eq!(b["bank_account"]["account_type"], "current");
}

#[test]
fn emandate_first_charge_is_the_tokens_first_payment_amount_and_the_order_stays_of_zero() {
    let b = body(&build(Flow::SetupMandate, emandate_mandate(100)).unwrap());
    assert_eq!((b["amount"].as_i64(), b["token"]["first_payment_amount"].as_i64()), (Some(0), Some(100)));
    // The authorisation payment is of 0 all the same ("For netbanking, the amount has to be 0").
    let mut second = emandate_mandate(100);
    second["state"] = json!({"razorpayOrderId": "order_KigZxUK9GxJPW2", "continueWith": "setupMandate"});
    assert_eq!(body(&build(Flow::SetupMandate, second).unwrap())["amount"], 0);
}

#[test]
fn emandate_refusals_name_the_field_and_never_quote_the_account_number() {
    let cases: Vec<(Box<dyn Fn(&mut Value)>, &str)> = vec![
        (Box::new(|r| { r["paymentMethod"]["bankDebit"].as_object_mut().unwrap().remove("authType"); }), "request.paymentMethod.bankDebit.authType"),
        (Box::new(|r| { r["paymentMethod"]["bankDebit"].as_object_mut().unwrap().remove("accountType"); }), "request.paymentMethod.bankDebit.accountType"),
        (Box::new(|r| r["paymentMethod"]["bankDebit"]["accountHolderName"] = json!("Raj")), "request.paymentMethod.bankDebit.accountHolderName"),
        (Box::new(|r| r["paymentMethod"]["bankDebit"]["mandateId"] = json!("MANDATE-1")), "request.paymentMethod.bankDebit.mandateId"),
        (Box::new(|r| r["maxAmount"] = json!({"minorAmount": 1_000_000_001i64, "currency": "INR"})), "request.maxAmount.minorAmount"),
        (Box::new(|r| r["amount"] = json!({"minorAmount": 10_000_000, "currency": "INR"})), "request.amount.minorAmount"),
        (Box::new(|r| { r["amount"] = json!({"minorAmount": 0, "currency": "USD"}); r["maxAmount"] = json!({"minorAmount": 100, "currency": "USD"}); }), "request.amount.currency"),
        (Box::new(|r| { r["customer"].as_object_mut().unwrap().remove("connectorCustomerId"); }), "request.customer.connectorCustomerId"),
        (Box::new(|r| { r["customer"].as_object_mut().unwrap().remove("phone"); }), "request.customer.phone"),
    ];
    for (change, field) in cases {
        let mut r = emandate_mandate(0);
        change(&mut r);
        let e = build(Flow::SetupMandate, r).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{}", e.message);
        assert!(!format!("{e:?}").contains(&emandate_account()), "the account number leaked: {e:?}");
    }
}

#[test]
fn emandate_in_authorize_needs_setup_future_usage_and_automatic_capture() {
    let mut r = emandate_mandate(100);
    r.as_object_mut().unwrap().remove("maxAmount");
    let e = build(Flow::Authorize, r.clone()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported);
    assert_eq!(e.field.as_deref(), Some("request.setupFutureUsage"));
    assert!(e.message.contains("Recurring Payments"), "{}", e.message);
    r["setupFutureUsage"] = json!("offSession");
    let b = body(&build(Flow::Authorize, r.clone()).unwrap());
    assert_eq!((b["amount"].as_i64(), b["token"]["first_payment_amount"].as_i64()), (Some(0), Some(100)));
    assert!(b["token"].get("max_amount").is_none(), "Razorpay's default (₹1,00,00,000) when none is given");
    r["captureMethod"] = json!("manual");
    assert_eq!(build(Flow::Authorize, r.clone()).unwrap_err().field.as_deref(), Some("request.captureMethod"));
    r["captureMethod"] = json!("automatic");
    r["state"] = json!({"razorpayOrderId": "order_KigZxUK9GxJPW2", "continueWith": "authorize"});
    let http = build(Flow::Authorize, r.clone()).unwrap();
    assert_eq!(http.url, "https://api.razorpay.com/v1/payments/create/json");
    assert_eq!(body(&http)["method"], "emandate");
    // The documented answer: the bank's page.
    let answer = r#"{"razorpay_payment_id": "pay_FVptEVkDdNzFx8", "next": [{"action": "redirect", "url": "https://api.razorpay.com/v1/payments/FVptEs3cSWX1fs/authorize"}]}"#;
    let p = payment(parse_with(CONNECTOR, Flow::Authorize, r, &response(200, answer), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::AuthenticationPending);
    assert_eq!(p.redirection.unwrap().url, "https://api.razorpay.com/v1/payments/FVptEs3cSWX1fs/authorize");
    assert_eq!(p.connector_customer_id.as_deref(), Some("cust_K39wXdBlhqNk0B"));
}

#[test]
fn psync_reads_the_emandate_token_from_the_sdks_fetch_token_by_payment_id() {
    // documents/emandate.md, Fetch token by payment ID (abridged to the fields read).
    let answer = r#"{"id": "pay_FHf9a7AO0iXM9I", "entity": "payment", "amount": 0, "currency": "INR", "status": "captured", "order_id": "order_FHf9OwSeyetnKC",
        "method": "emandate", "captured": true, "bank": "HDFC", "customer_id": "cust_DtHaBuooGHTuyZ", "token_id": "token_FHf9aAZR9hWJkq", "acquirer_data": {}}"#;
    let p = payment(parse_with(CONNECTOR, Flow::Psync, json!({"connectorTransactionId": "pay_FHf9a7AO0iXM9I"}), &response(200, answer), &Options::default()).unwrap());
    assert_eq!(p.status, PaymentStatus::Charged);
    assert_eq!(p.mandate_reference.as_deref(), Some("token_FHf9aAZR9hWJkq"));
    assert_eq!(p.connector_customer_id.as_deref(), Some("cust_DtHaBuooGHTuyZ"));
}

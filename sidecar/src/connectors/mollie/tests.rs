//! Mollie: exact amounts, the requests of each flow, the status tables against the vendored spec's
//! enums (oracles/mollie/specs.yaml), answers, and both kinds of webhooks (the next-gen signature
//! checked against a value computed outside this code base, with Python's hmac module).

use super::mapping::{capture_status, currencies, failure_reason, payment_status, refund_status};
use super::CONNECTOR;
use crate::connectors::test_support::{body, build_with, header, parse_with, payment, read_webhook, refund, response};
use crate::protocol::{
    ErrorKind, Flow, FlowResult, HttpMethod, IncomingWebhook, Options, PaymentStatus, RefundStatus, ResponseHeader, Secret,
    UnifiedErrorCode, WebhookEventKind,
};
use serde_json::{json, Value};

const KEY: &str = "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM";

fn auth() -> Value {
    json!({ "apiKey": KEY })
}

fn authorize(extra: Value) -> Value {
    let mut r = json!({
        "merchantTransactionId": "order_1001",
        "amount": {"minorAmount": 1000, "currency": "EUR"},
        "paymentMethod": {"type": "token", "token": {"value": "tkn_UqAvArS3gw"}},
        "returnUrl": "https://webshop.example.org/order/12345/",
        "webhookUrl": "https://webshop.example.org/payments/webhook/"
    });
    for (k, v) in extra.as_object().unwrap() {
        r[k] = v.clone();
    }
    r
}

fn build(flow: Flow, request: Value) -> Result<crate::protocol::HttpRequest, crate::protocol::SidecarError> {
    build_with(CONNECTOR, flow, request, auth(), &Options::default())
}

/// The spec's enum of a component schema.
fn spec_enum(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(crate::oracles::path("mollie/specs.yaml")).unwrap();
    let spec: Value = serde_yaml_ng_or_json(&text);
    spec["components"]["schemas"][name]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("no enum {name} in the spec"))
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// The enums this test reads are plain YAML lists under `components.schemas.<name>.enum`: read
/// those lines without a YAML library (the crate has none).
fn serde_yaml_ng_or_json(text: &str) -> Value {
    let mut schemas = serde_json::Map::new();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| *l == "  schemas:").expect("components.schemas in the spec");
    let mut i = start + 1;
    while i < lines.len() {
        let l = lines[i];
        if !l.starts_with("    ") && !l.trim().is_empty() {
            break;
        }
        if let Some(name) = l.strip_prefix("    ").filter(|n| !n.starts_with(' ')).and_then(|n| n.strip_suffix(':')) {
            // The schema's own `enum:` at six spaces, its items at eight.
            let mut j = i + 1;
            let mut values = Vec::new();
            while j < lines.len() && (lines[j].starts_with("      ") || lines[j].trim().is_empty()) {
                if lines[j] == "      enum:" {
                    let mut k = j + 1;
                    while k < lines.len() && lines[k].starts_with("        - ") {
                        values.push(Value::String(lines[k]["        - ".len()..].trim().trim_matches('\'').trim_matches('"').to_string()));
                        k += 1;
                    }
                }
                j += 1;
            }
            if !values.is_empty() {
                schemas.insert(name.to_string(), json!({ "enum": values }));
            }
            i = j;
            continue;
        }
        i += 1;
    }
    json!({ "components": { "schemas": schemas } })
}

#[test]
fn status_tables_cover_the_specs_enums() {
    for s in spec_enum("payment-status") {
        assert!(payment_status(&s, false).is_some(), "payment status {s}");
    }
    for s in spec_enum("capture-status") {
        assert!(capture_status(&s).is_some(), "capture status {s}");
    }
    for s in spec_enum("refund-status") {
        assert!(refund_status(&s).is_some(), "refund status {s}");
    }
    let reasons = spec_enum("payment-details-failure-reason-response");
    assert!(reasons.len() >= 15, "{reasons:?}");
    for r in reasons.iter().filter(|r| r.as_str() != "unknown_reason") {
        // Every documented reason has its own row (not the fallback, which has no decline type).
        assert!(failure_reason(r).1.is_some(), "failure reason {r}");
    }
    let events = spec_enum("webhook-event-types");
    for e in ["payment.paid", "payment.authorized", "payment.failed", "payment.canceled", "payment.expired", "payment.pending", "capture.succeeded", "refund.refunded", "chargeback.received"] {
        assert!(events.iter().any(|x| x == e), "{e} is a documented event type");
    }
}

#[test]
fn amounts_are_exact_decimal_strings_in_mollies_currencies() {
    for (minor, currency, value) in [(1000, "EUR", "10.00"), (1050, "EUR", "10.50"), (5, "EUR", "0.05"), (1000, "JPY", "1000"), (150, "ISK", "150"), (123456789, "USD", "1234567.89")] {
        let http = build(Flow::Authorize, authorize(json!({"amount": {"minorAmount": minor, "currency": currency}}))).unwrap();
        assert_eq!(body(&http)["amount"], json!({"currency": currency, "value": value}), "{minor} {currency}");
    }
    // Three-decimal currencies and any currency Mollie does not list: refused, never rounded.
    for currency in ["KWD", "BHD", "INR"] {
        let e = build(Flow::Authorize, authorize(json!({"amount": {"minorAmount": 1000, "currency": currency}}))).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidFieldValue, "{currency}");
        assert_eq!(e.field.as_deref(), Some("request.amount.currency"));
    }
    for (c, d) in currencies() {
        assert_eq!(Some(*d), crate::kit::money::iso_exponent(c), "{c}: Mollie's decimals are ISO 4217's");
    }
}

#[test]
fn authorize_a_card_token_on_hold() {
    let http = build(Flow::Authorize, authorize(json!({"captureMethod": "manual", "idempotencyKey": "order_1001-authorize", "description": "Order #12345"}))).unwrap();
    assert_eq!(http.method, HttpMethod::POST);
    assert_eq!(http.url, "https://api.mollie.com/v2/payments");
    let a = header(&http, "Authorization").unwrap();
    assert_eq!(a.value, format!("Bearer {KEY}"));
    assert!(a.sensitive);
    assert_eq!(header(&http, "Idempotency-Key").unwrap().value, "order_1001-authorize");
    assert!(http.body.as_ref().unwrap().sensitive, "the card token pays on its own");
    assert_eq!(
        body(&http),
        json!({
            "description": "Order #12345",
            "amount": {"currency": "EUR", "value": "10.00"},
            "redirectUrl": "https://webshop.example.org/order/12345/",
            "webhookUrl": "https://webshop.example.org/payments/webhook/",
            "method": "creditcard",
            "cardToken": "tkn_UqAvArS3gw",
            "captureMode": "manual",
            "metadata": {"merchantTransactionId": "order_1001"}
        })
    );
}

#[test]
fn local_methods_wallets_and_their_rules() {
    let ideal = build(Flow::Authorize, authorize(json!({"paymentMethod": {"type": "bankRedirect", "bankRedirect": {"method": "ideal"}}}))).unwrap();
    assert_eq!(body(&ideal)["method"], "ideal");
    assert!(body(&ideal).get("cardToken").is_none());
    // A hold only on cards and Klarna.
    let e = build(Flow::Authorize, authorize(json!({"captureMethod": "manual", "paymentMethod": {"type": "bankRedirect", "bankRedirect": {"method": "bancontact"}}}))).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.captureMethod"));
    // Mollie requires redirectUrl, except for an Apple Pay token.
    let mut no_return = authorize(json!({}));
    no_return.as_object_mut().unwrap().remove("returnUrl");
    assert_eq!(build(Flow::Authorize, no_return.clone()).unwrap_err().field.as_deref(), Some("request.returnUrl"));
    let payment_data = crate::kit::crypto::base64_encode(br#"{"version":"EC_v1","data":"vK3BbrCbI"}"#);
    no_return["paymentMethod"] = json!({"type": "applePay", "applePay": {"paymentData": payment_data}});
    let apple = build(Flow::Authorize, no_return).unwrap();
    assert_eq!(body(&apple)["method"], "applepay");
    assert_eq!(body(&apple)["applePayPaymentToken"], r#"{"paymentData":{"data":"vK3BbrCbI","version":"EC_v1"}}"#);
    // Google Pay: a card payment with the token.
    let google = build(Flow::Authorize, authorize(json!({"paymentMethod": {"type": "googlePay", "googlePay": {"token": "{\"signature\":\"MEYCIQ\"}"}}}))).unwrap();
    assert_eq!((body(&google)["method"].clone(), body(&google)["googlePayPaymentToken"].clone()), (json!("creditcard"), json!("{\"signature\":\"MEYCIQ\"}")));
    // Klarna needs its lines, adding up to the amount.
    let klarna = json!({"type": "bnpl", "bnpl": {"method": "klarna"}});
    assert_eq!(build(Flow::Authorize, authorize(json!({"paymentMethod": klarna}))).unwrap_err().field.as_deref(), Some("request.orderLines"));
    let lines = json!([{"name": "LEGO 4440 Forest Police Station", "quantity": 2, "unitAmount": {"minorAmount": 500, "currency": "EUR"}, "sku": "5702016116977"}]);
    let k = build(Flow::Authorize, authorize(json!({"paymentMethod": klarna, "orderLines": lines, "captureMethod": "manual"}))).unwrap();
    assert_eq!(
        body(&k)["lines"],
        json!([{"description": "LEGO 4440 Forest Police Station", "quantity": 2, "unitPrice": {"currency": "EUR", "value": "5.00"}, "totalAmount": {"currency": "EUR", "value": "10.00"}, "sku": "5702016116977"}])
    );
    let short = json!([{"name": "x", "quantity": 1, "unitAmount": {"minorAmount": 999, "currency": "EUR"}}]);
    assert_eq!(build(Flow::Authorize, authorize(json!({"paymentMethod": klarna, "orderLines": short}))).unwrap_err().field.as_deref(), Some("request.orderLines"));
    // The processor's reason for what it does not take.
    let card = json!({"type": "card", "card": {"number": "4111111111111111", "expMonth": "12", "expYear": "2030"}});
    let e = crate::connectors::check_payment_method(CONNECTOR.info(), &crate::protocol::FlowRequest::decode(Flow::Authorize, authorize(json!({"paymentMethod": card}))).unwrap()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported);
    assert!(e.message.contains("Mollie Components") && !e.message.contains("4111111111111111"), "{}", e.message);
}

#[test]
fn capture_void_refund_rsync_and_mandates_build_mollies_calls() {
    let cap = build(Flow::Capture, json!({"connectorTransactionId": "tr_WDqYK6vllg", "amountToCapture": {"minorAmount": 500, "currency": "EUR"}, "paymentAmount": {"minorAmount": 1000, "currency": "EUR"}})).unwrap();
    assert_eq!((cap.method, cap.url.as_str()), (HttpMethod::POST, "https://api.mollie.com/v2/payments/tr_WDqYK6vllg/captures"));
    assert_eq!(body(&cap), json!({"amount": {"currency": "EUR", "value": "5.00"}}));
    let over = build(Flow::Capture, json!({"connectorTransactionId": "tr_WDqYK6vllg", "amountToCapture": {"minorAmount": 1001, "currency": "EUR"}, "paymentAmount": {"minorAmount": 1000, "currency": "EUR"}})).unwrap_err();
    assert_eq!(over.field.as_deref(), Some("request.amountToCapture.minorAmount"));
    let whole = build(Flow::Capture, json!({"connectorTransactionId": "tr_WDqYK6vllg"})).unwrap();
    assert_eq!(body(&whole), json!({}));
    let void = build(Flow::Void, json!({"connectorTransactionId": "tr_WDqYK6vllg"})).unwrap();
    assert_eq!((void.method, void.url.as_str(), void.body.is_none()), (HttpMethod::DELETE, "https://api.mollie.com/v2/payments/tr_WDqYK6vllg", true));
    let rf = build(Flow::Refund, json!({"connectorTransactionId": "tr_WDqYK6vllg", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 250, "currency": "EUR"}, "reason": "Required quantity not in stock", "idempotencyKey": "rf-1"})).unwrap();
    assert_eq!(rf.url, "https://api.mollie.com/v2/payments/tr_WDqYK6vllg/refunds");
    assert_eq!(body(&rf), json!({"amount": {"currency": "EUR", "value": "2.50"}, "description": "Required quantity not in stock", "metadata": {"merchantRefundId": "rf-1"}}));
    let rs = build(Flow::Rsync, json!({"connectorTransactionId": "tr_WDqYK6vllg", "connectorRefundId": "re_4qqhO89gsT"})).unwrap();
    assert_eq!((rs.method, rs.url.as_str()), (HttpMethod::GET, "https://api.mollie.com/v2/payments/tr_WDqYK6vllg/refunds/re_4qqhO89gsT"));
    // A path id cannot climb out of its resource.
    assert!(build(Flow::Psync, json!({"connectorTransactionId": ".."})).is_err());
    let first = build(Flow::SetupMandate, json!({"merchantTransactionId": "m-1", "amount": {"minorAmount": 0, "currency": "EUR"}, "paymentMethod": {"type": "token", "token": {"value": "tkn_UqAvArS3gw"}}, "customer": {"connectorCustomerId": "cst_8wmqcHMN4U"}, "returnUrl": "https://webshop.example.org/r"})).unwrap();
    let b = body(&first);
    assert_eq!((b["sequenceType"].clone(), b["customerId"].clone(), b["amount"].clone()), (json!("first"), json!("cst_8wmqcHMN4U"), json!({"currency": "EUR", "value": "0.00"})));
    let e = build(Flow::SetupMandate, json!({"merchantTransactionId": "m-1", "amount": {"minorAmount": 0, "currency": "EUR"}, "paymentMethod": {"type": "token", "token": {"value": "tkn_UqAvArS3gw"}}, "returnUrl": "https://webshop.example.org/r"})).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.customer.connectorCustomerId")));
    let rec = build(Flow::RepeatPayment, json!({"merchantTransactionId": "r-1", "amount": {"minorAmount": 2500, "currency": "EUR"}, "mandateReference": "mdt_pWUnw6pkBN", "customer": {"connectorCustomerId": "cst_8wmqcHMN4U"}})).unwrap();
    let b = body(&rec);
    assert_eq!((b["sequenceType"].clone(), b["mandateId"].clone(), b.get("redirectUrl").is_none()), (json!("recurring"), json!("mdt_pWUnw6pkBN"), true));
    let revoke = build(Flow::RevokeMandate, json!({"mandateReference": "mdt_pWUnw6pkBN", "customer": {"connectorCustomerId": "cst_8wmqcHMN4U"}})).unwrap();
    assert_eq!((revoke.method, revoke.url.as_str()), (HttpMethod::DELETE, "https://api.mollie.com/v2/customers/cst_8wmqcHMN4U/mandates/mdt_pWUnw6pkBN"));
}

fn parse_authorize(status: u16, text: &str) -> crate::protocol::PaymentResult {
    payment(parse_with(CONNECTOR, Flow::Authorize, authorize(json!({})), &response(status, text), &Options::default()).unwrap())
}

#[test]
fn answers_are_read_by_mollies_tables() {
    let open = parse_authorize(
        201,
        r#"{"resource":"payment","id":"tr_WDqYK6vllg","status":"open","amount":{"value":"10.00","currency":"EUR"},"method":"creditcard","_links":{"checkout":{"href":"https://www.mollie.com/checkout/test-mode?method=creditcard&token=3.q6x7i2","type":"text/html"}}}"#,
    );
    assert_eq!(open.status, PaymentStatus::AuthenticationPending);
    assert_eq!(open.redirection.unwrap().url, "https://www.mollie.com/checkout/test-mode?method=creditcard&token=3.q6x7i2");
    let failed = parse_authorize(
        201,
        r#"{"resource":"payment","id":"tr_WDqYK6vllg","status":"failed","amount":{"value":"10.00","currency":"EUR"},"method":"creditcard","details":{"failureReason":"card_expired","failureMessage":"The card has expired."},"_links":{}}"#,
    );
    assert_eq!(failed.status, PaymentStatus::Failure);
    let e = failed.error.unwrap();
    assert_eq!((e.code, e.connector_code.as_deref()), (UnifiedErrorCode::ExpiredCard, Some("card_expired")));
    let refused = parse_authorize(422, r#"{"status":422,"title":"Unprocessable Entity","detail":"The amount is higher than the maximum","field":"amount","_links":{}}"#);
    assert_eq!(refused.status, PaymentStatus::Failure);
    let e = refused.error.unwrap();
    assert_eq!((e.code, e.connector_code.as_deref()), (UnifiedErrorCode::InvalidRequest, Some("422")));
    assert!(e.message.contains("field: amount"), "{}", e.message);
    assert_eq!(parse_authorize(401, r#"{"status":401,"title":"Unauthorized Request","detail":"Missing authentication, or failed to authenticate","_links":{}}"#).error.unwrap().code, UnifiedErrorCode::InvalidCredentials);
    assert_eq!(parse_authorize(503, "<html>Service Unavailable</html>").status, PaymentStatus::Unresolved);
    assert_eq!(parse_authorize(429, "").status, PaymentStatus::Unresolved);
    // Another object, or an unknown status: not understood, never guessed.
    let other = parse_with(CONNECTOR, Flow::Authorize, authorize(json!({})), &response(201, r#"{"resource":"refund","id":"re_1","status":"pending"}"#), &Options::default());
    assert_eq!(other.unwrap_err().kind, ErrorKind::ResponseDeserializationFailed);
    let odd = parse_with(CONNECTOR, Flow::Authorize, authorize(json!({})), &response(201, r#"{"resource":"payment","id":"tr_1","status":"settled","_links":{}}"#), &Options::default());
    assert_eq!(odd.unwrap_err().kind, ErrorKind::ResponseDeserializationFailed);
    let r = refund(
        parse_with(
            CONNECTOR,
            Flow::Refund,
            json!({"connectorTransactionId": "tr_WDqYK6vllg", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 500, "currency": "EUR"}}),
            &response(409, r#"{"status":409,"title":"Conflict","detail":"A duplicate refund has been detected","_links":{}}"#),
            &Options::default(),
        )
        .unwrap(),
    );
    assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Failure, UnifiedErrorCode::DuplicateTransaction));
}

fn webhook(headers: &[(&str, &str)], body: &str, secret: &str) -> crate::protocol::WebhookResult {
    let w = IncomingWebhook {
        headers: headers.iter().map(|(n, v)| ResponseHeader { name: n.to_string(), value: v.to_string() }).collect(),
        body: body.to_string(),
        secret: Secret::new(secret.to_string()),
        url: None,
    };
    read_webhook(CONNECTOR, &w, None, &Options::default()).unwrap()
}

#[test]
fn next_gen_webhooks_are_verified_and_classic_ones_are_not() {
    let body = r#"{"resource":"event","id":"event_GvJ8WHrp5isUdRub9CJyH","type":"payment.paid","entityId":"tr_5B8cwPMGnU6qLbRvo7qEZo","createdAt":"2024-12-16T15:57:04+00:00","_links":{}}"#;
    // hmac.new(b'whsec_mollie_test_secret', body, hashlib.sha256).hexdigest(), in Python.
    let signature = "sha256=45549a645ba7c9ef27b42ffad173527532afa3ebb1637f56b71396925d12f7bb";
    let ok = webhook(&[("X-Mollie-Signature", signature)], body, "whsec_mollie_test_secret");
    assert!(ok.verified, "{:?}", ok.reason);
    let e = &ok.events[0];
    assert_eq!((e.kind, e.payment_status, e.connector_transaction_id.as_deref()), (WebhookEventKind::Payment, Some(PaymentStatus::Charged), Some("tr_5B8cwPMGnU6qLbRvo7qEZo")));
    assert_eq!(e.connector_event_id.as_deref(), Some("event_GvJ8WHrp5isUdRub9CJyH"));
    let forged = webhook(&[("X-Mollie-Signature", signature)], &body.replace("payment.paid", "payment.failed"), "whsec_mollie_test_secret");
    assert!(!forged.verified && forged.events.is_empty());
    let other_secret = webhook(&[("X-Mollie-Signature", signature)], body, "whsec_other");
    assert!(!other_secret.verified && !format!("{other_secret:?}").contains("whsec_other"));
    // Classic: only an id, nothing to verify; the reason names the payment to fetch.
    let classic = webhook(&[("Content-Type", "application/x-www-form-urlencoded")], "id=tr_5B8cwPMGnU6qLbRvo7qEZo", "whsec_mollie_test_secret");
    assert!(!classic.verified && classic.events.is_empty());
    assert!(classic.reason.as_deref().unwrap().contains("psync (connectorTransactionId tr_5B8cwPMGnU6qLbRvo7qEZo)"));
    assert_eq!(classic.acknowledgement.status, 200);
}

#[test]
fn flows_mollie_cannot_do_carry_its_reason() {
    for flow in [Flow::CreateAccessToken, Flow::CompleteAuthorize, Flow::VerifyWebhook, Flow::IncrementalAuthorization, Flow::Reverse, Flow::AcceptDispute] {
        let reason = CONNECTOR.unsupported_reason(flow).unwrap_or_else(|| panic!("{flow:?} has a reason"));
        assert!(reason.contains("Mollie") && !reason.contains("not implemented") && !reason.contains("TODO"), "{reason}");
    }
    let _ = FlowResult::Refund;
}

#[test]
fn a_bank_transfer_shows_mollies_account_and_reference() {
    assert!(spec_enum("payment-method").contains(&"banktransfer".to_string()), "the spec's payment-method enum names banktransfer");
    let transfer = json!({"type": "bankTransfer", "bankTransfer": {"method": "sepaCreditTransfer"}});
    let req = build(Flow::Authorize, authorize(json!({"paymentMethod": transfer, "customer": {"email": "test@mollie.com"}}))).unwrap();
    let b = body(&req);
    assert_eq!((b["method"].clone(), b["billingAddress"].clone()), (json!("banktransfer"), json!({"email": "test@mollie.com"})));
    assert!(b.get("locale").is_none());
    // The country picks Mollie's account: NL, BE or DE (the spec's locale).
    let de = json!({"type": "bankTransfer", "bankTransfer": {"method": "sepaCreditTransfer", "country": "DE"}});
    assert_eq!(body(&build(Flow::Authorize, authorize(json!({"paymentMethod": de}))).unwrap())["locale"], "de_DE");
    let fr = json!({"type": "bankTransfer", "bankTransfer": {"method": "sepaCreditTransfer", "country": "FR"}});
    assert_eq!(build(Flow::Authorize, authorize(json!({"paymentMethod": fr}))).unwrap_err().field.as_deref(), Some("request.paymentMethod.bankTransfer.country"));
    assert!(b.get("cardToken").is_none() && b.get("captureMode").is_none());
    // Mollie chooses its account; a virtual account, a hold or a mandate is not Mollie's bank transfer.
    let bank = json!({"type": "bankTransfer", "bankTransfer": {"method": "sepaCreditTransfer", "bank": "ABNANL2A"}});
    assert_eq!(build(Flow::Authorize, authorize(json!({"paymentMethod": bank}))).unwrap_err().field.as_deref(), Some("request.paymentMethod.bankTransfer.bank"));
    let va = json!({"type": "bankTransfer", "bankTransfer": {"method": "virtualAccount"}});
    assert_eq!(build(Flow::Authorize, authorize(json!({"paymentMethod": va}))).unwrap_err().kind, ErrorKind::PaymentMethodNotSupported);
    assert_eq!(build(Flow::Authorize, authorize(json!({"paymentMethod": transfer, "captureMethod": "manual"}))).unwrap_err().field.as_deref(), Some("request.captureMethod"));
    let first = build(Flow::Authorize, authorize(json!({"paymentMethod": transfer, "setupFutureUsage": "offSession", "customer": {"connectorCustomerId": "cst_8wmqcHMN4U"}})));
    assert_eq!(first.unwrap_err().field.as_deref(), Some("request.setupFutureUsage"));

    // The answer: the spec's bank transfer `details` (its cancel-payment example), still open.
    let open = parse_authorize(
        201,
        r#"{"resource":"payment","id":"tr_WDqYK6vllg","status":"open","amount":{"value":"35.07","currency":"EUR"},"method":"banktransfer","expiresAt":"2024-04-01T09:13:37+00:00","details":{"bankName":"Stichting Mollie Payments","bankAccount":"NL53ABNA0627535577","bankBic":"ABNANL2A","transferReference":"RF12-3456-7890-1234"},"_links":{"checkout":{"href":"https://www.mollie.com/checkout/select-method/WDqYK6vllg","type":"text/html"},"status":{"href":"https://www.mollie.com/checkout/bank-transfer/status/3.8bkxfw","type":"text/html"}}}"#,
    );
    assert_eq!(open.status, PaymentStatus::Pending);
    assert!(open.redirection.is_none(), "nothing to authenticate: the shopper transfers the amount");
    let action = open.next_action.unwrap();
    assert_eq!(action.kind, crate::protocol::NextActionType::DisplayBankDetails);
    assert_eq!(action.url.as_deref(), Some("https://www.mollie.com/checkout/select-method/WDqYK6vllg"));
    assert_eq!(action.expires_at.as_deref(), Some("2024-04-01T09:13:37+00:00"));
    let d = action.bank_details.unwrap();
    assert_eq!(
        (d.bank_name.as_deref(), d.iban.as_deref(), d.bic.as_deref(), d.reference.as_deref()),
        (Some("Stichting Mollie Payments"), Some("NL53ABNA0627535577"), Some("ABNANL2A"), Some("RF12-3456-7890-1234"))
    );
    // Paid once the transfer arrives (the spec's list example).
    let paid = parse_authorize(
        200,
        r#"{"resource":"payment","id":"tr_4jbEGjvw3C","status":"paid","amount":{"value":"0.01","currency":"EUR"},"method":"banktransfer","details":{"bankName":"Stichting Mollie Payments","bankAccount":"NL70DEUT0265262313","bankBic":"DEUTNL2A","transferReference":"RF74-4500-4966-8489"},"_links":{}}"#,
    );
    assert_eq!((paid.status, paid.next_action.is_none()), (PaymentStatus::Charged, true));
}

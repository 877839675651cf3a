//! Cybersource connector tests: signed requests per flow (signature recomputed here from the
//! documented recipe), billTo requirements, money over every ISO currency, status and reason
//! tables through processor-shaped bodies.

use crate::protocol::{Flow, FlowRequest, FlowResult, HttpResponse};
use super::*;
use crate::connectors::test_support::{self, body};
use crate::kit::money::iso_currencies;
use crate::protocol::{DeclineType, ErrorKind, HttpHeader, Options, PaymentResult, PaymentStatus, RefundResult, RefundStatus, UnifiedErrorCode as U};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::{Digest, Sha256};

const SECRET_B64: &str = "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=";

fn auth() -> Value {
    json!({"merchantId": "testrest", "apiKeyId": "08c94330-f618-42a3-b09d-e1e43be5efda", "sharedSecret": SECRET_B64})
}

fn options() -> Options {
    serde_json::from_value(json!({"now": "2026-11-26T23:05:53Z"})).unwrap()
}

fn build(flow: Flow, request: Value) -> Result<HttpRequest, SidecarError> {
    test_support::build_with(CONNECTOR, flow, request, auth(), &options())
}

fn parse(flow: Flow, request: Value, status: u16, body: Value) -> FlowResult {
    test_support::parse_with(CONNECTOR, flow, request, &test_support::response(status, body.to_string()), &options()).unwrap()
}

fn payment(flow: Flow, request: Value, status: u16, body: Value) -> PaymentResult {
    test_support::payment(parse(flow, request, status, body))
}

fn refund(flow: Flow, request: Value, status: u16, body: Value) -> RefundResult {
    test_support::refund(parse(flow, request, status, body))
}

fn header<'a>(http: &'a HttpRequest, name: &str) -> &'a HttpHeader {
    test_support::header(http, name).unwrap_or_else(|| panic!("no {name} header"))
}

pub fn authorize_request() -> Value {
    json!({
        "merchantTransactionId": "order-1001",
        "amount": {"minorAmount": 10221, "currency": "USD"},
        "paymentMethod": {"type": "card", "card": {"number": "4111111111111111", "expMonth": "12", "expYear": "2031", "cvc": "123"}},
        "captureMethod": "manual",
        "customer": {"email": "jane@example.com"},
        "billingAddress": {"firstName": "Jane", "lastName": "Doe", "line1": "1 Market St", "city": "San Francisco", "state": "CA", "postalCode": "94105", "country": "US"}
    })
}

/// The documented recipe, written out again here rather than through kit::http_signature.
fn expected_signature(lines: &str) -> String {
    let key = base64::engine::general_purpose::STANDARD.decode(SECRET_B64).unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(lines.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[test]
fn authorize_is_signed_with_digest_and_carries_the_card_and_bill_to() {
    let http = build(Flow::Authorize, authorize_request()).unwrap();
    assert_eq!(http.url, "https://apitest.cybersource.com/pts/v2/payments");
    assert_eq!(http.method, HttpMethod::POST);
    let body = http.body.as_ref().unwrap();
    assert!(body.sensitive, "the body holds the card");
    let digest = format!("SHA-256={}", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.data.as_bytes())));
    assert_eq!(header(&http, "Digest").value, digest);
    assert_eq!(header(&http, "Date").value, "Thu, 26 Nov 2026 23:05:53 GMT");
    assert_eq!(header(&http, "Host").value, "apitest.cybersource.com");
    assert_eq!(header(&http, "v-c-merchant-id").value, "testrest");
    let lines = format!(
        "host: apitest.cybersource.com\ndate: Thu, 26 Nov 2026 23:05:53 GMT\nrequest-target: post /pts/v2/payments\ndigest: {digest}\nv-c-merchant-id: testrest"
    );
    let sig = header(&http, "Signature");
    assert!(sig.sensitive);
    assert_eq!(
        sig.value,
        format!(
            "keyid=\"08c94330-f618-42a3-b09d-e1e43be5efda\", algorithm=\"HmacSHA256\", headers=\"host date request-target digest v-c-merchant-id\", signature=\"{}\"",
            expected_signature(&lines)
        )
    );
    let b: Value = serde_json::from_str(&body.data).unwrap();
    assert_eq!(b["clientReferenceInformation"]["code"], "order-1001");
    assert_eq!(b["processingInformation"]["capture"], false);
    assert_eq!(b["orderInformation"]["amountDetails"], json!({"totalAmount": "102.21", "currency": "USD"}));
    assert_eq!(b["paymentInformation"]["card"], json!({"number": "4111111111111111", "expirationMonth": "12", "expirationYear": "2031", "type": "001", "securityCode": "123"}));
    assert_eq!(b["orderInformation"]["billTo"]["administrativeArea"], "CA");
    assert_eq!(b["orderInformation"]["billTo"]["email"], "jane@example.com");
    let mut automatic = authorize_request();
    automatic["captureMethod"] = json!("automatic");
    let b: Value = serde_json::from_str(&build(Flow::Authorize, automatic).unwrap().body.unwrap().data).unwrap();
    assert_eq!(b["processingInformation"]["capture"], true);
}

#[test]
fn get_is_signed_without_digest_and_base_url_override_signs_its_host() {
    let opts: Options = serde_json::from_value(json!({"now": "2026-11-26T23:05:53Z", "baseUrl": "http://127.0.0.1:4010/"})).unwrap();
    let req = FlowRequest::decode(Flow::Psync, json!({"connectorTransactionId": "6461731521426399003473"})).unwrap();
    let http = CONNECTOR.build_request(&req, auth(), &test_support::ctx(CONNECTOR, &opts)).unwrap();
    assert_eq!(http.url, "http://127.0.0.1:4010/tss/v2/transactions/6461731521426399003473");
    assert!(http.body.is_none());
    assert!(http.headers.iter().all(|h| h.name != "Digest"));
    let lines = "host: 127.0.0.1:4010\ndate: Thu, 26 Nov 2026 23:05:53 GMT\nrequest-target: get /tss/v2/transactions/6461731521426399003473\nv-c-merchant-id: testrest";
    assert!(header(&http, "Signature").value.ends_with(&format!(
        "headers=\"host date request-target v-c-merchant-id\", signature=\"{}\"",
        expected_signature(lines)
    )));
}

#[test]
fn missing_bill_to_fields_are_named() {
    let cases = [
        ("/billingAddress", "request.billingAddress"),
        ("/billingAddress/firstName", "request.billingAddress.firstName"),
        ("/billingAddress/lastName", "request.billingAddress.lastName"),
        ("/billingAddress/line1", "request.billingAddress.line1"),
        ("/billingAddress/city", "request.billingAddress.city"),
        ("/billingAddress/country", "request.billingAddress.country"),
        ("/billingAddress/state", "request.billingAddress.state"),
        ("/billingAddress/postalCode", "request.billingAddress.postalCode"),
        ("/customer", "request.customer.email"),
    ];
    for (pointer, field) in cases {
        let mut r = authorize_request();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        r.pointer_mut(if parent.is_empty() { "" } else { parent }).unwrap().as_object_mut().unwrap().remove(key);
        let e = build(Flow::Authorize, r).unwrap_err();
        assert_eq!(e.kind, ErrorKind::MissingRequiredField, "{pointer}");
        assert_eq!(e.field.as_deref(), Some(field), "{pointer}");
    }
    // Outside the US and Canada, state and postal code are optional.
    let mut r = authorize_request();
    r["billingAddress"] = json!({"firstName": "Jo", "lastName": "Bloggs", "line1": "1 High St", "city": "Dublin", "country": "IE"});
    assert!(build(Flow::Authorize, r).is_ok());
}

#[test]
fn card_errors_never_echo_the_number_and_other_methods_are_refused() {
    let mut r = authorize_request();
    r["paymentMethod"]["card"]["number"] = json!("4111111111111112");
    let e = build(Flow::Authorize, r).unwrap_err();
    assert!(!e.message.contains("4111111111111112"));
    let mut r = authorize_request();
    r["paymentMethod"] = json!({"type": "paypal"});
    assert_eq!(build(Flow::Authorize, r).unwrap_err().kind, ErrorKind::PaymentMethodNotSupported);
}

/// A Flex transient token as Microform hands it over: three base64url parts (header, payload,
/// signature); only its shape matters to the sidecar.
const TRANSIENT: &str = "eyJraWQiOiIwOHZTM0xlZyIsImFsZyI6IlJTMjU2In0.eyJpc3MiOiJGbGV4LzA4IiwiZXhwIjoxNzY0OTg0MDAwfQ.c2lnbmF0dXJlLWJ5LWN5YmVyc291cmNl";

#[test]
fn a_flex_transient_token_goes_in_token_information_instead_of_the_card() {
    let mut r = authorize_request();
    r["paymentMethod"] = json!({"type": "token", "token": {"value": TRANSIENT}});
    let b = body(&build(Flow::Authorize, r.clone()).unwrap());
    assert_eq!(b["tokenInformation"], json!({"transientTokenJwt": TRANSIENT}));
    assert!(b.get("paymentInformation").is_none(), "the token stands for the card");
    assert_eq!(b["orderInformation"]["billTo"]["email"], "jane@example.com", "billTo is still required");
    let mut setup = r.clone();
    setup["amount"] = json!({"minorAmount": 0, "currency": "USD"});
    setup.as_object_mut().unwrap().remove("captureMethod");
    let b = body(&build(Flow::SetupMandate, setup).unwrap());
    assert_eq!(b["tokenInformation"]["transientTokenJwt"], TRANSIENT);
    assert_eq!(b["processingInformation"]["actionList"], json!(["TOKEN_CREATE"]));
    for bad in ["tok_visa", "a.b", "a.b.c.d", "a.b!.c", "..", "a..c"] {
        let mut r = authorize_request();
        r["paymentMethod"] = json!({"type": "token", "token": {"value": bad}});
        let e = build(Flow::Authorize, r).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.paymentMethod.token.value")), "{bad}");
        assert!(!e.message.contains(bad), "the token is never quoted");
    }
}

#[test]
fn card_type_is_the_brand_code_from_the_number() {
    // Cybersource's card type codes; the numbers are the brands' published test cards.
    for (number, code) in [
        ("4111111111111111", Some("001")),
        ("5555555555554444", Some("002")),
        ("2223003122003222", Some("002")),
        ("378282246310005", Some("003")),
        ("6011111111111117", Some("004")),
        ("36227206271667", Some("005")),
        ("3530111333300000", Some("007")),
        ("6200000000000005", Some("062")),
        ("6759649826438453", Some("042")),
        ("9999999999999995", None),
    ] {
        let mut r = authorize_request();
        r["paymentMethod"]["card"]["number"] = json!(number);
        r["paymentMethod"]["card"].as_object_mut().unwrap().remove("cvc");
        let b = body(&build(Flow::Authorize, r).unwrap());
        assert_eq!(b["paymentInformation"]["card"].get("type").and_then(Value::as_str), code, "{number}");
    }
}

#[test]
fn ship_to_device_information_and_merchant_descriptor_are_sent_when_given() {
    let mut r = authorize_request();
    r["shippingAddress"] = json!({"firstName": "John", "lastName": "Roe", "line1": "2 Mission St", "line2": "Apt 4", "city": "San Francisco", "state": "CA", "postalCode": "94105", "country": "us"});
    r["browserInfo"] = json!({"ipAddress": "203.0.113.7", "userAgent": "Mozilla/5.0", "acceptHeader": "text/html", "language": "en-US", "colorDepth": 24, "screenHeight": 1080, "screenWidth": 1920, "timeZoneOffset": -60, "javaEnabled": false, "javascriptEnabled": true});
    r["statementDescriptor"] = json!("ACME WIDGETS");
    let b = body(&build(Flow::Authorize, r.clone()).unwrap());
    assert_eq!(
        b["orderInformation"]["shipTo"],
        json!({"firstName": "John", "lastName": "Roe", "address1": "2 Mission St", "address2": "Apt 4", "locality": "San Francisco", "administrativeArea": "CA", "postalCode": "94105", "country": "US"})
    );
    assert_eq!(
        b["deviceInformation"],
        json!({"ipAddress": "203.0.113.7", "userAgentBrowserValue": "Mozilla/5.0", "httpAcceptBrowserValue": "text/html", "httpBrowserLanguage": "en-US",
               "httpBrowserJavaEnabled": false, "httpBrowserJavaScriptEnabled": true, "httpBrowserColorDepth": "24", "httpBrowserScreenHeight": "1080",
               "httpBrowserScreenWidth": "1920", "httpBrowserTimeDifference": "-60"})
    );
    assert_eq!(b["merchantInformation"], json!({"merchantDescriptor": {"name": "ACME WIDGETS"}}));
    // IPv6 too; nothing of it when absent.
    r["browserInfo"] = json!({"ipAddress": "2001:db8::7"});
    assert_eq!(body(&build(Flow::Authorize, r).unwrap())["deviceInformation"], json!({"ipAddress": "2001:db8::7"}));
    let plain = body(&build(Flow::Authorize, authorize_request()).unwrap());
    for absent in ["deviceInformation", "merchantInformation", "tokenInformation"] {
        assert!(plain.get(absent).is_none(), "{absent}");
    }
    assert!(plain["orderInformation"].get("shipTo").is_none());
}

#[test]
fn descriptor_ip_and_ship_to_limits_are_refused_naming_the_field() {
    let mut r = authorize_request();
    r["statementDescriptor"] = json!("A".repeat(24));
    let e = build(Flow::Authorize, r.clone()).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.statementDescriptor")));
    r["statementDescriptor"] = json!("A".repeat(23));
    assert!(build(Flow::Authorize, r).is_ok(), "23 characters fit");
    let mut r = authorize_request();
    r["browserInfo"] = json!({"ipAddress": "203.0.113"});
    let e = build(Flow::Authorize, r).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.browserInfo.ipAddress")));
    let mut r = authorize_request();
    r["shippingAddress"] = json!({"line1": "2 Mission St", "city": "San Francisco"});
    let e = build(Flow::Authorize, r).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.shippingAddress.country")));
    let mut repeat = json!({"merchantTransactionId": "order-2", "amount": {"minorAmount": 500, "currency": "USD"}, "mandateReference": "F3A1B2C3D4E5", "statementDescriptor": "ACME*MONTHLY"});
    assert_eq!(body(&build(Flow::RepeatPayment, repeat.clone()).unwrap())["merchantInformation"]["merchantDescriptor"]["name"], "ACME*MONTHLY");
    repeat["statementDescriptor"] = json!("ACME WIDGETS MONTHLY PLAN");
    assert_eq!(build(Flow::RepeatPayment, repeat).unwrap_err().field.as_deref(), Some("request.statementDescriptor"));
}

#[test]
fn every_iso_currency_is_an_exact_decimal_string() {
    for (code, exponent) in iso_currencies() {
        let mut r = authorize_request();
        r["amount"] = json!({"minorAmount": 123456789, "currency": code});
        let http = build(Flow::Authorize, r).unwrap();
        let b: Value = serde_json::from_str(&http.body.unwrap().data).unwrap();
        let text = b["orderInformation"]["amountDetails"]["totalAmount"].as_str().unwrap().to_string();
        let expected = match exponent {
            0 => "123456789".to_string(),
            e => {
                let digits = "123456789";
                let cut = digits.len() - usize::from(*e);
                format!("{}.{}", &digits[..cut], &digits[cut..])
            }
        };
        assert_eq!(text, expected, "{code}");
        assert_eq!(b["orderInformation"]["amountDetails"]["currency"], *code);
        // And back: a response in this currency reads as the same minor units.
        let p = payment(
            Flow::Capture,
            json!({"connectorTransactionId": "p1", "amountToCapture": {"minorAmount": 123456789, "currency": code}}),
            201,
            json!({"id": "c1", "status": "PENDING", "orderInformation": {"amountDetails": {"totalAmount": text, "currency": code}}}),
        );
        assert_eq!(p.amount_captured.unwrap().minor_amount, 123456789, "{code}");
    }
}

#[test]
fn capture_void_refund_rsync_requests() {
    let http = build(
        Flow::Capture,
        json!({"connectorTransactionId": "6461731521426399003473", "amountToCapture": {"minorAmount": 5000, "currency": "USD"},
               "paymentAmount": {"minorAmount": 10221, "currency": "USD"}, "merchantTransactionId": "order-1001"}),
    )
    .unwrap();
    assert_eq!(http.url, "https://apitest.cybersource.com/pts/v2/payments/6461731521426399003473/captures");
    let b: Value = serde_json::from_str(&http.body.as_ref().unwrap().data).unwrap();
    assert_eq!(b, json!({"clientReferenceInformation": {"code": "order-1001"}, "orderInformation": {"amountDetails": {"totalAmount": "50.00", "currency": "USD"}}}));
    assert!(!http.body.unwrap().sensitive);
    let e = build(
        Flow::Capture,
        json!({"connectorTransactionId": "p", "amountToCapture": {"minorAmount": 20000, "currency": "USD"}, "paymentAmount": {"minorAmount": 10221, "currency": "USD"}}),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.amountToCapture.minorAmount"));

    let http = build(Flow::Void, json!({"connectorTransactionId": "p1", "amount": {"minorAmount": 10221, "currency": "USD"}, "reason": "customer cancelled"})).unwrap();
    assert_eq!(http.url, "https://apitest.cybersource.com/pts/v2/payments/p1/reversals");
    let b: Value = serde_json::from_str(&http.body.unwrap().data).unwrap();
    assert_eq!(b["reversalInformation"], json!({"amountDetails": {"totalAmount": "102.21", "currency": "USD"}, "reason": "customer cancelled"}));
    assert_eq!(b["clientReferenceInformation"]["code"], "p1");
    let e = build(Flow::Void, json!({"connectorTransactionId": "p1"})).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.amount")));

    let http = build(Flow::Refund, json!({"connectorTransactionId": "p1", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 1000, "currency": "USD"}})).unwrap();
    assert_eq!(http.url, "https://apitest.cybersource.com/pts/v2/payments/p1/refunds");
    let b: Value = serde_json::from_str(&http.body.unwrap().data).unwrap();
    assert_eq!(b["clientReferenceInformation"]["code"], "rf-1");
    assert_eq!(b["orderInformation"]["amountDetails"]["totalAmount"], "10.00");

    let http = build(Flow::Rsync, json!({"connectorTransactionId": "p1", "connectorRefundId": "r/1"})).unwrap();
    assert_eq!(http.url, "https://apitest.cybersource.com/tss/v2/transactions/r%2F1");
    assert_eq!(http.method, HttpMethod::GET);
    assert_eq!(build(Flow::Psync, json!({"connectorTransactionId": ".."})).unwrap_err().kind, ErrorKind::InvalidFieldValue);
}

#[test]
fn credentials_are_checked_and_never_echoed() {
    let opts = options();
    let req = FlowRequest::decode(Flow::Psync, json!({"connectorTransactionId": "p1"})).unwrap();
    let ctx = test_support::ctx(CONNECTOR, &opts);
    let e = CONNECTOR.build_request(&req, json!({"merchantId": "m", "apiKeyId": "k", "sharedSecret": "not base64!!"}), &ctx).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("auth.sharedSecret"));
    assert!(!e.message.contains("not base64"));
    let e = CONNECTOR.build_request(&req, json!({"merchantId": "m", "apiKeyId": "k"}), &ctx).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("auth.sharedSecret")));
}

#[test]
fn unsupported_flows_say_why() {
    let e = build(Flow::CompleteAuthorize, json!({"connectorTransactionId": "6461731521426399003473"})).unwrap_err();
    assert_eq!(e.kind, ErrorKind::FlowNotSupported);
    assert!(e.message.contains("Payer Authentication"), "{}", e.message);
    let e = build(Flow::CreateAccessToken, json!({})).unwrap_err();
    assert_eq!(e.kind, ErrorKind::FlowNotSupported);
    for flow in [Flow::SetupMandate, Flow::RepeatPayment, Flow::CreateCustomer] {
        assert!(CONNECTOR.supports(flow), "{flow:?} is supported");
        assert!(CONNECTOR.unsupported_reason(flow).is_none(), "{flow:?} is not also listed as unsupported");
    }
    assert!(CONNECTOR.reads_webhooks());
}

pub fn setup_request() -> Value {
    let mut r = authorize_request();
    r["amount"] = json!({"minorAmount": 0, "currency": "USD"});
    r.as_object_mut().unwrap().remove("captureMethod");
    r
}

fn repeat_request() -> Value {
    json!({"merchantTransactionId": "order-2002", "amount": {"minorAmount": 1999, "currency": "USD"},
        "mandateReference": "0A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D", "customer": {"connectorCustomerId": "F1E2D3C4B5A69788F1E2D3C4B5A69788"},
        "networkTransactionId": "016153570198200"})
}

#[test]
fn setup_mandate_is_a_zero_amount_token_create_authorization() {
    let http = build(Flow::SetupMandate, setup_request()).unwrap();
    assert_eq!(http.url, "https://apitest.cybersource.com/pts/v2/payments");
    assert!(http.body.as_ref().unwrap().sensitive, "the body holds the card");
    let b = body(&http);
    assert_eq!(b["processingInformation"], json!({
        "actionList": ["TOKEN_CREATE"], "actionTokenTypes": ["customer", "paymentInstrument"], "capture": false,
        "commerceIndicator": "internet", "authorizationOptions": {"initiator": {"type": "customer", "credentialStoredOnFile": true}}
    }));
    assert_eq!(b["orderInformation"]["amountDetails"], json!({"totalAmount": "0.00", "currency": "USD"}));
    assert_eq!(b["orderInformation"]["billTo"]["email"], "jane@example.com");
    assert_eq!(b["paymentInformation"]["card"]["number"], "4111111111111111");
    assert!(b["paymentInformation"].get("customer").is_none());
    // Zero in a zero-decimal currency, and a non-zero verification amount.
    let mut jpy = setup_request();
    jpy["amount"] = json!({"minorAmount": 0, "currency": "JPY"});
    assert_eq!(body(&build(Flow::SetupMandate, jpy).unwrap())["orderInformation"]["amountDetails"]["totalAmount"], "0");
    let mut one = setup_request();
    one["amount"] = json!({"minorAmount": 100, "currency": "EUR"});
    assert_eq!(body(&build(Flow::SetupMandate, one).unwrap())["orderInformation"]["amountDetails"]["totalAmount"], "1.00");
    // Under an existing customer: only a payment instrument is made, under that customer.
    let mut existing = setup_request();
    existing["customer"]["connectorCustomerId"] = json!(" F1E2D3C4B5A69788F1E2D3C4B5A69788 ");
    let b = body(&build(Flow::SetupMandate, existing).unwrap());
    assert_eq!(b["processingInformation"]["actionTokenTypes"], json!(["paymentInstrument"]));
    assert_eq!(b["paymentInformation"]["customer"], json!({"id": "F1E2D3C4B5A69788F1E2D3C4B5A69788"}));
    // Refusals name the field.
    let mut negative = setup_request();
    negative["amount"]["minorAmount"] = json!(-1);
    assert_eq!(build(Flow::SetupMandate, negative).unwrap_err().field.as_deref(), Some("request.amount.minorAmount"));
    let mut unknown = setup_request();
    unknown["amount"]["currency"] = json!("XYZ");
    assert_eq!(build(Flow::SetupMandate, unknown).unwrap_err().field.as_deref(), Some("request.amount.currency"));
    let mut no_address = setup_request();
    no_address.as_object_mut().unwrap().remove("billingAddress");
    assert_eq!(build(Flow::SetupMandate, no_address).unwrap_err().field.as_deref(), Some("request.billingAddress"));
    let mut blank_customer = setup_request();
    blank_customer["customer"]["connectorCustomerId"] = json!("  ");
    assert_eq!(build(Flow::SetupMandate, blank_customer).unwrap_err().field.as_deref(), Some("request.customer.connectorCustomerId"));
}

#[test]
fn repeat_payment_is_merchant_initiated_on_the_payment_instrument() {
    let http = build(Flow::RepeatPayment, repeat_request()).unwrap();
    assert_eq!(http.url, "https://apitest.cybersource.com/pts/v2/payments");
    let b = body(&http);
    assert_eq!(b, json!({
        "clientReferenceInformation": {"code": "order-2002"},
        "processingInformation": {"capture": true, "commerceIndicator": "internet", "authorizationOptions": {"initiator": {
            "type": "merchant", "storedCredentialUsed": true,
            "merchantInitiatedTransaction": {"reason": "10", "previousTransactionId": "016153570198200"}}}},
        "paymentInformation": {"customer": {"id": "F1E2D3C4B5A69788F1E2D3C4B5A69788"}, "paymentInstrument": {"id": "0A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D"}},
        "orderInformation": {"amountDetails": {"totalAmount": "19.99", "currency": "USD"}}
    }));
    let mut manual = repeat_request();
    manual["captureMethod"] = json!("manual");
    manual.as_object_mut().unwrap().remove("networkTransactionId");
    manual.as_object_mut().unwrap().remove("customer");
    let b = body(&build(Flow::RepeatPayment, manual).unwrap());
    assert_eq!(b["processingInformation"]["capture"], false);
    assert_eq!(b["processingInformation"]["authorizationOptions"]["initiator"]["merchantInitiatedTransaction"], json!({"reason": "10"}));
    assert_eq!(b["paymentInformation"], json!({"paymentInstrument": {"id": "0A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D"}}));
    let mut blank = repeat_request();
    blank["mandateReference"] = json!(" ");
    assert_eq!(build(Flow::RepeatPayment, blank).unwrap_err().field.as_deref(), Some("request.mandateReference"));
    let mut zero = repeat_request();
    zero["amount"]["minorAmount"] = json!(0);
    assert!(build(Flow::RepeatPayment, zero).is_err(), "a repeat payment takes money");
}

fn token_response(status: &str) -> Value {
    json!({"id": "7012345678901234567890", "status": status, "clientReferenceInformation": {"code": "order-1001"},
        "orderInformation": {"amountDetails": {"authorizedAmount": "0.00", "currency": "USD"}},
        "processorInformation": {"networkTransactionId": "016153570198200", "responseCode": "100"},
        "tokenInformation": {"instrumentidentifierNew": false,
            "customer": {"id": "F1E2D3C4B5A69788F1E2D3C4B5A69788"},
            "paymentInstrument": {"id": "0A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D"},
            "instrumentIdentifier": {"id": "7010000000016241111", "state": "ACTIVE"}}})
}

#[test]
fn setup_mandate_results_carry_the_tokens() {
    let ok = payment(Flow::SetupMandate, setup_request(), 201, token_response("AUTHORIZED"));
    assert_eq!(ok.status, PaymentStatus::Authorized, "a verification is never a charge");
    assert_eq!(ok.mandate_reference.as_deref(), Some("0A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D"));
    assert_eq!(ok.connector_customer_id.as_deref(), Some("F1E2D3C4B5A69788F1E2D3C4B5A69788"));
    assert_eq!(ok.network_transaction_id.as_deref(), Some("016153570198200"));
    assert_eq!(ok.connector_transaction_id.as_deref(), Some("7012345678901234567890"));
    assert!(ok.error.is_none());
    // Under the caller's customer the answer may name no customer: the caller's is kept.
    let mut existing = setup_request();
    existing["customer"]["connectorCustomerId"] = json!("CALLERS0CUSTOMER0TOKEN");
    let mut no_customer = token_response("AUTHORIZED");
    no_customer["tokenInformation"].as_object_mut().unwrap().remove("customer");
    let r = payment(Flow::SetupMandate, existing.clone(), 201, no_customer.clone());
    assert_eq!(r.connector_customer_id.as_deref(), Some("CALLERS0CUSTOMER0TOKEN"));
    // ...and when it names it, it is in paymentInformation.customer (documented layout).
    no_customer["paymentInformation"] = json!({"card": {"type": "001"}, "customer": {"id": "ANSWERS0CUSTOMER0TOKEN"}});
    assert_eq!(payment(Flow::SetupMandate, existing, 201, no_customer).connector_customer_id.as_deref(), Some("ANSWERS0CUSTOMER0TOKEN"));
    // Declined: no mandate, even if tokens were named.
    let mut declined = token_response("DECLINED");
    declined["errorInformation"] = json!({"reason": "EXPIRED_CARD", "message": "Decline - Expired card."});
    let d = payment(Flow::SetupMandate, setup_request(), 201, declined);
    assert_eq!((d.status, d.mandate_reference.as_deref()), (PaymentStatus::Failure, None));
    assert_eq!(d.error.unwrap().code, U::ExpiredCard);
    // Authorized without a payment instrument: nothing saved, a failure that says so.
    let mut untokenized = token_response("AUTHORIZED");
    untokenized.as_object_mut().unwrap().remove("tokenInformation");
    let u = payment(Flow::SetupMandate, setup_request(), 201, untokenized);
    assert_eq!((u.status, u.mandate_reference.as_deref()), (PaymentStatus::Failure, None));
    assert!(u.error.unwrap().message.contains("no payment instrument"));
    // Pending review is not a mandate yet.
    assert_eq!(payment(Flow::SetupMandate, setup_request(), 201, token_response("AUTHORIZED_PENDING_REVIEW")).mandate_reference, None);
    // A 400 names the reason.
    let bad = payment(Flow::SetupMandate, setup_request(), 400,
        json!({"status": "INVALID_REQUEST", "reason": "INVALID_DATA", "message": "Declined - One or more fields in the request contains invalid data",
            "details": [{"field": "paymentInformation.customer.id", "reason": "INVALID_DATA"}]}));
    assert_eq!(bad.status, PaymentStatus::Failure);
    assert!(bad.error.unwrap().message.contains("paymentInformation.customer.id"));
}

#[test]
fn repeat_payment_results() {
    let body = json!({"id": "7012345678901234567891", "status": "AUTHORIZED", "clientReferenceInformation": {"code": "order-2002"},
        "orderInformation": {"amountDetails": {"totalAmount": "19.99", "authorizedAmount": "19.99", "currency": "USD"}},
        "processorInformation": {"networkTransactionId": "016153570198201"}});
    let sale = payment(Flow::RepeatPayment, repeat_request(), 201, body.clone());
    assert_eq!(sale.status, PaymentStatus::Charged);
    assert_eq!(sale.amount_captured, Some(crate::protocol::Money { minor_amount: 1999, currency: "USD".into() }));
    assert_eq!(sale.mandate_reference, None, "a repeat payment saves nothing new");
    let mut manual = repeat_request();
    manual["captureMethod"] = json!("manual");
    assert_eq!(payment(Flow::RepeatPayment, manual, 201, body).status, PaymentStatus::Authorized);
    let declined = payment(Flow::RepeatPayment, repeat_request(), 201,
        json!({"id": "1", "status": "DECLINED", "errorInformation": {"reason": "INSUFFICIENT_FUND", "message": "Decline - Insufficient funds in the account."}}));
    assert_eq!((declined.status, declined.error.as_ref().unwrap().code), (PaymentStatus::Failure, U::InsufficientFunds));
    assert_eq!(payment(Flow::RepeatPayment, repeat_request(), 502, json!({"status": "SERVER_ERROR", "reason": "SERVER_TIMEOUT"})).status, PaymentStatus::Unresolved);
}

#[test]
fn create_customer_request_and_results() {
    let req = json!({"customer": {"id": "shopper-77", "email": "jane@example.com", "name": "Jane Doe"}, "merchantTransactionId": "order-1001"});
    let http = build(Flow::CreateCustomer, req.clone()).unwrap();
    assert_eq!(http.url, "https://apitest.cybersource.com/tms/v2/customers");
    assert_eq!(http.method, HttpMethod::POST);
    assert!(header(&http, "Digest").value.starts_with("SHA-256="));
    assert_eq!(body(&http), json!({"buyerInformation": {"merchantCustomerID": "shopper-77", "email": "jane@example.com"},
        "clientReferenceInformation": {"code": "order-1001"}}));
    assert_eq!(body(&build(Flow::CreateCustomer, json!({"customer": {}})).unwrap()), json!({}));
    let long = json!({"customer": {"id": "x".repeat(101)}});
    assert_eq!(build(Flow::CreateCustomer, long).unwrap_err().field.as_deref(), Some("request.customer.id"));

    let customer = |status: u16, body: Value| match parse(Flow::CreateCustomer, req.clone(), status, body) {
        FlowResult::Customer(c) => c,
        other => panic!("not a customer: {other:?}"),
    };
    let ok = customer(201, json!({"_links": {"self": {"href": "/tms/v2/customers/D9F340DD3DB9C276E053A2598D0A41A3"}},
        "id": "D9F340DD3DB9C276E053A2598D0A41A3", "buyerInformation": {"merchantCustomerID": "shopper-77", "email": "jane@example.com"},
        "metadata": {"creator": "testrest"}}));
    assert_eq!(ok.connector_customer_id.as_deref(), Some("D9F340DD3DB9C276E053A2598D0A41A3"));
    assert_eq!(ok.status, crate::protocol::CustomerStatus::Success);
    let bad = customer(400, json!({"errors": [{"type": "invalidRequest", "message": "Invalid Request",
        "details": [{"name": "buyerInformation.email", "location": "body"}]}]}));
    let e = bad.error.unwrap();
    assert_eq!((e.code, e.connector_code.as_deref()), (U::InvalidRequest, Some("invalidRequest")));
    assert!(e.message.contains("buyerInformation.email"), "{}", e.message);
    assert_eq!(customer(401, json!({"response": {"rmsg": "Authentication Failed"}})).error.unwrap().code, U::InvalidCredentials);
    assert_eq!(customer(500, json!({"errors": [{"type": "serverError", "message": "Internal server error"}]})).error.unwrap().code, U::ProcessorUnavailable);
    assert_eq!(customer(503, json!({})).error.unwrap().code, U::ProcessorUnavailable);
}

#[test]
fn authorization_statuses() {
    let manual = authorize_request();
    let mut automatic = authorize_request();
    automatic["captureMethod"] = json!("automatic");
    let ok = json!({"id": "6461731521426399003473", "status": "AUTHORIZED", "orderInformation": {"amountDetails": {"authorizedAmount": "102.21", "currency": "USD"}},
                    "processorInformation": {"networkTransactionId": "123456789619999", "approvalCode": "888888"}});
    let p = payment(Flow::Authorize, manual.clone(), 201, ok.clone());
    assert_eq!(p.status, PaymentStatus::Authorized);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("6461731521426399003473"));
    assert_eq!(p.network_transaction_id.as_deref(), Some("123456789619999"));
    assert!(p.error.is_none());
    let p = payment(Flow::Authorize, automatic, 201, ok);
    assert_eq!(p.status, PaymentStatus::Charged);
    assert_eq!(p.amount_captured.as_ref().unwrap().minor_amount, 10221);
    for (word, expected) in [
        ("PARTIAL_AUTHORIZED", PaymentStatus::PartiallyAuthorized),
        ("AUTHORIZED_PENDING_REVIEW", PaymentStatus::Pending),
        ("PENDING_REVIEW", PaymentStatus::Pending),
        ("AUTHORIZED_RISK_DECLINED", PaymentStatus::Failure),
        ("DECLINED", PaymentStatus::Failure),
        ("INVALID_REQUEST", PaymentStatus::Failure),
        ("PENDING_AUTHENTICATION", PaymentStatus::AuthenticationPending),
        ("SOMETHING_NEW", PaymentStatus::Unresolved),
    ] {
        assert_eq!(payment(Flow::Authorize, manual.clone(), 201, json!({"id": "x", "status": word})).status, expected, "{word}");
    }
}

#[test]
fn every_reason_maps_through_a_declined_body() {
    for (reason, code, decline) in mapping::known_reasons() {
        let body = json!({"id": "6461731521426399003473", "status": "DECLINED",
                          "errorInformation": {"reason": reason, "message": "Decline - see reason"}});
        let p = payment(Flow::Authorize, authorize_request(), 201, body);
        assert_eq!(p.status, PaymentStatus::Failure, "{reason}");
        let e = p.error.expect("an error");
        assert_eq!(e.code, code, "{reason}");
        assert_eq!(e.decline_type, decline, "{reason}");
        assert_eq!(e.connector_code.as_deref(), Some(reason));
        assert_eq!(e.connector_message.as_deref(), Some("Decline - see reason"));
    }
    let p = payment(Flow::Authorize, authorize_request(), 201, json!({"id": "x", "status": "DECLINED", "errorInformation": {"reason": "EXPIRED_CARD"}}));
    assert_eq!(p.error.unwrap().decline_type, Some(DeclineType::Hard));
}

#[test]
fn http_failures() {
    let r = authorize_request();
    let p = payment(Flow::Authorize, r.clone(), 400, json!({"submitTimeUtc": "2026-11-26T23:05:54Z", "status": "INVALID_REQUEST", "reason": "MISSING_FIELD",
        "message": "Declined - The request is missing one or more fields", "details": [{"field": "orderInformation.billTo.locality", "reason": "MISSING_FIELD"}]}));
    assert_eq!(p.status, PaymentStatus::Failure);
    let e = p.error.unwrap();
    assert_eq!((e.code, e.connector_code.as_deref()), (U::InvalidRequest, Some("MISSING_FIELD")));
    assert!(e.message.contains("orderInformation.billTo.locality"));
    let p = payment(Flow::Authorize, r.clone(), 401, json!({"response": {"rmsg": "Authentication Failed"}}));
    assert_eq!((p.status, p.error.as_ref().unwrap().code), (PaymentStatus::Failure, U::InvalidCredentials));
    let p = payment(Flow::Authorize, r.clone(), 502, json!({"status": "SERVER_ERROR", "reason": "SERVER_TIMEOUT", "message": "Error - request received but timed out"}));
    assert_eq!((p.status, p.error.as_ref().unwrap().code), (PaymentStatus::Unresolved, U::ProcessorUnavailable));
    let opts = options();
    let req = FlowRequest::decode(Flow::Authorize, r.clone()).unwrap();
    let ctx = test_support::ctx(CONNECTOR, &opts);
    let html: HttpResponse = serde_json::from_value(json!({"status": 503, "body": "<html>down</html>"})).unwrap();
    assert!(matches!(CONNECTOR.parse_response(&req, &html, &ctx).unwrap(), FlowResult::Payment(PaymentResult { status: PaymentStatus::Unresolved, .. })));
    let garbage: HttpResponse = serde_json::from_value(json!({"status": 201, "body": "{\"number\": \"4111111111111111\""})).unwrap();
    let e = CONNECTOR.parse_response(&req, &garbage, &ctx).unwrap_err();
    assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed);
    assert!(!e.to_data().to_string().contains("4111111111111111"));
    // Capture and void refusals leave the authorization as it was.
    let capture = json!({"connectorTransactionId": "p1", "amountToCapture": {"minorAmount": 100, "currency": "USD"}});
    let p = payment(Flow::Capture, capture, 400, json!({"status": "INVALID_REQUEST", "reason": "EXCEEDS_AUTH_AMOUNT", "message": "exceeds"}));
    assert_eq!((p.status, p.error.unwrap().code), (PaymentStatus::CaptureFailed, U::InvalidAmount));
    let void = json!({"connectorTransactionId": "p1", "amount": {"minorAmount": 100, "currency": "USD"}});
    let p = payment(Flow::Void, void, 400, json!({"status": "INVALID_REQUEST", "reason": "AUTH_ALREADY_REVERSED"}));
    assert_eq!((p.status, p.error.unwrap().code), (PaymentStatus::VoidFailed, U::TransactionNotAllowed));
}

#[test]
fn capture_void_and_refund_results() {
    let capture = json!({"connectorTransactionId": "p1", "amountToCapture": {"minorAmount": 5000, "currency": "USD"}, "paymentAmount": {"minorAmount": 10221, "currency": "USD"}});
    let p = payment(Flow::Capture, capture, 201, json!({"id": "c9", "status": "PENDING", "orderInformation": {"amountDetails": {"totalAmount": "50.00", "currency": "USD"}}}));
    assert_eq!(p.status, PaymentStatus::PartialCharged);
    assert_eq!(p.connector_transaction_id.as_deref(), Some("p1"), "the payment's id, not the capture's");
    assert_eq!(p.amount_captured.unwrap().minor_amount, 5000);
    let void = json!({"connectorTransactionId": "p1", "amount": {"minorAmount": 10221, "currency": "USD"}});
    let p = payment(Flow::Void, void, 201, json!({"id": "v1", "status": "REVERSED", "reversalAmountDetails": {"reversedAmount": "102.21", "currency": "USD"}}));
    assert_eq!(p.status, PaymentStatus::Voided);
    let rq = json!({"connectorTransactionId": "p1", "merchantRefundId": "rf-1", "refundAmount": {"minorAmount": 1000, "currency": "USD"}});
    let r = refund(Flow::Refund, rq.clone(), 201, json!({"id": "r1", "status": "PENDING", "refundAmountDetails": {"refundAmount": "10.00", "currency": "USD"}}));
    assert_eq!((r.status, r.connector_refund_id.as_deref(), r.refund_amount.unwrap().minor_amount), (RefundStatus::Pending, Some("r1"), 1000));
    let r = refund(Flow::Refund, rq.clone(), 400, json!({"status": "INVALID_REQUEST", "reason": "INVALID_AMOUNT", "message": "too much"}));
    assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Failure, U::InvalidAmount));
    let r = refund(Flow::Refund, rq, 502, json!({"status": "SERVER_ERROR", "reason": "SYSTEM_ERROR"}));
    assert_eq!(r.status, RefundStatus::Pending, "an unknown outcome is never reported as failed");
}

fn tss(status: &str, apps: Value) -> Value {
    json!({"id": "t1", "applicationInformation": {"status": status, "rCode": "1", "rFlag": "SOK", "applications": apps},
           "orderInformation": {"amountDetails": {"totalAmount": "102.21", "currency": "USD", "authorizedAmount": "102.21"}}})
}

#[test]
fn transaction_details_read_the_services_that_ran() {
    let ps = json!({"connectorTransactionId": "p1"});
    let auth_ok = json!({"name": "ics_auth", "rCode": "1", "rFlag": "SOK", "reasonCode": "100"});
    assert_eq!(payment(Flow::Psync, ps.clone(), 200, tss("AUTHORIZED", json!([auth_ok]))).status, PaymentStatus::Authorized);
    let sale = tss("PENDING", json!([auth_ok, {"name": "ics_bill", "rCode": "1", "rFlag": "SOK"}]));
    let p = payment(Flow::Psync, ps.clone(), 200, sale);
    assert_eq!((p.status, p.amount_captured.unwrap().minor_amount), (PaymentStatus::Charged, 10221));
    let reversed = tss("REVERSED", json!([auth_ok, {"name": "ics_auth_reversal", "rCode": "1", "rFlag": "SOK"}]));
    assert_eq!(payment(Flow::Psync, ps.clone(), 200, reversed).status, PaymentStatus::Voided);
    let declined = tss("DECLINED", json!([{"name": "ics_auth", "rCode": "0", "rFlag": "DINSUFFICIENTFUNDS", "rMessage": "Decline - Insufficient funds"}]));
    let p = payment(Flow::Psync, ps.clone(), 200, declined);
    assert_eq!(p.status, PaymentStatus::Failure);
    assert_eq!(p.error.unwrap().connector_code.as_deref(), Some("DINSUFFICIENTFUNDS"));
    let p = payment(Flow::Psync, ps.clone(), 404, json!({"message": "The requested resource does not exist"}));
    assert_eq!((p.status, p.error.unwrap().code), (PaymentStatus::Unresolved, U::NotFound));
    let rs = json!({"connectorTransactionId": "p1", "connectorRefundId": "r1"});
    let credit = |status: &str, rcode: &str| tss(status, json!([{"name": "ics_credit", "rCode": rcode, "rFlag": "SOK"}]));
    assert_eq!(refund(Flow::Rsync, rs.clone(), 200, credit("TRANSMITTED", "1")).status, RefundStatus::Success);
    assert_eq!(refund(Flow::Rsync, rs.clone(), 200, credit("PENDING", "1")).status, RefundStatus::Pending);
    assert_eq!(refund(Flow::Rsync, rs.clone(), 200, credit("FAILED", "-1")).status, RefundStatus::Failure);
    let r = refund(Flow::Rsync, rs, 404, json!({}));
    assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Pending, U::NotFound));
}

#[test]
fn every_r_flag_maps_through_transaction_details() {
    for (flag, code, decline) in mapping::known_r_flags() {
        let body = tss("DECLINED", json!([{"name": "ics_auth", "rCode": "0", "rFlag": flag, "rMessage": "see rFlag"}]));
        let p = payment(Flow::Psync, json!({"connectorTransactionId": "p1"}), 200, body);
        assert_eq!(p.status, PaymentStatus::Failure, "{flag}");
        let e = p.error.unwrap();
        assert_eq!((e.code, e.decline_type, e.connector_code.as_deref()), (code, decline, Some(flag)), "{flag}");
    }
    let body = tss("FAILED", json!([{"name": "ics_credit", "rCode": "-1", "rFlag": "EUNKNOWN"}]));
    let r = refund(Flow::Rsync, json!({"connectorTransactionId": "p1", "connectorRefundId": "r1"}), 200, body);
    assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Failure, U::ProcessingError));
}

#[test]
fn capture_and_void_leave_their_transaction_for_psync() {
    let capture = json!({"connectorTransactionId": "p1", "amountToCapture": {"minorAmount": 5000, "currency": "USD"}, "state": {"other": "kept"}});
    let p = payment(Flow::Capture, capture, 201, json!({"id": "c9", "status": "PENDING"}));
    let state = p.state.unwrap();
    assert_eq!((state.get("captureId").map(String::as_str), state.get("other").map(String::as_str)), (Some("c9"), Some("kept")));
    let refused = json!({"connectorTransactionId": "p1", "amountToCapture": {"minorAmount": 5000, "currency": "USD"}});
    assert!(payment(Flow::Capture, refused, 400, json!({"id": "c10", "status": "INVALID_REQUEST", "reason": "INVALID_DATA"})).state.is_none());
    let http = build(Flow::Psync, json!({"connectorTransactionId": "p1", "state": {"captureId": "c9"}})).unwrap();
    assert!(http.url.ends_with("/tss/v2/transactions/c9"));
    let http = build(Flow::Psync, json!({"connectorTransactionId": "p1", "state": {"captureId": "c9", "reversalId": "v1"}})).unwrap();
    assert!(http.url.ends_with("/tss/v2/transactions/v1"));
    let e = build(Flow::Psync, json!({"connectorTransactionId": "p1", "state": {"reversalId": ".."}})).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.state.reversalId"));
}

/// eCheck (ACH): the eCheck guide's debit request shape, PENDING read as charged (and a decline as
/// a failure), psync through Transaction Details' ecp_debit application, the limits refused.
#[test]
fn echeck_debit() {
    let mut r = authorize_request();
    r["captureMethod"] = json!("automatic");
    r["paymentMethod"] = json!({"type": "bankDebit", "bankDebit": {"method": "ach", "accountHolderName": "Jane Doe", "accountNumber": "4100", "routingNumber": "071923284", "accountType": "savings"}});
    let http = build(Flow::Authorize, r.clone()).unwrap();
    let b = body(&http);
    assert_eq!(b["paymentInformation"], json!({"bank": {"account": {"type": "S", "number": "4100"}, "routingNumber": "071923284"}, "paymentType": {"name": "check"}}));
    assert_eq!(b["processingInformation"], json!({"commerceIndicator": "internet", "bankTransferOptions": {"secCode": "WEB"}}));
    assert!(http.body.as_ref().unwrap().sensitive);
    let pending = json!({"id": "16681201582270123456789", "status": "PENDING", "orderInformation": {"amountDetails": {"totalAmount": "102.21", "currency": "USD"}}});
    assert_eq!(payment(Flow::Authorize, r.clone(), 201, pending).status, PaymentStatus::Charged);
    let declined = json!({"id": "16681201582270123456790", "status": "DECLINED", "errorInformation": {"reason": "DECLINED_CHECK", "message": "Declined check"}});
    assert_eq!(payment(Flow::Authorize, r.clone(), 201, declined).status, PaymentStatus::Failure);
    assert_eq!(mapping::debit_status(Some("SOMETHING_NEW")), PaymentStatus::Unresolved);
    let details = json!({"id": "16681201582270123456789", "applicationInformation": {"status": "PENDING", "applications": [{"name": "ecp_debit", "rCode": "1", "rFlag": "SOK"}]},
                         "orderInformation": {"amountDetails": {"totalAmount": "102.21", "currency": "USD"}}});
    assert_eq!(payment(Flow::Psync, json!({"connectorTransactionId": "16681201582270123456789"}), 200, details).status, PaymentStatus::Charged);
    let mut manual = r.clone();
    manual["captureMethod"] = json!("manual");
    assert_eq!(build(Flow::Authorize, manual).unwrap_err().field.as_deref(), Some("request.captureMethod"));
    let mut long = r.clone();
    long["paymentMethod"]["bankDebit"]["accountNumber"] = json!("123456789012345678");
    let e = build(Flow::Authorize, long).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.paymentMethod.bankDebit.accountNumber")));
    assert!(!e.message.contains("123456789012345678"));
}

// ---------- 3-D Secure by Payer Authentication (payer_auth.rs) ----------

fn challenge_request(state: Value) -> Value {
    let mut r = authorize_request();
    r["threeDs"] = json!({"mode": "challenge"});
    r["returnUrl"] = json!("https://shop.example.com/3ds/return");
    r["state"] = state;
    r
}

#[test]
fn payer_authentication_steps_follow_the_state() {
    let setup = build(Flow::Authorize, challenge_request(json!({}))).unwrap();
    assert!(setup.url.ends_with("/risk/v1/authentication-setups"));
    let b = body(&setup);
    assert!(b["paymentInformation"]["card"].get("securityCode").is_none(), "the setup takes no security code");
    assert!(b.get("processingInformation").is_none());

    let enroll = build(Flow::Authorize, challenge_request(json!({"cybersource3ds": "enroll", "referenceId": "ref-1"}))).unwrap();
    let b = body(&enroll);
    assert!(enroll.url.ends_with("/pts/v2/payments"));
    assert_eq!(b["processingInformation"]["actionList"], json!(["CONSUMER_AUTHENTICATION"]));
    assert_eq!(b["consumerAuthenticationInformation"], json!({"referenceId": "ref-1", "returnUrl": "https://shop.example.com/3ds/return", "challengeCode": "04"}));
    assert_eq!(b["paymentInformation"]["card"]["securityCode"], "123", "the authorization takes the card in full");

    let validate = build(Flow::Authorize, challenge_request(json!({"cybersource3ds": "validate", "authenticationTransactionId": "atx-1"}))).unwrap();
    let b = body(&validate);
    assert_eq!(b["processingInformation"]["actionList"], json!(["VALIDATE_CONSUMER_AUTHENTICATION"]));
    assert_eq!(b["consumerAuthenticationInformation"], json!({"authenticationTransactionId": "atx-1"}));

    let e = build(Flow::Authorize, challenge_request(json!({"cybersource3ds": "finish"}))).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.state.cybersource3ds"));
    let e = build(Flow::Authorize, challenge_request(json!({"cybersource3ds": "validate"}))).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.state.authenticationTransactionId")));
    let mut with_external = challenge_request(json!({}));
    with_external["threeDs"]["external"] = json!({"version": "2.2.0", "cavv": "AAIBBYNoEwAAACcKhAJkdQAAAAA=", "eci": "05"});
    assert_eq!(build(Flow::Authorize, with_external).unwrap_err().field.as_deref(), Some("request.threeDs.external"));
    // Not on setupMandate: its challenge is still refused with the reason.
    let mut mandate = challenge_request(json!({}));
    mandate.as_object_mut().unwrap().remove("captureMethod");
    mandate.as_object_mut().unwrap().remove("returnUrl");
    mandate.as_object_mut().unwrap().remove("state");
    let e = build(Flow::SetupMandate, mandate).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.threeDs.mode"));
}

#[test]
fn payer_authentication_answers_without_their_fields_are_not_guessed() {
    // A COMPLETED setup without its device data collection URL cannot be continued.
    let r = test_support::parse_with(
        CONNECTOR,
        Flow::Authorize,
        challenge_request(json!({})),
        &test_support::response(201, json!({"id": "1", "status": "COMPLETED", "consumerAuthenticationInformation": {"accessToken": "a.b.c", "referenceId": "r"}}).to_string()),
        &options(),
    );
    assert_eq!(r.unwrap_err().kind, ErrorKind::ResponseDeserializationFailed);
    // PENDING_AUTHENTICATION without a stepUpUrl neither.
    let enroll = challenge_request(json!({"cybersource3ds": "enroll", "referenceId": "ref-1"}));
    let r = test_support::parse_with(
        CONNECTOR,
        Flow::Authorize,
        enroll.clone(),
        &test_support::response(201, json!({"id": "2", "status": "PENDING_AUTHENTICATION", "consumerAuthenticationInformation": {"accessToken": "a.b.c", "authenticationTransactionId": "t"}}).to_string()),
        &options(),
    );
    assert_eq!(r.unwrap_err().kind, ErrorKind::ResponseDeserializationFailed);
    // A validation answering PENDING_AUTHENTICATION again is not a state we can place.
    let validate = challenge_request(json!({"cybersource3ds": "validate", "authenticationTransactionId": "atx-1"}));
    let p = payment(Flow::Authorize, validate, 201, json!({"id": "3", "status": "PENDING_AUTHENTICATION"}));
    assert_eq!(p.status, PaymentStatus::Unresolved);
    // A 400 on the enrollment check is a failure with Cybersource's reason.
    let p = payment(Flow::Authorize, enroll, 400, json!({"status": "INVALID_REQUEST", "reason": "INVALID_DATA", "message": "Declined - One or more fields in the request contains invalid data", "details": [{"field": "consumerAuthenticationInformation.referenceId", "reason": "INVALID_DATA"}]}));
    assert_eq!(p.status, PaymentStatus::Failure);
    assert_eq!(p.error.unwrap().connector_code.as_deref(), Some("INVALID_DATA"));
}

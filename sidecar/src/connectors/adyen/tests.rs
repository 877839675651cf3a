//! Adyen's unit tests: payments (spec examples, library mocks, production URL, psync), the
//! lifecycle flows (capture, void, refund, setupMandate, repeatPayment, error tables, money) and
//! webhooks.

/// Authorize and psync: Adyen's own spec examples and library mocks, URLs and credentials.
mod payments {
    use crate::protocol::{CaptureMethod, Flow, FlowRequest, FlowResult, HttpResponse};
    use super::super::*;
    use crate::connectors::test_support;
    use crate::protocol::{ErrorKind, Options, PaymentResult, PaymentStatus, RedirectMethod, UnifiedErrorCode as U};
    use serde_json::json;
    use std::path::PathBuf;

    /// Adyen's folder of the vendored oracles (oracles/adyen).
    fn adyen_oracles() -> PathBuf {
        crate::oracles::path("adyen")
    }

    fn spec(dir: &std::path::Path) -> Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join("CheckoutService-v71.json")).unwrap()).unwrap()
    }

    fn response(status: u16, body: String) -> HttpResponse {
        test_support::response(status, body)
    }

    #[test]
    fn every_result_code_of_the_spec_is_mapped() {
        let dir = adyen_oracles();
        let spec = spec(&dir);
        let mut spec_codes = std::collections::BTreeSet::new();
        for schema in ["PaymentResponse", "PaymentDetailsResponse"] {
            let codes = spec["components"]["schemas"][schema]["properties"]["resultCode"]["enum"]
                .as_array()
                .unwrap_or_else(|| panic!("{schema}.resultCode has no enum"));
            assert!(!codes.is_empty());
            for c in codes {
                let c = c.as_str().unwrap();
                assert!(mapping::result_meaning(c).is_some(), "{schema}.resultCode `{c}` has no mapping");
                spec_codes.insert(c.to_string());
            }
        }
        for c in mapping::known_result_codes() {
            assert!(spec_codes.contains(c), "mapping has `{c}`, which v71 does not document");
        }
    }

    /// What each of Adyen's own sample responses must map to (automatic capture).
    fn expected(name: &str) -> Option<PaymentStatus> {
        use PaymentStatus::*;
        Some(match name {
            "post-payments-card-3d-secure-2-web-200" => AuthenticationPending,
            "post-payments-card-3d-secure-redirect-200" => AuthenticationPending,
            "post-payments-card-direct-200" => Charged,
            "post-payments-card-securedfields-200" => Charged,
            "post-payments-enableOneClick-SF-200" => Charged,
            "post-payments-ideal-200" => AuthenticationPending,
            "post-payments-on-demand-top-up-from-transfer-instrument-200" => Charged,
            "post-payments-on-demand-top-up-visa-200" => Charged,
            "post-payments-split-balanceplatform-200" => Charged,
            "post-payments-subscription-first-transaction-200" => Charged,
            "post-payments-details-00.redirect-200" => Charged,
            "generic-400" | "generic-401" | "generic-403" | "generic-422" => Failure,
            "generic-500" => Unresolved,
            "paymentResponse.json" => AuthenticationPending,
            "paymentResponseAuPay.json" => AuthenticationPending,
            "paymentResponseBcmc.json" => AuthenticationPending,
            "paymentResponseBcmcMobile.json" => Pending,
            "paymentResponseDBarai.json" => AuthenticationPending,
            "paymentResponseRatepay.json" => Charged,
            "paymentResponseRiverty.json" => AuthenticationPending,
            "paymentResponseUpiQrCode.json" => Pending,
            "paymentDetailsResponse.json" => Charged,
            "paymentDetailsResponseThreeDS2Action.json" => AuthenticationPending,
            "paymentDetailsResponseThreeDSRequestorChallengeInd.json" => Failure,
            _ => return None,
        })
    }

    fn check(name: &str, status: u16, body: &Value) -> PaymentResult {
        let want = expected(name).unwrap_or_else(|| panic!("{name}: a sample with no expected status: add it"));
        let http = response(status, body.to_string());
        let auto = responses::parse_payment_response(&http, CaptureMethod::Automatic, None)
            .unwrap_or_else(|e| panic!("{name}: {}", e.message));
        assert_eq!(auto.status, want, "{name}");
        let manual = responses::parse_payment_response(&http, CaptureMethod::Manual, None).unwrap();
        let want_manual = if want == PaymentStatus::Charged { PaymentStatus::Authorized } else { want };
        assert_eq!(manual.status, want_manual, "{name} (manual capture)");
        if matches!(want, PaymentStatus::Failure | PaymentStatus::Unresolved) {
            assert!(auto.error.is_some(), "{name}: a failure without error info");
        }
        if body["action"]["type"] == "redirect" {
            let r = auto.redirection.as_ref().unwrap_or_else(|| panic!("{name}: redirect action not read"));
            assert_eq!(r.url, body["action"]["url"].as_str().unwrap(), "{name}");
            if body["action"]["method"] == "POST" {
                assert_eq!(r.method, RedirectMethod::POST, "{name}");
                assert_eq!(r.form.as_ref().unwrap().len(), body["action"]["data"].as_object().unwrap().len());
            }
        } else {
            assert!(auto.redirection.is_none(), "{name}: only redirect actions are redirections");
        }
        auto
    }

    #[test]
    fn spec_examples_of_payments_and_details_map() {
        let dir = adyen_oracles();
        let spec = spec(&dir);
        let examples = &spec["components"]["examples"];
        let mut seen = 0;
        for path in ["/payments", "/payments/details"] {
            let responses = spec["paths"][path]["post"]["responses"].as_object().unwrap();
            for (code, r) in responses {
                let status: u16 = code.parse().unwrap();
                let Some(named) = r["content"]["application/json"]["examples"].as_object() else { continue };
                for e in named.values() {
                    let name = e["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
                    check(name, status, &examples[name]["value"]);
                    seen += 1;
                }
            }
        }
        assert!(seen >= 20, "only {seen} examples found");
        // The documented 200 of card-direct is a plain Authorised with its pspReference.
        let direct = check(
            "post-payments-card-direct-200",
            200,
            &examples["post-payments-card-direct-200"]["value"],
        );
        assert_eq!(direct.connector_transaction_id.as_deref(), Some("993617895204576J"));
        let e = check("generic-401", 401, &examples["generic-401"]["value"]).error.unwrap();
        assert_eq!(e.code, U::InvalidCredentials);
        let e = check("generic-422", 422, &examples["generic-422"]["value"]).error.unwrap();
        assert_eq!(e.code, U::InvalidRequest);
        assert_eq!(e.connector_code.as_deref(), Some("14_030"));
    }

    #[test]
    fn java_library_mocks_map() {
        let dir = adyen_oracles();
        let mut names: Vec<String> = std::fs::read_dir(dir.join("mocks/checkout"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                (n.starts_with("paymentResponse") || n.starts_with("paymentDetailsResponse")) && n.ends_with(".json")
            })
            .collect();
        names.sort();
        assert_eq!(names.len(), 11, "{names:?}");
        for name in &names {
            let body: Value =
                serde_json::from_str(&std::fs::read_to_string(dir.join("mocks/checkout").join(name)).unwrap()).unwrap();
            let r = check(name, 200, &body);
            if name == "paymentDetailsResponseThreeDSRequestorChallengeInd.json" {
                let e = r.error.unwrap();
                assert_eq!(e.code, U::AuthenticationFailed);
                assert_eq!(e.connector_code.as_deref(), Some("11"));
            }
        }

        let read = |n: &str| std::fs::read_to_string(dir.join("mocks").join(n)).unwrap();
        let r = responses::parse_payment_response(
            &response(422, read("response-validation-error.json")),
            CaptureMethod::Automatic,
            None,
        )
        .unwrap();
        assert_eq!(r.status, PaymentStatus::Failure);
        assert_eq!(r.error.as_ref().unwrap().code, U::InvalidRequest);
        let r = responses::parse_payment_response(
            &response(422, read("response-validation-error-rfc7807.json")),
            CaptureMethod::Automatic,
            None,
        )
        .unwrap();
        assert_eq!(r.error.unwrap().connector_message.as_deref(), Some("Invalid legal entity information provided"));
        let e = responses::parse_payment_response(
            &response(422, read("response-validation-error-invalid-json.json")),
            CaptureMethod::Automatic,
            None,
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed);
    }

    fn ctx_with(options: &Options) -> Context<'_> {
        test_support::ctx(CONNECTOR, options)
    }

    fn auth(prefix: Option<&str>) -> Value {
        let mut a = json!({"apiKey": "AQE_test_vector_key", "merchantAccount": "TestMerchant"});
        if let Some(p) = prefix {
            a["liveEndpointPrefix"] = json!(p);
        }
        a
    }

    fn authorize() -> FlowRequest {
        FlowRequest::decode(
            Flow::Authorize,
            json!({
                "merchantTransactionId": "order-1",
                "amount": {"minorAmount": 1000, "currency": "EUR"},
                "paymentMethod": {"type": "card", "card": {"number": "4111111111111111", "expMonth": "03",
                                  "expYear": "2030", "cvc": "737"}},
                "returnUrl": "https://shop.example/return"
            }),
        )
        .unwrap()
    }

    #[test]
    fn production_url_needs_the_prefix() {
        let prod = Options { environment: Environment::Production, ..Default::default() };
        let http = CONNECTOR.build_request(&authorize(), auth(Some("1797a841fbb37ca7-AdyenDemo")), &ctx_with(&prod)).unwrap();
        assert_eq!(http.url, "https://1797a841fbb37ca7-AdyenDemo-checkout-live.adyenpayments.com/checkout/v71/payments");

        let e = CONNECTOR.build_request(&authorize(), auth(None), &ctx_with(&prod)).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("auth.liveEndpointPrefix")));
        let e = CONNECTOR.build_request(&authorize(), auth(Some("evil.com/x?")), &ctx_with(&prod)).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("auth.liveEndpointPrefix")));
        assert!(!e.message.contains("evil"));

        let sandbox = Options::default();
        let http = CONNECTOR.build_request(&authorize(), auth(None), &ctx_with(&sandbox)).unwrap();
        assert_eq!(http.url, "https://checkout-test.adyen.com/v71/payments");
        let emulator = Options { base_url: Some("http://127.0.0.1:9/adyen/v71/".into()), ..prod };
        let http = CONNECTOR.build_request(&authorize(), auth(None), &ctx_with(&emulator)).unwrap();
        assert_eq!(http.url, "http://127.0.0.1:9/adyen/v71/payments");
    }

    #[test]
    fn the_key_is_a_sensitive_header_and_never_in_errors() {
        let opts = Options::default();
        let http = CONNECTOR.build_request(&authorize(), auth(None), &ctx_with(&opts)).unwrap();
        let key = http.headers.iter().find(|h| h.name == "X-API-Key").unwrap();
        assert!(key.sensitive);
        assert!(http.body.as_ref().unwrap().sensitive);
        let no_merchant = json!({"apiKey": "AQE_test_vector_key"});
        let e = CONNECTOR.build_request(&authorize(), no_merchant, &ctx_with(&opts)).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("auth.merchantAccount")));
        let wrong = json!({"apiKey": "AQE_test_vector_key", "merchantAccount": "M", "extra": "AQE_secret"});
        let e = CONNECTOR.build_request(&authorize(), wrong, &ctx_with(&opts)).unwrap_err();
        for text in [e.message.clone(), e.to_data().to_string()] {
            assert!(!text.contains("AQE_"), "{text}");
            assert!(!text.contains("4111111111111111"), "{text}");
        }
    }

    #[test]
    fn psync_reads_capture_from_state() {
        let opts = Options::default();
        let psync = |state: Value| {
            FlowRequest::decode(
                Flow::Psync,
                json!({"connectorTransactionId": "PSP1", "redirectPayload": {"redirectResult": "abc"}, "state": state}),
            )
            .unwrap()
        };
        let ok = response(200, json!({"resultCode": "Authorised", "pspReference": "PSP1"}).to_string());
        let parse = |req: &FlowRequest| match CONNECTOR.parse_response(req, &ok, &ctx_with(&opts)).unwrap() {
            FlowResult::Payment(p) => p,
            _ => unreachable!(),
        };
        let manual = parse(&psync(json!({"captureMethod": "manual"})));
        assert_eq!(manual.status, PaymentStatus::Authorized);
        assert_eq!(manual.state.unwrap().get("captureMethod").map(String::as_str), Some("manual"));
        let auto = parse(&psync(json!({"captureMethod": "automatic"})));
        assert_eq!(auto.status, PaymentStatus::Charged);
        assert_eq!(auto.state.unwrap().get("captureMethod").map(String::as_str), Some("automatic"));
        // Unknown capture mode: the conservative reading.
        let unknown = parse(&psync(json!({})));
        assert_eq!(unknown.status, PaymentStatus::Authorized);
        assert!(unknown.state.is_none());
    }
}

/// The lifecycle flows (capture, void, refund, setupMandate, repeatPayment), the error tables and
/// exact money over every ISO currency. Webhooks are in `webhooks` below.
mod lifecycle {
    use crate::protocol::{Flow, FlowRequest, FlowResult, HttpMethod, HttpRequest, HttpResponse};
    use super::super::*;
    use crate::connectors::test_support::{self, body, payment, refund};
    use crate::kit::money::{iso_currencies, iso_minor_units_from};
    use crate::protocol::{ErrorKind, Options, PaymentStatus, RefundStatus, UnifiedErrorCode as U};
    use serde_json::json;

    const KEY: &str = "AQE_test_vector_key";
    const PSP: &str = "993617894903480A";

    fn options() -> Options {
        Options::default()
    }

    fn auth() -> Value {
        json!({"apiKey": KEY, "merchantAccount": "TestMerchant"})
    }

    fn decode(flow: Flow, request: Value) -> Result<FlowRequest, SidecarError> {
        FlowRequest::decode(flow, request)
    }

    fn build(flow: Flow, request: Value) -> Result<HttpRequest, SidecarError> {
        test_support::build_with(CONNECTOR, flow, request, auth(), &options())
    }

    fn header<'a>(http: &'a HttpRequest, name: &str) -> Option<&'a str> {
        http.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
    }

    fn parse(flow: Flow, request: Value, status: u16, response: Value) -> Result<FlowResult, SidecarError> {
        test_support::parse_with(CONNECTOR, flow, request, &test_support::response(status, response.to_string()), &options())
    }

    fn money(minor: i64, currency: &str) -> Value {
        json!({"minorAmount": minor, "currency": currency})
    }

    fn capture_req(minor: i64, currency: &str) -> Value {
        json!({"connectorTransactionId": PSP, "amountToCapture": money(minor, currency)})
    }

    fn refund_req(minor: i64, currency: &str) -> Value {
        json!({"connectorTransactionId": PSP, "merchantRefundId": "refund-1", "refundAmount": money(minor, currency)})
    }

    fn card() -> Value {
        json!({"type": "card", "card": {"number": "4111111111111111", "expMonth": "03", "expYear": "2030", "cvc": "737"}})
    }

    fn setup_req(minor: i64, currency: &str) -> Value {
        json!({"merchantTransactionId": "mandate-1", "amount": money(minor, currency), "paymentMethod": card(),
               "customer": {"id": "shopper-42"}, "returnUrl": "https://shop.example/return"})
    }

    fn repeat_req(minor: i64, currency: &str) -> Value {
        json!({"merchantTransactionId": "renewal-1", "amount": money(minor, currency), "mandateReference": "M5N7TQ4TG5PFWR50",
               "customer": {"id": "shopper-42"}, "returnUrl": "https://shop.example/return"})
    }

    fn authorize_req(minor: i64, currency: &str) -> Value {
        json!({"merchantTransactionId": "order-1", "amount": money(minor, currency), "paymentMethod": card(),
               "returnUrl": "https://shop.example/return"})
    }

    fn with(mut v: Value, key: &str, value: Value) -> Value {
        v[key] = value;
        v
    }

    // ---------- requests ----------

    #[test]
    fn capture_goes_to_the_payments_captures_endpoint() {
        let http = build(Flow::Capture, capture_req(500, "EUR")).unwrap();
        assert_eq!(http.url, format!("https://checkout-test.adyen.com/v71/payments/{PSP}/captures"));
        assert_eq!(http.method, HttpMethod::POST);
        assert_eq!(body(&http), json!({"merchantAccount": "TestMerchant", "amount": {"value": 500, "currency": "EUR"}}));
        assert!(!http.body.as_ref().unwrap().sensitive, "a capture carries no card data");
        assert_eq!(header(&http, "X-API-Key"), Some(KEY));
        assert_eq!(header(&http, "Idempotency-Key"), None);
    }

    #[test]
    fn capture_reference_is_the_capture_id_else_the_payment_reference() {
        let both = with(with(capture_req(500, "EUR"), "merchantCaptureId", json!("cap-1")), "merchantTransactionId", json!("order-1"));
        assert_eq!(body(&build(Flow::Capture, both).unwrap())["reference"], "cap-1");
        let order = with(capture_req(500, "EUR"), "merchantTransactionId", json!("order-1"));
        assert_eq!(body(&build(Flow::Capture, order).unwrap())["reference"], "order-1");
        let long = with(capture_req(500, "EUR"), "merchantCaptureId", json!("c".repeat(81)));
        let e = build(Flow::Capture, long).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.merchantCaptureId")));
    }

    #[test]
    fn void_is_a_cancel_not_a_reversal() {
        let http = build(Flow::Void, json!({"connectorTransactionId": PSP, "merchantTransactionId": "order-1", "reason": "duplicate"})).unwrap();
        assert_eq!(http.url, format!("https://checkout-test.adyen.com/v71/payments/{PSP}/cancels"));
        assert_eq!(body(&http), json!({"merchantAccount": "TestMerchant", "reference": "order-1"}));
        let bare = build(Flow::Void, json!({"connectorTransactionId": PSP})).unwrap();
        assert_eq!(body(&bare), json!({"merchantAccount": "TestMerchant"}));
    }

    #[test]
    fn refund_sends_the_refund_id_as_reference_and_adyen_reason_words() {
        let http = build(Flow::Refund, refund_req(250, "EUR")).unwrap();
        assert_eq!(http.url, format!("https://checkout-test.adyen.com/v71/payments/{PSP}/refunds"));
        assert_eq!(
            body(&http),
            json!({"merchantAccount": "TestMerchant", "amount": {"value": 250, "currency": "EUR"}, "reference": "refund-1"})
        );
        for (reason, adyen) in [
            ("fraud", "FRAUD"),
            ("fraudulent", "FRAUD"),
            ("requested_by_customer", "CUSTOMER REQUEST"),
            ("Customer Request", "CUSTOMER REQUEST"),
            ("return", "RETURN"),
            ("DUPLICATE", "DUPLICATE"),
            ("other", "OTHER"),
            ("the shopper changed their mind", "OTHER"),
        ] {
            let http = build(Flow::Refund, with(refund_req(250, "EUR"), "reason", json!(reason))).unwrap();
            assert_eq!(body(&http)["merchantRefundReason"], adyen, "{reason}");
        }
        let blank = build(Flow::Refund, with(refund_req(250, "EUR"), "reason", json!("  "))).unwrap();
        assert!(body(&blank).get("merchantRefundReason").is_none());
        let long = with(refund_req(250, "EUR"), "merchantRefundId", json!("r".repeat(81)));
        assert_eq!(build(Flow::Refund, long).unwrap_err().field.as_deref(), Some("request.merchantRefundId"));
    }

    #[test]
    fn a_psp_reference_that_would_change_the_path_is_refused() {
        for psp in ["../../payments", "ABC?x=1", "ABC/DEF", "ABC DEF", "9936178949034ÄA", "A".repeat(65).as_str()] {
            for flow in [Flow::Capture, Flow::Void, Flow::Refund] {
                let request = match flow {
                    Flow::Capture => with(capture_req(1, "EUR"), "connectorTransactionId", json!(psp)),
                    Flow::Refund => with(refund_req(1, "EUR"), "connectorTransactionId", json!(psp)),
                    _ => json!({"connectorTransactionId": psp}),
                };
                let e = build(flow, request).unwrap_err();
                assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.connectorTransactionId")), "{psp}");
            }
        }
    }

    #[test]
    fn the_idempotency_key_reaches_adyen_on_every_flow() {
        let key = json!("idem-7f3c");
        let requests = [
            (Flow::Authorize, authorize_req(1000, "EUR")),
            (Flow::Psync, json!({"connectorTransactionId": PSP, "redirectPayload": {"redirectResult": "abc"}})),
            (Flow::Capture, capture_req(1000, "EUR")),
            (Flow::Void, json!({"connectorTransactionId": PSP})),
            (Flow::Refund, refund_req(1000, "EUR")),
            (Flow::SetupMandate, setup_req(0, "EUR")),
            (Flow::RepeatPayment, repeat_req(1000, "EUR")),
        ];
        for (flow, request) in requests {
            let http = build(flow, with(request.clone(), "idempotencyKey", key.clone())).unwrap();
            let sent: Vec<_> = http.headers.iter().filter(|h| h.name == "Idempotency-Key").collect();
            assert_eq!(sent.len(), 1, "{flow:?}");
            assert_eq!(sent[0].value, "idem-7f3c", "{flow:?}");
            // Adyen: "a maximum of 64 characters"
            let e = build(flow, with(request, "idempotencyKey", json!("k".repeat(65)))).unwrap_err();
            assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.idempotencyKey")), "{flow:?}");
        }
    }

    #[test]
    fn setup_mandate_is_a_zero_value_authorisation_that_saves_the_card() {
        let http = build(Flow::SetupMandate, setup_req(0, "EUR")).unwrap();
        assert_eq!(http.url, "https://checkout-test.adyen.com/v71/payments");
        assert!(http.body.as_ref().unwrap().sensitive, "it carries the card");
        let b = body(&http);
        assert_eq!(b["amount"], json!({"value": 0, "currency": "EUR"}));
        assert_eq!(b["storePaymentMethod"], true);
        assert_eq!(b["shopperReference"], "shopper-42");
        assert_eq!(b["shopperInteraction"], "Ecommerce");
        // recurringType defaults to unscheduled (PROTOCOL.md); scheduled is Adyen's Subscription.
        assert_eq!(b["recurringProcessingModel"], "UnscheduledCardOnFile");
        let scheduled = with(setup_req(0, "EUR"), "recurringType", json!("scheduled"));
        assert_eq!(body(&build(Flow::SetupMandate, scheduled).unwrap())["recurringProcessingModel"], "Subscription");
        assert_eq!(b["paymentMethod"]["type"], "scheme");
        assert!(b.get("additionalData").is_none(), "nothing to capture on a zero-value authorisation");

        // A verification amount above zero is authorised, never captured.
        let b = body(&build(Flow::SetupMandate, setup_req(100, "EUR")).unwrap());
        assert_eq!(b["additionalData"], json!({"manualCapture": "true"}));

        let no_shopper = with(setup_req(0, "EUR"), "customer", json!({"email": "a@b.example"}));
        let e = build(Flow::SetupMandate, no_shopper).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.customer.id")));
        let no_return = setup_req(0, "EUR").as_object().unwrap().clone().into_iter().filter(|(k, _)| k != "returnUrl").collect();
        let e = build(Flow::SetupMandate, Value::Object(no_return)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.returnUrl"));

        let topups = with(setup_req(0, "EUR"), "state", json!({"recurringProcessingModel": "UnscheduledCardOnFile"}));
        assert_eq!(body(&build(Flow::SetupMandate, topups).unwrap())["recurringProcessingModel"], "UnscheduledCardOnFile");
        for bad in ["CardOnFile", "subscription", "Weekly"] {
            let e = build(Flow::SetupMandate, with(setup_req(0, "EUR"), "state", json!({"recurringProcessingModel": bad}))).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("request.state.recurringProcessingModel"), "{bad}");
        }
        // A negative amount is still refused; zero in an unknown currency too.
        assert!(build(Flow::SetupMandate, setup_req(-1, "EUR")).is_err());
        assert_eq!(build(Flow::SetupMandate, setup_req(0, "XXX")).unwrap_err().field.as_deref(), Some("request.amount.currency"));
    }

    #[test]
    fn repeat_payment_pays_with_the_stored_card_merchant_initiated() {
        let http = build(Flow::RepeatPayment, repeat_req(1999, "EUR")).unwrap();
        assert!(!http.body.as_ref().unwrap().sensitive, "a token is not card data");
        assert_eq!(
            body(&http),
            json!({"amount": {"value": 1999, "currency": "EUR"}, "merchantAccount": "TestMerchant", "reference": "renewal-1",
                   "paymentMethod": {"type": "scheme", "storedPaymentMethodId": "M5N7TQ4TG5PFWR50"},
                   "returnUrl": "https://shop.example/return", "shopperReference": "shopper-42",
                   "shopperInteraction": "ContAuth", "recurringProcessingModel": "UnscheduledCardOnFile"})
        );
        let scheduled = with(repeat_req(1999, "EUR"), "recurringType", json!("scheduled"));
        assert_eq!(body(&build(Flow::RepeatPayment, scheduled).unwrap())["recurringProcessingModel"], "Subscription");
        let manual = with(repeat_req(1999, "EUR"), "captureMethod", json!("manual"));
        assert_eq!(body(&build(Flow::RepeatPayment, manual).unwrap())["additionalData"], json!({"manualCapture": "true"}));
        let ucof = with(repeat_req(1999, "EUR"), "state", json!({"recurringProcessingModel": "UnscheduledCardOnFile"}));
        assert_eq!(body(&build(Flow::RepeatPayment, ucof).unwrap())["recurringProcessingModel"], "UnscheduledCardOnFile");
        let cof = with(repeat_req(1999, "EUR"), "state", json!({"recurringProcessingModel": "CardOnFile"}));
        assert_eq!(build(Flow::RepeatPayment, cof).unwrap_err().field.as_deref(), Some("request.state.recurringProcessingModel"));
        let e = build(Flow::RepeatPayment, with(repeat_req(1999, "EUR"), "customer", json!({}))).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.customer.id")));
        let mut no_return = repeat_req(1999, "EUR");
        no_return.as_object_mut().unwrap().remove("returnUrl");
        assert_eq!(build(Flow::RepeatPayment, no_return).unwrap_err().field.as_deref(), Some("request.returnUrl"));
    }

    #[test]
    fn authorize_with_setup_future_usage_saves_the_card() {
        let base = with(authorize_req(1000, "EUR"), "customer", json!({"id": "shopper-42"}));
        let on = body(&build(Flow::Authorize, with(base.clone(), "setupFutureUsage", json!("onSession"))).unwrap());
        assert_eq!((on["storePaymentMethod"].clone(), on["recurringProcessingModel"].clone()), (json!(true), json!("CardOnFile")));
        assert_eq!(on["shopperInteraction"], "Ecommerce");
        let off = body(&build(Flow::Authorize, with(base, "setupFutureUsage", json!("offSession"))).unwrap());
        assert_eq!(off["recurringProcessingModel"], "UnscheduledCardOnFile");
        let e = build(Flow::Authorize, with(authorize_req(1000, "EUR"), "setupFutureUsage", json!("offSession"))).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.customer.id"));
        // Without it, nothing is saved.
        let plain = body(&build(Flow::Authorize, authorize_req(1000, "EUR")).unwrap());
        assert!(plain.get("storePaymentMethod").is_none() && plain.get("recurringProcessingModel").is_none());
    }

    // ---------- responses ----------

    #[test]
    fn modifications_are_received_then_settled_by_webhook() {
        let received = |amount: Option<Value>| {
            let mut b = json!({"merchantAccount": "TestMerchant", "paymentPspReference": PSP, "pspReference": "993617894906488A", "status": "received"});
            if let Some(a) = amount {
                b["amount"] = a;
            }
            b
        };
        let c = payment(parse(Flow::Capture, capture_req(500, "ISK"), 201, received(Some(json!({"value": 50000, "currency": "ISK"})))).unwrap());
        assert_eq!(c.status, PaymentStatus::CaptureInitiated);
        assert_eq!(c.connector_transaction_id.as_deref(), Some(PSP));
        assert_eq!(c.connector_status.as_deref(), Some("received"));
        assert_eq!(c.amount_captured.unwrap().minor_amount, 500, "ISK comes back from Adyen's two decimals to ISO's none");

        let v = payment(parse(Flow::Void, json!({"connectorTransactionId": PSP}), 201, received(None)).unwrap());
        assert_eq!(v.status, PaymentStatus::VoidInitiated);

        let r = refund(parse(Flow::Refund, refund_req(250, "EUR"), 201, received(Some(json!({"value": 250, "currency": "EUR"})))).unwrap());
        assert_eq!(r.status, RefundStatus::Pending);
        assert_eq!(r.connector_refund_id.as_deref(), Some("993617894906488A"));
        assert_eq!(r.refund_amount.unwrap().minor_amount, 250);

        // A status v71 does not document is not guessed into a money state.
        let odd = payment(parse(Flow::Capture, capture_req(500, "EUR"), 201, json!({"status": "queued"})).unwrap());
        assert_eq!(odd.status, PaymentStatus::Unresolved);
        assert_eq!(odd.connector_transaction_id.as_deref(), Some(PSP), "the request's payment when the body names none");
    }

    #[test]
    fn refused_and_unknown_modifications() {
        let unknown = json!({"status": 422, "errorCode": "167", "message": "Original pspReference required for this operation", "errorType": "validation"});
        let c = payment(parse(Flow::Capture, capture_req(500, "EUR"), 422, unknown.clone()).unwrap());
        assert_eq!(c.status, PaymentStatus::CaptureFailed);
        let e = c.error.unwrap();
        assert_eq!((e.code, e.connector_code.as_deref()), (U::NotFound, Some("167")));
        let v = payment(parse(Flow::Void, json!({"connectorTransactionId": PSP}), 422, unknown.clone()).unwrap());
        assert_eq!(v.status, PaymentStatus::VoidFailed);
        let r = refund(parse(Flow::Refund, refund_req(250, "EUR"), 422, unknown).unwrap());
        assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Failure, U::NotFound));

        // 5xx: nobody knows whether Adyen took it.
        let c = payment(parse(Flow::Capture, capture_req(500, "EUR"), 500, json!({"status": 500, "errorCode": "905", "message": "x", "errorType": "configuration"})).unwrap());
        assert_eq!((c.status, c.error.unwrap().code), (PaymentStatus::Unresolved, U::ProcessorUnavailable));
        let opts = options();
        let ctx = test_support::ctx(CONNECTOR, &opts);
        let html = HttpResponse { status: 502, headers: vec![], body: "<html>Bad Gateway</html>".into(), encoding: None };
        let r = refund(CONNECTOR.parse_response(&decode(Flow::Refund, refund_req(250, "EUR")).unwrap(), &html, &ctx).unwrap());
        assert_eq!(r.status, RefundStatus::Pending, "a refund that may have happened is never reported failed");
        assert_eq!(r.error.unwrap().code, U::ProcessorUnavailable);
        // A 4xx body that is not JSON cannot be read.
        let garbage = HttpResponse { status: 422, headers: vec![], body: "nope".into(), encoding: None };
        let e = CONNECTOR.parse_response(&decode(Flow::Capture, capture_req(1, "EUR")).unwrap(), &garbage, &ctx).unwrap_err();
        assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed);
    }

    #[test]
    fn setup_mandate_and_repeat_payment_results() {
        let created = json!({"pspReference": "993617895199574A", "resultCode": "Authorised",
            "additionalData": {"tokenization.storedPaymentMethodId": "M5N7TQ4TG5PFWR50", "tokenization.store.operationType": "created"}});
        let s = payment(parse(Flow::SetupMandate, setup_req(0, "EUR"), 200, created).unwrap());
        assert_eq!(s.status, PaymentStatus::Authorized, "a verification is never a charge");
        assert_eq!(s.mandate_reference.as_deref(), Some("M5N7TQ4TG5PFWR50"));
        assert_eq!(s.state.unwrap().get(crate::kit::state::STATE_CAPTURE_METHOD).map(String::as_str), Some("manual"));
        // The older field name.
        let older = json!({"pspReference": "P", "resultCode": "Authorised", "additionalData": {"recurring.recurringDetailReference": "8415"}});
        assert_eq!(payment(parse(Flow::SetupMandate, setup_req(0, "EUR"), 200, older).unwrap()).mandate_reference.as_deref(), Some("8415"));
        // Refused: no mandate, whatever additionalData says.
        let refused = json!({"pspReference": "P", "resultCode": "Refused", "refusalReason": "Refused", "refusalReasonCode": "2",
            "additionalData": {"tokenization.storedPaymentMethodId": "X"}});
        let s = payment(parse(Flow::SetupMandate, setup_req(0, "EUR"), 200, refused).unwrap());
        assert_eq!((s.status, s.mandate_reference), (PaymentStatus::Failure, None));

        let charged = json!({"pspReference": "883", "resultCode": "Authorised", "amount": {"value": 1999, "currency": "EUR"}});
        let r = payment(parse(Flow::RepeatPayment, repeat_req(1999, "EUR"), 200, charged.clone()).unwrap());
        assert_eq!((r.status, r.amount_captured.unwrap().minor_amount), (PaymentStatus::Charged, 1999));
        let manual = with(repeat_req(1999, "EUR"), "captureMethod", json!("manual"));
        assert_eq!(payment(parse(Flow::RepeatPayment, manual, 200, charged).unwrap()).status, PaymentStatus::Authorized);
    }

    #[test]
    fn rsync_and_create_customer_say_why_not() {
        for (flow, words) in [(Flow::Rsync, "REFUND"), (Flow::CreateCustomer, "shopperReference")] {
            let e = crate::connectors::flow_not_supported(CONNECTOR, flow);
            assert_eq!(e.kind, ErrorKind::FlowNotSupported);
            assert!(e.message.contains(words), "{}", e.message);
            assert!(!CONNECTOR.supports(flow));
        }
        assert!(CONNECTOR.reads_webhooks());
    }

    // ---------- the error tables, each code with a processor-shaped body ----------

    #[test]
    fn every_refusal_reason_code_maps_from_a_refused_response() {
        let mut n = 0;
        for (code, reason, want, decline) in mapping::refusal_codes() {
            for result_code in ["Refused", "Error"] {
                let body = json!({"pspReference": "8816", "resultCode": result_code, "refusalReason": reason,
                                  "refusalReasonCode": code, "merchantReference": "order-1"});
                let r = payment(parse(Flow::Authorize, authorize_req(1000, "EUR"), 200, body).unwrap());
                assert_eq!(r.status, PaymentStatus::Failure, "{code}");
                let e = r.error.unwrap();
                assert_eq!((e.code, e.decline_type), (want, Some(decline)), "refusalReasonCode {code} ({reason})");
                assert_eq!(e.connector_code.as_deref(), Some(code));
                assert_eq!(e.connector_message.as_deref(), Some(reason));
                n += 1;
            }
            // The same refusal on a repeat payment, by its text only (as webhooks carry it).
            let body = json!({"pspReference": "8816", "resultCode": "Refused", "refusalReason": reason});
            let e = payment(parse(Flow::RepeatPayment, repeat_req(1000, "EUR"), 200, body).unwrap()).error.unwrap();
            assert_eq!(e.code, want, "{reason}");
        }
        assert!(n >= 80, "{n}");
    }

    #[test]
    fn every_error_code_maps_from_a_service_error() {
        for (code, message, want) in mapping::error_codes() {
            let body = json!({"status": 422, "errorCode": code, "message": message, "errorType": "validation", "pspReference": "8816"});
            let r = payment(parse(Flow::Authorize, authorize_req(1000, "EUR"), 422, body.clone()).unwrap());
            assert_eq!(r.status, PaymentStatus::Failure, "{code}");
            let e = r.error.unwrap();
            assert_eq!(e.code, want, "errorCode {code} ({message})");
            assert_eq!(e.connector_code.as_deref(), Some(code));
            assert_eq!(e.connector_message.as_deref(), Some(message));
            assert!(e.decline_type.is_none(), "a request error is not a decline");
            // Modifications read the same table.
            let r = refund(parse(Flow::Refund, refund_req(1, "EUR"), 422, body).unwrap());
            assert_eq!(r.error.unwrap().code, want, "errorCode {code} on a refund");
        }
        // Codes not in the table are read by HTTP status and errorType.
        for (status, code, kind, want) in [
            (401, "000", "security", U::InvalidCredentials),
            (403, "000", "security", U::InvalidCredentials),
            (422, "130", "validation", U::InvalidRequest),
            (422, "14_030", "validation", U::InvalidRequest),
            (429, "000", "validation", U::RateLimited),
            (500, "901", "internal", U::ProcessorUnavailable),
        ] {
            let body = json!({"status": status, "errorCode": code, "message": "m", "errorType": kind});
            let e = payment(parse(Flow::Capture, capture_req(1, "EUR"), status, body).unwrap()).error.unwrap();
            assert_eq!(e.code, want, "{status} {code}");
        }
    }

    // ---------- exact money over every ISO currency ----------

    /// Adyen's decimals for each currency, written out here from Adyen's currency table rather than
    /// taken from the connector: CLP 2, CVE 0, IDR 0, ISK 2, the rest as ISO.
    fn adyen_decimals(currency: &str, iso: u8) -> u8 {
        match currency {
            "CLP" | "ISK" => 2,
            "CVE" | "IDR" => 0,
            _ => iso,
        }
    }

    #[test]
    fn every_currency_in_every_amount_flow_is_exact_or_refused() {
        let currencies = iso_currencies();
        assert!(currencies.len() >= 150, "{} currencies", currencies.len());
        let amounts = [1i64, 5, 7, 10, 99, 100, 250, 1000, 12345, 1_000_000];
        let mut sent = 0;
        let mut refused = 0;
        for &(currency, iso) in currencies {
            let adyen = adyen_decimals(currency, iso);
            for &minor in &amounts {
                // (flow, request, where the amount lands in Adyen's body, the unified field)
                let cases = [
                    (Flow::Authorize, authorize_req(minor, currency), "request.amount"),
                    (Flow::Capture, capture_req(minor, currency), "request.amountToCapture"),
                    (Flow::Refund, refund_req(minor, currency), "request.refundAmount"),
                    (Flow::SetupMandate, setup_req(minor, currency), "request.amount"),
                    (Flow::RepeatPayment, repeat_req(minor, currency), "request.amount"),
                ];
                for (flow, request, field) in cases {
                    let what = format!("{flow:?} {minor} {currency}");
                    let exact = if adyen >= iso {
                        Some(minor * 10i64.pow(u32::from(adyen - iso)))
                    } else {
                        let f = 10i64.pow(u32::from(iso - adyen));
                        (minor % f == 0).then(|| minor / f)
                    };
                    match (build(flow, request), exact) {
                        (Ok(http), Some(value)) => {
                            let b = body(&http);
                            assert_eq!(b["amount"], json!({"value": value, "currency": currency}), "{what}");
                            // And back: what Adyen would answer with that value is the unified amount again.
                            let back = iso_minor_units_from(value, currency, adyen).unwrap();
                            assert_eq!(back.minor_amount, minor, "{what}: round trip");
                            sent += 1;
                        }
                        (Err(e), None) => {
                            assert_eq!(e.kind, ErrorKind::InvalidFieldValue, "{what}");
                            assert_eq!(e.field.as_deref(), Some(format!("{field}.minorAmount").as_str()), "{what}");
                            assert!(e.message.contains(currency), "{what}: {}", e.message);
                            refused += 1;
                        }
                        (Ok(http), None) => panic!("{what}: sent {} though Adyen cannot take it exactly", body(&http)["amount"]),
                        (Err(e), Some(v)) => panic!("{what}: refused ({}) though Adyen takes it exactly as {v}", e.message),
                    }
                }
            }
        }
        assert!(refused > 0 && sent > refused, "sent {sent}, refused {refused}");
    }

    #[test]
    fn every_currency_comes_back_exactly_from_responses() {
        for &(currency, iso) in iso_currencies() {
            let adyen = adyen_decimals(currency, iso);
            // An amount Adyen can express in any currency: 100 of its minor units.
            let value = 100i64;
            let want = if adyen >= iso { (value % 10i64.pow(u32::from(adyen - iso)) == 0).then(|| value / 10i64.pow(u32::from(adyen - iso))) } else { Some(value * 10i64.pow(u32::from(iso - adyen))) };
            let Some(want) = want else { continue };
            let amount = json!({"value": value, "currency": currency});
            let c = payment(
                parse(Flow::Capture, capture_req(want, currency), 201,
                      json!({"paymentPspReference": PSP, "pspReference": "C", "status": "received", "amount": amount})).unwrap(),
            );
            assert_eq!(c.amount_captured.unwrap().minor_amount, want, "capture {currency}");
            let r = refund(
                parse(Flow::Refund, refund_req(want, currency), 201,
                      json!({"paymentPspReference": PSP, "pspReference": "R", "status": "received", "amount": amount})).unwrap(),
            );
            assert_eq!(r.refund_amount.unwrap().minor_amount, want, "refund {currency}");
            let a = payment(parse(Flow::Authorize, authorize_req(want, currency), 200,
                      json!({"pspReference": "P", "resultCode": "Authorised", "amount": amount})).unwrap());
            assert_eq!(a.amount_captured.unwrap().minor_amount, want, "authorize {currency}");
        }
    }

    // ---------- Adyen's own examples of the new operations ----------

    fn adyen_spec() -> Value {
        crate::oracles::json("adyen/CheckoutService-v71.json")
    }

    #[test]
    fn spec_examples_of_captures_cancels_refunds_map() {
        let spec = adyen_spec();
        let examples = &spec["components"]["examples"];
        let mut seen = 0;
        for (path, flow) in [
            ("/payments/{paymentPspReference}/captures", Flow::Capture),
            ("/payments/{paymentPspReference}/cancels", Flow::Void),
            ("/payments/{paymentPspReference}/refunds", Flow::Refund),
        ] {
            let responses = spec["paths"][path]["post"]["responses"].as_object().unwrap();
            for (code, r) in responses {
                let status: u16 = code.parse().unwrap();
                let Some(named) = r["content"]["application/json"]["examples"].as_object() else { continue };
                for e in named.values() {
                    let name = e["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
                    let body = examples[name]["value"].clone();
                    let request = match flow {
                        Flow::Capture => capture_req(2000, "EUR"),
                        Flow::Refund => refund_req(2500, "EUR"),
                        _ => json!({"connectorTransactionId": PSP}),
                    };
                    let result = parse(flow, request, status, body.clone()).unwrap_or_else(|e| panic!("{name}: {}", e.message));
                    match (flow, result) {
                        (Flow::Refund, FlowResult::Refund(r)) => {
                            let want = match status {
                                201 => RefundStatus::Pending,
                                s if s >= 500 => RefundStatus::Pending,
                                _ => RefundStatus::Failure,
                            };
                            assert_eq!(r.status, want, "{name}");
                            if status == 201 {
                                assert_eq!(r.connector_refund_id.as_deref(), body["pspReference"].as_str(), "{name}");
                                assert_eq!(r.refund_amount.as_ref().unwrap().minor_amount, body["amount"]["value"].as_i64().unwrap());
                            } else {
                                assert!(r.error.is_some(), "{name}");
                            }
                        }
                        (_, FlowResult::Payment(p)) => {
                            let want = match (flow, status) {
                                (Flow::Capture, 201) => PaymentStatus::CaptureInitiated,
                                (Flow::Void, 201) => PaymentStatus::VoidInitiated,
                                (_, s) if s >= 500 => PaymentStatus::Unresolved,
                                (Flow::Capture, _) => PaymentStatus::CaptureFailed,
                                _ => PaymentStatus::VoidFailed,
                            };
                            assert_eq!(p.status, want, "{name}");
                            if status == 201 {
                                assert_eq!(p.connector_transaction_id.as_deref(), body["paymentPspReference"].as_str(), "{name}");
                            }
                        }
                        (_, other) => panic!("{name}: {other:?}"),
                    }
                    seen += 1;
                }
            }
        }
        assert!(seen >= 12, "only {seen} examples");
    }

    #[test]
    fn spec_examples_of_saved_cards_give_the_mandate() {
        let spec = adyen_spec();
        let examples = &spec["components"]["examples"];
        for name in ["post-payments-enableOneClick-SF-200", "post-payments-subscription-first-transaction-200"] {
            let body = examples[name]["value"].clone();
            let s = payment(parse(Flow::SetupMandate, setup_req(0, "USD"), 200, body).unwrap());
            assert_eq!(s.status, PaymentStatus::Authorized, "{name}");
            assert_eq!(s.mandate_reference.as_deref(), Some("M5N7TQ4TG5PFWR50"), "{name}");
        }
        // The spec's own subscription payment and ours differ only where the spec's example uses
        // its placeholders.
        let example = &examples["post-payments-subscription-payment"]["value"];
        let ours = body(&build(Flow::RepeatPayment, json!({
            "merchantTransactionId": example["reference"], "amount": money(1000, "USD"),
            "mandateReference": example["paymentMethod"]["storedPaymentMethodId"],
            "customer": {"id": example["shopperReference"]}, "returnUrl": example["returnUrl"], "recurringType": "scheduled"})).unwrap());
        let mut expected = example.clone();
        expected["merchantAccount"] = json!("TestMerchant");
        assert_eq!(ours, expected);
        let example = &examples["post-payments-subscription-first-transaction"]["value"];
        for key in ["storePaymentMethod", "shopperInteraction", "recurringProcessingModel"] {
            let subscription = with(setup_req(1000, "USD"), "recurringType", json!("scheduled"));
            assert_eq!(body(&build(Flow::SetupMandate, subscription).unwrap())[key], example[key], "{key}");
        }
    }
}

/// Standard webhooks: the HMAC of each item, how a request with a bad item is reported, and the
/// unified event of each eventCode. The signature algorithm is pinned by the known answer that
/// Adyen's own libraries test with (Java HMACValidatorTest, Node/.NET/Go the same vector), so
/// the helper that signs items below is checked against Adyen, not against itself.
mod webhooks {
    use crate::protocol::IncomingWebhook;
    use super::super::*;
    use crate::connectors::test_support;
    use crate::kit::crypto::{base64_encode, hmac_sha256, hex_decode};
    use crate::protocol::{
        ErrorKind, Options, PaymentStatus, RefundStatus, UnifiedErrorCode as U, WebhookEventKind as K, WebhookResult,
    };
    use serde_json::json;

    /// The HMAC key and signature of Adyen's library tests (HMACValidatorTest.testNotificationHmac).
    const ADYEN_TEST_KEY: &str = "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00";
    const ADYEN_TEST_SIGNATURE: &str = "ipnxGCaUZ4l8TUW75a71/ghd2Fe5ffvX0pV4TLTntIc=";
    const OTHER_KEY: &str = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";

    fn parse(body: &str, secret: &str) -> Result<WebhookResult, SidecarError> {
        let opts = Options::default();
        let ctx = test_support::ctx(CONNECTOR, &opts);
        let webhook = IncomingWebhook { headers: vec![], body: body.to_string(), secret: Secret::new(secret), url: None };
        test_support::read_webhook(CONNECTOR, &webhook, None, ctx.options)
    }

    fn library_item() -> Value {
        json!({"pspReference": "pspReference", "originalReference": "originalReference",
               "merchantAccountCode": "merchantAccount", "merchantReference": "reference",
               "amount": {"currency": "EUR", "value": 1000}, "eventCode": "EVENT", "eventDate": "1970-01-01T01:00:00+01:00",
               "paymentMethod": "VISA", "reason": "reason", "success": "true",
               "additionalData": {"hmacSignature": ADYEN_TEST_SIGNATURE}})
    }

    fn notification(items: &[Value]) -> String {
        json!({"live": "false", "notificationItems": items.iter().map(|i| json!({"NotificationRequestItem": i})).collect::<Vec<_>>()})
            .to_string()
    }

    /// Signs an item as Adyen does (the algorithm the known answer above pins).
    fn signed(mut item: Value, key: &str) -> Value {
        let s = |k: &str| item[k].as_str().unwrap_or("").to_string();
        let value = match &item["amount"]["value"] {
            Value::Number(n) => n.to_string(),
            Value::String(v) => v.clone(),
            _ => String::new(),
        };
        let payload = [
            s("pspReference"),
            s("originalReference"),
            s("merchantAccountCode"),
            s("merchantReference"),
            value,
            item["amount"]["currency"].as_str().unwrap_or("").to_string(),
            s("eventCode"),
            s("success"),
        ]
        .join(":");
        let sig = base64_encode(&hmac_sha256(&hex_decode(key).unwrap(), payload.as_bytes()));
        if !item["additionalData"].is_object() {
            item["additionalData"] = json!({});
        }
        item["additionalData"]["hmacSignature"] = json!(sig);
        item
    }

    fn item(event_code: &str, success: bool, original: Option<&str>) -> Value {
        let mut i = json!({"pspReference": "8815000000000001", "merchantAccountCode": "TestMerchant",
            "merchantReference": "ref-1", "amount": {"currency": "EUR", "value": 1500}, "eventCode": event_code,
            "eventDate": "2026-02-17T11:11:44+01:00", "paymentMethod": "visa", "reason": "", "success": success.to_string()});
        if let Some(o) = original {
            i["originalReference"] = json!(o);
        }
        i
    }

    fn one(event_code: &str, success: bool, original: Option<&str>) -> crate::protocol::WebhookEvent {
        let r = parse(&notification(&[signed(item(event_code, success, original), ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
        assert!(r.verified, "{event_code}: {:?}", r.reason);
        assert_eq!(r.events.len(), 1);
        r.events.into_iter().next().unwrap()
    }

    fn assert_clean(r: &WebhookResult, secrets: &[&str]) {
        let text = serde_json::to_string(r).unwrap();
        for s in secrets {
            assert!(!text.contains(s), "the result quotes a secret or signature: {text}");
        }
    }

    #[test]
    fn adyens_own_known_answer_verifies() {
        let r = parse(&notification(&[library_item()]), ADYEN_TEST_KEY).unwrap();
        assert!(r.verified, "{:?}", r.reason);
        assert_eq!(r.acknowledgement.status, 200);
        assert_eq!(r.acknowledgement.body, "[accepted]");
        // The key is hex: lower case works the same.
        assert!(parse(&notification(&[library_item()]), &ADYEN_TEST_KEY.to_lowercase()).unwrap().verified);
        // And the helper used by the other tests signs exactly as Adyen.
        assert_eq!(signed(library_item(), ADYEN_TEST_KEY)["additionalData"]["hmacSignature"], ADYEN_TEST_SIGNATURE);
        // `success` sent as a boolean and `value` as a string are signed as their text.
        let mut b = library_item();
        b["success"] = json!(true);
        b["amount"]["value"] = json!("1000");
        assert!(parse(&notification(&[b]), ADYEN_TEST_KEY).unwrap().verified);
    }

    #[test]
    fn a_wrong_key_an_altered_field_or_no_signature_is_not_verified() {
        let cases: Vec<(&str, String, &str)> = vec![
            ("wrong key", notification(&[library_item()]), OTHER_KEY),
            ("altered amount", notification(&[{ let mut i = library_item(); i["amount"]["value"] = json!(100000); i }]), ADYEN_TEST_KEY),
            ("altered event", notification(&[{ let mut i = library_item(); i["eventCode"] = json!("REFUND"); i }]), ADYEN_TEST_KEY),
            ("altered success", notification(&[{ let mut i = library_item(); i["success"] = json!("false"); i }]), ADYEN_TEST_KEY),
            ("altered reference", notification(&[{ let mut i = library_item(); i["pspReference"] = json!("other"); i }]), ADYEN_TEST_KEY),
            ("no signature", notification(&[{ let mut i = library_item(); i["additionalData"] = json!({}); i }]), ADYEN_TEST_KEY),
            ("not base64", notification(&[{ let mut i = library_item(); i["additionalData"]["hmacSignature"] = json!("%%%"); i }]), ADYEN_TEST_KEY),
            ("no additionalData", notification(&[{ let mut i = library_item(); i.as_object_mut().unwrap().remove("additionalData"); i }]), ADYEN_TEST_KEY),
        ];
        for (what, body, key) in cases {
            let r = parse(&body, key).unwrap();
            assert!(!r.verified, "{what}");
            assert!(r.events.is_empty(), "{what}");
            assert_eq!(r.acknowledgement.status, 401, "{what}");
            assert_ne!(r.acknowledgement.body, "[accepted]", "{what}");
            assert!(r.reason.as_deref().unwrap().starts_with("item 1 of 1"), "{what}: {:?}", r.reason);
            assert_clean(&r, &[ADYEN_TEST_KEY, OTHER_KEY, ADYEN_TEST_SIGNATURE, "%%%"]);
        }
    }

    #[test]
    fn one_bad_item_refuses_the_whole_request() {
        let good = signed(item("CAPTURE", true, Some("8815000000000000")), ADYEN_TEST_KEY);
        let mut bad = signed(item("REFUND", true, Some("8815000000000000")), ADYEN_TEST_KEY);
        bad["amount"]["value"] = json!(999_999);
        let r = parse(&notification(&[good.clone(), bad, good.clone()]), ADYEN_TEST_KEY).unwrap();
        assert!(!r.verified);
        assert!(r.events.is_empty(), "no event of a request that cannot be trusted");
        let reason = r.reason.unwrap();
        assert!(reason.starts_with("item 2 of 3"), "{reason}");
        // All good: every item is an event, in order.
        let r = parse(&notification(&[good.clone(), signed(item("REFUND", true, Some("8815000000000000")), ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
        assert!(r.verified);
        assert_eq!(r.events.iter().map(|e| e.event_type.as_str()).collect::<Vec<_>>(), ["CAPTURE", "REFUND"]);
    }

    #[test]
    fn bodies_that_are_not_standard_notifications() {
        for (what, body) in [
            ("not json", "{\"live\": \"false\", ".to_string()),
            ("no items", json!({"live": "false"}).to_string()),
            ("empty items", json!({"live": "false", "notificationItems": []}).to_string()),
            ("no wrapper", json!({"live": "false", "notificationItems": [{"pspReference": "x"}]}).to_string()),
            ("wrong shape", json!({"live": "false", "notificationItems": [{"NotificationRequestItem": {"amount": 5}}]}).to_string()),
            ("balance platform", json!({"data": {"id": "x"}, "type": "balancePlatform.transaction.created", "environment": "test"}).to_string()),
        ] {
            let r = parse(&body, ADYEN_TEST_KEY).unwrap();
            assert!(!r.verified && r.events.is_empty(), "{what}");
            assert!(r.reason.is_some(), "{what}");
        }
    }

    #[test]
    fn a_key_that_is_not_hex_is_a_configuration_error_that_does_not_quote_it() {
        for secret in ["whsec_not_an_adyen_key", "ABC", "zz"] {
            let e = parse(&notification(&[library_item()]), secret).unwrap_err();
            assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("secret")));
            assert!(!e.message.contains(secret) && !e.to_data().to_string().contains(secret));
        }
    }

    #[test]
    fn payment_events() {
        let a = one("AUTHORISATION", true, None);
        assert_eq!((a.kind, a.payment_status), (K::Payment, Some(PaymentStatus::Authorized)));
        assert_eq!(a.connector_transaction_id.as_deref(), Some("8815000000000001"));
        assert_eq!(a.merchant_transaction_id.as_deref(), Some("ref-1"));
        assert_eq!(a.amount.as_ref().unwrap().minor_amount, 1500);
        assert_eq!(a.occurred_at.as_deref(), Some("2026-02-17T11:11:44+01:00"));

        let mut refused = item("AUTHORISATION", false, None);
        refused["reason"] = json!("CVC Declined");
        let r = parse(&notification(&[signed(refused, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
        let e = &r.events[0];
        assert_eq!(e.payment_status, Some(PaymentStatus::Failure));
        let err = e.error.as_ref().unwrap();
        assert_eq!((err.code, err.connector_message.as_deref()), (U::IncorrectCvc, Some("CVC Declined")));

        for (code, success, want) in [
            ("CAPTURE", true, PaymentStatus::Charged),
            ("CAPTURE", false, PaymentStatus::CaptureFailed),
            ("CAPTURE_FAILED", true, PaymentStatus::CaptureFailed),
            ("CANCELLATION", true, PaymentStatus::Voided),
            ("CANCELLATION", false, PaymentStatus::VoidFailed),
            ("TECHNICAL_CANCEL", true, PaymentStatus::Voided),
        ] {
            let e = one(code, success, Some("8815000000000000"));
            assert_eq!((e.kind, e.payment_status), (K::Payment, Some(want)), "{code} {success}");
            assert_eq!(e.connector_transaction_id.as_deref(), Some("8815000000000000"), "{code}: the payment, not the modification");
            assert_eq!(e.connector_event_id.as_deref(), Some("8815000000000001"), "{code}");
            assert_eq!(e.merchant_transaction_id, None, "{code}: a modification's merchantReference is not the payment's");
            assert_eq!(e.error.is_some(), want != PaymentStatus::Charged && want != PaymentStatus::Voided, "{code}");
        }
        let offer = one("OFFER_CLOSED", true, None);
        assert_eq!(offer.payment_status, Some(PaymentStatus::Failure));

        // A token saved with the payment comes with AUTHORISATION.
        let mut saved = item("AUTHORISATION", true, None);
        saved["additionalData"] = json!({"tokenization.storedPaymentMethodId": "M5N7TQ4TG5PFWR50"});
        let r = parse(&notification(&[signed(saved, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
        assert_eq!(r.events[0].mandate_reference.as_deref(), Some("M5N7TQ4TG5PFWR50"));
    }

    #[test]
    fn refund_events() {
        for (code, success, want) in [
            ("REFUND", true, RefundStatus::Success),
            ("REFUND", false, RefundStatus::Failure),
            ("REFUND_FAILED", true, RefundStatus::Failure),
            ("REFUNDED_REVERSED", true, RefundStatus::Failure),
            ("REFUND_WITH_DATA", true, RefundStatus::Success),
            ("VOID_PENDING_REFUND", true, RefundStatus::Failure),
            ("POSTPONED_REFUND", true, RefundStatus::Pending),
        ] {
            let e = one(code, success, Some("8815000000000000"));
            assert_eq!((e.kind, e.refund_status), (K::Refund, Some(want)), "{code} {success}");
            assert_eq!(e.connector_refund_id.as_deref(), Some("8815000000000001"), "{code}");
            assert_eq!(e.connector_transaction_id.as_deref(), Some("8815000000000000"), "{code}");
            assert_eq!(e.merchant_refund_id.as_deref(), Some("ref-1"), "{code}");
            assert_eq!(e.error.is_some(), want == RefundStatus::Failure, "{code}");
        }
        let mut insufficient = item("REFUND", false, Some("8815000000000000"));
        insufficient["reason"] = json!("Insufficient balance on payment");
        let r = parse(&notification(&[signed(insufficient, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
        let err = r.events[0].error.as_ref().unwrap();
        assert_eq!(err.connector_message.as_deref(), Some("Insufficient balance on payment"));
        // Every failure text of the table, on the event it comes with.
        for (reason, want) in mapping::modification_failures() {
            for code in ["REFUND", "CAPTURE"] {
                let mut i = item(code, false, Some("8815000000000000"));
                i["reason"] = json!(reason);
                let r = parse(&notification(&[signed(i, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
                let err = r.events[0].error.as_ref().unwrap();
                assert_eq!((err.code, err.decline_type), (want, None), "{code}: {reason}");
            }
        }
        let mut other = item("REFUND", false, Some("8815000000000000"));
        other["reason"] = json!("Something Adyen added later");
        let r = parse(&notification(&[signed(other, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
        assert_eq!(r.events[0].error.as_ref().unwrap().code, U::ProcessingError);

        // CANCEL_OR_REFUND says which by additionalData.modification.action.
        for (action, kind) in [(Some("refund"), K::Refund), (Some("cancel"), K::Payment), (None, K::Other)] {
            let mut i = item("CANCEL_OR_REFUND", true, Some("8815000000000000"));
            if let Some(a) = action {
                i["additionalData"] = json!({"modification.action": a});
            }
            let r = parse(&notification(&[signed(i, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
            assert_eq!(r.events[0].kind, kind, "{action:?}");
            if kind == K::Payment {
                assert_eq!(r.events[0].payment_status, Some(PaymentStatus::Voided));
            }
        }
    }

    #[test]
    fn mandate_dispute_and_other_events() {
        let mut contract = item("RECURRING_CONTRACT", true, Some("8815000000000000"));
        contract["pspReference"] = json!("M5N7TQ4TG5PFWR50");
        contract["originalPsp"] = json!("8815000000000009");
        contract["amount"]["value"] = json!(0);
        let r = parse(&notification(&[signed(contract, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
        let e = &r.events[0];
        assert_eq!((e.kind, e.mandate_reference.as_deref()), (K::Mandate, Some("M5N7TQ4TG5PFWR50")));
        assert_eq!(e.connector_transaction_id.as_deref(), Some("8815000000000009"));

        for code in ["CHARGEBACK", "NOTIFICATION_OF_CHARGEBACK", "SECOND_CHARGEBACK", "CHARGEBACK_REVERSED", "REQUEST_FOR_INFORMATION", "PREARBITRATION_WON"] {
            let e = one(code, true, Some("8815000000000000"));
            assert_eq!(e.kind, K::Dispute, "{code}");
            assert_eq!(e.connector_transaction_id.as_deref(), Some("8815000000000000"), "{code}");
            assert!(e.payment_status.is_none() && e.refund_status.is_none(), "{code}");
        }
        for code in ["REPORT_AVAILABLE", "ORDER_OPENED", "SOMETHING_NEW"] {
            let e = one(code, true, None);
            assert_eq!((e.kind, e.event_type.as_str()), (K::Other, code));
        }
        // incrementalAuthorization's outcome (issue 12): a payment event.
        let e = one("AUTHORISATION_ADJUSTMENT", true, Some("8815000000000000"));
        assert_eq!((e.kind, e.payment_status), (K::Payment, Some(crate::protocol::PaymentStatus::Authorized)));
        let e = one("AUTHORISATION_ADJUSTMENT", false, Some("8815000000000000"));
        assert_eq!((e.kind, e.payment_status), (K::Payment, Some(crate::protocol::PaymentStatus::Failure)));
    }

    #[test]
    fn amounts_come_back_in_iso_units() {
        for (currency, adyen_value, iso_minor) in [("ISK", 50000, 500), ("IDR", 10, 1000), ("CLP", 1500, 15), ("CVE", 3, 300), ("JPY", 1500, 1500), ("KWD", 12340, 12340)] {
            let mut i = item("CAPTURE", true, Some("8815000000000000"));
            i["amount"] = json!({"currency": currency, "value": adyen_value});
            let r = parse(&notification(&[signed(i, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
            assert_eq!(r.events[0].amount.as_ref().unwrap().minor_amount, iso_minor, "{currency}");
        }
    }
}

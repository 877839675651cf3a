//! Adyen: Checkout API v71, JSON bodies, `X-API-Key`, `Idempotency-Key` on every call.
//! https://docs.adyen.com/api-explorer/Checkout/71/overview
//!
//! - `authorize` → `POST /payments` with raw card data (`paymentMethod.type: scheme`).
//!   Adyen captures automatically unless told otherwise; manual capture is sent as
//!   `additionalData.manualCapture: "true"`. The result carries `state.captureMethod` so that a
//!   later `psync` can tell `authorized` from `charged` (without it, psync reads Adyen's
//!   `Authorised` as `authorized`). With `setupFutureUsage` the card is saved too (see
//!   setupMandate) and `mandateReference` names it.
//! - `psync` → `POST /payments/details` with what the shopper's browser brought back to
//!   `returnUrl` (`request.redirectPayload`, e.g. `{redirectResult}`). Checkout has no
//!   payment-status lookup: without a payload Adyen reports the outcome only by webhook, so the
//!   request is refused (MissingRequiredField `request.redirectPayload`).
//! - `capture` → `POST /payments/{pspReference}/captures` (full or partial; several partial
//!   captures are Adyen's to allow), `void` → `POST /payments/{pspReference}/cancels`,
//!   `refund` → `POST /payments/{pspReference}/refunds` (full or partial, several per payment).
//!   Adyen answers all three with `status: received`: the result is `capture_initiated`,
//!   `void_initiated`, refund `pending`, and the outcome comes by webhook (CAPTURE, CANCELLATION,
//!   REFUND, each with `success`). `void` uses `/cancels`, not `/reversals`: a reversal refunds a
//!   payment that is already captured, which is a refund the caller did not ask for.
//! - `rsync` is not supported: Adyen has no refund-status API (see UNSUPPORTED).
//! - `setupMandate` → `POST /payments` with `storePaymentMethod: true`, `shopperReference`
//!   (= `customer.id`, required), `shopperInteraction: Ecommerce` and `recurringProcessingModel`
//!   `Subscription` (or `state.recurringProcessingModel`: `UnscheduledCardOnFile`). Amount 0 is a
//!   zero-value authorisation; an amount above 0 is authorised with manual capture, so the
//!   verification is not charged. `mandateReference` is
//!   `additionalData.tokenization.storedPaymentMethodId` when Adyen returns it, else it arrives by
//!   webhook (RECURRING_CONTRACT, or AUTHORISATION's additionalData).
//! - `repeatPayment` → `POST /payments` with `paymentMethod {type: scheme, storedPaymentMethodId}`,
//!   the same `shopperReference`, `shopperInteraction: ContAuth` and the recurring model.
//! - Webhooks: standard notifications, HMAC per item (webhooks.rs).
//! - Money: Adyen's own decimals (CLP 2, CVE 0, IDR 0, ISK 2; ISO elsewhere) in every flow and
//!   back from every response and webhook; an amount Adyen cannot take exactly is refused.

mod flows;
mod mapping;
mod payment_methods;
mod requests;
mod responses;
mod webhooks;

#[cfg(test)]
mod lifecycle_tests;
#[cfg(test)]
mod webhook_tests;

use super::{decode_auth, required, AuthField, Connector, ConnectorInfo, Context, Declaration, Environments, FlowTable, Webhooks};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{Environment, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

/// The placeholder of the production URL, filled from `auth.liveEndpointPrefix`.
const PREFIX_PLACEHOLDER: &str = "{liveEndpointPrefix}";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "adyen",
        display_name: "Adyen",
        payment_methods: &payment_methods::PAYMENT_METHODS,
        auth_fields: &[
            AuthField { name: "apiKey", required: true, description: "API key of the API credential (X-API-Key)" },
            AuthField { name: "merchantAccount", required: true, description: "merchant account that processes the payment" },
            AuthField {
                name: "liveEndpointPrefix",
                required: false,
                description: "production only: the prefix of your live endpoints (Customer Area > Developers > API URLs)",
            },
        ],
        sensitive_fields: &["cvc", "encryptedSecurityCode", "hmacSignature", "X-API-Key"],
        environments: Environments {
            sandbox: "https://checkout-test.adyen.com/v71",
            production: "https://{liveEndpointPrefix}-checkout-live.adyenpayments.com/checkout/v71",
        },
    },
    auth: AdyenAuth::decode,
    flows: FlowTable {
        authorize: Supported { build: flows::build_authorize, parse: flows::parse_authorize },
        psync: Supported { build: flows::build_psync, parse: flows::parse_psync },
        capture: Supported { build: flows::build_capture, parse: flows::parse_capture },
        void: Supported { build: flows::build_void, parse: flows::parse_void },
        refund: Supported { build: flows::build_refund, parse: flows::parse_refund },
        rsync: Unsupported(
            "Adyen has no refund-status API: it reports a refund's outcome only by webhook \
             (REFUND with success true or false, REFUND_FAILED, REFUNDED_REVERSED); read it with parseWebhook",
        ),
        setup_mandate: Supported { build: flows::build_setup_mandate, parse: flows::parse_setup_mandate },
        repeat_payment: Supported { build: flows::build_repeat_payment, parse: flows::parse_repeat_payment },
        create_access_token: Unsupported(
            "Adyen authenticates every call with the API key (X-API-Key); there is no access token",
        ),
        create_customer: Unsupported(
            "Adyen has no customer object: saved cards live under your own shopper reference \
             (request.customer.id, sent as shopperReference)",
        ),
        // A 3-D Secure or redirect payment completes with psync (`/payments/details`).
        complete_authorize: NotApplicable,
        verify_webhook: NotApplicable,
        create_session: Unsupported("not implemented in this version yet; Adyen: POST /sessions for Drop-in"),
        incremental_authorization: Unsupported("not implemented in this version yet; Adyen: POST /payments/{pspReference}/amountUpdates"),
        revoke_mandate: Unsupported("not implemented in this version yet; Adyen: DELETE /storedPaymentMethods/{id}"),
        reverse: Unsupported("not implemented in this version yet; Adyen: POST /payments/{pspReference}/reversals"),
        accept_dispute: Unsupported("not implemented in this version yet; Adyen Disputes API: acceptDispute"),
        upload_dispute_file: NotApplicable,
        submit_dispute_evidence: Unsupported("not implemented in this version yet; Adyen Disputes API: supplyDefenseDocument"),
        defend_dispute: Unsupported("not implemented in this version yet; Adyen Disputes API: defendDispute"),
        dsync: Unsupported("Adyen's Disputes API has no call that reads a dispute: its status comes by webhook (NOTIFICATION_OF_CHARGEBACK, CHARGEBACK, CHARGEBACK_REVERSED, SECOND_CHARGEBACK, PREARBITRATION_WON, PREARBITRATION_LOST...); read them with parseWebhook"),
    },
    webhooks: Webhooks::Signed(|webhook, _| webhooks::parse(webhook)),
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdyenAuth {
    api_key: Secret,
    merchant_account: Secret,
    live_endpoint_prefix: Option<Secret>,
}

impl AdyenAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: AdyenAuth = decode_auth(auth)?;
        required(a.api_key.expose(), "auth.apiKey")?;
        required(a.merchant_account.expose(), "auth.merchantAccount")?;
        Ok(a)
    }

    /// The base URL: `options.baseUrl`, else the environment's; production needs the prefix.
    pub(crate) fn base_url(&self, ctx: &Context) -> Result<String, SidecarError> {
        let base = ctx.base_url();
        if ctx.options.base_url.is_some() || ctx.options.environment != Environment::Production {
            return Ok(base.to_string());
        }
        let prefix = self
            .live_endpoint_prefix
            .as_ref()
            .map(|p| p.expose().trim())
            .filter(|p| !p.is_empty())
            .ok_or_else(|| {
                SidecarError::missing_field(
                    "auth.liveEndpointPrefix",
                    "Adyen's production endpoints are https://{liveEndpointPrefix}-checkout-live.adyenpayments.com; \
                     find the prefix in your Customer Area (Developers > API URLs)",
                )
            })?;
        // The prefix becomes part of a host name: letters, digits and dashes only. Not echoed.
        if !prefix.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(SidecarError::invalid_field(
                "auth.liveEndpointPrefix",
                "the prefix may contain only letters, digits and dashes".into(),
            ));
        }
        Ok(base.replace(PREFIX_PLACEHOLDER, prefix))
    }
}

#[cfg(test)]
mod tests {
    use crate::protocol::{CaptureMethod, Flow, FlowRequest, FlowResult, HttpResponse};
    use super::*;
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
        HttpResponse { status, headers: vec![], body, encoding: None }
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
        Context { options, info: CONNECTOR.info() }
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

//! PhonePe: PG standard checkout v1 (`/pg/v1/pay`, `/pg/v1/status`), UPI collect and UPI intent.
//! Requests carry a base64 JSON payload and an `X-VERIFY` checksum made with the merchant's salt.
//! https://developer.phonepe.com/v1/reference/pay-api-1, https://developer.phonepe.com/v1/reference/pay-api,
//! https://developer.phonepe.com/v1/reference/check-status-api-1
//!
//! Identifiers: PhonePe has no id of its own that the status API takes, so the unified
//! `connectorTransactionId` of a PhonePe payment is the `merchantTransactionId` we sent (PhonePe's
//! `/pg/v1/status/{merchantId}/{merchantTransactionId}` is keyed by it). psync takes it back in
//! `request.connectorTransactionId`.

mod mapping;
mod requests;
mod responses;

use super::{decode_auth, AuthField, Connector, ConnectorInfo, Context, Environments};
use crate::kit::crypto::sha256_hex;
use crate::protocol::{
    Flow, FlowRequest, FlowResult, HttpMethod, HttpRequest, HttpResponse, Secret, SidecarError,
};
use serde::Deserialize;
use serde_json::Value;

pub struct PhonePe;

static INFO: ConnectorInfo = ConnectorInfo {
    name: "phonepe",
    display_name: "PhonePe",
    flows: &[Flow::Authorize, Flow::Psync],
    unsupported_flows: &[],
    webhooks: false,
    payment_methods: &["upiCollect", "upiIntent"],
    auth_fields: &[
        AuthField { name: "merchantId", required: true, description: "merchant id assigned by PhonePe (UAT: PGTESTPAYUAT)" },
        AuthField { name: "saltKey", required: true, description: "salt key that signs X-VERIFY" },
        AuthField { name: "saltIndex", required: true, description: "index of the salt key (e.g. \"1\")" },
    ],
    environments: Environments {
        sandbox: "https://api-preprod.phonepe.com/apis/pg-sandbox",
        production: "https://api.phonepe.com/apis/hermes",
    },
};

/// The API path signed into the pay checksum (the same for UAT and production).
pub const PAY_PATH: &str = "/pg/v1/pay";

/// The API path of the status check, also what its checksum signs.
pub fn status_path(merchant_id: &str, merchant_transaction_id: &str) -> String {
    format!("/pg/v1/status/{merchant_id}/{merchant_transaction_id}")
}

/// `X-VERIFY`: SHA-256 (hex) of `payload + apiPath + saltKey`, then `###` and the salt index.
/// The payload is the base64 request for pay and empty for the status check.
pub fn x_verify(payload: &str, api_path: &str, auth: &PhonePeAuth) -> String {
    let signed = format!("{payload}{api_path}{}", auth.salt_key.expose());
    format!("{}###{}", sha256_hex(signed.as_bytes()), auth.salt_index())
}

/// The salt index arrives as a string (`"1"`) or, from hand-written configs, as a number.
#[derive(Deserialize)]
#[serde(untagged)]
enum SaltIndex {
    Text(Secret),
    Number(u32),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PhonePeAuth {
    merchant_id: Secret,
    salt_key: Secret,
    salt_index: SaltIndex,
}

impl PhonePeAuth {
    fn parse(auth: Value) -> Result<Self, SidecarError> {
        let a: PhonePeAuth = decode_auth(auth)?;
        let merchant_id = a.merchant_id.expose();
        if merchant_id.trim().is_empty() {
            return Err(SidecarError::missing_field("auth.merchantId", "it must not be empty"));
        }
        // It goes into the status URL path: PhonePe's ids are letters, digits, `_` and `-`.
        if !requests::is_phonepe_id(merchant_id, requests::MAX_MERCHANT_ID_LEN) {
            return Err(SidecarError::invalid_field(
                "auth.merchantId",
                format!("PhonePe merchant ids are 1-{} letters, digits, `_` or `-`", requests::MAX_MERCHANT_ID_LEN),
            ));
        }
        if a.salt_key.expose().trim().is_empty() {
            return Err(SidecarError::missing_field("auth.saltKey", "it must not be empty"));
        }
        let index = a.salt_index();
        if index.is_empty() {
            return Err(SidecarError::missing_field("auth.saltIndex", "it must not be empty"));
        }
        if !index.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SidecarError::invalid_field("auth.saltIndex", "the salt index is a number such as \"1\"".into()));
        }
        Ok(a)
    }

    pub fn merchant_id(&self) -> &str {
        self.merchant_id.expose()
    }

    fn salt_index(&self) -> String {
        match &self.salt_index {
            SaltIndex::Text(s) => s.expose().trim().to_string(),
            SaltIndex::Number(n) => n.to_string(),
        }
    }
}

impl Connector for PhonePe {
    fn info(&self) -> &'static ConnectorInfo {
        &INFO
    }

    fn build_request(&self, request: &FlowRequest, auth: Value, ctx: &Context) -> Result<HttpRequest, SidecarError> {
        let auth = PhonePeAuth::parse(auth)?;
        match request {
            FlowRequest::Authorize(r) => {
                let payload = requests::PhonePePayRequest::from_unified(r, auth.merchant_id())?;
                let body = payload.to_body();
                let checksum = x_verify(&body.request, PAY_PATH, &auth);
                Ok(HttpRequest::new(HttpMethod::POST, format!("{}{PAY_PATH}", ctx.base_url()))
                    .header("Content-Type", "application/json")
                    .secret_header("X-VERIFY", checksum)
                    // The payload holds the shopper's VPA and phone number.
                    .json_body(&body, true))
            }
            FlowRequest::Psync(r) => {
                let id = requests::check_merchant_transaction_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
                let path = status_path(auth.merchant_id(), id);
                Ok(HttpRequest::new(HttpMethod::GET, format!("{}{path}", ctx.base_url()))
                    .header("Content-Type", "application/json")
                    .secret_header("X-VERIFY", x_verify("", &path, &auth))
                    .header("X-MERCHANT-ID", auth.merchant_id()))
            }
            other => Err(ctx.flow_not_supported(other.flow())),
        }
    }

    fn parse_response(
        &self,
        request: &FlowRequest,
        _auth: Value,
        response: &HttpResponse,
        _ctx: &Context,
    ) -> Result<FlowResult, SidecarError> {
        let result = match request {
            FlowRequest::Authorize(r) => responses::parse_pay_response(r, response)?,
            FlowRequest::Psync(r) => responses::parse_status_response(r, response)?,
            other => return Err(_ctx.flow_not_supported(other.flow())),
        };
        Ok(FlowResult::Payment(result))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connectors::Context;
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
        let options = Options::default();
        let ctx = Context { options: &options, info: &INFO };
        PhonePe.build_request(&FlowRequest::decode(flow, request)?, auth, &ctx)
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
        let ctx = Context { options: &options, info: &INFO };
        let auth = json!({"merchantId": MERCHANT_ID, "saltKey": SALT_KEY, "saltIndex": 1});
        let r = FlowRequest::decode(Flow::Psync, json!({"connectorTransactionId": "MT1"})).unwrap();
        let req = PhonePe.build_request(&r, auth, &ctx).unwrap();
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
        let ctx = Context { options: &options, info: &INFO };
        let r = FlowRequest::decode(Flow::Psync, json!({"connectorTransactionId": "MT1"})).unwrap();
        let response: HttpResponse = serde_json::from_value(json!({
            "status": 200,
            "body": r#"{"success":true,"code":"PAYMENT_PENDING","message":"Your payment is in pending state.","data":{"merchantId":"PGTESTPAYUAT","merchantTransactionId":"MT1","transactionId":"T1","amount":100,"state":"PENDING","responseCode":null,"paymentInstrument":null}}"#
        }))
        .unwrap();
        let FlowResult::Payment(p) = PhonePe.parse_response(&r, uat_auth(), &response, &ctx).unwrap() else {
            panic!("a payment result")
        };
        assert_eq!(p.status, PaymentStatus::Pending);
    }
}

//! Stripe: PaymentIntents API, form-encoded with bracketed keys, `Authorization: Bearer`.
//! https://docs.stripe.com/api/payment_intents

mod mapping;
mod requests;
mod responses;

use super::{decode_auth, AuthField, Connector, ConnectorInfo, Context, Environments};
use crate::kit::form::encode_path_segment;
use crate::protocol::{
    Flow, FlowRequest, FlowResult, HttpMethod, HttpRequest, HttpResponse, Secret, SidecarError,
};
use serde::Deserialize;
use serde_json::Value;

/// The API version our requests are written for (and validated against, in the spec tests).
pub const STRIPE_API_VERSION: &str = "2023-08-16";

pub struct Stripe;

static INFO: ConnectorInfo = ConnectorInfo {
    name: "stripe",
    display_name: "Stripe",
    flows: &[Flow::Authorize, Flow::Psync],
    unsupported_flows: &[],
    webhooks: false,
    payment_methods: &["card"],
    auth_fields: &[AuthField { name: "apiKey", required: true, description: "secret key (sk_test_... / sk_live_...)" }],
    environments: Environments { sandbox: "https://api.stripe.com", production: "https://api.stripe.com" },
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StripeAuth {
    api_key: Secret,
}

impl StripeAuth {
    fn parse(auth: Value) -> Result<Self, SidecarError> {
        let a: StripeAuth = decode_auth(auth)?;
        if a.api_key.expose().trim().is_empty() {
            return Err(SidecarError::missing_field("auth.apiKey", "it must not be empty"));
        }
        Ok(a)
    }
}

fn authorized(req: HttpRequest, auth: &StripeAuth) -> HttpRequest {
    req.secret_header("Authorization", format!("Bearer {}", auth.api_key.expose()))
        .header("Stripe-Version", STRIPE_API_VERSION)
}

impl Connector for Stripe {
    fn info(&self) -> &'static ConnectorInfo {
        &INFO
    }

    fn build_request(&self, request: &FlowRequest, auth: Value, ctx: &Context) -> Result<HttpRequest, SidecarError> {
        let auth = StripeAuth::parse(auth)?;
        match request {
            FlowRequest::Authorize(r) => {
                let form = requests::StripeAuthorizeRequest::from_unified(r)?.to_form();
                let mut http = authorized(
                    HttpRequest::new(HttpMethod::POST, format!("{}/v1/payment_intents", ctx.base_url())),
                    &auth,
                );
                if let Some(key) = &r.idempotency_key {
                    http = http.header("Idempotency-Key", key.clone());
                }
                Ok(http.body("application/x-www-form-urlencoded", form.encode(), true))
            }
            FlowRequest::Psync(r) => Ok(authorized(
                HttpRequest::new(
                    HttpMethod::GET,
                    format!(
                        "{}/v1/payment_intents/{}?expand%5B0%5D=latest_charge",
                        ctx.base_url(),
                        encode_path_segment(&r.connector_transaction_id)
                    ),
                ),
                &auth,
            )),
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
        let _ = request;
        responses::parse_payment_intent_response(response).map(FlowResult::Payment)
    }
}

//! Stripe: PaymentIntents (authorize, psync, capture, void, repeatPayment), Refunds (refund,
//! rsync), Customers and SetupIntents (saved cards), webhooks. Form-encoded with bracketed keys,
//! `Authorization: Bearer`, `Idempotency-Key` on every POST the caller gave a key for.
//! https://docs.stripe.com/api

mod mapping;
mod requests;
mod responses;
mod webhooks;

#[cfg(test)]
mod tests;

use super::{decode_auth, path_id, required, AuthField, Connector, ConnectorInfo, Context, Environments, UnsupportedFlow};
use crate::kit::form::FormBody;
use crate::kit::idempotency::{main_key, step_key};
use crate::protocol::{
    Flow, FlowRequest, FlowResult, HttpMethod, HttpRequest, HttpResponse, IncomingWebhook, PaymentStatus, Secret,
    SidecarError, WebhookResult,
};
use serde::Deserialize;
use serde_json::Value;

/// The API version our requests are written for (and validated against, in the spec tests).
pub const STRIPE_API_VERSION: &str = "2023-08-16";

pub struct Stripe;

static INFO: ConnectorInfo = ConnectorInfo {
    name: "stripe",
    display_name: "Stripe",
    flows: &[
        Flow::Authorize,
        Flow::Psync,
        Flow::Capture,
        Flow::Void,
        Flow::Refund,
        Flow::Rsync,
        Flow::CreateCustomer,
        Flow::SetupMandate,
        Flow::RepeatPayment,
    ],
    unsupported_flows: &[
        UnsupportedFlow {
            flow: Flow::CreateAccessToken,
            reason: "Stripe authenticates every call with the secret API key itself; there is no access token to fetch",
        },
        UnsupportedFlow {
            flow: Flow::CompleteAuthorize,
            reason: "Stripe completes 3-D Secure on its own after the shopper's redirect; read the outcome with psync",
        },
    ],
    webhooks: true,
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
        required(a.api_key.expose(), "auth.apiKey")?;
        Ok(a)
    }
}

fn authorized(req: HttpRequest, auth: &StripeAuth) -> HttpRequest {
    req.secret_header("Authorization", format!("Bearer {}", auth.api_key.expose()))
        .header("Stripe-Version", STRIPE_API_VERSION)
}

/// A form POST to `path`, with `Idempotency-Key` when there is a key. `sensitive`: the body
/// holds card data.
fn post(ctx: &Context, auth: &StripeAuth, path: &str, form: FormBody, key: Option<String>, sensitive: bool) -> HttpRequest {
    let mut http = authorized(HttpRequest::new(HttpMethod::POST, format!("{}{path}", ctx.base_url())), auth);
    if let Some(key) = key {
        http = http.header("Idempotency-Key", key);
    }
    if form.pairs().is_empty() {
        return http; // nothing to send (a cancel without a reason): no body, as Stripe's SDKs do
    }
    http.body("application/x-www-form-urlencoded", form.encode(), sensitive)
}

fn get(ctx: &Context, auth: &StripeAuth, path_and_query: &str) -> HttpRequest {
    authorized(HttpRequest::new(HttpMethod::GET, format!("{}{path_and_query}", ctx.base_url())), auth)
}

/// A refund is one operation per `merchantRefundId`: without the caller's key, the refund id
/// names it, so a retried refund can never refund twice.
fn refund_idempotency_key(r: &crate::protocol::RefundRequest) -> String {
    main_key(r.idempotency_key.as_deref()).unwrap_or_else(|| format!("refund:{}", r.merchant_refund_id))
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
                Ok(post(ctx, &auth, "/v1/payment_intents", form, main_key(r.idempotency_key.as_deref()), true))
            }
            FlowRequest::Psync(r) => Ok(get(
                ctx,
                &auth,
                &format!("/v1/payment_intents/{}?expand%5B0%5D=latest_charge", path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Stripe")?),
            )),
            FlowRequest::Capture(r) => {
                let form = requests::StripeCaptureRequest::from_unified(r)?.to_form();
                let path = format!("/v1/payment_intents/{}/capture", path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Stripe")?);
                Ok(post(ctx, &auth, &path, form, main_key(r.idempotency_key.as_deref()), false))
            }
            FlowRequest::Void(r) => {
                let form = requests::StripeCancelRequest::from_unified(r)?.to_form();
                let path = format!("/v1/payment_intents/{}/cancel", path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Stripe")?);
                Ok(post(ctx, &auth, &path, form, main_key(r.idempotency_key.as_deref()), false))
            }
            FlowRequest::Refund(r) => {
                let form = requests::StripeRefundRequest::from_unified(r)?.to_form();
                Ok(post(ctx, &auth, "/v1/refunds", form, Some(refund_idempotency_key(r)), false))
            }
            FlowRequest::Rsync(r) => {
                Ok(get(ctx, &auth, &format!("/v1/refunds/{}", path_id(&r.connector_refund_id, "request.connectorRefundId", "Stripe")?)))
            }
            FlowRequest::CreateCustomer(r) => {
                let form = requests::StripeCustomerRequest::from_unified(r).to_form();
                // A preparatory step of saving a card: its own key, so it never collides with
                // the setupMandate or authorize that follows under the caller's key.
                Ok(post(ctx, &auth, "/v1/customers", form, step_key(r.idempotency_key.as_deref(), "customer"), false))
            }
            FlowRequest::SetupMandate(r) => {
                let form = requests::StripeSetupIntentRequest::from_unified(r)?.to_form();
                Ok(post(ctx, &auth, "/v1/setup_intents", form, main_key(r.idempotency_key.as_deref()), true))
            }
            FlowRequest::RepeatPayment(r) => {
                let form = requests::StripeRepeatPaymentRequest::from_unified(r)?.to_form();
                Ok(post(ctx, &auth, "/v1/payment_intents", form, main_key(r.idempotency_key.as_deref()), false))
            }
            other => Err(ctx.flow_not_supported(other.flow())),
        }
    }

    fn parse_response(
        &self,
        request: &FlowRequest,
        _auth: Value,
        response: &HttpResponse,
        ctx: &Context,
    ) -> Result<FlowResult, SidecarError> {
        use responses::*;
        match request {
            FlowRequest::Authorize(_) | FlowRequest::RepeatPayment(_) => {
                parse_payment_intent_response(response, OnError::Failed).map(FlowResult::Payment)
            }
            FlowRequest::Psync(_) => parse_payment_intent_response(response, OnError::Unknown).map(FlowResult::Payment),
            FlowRequest::Capture(_) => {
                parse_payment_intent_response(response, OnError::OperationFailed(PaymentStatus::CaptureFailed)).map(FlowResult::Payment)
            }
            FlowRequest::Void(_) => {
                parse_payment_intent_response(response, OnError::OperationFailed(PaymentStatus::VoidFailed)).map(FlowResult::Payment)
            }
            FlowRequest::Refund(_) => parse_refund_response(response, RefundOnError::Create).map(FlowResult::Refund),
            FlowRequest::Rsync(_) => parse_refund_response(response, RefundOnError::Read).map(FlowResult::Refund),
            FlowRequest::CreateCustomer(_) => parse_customer_response(response).map(FlowResult::Customer),
            FlowRequest::SetupMandate(_) => parse_setup_intent_response(response).map(FlowResult::Payment),
            other => Err(ctx.flow_not_supported(other.flow())),
        }
    }

    fn parse_webhook(&self, webhook: &IncomingWebhook, ctx: &Context) -> Result<WebhookResult, SidecarError> {
        webhooks::parse_webhook(webhook, ctx.options)
    }
}

//! Each Stripe flow: the call it makes and how its answer is read.

use super::requests::{
    StripeAuthorizeRequest, StripeCancelRequest, StripeCaptureRequest, StripeCustomerRequest, StripeRefundRequest,
    StripeRepeatPaymentRequest, StripeSetupIntentRequest,
};
use super::responses::{
    parse_customer_response, parse_payment_intent_response, parse_refund_response, parse_setup_intent_response, OnError,
    RefundOnError,
};
use super::{StripeAuth, STRIPE_API_VERSION};
use crate::connectors::{path_id, Context};
use crate::kit::form::FormBody;
use crate::kit::idempotency::{main_key, step_key};
use crate::protocol::{
    AuthorizeRequest, CaptureRequest, CreateCustomerRequest, CustomerResult, HttpMethod, HttpRequest, HttpResponse,
    PaymentResult, PaymentStatus, PsyncRequest, RefundRequest, RefundResult, RepeatPaymentRequest, RsyncRequest,
    SetupMandateRequest, SidecarError, VoidRequest,
};

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
fn refund_idempotency_key(r: &RefundRequest) -> String {
    main_key(r.idempotency_key.as_deref()).unwrap_or_else(|| format!("refund:{}", r.merchant_refund_id))
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let form = StripeAuthorizeRequest::from_unified(r)?.to_form();
    Ok(post(ctx, auth, "/v1/payment_intents", form, main_key(r.idempotency_key.as_deref()), true))
}

pub fn parse_authorize(_: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    parse_payment_intent_response(response, OnError::Failed)
}

pub fn build_psync(r: &PsyncRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Stripe")?;
    Ok(get(ctx, auth, &format!("/v1/payment_intents/{id}?expand%5B0%5D=latest_charge")))
}

pub fn parse_psync(_: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    parse_payment_intent_response(response, OnError::Unknown)
}

pub fn build_capture(r: &CaptureRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let form = StripeCaptureRequest::from_unified(r)?.to_form();
    let path = format!("/v1/payment_intents/{}/capture", path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Stripe")?);
    Ok(post(ctx, auth, &path, form, main_key(r.idempotency_key.as_deref()), false))
}

pub fn parse_capture(_: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    parse_payment_intent_response(response, OnError::OperationFailed(PaymentStatus::CaptureFailed))
}

pub fn build_void(r: &VoidRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let form = StripeCancelRequest::from_unified(r)?.to_form();
    let path = format!("/v1/payment_intents/{}/cancel", path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Stripe")?);
    Ok(post(ctx, auth, &path, form, main_key(r.idempotency_key.as_deref()), false))
}

pub fn parse_void(_: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    parse_payment_intent_response(response, OnError::OperationFailed(PaymentStatus::VoidFailed))
}

pub fn build_refund(r: &RefundRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let form = StripeRefundRequest::from_unified(r)?.to_form();
    Ok(post(ctx, auth, "/v1/refunds", form, Some(refund_idempotency_key(r)), false))
}

pub fn parse_refund(_: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    parse_refund_response(response, RefundOnError::Create)
}

pub fn build_rsync(r: &RsyncRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    Ok(get(ctx, auth, &format!("/v1/refunds/{}", path_id(&r.connector_refund_id, "request.connectorRefundId", "Stripe")?)))
}

pub fn parse_rsync(_: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    parse_refund_response(response, RefundOnError::Read)
}

pub fn build_create_customer(r: &CreateCustomerRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let form = StripeCustomerRequest::from_unified(r).to_form();
    // A preparatory step of saving a card: its own key, so it never collides with the
    // setupMandate or authorize that follows under the caller's key.
    Ok(post(ctx, auth, "/v1/customers", form, step_key(r.idempotency_key.as_deref(), "customer"), false))
}

pub fn parse_create_customer(_: &CreateCustomerRequest, response: &HttpResponse, _: &Context) -> Result<CustomerResult, SidecarError> {
    parse_customer_response(response)
}

pub fn build_setup_mandate(r: &SetupMandateRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let form = StripeSetupIntentRequest::from_unified(r)?.to_form();
    Ok(post(ctx, auth, "/v1/setup_intents", form, main_key(r.idempotency_key.as_deref()), true))
}

pub fn parse_setup_mandate(_: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    parse_setup_intent_response(response)
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let form = StripeRepeatPaymentRequest::from_unified(r)?.to_form();
    Ok(post(ctx, auth, "/v1/payment_intents", form, main_key(r.idempotency_key.as_deref()), false))
}

pub fn parse_repeat_payment(_: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    parse_payment_intent_response(response, OnError::Failed)
}

//! Each Braintree flow: the GraphQL document it sends and how its answer is read.

use super::requests::{
    self, CaptureTransactionInput, CreateCustomerInput, GraphQlRequest, IdVariables, InputVariables,
    PaymentMethodTransactionInput, PaymentMutation, RefundTransactionInput, VaultPaymentMethodInput, VoidTransactionInput,
};
use super::responses::{self, PaymentCall, RefundCall};
use super::{BraintreeAuth, BRAINTREE_VERSION};
use crate::connectors::{required, Context};
use crate::kit::crypto::basic_auth;
use crate::kit::idempotency::main_key;
use crate::protocol::{
    AuthorizeRequest, CaptureRequest, CreateCustomerRequest, CustomerResult, HttpMethod, HttpRequest, HttpResponse,
    PaymentResult, PsyncRequest, RefundRequest, RefundResult, RepeatPaymentRequest, RsyncRequest, SetupMandateRequest,
    SidecarError, VoidRequest,
};
use serde::Serialize;

/// The caller's key, trimmed; None when absent or blank.
fn caller_key(key: Option<&str>) -> Option<String> {
    main_key(key.map(str::trim).filter(|k| !k.is_empty()))
}

fn require_id(id: &str, field: &str) -> Result<String, SidecarError> {
    required(id, field).map(str::to_string)
}

/// `POST <base>/graphql` with the document and its variables. `sensitive` marks bodies that carry
/// a payment method nonce.
fn graphql<V: Serialize>(ctx: &Context, auth: &BraintreeAuth, query: String, variables: V, sensitive: bool) -> HttpRequest {
    HttpRequest::new(HttpMethod::POST, format!("{}/graphql", ctx.base_url()))
        .secret_header("Authorization", basic_auth(auth.public_key.expose(), auth.private_key.expose()))
        .header("Braintree-Version", BRAINTREE_VERSION)
        .json_body(&GraphQlRequest { query, variables }, sensitive)
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let mutation = PaymentMutation::for_capture_method(r.capture_method);
    let key = match mutation {
        PaymentMutation::Charge => caller_key(r.idempotency_key.as_deref()),
        PaymentMutation::Authorize => None,
    };
    let input = PaymentMethodTransactionInput::authorize(r, auth.merchant_account_id(), key)?;
    Ok(graphql(ctx, auth, mutation.document(), InputVariables { input }, true))
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let m = PaymentMutation::for_capture_method(r.capture_method);
    responses::parse_payment(response, PaymentCall::Create, &[m.data_field(), "transaction"], None)
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let mutation = PaymentMutation::for_capture_method(r.capture_method);
    let key = match mutation {
        PaymentMutation::Charge => caller_key(r.idempotency_key.as_deref()),
        PaymentMutation::Authorize => None,
    };
    let input = PaymentMethodTransactionInput::repeat(r, auth.merchant_account_id(), key)?;
    Ok(graphql(ctx, auth, mutation.document(), InputVariables { input }, false))
}

pub fn parse_repeat_payment(r: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let m = PaymentMutation::for_capture_method(r.capture_method);
    responses::parse_payment(response, PaymentCall::Create, &[m.data_field(), "transaction"], None)
}

pub fn build_psync(r: &PsyncRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = require_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    Ok(graphql(ctx, auth, requests::transaction_query(), IdVariables { id }, false))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, PaymentCall::Get, &["node"], Some(r.connector_transaction_id.trim()))
}

pub fn build_capture(r: &CaptureRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    require_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let input = CaptureTransactionInput::from_unified(r, caller_key(r.idempotency_key.as_deref()))?;
    Ok(graphql(ctx, auth, requests::capture_document(), InputVariables { input }, false))
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, PaymentCall::Capture, &["captureTransaction", "transaction"], Some(r.connector_transaction_id.trim()))
}

pub fn build_void(r: &VoidRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let transaction_id = require_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    Ok(graphql(ctx, auth, requests::void_document(), InputVariables { input: VoidTransactionInput { transaction_id } }, false))
}

pub fn parse_void(r: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, PaymentCall::Void, &["voidTransaction", "transaction"], Some(r.connector_transaction_id.trim()))
}

pub fn build_refund(r: &RefundRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    require_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    // One refund is one merchantRefundId ("unique per refund"): an honest key when the
    // caller gives none, so a retried refund is not a second refund.
    let key = caller_key(r.idempotency_key.as_deref()).or_else(|| caller_key(Some(&r.merchant_refund_id)));
    let input = RefundTransactionInput::from_unified(r, key)?;
    Ok(graphql(ctx, auth, requests::refund_document(), InputVariables { input }, false))
}

pub fn parse_refund(_: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, RefundCall::Create, &["refundTransaction", "refund"], None)
}

pub fn build_rsync(r: &RsyncRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = require_id(&r.connector_refund_id, "request.connectorRefundId")?;
    Ok(graphql(ctx, auth, requests::refund_query(), IdVariables { id }, false))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, RefundCall::Get, &["node"], Some(r.connector_refund_id.trim()))
}

pub fn build_create_customer(r: &CreateCustomerRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let input = CreateCustomerInput::from_unified(r)?;
    Ok(graphql(ctx, auth, requests::CREATE_CUSTOMER_DOCUMENT.to_string(), InputVariables { input }, false))
}

pub fn parse_create_customer(_: &CreateCustomerRequest, response: &HttpResponse, _: &Context) -> Result<CustomerResult, SidecarError> {
    responses::parse_customer(response)
}

pub fn build_setup_mandate(r: &SetupMandateRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let input = VaultPaymentMethodInput::from_unified(r, auth.merchant_account_id())?;
    Ok(graphql(ctx, auth, requests::VAULT_DOCUMENT.to_string(), InputVariables { input }, true))
}

pub fn parse_setup_mandate(_: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_vault(response)
}

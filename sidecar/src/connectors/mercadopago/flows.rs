//! Each Mercado Pago flow: the call it makes and how its answer is read. Every call carries
//! `Authorization: Bearer <access token>`; every POST and PUT an `X-Idempotency-Key`.

use super::requests::{idempotency_key, CancelPayment, CapturePayment, CreatePayment, CreateRefund};
use super::responses::{self, PaymentCall};
use super::MercadopagoAuth;
use crate::connectors::{path_id, Context};
use crate::protocol::{
    AuthorizeRequest, CaptureRequest, HttpMethod, HttpRequest, HttpResponse, PaymentMethod, PaymentResult, PsyncRequest,
    RefundRequest, RefundResult, RsyncRequest, SidecarError, VoidRequest,
};

fn call(method: HttpMethod, url: String, auth: &MercadopagoAuth) -> HttpRequest {
    HttpRequest::new(method, url).secret_header("Authorization", format!("Bearer {}", auth.access_token()))
}

fn write(method: HttpMethod, url: String, auth: &MercadopagoAuth, key: String) -> HttpRequest {
    call(method, url, auth).header("Content-Type", "application/json").header("X-Idempotency-Key", key)
}

/// A payment id in a path: Mercado Pago's ids are numbers.
fn payment_id(id: &str, field: &str) -> Result<String, SidecarError> {
    let id = path_id(id, field, "Mercado Pago")?;
    if !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SidecarError::invalid_field(field, "a Mercado Pago payment or refund id is a number".into()));
    }
    Ok(id)
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &MercadopagoAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = CreatePayment::from_unified(r)?;
    // Without a caller key: the order, the method and (a hash of) the single-use card token, so a
    // resent request is the same payment and a new attempt with a new token is a new one.
    let token_hash = match &r.payment_method {
        PaymentMethod::Token(t) => crate::kit::crypto::sha256_hex(t.value.expose().trim().as_bytes())[..16].to_string(),
        _ => String::new(),
    };
    let key = idempotency_key(
        r.idempotency_key.as_deref(),
        &["payment", r.merchant_transaction_id.trim(), &body.payment_method_id, &token_hash],
    );
    // The card token is single-use card data, the payer's document personal data: the body is
    // sensitive when it carries either.
    let sensitive = matches!(r.payment_method, PaymentMethod::Token(_)) || body.payer.identification.is_some();
    Ok(write(HttpMethod::POST, format!("{}/v1/payments", ctx.base_url()), auth, key).json_body(&body, sensitive))
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, PaymentCall::Create, None, Some(r.amount.currency.trim()))
}

pub fn build_psync(r: &PsyncRequest, auth: &MercadopagoAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = payment_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    Ok(call(HttpMethod::GET, format!("{}/v1/payments/{id}", ctx.base_url()), auth))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, PaymentCall::Get, Some(r.connector_transaction_id.trim()), None)
}

pub fn build_capture(r: &CaptureRequest, auth: &MercadopagoAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = payment_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let amount = match &r.amount_to_capture {
        Some(m) => Some(super::requests::amount(m, "request.amountToCapture")?),
        None => None,
    };
    let amount_text = amount.as_ref().map(|a| a.get().to_string()).unwrap_or_else(|| "full".into());
    let key = idempotency_key(r.idempotency_key.as_deref(), &["capture", &id, &amount_text]);
    let body = CapturePayment { capture: true, transaction_amount: amount };
    Ok(write(HttpMethod::PUT, format!("{}/v1/payments/{id}", ctx.base_url()), auth, key).json_body(&body, false))
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, PaymentCall::Capture, Some(r.connector_transaction_id.trim()), r.amount_to_capture.as_ref().map(|m| m.currency.trim()))
}

pub fn build_void(r: &VoidRequest, auth: &MercadopagoAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = payment_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let key = idempotency_key(r.idempotency_key.as_deref(), &["cancel", &id]);
    let body = CancelPayment { status: "cancelled" };
    Ok(write(HttpMethod::PUT, format!("{}/v1/payments/{id}", ctx.base_url()), auth, key).json_body(&body, false))
}

pub fn parse_void(r: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, PaymentCall::Cancel, Some(r.connector_transaction_id.trim()), None)
}

pub fn build_refund(r: &RefundRequest, auth: &MercadopagoAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = payment_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    crate::connectors::required(&r.merchant_refund_id, "request.merchantRefundId")?;
    let body = CreateRefund { amount: super::requests::amount(&r.refund_amount, "request.refundAmount")? };
    // Each merchantRefundId is one refund: resending it is recognised, a new one refunds again.
    let key = idempotency_key(r.idempotency_key.as_deref(), &["refund", &id, r.merchant_refund_id.trim()]);
    Ok(write(HttpMethod::POST, format!("{}/v1/payments/{id}/refunds", ctx.base_url()), auth, key).json_body(&body, false))
}

pub fn parse_refund(r: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, None, Some(&r.refund_amount.currency))
}

pub fn build_rsync(r: &RsyncRequest, auth: &MercadopagoAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = payment_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let refund = payment_id(&r.connector_refund_id, "request.connectorRefundId")?;
    Ok(call(HttpMethod::GET, format!("{}/v1/payments/{id}/refunds/{refund}", ctx.base_url()), auth))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, Some(r.connector_refund_id.trim()), r.refund_amount.as_ref().map(|m| m.currency.as_str()))
}

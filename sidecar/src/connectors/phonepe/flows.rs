//! Each PhonePe flow: the call it makes and how its answer is read.

use super::requests::{self, PhonePePayRequest, PhonePeRefundRequest, PhonePeRequestBody};
use super::responses;
use super::{status_path, x_verify, PhonePeAuth, PAY_PATH, REFUND_PATH};
use crate::connectors::Context;
use crate::protocol::{
    AuthorizeRequest, CaptureMethod, HttpMethod, HttpRequest, HttpResponse, PaymentResult, PsyncRequest, RefundRequest,
    RefundResult, RsyncRequest, SidecarError,
};

/// A POST of `{"request": base64}` signed over the base64 payload and the API path.
fn signed_post(ctx: &Context, path: &str, body: &PhonePeRequestBody, auth: &PhonePeAuth, sensitive: bool) -> HttpRequest {
    HttpRequest::new(HttpMethod::POST, format!("{}{path}", ctx.base_url()))
        .header("Content-Type", "application/json")
        .secret_header("X-VERIFY", x_verify(&body.request, path, auth))
        .json_body(body, sensitive)
}

/// The status check of one merchantTransactionId (a payment's or a refund's): signed over the path.
fn status_request(ctx: &Context, merchant_transaction_id: &str, auth: &PhonePeAuth) -> HttpRequest {
    let path = status_path(auth.merchant_id(), merchant_transaction_id);
    HttpRequest::new(HttpMethod::GET, format!("{}{path}", ctx.base_url()))
        .header("Content-Type", "application/json")
        .secret_header("X-VERIFY", x_verify("", &path, auth))
        .header("X-MERCHANT-ID", auth.merchant_id())
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &PhonePeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    // Money moves at once; a merchant expecting to capture or void later must hear no.
    if r.capture_method == CaptureMethod::Manual {
        return Err(SidecarError::invalid_field(
            "request.captureMethod",
            "PhonePe charges UPI payments at once and has no separate capture; use `automatic`".into(),
        ));
    }
    if r.setup_future_usage.is_some() {
        return Err(SidecarError::invalid_field(
            "request.setupFutureUsage",
            "PhonePe PG standard checkout keeps no payment method on file".into(),
        ));
    }
    super::payment_methods::check_three_ds(&r.three_ds)?;
    let payload = PhonePePayRequest::from_unified(r, auth.merchant_id())?;
    // The payload holds the shopper's VPA and phone number.
    Ok(signed_post(ctx, PAY_PATH, &payload.to_body(), auth, true))
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_pay_response(r, response)
}

pub fn build_psync(r: &PsyncRequest, auth: &PhonePeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = requests::check_merchant_transaction_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    Ok(status_request(ctx, id, auth))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_status_response(r, response)
}

pub fn build_refund(r: &RefundRequest, auth: &PhonePeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let payload = PhonePeRefundRequest::from_unified(r, auth.merchant_id())?;
    // Ids and an amount only: nothing about the shopper.
    Ok(signed_post(ctx, REFUND_PATH, &payload.to_body(), auth, false))
}

pub fn parse_refund(r: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund_response(r, response)
}

pub fn build_rsync(r: &RsyncRequest, auth: &PhonePeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = requests::check_merchant_transaction_id(&r.connector_refund_id, "request.connectorRefundId")?;
    Ok(status_request(ctx, id, auth))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund_status_response(r, response)
}

//! Each Adyen flow: the call it makes and how its answer is read. Each flow is one call (no
//! preparatory step): the caller's key goes to Adyen's Idempotency-Key as given.

use super::requests::{
    psp_path_segment, AdyenCancelRequest, AdyenCaptureRequest, AdyenPaymentDetailsRequest, AdyenPaymentRequest,
    AdyenRefundRequest,
};
use super::responses::{self, PaymentModification};
use super::AdyenAuth;
use crate::connectors::Context;
use crate::kit::idempotency::main_key;
use crate::kit::state::{capture_state, remembered_capture, remembers_capture};
use crate::protocol::{
    AuthorizeRequest, CaptureMethod, CaptureRequest, HttpMethod, HttpRequest, HttpResponse, PaymentResult, PsyncRequest,
    RefundRequest, RefundResult, RepeatPaymentRequest, SetupMandateRequest, SidecarError, VoidRequest,
};

/// Adyen's limit on `Idempotency-Key`: "a maximum of 64 characters".
const IDEMPOTENCY_KEY_MAX: usize = 64;

fn post(url: String, auth: &AdyenAuth, idempotency_key: Option<&str>) -> Result<HttpRequest, SidecarError> {
    let mut http = HttpRequest::new(HttpMethod::POST, url).secret_header("X-API-Key", auth.api_key.expose());
    if let Some(key) = main_key(idempotency_key) {
        if key.is_empty() || key.chars().count() > IDEMPOTENCY_KEY_MAX {
            return Err(SidecarError::invalid_field(
                "request.idempotencyKey",
                format!("Adyen takes an Idempotency-Key of 1 to {IDEMPOTENCY_KEY_MAX} characters"),
            ));
        }
        http = http.header("Idempotency-Key", key);
    }
    Ok(http)
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &AdyenAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = AdyenPaymentRequest::from_unified(r, auth.merchant_account.expose())?;
    Ok(post(format!("{}/payments", auth.base_url(ctx)?), auth, r.idempotency_key.as_deref())?.json_body(&body, true))
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_payment_response(response, r.capture_method, None)?;
    if response.is_success() {
        result.state = Some(capture_state(r.capture_method));
    }
    Ok(result)
}

pub fn build_psync(r: &PsyncRequest, auth: &AdyenAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = AdyenPaymentDetailsRequest::from_unified(r)?;
    Ok(post(format!("{}/payments/details", auth.base_url(ctx)?), auth, r.idempotency_key.as_deref())?.json_body(&body, false))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let capture = remembered_capture(r.state.as_ref());
    let mut result = responses::parse_payment_response(response, capture, Some(&r.connector_transaction_id))?;
    // Carried forward: a psync may be followed by another (a further challenge).
    let remembered = remembers_capture(r.state.as_ref());
    if remembered && response.is_success() {
        result.state = Some(capture_state(capture));
    }
    Ok(result)
}

pub fn build_capture(r: &CaptureRequest, auth: &AdyenAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let psp = psp_path_segment(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let body = AdyenCaptureRequest::from_unified(r, auth.merchant_account.expose())?;
    let url = format!("{}/payments/{psp}/captures", auth.base_url(ctx)?);
    Ok(post(url, auth, r.idempotency_key.as_deref())?.json_body(&body, false))
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment_modification(response, PaymentModification::Capture, &r.connector_transaction_id)
}

pub fn build_void(r: &VoidRequest, auth: &AdyenAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let psp = psp_path_segment(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let body = AdyenCancelRequest::from_unified(r, auth.merchant_account.expose())?;
    let url = format!("{}/payments/{psp}/cancels", auth.base_url(ctx)?);
    Ok(post(url, auth, r.idempotency_key.as_deref())?.json_body(&body, false))
}

pub fn parse_void(r: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment_modification(response, PaymentModification::Cancel, &r.connector_transaction_id)
}

pub fn build_refund(r: &RefundRequest, auth: &AdyenAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let psp = psp_path_segment(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let body = AdyenRefundRequest::from_unified(r, auth.merchant_account.expose())?;
    let url = format!("{}/payments/{psp}/refunds", auth.base_url(ctx)?);
    Ok(post(url, auth, r.idempotency_key.as_deref())?.json_body(&body, false))
}

pub fn parse_refund(_: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund_response(response)
}

pub fn build_setup_mandate(r: &SetupMandateRequest, auth: &AdyenAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = AdyenPaymentRequest::for_setup_mandate(r, auth.merchant_account.expose())?;
    Ok(post(format!("{}/payments", auth.base_url(ctx)?), auth, r.idempotency_key.as_deref())?.json_body(&body, true))
}

pub fn parse_setup_mandate(_: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    // A verification is never captured (zero, or sent with manual capture): Authorised is
    // `authorized`, and a psync after 3-D Secure reads it the same way.
    let mut result = responses::parse_payment_response(response, CaptureMethod::Manual, None)?;
    if response.is_success() {
        result.state = Some(capture_state(CaptureMethod::Manual));
    }
    Ok(result)
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &AdyenAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = AdyenPaymentRequest::for_repeat_payment(r, auth.merchant_account.expose())?;
    Ok(post(format!("{}/payments", auth.base_url(ctx)?), auth, r.idempotency_key.as_deref())?.json_body(&body, false))
}

pub fn parse_repeat_payment(r: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_payment_response(response, r.capture_method, None)?;
    if response.is_success() {
        result.state = Some(capture_state(r.capture_method));
    }
    Ok(result)
}

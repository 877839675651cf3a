//! Each Checkout.com flow: the call it makes and how its answer is read.

use super::requests;
use super::responses::{self, PaymentReading};
use super::{CheckoutAuth, IDEMPOTENCY_HEADER};
use crate::connectors::{path_id, Context};
use crate::kit::state::{capture_state, remembered_capture, remembers_capture};
use crate::protocol::{
    AuthorizeRequest, CaptureMethod, CaptureRequest, HttpMethod, HttpRequest, HttpResponse, PaymentResult, PaymentStatus,
    PsyncRequest, RefundRequest, RefundResult, RepeatPaymentRequest, RsyncRequest, SetupMandateRequest, SidecarError,
    VoidRequest,
};

fn authorized(method: HttpMethod, url: String, auth: &CheckoutAuth) -> HttpRequest {
    HttpRequest::new(method, url).secret_header("Authorization", format!("Bearer {}", auth.secret_key()))
}

fn post(url: String, auth: &CheckoutAuth, idempotency_key: Option<&String>) -> HttpRequest {
    let mut http = authorized(HttpMethod::POST, url, auth);
    if let Some(key) = idempotency_key {
        http = http.header(IDEMPOTENCY_HEADER, key.clone());
    }
    http
}

/// `{base}/payments/{id}[/{action}]`; the id is `request.connectorTransactionId`.
fn payment_url(base: &str, id: &str, action: &str) -> Result<String, SidecarError> {
    let mut url = format!("{base}/payments/{}", path_id(id.trim(), "request.connectorTransactionId", "Checkout.com")?);
    if !action.is_empty() {
        url.push('/');
        url.push_str(action);
    }
    Ok(url)
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = auth.base_url(ctx)?;
    let body = requests::CheckoutPaymentRequest::authorize(r, auth.account())?;
    let sensitive = true; // card data, a token, a cryptogram
    Ok(post(format!("{base}/payments"), auth, r.idempotency_key.as_ref()).json_body(&body, sensitive))
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = PaymentReading::new(
        r.capture_method,
        None,
        r.setup_future_usage.is_some(),
        false,
        r.idempotency_key.is_some(),
    );
    let mut result = responses::parse_payment(response, &how)?;
    if response.is_success() {
        result.state = Some(capture_state(r.capture_method));
    }
    Ok(result)
}

pub fn build_setup_mandate(r: &SetupMandateRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = auth.base_url(ctx)?;
    let body = requests::CheckoutPaymentRequest::setup_mandate(r, auth.account())?;
    Ok(post(format!("{base}/payments"), auth, r.idempotency_key.as_ref()).json_body(&body, true))
}

pub fn parse_setup_mandate(r: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = PaymentReading::new(CaptureMethod::Manual, None, true, false, r.idempotency_key.is_some());
    let mut result = responses::parse_payment(response, &how)?;
    if response.is_success() {
        result.state = Some(capture_state(CaptureMethod::Manual));
    }
    Ok(result)
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = auth.base_url(ctx)?;
    let body = requests::CheckoutPaymentRequest::repeat(r, auth.account())?;
    // The saved source id charges the card without the shopper: treat it like card data.
    Ok(post(format!("{base}/payments"), auth, r.idempotency_key.as_ref()).json_body(&body, true))
}

pub fn parse_repeat_payment(r: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = PaymentReading::new(r.capture_method, None, false, false, r.idempotency_key.is_some());
    let mut result = responses::parse_payment(response, &how)?;
    if response.is_success() {
        result.state = Some(capture_state(r.capture_method));
        // The same saved source pays the next time too.
        if !matches!(result.status, PaymentStatus::Failure | PaymentStatus::Unresolved) {
            result.mandate_reference = Some(r.mandate_reference.clone());
        }
    }
    Ok(result)
}

pub fn build_psync(r: &PsyncRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = auth.base_url(ctx)?;
    Ok(authorized(HttpMethod::GET, payment_url(&base, &r.connector_transaction_id, "")?, auth))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let capture = remembered_capture(r.state.as_ref());
    let how = PaymentReading::new(capture, Some(r.connector_transaction_id.as_str()), false, true, false);
    let mut result = responses::parse_payment(response, &how)?;
    // Carried forward: a psync may be followed by another.
    let remembered = remembers_capture(r.state.as_ref());
    if remembered && response.is_success() {
        result.state = Some(capture_state(capture));
    }
    Ok(result)
}

pub fn build_capture(r: &CaptureRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = auth.base_url(ctx)?;
    let body = requests::CheckoutCaptureRequest::from_unified(r)?;
    let url = payment_url(&base, &r.connector_transaction_id, "captures")?;
    Ok(post(url, auth, r.idempotency_key.as_ref()).json_body(&body, false))
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_action(
        response,
        &r.connector_transaction_id,
        PaymentStatus::CaptureInitiated,
        PaymentStatus::CaptureFailed,
        r.idempotency_key.is_some(),
    )
}

pub fn build_void(r: &VoidRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = auth.base_url(ctx)?;
    let body = requests::CheckoutVoidRequest::from_unified(r)?;
    let url = payment_url(&base, &r.connector_transaction_id, "voids")?;
    Ok(post(url, auth, r.idempotency_key.as_ref()).json_body(&body, false))
}

pub fn parse_void(r: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_action(
        response,
        &r.connector_transaction_id,
        PaymentStatus::VoidInitiated,
        PaymentStatus::VoidFailed,
        r.idempotency_key.is_some(),
    )
}

pub fn build_refund(r: &RefundRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = auth.base_url(ctx)?;
    let body = requests::CheckoutRefundRequest::from_unified(r)?;
    let url = payment_url(&base, &r.connector_transaction_id, "refunds")?;
    Ok(post(url, auth, r.idempotency_key.as_ref()).json_body(&body, false))
}

pub fn parse_refund(r: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, r.idempotency_key.is_some())
}

pub fn build_rsync(r: &RsyncRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = auth.base_url(ctx)?;
    Ok(authorized(HttpMethod::GET, payment_url(&base, &r.connector_transaction_id, "actions")?, auth))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    let currency = r.refund_amount.as_ref().map(|m| m.currency.as_str());
    responses::parse_refund_actions(response, r.connector_refund_id.trim(), currency)
}

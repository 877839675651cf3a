//! Each Razorpay flow: the call it makes and how its answer is read. Every call carries the key id
//! and key secret as HTTP Basic auth.

use super::requests::{refund_idempotency_key, Capture, CreateOrder, CreatePaymentJson, CreateRefund};
use super::emandate;
use super::responses::{self, Refusal};
use super::{RazorpayAuth, REFUND_IDEMPOTENCY_HEADER, STATE_ORDER};
use crate::connectors::{path_id, Context};
use crate::kit::crypto::basic_auth;
use crate::kit::text::present_owned;
use crate::protocol::{
    AuthorizeRequest, CaptureRequest, HttpMethod, HttpRequest, HttpResponse, PaymentMethod, PaymentResult, PaymentStatus, PsyncRequest,
    RefundRequest, RefundResult, RsyncRequest, SidecarError,
};

pub(super) fn call(method: HttpMethod, path: &str, auth: &RazorpayAuth, ctx: &Context) -> HttpRequest {
    HttpRequest::new(method, format!("{}/v1{path}", ctx.base_url()))
        .secret_header("Authorization", basic_auth(auth.key_id(), auth.key_secret()))
}

pub(super) fn post(path: &str, auth: &RazorpayAuth, ctx: &Context) -> HttpRequest {
    call(HttpMethod::POST, path, auth, ctx).header("Content-Type", "application/json")
}

fn payment_id(id: &str) -> Result<String, SidecarError> {
    path_id(id, "request.connectorTransactionId", "Razorpay")
}

/// The order this authorize pays: `request.state.razorpayOrderId`, or None for the first call.
fn order_of(r: &AuthorizeRequest) -> Option<&str> {
    r.state.get(STATE_ORDER).map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// An e-mandate in authorize: the registration with its first charge (emandate.rs), only when the
/// payment method is to be saved.
fn emandate_of(r: &AuthorizeRequest) -> Result<Option<emandate::Registration<'_>>, SidecarError> {
    let Some(debit) = emandate::of(&r.payment_method) else { return Ok(None) };
    if r.setup_future_usage.is_none() {
        return Err(emandate::one_time_refused());
    }
    Ok(Some(emandate::Registration {
        merchant_transaction_id: &r.merchant_transaction_id,
        amount: &r.amount,
        debit,
        customer: r.customer.as_ref(),
        max_amount: None,
        capture_method: r.capture_method,
        return_url: &r.return_url,
        description: &r.description,
        metadata: &r.metadata,
    }))
}

fn checked_order(order: &str) -> Result<&str, SidecarError> {
    if !order.starts_with("order_") || order.contains(['/', '?', '#']) {
        return Err(SidecarError::invalid_field("request.state.razorpayOrderId", "not a Razorpay order id (order_...)".into()));
    }
    Ok(order)
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &RazorpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if let Some(registration) = emandate_of(r)? {
        let order = order_of(r).map(checked_order).transpose()?;
        return emandate::build(&registration, order, auth, ctx);
    }
    match order_of(r) {
        None => {
            // First call: the order (amount, currency, receipt, capture setting); no card data yet.
            // The payment's own fields are checked now too, so that a request Razorpay's payment
            // would refuse fails before an order is made for it.
            CreatePaymentJson::from_unified(r, "order_check")?;
            let body = CreateOrder::from_unified(r)?;
            Ok(post("/orders", auth, ctx).json_body(&body, false))
        }
        Some(order) => {
            if !order.starts_with("order_") || order.contains(['/', '?', '#']) {
                return Err(SidecarError::invalid_field("request.state.razorpayOrderId", "not a Razorpay order id (order_...)".into()));
            }
            let body = CreatePaymentJson::from_unified(r, order)?;
            // Card data, or a saved card charged with it; a UPI VPA is the shopper's address.
            let sensitive = matches!(r.payment_method, PaymentMethod::Card(_) | PaymentMethod::Token(_));
            Ok(post("/payments/create/json", auth, ctx).json_body(&body, sensitive))
        }
    }
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    match order_of(r) {
        None => responses::parse_order(response, &r.state, "authorize"),
        Some(order) => {
            let mut result = responses::parse_payment_created(response, order)?;
            if emandate::of(&r.payment_method).is_some() {
                result.connector_customer_id = r.customer.as_ref().and_then(|c| present_owned(&c.connector_customer_id));
            }
            Ok(result)
        }
    }
}

pub fn build_psync(r: &PsyncRequest, auth: &RazorpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    Ok(call(HttpMethod::GET, &format!("/payments/{}", payment_id(&r.connector_transaction_id)?), auth, ctx))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = Refusal {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: true,
        refused: PaymentStatus::Unresolved,
        what: "Razorpay could not read the payment",
    };
    responses::parse_payment(response, &how)
}

pub fn build_capture(r: &CaptureRequest, auth: &RazorpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let path = format!("/payments/{}/capture", payment_id(&r.connector_transaction_id)?);
    let body = Capture::from_unified(r)?;
    Ok(post(&path, auth, ctx).json_body(&body, false))
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = Refusal {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: false,
        refused: PaymentStatus::CaptureFailed,
        what: "Razorpay refused the capture",
    };
    responses::parse_payment(response, &how)
}

pub fn build_refund(r: &RefundRequest, auth: &RazorpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let path = format!("/payments/{}/refund", payment_id(&r.connector_transaction_id)?);
    let body = CreateRefund::from_unified(r)?;
    let mut http = post(&path, auth, ctx);
    if let Some(key) = refund_idempotency_key(r.idempotency_key.as_deref())? {
        http = http.header(REFUND_IDEMPOTENCY_HEADER, key);
    }
    Ok(http.json_body(&body, false))
}

pub fn parse_refund(_: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, false, None)
}

pub fn build_rsync(r: &RsyncRequest, auth: &RazorpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(&r.connector_refund_id, "request.connectorRefundId", "Razorpay")?;
    Ok(call(HttpMethod::GET, &format!("/refunds/{id}"), auth, ctx))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, true, Some(r.connector_refund_id.trim()))
}

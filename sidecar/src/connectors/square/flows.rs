//! Each Square flow: the call it makes and how its answer is read.

use super::requests;
use super::responses::{self, PaymentCall, RefundCall};
use super::{SquareAuth, SQUARE_VERSION};
use crate::connectors::{path_id, Context};
use crate::kit::crypto::sha256_hex;
use crate::kit::idempotency::{main_key, step_key};
use crate::protocol::{
    AuthorizeRequest, CaptureRequest, CreateCustomerRequest, CustomerResult, HttpMethod, HttpRequest, HttpResponse,
    PaymentResult, PsyncRequest, RefundRequest, RefundResult, RepeatPaymentRequest, RsyncRequest, SetupMandateRequest,
    SidecarError, VoidRequest,
};

/// Square's limit for `idempotency_key` (bytes: "might be less than the stated maximum, if
/// multi-byte characters are used").
pub const MAX_IDEMPOTENCY_KEY_BYTES: usize = 45;

/// The `idempotency_key` Square gets for the caller's key: the key itself when it fits in 45
/// bytes, else `sha256-` and the first 38 hex digits of its SHA-256 (45 bytes). Either way the
/// same caller key always gives the same Square key, so a retry is recognised as one. A random
/// key would make every retry a new payment.
pub fn square_idempotency_key(key: &str) -> String {
    if key.len() <= MAX_IDEMPOTENCY_KEY_BYTES {
        key.to_string()
    } else {
        format!("sha256-{}", &sha256_hex(key.as_bytes())[..38])
    }
}

/// The caller's key, required: Square requires `idempotency_key` on CreatePayment and CreateCard,
/// and there is no honest stand-in. `merchantTransactionId` is not one: after a decline the
/// buyer retries the same order with another card, and Square would answer that retry with the
/// decline (same key) or IDEMPOTENCY_KEY_REUSED (other parameters).
pub(super) fn required_key(key: Option<&str>, why: &str) -> Result<String, SidecarError> {
    match key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => Ok(square_idempotency_key(k)),
        None => Err(SidecarError::missing_field("request.idempotencyKey", why)),
    }
}

pub(super) fn http(method: HttpMethod, url: String, auth: &SquareAuth) -> HttpRequest {
    HttpRequest::new(method, url)
        .secret_header("Authorization", format!("Bearer {}", auth.access_token.expose()))
        .header("Square-Version", SQUARE_VERSION)
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let key = required_key(
        r.idempotency_key.as_deref(),
        "Square requires an idempotency_key on every CreatePayment; give a key that is the same on \
         every retry of this payment attempt (it is what keeps a retry from charging twice)",
    )?;
    let body = requests::SquareCreatePayment::authorize(r, key, auth.location_id())?;
    // The body carries the buyer's payment token.
    Ok(http(HttpMethod::POST, format!("{base}/v2/payments"),  auth).json_body(&body, true))
}

pub fn parse_authorize(_: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, PaymentCall::Create, None)
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let key = required_key(
        r.idempotency_key.as_deref(),
        "Square requires an idempotency_key on every CreatePayment; give a key that is the same on \
         every retry of this payment",
    )?;
    let body = requests::SquareCreatePayment::repeat(r, key, auth.location_id())?;
    Ok(http(HttpMethod::POST, format!("{base}/v2/payments"),  auth).json_body(&body, true))
}

pub fn parse_repeat_payment(_: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, PaymentCall::Create, None)
}

pub fn build_psync(r: &PsyncRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Square")?;
    Ok(http(HttpMethod::GET, format!("{base}/v2/payments/{id}"),  auth))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, PaymentCall::Get, Some(r.connector_transaction_id.trim()))
}

pub fn build_capture(r: &CaptureRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Square")?;
    let complete = || {
        Ok(http(HttpMethod::POST, format!("{base}/v2/payments/{id}/complete"), auth)
            .json_body(&requests::SquareCompletePayment {}, false))
    };
    // No amount to capture: all of it, which is what CompletePayment does.
    let Some(to_capture) = &r.amount_to_capture else { return complete() };
    requests::SquareMoney::from_unified(to_capture, "request.amountToCapture")?;
    let authorized = r.payment_amount.as_ref().ok_or_else(|| {
        SidecarError::missing_field(
            "request.paymentAmount",
            "Square's CompletePayment captures the whole approved amount and takes no amount; give the \
             amount authorized so that a capture of less than that is refused instead of capturing it all",
        )
    })?;
    if authorized.minor_amount != to_capture.minor_amount {
        return Err(SidecarError::invalid_field(
            "request.amountToCapture.minorAmount",
            format!(
                "Square cannot capture part of an approved payment: CompletePayment takes no amount and would \
                 capture all {} {}, not {}. Capture the full amount and refund the difference, or void and \
                 authorize the lower amount (Square's UpdatePayment can lower an approved amount for some \
                 sellers before completing, a separate call this flow does not make)",
                authorized.minor_amount, authorized.currency, to_capture.minor_amount
            ),
        ));
    }
    complete()
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, PaymentCall::Complete, Some(r.connector_transaction_id.trim()))
}

pub fn build_void(r: &VoidRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Square")?;
    Ok(http(HttpMethod::POST, format!("{base}/v2/payments/{id}/cancel"),  auth))
}

pub fn parse_void(r: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, PaymentCall::Cancel, Some(r.connector_transaction_id.trim()))
}

pub fn build_refund(r: &RefundRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    // One refund is one merchantRefundId ("unique per refund"), so it is an honest key
    // when the caller gives none: a retry of the same refund reuses it.
    let key = square_idempotency_key(
        r.idempotency_key.as_deref().map(str::trim).filter(|k| !k.is_empty()).unwrap_or(r.merchant_refund_id.trim()),
    );
    path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Square")?;
    let body = requests::SquareRefundPayment::from_unified(r, key)?;
    Ok(http(HttpMethod::POST, format!("{base}/v2/refunds"),  auth).json_body(&body, false))
}

pub fn parse_refund(_: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, RefundCall::Create, None)
}

pub fn build_rsync(r: &RsyncRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let id = path_id(&r.connector_refund_id, "request.connectorRefundId", "Square")?;
    Ok(http(HttpMethod::GET, format!("{base}/v2/refunds/{id}"),  auth))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, RefundCall::Get, Some(r.connector_refund_id.trim()))
}

pub fn build_create_customer(r: &CreateCustomerRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    // A preparatory step of the caller's operation: its own key (`<key>:customer`).
    let key = step_key(r.idempotency_key.as_deref().map(str::trim).filter(|k| !k.is_empty()), "customer")
        .map(|k| square_idempotency_key(&k));
    let body = requests::SquareCreateCustomer::from_unified(r, key)?;
    Ok(http(HttpMethod::POST, format!("{base}/v2/customers"),  auth).json_body(&body, false))
}

pub fn parse_create_customer(_: &CreateCustomerRequest, response: &HttpResponse, _: &Context) -> Result<CustomerResult, SidecarError> {
    responses::parse_customer(response)
}

pub fn build_setup_mandate(r: &SetupMandateRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let key = required_key(
        main_key(r.idempotency_key.as_deref()).as_deref(),
        "Square requires an idempotency_key on every CreateCard; give a key that is the same on every \
         retry of saving this card",
    )?;
    let body = requests::SquareCreateCard::from_unified(r, key)?;
    Ok(http(HttpMethod::POST, format!("{base}/v2/cards"),  auth).json_body(&body, true))
}

pub fn parse_setup_mandate(_: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_card(response)
}

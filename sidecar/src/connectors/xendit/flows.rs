//! Each Xendit flow: the call it makes and how its answer is read.

use super::requests::{xendit_amount, XenditCaptureRequest, XenditPaymentMethodCreate, XenditPaymentRequest, XenditRefundRequest};
use super::responses::{self, PaymentReading};
use super::{XenditAuth, IDEMPOTENCY_HEADER};
use crate::connectors::{path_id, Context};
use crate::kit::crypto::basic_auth;
use crate::protocol::{
    AuthorizeRequest, CaptureRequest, HttpMethod, HttpRequest, HttpResponse, MandateResult, PaymentResult, PaymentStatus, PsyncRequest,
    RefundRequest, RefundResult, RepeatPaymentRequest, RevokeMandateRequest, RsyncRequest, SetupMandateRequest, SidecarError,
};

/// HTTP Basic with the secret API key as the user name and an empty password.
fn authorized(method: HttpMethod, url: String, auth: &XenditAuth) -> HttpRequest {
    HttpRequest::new(method, url).secret_header("Authorization", basic_auth(auth.api_key(), ""))
}

pub(super) fn post(url: String, auth: &XenditAuth, idempotency_key: Option<&str>) -> HttpRequest {
    let mut http = authorized(HttpMethod::POST, url, auth).header("Content-Type", "application/json");
    if let Some(key) = idempotency_key.map(str::trim).filter(|k| !k.is_empty()) {
        http = http.header(IDEMPOTENCY_HEADER, key);
    }
    http
}

fn payment_request_id(id: &str) -> Result<String, SidecarError> {
    path_id(id, "request.connectorTransactionId", "Xendit")
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &XenditAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = XenditPaymentRequest::authorize(r)?;
    // Card data or a card token.
    Ok(post(format!("{}/payment_requests", ctx.base_url()), auth, r.idempotency_key.as_deref()).json_body(&body, true))
}

fn paying() -> PaymentReading<'static> {
    PaymentReading { known_id: None, read_only: false, refused: PaymentStatus::Failure, what: "Xendit refused the payment request" }
}

pub fn parse_authorize(_: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, &paying())
}

pub fn build_psync(r: &PsyncRequest, auth: &XenditAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = payment_request_id(&r.connector_transaction_id)?;
    if id.starts_with(super::sessions::SESSION_PREFIX) {
        // createSession's Payment Session (ps-...): its payment request once it is COMPLETED.
        return Ok(authorized(HttpMethod::GET, format!("{}/sessions/{id}", ctx.base_url()), auth));
    }
    if is_payment_method(&id) {
        // setupMandate's payment method (pm-...), after the shopper's 3-D Secure.
        return Ok(authorized(HttpMethod::GET, format!("{}/v2/payment_methods/{id}", ctx.base_url()), auth));
    }
    Ok(authorized(HttpMethod::GET, format!("{}/payment_requests/{id}", ctx.base_url()), auth))
}

/// A payment method's id (`pm-...`), as setupMandate answers it, not a payment request's (`pr-...`).
fn is_payment_method(id: &str) -> bool {
    id.starts_with("pm-")
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = PaymentReading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: true,
        refused: PaymentStatus::Unresolved,
        what: "Xendit could not read the payment request",
    };
    if r.connector_transaction_id.trim().starts_with(super::sessions::SESSION_PREFIX) {
        return super::sessions::parse_session_psync(r.connector_transaction_id.trim(), response);
    }
    if is_payment_method(r.connector_transaction_id.trim()) {
        return responses::parse_saved_method(response, &how);
    }
    responses::parse_payment(response, &how)
}

// ---------- saved methods: the Payment Method API (v2) ----------

pub fn build_setup_mandate(r: &SetupMandateRequest, auth: &XenditAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = XenditPaymentMethodCreate::setup_mandate(r)?;
    // The SDK's createPaymentMethod sends no idempotency-key: neither do we, so a retry after a
    // lost answer may save the card twice (two pm- ids; expire the one not used).
    let http = authorized(HttpMethod::POST, format!("{}/v2/payment_methods", ctx.base_url()), auth).header("Content-Type", "application/json");
    // The card itself.
    Ok(http.json_body(&body, true))
}

pub fn parse_setup_mandate(_: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = PaymentReading { known_id: None, read_only: false, refused: PaymentStatus::Failure, what: "Xendit refused to save the payment method" };
    responses::parse_saved_method(response, &how)
}

pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &XenditAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(&r.mandate_reference, "request.mandateReference", "Xendit")?;
    if !is_payment_method(&id) {
        return Err(SidecarError::invalid_field("request.mandateReference", "not a Xendit payment method id (pm-...)".into()));
    }
    // PaymentMethodExpireParameters (return URLs for unlinking a direct debit) is optional and
    // the SDK sends no body without it.
    let http = authorized(HttpMethod::POST, format!("{}/v2/payment_methods/{id}/expire", ctx.base_url()), auth).header("Content-Type", "application/json");
    Ok(http)
}

pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    responses::parse_expired_method(response, r.mandate_reference.trim())
}

pub fn build_capture(r: &CaptureRequest, auth: &XenditAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = payment_request_id(&r.connector_transaction_id)?;
    // Xendit's capture names the amount (capture_amount, required): part of the authorization,
    // or all of it.
    let (amount, field) = r.amount_or_whole("Xendit")?;
    if let Some(p) = &r.payment_amount {
        if p.currency != amount.currency {
            return Err(SidecarError::invalid_field(&format!("{field}.currency"), format!("Xendit captures in the payment's currency ({})", p.currency)));
        }
        if amount.minor_amount > p.minor_amount {
            return Err(SidecarError::invalid_field(
                &format!("{field}.minorAmount"),
                format!("more than was authorized ({} {}): Xendit refuses it (CAPTURE_AMOUNT_EXCEEDED)", p.minor_amount, p.currency),
            ));
        }
    }
    let body = XenditCaptureRequest {
        reference_id: crate::kit::text::present_owned(&r.merchant_capture_id),
        capture_amount: xendit_amount(amount, field)?,
    };
    let url = format!("{}/payment_requests/{id}/captures", ctx.base_url());
    Ok(post(url, auth, r.idempotency_key.as_deref()).json_body(&body, false))
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = PaymentReading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: false,
        refused: PaymentStatus::CaptureFailed,
        what: "Xendit refused the capture",
    };
    responses::parse_capture(response, &how)
}

pub fn build_refund(r: &RefundRequest, auth: &XenditAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = crate::protocol::required(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let body = XenditRefundRequest::from_unified(r, id)?;
    Ok(post(format!("{}/refunds", ctx.base_url()), auth, r.idempotency_key.as_deref()).json_body(&body, false))
}

pub fn parse_refund(_: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, false, None)
}

pub fn build_rsync(r: &RsyncRequest, auth: &XenditAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(&r.connector_refund_id, "request.connectorRefundId", "Xendit")?;
    Ok(authorized(HttpMethod::GET, format!("{}/refunds/{id}", ctx.base_url()), auth))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, true, Some(r.connector_refund_id.trim()))
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &XenditAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = XenditPaymentRequest::repeat(r)?;
    // The saved method charges without the shopper: treat it like card data.
    Ok(post(format!("{}/payment_requests", ctx.base_url()), auth, r.idempotency_key.as_deref()).json_body(&body, true))
}

pub fn parse_repeat_payment(r: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_payment(response, &paying())?;
    if !matches!(result.status, PaymentStatus::Failure | PaymentStatus::Unresolved) {
        // The same saved method pays the next time too.
        result.mandate_reference = Some(r.mandate_reference.trim().to_string());
    }
    Ok(result)
}

//! Each Rapyd flow: the signed call it makes and how its answer is read.

use super::requests::{
    rapyd_amount, RapydCaptureRequest, RapydCustomerRequest, RapydPaymentRequest, RapydRefundRequest, RapydSavePaymentMethodRequest,
};
use super::responses::{self, PaymentReading};
use super::signing::{request_signature, salt};
use super::{RapydAuth, IDEMPOTENCY_HEADER};
use crate::connectors::{path_id, Context};
use crate::kit::time::now_unix;
use crate::protocol::{
    CreateSessionRequest, SessionResult, DisputeResult, DsyncRequest, AuthorizeRequest, CaptureRequest, MandateResult, RevokeMandateRequest, CreateCustomerRequest, CustomerResult, HttpMethod, HttpRequest, HttpResponse, PaymentResult,
    PaymentStatus, PsyncRequest, RefundRequest, RefundResult, RepeatPaymentRequest, RsyncRequest, SetupMandateRequest, SidecarError,
    VoidRequest,
};
use serde::Serialize;

/// A body to send: its exact text (what is signed) and whether it holds card data.
struct Body {
    text: String,
    sensitive: bool,
}

fn json(body: &impl Serialize, sensitive: bool) -> Body {
    Body { text: serde_json::to_string(body).expect("request types always serialize"), sensitive }
}

/// The request to `path` (from `/v1`), signed as Rapyd's "Request Signatures" says, with the
/// caller's idempotency key.
fn signed(
    method: HttpMethod,
    path: &str,
    body: Option<Body>,
    auth: &RapydAuth,
    ctx: &Context,
    idempotency_key: Option<&str>,
) -> Result<HttpRequest, SidecarError> {
    let salt = salt(ctx.options)?;
    let timestamp = now_unix(ctx.options)?;
    let method_word = match method {
        HttpMethod::GET => "get",
        HttpMethod::POST => "post",
        HttpMethod::PUT => "put",
        HttpMethod::PATCH => "patch",
        HttpMethod::DELETE => "delete",
    };
    let body_text = body.as_ref().map(|b| b.text.as_str()).unwrap_or("");
    let signature = request_signature(auth, method_word, path, &salt, timestamp, body_text);
    let mut http = HttpRequest::new(method, format!("{}{path}", ctx.base_url()))
        .header("Content-Type", "application/json")
        .secret_header("access_key", auth.access_key())
        .header("salt", salt)
        .header("timestamp", timestamp.to_string())
        .secret_header("signature", signature);
    if let Some(key) = idempotency_key.map(str::trim).filter(|k| !k.is_empty()) {
        http = http.header(IDEMPOTENCY_HEADER, key);
    }
    if let Some(b) = body {
        http = http.body("application/json", b.text, b.sensitive);
    }
    Ok(http)
}

fn payment_id(id: &str) -> Result<String, SidecarError> {
    path_id(id, "request.connectorTransactionId", "Rapyd")
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &RapydAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = RapydPaymentRequest::authorize(r)?;
    // Card data, or a saved card's id.
    signed(HttpMethod::POST, "/v1/payments", Some(json(&body, true)), auth, ctx, r.idempotency_key.as_deref())
}

fn paying() -> PaymentReading<'static> {
    PaymentReading { known_id: None, read_only: false, refused: PaymentStatus::Failure, what: "Rapyd refused the payment" }
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_payment(response, &paying())?;
    if r.setup_future_usage.is_some() && !matches!(result.status, PaymentStatus::Failure | PaymentStatus::Unresolved) {
        // save_payment_method: the card's id (card_...) and its customer pay the next time.
        if let Ok(env) = response.json::<responses::Envelope<responses::RapydPayment>>() {
            if let Some(p) = env.data {
                result.mandate_reference = p
                    .payment_method
                    .clone()
                    .or_else(|| p.payment_method_data.as_ref().and_then(|d| d.id.clone()))
                    .filter(|id| !id.trim().is_empty());
                result.connector_customer_id = p.customer_token.clone().filter(|c| !c.trim().is_empty());
            }
        }
    }
    Ok(result)
}

fn is_checkout(id: &str) -> bool {
    id.trim().starts_with(super::sessions::CHECKOUT_PREFIX)
}

/// A payment (`payment_...`): Retrieve Payment; a checkout page createSession made
/// (`checkout_...`): Retrieve Checkout Page, whose payment exists once the shopper paid.
pub fn build_psync(r: &PsyncRequest, auth: &RapydAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = payment_id(&r.connector_transaction_id)?;
    let path = if is_checkout(&r.connector_transaction_id) { format!("/v1/checkout/{id}") } else { format!("/v1/payments/{id}") };
    signed(HttpMethod::GET, &path, None, auth, ctx, None)
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    if is_checkout(&r.connector_transaction_id) {
        return super::sessions::parse_checkout_psync(r.connector_transaction_id.trim(), response);
    }
    let how = PaymentReading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: true,
        refused: PaymentStatus::Unresolved,
        what: "Rapyd could not read the payment",
    };
    responses::parse_payment(response, &how)
}

pub fn build_capture(r: &CaptureRequest, auth: &RapydAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let path = format!("/v1/payments/{}/capture", payment_id(&r.connector_transaction_id)?);
    // An amount captures part (Rapyd releases the rest); none captures all of it.
    let body = match &r.amount_to_capture {
        Some(amount) => {
            if amount.minor_amount <= 0 {
                return Err(SidecarError::invalid_field("request.amountToCapture.minorAmount", "a capture is a positive amount".into()));
            }
            if let Some(p) = &r.payment_amount {
                if p.currency != amount.currency {
                    return Err(SidecarError::invalid_field(
                        "request.amountToCapture.currency",
                        format!("Rapyd captures in the payment's currency ({})", p.currency),
                    ));
                }
                if amount.minor_amount > p.minor_amount {
                    return Err(SidecarError::invalid_field(
                        "request.amountToCapture.minorAmount",
                        format!("more than was authorized ({} {})", p.minor_amount, p.currency),
                    ));
                }
            }
            Some(json(&RapydCaptureRequest { amount: rapyd_amount(amount, "request.amountToCapture")? }, false))
        }
        None => None,
    };
    signed(HttpMethod::POST, &path, body, auth, ctx, r.idempotency_key.as_deref())
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = PaymentReading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: false,
        refused: PaymentStatus::CaptureFailed,
        what: "Rapyd refused the capture",
    };
    responses::parse_payment(response, &how)
}

pub fn build_void(r: &VoidRequest, auth: &RapydAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let path = format!("/v1/payments/{}", payment_id(&r.connector_transaction_id)?);
    signed(HttpMethod::DELETE, &path, None, auth, ctx, r.idempotency_key.as_deref())
}

pub fn parse_void(r: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = PaymentReading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: false,
        refused: PaymentStatus::VoidFailed,
        what: "Rapyd refused to cancel the payment",
    };
    responses::parse_payment(response, &how)
}

pub fn build_refund(r: &RefundRequest, auth: &RapydAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let payment = crate::protocol::required(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let body = RapydRefundRequest::from_unified(r, payment)?;
    signed(HttpMethod::POST, "/v1/refunds", Some(json(&body, false)), auth, ctx, r.idempotency_key.as_deref())
}

pub fn parse_refund(_: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, false, None)
}

pub fn build_rsync(r: &RsyncRequest, auth: &RapydAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(&r.connector_refund_id, "request.connectorRefundId", "Rapyd")?;
    signed(HttpMethod::GET, &format!("/v1/refunds/{id}"), None, auth, ctx, None)
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, true, Some(r.connector_refund_id.trim()))
}

pub fn build_create_customer(r: &CreateCustomerRequest, auth: &RapydAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = RapydCustomerRequest::from_unified(r)?;
    let key = crate::kit::idempotency::step_key(r.idempotency_key.as_deref(), "customer");
    // The shopper's email and phone number.
    signed(HttpMethod::POST, "/v1/customers", Some(json(&body, true)), auth, ctx, key.as_deref())
}

pub fn parse_create_customer(_: &CreateCustomerRequest, response: &HttpResponse, _: &Context) -> Result<CustomerResult, SidecarError> {
    responses::parse_customer(response)
}

fn mandate_customer(r: &SetupMandateRequest) -> Result<&str, SidecarError> {
    r.customer
        .as_ref()
        .and_then(|c| c.connector_customer_id.as_deref())
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            SidecarError::missing_field(
                "request.customer.connectorCustomerId",
                "Rapyd saves cards under a customer: run createCustomer first (the client's setupMandate does)",
            )
        })
}

pub fn build_setup_mandate(r: &SetupMandateRequest, auth: &RapydAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let customer = path_id(mandate_customer(r)?, "request.customer.connectorCustomerId", "Rapyd")?;
    let body = RapydSavePaymentMethodRequest::from_unified(r)?;
    let path = format!("/v1/customers/{customer}/payment_methods");
    signed(HttpMethod::POST, &path, Some(json(&body, true)), auth, ctx, r.idempotency_key.as_deref())
}

pub fn parse_setup_mandate(r: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_saved_payment_method(response, mandate_customer(r)?)
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &RapydAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = RapydPaymentRequest::repeat(r)?;
    // The saved card charges without the shopper: treat it like card data.
    signed(HttpMethod::POST, "/v1/payments", Some(json(&body, true)), auth, ctx, r.idempotency_key.as_deref())
}

pub fn parse_repeat_payment(r: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_payment(response, &paying())?;
    if !matches!(result.status, PaymentStatus::Failure | PaymentStatus::Unresolved) {
        // The same saved card pays the next time too.
        result.mandate_reference = Some(r.mandate_reference.trim().to_string());
        result.connector_customer_id = r.customer.as_ref().and_then(|c| c.connector_customer_id.clone());
    }
    Ok(result)
}

fn revoke_customer(r: &RevokeMandateRequest) -> Result<String, SidecarError> {
    let customer = r.customer.as_ref().and_then(|c| c.connector_customer_id.as_deref()).unwrap_or("");
    if customer.trim().is_empty() {
        return Err(SidecarError::missing_field(
            "request.customer.connectorCustomerId",
            "Rapyd deletes a saved card from its customer: give the customer (cus_...) setupMandate saved it under",
        ));
    }
    path_id(customer, "request.customer.connectorCustomerId", "Rapyd")
}

pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &RapydAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let customer = revoke_customer(r)?;
    let card = path_id(&r.mandate_reference, "request.mandateReference", "Rapyd")?;
    let path = format!("/v1/customers/{customer}/payment_methods/{card}");
    signed(HttpMethod::DELETE, &path, None, auth, ctx, r.idempotency_key.as_deref())
}

pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    responses::parse_deleted_payment_method(response, r.mandate_reference.trim())
}

pub fn build_dsync(r: &DsyncRequest, auth: &RapydAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(&r.connector_dispute_id, "request.connectorDisputeId", "Rapyd")?;
    signed(HttpMethod::GET, &format!("/v1/disputes/{id}"), None, auth, ctx, None)
}

pub fn parse_dsync(r: &DsyncRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    super::disputes::parse_dispute(response, r.connector_dispute_id.trim())
}

pub fn build_create_session(r: &CreateSessionRequest, auth: &RapydAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if let Some(validation) = &r.apple_pay_merchant_validation {
        let body = super::sessions::RapydApplePaySessionRequest::from_unified(validation)?;
        return signed(HttpMethod::POST, "/v1/digital_wallets/session/apple_pay", Some(json(&body, false)), auth, ctx, r.idempotency_key.as_deref());
    }
    let body = super::sessions::RapydCheckoutRequest::from_unified(r)?;
    // The shopper's customer id and the merchant's URLs; no card data (the page collects it).
    signed(HttpMethod::POST, "/v1/checkout", Some(json(&body, false)), auth, ctx, r.idempotency_key.as_deref())
}

pub fn parse_create_session(r: &CreateSessionRequest, response: &HttpResponse, _: &Context) -> Result<SessionResult, SidecarError> {
    if r.apple_pay_merchant_validation.is_some() {
        return super::sessions::parse_apple_pay_session(response);
    }
    super::sessions::parse_create_session(response)
}

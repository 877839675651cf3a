//! Each Shift4 flow: the call it makes and how its answer is read.

use super::requests::{self, Shift4ChargeRequest, Shift4CustomerRequest, Shift4RefundRequest};
use super::responses::{self, ChargeReading};
use super::{webhooks, Shift4Auth, IDEMPOTENCY_HEADER};
use crate::connectors::{path_id, Context};
use crate::kit::crypto::basic_auth;
use crate::protocol::{
    AuthorizeRequest, CaptureRequest, CreateCustomerRequest, CustomerResult, HttpMethod, HttpRequest, HttpResponse, PaymentResult,
    MandateResult, PaymentStatus, PsyncRequest, RefundRequest, RefundResult, RepeatPaymentRequest, RevokeMandateRequest, RsyncRequest,
    SetupMandateRequest, SidecarError, VerifyWebhookRequest, WebhookVerificationResult,
};

fn authorized(method: HttpMethod, url: String, auth: &Shift4Auth) -> HttpRequest {
    HttpRequest::new(method, url).secret_header("Authorization", basic_auth(auth.secret_key(), ""))
}

fn post(url: String, auth: &Shift4Auth, idempotency_key: Option<&String>) -> HttpRequest {
    let mut http = authorized(HttpMethod::POST, url, auth).header("Content-Type", "application/json");
    if let Some(key) = idempotency_key.map(|k| k.trim()).filter(|k| !k.is_empty()) {
        http = http.header(IDEMPOTENCY_HEADER, key);
    }
    http
}

fn charge_id(id: &str) -> Result<String, SidecarError> {
    path_id(id, "request.connectorTransactionId", "Shift4")
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &Shift4Auth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = Shift4ChargeRequest::authorize(r)?;
    // Card data or a card token.
    Ok(post(format!("{}/charges", ctx.base_url()), auth, r.idempotency_key.as_ref()).json_body(&body, true))
}

fn charging(idempotent: bool) -> ChargeReading<'static> {
    ChargeReading { known_id: None, read_only: false, idempotent, refused: PaymentStatus::Failure, what: "Shift4 refused the charge" }
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_charge(response, &charging(r.idempotency_key.is_some()))
}

pub fn build_psync(r: &PsyncRequest, auth: &Shift4Auth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    Ok(authorized(HttpMethod::GET, format!("{}/charges/{}", ctx.base_url(), charge_id(&r.connector_transaction_id)?), auth))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = ChargeReading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: true,
        idempotent: false,
        refused: PaymentStatus::Unresolved,
        what: "Shift4 could not read the charge",
    };
    responses::parse_charge(response, &how)
}

pub fn build_capture(r: &CaptureRequest, auth: &Shift4Auth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    // Shift4's capture takes no amount: it captures what was authorized (amountToCapture left
    // out, or the whole authorization).
    if let Some(to_capture) = &r.amount_to_capture {
        if let Some(p) = &r.payment_amount {
            if to_capture.minor_amount != p.minor_amount {
                return Err(SidecarError::invalid_field(
                    "request.amountToCapture.minorAmount",
                    format!(
                        "Shift4 captures the whole authorized amount ({} {}), not part of it: capture {} (or leave amountToCapture out) and refund the difference after",
                        p.minor_amount, p.currency, p.minor_amount
                    ),
                ));
            }
        }
        requests::shift4_amount(to_capture, "request.amountToCapture")?;
    }
    let url = format!("{}/charges/{}/capture", ctx.base_url(), charge_id(&r.connector_transaction_id)?);
    Ok(post(url, auth, r.idempotency_key.as_ref()).body("application/json", "{}".into(), false))
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = ChargeReading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: false,
        idempotent: r.idempotency_key.is_some(),
        refused: PaymentStatus::CaptureFailed,
        what: "Shift4 refused the capture",
    };
    responses::parse_charge(response, &how)
}

pub fn build_refund(r: &RefundRequest, auth: &Shift4Auth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = r.connector_transaction_id.trim();
    required_id(id, "char_", "request.connectorTransactionId")?;
    let body = Shift4RefundRequest::from_unified(r, id)?;
    Ok(post(format!("{}/refunds", ctx.base_url()), auth, r.idempotency_key.as_ref()).json_body(&body, false))
}

pub fn parse_refund(r: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, r.idempotency_key.is_some(), false, None)
}

pub fn build_rsync(r: &RsyncRequest, auth: &Shift4Auth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(&r.connector_refund_id, "request.connectorRefundId", "Shift4")?;
    Ok(authorized(HttpMethod::GET, format!("{}/refunds/{id}", ctx.base_url()), auth))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, false, true, Some(r.connector_refund_id.trim()))
}

pub fn build_create_customer(r: &CreateCustomerRequest, auth: &Shift4Auth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = Shift4CustomerRequest::from_unified(r);
    let key = crate::kit::idempotency::step_key(r.idempotency_key.as_deref(), "customer");
    // The shopper's email and phone number.
    Ok(post(format!("{}/customers", ctx.base_url()), auth, key.as_ref()).json_body(&body, true))
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
                "Shift4 saves cards under a customer: run createCustomer first (the client's setupMandate does)",
            )
        })
}

pub fn build_setup_mandate(r: &SetupMandateRequest, auth: &Shift4Auth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let customer = path_id(mandate_customer(r)?, "request.customer.connectorCustomerId", "Shift4")?;
    let body = requests::save_card(r)?;
    let url = format!("{}/customers/{customer}/cards", ctx.base_url());
    Ok(post(url, auth, r.idempotency_key.as_ref()).json_body(&body, true))
}

pub fn parse_setup_mandate(r: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_saved_card(response, mandate_customer(r)?, r.idempotency_key.is_some())
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &Shift4Auth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = Shift4ChargeRequest::repeat(r)?;
    // The saved card charges without the shopper: treat it like card data.
    Ok(post(format!("{}/charges", ctx.base_url()), auth, r.idempotency_key.as_ref()).json_body(&body, true))
}

pub fn parse_repeat_payment(r: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_charge(response, &charging(r.idempotency_key.is_some()))?;
    if !matches!(result.status, PaymentStatus::Failure | PaymentStatus::Unresolved) {
        // The same saved card pays the next time too.
        result.mandate_reference = Some(r.mandate_reference.trim().to_string());
        result.connector_customer_id = r.customer.as_ref().and_then(|c| c.connector_customer_id.clone());
    }
    Ok(result)
}

/// `DELETE /customers/{customerId}/cards/{cardId}` (the Java SDK's `deleteCard`): a saved card
/// lives under its customer, so both ids are needed.
pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &Shift4Auth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let customer = r.customer.as_ref().and_then(|c| crate::kit::text::present(&c.connector_customer_id)).ok_or_else(|| {
        SidecarError::missing_field(
            "request.customer.connectorCustomerId",
            "Shift4 keeps saved cards under a customer: deleting one names the customer (setupMandate's connectorCustomerId)",
        )
    })?;
    let customer = path_id(customer, "request.customer.connectorCustomerId", "Shift4")?;
    let card = path_id(r.mandate_reference.trim(), "request.mandateReference", "Shift4")?;
    Ok(authorized(HttpMethod::DELETE, format!("{}/customers/{customer}/cards/{card}", ctx.base_url()), auth))
}

pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    responses::parse_deleted_card(response, r.mandate_reference.trim())
}

pub fn build_verify_webhook(r: &VerifyWebhookRequest, auth: &Shift4Auth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = webhooks::event_id(&r.body)?;
    let id = path_id(&id, "request.body", "Shift4")?;
    Ok(authorized(HttpMethod::GET, format!("{}/events/{id}", ctx.base_url()), auth))
}

pub fn parse_verify_webhook(r: &VerifyWebhookRequest, response: &HttpResponse, _: &Context) -> Result<WebhookVerificationResult, SidecarError> {
    webhooks::parse_verification(&r.body, response)
}

/// An id Shift4 made: its prefix and letters or digits.
fn required_id<'a>(id: &'a str, prefix: &str, field: &str) -> Result<&'a str, SidecarError> {
    let id = crate::protocol::required(id, field)?;
    let ok = id.strip_prefix(prefix).is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !ok {
        return Err(SidecarError::invalid_field(field, format!("not a Shift4 charge id ({prefix}...)")));
    }
    Ok(id)
}

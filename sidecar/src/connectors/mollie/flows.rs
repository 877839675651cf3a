//! Each Mollie flow: the call it makes and how its answer is read.

use super::requests::{
    mollie_amount, MollieCaptureRequest, MollieCustomerRequest, MolliePaymentRequest, MollieRefundRequest,
    MERCHANT_REFUND_ID,
};
use super::responses::{self, PaymentReading};
use super::MollieAuth;
use crate::connectors::{path_id, Context};
use crate::kit::text::{present, present_owned};
use crate::protocol::{
    AuthorizeRequest, CaptureRequest, CreateCustomerRequest, CustomerResult, DisputeResult, DsyncRequest, HttpMethod, HttpRequest, HttpResponse, MandateResult,
    PaymentResult, PaymentStatus, PsyncRequest, RefundRequest, RefundResult, RepeatPaymentRequest, RevokeMandateRequest, RsyncRequest,
    SetupMandateRequest, SidecarError, VoidRequest,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// Mollie's idempotency header ("API idempotency": a retried POST or DELETE with the same key
/// gets the first answer).
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

/// The request to `path` (from `/v2`), with `Authorization: Bearer <api key>` and the caller's
/// idempotency key.
fn call(method: HttpMethod, path: &str, auth: &MollieAuth, ctx: &Context, idempotency_key: Option<&str>) -> HttpRequest {
    let mut http = HttpRequest::new(method, format!("{}{path}", ctx.base_url()))
        .secret_header("Authorization", format!("Bearer {}", auth.api_key()))
        .header("Accept", "application/hal+json");
    if let Some(key) = idempotency_key.map(str::trim).filter(|k| !k.is_empty()) {
        http = http.header(IDEMPOTENCY_HEADER, key);
    }
    http
}

fn with_json(http: HttpRequest, body: &impl Serialize, sensitive: bool) -> HttpRequest {
    http.body("application/json", serde_json::to_string(body).expect("request types always serialize"), sensitive)
}

fn payment_id(id: &str) -> Result<String, SidecarError> {
    path_id(id, "request.connectorTransactionId", "Mollie")
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &MollieAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = MolliePaymentRequest::authorize(r)?;
    // A card token or a wallet's token pays on its own.
    Ok(with_json(call(HttpMethod::POST, "/v2/payments", auth, ctx, r.idempotency_key.as_deref()), &body, true))
}

fn paying() -> PaymentReading<'static> {
    PaymentReading { known_id: None, read_only: false, refused: PaymentStatus::Failure, what: "Mollie refused the payment" }
}

pub fn parse_authorize(_: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, &paying())
}

pub fn build_psync(r: &PsyncRequest, auth: &MollieAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    Ok(call(HttpMethod::GET, &format!("/v2/payments/{}", payment_id(&r.connector_transaction_id)?), auth, ctx, None))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = PaymentReading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: true,
        refused: PaymentStatus::Unresolved,
        what: "Mollie could not read the payment",
    };
    responses::parse_payment(response, &how)
}

pub fn build_capture(r: &CaptureRequest, auth: &MollieAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let path = format!("/v2/payments/{}/captures", payment_id(&r.connector_transaction_id)?);
    // An amount captures part (Mollie's Cards: "Partial capture"); none captures all of it.
    let amount = match &r.amount_to_capture {
        Some(amount) => {
            if let Some(p) = &r.payment_amount {
                if p.currency != amount.currency {
                    return Err(SidecarError::invalid_field(
                        "request.amountToCapture.currency",
                        format!("Mollie captures in the payment's currency ({})", p.currency),
                    ));
                }
                if amount.minor_amount > p.minor_amount {
                    return Err(SidecarError::invalid_field(
                        "request.amountToCapture.minorAmount",
                        format!("more than was authorized ({} {})", p.minor_amount, p.currency),
                    ));
                }
            }
            Some(mollie_amount(amount, "request.amountToCapture")?)
        }
        None => None,
    };
    let mut metadata = BTreeMap::new();
    if let Some(id) = present(&r.merchant_capture_id) {
        metadata.insert("merchantCaptureId".to_string(), id.to_string());
    }
    let body = MollieCaptureRequest { amount, description: None, metadata };
    Ok(with_json(call(HttpMethod::POST, &path, auth, ctx, r.idempotency_key.as_deref()), &body, false))
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_capture(response, r.connector_transaction_id.trim(), r.payment_amount.as_ref())
}

pub fn build_void(r: &VoidRequest, auth: &MollieAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    // Cancel payment: possible while the payment `isCancelable` (an open payment, an authorization).
    let path = format!("/v2/payments/{}", payment_id(&r.connector_transaction_id)?);
    Ok(call(HttpMethod::DELETE, &path, auth, ctx, r.idempotency_key.as_deref()))
}

pub fn parse_void(r: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = PaymentReading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: false,
        refused: PaymentStatus::VoidFailed,
        what: "Mollie refused to cancel the payment",
    };
    let result = responses::parse_payment(response, &how)?;
    Ok(result)
}

pub fn build_refund(r: &RefundRequest, auth: &MollieAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let path = format!("/v2/payments/{}/refunds", payment_id(&r.connector_transaction_id)?);
    let merchant_refund_id = crate::protocol::required(&r.merchant_refund_id, "request.merchantRefundId")?;
    let mut metadata = r.metadata.clone().unwrap_or_default();
    metadata.insert(MERCHANT_REFUND_ID.to_string(), merchant_refund_id.to_string());
    let body = MollieRefundRequest {
        amount: mollie_amount(&r.refund_amount, "request.refundAmount")?,
        description: present_owned(&r.reason),
        metadata,
    };
    Ok(with_json(call(HttpMethod::POST, &path, auth, ctx, r.idempotency_key.as_deref()), &body, false))
}

pub fn parse_refund(_: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, false, None)
}

pub fn build_rsync(r: &RsyncRequest, auth: &MollieAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let payment = payment_id(&r.connector_transaction_id)?;
    let refund = path_id(&r.connector_refund_id, "request.connectorRefundId", "Mollie")?;
    Ok(call(HttpMethod::GET, &format!("/v2/payments/{payment}/refunds/{refund}"), auth, ctx, None))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, true, Some(r.connector_refund_id.trim()))
}

pub fn build_create_customer(r: &CreateCustomerRequest, auth: &MollieAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let mut metadata = BTreeMap::new();
    if let Some(id) = present(&r.customer.id) {
        metadata.insert("customerId".to_string(), id.to_string());
    }
    let body = MollieCustomerRequest { name: present_owned(&r.customer.name), email: present_owned(&r.customer.email), metadata };
    let key = crate::kit::idempotency::step_key(r.idempotency_key.as_deref(), "customer");
    // The shopper's name and email.
    Ok(with_json(call(HttpMethod::POST, "/v2/customers", auth, ctx, key.as_deref()), &body, true))
}

pub fn parse_create_customer(_: &CreateCustomerRequest, response: &HttpResponse, _: &Context) -> Result<CustomerResult, SidecarError> {
    responses::parse_customer(response)
}

fn mandate_customer(customer: Option<&crate::protocol::Customer>, what: &str) -> Result<String, SidecarError> {
    let id = customer.and_then(|c| c.connector_customer_id.as_deref()).map(str::trim).unwrap_or("");
    if id.is_empty() {
        return Err(SidecarError::missing_field("request.customer.connectorCustomerId", what));
    }
    path_id(id, "request.customer.connectorCustomerId", "Mollie")
}

const SAVE_UNDER_CUSTOMER: &str =
    "Mollie keeps mandates under a customer: run createCustomer first (cst_...; the client's setupMandate does)";

pub fn build_setup_mandate(r: &SetupMandateRequest, auth: &MollieAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let customer = mandate_customer(r.customer.as_ref(), SAVE_UNDER_CUSTOMER)?;
    // A first payment: the shopper pays (or verifies the card, EUR 0.00) and Mollie keeps a mandate.
    let body = MolliePaymentRequest::first(r, &customer)?;
    Ok(with_json(call(HttpMethod::POST, "/v2/payments", auth, ctx, r.idempotency_key.as_deref()), &body, true))
}

pub fn parse_setup_mandate(r: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let customer = mandate_customer(r.customer.as_ref(), SAVE_UNDER_CUSTOMER)?;
    let mut result = responses::parse_payment(response, &paying())?;
    if result.connector_customer_id.is_none() && !matches!(result.status, PaymentStatus::Failure | PaymentStatus::Unresolved) {
        result.connector_customer_id = Some(customer);
    }
    Ok(result)
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &MollieAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let customer = mandate_customer(
        r.customer.as_ref(),
        "Mollie charges a mandate of a customer: give the customer (cst_...) setupMandate answered as connectorCustomerId",
    )?;
    let mandate = crate::protocol::required(&r.mandate_reference, "request.mandateReference")?;
    let body = MolliePaymentRequest::recurring(r, &customer, mandate)?;
    // Charges the saved method without the shopper: treat it like card data.
    Ok(with_json(call(HttpMethod::POST, "/v2/payments", auth, ctx, r.idempotency_key.as_deref()), &body, true))
}

pub fn parse_repeat_payment(r: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_payment(response, &paying())?;
    if !matches!(result.status, PaymentStatus::Failure | PaymentStatus::Unresolved) {
        result.mandate_reference = Some(r.mandate_reference.trim().to_string());
        if result.connector_customer_id.is_none() {
            result.connector_customer_id = r.customer.as_ref().and_then(|c| present_owned(&c.connector_customer_id));
        }
    }
    Ok(result)
}

pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &MollieAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let customer = mandate_customer(
        r.customer.as_ref(),
        "Mollie revokes a mandate of a customer: give the customer (cst_...) the mandate belongs to",
    )?;
    let mandate = path_id(&r.mandate_reference, "request.mandateReference", "Mollie")?;
    let path = format!("/v2/customers/{customer}/mandates/{mandate}");
    Ok(call(HttpMethod::DELETE, &path, auth, ctx, r.idempotency_key.as_deref()))
}

pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    responses::parse_revoked(response, r.mandate_reference.trim())
}

pub fn build_dsync(r: &DsyncRequest, auth: &MollieAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    // Get payment chargeback: Mollie names a chargeback under its payment.
    let payment = r.connector_transaction_id.as_deref().unwrap_or("");
    if payment.trim().is_empty() {
        return Err(SidecarError::missing_field(
            "request.connectorTransactionId",
            "Mollie reads a chargeback under its payment (GET /v2/payments/{id}/chargebacks/{chargebackId}): give the payment's id (tr_...)",
        ));
    }
    let payment = payment_id(payment)?;
    let chargeback = path_id(&r.connector_dispute_id, "request.connectorDisputeId", "Mollie")?;
    Ok(call(HttpMethod::GET, &format!("/v2/payments/{payment}/chargebacks/{chargeback}"), auth, ctx, None))
}

pub fn parse_dsync(r: &DsyncRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    responses::parse_chargeback(response, r.connector_dispute_id.trim())
}

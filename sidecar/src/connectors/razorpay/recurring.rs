//! Razorpay's recurring payments (cards), as its "Recurring Payments" API pages and the Node SDK's
//! documents/card.md and documents/token.md name them:
//!
//! - createCustomer → `POST /v1/customers` (`name`, `email`, `contact`, `fail_existing: "0"`, so a
//!   retry answers the customer already made): the token lives under this customer (`cust_...`).
//! - setupMandate: the authorisation transaction, two calls like authorize. First the order with
//!   `customer_id`, `method: card` and the `token` block (`max_amount` from request.maxAmount,
//!   `frequency: as_presented`; `expire_at` left to Razorpay's default, 10 years): `started` with
//!   `state.razorpayOrderId` and `continueWith: setupMandate`. Then the authorisation payment on it,
//!   the S2S card payment with `customer_id` and `recurring: "1"`: the shopper authenticates it
//!   (the `next` redirect), so it answers `authentication_pending`. The token (`token_...`) exists
//!   only once the shopper has: psync reads it from the payment (`token_id`) as mandateReference,
//!   with `customer_id` as connectorCustomerId.
//! - repeatPayment: a new order for each charge (`payment_capture`), then `POST
//!   /v1/payments/create/recurring` (`email`, `contact`, `amount`, `currency`, `order_id`,
//!   `customer_id`, `token`, `recurring: "1"`). Its answer names the payment only
//!   (`razorpay_payment_id`, `razorpay_order_id`, `razorpay_signature`), and some banks charge
//!   from files hours later ("the payment entity ... will be in the created state"): `pending`,
//!   psync reads the outcome.
//! - revokeMandate → `DELETE /v1/customers/{cust}/tokens/{token}` → `{"deleted": true}`.

use super::flows::{call, post};
use super::requests::{
    customer_id, token_id, AuthorisationOrder, ChargeOrder, CreateCustomer, CreatePaymentJson, CreateRecurringPayment, CreateUpiRecurringPayment,
    PaymentParts,
};
use super::responses::{self, error_info, no_answer, order_state, refused, refused_payment, Refusal};
use super::emandate;
use super::{RazorpayAuth, STATE_CONTINUE, STATE_ORDER};
use crate::connectors::Context;
use crate::kit::text::present_owned;
use crate::protocol::{
    CaptureMethod, ConnectorState, CreateCustomerRequest, CustomerResult, CustomerStatus, HttpMethod, HttpRequest, HttpResponse, MandateResult,
    MandateStatus, PaymentMethod, PaymentResult, PaymentStatus, RepeatPaymentRequest, RevokeMandateRequest, SetupMandateRequest, SidecarError,
};
use serde::Deserialize;

/// The order the second call of `flow` goes on: `state.razorpayOrderId` when `state.continueWith`
/// is this flow (a repeatPayment's state may carry the order of the mandate's own payment, which
/// must not be paid again).
fn order_in(state: Option<&ConnectorState>, flow: &str) -> Result<Option<String>, SidecarError> {
    let Some(state) = state else { return Ok(None) };
    if state.get(STATE_CONTINUE).map(|s| s.trim()) != Some(flow) {
        return Ok(None);
    }
    let Some(order) = state.get(STATE_ORDER).map(|s| s.trim()).filter(|s| !s.is_empty()) else { return Ok(None) };
    if !order.starts_with("order_") || order.contains(['/', '?', '#']) {
        return Err(SidecarError::invalid_field("request.state.razorpayOrderId", "not a Razorpay order id (order_...)".into()));
    }
    Ok(Some(order.to_string()))
}

// ---------- createCustomer ----------

#[derive(Debug, Deserialize)]
struct CustomerEntity {
    id: Option<String>,
}

pub fn build_create_customer(r: &CreateCustomerRequest, auth: &RazorpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = CreateCustomer::from_unified(r)?;
    Ok(post("/customers", auth, ctx).json_body(&body, false))
}

pub fn parse_create_customer(_: &CreateCustomerRequest, response: &HttpResponse, _: &Context) -> Result<CustomerResult, SidecarError> {
    if !response.is_success() {
        return Ok(CustomerResult {
            status: CustomerStatus::Failure,
            connector_customer_id: None,
            error: Some(responses::refusal_error(response, "Razorpay refused the customer")?),
            http_status: response.status,
        });
    }
    let customer: CustomerEntity = response.json()?;
    let id = present_owned(&customer.id)
        .ok_or_else(|| SidecarError::undeserializable(response.status, &response.body, "Razorpay's customer has no id"))?;
    Ok(CustomerResult { status: CustomerStatus::Success, connector_customer_id: Some(id), error: None, http_status: response.status })
}

// ---------- setupMandate: the authorisation transaction ----------

/// An e-mandate's registration (emandate.rs): the unified amount is the first charge, or zero.
fn emandate_of(r: &SetupMandateRequest) -> Option<emandate::Registration<'_>> {
    let debit = emandate::of(&r.payment_method)?;
    Some(emandate::Registration {
        merchant_transaction_id: &r.merchant_transaction_id,
        amount: &r.amount,
        debit,
        customer: r.customer.as_ref(),
        max_amount: r.max_amount.as_ref(),
        capture_method: CaptureMethod::Automatic,
        return_url: &r.return_url,
        description: &r.description,
        metadata: &r.metadata,
    })
}

pub fn build_setup_mandate(r: &SetupMandateRequest, auth: &RazorpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if let Some(registration) = emandate_of(r) {
        let order = order_in(Some(&r.state), "setupMandate")?;
        return emandate::build(&registration, order.as_deref(), auth, ctx);
    }
    // Both calls' fields are checked on the first, so nothing Razorpay would refuse gets an order.
    let order = AuthorisationOrder::from_unified(r)?;
    if is_upi(r) {
        // UPI AutoPay: the authorisation payment goes to /payments/create/upi.
        let mut payment = CreateUpiRecurringPayment::from_unified(r, "order_check")?;
        return match order_in(Some(&r.state), "setupMandate")? {
            None => Ok(post("/orders", auth, ctx).json_body(&order, false)),
            Some(order_id) => {
                payment.order_id = order_id;
                Ok(post("/payments/create/upi", auth, ctx).json_body(&payment, false))
            }
        };
    }
    let mut payment = CreatePaymentJson::from_parts(&PaymentParts::of_setup_mandate(r), "order_check")?;
    match order_in(Some(&r.state), "setupMandate")? {
        None => Ok(post("/orders", auth, ctx).json_body(&order, false)),
        Some(order_id) => {
            payment.order_id = order_id;
            payment.customer_id = Some(order.customer_id);
            payment.recurring = Some("1");
            Ok(post("/payments/create/json", auth, ctx).json_body(&payment, true))
        }
    }
}

fn is_upi(r: &SetupMandateRequest) -> bool {
    matches!(r.payment_method, PaymentMethod::UpiCollect(_) | PaymentMethod::UpiIntent(_))
}

pub fn parse_setup_mandate(r: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let customer = r.customer.as_ref().and_then(|c| present_owned(&c.connector_customer_id));
    let mut result = match order_in(Some(&r.state), "setupMandate")? {
        None => responses::parse_order(response, &r.state, "setupMandate")?,
        Some(order) if is_upi(r) => responses::parse_upi_created(response, &order)?,
        Some(order) => responses::parse_payment_created(response, &order)?,
    };
    result.connector_customer_id = customer;
    Ok(result)
}

// ---------- repeatPayment: an order, then the charge on the token ----------

#[derive(Debug, Deserialize)]
struct RecurringCreated {
    razorpay_payment_id: Option<String>,
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &RazorpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let order = ChargeOrder::from_unified(r)?;
    let mut payment = CreateRecurringPayment::from_unified(r, "order_check")?;
    match order_in(r.state.as_ref(), "repeatPayment")? {
        None => Ok(post("/orders", auth, ctx).json_body(&order, false)),
        Some(order_id) => {
            payment.order_id = order_id;
            Ok(post("/payments/create/recurring", auth, ctx).json_body(&payment, false))
        }
    }
}

pub fn parse_repeat_payment(r: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let empty = ConnectorState::new();
    let Some(order) = order_in(r.state.as_ref(), "repeatPayment")? else {
        return responses::parse_order(response, r.state.as_ref().unwrap_or(&empty), "repeatPayment");
    };
    if !response.is_success() {
        let how = Refusal { known_id: None, read_only: false, refused: PaymentStatus::Failure, what: "Razorpay refused the recurring payment" };
        let mut result = refused_payment(response, &how)?;
        result.state = Some(order_state(&order));
        return Ok(result);
    }
    let created: RecurringCreated = response.json()?;
    let id = present_owned(&created.razorpay_payment_id)
        .ok_or_else(|| SidecarError::undeserializable(response.status, &response.body, "Razorpay's answer has no razorpay_payment_id"))?;
    // The answer names the payment, not its outcome: psync (or the payment.captured webhook) tells it.
    let mut result = PaymentResult::new(PaymentStatus::Pending, response.status);
    result.connector_transaction_id = Some(id);
    result.mandate_reference = Some(r.mandate_reference.trim().to_string());
    result.connector_customer_id = r.customer.as_ref().and_then(|c| present_owned(&c.connector_customer_id));
    result.state = Some(order_state(&order));
    Ok(result)
}

// ---------- revokeMandate: delete the token ----------

#[derive(Debug, Deserialize)]
struct Deleted {
    deleted: Option<bool>,
}

pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &RazorpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let customer = customer_id(r.customer.as_ref(), "Razorpay's Delete token")?;
    let token = token_id(&r.mandate_reference, "request.mandateReference")?;
    Ok(call(HttpMethod::DELETE, &format!("/customers/{customer}/tokens/{token}"), auth, ctx))
}

pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    let mut result = MandateResult::new(MandateStatus::Failure, response.status);
    result.mandate_reference = Some(r.mandate_reference.trim().to_string());
    if !response.is_success() {
        result.error = Some(match refused(response)? {
            Some(e) => error_info(response.status, e.code.as_deref(), e.reason.as_deref(), e.description.as_deref(), "Razorpay refused to delete the token"),
            None => no_answer(response.status),
        });
        return Ok(result);
    }
    let answer: Deleted = response.json()?;
    if answer.deleted == Some(true) {
        result.status = MandateStatus::Revoked;
    } else {
        result.error = Some(error_info(response.status, None, None, None, "Razorpay did not say the token was deleted"));
    }
    Ok(result)
}

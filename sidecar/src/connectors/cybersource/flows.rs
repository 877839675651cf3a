//! Each Cybersource flow: the call it makes and how its answer is read.

use crate::kit::text::present_owned;
use super::payer_auth::{self, Step};
use super::requests;
use super::responses::{self, PaymentCall};
use super::Signer;
use crate::connectors::{path_id, Context};
use crate::protocol::{
    AuthorizeRequest, CaptureMethod, CaptureRequest, ConnectorState, CreateCustomerRequest, CustomerResult, HttpMethod,
    HttpRequest, HttpResponse, PaymentResult, PaymentStatus, PsyncRequest, RefundRequest, RefundResult,
    RepeatPaymentRequest, RsyncRequest, SetupMandateRequest, SidecarError, VoidRequest,
};
use serde_json::Value;

fn json(body: &impl serde::Serialize) -> String {
    serde_json::to_string(body).expect("request types always serialize")
}

pub fn build_authorize(r: &AuthorizeRequest, signer: &Signer, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let body = match payer_auth::step(r)? {
        None => requests::CreatePayment::authorize(r)?,
        Some(Step::Setup) => {
            let setup = payer_auth::Setup::from_unified(r)?;
            // The body carries the card number.
            return signer.request(HttpMethod::POST, format!("{base}/risk/v1/authentication-setups"), Some((json(&setup), true)), ctx);
        }
        Some(step) => payer_auth::payment(r, &step)?,
    };
    // The body carries the card number and CVC.
    signer.request(HttpMethod::POST, format!("{base}/pts/v2/payments"), Some((json(&body), true)), ctx)
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let capture = matches!(r.capture_method, CaptureMethod::Automatic);
    let call = if matches!(r.payment_method, crate::protocol::PaymentMethod::BankDebit(_)) { PaymentCall::Debit } else { PaymentCall::Authorize { capture } };
    match payer_auth::step(r)? {
        None => responses::parse_payment(response, call, None, None),
        Some(Step::Setup) => payer_auth::parse_setup(response, || responses::parse_payment(response, call, None, None)),
        Some(step) => payer_auth::finish_payment(responses::parse_payment(response, call, None, None)?, response, &step),
    }
}

pub fn build_psync(r: &PsyncRequest, signer: &Signer, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    // A later reversal or capture is its own transaction: read the latest one the
    // caller knows of (capture and void results leave its id in `state`).
    let (id, field) = match latest_follow_up(r.state.as_ref()) {
        Some((key, id)) => (id, format!("request.state.{key}")),
        None => (r.connector_transaction_id.as_str(), "request.connectorTransactionId".to_string()),
    };
    let id = path_id(id, &field, "Cybersource")?;
    signer.request(HttpMethod::GET, format!("{base}/tss/v2/transactions/{id}"), None, ctx)
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_payment_details(response, r.connector_transaction_id.trim())?;
    result.state = r.state.clone().filter(|s| !s.is_empty());
    Ok(result)
}

pub fn build_capture(r: &CaptureRequest, signer: &Signer, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Cybersource")?;
    let code = reference_for(r.merchant_capture_id.as_deref(), r.merchant_transaction_id.as_deref(), &r.connector_transaction_id);
    // The capture requires orderInformation.amountDetails.totalAmount: all of it is paymentAmount.
    let (amount, field) = r.amount_or_whole("Cybersource")?;
    let body = requests::AmountOnPayment::new(requests::reference(&code, "request.merchantCaptureId")?, amount, field)?;
    if let (Some(held), Some(a)) = (&r.payment_amount, &r.amount_to_capture) {
        if held.currency == a.currency && a.minor_amount > held.minor_amount {
            return Err(SidecarError::invalid_field(
                "request.amountToCapture.minorAmount",
                format!("cannot capture {} when {} was authorized", a.minor_amount, held.minor_amount),
            ));
        }
    }
    signer.request(HttpMethod::POST, format!("{base}/pts/v2/payments/{id}/captures"), Some((json(&body), false)), ctx)
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_payment(
        response,
        PaymentCall::Capture,
        Some(r.connector_transaction_id.trim()),
        r.payment_amount.as_ref(),
    )?;
    remember(&mut result, r.state.as_ref(), CAPTURE_ID, response);
    Ok(result)
}

pub fn build_void(r: &VoidRequest, signer: &Signer, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Cybersource")?;
    let amount = r.amount.as_ref().ok_or_else(|| {
        SidecarError::missing_field(
            "request.amount",
            "Cybersource's authorization reversal takes the amount to release: give the authorized amount",
        )
    })?;
    let code = reference_for(None, r.merchant_transaction_id.as_deref(), &r.connector_transaction_id);
    let body = requests::Reversal {
        client_reference_information: requests::reference(&code, "request.merchantTransactionId")?,
        reversal_information: requests::ReversalInformation {
            amount_details: requests::AmountDetails::from_unified(amount, "request.amount")?,
            reason: present_owned(&r.reason),
        },
    };
    signer.request(HttpMethod::POST, format!("{base}/pts/v2/payments/{id}/reversals"), Some((json(&body), false)), ctx)
}

pub fn parse_void(r: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_payment(response, PaymentCall::Reverse, Some(r.connector_transaction_id.trim()), None)?;
    remember(&mut result, r.state.as_ref(), REVERSAL_ID, response);
    Ok(result)
}

pub fn build_refund(r: &RefundRequest, signer: &Signer, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Cybersource")?;
    let body = requests::AmountOnPayment::new(
        requests::reference(&r.merchant_refund_id, "request.merchantRefundId")?,
        &r.refund_amount,
        "request.refundAmount",
    )?;
    signer.request(HttpMethod::POST, format!("{base}/pts/v2/payments/{id}/refunds"), Some((json(&body), false)), ctx)
}

pub fn parse_refund(_: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response)
}

pub fn build_rsync(r: &RsyncRequest, signer: &Signer, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let id = path_id(&r.connector_refund_id, "request.connectorRefundId", "Cybersource")?;
    signer.request(HttpMethod::GET, format!("{base}/tss/v2/transactions/{id}"), None, ctx)
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund_details(response, r.connector_refund_id.trim())
}

pub fn build_setup_mandate(r: &SetupMandateRequest, signer: &Signer, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let body = requests::CreatePayment::setup_mandate(r)?;
    // The body carries the card number and CVC.
    signer.request(HttpMethod::POST, format!("{base}/pts/v2/payments"), Some((json(&body), true)), ctx)
}

pub fn parse_setup_mandate(r: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let caller = r.customer.as_ref().and_then(|c| c.connector_customer_id.as_deref()).map(str::trim);
    responses::parse_setup_mandate(response, caller)
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, signer: &Signer, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let body = requests::CreatePayment::repeat_payment(r)?;
    // A token id, no card data: but the token charges the card, so it is kept out of logs.
    signer.request(HttpMethod::POST, format!("{base}/pts/v2/payments"), Some((json(&body), true)), ctx)
}

pub fn parse_repeat_payment(r: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let capture = matches!(r.capture_method, CaptureMethod::Automatic);
    responses::parse_payment(response, PaymentCall::Authorize { capture }, None, None)
}

pub fn build_create_customer(r: &CreateCustomerRequest, signer: &Signer, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let body = requests::CreateCustomer::from_unified(r)?;
    // The shopper's email.
    signer.request(HttpMethod::POST, format!("{base}/tms/v2/customers"), Some((json(&body), true)), ctx)
}

pub fn parse_create_customer(_: &CreateCustomerRequest, response: &HttpResponse, _: &Context) -> Result<CustomerResult, SidecarError> {
    responses::parse_customer(response)
}

/// `state` keys of the follow-up transactions of a payment.
pub(super) const CAPTURE_ID: &str = "captureId";
pub(super) const REVERSAL_ID: &str = "reversalId";

/// The follow-up transaction psync should read: a reversal outranks a capture (a captured
/// payment cannot be reversed, so both never succeed).
fn latest_follow_up(state: Option<&ConnectorState>) -> Option<(&'static str, &str)> {
    let state = state?;
    [REVERSAL_ID, CAPTURE_ID]
        .into_iter()
        .find_map(|k| state.get(k).map(|v| v.trim()).filter(|v| !v.is_empty()).map(|v| (k, v)))
}

/// Keeps the id of a capture or reversal that Cybersource took in the result's `state`, next to
/// what the caller had: the payment's id stays the connectorTransactionId (refunds and further
/// captures are made on it), and psync reads this transaction to see the capture or reversal.
pub(super) fn remember(result: &mut PaymentResult, prior: Option<&ConnectorState>, key: &str, response: &HttpResponse) {
    let mut state = prior.cloned().unwrap_or_default();
    if matches!(
        result.status,
        PaymentStatus::Charged | PaymentStatus::PartialCharged | PaymentStatus::Voided
    ) {
        if let Some(id) = response.json::<Value>().ok().and_then(|b| b.get("id").and_then(Value::as_str).map(str::to_string)) {
            state.insert(key.to_string(), id);
        }
    }
    result.state = (!state.is_empty()).then_some(state);
}

/// The reference code of a follow-up call: the caller's own id for it, else the payment's
/// merchant reference, else the payment's id (so the call is findable in the Business Center).
pub(super) fn reference_for(own: Option<&str>, merchant: Option<&str>, payment_id: &str) -> String {
    [own, merchant]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or(payment_id.trim())
        .to_string()
}

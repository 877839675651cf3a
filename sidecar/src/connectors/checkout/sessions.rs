//! Checkout.com (issue 12): createSession, reverse, incrementalAuthorization and revokeMandate.
//!
//! - createSession → `POST /payment-sessions`, the payment session Checkout.com's Flow (its web
//!   component) pays with: `amount`, `currency`, `reference`, `billing` (an address with at
//!   least a country: Flow requires it), `success_url` / `failure_url` (both returnUrl: Flow
//!   sends the shopper back with `cko-payment-id`), `processing_channel_id`. The 201 answer is
//!   `{id: ps_..., payment_session_token, payment_session_secret, _links}`: the front end's
//!   `checkout.create(paymentSession)` takes all three; the secret ("do not log or store") is
//!   `clientSecret`, the token `clientToken`, both masked by redact. The payment (`pay_...`) exists
//!   only once the shopper pays: psync the `cko-payment-id` of the return.
//!   https://api-reference.checkout.com/#operation/RequestAPaymentSession
//! - reverse → `POST /payments/{id}/reversals` (`reference`, `metadata`): "returns funds back to
//!   the customer by automatically performing the appropriate action depending on the payment's
//!   status" (a void if uncaptured, a refund if captured), always for the full amount. 202 with
//!   an `action_id`, processed asynchronously: `void_initiated`; the outcome comes as
//!   payment_voided / payment_refunded webhooks or psync.
//!   https://www.checkout.com/docs/payments/manage-payments/reverse-a-payment
//!
//! - incrementalAuthorization → `POST /payments/{id}/authorizations` (AuthorizationRequest:
//!   `amount` is what to add, "the amount to increase the authorization by"; `reference`). The
//!   answer is an AuthorizationResponse (201): `status` Authorized or Declined, `approved`,
//!   `response_code`; `balances.total_authorized` is the amount now authorized.
//!   https://api-reference.checkout.com/#operation/incrementPaymentAuthorization
//! - revokeMandate → `DELETE /instruments/{id}`: the saved source (`src_...`, setupMandate's
//!   mandateReference) is a payment instrument of the Instruments API; 204 when deleted, 404 when
//!   it is unknown. https://api-reference.checkout.com/#operation/deleteInstrument

use super::requests::{checkout_amount, CheckoutAddress, CheckoutCustomer};
use super::responses::{
    api_error, decline_error, lenient_string, money, parse_action, CheckoutApiError, CheckoutBalances, CheckoutProcessing,
};
use super::{CheckoutAuth, IDEMPOTENCY_HEADER};
use crate::connectors::{path_id, Context};
use crate::kit::idempotency::main_key;
use crate::protocol::{
    CaptureMethod, CreateSessionRequest, HttpMethod, HttpRequest, HttpResponse, IncrementalAuthorizationRequest, MandateResult,
    MandateStatus, PaymentResult, PaymentStatus, ReverseRequest, RevokeMandateRequest, SessionMode, SessionResult,
    SessionStatus, SidecarError,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `reference`: maxLength 50 in every Checkout.com request that has one.
pub(crate) const REFERENCE_MAX: usize = 50;

/// A `reference` of at most 50 characters, blank read as absent.
fn reference<'a>(value: Option<&'a str>, field: &str) -> Result<Option<&'a str>, SidecarError> {
    let value = value.map(str::trim).filter(|s| !s.is_empty());
    if value.is_some_and(|v| v.chars().count() > REFERENCE_MAX) {
        return Err(SidecarError::invalid_field(field, format!("Checkout.com takes a reference of at most {REFERENCE_MAX} characters")));
    }
    Ok(value)
}

pub(crate) fn call(method: HttpMethod, url: String, auth: &CheckoutAuth, key: Option<&str>) -> HttpRequest {
    let mut http = HttpRequest::new(method, url).secret_header("Authorization", format!("Bearer {}", auth.secret_key()));
    if let Some(key) = main_key(key) {
        http = http.header(IDEMPOTENCY_HEADER, key);
    }
    http
}

/// A 4xx/5xx body read leniently (401s and 404s usually have none), and whether there was one.
pub(crate) fn error_of(response: &HttpResponse) -> Result<(Option<CheckoutApiError>, bool), SidecarError> {
    let had_body = !response.body.trim().is_empty();
    let body = response.json::<CheckoutApiError>().ok();
    if response.status < 500 && response.status != 429 && had_body && body.is_none() {
        // A 4xx body Checkout.com wrote must be understood.
        let _: CheckoutApiError = response.json()?;
    }
    Ok((body, had_body))
}

// ---------- incrementalAuthorization ----------

/// `AuthorizationRequest`.
#[derive(Debug, Serialize)]
struct CheckoutAuthorizationRequest<'a> {
    amount: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
}

pub fn build_incremental_authorization(
    r: &IncrementalAuthorizationRequest,
    auth: &CheckoutAuth,
    ctx: &Context,
) -> Result<HttpRequest, SidecarError> {
    let id = path_id(r.connector_transaction_id.trim(), "request.connectorTransactionId", "Checkout.com")?;
    let reference = r.merchant_transaction_id.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if let Some(reference) = reference {
        if reference.chars().count() > REFERENCE_MAX {
            return Err(SidecarError::invalid_field(
                "request.merchantTransactionId",
                format!("Checkout.com takes a reference of at most {REFERENCE_MAX} characters"),
            ));
        }
    }
    let body = CheckoutAuthorizationRequest {
        // The increment itself (0 would only extend a Mastercard authorization's validity).
        amount: checkout_amount(&r.additional_amount, "request.additionalAmount", false)?,
        reference,
    };
    let url = format!("{}/payments/{id}/authorizations", auth.base_url(ctx)?);
    Ok(call(HttpMethod::POST, url, auth, r.idempotency_key.as_deref()).json_body(&body, false))
}

/// `AuthorizationResponse`: the fields read.
#[derive(Debug, Deserialize)]
struct CheckoutAuthorizationResponse {
    amount: Option<i64>,
    currency: Option<String>,
    approved: Option<bool>,
    status: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    response_code: Option<String>,
    response_summary: Option<String>,
    balances: Option<CheckoutBalances>,
    processing: Option<CheckoutProcessing>,
}

pub fn parse_incremental_authorization(
    r: &IncrementalAuthorizationRequest,
    response: &HttpResponse,
    _: &Context,
) -> Result<PaymentResult, SidecarError> {
    let mut result = if response.is_success() {
        let body: CheckoutAuthorizationResponse = response.json()?;
        let approved = body.approved == Some(true) && body.status.as_deref() != Some("Declined");
        let mut result = PaymentResult::new(if approved { PaymentStatus::Authorized } else { PaymentStatus::Failure }, response.status);
        result.connector_status = body.status.clone();
        if approved {
            let total = body.balances.and_then(|b| b.total_authorized).or(body.amount);
            result.authorized_amount = money(total, body.currency.as_deref());
        } else {
            // The increment was declined; the earlier authorization stands.
            result.error = Some(decline_error(
                body.response_code.as_deref(),
                body.response_summary.as_deref(),
                body.processing.as_ref(),
                "Checkout.com declined the incremental authorization",
            ));
        }
        result
    } else {
        let (body, had_body) = error_of(response)?;
        let unknown = response.status >= 500 || (response.status == 429 && r.idempotency_key.is_some());
        let mut result = PaymentResult::new(if unknown { PaymentStatus::Unresolved } else { PaymentStatus::Failure }, response.status);
        result.error = Some(api_error(response.status, body.as_ref(), had_body));
        result
    };
    result.connector_transaction_id = Some(r.connector_transaction_id.trim().to_string());
    Ok(result)
}

// ---------- revokeMandate ----------

pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(r.mandate_reference.trim(), "request.mandateReference", "Checkout.com")?;
    // DELETE takes no idempotency key: deleting twice deletes nothing more.
    Ok(call(HttpMethod::DELETE, format!("{}/instruments/{id}", auth.base_url(ctx)?), auth, None))
}

/// 204: deleted. 404: "Instrument not found or not associated with client".
pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    if response.is_success() {
        let mut result = MandateResult::new(MandateStatus::Revoked, response.status);
        result.mandate_reference = Some(r.mandate_reference.trim().to_string());
        return Ok(result);
    }
    let (body, had_body) = error_of(response)?;
    let mut result = MandateResult::new(MandateStatus::Failure, response.status);
    let mut error = api_error(response.status, body.as_ref(), had_body);
    if response.status == 404 && !had_body {
        error.connector_message = Some("Instrument not found or not associated with client".into());
    }
    result.error = Some(error);
    Ok(result)
}

// ---------- createSession ----------

/// The protocol's payment method names → Flow's `enabled_payment_methods` words.
/// https://www.checkout.com/docs/payments/accept-payments/accept-a-payment-on-your-website/flow-library-reference
const FLOW_METHODS: &[(&str, &str)] = &[
    ("card", "card"),
    ("applePay", "applepay"),
    ("googlePay", "googlepay"),
    ("ideal", "ideal"),
    ("bancontact", "bancontact"),
    ("eps", "eps"),
    ("przelewy24", "p24"),
    ("klarna", "klarna"),
    ("paypal", "paypal"),
];

/// `PaymentSessionRequest`: the fields written. Holds the shopper's personal data: no `Debug`.
#[derive(Serialize)]
struct CheckoutPaymentSessionRequest<'a> {
    amount: i64,
    currency: &'a str,
    reference: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    processing_channel_id: Option<&'a str>,
    billing: CheckoutSessionBilling<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer: Option<CheckoutCustomer<'a>>,
    success_url: &'a str,
    failure_url: &'a str,
    /// false: authorize only (manual capture); absent: Checkout.com captures.
    #[serde(skip_serializing_if = "Option::is_none")]
    capture: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    locale: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    enabled_payment_methods: Option<Vec<&'static str>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    metadata: BTreeMap<&'a str, &'a str>,
}

#[derive(Serialize)]
struct CheckoutSessionBilling<'a> {
    address: CheckoutAddress<'a>,
}

pub fn build_create_session(r: &CreateSessionRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if r.mode == SessionMode::Setup {
        return Err(SidecarError::invalid_field(
            "request.mode",
            "Checkout.com's payment sessions pay an amount; save a card with setupMandate (a card verification) instead".into(),
        ));
    }
    if r.setup_future_usage.is_some() {
        return Err(SidecarError::invalid_field(
            "request.setupFutureUsage",
            "this connector saves cards with setupMandate, not through a Flow payment session".into(),
        ));
    }
    let reference = reference(Some(&r.merchant_transaction_id), "request.merchantTransactionId")?
        .ok_or_else(|| SidecarError::missing_field("request.merchantTransactionId", "Checkout.com's payment session needs a reference"))?;
    let return_url = crate::kit::text::present(&r.return_url)
        .ok_or_else(|| SidecarError::missing_field("request.returnUrl", "Flow sends the shopper back to it (success_url and failure_url)"))?;
    // Flow requires the billing address, with at least its country.
    let address = r.billing_address.as_ref().and_then(CheckoutAddress::from_unified).filter(|a| a.country.is_some()).ok_or_else(|| {
        SidecarError::missing_field("request.billingAddress.country", "Checkout.com's payment session requires a billing address with its country")
    })?;
    let methods = match &r.payment_method_types {
        None => None,
        Some(types) => Some(
            types
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    FLOW_METHODS.iter().find(|(ours, _)| ours == t).map(|(_, w)| *w).ok_or_else(|| {
                        SidecarError::payment_method_not_supported(&format!(
                            "Checkout.com's Flow offers {}; `{t}` is not one of them",
                            FLOW_METHODS.iter().map(|(o, _)| *o).collect::<Vec<_>>().join(", ")
                        ))
                        .with_field(&format!("request.paymentMethodTypes[{i}]"))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let body = CheckoutPaymentSessionRequest {
        amount: checkout_amount(&r.amount, "request.amount", false)?,
        currency: &r.amount.currency,
        reference,
        processing_channel_id: auth.processing_channel_id(),
        billing: CheckoutSessionBilling { address },
        customer: CheckoutCustomer::from_unified(r.customer.as_ref()),
        success_url: return_url,
        failure_url: return_url,
        capture: (r.capture_method == CaptureMethod::Manual).then_some(false),
        description: crate::kit::text::present(&r.description),
        locale: crate::kit::text::present(&r.locale),
        enabled_payment_methods: methods,
        metadata: r.metadata.iter().flatten().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
    };
    let url = format!("{}/payment-sessions", auth.base_url(ctx)?);
    // The shopper's email and address: personal data, kept out of logs.
    Ok(call(HttpMethod::POST, url, auth, r.idempotency_key.as_deref()).json_body(&body, true))
}

/// `PaymentSessionResponse`.
#[derive(Debug, Deserialize)]
struct CheckoutPaymentSession {
    id: String,
    payment_session_secret: Option<String>,
    payment_session_token: Option<String>,
}

pub fn parse_create_session(_: &CreateSessionRequest, response: &HttpResponse, _: &Context) -> Result<SessionResult, SidecarError> {
    if !response.is_success() {
        let (body, had_body) = error_of(response)?;
        return Ok(SessionResult::failure(api_error(response.status, body.as_ref(), had_body), response.status));
    }
    let session: CheckoutPaymentSession = response.json()?;
    let (Some(secret), Some(token)) = (session.payment_session_secret, session.payment_session_token) else {
        return Err(SidecarError::undeserializable(
            response.status,
            "",
            "Checkout.com's payment session has no payment_session_secret or payment_session_token: Flow cannot start without both",
        ));
    };
    let mut result = SessionResult::new(SessionStatus::Success, response.status);
    result.session_id = Some(session.id);
    result.client_secret = Some(secret);
    result.client_token = Some(token);
    Ok(result)
}

// ---------- reverse ----------

/// `ReversalRequest`.
#[derive(Debug, Serialize)]
struct CheckoutReversalRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    metadata: BTreeMap<&'static str, &'a str>,
}

pub fn build_reverse(r: &ReverseRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(r.connector_transaction_id.trim(), "request.connectorTransactionId", "Checkout.com")?;
    if let Some(amount) = &r.amount {
        // Reversals are always for the full amount: a partial one must be a refund.
        checkout_amount(amount, "request.amount", false)?;
    }
    let mut metadata = BTreeMap::new();
    if let Some(reason) = crate::kit::text::present(&r.reason) {
        metadata.insert("reason", reason);
    }
    let body = CheckoutReversalRequest { reference: reference(r.merchant_reverse_id.as_deref(), "request.merchantReverseId")?, metadata };
    let url = format!("{}/payments/{id}/reversals", auth.base_url(ctx)?);
    Ok(call(HttpMethod::POST, url, auth, r.idempotency_key.as_deref()).json_body(&body, false))
}

/// 202 with an `action_id`: `void_initiated` (the void or refund Checkout.com chose completes
/// later); 403/404/422 refusals are `void_failed`.
pub fn parse_reverse(r: &ReverseRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    parse_action(
        response,
        r.connector_transaction_id.trim(),
        PaymentStatus::VoidInitiated,
        PaymentStatus::VoidFailed,
        r.idempotency_key.is_some(),
    )
}

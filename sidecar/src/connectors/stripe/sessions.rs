//! Stripe: createSession (a PaymentIntent or SetupIntent created without `confirm`: Stripe.js
//! confirms it with its `client_secret`, https://docs.stripe.com/payments/accept-a-payment?platform=web&ui=elements),
//! incrementalAuthorization (`POST /v1/payment_intents/{id}/increment_authorization`, `amount` is
//! the new total, https://docs.stripe.com/payments/incremental-authorization) and revokeMandate
//! (`POST /v1/payment_methods/{id}/detach`: a detached PaymentMethod can no longer be used,
//! https://docs.stripe.com/api/payment_methods/detach).

use super::mapping::error_info;
use super::requests::{stripe_amount, CUSTOMER_FIELD};
use super::responses::{iso_money, parse_payment_intent_response, OnError, StripeErrorBody, StripeExpandable, StripeObjectId};
use super::{StripeAuth, STRIPE_API_VERSION};
use crate::connectors::{path_id, Context};
use crate::kit::form::FormBody;
use crate::kit::idempotency::main_key;
use crate::protocol::{
    CaptureMethod, CreateSessionRequest, FutureUsage, HttpMethod, HttpRequest, HttpResponse, IncrementalAuthorizationRequest,
    MandateResult, MandateStatus, PaymentResult, RevokeMandateRequest, SessionMode, SessionResult, SessionStatus, SidecarError,
};
use serde::Deserialize;

fn post(url: String, auth: &StripeAuth, form: FormBody, key: Option<&str>) -> HttpRequest {
    let mut http = HttpRequest::new(HttpMethod::POST, url)
        .secret_header("Authorization", format!("Bearer {}", auth.api_key.expose()))
        .header("Stripe-Version", STRIPE_API_VERSION);
    if let Some(key) = main_key(key) {
        http = http.header("Idempotency-Key", key);
    }
    if form.pairs().is_empty() {
        return http;
    }
    http.body("application/x-www-form-urlencoded", form.encode(), false)
}

// ---------- createSession ----------

/// Unified payment method type names (PROTOCOL.md) → Stripe's `payment_method_types` words.
/// https://docs.stripe.com/api/payment_intents/create#create_payment_intent-payment_method_types
const METHOD_TYPES: &[(&str, &str)] = &[
    ("card", "card"),
    ("ideal", "ideal"),
    ("sepaDebit", "sepa_debit"),
    ("bancontact", "bancontact"),
    ("sofort", "sofort"),
    ("giropay", "giropay"),
    ("eps", "eps"),
    ("p24", "p24"),
    ("klarna", "klarna"),
    ("afterpayClearpay", "afterpay_clearpay"),
    ("affirm", "affirm"),
    ("usBankAccount", "us_bank_account"),
    ("link", "link"),
    ("cashapp", "cashapp"),
    ("paypal", "paypal"),
];

fn push_method_types(f: &mut FormBody, types: Option<&Vec<String>>) -> Result<(), SidecarError> {
    // Absent: API 2023-08-16 enables automatic_payment_methods by default: what the Dashboard has on.
    for (i, t) in types.into_iter().flatten().enumerate() {
        let word = METHOD_TYPES.iter().find(|(ours, _)| ours == t).map(|(_, w)| *w).ok_or_else(|| {
            SidecarError::payment_method_not_supported(&format!(
                "Stripe's front-end session takes {}; `{t}` is not one of them",
                METHOD_TYPES.iter().map(|(o, _)| *o).collect::<Vec<_>>().join(", ")
            ))
            .with_field(&format!("request.paymentMethodTypes[{i}]"))
        })?;
        f.push(format!("payment_method_types[{i}]"), word);
    }
    Ok(())
}

fn usage_word(u: FutureUsage) -> &'static str {
    match u {
        FutureUsage::OffSession => "off_session",
        FutureUsage::OnSession => "on_session",
    }
}

pub fn build_create_session(r: &CreateSessionRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let customer = r.customer.as_ref().and_then(|c| c.connector_customer_id.as_deref()).filter(|c| !c.trim().is_empty());
    let mut f = FormBody::new();
    let path = match r.mode {
        SessionMode::Payment => {
            if r.setup_future_usage.is_some() && customer.is_none() {
                return Err(SidecarError::missing_field(
                    CUSTOMER_FIELD,
                    "Stripe saves a payment method under a customer: run createCustomer first and pass its id",
                ));
            }
            f.push("amount", stripe_amount(&r.amount, "request.amount")?.to_string())
                .push("currency", r.amount.currency.to_ascii_lowercase())
                .push(
                    "capture_method",
                    match r.capture_method {
                        CaptureMethod::Automatic => "automatic",
                        CaptureMethod::Manual => "manual",
                    },
                )
                .push_opt("customer", customer)
                .push_opt("setup_future_usage", r.setup_future_usage.map(usage_word))
                .push_opt("receipt_email", r.customer.as_ref().and_then(|c| c.email.as_deref()));
            "/v1/payment_intents"
        }
        SessionMode::Setup => {
            // A SetupIntent has no amount; its usage is how the saved method will be charged.
            f.push_opt("customer", customer).push("usage", usage_word(r.setup_future_usage.unwrap_or(FutureUsage::OffSession)));
            "/v1/setup_intents"
        }
    };
    push_method_types(&mut f, r.payment_method_types.as_ref())?;
    f.push_opt("description", r.description.as_deref());
    f.push("metadata[merchant_transaction_id]", r.merchant_transaction_id.clone());
    for (k, v) in r.metadata.iter().flatten() {
        if k != "merchant_transaction_id" {
            f.push(format!("metadata[{k}]"), v.clone());
        }
    }
    Ok(post(format!("{}{path}", ctx.base_url()), auth, f, r.idempotency_key.as_deref()))
}

/// What createSession reads of the PaymentIntent or SetupIntent.
#[derive(Debug, Deserialize)]
struct StripeIntentSession {
    id: String,
    status: String,
    client_secret: Option<String>,
}

pub fn parse_create_session(_: &CreateSessionRequest, response: &HttpResponse, _: &Context) -> Result<SessionResult, SidecarError> {
    if !response.is_success() {
        let body: StripeErrorBody = response.json()?;
        return Ok(SessionResult::failure(error_info(&body.error, response.status), response.status));
    }
    let intent: StripeIntentSession = response.json()?;
    let Some(secret) = intent.client_secret else {
        return Err(SidecarError::undeserializable(
            response.status,
            "",
            "Stripe's intent has no client_secret: the key used is not a secret key (a restricted key without write access?)",
        ));
    };
    let mut result = SessionResult::new(SessionStatus::Success, response.status);
    result.client_secret = Some(secret);
    result.session_id = Some(intent.id.clone());
    result.connector_transaction_id = Some(intent.id);
    result.connector_status = Some(intent.status);
    Ok(result)
}

// ---------- incrementalAuthorization ----------

pub fn build_incremental_authorization(r: &IncrementalAuthorizationRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Stripe")?;
    // Stripe's `amount` is the new total, "greater than the original amount".
    let total = r.new_total("Stripe")?;
    let mut f = FormBody::new();
    f.push("amount", stripe_amount(&total, "request.additionalAmount")?.to_string());
    f.push_opt("description", r.reason.as_deref());
    let url = format!("{}/v1/payment_intents/{id}/increment_authorization", ctx.base_url());
    Ok(post(url, auth, f, r.idempotency_key.as_deref()))
}

#[derive(Debug, Deserialize)]
struct StripeIntentAmount {
    amount: Option<i64>,
    currency: Option<String>,
}

/// The PaymentIntent as Stripe answers it: `requires_capture` (authorized) with `amount` the new
/// total. A refused increment (402 card_declined, or 400 when the intent does not allow it)
/// is `failure` with the error: the earlier authorization stands, unchanged.
pub fn parse_incremental_authorization(_: &IncrementalAuthorizationRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = parse_payment_intent_response(response, OnError::Failed)?;
    if response.is_success() {
        let a: StripeIntentAmount = response.json()?;
        result.authorized_amount = a.amount.zip(a.currency.as_deref()).and_then(|(amount, c)| iso_money(amount, c));
    }
    Ok(result)
}

// ---------- revokeMandate ----------

pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(&r.mandate_reference, "request.mandateReference", "Stripe")?;
    Ok(post(format!("{}/v1/payment_methods/{id}/detach", ctx.base_url()), auth, FormBody::new(), r.idempotency_key.as_deref()))
}

#[derive(Debug, Deserialize)]
struct StripePaymentMethod {
    id: String,
    customer: Option<StripeExpandable<StripeObjectId>>,
}

pub fn parse_revoke_mandate(_: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    if !response.is_success() {
        let body: StripeErrorBody = response.json()?;
        let mut result = MandateResult::new(MandateStatus::Failure, response.status);
        result.error = Some(error_info(&body.error, response.status));
        return Ok(result);
    }
    let pm: StripePaymentMethod = response.json()?;
    if pm.customer.is_some() {
        // Detach answers the PaymentMethod without its customer; one still attached was not detached.
        return Err(SidecarError::undeserializable(response.status, "", "Stripe answered the detach with a PaymentMethod still attached to a customer"));
    }
    let mut result = MandateResult::new(MandateStatus::Revoked, response.status);
    result.mandate_reference = Some(pm.id);
    Ok(result)
}

//! Saved payment methods at Airwallex, as its "Save payment details without a payment" and
//! merchant-initiated payment guides describe them
//! (https://www.airwallex.com/docs/payments/online-payments/native-api/registered-user-checkout):
//!
//! - createCustomer → `POST /api/v1/pa/customers/create` (`merchant_customer_id` required): `cus_...`.
//! - setupMandate is two calls, like authorize: without `state.paymentConsentId` it creates the
//!   PaymentConsent of that Customer (`POST /payment_consents/create`, `next_triggered_by:
//!   merchant`, `merchant_trigger_reason` from recurringType: scheduled, unscheduled, installments)
//!   and answers `started` with `state.paymentConsentId` and `continueWith: setupMandate`; sent
//!   again with that state it verifies the consent with the card (`POST
//!   /payment_consents/{id}/verify`, `verification_options.card` with the zero or small amount).
//!   VERIFIED is `charged` with `mandateReference` = the consent id (`cst_...`);
//!   REQUIRES_CUSTOMER_ACTION (3-D Secure) is `authentication_pending` with its next_action.
//! - repeatPayment is two calls too: the PaymentIntent of the Customer (`customer_id`), then its
//!   confirm with `payment_consent_id` (merchant-initiated: the consent says the merchant
//!   triggers it).
//! - revokeMandate → `POST /payment_consents/{id}/disable`: DISABLED is `revoked`.

use super::requests::{
    consent_id, ConfirmWithConsent, CreateCustomer, CreatePaymentConsent, CreatePaymentIntent, DisablePaymentConsent, VerifyPaymentConsent,
};
use super::responses::{self, error_body, error_info, IntentCall, NextActionBody};
use super::{AirwallexAuth, STATE_CONTINUE, STATE_INTENT};
use crate::connectors::Context;
use crate::protocol::{
    ConnectorState, CreateCustomerRequest, CustomerResult, CustomerStatus, ErrorInfo, HttpRequest, HttpResponse, MandateResult,
    MandateStatus, NextAction, NextActionType, PaymentMethod, PaymentResult, PaymentStatus, RepeatPaymentRequest, RevokeMandateRequest,
    SetupMandateRequest, SidecarError, UnifiedErrorCode as U,
};
use serde::Deserialize;

/// `state` key of the PaymentConsent a setupMandate verifies (`cst_...`).
pub const STATE_CONSENT: &str = "paymentConsentId";

/// The Customer (`PaymentAcceptanceCustomer`): the fields read.
#[derive(Debug, Deserialize)]
struct Customer {
    id: Option<String>,
}

/// The PaymentConsent (`PaymentAcceptancePaymentConsent`): the fields read.
#[derive(Debug, Deserialize, Default)]
struct PaymentConsent {
    id: Option<String>,
    customer_id: Option<String>,
    status: Option<String>,
    next_action: Option<NextActionBody>,
    initial_payment_intent_id: Option<String>,
    failure_reason: Option<FailureReason>,
}

#[derive(Debug, Deserialize, Default)]
struct FailureReason {
    code: Option<String>,
    message: Option<String>,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// A 5xx or 429 may or may not have acted.
fn failed_status(http: u16) -> PaymentStatus {
    if http >= 500 || http == 429 {
        PaymentStatus::Unresolved
    } else {
        PaymentStatus::Failure
    }
}

// ---------- createCustomer ----------

pub fn build_create_customer(r: &CreateCustomerRequest, _: &AirwallexAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = super::flows::access_token(r.state.as_ref())?;
    let body = CreateCustomer::from_unified(r)?;
    Ok(super::flows::post(format!("{}/api/v1/pa/customers/create", ctx.base_url()), token).json_body(&body, false))
}

pub fn parse_create_customer(_: &CreateCustomerRequest, response: &HttpResponse, _: &Context) -> Result<CustomerResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response);
        return Ok(CustomerResult {
            status: CustomerStatus::Failure,
            connector_customer_id: None,
            error: Some(error_info(response.status, &e, "Airwallex did not create the Customer")),
            http_status: response.status,
        });
    }
    let c: Customer = response.json()?;
    let id = nonempty(&c.id).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the Customer has no id"))?;
    Ok(CustomerResult { status: CustomerStatus::Success, connector_customer_id: Some(id), error: None, http_status: response.status })
}

// ---------- setupMandate ----------

fn consent_of(state: &ConnectorState) -> Result<Option<String>, SidecarError> {
    match state.get(STATE_CONSENT).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        Some(id) => consent_id(id, "request.state.paymentConsentId").map(Some),
        None => Ok(None),
    }
}

pub fn build_setup_mandate(r: &SetupMandateRequest, _: &AirwallexAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = super::flows::access_token(Some(&r.state))?;
    let base = ctx.base_url();
    match consent_of(&r.state)? {
        None => {
            // Refuse a method verify cannot take before anything is created.
            if !matches!(r.payment_method, PaymentMethod::Card(_) | PaymentMethod::Token(_)) {
                VerifyPaymentConsent::for_setup(r, "cst_check")?;
            }
            let body = CreatePaymentConsent::for_setup(r)?;
            Ok(super::flows::post(format!("{base}/api/v1/pa/payment_consents/create"), token).json_body(&body, false))
        }
        Some(id) => {
            let body = VerifyPaymentConsent::for_setup(r, &id)?;
            let sensitive = matches!(r.payment_method, PaymentMethod::Card(_) | PaymentMethod::Token(_));
            Ok(super::flows::post(format!("{base}/api/v1/pa/payment_consents/{id}/verify"), token).json_body(&body, sensitive))
        }
    }
}

/// Consent `status` (PaymentConsent statuses: REQUIRES_PAYMENT_METHOD, REQUIRES_CUSTOMER_ACTION,
/// PENDING, VERIFIED, DISABLED; PENDING_VERIFICATION in older versions) → the unified status of
/// setupMandate.
pub fn consent_status(word: &str) -> Option<PaymentStatus> {
    Some(match word.trim().to_ascii_uppercase().as_str() {
        "REQUIRES_PAYMENT_METHOD" => PaymentStatus::Started,
        "REQUIRES_CUSTOMER_ACTION" => PaymentStatus::AuthenticationPending,
        "PENDING" | "PENDING_VERIFICATION" => PaymentStatus::Pending,
        "VERIFIED" => PaymentStatus::Charged,
        "DISABLED" => PaymentStatus::Failure,
        _ => return None,
    })
}

pub fn parse_setup_mandate(r: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let verifying = consent_of(&r.state)?;
    let customer = r.customer.as_ref().and_then(|c| nonempty(&c.connector_customer_id));
    if !response.is_success() {
        let e = error_body(response);
        let what = if verifying.is_some() { "Airwallex did not verify the PaymentConsent" } else { "Airwallex did not create the PaymentConsent" };
        let mut result = PaymentResult::new(failed_status(response.status), response.status);
        result.error = Some(error_info(response.status, &e, what));
        result.connector_customer_id = customer;
        if let Some(id) = verifying {
            result.state = Some(ConnectorState::from([(STATE_CONSENT.to_string(), id)]));
        }
        return Ok(result);
    }
    let consent: PaymentConsent = response.json()?;
    let id = nonempty(&consent.id).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the PaymentConsent has no id"))?;
    let word = nonempty(&consent.status).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the PaymentConsent has no status"))?;
    let status = consent_status(&word)
        .ok_or_else(|| SidecarError::undeserializable(response.status, "", &format!("unknown PaymentConsent status `{word}`")))?;
    let mut result = PaymentResult::new(status, response.status);
    result.connector_status = Some(word.clone());
    result.connector_customer_id = nonempty(&consent.customer_id).or(customer);
    result.connector_transaction_id = nonempty(&consent.initial_payment_intent_id);
    let mut state = ConnectorState::from([(STATE_CONSENT.to_string(), id.clone())]);
    match (verifying.is_some(), status) {
        (false, PaymentStatus::Started) => {
            // The consent exists; the same setupMandate sent again with this state verifies it.
            state.insert(STATE_CONTINUE.to_string(), "setupMandate".to_string());
        }
        (true, PaymentStatus::Started) => {
            // Verify left it waiting for a payment method: the card was not accepted.
            result.status = PaymentStatus::Failure;
            result.error = Some(consent_failure(&consent, "Airwallex did not verify the card for the PaymentConsent"));
        }
        (_, PaymentStatus::Charged) => result.mandate_reference = Some(id.clone()),
        (_, PaymentStatus::Failure) => {
            result.error = Some(consent_failure(&consent, &format!("the PaymentConsent is {word}")));
        }
        (_, PaymentStatus::AuthenticationPending) => {
            if let Some(next) = &consent.next_action {
                if let Some(url) = nonempty(&next.url) {
                    result.redirection = responses::redirection(next);
                    let mut action = NextAction::new(NextActionType::Redirect);
                    action.url = Some(url);
                    result.next_action = Some(action);
                }
            }
        }
        _ => {}
    }
    result.state = Some(state);
    Ok(result)
}

fn consent_failure(c: &PaymentConsent, what: &str) -> ErrorInfo {
    let f = c.failure_reason.as_ref();
    ErrorInfo {
        code: U::CardDeclined,
        message: match f.and_then(|f| nonempty(&f.message)) {
            Some(m) => format!("{what}: {m}"),
            None => what.to_string(),
        },
        connector_code: f.and_then(|f| nonempty(&f.code)),
        connector_message: f.and_then(|f| nonempty(&f.message)),
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

// ---------- repeatPayment ----------

fn intent_of(state: Option<&ConnectorState>) -> Result<Option<String>, SidecarError> {
    match state.and_then(|s| s.get(STATE_INTENT)).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        Some(id) => crate::connectors::path_id(id, "request.state.paymentIntentId", "Airwallex").map(Some),
        None => Ok(None),
    }
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, _: &AirwallexAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = super::flows::access_token(r.state.as_ref())?;
    let base = ctx.base_url();
    // Checked on the first call too, so nothing is created for a consent that cannot be charged.
    consent_id(&r.mandate_reference, "request.mandateReference")?;
    match intent_of(r.state.as_ref())? {
        None => {
            let body = CreatePaymentIntent::for_repeat(r)?;
            Ok(super::flows::post(format!("{base}/api/v1/pa/payment_intents/create"), token).json_body(&body, false))
        }
        Some(id) => {
            let body = ConfirmWithConsent::for_repeat(r, &id)?;
            // The consent charges the saved card without the shopper: as sensitive as card data.
            Ok(super::flows::post(format!("{base}/api/v1/pa/payment_intents/{id}/confirm"), token).json_body(&body, true))
        }
    }
}

pub fn parse_repeat_payment(r: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = match intent_of(r.state.as_ref())? {
        None => {
            let mut result = responses::parse_intent(response, IntentCall::Create, None)?;
            if let Some(state) = result.state.as_mut() {
                if state.contains_key(STATE_CONTINUE) {
                    state.insert(STATE_CONTINUE.to_string(), "repeatPayment".to_string());
                }
            }
            result
        }
        Some(id) => responses::parse_intent(response, IntentCall::Confirm { authenticates: true }, Some(&id))?,
    };
    if !matches!(result.status, PaymentStatus::Started | PaymentStatus::Failure | PaymentStatus::Unresolved) {
        // The same consent pays the next time too.
        result.mandate_reference = Some(r.mandate_reference.trim().to_string());
    }
    result.connector_customer_id = r.customer.as_ref().and_then(|c| nonempty(&c.connector_customer_id));
    Ok(result)
}

// ---------- revokeMandate ----------

pub fn build_revoke_mandate(r: &RevokeMandateRequest, _: &AirwallexAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = super::flows::access_token(r.state.as_ref())?;
    let id = consent_id(&r.mandate_reference, "request.mandateReference")?;
    let body = DisablePaymentConsent { request_id: super::requests::request_id(r.idempotency_key.as_deref(), None, &["disable", &id]) };
    Ok(super::flows::post(format!("{}/api/v1/pa/payment_consents/{id}/disable", ctx.base_url()), token).json_body(&body, false))
}

pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    let reference = r.mandate_reference.trim().to_string();
    if !response.is_success() {
        let e = error_body(response);
        let mut result = MandateResult::new(MandateStatus::Failure, response.status);
        result.mandate_reference = Some(reference);
        result.error = Some(error_info(response.status, &e, "Airwallex did not disable the PaymentConsent"));
        return Ok(result);
    }
    let consent: PaymentConsent = response.json()?;
    let word = nonempty(&consent.status).unwrap_or_default();
    let disabled = word.eq_ignore_ascii_case("DISABLED");
    let mut result = MandateResult::new(if disabled { MandateStatus::Revoked } else { MandateStatus::Failure }, response.status);
    result.mandate_reference = nonempty(&consent.id).or(Some(reference));
    result.connector_status = Some(word.clone()).filter(|w| !w.is_empty());
    if !disabled {
        result.error = Some(ErrorInfo {
            code: U::ProcessingError,
            message: format!("Airwallex answered the disable with the PaymentConsent {}, not DISABLED", if word.is_empty() { "without a status" } else { &word }),
            connector_code: None,
            connector_message: None,
            decline_code: None,
            advice_code: None,
            decline_type: None,
        });
    }
    Ok(result)
}

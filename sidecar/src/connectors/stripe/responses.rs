//! Stripe's response types (only the fields we read; Stripe adds fields freely) and the
//! reading of a PaymentIntent or an error into the unified result.

use super::mapping::{error_info, payment_status};
use super::requests::stripe_exponent;
use crate::kit::money::iso_minor_units_from;
use crate::protocol::{
    ErrorInfo, HttpResponse, PaymentResult, PaymentStatus, RedirectMethod, Redirection, SidecarError,
};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct StripePaymentIntent {
    pub id: String,
    pub status: String,
    pub amount: Option<i64>,
    pub amount_received: Option<i64>,
    pub currency: Option<String>,
    pub latest_charge: Option<StripeExpandable<StripeCharge>>,
    pub next_action: Option<StripeNextAction>,
    pub last_payment_error: Option<StripeError>,
}

/// Stripe returns an id, or the object when expanded.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum StripeExpandable<T> {
    Object(T),
    Id(String),
}

#[derive(Debug, Deserialize)]
pub struct StripeCharge {
    pub id: String,
    pub payment_method_details: Option<StripePaymentMethodDetails>,
}

#[derive(Debug, Deserialize)]
pub struct StripePaymentMethodDetails {
    pub card: Option<StripeCardDetails>,
}

#[derive(Debug, Deserialize)]
pub struct StripeCardDetails {
    pub network_transaction_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct StripeNextAction {
    #[serde(rename = "type")]
    pub kind: String,
    pub redirect_to_url: Option<StripeRedirectToUrl>,
}

#[derive(Debug, Deserialize)]
pub struct StripeRedirectToUrl {
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct StripeErrorBody {
    pub error: StripeError,
}

#[derive(Debug, Deserialize)]
pub struct StripeError {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub code: Option<String>,
    pub decline_code: Option<String>,
    pub advice_code: Option<String>,
    pub message: Option<String>,
    pub param: Option<String>,
    pub payment_intent: Option<StripeErrorIntent>,
}

#[derive(Debug, Deserialize)]
pub struct StripeErrorIntent {
    pub id: String,
    pub status: Option<String>,
}

pub fn parse_payment_intent_response(response: &HttpResponse) -> Result<PaymentResult, SidecarError> {
    if response.is_success() {
        let pi: StripePaymentIntent = response.json()?;
        Ok(from_payment_intent(pi, response.status))
    } else {
        let body: StripeErrorBody = response.json()?;
        Ok(from_error(body.error, response.status))
    }
}

fn from_payment_intent(pi: StripePaymentIntent, http_status: u16) -> PaymentResult {
    let has_error = pi.last_payment_error.is_some();
    let mut status = payment_status(&pi.status, has_error);
    if status == PaymentStatus::Charged {
        if let (Some(received), Some(amount)) = (pi.amount_received, pi.amount) {
            if received < amount {
                status = PaymentStatus::PartialCharged;
            }
        }
    }
    let mut result = PaymentResult::new(status, http_status);
    result.connector_status = Some(pi.status.clone());
    result.network_transaction_id = match &pi.latest_charge {
        Some(StripeExpandable::Object(charge)) => charge
            .payment_method_details
            .as_ref()
            .and_then(|d| d.card.as_ref())
            .and_then(|c| c.network_transaction_id.clone()),
        _ => None,
    };
    if let Some(action) = &pi.next_action {
        if action.kind == "redirect_to_url" {
            if let Some(url) = action.redirect_to_url.as_ref().and_then(|r| r.url.clone()) {
                result.redirection = Some(Redirection { url, method: RedirectMethod::GET, form: None });
            }
        }
    }
    if let (Some(received), Some(currency)) = (pi.amount_received, pi.currency.as_deref()) {
        let cur = currency.to_ascii_uppercase();
        if received > 0 {
            result.amount_captured = stripe_exponent(&cur).and_then(|e| iso_minor_units_from(received, &cur, e));
        }
    }
    if status == PaymentStatus::Failure {
        result.error = pi.last_payment_error.map(|e| error_info(&e, http_status));
    }
    result.connector_transaction_id = Some(pi.id);
    result
}

fn from_error(error: StripeError, http_status: u16) -> PaymentResult {
    // A 5xx or an idempotency conflict in flight leaves the outcome unknown: the merchant must
    // sync, not retry blindly. Everything else Stripe answered with an error did not charge.
    let status = if http_status >= 500 { PaymentStatus::Unresolved } else { PaymentStatus::Failure };
    let mut result = PaymentResult::new(status, http_status);
    if let Some(pi) = &error.payment_intent {
        result.connector_transaction_id = Some(pi.id.clone());
        result.connector_status = pi.status.clone();
    }
    let info: ErrorInfo = error_info(&error, http_status);
    result.error = Some(info);
    result
}

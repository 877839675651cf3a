//! createSession → Rapyd Checkout: Create Checkout Page (`POST /v1/checkout`,
//! https://docs.rapyd.net/en/create-checkout-page.html) makes a hosted page where the shopper picks
//! a method and pays; the answer's `redirect_url` is where to send the shopper and `id`
//! (`checkout_...`) names the page. The payment exists only once the shopper submits the page, so
//! the session's `connectorTransactionId` is the checkout id, and psync of a `checkout_...` id is
//! Retrieve Checkout Page (`GET /v1/checkout/{checkout}`): its `payment` has an `id` and a status
//! once the shopper paid (until then they are null). Capture, void and refund take the payment's
//! id that psync then returns.

use super::requests::rapyd_amount;
use super::responses::{self, envelope_of, error_info, RapydPayment};
use crate::kit::text::{present, present_owned};
use crate::kit::time::iso8601_utc;
use crate::protocol::{
    CaptureMethod, CreateSessionRequest, HttpResponse, PaymentResult, PaymentStatus, RedirectMethod, Redirection, SessionMode, SessionResult,
    SessionStatus, SidecarError, UnifiedErrorCode,
};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::BTreeMap;

/// A checkout page id: what createSession returns and psync recognises.
pub const CHECKOUT_PREFIX: &str = "checkout_";

/// Create Checkout Page's body (the fields this connector sets; oracles/rapyd `v1_checkout_body`).
#[derive(Debug, Serialize)]
pub struct RapydCheckoutRequest {
    pub amount: Box<RawValue>,
    pub currency: String,
    pub country: String,
    pub merchant_reference_id: String,
    /// false: the card payment is authorized and captured later (card payments only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capture: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Where the shopper goes after Finish, after Back to Website, and back from a 3-D Secure or
    /// bank page (success, error).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete_checkout_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_checkout_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete_payment_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_payment_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method_type_categories: Option<Vec<&'static str>>,
    pub metadata: BTreeMap<String, String>,
}

/// Our payment method type names → Rapyd's categories on the checkout page (`bank_transfer`,
/// `bank_redirect`, `card`, `cash`, `ewallet`: Create Checkout Page,
/// payment_method_type_categories).
fn category(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "card" => "card",
        "walletRedirect" => "ewallet",
        "voucher" => "cash",
        "bankRedirect" => "bank_redirect",
        "bankTransfer" => "bank_transfer",
        _ => return None,
    })
}

fn categories(types: &Option<Vec<String>>) -> Result<Option<Vec<&'static str>>, SidecarError> {
    let Some(types) = types else { return Ok(None) };
    let mut out = Vec::new();
    for (i, t) in types.iter().enumerate() {
        let c = category(t.trim()).ok_or_else(|| {
            SidecarError::payment_method_not_supported(&format!(
                "Rapyd's checkout page offers its methods by category (card, ewallet, cash, bank_redirect, bank_transfer); `{}` is none of them",
                crate::kit::mask::scrub_text(t.trim())
            ))
            .with_field(format!("request.paymentMethodTypes[{i}]"))
        })?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

impl RapydCheckoutRequest {
    pub fn from_unified(r: &CreateSessionRequest) -> Result<Self, SidecarError> {
        if r.mode == SessionMode::Setup {
            return Err(SidecarError::invalid_field(
                "request.mode",
                "Rapyd's checkout page makes a payment; a card is saved without paying through its Card Token hosted page (POST /v1/hosted/collect/card), not a checkout".into(),
            ));
        }
        if r.setup_future_usage.is_some() {
            return Err(SidecarError::invalid_field(
                "request.setupFutureUsage",
                "Rapyd's Create Checkout Page has no save_payment_method: save the card with setupMandate, or authorize with setupFutureUsage".into(),
            ));
        }
        if r.amount.minor_amount <= 0 {
            return Err(SidecarError::invalid_field("request.amount.minorAmount", "Rapyd's checkout page takes a positive amount".into()));
        }
        let country = present(&r.country_code)
            .or_else(|| r.billing_address.as_ref().and_then(|a| present(&a.country)))
            .ok_or_else(|| {
                SidecarError::missing_field(
                    "request.countryCode",
                    "Rapyd's Create Checkout Page requires the shopper's country (it lists that country's payment methods): give countryCode or the billing address's country",
                )
            })?;
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(SidecarError::invalid_field("request.countryCode", "an ISO 3166-1 alpha-2 code, like US".into()));
        }
        let reference = crate::protocol::required(&r.merchant_transaction_id, "request.merchantTransactionId")?;
        // Create Checkout Page: merchant_reference_id is "Limited to 45 characters".
        if reference.chars().count() > 45 {
            return Err(SidecarError::invalid_field(
                "request.merchantTransactionId",
                "Rapyd's checkout page takes a merchant_reference_id of at most 45 characters".into(),
            ));
        }
        // Rapyd's hosted page languages are two-letter codes (en, de, ...): the locale's language.
        let language = present(&r.locale)
            .and_then(|l| l.split(['-', '_']).next())
            .filter(|l| l.len() == 2 && l.bytes().all(|b| b.is_ascii_alphabetic()))
            .map(str::to_ascii_lowercase);
        let mut metadata = r.metadata.clone().unwrap_or_default();
        metadata.insert(super::requests::MERCHANT_TRANSACTION_ID.into(), reference.to_string());
        let return_url = present_owned(&r.return_url);
        Ok(RapydCheckoutRequest {
            amount: rapyd_amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.clone(),
            country: country.to_ascii_uppercase(),
            merchant_reference_id: reference.to_string(),
            capture: (r.capture_method == CaptureMethod::Manual).then_some(false),
            customer: r.customer.as_ref().and_then(|c| present_owned(&c.connector_customer_id)),
            description: present_owned(&r.description),
            language,
            complete_checkout_url: return_url.clone(),
            cancel_checkout_url: return_url.clone(),
            complete_payment_url: return_url.clone(),
            error_payment_url: return_url,
            payment_method_type_categories: categories(&r.payment_method_types)?,
            metadata,
        })
    }
}

/// The Checkout Page object (the fields read here).
#[derive(Debug, Deserialize, Default)]
pub struct RapydCheckout {
    pub id: Option<String>,
    pub status: Option<String>,
    pub redirect_url: Option<String>,
    /// Unix time the page stops taking the shopper.
    pub page_expiration: Option<Value>,
    /// The payment the page makes: `id` and `status` null until the shopper submits it.
    pub payment: Option<Value>,
}

fn unix(v: &Option<Value>) -> Option<i64> {
    match v {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|t| *t > 0)
}

pub fn parse_create_session(response: &HttpResponse) -> Result<SessionResult, SidecarError> {
    match envelope_of::<RapydCheckout>(response)? {
        Ok(page) => {
            let Some(id) = present_owned(&page.id) else {
                return Err(SidecarError::undeserializable(response.status, &response.body, "Rapyd's checkout page has no id"));
            };
            let mut result = SessionResult::new(SessionStatus::Success, response.status);
            result.session_id = Some(id.clone());
            result.connector_transaction_id = Some(id);
            result.connector_status = present_owned(&page.status);
            result.redirection = present_owned(&page.redirect_url).map(|url| Redirection { url, method: RedirectMethod::GET, form: None });
            result.expires_at = unix(&page.page_expiration).map(iso8601_utc);
            Ok(result)
        }
        Err(status) => {
            let code = status.error_code.as_deref().or(status.response_code.as_deref());
            Ok(SessionResult::failure(
                error_info(response.status, code, status.message.as_deref(), "Rapyd did not create the checkout page"),
                response.status,
            ))
        }
    }
}

/// psync of a checkout page: its payment once the shopper paid; pending while the page waits;
/// failure when it expired (EXP) or Rapyd Protect blocked the payment (DEC) with no payment made.
pub fn parse_checkout_psync(checkout: &str, response: &HttpResponse) -> Result<PaymentResult, SidecarError> {
    let page = match envelope_of::<RapydCheckout>(response)? {
        Ok(page) => page,
        Err(status) => {
            // A failed read says nothing about the payment.
            let mut result = PaymentResult::new(PaymentStatus::Unresolved, response.status);
            result.connector_transaction_id = Some(checkout.to_string());
            let code = status.error_code.as_deref().or(status.response_code.as_deref());
            result.error = Some(error_info(response.status, code, status.message.as_deref(), "Rapyd could not read the checkout page"));
            return Ok(result);
        }
    };
    // The spec calls `payment` an array of one Payment; the docs' examples give the object.
    let payment = match &page.payment {
        Some(Value::Array(items)) => items.first().cloned(),
        Some(v @ Value::Object(_)) => Some(v.clone()),
        _ => None,
    }
    // Through text: the amount is kept as its JSON text (RawValue), which a Value cannot give.
    .and_then(|v| serde_json::from_str::<RapydPayment>(&v.to_string()).ok())
    .filter(|p| p.id.as_deref().is_some_and(|id| !id.trim().is_empty()));
    if let Some(p) = payment {
        return Ok(responses::payment_result(&p, response.status));
    }
    let page_status = present(&page.status).map(str::to_ascii_uppercase);
    let status = match page_status.as_deref() {
        Some("EXP") | Some("DEC") => PaymentStatus::Failure,
        _ => PaymentStatus::Pending,
    };
    let mut result = PaymentResult::new(status, response.status);
    result.connector_transaction_id = Some(checkout.to_string());
    result.connector_status = present_owned(&page.status);
    if status == PaymentStatus::Failure {
        let (why, code) = if page_status.as_deref() == Some("EXP") {
            ("the checkout page expired before the shopper paid", UnifiedErrorCode::ProcessingError)
        } else {
            ("Rapyd Protect blocked the checkout page's payment", UnifiedErrorCode::FraudSuspected)
        };
        let mut error = error_info(response.status, None, Some(why), "Rapyd made no payment");
        error.code = code;
        // Rapyd's word for it: the page's status.
        error.connector_code = page_status.clone();
        result.error = Some(error);
    } else {
        result.redirection = present_owned(&page.redirect_url).map(|url| Redirection { url, method: RedirectMethod::GET, form: None });
    }
    Ok(result)
}

/// Retrieve Apple Pay Session (`POST /v1/digital_wallets/session/apple_pay`,
/// https://docs.rapyd.net/en/retrieve-apple-pay-session.html): Rapyd validates the merchant with
/// Apple under its own Apple Pay merchant id ("Activating Apple Pay"), for the merchant's display
/// name and domain (`initiative_context`).
#[derive(Debug, Serialize)]
pub struct RapydApplePaySessionRequest {
    pub display_name: String,
    pub initiative_context: String,
}

impl RapydApplePaySessionRequest {
    pub fn from_unified(v: &crate::protocol::ApplePayMerchantValidation) -> Result<Self, SidecarError> {
        let display_name = crate::protocol::required(&v.display_name, "request.applePayMerchantValidation.displayName")?;
        // Apple: "64 or fewer UTF-8 characters" (Rapyd's display_name).
        if display_name.chars().count() > 64 {
            return Err(SidecarError::invalid_field(
                "request.applePayMerchantValidation.displayName",
                "Rapyd's display_name takes 64 or fewer characters".into(),
            ));
        }
        let domain = crate::protocol::required(&v.domain_name, "request.applePayMerchantValidation.domainName")?;
        // "The client's fully qualified domain name, without the final period."
        let domain = domain.trim_end_matches('.');
        if domain.is_empty() || domain.contains('/') || domain.contains(':') || domain.contains(char::is_whitespace) {
            return Err(SidecarError::invalid_field(
                "request.applePayMerchantValidation.domainName",
                "a fully qualified domain name, like shop.example.com (no scheme, port or path)".into(),
            ));
        }
        Ok(RapydApplePaySessionRequest { display_name: display_name.to_string(), initiative_context: domain.to_string() })
    }
}

/// The Apple Pay merchant session Rapyd got from Apple, as JSON text for
/// `completeMerchantValidation` (the spec calls `data` an array of one; Rapyd's page shows the object).
pub fn parse_apple_pay_session(response: &HttpResponse) -> Result<SessionResult, SidecarError> {
    match envelope_of::<Value>(response)? {
        Ok(data) => {
            let session = match data {
                Value::Array(mut items) if !items.is_empty() => items.swap_remove(0),
                v @ Value::Object(_) => v,
                _ => return Err(SidecarError::undeserializable(response.status, &response.body, "Rapyd's Apple Pay session is not an object")),
            };
            if !session.is_object() {
                return Err(SidecarError::undeserializable(response.status, &response.body, "Rapyd's Apple Pay session is not an object"));
            }
            let mut result = SessionResult::new(SessionStatus::Success, response.status);
            result.session_id = session.get("merchantSessionIdentifier").and_then(Value::as_str).map(str::to_string);
            result.session_data = Some(session.to_string());
            Ok(result)
        }
        Err(status) => {
            let code = status.error_code.as_deref().or(status.response_code.as_deref());
            Ok(SessionResult::failure(
                error_info(response.status, code, status.message.as_deref(), "Rapyd did not retrieve the Apple Pay session"),
                response.status,
            ))
        }
    }
}

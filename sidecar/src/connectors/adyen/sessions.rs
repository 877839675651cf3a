//! Adyen Checkout v71 beyond one payment:
//! - createSession → `POST /sessions` (Drop-in / Components with a session,
//!   https://docs.adyen.com/online-payments/build-your-integration/sessions-flow): `id` and
//!   `sessionData` go to the front end; the payment's outcome comes by webhook (AUTHORISATION,
//!   whose merchantReference is the session's reference).
//!   With `applePayMerchantValidation`, `POST /applePay/sessions` instead: Apple's merchant session
//!   (`data`, base64) for the front end's completeMerchantValidation, when the merchant uses
//!   Adyen's Apple Pay certificate (https://docs.adyen.com/payment-methods/apple-pay/api-only).
//! - incrementalAuthorization → `POST /payments/{pspReference}/amountUpdates` with the new total
//!   (https://docs.adyen.com/online-payments/adjust-authorisation): Adyen answers `received`; the
//!   AUTHORISATION_ADJUSTMENT webhook says whether it went through: `pending` until then.
//! - reverse → `POST /payments/{pspReference}/reversals` (cancel or refund, whichever the payment's
//!   state needs: https://docs.adyen.com/online-payments/reversal): `void_initiated`, then
//!   CANCEL_OR_REFUND.
//! - revokeMandate → `DELETE /storedPaymentMethods/{id}?shopperReference&merchantAccount`, the
//!   Checkout API's way since v70 (Adyen's docs point there from the Recurring API's `disable`).

use super::requests::{psp_path_segment, AdyenAddress, AdyenAmount};
use super::responses::{parse_payment_modification, AdyenModificationResponse, AdyenServiceError, PaymentModification};
use super::AdyenAuth;
use crate::connectors::{path_id, Context};
use crate::kit::idempotency::main_key;
use crate::protocol::{
    CaptureMethod, CreateSessionRequest, ErrorInfo, FutureUsage, HttpMethod, HttpRequest, HttpResponse, IncrementalAuthorizationRequest,
    MandateResult, MandateStatus, PaymentResult, PaymentStatus, ReverseRequest, RevokeMandateRequest, SessionMode, SessionResult,
    SessionStatus, SidecarError,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Adyen's limit on `Idempotency-Key` (as in flows.rs).
const IDEMPOTENCY_KEY_MAX: usize = 64;

pub(super) fn with_key(mut http: HttpRequest, key: Option<&str>) -> Result<HttpRequest, SidecarError> {
    if let Some(key) = main_key(key) {
        if key.is_empty() || key.chars().count() > IDEMPOTENCY_KEY_MAX {
            return Err(SidecarError::invalid_field(
                "request.idempotencyKey",
                format!("Adyen takes an Idempotency-Key of 1 to {IDEMPOTENCY_KEY_MAX} characters"),
            ));
        }
        http = http.header("Idempotency-Key", key);
    }
    Ok(http)
}

fn call(method: HttpMethod, url: String, auth: &AdyenAuth, key: Option<&str>) -> Result<HttpRequest, SidecarError> {
    with_key(HttpRequest::new(method, url).secret_header("X-API-Key", auth.api_key.expose()), key)
}

/// ServiceError → the unified error (the mapping of every other Adyen flow).
pub(super) fn service_error(response: &HttpResponse) -> ErrorInfo {
    let body: Option<AdyenServiceError> = response.json().ok();
    let code = super::mapping::service_error_code(
        response.status,
        body.as_ref().and_then(|b| b.error_code.as_deref()),
        body.as_ref().and_then(|b| b.error_type.as_deref()),
    );
    let message = body.as_ref().and_then(|b| b.message.clone().or_else(|| b.detail.clone()).or_else(|| b.title.clone()));
    ErrorInfo {
        code,
        message: message.clone().unwrap_or_else(|| format!("Adyen answered HTTP {}", response.status)),
        connector_code: body.as_ref().and_then(|b| b.error_code.clone()),
        connector_message: message,
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

// ---------- createSession ----------

/// The protocol's payment method names (`card`, `applePay`, `googlePay`, `paypal`, and the `method`
/// names of the other types) → Adyen's `allowedPaymentMethods` types
/// (https://docs.adyen.com/payment-methods, each method's `type`).
const METHOD_TYPES: &[(&str, &str)] = &[
    ("card", "scheme"),
    ("applePay", "applepay"),
    ("googlePay", "googlepay"),
    ("paypal", "paypal"),
    ("ideal", "ideal"),
    ("bancontact", "bcmc"),
    ("eps", "eps"),
    ("blik", "blik"),
    ("sofort", "directEbanking"),
    ("giropay", "giropay"),
    ("trustly", "trustly"),
    ("sepa", "sepadirectdebit"),
    ("klarna", "klarna"),
    ("affirm", "affirm"),
    ("alipay", "alipay"),
    ("twint", "twint"),
    ("mbway", "mbway"),
    ("swish", "swish"),
    ("mobilepay", "mobilepay"),
    ("vipps", "vipps"),
];

/// CreateCheckoutSessionRequest (the fields we send).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AdyenSessionRequest<'a> {
    merchant_account: &'a str,
    amount: AdyenAmount,
    reference: &'a str,
    return_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    country_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shopper_locale: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shopper_reference: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shopper_email: Option<&'a str>,
    /// The shopper's billing address (CreateCheckoutSessionRequest `billingAddress`, the same
    /// BillingAddress object as /payments: Drop-in does not ask for it again).
    #[serde(skip_serializing_if = "Option::is_none")]
    billing_address: Option<AdyenAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    store_payment_method_mode: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shopper_interaction: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recurring_processing_model: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    allowed_payment_methods: Vec<&'static str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    additional_data: BTreeMap<&'static str, &'static str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    metadata: BTreeMap<&'a str, &'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AdyenApplePaySessionRequest<'a> {
    display_name: &'a str,
    domain_name: &'a str,
    merchant_identifier: &'a str,
}

#[derive(Deserialize)]
struct AdyenApplePaySessionResponse {
    data: String,
}

pub fn build_create_session(r: &CreateSessionRequest, auth: &AdyenAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if let Some(apple) = &r.apple_pay_merchant_validation {
        fn field<'v>(name: &str, value: &'v str) -> Result<&'v str, SidecarError> {
            crate::kit::text::present_str(Some(value)).ok_or_else(|| {
                SidecarError::missing_field(&format!("request.applePayMerchantValidation.{name}"), "Adyen's /applePay/sessions requires it")
            })
        }
        let body = AdyenApplePaySessionRequest {
            display_name: field("displayName", &apple.display_name)?,
            domain_name: field("domainName", &apple.domain_name)?,
            merchant_identifier: field("merchantIdentifier", &apple.merchant_identifier)?,
        };
        let url = format!("{}/applePay/sessions", auth.base_url(ctx)?);
        return Ok(call(HttpMethod::POST, url, auth, r.idempotency_key.as_deref())?.json_body(&body, false));
    }
    let return_url = r.return_url.as_deref().filter(|u| !u.trim().is_empty()).ok_or_else(|| {
        SidecarError::missing_field("request.returnUrl", "Adyen's /sessions requires returnUrl (where redirect payment methods come back to)")
    })?;
    let customer = r.customer.as_ref();
    let shopper_reference = customer.and_then(|c| c.id.as_deref()).filter(|s| !s.trim().is_empty());
    // Saving the payment method: a mandate (mode setup) or while paying (setupFutureUsage).
    let saving = match (r.mode, r.setup_future_usage) {
        (SessionMode::Setup, usage) => Some(usage.unwrap_or(FutureUsage::OffSession)),
        (SessionMode::Payment, usage) => usage,
    };
    if saving.is_some() && shopper_reference.is_none() {
        return Err(SidecarError::missing_field("request.customer.id", "Adyen saves a payment method under your shopper reference"));
    }
    let amount = match r.mode {
        SessionMode::Payment => AdyenAmount::from_unified(&r.amount, "request.amount")?,
        SessionMode::Setup => AdyenAmount::from_unified_or_zero(&r.amount, "request.amount")?,
    };
    let mut allowed = Vec::new();
    for (i, t) in r.payment_method_types.iter().flatten().enumerate() {
        let word = METHOD_TYPES.iter().find(|(ours, _)| ours == t).map(|(_, w)| *w).ok_or_else(|| {
            SidecarError::payment_method_not_supported(&format!(
                "Adyen's sessions take {}; `{t}` is not one of them",
                METHOD_TYPES.iter().map(|(o, _)| *o).collect::<Vec<_>>().join(", ")
            ))
            .with_field(&format!("request.paymentMethodTypes[{i}]"))
        })?;
        allowed.push(word);
    }
    let mut additional_data = BTreeMap::new();
    // A payment session captures as asked; a setup session that verifies with an amount never
    // captures it (as setupMandate); a zero-value one has nothing to capture.
    let verifies_with_amount = r.mode == SessionMode::Setup && r.amount.minor_amount > 0;
    if (r.mode == SessionMode::Payment && r.capture_method == CaptureMethod::Manual) || verifies_with_amount {
        additional_data.insert("manualCapture", "true");
    }
    let body = AdyenSessionRequest {
        merchant_account: auth.merchant_account.expose(),
        amount,
        reference: &r.merchant_transaction_id,
        return_url,
        country_code: r.country_code.as_deref(),
        shopper_locale: r.locale.as_deref(),
        shopper_reference,
        shopper_email: customer.and_then(|c| c.email.as_deref()),
        billing_address: r.billing_address.as_ref().map(|a| AdyenAddress::from_unified(a, "request.billingAddress", false)).transpose()?,
        store_payment_method_mode: saving.map(|_| "enabled"),
        shopper_interaction: saving.map(|_| "Ecommerce"),
        recurring_processing_model: saving.map(|u| match u {
            FutureUsage::OnSession => "CardOnFile",
            FutureUsage::OffSession => "UnscheduledCardOnFile",
        }),
        allowed_payment_methods: allowed,
        additional_data,
        metadata: r.metadata.iter().flatten().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
    };
    Ok(call(HttpMethod::POST, format!("{}/sessions", auth.base_url(ctx)?), auth, r.idempotency_key.as_deref())?.json_body(&body, false))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AdyenSessionResponse {
    id: String,
    session_data: Option<String>,
    expires_at: Option<String>,
}

/// Adyen writes times with their offset (`2022-01-11T13:53:18+01:00`): in UTC, `Z`.
fn utc(text: &str) -> Option<String> {
    let (local, offset) = text.split_at(text.len().checked_sub(6)?);
    let sign = match offset.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return crate::kit::time::parse_iso8601_utc(text).map(crate::kit::time::iso8601_utc),
    };
    let hours: i64 = offset.get(1..3)?.parse().ok()?;
    let minutes: i64 = offset.get(4..6)?.parse().ok()?;
    let at = crate::kit::time::parse_iso8601_utc(&format!("{local}Z"))?;
    Some(crate::kit::time::iso8601_utc(at - sign * (hours * 3600 + minutes * 60)))
}

pub(super) fn utc_time(text: &str) -> String {
    utc(text).unwrap_or_else(|| text.to_string())
}

pub fn parse_create_session(r: &CreateSessionRequest, response: &HttpResponse, _: &Context) -> Result<SessionResult, SidecarError> {
    if !response.is_success() {
        return Ok(SessionResult::failure(service_error(response), response.status));
    }
    if r.apple_pay_merchant_validation.is_some() {
        let s: AdyenApplePaySessionResponse = response.json()?;
        let mut result = SessionResult::new(SessionStatus::Success, response.status);
        result.session_data = Some(s.data);
        return Ok(result);
    }
    let s: AdyenSessionResponse = response.json()?;
    let mut result = SessionResult::new(SessionStatus::Success, response.status);
    result.session_id = Some(s.id);
    result.session_data = s.session_data;
    result.expires_at = s.expires_at.as_deref().map(utc_time);
    Ok(result)
}

// ---------- incrementalAuthorization ----------

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AdyenAmountUpdateRequest<'a> {
    merchant_account: &'a str,
    amount: AdyenAmount,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
}

pub fn build_incremental_authorization(r: &IncrementalAuthorizationRequest, auth: &AdyenAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let psp = psp_path_segment(&r.connector_transaction_id, "request.connectorTransactionId")?;
    // Adyen's `amount` is "the updated amount": the new total.
    let total = r.new_total("Adyen")?;
    let body = AdyenAmountUpdateRequest {
        merchant_account: auth.merchant_account.expose(),
        amount: AdyenAmount::from_unified(&total, "request.additionalAmount")?,
        reference: r.merchant_transaction_id.as_deref().filter(|s| !s.trim().is_empty()),
    };
    let url = format!("{}/payments/{psp}/amountUpdates", auth.base_url(ctx)?);
    Ok(call(HttpMethod::POST, url, auth, r.idempotency_key.as_deref())?.json_body(&body, false))
}

/// `received` is `pending`: the AUTHORISATION_ADJUSTMENT webhook says whether the new total is
/// authorised. A 4xx is `failure` (the earlier authorisation stands); a 5xx `unresolved`.
pub fn parse_incremental_authorization(r: &IncrementalAuthorizationRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        let status = if response.status >= 500 { PaymentStatus::Unresolved } else { PaymentStatus::Failure };
        let mut result = PaymentResult::new(status, response.status);
        result.error = Some(service_error(response));
        result.connector_transaction_id = Some(r.connector_transaction_id.clone());
        return Ok(result);
    }
    let body: AdyenModificationResponse = response.json()?;
    let status = if body.status.as_deref() == Some("received") { PaymentStatus::Pending } else { PaymentStatus::Unresolved };
    let mut result = PaymentResult::new(status, response.status);
    result.connector_status = body.status.clone();
    result.connector_transaction_id = body.payment_psp_reference.clone().filter(|p| !p.is_empty()).or_else(|| Some(r.connector_transaction_id.clone()));
    // authorizedAmount stays unset: the new total is asked for, not yet authorised.
    Ok(result)
}

// ---------- reverse ----------

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AdyenReversalRequest<'a> {
    merchant_account: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
}

pub fn build_reverse(r: &ReverseRequest, auth: &AdyenAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let psp = psp_path_segment(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let reference = [&r.merchant_reverse_id, &r.merchant_transaction_id]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .find(|s| !s.is_empty());
    let body = AdyenReversalRequest { merchant_account: auth.merchant_account.expose(), reference };
    let url = format!("{}/payments/{psp}/reversals", auth.base_url(ctx)?);
    Ok(call(HttpMethod::POST, url, auth, r.idempotency_key.as_deref())?.json_body(&body, false))
}

/// `received` → `void_initiated` (CANCEL_OR_REFUND brings the outcome); a 4xx `void_failed`.
pub fn parse_reverse(r: &ReverseRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    parse_payment_modification(response, PaymentModification::Cancel, &r.connector_transaction_id)
}

// ---------- revokeMandate ----------

pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &AdyenAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(&r.mandate_reference, "request.mandateReference", "Adyen")?;
    let shopper = r
        .customer
        .as_ref()
        .and_then(|c| c.id.as_deref())
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| SidecarError::missing_field("request.customer.id", "Adyen deletes a stored payment method of a shopper reference"))?;
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("shopperReference", shopper)
        .append_pair("merchantAccount", auth.merchant_account.expose())
        .finish();
    let url = format!("{}/storedPaymentMethods/{id}?{query}", auth.base_url(ctx)?);
    call(HttpMethod::DELETE, url, auth, r.idempotency_key.as_deref())
}

/// 204 No Content: deleted.
pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    if response.is_success() {
        let mut result = MandateResult::new(MandateStatus::Revoked, response.status);
        result.mandate_reference = Some(r.mandate_reference.clone());
        return Ok(result);
    }
    let mut result = MandateResult::new(MandateStatus::Failure, response.status);
    result.error = Some(service_error(response));
    Ok(result)
}

#[cfg(test)]
mod tests {
    #[test]
    fn adyen_times_in_utc() {
        assert_eq!(super::utc_time("2022-01-11T13:53:18+01:00"), "2022-01-11T12:53:18Z");
        assert_eq!(super::utc_time("2022-01-11T13:53:18-05:30"), "2022-01-11T19:23:18Z");
        assert_eq!(super::utc_time("2022-01-11T13:53:18Z"), "2022-01-11T13:53:18Z");
        assert_eq!(super::utc_time("not a time"), "not a time");
    }
}

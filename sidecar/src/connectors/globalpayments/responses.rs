//! GP API's response bodies (the transaction, the stored payment method, the access token and the
//! error object, named as GP's reference and the SDKs' `GpApiMapping`/`GpApiTokenResponse` read
//! them) and how each is read.

use super::mapping::{by_http_status, error_code, refund_status, result_code, transaction_status};
use super::{STATE_ACCESS_TOKEN, STATE_ACCOUNT_NAME, STATE_TOKENIZATION_ACCOUNT_NAME};
use crate::kit::access_token;
use crate::kit::money::iso_exponent;
use crate::kit::text::present_owned;
use crate::protocol::{
    AccessTokenResult, ConnectorState, ErrorInfo, HttpResponse, MandateResult, MandateStatus, Money, NextAction, NextActionType,
    PaymentResult, PaymentStatus, RedirectMethod, Redirection, RefundResult, RefundStatus, SidecarError, UnifiedErrorCode as U,
};
use serde::Deserialize;

/// A transaction (`POST /transactions`, `GET /transactions/{id}`, and the answers of capture,
/// reversal, refund and incremental, which are transactions too).
#[derive(Debug, Deserialize, Default, Clone)]
pub struct Transaction {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub status: Option<String>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub reference: Option<String>,
    pub parent_resource_id: Option<String>,
    pub time_created: Option<String>,
    pub payment_method: Option<PaymentMethodResult>,
    pub action: Option<Action>,
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct PaymentMethodResult {
    pub id: Option<String>,
    pub result: Option<String>,
    pub message: Option<String>,
    pub card: Option<CardResult>,
    /// An APM's provider page (the SDK reads this first, then `apm.redirect_url`).
    pub redirect_url: Option<String>,
    pub apm: Option<ApmResult>,
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct ApmResult {
    pub redirect_url: Option<String>,
    /// The provider: a word (`paypal`), or an object with its `name` (the SDK's
    /// `GpApiMapping.mapResponseAPM` reads both).
    pub provider: Option<serde_json::Value>,
    /// PayPal's payer once the payer approved (the SDK's `providerReference`), which the
    /// confirmation names as `provider_payer_reference`.
    pub provider_reference: Option<String>,
}

impl ApmResult {
    fn provider_name(&self) -> Option<&str> {
        match self.provider.as_ref()? {
            serde_json::Value::String(s) => Some(s.as_str()),
            serde_json::Value::Object(o) => o.get("name").and_then(|n| n.as_str()),
            _ => None,
        }
    }
}

/// A PayPal payment the payer approved and GP waits to have confirmed: the payer GP reports.
pub(super) fn paypal_payer(t: &Transaction) -> Option<String> {
    let apm = t.payment_method.as_ref()?.apm.as_ref()?;
    if !apm.provider_name()?.trim().eq_ignore_ascii_case(super::apm::PAYPAL_PROVIDER) {
        return None;
    }
    nonempty(&apm.provider_reference)
}

/// Where an APM payment sends the shopper: `payment_method.redirect_url`, else
/// `payment_method.apm.redirect_url` (the SDK's `GpApiMapping.mapResponseAPM`); only an http(s) URL.
fn shopper_page(t: &Transaction) -> Option<String> {
    let pm = t.payment_method.as_ref()?;
    let url = nonempty(&pm.redirect_url).or_else(|| pm.apm.as_ref().and_then(|a| nonempty(&a.redirect_url)))?;
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct CardResult {
    pub brand_reference: Option<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct Action {
    pub id: Option<String>,
    pub result_code: Option<String>,
}

/// A stored payment method (`POST /payment-methods`, `DELETE /payment-methods/{id}`).
#[derive(Debug, Deserialize, Default)]
pub struct StoredPaymentMethod {
    pub id: Option<String>,
    pub status: Option<String>,
    pub action: Option<Action>,
}

/// `POST /accesstoken`'s answer.
#[derive(Deserialize)]
pub struct Token {
    pub token: Option<String>,
    pub seconds_to_expire: Option<i64>,
    pub scope: Option<Scope>,
}

#[derive(Deserialize, Default)]
pub struct Scope {
    #[serde(default)]
    pub accounts: Vec<Account>,
}

#[derive(Deserialize)]
pub struct Account {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// The error object: `{error_code, detailed_error_code, detailed_error_description}`.
#[derive(Debug, Deserialize, Default)]
pub struct GpError {
    pub error_code: Option<String>,
    pub detailed_error_code: Option<String>,
    pub detailed_error_description: Option<String>,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    present_owned(s)
}

/// GP's amount (minor units as a string) back as unified Money; None when it is not plain digits.
pub fn money(amount: Option<&str>, currency: Option<&str>) -> Option<Money> {
    let currency = currency?.trim().to_ascii_uppercase();
    iso_exponent(&currency)?;
    let text = amount?.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Money { minor_amount: text.parse().ok()?, currency })
}

pub fn error_body(response: &HttpResponse) -> GpError {
    response.json::<GpError>().unwrap_or_default()
}

/// An HTTP error as unified ErrorInfo.
pub fn error_info(http_status: u16, e: &GpError, what: &str) -> ErrorInfo {
    let code = e.error_code.as_deref().and_then(error_code).unwrap_or_else(|| by_http_status(http_status));
    let detail = nonempty(&e.detailed_error_description);
    ErrorInfo {
        code,
        message: match &detail {
            Some(d) => format!("{what}: {d}"),
            None => what.to_string(),
        },
        connector_code: nonempty(&e.error_code),
        connector_message: detail,
        decline_code: nonempty(&e.detailed_error_code),
        advice_code: None,
        decline_type: None,
    }
}

/// A declined transaction's reason: `payment_method.result` and `message`.
fn decline_info(t: &Transaction, what: &str) -> ErrorInfo {
    let pm = t.payment_method.clone().unwrap_or_default();
    let result = nonempty(&pm.result);
    let (code, decline_type) = match result.as_deref().and_then(result_code) {
        Some((u, d)) => (u, Some(d)),
        None => (U::CardDeclined, Some(crate::protocol::DeclineType::Soft)),
    };
    let message = nonempty(&pm.message);
    ErrorInfo {
        code,
        message: match &message {
            Some(m) => format!("{what}: {m}"),
            None => what.to_string(),
        },
        connector_code: t.action.as_ref().and_then(|a| nonempty(&a.result_code)).or_else(|| nonempty(&t.status)),
        connector_message: message,
        decline_code: result,
        advice_code: None,
        decline_type,
    }
}

/// `Idempotency Key seen before: id=TRN_..., status=CAPTURED`: the transaction the first request
/// made, and its status (GP answers a reused x-gp-idempotency with DUPLICATE_ACTION, 40039).
pub fn replayed(e: &GpError) -> Option<(String, Option<String>)> {
    if !e.error_code.as_deref().is_some_and(|c| c.eq_ignore_ascii_case("DUPLICATE_ACTION")) {
        return None;
    }
    let text = e.detailed_error_description.as_deref()?;
    let field = |name: &str| {
        let start = text.find(name)? + name.len();
        let rest = &text[start..];
        let value: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
        (!value.is_empty()).then_some(value)
    };
    Some((field("id=")?, field("status=")))
}

/// What the transaction answer is for.
#[derive(Clone, Copy, PartialEq)]
pub enum Call {
    /// authorize, repeatPayment.
    Create,
    Get,
    Capture,
    /// void (reversal of an authorization).
    Void,
    /// reverse (reversal of a captured sale before its batch closed).
    Reverse,
    Increment,
    /// completeAuthorize (the confirmation of a PayPal payment).
    Confirm,
}

impl Call {
    fn refused(self) -> (PaymentStatus, &'static str) {
        match self {
            Call::Create => (PaymentStatus::Failure, "GP API refused the payment"),
            Call::Get => (PaymentStatus::Unresolved, "GP API could not read the transaction"),
            Call::Capture => (PaymentStatus::CaptureFailed, "GP API refused the capture"),
            Call::Void => (PaymentStatus::VoidFailed, "GP API refused the reversal"),
            Call::Reverse => (PaymentStatus::Failure, "GP API refused the reversal"),
            Call::Increment => (PaymentStatus::Failure, "GP API refused the incremental authorization"),
            Call::Confirm => (PaymentStatus::Failure, "GP API refused the confirmation of the PayPal payment"),
        }
    }
}

/// A transaction (or an error) as the unified payment result. `known_id` is the transaction the
/// request named; `whole` the amount authorized when the caller gave it (a capture of less is
/// partial).
pub fn parse_transaction(response: &HttpResponse, call: Call, known_id: Option<&str>, whole: Option<&Money>) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response);
        let (status, what) = call.refused();
        if let Some((id, word)) = replayed(&e) {
            // The first request with this key made (or changed) the transaction: its outcome is
            // known by its status; without one, psync says it.
            let mapped = word.as_deref().and_then(transaction_status).filter(|s| *s != PaymentStatus::Failure);
            let mut result = PaymentResult::new(mapped.unwrap_or(PaymentStatus::Unresolved), response.status);
            result.connector_transaction_id = Some(id);
            result.connector_status = word;
            if mapped.is_none() {
                result.error = Some(error_info(response.status, &e, "GP API has seen this idempotency key before"));
            }
            return Ok(result);
        }
        // A 5xx or 429 may or may not have acted: never a failure the caller would retry blindly.
        let status = if (response.status >= 500 || response.status == 429) && call != Call::Get { PaymentStatus::Unresolved } else { status };
        let mut result = PaymentResult::new(status, response.status);
        result.connector_transaction_id = known_id.map(str::to_string);
        result.error = Some(error_info(response.status, &e, what));
        return Ok(result);
    }
    let t: Transaction = response.json()?;
    let id = nonempty(&t.id).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the transaction has no id"))?;
    let word = nonempty(&t.status).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the transaction has no status"))?;
    let status = transaction_status(&word)
        .ok_or_else(|| SidecarError::undeserializable(response.status, "", &format!("unknown transaction status `{word}`")))?;
    let amount = money(t.amount.as_deref(), t.currency.as_deref());
    let mut result = PaymentResult::new(status, response.status);
    result.connector_transaction_id = Some(id);
    result.connector_status = Some(word);
    result.network_transaction_id =
        t.payment_method.as_ref().and_then(|p| p.card.as_ref()).and_then(|c| nonempty(&c.brand_reference));
    match (call, status) {
        (_, PaymentStatus::Failure) => {
            result.error = Some(decline_info(&t, "GP API declined the payment"));
        }
        // Still authorized after a capture, or not reversed after a reversal: refused without an error.
        (Call::Capture, PaymentStatus::Authorized) => result.status = PaymentStatus::CaptureFailed,
        (Call::Void, s) if s != PaymentStatus::Voided => result.status = PaymentStatus::VoidFailed,
        (Call::Reverse, s) if s != PaymentStatus::Voided => result.status = PaymentStatus::Failure,
        _ => {}
    }
    if matches!(result.status, PaymentStatus::Charged) {
        // A capture's answer carries the amount captured.
        if let (Call::Capture, Some(a), Some(w)) = (call, &amount, whole) {
            if a.currency == w.currency && a.minor_amount < w.minor_amount {
                result.status = PaymentStatus::PartialCharged;
            }
        }
        result.amount_captured = amount.clone();
    }
    if matches!(result.status, PaymentStatus::Authorized) {
        result.authorized_amount = amount;
    }
    if result.status == PaymentStatus::Pending && call != Call::Confirm {
        if let Some(payer) = paypal_payer(&t) {
            // PayPal approved by the payer: GP waits for the confirmation (completeAuthorize),
            // which names this payer; until then no money moves.
            result.status = PaymentStatus::AuthenticationSuccessful;
            result.state = Some(ConnectorState::from([(super::apm::STATE_PAYER_REFERENCE.to_string(), payer)]));
            return Ok(result);
        }
    }
    if result.status == PaymentStatus::Pending {
        // An APM waiting for the shopper on the provider's page.
        if let Some(url) = shopper_page(&t) {
            result.redirection = Some(Redirection { url: url.clone(), method: RedirectMethod::GET, form: None });
            let mut next = NextAction::new(NextActionType::Redirect);
            next.url = Some(url);
            result.next_action = Some(next);
        }
    }
    Ok(result)
}

/// A refund transaction (or an error) as the unified refund result.
pub fn parse_refund(response: &HttpResponse, known_id: Option<&str>) -> Result<RefundResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response);
        if let Some((id, word)) = replayed(&e) {
            let mapped = word.as_deref().and_then(refund_status).filter(|s| *s != RefundStatus::Failure);
            let mut result = RefundResult::new(mapped.unwrap_or(RefundStatus::Pending), response.status);
            result.connector_refund_id = Some(id);
            result.connector_status = word;
            if mapped.is_none() {
                result.error = Some(error_info(response.status, &e, "GP API has seen this idempotency key before"));
            }
            return Ok(result);
        }
        // Reading a refund changes nothing, and a 5xx may have refunded: pending, sync again.
        let status = if response.status >= 500 || response.status == 429 || known_id.is_some() { RefundStatus::Pending } else { RefundStatus::Failure };
        let mut result = RefundResult::new(status, response.status);
        result.connector_refund_id = known_id.map(str::to_string);
        let what = if known_id.is_some() { "GP API could not read the refund" } else { "GP API refused the refund" };
        result.error = Some(error_info(response.status, &e, what));
        return Ok(result);
    }
    let t: Transaction = response.json()?;
    let id = nonempty(&t.id).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the refund has no id"))?;
    let word = nonempty(&t.status).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the refund has no status"))?;
    let status =
        refund_status(&word).ok_or_else(|| SidecarError::undeserializable(response.status, "", &format!("unknown refund status `{word}`")))?;
    let mut result = RefundResult::new(status, response.status);
    result.connector_refund_id = Some(id);
    result.connector_status = Some(word);
    result.refund_amount = money(t.amount.as_deref(), t.currency.as_deref());
    if status == RefundStatus::Failure {
        result.error = Some(decline_info(&t, "GP API did not make the refund"));
    }
    Ok(result)
}

/// `POST /payment-methods`: the stored card (`PMT_...`) is the mandate repeatPayment charges.
pub fn parse_stored_method(response: &HttpResponse) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response);
        let status = if response.status >= 500 || response.status == 429 { PaymentStatus::Unresolved } else { PaymentStatus::Failure };
        let mut result = PaymentResult::new(status, response.status);
        result.error = Some(error_info(response.status, &e, "GP API did not store the card"));
        return Ok(result);
    }
    let pm: StoredPaymentMethod = response.json()?;
    let id = nonempty(&pm.id).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the payment method has no id"))?;
    let word = nonempty(&pm.status);
    let active = word.as_deref().is_none_or(|w| w.eq_ignore_ascii_case("ACTIVE"));
    let mut result = PaymentResult::new(if active { PaymentStatus::Charged } else { PaymentStatus::Failure }, response.status);
    result.connector_status = word.clone();
    if active {
        result.mandate_reference = Some(id.clone());
        result.connector_transaction_id = Some(id);
    } else {
        result.error = Some(ErrorInfo {
            code: U::ProcessingError,
            message: format!("GP API stored the card as {}, not ACTIVE", word.unwrap_or_default()),
            connector_code: pm.action.as_ref().and_then(|a| nonempty(&a.result_code)),
            connector_message: None,
            decline_code: None,
            advice_code: None,
            decline_type: None,
        });
    }
    Ok(result)
}

/// `DELETE /payment-methods/{id}`.
pub fn parse_deleted_method(response: &HttpResponse, mandate: &str) -> Result<MandateResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response);
        return Ok(MandateResult {
            status: MandateStatus::Failure,
            mandate_reference: Some(mandate.to_string()),
            connector_status: None,
            error: Some(error_info(response.status, &e, "GP API did not delete the stored payment method")),
            http_status: response.status,
        });
    }
    let pm: StoredPaymentMethod = if response.body.trim().is_empty() { StoredPaymentMethod::default() } else { response.json()? };
    Ok(MandateResult {
        status: MandateStatus::Revoked,
        mandate_reference: Some(nonempty(&pm.id).unwrap_or_else(|| mandate.to_string())),
        connector_status: nonempty(&pm.status),
        error: None,
        http_status: response.status,
    })
}

/// The access token answer: the token in `state.accessToken`, its life in seconds, and the
/// accounts it may use (the transaction processing account `TRA_...` and the tokenization account
/// `TKA_...`, by name, as the SDK's `GpApiTokenResponse` picks them).
pub fn parse_token(response: &HttpResponse) -> Result<AccessTokenResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response);
        return Ok(AccessTokenResult::failure(error_info(response.status, &e, "GP API did not give an access token"), response.status));
    }
    let t: Token = access_token::read_answer(response, "the access token answer")?;
    let token = access_token::require_token(t.token, response, "the access token answer", "token")?;
    let mut state = ConnectorState::from([(STATE_ACCESS_TOKEN.to_string(), token)]);
    let accounts = t.scope.map(|s| s.accounts).unwrap_or_default();
    let named = |prefix: &str| {
        accounts
            .iter()
            .find(|a| a.id.as_deref().is_some_and(|i| i.starts_with(prefix)))
            .and_then(|a| present_owned(&a.name))
    };
    if let Some(name) = named("TRA_") {
        state.insert(STATE_ACCOUNT_NAME.to_string(), name);
    }
    if let Some(name) = named("TKA_") {
        state.insert(STATE_TOKENIZATION_ACCOUNT_NAME.to_string(), name);
    }
    let expires_in_seconds = t.seconds_to_expire.map(|s| u64::try_from(s).unwrap_or(0));
    Ok(AccessTokenResult::issued(state, expires_in_seconds, response.status))
}

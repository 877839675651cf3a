//! Airwallex's response bodies (PaymentIntent, PaymentAttempt, next_action, Refund, the login
//! token and the error object, as its API reference and the Node SDK's models name them) and how
//! each is read.

use super::mapping::{by_http_status, error_code, intent_status, issuer_code, refund_status};
use super::requests::MERCHANT_REFUND_ID;
use super::{STATE_ACCESS_TOKEN, STATE_CONTINUE, STATE_INTENT};
use crate::kit::access_token;
use crate::kit::money::{iso_exponent, parse_decimal_string};
use crate::kit::time::{now_unix, parse_iso8601_utc};
use crate::protocol::{
    AccessTokenResult, ConnectorState, ErrorInfo, HttpResponse, Money, NextAction, NextActionType, Options,
    PaymentResult, PaymentStatus, RedirectMethod, Redirection, RefundResult, RefundStatus, SessionResult, SessionStatus,
    SidecarError, UnifiedErrorCode as U,
};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::BTreeMap;

/// The PaymentIntent (`PaymentAcceptancePaymentIntentSingleResponse`).
#[derive(Debug, Deserialize, Default)]
pub struct PaymentIntent {
    pub id: Option<String>,
    pub amount: Option<Box<RawValue>>,
    pub currency: Option<String>,
    pub merchant_order_id: Option<String>,
    pub status: Option<String>,
    pub captured_amount: Option<Box<RawValue>>,
    pub client_secret: Option<String>,
    pub latest_payment_attempt: Option<PaymentAttempt>,
    pub next_action: Option<NextActionBody>,
}

/// `PaymentAcceptancePaymentAttempt` (the fields read).
#[derive(Debug, Deserialize, Default, Clone)]
pub struct PaymentAttempt {
    /// `{type, ...}`: which payment method the attempt used.
    pub payment_method: Option<AttemptPaymentMethod>,
    pub failure_code: Option<String>,
    pub provider_original_response_code: Option<String>,
    pub merchant_advice_code: Option<String>,
    pub provider_transaction_id: Option<String>,
}

/// The attempt's `payment_method` (the field read: its `type`).
#[derive(Debug, Deserialize, Default, Clone)]
pub struct AttemptPaymentMethod {
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// `next_action` (`PaymentAcceptanceNextAction`).
#[derive(Debug, Deserialize, Default)]
pub struct NextActionBody {
    /// `redirect`, `redirect_form`, `render_qrcode`, ...
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub url: Option<String>,
    pub method: Option<String>,
    pub data: Option<Value>,
    pub qrcode: Option<String>,
}

/// The Refund (`PaymentAcceptanceRefund`).
#[derive(Debug, Deserialize, Default)]
pub struct Refund {
    pub id: Option<String>,
    pub payment_intent_id: Option<String>,
    pub amount: Option<Box<RawValue>>,
    pub currency: Option<String>,
    pub status: Option<String>,
    #[serde(default)]
    pub metadata: BTreeMap<String, Value>,
}

/// The login answer (`Token`).
#[derive(Debug, Deserialize)]
pub struct Token {
    pub token: Option<String>,
    pub expires_at: Option<String>,
}

/// The error object: `{code, message, source?, details?, provider_original_response_code?}`.
#[derive(Debug, Deserialize, Default)]
pub struct AirwallexError {
    pub code: Option<String>,
    pub message: Option<String>,
    pub source: Option<String>,
    pub provider_original_response_code: Option<String>,
    pub details: Option<Value>,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// An Airwallex amount (a JSON number in major units) back as unified minor units; None when it
/// cannot be read exactly.
pub fn money(amount: Option<&RawValue>, currency: Option<&str>) -> Option<Money> {
    let currency = currency?.trim().to_ascii_uppercase();
    let exponent = iso_exponent(&currency)?;
    let minor = parse_decimal_string(amount?.get(), exponent)?;
    Some(Money { minor_amount: minor, currency })
}

/// The error object of a failed answer; a body that is not Airwallex's error is read by its HTTP status.
pub fn error_body(response: &HttpResponse) -> AirwallexError {
    response.json::<AirwallexError>().unwrap_or_default()
}

/// An error or decline as unified ErrorInfo: Airwallex's code, and the issuer's code when it gave one.
pub fn error_info(http_status: u16, e: &AirwallexError, what: &str) -> ErrorInfo {
    let issuer = nonempty(&e.provider_original_response_code)
        .or_else(|| e.details.as_ref().and_then(|d| d.get("original_response_code")).and_then(Value::as_str).map(str::to_string));
    let listed = e.code.as_deref().and_then(error_code);
    let (mut code, mut decline_type) = match listed {
        Some((u, d)) => (u, d),
        None => (by_http_status(http_status), None),
    };
    if let Some((u, d)) = issuer.as_deref().and_then(issuer_code) {
        if matches!(code, U::CardDeclined) {
            code = u;
            decline_type = Some(d);
        }
    }
    let message = match (nonempty(&e.message), nonempty(&e.source)) {
        (Some(m), Some(field)) => format!("{what}: {m} (field {field})"),
        (Some(m), None) => format!("{what}: {m}"),
        (None, _) => what.to_string(),
    };
    ErrorInfo {
        code,
        message,
        connector_code: nonempty(&e.code),
        connector_message: nonempty(&e.message),
        decline_code: issuer,
        advice_code: None,
        decline_type,
    }
}

/// The failed attempt's decline, when a confirm left the intent waiting for another payment method.
fn attempt_error(attempt: &PaymentAttempt) -> ErrorInfo {
    let e = AirwallexError {
        code: attempt.failure_code.clone().or_else(|| Some("issuer_declined".into())),
        message: None,
        source: None,
        provider_original_response_code: attempt.provider_original_response_code.clone(),
        details: None,
    };
    let mut info = error_info(400, &e, "Airwallex declined the payment attempt");
    info.advice_code = nonempty(&attempt.merchant_advice_code);
    info
}

/// How a PaymentIntent answer is read.
pub enum IntentCall {
    /// authorize's first call: the intent is made, the payment method comes next.
    Create,
    /// authorize's confirm; `authenticates`: the payment method sent is a card's, so waiting for
    /// the shopper is a 3-D Secure challenge (else the shopper pays on the method's page).
    Confirm { authenticates: bool },
    Get,
    Capture,
    Cancel,
    /// incrementalAuthorization: the intent stays REQUIRES_CAPTURE with the new total.
    Increment,
}

pub(super) fn redirection(next: &NextActionBody) -> Option<Redirection> {
    let url = nonempty(&next.url)?;
    let post = next.method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("POST"));
    let form = next.data.as_ref().and_then(Value::as_object).map(|o| {
        o.iter()
            .filter_map(|(k, v)| match v {
                Value::String(s) => Some((k.clone(), s.clone())),
                Value::Number(n) => Some((k.clone(), n.to_string())),
                _ => None,
            })
            .collect::<BTreeMap<_, _>>()
    });
    Some(Redirection {
        url,
        method: if post { RedirectMethod::POST } else { RedirectMethod::GET },
        form: form.filter(|f| post && !f.is_empty()),
    })
}

/// A PaymentIntent (or an error) as the unified payment result.
pub fn parse_intent(response: &HttpResponse, call: IntentCall, known_id: Option<&str>) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response);
        let (status, what) = match call {
            IntentCall::Create => (PaymentStatus::Failure, "Airwallex did not create the PaymentIntent"),
            IntentCall::Confirm { .. } => (PaymentStatus::Failure, "Airwallex refused the payment"),
            // Reading changes nothing: what the payment is stays unknown.
            IntentCall::Get => (PaymentStatus::Unresolved, "Airwallex could not read the PaymentIntent"),
            IntentCall::Capture => (PaymentStatus::CaptureFailed, "Airwallex refused the capture"),
            IntentCall::Cancel => (PaymentStatus::VoidFailed, "Airwallex refused the cancellation"),
            // The earlier authorization stands.
            IntentCall::Increment => (PaymentStatus::Failure, "Airwallex refused the incremental authorization"),
        };
        // A 5xx or 429 may or may not have acted: never a failure the caller would retry blindly.
        let status = if response.status >= 500 && !matches!(call, IntentCall::Get) { PaymentStatus::Unresolved } else { status };
        let mut result = PaymentResult::new(status, response.status);
        result.connector_transaction_id = known_id.map(str::to_string);
        result.error = Some(error_info(response.status, &e, what));
        return Ok(result);
    }
    let intent: PaymentIntent = response.json()?;
    let id = nonempty(&intent.id).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the PaymentIntent has no id"))?;
    let word = nonempty(&intent.status).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the PaymentIntent has no status"))?;
    let mut status = intent_status(&word).ok_or_else(|| {
        SidecarError::undeserializable(response.status, "", &format!("unknown PaymentIntent status `{word}`"))
    })?;
    let amount = money(intent.amount.as_deref(), intent.currency.as_deref());
    let captured = money(intent.captured_amount.as_deref(), intent.currency.as_deref());
    let mut result = PaymentResult::new(status, response.status);
    result.connector_transaction_id = Some(id.clone());
    result.connector_status = Some(word.clone());
    if let Some(attempt) = &intent.latest_payment_attempt {
        result.network_transaction_id = nonempty(&attempt.provider_transaction_id);
    }
    let mut state = ConnectorState::new();
    state.insert(STATE_INTENT.to_string(), id.clone());
    match (&call, status) {
        (IntentCall::Create, PaymentStatus::Started) => {
            // The intent exists; the same authorize sent again with this state confirms it.
            state.insert(STATE_CONTINUE.to_string(), "authorize".to_string());
        }
        (IntentCall::Confirm { .. }, PaymentStatus::Started) => {
            // Confirm answered REQUIRES_PAYMENT_METHOD: the attempt failed (Airwallex keeps the
            // intent open for another payment method).
            status = PaymentStatus::Failure;
            result.status = status;
            let attempt = intent.latest_payment_attempt.clone().unwrap_or_default();
            result.error = Some(attempt_error(&attempt));
        }
        (IntentCall::Get, PaymentStatus::Started) if intent.latest_payment_attempt.as_ref().is_some_and(|a| a.failure_code.is_some()) => {
            // Back to REQUIRES_PAYMENT_METHOD after a failed attempt: the payment failed (the
            // intent stays open for another payment method).
            result.status = PaymentStatus::Failure;
            result.error = Some(attempt_error(intent.latest_payment_attempt.as_ref().expect("checked")));
        }
        (IntentCall::Capture, PaymentStatus::Authorized) => {
            // Still not captured after capture: Airwallex refused it without an error.
            result.status = PaymentStatus::CaptureFailed;
        }
        (_, PaymentStatus::Charged) => {
            if let (Some(a), Some(c)) = (&amount, &captured) {
                if c.minor_amount < a.minor_amount && c.minor_amount > 0 {
                    result.status = PaymentStatus::PartialCharged;
                }
            }
        }
        (_, PaymentStatus::AuthenticationPending) => {
            // A card's 3-D Secure, or the shopper paying on a local method's page or app: the
            // attempt's payment method says which, else the method this confirm sent.
            let attempt_type = intent.latest_payment_attempt.as_ref().and_then(|a| a.payment_method.as_ref()).and_then(|p| nonempty(&p.kind));
            let authenticates = match (&call, attempt_type.as_deref()) {
                (_, Some(kind)) => super::payment_methods::authenticates(Some(kind)),
                (IntentCall::Confirm { authenticates }, None) => *authenticates,
                _ => true,
            };
            if !authenticates {
                result.status = PaymentStatus::Pending;
            }
            if let Some(next) = &intent.next_action {
                let qr = nonempty(&next.qrcode);
                let wants_qr = next.kind.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("render_qrcode")) || nonempty(&next.url).is_none();
                match (qr, wants_qr) {
                    (Some(qr), true) => {
                        let mut action = NextAction::new(NextActionType::DisplayQrCode);
                        action.qr_data = Some(qr);
                        action.url = nonempty(&next.url);
                        result.next_action = Some(action);
                    }
                    _ => {
                        result.redirection = redirection(next);
                        if let Some(url) = nonempty(&next.url) {
                            let mut action = NextAction::new(NextActionType::Redirect);
                            action.url = Some(url);
                            result.next_action = Some(action);
                        }
                    }
                }
            }
        }
        _ => {}
    }
    if matches!(result.status, PaymentStatus::Charged | PaymentStatus::PartialCharged) {
        result.amount_captured = captured.clone().or(amount.clone());
    }
    result.authorized_amount = amount;
    result.state = Some(state);
    Ok(result)
}

/// createSession: the PaymentIntent the front end (Airwallex.js) confirms with its client_secret.
pub fn parse_session(response: &HttpResponse) -> Result<SessionResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response);
        let mut result = SessionResult::new(SessionStatus::Failure, response.status);
        result.error = Some(error_info(response.status, &e, "Airwallex did not create the PaymentIntent"));
        return Ok(result);
    }
    let intent: PaymentIntent = response.json()?;
    let id = nonempty(&intent.id).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the PaymentIntent has no id"))?;
    let mut result = SessionResult::new(SessionStatus::Success, response.status);
    result.session_id = Some(id.clone());
    result.client_secret = nonempty(&intent.client_secret);
    result.connector_transaction_id = Some(id.clone());
    result.connector_status = nonempty(&intent.status);
    result.state = Some(ConnectorState::from([(STATE_INTENT.to_string(), id)]));
    Ok(result)
}

/// A refund (or an error) as the unified refund result.
pub fn parse_refund(response: &HttpResponse, known_id: Option<&str>) -> Result<RefundResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response);
        let status = if response.status >= 500 || known_id.is_some() { RefundStatus::Pending } else { RefundStatus::Failure };
        let mut result = RefundResult::new(status, response.status);
        result.connector_refund_id = known_id.map(str::to_string);
        result.error = Some(error_info(response.status, &e, if known_id.is_some() { "Airwallex could not read the refund" } else { "Airwallex refused the refund" }));
        return Ok(result);
    }
    let refund: Refund = response.json()?;
    let id = nonempty(&refund.id).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the refund has no id"))?;
    let word = nonempty(&refund.status).ok_or_else(|| SidecarError::undeserializable(response.status, "", "the refund has no status"))?;
    let status = refund_status(&word)
        .ok_or_else(|| SidecarError::undeserializable(response.status, "", &format!("unknown refund status `{word}`")))?;
    let mut result = RefundResult::new(status, response.status);
    result.connector_refund_id = Some(id);
    result.connector_status = Some(word);
    result.refund_amount = money(refund.amount.as_deref(), refund.currency.as_deref());
    if status == RefundStatus::Failure {
        result.error = Some(ErrorInfo {
            code: U::ProcessingError,
            message: "Airwallex could not make the refund".into(),
            connector_code: Some("FAILED".into()),
            connector_message: None,
            decline_code: None,
            advice_code: None,
            decline_type: None,
        });
    }
    Ok(result)
}

/// The merchant's refund id a refund carries in its metadata.
pub fn merchant_refund_id(refund: &Refund) -> Option<String> {
    refund.metadata.get(MERCHANT_REFUND_ID).and_then(Value::as_str).map(str::to_string)
}

/// The login answer: the bearer token in `state.accessToken`, and its life in seconds.
pub fn parse_token(response: &HttpResponse, options: &Options) -> Result<AccessTokenResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response);
        return Ok(AccessTokenResult::failure(error_info(response.status, &e, "Airwallex refused the login"), response.status));
    }
    let t: Token = access_token::read_answer(response, "the login answer")?;
    let token = access_token::require_token(t.token, response, "the login answer", "token")?;
    let expires_in_seconds = match t.expires_at.as_deref().and_then(parse_airwallex_time) {
        Some(at) => Some(u64::try_from(at - now_unix(options)?).unwrap_or(0)),
        None => None,
    };
    let state = ConnectorState::from([(STATE_ACCESS_TOKEN.to_string(), token)]);
    Ok(AccessTokenResult::issued(state, expires_in_seconds, response.status))
}

/// Airwallex writes times as `2021-04-13T06:34:22+0000`.
pub fn parse_airwallex_time(text: &str) -> Option<i64> {
    let t = text.trim();
    let normalized = match t.strip_suffix("+0000") {
        Some(rest) => format!("{rest}Z"),
        None => t.to_string(),
    };
    parse_iso8601_utc(&normalized)
}

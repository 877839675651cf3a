//! Worldpay's response bodies (Payments API 2024-06-01: the payment responses with `outcome`,
//! `_links` and `_actions`, `QueryEventsResponse`, `ErrorResponse`/`ValidationErrorResponse`) and
//! how each is read.
//!
//! Ids: Worldpay names a payment by the opaque `linkData` of its links
//! (`https://.../api/payments/{linkData}/settlements`). Each answer's `_links.self` and `_actions`
//! share one linkData, and it changes as the payment moves (a settlement's answer carries the
//! linkData its refunds need). So `connectorTransactionId` is the linkData of the latest answer
//! that moved the payment: authorize's, then capture's (pass capture's id to refund).

use super::mapping::{api_error_code, last_event_status, outcome_status, refund_event_status, refusal_code};
use crate::kit::text::present_owned;
use crate::protocol::{
    ErrorInfo, HttpResponse, Money, NextAction, NextActionType, PaymentResult, RedirectMethod, Redirection, PaymentStatus, RefundResult, RefundStatus, SidecarError, UnifiedErrorCode as U,
};
use serde::Deserialize;
use std::collections::BTreeMap;

const PAYMENTS_PATH: &str = "/api/payments/";

#[derive(Debug, Deserialize, Default)]
pub struct Link {
    pub href: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Links {
    #[serde(rename = "self")]
    pub this: Option<Link>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Advice {
    pub code: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Token {
    pub href: Option<String>,
    pub scheme_reference: Option<String>,
}

/// `deviceDataCollection` of a `3dsDeviceDataRequired` answer: the issuer's device data
/// collection page (`url`) the shopper's browser posts `Bin` and `JWT` to, in a hidden iframe.
#[derive(Debug, Deserialize, Default)]
pub struct DeviceDataCollection {
    pub jwt: Option<String>,
    pub url: Option<String>,
    pub bin: Option<String>,
}

/// `challenge` of a `3dsChallenged` answer (`ChallengeInfo`): the issuer's challenge page (`url`)
/// the shopper's browser posts `JWT` to, in an iframe.
#[derive(Debug, Deserialize, Default)]
pub struct ChallengeInfo {
    pub reference: Option<String>,
    pub url: Option<String>,
    pub jwt: Option<String>,
}

/// Every payment answer (authorized, sentForSettlement, refused, sentForCancellation,
/// sentForRefund, 3ds..., fraudHighRisk) and the query's (`lastEvent`).
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PaymentResponse {
    pub outcome: Option<String>,
    pub last_event: Option<String>,
    pub scheme_reference: Option<String>,
    pub refusal_code: Option<String>,
    pub refusal_description: Option<String>,
    pub advice: Option<Advice>,
    pub token: Option<Token>,
    pub device_data_collection: Option<DeviceDataCollection>,
    pub challenge: Option<ChallengeInfo>,
    #[serde(rename = "_links")]
    pub links: Option<Links>,
    #[serde(rename = "_actions", default)]
    pub actions: BTreeMap<String, Link>,
}

/// `ErrorResponse` / `ValidationErrorResponse` / `HeaderErrorResponse`.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ErrorResponse {
    pub error_name: Option<String>,
    pub message: Option<String>,
    pub json_path: Option<String>,
    #[serde(default)]
    pub validation_errors: Vec<ErrorResponse>,
}

/// The linkData of an href `https://host/api/payments/{linkData}[/action]`, as it is written
/// there (percent-encoded): it goes back into a path verbatim.
pub fn link_data(href: &str) -> Option<String> {
    let rest = &href[href.find(PAYMENTS_PATH)? + PAYMENTS_PATH.len()..];
    let data = rest.split(['/', '?', '#']).next()?;
    valid_link_data(data).then(|| data.to_string())
}

/// linkData as Worldpay writes it: URL-safe characters, percent escapes, dots; never a path step.
pub fn valid_link_data(data: &str) -> bool {
    !data.is_empty()
        && data != "."
        && data != ".."
        && data.len() <= 4096
        // Worldpay never percent-encodes a dot; an encoded one could only make a `..` segment.
        && !data.to_ascii_lowercase().contains("%2e")
        && data.bytes().all(|b| b.is_ascii_alphanumeric() || b"%._-~+=:".contains(&b))
}

impl PaymentResponse {
    /// The linkData of this answer: its self link's, else any action's.
    pub fn link_data(&self) -> Option<String> {
        self.links
            .as_ref()
            .and_then(|l| l.this.as_ref())
            .and_then(|l| l.href.as_deref())
            .and_then(link_data)
            .or_else(|| self.actions.values().filter_map(|a| a.href.as_deref()).find_map(link_data))
    }

    pub fn has_action(&self, name: &str) -> bool {
        self.actions.contains_key(name)
    }
}

fn error_message(what: &str, e: &ErrorResponse) -> String {
    // Worldpay's messages name fields and headers, never their values.
    let detail = e.validation_errors.iter().find_map(|v| {
        let path = v.json_path.as_deref().unwrap_or("");
        v.message.as_deref().map(|m| if path.is_empty() { m.to_string() } else { format!("{m} ({path})") })
    });
    match (&e.message, detail) {
        (Some(m), Some(d)) => format!("{what}: {} {d}", m.trim()),
        (Some(m), None) => format!("{what}: {}", m.trim()),
        (None, Some(d)) => format!("{what}: {d}"),
        (None, None) => what.to_string(),
    }
}

pub fn api_error(http_status: u16, e: &ErrorResponse, what: &str) -> ErrorInfo {
    ErrorInfo {
        code: api_error_code(http_status, e.error_name.as_deref()),
        message: error_message(what, e),
        connector_code: present_owned(&e.error_name),
        connector_message: present_owned(&e.message),
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

/// A refusal (`outcome: refused`, `refusalCode`, `refusalDescription`, `advice.code`).
fn refusal(p: &PaymentResponse) -> ErrorInfo {
    let code = p.refusal_code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let known = code.and_then(refusal_code);
    ErrorInfo {
        code: known.map(|(u, _)| u).unwrap_or(U::CardDeclined),
        message: match &p.refusal_description {
            Some(d) if !d.trim().is_empty() => format!("Worldpay refused the payment: {}", d.trim()),
            _ => "Worldpay refused the payment".into(),
        },
        connector_code: code.map(str::to_string),
        connector_message: present_owned(&p.refusal_description),
        decline_code: code.map(str::to_string),
        advice_code: p.advice.as_ref().and_then(|a| present_owned(&a.code)),
        decline_type: known.map(|(_, d)| d),
    }
}

/// The body of a non-2xx answer: None when empty or (for a 5xx) not Worldpay's JSON.
pub fn error_body(response: &HttpResponse) -> Result<ErrorResponse, SidecarError> {
    if response.body.trim().is_empty() {
        return Ok(ErrorResponse::default());
    }
    match response.json::<ErrorResponse>() {
        Ok(b) => Ok(b),
        Err(_) if response.status >= 500 || response.status == 429 => Ok(ErrorResponse::default()),
        Err(e) => Err(e),
    }
}

/// How a payment answer is read.
pub struct Reading<'a> {
    /// The payment asked about (psync, capture, void): named even when the call fails.
    pub known_id: Option<&'a str>,
    /// A read (psync): a failed call says nothing about the payment.
    pub read_only: bool,
    /// What a refused call leaves the payment in (capture: capture_failed, void: void_failed).
    pub refused: PaymentStatus,
    pub what: &'static str,
}

/// Reads a payment answer (2xx with `outcome` or `lastEvent`) or an error.
pub fn parse_payment(response: &HttpResponse, how: &Reading) -> Result<(PaymentResult, Option<PaymentResponse>), SidecarError> {
    if !response.is_success() {
        let e = error_body(response)?;
        let unknown = response.status >= 500 || response.status == 429 || how.read_only;
        let mut result = PaymentResult::new(if unknown { PaymentStatus::Unresolved } else { how.refused }, response.status);
        result.connector_transaction_id = how.known_id.map(str::to_string);
        let what = if response.status >= 500 { "Worldpay could not process the call (its outcome is unknown)" } else { how.what };
        result.error = Some(api_error(response.status, &e, what));
        return Ok((result, None));
    }
    let p: PaymentResponse = response.json()?;
    let status = match (&p.outcome, &p.last_event) {
        (Some(o), _) => outcome_status(Some(o.as_str())),
        (None, Some(e)) => last_event_status(Some(e.as_str())),
        (None, None) => {
            return Err(SidecarError::undeserializable(response.status, &response.body, "neither outcome nor lastEvent in Worldpay's answer"));
        }
    };
    let mut result = PaymentResult::new(status, response.status);
    result.connector_status = present_owned(&p.outcome).or_else(|| present_owned(&p.last_event));
    if let Some(step) = three_ds_step(&p, response)? {
        result.redirection = Some(step.0);
        result.next_action = Some(step.1);
        result.state = Some([(THREE_DS_STATE_KEY.to_string(), step.2.to_string())].into());
    }
    result.connector_transaction_id = if how.read_only { how.known_id.map(str::to_string) } else { p.link_data() }
        .or_else(|| how.known_id.map(str::to_string));
    result.network_transaction_id = present_owned(&p.scheme_reference);
    match p.outcome.as_deref() {
        Some("refused") => result.error = Some(refusal(&p)),
        Some("fraudHighRisk") => {
            result.error = Some(ErrorInfo {
                code: U::FraudSuspected,
                message: "Worldpay's FraudSight stopped the payment as high risk".into(),
                connector_code: Some("fraudHighRisk".into()),
                connector_message: None,
                decline_code: None,
                advice_code: None,
                decline_type: Some(crate::protocol::DeclineType::Hard),
            })
        }
        Some(o @ ("3dsAuthenticationFailed" | "3dsUnavailable")) => {
            result.error = Some(ErrorInfo {
                code: U::AuthenticationFailed,
                message: if o == "3dsUnavailable" {
                    "3-D Secure was unavailable; Worldpay did not authorize the payment".into()
                } else {
                    "the issuer failed the 3-D Secure authentication".into()
                },
                connector_code: Some(o.to_string()),
                connector_message: None,
                decline_code: None,
                advice_code: None,
                decline_type: Some(crate::protocol::DeclineType::Soft),
            })
        }
        _ => {}
    }
    if status == PaymentStatus::Failure && result.error.is_none() {
        result.error = Some(ErrorInfo {
            code: U::ProcessingError,
            message: format!("Worldpay reports the payment as {}", result.connector_status.as_deref().unwrap_or("failed")),
            connector_code: result.connector_status.clone(),
            connector_message: None,
            decline_code: None,
            advice_code: None,
            decline_type: None,
        });
    }
    Ok((result, Some(p)))
}

/// The `state` key by which a 3DS answer tells completeAuthorize which action continues it.
pub const THREE_DS_STATE_KEY: &str = "worldpay3ds";
/// `POST .../3dsDeviceData` (after `3dsDeviceDataRequired`).
pub const STEP_DEVICE_DATA: &str = "3dsDeviceData";
/// `POST .../3dsChallenges` (after `3dsChallenged`).
pub const STEP_CHALLENGE: &str = "3dsChallenges";

/// What the shopper's browser does for an integrated 3DS answer: the form it posts (in an iframe)
/// and the action that continues the payment afterwards. `3dsDeviceDataRequired`: the device data
/// collection page with `Bin` and `JWT` (its postMessage gives the SessionId completeAuthorize
/// sends as `collectionReference`); `3dsChallenged`: the challenge page with `JWT` (the issuer then
/// returns the shopper to `challenge.returnUrl`, and completeAuthorize verifies).
fn three_ds_step(p: &PaymentResponse, response: &HttpResponse) -> Result<Option<(Redirection, NextAction, &'static str)>, SidecarError> {
    let missing = |what: &str| SidecarError::undeserializable(response.status, &response.body, &format!("Worldpay's {what}"));
    let (url, form, step) = match p.outcome.as_deref() {
        Some("3dsDeviceDataRequired") => {
            let d = p.device_data_collection.as_ref().ok_or_else(|| missing("3dsDeviceDataRequired answer has no deviceDataCollection"))?;
            let (Some(url), Some(jwt), Some(bin)) = (present_owned(&d.url), present_owned(&d.jwt), present_owned(&d.bin)) else {
                return Err(missing("deviceDataCollection lacks its url, jwt or bin"));
            };
            (url, BTreeMap::from([("Bin".to_string(), bin), ("JWT".to_string(), jwt)]), STEP_DEVICE_DATA)
        }
        Some("3dsChallenged") => {
            let c = p.challenge.as_ref().ok_or_else(|| missing("3dsChallenged answer has no challenge"))?;
            let (Some(url), Some(jwt)) = (present_owned(&c.url), present_owned(&c.jwt)) else {
                return Err(missing("challenge lacks its url or jwt"));
            };
            (url, BTreeMap::from([("JWT".to_string(), jwt)]), STEP_CHALLENGE)
        }
        _ => return Ok(None),
    };
    if !url.starts_with("https://") && !url.starts_with("http://") {
        return Err(missing("3DS page is not an http(s) URL"));
    }
    let mut next = NextAction::new(NextActionType::Redirect);
    next.url = Some(url.clone());
    next.reference = p.challenge.as_ref().and_then(|c| present_owned(&c.reference));
    Ok(Some((Redirection { url, method: RedirectMethod::POST, form: Some(form) }, next, step)))
}

/// Reads a refund answer (`sentForRefund`, `sentForPartialRefund`) or an error.
pub fn parse_refund(response: &HttpResponse, amount: Option<&Money>) -> Result<RefundResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response)?;
        let status = if response.status >= 500 || response.status == 429 { RefundStatus::Pending } else { RefundStatus::Failure };
        let mut result = RefundResult::new(status, response.status);
        let what = if response.status >= 500 { "Worldpay could not process the refund (its outcome is unknown)" } else { "Worldpay refused the refund" };
        result.error = Some(api_error(response.status, &e, what));
        return Ok(result);
    }
    let p: PaymentResponse = response.json()?;
    // sentForRefund / sentForPartialRefund: asked of the issuer; `refunded` (an event) says done.
    let mut result = RefundResult::new(RefundStatus::Pending, response.status);
    result.connector_refund_id = p.link_data();
    result.connector_status = present_owned(&p.outcome);
    result.refund_amount = amount.cloned();
    Ok(result)
}

/// rsync: `lastEvent` of the refund's link.
pub fn parse_refund_query(response: &HttpResponse, id: &str) -> Result<RefundResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response)?;
        let mut result = RefundResult::new(RefundStatus::Pending, response.status);
        result.connector_refund_id = Some(id.to_string());
        result.error = Some(api_error(response.status, &e, "Worldpay could not read the refund"));
        return Ok(result);
    }
    let p: PaymentResponse = response.json()?;
    let mut result = RefundResult::new(refund_event_status(p.last_event.as_deref()), response.status);
    result.connector_refund_id = Some(id.to_string());
    result.connector_status = present_owned(&p.last_event);
    Ok(result)
}

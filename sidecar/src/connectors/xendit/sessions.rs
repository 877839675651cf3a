//! createSession: Xendit's Payment Sessions (`POST /sessions`, https://docs.xendit.co/apidocs/create-session),
//! the hosted checkout Xendit recommends over its legacy Invoices. The session is made in mode
//! PAYMENT_LINK with session_type PAY: Xendit answers its `ps-...` id and the page
//! (`payment_link_url`) the shopper is sent to, where they pick a channel and pay. The session
//! is the connectorTransactionId until it is COMPLETED: psync of a `ps-...` id reads `GET
//! /sessions/{id}` (https://docs.xendit.co/apidocs/get-session), and a COMPLETED session names
//! its payment request (`payment_request_id`), which is the payment from then on (capture,
//! refund, psync take the `pr-...` id).

use super::flows::post;
use super::XenditAuth;
use crate::connectors::Context;
use super::requests::{decimals, xendit_amount, ONLINE_BANKING, VIRTUAL_ACCOUNT_BANKS, WALLETS};
use super::responses::{error_body, error_info, money};
use crate::kit::mask::scrub_text;
use crate::kit::text::{present, present_owned};
use crate::protocol::{
    BankRedirectMethod, CaptureMethod, CreateSessionRequest, ErrorInfo, HttpRequest, HttpResponse, PaymentResult, PaymentStatus, RedirectMethod, Redirection,
    SessionMode, SessionResult, SessionStatus, SidecarError, UnifiedErrorCode as U,
};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// A Payment Session's id: `ps-` and 24 hexadecimal digits (27 characters, the API reference's
/// session_id).
pub const SESSION_PREFIX: &str = "ps-";

/// The API reference's longest session `reference_id`.
const MAX_SESSION_REFERENCE: usize = 64;

/// `POST /sessions`.
#[derive(Debug, Serialize)]
pub struct XenditSessionRequest<'a> {
    pub reference_id: &'a str,
    pub session_type: &'static str,
    pub mode: &'static str,
    pub amount: Box<RawValue>,
    pub currency: &'a str,
    pub country: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<SessionCustomer<'a>>,
    pub capture_method: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_payment_channels: Option<Vec<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_return_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_return_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<&'a BTreeMap<String, String>>,
}

/// The session's `customer`: Xendit creates (or finds, by `reference_id`) the customer.
#[derive(Debug, Serialize)]
pub struct SessionCustomer<'a> {
    pub reference_id: &'a str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile_number: Option<&'a str>,
    pub individual_detail: IndividualDetail,
}

#[derive(Debug, Serialize)]
pub struct IndividualDetail {
    pub given_names: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
}

/// The countries Xendit's Payment Sessions take, by the currency paid in them.
fn currency_country(currency: &str) -> Option<&'static str> {
    Some(match currency {
        "IDR" => "ID",
        "PHP" => "PH",
        "VND" => "VN",
        "THB" => "TH",
        "MYR" => "MY",
        _ => return None,
    })
}

const COUNTRIES: &[&str] = &["ID", "PH", "VN", "TH", "MY"];

/// The channels (`allowed_payment_channels`) for the protocol's payment method names, in the
/// session's currency: `card` is CARDS; a wallet, an online banking method or virtualAccount is
/// each Xendit channel of it paid in that currency.
fn channels(types: &Option<Vec<String>>, currency: &str) -> Result<Option<Vec<&'static str>>, SidecarError> {
    let Some(types) = types else { return Ok(None) };
    let mut out: Vec<&'static str> = Vec::new();
    for (i, t) in types.iter().enumerate() {
        let name = t.trim();
        let field = format!("request.paymentMethodTypes[{i}]");
        let found: Vec<&'static str> = match name {
            "card" => vec!["CARDS"],
            "virtualAccount" => VIRTUAL_ACCOUNT_BANKS.iter().filter(|(_, c)| *c == currency).map(|(b, _)| *b).collect(),
            "onlineBankingFpx" | "onlineBanking" => {
                let method = if name == "onlineBankingFpx" { BankRedirectMethod::OnlineBankingFpx } else { BankRedirectMethod::OnlineBanking };
                ONLINE_BANKING.iter().filter(|(_, c, m)| *c == currency && *m == method).map(|(code, ..)| *code).collect()
            }
            _ => match WALLETS.iter().find(|(m, ..)| m.as_str() == name) {
                Some((_, code, currencies)) => currencies.contains(&currency).then_some(*code).into_iter().collect(),
                None => {
                    return Err(SidecarError::payment_method_not_supported(&format!(
                        "Xendit's Payment Session offers cards, e-wallets (gcash, grabpay, dana, touchNGo, wechatPay, alipay), online banking \
                         (onlineBankingFpx, onlineBanking) and virtual accounts (virtualAccount); `{}` is none of them",
                        scrub_text(name)
                    ))
                    .with_field(field))
                }
            },
        };
        if found.is_empty() {
            return Err(SidecarError::payment_method_not_supported(&format!("Xendit has no `{}` channel paid in {currency}", scrub_text(name))).with_field(field));
        }
        for code in found {
            if !out.contains(&code) {
                out.push(code);
            }
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

impl<'a> XenditSessionRequest<'a> {
    pub fn from_unified(r: &'a CreateSessionRequest) -> Result<Self, SidecarError> {
        if r.mode == SessionMode::Setup {
            return Err(SidecarError::invalid_field(
                "request.mode",
                "Xendit's SAVE session gives a payment token (payment_token_id) for its v3 payment requests, not a payment method (pm-...) \
                 that a payment request's payment_method_id charges: save a card with setupMandate (POST /v2/payment_methods)"
                    .into(),
            ));
        }
        if r.setup_future_usage.is_some() {
            return Err(SidecarError::invalid_field(
                "request.setupFutureUsage",
                "Xendit's Payment Session saves a method as a payment token (payment_token_id) for its v3 payment requests, not as a payment \
                 method (pm-...) that repeatPayment charges: save the card with setupMandate, or authorize with setupFutureUsage"
                    .into(),
            ));
        }
        let reference = crate::protocol::required(&r.merchant_transaction_id, "request.merchantTransactionId")?;
        if reference.chars().count() > MAX_SESSION_REFERENCE {
            return Err(SidecarError::invalid_field(
                "request.merchantTransactionId",
                format!("Xendit's session reference_id takes at most {MAX_SESSION_REFERENCE} characters"),
            ));
        }
        let amount = xendit_amount(&r.amount, "request.amount")?;
        let currency = r.amount.currency.as_str();
        if decimals(currency).is_none() {
            return Err(SidecarError::invalid_field("request.amount.currency", format!("Xendit's Payment Sessions take IDR, PHP, VND, THB, MYR or USD, not {currency}")));
        }
        let country = present(&r.country_code)
            .or_else(|| r.billing_address.as_ref().and_then(|a| present(&a.country)))
            .map(|c| c.trim().to_ascii_uppercase())
            .or_else(|| currency_country(currency).map(str::to_string))
            .ok_or_else(|| SidecarError::missing_field("request.countryCode", "Xendit's Payment Session requires the country it is paid in (ID, PH, VN, TH or MY)"))?;
        if !COUNTRIES.contains(&country.as_str()) {
            return Err(SidecarError::invalid_field("request.countryCode", format!("Xendit's Payment Sessions take ID, PH, VN, TH or MY, not {}", scrub_text(&country))));
        }
        let (customer_id, customer) = session_customer(r, reference)?;
        let locale = present(&r.locale)
            .and_then(|l| l.split(['-', '_']).next())
            .filter(|l| l.len() == 2 && l.bytes().all(|b| b.is_ascii_alphabetic()))
            .map(str::to_ascii_lowercase);
        let return_url = present(&r.return_url);
        Ok(XenditSessionRequest {
            reference_id: reference,
            session_type: "PAY",
            mode: "PAYMENT_LINK",
            amount,
            currency,
            country,
            customer_id,
            customer,
            capture_method: match r.capture_method {
                CaptureMethod::Automatic => "AUTOMATIC",
                CaptureMethod::Manual => "MANUAL",
            },
            allowed_payment_channels: channels(&r.payment_method_types, currency)?,
            locale,
            description: present(&r.description),
            success_return_url: return_url,
            cancel_return_url: return_url,
            metadata: r.metadata.as_ref().filter(|m| !m.is_empty()),
        })
    }
}

/// `customer_id` when the caller names Xendit's customer (`cust-...`), else the `customer`
/// Xendit creates: its name (required: individual_detail.given_names), email and mobile number.
fn session_customer<'a>(r: &'a CreateSessionRequest, reference: &'a str) -> Result<(Option<&'a str>, Option<SessionCustomer<'a>>), SidecarError> {
    let c = r.customer.as_ref();
    if let Some(id) = c.and_then(|c| present(&c.connector_customer_id)) {
        return Ok((Some(id), None));
    }
    let billing = r.billing_address.as_ref();
    let (given, surname) = match c.and_then(|c| present(&c.name)) {
        Some(name) => (name.to_string(), None),
        None => match billing.and_then(|a| present(&a.first_name)) {
            Some(first) => (first.to_string(), billing.and_then(|a| present_owned(&a.last_name))),
            None => {
                return Err(SidecarError::missing_field(
                    "request.customer.name",
                    "Xendit's Payment Session needs its customer: customer.connectorCustomerId (customer_id), or the shopper's name (customer.name or the billing address's firstName)",
                ))
            }
        },
    };
    Ok((
        None,
        Some(SessionCustomer {
            reference_id: c.and_then(|c| present(&c.id)).unwrap_or(reference),
            kind: "INDIVIDUAL",
            email: c.and_then(|c| present(&c.email)),
            mobile_number: c.and_then(|c| present(&c.phone)),
            individual_detail: IndividualDetail { given_names: given, surname },
        }),
    ))
}

/// The Payment Session object (`POST /sessions`, `GET /sessions/{id}`).
#[derive(Debug, Deserialize, Default)]
pub struct XenditSession {
    pub payment_session_id: Option<String>,
    pub reference_id: Option<String>,
    pub status: Option<String>,
    pub amount: Option<Box<RawValue>>,
    pub currency: Option<String>,
    pub capture_method: Option<String>,
    pub payment_link_url: Option<String>,
    pub expires_at: Option<String>,
    pub payment_request_id: Option<String>,
}

fn link(session: &XenditSession) -> Option<Redirection> {
    present_owned(&session.payment_link_url).map(|url| Redirection { url, method: RedirectMethod::GET, form: None })
}

pub fn build_create_session(r: &CreateSessionRequest, auth: &XenditAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = XenditSessionRequest::from_unified(r)?;
    Ok(post(format!("{}/sessions", ctx.base_url()), auth, r.idempotency_key.as_deref()).json_body(&body, false))
}

pub fn parse_create_session(_: &CreateSessionRequest, response: &HttpResponse, _: &Context) -> Result<SessionResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response)?;
        let what = if response.status >= 500 { "Xendit could not create the Payment Session (its outcome is unknown)" } else { "Xendit refused the Payment Session" };
        return Ok(SessionResult::failure(error_info(response.status, &e, what), response.status));
    }
    let session: XenditSession = response.json()?;
    let Some(id) = present_owned(&session.payment_session_id) else {
        return Err(SidecarError::undeserializable(response.status, &response.body, "the Payment Session has no payment_session_id"));
    };
    let mut result = SessionResult::new(SessionStatus::Success, response.status);
    result.session_id = Some(id.clone());
    // psync follows the session to its payment request.
    result.connector_transaction_id = Some(id);
    result.connector_status = present_owned(&session.status);
    result.redirection = link(&session);
    result.expires_at = present_owned(&session.expires_at);
    Ok(result)
}

/// psync of a `ps-...` id: the session's payment once COMPLETED (its payment request, with the
/// session's amount), the hosted page again while ACTIVE, a failure once EXPIRED or CANCELED.
pub fn parse_session_psync(session_id: &str, response: &HttpResponse) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response)?;
        let mut result = PaymentResult::new(PaymentStatus::Unresolved, response.status);
        result.connector_transaction_id = Some(session_id.to_string());
        result.error = Some(error_info(response.status, &e, "Xendit could not read the Payment Session"));
        return Ok(result);
    }
    let session: XenditSession = response.json()?;
    Ok(session_payment(&session, session_id, response.status))
}

/// The payment a Payment Session stands for (psync of its `ps-...` id, its webhooks): once
/// COMPLETED, its payment request; before, the session itself.
pub fn session_payment(session: &XenditSession, session_id: &str, http_status: u16) -> PaymentResult {
    let word = present_owned(&session.status).map(|s| s.to_ascii_uppercase());
    let payment = present_owned(&session.payment_request_id);
    let manual = session.capture_method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("MANUAL"));
    let status = match (word.as_deref(), &payment) {
        (Some("COMPLETED"), Some(_)) if manual => PaymentStatus::Authorized,
        (Some("COMPLETED"), Some(_)) => PaymentStatus::Charged,
        (Some("ACTIVE" | "PENDING"), _) => PaymentStatus::Pending,
        (Some("EXPIRED" | "CANCELED"), _) => PaymentStatus::Failure,
        _ => PaymentStatus::Unresolved,
    };
    let mut result = PaymentResult::new(status, http_status);
    result.connector_status = present_owned(&session.status);
    result.connector_transaction_id = match status {
        PaymentStatus::Authorized | PaymentStatus::Charged => payment,
        _ => Some(session_id.trim()).filter(|id| !id.is_empty()).map(str::to_string).or_else(|| present_owned(&session.payment_session_id)),
    };
    match status {
        PaymentStatus::Charged => result.amount_captured = money(session.amount.as_deref(), session.currency.as_deref()),
        PaymentStatus::Pending if word.as_deref() == Some("ACTIVE") => {
            // The shopper has not paid yet: the hosted page is still theirs to open.
            result.redirection = link(&session);
        }
        PaymentStatus::Failure => {
            let why = if word.as_deref() == Some("EXPIRED") { "the Payment Session expired before the shopper paid" } else { "the Payment Session was canceled" };
            result.error = Some(ErrorInfo {
                code: U::ProcessingError,
                message: format!("Xendit made no payment: {why}"),
                connector_code: word.clone(),
                connector_message: None,
                decline_code: None,
                advice_code: None,
                decline_type: None,
            });
        }
        _ => {}
    }
    result
}

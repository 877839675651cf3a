//! Worldpay's APM API (`WP-Api-Version: 2024-07-01`, `POST /apmPayments`): alternative payment
//! methods, apart from the Payments API's cards. Its OpenAPI description is vendored in
//! oracles/worldpay/apms-openapi.yaml (ApmPaymentRequestV2, the `*Instruction` schemas,
//! ApmPaymentResourceWithRedirectV2, Reversal, PartialReversal, SettlementPayload,
//! PartialSettlement and their examples).
//!
//! - A payment is `paymentId` (the same through its life, unlike the Payments API's linkData):
//!   `GET /apmPayments/{paymentId}` reads its `lastEvent`; `/settlements` and
//!   `/partialSettlements` settle one taken with `settlement.auto: false` (PayPal);
//!   `/reversals` and `/partialReversals` give money back (refund).
//! - Every result of an APM payment carries `state.worldpayApi: apmPayments`, by which psync,
//!   capture, refund and rsync know to call the APM API (the client passes a result's state on).
//! - The shopper is sent to `redirect`; Worldpay brings them back to the `resultUrls` (success,
//!   pending, failure, cancel: all the request's returnUrl), and psync tells the outcome.

use super::requests::{narrative, reference as transaction_reference, value, Merchant, Narrative, Value};
use super::responses::{api_error, error_body, valid_link_data, Links};
use crate::kit::text::present_owned;
use crate::protocol::{
    AuthorizeRequest, BankRedirectMethod, CaptureMethod, ErrorInfo, HttpResponse, NextAction, NextActionType, PaymentMethod, PaymentResult,
    PaymentStatus, RedirectMethod, Redirection, RefundResult, RefundStatus, SidecarError, UnifiedErrorCode as U,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const APM_API_VERSION: &str = "2024-07-01";
/// The `state` key (and value) that marks a payment of the APM API.
pub const API_STATE_KEY: &str = "worldpayApi";
pub const API_STATE_APM: &str = "apmPayments";

pub fn is_apm(state: Option<&BTreeMap<String, String>>) -> bool {
    state.and_then(|s| s.get(API_STATE_KEY)).is_some_and(|v| v == API_STATE_APM)
}

pub fn apm_state() -> BTreeMap<String, String> {
    [(API_STATE_KEY.to_string(), API_STATE_APM.to_string())].into()
}

/// The unified payment methods Worldpay's APM API takes, each as its `instruction.method`, the
/// result URLs its instruction requires and whether it requires `customer.email`.
struct Apm {
    method: &'static str,
    urls: Urls,
    needs_email: bool,
    /// Its paymentInstrument takes the shopper's `country`.
    country: bool,
    /// A sale: no `settlement.auto: false` (Worldpay settles it once the shopper paid).
    sale_only: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Urls {
    /// ResultUrls (PayPal): cancel, failure, pending, success, all optional.
    All,
    /// ResultUrlsIdeal: success, failure, cancel required.
    SuccessFailureCancel,
    /// ResultUrlsWithoutFailure (Bancontact, Trustly, Multibanco, MyBank): cancel, pending, success.
    WithoutFailure,
}

const PAYPAL: Apm = Apm { method: "paypal", urls: Urls::All, needs_email: false, country: false, sale_only: false };

fn apm_of(pm: &PaymentMethod) -> Option<Apm> {
    Some(match pm {
        PaymentMethod::PayPal(_) => PAYPAL,
        PaymentMethod::BankRedirect(b) => match b.method {
            BankRedirectMethod::Ideal => Apm { method: "ideal", urls: Urls::SuccessFailureCancel, needs_email: false, country: false, sale_only: true },
            BankRedirectMethod::Bancontact => Apm { method: "bancontact", urls: Urls::WithoutFailure, needs_email: true, country: true, sale_only: true },
            BankRedirectMethod::Trustly => Apm { method: "trustly", urls: Urls::WithoutFailure, needs_email: true, country: true, sale_only: true },
            BankRedirectMethod::Multibanco => Apm { method: "multibanco", urls: Urls::WithoutFailure, needs_email: true, country: true, sale_only: true },
            _ => return None,
        },
        _ => return None,
    })
}

/// The bankRedirect methods the APM API takes, as listConnectors declares them.
pub const BANK_REDIRECT_METHODS: &[&str] = &["ideal", "bancontact", "trustly", "multibanco"];

pub fn takes(pm: &PaymentMethod) -> bool {
    apm_of(pm).is_some()
}

/// `ApmPaymentRequestV2`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApmPaymentRequest<'a> {
    pub transaction_reference: &'a str,
    pub merchant: Merchant<'a>,
    pub instruction: ApmInstruction<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApmInstruction<'a> {
    pub method: &'static str,
    pub value: Value,
    pub narrative: Narrative,
    pub payment_instrument: ApmInstrument<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settlement: Option<super::requests::Settlement>,
    pub result_urls: ResultUrls<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<ApmCustomer<'a>>,
}

/// `type: direct`: Worldpay gives the page to send the shopper to (`redirect`).
#[derive(Debug, Serialize)]
pub struct ApmInstrument<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<&'a str>,
}

#[derive(Debug, Serialize, Default)]
pub struct ResultUrls<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct ApmCustomer<'a> {
    pub email: &'a str,
}

/// `Reversal` / `PartialReversal` (refund) and `SettlementPayload` / `PartialSettlement` (capture):
/// `value` required, `reference` (letters, digits and hyphens, up to 128) for the partial ones.
#[derive(Debug, Serialize)]
pub struct AmountRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<&'a str>,
    pub value: Value,
}

pub fn apm_reference<'a>(text: &'a str, field: &str) -> Result<&'a str, SidecarError> {
    let t = crate::protocol::required(text, field)?;
    if t.len() > 128 || !t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(SidecarError::invalid_field(field, "Worldpay's APM reference is 1 to 128 letters, digits and hyphens".into()));
    }
    Ok(t)
}

pub fn authorize<'a>(r: &'a AuthorizeRequest, entity: &'a str, default_narrative: Option<&'a str>) -> Result<ApmPaymentRequest<'a>, SidecarError> {
    let apm = apm_of(&r.payment_method).ok_or_else(|| {
        SidecarError::payment_method_not_supported(&format!(
            "Worldpay's APM API takes PayPal and the bank redirects {}; not this `{}`",
            BANK_REDIRECT_METHODS.join(", "),
            r.payment_method.type_name()
        ))
    })?;
    if apm.sale_only && r.capture_method == CaptureMethod::Manual {
        return Err(SidecarError::invalid_field(
            "request.captureMethod",
            format!("{} through Worldpay is a sale (authorized and settled at once): use captureMethod automatic", apm.method),
        ));
    }
    if r.setup_future_usage.is_some() {
        return Err(SidecarError::invalid_field(
            "request.setupFutureUsage",
            "Worldpay's APM API saves no payment method with these one-time APM payments".into(),
        ));
    }
    let return_url = r.return_url.as_deref().map(str::trim).filter(|u| !u.is_empty()).ok_or_else(|| {
        SidecarError::missing_field("request.returnUrl", "Worldpay's APM payments send the shopper back to resultUrls: pass returnUrl")
    })?;
    let url = Some(return_url);
    let result_urls = match apm.urls {
        Urls::All => ResultUrls { cancel: url, failure: url, pending: url, success: url },
        Urls::SuccessFailureCancel => ResultUrls { cancel: url, failure: url, pending: None, success: url },
        Urls::WithoutFailure => ResultUrls { cancel: url, failure: None, pending: url, success: url },
    };
    let paypal_email = match &r.payment_method {
        PaymentMethod::PayPal(p) => crate::kit::text::present(&p.email),
        _ => None,
    };
    let email = paypal_email.or_else(|| r.customer.as_ref().and_then(|c| crate::kit::text::present(&c.email)));
    if apm.needs_email && email.is_none() {
        return Err(SidecarError::missing_field("request.customer.email", "Worldpay's APM instruction for this method requires customer.email"));
    }
    let country = if apm.country {
        let c = match &r.payment_method {
            PaymentMethod::BankRedirect(b) => crate::kit::text::present(&b.country),
            _ => None,
        }
        .or_else(|| r.billing_address.as_ref().and_then(|a| crate::kit::text::present(&a.country)));
        Some(c.ok_or_else(|| {
            SidecarError::missing_field("request.paymentMethod.bankRedirect.country", "Worldpay's paymentInstrument for this method takes the shopper's country")
        })?)
    } else {
        None
    };
    let narrative = match (r.statement_descriptor.as_deref().map(str::trim).filter(|s| !s.is_empty()), default_narrative) {
        (Some(s), _) => narrative(s, "request.statementDescriptor")?,
        (None, Some(n)) => narrative(n, "auth.narrative")?,
        (None, None) => {
            return Err(SidecarError::missing_field(
                "request.statementDescriptor",
                "Worldpay requires instruction.narrative.line1 (what the shopper's statement shows): set auth.narrative or pass statementDescriptor",
            ))
        }
    };
    Ok(ApmPaymentRequest {
        transaction_reference: transaction_reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
        merchant: Merchant { entity },
        instruction: ApmInstruction {
            method: apm.method,
            value: value(&r.amount, "request.amount", false)?,
            narrative,
            payment_instrument: ApmInstrument { kind: "direct", country },
            settlement: (!apm.sale_only).then_some(super::requests::Settlement { auto: r.capture_method == CaptureMethod::Automatic }),
            result_urls,
            customer: email.map(|email| ApmCustomer { email }),
        },
    })
}

/// `ApmPaymentResourceWithRedirectV2` and the query's `ApmPaymentResourceQuery`.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ApmPaymentResource {
    pub payment_id: Option<String>,
    pub last_event: Option<String>,
    pub redirect: Option<String>,
    #[serde(rename = "_links")]
    pub links: Option<Links>,
}

/// `lastEvent` of an APM payment (its enum in the APM API description) → payment status. Refund
/// and dispute events mean the money was taken. An unknown word is never guessed.
const APM_EVENTS: &[(&str, PaymentStatus)] = &[
    ("pending", PaymentStatus::Pending),
    ("sentForAuthorization", PaymentStatus::Authorizing),
    ("authorized", PaymentStatus::Authorized),
    ("sentForSettlement", PaymentStatus::Charged),
    ("settled", PaymentStatus::Charged),
    ("settlementFailed", PaymentStatus::CaptureFailed),
    ("cancelRequested", PaymentStatus::VoidInitiated),
    ("cancelled", PaymentStatus::Voided),
    ("cancelFailed", PaymentStatus::VoidFailed),
    // The shopper gave up on the APM's page: nothing was taken.
    ("cancelledByCustomer", PaymentStatus::Failure),
    ("refused", PaymentStatus::Failure),
    ("refusedByIssuer", PaymentStatus::Failure),
    ("error", PaymentStatus::Failure),
    ("expired", PaymentStatus::Failure),
    ("requestExpired", PaymentStatus::Failure),
    ("sentForRefund", PaymentStatus::Charged),
    ("refunded", PaymentStatus::Charged),
    ("refundFailed", PaymentStatus::Charged),
    ("refundExpired", PaymentStatus::Charged),
    ("refundReversed", PaymentStatus::Charged),
    ("chargedBack", PaymentStatus::Charged),
    ("chargebackReversed", PaymentStatus::Charged),
    ("disputeFundsHeld", PaymentStatus::Charged),
    ("disputeFundsReleased", PaymentStatus::Charged),
    ("disputeInformationRequested", PaymentStatus::Charged),
    ("disputInformationSupplied", PaymentStatus::Charged),
    ("disputeExpired", PaymentStatus::Charged),
    ("disputeReserveReleased", PaymentStatus::Charged),
];

pub fn apm_event_status(event: Option<&str>) -> PaymentStatus {
    event.and_then(|e| APM_EVENTS.iter().find(|(k, _)| *k == e)).map(|(_, s)| *s).unwrap_or(PaymentStatus::Unresolved)
}

/// A refund's reading of the same `lastEvent`: `refunded` is done, `refundFailed` /
/// `refundExpired` failed, anything else still pending (never `failure` on a guess).
const APM_REFUND_EVENTS: &[(&str, RefundStatus)] = &[
    ("sentForRefund", RefundStatus::Pending),
    ("refunded", RefundStatus::Success),
    ("refundFailed", RefundStatus::Failure),
    ("refundExpired", RefundStatus::Failure),
];

pub fn apm_refund_status(event: Option<&str>) -> RefundStatus {
    event.and_then(|e| APM_REFUND_EVENTS.iter().find(|(k, _)| *k == e)).map(|(_, s)| *s).unwrap_or(RefundStatus::Pending)
}

fn payment_id(p: &ApmPaymentResource) -> Option<String> {
    present_owned(&p.payment_id).filter(|id| valid_link_data(id)).or_else(|| {
        let href = p.links.as_ref()?.this.as_ref()?.href.as_deref()?;
        let rest = &href[href.find("/apmPayments/")? + "/apmPayments/".len()..];
        let id = rest.split(['/', '?', '#']).next()?;
        valid_link_data(id).then(|| id.to_string())
    })
}

/// Reads an APM payment answer (authorize, psync, capture) or its error.
pub fn parse_payment(response: &HttpResponse, known_id: Option<&str>, read_only: bool, refused: PaymentStatus, what: &'static str) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response)?;
        let unknown = response.status >= 500 || response.status == 429 || read_only;
        let mut result = PaymentResult::new(if unknown { PaymentStatus::Unresolved } else { refused }, response.status);
        result.connector_transaction_id = known_id.map(str::to_string);
        result.error = Some(api_error(response.status, &e, if response.status >= 500 { "Worldpay could not process the call (its outcome is unknown)" } else { what }));
        result.state = Some(apm_state());
        return Ok(result);
    }
    let p: ApmPaymentResource = response.json()?;
    let Some(event) = present_owned(&p.last_event) else {
        return Err(SidecarError::undeserializable(response.status, &response.body, "no lastEvent in Worldpay's APM answer"));
    };
    let mut status = apm_event_status(Some(&event));
    let mut result = PaymentResult::new(status, response.status);
    if let Some(url) = present_owned(&p.redirect).filter(|_| status == PaymentStatus::Pending) {
        // A page to send the shopper to (PayPal, iDEAL, ...); a QR code image (WeChat Pay) is no URL.
        if url.starts_with("https://") || url.starts_with("http://") {
            status = PaymentStatus::AuthenticationPending;
            result.status = status;
            result.redirection = Some(Redirection { url: url.clone(), method: RedirectMethod::GET, form: None });
            let mut next = NextAction::new(NextActionType::Redirect);
            next.url = Some(url);
            result.next_action = Some(next);
        }
    }
    result.connector_status = Some(event.clone());
    result.connector_transaction_id = if read_only { known_id.map(str::to_string) } else { payment_id(&p) }.or_else(|| known_id.map(str::to_string));
    if status == PaymentStatus::Failure {
        result.error = Some(ErrorInfo {
            code: if event.starts_with("refused") { U::CardDeclined } else { U::ProcessingError },
            message: format!("Worldpay reports the APM payment as {event}"),
            connector_code: Some(event),
            connector_message: None,
            decline_code: None,
            advice_code: None,
            decline_type: None,
        });
    }
    result.state = Some(apm_state());
    Ok(result)
}

/// A reversal's answer (`lastEvent: sentForRefund`) or its error; the refund is the payment's
/// reversal, read back by rsync through the payment (`paymentId`).
pub fn parse_refund(response: &HttpResponse, payment: &str, amount: &crate::protocol::Money) -> Result<RefundResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response)?;
        let status = if response.status >= 500 || response.status == 429 { RefundStatus::Pending } else { RefundStatus::Failure };
        let mut result = RefundResult::new(status, response.status);
        let what = if response.status >= 500 { "Worldpay could not process the reversal (its outcome is unknown)" } else { "Worldpay refused the reversal" };
        result.error = Some(api_error(response.status, &e, what));
        return Ok(result);
    }
    let p: ApmPaymentResource = response.json()?;
    let mut result = RefundResult::new(apm_refund_status(p.last_event.as_deref()), response.status);
    result.connector_refund_id = payment_id(&p).or_else(|| Some(payment.to_string()));
    result.connector_status = present_owned(&p.last_event);
    result.refund_amount = Some(amount.clone());
    Ok(result)
}

pub fn parse_refund_query(response: &HttpResponse, id: &str) -> Result<RefundResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response)?;
        let mut result = RefundResult::new(RefundStatus::Pending, response.status);
        result.connector_refund_id = Some(id.to_string());
        result.error = Some(api_error(response.status, &e, "Worldpay could not read the APM payment"));
        return Ok(result);
    }
    let p: ApmPaymentResource = response.json()?;
    let mut result = RefundResult::new(apm_refund_status(p.last_event.as_deref()), response.status);
    result.connector_refund_id = Some(id.to_string());
    result.connector_status = present_owned(&p.last_event);
    Ok(result)
}

//! Razorpay's answers, named as its API reference names them: the order entity, the S2S JSON
//! payment answer (`razorpay_payment_id`, `next`), the payment entity, the refund entity, and the
//! error object.

use super::mapping;
use super::{STATE_CONTINUE, STATE_ORDER};
use crate::kit::text::present_owned;
use crate::protocol::{
    ConnectorState, ErrorInfo, HttpResponse, Money, NextAction, NextActionType, PaymentResult, PaymentStatus, RedirectMethod,
    Redirection, RefundResult, RefundStatus, SidecarError,
};
use serde::Deserialize;
use serde_json::Value;

/// The error object of every refused call.
#[derive(Debug, Deserialize, Default)]
pub struct RazorpayError {
    pub code: Option<String>,
    pub description: Option<String>,
    pub reason: Option<String>,
    pub metadata: Option<ErrorMetadata>,
}

#[derive(Debug, Deserialize, Default)]
pub struct ErrorMetadata {
    pub payment_id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ErrorEnvelope {
    error: Option<RazorpayError>,
}

/// An order (`entity: order`).
#[derive(Debug, Deserialize)]
pub struct Order {
    pub id: Option<String>,
    pub status: Option<String>,
}

/// One of the S2S answer's `next` actions.
#[derive(Debug, Deserialize)]
pub struct NextStep {
    pub action: Option<String>,
    pub url: Option<String>,
}

/// The S2S JSON payment answer.
#[derive(Debug, Deserialize)]
pub struct PaymentCreated {
    pub razorpay_payment_id: Option<String>,
    #[serde(default)]
    pub next: Vec<NextStep>,
    /// UPI AutoPay intent (`/payments/create/upi`): the `upi://mandate` link.
    pub link: Option<String>,
}

/// A payment (`entity: payment`).
#[derive(Debug, Deserialize)]
pub struct Payment {
    pub id: Option<String>,
    pub amount: Option<i64>,
    pub currency: Option<String>,
    pub status: Option<String>,
    pub order_id: Option<String>,
    pub error_code: Option<String>,
    pub error_description: Option<String>,
    pub error_reason: Option<String>,
    pub acquirer_data: Option<Value>,
    /// The customer and the recurring token of a payment made on or for one (`cust_...`, `token_...`).
    pub customer_id: Option<String>,
    pub token_id: Option<String>,
}

/// A refund (`entity: refund`).
#[derive(Debug, Deserialize)]
pub struct Refund {
    pub id: Option<String>,
    pub payment_id: Option<String>,
    /// The merchant's receipt (merchantRefundId).
    pub receipt: Option<String>,
    pub amount: Option<i64>,
    pub currency: Option<String>,
    pub status: Option<String>,
}

/// The error of a refused call: its `error` object, or nothing readable (an HTML 502, an empty
/// body). A 2xx is never an error.
pub(super) fn refused(response: &HttpResponse) -> Result<Option<RazorpayError>, SidecarError> {
    if response.body.trim().is_empty() {
        return Ok(None);
    }
    match response.json::<ErrorEnvelope>() {
        Ok(env) => match env.error {
            Some(e) => Ok(Some(e)),
            None if response.status >= 500 || response.status == 429 => Ok(None),
            None => Err(SidecarError::undeserializable(response.status, &response.body, "Razorpay's error answer has no `error` object")),
        },
        Err(_) if response.status >= 500 || response.status == 429 => Ok(None),
        Err(e) => Err(e),
    }
}

/// The unified error of Razorpay's `code`, `reason` and `description`; `what` says what failed.
pub fn error_info(http_status: u16, code: Option<&str>, reason: Option<&str>, description: Option<&str>, what: &str) -> ErrorInfo {
    let code = code.map(str::trim).filter(|c| !c.is_empty());
    let reason = reason.map(str::trim).filter(|r| !r.is_empty() && !r.eq_ignore_ascii_case("NA"));
    let description = description.map(str::trim).filter(|d| !d.is_empty() && !d.eq_ignore_ascii_case("NA"));
    let mapped = reason.and_then(mapping::reason);
    let unified = match (http_status, mapped) {
        // The credentials were refused, whatever else the body says.
        (401, _) => mapping::error_type(401, code),
        (_, Some((u, _))) => u,
        _ => mapping::error_type(http_status, code),
    };
    ErrorInfo {
        code: unified,
        message: match description {
            Some(d) => format!("{what}: {d}"),
            None => what.to_string(),
        },
        connector_code: code.map(str::to_string),
        connector_message: description.map(str::to_string),
        decline_code: reason.map(str::to_string),
        advice_code: None,
        decline_type: mapped.and_then(|(_, d)| d),
    }
}

/// What a call that got no readable answer means: the processor may have acted.
pub(super) fn no_answer(http_status: u16) -> ErrorInfo {
    ErrorInfo {
        code: crate::protocol::UnifiedErrorCode::ProcessorUnavailable,
        message: format!("no answer from Razorpay to read (HTTP {http_status}); it may have acted, sync before trying again"),
        connector_code: None,
        connector_message: None,
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

/// The unified error of a refused call (`what` says what failed), or of one with no readable answer.
pub(super) fn refusal_error(response: &HttpResponse, what: &str) -> Result<ErrorInfo, SidecarError> {
    Ok(match refused(response)? {
        Some(e) => error_info(response.status, e.code.as_deref(), e.reason.as_deref(), e.description.as_deref(), what),
        None => no_answer(response.status),
    })
}

/// How a refused payment call is read.
pub struct Refusal<'a> {
    /// The payment asked about (psync, capture): named even when the call fails.
    pub known_id: Option<&'a str>,
    /// A read (psync): a refusal says nothing about the payment.
    pub read_only: bool,
    /// What a refused call leaves the payment in.
    pub refused: PaymentStatus,
    pub what: &'static str,
}

pub(super) fn refused_payment(response: &HttpResponse, how: &Refusal) -> Result<PaymentResult, SidecarError> {
    let error = refused(response)?;
    let unknown = error.is_none() || response.status >= 500 || response.status == 429;
    let status = if unknown || how.read_only { PaymentStatus::Unresolved } else { how.refused };
    let mut result = PaymentResult::new(status, response.status);
    result.connector_transaction_id = error
        .as_ref()
        .and_then(|e| e.metadata.as_ref())
        .and_then(|m| present_owned(&m.payment_id))
        .or_else(|| how.known_id.map(str::to_string));
    result.error = Some(match &error {
        Some(e) => error_info(response.status, e.code.as_deref(), e.reason.as_deref(), e.description.as_deref(), how.what),
        None => no_answer(response.status),
    });
    Ok(result)
}

/// The first call of authorize: the order. Answers `started` with the order id in `state`, and
/// `continueWith: authorize` for PaymentsClient to send the payment.
pub fn parse_order(response: &HttpResponse, state_in: &ConnectorState, flow: &str) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        // No order, so no payment: nothing was charged (a 5xx: the order may exist, but holds no money).
        let how = Refusal { known_id: None, read_only: false, refused: PaymentStatus::Failure, what: "Razorpay refused the order" };
        let mut result = refused_payment(response, &how)?;
        if result.status == PaymentStatus::Unresolved {
            result.status = PaymentStatus::Failure;
        }
        return Ok(result);
    }
    let order: Order = response.json()?;
    let id = present_owned(&order.id)
        .ok_or_else(|| SidecarError::undeserializable(response.status, &response.body, "Razorpay's order has no id"))?;
    let mut result = PaymentResult::new(PaymentStatus::Started, response.status);
    result.connector_status = present_owned(&order.status);
    let mut state = state_in.clone();
    state.insert(STATE_ORDER.to_string(), id);
    state.insert(STATE_CONTINUE.to_string(), flow.to_string());
    result.state = Some(state);
    Ok(result)
}

/// The second call of authorize: the S2S payment on the order.
pub fn parse_payment_created(response: &HttpResponse, order_id: &str) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        let how = Refusal { known_id: None, read_only: false, refused: PaymentStatus::Failure, what: "Razorpay refused the payment" };
        let mut result = refused_payment(response, &how)?;
        result.state = Some(order_state(order_id));
        return Ok(result);
    }
    let created: PaymentCreated = response.json()?;
    let id = present_owned(&created.razorpay_payment_id)
        .ok_or_else(|| SidecarError::undeserializable(response.status, &response.body, "Razorpay's answer has no razorpay_payment_id"))?;
    let action = |name: &str| {
        created
            .next
            .iter()
            .find(|n| n.action.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(name)))
            .and_then(|n| present_owned(&n.url))
    };
    // The shopper acts next (a 3-D Secure or bank page, their UPI app); psync or a webhook tells
    // the outcome. With no `next` at all, the payment is being processed.
    let mut result = PaymentResult::new(PaymentStatus::AuthenticationPending, response.status);
    if let Some(url) = action("redirect").or_else(|| action("intent")) {
        result.redirection = Some(Redirection { url: url.clone(), method: RedirectMethod::GET, form: None });
        let mut next = NextAction::new(NextActionType::Redirect);
        next.url = Some(url);
        result.next_action = Some(next);
    } else if action("poll").is_some() {
        result.next_action = Some(NextAction::new(NextActionType::AwaitApproval));
    } else {
        result.status = PaymentStatus::Pending;
    }
    result.connector_transaction_id = Some(id);
    result.state = Some(order_state(order_id));
    Ok(result)
}

/// The UPI AutoPay authorisation payment's answer (`POST /v1/payments/create/upi`):
/// `razorpay_payment_id` alone for collect (the mandate request is in the shopper's UPI app), with
/// `link` (`upi://mandate?...`) for intent: the shopper opens it on their phone, or scans it as a QR
/// code. Either way the shopper approves next; psync reads the outcome and the token.
pub fn parse_upi_created(response: &HttpResponse, order_id: &str) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        let how = Refusal { known_id: None, read_only: false, refused: PaymentStatus::Failure, what: "Razorpay refused the UPI AutoPay authorisation payment" };
        let mut result = refused_payment(response, &how)?;
        result.state = Some(order_state(order_id));
        return Ok(result);
    }
    let created: PaymentCreated = response.json()?;
    let id = present_owned(&created.razorpay_payment_id)
        .ok_or_else(|| SidecarError::undeserializable(response.status, &response.body, "Razorpay's answer has no razorpay_payment_id"))?;
    let mut result = PaymentResult::new(PaymentStatus::AuthenticationPending, response.status);
    match present_owned(&created.link) {
        Some(link) => {
            result.redirection = Some(Redirection { url: link.clone(), method: RedirectMethod::GET, form: None });
            let mut next = NextAction::new(NextActionType::Redirect);
            next.url = Some(link);
            result.next_action = Some(next);
        }
        None => result.next_action = Some(NextAction::new(NextActionType::AwaitApproval)),
    }
    result.connector_transaction_id = Some(id);
    result.state = Some(order_state(order_id));
    Ok(result)
}

pub(super) fn order_state(order_id: &str) -> ConnectorState {
    let mut state = ConnectorState::new();
    state.insert(STATE_ORDER.to_string(), order_id.to_string());
    state
}

/// A payment entity (psync, capture), or the refusal.
pub fn parse_payment(response: &HttpResponse, how: &Refusal) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        return refused_payment(response, how);
    }
    let p: Payment = response.json()?;
    let word = p.status.as_deref().map(str::trim).unwrap_or("");
    let status = mapping::payment_status(word).ok_or_else(|| {
        SidecarError::undeserializable(response.status, &response.body, "Razorpay's payment has a status this connector does not know")
    })?;
    Ok(payment_result(&p, status, response.status, how.known_id))
}

/// The unified result of a payment entity in `status`.
pub fn payment_result(p: &Payment, status: PaymentStatus, http_status: u16, known_id: Option<&str>) -> PaymentResult {
    let mut result = PaymentResult::new(status, http_status);
    result.connector_transaction_id = present_owned(&p.id).or_else(|| known_id.map(str::to_string));
    result.connector_status = present_owned(&p.status);
    if status == PaymentStatus::Charged {
        result.amount_captured = money(p.amount, p.currency.as_deref());
    }
    // The bank's reference of the payment (RRN), when it gave one.
    result.network_transaction_id = p.acquirer_data.as_ref().and_then(|a| a.get("rrn")).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    if let Some(order) = present_owned(&p.order_id) {
        result.state = Some(order_state(&order));
    }
    // The token of a recurring authorisation payment exists once the shopper approved it: Razorpay
    // names it on the payment ("Fetch token by payment id"), with its customer.
    if matches!(status, PaymentStatus::Authorized | PaymentStatus::Charged) {
        if let Some(token) = present_owned(&p.token_id) {
            result.mandate_reference = Some(token);
            result.connector_customer_id = present_owned(&p.customer_id);
        }
    }
    if status == PaymentStatus::Failure {
        result.error = Some(error_info(
            http_status,
            p.error_code.as_deref(),
            p.error_reason.as_deref(),
            p.error_description.as_deref(),
            "Razorpay declined the payment",
        ));
    }
    result
}

/// An amount Razorpay gives (its subunits are the ISO minor units), as unified money.
pub fn money(amount: Option<i64>, currency: Option<&str>) -> Option<Money> {
    let currency = currency.map(str::trim).filter(|c| !c.is_empty())?;
    crate::kit::money::iso_exponent(currency)?;
    Some(Money { minor_amount: amount?, currency: currency.to_string() })
}

/// A refund entity (refund, rsync), or the refusal.
pub fn parse_refund(response: &HttpResponse, read_only: bool, known_id: Option<&str>) -> Result<RefundResult, SidecarError> {
    if !response.is_success() {
        let error = refused(response)?;
        // A refused refund was not made; an unreadable answer or a 5xx may hide one that was,
        // and a refused read says nothing: pending (sync again, or retry with the same key).
        let unknown = error.is_none() || response.status >= 500 || response.status == 429 || read_only;
        let mut result = RefundResult::new(if unknown { RefundStatus::Pending } else { RefundStatus::Failure }, response.status);
        result.connector_refund_id = known_id.map(str::to_string);
        let what = if read_only { "Razorpay could not read the refund" } else { "Razorpay refused the refund" };
        result.error = Some(match &error {
            Some(e) => error_info(response.status, e.code.as_deref(), e.reason.as_deref(), e.description.as_deref(), what),
            None => no_answer(response.status),
        });
        return Ok(result);
    }
    let r: Refund = response.json()?;
    let word = r.status.as_deref().map(str::trim).unwrap_or("");
    let status = mapping::refund_status(word).ok_or_else(|| {
        SidecarError::undeserializable(response.status, &response.body, "Razorpay's refund has a status this connector does not know")
    })?;
    let mut result = RefundResult::new(status, response.status);
    result.connector_refund_id = present_owned(&r.id).or_else(|| known_id.map(str::to_string));
    result.connector_status = present_owned(&r.status);
    result.refund_amount = money(r.amount, r.currency.as_deref());
    if status == RefundStatus::Failure {
        result.error = Some(error_info(response.status, None, None, None, "Razorpay could not make the refund"));
    }
    Ok(result)
}

//! PayPal's response types (only the fields we read; PayPal adds fields freely) and their reading
//! into unified results. A success is 2xx with the resource (order, authorization, capture,
//! refund); a failure is 4xx/5xx with `{name, message, debug_id, details: [{field, issue,
//! description}]}`, or, from the OAuth endpoint, `{error, error_description}`. A declined card
//! comes back either as 422 UNPROCESSABLE_ENTITY (issue INSTRUMENT_DECLINED, ...) or as a created
//! order whose authorization is DENIED / capture DECLINED with `processor_response`.

use crate::kit::text::present_owned;
use super::mapping::{authorization_status, capture_status, currency_decimals, error_code, order_status, processor_code, refund_status};
use super::{OBJECT_AUTHORIZATION, OBJECT_CAPTURE, OBJECT_ORDER, STATE_OBJECT, STATE_ORDER_ID};
use crate::kit::mask::scrub_text;
use crate::kit::access_token;
use crate::kit::money::{iso_minor_units_from, parse_decimal_string};
use super::requests::VaultedSource;
use super::{OBJECT_SETUP_TOKEN, STATE_PAYMENT_SOURCE};
use crate::protocol::{
    AccessTokenResult, ConnectorState, ErrorInfo, HttpResponse, Money, PaymentResult, PaymentStatus,
    RedirectMethod, Redirection, RefundResult, RefundStatus, SidecarError, WebhookVerificationResult,
};
use serde::Deserialize;

#[derive(Debug, Deserialize, Clone, Default)]
pub struct PayPalErrorDetail {
    pub field: Option<String>,
    pub issue: Option<String>,
    pub description: Option<String>,
}

/// PayPal's error body, and the OAuth endpoint's (`error`, `error_description`).
#[derive(Debug, Deserialize, Default)]
pub struct PayPalError {
    pub name: Option<String>,
    pub message: Option<String>,
    pub debug_id: Option<String>,
    #[serde(default)]
    pub details: Vec<PayPalErrorDetail>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
pub struct PayPalMoneyResponse {
    pub currency_code: Option<String>,
    pub value: Option<String>,
}

impl PayPalMoneyResponse {
    /// PayPal's decimal string → unified ISO minor units; None for a currency PayPal does not
    /// list or a value with more decimals than PayPal uses for it.
    pub fn to_unified(&self) -> Option<Money> {
        let currency = self.currency_code.as_deref()?.to_ascii_uppercase();
        let decimals = currency_decimals(&currency)?;
        let amount = parse_decimal_string(self.value.as_deref()?, decimals)?;
        iso_minor_units_from(amount, &currency, decimals)
    }
}

#[derive(Debug, Deserialize, Clone)]
pub struct ProcessorResponse {
    pub response_code: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
pub struct NetworkTransactionReference {
    pub id: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
pub struct StatusDetails {
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
pub struct RelatedIds {
    pub order_id: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
pub struct SupplementaryData {
    pub related_ids: Option<RelatedIds>,
}

/// An authorization or a capture (the same reading fields).
#[derive(Debug, Deserialize, Clone)]
pub struct PayPalPayment {
    pub id: Option<String>,
    /// The merchant's reference (this connector sends merchantTransactionId in it).
    pub custom_id: Option<String>,
    pub status: Option<String>,
    pub status_details: Option<StatusDetails>,
    pub amount: Option<PayPalMoneyResponse>,
    pub processor_response: Option<ProcessorResponse>,
    pub network_transaction_reference: Option<NetworkTransactionReference>,
    pub supplementary_data: Option<SupplementaryData>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Payments {
    #[serde(default)]
    pub authorizations: Vec<PayPalPayment>,
    #[serde(default)]
    pub captures: Vec<PayPalPayment>,
}

#[derive(Debug, Deserialize)]
pub struct PurchaseUnitResponse {
    pub custom_id: Option<String>,
    pub payments: Option<Payments>,
}

#[derive(Debug, Deserialize)]
pub struct Link {
    pub href: Option<String>,
    pub rel: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct PayPalOrder {
    pub id: Option<String>,
    pub status: Option<String>,
    #[serde(default)]
    pub purchase_units: Vec<PurchaseUnitResponse>,
    #[serde(default)]
    pub links: Vec<Link>,
}

#[derive(Debug, Deserialize)]
pub struct PayPalRefund {
    pub id: Option<String>,
    /// The merchant's refund reference (this connector sends merchantRefundId in it).
    pub invoice_id: Option<String>,
    #[serde(default)]
    pub links: Vec<Link>,
    pub status: Option<String>,
    pub status_details: Option<StatusDetails>,
    pub amount: Option<PayPalMoneyResponse>,
}

#[derive(Debug, Deserialize)]
pub struct PayPalToken {
    pub access_token: Option<String>,
    pub token_type: Option<String>,
    pub expires_in: Option<u64>,
}

/// Which call a payment response answers: the same body means different things after each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentCall {
    /// Create order (authorize).
    CreateOrder,
    /// Authorize or capture an approved order (completeAuthorize).
    CompleteOrder,
    /// Show order / authorization / capture (psync).
    Get,
    /// Capture an authorization.
    Capture,
    /// Void an authorization.
    Void,
}

impl PaymentCall {
    /// The status when PayPal refused the call with a 4xx, without the payment's state.
    fn refused(self) -> PaymentStatus {
        match self {
            // Nothing was created: no money moved.
            PaymentCall::CreateOrder | PaymentCall::CompleteOrder => PaymentStatus::Failure,
            // We could not read the status: that says nothing about the payment.
            PaymentCall::Get => PaymentStatus::Unresolved,
            PaymentCall::Capture => PaymentStatus::CaptureFailed,
            PaymentCall::Void => PaymentStatus::VoidFailed,
        }
    }

    fn what(self) -> &'static str {
        match self {
            PaymentCall::CreateOrder => "create the order",
            PaymentCall::CompleteOrder => "complete the approved order",
            PaymentCall::Get => "report the payment",
            PaymentCall::Capture => "capture the authorization",
            PaymentCall::Void => "void the authorization",
        }
    }
}

/// The unified error of a PayPal error body. The first detail's `issue` is the specific reason.
pub fn error_info(http_status: u16, e: &PayPalError, what: &str) -> ErrorInfo {
    let first = e.details.first().cloned().unwrap_or_default();
    let name = present_owned(&e.name).or_else(|| present_owned(&e.error));
    let issue = present_owned(&first.issue);
    let (code, decline_type) = error_code(http_status, name.as_deref(), issue.as_deref());
    let connector_code = issue.clone().or_else(|| name.clone());
    let connector_message = present_owned(&first.description).or_else(|| present_owned(&e.message)).or_else(|| present_owned(&e.error_description));
    let mut message = format!("PayPal could not {what}");
    match (&name, &issue) {
        (Some(n), Some(i)) => message.push_str(&format!(": {n} / {i}")),
        (Some(n), None) => message.push_str(&format!(": {n}")),
        (None, Some(i)) => message.push_str(&format!(": {i}")),
        (None, None) => message.push_str(&format!(" (HTTP {http_status})")),
    }
    if let Some(m) = &connector_message {
        message.push_str(&format!(" ({m})"));
    }
    if let Some(f) = present_owned(&first.field) {
        message.push_str(&format!(" [field {f}]"));
    }
    if let Some(d) = present_owned(&e.debug_id) {
        message.push_str(&format!(" [debug_id {d}]"));
    }
    ErrorInfo {
        code,
        message: scrub_text(&message),
        connector_code,
        connector_message: connector_message.map(|m| scrub_text(&m)),
        decline_code: None,
        advice_code: None,
        decline_type,
    }
}

/// The error of a declined authorization or capture: its processor response code.
fn decline_info(p: &PayPalPayment, object: &str) -> ErrorInfo {
    let code = p.processor_response.as_ref().and_then(|r| present_owned(&r.response_code));
    let (unified, decline_type) = processor_code(code.as_deref());
    let status = p.status.clone().unwrap_or_default();
    let reason = p.status_details.as_ref().and_then(|d| present_owned(&d.reason));
    let mut message = format!("PayPal {object} {status}");
    if let Some(c) = &code {
        message.push_str(&format!(": processor response {c}"));
    }
    if let Some(r) = &reason {
        message.push_str(&format!(" ({r})"));
    }
    ErrorInfo {
        code: unified,
        message,
        connector_code: code.or(Some(status)),
        connector_message: reason,
        decline_code: None,
        advice_code: None,
        decline_type: Some(decline_type),
    }
}

pub(super) fn state(object: &str, order_id: Option<String>) -> ConnectorState {
    let mut s = ConnectorState::new();
    s.insert(STATE_OBJECT.to_string(), object.to_string());
    if let Some(o) = order_id {
        s.insert(STATE_ORDER_ID.to_string(), o);
    }
    s
}

/// A result from an authorization or capture object.
pub(super) fn from_payment(p: &PayPalPayment, object: &str, order_id: Option<String>, http_status: u16, call: PaymentCall) -> PaymentResult {
    let mut status = if object == OBJECT_CAPTURE { capture_status(p.status.as_deref()) } else { authorization_status(p.status.as_deref()) };
    if call == PaymentCall::Capture && status == PaymentStatus::Failure {
        status = PaymentStatus::CaptureFailed;
    }
    let mut r = PaymentResult::new(status, http_status);
    r.connector_transaction_id = present_owned(&p.id);
    r.connector_status = present_owned(&p.status);
    r.network_transaction_id = p.network_transaction_reference.as_ref().and_then(|n| present_owned(&n.id));
    let order_id = order_id.or_else(|| {
        p.supplementary_data.as_ref().and_then(|s| s.related_ids.as_ref()).and_then(|ids| present_owned(&ids.order_id))
    });
    r.state = Some(state(object, order_id));
    if object == OBJECT_CAPTURE && matches!(status, PaymentStatus::Charged | PaymentStatus::Pending) {
        r.amount_captured = p.amount.as_ref().and_then(PayPalMoneyResponse::to_unified);
    }
    if matches!(status, PaymentStatus::Failure | PaymentStatus::CaptureFailed) {
        r.error = Some(decline_info(p, object));
    }
    r
}

/// A result from an order: its capture (if any), else its authorization, else the order itself
/// (awaiting the payer: a redirect to the payer-action link).
pub(super) fn from_order(order: PayPalOrder, http_status: u16, call: PaymentCall) -> PaymentResult {
    let order_id = present_owned(&order.id);
    let payments = order.purchase_units.into_iter().next().and_then(|u| u.payments).unwrap_or_default();
    // The latest capture says where the money is; before any, the authorization does.
    if let Some(c) = payments.captures.last() {
        return from_payment(c, OBJECT_CAPTURE, order_id, http_status, call);
    }
    if let Some(a) = payments.authorizations.last() {
        return from_payment(a, OBJECT_AUTHORIZATION, order_id, http_status, call);
    }
    let status = order_status(order.status.as_deref());
    let mut r = PaymentResult::new(status, http_status);
    r.connector_transaction_id = order_id.clone();
    r.connector_status = present_owned(&order.status);
    r.state = Some(state(OBJECT_ORDER, order_id));
    if status == PaymentStatus::AuthenticationPending {
        // `payer-action` for orders created with a payment_source (this connector); `approve`
        // for orders created without one.
        let link = ["payer-action", "approve"]
            .iter()
            .find_map(|rel| order.links.iter().find(|l| l.rel.as_deref() == Some(*rel)).and_then(|l| present_owned(&l.href)));
        r.redirection = link.map(|url| Redirection { url, method: RedirectMethod::GET, form: None });
    }
    if status == PaymentStatus::Charged {
        // COMPLETED without a capture or authorization in it: nothing to say where the money is.
        r.status = PaymentStatus::Unresolved;
    }
    r
}

/// The body of an error response: PayPal's JSON, or (5xx from a proxy, HTML) nothing.
fn error_body(response: &HttpResponse) -> Result<PayPalError, SidecarError> {
    if response.status >= 500 || response.body.trim().is_empty() {
        return Ok(response.json().unwrap_or_default());
    }
    response.json()
}

/// A result for a 4xx/5xx answer to `call`.
fn refused_payment(response: &HttpResponse, call: PaymentCall, known_id: Option<&str>) -> Result<PaymentResult, SidecarError> {
    let e = error_body(response)?;
    let error = error_info(response.status, &e, call.what());
    let issue = e.details.first().and_then(|d| d.issue.clone()).unwrap_or_default();
    let status = if response.status >= 500 {
        // PayPal may have done it before failing: only a status read can tell.
        PaymentStatus::Unresolved
    } else if call == PaymentCall::Void && matches!(issue.as_str(), "AUTHORIZATION_VOIDED" | "PREVIOUSLY_VOIDED") {
        // A void retried without the first call's PayPal-Request-Id is answered with this: voided.
        PaymentStatus::Voided
    } else if call == PaymentCall::CompleteOrder
        && matches!(issue.as_str(), "ORDER_ALREADY_AUTHORIZED" | "ORDER_ALREADY_CAPTURED" | "ORDER_COMPLETION_IN_PROGRESS")
    {
        // The order was completed by an earlier call: the money may be held or taken; psync says which.
        PaymentStatus::Unresolved
    } else if call == PaymentCall::CreateOrder && response.status == 409 {
        // A PayPal-Request-Id reused while the first call runs: the first may still succeed.
        PaymentStatus::Unresolved
    } else {
        call.refused()
    };
    let mut r = PaymentResult::new(status, response.status);
    r.connector_transaction_id = known_id.map(str::to_string);
    r.error = Some(error);
    Ok(r)
}

/// Reads an order (create order, complete order, show order).
pub fn parse_order(response: &HttpResponse, call: PaymentCall, known_id: Option<&str>) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        return refused_payment(response, call, known_id);
    }
    let order: PayPalOrder = response.json()?;
    if order.id.is_none() && order.status.is_none() {
        return Err(SidecarError::undeserializable(response.status, &response.body, "a success without an order"));
    }
    let mut r = from_order(order, response.status, call);
    if r.connector_transaction_id.is_none() {
        r.connector_transaction_id = known_id.map(str::to_string);
    }
    Ok(r)
}

/// Reads an authorization or capture object (show, capture, void).
pub fn parse_payment_object(
    response: &HttpResponse,
    call: PaymentCall,
    object: &str,
    known_id: &str,
) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        return refused_payment(response, call, Some(known_id));
    }
    if call == PaymentCall::Void && response.body.trim().is_empty() {
        // 204 No Content: PayPal's minimal answer to a successful void.
        let mut r = PaymentResult::new(PaymentStatus::Voided, response.status);
        r.connector_transaction_id = Some(known_id.to_string());
        r.connector_status = Some("VOIDED".into());
        r.state = Some(state(OBJECT_AUTHORIZATION, None));
        return Ok(r);
    }
    let p: PayPalPayment = response.json()?;
    if p.id.is_none() && p.status.is_none() {
        return Err(SidecarError::undeserializable(response.status, &response.body, "a success without an id or status"));
    }
    let mut r = from_payment(&p, object, None, response.status, call);
    if r.connector_transaction_id.is_none() {
        r.connector_transaction_id = Some(known_id.to_string());
    }
    Ok(r)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundCall {
    Create,
    Get,
}

pub fn parse_refund(response: &HttpResponse, call: RefundCall, known_id: Option<&str>) -> Result<RefundResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response)?;
        let what = if call == RefundCall::Create { "refund the capture" } else { "report the refund" };
        // A refused refund call created nothing; a 5xx or a failed read says nothing about the
        // refund, which stays pending (reporting failure could invite a second refund).
        let status = if call == RefundCall::Create && response.status < 500 { RefundStatus::Failure } else { RefundStatus::Pending };
        let mut r = RefundResult::new(status, response.status);
        r.connector_refund_id = known_id.map(str::to_string);
        r.error = Some(error_info(response.status, &e, what));
        return Ok(r);
    }
    let refund: PayPalRefund = response.json()?;
    if refund.id.is_none() && refund.status.is_none() {
        return Err(SidecarError::undeserializable(response.status, &response.body, "a success without a refund"));
    }
    let status = refund_status(refund.status.as_deref());
    let mut r = RefundResult::new(status, response.status);
    r.connector_refund_id = present_owned(&refund.id).or_else(|| known_id.map(str::to_string));
    r.connector_status = present_owned(&refund.status);
    r.refund_amount = refund.amount.as_ref().and_then(PayPalMoneyResponse::to_unified);
    if status == RefundStatus::Failure {
        let reason = refund.status_details.as_ref().and_then(|d| present_owned(&d.reason));
        r.error = Some(ErrorInfo {
            code: crate::protocol::UnifiedErrorCode::ProcessingError,
            message: format!(
                "PayPal refund {}{}",
                refund.status.as_deref().unwrap_or(""),
                reason.as_deref().map(|x| format!(" ({x})")).unwrap_or_default()
            ),
            connector_code: present_owned(&refund.status),
            connector_message: reason,
            decline_code: None,
            advice_code: None,
            decline_type: None,
        });
    }
    Ok(r)
}

/// `POST /v1/oauth2/token` → the access token in `state`. The token never appears in an error.
pub fn parse_token(response: &HttpResponse) -> Result<AccessTokenResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response)?;
        return Ok(AccessTokenResult::failure(error_info(response.status, &e, "issue an access token"), response.status));
    }
    let t: PayPalToken = access_token::read_answer(response, "the token response")?;
    let token = access_token::require_token(t.access_token, response, "the token response", "access_token")?;
    if let Some(kind) = t.token_type.as_deref() {
        if !kind.eq_ignore_ascii_case("Bearer") {
            return Err(SidecarError::undeserializable(response.status, "", "the token is not a Bearer token"));
        }
    }
    let state = ConnectorState::from([(super::STATE_ACCESS_TOKEN.to_string(), token)]);
    Ok(AccessTokenResult::issued(state, t.expires_in, response.status))
}

// ---------- Vault v3 ----------

#[derive(Debug, Deserialize, Default)]
pub struct VaultCustomerResponse {
    pub id: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct CardVerification {
    pub network_transaction_id: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct VaultedCardResponse {
    pub verification_status: Option<String>,
    pub verification: Option<CardVerification>,
    pub network_transaction_reference: Option<NetworkTransactionReference>,
}

#[derive(Debug, Deserialize, Default)]
pub struct VaultPaymentSource {
    pub card: Option<VaultedCardResponse>,
    pub paypal: Option<serde_json::Value>,
}

/// A payment token or a setup token (the fields we read are the same).
#[derive(Debug, Deserialize)]
pub struct VaultToken {
    pub id: Option<String>,
    pub status: Option<String>,
    pub customer: Option<VaultCustomerResponse>,
    pub payment_source: Option<VaultPaymentSource>,
    #[serde(default)]
    pub links: Vec<Link>,
}

fn vault_refused(response: &HttpResponse, what: &str) -> Result<PaymentResult, SidecarError> {
    let e = error_body(response)?;
    let issue = e.details.first().and_then(|d| d.issue.as_deref()).unwrap_or_default();
    // A 5xx may have saved it: only a read (or the VAULT.PAYMENT-TOKEN.CREATED webhook) can tell.
    // SETUP_TOKEN_ALREADY_TOKENIZED: an earlier call made the payment token (a retry without
    // that call's PayPal-Request-Id): it exists, this answer does not name it.
    let status = if response.status >= 500 || issue == "SETUP_TOKEN_ALREADY_TOKENIZED" {
        PaymentStatus::Unresolved
    } else {
        PaymentStatus::Failure
    };
    let mut r = PaymentResult::new(status, response.status);
    r.error = Some(error_info(response.status, &e, what));
    Ok(r)
}

/// `POST /v3/vault/payment-tokens` → the saved payment method: `mandateReference` is the payment
/// token (what repeatPayment charges), `connectorCustomerId` PayPal's customer it lives under, and
/// `state.paymentSource` says what it holds (`card` or `paypal`), which repeatPayment needs.
pub fn parse_payment_token(response: &HttpResponse, saved: Option<VaultedSource>) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        return vault_refused(response, "save the payment method");
    }
    let token: VaultToken = response.json()?;
    let id = present_owned(&token.id)
        .ok_or_else(|| SidecarError::undeserializable(response.status, &response.body, "a payment token without an id"))?;
    let source = token.payment_source.unwrap_or_default();
    let kind = match (&source.card, &source.paypal) {
        (Some(_), _) => Some(VaultedSource::Card),
        (None, Some(_)) => Some(VaultedSource::PayPal),
        _ => saved,
    };
    let mut r = PaymentResult::new(PaymentStatus::Charged, response.status);
    r.mandate_reference = Some(id.clone());
    r.connector_transaction_id = Some(id);
    r.connector_customer_id = token.customer.as_ref().and_then(|c| present_owned(&c.id));
    if let Some(card) = &source.card {
        r.connector_status = present_owned(&card.verification_status);
        r.network_transaction_id = card
            .verification
            .as_ref()
            .and_then(|v| present_owned(&v.network_transaction_id))
            .or_else(|| card.network_transaction_reference.as_ref().and_then(|n| present_owned(&n.id)));
    }
    let mut state = ConnectorState::new();
    if let Some(k) = kind {
        state.insert(STATE_PAYMENT_SOURCE.to_string(), k.as_str().to_string());
    }
    r.state = Some(state);
    Ok(r)
}

/// A setup token's `status`: the payer has yet to approve it, or it is ready to become a
/// payment token (completeAuthorize). Anything else says nothing we can act on.
const SETUP_TOKEN_STATUSES: &[(&str, PaymentStatus)] = &[
    ("CREATED", PaymentStatus::Started),
    ("PAYER_ACTION_REQUIRED", PaymentStatus::AuthenticationPending),
    ("APPROVED", PaymentStatus::AuthenticationSuccessful),
];

/// `POST /v3/vault/setup-tokens` (setupMandate, PayPal wallet) and `GET` of one (psync): the
/// payer approves at the `approve` link; `connectorTransactionId` is the setup token, which
/// completeAuthorize turns into the payment token.
pub fn parse_setup_token(response: &HttpResponse) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        return vault_refused(response, "create the setup token");
    }
    let token: VaultToken = response.json()?;
    let id = present_owned(&token.id)
        .ok_or_else(|| SidecarError::undeserializable(response.status, &response.body, "a setup token without an id"))?;
    let status = SETUP_TOKEN_STATUSES
        .iter()
        .find(|(k, _)| Some(*k) == token.status.as_deref())
        .map(|(_, s)| *s)
        .unwrap_or(PaymentStatus::Unresolved);
    let mut r = PaymentResult::new(status, response.status);
    r.connector_transaction_id = Some(id);
    r.connector_status = present_owned(&token.status);
    r.connector_customer_id = token.customer.as_ref().and_then(|c| present_owned(&c.id));
    if status == PaymentStatus::AuthenticationPending {
        r.redirection = token
            .links
            .iter()
            .find(|l| l.rel.as_deref() == Some("approve"))
            .and_then(|l| present_owned(&l.href))
            .map(|url| Redirection { url, method: RedirectMethod::GET, form: None });
    }
    let mut state = ConnectorState::new();
    state.insert(STATE_OBJECT.to_string(), OBJECT_SETUP_TOKEN.to_string());
    state.insert(STATE_PAYMENT_SOURCE.to_string(), VaultedSource::PayPal.as_str().to_string());
    r.state = Some(state);
    Ok(r)
}

#[derive(Debug, Deserialize)]
struct VerificationResponse {
    verification_status: Option<String>,
}

/// `POST /v1/notifications/verify-webhook-signature` → whether PayPal vouches for the webhook,
/// bound to the body asked about (`body_sha256`). A refused call is not a FAILURE: nothing is known.
pub fn parse_verification(response: &HttpResponse, body_sha256: String) -> Result<WebhookVerificationResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response)?;
        let error = error_info(response.status, &e, "verify the webhook signature");
        return Ok(WebhookVerificationResult {
            verified: false,
            reason: Some(format!("the verification call failed, so nothing is known of the webhook: {}", error.message)),
            body_sha256,
            error: Some(error),
            http_status: response.status,
        });
    }
    let v: VerificationResponse = response.json()?;
    let (verified, reason) = match v.verification_status.as_deref() {
        Some("SUCCESS") => (true, None),
        Some("FAILURE") => (
            false,
            Some("PayPal says the signature does not match this body and webhook id (verification_status FAILURE)".to_string()),
        ),
        _ => return Err(SidecarError::undeserializable(response.status, &response.body, "no verification_status SUCCESS or FAILURE")),
    };
    Ok(WebhookVerificationResult { verified, reason, body_sha256, error: None, http_status: response.status })
}

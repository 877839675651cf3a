//! Cybersource's response bodies (only the fields we read) and their reading into unified
//! results. Shapes:
//! - 201 from `/pts/v2/...`: `{id, status, errorInformation?: {reason, message}, orderInformation,
//!   processorInformation, refundAmountDetails?, ...}`; a decline is a 201 with status DECLINED.
//! - 400: `{status: "INVALID_REQUEST", reason, message, details: [{field, reason}]}`.
//! - 401: `{response: {rmsg: "Authentication Failed"}}` (a bad signature or key).
//! - 502: `{status: "SERVER_ERROR", reason: "SYSTEM_ERROR" | "SERVER_TIMEOUT" | ..., message}`:
//!   the outcome is unknown (SERVER_TIMEOUT: "the request was received but there was a server
//!   timeout"), so the payment is `unresolved`.
//! - 200 from Transaction Details `/tss/v2/transactions/{id}`: `{id, applicationInformation:
//!   {status, rCode, rFlag, applications: [{name, rCode, rFlag, reasonCode}]}, orderInformation}`.

use crate::kit::text::present_owned;
use super::mapping::{authorization_status, capture_status, error_code, r_flag_code, refund_status, reversal_status};
use crate::kit::mask::scrub_text;
use crate::kit::money::{iso_exponent, parse_decimal_string};
use crate::protocol::{
    CustomerResult, CustomerStatus, ErrorInfo, HttpResponse, Money, PaymentResult, PaymentStatus, RefundResult, RefundStatus, SidecarError,
    UnifiedErrorCode,
};
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ErrorInformation {
    pub reason: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AmountDetails {
    pub total_amount: Option<String>,
    pub authorized_amount: Option<String>,
    pub currency: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct OrderInformation {
    pub amount_details: Option<AmountDetails>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ProcessorInformation {
    pub network_transaction_id: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RefundAmountDetails {
    pub refund_amount: Option<String>,
    pub currency: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Detail {
    pub field: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct AuthFailure {
    pub rmsg: Option<String>,
}

/// A TMS token in an answer (`tokenInformation.customer`, `...paymentInstrument`).
#[derive(Debug, Deserialize, Default)]
pub struct Token {
    pub id: Option<String>,
}

/// `tokenInformation` of an authorization with `actionList: ["TOKEN_CREATE"]`: the tokens made.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TokenInformation {
    pub customer: Option<Token>,
    pub payment_instrument: Option<Token>,
}

/// `paymentInformation` of an answer: the customer token a payment was made under.
#[derive(Debug, Deserialize, Default)]
pub struct PaymentInformationTokens {
    pub customer: Option<Token>,
}

/// Every `/pts/v2` answer, success or failure, in one type: the fields do not collide.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PtsResponse {
    pub id: Option<String>,
    pub status: Option<String>,
    /// 400 and 502 put the reason at the top level.
    pub reason: Option<String>,
    pub message: Option<String>,
    #[serde(default)]
    pub details: Vec<Detail>,
    pub error_information: Option<ErrorInformation>,
    pub order_information: Option<OrderInformation>,
    pub processor_information: Option<ProcessorInformation>,
    pub refund_amount_details: Option<RefundAmountDetails>,
    pub token_information: Option<TokenInformation>,
    pub payment_information: Option<PaymentInformationTokens>,
    /// 401's body.
    pub response: Option<AuthFailure>,
}

/// A decimal amount of Cybersource's in ISO minor units (its decimals are ISO's).
pub fn to_minor(amount: Option<&str>, currency: Option<&str>) -> Option<Money> {
    let currency = currency?.trim().to_ascii_uppercase();
    let minor = parse_decimal_string(amount?, iso_exponent(&currency)?)?;
    Some(Money { minor_amount: minor, currency })
}

/// The body, leniently for 5xx (a proxy's HTML page is no error of ours: the outcome is simply
/// unknown) and for 401/404 (their bodies are not always JSON).
fn body(response: &HttpResponse) -> Result<PtsResponse, SidecarError> {
    if response.status >= 500 || response.status == 401 || response.status == 404 || response.body.trim().is_empty() && !response.is_success() {
        return Ok(response.json().unwrap_or_default());
    }
    response.json()
}

impl PtsResponse {
    fn reason(&self) -> Option<&str> {
        self.error_information.as_ref().and_then(|e| e.reason.as_deref()).or(self.reason.as_deref())
    }

    fn message(&self) -> Option<String> {
        self.error_information
            .as_ref()
            .and_then(|e| e.message.clone())
            .or_else(|| self.message.clone())
            .or_else(|| self.response.as_ref().and_then(|r| r.rmsg.clone()))
    }

    /// The unified error, when the answer carries one (a reason, or a non-2xx status).
    fn error(&self, http_status: u16, what: &str) -> Option<ErrorInfo> {
        let reason = self.reason().map(str::to_string);
        if reason.is_none() && (200..300).contains(&http_status) && self.error_information.is_none() {
            return None;
        }
        let (code, decline_type) = error_code(http_status, reason.as_deref());
        let detail = self.message();
        let mut message = format!("Cybersource could not {what}");
        match &reason {
            Some(r) => message.push_str(&format!(": {r}")),
            None => message.push_str(&format!(" (HTTP {http_status})")),
        }
        if let Some(d) = &detail {
            message.push_str(&format!(" ({d})"));
        }
        let fields: Vec<String> = self
            .details
            .iter()
            .filter_map(|d| Some(format!("{} {}", d.field.as_deref()?, d.reason.as_deref().unwrap_or(""))))
            .collect();
        if !fields.is_empty() {
            message.push_str(&format!(" [{}]", fields.join(", ").trim()));
        }
        Some(ErrorInfo {
            code,
            message: scrub_text(&message),
            connector_code: reason,
            connector_message: detail.map(|d| scrub_text(&d)),
            decline_code: None,
            advice_code: None,
            decline_type,
        })
    }
}

/// Which call a payment answer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentCall {
    /// Process a Payment; `capture` is whether it was a sale.
    Authorize { capture: bool },
    /// Process a Payment that verifies and saves the card (setupMandate): never captured.
    Verify,
    /// Process a Payment of an eCheck (ACH) debit: a sale with no authorization step.
    Debit,
    /// Capture a Payment; `authorized` is the amount held, when the caller gave it.
    Capture,
    /// Process an Authorization Reversal (void).
    Reverse,
    /// Void a Capture or Void a Payment (reverse: a capture not yet settled).
    VoidCapture,
}

impl PaymentCall {
    fn what(self) -> &'static str {
        match self {
            PaymentCall::Authorize { .. } => "authorize the payment",
            PaymentCall::Verify => "verify and save the card",
            PaymentCall::Debit => "debit the bank account",
            PaymentCall::Capture => "capture the payment",
            PaymentCall::Reverse => "reverse (void) the authorization",
            PaymentCall::VoidCapture => "void the capture",
        }
    }

    fn status(self, status: Option<&str>) -> PaymentStatus {
        match self {
            PaymentCall::Authorize { capture } => authorization_status(status, capture),
            PaymentCall::Verify => authorization_status(status, false),
            PaymentCall::Debit => super::mapping::debit_status(status),
            PaymentCall::Capture => capture_status(status),
            PaymentCall::Reverse => reversal_status(status),
            PaymentCall::VoidCapture => super::mapping::void_status(status),
        }
    }

    /// The state after Cybersource refused the call with a 4xx: nothing happened to the money.
    fn refused(self) -> PaymentStatus {
        match self {
            PaymentCall::Authorize { .. } | PaymentCall::Verify | PaymentCall::Debit => PaymentStatus::Failure,
            PaymentCall::Capture => PaymentStatus::CaptureFailed,
            PaymentCall::Reverse | PaymentCall::VoidCapture => PaymentStatus::VoidFailed,
        }
    }
}

/// Reads a `/pts/v2/payments...` answer. `payment_id` is the authorization's id for capture and
/// void: their answers carry the capture's or reversal's own id, but the caller keeps using the
/// payment's id (psync, refund, a later capture), so that is what the result carries.
/// `authorized` is the amount held, to tell a partial capture from a full one.
pub fn parse_payment(
    response: &HttpResponse,
    call: PaymentCall,
    payment_id: Option<&str>,
    authorized: Option<&Money>,
) -> Result<PaymentResult, SidecarError> {
    let http = response.status;
    let b = body(response)?;
    let status = if response.is_success() {
        if b.status.is_none() {
            return Err(SidecarError::undeserializable(http, &response.body, "a success without a `status`"));
        }
        call.status(b.status.as_deref())
    } else if http >= 500 {
        PaymentStatus::Unresolved
    } else if http == 429 {
        // Not processed: try again later. The payment is as it was.
        call.refused()
    } else {
        call.refused()
    };
    let mut result = PaymentResult::new(status, http);
    result.connector_status = b.status.clone();
    result.connector_transaction_id = match payment_id {
        Some(id) => Some(id.to_string()),
        None => present_owned(&b.id),
    };
    result.network_transaction_id = b.processor_information.as_ref().and_then(|p| present_owned(&p.network_transaction_id));
    let amounts = b.order_information.as_ref().and_then(|o| o.amount_details.as_ref());
    if status == PaymentStatus::Charged {
        result.amount_captured = amounts.and_then(|a| {
            to_minor(a.total_amount.as_deref().or(a.authorized_amount.as_deref()), a.currency.as_deref())
        });
        if call == PaymentCall::Capture {
            if let (Some(captured), Some(held)) = (&result.amount_captured, authorized) {
                if captured.currency == held.currency && captured.minor_amount < held.minor_amount {
                    result.status = PaymentStatus::PartialCharged;
                }
            }
        }
    }
    // Pending (review) and partial authorization are not failures: their reason stays in
    // connectorStatus, not in an error that says the call failed.
    if matches!(
        result.status,
        PaymentStatus::Failure | PaymentStatus::CaptureFailed | PaymentStatus::VoidFailed | PaymentStatus::Unresolved | PaymentStatus::AuthenticationPending
    ) {
        result.error = b.error(http, call.what());
    }
    Ok(result)
}

/// Reads setupMandate's answer: the authorization's outcome, and on success the TMS payment
/// instrument as the mandate and the customer it lives under. A payment instrument made under an
/// existing customer comes back with that customer in `paymentInformation.customer`, not in
/// `tokenInformation`; the caller's own customer token is the last resort.
/// An authorization that made no payment instrument saved nothing: it is a failure, so no caller
/// stores a mandate that does not exist.
pub fn parse_setup_mandate(response: &HttpResponse, caller_customer: Option<&str>) -> Result<PaymentResult, SidecarError> {
    let mut result = parse_payment(response, PaymentCall::Verify, None, None)?;
    if result.status != PaymentStatus::Authorized {
        return Ok(result);
    }
    let b = body(response)?;
    let tokens = b.token_information.unwrap_or_default();
    let token = |t: Option<Token>| t.and_then(|t| t.id).filter(|id| !id.trim().is_empty());
    match token(tokens.payment_instrument) {
        Some(instrument) => {
            result.mandate_reference = Some(instrument);
            result.connector_customer_id = token(tokens.customer)
                .or_else(|| token(b.payment_information.and_then(|p| p.customer)))
                .or_else(|| caller_customer.map(str::to_string));
        }
        None => {
            result.status = PaymentStatus::Failure;
            result.error = Some(ErrorInfo {
                code: UnifiedErrorCode::ProcessingError,
                message: "Cybersource authorized the card but created no payment instrument token (tokenInformation), \
                          so nothing was saved; if an amount was authorized, void it"
                    .into(),
                connector_code: None,
                connector_message: None,
                decline_code: None,
                advice_code: None,
                decline_type: None,
            });
        }
    }
    Ok(result)
}

/// TMS answers its errors as `{errors: [{type, message, details: [{name, location}]}]}`;
/// the field names are what we read of the details.
#[derive(Debug, Deserialize, Default)]
pub struct TmsErrors {
    #[serde(default)]
    pub errors: Vec<TmsError>,
}

#[derive(Debug, Deserialize, Default)]
pub struct TmsError {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub message: Option<String>,
    #[serde(default)]
    pub details: Vec<TmsErrorDetail>,
}

#[derive(Debug, Deserialize, Default)]
pub struct TmsErrorDetail {
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct TmsCustomer {
    pub id: Option<String>,
}

/// Reads Create a Customer's answer (`POST /tms/v2/customers`): 201 with the customer token's
/// `id`, or TMS's error list. The body of a 401 is Cybersource's usual `{response: {rmsg}}`.
pub fn parse_customer(response: &HttpResponse) -> Result<CustomerResult, SidecarError> {
    let http = response.status;
    if response.is_success() {
        let customer: TmsCustomer = response.json()?;
        let id = customer.id.filter(|id| !id.trim().is_empty()).ok_or_else(|| {
            SidecarError::undeserializable(http, &response.body, "a created customer without an `id`")
        })?;
        return Ok(CustomerResult { status: CustomerStatus::Success, connector_customer_id: Some(id), error: None, http_status: http });
    }
    let tms: TmsErrors = response.json().unwrap_or_default();
    let first = tms.errors.first();
    let kind = first.and_then(|e| e.kind.clone());
    let detail = first.and_then(|e| e.message.clone()).or_else(|| response.json::<PtsResponse>().ok().and_then(|b| b.message()));
    let code = match (http, kind.as_deref()) {
        (_, Some("invalidRequest")) => UnifiedErrorCode::InvalidRequest,
        (_, Some("forbidden")) => UnifiedErrorCode::InvalidCredentials,
        (_, Some("notFound")) => UnifiedErrorCode::NotFound,
        (_, Some("conflict")) => UnifiedErrorCode::DuplicateTransaction,
        (_, Some("serverError")) | (_, Some("notAvailable")) => UnifiedErrorCode::ProcessorUnavailable,
        _ => error_code(http, None).0,
    };
    let mut message = format!("Cybersource could not create the customer (HTTP {http})");
    if let Some(k) = &kind {
        message.push_str(&format!(": {k}"));
    }
    if let Some(d) = &detail {
        message.push_str(&format!(" ({d})"));
    }
    let fields: Vec<&str> = first.map(|e| e.details.iter().filter_map(|d| d.name.as_deref()).collect()).unwrap_or_default();
    if !fields.is_empty() {
        message.push_str(&format!(" [{}]", fields.join(", ")));
    }
    Ok(CustomerResult {
        status: CustomerStatus::Failure,
        connector_customer_id: None,
        error: Some(ErrorInfo {
            code,
            message: scrub_text(&message),
            connector_code: kind,
            connector_message: detail.map(|d| scrub_text(&d)),
            decline_code: None,
            advice_code: None,
            decline_type: None,
        }),
        http_status: http,
    })
}

/// Reads Refund a Payment's answer.
pub fn parse_refund(response: &HttpResponse) -> Result<RefundResult, SidecarError> {
    let http = response.status;
    let b = body(response)?;
    let status = if response.is_success() {
        if b.status.is_none() {
            return Err(SidecarError::undeserializable(http, &response.body, "a success without a `status`"));
        }
        refund_status(b.status.as_deref())
    } else if http >= 500 {
        // Unknown outcome: `pending`, to be checked with rsync, never `failure` (a second refund).
        RefundStatus::Pending
    } else {
        RefundStatus::Failure
    };
    let mut result = RefundResult::new(status, http);
    result.connector_refund_id = present_owned(&b.id);
    result.connector_status = b.status.clone();
    result.refund_amount = b
        .refund_amount_details
        .as_ref()
        .and_then(|r| to_minor(r.refund_amount.as_deref(), r.currency.as_deref()))
        .or_else(|| {
            let a = b.order_information.as_ref()?.amount_details.as_ref()?;
            to_minor(a.total_amount.as_deref(), a.currency.as_deref())
        });
    if status == RefundStatus::Failure || !response.is_success() || b.error_information.is_some() {
        result.error = b.error(http, "refund the payment");
    }
    Ok(result)
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    pub name: Option<String>,
    pub r_code: Option<String>,
    pub r_flag: Option<String>,
    pub r_message: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationInformation {
    pub status: Option<String>,
    pub r_flag: Option<String>,
    #[serde(default)]
    pub applications: Vec<Application>,
}

/// Retrieve a Transaction: `GET /tss/v2/transactions/{id}`.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TransactionDetails {
    pub application_information: Option<ApplicationInformation>,
    pub order_information: Option<OrderInformation>,
    pub processor_information: Option<ProcessorInformation>,
    pub error_information: Option<ErrorInformation>,
    pub refund_amount_details: Option<RefundAmountDetails>,
    pub message: Option<String>,
}

impl TransactionDetails {
    /// The result code of the named service (`ics_auth`, `ics_bill`, `ics_auth_reversal`,
    /// `ics_void`, `ics_credit`): "1" success, "0" declined, "-1" error.
    fn r_code(&self, name: &str) -> Option<&str> {
        self.application_information
            .as_ref()?
            .applications
            .iter()
            .rev()
            .find(|a| a.name.as_deref() == Some(name))
            .and_then(|a| a.r_code.as_deref())
    }

    fn application(&self, name: &str) -> Option<&Application> {
        self.application_information.as_ref()?.applications.iter().rev().find(|a| a.name.as_deref() == Some(name))
    }
}

fn details(response: &HttpResponse) -> Result<Option<TransactionDetails>, SidecarError> {
    if !response.is_success() {
        return Ok(response.json().ok());
    }
    response.json().map(Some)
}

/// The error of a Transaction Details answer: a failed service's rFlag and rMessage, or the HTTP
/// status (404 right after the payment: the record is not searchable yet).
fn details_error(http: u16, t: Option<&TransactionDetails>, failed: Option<&Application>, what: &str) -> ErrorInfo {
    let reason = t
        .and_then(|t| t.error_information.as_ref().and_then(|e| e.reason.clone()))
        .or_else(|| failed.and_then(|a| a.r_flag.clone()));
    let detail = t
        .and_then(|t| t.error_information.as_ref().and_then(|e| e.message.clone()))
        .or_else(|| failed.and_then(|a| a.r_message.clone()))
        .or_else(|| t.and_then(|t| t.message.clone()));
    let (code, decline_type) = match (http, failed) {
        (200..=299, Some(app)) => r_flag_code(app.r_flag.as_deref(), app.r_code.as_deref()),
        _ => error_code(http, reason.as_deref()),
    };
    let mut message = format!("Cybersource: {what}");
    match &reason {
        Some(r) => message.push_str(&format!(": {r}")),
        None => message.push_str(&format!(" (HTTP {http})")),
    }
    if let Some(d) = &detail {
        message.push_str(&format!(" ({d})"));
    }
    ErrorInfo {
        code,
        message: scrub_text(&message),
        connector_code: reason,
        connector_message: detail.map(|d| scrub_text(&d)),
        decline_code: None,
        advice_code: None,
        decline_type,
    }
}

/// psync from Transaction Details of the payment's id. The services that ran on the transaction
/// decide: a successful reversal or void → voided; a successful capture (`ics_bill`, a sale) →
/// charged; a successful authorization → authorized; a declined or failed one → failure.
pub fn parse_payment_details(response: &HttpResponse, payment_id: &str) -> Result<PaymentResult, SidecarError> {
    let http = response.status;
    let t = details(response)?;
    let mut result = PaymentResult::new(PaymentStatus::Unresolved, http);
    result.connector_transaction_id = Some(payment_id.to_string());
    let Some(t) = t.filter(|_| response.is_success()) else {
        let t = if response.is_success() { None } else { response.json::<TransactionDetails>().ok() };
        result.error = Some(details_error(http, t.as_ref(), None, "could not read the payment"));
        return Ok(result);
    };
    let info = t.application_information.as_ref();
    result.connector_status = info.and_then(|i| i.status.clone().or_else(|| i.r_flag.clone()));
    result.network_transaction_id = t.processor_information.as_ref().and_then(|p| present_owned(&p.network_transaction_id));
    let ok = |name: &str| t.r_code(name) == Some("1");
    let status = if ok("ics_auth_reversal") || ok("ics_void") {
        PaymentStatus::Voided
    } else if ok("ics_bill") || ok("ecp_debit") {
        // ecp_debit: an eCheck (ACH) debit, a sale with no ics_auth (read as its Process a Payment
        // answer is: accepted for the settlement batch)
        PaymentStatus::Charged
    } else if ok("ics_auth") {
        match info.and_then(|i| i.status.as_deref()) {
            Some("PARTIAL_AUTHORIZED") => PaymentStatus::PartiallyAuthorized,
            Some("AUTHORIZED_PENDING_REVIEW") | Some("PENDING_REVIEW") => PaymentStatus::Pending,
            Some("AUTHORIZED_RISK_DECLINED") => PaymentStatus::Failure,
            _ => PaymentStatus::Authorized,
        }
    } else if matches!(t.r_code("ics_auth"), Some("0") | Some("-1")) || matches!(t.r_code("ecp_debit"), Some("0") | Some("-1")) {
        PaymentStatus::Failure
    } else {
        PaymentStatus::Unresolved
    };
    result.status = status;
    let amounts = t.order_information.as_ref().and_then(|o| o.amount_details.as_ref());
    if status == PaymentStatus::Charged {
        result.amount_captured = amounts.and_then(|a| to_minor(a.total_amount.as_deref(), a.currency.as_deref()));
    }
    match status {
        PaymentStatus::Failure => {
            result.error = Some(details_error(http, Some(&t), t.application("ics_auth"), "the payment was not authorized"))
        }
        PaymentStatus::Unresolved => {
            result.error = Some(details_error(http, Some(&t), None, "the transaction shows no authorization, capture or reversal"))
        }
        _ => {}
    }
    Ok(result)
}

/// rsync from Transaction Details of the refund's id (`ics_credit`): "1" → the refund was taken
/// (success once TRANSMITTED, pending before), "0"/"-1" → failure, nothing yet → pending.
pub fn parse_refund_details(response: &HttpResponse, refund_id: &str) -> Result<RefundResult, SidecarError> {
    let http = response.status;
    let t = details(response)?;
    let mut result = RefundResult::new(RefundStatus::Pending, http);
    result.connector_refund_id = Some(refund_id.to_string());
    let Some(t) = t.filter(|_| response.is_success()) else {
        let t = if response.is_success() { None } else { response.json::<TransactionDetails>().ok() };
        result.error = Some(details_error(http, t.as_ref(), None, "could not read the refund"));
        return Ok(result);
    };
    let info = t.application_information.as_ref();
    result.connector_status = info.and_then(|i| i.status.clone().or_else(|| i.r_flag.clone()));
    result.status = match t.r_code("ics_credit") {
        Some("1") => refund_status(info.and_then(|i| i.status.as_deref()).or(Some("PENDING"))),
        Some("0") | Some("-1") => RefundStatus::Failure,
        _ => RefundStatus::Pending,
    };
    result.refund_amount = t
        .refund_amount_details
        .as_ref()
        .and_then(|r| to_minor(r.refund_amount.as_deref(), r.currency.as_deref()))
        .or_else(|| {
            let a = t.order_information.as_ref()?.amount_details.as_ref()?;
            to_minor(a.total_amount.as_deref(), a.currency.as_deref())
        });
    if result.status == RefundStatus::Failure {
        result.error = Some(details_error(http, Some(&t), t.application("ics_credit"), "the refund failed"));
    }
    Ok(result)
}

//! Braintree GraphQL responses and their reading into unified results.
//!
//! Every answer is `{data?, errors?, extensions: {requestId}}`, HTTP 200 even when there are
//! errors ("GraphQL APIs do not rely on HTTP status codes to signal request outcomes"). A mutation
//! that did nothing has `data.<mutation>: null` and `errors`; a transaction Braintree created but
//! the issuer or its own rules declined comes back in `data` with status PROCESSOR_DECLINED /
//! GATEWAY_REJECTED / FAILED, and the reason in its newest `statusHistory` event. Both shapes are
//! read. Only the fields we read are typed: Braintree adds fields freely.

use crate::kit::text::present_owned;
use super::mapping::{gateway_rejection, graphql_error, payment_status, processor_code, refund_status};
use crate::kit::mask::scrub_text;
use crate::kit::money::{iso_exponent, parse_decimal_string};
use crate::protocol::{
    CustomerResult, CustomerStatus, ErrorInfo, HttpResponse, Money, PaymentResult, PaymentStatus, RefundResult,
    RefundStatus, SidecarError, UnifiedErrorCode,
};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct ErrorExtensions {
    pub error_class: Option<String>,
    pub legacy_code: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
pub struct GraphQlError {
    pub message: Option<String>,
    #[serde(default)]
    pub extensions: Option<ErrorExtensions>,
}

#[derive(Debug, Deserialize)]
pub struct Envelope {
    pub data: Option<Value>,
    #[serde(default)]
    pub errors: Vec<GraphQlError>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MonetaryAmount {
    pub value: Option<String>,
    pub currency_code: Option<String>,
}

impl MonetaryAmount {
    /// Braintree's decimal string back into ISO minor units. None when either part is missing, the
    /// currency is not ISO, or the value has more decimals than the currency (never rounded).
    pub fn to_unified(&self) -> Option<Money> {
        let currency = self.currency_code.as_deref()?.to_ascii_uppercase();
        let exponent = iso_exponent(&currency)?;
        let minor = parse_decimal_string(self.value.as_deref()?, exponent)?;
        Some(Money { minor_amount: minor, currency })
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessorResponse {
    pub legacy_code: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusEvent {
    pub processor_response: Option<ProcessorResponse>,
    pub gateway_rejection_reason: Option<String>,
    /// HARD / SOFT, on ProcessorDeclinedEvent: Braintree's own word on retrying.
    pub decline_type: Option<String>,
}

/// A `Transaction` or a `Refund` (both implement `Payment`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BraintreePayment {
    pub id: Option<String>,
    pub status: Option<String>,
    pub amount: Option<MonetaryAmount>,
    #[serde(default)]
    pub status_history: Vec<StatusEvent>,
}

/// Which call a payment answer answers: the same body means different things after each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentCall {
    /// authorizePaymentMethod / chargePaymentMethod (authorize, repeatPayment).
    Create,
    /// node(id) (psync).
    Get,
    /// captureTransaction.
    Capture,
    /// voidTransaction.
    Void,
}

impl PaymentCall {
    /// The status when Braintree refused the call without a transaction.
    fn refused(self) -> PaymentStatus {
        match self {
            // Nothing was created: no money moved.
            PaymentCall::Create => PaymentStatus::Failure,
            // We could not read the status: that says nothing about the payment.
            PaymentCall::Get => PaymentStatus::Unresolved,
            PaymentCall::Capture => PaymentStatus::CaptureFailed,
            PaymentCall::Void => PaymentStatus::VoidFailed,
        }
    }

    fn what(self) -> &'static str {
        match self {
            PaymentCall::Create => "take the payment",
            PaymentCall::Get => "report the transaction",
            PaymentCall::Capture => "capture the transaction",
            PaymentCall::Void => "void the transaction",
        }
    }
}

fn envelope(response: &HttpResponse) -> Result<Option<Envelope>, SidecarError> {
    // A 5xx (or a 401/403 from Braintree's edge) need not carry Braintree's JSON: read leniently.
    if response.status >= 500 || response.status == 401 || response.status == 403 || response.status == 429 {
        return Ok(response.json().ok());
    }
    response.json().map(Some)
}

/// `data.<field>.<object>` (mutations) or `data.node` (queries), when it is an object.
fn pick<'a>(data: &'a Option<Value>, path: &[&str]) -> Option<&'a Value> {
    let mut v = data.as_ref()?;
    for p in path {
        v = v.get(p)?;
    }
    v.is_object().then_some(v)
}

/// The unified error of a GraphQL `errors` array (the first error decides; the others are named).
pub fn error_from_errors(http_status: u16, errors: &[GraphQlError], what: &str) -> ErrorInfo {
    let first = errors.first();
    let ext = first.and_then(|e| e.extensions.clone()).unwrap_or_default();
    let (code, decline_type) = match http_status {
        401 | 403 => (UnifiedErrorCode::InvalidCredentials, None),
        429 => (UnifiedErrorCode::RateLimited, None),
        s if s >= 500 => (UnifiedErrorCode::ProcessorUnavailable, None),
        _ => graphql_error(ext.error_class.as_deref(), ext.legacy_code.as_deref()),
    };
    let connector_message = first.and_then(|e| e.message.clone()).map(|m| scrub_text(&m));
    let mut message = format!("Braintree could not {what}");
    match (&ext.error_class, &connector_message) {
        (Some(c), Some(m)) => message.push_str(&format!(": {c}: {m}")),
        (Some(c), None) => message.push_str(&format!(": {c}")),
        (None, Some(m)) => message.push_str(&format!(": {m}")),
        (None, None) => message.push_str(&format!(" (HTTP {http_status})")),
    }
    if errors.len() > 1 {
        message.push_str(&format!(" (and {} more errors)", errors.len() - 1));
    }
    ErrorInfo {
        code,
        message,
        connector_code: ext.legacy_code.clone().or(ext.error_class.clone()),
        connector_message,
        decline_code: None,
        advice_code: None,
        decline_type,
    }
}

/// Why a transaction (or a refund) ended in a failed status, from its newest status event.
pub fn error_from_payment(p: &BraintreePayment) -> ErrorInfo {
    let status = p.status.clone().unwrap_or_default();
    let event = p.status_history.first();
    let processor = event.and_then(|e| e.processor_response.as_ref());
    let rejection = event.and_then(|e| e.gateway_rejection_reason.clone());
    let legacy = processor.and_then(|r| r.legacy_code.clone());
    let processor_message = processor.and_then(|r| r.message.clone()).map(|m| scrub_text(&m));
    let (code, mut decline_type, connector_code) = if status == "GATEWAY_REJECTED" && rejection.is_some() {
        let r = rejection.clone().unwrap_or_default();
        let (u, d) = gateway_rejection(&r);
        (u, d, Some(r))
    } else if let Some(c) = &legacy {
        let (u, d) = processor_code(c);
        (u, d, Some(c.clone()))
    } else if status == "AUTHORIZATION_EXPIRED" {
        (UnifiedErrorCode::ProcessingError, None, Some(status.clone()))
    } else if status == "SETTLEMENT_DECLINED" {
        (UnifiedErrorCode::ProcessingError, None, Some(status.clone()))
    } else {
        (UnifiedErrorCode::ProcessingError, None, Some(status.clone()))
    };
    // Braintree's own soft/hard word, when it gives one, wins over the table's.
    match event.and_then(|e| e.decline_type.as_deref()) {
        Some("HARD") if decline_type.is_some() => decline_type = Some(crate::protocol::DeclineType::Hard),
        Some("SOFT") if decline_type.is_some() => decline_type = Some(crate::protocol::DeclineType::Soft),
        _ => {}
    }
    let mut message = format!("Braintree reports the transaction {status}");
    if let Some(r) = &rejection {
        message.push_str(&format!(" (gateway rejection: {r})"));
    }
    if let (Some(c), Some(m)) = (&legacy, &processor_message) {
        message.push_str(&format!(" ({c} {m})"));
    }
    ErrorInfo {
        code,
        message,
        connector_code,
        connector_message: processor_message.or(rejection),
        decline_code: None,
        advice_code: None,
        decline_type,
    }
}

/// Reads the answer to a payment call. `data_path` is where the transaction sits
/// (`["chargePaymentMethod", "transaction"]`, `["node"]`); `known_id` the id we already have.
pub fn parse_payment(
    response: &HttpResponse,
    call: PaymentCall,
    data_path: &[&str],
    known_id: Option<&str>,
) -> Result<PaymentResult, SidecarError> {
    let http = response.status;
    let body = envelope(response)?;
    let mut result = match &body {
        Some(env) => match pick(&env.data, data_path) {
            Some(tx) => {
                let p: BraintreePayment = serde_json::from_value(tx.clone()).map_err(|_| {
                    SidecarError::undeserializable(http, &response.body, "a transaction that is not Braintree's Transaction shape")
                })?;
                from_payment(&p, http)
            }
            None if env.errors.is_empty() && (200..300).contains(&http) => {
                return Err(SidecarError::undeserializable(http, &response.body, "neither the transaction nor `errors`"));
            }
            None => {
                let internal = env
                    .errors
                    .first()
                    .and_then(|e| e.extensions.as_ref())
                    .and_then(|x| x.error_class.as_deref())
                    .is_some_and(|c| c == "INTERNAL" || c == "SERVICE_AVAILABILITY");
                // An INTERNAL error or a 5xx leaves the outcome unknown: the mutation may have run.
                let status = if http >= 500 || internal { PaymentStatus::Unresolved } else { call.refused() };
                let mut r = PaymentResult::new(status, http);
                r.error = Some(error_from_errors(http, &env.errors, call.what()));
                r
            }
        },
        None => {
            let status = if http >= 500 { PaymentStatus::Unresolved } else { call.refused() };
            let mut r = PaymentResult::new(status, http);
            r.error = Some(error_from_errors(http, &[], call.what()));
            r
        }
    };
    if result.connector_transaction_id.is_none() {
        result.connector_transaction_id = known_id.map(str::to_string);
    }
    Ok(result)
}

fn from_payment(p: &BraintreePayment, http: u16) -> PaymentResult {
    let status = payment_status(p.status.as_deref());
    let mut result = PaymentResult::new(status, http);
    result.connector_transaction_id = present_owned(&p.id);
    result.connector_status = p.status.clone();
    if status == PaymentStatus::Charged {
        // For a partial capture, `amount` is "the cumulative amount captured on this transaction".
        result.amount_captured = p.amount.as_ref().and_then(MonetaryAmount::to_unified);
    }
    if matches!(status, PaymentStatus::Failure | PaymentStatus::CaptureFailed) {
        result.error = Some(error_from_payment(p));
    }
    result
}

/// Which call a refund answer answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundCall {
    /// refundTransaction.
    Create,
    /// node(id) on a Refund.
    Get,
}

pub fn parse_refund(
    response: &HttpResponse,
    call: RefundCall,
    data_path: &[&str],
    known_id: Option<&str>,
) -> Result<RefundResult, SidecarError> {
    let http = response.status;
    let what = match call {
        RefundCall::Create => "refund the transaction",
        RefundCall::Get => "report the refund",
    };
    let body = envelope(response)?;
    let found = body.as_ref().and_then(|env| pick(&env.data, data_path));
    let mut result = match (found, &body) {
        (Some(v), _) => {
            let p: BraintreePayment = serde_json::from_value(v.clone())
                .map_err(|_| SidecarError::undeserializable(http, &response.body, "a refund that is not Braintree's Refund shape"))?;
            let mut out = RefundResult::new(refund_status(p.status.as_deref()), http);
            out.connector_refund_id = present_owned(&p.id);
            out.connector_status = p.status.clone();
            out.refund_amount = p.amount.as_ref().and_then(MonetaryAmount::to_unified);
            if out.status == RefundStatus::Failure {
                out.error = Some(error_from_payment(&p));
            }
            out
        }
        (None, Some(env)) if env.errors.is_empty() && (200..300).contains(&http) => {
            return Err(SidecarError::undeserializable(http, &response.body, "neither the refund nor `errors`"));
        }
        (None, env) => {
            let errors = env.as_ref().map(|e| e.errors.clone()).unwrap_or_default();
            let internal = errors
                .first()
                .and_then(|e| e.extensions.as_ref())
                .and_then(|x| x.error_class.as_deref())
                .is_some_and(|c| c == "INTERNAL" || c == "SERVICE_AVAILABILITY");
            // Only a refund Braintree refused to create is a failure. A 5xx or INTERNAL error may
            // have created it, and an rsync that could not read it says nothing about it.
            let refused = call == RefundCall::Create && http < 500 && !internal;
            let mut out = RefundResult::new(if refused { RefundStatus::Failure } else { RefundStatus::Pending }, http);
            out.error = Some(error_from_errors(http, &errors, what));
            out
        }
    };
    if result.connector_refund_id.is_none() {
        result.connector_refund_id = known_id.map(str::to_string);
    }
    Ok(result)
}

/// createCustomer's answer: `data.createCustomer.customer.id` is the customer's GraphQL id, which
/// vaultPaymentMethod takes as `customerId`. A refused call (VALIDATION: an invalid email, a
/// field too long) is `failure`. Braintree has no idempotency key on createCustomer, so a 5xx or
/// an INTERNAL error may have created a customer we cannot name: still `failure`, with
/// ProcessorUnavailable saying a retry is the caller's call (a second customer is harmless).
pub fn parse_customer(response: &HttpResponse) -> Result<CustomerResult, SidecarError> {
    let http = response.status;
    let body = envelope(response)?;
    let id = body
        .as_ref()
        .and_then(|env| pick(&env.data, &["createCustomer", "customer"]))
        .and_then(|c| c.get("id"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|id| !id.is_empty());
    if let Some(id) = id {
        return Ok(CustomerResult { status: CustomerStatus::Success, connector_customer_id: Some(id.to_string()), error: None, http_status: http });
    }
    match body {
        Some(env) if env.errors.is_empty() && (200..300).contains(&http) => {
            Err(SidecarError::undeserializable(http, &response.body, "neither the customer nor `errors`"))
        }
        env => {
            let errors = env.map(|e| e.errors).unwrap_or_default();
            Ok(CustomerResult {
                status: CustomerStatus::Failure,
                connector_customer_id: None,
                error: Some(error_from_errors(http, &errors, "create the customer")),
                http_status: http,
            })
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct VaultedPaymentMethod {
    id: Option<String>,
    customer: Option<VaultedCustomer>,
}

#[derive(Debug, Deserialize)]
struct VaultedCustomer {
    id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Verification {
    status: Option<String>,
    gateway_rejection_reason: Option<String>,
    processor_response: Option<ProcessorResponse>,
}

/// vaultPaymentMethod's answer: the multi-use payment method is the mandate. Success is reported
/// as `charged`, the settled state of a set-up flow, as the other connectors do; no money moved
/// (`amountCaptured` stays absent). A failed verification vaults nothing: `failure` with the
/// verification's processor response.
pub fn parse_vault(response: &HttpResponse) -> Result<PaymentResult, SidecarError> {
    let http = response.status;
    let body = envelope(response)?;
    let payload = body.as_ref().and_then(|env| pick(&env.data, &["vaultPaymentMethod"]));
    let method = payload.and_then(|p| p.get("paymentMethod")).filter(|v| v.is_object());
    let verification = payload
        .and_then(|p| p.get("verification"))
        .filter(|v| v.is_object())
        .and_then(|v| serde_json::from_value::<Verification>(v.clone()).ok());
    if let Some(m) = method {
        let m: VaultedPaymentMethod = serde_json::from_value(m.clone())
            .map_err(|_| SidecarError::undeserializable(http, &response.body, "a payment method that is not Braintree's shape"))?;
        if let Some(id) = present_owned(&m.id) {
            let mut r = PaymentResult::new(PaymentStatus::Charged, http);
            r.mandate_reference = Some(id);
            r.connector_status = verification.as_ref().and_then(|v| v.status.clone()).or(Some("VAULTED".into()));
            r.connector_customer_id = m.customer.and_then(|c| present_owned(&c.id));
            return Ok(r);
        }
    }
    if let Some(v) = verification.filter(|v| v.status.as_deref().is_some_and(|s| s != "VERIFIED")) {
        let as_payment = BraintreePayment {
            id: None,
            status: v.status.clone(),
            amount: None,
            status_history: vec![StatusEvent {
                processor_response: v.processor_response,
                gateway_rejection_reason: v.gateway_rejection_reason,
                decline_type: None,
            }],
        };
        let mut r = PaymentResult::new(PaymentStatus::Failure, http);
        r.connector_status = v.status;
        r.error = Some(error_from_payment(&as_payment));
        return Ok(r);
    }
    match body {
        Some(env) if env.errors.is_empty() && (200..300).contains(&http) => {
            Err(SidecarError::undeserializable(http, &response.body, "neither a vaulted payment method nor `errors`"))
        }
        env => {
            let errors = env.map(|e| e.errors).unwrap_or_default();
            let internal = errors
                .first()
                .and_then(|e| e.extensions.as_ref())
                .and_then(|x| x.error_class.as_deref())
                .is_some_and(|c| c == "INTERNAL");
            let mut r = PaymentResult::new(if http >= 500 || internal { PaymentStatus::Unresolved } else { PaymentStatus::Failure }, http);
            r.error = Some(error_from_errors(http, &errors, "vault the payment method"));
            Ok(r)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{DeclineType, ErrorKind, UnifiedErrorCode as U};
    use serde_json::json;

    fn resp(status: u16, body: Value) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: body.to_string(), encoding: None }
    }

    fn tx(status: &str, value: &str) -> Value {
        json!({"id": "dHJhbnNhY3Rpb25fYWJj", "legacyId": "abc", "status": status, "orderId": "order-1",
               "merchantAccountId": "acme_USD", "amount": {"value": value, "currencyCode": "USD"}, "statusHistory": []})
    }

    fn charge(body: Value) -> PaymentResult {
        parse_payment(&resp(200, body), PaymentCall::Create, &["chargePaymentMethod", "transaction"], None).unwrap()
    }

    #[test]
    fn amounts_come_back_exactly() {
        let a = MonetaryAmount { value: Some("10.99".into()), currency_code: Some("USD".into()) };
        assert_eq!(a.to_unified(), Some(Money { minor_amount: 1099, currency: "USD".into() }));
        let a = MonetaryAmount { value: Some("500".into()), currency_code: Some("JPY".into()) };
        assert_eq!(a.to_unified().unwrap().minor_amount, 500);
        let a = MonetaryAmount { value: Some("10.999".into()), currency_code: Some("USD".into()) };
        assert_eq!(a.to_unified(), None);
    }

    #[test]
    fn a_settling_charge_is_charged_with_its_amount() {
        let r = charge(json!({"data": {"chargePaymentMethod": {"transaction": tx("SUBMITTED_FOR_SETTLEMENT", "10.00")}}}));
        assert_eq!(r.status, PaymentStatus::Charged);
        assert_eq!(r.connector_transaction_id.as_deref(), Some("dHJhbnNhY3Rpb25fYWJj"));
        assert_eq!(r.amount_captured, Some(Money { minor_amount: 1000, currency: "USD".into() }));
        assert!(r.error.is_none());
    }

    #[test]
    fn a_processor_decline_in_data_reads_its_status_event() {
        let mut t = tx("PROCESSOR_DECLINED", "10.00");
        t["statusHistory"] = json!([{"status": "PROCESSOR_DECLINED", "declineType": "SOFT",
            "processorResponse": {"legacyCode": "2001", "message": "Insufficient Funds"}}]);
        let r = charge(json!({"data": {"chargePaymentMethod": {"transaction": t}}}));
        assert_eq!(r.status, PaymentStatus::Failure);
        let e = r.error.unwrap();
        assert_eq!(e.code, U::InsufficientFunds);
        assert_eq!(e.connector_code.as_deref(), Some("2001"));
        assert_eq!(e.connector_message.as_deref(), Some("Insufficient Funds"));
        assert_eq!(e.decline_type, Some(DeclineType::Soft));
    }

    #[test]
    fn braintree_decline_type_wins_over_the_table() {
        let mut t = tx("PROCESSOR_DECLINED", "10.00");
        t["statusHistory"] = json!([{"status": "PROCESSOR_DECLINED", "declineType": "HARD",
            "processorResponse": {"legacyCode": "2000", "message": "Do Not Honor"}}]);
        let e = charge(json!({"data": {"chargePaymentMethod": {"transaction": t}}})).error.unwrap();
        assert_eq!((e.code, e.decline_type), (U::CardDeclined, Some(DeclineType::Hard)));
    }

    #[test]
    fn a_gateway_rejection_reads_its_reason() {
        let mut t = tx("GATEWAY_REJECTED", "10.00");
        t["statusHistory"] = json!([{"status": "GATEWAY_REJECTED", "gatewayRejectionReason": "CVV",
            "processorResponse": {"legacyCode": "1000", "message": "Approved"}}]);
        let e = charge(json!({"data": {"chargePaymentMethod": {"transaction": t}}})).error.unwrap();
        assert_eq!(e.code, U::IncorrectCvc);
        assert_eq!(e.connector_code.as_deref(), Some("CVV"));
    }

    #[test]
    fn errors_without_data_by_call() {
        let body = json!({"data": {"captureTransaction": null},
            "errors": [{"message": "Cannot submit for settlement unless status is authorized.", "path": ["captureTransaction"],
                        "extensions": {"errorClass": "VALIDATION", "legacyCode": "91507"}}],
            "extensions": {"requestId": "r-1"}});
        let r = parse_payment(&resp(200, body.clone()), PaymentCall::Capture, &["captureTransaction", "transaction"], Some("T1")).unwrap();
        assert_eq!(r.status, PaymentStatus::CaptureFailed);
        assert_eq!(r.connector_transaction_id.as_deref(), Some("T1"));
        let e = r.error.unwrap();
        assert_eq!((e.code, e.connector_code.as_deref()), (U::InvalidRequest, Some("91507")));
        let r = parse_payment(&resp(200, body), PaymentCall::Get, &["node"], Some("T1")).unwrap();
        assert_eq!(r.status, PaymentStatus::Unresolved);
        let internal = json!({"data": {"chargePaymentMethod": null}, "errors": [{"message": "An unexpected error occurred", "extensions": {"errorClass": "INTERNAL"}}]});
        let r = charge(internal);
        assert_eq!(r.status, PaymentStatus::Unresolved);
        assert_eq!(r.error.unwrap().code, U::ProcessorUnavailable);
    }

    #[test]
    fn http_failures_and_garbage() {
        let r = parse_payment(&HttpResponse { status: 502, headers: vec![], body: "<html>".into(), encoding: None }, PaymentCall::Create, &["x"], None).unwrap();
        assert_eq!(r.status, PaymentStatus::Unresolved);
        let r = parse_payment(&HttpResponse { status: 401, headers: vec![], body: "".into(), encoding: None }, PaymentCall::Create, &["x"], None).unwrap();
        assert_eq!((r.status, r.error.unwrap().code), (PaymentStatus::Failure, U::InvalidCredentials));
        let e = parse_payment(&HttpResponse { status: 200, headers: vec![], body: "not json".into(), encoding: None }, PaymentCall::Create, &["x"], None).unwrap_err();
        assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed);
        let e = parse_payment(&resp(200, json!({"data": {"chargePaymentMethod": null}})), PaymentCall::Create, &["chargePaymentMethod", "transaction"], None).unwrap_err();
        assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed);
    }

    #[test]
    fn refunds_and_their_failures() {
        let r = parse_refund(&resp(200, json!({"data": {"refundTransaction": {"refund": tx("SUBMITTED_FOR_SETTLEMENT", "3.00")}}})), RefundCall::Create, &["refundTransaction", "refund"], None).unwrap();
        assert_eq!(r.status, RefundStatus::Pending);
        assert_eq!(r.refund_amount.unwrap().minor_amount, 300);
        let refused = json!({"data": {"refundTransaction": null}, "errors": [{"message": "Refund amount is too large.", "extensions": {"errorClass": "VALIDATION", "legacyCode": "91521"}}]});
        let r = parse_refund(&resp(200, refused.clone()), RefundCall::Create, &["refundTransaction", "refund"], None).unwrap();
        assert_eq!((r.status, r.error.unwrap().code), (RefundStatus::Failure, U::InvalidAmount));
        let r = parse_refund(&resp(200, refused), RefundCall::Get, &["node"], Some("R1")).unwrap();
        assert_eq!(r.status, RefundStatus::Pending);
        assert_eq!(r.connector_refund_id.as_deref(), Some("R1"));
    }

    #[test]
    fn vaulting() {
        let ok = json!({"data": {"vaultPaymentMethod": {"paymentMethod": {"id": "cGF5bWVudG1ldGhvZF9jY19hYmM", "usage": "MULTI_USE", "customer": {"id": "Y3VzdG9tZXJfMQ"}},
            "verification": {"id": "v1", "status": "VERIFIED", "gatewayRejectionReason": null, "processorResponse": {"legacyCode": "1000", "message": "Approved"}}}}});
        let r = parse_vault(&resp(200, ok)).unwrap();
        assert_eq!(r.status, PaymentStatus::Charged);
        assert_eq!(r.mandate_reference.as_deref(), Some("cGF5bWVudG1ldGhvZF9jY19hYmM"));
        assert_eq!(r.connector_customer_id.as_deref(), Some("Y3VzdG9tZXJfMQ"));
        assert!(r.amount_captured.is_none());
        let declined = json!({"data": {"vaultPaymentMethod": {"paymentMethod": null,
            "verification": {"id": "v2", "status": "PROCESSOR_DECLINED", "gatewayRejectionReason": null, "processorResponse": {"legacyCode": "2004", "message": "Expired Card"}}}}});
        let r = parse_vault(&resp(200, declined)).unwrap();
        assert_eq!(r.status, PaymentStatus::Failure);
        assert_eq!(r.error.unwrap().code, U::ExpiredCard);
    }

    #[test]
    fn customers() {
        let r = parse_customer(&resp(200, json!({"data": {"createCustomer": {"customer": {"id": "Y3VzdG9tZXJfNjQ5MzUyOA"}}}, "extensions": {"requestId": "r1"}}))).unwrap();
        assert_eq!((r.status, r.connector_customer_id.as_deref(), r.http_status), (CustomerStatus::Success, Some("Y3VzdG9tZXJfNjQ5MzUyOA"), 200));
        let invalid = json!({"data": {"createCustomer": null}, "errors": [{"message": "Email is an invalid format.",
            "extensions": {"errorClass": "VALIDATION", "legacyCode": "81604", "inputPath": ["input", "customer", "email"]}}]});
        let r = parse_customer(&resp(200, invalid)).unwrap();
        assert_eq!(r.status, CustomerStatus::Failure);
        let e = r.error.unwrap();
        assert_eq!((e.code, e.connector_code.as_deref()), (U::InvalidRequest, Some("81604")));
        assert!(e.message.contains("create the customer"), "{}", e.message);
        let r = parse_customer(&resp(401, json!({"errors": [{"message": "Authentication credentials are invalid", "extensions": {"errorClass": "AUTHENTICATION"}}]}))).unwrap();
        assert_eq!((r.status, r.error.unwrap().code), (CustomerStatus::Failure, U::InvalidCredentials));
        let r = parse_customer(&HttpResponse { status: 503, headers: vec![], body: "<html>busy</html>".into(), encoding: None }).unwrap();
        assert_eq!((r.status, r.error.unwrap().code), (CustomerStatus::Failure, U::ProcessorUnavailable));
        assert_eq!(parse_customer(&resp(200, json!({"data": {"createCustomer": {"customer": {"id": " "}}}}))).unwrap_err().kind, ErrorKind::ResponseDeserializationFailed);
    }
}

//! The requests and results of issue 12's payment flows: `createSession` (what a processor's
//! browser or app SDK needs before the shopper pays), `incrementalAuthorization`, `revokeMandate`
//! and `reverse`. The zod schemas in protocol/index.ts are the source of truth.

use super::{required, Address, CaptureMethod, ConnectorState, Customer, ErrorInfo, FutureUsage, Money, Redirection, SidecarError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the front end will do with the session: pay, or only save the payment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum SessionMode {
    #[default]
    Payment,
    /// Save the payment method for later (Stripe SetupIntent); `amount` is the mandate's
    /// currency and 0 (or the verification amount).
    Setup,
}

/// `createSession`: the processor's object its front-end SDK completes (Stripe PaymentIntent or
/// SetupIntent, Adyen `/sessions`, PayPal order, Braintree client token...). Card data never
/// reaches the merchant; after the front end finishes, psync `connectorTransactionId`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateSessionRequest {
    pub merchant_transaction_id: String,
    pub amount: Money,
    #[serde(default)]
    pub mode: SessionMode,
    #[serde(default)]
    pub capture_method: CaptureMethod,
    pub setup_future_usage: Option<FutureUsage>,
    pub customer: Option<Customer>,
    pub billing_address: Option<Address>,
    pub return_url: Option<String>,
    /// The payment method type names (PROTOCOL.md) the front end may offer; absent lets the
    /// processor choose from what the merchant account has enabled.
    pub payment_method_types: Option<Vec<String>>,
    /// ISO 3166-1 alpha-2: the shopper's country (Adyen uses it to pick payment methods).
    pub country_code: Option<String>,
    /// The shopper's locale (`en-US`).
    pub locale: Option<String>,
    pub description: Option<String>,
    pub metadata: Option<BTreeMap<String, String>>,
    /// Apple Pay's merchant validation: with it the session is Apple's merchant session, not a
    /// payment session (checked against the connector's ApplePay flows before it builds).
    pub apple_pay_merchant_validation: Option<ApplePayMerchantValidation>,
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
}

/// What Apple's merchant validation needs from the merchant (the front end's onvalidatemerchant).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApplePayMerchantValidation {
    pub display_name: String,
    pub domain_name: String,
    pub merchant_identifier: String,
}

/// `incrementalAuthorization`: raise an authorized, uncaptured amount (hotels, car rental, tips).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IncrementalAuthorizationRequest {
    pub connector_transaction_id: String,
    /// What to add to the amount authorized so far (> 0).
    pub additional_amount: Money,
    /// The amount authorized so far: processors that take the new total (Stripe, Adyen) need it.
    pub payment_amount: Option<Money>,
    pub reason: Option<String>,
    pub merchant_transaction_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
}

impl IncrementalAuthorizationRequest {
    /// The total authorized after the increment: `paymentAmount + additionalAmount`, or
    /// MissingRequiredField naming `request.paymentAmount` for `processor`, which takes the total.
    pub fn new_total(&self, processor: &str) -> Result<Money, SidecarError> {
        let paid = self.payment_amount.as_ref().ok_or_else(|| {
            SidecarError::missing_field(
                "request.paymentAmount",
                &format!("{processor} takes the new total authorized amount: give the amount authorized so far"),
            )
        })?;
        let total = paid.minor_amount.checked_add(self.additional_amount.minor_amount).ok_or_else(|| {
            SidecarError::invalid_field("request.additionalAmount.minorAmount", "the new total is too large".into())
        })?;
        Ok(Money { minor_amount: total, currency: paid.currency.clone() })
    }
}

/// `revokeMandate`: remove a saved payment method so it can no longer be charged.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RevokeMandateRequest {
    /// The saved method (a setupMandate or authorize result's `mandateReference`).
    pub mandate_reference: String,
    /// Whose it is, for processors that keep saved methods under a customer (Adyen's
    /// `shopperReference` is `customer.id`).
    pub customer: Option<Customer>,
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
}

/// `reverse`: cancel a payment in full whether or not it was captured, where the processor has
/// one call for it (Adyen `/reversals`, Braintree void of a settling transaction, Cybersource
/// reversal).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReverseRequest {
    pub connector_transaction_id: String,
    /// The payment's amount, for processors that need it.
    pub amount: Option<Money>,
    /// The merchant's reference for this reversal (Adyen `reference`).
    pub merchant_reverse_id: Option<String>,
    pub merchant_transaction_id: Option<String>,
    pub reason: Option<String>,
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
}

// ---------- results ----------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Success,
    Failure,
}

/// The result of `createSession`: what the front end needs. `clientSecret` and `clientToken`
/// are credentials of this session (clients mask them in logs).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionResult {
    pub status: SessionStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    /// The payment the session will become: psync it after the front end finishes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_transaction_id: Option<String>,
    /// The processor's own status word of the object created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirection: Option<Redirection>,
    /// ISO 8601 UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<ConnectorState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
    pub http_status: u16,
}

impl SessionResult {
    pub fn new(status: SessionStatus, http_status: u16) -> Self {
        SessionResult {
            status,
            session_id: None,
            client_secret: None,
            session_data: None,
            client_token: None,
            connector_transaction_id: None,
            connector_status: None,
            redirection: None,
            expires_at: None,
            state: None,
            error: None,
            http_status,
        }
    }

    pub fn failure(error: ErrorInfo, http_status: u16) -> Self {
        SessionResult { error: Some(error), ..SessionResult::new(SessionStatus::Failure, http_status) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MandateStatus {
    Revoked,
    Failure,
}

/// The result of `revokeMandate`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MandateResult {
    pub status: MandateStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mandate_reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
    pub http_status: u16,
}

impl MandateResult {
    pub fn new(status: MandateStatus, http_status: u16) -> Self {
        MandateResult { status, mandate_reference: None, connector_status: None, error: None, http_status }
    }
}

// ---------- decoding ----------

fn validate_money(money: &Money, field: &str) -> Result<(), SidecarError> {
    super::currency::validate(money, field).map(|_| ())
}

/// Above zero, in a currency the sidecar knows.
pub(super) fn validate_positive(money: &Money, field: &str) -> Result<(), SidecarError> {
    validate_money(money, field)?;
    if money.minor_amount <= 0 {
        return Err(SidecarError::invalid_field(
            &format!("{field}.minorAmount"),
            format!("must be greater than zero, got {}", money.minor_amount),
        ));
    }
    Ok(())
}

/// Decodes and validates the `createSession` request, naming the field path of anything wrong.
pub fn decode_create_session<'a>(request: impl Into<super::Input<'a>>) -> Result<CreateSessionRequest, SidecarError> {
    let r: CreateSessionRequest = super::decode(request, "request")?;
    required(&r.merchant_transaction_id, "request.merchantTransactionId")?;
    match r.mode {
        SessionMode::Payment => validate_positive(&r.amount, "request.amount")?,
        SessionMode::Setup => super::currency::validate_verification(&r.amount, "request.amount").map(|_| ())?,
    }
    if let Some(country) = &r.country_code {
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(SidecarError::invalid_field("request.countryCode", "ISO 3166-1 alpha-2 in upper case, e.g. NL".into()));
        }
    }
    if let Some(types) = &r.payment_method_types {
        for (i, t) in types.iter().enumerate() {
            required(t, &format!("request.paymentMethodTypes[{i}]"))?;
        }
    }
    Ok(r)
}

/// Decodes and validates the `incrementalAuthorization` request.
pub fn decode_incremental_authorization<'a>(request: impl Into<super::Input<'a>>) -> Result<IncrementalAuthorizationRequest, SidecarError> {
    let r: IncrementalAuthorizationRequest = super::decode(request, "request")?;
    required(&r.connector_transaction_id, "request.connectorTransactionId")?;
    validate_positive(&r.additional_amount, "request.additionalAmount")?;
    if let Some(p) = &r.payment_amount {
        validate_positive(p, "request.paymentAmount")?;
        if p.currency != r.additional_amount.currency {
            return Err(SidecarError::invalid_field(
                "request.additionalAmount.currency",
                format!("{} differs from the payment's {}", r.additional_amount.currency, p.currency),
            ));
        }
    }
    Ok(r)
}

/// Decodes and validates the `revokeMandate` request.
pub fn decode_revoke_mandate<'a>(request: impl Into<super::Input<'a>>) -> Result<RevokeMandateRequest, SidecarError> {
    let r: RevokeMandateRequest = super::decode(request, "request")?;
    required(&r.mandate_reference, "request.mandateReference")?;
    Ok(r)
}

/// Decodes and validates the `reverse` request.
pub fn decode_reverse<'a>(request: impl Into<super::Input<'a>>) -> Result<ReverseRequest, SidecarError> {
    let r: ReverseRequest = super::decode(request, "request")?;
    required(&r.connector_transaction_id, "request.connectorTransactionId")?;
    if let Some(a) = &r.amount {
        validate_positive(a, "request.amount")?;
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::ErrorKind;
    use serde_json::{json, Value};

    fn usd(minor: i64) -> Value {
        json!({"minorAmount": minor, "currency": "USD"})
    }

    #[test]
    fn incremental_authorization_takes_a_positive_increment_in_the_payment_currency() {
        let r = decode_incremental_authorization(json!({"connectorTransactionId": "pi_1", "additionalAmount": usd(500), "paymentAmount": usd(1000)})).unwrap();
        assert_eq!(r.new_total("Stripe").unwrap(), Money { minor_amount: 1500, currency: "USD".into() });
        let no_total = decode_incremental_authorization(json!({"connectorTransactionId": "pi_1", "additionalAmount": usd(500)})).unwrap();
        let e = no_total.new_total("Stripe").unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.paymentAmount")));
        let e = decode_incremental_authorization(json!({"connectorTransactionId": "pi_1", "additionalAmount": usd(0)})).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.additionalAmount.minorAmount"));
        let e = decode_incremental_authorization(
            json!({"connectorTransactionId": "pi_1", "additionalAmount": usd(5), "paymentAmount": {"minorAmount": 10, "currency": "EUR"}}),
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.additionalAmount.currency"));
        let e = decode_incremental_authorization(json!({"connectorTransactionId": " ", "additionalAmount": usd(5)})).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.connectorTransactionId"));
    }

    #[test]
    fn a_session_pays_more_than_zero_and_a_setup_session_may_verify_zero() {
        assert!(decode_create_session(json!({"merchantTransactionId": "o1", "amount": usd(0)})).is_err());
        let setup = decode_create_session(json!({"merchantTransactionId": "o1", "amount": usd(0), "mode": "setup"})).unwrap();
        assert_eq!(setup.mode, SessionMode::Setup);
        let e = decode_create_session(json!({"merchantTransactionId": "o1", "amount": usd(100), "countryCode": "nl"})).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.countryCode"));
        let e = decode_create_session(json!({"merchantTransactionId": "o1", "amount": usd(100), "mode": "subscription"})).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidParams);
    }
}

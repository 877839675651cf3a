use super::{ConnectorState, Money};
use serde::Serialize;
use std::collections::BTreeMap;

/// Unified payment status of PROTOCOL.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Started,
    AuthenticationPending,
    AuthenticationSuccessful,
    AuthenticationFailed,
    Authorizing,
    Authorized,
    PartiallyAuthorized,
    Charged,
    PartialCharged,
    CaptureInitiated,
    CaptureFailed,
    VoidInitiated,
    Voided,
    VoidFailed,
    Pending,
    Failure,
    Unresolved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    Pending,
    Success,
    Failure,
    ManualReview,
}

/// The fixed list of unified error codes, the same across connectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnifiedErrorCode {
    CardDeclined,
    InsufficientFunds,
    ExpiredCard,
    IncorrectCvc,
    InvalidCardNumber,
    InvalidExpiryDate,
    LostOrStolenCard,
    CardNotSupported,
    TransactionNotAllowed,
    AuthenticationRequired,
    AuthenticationFailed,
    FraudSuspected,
    LimitExceeded,
    DuplicateTransaction,
    InvalidAmount,
    InvalidRequest,
    InvalidCredentials,
    NotFound,
    RateLimited,
    ProcessorUnavailable,
    ProcessingError,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeclineType {
    Soft,
    Hard,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorInfo {
    pub code: UnifiedErrorCode,
    pub message: String,
    pub connector_code: Option<String>,
    pub connector_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decline_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advice_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decline_type: Option<DeclineType>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RedirectMethod {
    GET,
    POST,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Redirection {
    pub url: String,
    pub method: RedirectMethod,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentResult {
    pub status: PaymentStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_transaction_id: Option<String>,
    /// The processor's own status word (`requires_capture`, `Authorised`), for audit trails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_transaction_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirection: Option<Redirection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mandate_reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<ConnectorState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_captured: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
    pub http_status: u16,
}

impl PaymentResult {
    pub fn new(status: PaymentStatus, http_status: u16) -> Self {
        PaymentResult {
            status,
            connector_transaction_id: None,
            connector_status: None,
            network_transaction_id: None,
            redirection: None,
            mandate_reference: None,
            state: None,
            amount_captured: None,
            error: None,
            http_status,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundResult {
    pub status: RefundStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_refund_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
    pub http_status: u16,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FlowResult {
    Payment(PaymentResult),
    Refund(RefundResult),
}

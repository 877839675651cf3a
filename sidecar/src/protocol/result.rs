use super::{ConnectorState, Money};
use serde::Serialize;
use std::collections::BTreeMap;

/// Unified payment status (`PaymentStatus` in protocol/index.ts).
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum NextActionType {
    /// Send the shopper to `url` (also given as `redirection`).
    Redirect,
    /// Show the shopper a voucher to pay (Boleto, OXXO, Konbini): `reference`, `url`, `expiresAt`.
    DisplayVoucher,
    /// Show a QR code (Pix, a wallet): `qrData`, `expiresAt`.
    DisplayQrCode,
    /// The shopper approves in their bank or wallet app (BLIK, MB WAY, Swish); nothing to show.
    AwaitApproval,
    /// Show the shopper the bank account to transfer the amount to: `bankDetails`, `expiresAt`.
    DisplayBankDetails,
}

/// Where the shopper transfers the amount (a virtual account, an IBAN and its reference).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BankDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_holder_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// What the shopper must do elsewhere before the payment completes; psync or a webhook tells the
/// outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NextAction {
    #[serde(rename = "type")]
    pub kind: NextActionType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qr_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_details: Option<BankDetails>,
}

impl NextAction {
    pub fn new(kind: NextActionType) -> Self {
        NextAction { kind, url: None, reference: None, qr_data: None, expires_at: None, bank_details: None }
    }
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
    pub next_action: Option<NextAction>,
    /// The saved payment method for repeatPayment (setupMandate, or authorize with setupFutureUsage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mandate_reference: Option<String>,
    /// The processor's customer the mandate lives under (Stripe `cus_...`); pass it back in
    /// `customer.connectorCustomerId` on repeatPayment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<ConnectorState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_captured: Option<Money>,
    /// The total now authorized (incrementalAuthorization), when the processor says it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorized_amount: Option<Money>,
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
            next_action: None,
            mandate_reference: None,
            connector_customer_id: None,
            state: None,
            amount_captured: None,
            authorized_amount: None,
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
    /// The amount refunded, when the processor says it (ISO minor units).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_amount: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
    pub http_status: u16,
}

impl RefundResult {
    pub fn new(status: RefundStatus, http_status: u16) -> Self {
        RefundResult { status, connector_refund_id: None, connector_status: None, refund_amount: None, error: None, http_status }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerStatus {
    Success,
    Failure,
}

/// The result of `createCustomer`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerResult {
    pub status: CustomerStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
    pub http_status: u16,
}

/// The result of `createAccessToken`: the token travels in `state`, which the caller passes on
/// later requests.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessTokenResult {
    pub status: CustomerStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<ConnectorState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in_seconds: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
    pub http_status: u16,
}

impl AccessTokenResult {
    /// A token was issued: `state` carries it (and whatever else later calls need).
    pub fn issued(state: ConnectorState, expires_in_seconds: Option<u64>, http_status: u16) -> Self {
        AccessTokenResult { status: CustomerStatus::Success, state: Some(state), expires_in_seconds, error: None, http_status }
    }

    /// The processor refused to issue one.
    pub fn failure(error: ErrorInfo, http_status: u16) -> Self {
        AccessTokenResult { status: CustomerStatus::Failure, state: None, expires_in_seconds: None, error: Some(error), http_status }
    }
}

/// The result of `verifyWebhook`: what the processor said of a webhook, bound to the body it
/// was asked about. `error` means the call itself failed and nothing is known.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookVerificationResult {
    pub verified: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// SHA-256 (hex) of the body that was verified.
    pub body_sha256: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
    pub http_status: u16,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FlowResult {
    Payment(PaymentResult),
    Refund(RefundResult),
    Customer(CustomerResult),
    AccessToken(AccessTokenResult),
    WebhookVerification(WebhookVerificationResult),
    Session(super::SessionResult),
    Mandate(super::MandateResult),
    Dispute(super::DisputeResult),
    File(super::FileResult),
}

// ---------- Webhooks ----------

/// What a webhook event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WebhookEventKind {
    Payment,
    Refund,
    /// Mandate / saved payment method events.
    Mandate,
    /// Disputes and chargebacks: reported, not mapped to a payment status.
    Dispute,
    /// Anything else the processor sends; `eventType` says what.
    Other,
}

/// One unified event read from a processor's webhook (a request may carry several: Adyen).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEvent {
    pub kind: WebhookEventKind,
    /// The processor's own event name (`payment_intent.succeeded`, `AUTHORISATION`).
    pub event_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_event_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_transaction_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_transaction_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_refund_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_refund_id: Option<String>,
    /// For `payment` events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_status: Option<PaymentStatus>,
    /// For `refund` events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_status: Option<RefundStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mandate_reference: Option<String>,
    /// For `dispute` events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dispute_status: Option<super::DisputeStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_dispute_id: Option<String>,
    /// The card scheme's or processor's reason code of a dispute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// ISO 8601 UTC: the last moment to respond to a dispute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
    /// ISO 8601 time the processor gives for the event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occurred_at: Option<String>,
}

impl WebhookEvent {
    pub fn new(kind: WebhookEventKind, event_type: impl Into<String>) -> Self {
        WebhookEvent {
            kind,
            event_type: event_type.into(),
            connector_event_id: None,
            connector_transaction_id: None,
            merchant_transaction_id: None,
            connector_refund_id: None,
            merchant_refund_id: None,
            payment_status: None,
            refund_status: None,
            amount: None,
            mandate_reference: None,
            dispute_status: None,
            connector_dispute_id: None,
            reason_code: None,
            due_by: None,
            error: None,
            occurred_at: None,
        }
    }
}

/// What the merchant's endpoint should answer the processor (Adyen wants `[accepted]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookAcknowledgement {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

/// The result of `parseWebhook`. When `verified` is false, `events` is empty and `reason` says
/// why in words that never quote the secret or the signature.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookResult {
    pub verified: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub events: Vec<WebhookEvent>,
    pub acknowledgement: WebhookAcknowledgement,
}

impl WebhookResult {
    pub fn rejected(reason: impl Into<String>, acknowledgement: WebhookAcknowledgement) -> Self {
        WebhookResult { verified: false, reason: Some(reason.into()), events: Vec::new(), acknowledgement }
    }
}

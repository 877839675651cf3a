//! Xendit's statuses, failure codes and error codes → unified ones, as tables. Sources:
//! - payment request `status`: the enum of the official Node SDK `xendit-node` 7.0.0
//!   (`payment_request/models/PaymentRequestStatus.ts`: PENDING, REQUIRES_ACTION, CANCELED,
//!   SUCCEEDED, FAILED, VOIDED, UNKNOWN, AWAITING_CAPTURE, EXPIRED) and the Payments API reference
//!   (https://developers.xendit.co/api-reference/payments-api/);
//! - capture `status`: `CaptureStatusEnum` (SUCCEEDED, FAILED) of the same SDK;
//! - refund `status`: SUCCEEDED, FAILED, PENDING, CANCELLED (Refund API reference and the SDK's
//!   `RefundCallbackData`);
//! - `failure_code` of a payment: "Card declines and error codes"
//!   (https://docs.xendit.co/en_US/credit-cards/understanding-card-declines) and the e-wallet and
//!   direct debit failure codes of the Payments API;
//! - `error_code` of a refused call: "Error scenarios, API error codes for /payment_requests and
//!   /payments" (https://docsv2.xendit.co/docs/error-scenarios) and the common API errors
//!   (API_VALIDATION_ERROR, INVALID_API_KEY, REQUEST_FORBIDDEN_ERROR, DATA_NOT_FOUND,
//!   IDEMPOTENCY_ERROR, RATE_LIMIT_EXCEEDED, SERVER_ERROR, CHANNEL_UNAVAILABLE).

use crate::protocol::{DeclineType, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// What a payment request's `status` means. REQUIRES_ACTION is read with its `actions`
/// (responses.rs): a URL to open, or a QR code to show.
const PAYMENT_STATUSES: &[(&str, PaymentStatus)] = &[
    // Waiting for the shopper to pay (a QR code or virtual account not paid yet).
    ("PENDING", PaymentStatus::Pending),
    // The shopper must authenticate or authorise (3-D Secure page, e-wallet checkout).
    ("REQUIRES_ACTION", PaymentStatus::AuthenticationPending),
    // capture_method MANUAL: authorized, waiting for POST /payment_requests/{id}/captures.
    ("AWAITING_CAPTURE", PaymentStatus::Authorized),
    ("SUCCEEDED", PaymentStatus::Charged),
    ("FAILED", PaymentStatus::Failure),
    // Cancelled before it was paid, or an authorization released: no money moved.
    ("CANCELED", PaymentStatus::Voided),
    ("VOIDED", PaymentStatus::Voided),
    // Not paid in time: nothing was charged.
    ("EXPIRED", PaymentStatus::Failure),
    // Xendit itself does not know yet: never guessed into a money state.
    ("UNKNOWN", PaymentStatus::Unresolved),
];

/// The unified status of a payment request; an unknown word is `unresolved`.
pub fn payment_status(status: Option<&str>) -> PaymentStatus {
    status
        .and_then(|s| PAYMENT_STATUSES.iter().find(|(k, _)| k.eq_ignore_ascii_case(s.trim())).map(|(_, v)| *v))
        .unwrap_or(PaymentStatus::Unresolved)
}

const REFUND_STATUSES: &[(&str, RefundStatus)] = &[
    ("SUCCEEDED", RefundStatus::Success),
    ("PENDING", RefundStatus::Pending),
    ("FAILED", RefundStatus::Failure),
    ("CANCELLED", RefundStatus::Failure),
];

/// The unified status of a refund; an unknown word stays `pending` (never `failure`, which would
/// invite a second refund).
pub fn refund_status(status: Option<&str>) -> RefundStatus {
    status
        .and_then(|s| REFUND_STATUSES.iter().find(|(k, _)| k.eq_ignore_ascii_case(s.trim())).map(|(_, v)| *v))
        .unwrap_or(RefundStatus::Pending)
}

/// A payment's `failure_code` → unified code and whether a later attempt may succeed.
const FAILURE_CODES: &[(&str, U, DeclineType)] = &[
    // Cards ("Card declines and error codes").
    ("AUTHENTICATION_FAILED", U::AuthenticationFailed, DeclineType::Soft),
    ("DECLINED_BY_ISSUER", U::CardDeclined, DeclineType::Soft),
    ("DECLINED_BY_PROCESSOR", U::CardDeclined, DeclineType::Soft),
    ("EXPIRED_CARD", U::ExpiredCard, DeclineType::Hard),
    ("CARD_EXPIRED", U::ExpiredCard, DeclineType::Hard),
    ("INSUFFICIENT_BALANCE", U::InsufficientFunds, DeclineType::Soft),
    ("INACTIVE_OR_UNAUTHORIZED_CARD", U::TransactionNotAllowed, DeclineType::Hard),
    ("INVALID_CARD", U::InvalidCardNumber, DeclineType::Hard),
    ("INVALID_CVV", U::IncorrectCvc, DeclineType::Soft),
    ("ISSUER_SUSPECT_FRAUD", U::FraudSuspected, DeclineType::Hard),
    ("STOLEN_CARD", U::LostOrStolenCard, DeclineType::Hard),
    ("ISSUER_UNAVAILABLE", U::ProcessorUnavailable, DeclineType::Soft),
    ("PROCESSOR_ERROR", U::ProcessingError, DeclineType::Soft),
    ("PROCESSOR_TIMEOUT", U::ProcessorUnavailable, DeclineType::Soft),
    ("CARD_DECLINED", U::CardDeclined, DeclineType::Soft),
    ("FRAUD_RISK_BLOCKED", U::FraudSuspected, DeclineType::Hard),
    // E-wallets and direct debit (Payments API failure codes).
    ("ACCOUNT_ACCESS_BLOCKED", U::TransactionNotAllowed, DeclineType::Hard),
    ("INVALID_ACCOUNT_DETAILS", U::InvalidRequest, DeclineType::Hard),
    ("ACCOUNT_NOT_ACTIVATED", U::TransactionNotAllowed, DeclineType::Hard),
    ("MAX_AMOUNT_LIMIT_ERROR", U::LimitExceeded, DeclineType::Soft),
    ("USER_DECLINED_THE_TRANSACTION", U::CardDeclined, DeclineType::Soft),
    ("USER_DID_NOT_AUTHORIZE_THE_PAYMENT", U::AuthenticationFailed, DeclineType::Soft),
    ("PAYMENT_METHOD_EXPIRED", U::ExpiredCard, DeclineType::Hard),
    ("CHANNEL_UNAVAILABLE", U::ProcessorUnavailable, DeclineType::Soft),
    ("PARTNER_CHANNEL_ERROR", U::ProcessingError, DeclineType::Soft),
];

/// The unified code of a failed payment's `failure_code`; an unlisted one is a decline.
pub fn failure_code(code: Option<&str>) -> (U, Option<DeclineType>) {
    match code.and_then(|c| FAILURE_CODES.iter().find(|(k, ..)| k.eq_ignore_ascii_case(c.trim()))) {
        Some((_, u, d)) => (*u, Some(*d)),
        None => (U::CardDeclined, None),
    }
}

/// A refused call's `error_code` → unified code.
const ERROR_CODES: &[(&str, U)] = &[
    ("API_VALIDATION_ERROR", U::InvalidRequest),
    ("INVALID_VALUE_ERROR", U::InvalidRequest),
    ("INVALID_JSON_FORMAT", U::InvalidRequest),
    ("INACTIVE_PAYMENT_REQUEST", U::InvalidRequest),
    ("INELIGIBLE_TRANSACTION_STATUS", U::InvalidRequest),
    ("CARD_EXPIRED", U::ExpiredCard),
    ("CAPTURE_AMOUNT_EXCEEDED", U::InvalidAmount),
    ("REFUND_AMOUNT_EXCEEDED", U::InvalidAmount),
    ("PARTIAL_REFUND_COUNTS_EXCEEDED", U::TransactionNotAllowed),
    ("REFUND_IN_PROGRESS", U::DuplicateTransaction),
    ("INVALID_PAYMENT_DETAILS", U::InvalidRequest),
    ("INVALID_PAYMENT_METHOD", U::InvalidRequest),
    ("INVALID_TOKEN", U::InvalidRequest),
    ("BLOCKED_TOKEN", U::TransactionNotAllowed),
    ("INSUFFICIENT_BALANCE", U::InsufficientFunds),
    ("PAYMENT_REQUEST_RATE_LIMITED", U::RateLimited),
    ("RATE_LIMIT_EXCEEDED", U::RateLimited),
    ("TEMPORARILY_UNAVAILABLE", U::ProcessorUnavailable),
    ("CHANNEL_UNAVAILABLE", U::ProcessorUnavailable),
    ("CHANNEL_NOT_ACTIVATED", U::TransactionNotAllowed),
    ("DUPLICATE_ERROR", U::DuplicateTransaction),
    ("IDEMPOTENCY_ERROR", U::DuplicateTransaction),
    ("INVALID_API_KEY", U::InvalidCredentials),
    ("REQUEST_FORBIDDEN_ERROR", U::InvalidCredentials),
    ("FORBIDDEN", U::InvalidCredentials),
    ("DATA_NOT_FOUND", U::NotFound),
    ("SERVER_ERROR", U::ProcessorUnavailable),
];

/// The unified code of a refused call: its `error_code` when listed, else by HTTP status.
pub fn error_code(http_status: u16, code: Option<&str>) -> U {
    if http_status >= 500 {
        return U::ProcessorUnavailable;
    }
    if let Some((_, u)) = code.and_then(|c| ERROR_CODES.iter().find(|(k, _)| k.eq_ignore_ascii_case(c.trim()))) {
        return *u;
    }
    match http_status {
        401 | 403 => U::InvalidCredentials,
        404 => U::NotFound,
        409 => U::DuplicateTransaction,
        429 => U::RateLimited,
        _ => U::InvalidRequest,
    }
}

#[cfg(test)]
pub fn known_payment_statuses() -> impl Iterator<Item = &'static str> {
    PAYMENT_STATUSES.iter().map(|(s, _)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(payment_status(Some("SUCCEEDED")), PaymentStatus::Charged);
        assert_eq!(payment_status(Some("AWAITING_CAPTURE")), PaymentStatus::Authorized);
        assert_eq!(payment_status(Some("REQUIRES_ACTION")), PaymentStatus::AuthenticationPending);
        assert_eq!(payment_status(Some("FAILED")), PaymentStatus::Failure);
        assert_eq!(payment_status(Some("UNKNOWN_ENUM_VALUE")), PaymentStatus::Unresolved);
        assert_eq!(payment_status(None), PaymentStatus::Unresolved);
        assert_eq!(refund_status(Some("SUCCEEDED")), RefundStatus::Success);
        assert_eq!(refund_status(Some("FAILED")), RefundStatus::Failure);
        assert_eq!(refund_status(Some("SOMETHING_NEW")), RefundStatus::Pending);
    }

    #[test]
    fn codes() {
        assert_eq!(failure_code(Some("INSUFFICIENT_BALANCE")), (U::InsufficientFunds, Some(DeclineType::Soft)));
        assert_eq!(failure_code(Some("STOLEN_CARD")), (U::LostOrStolenCard, Some(DeclineType::Hard)));
        assert_eq!(failure_code(Some("A_NEW_CODE")), (U::CardDeclined, None));
        assert_eq!(error_code(400, Some("CAPTURE_AMOUNT_EXCEEDED")), U::InvalidAmount);
        assert_eq!(error_code(401, Some("INVALID_API_KEY")), U::InvalidCredentials);
        assert_eq!(error_code(404, None), U::NotFound);
        assert_eq!(error_code(503, Some("API_VALIDATION_ERROR")), U::ProcessorUnavailable);
        for (i, (c, ..)) in FAILURE_CODES.iter().enumerate() {
            assert!(FAILURE_CODES[i + 1..].iter().all(|(c2, ..)| c2 != c), "{c} twice");
        }
        for (i, (c, _)) in ERROR_CODES.iter().enumerate() {
            assert!(ERROR_CODES[i + 1..].iter().all(|(c2, _)| c2 != c), "{c} twice");
        }
    }
}

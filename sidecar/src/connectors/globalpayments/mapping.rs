//! GP API's statuses and codes into the unified ones, as tables. Sources: GP API's reference
//! (developer.globalpay.com, "Transactions", "Errors", "Test cards") and what the official SDKs
//! read and test (`globalpayments-api` 3.10: `TransactionStatus`, `GpApiMapping`, the integration
//! tests' expected error words and decline cards).
//!
//! - Transaction `status`: INITIATED, AUTHENTICATED, PENDING, DECLINED, PREAUTHORIZED, CAPTURED,
//!   BATCHED, REVERSED, FUNDED, REJECTED (the SDK's `TransactionStatus`). A refund is a
//!   transaction of type REFUND with the same statuses.
//! - `error_code` of an HTTP error, with `detailed_error_code` (5 digits, e.g. 40039 for a reused
//!   idempotency key) and `detailed_error_description`.
//! - `payment_method.result`: the issuer's ISO 8583 response code, or the gateway's own result
//!   code that GP's decline test cards return (the SDK's certification tests "Declined 101",
//!   "102", "103", "111": 101 declined by the bank, 102 referral B, 103 referral A (lost or
//!   stolen card), 111 strong customer authentication required; 107 fraud checks failed).

use crate::protocol::{DeclineType, DisputeStatus, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// Transaction status → unified payment status.
pub const TRANSACTION_STATUSES: &[(&str, PaymentStatus)] = &[
    // Created; the payer has something to do (a redirect) or GP has not finished.
    ("INITIATED", PaymentStatus::Pending),
    ("AUTHENTICATED", PaymentStatus::AuthenticationSuccessful),
    ("PENDING", PaymentStatus::Pending),
    ("DECLINED", PaymentStatus::Failure),
    // Authorized, waiting for capture (capture_mode LATER).
    ("PREAUTHORIZED", PaymentStatus::Authorized),
    // Captured; then placed in a batch for settlement; then paid out to the merchant.
    ("CAPTURED", PaymentStatus::Charged),
    ("BATCHED", PaymentStatus::Charged),
    ("FUNDED", PaymentStatus::Charged),
    // An authorization released, or a sale reversed before its batch closed.
    ("REVERSED", PaymentStatus::Voided),
    ("REJECTED", PaymentStatus::Failure),
];

pub fn transaction_status(status: &str) -> Option<PaymentStatus> {
    TRANSACTION_STATUSES.iter().find(|(s, _)| s.eq_ignore_ascii_case(status.trim())).map(|(_, p)| *p)
}

/// A refund transaction's status → unified refund status.
pub const REFUND_STATUSES: &[(&str, RefundStatus)] = &[
    ("INITIATED", RefundStatus::Pending),
    ("PENDING", RefundStatus::Pending),
    ("CAPTURED", RefundStatus::Success),
    ("BATCHED", RefundStatus::Success),
    ("FUNDED", RefundStatus::Success),
    ("DECLINED", RefundStatus::Failure),
    ("REJECTED", RefundStatus::Failure),
    // The refund itself was reversed: no money goes back.
    ("REVERSED", RefundStatus::Failure),
];

pub fn refund_status(status: &str) -> Option<RefundStatus> {
    REFUND_STATUSES.iter().find(|(s, _)| s.eq_ignore_ascii_case(status.trim())).map(|(_, r)| *r)
}

/// `error_code` → unified code.
pub const ERROR_CODES: &[(&str, U)] = &[
    ("NOT_AUTHENTICATED", U::InvalidCredentials),
    ("ACTION_NOT_AUTHORIZED", U::InvalidCredentials),
    ("UNAUTHORIZED_DOWNSTREAM", U::InvalidCredentials),
    ("INVALID_REQUEST_DATA", U::InvalidRequest),
    ("MANDATORY_DATA_MISSING", U::InvalidRequest),
    ("INVALID_TRANSACTION_ACTION", U::InvalidRequest),
    ("INVALID_DISPUTE_ACTION", U::InvalidRequest),
    ("RESOURCE_NOT_FOUND", U::NotFound),
    ("DUPLICATE_ACTION", U::DuplicateTransaction),
    ("SYSTEM_ERROR_DOWNSTREAM", U::ProcessorUnavailable),
    ("SYSTEM_ERROR", U::ProcessingError),
];

pub fn error_code(code: &str) -> Option<U> {
    ERROR_CODES.iter().find(|(c, _)| c.eq_ignore_ascii_case(code.trim())).map(|(_, u)| *u)
}

/// `payment_method.result` of a declined transaction → a finer unified code, soft or hard.
pub const RESULT_CODES: &[(&str, U, DeclineType)] = &[
    // The gateway's result codes (GP's test cards).
    ("101", U::CardDeclined, DeclineType::Soft),
    ("102", U::CardDeclined, DeclineType::Soft),
    ("103", U::LostOrStolenCard, DeclineType::Hard),
    ("107", U::FraudSuspected, DeclineType::Hard),
    ("111", U::AuthenticationRequired, DeclineType::Soft),
    // ISO 8583 issuer response codes.
    ("01", U::CardDeclined, DeclineType::Soft),
    ("02", U::CardDeclined, DeclineType::Soft),
    ("04", U::LostOrStolenCard, DeclineType::Hard),
    ("05", U::CardDeclined, DeclineType::Soft),
    ("12", U::TransactionNotAllowed, DeclineType::Hard),
    ("13", U::InvalidAmount, DeclineType::Hard),
    ("14", U::InvalidCardNumber, DeclineType::Hard),
    ("41", U::LostOrStolenCard, DeclineType::Hard),
    ("43", U::LostOrStolenCard, DeclineType::Hard),
    ("51", U::InsufficientFunds, DeclineType::Soft),
    ("54", U::ExpiredCard, DeclineType::Hard),
    ("57", U::TransactionNotAllowed, DeclineType::Hard),
    ("59", U::FraudSuspected, DeclineType::Hard),
    ("61", U::LimitExceeded, DeclineType::Soft),
    ("62", U::TransactionNotAllowed, DeclineType::Hard),
    ("65", U::LimitExceeded, DeclineType::Soft),
    ("91", U::ProcessorUnavailable, DeclineType::Soft),
    ("96", U::ProcessorUnavailable, DeclineType::Soft),
    ("N7", U::IncorrectCvc, DeclineType::Soft),
];

pub fn result_code(code: &str) -> Option<(U, DeclineType)> {
    RESULT_CODES.iter().find(|(c, _, _)| c.eq_ignore_ascii_case(code.trim())).map(|(_, u, d)| (*u, *d))
}

/// A code the tables do not list: by its HTTP status alone, as the kit reads it.
pub use crate::kit::http_status::by_http_status;

/// A dispute's `status` (the SDK's `DisputeStatus`: UNDER_REVIEW, WITH_MERCHANT, CLOSED; FUNDED
/// and DELAYED are settlement disputes', read elsewhere) and, once CLOSED, its `result` (PENDING
/// while open; WON or LOST: GP's dispute `result`, as in the SDKs' mapping tests) → unified.
/// - WITH_MERCHANT: the merchant must accept or challenge before `time_to_respond_by`, at any
///   stage (a RETRIEVAL asks for a document, a CHARGEBACK for a defense);
/// - UNDER_REVIEW: GP or the issuer is deciding;
/// - CLOSED: by its result; a CLOSED case without one is not known to be won or lost: under review,
///   with GP's words in connectorStatus.
pub const DISPUTE_STATUSES: &[(&str, DisputeStatus)] =
    &[("WITH_MERCHANT", DisputeStatus::NeedsResponse), ("UNDER_REVIEW", DisputeStatus::UnderReview)];

pub const DISPUTE_RESULTS: &[(&str, DisputeStatus)] = &[("WON", DisputeStatus::Won), ("LOST", DisputeStatus::Lost)];

pub fn dispute_status(status: &str, result: Option<&str>) -> Option<DisputeStatus> {
    let status = status.trim();
    if status.eq_ignore_ascii_case("CLOSED") {
        let result = result.map(str::trim).unwrap_or_default();
        return Some(DISPUTE_RESULTS.iter().find(|(r, _)| r.eq_ignore_ascii_case(result)).map(|(_, d)| *d).unwrap_or(DisputeStatus::UnderReview));
    }
    DISPUTE_STATUSES.iter().find(|(s, _)| s.eq_ignore_ascii_case(status)).map(|(_, d)| *d)
}

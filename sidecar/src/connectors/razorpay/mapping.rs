//! Razorpay's statuses and error codes into the unified ones, as tables.
//!
//! An error answer is `{error: {code, description, field, source, step, reason, metadata}}`
//! (https://razorpay.com/docs/errors/): `code` is the error type (`BAD_REQUEST_ERROR`,
//! `GATEWAY_ERROR`, `SERVER_ERROR`), `reason` the exact cause, from the "Error Reasons" table
//! (https://razorpay.com/docs/payments/payment-gateway/rainy-day/errors/error-reasons/): [`REASONS`].
//! A failed payment carries the same words as `error_code`, `error_reason`, `error_description`.

use crate::protocol::{DeclineType, DisputeStatus, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// Payment entity `status` (https://razorpay.com/docs/payments/payments/#payment-life-cycle):
/// `created` (the shopper has not finished: redirect, OTP, UPI approval), `authorized`,
/// `captured`, `refunded` (a captured payment refunded: still a charged payment, its refunds
/// are read with rsync), `failed`.
pub fn payment_status(status: &str) -> Option<PaymentStatus> {
    Some(match status {
        "created" => PaymentStatus::AuthenticationPending,
        "authorized" => PaymentStatus::Authorized,
        "captured" | "refunded" => PaymentStatus::Charged,
        "failed" => PaymentStatus::Failure,
        _ => return None,
    })
}

/// Refund entity `status`: `pending` (Razorpay is processing it), `processed` (final), `failed`.
pub fn refund_status(status: &str) -> Option<RefundStatus> {
    Some(match status {
        "pending" => RefundStatus::Pending,
        "processed" => RefundStatus::Success,
        "failed" => RefundStatus::Failure,
        _ => return None,
    })
}

/// Dispute entity `status` (Disputes Entity): `open` (created: respond by `respond_by`, a draft
/// contest leaves it open), `under_review` (the contest was submitted, the bank reviews it), `won`,
/// `lost` (also what accepting a dispute makes it), `closed` ("the fraudulent transaction was
/// closed after you provided either the transaction details or made a refund": the dispute ended
/// with nothing more to answer, as webhooks.rs has read it: `expired`).
pub fn dispute_status(status: &str) -> Option<DisputeStatus> {
    Some(match status {
        "open" => DisputeStatus::NeedsResponse,
        "under_review" => DisputeStatus::UnderReview,
        "won" => DisputeStatus::Won,
        "lost" => DisputeStatus::Lost,
        "closed" => DisputeStatus::Expired,
        _ => return None,
    })
}

/// Every dispute status the Disputes Entity lists, for the test that the table covers them.
#[cfg(test)]
pub const DISPUTE_STATUSES: &[&str] = &["open", "under_review", "won", "lost", "closed"];

/// `reason` → unified code and, for declines, whether trying again can succeed. From the "Error
/// Reasons" table; a reason it does not list falls back on [`error_type`].
pub const REASONS: &[(&str, U, Option<DeclineType>)] = &[
    ("amount_less_than_minimum_amount", U::InvalidAmount, None),
    ("authentication_failed", U::AuthenticationFailed, Some(DeclineType::Soft)),
    ("authorisation_declined_by_psp", U::CardDeclined, Some(DeclineType::Soft)),
    ("bank_account_invalid", U::TransactionNotAllowed, Some(DeclineType::Hard)),
    ("bank_not_available", U::ProcessorUnavailable, Some(DeclineType::Soft)),
    ("bank_technical_error", U::ProcessorUnavailable, Some(DeclineType::Soft)),
    ("card_declined", U::CardDeclined, Some(DeclineType::Soft)),
    ("card_expired", U::ExpiredCard, Some(DeclineType::Hard)),
    ("card_network_not_enabled", U::CardNotSupported, Some(DeclineType::Hard)),
    ("card_not_enrolled", U::AuthenticationRequired, Some(DeclineType::Hard)),
    ("card_number_invalid", U::InvalidCardNumber, Some(DeclineType::Hard)),
    ("card_type_invalid", U::CardNotSupported, Some(DeclineType::Hard)),
    ("collect_request_pending", U::AuthenticationRequired, Some(DeclineType::Soft)),
    ("compliance_violation", U::FraudSuspected, Some(DeclineType::Hard)),
    ("debit_declined", U::CardDeclined, Some(DeclineType::Soft)),
    ("debit_instrument_blocked", U::TransactionNotAllowed, Some(DeclineType::Hard)),
    ("duplicate_refund_id", U::DuplicateTransaction, None),
    ("duplicate_request", U::DuplicateTransaction, None),
    ("gateway_technical_error", U::ProcessorUnavailable, Some(DeclineType::Soft)),
    ("incorrect_card_details", U::InvalidCardNumber, Some(DeclineType::Soft)),
    ("incorrect_card_expiry_date", U::InvalidExpiryDate, Some(DeclineType::Soft)),
    ("incorrect_cvv", U::IncorrectCvc, Some(DeclineType::Soft)),
    ("incorrect_otp", U::AuthenticationFailed, Some(DeclineType::Soft)),
    ("incorrect_pin", U::AuthenticationFailed, Some(DeclineType::Soft)),
    ("input_validation_failed", U::InvalidRequest, None),
    ("insufficient_funds", U::InsufficientFunds, Some(DeclineType::Soft)),
    // Not in the table, but the reason of the documented error sample (About Errors): a wrong OTP.
    ("invalid_otp", U::AuthenticationFailed, Some(DeclineType::Soft)),
    ("international_transaction_not_allowed", U::TransactionNotAllowed, Some(DeclineType::Hard)),
    ("invalid_amount", U::InvalidAmount, None),
    ("invalid_currency", U::InvalidRequest, None),
    ("invalid_order_id", U::InvalidRequest, None),
    ("invalid_request", U::InvalidRequest, None),
    ("invalid_vpa", U::InvalidRequest, Some(DeclineType::Soft)),
    ("issuer_technical_error", U::ProcessorUnavailable, Some(DeclineType::Soft)),
    ("order_already_paid", U::DuplicateTransaction, None),
    ("order_amount_mismatch", U::InvalidAmount, None),
    ("otp_attempts_exceeded", U::AuthenticationFailed, Some(DeclineType::Hard)),
    ("otp_expired", U::AuthenticationFailed, Some(DeclineType::Soft)),
    ("payment_amount_tampered", U::FraudSuspected, Some(DeclineType::Hard)),
    ("payment_cancelled", U::AuthenticationFailed, Some(DeclineType::Soft)),
    ("payment_collect_request_expired", U::AuthenticationFailed, Some(DeclineType::Soft)),
    ("payment_declined", U::CardDeclined, Some(DeclineType::Soft)),
    ("payment_failed", U::CardDeclined, Some(DeclineType::Soft)),
    ("payment_method_not_enabled", U::TransactionNotAllowed, None),
    ("payment_risk_check_failed", U::FraudSuspected, Some(DeclineType::Hard)),
    ("payment_session_expired", U::AuthenticationFailed, Some(DeclineType::Soft)),
    ("payment_timed_out", U::AuthenticationFailed, Some(DeclineType::Soft)),
    ("pin_attempts_exceeded", U::AuthenticationFailed, Some(DeclineType::Hard)),
    ("record_not_found", U::NotFound, None),
    ("refund_limit_crossed", U::LimitExceeded, None),
    ("request_timed_out", U::ProcessorUnavailable, None),
    ("server_error", U::ProcessorUnavailable, None),
    ("transaction_daily_limit_exceeded", U::LimitExceeded, Some(DeclineType::Soft)),
    ("transaction_limit_exceeded", U::LimitExceeded, Some(DeclineType::Soft)),
    ("upi_collect_not_enabled", U::TransactionNotAllowed, None),
    ("upi_intent_not_enabled", U::TransactionNotAllowed, None),
    ("vpa_resolution_failed", U::InvalidRequest, Some(DeclineType::Soft)),
];

/// The unified code of an error `reason`, and its decline type.
pub fn reason(reason: &str) -> Option<(U, Option<DeclineType>)> {
    REASONS.iter().find(|(r, _, _)| r.eq_ignore_ascii_case(reason)).map(|(_, u, d)| (*u, *d))
}

/// The error `code` (type) when no reason says more: `BAD_REQUEST_ERROR` (the request, or the
/// payment declined), `GATEWAY_ERROR` (the bank or network), `SERVER_ERROR` (Razorpay).
pub fn error_type(http_status: u16, code: Option<&str>) -> U {
    match (http_status, code) {
        (401, _) => U::InvalidCredentials,
        (404, _) => U::NotFound,
        (429, _) => U::RateLimited,
        (_, Some("GATEWAY_ERROR")) => U::ProcessorUnavailable,
        (_, Some("SERVER_ERROR")) => U::ProcessorUnavailable,
        (s, _) if s >= 500 => U::ProcessorUnavailable,
        (_, Some("BAD_REQUEST_ERROR")) => U::InvalidRequest,
        _ => U::ProcessingError,
    }
}

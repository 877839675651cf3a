//! Mollie's statuses, failure reasons, error statuses and currencies into the unified ones, as tables.
//!
//! Sources: "Payment status changes" (https://docs.mollie.com/docs/status-change) and the OpenAPI
//! spec's `payment-status` (open, pending, authorized, paid, canceled, expired, failed),
//! `capture-status` (pending, succeeded, failed), `refund-status` (queued, pending, processing,
//! refunded, failed, canceled), `mandate-status` (valid, pending, invalid) and
//! `payment-details-failure-reason-response` (cards' `details.failureReason`); errors: "Handling
//! errors" (https://docs.mollie.com/reference/handling-errors): an `application/hal+json` body
//! `{status, title, detail, field?}` with the HTTP status; currencies: "Multicurrency"
//! (https://docs.mollie.com/docs/multicurrency).

use crate::protocol::{DeclineType, PaymentStatus, RefundStatus, UnifiedErrorCode};

/// Mollie's currencies and the decimals its `amount.value` takes ("Multicurrency": two decimals,
/// ISK and JPY none; every one equals ISO 4217's exponent; BGN, withdrawn by ISO 4217 in 2026, is
/// gone). A currency not listed is refused.
const CURRENCIES: &[(&str, u8)] = &[
    ("AED", 2),
    ("AUD", 2),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("HUF", 2),
    ("ILS", 2),
    ("ISK", 0),
    ("JPY", 0),
    ("MXN", 2),
    ("MYR", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("PHP", 2),
    ("PLN", 2),
    ("RON", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("THB", 2),
    ("TWD", 2),
    ("USD", 2),
    ("ZAR", 2),
];

pub fn currency_decimals(currency: &str) -> Option<u8> {
    CURRENCIES.iter().find(|(c, _)| *c == currency).map(|(_, d)| *d)
}

#[cfg(test)]
pub fn currencies() -> &'static [(&'static str, u8)] {
    CURRENCIES
}

/// A payment's `status`. `open` with a checkout link waits for the shopper (3-D Secure, the
/// bank's or wallet's page); `canceled` is the merchant's (or the shopper's) cancellation.
pub fn payment_status(status: &str, has_checkout: bool) -> Option<PaymentStatus> {
    Some(match status {
        "open" if has_checkout => PaymentStatus::AuthenticationPending,
        "open" => PaymentStatus::Pending,
        "pending" => PaymentStatus::Pending,
        "authorized" => PaymentStatus::Authorized,
        "paid" => PaymentStatus::Charged,
        "canceled" => PaymentStatus::Voided,
        "expired" | "failed" => PaymentStatus::Failure,
        _ => return None,
    })
}

/// A capture's `status`.
pub fn capture_status(status: &str) -> Option<PaymentStatus> {
    Some(match status {
        "pending" => PaymentStatus::CaptureInitiated,
        "succeeded" => PaymentStatus::Charged,
        "failed" => PaymentStatus::CaptureFailed,
        _ => return None,
    })
}

/// A refund's `status`: queued (waiting for balance), pending and processing are on their way.
pub fn refund_status(status: &str) -> Option<RefundStatus> {
    Some(match status {
        "queued" | "pending" | "processing" => RefundStatus::Pending,
        "refunded" => RefundStatus::Success,
        "failed" | "canceled" => RefundStatus::Failure,
        _ => return None,
    })
}

/// A card payment's `details.failureReason` (the spec's payment-details-failure-reason-response).
pub fn failure_reason(reason: &str) -> (UnifiedErrorCode, Option<DeclineType>) {
    use DeclineType::{Hard, Soft};
    use UnifiedErrorCode::*;
    match reason {
        "authentication_abandoned" => (AuthenticationFailed, Some(Soft)),
        "authentication_failed" => (AuthenticationFailed, Some(Soft)),
        "authentication_required" => (AuthenticationRequired, Some(Soft)),
        "authentication_unavailable_acs" => (AuthenticationFailed, Some(Soft)),
        "card_declined" => (CardDeclined, Some(Soft)),
        "card_expired" => (ExpiredCard, Some(Hard)),
        "inactive_card" => (CardDeclined, Some(Hard)),
        "insufficient_funds" => (InsufficientFunds, Some(Soft)),
        "invalid_cvv" => (IncorrectCvc, Some(Soft)),
        "invalid_card_holder_name" => (CardDeclined, Some(Soft)),
        "invalid_card_number" => (InvalidCardNumber, Some(Hard)),
        "invalid_card_type" => (CardNotSupported, Some(Hard)),
        "possible_fraud" => (FraudSuspected, Some(Hard)),
        "refused_by_issuer" => (CardDeclined, Some(Soft)),
        // unknown_reason, and any reason Mollie adds later.
        _ => (CardDeclined, None),
    }
}

/// An error answer's HTTP status ("Handling errors": 400 Bad Request, 401 Unauthorized, 403
/// Forbidden, 404 Not Found, 405, 409 Conflict (two identical refunds in short succession), 410 Gone, 415, 422 Unprocessable Entity, 429 Too Many Requests,
/// 5xx: Mollie's side).
pub fn http_error_code(status: u16) -> UnifiedErrorCode {
    match status {
        401 | 403 => UnifiedErrorCode::InvalidCredentials,
        404 | 410 => UnifiedErrorCode::NotFound,
        409 => UnifiedErrorCode::DuplicateTransaction,
        429 => UnifiedErrorCode::RateLimited,
        500..=599 => UnifiedErrorCode::ProcessorUnavailable,
        _ => UnifiedErrorCode::InvalidRequest,
    }
}

/// Whether a refused call left nothing known (the outcome must be read again): 5xx and 429.
/// (409 on a refund is "A duplicate refund has been detected": this call created nothing.)
pub fn outcome_unknown(status: u16) -> bool {
    status >= 500 || status == 429
}

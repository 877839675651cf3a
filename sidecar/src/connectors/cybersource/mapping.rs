//! Cybersource's statuses and reasons → unified ones. Tables, not scattered `if`s.
//! Sources: the `status` and `errorInformation.reason` enums of the REST Payments API
//! (PtsV2PaymentsPost201Response, ...CapturesPost201Response, ...ReversalsPost201Response,
//! ...RefundPost201Response, the 400 and 502 bodies) as published in cybersource-rest-client's
//! model docs, and https://developer.cybersource.com/api/reference/response-codes.

use crate::protocol::{DeclineType, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// `status` of Process a Payment. `capture` is whether the request asked for a sale: Cybersource
/// answers AUTHORIZED to both, and a sale's authorization is captured in the same request.
/// Unknown words are `unresolved`: a status added later must not be guessed into a money state.
pub fn authorization_status(status: Option<&str>, capture: bool) -> PaymentStatus {
    match status {
        Some("AUTHORIZED") if capture => PaymentStatus::Charged,
        Some("AUTHORIZED") => PaymentStatus::Authorized,
        // The issuer approved less than asked (partial authorization enabled on the account).
        Some("PARTIAL_AUTHORIZED") => PaymentStatus::PartiallyAuthorized,
        // Authorized, but Decision Manager holds it for review: it may still be rejected.
        Some("AUTHORIZED_PENDING_REVIEW") | Some("PENDING_REVIEW") => PaymentStatus::Pending,
        // Authorized by the issuer, rejected by Decision Manager: the order must not ship.
        Some("AUTHORIZED_RISK_DECLINED") => PaymentStatus::Failure,
        Some("DECLINED") | Some("INVALID_REQUEST") => PaymentStatus::Failure,
        // Payer Authentication's enrollment check found a challenge: payer_auth.rs reads the step-up.
        Some("PENDING_AUTHENTICATION") => PaymentStatus::AuthenticationPending,
        Some("SERVER_ERROR") => PaymentStatus::Unresolved,
        _ => PaymentStatus::Unresolved,
    }
}

/// `status` of Process a Payment for an eCheck (ACH) debit. The eCheck guide's "REST Example:
/// eCheck Debit Transaction" answers PENDING: the debit is accepted and goes to the bank with the
/// next settlement batch, as a capture's PENDING does (and as Authorize.Net's approved eCheck.Net
/// debit is read); a later return (NSF, closed account) comes as its own transaction.
pub fn debit_status(status: Option<&str>) -> PaymentStatus {
    match status {
        Some("PENDING") | Some("TRANSMITTED") => PaymentStatus::Charged,
        Some("DECLINED") | Some("INVALID_REQUEST") => PaymentStatus::Failure,
        _ => PaymentStatus::Unresolved,
    }
}

/// `status` of Capture a Payment: PENDING (accepted, settles with the next batch) or TRANSMITTED
/// (online capture merchants). Either way the capture is taken.
pub fn capture_status(status: Option<&str>) -> PaymentStatus {
    match status {
        Some("PENDING") | Some("TRANSMITTED") => PaymentStatus::Charged,
        Some("DECLINED") | Some("INVALID_REQUEST") => PaymentStatus::CaptureFailed,
        _ => PaymentStatus::Unresolved,
    }
}

/// `status` of Process an Authorization Reversal: REVERSED.
pub fn reversal_status(status: Option<&str>) -> PaymentStatus {
    match status {
        Some("REVERSED") => PaymentStatus::Voided,
        Some("DECLINED") | Some("INVALID_REQUEST") => PaymentStatus::VoidFailed,
        _ => PaymentStatus::Unresolved,
    }
}

/// `status` of Void a Capture / Void a Payment (PtsV2PaymentsVoidsPost201Response): VOIDED; a
/// refused void is a 400 (read as void_failed by the caller); any other word: unresolved.
pub fn void_status(status: Option<&str>) -> PaymentStatus {
    match status {
        Some("VOIDED") => PaymentStatus::Voided,
        Some("DECLINED") | Some("INVALID_REQUEST") => PaymentStatus::VoidFailed,
        _ => PaymentStatus::Unresolved,
    }
}

/// `status` of Refund a Payment: PENDING (accepted, sent with the next settlement batch) or
/// TRANSMITTED (sent). Unknown words stay `pending`: reporting a refund as failed when it may
/// have gone through invites a second refund.
pub fn refund_status(status: Option<&str>) -> RefundStatus {
    match status {
        Some("TRANSMITTED") | Some("SETTLED") => RefundStatus::Success,
        Some("PENDING") => RefundStatus::Pending,
        Some("DECLINED") | Some("INVALID_REQUEST") | Some("FAILED") | Some("VOIDED") | Some("CANCELLED") => RefundStatus::Failure,
        _ => RefundStatus::Pending,
    }
}

use DeclineType::{Hard, Soft};

/// `errorInformation.reason` (201 declines) and the top-level `reason` (400, 502) → unified code
/// and, for declines of the card, soft (a retry later or after a fix can succeed) or hard (do not
/// retry this card). Reasons about the request or the account carry no decline type.
const REASONS: &[(&str, U, Option<DeclineType>)] = &[
    // --- issuer declines ---
    ("PROCESSOR_DECLINED", U::CardDeclined, Some(Soft)),
    ("GENERAL_DECLINE", U::CardDeclined, Some(Soft)),
    ("CONTACT_PROCESSOR", U::CardDeclined, Some(Soft)),
    ("PAYMENT_REFUSED", U::CardDeclined, Some(Hard)),
    ("DECLINED_CHECK", U::CardDeclined, Some(Hard)),
    ("AVS_FAILED", U::CardDeclined, Some(Soft)),
    ("INSUFFICIENT_FUND", U::InsufficientFunds, Some(Soft)),
    ("EXCEEDS_CREDIT_LIMIT", U::LimitExceeded, Some(Soft)),
    ("EXPIRED_CARD", U::ExpiredCard, Some(Hard)),
    ("STOLEN_LOST_CARD", U::LostOrStolenCard, Some(Hard)),
    ("CV_FAILED", U::IncorrectCvc, Some(Soft)),
    ("CVN_NOT_MATCH", U::IncorrectCvc, Some(Soft)),
    ("INVALID_CVN", U::IncorrectCvc, Some(Soft)),
    ("INVALID_ACCOUNT", U::InvalidCardNumber, Some(Hard)),
    ("INVALID_CARD", U::InvalidCardNumber, Some(Hard)),
    ("UNAUTHORIZED_CARD", U::CardNotSupported, Some(Hard)),
    ("CARD_TYPE_NOT_ACCEPTED", U::CardNotSupported, Some(Hard)),
    ("BLOCKED_BY_CARDHOLDER", U::TransactionNotAllowed, Some(Hard)),
    ("SUSPENDED_ACCOUNT", U::TransactionNotAllowed, Some(Hard)),
    ("ALLOWABLE_PIN_RETRIES_EXCEEDED", U::TransactionNotAllowed, Some(Hard)),
    ("ACH_VERIFICATION_FAILED", U::TransactionNotAllowed, Some(Hard)),
    ("ISSUER_UNAVAILABLE", U::ProcessorUnavailable, Some(Soft)),
    ("PROCESSOR_ERROR", U::ProcessingError, Some(Soft)),
    // --- risk (Decision Manager, watch lists) ---
    ("BLACKLISTED_CUSTOMER", U::FraudSuspected, Some(Hard)),
    ("DECISION_PROFILE_REJECT", U::FraudSuspected, Some(Hard)),
    ("SCORE_EXCEEDS_THRESHOLD", U::FraudSuspected, Some(Hard)),
    ("DECISION_PROFILE_REVIEW", U::FraudSuspected, None),
    ("CUSTOMER_WATCHLIST_MATCH", U::FraudSuspected, Some(Hard)),
    ("ADDRESS_COUNTRY_WATCHLIST_MATCH", U::FraudSuspected, Some(Hard)),
    ("EMAIL_COUNTRY_WATCHLIST_MATCH", U::FraudSuspected, Some(Hard)),
    ("IP_COUNTRY_WATCHLIST_MATCH", U::FraudSuspected, Some(Hard)),
    // --- payer authentication ---
    ("PENDING_AUTHENTICATION", U::AuthenticationRequired, Some(Soft)),
    ("CONSUMER_AUTHENTICATION_REQUIRED", U::AuthenticationRequired, Some(Soft)),
    ("CONSUMER_AUTHENTICATION_FAILED", U::AuthenticationFailed, Some(Soft)),
    // --- the request ---
    ("MISSING_FIELD", U::InvalidRequest, None),
    ("INVALID_DATA", U::InvalidRequest, None),
    ("INVALID_MERCHANT_CONFIGURATION", U::InvalidRequest, None),
    ("DUPLICATE_REQUEST", U::DuplicateTransaction, None),
    ("INVALID_AMOUNT", U::InvalidAmount, None),
    ("EXCEEDS_AUTH_AMOUNT", U::InvalidAmount, None),
    ("MISSING_AUTH", U::NotFound, None),
    ("AUTH_ALREADY_REVERSED", U::TransactionNotAllowed, None),
    ("TRANSACTION_ALREADY_SETTLED", U::TransactionNotAllowed, None),
    ("TRANSACTION_ALREADY_REVERSED_OR_SETTLED", U::TransactionNotAllowed, None),
    ("NOT_SUPPORTED", U::TransactionNotAllowed, None),
    // --- Cybersource's side (HTTP 502) ---
    ("SYSTEM_ERROR", U::ProcessorUnavailable, None),
    ("SERVER_TIMEOUT", U::ProcessorUnavailable, None),
    ("SERVICE_TIMEOUT", U::ProcessorUnavailable, None),
    ("PROCESSOR_TIMEOUT", U::ProcessorUnavailable, None),
];

/// The unified code of a reason; without a known reason, the HTTP status decides.
pub fn error_code(http_status: u16, reason: Option<&str>) -> (U, Option<DeclineType>) {
    if let Some((_, code, decline)) = reason.and_then(|r| REASONS.iter().find(|(k, _, _)| *k == r)) {
        return (*code, *decline);
    }
    match http_status {
        401 | 403 => (U::InvalidCredentials, None),
        404 => (U::NotFound, None),
        429 => (U::RateLimited, None),
        500..=599 => (U::ProcessorUnavailable, None),
        400..=499 => (U::InvalidRequest, None),
        // A decline without a reason we know: the card was declined, nothing more is known.
        _ => (U::CardDeclined, Some(Soft)),
    }
}

/// `rFlag` of a service in Transaction Details (the one-word results of Cybersource's reason
/// codes) for the declines it names; others fall back to `rCode`: "0" a decline, "-1" an error.
const R_FLAGS: &[(&str, U, Option<DeclineType>)] = &[
    ("DINSUFFICIENTFUNDS", U::InsufficientFunds, Some(Soft)),
    ("DCARDEXPIRED", U::ExpiredCard, Some(Hard)),
    ("DCARDREFUSED", U::CardDeclined, Some(Soft)),
    ("DCALL", U::CardDeclined, Some(Soft)),
    ("DCV", U::IncorrectCvc, Some(Soft)),
    ("DAVSNO", U::CardDeclined, Some(Soft)),
    ("DINVALIDCARD", U::InvalidCardNumber, Some(Hard)),
    ("DINVALIDDATA", U::InvalidRequest, None),
    ("DMISSINGFIELD", U::InvalidRequest, None),
    ("DDUPLICATE", U::DuplicateTransaction, None),
    ("DSCORE", U::FraudSuspected, Some(Hard)),
    ("DREVIEW", U::FraudSuspected, None),
    ("ESYSTEM", U::ProcessorUnavailable, None),
    ("ETIMEOUT", U::ProcessorUnavailable, None),
];

pub fn r_flag_code(r_flag: Option<&str>, r_code: Option<&str>) -> (U, Option<DeclineType>) {
    if let Some((_, code, decline)) = r_flag.and_then(|f| R_FLAGS.iter().find(|(k, _, _)| *k == f)) {
        return (*code, *decline);
    }
    match r_code {
        Some("0") => (U::CardDeclined, Some(Soft)),
        _ => (U::ProcessingError, None),
    }
}

#[cfg(test)]
pub fn known_r_flags() -> impl Iterator<Item = (&'static str, U, Option<DeclineType>)> {
    R_FLAGS.iter().copied()
}

#[cfg(test)]
pub fn known_reasons() -> impl Iterator<Item = (&'static str, U, Option<DeclineType>)> {
    REASONS.iter().copied()
}

//! Worldpay's outcomes, `lastEvent` words, refusal codes and API error names into the unified
//! ones, as tables. Sources:
//! - outcomes and `lastEvent`: the Payments API 2024-06-01 OpenAPI description
//!   (oracles/worldpay/payments-openapi.yaml: the response examples `authorized-201-basic`,
//!   `sent-for-settlement-202-basic`, `refused-201`, `fs-highrisk`, `3ds-*`, and
//!   `QueryEventsResponse.lastEvent`'s enum);
//! - refusal codes: https://developer.worldpay.com/products/access/reference/refusal-response
//!   ("Refusal response codes");
//! - error names: the spec's `ErrorResponse` examples (400 bodyDoesNotMatchSchema, 401
//!   accessDenied, 404 endpointNotFound, 406 headerIsMissing, 415 headerHasInvalidValue, 500
//!   internalErrorOccurred) and https://developer.worldpay.com/products/reference/api-principles
//!   ("Errors"); the APM API's error examples (oracles/worldpay/apms-openapi.yaml).

use crate::protocol::{DeclineType, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// A payment call's `outcome` (authorize, capture, void, setupMandate, repeatPayment).
const OUTCOMES: &[(&str, PaymentStatus)] = &[
    ("authorized", PaymentStatus::Authorized),
    // Auto settlement, or the answer to a (partial) settlement.
    ("sentForSettlement", PaymentStatus::Charged),
    ("refused", PaymentStatus::Failure),
    // FraudSight stopped the payment before authorization.
    ("fraudHighRisk", PaymentStatus::Failure),
    // Integrated 3DS: device data collection, then a challenge, in the shopper's browser.
    ("3dsDeviceDataRequired", PaymentStatus::AuthenticationPending),
    ("3dsChallenged", PaymentStatus::AuthenticationPending),
    ("3dsAuthenticationFailed", PaymentStatus::AuthenticationFailed),
    ("3dsUnavailable", PaymentStatus::AuthenticationFailed),
    // A cancellation, or auto settlement's cancelOn when AVS/CVC did not match.
    ("sentForCancellation", PaymentStatus::Voided),
    // A reversal: cancelled or refunded in full, confirmed later by event.
    ("sentForReversal", PaymentStatus::VoidInitiated),
];

pub fn outcome_status(outcome: Option<&str>) -> PaymentStatus {
    outcome.and_then(|o| OUTCOMES.iter().find(|(k, _)| *k == o)).map(|(_, s)| *s).unwrap_or(PaymentStatus::Unresolved)
}

/// psync: `lastEvent` of `GET /api/payments/{linkData}` (QueryEventsResponse). Refund events
/// mean the payment was captured. An unknown word is never guessed into a money state.
const LAST_EVENTS: &[(&str, PaymentStatus)] = &[
    ("Authorized", PaymentStatus::Authorized),
    ("Refused", PaymentStatus::Failure),
    ("Sent for Settlement", PaymentStatus::Charged),
    ("Settled", PaymentStatus::Charged),
    ("Settlement failed", PaymentStatus::CaptureFailed),
    ("Sent for Refund", PaymentStatus::Charged),
    ("Refunded", PaymentStatus::Charged),
    ("Refund failed", PaymentStatus::Charged),
    ("Sent for Cancellation", PaymentStatus::Voided),
    ("Error", PaymentStatus::Failure),
    // The authorization lapsed before a settlement or cancellation: no money moves.
    ("Expired", PaymentStatus::Failure),
];

pub fn last_event_status(event: Option<&str>) -> PaymentStatus {
    event.and_then(|e| LAST_EVENTS.iter().find(|(k, _)| k.eq_ignore_ascii_case(e))).map(|(_, s)| *s).unwrap_or(PaymentStatus::Unresolved)
}

/// rsync: the same `lastEvent` read for a refund. Anything but a final word stays `pending`
/// (never `failure`, which would invite a second refund).
const REFUND_EVENTS: &[(&str, RefundStatus)] = &[
    ("Sent for Refund", RefundStatus::Pending),
    ("Refunded", RefundStatus::Success),
    ("Refund failed", RefundStatus::Failure),
];

pub fn refund_event_status(event: Option<&str>) -> RefundStatus {
    event.and_then(|e| REFUND_EVENTS.iter().find(|(k, _)| k.eq_ignore_ascii_case(e))).map(|(_, s)| *s).unwrap_or(RefundStatus::Pending)
}

/// Webhook `eventDetails.type` (Events API, oracles/worldpay/events-openapi.yaml) → payment or
/// refund status.
pub const PAYMENT_EVENTS: &[(&str, PaymentStatus)] = &[
    ("sentForAuthorization", PaymentStatus::Authorizing),
    ("authorized", PaymentStatus::Authorized),
    ("sentForSettlement", PaymentStatus::Charged),
    ("settled", PaymentStatus::Charged),
    ("settlementFailed", PaymentStatus::CaptureFailed),
    ("cancelled", PaymentStatus::Voided),
    ("refused", PaymentStatus::Failure),
    ("error", PaymentStatus::Failure),
    ("expired", PaymentStatus::Failure),
];

pub const REFUND_WEBHOOK_EVENTS: &[(&str, RefundStatus)] = &[
    ("sentForRefund", RefundStatus::Pending),
    ("refunded", RefundStatus::Success),
    ("refundFailed", RefundStatus::Failure),
];

/// `refusalCode` → unified code and whether a later attempt may succeed.
const REFUSAL_CODES: &[(&str, U, DeclineType)] = &[
    ("1", U::CardDeclined, DeclineType::Soft),   // Refer to card issuer
    ("2", U::CardDeclined, DeclineType::Soft),   // REFERRED / special condition
    ("3", U::TransactionNotAllowed, DeclineType::Hard), // INVALID ACCEPTOR / invalid merchant
    ("4", U::CardDeclined, DeclineType::Hard),   // HOLD CARD / capture card
    ("5", U::CardDeclined, DeclineType::Soft),   // REFUSED / Do not honor
    ("6", U::CardDeclined, DeclineType::Hard),   // Try another card
    ("7", U::FraudSuspected, DeclineType::Hard), // Pickup card, special condition
    ("12", U::TransactionNotAllowed, DeclineType::Hard), // INVALID TRANSACTION
    ("13", U::InvalidAmount, DeclineType::Hard), // INVALID AMOUNT
    ("131", U::InvalidAmount, DeclineType::Hard), // INVALID AMOUNT (Worldpay's own number)
    ("14", U::InvalidCardNumber, DeclineType::Hard), // Invalid card number
    ("15", U::InvalidCardNumber, DeclineType::Hard), // Invalid issuer
    ("19", U::ProcessingError, DeclineType::Soft), // Re-enter transaction
    ("20", U::ProcessingError, DeclineType::Soft), // ACQUIRER ERROR
    ("25", U::CardDeclined, DeclineType::Hard),  // Unable to locate record
    ("28", U::ProcessorUnavailable, DeclineType::Soft), // File is temporarily unavailable
    ("30", U::ProcessingError, DeclineType::Soft), // Format error
    ("33", U::ExpiredCard, DeclineType::Hard),   // CARD EXPIRED
    ("34", U::FraudSuspected, DeclineType::Hard), // FRAUD SUSPICION
    ("39", U::CardDeclined, DeclineType::Hard),  // No credit account
    ("41", U::LostOrStolenCard, DeclineType::Hard), // Lost card
    ("43", U::LostOrStolenCard, DeclineType::Hard), // Stolen card
    ("46", U::CardDeclined, DeclineType::Hard),  // Closed account
    ("51", U::InsufficientFunds, DeclineType::Soft), // LIMIT EXCEEDED / Insufficient funds
    ("52", U::CardDeclined, DeclineType::Hard),  // No checking account
    ("53", U::CardDeclined, DeclineType::Hard),  // No savings account
    ("54", U::ExpiredCard, DeclineType::Hard),   // Expired card
    ("55", U::IncorrectCvc, DeclineType::Soft),  // INVALID SECURITY CODE / Invalid PIN
    ("56", U::InvalidCardNumber, DeclineType::Hard), // UNKNOWN CARD
    ("57", U::TransactionNotAllowed, DeclineType::Hard), // not permitted to issuer/cardholder
    ("58", U::TransactionNotAllowed, DeclineType::Hard), // not permitted to acquirer/terminal
    ("59", U::FraudSuspected, DeclineType::Hard), // Suspected Fraud
    ("61", U::LimitExceeded, DeclineType::Soft), // Exceeds withdrawal amount limit
    ("62", U::CardDeclined, DeclineType::Hard),  // RESTRICTED CARD
];

pub fn refusal_code(code: &str) -> Option<(U, DeclineType)> {
    let code = code.trim();
    REFUSAL_CODES.iter().find(|(c, ..)| *c == code).map(|(_, u, d)| (*u, *d))
}

/// `errorName` of an API error → unified code; else by HTTP status.
const ERROR_NAMES: &[(&str, U)] = &[
    ("bodyDoesNotMatchSchema", U::InvalidRequest),
    ("bodyIsEmpty", U::InvalidRequest),
    ("bodyIsNotJson", U::InvalidRequest),
    ("fieldHasInvalidValue", U::InvalidRequest),
    ("fieldIsMissing", U::InvalidRequest),
    ("fieldIsNotAllowed", U::InvalidRequest),
    ("headerIsMissing", U::InvalidRequest),
    ("headerHasInvalidValue", U::InvalidRequest),
    ("accessDenied", U::InvalidCredentials),
    ("resourceNotFound", U::NotFound),
    ("endpointNotFound", U::NotFound),
    ("methodNotAllowed", U::InvalidRequest),
    ("entityIsTooLarge", U::InvalidRequest),
    ("requestConflict", U::DuplicateTransaction),
    ("duplicateTransactionReference", U::DuplicateTransaction),
    ("internalErrorOccurred", U::ProcessingError),
    ("serviceUnavailable", U::ProcessorUnavailable),
    // The APM API's own names (oracles/worldpay/apms-openapi.yaml: response-*-400, response-401, response-404).
    ("transactionReferenceIsADuplicate", U::DuplicateTransaction),
    ("paymentNotFound", U::NotFound),
    ("tokenDoesNotExist", U::NotFound),
    ("unauthorized", U::InvalidCredentials),
    ("invalidTransactionReference", U::InvalidRequest),
    ("orderNotReady", U::ProcessingError),
];

pub fn api_error_code(http_status: u16, error_name: Option<&str>) -> U {
    if let Some(u) = error_name.and_then(|n| ERROR_NAMES.iter().find(|(k, _)| *k == n)).map(|(_, u)| *u) {
        return u;
    }
    match http_status {
        401 | 403 => U::InvalidCredentials,
        404 => U::NotFound,
        409 => U::DuplicateTransaction,
        429 => U::RateLimited,
        502..=504 => U::ProcessorUnavailable,
        s if s >= 500 => U::ProcessingError,
        _ => U::InvalidRequest,
    }
}

//! dLocal's statuses and codes into the unified ones, as tables. Sources: Payment status codes
//! (https://docs.dlocal.com/reference/payment-status-codes: PENDING 100, PAID 200, REJECTED 300
//! and its 3xx detail codes, CANCELLED 400, AUTHORIZED 600, VERIFIED 700; EXPIRED is listed among
//! a payment's statuses in https://docs.dlocal.com/api-documentation/payins-api-reference/payments),
//! Refund status codes (https://docs.dlocal.com/reference/refund-status-codes: PENDING 100,
//! SUCCESS 200, REJECTED 300, CANCELLED 400) and Payments HTTP Errors
//! (https://docs.dlocal.com/reference/http-errors-payments: `{code, message, param}`).

use crate::protocol::{DeclineType, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// A payment's `status` before what else the answer says (a redirect while PENDING).
const PAYMENT_STATUSES: &[(&str, PaymentStatus)] = &[
    ("PENDING", PaymentStatus::Pending),
    ("PAID", PaymentStatus::Charged),
    ("REJECTED", PaymentStatus::Failure),
    ("CANCELLED", PaymentStatus::Voided),
    // A voucher or Pix the shopper did not pay in time: nothing was taken.
    ("EXPIRED", PaymentStatus::Failure),
    ("AUTHORIZED", PaymentStatus::Authorized),
    // VERIFIED ("The payment was verified") answers a zero-amount card verification, which this
    // connector never asks for; nothing is held or taken, so it is no payment state here and
    // reads as unresolved.
];

/// The unified status of `status`; an unknown word is never guessed into a money state.
pub fn payment_status(status: Option<&str>) -> PaymentStatus {
    status
        .and_then(|s| PAYMENT_STATUSES.iter().find(|(k, _)| k.eq_ignore_ascii_case(s.trim())).map(|(_, m)| *m))
        .unwrap_or(PaymentStatus::Unresolved)
}

#[cfg(test)]
pub fn known_payment_statuses() -> impl Iterator<Item = &'static str> {
    PAYMENT_STATUSES.iter().map(|(s, _)| *s)
}

const REFUND_STATUSES: &[(&str, RefundStatus)] = &[
    ("PENDING", RefundStatus::Pending),
    ("SUCCESS", RefundStatus::Success),
    ("REJECTED", RefundStatus::Failure),
    ("CANCELLED", RefundStatus::Failure),
];

/// The unified status of a refund; an unknown one stays pending (never failure, which would
/// invite a second refund).
pub fn refund_status(status: Option<&str>) -> RefundStatus {
    status
        .and_then(|s| REFUND_STATUSES.iter().find(|(k, _)| k.eq_ignore_ascii_case(s.trim())).map(|(_, m)| *m))
        .unwrap_or(RefundStatus::Pending)
}

/// The `status_code` of a REJECTED payment ("Rejection status" table) → unified code and whether
/// a later attempt may succeed.
const REJECTION_CODES: &[(&str, U, DeclineType)] = &[
    ("300", U::CardDeclined, DeclineType::Soft),             // The payment was rejected.
    ("301", U::CardDeclined, DeclineType::Soft),             // Rejected by bank.
    ("302", U::InsufficientFunds, DeclineType::Soft),        // Insufficient amount.
    ("303", U::FraudSuspected, DeclineType::Hard),           // Card blacklisted.
    ("304", U::FraudSuspected, DeclineType::Hard),           // Score validation.
    ("305", U::LimitExceeded, DeclineType::Soft),            // Max attempts reached.
    ("306", U::CardDeclined, DeclineType::Soft),             // Call bank for authorize.
    ("307", U::DuplicateTransaction, DeclineType::Hard),     // Duplicated payment.
    ("308", U::CardNotSupported, DeclineType::Hard),         // Credit card disabled.
    ("309", U::ExpiredCard, DeclineType::Hard),              // Card expired.
    ("310", U::LostOrStolenCard, DeclineType::Hard),         // Card reported lost.
    ("311", U::LostOrStolenCard, DeclineType::Hard),         // Card requested by the bank.
    ("312", U::TransactionNotAllowed, DeclineType::Hard),    // Card restricted by the bank.
    ("313", U::LostOrStolenCard, DeclineType::Hard),         // Card reported stolen.
    ("314", U::InvalidCardNumber, DeclineType::Hard),        // Invalid card number.
    ("315", U::IncorrectCvc, DeclineType::Hard),             // Invalid security code.
    ("316", U::TransactionNotAllowed, DeclineType::Hard),    // Unsupported operation.
    ("317", U::FraudSuspected, DeclineType::Hard),           // Rejected due to high risk.
    ("318", U::TransactionNotAllowed, DeclineType::Hard),    // Invalid transaction.
    ("319", U::LimitExceeded, DeclineType::Soft),            // Amount exceeded.
    ("320", U::AuthenticationRequired, DeclineType::Soft),   // 3D-Secure is required.
    ("321", U::ProcessingError, DeclineType::Soft),          // Error in acquirer.
    ("322", U::TransactionNotAllowed, DeclineType::Hard),    // Wallet disabled.
    ("323", U::TransactionNotAllowed, DeclineType::Hard),    // Invalid user account.
    ("324", U::CardDeclined, DeclineType::Soft),             // Invalid PIN.
    ("325", U::LimitExceeded, DeclineType::Soft),            // Transaction frequency limit exceeded.
];

pub fn rejection(status_code: &str) -> Option<(U, DeclineType)> {
    REJECTION_CODES.iter().find(|(c, ..)| *c == status_code.trim()).map(|(_, u, d)| (*u, *d))
}

#[cfg(test)]
pub fn known_rejection_codes() -> impl Iterator<Item = &'static str> {
    REJECTION_CODES.iter().map(|(c, ..)| *c)
}

/// The `code` of an error answer (Payments HTTP Errors) → unified code.
const ERROR_CODES: &[(i64, U)] = &[
    (3001, U::InvalidCredentials),     // Invalid Credentials.
    (3002, U::InvalidCredentials),     // Unregistered IP address.
    (3003, U::InvalidCredentials),     // Merchant has no authorization to use this API.
    (4000, U::NotFound),               // Payment not found.
    (5000, U::InvalidRequest),         // Invalid request.
    (5001, U::InvalidRequest),         // Missing parameter.
    (5002, U::InvalidRequest),         // Invalid transaction status.
    (5003, U::TransactionNotAllowed),  // Country not supported.
    (5004, U::TransactionNotAllowed),  // Currency not allowed for this country.
    (5005, U::TransactionNotAllowed),  // User unauthorized due to cadastral situation.
    (5006, U::LimitExceeded),          // User limit exceeded.
    (5007, U::LimitExceeded),          // Amount exceeded.
    (5008, U::InvalidRequest),         // Token not found or inactive.
    (5009, U::DuplicateTransaction),   // Order ID is duplicated.
    (5010, U::TransactionNotAllowed),  // Method not available.
    (5011, U::NotFound),               // Enrollment not found.
    (5012, U::InsufficientFunds),      // Insufficient funds (refund example error).
    (5013, U::TransactionNotAllowed),  // Unsupported operation.
];

pub fn error_code(code: i64) -> Option<U> {
    ERROR_CODES.iter().find(|(c, _)| *c == code).map(|(_, u)| *u)
}

#[cfg(test)]
pub fn known_error_codes() -> impl Iterator<Item = i64> {
    ERROR_CODES.iter().map(|(c, _)| *c)
}

/// The unified code of an error answer: by its code when the table has it, else by HTTP status.
pub fn api_error_code(http_status: u16, code: Option<i64>) -> U {
    if http_status >= 500 {
        return U::ProcessorUnavailable;
    }
    if let Some(u) = code.and_then(error_code) {
        return u;
    }
    match http_status {
        401 | 403 => U::InvalidCredentials,
        404 => U::NotFound,
        429 => U::RateLimited,
        _ => U::InvalidRequest,
    }
}

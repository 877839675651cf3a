//! Rapyd's payment and refund statuses and error codes → unified ones, as tables. Sources: the
//! Payment object (`status`: ACT, CAN, CLO, ERR, EXP, REV, ...; `next_action`: 3d_verification,
//! pending_capture, pending_confirmation, not_applicable) and the Refund object of
//! https://docs.rapyd.net/en/payment-object.html and https://docs.rapyd.net/en/refund-object.html
//! (the same enums are in oracles/rapyd/rapyd-openapi.yaml, `PaymentStatus` and `NextAction`), and
//! the error lists https://docs.rapyd.net/en/payment-errors.html and
//! https://docs.rapyd.net/en/general-errors.html.

use crate::protocol::{DeclineType, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// What a payment `status` says before `next_action` and `captured` are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    /// `ACT`: active, awaiting 3-D Secure, the shopper's confirmation, or capture.
    Active,
    /// `CLO`: closed, the money is captured.
    Closed,
    Fixed(PaymentStatus),
}

const PAYMENT_STATUSES: &[(&str, Meaning)] = &[
    ("ACT", Meaning::Active),
    ("CLO", Meaning::Closed),
    // Canceled by the client (Cancel Payment) or the customer's bank.
    ("CAN", Meaning::Fixed(PaymentStatus::Voided)),
    // Error: an attempt to create or complete the payment failed.
    ("ERR", Meaning::Fixed(PaymentStatus::Failure)),
    // Expired before it was completed (a card authorization not captured within 7 days).
    ("EXP", Meaning::Fixed(PaymentStatus::Failure)),
    // Declined.
    ("DLD", Meaning::Fixed(PaymentStatus::Failure)),
    // Reversed by Rapyd (see cancel_reason): the authorization no longer holds money.
    ("REV", Meaning::Fixed(PaymentStatus::Voided)),
];

/// The unified status of a payment. An unknown status (`UND`, `CRE`: listed in Rapyd's enum but
/// not described) is never guessed into a money state.
pub fn payment_status(status: Option<&str>, next_action: Option<&str>, captured: bool) -> PaymentStatus {
    let meaning = status.and_then(|s| PAYMENT_STATUSES.iter().find(|(k, _)| k.eq_ignore_ascii_case(s.trim())).map(|(_, m)| *m));
    match meaning {
        Some(Meaning::Closed) => PaymentStatus::Charged,
        Some(Meaning::Active) => match next_action.map(str::trim) {
            Some("3d_verification") => PaymentStatus::AuthenticationPending,
            Some("pending_capture") => PaymentStatus::Authorized,
            Some("pending_confirmation") => PaymentStatus::Pending,
            // Active and nothing left to do: captured (the money is on its way to CLO) or held.
            _ if captured => PaymentStatus::Charged,
            _ => PaymentStatus::Pending,
        },
        Some(Meaning::Fixed(s)) => s,
        None => PaymentStatus::Unresolved,
    }
}

#[cfg(test)]
pub fn known_payment_statuses() -> impl Iterator<Item = &'static str> {
    PAYMENT_STATUSES.iter().map(|(s, _)| *s)
}

/// Refund `status`: Completed, Pending, Rejected, Error, Canceled.
const REFUND_STATUSES: &[(&str, RefundStatus)] = &[
    ("Completed", RefundStatus::Success),
    ("Pending", RefundStatus::Pending),
    ("Rejected", RefundStatus::Failure),
    ("Error", RefundStatus::Failure),
    ("Canceled", RefundStatus::Failure),
];

/// The unified status of a refund; an unknown one stays `pending` (never `failure`, which would
/// invite a second refund).
pub fn refund_status(status: Option<&str>) -> RefundStatus {
    status
        .and_then(|s| REFUND_STATUSES.iter().find(|(k, _)| k.eq_ignore_ascii_case(s.trim())).map(|(_, m)| *m))
        .unwrap_or(RefundStatus::Pending)
}

/// Rapyd's error codes (`status.error_code`, or a payment's `failure_code`) → unified code and,
/// for declines, whether a later attempt may succeed. Only codes Rapyd publishes (Payment Errors,
/// General Errors, Rapyd Error Codes, and the examples of oracles/rapyd/rapyd-openapi.yaml); any
/// other code is read by its HTTP status.
const ERROR_CODES: &[(&str, U, Option<DeclineType>)] = &[
    ("UNAUTHENTICATED_API_CALL", U::InvalidCredentials, None),
    ("ERROR_CREATE_PAYMENT_INSUFFICIENT_FUNDS", U::InsufficientFunds, Some(DeclineType::Soft)),
    ("ERROR_CARD_EXPIRED", U::ExpiredCard, Some(DeclineType::Hard)),
    ("INVALID_CARD_EXPIRATION_DATE", U::InvalidExpiryDate, Some(DeclineType::Hard)),
    ("ERROR_CARD_NOT_AUTHENTICATED", U::AuthenticationRequired, Some(DeclineType::Soft)),
    ("ERROR_3DS_AUTHENTICATION_FAILURE", U::AuthenticationFailed, Some(DeclineType::Soft)),
    ("ERROR_CARD_TRANSACTION_AMOUNT", U::LimitExceeded, Some(DeclineType::Soft)),
    ("ERROR_CARD_TRANSACTION_FREQUENCY", U::LimitExceeded, Some(DeclineType::Soft)),
    ("ERROR_AUTH_ONLY_IS_NOT_SUPPORTED", U::TransactionNotAllowed, None),
    ("ERROR_ACCOUNT_FUNDING_TRANSACTION", U::TransactionNotAllowed, None),
    ("ERROR_3DS_VERIFICATION_IS_NOT_SUPPORTED", U::InvalidRequest, None),
    ("ERROR_GET_PAYMENT_METHOD_TYPE", U::CardNotSupported, None),
    ("ERROR_PAYMENT_METHOD_EXPIRED", U::ExpiredCard, Some(DeclineType::Hard)),
    ("ERROR_AMOUNT_MUST_BE_POSITIVE", U::InvalidAmount, None),
    ("ERROR_AMOUNT_NOT_VALID", U::InvalidAmount, None),
    ("ERROR_CAPTURE_PAYMENT", U::InvalidRequest, None),
    ("ERROR_CANCEL_PAYMENT", U::InvalidRequest, None),
    ("ERROR_GET_PAYMENT", U::NotFound, None),
];

pub fn error_code(code: &str) -> Option<(U, Option<DeclineType>)> {
    ERROR_CODES.iter().find(|(c, ..)| c.eq_ignore_ascii_case(code.trim())).map(|(_, u, d)| (*u, *d))
}

#[cfg(test)]
pub fn known_error_codes() -> impl Iterator<Item = &'static str> {
    ERROR_CODES.iter().map(|(c, ..)| *c)
}

/// The unified code of an error answer: its code when the table has it, else by HTTP status.
pub fn api_error_code(http_status: u16, code: Option<&str>) -> U {
    if http_status >= 500 {
        return U::ProcessorUnavailable;
    }
    if let Some((u, _)) = code.and_then(error_code) {
        return u;
    }
    match http_status {
        401 | 403 => U::InvalidCredentials,
        404 => U::NotFound,
        429 => U::RateLimited,
        _ => U::InvalidRequest,
    }
}

/// What a webhook `type` is about, by the object its `data` holds
/// (https://docs.rapyd.net/en/webhooks.html: Payment, Refund and Customer webhooks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventMeaning {
    /// `data` is a payment: its status says the payment's.
    Payment,
    /// `data` is a refund.
    Refund,
    /// `data` is a customer's payment method (card saved).
    PaymentMethod,
    /// `data` is a dispute.
    Dispute,
}

const EVENT_TYPES: &[(&str, EventMeaning)] = &[
    ("PAYMENT_SUCCEEDED", EventMeaning::Payment),
    ("PAYMENT_COMPLETED", EventMeaning::Payment),
    ("PAYMENT_CAPTURED", EventMeaning::Payment),
    ("PAYMENT_CANCELED", EventMeaning::Payment),
    ("PAYMENT_EXPIRED", EventMeaning::Payment),
    ("PAYMENT_FAILED", EventMeaning::Payment),
    ("PAYMENT_UPDATED", EventMeaning::Payment),
    ("PAYMENT_REVERSED", EventMeaning::Payment),
    ("REFUND_COMPLETED", EventMeaning::Refund),
    ("PAYMENT_REFUND_COMPLETED", EventMeaning::Refund),
    ("PAYMENT_REFUND_FAILED", EventMeaning::Refund),
    ("PAYMENT_REFUND_REJECTED", EventMeaning::Refund),
    ("CUSTOMER_PAYMENT_METHOD_CREATED", EventMeaning::PaymentMethod),
    ("CARD_ADDED_SUCCESSFULLY", EventMeaning::PaymentMethod),
    ("PAYMENT_DISPUTE_CREATED", EventMeaning::Dispute),
    ("PAYMENT_DISPUTE_UPDATED", EventMeaning::Dispute),
];

pub fn event_meaning(kind: &str) -> Option<EventMeaning> {
    EVENT_TYPES.iter().find(|(k, _)| k.eq_ignore_ascii_case(kind.trim())).map(|(_, m)| *m)
}

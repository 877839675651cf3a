//! Shift4's charge and refund statuses, error codes and event types → unified ones. Tables, not
//! scattered `if`s. Sources: https://dev.shift4.com/docs/api (Errors, Charges, Refunds, Events)
//! and the enums of its Java SDK (oracles/shift4/: ChargeStatus, RefundStatus, ErrorType,
//! ErrorCode, EventType), which the oracle test checks these tables against.

use crate::protocol::{DeclineType, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// What a charge `status` says before `captured` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargeMeaning {
    /// `successful`: authorized (`captured: false`) or charged (`captured: true`).
    Successful,
    Fixed(PaymentStatus),
}

const CHARGE_STATUSES: &[(&str, ChargeMeaning)] = &[
    ("successful", ChargeMeaning::Successful),
    // A payment method the shopper still has to complete (redirect, QR code, app confirmation).
    ("pending", ChargeMeaning::Fixed(PaymentStatus::Pending)),
    ("failed", ChargeMeaning::Fixed(PaymentStatus::Failure)),
];

/// The unified status of a charge. An unknown status is never guessed into a money state.
pub fn charge_status(status: Option<&str>, captured: bool) -> PaymentStatus {
    let meaning = status.and_then(|s| CHARGE_STATUSES.iter().find(|(k, _)| k.eq_ignore_ascii_case(s)).map(|(_, m)| *m));
    match meaning {
        Some(ChargeMeaning::Successful) if captured => PaymentStatus::Charged,
        Some(ChargeMeaning::Successful) => PaymentStatus::Authorized,
        Some(ChargeMeaning::Fixed(s)) => s,
        None => PaymentStatus::Unresolved,
    }
}

const REFUND_STATUSES: &[(&str, RefundStatus)] =
    &[("successful", RefundStatus::Success), ("pending", RefundStatus::Pending), ("failed", RefundStatus::Failure)];

/// The unified status of a refund; an unknown one stays `pending` (never `failure`, which would
/// invite a second refund).
pub fn refund_status(status: Option<&str>) -> RefundStatus {
    status
        .and_then(|s| REFUND_STATUSES.iter().find(|(k, _)| k.eq_ignore_ascii_case(s)).map(|(_, m)| *m))
        .unwrap_or(RefundStatus::Pending)
}

/// `error.code` (and a charge's `failureCode`) → unified code and, for declines, whether a later
/// attempt may succeed (Shift4's `do_not_try_again` and the card's own state are hard).
const ERROR_CODES: &[(&str, U, Option<DeclineType>)] = &[
    ("amount_too_high", U::InvalidAmount, None),
    ("amount_too_low", U::InvalidAmount, None),
    ("invalid_number", U::InvalidCardNumber, Some(DeclineType::Hard)),
    ("invalid_expiry_month", U::InvalidExpiryDate, Some(DeclineType::Hard)),
    ("invalid_expiry_year", U::InvalidExpiryDate, Some(DeclineType::Hard)),
    ("invalid_cvc", U::IncorrectCvc, Some(DeclineType::Hard)),
    ("incorrect_cvc", U::IncorrectCvc, Some(DeclineType::Soft)),
    ("incorrect_zip", U::CardDeclined, Some(DeclineType::Soft)),
    ("incorrect_address", U::CardDeclined, Some(DeclineType::Soft)),
    ("expired_card", U::ExpiredCard, Some(DeclineType::Hard)),
    ("insufficient_funds", U::InsufficientFunds, Some(DeclineType::Soft)),
    ("lost_or_stolen", U::LostOrStolenCard, Some(DeclineType::Hard)),
    ("suspected_fraud", U::FraudSuspected, Some(DeclineType::Hard)),
    ("card_declined", U::CardDeclined, Some(DeclineType::Soft)),
    ("processing_error", U::ProcessingError, Some(DeclineType::Soft)),
    ("blacklisted", U::FraudSuspected, Some(DeclineType::Hard)),
    ("blocked", U::FraudSuspected, Some(DeclineType::Hard)),
    ("expired_token", U::InvalidRequest, None),
    ("limit_exceeded", U::LimitExceeded, Some(DeclineType::Soft)),
    ("authentication_required", U::AuthenticationRequired, Some(DeclineType::Soft)),
    ("do_not_try_again", U::CardDeclined, Some(DeclineType::Hard)),
    ("currency_not_supported", U::TransactionNotAllowed, None),
    ("brand_not_supported", U::CardNotSupported, Some(DeclineType::Hard)),
    ("payment_method_declined", U::CardDeclined, Some(DeclineType::Soft)),
    ("invalid_account", U::InvalidRequest, None),
];

pub fn error_code(code: &str) -> Option<(U, Option<DeclineType>)> {
    ERROR_CODES.iter().find(|(c, ..)| *c == code).map(|(_, u, d)| (*u, *d))
}

/// The unified code of an error: its `code` when the table has it, else by `type` and HTTP status.
pub fn api_error_code(http_status: u16, error_type: Option<&str>, code: Option<&str>) -> U {
    if http_status >= 500 || error_type == Some("gateway_error") {
        return U::ProcessorUnavailable;
    }
    if let Some((u, _)) = code.and_then(error_code) {
        return u;
    }
    match (http_status, error_type) {
        (401, _) => U::InvalidCredentials,
        (429, _) | (_, Some("rate_limit_error")) => U::RateLimited,
        (404, _) => U::NotFound,
        (402, _) | (_, Some("card_error")) => U::CardDeclined,
        _ => U::InvalidRequest,
    }
}

#[cfg(test)]
pub fn known_error_codes() -> impl Iterator<Item = &'static str> {
    ERROR_CODES.iter().map(|(c, ..)| *c)
}

#[cfg(test)]
pub fn known_charge_statuses() -> impl Iterator<Item = &'static str> {
    CHARGE_STATUSES.iter().map(|(c, _)| *c)
}

/// What an event `type` is about, by the object its `data` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventMeaning {
    /// `data` is a charge: its status says the payment's.
    Charge,
    /// `data` is a charge with its refunds (CHARGE_REFUNDED).
    ChargeRefunded,
    /// `data` is a refund (REFUND_UPDATED).
    Refund,
    /// `data` is a dispute.
    Dispute,
    /// `data` is a card saved under a customer.
    Card,
}

const EVENTS: &[(&str, EventMeaning)] = &[
    ("CHARGE_SUCCEEDED", EventMeaning::Charge),
    ("CHARGE_PENDING", EventMeaning::Charge),
    ("CHARGE_FAILED", EventMeaning::Charge),
    ("CHARGE_UPDATED", EventMeaning::Charge),
    ("CHARGE_CAPTURED", EventMeaning::Charge),
    ("CHARGE_REFUNDED", EventMeaning::ChargeRefunded),
    ("REFUND_UPDATED", EventMeaning::Refund),
    ("CHARGE_DISPUTE_CREATED", EventMeaning::Dispute),
    ("CHARGE_DISPUTE_UPDATED", EventMeaning::Dispute),
    ("CHARGE_DISPUTE_WON", EventMeaning::Dispute),
    ("CHARGE_DISPUTE_LOST", EventMeaning::Dispute),
    ("CHARGE_DISPUTE_FUNDS_WITHDRAWN", EventMeaning::Dispute),
    ("CHARGE_DISPUTE_FUNDS_RESTORED", EventMeaning::Dispute),
    ("CUSTOMER_CARD_CREATED", EventMeaning::Card),
];

/// None: an event this version reports as `other` (customers, subscriptions, plans, credits,
/// fraud warnings, payouts, payment methods).
pub fn event_meaning(event_type: &str) -> Option<EventMeaning> {
    EVENTS.iter().find(|(t, _)| *t == event_type).map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(charge_status(Some("successful"), false), PaymentStatus::Authorized);
        assert_eq!(charge_status(Some("successful"), true), PaymentStatus::Charged);
        assert_eq!(charge_status(Some("pending"), false), PaymentStatus::Pending);
        assert_eq!(charge_status(Some("failed"), true), PaymentStatus::Failure);
        assert_eq!(charge_status(Some("SUCCESSFUL"), true), PaymentStatus::Charged, "the SDKs read statuses case-blind");
        assert_eq!(charge_status(Some("something_new"), true), PaymentStatus::Unresolved);
        assert_eq!(charge_status(None, true), PaymentStatus::Unresolved);
        assert_eq!(refund_status(Some("successful")), RefundStatus::Success);
        assert_eq!(refund_status(Some("failed")), RefundStatus::Failure);
        assert_eq!(refund_status(Some("new")), RefundStatus::Pending);
    }

    #[test]
    fn errors() {
        assert_eq!(api_error_code(402, Some("card_error"), Some("insufficient_funds")), U::InsufficientFunds);
        assert_eq!(api_error_code(402, Some("card_error"), Some("brand_new_code")), U::CardDeclined);
        assert_eq!(api_error_code(400, Some("invalid_request"), None), U::InvalidRequest);
        assert_eq!(api_error_code(401, Some("invalid_request"), None), U::InvalidCredentials);
        assert_eq!(api_error_code(404, Some("invalid_request"), None), U::NotFound);
        assert_eq!(api_error_code(429, None, None), U::RateLimited);
        assert_eq!(api_error_code(502, Some("card_error"), Some("insufficient_funds")), U::ProcessorUnavailable);
        assert_eq!(api_error_code(400, Some("gateway_error"), None), U::ProcessorUnavailable);
        assert_eq!(error_code("do_not_try_again"), Some((U::CardDeclined, Some(DeclineType::Hard))));
        for (i, (c, ..)) in ERROR_CODES.iter().enumerate() {
            assert!(ERROR_CODES[i + 1..].iter().all(|(c2, ..)| c2 != c), "{c} twice");
        }
    }

    #[test]
    fn events() {
        assert_eq!(event_meaning("CHARGE_SUCCEEDED"), Some(EventMeaning::Charge));
        assert_eq!(event_meaning("REFUND_UPDATED"), Some(EventMeaning::Refund));
        assert_eq!(event_meaning("CHARGE_DISPUTE_LOST"), Some(EventMeaning::Dispute));
        assert_eq!(event_meaning("PLAN_CREATED"), None);
        assert_eq!(event_meaning("charge_succeeded"), None);
    }
}

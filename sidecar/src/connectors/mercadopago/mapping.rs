//! Mercado Pago's statuses and error codes into the unified ones, as tables.
//!
//! Sources: "Payment creation results" / "Response handling"
//! (https://www.mercadopago.com.mx/developers/en/docs/checkout-api/response-handling/collection-results):
//! the payment `status` and its `status_detail`; the API reference of `POST /v1/payments`
//! (https://www.mercadopago.com.br/developers/es/reference/payments/_payments/post): the `cause`
//! codes of a 400; "Refunds" (`GET /v1/payments/{id}/refunds/{refund_id}`): the refund status.

use crate::protocol::{DeclineType, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// A payment's `status` → unified status (before `status_detail` refines `pending`).
pub const PAYMENT_STATUSES: &[(&str, PaymentStatus)] = &[
    // The shopper has not paid yet (Pix, Boleto, OXXO), or a 3DS challenge waits (pending_challenge).
    ("pending", PaymentStatus::Pending),
    ("approved", PaymentStatus::Charged),
    // Authorized, waiting for capture (`capture: false`; status_detail pending_capture).
    ("authorized", PaymentStatus::Authorized),
    // Under review (pending_contingency, pending_review_manual, offline_process).
    ("in_process", PaymentStatus::Pending),
    // The shopper opened a dispute: the money was taken and is held.
    ("in_mediation", PaymentStatus::Charged),
    ("rejected", PaymentStatus::Failure),
    // Cancelled by the seller (void), or expired unpaid.
    ("cancelled", PaymentStatus::Voided),
    // Refunds are read by refund/rsync; the payment itself was charged.
    ("refunded", PaymentStatus::Charged),
    ("charged_back", PaymentStatus::Charged),
];

pub fn payment_status(word: &str) -> Option<PaymentStatus> {
    PAYMENT_STATUSES.iter().find(|(w, _)| *w == word).map(|(_, s)| *s)
}

/// A refund's `status` → unified refund status.
pub const REFUND_STATUSES: &[(&str, RefundStatus)] = &[
    ("approved", RefundStatus::Success),
    ("in_process", RefundStatus::Pending),
    ("rejected", RefundStatus::Failure),
    ("cancelled", RefundStatus::Failure),
    ("authorized", RefundStatus::Pending),
];

pub fn refund_status(word: &str) -> Option<RefundStatus> {
    REFUND_STATUSES.iter().find(|(w, _)| *w == word).map(|(_, s)| *s)
}

/// A rejected payment's `status_detail` → unified code and whether trying again can succeed,
/// from the "Payment creation results" table (its suggested message to the shopper in the comment).
pub const DECLINES: &[(&str, U, DeclineType)] = &[
    // "Check card number."
    ("cc_rejected_bad_filled_card_number", U::InvalidCardNumber, DeclineType::Hard),
    // "Check expiration date."
    ("cc_rejected_bad_filled_date", U::InvalidExpiryDate, DeclineType::Hard),
    // "Check data."
    ("cc_rejected_bad_filled_other", U::CardDeclined, DeclineType::Hard),
    // "Check card security code."
    ("cc_rejected_bad_filled_security_code", U::IncorrectCvc, DeclineType::Soft),
    // "Your payment couldn't be processed." (card on a block list)
    ("cc_rejected_blacklist", U::FraudSuspected, DeclineType::Hard),
    // "Authorize the amount payment to payment_method_id." (the shopper must call the issuer)
    ("cc_rejected_call_for_authorize", U::CardDeclined, DeclineType::Soft),
    // "Call payment_method_id to activate your card."
    ("cc_rejected_card_disabled", U::TransactionNotAllowed, DeclineType::Hard),
    // "Your payment couldn't be processed."
    ("cc_rejected_card_error", U::ProcessingError, DeclineType::Soft),
    // "You have already made a payment for that value."
    ("cc_rejected_duplicated_payment", U::DuplicateTransaction, DeclineType::Hard),
    // "Your payment was rejected." (Mercado Pago's fraud prevention)
    ("cc_rejected_high_risk", U::FraudSuspected, DeclineType::Hard),
    // "Your payment_method_id does not have enough funds."
    ("cc_rejected_insufficient_amount", U::InsufficientFunds, DeclineType::Soft),
    // "payment_method_id does not process payments in installments installments."
    ("cc_rejected_invalid_installments", U::TransactionNotAllowed, DeclineType::Hard),
    // "You reached the allowed attempt limit."
    ("cc_rejected_max_attempts", U::LimitExceeded, DeclineType::Soft),
    // "payment_method_id did not process payment."
    ("cc_rejected_other_reason", U::CardDeclined, DeclineType::Soft),
    // Rejected for not having a 3DS challenge when it is mandatory.
    ("cc_rejected_3ds_mandatory", U::AuthenticationRequired, DeclineType::Soft),
    // The 3DS challenge was not passed.
    ("cc_rejected_3ds_challenge", U::AuthenticationFailed, DeclineType::Soft),
    // Amount limits of the card or the seller.
    ("cc_amount_rate_limit_exceeded", U::LimitExceeded, DeclineType::Soft),
    // Card type not taken by the seller.
    ("cc_rejected_card_type_not_allowed", U::CardNotSupported, DeclineType::Hard),
    // Bank transfer rejected because of an error at the bank.
    ("bank_error", U::ProcessingError, DeclineType::Soft),
];

/// The unified code of a rejection (`CardDeclined`, soft, for a detail the table does not list).
pub fn decline(status_detail: &str) -> (U, DeclineType) {
    DECLINES
        .iter()
        .find(|(d, _, _)| *d == status_detail)
        .map(|(_, u, t)| (*u, *t))
        .unwrap_or((U::CardDeclined, DeclineType::Soft))
}

/// `cause[].code` of an error answer → unified code, from the API reference's error lists of
/// `POST /v1/payments` and the refund and update calls.
pub const CAUSES: &[(i64, &str, U)] = &[
    (1, "Params Error", U::InvalidRequest),
    (3, "Token must be for test", U::InvalidCredentials),
    (8, "The name of the following parameters is wrong", U::InvalidRequest),
    (23, "The following parameters must be valid date and format date_of_expiration", U::InvalidRequest),
    (2002, "Customer not found", U::NotFound),
    (2004, "POST to Gateway Transactions API fail", U::ProcessorUnavailable),
    (2006, "Card Token not found", U::InvalidRequest),
    (2007, "Connection to Card Token API fail", U::ProcessorUnavailable),
    (2009, "Card token issuer can't be null", U::InvalidRequest),
    (2034, "Invalid users involved", U::InvalidCredentials),
    (2060, "The customer can't be equal to the collector", U::InvalidRequest),
    (2062, "Invalid card token", U::InvalidRequest),
    (2067, "Invalid user identification number", U::InvalidRequest),
];

pub fn cause(code: i64) -> Option<U> {
    CAUSES.iter().find(|(c, _, _)| *c == code).map(|(_, _, u)| *u)
}

/// A code the tables do not list: by its HTTP status alone, as the kit reads it.
pub use crate::kit::http_status::by_http_status;

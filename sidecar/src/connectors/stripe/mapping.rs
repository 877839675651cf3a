//! Stripe's statuses and error codes → unified ones. Tables, not scattered `if`s.
//! Sources: https://docs.stripe.com/payments/paymentintents/lifecycle,
//! https://docs.stripe.com/payments/setupintents/lifecycle, https://docs.stripe.com/refunds,
//! https://docs.stripe.com/declines/codes, https://docs.stripe.com/error-codes,
//! https://docs.stripe.com/declines/card (advice codes).

use super::responses::StripeError;
use crate::protocol::{DeclineType, ErrorInfo, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// A PaymentIntent's `status` (API 2023-08-16 enum). `has_error`: a failed attempt left
/// `last_payment_error` (Stripe then returns the intent to `requires_payment_method`).
pub fn payment_status(status: &str, has_error: bool) -> PaymentStatus {
    match status {
        "requires_payment_method" if has_error => PaymentStatus::Failure,
        "requires_payment_method" | "requires_confirmation" => PaymentStatus::Started,
        "requires_action" => PaymentStatus::AuthenticationPending,
        "processing" => PaymentStatus::Authorizing,
        "requires_capture" => PaymentStatus::Authorized,
        "canceled" => PaymentStatus::Voided,
        "succeeded" => PaymentStatus::Charged,
        // A status added after our API version: do not guess a money state.
        _ => PaymentStatus::Unresolved,
    }
}

/// A SetupIntent's `status` (same words as a PaymentIntent's, without `requires_capture`).
/// A saved card is the whole outcome of setupMandate, so `succeeded` is `charged` (the flow is
/// complete), as for a payment.
pub fn setup_status(status: &str, has_error: bool) -> PaymentStatus {
    match status {
        "requires_payment_method" if has_error => PaymentStatus::Failure,
        "requires_payment_method" | "requires_confirmation" => PaymentStatus::Started,
        "requires_action" => PaymentStatus::AuthenticationPending,
        "processing" => PaymentStatus::Pending,
        "canceled" => PaymentStatus::Voided,
        "succeeded" => PaymentStatus::Charged,
        _ => PaymentStatus::Unresolved,
    }
}

/// A Refund's `status`: `pending`, `succeeded`, `failed` for cards; `requires_action` and
/// `canceled` for refunds that need the customer's details (https://docs.stripe.com/refunds).
pub fn refund_status(status: &str) -> RefundStatus {
    match status {
        "succeeded" => RefundStatus::Success,
        // requires_action: Stripe waits for the customer's bank details; nothing failed yet.
        "pending" | "requires_action" => RefundStatus::Pending,
        "failed" | "canceled" => RefundStatus::Failure,
        // Not in the 2023-08-16 description: a person must look, we do not guess money moved.
        _ => RefundStatus::ManualReview,
    }
}

/// One row: Stripe's code, the unified code, soft/hard for card declines (None for API errors).
type Row = (&'static str, U, Option<DeclineType>);

const SOFT: Option<DeclineType> = Some(DeclineType::Soft);
const HARD: Option<DeclineType> = Some(DeclineType::Hard);

/// Card decline codes (`decline_code`, https://docs.stripe.com/declines/codes). Soft: a later
/// attempt with the same card can succeed (after time, authentication, or the shopper calling
/// the issuer); hard: do not retry this card as it is (Stripe's "next steps" column).
pub const DECLINE_CODES: &[Row] = &[
    ("authentication_required", U::AuthenticationRequired, SOFT),
    ("approve_with_id", U::CardDeclined, SOFT),
    ("call_issuer", U::CardDeclined, SOFT),
    ("card_not_supported", U::CardNotSupported, HARD),
    ("card_velocity_exceeded", U::LimitExceeded, SOFT),
    ("currency_not_supported", U::CardNotSupported, HARD),
    ("do_not_honor", U::CardDeclined, SOFT),
    ("do_not_try_again", U::CardDeclined, HARD),
    ("duplicate_transaction", U::DuplicateTransaction, HARD),
    ("expired_card", U::ExpiredCard, HARD),
    ("fraudulent", U::FraudSuspected, HARD),
    ("generic_decline", U::CardDeclined, SOFT),
    ("incorrect_number", U::InvalidCardNumber, HARD),
    ("incorrect_cvc", U::IncorrectCvc, SOFT),
    ("incorrect_pin", U::CardDeclined, SOFT),
    ("incorrect_zip", U::CardDeclined, SOFT),
    ("insufficient_funds", U::InsufficientFunds, SOFT),
    ("invalid_account", U::CardDeclined, HARD),
    ("invalid_amount", U::InvalidAmount, HARD),
    ("invalid_cvc", U::IncorrectCvc, SOFT),
    ("invalid_expiry_month", U::InvalidExpiryDate, HARD),
    ("invalid_expiry_year", U::InvalidExpiryDate, HARD),
    ("invalid_number", U::InvalidCardNumber, HARD),
    ("invalid_pin", U::CardDeclined, SOFT),
    ("issuer_not_available", U::ProcessorUnavailable, SOFT),
    ("lost_card", U::LostOrStolenCard, HARD),
    ("merchant_blacklist", U::FraudSuspected, HARD),
    ("new_account_information_available", U::CardDeclined, HARD),
    ("no_action_taken", U::CardDeclined, SOFT),
    ("not_permitted", U::TransactionNotAllowed, HARD),
    ("offline_pin_required", U::AuthenticationRequired, SOFT),
    ("online_or_offline_pin_required", U::AuthenticationRequired, SOFT),
    ("pickup_card", U::LostOrStolenCard, HARD),
    ("pin_try_exceeded", U::CardDeclined, HARD),
    ("processing_error", U::ProcessingError, SOFT),
    ("reenter_transaction", U::ProcessingError, SOFT),
    ("restricted_card", U::TransactionNotAllowed, HARD),
    ("revocation_of_all_authorizations", U::TransactionNotAllowed, HARD),
    ("revocation_of_authorization", U::TransactionNotAllowed, HARD),
    ("security_violation", U::FraudSuspected, HARD),
    ("service_not_allowed", U::TransactionNotAllowed, HARD),
    ("stolen_card", U::LostOrStolenCard, HARD),
    ("stop_payment_order", U::TransactionNotAllowed, HARD),
    ("testmode_decline", U::CardDeclined, HARD),
    ("test_mode_live_card", U::CardDeclined, HARD),
    ("transaction_not_allowed", U::TransactionNotAllowed, HARD),
    ("try_again_later", U::ProcessingError, SOFT),
    ("withdrawal_count_limit_exceeded", U::LimitExceeded, SOFT),
];

/// Stripe's error `code` (https://docs.stripe.com/error-codes), read when there is no
/// `decline_code`. Card-data codes share the decline table's meaning.
pub const ERROR_CODES: &[Row] = &[
    ("card_declined", U::CardDeclined, SOFT),
    ("expired_card", U::ExpiredCard, HARD),
    ("incorrect_cvc", U::IncorrectCvc, SOFT),
    ("invalid_cvc", U::IncorrectCvc, SOFT),
    ("incorrect_number", U::InvalidCardNumber, HARD),
    ("invalid_number", U::InvalidCardNumber, HARD),
    ("invalid_expiry_month", U::InvalidExpiryDate, HARD),
    ("invalid_expiry_year", U::InvalidExpiryDate, HARD),
    ("incorrect_zip", U::CardDeclined, SOFT),
    ("processing_error", U::ProcessingError, SOFT),
    ("authentication_required", U::AuthenticationRequired, SOFT),
    ("card_decline_rate_limit_exceeded", U::LimitExceeded, SOFT),
    ("payment_intent_authentication_failure", U::AuthenticationFailed, SOFT),
    ("setup_intent_authentication_failure", U::AuthenticationFailed, SOFT),
    ("payment_intent_payment_attempt_failed", U::CardDeclined, SOFT),
    ("payment_method_not_available", U::ProcessorUnavailable, SOFT),
    ("payment_method_provider_timeout", U::ProcessorUnavailable, SOFT),
    ("amount_too_small", U::InvalidAmount, None),
    ("amount_too_large", U::InvalidAmount, None),
    ("balance_insufficient", U::InvalidRequest, None),
    ("charge_already_captured", U::InvalidRequest, None),
    ("charge_already_refunded", U::InvalidRequest, None),
    ("charge_disputed", U::InvalidRequest, None),
    ("charge_expired_for_capture", U::InvalidRequest, None),
    ("charge_not_refundable", U::InvalidRequest, None),
    ("payment_intent_unexpected_state", U::InvalidRequest, None),
    ("setup_intent_unexpected_state", U::InvalidRequest, None),
    ("payment_method_unexpected_state", U::InvalidRequest, None),
    ("payment_method_invalid_parameter", U::InvalidRequest, None),
    ("payment_method_unactivated", U::InvalidRequest, None),
    ("customer_max_payment_methods", U::InvalidRequest, None),
    ("parameter_missing", U::InvalidRequest, None),
    ("parameter_unknown", U::InvalidRequest, None),
    ("parameter_invalid_integer", U::InvalidRequest, None),
    ("parameter_invalid_empty", U::InvalidRequest, None),
    ("parameter_invalid_string_blank", U::InvalidRequest, None),
    ("parameter_invalid_string_empty", U::InvalidRequest, None),
    ("parameters_exclusive", U::InvalidRequest, None),
    ("email_invalid", U::InvalidRequest, None),
    ("url_invalid", U::InvalidRequest, None),
    ("testmode_charges_only", U::InvalidRequest, None),
    ("resource_missing", U::NotFound, None),
    ("api_key_expired", U::InvalidCredentials, None),
    ("platform_api_key_expired", U::InvalidCredentials, None),
    ("secret_key_required", U::InvalidCredentials, None),
    ("livemode_mismatch", U::InvalidCredentials, None),
    ("rate_limit", U::RateLimited, None),
    ("lock_timeout", U::RateLimited, None),
    ("idempotency_key_in_use", U::RateLimited, None),
];

/// A failed refund's `failure_reason` (the 2023-08-16 Refund object's list).
pub const REFUND_FAILURE_REASONS: &[(&str, U)] = &[
    ("lost_or_stolen_card", U::LostOrStolenCard),
    ("expired_or_canceled_card", U::ExpiredCard),
    ("charge_for_pending_refund_disputed", U::InvalidRequest),
    ("insufficient_funds", U::InsufficientFunds),
    ("declined", U::CardDeclined),
    ("merchant_request", U::InvalidRequest),
    ("unknown", U::ProcessingError),
];

fn lookup(table: &[Row], code: &str) -> Option<(U, Option<DeclineType>)> {
    table.iter().find(|(c, _, _)| *c == code).map(|(_, u, d)| (*u, *d))
}

/// Stripe's `advice_code` is the network's own retry advice; where it speaks, it outranks the
/// decline code's usual meaning (https://docs.stripe.com/declines/card).
fn advised_decline_type(advice_code: Option<&str>) -> Option<DeclineType> {
    match advice_code {
        Some("try_again_later") => Some(DeclineType::Soft),
        Some("do_not_try_again") => Some(DeclineType::Hard),
        _ => None,
    }
}

/// The unified error of a Stripe error object.
pub fn error_info(e: &StripeError, http_status: u16) -> ErrorInfo {
    let by_code = e
        .decline_code
        .as_deref()
        .and_then(|c| lookup(DECLINE_CODES, c))
        .or_else(|| e.code.as_deref().and_then(|c| lookup(ERROR_CODES, c)));
    let (code, mut decline_type) = by_code.unwrap_or_else(|| {
        let by_status = match http_status {
            401 => U::InvalidCredentials,
            404 => U::NotFound,
            429 => U::RateLimited,
            s if s >= 500 => U::ProcessorUnavailable,
            _ => match e.kind.as_deref() {
                Some("card_error") => U::CardDeclined,
                Some("authentication_error") => U::InvalidCredentials,
                Some("rate_limit_error") => U::RateLimited,
                Some("api_error") => U::ProcessingError,
                _ => U::InvalidRequest,
            },
        };
        (by_status, None)
    });
    if decline_type.is_some() || e.kind.as_deref() == Some("card_error") {
        decline_type = advised_decline_type(e.advice_code.as_deref()).or(decline_type);
    }
    let message = e.message.clone().unwrap_or_else(|| "Stripe returned an error".into());
    ErrorInfo {
        code,
        message: crate::kit::mask::scrub_text(&message),
        connector_code: e.code.clone().or_else(|| e.kind.clone()),
        connector_message: e.message.clone(),
        decline_code: e.decline_code.clone(),
        advice_code: e.advice_code.clone(),
        decline_type,
    }
}

/// The unified error of a refund Stripe reports as `failed` (its `failure_reason`).
pub fn refund_failure(reason: Option<&str>) -> ErrorInfo {
    let code = reason
        .and_then(|r| REFUND_FAILURE_REASONS.iter().find(|(c, _)| *c == r))
        .map(|(_, u)| *u)
        .unwrap_or(U::ProcessingError);
    let why = reason.unwrap_or("no reason given");
    ErrorInfo {
        code,
        message: format!("Stripe could not complete the refund ({why})"),
        connector_code: reason.map(str::to_string),
        connector_message: None,
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_intent_status_maps() {
        for (s, want) in [
            ("requires_payment_method", PaymentStatus::Started),
            ("requires_confirmation", PaymentStatus::Started),
            ("requires_action", PaymentStatus::AuthenticationPending),
            ("processing", PaymentStatus::Authorizing),
            ("requires_capture", PaymentStatus::Authorized),
            ("canceled", PaymentStatus::Voided),
            ("succeeded", PaymentStatus::Charged),
        ] {
            assert_eq!(payment_status(s, false), want, "{s}");
        }
        assert_eq!(payment_status("requires_payment_method", true), PaymentStatus::Failure);
        assert_eq!(payment_status("something_new", false), PaymentStatus::Unresolved);
    }

    #[test]
    fn every_documented_setup_and_refund_status_maps() {
        for (s, want) in [
            ("requires_payment_method", PaymentStatus::Started),
            ("requires_confirmation", PaymentStatus::Started),
            ("requires_action", PaymentStatus::AuthenticationPending),
            ("processing", PaymentStatus::Pending),
            ("canceled", PaymentStatus::Voided),
            ("succeeded", PaymentStatus::Charged),
        ] {
            assert_eq!(setup_status(s, false), want, "{s}");
        }
        assert_eq!(setup_status("requires_payment_method", true), PaymentStatus::Failure);
        assert_eq!(setup_status("requires_capture", false), PaymentStatus::Unresolved);
        for (s, want) in [
            ("pending", RefundStatus::Pending),
            ("requires_action", RefundStatus::Pending),
            ("succeeded", RefundStatus::Success),
            ("failed", RefundStatus::Failure),
            ("canceled", RefundStatus::Failure),
            ("reversed_later", RefundStatus::ManualReview),
        ] {
            assert_eq!(refund_status(s), want, "{s}");
        }
    }

    /// No code twice in a table: a duplicate row would silently shadow the second.
    #[test]
    fn tables_have_no_duplicates() {
        for table in [DECLINE_CODES, ERROR_CODES] {
            let mut seen = std::collections::HashSet::new();
            for (c, _, _) in table {
                assert!(seen.insert(*c), "{c} twice");
            }
        }
    }
}

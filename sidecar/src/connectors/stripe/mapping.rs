//! Stripe's statuses and error codes → unified ones. Tables, not scattered `if`s.
//! Sources: https://docs.stripe.com/payments/paymentintents/lifecycle,
//! https://docs.stripe.com/declines/codes, https://docs.stripe.com/error-codes

use super::responses::StripeError;
use crate::protocol::{DeclineType, ErrorInfo, PaymentStatus, UnifiedErrorCode as U};

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

/// `decline_code` (issuer's reason) first, then `code` (Stripe's error code).
const CODE_TABLE: &[(&str, U, Option<DeclineType>)] = &[
    ("insufficient_funds", U::InsufficientFunds, Some(DeclineType::Soft)),
    ("expired_card", U::ExpiredCard, Some(DeclineType::Hard)),
    ("incorrect_cvc", U::IncorrectCvc, Some(DeclineType::Soft)),
    ("invalid_cvc", U::IncorrectCvc, Some(DeclineType::Soft)),
    ("incorrect_number", U::InvalidCardNumber, Some(DeclineType::Hard)),
    ("invalid_number", U::InvalidCardNumber, Some(DeclineType::Hard)),
    ("invalid_expiry_month", U::InvalidExpiryDate, Some(DeclineType::Hard)),
    ("invalid_expiry_year", U::InvalidExpiryDate, Some(DeclineType::Hard)),
    ("lost_card", U::LostOrStolenCard, Some(DeclineType::Hard)),
    ("stolen_card", U::LostOrStolenCard, Some(DeclineType::Hard)),
    ("pickup_card", U::LostOrStolenCard, Some(DeclineType::Hard)),
    ("fraudulent", U::FraudSuspected, Some(DeclineType::Hard)),
    ("merchant_blacklist", U::FraudSuspected, Some(DeclineType::Hard)),
    ("card_not_supported", U::CardNotSupported, Some(DeclineType::Hard)),
    ("currency_not_supported", U::CardNotSupported, Some(DeclineType::Hard)),
    ("transaction_not_allowed", U::TransactionNotAllowed, Some(DeclineType::Hard)),
    ("not_permitted", U::TransactionNotAllowed, Some(DeclineType::Hard)),
    ("card_velocity_exceeded", U::LimitExceeded, Some(DeclineType::Soft)),
    ("withdrawal_count_limit_exceeded", U::LimitExceeded, Some(DeclineType::Soft)),
    ("authentication_required", U::AuthenticationRequired, Some(DeclineType::Soft)),
    ("payment_intent_authentication_failure", U::AuthenticationFailed, Some(DeclineType::Soft)),
    ("duplicate_transaction", U::DuplicateTransaction, Some(DeclineType::Hard)),
    ("processing_error", U::ProcessingError, Some(DeclineType::Soft)),
    ("try_again_later", U::ProcessingError, Some(DeclineType::Soft)),
    ("issuer_not_available", U::ProcessorUnavailable, Some(DeclineType::Soft)),
    ("generic_decline", U::CardDeclined, Some(DeclineType::Soft)),
    ("do_not_honor", U::CardDeclined, Some(DeclineType::Soft)),
    ("call_issuer", U::CardDeclined, Some(DeclineType::Soft)),
    ("card_declined", U::CardDeclined, Some(DeclineType::Soft)),
    ("amount_too_small", U::InvalidAmount, None),
    ("amount_too_large", U::InvalidAmount, None),
    ("resource_missing", U::NotFound, None),
    ("api_key_expired", U::InvalidCredentials, None),
    ("rate_limit", U::RateLimited, None),
    ("idempotency_key_in_use", U::RateLimited, None),
    ("parameter_missing", U::InvalidRequest, None),
    ("parameter_invalid_integer", U::InvalidRequest, None),
    ("parameter_unknown", U::InvalidRequest, None),
];

fn lookup(code: &str) -> Option<(U, Option<DeclineType>)> {
    CODE_TABLE.iter().find(|(c, _, _)| *c == code).map(|(_, u, d)| (*u, *d))
}

/// The unified error of a Stripe error object.
pub fn error_info(e: &StripeError, http_status: u16) -> ErrorInfo {
    let by_code = e
        .decline_code
        .as_deref()
        .and_then(lookup)
        .or_else(|| e.code.as_deref().and_then(lookup));
    let (code, decline_type) = by_code.unwrap_or_else(|| {
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
}

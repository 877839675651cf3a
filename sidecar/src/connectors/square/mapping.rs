//! Square's payment and refund statuses and its error codes → unified ones. Tables, not scattered
//! `if`s.
//! Sources: `Payment.status`, `PaymentRefund.status`, the `ErrorCode` and `ErrorCategory` enums of
//! square/connect-api-specification api.json (Square-Version 2025-08-20),
//! https://developer.squareup.com/docs/payments-api/error-codes,
//! https://developer.squareup.com/docs/build-basics/handling-errors

use crate::protocol::{DeclineType, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// `Payment.status`: "APPROVED, PENDING, COMPLETED, CANCELED, or FAILED". Anything else is
/// `unresolved`: a status added after 2025-08-20 must not be guessed into a money state.
const PAYMENT_STATUSES: &[(&str, PaymentStatus)] = &[
    // Authorized and held: `autocomplete: false`, waiting for CompletePayment or CancelPayment.
    ("APPROVED", PaymentStatus::Authorized),
    // Not yet final (bank transfers, some wallets): the outcome arrives later.
    ("PENDING", PaymentStatus::Pending),
    // Captured: the money moves to the seller.
    ("COMPLETED", PaymentStatus::Charged),
    // Voided by CancelPayment, or by Square when `delay_duration` ran out (delay_action CANCEL).
    ("CANCELED", PaymentStatus::Voided),
    ("FAILED", PaymentStatus::Failure),
];

pub fn payment_status(status: Option<&str>) -> PaymentStatus {
    status
        .and_then(|s| PAYMENT_STATUSES.iter().find(|(k, _)| *k == s))
        .map(|(_, v)| *v)
        .unwrap_or(PaymentStatus::Unresolved)
}

/// `PaymentRefund.status`: "PENDING - Awaiting approval. COMPLETED - Successfully completed.
/// REJECTED - The refund was rejected. FAILED - An error occurred." Unknown words stay `pending`:
/// reporting a refund as failed when it may have gone through invites a second refund.
const REFUND_STATUSES: &[(&str, RefundStatus)] = &[
    ("PENDING", RefundStatus::Pending),
    ("COMPLETED", RefundStatus::Success),
    ("REJECTED", RefundStatus::Failure),
    ("FAILED", RefundStatus::Failure),
];

pub fn refund_status(status: Option<&str>) -> RefundStatus {
    status
        .and_then(|s| REFUND_STATUSES.iter().find(|(k, _)| *k == s))
        .map(|(_, v)| *v)
        .unwrap_or(RefundStatus::Pending)
}

#[cfg(test)]
pub fn known_payment_statuses() -> impl Iterator<Item = &'static str> {
    PAYMENT_STATUSES.iter().map(|(k, _)| *k)
}

#[cfg(test)]
pub fn known_refund_statuses() -> impl Iterator<Item = &'static str> {
    REFUND_STATUSES.iter().map(|(k, _)| *k)
}

use DeclineType::{Hard, Soft};

/// Every `ErrorCode` of the 2025-08-20 spec (153) → unified code and, for declines of the buyer's
/// payment method, the decline type. Soft: a retry (later, or after the buyer fixes something,
/// e.g. re-enters the CVV) can succeed; hard: do not retry this card. Errors that are about the
/// request or the seller's account carry no decline type: the card is not the problem.
const ERROR_CODES: &[(&str, U, Option<DeclineType>)] = &[
    // --- credentials and permissions (AUTHENTICATION_ERROR) ---
    ("UNAUTHORIZED", U::InvalidCredentials, None),
    ("ACCESS_TOKEN_EXPIRED", U::InvalidCredentials, None),
    ("ACCESS_TOKEN_REVOKED", U::InvalidCredentials, None),
    ("CLIENT_DISABLED", U::InvalidCredentials, None),
    ("FORBIDDEN", U::InvalidCredentials, None),
    ("INSUFFICIENT_SCOPES", U::InvalidCredentials, None),
    ("APPLICATION_DISABLED", U::InvalidCredentials, None),
    ("V1_APPLICATION", U::InvalidCredentials, None),
    ("V1_ACCESS_TOKEN", U::InvalidCredentials, None),
    ("BAD_CERTIFICATE", U::InvalidCredentials, None),
    // --- the seller's account cannot take this payment ---
    ("CARD_PROCESSING_NOT_ENABLED", U::TransactionNotAllowed, None),
    ("MERCHANT_SUBSCRIPTION_NOT_FOUND", U::InvalidRequest, None),
    ("INSUFFICIENT_PERMISSIONS", U::TransactionNotAllowed, None),
    ("INVALID_LOCATION", U::TransactionNotAllowed, None),
    ("PAYMENT_LIMIT_EXCEEDED", U::LimitExceeded, None),
    ("MANUALLY_ENTERED_PAYMENT_NOT_SUPPORTED", U::TransactionNotAllowed, Some(Hard)),
    ("CARD_PRESENCE_REQUIRED", U::TransactionNotAllowed, Some(Hard)),
    ("CHIP_INSERTION_REQUIRED", U::TransactionNotAllowed, Some(Soft)),
    ("UNSUPPORTED_ENTRY_METHOD", U::CardNotSupported, Some(Hard)),
    // --- malformed or invalid requests (INVALID_REQUEST_ERROR) ---
    ("BAD_REQUEST", U::InvalidRequest, None),
    ("MISSING_REQUIRED_PARAMETER", U::InvalidRequest, None),
    ("INCORRECT_TYPE", U::InvalidRequest, None),
    ("INVALID_TIME", U::InvalidRequest, None),
    ("INVALID_TIME_RANGE", U::InvalidRequest, None),
    ("INVALID_VALUE", U::InvalidRequest, None),
    ("INVALID_CURSOR", U::InvalidRequest, None),
    ("UNKNOWN_QUERY_PARAMETER", U::InvalidRequest, None),
    ("CONFLICTING_PARAMETERS", U::InvalidRequest, None),
    ("EXPECTED_JSON_BODY", U::InvalidRequest, None),
    ("INVALID_SORT_ORDER", U::InvalidRequest, None),
    ("VALUE_REGEX_MISMATCH", U::InvalidRequest, None),
    ("VALUE_TOO_SHORT", U::InvalidRequest, None),
    ("VALUE_TOO_LONG", U::InvalidRequest, None),
    ("VALUE_TOO_LOW", U::InvalidRequest, None),
    ("VALUE_TOO_HIGH", U::InvalidRequest, None),
    ("VALUE_EMPTY", U::InvalidRequest, None),
    ("ARRAY_LENGTH_TOO_LONG", U::InvalidRequest, None),
    ("ARRAY_LENGTH_TOO_SHORT", U::InvalidRequest, None),
    ("ARRAY_EMPTY", U::InvalidRequest, None),
    ("EXPECTED_BOOLEAN", U::InvalidRequest, None),
    ("EXPECTED_INTEGER", U::InvalidRequest, None),
    ("EXPECTED_FLOAT", U::InvalidRequest, None),
    ("EXPECTED_STRING", U::InvalidRequest, None),
    ("EXPECTED_OBJECT", U::InvalidRequest, None),
    ("EXPECTED_ARRAY", U::InvalidRequest, None),
    ("EXPECTED_MAP", U::InvalidRequest, None),
    ("EXPECTED_BASE64_ENCODED_BYTE_ARRAY", U::InvalidRequest, None),
    ("INVALID_ARRAY_VALUE", U::InvalidRequest, None),
    ("INVALID_ENUM_VALUE", U::InvalidRequest, None),
    ("INVALID_CONTENT_TYPE", U::InvalidRequest, None),
    ("INVALID_FORM_VALUE", U::InvalidRequest, None),
    ("ONE_INSTRUMENT_EXPECTED", U::InvalidRequest, None),
    ("NO_FIELDS_SET", U::InvalidRequest, None),
    ("TOO_MANY_MAP_ENTRIES", U::InvalidRequest, None),
    ("MAP_KEY_LENGTH_TOO_SHORT", U::InvalidRequest, None),
    ("MAP_KEY_LENGTH_TOO_LONG", U::InvalidRequest, None),
    ("CUSTOMER_MISSING_NAME", U::InvalidRequest, None),
    ("CUSTOMER_MISSING_EMAIL", U::InvalidRequest, None),
    ("INVALID_PAUSE_LENGTH", U::InvalidRequest, None),
    ("INVALID_DATE", U::InvalidRequest, None),
    ("UNSUPPORTED_COUNTRY", U::InvalidRequest, None),
    ("UNSUPPORTED_CURRENCY", U::InvalidRequest, None),
    ("INVALID_POSTAL_CODE", U::InvalidRequest, None),
    ("MISSING_ACCOUNT_TYPE", U::InvalidRequest, None),
    ("UNSUPPORTED_LOYALTY_REWARD_TIER", U::InvalidRequest, None),
    ("LOCATION_MISMATCH", U::InvalidRequest, None),
    ("ORDER_UNPAID_NOT_RETURNABLE", U::InvalidRequest, None),
    ("UNEXPECTED_VALUE", U::InvalidRequest, None),
    ("SANDBOX_NOT_SUPPORTED", U::InvalidRequest, None),
    ("INVALID_EMAIL_ADDRESS", U::InvalidRequest, None),
    ("INVALID_PHONE_NUMBER", U::InvalidRequest, None),
    ("CHECKOUT_EXPIRED", U::InvalidRequest, None),
    ("INVALID_SQUARE_VERSION_FORMAT", U::InvalidRequest, None),
    ("API_VERSION_INCOMPATIBLE", U::InvalidRequest, None),
    ("UNSUPPORTED_SOURCE_TYPE", U::InvalidRequest, None),
    ("CARD_MISMATCH", U::InvalidRequest, None),
    ("UNKNOWN_BODY_PARAMETER", U::InvalidRequest, None),
    ("APPLE_PAYMENT_PROCESSING_CERTIFICATE_HASH_NOT_FOUND", U::InvalidRequest, None),
    ("METHOD_NOT_ALLOWED", U::InvalidRequest, None),
    ("NOT_ACCEPTABLE", U::InvalidRequest, None),
    ("CONFLICT", U::InvalidRequest, None),
    ("REQUEST_ENTITY_TOO_LARGE", U::InvalidRequest, None),
    ("UNSUPPORTED_MEDIA_TYPE", U::InvalidRequest, None),
    ("UNPROCESSABLE_ENTITY", U::InvalidRequest, None),
    ("NOT_IMPLEMENTED", U::InvalidRequest, None),
    // A one-time payment token that is out of date: the buyer must enter the card again.
    ("CARD_TOKEN_EXPIRED", U::InvalidRequest, None),
    ("SOURCE_EXPIRED", U::InvalidRequest, None),
    // Delayed capture: the payment is no longer APPROVED (see responses.rs for what the status is).
    ("DELAYED_TRANSACTION_EXPIRED", U::InvalidRequest, None),
    ("DELAYED_TRANSACTION_CANCELED", U::InvalidRequest, None),
    ("DELAYED_TRANSACTION_CAPTURED", U::InvalidRequest, None),
    ("DELAYED_TRANSACTION_FAILED", U::InvalidRequest, None),
    ("REFUND_ERROR_PAYMENT_NEEDS_COMPLETION", U::InvalidRequest, None),
    // --- the same thing twice ---
    ("IDEMPOTENCY_KEY_REUSED", U::DuplicateTransaction, None),
    ("CARD_TOKEN_USED", U::DuplicateTransaction, None),
    ("SOURCE_USED", U::DuplicateTransaction, None),
    ("REFUND_ALREADY_PENDING", U::DuplicateTransaction, None),
    // --- not found ---
    ("NOT_FOUND", U::NotFound, None),
    ("CUSTOMER_NOT_FOUND", U::NotFound, None),
    ("GONE", U::NotFound, None),
    // --- amounts ---
    ("PAYMENT_AMOUNT_MISMATCH", U::InvalidAmount, None),
    ("INVALID_FEES", U::InvalidAmount, None),
    ("REFUND_AMOUNT_INVALID", U::InvalidAmount, None),
    // --- declines of the buyer's payment method (PAYMENT_METHOD_ERROR) ---
    ("CARD_DECLINED", U::CardDeclined, Some(Soft)),
    ("GENERIC_DECLINE", U::CardDeclined, Some(Soft)),
    // "the issuer requires voice authorization": the buyer calls the bank, then may retry.
    ("VOICE_FAILURE", U::CardDeclined, Some(Soft)),
    ("CARD_DECLINED_CALL_ISSUER", U::CardDeclined, Some(Soft)),
    ("READER_DECLINED", U::CardDeclined, Some(Soft)),
    // AVS: the buyer can correct the postal code.
    ("ADDRESS_VERIFICATION_FAILURE", U::CardDeclined, Some(Soft)),
    ("VERIFY_AVS_FAILURE", U::CardDeclined, Some(Soft)),
    ("ACCOUNT_UNUSABLE", U::CardDeclined, Some(Hard)),
    ("BUYER_REFUSED_PAYMENT", U::CardDeclined, Some(Hard)),
    ("CVV_FAILURE", U::IncorrectCvc, Some(Soft)),
    ("VERIFY_CVV_FAILURE", U::IncorrectCvc, Some(Soft)),
    ("CARD_EXPIRED", U::ExpiredCard, Some(Hard)),
    // A mistyped or missing expiry: the buyer can correct it.
    ("INVALID_EXPIRATION", U::InvalidExpiryDate, Some(Soft)),
    ("INVALID_EXPIRATION_YEAR", U::InvalidExpiryDate, Some(Soft)),
    ("INVALID_EXPIRATION_DATE", U::InvalidExpiryDate, Some(Soft)),
    ("BAD_EXPIRATION", U::InvalidExpiryDate, Some(Soft)),
    ("EXPIRATION_FAILURE", U::InvalidExpiryDate, Some(Soft)),
    ("INVALID_CARD", U::InvalidCardNumber, Some(Hard)),
    ("PAN_FAILURE", U::InvalidCardNumber, Some(Hard)),
    ("INVALID_ACCOUNT", U::InvalidCardNumber, Some(Hard)),
    ("INVALID_CARD_DATA", U::InvalidCardNumber, Some(Hard)),
    ("INVALID_ENCRYPTED_CARD", U::InvalidCardNumber, Some(Hard)),
    ("UNSUPPORTED_CARD_BRAND", U::CardNotSupported, Some(Hard)),
    ("CARD_NOT_SUPPORTED", U::CardNotSupported, Some(Hard)),
    ("UNSUPPORTED_INSTRUMENT_TYPE", U::CardNotSupported, Some(Hard)),
    // A gift card funded in another currency.
    ("CURRENCY_MISMATCH", U::CardNotSupported, Some(Hard)),
    ("CARDHOLDER_INSUFFICIENT_PERMISSIONS", U::TransactionNotAllowed, Some(Hard)),
    ("INSUFFICIENT_FUNDS", U::InsufficientFunds, Some(Soft)),
    ("GIFT_CARD_AVAILABLE_AMOUNT", U::InsufficientFunds, Some(Soft)),
    // "the card reached the credit limit" (or too low / too high for the source).
    ("TRANSACTION_LIMIT", U::LimitExceeded, Some(Soft)),
    ("AMOUNT_TOO_HIGH", U::LimitExceeded, Some(Soft)),
    // Strong customer authentication: verify the buyer (3DS) and try again.
    ("CARD_DECLINED_VERIFICATION_REQUIRED", U::AuthenticationRequired, Some(Soft)),
    ("APPLE_TTP_PIN_TOKEN", U::AuthenticationRequired, Some(Soft)),
    ("MISSING_PIN", U::AuthenticationRequired, Some(Soft)),
    ("INVALID_PIN", U::AuthenticationFailed, Some(Soft)),
    ("ALLOWABLE_PIN_TRIES_EXCEEDED", U::AuthenticationFailed, Some(Hard)),
    // Bank accounts linked through Plaid (ACH).
    ("PLAID_ERROR", U::ProcessingError, None),
    ("PLAID_ERROR_ITEM_LOGIN_REQUIRED", U::AuthenticationRequired, Some(Soft)),
    ("PLAID_ERROR_RATE_LIMIT", U::RateLimited, None),
    // --- refunds (REFUND_ERROR) ---
    ("PAYMENT_NOT_REFUNDABLE", U::TransactionNotAllowed, None),
    ("PAYMENT_NOT_REFUNDABLE_DUE_TO_DISPUTE", U::TransactionNotAllowed, None),
    ("INSUFFICIENT_PERMISSIONS_FOR_REFUND", U::TransactionNotAllowed, None),
    ("REFUND_DECLINED", U::CardDeclined, Some(Hard)),
    ("RESERVATION_DECLINED", U::CardDeclined, Some(Hard)),
    // --- Square itself ---
    ("RATE_LIMITED", U::RateLimited, None),
    ("INTERNAL_SERVER_ERROR", U::ProcessorUnavailable, None),
    ("REQUEST_TIMEOUT", U::ProcessorUnavailable, None),
    ("BAD_GATEWAY", U::ProcessorUnavailable, None),
    ("SERVICE_UNAVAILABLE", U::ProcessorUnavailable, None),
    ("GATEWAY_TIMEOUT", U::ProcessorUnavailable, None),
    // "You can safely retry your call using the same idempotency key."
    ("TEMPORARY_ERROR", U::ProcessorUnavailable, None),
];

/// The default of each `ErrorCategory`, for a code this table does not know (one Square adds
/// after 2025-08-20).
const CATEGORY_DEFAULTS: &[(&str, U, Option<DeclineType>)] = &[
    ("API_ERROR", U::ProcessorUnavailable, None),
    ("AUTHENTICATION_ERROR", U::InvalidCredentials, None),
    ("INVALID_REQUEST_ERROR", U::InvalidRequest, None),
    ("RATE_LIMIT_ERROR", U::RateLimited, None),
    // "the details of the payment method were invalid": a decline the buyer may fix.
    ("PAYMENT_METHOD_ERROR", U::CardDeclined, Some(Soft)),
    ("REFUND_ERROR", U::ProcessingError, None),
    ("MERCHANT_SUBSCRIPTION_ERROR", U::InvalidRequest, None),
    ("EXTERNAL_VENDOR_ERROR", U::ProcessingError, None),
];

/// The unified reading of one Square `Error`: by `code`, then by `category`, then by the HTTP
/// status. A 5xx is always `processor_unavailable`: the outcome is unknown whatever the body says.
pub fn error_code(http_status: u16, code: Option<&str>, category: Option<&str>) -> (U, Option<DeclineType>) {
    if http_status >= 500 {
        return (U::ProcessorUnavailable, None);
    }
    if let Some((_, u, d)) = code.and_then(|c| ERROR_CODES.iter().find(|(k, ..)| *k == c)) {
        return (*u, *d);
    }
    if let Some((_, u, d)) = category.and_then(|c| CATEGORY_DEFAULTS.iter().find(|(k, ..)| *k == c)) {
        return (*u, *d);
    }
    let by_status = match http_status {
        401 | 403 => U::InvalidCredentials,
        404 => U::NotFound,
        429 => U::RateLimited,
        _ => U::InvalidRequest,
    };
    (by_status, None)
}

#[cfg(test)]
pub fn known_error_codes() -> impl Iterator<Item = &'static str> {
    ERROR_CODES.iter().map(|(k, ..)| *k)
}

#[cfg(test)]
pub fn known_categories() -> impl Iterator<Item = &'static str> {
    CATEGORY_DEFAULTS.iter().map(|(k, ..)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payment_statuses() {
        assert_eq!(payment_status(Some("APPROVED")), PaymentStatus::Authorized);
        assert_eq!(payment_status(Some("PENDING")), PaymentStatus::Pending);
        assert_eq!(payment_status(Some("COMPLETED")), PaymentStatus::Charged);
        assert_eq!(payment_status(Some("CANCELED")), PaymentStatus::Voided);
        assert_eq!(payment_status(Some("FAILED")), PaymentStatus::Failure);
        assert_eq!(payment_status(Some("approved")), PaymentStatus::Unresolved);
        assert_eq!(payment_status(Some("CAPTURED")), PaymentStatus::Unresolved);
        assert_eq!(payment_status(None), PaymentStatus::Unresolved);
    }

    #[test]
    fn refund_statuses() {
        assert_eq!(refund_status(Some("PENDING")), RefundStatus::Pending);
        assert_eq!(refund_status(Some("COMPLETED")), RefundStatus::Success);
        assert_eq!(refund_status(Some("REJECTED")), RefundStatus::Failure);
        assert_eq!(refund_status(Some("FAILED")), RefundStatus::Failure);
        assert_eq!(refund_status(Some("SOMETHING_NEW")), RefundStatus::Pending);
        assert_eq!(refund_status(None), RefundStatus::Pending);
    }

    #[test]
    fn codes_then_categories_then_status() {
        assert_eq!(error_code(402, Some("INSUFFICIENT_FUNDS"), Some("PAYMENT_METHOD_ERROR")), (U::InsufficientFunds, Some(Soft)));
        assert_eq!(error_code(400, Some("CARD_EXPIRED"), Some("PAYMENT_METHOD_ERROR")), (U::ExpiredCard, Some(Hard)));
        assert_eq!(error_code(400, Some("CVV_FAILURE"), None), (U::IncorrectCvc, Some(Soft)));
        assert_eq!(error_code(401, Some("UNAUTHORIZED"), Some("AUTHENTICATION_ERROR")), (U::InvalidCredentials, None));
        assert_eq!(error_code(429, Some("RATE_LIMITED"), Some("RATE_LIMIT_ERROR")), (U::RateLimited, None));
        assert_eq!(error_code(400, Some("IDEMPOTENCY_KEY_REUSED"), None), (U::DuplicateTransaction, None));
        assert_eq!(error_code(404, Some("NOT_FOUND"), Some("INVALID_REQUEST_ERROR")), (U::NotFound, None));
        // An unknown code falls back to its category's default.
        assert_eq!(error_code(400, Some("NEW_DECLINE"), Some("PAYMENT_METHOD_ERROR")), (U::CardDeclined, Some(Soft)));
        assert_eq!(error_code(400, Some("NEW"), Some("AUTHENTICATION_ERROR")), (U::InvalidCredentials, None));
        assert_eq!(error_code(400, Some("NEW"), Some("REFUND_ERROR")), (U::ProcessingError, None));
        assert_eq!(error_code(400, Some("NEW"), Some("API_ERROR")), (U::ProcessorUnavailable, None));
        // Neither known: the HTTP status.
        assert_eq!(error_code(401, None, None), (U::InvalidCredentials, None));
        assert_eq!(error_code(404, Some("X"), Some("Y")), (U::NotFound, None));
        assert_eq!(error_code(429, None, None), (U::RateLimited, None));
        assert_eq!(error_code(400, None, None), (U::InvalidRequest, None));
        // 5xx wins over everything.
        assert_eq!(error_code(500, Some("CARD_DECLINED"), Some("PAYMENT_METHOD_ERROR")), (U::ProcessorUnavailable, None));
    }

    #[test]
    fn tables_have_no_duplicates() {
        let mut seen = std::collections::BTreeSet::new();
        for (k, ..) in ERROR_CODES {
            assert!(seen.insert(*k), "{k} twice");
        }
        let mut seen = std::collections::BTreeSet::new();
        for (k, ..) in CATEGORY_DEFAULTS {
            assert!(seen.insert(*k), "{k} twice");
        }
    }

    #[test]
    fn only_buyer_payment_method_problems_have_a_decline_type() {
        for (code, unified, decline) in ERROR_CODES {
            let declines = matches!(
                unified,
                U::CardDeclined
                    | U::IncorrectCvc
                    | U::ExpiredCard
                    | U::InvalidExpiryDate
                    | U::InvalidCardNumber
                    | U::CardNotSupported
                    | U::InsufficientFunds
                    | U::AuthenticationRequired
                    | U::AuthenticationFailed
            );
            if declines {
                assert!(decline.is_some(), "{code}: a decline without soft/hard");
            }
            if matches!(unified, U::InvalidRequest | U::InvalidCredentials | U::NotFound | U::RateLimited | U::ProcessorUnavailable) {
                assert!(decline.is_none(), "{code}: not a decline, yet {decline:?}");
            }
        }
    }
}

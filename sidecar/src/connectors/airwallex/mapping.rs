//! Airwallex's statuses and error codes into the unified ones, as tables.
//!
//! - PaymentIntent `status`: https://www.airwallex.com/docs/payments/reference/payment-statuses
//!   (REQUIRES_PAYMENT_METHOD, REQUIRES_CUSTOMER_ACTION, REQUIRES_CAPTURE, PENDING, SUCCEEDED,
//!   CANCELLED).
//! - Refund `status`: https://www.airwallex.com/docs/api/payments/refunds (RECEIVED, ACCEPTED,
//!   SETTLED, FAILED).
//! - Error `code`s: https://www.airwallex.com/docs/payments/troubleshooting/error-response-codes
//!   (HTTP 400 codes; 401 `unauthorized`; 404 `not_found`).
//! - Issuer response codes behind `issuer_declined` (`provider_original_response_code`):
//!   https://www.airwallex.com/docs/payments__response-codes__issuer-response-codes (ISO 8583).

use crate::protocol::{DeclineType, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// PaymentIntent status → unified status; `captured` says whether anything was captured
/// (a SUCCEEDED intent captured in part is `partial_charged`).
pub const INTENT_STATUSES: &[(&str, PaymentStatus)] = &[
    // Created, no payment method yet, or the last attempt failed (PaymentsClient then confirms).
    ("REQUIRES_PAYMENT_METHOD", PaymentStatus::Started),
    // 3-D Secure or a redirect: next_action says where.
    ("REQUIRES_CUSTOMER_ACTION", PaymentStatus::AuthenticationPending),
    ("REQUIRES_CAPTURE", PaymentStatus::Authorized),
    // Airwallex is waiting on the provider or the acquirer.
    ("PENDING", PaymentStatus::Pending),
    ("SUCCEEDED", PaymentStatus::Charged),
    ("CANCELLED", PaymentStatus::Voided),
];

pub fn intent_status(status: &str) -> Option<PaymentStatus> {
    INTENT_STATUSES.iter().find(|(s, _)| s.eq_ignore_ascii_case(status.trim())).map(|(_, p)| *p)
}

pub const REFUND_STATUSES: &[(&str, RefundStatus)] = &[
    ("RECEIVED", RefundStatus::Pending),
    ("ACCEPTED", RefundStatus::Pending),
    ("SETTLED", RefundStatus::Success),
    ("FAILED", RefundStatus::Failure),
];

pub fn refund_status(status: &str) -> Option<RefundStatus> {
    REFUND_STATUSES.iter().find(|(s, _)| s.eq_ignore_ascii_case(status.trim())).map(|(_, r)| *r)
}

/// Airwallex error `code` → unified code, and whether a decline is soft (try again later or
/// with authentication) or hard.
pub const ERROR_CODES: &[(&str, U, Option<DeclineType>)] = &[
    ("3ds_not_supported", U::CardNotSupported, Some(DeclineType::Hard)),
    ("amount_above_limit", U::LimitExceeded, Some(DeclineType::Hard)),
    ("amount_below_limit", U::InvalidAmount, None),
    ("authentication_declined", U::AuthenticationFailed, Some(DeclineType::Soft)),
    ("card_brand_not_supported", U::CardNotSupported, Some(DeclineType::Hard)),
    ("configuration_error", U::InvalidRequest, None),
    ("currency_not_supported", U::InvalidRequest, None),
    ("duplicate_request", U::DuplicateTransaction, None),
    ("invalid_status_for_operation", U::InvalidRequest, None),
    ("issuer_declined", U::CardDeclined, Some(DeclineType::Soft)),
    ("provider_declined", U::CardDeclined, Some(DeclineType::Soft)),
    ("risk_declined", U::FraudSuspected, Some(DeclineType::Hard)),
    ("resource_not_found", U::NotFound, None),
    ("not_found", U::NotFound, None),
    ("resource_already_exists", U::DuplicateTransaction, None),
    ("validation_error", U::InvalidRequest, None),
    ("unauthorized", U::InvalidCredentials, None),
    ("service_unavailable", U::ProcessorUnavailable, None),
    ("internal_error", U::ProcessingError, None),
];

pub fn error_code(code: &str) -> Option<(U, Option<DeclineType>)> {
    ERROR_CODES.iter().find(|(c, _, _)| c.eq_ignore_ascii_case(code.trim())).map(|(_, u, d)| (*u, *d))
}

/// The issuer's ISO 8583 response code (`provider_original_response_code`) → a finer unified code
/// and whether to try again, from Airwallex's issuer response code table.
pub const ISSUER_CODES: &[(&str, U, DeclineType)] = &[
    ("01", U::CardDeclined, DeclineType::Soft),
    ("04", U::LostOrStolenCard, DeclineType::Hard),
    ("05", U::CardDeclined, DeclineType::Soft),
    ("12", U::TransactionNotAllowed, DeclineType::Hard),
    ("13", U::InvalidAmount, DeclineType::Hard),
    ("14", U::InvalidCardNumber, DeclineType::Hard),
    ("41", U::LostOrStolenCard, DeclineType::Hard),
    ("43", U::LostOrStolenCard, DeclineType::Hard),
    ("51", U::InsufficientFunds, DeclineType::Soft),
    ("54", U::ExpiredCard, DeclineType::Hard),
    ("55", U::IncorrectCvc, DeclineType::Soft),
    ("57", U::TransactionNotAllowed, DeclineType::Hard),
    ("59", U::FraudSuspected, DeclineType::Hard),
    ("61", U::LimitExceeded, DeclineType::Soft),
    ("65", U::LimitExceeded, DeclineType::Soft),
    ("82", U::IncorrectCvc, DeclineType::Soft),
    ("N7", U::IncorrectCvc, DeclineType::Soft),
    ("91", U::ProcessorUnavailable, DeclineType::Soft),
];

pub fn issuer_code(code: &str) -> Option<(U, DeclineType)> {
    ISSUER_CODES.iter().find(|(c, _, _)| c.eq_ignore_ascii_case(code.trim())).map(|(_, u, d)| (*u, *d))
}

/// A code the tables do not list: by its HTTP status alone, as the kit reads it.
pub use crate::kit::http_status::by_http_status;

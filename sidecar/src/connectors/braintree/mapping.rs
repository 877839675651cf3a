//! Braintree's statuses and error codes → unified ones.
//!
//! Sources: the GraphQL reference (`PaymentStatus`, `GatewayRejectionReason`, `ProcessorDeclineType`,
//! the `errorClass` of `errors[].extensions`), Braintree's authorization response codes
//! ("Processor responses", codes 1000–3000) and its validation error codes (8xxxx/9xxxx).

use crate::protocol::{DeclineType, PaymentStatus, RefundStatus, UnifiedErrorCode as U};
use DeclineType::{Hard, Soft};

/// A transaction's `PaymentStatus`. Submitted for settlement is `charged`: Braintree has accepted
/// the capture and settles it in its next batch; a later SETTLEMENT_DECLINED (rare, mostly PayPal
/// and bank accounts) is read by psync as `capture_failed`.
pub fn payment_status(status: Option<&str>) -> PaymentStatus {
    match status {
        Some("AUTHORIZED") => PaymentStatus::Authorized,
        Some("AUTHORIZING") => PaymentStatus::Authorizing,
        Some("SUBMITTED_FOR_SETTLEMENT" | "SETTLING" | "SETTLEMENT_PENDING" | "SETTLED" | "SETTLEMENT_CONFIRMED") => {
            PaymentStatus::Charged
        }
        Some("SETTLEMENT_DECLINED") => PaymentStatus::CaptureFailed,
        Some("VOIDED") => PaymentStatus::Voided,
        // An authorization nobody captured in time: the hold is gone, nothing was charged.
        Some("AUTHORIZATION_EXPIRED") => PaymentStatus::Failure,
        Some("FAILED" | "GATEWAY_REJECTED" | "PROCESSOR_DECLINED") => PaymentStatus::Failure,
        _ => PaymentStatus::Unresolved,
    }
}

/// A refund's `PaymentStatus` (a Braintree refund is a credit transaction with the same enum).
/// Until it settles it is `pending`; an unknown status is `pending` too, so nobody refunds twice on
/// our word.
pub fn refund_status(status: Option<&str>) -> RefundStatus {
    match status {
        Some("SETTLED" | "SETTLEMENT_CONFIRMED") => RefundStatus::Success,
        Some("VOIDED" | "FAILED" | "GATEWAY_REJECTED" | "PROCESSOR_DECLINED" | "SETTLEMENT_DECLINED" | "AUTHORIZATION_EXPIRED") => {
            RefundStatus::Failure
        }
        _ => RefundStatus::Pending,
    }
}

/// Authorization response codes (`processorResponse.legacyCode`, also sent as an error's
/// `legacyCode`). Soft: the same payment method may succeed later or after a correction; hard:
/// retrying it will not help.
const PROCESSOR_CODES: &[(&str, U, Option<DeclineType>)] = &[
    ("2000", U::CardDeclined, Some(Soft)),          // Do Not Honor
    ("2001", U::InsufficientFunds, Some(Soft)),     // Insufficient Funds
    ("2002", U::LimitExceeded, Some(Soft)),         // Limit Exceeded
    ("2003", U::LimitExceeded, Some(Soft)),         // Cardholder's Activity Limit Exceeded
    ("2004", U::ExpiredCard, Some(Hard)),           // Expired Card
    ("2005", U::InvalidCardNumber, Some(Hard)),     // Invalid Credit Card Number
    ("2006", U::InvalidExpiryDate, Some(Soft)),     // Invalid Expiration Date
    ("2007", U::InvalidCardNumber, Some(Hard)),     // No Account
    ("2008", U::InvalidCardNumber, Some(Hard)),     // Card Account Length Error
    ("2009", U::InvalidCardNumber, Some(Hard)),     // No Such Issuer
    ("2010", U::IncorrectCvc, Some(Soft)),          // Card Issuer Declined CVV
    ("2011", U::CardDeclined, Some(Soft)),          // Voice Authorization Required
    ("2012", U::LostOrStolenCard, Some(Hard)),      // Processor Declined - Possible Lost Card
    ("2013", U::LostOrStolenCard, Some(Hard)),      // Processor Declined - Possible Stolen Card
    ("2014", U::FraudSuspected, Some(Hard)),        // Processor Declined - Fraud Suspected
    ("2015", U::TransactionNotAllowed, Some(Hard)), // Transaction Not Allowed
    ("2016", U::DuplicateTransaction, None),        // Duplicate Transaction
    ("2017", U::TransactionNotAllowed, Some(Hard)), // Cardholder Stopped Billing
    ("2018", U::TransactionNotAllowed, Some(Hard)), // Cardholder Stopped All Billing
    ("2019", U::TransactionNotAllowed, Some(Hard)), // Invalid Transaction
    ("2020", U::CardDeclined, Some(Hard)),          // Violation
    ("2021", U::FraudSuspected, Some(Hard)),        // Security Violation
    ("2022", U::CardDeclined, Some(Soft)),          // Declined - Updated Cardholder Available
    ("2023", U::CardNotSupported, Some(Hard)),      // Processor Does Not Support This Feature
    ("2024", U::CardNotSupported, Some(Hard)),      // Card Type Not Enabled
    ("2025", U::ProcessingError, None),             // Set Up Error - Merchant
    ("2026", U::ProcessingError, None),             // Invalid Merchant ID
    ("2027", U::InvalidAmount, None),               // Set Up Error - Amount
    ("2028", U::ProcessingError, None),             // Set Up Error - Hierarchy
    ("2029", U::CardDeclined, Some(Soft)),          // Set Up Error - Card
    ("2030", U::ProcessingError, None),             // Set Up Error - Terminal
    ("2031", U::ProcessingError, None),             // Encryption Error
    ("2032", U::TransactionNotAllowed, Some(Hard)), // Surcharge Not Permitted
    ("2033", U::ProcessingError, None),             // Inconsistent Data
    ("2034", U::CardDeclined, Some(Soft)),          // No Action Taken
    ("2038", U::CardDeclined, Some(Soft)),          // Processor Declined
    ("2041", U::CardDeclined, Some(Soft)),          // Declined - Call For Approval
    ("2043", U::CardDeclined, Some(Hard)),          // Error - Do Not Retry, Call Issuer
    ("2044", U::CardDeclined, Some(Soft)),          // Declined - Call Issuer
    ("2046", U::CardDeclined, Some(Soft)),          // Declined
    ("2047", U::LostOrStolenCard, Some(Hard)),      // Call Issuer. Pick Up Card
    ("2051", U::InvalidCardNumber, Some(Hard)),     // Credit Card Number does not match method of payment
    ("2053", U::LostOrStolenCard, Some(Hard)),      // Card reported as lost or stolen
    ("2057", U::TransactionNotAllowed, Some(Hard)), // Issuer or Cardholder has put a restriction on the card
    ("2059", U::CardDeclined, Some(Soft)),          // Address Verification Failed
    ("2060", U::CardDeclined, Some(Soft)),          // Address Verification and Card Security Code Failed
    ("2062", U::InvalidAmount, None),               // Invalid Tax Amount
    ("2069", U::DuplicateTransaction, None),        // PayPal Duplicate Request
    ("2075", U::CardDeclined, Some(Hard)),          // Payer Account Is Locked Or Closed
    ("2099", U::AuthenticationRequired, Some(Soft)), // Cardholder Authentication Required
    ("3000", U::ProcessorUnavailable, None),        // Processor Network Unavailable - Try Again
];

/// A transaction's `gatewayRejectionReason`: Braintree's own rules refused it, not the issuer.
const GATEWAY_REJECTIONS: &[(&str, U, Option<DeclineType>)] = &[
    // AVS/CVV rules: the shopper can correct the address or the security code.
    ("AVS", U::CardDeclined, Some(Soft)),
    ("AVS_AND_CVV", U::CardDeclined, Some(Soft)),
    ("CVV", U::IncorrectCvc, Some(Soft)),
    ("DUPLICATE", U::DuplicateTransaction, None),
    ("FRAUD", U::FraudSuspected, Some(Hard)),
    ("RISK_THRESHOLD", U::FraudSuspected, Some(Hard)),
    ("THREE_D_SECURE", U::AuthenticationFailed, Some(Soft)),
    ("UNION_PAY_ENROLLMENT_REQUIRED", U::AuthenticationRequired, Some(Soft)),
    ("EXCESSIVE_RETRY", U::CardDeclined, Some(Hard)),
    ("TOO_MANY_CONFIRMATION_ATTEMPTS", U::CardDeclined, Some(Hard)),
    ("PAYMENT_METHOD_BLOCKED", U::CardDeclined, Some(Hard)),
    // The merchant's account, not the shopper's card.
    ("APPLICATION_INCOMPLETE", U::TransactionNotAllowed, None),
    ("MANUAL_TRANSACTIONS_DISABLED", U::TransactionNotAllowed, None),
    ("TOKEN_ISSUANCE", U::ProcessingError, None),
];

/// Validation error codes (`extensions.legacyCode` of a VALIDATION error) that mean more than
/// "invalid request".
const VALIDATION_CODES: &[(&str, U)] = &[
    ("81503", U::InvalidAmount), // Amount is an invalid format
    ("81528", U::InvalidAmount), // Amount is too large
    ("81531", U::InvalidAmount), // Amount must be greater than zero
    ("91521", U::InvalidAmount), // Refund amount is too large
    ("91522", U::InvalidAmount), // Settlement amount cannot be more than the authorized amount
    ("91512", U::InvalidAmount), // Transaction has already been completely refunded
    ("91564", U::DuplicateTransaction), // Cannot use a payment method nonce more than once
    ("91565", U::NotFound),      // Unknown payment method nonce
    ("91517", U::CardNotSupported), // Credit card type is not accepted by this merchant account
];

/// The reading of an authorization response code. Codes Braintree adds later fall back by range:
/// 2000–2999 declines (soft: "the customer's bank is unwilling to accept the transaction"),
/// 3000 and up processor trouble.
pub fn processor_code(code: &str) -> (U, Option<DeclineType>) {
    if let Some((_, u, d)) = PROCESSOR_CODES.iter().find(|(k, ..)| *k == code) {
        return (*u, *d);
    }
    match code.parse::<u32>() {
        Ok(2000..=2999) => (U::CardDeclined, Some(Soft)),
        Ok(3000..=3999) => (U::ProcessorUnavailable, None),
        _ => (U::CardDeclined, Some(Soft)),
    }
}

pub fn gateway_rejection(reason: &str) -> (U, Option<DeclineType>) {
    GATEWAY_REJECTIONS.iter().find(|(k, ..)| *k == reason).map(|(_, u, d)| (*u, *d)).unwrap_or((U::CardDeclined, Some(Soft)))
}

/// The reading of a GraphQL error: by `errorClass`, then for VALIDATION by `legacyCode`. A legacy
/// code in the processor range (a decline reported as an error) is read as a decline.
pub fn graphql_error(error_class: Option<&str>, legacy_code: Option<&str>) -> (U, Option<DeclineType>) {
    if let Some(code) = legacy_code {
        if matches!(code.parse::<u32>(), Ok(1000..=3999)) {
            return processor_code(code);
        }
    }
    match error_class {
        Some("AUTHENTICATION" | "AUTHORIZATION") => (U::InvalidCredentials, None),
        Some("NOT_FOUND") => (U::NotFound, None),
        Some("INTERNAL" | "SERVICE_AVAILABILITY") => (U::ProcessorUnavailable, None),
        Some("RESOURCE_LIMIT") => (U::RateLimited, None),
        _ => {
            let known = legacy_code.and_then(|c| VALIDATION_CODES.iter().find(|(k, _)| *k == c));
            (known.map(|(_, u)| *u).unwrap_or(U::InvalidRequest), None)
        }
    }
}

#[cfg(test)]
pub fn known_processor_codes() -> impl Iterator<Item = &'static str> {
    PROCESSOR_CODES.iter().map(|(k, ..)| *k)
}

#[cfg(test)]
pub fn known_gateway_rejections() -> impl Iterator<Item = &'static str> {
    GATEWAY_REJECTIONS.iter().map(|(k, ..)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payment_statuses() {
        assert_eq!(payment_status(Some("AUTHORIZED")), PaymentStatus::Authorized);
        assert_eq!(payment_status(Some("AUTHORIZING")), PaymentStatus::Authorizing);
        for s in ["SUBMITTED_FOR_SETTLEMENT", "SETTLING", "SETTLEMENT_PENDING", "SETTLED", "SETTLEMENT_CONFIRMED"] {
            assert_eq!(payment_status(Some(s)), PaymentStatus::Charged, "{s}");
        }
        assert_eq!(payment_status(Some("SETTLEMENT_DECLINED")), PaymentStatus::CaptureFailed);
        assert_eq!(payment_status(Some("VOIDED")), PaymentStatus::Voided);
        for s in ["AUTHORIZATION_EXPIRED", "FAILED", "GATEWAY_REJECTED", "PROCESSOR_DECLINED"] {
            assert_eq!(payment_status(Some(s)), PaymentStatus::Failure, "{s}");
        }
        assert_eq!(payment_status(Some("authorized")), PaymentStatus::Unresolved);
        assert_eq!(payment_status(None), PaymentStatus::Unresolved);
    }

    #[test]
    fn refund_statuses() {
        assert_eq!(refund_status(Some("SETTLED")), RefundStatus::Success);
        assert_eq!(refund_status(Some("SETTLEMENT_CONFIRMED")), RefundStatus::Success);
        assert_eq!(refund_status(Some("SUBMITTED_FOR_SETTLEMENT")), RefundStatus::Pending);
        assert_eq!(refund_status(Some("SETTLING")), RefundStatus::Pending);
        assert_eq!(refund_status(Some("VOIDED")), RefundStatus::Failure);
        assert_eq!(refund_status(Some("PROCESSOR_DECLINED")), RefundStatus::Failure);
        assert_eq!(refund_status(Some("SOMETHING_NEW")), RefundStatus::Pending);
        assert_eq!(refund_status(None), RefundStatus::Pending);
    }

    #[test]
    fn processor_codes_with_range_fallback() {
        assert_eq!(processor_code("2000"), (U::CardDeclined, Some(Soft)));
        assert_eq!(processor_code("2001"), (U::InsufficientFunds, Some(Soft)));
        assert_eq!(processor_code("2004"), (U::ExpiredCard, Some(Hard)));
        assert_eq!(processor_code("2005"), (U::InvalidCardNumber, Some(Hard)));
        assert_eq!(processor_code("2010"), (U::IncorrectCvc, Some(Soft)));
        assert_eq!(processor_code("2015"), (U::TransactionNotAllowed, Some(Hard)));
        assert_eq!(processor_code("2057"), (U::TransactionNotAllowed, Some(Hard)));
        assert_eq!(processor_code("3000"), (U::ProcessorUnavailable, None));
        assert_eq!(processor_code("2998"), (U::CardDeclined, Some(Soft)));
        assert_eq!(processor_code("3001"), (U::ProcessorUnavailable, None));
    }

    #[test]
    fn graphql_errors_by_class_then_code() {
        assert_eq!(graphql_error(Some("AUTHENTICATION"), None), (U::InvalidCredentials, None));
        assert_eq!(graphql_error(Some("AUTHORIZATION"), None), (U::InvalidCredentials, None));
        assert_eq!(graphql_error(Some("NOT_FOUND"), None), (U::NotFound, None));
        assert_eq!(graphql_error(Some("INTERNAL"), None), (U::ProcessorUnavailable, None));
        assert_eq!(graphql_error(Some("UNSUPPORTED_CLIENT"), None), (U::InvalidRequest, None));
        assert_eq!(graphql_error(Some("VALIDATION"), Some("91521")), (U::InvalidAmount, None));
        assert_eq!(graphql_error(Some("VALIDATION"), Some("91564")), (U::DuplicateTransaction, None));
        assert_eq!(graphql_error(Some("VALIDATION"), Some("99999")), (U::InvalidRequest, None));
        assert_eq!(graphql_error(Some("VALIDATION"), Some("2001")), (U::InsufficientFunds, Some(Soft)));
        assert_eq!(graphql_error(None, None), (U::InvalidRequest, None));
    }

    #[test]
    fn tables_have_no_duplicates_and_declines_have_a_type() {
        let mut seen = std::collections::BTreeSet::new();
        for (k, u, d) in PROCESSOR_CODES.iter().chain(GATEWAY_REJECTIONS) {
            assert!(seen.insert(*k), "{k} twice");
            if matches!(u, U::CardDeclined | U::InsufficientFunds | U::ExpiredCard | U::IncorrectCvc | U::InvalidCardNumber | U::LostOrStolenCard) {
                assert!(d.is_some(), "{k}: a decline without soft/hard");
            }
            if matches!(u, U::ProcessingError | U::ProcessorUnavailable | U::InvalidAmount | U::DuplicateTransaction) {
                assert!(d.is_none(), "{k}: not a decline of the card");
            }
        }
    }
}

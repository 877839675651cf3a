//! Nuvei's statuses and error codes into the unified ones, as tables.
//!
//! Nuvei reports a call's outcome in three stages (https://docs.nuvei.com/documentation/integration/response-handling):
//! 1. the API request itself: `status` (`SUCCESS` / `ERROR`), `errCode`, `reason` (table
//!    "API Response Codes": [`api_error`]);
//! 2. the gateway and the issuer, for card transactions: `transactionStatus` (`APPROVED`,
//!    `DECLINED`, `ERROR`, `REDIRECT`, `PENDING`), `gwErrorCode`, `gwErrorReason`,
//!    `gwExtendedErrorCode` (`gwErrorCode` -1 is the issuer's decline, its reason in
//!    `gwErrorReason`: [`decline`]; -1100 a gateway filter error: [`gateway_error`]);
//! 3. the APM, for alternative payment methods: a REDIRECT answer, then the DMN.

use crate::protocol::{DeclineType, UnifiedErrorCode as U};

/// errCode → unified code, from the "API Response Codes" table (errCode, Reason).
pub const API_ERRORS: &[(i64, &str, U)] = &[
    (1000, "General Error", U::ProcessingError),
    (1001, "Invalid checksum", U::InvalidCredentials),
    (1004, "Missing or invalid CardData data", U::InvalidRequest),
    (1007, "Invalid name on card", U::InvalidRequest),
    (1010, "Invalid user token", U::InvalidRequest),
    (1011, "Missing or invalid UserPaymentOption data", U::InvalidRequest),
    (1013, "Invalid merchant ID", U::InvalidCredentials),
    (1014, "Invalid country code", U::InvalidRequest),
    (1019, "Validation Error", U::InvalidRequest),
    (1021, "Invalid timestamp", U::InvalidRequest),
    (1022, "Invalid merchant site ID", U::InvalidCredentials),
    (1023, "User payment option is not enabled", U::TransactionNotAllowed),
    (1024, "UPO limit per user exceeded", U::LimitExceeded),
    (1028, "Invalid card issuer", U::CardNotSupported),
    (1029, "Invalid expired date", U::InvalidExpiryDate),
    (1038, "Communication error", U::ProcessorUnavailable),
    (1040, "Invalid or missing amount", U::InvalidAmount),
    (1041, "Invalid or missing amount currency", U::InvalidRequest),
    (1055, "Single UPO validation failed", U::InvalidRequest),
    (1056, "User management is off", U::InvalidRequest),
    (1057, "Invalid order ID", U::InvalidRequest),
    (1058, "Requested operation cannot be performed on this order", U::InvalidRequest),
    (1059, "Ambiguous payment data", U::InvalidRequest),
    (1060, "Missing or invalid payment data", U::InvalidRequest),
    (1061, "Invalid card token", U::InvalidRequest),
    (1062, "Invalid CVV", U::IncorrectCvc),
    (1063, "Total amount does not match items amount sum", U::InvalidAmount),
    // The session token is Nuvei's access token: a refused one means nothing was done, and the
    // client fetches a new one (createAccessToken) and sends the call once more.
    (1064, "Invalid session token. There can be only one order per session token.", U::InvalidCredentials),
    (1065, "Invalid token", U::InvalidCredentials),
    (1066, "Invalid request", U::InvalidRequest),
    (1067, "Invalid or missing transaction type", U::InvalidRequest),
    (1068, "Payment method is not enabled", U::TransactionNotAllowed),
    (1069, "Session expired", U::InvalidCredentials),
    (1070, "The currency is not supported by the merchant payment method", U::InvalidRequest),
];

/// The unified code of an `errCode` (ProcessingError for a code the table does not list).
pub fn api_error(err_code: i64) -> U {
    API_ERRORS.iter().find(|(c, _, _)| *c == err_code).map(|(_, _, u)| *u).unwrap_or(U::ProcessingError)
}

/// The issuer's decline reasons (`gwErrorCode` -1, `gwErrorReason`), matched without case: the
/// reason texts of Nuvei's test cards and response-handling tables. Anything else is a plain
/// `card_declined` (soft: the shopper may try again or use another card).
pub const DECLINES: &[(&str, U, DeclineType)] = &[
    ("insufficient funds", U::InsufficientFunds, DeclineType::Soft),
    ("expired card", U::ExpiredCard, DeclineType::Hard),
    ("do not honor", U::CardDeclined, DeclineType::Soft),
    ("lost card", U::LostOrStolenCard, DeclineType::Hard),
    ("stolen card", U::LostOrStolenCard, DeclineType::Hard),
    ("lost or stolen card", U::LostOrStolenCard, DeclineType::Hard),
    ("pick up card", U::LostOrStolenCard, DeclineType::Hard),
    ("invalid cvv2", U::IncorrectCvc, DeclineType::Soft),
    ("invalid cvv", U::IncorrectCvc, DeclineType::Soft),
    ("invalid card number", U::InvalidCardNumber, DeclineType::Hard),
    ("invalid expiration date", U::InvalidExpiryDate, DeclineType::Hard),
    ("restricted card", U::TransactionNotAllowed, DeclineType::Hard),
    ("transaction not permitted", U::TransactionNotAllowed, DeclineType::Hard),
    ("exceeds withdrawal limit", U::LimitExceeded, DeclineType::Soft),
    ("exceeds withdrawal amount limit", U::LimitExceeded, DeclineType::Soft),
    ("suspected fraud", U::FraudSuspected, DeclineType::Hard),
    ("invalid amount", U::InvalidAmount, DeclineType::Hard),
];

/// The unified code and decline type of an issuer decline, by its reason text.
pub fn decline(reason: Option<&str>) -> (U, DeclineType) {
    let reason = reason.map(|r| r.trim().to_ascii_lowercase()).unwrap_or_default();
    DECLINES
        .iter()
        .find(|(text, _, _)| *text == reason)
        .map(|(_, u, d)| (*u, *d))
        .unwrap_or((U::CardDeclined, DeclineType::Soft))
}

/// `gwErrorCode` of a transaction that ended in `ERROR`: -1100 is a gateway filter error (the
/// request broke one of the gateway's rules, `gwExtendedErrorCode` says which); the others are
/// processing errors of the gateway or the acquirer.
pub fn gateway_error(gw_error_code: Option<i64>) -> U {
    match gw_error_code {
        Some(-1100) => U::InvalidRequest,
        _ => U::ProcessingError,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_hold_each_code_once() {
        let mut codes: Vec<i64> = API_ERRORS.iter().map(|(c, _, _)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), API_ERRORS.len());
        let mut reasons: Vec<&str> = DECLINES.iter().map(|(r, _, _)| *r).collect();
        reasons.sort_unstable();
        reasons.dedup();
        assert_eq!(reasons.len(), DECLINES.len());
        assert!(DECLINES.iter().all(|(r, _, _)| r.to_ascii_lowercase() == *r), "decline texts are matched in lower case");
    }

    #[test]
    fn codes_map_as_documented() {
        assert_eq!(api_error(1001), U::InvalidCredentials);
        assert_eq!(api_error(1069), U::InvalidCredentials);
        assert_eq!(api_error(1062), U::IncorrectCvc);
        assert_eq!(api_error(4242), U::ProcessingError);
        assert_eq!(decline(Some("Insufficient Funds")), (U::InsufficientFunds, DeclineType::Soft));
        assert_eq!(decline(Some(" Expired Card ")), (U::ExpiredCard, DeclineType::Hard));
        assert_eq!(decline(Some("Decline")), (U::CardDeclined, DeclineType::Soft));
        assert_eq!(decline(None), (U::CardDeclined, DeclineType::Soft));
        assert_eq!(gateway_error(Some(-1100)), U::InvalidRequest);
        assert_eq!(gateway_error(Some(-1)), U::ProcessingError);
    }
}

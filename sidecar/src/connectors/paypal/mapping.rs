//! PayPal's statuses, currency rules and error codes → unified ones. Tables, not scattered `if`s.
//! Sources: the `order_status`, `authorization_status`, `capture_status`, `refund_status` enums,
//! the `issue` enums of the 4xx error schemas and the `processor_response.response_code` enum of
//! paypal/paypal-rest-api-specifications (checkout_orders_v2.json, payments_payment_v2.json);
//! https://developer.paypal.com/api/rest/reference/currency-codes/ (decimals),
//! https://developer.paypal.com/api/rest/responses/ (error `name`s),
//! https://developer.paypal.com/docs/api/orders/v2/#definition-processor_response.

use crate::protocol::{DeclineType, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// PayPal's REST currencies and the decimals `amount.value` takes for each. HUF, JPY and TWD take
/// none ("This currency does not support decimals. Decimal amounts cause an error."): HUF and TWD
/// have two decimals in ISO 4217, so only whole units of them can be sent. Every other ISO code is
/// not a PayPal currency and is refused before a request is made.
pub const CURRENCY_DECIMALS: &[(&str, u8)] = &[
    ("AUD", 2),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CNY", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("HUF", 0),
    ("ILS", 2),
    ("JPY", 0),
    ("MXN", 2),
    ("MYR", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("PHP", 2),
    ("PLN", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("THB", 2),
    ("TWD", 0),
    ("USD", 2),
];

pub fn currency_decimals(currency: &str) -> Option<u8> {
    CURRENCY_DECIMALS.iter().find(|(c, _)| *c == currency).map(|(_, d)| *d)
}

/// `order.status`. COMPLETED says only that the order's payment call ran: the authorization or
/// capture inside it says what happened to the money, so it is read there (see responses.rs).
const ORDER_STATUSES: &[(&str, PaymentStatus)] = &[
    // Created, not yet approved by the payer.
    ("CREATED", PaymentStatus::Started),
    // Saved for later (intent with `processing_instruction`); no money held.
    ("SAVED", PaymentStatus::Started),
    // The payer approved; waiting for our authorize/capture call (completeAuthorize).
    ("APPROVED", PaymentStatus::AuthenticationSuccessful),
    ("VOIDED", PaymentStatus::Voided),
    ("COMPLETED", PaymentStatus::Charged),
    // The payer must approve at PayPal (or complete 3DS): redirect to the payer-action link.
    ("PAYER_ACTION_REQUIRED", PaymentStatus::AuthenticationPending),
];

/// `authorization.status`. EXPIRED is not in the enum of the spec but PayPal's documentation of
/// authorizations lists it (an authorization is honoured 3 days, valid 29): no money will move,
/// like a void.
const AUTHORIZATION_STATUSES: &[(&str, PaymentStatus)] = &[
    ("CREATED", PaymentStatus::Authorized),
    ("CAPTURED", PaymentStatus::Charged),
    ("PARTIALLY_CAPTURED", PaymentStatus::PartialCharged),
    ("DENIED", PaymentStatus::Failure),
    ("VOIDED", PaymentStatus::Voided),
    ("EXPIRED", PaymentStatus::Voided),
    ("PENDING", PaymentStatus::Pending),
];

/// `capture.status`. A refunded capture was charged: refunds are their own objects (rsync).
const CAPTURE_STATUSES: &[(&str, PaymentStatus)] = &[
    ("COMPLETED", PaymentStatus::Charged),
    ("PARTIALLY_REFUNDED", PaymentStatus::Charged),
    ("REFUNDED", PaymentStatus::Charged),
    // "The funds for this captured payment were not yet credited to the payee's PayPal account"
    // (eCheck, review): the outcome arrives later.
    ("PENDING", PaymentStatus::Pending),
    ("DECLINED", PaymentStatus::Failure),
    ("FAILED", PaymentStatus::Failure),
];

/// `refund.status`: CANCELLED, FAILED, PENDING, COMPLETED.
const REFUND_STATUSES: &[(&str, RefundStatus)] = &[
    ("COMPLETED", RefundStatus::Success),
    ("PENDING", RefundStatus::Pending),
    ("FAILED", RefundStatus::Failure),
    ("CANCELLED", RefundStatus::Failure),
];

fn lookup<T: Copy>(table: &[(&str, T)], key: Option<&str>) -> Option<T> {
    key.and_then(|k| table.iter().find(|(c, _)| *c == k)).map(|(_, v)| *v)
}

/// Unknown statuses are `unresolved`: a status PayPal adds later must not be guessed into a money state.
pub fn order_status(status: Option<&str>) -> PaymentStatus {
    lookup(ORDER_STATUSES, status).unwrap_or(PaymentStatus::Unresolved)
}

pub fn authorization_status(status: Option<&str>) -> PaymentStatus {
    lookup(AUTHORIZATION_STATUSES, status).unwrap_or(PaymentStatus::Unresolved)
}

pub fn capture_status(status: Option<&str>) -> PaymentStatus {
    lookup(CAPTURE_STATUSES, status).unwrap_or(PaymentStatus::Unresolved)
}

/// Unknown refund words stay `pending`: reporting a refund as failed when it may have gone through
/// invites a second refund.
pub fn refund_status(status: Option<&str>) -> RefundStatus {
    lookup(REFUND_STATUSES, status).unwrap_or(RefundStatus::Pending)
}

use DeclineType::{Hard, Soft};

/// `details[].issue` of PayPal's 4xx errors that we map explicitly. Issues about the payer's
/// instrument carry a decline type (soft: a retry later or after the payer fixes something can
/// succeed; hard: do not retry this instrument); issues about the request or the merchant's account
/// carry none.
const ISSUES: &[(&str, U, Option<DeclineType>)] = &[
    // --- the payer's instrument was declined ---
    ("INSTRUMENT_DECLINED", U::CardDeclined, Some(Soft)),
    ("PAYMENT_SOURCE_DECLINED_BY_PROCESSOR", U::CardDeclined, Some(Soft)),
    ("PAYMENT_SOURCE_CANNOT_BE_USED", U::CardDeclined, Some(Hard)),
    ("PAYMENT_SOURCE_INFO_CANNOT_BE_VERIFIED", U::CardDeclined, Some(Soft)),
    ("TRANSACTION_REFUSED", U::CardDeclined, Some(Hard)),
    ("PAYER_CANNOT_PAY", U::CardDeclined, Some(Hard)),
    ("PAYER_ACCOUNT_LOCKED_OR_CLOSED", U::CardDeclined, Some(Hard)),
    ("PAYER_ACCOUNT_RESTRICTED", U::CardDeclined, Some(Hard)),
    ("REDIRECT_PAYER_FOR_ALTERNATE_FUNDING", U::CardDeclined, Some(Soft)),
    ("DECLINED_DUE_TO_RELATED_TXN", U::CardDeclined, Some(Soft)),
    ("CARD_EXPIRED", U::ExpiredCard, Some(Hard)),
    ("REFERENCED_CARD_EXPIRED", U::ExpiredCard, Some(Hard)),
    ("INVALID_EXPIRY_DATE", U::InvalidExpiryDate, Some(Hard)),
    ("INVALID_SECURITY_CODE_LENGTH", U::IncorrectCvc, Some(Soft)),
    ("CARD_BRAND_NOT_SUPPORTED", U::CardNotSupported, Some(Hard)),
    ("CARD_TYPE_NOT_SUPPORTED", U::CardNotSupported, Some(Hard)),
    ("CURRENCY_NOT_SUPPORTED_FOR_CARD_TYPE", U::CardNotSupported, Some(Hard)),
    ("PAYER_ACTION_REQUIRED", U::AuthenticationRequired, Some(Soft)),
    ("TRANSACTION_LIMIT_EXCEEDED", U::LimitExceeded, Some(Soft)),
    ("TRANSACTION_RECEIVING_LIMIT_EXCEEDED", U::LimitExceeded, None),
    ("MAX_NUMBER_OF_PAYMENT_ATTEMPTS_EXCEEDED", U::LimitExceeded, Some(Hard)),
    ("COMPLIANCE_VIOLATION", U::FraudSuspected, Some(Hard)),
    // --- the merchant's account cannot take this payment ---
    ("PAYEE_ACCOUNT_RESTRICTED", U::TransactionNotAllowed, None),
    ("PAYEE_ACCOUNT_LOCKED_OR_CLOSED", U::TransactionNotAllowed, None),
    ("PAYEE_ACCOUNT_INVALID", U::TransactionNotAllowed, None),
    ("PAYEE_ACCOUNT_NOT_VERIFIED", U::TransactionNotAllowed, None),
    ("PAYEE_BLOCKED_TRANSACTION", U::TransactionNotAllowed, None),
    ("TRANSACTION_BLOCKED_BY_PAYEE", U::TransactionNotAllowed, None),
    ("PAYEE_NOT_ENABLED_FOR_CARD_PROCESSING", U::TransactionNotAllowed, None),
    ("NOT_ENABLED_FOR_CARD_PROCESSING", U::TransactionNotAllowed, None),
    ("AUTH_CAPTURE_NOT_ENABLED", U::TransactionNotAllowed, None),
    ("PERMISSION_DENIED", U::InvalidCredentials, None),
    ("INVALID_ACCOUNT_STATUS", U::TransactionNotAllowed, None),
    ("CURRENCY_NOT_SUPPORTED_FOR_COUNTRY", U::TransactionNotAllowed, None),
    ("COUNTRY_NOT_SUPPORTED_BY_PAYMENT_SOURCE", U::TransactionNotAllowed, None),
    // --- duplicates and idempotency ---
    ("DUPLICATE_INVOICE_ID", U::DuplicateTransaction, None),
    ("DUPLICATE_REFERENCE_ID", U::DuplicateTransaction, None),
    ("PREVIOUS_REQUEST_IN_PROGRESS", U::DuplicateTransaction, None),
    ("ORDER_ALREADY_AUTHORIZED", U::DuplicateTransaction, None),
    ("ORDER_ALREADY_CAPTURED", U::DuplicateTransaction, None),
    ("ORDER_ALREADY_COMPLETED", U::DuplicateTransaction, None),
    ("ORDER_COMPLETION_IN_PROGRESS", U::DuplicateTransaction, None),
    // --- the order or payment is not in a state for this call ---
    ("ORDER_NOT_APPROVED", U::AuthenticationRequired, None),
    ("ORDER_EXPIRED", U::InvalidRequest, None),
    ("ORDER_COMPLETED_OR_VOIDED", U::InvalidRequest, None),
    ("AUTHORIZATION_VOIDED", U::InvalidRequest, None),
    ("AUTHORIZATION_EXPIRED", U::InvalidRequest, None),
    ("AUTHORIZATION_DENIED", U::InvalidRequest, None),
    ("AUTHORIZATION_ALREADY_CAPTURED", U::InvalidRequest, None),
    ("PREVIOUSLY_CAPTURED", U::InvalidRequest, None),
    ("PREVIOUSLY_VOIDED", U::InvalidRequest, None),
    ("CANNOT_BE_VOIDED", U::InvalidRequest, None),
    ("PENDING_CAPTURE", U::InvalidRequest, None),
    ("CAPTURE_FULLY_REFUNDED", U::InvalidRequest, None),
    ("MAX_CAPTURE_COUNT_EXCEEDED", U::LimitExceeded, None),
    ("MAX_NUMBER_OF_REFUNDS_EXCEEDED", U::LimitExceeded, None),
    ("REFUND_TIME_LIMIT_EXCEEDED", U::TransactionNotAllowed, None),
    ("REFUND_NOT_ALLOWED", U::TransactionNotAllowed, None),
    ("REFUND_IS_RESTRICTED", U::TransactionNotAllowed, None),
    ("PARTIAL_REFUND_NOT_ALLOWED", U::TransactionNotAllowed, None),
    ("REFUND_NOT_PERMITTED_DUE_TO_CHARGEBACK", U::TransactionNotAllowed, None),
    ("TRANSACTION_DISPUTED", U::TransactionNotAllowed, None),
    ("REFUND_FAILED_INSUFFICIENT_FUNDS", U::InsufficientFunds, None),
    // --- amounts ---
    ("MAX_CAPTURE_AMOUNT_EXCEEDED", U::InvalidAmount, None),
    ("AUTHORIZATION_AMOUNT_EXCEEDED", U::InvalidAmount, None),
    ("REFUND_AMOUNT_EXCEEDED", U::InvalidAmount, None),
    ("REFUND_AMOUNT_TOO_LOW", U::InvalidAmount, None),
    ("DECIMAL_PRECISION", U::InvalidAmount, None),
    ("DECIMALS_NOT_SUPPORTED", U::InvalidAmount, None),
    ("CANNOT_BE_ZERO_OR_NEGATIVE", U::InvalidAmount, None),
    ("CANNOT_BE_NEGATIVE", U::InvalidAmount, None),
    ("AMOUNT_MISMATCH", U::InvalidAmount, None),
    ("MAX_VALUE_EXCEEDED", U::InvalidAmount, None),
    ("CURRENCY_MISMATCH", U::InvalidAmount, None),
    ("AUTH_CAPTURE_CURRENCY_MISMATCH", U::InvalidAmount, None),
    ("REFUND_CAPTURE_CURRENCY_MISMATCH", U::InvalidAmount, None),
    ("INVALID_CURRENCY_CODE", U::InvalidAmount, None),
    // --- the request itself ---
    ("INVALID_RESOURCE_ID", U::NotFound, None),
    ("INVALID_PARAMETER_VALUE", U::InvalidRequest, None),
    ("INVALID_PARAMETER_SYNTAX", U::InvalidRequest, None),
    ("INVALID_STRING_LENGTH", U::InvalidRequest, None),
    ("INVALID_STRING_MAX_LENGTH", U::InvalidRequest, None),
    ("MISSING_REQUIRED_PARAMETER", U::InvalidRequest, None),
    ("MALFORMED_REQUEST_JSON", U::InvalidRequest, None),
    ("CARD_NUMBER_REQUIRED", U::InvalidCardNumber, Some(Hard)),
    ("CARD_EXPIRY_REQUIRED", U::InvalidExpiryDate, Some(Hard)),
];

/// Error `name`s (https://developer.paypal.com/api/rest/responses/), for errors whose `issue` is
/// not in [`ISSUES`] or that carry none.
const NAMES: &[(&str, U)] = &[
    ("INVALID_REQUEST", U::InvalidRequest),
    ("AUTHENTICATION_FAILURE", U::InvalidCredentials),
    ("invalid_client", U::InvalidCredentials),
    ("invalid_token", U::InvalidCredentials),
    ("NOT_AUTHORIZED", U::InvalidCredentials),
    ("PERMISSION_DENIED", U::InvalidCredentials),
    ("RESOURCE_NOT_FOUND", U::NotFound),
    ("METHOD_NOT_SUPPORTED", U::InvalidRequest),
    ("MEDIA_TYPE_NOT_ACCEPTABLE", U::InvalidRequest),
    ("UNSUPPORTED_MEDIA_TYPE", U::InvalidRequest),
    ("RESOURCE_CONFLICT", U::DuplicateTransaction),
    ("UNPROCESSABLE_ENTITY", U::ProcessingError),
    ("RATE_LIMIT_REACHED", U::RateLimited),
    ("INTERNAL_SERVER_ERROR", U::ProcessorUnavailable),
    ("SERVICE_UNAVAILABLE", U::ProcessorUnavailable),
];

/// The unified code of a PayPal error: its `issue` first (the specific reason), then its `name`,
/// then the HTTP status.
pub fn error_code(http_status: u16, name: Option<&str>, issue: Option<&str>) -> (U, Option<DeclineType>) {
    if let Some(hit) = issue.and_then(|i| ISSUES.iter().find(|(k, _, _)| *k == i)) {
        return (hit.1, hit.2);
    }
    if let Some(hit) = name.and_then(|n| NAMES.iter().find(|(k, _)| *k == n)) {
        return (hit.1, None);
    }
    let code = match http_status {
        400 | 405 | 406 | 415 => U::InvalidRequest,
        401 | 403 => U::InvalidCredentials,
        404 => U::NotFound,
        409 => U::DuplicateTransaction,
        429 => U::RateLimited,
        500..=599 => U::ProcessorUnavailable,
        _ => U::ProcessingError,
    };
    (code, None)
}

/// `processor_response.response_code` of a declined card authorization or capture: every code of
/// the spec's enum. Codes that say the issuer may say yes later are soft; codes that say this card
/// will not work are hard; codes about PayPal's or the acquirer's own systems are processing errors.
const PROCESSOR_CODES: &[(&str, U, DeclineType)] = &[
    ("0000", U::ProcessingError, Soft), // APPROVED: not a decline; seen only on a failed status with it
    ("00N7", U::IncorrectCvc, Soft),    // CVV2_FAILURE_POSSIBLE_RETRY_WITH_CVV
    ("0100", U::CardDeclined, Soft),    // REFERRAL
    ("0390", U::InvalidCardNumber, Hard), // ACCOUNT_NOT_FOUND
    ("0500", U::CardDeclined, Soft),    // DO_NOT_HONOR
    ("0580", U::TransactionNotAllowed, Hard), // UNAUTHORIZED_TRANSACTION
    ("0800", U::ProcessingError, Soft), // BAD_RESPONSE_REVERSAL_REQUIRED
    ("0880", U::ProcessingError, Soft), // CRYPTOGRAPHIC_FAILURE
    ("0890", U::CardNotSupported, Hard), // UNACCEPTED_PAYMENT
    ("0960", U::ProcessorUnavailable, Soft), // SYSTEM_MALFUNCTION
    ("0R00", U::CardDeclined, Hard),    // CANCELLED_PAYMENT (stop-payment order)
    ("1000", U::CardDeclined, Soft),    // PARTIAL_AUTHORIZATION
    ("10BR", U::CardDeclined, Soft),    // ISSUER_REJECTED
    ("1300", U::InvalidRequest, Hard),  // INVALID_DATA_FORMAT
    ("1310", U::InvalidAmount, Hard),   // INVALID_AMOUNT
    ("1312", U::TransactionNotAllowed, Hard), // INVALID_TRANSACTION_CARD_ISSUER_ACQUIRER
    ("1317", U::InvalidRequest, Hard),  // INVALID_CAPTURE_DATE
    ("1320", U::InvalidAmount, Hard),   // INVALID_CURRENCY_CODE
    ("1330", U::InvalidCardNumber, Hard), // INVALID_ACCOUNT
    ("1335", U::InvalidCardNumber, Hard), // INVALID_ACCOUNT_RECURRING
    ("1340", U::ProcessingError, Hard), // INVALID_TERMINAL
    ("1350", U::TransactionNotAllowed, Hard), // INVALID_MERCHANT
    ("1352", U::CardDeclined, Hard),    // RESTRICTED_OR_INACTIVE_ACCOUNT
    ("1360", U::ProcessingError, Hard), // BAD_PROCESSING_CODE
    ("1370", U::TransactionNotAllowed, Hard), // INVALID_MCC
    ("1380", U::InvalidExpiryDate, Hard), // INVALID_EXPIRATION
    ("1382", U::IncorrectCvc, Soft),    // INVALID_CARD_VERIFICATION_VALUE
    ("1384", U::InvalidRequest, Hard),  // INVALID_LIFE_CYCLE_OF_TRANSACTION
    ("1390", U::InvalidRequest, Hard),  // INVALID_ORDER
    ("1393", U::CardDeclined, Hard),    // TRANSACTION_CANNOT_BE_COMPLETED
    ("5100", U::CardDeclined, Soft),    // GENERIC_DECLINE
    ("5110", U::IncorrectCvc, Soft),    // CVV2_FAILURE
    ("5120", U::InsufficientFunds, Soft), // INSUFFICIENT_FUNDS
    ("5130", U::AuthenticationFailed, Soft), // INVALID_PIN
    ("5135", U::LimitExceeded, Hard),   // DECLINED_PIN_TRY_EXCEEDED
    ("5140", U::CardDeclined, Hard),    // CARD_CLOSED
    ("5150", U::LostOrStolenCard, Hard), // PICKUP_CARD_SPECIAL_CONDITIONS
    ("5160", U::TransactionNotAllowed, Hard), // UNAUTHORIZED_USER
    ("5170", U::CardDeclined, Soft),    // AVS_FAILURE
    ("5180", U::CardNotSupported, Hard), // INVALID_OR_RESTRICTED_CARD
    ("5190", U::CardDeclined, Soft),    // SOFT_AVS
    ("5200", U::DuplicateTransaction, Hard), // DUPLICATE_TRANSACTION
    ("5210", U::TransactionNotAllowed, Hard), // INVALID_TRANSACTION
    ("5400", U::ExpiredCard, Hard),     // EXPIRED_CARD
    ("5500", U::AuthenticationFailed, Soft), // INCORRECT_PIN_REENTER
    ("5650", U::AuthenticationRequired, Soft), // DECLINED_SCA_REQUIRED
    ("5700", U::TransactionNotAllowed, Hard), // TRANSACTION_NOT_PERMITTED
    ("5710", U::LimitExceeded, Soft),   // TX_ATTEMPTS_EXCEED_LIMIT
    ("5800", U::ProcessingError, Hard), // REVERSAL_REJECTED
    ("5900", U::CardDeclined, Hard),    // INVALID_ISSUE
    ("5910", U::ProcessorUnavailable, Hard), // ISSUER_NOT_AVAILABLE_NOT_RETRIABLE
    ("5920", U::ProcessorUnavailable, Soft), // ISSUER_NOT_AVAILABLE_RETRIABLE
    ("5930", U::CardDeclined, Hard),    // CARD_NOT_ACTIVATED
    ("5950", U::CardDeclined, Hard),    // DECLINED_DUE_TO_UPDATED_ACCOUNT
    ("6300", U::InvalidCardNumber, Hard), // ACCOUNT_NOT_ON_FILE
    ("7600", U::InvalidCardNumber, Hard), // INVALID_ACCOUNT
    ("7700", U::AuthenticationFailed, Soft), // ERROR_3DS
    ("7710", U::AuthenticationFailed, Soft), // AUTHENTICATION_FAILED
    ("7800", U::InvalidCardNumber, Hard), // BIN_ERROR
    ("7900", U::AuthenticationFailed, Soft), // PIN_ERROR
    ("8000", U::ProcessorUnavailable, Soft), // PROCESSOR_SYSTEM_ERROR
    ("8010", U::ProcessingError, Soft), // HOST_KEY_ERROR
    ("8020", U::ProcessingError, Hard), // CONFIGURATION_ERROR
    ("8030", U::TransactionNotAllowed, Hard), // UNSUPPORTED_OPERATION
    ("8100", U::ProcessorUnavailable, Soft), // FATAL_COMMUNICATION_ERROR
    ("8110", U::ProcessorUnavailable, Soft), // RETRIABLE_COMMUNICATION_ERROR
    ("8220", U::ProcessorUnavailable, Soft), // SYSTEM_UNAVAILABLE
    ("9100", U::CardDeclined, Soft),    // DECLINED_PLEASE_RETRY
    ("9500", U::FraudSuspected, Hard),  // SUSPECTED_FRAUD
    ("9510", U::FraudSuspected, Hard),  // SECURITY_VIOLATION
    ("9520", U::LostOrStolenCard, Hard), // LOST_OR_STOLEN
    ("9530", U::CardDeclined, Soft),    // HOLD_CALL_CENTER
    ("9540", U::CardDeclined, Hard),    // REFUSED_CARD
    ("9600", U::ProcessingError, Soft), // UNRECOGNIZED_RESPONSE_CODE
    ("PCNR", U::AuthenticationRequired, Soft), // CONTINGENCIES_NOT_RESOLVED
    ("PCVV", U::IncorrectCvc, Soft),    // CVV_FAILURE
    ("PP06", U::CardDeclined, Hard),    // ACCOUNT_CLOSED
    ("PPRN", U::TransactionNotAllowed, Hard), // REATTEMPT_NOT_PERMITTED
    ("PPAD", U::CardDeclined, Soft),    // BILLING_ADDRESS
    ("PPAB", U::CardDeclined, Hard),    // ACCOUNT_BLOCKED_BY_ISSUER
    ("PPAE", U::CardNotSupported, Hard), // AMEX_DISABLED
    ("PPAG", U::TransactionNotAllowed, Hard), // ADULT_GAMING_UNSUPPORTED
    ("PPAI", U::InvalidAmount, Hard),   // AMOUNT_INCOMPATIBLE
    ("PPAR", U::CardDeclined, Soft),    // AUTH_RESULT
    ("PPAU", U::TransactionNotAllowed, Hard), // MCC_CODE
    ("PPAV", U::CardDeclined, Soft),    // ARC_AVS
    ("PPAX", U::LimitExceeded, Hard),   // AMOUNT_EXCEEDED
    ("PPBG", U::TransactionNotAllowed, Hard), // BAD_GAMING
    ("PPC2", U::IncorrectCvc, Soft),    // ARC_CVV
    ("PPCE", U::TransactionNotAllowed, Hard), // CE_REGISTRATION_INCOMPLETE
    ("PPCO", U::TransactionNotAllowed, Hard), // COUNTRY
    ("PPCR", U::CardDeclined, Hard),    // CREDIT_ERROR
    ("PPCT", U::CardNotSupported, Hard), // CARD_TYPE_UNSUPPORTED
    ("PPCU", U::InvalidAmount, Hard),   // CURRENCY_USED_INVALID
    ("PPD3", U::AuthenticationFailed, Soft), // SECURE_ERROR_3DS
    ("PPDC", U::TransactionNotAllowed, Hard), // DCC_UNSUPPORTED
    ("PPDI", U::CardNotSupported, Hard), // DINERS_REJECT
    ("PPDV", U::CardDeclined, Soft),    // AUTH_MESSAGE
    ("PPDT", U::LimitExceeded, Soft),   // DECLINE_THRESHOLD_BREACH
    ("PPEF", U::ExpiredCard, Hard),     // EXPIRED_FUNDING_INSTRUMENT
    ("PPEL", U::LimitExceeded, Soft),   // EXCEEDS_FREQUENCY_LIMIT
    ("PPER", U::ProcessingError, Soft), // INTERNAL_SYSTEM_ERROR
    ("PPEX", U::InvalidExpiryDate, Hard), // EXPIRY_DATE
    ("PPFE", U::DuplicateTransaction, Hard), // FUNDING_SOURCE_ALREADY_EXISTS
    ("PPFI", U::InvalidCardNumber, Hard), // INVALID_FUNDING_INSTRUMENT
    ("PPFR", U::CardNotSupported, Hard), // RESTRICTED_FUNDING_INSTRUMENT
    ("PPFV", U::InvalidRequest, Hard),  // FIELD_VALIDATION_FAILED
    ("PPGR", U::TransactionNotAllowed, Hard), // GAMING_REFUND_ERROR
    ("PPH1", U::ProcessingError, Soft), // H1_ERROR
    ("PPIF", U::DuplicateTransaction, Hard), // IDEMPOTENCY_FAILURE
    ("PPII", U::InvalidRequest, Hard),  // INVALID_INPUT_FAILURE
    ("PPIM", U::InvalidRequest, Hard),  // ID_MISMATCH
    ("PPIT", U::InvalidRequest, Hard),  // INVALID_TRACE_ID
    ("PPLR", U::TransactionNotAllowed, Hard), // LATE_REVERSAL
    ("PPLS", U::LimitExceeded, Hard),   // LARGE_STATUS_CODE
    ("PPMB", U::ProcessingError, Hard), // MISSING_BUSINESS_RULE_OR_DATA
    ("PPMC", U::CardNotSupported, Hard), // BLOCKED_Mastercard
    ("PPMD", U::ProcessingError, Soft), // PPMD
    ("PPNC", U::TransactionNotAllowed, Hard), // NOT_SUPPORTED_NRC
    ("PPNL", U::LimitExceeded, Soft),   // EXCEEDS_NETWORK_FREQUENCY_LIMIT
    ("PPNM", U::TransactionNotAllowed, Hard), // NO_MID_FOUND
    ("PPNT", U::ProcessorUnavailable, Soft), // NETWORK_ERROR
    ("PPPH", U::InvalidRequest, Hard),  // NO_PHONE_FOR_DCC_TRANSACTION
    ("PPPI", U::TransactionNotAllowed, Hard), // INVALID_PRODUCT
    ("PPPM", U::CardNotSupported, Hard), // INVALID_PAYMENT_METHOD
    ("PPQC", U::TransactionNotAllowed, Hard), // QUASI_CASH_UNSUPPORTED
    ("PPRE", U::TransactionNotAllowed, Hard), // UNSUPPORT_REFUND_ON_PENDING_BC
    ("PPRF", U::InvalidRequest, Hard),  // INVALID_PARENT_TRANSACTION_STATUS
    ("PPRR", U::TransactionNotAllowed, Hard), // MERCHANT_NOT_REGISTERED
    ("PPS0", U::ProcessingError, Hard), // BANKAUTH_ROW_MISMATCH
    ("PPS1", U::ProcessingError, Hard), // BANKAUTH_ROW_SETTLED
    ("PPS2", U::ProcessingError, Hard), // BANKAUTH_ROW_VOIDED
    ("PPS3", U::ProcessingError, Hard), // BANKAUTH_EXPIRED
    ("PPS4", U::ProcessingError, Hard), // CURRENCY_MISMATCH
    ("PPS5", U::ProcessingError, Hard), // CREDITCARD_MISMATCH
    ("PPS6", U::ProcessingError, Hard), // AMOUNT_MISMATCH
    ("PPSC", U::ProcessingError, Hard), // ARC_SCORE
    ("PPSD", U::ProcessingError, Hard), // STATUS_DESCRIPTION
    ("PPSE", U::CardNotSupported, Hard), // AMEX_DENIED
    ("PPTE", U::AuthenticationFailed, Soft), // VERIFICATION_TOKEN_EXPIRED
    ("PPTF", U::InvalidRequest, Hard),  // INVALID_TRACE_REFERENCE
    ("PPTI", U::InvalidRequest, Hard),  // INVALID_TRANSACTION_ID
    ("PPTR", U::AuthenticationFailed, Hard), // VERIFICATION_TOKEN_REVOKED
    ("PPTT", U::CardNotSupported, Hard), // PREPAID_CARD_UNSUPPORTED
    ("PPTV", U::AuthenticationFailed, Hard), // INVALID_VERIFICATION_TOKEN
    ("PPUA", U::TransactionNotAllowed, Hard), // USER_NOT_AUTHORIZED
    ("PPUC", U::InvalidAmount, Hard),   // CURRENCY_CODE_UNSUPPORTED
    ("PPUE", U::TransactionNotAllowed, Hard), // UNSUPPORT_ENTITY
    ("PPUI", U::TransactionNotAllowed, Hard), // UNSUPPORT_INSTALLMENT
    ("PPUP", U::TransactionNotAllowed, Hard), // UNSUPPORT_POS_FLAG
    ("PPUR", U::TransactionNotAllowed, Hard), // UNSUPPORTED_REVERSAL
    ("PPVC", U::InvalidAmount, Hard),   // VALIDATE_CURRENCY
    ("PPVE", U::InvalidRequest, Hard),  // VALIDATION_ERROR
    ("PPVT", U::TransactionNotAllowed, Hard), // VIRTUAL_TERMINAL_UNSUPPORTED
];

/// A declined card's unified code from its processor response code; an unknown code is a soft
/// card decline (the issuer said no, for a reason we cannot name).
pub fn processor_code(code: Option<&str>) -> (U, DeclineType) {
    code.and_then(|c| PROCESSOR_CODES.iter().find(|(k, _, _)| *k == c))
        .map(|(_, u, d)| (*u, *d))
        .unwrap_or((U::CardDeclined, Soft))
}

#[cfg(test)]
pub fn known_processor_codes() -> impl Iterator<Item = &'static str> {
    PROCESSOR_CODES.iter().map(|(k, _, _)| *k)
}

#[cfg(test)]
pub fn known_issues() -> impl Iterator<Item = (&'static str, U, Option<DeclineType>)> {
    ISSUES.iter().copied()
}

#[cfg(test)]
pub fn known_names() -> impl Iterator<Item = (&'static str, U)> {
    NAMES.iter().copied()
}

#[cfg(test)]
pub fn status_tables() -> (
    &'static [(&'static str, PaymentStatus)],
    &'static [(&'static str, PaymentStatus)],
    &'static [(&'static str, PaymentStatus)],
    &'static [(&'static str, RefundStatus)],
) {
    (ORDER_STATUSES, AUTHORIZATION_STATUSES, CAPTURE_STATUSES, REFUND_STATUSES)
}

//! Checkout.com's payment statuses, response codes, API error codes and webhook event types →
//! unified ones. Tables, not scattered `if`s.
//! Sources: the `status` enums of checkout-nas.bundled.json (PaymentResponse, PaymentDetails,
//! 2021) and today's docs (https://www.checkout.com/docs/resources/codes/api-response-codes,
//! https://www.checkout.com/docs/resources/codes/error-codes,
//! https://www.checkout.com/docs/developer-resources/webhooks/webhook-event-types).

use crate::protocol::{CaptureMethod, DeclineType, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// What a payment `status` means before the capture mode and the presence of a redirect are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMeaning {
    /// `Authorized`: `authorized` under manual capture; under automatic capture Checkout.com
    /// captures on its own, asynchronously, so the capture is under way: `capture_initiated`.
    Authorized,
    /// `Pending`: the shopper must act (3DS, a redirect) when `_links.redirect` is there;
    /// otherwise the processor has not decided yet.
    Pending,
    Fixed(PaymentStatus),
}

/// Every status of the spec's enums (POST /payments and GET /payments/{id}), plus
/// `Retry Scheduled` from today's docs. Anything else is `unresolved`: a status added later must
/// not be guessed into a money state.
const STATUSES: &[(&str, StatusMeaning)] = &[
    ("Authorized", StatusMeaning::Authorized),
    ("Pending", StatusMeaning::Pending),
    // A zero-amount card verification (setupMandate) succeeded: nothing is left to capture,
    // the card is saved; final, like a completed charge.
    ("Card Verified", StatusMeaning::Fixed(PaymentStatus::Charged)),
    ("Captured", StatusMeaning::Fixed(PaymentStatus::Charged)),
    ("Partially Captured", StatusMeaning::Fixed(PaymentStatus::PartialCharged)),
    // Refund states belong to the refunds (rsync); the payment itself was captured.
    ("Refunded", StatusMeaning::Fixed(PaymentStatus::Charged)),
    ("Partially Refunded", StatusMeaning::Fixed(PaymentStatus::Charged)),
    ("Voided", StatusMeaning::Fixed(PaymentStatus::Voided)),
    ("Declined", StatusMeaning::Fixed(PaymentStatus::Failure)),
    // Canceled before completion (by the shopper at the provider, or a scheduled retry
    // canceled): nothing was taken and nothing can be captured, as Adyen's `Cancelled`.
    ("Canceled", StatusMeaning::Fixed(PaymentStatus::Voided)),
    // The authorization (or an APM's payment window) lapsed without being completed.
    ("Expired", StatusMeaning::Fixed(PaymentStatus::Failure)),
    // Alternative payment methods: the shopper paid.
    ("Paid", StatusMeaning::Fixed(PaymentStatus::Charged)),
    // Checkout.com will retry a declined merchant-initiated payment by itself (today's docs).
    ("Retry Scheduled", StatusMeaning::Fixed(PaymentStatus::Pending)),
];

pub fn status_meaning(status: &str) -> Option<StatusMeaning> {
    STATUSES.iter().find(|(s, _)| *s == status).map(|(_, m)| *m)
}

/// The unified status of a payment `status`.
pub fn payment_status(status: Option<&str>, capture: CaptureMethod, has_redirect: bool) -> PaymentStatus {
    match status.and_then(status_meaning) {
        Some(StatusMeaning::Authorized) => match capture {
            CaptureMethod::Manual => PaymentStatus::Authorized,
            CaptureMethod::Automatic => PaymentStatus::CaptureInitiated,
        },
        Some(StatusMeaning::Pending) if has_redirect => PaymentStatus::AuthenticationPending,
        Some(StatusMeaning::Pending) => PaymentStatus::Pending,
        Some(StatusMeaning::Fixed(s)) => s,
        None => PaymentStatus::Unresolved,
    }
}

#[cfg(test)]
pub fn known_statuses() -> impl Iterator<Item = &'static str> {
    STATUSES.iter().map(|(s, _)| *s)
}

/// The response code of a partial authorization ("Partial Value Approved").
pub const PARTIAL_VALUE_APPROVED: &str = "10010";

/// `response_code` → (Checkout.com's response text, unified code). The decline type comes from
/// the code's range (see [`decline_type`]), as Checkout.com documents it.
const RESPONSE_CODES: &[(&str, &str, U)] = &[
    // 20xxx: soft declines, "subsequent attempts may be successful".
    ("20001", "Refer to card issuer", U::CardDeclined),
    ("20002", "Refer to card issuer - Special conditions", U::CardDeclined),
    ("20003", "Invalid merchant or service provider", U::ProcessingError),
    ("20005", "Declined - Do not honour", U::CardDeclined),
    ("20006", "Error / Invalid request parameters", U::ProcessingError),
    ("20009", "Request in progress", U::ProcessingError),
    ("20012", "Invalid transaction", U::TransactionNotAllowed),
    ("20013", "Invalid value/amount", U::InvalidAmount),
    ("20014", "Invalid account number (no such number)", U::InvalidCardNumber),
    ("20017", "Customer cancellation", U::CardDeclined),
    ("20018", "Customer dispute", U::CardDeclined),
    ("20019", "Re-enter transaction", U::ProcessingError),
    ("20020", "Invalid response", U::ProcessingError),
    ("20021", "No action taken (unable to back out prior transaction)", U::ProcessingError),
    ("20022", "Suspected malfunction", U::ProcessorUnavailable),
    ("20023", "Unacceptable transaction fee", U::TransactionNotAllowed),
    ("20030", "Format error", U::ProcessingError),
    ("20031", "Bank not supported by Switch", U::CardNotSupported),
    ("20038", "Allowable PIN tries exceeded", U::AuthenticationFailed),
    ("20039", "No credit account", U::CardNotSupported),
    ("20040", "Requested function not supported", U::TransactionNotAllowed),
    ("20042", "No universal value/account", U::CardNotSupported),
    ("20044", "No investment account", U::CardNotSupported),
    ("20046", "Bank account closed", U::CardDeclined),
    ("20051", "Insufficient funds", U::InsufficientFunds),
    ("20052", "No current (checking) account", U::CardNotSupported),
    ("20053", "No savings account", U::CardNotSupported),
    ("20054", "Expired card", U::ExpiredCard),
    ("20055", "Incorrect PIN", U::AuthenticationFailed),
    ("20056", "No card record", U::InvalidCardNumber),
    ("20057", "Transaction not permitted to cardholder", U::TransactionNotAllowed),
    ("20058", "Transaction not permitted to terminal", U::TransactionNotAllowed),
    ("20059", "Suspected fraud", U::FraudSuspected),
    ("20060", "Card acceptor contact acquirer", U::CardDeclined),
    ("20061", "Activity amount limit exceeded", U::LimitExceeded),
    ("20062", "Restricted card", U::TransactionNotAllowed),
    ("20063", "Security violation", U::FraudSuspected),
    ("20064", "Transaction does not fulfil AML requirement", U::TransactionNotAllowed),
    ("20065", "Exceeds withdrawal frequency limit", U::LimitExceeded),
    ("20066", "Card acceptor call acquirer security", U::FraudSuspected),
    ("20067", "Hard capture - Pick up card at ATM", U::CardDeclined),
    ("20068", "Response received too late / Timeout", U::ProcessorUnavailable),
    ("20075", "Allowable number of PIN tries exceeded", U::AuthenticationFailed),
    ("20078", "Blocked, first used", U::CardDeclined),
    ("20082", "No security model / Negative CAM, dCVV, iCVV or CVV results", U::IncorrectCvc),
    ("20083", "No accounts", U::CardNotSupported),
    ("20084", "No PBF", U::ProcessingError),
    ("20085", "PBF update error", U::ProcessingError),
    ("20086", "ATM malfunction / Invalid authorization type", U::ProcessingError),
    ("20087", "Bad track data (invalid CVV and/or expiry date)", U::IncorrectCvc),
    ("20088", "Unable to dispense/process", U::ProcessingError),
    ("20089", "Administration error", U::ProcessingError),
    ("20090", "Cut-off in progress", U::ProcessorUnavailable),
    ("20091", "Issuer unavailable or switch is inoperative", U::ProcessorUnavailable),
    ("20092", "Destination cannot be found for routing", U::ProcessorUnavailable),
    ("20093", "Transaction cannot be completed; violation of law", U::TransactionNotAllowed),
    ("20094", "Duplicate transmission / invoice", U::DuplicateTransaction),
    ("20095", "Reconcile error", U::ProcessingError),
    ("20096", "System malfunction", U::ProcessorUnavailable),
    ("20097", "Reconciliation totals reset", U::ProcessingError),
    ("20098", "MAC error", U::ProcessingError),
    ("20099", "Other / Unidentified responses", U::CardDeclined),
    ("20100", "Invalid expiry date format", U::InvalidExpiryDate),
    ("20101", "No Account / No Customer (Token incorrect or invalid)", U::InvalidRequest),
    ("20102", "Invalid merchant / wallet ID", U::ProcessingError),
    ("20103", "Card type / payment method not supported", U::CardNotSupported),
    ("20104", "Gateway reject - Invalid transaction", U::TransactionNotAllowed),
    ("20105", "Gateway reject - Violation", U::TransactionNotAllowed),
    ("20106", "Unsupported currency", U::TransactionNotAllowed),
    ("20107", "Billing address is missing", U::InvalidRequest),
    ("20108", "Declined - Updated cardholder available", U::CardDeclined),
    ("20109", "Transaction already reversed (voided)", U::TransactionNotAllowed),
    ("20110", "Authorization completed", U::TransactionNotAllowed),
    ("20111", "Transaction already reversed", U::TransactionNotAllowed),
    ("20112", "Merchant not Mastercard SecureCode enabled", U::ProcessingError),
    ("20113", "Invalid property", U::InvalidRequest),
    ("20114", "Token is incorrect", U::InvalidRequest),
    ("20115", "Other error", U::ProcessingError),
    ("20116", "Declined - Domestic debit transaction not allowed", U::CardNotSupported),
    ("20117", "Duplicate transaction", U::DuplicateTransaction),
    ("20150", "Card not 3D Secure (3DS) enabled", U::AuthenticationFailed),
    ("20151", "Cardholder failed 3DS authentication", U::AuthenticationFailed),
    ("20152", "Initial 3DS transaction not completed within 15 minutes", U::AuthenticationFailed),
    ("20153", "3DS system malfunction", U::AuthenticationFailed),
    ("20154", "3DS authentication required", U::AuthenticationRequired),
    ("20155", "3DS authentication service provided invalid authentication result", U::AuthenticationFailed),
    ("20156", "Requested function not supported by the acquirer", U::TransactionNotAllowed),
    ("20157", "Invalid merchant configurations - Contact Support", U::ProcessingError),
    ("20158", "Refund validity period has expired", U::TransactionNotAllowed),
    ("20179", "Lifecycle (Mastercard use only)", U::CardDeclined),
    ("20182", "Policy (Mastercard use only)", U::CardDeclined),
    ("20183", "Security (Mastercard use only)", U::FraudSuspected),
    ("200N7", "Decline for CVV2 failure", U::IncorrectCvc),
    ("200R3", "Issuer initiated a stop payment (revocation order) for all authorizations", U::TransactionNotAllowed),
    // 30xxx: hard declines, "require the issuer or cardholder to rectify" before a retry.
    ("30004", "Pick up card (No fraud)", U::CardDeclined),
    ("30007", "Pick up card - Special conditions", U::CardDeclined),
    ("30015", "No such issuer", U::InvalidCardNumber),
    ("30016", "Issuer does not allow online gambling payout", U::TransactionNotAllowed),
    ("30017", "Issuer does not allow original credit transaction", U::TransactionNotAllowed),
    ("30018", "Issuer does not allow money transfer payout", U::TransactionNotAllowed),
    ("30019", "Issuer does not allow non-money transfer payout", U::TransactionNotAllowed),
    ("30020", "Invalid amount", U::InvalidAmount),
    ("30021", "Total amount limit reached", U::LimitExceeded),
    ("30022", "Total transaction count limit reached", U::LimitExceeded),
    ("30033", "Expired card - Pick up", U::ExpiredCard),
    ("30034", "Suspected fraud - Pick up", U::FraudSuspected),
    ("30035", "Contact acquirer - Pick up", U::CardDeclined),
    ("30036", "Restricted card - Pick up", U::TransactionNotAllowed),
    ("30037", "Call acquirer security - Pick up", U::FraudSuspected),
    ("30038", "Allowable PIN tries exceeded - Pick up", U::AuthenticationFailed),
    ("30041", "Lost card - Pick up", U::LostOrStolenCard),
    ("30043", "Stolen card - Pick up", U::LostOrStolenCard),
    ("30044", "Closed account", U::CardDeclined),
    ("30045", "Do not try again", U::CardDeclined),
    ("30046", "Closed account", U::CardDeclined),
    // 40xxx: Checkout.com's risk engine.
    ("40101", "Risk blocked transaction", U::FraudSuspected),
    ("40201", "Gateway reject - card number blocklist", U::FraudSuspected),
    ("40202", "Gateway reject - IP address blocklist", U::FraudSuspected),
    ("40203", "Gateway reject - email blocklist", U::FraudSuspected),
    ("40204", "Gateway reject - phone number blocklist", U::FraudSuspected),
    ("40205", "Gateway reject - BIN number blocklist", U::FraudSuspected),
];

/// The unified code of a declining `response_code`. A code not in the table is read by its range.
pub fn response_code(code: &str) -> U {
    if let Some((_, _, u)) = RESPONSE_CODES.iter().find(|(c, ..)| *c == code) {
        return *u;
    }
    match code.as_bytes().first() {
        Some(b'4') => U::FraudSuspected,
        Some(b'2' | b'3' | b'5') => U::CardDeclined,
        _ => U::ProcessingError,
    }
}

/// Checkout.com's own text for a response code, when the body has no `response_summary`.
pub fn response_text(code: &str) -> Option<&'static str> {
    RESPONSE_CODES.iter().find(|(c, ..)| *c == code).map(|(_, t, _)| *t)
}

/// The decline type by range: 20xxx "soft decline" (a later attempt may succeed), 30xxx "hard
/// decline", 40xxx risk responses and 50xxx Checkout.com declines are not worth retrying as is.
/// This follows Checkout.com's own classification even where a code reads hard (20014): the
/// processor is the authority on what its issuers answer.
pub fn decline_type(code: &str) -> Option<DeclineType> {
    match code.as_bytes().first() {
        Some(b'2') => Some(DeclineType::Soft),
        Some(b'3' | b'4' | b'5') => Some(DeclineType::Hard),
        _ => None,
    }
}

#[cfg(test)]
pub fn known_response_codes() -> impl Iterator<Item = (&'static str, U)> {
    RESPONSE_CODES.iter().map(|(c, _, u)| (*c, *u))
}

/// `error_codes` of 4xx bodies that name a precise cause. The first one found wins.
const ERROR_CODES: &[(&str, U)] = &[
    ("card_number_invalid", U::InvalidCardNumber),
    ("card_number_required", U::InvalidCardNumber),
    ("card_expired", U::ExpiredCard),
    ("card_expiry_month_invalid", U::InvalidExpiryDate),
    ("card_expiry_month_required", U::InvalidExpiryDate),
    ("card_expiry_year_invalid", U::InvalidExpiryDate),
    ("card_expiry_year_required", U::InvalidExpiryDate),
    ("cvv_invalid", U::IncorrectCvc),
    ("card_disabled", U::CardDeclined),
    ("card_not_found", U::InvalidRequest),
    ("amount_invalid", U::InvalidAmount),
    ("amount_required", U::InvalidAmount),
    ("amount_exceeds_balance", U::InvalidAmount),
    ("amount_limit_exceeded", U::LimitExceeded),
    ("capture_value_greater_than_authorized", U::InvalidAmount),
    ("capture_value_greater_than_remaining_authorized", U::InvalidAmount),
    ("refund_amount_exceeds_balance", U::InvalidAmount),
    ("currency_invalid", U::InvalidRequest),
    ("currency_required", U::InvalidRequest),
    ("3ds_payment_required", U::AuthenticationRequired),
    ("3ds_not_enabled_for_card", U::AuthenticationFailed),
    ("3ds_not_supported", U::AuthenticationFailed),
    ("3ds_malfunction", U::ProcessorUnavailable),
    ("api_calls_quota_exceeded", U::RateLimited),
    ("action_failure_limit_exceeded", U::TransactionNotAllowed),
    ("token_invalid", U::InvalidRequest),
    ("token_expired", U::InvalidRequest),
    ("token_used", U::InvalidRequest),
    ("source_id_invalid", U::InvalidRequest),
    ("payment_source_required", U::InvalidRequest),
    ("processing_channel_id_required", U::InvalidRequest),
    ("processing_channel_id_invalid", U::InvalidRequest),
    ("reference_invalid", U::InvalidRequest),
    ("previous_payment_id_invalid", U::InvalidRequest),
];

/// The unified code of a non-2xx answer: 5xx first (the outcome is unknown), then a precise
/// `error_codes` entry, then the HTTP status, then Checkout.com's `error_type`.
pub fn api_error_code(http_status: u16, error_codes: &[String], error_type: Option<&str>) -> U {
    if http_status >= 500 {
        return U::ProcessorUnavailable;
    }
    for code in error_codes {
        if let Some((_, u)) = ERROR_CODES.iter().find(|(k, _)| *k == code) {
            return *u;
        }
    }
    match http_status {
        401 => U::InvalidCredentials,
        // "Capture not allowed", "Void not allowed", "Refund not allowed".
        403 => U::TransactionNotAllowed,
        404 => U::NotFound,
        409 => U::DuplicateTransaction,
        429 => U::RateLimited,
        _ => match error_type {
            Some("unauthorized") => U::InvalidCredentials,
            _ => U::InvalidRequest,
        },
    }
}

#[cfg(test)]
pub fn known_error_codes() -> impl Iterator<Item = (&'static str, U)> {
    ERROR_CODES.iter().copied()
}

/// What a webhook `type` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventMeaning {
    Payment(PaymentStatus),
    /// `payment_approved`: authorized; whether it is also being captured the event does not say.
    Approved,
    /// `payment_captured`: charged, or partially charged when the balances show less captured
    /// than authorized.
    Captured,
    Refund(RefundStatus),
    Dispute,
}

/// Checkout.com webhook event types (the workflows event list). Anything else is `other`.
const EVENTS: &[(&str, EventMeaning)] = &[
    ("payment_approved", EventMeaning::Approved),
    ("payment_pending", EventMeaning::Payment(PaymentStatus::Pending)),
    ("payment_declined", EventMeaning::Payment(PaymentStatus::Failure)),
    ("payment_expired", EventMeaning::Payment(PaymentStatus::Failure)),
    ("payment_canceled", EventMeaning::Payment(PaymentStatus::Voided)),
    ("payment_voided", EventMeaning::Payment(PaymentStatus::Voided)),
    ("payment_void_declined", EventMeaning::Payment(PaymentStatus::VoidFailed)),
    ("payment_captured", EventMeaning::Captured),
    ("payment_capture_declined", EventMeaning::Payment(PaymentStatus::CaptureFailed)),
    ("payment_capture_pending", EventMeaning::Payment(PaymentStatus::CaptureInitiated)),
    ("payment_paid", EventMeaning::Payment(PaymentStatus::Charged)),
    ("payment_authentication_failed", EventMeaning::Payment(PaymentStatus::AuthenticationFailed)),
    ("payment_retry_scheduled", EventMeaning::Payment(PaymentStatus::Pending)),
    ("card_verified", EventMeaning::Payment(PaymentStatus::Charged)),
    ("card_verification_declined", EventMeaning::Payment(PaymentStatus::Failure)),
    ("payment_refunded", EventMeaning::Refund(RefundStatus::Success)),
    ("payment_refund_declined", EventMeaning::Refund(RefundStatus::Failure)),
    ("payment_refund_pending", EventMeaning::Refund(RefundStatus::Pending)),
    // Dispute events: disputes::event_status lists them with the status each announces.
];

pub fn event_meaning(event_type: &str) -> Option<EventMeaning> {
    if super::disputes::event_status(event_type).is_some() {
        return Some(EventMeaning::Dispute);
    }
    EVENTS.iter().find(|(t, _)| *t == event_type).map(|(_, m)| *m)
}

#[cfg(test)]
pub fn known_events() -> impl Iterator<Item = (&'static str, EventMeaning)> {
    EVENTS.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorized_depends_on_capture_and_pending_on_redirect() {
        assert_eq!(payment_status(Some("Authorized"), CaptureMethod::Manual, false), PaymentStatus::Authorized);
        assert_eq!(payment_status(Some("Authorized"), CaptureMethod::Automatic, false), PaymentStatus::CaptureInitiated);
        assert_eq!(payment_status(Some("Pending"), CaptureMethod::Manual, true), PaymentStatus::AuthenticationPending);
        assert_eq!(payment_status(Some("Pending"), CaptureMethod::Manual, false), PaymentStatus::Pending);
        assert_eq!(payment_status(Some("Captured"), CaptureMethod::Manual, false), PaymentStatus::Charged);
        assert_eq!(payment_status(Some("Partially Captured"), CaptureMethod::Manual, false), PaymentStatus::PartialCharged);
        assert_eq!(payment_status(Some("Declined"), CaptureMethod::Automatic, false), PaymentStatus::Failure);
        assert_eq!(payment_status(Some("Voided"), CaptureMethod::Automatic, false), PaymentStatus::Voided);
        assert_eq!(payment_status(Some("Card Verified"), CaptureMethod::Automatic, false), PaymentStatus::Charged);
        assert_eq!(payment_status(Some("Retry Scheduled"), CaptureMethod::Automatic, false), PaymentStatus::Pending);
        // Case matters and unknown statuses are never guessed.
        assert_eq!(payment_status(Some("captured"), CaptureMethod::Automatic, false), PaymentStatus::Unresolved);
        assert_eq!(payment_status(Some("Something New"), CaptureMethod::Automatic, false), PaymentStatus::Unresolved);
        assert_eq!(payment_status(None, CaptureMethod::Automatic, false), PaymentStatus::Unresolved);
    }

    #[test]
    fn response_codes_and_ranges() {
        for (code, want, decline) in [
            ("20005", U::CardDeclined, DeclineType::Soft),
            ("20051", U::InsufficientFunds, DeclineType::Soft),
            ("20054", U::ExpiredCard, DeclineType::Soft),
            ("20087", U::IncorrectCvc, DeclineType::Soft),
            ("20014", U::InvalidCardNumber, DeclineType::Soft),
            ("20059", U::FraudSuspected, DeclineType::Soft),
            ("20012", U::TransactionNotAllowed, DeclineType::Soft),
            ("20061", U::LimitExceeded, DeclineType::Soft),
            ("20062", U::TransactionNotAllowed, DeclineType::Soft),
            ("20150", U::AuthenticationFailed, DeclineType::Soft),
            ("20154", U::AuthenticationRequired, DeclineType::Soft),
            ("30004", U::CardDeclined, DeclineType::Hard),
            ("30041", U::LostOrStolenCard, DeclineType::Hard),
            ("30043", U::LostOrStolenCard, DeclineType::Hard),
            ("40101", U::FraudSuspected, DeclineType::Hard),
        ] {
            assert_eq!(response_code(code), want, "{code}");
            assert_eq!(decline_type(code), Some(decline), "{code}");
        }
        // Unknown codes fall back on their range.
        assert_eq!(response_code("20999"), U::CardDeclined);
        assert_eq!(response_code("30999"), U::CardDeclined);
        assert_eq!(response_code("49999"), U::FraudSuspected);
        assert_eq!(response_code("X"), U::ProcessingError);
        assert_eq!(decline_type("10000"), None);
        assert_eq!(decline_type(""), None);
        // Codes are unique.
        for (i, (c, ..)) in RESPONSE_CODES.iter().enumerate() {
            assert!(RESPONSE_CODES[i + 1..].iter().all(|(c2, ..)| c2 != c), "{c} twice");
        }
    }

    #[test]
    fn api_errors() {
        let codes = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(api_error_code(422, &codes(&["card_number_invalid"]), Some("request_invalid")), U::InvalidCardNumber);
        assert_eq!(api_error_code(422, &codes(&["reference_invalid", "amount_invalid"]), None), U::InvalidRequest);
        assert_eq!(api_error_code(422, &codes(&["something_new", "amount_invalid"]), None), U::InvalidAmount);
        assert_eq!(api_error_code(422, &codes(&["currency_invalid"]), None), U::InvalidRequest);
        assert_eq!(api_error_code(422, &codes(&[]), Some("request_invalid")), U::InvalidRequest);
        assert_eq!(api_error_code(401, &[], None), U::InvalidCredentials);
        assert_eq!(api_error_code(403, &[], None), U::TransactionNotAllowed);
        assert_eq!(api_error_code(404, &[], None), U::NotFound);
        assert_eq!(api_error_code(429, &[], None), U::RateLimited);
        assert_eq!(api_error_code(502, &codes(&["amount_invalid"]), None), U::ProcessorUnavailable);
        for (i, (c, _)) in ERROR_CODES.iter().enumerate() {
            assert!(ERROR_CODES[i + 1..].iter().all(|(c2, _)| c2 != c), "{c} twice");
        }
    }

    #[test]
    fn events() {
        assert_eq!(event_meaning("payment_approved"), Some(EventMeaning::Approved));
        assert_eq!(event_meaning("payment_refunded"), Some(EventMeaning::Refund(RefundStatus::Success)));
        assert_eq!(event_meaning("payment_capture_declined"), Some(EventMeaning::Payment(PaymentStatus::CaptureFailed)));
        assert_eq!(event_meaning("dispute_lost"), Some(EventMeaning::Dispute));
        assert_eq!(event_meaning("Payment_Approved"), None);
        assert_eq!(event_meaning("balance_below_threshold"), None);
    }
}

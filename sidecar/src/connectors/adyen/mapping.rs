//! Adyen's result codes, refusal reasons and API error codes → unified ones. Tables, not
//! scattered `if`s.
//! Sources: the `resultCode` enum of CheckoutService-v71.json (PaymentResponse and
//! PaymentDetailsResponse), https://docs.adyen.com/online-payments/build-your-integration/payment-result-codes,
//! https://docs.adyen.com/development-resources/refusal-reasons,
//! https://docs.adyen.com/development-resources/error-codes

use crate::protocol::{CaptureMethod, DeclineType, PaymentStatus, UnifiedErrorCode as U};

/// What a `resultCode` means before the capture mode is known: `Authorised` depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultMeaning {
    /// The authorisation succeeded; `authorized` under manual capture, `charged` under automatic.
    Authorised,
    Fixed(PaymentStatus),
}

/// Every `resultCode` of the v71 spec's enum. Anything else is `unresolved`: a code added after
/// v71 must not be guessed into a money state.
const RESULT_CODES: &[(&str, ResultMeaning)] = &[
    // "The payment was successfully authorised."
    ("Authorised", ResultMeaning::Authorised),
    // "Authorised for a partial amount" (partial authorisations enabled, not enough funds).
    ("PartiallyAuthorised", ResultMeaning::Fixed(PaymentStatus::PartiallyAuthorized)),
    // "Refused" and "Error" are final; the reason is in refusalReason.
    ("Refused", ResultMeaning::Fixed(PaymentStatus::Failure)),
    ("Error", ResultMeaning::Fixed(PaymentStatus::Failure)),
    // "Cancelled (by the shopper or the merchant) before processing was completed."
    ("Cancelled", ResultMeaning::Fixed(PaymentStatus::Voided)),
    // "Received by Adyen, and will be processed" / "not possible to obtain the final status".
    ("Received", ResultMeaning::Fixed(PaymentStatus::Pending)),
    ("Pending", ResultMeaning::Fixed(PaymentStatus::Pending)),
    // A voucher / QR code for the shopper to pay outside the redirect flow: the money state
    // arrives later, as for Pending.
    ("PresentToShopper", ResultMeaning::Fixed(PaymentStatus::Pending)),
    // The shopper must act (redirect, 3DS2 fingerprint, 3DS2 challenge).
    ("RedirectShopper", ResultMeaning::Fixed(PaymentStatus::AuthenticationPending)),
    ("IdentifyShopper", ResultMeaning::Fixed(PaymentStatus::AuthenticationPending)),
    ("ChallengeShopper", ResultMeaning::Fixed(PaymentStatus::AuthenticationPending)),
    // Authentication-only flows: authentication is done (or not needed); nothing is authorised.
    ("AuthenticationFinished", ResultMeaning::Fixed(PaymentStatus::AuthenticationSuccessful)),
    ("AuthenticationNotRequired", ResultMeaning::Fixed(PaymentStatus::AuthenticationSuccessful)),
    // In the enum but undocumented for /payments (Adyen uses it for stored details and other
    // APIs): no money state can be read from it.
    ("Success", ResultMeaning::Fixed(PaymentStatus::Unresolved)),
];

pub fn result_meaning(result_code: &str) -> Option<ResultMeaning> {
    RESULT_CODES.iter().find(|(c, _)| *c == result_code).map(|(_, m)| *m)
}

/// The unified status of a `resultCode` (None: no resultCode at all → unresolved too).
pub fn payment_status(result_code: Option<&str>, capture: CaptureMethod) -> PaymentStatus {
    match result_code.and_then(result_meaning) {
        Some(ResultMeaning::Authorised) => match capture {
            CaptureMethod::Manual => PaymentStatus::Authorized,
            CaptureMethod::Automatic => PaymentStatus::Charged,
        },
        Some(ResultMeaning::Fixed(s)) => s,
        None => PaymentStatus::Unresolved,
    }
}

/// The result codes this table knows, for the spec-coverage test.
#[cfg(test)]
pub fn known_result_codes() -> impl Iterator<Item = &'static str> {
    RESULT_CODES.iter().map(|(c, _)| *c)
}

use DeclineType::{Hard, Soft};

/// `refusalReasonCode` → (Adyen's `refusalReason`, unified code, decline type). Soft: a retry
/// (later, or after the shopper fixes something) can succeed; hard: do not retry this card.
const REFUSAL_REASONS: &[(&str, &str, U, DeclineType)] = &[
    ("2", "Refused", U::CardDeclined, Soft),
    ("3", "Referral", U::CardDeclined, Soft),
    ("4", "Acquirer Error", U::ProcessingError, Soft),
    ("5", "Blocked Card", U::CardDeclined, Hard),
    ("6", "Expired Card", U::ExpiredCard, Hard),
    ("7", "Invalid Amount", U::InvalidAmount, Hard),
    ("8", "Invalid Card Number", U::InvalidCardNumber, Hard),
    ("9", "Issuer Unavailable", U::ProcessorUnavailable, Soft),
    ("10", "Not supported", U::CardNotSupported, Hard),
    ("11", "3D Not Authenticated", U::AuthenticationFailed, Soft),
    ("12", "Not enough balance", U::InsufficientFunds, Soft),
    ("14", "Acquirer Fraud", U::FraudSuspected, Hard),
    ("15", "Cancelled", U::CardDeclined, Soft),
    ("16", "Shopper Cancelled", U::AuthenticationFailed, Soft),
    ("17", "Invalid Pin", U::AuthenticationFailed, Hard),
    ("18", "Pin tries exceeded", U::AuthenticationFailed, Hard),
    ("19", "Pin validation not possible", U::ProcessingError, Soft),
    ("20", "FRAUD", U::FraudSuspected, Hard),
    ("21", "Not Submitted", U::ProcessingError, Soft),
    ("22", "FRAUD-CANCELLED", U::FraudSuspected, Hard),
    ("23", "Transaction Not Permitted", U::TransactionNotAllowed, Hard),
    ("24", "CVC Declined", U::IncorrectCvc, Soft),
    ("25", "Restricted Card", U::TransactionNotAllowed, Hard),
    ("26", "Revocation Of Auth", U::TransactionNotAllowed, Hard),
    // Adyen groups here the issuer codes it cannot map reliably: not a plain "Refused".
    ("27", "Declined Non Generic", U::CardDeclined, Hard),
    ("28", "Withdrawal amount exceeded", U::LimitExceeded, Soft),
    ("29", "Withdrawal count exceeded", U::LimitExceeded, Soft),
    ("31", "Issuer Suspected Fraud", U::FraudSuspected, Hard),
    ("32", "AVS Declined", U::CardDeclined, Hard),
    ("33", "Card requires online pin", U::AuthenticationRequired, Soft),
    ("34", "No checking account available on Card", U::CardNotSupported, Hard),
    ("35", "No savings account available on Card", U::CardNotSupported, Hard),
    ("36", "Mobile pin required", U::AuthenticationRequired, Soft),
    ("37", "Contactless fallback", U::AuthenticationRequired, Soft),
    ("38", "Authentication required", U::AuthenticationRequired, Soft),
    // The 3-D Secure directory server never sent its result: authenticating again can succeed.
    ("39", "RReq not received from DS", U::AuthenticationFailed, Soft),
    // Point-of-sale refusals (a card Adyen put on hold for too many errors, a terminal that wants
    // another card interface or a PIN): a later or different attempt can succeed.
    ("40", "Current AID is in Penalty Box", U::ProcessingError, Soft),
    ("41", "CVM Required Restart Payment", U::AuthenticationRequired, Soft),
    ("42", "3DS Authentication Error", U::AuthenticationFailed, Soft),
    ("43", "Online PIN required", U::AuthenticationRequired, Soft),
    ("44", "Try another interface", U::ProcessingError, Soft),
    ("45", "Chip downgrade mode", U::ProcessingError, Soft),
    ("46", "Transaction blocked by Adyen to prevent excessive retry fees", U::TransactionNotAllowed, Hard),
];

/// Every code of the refusal table, for the tests.
#[cfg(test)]
pub fn refusal_codes() -> impl Iterator<Item = (&'static str, &'static str, U, DeclineType)> {
    REFUSAL_REASONS.iter().copied()
}

/// The unified reading of a refusal: by `refusalReasonCode` first, then by the `refusalReason`
/// text (case-insensitive), for responses that carry only one of them.
pub fn refusal(code: Option<&str>, reason: Option<&str>) -> Option<(U, DeclineType)> {
    let by_code = code.and_then(|c| REFUSAL_REASONS.iter().find(|(k, ..)| *k == c.trim()));
    // Adyen writes some texts with a final full stop ("Current AID is in Penalty Box.").
    let by_reason = || {
        reason.map(|r| r.trim().trim_end_matches('.')).and_then(|r| {
            REFUSAL_REASONS.iter().find(|(_, text, ..)| text.eq_ignore_ascii_case(r))
        })
    };
    by_code.or_else(by_reason).map(|(_, _, u, d)| (*u, *d))
}

/// Adyen `errorCode`s of non-2xx bodies (docs.adyen.com/development-resources/error-codes) that
/// name a cause more precise than the HTTP status. A code not listed here is read by its HTTP
/// status and `errorType` (below): most are request-validation problems (`invalid_request`).
const ERROR_CODES: &[(&str, &str, U)] = &[
    ("010", "Not allowed", U::InvalidCredentials), // the API credential lacks a role
    ("101", "Invalid card number", U::InvalidCardNumber),
    ("102", "Unable to determine variant", U::InvalidCardNumber),
    ("103", "CVC is not the right length", U::IncorrectCvc),
    ("105", "Invalid paRes from issuer", U::AuthenticationFailed),
    ("107", "Recurring is not enabled", U::TransactionNotAllowed),
    ("109", "Invalid variant", U::CardNotSupported),
    ("129", "Expiry Date Invalid", U::InvalidExpiryDate),
    ("137", "Invalid amount specified", U::InvalidAmount),
    ("138", "Unsupported currency specified", U::InvalidAmount),
    ("140", "Invalid expiryMonth[1..12] / expiryYear[>2000], or before now", U::InvalidExpiryDate),
    ("141", "Invalid expiryMonth[1..12] / expiryYear[>2000]", U::InvalidExpiryDate),
    ("153", "Invalid CVC", U::IncorrectCvc),
    ("166", "Amount not allowed for this operation", U::InvalidAmount),
    // A capture, cancel or refund on a pspReference Adyen does not know.
    ("167", "Original pspReference required for this operation", U::NotFound),
    ("800", "Contract not found", U::NotFound),
    ("803", "PaymentDetail not found", U::NotFound),
    ("805", "RecurringDetailReference not available for provided recurring-contract", U::NotFound),
    ("901", "Invalid Merchant Account", U::InvalidCredentials),
    ("903", "Internal error", U::ProcessingError),
    ("904", "Unable To Process", U::ProcessingError),
    ("905", "Payment details are not supported", U::CardNotSupported),
    ("906", "Invalid Request: Original pspReference is invalid for this environment!", U::NotFound),
    ("907", "US Payment details are not supported", U::CardNotSupported),
];

/// Every code of the error table, for the tests.
#[cfg(test)]
pub fn error_codes() -> impl Iterator<Item = (&'static str, &'static str, U)> {
    ERROR_CODES.iter().copied()
}

/// The unified code of a non-2xx ServiceError: 5xx first (the outcome is unknown), then the
/// errorCode, then the HTTP status, then Adyen's `errorType`.
pub fn service_error_code(http_status: u16, error_code: Option<&str>, error_type: Option<&str>) -> U {
    if http_status >= 500 {
        return U::ProcessorUnavailable;
    }
    if let Some(u) = error_code.and_then(|c| ERROR_CODES.iter().find(|(k, ..)| *k == c)).map(|(.., u)| *u) {
        return u;
    }
    match http_status {
        401 | 403 => U::InvalidCredentials,
        404 => U::NotFound,
        429 => U::RateLimited,
        _ => match error_type {
            Some("security") => U::InvalidCredentials,
            Some("internal") => U::ProcessingError,
            _ => U::InvalidRequest,
        },
    }
}

/// The `reason` of a failed modification webhook (CAPTURE, REFUND with success "false"), as
/// Adyen's own webhook examples and library fixtures write it. Anything else is a
/// `processing_error` that keeps Adyen's text.
const MODIFICATION_FAILURES: &[(&str, U)] = &[
    // More is captured or refunded than remains on the payment.
    ("Insufficient balance on payment", U::InvalidAmount),
    ("Transaction hasn't been captured, refund not possible", U::TransactionNotAllowed),
];

pub fn modification_failure(reason: &str) -> Option<U> {
    let r = reason.trim().trim_end_matches('.');
    MODIFICATION_FAILURES.iter().find(|(text, _)| text.eq_ignore_ascii_case(r)).map(|(_, u)| *u)
}

#[cfg(test)]
pub fn modification_failures() -> impl Iterator<Item = (&'static str, U)> {
    MODIFICATION_FAILURES.iter().copied()
}

/// The unified refund `reason` → Adyen's `merchantRefundReason` (FRAUD, CUSTOMER REQUEST,
/// RETURN, DUPLICATE, OTHER). Matched case-insensitively, with Stripe's words too; any other
/// text is `OTHER` (a reason was given, and Adyen has no field for free text on a refund).
const REFUND_REASONS: &[(&str, &str)] = &[
    ("fraud", "FRAUD"),
    ("fraudulent", "FRAUD"),
    ("customer request", "CUSTOMER REQUEST"),
    ("customer_request", "CUSTOMER REQUEST"),
    ("requested_by_customer", "CUSTOMER REQUEST"),
    ("return", "RETURN"),
    ("returned", "RETURN"),
    ("duplicate", "DUPLICATE"),
    ("other", "OTHER"),
];

pub fn refund_reason(reason: &str) -> &'static str {
    let r = reason.trim();
    REFUND_REASONS.iter().find(|(word, _)| word.eq_ignore_ascii_case(r)).map(|(_, adyen)| *adyen).unwrap_or("OTHER")
}

// ---------- Webhooks: standard notification eventCode → unified event ----------

/// What an `eventCode` means, before `success` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventMeaning {
    /// A payment event: the status when `success` is "true", and when it is "false".
    Payment { ok: PaymentStatus, failed: PaymentStatus },
    /// A refund event: the refund's status when `success` is "true", and when "false".
    Refund { ok: RefundStatus, failed: RefundStatus },
    /// CANCEL_OR_REFUND: a cancel or a refund, as `additionalData.modification.action` says.
    CancelOrRefund,
    /// RECURRING_CONTRACT: a card was saved; its token is the item's pspReference.
    Mandate,
    Dispute,
}

use crate::protocol::RefundStatus;

/// Adyen's standard-webhook event codes we map (Webhooks-v1.json). Any other code is an
/// `other` event carrying its eventCode.
const EVENT_CODES: &[(&str, EventMeaning)] = &[
    // The authorisation: whether the money is also captured depends on the capture mode, which
    // the webhook does not carry; `authorized` under-claims rather than report a capture.
    ("AUTHORISATION", EventMeaning::Payment { ok: PaymentStatus::Authorized, failed: PaymentStatus::Failure }),
    // incrementalAuthorization's outcome (amountUpdates answers `received`): the new total
    // authorised, or refused (the earlier authorisation stands; the event says failure).
    ("AUTHORISATION_ADJUSTMENT", EventMeaning::Payment { ok: PaymentStatus::Authorized, failed: PaymentStatus::Failure }),
    ("CAPTURE", EventMeaning::Payment { ok: PaymentStatus::Charged, failed: PaymentStatus::CaptureFailed }),
    // Sent with success "true": the capture was later rejected by the card scheme or acquirer.
    ("CAPTURE_FAILED", EventMeaning::Payment { ok: PaymentStatus::CaptureFailed, failed: PaymentStatus::CaptureFailed }),
    ("CANCELLATION", EventMeaning::Payment { ok: PaymentStatus::Voided, failed: PaymentStatus::VoidFailed }),
    // Adyen cancelled the payment itself (a timeout, a technical problem): not authorised.
    ("TECHNICAL_CANCEL", EventMeaning::Payment { ok: PaymentStatus::Voided, failed: PaymentStatus::VoidFailed }),
    // The shopper never completed the payment (e.g. a redirect that expired).
    ("OFFER_CLOSED", EventMeaning::Payment { ok: PaymentStatus::Failure, failed: PaymentStatus::Unresolved }),
    ("CANCEL_OR_REFUND", EventMeaning::CancelOrRefund),
    ("REFUND", EventMeaning::Refund { ok: RefundStatus::Success, failed: RefundStatus::Failure }),
    ("REFUND_WITH_DATA", EventMeaning::Refund { ok: RefundStatus::Success, failed: RefundStatus::Failure }),
    // Sent with success "true": the refund failed after Adyen had accepted it.
    ("REFUND_FAILED", EventMeaning::Refund { ok: RefundStatus::Failure, failed: RefundStatus::Failure }),
    // The refunded money came back (e.g. the shopper's account was closed): the refund did not happen.
    ("REFUNDED_REVERSED", EventMeaning::Refund { ok: RefundStatus::Failure, failed: RefundStatus::Failure }),
    // A pending refund was cancelled before it was paid out.
    ("VOID_PENDING_REFUND", EventMeaning::Refund { ok: RefundStatus::Failure, failed: RefundStatus::Pending }),
    ("POSTPONED_REFUND", EventMeaning::Refund { ok: RefundStatus::Pending, failed: RefundStatus::Pending }),
    ("RECURRING_CONTRACT", EventMeaning::Mandate),
    ("CHARGEBACK", EventMeaning::Dispute),
    ("CHARGEBACK_REVERSED", EventMeaning::Dispute),
    ("SECOND_CHARGEBACK", EventMeaning::Dispute),
    ("NOTIFICATION_OF_CHARGEBACK", EventMeaning::Dispute),
    ("NOTIFICATION_OF_FRAUD", EventMeaning::Dispute),
    ("REQUEST_FOR_INFORMATION", EventMeaning::Dispute),
    ("INFORMATION_SUPPLIED", EventMeaning::Dispute),
    ("ISSUER_COMMENTS", EventMeaning::Dispute),
    ("ISSUER_RESPONSE_TIMEFRAME_EXPIRED", EventMeaning::Dispute),
    ("DISPUTE_DEFENSE_PERIOD_ENDED", EventMeaning::Dispute),
    ("PREARBITRATION_OPEN", EventMeaning::Dispute),
    ("PREARBITRATION_WON", EventMeaning::Dispute),
    ("PREARBITRATION_LOST", EventMeaning::Dispute),
    ("PREARBITRATION_ACCEPTED", EventMeaning::Dispute),
    ("PREARBITRATION_DECLINED", EventMeaning::Dispute),
    ("PREARBITRATION_ISSUER_WITHDRAWN", EventMeaning::Dispute),
    ("SCHEME_ARBITRATION", EventMeaning::Dispute),
    ("SCHEME_ARBITRATION_WON", EventMeaning::Dispute),
    ("SCHEME_ARBITRATION_LOST", EventMeaning::Dispute),
];

pub fn event_meaning(event_code: &str) -> Option<EventMeaning> {
    EVENT_CODES.iter().find(|(c, _)| *c == event_code).map(|(_, m)| *m)
}

#[cfg(test)]
pub fn event_codes() -> impl Iterator<Item = (&'static str, EventMeaning)> {
    EVENT_CODES.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorised_depends_on_capture() {
        assert_eq!(payment_status(Some("Authorised"), CaptureMethod::Manual), PaymentStatus::Authorized);
        assert_eq!(payment_status(Some("Authorised"), CaptureMethod::Automatic), PaymentStatus::Charged);
    }

    #[test]
    fn every_fixed_result_code_maps() {
        for (code, want) in [
            ("PartiallyAuthorised", PaymentStatus::PartiallyAuthorized),
            ("Refused", PaymentStatus::Failure),
            ("Error", PaymentStatus::Failure),
            ("Cancelled", PaymentStatus::Voided),
            ("Received", PaymentStatus::Pending),
            ("Pending", PaymentStatus::Pending),
            ("PresentToShopper", PaymentStatus::Pending),
            ("RedirectShopper", PaymentStatus::AuthenticationPending),
            ("IdentifyShopper", PaymentStatus::AuthenticationPending),
            ("ChallengeShopper", PaymentStatus::AuthenticationPending),
            ("AuthenticationFinished", PaymentStatus::AuthenticationSuccessful),
            ("AuthenticationNotRequired", PaymentStatus::AuthenticationSuccessful),
            ("Success", PaymentStatus::Unresolved),
        ] {
            for capture in [CaptureMethod::Manual, CaptureMethod::Automatic] {
                assert_eq!(payment_status(Some(code), capture), want, "{code}");
            }
        }
        assert_eq!(payment_status(Some("SomethingNew"), CaptureMethod::Automatic), PaymentStatus::Unresolved);
        assert_eq!(payment_status(Some("authorised"), CaptureMethod::Automatic), PaymentStatus::Unresolved);
        assert_eq!(payment_status(None, CaptureMethod::Automatic), PaymentStatus::Unresolved);
    }

    #[test]
    fn refusal_reason_table() {
        for (code, reason, want, decline) in [
            ("2", "Refused", U::CardDeclined, Soft),
            ("6", "Expired Card", U::ExpiredCard, Hard),
            ("8", "Invalid Card Number", U::InvalidCardNumber, Hard),
            ("11", "3D Not Authenticated", U::AuthenticationFailed, Soft),
            ("12", "Not enough balance", U::InsufficientFunds, Soft),
            ("20", "FRAUD", U::FraudSuspected, Hard),
            ("24", "CVC Declined", U::IncorrectCvc, Soft),
            ("38", "Authentication required", U::AuthenticationRequired, Soft),
        ] {
            assert_eq!(refusal(Some(code), None), Some((want, decline)), "code {code}");
            assert_eq!(refusal(None, Some(reason)), Some((want, decline)), "reason {reason}");
            assert_eq!(refusal(None, Some(&reason.to_uppercase())), Some((want, decline)), "reason {reason}");
        }
        // The code wins over the text; unknown code falls back to the text; neither → None.
        assert_eq!(refusal(Some("12"), Some("Refused")), Some((U::InsufficientFunds, Soft)));
        assert_eq!(refusal(Some("999"), Some("Expired Card")), Some((U::ExpiredCard, Hard)));
        assert_eq!(refusal(Some("0"), Some("Unknown")), None);
        assert_eq!(refusal(None, None), None);
        // Codes and texts are unique, so both lookups are unambiguous.
        for (i, (c, r, ..)) in REFUSAL_REASONS.iter().enumerate() {
            for (c2, r2, ..) in &REFUSAL_REASONS[i + 1..] {
                assert_ne!(c, c2);
                assert!(!r.eq_ignore_ascii_case(r2));
            }
        }
    }

    #[test]
    fn service_errors() {
        assert_eq!(service_error_code(401, Some("000"), Some("security")), U::InvalidCredentials);
        assert_eq!(service_error_code(403, Some("901"), Some("security")), U::InvalidCredentials);
        assert_eq!(service_error_code(422, Some("130"), Some("validation")), U::InvalidRequest);
        assert_eq!(service_error_code(422, Some("101"), Some("validation")), U::InvalidCardNumber);
        assert_eq!(service_error_code(422, Some("103"), Some("validation")), U::IncorrectCvc);
        assert_eq!(service_error_code(429, None, None), U::RateLimited);
        assert_eq!(service_error_code(404, None, None), U::NotFound);
        assert_eq!(service_error_code(500, Some("905"), Some("configuration")), U::ProcessorUnavailable);
        assert_eq!(service_error_code(503, None, None), U::ProcessorUnavailable);
        assert_eq!(service_error_code(400, Some("702"), Some("validation")), U::InvalidRequest);
        assert_eq!(service_error_code(400, None, Some("internal")), U::ProcessingError);
    }
}

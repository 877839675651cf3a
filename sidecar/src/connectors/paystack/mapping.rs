//! Paystack's statuses and errors → unified ones, as tables. Sources: the Transaction object of
//! https://paystack.com/docs/api/transaction/ (Verify Transaction: `status` success, failed,
//! abandoned, ongoing, pending, processing, queued, reversed), the Charge API's pending states
//! (https://paystack.com/docs/payments/payment-channels/ and /docs/api/charge/: send_pin, send_otp,
//! send_phone, send_birthday, send_address, open_url, pay_offline), the Refund statuses of
//! https://paystack.com/docs/payments/refunds/ (pending, processing, processed, failed,
//! needs-attention; the `refund.*` webhook events carry the same words), the Dispute statuses of
//! https://paystack.com/docs/payments/dispute-management/ (awaiting-merchant-feedback,
//! awaiting-bank-feedback, pending, resolved, archived; `resolution` merchant-accepted, declined),
//! and the spec's `Error.code` (validation_error, processor_error, api_error).

use crate::protocol::{DeclineType, DisputeStatus, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// What a transaction's `status` says; `None` for a word not in the tables (never guessed).
const PAYMENT_STATUSES: &[(&str, PaymentStatus)] = &[
    ("success", PaymentStatus::Charged),
    ("failed", PaymentStatus::Failure),
    // Started on the checkout, not finished by the shopper: the checkout can still be completed,
    // so it is not a failure (a failure would invite a second payment).
    ("abandoned", PaymentStatus::Started),
    // The shopper is in a step (OTP, PIN, bank app): the outcome is not known yet.
    ("ongoing", PaymentStatus::AuthenticationPending),
    ("pending", PaymentStatus::Pending),
    ("processing", PaymentStatus::Pending),
    ("queued", PaymentStatus::Pending),
    // The money went back to the shopper (a reversal): nothing is held or charged any more.
    ("reversed", PaymentStatus::Voided),
    // The Charge API's next steps: the shopper must give a PIN, OTP, phone, birthday or address,
    // or open a URL (3-D Secure, a bank's page).
    ("send_pin", PaymentStatus::AuthenticationPending),
    ("send_otp", PaymentStatus::AuthenticationPending),
    ("send_phone", PaymentStatus::AuthenticationPending),
    ("send_birthday", PaymentStatus::AuthenticationPending),
    ("send_address", PaymentStatus::AuthenticationPending),
    ("open_url", PaymentStatus::AuthenticationPending),
    // The shopper completes it offline (USSD, mobile money prompt): wait for the webhook.
    ("pay_offline", PaymentStatus::Pending),
    // Pay with Transfer: the shopper must transfer the amount to the account number the answer
    // gives before it expires (https://paystack.com/docs/payments/payment-channels/#pay-with-transfer).
    ("pending_bank_transfer", PaymentStatus::Pending),
];

pub fn payment_status(status: Option<&str>) -> PaymentStatus {
    status
        .and_then(|s| PAYMENT_STATUSES.iter().find(|(k, _)| k.eq_ignore_ascii_case(s.trim())).map(|(_, m)| *m))
        .unwrap_or(PaymentStatus::Unresolved)
}

#[cfg(test)]
pub fn known_payment_statuses() -> impl Iterator<Item = &'static str> {
    PAYMENT_STATUSES.iter().map(|(s, _)| *s)
}

const REFUND_STATUSES: &[(&str, RefundStatus)] = &[
    ("pending", RefundStatus::Pending),
    ("processing", RefundStatus::Pending),
    ("processed", RefundStatus::Success),
    ("failed", RefundStatus::Failure),
    // Paystack could not send the money back and needs the shopper's account details
    // (Retry Refund with customer details).
    ("needs-attention", RefundStatus::ManualReview),
];

/// An unknown refund status stays `pending` (never `failure`, which would invite a second refund).
pub fn refund_status(status: Option<&str>) -> RefundStatus {
    status
        .and_then(|s| REFUND_STATUSES.iter().find(|(k, _)| k.eq_ignore_ascii_case(s.trim())).map(|(_, m)| *m))
        .unwrap_or(RefundStatus::Pending)
}

/// A dispute's `status`, and for `resolved` its `resolution`.
pub fn dispute_status(status: Option<&str>, resolution: Option<&str>) -> DisputeStatus {
    let s = status.map(|s| s.trim().to_ascii_lowercase());
    match s.as_deref() {
        Some("awaiting-merchant-feedback") => DisputeStatus::NeedsResponse,
        Some("awaiting-bank-feedback") => DisputeStatus::UnderReview,
        Some("pending") => DisputeStatus::Opened,
        Some("resolved") => match resolution.map(|r| r.trim().to_ascii_lowercase()).as_deref() {
            // The merchant accepted the claim: the shopper is refunded.
            Some("merchant-accepted") => DisputeStatus::Accepted,
            // Nobody answered before dueAt: Paystack accepted it for the merchant (the
            // charge.dispute.resolve example: the transaction is then reversed).
            Some("auto-accepted") => DisputeStatus::Expired,
            // The merchant declined the claim with evidence, and the dispute closed in its favour.
            Some("declined") => DisputeStatus::Won,
            _ => DisputeStatus::UnderReview,
        },
        // Closed without a resolution (no action was taken before it was archived).
        Some("archived") => DisputeStatus::Expired,
        _ => DisputeStatus::UnderReview,
    }
}

/// Issuer answers Paystack reports in a failed transaction's `gateway_response` (free text, matched
/// without case on these words) → unified code and whether a later attempt may succeed.
const GATEWAY_RESPONSES: &[(&str, U, DeclineType)] = &[
    ("insufficient funds", U::InsufficientFunds, DeclineType::Soft),
    ("expired card", U::ExpiredCard, DeclineType::Hard),
    ("invalid cvv", U::IncorrectCvc, DeclineType::Soft),
    ("incorrect pin", U::AuthenticationFailed, DeclineType::Soft),
    ("invalid otp", U::AuthenticationFailed, DeclineType::Soft),
    ("lost card", U::LostOrStolenCard, DeclineType::Hard),
    ("stolen card", U::LostOrStolenCard, DeclineType::Hard),
    ("suspected fraud", U::FraudSuspected, DeclineType::Hard),
    ("not permitted", U::TransactionNotAllowed, DeclineType::Hard),
    ("exceeds", U::LimitExceeded, DeclineType::Soft),
    ("do not honor", U::CardDeclined, DeclineType::Soft),
    ("declined", U::CardDeclined, DeclineType::Soft),
];

pub fn decline(gateway_response: Option<&str>) -> (U, Option<DeclineType>) {
    let text = gateway_response.unwrap_or("").to_ascii_lowercase();
    GATEWAY_RESPONSES
        .iter()
        .find(|(k, ..)| text.contains(k))
        .map(|(_, u, d)| (*u, Some(*d)))
        .unwrap_or((U::CardDeclined, None))
}

/// The unified code of an error answer (`status: false`): by HTTP status, the documented messages
/// and the spec's `code`.
pub fn api_error_code(http_status: u16, code: Option<&str>, message: Option<&str>) -> U {
    if http_status >= 500 {
        return U::ProcessorUnavailable;
    }
    let message = message.unwrap_or("").to_ascii_lowercase();
    if message.contains("duplicate transaction reference") {
        return U::DuplicateTransaction;
    }
    // The documented answer to a wrong key, sent with 400 as well as 401.
    if message.trim() == "invalid key" {
        return U::InvalidCredentials;
    }
    match http_status {
        401 | 403 => return U::InvalidCredentials,
        404 => return U::NotFound,
        429 => return U::RateLimited,
        _ => {}
    }
    match code.map(str::trim) {
        Some("processor_error") => U::ProcessingError,
        _ => U::InvalidRequest,
    }
}

//! Authorize.Net's status words and error codes → unified ones.
//!
//! Sources: the Response Reason Code list (developer.authorize.net/api/reference/responseCodes.html;
//! `transactionResponse.errors[].errorCode`), the API message codes (`messages.message[].code`,
//! E000xx) and the `transactionStatus` values of getTransactionDetails.

use crate::protocol::{DeclineType, PaymentStatus, RefundStatus, UnifiedErrorCode};

/// A transaction's `transactionStatus` (getTransactionDetails) as a payment status.
/// `transaction_type` tells an approved-after-review auth from a sale.
pub fn payment_status(transaction_status: &str, transaction_type: Option<&str>) -> PaymentStatus {
    let sale = transaction_type == Some("authCaptureTransaction");
    match transaction_status {
        "authorizedPendingCapture" => PaymentStatus::Authorized,
        "capturedPendingSettlement" | "settledSuccessfully" => PaymentStatus::Charged,
        // Authorize.Net's fraud filters hold the transaction; a merchant approves or declines it.
        "FDSPendingReview" | "FDSAuthorizedPendingReview" | "authorizedPendingRelease" | "underReview" => {
            PaymentStatus::Pending
        }
        "approvedReview" => {
            if sale {
                PaymentStatus::Charged
            } else {
                PaymentStatus::Authorized
            }
        }
        "voided" => PaymentStatus::Voided,
        "couldNotVoid" => PaymentStatus::VoidFailed,
        "declined" | "failedReview" | "expired" | "generalError" | "settlementError" => PaymentStatus::Failure,
        // The processor did not answer Authorize.Net: whether the issuer approved is unknown.
        "communicationError" => PaymentStatus::Unresolved,
        // Settled, then returned or charged back: the payment itself was charged (disputes are
        // reported by the dispute flow of the merchant, not as a payment status).
        "returnedItem" | "chargeback" | "chargebackReversal" => PaymentStatus::Charged,
        _ => PaymentStatus::Unresolved,
    }
}

/// A refund transaction's `transactionStatus` as a refund status.
pub fn refund_status(transaction_status: &str) -> RefundStatus {
    match transaction_status {
        // Approved; money moves in the nightly settlement batch.
        "refundPendingSettlement" => RefundStatus::Pending,
        "refundSettledSuccessfully" => RefundStatus::Success,
        "declined" | "voided" | "generalError" | "settlementError" | "expired" | "failedReview" => RefundStatus::Failure,
        "FDSPendingReview" | "FDSAuthorizedPendingReview" | "underReview" => RefundStatus::ManualReview,
        _ => RefundStatus::Pending,
    }
}

/// A unified error for a transaction's response reason code (`errors[].errorCode`), with whether
/// a decline may succeed on retry (soft) or not with this card (hard). None for a decline type
/// means the code is not the issuer's decline.
pub fn reason_code(code: &str) -> (UnifiedErrorCode, Option<DeclineType>) {
    use DeclineType::*;
    use UnifiedErrorCode::*;
    match code {
        // "This transaction has been declined." — the issuer's generic decline.
        "2" => (CardDeclined, Some(Soft)),
        // "This transaction has been declined." (referral: call the issuer).
        "3" => (CardDeclined, Some(Soft)),
        // "This transaction has been declined." (pick up card).
        "4" => (LostOrStolenCard, Some(Hard)),
        // "A valid amount is required."
        "5" => (InvalidAmount, None),
        // "The credit card number is invalid."
        "6" | "37" | "315" => (InvalidCardNumber, Some(Hard)),
        // "Credit card expiration date is invalid."
        "7" | "316" => (InvalidExpiryDate, Some(Hard)),
        // "The credit card has expired."
        "8" | "317" => (ExpiredCard, Some(Hard)),
        // "A duplicate transaction has been submitted." (inside the duplicate window)
        "11" => (DuplicateTransaction, None),
        // "The merchant login ID or password is invalid or the account is inactive."
        "13" => (InvalidCredentials, None),
        // "The transaction cannot be found."
        "16" => (NotFound, None),
        // "The merchant does not accept this type of credit card." / "The merchant does not accept this type of credit card." (28)
        "17" | "28" => (CardNotSupported, Some(Hard)),
        // "An error occurred during processing. Please try again."
        "19" | "20" | "21" | "22" | "23" | "25" | "26" | "57" | "58" | "59" | "60" | "61" | "62" | "63" => {
            (ProcessorUnavailable, Some(Soft))
        }
        // "The transaction has been declined because of an AVS mismatch."
        "27" => (CardDeclined, Some(Soft)),
        // "A required field was left blank" and friends.
        "33" => (InvalidRequest, None),
        // "The supplied currency code is either invalid, not supported, not allowed for this merchant..."
        "39" => (InvalidRequest, None),
        // "This transaction has been declined." (card code mismatch, AVS and card code mismatch)
        "44" | "45" | "65" => (IncorrectCvc, Some(Soft)),
        // "The amount requested for settlement cannot be greater than the original amount authorized."
        "47" => (InvalidAmount, None),
        // "This processor does not accept partial reversals."
        "48" => (TransactionNotAllowed, None),
        // "The referenced transaction does not meet the criteria for issuing a credit."
        "54" => (TransactionNotAllowed, None),
        // "The sum of credits against the referenced transaction would exceed the original debit amount."
        "55" => (InvalidAmount, None),
        // "Card Code is required." / "The card code is invalid."
        "78" => (IncorrectCvc, Some(Hard)),
        // "The transaction was submitted from a blocked IP address." / fraud filter decline.
        "250" | "251" | "254" => (FraudSuspected, Some(Hard)),
        // "The transaction was accepted, but is being held for merchant review."
        "252" | "253" => (FraudSuspected, None),
        // "This transaction cannot be accepted for processing." / velocity filters.
        "141" | "145" | "165" => (FraudSuspected, Some(Hard)),
        // PayPal Express Checkout (2000 "Need payer consent" is not an error: responses.rs).
        // "PayPal transactions are not accepted by this merchant."
        "2001" => (TransactionNotAllowed, None),
        // "Success URL is required." / "Cancel URL is required." / "Payer ID is required." /
        // "PayPal transactions require valid URL for success_url" (2100, cancel_url 2101) /
        // "PayPal has rejected the transaction. x_paypal_hdrimg exceeds maximum allowable length."
        // (2108) / "... x_paypal_payflowcolor must be a 6 character hexadecimal value." (2109)
        "2004" | "2005" | "2006" | "2100" | "2101" | "2108" | "2109" => (InvalidRequest, None),
        // "This processor does not accept zero dollar authorizations." / "The totals of the cart
        // item amounts do not match order amounts."
        "2007" | "2104" => (InvalidAmount, None),
        // "The referenced transaction does not meet the criteria for issuing a Continued
        // Authorization" (2008; "w/ Auto Capture" 2009) / "PayPal has already captured this
        // transaction." (2106)
        "2008" | "2009" | "2106" => (TransactionNotAllowed, None),
        // "Payment not authorized. Payment has not been authorized by the user.": the shopper has
        // not approved on PayPal (yet).
        "2102" => (AuthenticationRequired, None),
        // "This transaction has already been authorized.": a continue sent again; the first one
        // went through (psync it).
        "2103" => (DuplicateTransaction, None),
        // "PayPal has rejected the transaction. Invalid Payer ID." / "... This Payer ID belongs to
        // a different customer."
        "2105" | "2107" => (InvalidRequest, None),
        _ => (ProcessingError, None),
    }
}

/// A unified error for an API message code (`messages.message[].code`).
pub fn message_code(code: &str) -> UnifiedErrorCode {
    use UnifiedErrorCode::*;
    match code {
        // "An unexpected system error occurred while processing this request."
        "E00001" | "E00104" => ProcessorUnavailable,
        // "User authentication failed due to invalid authentication values." / "access denied" /
        // "The merchant login ID or password is invalid" / "The user account is not active"
        "E00007" | "E00008" | "E00011" | "E00054" | "E00059" => InvalidCredentials,
        // "Invalid XML / invalid element", "field is invalid", "field is required"
        "E00003" | "E00013" | "E00014" | "E00015" | "E00016" => InvalidRequest,
        // "The record cannot be found."
        "E00040" => NotFound,
        // "A duplicate record already exists." (customer profiles)
        "E00039" | "E00012" => DuplicateTransaction,
        // "The transaction was unsuccessful." — the transaction's own code says why.
        "E00027" => ProcessingError,
        _ => ProcessingError,
    }
}

//! PhonePe's response codes → unified statuses and error codes. Tables, not scattered `if`s.
//!
//! Sources:
//! - pay and status codes: https://developer.phonepe.com/v1/reference/pay-api-1 (Response Codes),
//!   https://developer.phonepe.com/v1/reference/check-status-api (Error Codes),
//!   https://developer.phonepe.com/v1/reference/check-status-api-1 ("The payment status can be
//!   Success, Failed or Pending. When Pending, merchants should retry");
//! - INVALID_TRANSACTION_ID = duplicate merchantTransactionId: https://developer.phonepe.com/v2/docs/troubleshooting-2;
//! - `data.responseCode` (the bank/UPI reason of a failure): https://developer.phonepe.com/payment-gateway/error-codes
//!   and NPCI's UPI response codes it cites.
//!
//! - refund codes: https://developer.phonepe.com/v1/reference/refund-8 (the refund's status is
//!   the status API's answer for the refund's merchantTransactionId, in the same envelope) and
//!   PhonePe's refund response-code table (https://developer.phonepe.com/v1/reference/autopay-refund:
//!   TIMED_OUT / INTERNAL_SERVER_ERROR / PAYMENT_PENDING "Refund might get initiated (need to check
//!   status ... before retrying the refund)", REVERSAL_WINDOW_EXCEEDED "process the refund
//!   manually"); EXCESS_REFUND_AMOUNT as the reason of a refund's PAYMENT_ERROR:
//!   https://developer.phonepe.com/v2/reference/refund-3-3.
//!
//! `code` decides (PhonePe: "You should base your decision on this parameter"); `data.state`
//! (COMPLETED / FAILED / PENDING) is the fallback for a code we do not know and a cross-check for
//! the ones we do; `data.responseCode` refines the error of a failure.
//!
//! Refunds have no `unresolved` status in the unified protocol. A refund whose outcome PhonePe
//! leaves open (a timeout, a server error, a refused status check) is `pending` with an error that
//! says why: the merchant must rsync before retrying, never refund again blindly.

use crate::protocol::{DeclineType, ErrorInfo, Flow, PaymentStatus, RefundStatus, UnifiedErrorCode as U};

/// What a PhonePe `code` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// The state of the payment.
    Payment(PaymentStatus),
    /// PhonePe refused this call. On pay, no payment was created (`failure`); on a status check
    /// it says nothing about the payment (`unresolved`).
    Refused,
    /// PhonePe could not tell: the payment may or may not exist (`unresolved`; check the status).
    Unknown,
}

pub struct CodeRow {
    pub code: &'static str,
    pub meaning: Meaning,
    pub error: Option<(U, Option<DeclineType>)>,
    /// Our message for the unified error (PhonePe's documented meaning, never its echo).
    pub description: &'static str,
}

const fn row(
    code: &'static str,
    meaning: Meaning,
    error: Option<(U, Option<DeclineType>)>,
    description: &'static str,
) -> CodeRow {
    CodeRow { code, meaning, error, description }
}

use DeclineType::{Hard, Soft};
use Meaning::{Payment, Refused, Unknown};
use PaymentStatus as S;

/// Every `code` PhonePe documents for `/pg/v1/pay` and `/pg/v1/status`.
pub const CODE_TABLE: &[CodeRow] = &[
    // The shopper approves a collect request (or the intent) in their UPI app.
    row("PAYMENT_INITIATED", Payment(S::AuthenticationPending), None, "payment initiated; the shopper approves it in their UPI app"),
    row("PAYMENT_SUCCESS", Payment(S::Charged), None, "payment is successful"),
    row("PAYMENT_PENDING", Payment(S::Pending), None, "payment is pending; check the status again later"),
    row("PAYMENT_ERROR", Payment(S::Failure), Some((U::ProcessingError, Some(Soft))), "payment failed"),
    row("PAYMENT_DECLINED", Payment(S::Failure), Some((U::AuthenticationFailed, Some(Soft))), "payment declined by the shopper"),
    row("PAYMENT_CANCELLED", Payment(S::Failure), Some((U::AuthenticationFailed, Some(Soft))), "payment cancelled by the shopper"),
    row("TIMED_OUT", Payment(S::Failure), Some((U::AuthenticationFailed, Some(Soft))), "the shopper did not approve the payment in time"),
    // "Payment not initiated inside PhonePe": there is nothing that could be charged.
    row("TRANSACTION_NOT_FOUND", Payment(S::Failure), Some((U::NotFound, None)), "no payment has this merchantTransactionId"),
    row("BAD_REQUEST", Refused, Some((U::InvalidRequest, None)), "the request was refused as invalid"),
    row("AUTHORIZATION_FAILED", Refused, Some((U::InvalidCredentials, None)), "the X-VERIFY checksum was refused: check merchantId, saltKey and saltIndex"),
    // Not in PhonePe's tables, but what it answers for a merchantId / salt index it has no key for.
    row("KEY_NOT_CONFIGURED", Refused, Some((U::InvalidCredentials, None)), "no salt key is configured for this merchantId and saltIndex"),
    // A duplicate merchantTransactionId: an earlier payment with this id may exist and be paid.
    row("INVALID_TRANSACTION_ID", Unknown, Some((U::DuplicateTransaction, None)), "a payment with this merchantTransactionId already exists; check its status"),
    // "Something went wrong. It does not indicate failed payment."
    row("INTERNAL_SERVER_ERROR", Unknown, Some((U::ProcessorUnavailable, None)), "the request could not be processed; the outcome is unknown, check the status"),
];

pub fn lookup(code: &str) -> Option<&'static CodeRow> {
    CODE_TABLE.iter().find(|r| r.code == code)
}

/// `data.responseCode` of a failed payment: the UPI / bank reason.
pub const RESPONSE_CODE_TABLE: &[(&str, U, DeclineType, &str)] = &[
    ("Z9", U::InsufficientFunds, Soft, "insufficient balance in the shopper's account"),
    ("INSUFFICIENT_BALANCE", U::InsufficientFunds, Soft, "insufficient balance in the shopper's account"),
    ("ZM", U::AuthenticationFailed, Soft, "the shopper entered a wrong UPI PIN"),
    ("INVALID_MPIN", U::AuthenticationFailed, Soft, "the shopper entered a wrong UPI PIN"),
    ("Z6", U::AuthenticationFailed, Soft, "the shopper exceeded the UPI PIN attempts"),
    ("ZA", U::AuthenticationFailed, Soft, "the shopper declined the payment"),
    ("REQUEST_DECLINE_BY_REQUESTEE", U::AuthenticationFailed, Soft, "the shopper declined the collect request"),
    ("U69", U::AuthenticationFailed, Soft, "the collect request expired before the shopper approved it"),
    ("Z8", U::LimitExceeded, Soft, "per-transaction limit exceeded at the shopper's bank"),
    ("Z7", U::LimitExceeded, Soft, "transaction frequency limit exceeded at the shopper's bank"),
    ("ZU", U::LimitExceeded, Soft, "limit exceeded at the shopper's bank"),
    ("U90", U::ProcessorUnavailable, Soft, "technical issue at the shopper's bank"),
    ("UT", U::ProcessorUnavailable, Soft, "the shopper's bank is unavailable"),
    ("U28", U::ProcessorUnavailable, Soft, "technical issue at the shopper's bank"),
    ("TXN_AUTO_FAILED", U::ProcessingError, Soft, "the payment could not be completed at the shopper's side or bank"),
    ("U30", U::ProcessingError, Soft, "the debit failed at the shopper's bank"),
    ("YE", U::TransactionNotAllowed, Hard, "the shopper's account is blocked or frozen"),
    ("B3", U::TransactionNotAllowed, Hard, "the shopper's account does not permit this transaction"),
    ("ZH", U::InvalidRequest, Hard, "invalid VPA"),
    ("59", U::FraudSuspected, Hard, "declined by the shopper's bank on risk"),
];

fn lookup_response_code(code: &str) -> Option<(U, DeclineType, &'static str)> {
    RESPONSE_CODE_TABLE.iter().find(|(c, ..)| *c == code).map(|(_, u, d, m)| (*u, *d, *m))
}

/// `data.state` → the status it implies.
pub fn state_status(state: &str) -> Option<PaymentStatus> {
    match state {
        "COMPLETED" => Some(S::Charged),
        "FAILED" => Some(S::Failure),
        "PENDING" => Some(S::Pending),
        _ => None,
    }
}

/// The error of a call PhonePe answered with a code we do not know, by HTTP status.
fn by_http_status(http_status: u16) -> U {
    match http_status {
        401 | 403 => U::InvalidCredentials,
        404 => U::NotFound,
        429 => U::RateLimited,
        s if s >= 500 => U::ProcessorUnavailable,
        _ => U::InvalidRequest,
    }
}

/// What the sidecar concludes from one PhonePe answer, before the response-specific fields.
#[derive(Debug, PartialEq)]
pub struct Verdict {
    pub status: PaymentStatus,
    pub error: Option<ErrorInfo>,
}

/// Everything from PhonePe's body that decides the status (`None` where absent).
pub struct Answer<'a> {
    pub code: Option<&'a str>,
    pub message: Option<&'a str>,
    pub state: Option<&'a str>,
    pub response_code: Option<&'a str>,
}

fn error(code: U, decline_type: Option<DeclineType>, message: &str, answer: &Answer) -> ErrorInfo {
    ErrorInfo {
        code,
        message: format!("PhonePe: {message}"),
        connector_code: answer.code.map(str::to_string),
        // PhonePe's own words, with any VPA it echoed masked.
        connector_message: answer.message.map(crate::kit::mask::mask_vpas),
        decline_code: answer.response_code.filter(|rc| Some(*rc) != answer.code).map(str::to_string),
        advice_code: None,
        decline_type,
    }
}

/// The unified status (and error) of PhonePe's answer to `flow` with HTTP `http_status`.
pub fn verdict(flow: Flow, http_status: u16, answer: &Answer) -> Verdict {
    let row = answer.code.and_then(lookup);
    let state = answer.state.and_then(state_status);
    // An HTTP 5xx leaves the outcome unknown whatever the body says.
    if http_status >= 500 {
        let why = "the request could not be processed; the outcome is unknown, check the status";
        return Verdict { status: S::Unresolved, error: Some(error(U::ProcessorUnavailable, None, why, answer)) };
    }
    let Some(row) = row else {
        return unknown_code(http_status, state, flow, answer);
    };
    let status = match row.meaning {
        Payment(s) => s,
        Refused if flow == Flow::Authorize => S::Failure,
        Refused | Unknown => S::Unresolved,
    };
    // The code and `data.state` must agree before we call a payment charged, failed or pending.
    if let (Payment(s @ (S::Charged | S::Failure | S::Pending)), Some(st)) = (row.meaning, state) {
        if st != s {
            let why = "the code and the state disagree; the outcome is unknown, check the status";
            return Verdict { status: S::Unresolved, error: Some(error(U::ProcessingError, None, why, answer)) };
        }
    }
    let error = match (status, row.error) {
        (S::Failure, Some((code, decline))) => {
            let refined = answer.response_code.and_then(lookup_response_code);
            Some(match refined {
                Some((u, d, m)) => error(u, Some(d), m, answer),
                None => error(code, decline, row.description, answer),
            })
        }
        (S::Unresolved, Some((code, _))) => Some(error(code, None, row.description, answer)),
        _ => None,
    };
    Verdict { status, error }
}

/// A `code` we do not know: 4xx is a refusal, 2xx falls back on `data.state`.
fn unknown_code(http_status: u16, state: Option<PaymentStatus>, flow: Flow, answer: &Answer) -> Verdict {
    if http_status >= 400 {
        let status = if flow == Flow::Authorize { S::Failure } else { S::Unresolved };
        let why = "the request was refused";
        return Verdict { status, error: Some(error(by_http_status(http_status), None, why, answer)) };
    }
    match state {
        Some(S::Failure) => {
            let refined = answer.response_code.and_then(lookup_response_code);
            let e = match refined {
                Some((u, d, m)) => error(u, Some(d), m, answer),
                None => error(U::ProcessingError, Some(Soft), "payment failed", answer),
            };
            Verdict { status: S::Failure, error: Some(e) }
        }
        Some(s) => Verdict { status: s, error: None },
        None => {
            let why = "a code this version does not know; check the status";
            Verdict { status: S::Unresolved, error: Some(error(U::ProcessingError, None, why, answer)) }
        }
    }
}

// ---------- Refunds ----------

/// What a PhonePe `code` says about a refund (on `/pg/v1/refund`, or the status of a refund).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundMeaning {
    /// The state of the refund.
    Refund(RefundStatus),
    /// PhonePe refused this call. On refund, no refund was made (`failure`); on a status check it
    /// says nothing about the refund (`pending`: check again).
    Refused,
    /// The refund may or may not have been made (`pending`: rsync before retrying).
    Unknown,
}

pub struct RefundCodeRow {
    pub code: &'static str,
    pub meaning: RefundMeaning,
    pub error: Option<(U, Option<DeclineType>)>,
    pub description: &'static str,
}

const fn refund_row(
    code: &'static str,
    meaning: RefundMeaning,
    error: Option<(U, Option<DeclineType>)>,
    description: &'static str,
) -> RefundCodeRow {
    RefundCodeRow { code, meaning, error, description }
}

use RefundStatus as R;

/// Every `code` PhonePe documents for `/pg/v1/refund` and for the status of a refund.
pub const REFUND_CODE_TABLE: &[RefundCodeRow] = &[
    refund_row("PAYMENT_SUCCESS", RefundMeaning::Refund(R::Success), None, "refund is successful"),
    // "Payment Pending is the status of the refund transaction and it does not indicate a Failure
    // or Success": PhonePe moves it to success or failure within about 90 seconds.
    refund_row("PAYMENT_PENDING", RefundMeaning::Refund(R::Pending), None, "refund is pending; rsync later"),
    refund_row("PAYMENT_ERROR", RefundMeaning::Refund(R::Failure), Some((U::ProcessingError, Some(Soft))), "refund failed"),
    // Only the merchant can still return the money, outside PhonePe.
    refund_row(
        "REVERSAL_WINDOW_EXCEEDED",
        RefundMeaning::Refund(R::Failure),
        Some((U::TransactionNotAllowed, Some(Hard))),
        "the time window for refunding this payment has passed; refund the shopper manually",
    ),
    // On refund: "Original transaction not found"; on rsync: no refund has this id.
    refund_row(
        "TRANSACTION_NOT_FOUND",
        RefundMeaning::Refund(R::Failure),
        Some((U::NotFound, None)),
        "no transaction has this id (the payment on refund, the refund on rsync)",
    ),
    refund_row(
        "TIMED_OUT",
        RefundMeaning::Unknown,
        Some((U::ProcessorUnavailable, None)),
        "the refund timed out and may still have been initiated; rsync before retrying",
    ),
    refund_row(
        "INTERNAL_SERVER_ERROR",
        RefundMeaning::Unknown,
        Some((U::ProcessorUnavailable, None)),
        "something went wrong and the refund may still have been initiated; rsync before retrying",
    ),
    // A duplicate merchantTransactionId: a refund (or payment) with this id already exists.
    refund_row(
        "INVALID_TRANSACTION_ID",
        RefundMeaning::Unknown,
        Some((U::DuplicateTransaction, None)),
        "a refund with this merchantRefundId already exists; rsync it instead of refunding again",
    ),
    refund_row("BAD_REQUEST", RefundMeaning::Refused, Some((U::InvalidRequest, None)), "the request was refused as invalid"),
    refund_row(
        "AUTHORIZATION_FAILED",
        RefundMeaning::Refused,
        Some((U::InvalidCredentials, None)),
        "the X-VERIFY checksum was refused: check merchantId, saltKey and saltIndex",
    ),
    refund_row(
        "KEY_NOT_CONFIGURED",
        RefundMeaning::Refused,
        Some((U::InvalidCredentials, None)),
        "no salt key is configured for this merchantId and saltIndex",
    ),
];

pub fn lookup_refund(code: &str) -> Option<&'static RefundCodeRow> {
    REFUND_CODE_TABLE.iter().find(|r| r.code == code)
}

/// `data.responseCode` of a failed refund.
pub const REFUND_RESPONSE_CODE_TABLE: &[(&str, U, DeclineType, &str)] = &[
    // What PhonePe answers a refund beyond what remains of the payment, including a second
    // refund sent while the first was still pending.
    (
        "EXCESS_REFUND_AMOUNT",
        U::InvalidAmount,
        Hard,
        "the refund is more than what remains refundable of the payment (an earlier refund may already have taken it)",
    ),
];

fn lookup_refund_response_code(code: &str) -> Option<(U, DeclineType, &'static str)> {
    REFUND_RESPONSE_CODE_TABLE.iter().find(|(c, ..)| *c == code).map(|(_, u, d, m)| (*u, *d, *m))
}

/// `data.state` of a refund → its status.
pub fn refund_state_status(state: &str) -> Option<RefundStatus> {
    match state {
        "COMPLETED" => Some(R::Success),
        "FAILED" => Some(R::Failure),
        "PENDING" => Some(R::Pending),
        _ => None,
    }
}

#[derive(Debug, PartialEq)]
pub struct RefundVerdict {
    pub status: RefundStatus,
    pub error: Option<ErrorInfo>,
}

fn failed_refund_error(fallback: (U, Option<DeclineType>), description: &str, answer: &Answer) -> ErrorInfo {
    match answer.response_code.and_then(lookup_refund_response_code) {
        Some((u, d, m)) => error(u, Some(d), m, answer),
        None => error(fallback.0, fallback.1, description, answer),
    }
}

/// The unified refund status (and error) of PhonePe's answer to `flow` (refund or rsync).
pub fn refund_verdict(flow: Flow, http_status: u16, answer: &Answer) -> RefundVerdict {
    let state = answer.state.and_then(refund_state_status);
    // An HTTP 5xx leaves the outcome unknown whatever the body says.
    if http_status >= 500 {
        let why = "the request could not be processed; the refund may still have been initiated, rsync before retrying";
        return RefundVerdict { status: R::Pending, error: Some(error(U::ProcessorUnavailable, None, why, answer)) };
    }
    let Some(row) = answer.code.and_then(lookup_refund) else {
        return unknown_refund_code(http_status, state, flow, answer);
    };
    let status = match row.meaning {
        RefundMeaning::Refund(s) => s,
        RefundMeaning::Refused if flow == Flow::Refund => R::Failure,
        RefundMeaning::Refused | RefundMeaning::Unknown => R::Pending,
    };
    // The code and `data.state` must agree before we call a refund done, failed or pending.
    if let (RefundMeaning::Refund(s), Some(st)) = (row.meaning, state) {
        if st != s {
            let why = "the code and the state disagree; the outcome is unknown, rsync again";
            return RefundVerdict { status: R::Pending, error: Some(error(U::ProcessingError, None, why, answer)) };
        }
    }
    let error = match (status, row.error) {
        (R::Failure, Some(fallback)) => Some(failed_refund_error(fallback, row.description, answer)),
        (R::Pending, Some((code, _))) => Some(error(code, None, row.description, answer)),
        _ => None,
    };
    RefundVerdict { status, error }
}

/// A refund `code` we do not know: 4xx is a refusal, 2xx falls back on `data.state`.
fn unknown_refund_code(http_status: u16, state: Option<RefundStatus>, flow: Flow, answer: &Answer) -> RefundVerdict {
    if http_status >= 400 {
        let status = if flow == Flow::Refund { R::Failure } else { R::Pending };
        let why = "the request was refused";
        return RefundVerdict { status, error: Some(error(by_http_status(http_status), None, why, answer)) };
    }
    match state {
        Some(R::Failure) => {
            let e = failed_refund_error((U::ProcessingError, Some(Soft)), "refund failed", answer);
            RefundVerdict { status: R::Failure, error: Some(e) }
        }
        Some(s) => RefundVerdict { status: s, error: None },
        None => {
            let why = "a code this version does not know; rsync again";
            RefundVerdict { status: R::Pending, error: Some(error(U::ProcessingError, None, why, answer)) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer<'a>(code: &'a str, state: Option<&'a str>, response_code: Option<&'a str>) -> Answer<'a> {
        Answer { code: Some(code), message: Some("m"), state, response_code }
    }

    #[test]
    fn every_documented_code_maps() {
        // (code, status on pay, status on a status check, unified error)
        let expected: &[(&str, S, S, Option<U>)] = &[
            ("PAYMENT_INITIATED", S::AuthenticationPending, S::AuthenticationPending, None),
            ("PAYMENT_SUCCESS", S::Charged, S::Charged, None),
            ("PAYMENT_PENDING", S::Pending, S::Pending, None),
            ("PAYMENT_ERROR", S::Failure, S::Failure, Some(U::ProcessingError)),
            ("PAYMENT_DECLINED", S::Failure, S::Failure, Some(U::AuthenticationFailed)),
            ("PAYMENT_CANCELLED", S::Failure, S::Failure, Some(U::AuthenticationFailed)),
            ("TIMED_OUT", S::Failure, S::Failure, Some(U::AuthenticationFailed)),
            ("TRANSACTION_NOT_FOUND", S::Failure, S::Failure, Some(U::NotFound)),
            ("BAD_REQUEST", S::Failure, S::Unresolved, Some(U::InvalidRequest)),
            ("AUTHORIZATION_FAILED", S::Failure, S::Unresolved, Some(U::InvalidCredentials)),
            ("KEY_NOT_CONFIGURED", S::Failure, S::Unresolved, Some(U::InvalidCredentials)),
            ("INVALID_TRANSACTION_ID", S::Unresolved, S::Unresolved, Some(U::DuplicateTransaction)),
            ("INTERNAL_SERVER_ERROR", S::Unresolved, S::Unresolved, Some(U::ProcessorUnavailable)),
        ];
        assert_eq!(expected.len(), CODE_TABLE.len(), "a table row without a test");
        for (code, on_pay, on_status, err) in expected {
            for (flow, want) in [(Flow::Authorize, on_pay), (Flow::Psync, on_status)] {
                let v = verdict(flow, 200, &answer(code, None, None));
                assert_eq!(v.status, *want, "{code} on {flow:?}");
                assert_eq!(v.error.as_ref().map(|e| e.code), *err, "{code} on {flow:?}");
                if let Some(e) = &v.error {
                    assert_eq!(e.connector_code.as_deref(), Some(*code));
                }
            }
        }
    }

    #[test]
    fn every_response_code_refines_a_failure() {
        for (rc, unified, decline, _) in RESPONSE_CODE_TABLE {
            let v = verdict(Flow::Psync, 200, &answer("PAYMENT_ERROR", Some("FAILED"), Some(rc)));
            assert_eq!(v.status, S::Failure);
            let e = v.error.unwrap();
            assert_eq!((e.code, e.decline_type, e.decline_code.as_deref()), (*unified, Some(*decline), Some(*rc)), "{rc}");
            assert_eq!(e.connector_code.as_deref(), Some("PAYMENT_ERROR"));
        }
        // An unknown reason keeps the code's error and still reports the reason.
        let e = verdict(Flow::Psync, 200, &answer("PAYMENT_ERROR", Some("FAILED"), Some("NEW_REASON"))).error.unwrap();
        assert_eq!((e.code, e.decline_code.as_deref()), (U::ProcessingError, Some("NEW_REASON")));
    }

    #[test]
    fn http_5xx_is_always_unresolved() {
        for code in ["INTERNAL_SERVER_ERROR", "PAYMENT_ERROR", "SOMETHING_NEW"] {
            let v = verdict(Flow::Authorize, 502, &answer(code, None, None));
            assert_eq!(v.status, S::Unresolved, "{code}");
            assert_eq!(v.error.unwrap().code, U::ProcessorUnavailable);
        }
        let v = verdict(Flow::Psync, 503, &Answer { code: None, message: None, state: None, response_code: None });
        assert_eq!(v.status, S::Unresolved);
    }

    #[test]
    fn state_is_the_fallback_and_the_cross_check() {
        for (state, want) in [("COMPLETED", S::Charged), ("FAILED", S::Failure), ("PENDING", S::Pending), ("WEIRD", S::Unresolved)] {
            assert_eq!(verdict(Flow::Psync, 200, &answer("NEW_CODE", Some(state), None)).status, want, "{state}");
        }
        let v = verdict(Flow::Psync, 200, &answer("PAYMENT_SUCCESS", Some("PENDING"), None));
        assert_eq!(v.status, S::Unresolved);
        assert_eq!(verdict(Flow::Psync, 200, &answer("PAYMENT_SUCCESS", Some("COMPLETED"), None)).status, S::Charged);
        // An unknown code refused with a 4xx.
        let v = verdict(Flow::Authorize, 429, &answer("TOO_MANY", None, None));
        assert_eq!((v.status, v.error.unwrap().code), (S::Failure, U::RateLimited));
    }

    #[test]
    fn messages_mask_an_echoed_vpa() {
        let a = Answer { code: Some("BAD_REQUEST"), message: Some("Invalid VPA shopper.name@ybl"), state: None, response_code: None };
        let e = verdict(Flow::Authorize, 400, &a).error.unwrap();
        assert_eq!(e.connector_message.as_deref(), Some("Invalid VPA ***@ybl"));
        assert!(!e.message.contains("shopper.name"));
    }

    fn refund_answer<'a>(code: &'a str, state: Option<&'a str>, response_code: Option<&'a str>) -> Answer<'a> {
        Answer { code: Some(code), message: Some("m"), state, response_code }
    }

    #[test]
    fn every_refund_code_maps() {
        // (code, status on refund, status on rsync, unified error, decline type)
        type Row = (&'static str, R, R, Option<U>, Option<DeclineType>);
        let expected: &[Row] = &[
            ("PAYMENT_SUCCESS", R::Success, R::Success, None, None),
            ("PAYMENT_PENDING", R::Pending, R::Pending, None, None),
            ("PAYMENT_ERROR", R::Failure, R::Failure, Some(U::ProcessingError), Some(Soft)),
            ("REVERSAL_WINDOW_EXCEEDED", R::Failure, R::Failure, Some(U::TransactionNotAllowed), Some(Hard)),
            ("TRANSACTION_NOT_FOUND", R::Failure, R::Failure, Some(U::NotFound), None),
            ("TIMED_OUT", R::Pending, R::Pending, Some(U::ProcessorUnavailable), None),
            ("INTERNAL_SERVER_ERROR", R::Pending, R::Pending, Some(U::ProcessorUnavailable), None),
            ("INVALID_TRANSACTION_ID", R::Pending, R::Pending, Some(U::DuplicateTransaction), None),
            ("BAD_REQUEST", R::Failure, R::Pending, Some(U::InvalidRequest), None),
            ("AUTHORIZATION_FAILED", R::Failure, R::Pending, Some(U::InvalidCredentials), None),
            ("KEY_NOT_CONFIGURED", R::Failure, R::Pending, Some(U::InvalidCredentials), None),
        ];
        assert_eq!(expected.len(), REFUND_CODE_TABLE.len(), "a refund table row without a test");
        for (code, on_refund, on_rsync, err, decline) in expected {
            for (flow, want) in [(Flow::Refund, on_refund), (Flow::Rsync, on_rsync)] {
                let v = refund_verdict(flow, 200, &refund_answer(code, None, None));
                assert_eq!(v.status, *want, "{code} on {flow:?}");
                assert_eq!(v.error.as_ref().map(|e| e.code), *err, "{code} on {flow:?}");
                if let Some(e) = &v.error {
                    assert_eq!(e.connector_code.as_deref(), Some(*code));
                    if v.status == R::Failure {
                        assert_eq!(e.decline_type, *decline, "{code} on {flow:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn every_refund_response_code_refines_a_failure() {
        for (rc, unified, decline, _) in REFUND_RESPONSE_CODE_TABLE {
            let v = refund_verdict(Flow::Refund, 200, &refund_answer("PAYMENT_ERROR", Some("FAILED"), Some(rc)));
            assert_eq!(v.status, R::Failure);
            let e = v.error.unwrap();
            assert_eq!((e.code, e.decline_type, e.decline_code.as_deref()), (*unified, Some(*decline), Some(*rc)), "{rc}");
        }
        // A payment's UPI reason does not refine a refund (the tables are apart).
        let e = refund_verdict(Flow::Rsync, 200, &refund_answer("PAYMENT_ERROR", Some("FAILED"), Some("Z9"))).error.unwrap();
        assert_eq!((e.code, e.decline_code.as_deref()), (U::ProcessingError, Some("Z9")));
    }

    #[test]
    fn refund_state_is_the_fallback_and_the_cross_check() {
        for (state, want) in [("COMPLETED", R::Success), ("FAILED", R::Failure), ("PENDING", R::Pending), ("ODD", R::Pending)] {
            assert_eq!(refund_verdict(Flow::Rsync, 200, &refund_answer("NEW_CODE", Some(state), None)).status, want, "{state}");
        }
        let v = refund_verdict(Flow::Rsync, 200, &refund_answer("PAYMENT_SUCCESS", Some("PENDING"), None));
        assert_eq!((v.status, v.error.unwrap().code), (R::Pending, U::ProcessingError));
        for status in [500, 502, 504] {
            let v = refund_verdict(Flow::Refund, status, &refund_answer("PAYMENT_SUCCESS", None, None));
            assert_eq!((v.status, v.error.unwrap().code), (R::Pending, U::ProcessorUnavailable), "HTTP {status}");
        }
        let v = refund_verdict(Flow::Refund, 429, &refund_answer("TOO_MANY", None, None));
        assert_eq!((v.status, v.error.unwrap().code), (R::Failure, U::RateLimited));
        let v = refund_verdict(Flow::Rsync, 403, &refund_answer("NEW_REFUSAL", None, None));
        assert_eq!((v.status, v.error.unwrap().code), (R::Pending, U::InvalidCredentials));
    }
}

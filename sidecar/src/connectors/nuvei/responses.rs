//! Nuvei's response bodies, as its API reference and SDKs name them, and how each is read.
//! Nuvei answers HTTP 200 for declines and API errors alike: `status` says whether the request
//! itself was taken (`SUCCESS`) or refused (`ERROR`, with `errCode` and `reason`), and
//! `transactionStatus` what became of the transaction.

use super::mapping::{api_error, decline, gateway_error};
use crate::kit::money::{iso_exponent, parse_decimal_string};
use crate::kit::text::present_owned;
use crate::protocol::{
    AccessTokenResult, ConnectorState, ErrorInfo, HttpResponse, Money, PaymentResult, PaymentStatus, RefundResult,
    RefundStatus, SidecarError, UnifiedErrorCode as U,
};
use serde::Deserialize;
use serde_json::Value;

/// The `state` key of Nuvei's session token (the token of the client's createAccessToken step).
pub const STATE_SESSION_TOKEN: &str = "accessToken";
/// Nuvei documents a session's life as 15 minutes ("API Authentication and the Session Token").
pub const SESSION_SECONDS: u64 = 15 * 60;

/// Text of a field Nuvei writes as a string or a number (ids, codes).
fn text(v: &Option<Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

fn int(v: &Option<Value>) -> Option<i64> {
    match v {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
}

/// What every answer carries: the request's own outcome.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ApiStatus {
    pub status: Option<String>,
    pub err_code: Option<Value>,
    pub reason: Option<String>,
}

impl ApiStatus {
    fn refused(&self) -> bool {
        self.status.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("ERROR"))
    }

    fn error(&self, what: &str) -> ErrorInfo {
        let code = int(&self.err_code);
        ErrorInfo {
            code: code.map(api_error).unwrap_or(U::ProcessingError),
            message: match present_owned(&self.reason) {
                Some(r) => format!("{what}: {r}"),
                None => what.to_string(),
            },
            connector_code: code.map(|c| c.to_string()),
            connector_message: present_owned(&self.reason),
            decline_code: None,
            advice_code: None,
            decline_type: None,
        }
    }
}

/// `/getSessionToken.do`'s answer.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SessionTokenResponse {
    #[serde(flatten)]
    pub api: ApiStatus,
    pub session_token: Option<String>,
}

/// A transaction's outcome, as `/payment.do`, `/settleTransaction.do`, `/voidTransaction.do`,
/// `/refundTransaction.do` give it at the top level and `/getTransactionDetails.do` under
/// `transactionDetails`.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TransactionOutcome {
    pub transaction_status: Option<String>,
    pub transaction_type: Option<String>,
    pub transaction_id: Option<Value>,
    pub gw_error_code: Option<Value>,
    pub gw_error_reason: Option<String>,
    pub gw_extended_error_code: Option<Value>,
    pub issuer_decline_code: Option<String>,
    /// getTransactionDetails: the amount processed, in major units.
    pub processed_amount: Option<Value>,
    pub processed_currency: Option<String>,
}

/// `paymentOption` of a payment's answer: a redirect URL when the shopper must act (APMs), the
/// card's 3-D Secure step.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ResponsePaymentOption {
    pub redirect_url: Option<String>,
    /// The saved card of a payment with a userTokenId: the mandate of later payments.
    pub user_payment_option_id: Option<Value>,
    pub card: Option<ResponseCard>,
}

/// `paymentOption.card` of an answer (the Java SDK's CardResponse): here only its `threeD`.
#[derive(Debug, Deserialize, Default)]
pub struct ResponseCard {
    #[serde(rename = "threeD")]
    pub three_d: Option<ResponseThreeD>,
}

/// `paymentOption.card.threeD` of an answer (the Java SDK's ThreeDResponse): /initPayment's
/// `v2supported`, `version`, `methodUrl`, `methodPayload`; a challenged /payment's `acsUrl` and `cReq`.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ResponseThreeD {
    pub v2supported: Option<Value>,
    pub version: Option<String>,
    pub method_url: Option<String>,
    pub method_payload: Option<String>,
    pub acs_url: Option<String>,
    pub c_req: Option<String>,
}

impl ResponseThreeD {
    pub fn supports_v2(&self) -> bool {
        text(&self.v2supported).is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }
}

/// The answer's `paymentOption.card.threeD` and `paymentOption.userPaymentOptionId`, when it is
/// Nuvei's JSON.
pub fn three_d_of(response: &HttpResponse) -> (Option<ResponseThreeD>, Option<String>) {
    let Ok(body) = response.json::<PaymentResponse>() else { return (None, None) };
    let option = body.payment_option.unwrap_or_default();
    let upo = text(&option.user_payment_option_id);
    (option.card.and_then(|c| c.three_d), upo)
}

/// `/payment.do`'s answer (and the settle/void/refund answers, which have fewer fields).
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PaymentResponse {
    #[serde(flatten)]
    pub api: ApiStatus,
    #[serde(flatten)]
    pub outcome: TransactionOutcome,
    pub payment_option: Option<ResponsePaymentOption>,
    pub external_scheme_transaction_id: Option<String>,
}

/// `/getTransactionDetails.do`'s answer.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TransactionDetailsResponse {
    #[serde(flatten)]
    pub api: ApiStatus,
    pub transaction_details: Option<TransactionOutcome>,
}

/// Reads a body that may not be Nuvei's (a proxy's page on a 5xx): None then.
fn read<T: serde::de::DeserializeOwned + Default>(response: &HttpResponse) -> Result<Option<T>, SidecarError> {
    if response.status >= 500 || (!response.is_success() && response.body.trim().is_empty()) {
        return Ok(response.json().ok());
    }
    response.json().map(Some)
}

/// No answer of Nuvei's to read (a proxy's error page, an empty body): `what` was asked, and
/// whether Nuvei acted is not known.
fn unavailable(status: u16, what: &str) -> ErrorInfo {
    ErrorInfo {
        code: U::ProcessorUnavailable,
        message: format!("{what}: no answer from Nuvei to read (HTTP {status}); it may have acted, sync before trying again"),
        connector_code: None,
        connector_message: None,
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

impl TransactionOutcome {
    fn status(&self) -> String {
        self.transaction_status.as_deref().unwrap_or("").trim().to_ascii_uppercase()
    }

    fn kind(&self) -> String {
        self.transaction_type.as_deref().unwrap_or("").trim().to_ascii_lowercase()
    }

    /// The error of a DECLINED or ERROR transaction (a DMN's too).
    pub fn error_of(&self, what: &str) -> ErrorInfo {
        self.error(what)
    }

    /// The error of a DECLINED or ERROR transaction.
    fn error(&self, what: &str) -> ErrorInfo {
        let gw_code = int(&self.gw_error_code);
        let reason = present_owned(&self.gw_error_reason);
        let (code, decline_type) = if self.status() == "DECLINED" {
            let (c, d) = decline(reason.as_deref());
            (c, Some(d))
        } else {
            (gateway_error(gw_code), None)
        };
        let connector_code = match (gw_code, int(&self.gw_extended_error_code)) {
            (Some(c), Some(x)) if x != 0 => Some(format!("{c}/{x}")),
            (Some(c), _) => Some(c.to_string()),
            _ => None,
        };
        ErrorInfo {
            code,
            message: match &reason {
                Some(r) => format!("{what}: {r}"),
                None => what.to_string(),
            },
            connector_code,
            connector_message: reason,
            decline_code: present_owned(&self.issuer_decline_code),
            advice_code: None,
            decline_type,
        }
    }

    /// The amount getTransactionDetails says was processed, as unified Money.
    fn processed(&self) -> Option<Money> {
        let currency = self.processed_currency.as_deref()?.trim().to_ascii_uppercase();
        let exponent = iso_exponent(&currency)?;
        let minor = parse_decimal_string(&text(&self.processed_amount)?, exponent)?;
        Some(Money { minor_amount: minor, currency })
    }
}

/// A DMN's `totalAmount` (major units, the currency's ISO decimals) and `currency`, as Money;
/// None when either is missing or the amount is not exact in that currency.
pub fn dmn_money(amount: Option<&str>, currency: Option<&str>) -> Option<Money> {
    let currency = currency?.trim().to_ascii_uppercase();
    let exponent = iso_exponent(&currency)?;
    let minor = parse_decimal_string(amount?.trim(), exponent)?;
    Some(Money { minor_amount: minor, currency })
}

/// The unified status of an APPROVED transaction of Nuvei's `transactionType` (lower case).
pub fn approved_status(kind: &str) -> PaymentStatus {
    match kind {
        "auth" | "preauth" | "auth3d" => PaymentStatus::Authorized,
        "void" => PaymentStatus::Voided,
        _ => PaymentStatus::Charged,
    }
}

/// How a payment-side answer is read: what the call was, and what a refused one means.
pub struct Reading<'a> {
    /// The status of a transaction Nuvei DECLINED or ended in ERROR.
    pub refused: PaymentStatus,
    pub what: &'a str,
    /// What a DECLINED or ERROR transaction is ("Nuvei declined the payment").
    pub failed: &'a str,
    /// What was asked, for an answer that is not Nuvei's ("the payment").
    pub asked: &'a str,
    /// The transaction id the caller already knows (psync): kept when the answer names none.
    pub known_id: Option<&'a str>,
}

/// `/payment.do`: authorize, setupMandate, repeatPayment.
pub fn parse_payment(response: &HttpResponse, how: &Reading) -> Result<PaymentResult, SidecarError> {
    let Some(body) = read::<PaymentResponse>(response)? else {
        // The call may have reached Nuvei: the caller must sync before trying again.
        let mut r = PaymentResult::new(PaymentStatus::Unresolved, response.status);
        r.error = Some(unavailable(response.status, how.asked));
        return Ok(r);
    };
    let mut result = outcome_result(&body.api, &body.outcome, response.status, how);
    if result.status == PaymentStatus::Failure && body.api.refused() {
        return Ok(result);
    }
    if body.outcome.status() == "REDIRECT" {
        if let Some(url) = body.payment_option.as_ref().and_then(|p| present_owned(&p.redirect_url)) {
            result.redirection = Some(crate::protocol::Redirection { url, method: crate::protocol::RedirectMethod::GET, form: None });
        }
    }
    result.network_transaction_id = present_owned(&body.external_scheme_transaction_id);
    if matches!(result.status, PaymentStatus::Authorized | PaymentStatus::Charged) {
        result.mandate_reference = body.payment_option.as_ref().and_then(|p| text(&p.user_payment_option_id));
    }
    Ok(result)
}

/// The unified result of an answer's API status and transaction outcome.
fn outcome_result(api: &ApiStatus, outcome: &TransactionOutcome, http: u16, how: &Reading) -> PaymentResult {
    if api.refused() || !(200..300).contains(&http) {
        let mut r = PaymentResult::new(if api.refused() { how.refused } else { PaymentStatus::Unresolved }, http);
        r.connector_transaction_id = text(&outcome.transaction_id).or_else(|| how.known_id.map(str::to_string));
        r.error = Some(if api.refused() { api.error(how.what) } else { unavailable(http, how.asked) });
        return r;
    }
    let status = match outcome.status().as_str() {
        "APPROVED" => approved_status(&outcome.kind()),
        "DECLINED" | "ERROR" => how.refused,
        "REDIRECT" => PaymentStatus::AuthenticationPending,
        "PENDING" => PaymentStatus::Pending,
        _ => PaymentStatus::Unresolved,
    };
    let mut r = PaymentResult::new(status, http);
    r.connector_transaction_id = text(&outcome.transaction_id).or_else(|| how.known_id.map(str::to_string));
    r.connector_status = outcome.transaction_status.clone().filter(|s| !s.trim().is_empty());
    if matches!(outcome.status().as_str(), "DECLINED" | "ERROR") {
        r.error = Some(outcome.error(how.failed));
    } else if status == PaymentStatus::Unresolved {
        r.error = Some(ErrorInfo {
            code: U::ProcessingError,
            message: format!("{}: Nuvei gave no known transactionStatus", how.what),
            connector_code: None,
            connector_message: outcome.transaction_status.clone(),
            decline_code: None,
            advice_code: None,
            decline_type: None,
        });
    }
    r
}

/// `/settleTransaction.do` and `/voidTransaction.do`: the payment after the operation. The
/// settle's own transactionId becomes the payment's id (refunds name the Settle transaction).
pub fn parse_operation(response: &HttpResponse, how: &Reading, captured: Option<&Money>) -> Result<PaymentResult, SidecarError> {
    let Some(body) = read::<PaymentResponse>(response)? else {
        let mut r = PaymentResult::new(PaymentStatus::Unresolved, response.status);
        r.connector_transaction_id = how.known_id.map(str::to_string);
        r.error = Some(unavailable(response.status, how.asked));
        return Ok(r);
    };
    let mut result = outcome_result(&body.api, &body.outcome, response.status, how);
    if matches!(result.status, PaymentStatus::Charged) {
        result.amount_captured = captured.cloned();
    }
    Ok(result)
}

/// `/getTransactionDetails.do` for a payment (psync).
pub fn parse_details(response: &HttpResponse, how: &Reading) -> Result<PaymentResult, SidecarError> {
    let Some(body) = read::<TransactionDetailsResponse>(response)? else {
        let mut r = PaymentResult::new(PaymentStatus::Unresolved, response.status);
        r.connector_transaction_id = how.known_id.map(str::to_string);
        r.error = Some(unavailable(response.status, how.asked));
        return Ok(r);
    };
    let outcome = body.transaction_details.unwrap_or_default();
    let mut result = outcome_result(&body.api, &outcome, response.status, how);
    match result.status {
        PaymentStatus::Charged => result.amount_captured = outcome.processed(),
        PaymentStatus::Authorized => result.authorized_amount = outcome.processed(),
        _ => {}
    }
    Ok(result)
}

/// `/refundTransaction.do` (refund) and `/getTransactionDetails.do` of the refund (rsync).
pub fn parse_refund(response: &HttpResponse, what: &str, asked: &str, known_id: Option<&str>, amount: Option<&Money>, details: bool) -> Result<RefundResult, SidecarError> {
    let parsed: Option<(ApiStatus, TransactionOutcome)> = if details {
        read::<TransactionDetailsResponse>(response)?.map(|b| (b.api, b.transaction_details.unwrap_or_default()))
    } else {
        read::<PaymentResponse>(response)?.map(|b| (b.api, b.outcome))
    };
    let Some((api, outcome)) = parsed else {
        // The refund may have been made: the caller retries with the same idempotencyKey (the same
        // clientRequestId) or syncs.
        let mut r = RefundResult::new(RefundStatus::Pending, response.status);
        r.connector_refund_id = known_id.map(str::to_string);
        r.error = Some(unavailable(response.status, asked));
        return Ok(r);
    };
    if api.refused() {
        let mut r = RefundResult::new(if details { RefundStatus::Pending } else { RefundStatus::Failure }, response.status);
        r.connector_refund_id = known_id.map(str::to_string);
        r.error = Some(api.error(what));
        if details {
            // A refund Nuvei could not look up now is not a failed refund.
            r.status = RefundStatus::Pending;
        }
        return Ok(r);
    }
    let status = match outcome.status().as_str() {
        "APPROVED" => RefundStatus::Success,
        "DECLINED" | "ERROR" => RefundStatus::Failure,
        _ => RefundStatus::Pending,
    };
    let mut r = RefundResult::new(status, response.status);
    r.connector_refund_id = text(&outcome.transaction_id).or_else(|| known_id.map(str::to_string));
    r.connector_status = outcome.transaction_status.clone().filter(|s| !s.trim().is_empty());
    if status == RefundStatus::Failure {
        r.error = Some(outcome.error(if details { "the refund failed" } else { what }));
    }
    if status == RefundStatus::Success {
        r.refund_amount = outcome.processed().or_else(|| amount.cloned());
    }
    Ok(r)
}

/// `/getSessionToken.do`: the session token goes in `state` under `accessToken`, for 15 minutes.
pub fn parse_session(response: &HttpResponse) -> Result<AccessTokenResult, SidecarError> {
    let body: Option<SessionTokenResponse> = read(response)?;
    let failed = |error: ErrorInfo| AccessTokenResult::failure(error, response.status);
    let Some(body) = body else { return Ok(failed(unavailable(response.status, "getSessionToken"))) };
    if body.api.refused() {
        return Ok(failed(body.api.error("Nuvei refused the session")));
    }
    let Some(token) = present_owned(&body.session_token) else {
        return Err(SidecarError::undeserializable(response.status, "", "the getSessionToken answer has no sessionToken"));
    };
    let state = ConnectorState::from([(STATE_SESSION_TOKEN.to_string(), token)]);
    Ok(AccessTokenResult::issued(state, Some(SESSION_SECONDS), response.status))
}

/// `/deleteUPO.do`'s answer: `status` SUCCESS, or ERROR with errCode and reason.
pub fn parse_delete_upo(response: &HttpResponse, upo: &str) -> Result<crate::protocol::MandateResult, SidecarError> {
    use crate::protocol::{MandateResult, MandateStatus};
    let mut r = MandateResult::new(MandateStatus::Failure, response.status);
    r.mandate_reference = Some(upo.to_string());
    let Some(api) = read::<ApiStatus>(response)? else {
        r.error = Some(unavailable(response.status, "deleteUPO"));
        return Ok(r);
    };
    if api.refused() {
        r.error = Some(api.error("Nuvei did not delete the saved card"));
    } else if api.status.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("SUCCESS")) && response.is_success() {
        r.status = MandateStatus::Revoked;
        r.connector_status = api.status.clone();
    } else {
        r.error = Some(unavailable(response.status, "deleteUPO"));
    }
    Ok(r)
}

/// `/openOrder.do`'s answer: the order's `sessionToken` and `orderId`.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct OpenOrderResponse {
    #[serde(flatten)]
    pub api: ApiStatus,
    pub session_token: Option<String>,
    pub order_id: Option<Value>,
}

/// createSession: the Web SDK's `sessionToken` as the session's clientToken, the `orderId` as its
/// id; the session lasts Nuvei's 15 minutes from `now`.
pub fn parse_open_order(response: &HttpResponse, now: i64) -> Result<crate::protocol::SessionResult, SidecarError> {
    use crate::protocol::{SessionResult, SessionStatus};
    let Some(body) = read::<OpenOrderResponse>(response)? else {
        return Ok(SessionResult::failure(unavailable(response.status, "openOrder"), response.status));
    };
    if body.api.refused() || !response.is_success() {
        let error = if body.api.refused() { body.api.error("Nuvei refused the order") } else { unavailable(response.status, "openOrder") };
        return Ok(SessionResult::failure(error, response.status));
    }
    let Some(token) = present_owned(&body.session_token) else {
        return Err(SidecarError::undeserializable(response.status, "", "the openOrder answer has no sessionToken"));
    };
    let mut r = SessionResult::new(SessionStatus::Success, response.status);
    r.client_token = Some(token);
    r.session_id = text(&body.order_id);
    r.connector_status = body.api.status.clone();
    r.expires_at = Some(crate::kit::time::iso8601_utc(now + SESSION_SECONDS as i64));
    Ok(r)
}

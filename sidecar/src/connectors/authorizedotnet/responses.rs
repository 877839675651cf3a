//! Authorize.Net's response types (only the fields we read) and their reading into unified
//! results. Authorize.Net answers HTTP 200 for everything it understood: success and failure are
//! in the body, `messages.resultCode` (`Ok` / `Error`, with `message[].code` E000xx / I000xx) and,
//! for transactions, `transactionResponse.responseCode` (1 approved, 2 declined, 3 error, 4 held
//! for review) with `errors[].errorCode` (the response reason code). The body may start with a
//! UTF-8 byte order mark, which is not JSON: it is dropped before parsing.

use super::mapping::{message_code, payment_status, reason_code, refund_status};
use super::paypal;
use crate::kit::state::capture_state;
use crate::kit::money::{iso_exponent, parse_decimal_string};
use crate::protocol::{
    CaptureMethod, ConnectorState, CustomerResult, CustomerStatus, DeclineType, ErrorInfo, HttpResponse, Money, NextAction,
    NextActionType, PaymentResult, PaymentStatus, RedirectMethod, Redirection, RefundResult, RefundStatus, SessionResult, SessionStatus, SidecarError, UnifiedErrorCode,
};
use serde::Deserialize;
use serde_json::Value;

/// The key under which a payment's result carries the card's last four digits, which
/// Authorize.Net requires on a refund (`payment.creditCard.cardNumber`).
pub const CARD_LAST_FOUR: &str = "cardLastFour";
/// The last four digits of the bank account an eCheck.Net debit drew on (`accountType` eCheck):
/// its refund must name the account again (`request.paymentMethod`), not a card.
pub const BANK_ACCOUNT_LAST_FOUR: &str = "bankAccountLastFour";

#[derive(Debug, Deserialize, Default)]
pub struct Message {
    pub code: Option<String>,
    pub text: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Messages {
    #[serde(rename = "resultCode")]
    pub result_code: Option<String>,
    #[serde(default)]
    pub message: Vec<Message>,
}

#[derive(Debug, Deserialize)]
pub struct TransactionError {
    #[serde(rename = "errorCode")]
    pub error_code: Option<Value>,
    #[serde(rename = "errorText")]
    pub error_text: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionResponse {
    pub response_code: Option<Value>,
    pub trans_id: Option<String>,
    pub account_number: Option<String>,
    /// `Visa`, `MasterCard`, ... or `eCheck` for a bank account debit.
    pub account_type: Option<String>,
    pub network_trans_id: Option<String>,
    #[serde(default)]
    pub errors: Vec<TransactionError>,
    /// PayPal Express Checkout: PayPal's page for the shopper (responseCode 5), and after the
    /// continue the payer's id.
    pub secure_acceptance: Option<SecureAcceptance>,
}

/// transactionResponse.secureAcceptance: SecureAcceptanceUrl, PayerID, PayerEmail (capitalised,
/// as the schema names them).
#[derive(Debug, Deserialize)]
pub struct SecureAcceptance {
    #[serde(rename = "SecureAcceptanceUrl")]
    pub secure_acceptance_url: Option<String>,
}

/// createTransactionResponse.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTransactionResponse {
    pub transaction_response: Option<TransactionResponse>,
    #[serde(default)]
    pub messages: Messages,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailsCreditCard {
    pub card_number: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailsPayment {
    pub credit_card: Option<DetailsCreditCard>,
    /// getTransactionDetails of an eCheck.Net debit: `bankAccount.accountNumber` (masked).
    pub bank_account: Option<DetailsBankAccount>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailsBankAccount {
    pub account_number: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionDetails {
    pub trans_id: Option<String>,
    pub transaction_type: Option<String>,
    pub transaction_status: Option<String>,
    pub response_reason_code: Option<Value>,
    pub response_reason_description: Option<String>,
    /// JSON numbers (`45.00` arrives as 45.0); read exactly, see [`decimal_amount`].
    pub auth_amount: Option<serde_json::Number>,
    pub settle_amount: Option<serde_json::Number>,
    pub payment: Option<DetailsPayment>,
    pub network_trans_id: Option<String>,
}

/// getTransactionDetailsResponse.
#[derive(Debug, Deserialize)]
pub struct GetTransactionDetailsResponse {
    pub transaction: Option<TransactionDetails>,
    #[serde(default)]
    pub messages: Messages,
}

/// createCustomerProfileResponse and createCustomerPaymentProfileResponse (the fields we read):
/// the first answers with lists (`customerPaymentProfileIdList`, `validationDirectResponseList`),
/// the second with one `customerPaymentProfileId` and one `validationDirectResponse`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileResponse {
    pub customer_profile_id: Option<Value>,
    pub customer_payment_profile_id: Option<Value>,
    #[serde(default)]
    pub customer_payment_profile_id_list: Vec<Value>,
    pub validation_direct_response: Option<String>,
    #[serde(default)]
    pub validation_direct_response_list: Vec<String>,
    #[serde(default)]
    pub messages: Messages,
}

impl ProfileResponse {
    fn profile_id(&self) -> Option<String> {
        code_text(&self.customer_profile_id).filter(|i| !i.trim().is_empty() && i != "0")
    }

    fn payment_profile_id(&self) -> Option<String> {
        code_text(&self.customer_payment_profile_id)
            .or_else(|| code_text(&self.customer_payment_profile_id_list.first().cloned()))
            .filter(|i| !i.trim().is_empty() && i != "0")
    }

    fn validation(&self) -> Option<&str> {
        self.validation_direct_response.as_deref().or(self.validation_direct_response_list.first().map(String::as_str))
    }
}

/// Which call a payment response answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentCall {
    /// authOnlyTransaction (`manual`) or authCaptureTransaction.
    Authorize { manual: bool },
    /// priorAuthCaptureTransaction.
    Capture,
    /// voidTransaction.
    Void,
}

impl PaymentCall {
    fn approved(self) -> PaymentStatus {
        match self {
            PaymentCall::Authorize { manual: true } => PaymentStatus::Authorized,
            PaymentCall::Authorize { manual: false } | PaymentCall::Capture => PaymentStatus::Charged,
            PaymentCall::Void => PaymentStatus::Voided,
        }
    }

    fn refused(self) -> PaymentStatus {
        match self {
            PaymentCall::Authorize { .. } => PaymentStatus::Failure,
            PaymentCall::Capture => PaymentStatus::CaptureFailed,
            PaymentCall::Void => PaymentStatus::VoidFailed,
        }
    }

    fn what(self) -> &'static str {
        match self {
            PaymentCall::Authorize { .. } => "take the payment",
            PaymentCall::Capture => "capture the payment",
            PaymentCall::Void => "void the payment",
        }
    }
}

/// The body without its byte order mark, parsed; a 5xx that is not Authorize.Net's JSON is None.
fn body<T: serde::de::DeserializeOwned>(response: &HttpResponse) -> Result<Option<T>, SidecarError> {
    let mut clean = response.clone();
    if matches!(clean.encoding, None | Some(crate::protocol::BodyEncoding::Utf8)) {
        clean.body = clean.body.trim_start_matches('\u{feff}').to_string();
    }
    if response.status >= 500 {
        return Ok(clean.json().ok());
    }
    clean.json().map(Some)
}

/// A code that arrives as a string or a number (`"2"`, `2`).
fn code_text(v: &Option<Value>) -> Option<String> {
    match v.as_ref()? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A decimal amount Authorize.Net gives as a JSON number, in ISO minor units of `currency`.
/// serde_json keeps it as an f64 and prints it back as the shortest text that reads as the same
/// f64, which for amounts of up to 15 significant digits is the decimal Authorize.Net sent:
/// the text is then read exactly, never multiplied as a float. None when it is not exact.
pub fn decimal_amount(n: &serde_json::Number, currency: &str) -> Option<Money> {
    let text = n.to_string();
    if text.starts_with('-') {
        return None;
    }
    let minor = parse_decimal_string(&text, iso_exponent(currency)?)?;
    Some(Money { minor_amount: minor, currency: currency.to_string() })
}

fn unavailable(http_status: u16, what: &str) -> ErrorInfo {
    ErrorInfo {
        code: UnifiedErrorCode::ProcessorUnavailable,
        message: format!("Authorize.Net could not {what} (HTTP {http_status})"),
        connector_code: None,
        connector_message: None,
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

/// The unified error of a transaction's first error (its response reason code).
fn transaction_error(errors: &[TransactionError], response_code: &str, what: &str) -> ErrorInfo {
    let first = errors.first();
    let code = first.and_then(|e| code_text(&e.error_code));
    let text = first.and_then(|e| e.error_text.clone());
    let (unified, decline_type) = match code.as_deref() {
        Some(c) => reason_code(c),
        // responseCode 2 without a reason is still the issuer's decline.
        None if response_code == "2" => (UnifiedErrorCode::CardDeclined, Some(DeclineType::Soft)),
        None => (UnifiedErrorCode::ProcessingError, None),
    };
    ErrorInfo {
        code: unified,
        message: format!(
            "Authorize.Net could not {what}: response code {response_code}, reason {}{}",
            code.as_deref().unwrap_or("none"),
            text.as_deref().map(|t| format!(" ({t})")).unwrap_or_default()
        ),
        connector_code: code,
        connector_message: text,
        decline_code: None,
        advice_code: None,
        decline_type,
    }
}

/// The unified error of the API's first message (E000xx).
fn message_error(messages: &Messages, what: &str) -> ErrorInfo {
    let first = messages.message.first();
    let code = first.and_then(|m| m.code.clone());
    let text = first.and_then(|m| m.text.clone());
    ErrorInfo {
        code: code.as_deref().map(message_code).unwrap_or(UnifiedErrorCode::ProcessingError),
        message: format!(
            "Authorize.Net could not {what}: {}{}",
            code.as_deref().unwrap_or("no message code"),
            text.as_deref().map(|t| format!(" ({t})")).unwrap_or_default()
        ),
        connector_code: code,
        connector_message: text,
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

/// A transaction id worth reporting: Authorize.Net answers `"0"` when it created none.
fn real_id(id: Option<&str>) -> Option<String> {
    id.map(str::trim).filter(|i| !i.is_empty() && *i != "0").map(str::to_string)
}

/// `XXXX1111` → `1111`.
fn last_four(masked: Option<&str>) -> Option<String> {
    let m = masked?.trim();
    let digits: String = m.chars().rev().take_while(|c| c.is_ascii_digit()).collect::<Vec<_>>().into_iter().rev().collect();
    (digits.len() >= 4).then(|| digits[digits.len() - 4..].to_string())
}

fn card_state(masked: Option<&str>) -> Option<ConnectorState> {
    last_four(masked).map(|l| ConnectorState::from([(CARD_LAST_FOUR.to_string(), l)]))
}

fn bank_account_state(masked: Option<&str>) -> Option<ConnectorState> {
    last_four(masked).map(|l| ConnectorState::from([(BANK_ACCOUNT_LAST_FOUR.to_string(), l)]))
}

/// createTransactionResponse of authorize, capture or void. `ref_trans_id` is the payment's id
/// for capture and void (Authorize.Net answers a void with the same id, a capture too).
pub fn parse_payment(
    response: &HttpResponse,
    call: PaymentCall,
    ref_trans_id: Option<&str>,
    captured: Option<&Money>,
) -> Result<PaymentResult, SidecarError> {
    let Some(env) = body::<CreateTransactionResponse>(response)? else {
        let mut r = PaymentResult::new(PaymentStatus::Unresolved, response.status);
        r.connector_transaction_id = ref_trans_id.map(str::to_string);
        r.error = Some(unavailable(response.status, call.what()));
        return Ok(r);
    };
    let tr = env.transaction_response.as_ref();
    let response_code = tr.and_then(|t| code_text(&t.response_code));
    let mut result = PaymentResult::new(call.refused(), response.status);
    result.connector_transaction_id = real_id(tr.and_then(|t| t.trans_id.as_deref())).or(ref_trans_id.map(str::to_string));
    result.network_transaction_id = tr.and_then(|t| t.network_trans_id.clone()).filter(|n| !n.trim().is_empty());
    let masked = tr.and_then(|t| t.account_number.as_deref());
    result.state = match tr.and_then(|t| t.account_type.as_deref()) {
        Some("eCheck") => bank_account_state(masked),
        Some(paypal::PAYPAL) => paypal::paypal_state(Some(paypal::PAYPAL)),
        _ => card_state(masked),
    };
    match (response_code.as_deref(), tr) {
        (Some("5"), Some(t)) if env.messages.result_code.as_deref() != Some("Error") => {
            // PayPal Express Checkout: "Need payer consent". The shopper approves on PayPal's page;
            // completeAuthorize continues the transaction with the PayerID they return with.
            let url = t.secure_acceptance.as_ref().and_then(|s| s.secure_acceptance_url.as_deref()).map(str::trim).filter(|u| !u.is_empty());
            let Some(url) = url else {
                return Err(SidecarError::undeserializable(
                    response.status,
                    &response.body,
                    "responseCode 5 (payer consent) without secureAcceptance.SecureAcceptanceUrl",
                ));
            };
            result.status = PaymentStatus::AuthenticationPending;
            result.connector_status = Some("needPayerConsent".into());
            result.redirection = Some(Redirection { url: url.to_string(), method: RedirectMethod::GET, form: None });
            let mut action = NextAction::new(NextActionType::Redirect);
            action.url = Some(url.to_string());
            result.next_action = Some(action);
            if let PaymentCall::Authorize { manual } = call {
                // The continue must match this transaction's type (paypal::continue_type).
                let capture = if manual { CaptureMethod::Manual } else { CaptureMethod::Automatic };
                result.state.get_or_insert_with(ConnectorState::new).extend(capture_state(capture));
            }
        }
        (Some("1"), Some(_)) if env.messages.result_code.as_deref() != Some("Error") => {
            result.status = call.approved();
            result.connector_status = Some("approved".into());
            if call == PaymentCall::Capture {
                result.amount_captured = captured.cloned();
            }
        }
        (Some("4"), Some(_)) => {
            // Held by the merchant's fraud filters: approved or declined later, in review.
            result.status = PaymentStatus::Pending;
            result.connector_status = Some("heldForReview".into());
        }
        (Some(code @ ("2" | "3")), Some(t)) => {
            let error = transaction_error(&t.errors, code, call.what());
            result.connector_status = Some(if code == "2" { "declined".into() } else { "error".into() });
            if error.code == UnifiedErrorCode::DuplicateTransaction && matches!(call, PaymentCall::Authorize { .. }) {
                // Refused as a copy of a transaction inside the duplicate window: that first
                // transaction may well be approved, so this is not "nothing was charged".
                result.status = PaymentStatus::Unresolved;
            }
            result.error = Some(error);
        }
        _ => {
            // No transaction outcome: the API refused the request (credentials, schema, not found).
            let mut error = message_error(&env.messages, call.what());
            if let Some(t) = tr.filter(|t| !t.errors.is_empty()) {
                error = transaction_error(&t.errors, response_code.as_deref().unwrap_or("none"), call.what());
            }
            result.connector_status = env.messages.result_code.clone();
            result.error = Some(error);
        }
    }
    Ok(result)
}

/// createTransactionResponse of refundTransaction. An approved refund is pending until the
/// nightly settlement batch (refundPendingSettlement); rsync reports when it settled.
pub fn parse_refund(response: &HttpResponse) -> Result<RefundResult, SidecarError> {
    let Some(env) = body::<CreateTransactionResponse>(response)? else {
        let mut r = RefundResult::new(RefundStatus::Pending, response.status);
        r.error = Some(unavailable(response.status, "refund the payment"));
        return Ok(r);
    };
    let tr = env.transaction_response.as_ref();
    let response_code = tr.and_then(|t| code_text(&t.response_code));
    let mut result = RefundResult::new(RefundStatus::Failure, response.status);
    result.connector_refund_id = real_id(tr.and_then(|t| t.trans_id.as_deref()));
    match (response_code.as_deref(), tr) {
        (Some("1"), Some(_)) if env.messages.result_code.as_deref() != Some("Error") => {
            result.status = RefundStatus::Pending;
            result.connector_status = Some("refundPendingSettlement".into());
        }
        (Some("4"), Some(_)) => {
            result.status = RefundStatus::ManualReview;
            result.connector_status = Some("heldForReview".into());
        }
        (Some(code @ ("2" | "3")), Some(t)) => {
            result.connector_status = Some(if code == "2" { "declined".into() } else { "error".into() });
            result.error = Some(transaction_error(&t.errors, code, "refund the payment"));
        }
        _ => {
            let mut error = message_error(&env.messages, "refund the payment");
            if let Some(t) = tr.filter(|t| !t.errors.is_empty()) {
                error = transaction_error(&t.errors, response_code.as_deref().unwrap_or("none"), "refund the payment");
            }
            result.connector_status = env.messages.result_code.clone();
            result.error = Some(error);
        }
    }
    Ok(result)
}

fn details(response: &HttpResponse) -> Result<Result<TransactionDetails, Option<ErrorInfo>>, SidecarError> {
    let Some(env) = body::<GetTransactionDetailsResponse>(response)? else {
        return Ok(Err(None));
    };
    match env.transaction {
        Some(t) if env.messages.result_code.as_deref() != Some("Error") => Ok(Ok(t)),
        _ => Ok(Err(Some(message_error(&env.messages, "report the transaction")))),
    }
}

/// getTransactionDetailsResponse for psync. `amount` (the request's) gives the currency, which
/// the response does not name.
pub fn parse_psync(response: &HttpResponse, trans_id: &str, amount: Option<&Money>) -> Result<PaymentResult, SidecarError> {
    let t = match details(response)? {
        Ok(t) => t,
        Err(error) => {
            // The status could not be read: that says nothing about the payment.
            let mut r = PaymentResult::new(PaymentStatus::Unresolved, response.status);
            r.connector_transaction_id = Some(trans_id.to_string());
            r.error = Some(error.unwrap_or_else(|| unavailable(response.status, "report the transaction")));
            return Ok(r);
        }
    };
    let status_word = t.transaction_status.clone().unwrap_or_default();
    let status = payment_status(&status_word, t.transaction_type.as_deref());
    let mut r = PaymentResult::new(status, response.status);
    r.connector_transaction_id = real_id(t.trans_id.as_deref()).or_else(|| Some(trans_id.to_string()));
    r.connector_status = Some(status_word.clone());
    r.network_transaction_id = t.network_trans_id.clone().filter(|n| !n.trim().is_empty());
    r.state = match t.payment.as_ref() {
        Some(p) if p.bank_account.is_some() => bank_account_state(p.bank_account.as_ref().and_then(|b| b.account_number.as_deref())),
        p => card_state(p.and_then(|p| p.credit_card.as_ref()).and_then(|c| c.card_number.as_deref())),
    };
    if status == PaymentStatus::Charged {
        if let (Some(settle), Some(money)) = (t.settle_amount.as_ref(), amount) {
            r.amount_captured = decimal_amount(settle, &money.currency);
        }
    }
    if status == PaymentStatus::Failure {
        r.error = Some(reported_failure(&t, "transaction", &status_word));
    }
    Ok(r)
}

/// The error of a transaction that getTransactionDetails reports failed (declined, voided by
/// the gateway, ...): its reason code, unified. `what` names it: "transaction" or "refund".
fn reported_failure(t: &TransactionDetails, what: &str, status_word: &str) -> ErrorInfo {
    let code = code_text(&t.response_reason_code);
    let (unified, decline_type) = code.as_deref().map(reason_code).unwrap_or((UnifiedErrorCode::ProcessingError, None));
    ErrorInfo {
        code: unified,
        message: format!("Authorize.Net reports the {what} {status_word}"),
        connector_code: code,
        connector_message: t.response_reason_description.clone(),
        decline_code: None,
        advice_code: None,
        decline_type,
    }
}

/// getTransactionDetailsResponse for rsync (the refund is its own transaction).
pub fn parse_rsync(response: &HttpResponse, refund_id: &str, amount: Option<&Money>) -> Result<RefundResult, SidecarError> {
    let t = match details(response)? {
        Ok(t) => t,
        Err(error) => {
            let mut r = RefundResult::new(RefundStatus::Pending, response.status);
            r.connector_refund_id = Some(refund_id.to_string());
            r.error = Some(error.unwrap_or_else(|| unavailable(response.status, "report the refund")));
            return Ok(r);
        }
    };
    if let Some(kind) = t.transaction_type.as_deref().filter(|k| *k != "refundTransaction") {
        return Err(SidecarError::invalid_field(
            "request.connectorRefundId",
            format!("Authorize.Net says this transaction is a {kind}, not a refund"),
        ));
    }
    let status_word = t.transaction_status.clone().unwrap_or_default();
    let mut r = RefundResult::new(refund_status(&status_word), response.status);
    r.connector_refund_id = real_id(t.trans_id.as_deref()).or_else(|| Some(refund_id.to_string()));
    r.connector_status = Some(status_word.clone());
    if let (Some(settle), Some(money)) = (t.settle_amount.as_ref().or(t.auth_amount.as_ref()), amount) {
        r.refund_amount = decimal_amount(settle, &money.currency);
    }
    if r.status == RefundStatus::Failure {
        r.error = Some(reported_failure(&t, "refund", &status_word));
    }
    Ok(r)
}

/// The outcome of the card check in a `validationDirectResponse`: the comma-separated "direct
/// response" of the validation authorization, whose first fields are the response code (1
/// approved, 2 declined, 3 error, 4 held), the subcode, the response reason code and its text.
/// None when the text does not start that way (no validation ran, or another delimiter).
fn validation_outcome(direct: &str) -> Option<(String, String, Option<String>)> {
    let fields: Vec<&str> = direct.split(',').collect();
    let response_code = fields.first()?.trim();
    let reason = fields.get(2)?.trim();
    if !matches!(response_code, "1" | "2" | "3" | "4") || reason.is_empty() || !reason.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let text = fields.get(3).map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    Some((response_code.to_string(), reason.to_string(), text))
}

/// The id Authorize.Net names in "E00039 A duplicate record with ID 12345 already exists."
fn duplicate_id(messages: &Messages) -> Option<String> {
    let m = messages.message.first()?;
    if m.code.as_deref() != Some("E00039") {
        return None;
    }
    let text = m.text.as_deref()?;
    let after = &text[text.find("ID ")? + 3..];
    let id: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
    (!id.is_empty()).then_some(id)
}

/// createCustomerProfileResponse of createCustomer. Authorize.Net has no idempotency key; its
/// duplicate rule plays that part: a profile with the same merchantCustomerId, description and
/// email is refused with E00039, whose text names the existing profile's id. Those three fields
/// are the customer, so that answer is a success with the existing id: a retried createCustomer
/// (an answer lost on the way back) gets the profile the first attempt made, as an idempotent
/// call would.
pub fn parse_customer(response: &HttpResponse) -> Result<CustomerResult, SidecarError> {
    let Some(env) = body::<ProfileResponse>(response)? else {
        return Ok(CustomerResult {
            status: CustomerStatus::Failure,
            connector_customer_id: None,
            error: Some(unavailable(response.status, "create the customer profile")),
            http_status: response.status,
        });
    };
    match env.profile_id() {
        Some(id) if env.messages.result_code.as_deref() == Some("Ok") => Ok(CustomerResult {
            status: CustomerStatus::Success,
            connector_customer_id: Some(id),
            error: None,
            http_status: response.status,
        }),
        _ => match duplicate_id(&env.messages) {
            Some(existing) => Ok(CustomerResult {
                status: CustomerStatus::Success,
                connector_customer_id: Some(existing),
                error: None,
                http_status: response.status,
            }),
            None => Ok(CustomerResult {
                status: CustomerStatus::Failure,
                connector_customer_id: None,
                error: Some(message_error(&env.messages, "create the customer profile")),
                http_status: response.status,
            }),
        },
    }
}

/// createCustomerProfileResponse / createCustomerPaymentProfileResponse of setupMandate. Saved:
/// `charged` (the mandate is ready), `mandateReference` = customerPaymentProfileId,
/// `connectorCustomerId` = customerProfileId (pass both to repeatPayment), and `state` carries the
/// saved card's last four digits (`card_last_four`, from the card that was sent). A card the
/// validation declined is not saved: `failure`, with the validation's reason code mapped like a
/// transaction's. E00039 under an existing profile (this card is saved there already; the answer
/// names its customerPaymentProfileId) is the mandate a retried setupMandate was after: `charged`
/// with those ids, `connectorStatus` E00039 (no validation ran this time). E00039 on a new profile
/// (a profile with these customer fields exists, its id in the text) saved nothing: a failure
/// carrying that profile as `connectorCustomerId`, to retry under it.
pub fn parse_setup(response: &HttpResponse, card_last_four: Option<String>) -> Result<PaymentResult, SidecarError> {
    let Some(env) = body::<ProfileResponse>(response)? else {
        // Whether the profile was created is unknown.
        let mut r = PaymentResult::new(PaymentStatus::Unresolved, response.status);
        r.error = Some(unavailable(response.status, "save the card"));
        return Ok(r);
    };
    let mut result = PaymentResult::new(PaymentStatus::Failure, response.status);
    result.connector_status = env.messages.result_code.clone();
    result.connector_customer_id = env.profile_id();
    let payment_profile_id = env.payment_profile_id();
    let code = env.messages.message.first().and_then(|m| m.code.clone());
    let saved = env.messages.result_code.as_deref() == Some("Ok") || code.as_deref() == Some("E00039");
    if saved && result.connector_customer_id.is_some() && payment_profile_id.is_some() {
        result.status = PaymentStatus::Charged;
        if env.messages.result_code.as_deref() != Some("Ok") {
            result.connector_status = code;
        }
        result.mandate_reference = payment_profile_id;
        result.state = card_last_four.map(|l| ConnectorState::from([(CARD_LAST_FOUR.to_string(), l)]));
        return Ok(result);
    }
    let declined = env.validation().and_then(validation_outcome).filter(|(code, _, _)| code != "1");
    result.error = Some(match declined {
        Some((code, reason, text)) => transaction_error(
            &[TransactionError { error_code: Some(Value::String(reason)), error_text: text }],
            &code,
            "save the card",
        ),
        None => message_error(&env.messages, "save the card"),
    });
    if code.as_deref() == Some("E00039") {
        result.connector_customer_id = result.connector_customer_id.or_else(|| duplicate_id(&env.messages));
    }
    Ok(result)
}

/// getHostedPaymentPageResponse: `messages`, then `token` (the Accept Hosted form token).
#[derive(Debug, Deserialize)]
struct HostedPaymentPageResponse {
    #[serde(default)]
    messages: Messages,
    token: Option<String>,
}

/// The Accept Hosted payment form: the browser POSTs the form token, as the field `token`, here.
pub const HOSTED_PAGE_SANDBOX: &str = "https://test.authorize.net/payment/payment";
pub const HOSTED_PAGE_PRODUCTION: &str = "https://accept.authorize.net/payment/payment";

/// createSession's answer: resultCode Ok with a token → success, the token as `clientToken` and
/// the POST form to `hosted_page` as `redirection`; else the first message (E000xx) as the error.
pub fn parse_session(response: &HttpResponse, hosted_page: &str) -> Result<SessionResult, SidecarError> {
    let what = "create the Accept Hosted payment form";
    let Some(env) = body::<HostedPaymentPageResponse>(response)? else {
        return Ok(SessionResult::failure(unavailable(response.status, what), response.status));
    };
    let token = env.token.as_deref().map(str::trim).filter(|t| !t.is_empty());
    match (env.messages.result_code.as_deref(), token) {
        (Some("Ok"), Some(token)) => {
            let mut result = SessionResult::new(SessionStatus::Success, response.status);
            result.client_token = Some(token.to_string());
            result.connector_status = env.messages.message.first().and_then(|m| m.code.clone());
            result.redirection = Some(Redirection {
                url: hosted_page.to_string(),
                method: RedirectMethod::POST,
                form: Some(std::collections::BTreeMap::from([("token".to_string(), token.to_string())])),
            });
            Ok(result)
        }
        (Some("Ok"), None) => Err(SidecarError::undeserializable(response.status, &response.body, "resultCode Ok without a token")),
        _ => {
            let mut result = SessionResult::failure(message_error(&env.messages, what), response.status);
            result.connector_status = env.messages.result_code.clone();
            Ok(result)
        }
    }
}

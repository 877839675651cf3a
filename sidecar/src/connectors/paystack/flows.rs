//! Each Paystack flow: the call it makes and how its answer is read.

use super::mapping::{api_error_code, decline, dispute_status, payment_status, refund_status};
use super::requests::{
    ChargeBankTransfer, ChargeCreate, ChargeMobileMoney, ChargeSubmitAddress, ChargeSubmitBirthday, ChargeSubmitOtp, ChargeSubmitPhone, ChargeSubmitPin, CustomerDeactivateAuthorization, RefundCreate, TransactionChargeAuthorization,
    TransactionInitialize,
};
use super::responses::{id_text, integer, Dispute, Envelope, Initialized, Refund, Transaction};
use super::{PaystackAuth, CHANNELS, CURRENCIES, MOBILE_MONEY, STATE_STEP};
use crate::connectors::{path_id, Context};
use crate::kit::money::iso_minor_units_from;
use crate::kit::text::present;
use crate::protocol::{
    AuthorizeRequest, BankDetails, CompleteAuthorizeRequest, BankTransfer, CaptureMethod, MobileMoney, MandateResult, MandateStatus, RevokeMandateRequest, CreateSessionRequest, Customer, DisputeResult, DsyncRequest, ErrorInfo, HttpMethod, HttpRequest,
    HttpResponse, Money, NextAction, NextActionType, PaymentMethod, PaymentResult, PaymentStatus, PsyncRequest, RedirectMethod, Redirection,
    RefundRequest, RefundResult, RefundStatus, RepeatPaymentRequest, RsyncRequest, SessionResult, SessionStatus, SidecarError,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeMap;

/// Every call: the secret key as a Bearer token (https://paystack.com/docs/api/authentication/).
fn call(method: HttpMethod, path: &str, auth: &PaystackAuth, ctx: &Context) -> HttpRequest {
    HttpRequest::new(method, format!("{}{path}", ctx.base_url())).secret_header("Authorization", format!("Bearer {}", auth.api_key()))
}

fn with_json(http: HttpRequest, body: &impl Serialize, sensitive: bool) -> HttpRequest {
    let text = serde_json::to_string(body).expect("request types always serialize");
    http.header("Content-Type", "application/json").body("application/json", text, sensitive)
}

/// Paystack's amount: an integer in the currency's subunit. Every currency it takes (its
/// `Currency` list) has a subunit of 1/100, the ISO 4217 exponent too, so the ISO minor amount is
/// sent as it is; any other currency is refused, never converted.
pub fn paystack_amount(money: &Money, field: &str) -> Result<i64, SidecarError> {
    let currency = money.currency.trim();
    let Some((_, exponent)) = CURRENCIES.iter().find(|(c, _)| *c == currency) else {
        return Err(SidecarError::invalid_field(
            &format!("{field}.currency"),
            format!(
                "Paystack does not take {currency}: its API takes {}",
                CURRENCIES.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ")
            ),
        ));
    };
    let amount = crate::kit::money::minor_units_for(money, *exponent, field)?;
    if amount <= 0 {
        return Err(SidecarError::invalid_field(&format!("{field}.minorAmount"), "a Paystack amount is positive".into()));
    }
    Ok(amount)
}

/// A Paystack amount back in unified ISO minor units (None when it cannot be read exactly).
fn money_from(amount: Option<i64>, currency: Option<&str>) -> Option<Money> {
    let currency = currency?.trim().to_ascii_uppercase();
    let (_, exponent) = CURRENCIES.iter().find(|(c, _)| *c == currency)?;
    iso_minor_units_from(amount?, &currency, *exponent)
}

/// Paystack's `reference`: "Only -, ., = and alphanumeric characters allowed" (its API reference);
/// `_` is let through too, as Paystack's own references carry it (the `refund.*` webhook examples:
/// `T9171231_412325_3be2736c_n6tml`). It is unique per transaction (a second transaction with the
/// same reference is refused), which makes it the idempotency key of the payment: the merchant's
/// `merchantTransactionId` is sent as it.
fn reference(id: &str, field: &str) -> Result<String, SidecarError> {
    let id = crate::protocol::required(id, field)?;
    if !id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.=_".contains(&b)) {
        return Err(SidecarError::invalid_field(
            field,
            "Paystack's reference takes only letters, digits and - . = _ (it is the transaction's unique reference)".into(),
        ));
    }
    Ok(id.to_string())
}

fn email(customer: &Option<Customer>) -> Result<String, SidecarError> {
    let e = customer.as_ref().and_then(|c| present(&c.email)).ok_or_else(|| {
        SidecarError::missing_field("request.customer.email", "Paystack identifies the paying customer by email on every transaction")
    })?;
    if !e.contains('@') {
        return Err(SidecarError::invalid_field("request.customer.email", "not an email address".into()));
    }
    Ok(e.to_string())
}

fn refuse_manual_capture(method: CaptureMethod) -> Result<(), SidecarError> {
    if method == CaptureMethod::Manual {
        return Err(SidecarError::invalid_field(
            "request.captureMethod",
            "Paystack charges when the shopper pays: its transactions have no authorize-then-capture (preauthorization is a separate product Paystack enables per business); use automatic".into(),
        ));
    }
    Ok(())
}

fn metadata_text(m: &BTreeMap<String, String>) -> Option<String> {
    (!m.is_empty()).then(|| serde_json::to_string(m).expect("a map of strings serializes"))
}

// ---------- reading answers ----------

/// The answer's envelope; a 5xx whose body is not Paystack's JSON (a gateway's page, nothing) is
/// `Ok(Err(..))`: no answer to read, the outcome unknown.
fn envelope<T: DeserializeOwned>(response: &HttpResponse) -> Result<Result<Envelope<T>, ErrorInfo>, SidecarError> {
    match response.json::<Envelope<T>>() {
        Ok(env) => Ok(Ok(env)),
        Err(_) if response.status >= 500 => Ok(Err(ErrorInfo {
            code: crate::protocol::UnifiedErrorCode::ProcessorUnavailable,
            message: format!("no answer from Paystack to read (HTTP {}); it may have acted: sync before trying again", response.status),
            connector_code: None,
            connector_message: None,
            decline_code: None,
            advice_code: None,
            decline_type: None,
        })),
        Err(e) => Err(e),
    }
}

/// The error of an answer whose `status` is false (or an HTTP error).
fn api_error<T>(response: &HttpResponse, env: &Envelope<T>, what: &str) -> ErrorInfo {
    let message = env.message.as_deref().map(str::trim).filter(|m| !m.is_empty());
    ErrorInfo {
        code: api_error_code(response.status, env.code.as_deref(), message),
        message: match message {
            Some(m) => format!("{what}: {m}"),
            None => what.to_string(),
        },
        connector_code: env.code.clone().or_else(|| env.kind.clone()),
        connector_message: message.map(str::to_string),
        decline_code: None,
        advice_code: None,
        decline_type: None,
    }
}

fn is_error<T>(response: &HttpResponse, env: &Envelope<T>) -> bool {
    !response.is_success() || env.status == Some(false) || env.data.is_none()
}

/// A transaction read into a payment result; `known` is the reference the caller already has.
pub fn payment_result(t: &Transaction, http_status: u16, known: Option<&str>) -> PaymentResult {
    let status = payment_status(t.status.as_deref());
    let mut result = PaymentResult::new(status, http_status);
    result.connector_transaction_id = present(&t.reference).map(str::to_string).or_else(|| known.map(str::to_string));
    result.connector_status = present(&t.status).map(str::to_string);
    // The step the charge waits for (send_pin, send_otp, ..., open_url): completeAuthorize reads it
    // to know which of Paystack's submit calls answers it.
    if let Some(word) = t.status.as_deref().map(str::trim).filter(|w| w.starts_with("send_") || *w == "open_url") {
        let mut state = crate::protocol::ConnectorState::new();
        state.insert(STATE_STEP.to_string(), word.to_ascii_lowercase());
        result.state = Some(state);
    }
    let amount = money_from(integer(&t.amount), t.currency.as_deref());
    match status {
        PaymentStatus::Charged => {
            result.amount_captured = amount;
            // A reusable authorization pays again without the shopper (Charge Authorization).
            if let Some(a) = &t.authorization {
                if a.reusable == Some(true) {
                    result.mandate_reference = present(&a.authorization_code).map(str::to_string);
                    result.connector_customer_id = t.customer.as_ref().and_then(|c| present(&c.customer_code)).map(str::to_string);
                }
            }
        }
        PaymentStatus::Failure => {
            let text = present(&t.gateway_response).or(present(&t.message));
            let (code, decline_type) = decline(text);
            result.error = Some(ErrorInfo {
                code,
                message: match text {
                    Some(m) => format!("Paystack declined the payment: {m}"),
                    None => "Paystack declined the payment".into(),
                },
                connector_code: None,
                connector_message: text.map(str::to_string),
                decline_code: None,
                advice_code: None,
                decline_type,
            });
        }
        PaymentStatus::AuthenticationPending => {
            if let Some(url) = present(&t.url) {
                result.redirection = Some(Redirection { url: url.to_string(), method: RedirectMethod::GET, form: None });
                let mut next = NextAction::new(NextActionType::Redirect);
                next.url = Some(url.to_string());
                result.next_action = Some(next);
            } else if t.status.as_deref() == Some("send_otp") && present(&t.display_text).is_some() {
                // Vodafone Cash: the shopper dials a USSD code for a voucher (display_text says which).
                let mut next = NextAction::new(NextActionType::AwaitApproval);
                next.reference = present(&t.display_text).map(str::to_string);
                result.next_action = Some(next);
            }
        }
        // The shopper approves on the phone (a mobile money prompt, USSD): Paystack's display_text
        // says what to do.
        PaymentStatus::Pending if t.status.as_deref() == Some("pay_offline") => {
            let mut next = NextAction::new(NextActionType::AwaitApproval);
            next.reference = present(&t.display_text).map(str::to_string);
            result.next_action = Some(next);
        }
        // Pay with Transfer: the one-time account the shopper transfers the amount to.
        PaymentStatus::Pending if t.status.as_deref() == Some("pending_bank_transfer") => {
            let mut next = NextAction::new(NextActionType::DisplayBankDetails);
            next.bank_details = Some(BankDetails {
                account_number: present(&t.account_number).map(str::to_string),
                bank_name: t.bank.as_ref().and_then(|b| present(&b.name)).map(str::to_string),
                account_holder_name: present(&t.account_name).map(str::to_string),
                ..BankDetails::default()
            });
            next.expires_at = present(&t.account_expires_at).map(str::to_string);
            result.next_action = Some(next);
        }
        _ => {}
    }
    result
}

fn parse_transaction(response: &HttpResponse, known: Option<&str>, what: &str, refused: PaymentStatus) -> Result<PaymentResult, SidecarError> {
    let env: Envelope<Transaction> = match envelope(response)? {
        Ok(env) => env,
        Err(error) => {
            let mut result = PaymentResult::new(PaymentStatus::Unresolved, response.status);
            result.connector_transaction_id = known.map(str::to_string);
            result.error = Some(error);
            return Ok(result);
        }
    };
    if is_error(response, &env) {
        let error = api_error(response, &env, what);
        // A server error or a timeout may have charged: never call it a failure.
        let status = if response.status >= 500 { PaymentStatus::Unresolved } else { refused };
        let mut result = PaymentResult::new(status, response.status);
        result.connector_transaction_id = known.map(str::to_string);
        result.error = Some(error);
        return Ok(result);
    }
    Ok(payment_result(env.data.as_ref().expect("checked by is_error"), response.status, known))
}

// ---------- authorize: a saved authorization, through Charge Authorization ----------

fn charge_authorization(
    merchant_transaction_id: &str,
    amount: &Money,
    code: &str,
    customer: &Option<Customer>,
    metadata: Option<String>,
    auth: &PaystackAuth,
    ctx: &Context,
) -> Result<HttpRequest, SidecarError> {
    let body = TransactionChargeAuthorization {
        email: email(customer)?,
        amount: paystack_amount(amount, "request.amount")?,
        authorization_code: code.trim().to_string(),
        reference: reference(merchant_transaction_id, "request.merchantTransactionId")?,
        currency: amount.currency.trim().to_string(),
        metadata,
    };
    // The authorization code charges the shopper's card or account on its own.
    Ok(with_json(call(HttpMethod::POST, "/transaction/charge_authorization", auth, ctx), &body, true))
}

fn authorization_code(value: &str, field: &str) -> Result<String, SidecarError> {
    let v = crate::protocol::required(value, field)?;
    if !v.starts_with("AUTH_") {
        return Err(SidecarError::invalid_field(field, "a Paystack authorization code starts with AUTH_".into()));
    }
    Ok(v.to_string())
}

// ---------- authorize: mobile money and Pay with Transfer, through Create Charge ----------

/// The wallet's phone as Paystack's examples write it: Ghana's in the national format with its
/// trunk 0 (`0551234987`), Kenya's M-Pesa in E.164 (`+254710000000`).
fn mobile_money(m: &MobileMoney, currency: &str) -> Result<ChargeMobileMoney, SidecarError> {
    let field = "request.paymentMethod.mobileMoney";
    let op = MOBILE_MONEY.iter().find(|o| o.provider == m.provider.as_str()).ok_or_else(|| {
        // check_payment_method refuses these first, from the declaration.
        SidecarError::payment_method_not_supported(&format!("Paystack has no mobile money operator {}", m.provider.as_str()))
    })?;
    if currency != op.currency {
        return Err(SidecarError::invalid_field(
            "request.amount.currency",
            format!("Paystack charges {} mobile money in {}, not {currency}", m.provider.as_str(), op.currency),
        ));
    }
    let digits = m.phone_digits();
    let Some(national) = digits.strip_prefix(op.calling_code) else {
        // Never the number itself.
        return Err(SidecarError::invalid_field(
            &format!("{field}.phoneNumber"),
            format!("Paystack's {} wallets are numbers of +{}", m.provider.as_str(), op.calling_code),
        ));
    };
    let phone = if op.calling_code == "233" { format!("0{national}") } else { format!("+{digits}") };
    Ok(ChargeMobileMoney { phone, provider: op.code })
}

fn bank_transfer(b: &BankTransfer, currency: &str) -> Result<ChargeBankTransfer, SidecarError> {
    if b.bank.is_some() {
        return Err(SidecarError::invalid_field(
            "request.paymentMethod.bankTransfer.bank",
            "Paystack chooses the bank of the account it answers (Pay with Transfer); leave bank out".into(),
        ));
    }
    if currency != "NGN" {
        return Err(SidecarError::invalid_field(
            "request.amount.currency",
            format!("Paystack's Pay with Transfer takes NGN only (Nigerian bank accounts), not {currency}"),
        ));
    }
    Ok(ChargeBankTransfer { account_expires_at: None })
}

fn charge_create(r: &AuthorizeRequest, auth: &PaystackAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let amount = paystack_amount(&r.amount, "request.amount")?;
    let currency = r.amount.currency.trim().to_string();
    let (mobile_money, bank_transfer) = match &r.payment_method {
        PaymentMethod::MobileMoney(m) => (Some(mobile_money(m, &currency)?), None),
        PaymentMethod::BankTransfer(b) => (None, Some(bank_transfer(b, &currency)?)),
        _ => unreachable!("charge_create is called for mobileMoney and bankTransfer only"),
    };
    let body = ChargeCreate {
        email: email(&r.customer)?,
        amount,
        currency,
        reference: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
        metadata: (!r.metadata.is_empty()).then(|| r.metadata.clone()),
        mobile_money,
        bank_transfer,
    };
    // A mobile money charge carries the wallet's phone number.
    let sensitive = body.mobile_money.is_some();
    Ok(with_json(call(HttpMethod::POST, "/charge", auth, ctx), &body, sensitive))
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &PaystackAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    refuse_manual_capture(r.capture_method)?;
    if matches!(r.payment_method, PaymentMethod::MobileMoney(_) | PaymentMethod::BankTransfer(_)) {
        return charge_create(r, auth, ctx);
    }
    let PaymentMethod::Token(token) = &r.payment_method else {
        return Err(SidecarError::payment_method_not_supported("Paystack's authorize takes a saved authorization code (token), mobileMoney or bankTransfer; cards are paid on its checkout (createSession: Initialize Transaction)"));
    };
    if let Some(kind) = token.kind.as_deref().map(str::trim).filter(|k| !k.is_empty() && *k != "authorization_code") {
        return Err(SidecarError::invalid_field(
            "request.paymentMethod.token.kind",
            format!("Paystack charges one kind of token, authorization_code, not {kind}"),
        ));
    }
    let code = authorization_code(token.value.expose(), "request.paymentMethod.token.value")?;
    charge_authorization(&r.merchant_transaction_id, &r.amount, &code, &r.customer, metadata_text(&r.metadata), auth, ctx)
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    parse_transaction(response, Some(r.merchant_transaction_id.trim()), "Paystack refused the charge", PaymentStatus::Failure)
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &PaystackAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    refuse_manual_capture(r.capture_method)?;
    let code = authorization_code(&r.mandate_reference, "request.mandateReference")?;
    let metadata = r.metadata.as_ref().and_then(metadata_text);
    charge_authorization(&r.merchant_transaction_id, &r.amount, &code, &r.customer, metadata, auth, ctx)
}

pub fn parse_repeat_payment(r: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    parse_transaction(response, Some(r.merchant_transaction_id.trim()), "Paystack refused the charge", PaymentStatus::Failure)
}

// ---------- createSession: Initialize Transaction (hosted checkout, Paystack Popup) ----------

/// The front end's channels: the protocol's type names Paystack has a channel for, or Paystack's
/// own channel words.
fn channels(types: &Option<Vec<String>>) -> Result<Option<Vec<&'static str>>, SidecarError> {
    let Some(types) = types else { return Ok(None) };
    let mut out = Vec::new();
    for (i, t) in types.iter().enumerate() {
        let word = t.trim();
        let Some((_, channel)) = CHANNELS.iter().find(|(name, _)| *name == word) else {
            return Err(SidecarError::invalid_field(
                &format!("request.paymentMethodTypes[{i}]"),
                format!(
                    "Paystack's checkout has no channel for {word}; it takes: {}",
                    CHANNELS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                ),
            ));
        };
        if !out.contains(channel) {
            out.push(*channel);
        }
    }
    Ok(Some(out))
}

pub fn build_create_session(r: &CreateSessionRequest, auth: &PaystackAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    refuse_manual_capture(r.capture_method)?;
    let body = TransactionInitialize {
        email: email(&r.customer)?,
        amount: paystack_amount(&r.amount, "request.amount")?,
        currency: r.amount.currency.trim().to_string(),
        reference: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
        callback_url: present(&r.return_url).map(str::to_string),
        channels: channels(&r.payment_method_types)?,
        metadata: r.metadata.clone().filter(|m| !m.is_empty()),
    };
    Ok(with_json(call(HttpMethod::POST, "/transaction/initialize", auth, ctx), &body, false))
}

pub fn parse_create_session(r: &CreateSessionRequest, response: &HttpResponse, _: &Context) -> Result<SessionResult, SidecarError> {
    let env: Envelope<Initialized> = match envelope(response)? {
        Ok(env) => env,
        Err(error) => {
            let mut result = SessionResult::new(SessionStatus::Failure, response.status);
            result.error = Some(error);
            return Ok(result);
        }
    };
    if is_error(response, &env) {
        let mut result = SessionResult::new(SessionStatus::Failure, response.status);
        result.error = Some(api_error(response, &env, "Paystack refused to initialize the transaction"));
        return Ok(result);
    }
    let data = env.data.as_ref().expect("checked by is_error");
    let mut result = SessionResult::new(SessionStatus::Success, response.status);
    // Paystack Popup resumes the transaction with the access code; the hosted checkout is the URL.
    result.session_id = present(&data.access_code).map(str::to_string);
    result.connector_transaction_id =
        present(&data.reference).map(str::to_string).or_else(|| Some(r.merchant_transaction_id.trim().to_string()));
    if let Some(url) = present(&data.authorization_url) {
        result.redirection = Some(Redirection { url: url.to_string(), method: RedirectMethod::GET, form: None });
    }
    Ok(result)
}

// ---------- psync: Verify Transaction ----------

pub fn build_psync(r: &PsyncRequest, auth: &PaystackAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let reference = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Paystack")?;
    Ok(call(HttpMethod::GET, &format!("/transaction/verify/{reference}"), auth, ctx))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    // A refused lookup says nothing about the payment: unresolved, never failure.
    parse_transaction(response, Some(r.connector_transaction_id.trim()), "Paystack could not verify the transaction", PaymentStatus::Unresolved)
}

// ---------- refund, rsync ----------

pub fn build_refund(r: &RefundRequest, auth: &PaystackAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let transaction = crate::protocol::required(&r.connector_transaction_id, "request.connectorTransactionId")?;
    if let Some(p) = &r.payment_amount {
        if p.currency.trim() != r.refund_amount.currency.trim() {
            return Err(SidecarError::invalid_field(
                "request.refundAmount.currency",
                format!("Paystack refunds in the transaction's currency ({})", p.currency),
            ));
        }
        if r.refund_amount.minor_amount > p.minor_amount {
            return Err(SidecarError::invalid_field(
                "request.refundAmount.minorAmount",
                "Paystack refunds at most the transaction's amount".into(),
            ));
        }
    }
    let body = RefundCreate {
        transaction: transaction.to_string(),
        amount: paystack_amount(&r.refund_amount, "request.refundAmount")?,
        currency: r.refund_amount.currency.trim().to_string(),
        merchant_note: present(&r.reason).map(str::to_string),
    };
    Ok(with_json(call(HttpMethod::POST, "/refund", auth, ctx), &body, false))
}

fn refund_result(refund: &Refund, http_status: u16, known: Option<&str>) -> RefundResult {
    let mut result = RefundResult::new(refund_status(refund.status.as_deref()), http_status);
    result.connector_refund_id = id_text(&refund.id).or_else(|| known.map(str::to_string));
    result.connector_status = present(&refund.status).map(str::to_string);
    result.refund_amount = money_from(integer(&refund.amount), refund.currency.as_deref());
    result
}

fn parse_refund_answer(response: &HttpResponse, known: Option<&str>, what: &str, refused: RefundStatus) -> Result<RefundResult, SidecarError> {
    let env: Envelope<Refund> = match envelope(response)? {
        Ok(env) => env,
        Err(error) => {
            // It may have refunded: pending, never failure.
            let mut result = RefundResult::new(RefundStatus::Pending, response.status);
            result.connector_refund_id = known.map(str::to_string);
            result.error = Some(error);
            return Ok(result);
        }
    };
    if is_error(response, &env) {
        // A server error may have refunded: pending, never failure (a failure invites a second refund).
        let status = if response.status >= 500 { RefundStatus::Pending } else { refused };
        let mut result = RefundResult::new(status, response.status);
        result.connector_refund_id = known.map(str::to_string);
        result.error = Some(api_error(response, &env, what));
        return Ok(result);
    }
    Ok(refund_result(env.data.as_ref().expect("checked by is_error"), response.status, known))
}

pub fn parse_refund(_: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    parse_refund_answer(response, None, "Paystack refused the refund", RefundStatus::Failure)
}

pub fn build_rsync(r: &RsyncRequest, auth: &PaystackAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(&r.connector_refund_id, "request.connectorRefundId", "Paystack")?;
    Ok(call(HttpMethod::GET, &format!("/refund/{id}"), auth, ctx))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    // A refused lookup says nothing about the refund: it stays pending.
    parse_refund_answer(response, Some(r.connector_refund_id.trim()), "Paystack could not fetch the refund", RefundStatus::Pending)
}

// ---------- dsync: Fetch Dispute ----------

pub fn dispute_result(d: &Dispute, http_status: u16) -> DisputeResult {
    let mut result = DisputeResult::new(dispute_status(d.status.as_deref(), d.resolution.as_deref()), http_status);
    result.connector_dispute_id = id_text(&d.id);
    result.connector_transaction_id = d.transaction.as_ref().and_then(|t| present(&t.reference)).map(str::to_string);
    // What the shopper claims (`refund_amount`), else the disputed transaction's amount.
    result.amount = money_from(integer(&d.refund_amount), d.currency.as_deref()).or_else(|| {
        d.transaction.as_ref().and_then(|t| money_from(integer(&t.amount), t.currency.as_deref()))
    });
    result.reason_code = present(&d.category).map(str::to_string);
    result.due_by = present(&d.due_at).map(str::to_string);
    result.connector_status = present(&d.status).map(str::to_string);
    result
}

pub fn build_dsync(r: &DsyncRequest, auth: &PaystackAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(&r.connector_dispute_id, "request.connectorDisputeId", "Paystack")?;
    Ok(call(HttpMethod::GET, &format!("/dispute/{id}"), auth, ctx))
}

pub fn parse_dsync(_: &DsyncRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    let env: Envelope<Dispute> = match envelope(response)? {
        Ok(env) => env,
        Err(error) => return Ok(DisputeResult::failure(error, response.status)),
    };
    if is_error(response, &env) {
        return Ok(DisputeResult::failure(api_error(response, &env, "Paystack could not fetch the dispute"), response.status));
    }
    Ok(dispute_result(env.data.as_ref().expect("checked by is_error"), response.status))
}

// ---------- revokeMandate: Deactivate Authorization ----------

pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &PaystackAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = CustomerDeactivateAuthorization { authorization_code: authorization_code(&r.mandate_reference, "request.mandateReference")? };
    Ok(with_json(call(HttpMethod::POST, "/customer/authorization/deactivate", auth, ctx), &body, true))
}

pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    let env: Envelope<serde_json::Value> = match envelope(response)? {
        Ok(env) => env,
        Err(error) => {
            let mut result = MandateResult::new(MandateStatus::Failure, response.status);
            result.error = Some(error);
            result.mandate_reference = Some(r.mandate_reference.trim().to_string());
            return Ok(result);
        }
    };
    let mut result;
    if !response.is_success() || env.status != Some(true) {
        result = MandateResult::new(MandateStatus::Failure, response.status);
        result.error = Some(api_error(response, &env, "Paystack did not deactivate the authorization"));
    } else {
        result = MandateResult::new(MandateStatus::Revoked, response.status);
    }
    result.mandate_reference = Some(r.mandate_reference.trim().to_string());
    Ok(result)
}

// ---------- completeAuthorize: what the shopper entered for the step the charge asked for ----------

/// The Charge API's shopper-entered steps: the charge's `status`, the call that answers it, and the
/// request field that carries what the shopper entered.
pub const STEPS: &[(&str, &str, &str)] = &[
    ("send_otp", "/charge/submit_otp", "request.otp"),
    ("send_pin", "/charge/submit_pin", "request.pin"),
    ("send_phone", "/charge/submit_phone", "request.phone"),
    ("send_birthday", "/charge/submit_birthday", "request.birthday"),
    ("send_address", "/charge/submit_address", "request.billingAddress"),
];

/// The step a charge waits for: `state.paystackNextStep` (set by the answer that asked for it), else
/// the one request field given.
fn step_of(r: &CompleteAuthorizeRequest) -> Result<&'static str, SidecarError> {
    if let Some(step) = r.state.as_ref().and_then(|s| s.get(STATE_STEP)).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if step == "open_url" {
            return Err(SidecarError::invalid_field(
                "request.state.paystackNextStep",
                "the charge waits for the shopper at Paystack's URL (open_url): there is nothing to submit; read the outcome with psync".into(),
            ));
        }
        return STEPS.iter().find(|(s, _, _)| *s == step).map(|(s, _, _)| *s).ok_or_else(|| {
            SidecarError::invalid_field(
                "request.state.paystackNextStep",
                format!("not a Paystack step the shopper answers; one of {}", STEPS.iter().map(|(s, _, _)| *s).collect::<Vec<_>>().join(", ")),
            )
        });
    }
    let given: Vec<&'static str> = [
        (r.otp.is_some(), "send_otp"),
        (r.pin.is_some(), "send_pin"),
        (r.phone.is_some(), "send_phone"),
        (r.birthday.is_some(), "send_birthday"),
        (r.billing_address.is_some(), "send_address"),
    ]
    .into_iter()
    .filter_map(|(has, step)| has.then_some(step))
    .collect();
    match given.as_slice() {
        [one] => Ok(one),
        [] => Err(SidecarError::missing_field(
            "request.otp",
            "Paystack continues a charge with what the shopper entered for the step it asked for (send_otp, send_pin, send_phone, send_birthday, send_address): give otp, pin, phone, birthday or billingAddress, or the state of the answer that asked",
        )),
        _ => Err(SidecarError::invalid_field(
            "request.state.paystackNextStep",
            "Paystack takes one step at a time: give the state of the answer that asked, or only the field of its step".into(),
        )),
    }
}

fn required_secret<'a>(value: &'a Option<crate::protocol::Secret>, field: &str, why: &str) -> Result<&'a str, SidecarError> {
    value.as_ref().map(|v| v.expose().trim()).filter(|v| !v.is_empty()).ok_or_else(|| SidecarError::missing_field(field, why))
}

fn required_text<'a>(value: &'a Option<String>, field: &str, why: &str) -> Result<&'a str, SidecarError> {
    present(value).ok_or_else(|| SidecarError::missing_field(field, why))
}

/// A calendar date `YYYY-MM-DD` (Paystack's birthday format).
fn calendar_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !text.bytes().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()) {
        return false;
    }
    let (y, m, d): (u32, u32, u32) = (text[..4].parse().unwrap_or(0), text[5..7].parse().unwrap_or(0), text[8..].parse().unwrap_or(0));
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1900 && (1..=days).contains(&d)
}

pub fn build_complete_authorize(r: &CompleteAuthorizeRequest, auth: &PaystackAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let step = step_of(r)?;
    let reference = reference(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let (_, path, _) = STEPS.iter().find(|(s, _, _)| *s == step).expect("step_of answers a step of STEPS");
    let http = call(HttpMethod::POST, path, auth, ctx);
    // Every body here carries what identifies or authenticates the shopper: kept out of logs. No
    // error below quotes the value it refuses.
    Ok(match step {
        "send_otp" => {
            let otp = required_secret(&r.otp, "request.otp", "Paystack's Submit OTP continues a charge that answered send_otp with the code the shopper was sent or generated")?;
            if otp.len() > 32 || !otp.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(SidecarError::invalid_field("request.otp", "a Paystack OTP is a short code of letters and digits".into()));
            }
            with_json(http, &ChargeSubmitOtp { otp: otp.to_string(), reference }, true)
        }
        "send_pin" => {
            let pin = required_secret(&r.pin, "request.pin", "the charge answered send_pin: Paystack's Submit PIN takes the PIN the shopper entered")?;
            if pin.len() != 4 || !pin.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SidecarError::invalid_field("request.pin", "a Paystack PIN is 4 digits".into()));
            }
            with_json(http, &ChargeSubmitPin { pin: pin.to_string(), reference }, true)
        }
        "send_phone" => {
            let phone = required_text(&r.phone, "request.phone", "the charge answered send_phone: Paystack's Submit Phone takes the shopper's phone number")?;
            let digits = phone.strip_prefix('+').unwrap_or(phone);
            if !(7..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SidecarError::invalid_field("request.phone", "a phone number of 7 to 15 digits, optionally after a + (Paystack's example: 08012345678)".into()));
            }
            with_json(http, &ChargeSubmitPhone { phone: phone.to_string(), reference }, true)
        }
        "send_birthday" => {
            let birthday = required_text(&r.birthday, "request.birthday", "the charge answered send_birthday: Paystack's Submit Birthday takes the shopper's date of birth")?;
            if !calendar_date(birthday) {
                return Err(SidecarError::invalid_field("request.birthday", "Paystack takes the birthday as a date YYYY-MM-DD (e.g. 1961-09-21)".into()));
            }
            with_json(http, &ChargeSubmitBirthday { birthday: birthday.to_string(), reference }, true)
        }
        _ => {
            let a = r.billing_address.as_ref().ok_or_else(|| {
                SidecarError::missing_field("request.billingAddress", "the charge answered send_address: Paystack's Submit Address takes the billing address")
            })?;
            let line = |v: &Option<String>, name: &str| {
                present(v).map(str::to_string).ok_or_else(|| {
                    SidecarError::missing_field(&format!("request.billingAddress.{name}"), "Paystack's Submit Address requires address, city, state and zip_code")
                })
            };
            let mut address = line(&a.line1, "line1")?;
            for extra in [&a.line2, &a.line3] {
                if let Some(more) = present(extra) {
                    address = format!("{address}, {more}");
                }
            }
            let body = ChargeSubmitAddress {
                address,
                city: line(&a.city, "city")?,
                state: line(&a.state, "state")?,
                zip_code: line(&a.postal_code, "postalCode")?,
                reference,
            };
            with_json(http, &body, true)
        }
    })
}

pub fn parse_complete_authorize(r: &CompleteAuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    // A refused entry (a wrong or expired code or PIN) leaves the charge waiting for it: the
    // shopper may try again, so the step stays in the state.
    let what = match step_of(r) {
        Ok("send_pin") => "Paystack refused the PIN",
        Ok("send_phone") => "Paystack refused the phone number",
        Ok("send_birthday") => "Paystack refused the birthday",
        Ok("send_address") => "Paystack refused the address",
        Ok(_) => "Paystack refused the OTP",
        Err(_) => "Paystack refused what the shopper entered",
    };
    let mut result = parse_transaction(response, Some(r.connector_transaction_id.trim()), what, PaymentStatus::AuthenticationPending)?;
    if result.status == PaymentStatus::AuthenticationPending && result.state.is_none() {
        if let Ok(step) = step_of(r) {
            let mut state = crate::protocol::ConnectorState::new();
            state.insert(STATE_STEP.to_string(), step.to_string());
            result.state = Some(state);
        }
    }
    Ok(result)
}

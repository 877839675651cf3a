//! Each Authorize.Net flow: the request it posts to the one endpoint and how its answer is read.

use super::requests::{
    self, amount, numeric_id, reference, CreateCustomerPaymentProfileEnvelope, CreateCustomerPaymentProfileRequest,
    CreateCustomerProfileEnvelope, CreateCustomerProfileRequest, CreateTransactionEnvelope, CreateTransactionRequest,
    CreditCard, GetTransactionDetailsEnvelope, GetTransactionDetailsRequest, Order, PayPal, Payment, SetupMandate,
    TransactionRequest, MAX_INVOICE_NUMBER, MAX_REF_ID,
};
use super::paypal;
use super::responses::{self, PaymentCall, BANK_ACCOUNT_LAST_FOUR, CARD_LAST_FOUR};
use super::AuthorizeDotNetAuth;
use crate::connectors::Context;
use crate::kit::crypto::sha256_hex;
use crate::kit::idempotency::step_key;
use crate::protocol::{
    AuthorizeRequest, CaptureMethod, CaptureRequest, CompleteAuthorizeRequest, CreateCustomerRequest, CustomerResult, HttpMethod, HttpRequest,
    HttpResponse, PaymentMethod, PaymentResult, PsyncRequest, RefundRequest, RefundResult, RepeatPaymentRequest,
    ReverseRequest, RsyncRequest, SetupMandateRequest, SidecarError, VoidRequest,
};
use serde::Serialize;

/// `refId` for the caller's idempotency key: the key itself when it fits in 20 characters, else
/// `sha256-` and the first 13 hex digits of its SHA-256 (20 characters), so the same key always
/// gives the same refId.
pub fn ref_id(key: Option<&str>) -> Option<String> {
    let key = key.map(str::trim).filter(|k| !k.is_empty())?;
    Some(if key.chars().count() <= MAX_REF_ID { key.to_string() } else { format!("sha256-{}", &sha256_hex(key.as_bytes())[..13]) })
}

/// A transId: Authorize.Net's ids are digits; anything else is refused before it is sent.
fn trans_id(id: &str, field: &str) -> Result<String, SidecarError> {
    numeric_id(id, field, "transId")
}

/// The last four digits of the card a request sends.
fn card_last_four(method: &PaymentMethod) -> Option<String> {
    match method {
        PaymentMethod::Card(c) => {
            let n = c.number.expose();
            (n.len() >= 4).then(|| n[n.len() - 4..].to_string())
        }
        _ => None,
    }
}

fn post(url: &str, body: &impl Serialize) -> HttpRequest {
    // Always sensitive: merchantAuthentication (the Transaction Key) is in every body.
    HttpRequest::new(HttpMethod::POST, url.to_string()).json_body(body, true)
}

fn transaction(url: &str, auth: &AuthorizeDotNetAuth, key: Option<&str>, tr: TransactionRequest) -> HttpRequest {
    post(
        url,
        &CreateTransactionEnvelope {
            create_transaction_request: CreateTransactionRequest {
                merchant_authentication: auth.merchant(),
                ref_id: ref_id(key),
                transaction_request: tr,
            },
        },
    )
}

fn details(url: &str, auth: &AuthorizeDotNetAuth, id: String) -> HttpRequest {
    post(
        url,
        &GetTransactionDetailsEnvelope {
            get_transaction_details_request: GetTransactionDetailsRequest { merchant_authentication: auth.merchant(), trans_id: id },
        },
    )
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &AuthorizeDotNetAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let url = ctx.base_url();
    if r.setup_future_usage.is_some() {
        return Err(SidecarError::invalid_field(
            "request.setupFutureUsage",
            "Authorize.Net saves a card as a customer payment profile of its own (Customer Information \
             Manager), not during this payment: call setupMandate with the card (it is checked with a \
             zero-value authorization) and charge it with repeatPayment"
                .into(),
        ));
    }
    let tr = TransactionRequest::authorize(r)?;
    Ok(transaction(url, auth, r.idempotency_key.as_deref(), tr))
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(
        response,
        PaymentCall::Authorize { manual: r.capture_method == CaptureMethod::Manual },
        None,
        None,
    )
}

/// PayPal Express Checkout's second transaction (paypal.rs): the shopper approved on PayPal and
/// came back with a PayerID; authOnlyContinueTransaction / authCaptureContinueTransaction with
/// `payment.payPal.payerID` and `refTransId` finishes the authorize's transaction. `amount`, when
/// given, is the final amount (PayPal takes the continue's amount), sent as Authorize.Net's
/// decimal text.
pub fn build_complete_authorize(r: &CompleteAuthorizeRequest, auth: &AuthorizeDotNetAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let url = ctx.base_url();
    let id = trans_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let transaction_type = paypal::continue_type(r)?;
    let payer_id = paypal::payer_id(r)?;
    let tr = TransactionRequest {
        transaction_type,
        amount: r.amount.as_ref().map(|a| amount(a, "request.amount")).transpose()?,
        payment: Some(Payment::PayPal(PayPal { payer_id: Some(payer_id), ..Default::default() })),
        ref_trans_id: Some(id),
        ..Default::default()
    };
    Ok(transaction(url, auth, r.idempotency_key.as_deref(), tr))
}

/// The continue's answer reads as an authorize's: approved is authorized (manual) or charged, with
/// the same transId; a refusal is a failure; "already authorized" (2103) is unresolved.
pub fn parse_complete_authorize(r: &CompleteAuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(
        response,
        PaymentCall::Authorize { manual: r.capture_method == CaptureMethod::Manual },
        Some(r.connector_transaction_id.trim()),
        None,
    )
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &AuthorizeDotNetAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let url = ctx.base_url();
    let tr = TransactionRequest::repeat(r)?;
    Ok(transaction(url, auth, r.idempotency_key.as_deref(), tr))
}

pub fn parse_repeat_payment(r: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(
        response,
        PaymentCall::Authorize { manual: r.capture_method == CaptureMethod::Manual },
        None,
        None,
    )
}

pub fn build_create_customer(r: &CreateCustomerRequest, auth: &AuthorizeDotNetAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let url = ctx.base_url();
    let profile = requests::customer_profile(r)?;
    Ok(post(
        url,
        &CreateCustomerProfileEnvelope {
            create_customer_profile_request: CreateCustomerProfileRequest {
                merchant_authentication: auth.merchant(),
                ref_id: ref_id(step_key(r.idempotency_key.as_deref(), "customer").as_deref()),
                profile,
                validation_mode: None,
            },
        },
    ))
}

pub fn parse_create_customer(_: &CreateCustomerRequest, response: &HttpResponse, _: &Context) -> Result<CustomerResult, SidecarError> {
    responses::parse_customer(response)
}

pub fn build_setup_mandate(r: &SetupMandateRequest, auth: &AuthorizeDotNetAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let url = ctx.base_url();
    let ref_id = ref_id(r.idempotency_key.as_deref());
    Ok(match SetupMandate::from_unified(r)? {
        SetupMandate::NewProfile { profile, validation_mode } => post(
            url,
            &CreateCustomerProfileEnvelope {
                create_customer_profile_request: CreateCustomerProfileRequest {
                    merchant_authentication: auth.merchant(),
                    ref_id,
                    profile,
                    validation_mode: Some(validation_mode),
                },
            },
        ),
        SetupMandate::AddToProfile { customer_profile_id, payment_profile, validation_mode } => post(
            url,
            &CreateCustomerPaymentProfileEnvelope {
                create_customer_payment_profile_request: CreateCustomerPaymentProfileRequest {
                    merchant_authentication: auth.merchant(),
                    ref_id,
                    customer_profile_id,
                    payment_profile,
                    validation_mode: Some(validation_mode),
                },
            },
        ),
    })
}

pub fn parse_setup_mandate(r: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_setup(response, card_last_four(&r.payment_method))
}

pub fn build_capture(r: &CaptureRequest, auth: &AuthorizeDotNetAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let url = ctx.base_url();
    let id = trans_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let tr = TransactionRequest {
        transaction_type: "priorAuthCaptureTransaction",
        // Left out without `amountToCapture`: "If no amount is submitted in this transaction, the
        // gateway will initiate settlement for the amount of the originally authorized transaction".
        amount: r.amount_to_capture.as_ref().map(|a| amount(a, "request.amountToCapture")).transpose()?,
        ref_trans_id: Some(id),
        ..Default::default()
    };
    Ok(transaction(url, auth, r.idempotency_key.as_deref(), tr))
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(
        response,
        PaymentCall::Capture,
        Some(r.connector_transaction_id.trim()),
        r.amount_to_capture.as_ref().or(r.payment_amount.as_ref()),
    )
}

pub fn build_void(r: &VoidRequest, auth: &AuthorizeDotNetAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let url = ctx.base_url();
    let id = trans_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let tr = TransactionRequest { transaction_type: "voidTransaction", ref_trans_id: Some(id), ..Default::default() };
    Ok(transaction(url, auth, r.idempotency_key.as_deref(), tr))
}

pub fn parse_void(r: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, PaymentCall::Void, Some(r.connector_transaction_id.trim()), None)
}

/// reverse is Authorize.Net's voidTransaction too: it cancels any transaction not yet settled,
/// captured (authCaptureTransaction, priorAuthCapture) or not, in full; once settled, refund.
pub fn build_reverse(r: &ReverseRequest, auth: &AuthorizeDotNetAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let url = ctx.base_url();
    let id = trans_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let tr = TransactionRequest { transaction_type: "voidTransaction", ref_trans_id: Some(id), ..Default::default() };
    Ok(transaction(url, auth, r.idempotency_key.as_deref(), tr))
}

pub fn parse_reverse(r: &ReverseRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, PaymentCall::Void, Some(r.connector_transaction_id.trim()), None)
}

pub fn build_refund(r: &RefundRequest, auth: &AuthorizeDotNetAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let url = ctx.base_url();
    let id = trans_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let state = |key: &str| r.state.as_ref().and_then(|s| s.get(key)).map(|l| l.trim().to_string());
    let payment = match (state(CARD_LAST_FOUR), state(BANK_ACCOUNT_LAST_FOUR)) {
        // A PayPal transaction is refunded by its transId and the amount alone (the API
        // reference's PayPal "Credit"): there is no card to name.
        _ if paypal::is_paypal(r.state.as_ref()) => None,
        (_, Some(account_last_four)) => Some(echeck_refund_account(r, &account_last_four)?),
        (Some(last_four), None) => {
            if last_four.len() != 4 || !last_four.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SidecarError::invalid_field("request.state.cardLastFour", "must be the card's last four digits".into()));
            }
            Some(Payment::CreditCard(CreditCard { card_number: last_four, expiration_date: "XXXX".into(), card_code: None, is_payment_token: None, cryptogram: None, token_requestor_id: None }))
        }
        (None, None) => {
            return Err(SidecarError::missing_field(
                "request.state.cardLastFour",
                "Authorize.Net refunds a card transaction only with the card's last four digits (an eCheck.Net debit with \
                 its bank account); pass the `state` of the authorize or psync result (for PayPal, of the completeAuthorize \
                 result: accountType PayPal)",
            ))
        }
    };
    let invoice_number = reference(&r.merchant_refund_id, MAX_INVOICE_NUMBER, "request.merchantRefundId")?;
    let tr = TransactionRequest {
        transaction_type: "refundTransaction",
        amount: Some(amount(&r.refund_amount, "request.refundAmount")?),
        payment,
        ref_trans_id: Some(id),
        order: Some(Order { invoice_number, description: None }),
        ..Default::default()
    };
    Ok(transaction(url, auth, r.idempotency_key.as_deref(), tr))
}

/// An eCheck.Net debit is refunded to the bank account it drew on: Authorize.Net's refund of a
/// bank account transaction takes the routing number, the account number, its type and the name
/// on it (its "Submit a Bank Account Refund" help: all required with the original transaction
/// id). The unified refund carries them as `paymentMethod` (bankDebit ach); its account must end
/// with the four digits Authorize.Net reported for the payment (`state.bankAccountLastFour`).
fn echeck_refund_account(r: &RefundRequest, last_four: &str) -> Result<Payment, SidecarError> {
    let method = r.payment_method.as_ref().ok_or_else(|| {
        SidecarError::missing_field(
            "request.paymentMethod",
            "this payment is an Authorize.Net eCheck.Net debit: its refund goes to the bank account, which Authorize.Net \
             needs again; pass the payment's paymentMethod (bankDebit ach: routingNumber, accountNumber, accountHolderName)",
        )
    })?;
    let payment = requests::payment_of(method)?;
    match &payment {
        Payment::BankAccount(b) if b.account_number.ends_with(last_four) => Ok(payment),
        Payment::BankAccount(_) => Err(SidecarError::invalid_field(
            "request.paymentMethod.bankDebit.accountNumber",
            "is not the account the eCheck.Net debit drew on (its last four digits differ from state.bankAccountLastFour)".into(),
        )),
        _ => Err(SidecarError::invalid_field(
            "request.paymentMethod",
            "this payment is an eCheck.Net debit: its refund takes the bank account (bankDebit ach), not a card".into(),
        )),
    }
}

pub fn parse_refund(_: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response)
}

pub fn build_psync(r: &PsyncRequest, auth: &AuthorizeDotNetAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let url = ctx.base_url();
    if let Some(a) = &r.amount {
        amount(a, "request.amount")?;
    }
    Ok(details(url, auth, trans_id(&r.connector_transaction_id, "request.connectorTransactionId")?))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_psync(response, r.connector_transaction_id.trim(), r.amount.as_ref())
}

pub fn build_rsync(r: &RsyncRequest, auth: &AuthorizeDotNetAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let url = ctx.base_url();
    Ok(details(url, auth, trans_id(&r.connector_refund_id, "request.connectorRefundId")?))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_rsync(response, r.connector_refund_id.trim(), r.refund_amount.as_ref())
}

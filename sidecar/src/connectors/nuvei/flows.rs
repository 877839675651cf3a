//! Each Nuvei flow: the call it makes and how its answer is read. Every call is a JSON POST to
//! `<base>/ppp/api/v1/<method>.do`; none has an HTTP credential header: the body's checksum is
//! the credential.

use super::requests::{
    self, amount, client_request_id, external_mpi, payment_option, ApmNeeds, OpenOrderParts, OpenOrderRequest, timestamp, DeleteUpoRequest, PaymentOption, PaymentParts, PaymentRequest, RelatedParts,
    RelatedTransactionRequest, SessionTokenRequest, TransactionDetailsRequest, REFUND_FIELDS, SETTLE_FIELDS, VOID_FIELDS,
};
use super::responses::{self, Reading, STATE_SESSION_TOKEN};
use super::three_ds;
use super::NuveiAuth;
use crate::connectors::Context;
use crate::kit::text::present;
use crate::protocol::{
    AccessTokenResult, AuthorizeRequest, CaptureMethod, CaptureRequest, CompleteAuthorizeRequest, ConnectorState, CreateAccessTokenRequest, Customer, HttpMethod,
    HttpRequest, HttpResponse, MandateResult, NextAction, NextActionType, PaymentMethod, PaymentResult, PaymentStatus, PsyncRequest, RefundRequest, RefundResult,
    RepeatPaymentRequest, RevokeMandateRequest, RsyncRequest, SessionMode, SessionResult, SetupMandateRequest, SidecarError, ThreeDsMode, VoidRequest, CreateSessionRequest,
};

fn post(ctx: &Context, method: &str) -> HttpRequest {
    HttpRequest::new(HttpMethod::POST, format!("{}/ppp/api/v1/{method}.do", ctx.base_url())).header("Content-Type", "application/json")
}

/// The session token from `request.state.accessToken` (createAccessToken's result). Never quoted.
fn session_token(state: Option<&ConnectorState>) -> Result<&str, SidecarError> {
    state.and_then(|s| s.get(STATE_SESSION_TOKEN)).map(|t| t.trim()).filter(|t| !t.is_empty()).ok_or_else(|| {
        SidecarError::missing_field(
            "request.state.accessToken",
            "Nuvei's /payment takes a session token: run the createAccessToken flow (getSessionToken) first and pass its \
             result's state in request.state (the client does this by itself)",
        )
    })
}

/// A Nuvei id (`what`: transactionId, userPaymentOptionId): digits, as Nuvei's ids are numeric,
/// up to 19 or 20 digits.
fn nuvei_id<'a>(id: &'a str, field: &str, what: &str) -> Result<&'a str, SidecarError> {
    let id = crate::protocol::required(id, field)?;
    if id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SidecarError::invalid_field(field, format!("not a Nuvei {what} (digits only)")));
    }
    Ok(id)
}

fn transaction_id<'a>(id: &'a str, field: &str) -> Result<&'a str, SidecarError> {
    nuvei_id(id, field, "transactionId")
}

pub fn build_create_access_token(r: &CreateAccessTokenRequest, auth: &NuveiAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let ts = timestamp(ctx)?;
    let id = client_request_id(r.idempotency_key.as_ref(), ctx, &["getSessionToken"], &ts);
    Ok(post(ctx, "getSessionToken").json_body(&SessionTokenRequest::new(auth, id, ts), false))
}

pub fn parse_create_access_token(_: &CreateAccessTokenRequest, response: &HttpResponse, _: &Context) -> Result<AccessTokenResult, SidecarError> {
    responses::parse_session(response)
}

/// setupMandate's zero-authorization (amount 0, isRebilling 0) is one /payment: Nuvei's 3-D Secure
/// chain (initPayment, /payment with threeD, the liability-shift /payment) is a payment's.
const CHALLENGE_REFUSED: &str = "Nuvei's zero-authorization that saves a card (isRebilling 0) is one /payment, and its 3-D Secure \
     challenge a chain of calls (initPayment, /payment with the threeD block, the liability-shift /payment): authenticate \
     with your 3DS server and pass the result in threeDs.external (Nuvei's externalMpi), or leave mode auto/skip";

pub fn build_complete_authorize(r: &CompleteAuthorizeRequest, auth: &NuveiAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    three_ds::build_complete(r, auth, ctx)
}

pub fn parse_complete_authorize(r: &CompleteAuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    three_ds::parse_complete(r, response)
}

fn transaction_type(c: CaptureMethod) -> &'static str {
    match c {
        CaptureMethod::Manual => "Auth",
        CaptureMethod::Automatic => "Sale",
    }
}

/// The APM checks Nuvei's guides make mandatory: the shopper's userTokenId and IP address, and
/// what the APM's provider needs.
fn check_apm(r: &AuthorizeRequest, needs: &ApmNeeds) -> Result<(), SidecarError> {
    if r.capture_method == CaptureMethod::Manual {
        return Err(SidecarError::invalid_field(
            "request.captureMethod",
            "Nuvei's APM payments are Sale transactions the shopper approves at the provider: there is no Auth to settle later; use captureMethod automatic".into(),
        ));
    }
    user_token_id(r.customer.as_ref(), "Nuvei's APM payments name the shopper's userTokenId: give customer.id")?;
    if r.browser_info.as_ref().and_then(|b| present(&b.ip_address)).is_none() {
        return Err(SidecarError::missing_field("request.browserInfo.ipAddress", "Nuvei's APM payments require deviceDetails.ipAddress"));
    }
    let billing = r.billing_address.as_ref();
    let country = billing.and_then(|a| present(&a.country));
    if country.is_none() {
        return Err(SidecarError::missing_field("request.billingAddress.country", "Nuvei's APM payments require the shopper's country"));
    }
    if let (Some(only), Some(c)) = (needs.country, country) {
        if !c.eq_ignore_ascii_case(only) {
            return Err(SidecarError::invalid_field("request.billingAddress.country", format!("this APM is for shoppers in {only} only")));
        }
    }
    if let Some(only) = needs.currency {
        if r.amount.currency != only {
            return Err(SidecarError::invalid_field("request.amount.currency", format!("Nuvei takes this APM in {only} only")));
        }
    }
    if needs.name && (billing.and_then(|a| present(&a.first_name)).is_none() || billing.and_then(|a| present(&a.last_name)).is_none()) {
        return Err(SidecarError::missing_field("request.billingAddress.firstName", "this APM's provider requires the shopper's first and last name"));
    }
    let customer = r.customer.as_ref();
    if needs.email && customer.and_then(|c| present(&c.email)).is_none() {
        return Err(SidecarError::missing_field("request.customer.email", "this APM's provider requires the shopper's email"));
    }
    if needs.phone && customer.and_then(|c| present(&c.phone)).is_none() {
        return Err(SidecarError::missing_field("request.customer.phone", "this APM's provider requires the shopper's phone"));
    }
    Ok(())
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &NuveiAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if r.setup_future_usage.is_some() {
        return Err(SidecarError::invalid_field(
            "request.setupFutureUsage",
            "Nuvei saves a card as a user payment option under the shopper's userTokenId: use setupMandate (an Auth with isRebilling 0) to save it".into(),
        ));
    }
    if three_ds::runs(r) {
        return three_ds::build(r, auth, ctx);
    }
    let apm = requests::apm(&r.payment_method, None)?.map(|(_, needs)| needs);
    if let Some(needs) = &apm {
        check_apm(r, needs)?;
    }
    let mut option = payment_option(&r.payment_method, r.billing_address.as_ref(), r.customer.as_ref())?;
    if let Some(external) = &r.three_ds.external {
        match (&r.payment_method, option.card.as_mut()) {
            (PaymentMethod::Card(_), Some(card)) => card.three_d = Some(external_mpi(external)),
            _ => {
                return Err(SidecarError::invalid_field(
                    "request.threeDs.external",
                    "Nuvei takes an external 3-D Secure result (externalMpi) with card details only".into(),
                ))
            }
        }
    }
    let token = session_token(Some(&r.state))?;
    let ts = timestamp(ctx)?;
    let money = amount(&r.amount, "request.amount", false)?;
    let reference = crate::protocol::required(&r.merchant_transaction_id, "request.merchantTransactionId")?;
    let about = ["payment", reference, &money, &r.amount.currency];
    let parts = PaymentParts {
        session_token: token,
        client_request_id: client_request_id(r.idempotency_key.as_ref(), ctx, &about, &ts),
        client_unique_id: reference,
        amount: money,
        currency: &r.amount.currency,
        user_token_id: r.customer.as_ref().and_then(|c| present(&c.id)),
        transaction_type: Some(transaction_type(r.capture_method)),
        related_transaction_id: None,
        is_rebilling: None,
        payment_option: option,
        billing: r.billing_address.as_ref(),
        shipping: r.shipping_address.as_ref(),
        customer: r.customer.as_ref(),
        ip_address: r.browser_info.as_ref().and_then(|b| present(&b.ip_address)),
        notification_url: present(&r.webhook_url),
        // The shopper comes back from an APM's page to the merchant's returnUrl.
        return_url: if apm.is_some() { present(&r.return_url) } else { None },
        // A mobile money wallet's number: where its operator pushes the approval.
        payer_phone: requests::payer_phone(&r.payment_method),
        time_stamp: ts,
    };
    // Card data, a card token, a wallet's token or cryptogram, a 3-D Secure CAVV, a bank account,
    // or a mobile money wallet's number.
    let sensitive = apm.is_none() || r.three_ds.external.is_some() || matches!(r.payment_method, PaymentMethod::BankDebit(_) | PaymentMethod::MobileMoney(_));
    Ok(post(ctx, "payment").json_body(&PaymentRequest::new(auth, parts), sensitive))
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    if three_ds::runs(r) {
        return three_ds::parse(r, response);
    }
    let mut result = responses::parse_payment(response, &Reading { refused: PaymentStatus::Failure, what: "Nuvei refused the payment request", failed: "Nuvei declined the payment", asked: "the payment", known_id: None })?;
    // An APM's REDIRECT is the shopper's approval at the provider: the payment is pending until
    // Nuvei's DMN (or psync) says how it ended.
    if requests::is_apm(&r.payment_method) && result.status == PaymentStatus::AuthenticationPending {
        result.status = PaymentStatus::Pending;
        if let Some(url) = result.redirection.as_ref().map(|d| d.url.clone()) {
            let mut action = NextAction::new(NextActionType::Redirect);
            action.url = Some(url);
            result.next_action = Some(action);
        }
    }
    // A mobile money APM that answers PENDING with no page to open: the operator has pushed the
    // approval to the wallet's phone (a prompt, a USSD code or an OTP), and the DMN (or psync) says
    // how it ended.
    if matches!(r.payment_method, PaymentMethod::MobileMoney(_)) && result.status == PaymentStatus::Pending && result.next_action.is_none() {
        result.next_action = Some(NextAction::new(NextActionType::AwaitApproval));
    }
    Ok(result)
}

pub fn build_psync(r: &PsyncRequest, auth: &NuveiAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = transaction_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let ts = timestamp(ctx)?;
    Ok(post(ctx, "getTransactionDetails").json_body(&TransactionDetailsRequest::new(auth, id, ts), false))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = Reading { refused: PaymentStatus::Failure, what: "Nuvei refused the lookup", failed: "the payment failed", asked: "the transaction's status", known_id: Some(r.connector_transaction_id.trim()) };
    let mut result = responses::parse_details(response, &how)?;
    // A lookup Nuvei refused says nothing of the payment.
    if result.error.as_ref().is_some_and(|_| result.connector_status.is_none()) {
        result.status = PaymentStatus::Unresolved;
    }
    Ok(result)
}

pub fn build_capture(r: &CaptureRequest, auth: &NuveiAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let related = transaction_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let (money, field) = match (&r.amount_to_capture, &r.payment_amount) {
        (Some(m), _) => (m, "request.amountToCapture"),
        (None, Some(m)) => (m, "request.paymentAmount"),
        (None, None) => {
            // No amountToCapture means all of it, which Nuvei's settle must name: the authorized amount.
            return Err(SidecarError::missing_field(
                "request.paymentAmount",
                "Nuvei's settleTransaction names the amount to settle: give paymentAmount (the authorization, to settle all of it) or amountToCapture (part of it)",
            ))
        }
    };
    let ts = timestamp(ctx)?;
    let value = amount(money, field, false)?;
    let unique = present(&r.merchant_capture_id).or_else(|| present(&r.merchant_transaction_id));
    let about = ["settle", related, &value, &money.currency];
    let body = RelatedTransactionRequest::new(
        auth,
        RelatedParts {
            client_request_id: client_request_id(r.idempotency_key.as_ref(), ctx, &about, &ts),
            client_unique_id: unique,
            amount: value,
            currency: &money.currency,
            related_transaction_id: related,
            comment: None,
            notification_url: None,
            time_stamp: ts,
        },
        SETTLE_FIELDS,
    );
    Ok(post(ctx, "settleTransaction").json_body(&body, false))
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = Reading { refused: PaymentStatus::CaptureFailed, what: "Nuvei refused the settle request", failed: "the settle failed", asked: "the settle", known_id: Some(r.connector_transaction_id.trim()) };
    let captured = r.amount_to_capture.as_ref().or(r.payment_amount.as_ref());
    let mut result = responses::parse_operation(response, &how, captured)?;
    // Part of the authorization settled: the rest may be settled by more settleTransaction calls.
    if let (PaymentStatus::Charged, Some(to), Some(of)) = (result.status, &r.amount_to_capture, &r.payment_amount) {
        if to.currency == of.currency && to.minor_amount < of.minor_amount {
            result.status = PaymentStatus::PartialCharged;
        }
    }
    Ok(result)
}

pub fn build_void(r: &VoidRequest, auth: &NuveiAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let related = transaction_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let money = r.amount.as_ref().ok_or_else(|| {
        SidecarError::missing_field("request.amount", "Nuvei's voidTransaction names the amount and currency of the transaction it voids")
    })?;
    let ts = timestamp(ctx)?;
    let value = amount(money, "request.amount", false)?;
    let about = ["void", related, &value, &money.currency];
    let body = RelatedTransactionRequest::new(
        auth,
        RelatedParts {
            client_request_id: client_request_id(r.idempotency_key.as_ref(), ctx, &about, &ts),
            client_unique_id: present(&r.merchant_transaction_id),
            amount: value,
            currency: &money.currency,
            related_transaction_id: related,
            comment: present(&r.reason),
            notification_url: None,
            time_stamp: ts,
        },
        VOID_FIELDS,
    );
    Ok(post(ctx, "voidTransaction").json_body(&body, false))
}

pub fn parse_void(r: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = Reading { refused: PaymentStatus::VoidFailed, what: "Nuvei refused the void request", failed: "the void failed", asked: "the void", known_id: Some(r.connector_transaction_id.trim()) };
    responses::parse_operation(response, &how, None)
}

pub fn build_refund(r: &RefundRequest, auth: &NuveiAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let related = transaction_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let refund_id = crate::protocol::required(&r.merchant_refund_id, "request.merchantRefundId")?;
    let ts = timestamp(ctx)?;
    let value = amount(&r.refund_amount, "request.refundAmount", false)?;
    // Without an idempotencyKey the merchantRefundId, unique per refund, is the request's id.
    let key = r.idempotency_key.clone().or_else(|| Some(refund_id.to_string()));
    let about = ["refund", related, refund_id, &value];
    let body = RelatedTransactionRequest::new(
        auth,
        RelatedParts {
            client_request_id: client_request_id(key.as_ref(), ctx, &about, &ts),
            client_unique_id: Some(refund_id),
            amount: value,
            currency: &r.refund_amount.currency,
            related_transaction_id: related,
            comment: present(&r.reason),
            notification_url: present(&r.webhook_url),
            time_stamp: ts,
        },
        REFUND_FIELDS,
    );
    Ok(post(ctx, "refundTransaction").json_body(&body, false))
}

pub fn parse_refund(r: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, "Nuvei refused the refund", "the refund", None, Some(&r.refund_amount), false)
}

pub fn build_rsync(r: &RsyncRequest, auth: &NuveiAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = transaction_id(&r.connector_refund_id, "request.connectorRefundId")?;
    let ts = timestamp(ctx)?;
    Ok(post(ctx, "getTransactionDetails").json_body(&TransactionDetailsRequest::new(auth, id, ts), false))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, "Nuvei could not read the refund", "the refund's status", Some(r.connector_refund_id.trim()), r.refund_amount.as_ref(), true)
}

/// `userTokenId`: Nuvei keeps saved cards (user payment options) under the merchant's own id of
/// the user, which every call on them names.
fn user_token_id<'a>(customer: Option<&'a Customer>, why: &str) -> Result<&'a str, SidecarError> {
    let id = customer.and_then(|c| present(&c.id)).ok_or_else(|| SidecarError::missing_field("request.customer.id", why))?;
    if id.len() > 255 {
        return Err(SidecarError::invalid_field("request.customer.id", "Nuvei's userTokenId is at most 255 characters".into()));
    }
    Ok(id)
}

fn upo_id<'a>(id: &'a str, field: &str) -> Result<&'a str, SidecarError> {
    nuvei_id(id, field, "userPaymentOptionId")
}

/// setupMandate: the customer's first payment that saves the card: a `/payment.do` `Auth` with
/// the card, the user's `userTokenId` and `isRebilling` "0" ("Merchant-Initiated Transactions");
/// a zero amount is Nuvei's zero-authorization. The answer's `paymentOption.userPaymentOptionId`
/// is the mandate.
pub fn build_setup_mandate(r: &SetupMandateRequest, auth: &NuveiAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if r.three_ds.mode == ThreeDsMode::Challenge {
        return Err(SidecarError::invalid_field("request.threeDs.mode", CHALLENGE_REFUSED.into()));
    }
    let user = user_token_id(r.customer.as_ref(), "Nuvei saves a card under the user's userTokenId: give customer.id")?;
    let token = session_token(Some(&r.state))?;
    let ts = timestamp(ctx)?;
    let money = amount(&r.amount, "request.amount", true)?;
    let reference = crate::protocol::required(&r.merchant_transaction_id, "request.merchantTransactionId")?;
    let about = ["setup", reference, &money, &r.amount.currency];
    let parts = PaymentParts {
        session_token: token,
        client_request_id: client_request_id(r.idempotency_key.as_ref(), ctx, &about, &ts),
        client_unique_id: reference,
        amount: money,
        currency: &r.amount.currency,
        user_token_id: Some(user),
        transaction_type: Some("Auth"),
        related_transaction_id: None,
        is_rebilling: Some("0"),
        payment_option: {
            let mut option = payment_option(&r.payment_method, r.billing_address.as_ref(), r.customer.as_ref())?;
            if let (Some(external), Some(card)) = (&r.three_ds.external, option.card.as_mut()) {
                card.three_d = Some(external_mpi(external));
            }
            option
        },
        billing: r.billing_address.as_ref(),
        shipping: None,
        customer: r.customer.as_ref(),
        ip_address: r.browser_info.as_ref().and_then(|b| present(&b.ip_address)),
        notification_url: present(&r.webhook_url),
        return_url: None,
        payer_phone: None,
        time_stamp: ts,
    };
    Ok(post(ctx, "payment").json_body(&PaymentRequest::new(auth, parts), true))
}

pub fn parse_setup_mandate(_: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_payment(response, &Reading { refused: PaymentStatus::Failure, what: "Nuvei refused the request to save the card", failed: "Nuvei declined the card", asked: "the card's zero-authorization", known_id: None })?;
    if matches!(result.status, PaymentStatus::Authorized | PaymentStatus::Charged) && result.mandate_reference.is_none() {
        // Approved, but nothing saved: no mandate to charge later.
        result.status = PaymentStatus::Failure;
        result.error = Some(crate::protocol::ErrorInfo {
            code: crate::protocol::UnifiedErrorCode::ProcessingError,
            message: "Nuvei approved the payment but returned no userPaymentOptionId: the card was not saved".into(),
            connector_code: None,
            connector_message: None,
            decline_code: None,
            advice_code: None,
            decline_type: None,
        });
    }
    Ok(result)
}

/// repeatPayment: the merchant's later payment with the saved card: `/payment.do` with
/// `paymentOption.userPaymentOptionId`, the same `userTokenId`, and `isRebilling` "1" (a
/// merchant-initiated payment). No CVV: Nuvei does not ask for one on rebilling.
pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &NuveiAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let upo = upo_id(&r.mandate_reference, "request.mandateReference")?;
    let user = user_token_id(r.customer.as_ref(), "Nuvei's saved card belongs to the userTokenId it was saved under: give the same customer.id")?;
    let token = session_token(r.state.as_ref())?;
    let ts = timestamp(ctx)?;
    let money = amount(&r.amount, "request.amount", false)?;
    let reference = crate::protocol::required(&r.merchant_transaction_id, "request.merchantTransactionId")?;
    let about = ["repeat", reference, upo, &money, &r.amount.currency];
    let parts = PaymentParts {
        session_token: token,
        client_request_id: client_request_id(r.idempotency_key.as_ref(), ctx, &about, &ts),
        client_unique_id: reference,
        amount: money,
        currency: &r.amount.currency,
        user_token_id: Some(user),
        transaction_type: Some(transaction_type(r.capture_method)),
        related_transaction_id: None,
        is_rebilling: Some("1"),
        payment_option: PaymentOption { user_payment_option_id: Some(upo), ..Default::default() },
        billing: None,
        shipping: None,
        customer: r.customer.as_ref(),
        ip_address: None,
        notification_url: present(&r.webhook_url),
        return_url: None,
        payer_phone: None,
        time_stamp: ts,
    };
    Ok(post(ctx, "payment").json_body(&PaymentRequest::new(auth, parts), false))
}

pub fn parse_repeat_payment(_: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment(response, &Reading { refused: PaymentStatus::Failure, what: "Nuvei refused the payment request", failed: "Nuvei declined the payment", asked: "the payment", known_id: None })
}

/// revokeMandate: `/deleteUPO.do` with the user's `userTokenId` and the `userPaymentOptionId`.
pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &NuveiAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let upo = upo_id(&r.mandate_reference, "request.mandateReference")?;
    let user = user_token_id(r.customer.as_ref(), "Nuvei's deleteUPO names the userTokenId the card was saved under: give the same customer.id")?;
    let ts = timestamp(ctx)?;
    let id = client_request_id(r.idempotency_key.as_ref(), ctx, &["deleteUPO", user, upo], &ts);
    Ok(post(ctx, "deleteUPO").json_body(&DeleteUpoRequest::new(auth, user, upo, id, ts), false))
}

pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    responses::parse_delete_upo(response, r.mandate_reference.trim())
}

/// createSession: `/openOrder.do`, the order Nuvei's Web SDK completes (`createPayment()` with the
/// answer's sessionToken). `mode: setup` opens a zero-amount Auth (Nuvei's zero-authorization) under
/// the customer's userTokenId, which saves the card.
pub fn build_create_session(r: &CreateSessionRequest, auth: &NuveiAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let setup = r.mode == SessionMode::Setup;
    let user = if setup {
        Some(user_token_id(r.customer.as_ref(), "Nuvei saves a card under the user's userTokenId: give customer.id")?)
    } else {
        r.customer.as_ref().and_then(|c| present(&c.id))
    };
    let ts = timestamp(ctx)?;
    let money = amount(&r.amount, "request.amount", setup)?;
    let reference = crate::protocol::required(&r.merchant_transaction_id, "request.merchantTransactionId")?;
    let about = ["openOrder", reference, &money, &r.amount.currency];
    let body = OpenOrderRequest::new(
        auth,
        OpenOrderParts {
            client_request_id: client_request_id(r.idempotency_key.as_ref(), ctx, &about, &ts),
            client_unique_id: reference,
            amount: money,
            currency: &r.amount.currency,
            user_token_id: user,
            transaction_type: if setup || r.capture_method == CaptureMethod::Manual { "Auth" } else { "Sale" },
            billing: r.billing_address.as_ref(),
            customer: r.customer.as_ref(),
            return_url: present(&r.return_url),
            time_stamp: ts,
        },
    );
    Ok(post(ctx, "openOrder").json_body(&body, false))
}

pub fn parse_create_session(_: &CreateSessionRequest, response: &HttpResponse, ctx: &Context) -> Result<SessionResult, SidecarError> {
    responses::parse_open_order(response, crate::kit::time::now_unix(ctx.options)?)
}

//! Each PayPal flow: the call it makes and how its answer is read. Every flow but
//! createAccessToken runs on the access token from `request.state`; the client credentials are
//! still decoded for them, so that a malformed auth object shows early.

use super::requests::{self, VaultedSource};
use super::responses::{self, PaymentCall, RefundCall};
use super::webhooks;
use super::{
    PayPalAuth, OBJECT_AUTHORIZATION, OBJECT_CAPTURE, OBJECT_ORDER, OBJECT_SETUP_TOKEN, STATE_ACCESS_TOKEN, STATE_OBJECT,
    STATE_PAYMENT_SOURCE,
};
use crate::connectors::{path_id, Context};
use crate::kit::crypto::{basic_auth, sha256_hex};
use crate::kit::idempotency::main_key;
use crate::protocol::{
    AccessTokenResult, AuthorizeRequest, CaptureMethod, CaptureRequest, CompleteAuthorizeRequest, ConnectorState,
    CreateAccessTokenRequest, HttpMethod, HttpRequest, HttpResponse, PaymentMethod, PaymentResult, PaymentStatus,
    PsyncRequest, RefundRequest, RefundResult, RepeatPaymentRequest, RsyncRequest, SetupMandateRequest, SidecarError,
    VerifyWebhookRequest, VoidRequest, WebhookVerificationResult,
};

/// PayPal's limit for `PayPal-Request-Id` on Orders v2.
pub const MAX_REQUEST_ID: usize = 108;

/// The `PayPal-Request-Id` for the caller's key: the key itself when it fits, else `sha256-` and
/// its SHA-256 in hex (71 characters). The same key always gives the same header, so a retry is
/// recognised as one.
pub fn paypal_request_id(key: &str) -> String {
    if key.len() <= MAX_REQUEST_ID && key.is_ascii() {
        key.to_string()
    } else {
        format!("sha256-{}", sha256_hex(key.as_bytes()))
    }
}

fn request_id(key: Option<&str>) -> Option<String> {
    main_key(key.map(str::trim).filter(|k| !k.is_empty())).map(|k| paypal_request_id(&k))
}

/// The bearer token from `request.state`. Its value is never quoted in an error.
pub(crate) fn access_token(state: Option<&ConnectorState>) -> Result<&str, SidecarError> {
    state
        .and_then(|s| s.get(STATE_ACCESS_TOKEN))
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            SidecarError::missing_field(
                "request.state.accessToken",
                "PayPal takes an OAuth access token on every call: run the createAccessToken flow first and pass its \
                 result's state (accessToken) in request.state until expiresInSeconds runs out",
            )
        })
}

/// Which PayPal object `connectorTransactionId` names, from `request.state.paypalObject`.
fn object_of(state: Option<&ConnectorState>) -> Result<Option<&'static str>, SidecarError> {
    match state.and_then(|s| s.get(STATE_OBJECT)).map(|s| s.trim()) {
        None | Some("") => Ok(None),
        Some(OBJECT_ORDER) => Ok(Some(OBJECT_ORDER)),
        Some(OBJECT_AUTHORIZATION) => Ok(Some(OBJECT_AUTHORIZATION)),
        Some(OBJECT_CAPTURE) => Ok(Some(OBJECT_CAPTURE)),
        Some(OBJECT_SETUP_TOKEN) => Ok(Some(OBJECT_SETUP_TOKEN)),
        Some(_) => Err(SidecarError::invalid_field(
            "request.state.paypalObject",
            "must be order, authorization, capture or setup_token, as the previous result's state said".into(),
        )),
    }
}

fn bearer(method: HttpMethod, url: String, token: &str) -> HttpRequest {
    HttpRequest::new(method, url).secret_header("Authorization", format!("Bearer {token}"))
}

/// A POST that changes money: bearer, the whole resource back, and the idempotency key if any.
fn post(url: String, token: &str, key: Option<String>) -> HttpRequest {
    let mut r = bearer(HttpMethod::POST, url, token).header("Prefer", "return=representation");
    if let Some(k) = key {
        r = r.header("PayPal-Request-Id", k);
    }
    r
}

/// Refuses an id of the wrong PayPal object, when the caller's state says what it is.
fn require_object(state: Option<&ConnectorState>, wanted: &str, why: &str) -> Result<(), SidecarError> {
    match object_of(state)? {
        Some(o) if o != wanted => Err(SidecarError::invalid_field(
            "request.connectorTransactionId",
            format!("request.state.paypalObject says this is a PayPal {o} id; {why}"),
        )),
        _ => Ok(()),
    }
}

pub fn build_create_access_token(_: &CreateAccessTokenRequest, auth: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    Ok(HttpRequest::new(HttpMethod::POST, format!("{}/v1/oauth2/token", ctx.base_url()))
        .secret_header("Authorization", basic_auth(auth.client_id.expose(), auth.client_secret.expose()))
        .header("Accept", "application/json")
        .body("application/x-www-form-urlencoded", "grant_type=client_credentials".into(), false))
}

pub fn parse_create_access_token(_: &CreateAccessTokenRequest, response: &HttpResponse, _: &Context) -> Result<AccessTokenResult, SidecarError> {
    responses::parse_token(response)
}

pub fn build_authorize(r: &AuthorizeRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let token = access_token(Some(&r.state))?;
    let body = requests::CreateOrder::from_unified(r)?;
    // A card, a network token or a wallet's device account number with its cryptogram, or a BLIK code.
    let sensitive = matches!(
        &r.payment_method,
        PaymentMethod::Card(_) | PaymentMethod::NetworkToken(_) | PaymentMethod::ApplePay(_) | PaymentMethod::GooglePay(_) | PaymentMethod::BankRedirect(crate::protocol::BankRedirect { blik_code: Some(_), .. })
    );
    Ok(post(format!("{base}/v2/checkout/orders"), token, request_id(r.idempotency_key.as_deref()))
        .json_body(&body, sensitive))
}

pub fn parse_authorize(_: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_order(response, PaymentCall::CreateOrder, None)
}

pub fn build_complete_authorize(r: &CompleteAuthorizeRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let token = access_token(r.state.as_ref())?;
    if object_of(r.state.as_ref())? == Some(OBJECT_SETUP_TOKEN) {
        // The payer approved saving the wallet: the setup token becomes the payment token.
        let body = requests::CreatePaymentToken::from_setup_token(&r.connector_transaction_id)?;
        return Ok(post(format!("{base}/v3/vault/payment-tokens"), token, request_id(r.idempotency_key.as_deref()))
            .json_body(&body, false));
    }
    let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "PayPal")?;
    require_object(r.state.as_ref(), OBJECT_ORDER, "completeAuthorize takes the order id the payer approved")?;
    let action = match r.capture_method {
        CaptureMethod::Manual => "authorize",
        CaptureMethod::Automatic => "capture",
    };
    Ok(post(
        format!("{base}/v2/checkout/orders/{id}/{action}"),
        token,
        request_id(r.idempotency_key.as_deref()),
    )
    .json_body(&serde_json::json!({}), false))
}

pub fn parse_complete_authorize(r: &CompleteAuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    if object_of(r.state.as_ref())? == Some(OBJECT_SETUP_TOKEN) {
        return responses::parse_payment_token(response, Some(VaultedSource::PayPal));
    }
    responses::parse_order(response, PaymentCall::CompleteOrder, Some(r.connector_transaction_id.trim()))
}

pub fn build_psync(r: &PsyncRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let token = access_token(r.state.as_ref())?;
    let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "PayPal")?;
    let path = match object_of(r.state.as_ref())? {
        Some(OBJECT_ORDER) => format!("v2/checkout/orders/{id}"),
        Some(OBJECT_AUTHORIZATION) => format!("v2/payments/authorizations/{id}"),
        Some(OBJECT_SETUP_TOKEN) => format!("v3/vault/setup-tokens/{id}"),
        Some(_) => format!("v2/payments/captures/{id}"),
        None => {
            return Err(SidecarError::missing_field(
                "request.state.paypalObject",
                "PayPal keeps orders, authorizations and captures apart: pass the paypalObject the result \
                 that gave this connectorTransactionId had in its state (order, authorization or capture)",
            ))
        }
    };
    Ok(bearer(HttpMethod::GET, format!("{base}/{path}"), token))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let id = r.connector_transaction_id.trim();
    match object_of(r.state.as_ref())? {
        Some(OBJECT_ORDER) | None => responses::parse_order(response, PaymentCall::Get, Some(id)),
        Some(OBJECT_SETUP_TOKEN) => responses::parse_setup_token(response),
        Some(object) => responses::parse_payment_object(response, PaymentCall::Get, object, id),
    }
}

pub fn build_capture(r: &CaptureRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let token = access_token(r.state.as_ref())?;
    require_object(
        r.state.as_ref(),
        OBJECT_AUTHORIZATION,
        "capture takes the authorization id of a manual-capture payment (an automatic one is captured already)",
    )?;
    let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "PayPal")?;
    let body = requests::CaptureAuthorization::from_unified(r)?;
    Ok(post(
        format!("{base}/v2/payments/authorizations/{id}/capture"),
        token,
        request_id(r.idempotency_key.as_deref()),
    )
    .json_body(&body, false))
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment_object(
        response,
        PaymentCall::Capture,
        OBJECT_CAPTURE,
        r.connector_transaction_id.trim(),
    )
    .map(|mut p| {
        // A refused capture leaves the authorization as it was: keep its id and object.
        if p.status == PaymentStatus::CaptureFailed && p.state.is_none() {
            p.state = Some(ConnectorState::from([(STATE_OBJECT.to_string(), OBJECT_AUTHORIZATION.to_string())]));
        }
        p
    })
}

pub fn build_void(r: &VoidRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let token = access_token(r.state.as_ref())?;
    require_object(
        r.state.as_ref(),
        OBJECT_AUTHORIZATION,
        "void takes the authorization id of an uncaptured payment; a capture is undone by refund",
    )?;
    let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "PayPal")?;
    // No body. PayPal-Request-Id: today's API and SDK (paypal-server-sdk 2.5 voidPayment)
    // take it, the 2024 spec does not list it; a repeated void without it is still read
    // as voided (see the module notes).
    Ok(post(
        format!("{base}/v2/payments/authorizations/{id}/void"),
        token,
        request_id(r.idempotency_key.as_deref()),
    ))
}

pub fn parse_void(r: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_payment_object(
        response,
        PaymentCall::Void,
        OBJECT_AUTHORIZATION,
        r.connector_transaction_id.trim(),
    )
    
}

pub fn build_refund(r: &RefundRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let token = access_token(r.state.as_ref())?;
    require_object(
        r.state.as_ref(),
        OBJECT_CAPTURE,
        "refund takes a capture id (the result of capture, or of an automatic-capture authorize)",
    )?;
    let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "PayPal")?;
    let body = requests::RefundCapture::from_unified(r)?;
    // One refund is one merchantRefundId, so it is an honest key when the caller gives none.
    let key = request_id(r.idempotency_key.as_deref()).or_else(|| request_id(Some(&r.merchant_refund_id)));
    Ok(post(format!("{base}/v2/payments/captures/{id}/refund"), token, key).json_body(&body, false))
}

pub fn parse_refund(_: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, RefundCall::Create, None)
}

pub fn build_rsync(r: &RsyncRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let token = access_token(r.state.as_ref())?;
    let id = path_id(&r.connector_refund_id, "request.connectorRefundId", "PayPal")?;
    Ok(bearer(HttpMethod::GET, format!("{base}/v2/payments/refunds/{id}"), token))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, RefundCall::Get, Some(r.connector_refund_id.trim()))
}

pub fn build_setup_mandate(r: &SetupMandateRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let token = access_token(Some(&r.state))?;
    if r.amount.minor_amount != 0 {
        return Err(SidecarError::invalid_field(
            "request.amount.minorAmount",
            "PayPal's Vault saves a payment method without a payment: pass 0 (PayPal checks a card without charging it)".into(),
        ));
    }
    let key = request_id(r.idempotency_key.as_deref());
    match &r.payment_method {
        PaymentMethod::Card(card) => {
            let body = requests::CreatePaymentToken::from_card(r, card)?;
            Ok(post(format!("{base}/v3/vault/payment-tokens"), token, key).json_body(&body, true))
        }
        PaymentMethod::PayPal(_) => {
            let body = requests::CreateSetupToken::for_wallet(r)?;
            Ok(post(format!("{base}/v3/vault/setup-tokens"), token, key).json_body(&body, false))
        }
        other => Err(SidecarError::payment_method_not_supported(&format!(
            "PayPal's Vault saves card and paypal payment methods, not {}",
            other.type_name()
        ))),
    }
}

pub fn parse_setup_mandate(r: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    match r.payment_method {
        PaymentMethod::PayPal(_) => responses::parse_setup_token(response),
        _ => responses::parse_payment_token(response, Some(VaultedSource::Card)),
    }
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let token = access_token(r.state.as_ref())?;
    let source = vaulted_source(r.state.as_ref())?;
    let body = requests::CreateOrder::from_repeat(r, source)?;
    Ok(post(format!("{base}/v2/checkout/orders"), token, request_id(r.idempotency_key.as_deref()))
        .json_body(&body, false))
}

pub fn parse_repeat_payment(_: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_order(response, PaymentCall::CreateOrder, None)
}

pub fn build_verify_webhook(r: &VerifyWebhookRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    access_token(r.state.as_ref())?;
    webhooks::verify_request(r, base)
}

pub fn parse_verify_webhook(r: &VerifyWebhookRequest, response: &HttpResponse, _: &Context) -> Result<WebhookVerificationResult, SidecarError> {
    responses::parse_verification(response, webhooks::body_sha256(&r.body))
}

/// What the Vault payment token of a repeatPayment holds, from `request.state.paymentSource`
/// (the setupMandate result's state).
fn vaulted_source(state: Option<&ConnectorState>) -> Result<VaultedSource, SidecarError> {
    let field = "request.state.paymentSource";
    match state.and_then(|s| s.get(STATE_PAYMENT_SOURCE)).map(|s| s.trim()) {
        None | Some("") => Err(SidecarError::missing_field(
            field,
            "PayPal charges a saved card as payment_source.card and a saved wallet as payment_source.paypal: pass the \
             setupMandate result's state (paymentSource card or paypal)",
        )),
        Some(s) => VaultedSource::parse(s)
            .ok_or_else(|| SidecarError::invalid_field(field, "must be card or paypal, as the setupMandate result's state said".into())),
    }
}

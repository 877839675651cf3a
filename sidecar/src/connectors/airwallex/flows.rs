//! Each Airwallex flow: the call it makes and how its answer is read. Every flow but
//! createAccessToken runs on the bearer token from `request.state.accessToken`.

use super::requests::{
    CancelPaymentIntent, CapturePaymentIntent, ConfirmPaymentIntent, CreatePaymentIntent, CreateRefund, IncrementAuthorization,
};
use super::responses::{self, IntentCall};
use super::{AirwallexAuth, API_VERSION, STATE_ACCESS_TOKEN, STATE_INTENT};
use crate::connectors::{path_id, Context};
use crate::protocol::{
    AccessTokenResult, AuthorizeRequest, CaptureRequest, ConnectorState, CreateAccessTokenRequest, CreateSessionRequest, HttpMethod,
    HttpRequest, HttpResponse, IncrementalAuthorizationRequest, PaymentMethod, PaymentResult, PsyncRequest, RefundRequest, RefundResult, RsyncRequest, SessionResult,
    SidecarError, VoidRequest,
};

/// The bearer token from `request.state`. Its value is never quoted in an error.
pub(super) fn access_token(state: Option<&ConnectorState>) -> Result<&str, SidecarError> {
    state.and_then(|s| s.get(STATE_ACCESS_TOKEN)).map(|t| t.trim()).filter(|t| !t.is_empty()).ok_or_else(|| {
        SidecarError::missing_field(
            "request.state.accessToken",
            "Airwallex takes a bearer token on every call: run the createAccessToken flow first and pass its result's \
             state (accessToken) in request.state until expiresInSeconds runs out",
        )
    })
}

pub(super) fn bearer(method: HttpMethod, url: String, token: &str) -> HttpRequest {
    HttpRequest::new(method, url).secret_header("Authorization", format!("Bearer {token}")).header("x-api-version", API_VERSION)
}

pub(super) fn post(url: String, token: &str) -> HttpRequest {
    bearer(HttpMethod::POST, url, token).header("Content-Type", "application/json")
}

fn intent_id(id: &str, field: &str) -> Result<String, SidecarError> {
    path_id(id, field, "Airwallex")
}

pub fn build_create_access_token(_: &CreateAccessTokenRequest, auth: &AirwallexAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    // No body: the credentials are the two headers.
    Ok(HttpRequest::new(HttpMethod::POST, format!("{}/api/v1/authentication/login", ctx.base_url()))
        .secret_header("x-client-id", auth.client_id())
        .secret_header("x-api-key", auth.api_key())
        .header("x-api-version", API_VERSION))
}

pub fn parse_create_access_token(_: &CreateAccessTokenRequest, response: &HttpResponse, ctx: &Context) -> Result<AccessTokenResult, SidecarError> {
    responses::parse_token(response, ctx.options)
}

pub fn build_create_session(r: &CreateSessionRequest, _: &AirwallexAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let body = CreatePaymentIntent::for_session(r)?;
    Ok(post(format!("{}/api/v1/pa/payment_intents/create", ctx.base_url()), token).json_body(&body, false))
}

pub fn parse_create_session(_: &CreateSessionRequest, response: &HttpResponse, _: &Context) -> Result<SessionResult, SidecarError> {
    responses::parse_session(response)
}

/// The PaymentIntent this authorize confirms: `request.state.paymentIntentId`, or None for the first call.
fn intent_of(r: &AuthorizeRequest) -> Result<Option<String>, SidecarError> {
    match r.state.get(STATE_INTENT).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        Some(id) => intent_id(id, "request.state.paymentIntentId").map(Some),
        None => Ok(None),
    }
}

pub fn build_authorize(r: &AuthorizeRequest, _: &AirwallexAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(Some(&r.state))?;
    let base = ctx.base_url();
    match intent_of(r)? {
        None => {
            // First call: the PaymentIntent (amount, currency, order); no card data goes out yet.
            // A local method the confirm could not send is refused now, before an intent exists.
            super::payment_methods::local_method(r)?;
            let body = CreatePaymentIntent::for_authorize(r)?;
            Ok(post(format!("{base}/api/v1/pa/payment_intents/create"), token).json_body(&body, false))
        }
        Some(id) => {
            let body = ConfirmPaymentIntent::for_authorize(r, &id)?;
            // A card, a wallet's token or cryptogram, a bank account: the body pays on its own.
            let sensitive = matches!(
                r.payment_method,
                PaymentMethod::Card(_) | PaymentMethod::ApplePay(_) | PaymentMethod::GooglePay(_) | PaymentMethod::BankDebit(_)
            ) || r.three_ds.external.is_some();
            Ok(post(format!("{base}/api/v1/pa/payment_intents/{id}/confirm"), token).json_body(&body, sensitive))
        }
    }
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    match intent_of(r)? {
        None => responses::parse_intent(response, IntentCall::Create, None),
        Some(id) => responses::parse_intent(
            response,
            IntentCall::Confirm { authenticates: super::payment_methods::request_authenticates(&r.payment_method) },
            Some(&id),
        ),
    }
}

pub fn build_psync(r: &PsyncRequest, _: &AirwallexAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = intent_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    Ok(bearer(HttpMethod::GET, format!("{}/api/v1/pa/payment_intents/{id}", ctx.base_url()), token))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_intent(response, IntentCall::Get, Some(r.connector_transaction_id.trim()))
}

pub fn build_capture(r: &CaptureRequest, _: &AirwallexAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = intent_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let body = CapturePaymentIntent::from_unified(r, &id)?;
    Ok(post(format!("{}/api/v1/pa/payment_intents/{id}/capture", ctx.base_url()), token).json_body(&body, false))
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_intent(response, IntentCall::Capture, Some(r.connector_transaction_id.trim()))
}

/// `POST /payment_intents/{id}/increment_authorization` with the new total (the amount authorized so
/// far, `request.paymentAmount`, plus `request.additionalAmount`).
pub fn build_incremental_authorization(
    r: &IncrementalAuthorizationRequest,
    _: &AirwallexAuth,
    ctx: &Context,
) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = intent_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let body = IncrementAuthorization::from_unified(r, &id)?;
    Ok(post(format!("{}/api/v1/pa/payment_intents/{id}/increment_authorization", ctx.base_url()), token).json_body(&body, false))
}

/// The PaymentIntent, REQUIRES_CAPTURE with `amount` the new total; a refused increment (its 400
/// codes: `issuer_declined`, `invalid_status_for_operation`, ...) is `failure` with the error, the
/// earlier authorization standing.
pub fn parse_incremental_authorization(
    r: &IncrementalAuthorizationRequest,
    response: &HttpResponse,
    _: &Context,
) -> Result<PaymentResult, SidecarError> {
    responses::parse_intent(response, IntentCall::Increment, Some(r.connector_transaction_id.trim()))
}

pub fn build_void(r: &VoidRequest, _: &AirwallexAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = intent_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let body = CancelPaymentIntent::from_unified(r, &id);
    Ok(post(format!("{}/api/v1/pa/payment_intents/{id}/cancel", ctx.base_url()), token).json_body(&body, false))
}

pub fn parse_void(r: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_intent(response, IntentCall::Cancel, Some(r.connector_transaction_id.trim()))
}

pub fn build_refund(r: &RefundRequest, _: &AirwallexAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = crate::connectors::required(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let body = CreateRefund::from_unified(r, id)?;
    Ok(post(format!("{}/api/v1/pa/refunds/create", ctx.base_url()), token).json_body(&body, false))
}

pub fn parse_refund(_: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, None)
}

pub fn build_rsync(r: &RsyncRequest, _: &AirwallexAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = path_id(&r.connector_refund_id, "request.connectorRefundId", "Airwallex")?;
    Ok(bearer(HttpMethod::GET, format!("{}/api/v1/pa/refunds/{id}", ctx.base_url()), token))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, Some(r.connector_refund_id.trim()))
}

//! Each Worldpay flow: the call it makes and how its answer is read.

use super::apm;
use super::requests::{self, Defaults, PartialRefundRequest, PartialSettleRequest};
use super::responses::{self, parse_payment, valid_link_data, Reading};
use super::{WorldpayAuth, API_VERSION, API_VERSION_HEADER};
use crate::connectors::Context;
use crate::kit::crypto::basic_auth;
use crate::protocol::{
    AuthorizeRequest, CaptureRequest, CompleteAuthorizeRequest, HttpMethod, HttpRequest, HttpResponse, MandateResult, MandateStatus, PaymentResult, PaymentStatus,
    PsyncRequest, RefundRequest, RefundResult, RepeatPaymentRequest, ReverseRequest, RevokeMandateRequest, RsyncRequest,
    SetupMandateRequest, SidecarError, VoidRequest,
};

fn call(method: HttpMethod, url: String, auth: &WorldpayAuth) -> HttpRequest {
    HttpRequest::new(method, url)
        .secret_header("Authorization", basic_auth(auth.username(), auth.password()))
        .header(API_VERSION_HEADER, API_VERSION)
}

/// A call of the APM API: its own version header.
fn apm_call(method: HttpMethod, url: String, auth: &WorldpayAuth) -> HttpRequest {
    HttpRequest::new(method, url)
        .secret_header("Authorization", basic_auth(auth.username(), auth.password()))
        .header(API_VERSION_HEADER, apm::APM_API_VERSION)
}

fn apm_post(url: String, auth: &WorldpayAuth) -> HttpRequest {
    apm_call(HttpMethod::POST, url, auth).header("Content-Type", "application/json")
}

fn apm_payments(ctx: &Context) -> String {
    format!("{}/apmPayments", ctx.base_url())
}

fn post(url: String, auth: &WorldpayAuth) -> HttpRequest {
    call(HttpMethod::POST, url, auth).header("Content-Type", "application/json")
}

/// An action Worldpay's spec gives no body (refunds, cancellations) or an optional empty one
/// (settlements, reversals): sent without a body, so without Content-Type either.
fn post_bare(url: String, auth: &WorldpayAuth) -> HttpRequest {
    call(HttpMethod::POST, url, auth)
}

fn defaults(auth: &WorldpayAuth) -> Defaults<'_> {
    Defaults { entity: auth.entity(), narrative: auth.narrative() }
}

/// A linkData given back by the caller, checked before it goes into a path verbatim.
fn link(id: &str, field: &str) -> Result<String, SidecarError> {
    let id = crate::protocol::required(id, field)?;
    // A whole href is accepted too (what `_links.self.href` says).
    let data = responses::link_data(id).unwrap_or_else(|| id.to_string());
    if !valid_link_data(&data) {
        return Err(SidecarError::invalid_field(
            field,
            "not a Worldpay linkData (the id of a payment's links, as connectorTransactionId gives it)".into(),
        ));
    }
    Ok(data)
}

fn payments(ctx: &Context) -> String {
    format!("{}/api/payments", ctx.base_url())
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &WorldpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if apm::takes(&r.payment_method) {
        let body = apm::authorize(r, auth.entity(), auth.narrative())?;
        // A debit's IBAN or account number is in the body.
        return Ok(apm_post(apm_payments(ctx), auth).json_body(&body, apm::carries_account(&r.payment_method)));
    }
    let body = requests::authorize(r, &defaults(auth))?;
    // Card data, a wallet token or a session href.
    Ok(post(payments(ctx), auth).json_body(&body, true))
}

fn paying() -> Reading<'static> {
    Reading { known_id: None, read_only: false, refused: PaymentStatus::Failure, what: "Worldpay refused the payment" }
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    if apm::takes(&r.payment_method) {
        return apm::parse_payment(response, None, false, PaymentStatus::Failure, "Worldpay refused the APM payment");
    }
    let (mut result, p) = parse_payment(response, &paying())?;
    if r.setup_future_usage.is_some() {
        result.mandate_reference = p.as_ref().and_then(|p| p.token.as_ref()).and_then(|t| crate::kit::text::present_owned(&t.href));
    }
    Ok(result)
}

/// completeAuthorize continues Worldpay's integrated 3DS on the linkData its last answer gave
/// (connectorTransactionId) with the action its `state.worldpay3ds` names:
/// - `3dsDeviceData` (after `3dsDeviceDataRequired`): `POST .../3dsDeviceData` with
///   `collectionReference`, the SessionId the device data collection page posted back
///   (`redirectPayload.collectionReference`, or `SessionId` as the page names it); without one
///   Worldpay still continues, with more challenges;
/// - `3dsChallenges` (after `3dsChallenged`, once the issuer returned the shopper to returnUrl):
///   `POST .../3dsChallenges`, no body.
/// Without the state, a collectionReference means the first.
pub fn build_complete_authorize(r: &CompleteAuthorizeRequest, auth: &WorldpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = link(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let payload = r.redirect_payload.as_ref();
    let collection_reference = payload
        .and_then(|p| p.get("collectionReference").or_else(|| p.get("SessionId")).or_else(|| p.get("sessionId")))
        .map(|c| c.trim())
        .filter(|c| !c.is_empty());
    let step = match r.state.as_ref().and_then(|s| s.get(responses::THREE_DS_STATE_KEY)).map(String::as_str) {
        Some(s @ (responses::STEP_DEVICE_DATA | responses::STEP_CHALLENGE)) => s,
        Some(_) => {
            return Err(SidecarError::invalid_field(
                &format!("request.state.{}", responses::THREE_DS_STATE_KEY),
                "not a Worldpay 3DS action: pass the state the 3dsDeviceDataRequired or 3dsChallenged result gave".into(),
            ))
        }
        None if collection_reference.is_some() => responses::STEP_DEVICE_DATA,
        None => {
            return Err(SidecarError::missing_field(
                &format!("request.state.{}", responses::THREE_DS_STATE_KEY),
                "Worldpay continues 3DS with .../3dsDeviceData or .../3dsChallenges: pass the state of the result \
                 that asked for it (or redirectPayload.collectionReference after device data collection)",
            ))
        }
    };
    if step == responses::STEP_CHALLENGE {
        return Ok(post_bare(format!("{}/{id}/3dsChallenges", payments(ctx)), auth));
    }
    if let Some(c) = collection_reference {
        if c.len() > 1024 || !c.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(SidecarError::invalid_field(
                "request.redirectPayload.collectionReference",
                "not a device data collection SessionId (printable characters, at most 1024)".into(),
            ));
        }
    }
    let body = requests::DeviceDataRequest { collection_reference };
    Ok(post(format!("{}/{id}/3dsDeviceData", payments(ctx)), auth).json_body(&body, false))
}

/// The answer of either 3DS action: authorized or sentForSettlement (frictionless, or after the
/// challenge), 3dsChallenged (another completeAuthorize), refused, 3dsAuthenticationFailed,
/// 3dsUnavailable. A token created with the payment (setupMandate, setupFutureUsage) is in the
/// final answer.
pub fn parse_complete_authorize(_: &CompleteAuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let (mut result, p) = parse_payment(response, &paying())?;
    if let Some(token) = p.as_ref().and_then(|p| p.token.as_ref()) {
        result.mandate_reference = crate::kit::text::present_owned(&token.href);
    }
    Ok(result)
}

pub fn build_psync(r: &PsyncRequest, auth: &WorldpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = link(&r.connector_transaction_id, "request.connectorTransactionId")?;
    if apm::is_apm(r.state.as_ref()) {
        return Ok(apm_call(HttpMethod::GET, format!("{}/{id}", apm_payments(ctx)), auth));
    }
    Ok(call(HttpMethod::GET, format!("{}/{id}", payments(ctx)), auth))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    if apm::is_apm(r.state.as_ref()) {
        return apm::parse_payment(response, Some(r.connector_transaction_id.trim()), true, PaymentStatus::Unresolved, "Worldpay could not read the APM payment");
    }
    let how = Reading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: true,
        refused: PaymentStatus::Unresolved,
        what: "Worldpay could not read the payment",
    };
    Ok(parse_payment(response, &how)?.0)
}

/// Whole settlement (`/settlements`, no body) unless a part is asked: `/partialSettlements` with
/// `value` and `reference` (Worldpay settles in several parts until the authorization is used).
pub fn build_capture(r: &CaptureRequest, auth: &WorldpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = link(&r.connector_transaction_id, "request.connectorTransactionId")?;
    if apm::is_apm(r.state.as_ref()) {
        return build_apm_capture(r, &id, auth, ctx);
    }
    let partial = match (&r.amount_to_capture, &r.payment_amount) {
        (Some(c), Some(p)) => c.minor_amount != p.minor_amount || c.currency != p.currency,
        (Some(_), None) => true,
        (None, _) => false,
    };
    if !partial {
        if let Some(c) = &r.amount_to_capture {
            requests::value(c, "request.amountToCapture", false)?;
        }
        return Ok(post_bare(format!("{}/{id}/settlements", payments(ctx)), auth));
    }
    let amount = r.amount_to_capture.as_ref().expect("partial has an amount");
    let reference = r.merchant_capture_id.as_deref().or(r.merchant_transaction_id.as_deref()).ok_or_else(|| {
        SidecarError::missing_field(
            "request.merchantCaptureId",
            "Worldpay's partial settlement requires a reference: pass merchantCaptureId (or merchantTransactionId)",
        )
    })?;
    let body = PartialSettleRequest {
        value: requests::value(amount, "request.amountToCapture", false)?,
        reference: requests::reference(reference, "request.merchantCaptureId")?,
    };
    Ok(post(format!("{}/{id}/partialSettlements", payments(ctx)), auth).json_body(&body, false))
}

/// An APM payment taken with `settlement.auto: false` (PayPal): `/settlements` with `value` (the
/// APM API requires it) for the whole, `/partialSettlements` with `value` and `reference` for a part.
fn build_apm_capture(r: &CaptureRequest, id: &str, auth: &WorldpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let (amount, field) = match (&r.amount_to_capture, &r.payment_amount) {
        (Some(c), _) => (c, "request.amountToCapture"),
        (None, Some(p)) => (p, "request.paymentAmount"),
        (None, None) => {
            return Err(SidecarError::missing_field("request.amountToCapture", "Worldpay's APM settlement names its value: pass amountToCapture"))
        }
    };
    let value = requests::value(amount, field, false)?;
    let partial = r.payment_amount.as_ref().is_some_and(|p| p.minor_amount != amount.minor_amount || p.currency != amount.currency);
    if !partial {
        return Ok(apm_post(format!("{}/{id}/settlements", apm_payments(ctx)), auth).json_body(&apm::AmountRequest { reference: None, value }, false));
    }
    let reference = r.merchant_capture_id.as_deref().or(r.merchant_transaction_id.as_deref()).ok_or_else(|| {
        SidecarError::missing_field("request.merchantCaptureId", "Worldpay's partial settlement requires a reference: pass merchantCaptureId")
    })?;
    let body = apm::AmountRequest { reference: Some(apm::apm_reference(reference, "request.merchantCaptureId")?), value };
    Ok(apm_post(format!("{}/{id}/partialSettlements", apm_payments(ctx)), auth).json_body(&body, false))
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    if apm::is_apm(r.state.as_ref()) {
        let mut result = apm::parse_payment(response, Some(r.connector_transaction_id.trim()), false, PaymentStatus::CaptureFailed, "Worldpay refused the settlement")?;
        if result.status == PaymentStatus::Charged {
            result.amount_captured = r.amount_to_capture.clone().or_else(|| r.payment_amount.clone());
        }
        return Ok(result);
    }
    let how = Reading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: false,
        refused: PaymentStatus::CaptureFailed,
        what: "Worldpay refused the settlement",
    };
    let (mut result, p) = parse_payment(response, &how)?;
    if result.status == PaymentStatus::Charged {
        // A partial settlement that leaves some of the authorization: Worldpay still offers
        // partiallySettlePayment on the answer.
        if p.as_ref().is_some_and(|p| p.has_action("partiallySettlePayment")) {
            result.status = PaymentStatus::PartialCharged;
        }
        result.amount_captured = r.amount_to_capture.clone().or_else(|| r.payment_amount.clone());
    }
    Ok(result)
}

pub fn build_void(r: &VoidRequest, auth: &WorldpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = link(&r.connector_transaction_id, "request.connectorTransactionId")?;
    if apm::is_apm(r.state.as_ref()) {
        return Err(SidecarError::invalid_field(
            "request.state.worldpayApi",
            "Worldpay's APM API has no cancellation: an APM payment's money is given back with a reversal (refund)".into(),
        ));
    }
    Ok(post_bare(format!("{}/{id}/cancellations", payments(ctx)), auth))
}

pub fn parse_void(r: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = Reading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: false,
        refused: PaymentStatus::VoidFailed,
        what: "Worldpay refused the cancellation",
    };
    Ok(parse_payment(response, &how)?.0)
}

/// The whole payment (`/refunds`, no body) when the refund is the payment amount, else
/// `/partialRefunds` with `value` and `reference` (several partial refunds are allowed).
pub fn build_refund(r: &RefundRequest, auth: &WorldpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = link(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let value = requests::value(&r.refund_amount, "request.refundAmount", false)?;
    let whole = r.payment_amount.as_ref().is_some_and(|p| p.minor_amount == r.refund_amount.minor_amount && p.currency == r.refund_amount.currency);
    if apm::is_apm(r.state.as_ref()) {
        // `/reversals` (value required) for the whole payment, `/partialReversals` with a reference for a part.
        if whole {
            return Ok(apm_post(format!("{}/{id}/reversals", apm_payments(ctx)), auth).json_body(&apm::AmountRequest { reference: None, value }, false));
        }
        let body = apm::AmountRequest { reference: Some(apm::apm_reference(&r.merchant_refund_id, "request.merchantRefundId")?), value };
        return Ok(apm_post(format!("{}/{id}/partialReversals", apm_payments(ctx)), auth).json_body(&body, false));
    }
    if whole {
        return Ok(post_bare(format!("{}/{id}/refunds", payments(ctx)), auth));
    }
    let body = PartialRefundRequest { value, reference: requests::reference(&r.merchant_refund_id, "request.merchantRefundId")? };
    Ok(post(format!("{}/{id}/partialRefunds", payments(ctx)), auth).json_body(&body, false))
}

pub fn parse_refund(r: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    if apm::is_apm(r.state.as_ref()) {
        return apm::parse_refund(response, r.connector_transaction_id.trim(), &r.refund_amount);
    }
    responses::parse_refund(response, Some(&r.refund_amount))
}

pub fn build_rsync(r: &RsyncRequest, auth: &WorldpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = link(&r.connector_refund_id, "request.connectorRefundId")?;
    if apm::is_apm(r.state.as_ref()) {
        return Ok(apm_call(HttpMethod::GET, format!("{}/{id}", apm_payments(ctx)), auth));
    }
    Ok(call(HttpMethod::GET, format!("{}/{id}", payments(ctx)), auth))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    if apm::is_apm(r.state.as_ref()) {
        return apm::parse_refund_query(response, r.connector_refund_id.trim());
    }
    responses::parse_refund_query(response, r.connector_refund_id.trim())
}

pub fn build_setup_mandate(r: &SetupMandateRequest, auth: &WorldpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = requests::setup_mandate(r, &defaults(auth))?;
    Ok(post(payments(ctx), auth).json_body(&body, true))
}

pub fn parse_setup_mandate(_: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let (mut result, p) = parse_payment(response, &paying())?;
    if let Some(token) = p.as_ref().and_then(|p| p.token.as_ref()) {
        result.mandate_reference = crate::kit::text::present_owned(&token.href);
        // The scheme reference the subsequent payments of the series send back.
        if result.network_transaction_id.is_none() {
            result.network_transaction_id = crate::kit::text::present_owned(&token.scheme_reference);
        }
    }
    Ok(result)
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &WorldpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = requests::repeat(r, &defaults(auth))?;
    // The token href charges the saved card: treat it like card data.
    Ok(post(payments(ctx), auth).json_body(&body, true))
}

pub fn parse_repeat_payment(r: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let (mut result, _) = parse_payment(response, &paying())?;
    if !matches!(result.status, PaymentStatus::Failure | PaymentStatus::Unresolved) {
        result.mandate_reference = Some(r.mandate_reference.trim().to_string());
    }
    Ok(result)
}

/// `POST /api/payments/{linkData}/reversals`: cancels an authorized payment or refunds a settled
/// one, whichever it is (`sentForReversal`: Worldpay confirms later by event).
pub fn build_reverse(r: &ReverseRequest, auth: &WorldpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = link(&r.connector_transaction_id, "request.connectorTransactionId")?;
    Ok(post_bare(format!("{}/{id}/reversals", payments(ctx)), auth))
}

pub fn parse_reverse(r: &ReverseRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = Reading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: false,
        refused: PaymentStatus::VoidFailed,
        what: "Worldpay refused the reversal",
    };
    Ok(parse_payment(response, &how)?.0)
}

/// The Tokens API's media type (version 3): its `Accept` on every call.
pub const TOKENS_MEDIA_TYPE: &str = "application/vnd.worldpay.tokens-v3.hal+json";

/// The token href setupMandate gave (`https://{host}/tokens/{tokenId}`), checked to be a token of
/// the Worldpay environment this call goes to, since the credentials go with it: its tokenId is one
/// path segment of URL-safe characters.
fn token_url(href: &str, ctx: &Context) -> Result<String, SidecarError> {
    let href = crate::protocol::required(href, "request.mandateReference")?;
    let prefix = format!("{}/tokens/", ctx.base_url().trim_end_matches('/'));
    let id = href.strip_prefix(&prefix).unwrap_or("");
    if !valid_link_data(id) {
        return Err(SidecarError::invalid_field(
            "request.mandateReference",
            "a Worldpay token href of this environment (https://{host}/tokens/{tokenId}), as setupMandate's mandateReference gives it".into(),
        ));
    }
    Ok(format!("{prefix}{id}"))
}

/// revokeMandate → the Tokens API's `DELETE /tokens/{tokenId}` (no body, so no Content-Type;
/// `Accept` names the API version, as the Tokens API asks of every request).
pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &WorldpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let url = token_url(&r.mandate_reference, ctx)?;
    Ok(HttpRequest::new(HttpMethod::DELETE, url)
        .secret_header("Authorization", basic_auth(auth.username(), auth.password()))
        .header("Accept", TOKENS_MEDIA_TYPE))
}

/// 204 "The token was successfully deleted"; anything else is Worldpay's error body.
pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    let mandate = Some(r.mandate_reference.trim().to_string());
    if response.is_success() {
        return Ok(MandateResult { status: MandateStatus::Revoked, mandate_reference: mandate, connector_status: None, error: None, http_status: response.status });
    }
    let e = responses::error_body(response)?;
    Ok(MandateResult {
        status: MandateStatus::Failure,
        mandate_reference: mandate,
        connector_status: None,
        error: Some(responses::api_error(response.status, &e, "Worldpay did not delete the token")),
        http_status: response.status,
    })
}

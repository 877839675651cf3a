//! Cybersource (issue 12): incrementalAuthorization, revokeMandate, reverse and createSession (at the end).
//!
//! - createSession → Microform Integration v2's capture context `POST /microform/v2/sessions`
//!   (`clientVersion` v2, `targetOrigins` = the origin of `returnUrl`, which is required: 1004
//!   naming request.returnUrl when absent; card only). The answer is the capture context, a JWT
//!   (`application/jwt`) returned as `clientToken` for the front end's Microform; `expiresAt` is
//!   its `exp` claim, read without checking the signature (Microform verifies it in the browser).
//!
//! - incrementalAuthorization → `PATCH /pts/v2/payments/{id}` (Incremental Authorization):
//!   `orderInformation.amountDetails.additionalAmount` is what to add, in the currency's decimals,
//!   and `processingInformation.authorizationOptions.initiator.storedCredentialUsed` as
//!   Cybersource's sample sends it. The 201 answers `status` AUTHORIZED with the increment's own
//!   `authorizedAmount`; the payment keeps its id (capture it by that id).
//!   https://developer.cybersource.com/api-reference-assets/index.html#payments_payments_incremental-authorization
//! - revokeMandate → the Token Management Service: `DELETE /tms/v2/customers/{customerId}/payment-instruments/{id}`
//!   when the caller names the customer token (setupMandate's `connectorCustomerId`), else
//!   `DELETE /tms/v1/paymentinstruments/{id}`. 204 No Content when deleted.
//!   https://developer.cybersource.com/api-reference-assets/index.html#token-management_customer-payment-instrument_delete-a-customer-payment-instrument

use super::requests::reference;
use super::responses::{parse_payment, PaymentCall, TmsErrors};
use super::Signer;
use crate::connectors::{path_id, Context};
use crate::kit::mask::scrub_text;
use crate::kit::money::{decimal_string, validate};
use crate::protocol::{
    CreateSessionRequest, ErrorInfo, HttpMethod, HttpRequest, HttpResponse, IncrementalAuthorizationRequest, MandateResult, MandateStatus,
    PaymentResult, PaymentStatus, RevokeMandateRequest, SessionResult, SessionStatus, SidecarError, UnifiedErrorCode,
};
use serde::{Deserialize, Serialize};

// ---------- incrementalAuthorization ----------

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct IncrementalAuthorization {
    client_reference_information: super::requests::ClientReferenceInformation,
    processing_information: IncrementProcessing,
    order_information: IncrementOrder,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct IncrementProcessing {
    authorization_options: IncrementOptions,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct IncrementOptions {
    initiator: Initiator,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Initiator {
    stored_credential_used: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct IncrementOrder {
    amount_details: AdditionalAmount,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct AdditionalAmount {
    additional_amount: String,
    currency: String,
}

pub fn build_incremental_authorization(
    r: &IncrementalAuthorizationRequest,
    signer: &Signer,
    ctx: &Context,
) -> Result<HttpRequest, SidecarError> {
    let id = path_id(r.connector_transaction_id.trim(), "request.connectorTransactionId", "Cybersource")?;
    let code = r
        .merchant_transaction_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(r.connector_transaction_id.trim());
    let exponent = validate(&r.additional_amount, "request.additionalAmount")?;
    let body = IncrementalAuthorization {
        client_reference_information: reference(code, "request.merchantTransactionId")?,
        processing_information: IncrementProcessing {
            authorization_options: IncrementOptions { initiator: Initiator { stored_credential_used: true } },
        },
        order_information: IncrementOrder {
            amount_details: AdditionalAmount {
                additional_amount: decimal_string(r.additional_amount.minor_amount, exponent),
                currency: r.additional_amount.currency.clone(),
            },
        },
    };
    let body = serde_json::to_string(&body).expect("request types always serialize");
    signer.request(HttpMethod::PATCH, format!("{}/pts/v2/payments/{id}", ctx.base_url()), Some((body, false)), ctx)
}

/// AUTHORIZED: the increment is held (the payment's id stays the one to capture); a decline is
/// failure with Cybersource's reason, and the earlier authorization stands.
pub fn parse_incremental_authorization(
    r: &IncrementalAuthorizationRequest,
    response: &HttpResponse,
    _: &Context,
) -> Result<PaymentResult, SidecarError> {
    let mut result = parse_payment(response, PaymentCall::Authorize { capture: false }, Some(r.connector_transaction_id.trim()), None)?;
    if result.status == PaymentStatus::Authorized {
        // The answer's authorizedAmount is the increment's; the total is known only from the caller.
        result.authorized_amount = r.new_total("Cybersource").ok();
    }
    Ok(result)
}

// ---------- revokeMandate ----------

pub fn build_revoke_mandate(r: &RevokeMandateRequest, signer: &Signer, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let instrument = path_id(r.mandate_reference.trim(), "request.mandateReference", "Cybersource")?;
    let customer = r.customer.as_ref().and_then(|c| c.connector_customer_id.as_deref()).map(str::trim).filter(|c| !c.is_empty());
    let url = match customer {
        Some(customer) => {
            let customer = path_id(customer, "request.customer.connectorCustomerId", "Cybersource")?;
            format!("{}/tms/v2/customers/{customer}/payment-instruments/{instrument}", ctx.base_url())
        }
        None => format!("{}/tms/v1/paymentinstruments/{instrument}", ctx.base_url()),
    };
    signer.request(HttpMethod::DELETE, url, None, ctx)
}

/// Cybersource's usual error body outside TMS (a 401's `{response: {rmsg}}`).
#[derive(Debug, Deserialize, Default)]
struct Rmsg {
    response: Option<RmsgInner>,
}

#[derive(Debug, Deserialize, Default)]
struct RmsgInner {
    rmsg: Option<String>,
}

/// 204: deleted. Otherwise TMS's `{errors: [{type, message}]}`: notFound, forbidden, conflict
/// (a customer's default payment instrument cannot be deleted while it has others).
pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    let http = response.status;
    if response.is_success() {
        let mut result = MandateResult::new(MandateStatus::Revoked, http);
        result.mandate_reference = Some(r.mandate_reference.trim().to_string());
        return Ok(result);
    }
    let tms: TmsErrors = response.json().unwrap_or_default();
    let first = tms.errors.first();
    let kind = first.and_then(|e| e.kind.clone());
    let detail = first
        .and_then(|e| e.message.clone())
        .or_else(|| response.json::<Rmsg>().ok().and_then(|b| b.response).and_then(|r| r.rmsg));
    let code = match (http, kind.as_deref()) {
        (_, Some("notFound")) | (404, _) => UnifiedErrorCode::NotFound,
        (_, Some("forbidden")) | (401, _) | (403, _) => UnifiedErrorCode::InvalidCredentials,
        (_, Some("invalidRequest")) => UnifiedErrorCode::InvalidRequest,
        (_, Some("serverError")) | (_, Some("notAvailable")) => UnifiedErrorCode::ProcessorUnavailable,
        (s, _) if s >= 500 => UnifiedErrorCode::ProcessorUnavailable,
        _ => UnifiedErrorCode::ProcessingError,
    };
    let mut message = format!("Cybersource could not delete the payment instrument (HTTP {http})");
    if let Some(k) = &kind {
        message.push_str(&format!(": {k}"));
    }
    if let Some(d) = &detail {
        message.push_str(&format!(" ({d})"));
    }
    let mut result = MandateResult::new(MandateStatus::Failure, http);
    result.connector_status = kind.clone();
    result.error = Some(ErrorInfo {
        code,
        message: scrub_text(&message),
        connector_code: kind,
        connector_message: detail.map(|d| scrub_text(&d)),
        decline_code: None,
        advice_code: None,
        decline_type: None,
    });
    Ok(result)
}

// ---------- reverse ----------

/// Void a Capture / Void a Payment: only the reference code (VoidCaptureRequest,
/// VoidPaymentRequest: `clientReferenceInformation`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct VoidRequestBody {
    client_reference_information: super::requests::ClientReferenceInformation,
}

/// reverse → a void of the capture, which cancels it before it is settled: `POST
/// /pts/v2/captures/{captureId}/voids` when the payment was captured by a call of its own (the
/// capture result's `state.captureId`), else `POST /pts/v2/payments/{id}/voids` (a sale: the
/// payment's id is its capture's). A capture already submitted for settlement is not voidable:
/// Cybersource refuses it (NOT_VOIDABLE) and it is reported `void_failed`; refund it then. An
/// authorization never captured is released with `void` (an authorization reversal), not here.
/// https://developer.cybersource.com/api-reference-assets/index.html#payments_void
pub fn build_reverse(r: &crate::protocol::ReverseRequest, signer: &Signer, ctx: &crate::connectors::Context) -> Result<HttpRequest, SidecarError> {
    let base = ctx.base_url();
    let capture = r.state.as_ref().and_then(|s| s.get(super::flows::CAPTURE_ID)).map(|c| c.trim()).filter(|c| !c.is_empty());
    let url = match capture {
        Some(c) => format!("{base}/pts/v2/captures/{}/voids", path_id(c, "request.state.captureId", "Cybersource")?),
        None => format!("{base}/pts/v2/payments/{}/voids", path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Cybersource")?),
    };
    let own = r.merchant_reverse_id.as_deref();
    let code = super::flows::reference_for(own, r.merchant_transaction_id.as_deref(), &r.connector_transaction_id);
    let field = if own.is_some_and(|o| !o.trim().is_empty()) { "request.merchantReverseId" } else { "request.merchantTransactionId" };
    let body = VoidRequestBody { client_reference_information: reference(&code, field)? };
    signer.request(HttpMethod::POST, url, Some((serde_json::to_string(&body).expect("serializable"), false)), ctx)
}

/// VOIDED → voided (the void's id kept in `state.reversalId`, which psync reads: its `ics_void`
/// says voided); a 400 (NOT_VOIDABLE, ...) → void_failed with Cybersource's reason; 5xx → unresolved.
pub fn parse_reverse(r: &crate::protocol::ReverseRequest, response: &HttpResponse, _: &crate::connectors::Context) -> Result<PaymentResult, SidecarError> {
    let mut result = parse_payment(response, PaymentCall::VoidCapture, Some(r.connector_transaction_id.trim()), None)?;
    super::flows::remember(&mut result, r.state.as_ref(), super::flows::REVERSAL_ID, response);
    Ok(result)
}

// ---------- createSession ----------

/// Microform Integration v2's capture context request (GenerateCaptureContextRequest).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CaptureContextRequest {
    client_version: &'static str,
    target_origins: Vec<String>,
    allowed_card_networks: &'static [&'static str],
    allowed_payment_types: &'static [&'static str],
}

/// The card networks the capture context allows: the brands Microform accepts that this
/// connector's card payments take.
const MICROFORM_CARD_NETWORKS: &[&str] = &["VISA", "MASTERCARD", "AMEX", "DISCOVER", "DINERSCLUB", "JCB", "CUP", "MAESTRO"];

/// The origin (`scheme://host[:port]`) of an absolute URL. Microform takes `https://` origins,
/// and `http://localhost` for development; no wildcards.
fn origin_of(url: &str, field: &str) -> Result<String, SidecarError> {
    let url = url.trim();
    let refuse = |why: &str| SidecarError::invalid_field(field, why.to_string());
    let (scheme, rest) = url.split_once("://").ok_or_else(|| refuse("must be an absolute URL (https://shop.example/...): its origin is Microform's target origin"))?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') || authority.contains('*') || authority.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(refuse("must name a host (no user info, no wildcard): its origin is Microform's target origin"));
    }
    let host = authority.rsplit_once(':').map_or(authority, |(h, port)| if port.chars().all(|c| c.is_ascii_digit()) && !port.is_empty() { h } else { authority });
    let authority = authority.to_ascii_lowercase();
    match scheme.as_str() {
        "https" => Ok(format!("https://{authority}")),
        "http" if host.eq_ignore_ascii_case("localhost") => Ok(format!("http://{authority}")),
        _ => Err(refuse("Microform's target origin must be https:// (or http://localhost)")),
    }
}

/// createSession → Microform Integration v2's capture context, `POST /microform/v2/sessions`
/// (signed like every call). Microform needs the origin of the page it runs on
/// (`targetOrigins`): it is the origin of `returnUrl`, which is therefore required. Card only
/// (`allowedPaymentTypes: [CARD]`).
/// https://developer.cybersource.com/api-reference-assets/index.html#flex-microform_microform-integration_generate-capture-context
pub fn build_create_session(r: &CreateSessionRequest, signer: &Signer, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if r.apple_pay_merchant_validation.is_some() {
        return Err(SidecarError::payment_method_not_supported(
            "Cybersource's REST API has no Apple Pay merchant validation call: Cybersource takes the Apple Pay token after the \
             merchant validated with its own Apple Pay certificate",
        )
        .with_field("request.applePayMerchantValidation"));
    }
    for (i, t) in r.payment_method_types.iter().flatten().enumerate() {
        if t.trim() != "card" {
            return Err(SidecarError::payment_method_not_supported(&format!(
                "Cybersource's Microform Integration captures cards only; `{}` is not one of them",
                crate::kit::mask::scrub_text(t.trim())
            ))
            .with_field(format!("request.paymentMethodTypes[{i}]")));
        }
    }
    let return_url = crate::kit::text::present(&r.return_url).ok_or_else(|| {
        SidecarError::missing_field(
            "request.returnUrl",
            "Cybersource's Microform needs the origin of the page it runs on (targetOrigins); it is taken from returnUrl",
        )
    })?;
    let body = CaptureContextRequest {
        client_version: "v2",
        target_origins: vec![origin_of(return_url, "request.returnUrl")?],
        allowed_card_networks: MICROFORM_CARD_NETWORKS,
        allowed_payment_types: &["CARD"],
    };
    let base = ctx.base_url();
    let request = signer.request(HttpMethod::POST, format!("{base}/microform/v2/sessions"), Some((serde_json::to_string(&body).expect("serializable"), false)), ctx)?;
    Ok(request.header("Accept", "application/jwt"))
}

/// The `exp` claim (seconds since the epoch) of a JWT, read from its payload without checking
/// the signature: it only tells the caller when to ask for a new capture context. Microform
/// itself verifies the JWT (with Cybersource's key) in the browser, and a forged expiry could
/// only make the caller refresh early or late.
fn jwt_expiry(jwt: &str) -> Option<i64> {
    use base64::Engine;
    let mut parts = jwt.split('.');
    let (_, payload, _) = (parts.next()?, parts.next()?, parts.next()?);
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("exp")?.as_i64().filter(|e| *e > 0)
}

/// Cybersource's error answer: `{status?, reason, message, details}` (also seen wrapped in
/// `responseStatus`).
#[derive(Debug, Default, Deserialize)]
struct CaptureContextError {
    reason: Option<String>,
    message: Option<String>,
    #[serde(rename = "responseStatus")]
    response_status: Option<Box<CaptureContextError>>,
}

/// 201 with the capture context (a JWT, `application/jwt`) → success, clientToken the JWT,
/// expiresAt its `exp`. Else failure with Cybersource's reason.
pub fn parse_create_session(_: &CreateSessionRequest, response: &HttpResponse, _: &Context) -> Result<SessionResult, SidecarError> {
    let http = response.status;
    if response.is_success() {
        // The body is the JWT itself; some answers quote it as a JSON string.
        let text = response.body.trim();
        let jwt = serde_json::from_str::<String>(text).unwrap_or_else(|_| text.to_string());
        let jwt = jwt.trim();
        let looks_like_jwt = jwt.split('.').count() == 3
            && jwt.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '='));
        if !looks_like_jwt {
            // The body is not quoted: it may be a credential.
            return Err(SidecarError::undeserializable(http, "", "the capture context is not a JWT"));
        }
        let mut result = SessionResult::new(SessionStatus::Success, http);
        result.expires_at = jwt_expiry(jwt).map(crate::kit::time::iso8601_utc);
        result.client_token = Some(jwt.to_string());
        return Ok(result);
    }
    let e: CaptureContextError = response.json().unwrap_or_default();
    let inner = e.response_status.as_deref();
    let reason = e.reason.clone().or_else(|| inner.and_then(|i| i.reason.clone()));
    let detail = e.message.clone().or_else(|| inner.and_then(|i| i.message.clone()));
    let code = match (http, reason.as_deref()) {
        (401 | 403, _) => UnifiedErrorCode::InvalidCredentials,
        (s, _) if s >= 500 => UnifiedErrorCode::ProcessorUnavailable,
        (_, Some("SERVER_ERROR" | "SYSTEM_ERROR" | "SERVICE_UNAVAILABLE")) => UnifiedErrorCode::ProcessorUnavailable,
        (400, _) => UnifiedErrorCode::InvalidRequest,
        _ => UnifiedErrorCode::ProcessingError,
    };
    let mut message = format!("Cybersource did not create a Microform capture context (HTTP {http})");
    if let Some(r) = &reason {
        message.push_str(&format!(": {r}"));
    }
    if let Some(d) = &detail {
        message.push_str(&format!(" ({d})"));
    }
    let mut result = SessionResult::failure(
        ErrorInfo {
            code,
            message: scrub_text(&message),
            connector_code: reason.clone(),
            connector_message: detail.map(|d| scrub_text(&d)),
            decline_code: None,
            advice_code: None,
            decline_type: None,
        },
        http,
    );
    result.connector_status = reason;
    Ok(result)
}

#[cfg(test)]
mod session_tests {
    use super::{jwt_expiry, origin_of};

    #[test]
    fn origin_is_scheme_host_and_port_only() {
        let f = "request.returnUrl";
        assert_eq!(origin_of("https://Shop.Example:8443/a/b?c=d#e", f).unwrap(), "https://shop.example:8443");
        assert_eq!(origin_of("https://shop.example", f).unwrap(), "https://shop.example");
        assert_eq!(origin_of("http://localhost:3000/return", f).unwrap(), "http://localhost:3000");
        for bad in ["http://shop.example/r", "shop.example/r", "https:///r", "https://user:pw@shop.example/", "https://*.shop.example/", "ftp://shop.example/"] {
            let e = origin_of(bad, f).unwrap_err();
            assert_eq!(e.field.as_deref(), Some(f), "{bad}");
            assert!(!e.message.contains("pw@"), "the URL's user info is not quoted");
        }
    }

    #[test]
    fn expiry_is_read_from_the_payload() {
        // {"alg":"none"} . {"exp":1795000000,"iat":1794999100} . signature
        let jwt = "eyJhbGciOiJub25lIn0.eyJleHAiOjE3OTUwMDAwMDAsImlhdCI6MTc5NDk5OTEwMH0.c2ln";
        assert_eq!(jwt_expiry(jwt), Some(1_795_000_000));
        assert_eq!(jwt_expiry("eyJhbGciOiJub25lIn0.bm90IGpzb24.c2ln"), None);
        assert_eq!(jwt_expiry("only.two"), None);
        assert_eq!(jwt_expiry("eyJhbGciOiJub25lIn0.eyJpYXQiOjF9.c2ln"), None, "no exp");
    }
}

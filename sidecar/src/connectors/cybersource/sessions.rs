//! Cybersource (issue 12): incrementalAuthorization, revokeMandate and reverse (at the end).
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
    ErrorInfo, HttpMethod, HttpRequest, HttpResponse, IncrementalAuthorizationRequest, MandateResult, MandateStatus, PaymentResult,
    PaymentStatus, RevokeMandateRequest, SidecarError, UnifiedErrorCode,
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

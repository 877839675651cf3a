//! Checkout.com (issue 12): incrementalAuthorization and revokeMandate.
//!
//! - incrementalAuthorization → `POST /payments/{id}/authorizations` (AuthorizationRequest:
//!   `amount` is what to add, "the amount to increase the authorization by"; `reference`). The
//!   answer is an AuthorizationResponse (201): `status` Authorized or Declined, `approved`,
//!   `response_code`; `balances.total_authorized` is the amount now authorized.
//!   https://api-reference.checkout.com/#operation/incrementPaymentAuthorization
//! - revokeMandate → `DELETE /instruments/{id}`: the saved source (`src_...`, setupMandate's
//!   mandateReference) is a payment instrument of the Instruments API; 204 when deleted, 404 when
//!   it is unknown. https://api-reference.checkout.com/#operation/deleteInstrument

use super::requests::checkout_amount;
use super::responses::{api_error, decline_error, lenient_string, money, CheckoutApiError, CheckoutBalances, CheckoutProcessing};
use super::{CheckoutAuth, IDEMPOTENCY_HEADER};
use crate::connectors::{path_id, Context};
use crate::kit::idempotency::main_key;
use crate::protocol::{
    HttpMethod, HttpRequest, HttpResponse, IncrementalAuthorizationRequest, MandateResult, MandateStatus, PaymentResult,
    PaymentStatus, RevokeMandateRequest, SidecarError,
};
use serde::{Deserialize, Serialize};

/// `reference`: maxLength 50 in every Checkout.com request that has one.
const REFERENCE_MAX: usize = 50;

fn call(method: HttpMethod, url: String, auth: &CheckoutAuth, key: Option<&str>) -> HttpRequest {
    let mut http = HttpRequest::new(method, url).secret_header("Authorization", format!("Bearer {}", auth.secret_key()));
    if let Some(key) = main_key(key) {
        http = http.header(IDEMPOTENCY_HEADER, key);
    }
    http
}

/// A 4xx/5xx body read leniently (401s and 404s usually have none), and whether there was one.
fn error_of(response: &HttpResponse) -> Result<(Option<CheckoutApiError>, bool), SidecarError> {
    let had_body = !response.body.trim().is_empty();
    let body = response.json::<CheckoutApiError>().ok();
    if response.status < 500 && response.status != 429 && had_body && body.is_none() {
        // A 4xx body Checkout.com wrote must be understood.
        let _: CheckoutApiError = response.json()?;
    }
    Ok((body, had_body))
}

// ---------- incrementalAuthorization ----------

/// `AuthorizationRequest`.
#[derive(Debug, Serialize)]
struct CheckoutAuthorizationRequest<'a> {
    amount: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
}

pub fn build_incremental_authorization(
    r: &IncrementalAuthorizationRequest,
    auth: &CheckoutAuth,
    ctx: &Context,
) -> Result<HttpRequest, SidecarError> {
    let id = path_id(r.connector_transaction_id.trim(), "request.connectorTransactionId", "Checkout.com")?;
    let reference = r.merchant_transaction_id.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if let Some(reference) = reference {
        if reference.chars().count() > REFERENCE_MAX {
            return Err(SidecarError::invalid_field(
                "request.merchantTransactionId",
                format!("Checkout.com takes a reference of at most {REFERENCE_MAX} characters"),
            ));
        }
    }
    let body = CheckoutAuthorizationRequest {
        // The increment itself (0 would only extend a Mastercard authorization's validity).
        amount: checkout_amount(&r.additional_amount, "request.additionalAmount", false)?,
        reference,
    };
    let url = format!("{}/payments/{id}/authorizations", auth.base_url(ctx)?);
    Ok(call(HttpMethod::POST, url, auth, r.idempotency_key.as_deref()).json_body(&body, false))
}

/// `AuthorizationResponse`: the fields read.
#[derive(Debug, Deserialize)]
struct CheckoutAuthorizationResponse {
    amount: Option<i64>,
    currency: Option<String>,
    approved: Option<bool>,
    status: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    response_code: Option<String>,
    response_summary: Option<String>,
    balances: Option<CheckoutBalances>,
    processing: Option<CheckoutProcessing>,
}

pub fn parse_incremental_authorization(
    r: &IncrementalAuthorizationRequest,
    response: &HttpResponse,
    _: &Context,
) -> Result<PaymentResult, SidecarError> {
    let mut result = if response.is_success() {
        let body: CheckoutAuthorizationResponse = response.json()?;
        let approved = body.approved == Some(true) && body.status.as_deref() != Some("Declined");
        let mut result = PaymentResult::new(if approved { PaymentStatus::Authorized } else { PaymentStatus::Failure }, response.status);
        result.connector_status = body.status.clone();
        if approved {
            let total = body.balances.and_then(|b| b.total_authorized).or(body.amount);
            result.authorized_amount = money(total, body.currency.as_deref());
        } else {
            // The increment was declined; the earlier authorization stands.
            result.error = Some(decline_error(
                body.response_code.as_deref(),
                body.response_summary.as_deref(),
                body.processing.as_ref(),
                "Checkout.com declined the incremental authorization",
            ));
        }
        result
    } else {
        let (body, had_body) = error_of(response)?;
        let unknown = response.status >= 500 || (response.status == 429 && r.idempotency_key.is_some());
        let mut result = PaymentResult::new(if unknown { PaymentStatus::Unresolved } else { PaymentStatus::Failure }, response.status);
        result.error = Some(api_error(response.status, body.as_ref(), had_body));
        result
    };
    result.connector_transaction_id = Some(r.connector_transaction_id.trim().to_string());
    Ok(result)
}

// ---------- revokeMandate ----------

pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(r.mandate_reference.trim(), "request.mandateReference", "Checkout.com")?;
    // DELETE takes no idempotency key: deleting twice deletes nothing more.
    Ok(call(HttpMethod::DELETE, format!("{}/instruments/{id}", auth.base_url(ctx)?), auth, None))
}

/// 204: deleted. 404: "Instrument not found or not associated with client".
pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    if response.is_success() {
        let mut result = MandateResult::new(MandateStatus::Revoked, response.status);
        result.mandate_reference = Some(r.mandate_reference.trim().to_string());
        return Ok(result);
    }
    let (body, had_body) = error_of(response)?;
    let mut result = MandateResult::new(MandateStatus::Failure, response.status);
    let mut error = api_error(response.status, body.as_ref(), had_body);
    if response.status == 404 && !had_body {
        error.connector_message = Some("Instrument not found or not associated with client".into());
    }
    result.error = Some(error);
    Ok(result)
}

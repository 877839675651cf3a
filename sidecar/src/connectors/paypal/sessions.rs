//! PayPal (issue 12): revokeMandate → Vault v3 "Delete payment token",
//! `DELETE /v3/vault/payment-tokens/{id}`: 204 No Content when deleted.
//! https://developer.paypal.com/docs/api/payment-tokens/v3/#payment-tokens_delete

use super::flows::access_token;
use super::responses::{error_info, PayPalError};
use super::PayPalAuth;
use crate::connectors::{path_id, Context};
use crate::protocol::{HttpMethod, HttpRequest, HttpResponse, MandateResult, MandateStatus, RevokeMandateRequest, SidecarError};

pub fn build_revoke_mandate(r: &RevokeMandateRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = path_id(r.mandate_reference.trim(), "request.mandateReference", "PayPal")?;
    Ok(HttpRequest::new(HttpMethod::DELETE, format!("{}/v3/vault/payment-tokens/{id}", ctx.base_url()))
        .secret_header("Authorization", format!("Bearer {token}")))
}

pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    let status = response.status;
    if response.is_success() {
        let mut result = MandateResult::new(MandateStatus::Revoked, status);
        result.mandate_reference = Some(r.mandate_reference.trim().to_string());
        return Ok(result);
    }
    // PayPal's error body; a proxy's 5xx page or an empty 401 says nothing more than its status.
    let e: PayPalError =
        if status >= 500 || response.body.trim().is_empty() { response.json().unwrap_or_default() } else { response.json()? };
    let mut result = MandateResult::new(MandateStatus::Failure, status);
    result.connector_status = e.name.clone().filter(|n| !n.trim().is_empty());
    result.error = Some(error_info(status, &e, "delete the payment token"));
    Ok(result)
}

//! Square (issue 12): revokeMandate → DisableCard, `POST /v2/cards/{card_id}/disable` (no body):
//! "Disables the card, preventing any further updates or charges. Disabling an already disabled
//! card is allowed but has no effect." The answer is the card with `enabled: false`.
//! https://developer.squareup.com/reference/square/cards-api/disable-card

use super::responses::{error_info, SquareEnvelope};
use super::{SquareAuth, SQUARE_VERSION};
use crate::connectors::{path_id, Context};
use crate::protocol::{HttpMethod, HttpRequest, HttpResponse, MandateResult, MandateStatus, RevokeMandateRequest, SidecarError};

pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    // Card ids are `ccof:...`: a colon is a path character (RFC 3986 pchar), kept as Square writes it.
    let card = path_id(r.mandate_reference.trim(), "request.mandateReference", "Square")?.replace("%3A", ":");
    Ok(HttpRequest::new(HttpMethod::POST, format!("{}/v2/cards/{card}/disable", ctx.base_url()))
        .secret_header("Authorization", format!("Bearer {}", auth.access_token.expose()))
        .header("Square-Version", SQUARE_VERSION))
}

pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    let status = response.status;
    let body: Option<SquareEnvelope> = if status >= 500 { response.json().ok() } else { Some(response.json()?) };
    if response.is_success() {
        let card = body.and_then(|b| b.card).ok_or_else(|| SidecarError::undeserializable(status, &response.body, "a success without the `card`"))?;
        if card.enabled != Some(false) {
            return Err(SidecarError::undeserializable(status, &response.body, "DisableCard answered a card that is not disabled"));
        }
        let mut result = MandateResult::new(MandateStatus::Revoked, status);
        result.mandate_reference = card.id.filter(|i| !i.is_empty()).or_else(|| Some(r.mandate_reference.trim().to_string()));
        return Ok(result);
    }
    let errors = body.map(|b| b.errors).unwrap_or_default();
    let mut result = MandateResult::new(MandateStatus::Failure, status);
    result.error = Some(error_info(status, &errors, "disable the card"));
    Ok(result)
}

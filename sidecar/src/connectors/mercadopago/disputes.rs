//! Mercado Pago's chargebacks (Chargebacks API: https://www.mercadopago.com.br/developers/en/reference/chargebacks/_chargebacks_id/get,
//! and "Manage chargebacks"):
//! - dsync → `GET /v1/chargebacks/{id}`: the case, read into the unified dispute;
//! - submitDisputeEvidence → `POST /v1/chargebacks/{id}/documentation`, multipart `files[]` ("Files
//!   can be .jpg, .png or .pdf and should not exceed 10mb overall"): the documentation goes to
//!   Mercado Pago's review at once (`documentation_status` becomes `review_pending`). It has no file
//!   store of its own (uploadDisputeFile), no text, no draft, and no accept or defend call.

use super::responses::{error_info, id_text, money};
use super::MercadopagoAuth;
use crate::connectors::{path_id, Context};
use crate::kit::crypto::base64_decode;
use crate::kit::multipart::Multipart;
use crate::kit::text::present_owned;
use crate::kit::time::{iso8601_utc, parse_iso8601_with_offset};
use crate::protocol::{
    DisputeResult, DisputeStatus, DsyncRequest, HttpMethod, HttpRequest, HttpResponse, SidecarError, SubmitDisputeEvidenceRequest,
};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// "should not exceed 10mb overall".
pub const DOCUMENTATION_MAX_BYTES: usize = 10 * 1024 * 1024;
/// ".jpg, .png or .pdf".
pub const DOCUMENTATION_TYPES: &[&str] = &["image/jpeg", "image/png", "application/pdf"];

fn call(method: HttpMethod, url: String, auth: &MercadopagoAuth) -> HttpRequest {
    HttpRequest::new(method, url).secret_header("Authorization", format!("Bearer {}", auth.access_token()))
}

/// A chargeback id: digits (the documented ids are numbers written as strings).
fn chargeback_url(ctx: &Context, id: &str) -> Result<String, SidecarError> {
    let id = path_id(id.trim(), "request.connectorDisputeId", "Mercado Pago")?;
    if !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SidecarError::invalid_field("request.connectorDisputeId", "a Mercado Pago chargeback id is a number".into()));
    }
    Ok(format!("{}/v1/chargebacks/{id}", ctx.base_url()))
}

/// The chargeback (Get chargeback's response): the fields read.
#[derive(Debug, Deserialize)]
pub struct Chargeback {
    pub id: Option<Value>,
    #[serde(default)]
    pub payments: Vec<Value>,
    pub currency: Option<String>,
    pub amount: Option<Box<RawValue>>,
    pub reason: Option<String>,
    pub coverage_applied: Option<bool>,
    pub documentation_status: Option<String>,
    pub date_documentation_deadline: Option<String>,
}

/// The case's state, from Mercado Pago's two words for it. `coverage_applied` is the decision:
/// "true: the decision was for the seller and the money is refunded; false: the decision was
/// against the seller and the money is discounted"; while it is null (no decision yet),
/// `documentation_status` says where the case is: `pending` (no documentation received: the
/// seller should send it), `review_pending` (received, waiting for a decision), `valid` /
/// `invalid` (judged, the decision to come), `not_applicable` (none needed: Mercado Pago decides),
/// `not_supplied` ("wasn't supplied on time").
pub fn chargeback_status(coverage_applied: Option<bool>, documentation_status: Option<&str>) -> Option<DisputeStatus> {
    Some(match (coverage_applied, documentation_status) {
        (Some(true), _) => DisputeStatus::Won,
        (Some(false), _) => DisputeStatus::Lost,
        (None, Some("pending")) => DisputeStatus::NeedsResponse,
        (None, Some("review_pending" | "valid" | "invalid" | "not_applicable")) => DisputeStatus::UnderReview,
        (None, Some("not_supplied")) => DisputeStatus::Expired,
        _ => return None,
    })
}

/// Every `documentation_status` the reference lists, for the test that the table covers them.
#[cfg(test)]
pub const DOCUMENTATION_STATUSES: &[&str] = &["pending", "review_pending", "valid", "invalid", "not_supplied", "not_applicable"];

fn failure(id: &str, response: &HttpResponse, what: &str) -> DisputeResult {
    let mut result = DisputeResult::failure(error_info(response, what), response.status);
    result.connector_dispute_id = Some(id.trim().to_string());
    result
}

// ---------- dsync ----------

pub fn build_dsync(r: &DsyncRequest, auth: &MercadopagoAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    Ok(call(HttpMethod::GET, chargeback_url(ctx, &r.connector_dispute_id)?, auth))
}

pub fn parse_dsync(r: &DsyncRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    if !response.is_success() {
        return Ok(failure(&r.connector_dispute_id, response, "Mercado Pago could not read the chargeback"));
    }
    let c: Chargeback = response.json()?;
    let words = c.documentation_status.as_deref().map(str::trim);
    let status = chargeback_status(c.coverage_applied, words).ok_or_else(|| {
        SidecarError::undeserializable(response.status, &response.body, "Mercado Pago's chargeback has a documentation_status this connector does not know")
    })?;
    let mut result = DisputeResult::new(status, response.status);
    result.connector_dispute_id = id_text(&c.id).or_else(|| Some(r.connector_dispute_id.trim().to_string()));
    result.connector_transaction_id = c.payments.first().cloned().and_then(|p| id_text(&Some(p)));
    result.amount = money(c.amount.as_deref(), c.currency.as_deref());
    result.reason_code = present_owned(&c.reason);
    result.due_by = c.date_documentation_deadline.as_deref().and_then(parse_iso8601_with_offset).map(iso8601_utc);
    result.connector_status = present_owned(&c.documentation_status);
    Ok(result)
}

// ---------- submitDisputeEvidence ----------

pub fn build_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, auth: &MercadopagoAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if r.submit == Some(false) {
        return Err(SidecarError::invalid_field(
            "request.submit",
            "Mercado Pago keeps no draft: the documentation sent goes to its review at once".into(),
        ));
    }
    if r.evidence.is_empty() {
        return Err(SidecarError::missing_field("request.evidence", "give at least one file"));
    }
    let mut files: Vec<(String, String, Vec<u8>)> = Vec::new();
    let mut total = 0usize;
    for (i, e) in r.evidence.iter().enumerate() {
        let at = format!("request.evidence[{i}]");
        if e.text.is_some() {
            return Err(SidecarError::invalid_field(
                &format!("{at}.text"),
                "Mercado Pago's chargeback documentation is files only (.jpg, .png, .pdf): put the text in a PDF".into(),
            ));
        }
        let file = e.file.as_ref().ok_or_else(|| SidecarError::missing_field(&format!("{at}.file"), "Mercado Pago takes files only"))?;
        if file.connector_file_id.is_some() {
            return Err(SidecarError::invalid_field(
                &format!("{at}.file.connectorFileId"),
                "Mercado Pago has no file store: send the file's bytes (data) with filename and contentType".into(),
            ));
        }
        let data = file.data.as_deref().ok_or_else(|| SidecarError::missing_field(&format!("{at}.file.data"), "the file's bytes, base64"))?;
        let bytes = base64_decode(data).ok_or_else(|| SidecarError::invalid_field(&format!("{at}.file.data"), "not base64".into()))?;
        let content_type = file.content_type.as_deref().map(str::trim).unwrap_or("");
        if !DOCUMENTATION_TYPES.contains(&content_type) {
            return Err(SidecarError::invalid_field(
                &format!("{at}.file.contentType"),
                "Mercado Pago takes .jpg, .png or .pdf (image/jpeg, image/png, application/pdf)".into(),
            ));
        }
        let filename = file.filename.as_deref().map(str::trim).filter(|f| !f.is_empty()).ok_or_else(|| {
            SidecarError::missing_field(&format!("{at}.file.filename"), "Mercado Pago's upload names each file")
        })?;
        total += bytes.len();
        files.push((filename.to_string(), content_type.to_string(), bytes));
    }
    if total > DOCUMENTATION_MAX_BYTES {
        return Err(SidecarError::invalid_field("request.evidence", "Mercado Pago takes at most 10 MB of documentation overall".into()));
    }
    let mut parts = Multipart::new();
    for (name, content_type, bytes) in &files {
        parts.file("files[]", name, content_type, bytes);
    }
    let mut http = call(HttpMethod::POST, format!("{}/documentation", chargeback_url(ctx, &r.connector_dispute_id)?), auth);
    http.body = Some(parts.into_body(false, "request.evidence")?);
    Ok(http)
}

/// "If the documentation has been successfully uploaded, the API will answer with 200 OK, and
/// the documentation_status value will change to review_pending": under review.
pub fn parse_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    if !response.is_success() {
        return Ok(failure(&r.connector_dispute_id, response, "Mercado Pago refused the documentation"));
    }
    let mut result = DisputeResult::new(DisputeStatus::UnderReview, response.status);
    result.connector_dispute_id = Some(r.connector_dispute_id.trim().to_string());
    Ok(result)
}

//! Shift4's disputes (https://dev.shift4.com/docs/api#disputes; the calls and objects as Shift4's
//! official Java SDK, shift4developer/shift4-java, names them: `Shift4Gateway.retrieveDispute`,
//! `updateDispute`, `closeDispute`, `createFileUpload`; `Dispute`, `DisputeEvidenceDetails`,
//! `DisputeEvidenceRequest`, `FileUpload`, the `DisputeStatus` and `FileUploadPurpose` enums):
//!
//! - `dsync` → `GET /disputes/{disputeId}`; `acceptDispute` → `POST /disputes/{disputeId}/close`
//!   (the dispute is accepted as lost: `acceptedAsLost`);
//! - `submitDisputeEvidence` → `POST /disputes/{disputeId}` with `evidence` (Shift4 has no draft:
//!   updating the evidence sends it);
//! - `uploadDisputeFile` → `POST /files` on Shift4's uploads host (`https://uploads.api.shift4.com`,
//!   the SDK's `UPLOADS_ENDPOINT`), multipart `file` and `purpose=dispute_evidence`; evidence names
//!   the upload by its id.
//! - A Dispute: `id`, `amount` (minor units), `currency`, `status`, `reason`, `acceptedAsLost`,
//!   `evidenceDetails.dueBy` (Unix time), `charge` (the Charge object).

use super::responses::{error_body, error_info, money, Shift4Error};
use super::{Shift4Auth, IDEMPOTENCY_HEADER};
use crate::connectors::{path_id, Context};
use crate::kit::crypto::basic_auth;
use crate::kit::multipart::Multipart;
use crate::kit::text::present_owned;
use crate::kit::time::iso8601_utc;
use crate::protocol::{
    AcceptDisputeRequest, DisputeResult, DisputeStatus, DsyncRequest, EvidenceType, FileResult, FileStatus, HttpMethod, HttpRequest,
    HttpResponse, SidecarError, SubmitDisputeEvidenceRequest, UploadDisputeFileRequest,
};
use serde::Deserialize;
use serde_json::{Map, Value};

/// The SDK's `UPLOADS_ENDPOINT`: files go to their own host.
pub const UPLOADS: &str = "https://uploads.api.shift4.com";

/// Shift4's dispute `status` (the SDK's `DisputeStatus`) → unified.
const DISPUTE_STATUSES: &[(&str, DisputeStatus)] = &[
    // The issuer asks for the transaction's documents: respond before evidenceDetails.dueBy.
    ("retrieval_request_new", DisputeStatus::NeedsResponse),
    ("retrieval_request_response_under_review", DisputeStatus::UnderReview),
    // The merchant's response went to the issuer.
    ("retrieval_request_represented", DisputeStatus::Challenged),
    ("chargeback_new", DisputeStatus::NeedsResponse),
    ("chargeback_response_under_review", DisputeStatus::UnderReview),
    ("chargeback_represented_successfully", DisputeStatus::Won),
    ("chargeback_represented_unsuccessfully", DisputeStatus::Lost),
    // The chargeback did not happen: the money stays with the merchant.
    ("chargeback_prevented", DisputeStatus::Won),
];

pub fn dispute_status(status: &str) -> Option<DisputeStatus> {
    DISPUTE_STATUSES.iter().find(|(k, _)| k.eq_ignore_ascii_case(status.trim())).map(|(_, s)| *s)
}

#[cfg(test)]
pub fn known_dispute_statuses() -> impl Iterator<Item = &'static str> {
    DISPUTE_STATUSES.iter().map(|(s, _)| *s)
}

/// The Dispute object (the fields read).
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Shift4Dispute {
    pub id: Option<String>,
    pub amount: Option<i64>,
    pub currency: Option<String>,
    pub status: Option<String>,
    pub reason: Option<String>,
    #[serde(default)]
    pub accepted_as_lost: Option<bool>,
    pub evidence_details: Option<Shift4EvidenceDetails>,
    /// The Charge object (or its id).
    pub charge: Option<Value>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Shift4EvidenceDetails {
    pub due_by: Option<i64>,
}

/// A dispute in unified words. Accepted as lost is `accepted` whatever the status says; a status
/// this version does not know is "under review", with Shift4's word.
pub fn dispute_result(d: &Shift4Dispute, http_status: u16) -> DisputeResult {
    let word = d.status.clone().unwrap_or_default();
    let status = if d.accepted_as_lost == Some(true) {
        DisputeStatus::Accepted
    } else {
        dispute_status(&word).unwrap_or(DisputeStatus::UnderReview)
    };
    let mut result = DisputeResult::new(status, http_status);
    result.connector_dispute_id = present_owned(&d.id);
    result.connector_transaction_id = match &d.charge {
        Some(Value::String(id)) if !id.trim().is_empty() => Some(id.trim().to_string()),
        Some(c) => c.get("id").and_then(Value::as_str).map(str::to_string),
        None => None,
    };
    result.amount = money(d.amount, d.currency.as_deref());
    result.reason_code = present_owned(&d.reason);
    result.due_by = d.evidence_details.as_ref().and_then(|e| e.due_by).filter(|t| *t > 0).map(iso8601_utc);
    result.connector_status = present_owned(&d.status);
    result
}

fn dispute_url(ctx: &Context, id: &str) -> Result<String, SidecarError> {
    Ok(format!("{}/disputes/{}", ctx.base_url(), path_id(id, "request.connectorDisputeId", "Shift4")?))
}

fn call(method: HttpMethod, url: String, auth: &Shift4Auth, idempotency_key: Option<&str>) -> HttpRequest {
    let mut http = HttpRequest::new(method, url).secret_header("Authorization", basic_auth(auth.secret_key(), ""));
    if let Some(key) = idempotency_key.map(str::trim).filter(|k| !k.is_empty()) {
        http = http.header(IDEMPOTENCY_HEADER, key);
    }
    http
}

/// A Dispute answer, or Shift4's error (the dispute's state unknown: failure, the id kept).
fn parse_dispute(response: &HttpResponse, id: &str, what: &str) -> Result<DisputeResult, SidecarError> {
    if response.is_success() {
        let d: Shift4Dispute = response.json()?;
        let mut result = dispute_result(&d, response.status);
        if result.connector_dispute_id.is_none() {
            result.connector_dispute_id = Some(id.trim().to_string());
        }
        return Ok(result);
    }
    let e = error_body(response)?.unwrap_or_else(Shift4Error::default);
    let what = if response.status >= 500 { "Shift4 could not process the call (its outcome is unknown)" } else { what };
    let mut result = DisputeResult::failure(error_info(response.status, &e, what), response.status);
    result.connector_dispute_id = Some(id.trim().to_string());
    Ok(result)
}

// ---------- dsync ----------

pub fn build_dsync(r: &DsyncRequest, auth: &Shift4Auth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    Ok(call(HttpMethod::GET, dispute_url(ctx, &r.connector_dispute_id)?, auth, None))
}

pub fn parse_dsync(r: &DsyncRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    parse_dispute(response, &r.connector_dispute_id, "Shift4 could not read the dispute")
}

// ---------- acceptDispute ----------

pub fn build_accept_dispute(r: &AcceptDisputeRequest, auth: &Shift4Auth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let url = format!("{}/close", dispute_url(ctx, &r.connector_dispute_id)?);
    Ok(call(HttpMethod::POST, url, auth, r.idempotency_key.as_deref()))
}

pub fn parse_accept_dispute(r: &AcceptDisputeRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    parse_dispute(response, &r.connector_dispute_id, "Shift4 did not close the dispute")
}

// ---------- submitDisputeEvidence ----------

/// Shift4's evidence fields for each unified type: (for a file upload's id, for text), as
/// `DisputeEvidenceRequest` names them.
fn evidence_fields(kind: EvidenceType) -> (Option<&'static str>, Option<&'static str>) {
    use EvidenceType::*;
    match kind {
        Receipt => (Some("receipt"), None),
        ShippingDocumentation => (Some("shippingDocumentation"), None),
        ShippingTrackingNumber => (None, Some("shippingTrackingNumber")),
        CustomerCommunication => (Some("customerCommunication"), None),
        CustomerSignature => (Some("customerSignature"), None),
        RefundPolicy => (Some("refundPolicy"), Some("refundPolicyDisclosure")),
        CancellationPolicy => (Some("cancellationPolicy"), Some("cancellationPolicyDisclosure")),
        ServiceDocumentation => (Some("serviceDocumentation"), None),
        DuplicateChargeDocumentation => (Some("duplicateChargeDocumentation"), Some("duplicateChargeExplanation")),
        ProductDescription => (None, Some("productDescription")),
        AccessActivityLog => (None, Some("accessActivityLogs")),
        Uncategorized => (Some("uncategorizedFile"), Some("uncategorizedText")),
    }
}

#[cfg(test)]
pub fn evidence_field_names() -> Vec<&'static str> {
    use EvidenceType::*;
    [
        Receipt, ShippingDocumentation, ShippingTrackingNumber, CustomerCommunication, CustomerSignature, RefundPolicy, CancellationPolicy,
        ServiceDocumentation, DuplicateChargeDocumentation, ProductDescription, AccessActivityLog, Uncategorized,
    ]
    .into_iter()
    .flat_map(|k| {
        let (f, t) = evidence_fields(k);
        [f, t]
    })
    .flatten()
    .collect()
}

pub fn build_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, auth: &Shift4Auth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if !r.submit() {
        return Err(SidecarError::invalid_field(
            "request.submit",
            "Shift4 keeps no draft: updating a dispute's evidence (POST /disputes/{disputeId}) sends it".into(),
        ));
    }
    if r.evidence.is_empty() {
        return Err(SidecarError::missing_field("request.evidence", "Shift4's update sends the evidence given: give at least one item"));
    }
    let mut evidence = Map::new();
    for (i, e) in r.evidence.iter().enumerate() {
        let at = format!("request.evidence[{i}]");
        let (file_field, text_field) = evidence_fields(e.kind);
        let mut put = |field: &'static str, value: &str, place: &str| -> Result<(), SidecarError> {
            if evidence.contains_key(field) {
                return Err(SidecarError::invalid_field(place, format!("Shift4 takes one `{field}`: join the texts, or send the second file as uncategorized")));
            }
            evidence.insert(field.to_string(), Value::String(value.to_string()));
            Ok(())
        };
        if let Some(text) = e.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let field = text_field
                .ok_or_else(|| SidecarError::invalid_field(&format!("{at}.text"), "Shift4 takes this type of evidence as a file only".into()))?;
            put(field, text, &format!("{at}.text"))?;
        }
        if let Some(file) = &e.file {
            let field = file_field
                .ok_or_else(|| SidecarError::invalid_field(&format!("{at}.file"), "Shift4 takes this type of evidence as text only".into()))?;
            let id = file.connector_file_id.as_deref().map(str::trim).filter(|f| !f.is_empty()).ok_or_else(|| {
                SidecarError::missing_field(
                    &format!("{at}.file.connectorFileId"),
                    "Shift4 takes evidence files by the id of a file upload: run uploadDisputeFile first (PaymentsClient.submitDisputeEvidence does)",
                )
            })?;
            put(field, id, &format!("{at}.file"))?;
        }
        if e.text.is_none() && e.file.is_none() {
            return Err(SidecarError::missing_field(&format!("{at}.text"), "give the evidence's text or file"));
        }
    }
    let body = serde_json::json!({ "evidence": evidence });
    let http = call(HttpMethod::POST, dispute_url(ctx, &r.connector_dispute_id)?, auth, r.idempotency_key.as_deref())
        .header("Content-Type", "application/json");
    Ok(http.json_body(&body, false))
}

pub fn parse_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    parse_dispute(response, &r.connector_dispute_id, "Shift4 did not take the evidence")
}

// ---------- uploadDisputeFile ----------

/// The SDK's `FileUploadType`: pdf, jpg, png, csv.
const FILE_TYPES: &[&str] = &["application/pdf", "image/jpeg", "image/png", "text/csv"];

pub fn build_upload_dispute_file(r: &UploadDisputeFileRequest, auth: &Shift4Auth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    // The uploads host, unless the caller points the connector elsewhere (a proxy, the emulator).
    let base = match &ctx.options.base_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => UPLOADS.to_string(),
    };
    let content_type = r.file.content_type.trim();
    if !FILE_TYPES.contains(&content_type) {
        return Err(SidecarError::invalid_field(
            "request.file.contentType",
            format!("Shift4 takes dispute evidence files as PDF, JPG, PNG or CSV ({})", FILE_TYPES.join(", ")),
        ));
    }
    let bytes = crate::kit::crypto::base64_decode(&r.file.data).ok_or_else(|| SidecarError::invalid_field("request.file.data", "not base64".into()))?;
    if bytes.is_empty() {
        return Err(SidecarError::invalid_field("request.file.data", "the file is empty".into()));
    }
    let mut parts = Multipart::new();
    parts.file("file", &r.file.filename, content_type, &bytes).text("purpose", "dispute_evidence");
    let body = parts.into_body(false, "request.file.contentType")?;
    let mut http = call(HttpMethod::POST, format!("{base}/files"), auth, r.idempotency_key.as_deref());
    http.body = Some(body);
    Ok(http)
}

#[derive(Debug, Deserialize)]
struct Shift4FileUpload {
    id: Option<String>,
}

pub fn parse_upload_dispute_file(_: &UploadDisputeFileRequest, response: &HttpResponse, _: &Context) -> Result<FileResult, SidecarError> {
    if response.is_success() {
        let file: Shift4FileUpload = response.json()?;
        if let Some(id) = present_owned(&file.id) {
            return Ok(FileResult { status: FileStatus::Success, connector_file_id: Some(id), error: None, http_status: response.status });
        }
        return Err(SidecarError::undeserializable(response.status, &response.body, "a file upload without an id"));
    }
    let e = error_body(response)?.unwrap_or_else(Shift4Error::default);
    Ok(FileResult {
        status: FileStatus::Failure,
        connector_file_id: None,
        error: Some(error_info(response.status, &e, "Shift4 did not store the file")),
        http_status: response.status,
    })
}

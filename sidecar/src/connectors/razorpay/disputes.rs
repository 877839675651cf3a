//! Razorpay's disputes (https://razorpay.com/docs/api/disputes/) and documents
//! (https://razorpay.com/docs/api/documents/), as the official Node SDK calls them
//! (`disputes.fetch`, `disputes.accept`, `disputes.contest`, `documents.create`):
//! - dsync → `GET /v1/disputes/{id}`: the dispute entity;
//! - acceptDispute → `POST /v1/disputes/{id}/accept`: "acknowledging it as `lost`", irreversible;
//! - uploadDisputeFile → `POST /v1/documents`, multipart `file` and `purpose=dispute_evidence`:
//!   the document's id (`doc_...`) is what the evidence names;
//! - submitDisputeEvidence → `PATCH /v1/disputes/{id}/contest` with the evidence (document ids per
//!   kind of proof, the texts as `summary`) and `action`: `submit` (the default, as `submit` is in
//!   the unified request) or `draft` when `submit: false` ("Dispute evidence draft does not get
//!   auto-submitted");
//! - defendDispute → the same PATCH with only `action: submit`: the draft saved before is sent.
//!
//! Every answer is the dispute entity; its `status` says where the dispute is.

use super::mapping;
use super::responses::refusal_error;
use super::RazorpayAuth;
use crate::connectors::{path_id, Context};
use crate::kit::crypto::{base64_decode, basic_auth};
use crate::kit::multipart::Multipart;
use crate::kit::text::present_owned;
use crate::kit::time::iso8601_utc;
use crate::protocol::{
    AcceptDisputeRequest, DefendDisputeRequest, DisputeResult, DisputeStatus, DsyncRequest, EvidenceType, FileResult, FileStatus,
    HttpMethod, HttpRequest, HttpResponse, SidecarError, SubmitDisputeEvidenceRequest, UploadDisputeFileRequest,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `summary`: "It can have a maximum length of 1000 characters".
pub const SUMMARY_MAX: usize = 1000;
/// The document types Razorpay takes (Create a Document: `mime_type`).
pub const DOCUMENT_TYPES: &[&str] = &["image/jpg", "image/jpeg", "image/png", "application/pdf"];

fn call(method: HttpMethod, path: &str, auth: &RazorpayAuth, ctx: &Context) -> HttpRequest {
    HttpRequest::new(method, format!("{}/v1{path}", ctx.base_url()))
        .secret_header("Authorization", basic_auth(auth.key_id(), auth.key_secret()))
}

/// `/disputes/{id}`: the id as Razorpay writes it ("The dispute id must start with `disp_`").
fn dispute_path(id: &str) -> Result<String, SidecarError> {
    let id = id.trim();
    if !id.starts_with("disp_") {
        return Err(SidecarError::invalid_field("request.connectorDisputeId", "not a Razorpay dispute id (disp_...)".into()));
    }
    Ok(format!("/disputes/{}", path_id(id, "request.connectorDisputeId", "Razorpay")?))
}

/// The dispute entity: the fields read.
#[derive(Debug, Deserialize, Default)]
pub struct Dispute {
    pub id: Option<String>,
    pub payment_id: Option<String>,
    pub amount: Option<i64>,
    pub currency: Option<String>,
    pub reason_code: Option<String>,
    pub reason_description: Option<String>,
    pub respond_by: Option<i64>,
    pub status: Option<String>,
}

/// A dispute entity, or the refusal. `accepted`: the answer of acceptDispute, where Razorpay's
/// `lost` is the merchant's own concession.
fn dispute_result(id: &str, response: &HttpResponse, what: &str, accepted: bool) -> Result<DisputeResult, SidecarError> {
    if !response.is_success() {
        let mut result = DisputeResult::failure(refusal_error(response, what)?, response.status);
        result.connector_dispute_id = Some(id.trim().to_string());
        return Ok(result);
    }
    let d: Dispute = response.json()?;
    let word = d.status.as_deref().map(str::trim).unwrap_or("");
    let mut status = mapping::dispute_status(word).ok_or_else(|| {
        SidecarError::undeserializable(response.status, &response.body, "Razorpay's dispute has a status this connector does not know")
    })?;
    if accepted && status == DisputeStatus::Lost {
        status = DisputeStatus::Accepted;
    }
    let mut result = DisputeResult::new(status, response.status);
    result.connector_dispute_id = present_owned(&d.id).or_else(|| Some(id.trim().to_string()));
    result.connector_transaction_id = present_owned(&d.payment_id);
    result.amount = super::responses::money(d.amount, d.currency.as_deref());
    result.reason_code = present_owned(&d.reason_code);
    result.reason_message = present_owned(&d.reason_description);
    result.due_by = d.respond_by.filter(|t| *t > 0).map(iso8601_utc);
    result.connector_status = present_owned(&d.status);
    Ok(result)
}

// ---------- dsync ----------

pub fn build_dsync(r: &DsyncRequest, auth: &RazorpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    Ok(call(HttpMethod::GET, &dispute_path(&r.connector_dispute_id)?, auth, ctx))
}

pub fn parse_dsync(r: &DsyncRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    dispute_result(&r.connector_dispute_id, response, "Razorpay could not read the dispute", false)
}

// ---------- acceptDispute ----------

pub fn build_accept_dispute(r: &AcceptDisputeRequest, auth: &RazorpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    Ok(call(HttpMethod::POST, &format!("{}/accept", dispute_path(&r.connector_dispute_id)?), auth, ctx))
}

pub fn parse_accept_dispute(r: &AcceptDisputeRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    dispute_result(&r.connector_dispute_id, response, "Razorpay refused to accept the dispute", true)
}

// ---------- submitDisputeEvidence, defendDispute ----------

/// Where each unified evidence type goes in Razorpay's evidence: one of its lists of document ids,
/// or (no list of its own) an `others` entry of that type.
pub enum Slot {
    List(&'static str),
    Other(&'static str),
}

pub fn evidence_slot(kind: EvidenceType) -> Slot {
    use EvidenceType::*;
    match kind {
        Receipt => Slot::List("billing_proof"),
        ShippingDocumentation | ShippingTrackingNumber => Slot::List("shipping_proof"),
        CustomerCommunication => Slot::List("customer_communication"),
        RefundPolicy | CancellationPolicy => Slot::List("refund_cancellation_policy"),
        ServiceDocumentation => Slot::List("proof_of_service"),
        AccessActivityLog => Slot::List("access_activity_log"),
        CustomerSignature => Slot::Other("customer_signature"),
        DuplicateChargeDocumentation => Slot::Other("duplicate_charge_documentation"),
        ProductDescription => Slot::Other("product_description"),
        Uncategorized => Slot::Other("uncategorized"),
    }
}

#[derive(Debug, Serialize)]
pub struct OtherEvidence {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub document_ids: Vec<String>,
}

/// `PATCH /v1/disputes/{id}/contest`.
#[derive(Debug, Serialize, Default)]
pub struct Contest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(flatten)]
    pub lists: BTreeMap<&'static str, Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<OtherEvidence>,
    /// `draft` or `submit`.
    pub action: &'static str,
}

pub fn contest_body(r: &SubmitDisputeEvidenceRequest) -> Result<Contest, SidecarError> {
    if r.evidence.is_empty() {
        return Err(SidecarError::missing_field("request.evidence", "give at least one piece of evidence"));
    }
    let submit = r.submit.unwrap_or(true);
    let mut body = Contest { action: if submit { "submit" } else { "draft" }, ..Contest::default() };
    let mut texts: Vec<&str> = Vec::new();
    for (i, e) in r.evidence.iter().enumerate() {
        let at = format!("request.evidence[{i}]");
        if e.text.is_none() && e.file.is_none() {
            return Err(SidecarError::missing_field(&format!("{at}.text"), "a piece of evidence is a text, a file, or both"));
        }
        if let Some(text) = e.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            texts.push(text);
        }
        if let Some(file) = &e.file {
            let id = file.connector_file_id.as_deref().map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| {
                SidecarError::missing_field(
                    &format!("{at}.file.connectorFileId"),
                    "Razorpay takes evidence files by the id of a document (doc_...): run uploadDisputeFile first (PaymentsClient.submitDisputeEvidence does)",
                )
            })?;
            if !id.starts_with("doc_") {
                return Err(SidecarError::invalid_field(&format!("{at}.file.connectorFileId"), "not a Razorpay document id (doc_...)".into()));
            }
            match evidence_slot(e.kind) {
                Slot::List(name) => body.lists.entry(name).or_default().push(id.to_string()),
                Slot::Other(kind) => match body.others.iter_mut().find(|o| o.kind == kind) {
                    Some(o) => o.document_ids.push(id.to_string()),
                    None => body.others.push(OtherEvidence { kind, document_ids: vec![id.to_string()] }),
                },
            }
        }
    }
    // Razorpay's evidence has one text, the `summary`: the texts, in the order given.
    if !texts.is_empty() {
        let summary = texts.join("\n\n");
        if summary.chars().count() > SUMMARY_MAX {
            return Err(SidecarError::invalid_field(
                "request.evidence",
                format!("Razorpay takes the evidence's texts as one summary of at most {SUMMARY_MAX} characters (put longer texts in a document)"),
            ));
        }
        body.summary = Some(summary);
    }
    // "You need to provide a minimum of one document id ... for a successful submission".
    if submit && body.lists.is_empty() && body.others.is_empty() {
        return Err(SidecarError::invalid_field(
            "request.evidence",
            "Razorpay submits a contest only with at least one document: add a file, or send it as a draft (submit: false)".into(),
        ));
    }
    Ok(body)
}

pub fn build_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, auth: &RazorpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = contest_body(r)?;
    let path = format!("{}/contest", dispute_path(&r.connector_dispute_id)?);
    Ok(call(HttpMethod::PATCH, &path, auth, ctx).header("Content-Type", "application/json").json_body(&body, false))
}

/// The dispute after the contest: `open` while a draft, `under_review` once submitted.
pub fn parse_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    dispute_result(&r.connector_dispute_id, response, "Razorpay refused the contest", false)
}

#[derive(Debug, Serialize)]
struct SubmitDraft {
    action: &'static str,
}

pub fn build_defend_dispute(r: &DefendDisputeRequest, auth: &RazorpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if r.defense_reason_code.is_some() {
        return Err(SidecarError::invalid_field(
            "request.defenseReasonCode",
            "Razorpay's contest takes no defense reason: the evidence saved as a draft (submitDisputeEvidence with submit: false) is the defense".into(),
        ));
    }
    let path = format!("{}/contest", dispute_path(&r.connector_dispute_id)?);
    Ok(call(HttpMethod::PATCH, &path, auth, ctx).header("Content-Type", "application/json").json_body(&SubmitDraft { action: "submit" }, false))
}

pub fn parse_defend_dispute(r: &DefendDisputeRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    dispute_result(&r.connector_dispute_id, response, "Razorpay refused to submit the contest", false)
}

// ---------- uploadDisputeFile ----------

pub fn build_upload_dispute_file(r: &UploadDisputeFileRequest, auth: &RazorpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let content_type = r.file.content_type.trim();
    if !DOCUMENT_TYPES.contains(&content_type) {
        return Err(SidecarError::invalid_field(
            "request.file.contentType",
            format!("Razorpay takes documents of the types {}", DOCUMENT_TYPES.join(", ")),
        ));
    }
    let bytes = base64_decode(&r.file.data).ok_or_else(|| SidecarError::invalid_field("request.file.data", "not base64".into()))?;
    if bytes.is_empty() {
        return Err(SidecarError::invalid_field("request.file.data", "an empty file".into()));
    }
    let mut parts = Multipart::new();
    parts.file("file", &r.file.filename, content_type, &bytes).text("purpose", "dispute_evidence");
    let mut http = call(HttpMethod::POST, "/documents", auth, ctx);
    http.body = Some(parts.into_body(false, "request.file.contentType")?);
    Ok(http)
}

#[derive(Debug, Deserialize)]
struct Document {
    id: Option<String>,
}

pub fn parse_upload_dispute_file(_: &UploadDisputeFileRequest, response: &HttpResponse, _: &Context) -> Result<FileResult, SidecarError> {
    if !response.is_success() {
        return Ok(FileResult {
            status: FileStatus::Failure,
            connector_file_id: None,
            error: Some(refusal_error(response, "Razorpay refused the document")?),
            http_status: response.status,
        });
    }
    let doc: Document = response.json()?;
    let id = present_owned(&doc.id)
        .ok_or_else(|| SidecarError::undeserializable(response.status, &response.body, "Razorpay's document has no id"))?;
    Ok(FileResult { status: FileStatus::Success, connector_file_id: Some(id), error: None, http_status: response.status })
}

//! GP API disputes (the SDKs' `DisputeSummary.accept()`/`challenge(documents)` and
//! `ReportingService.disputeDetail`), on the same bearer token as every other call:
//! - dsync → `GET /disputes/{id}` (the dispute: `status`, `stage`, `result`, `amount` in minor
//!   units as a string, `reason_code`, `reason_description`, `time_to_respond_by`);
//! - acceptDispute → `POST /disputes/{id}/acceptance` (no body);
//! - submitDisputeEvidence → `POST /disputes/{id}/challenge` with `{documents: [{type,
//!   b64_content}]}`: GP takes the files inside the challenge, base64, and the challenge is the
//!   defense: there is no draft to keep and no separate submit (`submit: false` is refused), no
//!   file store (uploadDisputeFile is unsupported), no text field (a text is refused: send it as
//!   a document).
//!
//! A document's `type` is GP's word for it where it has one the SDK's tests use (`SALES_RECEIPT`
//! for a receipt); GP takes a document without a type (the SDK's "challenge missing type" test),
//! which the other kinds of evidence are. GP refuses more than one document at the RETRIEVAL stage
//! (40072) and a challenge without one (40065): its answer says so.

use super::flows::{access_token, call};
use super::mapping::dispute_status;
use super::responses::{error_body, error_info, money};
use super::GlobalpaymentsAuth;
use crate::connectors::{path_id, Context};
use crate::kit::text::present_owned;
use crate::protocol::{
    AcceptDisputeRequest, DisputeResult, DisputeStatus, DsyncRequest, EvidenceType, HttpMethod, HttpRequest, HttpResponse,
    SidecarError, SubmitDisputeEvidenceRequest,
};
use serde::{Deserialize, Serialize};

fn dispute_url(base: &str, id: &str) -> Result<String, SidecarError> {
    Ok(format!("{base}/disputes/{}", path_id(id.trim(), "request.connectorDisputeId", "GP API")?))
}

/// The dispute object (GET /disputes/{id}, and the answers of acceptance and challenge): the
/// fields read.
#[derive(Debug, Deserialize, Default)]
pub struct GpDispute {
    pub id: Option<String>,
    pub status: Option<String>,
    pub stage: Option<String>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub reason_code: Option<String>,
    pub reason_description: Option<String>,
    pub time_to_respond_by: Option<String>,
    pub result: Option<String>,
    pub transaction: Option<GpDisputeTransaction>,
}

#[derive(Debug, Deserialize, Default)]
pub struct GpDisputeTransaction {
    pub id: Option<String>,
}

/// `status/stage/result` as GP says them, for connectorStatus.
fn gp_words(d: &GpDispute) -> Option<String> {
    let words: Vec<String> = [&d.status, &d.stage, &d.result].iter().filter_map(|w| present_owned(w)).collect();
    (!words.is_empty()).then(|| words.join("/"))
}

fn fill(d: &GpDispute, result: &mut DisputeResult) {
    if let Some(id) = present_owned(&d.id) {
        result.connector_dispute_id = Some(id);
    }
    result.connector_transaction_id = d.transaction.as_ref().and_then(|t| present_owned(&t.id));
    result.amount = money(d.amount.as_deref(), d.currency.as_deref());
    result.reason_code = present_owned(&d.reason_code);
    result.reason_message = present_owned(&d.reason_description);
    result.due_by = present_owned(&d.time_to_respond_by);
    result.connector_status = gp_words(d);
}

fn failure(response: &HttpResponse, id: &str, what: &str) -> DisputeResult {
    let e = error_body(response);
    let mut result = DisputeResult::failure(error_info(response.status, &e, what), response.status);
    result.connector_dispute_id = Some(id.trim().to_string());
    result
}

/// The answer of an action: `done` on success, the dispute's details when GP returns them.
fn action_result(id: &str, response: &HttpResponse, done: DisputeStatus, what: &str) -> Result<DisputeResult, SidecarError> {
    if !response.is_success() {
        return Ok(failure(response, id, what));
    }
    let mut result = DisputeResult::new(done, response.status);
    result.connector_dispute_id = Some(id.trim().to_string());
    if !response.body.trim().is_empty() {
        let d: GpDispute = response.json()?;
        fill(&d, &mut result);
    }
    Ok(result)
}

// ---------- dsync ----------

pub fn build_dsync(r: &DsyncRequest, _: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    Ok(call(HttpMethod::GET, dispute_url(ctx.base_url(), &r.connector_dispute_id)?, token, None))
}

pub fn parse_dsync(r: &DsyncRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    if !response.is_success() {
        return Ok(failure(response, &r.connector_dispute_id, "GP API could not read the dispute"));
    }
    let d: GpDispute = response.json()?;
    // A status this version does not know: the dispute is there, its state unknown: under review,
    // with GP's words in connectorStatus.
    let status = d.status.as_deref().and_then(|s| dispute_status(s, d.result.as_deref())).unwrap_or(DisputeStatus::UnderReview);
    let mut result = DisputeResult::new(status, response.status);
    result.connector_dispute_id = Some(r.connector_dispute_id.trim().to_string());
    fill(&d, &mut result);
    Ok(result)
}

// ---------- acceptDispute ----------

pub fn build_accept_dispute(r: &AcceptDisputeRequest, _: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let url = format!("{}/acceptance", dispute_url(ctx.base_url(), &r.connector_dispute_id)?);
    Ok(call(HttpMethod::POST, url, token, r.idempotency_key.as_deref()))
}

pub fn parse_accept_dispute(r: &AcceptDisputeRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    action_result(&r.connector_dispute_id, response, DisputeStatus::Accepted, "GP API did not accept the dispute")
}

// ---------- submitDisputeEvidence (the challenge) ----------

/// GP's document `type` for a kind of evidence, where the SDK's tests name one.
pub fn document_type(kind: EvidenceType) -> Option<&'static str> {
    match kind {
        EvidenceType::Receipt => Some("SALES_RECEIPT"),
        _ => None,
    }
}

#[derive(Debug, Serialize)]
pub struct Challenge {
    pub documents: Vec<ChallengeDocument>,
}

#[derive(Debug, Serialize)]
pub struct ChallengeDocument {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    pub b64_content: String,
}

pub fn challenge_body(r: &SubmitDisputeEvidenceRequest) -> Result<Challenge, SidecarError> {
    if !r.submit() {
        return Err(SidecarError::invalid_field(
            "request.submit",
            "GP API keeps no draft: POST /disputes/{id}/challenge sends the documents to the issuer at once (send submit true, or leave it out)".into(),
        ));
    }
    if r.evidence.is_empty() {
        return Err(SidecarError::missing_field("request.evidence", "GP API challenges a dispute with at least one document"));
    }
    let mut documents = Vec::with_capacity(r.evidence.len());
    for (i, e) in r.evidence.iter().enumerate() {
        let at = format!("request.evidence[{i}]");
        if e.text.is_some() {
            return Err(SidecarError::invalid_field(
                &format!("{at}.text"),
                "GP API's challenge takes documents only (base64 files), no text: give the text as a file".into(),
            ));
        }
        let file = e.file.as_ref().ok_or_else(|| SidecarError::missing_field(&format!("{at}.file"), "GP API's challenge takes each piece of evidence as a document (a file)"))?;
        if file.connector_file_id.is_some() {
            return Err(SidecarError::invalid_field(
                &format!("{at}.file.connectorFileId"),
                "GP API has no file store: the challenge carries each file's content (file.data, base64)".into(),
            ));
        }
        if file.data.is_none() {
            return Err(SidecarError::missing_field(&format!("{at}.file.data"), "GP API takes the document's content, base64"));
        }
        let bytes = file.bytes().filter(|b| !b.is_empty()).ok_or_else(|| SidecarError::invalid_field(&format!("{at}.file.data"), "not base64 (or empty)".into()))?;
        documents.push(ChallengeDocument { kind: document_type(e.kind), b64_content: crate::kit::crypto::base64_encode(&bytes) });
    }
    Ok(Challenge { documents })
}

pub fn build_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, _: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let body = challenge_body(r)?;
    let url = format!("{}/challenge", dispute_url(ctx.base_url(), &r.connector_dispute_id)?);
    Ok(call(HttpMethod::POST, url, token, r.idempotency_key.as_deref()).json_body(&body, false))
}

/// The challenge is the defense: sent to the issuer.
pub fn parse_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    action_result(&r.connector_dispute_id, response, DisputeStatus::Challenged, "GP API did not take the challenge")
}

//! Square (issue 12): the Disputes API (https://developer.squareup.com/docs/disputes-api/process-disputes).
//!
//! - acceptDispute → AcceptDispute `POST /v2/disputes/{dispute_id}/accept` (state ACCEPTED).
//! - dsync → RetrieveDispute `GET /v2/disputes/{dispute_id}`.
//! - defendDispute → SubmitEvidence `POST /v2/disputes/{dispute_id}/submit-evidence`: Square sends
//!   the evidence uploaded so far to the bank (state PROCESSING).
//! - submitDisputeEvidence → CreateDisputeEvidenceText `POST /v2/disputes/{dispute_id}/evidence-text`
//!   (`idempotency_key`, `evidence_type`, `evidence_text` of 1 to 500 characters): one piece of text
//!   per call, so one text item per request; the key is the caller's (Square requires one and there
//!   is no honest stand-in). Adding evidence and submitting it are two calls: with a text item,
//!   `submit` must be false (then defendDispute); with no text (files added by uploadDisputeFile,
//!   named by `connectorFileId`) `submit` true is SubmitEvidence at once, false reads the dispute.
//! - uploadDisputeFile → CreateDisputeEvidenceFile `POST /v2/disputes/{dispute_id}/evidence-files`,
//!   multipart: `request` (application/json: `idempotency_key`, `evidence_type` GENERIC_EVIDENCE,
//!   as the upload does not say which piece it is, `content_type`) and `image_file` (HEIC, HEIF,
//!   JPEG, PDF, PNG or TIFF). The file is on the dispute from then on; its evidence id is
//!   `connectorFileId`. The caller's key is required, as for text.
//! - States (DisputeState): EVIDENCE_REQUIRED, INQUIRY_EVIDENCE_REQUIRED → needs_response;
//!   PROCESSING, INQUIRY_PROCESSING → challenged (evidence with the bank); WON and INQUIRY_CLOSED
//!   (the bank closed its inquiry without a chargeback) → won; LOST → lost; ACCEPTED → accepted.
//! - `due_at` (RFC 3339) is dueBy; `reason` (DisputeReason) the reason code; the payment is
//!   `disputed_payment.payment_id`.

use super::flows::square_idempotency_key;
use super::responses::{error_info, SquareError, SquareMoney};
use super::{SquareAuth, SQUARE_VERSION};
use crate::connectors::{path_id, Context};
use crate::kit::time::{iso8601_utc, parse_iso8601_utc};
use crate::protocol::{
    AcceptDisputeRequest, DefendDisputeRequest, DisputeResult, DisputeStatus, DsyncRequest, EvidenceType, FileResult, FileStatus, HttpMethod,
    HttpRequest, HttpResponse, SidecarError, SubmitDisputeEvidenceRequest, UploadDisputeFileRequest, WebhookEvent,
};
use serde::{Deserialize, Serialize};

/// CreateDisputeEvidenceText's limit on `evidence_text`.
const MAX_EVIDENCE_TEXT: usize = 500;

#[derive(Debug, Deserialize)]
pub struct SquareDispute {
    pub id: Option<String>,
    pub amount_money: Option<SquareMoney>,
    pub reason: Option<String>,
    pub state: Option<String>,
    pub due_at: Option<String>,
    pub disputed_payment: Option<DisputedPayment>,
}

#[derive(Debug, Deserialize)]
pub struct DisputedPayment {
    pub payment_id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DisputeEnvelope {
    dispute: Option<SquareDispute>,
    evidence: Option<serde_json::Value>,
    #[serde(default)]
    errors: Vec<SquareError>,
}

/// Square's DisputeState.
pub fn dispute_status(state: &str) -> Option<DisputeStatus> {
    Some(match state {
        "EVIDENCE_REQUIRED" | "INQUIRY_EVIDENCE_REQUIRED" => DisputeStatus::NeedsResponse,
        "PROCESSING" | "INQUIRY_PROCESSING" => DisputeStatus::Challenged,
        "WON" | "INQUIRY_CLOSED" => DisputeStatus::Won,
        "LOST" => DisputeStatus::Lost,
        "ACCEPTED" => DisputeStatus::Accepted,
        _ => return None,
    })
}

fn utc(text: Option<&str>) -> Option<String> {
    text.and_then(parse_iso8601_utc).map(iso8601_utc)
}

/// The unified reading of a Square Dispute (results and webhook events share it).
fn read(d: &SquareDispute) -> (DisputeStatus, Option<String>, Option<String>) {
    let status = d.state.as_deref().and_then(dispute_status).unwrap_or(DisputeStatus::UnderReview);
    (status, d.disputed_payment.as_ref().and_then(|p| p.payment_id.clone()).filter(|p| !p.is_empty()), utc(d.due_at.as_deref()))
}

fn from_dispute(d: SquareDispute, http: u16, asked: &str) -> DisputeResult {
    let (status, payment, due) = read(&d);
    let mut r = DisputeResult::new(status, http);
    r.connector_dispute_id = Some(d.id.clone().filter(|i| !i.is_empty()).unwrap_or_else(|| asked.trim().to_string()));
    r.connector_transaction_id = payment;
    r.amount = d.amount_money.as_ref().and_then(SquareMoney::to_unified);
    r.reason_code = d.reason.clone();
    r.due_by = due;
    r.connector_status = d.state;
    r
}

/// A webhook's dispute (dispute.created, dispute.state.updated / changed: `data.object.dispute`).
pub fn fill_event(e: &mut WebhookEvent, d: &SquareDispute) {
    let (status, payment, due) = read(d);
    e.dispute_status = Some(status);
    e.connector_dispute_id = d.id.clone().filter(|i| !i.is_empty()).or(e.connector_dispute_id.take());
    e.connector_transaction_id = payment;
    e.amount = d.amount_money.as_ref().and_then(SquareMoney::to_unified);
    e.reason_code = d.reason.clone();
    e.due_by = due;
}

fn call(method: HttpMethod, ctx: &Context, auth: &SquareAuth, dispute: &str, tail: &str) -> Result<HttpRequest, SidecarError> {
    let id = path_id(dispute.trim(), "request.connectorDisputeId", "Square")?;
    Ok(HttpRequest::new(method, format!("{}/v2/disputes/{id}{tail}", ctx.base_url()))
        .secret_header("Authorization", format!("Bearer {}", auth.access_token.expose()))
        .header("Square-Version", SQUARE_VERSION))
}

/// `{dispute}` on a 2xx; Square's `errors` otherwise (a 5xx may have no body).
fn parse_dispute(response: &HttpResponse, asked: &str, what: &str) -> Result<DisputeResult, SidecarError> {
    let http = response.status;
    let body: Option<DisputeEnvelope> = if http >= 500 { response.json().ok() } else { Some(response.json()?) };
    if response.is_success() {
        let d = body.and_then(|b| b.dispute).ok_or_else(|| SidecarError::undeserializable(http, &response.body, "a success without the `dispute`"))?;
        return Ok(from_dispute(d, http, asked));
    }
    let errors = body.map(|b| b.errors).unwrap_or_default();
    let mut r = DisputeResult::failure(error_info(http, &errors, what), http);
    r.connector_dispute_id = Some(asked.trim().to_string());
    Ok(r)
}

pub fn build_accept_dispute(r: &AcceptDisputeRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    call(HttpMethod::POST, ctx, auth, &r.connector_dispute_id, "/accept")
}

pub fn parse_accept_dispute(r: &AcceptDisputeRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    parse_dispute(response, &r.connector_dispute_id, "accept the dispute")
}

pub fn build_dsync(r: &DsyncRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    call(HttpMethod::GET, ctx, auth, &r.connector_dispute_id, "")
}

pub fn parse_dsync(r: &DsyncRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    parse_dispute(response, &r.connector_dispute_id, "read the dispute")
}

pub fn build_defend_dispute(r: &DefendDisputeRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if r.defense_reason_code.as_deref().is_some_and(|c| !c.trim().is_empty()) {
        return Err(SidecarError::invalid_field(
            "request.defenseReasonCode",
            "Square's SubmitEvidence takes no defense reason: the evidence is the defense".into(),
        ));
    }
    call(HttpMethod::POST, ctx, auth, &r.connector_dispute_id, "/submit-evidence")
}

pub fn parse_defend_dispute(r: &DefendDisputeRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    parse_dispute(response, &r.connector_dispute_id, "submit the evidence")
}

/// The DisputeEvidenceType of each unified type.
fn evidence_type(kind: EvidenceType) -> &'static str {
    match kind {
        EvidenceType::Receipt => "RECEIPT",
        EvidenceType::ShippingDocumentation => "PROOF_OF_DELIVERY_DOCUMENTATION",
        EvidenceType::ShippingTrackingNumber => "TRACKING_NUMBER",
        EvidenceType::CustomerCommunication => "CARDHOLDER_COMMUNICATION",
        EvidenceType::CustomerSignature => "PURCHASE_ACKNOWLEDGEMENT",
        EvidenceType::RefundPolicy | EvidenceType::CancellationPolicy => "CANCELLATION_OR_REFUND_DOCUMENTATION",
        EvidenceType::ServiceDocumentation => "SERVICE_RECEIVED_DOCUMENTATION",
        EvidenceType::DuplicateChargeDocumentation => "DUPLICATE_CHARGE_DOCUMENTATION",
        EvidenceType::ProductDescription => "PRODUCT_OR_SERVICE_DESCRIPTION",
        EvidenceType::AccessActivityLog => "ONLINE_OR_APP_ACCESS_LOG",
        EvidenceType::Uncategorized => "GENERIC_EVIDENCE",
    }
}

#[derive(Debug, Serialize)]
struct CreateDisputeEvidenceTextRequest<'a> {
    idempotency_key: String,
    evidence_type: &'static str,
    evidence_text: &'a str,
}

/// The one text item of the request, if any; refuses what one Square call cannot carry.
fn the_text(r: &SubmitDisputeEvidenceRequest) -> Result<Option<(EvidenceType, &str)>, SidecarError> {
    let mut text = None;
    for (i, e) in r.evidence.iter().enumerate() {
        let at = format!("request.evidence[{i}]");
        if let Some(f) = &e.file {
            if f.data.is_some() {
                return Err(SidecarError::invalid_field(
                    &format!("{at}.file.data"),
                    "Square takes each file in a call of its own (CreateDisputeEvidenceFile): upload it with uploadDisputeFile \
                     and give its connectorFileId (PaymentsClient.submitDisputeEvidence does this)"
                        .into(),
                ));
            }
            if e.text.is_some() {
                return Err(SidecarError::invalid_field(&format!("{at}.text"), "Square's evidence is text or a file, not both: give them as two items".into()));
            }
            continue;
        }
        if let Some(t) = e.text.as_deref() {
            if text.is_some() {
                return Err(SidecarError::invalid_field(
                    &format!("{at}.text"),
                    "Square takes one piece of text evidence per call (CreateDisputeEvidenceText): send each in its own request".into(),
                ));
            }
            if t.chars().count() > MAX_EVIDENCE_TEXT {
                return Err(SidecarError::invalid_field(&format!("{at}.text"), format!("Square takes evidence text of at most {MAX_EVIDENCE_TEXT} characters")));
            }
            text = Some((e.kind, t));
        }
    }
    Ok(text)
}

pub fn build_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let Some((kind, text)) = the_text(r)? else {
        // Files only (uploaded to the dispute already): submit them now, or read the dispute.
        return if r.submit() {
            call(HttpMethod::POST, ctx, auth, &r.connector_dispute_id, "/submit-evidence")
        } else {
            call(HttpMethod::GET, ctx, auth, &r.connector_dispute_id, "")
        };
    };
    if r.submit() {
        return Err(SidecarError::invalid_field(
            "request.submit",
            "Square adds evidence (CreateDisputeEvidenceText) and submits it (SubmitEvidence) in separate calls: send the \
             evidence with submit: false, then defendDispute"
                .into(),
        ));
    }
    let key = r.idempotency_key.as_deref().map(str::trim).filter(|k| !k.is_empty()).ok_or_else(|| {
        SidecarError::missing_field("request.idempotencyKey", "Square requires an idempotency_key on CreateDisputeEvidenceText")
    })?;
    let body = CreateDisputeEvidenceTextRequest { idempotency_key: square_idempotency_key(key), evidence_type: evidence_type(kind), evidence_text: text };
    // The merchant's statements about the shopper's purchase: kept out of logs like card data.
    Ok(call(HttpMethod::POST, ctx, auth, &r.connector_dispute_id, "/evidence-text")?.json_body(&body, true))
}

/// Text added → needs_response (Square keeps it until SubmitEvidence); files only → the dispute
/// SubmitEvidence (or RetrieveDispute) answers.
pub fn parse_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    if the_text(r)?.is_none() {
        return parse_dispute(response, &r.connector_dispute_id, if r.submit() { "submit the evidence" } else { "read the dispute" });
    }
    let http = response.status;
    let body: Option<DisputeEnvelope> = if http >= 500 { response.json().ok() } else { Some(response.json()?) };
    if response.is_success() {
        if !body.as_ref().is_some_and(|b| b.evidence.as_ref().is_some_and(|e| e.is_object())) {
            return Err(SidecarError::undeserializable(http, &response.body, "a success without the `evidence`"));
        }
        let mut result = DisputeResult::new(DisputeStatus::NeedsResponse, http);
        result.connector_dispute_id = Some(r.connector_dispute_id.trim().to_string());
        return Ok(result);
    }
    let errors = body.map(|b| b.errors).unwrap_or_default();
    let mut result = DisputeResult::failure(error_info(http, &errors, "add the dispute evidence"), http);
    result.connector_dispute_id = Some(r.connector_dispute_id.trim().to_string());
    Ok(result)
}

// ---------- uploadDisputeFile ----------

/// CreateDisputeEvidenceFile's file types ("HEIC, HEIF, JPEG, PDF, PNG, and TIFF").
const FILE_TYPES: &[&str] = &["image/heic", "image/heif", "image/jpeg", "application/pdf", "image/png", "image/tiff"];

#[derive(Debug, Serialize)]
struct CreateDisputeEvidenceFileRequest<'a> {
    idempotency_key: String,
    evidence_type: &'static str,
    content_type: &'a str,
}

pub fn build_upload_dispute_file(r: &UploadDisputeFileRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let dispute = r.connector_dispute_id.as_deref().map(str::trim).filter(|d| !d.is_empty()).ok_or_else(|| {
        SidecarError::missing_field("request.connectorDisputeId", "Square adds the file to a dispute as it takes it (CreateDisputeEvidenceFile)")
    })?;
    let content_type = r.file.content_type.trim().to_ascii_lowercase();
    if !FILE_TYPES.contains(&content_type.as_str()) {
        return Err(SidecarError::invalid_field(
            "request.file.contentType",
            format!("Square takes evidence files of the types {}", FILE_TYPES.join(", ")),
        ));
    }
    let bytes = crate::kit::crypto::base64_decode(r.file.data.trim())
        .filter(|b| !b.is_empty())
        .ok_or_else(|| SidecarError::invalid_field("request.file.data", "not base64, or empty".into()))?;
    let key = r.idempotency_key.as_deref().map(str::trim).filter(|k| !k.is_empty()).ok_or_else(|| {
        SidecarError::missing_field("request.idempotencyKey", "Square requires an idempotency_key on CreateDisputeEvidenceFile")
    })?;
    let request = serde_json::to_string(&CreateDisputeEvidenceFileRequest {
        idempotency_key: square_idempotency_key(key),
        evidence_type: "GENERIC_EVIDENCE",
        content_type: &content_type,
    })
    .expect("serializable");
    let mut parts = crate::kit::multipart::Multipart::new();
    parts.typed("request", "application/json; charset=utf-8", &request).file("image_file", &r.file.filename, &content_type, &bytes);
    // Documents of the shopper's purchase: kept out of logs like card data.
    let body = parts.into_body(true, "request.file.contentType")?;
    let mut http = call(HttpMethod::POST, ctx, auth, dispute, "/evidence-files")?;
    http.body = Some(body);
    Ok(http)
}

pub fn parse_upload_dispute_file(_: &UploadDisputeFileRequest, response: &HttpResponse, _: &Context) -> Result<FileResult, SidecarError> {
    let http = response.status;
    let body: Option<DisputeEnvelope> = if http >= 500 { response.json().ok() } else { Some(response.json()?) };
    if response.is_success() {
        let id = body
            .as_ref()
            .and_then(|b| b.evidence.as_ref())
            .and_then(|e| e.get("id"))
            .and_then(|i| i.as_str())
            .filter(|i| !i.is_empty())
            .ok_or_else(|| SidecarError::undeserializable(http, &response.body, "a success without the evidence's id"))?;
        return Ok(FileResult { status: FileStatus::Success, connector_file_id: Some(id.to_string()), error: None, http_status: http });
    }
    let errors = body.map(|b| b.errors).unwrap_or_default();
    Ok(FileResult { status: FileStatus::Failure, connector_file_id: None, error: Some(error_info(http, &errors, "upload the evidence file")), http_status: http })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Every DisputeState and DisputeEvidenceType of Square's spec (oracles/square/api.json) is known.
    #[test]
    fn every_state_and_evidence_type_of_the_spec_is_known() {
        let spec: Value = serde_json::from_str(&std::fs::read_to_string(crate::oracles::path("square").join("api.json")).unwrap()).unwrap();
        let schemas = &spec["components"]["schemas"];
        for s in schemas["DisputeState"]["enum"].as_array().unwrap() {
            assert!(dispute_status(s.as_str().unwrap()).is_some(), "{s}");
        }
        let types: Vec<&str> = schemas["DisputeEvidenceType"]["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        use EvidenceType::*;
        for kind in [
            Receipt, ShippingDocumentation, ShippingTrackingNumber, CustomerCommunication, CustomerSignature, RefundPolicy, CancellationPolicy,
            ServiceDocumentation, DuplicateChargeDocumentation, ProductDescription, AccessActivityLog, Uncategorized,
        ] {
            assert!(types.contains(&evidence_type(kind)), "{kind:?}");
        }
    }
}

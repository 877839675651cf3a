//! Checkout.com disputes (https://api-reference.checkout.com/#tag/Disputes):
//! - acceptDispute → `POST /disputes/{id}/accept` (204);
//! - uploadDisputeFile → `POST /files`, multipart with `file` and `purpose=dispute_evidence`
//!   (200 `{id: file_...}`), whose id the evidence names;
//! - submitDisputeEvidence → `PUT /disputes/{id}/evidence` (ProvideEvidenceRequest: a `_file` and
//!   a `_text` slot per kind of evidence, 204): provided, not yet submitted (`submit` changes
//!   nothing: Checkout.com always separates the two);
//! - defendDispute → `POST /disputes/{id}/evidence` (204): submits the evidence provided;
//! - dsync → `GET /disputes/{id}` (Dispute: `status`, `amount`, `reason_code`, `evidence_required_by`).
//!
//! The 204s have no body: the result is the status the call leads to (accepted, challenged, or
//! under review while a draft). Dispute webhooks (`dispute_*`) are read by [`fill_dispute_event`].

use super::responses::{api_error, money};
use super::sessions::{call, error_of};
use super::CheckoutAuth;
use crate::connectors::{path_id, Context};
use crate::kit::multipart::Multipart;
use crate::protocol::{
    AcceptDisputeRequest, DefendDisputeRequest, DisputeResult, DisputeStatus, DsyncRequest, EvidenceType, FileResult, FileStatus,
    HttpMethod, HttpRequest, HttpResponse, SidecarError, SubmitDisputeEvidenceRequest, UploadDisputeFileRequest, WebhookEvent,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// ProvideEvidenceRequest's `_text` fields: "maximum": 500.
const EVIDENCE_TEXT_MAX: usize = 500;

/// Checkout.com's dispute `status` in unified words (the spec's `Dispute.status` enum):
/// - `evidence_required`: respond before `evidence_required_by`;
/// - `evidence_under_review`, `arbitration_under_review`: evidence sent, the scheme decides;
/// - `won`, `arbitration_won`, `canceled` (the issuer withdrew it: the money stays): `won`;
/// - `lost`, `arbitration_lost`: `lost`; `accepted`, `expired` as named;
/// - `resolved`: closed by Checkout.com without a defense (`resolved_reason`: already refunded,
///   rapid dispute resolution refunded it, negative amount): nothing to answer, the shopper has
///   the money back: `accepted`.
pub fn dispute_status(status: &str) -> Option<DisputeStatus> {
    Some(match status {
        "evidence_required" => DisputeStatus::NeedsResponse,
        "evidence_under_review" | "arbitration_under_review" => DisputeStatus::UnderReview,
        "won" | "arbitration_won" | "canceled" => DisputeStatus::Won,
        "lost" | "arbitration_lost" => DisputeStatus::Lost,
        "accepted" | "resolved" => DisputeStatus::Accepted,
        "expired" => DisputeStatus::Expired,
        _ => return None,
    })
}

/// The dispute webhooks' `type` → the status it announces.
/// https://www.checkout.com/docs/developer-resources/webhooks/webhook-event-types (Disputes)
pub fn event_status(kind: &str) -> Option<DisputeStatus> {
    Some(match kind {
        "dispute_received" | "payment_chargeback" | "payment_retrieval" => DisputeStatus::Opened,
        "dispute_evidence_required" => DisputeStatus::NeedsResponse,
        "dispute_evidence_submitted" => DisputeStatus::Challenged,
        "dispute_evidence_acknowledged_by_scheme" | "dispute_arbitration_sent_to_scheme" => DisputeStatus::UnderReview,
        "dispute_won" | "dispute_arbitration_won" | "dispute_canceled" => DisputeStatus::Won,
        "dispute_lost" | "dispute_arbitration_lost" => DisputeStatus::Lost,
        "dispute_accepted" | "dispute_resolved" => DisputeStatus::Accepted,
        "dispute_expired" => DisputeStatus::Expired,
        _ => return None,
    })
}

/// Every status the vendored spec lists, for the test that the table covers them.
#[cfg(test)]
pub const KNOWN_STATUSES: &[&str] = &[
    "accepted", "arbitration_lost", "arbitration_under_review", "arbitration_won", "canceled", "evidence_required",
    "evidence_under_review", "expired", "lost", "resolved", "won",
];

fn dispute_url(base: &str, id: &str) -> Result<String, SidecarError> {
    Ok(format!("{base}/disputes/{}", path_id(id.trim(), "request.connectorDisputeId", "Checkout.com")?))
}

/// A 204 (or any 2xx) of a dispute action: `status`, with the dispute id.
fn action_result(id: &str, response: &HttpResponse, done: DisputeStatus) -> Result<DisputeResult, SidecarError> {
    if response.is_success() {
        let mut result = DisputeResult::new(done, response.status);
        result.connector_dispute_id = Some(id.trim().to_string());
        return Ok(result);
    }
    failure(response, Some(id))
}

fn failure(response: &HttpResponse, id: Option<&str>) -> Result<DisputeResult, SidecarError> {
    let (body, had_body) = error_of(response)?;
    let mut error = api_error(response.status, body.as_ref(), had_body);
    if response.status == 404 && !had_body {
        error.connector_message = Some("Dispute not found".into());
    }
    let mut result = DisputeResult::failure(error, response.status);
    result.connector_dispute_id = id.map(|i| i.trim().to_string());
    Ok(result)
}

// ---------- acceptDispute ----------

pub fn build_accept_dispute(r: &AcceptDisputeRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let url = format!("{}/accept", dispute_url(&auth.base_url(ctx)?, &r.connector_dispute_id)?);
    Ok(call(HttpMethod::POST, url, auth, r.idempotency_key.as_deref()))
}

pub fn parse_accept_dispute(r: &AcceptDisputeRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    action_result(&r.connector_dispute_id, response, DisputeStatus::Accepted)
}

// ---------- defendDispute ----------

pub fn build_defend_dispute(r: &DefendDisputeRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if r.defense_reason_code.is_some() {
        return Err(SidecarError::invalid_field(
            "request.defenseReasonCode",
            "Checkout.com takes no defense reason: the evidence provided is the defense (submitDisputeEvidence)".into(),
        ));
    }
    let url = format!("{}/evidence", dispute_url(&auth.base_url(ctx)?, &r.connector_dispute_id)?);
    Ok(call(HttpMethod::POST, url, auth, r.idempotency_key.as_deref()))
}

/// 204 "Dispute evidence submitted successfully": the defense is with the scheme.
pub fn parse_defend_dispute(r: &DefendDisputeRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    action_result(&r.connector_dispute_id, response, DisputeStatus::Challenged)
}

// ---------- submitDisputeEvidence ----------

/// Checkout.com's evidence slot for each unified type (each slot has `{slot}_file` and
/// `{slot}_text`): ProvideEvidenceRequest.
fn evidence_slot(kind: EvidenceType) -> &'static str {
    use EvidenceType::*;
    match kind {
        Receipt => "invoice_or_receipt",
        ShippingDocumentation | ShippingTrackingNumber | CustomerSignature | ServiceDocumentation => "proof_of_delivery_or_service",
        CustomerCommunication => "customer_communication",
        RefundPolicy | CancellationPolicy => "refund_or_cancellation_policy",
        DuplicateChargeDocumentation => "invoice_showing_distinct_transactions",
        ProductDescription | AccessActivityLog | Uncategorized => "additional_evidence",
    }
}

/// Every evidence type, for the tests.
#[cfg(test)]
const ALL_TYPES: [EvidenceType; 12] = {
    use EvidenceType::*;
    [
        Receipt, ShippingDocumentation, ShippingTrackingNumber, CustomerCommunication, CustomerSignature, RefundPolicy,
        CancellationPolicy, ServiceDocumentation, DuplicateChargeDocumentation, ProductDescription, AccessActivityLog, Uncategorized,
    ]
};

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct CheckoutProvideEvidence(BTreeMap<String, String>);

fn evidence_body(r: &SubmitDisputeEvidenceRequest) -> Result<CheckoutProvideEvidence, SidecarError> {
    if r.evidence.is_empty() {
        return Err(SidecarError::missing_field("request.evidence", "give at least one piece of evidence"));
    }
    let mut fields = BTreeMap::new();
    let mut put = |field: String, value: String, at: String| -> Result<(), SidecarError> {
        if fields.contains_key(&field) {
            return Err(SidecarError::invalid_field(
                &at,
                format!("Checkout.com takes one `{field}`: join the texts, or send the second file as uncategorized"),
            ));
        }
        fields.insert(field, value);
        Ok(())
    };
    for (i, e) in r.evidence.iter().enumerate() {
        let at = format!("request.evidence[{i}]");
        let slot = evidence_slot(e.kind);
        if e.text.is_none() && e.file.is_none() {
            return Err(SidecarError::missing_field(&format!("{at}.text"), "a piece of evidence is a text, a file, or both"));
        }
        if let Some(text) = &e.text {
            if text.chars().count() > EVIDENCE_TEXT_MAX {
                return Err(SidecarError::invalid_field(
                    &format!("{at}.text"),
                    format!("Checkout.com takes at most {EVIDENCE_TEXT_MAX} characters of text per evidence (put longer texts in a file)"),
                ));
            }
            put(format!("{slot}_text"), text.clone(), format!("{at}.text"))?;
        }
        if let Some(file) = &e.file {
            let id = file.connector_file_id.as_deref().map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| {
                SidecarError::missing_field(
                    &format!("{at}.file.connectorFileId"),
                    "Checkout.com takes evidence files by the id of an upload (file_...): run uploadDisputeFile first (PaymentsClient.submitDisputeEvidence does)",
                )
            })?;
            put(format!("{slot}_file"), id.to_string(), format!("{at}.file"))?;
        }
    }
    Ok(CheckoutProvideEvidence(fields))
}

pub fn build_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = evidence_body(r)?;
    let url = format!("{}/evidence", dispute_url(&auth.base_url(ctx)?, &r.connector_dispute_id)?);
    Ok(call(HttpMethod::PUT, url, auth, r.idempotency_key.as_deref()).json_body(&body, false))
}

/// 204 "Dispute evidence provided successfully". Checkout.com keeps provided evidence (it can be
/// changed by another PUT) until `POST .../evidence` submits it: that is defendDispute, as with
/// Adyen; until then the dispute still needs its response: `needs_response`.
pub fn parse_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    action_result(&r.connector_dispute_id, response, DisputeStatus::NeedsResponse)
}

// ---------- uploadDisputeFile ----------

pub fn build_upload_dispute_file(r: &UploadDisputeFileRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let bytes = crate::kit::crypto::base64_decode(&r.file.data)
        .ok_or_else(|| SidecarError::invalid_field("request.file.data", "not base64".into()))?;
    // "Accepted file types: .jpg, .png, .pdf; max 4 MB" (Upload a file).
    if !matches!(r.file.content_type.trim(), "image/jpeg" | "image/png" | "application/pdf") {
        return Err(SidecarError::invalid_field(
            "request.file.contentType",
            "Checkout.com takes dispute evidence as JPEG, PNG or PDF (image/jpeg, image/png, application/pdf)".into(),
        ));
    }
    if bytes.len() > 4 * 1024 * 1024 {
        return Err(SidecarError::invalid_field("request.file.data", "Checkout.com takes files of at most 4 MB".into()));
    }
    let mut parts = Multipart::new();
    parts.file("file", &r.file.filename, r.file.content_type.trim(), &bytes).text("purpose", "dispute_evidence");
    let body = parts.into_body(false, "request.file.contentType")?;
    let mut http = call(HttpMethod::POST, format!("{}/files", auth.base_url(ctx)?), auth, r.idempotency_key.as_deref());
    http.body = Some(body);
    Ok(http)
}

#[derive(Debug, Deserialize)]
struct CheckoutFileUpload {
    id: String,
}

pub fn parse_upload_dispute_file(_: &UploadDisputeFileRequest, response: &HttpResponse, _: &Context) -> Result<FileResult, SidecarError> {
    if response.is_success() {
        let file: CheckoutFileUpload = response.json()?;
        return Ok(FileResult { status: FileStatus::Success, connector_file_id: Some(file.id), error: None, http_status: response.status });
    }
    let (body, had_body) = error_of(response)?;
    Ok(FileResult {
        status: FileStatus::Failure,
        connector_file_id: None,
        error: Some(api_error(response.status, body.as_ref(), had_body)),
        http_status: response.status,
    })
}

// ---------- dsync ----------

pub fn build_dsync(r: &DsyncRequest, auth: &CheckoutAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    Ok(call(HttpMethod::GET, dispute_url(&auth.base_url(ctx)?, &r.connector_dispute_id)?, auth, None))
}

/// `Dispute` (GET /disputes/{id}) and the `data` of a dispute webhook: the fields read.
#[derive(Debug, Deserialize, Default)]
pub struct CheckoutDispute {
    pub id: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
    pub amount: Option<i64>,
    pub currency: Option<String>,
    pub reason_code: Option<String>,
    pub evidence_required_by: Option<String>,
    pub payment: Option<CheckoutDisputePayment>,
    /// In webhooks: the payment disputed.
    pub payment_id: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct CheckoutDisputePayment {
    pub id: Option<String>,
}

pub fn parse_dsync(r: &DsyncRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    if !response.is_success() {
        return failure(response, Some(&r.connector_dispute_id));
    }
    let d: CheckoutDispute = response.json()?;
    let word = d.status.clone().unwrap_or_default();
    // A status this version does not know: the dispute is there, its state unknown: under review
    // (nothing for the merchant to do that the status would say), with Checkout.com's word.
    let status = dispute_status(&word).unwrap_or(DisputeStatus::UnderReview);
    let mut result = DisputeResult::new(status, response.status);
    fill(&d, &mut result);
    result.connector_status = d.status;
    Ok(result)
}

fn fill(d: &CheckoutDispute, result: &mut DisputeResult) {
    result.connector_dispute_id = d.id.clone();
    result.connector_transaction_id = d.payment.as_ref().and_then(|p| p.id.clone()).or_else(|| d.payment_id.clone());
    // "can be positive or negative depending on the type of transaction": the size disputed.
    result.amount = money(d.amount.map(i64::abs), d.currency.as_deref());
    result.reason_code = d.reason_code.clone();
    result.reason_message = d.category.clone();
    result.due_by = d.evidence_required_by.clone();
}

/// A dispute webhook's `data` into the unified event, its status from the event's type.
pub fn fill_dispute_event(out: &mut WebhookEvent, kind: &str, data: &serde_json::Value) {
    let d: CheckoutDispute = serde_json::from_value(data.clone()).unwrap_or_default();
    let mut r = DisputeResult::new(DisputeStatus::Opened, 200);
    fill(&d, &mut r);
    out.dispute_status = event_status(kind);
    out.connector_dispute_id = r.connector_dispute_id.filter(|i| i.starts_with("dsp_"));
    out.connector_transaction_id = r.connector_transaction_id.filter(|i| i.starts_with("pay_"));
    out.amount = r.amount;
    out.reason_code = r.reason_code;
    out.due_by = r.due_by;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn spec() -> Value {
        serde_json::from_str(&std::fs::read_to_string(crate::oracles::path("checkout").join("checkout-nas.bundled.json")).unwrap()).unwrap()
    }

    /// Every dispute status of the vendored spec has a meaning, and the table has no word the
    /// spec does not list.
    #[test]
    fn every_dispute_status_of_the_spec_is_mapped() {
        let spec = spec();
        let mut listed: Vec<&str> =
            spec["components"]["schemas"]["Dispute"]["properties"]["status"]["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        listed.sort();
        assert_eq!(listed, KNOWN_STATUSES);
        for s in listed {
            assert!(dispute_status(s).is_some(), "{s}");
        }
        assert_eq!(dispute_status("evidence_required"), Some(DisputeStatus::NeedsResponse));
        assert_eq!(dispute_status("canceled"), Some(DisputeStatus::Won));
    }

    /// Every dispute event type the spec lists (EventTypesObject's example) has a status.
    #[test]
    fn every_dispute_event_of_the_spec_has_a_status() {
        let spec = spec();
        let types = spec["components"]["schemas"]["EventTypesObject"]["properties"]["event_types"]["example"].as_array().unwrap();
        let disputes: Vec<&str> = types.iter().map(|t| t.as_str().unwrap()).filter(|t| t.starts_with("dispute_")).collect();
        assert_eq!(disputes.len(), 6, "the spec lists six dispute events: {disputes:?}");
        for word in disputes {
            assert!(event_status(word).is_some(), "{word}");
            assert_eq!(super::super::mapping::event_meaning(word), Some(super::super::mapping::EventMeaning::Dispute));
        }
        assert_eq!(event_status("dispute_evidence_required"), Some(DisputeStatus::NeedsResponse));
        assert_eq!(event_status("dispute_won"), Some(DisputeStatus::Won));
    }

    /// Every field we write is one of ProvideEvidenceRequest's.
    #[test]
    fn evidence_fields_are_the_specs() {
        let spec = spec();
        let fields = spec["components"]["schemas"]["ProvideEvidenceRequest"]["properties"].as_object().unwrap();
        for kind in ALL_TYPES {
            let slot = evidence_slot(kind);
            for f in [format!("{slot}_file"), format!("{slot}_text")] {
                assert!(fields.contains_key(&f), "{f} is not a Checkout.com evidence field");
            }
        }
    }

    /// The paths and methods we call are the spec's.
    #[test]
    fn dispute_paths_are_the_specs() {
        let spec = spec();
        let paths = &spec["paths"];
        assert!(paths["/disputes/{dispute_id}"]["get"].is_object());
        assert!(paths["/disputes/{dispute_id}/accept"]["post"].is_object());
        assert!(paths["/disputes/{dispute_id}/evidence"]["put"].is_object());
        assert!(paths["/disputes/{dispute_id}/evidence"]["post"].is_object());
        assert!(paths["/files"]["post"]["requestBody"]["content"]["multipart/form-data"].is_object());
        let purpose = &spec["components"]["schemas"]["File"]["properties"]["purpose"]["example"];
        assert_eq!(purpose, "dispute_evidence");
    }
}

//! Stripe disputes (https://docs.stripe.com/api/disputes): acceptDispute → `POST
//! /v1/disputes/{id}/close`, submitDisputeEvidence → `POST /v1/disputes/{id}` with `evidence[...]`
//! and `submit`, defendDispute → the same call with `submit=true` alone (submits the evidence saved
//! as a draft), dsync → `GET /v1/disputes/{id}`; uploadDisputeFile → `POST
//! https://files.stripe.com/v1/files` (multipart, `purpose=dispute_evidence`), whose id the
//! evidence names. Dispute webhooks (`charge.dispute.*`) are read with the same mapping.

use super::mapping::error_info;
use super::responses::{iso_money, StripeErrorBody, StripeExpandable, StripeObjectId};
use super::{StripeAuth, STRIPE_API_VERSION};
use crate::connectors::{path_id, Context};
use crate::kit::form::FormBody;
use crate::kit::idempotency::main_key;
use crate::kit::multipart::Multipart;
use crate::protocol::{
    AcceptDisputeRequest, DefendDisputeRequest, DisputeResult, DisputeStatus, DsyncRequest, EvidenceType, FileResult,
    FileStatus, HttpMethod, HttpRequest, HttpResponse, SidecarError, SubmitDisputeEvidenceRequest, UploadDisputeFileRequest,
    WebhookEvent,
};
use serde::Deserialize;

/// Where Stripe takes file uploads (the spec's `servers` of `POST /v1/files`).
const FILES_BASE: &str = "https://files.stripe.com";

#[derive(Debug, Deserialize)]
pub struct StripeDispute {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    pub status: String,
    pub reason: Option<String>,
    pub charge: Option<StripeExpandable<StripeObjectId>>,
    pub payment_intent: Option<StripeExpandable<StripeObjectId>>,
    pub evidence_details: Option<StripeEvidenceDetails>,
    pub payment_method_details: Option<StripeDisputeMethodDetails>,
}

#[derive(Debug, Deserialize)]
pub struct StripeEvidenceDetails {
    pub due_by: Option<i64>,
    #[serde(default)]
    pub past_due: bool,
}

#[derive(Debug, Deserialize)]
pub struct StripeDisputeMethodDetails {
    pub card: Option<StripeDisputeCard>,
}

#[derive(Debug, Deserialize)]
pub struct StripeDisputeCard {
    pub network_reason_code: Option<String>,
}

#[derive(Debug, Deserialize)]
struct StripeFile {
    id: String,
}

/// Stripe's dispute status (https://docs.stripe.com/disputes/how-disputes-work#dispute-statuses,
/// the spec's `dispute.status` enum) in unified words:
/// - `warning_needs_response`, `needs_response`: respond before `evidence_details.due_by`
///   (an inquiry, or a chargeback); past the due date (`past_due`) nobody can: `expired`;
/// - `warning_under_review`, `under_review`: evidence submitted, the issuer decides;
/// - `warning_closed`: the inquiry closed without becoming a chargeback: the money stays, `won`;
/// - `won`, `lost`.
pub fn dispute_status(status: &str, past_due: bool) -> Option<DisputeStatus> {
    Some(match status {
        "warning_needs_response" | "needs_response" if past_due => DisputeStatus::Expired,
        "warning_needs_response" | "needs_response" => DisputeStatus::NeedsResponse,
        "warning_under_review" | "under_review" => DisputeStatus::UnderReview,
        "warning_closed" | "won" => DisputeStatus::Won,
        "lost" => DisputeStatus::Lost,
        _ => return None,
    })
}

/// Every status the spec lists, for the test that the table covers them.
#[cfg(test)]
pub const KNOWN_STATUSES: &[&str] =
    &["lost", "needs_response", "under_review", "warning_closed", "warning_needs_response", "warning_under_review", "won"];

fn authorized(req: HttpRequest, auth: &StripeAuth) -> HttpRequest {
    req.secret_header("Authorization", format!("Bearer {}", auth.api_key.expose()))
        .header("Stripe-Version", STRIPE_API_VERSION)
}

fn post_form(url: String, auth: &StripeAuth, form: FormBody, key: Option<&str>) -> HttpRequest {
    let mut http = authorized(HttpRequest::new(HttpMethod::POST, url), auth);
    if let Some(key) = main_key(key) {
        http = http.header("Idempotency-Key", key);
    }
    if form.pairs().is_empty() {
        return http;
    }
    http.body("application/x-www-form-urlencoded", form.encode(), false)
}

fn dispute_url(ctx: &Context, id: &str) -> Result<String, SidecarError> {
    Ok(format!("{}/v1/disputes/{}", ctx.base_url(), path_id(id, "request.connectorDisputeId", "Stripe")?))
}

// ---------- acceptDispute, defendDispute, dsync ----------

pub fn build_accept_dispute(r: &AcceptDisputeRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let url = format!("{}/close", dispute_url(ctx, &r.connector_dispute_id)?);
    Ok(post_form(url, auth, FormBody::new(), r.idempotency_key.as_deref()))
}

/// Stripe answers a closed dispute with `status: lost` (closing concedes it): reported as
/// `accepted`, which is what the merchant did; dsync later reads it as Stripe says, `lost`.
pub fn parse_accept_dispute(_: &AcceptDisputeRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    let mut result = parse_dispute_response(response)?;
    if result.status == DisputeStatus::Lost {
        result.status = DisputeStatus::Accepted;
    }
    Ok(result)
}

pub fn build_defend_dispute(r: &DefendDisputeRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if r.defense_reason_code.is_some() {
        return Err(SidecarError::invalid_field(
            "request.defenseReasonCode",
            "Stripe takes no defense reason: the evidence is the defense (submitDisputeEvidence)".into(),
        ));
    }
    let mut form = FormBody::new();
    form.push("submit", "true");
    Ok(post_form(dispute_url(ctx, &r.connector_dispute_id)?, auth, form, r.idempotency_key.as_deref()))
}

pub fn parse_defend_dispute(_: &DefendDisputeRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    parse_dispute_response(response)
}

pub fn build_dsync(r: &DsyncRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    Ok(authorized(HttpRequest::new(HttpMethod::GET, dispute_url(ctx, &r.connector_dispute_id)?), auth))
}

pub fn parse_dsync(_: &DsyncRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    parse_dispute_response(response)
}

// ---------- submitDisputeEvidence ----------

/// Stripe's evidence fields for each unified type: (for a file, for text).
/// https://docs.stripe.com/api/disputes/update#update_dispute-evidence
fn evidence_fields(kind: EvidenceType) -> (Option<&'static str>, Option<&'static str>) {
    use EvidenceType::*;
    match kind {
        Receipt => (Some("receipt"), None),
        ShippingDocumentation => (Some("shipping_documentation"), None),
        ShippingTrackingNumber => (None, Some("shipping_tracking_number")),
        CustomerCommunication => (Some("customer_communication"), None),
        CustomerSignature => (Some("customer_signature"), None),
        RefundPolicy => (Some("refund_policy"), Some("refund_policy_disclosure")),
        CancellationPolicy => (Some("cancellation_policy"), Some("cancellation_policy_disclosure")),
        ServiceDocumentation => (Some("service_documentation"), None),
        DuplicateChargeDocumentation => (Some("duplicate_charge_documentation"), Some("duplicate_charge_explanation")),
        ProductDescription => (None, Some("product_description")),
        AccessActivityLog => (None, Some("access_activity_log")),
        Uncategorized => (Some("uncategorized_file"), Some("uncategorized_text")),
    }
}

pub fn build_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let mut form = FormBody::new();
    let mut used: Vec<&str> = Vec::new();
    let mut put = |field: &'static str, value: &str, at: &str, form: &mut FormBody| -> Result<(), SidecarError> {
        if used.contains(&field) {
            return Err(SidecarError::invalid_field(at, format!("Stripe takes one `{field}`: join the texts, or send the second file as uncategorized")));
        }
        used.push(field);
        form.push(format!("evidence[{field}]"), value.to_string());
        Ok(())
    };
    for (i, e) in r.evidence.iter().enumerate() {
        let at = format!("request.evidence[{i}]");
        let (file_field, text_field) = evidence_fields(e.kind);
        if let Some(text) = &e.text {
            let field = text_field.ok_or_else(|| {
                SidecarError::invalid_field(&format!("{at}.text"), "Stripe takes this type of evidence as a file only".into())
            })?;
            put(field, text, &format!("{at}.text"), &mut form)?;
        }
        if let Some(file) = &e.file {
            let field = file_field.ok_or_else(|| {
                SidecarError::invalid_field(&format!("{at}.file"), "Stripe takes this type of evidence as text only".into())
            })?;
            let id = file.connector_file_id.as_deref().ok_or_else(|| {
                SidecarError::missing_field(
                    &format!("{at}.file.connectorFileId"),
                    "Stripe takes evidence files by the id of an upload: run uploadDisputeFile first (PaymentsClient.submitDisputeEvidence does)",
                )
            })?;
            put(field, id, &format!("{at}.file"), &mut form)?;
        }
    }
    form.push("submit", if r.submit() { "true" } else { "false" });
    Ok(post_form(dispute_url(ctx, &r.connector_dispute_id)?, auth, form, r.idempotency_key.as_deref()))
}

pub fn parse_submit_dispute_evidence(_: &SubmitDisputeEvidenceRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    parse_dispute_response(response)
}

// ---------- uploadDisputeFile ----------

pub fn build_upload_dispute_file(r: &UploadDisputeFileRequest, auth: &StripeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    // files.stripe.com, unless the caller points the connector elsewhere (a proxy, the emulator).
    let base = match &ctx.options.base_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => FILES_BASE.to_string(),
    };
    let bytes = crate::kit::crypto::base64_decode(&r.file.data)
        .ok_or_else(|| SidecarError::invalid_field("request.file.data", "not base64".into()))?;
    let mut parts = Multipart::new();
    parts.text("purpose", "dispute_evidence").file("file", &r.file.filename, &r.file.content_type, &bytes);
    let body = parts.into_body(false, "request.file.contentType")?;
    let mut http = authorized(HttpRequest::new(HttpMethod::POST, format!("{base}/v1/files")), auth);
    if let Some(key) = main_key(r.idempotency_key.as_deref()) {
        http = http.header("Idempotency-Key", key);
    }
    http.body = Some(body);
    Ok(http)
}

pub fn parse_upload_dispute_file(_: &UploadDisputeFileRequest, response: &HttpResponse, _: &Context) -> Result<FileResult, SidecarError> {
    if response.is_success() {
        let file: StripeFile = response.json()?;
        return Ok(FileResult { status: FileStatus::Success, connector_file_id: Some(file.id), error: None, http_status: response.status });
    }
    let body: StripeErrorBody = response.json()?;
    Ok(FileResult { status: FileStatus::Failure, connector_file_id: None, error: Some(error_info(&body.error, response.status)), http_status: response.status })
}

// ---------- reading a dispute ----------

fn expandable_id(e: &Option<StripeExpandable<StripeObjectId>>) -> Option<String> {
    e.as_ref().map(|x| x.id().to_string())
}

pub fn from_dispute(d: &StripeDispute, http_status: u16) -> DisputeResult {
    let past_due = d.evidence_details.as_ref().is_some_and(|e| e.past_due);
    // A status this version does not know: the dispute is there, its state unknown: read as
    // under review (nothing for the merchant to do that the status would say), with the word.
    let status = dispute_status(&d.status, past_due).unwrap_or(DisputeStatus::UnderReview);
    let mut result = DisputeResult::new(status, http_status);
    result.connector_dispute_id = Some(d.id.clone());
    result.connector_transaction_id = expandable_id(&d.payment_intent).or_else(|| expandable_id(&d.charge));
    result.amount = iso_money(d.amount, &d.currency);
    result.reason_code = d
        .payment_method_details
        .as_ref()
        .and_then(|p| p.card.as_ref())
        .and_then(|c| c.network_reason_code.clone())
        .or_else(|| d.reason.clone());
    result.reason_message = d.reason.clone();
    result.due_by = d.evidence_details.as_ref().and_then(|e| e.due_by).map(crate::kit::time::iso8601_utc);
    result.connector_status = Some(d.status.clone());
    result
}

pub fn parse_dispute_response(response: &HttpResponse) -> Result<DisputeResult, SidecarError> {
    if response.is_success() {
        let d: StripeDispute = response.json()?;
        return Ok(from_dispute(&d, response.status));
    }
    let body: StripeErrorBody = response.json()?;
    Ok(DisputeResult::failure(error_info(&body.error, response.status), response.status))
}

/// A `charge.dispute.*` event's dispute, into the unified event.
pub fn fill_dispute_event(out: &mut WebhookEvent, dispute: &StripeDispute) {
    let d = from_dispute(dispute, 200);
    out.dispute_status = Some(d.status);
    out.connector_dispute_id = d.connector_dispute_id;
    out.connector_transaction_id = d.connector_transaction_id;
    out.amount = d.amount;
    out.reason_code = d.reason_code;
    out.due_by = d.due_by;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Every dispute status of the spec Stripe publishes for our API version has a meaning, and
    /// the table has no word the spec does not list.
    #[test]
    fn every_dispute_status_of_the_spec_is_mapped() {
        let spec: Value =
            serde_json::from_str(&std::fs::read_to_string(crate::oracles::path("stripe").join("spec3.2023-09-12.json")).unwrap()).unwrap();
        let listed: Vec<&str> =
            spec["components"]["schemas"]["dispute"]["properties"]["status"]["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let mut sorted = listed.clone();
        sorted.sort();
        assert_eq!(sorted, KNOWN_STATUSES);
        for s in listed {
            assert!(dispute_status(s, false).is_some(), "{s}");
        }
        // Past the due date nobody can respond any more.
        assert_eq!(dispute_status("needs_response", true), Some(DisputeStatus::Expired));
        assert_eq!(dispute_status("under_review", true), Some(DisputeStatus::UnderReview));
        assert_eq!(dispute_status("warning_closed", false), Some(DisputeStatus::Won));
    }

    /// Every evidence field we write is one of the spec's `dispute_evidence` fields.
    #[test]
    fn evidence_fields_are_the_specs() {
        let spec: Value =
            serde_json::from_str(&std::fs::read_to_string(crate::oracles::path("stripe").join("spec3.2023-09-12.json")).unwrap()).unwrap();
        let fields = spec["components"]["schemas"]["dispute_evidence"]["properties"].as_object().unwrap();
        use EvidenceType::*;
        for kind in [
            Receipt, ShippingDocumentation, ShippingTrackingNumber, CustomerCommunication, CustomerSignature, RefundPolicy,
            CancellationPolicy, ServiceDocumentation, DuplicateChargeDocumentation, ProductDescription, AccessActivityLog, Uncategorized,
        ] {
            let (file, text) = evidence_fields(kind);
            assert!(file.is_some() || text.is_some(), "{kind:?} has no field");
            for f in [file, text].into_iter().flatten() {
                assert!(fields.contains_key(f), "{f} is not a Stripe evidence field");
            }
        }
    }
}

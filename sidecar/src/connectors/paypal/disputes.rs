//! PayPal disputes: the Customer Disputes API v1 (https://developer.paypal.com/docs/api/customer-disputes/v1/).
//! - dsync → `GET /v1/customer/disputes/{id}`: `status`, `dispute_outcome.outcome_code` once
//!   RESOLVED, `dispute_amount`, `reason`, `external_reason_code` (the card scheme's, for card
//!   chargebacks), `seller_response_due_date`, `disputed_transactions[].seller_transaction_id`
//!   (the capture);
//! - acceptDispute → `POST .../accept-claim`, multipart as the spec declares it (the same `input`
//!   JSON part as provide-evidence, with the required `note`): "the dispute closes in the
//!   customer's favor and PayPal automatically refunds money to the customer";
//! - submitDisputeEvidence → `POST .../provide-evidence`, multipart: an `input` part (JSON
//!   `{evidences: [{evidence_type, notes, documents: [{name}]}]}`) and each file as an
//!   `evidence-file` part. Providing the evidence is the response: PayPal has no draft and no
//!   separate submission (`submit: false` is refused), so defendDispute and uploadDisputeFile
//!   have no call of their own.
//! Webhooks `CUSTOMER.DISPUTE.CREATED / UPDATED / RESOLVED` carry the dispute as their resource,
//! read the same way.

use super::flows::access_token;
use super::responses::{error_info, PayPalError, PayPalMoneyResponse};
use super::PayPalAuth;
use crate::connectors::{path_id, Context};
use crate::kit::idempotency::main_key;
use crate::kit::multipart::Multipart;
use crate::kit::text::present_owned;
use crate::protocol::{
    AcceptDisputeRequest, DisputeResult, DisputeStatus, DsyncRequest, EvidenceType, HttpMethod, HttpRequest, HttpResponse,
    SidecarError, SubmitDisputeEvidenceRequest, WebhookEvent,
};
use serde::{Deserialize, Serialize};

/// `notes` and accept-claim's `note`: at most 2000 characters.
const NOTE_MAX: usize = 2000;
/// What accept-claim's required `note` says ("the merchant's notes about the claim; PayPal, not
/// the customer, can view them").
const ACCEPT_NOTE: &str = "The merchant accepts the claim.";
/// "You can upload up to 10 MB of files per request" / file types JPG, GIF, PNG, PDF.
const FILES_MAX_BYTES: usize = 10 * 1024 * 1024;
const FILE_TYPES: &[&str] = &["image/jpeg", "image/gif", "image/png", "application/pdf"];

/// PayPal's dispute `status` (and, once RESOLVED, `dispute_outcome.outcome_code`) in unified words:
/// - `OPEN`: opened, not yet waiting on the merchant (an inquiry between payer and merchant);
/// - `WAITING_FOR_SELLER_RESPONSE`: respond before `seller_response_due_date`;
/// - `WAITING_FOR_BUYER_RESPONSE`, `UNDER_REVIEW`, `OTHER`: nothing for the merchant to do;
/// - `RESOLVED` by outcome: `RESOLVED_SELLER_FAVOUR`, `CANCELED_BY_BUYER`, `DENIED` (the claim
///   denied) and `RESOLVED_WITH_PAYOUT` (PayPal paid the buyer itself) keep the merchant's
///   money: `won`; `RESOLVED_BUYER_FAVOUR`: `lost`; `ACCEPTED`: `accepted`; no outcome or
///   `NONE`: the winner unknown, `under_review` with PayPal's words.
pub fn dispute_status(status: &str, outcome: Option<&str>) -> Option<DisputeStatus> {
    Some(match status {
        "OPEN" => DisputeStatus::Opened,
        "WAITING_FOR_SELLER_RESPONSE" => DisputeStatus::NeedsResponse,
        "WAITING_FOR_BUYER_RESPONSE" | "UNDER_REVIEW" | "OTHER" => DisputeStatus::UnderReview,
        "RESOLVED" => match outcome {
            Some("RESOLVED_SELLER_FAVOUR" | "CANCELED_BY_BUYER" | "DENIED" | "RESOLVED_WITH_PAYOUT") => DisputeStatus::Won,
            Some("RESOLVED_BUYER_FAVOUR") => DisputeStatus::Lost,
            Some("ACCEPTED") => DisputeStatus::Accepted,
            _ => DisputeStatus::UnderReview,
        },
        _ => return None,
    })
}

#[cfg(test)]
pub const KNOWN_STATUSES: &[&str] = &["OPEN", "OTHER", "RESOLVED", "UNDER_REVIEW", "WAITING_FOR_BUYER_RESPONSE", "WAITING_FOR_SELLER_RESPONSE"];
#[cfg(test)]
pub const KNOWN_OUTCOMES: &[&str] =
    &["ACCEPTED", "CANCELED_BY_BUYER", "DENIED", "NONE", "RESOLVED_BUYER_FAVOUR", "RESOLVED_SELLER_FAVOUR", "RESOLVED_WITH_PAYOUT"];

/// The dispute object: the fields read.
#[derive(Debug, Deserialize, Default)]
pub struct PayPalDispute {
    pub dispute_id: Option<String>,
    pub status: Option<String>,
    pub reason: Option<String>,
    pub external_reason_code: Option<String>,
    pub dispute_amount: Option<PayPalMoneyResponse>,
    pub dispute_outcome: Option<PayPalDisputeOutcome>,
    pub seller_response_due_date: Option<String>,
    #[serde(default)]
    pub disputed_transactions: Vec<PayPalDisputedTransaction>,
}

#[derive(Debug, Deserialize, Default)]
pub struct PayPalDisputeOutcome {
    pub outcome_code: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct PayPalDisputedTransaction {
    pub seller_transaction_id: Option<String>,
}

pub fn from_dispute(d: &PayPalDispute, http_status: u16) -> DisputeResult {
    let word = d.status.clone().unwrap_or_default();
    let outcome = d.dispute_outcome.as_ref().and_then(|o| o.outcome_code.as_deref());
    // A status this version does not know: under review with PayPal's word.
    let status = dispute_status(&word, outcome).unwrap_or(DisputeStatus::UnderReview);
    let mut r = DisputeResult::new(status, http_status);
    r.connector_dispute_id = present_owned(&d.dispute_id);
    r.connector_transaction_id = d.disputed_transactions.iter().find_map(|t| present_owned(&t.seller_transaction_id));
    r.amount = d.dispute_amount.as_ref().and_then(|a| a.to_unified());
    r.reason_code = present_owned(&d.external_reason_code).or_else(|| present_owned(&d.reason));
    r.reason_message = present_owned(&d.reason);
    r.due_by = present_owned(&d.seller_response_due_date);
    r.connector_status = match (d.status.as_deref(), outcome) {
        (Some(s), Some(o)) => Some(format!("{s}/{o}")),
        (s, _) => s.map(str::to_string),
    };
    r
}

fn dispute_url(ctx: &Context, id: &str) -> Result<String, SidecarError> {
    Ok(format!("{}/v1/customer/disputes/{}", ctx.base_url(), path_id(id.trim(), "request.connectorDisputeId", "PayPal")?))
}

fn bearer(method: HttpMethod, url: String, token: &str, key: Option<&str>) -> HttpRequest {
    let mut http = HttpRequest::new(method, url).secret_header("Authorization", format!("Bearer {token}"));
    if let Some(key) = main_key(key.map(str::trim).filter(|k| !k.is_empty())) {
        http = http.header("PayPal-Request-Id", super::flows::paypal_request_id(&key));
    }
    http
}

fn failure(response: &HttpResponse, id: &str, what: &str) -> Result<DisputeResult, SidecarError> {
    let status = response.status;
    let e: PayPalError = if status >= 500 || response.body.trim().is_empty() { response.json().unwrap_or_default() } else { response.json()? };
    let mut r = DisputeResult::failure(error_info(status, &e, what), status);
    r.connector_dispute_id = Some(id.trim().to_string());
    Ok(r)
}

/// A 200 `subsequent_action` (`{links}`): the action was taken; the dispute's new state is `done`.
fn action(response: &HttpResponse, id: &str, done: DisputeStatus, what: &str) -> Result<DisputeResult, SidecarError> {
    if !response.is_success() {
        return failure(response, id, what);
    }
    let _: serde_json::Value = response.json()?;
    let mut r = DisputeResult::new(done, response.status);
    r.connector_dispute_id = Some(id.trim().to_string());
    Ok(r)
}

// ---------- dsync ----------

pub fn build_dsync(r: &DsyncRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    Ok(bearer(HttpMethod::GET, dispute_url(ctx, &r.connector_dispute_id)?, token, None))
}

pub fn parse_dsync(r: &DsyncRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    if !response.is_success() {
        return failure(response, &r.connector_dispute_id, "read the dispute");
    }
    let d: PayPalDispute = response.json()?;
    Ok(from_dispute(&d, response.status))
}

// ---------- acceptDispute ----------

#[derive(Serialize)]
struct AcceptClaim {
    note: &'static str,
}

pub fn build_accept_dispute(r: &AcceptDisputeRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let url = format!("{}/accept-claim", dispute_url(ctx, &r.connector_dispute_id)?);
    let input = serde_json::to_string(&AcceptClaim { note: ACCEPT_NOTE }).expect("serializable");
    let mut parts = Multipart::new();
    parts.typed("input", "application/json", &input);
    let mut http = bearer(HttpMethod::POST, url, token, r.idempotency_key.as_deref());
    http.body = Some(parts.into_body(false, "request")?);
    Ok(http)
}

pub fn parse_accept_dispute(r: &AcceptDisputeRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    action(response, &r.connector_dispute_id, DisputeStatus::Accepted, "accept the claim")
}

// ---------- submitDisputeEvidence ----------

/// PayPal's `evidence_type` for each unified type.
fn evidence_type(kind: EvidenceType) -> &'static str {
    use EvidenceType::*;
    match kind {
        Receipt => "PROOF_OF_RECEIPT_COPY",
        ShippingDocumentation => "ADDITIONAL_PROOF_OF_SHIPMENT",
        ShippingTrackingNumber => "ONLINE_TRACKING_INFORMATION",
        CustomerSignature => "PROOF_OF_DELIVERY_SIGNATURE",
        RefundPolicy | CancellationPolicy => "RETURN_POLICY",
        ServiceDocumentation | AccessActivityLog => "PROOF_FOR_SOFTWARE_OR_SERVICE_DELIVERED",
        ProductDescription => "ITEM_DESCRIPTION",
        CustomerCommunication | DuplicateChargeDocumentation | Uncategorized => "OTHER",
    }
}

#[derive(Serialize)]
struct EvidenceInput<'a> {
    evidences: Vec<PayPalEvidence<'a>>,
}

#[derive(Serialize)]
struct PayPalEvidence<'a> {
    evidence_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    documents: Vec<PayPalDocument<'a>>,
}

#[derive(Serialize)]
struct PayPalDocument<'a> {
    name: &'a str,
}

/// The spec's `document.name` pattern: `^[A-Za-z0-9-_,\s]+[.]{1}[A-Za-z]+$`.
fn valid_document_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    !stem.is_empty()
        && stem.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ',') || c.is_whitespace())
        && !ext.is_empty()
        && ext.chars().all(|c| c.is_ascii_alphabetic())
}

pub fn build_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    if !r.submit() {
        return Err(SidecarError::invalid_field(
            "request.submit",
            "PayPal keeps no draft: provide-evidence sends the evidence to PayPal at once".into(),
        ));
    }
    if r.evidence.is_empty() {
        return Err(SidecarError::missing_field("request.evidence", "give at least one piece of evidence"));
    }
    let mut evidences = Vec::new();
    let mut files: Vec<(&str, &str, Vec<u8>)> = Vec::new();
    let mut total = 0usize;
    for (i, e) in r.evidence.iter().enumerate() {
        let at = format!("request.evidence[{i}]");
        let notes = e.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
        if notes.is_some_and(|n| n.chars().count() > NOTE_MAX) {
            return Err(SidecarError::invalid_field(&format!("{at}.text"), format!("PayPal takes notes of at most {NOTE_MAX} characters")));
        }
        let mut documents = Vec::new();
        if let Some(file) = &e.file {
            if file.connector_file_id.is_some() && file.data.is_none() {
                return Err(SidecarError::invalid_field(
                    &format!("{at}.file.connectorFileId"),
                    "PayPal takes the file itself (data, base64) with the evidence, not the id of an upload".into(),
                ));
            }
            let name = file.filename.as_deref().map(str::trim).unwrap_or("");
            if !valid_document_name(name) {
                return Err(SidecarError::invalid_field(
                    &format!("{at}.file.filename"),
                    "PayPal takes document names of letters, digits, spaces, - _ , and one extension (receipt-1042.pdf)".into(),
                ));
            }
            let content_type = file.content_type.as_deref().map(str::trim).unwrap_or("");
            if !FILE_TYPES.contains(&content_type) {
                return Err(SidecarError::invalid_field(
                    &format!("{at}.file.contentType"),
                    format!("PayPal takes evidence files of the types {}", FILE_TYPES.join(", ")),
                ));
            }
            let bytes = file.bytes().ok_or_else(|| SidecarError::invalid_field(&format!("{at}.file.data"), "not base64".into()))?;
            total += bytes.len();
            if total > FILES_MAX_BYTES {
                return Err(SidecarError::invalid_field(&format!("{at}.file.data"), "PayPal takes at most 10 MB of files per request".into()));
            }
            documents.push(PayPalDocument { name });
            files.push((name, content_type, bytes));
        }
        if notes.is_none() && documents.is_empty() {
            return Err(SidecarError::missing_field(&format!("{at}.text"), "a piece of evidence is a text, a file, or both"));
        }
        evidences.push(PayPalEvidence { evidence_type: evidence_type(e.kind), notes, documents });
    }
    let input = serde_json::to_string(&EvidenceInput { evidences }).expect("serializable");
    let mut parts = Multipart::new();
    parts.typed("input", "application/json", &input);
    for (name, content_type, bytes) in &files {
        parts.file("evidence-file", name, content_type, bytes);
    }
    let url = format!("{}/provide-evidence", dispute_url(ctx, &r.connector_dispute_id)?);
    let mut http = bearer(HttpMethod::POST, url, token, r.idempotency_key.as_deref());
    // Documents of the shopper's purchase: kept out of logs.
    http.body = Some(parts.into_body(true, "request.evidence.file.contentType")?);
    Ok(http)
}

/// 200: the evidence is with PayPal, who reviews it (the dispute goes UNDER_REVIEW): `challenged`.
pub fn parse_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    action(response, &r.connector_dispute_id, DisputeStatus::Challenged, "take the evidence")
}

// ---------- webhooks ----------

/// A `CUSTOMER.DISPUTE.*` event: its resource is the dispute.
pub fn fill_dispute_event(out: &mut WebhookEvent, resource: &serde_json::Value) -> Result<(), SidecarError> {
    let d: PayPalDispute = serde_json::from_value(resource.clone())
        .map_err(|_| SidecarError::invalid_field("body", "the resource of a CUSTOMER.DISPUTE event is not a PayPal dispute".into()))?;
    let r = from_dispute(&d, 200);
    out.dispute_status = Some(r.status);
    out.connector_dispute_id = r.connector_dispute_id;
    out.connector_transaction_id = r.connector_transaction_id;
    out.amount = r.amount;
    out.reason_code = r.reason_code;
    out.due_by = r.due_by;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn spec() -> Value {
        serde_json::from_str(&std::fs::read_to_string(crate::oracles::path("paypal").join("customer_disputes_v1.json")).unwrap()).unwrap()
    }

    fn listed(v: &Value) -> Vec<String> {
        let mut l: Vec<String> = v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
        l.sort();
        l
    }

    /// Every status and outcome of the spec has a meaning; the tables list no word it lacks.
    #[test]
    fn every_status_and_outcome_of_the_spec_is_mapped() {
        let spec = spec();
        let sc = &spec["components"]["schemas"];
        assert_eq!(listed(&sc["status"]["enum"]), KNOWN_STATUSES);
        assert_eq!(listed(&sc["dispute_outcome"]["properties"]["outcome_code"]["enum"]), KNOWN_OUTCOMES);
        for s in KNOWN_STATUSES {
            assert!(dispute_status(s, None).is_some(), "{s}");
        }
        for o in KNOWN_OUTCOMES {
            assert!(dispute_status("RESOLVED", Some(o)).is_some(), "{o}");
        }
        assert_eq!(dispute_status("RESOLVED", Some("RESOLVED_BUYER_FAVOUR")), Some(DisputeStatus::Lost));
        assert_eq!(dispute_status("RESOLVED", Some("RESOLVED_SELLER_FAVOUR")), Some(DisputeStatus::Won));
        assert_eq!(dispute_status("WAITING_FOR_SELLER_RESPONSE", None), Some(DisputeStatus::NeedsResponse));
    }

    /// Every evidence type we send is one of the spec's.
    #[test]
    fn evidence_types_are_the_specs() {
        use EvidenceType::*;
        let spec = spec();
        let types = listed(&spec["components"]["schemas"]["evidence"]["properties"]["evidence_type"]["enum"]);
        for kind in [
            Receipt, ShippingDocumentation, ShippingTrackingNumber, CustomerCommunication, CustomerSignature, RefundPolicy,
            CancellationPolicy, ServiceDocumentation, DuplicateChargeDocumentation, ProductDescription, AccessActivityLog, Uncategorized,
        ] {
            assert!(types.iter().any(|t| t == evidence_type(kind)), "{kind:?}");
        }
    }

    /// The paths we call and the multipart file field are the spec's.
    #[test]
    fn paths_and_parts_are_the_specs() {
        let spec = spec();
        let paths = &spec["paths"];
        assert!(paths["/v1/customer/disputes/{id}"]["get"].is_object());
        assert!(paths["/v1/customer/disputes/{id}/accept-claim"]["post"].is_object());
        assert!(paths["/v1/customer/disputes/{id}/provide-evidence"]["post"].is_object());
        let evidence = &spec["components"]["requestBodies"]["evidences"]["content"]["multipart/form-data"]["schema"]["properties"];
        assert!(evidence["evidence-file"].is_object());
        // The document name pattern, checked on names both ways.
        let pattern = spec["components"]["schemas"]["document"]["properties"]["name"]["pattern"].as_str().unwrap();
        assert_eq!(pattern, r"^[A-Za-z0-9-_,\s]+[.]{1}[A-Za-z]+$");
        assert!(valid_document_name("receipt 1042, May.pdf"));
        assert!(!valid_document_name("receipt"));
        assert!(!valid_document_name("../x.pdf"));
        assert!(!valid_document_name("a.p1f"));
    }
}

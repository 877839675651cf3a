//! Disputes (chargebacks): `acceptDispute`, `uploadDisputeFile`, `submitDisputeEvidence`,
//! `defendDispute`, `dsync`, their requests and `DisputeResult`. The zod schemas in
//! protocol/index.ts are the source of truth.

use super::{required, ConnectorState, ErrorInfo, Money, SidecarError};
use serde::{Deserialize, Serialize};

/// `acceptDispute`: concede; the disputed amount stays with the shopper.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptDisputeRequest {
    pub connector_dispute_id: String,
    // The protocol takes it (a driver may send what it has), but no processor's dispute call
    // names the payment: the dispute id is enough.
    #[allow(dead_code)]
    pub connector_transaction_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
}

/// What a piece of evidence shows. Each processor has its own slots; a connector refuses a type
/// (or text on a file-only slot) it has no place for, naming the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EvidenceType {
    Receipt,
    ShippingDocumentation,
    ShippingTrackingNumber,
    CustomerCommunication,
    CustomerSignature,
    RefundPolicy,
    CancellationPolicy,
    ServiceDocumentation,
    DuplicateChargeDocumentation,
    ProductDescription,
    AccessActivityLog,
    Uncategorized,
}

/// A file as given by the caller: its bytes in base64. `connectorFileId` instead names a file
/// already uploaded (`uploadDisputeFile`; the client does that step itself where needed).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EvidenceFile {
    pub filename: Option<String>,
    pub content_type: Option<String>,
    /// The file's bytes, base64.
    pub data: Option<String>,
    pub connector_file_id: Option<String>,
}

impl EvidenceFile {
    /// The decoded bytes, when the file is given by content.
    pub fn bytes(&self) -> Option<Vec<u8>> {
        self.data.as_deref().and_then(crate::kit::crypto::base64_decode)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DisputeEvidence {
    #[serde(rename = "type")]
    pub kind: EvidenceType,
    pub text: Option<String>,
    pub file: Option<EvidenceFile>,
}

/// `submitDisputeEvidence`: the merchant's evidence, text and files; `submit` (default true)
/// sends it to the issuer now, false keeps it as a draft where the processor separates them.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubmitDisputeEvidenceRequest {
    pub connector_dispute_id: String,
    // The protocol takes it (a driver may send what it has), but no processor's dispute call
    // names the payment: the dispute id is enough.
    #[allow(dead_code)]
    pub connector_transaction_id: Option<String>,
    pub evidence: Vec<DisputeEvidence>,
    pub submit: Option<bool>,
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
}

impl SubmitDisputeEvidenceRequest {
    pub fn submit(&self) -> bool {
        self.submit.unwrap_or(true)
    }
}

/// `uploadDisputeFile`: one evidence file to the processor's file store (Stripe's files API,
/// Checkout.com `/files`), for processors whose evidence names files by id.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UploadDisputeFileRequest {
    pub connector_dispute_id: Option<String>,
    pub file: UploadFile,
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UploadFile {
    pub filename: String,
    pub content_type: String,
    /// base64
    pub data: String,
}

/// `defendDispute`: challenge the dispute with the evidence supplied, where the processor makes
/// that its own step (Adyen: after supplyDefenseDocument, with a defense reason).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DefendDisputeRequest {
    pub connector_dispute_id: String,
    // The protocol takes it (a driver may send what it has), but no processor's dispute call
    // names the payment: the dispute id is enough.
    #[allow(dead_code)]
    pub connector_transaction_id: Option<String>,
    /// The processor's defense reason (Adyen `defenseReasonCode`).
    pub defense_reason_code: Option<String>,
    pub idempotency_key: Option<String>,
    // Taken from the wire (the struct refuses unknown keys) for drivers that send it; no connector
    // of this flow reads it.
    #[allow(dead_code)]
    pub state: Option<ConnectorState>,
}

/// `dsync`: read a dispute's status.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DsyncRequest {
    pub connector_dispute_id: String,
    // The protocol takes it (a driver may send what it has), but no processor's dispute call
    // names the payment: the dispute id is enough.
    #[allow(dead_code)]
    pub connector_transaction_id: Option<String>,
    // Taken from the wire (the struct refuses unknown keys) for drivers that send it; no connector
    // of this flow reads it.
    #[allow(dead_code)]
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
}

// ---------- results ----------

/// Unified dispute status. `failure`: the call failed (see `error`), the dispute's status unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeStatus {
    /// Opened by the issuer; an inquiry or a first notice, no response asked for yet.
    Opened,
    /// The merchant must respond (accept or defend) before `dueBy`.
    NeedsResponse,
    /// The merchant's defense was sent to the issuer.
    Challenged,
    /// The processor or issuer is reviewing (no action for the merchant).
    UnderReview,
    Won,
    Lost,
    Accepted,
    /// Nobody responded in time.
    Expired,
    Failure,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DisputeResult {
    pub status: DisputeStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_dispute_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_transaction_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_message: Option<String>,
    /// ISO 8601 UTC: the last moment to respond.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
    pub http_status: u16,
}

impl DisputeResult {
    pub fn new(status: DisputeStatus, http_status: u16) -> Self {
        DisputeResult {
            status,
            connector_dispute_id: None,
            connector_transaction_id: None,
            amount: None,
            reason_code: None,
            reason_message: None,
            due_by: None,
            connector_status: None,
            error: None,
            http_status,
        }
    }

    pub fn failure(error: ErrorInfo, http_status: u16) -> Self {
        DisputeResult { error: Some(error), ..DisputeResult::new(DisputeStatus::Failure, http_status) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    Success,
    Failure,
}

/// The result of `uploadDisputeFile`: the processor's id of the file, for the evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileResult {
    pub status: FileStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector_file_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
    pub http_status: u16,
}

// ---------- decoding ----------

fn check_base64(data: &str, field: &str) -> Result<(), SidecarError> {
    if crate::kit::crypto::base64_decode(data).is_none() {
        return Err(SidecarError::invalid_field(field, "not base64 (standard alphabet, padded)".into()));
    }
    Ok(())
}

/// Decodes and validates the `acceptDispute` request.
pub fn decode_accept_dispute<'a>(request: impl Into<super::Input<'a>>) -> Result<AcceptDisputeRequest, SidecarError> {
    let r: AcceptDisputeRequest = super::decode(request, "request")?;
    required(&r.connector_dispute_id, "request.connectorDisputeId")?;
    Ok(r)
}

/// Decodes and validates the `submitDisputeEvidence` request: at least one item, each with text
/// or a file, each file with its bytes (base64, with filename and content type) or its id.
pub fn decode_submit_dispute_evidence<'a>(request: impl Into<super::Input<'a>>) -> Result<SubmitDisputeEvidenceRequest, SidecarError> {
    let r: SubmitDisputeEvidenceRequest = super::decode(request, "request")?;
    required(&r.connector_dispute_id, "request.connectorDisputeId")?;
    if r.evidence.is_empty() {
        return Err(SidecarError::missing_field("request.evidence", "at least one piece of evidence"));
    }
    for (i, e) in r.evidence.iter().enumerate() {
        let at = format!("request.evidence[{i}]");
        match (&e.text, &e.file) {
            (None, None) => return Err(SidecarError::missing_field(&format!("{at}.text"), "each piece of evidence has text or a file")),
            (Some(t), _) => {
                required(t, &format!("{at}.text"))?;
            }
            _ => {}
        }
        if let Some(f) = &e.file {
            match (&f.data, &f.connector_file_id) {
                (Some(data), None) => {
                    check_base64(data, &format!("{at}.file.data"))?;
                    required(f.filename.as_deref().unwrap_or(""), &format!("{at}.file.filename"))?;
                    required(f.content_type.as_deref().unwrap_or(""), &format!("{at}.file.contentType"))?;
                }
                (None, Some(id)) => {
                    required(id, &format!("{at}.file.connectorFileId"))?;
                }
                (None, None) => {
                    return Err(SidecarError::missing_field(&format!("{at}.file.data"), "a file has its bytes (base64) or its connectorFileId"))
                }
                (Some(_), Some(_)) => {
                    return Err(SidecarError::invalid_field(&format!("{at}.file"), "give either data or connectorFileId, not both".into()))
                }
            }
        }
    }
    Ok(r)
}

/// Decodes and validates the `uploadDisputeFile` request.
pub fn decode_upload_dispute_file<'a>(request: impl Into<super::Input<'a>>) -> Result<UploadDisputeFileRequest, SidecarError> {
    let r: UploadDisputeFileRequest = super::decode(request, "request")?;
    required(&r.file.filename, "request.file.filename")?;
    required(&r.file.content_type, "request.file.contentType")?;
    check_base64(&r.file.data, "request.file.data")?;
    Ok(r)
}

/// Decodes and validates the `defendDispute` request.
pub fn decode_defend_dispute<'a>(request: impl Into<super::Input<'a>>) -> Result<DefendDisputeRequest, SidecarError> {
    let r: DefendDisputeRequest = super::decode(request, "request")?;
    required(&r.connector_dispute_id, "request.connectorDisputeId")?;
    Ok(r)
}

/// Decodes and validates the `dsync` request.
pub fn decode_dsync<'a>(request: impl Into<super::Input<'a>>) -> Result<DsyncRequest, SidecarError> {
    let r: DsyncRequest = super::decode(request, "request")?;
    required(&r.connector_dispute_id, "request.connectorDisputeId")?;
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn field_of(request: Value) -> Option<String> {
        decode_submit_dispute_evidence(request).unwrap_err().field
    }

    #[test]
    fn evidence_is_text_or_a_file_given_by_content_or_by_id() {
        let ok = decode_submit_dispute_evidence(json!({"connectorDisputeId": "dp_1", "evidence": [
            {"type": "productDescription", "text": "A blue mug"},
            {"type": "receipt", "file": {"filename": "r.pdf", "contentType": "application/pdf", "data": "JVBERi0xLjQK"}},
            {"type": "shippingDocumentation", "file": {"connectorFileId": "file_1"}}
        ]}))
        .unwrap();
        assert!(ok.submit());
        assert_eq!(ok.evidence[1].file.as_ref().unwrap().bytes().unwrap(), b"%PDF-1.4\n");
        assert_eq!(field_of(json!({"connectorDisputeId": "dp_1", "evidence": []})).as_deref(), Some("request.evidence"));
        assert_eq!(field_of(json!({"connectorDisputeId": "dp_1", "evidence": [{"type": "receipt"}]})).as_deref(), Some("request.evidence[0].text"));
        assert_eq!(
            field_of(json!({"connectorDisputeId": "dp_1", "evidence": [{"type": "receipt", "file": {"filename": "r.pdf", "contentType": "application/pdf", "data": "not base64!"}}]})).as_deref(),
            Some("request.evidence[0].file.data")
        );
        assert_eq!(
            field_of(json!({"connectorDisputeId": "dp_1", "evidence": [{"type": "receipt", "file": {"data": "JVBERi0xLjQK"}}]})).as_deref(),
            Some("request.evidence[0].file.filename")
        );
        assert_eq!(
            field_of(json!({"connectorDisputeId": "dp_1", "evidence": [{"type": "receipt", "file": {"data": "JVBERi0xLjQK", "filename": "r", "contentType": "x", "connectorFileId": "f"}}]})).as_deref(),
            Some("request.evidence[0].file")
        );
        assert!(decode_submit_dispute_evidence(json!({"connectorDisputeId": "dp_1", "evidence": [{"type": "poem", "text": "x"}]})).is_err());
        assert_eq!(decode_dsync(json!({"connectorDisputeId": ""})).unwrap_err().field.as_deref(), Some("request.connectorDisputeId"));
    }
}

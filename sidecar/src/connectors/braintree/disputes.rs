//! Braintree (issue 12): the front-end session and disputes, on the GraphQL API.
//! https://graphql.braintreepayments.com/reference/ (schema: github.com/braintree/graphql-api)
//!
//! - createSession → `createClientToken` (CreateClientTokenInput `{clientToken: ClientTokenInput
//!   {merchantAccountId, customerId}}`): the client token Drop-in, Hosted Fields and the mobile
//!   SDKs start from. It is a credential of the front end (masked by redact(), like every `*token`
//!   field). It carries no amount: the front end returns a payment method nonce, which authorize
//!   (or setupMandate) takes as the `token` payment method. Braintree has no key on this mutation;
//!   a repeated call only makes another token.
//! - acceptDispute → `acceptDispute`, defendDispute → `finalizeDispute` ("Only disputes with a
//!   status of OPEN can be accepted / finalized"); dsync → `node(id)` on a Dispute. All three read
//!   the Dispute the payload carries.
//! - uploadDisputeFile → `createDisputeFileEvidence`, the one mutation Braintree takes as a
//!   multipart request (GraphQL multipart request spec, one file per request: parts `operations`,
//!   `map` `{"file_to_upload": "variables.file"}` and the file; PNG, JPG/JPEG or PDF, 4 MB at
//!   most: https://graphql.braintreepayments.com/integration_guides/uploading_files). The file is
//!   attached to the dispute by that call (so `connectorDisputeId` is required); its evidence id
//!   is `connectorFileId`. No category is sent: the upload does not say which piece it is, and
//!   Braintree takes file evidence without one.
//! - submitDisputeEvidence → one `createDisputeTextEvidence` per text item, aliased in one
//!   document (a mutation document runs its fields in order). Files named by `connectorFileId` are
//!   on the dispute already (uploadDisputeFile) and need nothing more. Braintree sends evidence to
//!   the issuer only when the dispute is finalized, a mutation of its own; finalizing in the same
//!   document as the evidence would go on after a refused piece (GraphQL runs the next field after
//!   one that failed) and defend without it. So text evidence takes `submit: false`, then
//!   defendDispute; with files only, `submit` true finalizes at once (they are attached already).
//! - Statuses (DisputeStatus): OPEN → needs_response, DISPUTED → challenged, UNDER_REVIEW →
//!   under_review, WON → won, LOST → lost, ACCEPTED and AUTO_ACCEPTED → accepted, EXPIRED → expired.
//! - dueBy: `responseDeadline` (a Timestamp) when Braintree gives it, else the start (00:00 UTC)
//!   of `replyByDate`, a date without a time: the earliest reading of it.

use super::requests::{GraphQlRequest, IdVariables, InputVariables};
use super::responses::{error_from_errors, Envelope, GraphQlError, MonetaryAmount};
use super::sessions::graphql;
use super::{BraintreeAuth, BRAINTREE_VERSION};
use crate::connectors::{required, Context};
use crate::kit::crypto::{base64_decode, basic_auth};
use crate::kit::multipart::Multipart;
use crate::kit::time::{iso8601_utc, parse_iso8601_utc};
use crate::protocol::{
    AcceptDisputeRequest, CreateSessionRequest, DefendDisputeRequest, DisputeResult, DisputeStatus, DsyncRequest, EvidenceType,
    FileResult, FileStatus, HttpMethod, HttpRequest, HttpResponse, SessionResult, SessionStatus, SidecarError,
    SubmitDisputeEvidenceRequest, UploadDisputeFileRequest,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

// ---------- createSession ----------

pub const CLIENT_TOKEN_DOCUMENT: &str =
    "mutation CreateClientToken($input: CreateClientTokenInput) { createClientToken(input: $input) { clientToken } }";

/// What a client token lets the front end offer: the payment methods of Braintree's client SDKs.
const SESSION_METHODS: &[&str] = &["card", "applePay", "googlePay", "paypal"];

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ClientTokenInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_account_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_id: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateClientTokenInput {
    client_token: ClientTokenInput,
}

pub fn build_create_session(r: &CreateSessionRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    for (i, t) in r.payment_method_types.iter().flatten().enumerate() {
        if !SESSION_METHODS.contains(&t.as_str()) {
            return Err(SidecarError::payment_method_not_supported(&format!(
                "Braintree's client SDKs offer {}; `{t}` is not one of them",
                SESSION_METHODS.join(", ")
            ))
            .with_field(format!("request.paymentMethodTypes[{i}]")));
        }
    }
    // The Braintree customer the front end may vault under (createCustomer's connectorCustomerId).
    let customer_id = r
        .customer
        .as_ref()
        .and_then(|c| c.connector_customer_id.as_deref())
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    let input = CreateClientTokenInput { client_token: ClientTokenInput { merchant_account_id: auth.merchant_account_id(), customer_id } };
    Ok(graphql(ctx, auth, CLIENT_TOKEN_DOCUMENT, InputVariables { input }))
}

/// The envelope of an answer: strict on a 2xx and a 4xx that is not about credentials or rate,
/// lenient (no body needed) on the others.
fn envelope(response: &HttpResponse) -> Result<Option<Envelope>, SidecarError> {
    let http = response.status;
    let lenient = http >= 500 || matches!(http, 401 | 403 | 429);
    Ok(if lenient { response.json().ok() } else { Some(response.json()?) })
}

/// `data.<field>` when the call went through (2xx, no `errors`) and it is an object.
fn payload<'a>(env: &'a Option<Envelope>, response: &HttpResponse, field: &str) -> Option<&'a Value> {
    env.as_ref()
        .filter(|e| e.errors.is_empty() && response.is_success())
        .and_then(|e| e.data.as_ref())
        .and_then(|d| d.get(field))
        .filter(|v| v.is_object())
}

fn errors_of(env: Option<Envelope>) -> Vec<GraphQlError> {
    env.map(|e| e.errors).unwrap_or_default()
}

pub fn parse_create_session(_: &CreateSessionRequest, response: &HttpResponse, _: &Context) -> Result<SessionResult, SidecarError> {
    let http = response.status;
    let env = envelope(response)?;
    if let Some(p) = payload(&env, response, "createClientToken") {
        let token = p.get("clientToken").and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty());
        let Some(token) = token else {
            return Err(SidecarError::undeserializable(http, "", "createClientToken without a clientToken"));
        };
        let mut result = SessionResult::new(SessionStatus::Success, http);
        result.client_token = Some(token.to_string());
        return Ok(result);
    }
    let errors = errors_of(env);
    if errors.is_empty() && response.is_success() {
        return Err(SidecarError::undeserializable(http, &response.body, "neither createClientToken nor `errors`"));
    }
    Ok(SessionResult::failure(error_from_errors(http, &errors, "create a client token"), http))
}

// ---------- reading a Dispute ----------

/// The Dispute fields every dispute call reads.
const DISPUTE_FIELDS: &str = "id status amountDisputed { value currencyCode } replyByDate responseDeadline \
     processorResponse { reasonCode reasonDescription } transaction { id }";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Dispute {
    id: Option<String>,
    status: Option<String>,
    amount_disputed: Option<MonetaryAmount>,
    reply_by_date: Option<String>,
    response_deadline: Option<String>,
    processor_response: Option<DisputeProcessorResponse>,
    transaction: Option<TransactionRef>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DisputeProcessorResponse {
    reason_code: Option<String>,
    reason_description: Option<String>,
}

#[derive(Debug, Deserialize)]
struct TransactionRef {
    id: Option<String>,
}

/// Braintree's DisputeStatus (GraphQL upper case; webhooks write it in lower case).
pub fn dispute_status(word: &str) -> Option<DisputeStatus> {
    Some(match word.to_ascii_uppercase().as_str() {
        "OPEN" => DisputeStatus::NeedsResponse,
        "DISPUTED" => DisputeStatus::Challenged,
        "UNDER_REVIEW" => DisputeStatus::UnderReview,
        "WON" => DisputeStatus::Won,
        "LOST" => DisputeStatus::Lost,
        "ACCEPTED" | "AUTO_ACCEPTED" => DisputeStatus::Accepted,
        "EXPIRED" => DisputeStatus::Expired,
        _ => return None,
    })
}

/// Every value of the schema's `enum DisputeStatus`, for the test that reads the schema.
#[cfg(test)]
pub const DISPUTE_STATUS_WORDS: &[&str] = &["ACCEPTED", "AUTO_ACCEPTED", "DISPUTED", "EXPIRED", "LOST", "OPEN", "UNDER_REVIEW", "WON"];

/// The last moment to respond: a Timestamp as ISO 8601 UTC, or the start of a `YYYY-MM-DD` date.
pub fn due_by(deadline: Option<&str>, reply_by_date: Option<&str>) -> Option<String> {
    if let Some(t) = deadline.and_then(parse_iso8601_utc) {
        return Some(iso8601_utc(t));
    }
    let d = reply_by_date?.trim();
    let midnight = format!("{d}T00:00:00Z");
    parse_iso8601_utc(&midnight).filter(|_| d.len() == 10).map(iso8601_utc)
}

fn from_dispute(d: Dispute, http: u16, asked: &str) -> DisputeResult {
    // A status this version does not know: the dispute exists, its state unread: under review,
    // with Braintree's word in connectorStatus.
    let status = d.status.as_deref().and_then(dispute_status).unwrap_or(DisputeStatus::UnderReview);
    let mut result = DisputeResult::new(status, http);
    result.connector_dispute_id = Some(d.id.filter(|i| !i.trim().is_empty()).unwrap_or_else(|| asked.trim().to_string()));
    result.connector_transaction_id = d.transaction.and_then(|t| t.id).filter(|i| !i.trim().is_empty());
    result.amount = d.amount_disputed.as_ref().and_then(MonetaryAmount::to_unified);
    if let Some(p) = d.processor_response {
        result.reason_code = p.reason_code.filter(|c| !c.trim().is_empty());
        result.reason_message = p.reason_description.filter(|c| !c.trim().is_empty());
    }
    result.due_by = due_by(d.response_deadline.as_deref(), d.reply_by_date.as_deref());
    result.connector_status = d.status;
    result
}

/// A payload's Dispute (`dispute` of a mutation payload, or the node itself), or the call's error.
fn parse_dispute(response: &HttpResponse, field: &str, nested: bool, asked: &str, what: &str) -> Result<DisputeResult, SidecarError> {
    let http = response.status;
    let env = envelope(response)?;
    if let Some(p) = payload(&env, response, field) {
        let d = if nested { p.get("dispute").filter(|d| d.is_object()) } else { Some(p) };
        let Some(d) = d else {
            return Err(SidecarError::undeserializable(http, &response.body, &format!("{field} without its dispute")));
        };
        let d: Dispute = serde_json::from_value(d.clone()).map_err(|_| SidecarError::undeserializable(http, &response.body, "a Dispute of another shape"))?;
        return Ok(from_dispute(d, http, asked));
    }
    let errors = errors_of(env);
    if errors.is_empty() && response.is_success() {
        // `node` is null for an id nobody has (Braintree also answers NOT_FOUND in `errors`).
        return Err(SidecarError::undeserializable(http, &response.body, &format!("neither {field} nor `errors`")));
    }
    let mut result = DisputeResult::failure(error_from_errors(http, &errors, what), http);
    result.connector_dispute_id = Some(asked.trim().to_string());
    Ok(result)
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct DisputeIdInput {
    dispute_id: String,
}

fn dispute_id(id: &str) -> Result<String, SidecarError> {
    required(id, "request.connectorDisputeId").map(str::to_string)
}

fn mutation_document(name: &str, input_type: &str) -> String {
    let field = format!("{}{}", name[..1].to_ascii_lowercase(), &name[1..]);
    format!("mutation {name}($input: {input_type}!) {{ {field}(input: $input) {{ dispute {{ {DISPUTE_FIELDS} }} }} }}")
}

pub fn accept_document() -> String {
    mutation_document("AcceptDispute", "AcceptDisputeInput")
}

pub fn finalize_document() -> String {
    mutation_document("FinalizeDispute", "FinalizeDisputeInput")
}

pub fn dispute_query() -> String {
    format!("query Dispute($id: ID!) {{ node(id: $id) {{ ... on Dispute {{ {DISPUTE_FIELDS} }} }} }}")
}

// ---------- acceptDispute, defendDispute, dsync ----------

pub fn build_accept_dispute(r: &AcceptDisputeRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let input = DisputeIdInput { dispute_id: dispute_id(&r.connector_dispute_id)? };
    Ok(graphql(ctx, auth, &accept_document(), InputVariables { input }))
}

pub fn parse_accept_dispute(r: &AcceptDisputeRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    parse_dispute(response, "acceptDispute", true, &r.connector_dispute_id, "accept the dispute")
}

pub fn build_defend_dispute(r: &DefendDisputeRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if r.defense_reason_code.as_deref().is_some_and(|c| !c.trim().is_empty()) {
        return Err(SidecarError::invalid_field(
            "request.defenseReasonCode",
            "Braintree's finalizeDispute takes no defense reason: the evidence is the defense".into(),
        ));
    }
    let input = DisputeIdInput { dispute_id: dispute_id(&r.connector_dispute_id)? };
    Ok(graphql(ctx, auth, &finalize_document(), InputVariables { input }))
}

pub fn parse_defend_dispute(r: &DefendDisputeRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    parse_dispute(response, "finalizeDispute", true, &r.connector_dispute_id, "finalize the dispute")
}

pub fn build_dsync(r: &DsyncRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = dispute_id(&r.connector_dispute_id)?;
    Ok(graphql(ctx, auth, &dispute_query(), IdVariables { id }))
}

pub fn parse_dsync(r: &DsyncRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    parse_dispute(response, "node", false, &r.connector_dispute_id, "read the dispute")
}

// ---------- uploadDisputeFile ----------

/// The file types createDisputeFileEvidence takes, and its size limit.
const FILE_TYPES: &[&str] = &["application/pdf", "image/png", "image/jpeg", "image/jpg"];
const FILE_MAX_BYTES: usize = 4 * 1024 * 1024;

pub const FILE_EVIDENCE_DOCUMENT: &str = "mutation CreateDisputeFileEvidence($input: CreateDisputeFileEvidenceInput!) { \
     createDisputeFileEvidence(input: $input) { evidence { id url } } }";

#[derive(Serialize)]
struct FileOperations {
    query: &'static str,
    variables: FileVariables,
}

#[derive(Serialize)]
struct FileVariables {
    input: DisputeIdInput,
    /// Replaced by the uploaded file (the `map` part), as the multipart request spec has it.
    file: Option<()>,
}

pub fn build_upload_dispute_file(r: &UploadDisputeFileRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = r.connector_dispute_id.as_deref().map(str::trim).filter(|i| !i.is_empty()).ok_or_else(|| {
        SidecarError::missing_field("request.connectorDisputeId", "Braintree attaches the file to the dispute as it takes it (createDisputeFileEvidence)")
    })?;
    let content_type = r.file.content_type.trim().to_ascii_lowercase();
    if !FILE_TYPES.contains(&content_type.as_str()) {
        return Err(SidecarError::invalid_field(
            "request.file.contentType",
            "Braintree takes dispute evidence files as PDF, PNG or JPEG (application/pdf, image/png, image/jpeg)".into(),
        ));
    }
    let bytes = base64_decode(r.file.data.trim()).ok_or_else(|| SidecarError::invalid_field("request.file.data", "not base64".into()))?;
    if bytes.is_empty() || bytes.len() > FILE_MAX_BYTES {
        return Err(SidecarError::invalid_field("request.file.data", "Braintree takes an evidence file of 1 byte to 4 MB".into()));
    }
    let operations = serde_json::to_string(&FileOperations {
        query: FILE_EVIDENCE_DOCUMENT,
        variables: FileVariables { input: DisputeIdInput { dispute_id: id.to_string() }, file: None },
    })
    .expect("serializable");
    let mut parts = Multipart::new();
    parts
        // "Note that you must specify a type of application/json" (the uploading-files guide).
        .typed("operations", "application/json", &operations)
        .text("map", r#"{"file_to_upload":"variables.file"}"#)
        .file("file_to_upload", &r.file.filename, &content_type, &bytes);
    // Documents of the shopper's purchase: kept out of logs like card data.
    let body = parts.into_body(true, "request.file.contentType")?;
    let mut http = HttpRequest::new(HttpMethod::POST, format!("{}/graphql", ctx.base_url()))
        .secret_header("Authorization", basic_auth(auth.public_key.expose(), auth.private_key.expose()))
        .header("Braintree-Version", BRAINTREE_VERSION);
    http.body = Some(body);
    Ok(http)
}

pub fn parse_upload_dispute_file(_: &UploadDisputeFileRequest, response: &HttpResponse, _: &Context) -> Result<FileResult, SidecarError> {
    let http = response.status;
    let env = envelope(response)?;
    if let Some(p) = payload(&env, response, "createDisputeFileEvidence") {
        let id = p.get("evidence").and_then(|e| e.get("id")).and_then(Value::as_str).map(str::trim).filter(|i| !i.is_empty());
        let Some(id) = id else {
            return Err(SidecarError::undeserializable(http, &response.body, "createDisputeFileEvidence without the evidence's id"));
        };
        return Ok(FileResult { status: FileStatus::Success, connector_file_id: Some(id.to_string()), error: None, http_status: http });
    }
    let errors = errors_of(env);
    if errors.is_empty() && response.is_success() {
        return Err(SidecarError::undeserializable(http, &response.body, "neither createDisputeFileEvidence nor `errors`"));
    }
    Ok(FileResult { status: FileStatus::Failure, connector_file_id: None, error: Some(error_from_errors(http, &errors, "add the evidence file")), http_status: http })
}

// ---------- submitDisputeEvidence ----------

/// The DisputeTextEvidenceCategory of a unified evidence type, where Braintree has one; every
/// other type is sent as GENERAL (Braintree's category for evidence no compelling-evidence
/// requirement names), which says what it is in its text.
fn text_category(kind: EvidenceType) -> &'static str {
    match kind {
        EvidenceType::ShippingTrackingNumber => "TRACKING_NUMBER",
        _ => "GENERAL",
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateDisputeTextEvidenceInput<'a> {
    dispute_id: &'a str,
    category: &'static str,
    content: &'a str,
}

/// What one submitDisputeEvidence call sends: the text items, each an aliased mutation.
fn text_items(r: &SubmitDisputeEvidenceRequest) -> Result<Vec<(EvidenceType, &str)>, SidecarError> {
    let mut texts = Vec::new();
    for (i, e) in r.evidence.iter().enumerate() {
        let at = format!("request.evidence[{i}]");
        if let Some(f) = &e.file {
            if f.data.is_some() {
                return Err(SidecarError::invalid_field(
                    &format!("{at}.file.data"),
                    "Braintree takes each file in a call of its own: upload it with uploadDisputeFile and give its connectorFileId \
                     (PaymentsClient.submitDisputeEvidence does this)"
                        .into(),
                ));
            }
            if e.text.is_some() {
                return Err(SidecarError::invalid_field(&format!("{at}.text"), "Braintree's evidence is text or a file, not both: give them as two items".into()));
            }
            continue;
        }
        if let Some(t) = e.text.as_deref() {
            texts.push((e.kind, t));
        }
    }
    Ok(texts)
}

pub fn build_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = dispute_id(&r.connector_dispute_id)?;
    let texts = text_items(r)?;
    if texts.is_empty() {
        // Files only, attached when uploaded: finalize now, or read the dispute as it stands.
        return Ok(if r.submit() {
            graphql(ctx, auth, &finalize_document(), InputVariables { input: DisputeIdInput { dispute_id: id } })
        } else {
            graphql(ctx, auth, &dispute_query(), IdVariables { id })
        });
    }
    if r.submit() {
        return Err(SidecarError::invalid_field(
            "request.submit",
            "Braintree adds each piece of text evidence and finalizes the dispute in separate mutations, and a finalize after a \
             refused piece would defend without it: send the evidence with submit: false, then defendDispute (finalizeDispute)"
                .into(),
        ));
    }
    let mut declarations = Vec::new();
    let mut fields = Vec::new();
    let mut variables = Map::new();
    for (i, (kind, content)) in texts.into_iter().enumerate() {
        declarations.push(format!("$e{i}: CreateDisputeTextEvidenceInput!"));
        fields.push(format!("e{i}: createDisputeTextEvidence(input: $e{i}) {{ evidence {{ id category }} }}"));
        let input = CreateDisputeTextEvidenceInput { dispute_id: &id, category: text_category(kind), content };
        variables.insert(format!("e{i}"), serde_json::to_value(input).expect("serializable"));
    }
    let query = format!("mutation DisputeEvidence({}) {{ {} }}", declarations.join(", "), fields.join(" "));
    let http = HttpRequest::new(HttpMethod::POST, format!("{}/graphql", ctx.base_url()))
        .secret_header("Authorization", basic_auth(auth.public_key.expose(), auth.private_key.expose()))
        .header("Braintree-Version", BRAINTREE_VERSION)
        // The merchant's statements about the shopper's purchase: kept out of logs like card data.
        .json_body(&GraphQlRequest { query, variables: Value::Object(variables) }, true);
    Ok(http)
}

/// Text evidence: every alias answered with its evidence → needs_response (added, not yet
/// finalized); any refused → failure with Braintree's first error (the pieces before it were
/// added: reading the dispute says which). Files only: the finalize's or the node's Dispute.
pub fn parse_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    let texts = text_items(r)?;
    if texts.is_empty() {
        return if r.submit() {
            parse_dispute(response, "finalizeDispute", true, &r.connector_dispute_id, "finalize the dispute")
        } else {
            parse_dispute(response, "node", false, &r.connector_dispute_id, "read the dispute")
        };
    }
    let http = response.status;
    let env = envelope(response)?;
    let added = (0..texts.len()).all(|i| {
        payload(&env, response, &format!("e{i}")).and_then(|p| p.get("evidence")).and_then(|e| e.get("id")).and_then(Value::as_str).is_some()
    });
    if added {
        let mut result = DisputeResult::new(DisputeStatus::NeedsResponse, http);
        result.connector_dispute_id = Some(r.connector_dispute_id.trim().to_string());
        return Ok(result);
    }
    let errors = errors_of(env);
    if errors.is_empty() && response.is_success() {
        return Err(SidecarError::undeserializable(http, &response.body, "neither every createDisputeTextEvidence nor `errors`"));
    }
    let mut result = DisputeResult::failure(error_from_errors(http, &errors, "add the dispute evidence"), http);
    result.connector_dispute_id = Some(r.connector_dispute_id.trim().to_string());
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connectors::braintree::CONNECTOR;
    use crate::connectors::test_support;
    use crate::protocol::{ErrorKind, Flow, FlowResult, Options};
    use serde_json::json;

    fn auth() -> Value {
        json!({"publicKey": "pub_test_key", "privateKey": "priv_test_secret"})
    }

    fn build(flow: Flow, request: Value) -> Result<HttpRequest, SidecarError> {
        test_support::build_with(CONNECTOR, flow, request, auth(), &Options::default())
    }

    fn parse(flow: Flow, request: Value, response: Value) -> FlowResult {
        test_support::parse_with(CONNECTOR, flow, request, &test_support::response(200, response.to_string()), &Options::default()).unwrap()
    }

    /// Braintree's `enum DisputeStatus` (schema.graphql of github.com/braintree/graphql-api), each
    /// read into a unified status; a word outside it is not guessed.
    #[test]
    fn every_dispute_status_of_the_schema_is_mapped() {
        let unified: Vec<_> = DISPUTE_STATUS_WORDS.iter().map(|w| dispute_status(w).unwrap_or_else(|| panic!("{w}"))).collect();
        assert_eq!(
            unified,
            [
                DisputeStatus::Accepted,
                DisputeStatus::Accepted,
                DisputeStatus::Challenged,
                DisputeStatus::Expired,
                DisputeStatus::Lost,
                DisputeStatus::NeedsResponse,
                DisputeStatus::UnderReview,
                DisputeStatus::Won
            ]
        );
        assert_eq!(dispute_status("open"), Some(DisputeStatus::NeedsResponse), "webhooks write it in lower case");
        assert_eq!(dispute_status("PENDING"), None);
    }

    #[test]
    fn due_by_prefers_the_deadline_and_reads_a_date_as_its_start() {
        assert_eq!(due_by(Some("2026-12-14T23:59:59Z"), Some("2026-12-14")).as_deref(), Some("2026-12-14T23:59:59Z"));
        assert_eq!(due_by(None, Some("2026-12-14")).as_deref(), Some("2026-12-14T00:00:00Z"));
        assert_eq!(due_by(Some("soon"), Some("2026-12-14")).as_deref(), Some("2026-12-14T00:00:00Z"));
        assert_eq!(due_by(None, Some("2026-12-14T01")), None);
        assert_eq!(due_by(None, None), None);
    }

    #[test]
    fn text_evidence_is_one_document_of_aliased_mutations_in_order() {
        let http = build(
            Flow::SubmitDisputeEvidence,
            json!({"connectorDisputeId": "ZGlzcHV0ZV8x", "submit": false, "evidence": [
                {"type": "uncategorized", "text": "first"},
                {"type": "receipt", "file": {"connectorFileId": "ZmlsZV8x"}},
                {"type": "shippingTrackingNumber", "text": "1Z999"},
            ]}),
        )
        .unwrap();
        let body = http.body.as_ref().unwrap();
        assert!(body.sensitive, "the merchant's statements stay out of logs");
        let v: Value = serde_json::from_str(&body.data).unwrap();
        let q = v["query"].as_str().unwrap();
        assert!(q.find("e0: createDisputeTextEvidence").unwrap() < q.find("e1: createDisputeTextEvidence").unwrap());
        assert!(!q.contains("finalizeDispute"));
        assert_eq!(v["variables"]["e0"], json!({"disputeId": "ZGlzcHV0ZV8x", "category": "GENERAL", "content": "first"}));
        assert_eq!(v["variables"]["e1"]["category"], "TRACKING_NUMBER");
        assert!(v["variables"].get("e2").is_none(), "the uploaded file is on the dispute already");
    }

    #[test]
    fn submit_with_text_is_refused_and_files_only_finalize() {
        let e = build(Flow::SubmitDisputeEvidence, json!({"connectorDisputeId": "ZGlzcHV0ZV8x", "evidence": [{"type": "uncategorized", "text": "x"}]})).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.submit")));
        let files = json!({"connectorDisputeId": "ZGlzcHV0ZV8x", "evidence": [{"type": "receipt", "file": {"connectorFileId": "ZmlsZV8x"}}]});
        let http = build(Flow::SubmitDisputeEvidence, files.clone()).unwrap();
        assert!(http.body.unwrap().data.contains("finalizeDispute(input: $input)"));
        let mut draft = files;
        draft["submit"] = json!(false);
        assert!(build(Flow::SubmitDisputeEvidence, draft).unwrap().body.unwrap().data.contains("node(id: $id)"));
    }

    #[test]
    fn one_refused_piece_fails_the_call_even_when_another_was_added() {
        let request = json!({"connectorDisputeId": "ZGlzcHV0ZV8x", "submit": false, "evidence": [{"type": "uncategorized", "text": "a"}, {"type": "uncategorized", "text": "b"}]});
        let FlowResult::Dispute(r) = parse(
            Flow::SubmitDisputeEvidence,
            request.clone(),
            json!({"data": {"e0": {"evidence": {"id": "ZXZfMQ", "category": "GENERAL"}}, "e1": null},
                   "errors": [{"message": "Content can't be blank", "path": ["e1"], "extensions": {"errorClass": "VALIDATION"}}]}),
        ) else {
            panic!()
        };
        assert_eq!(r.status, DisputeStatus::Failure);
        let FlowResult::Dispute(r) = parse(
            Flow::SubmitDisputeEvidence,
            request,
            json!({"data": {"e0": {"evidence": {"id": "ZXZfMQ", "category": "GENERAL"}}, "e1": {"evidence": {"id": "ZXZfMg", "category": "GENERAL"}}}}),
        ) else {
            panic!()
        };
        assert_eq!(r.status, DisputeStatus::NeedsResponse);
    }

    #[test]
    fn the_upload_is_the_documented_multipart_request() {
        let http = build(
            Flow::UploadDisputeFile,
            json!({"connectorDisputeId": "ZGlzcHV0ZV8x", "file": {"filename": "r.pdf", "contentType": "application/pdf", "data": "JVBERi0xLjQK"}}),
        )
        .unwrap();
        let body = http.body.unwrap();
        assert!(body.content_type.starts_with("multipart/form-data; boundary="));
        assert!(body.sensitive);
        let text = String::from_utf8(base64_decode(&body.data).unwrap()).unwrap();
        assert!(text.contains("name=\"operations\"\r\nContent-Type: application/json\r\n\r\n{\"query\":\"mutation CreateDisputeFileEvidence($input: CreateDisputeFileEvidenceInput!)"));
        assert!(text.contains("\"variables\":{\"input\":{\"disputeId\":\"ZGlzcHV0ZV8x\"},\"file\":null}"));
        assert!(text.contains("name=\"map\"\r\n\r\n{\"file_to_upload\":\"variables.file\"}"));
        assert!(text.contains("name=\"file_to_upload\"; filename=\"r.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n"));
        let too_big = crate::kit::crypto::base64_encode(&vec![0u8; FILE_MAX_BYTES + 1]);
        let e = build(Flow::UploadDisputeFile, json!({"connectorDisputeId": "ZGlzcHV0ZV8x", "file": {"filename": "r.pdf", "contentType": "application/pdf", "data": too_big}})).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.file.data"));
    }
}

//! Adyen's Disputes API v30 (https://docs.adyen.com/risk-management/disputes-api), its own base
//! URL: `https://ca-test.adyen.com/ca/services/DisputeService/v30` (test),
//! `https://ca-live.adyen.com/ca/services/DisputeService/v30` (live). With `options.baseUrl` (a
//! proxy, the emulator), which names Checkout's root (`…/v71`), the Disputes API is taken at the
//! same root without the version: `{root}/ca/services/DisputeService/v30`. The API credential
//! needs the Merchant Disputes Management role.
//!
//! - acceptDispute → `POST /acceptDispute`;
//! - submitDisputeEvidence → `POST /supplyDefenseDocument`: documents only (base64 inline, no
//!   upload step), each with a defense document type code. Those codes depend on the defense
//!   reason (retrieveApplicableDefenseReasons); the unified types with a code that serves every
//!   reason are sent: `receipt` → `TIDorInvoice`, `uncategorized` → `DefenseMaterial` (both in
//!   Adyen's own examples). Supplying documents does not defend: defendDispute does;
//! - defendDispute → `POST /defendDispute` with `defenseReasonCode` (required);
//! - dsync: none (no call reads a dispute; the webhooks do).
//!
//! Every answer is `disputeServiceResult {success, errorMessage}`.

use super::sessions::{service_error, utc_time, with_key};
use super::AdyenAuth;
use crate::connectors::Context;
use crate::protocol::{
    AcceptDisputeRequest, DefendDisputeRequest, DisputeResult, DisputeStatus, Environment, ErrorInfo, EvidenceType, HttpMethod,
    HttpRequest, HttpResponse, SidecarError, SubmitDisputeEvidenceRequest, UnifiedErrorCode, WebhookEvent,
};
use serde::{Deserialize, Serialize};

const DISPUTES_TEST: &str = "https://ca-test.adyen.com/ca/services/DisputeService/v30";
const DISPUTES_LIVE: &str = "https://ca-live.adyen.com/ca/services/DisputeService/v30";
const DISPUTES_PATH: &str = "/ca/services/DisputeService/v30";

fn disputes_base(ctx: &Context) -> String {
    match &ctx.options.base_url {
        Some(url) => {
            let root = url.trim_end_matches('/');
            let root = root.strip_suffix("/v71").unwrap_or(root);
            format!("{root}{DISPUTES_PATH}")
        }
        None => match ctx.options.environment {
            Environment::Sandbox => DISPUTES_TEST.to_string(),
            Environment::Production => DISPUTES_LIVE.to_string(),
        },
    }
}

/// The dispute's pspReference in a body: letters and digits.
fn dispute_reference(id: &str) -> Result<&str, SidecarError> {
    let id = id.trim();
    if id.is_empty() {
        return Err(SidecarError::missing_field("request.connectorDisputeId", "it must not be empty"));
    }
    Ok(id)
}

fn post(ctx: &Context, op: &str, auth: &AdyenAuth, key: Option<&str>, body: &impl Serialize) -> Result<HttpRequest, SidecarError> {
    let http = HttpRequest::new(HttpMethod::POST, format!("{}/{op}", disputes_base(ctx))).secret_header("X-API-Key", auth.api_key.expose());
    Ok(with_key(http, key)?.json_body(body, false))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AdyenDisputeRequest<'a> {
    dispute_psp_reference: &'a str,
    merchant_account_code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    defense_reason_code: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AdyenDefenseDocument<'a> {
    content: &'a str,
    content_type: &'a str,
    defense_document_type_code: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AdyenSupplyDefenseDocumentRequest<'a> {
    defense_documents: Vec<AdyenDefenseDocument<'a>>,
    dispute_psp_reference: &'a str,
    merchant_account_code: &'a str,
}

pub fn build_accept_dispute(r: &AcceptDisputeRequest, auth: &AdyenAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = AdyenDisputeRequest {
        dispute_psp_reference: dispute_reference(&r.connector_dispute_id)?,
        merchant_account_code: auth.merchant_account.expose(),
        defense_reason_code: None,
    };
    post(ctx, "acceptDispute", auth, r.idempotency_key.as_deref(), &body)
}

pub fn parse_accept_dispute(r: &AcceptDisputeRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    parse_service_result(response, &r.connector_dispute_id, DisputeStatus::Accepted)
}

/// The defense document type code for a unified evidence type, where one serves every defense reason.
fn document_type(kind: EvidenceType) -> Option<&'static str> {
    match kind {
        EvidenceType::Receipt => Some("TIDorInvoice"),
        EvidenceType::Uncategorized => Some("DefenseMaterial"),
        _ => None,
    }
}

pub fn build_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, auth: &AdyenAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let mut documents = Vec::new();
    for (i, e) in r.evidence.iter().enumerate() {
        let at = format!("request.evidence[{i}]");
        if e.text.is_some() {
            return Err(SidecarError::invalid_field(&format!("{at}.text"), "Adyen takes defense documents only (files), no text".into()));
        }
        let code = document_type(e.kind).ok_or_else(|| {
            SidecarError::invalid_field(
                &format!("{at}.type"),
                "Adyen's document type codes depend on the defense reason: send it as receipt (TIDorInvoice) or uncategorized (DefenseMaterial)".into(),
            )
        })?;
        let file = e.file.as_ref().expect("decode: an item without text has a file");
        let (Some(data), Some(content_type)) = (file.data.as_deref(), file.content_type.as_deref()) else {
            return Err(SidecarError::invalid_field(
                &format!("{at}.file.connectorFileId"),
                "Adyen takes the document itself (data, base64), not the id of an upload".into(),
            ));
        };
        documents.push(AdyenDefenseDocument { content: data.trim(), content_type, defense_document_type_code: code });
    }
    let body = AdyenSupplyDefenseDocumentRequest {
        defense_documents: documents,
        dispute_psp_reference: dispute_reference(&r.connector_dispute_id)?,
        merchant_account_code: auth.merchant_account.expose(),
    };
    let mut http = post(ctx, "supplyDefenseDocument", auth, r.idempotency_key.as_deref(), &body)?;
    // Documents of the shopper's purchase: kept out of logs like card data.
    if let Some(b) = http.body.as_mut() {
        b.sensitive = true;
    }
    Ok(http)
}

/// Supplied, not yet defended: the dispute still needs its response (defendDispute).
pub fn parse_submit_dispute_evidence(r: &SubmitDisputeEvidenceRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    parse_service_result(response, &r.connector_dispute_id, DisputeStatus::NeedsResponse)
}

pub fn build_defend_dispute(r: &DefendDisputeRequest, auth: &AdyenAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let reason = r.defense_reason_code.as_deref().filter(|s| !s.trim().is_empty()).ok_or_else(|| {
        SidecarError::missing_field("request.defenseReasonCode", "Adyen defends with one of the dispute's applicable defense reasons")
    })?;
    let body = AdyenDisputeRequest {
        dispute_psp_reference: dispute_reference(&r.connector_dispute_id)?,
        merchant_account_code: auth.merchant_account.expose(),
        defense_reason_code: Some(reason),
    };
    post(ctx, "defendDispute", auth, r.idempotency_key.as_deref(), &body)
}

pub fn parse_defend_dispute(r: &DefendDisputeRequest, response: &HttpResponse, _: &Context) -> Result<DisputeResult, SidecarError> {
    parse_service_result(response, &r.connector_dispute_id, DisputeStatus::Challenged)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AdyenDisputeResponse {
    dispute_service_result: AdyenDisputeServiceResult,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AdyenDisputeServiceResult {
    success: bool,
    error_message: Option<String>,
}

/// `success: true` → `done`; `success: false` (HTTP 200 with Adyen's reason) or a 4xx/5xx → failure.
fn parse_service_result(response: &HttpResponse, dispute: &str, done: DisputeStatus) -> Result<DisputeResult, SidecarError> {
    let mut result = if !response.is_success() {
        DisputeResult::failure(service_error(response), response.status)
    } else {
        let body: AdyenDisputeResponse = response.json()?;
        if body.dispute_service_result.success {
            DisputeResult::new(done, response.status)
        } else {
            let message = body.dispute_service_result.error_message.unwrap_or_else(|| "Adyen did not take the request".into());
            DisputeResult::failure(
                ErrorInfo {
                    code: UnifiedErrorCode::InvalidRequest,
                    message: message.clone(),
                    connector_code: None,
                    connector_message: Some(message),
                    decline_code: None,
                    advice_code: None,
                    decline_type: None,
                },
                response.status,
            )
        }
    };
    result.connector_dispute_id = Some(dispute.trim().to_string());
    Ok(result)
}

// ---------- webhooks ----------

/// `additionalData.disputeStatus` (Webhooks-v1's enum; https://docs.adyen.com/risk-management/disputes-api/dispute-notifications).
pub fn dispute_status_word(word: &str) -> Option<DisputeStatus> {
    Some(match word {
        "Undefended" | "Unresponded" => DisputeStatus::NeedsResponse,
        "Responded" => DisputeStatus::Challenged,
        "Pending" => DisputeStatus::UnderReview,
        "Accepted" => DisputeStatus::Accepted,
        "Won" => DisputeStatus::Won,
        "Lost" => DisputeStatus::Lost,
        "Expired" => DisputeStatus::Expired,
        _ => return None,
    })
}

#[cfg(test)]
pub const DISPUTE_STATUS_WORDS: &[&str] = &["Accepted", "Expired", "Lost", "Pending", "Responded", "Undefended", "Unresponded", "Won"];

/// When the item carries no disputeStatus: what its eventCode says of the dispute (Adyen's dispute
/// notification table). Codes that do not settle a status (ISSUER_COMMENTS, PREARBITRATION_DECLINED...)
/// leave it unset.
pub fn dispute_status_of_event(code: &str) -> Option<DisputeStatus> {
    Some(match code {
        "NOTIFICATION_OF_CHARGEBACK" | "CHARGEBACK" | "REQUEST_FOR_INFORMATION" | "PREARBITRATION_OPEN" => DisputeStatus::NeedsResponse,
        "NOTIFICATION_OF_FRAUD" => DisputeStatus::Opened,
        "INFORMATION_SUPPLIED" => DisputeStatus::Challenged,
        "SCHEME_ARBITRATION" => DisputeStatus::UnderReview,
        "CHARGEBACK_REVERSED" | "PREARBITRATION_WON" | "PREARBITRATION_ISSUER_WITHDRAWN" | "SCHEME_ARBITRATION_WON" => DisputeStatus::Won,
        "SECOND_CHARGEBACK" | "PREARBITRATION_LOST" | "SCHEME_ARBITRATION_LOST" => DisputeStatus::Lost,
        "DISPUTE_DEFENSE_PERIOD_ENDED" => DisputeStatus::Expired,
        _ => return None,
    })
}

/// A dispute item: the dispute is the item's pspReference, the payment its originalReference.
pub fn fill_dispute_event(e: &mut WebhookEvent, code: &str, psp_reference: Option<&str>, additional: impl Fn(&str) -> Option<String>) {
    e.connector_dispute_id = psp_reference.filter(|p| !p.is_empty()).map(str::to_string);
    e.dispute_status = additional("disputeStatus").as_deref().and_then(dispute_status_word).or_else(|| dispute_status_of_event(code));
    e.reason_code = additional("chargebackReasonCode");
    e.due_by = additional("defensePeriodEndsAt").as_deref().map(utc_time);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn every_dispute_status_of_the_webhook_spec_is_mapped() {
        let spec: Value =
            serde_json::from_str(&std::fs::read_to_string(crate::oracles::path("adyen").join("Webhooks-v1.json")).unwrap()).unwrap();
        let text = spec.to_string();
        let at = text.find("\"disputeStatus\":{").expect("Webhooks-v1 documents disputeStatus");
        let schema: Value = serde_json::from_str(&{
            let tail = &text[at + "\"disputeStatus\":".len()..];
            let end = tail.find('}').unwrap();
            tail[..=end].to_string()
        })
        .unwrap();
        let mut words: Vec<&str> = schema["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        words.sort();
        assert_eq!(words, DISPUTE_STATUS_WORDS);
        for w in words {
            assert!(dispute_status_word(w).is_some(), "{w}");
        }
    }

    #[test]
    fn every_dispute_event_code_we_list_is_read() {
        for (code, meaning) in super::super::mapping::event_codes() {
            if meaning == super::super::mapping::EventMeaning::Dispute {
                // Either a status or, for the codes that settle none, deliberately none.
                let none = ["ISSUER_COMMENTS", "ISSUER_RESPONSE_TIMEFRAME_EXPIRED", "PREARBITRATION_ACCEPTED", "PREARBITRATION_DECLINED"];
                assert_eq!(dispute_status_of_event(code).is_none(), none.contains(&code), "{code}");
            }
        }
    }
}

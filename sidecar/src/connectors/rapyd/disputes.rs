//! Rapyd's disputes are read-only in its API: Retrieve Dispute (`GET /v1/disputes/{dispute}`,
//! https://docs.rapyd.net/en/retrieve-dispute.html) answers the Dispute object
//! (oracles/rapyd/rapyd-openapi.yaml, `Dispute`): `token` (`dispute_...`), `status` (ACT, RVW, PRA,
//! ARB, LOS, WIN, REV), `amount`/`currency`, `original_transaction_id` (the payment),
//! `dispute_reason_description`, `dispute_category`, `due_date` (Unix time). The same object is
//! the `data` of the PAYMENT_DISPUTE_* webhooks.

use super::responses::{envelope_of, error_info, money};
use crate::kit::text::present_owned;
use crate::kit::time::iso8601_utc;
use crate::protocol::{DisputeResult, DisputeStatus, HttpResponse, SidecarError};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// The Dispute object (the fields read).
#[derive(Debug, Deserialize, Default)]
pub struct RapydDispute {
    /// "Reserved" in the reference; the dispute's id is `token`. Read when `token` is absent.
    pub id: Option<String>,
    pub token: Option<String>,
    pub status: Option<String>,
    pub amount: Option<Box<RawValue>>,
    pub currency: Option<String>,
    pub original_transaction_id: Option<String>,
    pub dispute_reason_description: Option<String>,
    pub dispute_category: Option<String>,
    pub due_date: Option<Value>,
}

/// Dispute `status` → unified, from the Dispute object's description of each value.
const DISPUTE_STATUSES: &[(&str, DisputeStatus)] = &[
    // Initiated and awaiting action by the merchant.
    ("ACT", DisputeStatus::NeedsResponse),
    // Rapyd is reviewing the merchant's evidence contesting the dispute.
    ("RVW", DisputeStatus::Challenged),
    // The issuer challenged a contested dispute again; it is being reviewed.
    ("PRA", DisputeStatus::UnderReview),
    // Awaiting a ruling by the card schemes' arbitration committee.
    ("ARB", DisputeStatus::UnderReview),
    // Lost: the funds were deducted from the merchant wallet.
    ("LOS", DisputeStatus::Lost),
    // Won: the funds were credited to the merchant wallet.
    ("WIN", DisputeStatus::Won),
    // The issuer reversed the dispute; the funds were credited back. Final.
    ("REV", DisputeStatus::Won),
];

pub fn dispute_status(status: &str) -> Option<DisputeStatus> {
    DISPUTE_STATUSES.iter().find(|(k, _)| k.eq_ignore_ascii_case(status.trim())).map(|(_, s)| *s)
}

#[cfg(test)]
pub fn known_dispute_statuses() -> impl Iterator<Item = &'static str> {
    DISPUTE_STATUSES.iter().map(|(s, _)| *s)
}

impl RapydDispute {
    pub fn dispute_id(&self) -> Option<String> {
        present_owned(&self.token).or_else(|| present_owned(&self.id))
    }
}

/// The unified result of a Dispute object. A status this version does not know is "under review"
/// (the dispute exists; nothing in the word says the merchant must act), with Rapyd's word.
pub fn dispute_result(d: &RapydDispute, http_status: u16) -> DisputeResult {
    let word = d.status.clone().unwrap_or_default();
    let mut result = DisputeResult::new(dispute_status(&word).unwrap_or(DisputeStatus::UnderReview), http_status);
    result.connector_dispute_id = d.dispute_id();
    result.connector_transaction_id = present_owned(&d.original_transaction_id);
    result.amount = money(d.amount.as_deref(), d.currency.as_deref());
    result.reason_message = present_owned(&d.dispute_reason_description).or_else(|| present_owned(&d.dispute_category));
    result.reason_code = present_owned(&d.dispute_category);
    result.due_by = match &d.due_date {
        Some(Value::Number(n)) => n.as_i64().filter(|t| *t > 0).map(iso8601_utc),
        _ => None,
    };
    result.connector_status = present_owned(&d.status);
    result
}

pub fn parse_dispute(response: &HttpResponse, known_id: &str) -> Result<DisputeResult, SidecarError> {
    match envelope_of::<RapydDispute>(response)? {
        Ok(d) => {
            let mut result = dispute_result(&d, response.status);
            if result.connector_dispute_id.is_none() {
                result.connector_dispute_id = Some(known_id.to_string());
            }
            Ok(result)
        }
        Err(status) => {
            let code = status.error_code.as_deref().or(status.response_code.as_deref());
            let what = if response.status >= 500 { "Rapyd could not process the call (its outcome is unknown)" } else { "Rapyd could not read the dispute" };
            let mut result = DisputeResult::failure(error_info(response.status, code, status.message.as_deref(), what), response.status);
            result.connector_dispute_id = Some(known_id.to_string());
            Ok(result)
        }
    }
}

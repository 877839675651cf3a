//! Braintree (issue 12): reverse → `reverseTransaction` (below); revokeMandate → the GraphQL mutation `deletePaymentMethodFromVault`
//! (DeletePaymentMethodFromVaultInput: `paymentMethodId`, the multi-use payment method that
//! setupMandate vaulted). Its payload carries only `clientMutationId`; a payment method that
//! does not exist is a GraphQL error (NOT_FOUND).
//! https://graphql.braintreepayments.com/reference/#Mutation--deletePaymentMethodFromVault

use super::requests::{GraphQlRequest, InputVariables};
use super::responses::{error_from_errors, Envelope};
use super::{BraintreeAuth, BRAINTREE_VERSION};
use crate::connectors::{required, Context};
use crate::kit::crypto::basic_auth;
use crate::protocol::{
    ConnectorState, HttpMethod, HttpRequest, HttpResponse, MandateResult, MandateStatus, PaymentResult, PaymentStatus, ReverseRequest,
    RevokeMandateRequest, SidecarError,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const DELETE_FROM_VAULT_DOCUMENT: &str = "mutation DeletePaymentMethodFromVault($input: DeletePaymentMethodFromVaultInput!) { \
     deletePaymentMethodFromVault(input: $input) { clientMutationId } }";

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct DeletePaymentMethodFromVaultInput {
    payment_method_id: String,
}

pub(super) fn graphql<V: Serialize>(ctx: &Context, auth: &BraintreeAuth, query: &str, variables: V) -> HttpRequest {
    HttpRequest::new(HttpMethod::POST, format!("{}/graphql", ctx.base_url()))
        .secret_header("Authorization", basic_auth(auth.public_key.expose(), auth.private_key.expose()))
        .header("Braintree-Version", BRAINTREE_VERSION)
        .json_body(&GraphQlRequest { query: query.to_string(), variables }, false)
}

pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = required(&r.mandate_reference, "request.mandateReference")?.to_string();
    let input = DeletePaymentMethodFromVaultInput { payment_method_id: id };
    Ok(graphql(ctx, auth, DELETE_FROM_VAULT_DOCUMENT, InputVariables { input }))
}

pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    let http = response.status;
    let lenient = http >= 500 || matches!(http, 401 | 403 | 429);
    let env: Option<Envelope> = if lenient { response.json().ok() } else { Some(response.json()?) };
    let deleted = env
        .as_ref()
        .filter(|e| e.errors.is_empty())
        .and_then(|e| e.data.as_ref())
        .and_then(|d| d.get("deletePaymentMethodFromVault"))
        .is_some_and(Value::is_object);
    if deleted && response.is_success() {
        let mut result = MandateResult::new(MandateStatus::Revoked, http);
        result.mandate_reference = Some(r.mandate_reference.trim().to_string());
        return Ok(result);
    }
    let errors = env.map(|e| e.errors).unwrap_or_default();
    if errors.is_empty() && response.is_success() {
        return Err(SidecarError::undeserializable(http, &response.body, "neither deletePaymentMethodFromVault nor `errors`"));
    }
    let mut result = MandateResult::new(MandateStatus::Failure, http);
    result.error = Some(error_from_errors(http, &errors, "delete the payment method from the vault"));
    Ok(result)
}

// ---------- reverse ----------

/// `reverseTransaction`: "A reversal will attempt to void the original transaction if it has not
/// yet settled. If the original transaction has settled, a reversal will create a refund for the
/// full amount." The payload's `reversal` is the union `TransactionReversal = Refund | Transaction`.
/// https://graphql.braintreepayments.com/reference/#Mutation--reverseTransaction
pub const REVERSE_DOCUMENT: &str = "mutation ReverseTransaction($input: ReverseTransactionInput!) { \
     reverseTransaction(input: $input) { reversal { __typename \
     ... on Transaction { id status amount { value currencyCode } } \
     ... on Refund { id status amount { value currencyCode } } } } }";

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ReverseTransactionInput {
    transaction_id: String,
    /// Braintree's idempotency key: a retry returns the reversal the first call made.
    #[serde(skip_serializing_if = "Option::is_none")]
    api_request_key: Option<String>,
}

pub fn build_reverse(r: &ReverseRequest, auth: &BraintreeAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = required(&r.connector_transaction_id, "request.connectorTransactionId")?.to_string();
    let key = r.idempotency_key.as_deref().map(str::trim).filter(|k| !k.is_empty()).map(str::to_string);
    let input = ReverseTransactionInput { transaction_id: id, api_request_key: key };
    Ok(graphql(ctx, auth, REVERSE_DOCUMENT, InputVariables { input }))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Reversal {
    #[serde(rename = "__typename")]
    typename: Option<String>,
    id: Option<String>,
    status: Option<String>,
}

/// A voided Transaction is `voided`; a Refund (the transaction had settled) is `void_initiated`
/// until it settles (`voided` once SETTLED), its id in `state.refundId`. Refused: `void_failed`
/// with Braintree's error (the payment is as it was); a 5xx: `unresolved`.
pub fn parse_reverse(r: &ReverseRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let http = response.status;
    let lenient = http >= 500 || matches!(http, 401 | 403 | 429);
    let env: Option<Envelope> = if lenient { response.json().ok() } else { Some(response.json()?) };
    let reversal = env
        .as_ref()
        .and_then(|e| e.data.as_ref())
        .and_then(|d| d.get("reverseTransaction"))
        .and_then(|p| p.get("reversal"))
        .filter(|v| v.is_object())
        .cloned();
    let mut result = match reversal {
        Some(v) if response.is_success() => {
            let rev: Reversal = serde_json::from_value(v).map_err(|_| SidecarError::undeserializable(http, &response.body, "a reversal that is neither a Transaction nor a Refund"))?;
            let status = match (rev.typename.as_deref(), rev.status.as_deref()) {
                (Some("Transaction"), Some("VOIDED")) => PaymentStatus::Voided,
                (Some("Refund"), Some("SETTLED")) => PaymentStatus::Voided,
                (Some("Refund"), Some("SUBMITTED_FOR_SETTLEMENT" | "SETTLING" | "SETTLEMENT_PENDING")) => PaymentStatus::VoidInitiated,
                _ => PaymentStatus::Unresolved,
            };
            let mut result = PaymentResult::new(status, http);
            result.connector_status = rev.status.clone();
            if rev.typename.as_deref() == Some("Refund") {
                if let Some(id) = rev.id.filter(|i| !i.trim().is_empty()) {
                    result.state = Some(ConnectorState::from([("refundId".to_string(), id)]));
                }
            }
            result
        }
        _ => {
            let errors = env.map(|e| e.errors).unwrap_or_default();
            if errors.is_empty() && response.is_success() {
                return Err(SidecarError::undeserializable(http, &response.body, "neither a reversal nor `errors`"));
            }
            let unknown = http >= 500 || errors.iter().any(|e| e.extensions.as_ref().and_then(|x| x.error_class.as_deref()) == Some("INTERNAL"));
            let mut result = PaymentResult::new(if unknown { PaymentStatus::Unresolved } else { PaymentStatus::VoidFailed }, http);
            result.error = Some(error_from_errors(http, &errors, "reverse the transaction"));
            result
        }
    };
    result.connector_transaction_id = Some(r.connector_transaction_id.trim().to_string());
    Ok(result)
}

//! Braintree: the GraphQL API (`POST /graphql`, JSON `{query, variables}`), HTTP basic auth with
//! the API key pair, `Braintree-Version` pinned.
//! https://developer.paypal.com/braintree/graphql/
//!
//! - Cards reach Braintree through its client SDKs (Drop-in, Hosted Fields, iOS/Android), which
//!   tokenize them in the shopper's browser or app, run 3-D Secure there, and hand the merchant a
//!   single-use payment method nonce. `authorize` takes that nonce as the `token` payment method;
//!   `card` is refused with PaymentMethodNotSupported (a server-side `tokenizeCreditCard` would
//!   put raw card numbers through the merchant's servers, which Braintree's integration avoids).
//! - `authorize` manual → `authorizePaymentMethod` (the transaction stays AUTHORIZED);
//!   automatic → `chargePaymentMethod` (authorized and SUBMITTED_FOR_SETTLEMENT in one call).
//!   `psync` → `node(id)` on a Transaction.
//! - `capture` → `captureTransaction` with `transaction.amount`: less than authorized is a partial
//!   capture (the transaction's `amount` becomes the amount captured; the rest of the hold is
//!   released — one capture per authorization).
//! - `void` → `voidTransaction`, never `reverseTransaction`: a reversal of a settled transaction
//!   silently becomes a full refund, which a caller asking for a void did not ask for. Voiding a
//!   settled transaction is refused by Braintree (validation error) and reported `void_failed`.
//! - `refund` → `refundTransaction` with `refund.amount` (partial refunds, several per
//!   transaction); `rsync` → `node(id)` on a Refund. A transaction is refundable once settled (the
//!   sandbox settles on its own schedule); before that, void it.
//! - `createCustomer` → `createCustomer` with name, email and phone. Braintree assigns the id, so
//!   the merchant's `customer.id` is not sent; CreateCustomerInput has no `apiRequestKey`, so a
//!   retried createCustomer may make a second customer (one with nothing vaulted under it).
//! - `setupMandate` → `vaultPaymentMethod`: the nonce becomes a multi-use payment method
//!   (`mandateReference`), verified first by Braintree's default for cards; optionally under the
//!   Braintree customer in `customer.connectorCustomerId` (createCustomer's result).
//!   `repeatPayment` charges (or authorizes) the vaulted payment method. No amount is sent when vaulting: the verification amount is
//!   Braintree's choice, so setupMandate takes `amount.minorAmount: 0` only.
//! - Amounts: Braintree's `Amount` is a decimal string in major units with the currency's own
//!   decimals; written from integer minor units with ISO 4217 exponents (kit::money::decimal_string)
//!   and read back exactly. Braintree takes no currency code: the merchant account
//!   (`auth.merchantAccountId`, else the gateway's default) fixes the currency, so the request's
//!   currency must be that account's. Results report the currency Braintree answers with.
//! - Idempotency: Braintree's `apiRequestKey` (an input field; a repeat with the same key returns
//!   the first call's transaction or refund, for 30 days) is documented on ChargePaymentMethodInput,
//!   CaptureTransactionInput and RefundTransactionInput, and the caller's `idempotencyKey` goes there
//!   (for refunds `merchantRefundId` when no key is given: it names one refund). It is not sent on
//!   authorizePaymentMethod, voidTransaction or vaultPaymentMethod, whose documented inputs we could
//!   not confirm carry it: GraphQL refuses a whole document with an unknown input field. There
//!   is no idempotency header.
//! - `Braintree-Version` is a date: Braintree applies a breaking schema change only to clients that
//!   send a date after it, so pinning the date our documents were written against keeps their
//!   meaning fixed (an unpinned client would get whatever the current default is).
//! - Webhooks (`webhooks.rs`): the form-encoded `bt_signature` / `bt_payload` Braintree posts,
//!   verified with the API private key as the parseWebhook `secret` (HMAC-SHA1 keyed with SHA-1
//!   of the key), the XML notification read into events with GraphQL global ids.

mod mapping;
mod requests;
mod responses;
mod webhooks;

use super::{decode_auth, required, AuthField, Connector, ConnectorInfo, Context, Environments, UnsupportedFlow};
use crate::kit::crypto::basic_auth;
use crate::kit::idempotency::main_key;
use crate::protocol::{
    Flow, FlowRequest, FlowResult, HttpMethod, HttpRequest, HttpResponse, IncomingWebhook, Secret, SidecarError, WebhookResult,
};
use requests::{
    CaptureTransactionInput, CreateCustomerInput, GraphQlRequest, IdVariables, InputVariables, PaymentMethodTransactionInput, PaymentMutation,
    RefundTransactionInput, VaultPaymentMethodInput, VoidTransactionInput,
};
use responses::{PaymentCall, RefundCall};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The schema version our documents are written for (see the module notes).
pub const BRAINTREE_VERSION: &str = "2019-01-01";

pub struct Braintree;

static INFO: ConnectorInfo = ConnectorInfo {
    name: "braintree",
    display_name: "Braintree",
    flows: &[
        Flow::Authorize,
        Flow::Psync,
        Flow::Capture,
        Flow::Void,
        Flow::Refund,
        Flow::Rsync,
        Flow::CreateCustomer,
        Flow::SetupMandate,
        Flow::RepeatPayment,
    ],
    unsupported_flows: &[
        UnsupportedFlow {
            flow: Flow::CompleteAuthorize,
            reason: "Braintree runs 3-D Secure in its client SDK before it returns the payment method nonce; there is \
                     no redirect to complete on the server",
        },
        UnsupportedFlow {
            flow: Flow::CreateAccessToken,
            reason: "Braintree's server API takes the API key pair (auth.publicKey / auth.privateKey) as HTTP basic \
                     auth on every call; there is no token to fetch first",
        },
    ],
    webhooks: true,
    payment_methods: &["token"],
    auth_fields: &[
        AuthField {
            name: "publicKey",
            required: true,
            description: "API public key (Control Panel → Settings → API); the user name of HTTP basic auth",
        },
        AuthField {
            name: "privateKey",
            required: true,
            description: "API private key paired with the public key; the password of HTTP basic auth",
        },
        AuthField {
            name: "merchantAccountId",
            required: false,
            description: "merchant account that processes the payments and fixes their currency; default the gateway's default merchant account",
        },
    ],
    environments: Environments {
        sandbox: "https://payments.sandbox.braintree-api.com",
        production: "https://payments.braintree-api.com",
    },
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct BraintreeAuth {
    public_key: Secret,
    private_key: Secret,
    merchant_account_id: Option<String>,
}

impl BraintreeAuth {
    fn parse(auth: Value) -> Result<Self, SidecarError> {
        let a: BraintreeAuth = decode_auth(auth)?;
        required(a.public_key.expose(), "auth.publicKey")?;
        required(a.private_key.expose(), "auth.privateKey")?;
        Ok(a)
    }

    fn merchant_account_id(&self) -> Option<String> {
        self.merchant_account_id.as_deref().map(str::trim).filter(|m| !m.is_empty()).map(str::to_string)
    }
}

/// The caller's key, trimmed; None when absent or blank.
fn caller_key(key: Option<&str>) -> Option<String> {
    main_key(key.map(str::trim).filter(|k| !k.is_empty()))
}

fn require_id(id: &str, field: &str) -> Result<String, SidecarError> {
    required(id, field).map(str::to_string)
}

/// `POST <base>/graphql` with the document and its variables. `sensitive` marks bodies that carry
/// a payment method nonce.
fn graphql<V: Serialize>(ctx: &Context, auth: &BraintreeAuth, query: String, variables: V, sensitive: bool) -> HttpRequest {
    HttpRequest::new(HttpMethod::POST, format!("{}/graphql", ctx.base_url()))
        .secret_header("Authorization", basic_auth(auth.public_key.expose(), auth.private_key.expose()))
        .header("Braintree-Version", BRAINTREE_VERSION)
        .json_body(&GraphQlRequest { query, variables }, sensitive)
}

impl Connector for Braintree {
    fn info(&self) -> &'static ConnectorInfo {
        &INFO
    }

    fn build_request(&self, request: &FlowRequest, auth: Value, ctx: &Context) -> Result<HttpRequest, SidecarError> {
        let auth = BraintreeAuth::parse(auth)?;
        match request {
            FlowRequest::Authorize(r) => {
                let mutation = PaymentMutation::for_capture_method(r.capture_method);
                let key = match mutation {
                    PaymentMutation::Charge => caller_key(r.idempotency_key.as_deref()),
                    PaymentMutation::Authorize => None,
                };
                let input = PaymentMethodTransactionInput::authorize(r, auth.merchant_account_id(), key)?;
                Ok(graphql(ctx, &auth, mutation.document(), InputVariables { input }, true))
            }
            FlowRequest::RepeatPayment(r) => {
                let mutation = PaymentMutation::for_capture_method(r.capture_method);
                let key = match mutation {
                    PaymentMutation::Charge => caller_key(r.idempotency_key.as_deref()),
                    PaymentMutation::Authorize => None,
                };
                let input = PaymentMethodTransactionInput::repeat(r, auth.merchant_account_id(), key)?;
                Ok(graphql(ctx, &auth, mutation.document(), InputVariables { input }, false))
            }
            FlowRequest::Psync(r) => {
                let id = require_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
                Ok(graphql(ctx, &auth, requests::transaction_query(), IdVariables { id }, false))
            }
            FlowRequest::Capture(r) => {
                require_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
                let input = CaptureTransactionInput::from_unified(r, caller_key(r.idempotency_key.as_deref()))?;
                Ok(graphql(ctx, &auth, requests::capture_document(), InputVariables { input }, false))
            }
            FlowRequest::Void(r) => {
                let transaction_id = require_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
                Ok(graphql(ctx, &auth, requests::void_document(), InputVariables { input: VoidTransactionInput { transaction_id } }, false))
            }
            FlowRequest::Refund(r) => {
                require_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
                // One refund is one merchantRefundId ("unique per refund"): an honest key when the
                // caller gives none, so a retried refund is not a second refund.
                let key = caller_key(r.idempotency_key.as_deref()).or_else(|| caller_key(Some(&r.merchant_refund_id)));
                let input = RefundTransactionInput::from_unified(r, key)?;
                Ok(graphql(ctx, &auth, requests::refund_document(), InputVariables { input }, false))
            }
            FlowRequest::Rsync(r) => {
                let id = require_id(&r.connector_refund_id, "request.connectorRefundId")?;
                Ok(graphql(ctx, &auth, requests::refund_query(), IdVariables { id }, false))
            }
            FlowRequest::CreateCustomer(r) => {
                let input = CreateCustomerInput::from_unified(r)?;
                Ok(graphql(ctx, &auth, requests::CREATE_CUSTOMER_DOCUMENT.to_string(), InputVariables { input }, false))
            }
            FlowRequest::SetupMandate(r) => {
                let input = VaultPaymentMethodInput::from_unified(r, auth.merchant_account_id())?;
                Ok(graphql(ctx, &auth, requests::VAULT_DOCUMENT.to_string(), InputVariables { input }, true))
            }
            other => Err(ctx.flow_not_supported(other.flow())),
        }
    }

    fn parse_response(
        &self,
        request: &FlowRequest,
        _auth: Value,
        response: &HttpResponse,
        ctx: &Context,
    ) -> Result<FlowResult, SidecarError> {
        let payment = |call, path: &[&str], id: Option<&str>| responses::parse_payment(response, call, path, id).map(FlowResult::Payment);
        match request {
            FlowRequest::Authorize(r) => {
                let m = PaymentMutation::for_capture_method(r.capture_method);
                payment(PaymentCall::Create, &[m.data_field(), "transaction"], None)
            }
            FlowRequest::RepeatPayment(r) => {
                let m = PaymentMutation::for_capture_method(r.capture_method);
                payment(PaymentCall::Create, &[m.data_field(), "transaction"], None)
            }
            FlowRequest::Psync(r) => payment(PaymentCall::Get, &["node"], Some(r.connector_transaction_id.trim())),
            FlowRequest::Capture(r) => {
                payment(PaymentCall::Capture, &["captureTransaction", "transaction"], Some(r.connector_transaction_id.trim()))
            }
            FlowRequest::Void(r) => payment(PaymentCall::Void, &["voidTransaction", "transaction"], Some(r.connector_transaction_id.trim())),
            FlowRequest::Refund(_) => {
                responses::parse_refund(response, RefundCall::Create, &["refundTransaction", "refund"], None).map(FlowResult::Refund)
            }
            FlowRequest::Rsync(r) => {
                responses::parse_refund(response, RefundCall::Get, &["node"], Some(r.connector_refund_id.trim())).map(FlowResult::Refund)
            }
            FlowRequest::CreateCustomer(_) => responses::parse_customer(response).map(FlowResult::Customer),
            FlowRequest::SetupMandate(_) => responses::parse_vault(response).map(FlowResult::Payment),
            other => Err(ctx.flow_not_supported(other.flow())),
        }
    }

    fn parse_webhook(&self, webhook: &IncomingWebhook, _ctx: &Context) -> Result<WebhookResult, SidecarError> {
        webhooks::parse(webhook)
    }
}

#[cfg(test)]
mod tests;

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
//! - 3-D Secure and series: `threeDs.external` → `threeDSecurePassThrough`, `recurringType` on
//!   repeatPayment → `paymentInitiator` (payment_methods.rs; both additive schema fields, taken
//!   under the pinned version).
//! - `Braintree-Version` is a date: Braintree applies a breaking schema change only to clients that
//!   send a date after it, so pinning the date our documents were written against keeps their
//!   meaning fixed (an unpinned client would get whatever the current default is).
//! - Webhooks (`webhooks.rs`): the form-encoded `bt_signature` / `bt_payload` Braintree posts,
//!   verified with the API private key as the parseWebhook `secret` (HMAC-SHA1 keyed with SHA-1
//!   of the key), the XML notification read into events with GraphQL global ids.

mod disputes;
mod flows;
mod mapping;
mod payment_methods;
mod requests;
mod responses;
mod sessions;
mod webhooks;

#[cfg(test)]
mod tests;

use super::{decode_auth, required, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, Webhooks};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

/// The schema version our documents are written for (see the module notes).
pub const BRAINTREE_VERSION: &str = "2019-01-01";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "braintree",
        display_name: "Braintree",
        payment_methods: &payment_methods::PAYMENT_METHODS,
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
        sensitive_fields: &["paymentMethodId", "bt_signature"],
        environments: Environments {
            sandbox: "https://payments.sandbox.braintree-api.com",
            production: "https://payments.braintree-api.com",
        },
    },
    auth: BraintreeAuth::decode,
    flows: FlowTable {
        authorize: Supported { build: flows::build_authorize, parse: flows::parse_authorize },
        psync: Supported { build: flows::build_psync, parse: flows::parse_psync },
        capture: Supported { build: flows::build_capture, parse: flows::parse_capture },
        void: Supported { build: flows::build_void, parse: flows::parse_void },
        refund: Supported { build: flows::build_refund, parse: flows::parse_refund },
        rsync: Supported { build: flows::build_rsync, parse: flows::parse_rsync },
        setup_mandate: Supported { build: flows::build_setup_mandate, parse: flows::parse_setup_mandate },
        repeat_payment: Supported { build: flows::build_repeat_payment, parse: flows::parse_repeat_payment },
        create_access_token: Unsupported(
            "Braintree's server API takes the API key pair (auth.publicKey / auth.privateKey) as HTTP basic \
             auth on every call; there is no token to fetch first",
        ),
        create_customer: Supported { build: flows::build_create_customer, parse: flows::parse_create_customer },
        complete_authorize: Unsupported(
            "Braintree runs 3-D Secure in its client SDK before it returns the payment method nonce; there is \
             no redirect to complete on the server",
        ),
        verify_webhook: NotApplicable,
        create_session: Supported { build: disputes::build_create_session, parse: disputes::parse_create_session },
        incremental_authorization: Unsupported(
            "Braintree's GraphQL API, which this connector speaks, has no mutation that raises an authorized amount (its \
             XML gateway's adjustAuthorization is for a few processors and MCCs only): authorize the new total and void the first",
        ),
        revoke_mandate: Supported { build: sessions::build_revoke_mandate, parse: sessions::parse_revoke_mandate },
        reverse: Supported { build: sessions::build_reverse, parse: sessions::parse_reverse },
        accept_dispute: Supported { build: disputes::build_accept_dispute, parse: disputes::parse_accept_dispute },
        upload_dispute_file: Supported { build: disputes::build_upload_dispute_file, parse: disputes::parse_upload_dispute_file },
        submit_dispute_evidence: Supported { build: disputes::build_submit_dispute_evidence, parse: disputes::parse_submit_dispute_evidence },
        defend_dispute: Supported { build: disputes::build_defend_dispute, parse: disputes::parse_defend_dispute },
        dsync: Supported { build: disputes::build_dsync, parse: disputes::parse_dsync },
    },
    webhooks: Webhooks::Signed(|webhook, _| webhooks::parse(webhook)),
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BraintreeAuth {
    public_key: Secret,
    private_key: Secret,
    merchant_account_id: Option<String>,
}

impl BraintreeAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: BraintreeAuth = decode_auth(auth)?;
        required(a.public_key.expose(), "auth.publicKey")?;
        required(a.private_key.expose(), "auth.privateKey")?;
        Ok(a)
    }

    pub(crate) fn merchant_account_id(&self) -> Option<String> {
        self.merchant_account_id.as_deref().map(str::trim).filter(|m| !m.is_empty()).map(str::to_string)
    }
}


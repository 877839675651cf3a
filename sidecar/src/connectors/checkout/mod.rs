//! Checkout.com: the Unified Payments API of its current platform (NAS, "four"), JSON bodies,
//! `Authorization: Bearer sk_...`. https://api-reference.checkout.com/#tag/Payments
//!
//! - Credentials: a NAS secret API key (`sk_sbox_...` in the sandbox, `sk_...` live), sent as
//!   `Bearer`. Keys of Checkout.com's previous platform (ABC: `sk_test_<uuid>`, sent without
//!   `Bearer`) are refused with a clear error; OAuth access credentials are not supported.
//!   Checkout.com now asks for the merchant's own API host, `https://{prefix}.api[.sandbox].checkout.com`:
//!   `auth.subdomain` gives the prefix; without it the shared hosts are used.
//! - `authorize` → `POST /payments` with the card (`source.type: card`), a Frames token
//!   (`token`), a network token or a decrypted Apple Pay / Google Pay token (`network_token`),
//!   or an alternative payment method's source (payment_methods.rs); `capture: false` for manual
//!   capture. `threeDs` decides 3-D Secure (`3ds`: challenge, skip, or an authentication done
//!   elsewhere; auto leaves it to Checkout.com), `returnUrl` is `success_url`/`failure_url`.
//!   A 3DS challenge or a redirect method answers 202 `Pending` with `_links.redirect`, read
//!   into `redirection`; the shopper comes back to `returnUrl?cko-session-id=sid_...`; then
//!   `psync`. PayPal is such a redirect (`source.type: paypal`, captured once the shopper approves
//!   at PayPal: automatic capture only, not saved). Checkout.com captures an automatic-capture payment asynchronously, so its
//!   `Authorized` reads `capture_initiated` (and `state.captureMethod` carries the mode to psync).
//!   `statementDescriptor` is `billing_descriptor.name`, with `auth.billingDescriptorCity`.
//! - `psync` → `GET /payments/{id}`; `capture` / `void` / `refund` → `POST /payments/{id}/captures`,
//!   `/voids`, `/refunds`: 202 Accepted with an `action_id`, processed asynchronously
//!   (`capture_initiated`, `void_initiated`, refund `pending` until the webhook or a sync).
//!   The refund's `action_id` is its `connectorRefundId`; `rsync` finds that action in
//!   `GET /payments/{id}/actions`.
//! - `setupMandate` → the first payment of a series (`payment_type` from `recurringType`:
//!   Recurring, Installment or Unscheduled; `merchant_initiated: false`), a card verification when the amount is 0; the saved source
//!   (`src_...`) is the `mandateReference` and the scheme transaction id the
//!   `networkTransactionId`. `repeatPayment` pays with `source: {type: id}`,
//!   the series' `payment_type`, `merchant_initiated: true` and `previous_payment_id`.
//! - createSession, reverse, incrementalAuthorization, revokeMandate: sessions.rs; disputes
//!   (accept, upload a file, provide evidence, submit it = defendDispute, dsync): disputes.rs.
//! - Webhooks: `Cko-Signature` is the hex HMAC-SHA256 of the raw body with the webhook's secret.
//! - Every POST carries the caller's `idempotencyKey` as `Cko-Idempotency-Key`.

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

use super::{decode_auth, AuthField, Connector, ConnectorInfo, Context, Declaration, Environments, FlowTable, Webhooks};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{Environment, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

pub const IDEMPOTENCY_HEADER: &str = "Cko-Idempotency-Key";

const SANDBOX: &str = "https://api.sandbox.checkout.com";
const PRODUCTION: &str = "https://api.checkout.com";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "checkout",
        display_name: "Checkout.com",
        payment_methods: &payment_methods::PAYMENT_METHODS,
        auth_fields: &[
            AuthField {
                name: "apiKey",
                required: true,
                description: "secret API key of the current platform (NAS): sk_sbox_... (sandbox) or sk_... (live), sent as Bearer",
            },
            AuthField {
                name: "subdomain",
                required: false,
                description: "your account's API prefix (first 8 characters of your client ID, without cli_; Dashboard > Developers > Overview): requests then go to https://{prefix}.api[.sandbox].checkout.com",
            },
            AuthField {
                name: "processingChannelId",
                required: false,
                description: "processing channel (pc_...) for payments, required when your account has more than one",
            },
            AuthField {
                name: "billingDescriptorCity",
                required: false,
                description: "the city of your dynamic billing descriptor (up to 13 letters, digits and spaces), required with statementDescriptor: Checkout.com's billing_descriptor takes a name and a city",
            },
        ],
        sensitive_fields: &["cvv", "account_number", "Cko-Signature", "payment_session_secret", "payment_session_token"],
        environments: Environments { sandbox: SANDBOX, production: PRODUCTION },
    },
    auth: CheckoutAuth::decode,
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
            "the secret API key authenticates every call; Checkout.com's OAuth access credentials are not supported",
        ),
        create_customer: Unsupported(
            "no customer object is needed to save a card: setupMandate returns the saved source (src_...) itself",
        ),
        complete_authorize: Unsupported(
            "3-D Secure finishes on Checkout.com's side; read the outcome with psync once the shopper is back on returnUrl",
        ),
        verify_webhook: NotApplicable,
        create_session: Supported { build: sessions::build_create_session, parse: sessions::parse_create_session },
        incremental_authorization: Supported { build: sessions::build_incremental_authorization, parse: sessions::parse_incremental_authorization },
        revoke_mandate: Supported { build: sessions::build_revoke_mandate, parse: sessions::parse_revoke_mandate },
        reverse: Supported { build: sessions::build_reverse, parse: sessions::parse_reverse },
        accept_dispute: Supported { build: disputes::build_accept_dispute, parse: disputes::parse_accept_dispute },
        upload_dispute_file: Supported { build: disputes::build_upload_dispute_file, parse: disputes::parse_upload_dispute_file },
        submit_dispute_evidence: Supported {
            build: disputes::build_submit_dispute_evidence,
            parse: disputes::parse_submit_dispute_evidence,
        },
        defend_dispute: Supported { build: disputes::build_defend_dispute, parse: disputes::parse_defend_dispute },
        dsync: Supported { build: disputes::build_dsync, parse: disputes::parse_dsync },
    },
    webhooks: Webhooks::Signed(|webhook, _| webhooks::parse(webhook)),
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckoutAuth {
    api_key: Secret,
    subdomain: Option<Secret>,
    processing_channel_id: Option<Secret>,
    billing_descriptor_city: Option<String>,
}

/// A key of Checkout.com's previous platform (ABC): `sk_` or `sk_test_` and a UUID.
fn is_previous_platform_key(key: &str) -> bool {
    let rest = key.strip_prefix("sk_test_").or_else(|| key.strip_prefix("sk_")).unwrap_or("");
    let groups: Vec<&str> = rest.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_alphanumeric()))
}

impl CheckoutAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: CheckoutAuth = decode_auth(auth)?;
        let key = a.secret_key();
        if key.is_empty() {
            return Err(SidecarError::missing_field("auth.apiKey", "it must not be empty"));
        }
        // Values are never echoed: only their kind is named.
        if key.starts_with("pk_") {
            return Err(SidecarError::invalid_field(
                "auth.apiKey",
                "this is a public key (pk_...); server calls take the secret key (sk_...)".into(),
            ));
        }
        if is_previous_platform_key(key) {
            return Err(SidecarError::invalid_field(
                "auth.apiKey",
                "this is a key of Checkout.com's previous platform (ABC); this connector speaks the current platform (NAS), whose secret keys look like sk_sbox_... / sk_...".into(),
            ));
        }
        Ok(a)
    }

    /// The secret key without a `Bearer ` the caller may have put in front of it.
    pub(crate) fn secret_key(&self) -> &str {
        let key = self.api_key.expose().trim();
        key.strip_prefix("Bearer ").or_else(|| key.strip_prefix("bearer ")).unwrap_or(key).trim()
    }

    pub(crate) fn processing_channel_id(&self) -> Option<&str> {
        self.processing_channel_id.as_ref().map(|p| p.expose().trim()).filter(|p| !p.is_empty())
    }

    pub(crate) fn account(&self) -> requests::AccountSettings<'_> {
        requests::AccountSettings {
            processing_channel_id: self.processing_channel_id(),
            descriptor_city: self.billing_descriptor_city.as_deref(),
        }
    }

    /// `options.baseUrl`, else the environment's host, with the account's prefix when given.
    pub(crate) fn base_url(&self, ctx: &Context) -> Result<String, SidecarError> {
        let base = ctx.base_url();
        if ctx.options.base_url.is_some() {
            return Ok(base.to_string());
        }
        let Some(prefix) = self.subdomain.as_ref().map(|s| s.expose().trim()).filter(|s| !s.is_empty()) else {
            return Ok(base.to_string());
        };
        // It becomes part of a host name: the shape Checkout.com's SDK accepts, `(pl-)?[a-z0-9]+`.
        let body = prefix.strip_prefix("pl-").unwrap_or(prefix);
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
            return Err(SidecarError::invalid_field(
                "auth.subdomain",
                "the prefix is lowercase letters and digits (optionally after pl-), e.g. the first 8 characters of your client ID".into(),
            ));
        }
        Ok(match ctx.options.environment {
            Environment::Sandbox => format!("https://{prefix}.api.sandbox.checkout.com"),
            Environment::Production => format!("https://{prefix}.api.checkout.com"),
        })
    }
}


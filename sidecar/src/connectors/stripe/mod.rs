//! Stripe: PaymentIntents (authorize, psync, capture, void, repeatPayment), Refunds (refund,
//! rsync), Customers and SetupIntents (saved cards), webhooks. Form-encoded with bracketed keys,
//! `Authorization: Bearer`, `Idempotency-Key` on every POST the caller gave a key for.
//! https://docs.stripe.com/api
//!
//! Payment methods (payment_methods.rs): raw cards, Stripe.js tokens (`pm_...` as `payment_method`,
//! `tok_...` as a card token), and Stripe's PaymentMethod types for bank redirects, debits (with
//! `mandate_data`), buy-now-pay-later, vouchers and redirect wallets; `next_action` comes back as
//! the result's `redirection` or `nextAction`. `recurringType` has no Stripe field: Stripe labels a
//! merchant-initiated payment by `off_session` on repeatPayment and keeps the card's series itself.

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
use crate::protocol::{Secret, SidecarError};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use serde::Deserialize;
use serde_json::Value;

/// The API version our requests are written for (and validated against, in the spec tests).
pub const STRIPE_API_VERSION: &str = "2023-08-16";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "stripe",
        display_name: "Stripe",
        payment_methods: &payment_methods::PAYMENT_METHODS,
        auth_fields: &[AuthField { name: "apiKey", required: true, description: "secret key (sk_test_... / sk_live_...)" }],
        sensitive_fields: &["cvc", "client_secret", "Stripe-Signature"],
        environments: Environments { sandbox: "https://api.stripe.com", production: "https://api.stripe.com" },
    },
    auth: StripeAuth::decode,
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
            "Stripe authenticates every call with the secret API key itself; there is no access token to fetch",
        ),
        create_customer: Supported { build: flows::build_create_customer, parse: flows::parse_create_customer },
        complete_authorize: Unsupported(
            "Stripe completes 3-D Secure on its own after the shopper's redirect; read the outcome with psync",
        ),
        verify_webhook: NotApplicable,
        create_session: Supported { build: sessions::build_create_session, parse: sessions::parse_create_session },
        incremental_authorization: Supported { build: sessions::build_incremental_authorization, parse: sessions::parse_incremental_authorization },
        revoke_mandate: Supported { build: sessions::build_revoke_mandate, parse: sessions::parse_revoke_mandate },
        reverse: Unsupported("Stripe has no one call for both: cancel an uncaptured PaymentIntent (void), refund a captured one (refund)"),
        accept_dispute: Supported { build: disputes::build_accept_dispute, parse: disputes::parse_accept_dispute },
        upload_dispute_file: Supported { build: disputes::build_upload_dispute_file, parse: disputes::parse_upload_dispute_file },
        submit_dispute_evidence: Supported { build: disputes::build_submit_dispute_evidence, parse: disputes::parse_submit_dispute_evidence },
        defend_dispute: Supported { build: disputes::build_defend_dispute, parse: disputes::parse_defend_dispute },
        dsync: Supported { build: disputes::build_dsync, parse: disputes::parse_dsync },
    },
    webhooks: Webhooks::Signed(|webhook, ctx| webhooks::parse_webhook(webhook, ctx.options)),
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StripeAuth {
    api_key: Secret,
}

impl StripeAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: StripeAuth = decode_auth(auth)?;
        required(a.api_key.expose(), "auth.apiKey")?;
        Ok(a)
    }
}

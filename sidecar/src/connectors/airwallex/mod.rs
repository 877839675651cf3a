//! Airwallex: the Payment Acceptance API (`/api/v1/pa/`), JSON bodies, Bearer auth.
//! https://www.airwallex.com/docs/api/payments/payment_intents,
//! https://www.airwallex.com/docs/api/payments/refunds, https://www.airwallex.com/docs/api/authentication.
//! Request and response field names are checked against the official Node SDK's models
//! (`@airwallex/node-sdk` 2.1.0-beta.5, MIT; its request bodies are compared in
//! test/oracles/airwallex-sdk.test.ts).
//!
//! - Auth is two-step, as Airwallex documents it: `createAccessToken` → `POST
//!   /api/v1/authentication/login` with the headers `x-client-id` and `x-api-key`; the answer's
//!   `token` (valid about 30 minutes, `expires_at`) goes to `state.accessToken`, and every other flow
//!   sends `Authorization: Bearer <token>` from `request.state.accessToken` (PaymentsClient fetches
//!   and keeps it). The sidecar keeps nothing between calls.
//! - Money: `amount` is a decimal number in major units ("$9.99 is 9.99"; JPY, KRW, VND whole),
//!   i.e. the ISO 4217 exponent. It is written from the integer minor units as exact decimal text
//!   (no float touches it) and refused when it has more than 15 significant digits, beyond which a
//!   JSON number no longer survives a double exactly. Answers are read back the same way, exactly
//!   or not at all.
//! - A payment is two calls at Airwallex: create the PaymentIntent (`POST
//!   /payment_intents/create`: amount, currency, merchant_order_id), then confirm it with the payment
//!   method (`POST /payment_intents/{id}/confirm`). So `authorize` without
//!   `request.state.paymentIntentId` creates the intent and answers `started` with
//!   `state.paymentIntentId` and `state.continueWith = authorize`; the same authorize request sent
//!   again with that state confirms it (PaymentsClient does this second call by itself). A caller
//!   that made the intent with `createSession` (for Airwallex.js, with its `client_secret`) passes
//!   that result's state to confirm it server-side.
//! - Idempotency: Airwallex's `request_id` in the body of every POST. It is required, so each call
//!   gets one: the caller's `idempotencyKey` (create: `<key>:create`, confirm: the key) or, without
//!   one, a key derived from what makes the operation unique (merchantTransactionId, merchantRefundId,
//!   the intent id and the amount), so that a resent request is one Airwallex recognises
//!   (`duplicate_request`) instead of a second payment.
//! - Capture takes an `amount` (partial capture; Airwallex captures once). Cancel (void) takes a
//!   `cancellation_reason`. Refunds (`POST /refunds/create`, several and partial) name the
//!   `payment_intent_id`; rsync is `GET /refunds/{id}`.
//! - incrementalAuthorization: `POST /payment_intents/{id}/increment_authorization` with the new
//!   total `amount` (Airwallex's "Increment Authorization for a PaymentIntent", in its API reference
//!   for 2024-04-30 and later; the Node SDK has no method for it, so its body is checked against
//!   Airwallex's API spec, vendored in oracles/airwallex/).
//! - Every call sends `x-api-version: 2025-06-30` (API_VERSION below), as the SDK does.
//! - 3-D Secure: `threeDs.mode` challenge/skip → the create call's
//!   `payment_method_options.card.three_ds_action` FORCE_3DS/SKIP_3DS; a result from elsewhere →
//!   the confirm's `payment_method.card.external_three_ds`.
//! - Saved methods (mandates.rs): createCustomer (Customer), setupMandate (a merchant-triggered
//!   PaymentConsent created, then verified with the card: two calls, `continueWith: setupMandate`),
//!   repeatPayment (the Customer's PaymentIntent confirmed with `payment_consent_id`: two calls,
//!   `continueWith: repeatPayment`), revokeMandate (the consent disabled).
//! - Disputes (disputes.rs): dsync, accept, challenge with evidence (submitDisputeEvidence), evidence
//!   files uploaded to Airwallex's file host; `payment_dispute.*` webhooks read.
//! - Webhooks are signed (`x-timestamp` in milliseconds, `x-signature` the HMAC-SHA256 hex of
//!   timestamp + raw body with the endpoint's secret): webhooks.rs.

mod disputes;
mod flows;
mod mandates;
mod mapping;
mod payment_methods;
mod requests;
mod responses;
mod webhooks;

#[cfg(test)]
mod tests;

use super::{
    decode_auth, required, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, Webhooks,
};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

/// The API version every call names (`x-api-version`), so that the shapes read here are the ones
/// Airwallex answers whatever the account's default version: the version the official Node SDK
/// 2.1.0-beta.5 pins (its `API_VERSION`), whose models the field names follow.
pub const API_VERSION: &str = "2025-06-30";

/// `state` key of the bearer token (createAccessToken's result).
pub const STATE_ACCESS_TOKEN: &str = "accessToken";
/// `state` key of the PaymentIntent an authorize confirms (`int_...`).
pub const STATE_INTENT: &str = "paymentIntentId";
/// `state` key saying the payment continues with another call of the same flow (PaymentsClient
/// sends the request again with the result's state).
pub const STATE_CONTINUE: &str = "continueWith";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "airwallex",
        display_name: "Airwallex",
        payment_methods: &payment_methods::PAYMENT_METHODS,
        auth_fields: &[
            AuthField {
                name: "clientId",
                required: true,
                description: "Client ID from the Airwallex web app (Developer > API keys); createAccessToken sends it as x-client-id",
            },
            AuthField {
                name: "apiKey",
                required: true,
                description: "API key paired with clientId; createAccessToken sends it as x-api-key and gets the bearer token other flows read from request.state.accessToken",
            },
        ],
        sensitive_fields: &["cvc", "x-api-key", "x-client-id", "token", "client_secret", "x-signature", "authentication_value", "cryptogram", "encrypted_payment_token", "online_payment_cryptogram", "iban", "account_number"],
        environments: Environments { sandbox: "https://api-demo.airwallex.com", production: "https://api.airwallex.com" },
    },
    auth: AirwallexAuth::decode,
    flows: FlowTable {
        authorize: Supported { build: flows::build_authorize, parse: flows::parse_authorize },
        psync: Supported { build: flows::build_psync, parse: flows::parse_psync },
        capture: Supported { build: flows::build_capture, parse: flows::parse_capture },
        void: Supported { build: flows::build_void, parse: flows::parse_void },
        refund: Supported { build: flows::build_refund, parse: flows::parse_refund },
        rsync: Supported { build: flows::build_rsync, parse: flows::parse_rsync },
        setup_mandate: Supported { build: mandates::build_setup_mandate, parse: mandates::parse_setup_mandate },
        repeat_payment: Supported { build: mandates::build_repeat_payment, parse: mandates::parse_repeat_payment },
        create_access_token: Supported { build: flows::build_create_access_token, parse: flows::parse_create_access_token },
        create_customer: Supported { build: mandates::build_create_customer, parse: mandates::parse_create_customer },
        complete_authorize: Unsupported(
            "Airwallex finishes a 3-D Secure or redirect payment by itself once the shopper returns; psync reads the outcome \
             (its confirm_continue call is for its own device-data step, which the Airwallex.js front end runs)",
        ),
        verify_webhook: NotApplicable,
        create_session: Supported { build: flows::build_create_session, parse: flows::parse_create_session },
        incremental_authorization: Supported {
            build: flows::build_incremental_authorization,
            parse: flows::parse_incremental_authorization,
        },
        revoke_mandate: Supported { build: mandates::build_revoke_mandate, parse: mandates::parse_revoke_mandate },
        reverse: Unsupported(
            "Airwallex has no call that cancels a captured payment: cancel an uncaptured PaymentIntent (void), refund a captured one",
        ),
        accept_dispute: Supported { build: disputes::build_accept_dispute, parse: disputes::parse_accept_dispute },
        upload_dispute_file: Supported { build: disputes::build_upload_dispute_file, parse: disputes::parse_upload_dispute_file },
        submit_dispute_evidence: Supported {
            build: disputes::build_submit_dispute_evidence,
            parse: disputes::parse_submit_dispute_evidence,
        },
        defend_dispute: Unsupported(
            "Airwallex's challenge (POST /payment_disputes/{id}/challenge) sends the evidence and the challenge in one call, \
             with no draft to submit later: submitDisputeEvidence is the defense",
        ),
        dsync: Supported { build: disputes::build_dsync, parse: disputes::parse_dsync },
    },
    webhooks: Webhooks::Signed(|webhook, ctx| webhooks::parse(webhook, ctx.options)),
};

/// The credentials, as `listConnectors` names them in `authFields`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AirwallexAuth {
    client_id: Secret,
    api_key: Secret,
}

impl AirwallexAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: AirwallexAuth = decode_auth(auth)?;
        required(a.client_id.expose(), "auth.clientId")?;
        required(a.api_key.expose(), "auth.apiKey")?;
        Ok(a)
    }

    pub fn client_id(&self) -> &str {
        self.client_id.expose().trim()
    }

    pub fn api_key(&self) -> &str {
        self.api_key.expose().trim()
    }
}

//! PayPal: Orders v2 and Payments v2 REST APIs, JSON bodies, OAuth 2.0 client credentials.
//! https://developer.paypal.com/docs/api/orders/v2/, https://developer.paypal.com/docs/api/payments/v2/
//!
//! - Auth is two-step. `createAccessToken` → `POST /v1/oauth2/token` with
//!   `Authorization: Basic base64(clientId:clientSecret)` and `grant_type=client_credentials`; the
//!   result's `state.accessToken` is the bearer token (about 9 hours, `expiresInSeconds`). Every
//!   other flow reads `request.state.accessToken` and sends `Authorization: Bearer <token>`. The
//!   sidecar keeps nothing between calls, so the caller keeps the token and passes it on.
//! - Amounts are decimal strings (`"10.50"`) with PayPal's decimals per currency: 2, except HUF,
//!   JPY and TWD with none. Only PayPal's 24 REST currencies are taken (mapping.rs); HUF/TWD
//!   amounts with cents are refused, never rounded.
//! - `authorize` → create order `POST /v2/checkout/orders` with `intent` AUTHORIZE (manual) or
//!   CAPTURE (automatic) and a `payment_source`:
//!   - `card`: PayPal authorizes or captures at once; the order comes back COMPLETED with
//!     `purchase_units[0].payments.authorizations[0]` or `.captures[0]`.
//!   - `paypal` (wallet): the order comes back PAYER_ACTION_REQUIRED with a `payer-action` link:
//!     the result is `authentication_pending` with that redirection; after the payer approves,
//!     `completeAuthorize` → `POST /v2/checkout/orders/{id}/authorize` (manual) or `/capture`.
//!   - `card` with `threeDs`: `attributes.verification.method` SCA_ALWAYS (challenge) or
//!     SCA_WHEN_REQUIRED (auto, with a returnUrl), `experience_context` the returnUrl; a 3DS
//!     contingency comes back PAYER_ACTION_REQUIRED like the wallet, then `completeAuthorize`.
//!     `setupFutureUsage: offSession` labels the first payment `stored_credential` CUSTOMER /
//!     FIRST with the `recurringType`'s payment_type (it does not vault: setupMandate does).
//!   - `bankRedirect` (payment_methods.rs): `payment_source.ideal`, `bancontact`, `blik`, `eps`,
//!     `giropay`, `mybank`, `p24`, `sofort`, `trustly` with the account holder's name, country and
//!     `experience_context`; intent CAPTURE with `processing_instruction`
//!     ORDER_COMPLETE_ON_PAYMENT_APPROVAL: PAYER_ACTION_REQUIRED with the bank's payer-action link,
//!     and PayPal completes the order once the payer approved (psync, or the capture webhook).
//!   - `networkToken` (payment_methods.rs): `payment_source.card.network_token` {number, expiry,
//!     cryptogram, eci_flag (PayPal's word for the scheme's ECI), token_requestor_id} with the
//!     billing address, on the card path (COMPLETED with the authorization or capture); no 3-D
//!     Secure and no setupFutureUsage with it (the token stays in the merchant's vault).
//!   - `shippingAddress` → `purchase_units[0].shipping`.
//! - Ids. PayPal has three objects with their own ids: the order, the authorization and the
//!   capture. Capture and void act on the authorization; refund acts on a capture. So
//!   `connectorTransactionId` is always the id the next money call needs: the authorization id
//!   (manual), the capture id (automatic, and the result of `capture`), or the order id while the
//!   payer has still to approve. The result's `state` says which it is (`paypalObject`:
//!   `order` | `authorization` | `capture`) and carries `orderId`. `psync` needs `paypalObject`
//!   in `request.state` (with the access token) to know which object to read; capture/void refuse
//!   a capture id and refund refuses an authorization id before anything is sent.
//! - Idempotency: the caller's `idempotencyKey` → `PayPal-Request-Id` on create order, order
//!   authorize/capture, authorization capture and refund (refund falls back to
//!   `merchantRefundId`, unique per refund) and void (which the 2024 spec does not list but
//!   today's API and SDK take). A void repeated without a key is answered AUTHORIZATION_VOIDED /
//!   PREVIOUSLY_VOIDED, read as voided. Keys over PayPal's 108 characters
//!   are replaced by `sha256-` + their SHA-256 (hex), the same for every retry.
//! - `Prefer: return=representation` on every POST, so that PayPal answers with the whole
//!   resource (status, amounts, processor response) instead of the minimal `{id, status, links}`.
//! - Saved payment methods (Vault v3, https://developer.paypal.com/docs/api/payment-tokens/v3/):
//!   - `setupMandate` with a card → `POST /v3/vault/payment-tokens` with the card: saved at once,
//!     no payer action; the result's `mandateReference` is the payment token.
//!   - `setupMandate` with the PayPal wallet → `POST /v3/vault/setup-tokens` (usage_type MERCHANT):
//!     `authentication_pending` with the `approve` link; once the payer approved,
//!     `completeAuthorize` on the setup token (`state.paypalObject` `setup_token`) →
//!     `POST /v3/vault/payment-tokens` with `{token: {id, type: SETUP_TOKEN}}` gives the payment token.
//!   - The result's `connectorCustomerId` is PayPal's customer (Vault creates it with the first
//!     token; pass it back in `customer.connectorCustomerId` to save more under it), and
//!     `state.paymentSource` (`card` | `paypal`) says what the token holds.
//!   - `repeatPayment` → create order with `payment_source.card.vault_id` and `stored_credential`
//!     (MERCHANT, SUBSEQUENT, the first payment's network transaction id; payment_type from
//!     `recurringType`: scheduled and installment RECURRING, unscheduled UNSCHEDULED, or
//!     `state.paypalPaymentType` when given), or `payment_source.paypal.vault_id`; it needs
//!     `state.paymentSource` from the setupMandate result.
//! - createSession (the order the JS SDK buttons approve) and revokeMandate: sessions.rs; disputes
//!   (Customer Disputes v1: dsync, accept-claim, provide-evidence) and CUSTOMER.DISPUTE.* webhooks:
//!   disputes.rs.
//! - Webhooks are verified by PayPal (`webhookVerification: remote`, see webhooks.rs): the
//!   `verifyWebhook` flow asks PayPal, and parseWebhook reads the event given that answer.
//! - Not sent: `metadata` (PayPal has only `custom_id`, which carries `merchantTransactionId`),
//!   `browserInfo`.

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
use crate::protocol::Support::{Supported, Unsupported};
use crate::protocol::{Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

pub(crate) use flows::access_token;
/// `state` key of the OAuth access token (from createAccessToken).
pub const STATE_ACCESS_TOKEN: &str = "accessToken";
/// `state` key naming which PayPal object `connectorTransactionId` is.
pub const STATE_OBJECT: &str = "paypalObject";
/// `state` key of the order the authorization or capture belongs to.
pub const STATE_ORDER_ID: &str = "orderId";
pub const OBJECT_ORDER: &str = "order";
pub const OBJECT_AUTHORIZATION: &str = "authorization";
pub const OBJECT_CAPTURE: &str = "capture";
/// A Vault setup token awaiting the payer's approval (setupMandate with the PayPal wallet).
pub const OBJECT_SETUP_TOKEN: &str = "setup_token";
/// `state` key saying what a Vault payment token holds: `card` or `paypal`.
pub const STATE_PAYMENT_SOURCE: &str = "paymentSource";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "paypal",
        display_name: "PayPal",
        payment_methods: &payment_methods::PAYMENT_METHODS,
        auth_fields: &[
            AuthField {
                name: "clientId",
                required: true,
                description: "REST app client ID (sandbox or live) from the PayPal Developer Dashboard; createAccessToken sends it in HTTP Basic auth",
            },
            AuthField {
                name: "clientSecret",
                required: true,
                description: "REST app secret paired with clientId; createAccessToken exchanges both for the access token that other flows read from request.state.accessToken",
            },
        ],
        // `cryptogram` and `network_token` (its number): a network token payment's card data.
        sensitive_fields: &["security_code", "access_token", "PAYPAL-TRANSMISSION-SIG", "transmission_sig", "cryptogram", "network_token"],
        environments: Environments {
            sandbox: "https://api-m.sandbox.paypal.com",
            production: "https://api-m.paypal.com",
        },
    },
    auth: PayPalAuth::decode,
    flows: FlowTable {
        authorize: Supported { build: flows::build_authorize, parse: flows::parse_authorize },
        psync: Supported { build: flows::build_psync, parse: flows::parse_psync },
        capture: Supported { build: flows::build_capture, parse: flows::parse_capture },
        void: Supported { build: flows::build_void, parse: flows::parse_void },
        refund: Supported { build: flows::build_refund, parse: flows::parse_refund },
        rsync: Supported { build: flows::build_rsync, parse: flows::parse_rsync },
        setup_mandate: Supported { build: flows::build_setup_mandate, parse: flows::parse_setup_mandate },
        repeat_payment: Supported { build: flows::build_repeat_payment, parse: flows::parse_repeat_payment },
        create_access_token: Supported { build: flows::build_create_access_token, parse: flows::parse_create_access_token },
        create_customer: Unsupported(
            "PayPal's Vault has no call that creates a customer: it creates one with the first saved payment token; \
             setupMandate returns its id as connectorCustomerId, which saves further payment methods under it",
        ),
        complete_authorize: Supported { build: flows::build_complete_authorize, parse: flows::parse_complete_authorize },
        verify_webhook: Supported { build: flows::build_verify_webhook, parse: flows::parse_verify_webhook },
        create_session: Supported { build: sessions::build_create_session, parse: sessions::parse_create_session },
        incremental_authorization: Unsupported(
            "PayPal has no incremental authorization: reauthorize (POST /v2/payments/authorizations/{id}/reauthorize) only renews an \
             authorization after its 3-day honor period, as a new authorization",
        ),
        revoke_mandate: Supported { build: sessions::build_revoke_mandate, parse: sessions::parse_revoke_mandate },
        reverse: Unsupported(
            "PayPal has no call that cancels or refunds whichever applies: void the authorization (void) or refund the capture (refund)",
        ),
        accept_dispute: Supported { build: disputes::build_accept_dispute, parse: disputes::parse_accept_dispute },
        upload_dispute_file: Unsupported(
            "PayPal takes evidence files inside provide-evidence (submitDisputeEvidence, multipart): there is no separate upload",
        ),
        submit_dispute_evidence: Supported {
            build: disputes::build_submit_dispute_evidence,
            parse: disputes::parse_submit_dispute_evidence,
        },
        defend_dispute: Unsupported(
            "providing evidence is PayPal's response to a dispute (submitDisputeEvidence): no separate defense step; appeal is for a dispute already decided",
        ),
        dsync: Supported { build: disputes::build_dsync, parse: disputes::parse_dsync },
    },
    // PayPal alone can check its webhooks' signatures: verifyWebhook asks it (webhooks.rs).
    webhooks: Webhooks::VerifiedRemotely(|webhook, verification, _| webhooks::parse(webhook, verification)),
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PayPalAuth {
    client_id: Secret,
    client_secret: Secret,
}

impl PayPalAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: PayPalAuth = decode_auth(auth)?;
        required(a.client_id.expose(), "auth.clientId")?;
        required(a.client_secret.expose(), "auth.clientSecret")?;
        Ok(a)
    }
}


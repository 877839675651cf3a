//! Adyen: Checkout API v71, JSON bodies, `X-API-Key`, `Idempotency-Key` on every call.
//! https://docs.adyen.com/api-explorer/Checkout/71/overview
//!
//! - `authorize` → `POST /payments` with raw card data (`paymentMethod.type: scheme`).
//!   Adyen captures automatically unless told otherwise; manual capture is sent as
//!   `additionalData.manualCapture: "true"`. The result carries `state.captureMethod` so that a
//!   later `psync` can tell `authorized` from `charged` (without it, psync reads Adyen's
//!   `Authorised` as `authorized`). With `setupFutureUsage` the card is saved too (see
//!   setupMandate) and `mandateReference` names it.
//! - `psync` → `POST /payments/details` with what the shopper's browser brought back to
//!   `returnUrl` (`request.redirectPayload`, e.g. `{redirectResult}`). Checkout has no
//!   payment-status lookup: without a payload Adyen reports the outcome only by webhook, so the
//!   request is refused (MissingRequiredField `request.redirectPayload`).
//! - `capture` → `POST /payments/{pspReference}/captures` (full or partial; several partial
//!   captures are Adyen's to allow), `void` → `POST /payments/{pspReference}/cancels`,
//!   `refund` → `POST /payments/{pspReference}/refunds` (full or partial, several per payment).
//!   Adyen answers all three with `status: received`: the result is `capture_initiated`,
//!   `void_initiated`, refund `pending`, and the outcome comes by webhook (CAPTURE, CANCELLATION,
//!   REFUND, each with `success`). `void` uses `/cancels`, not `/reversals`: a reversal refunds a
//!   payment that is already captured, which is a refund the caller did not ask for.
//! - `rsync` is not supported: Adyen has no refund-status API (see UNSUPPORTED).
//! - `setupMandate` → `POST /payments` with `storePaymentMethod: true`, `shopperReference`
//!   (= `customer.id`, required), `shopperInteraction: Ecommerce` and `recurringProcessingModel`
//!   `Subscription` (or `state.recurringProcessingModel`: `UnscheduledCardOnFile`). Amount 0 is a
//!   zero-value authorisation; an amount above 0 is authorised with manual capture, so the
//!   verification is not charged. `mandateReference` is
//!   `additionalData.tokenization.storedPaymentMethodId` when Adyen returns it, else it arrives by
//!   webhook (RECURRING_CONTRACT, or AUTHORISATION's additionalData).
//! - `repeatPayment` → `POST /payments` with `paymentMethod {type: scheme, storedPaymentMethodId}`,
//!   the same `shopperReference`, `shopperInteraction: ContAuth` and the recurring model.
//! - Webhooks: standard notifications, HMAC per item (webhooks.rs).
//! - Money: Adyen's own decimals (CLP 2, CVE 0, IDR 0, ISK 2; ISO elsewhere) in every flow and
//!   back from every response and webhook; an amount Adyen cannot take exactly is refused.

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

use super::{decode_auth, required, AuthField, Connector, ConnectorInfo, Context, Declaration, Environments, FlowTable, Webhooks};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{Environment, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

/// The placeholder of the production URL, filled from `auth.liveEndpointPrefix`.
const PREFIX_PLACEHOLDER: &str = "{liveEndpointPrefix}";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "adyen",
        display_name: "Adyen",
        payment_methods: &payment_methods::PAYMENT_METHODS,
        auth_fields: &[
            AuthField { name: "apiKey", required: true, description: "API key of the API credential (X-API-Key)" },
            AuthField { name: "merchantAccount", required: true, description: "merchant account that processes the payment" },
            AuthField {
                name: "liveEndpointPrefix",
                required: false,
                description: "production only: the prefix of your live endpoints (Customer Area > Developers > API URLs)",
            },
        ],
        sensitive_fields: &["cvc", "encryptedSecurityCode", "hmacSignature", "X-API-Key"],
        environments: Environments {
            sandbox: "https://checkout-test.adyen.com/v71",
            production: "https://{liveEndpointPrefix}-checkout-live.adyenpayments.com/checkout/v71",
        },
    },
    auth: AdyenAuth::decode,
    flows: FlowTable {
        authorize: Supported { build: flows::build_authorize, parse: flows::parse_authorize },
        psync: Supported { build: flows::build_psync, parse: flows::parse_psync },
        capture: Supported { build: flows::build_capture, parse: flows::parse_capture },
        void: Supported { build: flows::build_void, parse: flows::parse_void },
        refund: Supported { build: flows::build_refund, parse: flows::parse_refund },
        rsync: Unsupported(
            "Adyen has no refund-status API: it reports a refund's outcome only by webhook \
             (REFUND with success true or false, REFUND_FAILED, REFUNDED_REVERSED); read it with parseWebhook",
        ),
        setup_mandate: Supported { build: flows::build_setup_mandate, parse: flows::parse_setup_mandate },
        repeat_payment: Supported { build: flows::build_repeat_payment, parse: flows::parse_repeat_payment },
        create_access_token: Unsupported(
            "Adyen authenticates every call with the API key (X-API-Key); there is no access token",
        ),
        create_customer: Unsupported(
            "Adyen has no customer object: saved cards live under your own shopper reference \
             (request.customer.id, sent as shopperReference)",
        ),
        // A 3-D Secure or redirect payment completes with psync (`/payments/details`).
        complete_authorize: NotApplicable,
        verify_webhook: NotApplicable,
        create_session: Supported { build: sessions::build_create_session, parse: sessions::parse_create_session },
        incremental_authorization: Supported { build: sessions::build_incremental_authorization, parse: sessions::parse_incremental_authorization },
        revoke_mandate: Supported { build: sessions::build_revoke_mandate, parse: sessions::parse_revoke_mandate },
        reverse: Supported { build: sessions::build_reverse, parse: sessions::parse_reverse },
        accept_dispute: Supported { build: disputes::build_accept_dispute, parse: disputes::parse_accept_dispute },
        upload_dispute_file: NotApplicable,
        submit_dispute_evidence: Supported { build: disputes::build_submit_dispute_evidence, parse: disputes::parse_submit_dispute_evidence },
        defend_dispute: Supported { build: disputes::build_defend_dispute, parse: disputes::parse_defend_dispute },
        dsync: Unsupported("Adyen's Disputes API (acceptDispute, defendDispute, supplyDefenseDocument, deleteDisputeDefenseDocument, retrieveApplicableDefenseReasons: docs.adyen.com/risk-management/disputes-api) has no call that reads a dispute: its status comes by webhook (NOTIFICATION_OF_CHARGEBACK, CHARGEBACK, CHARGEBACK_REVERSED, SECOND_CHARGEBACK, PREARBITRATION_WON, PREARBITRATION_LOST...; docs.adyen.com/risk-management/disputes-api/dispute-notifications); read them with parseWebhook"),
    },
    webhooks: Webhooks::Signed(|webhook, _| webhooks::parse(webhook)),
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdyenAuth {
    api_key: Secret,
    merchant_account: Secret,
    live_endpoint_prefix: Option<Secret>,
}

impl AdyenAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: AdyenAuth = decode_auth(auth)?;
        required(a.api_key.expose(), "auth.apiKey")?;
        required(a.merchant_account.expose(), "auth.merchantAccount")?;
        Ok(a)
    }

    /// The base URL: `options.baseUrl`, else the environment's; production needs the prefix.
    pub(crate) fn base_url(&self, ctx: &Context) -> Result<String, SidecarError> {
        let base = ctx.base_url();
        if ctx.options.base_url.is_some() || ctx.options.environment != Environment::Production {
            return Ok(base.to_string());
        }
        let prefix = self
            .live_endpoint_prefix
            .as_ref()
            .map(|p| p.expose().trim())
            .filter(|p| !p.is_empty())
            .ok_or_else(|| {
                SidecarError::missing_field(
                    "auth.liveEndpointPrefix",
                    "Adyen's production endpoints are https://{liveEndpointPrefix}-checkout-live.adyenpayments.com; \
                     find the prefix in your Customer Area (Developers > API URLs)",
                )
            })?;
        // The prefix becomes part of a host name: letters, digits and dashes only. Not echoed.
        if !prefix.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(SidecarError::invalid_field(
                "auth.liveEndpointPrefix",
                "the prefix may contain only letters, digits and dashes".into(),
            ));
        }
        Ok(base.replace(PREFIX_PLACEHOLDER, prefix))
    }
}

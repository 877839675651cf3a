//! Worldpay: Access Worldpay's Payments API, version 2024-06-01 (`WP-Api-Version: 2024-06-01`,
//! `POST /api/payments`), the current one: one call that orchestrates authorization, 3DS, FraudSight
//! and token creation, which replaces the Card Payments API (`application/vnd.worldpay.payments-v7+json`).
//! https://docs.worldpay.com/access/products/payments, its OpenAPI description vendored in
//! oracles/worldpay/payments-openapi.yaml (the requests are validated against it in
//! test/oracles/worldpay-openapi.test.ts), the Events webhook in oracles/worldpay/events-openapi.yaml.
//!
//! - Auth: HTTP Basic with the Access Worldpay username and password on every call, plus
//!   `WP-Api-Version: 2024-06-01` and `Content-Type: application/json` (Worldpay: "If you're using
//!   both the Content-Type and WP-Api-Version headers, they must match"). No token step.
//! - Every payment names `merchant.entity` (auth.entity, default `default`) and a statement
//!   `narrative.line1` (request.statementDescriptor, else auth.narrative; Worldpay requires one).
//! - Money: `value.amount` is ISO 4217 minor units ("implied decimal", 250 GBP = £2.50), an int32:
//!   above 2,147,483,647 is refused (1005) before sending.
//! - Ids: a payment is named by the opaque `linkData` in its `_links`/`_actions` hrefs, which
//!   changes as the payment moves: connectorTransactionId is authorize's linkData, and capture
//!   answers the settled payment's linkData, the one refunds need (see responses.rs).
//!   Capture = `/settlements` (whole) or `/partialSettlements` (part, with a reference); void =
//!   `/cancellations`; refund = `/refunds` (whole, with paymentAmount equal) or `/partialRefunds`
//!   (several allowed); reverse = `/reversals`; psync and rsync = `GET /api/payments/{linkData}`
//!   (`lastEvent`).
//! - Idempotency: the Payments API documents no idempotency header; `transactionReference`
//!   (merchantTransactionId, 1 to 64 of Worldpay's characters) is the merchant's unique reference
//!   of the payment, and `idempotencyKey` is not sent.
//! - Saved cards: `tokenCreation {type: worldpay}` with the first payment of a `customerAgreement`
//!   (setupMandate; amount 0 is a card verification), then `paymentInstrument {type: token, href}`
//!   with the subsequent one (repeatPayment); revokeMandate deletes the token through the Tokens API
//!   (`DELETE /tokens/{tokenId}`, the token href of this environment, `Accept:
//!   application/vnd.worldpay.tokens-v3.hal+json`; 204), described in oracles/worldpay/tokens-openapi.yaml.
//! - Integrated 3DS: with the shopper's browser (browserInfo acceptHeader and userAgent) and a
//!   returnUrl (threeDs auto), or threeDs challenge, the card instruction carries `threeDS {type:
//!   integrated, mode: always, challenge, deviceData}`. Its `3dsDeviceDataRequired` answer is
//!   authentication_pending with the device data collection form (redirection POST: Bin, JWT) and
//!   `state.worldpay3ds: 3dsDeviceData`; completeAuthorize posts the collectionReference to
//!   `.../3dsDeviceData`; a `3dsChallenged` answer gives the challenge form (JWT) and
//!   `state.worldpay3ds: 3dsChallenges`, and completeAuthorize then posts `.../3dsChallenges`.
//! - Alternative payment methods (PayPal; iDEAL, Bancontact, Trustly, Multibanco, Przelewy24, MyBank, BLIK;
//!   Alipay, WeChat Pay, Swish; Konbini, Pix; SEPA and ACH debits; Klarna) go through the separate APM API (`POST /apmPayments`, `WP-Api-Version: 2024-07-01`): apm.rs.
//! - Disputes: Access Worldpay documents no dispute calls; chargebacks reach the Events webhook
//!   (`chargedBack`, `informationRequested`), read as dispute events (webhooks.rs).
//! - Webhooks: the Events webhook, signed with `Event-Signature` (HMAC-SHA256 of the body with the
//!   shared secret): webhooks.rs.

mod apm;
mod flows;
mod mapping;
mod requests;
mod responses;
mod webhooks;

#[cfg(test)]
mod tests;

use super::{
    decode_auth, required, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, PaymentMethods,
    SupportedPaymentMethod, UnsupportedPaymentMethod, Webhooks, PAY_AND_SAVE, PAY_ONLY,
};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{PaymentMethodType, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

pub const API_VERSION_HEADER: &str = "WP-Api-Version";
pub const API_VERSION: &str = "2024-06-01";

const DISPUTES: &str = "Access Worldpay documents no dispute calls (its Payments, APM, Tokens and Events APIs have none; the Chargeback \
     API in Worldpay's documentation belongs to its eComm platform, not Access Worldpay): it reports chargebacks to the Events webhook \
     (chargedBack, informationRequested), which parseWebhook reads as dispute events";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "worldpay",
        display_name: "Worldpay",
        payment_methods: &PaymentMethods {
            unsupported_methods: &[],
            supported: &[
                SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: PAY_AND_SAVE },
                // A Worldpay Checkout SDK session (sessionHref): paymentInstrument type checkout.
                SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::NetworkToken, methods: &[], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::ApplePay, methods: &[], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::GooglePay, methods: &[], flows: PAY_ONLY },
                // Through the APM API (apm.rs): a redirect to PayPal or the shopper's bank.
                SupportedPaymentMethod { kind: PaymentMethodType::Paypal, methods: &[], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::BankRedirect, methods: apm::BANK_REDIRECT_METHODS, flows: PAY_ONLY },
                // Through the APM API: a QR code (WeChat Pay, Swish), an app approval (Swish) or a redirect (Alipay).
                SupportedPaymentMethod { kind: PaymentMethodType::WalletRedirect, methods: apm::WALLET_REDIRECT_METHODS, flows: PAY_ONLY },
                // Through the APM API: Konbini's payment page, Pix's QR code and its payload.
                SupportedPaymentMethod { kind: PaymentMethodType::Voucher, methods: apm::VOUCHER_METHODS, flows: PAY_ONLY },
                // Through the APM API: SEPA (one-time e-mandate) and ACH.
                SupportedPaymentMethod { kind: PaymentMethodType::BankDebit, methods: apm::BANK_DEBIT_METHODS, flows: PAY_ONLY },
                // Through the APM API: Klarna (klarna_network) with the order's lines, their tax and the merchant's terms.
                SupportedPaymentMethod { kind: PaymentMethodType::Bnpl, methods: apm::BNPL_METHODS, flows: PAY_ONLY },
            ],
            unsupported: &[
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::UpiCollect,
                    reason: "Worldpay's Payments API takes cards and card wallets; UPI is not among its payment methods",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::UpiIntent,
                    reason: "Worldpay's Payments API takes cards and card wallets; UPI is not among its payment methods",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::MobileMoney,
                    reason: "neither Worldpay's Payments API (cards and card wallets) nor its APM API description names a mobile money operator",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::BankTransfer,
                    reason: "neither Worldpay's Payments API (cards and card wallets) nor its APM API description has a bank transfer answered with the account to pay into",
                },
            ],
        },
        auth_fields: &[
            AuthField {
                name: "username",
                required: true,
                description: "Access Worldpay username (from your Implementation Manager); sent with password as HTTP Basic",
            },
            AuthField { name: "password", required: true, description: "Access Worldpay password, paired with username" },
            AuthField {
                name: "entity",
                required: false,
                description: "merchant.entity: the Worldpay entity the payments are made under (default `default`)",
            },
            AuthField {
                name: "narrative",
                required: false,
                description: "instruction.narrative.line1 when a request has no statementDescriptor: up to 24 of a-z A-Z 0-9 space , . / -",
            },
        ],
        sensitive_fields: &["cvc", "walletToken", "cryptogram", "authenticationValue", "iban", "accountNumber", "Event-Signature"],
        environments: Environments { sandbox: "https://try.access.worldpay.com", production: "https://access.worldpay.com" },
    },
    auth: WorldpayAuth::decode,
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
            "Access Worldpay authenticates every call with HTTP Basic (username and password); it has no access-token step",
        ),
        create_customer: Unsupported(
            "Worldpay has no customer object: a saved card is a Worldpay token created inside the payment (tokenCreation), \
             which setupMandate does",
        ),
        complete_authorize: Supported { build: flows::build_complete_authorize, parse: flows::parse_complete_authorize },
        verify_webhook: NotApplicable,
        create_session: Unsupported(
            "Worldpay's Checkout SDK creates the card session in the shopper's browser with the merchant's checkout id; \
             there is no server-side session call: pass its sessionHref as a token",
        ),
        incremental_authorization: Unsupported(
            "Worldpay's Payments API offers settle, partially settle, cancel, refund, partially refund and reverse on a \
             payment; it has no incremental authorization",
        ),
        revoke_mandate: Supported { build: flows::build_revoke_mandate, parse: flows::parse_revoke_mandate },
        reverse: Supported { build: flows::build_reverse, parse: flows::parse_reverse },
        accept_dispute: Unsupported(DISPUTES),
        upload_dispute_file: Unsupported(DISPUTES),
        submit_dispute_evidence: Unsupported(DISPUTES),
        defend_dispute: Unsupported(DISPUTES),
        dsync: Unsupported(DISPUTES),
    },
    webhooks: Webhooks::Signed(|webhook, _| webhooks::parse(webhook)),
};

/// The credentials, as `listConnectors` names them in `authFields`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorldpayAuth {
    username: Secret,
    password: Secret,
    entity: Option<String>,
    narrative: Option<String>,
}

impl WorldpayAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: WorldpayAuth = decode_auth(auth)?;
        required(a.username.expose(), "auth.username")?;
        required(a.password.expose(), "auth.password")?;
        if let Some(e) = a.entity.as_deref() {
            let ok = !e.is_empty() && e.len() <= 32 && e.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ') && !e.starts_with(' ');
            if !ok {
                return Err(SidecarError::invalid_field("auth.entity", "Worldpay's merchant.entity is 1 to 32 letters, digits and spaces".into()));
            }
        }
        Ok(a)
    }

    pub fn username(&self) -> &str {
        self.username.expose()
    }

    pub fn password(&self) -> &str {
        self.password.expose()
    }

    pub fn entity(&self) -> &str {
        self.entity.as_deref().unwrap_or("default")
    }

    pub fn narrative(&self) -> Option<&str> {
        self.narrative.as_deref().map(str::trim).filter(|n| !n.is_empty())
    }
}

//! Mercado Pago: the Payments API v1 (https://api.mercadopago.com), JSON bodies.
//! https://www.mercadopago.com.br/developers/en/reference/payments/_payments/post (create),
//! .../payments/_payments_id/get (read), .../payments/_payments_id/put (capture, cancel),
//! .../chargebacks and refunds: `POST /v1/payments/{id}/refunds`, `GET .../refunds/{refund_id}`.
//! Field names follow the API reference and the official Node SDK (`mercadopago` 2.x/3.x, MIT),
//! whose request bodies are compared in test/oracles/mercadopago-sdk.test.ts.
//!
//! - Auth: the seller's access token (`APP_USR-...`, `TEST-...` in the sandbox), made in the
//!   developer dashboard (or by OAuth for a marketplace), sent as `Authorization: Bearer` on every call.
//!   Production and sandbox share one host: which one is decided by the token.
//! - Money: `transaction_amount` (and a refund's `amount`) is a JSON number in major units with
//!   the currency's ISO 4217 decimals (BRL 100.5; CLP whole pesos), written as exact decimal text
//!   from the integer minor units (`kit::money::json_number`); an amount with more decimals than
//!   the currency has, or more than 15 significant digits, is refused (1005). Only the currencies
//!   of Mercado Pago's countries are taken (requests::CURRENCIES).
//! - Idempotency: `X-Idempotency-Key` on every POST and PUT of payments and refunds (required on POST /v1/payments): the
//!   caller's `idempotencyKey`, else one derived from the operation (merchantTransactionId, the
//!   payment id and merchantRefundId), so a resent request is recognised instead of charging again.
//! - Payment methods: a card token made by MercadoPago.js (`token: {value, kind}`, `kind` the
//!   `payment_method_id` MercadoPago.js gives with it: visa, master, amex, elo, ...); Pix, Boleto
//!   (`bolbradesco`) and OXXO through the same `POST /v1/payments`, answered `pending` with the QR
//!   code or the voucher (nextAction).
//! - Capture: `PUT /v1/payments/{id}` `{capture: true, transaction_amount}`, a lower amount being a
//!   partial capture (once). Void: the same call with `{status: "cancelled"}`. Refunds: several,
//!   partial, up to the captured amount.
//! - 3-D Secure: `three_d_secure_mode` (`mandatory` for challenge, `not_supported` for skip);
//!   a challenge answers `pending`/`pending_challenge` with `three_ds_info` (the issuer's page and
//!   the CReq to post to it), which Mercado Pago completes by itself: psync tells the outcome.
//! - Chargebacks (disputes.rs): dsync `GET /v1/chargebacks/{id}`; submitDisputeEvidence
//!   `POST /v1/chargebacks/{id}/documentation` (multipart `files[]`, sent to Mercado Pago's review).
//! - Webhooks are signed (`x-signature` ts + v1, HMAC-SHA256 of `id:..;request-id:..;ts:..;`):
//!   webhooks.rs.

mod disputes;
mod flows;
mod mapping;
mod requests;
mod responses;
mod webhooks;

#[cfg(test)]
mod tests;

use super::{
    decode_auth, required, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, PaymentMethods,
    SupportedPaymentMethod, UnsupportedPaymentMethod, Webhooks, PAY_ONLY,
};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{PaymentMethodType, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

/// Why raw card numbers are refused, declared once.
const CARD_DATA: &str = "Mercado Pago's Payments API takes card data only as a card token (made by MercadoPago.js or the Card Token API \
     with the seller's public key); send the token as paymentMethod type token, with its payment_method_id in kind";

const SAVED_CARD: &str = "Mercado Pago saves cards under a customer (POST /v1/customers/{id}/cards), but charges a saved card only with a \
     new card token made from its card_id and the CVV by MercadoPago.js on the shopper's device: its Payments API has no \
     merchant-initiated charge of a saved card (recurring charges go through its separate Subscriptions API)";

const NO_SELLER_DECISION: &str = "Mercado Pago decides chargebacks itself from the documentation the seller sends (POST \
     /v1/chargebacks/{id}/documentation = submitDisputeEvidence); its Chargebacks API has no call by which the seller accepts or defends a case";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "mercadopago",
        display_name: "Mercado Pago",
        payment_methods: &PaymentMethods {
            unsupported_methods: &[],
            supported: &[
                // A card token of MercadoPago.js (or the Card Token API) with its payment_method_id in `kind`.
                SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::Voucher, methods: &["pix", "boleto", "oxxo"], flows: PAY_ONLY },
            ],
            unsupported: &[
                UnsupportedPaymentMethod { kind: PaymentMethodType::Card, reason: CARD_DATA },
                UnsupportedPaymentMethod { kind: PaymentMethodType::NetworkToken, reason: CARD_DATA },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::ApplePay,
                    reason: "Mercado Pago's Payments API has no Apple Pay payment_method_id: it takes wallets only inside its own Checkout Pro",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::GooglePay,
                    reason: "Mercado Pago's Payments API has no Google Pay payment_method_id: it takes wallets only inside its own Checkout Pro",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::UpiCollect,
                    reason: "UPI is India's; Mercado Pago works in Latin America only",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::UpiIntent,
                    reason: "UPI is India's; Mercado Pago works in Latin America only",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::Paypal,
                    reason: "Mercado Pago does not take PayPal",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::MobileMoney,
                    reason: "Mercado Pago works in Latin America only: it has no mobile money wallets",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::BankTransfer,
                    reason: "Mercado Pago's Payments API issues no account for a bank transfer: Brazil's instant transfer is Pix (voucher pix), answered with its QR code",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::BankRedirect,
                    reason: "Mercado Pago's bank payments are Latin American (PSE in Colombia, Webpay in Chile), none of the European bank redirects of the protocol",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::BankDebit,
                    reason: "Mercado Pago's Payments API takes no SEPA, ACH, Bacs or BECS debit",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::Bnpl,
                    reason: "Mercado Pago's own instalment credit (Mercado Crédito) runs only in its Checkout Pro; it takes no Klarna, Afterpay or Affirm",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::WalletRedirect,
                    reason: "Mercado Pago takes none of the protocol's wallets (Alipay, WeChat Pay, MB WAY, ...); its own wallet is paid inside Checkout Pro",
                },
            ],
        },
        auth_fields: &[AuthField {
            name: "accessToken",
            required: true,
            description: "the seller's access token (APP_USR-... in production, TEST-... in the sandbox) from Your integrations > Credentials, sent as Authorization: Bearer",
        }],
        sensitive_fields: &["token", "Authorization", "x-signature", "creq", "security_code", "identification"],
        environments: Environments { sandbox: "https://api.mercadopago.com", production: "https://api.mercadopago.com" },
    },
    auth: MercadopagoAuth::decode,
    flows: FlowTable {
        authorize: Supported { build: flows::build_authorize, parse: flows::parse_authorize },
        psync: Supported { build: flows::build_psync, parse: flows::parse_psync },
        capture: Supported { build: flows::build_capture, parse: flows::parse_capture },
        void: Supported { build: flows::build_void, parse: flows::parse_void },
        refund: Supported { build: flows::build_refund, parse: flows::parse_refund },
        rsync: Supported { build: flows::build_rsync, parse: flows::parse_rsync },
        setup_mandate: Unsupported(SAVED_CARD),
        repeat_payment: Unsupported(SAVED_CARD),
        create_access_token: Unsupported(
            "Mercado Pago's access token is long-lived, made in the developer dashboard (or by OAuth for a marketplace), and sent as it is on every call: there is no token step before a payment",
        ),
        create_customer: Unsupported(
            "a Mercado Pago customer (POST /v1/customers) only holds saved cards, which are charged again only with a new card token made on the shopper's device (see repeatPayment)",
        ),
        complete_authorize: Unsupported(
            "Mercado Pago completes a 3-D Secure payment by itself once the shopper answers the challenge (three_ds_info); there is no completion call: psync reads the outcome",
        ),
        verify_webhook: NotApplicable,
        create_session: Unsupported(
            "MercadoPago.js tokenizes the card with the seller's public key alone: the Payments API has no server-made session before a payment",
        ),
        incremental_authorization: Unsupported(
            "Mercado Pago's Payments API has no call that raises an authorized amount: PUT /v1/payments/{id} only captures (the same or a lower amount) or cancels",
        ),
        revoke_mandate: Unsupported(SAVED_CARD),
        reverse: Unsupported(
            "Mercado Pago has no reversal call: cancel an authorized or pending payment (void), refund an approved one",
        ),
        accept_dispute: Unsupported(NO_SELLER_DECISION),
        upload_dispute_file: Unsupported(
            "Mercado Pago has no file store for evidence: the files go, as multipart files[], in the documentation call itself \
             (submitDisputeEvidence with each file's data)",
        ),
        submit_dispute_evidence: Supported { build: disputes::build_submit_dispute_evidence, parse: disputes::parse_submit_dispute_evidence },
        defend_dispute: Unsupported(NO_SELLER_DECISION),
        dsync: Supported { build: disputes::build_dsync, parse: disputes::parse_dsync },
    },
    webhooks: Webhooks::Signed(|webhook, ctx| webhooks::parse(webhook, ctx.options)),
};

/// The credentials, as `listConnectors` names them in `authFields`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MercadopagoAuth {
    access_token: Secret,
}

impl MercadopagoAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: MercadopagoAuth = decode_auth(auth)?;
        required(a.access_token.expose(), "auth.accessToken")?;
        Ok(a)
    }

    pub fn access_token(&self) -> &str {
        self.access_token.expose().trim()
    }
}

//! Mollie: the Payments API v2 (https://docs.mollie.com/reference/overview; the OpenAPI spec
//! mollie/openapi is vendored in oracles/mollie/ and our requests are validated against it), JSON
//! bodies, `Authorization: Bearer <api key>` (`test_...` or `live_...`: the key, not the host,
//! selects test mode, so sandbox and production are both `https://api.mollie.com`).
//!
//! - `authorize` → `POST /v2/payments` (Create payment): `method` from the payment method: a card
//!   only as Mollie Components' `cardToken` (`token`; Mollie's API never takes card numbers), Apple
//!   Pay's encrypted token (`applePayPaymentToken`, no redirectUrl needed), Google Pay's
//!   (`googlePayPaymentToken` on a `creditcard` payment), iDEAL, Bancontact, EPS, BLIK,
//!   Przelewy24, Trustly, MyBank, Multibanco, Klarna (with `lines`), PayPal, MB WAY, Swish, TWINT,
//!   Vipps, MobilePay. `captureMode: manual` places a hold, which Mollie allows on cards and Klarna
//!   only ("Place a hold for a payment"): manual capture of another method is refused (1005).
//!   `redirectUrl` (`returnUrl`) is required; an `open` payment with `_links.checkout` sends the
//!   shopper there (3-D Secure, the bank's page): `authentication_pending` with the redirection.
//!   The merchant's reference travels in `metadata.merchantTransactionId` (Mollie has no
//!   reference field) and `description` (required by Mollie, shown on statements) defaults to it.
//! - `psync` → `GET /v2/payments/{id}`; `capture` → `POST /v2/payments/{id}/captures` (`amount`
//!   for part, none for all: Cards "Partial capture"); `void` → `DELETE /v2/payments/{id}` (Cancel
//!   payment, while the payment `isCancelable`: an open payment or an authorization); `refund` →
//!   `POST /v2/payments/{id}/refunds` (several, partial); `rsync` → `GET
//!   /v2/payments/{id}/refunds/{refundId}`.
//! - Saved methods (Recurring payments): `createCustomer` → `POST /v2/customers`; `setupMandate`
//!   → a first payment (`sequenceType: first`, `customerId`; cards may pay EUR 0.00) whose
//!   `mandateId` is the `mandateReference` once paid; `repeatPayment` → `POST /v2/payments` with `sequenceType: recurring`, `customerId` and
//!   `mandateId`; `revokeMandate` → `DELETE /v2/customers/{id}/mandates/{mandateId}` (204).
//! - Money: `amount` is `{currency, value}` with `value` a decimal string with exactly the
//!   currency's decimals ("Multicurrency": two, ISK and JPY none), written from integer minor units
//!   without floats; a currency Mollie does not list is refused (1005).
//! - Idempotency: the caller's `idempotencyKey` goes in `Idempotency-Key` ("API idempotency").
//! - Errors: `{status, title, detail, field?}` with the HTTP status; a failed card payment says why
//!   in `details.failureReason` (mapping.rs).
//! - Webhooks (webhooks.rs): classic ones are unsigned (`id=tr_...`: fetch the payment); next-gen
//!   ones are signed with `X-Mollie-Signature` (HMAC-SHA256 of the body), checked with `secret`.

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
use crate::protocol::Support::{Supported, Unsupported};
use crate::protocol::{PaymentMethodType, Secret, SidecarError};
use requests::{BANK_REDIRECT_METHODS, WALLET_REDIRECT_METHODS};
use serde::Deserialize;
use serde_json::Value;

const DISPUTES_READ_ONLY: &str =
    "Mollie's Chargebacks API is read-only (List and Get chargeback): a chargeback is debited at once and answered in the Mollie Web app, not through the API";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "mollie",
        display_name: "Mollie",
        payment_methods: &PaymentMethods {
            unsupported_methods: &[],
            supported: &[
                // Mollie Components' card token (tkn_...).
                SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_AND_SAVE },
                SupportedPaymentMethod { kind: PaymentMethodType::ApplePay, methods: &[], flows: PAY_AND_SAVE },
                SupportedPaymentMethod { kind: PaymentMethodType::GooglePay, methods: &[], flows: PAY_AND_SAVE },
                SupportedPaymentMethod { kind: PaymentMethodType::BankRedirect, methods: BANK_REDIRECT_METHODS, flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::Bnpl, methods: &["klarna"], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::WalletRedirect, methods: WALLET_REDIRECT_METHODS, flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::Paypal, methods: &[], flows: PAY_ONLY },
                // Mollie's `banktransfer`: a SEPA credit transfer to Mollie's account (displayBankDetails).
                SupportedPaymentMethod { kind: PaymentMethodType::BankTransfer, methods: &["sepaCreditTransfer"], flows: PAY_ONLY },
            ],
            unsupported: &[
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::Card,
                    reason: "Mollie's API never takes card numbers: Mollie Components tokenize the card in the shopper's browser; send its cardToken (tkn_...) as `token`",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::NetworkToken,
                    reason: "Mollie's Create payment has no fields for a network token's DPAN and cryptogram",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::Voucher,
                    reason: "Mollie offers no Boleto, OXXO, Konbini or Pix; its `voucher` method is Dutch and Belgian meal and gift vouchers",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::BankDebit,
                    reason: "Mollie takes no one-off SEPA Direct Debit payment (directdebit is for recurring payments only, on a mandate left by a first payment by iDEAL, Bancontact or card); it has no ACH, BACS or BECS debit",
                },
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: "Mollie does not offer UPI" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: "Mollie does not offer UPI" },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::MobileMoney,
                    reason: "Mollie serves European merchants and offers no mobile money wallets (M-Pesa, MTN MoMo, ...)",
                },
            ],
        },
        auth_fields: &[AuthField {
            name: "apiKey",
            required: true,
            description: "API key (test_... or live_..., Web app > Developers > API keys), sent as Authorization: Bearer; the key selects test or live mode",
        }],
        // The card and wallet tokens pay on their own; the signature of next-gen webhooks; a direct
        // debit's mandate `signatureDate` is no secret, but its name reads as one (masked, harmlessly).
        // `consumerAccount` is the shopper's IBAN in a payment's details; `bankAccount`, the account
        // a bank transfer goes to, is Mollie's, but masked with it all the same.
        sensitive_fields: &["cardToken", "applePayPaymentToken", "googlePayPaymentToken", "X-Mollie-Signature", "signatureDate", "consumerAccount", "bankAccount"],
        environments: Environments { sandbox: "https://api.mollie.com", production: "https://api.mollie.com" },
    },
    auth: MollieAuth::decode,
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
            "Mollie authenticates every call with the API key (or an organization access token) as a Bearer token: there is no token to fetch first",
        ),
        create_customer: Supported { build: flows::build_create_customer, parse: flows::parse_create_customer },
        complete_authorize: Unsupported(
            "after its checkout (3-D Secure, the bank's or wallet's page) Mollie finishes the payment itself and sends the shopper to redirectUrl; there is no call to complete it: read its status with psync",
        ),
        verify_webhook: Unsupported(
            "Mollie has no call that verifies a webhook: classic webhooks carry only an id (fetch the payment with psync, which is the verification), next-gen webhooks are signed and parseWebhook checks X-Mollie-Signature with `secret`",
        ),
        create_session: Unsupported(
            "Mollie Components tokenize the card in the browser with the profile id alone, and Mollie's hosted checkout is the payment's own _links.checkout: there is no session to create on the server",
        ),
        incremental_authorization: Unsupported("Mollie's Payments API has no call that raises the amount of an authorized payment"),
        revoke_mandate: Supported { build: flows::build_revoke_mandate, parse: flows::parse_revoke_mandate },
        reverse: Unsupported(
            "Mollie has no separate reversal: cancel a payment while it isCancelable (void: DELETE /v2/payments/{id}), refund a paid one",
        ),
        accept_dispute: Unsupported(DISPUTES_READ_ONLY),
        upload_dispute_file: Unsupported(DISPUTES_READ_ONLY),
        submit_dispute_evidence: Unsupported(DISPUTES_READ_ONLY),
        defend_dispute: Unsupported(DISPUTES_READ_ONLY),
        dsync: Supported { build: flows::build_dsync, parse: flows::parse_dsync },
    },
    webhooks: Webhooks::Signed(webhooks::parse),
};

/// The credentials, as `listConnectors` names them in `authFields`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MollieAuth {
    api_key: Secret,
}

impl MollieAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: MollieAuth = decode_auth(auth)?;
        required(a.api_key.expose(), "auth.apiKey")?;
        // The value is never echoed: it goes into a header, so it must be printable ASCII without spaces.
        if !a.api_key().bytes().all(|b| b.is_ascii_graphic()) {
            return Err(SidecarError::invalid_field("auth.apiKey", "a Mollie API key is printable ASCII without spaces".into()));
        }
        Ok(a)
    }

    pub fn api_key(&self) -> &str {
        self.api_key.expose().trim()
    }
}

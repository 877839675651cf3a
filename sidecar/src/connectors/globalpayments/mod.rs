//! Global Payments: GP API (`/ucp/`; sandbox https://apis.sandbox.globalpay.com/ucp, production
//! https://apis.globalpay.com/ucp), JSON bodies, version `2021-03-22` named on every call
//! (`X-GP-Version`). Followed with GP's API reference (developer.globalpay.com: "Access token",
//! "Transactions", "Payment methods", "Errors") and the official SDKs (`globalpayments-api` 3.10
//! for Node, GPL-2.0, whose requests test/oracles/globalpayments-sdk.test.ts compares with ours; the
//! PHP SDK's `GenerationUtils::generateXGPSignature` for webhooks).
//!
//! - Auth is two-step, as GP documents it: `createAccessToken` → `POST /accesstoken` with
//!   `{app_id, nonce, secret, grant_type: client_credentials}`, where `secret` is the lower-case hex
//!   SHA-512 of the nonce followed by the app key. The nonce is `options.nonce` when given
//!   (vectors), else the current time in ISO 8601 with milliseconds, as the SDK makes it. The
//!   answer's `token` (with `seconds_to_expire`) goes to `state.accessToken`, and the names of the
//!   transaction processing and tokenization accounts it lists to `state.accountName` and
//!   `state.tokenizationAccountName`; every other flow sends `Authorization: Bearer <token>`.
//!   PaymentsClient fetches and keeps the token. The sidecar keeps nothing between calls.
//! - `authorize` → `POST /transactions`: type SALE, channel CNP, `capture_mode` AUTO or LATER,
//!   `payment_method` a card (entry_mode ECOM, two-digit expiry, cvv with cvv_indicator PRESENT)
//!   or a stored payment method by id (`PMT_...`: the `token` type), or an Apple Pay or Google Pay
//!   token in `digital_wallet` (provider APPLEPAY or PAY_BY_GOOGLE; the encrypted token as the JSON
//!   object `payment_token`, or the decrypted DPAN with `token_format` CARD_NUMBER, `cryptogram`
//!   and `eci`, as the PHP SDK sends them; the Node SDK 3.10.10 cannot build a wallet charge, it
//!   fails before sending: `hasInAppPaymentData is not a function`). A 3-D Secure result obtained elsewhere
//!   (`threeDs.external`) goes in `payment_method.authentication.three_ds` (message_version, eci,
//!   ds_trans_ref, value); `/transactions` has no field to ask for a challenge (GP runs 3-D Secure
//!   through `/authentications`), so `threeDs.mode: challenge` is refused. `account_name` is
//!   `auth.accountName`, else the token's transaction processing account, else
//!   `transaction_processing`; `country` is `auth.country`, else US (the SDK's default).
//! - Local payment methods (apm.rs): bankRedirect (iDEAL, Bancontact, EPS, BLIK, Przelewy24,
//!   Sofort, giropay, Trustly, FPX, MyBank, Multibanco), walletRedirect (Alipay, WeChat Pay) and
//!   voucher (OXXO) go to `POST /transactions` as `payment_method {name, apm {provider}}` with
//!   `notifications {return_url, status_url, cancel_url}` (returnUrl, webhookUrl, returnUrl), the
//!   SDKs' `AlternativePaymentMethod` charge; GP answers INITIATED with the provider's page
//!   (`payment_method.redirect_url`): pending with nextAction redirect. The outcome comes by status
//!   notification and psync. SEPA and UK direct debits are APMs too at GP (sepapm, ukdirectdebit:
//!   the shopper gives the account on the provider's page), with no field for the IBAN or account
//!   number a unified bankDebit carries: refused (bank.rs).
//! - ACH (bank.rs): bankDebit ach → `payment_method.bank_transfer` (account number, account type,
//!   sec_code WEB, routing number as bank.code) with `payer` (name, billing address), the SDKs'
//!   ECheck charge; a sale, which psync and refund read as a card's.
//! - BNPL (bnpl.rs): `payment_method.bnpl {provider: AFFIRM | CLEARPAY | KLARNA}` with `payer`
//!   (email, billing address with names, contact_phone), `order` (shipping address, items from
//!   orderLines) and notifications, as GP's PHP SDK sends a BNPL authorization; INITIATED with the
//!   provider's page, PREAUTHORIZED once the shopper agreed, then capture.
//! - PayPal (apm provider `paypal`, the same charge): INITIATED with PayPal's page; once the payer
//!   approved there GP holds the transaction PENDING with the payer in
//!   `payment_method.apm.provider_reference`, which psync reads as `authenticationSuccessful` with
//!   `state.providerPayerReference`; `completeAuthorize` → `POST /transactions/{id}/confirmation`
//!   naming that payer (`payment_method.apm {provider, provider_payer_reference}`, the SDKs'
//!   `Transaction.confirm()`) makes the payment (CAPTURED). It is the only completeAuthorize: a
//!   card's 3-D Secure runs through /authentications before the payment.
//! - Money: `amount` is a string of the currency's smallest unit ("lowest denomination"), i.e.
//!   the unified minor units unchanged for every ISO 4217 currency; answers are read back the same way.
//! - `capture` → `POST /transactions/{id}/capture` (an amount for a partial capture, none for all
//!   of it); `void` and `reverse` → `POST /transactions/{id}/reversal` (GP reverses an
//!   authorization, or a sale whose batch has not closed); `refund` → `POST
//!   /transactions/{id}/refund` (several, partial): a new transaction of type REFUND, which `rsync`
//!   reads (`GET /transactions/{refund id}`) as `psync` reads a payment; `incrementalAuthorization`
//!   → `POST /transactions/{id}/incremental`.
//! - Saved cards: `setupMandate` → `POST /payment-methods` (usage_mode MULTIPLE, the tokenization
//!   account); its id (`PMT_...`) is the mandate, which `repeatPayment` charges with
//!   `stored_credential` {model, sequence SUBSEQUENT} and initiator MERCHANT; `revokeMandate` →
//!   `DELETE /payment-methods/{id}`.
//! - Idempotency: the `x-gp-idempotency` header (the SDK's `IDEMPOTENCY_HEADER`) carries the
//!   caller's idempotencyKey; a refund without one sends `<transaction id>:<merchantRefundId>`. GP
//!   answers a reused key with DUPLICATE_ACTION naming the first transaction and its status, which
//!   is read as that transaction's outcome.
//! - Disputes (disputes.rs): `dsync` → `GET /disputes/{id}`, `acceptDispute` → `POST
//!   /disputes/{id}/acceptance`, `submitDisputeEvidence` → `POST /disputes/{id}/challenge` with the
//!   files as base64 documents (the challenge is the defense: no upload, no separate submit).
//! - Webhooks (status notifications to the `status_url`) are signed: `X-GP-Signature` is the hex
//!   SHA-512 of the raw body followed by the app key (webhooks.rs).

mod apm;
mod bank;
mod bnpl;
mod disputes;
mod flows;
mod mapping;
mod requests;
mod responses;
mod webhooks;

#[cfg(test)]
mod tests;

use super::{
    decode_auth, required, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, PaymentMethods, SupportedPaymentMethod,
    UnsupportedPaymentMethod, Webhooks, PAY_AND_SAVE,
};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{PaymentMethodType, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

/// `X-GP-Version` on every call: the version the official SDKs pin (`GP_API_VERSION`).
pub const API_VERSION: &str = "2021-03-22";
/// The idempotency header (the SDK's `GpApiConnector.IDEMPOTENCY_HEADER`).
pub const IDEMPOTENCY_HEADER: &str = "x-gp-idempotency";

/// `state` key of the bearer token (createAccessToken's result).
pub const STATE_ACCESS_TOKEN: &str = "accessToken";
/// `state` keys of the accounts the token may use (createAccessToken's result).
pub const STATE_ACCOUNT_NAME: &str = "accountName";
pub const STATE_TOKENIZATION_ACCOUNT_NAME: &str = "tokenizationAccountName";

/// The account names GP's examples use when the app has one account of each kind.
pub const DEFAULT_ACCOUNT_NAME: &str = "transaction_processing";
pub const DEFAULT_TOKENIZATION_ACCOUNT_NAME: &str = "tokenization";
/// The SDK's default `country` (GpApiConfig).
pub const DEFAULT_COUNTRY: &str = "US";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "globalpayments",
        display_name: "Global Payments",
        payment_methods: &PaymentMethods {
            unsupported_methods: bank::UNSUPPORTED,
            supported: &[
                SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: PAY_AND_SAVE },
                // A stored payment method id (PMT_...) from POST /payment-methods or GP's JavaScript library.
                SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: &[crate::protocol::Flow::Authorize] },
                // payment_method.digital_wallet: the encrypted token (payment_token) or the decrypted DPAN and cryptogram.
                SupportedPaymentMethod { kind: PaymentMethodType::ApplePay, methods: &[], flows: &[crate::protocol::Flow::Authorize] },
                SupportedPaymentMethod { kind: PaymentMethodType::GooglePay, methods: &[], flows: &[crate::protocol::Flow::Authorize] },
                // payment_method.apm {provider} with notifications (apm.rs): the shopper pays on the provider's page.
                SupportedPaymentMethod { kind: PaymentMethodType::BankRedirect, methods: apm::BANK_REDIRECT_METHODS, flows: &[crate::protocol::Flow::Authorize] },
                SupportedPaymentMethod { kind: PaymentMethodType::WalletRedirect, methods: apm::WALLET_REDIRECT_METHODS, flows: &[crate::protocol::Flow::Authorize] },
                SupportedPaymentMethod { kind: PaymentMethodType::Voucher, methods: apm::VOUCHER_METHODS, flows: &[crate::protocol::Flow::Authorize] },
                // ACH: payment_method.bank_transfer (bank.rs); SEPA and UK direct debits are refused there.
                SupportedPaymentMethod { kind: PaymentMethodType::BankDebit, methods: bank::METHODS, flows: &[crate::protocol::Flow::Authorize] },
                // payment_method.bnpl {provider} with the payer and the order's items (bnpl.rs); captured once approved.
                SupportedPaymentMethod { kind: PaymentMethodType::Bnpl, methods: bnpl::METHODS, flows: &[crate::protocol::Flow::Authorize] },
                // payment_method.apm {provider: paypal}; once the payer approved, completeAuthorize confirms it.
                SupportedPaymentMethod {
                    kind: PaymentMethodType::Paypal,
                    methods: &[],
                    flows: &[crate::protocol::Flow::Authorize, crate::protocol::Flow::CompleteAuthorize],
                },
            ],
            unsupported: &[
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::NetworkToken,
                    reason: "GP API takes a device token and its cryptogram only inside payment_method.digital_wallet, with a wallet provider (APPLEPAY, PAY_BY_GOOGLE, CLICK_TO_PAY), as its SDKs (Node, PHP, Java) send them; it has no field for a scheme network token on its own",
                },
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: "GP API does not list UPI among its payment methods" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: "GP API does not list UPI among its payment methods" },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::MobileMoney,
                    reason: "GP API lists no mobile money operator among its alternative payment providers (the SDKs' AlternativePaymentType)",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::BankTransfer,
                    reason: "GP API issues no account for the shopper to transfer into: its payment_method.bank_transfer is an ACH debit (bankDebit) and its bank payments otherwise are redirect APMs (bankRedirect)",
                },
            ],
        },
        auth_fields: &[
            AuthField {
                name: "appId",
                required: true,
                description: "App ID of the GP API app (Developer portal > My Apps); createAccessToken sends it as app_id",
            },
            AuthField {
                name: "appKey",
                required: true,
                description: "App Key of the same app: never sent, it ends the SHA-512 secret of createAccessToken and signs webhooks (X-GP-Signature)",
            },
            AuthField {
                name: "accountName",
                required: false,
                description: "transaction processing account name (account_name of /transactions); default: the one the access token lists, else transaction_processing",
            },
            AuthField {
                name: "tokenizationAccountName",
                required: false,
                description: "tokenization account name (account_name of /payment-methods); default: the one the access token lists, else tokenization",
            },
            AuthField { name: "country", required: false, description: "the merchant's country (ISO 3166-1 alpha-2) sent as country; default US" },
        ],
        // The CVV, the token-request secret, the bearer token in its answer (and a wallet's DPAN), the
        // webhook signature, a wallet's cryptogram and encrypted token, the 3-D Secure authentication
        // value, a dispute document's content, an ACH debit's account number.
        sensitive_fields: &["cvv", "secret", "token", "x-gp-signature", "app_id", "cryptogram", "payment_token", "value", "b64_content", "account_number"],
        environments: Environments { sandbox: "https://apis.sandbox.globalpay.com/ucp", production: "https://apis.globalpay.com/ucp" },
    },
    auth: GlobalpaymentsAuth::decode,
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
            "GP API stores a card by itself (POST /payment-methods) with no customer record to create first",
        ),
        // PayPal's confirmation only: GP's 3-D Secure runs through /authentications before the payment.
        complete_authorize: Supported { build: flows::build_complete_authorize, parse: flows::parse_complete_authorize },
        verify_webhook: NotApplicable,
        create_session: Unsupported(
            "GP API's front-end libraries run on an access token with the PMT_ tokenization permission (createAccessToken with \
             permissions), not on a session object",
        ),
        incremental_authorization: Supported { build: flows::build_incremental, parse: flows::parse_incremental },
        revoke_mandate: Supported { build: flows::build_revoke_mandate, parse: flows::parse_revoke_mandate },
        reverse: Supported { build: flows::build_reverse, parse: flows::parse_reverse },
        accept_dispute: Supported { build: disputes::build_accept_dispute, parse: disputes::parse_accept_dispute },
        upload_dispute_file: Unsupported(
            "GP API takes a dispute's documents inside the challenge call (/disputes/{id}/challenge), not as a separate upload",
        ),
        submit_dispute_evidence: Supported {
            build: disputes::build_submit_dispute_evidence,
            parse: disputes::parse_submit_dispute_evidence,
        },
        defend_dispute: Unsupported(
            "GP API's defense is the challenge itself (POST /disputes/{id}/challenge with its documents, which \
             submitDisputeEvidence sends): there is no separate step that submits evidence given before",
        ),
        dsync: Supported { build: disputes::build_dsync, parse: disputes::parse_dsync },
    },
    webhooks: Webhooks::Signed(|webhook, _ctx| webhooks::parse(webhook)),
};

/// The credentials, as `listConnectors` names them in `authFields`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GlobalpaymentsAuth {
    app_id: Secret,
    app_key: Secret,
    account_name: Option<Secret>,
    tokenization_account_name: Option<Secret>,
    country: Option<Secret>,
}

impl GlobalpaymentsAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: GlobalpaymentsAuth = decode_auth(auth)?;
        required(a.app_id.expose(), "auth.appId")?;
        required(a.app_key.expose(), "auth.appKey")?;
        if let Some(c) = a.country() {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(SidecarError::invalid_field("auth.country", "GP API's country is an ISO 3166-1 alpha-2 code, like GB or US".into()));
            }
        }
        Ok(a)
    }

    pub fn app_id(&self) -> &str {
        self.app_id.expose().trim()
    }

    pub fn app_key(&self) -> &str {
        self.app_key.expose().trim()
    }

    fn optional(s: &Option<Secret>) -> Option<&str> {
        s.as_ref().map(|v| v.expose().trim()).filter(|v| !v.is_empty())
    }

    pub fn account_name(&self) -> Option<&str> {
        Self::optional(&self.account_name)
    }

    pub fn tokenization_account_name(&self) -> Option<&str> {
        Self::optional(&self.tokenization_account_name)
    }

    pub fn country(&self) -> Option<&str> {
        Self::optional(&self.country)
    }
}

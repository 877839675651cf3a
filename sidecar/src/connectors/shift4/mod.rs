//! Shift4: the Shift4 Payments API (https://dev.shift4.com/docs/api), JSON bodies, HTTP Basic with
//! the secret key as the user name and no password. One host for test and live mode: the key
//! (`sk_test_...` / `sk_live_...`) decides.
//!
//! - `authorize` → `POST /charges` with the card (`card: {number, expMonth, ...}`) or a Shift4.js
//!   token (`card: "tok_..."`); `captured: false` for manual capture. A decline is HTTP 402 with
//!   `error.type: card_error`, its `code` and the declined charge's `chargeId`.
//! - Apple Pay and Google Pay: the charge's `paymentMethod` is `{type: apple_pay, applePay: {token:
//!   <the PKPaymentToken's paymentData>}}` / `{type: google_pay, googlePay: {token: <the
//!   PaymentMethodToken JSON>}}`; Shift4 decrypts them, and answers a Google Pay card that needs 3-D
//!   Secure with the redirect (`flow.returnUrl`). A token the merchant decrypted is refused.
//! - Bank redirects, wallets and Boleto go through the Payment Methods API in the same call: the
//!   charge's `paymentMethod` is the payment method object itself (`{type: ideal | bancontact |
//!   eps | blik | p24 | trustly | mybank | multibanco | alipay | wechatpay | boleto, billing}`, the
//!   Java SDK's `PaymentMethodRequest`) with `flow.returnUrl`; Shift4 answers `pending` with
//!   `flow.nextAction` `redirect` (authentication_pending, the redirect as nextAction), `qr_code`
//!   or `mobile_app_confirmation`, and psync reads the outcome.
//! - `psync` → `GET /charges/{chargeId}`; `capture` → `POST /charges/{chargeId}/capture` (the
//!   whole authorized amount: the capture request carries no amount); `refund` → `POST /refunds`
//!   (`chargeId`, `amount`: several, partial); `rsync` → `GET /refunds/{refundId}`.
//! - Saved cards live under a customer: `createCustomer` → `POST /customers`, `setupMandate` →
//!   `POST /customers/{customerId}/cards` (the card id is the `mandateReference`, the customer the
//!   `connectorCustomerId`), `repeatPayment` → `POST /charges` with `customerId`, `card: "card_..."`
//!   and `type` `merchant_initiated` / `subsequent_recurring`; `revokeMandate` →
//!   `DELETE /customers/{customerId}/cards/{cardId}`.
//! - Webhooks are not signed: Shift4's docs say to take only the event id from the request and
//!   fetch the event from the API. `verifyWebhook` → `GET /events/{eventId}` and compares what
//!   Shift4 answers with the body; `parseWebhook` reads the body only with that verification.
//! - Disputes (disputes.rs): `dsync` → `GET /disputes/{disputeId}`, `acceptDispute` → `POST
//!   /disputes/{disputeId}/close`, `submitDisputeEvidence` → `POST /disputes/{disputeId}`
//!   (`evidence`), `uploadDisputeFile` → `POST /files` on uploads.api.shift4.com.
//! - `createSession` is local (checkout.rs): Shift4 Checkout has no session call; the merchant
//!   signs the checkout request (HMAC-SHA256 with the secret key) and Shift4.js opens it. The
//!   sidecar answers it from the request and the credentials (`clientToken`), with no HTTP call.
//! - Every POST carries the caller's `idempotencyKey` as `Idempotency-Key` (Shift4 answers the
//!   same request with the first answer, and refuses a reused key with other parameters).
//! - Money: integer minor units of the currency (ISO 4217 exponents); Shift4's `amount` is a
//!   32-bit integer, so larger amounts are refused.

mod checkout;
mod disputes;
mod flows;
mod mapping;
mod requests;
mod responses;
mod webhooks;

#[cfg(test)]
mod tests;

use super::{
    decode_auth, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, PaymentMethods, SupportedPaymentMethod,
    UnsupportedPaymentMethod, Webhooks, PAY_AND_SAVE, PAY_ONLY,
};
use crate::protocol::PaymentMethodType;
use crate::protocol::Support::{Local, Supported, Unsupported};
use crate::protocol::{Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";
const API: &str = "https://api.shift4.com";


pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "shift4",
        display_name: "Shift4",
        payment_methods: &PaymentMethods {
            unsupported_methods: &[],
            supported: &[
                SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: PAY_AND_SAVE },
                SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_AND_SAVE },
                // Through the Payment Methods API: requests::PAYMENT_METHOD_TYPES maps each word to
                // Shift4's type (a unit test checks they agree).
                SupportedPaymentMethod {
                    kind: PaymentMethodType::BankRedirect,
                    methods: &["ideal", "bancontact", "eps", "blik", "przelewy24", "trustly", "mybank", "multibanco"],
                    flows: PAY_ONLY,
                },
                SupportedPaymentMethod { kind: PaymentMethodType::WalletRedirect, methods: &["alipay", "wechatPay"], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::Voucher, methods: &["boleto"], flows: PAY_ONLY },
                // The wallet's encrypted token as an apple_pay / google_pay payment method
                // (requests::wallet): Shift4 decrypts it.
                SupportedPaymentMethod { kind: PaymentMethodType::ApplePay, methods: &[], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::GooglePay, methods: &[], flows: PAY_ONLY },
            ],
            unsupported: &[
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::NetworkToken,
                    reason: "the Shift4 charge API takes card numbers, Shift4.js tokens and saved cards; it has no field for a network token's cryptogram",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::BankDebit,
                    reason: "Shift4's Payment Methods API lists no direct debit (SEPA, ACH, Bacs, BECS): its types are bank redirects, wallets, vouchers and card wallets",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::Bnpl,
                    reason: "Shift4's Payment Methods API lists no pay-later type: no Afterpay/Clearpay or Affirm, and its one Klarna type (klarna_debit_risk) is a debit type, not Klarna's pay later",
                },
                UnsupportedPaymentMethod { kind: PaymentMethodType::Paypal, reason: "Shift4 does not offer PayPal" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: "Shift4 does not offer UPI" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: "Shift4 does not offer UPI" },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::MobileMoney,
                    reason: "Shift4's payment method types (its Java SDK's PaymentMethodType) include no mobile money operator",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::BankTransfer,
                    reason: "Shift4's payment method types (its Java SDK's PaymentMethodType) include no bank transfer answered with an account to pay into",
                },
            ],
        },
        auth_fields: &[AuthField {
            name: "secretKey",
            required: true,
            description: "secret API key (sk_test_... in test mode, sk_live_... live), sent as the Basic user name with no password",
        }],
        // The CVC, and the 3-D Secure authentication value (Shift4's name for the CAVV).
        sensitive_fields: &["cvc", "authenticationValue"],
        environments: Environments { sandbox: API, production: API },
    },
    auth: Shift4Auth::decode,
    flows: FlowTable {
        authorize: Supported { build: flows::build_authorize, parse: flows::parse_authorize },
        psync: Supported { build: flows::build_psync, parse: flows::parse_psync },
        capture: Supported { build: flows::build_capture, parse: flows::parse_capture },
        void: Unsupported(
            "the Shift4 Payments API has no call that releases an uncaptured charge: leave it uncaptured (the authorization lapses) or capture and refund it",
        ),
        refund: Supported { build: flows::build_refund, parse: flows::parse_refund },
        rsync: Supported { build: flows::build_rsync, parse: flows::parse_rsync },
        setup_mandate: Supported { build: flows::build_setup_mandate, parse: flows::parse_setup_mandate },
        repeat_payment: Supported { build: flows::build_repeat_payment, parse: flows::parse_repeat_payment },
        create_access_token: Unsupported("the secret key authenticates every call (HTTP Basic); Shift4 has no access token"),
        create_customer: Supported { build: flows::build_create_customer, parse: flows::parse_create_customer },
        complete_authorize: Unsupported(
            "3-D Secure runs in the browser with Shift4.js before the charge (its token carries the result); there is no call to finish a charge",
        ),
        verify_webhook: Supported { build: flows::build_verify_webhook, parse: flows::parse_verify_webhook },
        // Shift4 Checkout has no session call: the signed checkout request is made here, with no HTTP.
        create_session: Local(checkout::answer_create_session),
        incremental_authorization: Unsupported(
            "the Shift4 Payments API has no call that raises the amount of an authorized charge (its capture takes no amount either): authorize a new charge for the difference",
        ),
        revoke_mandate: Supported { build: flows::build_revoke_mandate, parse: flows::parse_revoke_mandate },
        reverse: Unsupported(
            "the Shift4 Payments API has no single reversal call: refund a captured charge (refund) instead",
        ),
        accept_dispute: Supported { build: disputes::build_accept_dispute, parse: disputes::parse_accept_dispute },
        upload_dispute_file: Supported { build: disputes::build_upload_dispute_file, parse: disputes::parse_upload_dispute_file },
        submit_dispute_evidence: Supported { build: disputes::build_submit_dispute_evidence, parse: disputes::parse_submit_dispute_evidence },
        defend_dispute: Unsupported(
            "Shift4 has no separate defend call: a dispute is defended by submitting its evidence (POST /disputes/{disputeId})",
        ),
        dsync: Supported { build: disputes::build_dsync, parse: disputes::parse_dsync },
    },
    webhooks: Webhooks::VerifiedRemotely(|webhook, verification, _| webhooks::parse(webhook, verification)),
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Shift4Auth {
    secret_key: Secret,
}

impl Shift4Auth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: Shift4Auth = decode_auth(auth)?;
        let key = a.secret_key();
        if key.is_empty() {
            return Err(SidecarError::missing_field("auth.secretKey", "it must not be empty"));
        }
        // The value is never echoed: only its kind is named.
        if key.starts_with("pk_") {
            return Err(SidecarError::invalid_field(
                "auth.secretKey",
                "this is a public key (pk_...), which only Shift4.js uses; server calls take the secret key (sk_...)".into(),
            ));
        }
        if !key.bytes().all(|b| b.is_ascii_graphic()) || key.contains(':') {
            return Err(SidecarError::invalid_field(
                "auth.secretKey",
                "a Shift4 secret key is letters, digits and underscores (sk_test_... / sk_live_...)".into(),
            ));
        }
        Ok(a)
    }

    pub(crate) fn secret_key(&self) -> &str {
        self.secret_key.expose().trim()
    }
}

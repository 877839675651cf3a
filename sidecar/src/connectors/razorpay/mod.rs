//! Razorpay: the Orders and Payments API v1 (https://api.razorpay.com/v1), JSON bodies, HTTP Basic
//! auth with the key id and key secret (https://razorpay.com/docs/api/authentication). The pages
//! this connector follows: Orders (https://razorpay.com/docs/api/orders/create), the S2S JSON V2
//! integration (https://razorpay.com/docs/payments/payment-gateway/s2s-integration/json/v2/ for
//! cards, netbanking, UPI collect and UPI intent; .../s2s-integration/payment-methods/ for the
//! `bank` and `wallet` fields and the wallet codes), Payments (fetch, capture:
//! https://razorpay.com/docs/api/payments/capture), Refunds
//! (https://razorpay.com/docs/api/refunds/create-normal, .../normal-refunds-idempotent), Errors
//! (https://razorpay.com/docs/errors/ and the "Error Reasons" table) and Webhooks
//! (https://razorpay.com/docs/webhooks/validate-test). Field names are checked against the official
//! Node SDK (`razorpay` on npm, MIT), whose request bodies test/oracles/razorpay-sdk.test.ts compares.
//!
//! - A payment is two calls: "An order should be created for every payment" and "payments made
//!   without an order_id cannot be captured and will be automatically refunded". So `authorize`
//!   without `request.state.razorpayOrderId` creates the order (`POST /v1/orders`: amount,
//!   currency, `receipt` = merchantTransactionId, notes, and the order's capture setting
//!   `payment.capture` automatic or manual) and answers `started` with `state.razorpayOrderId` and
//!   `state.continueWith = authorize`; the same request sent again with that state creates the
//!   payment on the order (`POST /v1/payments/create/json`): PaymentsClient sends it by itself.
//! - The payment answers `razorpay_payment_id` and `next` actions: `redirect` (3-D Secure or the
//!   bank's OTP page) → `authentication_pending` with the redirection; `intent` (a `upi://pay`
//!   link) → `authentication_pending`, the link as the redirection; only `poll` (UPI collect: the
//!   shopper approves in their UPI app) → `authentication_pending` with nextAction awaitApproval.
//!   psync (`GET /v1/payments/{id}`) reads the outcome. Netbanking (`method: netbanking`, `bank`:
//!   Razorpay's bank code from bankRedirect.issuer, INR only) and wallets (`method: wallet`,
//!   `wallet`: Razorpay's code of walletRedirect.method, requests::WALLETS) answer `redirect`: the
//!   bank's login page or the wallet's.
//! - Capture: `POST /v1/payments/{id}/capture` `{amount, currency}`; Razorpay's rule is "Capture
//!   amount must be equal to the amount authorized", so a partial capture is refused here (1005).
//! - No void: Razorpay has no call that cancels an authorized payment; one not captured within
//!   the order's `manual_expiry_period` (at most 5 days) is refunded to the shopper by Razorpay.
//! - Refunds: `POST /v1/payments/{id}/refund` `{amount, speed: normal, receipt, notes}` (several,
//!   partial, only on captured payments); rsync `GET /v1/refunds/{id}`.
//! - Idempotency: only refunds take a key (`X-Refund-Idempotency`, at least 10 characters of
//!   letters, digits, `-` and `_`): the caller's idempotencyKey goes there (refused if it does not
//!   fit). Orders and payments take none: a retried payment goes on the same order, and "a paid
//!   order cannot take a second successful payment".
//! - Money: `amount` is an integer in the currency's subunits, the ISO 4217 exponent (paise for
//!   INR, JPY whole yen, KWD/BHD/OMR in thousandths) with Razorpay's rule for three-decimal
//!   currencies: "pass the last decimal number as 0" (99.991 KWD cannot be charged): refused.
//! - Disputes (disputes.rs): dsync `GET /v1/disputes/{id}`, acceptDispute `POST .../accept`,
//!   uploadDisputeFile `POST /v1/documents` (multipart, purpose dispute_evidence), and the contest
//!   `PATCH .../contest`: submitDisputeEvidence (action submit, or draft with `submit: false`),
//!   defendDispute (action submit of the draft).
//! - Recurring payments (recurring.rs, Razorpay's recurring product enabled on the account):
//!   createCustomer, setupMandate (an order with the `token` block, then the card's authorisation
//!   payment with `recurring: "1"`, or UPI AutoPay's on `POST /v1/payments/create/upi` with
//!   `upi.flow` collect or intent; the token is read by psync once the shopper approved it),
//!   repeatPayment (an order, then `POST /v1/payments/create/recurring`), revokeMandate (`DELETE
//!   /v1/customers/{cust}/tokens/{token}`).
//! - E-mandates (emandate.rs): bankDebit `emandate` in setupMandate, or in authorize with
//!   setupFutureUsage (never a one-time debit): the order with `method: emandate` and the token's
//!   `bank_account` and `auth_type` (amount 0; a non-zero unified amount is the first charge,
//!   `token.first_payment_amount`), then the authorisation payment (`POST
//!   /v1/payments/create/json`, `method: emandate`, `bank` = the IFSC's first four letters) whose
//!   `next` redirect is the bank's or NPCI's page; psync reads the token; repeatPayment and
//!   revokeMandate are the cards' calls.
//! - Webhooks: `X-Razorpay-Signature` is the hex HMAC-SHA256 of the raw body with the webhook
//!   secret (webhooks.rs).

mod disputes;
mod emandate;
mod flows;
mod mapping;
mod recurring;
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
use requests::WALLET_REDIRECT_METHODS;
use crate::protocol::{PaymentMethodType, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

/// `state` key of the order the payment goes on (`order_...`).
pub const STATE_ORDER: &str = "razorpayOrderId";
/// `state` key saying the payment continues with another call of the same flow.
pub const STATE_CONTINUE: &str = "continueWith";
/// The refund idempotency header (Create a Normal Refund, Idempotent Request).
pub const REFUND_IDEMPOTENCY_HEADER: &str = "X-Refund-Idempotency";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "razorpay",
        display_name: "Razorpay",
        payment_methods: &PaymentMethods {
            unsupported_methods: &[],
            supported: &[
                // Cards also take Razorpay's recurring token (setupMandate, repeatPayment: recurring.rs).
                SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: PAY_AND_SAVE },
                // A card saved with Razorpay (`token_...`) under its customer (`cust_...`).
                SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_ONLY },
                // UPI AutoPay (recurring.rs): the mandate approved in the UPI app, collect or intent.
                SupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, methods: &[], flows: PAY_AND_SAVE },
                SupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, methods: &[], flows: PAY_AND_SAVE },
                // Indian netbanking: the bank by its Razorpay code in `issuer`.
                SupportedPaymentMethod { kind: PaymentMethodType::BankRedirect, methods: &["netbanking"], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::WalletRedirect, methods: WALLET_REDIRECT_METHODS, flows: PAY_ONLY },
                // The Indian e-mandate (emandate.rs): a recurring registration only (setupMandate, or
                // authorize with setupFutureUsage: the amount is the first charge), then charges on its token.
                SupportedPaymentMethod { kind: PaymentMethodType::BankDebit, methods: &["emandate"], flows: PAY_AND_SAVE },
            ],
            unsupported: &[
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::MobileMoney,
                    reason: "Razorpay serves India: it has no African mobile money wallets (its wallets are the Indian ones of walletRedirect)",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::BankTransfer,
                    reason: "Razorpay takes bank transfers into virtual accounts only through its Smart Collect product (customer identifiers made apart from orders and payments), not through the Orders and Payments API",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::NetworkToken,
                    reason: "Razorpay's S2S payment takes a card number or a Razorpay token (token_...); it has no field for a network token's cryptogram",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::ApplePay,
                    reason: "Razorpay takes Apple Pay only on its hosted Checkout, not through the S2S payment API",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::GooglePay,
                    reason: "Razorpay takes Google Pay as a UPI app (UPI intent), not as a Google Pay card token",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::Paypal,
                    reason: "Razorpay offers PayPal only as a wallet on its hosted Checkout for international payments, not through the S2S payment API",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::Bnpl,
                    reason: "Razorpay's pay-later and cardless EMI providers are Indian (method paylater / cardless_emi); it takes none of Klarna, Afterpay or Affirm",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::Voucher,
                    reason: "Razorpay has no voucher payments (Boleto, OXXO, Konbini, Pix)",
                },
            ],
        },
        auth_fields: &[
            AuthField { name: "keyId", required: true, description: "API key id (rzp_test_... / rzp_live_..., Dashboard > Account & Settings > API Keys): the Basic auth user name" },
            AuthField { name: "keySecret", required: true, description: "API key secret paired with keyId: the Basic auth password" },
        ],
        // The card's CVV in the S2S body, an e-mandate's bank account number, and the webhook signature header.
        sensitive_fields: &["cvv", "account_number", "x-razorpay-signature", "razorpay_signature"],
        environments: Environments { sandbox: "https://api.razorpay.com", production: "https://api.razorpay.com" },
    },
    auth: RazorpayAuth::decode,
    flows: FlowTable {
        authorize: Supported { build: flows::build_authorize, parse: flows::parse_authorize },
        psync: Supported { build: flows::build_psync, parse: flows::parse_psync },
        capture: Supported { build: flows::build_capture, parse: flows::parse_capture },
        void: Unsupported(
            "Razorpay has no call that cancels an authorized payment: a payment not captured within the order's \
             manual_expiry_period (at most 5 days) is refunded to the shopper by Razorpay itself",
        ),
        refund: Supported { build: flows::build_refund, parse: flows::parse_refund },
        rsync: Supported { build: flows::build_rsync, parse: flows::parse_rsync },
        setup_mandate: Supported { build: recurring::build_setup_mandate, parse: recurring::parse_setup_mandate },
        repeat_payment: Supported { build: recurring::build_repeat_payment, parse: recurring::parse_repeat_payment },
        create_access_token: Unsupported("Razorpay takes the key id and key secret as HTTP Basic auth on every call; it has no access token"),
        create_customer: Supported { build: recurring::build_create_customer, parse: recurring::parse_create_customer },
        complete_authorize: Unsupported(
            "after the redirect (3-D Secure, the bank's OTP page) or the UPI approval Razorpay completes the payment itself; \
             there is no call to finish it: read its status with psync",
        ),
        verify_webhook: NotApplicable,
        create_session: Unsupported(
            "Razorpay's front-end Checkout takes the order id (order_...) and the public key id; authorize's first step creates \
             the order and its result's state.razorpayOrderId is what Checkout needs",
        ),
        incremental_authorization: Unsupported("Razorpay has no call that raises the amount of an authorized payment"),
        revoke_mandate: Supported { build: recurring::build_revoke_mandate, parse: recurring::parse_revoke_mandate },
        reverse: Unsupported(
            "Razorpay has no reversal: an uncaptured payment is refunded by Razorpay when its capture period ends, a captured one is refunded",
        ),
        accept_dispute: Supported { build: disputes::build_accept_dispute, parse: disputes::parse_accept_dispute },
        upload_dispute_file: Supported { build: disputes::build_upload_dispute_file, parse: disputes::parse_upload_dispute_file },
        submit_dispute_evidence: Supported { build: disputes::build_submit_dispute_evidence, parse: disputes::parse_submit_dispute_evidence },
        defend_dispute: Supported { build: disputes::build_defend_dispute, parse: disputes::parse_defend_dispute },
        dsync: Supported { build: disputes::build_dsync, parse: disputes::parse_dsync },
    },
    webhooks: Webhooks::Signed(webhooks::parse),
};

/// The credentials, as `listConnectors` names them in `authFields`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RazorpayAuth {
    key_id: Secret,
    key_secret: Secret,
}

impl RazorpayAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: RazorpayAuth = decode_auth(auth)?;
        required(a.key_id.expose(), "auth.keyId")?;
        required(a.key_secret.expose(), "auth.keySecret")?;
        // Basic auth joins them with ':': a key id holding one would shift the split.
        if a.key_id().contains(':') {
            return Err(SidecarError::invalid_field("auth.keyId", "a Razorpay key id has no ':'".into()));
        }
        Ok(a)
    }

    pub fn key_id(&self) -> &str {
        self.key_id.expose().trim()
    }

    pub fn key_secret(&self) -> &str {
        self.key_secret.expose().trim()
    }
}

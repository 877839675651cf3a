//! Xendit: the Payments API's payment requests (https://developers.xendit.co/api-reference/payments-api/,
//! the API the official Node SDK `xendit-node` 7.0.0 calls: `PaymentRequestApi`, `RefundApi`),
//! JSON bodies, HTTP Basic with the secret API key as the user name and an empty password. One
//! host, `https://api.xendit.co`: the key (`xnd_development_...` / `xnd_production_...`) decides
//! test or live mode. No `api-version` header: the SDK sends none for these calls and the API
//! answers with the version the objects below follow.
//!
//! - `authorize` → `POST /payment_requests` with `reference_id` (merchantTransactionId), `amount`,
//!   `currency`, `country` and `payment_method`: `CARD` with `card_information` (the card itself,
//!   for PCI DSS merchants, or a Xendit.js `token_id` given as `token`), `EWALLET` with
//!   `channel_code` (walletRedirect gcash, grabpay, dana, touchNGo, wechatPay, alipay) and its
//!   return URLs; or `payment_method_id` (a `pm-...` payment method made by Xendit.js, given as
//!   `token`). `capture_method` AUTOMATIC or MANUAL (cards). `reusability` MULTIPLE_USE with
//!   `setupFutureUsage`: the payment method's `pm-...` id is the `mandateReference`.
//!   REQUIRES_ACTION carries `actions[]`: the AUTH URL (3-D Secure, the e-wallet's page) is the
//!   redirect, a `qr_code` is a QR code to show.
//! - `bankRedirect` (onlineBankingFpx, onlineBanking) → `payment_method` `DIRECT_DEBIT` with
//!   `direct_debit {channel_code: issuer, the bank's channel (MAYB2U_FPX, BPI_ONLINE_BANKING,
//!   KTB_MB, BCA_KLIKPAY, ...), channel_properties {success_return_url, failure_return_url}}`:
//!   REQUIRES_ACTION with the AUTH action's URL (the bank's page) is the redirect.
//! - `createSession` → `POST /sessions` (Payment Sessions, mode PAYMENT_LINK, session_type PAY):
//!   the `ps-...` id and the hosted page (`payment_link_url`) to send the shopper to; psync of the
//!   `ps-...` id reads `GET /sessions/{id}`, whose `payment_request_id` is the payment once it is
//!   COMPLETED (sessions.rs).
//! - `bankTransfer` (virtualAccount) → `payment_method` `VIRTUAL_ACCOUNT` with `virtual_account
//!   {channel_code: the bank (BCA, BNI, MANDIRI, ...), channel_properties {customer_name}}`:
//!   PENDING with the number Xendit opened, read as nextAction displayBankDetails.
//! - `psync` → `GET /payment_requests/{id}`; `capture` → `POST /payment_requests/{id}/captures`
//!   with `capture_amount` (required: part or all of what is authorized); `refund` → `POST
//!   /refunds` (`payment_request_id`, `amount`, `reason`, `reference_id`: several, partial);
//!   `rsync` → `GET /refunds/{id}`; `repeatPayment` → `POST /payment_requests` with
//!   `payment_method_id` and `initiator: MERCHANT`.
//! - `setupMandate` (a card) → `POST /v2/payment_methods` (`type` CARD, `reusability`
//!   MULTIPLE_USE, `card {currency, channel_properties, card_information}`): ACTIVE is saved (its
//!   `pm-...` id is the mandateReference), REQUIRES_ACTION sends the shopper to 3-D Secure and
//!   psync of the `pm-...` id reads `GET /v2/payment_methods/{id}`; `revokeMandate` → `POST
//!   /v2/payment_methods/{id}/expire` (EXPIRED). The SDK sends no idempotency-key on these calls,
//!   and neither does the connector.
//! - Idempotency: the caller's `idempotencyKey` goes in Xendit's `idempotency-key` header on
//!   every POST (a replay answers the first result; another body with the same key is
//!   IDEMPOTENCY_ERROR).
//! - Money: `amount` is a JSON number in major units. Xendit takes IDR and VND in whole units
//!   (no decimals) and PHP, THB, MYR, USD with two: converted exactly from ISO minor units, and an
//!   amount that cannot be written so (IDR 1.50) is refused (InvalidFieldValue), never rounded.
//! - Webhooks (webhooks.rs) carry the `x-callback-token` header: a verification token compared
//!   in constant time, not an HMAC signature.

mod flows;
mod mapping;
mod requests;
mod responses;
mod sessions;
mod webhooks;

#[cfg(test)]
mod tests;

use super::{
    decode_auth, required, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, PaymentMethods,
    SupportedPaymentMethod, UnsupportedPaymentMethod, Webhooks, PAY_ONLY,
};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{Flow, PaymentMethodType, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";
const API: &str = "https://api.xendit.co";

const PAY_AND_REPEAT: &[Flow] = &[Flow::Authorize, Flow::RepeatPayment];

const NO_DISPUTES_API: &str = "Xendit's public API has no dispute (chargeback) endpoints: disputes are answered in the Xendit Dashboard";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "xendit",
        display_name: "Xendit",
        payment_methods: &PaymentMethods {
            unsupported_methods: &[],
            supported: &[
                // setupMandate: POST /v2/payment_methods, a MULTIPLE_USE card.
                SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: &[Flow::Authorize, Flow::SetupMandate, Flow::RepeatPayment] },
                SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_AND_REPEAT },
                SupportedPaymentMethod { kind: PaymentMethodType::WalletRedirect, methods: requests::WALLET_WORDS, flows: PAY_ONLY },
                // VIRTUAL_ACCOUNT: the shopper transfers to the account number Xendit opens.
                SupportedPaymentMethod { kind: PaymentMethodType::BankTransfer, methods: &["virtualAccount"], flows: PAY_ONLY },
                // DIRECT_DEBIT online banking: issuer is the bank's channel code (FPX, PH, TH, BCA KlikPay).
                SupportedPaymentMethod { kind: PaymentMethodType::BankRedirect, methods: requests::BANK_REDIRECT_WORDS, flows: PAY_ONLY },
            ],
            unsupported: &[
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::NetworkToken,
                    reason: "Xendit's card payment method (card_information) takes a card number or a Xendit.js token; it has no field for a network token's cryptogram",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::ApplePay,
                    reason: "Xendit takes Apple Pay through its hosted checkout (Invoices, Payment Sessions); the Payment Requests API has no Apple Pay payment method type",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::GooglePay,
                    reason: "Xendit takes Google Pay through its hosted checkout (Invoices, Payment Sessions); the Payment Requests API has no Google Pay payment method type",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::BankDebit,
                    reason: "Xendit's direct debit pays from a bank account the shopper first links at an Indonesian, Philippine or Thai bank (BRI, BPI, UBP, KTB, SCB, ...: account linking with the bank's OTP or consent page, named by the shopper's mobile number); it takes no SEPA, ACH, BACS or BECS mandate",
                },
                UnsupportedPaymentMethod { kind: PaymentMethodType::Bnpl, reason: "Xendit takes PayLater (Kredivo, Akulaku, Atome, ...) through its PayLater API, not through payment requests; it does not offer Klarna, Afterpay or Affirm" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::Voucher, reason: "Xendit does not offer Boleto, OXXO, Konbini or Pix; its own over-the-counter codes (7-Eleven, Alfamart, ...) are OVER_THE_COUNTER channels the unified voucher does not name" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::Paypal, reason: "Xendit does not offer PayPal" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: "Xendit does not offer UPI (it serves Indonesia, the Philippines, Vietnam, Thailand and Malaysia)" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: "Xendit does not offer UPI (it serves Indonesia, the Philippines, Vietnam, Thailand and Malaysia)" },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::MobileMoney,
                    reason: "Xendit does not offer African mobile money (M-Pesa, MTN, Airtel, Orange); its phone wallets (GCash, DANA, GrabPay, ...) are walletRedirect",
                },
            ],
        },
        auth_fields: &[AuthField {
            name: "apiKey",
            required: true,
            description: "secret API key (Dashboard > Settings > API keys, xnd_development_... or xnd_production_...), sent as the HTTP Basic user name with an empty password",
        }],
        // The card's CVV, and the header that carries the webhook verification token.
        sensitive_fields: &["cvv", "x-callback-token"],
        environments: Environments { sandbox: API, production: API },
    },
    auth: XenditAuth::decode,
    flows: FlowTable {
        authorize: Supported { build: flows::build_authorize, parse: flows::parse_authorize },
        psync: Supported { build: flows::build_psync, parse: flows::parse_psync },
        capture: Supported { build: flows::build_capture, parse: flows::parse_capture },
        void: Unsupported(
            "Xendit's Payment Requests API has no call that cancels an authorization (the SDK's PaymentRequestApi: create, get, list, capture, authorize, resend auth, simulate): an uncaptured card authorization (AWAITING_CAPTURE) lapses when it expires; refund what was captured",
        ),
        refund: Supported { build: flows::build_refund, parse: flows::parse_refund },
        rsync: Supported { build: flows::build_rsync, parse: flows::parse_rsync },
        setup_mandate: Supported { build: flows::build_setup_mandate, parse: flows::parse_setup_mandate },
        repeat_payment: Supported { build: flows::build_repeat_payment, parse: flows::parse_repeat_payment },
        create_access_token: Unsupported("Xendit authenticates every call with HTTP Basic (the secret API key); it has no access token"),
        create_customer: Unsupported("Xendit's payment requests need no customer object: a saved payment method (pm-...) pays again on its own id"),
        complete_authorize: Unsupported(
            "after 3-D Secure or the e-wallet's page Xendit completes the payment request itself and sends the shopper to success_return_url: read its status with psync",
        ),
        verify_webhook: NotApplicable,
        create_session: Supported { build: sessions::build_create_session, parse: sessions::parse_create_session },
        incremental_authorization: Unsupported("Xendit's Payment Requests API has no call that raises the amount of an authorized payment"),
        revoke_mandate: Supported { build: flows::build_revoke_mandate, parse: flows::parse_revoke_mandate },
        reverse: Unsupported("Xendit has no separate reversal for payment requests: refund a captured payment; an uncaptured authorization lapses"),
        accept_dispute: Unsupported(NO_DISPUTES_API),
        upload_dispute_file: Unsupported(NO_DISPUTES_API),
        submit_dispute_evidence: Unsupported(NO_DISPUTES_API),
        defend_dispute: Unsupported(NO_DISPUTES_API),
        dsync: Unsupported(NO_DISPUTES_API),
    },
    webhooks: Webhooks::Signed(webhooks::parse),
};

/// The credentials, as `listConnectors` names them in `authFields`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct XenditAuth {
    api_key: Secret,
}

impl XenditAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: XenditAuth = decode_auth(auth)?;
        required(a.api_key.expose(), "auth.apiKey")?;
        // The value is never echoed: it goes into a header, so it must be printable ASCII.
        if !a.api_key().bytes().all(|b| b.is_ascii_graphic()) {
            return Err(SidecarError::invalid_field("auth.apiKey", "a Xendit API key is printable ASCII without spaces".into()));
        }
        Ok(a)
    }

    pub fn api_key(&self) -> &str {
        self.api_key.expose().trim()
    }
}

//! Paystack: the Transactions, Refund and Dispute APIs (https://paystack.com/docs/api/), JSON
//! bodies, every call authenticated with the secret key as `Authorization: Bearer sk_...`
//! (https://paystack.com/docs/api/authentication/). One base URL, `https://api.paystack.co`, for
//! test and live: the key (`sk_test_` / `sk_live_`) decides. Paystack's OpenAPI spec
//! (PaystackOSS/openapi, MIT) is vendored in oracles/paystack/ and our requests are validated
//! against it.
//!
//! - Cards are entered on Paystack's own checkout, not sent by the merchant: `createSession` →
//!   `POST /transaction/initialize` (`email`, `amount`, `currency`, `reference`, `callback_url`,
//!   `channels`, `metadata`) answers the hosted checkout's `authorization_url` (the result's
//!   `redirection`) and the `access_code` Paystack Popup resumes (`sessionId`); then `psync`.
//! - `authorize` with a `token` (an authorization code `AUTH_...`, kind `authorization_code`) and
//!   `repeatPayment` (the `mandateReference`) → `POST /transaction/charge_authorization`: a
//!   reusable authorization, which a first successful payment's `authorization` is
//!   (`reusable: true`: psync, authorize and webhooks answer it as `mandateReference`).
//! - `authorize` with `mobileMoney` or `bankTransfer` (virtualAccount) → `POST /charge` (Create
//!   Charge) with `mobile_money {phone, provider}` (mtn, atl, vod in Ghana, mpesa in Kenya) or
//!   `bank_transfer` (Pay with Transfer, NGN): the answer is `pay_offline` / `send_otp` (the
//!   shopper approves on the phone: nextAction awaitApproval with Paystack's display_text) or
//!   `pending_bank_transfer` (nextAction displayBankDetails: the account number, bank and expiry).
//!   Vodafone Cash answers `send_otp` (a voucher the shopper generates by USSD).
//! - completeAuthorize: a charge whose `status` is a step the shopper answers (send_otp, send_pin,
//!   send_phone, send_birthday, send_address) carries it in the result's `state.paystackNextStep`;
//!   completeAuthorize sends what the shopper entered to the call of that step: POST
//!   /charge/submit_otp `{otp, reference}`, /charge/submit_pin `{pin, reference}`,
//!   /charge/submit_phone `{phone, reference}`, /charge/submit_birthday `{birthday: YYYY-MM-DD,
//!   reference}`, /charge/submit_address `{address, city, state, zip_code, reference}` (the spec's
//!   ChargeSubmit* bodies), and reads the charge's next state (another step, pay_offline,
//!   success, failed). `open_url` has nothing to submit: the shopper finishes at the URL, then psync.
//! - `psync` → `GET /transaction/verify/{reference}`; `refund` → `POST /refund` (`transaction`,
//!   `amount`, `currency`, `merchant_note`: several, partial); `rsync` → `GET /refund/{id}`;
//!   `dsync` → `GET /dispute/{id}`; `revokeMandate` → `POST /customer/authorization/deactivate`.
//! - Ids: our `connectorTransactionId` is Paystack's `reference`, which is the merchant's
//!   `merchantTransactionId`: Paystack refuses a second transaction with the same reference, so
//!   the reference is the payment's idempotency key (Paystack has no idempotency header). Its
//!   refunds take no merchant reference: a refund retried after a lost answer is a second refund,
//!   so read the payment's refunds (rsync, webhooks) before retrying one.
//! - Money: `amount` is an integer in the currency's subunit (kobo, pesewas, cents). The
//!   currencies of Paystack's API (the spec's `Currency`: GHS, KES, NGN, USD, ZAR) all have a
//!   subunit of 1/100, as ISO 4217 does, so the unified minor amount is sent unchanged; any other
//!   currency is refused (1005).
//! - Webhooks: `x-paystack-signature`, hex HMAC-SHA512 of the raw body with the secret key.

mod flows;
mod mapping;
mod requests;
mod responses;
mod webhooks;

#[cfg(test)]
mod tests;

use super::{
    decode_auth, required, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, PaymentMethods, PAY_ONLY,
    SupportedPaymentMethod, UnsupportedPaymentMethod, Webhooks,
};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{Flow, PaymentMethodType, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

/// `state` key of the step a Charge API charge waits for (its `status`: send_otp, send_pin,
/// send_phone, send_birthday, send_address, open_url): completeAuthorize answers it.
pub const STATE_STEP: &str = "paystackNextStep";

/// The currencies Paystack's API takes (the spec's `Currency` enum) and the decimals of their
/// subunit (https://paystack.com/docs/api/#supported-currency: kobo, pesewas, cents).
pub const CURRENCIES: &[(&str, u8)] = &[("GHS", 2), ("KES", 2), ("NGN", 2), ("USD", 2), ("ZAR", 2)];

/// createSession's `paymentMethodTypes` → Paystack's checkout `channels`: the protocol's type names
/// it has a channel for, and its own channel words (TransactionInitialize.channels).
pub const CHANNELS: &[(&str, &str)] = &[
    ("card", "card"),
    ("bankDebit", "bank"),
    ("bank", "bank"),
    ("ussd", "ussd"),
    ("qr", "qr"),
    ("eft", "eft"),
    ("mobile_money", "mobile_money"),
    ("bank_transfer", "bank_transfer"),
];

/// The mobile money operators Paystack's Charge API takes (`mobile_money.provider`,
/// https://paystack.com/docs/payments/payment-channels/#mobile-money): the protocol's provider,
/// Paystack's code, the country calling code of the wallets it serves and the one currency it
/// charges them in (MTN, AirtelTigo and Vodafone Cash in Ghana, M-Pesa in Kenya).
pub struct MobileMoneyOperator {
    pub provider: &'static str,
    pub code: &'static str,
    pub calling_code: &'static str,
    pub currency: &'static str,
}

pub const MOBILE_MONEY: &[MobileMoneyOperator] = &[
    MobileMoneyOperator { provider: "mtn", code: "mtn", calling_code: "233", currency: "GHS" },
    MobileMoneyOperator { provider: "airtelTigo", code: "atl", calling_code: "233", currency: "GHS" },
    MobileMoneyOperator { provider: "vodafone", code: "vod", calling_code: "233", currency: "GHS" },
    MobileMoneyOperator { provider: "mpesa", code: "mpesa", calling_code: "254", currency: "KES" },
];

/// The `provider` words of [`MOBILE_MONEY`], as the declaration lists them (a unit test keeps the
/// two the same).
const MOBILE_MONEY_PROVIDERS: &[&str] = &["mtn", "airtelTigo", "vodafone", "mpesa"];

const NOT_OFFERED: &str = "Paystack does not offer it (it serves Nigeria, Ghana, Kenya, South Africa and Côte d'Ivoire with cards, bank accounts, bank transfer, USSD, QR, mobile money and EFT)";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "paystack",
        display_name: "Paystack",
        payment_methods: &PaymentMethods {
            unsupported_methods: &[],
            supported: &[
                // A reusable authorization code (AUTH_...) from a first payment.
                SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: &[Flow::Authorize, Flow::RepeatPayment] },
                // Create Charge with mobile_money: the shopper approves on the phone.
                SupportedPaymentMethod { kind: PaymentMethodType::MobileMoney, methods: MOBILE_MONEY_PROVIDERS, flows: PAY_ONLY },
                // Create Charge with bank_transfer (Pay with Transfer, Nigeria): a one-time account number.
                SupportedPaymentMethod { kind: PaymentMethodType::BankTransfer, methods: &["virtualAccount"], flows: PAY_ONLY },
            ],
            unsupported: &[
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::Card,
                    reason: "Paystack takes card numbers on its own checkout or Paystack Popup (createSession: Initialize Transaction), not from the merchant's server; its Charge API takes a card only from PCI DSS certified businesses Paystack has enabled. A card paid once is charged again by its authorization code (token, repeatPayment)",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::NetworkToken,
                    reason: "Paystack's Charge and Transaction APIs have no field for a network token or its cryptogram",
                },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::ApplePay,
                    reason: "Paystack takes Apple Pay on its checkout and Paystack Popup (createSession), not as a token the merchant sends",
                },
                UnsupportedPaymentMethod { kind: PaymentMethodType::GooglePay, reason: "Paystack's API has no field for a Google Pay token" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::BankRedirect, reason: NOT_OFFERED },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::BankDebit,
                    reason: "Paystack does not debit SEPA, ACH, Bacs or BECS accounts; its bank payments (Nigerian bank accounts, bank transfer, EFT) are channels of its checkout (createSession with bankDebit, bank_transfer or eft)",
                },
                UnsupportedPaymentMethod { kind: PaymentMethodType::Bnpl, reason: NOT_OFFERED },
                UnsupportedPaymentMethod { kind: PaymentMethodType::Voucher, reason: NOT_OFFERED },
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::WalletRedirect,
                    reason: "Paystack's wallets are mobile money (M-Pesa, MTN, AirtelTigo, Vodafone: the mobileMoney type); it offers none of the walletRedirect methods",
                },
                UnsupportedPaymentMethod { kind: PaymentMethodType::Paypal, reason: NOT_OFFERED },
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: NOT_OFFERED },
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: NOT_OFFERED },
            ],
        },
        auth_fields: &[AuthField {
            name: "apiKey",
            required: true,
            description: "secret key (Dashboard > Settings > API Keys & Webhooks, sk_test_... or sk_live_...), sent as Authorization: Bearer; it also signs webhooks",
        }],
        // A reusable authorization charges the shopper on its own; the webhook signature header.
        // A mobile money charge's `phone` names the shopper's wallet: kept out of logs.
        sensitive_fields: &["authorization_code", webhooks::SIGNATURE_HEADER, "phone", "otp", "pin", "birthday"],
        environments: Environments { sandbox: "https://api.paystack.co", production: "https://api.paystack.co" },
    },
    auth: PaystackAuth::decode,
    flows: FlowTable {
        authorize: Supported { build: flows::build_authorize, parse: flows::parse_authorize },
        psync: Supported { build: flows::build_psync, parse: flows::parse_psync },
        capture: Unsupported(
            "Paystack charges when the shopper pays: its transactions have no authorize-then-capture (Preauthorization is a separate product Paystack enables per business on request)",
        ),
        void: Unsupported("a successful Paystack transaction is already charged, so there is nothing to void: refund it (POST /refund)"),
        refund: Supported { build: flows::build_refund, parse: flows::parse_refund },
        rsync: Supported { build: flows::build_rsync, parse: flows::parse_rsync },
        setup_mandate: Unsupported(
            "Paystack saves a card or account only from a successful payment (its authorization, reusable: true): there is no call that saves one without charging; take a first payment (createSession, then psync gives mandateReference)",
        ),
        repeat_payment: Supported { build: flows::build_repeat_payment, parse: flows::parse_repeat_payment },
        create_access_token: Unsupported("Paystack authenticates every call with the secret key as a Bearer token; it has no token exchange"),
        create_customer: Unsupported(
            "Paystack creates the customer from the email of the first transaction; charging needs no customer object",
        ),
        complete_authorize: Supported { build: flows::build_complete_authorize, parse: flows::parse_complete_authorize },
        verify_webhook: NotApplicable,
        create_session: Supported { build: flows::build_create_session, parse: flows::parse_create_session },
        incremental_authorization: Unsupported("Paystack's transactions are charged at once: there is no authorized amount to raise"),
        revoke_mandate: Supported { build: flows::build_revoke_mandate, parse: flows::parse_revoke_mandate },
        reverse: Unsupported("Paystack has no reversal call: a successful transaction is charged, and is given back by a refund (POST /refund)"),
        accept_dispute: Unsupported(
            "Paystack's Resolve Dispute (PUT /dispute/{id}/resolve) requires the refund amount and an uploaded_filename from its upload-URL step, which acceptDispute does not carry; accept on the Dashboard",
        ),
        upload_dispute_file: Unsupported(
            "Paystack takes dispute files by a PUT to a signed URL from GET /dispute/{id}/upload_url, outside its API",
        ),
        submit_dispute_evidence: Unsupported(
            "Paystack's Add Evidence (POST /dispute/{id}/evidence) takes the customer's email, name, phone and service details as fixed fields, not the unified evidence list",
        ),
        defend_dispute: Unsupported("Paystack has no separate defend call: evidence is added, then the dispute resolved (declined)"),
        dsync: Supported { build: flows::build_dsync, parse: flows::parse_dsync },
    },
    webhooks: Webhooks::Signed(webhooks::parse),
};

/// The credentials, as `listConnectors` names them in `authFields`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PaystackAuth {
    api_key: Secret,
}

impl PaystackAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: PaystackAuth = decode_auth(auth)?;
        let key = required(a.api_key.expose(), "auth.apiKey")?;
        // The value is never echoed: it goes into a header.
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(SidecarError::invalid_field("auth.apiKey", "a Paystack secret key is printable ASCII without spaces".into()));
        }
        Ok(a)
    }

    pub fn api_key(&self) -> &str {
        self.api_key.expose().trim()
    }
}

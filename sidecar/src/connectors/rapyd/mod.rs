//! Rapyd: the Rapyd Collect API (https://docs.rapyd.net/en/api-reference.html), JSON bodies, every
//! request signed (https://docs.rapyd.net/en/request-signatures.html): headers `access_key`,
//! `salt` (random, 8 to 16 characters), `timestamp` (Unix seconds) and
//! `signature = BASE64(HEX(HMAC-SHA256(secret_key, http_method + url_path + salt + timestamp +
//! access_key + secret_key + body_string)))`, with the method in lower case, the path from `/v1`,
//! and the body exactly as sent, compact JSON, or "" when there is none (GET, DELETE, a capture of
//! the whole amount). `options.now` fixes the timestamp and `options.nonce` the salt (vectors);
//! otherwise the clock and a fresh random salt are used. Sandbox `https://sandboxapi.rapyd.net`,
//! production `https://api.rapyd.net`. Rapyd's OpenAPI spec (Rapyd-Samples/RapydOpenAPI) is
//! vendored in oracles/rapyd/ and our requests are validated against it.
//!
//! - `authorize` → `POST /v1/payments`: a card as `payment_method: {type, fields: {number,
//!   expiration_month, expiration_year, cvv, name}}`, where `type` is Rapyd's card payment method
//!   type for the country and brand (`us_visa_card`, `gb_mastercard_card`: its "List Payment
//!   Methods by Country"), taken from the billing address's country and the card's brand; or a
//!   saved payment method id (`card_...`, with the customer `cus_...`) as `token`. `capture:
//!   false` for manual capture; `complete_payment_url` / `error_payment_url` from `returnUrl`
//!   (3-D Secure returns there). An answer with `next_action: 3d_verification` carries the
//!   `redirect_url` the shopper must open.
//! - `psync` → `GET /v1/payments/{id}`; `capture` → `POST /v1/payments/{id}/capture` (with
//!   `amount` for a partial capture, else no body: all of it); `void` → `DELETE
//!   /v1/payments/{id}` (cancels a payment that is not closed: an uncaptured authorization);
//!   `refund` → `POST /v1/refunds` (`payment`, `amount`: several, partial); `rsync` → `GET
//!   /v1/refunds/{id}`.
//! - Saved cards: `createCustomer` → `POST /v1/customers`; `setupMandate` → `POST
//!   /v1/customers/{customer}/payment_methods` (the `card_...` id is the `mandateReference`);
//!   `repeatPayment` → `POST /v1/payments` with `customer`, `payment_method: "card_..."` and
//!   `initiation_type` (`recurring`, `unscheduled`, `installment`); `revokeMandate` → `DELETE
//!   /v1/customers/{customer}/payment_methods/{card}` (Delete Payment Method: `{id, deleted}`).
//! - Local methods through the same Create Payment (local.rs): bank redirects, bank debits, BNPL,
//!   vouchers, redirect wallets, mobile money and bank transfers as `payment_method: {type,
//!   fields}`. Rapyd names these per country and merchant account, so this connector READS
//!   `processorMethod`: Rapyd's payment method type, which the merchant takes from Rapyd's List
//!   Payment Methods by Country (`GET /v1/payment_methods/country`). It is required (1004 naming
//!   `request.paymentMethod.<type>.processorMethod`) except for the methods Rapyd's docs name a
//!   type for (GrabPay, GCash, OXXO: requests::LOCAL_TYPES, from the billing country), where it
//!   overrides that default. It is checked against the convention of Rapyd's Payment Method Type
//!   object (`<country>_<name>_<category>`, country ISO alpha-2 or `xx`, category `_bank`, `_card`,
//!   `_cash`, `_ewallet`) per unified type (local::SUFFIXES) and, where the payload names a
//!   country, against its prefix. `fields` carries the payload under Rapyd's own names for the
//!   data (its Beneficiary object: `iban`, `account_number`, `aba`, `sort_code`, `bsb_code`,
//!   `ifsc`, `bank_account_type`, `bank_account_holder_name`, `tax_id`; a mobile money wallet's
//!   `phone_number`) and the shopper's `first_name`, `last_name`, `email`, `phone_number` for bank,
//!   BNPL and mobile money types; wallets and cash keep Rapyd's sample `fields: {}` (a voucher adds
//!   `tax_id`). What a type's required fields are is Rapyd's answer (Get Payment Method Required
//!   Fields). An issuer, a receiving bank, a BLIK code or a merchant mandate id has no place in
//!   Rapyd's request and is refused (1005), never dropped. Answers: ACT with `pending_confirmation`
//!   and a `redirect_url` is a redirect (redirection and nextAction redirect); a `bank_transfer`
//!   answer's `textual_codes` are the account to pay (nextAction displayBankDetails); cash's are
//!   the voucher (displayVoucher); `pending_confirmation` with nothing to open is awaitApproval; a
//!   `next_action` outside Rapyd's enum is 1006. All stay pending (ACT) until the shopper pays; a
//!   webhook or psync says when.
//! - Apple Pay and Google Pay through the same Create Payment: the card's type
//!   (`<country>_visa_card`, `<country>_mastercard_card`, from the billing country and the
//!   token's network) with `payment_method.digital_wallet: {type: apple_pay|google_pay, details:
//!   {token}}`, the token as Rapyd's guides send it (requests::apple_pay, google_pay).
//! - `createSession` → Create Checkout Page (`POST /v1/checkout`): the hosted page's
//!   `redirect_url`; its `checkout_...` id is the session and the `connectorTransactionId`, and
//!   psync of it reads the page's payment (sessions.rs). With `applePayMerchantValidation` it is
//!   Retrieve Apple Pay Session (`POST /v1/digital_wallets/session/apple_pay`): Apple's merchant
//!   session as `sessionData`.
//! - `dsync` → `GET /v1/disputes/{dispute}` (Retrieve Dispute; disputes are answered in the Client
//!   Portal, the API reads them).
//! - Every answer is `{status: {error_code, status: SUCCESS|ERROR, message, response_code,
//!   operation_id}, data}`; an error has no `data`.
//! - Idempotency: the caller's `idempotencyKey` goes in Rapyd's `idempotency` header
//!   (https://docs.rapyd.net/en/idempotency.html).
//! - Money: Rapyd's `amount` is a decimal in major units with the currency's ISO 4217 exponent
//!   ("Decimal, including the correct number of decimal places for the currency exponent");
//!   written from integer minor units with no float and no trailing zeros (2000 USD minor units is
//!   `20`, 1050 is `10.5`), which is also how Rapyd's own SDK writes numbers before signing.
//! - Webhooks (https://docs.rapyd.net/en/webhook-authentication.html) are signed like requests
//!   without the method: `BASE64(HEX(HMAC-SHA256(url + salt + timestamp + access_key +
//!   secret_key + body)))`, where `url` is the whole webhook URL registered with Rapyd: give it as
//!   `url`, and `secret` as `<access_key>:<secret_key>` (both keys sign the webhook).

mod disputes;
mod flows;
mod local;
mod mapping;
mod requests;
mod responses;
mod sessions;
mod signing;
mod webhooks;

#[cfg(test)]
mod tests;

use super::{
    decode_auth, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, PaymentMethods, SupportedPaymentMethod,
    UnsupportedPaymentMethod, Webhooks, PAY_AND_SAVE, PAY_ONLY,
};
use crate::protocol::{Flow, PaymentMethodType};
use crate::protocol::Support::{Supported, Unsupported};
use crate::protocol::{Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

pub const IDEMPOTENCY_HEADER: &str = "idempotency";

/// UPI: Rapyd takes it only as a per-country payment method type enabled on the merchant's account
/// ("List Payment Methods by Country") with its own required fields, its public documentation
/// names no UPI type, and the unified UPI payloads carry no processorMethod to name one.
const UPI: &str = "Rapyd takes UPI only as a per-country payment method type enabled on the merchant account (List Payment Methods by Country) with the type's own required fields (Get Payment Method Required Fields), and its public documentation names no UPI type; Rapyd Checkout offers it: use createSession (Create Checkout Page)";

/// Every `walletRedirect.method` of the protocol: Rapyd takes any of them as the ewallet type the
/// merchant names (processorMethod); GrabPay and GCash also without it (requests::LOCAL_TYPES).
const WALLET_REDIRECT_METHODS: &[&str] = &[
    "alipay", "alipayHk", "wechatPay", "mbway", "swish", "twint", "vipps", "mobilepay", "gcash", "grabpay", "kakaoPay", "dana", "gopay",
    "touchNGo", "cashApp", "revolutPay", "payzapp", "airtelMoney", "mobikwik", "jioMoney", "olaMoney", "phonepe", "amazonPay",
];

/// Every `bankRedirect.method` of the protocol, each a `_bank` type the merchant names.
const BANK_REDIRECT_METHODS: &[&str] = &[
    "ideal", "bancontact", "eps", "blik", "przelewy24", "sofort", "giropay", "trustly", "onlineBankingFpx", "knet", "mybank", "multibanco",
    "netbanking", "onlineBanking",
];

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "rapyd",
        display_name: "Rapyd",
        payment_methods: &PaymentMethods {
            unsupported_methods: &[],
            supported: &[
                SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: PAY_AND_SAVE },
                SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: &[Flow::Authorize] },
                // Local methods (local.rs): every method of each type, named by the merchant's
                // processorMethod (List Payment Methods by Country), or for the methods of
                // requests::LOCAL_TYPES by the type Rapyd's docs name for the billing country.
                SupportedPaymentMethod { kind: PaymentMethodType::WalletRedirect, methods: WALLET_REDIRECT_METHODS, flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::Voucher, methods: &["boleto", "oxxo", "konbini", "pix"], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::BankRedirect, methods: BANK_REDIRECT_METHODS, flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::BankDebit, methods: &["sepa", "ach", "bacs", "becs", "emandate"], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::Bnpl, methods: &["klarna", "afterpayClearpay", "affirm"], flows: PAY_ONLY },
                SupportedPaymentMethod {
                    kind: PaymentMethodType::MobileMoney,
                    methods: &["mpesa", "mtn", "airtelTigo", "vodafone", "airtel", "orange"],
                    flows: PAY_ONLY,
                },
                SupportedPaymentMethod { kind: PaymentMethodType::BankTransfer, methods: &["virtualAccount", "sepaCreditTransfer"], flows: PAY_ONLY },
                // The card's type with payment_method.digital_wallet (requests::apple_pay, google_pay).
                // createSession: Retrieve Apple Pay Session (the merchant validation).
                SupportedPaymentMethod { kind: PaymentMethodType::ApplePay, methods: &[], flows: &[Flow::Authorize, Flow::CreateSession] },
                SupportedPaymentMethod { kind: PaymentMethodType::GooglePay, methods: &[], flows: PAY_ONLY },
            ],
            unsupported: &[
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::NetworkToken,
                    reason: "Rapyd's Create Payment takes network tokens only through a third-party token provider set up on the merchant account; the API has no field for a DPAN's cryptogram in a card payment",
                },
                UnsupportedPaymentMethod { kind: PaymentMethodType::Paypal, reason: "Rapyd does not offer PayPal" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: UPI },
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: UPI },
            ],
        },
        auth_fields: &[
            AuthField { name: "accessKey", required: true, description: "access key (Client Portal > Developers), sent as the access_key header and signed" },
            AuthField { name: "secretKey", required: true, description: "secret key (Client Portal > Developers): the HMAC key of every request signature; never sent" },
        ],
        // The CVV in a card's fields, and the headers that carry the signature and the access key.
        // A bank debit's account and a mobile money wallet's number pay: they are masked too.
        sensitive_fields: &["cvv", "signature", "access_key", "iban", "account_number"],
        environments: Environments { sandbox: "https://sandboxapi.rapyd.net", production: "https://api.rapyd.net" },
    },
    auth: RapydAuth::decode,
    flows: FlowTable {
        authorize: Supported { build: flows::build_authorize, parse: flows::parse_authorize },
        psync: Supported { build: flows::build_psync, parse: flows::parse_psync },
        capture: Supported { build: flows::build_capture, parse: flows::parse_capture },
        void: Supported { build: flows::build_void, parse: flows::parse_void },
        refund: Supported { build: flows::build_refund, parse: flows::parse_refund },
        rsync: Supported { build: flows::build_rsync, parse: flows::parse_rsync },
        setup_mandate: Supported { build: flows::build_setup_mandate, parse: flows::parse_setup_mandate },
        repeat_payment: Supported { build: flows::build_repeat_payment, parse: flows::parse_repeat_payment },
        create_access_token: Unsupported("every Rapyd request is signed with the access key and secret key (HMAC-SHA256); Rapyd has no access token"),
        create_customer: Supported { build: flows::build_create_customer, parse: flows::parse_create_customer },
        complete_authorize: Unsupported(
            "after 3-D Secure Rapyd completes the payment itself and redirects the shopper to complete_payment_url; there is no call to finish it: read its status with psync",
        ),
        verify_webhook: crate::protocol::Support::NotApplicable,
        create_session: Supported { build: flows::build_create_session, parse: flows::parse_create_session },
        incremental_authorization: Unsupported("Rapyd's Collect API has no call that raises the amount of an authorized payment"),
        revoke_mandate: Supported { build: flows::build_revoke_mandate, parse: flows::parse_revoke_mandate },
        reverse: Unsupported("Rapyd has no separate reversal: void (DELETE /v1/payments/{id}) an uncaptured payment, refund a captured one"),
        accept_dispute: Unsupported("Rapyd's disputes are read-only in its API (List and Retrieve Dispute); they are answered in the Client Portal"),
        upload_dispute_file: Unsupported("Rapyd's disputes are read-only in its API (List and Retrieve Dispute); evidence goes through the Client Portal"),
        submit_dispute_evidence: Unsupported("Rapyd's disputes are read-only in its API (List and Retrieve Dispute); evidence goes through the Client Portal"),
        defend_dispute: Unsupported("Rapyd's disputes are read-only in its API (List and Retrieve Dispute); they are answered in the Client Portal"),
        dsync: Supported { build: flows::build_dsync, parse: flows::parse_dsync },
    },
    webhooks: Webhooks::Signed(webhooks::parse),
};

/// The credentials, as `listConnectors` names them in `authFields`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RapydAuth {
    access_key: Secret,
    secret_key: Secret,
}

impl RapydAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: RapydAuth = decode_auth(auth)?;
        for (value, field) in [(a.access_key(), "auth.accessKey"), (a.secret_key(), "auth.secretKey")] {
            if value.is_empty() {
                return Err(SidecarError::missing_field(field, "it must not be empty"));
            }
            // The value is never echoed: it goes into a header and a signature, so it must be
            // printable ASCII without spaces.
            if !value.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(SidecarError::invalid_field(field, "a Rapyd key is printable ASCII without spaces".into()));
            }
        }
        Ok(a)
    }

    pub(crate) fn access_key(&self) -> &str {
        self.access_key.expose().trim()
    }

    pub(crate) fn secret_key(&self) -> &str {
        self.secret_key.expose().trim()
    }
}

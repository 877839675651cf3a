//! Nuvei: REST API v1 (https://docs.nuvei.com/api/main/indexMain_v1_0.html), JSON bodies POSTed
//! to `/ppp/api/v1/<method>.do`; sandbox https://ppp-test.nuvei.com, production
//! https://secure.safecharge.com. Followed with the API reference and the official SDKs (npm
//! `nuvei`, SafeChargeInternational/safecharge-php): the field names and each call's checksum order.
//!
//! - Auth: no HTTP credential. Every body carries `merchantId`, `merchantSiteId`, `clientRequestId`,
//!   `timeStamp` (YYYYMMDDHHmmss) and `checksum`, the SHA-256 hex of the call's own fields in its
//!   order followed by the merchant secret key (requests.rs). `/payment` also takes a session
//!   token: `createAccessToken` → `/getSessionToken.do`, whose token travels in
//!   `state.accessToken` for the 15 minutes a session lasts (the client fetches it by itself and
//!   fetches another when Nuvei answers errCode 1064/1065/1069: expired, or already used by an order).
//! - `authorize` → `/payment.do` with `transactionType` `Auth` (manual capture) or `Sale`
//!   (automatic), `paymentOption.card` (card details, or `ccTempToken` from Nuvei's Web SDK,
//!   or a wallet's `externalToken`: Apple Pay / Google Pay encrypted in `mobileToken`, or decrypted
//!   as the DPAN with `cryptogram` and `eciProvider`; 3-D Secure done elsewhere in
//!   `threeD.externalMpi`), or `paymentOption.alternativePaymentMethod` for bankRedirect,
//!   bankDebit, bnpl, voucher, walletRedirect and PayPal. Nuvei enables APMs per merchant account
//!   and names each one's `apmgw_` paymentMethod through getMerchantPaymentMethods: the connector
//!   reads `processorMethod` (that name) and sends it; without one it sends the name Nuvei's
//!   guides give the unified method (iDEAL, Sofort, Przelewy24, Klarna, OXXO, PayPal, SEPA Direct
//!   Debit `apmgw_Sepa` with `iban` and `verification_email`, ACH `apmgw_ACH` with `AccountNumber`
//!   and `RoutingNumber`, AlipayHK, GCash), else refuses with 1004 naming processorMethod. A
//!   REDIRECT answer is a pending payment with a redirect nextAction, PENDING a pending one (the
//!   DMN or psync tells how it ended); `billingAddress` (with the customer's email), `userDetails` for APMs,
//!   `deviceDetails.ipAddress` from browserInfo, `urlDetails` (returnUrl, webhookUrl).
//! - Mobile money (`mobileMoney`, every operator) is such an APM too, always by `processorMethod`:
//!   Nuvei's guides name no APM per operator (its Local Payments Africa guide names one APM,
//!   `apmgw_Local_payments_Africa`, for cash, vouchers, mobile and eWallets across countries). Nuvei
//!   documents no `alternativePaymentMethod` field for the wallet's number (each APM's own input
//!   fields are the provider's, listed by getMerchantPaymentMethods), so it goes where that guide
//!   requires the payer's phone: `billingAddress.phone` and `userDetails.phone`, country code and
//!   digits without `+`. REDIRECT is a redirect nextAction; PENDING with nothing to open is
//!   `awaitApproval` (the shopper approves on the phone), then the DMN or psync.
//! - Bank transfers to an account shown to the shopper are not taken: Nuvei's offline bank
//!   transfer (`apmgw_BankPayin`) shows its instructions on Nuvei's page, its answer carries none.
//! - 3-D Secure run by Nuvei (`threeDs.mode: challenge`, cards): `/initPayment.do` (authorize),
//!   `/payment.do` with `relatedTransactionId` and the `threeD` block (authorize again with the
//!   first result's state: Nuvei takes the card again), then after a challenge the liability-shift
//!   `/payment.do` (completeAuthorize, the card named by its userPaymentOptionId): three_ds.rs.
//! - `capture` → `/settleTransaction.do` (`relatedTransactionId` the Auth; partial settles
//!   allowed); its answer's transactionId, the Settle transaction, is what refunds name. `void`
//!   → `/voidTransaction.do`; `refund` → `/refundTransaction.do` (several, partial; the Settle or
//!   Sale transaction). `psync` and `rsync` → `/getTransactionDetails.do` by transactionId.
//! - `clientRequestId` is the caller's idempotencyKey (the refund's merchantRefundId without one),
//!   else `options.nonce`, else derived from the call and its timestamp; `timeStamp` comes from
//!   `options.now` when given: vectors are reproducible.
//! - Money: `amount` is a decimal string in major units with the currency's ISO 4217 decimals,
//!   converted exactly (kit::money).
//! - Saved cards: `setupMandate` → `/payment.do` Auth (zero allowed) with `userTokenId` (customer.id)
//!   and `isRebilling` "0", its answer's `paymentOption.userPaymentOptionId` the mandate;
//!   `repeatPayment` → `/payment.do` with that `userPaymentOptionId` and `isRebilling` "1";
//!   `revokeMandate` → `/deleteUPO.do`.
//! - `createSession` → `/openOrder.do` (checksum as /payment's): its answer's `sessionToken` is the
//!   result's clientToken, what Nuvei's Web SDK (`SafeCharge({sessionToken})`, `createPayment()`)
//!   pays with, `orderId` its sessionId; `mode: setup` is a zero-amount Auth under userTokenId.
//! - Webhooks: the DMN, form parameters signed by `advanceResponseChecksum` (SHA-256 of the
//!   secret key and six documented fields) or `responsechecksum` (webhooks.rs).
//! - Declines and API errors come back as HTTP 200 with `status`/`errCode` and
//!   `transactionStatus`/`gwErrorCode`/`gwErrorReason` (mapping.rs).

mod flows;
mod mapping;
mod requests;
mod responses;
mod three_ds;
mod webhooks;

#[cfg(test)]
mod tests;

use super::{
    decode_auth, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, PaymentMethods, SupportedPaymentMethod,
    UnsupportedPaymentMethod, Webhooks, PAY_AND_SAVE, PAY_ONLY,
};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{PaymentMethodType, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

/// The unified methods of each APM type. Nuvei enables APMs per merchant account and names each
/// one's `apmgw_` paymentMethod through getMerchantPaymentMethods: every method of these types is
/// taken with the merchant's `processorMethod`; those Nuvei's guides name (requests::known_apm:
/// iDEAL, Sofort, Przelewy24, Klarna, OXXO, SEPA, ACH, AlipayHK, GCash) need none. tests.rs and
/// test/connectors/nuvei.test.ts check each list against the protocol's.
pub const BANK_REDIRECTS: &[&str] = &[
    "ideal", "bancontact", "eps", "blik", "przelewy24", "sofort", "giropay", "trustly", "onlineBankingFpx", "knet", "mybank", "multibanco",
    "netbanking", "onlineBanking",
];
pub const BANK_DEBITS: &[&str] = &["sepa", "ach", "bacs", "becs", "emandate"];
pub const BNPLS: &[&str] = &["klarna", "afterpayClearpay", "affirm"];
pub const VOUCHERS: &[&str] = &["boleto", "oxxo", "konbini", "pix"];
pub const WALLET_REDIRECTS: &[&str] = &[
    "alipay", "alipayHk", "wechatPay", "mbway", "swish", "twint", "vipps", "mobilepay", "gcash", "grabpay", "kakaoPay", "dana", "gopay", "touchNGo",
    "cashApp", "revolutPay", "payzapp", "airtelMoney", "mobikwik", "jioMoney", "olaMoney", "phonepe", "amazonPay",
];
/// Every mobile money operator: each is an APM the merchant's getMerchantPaymentMethods names
/// (`processorMethod`, always needed: Nuvei's guides name no APM per operator), the wallet's
/// number sent as the payer's phone (requests::payer_phone).
pub const MOBILE_MONEYS: &[&str] = &["mpesa", "mtn", "airtelTigo", "vodafone", "airtel", "orange"];

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "nuvei",
        display_name: "Nuvei",
        payment_methods: &PaymentMethods {
            unsupported_methods: &[],
            supported: &[
                SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: PAY_AND_SAVE },
                SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::ApplePay, methods: &[], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::GooglePay, methods: &[], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::BankRedirect, methods: BANK_REDIRECTS, flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::Bnpl, methods: BNPLS, flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::Voucher, methods: VOUCHERS, flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::Paypal, methods: &[], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::BankDebit, methods: BANK_DEBITS, flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::WalletRedirect, methods: WALLET_REDIRECTS, flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::MobileMoney, methods: MOBILE_MONEYS, flows: PAY_ONLY },
            ],
            unsupported: &[
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::NetworkToken,
                    reason: "Nuvei's /payment takes a scheme token's cryptogram only as a wallet's decrypted card (card.externalToken with externalTokenProvider ApplePay or GooglePay); it documents no provider value for a merchant's own network token",
                },
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: "Nuvei does not list UPI among its payment methods" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: "Nuvei does not list UPI among its payment methods" },
                // "Offline Bank Transfer" (Global guides): Nuvei redirects the shopper to its own page
                // with the deposit instructions and reference; its open-banking transfers (Pay with
                // Bank Transfer, Open Banking, Lean) are redirects to the shopper's bank, which
                // bankRedirect with processorMethod takes.
                UnsupportedPaymentMethod {
                    kind: PaymentMethodType::BankTransfer,
                    reason: "Nuvei's offline bank transfer (apmgw_BankPayin) answers /payment with a redirectUrl to Nuvei's own page of deposit instructions and reference: its API returns no account to pay into (displayBankDetails); its open-banking transfers are bank redirects (bankRedirect with processorMethod)",
                },
            ],
        },
        auth_fields: &[
            AuthField { name: "merchantId", required: true, description: "merchantId Nuvei assigned (digits), sent in every body and signed in every checksum" },
            AuthField { name: "merchantSiteId", required: true, description: "merchantSiteId Nuvei assigned (digits), sent in every body and signed in every checksum" },
            AuthField {
                name: "merchantSecretKey",
                required: true,
                description: "merchant secret key: never sent, it ends every checksum (SHA-256 of the call's fields and the key)",
            },
        ],
        // The CVV, the checksum that proves the secret key, the session token, the DMN checksums, a
        // wallet's token and cryptogram, a 3-D Secure CAVV, a bank debit's IBAN or account number,
        // and the payer's phone (a mobile money wallet's number in billingAddress and userDetails).
        sensitive_fields: &[
            "CVV", "checksum", "sessionToken", "ccTempToken", "advanceResponseChecksum", "responsechecksum", "mobileToken", "cryptogram", "cavv", "iban",
            "AccountNumber", "phone",
        ],
        environments: Environments { sandbox: "https://ppp-test.nuvei.com", production: "https://secure.safecharge.com" },
    },
    auth: NuveiAuth::decode,
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
        create_customer: Unsupported("Nuvei's customer is the merchant's own userTokenId, sent with the payment: there is no customer to create first"),
        complete_authorize: Supported { build: flows::build_complete_authorize, parse: flows::parse_complete_authorize },
        verify_webhook: NotApplicable,
        create_session: Supported { build: flows::build_create_session, parse: flows::parse_create_session },
        incremental_authorization: Unsupported("Nuvei's REST API v1 has no call that raises an authorization's amount"),
        revoke_mandate: Supported { build: flows::build_revoke_mandate, parse: flows::parse_revoke_mandate },
        reverse: Unsupported("Nuvei has no single reversal call: void an authorization (voidTransaction) or refund a settled one (refundTransaction)"),
        accept_dispute: Unsupported("Nuvei's REST API v1 has no chargeback calls: disputes are handled in its Control Panel"),
        upload_dispute_file: Unsupported("Nuvei's REST API v1 has no chargeback calls: disputes are handled in its Control Panel"),
        submit_dispute_evidence: Unsupported("Nuvei's REST API v1 has no chargeback calls: disputes are handled in its Control Panel"),
        defend_dispute: Unsupported("Nuvei's REST API v1 has no chargeback calls: disputes are handled in its Control Panel"),
        dsync: Unsupported("Nuvei's REST API v1 has no chargeback calls: disputes are handled in its Control Panel"),
    },
    webhooks: Webhooks::Signed(webhooks::parse),
};

/// The credentials, as `listConnectors` names them in `authFields`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NuveiAuth {
    merchant_id: Secret,
    merchant_site_id: Secret,
    merchant_secret_key: Secret,
}

impl NuveiAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: NuveiAuth = decode_auth(auth)?;
        // The SDK's request schema: merchantId and merchantSiteId are 1 to 20 digits. Values are never echoed.
        for (value, field) in [(a.merchant_id(), "auth.merchantId"), (a.merchant_site_id(), "auth.merchantSiteId")] {
            if value.is_empty() {
                return Err(SidecarError::missing_field(field, "it must not be empty"));
            }
            if value.len() > 20 || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SidecarError::invalid_field(field, "Nuvei's merchantId and merchantSiteId are 1 to 20 digits".into()));
            }
        }
        if a.secret().is_empty() {
            return Err(SidecarError::missing_field("auth.merchantSecretKey", "it must not be empty"));
        }
        Ok(a)
    }

    pub fn merchant_id(&self) -> &str {
        self.merchant_id.expose().trim()
    }

    pub fn merchant_site_id(&self) -> &str {
        self.merchant_site_id.expose().trim()
    }

    pub fn secret(&self) -> &str {
        self.merchant_secret_key.expose().trim()
    }
}

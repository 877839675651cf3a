//! dLocal: the Payins API v2.1 (https://docs.dlocal.com/reference/create-payment), JSON bodies,
//! sandbox `https://sandbox.dlocal.com`, production `https://api.dlocal.com`. Every request
//! carries `X-Date` (ISO 8601 UTC), `X-Login`, `X-Trans-Key`, `X-Version: 2.1`, `User-Agent` and
//! `Authorization: V2-HMAC-SHA256, Signature: <hex HMAC-SHA256(secret key, X-Login + X-Date +
//! body)>` (https://docs.dlocal.com/docs/generate-signature, https://docs.dlocal.com/docs/payins-security);
//! `options.now` fixes X-Date (vectors), otherwise the clock.
//!
//! - `authorize` → a card's data to `POST /secure_payments` ("If you are making a payment with
//!   credit card information ... use https://api.dlocal.com/secure_payments"); a dLocal.js token
//!   (`token`) or a saved card (`card_id`, token kind `cardId`) to `POST /payments`. `card.capture:
//!   false` for manual capture. `payment_method_id: CARD`, flow DIRECT. Boleto (`BL`), OXXO (`OX`)
//!   and Pix (`PQ`) go to `POST /payments` with flow REDIRECT: dLocal answers PENDING with the
//!   `redirect_url` of its page for the voucher or QR code, read as the next action (a `ticket`,
//!   when present, gives its reference, QR code and expiry). `country` is the billing address's
//!   (implied by the voucher method when absent); `payer` {name, email} from the customer, with
//!   `document` from the voucher's taxId or `customer.document` (CPF/CNPJ: required for Boleto and
//!   Pix; refused missing, naming `request.customer.document`, in the countries whose row of
//!   dLocal's Country Reference says the document is required: `requests::DOCUMENT_REQUIRED`).
//! - Mobile money (Africa / Mobile Money payments): `POST /payments`, flow DIRECT, the operator's
//!   payment_method_id (`MW` where the country page lists no operator ids), `payer.phone` the
//!   wallet's number, Ghana's `metadata.mobile_carrier`; PENDING until the shopper enters their
//!   PIN: nextAction `awaitApproval`, then the notification or psync. Bank transfers (`bankTransfer`
//!   virtualAccount, `bank` = dLocal's per-country payment_method_id): flow DIRECT, the answer's
//!   bank_transfer object read as `displayBankDetails`.
//! - Online banking and wallets through dLocal's REDIRECT flow (redirect.rs): `bankRedirect`
//!   onlineBanking / netbanking / onlineBankingFpx and `walletRedirect` grabpay / touchNGo / dana.
//!   `processorMethod` is read: it is dLocal's payment_method_id (PC for PSE, WP Webpay, IO Khipu,
//!   NB NetBanking, ...); without it the id is the one the country's page lists for the method
//!   (refused, naming processorMethod, where the page lists several or none). An id the table
//!   knows is checked against its country and currency; another is sent as given. PENDING with
//!   the redirect_url (nextAction redirect) until the shopper pays; then the notification or psync.
//! - `psync` → `GET /payments/{id}`; `capture` → `POST /payments` with `authorization_id` (and
//!   `amount` + `currency` for a partial capture: Capture an authorization); `void` → `POST
//!   /payments/{id}/cancel` (Cancel an authorization); `refund` → `POST /refunds` (`payment_id`,
//!   `amount`, `currency`: several, partial); `rsync` → `GET /refunds/{id}`.
//! - Money: `amount` is a JSON number in major units, "Length: 10,2": written from integer minor
//!   units without a float, at most two decimals and eight whole digits; what cannot be written
//!   exactly is refused (1005).
//! - Idempotency: dLocal documents no idempotency header; it refuses a repeated `order_id`
//!   (5009 "Order ID is duplicated"), so a retried authorize with the same merchantTransactionId
//!   cannot pay twice.
//! - Notifications are signed like requests (see webhooks.rs).

mod flows;
mod mapping;
mod redirect;
mod requests;
mod responses;
mod webhooks;

#[cfg(test)]
mod tests;

use super::{
    decode_auth, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, PaymentMethods, SupportedPaymentMethod,
    UnsupportedPaymentMethod, Webhooks, PAY_ONLY,
};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{Flow, PaymentMethodType, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

const NO_DISPUTE_API: &str =
    "dLocal's Payins API has no chargeback call: chargebacks are notified and answered in the Merchant Dashboard";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "dlocal",
        display_name: "dLocal",
        payment_methods: &PaymentMethods {
            unsupported_methods: &[],
            supported: &[
                // Saved by a payment with card.save: true (authorize with setupFutureUsage), charged
                // again by its card_id.
                SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: &[Flow::Authorize, Flow::RepeatPayment] },
                SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_ONLY },
                SupportedPaymentMethod { kind: PaymentMethodType::Voucher, methods: &["boleto", "oxxo", "pix"], flows: PAY_ONLY },
                // Africa's mobile money (MW or the operator's id, DIRECT with payer.phone): PENDING
                // until the shopper enters their PIN (requests::MOBILE_MONEY lists the countries).
                SupportedPaymentMethod {
                    kind: PaymentMethodType::MobileMoney,
                    methods: &["mpesa", "mtn", "airtelTigo", "vodafone", "airtel", "orange"],
                    flows: PAY_ONLY,
                },
                // The per-country BANK_TRANSFER payment methods in the DIRECT flow: the account to
                // transfer to comes back in the bank_transfer object.
                SupportedPaymentMethod { kind: PaymentMethodType::BankTransfer, methods: &["virtualAccount"], flows: PAY_ONLY },
                // Online banking through dLocal's REDIRECT flow (PSE, Webpay, Khipu, NetBanking, FPX,
                // ...: redirect::REDIRECT_METHODS), the payment_method_id in processorMethod or
                // implied by the country; PENDING with the redirect_url until the shopper pays.
                SupportedPaymentMethod { kind: PaymentMethodType::BankRedirect, methods: redirect::BANK_METHODS, flows: PAY_ONLY },
                // The wallets dLocal's country pages list that the protocol names (GrabPay, Touch 'n
                // Go, Dana), through the REDIRECT flow.
                SupportedPaymentMethod { kind: PaymentMethodType::WalletRedirect, methods: redirect::WALLET_METHODS, flows: PAY_ONLY },
            ],
            unsupported: &[
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: "dLocal takes UPI in India only through its REDIRECT flow to its own page (payment_method_id UI), not a collect request to a VPA" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: "dLocal takes UPI through its REDIRECT flow to its own page; its API returns no UPI intent link" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::Paypal, reason: "dLocal does not offer PayPal" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::NetworkToken, reason: "dLocal's Card object takes card data, a dLocal.js token or a card_id; it has no field for a network token's cryptogram" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::ApplePay, reason: "dLocal takes Apple Pay only through its Smart Fields / hosted checkout, which makes a dLocal token (use type token)" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::GooglePay, reason: "dLocal's Google Pay guide (docs.dlocal.com/docs/google-paytm) has the token made with gateway dlocal and a gatewayMerchantId its Technical Account Manager assigns, then sent in a card payment, and stops there: it publishes no field of the Card object that carries the token" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::BankDebit, reason: "dLocal's Payins API takes no SEPA, ACH, Bacs or BECS direct debit" },
                UnsupportedPaymentMethod { kind: PaymentMethodType::Bnpl, reason: "dLocal does not offer Klarna, Afterpay or Affirm" },
            ],
        },
        auth_fields: &[
            AuthField { name: "xLogin", required: true, description: "X-Login (Merchant Dashboard > Integration > API credentials), sent as the X-Login header and signed" },
            AuthField { name: "xTransKey", required: true, description: "X-Trans-Key (Merchant Dashboard), sent as the X-Trans-Key header" },
            AuthField { name: "secretKey", required: true, description: "secret key (Merchant Dashboard): the HMAC-SHA256 key of every request's signature; never sent" },
        ],
        // The CVV of the Card object, the payer's national id and phone (a mobile money wallet's
        // number), and the credential headers.
        sensitive_fields: &["cvv", "document", "phone", "X-Login", "X-Trans-Key", "Authorization"],
        environments: Environments { sandbox: "https://sandbox.dlocal.com", production: "https://api.dlocal.com" },
    },
    auth: DlocalAuth::decode,
    flows: FlowTable {
        authorize: Supported { build: flows::build_authorize, parse: flows::parse_authorize },
        psync: Supported { build: flows::build_psync, parse: flows::parse_psync },
        capture: Supported { build: flows::build_capture, parse: flows::parse_capture },
        void: Supported { build: flows::build_void, parse: flows::parse_void },
        refund: Supported { build: flows::build_refund, parse: flows::parse_refund },
        rsync: Supported { build: flows::build_rsync, parse: flows::parse_rsync },
        setup_mandate: Unsupported("dLocal saves a card as part of a payment (card.save: true; the answer's card_id pays the next time): use authorize with setupFutureUsage, then repeatPayment"),
        repeat_payment: Supported { build: flows::build_repeat_payment, parse: flows::parse_repeat_payment },
        create_access_token: Unsupported("every dLocal request is signed with the secret key (V2-HMAC-SHA256); dLocal has no access token"),
        create_customer: Unsupported("dLocal has no customer object: the payer travels in each payment"),
        complete_authorize: Unsupported("after 3-D Secure or a redirect dLocal completes the payment itself and notifies it; there is no call to finish it: read its status with psync"),
        verify_webhook: NotApplicable,
        create_session: Unsupported(
            "dLocal has no session call: Smart Fields (dLocal.js) tokenize the card in the browser with the merchant's public key alone, and its hosted checkout is itself a payment (POST /payments with payment_method_flow REDIRECT, answered with its redirect_url)",
        ),
        incremental_authorization: Unsupported("dLocal's Payins API has no call that raises the amount of an authorization"),
        revoke_mandate: Unsupported("dLocal documents no call to delete a saved card_id in the Payins API"),
        reverse: Unsupported("dLocal has no separate reversal: cancel (void) an authorization, refund a paid payment"),
        accept_dispute: Unsupported(NO_DISPUTE_API),
        upload_dispute_file: Unsupported(NO_DISPUTE_API),
        submit_dispute_evidence: Unsupported(NO_DISPUTE_API),
        defend_dispute: Unsupported(NO_DISPUTE_API),
        dsync: Unsupported(NO_DISPUTE_API),
    },
    webhooks: Webhooks::Signed(webhooks::parse),
};

/// The credentials, as `listConnectors` names them in `authFields`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DlocalAuth {
    x_login: Secret,
    x_trans_key: Secret,
    secret_key: Secret,
}

impl DlocalAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: DlocalAuth = decode_auth(auth)?;
        for (value, field) in [(a.x_login(), "auth.xLogin"), (a.x_trans_key(), "auth.xTransKey"), (a.secret_key(), "auth.secretKey")] {
            if value.is_empty() {
                return Err(SidecarError::missing_field(field, "it must not be empty"));
            }
            // Never echoed: it goes into a header or a signature, so printable ASCII, no spaces.
            if !value.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(SidecarError::invalid_field(field, "a dLocal credential is printable ASCII without spaces".into()));
            }
        }
        Ok(a)
    }

    pub(crate) fn x_login(&self) -> &str {
        self.x_login.expose().trim()
    }

    pub(crate) fn x_trans_key(&self) -> &str {
        self.x_trans_key.expose().trim()
    }

    pub(crate) fn secret_key(&self) -> &str {
        self.secret_key.expose().trim()
    }
}

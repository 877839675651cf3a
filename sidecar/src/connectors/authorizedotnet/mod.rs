//! Authorize.Net: the JSON API (`/xml/v1/request.api`), one endpoint for every call, always POST.
//! https://developer.authorize.net/api/reference/index.html
//!
//! - Credentials travel in the body (`merchantAuthentication {name, transactionKey}`), so every
//!   request body is marked `sensitive`, with or without card data.
//! - The JSON API is the XML API underneath: elements must follow the schema's order or the
//!   gateway answers E00003. The request structs declare fields in schema order (requests.rs).
//! - `authorize` → createTransactionRequest `authOnlyTransaction` (manual capture) or
//!   `authCaptureTransaction` (automatic), card only. `capture` → `priorAuthCaptureTransaction`
//!   with `refTransId` and the amount (partial captures: a lower amount; one capture per
//!   authorization, the rest is released). `void` → `voidTransaction` (an authorization, or a
//!   capture before the nightly settlement). `refund` → `refundTransaction`, which Authorize.Net
//!   takes only for a settled transaction and only with the card's last four digits
//!   (`payment.creditCard.cardNumber`, expiry `XXXX`): authorize and psync results carry them in
//!   `state.cardLastFour`; pass that `state` on refund. An eCheck.Net debit (answered with
//!   accountType eCheck) is refunded to its bank account instead: its result carries
//!   `state.bankAccountLastFour`, and the refund needs the payment's `paymentMethod` (bankDebit ach)
//!   again, whose account must end with those digits. `psync` / `rsync` →
//!   getTransactionDetailsRequest (a refund is its own transaction, with its own transId).
//! - Money: amounts are decimal text with the currency's ISO decimals, at most two (a KWD amount
//!   that is not a multiple of 10 fils is refused, never rounded). `currencyCode` is sent so that
//!   a currency the merchant account does not take is refused (reason 39) instead of charged in
//!   the account's own currency. Response amounts (JSON numbers) are read back exactly.
//! - Idempotency: Authorize.Net has no idempotency key. It refuses a transaction identical to one
//!   in the last two minutes (the duplicate window: same card, amount, type, invoiceNumber,
//!   customer id, address) with reason 11. So `order.invoiceNumber` is the caller's
//!   `merchantTransactionId` (≤ 20 characters, refused when longer, never cut) on authorize, and
//!   `merchantRefundId` on refund: a retry of the same attempt is caught as a duplicate, while two
//!   different partial refunds of the same amount are not. A duplicate answer on authorize is
//!   `unresolved` (the first attempt may have been approved: psync it), never `failure`. The
//!   caller's `idempotencyKey` goes into `refId` (echoed back, ≤ 20 characters; a longer key as
//!   `sha256-` and 13 hex digits of its SHA-256) so that the gateway's logs name the attempt.
//! - Saved cards are Customer Information Manager (CIM) profiles: a customer profile
//!   (customerProfileId) holds payment profiles (customerPaymentProfileId), one per card.
//!   `createCustomer` → createCustomerProfileRequest (merchantCustomerId = `customer.id`,
//!   description, email; no card) → `connectorCustomerId`. `setupMandate` (card, amount 0) →
//!   createCustomerPaymentProfileRequest under `customer.connectorCustomerId` when given, else
//!   createCustomerProfileRequest with the card as its one payment profile, both with
//!   `validationMode` liveMode (a zero-value authorization Authorize.Net voids itself; see
//!   [`requests::validation_mode`] for `state.validationMode`). The mandate is two ids:
//!   `mandateReference` = customerPaymentProfileId and `connectorCustomerId` = customerProfileId,
//!   as the protocol has them (the saved payment method and the customer it lives under).
//!   `repeatPayment` → createTransactionRequest (authOnly / authCapture as `captureMethod` says)
//!   with `profile {customerProfileId, paymentProfile {paymentProfileId}}`, marked
//!   merchant-initiated (`processingOptions.isSubsequentAuth`, and
//!   `subsequentAuthInformation.originalNetworkTransId` from `networkTransactionId` when given).
//!   Its answer carries `accountNumber` (`XXXX1111`) like any card transaction, so its result's
//!   `state.cardLastFour` makes it refundable as usual. CIM calls have no idempotency key (refId
//!   is only echoed); Authorize.Net's duplicate rule (E00039) stands in: a retried createCustomer
//!   or a retried setupMandate under a profile is answered with the profile / payment profile the
//!   first attempt saved, which the results report as done (responses.rs). A retried
//!   repeatPayment meets the transaction duplicate window like authorize (`unresolved`).
//!   Not used: createTransactionRequest with `profile.createProfile: true` (a profile made from a
//!   payment): its profile outcome is a second status inside a payment's answer (a payment
//!   approved while its profile was refused), and it needs a charge; CIM's own calls save a card
//!   with nothing charged, which is what setupMandate means. `setupFutureUsage` on authorize is
//!   therefore refused, pointing at setupMandate.
//! - Beyond cards and Accept.js nonces (payment_methods.rs): Apple Pay and Google Pay as opaqueData,
//!   network tokens as payment-token cards, eCheck.Net (ACH) debits as bankAccount sales,
//!   `threeDs.external` as cardholderAuthentication, and `recurringType` on repeatPayment as
//!   transactionSettings recurringBilling for a series on a schedule.
//! - PayPal Express Checkout (paypal.rs): authorize with `paypal` sends `payment.payPal
//!   {successUrl, cancelUrl}` and answers `authentication_pending` with PayPal's page as the
//!   redirect; `completeAuthorize` with the PayerID the shopper returns with
//!   (`redirectPayload.PayerID`) sends authOnlyContinueTransaction / authCaptureContinueTransaction.
//!   Capture, void, psync and refund (by transId and amount: `state.accountType` PayPal) follow.
//! - `createSession` is Accept Hosted (sessions.rs): getHostedPaymentPageRequest's form token, a
//!   credential (`token` is a sensitive field), posted by the browser to the hosted payment form.

mod flows;
mod mapping;
mod payment_methods;
mod paypal;
mod requests;
mod responses;
mod sessions;
mod webhooks;

#[cfg(test)]
mod tests;

use super::{decode_auth, required, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, Webhooks};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{Secret, SidecarError};
use requests::MerchantAuthentication;
use serde::Deserialize;
use serde_json::Value;

#[cfg(test)]
use flows::ref_id;

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "authorizedotnet",
        display_name: "Authorize.Net",
        payment_methods: &payment_methods::PAYMENT_METHODS,
        auth_fields: &[
            AuthField {
                name: "apiLoginId",
                required: true,
                description: "API Login ID (Merchant Interface: Account > Settings > API Credentials & Keys); sent as merchantAuthentication.name in the body",
            },
            AuthField {
                name: "transactionKey",
                required: true,
                description: "Transaction Key (same page); sent as merchantAuthentication.transactionKey in the body",
            },
            AuthField {
                name: "signatureKey",
                required: false,
                description: "Signature Key (same page), the key of the X-ANET-Signature HMAC-SHA512 on webhooks; pass it as parseWebhook's secret",
            },
        ],
        sensitive_fields: &["merchantAuthentication", "cardCode", "dataValue", "cardholderAuthenticationValue", "X-ANET-Signature", "token"],
        environments: Environments {
            sandbox: "https://apitest.authorize.net/xml/v1/request.api",
            production: "https://api.authorize.net/xml/v1/request.api",
        },
    },
    auth: AuthorizeDotNetAuth::decode,
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
            "Authorize.Net takes the API Login ID and Transaction Key in the body of every request; there is \
             no access token to fetch",
        ),
        create_customer: Supported { build: flows::build_create_customer, parse: flows::parse_create_customer },
        // PayPal Express Checkout's continue (paypal.rs); card payments have nothing to complete.
        complete_authorize: Supported { build: flows::build_complete_authorize, parse: flows::parse_complete_authorize },
        verify_webhook: NotApplicable,
        create_session: Supported { build: sessions::build_create_session, parse: sessions::parse_create_session },
        incremental_authorization: Unsupported("Authorize.Net has no incremental authorization: authorize a new transaction for the difference"),
        revoke_mandate: Supported { build: sessions::build_revoke_mandate, parse: sessions::parse_revoke_mandate },
        reverse: Supported { build: flows::build_reverse, parse: flows::parse_reverse },
        accept_dispute: Unsupported("Authorize.Net's API has no dispute calls: chargebacks are answered through the merchant's processor, outside the API"),
        upload_dispute_file: Unsupported("Authorize.Net's API has no dispute calls: chargebacks are answered through the merchant's processor, outside the API"),
        submit_dispute_evidence: Unsupported("Authorize.Net's API has no dispute calls: chargebacks are answered through the merchant's processor, outside the API"),
        defend_dispute: Unsupported("Authorize.Net's API has no dispute calls: chargebacks are answered through the merchant's processor, outside the API"),
        dsync: Unsupported("Authorize.Net's API has no dispute calls: chargebacks are answered through the merchant's processor, outside the API"),
    },
    webhooks: Webhooks::Signed(|webhook, _| webhooks::parse(webhook)),
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthorizeDotNetAuth {
    api_login_id: Secret,
    transaction_key: Secret,
    #[allow(dead_code)]
    signature_key: Option<Secret>,
}

impl AuthorizeDotNetAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: AuthorizeDotNetAuth = decode_auth(auth)?;
        required(a.api_login_id.expose(), "auth.apiLoginId")?;
        required(a.transaction_key.expose(), "auth.transactionKey")?;
        Ok(a)
    }

    pub(crate) fn merchant(&self) -> MerchantAuthentication {
        MerchantAuthentication::new(&self.api_login_id, &self.transaction_key)
    }
}


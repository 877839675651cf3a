//! Cybersource: REST Payments API (`/pts/v2`) and Transaction Details API (`/tss/v2`), JSON
//! bodies, HTTP Signature authentication with a shared secret key.
//! https://developer.cybersource.com/api-reference-assets/index.html
//!
//! - Authentication: every request carries `v-c-merchant-id`, `Date` (RFC 7231, from
//!   `options.now` when given, so vectors are deterministic), `Host`, for a POST
//!   `Digest: SHA-256=<base64 sha256(body)>`, and `Signature: keyid="<apiKeyId>",
//!   algorithm="HmacSHA256", headers="host date request-target [digest] v-c-merchant-id",
//!   signature="<base64 HMAC-SHA256(base64decode(sharedSecret), signing string)>"`. The signing
//!   string is `name: value` lines in that order; `request-target` is written without the
//!   parentheses (Cybersource stopped accepting `(request-target)` in 2024). The pieces that are
//!   not Cybersource's own live in kit::http_signature.
//! - `authorize` → Process a Payment `POST /pts/v2/payments`, `processingInformation.capture`
//!   true for automatic capture (a sale). A card, a Flex transient token (`token`), a network
//!   token, or an Apple Pay / Google Pay token (payment_methods.rs). Cybersource requires the billing address
//!   and email (`orderInformation.billTo`): a missing field is refused before sending.
//! - `psync` → Retrieve a Transaction `GET /tss/v2/transactions/{id}`: the services run on the
//!   transaction (`ics_auth`, `ics_bill`, `ics_auth_reversal`, `ics_void`) say its state. A
//!   capture or a reversal is a transaction of its own, so capture and void results carry its id
//!   in `state` (`captureId`, `reversalId`); psync given that state reads the latest one. A
//!   transaction becomes searchable there a little after it was made; until then it answers 404
//!   (reported `unresolved` with NotFound: ask again).
//! - `capture` → Capture a Payment `POST /pts/v2/payments/{id}/captures` (partial captures are
//!   native: the amount is sent). The result keeps the payment's id.
//! - `void` → Process an Authorization Reversal `POST /pts/v2/payments/{id}/reversals`: it
//!   releases the hold on the card holder's funds. (`/voids` cancels a capture or refund that has
//!   not settled yet; it does not release an authorization.) The reversal takes the authorized
//!   amount, so `void` requires `amount`.
//! - `refund` → Refund a Payment `POST /pts/v2/payments/{id}/refunds` (partial refunds are native;
//!   the id is the payment's). `rsync` → Transaction Details of the refund's id (`ics_credit`).
//! - Idempotency: Cybersource's REST API takes no idempotency key. Its duplicate check compares
//!   the merchant reference code (`clientReferenceInformation.code`) of recent requests and
//!   answers DUPLICATE_REQUEST (→ DuplicateTransaction). So `idempotencyKey` is not sent; the
//!   reference code is the merchantTransactionId (authorize, capture, void) or merchantRefundId
//!   (refund). After a lost answer, psync (or rsync) tells whether the call was taken.
//! - Amounts: `totalAmount` is a decimal string in the currency's ISO 4217 decimals, converted
//!   exactly from minor units (kit::money::decimal_string), and read back the same way.
//! - `setupMandate` → Process a Payment with `processingInformation.actionList: ["TOKEN_CREATE"]`:
//!   a customer-initiated authorization (zero amount for a plain card check, or the amount given;
//!   never captured) with `authorizationOptions.initiator {type: customer, credentialStoredOnFile:
//!   true}` that creates Token Management Service tokens in the same call. `actionTokenTypes` is
//!   `[customer, paymentInstrument]`, or `[paymentInstrument]` under the customer token the caller
//!   names (`customer.connectorCustomerId`, sent as `paymentInformation.customer.id`). The
//!   result's `mandateReference` is the payment instrument token, `connectorCustomerId` the
//!   customer token, `networkTransactionId` the scheme's id of this first payment.
//! - `repeatPayment` → Process a Payment on `paymentInformation.paymentInstrument.id` (the
//!   mandate; the instrument holds card and billing address), merchant-initiated:
//!   `initiator {type: merchant, storedCredentialUsed: true, merchantInitiatedTransaction {reason,
//!   previousTransactionId}}` with the `commerceIndicator` of the series `recurringType` names
//!   (scheduled: 7 / `recurring`, installment: 9 / `install`, unscheduled: 10 / `internet`), the
//!   previous id being the caller's `networkTransactionId` when given (TMS keeps it with the
//!   token otherwise).
//! - `createCustomer` → Create a Customer `POST /tms/v2/customers` (`buyerInformation
//!   {merchantCustomerID, email}`): a TMS customer token that setupMandate saves cards under.
//! - Webhooks: see webhooks.rs (`v-c-signature`, HMAC-SHA256 with the digital signature key).
//! - 3-D Secure: the result of an authentication done elsewhere (`threeDs.external`) goes in
//!   `consumerAuthenticationInformation` with the brand's commerce indicator; `threeDs.mode:
//!   challenge` on a card runs Cybersource's Payer Authentication (setup, enrollment check with
//!   the authorization, validation with the authorization), one authorize per step: payer_auth.rs.

mod flows;
mod mapping;
mod payer_auth;
mod payment_methods;
mod requests;
mod responses;
mod sessions;
#[cfg(test)]
mod tests;
mod webhooks;

use super::{decode_auth, required, AuthField, Connector, ConnectorInfo, Context, Declaration, Environments, FlowTable, Webhooks};
use crate::kit::crypto::base64_decode;
use crate::kit::http_signature::{header_list, hmac_sha256_signature, host_and_path, request_target, sha256_digest_header, signing_string};
use crate::kit::time::{http_date, now_unix};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{HttpMethod, HttpRequest, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "cybersource",
        display_name: "Cybersource",
        payment_methods: &payment_methods::PAYMENT_METHODS,
        auth_fields: &[
            AuthField { name: "merchantId", required: true, description: "the Cybersource merchant ID (organization ID); sent as v-c-merchant-id" },
            AuthField {
                name: "apiKeyId",
                required: true,
                description: "the key serial number (key ID) of the shared secret key, from the Business Center's Key Management",
            },
            AuthField {
                name: "sharedSecret",
                required: true,
                description: "the shared secret key (base64, as the Business Center shows it); signs every request with HMAC-SHA256",
            },
        ],
        // accessToken: Payer Authentication's JWT for the shopper's device data collection and challenge.
        sensitive_fields: &["securityCode", "fluidData", "ucafAuthenticationData", "Signature", "v-c-signature", "accessToken"],
        environments: Environments { sandbox: "https://apitest.cybersource.com", production: "https://api.cybersource.com" },
    },
    auth: Signer::decode,
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
            "Cybersource signs every request with the shared secret key (HTTP Signature); there is no access \
             token to obtain",
        ),
        create_customer: Supported { build: flows::build_create_customer, parse: flows::parse_create_customer },
        complete_authorize: Unsupported(
            "each step of Cybersource's Payer Authentication (setup, enrollment check, validation) takes the card \
             again, which completeAuthorize does not carry: after each step authorize again with the result's state",
        ),
        verify_webhook: NotApplicable,
        create_session: Supported { build: sessions::build_create_session, parse: sessions::parse_create_session },
        incremental_authorization: Supported { build: sessions::build_incremental_authorization, parse: sessions::parse_incremental_authorization },
        revoke_mandate: Supported { build: sessions::build_revoke_mandate, parse: sessions::parse_revoke_mandate },
        reverse: Supported { build: sessions::build_reverse, parse: sessions::parse_reverse },
        accept_dispute: Unsupported(
            "Cybersource's REST API has no dispute calls: chargebacks are answered in the Business Center \
             (Dispute Management) and reported in its Chargeback and Retrieval reports",
        ),
        upload_dispute_file: Unsupported(
            "Cybersource's REST API has no dispute calls: chargebacks are answered in the Business Center \
             (Dispute Management) and reported in its Chargeback and Retrieval reports",
        ),
        submit_dispute_evidence: Unsupported(
            "Cybersource's REST API has no dispute calls: chargebacks are answered in the Business Center \
             (Dispute Management) and reported in its Chargeback and Retrieval reports",
        ),
        defend_dispute: Unsupported(
            "Cybersource's REST API has no dispute calls: chargebacks are answered in the Business Center \
             (Dispute Management) and reported in its Chargeback and Retrieval reports",
        ),
        dsync: Unsupported(
            "Cybersource's REST API has no dispute calls: chargebacks are answered in the Business Center \
             (Dispute Management) and reported in its Chargeback and Retrieval reports",
        ),
    },
    webhooks: Webhooks::Signed(|webhook, ctx| webhooks::parse(webhook, ctx.options)),
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CybersourceAuth {
    merchant_id: String,
    api_key_id: Secret,
    shared_secret: Secret,
}

pub struct Signer {
    merchant_id: String,
    key_id: String,
    key: Vec<u8>,
}

impl Signer {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: CybersourceAuth = decode_auth(auth)?;
        let merchant_id = required(&a.merchant_id, "auth.merchantId")?.to_string();
        let key_id = required(a.api_key_id.expose(), "auth.apiKeyId")?.to_string();
        // The key is used decoded: signing with its base64 text would be refused by Cybersource
        // as "Authentication Failed" with no hint why.
        let key = base64_decode(a.shared_secret.expose())
            .filter(|k| !k.is_empty())
            .ok_or_else(|| SidecarError::invalid_field("auth.sharedSecret", "the shared secret key must be base64, as the Business Center shows it".into()))?;
        Ok(Signer { merchant_id, key_id, key })
    }

    /// The request with Cybersource's HTTP Signature headers. `body` is the exact JSON text sent:
    /// the digest is over these bytes.
    pub(crate) fn request(&self, method: HttpMethod, url: String, body: Option<(String, bool)>, ctx: &Context) -> Result<HttpRequest, SidecarError> {
        let (host, path) = host_and_path(&url)
            .ok_or_else(|| SidecarError::invalid_field("options.baseUrl", "the base URL must be absolute (https://host)".into()))?;
        let host = host.to_string();
        let method_name = match method {
            HttpMethod::GET => "GET",
            HttpMethod::POST => "POST",
            HttpMethod::PUT => "PUT",
            HttpMethod::PATCH => "PATCH",
            HttpMethod::DELETE => "DELETE",
        };
        let target = request_target(method_name, path);
        let date = http_date(now_unix(ctx.options)?);
        let digest = body.as_ref().map(|(data, _)| sha256_digest_header(data.as_bytes()));
        let mut components: Vec<(&str, &str)> = vec![("host", &host), ("date", &date), ("request-target", &target)];
        if let Some(d) = &digest {
            components.push(("digest", d));
        }
        components.push(("v-c-merchant-id", &self.merchant_id));
        let signature = format!(
            "keyid=\"{}\", algorithm=\"HmacSHA256\", headers=\"{}\", signature=\"{}\"",
            self.key_id,
            header_list(&components),
            hmac_sha256_signature(&self.key, &signing_string(&components))
        );
        let mut request = HttpRequest::new(method, url.clone())
            .header("v-c-merchant-id", self.merchant_id.clone())
            .header("Date", date.clone())
            .header("Host", host.clone());
        if let Some(d) = digest {
            request = request.header("Digest", d);
        }
        request = request.secret_header("Signature", signature);
        if let Some((data, sensitive)) = body {
            request = request.body("application/json", data, sensitive);
        }
        Ok(request)
    }
}


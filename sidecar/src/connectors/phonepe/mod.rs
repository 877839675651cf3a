//! PhonePe: PG standard checkout v1 (`/pg/v1/pay`, `/pg/v1/status`, `/pg/v1/refund`), UPI collect
//! and UPI intent, refunds, and the server-to-server callback.
//! Requests carry a base64 JSON payload and an `X-VERIFY` checksum made with the merchant's salt.
//! https://developer.phonepe.com/v1/reference/pay-api-1, https://developer.phonepe.com/v1/reference/pay-api,
//! https://developer.phonepe.com/v1/reference/check-status-api-1, https://developer.phonepe.com/v1/reference/refund-8
//!
//! Identifiers: PhonePe has no id of its own that the status API takes, so the unified
//! `connectorTransactionId` of a PhonePe payment is the `merchantTransactionId` we sent (PhonePe's
//! `/pg/v1/status/{merchantId}/{merchantTransactionId}` is keyed by it). psync takes it back in
//! `request.connectorTransactionId`. Likewise a refund is its own PhonePe transaction whose
//! merchantTransactionId is the unified `merchantRefundId`; it is the refund's
//! `connectorRefundId`, and rsync is the same status API asked about that id.
//!
//! Idempotency: PhonePe PG v1 has no idempotency header. Its dedup key is the merchantTransactionId
//! itself (a payment's, or a refund's = merchantRefundId): a second call with the same id is
//! refused (INVALID_TRANSACTION_ID), never executed twice. `idempotencyKey` is therefore not sent.

mod flows;
mod mapping;
mod payment_methods;
mod requests;
mod responses;
mod webhooks;

#[cfg(test)]
mod tests;

use super::{decode_auth, required, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, Webhooks};
use crate::kit::crypto::sha256_hex;
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "phonepe",
        display_name: "PhonePe",
        payment_methods: &payment_methods::PAYMENT_METHODS,
        auth_fields: &[
            AuthField { name: "merchantId", required: true, description: "merchant id assigned by PhonePe (UAT: PGTESTPAYUAT)" },
            AuthField { name: "saltKey", required: true, description: "salt key that signs X-VERIFY" },
            AuthField { name: "saltIndex", required: true, description: "index of the salt key (e.g. \"1\")" },
        ],
        sensitive_fields: &["X-VERIFY"],
        environments: Environments {
            sandbox: "https://api-preprod.phonepe.com/apis/pg-sandbox",
            production: "https://api.phonepe.com/apis/hermes",
        },
    },
    auth: PhonePeAuth::decode,
    flows: FlowTable {
        authorize: Supported { build: flows::build_authorize, parse: flows::parse_authorize },
        psync: Supported { build: flows::build_psync, parse: flows::parse_psync },
        capture: Unsupported(
            "PhonePe PG charges a UPI payment as soon as the shopper approves it; there is no separate authorization to capture (use captureMethod automatic)",
        ),
        void: Unsupported(
            "PhonePe PG has no authorization hold to release: a payment is charged at once; refund it instead",
        ),
        refund: Supported { build: flows::build_refund, parse: flows::parse_refund },
        rsync: Supported { build: flows::build_rsync, parse: flows::parse_rsync },
        setup_mandate: Unsupported(
            "PhonePe PG standard checkout keeps no payment method on file; UPI AutoPay mandates are a separate subscription API (create subscription, then an auth request the shopper approves) that this connector does not implement",
        ),
        repeat_payment: Unsupported(
            "PhonePe PG standard checkout has no merchant-initiated payment; UPI AutoPay debits go through a separate subscription API with a mandatory pre-debit notification at least 24 hours ahead, which this connector does not implement",
        ),
        create_access_token: Unsupported(
            "PhonePe PG v1 signs every request with the salt key (X-VERIFY); there is no access token",
        ),
        create_customer: Unsupported(
            "PhonePe has no customer object; the shopper is named per request (merchantUserId)",
        ),
        complete_authorize: Unsupported(
            "a PhonePe UPI payment completes in the shopper's UPI app with no call from the merchant; psync reads the outcome",
        ),
        verify_webhook: NotApplicable,
        create_session: Unsupported("PhonePe's checkout is itself a redirect: authorize answers with the PayPage URL; there is no separate front-end session"),
        incremental_authorization: Unsupported("PhonePe has no incremental authorization: a payment is authorized and charged at once"),
        revoke_mandate: Unsupported("this connector saves no payment method with PhonePe (see setupMandate), so there is none to revoke"),
        reverse: Unsupported("PhonePe has no reversal call: a completed payment is refunded (refund)"),
        accept_dispute: Unsupported("PhonePe's payment gateway API documents no dispute calls: chargebacks are answered in the PhonePe Business dashboard"),
        upload_dispute_file: Unsupported("PhonePe's payment gateway API documents no dispute calls: chargebacks are answered in the PhonePe Business dashboard"),
        submit_dispute_evidence: Unsupported("PhonePe's payment gateway API documents no dispute calls: chargebacks are answered in the PhonePe Business dashboard"),
        defend_dispute: Unsupported("PhonePe's payment gateway API documents no dispute calls: chargebacks are answered in the PhonePe Business dashboard"),
        dsync: Unsupported("PhonePe's payment gateway API documents no dispute calls: chargebacks are answered in the PhonePe Business dashboard"),
    },
    webhooks: Webhooks::Signed(|webhook, _| webhooks::parse_webhook(webhook)),
};

/// The API path signed into the pay checksum (the same for UAT and production).
pub const PAY_PATH: &str = "/pg/v1/pay";
/// The API path of a refund, also what its checksum signs.
pub const REFUND_PATH: &str = "/pg/v1/refund";

/// The API path of the status check, also what its checksum signs.
pub fn status_path(merchant_id: &str, merchant_transaction_id: &str) -> String {
    format!("/pg/v1/status/{merchant_id}/{merchant_transaction_id}")
}

/// `X-VERIFY`: SHA-256 (hex) of `payload + apiPath + saltKey`, then `###` and the salt index.
/// The payload is the base64 request for pay and empty for the status check.
pub fn x_verify(payload: &str, api_path: &str, auth: &PhonePeAuth) -> String {
    let signed = format!("{payload}{api_path}{}", auth.salt_key.expose());
    format!("{}###{}", sha256_hex(signed.as_bytes()), auth.salt_index())
}

/// The salt index arrives as a string (`"1"`) or, from hand-written configs, as a number.
#[derive(Deserialize)]
#[serde(untagged)]
enum SaltIndex {
    Text(Secret),
    Number(u32),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PhonePeAuth {
    merchant_id: Secret,
    salt_key: Secret,
    salt_index: SaltIndex,
}

impl PhonePeAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: PhonePeAuth = decode_auth(auth)?;
        let merchant_id = required(a.merchant_id.expose(), "auth.merchantId")?;
        // It goes into the status URL path: PhonePe's ids are letters, digits, `_` and `-`.
        if !requests::is_phonepe_id(merchant_id, requests::MAX_MERCHANT_ID_LEN) {
            return Err(SidecarError::invalid_field(
                "auth.merchantId",
                format!("PhonePe merchant ids are 1-{} letters, digits, `_` or `-`", requests::MAX_MERCHANT_ID_LEN),
            ));
        }
        required(a.salt_key.expose(), "auth.saltKey")?;
        let index = a.salt_index();
        if index.is_empty() {
            return Err(SidecarError::missing_field("auth.saltIndex", "it must not be empty"));
        }
        if !index.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SidecarError::invalid_field("auth.saltIndex", "the salt index is a number such as \"1\"".into()));
        }
        Ok(a)
    }

    pub fn merchant_id(&self) -> &str {
        self.merchant_id.expose()
    }

    fn salt_index(&self) -> String {
        match &self.salt_index {
            SaltIndex::Text(s) => s.expose().trim().to_string(),
            SaltIndex::Number(n) => n.to_string(),
        }
    }
}


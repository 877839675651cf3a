//! Worldpay: TODO(worldpay) the processor's API and version, and the pages of its docs this
//! connector follows (URLs). Ids, idempotency and what the processor cannot do: say it here.

mod flows;
mod mapping;
mod requests;
mod responses;

#[cfg(test)]
mod tests;

use super::{
    decode_auth, required, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, PaymentMethods,
    SupportedPaymentMethod, Webhooks, PAY_ONLY,
};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{PaymentMethodType, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "worldpay",
        display_name: "Worldpay",
        // TODO(worldpay): every payment method type the processor takes (with its method words and
        // flows), and every other type of the protocol in `unsupported` with the processor's reason.
        payment_methods: &PaymentMethods {
            supported: &[SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: PAY_ONLY }],
            unsupported: &[],
        },
        auth_fields: &[AuthField { name: "apiKey", required: true, description: "TODO(worldpay): the processor's secret key, and how it is sent" }],
        // TODO(worldpay): the names of the fields and headers that carry a CVC, a signature or a credential.
        sensitive_fields: &[],
        environments: Environments { sandbox: "https://sandbox.worldpay.invalid", production: "https://api.worldpay.invalid" },
    },
    auth: WorldpayAuth::decode,
    flows: FlowTable {
        authorize: Supported { build: flows::build_authorize, parse: flows::parse_authorize },
        psync: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        capture: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        void: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        refund: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        rsync: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        setup_mandate: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        repeat_payment: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        create_access_token: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        create_customer: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        complete_authorize: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        verify_webhook: NotApplicable,
        create_session: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        incremental_authorization: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        revoke_mandate: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        reverse: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        accept_dispute: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        upload_dispute_file: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        submit_dispute_evidence: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        defend_dispute: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
        dsync: Unsupported("not implemented yet: TODO(worldpay), or the processor's reason it cannot"),
    },
    webhooks: Webhooks::NotRead,
};

/// The credentials, as `listConnectors` names them in `authFields`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorldpayAuth {
    api_key: Secret,
}

impl WorldpayAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: WorldpayAuth = decode_auth(auth)?;
        required(a.api_key.expose(), "auth.apiKey")?;
        Ok(a)
    }

    #[allow(dead_code)]
    pub fn api_key(&self) -> &str {
        self.api_key.expose()
    }
}

//! Square: Payments, Refunds, Customers and Cards APIs (Square-Version 2025-08-20), JSON bodies,
//! `Authorization: Bearer <access token>`.
//! https://developer.squareup.com/reference/square/payments-api
//!
//! - Square takes no card numbers through its API. The buyer's card is tokenized in the browser by
//!   Square's Web Payments SDK (`cnon:...`), which also runs buyer verification (3DS/SCA) before it
//!   returns the token; the server sends that token as `source_id`. So `authorize` takes the
//!   `token` payment method; `card` is refused with PaymentMethodNotSupported.
//! - `authorize` / `repeatPayment` → CreatePayment `POST /v2/payments`; manual capture is
//!   `autocomplete: false` (the payment stays APPROVED). `psync` → GetPayment.
//! - `capture` → CompletePayment `POST /v2/payments/{id}/complete`, which takes no amount: it
//!   captures everything approved. A partial capture needs UpdatePayment first (a second call, not
//!   available for sellers in Japan or Australia, and only when the payment's `capabilities` allow
//!   EDIT_AMOUNT_DOWN), which one capture request cannot express: capture requires
//!   `paymentAmount` and refuses an `amountToCapture` below it.
//! - `incrementalAuthorization` → UpdatePayment `PUT /v2/payments/{id}` with the new total
//!   `amount_money` (paymentAmount + additionalAmount) on an APPROVED payment (sessions.rs).
//! - `void` → CancelPayment. `refund` → RefundPayment `POST /v2/refunds` (partial refunds are
//!   native). `rsync` → GetPaymentRefund.
//! - `createCustomer` → CreateCustomer; `setupMandate` → CreateCard (a card on file, `ccof:...`,
//!   under a customer, from a payment token or a payment id); `repeatPayment` charges it with its
//!   `customer_id`. setupMandate's `amount` is not sent: CreateCard saves the card without a
//!   charge. Its success is reported as `charged` with the card id in `mandateReference`.
//! - Idempotency: Square takes `idempotency_key` in the body (CreatePayment, RefundPayment,
//!   CreateCard require it; CreateCustomer takes it) and at most 45 bytes of it. See
//!   [`flows::square_idempotency_key`]. CompletePayment and CancelPayment take none: repeating them is
//!   answered with DELAYED_TRANSACTION_CAPTURED / _CANCELED, which the result reads as done.
//! - Square pins behaviour to the `Square-Version` header; without it Square uses the version set
//!   on the application in the Developer Console, which can change under us. We send 2025-08-20,
//!   the version of the OpenAPI spec our requests are validated against (test/oracles).
//! - Payment methods, 3-D Secure and series: payment_methods.rs (`token` only; `threeDs.external`
//!   and `challenge` refused, buyer verification being the Web Payments SDK's; `recurringType` has
//!   no Square field and is not sent).
//! - Not sent: `metadata` (Square payments have no metadata field), `browserInfo` and `returnUrl`
//!   (buyer verification happens in the Web Payments SDK, not by redirect), `customer.phone` on a
//!   payment (Square fails the payment on a phone number it cannot parse).

mod disputes;
mod flows;
mod mapping;
mod payment_methods;
mod requests;
mod responses;
mod sessions;
mod webhooks;

#[cfg(test)]
mod tests;

use super::{decode_auth, required, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, Webhooks};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

/// The API version our requests are written for (and validated against, in the spec tests).
pub const SQUARE_VERSION: &str = "2025-08-20";

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "square",
        display_name: "Square",
        payment_methods: &payment_methods::PAYMENT_METHODS,
        auth_fields: &[
            AuthField {
                name: "accessToken",
                required: true,
                description: "access token (sandbox or production) from the Developer Console, or a seller's OAuth token; sent as Authorization: Bearer",
            },
            AuthField {
                name: "locationId",
                required: false,
                description: "the seller location that takes the payments (CreatePayment location_id); default the seller's main location",
            },
        ],
        sensitive_fields: &["source_id", "x-square-hmacsha256-signature", "x-square-signature"],
        environments: Environments {
            sandbox: "https://connect.squareupsandbox.com",
            production: "https://connect.squareup.com",
        },
    },
    auth: SquareAuth::decode,
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
            "Square takes a long-lived access token (the application's own, or a seller's OAuth token) in \
             auth.accessToken; obtaining one is onboarding, not a payment call",
        ),
        create_customer: Supported { build: flows::build_create_customer, parse: flows::parse_create_customer },
        complete_authorize: Unsupported(
            "Square verifies the buyer (3DS/SCA) in the browser inside the Web Payments SDK before it returns \
             the payment token; there is no redirect to complete on the server",
        ),
        verify_webhook: NotApplicable,
        create_session: Unsupported("Square has no server-side session: the Web Payments SDK tokenizes the card with the application ID and location ID alone; authorize with its token (cnon:...)"),
        incremental_authorization: Supported { build: sessions::build_incremental_authorization, parse: sessions::parse_incremental_authorization },
        revoke_mandate: Supported { build: sessions::build_revoke_mandate, parse: sessions::parse_revoke_mandate },
        reverse: Unsupported("Square has no one call for both: cancel an approved payment (void), refund a completed one (refund)"),
        accept_dispute: Supported { build: disputes::build_accept_dispute, parse: disputes::parse_accept_dispute },
        upload_dispute_file: Supported { build: disputes::build_upload_dispute_file, parse: disputes::parse_upload_dispute_file },
        submit_dispute_evidence: Supported { build: disputes::build_submit_dispute_evidence, parse: disputes::parse_submit_dispute_evidence },
        defend_dispute: Supported { build: disputes::build_defend_dispute, parse: disputes::parse_defend_dispute },
        dsync: Supported { build: disputes::build_dsync, parse: disputes::parse_dsync },
    },
    webhooks: Webhooks::Signed(|webhook, _| webhooks::parse(webhook)),
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SquareAuth {
    access_token: Secret,
    location_id: Option<Secret>,
}

impl SquareAuth {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: SquareAuth = decode_auth(auth)?;
        required(a.access_token.expose(), "auth.accessToken")?;
        Ok(a)
    }

    pub(crate) fn location_id(&self) -> Option<String> {
        self.location_id.as_ref().map(|l| l.expose().trim().to_string()).filter(|l| !l.is_empty())
    }
}


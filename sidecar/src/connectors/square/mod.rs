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
//! - `void` → CancelPayment. `refund` → RefundPayment `POST /v2/refunds` (partial refunds are
//!   native). `rsync` → GetPaymentRefund.
//! - `createCustomer` → CreateCustomer; `setupMandate` → CreateCard (a card on file, `ccof:...`,
//!   under a customer, from a payment token or a payment id); `repeatPayment` charges it with its
//!   `customer_id`. setupMandate's `amount` is not sent: CreateCard saves the card without a
//!   charge. Its success is reported as `charged` with the card id in `mandateReference`.
//! - Idempotency: Square takes `idempotency_key` in the body (CreatePayment, RefundPayment,
//!   CreateCard require it; CreateCustomer takes it) and at most 45 bytes of it. See
//!   [`square_idempotency_key`]. CompletePayment and CancelPayment take none: repeating them is
//!   answered with DELAYED_TRANSACTION_CAPTURED / _CANCELED, which the result reads as done.
//! - Square pins behaviour to the `Square-Version` header; without it Square uses the version set
//!   on the application in the Developer Console, which can change under us. We send 2025-08-20,
//!   the version of the OpenAPI spec our requests are validated against (test/oracles).
//! - Not sent: `metadata` (Square payments have no metadata field), `browserInfo` and `returnUrl`
//!   (buyer verification happens in the Web Payments SDK, not by redirect), `customer.phone` on a
//!   payment (Square fails the payment on a phone number it cannot parse).

mod mapping;
mod requests;
mod responses;
mod webhooks;

use super::{decode_auth, path_id, required, AuthField, Connector, ConnectorInfo, Context, Environments, UnsupportedFlow};
use crate::kit::crypto::sha256_hex;
use crate::kit::idempotency::{main_key, step_key};
use crate::protocol::{
    Flow, FlowRequest, FlowResult, HttpMethod, HttpRequest, HttpResponse, IncomingWebhook, Secret, SidecarError,
    WebhookResult,
};
use responses::{PaymentCall, RefundCall};
use serde::Deserialize;
use serde_json::Value;

/// The API version our requests are written for (and validated against, in the spec tests).
pub const SQUARE_VERSION: &str = "2025-08-20";

pub struct Square;

static INFO: ConnectorInfo = ConnectorInfo {
    name: "square",
    display_name: "Square",
    flows: &[
        Flow::Authorize,
        Flow::Psync,
        Flow::Capture,
        Flow::Void,
        Flow::Refund,
        Flow::Rsync,
        Flow::CreateCustomer,
        Flow::SetupMandate,
        Flow::RepeatPayment,
    ],
    unsupported_flows: &[
        UnsupportedFlow {
            flow: Flow::CompleteAuthorize,
            reason: "Square verifies the buyer (3DS/SCA) in the browser inside the Web Payments SDK before it returns \
                     the payment token; there is no redirect to complete on the server",
        },
        UnsupportedFlow {
            flow: Flow::CreateAccessToken,
            reason: "Square takes a long-lived access token (the application's own, or a seller's OAuth token) in \
                     auth.accessToken; obtaining one is onboarding, not a payment call",
        },
    ],
    webhooks: true,
    payment_methods: &["token"],
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
    environments: Environments {
        sandbox: "https://connect.squareupsandbox.com",
        production: "https://connect.squareup.com",
    },
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SquareAuth {
    access_token: Secret,
    location_id: Option<Secret>,
}

impl SquareAuth {
    fn parse(auth: Value) -> Result<Self, SidecarError> {
        let a: SquareAuth = decode_auth(auth)?;
        required(a.access_token.expose(), "auth.accessToken")?;
        Ok(a)
    }

    fn location_id(&self) -> Option<String> {
        self.location_id.as_ref().map(|l| l.expose().trim().to_string()).filter(|l| !l.is_empty())
    }
}

/// Square's limit for `idempotency_key` (bytes: "might be less than the stated maximum, if
/// multi-byte characters are used").
pub const MAX_IDEMPOTENCY_KEY_BYTES: usize = 45;

/// The `idempotency_key` Square gets for the caller's key: the key itself when it fits in 45
/// bytes, else `sha256-` and the first 38 hex digits of its SHA-256 (45 bytes). Either way the
/// same caller key always gives the same Square key, so a retry is recognised as one. A random
/// key would make every retry a new payment.
pub fn square_idempotency_key(key: &str) -> String {
    if key.len() <= MAX_IDEMPOTENCY_KEY_BYTES {
        key.to_string()
    } else {
        format!("sha256-{}", &sha256_hex(key.as_bytes())[..38])
    }
}

/// The caller's key, required: Square requires `idempotency_key` on CreatePayment and CreateCard,
/// and there is no honest stand-in. `merchantTransactionId` is not one: after a decline the
/// buyer retries the same order with another card, and Square would answer that retry with the
/// decline (same key) or IDEMPOTENCY_KEY_REUSED (other parameters).
fn required_key(key: Option<&str>, why: &str) -> Result<String, SidecarError> {
    match key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => Ok(square_idempotency_key(k)),
        None => Err(SidecarError::missing_field("request.idempotencyKey", why)),
    }
}

fn request(method: HttpMethod, url: String, auth: &SquareAuth) -> HttpRequest {
    HttpRequest::new(method, url)
        .secret_header("Authorization", format!("Bearer {}", auth.access_token.expose()))
        .header("Square-Version", SQUARE_VERSION)
}

impl Connector for Square {
    fn info(&self) -> &'static ConnectorInfo {
        &INFO
    }

    fn build_request(&self, request: &FlowRequest, auth: Value, ctx: &Context) -> Result<HttpRequest, SidecarError> {
        let auth = SquareAuth::parse(auth)?;
        let base = ctx.base_url();
        match request {
            FlowRequest::Authorize(r) => {
                let key = required_key(
                    r.idempotency_key.as_deref(),
                    "Square requires an idempotency_key on every CreatePayment; give a key that is the same on \
                     every retry of this payment attempt (it is what keeps a retry from charging twice)",
                )?;
                let body = requests::SquareCreatePayment::authorize(r, key, auth.location_id())?;
                // The body carries the buyer's payment token.
                Ok(self::request(HttpMethod::POST, format!("{base}/v2/payments"), &auth).json_body(&body, true))
            }
            FlowRequest::RepeatPayment(r) => {
                let key = required_key(
                    r.idempotency_key.as_deref(),
                    "Square requires an idempotency_key on every CreatePayment; give a key that is the same on \
                     every retry of this payment",
                )?;
                let body = requests::SquareCreatePayment::repeat(r, key, auth.location_id())?;
                Ok(self::request(HttpMethod::POST, format!("{base}/v2/payments"), &auth).json_body(&body, true))
            }
            FlowRequest::Psync(r) => {
                let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Square")?;
                Ok(self::request(HttpMethod::GET, format!("{base}/v2/payments/{id}"), &auth))
            }
            FlowRequest::Capture(r) => {
                requests::SquareMoney::from_unified(&r.amount_to_capture, "request.amountToCapture")?;
                let authorized = r.payment_amount.as_ref().ok_or_else(|| {
                    SidecarError::missing_field(
                        "request.paymentAmount",
                        "Square's CompletePayment captures the whole approved amount and takes no amount; give the \
                         amount authorized so that a capture of less than that is refused instead of capturing it all",
                    )
                })?;
                if authorized.minor_amount != r.amount_to_capture.minor_amount {
                    return Err(SidecarError::invalid_field(
                        "request.amountToCapture.minorAmount",
                        format!(
                            "Square cannot capture part of an approved payment: CompletePayment takes no amount and would \
                             capture all {} {}, not {}. Capture the full amount and refund the difference, or void and \
                             authorize the lower amount (Square's UpdatePayment can lower an approved amount for some \
                             sellers before completing, a separate call this flow does not make)",
                            authorized.minor_amount, authorized.currency, r.amount_to_capture.minor_amount
                        ),
                    ));
                }
                let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Square")?;
                Ok(self::request(HttpMethod::POST, format!("{base}/v2/payments/{id}/complete"), &auth)
                    .json_body(&requests::SquareCompletePayment {}, false))
            }
            FlowRequest::Void(r) => {
                let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Square")?;
                Ok(self::request(HttpMethod::POST, format!("{base}/v2/payments/{id}/cancel"), &auth))
            }
            FlowRequest::Refund(r) => {
                // One refund is one merchantRefundId ("unique per refund"), so it is an honest key
                // when the caller gives none: a retry of the same refund reuses it.
                let key = square_idempotency_key(
                    r.idempotency_key.as_deref().map(str::trim).filter(|k| !k.is_empty()).unwrap_or(r.merchant_refund_id.trim()),
                );
                path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Square")?;
                let body = requests::SquareRefundPayment::from_unified(r, key)?;
                Ok(self::request(HttpMethod::POST, format!("{base}/v2/refunds"), &auth).json_body(&body, false))
            }
            FlowRequest::Rsync(r) => {
                let id = path_id(&r.connector_refund_id, "request.connectorRefundId", "Square")?;
                Ok(self::request(HttpMethod::GET, format!("{base}/v2/refunds/{id}"), &auth))
            }
            FlowRequest::CreateCustomer(r) => {
                // A preparatory step of the caller's operation: its own key (`<key>:customer`).
                let key = step_key(r.idempotency_key.as_deref().map(str::trim).filter(|k| !k.is_empty()), "customer")
                    .map(|k| square_idempotency_key(&k));
                let body = requests::SquareCreateCustomer::from_unified(r, key)?;
                Ok(self::request(HttpMethod::POST, format!("{base}/v2/customers"), &auth).json_body(&body, false))
            }
            FlowRequest::SetupMandate(r) => {
                let key = required_key(
                    main_key(r.idempotency_key.as_deref()).as_deref(),
                    "Square requires an idempotency_key on every CreateCard; give a key that is the same on every \
                     retry of saving this card",
                )?;
                let body = requests::SquareCreateCard::from_unified(r, key)?;
                Ok(self::request(HttpMethod::POST, format!("{base}/v2/cards"), &auth).json_body(&body, true))
            }
            other => Err(ctx.flow_not_supported(other.flow())),
        }
    }

    fn parse_response(
        &self,
        request: &FlowRequest,
        _auth: Value,
        response: &HttpResponse,
        ctx: &Context,
    ) -> Result<FlowResult, SidecarError> {
        let payment = |call, id: Option<&str>| responses::parse_payment(response, call, id).map(FlowResult::Payment);
        match request {
            FlowRequest::Authorize(_) | FlowRequest::RepeatPayment(_) => payment(PaymentCall::Create, None),
            FlowRequest::Psync(r) => payment(PaymentCall::Get, Some(r.connector_transaction_id.trim())),
            FlowRequest::Capture(r) => payment(PaymentCall::Complete, Some(r.connector_transaction_id.trim())),
            FlowRequest::Void(r) => payment(PaymentCall::Cancel, Some(r.connector_transaction_id.trim())),
            FlowRequest::Refund(_) => responses::parse_refund(response, RefundCall::Create, None).map(FlowResult::Refund),
            FlowRequest::Rsync(r) => {
                responses::parse_refund(response, RefundCall::Get, Some(r.connector_refund_id.trim())).map(FlowResult::Refund)
            }
            FlowRequest::CreateCustomer(_) => responses::parse_customer(response).map(FlowResult::Customer),
            FlowRequest::SetupMandate(_) => responses::parse_card(response).map(FlowResult::Payment),
            other => Err(ctx.flow_not_supported(other.flow())),
        }
    }

    fn parse_webhook(&self, webhook: &IncomingWebhook, _ctx: &Context) -> Result<WebhookResult, SidecarError> {
        webhooks::parse(webhook)
    }
}

#[cfg(test)]
mod tests;

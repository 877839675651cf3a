//! PayPal: Orders v2 and Payments v2 REST APIs, JSON bodies, OAuth 2.0 client credentials.
//! https://developer.paypal.com/docs/api/orders/v2/, https://developer.paypal.com/docs/api/payments/v2/
//!
//! - Auth is two-step. `createAccessToken` → `POST /v1/oauth2/token` with
//!   `Authorization: Basic base64(clientId:clientSecret)` and `grant_type=client_credentials`; the
//!   result's `state.accessToken` is the bearer token (about 9 hours, `expiresInSeconds`). Every
//!   other flow reads `request.state.accessToken` and sends `Authorization: Bearer <token>`. The
//!   sidecar keeps nothing between calls, so the caller keeps the token and passes it on.
//! - Amounts are decimal strings (`"10.50"`) with PayPal's decimals per currency: 2, except HUF,
//!   JPY and TWD with none. Only PayPal's 24 REST currencies are taken (mapping.rs); HUF/TWD
//!   amounts with cents are refused, never rounded.
//! - `authorize` → create order `POST /v2/checkout/orders` with `intent` AUTHORIZE (manual) or
//!   CAPTURE (automatic) and a `payment_source`:
//!   - `card`: PayPal authorizes or captures at once; the order comes back COMPLETED with
//!     `purchase_units[0].payments.authorizations[0]` or `.captures[0]`.
//!   - `paypal` (wallet): the order comes back PAYER_ACTION_REQUIRED with a `payer-action` link:
//!     the result is `authentication_pending` with that redirection; after the payer approves,
//!     `completeAuthorize` → `POST /v2/checkout/orders/{id}/authorize` (manual) or `/capture`.
//! - Ids. PayPal has three objects with their own ids: the order, the authorization and the
//!   capture. Capture and void act on the authorization; refund acts on a capture. So
//!   `connectorTransactionId` is always the id the next money call needs: the authorization id
//!   (manual), the capture id (automatic, and the result of `capture`), or the order id while the
//!   payer has still to approve. The result's `state` says which it is (`paypalObject`:
//!   `order` | `authorization` | `capture`) and carries `orderId`. `psync` needs `paypalObject`
//!   in `request.state` (with the access token) to know which object to read; capture/void refuse
//!   a capture id and refund refuses an authorization id before anything is sent.
//! - Idempotency: the caller's `idempotencyKey` → `PayPal-Request-Id` on create order, order
//!   authorize/capture, authorization capture and refund (refund falls back to
//!   `merchantRefundId`, unique per refund) and void (which the 2024 spec does not list but
//!   today's API and SDK take). A void repeated without a key is answered AUTHORIZATION_VOIDED /
//!   PREVIOUSLY_VOIDED, read as voided. Keys over PayPal's 108 characters
//!   are replaced by `sha256-` + their SHA-256 (hex), the same for every retry.
//! - `Prefer: return=representation` on every POST, so that PayPal answers with the whole
//!   resource (status, amounts, processor response) instead of the minimal `{id, status, links}`.
//! - Saved payment methods (Vault v3, https://developer.paypal.com/docs/api/payment-tokens/v3/):
//!   - `setupMandate` with a card → `POST /v3/vault/payment-tokens` with the card: saved at once,
//!     no payer action; the result's `mandateReference` is the payment token.
//!   - `setupMandate` with the PayPal wallet → `POST /v3/vault/setup-tokens` (usage_type MERCHANT):
//!     `authentication_pending` with the `approve` link; once the payer approved,
//!     `completeAuthorize` on the setup token (`state.paypalObject` `setup_token`) →
//!     `POST /v3/vault/payment-tokens` with `{token: {id, type: SETUP_TOKEN}}` gives the payment token.
//!   - The result's `connectorCustomerId` is PayPal's customer (Vault creates it with the first
//!     token; pass it back in `customer.connectorCustomerId` to save more under it), and
//!     `state.paymentSource` (`card` | `paypal`) says what the token holds.
//!   - `repeatPayment` → create order with `payment_source.card.vault_id` and `stored_credential`
//!     (MERCHANT, UNSCHEDULED or `state.paypalPaymentType` RECURRING, SUBSEQUENT, the first
//!     payment's network transaction id), or `payment_source.paypal.vault_id`; it needs
//!     `state.paymentSource` from the setupMandate result.
//! - Webhooks are verified by PayPal (`webhookVerification: remote`, see webhooks.rs): the
//!   `verifyWebhook` flow asks PayPal, and parseWebhook reads the event given that answer.
//! - Not sent: `metadata` (PayPal has only `custom_id`, which carries `merchantTransactionId`),
//!   `browserInfo`.

mod mapping;
mod requests;
mod responses;
mod webhooks;

use super::{decode_auth, path_id, required, AuthField, Connector, ConnectorInfo, Context, Environments, UnsupportedFlow};
use crate::kit::crypto::{basic_auth, sha256_hex};
use crate::kit::idempotency::main_key;
use crate::protocol::{
    CaptureMethod, ConnectorState, Flow, FlowRequest, FlowResult, HttpMethod, HttpRequest, HttpResponse, IncomingWebhook,
    PaymentMethod, RemoteVerification, Secret, SidecarError, WebhookResult,
};
use requests::VaultedSource;
use responses::{PaymentCall, RefundCall};
use serde::Deserialize;
use serde_json::Value;

/// `state` key of the OAuth access token (from createAccessToken).
pub const STATE_ACCESS_TOKEN: &str = "accessToken";
/// `state` key naming which PayPal object `connectorTransactionId` is.
pub const STATE_OBJECT: &str = "paypalObject";
/// `state` key of the order the authorization or capture belongs to.
pub const STATE_ORDER_ID: &str = "orderId";
pub const OBJECT_ORDER: &str = "order";
pub const OBJECT_AUTHORIZATION: &str = "authorization";
pub const OBJECT_CAPTURE: &str = "capture";
/// A Vault setup token awaiting the payer's approval (setupMandate with the PayPal wallet).
pub const OBJECT_SETUP_TOKEN: &str = "setup_token";
/// `state` key saying what a Vault payment token holds: `card` or `paypal`.
pub const STATE_PAYMENT_SOURCE: &str = "paymentSource";

pub struct PayPal;

static INFO: ConnectorInfo = ConnectorInfo {
    name: "paypal",
    display_name: "PayPal",
    flows: &[
        Flow::CreateAccessToken,
        Flow::Authorize,
        Flow::CompleteAuthorize,
        Flow::Psync,
        Flow::Capture,
        Flow::Void,
        Flow::Refund,
        Flow::Rsync,
        Flow::SetupMandate,
        Flow::RepeatPayment,
        Flow::VerifyWebhook,
    ],
    unsupported_flows: &[UnsupportedFlow {
        flow: Flow::CreateCustomer,
        reason: "PayPal's Vault has no call that creates a customer: it creates one with the first saved payment token; \
                 setupMandate returns its id as connectorCustomerId, which saves further payment methods under it",
    }],
    webhooks: true,
    payment_methods: &["card", "paypal"],
    auth_fields: &[
        AuthField {
            name: "clientId",
            required: true,
            description: "REST app client ID (sandbox or live) from the PayPal Developer Dashboard; createAccessToken sends it in HTTP Basic auth",
        },
        AuthField {
            name: "clientSecret",
            required: true,
            description: "REST app secret paired with clientId; createAccessToken exchanges both for the access token that other flows read from request.state.accessToken",
        },
    ],
    environments: Environments {
        sandbox: "https://api-m.sandbox.paypal.com",
        production: "https://api-m.paypal.com",
    },
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PayPalAuth {
    client_id: Secret,
    client_secret: Secret,
}

impl PayPalAuth {
    fn parse(auth: Value) -> Result<Self, SidecarError> {
        let a: PayPalAuth = decode_auth(auth)?;
        required(a.client_id.expose(), "auth.clientId")?;
        required(a.client_secret.expose(), "auth.clientSecret")?;
        Ok(a)
    }
}

/// PayPal's limit for `PayPal-Request-Id` on Orders v2.
pub const MAX_REQUEST_ID: usize = 108;

/// The `PayPal-Request-Id` for the caller's key: the key itself when it fits, else `sha256-` and
/// its SHA-256 in hex (71 characters). The same key always gives the same header, so a retry is
/// recognised as one.
pub fn paypal_request_id(key: &str) -> String {
    if key.len() <= MAX_REQUEST_ID && key.is_ascii() {
        key.to_string()
    } else {
        format!("sha256-{}", sha256_hex(key.as_bytes()))
    }
}

fn request_id(key: Option<&str>) -> Option<String> {
    main_key(key.map(str::trim).filter(|k| !k.is_empty())).map(|k| paypal_request_id(&k))
}

/// The bearer token from `request.state`. Its value is never quoted in an error.
pub(crate) fn access_token(state: Option<&ConnectorState>) -> Result<&str, SidecarError> {
    state
        .and_then(|s| s.get(STATE_ACCESS_TOKEN))
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            SidecarError::missing_field(
                "request.state.accessToken",
                "PayPal takes an OAuth access token on every call: run the createAccessToken flow first and pass its \
                 result's state (accessToken) in request.state until expiresInSeconds runs out",
            )
        })
}

/// Which PayPal object `connectorTransactionId` names, from `request.state.paypalObject`.
fn object_of(state: Option<&ConnectorState>) -> Result<Option<&'static str>, SidecarError> {
    match state.and_then(|s| s.get(STATE_OBJECT)).map(|s| s.trim()) {
        None | Some("") => Ok(None),
        Some(OBJECT_ORDER) => Ok(Some(OBJECT_ORDER)),
        Some(OBJECT_AUTHORIZATION) => Ok(Some(OBJECT_AUTHORIZATION)),
        Some(OBJECT_CAPTURE) => Ok(Some(OBJECT_CAPTURE)),
        Some(OBJECT_SETUP_TOKEN) => Ok(Some(OBJECT_SETUP_TOKEN)),
        Some(_) => Err(SidecarError::invalid_field(
            "request.state.paypalObject",
            "must be order, authorization, capture or setup_token, as the previous result's state said".into(),
        )),
    }
}

fn bearer(method: HttpMethod, url: String, token: &str) -> HttpRequest {
    HttpRequest::new(method, url).secret_header("Authorization", format!("Bearer {token}"))
}

/// A POST that changes money: bearer, the whole resource back, and the idempotency key if any.
fn post(url: String, token: &str, key: Option<String>) -> HttpRequest {
    let mut r = bearer(HttpMethod::POST, url, token).header("Prefer", "return=representation");
    if let Some(k) = key {
        r = r.header("PayPal-Request-Id", k);
    }
    r
}

/// Refuses an id of the wrong PayPal object, when the caller's state says what it is.
fn require_object(state: Option<&ConnectorState>, wanted: &str, why: &str) -> Result<(), SidecarError> {
    match object_of(state)? {
        Some(o) if o != wanted => Err(SidecarError::invalid_field(
            "request.connectorTransactionId",
            format!("request.state.paypalObject says this is a PayPal {o} id; {why}"),
        )),
        _ => Ok(()),
    }
}

impl Connector for PayPal {
    fn info(&self) -> &'static ConnectorInfo {
        &INFO
    }

    fn build_request(&self, request: &FlowRequest, auth: Value, ctx: &Context) -> Result<HttpRequest, SidecarError> {
        let base = ctx.base_url();
        if let FlowRequest::CreateAccessToken(_) = request {
            let auth = PayPalAuth::parse(auth)?;
            return Ok(HttpRequest::new(HttpMethod::POST, format!("{base}/v1/oauth2/token"))
                .secret_header("Authorization", basic_auth(auth.client_id.expose(), auth.client_secret.expose()))
                .header("Accept", "application/json")
                .body("application/x-www-form-urlencoded", "grant_type=client_credentials".into(), false));
        }
        // Every other flow runs on the access token; the client credentials are not needed, but
        // a malformed auth object is still refused so that mistakes show early.
        PayPalAuth::parse(auth)?;
        let token = access_token(request.state())?;
        match request {
            FlowRequest::Authorize(r) => {
                let body = requests::CreateOrder::from_unified(r)?;
                let sensitive = matches!(r.payment_method, PaymentMethod::Card(_));
                Ok(post(format!("{base}/v2/checkout/orders"), token, request_id(r.idempotency_key.as_deref()))
                    .json_body(&body, sensitive))
            }
            FlowRequest::CompleteAuthorize(r) if object_of(r.state.as_ref())? == Some(OBJECT_SETUP_TOKEN) => {
                // The payer approved saving the wallet: the setup token becomes the payment token.
                let body = requests::CreatePaymentToken::from_setup_token(&r.connector_transaction_id)?;
                Ok(post(format!("{base}/v3/vault/payment-tokens"), token, request_id(r.idempotency_key.as_deref()))
                    .json_body(&body, false))
            }
            FlowRequest::CompleteAuthorize(r) => {
                let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "PayPal")?;
                require_object(r.state.as_ref(), OBJECT_ORDER, "completeAuthorize takes the order id the payer approved")?;
                let action = match r.capture_method {
                    CaptureMethod::Manual => "authorize",
                    CaptureMethod::Automatic => "capture",
                };
                Ok(post(
                    format!("{base}/v2/checkout/orders/{id}/{action}"),
                    token,
                    request_id(r.idempotency_key.as_deref()),
                )
                .json_body(&serde_json::json!({}), false))
            }
            FlowRequest::Psync(r) => {
                let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "PayPal")?;
                let path = match object_of(r.state.as_ref())? {
                    Some(OBJECT_ORDER) => format!("v2/checkout/orders/{id}"),
                    Some(OBJECT_AUTHORIZATION) => format!("v2/payments/authorizations/{id}"),
                    Some(OBJECT_SETUP_TOKEN) => format!("v3/vault/setup-tokens/{id}"),
                    Some(_) => format!("v2/payments/captures/{id}"),
                    None => {
                        return Err(SidecarError::missing_field(
                            "request.state.paypalObject",
                            "PayPal keeps orders, authorizations and captures apart: pass the paypalObject the result \
                             that gave this connectorTransactionId had in its state (order, authorization or capture)",
                        ))
                    }
                };
                Ok(bearer(HttpMethod::GET, format!("{base}/{path}"), token))
            }
            FlowRequest::Capture(r) => {
                require_object(
                    r.state.as_ref(),
                    OBJECT_AUTHORIZATION,
                    "capture takes the authorization id of a manual-capture payment (an automatic one is captured already)",
                )?;
                let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "PayPal")?;
                let body = requests::CaptureAuthorization::from_unified(r)?;
                Ok(post(
                    format!("{base}/v2/payments/authorizations/{id}/capture"),
                    token,
                    request_id(r.idempotency_key.as_deref()),
                )
                .json_body(&body, false))
            }
            FlowRequest::Void(r) => {
                require_object(
                    r.state.as_ref(),
                    OBJECT_AUTHORIZATION,
                    "void takes the authorization id of an uncaptured payment; a capture is undone by refund",
                )?;
                let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "PayPal")?;
                // No body. PayPal-Request-Id: today's API and SDK (paypal-server-sdk 2.5 voidPayment)
                // take it, the 2024 spec does not list it; a repeated void without it is still read
                // as voided (see the module notes).
                Ok(post(
                    format!("{base}/v2/payments/authorizations/{id}/void"),
                    token,
                    request_id(r.idempotency_key.as_deref()),
                ))
            }
            FlowRequest::Refund(r) => {
                require_object(
                    r.state.as_ref(),
                    OBJECT_CAPTURE,
                    "refund takes a capture id (the result of capture, or of an automatic-capture authorize)",
                )?;
                let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "PayPal")?;
                let body = requests::RefundCapture::from_unified(r)?;
                // One refund is one merchantRefundId, so it is an honest key when the caller gives none.
                let key = request_id(r.idempotency_key.as_deref()).or_else(|| request_id(Some(&r.merchant_refund_id)));
                Ok(post(format!("{base}/v2/payments/captures/{id}/refund"), token, key).json_body(&body, false))
            }
            FlowRequest::Rsync(r) => {
                let id = path_id(&r.connector_refund_id, "request.connectorRefundId", "PayPal")?;
                Ok(bearer(HttpMethod::GET, format!("{base}/v2/payments/refunds/{id}"), token))
            }
            FlowRequest::SetupMandate(r) => {
                if r.amount.minor_amount != 0 {
                    return Err(SidecarError::invalid_field(
                        "request.amount.minorAmount",
                        "PayPal's Vault saves a payment method without a payment: pass 0 (PayPal checks a card without charging it)".into(),
                    ));
                }
                let key = request_id(r.idempotency_key.as_deref());
                match &r.payment_method {
                    PaymentMethod::Card(card) => {
                        let body = requests::CreatePaymentToken::from_card(r, card)?;
                        Ok(post(format!("{base}/v3/vault/payment-tokens"), token, key).json_body(&body, true))
                    }
                    PaymentMethod::PayPal(_) => {
                        let body = requests::CreateSetupToken::for_wallet(r)?;
                        Ok(post(format!("{base}/v3/vault/setup-tokens"), token, key).json_body(&body, false))
                    }
                    other => Err(SidecarError::payment_method_not_supported(&format!(
                        "PayPal's Vault saves card and paypal payment methods, not {}",
                        other.type_name()
                    ))),
                }
            }
            FlowRequest::RepeatPayment(r) => {
                let source = vaulted_source(r.state.as_ref())?;
                let body = requests::CreateOrder::from_repeat(r, source)?;
                Ok(post(format!("{base}/v2/checkout/orders"), token, request_id(r.idempotency_key.as_deref()))
                    .json_body(&body, false))
            }
            FlowRequest::VerifyWebhook(r) => webhooks::verify_request(r, base),
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
        let pay = FlowResult::Payment;
        match request {
            FlowRequest::CreateAccessToken(_) => responses::parse_token(response).map(FlowResult::AccessToken),
            FlowRequest::Authorize(_) => responses::parse_order(response, PaymentCall::CreateOrder, None).map(pay),
            FlowRequest::CompleteAuthorize(r) if object_of(r.state.as_ref())? == Some(OBJECT_SETUP_TOKEN) => {
                responses::parse_payment_token(response, Some(VaultedSource::PayPal)).map(pay)
            }
            FlowRequest::CompleteAuthorize(r) => {
                responses::parse_order(response, PaymentCall::CompleteOrder, Some(r.connector_transaction_id.trim())).map(pay)
            }
            FlowRequest::Psync(r) => {
                let id = r.connector_transaction_id.trim();
                match object_of(r.state.as_ref())? {
                    Some(OBJECT_ORDER) | None => responses::parse_order(response, PaymentCall::Get, Some(id)).map(pay),
                    Some(OBJECT_SETUP_TOKEN) => responses::parse_setup_token(response).map(pay),
                    Some(object) => responses::parse_payment_object(response, PaymentCall::Get, object, id).map(pay),
                }
            }
            FlowRequest::Capture(r) => responses::parse_payment_object(
                response,
                PaymentCall::Capture,
                OBJECT_CAPTURE,
                r.connector_transaction_id.trim(),
            )
            .map(|mut p| {
                // A refused capture leaves the authorization as it was: keep its id and object.
                if p.status == crate::protocol::PaymentStatus::CaptureFailed && p.state.is_none() {
                    p.state = Some(ConnectorState::from([(STATE_OBJECT.to_string(), OBJECT_AUTHORIZATION.to_string())]));
                }
                pay(p)
            }),
            FlowRequest::Void(r) => responses::parse_payment_object(
                response,
                PaymentCall::Void,
                OBJECT_AUTHORIZATION,
                r.connector_transaction_id.trim(),
            )
            .map(pay),
            FlowRequest::Refund(_) => responses::parse_refund(response, RefundCall::Create, None).map(FlowResult::Refund),
            FlowRequest::Rsync(r) => {
                responses::parse_refund(response, RefundCall::Get, Some(r.connector_refund_id.trim())).map(FlowResult::Refund)
            }
            FlowRequest::SetupMandate(r) => match r.payment_method {
                PaymentMethod::PayPal(_) => responses::parse_setup_token(response).map(pay),
                _ => responses::parse_payment_token(response, Some(VaultedSource::Card)).map(pay),
            },
            FlowRequest::RepeatPayment(_) => responses::parse_order(response, PaymentCall::CreateOrder, None).map(pay),
            FlowRequest::VerifyWebhook(r) => {
                responses::parse_verification(response, webhooks::body_sha256(&r.body)).map(FlowResult::WebhookVerification)
            }
            other => Err(ctx.flow_not_supported(other.flow())),
        }
    }

    /// A webhook PayPal itself verified (the verifyWebhook result); see webhooks.rs.
    fn parse_remotely_verified_webhook(
        &self,
        webhook: &IncomingWebhook,
        verification: Option<&RemoteVerification>,
        _ctx: &Context,
    ) -> Result<WebhookResult, SidecarError> {
        webhooks::parse(webhook, verification)
    }
}

/// What the Vault payment token of a repeatPayment holds, from `request.state.paymentSource`
/// (the setupMandate result's state).
fn vaulted_source(state: Option<&ConnectorState>) -> Result<VaultedSource, SidecarError> {
    let field = "request.state.paymentSource";
    match state.and_then(|s| s.get(STATE_PAYMENT_SOURCE)).map(|s| s.trim()) {
        None | Some("") => Err(SidecarError::missing_field(
            field,
            "PayPal charges a saved card as payment_source.card and a saved wallet as payment_source.paypal: pass the \
             setupMandate result's state (paymentSource card or paypal)",
        )),
        Some(s) => VaultedSource::parse(s)
            .ok_or_else(|| SidecarError::invalid_field(field, "must be card or paypal, as the setupMandate result's state said".into())),
    }
}

#[cfg(test)]
mod tests;

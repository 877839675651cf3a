//! Checkout.com: the Unified Payments API of its current platform (NAS, "four"), JSON bodies,
//! `Authorization: Bearer sk_...`. https://api-reference.checkout.com/#tag/Payments
//!
//! - Credentials: a NAS secret API key (`sk_sbox_...` in the sandbox, `sk_...` live), sent as
//!   `Bearer`. Keys of Checkout.com's previous platform (ABC: `sk_test_<uuid>`, sent without
//!   `Bearer`) are refused with a clear error; OAuth access credentials are not supported.
//!   Checkout.com now asks for the merchant's own API host, `https://{prefix}.api[.sandbox].checkout.com`:
//!   `auth.subdomain` gives the prefix; without it the shared hosts are used.
//! - `authorize` → `POST /payments` with the card (`source.type: card`) or a Frames token
//!   (`source.type: token`); `capture: false` for manual capture. A `returnUrl` asks for 3-D
//!   Secure (`3ds.enabled`, `success_url`/`failure_url`): Checkout.com answers 202 `Pending`
//!   with `_links.redirect`, and the shopper comes back to `returnUrl?cko-session-id=sid_...`;
//!   then `psync`. Checkout.com captures an automatic-capture payment asynchronously, so its
//!   `Authorized` reads `capture_initiated` (and `state.captureMethod` carries the mode to psync).
//! - `psync` → `GET /payments/{id}`; `capture` / `void` / `refund` → `POST /payments/{id}/captures`,
//!   `/voids`, `/refunds`: 202 Accepted with an `action_id`, processed asynchronously
//!   (`capture_initiated`, `void_initiated`, refund `pending` until the webhook or a sync).
//!   The refund's `action_id` is its `connectorRefundId`; `rsync` finds that action in
//!   `GET /payments/{id}/actions`.
//! - `setupMandate` → the first payment of a recurring series (`payment_type: Recurring`,
//!   `merchant_initiated: false`), a card verification when the amount is 0; the saved source
//!   (`src_...`) is the `mandateReference` and the scheme transaction id the
//!   `networkTransactionId`. `repeatPayment` pays with `source: {type: id}`,
//!   `merchant_initiated: true` and `previous_payment_id`.
//! - Webhooks: `Cko-Signature` is the hex HMAC-SHA256 of the raw body with the webhook's secret.
//! - Every POST carries the caller's `idempotencyKey` as `Cko-Idempotency-Key`.

mod mapping;
mod requests;
mod responses;

use super::{decode_auth, path_id, AuthField, Connector, ConnectorInfo, Context, Environments, UnsupportedFlow};
use crate::kit::crypto::{constant_time_eq, hex, hmac_sha256};
use crate::protocol::{
    CaptureMethod, Environment, Flow, FlowRequest, FlowResult, HttpMethod,
    HttpRequest, HttpResponse, IncomingWebhook, PaymentStatus, Secret, SidecarError, WebhookAcknowledgement,
    WebhookEvent, WebhookEventKind, WebhookResult,
};
use mapping::{event_meaning, EventMeaning};
use responses::{decline_error, lenient_string, money, CheckoutBalances, CheckoutProcessing, PaymentReading};
use serde::Deserialize;
use serde_json::Value;

pub struct Checkout;

use crate::kit::state::{capture_state, remembered_capture, remembers_capture};
/// The signature header of Checkout.com's webhooks.
pub const SIGNATURE_HEADER: &str = "Cko-Signature";
pub const IDEMPOTENCY_HEADER: &str = "Cko-Idempotency-Key";

const SANDBOX: &str = "https://api.sandbox.checkout.com";
const PRODUCTION: &str = "https://api.checkout.com";

static INFO: ConnectorInfo = ConnectorInfo {
    name: "checkout",
    display_name: "Checkout.com",
    flows: &[
        Flow::Authorize,
        Flow::Psync,
        Flow::Capture,
        Flow::Void,
        Flow::Refund,
        Flow::Rsync,
        Flow::SetupMandate,
        Flow::RepeatPayment,
    ],
    unsupported_flows: &[
        UnsupportedFlow {
            flow: Flow::CreateAccessToken,
            reason: "the secret API key authenticates every call; Checkout.com's OAuth access credentials are not supported",
        },
        UnsupportedFlow {
            flow: Flow::CreateCustomer,
            reason: "no customer object is needed to save a card: setupMandate returns the saved source (src_...) itself",
        },
        UnsupportedFlow {
            flow: Flow::CompleteAuthorize,
            reason: "3-D Secure finishes on Checkout.com's side; read the outcome with psync once the shopper is back on returnUrl",
        },
    ],
    webhooks: true,
    payment_methods: &["card", "token"],
    auth_fields: &[
        AuthField {
            name: "apiKey",
            required: true,
            description: "secret API key of the current platform (NAS): sk_sbox_... (sandbox) or sk_... (live), sent as Bearer",
        },
        AuthField {
            name: "subdomain",
            required: false,
            description: "your account's API prefix (first 8 characters of your client ID, without cli_; Dashboard > Developers > Overview): requests then go to https://{prefix}.api[.sandbox].checkout.com",
        },
        AuthField {
            name: "processingChannelId",
            required: false,
            description: "processing channel (pc_...) for payments, required when your account has more than one",
        },
    ],
    environments: Environments { sandbox: SANDBOX, production: PRODUCTION },
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CheckoutAuth {
    api_key: Secret,
    subdomain: Option<Secret>,
    processing_channel_id: Option<Secret>,
}

/// A key of Checkout.com's previous platform (ABC): `sk_` or `sk_test_` and a UUID.
fn is_previous_platform_key(key: &str) -> bool {
    let rest = key.strip_prefix("sk_test_").or_else(|| key.strip_prefix("sk_")).unwrap_or("");
    let groups: Vec<&str> = rest.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_alphanumeric()))
}

impl CheckoutAuth {
    fn parse(auth: Value) -> Result<Self, SidecarError> {
        let a: CheckoutAuth = decode_auth(auth)?;
        let key = a.secret_key();
        if key.is_empty() {
            return Err(SidecarError::missing_field("auth.apiKey", "it must not be empty"));
        }
        // Values are never echoed: only their kind is named.
        if key.starts_with("pk_") {
            return Err(SidecarError::invalid_field(
                "auth.apiKey",
                "this is a public key (pk_...); server calls take the secret key (sk_...)".into(),
            ));
        }
        if is_previous_platform_key(key) {
            return Err(SidecarError::invalid_field(
                "auth.apiKey",
                "this is a key of Checkout.com's previous platform (ABC); this connector speaks the current platform (NAS), whose secret keys look like sk_sbox_... / sk_...".into(),
            ));
        }
        Ok(a)
    }

    /// The secret key without a `Bearer ` the caller may have put in front of it.
    fn secret_key(&self) -> &str {
        let key = self.api_key.expose().trim();
        key.strip_prefix("Bearer ").or_else(|| key.strip_prefix("bearer ")).unwrap_or(key).trim()
    }

    fn processing_channel_id(&self) -> Option<&str> {
        self.processing_channel_id.as_ref().map(|p| p.expose().trim()).filter(|p| !p.is_empty())
    }

    /// `options.baseUrl`, else the environment's host, with the account's prefix when given.
    fn base_url(&self, ctx: &Context) -> Result<String, SidecarError> {
        let base = ctx.base_url();
        if ctx.options.base_url.is_some() {
            return Ok(base.to_string());
        }
        let Some(prefix) = self.subdomain.as_ref().map(|s| s.expose().trim()).filter(|s| !s.is_empty()) else {
            return Ok(base.to_string());
        };
        // It becomes part of a host name: the shape Checkout.com's SDK accepts, `(pl-)?[a-z0-9]+`.
        let body = prefix.strip_prefix("pl-").unwrap_or(prefix);
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
            return Err(SidecarError::invalid_field(
                "auth.subdomain",
                "the prefix is lowercase letters and digits (optionally after pl-), e.g. the first 8 characters of your client ID".into(),
            ));
        }
        Ok(match ctx.options.environment {
            Environment::Sandbox => format!("https://{prefix}.api.sandbox.checkout.com"),
            Environment::Production => format!("https://{prefix}.api.checkout.com"),
        })
    }
}

fn authorized(method: HttpMethod, url: String, auth: &CheckoutAuth) -> HttpRequest {
    HttpRequest::new(method, url).secret_header("Authorization", format!("Bearer {}", auth.secret_key()))
}

fn post(url: String, auth: &CheckoutAuth, idempotency_key: Option<&String>) -> HttpRequest {
    let mut http = authorized(HttpMethod::POST, url, auth);
    if let Some(key) = idempotency_key {
        http = http.header(IDEMPOTENCY_HEADER, key.clone());
    }
    http
}

/// `{base}/payments/{id}[/{action}]`; the id is `request.connectorTransactionId`.
fn payment_url(base: &str, id: &str, action: &str) -> Result<String, SidecarError> {
    let mut url = format!("{base}/payments/{}", path_id(id.trim(), "request.connectorTransactionId", "Checkout.com")?);
    if !action.is_empty() {
        url.push('/');
        url.push_str(action);
    }
    Ok(url)
}

impl Connector for Checkout {
    fn info(&self) -> &'static ConnectorInfo {
        &INFO
    }

    fn build_request(&self, request: &FlowRequest, auth: Value, ctx: &Context) -> Result<HttpRequest, SidecarError> {
        let auth = CheckoutAuth::parse(auth)?;
        let base = auth.base_url(ctx)?;
        let channel = auth.processing_channel_id();
        match request {
            FlowRequest::Authorize(r) => {
                let body = requests::CheckoutPaymentRequest::authorize(r, channel)?;
                let sensitive = true; // card data or a card token
                Ok(post(format!("{base}/payments"), &auth, r.idempotency_key.as_ref()).json_body(&body, sensitive))
            }
            FlowRequest::SetupMandate(r) => {
                let body = requests::CheckoutPaymentRequest::setup_mandate(r, channel)?;
                Ok(post(format!("{base}/payments"), &auth, r.idempotency_key.as_ref()).json_body(&body, true))
            }
            FlowRequest::RepeatPayment(r) => {
                let body = requests::CheckoutPaymentRequest::repeat(r, channel)?;
                // The saved source id charges the card without the shopper: treat it like card data.
                Ok(post(format!("{base}/payments"), &auth, r.idempotency_key.as_ref()).json_body(&body, true))
            }
            FlowRequest::Psync(r) => Ok(authorized(HttpMethod::GET, payment_url(&base, &r.connector_transaction_id, "")?, &auth)),
            FlowRequest::Capture(r) => {
                let body = requests::CheckoutCaptureRequest::from_unified(r)?;
                let url = payment_url(&base, &r.connector_transaction_id, "captures")?;
                Ok(post(url, &auth, r.idempotency_key.as_ref()).json_body(&body, false))
            }
            FlowRequest::Void(r) => {
                let body = requests::CheckoutVoidRequest::from_unified(r)?;
                let url = payment_url(&base, &r.connector_transaction_id, "voids")?;
                Ok(post(url, &auth, r.idempotency_key.as_ref()).json_body(&body, false))
            }
            FlowRequest::Refund(r) => {
                let body = requests::CheckoutRefundRequest::from_unified(r)?;
                let url = payment_url(&base, &r.connector_transaction_id, "refunds")?;
                Ok(post(url, &auth, r.idempotency_key.as_ref()).json_body(&body, false))
            }
            FlowRequest::Rsync(r) => {
                Ok(authorized(HttpMethod::GET, payment_url(&base, &r.connector_transaction_id, "actions")?, &auth))
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
        let reading = |capture, known_id, mandate, read_only, idempotent| PaymentReading {
            capture,
            known_id,
            mandate,
            read_only,
            idempotent,
        };
        match request {
            FlowRequest::Authorize(r) => {
                let how = reading(
                    r.capture_method,
                    None,
                    r.setup_future_usage.is_some(),
                    false,
                    r.idempotency_key.is_some(),
                );
                let mut result = responses::parse_payment(response, &how)?;
                if response.is_success() {
                    result.state = Some(capture_state(r.capture_method));
                }
                Ok(FlowResult::Payment(result))
            }
            FlowRequest::SetupMandate(r) => {
                let how = reading(CaptureMethod::Manual, None, true, false, r.idempotency_key.is_some());
                let mut result = responses::parse_payment(response, &how)?;
                if response.is_success() {
                    result.state = Some(capture_state(CaptureMethod::Manual));
                }
                Ok(FlowResult::Payment(result))
            }
            FlowRequest::RepeatPayment(r) => {
                let how = reading(r.capture_method, None, false, false, r.idempotency_key.is_some());
                let mut result = responses::parse_payment(response, &how)?;
                if response.is_success() {
                    result.state = Some(capture_state(r.capture_method));
                    // The same saved source pays the next time too.
                    if !matches!(result.status, PaymentStatus::Failure | PaymentStatus::Unresolved) {
                        result.mandate_reference = Some(r.mandate_reference.clone());
                    }
                }
                Ok(FlowResult::Payment(result))
            }
            FlowRequest::Psync(r) => {
                let capture = remembered_capture(r.state.as_ref());
                let how = reading(capture, Some(r.connector_transaction_id.as_str()), false, true, false);
                let mut result = responses::parse_payment(response, &how)?;
                // Carried forward: a psync may be followed by another.
                let remembered = remembers_capture(r.state.as_ref());
                if remembered && response.is_success() {
                    result.state = Some(capture_state(capture));
                }
                Ok(FlowResult::Payment(result))
            }
            FlowRequest::Capture(r) => Ok(FlowResult::Payment(responses::parse_action(
                response,
                &r.connector_transaction_id,
                PaymentStatus::CaptureInitiated,
                PaymentStatus::CaptureFailed,
                r.idempotency_key.is_some(),
            )?)),
            FlowRequest::Void(r) => Ok(FlowResult::Payment(responses::parse_action(
                response,
                &r.connector_transaction_id,
                PaymentStatus::VoidInitiated,
                PaymentStatus::VoidFailed,
                r.idempotency_key.is_some(),
            )?)),
            FlowRequest::Refund(r) => {
                Ok(FlowResult::Refund(responses::parse_refund(response, r.idempotency_key.is_some())?))
            }
            FlowRequest::Rsync(r) => {
                let currency = r.refund_amount.as_ref().map(|m| m.currency.as_str());
                Ok(FlowResult::Refund(responses::parse_refund_actions(response, r.connector_refund_id.trim(), currency)?))
            }
            other => Err(ctx.flow_not_supported(other.flow())),
        }
    }

    fn parse_webhook(&self, webhook: &IncomingWebhook, _ctx: &Context) -> Result<WebhookResult, SidecarError> {
        let secret = webhook.secret.expose();
        if secret.is_empty() {
            return Err(SidecarError::missing_field("secret", "the webhook's signature key (Dashboard > Webhooks) is needed to verify Cko-Signature"));
        }
        let Some(signature) = webhook.header(SIGNATURE_HEADER) else {
            return Ok(WebhookResult::rejected("the request has no Cko-Signature header", rejected_ack()));
        };
        let expected = hex(&hmac_sha256(secret.as_bytes(), webhook.body.as_bytes()));
        let given = signature.trim().to_ascii_lowercase();
        if !constant_time_eq(expected.as_bytes(), given.as_bytes()) {
            return Ok(WebhookResult::rejected(
                "Cko-Signature does not match the HMAC-SHA256 of the body with this secret",
                rejected_ack(),
            ));
        }
        let event: CheckoutEvent = serde_json::from_str(&webhook.body).map_err(|e| {
            SidecarError::undeserializable(200, &webhook.body, &format!("unexpected JSON at line {} column {}", e.line(), e.column()))
                .with_field("body")
        })?;
        Ok(WebhookResult {
            verified: true,
            reason: None,
            events: vec![unified_event(event)],
            acknowledgement: WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: String::new() },
        })
    }
}

/// A webhook that fails verification is answered 401: Checkout.com then retries it (up to eight
/// times), which gives a merchant who set the wrong secret the chance to fix it.
fn rejected_ack() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 401, content_type: "text/plain".into(), body: String::new() }
}

/// A webhook notification: `{id: evt_..., type, created_on, data: {...}}`.
#[derive(Deserialize)]
struct CheckoutEvent {
    id: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    created_on: Option<String>,
    #[serde(default)]
    data: CheckoutEventData,
}

#[derive(Deserialize, Default)]
struct CheckoutEventData {
    /// The payment (`pay_...`); for dispute events the dispute (`dsp_...`).
    id: Option<String>,
    payment_id: Option<String>,
    action_id: Option<String>,
    reference: Option<String>,
    amount: Option<i64>,
    currency: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    response_code: Option<String>,
    response_summary: Option<String>,
    balances: Option<CheckoutBalances>,
    processing: Option<CheckoutProcessing>,
    source: Option<responses::CheckoutResponseSource>,
}

fn unified_event(e: CheckoutEvent) -> WebhookEvent {
    let d = &e.data;
    let meaning = event_meaning(&e.kind);
    let kind = match meaning {
        Some(EventMeaning::Refund(_)) => WebhookEventKind::Refund,
        Some(EventMeaning::Dispute) => WebhookEventKind::Dispute,
        Some(_) => WebhookEventKind::Payment,
        None => WebhookEventKind::Other,
    };
    let mut out = WebhookEvent::new(kind, e.kind.clone());
    out.connector_event_id = e.id.clone();
    out.occurred_at = e.created_on.clone();
    out.amount = money(d.amount, d.currency.as_deref());
    let declined = |what: &str| {
        Some(decline_error(d.response_code.as_deref(), d.response_summary.as_deref(), d.processing.as_ref(), what))
    };
    match meaning {
        Some(EventMeaning::Refund(status)) => {
            out.connector_transaction_id = d.id.clone();
            out.connector_refund_id = d.action_id.clone();
            out.merchant_refund_id = d.reference.clone();
            out.refund_status = Some(status);
            if status == crate::protocol::RefundStatus::Failure {
                out.error = declined("Checkout.com declined the refund");
            }
        }
        Some(EventMeaning::Dispute) => {
            out.connector_transaction_id = d.payment_id.clone().or_else(|| d.id.clone().filter(|i| i.starts_with("pay_")));
        }
        Some(m) => {
            out.connector_transaction_id = d.id.clone();
            out.merchant_transaction_id = d.reference.clone();
            let status = match m {
                EventMeaning::Payment(s) => s,
                EventMeaning::Approved => PaymentStatus::Authorized,
                EventMeaning::Captured => match d.balances {
                    Some(CheckoutBalances { total_authorized: Some(a), total_captured: Some(c), .. }) if c < a => {
                        PaymentStatus::PartialCharged
                    }
                    _ => PaymentStatus::Charged,
                },
                EventMeaning::Refund(_) | EventMeaning::Dispute => unreachable!("matched above"),
            };
            out.payment_status = Some(status);
            if e.kind == "card_verified" {
                out.mandate_reference = d.source.as_ref().and_then(|s| s.id.clone());
            }
            out.error = match status {
                PaymentStatus::Failure => declined("Checkout.com declined the payment"),
                PaymentStatus::CaptureFailed => declined("Checkout.com declined the capture"),
                PaymentStatus::VoidFailed => declined("Checkout.com declined the void"),
                PaymentStatus::AuthenticationFailed => declined("3-D Secure authentication failed"),
                _ => None,
            };
        }
        None => {
            out.connector_transaction_id = d.id.clone().filter(|i| i.starts_with("pay_"));
        }
    }
    out
}

#[cfg(test)]
mod tests;

//! The connector contract. A connector is a set of pure functions: build the processor's HTTP
//! request from a unified request, and read the processor's HTTP response into a unified result.
//! Each lives in its own folder: `mod.rs` (support and dispatch), `requests.rs` and
//! `responses.rs` (the processor's own types), `mapping.rs` (status and error tables).

pub mod adyen;
pub mod authorizedotnet;
pub mod braintree;
pub mod checkout;
pub mod cybersource;
pub mod paypal;
pub mod phonepe;
pub mod square;
pub mod stripe;

use crate::protocol::{
    decode, ErrorKind, Flow, FlowRequest, FlowResult, HttpRequest, HttpResponse, IncomingWebhook, Options,
    RemoteVerification, SidecarError, WebhookResult,
};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthField {
    pub name: &'static str,
    pub required: bool,
    pub description: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Environments {
    pub sandbox: &'static str,
    pub production: &'static str,
}

/// A flow the processor cannot do, and why (shown by `listConnectors` and in FlowNotSupported).
#[derive(Debug, Serialize)]
pub struct UnsupportedFlow {
    pub flow: Flow,
    pub reason: &'static str,
}

/// What `listConnectors` says about a connector. Serialized with `webhookVerification` added
/// (see [`ConnectorInfo::webhook_verification`]).
#[derive(Debug)]
pub struct ConnectorInfo {
    pub name: &'static str,
    pub display_name: &'static str,
    pub flows: &'static [Flow],
    /// Flows of the protocol this processor cannot do, each with the reason.
    pub unsupported_flows: &'static [UnsupportedFlow],
    /// Whether `parseWebhook` verifies and reads this processor's webhooks.
    pub webhooks: bool,
    pub payment_methods: &'static [&'static str],
    pub auth_fields: &'static [AuthField],
    pub environments: Environments,
}

/// How a connector's webhooks are verified (`ConnectorInfo.webhookVerification`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum WebhookVerification {
    /// `parseWebhook` checks the signature itself, with `secret`.
    Signature,
    /// Only the processor can check it (PayPal): the `verifyWebhook` flow asks it, and
    /// `parseWebhook` is given that answer as `remoteVerification`.
    Remote,
}

impl ConnectorInfo {
    /// None when the connector reads no webhooks; `Remote` when it lists the `verifyWebhook`
    /// flow (the flow is how the processor is asked), else `Signature`. Derived, so that the one
    /// fact lives in one place: the flows a connector lists.
    pub fn webhook_verification(&self) -> Option<WebhookVerification> {
        match (self.webhooks, self.flows.contains(&Flow::VerifyWebhook)) {
            (false, _) => None,
            (true, true) => Some(WebhookVerification::Remote),
            (true, false) => Some(WebhookVerification::Signature),
        }
    }
}

impl Serialize for ConnectorInfo {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire<'a> {
            name: &'a str,
            display_name: &'a str,
            flows: &'a [Flow],
            unsupported_flows: &'a [UnsupportedFlow],
            webhooks: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            webhook_verification: Option<WebhookVerification>,
            payment_methods: &'a [&'a str],
            auth_fields: &'a [AuthField],
            environments: &'a Environments,
        }
        Wire {
            name: self.name,
            display_name: self.display_name,
            flows: self.flows,
            unsupported_flows: self.unsupported_flows,
            webhooks: self.webhooks,
            webhook_verification: self.webhook_verification(),
            payment_methods: self.payment_methods,
            auth_fields: self.auth_fields,
            environments: &self.environments,
        }
        .serialize(serializer)
    }
}

/// Everything a flow function needs besides the request: options and the connector's info.
pub struct Context<'a> {
    pub options: &'a Options,
    pub info: &'static ConnectorInfo,
}

impl Context<'_> {
    /// The base URL: `options.baseUrl` when given (trailing slash dropped), else the environment's.
    pub fn base_url(&self) -> &str {
        match &self.options.base_url {
            Some(url) => url.trim_end_matches('/'),
            None => match self.options.environment {
                crate::protocol::Environment::Sandbox => self.info.environments.sandbox,
                crate::protocol::Environment::Production => self.info.environments.production,
            },
        }
    }

    pub fn flow_not_supported(&self, flow: Flow) -> SidecarError {
        flow_not_supported(self.info, flow)
    }
}

/// FlowNotSupported for `flow`, with the processor's reason when the connector gives one.
pub fn flow_not_supported(info: &ConnectorInfo, flow: Flow) -> SidecarError {
    let message = match info.unsupported_flows.iter().find(|u| u.flow == flow) {
        Some(u) => format!("{} does not support flow `{}`: {}", info.display_name, flow.as_str(), u.reason),
        // Not a gap to list per connector: only processors that alone can check their webhooks have it.
        None if flow == Flow::VerifyWebhook => format!(
            "{} does not support flow `verifyWebhook`: {}",
            info.display_name,
            if info.webhooks {
                "its webhooks are verified by signature inside parseWebhook (give `secret`); there is no remote verification call"
            } else {
                "this version does not read its webhooks"
            }
        ),
        None => format!(
            "{} does not support flow `{}`; it supports: {}",
            info.display_name,
            flow.as_str(),
            info.flows.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
        ),
    };
    SidecarError::new(ErrorKind::FlowNotSupported, message).with_field("flow")
}

pub trait Connector: Send + Sync {
    fn info(&self) -> &'static ConnectorInfo;
    fn build_request(&self, request: &FlowRequest, auth: Value, ctx: &Context) -> Result<HttpRequest, SidecarError>;
    fn parse_response(
        &self,
        request: &FlowRequest,
        auth: Value,
        response: &HttpResponse,
        ctx: &Context,
    ) -> Result<FlowResult, SidecarError>;

    /// Verifies a webhook's signature and reads its events. A bad signature is
    /// `verified: false` with a reason, never an error. Connectors that set `info().webhooks`
    /// override this.
    fn parse_webhook(&self, webhook: &IncomingWebhook, ctx: &Context) -> Result<WebhookResult, SidecarError> {
        let _ = (webhook, ctx);
        Err(SidecarError::new(
            ErrorKind::FlowNotSupported,
            format!("{} webhooks are not supported by this version", self.info().display_name),
        )
        .with_field("connector"))
    }

    /// Reads a webhook that only the processor can verify (`webhook_verification()` is
    /// `Remote`), given the processor's answer from `verifyWebhook` (`verification`). Without a
    /// verified answer for this body it must answer `verified: false` and no events. Connectors
    /// that list `verifyWebhook` override this.
    fn parse_remotely_verified_webhook(
        &self,
        webhook: &IncomingWebhook,
        verification: Option<&RemoteVerification>,
        ctx: &Context,
    ) -> Result<WebhookResult, SidecarError> {
        let _ = verification;
        self.parse_webhook(webhook, ctx)
    }
}

/// Decodes a connector's credentials. A missing key is MissingRequiredField naming `auth.<key>`;
/// values are never echoed.
pub fn decode_auth<T: serde::de::DeserializeOwned>(auth: Value) -> Result<T, SidecarError> {
    decode(auth, "auth").map_err(|mut e| {
        if e.message.contains("missing field") {
            e.kind = ErrorKind::MissingRequiredField;
        }
        e
    })
}

pub use crate::protocol::required;

/// An id that goes into a URL path: required, percent-encoded, and never `.` or `..`, which
/// would change which resource the path names.
pub fn path_id(id: &str, field: &str, processor: &str) -> Result<String, SidecarError> {
    let id = required(id, field)?;
    if id == "." || id == ".." {
        return Err(SidecarError::invalid_field(field, format!("not a {processor} id")));
    }
    Ok(crate::kit::form::encode_path_segment(id))
}

//! The connector contract. A connector is a set of pure functions: build the processor's HTTP
//! request from a unified request, and read the processor's HTTP response into a unified result.
//! Each lives in its own folder: `mod.rs` (support and dispatch), `requests.rs` and
//! `responses.rs` (the processor's own types), `mapping.rs` (status and error tables).

pub mod adyen;
pub mod phonepe;
pub mod stripe;

use crate::protocol::{
    decode, ErrorKind, Flow, FlowRequest, FlowResult, HttpRequest, HttpResponse, Options, SidecarError,
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

/// What `listConnectors` says about a connector.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorInfo {
    pub name: &'static str,
    pub display_name: &'static str,
    pub flows: &'static [Flow],
    pub payment_methods: &'static [&'static str],
    pub auth_fields: &'static [AuthField],
    pub environments: Environments,
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
        SidecarError::new(
            ErrorKind::FlowNotSupported,
            format!("{} does not support flow `{}`", self.info.display_name, flow.as_str()),
        )
    }
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

/// The flow of a decoded request.
pub fn flow_of(request: &FlowRequest) -> Flow {
    match request {
        FlowRequest::Authorize(_) => Flow::Authorize,
        FlowRequest::Psync(_) => Flow::Psync,
    }
}

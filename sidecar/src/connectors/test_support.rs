//! What connector unit tests share: running a flow through a connector's declaration the way
//! `transformRequest` / `transformResponse` / `parseWebhook` do, and reading what comes out.

use super::{Connector, Context, Webhooks};
use crate::protocol::{
    Flow, FlowRequest, FlowResult, HttpHeader, HttpRequest, HttpResponse, IncomingWebhook, Options, PaymentResult,
    RefundResult, RemoteVerification, SidecarError, WebhookResult,
};
use serde_json::Value;

pub fn ctx<'a>(connector: &'a dyn Connector, options: &'a Options) -> Context<'a> {
    Context { options, info: connector.info() }
}

/// The processor's request for `request` (decoded for `flow` first), with `auth` and `options`.
pub fn build_with(
    connector: &dyn Connector,
    flow: Flow,
    request: Value,
    auth: Value,
    options: &Options,
) -> Result<HttpRequest, SidecarError> {
    let request = FlowRequest::decode(flow, request)?;
    connector.build_request(&request, auth, &ctx(connector, options))
}

/// The unified result of `response` to `request` (decoded for `flow` first).
pub fn parse_with(
    connector: &dyn Connector,
    flow: Flow,
    request: Value,
    response: &HttpResponse,
    options: &Options,
) -> Result<FlowResult, SidecarError> {
    let request = FlowRequest::decode(flow, request)?;
    connector.parse_response(&request, response, &ctx(connector, options))
}

/// A processor's answer without headers.
pub fn response(status: u16, body: impl Into<String>) -> HttpResponse {
    HttpResponse { status, headers: vec![], body: body.into(), encoding: None }
}

/// What `parseWebhook` answers for `webhook`, by how the connector reads webhooks.
pub fn read_webhook(
    connector: &dyn Connector,
    webhook: &IncomingWebhook,
    verification: Option<&RemoteVerification>,
    options: &Options,
) -> Result<WebhookResult, SidecarError> {
    let ctx = ctx(connector, options);
    match connector.webhooks() {
        Webhooks::NotRead => Err(super::webhooks_not_read(connector.info())),
        Webhooks::Signed(parse) => parse(webhook, &ctx),
        Webhooks::VerifiedRemotely(parse) => parse(webhook, verification, &ctx),
    }
}

pub fn payment(result: FlowResult) -> PaymentResult {
    match result {
        FlowResult::Payment(p) => p,
        other => panic!("not a payment result: {other:?}"),
    }
}

pub fn refund(result: FlowResult) -> RefundResult {
    match result {
        FlowResult::Refund(r) => r,
        other => panic!("not a refund result: {other:?}"),
    }
}

/// The request's body as JSON.
pub fn body(http: &HttpRequest) -> Value {
    serde_json::from_str(&http.body.as_ref().expect("a body").data).expect("a JSON body")
}

/// The header `name` (case-insensitive), if sent.
pub fn header<'a>(http: &'a HttpRequest, name: &str) -> Option<&'a HttpHeader> {
    http.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name))
}

//! Adyen connector: being written (see the issue). Declares no flows yet.

use super::{Connector, ConnectorInfo, Context, Environments};
use crate::protocol::{FlowRequest, FlowResult, HttpRequest, HttpResponse, SidecarError};
use serde_json::Value;

pub struct Adyen;

static INFO: ConnectorInfo = ConnectorInfo {
    name: "adyen",
    display_name: "Adyen",
    flows: &[],
    payment_methods: &[],
    auth_fields: &[],
    environments: Environments { sandbox: "", production: "" },
};

impl Connector for Adyen {
    fn info(&self) -> &'static ConnectorInfo {
        &INFO
    }
    fn build_request(&self, request: &FlowRequest, _auth: Value, ctx: &Context) -> Result<HttpRequest, SidecarError> {
        Err(ctx.flow_not_supported(super::flow_of(request)))
    }
    fn parse_response(&self, request: &FlowRequest, _auth: Value, _r: &HttpResponse, ctx: &Context) -> Result<FlowResult, SidecarError> {
        Err(ctx.flow_not_supported(super::flow_of(request)))
    }
}

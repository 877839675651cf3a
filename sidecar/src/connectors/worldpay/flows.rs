//! Each Worldpay flow: the call it makes and how its answer is read.

use super::WorldpayAuth;
use crate::connectors::Context;
use crate::protocol::{AuthorizeRequest, ErrorKind, HttpRequest, HttpResponse, PaymentResult, SidecarError};

pub fn build_authorize(_r: &AuthorizeRequest, _auth: &WorldpayAuth, _ctx: &Context) -> Result<HttpRequest, SidecarError> {
    // TODO(worldpay): the processor's request (types in requests.rs), to `ctx.base_url()`.
    Err(SidecarError::new(ErrorKind::FlowNotSupported, "Worldpay authorize is not implemented yet"))
}

pub fn parse_authorize(_r: &AuthorizeRequest, _response: &HttpResponse, _ctx: &Context) -> Result<PaymentResult, SidecarError> {
    // TODO(worldpay): read the answer (types in responses.rs; statuses and errors in mapping.rs).
    Err(SidecarError::new(ErrorKind::FlowNotSupported, "Worldpay authorize is not implemented yet"))
}

//! Each Mercado Pago flow: the call it makes and how its answer is read.

use super::MercadopagoAuth;
use crate::connectors::Context;
use crate::protocol::{AuthorizeRequest, ErrorKind, HttpRequest, HttpResponse, PaymentResult, SidecarError};

pub fn build_authorize(_r: &AuthorizeRequest, _auth: &MercadopagoAuth, _ctx: &Context) -> Result<HttpRequest, SidecarError> {
    // TODO(mercadopago): the processor's request (types in requests.rs), to `ctx.base_url()`.
    Err(SidecarError::new(ErrorKind::FlowNotSupported, "Mercado Pago authorize is not implemented yet"))
}

pub fn parse_authorize(_r: &AuthorizeRequest, _response: &HttpResponse, _ctx: &Context) -> Result<PaymentResult, SidecarError> {
    // TODO(mercadopago): read the answer (types in responses.rs; statuses and errors in mapping.rs).
    Err(SidecarError::new(ErrorKind::FlowNotSupported, "Mercado Pago authorize is not implemented yet"))
}

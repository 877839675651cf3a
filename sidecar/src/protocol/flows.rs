//! The one list of flows. Everything that names every flow is derived from the `flows!`
//! invocation at the bottom of this file:
//! - [`Flow`]: the flow names (serde and [`Flow::as_str`] give the wire name) and [`Flow::ALL`];
//! - [`FlowRequest`]: a flow's decoded request, with [`FlowRequest::flow`] and
//!   [`FlowRequest::decode`] (each flow's own `decode_*` function validates its request);
//! - [`FlowTable`]: what a connector declares, one slot per flow, each a [`Support`]: supported
//!   (with its build and parse functions, typed by the flow's request and result) or not.
//!
//! Adding a flow: one line below, its request type and `decode_*` function (request.rs), its
//! result type if new (result.rs, with a `From<…> for FlowResult`). Every connector then stops
//! compiling until its `FlowTable` says what it does with the new flow.

use super::request::*;
use super::{
    AccessTokenResult, CustomerResult, DisputeResult, FileResult, FlowResult, HttpRequest, HttpResponse, MandateResult,
    PaymentResult, RefundResult, SessionResult, SidecarError, WebhookVerificationResult,
};
use super::{
    decode_accept_dispute, decode_create_session, decode_defend_dispute, decode_dsync, decode_incremental_authorization,
    decode_reverse, decode_revoke_mandate, decode_submit_dispute_evidence, decode_upload_dispute_file, AcceptDisputeRequest,
    CreateSessionRequest, DefendDisputeRequest, DsyncRequest, IncrementalAuthorizationRequest, ReverseRequest,
    RevokeMandateRequest, SubmitDisputeEvidenceRequest, UploadDisputeFileRequest,
};
use crate::connectors::Context;
use serde::{Deserialize, Serialize};

/// Builds the processor's HTTP request for one flow, from the flow's request and the connector's
/// decoded credentials.
pub type BuildFn<Request, Auth> = fn(&Request, &Auth, &Context) -> Result<HttpRequest, SidecarError>;

/// Reads the processor's HTTP response of one flow into the flow's unified result.
pub type ParseFn<Request, Result> = fn(&Request, &HttpResponse, &Context) -> std::result::Result<Result, SidecarError>;

/// Answers one flow without an HTTP call, from the flow's request and the connector's decoded
/// credentials (Shift4's createSession: the merchant signs the checkout request itself).
pub type LocalFn<Request, Auth, Result> = fn(&Request, &Auth, &Context) -> std::result::Result<Result, SidecarError>;

/// What a connector does with one flow.
pub enum Support<Request: 'static, Auth: 'static, Result: 'static> {
    Supported { build: BuildFn<Request, Auth>, parse: ParseFn<Request, Result> },
    /// Supported, and answered by the sidecar itself: the processor has no call for it.
    /// `listConnectors` lists it in `flows` and in `localFlows`; transformRequest refuses it and
    /// transformResponse, given no `response`, answers its result.
    Local(LocalFn<Request, Auth, Result>),
    /// The processor cannot do it; the reason is listed in `unsupportedFlows` and given in the
    /// FlowNotSupported error.
    Unsupported(&'static str),
    /// The flow has no meaning for this processor (`verifyWebhook` where webhooks are signed, a
    /// step the processor folds into another flow): listed neither in `flows` nor in
    /// `unsupportedFlows`; FlowNotSupported names the flows it supports (for `verifyWebhook`:
    /// how its webhooks are verified instead).
    NotApplicable,
}

impl<Request, Auth, Result> Support<Request, Auth, Result> {
    pub fn is_supported(&self) -> bool {
        matches!(self, Support::Supported { .. } | Support::Local(_))
    }

    pub fn is_local(&self) -> bool {
        matches!(self, Support::Local(_))
    }

    pub fn unsupported_reason(&self) -> Option<&'static str> {
        match self {
            Support::Unsupported(reason) => Some(reason),
            _ => None,
        }
    }
}

macro_rules! flows {
    ($( $(#[doc = $doc:literal])* $variant:ident, $slot:ident, $wire:literal: $request:ty => $result:ty, $decode:path; )*) => {
        /// Flow names of PROTOCOL.md, in the order `listConnectors` lists them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
        pub enum Flow {
            $( $(#[doc = $doc])* #[serde(rename = $wire)] $variant, )*
        }

        impl Flow {
            pub const ALL: &'static [Flow] = &[$(Flow::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $( Flow::$variant => $wire, )*
                }
            }
        }

        /// A flow's unified request, decoded and validated.
        #[derive(Debug, Clone)]
        pub enum FlowRequest {
            $( $variant($request), )*
        }

        impl FlowRequest {
            pub fn flow(&self) -> Flow {
                match self {
                    $( FlowRequest::$variant(_) => Flow::$variant, )*
                }
            }

            /// Decodes `request` for `flow`, naming the field path of anything wrong.
            pub fn decode<'a>(flow: Flow, request: impl Into<super::Input<'a>>) -> Result<FlowRequest, SidecarError> {
                let request = request.into();
                match flow {
                    $( Flow::$variant => $decode(request).map(FlowRequest::$variant), )*
                }
            }
        }

        /// A connector's stand on every flow: one slot per flow, so a flow added to the protocol
        /// must be answered by every connector before it compiles.
        pub struct FlowTable<Auth: 'static> {
            $( pub $slot: Support<$request, Auth, $result>, )*
        }

        impl<Auth> FlowTable<Auth> {
            pub fn is_supported(&self, flow: Flow) -> bool {
                match flow {
                    $( Flow::$variant => self.$slot.is_supported(), )*
                }
            }

            pub fn unsupported_reason(&self, flow: Flow) -> Option<&'static str> {
                match flow {
                    $( Flow::$variant => self.$slot.unsupported_reason(), )*
                }
            }

            /// Whether the sidecar answers `flow` itself, with no HTTP call ([`Support::Local`]).
            pub fn is_local(&self, flow: Flow) -> bool {
                match flow {
                    $( Flow::$variant => self.$slot.is_local(), )*
                }
            }

            /// The result of a local flow; None when `request`'s flow is not local.
            pub fn answer(&self, request: &FlowRequest, auth: &Auth, ctx: &Context) -> Option<Result<FlowResult, SidecarError>> {
                match request {
                    $( FlowRequest::$variant(r) => match &self.$slot {
                        Support::Local(answer) => Some(answer(r, auth, ctx).map(FlowResult::from)),
                        _ => None,
                    }, )*
                }
            }

            /// The processor's request for `request`; None when the flow is not supported.
            pub fn build(&self, request: &FlowRequest, auth: &Auth, ctx: &Context) -> Option<Result<HttpRequest, SidecarError>> {
                match request {
                    $( FlowRequest::$variant(r) => match &self.$slot {
                        Support::Supported { build, .. } => Some(build(r, auth, ctx)),
                        _ => None,
                    }, )*
                }
            }

            /// The unified result of `response`; None when the flow is not supported.
            pub fn parse(&self, request: &FlowRequest, response: &HttpResponse, ctx: &Context) -> Option<Result<FlowResult, SidecarError>> {
                match request {
                    $( FlowRequest::$variant(r) => match &self.$slot {
                        Support::Supported { parse, .. } => Some(parse(r, response, ctx).map(FlowResult::from)),
                        _ => None,
                    }, )*
                }
            }
        }
    };
}

// Variant, FlowTable slot, wire name: request type => result type, the request's decode function.
flows! {
    Authorize, authorize, "authorize": AuthorizeRequest => PaymentResult, decode_authorize;
    Psync, psync, "psync": PsyncRequest => PaymentResult, decode_psync;
    Capture, capture, "capture": CaptureRequest => PaymentResult, decode_capture;
    Void, void, "void": VoidRequest => PaymentResult, decode_void;
    Refund, refund, "refund": RefundRequest => RefundResult, decode_refund;
    Rsync, rsync, "rsync": RsyncRequest => RefundResult, decode_rsync;
    SetupMandate, setup_mandate, "setupMandate": SetupMandateRequest => PaymentResult, decode_setup_mandate;
    RepeatPayment, repeat_payment, "repeatPayment": RepeatPaymentRequest => PaymentResult, decode_repeat_payment;
    CreateAccessToken, create_access_token, "createAccessToken": CreateAccessTokenRequest => AccessTokenResult, decode_create_access_token;
    CreateCustomer, create_customer, "createCustomer": CreateCustomerRequest => CustomerResult, decode_create_customer;
    CompleteAuthorize, complete_authorize, "completeAuthorize": CompleteAuthorizeRequest => PaymentResult, decode_complete_authorize;
    VerifyWebhook, verify_webhook, "verifyWebhook": VerifyWebhookRequest => WebhookVerificationResult, decode_verify_webhook;
    CreateSession, create_session, "createSession": CreateSessionRequest => SessionResult, decode_create_session;
    IncrementalAuthorization, incremental_authorization, "incrementalAuthorization": IncrementalAuthorizationRequest => PaymentResult, decode_incremental_authorization;
    RevokeMandate, revoke_mandate, "revokeMandate": RevokeMandateRequest => MandateResult, decode_revoke_mandate;
    Reverse, reverse, "reverse": ReverseRequest => PaymentResult, decode_reverse;
    AcceptDispute, accept_dispute, "acceptDispute": AcceptDisputeRequest => DisputeResult, decode_accept_dispute;
    UploadDisputeFile, upload_dispute_file, "uploadDisputeFile": UploadDisputeFileRequest => FileResult, decode_upload_dispute_file;
    SubmitDisputeEvidence, submit_dispute_evidence, "submitDisputeEvidence": SubmitDisputeEvidenceRequest => DisputeResult, decode_submit_dispute_evidence;
    DefendDispute, defend_dispute, "defendDispute": DefendDisputeRequest => DisputeResult, decode_defend_dispute;
    Dsync, dsync, "dsync": DsyncRequest => DisputeResult, decode_dsync;
}

impl From<PaymentResult> for FlowResult {
    fn from(r: PaymentResult) -> Self {
        FlowResult::Payment(r)
    }
}

impl From<RefundResult> for FlowResult {
    fn from(r: RefundResult) -> Self {
        FlowResult::Refund(r)
    }
}

impl From<CustomerResult> for FlowResult {
    fn from(r: CustomerResult) -> Self {
        FlowResult::Customer(r)
    }
}

impl From<AccessTokenResult> for FlowResult {
    fn from(r: AccessTokenResult) -> Self {
        FlowResult::AccessToken(r)
    }
}

impl From<WebhookVerificationResult> for FlowResult {
    fn from(r: WebhookVerificationResult) -> Self {
        FlowResult::WebhookVerification(r)
    }
}

impl From<SessionResult> for FlowResult {
    fn from(r: SessionResult) -> Self {
        FlowResult::Session(r)
    }
}

impl From<MandateResult> for FlowResult {
    fn from(r: MandateResult) -> Self {
        FlowResult::Mandate(r)
    }
}

impl From<DisputeResult> for FlowResult {
    fn from(r: DisputeResult) -> Self {
        FlowResult::Dispute(r)
    }
}

impl From<FileResult> for FlowResult {
    fn from(r: FileResult) -> Self {
        FlowResult::File(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The wire name serde reads and writes is the one `as_str` gives, for every flow.
    #[test]
    fn wire_names_agree() {
        for flow in Flow::ALL {
            assert_eq!(serde_json::to_value(flow).unwrap(), Value::String(flow.as_str().into()));
            let back: Flow = serde_json::from_value(Value::String(flow.as_str().into())).unwrap();
            assert_eq!(back, *flow);
        }
        let names: Vec<&str> = Flow::ALL.iter().map(|f| f.as_str()).collect();
        // PROTOCOL.md's flows, in its order.
        assert_eq!(
            names,
            [
                "authorize", "psync", "capture", "void", "refund", "rsync", "setupMandate", "repeatPayment",
                "createAccessToken", "createCustomer", "completeAuthorize", "verifyWebhook", "createSession",
                "incrementalAuthorization", "revokeMandate", "reverse", "acceptDispute", "uploadDisputeFile",
                "submitDisputeEvidence", "defendDispute", "dsync"
            ]
        );
    }
}

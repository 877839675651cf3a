//! The connector contract. A connector is a set of pure functions: build the processor's HTTP
//! request from a unified request, and read the processor's HTTP response into a unified result.
//! It is declared once, as a [`Declaration`] (its info, how its credentials are decoded, a
//! [`FlowTable`] with one slot per flow, how it reads webhooks); `listConnectors` is derived from
//! that declaration, and the `registry!` below lists every connector, one line each (the only
//! line outside a connector's own folders that adding one touches: `npm run new-connector -- NAME`).
//!
//! Each connector lives in its own folder:
//! - `mod.rs`: the declaration (`pub static CONNECTOR`) and its credentials type;
//! - `flows.rs`: each supported flow's build and parse functions (the call it makes and how its
//!   answer is read), named `build_<flow>` / `parse_<flow>`;
//! - `requests.rs`, `responses.rs`: the processor's own request and response types;
//! - `mapping.rs`: the processor's status and error codes, as tables;
//! - `webhooks.rs`: verifying and reading its webhooks;
//! - `tests.rs`: its unit tests (helpers shared by every connector's tests: `test_support.rs`).

/// The registry: every connector's module, in `listConnectors` order, one line each. Adding a
/// connector is its folder and its line here (`npm run new-connector -- NAME` writes both).
macro_rules! registry {
    ($($name:ident),* $(,)?) => {
        $(pub mod $name;)*
        /// Every connector, in `listConnectors` order.
        pub static ALL: &[&dyn Connector] = &[$($name::CONNECTOR),*];
    };
}

registry! {
    stripe,
    adyen,
    phonepe,
    square,
    checkout,
    cybersource,
    paypal,
    braintree,
    authorizedotnet,
    shift4,
    rapyd,
    airwallex,
    nuvei,
    dlocal,
    razorpay,
    mollie,
    globalpayments,
    xendit,
    paystack,
    mercadopago,
    worldpay,
}

#[cfg(test)]
pub mod test_support;

use crate::protocol::{
    decode, ErrorKind, Flow, FlowRequest, FlowResult, HttpRequest, HttpResponse, IncomingWebhook, Options,
    PaymentMethodType, RemoteVerification, SidecarError, WebhookResult,
};
pub use crate::protocol::FlowTable;
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

/// A payment method type a connector takes: the `method` words it takes (for types that have
/// them: bankRedirect `ideal`, ...) and the flows that take it. `RepeatPayment` in `flows` says a
/// method saved by authorize or setupMandate can be charged again.
#[derive(Debug, Serialize)]
pub struct SupportedPaymentMethod {
    #[serde(rename = "type")]
    pub kind: PaymentMethodType,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub methods: &'static [&'static str],
    pub flows: &'static [Flow],
}

/// A payment method type the processor does not take through the API the connector calls, and why
/// (shown by `listConnectors` and in PaymentMethodNotSupported).
#[derive(Debug, Serialize)]
pub struct UnsupportedPaymentMethod {
    #[serde(rename = "type")]
    pub kind: PaymentMethodType,
    pub reason: &'static str,
}

/// A `method` word of a type the connector takes that the processor does not take, and why: GP
/// takes bankDebit `ach` but not `sepa`, which it has only as a redirect with no field for the
/// IBAN. `listConnectors` lists it in `unsupportedPaymentMethods` with its `method`.
#[derive(Debug, Serialize)]
pub struct UnsupportedMethod {
    #[serde(rename = "type")]
    pub kind: PaymentMethodType,
    pub method: &'static str,
    pub reason: &'static str,
}

/// Every payment method fact of a connector, declared once: `listConnectors` shows it and
/// [`check_payment_method`] enforces it before the connector sees a request.
#[derive(Debug)]
pub struct PaymentMethods {
    pub supported: &'static [SupportedPaymentMethod],
    pub unsupported: &'static [UnsupportedPaymentMethod],
    pub unsupported_methods: &'static [UnsupportedMethod],
}

/// Flows of a payment method that can only pay.
pub const PAY_ONLY: &[Flow] = &[Flow::Authorize];
/// Flows of a payment method that can pay, be saved (authorize with setupFutureUsage, or
/// setupMandate) and be charged again.
pub const PAY_AND_SAVE: &[Flow] = &[Flow::Authorize, Flow::SetupMandate, Flow::RepeatPayment];

impl PaymentMethods {
    pub fn find(&self, kind: PaymentMethodType) -> Option<&SupportedPaymentMethod> {
        self.supported.iter().find(|s| s.kind == kind)
    }
}

/// PaymentMethodNotSupported unless the connector takes `request`'s payment method (its type, its
/// `method` word) in the request's flow; the message gives the processor's reason when the
/// connector declares one, else what it does take. A createSession with
/// `applePayMerchantValidation` asks for Apple Pay in createSession: the connector takes it when
/// its ApplePay entry lists `CreateSession`.
pub fn check_payment_method(info: &ConnectorInfo, request: &FlowRequest) -> Result<(), SidecarError> {
    let (kind, word) = match request {
        FlowRequest::Authorize(r) => (r.payment_method.kind(), r.payment_method.method_name()),
        FlowRequest::SetupMandate(r) => (r.payment_method.kind(), r.payment_method.method_name()),
        FlowRequest::CreateSession(r) if r.apple_pay_merchant_validation.is_some() => {
            return check_kind(info, request.flow(), PaymentMethodType::ApplePay, None).map_err(|_| {
                SidecarError::payment_method_not_supported(&format!(
                    "{} has no call that creates an Apple Pay merchant session: validate the merchant with Apple using your own \
                     Apple Pay certificate, or through the processor's front-end SDK",
                    info.display_name
                ))
                .with_field("request.applePayMerchantValidation")
            });
        }
        _ => return Ok(()),
    };
    check_kind(info, request.flow(), kind, word)
}

fn check_kind(info: &ConnectorInfo, flow: Flow, kind: PaymentMethodType, word: Option<&str>) -> Result<(), SidecarError> {
    let pm = &info.payment_methods;
    let taken = || {
        pm.supported.iter().filter(|s| s.flows.contains(&flow)).map(|s| s.kind.as_str()).collect::<Vec<_>>().join(", ")
    };
    let Some(support) = pm.find(kind) else {
        let message = match pm.unsupported.iter().find(|u| u.kind == kind) {
            Some(u) => format!("{} does not take `{}`: {}", info.display_name, kind.as_str(), u.reason),
            None => format!(
                "{} does not take `{}` through the API this connector calls; it takes: {}",
                info.display_name,
                kind.as_str(),
                taken()
            ),
        };
        return Err(SidecarError::payment_method_not_supported(&message));
    };
    if !support.flows.contains(&flow) {
        return Err(SidecarError::payment_method_not_supported(&format!(
            "{} takes `{}` in {} only, not in {}",
            info.display_name,
            kind.as_str(),
            support.flows.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", "),
            flow.as_str()
        )));
    }
    if let Some(word) = word {
        if !support.methods.contains(&word) {
            // mobileMoney's word is its operator, `provider`; every other type's is `method`.
            let key = if kind == PaymentMethodType::MobileMoney { "provider" } else { "method" };
            let field = format!("request.paymentMethod.{}.{key}", kind.as_str());
            let message = match pm.unsupported_methods.iter().find(|u| u.kind == kind && u.method == word) {
                Some(u) => format!("{} does not take {} `{}`: {}", info.display_name, kind.as_str(), word, u.reason),
                None => format!(
                    "{} does not take {} `{}`; it takes: {}",
                    info.display_name,
                    kind.as_str(),
                    word,
                    support.methods.join(", ")
                ),
            };
            return Err(SidecarError::payment_method_not_supported(&message).with_field(field));
        }
    }
    Ok(())
}

/// What a connector states about itself. `listConnectors` adds what is derived from its
/// [`Declaration`]: `flows`, `unsupportedFlows`, `webhooks` and `webhookVerification`.
#[derive(Debug)]
pub struct ConnectorInfo {
    pub name: &'static str,
    pub display_name: &'static str,
    pub payment_methods: &'static PaymentMethods,
    pub auth_fields: &'static [AuthField],
    /// Names of fields and headers of this processor's requests, responses and webhooks whose
    /// values are secrets (a CVC, a signature, a credential carried in the body): logs mask them
    /// (the client's redact() learns them from listConnectors). Credential names are `auth_fields`.
    pub sensitive_fields: &'static [&'static str],
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

/// Verifies a webhook's signature and reads its events. A bad signature is `verified: false`
/// with a reason, never an error.
pub type SignedWebhookFn = fn(&IncomingWebhook, &Context) -> Result<WebhookResult, SidecarError>;

/// Reads a webhook that only the processor can verify, given the processor's answer from
/// `verifyWebhook`. Without a verified answer for this body it must answer `verified: false`
/// and no events.
pub type RemoteWebhookFn = fn(&IncomingWebhook, Option<&RemoteVerification>, &Context) -> Result<WebhookResult, SidecarError>;

/// Whether and how `parseWebhook` reads the processor's webhooks.
pub enum Webhooks {
    /// This version does not read them. (Every connector today reads its webhooks; a new
    /// connector starts here.)
    #[allow(dead_code)]
    NotRead,
    /// Checked by their signature, inside `parseWebhook`.
    Signed(SignedWebhookFn),
    /// Checked by the processor: `verifyWebhook` asks it (the flow must be supported).
    VerifiedRemotely(RemoteWebhookFn),
}

/// Everything a connector is, declared once: what it states, how its credentials are decoded,
/// what it does with each flow, and how it reads webhooks. `Auth` is its decoded credentials.
pub struct Declaration<Auth: 'static> {
    pub info: ConnectorInfo,
    /// Decodes `auth` (see [`decode_auth`]); runs once per `transformRequest`, before the flow's
    /// build function.
    pub auth: fn(Value) -> Result<Auth, SidecarError>,
    pub flows: FlowTable<Auth>,
    pub webhooks: Webhooks,
}

/// A declared connector, whatever its credentials type: what the registry holds.
pub trait Connector: Send + Sync {
    fn info(&self) -> &ConnectorInfo;
    fn supports(&self, flow: Flow) -> bool;
    /// The processor's reason, for a flow it cannot do (`unsupportedFlows`).
    fn unsupported_reason(&self, flow: Flow) -> Option<&'static str>;
    fn webhooks(&self) -> &Webhooks;
    fn build_request(&self, request: &FlowRequest, auth: Value, ctx: &Context) -> Result<HttpRequest, SidecarError>;
    fn parse_response(&self, request: &FlowRequest, response: &HttpResponse, ctx: &Context) -> Result<FlowResult, SidecarError>;
    /// Whether the sidecar answers `flow` itself, with no HTTP call (`localFlows`).
    fn is_local(&self, flow: Flow) -> bool;
    /// The result of a local flow, from the request and the credentials.
    fn answer_locally(&self, request: &FlowRequest, auth: Value, ctx: &Context) -> Result<FlowResult, SidecarError>;

    /// The flows it supports, in the protocol's order.
    fn flows(&self) -> Vec<Flow> {
        Flow::ALL.iter().copied().filter(|f| self.supports(*f)).collect()
    }

    /// Whether `parseWebhook` reads this processor's webhooks.
    fn reads_webhooks(&self) -> bool {
        !matches!(self.webhooks(), Webhooks::NotRead)
    }

    /// None when the connector reads no webhooks, else how they are verified.
    fn webhook_verification(&self) -> Option<WebhookVerification> {
        match self.webhooks() {
            Webhooks::NotRead => None,
            Webhooks::Signed(_) => Some(WebhookVerification::Signature),
            Webhooks::VerifiedRemotely(_) => Some(WebhookVerification::Remote),
        }
    }

    /// What `listConnectors` says about it.
    fn listing(&self) -> Value {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct UnsupportedFlow {
            flow: Flow,
            reason: &'static str,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Listing<'a> {
            name: &'a str,
            display_name: &'a str,
            flows: Vec<Flow>,
            #[serde(skip_serializing_if = "Vec::is_empty")]
            local_flows: Vec<Flow>,
            unsupported_flows: Vec<UnsupportedFlow>,
            webhooks: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            webhook_verification: Option<WebhookVerification>,
            payment_methods: &'a [SupportedPaymentMethod],
            unsupported_payment_methods: Vec<Unsupported<'a>>,
            auth_fields: &'a [AuthField],
            sensitive_fields: &'a [&'a str],
            environments: &'a Environments,
        }
        /// A type the connector does not take (no `method`), or one method word of a type it takes.
        #[derive(Serialize)]
        #[serde(untagged)]
        enum Unsupported<'a> {
            Type(&'a UnsupportedPaymentMethod),
            Method(&'a UnsupportedMethod),
        }
        let info = self.info();
        let pm = info.payment_methods;
        let unsupported_payment_methods =
            pm.unsupported.iter().map(Unsupported::Type).chain(pm.unsupported_methods.iter().map(Unsupported::Method)).collect();
        let unsupported_flows = Flow::ALL
            .iter()
            .filter_map(|&flow| self.unsupported_reason(flow).map(|reason| UnsupportedFlow { flow, reason }))
            .collect();
        let listing = Listing {
            name: info.name,
            display_name: info.display_name,
            flows: self.flows(),
            local_flows: Flow::ALL.iter().copied().filter(|f| self.is_local(*f)).collect(),
            unsupported_flows,
            webhooks: self.reads_webhooks(),
            webhook_verification: self.webhook_verification(),
            payment_methods: info.payment_methods.supported,
            unsupported_payment_methods,
            auth_fields: info.auth_fields,
            sensitive_fields: info.sensitive_fields,
            environments: &info.environments,
        };
        serde_json::to_value(listing).expect("a listing serializes")
    }
}

impl<Auth> Connector for Declaration<Auth> {
    fn info(&self) -> &ConnectorInfo {
        &self.info
    }
    fn supports(&self, flow: Flow) -> bool {
        self.flows.is_supported(flow)
    }
    fn unsupported_reason(&self, flow: Flow) -> Option<&'static str> {
        self.flows.unsupported_reason(flow)
    }
    fn webhooks(&self) -> &Webhooks {
        &self.webhooks
    }
    fn build_request(&self, request: &FlowRequest, auth: Value, ctx: &Context) -> Result<HttpRequest, SidecarError> {
        let auth = (self.auth)(auth)?;
        self.flows.build(request, &auth, ctx).unwrap_or_else(|| Err(flow_not_supported(self, request.flow())))
    }
    fn parse_response(&self, request: &FlowRequest, response: &HttpResponse, ctx: &Context) -> Result<FlowResult, SidecarError> {
        self.flows.parse(request, response, ctx).unwrap_or_else(|| Err(flow_not_supported(self, request.flow())))
    }
    fn is_local(&self, flow: Flow) -> bool {
        self.flows.is_local(flow)
    }
    fn answer_locally(&self, request: &FlowRequest, auth: Value, ctx: &Context) -> Result<FlowResult, SidecarError> {
        let auth = (self.auth)(auth)?;
        self.flows.answer(request, &auth, ctx).unwrap_or_else(|| Err(flow_not_supported(self, request.flow())))
    }
}

/// Everything a flow function needs besides the request: options and the connector's info.
pub struct Context<'a> {
    pub options: &'a Options,
    pub info: &'a ConnectorInfo,
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
}

/// FlowNotSupported for `flow`, with the processor's reason when the connector gives one.
pub fn flow_not_supported(connector: &dyn Connector, flow: Flow) -> SidecarError {
    let info = connector.info();
    let message = match connector.unsupported_reason(flow) {
        Some(reason) => format!("{} does not support flow `{}`: {}", info.display_name, flow.as_str(), reason),
        // Not a gap to list per connector: only processors that alone can check their webhooks have it.
        None if flow == Flow::VerifyWebhook => format!(
            "{} does not support flow `verifyWebhook`: {}",
            info.display_name,
            if connector.reads_webhooks() {
                "its webhooks are verified by signature inside parseWebhook (give `secret`); there is no remote verification call"
            } else {
                "this version does not read its webhooks"
            }
        ),
        None => format!(
            "{} does not support flow `{}`; it supports: {}",
            info.display_name,
            flow.as_str(),
            connector.flows().iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
        ),
    };
    SidecarError::new(ErrorKind::FlowNotSupported, message).with_field("flow")
}

/// `parseWebhook` of a connector that does not read webhooks.
pub fn webhooks_not_read(info: &ConnectorInfo) -> SidecarError {
    SidecarError::new(
        ErrorKind::FlowNotSupported,
        format!("{} webhooks are not supported by this version", info.display_name),
    )
    .with_field("connector")
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

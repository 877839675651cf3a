//! The dispatch table: one synchronous jsonrpc-core method per protocol method.
//! Every method runs inside `catch_unwind`, so a bug in one connector answers -32603 and the
//! process goes on serving.

use crate::connectors::{webhooks_not_read, Context, WebhookVerification, Webhooks};
use crate::kit::mask::mask_card_numbers;
use crate::protocol::{
    decode, unsendable_leaves, BodyEncoding, ErrorKind, Flow, FlowRequest, HttpResponse, IncomingWebhook, Options, ParseWebhookParams,
    Secret, SidecarError, TransformRequestParams, TransformResponseParams, PROTOCOL_VERSION,
};
use crate::registry;
use crate::rpc::splice::CutBody;
use jsonrpc_core::{Error, ErrorCode, IoHandler, Params, Value};
use serde::Deserialize;
use serde_json::json;
use serde_json::value::RawValue;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

pub fn build_handler(shutdown: Arc<AtomicBool>) -> IoHandler {
    let mut io = IoHandler::new();
    add(&mut io, "initialize", initialize);
    add(&mut io, "ping", |_| Ok(json!({})));
    add(&mut io, "listConnectors", |_| Ok(list_connectors()));
    add(&mut io, "transformRequest", transform_request);
    add(&mut io, "transformResponse", transform_response);
    add(&mut io, "parseWebhook", parse_webhook);
    io.add_sync_method("shutdown", move |_| {
        shutdown.store(true, Ordering::SeqCst);
        Ok(Value::Null)
    });
    io
}

fn add(io: &mut IoHandler, name: &'static str, f: fn(Value) -> Result<Value, SidecarError>) {
    io.add_sync_method(name, move |params: Params| {
        let started = Instant::now();
        let value = match params {
            Params::None => Value::Null,
            Params::Array(a) => Value::Array(a),
            Params::Map(m) => Value::Object(m),
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| f(value)));
        let result = match outcome {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(to_rpc_error(&e)),
            Err(_) => Err(panicked(name)),
        };
        log::debug!(target: "sidecar", "{name} {} in {}µs", if result.is_ok() { "ok" } else { "error" }, started.elapsed().as_micros());
        result
    });
}

/// The answer to a call whose method panicked: InternalError, without the panic's message.
fn panicked(name: &str) -> Error {
    log::error!(target: "sidecar", "{name}: a connector panicked; answered InternalError");
    to_rpc_error(&SidecarError::new(
        ErrorKind::InternalError,
        format!("internal error in `{name}` (a bug: the sidecar caught a panic and keeps serving)"),
    ))
}

/// The transforms read straight from the params' JSON text: the typed params and the flow's
/// request come out of the message text without a `Value` tree between (the tree path costs a
/// third of a Stripe transform in process). Only a call that succeeds is answered here: None for
/// any refusal (or another method), and the call goes through the tree path
/// (`transform_request`/`transform_response`), so every error, its path, message and scrubbing,
/// is the one that path gives. A refusal depends on the params only (the clock and nonce a
/// transform uses when `options` fix neither are read by no refusal), so running a refused call
/// twice changes nothing but its cost. A panic is answered as [`add`] answers it.
pub fn fast_transform<'a>(method: &str, params: &'a str) -> FastOutcome<'a> {
    use serde::de::DeserializeSeed;
    let Some(seed) = TextParamsSeed::for_method(method, None) else { return FastOutcome::Unread };
    let read = catch_unwind(AssertUnwindSafe(|| {
        let mut de = serde_json::Deserializer::from_str(params);
        let p = seed.deserialize(&mut de).ok()?;
        de.end().ok()?;
        Some(p)
    }));
    match read {
        Ok(Some(p)) => {
            let spliced = p.spliced_body();
            match run_text_params(method, p) {
                Some(result) => FastOutcome::Answered(result),
                None => FastOutcome::Refused { spliced },
            }
        }
        Ok(None) => FastOutcome::Unread,
        Err(_) => FastOutcome::Answered(Err(panicked(method))),
    }
}

/// What [`fast_transform`] made of a call.
pub enum FastOutcome<'a> {
    /// Not a transform, or params its strict typed read refuses: nothing was run.
    Unread,
    /// Read strictly and refused: the tree path answers it, with the body in `response.body`
    /// when it came spliced (its text here).
    Refused { spliced: Option<&'a str> },
    Answered(Result<Value, Error>),
}

/// The typed params of a transform read from text ([`TransformRequestText`] or
/// [`TransformResponseText`]): what [`fast_transform`] reads from the params' own text, and what
/// `rpc::read_plain_call_text` reads straight out of the message when `method` comes before
/// `params` (one pass over the message instead of a `RawValue` scan of the params, then a
/// second read of them).
pub(crate) enum TextParams<'a> {
    Request(TransformRequestText<'a>),
    Response(TransformResponseText<'a>),
}

/// Reads a transform's params as [`TextParams`] from inside a message (`next_value_seed`);
/// None for a method without a text path. `cut`: a transformResponse message whose spliced body
/// was cut out by its length (`rpc::splice`), its placeholder to be found as `response.bodyJson`.
#[derive(Clone, Copy)]
pub(crate) struct TextParamsSeed<'b> {
    response: bool,
    cut: Option<CutBody<'b>>,
}

impl<'b> TextParamsSeed<'b> {
    pub(crate) fn for_method(method: &str, cut: Option<CutBody<'b>>) -> Option<Self> {
        match (method, cut) {
            ("transformRequest", None) => Some(TextParamsSeed { response: false, cut }),
            ("transformResponse", _) => Some(TextParamsSeed { response: true, cut }),
            _ => None,
        }
    }
}

impl<'de: 'b, 'b> serde::de::DeserializeSeed<'de> for TextParamsSeed<'b> {
    type Value = TextParams<'b>;
    /// An object only: a struct's derive would take an array too (its fields by position), which
    /// the text path never did (the tree path answers params given as an array).
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de: 'b, 'b> serde::de::Visitor<'de> for TextParamsSeed<'b> {
    type Value = TextParams<'b>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a transform's params object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let map = serde::de::value::MapAccessDeserializer::new(map);
        if self.response {
            let mut p = TransformResponseText::deserialize(map)?;
            match self.cut {
                // The body cut out by its length is taken only where the placeholder is.
                Some(cut) => p.response.take_cut(cut).map_err(serde::de::Error::custom)?,
                // A spliced body that is not exactly what it declares is refused here, unread, so
                // nothing of it can be taken for the envelope's fields (see `HttpResponseText`).
                None => p.response.check().map_err(serde::de::Error::custom)?,
            }
            Ok(TextParams::Response(p))
        } else {
            TransformRequestText::deserialize(map).map(TextParams::Request)
        }
    }
}

impl<'a> TextParams<'a> {
    /// The processor's body when it came spliced in as `response.bodyJson` (its exact text).
    pub(crate) fn spliced_body(&self) -> Option<&'a str> {
        match self {
            TextParams::Response(p) => p.response.cut.or(p.response.body_json.map(RawValue::get)),
            TextParams::Request(_) => None,
        }
    }
}

/// Runs a transform from its [`TextParams`]: Some(result) for a success (or a panic, answered as
/// [`add`] answers it), None where the call must go through the tree path.
pub(crate) fn run_text_params(method: &str, params: TextParams) -> Option<Result<Value, Error>> {
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| match params {
        TextParams::Request(p) => transform_request_text(p),
        TextParams::Response(p) => transform_response_text(p),
    }));
    match outcome {
        Ok(Some(v)) => {
            log::debug!(target: "sidecar", "{method} ok in {}µs", started.elapsed().as_micros());
            Some(Ok(v))
        }
        Ok(None) => None,
        Err(_) => Some(Err(panicked(method))),
    }
}

/// `TransformRequestParams` with the flow's request kept as its JSON text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TransformRequestText<'a> {
    connector: String,
    flow: String,
    auth: Value,
    #[serde(borrow)]
    request: &'a RawValue,
    #[serde(default)]
    options: Options,
}

/// `TransformResponseParams` with the flow's request kept as its JSON text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TransformResponseText<'a> {
    connector: String,
    flow: String,
    // Checked for shape by the strict read; a response is read without credentials.
    #[allow(dead_code)]
    auth: Value,
    #[serde(borrow)]
    request: &'a RawValue,
    #[serde(borrow)]
    response: HttpResponseText<'a>,
    #[serde(default)]
    options: Options,
}

/// [`HttpResponse`] as the text path reads it: the body as a JSON string (`body`, any driver) or,
/// from a client that splices the processor's JSON body into the message verbatim instead of
/// escaping it, as the raw JSON value `bodyJson` beside its exact UTF-8 length in bytes
/// (`bodyJsonBytes`). Only the text path reads `bodyJson`: the `Value` tree cannot hold a body's
/// exact text, and a message carrying it that this strict read refuses is refused whole
/// (`rpc::body_json_refusal`), never read by the tree path.
///
/// Why the length makes the splice safe: the client writes `"bodyJson":` and the body's text
/// right after it, the body's first byte not whitespace. Reading a JSON value from there, the
/// reader stops where that value ends; the value is the body, and nothing else, exactly when it is
/// as long as the body. A body that is not exactly one JSON value (`{}},"connector":"x"`, trailing
/// text, an unclosed string) ends elsewhere, so its length differs from the declared one, or the
/// message does not parse: refused either way. The derive refuses a key given twice, so a
/// second `response` or `bodyJson` cannot replace the first.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct HttpResponseText<'a> {
    status: u16,
    #[serde(default, deserialize_with = "crate::protocol::headers_list_or_map")]
    headers: Vec<crate::protocol::ResponseHeader>,
    /// Some when given (null is refused, as `HttpResponse` refuses it).
    #[serde(default, deserialize_with = "some_string")]
    body: Option<String>,
    #[serde(default)]
    encoding: Option<BodyEncoding>,
    #[serde(default)]
    body_json_bytes: Option<u64>,
    /// Some when given, `null` included (the body's text would then be `null`).
    #[serde(default, borrow, deserialize_with = "some_raw")]
    body_json: Option<&'a RawValue>,
    /// The body cut out of the message by its declared length (`rpc::splice`), once
    /// [`Self::take_cut`] found its placeholder as `body_json`.
    #[serde(skip)]
    cut: Option<&'a str>,
}

fn some_raw<'de: 'a, 'a, D: serde::Deserializer<'de>>(d: D) -> Result<Option<&'a RawValue>, D::Error> {
    <&'a RawValue>::deserialize(d).map(Some)
}

fn some_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    String::deserialize(d).map(Some)
}

impl<'a> HttpResponseText<'a> {
    /// Refuses a `bodyJson` that is not exactly `bodyJsonBytes` bytes long, one without the
    /// other, one beside `body`, or one with a base64 encoding.
    fn check(&self) -> Result<(), &'static str> {
        match (&self.body, self.body_json, self.body_json_bytes) {
            (_, None, None) => Ok(()),
            (None, Some(raw), Some(n)) if raw.get().len() as u64 == n && self.encoding != Some(BodyEncoding::Base64) => Ok(()),
            _ => Err("response.bodyJson is not exactly response.bodyJsonBytes bytes of one JSON value"),
        }
    }

    /// Takes the body cut out of the message (`rpc::splice`): only when `bodyJson` is the
    /// placeholder at the address it was put at, `bodyJsonBytes` the body's length, and nothing
    /// else gives a body. Otherwise the message is read whole, as before (the caller's fallback).
    fn take_cut(&mut self, cut: CutBody<'a>) -> Result<(), &'static str> {
        let at_placeholder = self.body_json.is_some_and(|raw| {
            raw.get() == crate::rpc::splice::PLACEHOLDER && raw.get().as_ptr() as usize == cut.address
        });
        let declared = self.body_json_bytes == Some(cut.body.len() as u64);
        if at_placeholder && declared && self.body.is_none() && self.encoding != Some(BodyEncoding::Base64) {
            self.cut = Some(cut.body);
            Ok(())
        } else {
            Err("the spliced body's placeholder is not response.bodyJson")
        }
    }

    fn into_response(self) -> HttpResponse {
        let body = match (self.cut, self.body_json) {
            (Some(cut), _) => cut.to_owned(),
            (None, Some(raw)) => raw.get().to_owned(),
            (None, None) => self.body.unwrap_or_default(),
        };
        HttpResponse { status: self.status, headers: self.headers, body, encoding: self.encoding }
    }
}

/// [`transform_request`] read from text; None where that would refuse.
fn transform_request_text(p: TransformRequestText) -> Option<Value> {
    let (c, _flow, req) = resolve(&p.connector, &p.flow, p.request).ok()?;
    check_base_url(&p.options).ok()?;
    let ctx = Context { options: &p.options, info: c.info() };
    let http = c.build_request(&req, p.auth, &ctx).ok()?;
    // A header it cannot send is refused by the tree path, which names the field it came from.
    http.refuse_unsendable_headers(&[]).ok()?;
    Some(serde_json::to_value(http).expect("HttpRequest serializes"))
}

/// [`transform_response`] read from text; None where that would refuse.
fn transform_response_text(p: TransformResponseText) -> Option<Value> {
    let (c, _flow, req) = resolve(&p.connector, &p.flow, p.request).ok()?;
    let ctx = Context { options: &p.options, info: c.info() };
    let result = c.parse_response(&req, &p.response.into_response(), &ctx).ok()?;
    Some(serde_json::to_value(result).expect("results serialize"))
}

/// The JSON-RPC error that leaves the process. Every string in it passes `mask_card_numbers`
/// here, whatever built it: a card number pasted into any field cannot come back in clear.
pub(crate) fn to_rpc_error(e: &SidecarError) -> Error {
    let code = match e.kind.code() {
        -32600 => ErrorCode::InvalidRequest,
        -32602 => ErrorCode::InvalidParams,
        -32603 => ErrorCode::InternalError,
        other => ErrorCode::ServerError(other),
    };
    let mut data = e.to_data();
    if let Value::Object(m) = &mut data {
        for v in m.values_mut() {
            if let Value::String(s) = v {
                *s = mask_card_numbers(s);
            }
        }
    }
    Error { code, message: mask_card_numbers(&e.message), data: Some(data) }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InitializeParams {
    protocol_version: String,
    #[allow(dead_code)]
    client_name: Option<String>,
}

fn initialize(params: Value) -> Result<Value, SidecarError> {
    let p: InitializeParams = decode(params, "")?;
    log::info!(target: "sidecar", "initialize: client speaks protocol {}", p.protocol_version);
    Ok(json!({
        "protocolVersion": PROTOCOL_VERSION,
        "sidecarVersion": env!("CARGO_PKG_VERSION"),
        // transformResponse reads response.bodyJson (`HttpResponseText`).
        "bodyJson": true,
        "connectors": registry::all().iter().map(|c| c.info().name).collect::<Vec<_>>(),
    }))
}

fn list_connectors() -> Value {
    Value::Array(registry::all().iter().map(|c| c.listing()).collect())
}

/// The registered connector of that name, or UnknownConnector naming the known ones.
fn find_connector(connector: &str) -> Result<&'static dyn crate::connectors::Connector, SidecarError> {
    registry::find(connector).ok_or_else(|| {
        let known: Vec<_> = registry::all().iter().map(|c| c.info().name).collect();
        SidecarError::new(
            ErrorKind::UnknownConnector,
            format!("unknown connector (the value given is not shown); known: {}", known.join(", ")),
        )
        .with_field("connector")
    })
}

/// Resolves connector and flow, then decodes the flow's request. Shared by both transforms.
fn resolve<'a>(
    connector: &str,
    flow: &str,
    request: impl Into<crate::protocol::Input<'a>>,
) -> Result<(&'static dyn crate::connectors::Connector, Flow, FlowRequest), SidecarError> {
    let c = find_connector(connector)?;
    let parsed: Flow = serde_json::from_value(Value::String(flow.to_string())).map_err(|_| {
        SidecarError::new(ErrorKind::FlowNotSupported, "unknown flow (the value given is not shown)").with_field("flow")
    })?;
    if !c.supports(parsed) {
        return Err(crate::connectors::flow_not_supported(c, parsed));
    }
    let req = FlowRequest::decode(parsed, request)?;
    crate::connectors::check_payment_method(c.info(), &req)?;
    Ok((c, parsed, req))
}

/// Every auth value is a secret: a processor body that echoes one (a proxy's error page quoting
/// the Authorization header) must not carry it into an error's message or data. Values shorter
/// than 6 characters (PhonePe's saltIndex "1") are left alone: they would mangle the text.
///
/// The match ignores ASCII case (a proxy that upper-cases what it echoes), and a prefix of a
/// secret (4 characters or more) that ends the text is masked too: the 1006 excerpt is cut at 200
/// characters, which can fall inside an echoed key.
fn redact_auth(mut e: SidecarError, auth: &Value) -> SidecarError {
    let secrets: Vec<&str> =
        auth.as_object().into_iter().flat_map(|m| m.values()).filter_map(|v| v.as_str()).filter(|s| s.len() >= 6).collect();
    if secrets.is_empty() {
        return e;
    }
    let scrub = |s: &str| secrets.iter().fold(s.to_string(), |acc, k| mask_secret(&acc, k));
    e.message = scrub(&e.message);
    // The field path is made of the input's own keys: a credential pasted as a key is one of them.
    e.field = e.field.as_deref().map(scrub);
    for v in e.extra.values_mut() {
        if let Value::String(s) = v {
            *s = scrub(s);
        }
    }
    e
}

/// Decodes a method's params; a refusal is scrubbed of the credentials given under `secret_key`
/// (`auth`, or a webhook's `secret`), read from the raw params: a field path is made of the input's
/// own keys (a header name of `response.headers` given as an object is anything), and a credential
/// pasted as one must not come back.
fn decode_scrubbed<T: serde::de::DeserializeOwned>(params: Value, secret_key: &str) -> Result<T, SidecarError> {
    let secrets = match params.get(secret_key) {
        Some(Value::String(s)) => json!({ "secret": s }),
        Some(v @ Value::Object(_)) => v.clone(),
        _ => Value::Null,
    };
    decode(params, "").map_err(|e| redact_auth(e, &secrets))
}

/// Names the connector and flow in the error's data, when they are ones we know: a wrong value can
/// be anything (an API key or a card number pasted into the wrong field), so it is never quoted.
/// `text` with every occurrence of `secret` (ASCII case ignored) and a prefix of it that ends the
/// text (4 characters or more) replaced by `***`.
fn mask_secret(text: &str, secret: &str) -> String {
    const MIN_TAIL: usize = 4;
    // ASCII lower-casing keeps every byte offset, so offsets found in `lower` hold in `text`.
    let lower = text.to_ascii_lowercase();
    let needle = secret.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(i) = lower[at..].find(&needle) {
        out.push_str(&text[at..at + i]);
        out.push_str("***");
        at += i + needle.len();
    }
    let rest = &lower[at..];
    let tail = (MIN_TAIL..needle.len())
        .rev()
        .filter(|&n| needle.is_char_boundary(n) && rest.len() >= n && rest.is_char_boundary(rest.len() - n))
        .find(|&n| rest.ends_with(&needle[..n]));
    match tail {
        Some(n) => {
            out.push_str(&text[at..text.len() - n]);
            out.push_str("***");
        }
        None => out.push_str(&text[at..]),
    }
    out
}

fn tag(mut e: SidecarError, connector: &str, flow: &str) -> SidecarError {
    if e.connector.is_none() {
        e.connector = registry::find(connector).map(|c| c.info().name.to_string());
    }
    if e.flow.is_none() && serde_json::from_value::<Flow>(Value::String(flow.to_string())).is_ok() {
        e.flow = Some(flow.to_string());
    }
    e
}

pub fn transform_request(params: Value) -> Result<Value, SidecarError> {
    let p: TransformRequestParams = decode_scrubbed(params, "auth")?;
    let mut unsendable = Vec::new();
    unsendable_leaves(&p.auth, "auth", &mut unsendable);
    unsendable_leaves(&p.request, "request", &mut unsendable);
    let (c, flow, req) =
        resolve(&p.connector, &p.flow, p.request).map_err(|e| tag(redact_auth(e, &p.auth), &p.connector, &p.flow))?;
    if c.is_local(flow) {
        return Err(tag(local_flow_has_no_request(c, flow), &p.connector, &p.flow));
    }
    check_base_url(&p.options).map_err(|e| tag(e, &p.connector, &p.flow))?;
    let ctx = Context { options: &p.options, info: c.info() };
    let auth = p.auth.clone();
    let http = c.build_request(&req, p.auth, &ctx).map_err(|e| tag(redact_auth(e, &auth), &p.connector, &p.flow))?;
    http.refuse_unsendable_headers(&unsendable).map_err(|e| tag(e, &p.connector, &p.flow))?;
    Ok(serde_json::to_value(http).expect("HttpRequest serializes"))
}

/// `options.baseUrl` replaces the processor's scheme, host and leading path: an http(s) URL of
/// printable ASCII without a query or fragment (a `?` or `#` would swallow the path the
/// connector appends; CR/LF would split the request line of a careless HTTP stack).
fn check_base_url(options: &crate::protocol::Options) -> Result<(), SidecarError> {
    let Some(url) = options.base_url.as_deref() else { return Ok(()) };
    // `get`, not slicing: a hostile URL may have a multi-byte character where the scheme would end.
    let scheme_ok = ["http://", "https://"].iter().any(|s| url.len() > s.len() && url.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s)));
    if !scheme_ok {
        return Err(SidecarError::invalid_field("options.baseUrl", "must be an http:// or https:// URL".into()));
    }
    if let Some(c) = url.chars().find(|c| !matches!(c, '!'..='~') || matches!(c, '?' | '#')) {
        let what = match c {
            '?' => "a query (`?`)".to_string(),
            '#' => "a fragment (`#`)".to_string(),
            c if c.is_control() => "a control character (CR, LF, NUL, ...)".to_string(),
            _ => "a space or a character outside printable ASCII (percent-encode it)".to_string(),
        };
        return Err(SidecarError::invalid_field("options.baseUrl", format!("must not hold {what}")));
    }
    Ok(())
}

pub fn transform_response(params: Value) -> Result<Value, SidecarError> {
    let p: TransformResponseParams = decode_scrubbed(params, "auth")?;
    let (c, flow, req) =
        resolve(&p.connector, &p.flow, p.request).map_err(|e| tag(redact_auth(e, &p.auth), &p.connector, &p.flow))?;
    let ctx = Context { options: &p.options, info: c.info() };
    let result = match (&p.response, c.is_local(flow)) {
        (Some(response), false) => c.parse_response(&req, response, &ctx),
        (None, true) => c.answer_locally(&req, p.auth.clone(), &ctx),
        (Some(_), true) => Err(SidecarError::new(
            ErrorKind::InvalidFieldValue,
            format!(
                "{} answers `{}` itself, with no HTTP call (listConnectors localFlows): give no `response`",
                c.info().display_name,
                flow.as_str()
            ),
        )
        .with_field("response")),
        (None, false) => Err(SidecarError::new(
            ErrorKind::MissingRequiredField,
            "`response` is required: the processor's HTTP response to the request transformRequest built",
        )
        .with_field("response")),
    }
    .map_err(|e| tag(redact_auth(e, &p.auth), &p.connector, &p.flow))?;
    Ok(serde_json::to_value(result).expect("results serialize"))
}

/// transformRequest of a flow the connector answers itself: there is no request to send, so
/// transformRequest does not support it (FlowNotSupported naming `flow`); transformResponse does.
fn local_flow_has_no_request(c: &dyn crate::connectors::Connector, flow: Flow) -> SidecarError {
    SidecarError::new(
        ErrorKind::FlowNotSupported,
        format!(
            "{} answers `{}` itself, with no HTTP call to the processor (listConnectors localFlows): call transformResponse \
             with the same params and no `response`",
            c.info().display_name,
            flow.as_str()
        ),
    )
    .with_field("flow")
}

/// Verifies and reads a processor's webhook. The secret is scrubbed from any error, like auth.
pub fn parse_webhook(params: Value) -> Result<Value, SidecarError> {
    let p: ParseWebhookParams = decode_scrubbed(params, "secret")?;
    let c = find_connector(&p.connector)?;
    let body = match p.encoding {
        Some(BodyEncoding::Base64) => {
            let bytes = crate::kit::crypto::base64_decode(&p.body).ok_or_else(|| {
                SidecarError::invalid_field("body", "encoding is base64 but body is not valid base64".into())
            })?;
            String::from_utf8(bytes)
                .map_err(|_| SidecarError::invalid_field("body", "the decoded body is not UTF-8 text".into()))?
        }
        _ => p.body,
    };
    let info = c.info();
    let remote = c.webhook_verification() == Some(WebhookVerification::Remote);
    if p.remote_verification.is_some() && !remote && c.reads_webhooks() {
        return Err(SidecarError::invalid_field(
            "remoteVerification",
            format!("{} webhooks are verified by their signature: give `secret`, not remoteVerification", info.display_name),
        ));
    }
    let secret = match p.secret {
        Some(s) => s,
        // Unused: the processor verified it (remote), or the connector reads no webhooks and says so.
        None if remote || !c.reads_webhooks() => Secret::new(String::new()),
        None => {
            return Err(SidecarError::missing_field(
                "secret",
                &format!("{} webhooks are verified with the endpoint's signing secret", info.display_name),
            ))
        }
    };
    let secret_value = json!({ "secret": secret.expose() });
    let webhook = IncomingWebhook { headers: p.headers, body, secret, url: p.url };
    let ctx = Context { options: &p.options, info };
    let parsed = match c.webhooks() {
        Webhooks::NotRead => Err(webhooks_not_read(info)),
        Webhooks::Signed(parse) => parse(&webhook, &ctx),
        Webhooks::VerifiedRemotely(parse) => parse(&webhook, p.remote_verification.as_ref(), &ctx),
    };
    let result = parsed.map_err(|e| {
        let mut e = redact_auth(e, &secret_value);
        e.connector.get_or_insert_with(|| p.connector.clone());
        e
    })?;
    Ok(serde_json::to_value(result).expect("webhook results serialize"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A multi-byte character where the scheme would end is refused, not a panic (proptest found it).
    #[test]
    fn a_base_url_with_a_multibyte_character_at_the_scheme_is_refused() {
        for url in ["𞀦0aׯ://x", "httpׯ//x", "https:/ׯx"] {
            let options = crate::protocol::Options { base_url: Some(url.to_string()), ..Default::default() };
            assert!(check_base_url(&options).is_err(), "{url}");
        }
    }

    fn call(io: &IoHandler, request: &str) -> Value {
        serde_json::from_str(&io.handle_request_sync(request).expect("a request gets an answer")).unwrap()
    }

    fn boom(_: Value) -> Result<Value, SidecarError> {
        panic!("a connector bug holding 4242424242424242");
    }

    /// A panic inside a method answers -32603 (InternalError, without the panic message) and the
    /// same handler goes on serving, the panicking method included.
    #[test]
    fn a_panicking_method_answers_internal_error_and_serving_goes_on() {
        let mut io = build_handler(Arc::new(AtomicBool::new(false)));
        add(&mut io, "boom", boom);
        for id in 1..=3 {
            let reply = call(&io, &format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"boom","params":{{}}}}"#));
            assert_eq!(reply["id"], json!(id), "{reply}");
            assert_eq!(reply["error"]["code"], json!(-32603), "{reply}");
            assert_eq!(reply["error"]["data"]["kind"], json!("InternalError"), "{reply}");
            assert!(!reply.to_string().contains("4242424242424242"), "the panic message leaked: {reply}");
            let pong = call(&io, &format!(r#"{{"jsonrpc":"2.0","id":{},"method":"ping"}}"#, id + 100));
            assert_eq!(pong["result"], json!({}), "{pong}");
        }
    }

    /// A processor body that echoes a credential cannot carry it into the error's message or data.
    #[test]
    fn an_echoed_credential_is_redacted_from_errors() {
        let params = json!({
            "connector": "stripe", "flow": "authorize", "auth": {"apiKey": "sk_test_echoed_key_123"},
            "request": {"merchantTransactionId": "o1", "amount": {"minorAmount": 100, "currency": "USD"},
                "paymentMethod": {"type": "card", "card": {"number": "4242424242424242", "expMonth": "12", "expYear": "2030"}}},
            "response": {"status": 502, "body": "<html>bad gateway for sk_test_echoed_key_123</html>"}
        });
        let e = transform_response(params).expect_err("an HTML body is not a Stripe response");
        let text = format!("{} {}", e.message, e.to_data());
        assert!(!text.contains("sk_test_echoed_key_123"), "{text}");
        assert!(text.contains("***"), "{text}");
    }

    /// `secret` is required only where the connector checks the signature itself, and
    /// `remoteVerification` only makes sense where the processor does.
    /// A credential used as a header name of headers given as an object (found by the hostile-input
    /// property): the refusal names the field without it, in transformResponse and parseWebhook.
    #[test]
    fn a_credential_as_a_header_name_never_comes_back_from_a_refused_decode() {
        let key = "AUv8rrc_pasted_client_id";
        let e = transform_response(json!({
            "connector": "paypal", "flow": "psync", "auth": {"clientId": key, "clientSecret": "EMnAWe_secret_x"},
            "request": {"connectorTransactionId": "5O190127TN364715T"},
            "response": {"status": 200, "headers": {key: 7}, "body": "{}"},
        }))
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidParams);
        let wire = serde_json::to_string(&json!([e.message, e.field, e.extra])).unwrap();
        assert!(wire.contains("response.headers"), "names the field: {wire}");
        assert!(!wire.to_ascii_lowercase().contains(&key.to_ascii_lowercase()), "quotes the credential: {wire}");

        let secret = "whsec_pasted_as_a_header";
        let e = parse_webhook(json!({"connector": "stripe", "secret": secret, "headers": {secret: 7}, "body": "{}"})).unwrap_err();
        let wire = serde_json::to_string(&json!([e.message, e.field, e.extra])).unwrap();
        assert!(!wire.contains(secret), "quotes the webhook secret: {wire}");
    }

    #[test]
    fn webhook_secret_and_remote_verification_go_where_the_connector_verifies() {
        let e = parse_webhook(json!({"connector": "stripe", "body": "{}"})).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("secret")));
        let remote = json!({"verified": true, "bodySha256": crate::kit::crypto::sha256_hex(b"{}"), "httpStatus": 200});
        let e = parse_webhook(json!({"connector": "stripe", "body": "{}", "secret": "whsec_x", "remoteVerification": remote}))
            .unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("remoteVerification")));
        // PayPal: no secret needed; without a verification nothing is trusted.
        let r = parse_webhook(json!({"connector": "paypal", "body": "{\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\"}"})).unwrap();
        assert_eq!((r["verified"].clone(), r["events"].clone()), (json!(false), json!([])));
        // A connector without webhooks still says so, secret or not.
        for c in registry::all().iter().filter(|c| !c.reads_webhooks()) {
            let e = parse_webhook(json!({"connector": c.info().name, "body": "{}"})).unwrap_err();
            assert_eq!(e.kind, ErrorKind::FlowNotSupported, "{}", c.info().name);
        }
        // verifyWebhook on a connector that verifies by signature says why it has none.
        let e = transform_request(json!({"connector": "stripe", "flow": "verifyWebhook", "auth": {"apiKey": "sk_test_x"},
            "request": {"headers": [], "body": "{}", "webhookId": "W1"}}))
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::FlowNotSupported);
        assert!(e.message.contains("signature"), "{}", e.message);
    }

    /// Headers arrive as a list of `{name, value}` or as an object (string or list of strings),
    /// the shape HTTP libraries hand them over in; both read the same, and a bad one is named.
    #[test]
    fn webhook_and_response_headers_as_a_list_or_an_object() {
        use crate::kit::crypto::{hex, hmac_sha256};
        let (t, secret) = (1_795_734_353_i64, "whsec_headers_shape");
        let body = json!({"id": "evt_1", "object": "event", "type": "payment_intent.succeeded", "created": t,
            "data": {"object": {"id": "pi_1", "object": "payment_intent", "status": "succeeded", "amount": 2000, "currency": "usd"}}})
        .to_string();
        let signature = format!("t={t},v1={}", hex(&hmac_sha256(secret.as_bytes(), format!("{t}.{body}").as_bytes())));
        let call = |headers: Value| {
            parse_webhook(json!({"connector": "stripe", "body": body, "secret": secret, "headers": headers,
                "options": {"now": "2026-11-26T23:05:53Z"}}))
        };
        let listed = call(json!([{"name": "Stripe-Signature", "value": signature}])).unwrap();
        assert_eq!(listed["verified"], json!(true), "{listed}");
        assert_eq!(call(json!({"stripe-signature": signature})).unwrap(), listed);
        assert_eq!(call(json!({"content-type": "application/json", "Stripe-Signature": [signature]})).unwrap(), listed);
        let e = call(json!({"stripe-signature": 7})).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidParams, Some("headers.stripe-signature")));

        let response = |headers: Value| {
            transform_response(json!({"connector": "stripe", "flow": "refund", "auth": {"apiKey": "sk_test_x"},
                "request": {"connectorTransactionId": "pi_1", "merchantRefundId": "r-1", "refundAmount": {"minorAmount": 500, "currency": "USD"}},
                "response": {"status": 200, "headers": headers,
                    "body": json!({"id": "re_1", "object": "refund", "status": "succeeded", "amount": 500, "currency": "usd", "payment_intent": "pi_1"}).to_string()}}))
        };
        let listed = response(json!([{"name": "Request-Id", "value": "req_1"}])).unwrap();
        assert_eq!(response(json!({"Request-Id": "req_1"})).unwrap(), listed);
        assert_eq!(response(json!({"Request-Id": ["req_1"]})).unwrap(), listed);
        let e = response(json!("Request-Id: req_1")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("response.headers"), "{}", e.message);
    }

    /// Errors a method returns (not panics) keep their own code and data.
    #[test]
    fn a_method_error_keeps_its_code() {
        let io = build_handler(Arc::new(AtomicBool::new(false)));
        let reply = call(
            &io,
            r#"{"jsonrpc":"2.0","id":1,"method":"transformRequest","params":{"connector":"nope","flow":"authorize","auth":{},"request":{}}}"#,
        );
        assert_eq!(reply["error"]["code"], json!(1001), "{reply}");
        assert_eq!(reply["error"]["data"]["kind"], json!("UnknownConnector"), "{reply}");
    }
}

//! The stdio JSON-RPC server: framing (Content-Length and NDJSON), one reader loop, one writer,
//! a plain dispatch table on jsonrpc-core's IoHandler.

pub mod framing;
pub mod log;
pub mod methods;
pub(crate) mod splice;

use framing::{FrameReader, Incoming};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use jsonrpc_core::{Call, Id, IoHandler, MethodCall, Output, Params, Response, Version};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use crate::protocol::ErrorKind;

pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 8 * 1024 * 1024;

pub struct ServerConfig {
    pub max_message_bytes: usize,
}

/// Serves JSON-RPC until stdin closes or `shutdown` is answered. Returns once output is flushed.
pub fn serve<R: Read, W: Write>(input: R, output: W, config: &ServerConfig) -> io::Result<()> {
    let shutdown = Arc::new(AtomicBool::new(false));
    let handler = methods::build_handler(shutdown.clone());
    let mut reader = FrameReader::new(BufReader::with_capacity(64 * 1024, input), config.max_message_bytes);
    let mut out = BufWriter::with_capacity(64 * 1024, output);
    loop {
        // Flush only when no further request is already buffered: pipelined calls are answered
        // in one write, a lone call is answered at once.
        if !reader.has_buffered_input() {
            out.flush()?;
        }
        match reader.next_message()? {
            Incoming::Eof => break,
            Incoming::Message { framing, body } => {
                let reply = match std::str::from_utf8(&body) {
                    Ok(text) => dispatch_within(&handler, text, config.max_message_bytes),
                    Err(_) => Some(error_reply(-32700, "Parse error: message is not valid UTF-8", "ParseError")),
                };
                if let Some(reply) = reply {
                    framing::write_frame(&mut out, framing, reply.as_bytes())?;
                }
                if shutdown.load(Ordering::SeqCst) {
                    break;
                }
            }
            Incoming::Oversize { framing, size, head, to_skip } => {
                ::log::warn!(target: "sidecar", "skipped a message of {size} bytes (limit {})", config.max_message_bytes);
                let msg = format!(
                    "message of {size} bytes exceeds the limit of {} bytes; it was skipped",
                    config.max_message_bytes
                );
                // Answered with the request's id, read from the message's head, so the caller's
                // call fails at once instead of waiting for its deadline; answered before the
                // rest is skipped, which can take as long as the sender takes to send it.
                let id = framing::id_in_head(&head).unwrap_or(Value::Null);
                framing::write_frame(&mut out, framing, error_reply_to(id, ErrorKind::MessageTooLarge.code(), &msg, ErrorKind::MessageTooLarge.name()).as_bytes())?;
                out.flush()?;
                reader.skip(to_skip)?;
            }
            Incoming::BadHeader { reason } => {
                let framing = reader.reply_framing();
                framing::write_frame(&mut out, framing, error_reply(ErrorKind::InvalidRequest.code(), &reason, ErrorKind::InvalidRequest.name()).as_bytes())?;
            }
        }
    }
    out.flush()
}

/// Answers one message body (a JSON-RPC request, notification or batch); None for notifications.
///
/// A plain call (`jsonrpc` "2.0", a number or string `id`, `method`, object or array `params`)
/// is read here into jsonrpc-core's MethodCall and handed to `handle_call`. Why: jsonrpc-core's
/// own reader declares Request, Call, Params and Id as untagged enums, so serde first copies the
/// whole message into an intermediate tree and then tries each variant against it; measured
/// (`connector-sidecar bench`, CPU per call), the Stripe authorize message went from 21 to 17.5 µs,
/// and the dispatch of a message now costs about what the transform alone costs. Anything
/// else (notifications, batches, invalid envelopes) goes to `handle_request_sync`, so every
/// answer, error answers included, is the one jsonrpc-core would give.
pub fn dispatch(handler: &IoHandler, text: &str) -> Option<String> {
    dispatch_within(handler, text, DEFAULT_MAX_MESSAGE_BYTES)
}

/// The most calls one batch may hold; a longer batch is refused whole, unread.
pub const MAX_BATCH_CALLS: usize = 1000;

/// [`dispatch`], with a batch's answer held within `max_reply_bytes` (see [`dispatch_batch`]).
pub fn dispatch_within(handler: &IoHandler, text: &str, max_reply_bytes: usize) -> Option<String> {
    dispatch_as(handler, text, max_reply_bytes, Path::Text)
}

/// [`dispatch`] without the transforms' text path: every call's params become a `Value` tree
/// first, as before it existed. For the test that proves both answer alike, and for
/// `connector-sidecar bench` (its `treeDispatch` column, the before of the same run).
pub fn dispatch_through_tree(handler: &IoHandler, text: &str) -> Option<String> {
    dispatch_as(handler, text, DEFAULT_MAX_MESSAGE_BYTES, Path::Tree)
}

#[derive(Clone, Copy, PartialEq)]
enum Path {
    /// transformRequest/transformResponse read from the params' text ([`methods::fast_transform`]).
    Text,
    Tree,
}

fn dispatch_as(handler: &IoHandler, text: &str, max_reply_bytes: usize, path: Path) -> Option<String> {
    let plain = match path {
        Path::Text => {
            if let Some(plain) = splice::cut(text).and_then(|cut| read_cut_call(&cut)) {
                return answer_plain(handler, Some(plain), text, max_reply_bytes);
            }
            let (plain, vetted) = read_plain_call_text(text);
            if !vetted && carries_body_json(text) {
                return Some(body_json_refusal(text));
            }
            plain
        }
        Path::Tree => read_plain_call(text).map(Plain::Call),
    };
    answer_plain(handler, plain, text, max_reply_bytes)
}

/// The answer to a message read as `plain` (None: not a plain call, so a batch or what
/// jsonrpc-core makes of `text`).
fn answer_plain(handler: &IoHandler, plain: Option<Plain>, text: &str, max_reply_bytes: usize) -> Option<String> {
    let plain = match plain {
        Some(Plain::Answered(output, odd_id)) => return Some(reply_text(output, odd_id)),
        Some(Plain::Call(call)) => Some(call),
        None => None,
    };
    match plain {
        Some(PlainOrOddId::Plain(call)) => {
            let output = jsonrpc_core::futures_executor::block_on(handler.handle_call(Call::MethodCall(call)))?;
            Some(serde_json::to_string(&Response::Single(output)).expect("a JSON-RPC response serializes"))
        }
        Some(PlainOrOddId::OddId(call, id)) => {
            // jsonrpc-core's Id holds unsigned integers only; JSON-RPC 2.0 allows any Number
            // (fractions discouraged): the call is served and answered with the id as sent.
            let output = jsonrpc_core::futures_executor::block_on(handler.handle_call(Call::MethodCall(call)))?;
            let mut reply = serde_json::to_value(Response::Single(output)).expect("a JSON-RPC response serializes");
            reply["id"] = id;
            Some(reply.to_string())
        }
        None if text.trim_start().starts_with('[') => dispatch_batch(handler, text, max_reply_bytes),
        None => handler.handle_request_sync(text),
    }
}

/// The text of the answer `output`, with an id jsonrpc-core cannot hold put back as sent.
fn reply_text(output: Output, odd_id: Option<Value>) -> String {
    match odd_id {
        None => serde_json::to_string(&Response::Single(output)).expect("a JSON-RPC response serializes"),
        Some(id) => {
            let mut reply = serde_json::to_value(Response::Single(output)).expect("a JSON-RPC response serializes");
            reply["id"] = id;
            reply.to_string()
        }
    }
}

/// A batch, with bounded memory: more than [`MAX_BATCH_CALLS`] calls is refused whole; the
/// answers are added while they fit in `max_reply_bytes`, and every call after that is answered
/// with MessageTooLarge under its own id without being run. An empty batch is one Invalid Request
/// answer, as JSON-RPC 2.0 says.
fn dispatch_batch(handler: &IoHandler, text: &str, max_reply_bytes: usize) -> Option<String> {
    // Read whole with serde_json's nesting limit, so a 100,000-deep batch is a parse error as
    // any other message is.
    let Ok(calls) = serde_json::from_str::<Vec<Value>>(text) else {
        return handler.handle_request_sync(text);
    };
    if calls.is_empty() {
        return Some(error_reply(ErrorKind::InvalidRequest.code(), "Invalid Request: an empty batch", ErrorKind::InvalidRequest.name()));
    }
    if calls.len() > MAX_BATCH_CALLS {
        let msg = format!("a batch of {} calls exceeds the limit of {MAX_BATCH_CALLS}; none was run", calls.len());
        return Some(error_reply(ErrorKind::MessageTooLarge.code(), &msg, ErrorKind::MessageTooLarge.name()));
    }
    // Room kept for the answer of each call still to come, should the answers fill up: an
    // error answer is under 200 bytes with an id of at most ID_ROOM bytes.
    const PER_CALL_ROOM: usize = 200 + ID_ROOM;
    let total = calls.len();
    let mut replies: Vec<String> = Vec::new();
    let mut size = 2;
    let mut full = false;
    let too_large = |id: Value| {
        let msg = format!("the batch's answers exceed the limit of {max_reply_bytes} bytes; send this call again");
        error_reply_to(id, ErrorKind::MessageTooLarge.code(), &msg, ErrorKind::MessageTooLarge.name())
    };
    for (n, call) in calls.into_iter().enumerate() {
        let raw = &call.to_string();
        let reply = if !call.is_object() {
            // Not a call object (a nested array, a number): Invalid Request, as JSON-RPC 2.0 says.
            Some(error_reply(ErrorKind::InvalidRequest.code(), "Invalid Request: a batch element is not a call object", ErrorKind::InvalidRequest.name()))
        } else if full {
            call_id(raw).map(too_large)
        } else {
            match dispatch_within(handler, raw, max_reply_bytes) {
                Some(r) if size + r.len() + 1 + (total - n - 1) * PER_CALL_ROOM > max_reply_bytes => {
                    full = true;
                    call_id(raw).map(too_large)
                }
                other => other,
            }
        };
        if let Some(reply) = reply {
            size += reply.len() + 1;
            replies.push(reply);
        }
    }
    if replies.is_empty() {
        return None;
    }
    Some(format!("[{}]", replies.join(",")))
}

/// The id of one call of a batch, for an answer made without running it: None for a
/// notification (no answer), Null when it cannot be read.
fn call_id(raw: &str) -> Option<Value> {
    match serde_json::from_str::<Value>(raw) {
        Ok(Value::Object(m)) => match m.get("id") {
            None => None,
            Some(id @ (Value::String(_) | Value::Number(_))) if id.to_string().len() <= ID_ROOM => Some(id.clone()),
            Some(_) => Some(Value::Null),
        },
        _ => Some(Value::Null),
    }
}

enum Plain {
    Call(PlainOrOddId),
    /// A transform answered from the params' text; the id to put back when jsonrpc-core's Id
    /// cannot hold it.
    Answered(Output, Option<Value>),
}

/// The longest id an answer made without running the call repeats (longer ones get null).
const ID_ROOM: usize = 256;

/// The envelope of a plain call, read in one pass; params and id are checked below. `P` is the
/// params as a tree (`Value`) or as their text (`&RawValue`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlainCall<P> {
    jsonrpc: Version,
    method: String,
    #[serde(default = "none")]
    params: Option<P>,
    id: Value,
}

fn none<P>() -> Option<P> {
    None
}

enum PlainOrOddId {
    Plain(MethodCall),
    /// A call whose id is a Number jsonrpc-core cannot hold (negative, fractional, over u64).
    OddId(MethodCall, Value),
}

/// A plain call; a transform whose params are an object is run from their text and answered
/// here when it succeeds (see [`methods::fast_transform`]), anything else goes on as a call.
///
/// One pass: when `method` comes before `params` (as every client of ours writes them), a
/// transform's typed params are read out of the message as it is read ([`OnePass`]), instead of
/// scanning the params into a `RawValue` and reading that text again (the scan of a
/// transformResponse's escaped body was a quarter of its cost). Whatever that pass cannot take
/// (an envelope or params it refuses, a transform that refuses, params before method) goes the
/// way it went before, so every answer is the one it was.
///
/// Also says whether the call's typed params were read strictly (each key of the envelope, the
/// params and `response` once, unknown keys refused, a spliced `bodyJson` exactly its declared
/// length): only such a call may go on to the tree path with a spliced body, given to it as
/// `response.body` (see [`body_json_refusal`]).
fn read_plain_call_text(text: &str) -> (Option<Plain>, bool) {
    // A panic inside the params' deserializers is answered by the path below, as before.
    match catch_unwind(AssertUnwindSafe(|| read_one_pass(text, None))) {
        Ok(Ok(OnePass { jsonrpc, method, params: Some(OnePassParams::Typed(params)), id })) => {
            let spliced = params.spliced_body();
            let Some((id, odd)) = plain_id(id) else { return (read_plain_call_text_in_two(text, false, spliced).0, true) };
            match methods::run_text_params(&method, params) {
                Some(result) => (Some(Plain::Answered(Output::from(result, id, Some(jsonrpc)), odd)), true),
                // Refused: through the tree path, without running the text path again.
                None => (read_plain_call_text_in_two(text, false, spliced).0, true),
            }
        }
        Ok(Ok(OnePass { jsonrpc, method, params: Some(OnePassParams::Raw(raw)), id })) => {
            plain_call_from(PlainCall { jsonrpc, method, params: Some(raw), id }, true, None)
        }
        Ok(Ok(OnePass { jsonrpc, method, params: None, id })) => plain_call_from(PlainCall { jsonrpc, method, params: None, id }, true, None),
        _ => read_plain_call_text_in_two(text, true, None),
    }
}

/// A transformResponse message whose spliced body [`splice::cut`] cut out by its length, read as
/// [`read_plain_call_text`] reads a message in one pass: None unless that read takes the cut (the
/// envelope strict, its `response.bodyJson` the placeholder), and then the caller reads the whole
/// message as before. A call the connector refuses goes to the tree path with the envelope and
/// the body as `response.body`, as a refused spliced call does.
fn read_cut_call(cut: &splice::Cut) -> Option<Plain> {
    let read = catch_unwind(AssertUnwindSafe(|| read_one_pass(&cut.envelope, Some(cut.body())))).ok()?.ok()?;
    let OnePass { jsonrpc, method, params: Some(OnePassParams::Typed(params)), id } = read else { return None };
    let spliced = params.spliced_body();
    let (id, odd) = plain_id(id)?;
    match methods::run_text_params(&method, params) {
        Some(result) => Some(Plain::Answered(Output::from(result, id, Some(jsonrpc)), odd)),
        None => read_plain_call_text_in_two(&cut.envelope, false, spliced).0,
    }
}

/// The message read by [`OnePassSeed`], nothing after it.
fn read_one_pass<'a>(text: &'a str, cut: Option<splice::CutBody<'a>>) -> serde_json::Result<OnePass<'a>> {
    use serde::de::DeserializeSeed;
    let mut de = serde_json::Deserializer::from_str(text);
    let read = OnePassSeed { cut }.deserialize(&mut de)?;
    de.end()?;
    Ok(read)
}

/// [`read_plain_call_text`] as it was before the one pass: the envelope with the params as a
/// `RawValue`, then (with `fast`) the transform's params read from that text. `spliced`: the
/// body a strict read found in `response.bodyJson`, for the tree path.
fn read_plain_call_text_in_two<'a>(text: &'a str, fast: bool, spliced: Option<&'a str>) -> (Option<Plain>, bool) {
    match serde_json::from_str::<PlainCall<&RawValue>>(text) {
        Ok(call) => plain_call_from(call, fast, spliced),
        Err(_) => (None, false),
    }
}

/// The call, and whether its typed params were read strictly (see [`read_plain_call_text`]).
fn plain_call_from<'a>(call: PlainCall<&'a RawValue>, fast: bool, mut spliced: Option<&'a str>) -> (Option<Plain>, bool) {
    let mut vetted = spliced.is_some();
    let Some((id, odd)) = plain_id(call.id) else { return (None, vetted) };
    let params = match call.params {
        None => Params::None,
        Some(raw) => {
            let raw_text = raw.get();
            if fast && raw_text.starts_with('{') {
                match methods::fast_transform(&call.method, raw_text) {
                    // What handle_call answers for a method it holds (build_handler holds both
                    // transforms), under a valid version.
                    methods::FastOutcome::Answered(result) => {
                        return (Some(Plain::Answered(Output::from(result, id, Some(call.jsonrpc)), odd)), true)
                    }
                    methods::FastOutcome::Refused { spliced: s } => {
                        vetted = true;
                        spliced = s;
                    }
                    methods::FastOutcome::Unread => {}
                }
            }
            match serde_json::from_str::<Value>(raw_text) {
                Ok(Value::Object(mut map)) => {
                    if let Some(body) = spliced {
                        // The tree path reads the body as the string it is: every refusal is then
                        // the one the same call with `response.body` gets.
                        if let Some(Value::Object(response)) = map.get_mut("response") {
                            response.remove("bodyJson");
                            response.remove("bodyJsonBytes");
                            response.insert("body".into(), Value::String(body.to_owned()));
                        }
                    }
                    Params::Map(map)
                }
                Ok(Value::Array(items)) => Params::Array(items),
                _ => return (None, vetted),
            }
        }
    };
    let call = MethodCall { jsonrpc: Some(call.jsonrpc), method: call.method, params, id };
    let call = match odd {
        None => PlainOrOddId::Plain(call),
        Some(id) => PlainOrOddId::OddId(call, id),
    };
    (Some(Plain::Call(call)), vetted)
}

/// True when the message names `bodyJson` as JSON (a key or a string value; inside a JSON
/// string its quotes would be escaped). Checked only for a message the strict read did not take.
fn carries_body_json(text: &str) -> bool {
    text.contains("\"bodyJson\"")
}

/// The answer to a message that carries `bodyJson` but that the strict read refused: a spliced
/// body that is not exactly one JSON value of its declared length, or an envelope, params or
/// `response` with a key given twice or unknown. Nothing of the message is read: the tree path
/// keeps the last of duplicate keys, so a body that closed the objects around it and added a
/// second `response` (or `method`, or `params`) could otherwise be served as the call. The id is
/// the first top-level `id` before `params` (our clients write it first), else null.
fn body_json_refusal(text: &str) -> String {
    let head = &text[..text.find("\"params\"").unwrap_or(text.len())];
    let id = framing::id_in_head(head.as_bytes()).and_then(plain_id);
    let (id, odd) = id.unwrap_or((Id::Null, None));
    let e = crate::protocol::SidecarError::new(
        ErrorKind::InvalidParams,
        "response.bodyJson: a message carrying a spliced body must be one transformResponse call whose envelope, \
         params and response give each key once, and whose bodyJson is exactly bodyJsonBytes bytes of one JSON value; \
         this one is not and was not read (send the body as response.body)",
    )
    .with_field("response.bodyJson");
    reply_text(Output::from(Err(methods::to_rpc_error(&e)), id, Some(Version::V2)), odd)
}

/// The envelope of a plain call read in one pass with, when `method` came first and names a
/// transform, its typed params. Accepts exactly what `PlainCall<&RawValue>` accepts (the same
/// four keys, each at most once, unknown keys refused, `params` optional), and for a transform
/// only params its typed read takes; anything else is an error, and the caller reads the message
/// the two-pass way.
struct OnePass<'a> {
    jsonrpc: Version,
    method: String,
    params: Option<OnePassParams<'a>>,
    id: Value,
}

enum OnePassParams<'a> {
    Raw(&'a RawValue),
    Typed(methods::TextParams<'a>),
}

/// Reads [`OnePass`]; `cut`: the body [`splice::cut`] cut out of the message being read.
struct OnePassSeed<'b> {
    cut: Option<splice::CutBody<'b>>,
}

impl<'de: 'b, 'b> serde::de::DeserializeSeed<'de> for OnePassSeed<'b> {
    type Value = OnePass<'b>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<OnePass<'b>, D::Error> {
        use serde::de::{Error as _, MapAccess, Visitor};
        #[derive(Deserialize)]
        #[serde(field_identifier, rename_all = "lowercase")]
        enum Field {
            Jsonrpc,
            Method,
            Params,
            Id,
        }
        struct OnePassVisitor<'b>(Option<splice::CutBody<'b>>);
        impl<'de: 'b, 'b> Visitor<'de> for OnePassVisitor<'b> {
            type Value = OnePass<'b>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON-RPC call object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OnePass<'b>, A::Error> {
                let (mut jsonrpc, mut method, mut params, mut id) = (None, None::<String>, None, None);
                while let Some(key) = map.next_key::<Field>()? {
                    match key {
                        Field::Jsonrpc if jsonrpc.is_none() => jsonrpc = Some(map.next_value::<Version>()?),
                        Field::Method if method.is_none() => method = Some(map.next_value()?),
                        Field::Id if id.is_none() => id = Some(map.next_value::<Value>()?),
                        Field::Params if params.is_none() => {
                            let seed = method.as_deref().and_then(|m| methods::TextParamsSeed::for_method(m, self.0));
                            params = Some(match seed {
                                Some(seed) => Some(OnePassParams::Typed(map.next_value_seed(seed)?)),
                                // A cut body is read only as a transformResponse's.
                                None if self.0.is_some() => return Err(A::Error::custom("a cut body outside transformResponse")),
                                None => map.next_value::<Option<&'de RawValue>>()?.map(OnePassParams::Raw),
                            });
                        }
                        _ => return Err(A::Error::custom("a key given twice")),
                    }
                }
                Ok(OnePass {
                    jsonrpc: jsonrpc.ok_or_else(|| A::Error::missing_field("jsonrpc"))?,
                    method: method.ok_or_else(|| A::Error::missing_field("method"))?,
                    params: params.flatten(),
                    id: id.ok_or_else(|| A::Error::missing_field("id"))?,
                })
            }
        }
        d.deserialize_map(OnePassVisitor(self.cut))
    }
}

/// jsonrpc-core's Id for a plain call's id, and the id as sent when Id cannot hold it (None: not
/// a plain call's id).
fn plain_id(id: Value) -> Option<(Id, Option<Value>)> {
    match id {
        Value::String(s) => Some((Id::Str(s), None)),
        Value::Number(n) => match n.as_u64() {
            Some(u) => Some((Id::Num(u), None)),
            None => Some((Id::Num(0), Some(Value::Number(n)))),
        },
        _ => None,
    }
}

fn read_plain_call(text: &str) -> Option<PlainOrOddId> {
    let call: PlainCall<Value> = serde_json::from_str(text).ok()?;
    let params = match call.params {
        None => Params::None,
        Some(Value::Object(map)) => Params::Map(map),
        Some(Value::Array(items)) => Params::Array(items),
        Some(_) => return None,
    };
    let (id, odd) = match call.id {
        Value::String(s) => (Id::Str(s), None),
        Value::Number(n) => match n.as_u64() {
            Some(u) => (Id::Num(u), None),
            None => (Id::Num(0), Some(Value::Number(n))),
        },
        _ => return None,
    };
    let call = MethodCall { jsonrpc: Some(call.jsonrpc), method: call.method, params, id };
    Some(match odd {
        None => PlainOrOddId::Plain(call),
        Some(id) => PlainOrOddId::OddId(call, id),
    })
}

fn error_reply(code: i64, message: &str, kind: &str) -> String {
    error_reply_to(Value::Null, code, message, kind)
}

fn error_reply_to(id: Value, code: i64, message: &str, kind: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code, "message": message, "data": { "kind": kind } }
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The plain-call path answers exactly as jsonrpc-core's own reader does, byte for byte,
    /// for plain calls and for every envelope it hands back to jsonrpc-core.
    #[test]
    fn dispatch_answers_exactly_as_jsonrpc_core() {
        let handler = methods::build_handler(Arc::new(AtomicBool::new(false)));
        let stripe = r#"{"connector":"stripe","flow":"psync","auth":{"apiKey":"sk_test_dispatch"},"request":{"connectorTransactionId":"pi_1"}}"#;
        let messages = [
            r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#.to_string(),
            r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":null}"#.into(),
            r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":[]}"#.into(),
            r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{}}"#.into(),
            r#"{"jsonrpc":"2.0","id":"a-string-id","method":"ping"}"#.into(),
            r#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#.into(),
            r#"{"jsonrpc":"2.0","method":"ping"}"#.into(),
            r#"{"id":1,"method":"ping"}"#.into(),
            r#"{"jsonrpc":"1.0","id":1,"method":"ping"}"#.into(),
            r#"{"jsonrpc":"2.0","id":1,"method":"ping","extra":true}"#.into(),
            r#"{"jsonrpc":"2.0","id":1,"id":2,"method":"ping"}"#.into(),
            r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":"text"}"#.into(),
            r#"{"jsonrpc":"2.0","id":1,"method":"noSuchMethod"}"#.into(),
            r#"{"jsonrpc":"2.0","id":1,"method":7}"#.into(),
            r#"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"listConnectors"}]"#.into(),
            r#"{"jsonrpc":"2.0","id":1,"#.into(),
            r#"null"#.into(),
            format!(r#"{{"jsonrpc":"2.0","id":3,"method":"transformRequest","params":{stripe}}}"#),
            format!(r#"{{"params":{stripe},"method":"transformRequest","id":4,"jsonrpc":"2.0"}}"#),
            r#"{"jsonrpc":"2.0","id":5,"method":"transformRequest","params":{"connector":"stripe","connector":"nope","flow":"psync","auth":{},"request":{}}}"#.into(),
            r#"{"jsonrpc":"2.0","id":6,"method":"transformRequest","params":{"connector":"nope","flow":"authorize","auth":{},"request":{}}}"#.into(),
            r#"{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"protocolVersion":"1"}}"#.into(),
        ];
        for message in &messages {
            assert_eq!(dispatch(&handler, message), handler.handle_request_sync(message), "for {message}");
            assert_eq!(dispatch_through_tree(&handler, message), handler.handle_request_sync(message), "for {message}");
        }
    }

    /// The transforms' text path answers every shared vector, and every vector with one of its
    /// params' values replaced, removed or given twice, exactly as the tree path does (results,
    /// refusals, paths and scrubbing, byte for byte), and the tree path is jsonrpc-core's.
    #[test]
    fn the_text_path_answers_exactly_as_the_tree_path() {
        let handler = methods::build_handler(Arc::new(AtomicBool::new(false)));
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test/vectors");
        let files = crate::bench::json_files_under(&root);
        assert!(files.len() > 100, "the shared vectors are missing under {}", root.display());
        // Every path to a value inside `v`, as JSON pointers.
        fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => m.iter().for_each(|(k, x)| pointers(x, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out)),
                Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| pointers(x, format!("{at}/{i}"), out)),
                _ => {}
            }
            out.push(at);
        }
        let (mut messages, mut texts, mut errors) = (0, 0, 0);
        for file in &files {
            let vector: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
            let method = vector["method"].as_str().unwrap();
            let mut variants = vec![vector["params"].to_string()];
            let mut at = Vec::new();
            pointers(&vector["params"], String::new(), &mut at);
            // `options` stay as the vector has them: they fix the clock and the nonce, without
            // which two runs of one transform differ (a fresh nonce) whatever the path.
            for (n, pointer) in at.iter().filter(|p| !p.is_empty() && !p.starts_with("/options")).enumerate() {
                let replacement = [json!(null), json!(7), json!(-1.5), json!("x\u{0}\r\n"), json!({}), json!([]), json!("4242424242424242")][n % 7].clone();
                let mut changed = vector["params"].clone();
                *changed.pointer_mut(pointer).unwrap() = replacement;
                variants.push(changed.to_string());
                let (parent, key) = pointer.rsplit_once('/').unwrap();
                if let Some(Value::Object(m)) = vector["params"].pointer(parent) {
                    let mut removed = vector["params"].clone();
                    removed.pointer_mut(parent).unwrap().as_object_mut().unwrap().remove(key);
                    variants.push(removed.to_string());
                    // The key given twice, the first with another value: a tree keeps the last.
                    let key = key.replace("~1", "/").replace("~0", "~");
                    let inner = serde_json::to_string(&Value::Object(m.clone())).unwrap();
                    let twice = format!("{{{}:{},{}", serde_json::to_string(&key).unwrap(), json!("dup"), &inner[1..]);
                    let mut whole = vector["params"].to_string();
                    if let Some(i) = whole.find(&inner) {
                        whole.replace_range(i..i + inner.len(), &twice);
                        variants.push(whole);
                    }
                }
            }
            let original = vector["params"].to_string();
            for params in variants {
                let message = format!(r#"{{"jsonrpc":"2.0","id":9,"method":"{method}","params":{params}}}"#);
                let text = dispatch(&handler, &message).unwrap();
                let tree = dispatch_through_tree(&handler, &message).unwrap();
                assert_eq!(text, tree, "{}: {message}", file.display());
                messages += 1;
                if matches!(methods::fast_transform(method, &params), methods::FastOutcome::Answered(_)) {
                    texts += 1;
                }
                errors += text.contains(r#""error":"#) as usize;
            }
            // The envelope around the vector's own params, every way the one pass (method read
            // before params) hands over to the two-pass read: params first, a key twice, params
            // as an array or null, another id, an unknown key, no version.
            let envelopes = [
                format!(r#"{{"params":{original},"jsonrpc":"2.0","method":"{method}","id":9}}"#),
                format!(r#"{{"jsonrpc":"2.0","id":9,"method":"{method}","params":{original},"params":{original}}}"#),
                format!(r#"{{"jsonrpc":"2.0","id":9,"method":"{method}","method":"{method}","params":{original}}}"#),
                format!(r#"{{"jsonrpc":"2.0","id":9,"id":10,"method":"{method}","params":{original}}}"#),
                format!(r#"{{"jsonrpc":"2.0","id":9,"method":"{method}","params":[{original}]}}"#),
                format!(r#"{{"jsonrpc":"2.0","id":9,"method":"{method}","params":null}}"#),
                format!(r#"{{"jsonrpc":"2.0","id":-9.5,"method":"{method}","params":{original}}}"#),
                format!(r#"{{"jsonrpc":"2.0","id":null,"method":"{method}","params":{original}}}"#),
                format!(r#"{{"jsonrpc":"2.0","id":"nine","method":"{method}","params":{original},"extra":1}}"#),
                format!(r#"{{"id":9,"method":"{method}","params":{original}}}"#),
                format!(r#"{{"jsonrpc":"2.0","id":9,"method":"{method}","params":{original}}} trailing"#),
                format!(r#"{{"jsonrpc":"2.0","id":9,"method":"{method}","params":{original},"jsonrpc":"2.0"}}"#),
            ];
            for message in envelopes {
                assert_eq!(dispatch(&handler, &message), dispatch_through_tree(&handler, &message), "{}: {message}", file.display());
            }
        }
        // Both paths were exercised: answers from the text path, and refusals from the tree's.
        assert!(texts > 1000 && errors > 1000 && messages > texts + errors / 2, "{messages} messages, {texts} by text, {errors} refused");
    }

    /// A transformResponse message with the body spliced in (`response.bodyJson`, as the Node
    /// client writes it): `response` last in the params, `bodyJsonBytes` then `bodyJson` last in
    /// it, the body's text verbatim.
    fn spliced_message(id: &str, params: &Value, body: &str, declared: usize) -> String {
        let mut rest = params.clone();
        let mut response = rest.as_object_mut().unwrap().remove("response").unwrap();
        response.as_object_mut().unwrap().remove("body");
        let rest = rest.to_string();
        let response = response.to_string();
        let open = |s: &str| s[..s.len() - 1].to_string() + if s.len() > 2 { "," } else { "" };
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"transformResponse","params":{}"response":{}"bodyJsonBytes":{declared},"bodyJson":{body}}}}}}}"#,
            open(&rest),
            open(&response)
        )
    }

    /// Issue 15: a body spliced in as `response.bodyJson` is answered exactly as the same body
    /// sent as the string `response.body`, byte for byte: results and refusals (the tree path gets
    /// the body as the string), for every transformResponse vector whose body is a JSON object
    /// or array, and for each with its connector, flow or status changed. Declared one byte long
    /// or short, it is refused naming response.bodyJson. A body that is not JSON is taken by its
    /// declared length (rpc/splice.rs) and answered as the string form answers it.
    #[test]
    fn a_spliced_body_is_answered_as_the_same_body_as_a_string() {
        let handler = methods::build_handler(Arc::new(AtomicBool::new(false)));
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test/vectors");
        let (mut compared, mut results, mut refusals, mut malformed) = (0, 0, 0, 0);
        for file in crate::bench::json_files_under(&root) {
            let vector: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            if vector["method"] != "transformResponse" {
                continue;
            }
            let Some(body) = vector["params"]["response"]["body"].as_str() else { continue };
            let shaped = (body.starts_with('{') && body.ends_with('}')) || (body.starts_with('[') && body.ends_with(']'));
            if !shaped || vector["params"]["response"].get("encoding").is_some_and(|e| e == "base64") {
                continue;
            }
            let mut variants = vec![vector["params"].clone()];
            for (pointer, value) in [("/connector", json!("nope")), ("/flow", json!("nope")), ("/response/status", json!(500)), ("/request", json!({}))] {
                let mut v = vector["params"].clone();
                *v.pointer_mut(pointer).unwrap() = value;
                variants.push(v);
            }
            for params in variants {
                let string_form = format!(r#"{{"jsonrpc":"2.0","id":9,"method":"transformResponse","params":{params}}}"#);
                let expected = dispatch(&handler, &string_form).unwrap();
                let spliced = spliced_message("9", &params, body, body.len());
                let answer = dispatch(&handler, &spliced).unwrap();
                // A body that is not one JSON value (a vector of a malformed answer) is taken by its
                // declared length, like any other, and refused by the connector's own parse.
                if serde_json::from_str::<&RawValue>(body).is_err() {
                    assert_eq!(answer, expected, "{}: {spliced}", file.display());
                    assert!(answer.contains(r#""error":"#) && !answer.contains("response.bodyJson"), "{answer}");
                    malformed += 1;
                    continue;
                }
                assert_eq!(answer, expected, "{}: {spliced}", file.display());
                compared += 1;
                if answer.contains(r#""error":"#) { refusals += 1 } else { results += 1 }
                for declared in [body.len() - 1, body.len() + 1] {
                    let answer: Value = serde_json::from_str(&dispatch(&handler, &spliced_message("9", &params, body, declared)).unwrap()).unwrap();
                    assert_eq!(answer["error"]["data"]["field"], json!("response.bodyJson"), "{}: {answer}", file.display());
                    assert_eq!(answer["id"], json!(9), "{answer}");
                }
            }
        }
        assert!(results > 50 && refusals > 50, "{compared} compared: {results} results, {refusals} refusals");
        assert!(malformed > 0, "no vector of a malformed JSON body: the check above checked nothing");
    }

    /// Issue 15, seventh pass: the message the Node client writes is read with its body cut out
    /// by length (rpc/splice.rs), not scanned, and answered as the string form is.
    #[test]
    fn the_clients_spliced_message_is_read_by_its_declared_length() {
        let handler = methods::build_handler(Arc::new(AtomicBool::new(false)));
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test/vectors/stripe/authorize");
        let vector: Value = serde_json::from_str(&std::fs::read_to_string(root.join("response-succeeded.json")).unwrap()).unwrap();
        let params = vector["params"].clone();
        let body = params["response"]["body"].as_str().unwrap();
        let message = spliced_message("3", &params, body, body.len());
        let cut = splice::cut(&message).expect("the client's layout is cut");
        assert_eq!(cut.body, body);
        let Some(Plain::Answered(..)) = read_cut_call(&cut) else { panic!("the cut read did not answer the call") };
        let string_form = format!(r#"{{"jsonrpc":"2.0","id":3,"method":"transformResponse","params":{params}}}"#);
        assert_eq!(dispatch(&handler, &message), dispatch(&handler, &string_form));
    }

    /// Issue 15: hostile bodies spliced in by a client (a processor's body is not ours) are
    /// refused naming response.bodyJson, or read as the body; never as fields of the call, even
    /// where the tree path (which keeps the last of duplicate keys) would read the message as
    /// the attacker wrote it.
    #[test]
    fn a_hostile_spliced_body_is_refused_or_read_as_body() {
        let handler = methods::build_handler(Arc::new(AtomicBool::new(false)));
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test/vectors/stripe/authorize");
        let vector: Value = serde_json::from_str(&std::fs::read_to_string(root.join("response-succeeded.json")).unwrap()).unwrap();
        let params = vector["params"].clone();
        let good = params["response"]["body"].as_str().unwrap().to_string();
        let succeeded = dispatch(&handler, &format!(r#"{{"jsonrpc":"2.0","id":1,"method":"transformResponse","params":{params}}}"#)).unwrap();
        assert!(succeeded.contains(r#""result":"#), "{succeeded}");
        let fake_response = json!({"status": 200, "body": good}).to_string();
        let request = params["request"].to_string();
        let auth = params["auth"].to_string();
        let hostile = [
            // Closes bodyJson's object, then response, and adds a second response: the tree keeps it.
            format!(r#"{{"error":{{"type":"card_error"}}}}}},"response":{fake_response}"#),
            format!(r#"{{}}}},"response":{fake_response}"#),
            // Closes response and params, and adds envelope keys: another method, params, id.
            format!(r#"{{}}}}}},"method":"transformResponse","params":{{"connector":"stripe","flow":"authorize","auth":{auth},"request":{request},"response":{fake_response}"#),
            format!(r#"{{}}}}}},"id":77,"x":{{"#),
            r#"{}},"status":200,"x":{"#.to_string(),
            r#"{}},"connector":"adyen","x":{"#.to_string(),
            // Not exactly one JSON value.
            r#"{} "#.to_string(),
            r#" {}"#.to_string(),
            "{}\n".to_string(),
            r#"{}{}"#.to_string(),
            r#"[1,2]]"#.to_string(),
            r#"{"a":"#.to_string(),
            r#"{"a":"unclosed"#.to_string(),
            r#"{"a":1"#.to_string(),
            r#"{"a":1}}"#.to_string(),
            r#"{"a":1},"b":{"#.to_string(),
            r#"{"a":"\"}"#.to_string(),
            r#"{"a":1}//"#.to_string(),
            format!("{{\"a\":{}}}", "[".repeat(200)),
            // Gives bodyJson or bodyJsonBytes a second time.
            format!(r#"{{}},"bodyJson":{good}"#),
            r#"{},"bodyJsonBytes":2"#.to_string(),
            r#"{},"body":"{}""#.to_string(),
        ];
        for body in &hostile {
            for declared in [body.len(), 2, good.len()] {
                let message = spliced_message("5", &params, body, declared);
                let answer = dispatch(&handler, &message).unwrap();
                assert_ne!(answer, succeeded.replace(r#""id":1"#, r#""id":5"#), "read as the attacker's call: {message}");
                assert!(!answer.contains(r#""status":"authorized""#) && !answer.contains(r#""status":"charged""#), "{answer}");
                let parsed: Value = serde_json::from_str(&answer).unwrap();
                if parsed["error"]["data"]["field"] != json!("response.bodyJson") {
                    // Read as the body: the answer of the text the declared length spans (after
                    // any whitespace the message has there) sent as the string body.
                    let lead = body.len() - body.trim_start().len();
                    let read_as = (0..=lead).filter_map(|i| body.get(i..i + declared)).map(|text| {
                        let mut as_string = params.clone();
                        as_string["response"]["body"] = json!(text);
                        dispatch(&handler, &format!(r#"{{"jsonrpc":"2.0","id":5,"method":"transformResponse","params":{as_string}}}"#)).unwrap()
                    });
                    assert!(read_as.into_iter().any(|expected| expected == answer), "{message}: {answer}");
                }
                assert_eq!(parsed["id"], json!(5), "{answer}");
            }
        }
    }

    /// Issue 14 item 8: what JSON-RPC 2.0 says, where jsonrpc-core differs: `[]` is one Invalid
    /// Request answer; any Number id (negative, fractional, over 2^64) is served and answered
    /// with that id.
    #[test]
    fn empty_batches_and_any_number_id_are_answered_as_json_rpc_2_says() {
        let handler = methods::build_handler(Arc::new(AtomicBool::new(false)));
        let reply: Value = serde_json::from_str(&dispatch(&handler, "[]").expect("[] is answered")).unwrap();
        assert_eq!((reply["id"].clone(), reply["error"]["code"].clone()), (Value::Null, serde_json::json!(-32600)), "{reply}");
        for id in ["-1", "1.5", "18446744073709551616", "-9007199254740993"] {
            let text = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"ping"}}"#);
            let reply = dispatch(&handler, &text).expect("answered");
            let parsed: Value = serde_json::from_str(&reply).unwrap();
            assert_eq!(parsed["result"], serde_json::json!({}), "{reply}");
            assert!(reply.contains(&format!(r#""id":{id}"#)) || parsed["id"] == serde_json::from_str::<Value>(id).unwrap(), "{reply}");
        }
    }

    /// Issue 14 item 2: a batch is bounded in calls and in answer size: a batch over the call limit
    /// is refused whole; answers past the size limit are MessageTooLarge under their own ids,
    /// and the answer stays within the limit.
    #[test]
    fn a_batch_is_bounded_in_calls_and_in_answer_size() {
        let handler = methods::build_handler(Arc::new(AtomicBool::new(false)));
        let batch = |n: usize| {
            let calls: Vec<String> = (0..n).map(|i| format!(r#"{{"jsonrpc":"2.0","id":{i},"method":"listConnectors"}}"#)).collect();
            format!("[{}]", calls.join(","))
        };
        let reply: Value = serde_json::from_str(&dispatch(&handler, &batch(MAX_BATCH_CALLS + 1)).unwrap()).unwrap();
        assert_eq!(reply["error"]["data"]["kind"], serde_json::json!("MessageTooLarge"), "{}", &reply.to_string()[..200.min(reply.to_string().len())]);
        let limit = 256 * 1024;
        let text = dispatch_within(&handler, &batch(200), limit).unwrap();
        assert!(text.len() <= limit, "a {}-byte answer under a {limit}-byte limit", text.len());
        let replies: Vec<Value> = serde_json::from_str(&text).unwrap();
        assert_eq!(replies.len(), 200, "every call is answered");
        let answered = replies.iter().filter(|r| r.get("result").is_some()).count();
        assert!(answered > 0 && answered < 200, "{answered} answered in full");
        for (i, r) in replies.iter().enumerate() {
            assert_eq!(r["id"], serde_json::json!(i));
            if r.get("error").is_some() {
                assert_eq!(r["error"]["data"]["kind"], serde_json::json!("MessageTooLarge"), "{r}");
            }
        }
    }
}

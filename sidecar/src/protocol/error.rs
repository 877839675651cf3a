use serde_json::{json, Map, Value};

/// The error kinds of the protocol (`ERROR_CODES` / `ErrorKind` in protocol/index.ts), each with its JSON-RPC code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    InvalidRequest,
    InvalidParams,
    InternalError,
    MessageTooLarge,
    UnknownConnector,
    FlowNotSupported,
    PaymentMethodNotSupported,
    MissingRequiredField,
    InvalidFieldValue,
    ResponseDeserializationFailed,
}

impl ErrorKind {
    pub fn code(self) -> i64 {
        match self {
            ErrorKind::InvalidRequest | ErrorKind::MessageTooLarge => -32600,
            ErrorKind::InvalidParams => -32602,
            ErrorKind::InternalError => -32603,
            ErrorKind::UnknownConnector => 1001,
            ErrorKind::FlowNotSupported => 1002,
            ErrorKind::PaymentMethodNotSupported => 1003,
            ErrorKind::MissingRequiredField => 1004,
            ErrorKind::InvalidFieldValue => 1005,
            ErrorKind::ResponseDeserializationFailed => 1006,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::InvalidRequest => "InvalidRequest",
            ErrorKind::InvalidParams => "InvalidParams",
            ErrorKind::InternalError => "InternalError",
            ErrorKind::MessageTooLarge => "MessageTooLarge",
            ErrorKind::UnknownConnector => "UnknownConnector",
            ErrorKind::FlowNotSupported => "FlowNotSupported",
            ErrorKind::PaymentMethodNotSupported => "PaymentMethodNotSupported",
            ErrorKind::MissingRequiredField => "MissingRequiredField",
            ErrorKind::InvalidFieldValue => "InvalidFieldValue",
            ErrorKind::ResponseDeserializationFailed => "ResponseDeserializationFailed",
        }
    }
}

/// A domain error, turned into a JSON-RPC error at the boundary. Messages are written by us and
/// never carry a secret: card numbers appear masked, credentials not at all.
#[derive(Debug, Clone)]
pub struct SidecarError {
    pub kind: ErrorKind,
    pub message: String,
    /// The dotted path of the offending field (`request.amount.minorAmount`, `auth.apiKey`).
    pub field: Option<String>,
    pub connector: Option<String>,
    pub flow: Option<String>,
    /// Extra, already-redacted data (`httpStatus`, `excerpt`, `path`).
    pub extra: Map<String, Value>,
}

impl SidecarError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        SidecarError { kind, message: message.into(), field: None, connector: None, flow: None, extra: Map::new() }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn with_extra(mut self, key: &str, value: Value) -> Self {
        self.extra.insert(key.to_string(), value);
        self
    }

    pub fn invalid_field(field: &str, message: String) -> Self {
        SidecarError::new(ErrorKind::InvalidFieldValue, format!("{field}: {message}")).with_field(field)
    }

    pub fn missing_field(field: &str, why: &str) -> Self {
        let message = if why.is_empty() { format!("{field} is required") } else { format!("{field} is required: {why}") };
        SidecarError::new(ErrorKind::MissingRequiredField, message).with_field(field)
    }

    pub fn payment_method_not_supported(what: &str) -> Self {
        SidecarError::new(ErrorKind::PaymentMethodNotSupported, what.to_string()).with_field("request.paymentMethod.type")
    }

    /// The processor's body could not be understood. The excerpt is scrubbed of quoted strings
    /// and digit runs, so an echoed card number or key cannot pass through.
    pub fn undeserializable(http_status: u16, body: &str, why: &str) -> Self {
        let excerpt: String = crate::kit::mask::scrub_text(&body.chars().take(200).collect::<String>());
        SidecarError::new(
            ErrorKind::ResponseDeserializationFailed,
            format!("could not understand the processor's HTTP {http_status} response: {why}"),
        )
        .with_extra("httpStatus", json!(http_status))
        .with_extra("excerpt", json!(excerpt))
    }

    pub fn to_data(&self) -> Value {
        let mut data = Map::new();
        data.insert("kind".into(), json!(self.kind.name()));
        if let Some(f) = &self.field {
            data.insert("field".into(), json!(f));
            if self.kind == ErrorKind::InvalidParams {
                data.insert("path".into(), json!(f));
            }
        }
        if let Some(c) = &self.connector {
            data.insert("connector".into(), json!(c));
        }
        if let Some(fl) = &self.flow {
            data.insert("flow".into(), json!(fl));
        }
        for (k, v) in &self.extra {
            data.insert(k.clone(), v.clone());
        }
        Value::Object(data)
    }
}

/// What [`decode`] reads: a tree already parsed, or the JSON text of the value, read straight into
/// the typed struct (no `Value` tree, no path tracking: the cost of the common case).
pub enum Input<'a> {
    Tree(Value),
    Text(&'a str),
}

impl From<Value> for Input<'_> {
    fn from(value: Value) -> Self {
        Input::Tree(value)
    }
}

impl<'a> From<&'a serde_json::value::RawValue> for Input<'a> {
    fn from(raw: &'a serde_json::value::RawValue) -> Self {
        Input::Text(raw.get())
    }
}

/// Decodes `value` into `T`, naming the exact path on failure (`request.amount.minorAmount`).
/// serde's messages can quote the offending input (`invalid type: string "4242..."`), so the
/// message is scrubbed before it leaves.
///
/// Text that reads straight into `T` gives what its tree would; text that does not (or holds a
/// key twice: a tree keeps the last) is read as a tree, so every refusal is the tree's, path and
/// message alike.
pub fn decode<'a, T: serde::de::DeserializeOwned>(value: impl Into<Input<'a>>, prefix: &str) -> Result<T, SidecarError> {
    let value = match value.into() {
        Input::Tree(value) => value,
        Input::Text(text) => match serde_json::from_str(text) {
            Ok(t) => return Ok(t),
            Err(_) => serde_json::from_str(text).map_err(|_| {
                SidecarError::new(ErrorKind::InvalidParams, format!("invalid params at `{}`: not JSON", if prefix.is_empty() { "." } else { prefix }))
            })?,
        },
    };
    serde_path_to_error::deserialize(value).map_err(|e| {
        let raw = e.inner().to_string();
        // An unknown key is the input's own: a misspelt field name (`captureMetod`) is named, to
        // help; anything else (an API key pasted as a field name) is not, the path stops at its
        // parent.
        let unknown_key = raw.strip_prefix("unknown field `").and_then(|r| r.split('`').next());
        let inner = if unknown_key.is_some_and(|k| !looks_like_a_field_name(k)) {
            let segments: Vec<&serde_path_to_error::Segment> = e.path().iter().collect();
            let parent = &segments[..segments.len().saturating_sub(1)];
            let mut text = String::new();
            for (i, segment) in parent.iter().enumerate() {
                // As serde_path_to_error writes a path: `a.b[0].c`.
                if i > 0 && !matches!(segment, serde_path_to_error::Segment::Seq { .. }) {
                    text.push('.');
                }
                text.push_str(&segment.to_string());
            }
            if text.is_empty() { ".".to_string() } else { text }
        } else {
            // Map keys are the input's own too (header names, metadata and state keys): one that
            // does not read as a field name is not quoted (a credential pasted as a header name).
            let mut text = String::new();
            for (i, segment) in e.path().iter().enumerate() {
                if i > 0 && !matches!(segment, serde_path_to_error::Segment::Seq { .. }) {
                    text.push('.');
                }
                match segment {
                    serde_path_to_error::Segment::Map { key } if !looks_like_a_map_key(key) => text.push('*'),
                    other => text.push_str(&other.to_string()),
                }
            }
            if text.is_empty() { ".".to_string() } else { text }
        };
        let mut path = match (prefix.is_empty(), inner.as_str()) {
            (true, _) => inner.clone(),
            (false, ".") => prefix.to_string(),
            (false, _) => format!("{prefix}.{inner}"),
        };
        // serde reports a missing field at its parent; name the field itself.
        if let Some(name) = raw.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
            path = if path.is_empty() || path == "." { name.to_string() } else { format!("{path}.{name}") };
        }
        // The path is made of the input's own keys: a card number sent as a key must not come back.
        let path = crate::kit::mask::scrub_text(&path);
        let why = match unknown_key {
            Some(k) if looks_like_a_field_name(k) => crate::kit::mask::scrub_text(&raw),
            _ => crate::kit::mask::scrub_text(&mask_quoted_input(&raw)),
        };
        SidecarError::new(ErrorKind::InvalidParams, format!("invalid params at `{path}`: {why}")).with_field(path)
    })
}

/// serde's message with the input value it quotes in backticks masked: `invalid type: integer
/// `7391`, expected a string` (a CVC sent as a number), `unknown variant `sk_live_...`, expected
/// one of ...` (a key pasted into an enum field). What serde quotes after `, expected` is the
/// schema's own (field and variant names), and so is the name in `missing field` and `duplicate
/// field`: those stay, they tell the caller what to send.
fn mask_quoted_input(raw: &str) -> String {
    if raw.starts_with("missing field `") || raw.starts_with("duplicate field `") {
        return raw.to_string();
    }
    let (head, tail) = raw.find(", expected").map_or((raw, ""), |i| raw.split_at(i));
    let mut out = String::with_capacity(raw.len());
    for (i, part) in head.split('`').enumerate() {
        match i {
            0 => out.push_str(part),
            // Odd parts are inside backticks.
            _ if i % 2 == 1 => out.push_str("`***"),
            _ => {
                out.push('`');
                out.push_str(part);
            }
        }
    }
    // An unclosed backtick: its content is masked all the same.
    if head.split('`').count() % 2 == 0 {
        out.push('`');
    }
    out.push_str(tail);
    out
}

/// A map key that may be named in a path: a field name, or a lower-case header name
/// (`stripe-signature`); never one that could be a credential (`_`, upper case first, digit runs).
fn looks_like_a_map_key(key: &str) -> bool {
    looks_like_a_field_name(&key.replace('-', "")) && !key.starts_with('-')
}

/// A key that reads as a misspelt field name of ours (camelCase: a lower-case letter first, letters
/// and at most two digits, 40 characters or fewer), not as a credential (those hold `_`, `-`, long digit runs or run long).
fn looks_like_a_field_name(key: &str) -> bool {
    let mut chars = key.chars();
    // camelCase starts in lower case: `TestMerchant` (a merchant account) is not a field of ours.
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && key.len() <= 40
        && key.chars().all(|c| c.is_ascii_alphanumeric())
        && key.chars().filter(char::is_ascii_digit).count() <= 2
}

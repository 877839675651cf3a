use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum HttpMethod {
    GET,
    POST,
    PUT,
    PATCH,
    DELETE,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HttpHeader {
    pub name: String,
    pub value: String,
    /// True for credentials and signatures: a client must mask it before logging.
    pub sensitive: bool,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum BodyEncoding {
    Utf8,
    Base64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct HttpBody {
    pub content_type: String,
    pub encoding: BodyEncoding,
    pub data: String,
    /// True when the body holds card data or secrets.
    pub sensitive: bool,
}

/// The result of `transformRequest`: exactly what the client must send.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HttpRequest {
    pub url: String,
    pub method: HttpMethod,
    pub headers: Vec<HttpHeader>,
    pub body: Option<HttpBody>,
}

impl HttpRequest {
    pub fn new(method: HttpMethod, url: String) -> Self {
        HttpRequest { url, method, headers: Vec::new(), body: None }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push(HttpHeader { name: name.to_string(), value: value.into(), sensitive: false });
        self
    }

    pub fn secret_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push(HttpHeader { name: name.to_string(), value: value.into(), sensitive: true });
        self
    }

    pub fn json_body(self, body: &impl Serialize, sensitive: bool) -> Self {
        let data = serde_json::to_string(body).expect("request types always serialize");
        self.body("application/json", data, sensitive)
    }

    pub fn body(mut self, content_type: &str, data: String, sensitive: bool) -> Self {
        self.body = Some(HttpBody { content_type: content_type.to_string(), encoding: BodyEncoding::Utf8, data, sensitive });
        self
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseHeader {
    pub name: String,
    pub value: String,
}

/// Reads headers a client received (a processor's response, a webhook) in either shape a caller
/// holds them: a list of `{name, value}`, or an object whose values are a string or a list of
/// strings (the shape every HTTP library in Node, Python and Go hands over). An object's entries
/// are read as any JSON object is here (sorted by name, the last of a repeated name); a list of values becomes one header per value, as repeated header lines do.
pub fn headers_list_or_map<'de, D>(deserializer: D) -> Result<Vec<ResponseHeader>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    deserializer.deserialize_any(HeadersVisitor)
}

struct HeadersVisitor;

/// One header's value in the object shape.
#[derive(Deserialize)]
#[serde(untagged, expecting = "a string or a list of strings")]
enum HeaderValues {
    One(String),
    Many(Vec<String>),
}

impl<'de> serde::de::Visitor<'de> for HeadersVisitor {
    type Value = Vec<ResponseHeader>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of {name, value} or an object of header names to a string or a list of strings")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut headers = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(header) = seq.next_element::<ResponseHeader>()? {
            headers.push(header);
        }
        Ok(headers)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // As a JSON object reads everywhere in the sidecar (a serde_json Map): sorted by name, a
        // name given twice keeps its last value; so text and tree read alike.
        let mut entries = std::collections::BTreeMap::new();
        while let Some((name, values)) = map.next_entry::<String, HeaderValues>()? {
            entries.insert(name, values);
        }
        let mut headers = Vec::with_capacity(entries.len());
        for (name, values) in entries {
            match values {
                HeaderValues::One(value) => headers.push(ResponseHeader { name, value }),
                HeaderValues::Many(values) => {
                    headers.extend(values.into_iter().map(|value| ResponseHeader { name: name.clone(), value }))
                }
            }
        }
        Ok(headers)
    }
}

/// The processor's HTTP response, as the client received it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpResponse {
    pub status: u16,
    // No connector reads a response header yet (every answer they read is in the body); taken
    // so a driver can pass the response as it came.
    #[allow(dead_code)]
    #[serde(default, deserialize_with = "headers_list_or_map")]
    pub headers: Vec<ResponseHeader>,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub encoding: Option<BodyEncoding>,
}

impl HttpResponse {
    #[allow(dead_code)]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Parses the body as `T`, or fails with ResponseDeserializationFailed naming the status.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, super::SidecarError> {
        // Borrowed as it is for utf8 (the common case): no copy of a body read once.
        let body: std::borrow::Cow<str> = match self.encoding {
            Some(BodyEncoding::Base64) => {
                let bytes = crate::kit::crypto::base64_decode(&self.body).ok_or_else(|| {
                    super::SidecarError::undeserializable(self.status, "", "body is not valid base64")
                })?;
                String::from_utf8_lossy(&bytes).into_owned().into()
            }
            _ => self.body.as_str().into(),
        };
        serde_json::from_str(&body).map_err(|e| {
            // Only serde's position goes out: its message could quote the body.
            super::SidecarError::undeserializable(
                self.status,
                &body,
                &format!("unexpected JSON at line {} column {}", e.line(), e.column()),
            )
        })
    }
}

/// True for a character an HTTP header value may carry as it is: visible ASCII, space and tab
/// (RFC 9110 field-vchar without obs-text). CR, LF and NUL would end or split the header; any other
/// control character or text above U+007F is refused by fetch (above U+00FF) or goes out as a raw
/// Latin-1 byte that each processor reads its own way.
pub fn header_safe(c: char) -> bool {
    matches!(c, ' ' | '\t' | '!'..='~')
}

impl HttpRequest {
    /// Refuses a request whose header values a caller's HTTP stack could not send as they are.
    ///
    /// One check for every connector, on the finished request: whatever a connector copies into a
    /// header (a credential, `state.accessToken`, `idempotencyKey`, `merchantRefundId`, a key id in
    /// a signature) is covered, a new connector included, without each one declaring it. The error
    /// is InvalidFieldValue naming the input field the value came from (found among `sources`, the
    /// unsendable string leaves of `auth` and `request` with their dotted paths), never quoting it.
    pub fn refuse_unsendable_headers(&self, sources: &[(String, String)]) -> Result<(), super::SidecarError> {
        let Some(header) = self.headers.iter().find(|h| !h.value.chars().all(header_safe)) else { return Ok(()) };
        let unsafe_in = |s: &str| s.chars().filter(|c| !header_safe(*c)).collect::<Vec<char>>();
        let in_header = unsafe_in(&header.value);
        let suspects: Vec<&(String, String)> = sources.iter().filter(|(_, v)| !unsafe_in(v).is_empty()).collect();
        // The source copied whole into the header, else one sharing its unsendable characters.
        let field = suspects
            .iter()
            .find(|(_, v)| header.value.contains(v.as_str()))
            .or_else(|| suspects.iter().find(|(_, v)| unsafe_in(v).iter().any(|c| in_header.contains(c))))
            .map_or_else(|| format!("headers.{}", header.name), |(path, _)| path.clone());
        let what = if in_header.iter().any(|c| matches!(c, '\r' | '\n' | '\0')) {
            "a CR, LF or NUL character"
        } else if in_header.iter().any(|c| c.is_control()) {
            "a control character"
        } else {
            "a character outside printable ASCII"
        };
        Err(super::SidecarError::invalid_field(
            &field,
            format!(
                "holds {what}, which cannot go into the `{}` HTTP header (the value is not shown); \
                 header values take printable ASCII only",
                header.name
            ),
        ))
    }
}

/// The string leaves of `value` that a header could not carry, with their dotted paths under
/// `prefix` (`auth.apiKey`, `request.state.accessToken`): where an unsendable header value may
/// have come from. Only those are copied, so the common case (none) allocates nothing.
pub fn unsendable_leaves(value: &serde_json::Value, prefix: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::String(s) if !s.chars().all(header_safe) => out.push((prefix.to_string(), s.clone())),
        serde_json::Value::Object(m) => m.iter().for_each(|(k, v)| unsendable_leaves(v, &format!("{prefix}.{k}"), out)),
        serde_json::Value::Array(a) => a.iter().enumerate().for_each(|(i, v)| unsendable_leaves(v, &format!("{prefix}[{i}]"), out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn response(headers: serde_json::Value) -> Result<HttpResponse, serde_json::Error> {
        serde_json::from_value(json!({ "status": 200, "headers": headers, "body": "{}" }))
    }

    fn pairs(response: &HttpResponse) -> Vec<(&str, &str)> {
        response.headers.iter().map(|h| (h.name.as_str(), h.value.as_str())).collect()
    }

    #[test]
    fn headers_as_a_list_of_name_and_value() {
        let r = response(json!([{ "name": "Content-Type", "value": "application/json" }])).unwrap();
        assert_eq!(pairs(&r), [("Content-Type", "application/json")]);
        assert_eq!(r.header("content-type"), Some("application/json"));
    }

    #[test]
    fn headers_as_an_object_keep_their_order_and_a_list_value_repeats_the_header() {
        let r = response(json!({ "content-type": "application/json", "set-cookie": ["a=1", "b=2"], "x-id": "7" })).unwrap();
        assert_eq!(pairs(&r), [("content-type", "application/json"), ("set-cookie", "a=1"), ("set-cookie", "b=2"), ("x-id", "7")]);
        assert_eq!(r.header("Content-Type"), Some("application/json"));
    }

    #[test]
    fn headers_absent_or_empty_in_either_shape() {
        let r: HttpResponse = serde_json::from_value(json!({ "status": 204 })).unwrap();
        assert!(r.headers.is_empty());
        assert!(response(json!({})).unwrap().headers.is_empty());
        assert!(response(json!([])).unwrap().headers.is_empty());
    }

    #[test]
    fn headers_of_another_shape_are_refused_naming_the_header() {
        for bad in [json!("content-type: text/plain"), json!(5), json!(null)] {
            let e = response(bad.clone()).unwrap_err().to_string();
            assert!(e.contains("a list of {name, value} or an object"), "{bad}: {e}");
        }
        let e = response(json!({ "x-count": 5 })).unwrap_err().to_string();
        assert!(e.contains("a string or a list of strings"), "{e}");
        let e = response(json!({ "x-list": ["a", 1] })).unwrap_err().to_string();
        assert!(e.contains("a string or a list of strings"), "{e}");
        // A list keeps refusing unknown fields in its entries.
        assert!(response(json!([{ "name": "a", "value": "b", "sensitive": false }])).is_err());
        // The path names the header that is wrong.
        let mut de = serde_json::Deserializer::from_str(r#"{"status":200,"headers":{"ok":"1","x-count":5}}"#);
        let e = serde_path_to_error::deserialize::<_, HttpResponse>(&mut de).unwrap_err();
        assert_eq!(e.path().to_string(), "headers.x-count");
    }
}

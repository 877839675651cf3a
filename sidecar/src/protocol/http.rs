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

/// The processor's HTTP response, as the client received it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpResponse {
    pub status: u16,
    #[serde(default)]
    pub headers: Vec<ResponseHeader>,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub encoding: Option<BodyEncoding>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Parses the body as `T`, or fails with ResponseDeserializationFailed naming the status.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, super::SidecarError> {
        let body = match self.encoding {
            Some(BodyEncoding::Base64) => {
                let bytes = crate::kit::crypto::base64_decode(&self.body).ok_or_else(|| {
                    super::SidecarError::undeserializable(self.status, "", "body is not valid base64")
                })?;
                String::from_utf8_lossy(&bytes).into_owned()
            }
            _ => self.body.clone(),
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

//! `multipart/form-data` bodies (RFC 7578) for processors that take files that way (Stripe's
//! file upload, Checkout.com `/files`).
//!
//! Written here rather than taken from a crate: the writers on crates.io are parts of HTTP
//! clients (reqwest, hyper's ecosystem) or unmaintained, and what a sidecar needs is small: text
//! fields and file fields into bytes, which the HttpRequest carries as base64.
//!
//! The boundary is derived from the content (SHA-256 of every part), so the same request always
//! gives the same bytes (vectors are reproducible without a nonce) and the boundary cannot occur
//! in the content it was computed from; it is checked anyway. Field names and filenames are
//! escaped as the WHATWG HTML standard's multipart/form-data encoding does (`"` → `%22`,
//! CR → `%0D`, LF → `%0A`).

use crate::protocol::{BodyEncoding, HttpBody, SidecarError};

enum Part<'a> {
    Text { name: &'a str, value: &'a str },
    /// A text part with its own Content-Type (a JSON part: GraphQL's `operations`, Square's `request`).
    Typed { name: &'a str, content_type: &'a str, value: &'a str },
    File { name: &'a str, filename: &'a str, content_type: &'a str, bytes: &'a [u8] },
}

#[derive(Default)]
pub struct Multipart<'a> {
    parts: Vec<Part<'a>>,
}

fn escape(s: &str) -> String {
    s.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

impl<'a> Multipart<'a> {
    pub fn new() -> Self {
        Multipart { parts: Vec::new() }
    }

    pub fn text(&mut self, name: &'a str, value: &'a str) -> &mut Self {
        self.parts.push(Part::Text { name, value });
        self
    }

    /// A text part that says its type (`application/json`), for processors that require it.
    pub fn typed(&mut self, name: &'a str, content_type: &'a str, value: &'a str) -> &mut Self {
        self.parts.push(Part::Typed { name, content_type, value });
        self
    }

    pub fn file(&mut self, name: &'a str, filename: &'a str, content_type: &'a str, bytes: &'a [u8]) -> &mut Self {
        self.parts.push(Part::File { name, filename, content_type, bytes });
        self
    }

    fn boundary(&self) -> String {
        let mut all = Vec::new();
        for p in &self.parts {
            match p {
                Part::Text { name, value } => {
                    all.extend_from_slice(name.as_bytes());
                    all.push(0);
                    all.extend_from_slice(value.as_bytes());
                }
                Part::Typed { name, content_type, value } => {
                    for s in [name, content_type, value] {
                        all.extend_from_slice(s.as_bytes());
                        all.push(0);
                    }
                    all.push(1);
                }
                Part::File { name, filename, content_type, bytes } => {
                    for s in [name, filename, content_type] {
                        all.extend_from_slice(s.as_bytes());
                        all.push(0);
                    }
                    all.extend_from_slice(bytes);
                }
            }
            all.push(0);
        }
        format!("----connector-sidecar-{}", &crate::kit::crypto::sha256_hex(&all)[..32])
    }

    /// The body: its bytes, base64 in the HttpBody. `field` names the request field a refused
    /// content type came from.
    pub fn into_body(self, sensitive: bool, field: &str) -> Result<HttpBody, SidecarError> {
        let boundary = self.boundary();
        let mut out: Vec<u8> = Vec::new();
        for p in &self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match p {
                Part::Text { name, value } => {
                    out.extend_from_slice(format!("Content-Disposition: form-data; name=\"{}\"\r\n\r\n", escape(name)).as_bytes());
                    out.extend_from_slice(value.as_bytes());
                }
                Part::Typed { name, content_type, value } => {
                    if content_type.is_empty() || !content_type.bytes().all(|b| (0x20..0x7f).contains(&b)) {
                        return Err(SidecarError::invalid_field(field, "a MIME type of printable ASCII, e.g. application/json".into()));
                    }
                    out.extend_from_slice(
                        format!("Content-Disposition: form-data; name=\"{}\"\r\nContent-Type: {}\r\n\r\n", escape(name), content_type).as_bytes(),
                    );
                    out.extend_from_slice(value.as_bytes());
                }
                Part::File { name, filename, content_type, bytes } => {
                    // A content type is a header value: one line of visible ASCII, or refused.
                    if content_type.is_empty() || !content_type.bytes().all(|b| (0x20..0x7f).contains(&b)) {
                        return Err(SidecarError::invalid_field(field, "a MIME type of printable ASCII, e.g. application/pdf".into()));
                    }
                    out.extend_from_slice(
                        format!(
                            "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                            escape(name),
                            escape(filename),
                            content_type
                        )
                        .as_bytes(),
                    );
                    out.extend_from_slice(bytes);
                }
            }
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        // Computed from the content, it cannot be in it; a delimiter inside a part would cut it.
        let delimiter = format!("\r\n--{boundary}");
        let occurrences = out.windows(delimiter.len()).filter(|w| *w == delimiter.as_bytes()).count();
        assert_eq!(occurrences, self.parts.len(), "a multipart boundary occurs inside a part");
        Ok(HttpBody {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            encoding: BodyEncoding::Base64,
            data: crate::kit::crypto::base64_encode(&out),
            sensitive,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(body: &HttpBody) -> String {
        String::from_utf8(crate::kit::crypto::base64_decode(&body.data).unwrap()).unwrap()
    }

    #[test]
    fn text_and_file_parts_as_rfc_7578_writes_them() {
        let mut m = Multipart::new();
        m.text("purpose", "dispute_evidence").file("file", "receipt \"May\".pdf", "application/pdf", b"%PDF-1.4\n");
        let body = m.into_body(false, "request.file.contentType").unwrap();
        let boundary = body.content_type.strip_prefix("multipart/form-data; boundary=").unwrap().to_string();
        assert!(boundary.len() <= 70, "RFC 2046 limits a boundary to 70 characters");
        assert!(boundary.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        assert_eq!(body.encoding, BodyEncoding::Base64);
        assert_eq!(
            decoded(&body),
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\ndispute_evidence\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"receipt %22May%22.pdf\"\r\n\
                 Content-Type: application/pdf\r\n\r\n%PDF-1.4\n\r\n--{boundary}--\r\n"
            )
        );
    }

    #[test]
    fn a_typed_text_part_says_its_content_type() {
        let mut m = Multipart::new();
        m.typed("operations", "application/json", "{\"a\":1}").text("map", "{}");
        let body = m.into_body(false, "x").unwrap();
        let boundary = body.content_type.strip_prefix("multipart/form-data; boundary=").unwrap().to_string();
        assert_eq!(
            decoded(&body),
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"operations\"\r\nContent-Type: application/json\r\n\r\n{{\"a\":1}}\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{{}}\r\n--{boundary}--\r\n"
            )
        );
    }

    #[test]
    fn the_boundary_follows_the_content_and_a_bad_content_type_is_refused() {
        let body = |bytes: &'static [u8]| {
            let mut m = Multipart::new();
            m.file("file", "a.png", "image/png", bytes);
            m.into_body(false, "f").unwrap()
        };
        assert_eq!(body(b"one").content_type, body(b"one").content_type);
        assert_ne!(body(b"one").content_type, body(b"two").content_type);
        let mut m = Multipart::new();
        m.file("file", "a.png", "image/png\r\nX-Injected: 1", b"x");
        let e = m.into_body(false, "request.file.contentType").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.file.contentType"));
    }
}

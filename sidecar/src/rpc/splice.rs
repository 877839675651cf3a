//! A spliced body taken by its declared length, without scanning it (issue 15, seventh pass).
//!
//! A driver that splices the processor's JSON body into a transformResponse message writes
//! `"bodyJsonBytes":N,"bodyJson":` and then the body's N bytes (docs/protocol.md). Reading
//! `bodyJson` as one raw JSON value makes serde_json scan every byte of the body only to find where
//! it ends, which the message already says: that scan was a quarter of a Stripe response's cost in
//! process. Here the body is cut out by its length instead, and the message is read with a
//! one-byte placeholder where the body was ([`Cut::envelope`]). The cut is taken only when that
//! read proves it: the envelope parses strictly (each key once, unknown keys refused, nothing
//! after the call), `response.bodyJson` is the placeholder at the very address it was put at, and
//! `response.bodyJsonBytes` is N. Then the body is exactly the N bytes the driver wrote as
//! `bodyJson`, whatever they hold: nothing of it can be read as fields of the call, and a body
//! that is not JSON is refused by the connector's own parse, as the same body sent as
//! `response.body` is. Anything else (another layout, a length that does not end where the
//! message's closing braces begin, a placeholder found elsewhere) reads the message as before.

/// What stands for the body in [`Cut::envelope`]: one JSON value, one byte.
pub(crate) const PLACEHOLDER: &str = "0";

/// A message with its spliced body cut out.
pub(crate) struct Cut<'a> {
    /// The message with [`PLACEHOLDER`] where the body was.
    pub envelope: String,
    /// The body's text, from the message.
    pub body: &'a str,
    /// Where the placeholder is in `envelope`.
    pub at: usize,
}

/// Where a body cut from a message was, for the read that must find the placeholder there.
#[derive(Clone, Copy)]
pub(crate) struct CutBody<'a> {
    pub body: &'a str,
    /// The placeholder's address in the envelope being read.
    pub address: usize,
}

impl<'a> Cut<'a> {
    /// The body, and the placeholder's address in `envelope` (valid while `envelope` is).
    pub fn body(&self) -> CutBody<'a> {
        CutBody { body: self.body, address: self.envelope.as_ptr() as usize + self.at }
    }
}

/// Cuts the body out of `text` when it is laid out as the Node client writes it: the first
/// `"bodyJsonBytes":` key, its length as a plain integer, `,"bodyJson":` right after it, the body,
/// and after the body only the closing braces of `response`, the params and the call (and
/// whitespace). None otherwise; the caller then reads `text` as it is.
pub(crate) fn cut(text: &str) -> Option<Cut<'_>> {
    const LENGTH_KEY: &[u8] = b"\"bodyJsonBytes\":";
    const BODY_KEY: &[u8] = b",\"bodyJson\":";
    let bytes = text.as_bytes();
    let key = memchr::memmem::find(bytes, LENGTH_KEY)?;
    // A key, not the end of a string that happens to hold these bytes: inside a string, the
    // quote would be escaped.
    if !matches!(key.checked_sub(1).map(|i| bytes[i]), Some(b',' | b'{')) {
        return None;
    }
    let digits_at = key + LENGTH_KEY.len();
    let digits = bytes[digits_at..].iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 15 || (digits > 1 && bytes[digits_at] == b'0') {
        return None;
    }
    let declared: usize = text[digits_at..digits_at + digits].parse().ok()?;
    let body_at = digits_at + digits + BODY_KEY.len();
    if bytes.get(digits_at + digits..body_at)? != BODY_KEY {
        return None;
    }
    let end = body_at.checked_add(declared)?;
    if end > bytes.len() || !text.is_char_boundary(end) || declared < 2 {
        return None;
    }
    let body = &text[body_at..end];
    let rest = &text[end..];
    let framed = matches!((body.as_bytes()[0], body.as_bytes()[declared - 1]), (b'{', b'}') | (b'[', b']'));
    // What follows is only closing braces: the body cannot end early, before bytes of its own
    // that would then be read as the envelope's.
    let closes = rest.bytes().any(|b| b == b'}') && rest.bytes().all(|b| matches!(b, b'}' | b' ' | b'\t' | b'\n' | b'\r'));
    if !framed || !closes {
        return None;
    }
    let mut envelope = String::with_capacity(body_at + PLACEHOLDER.len() + rest.len());
    envelope.push_str(&text[..body_at]);
    envelope.push_str(PLACEHOLDER);
    envelope.push_str(rest);
    Some(Cut { envelope, body, at: body_at })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(body: &str, declared: usize) -> String {
        format!(
            r#"{{"jsonrpc":"2.0","id":1,"method":"transformResponse","params":{{"connector":"stripe","response":{{"status":200,"bodyJsonBytes":{declared},"bodyJson":{body}}}}}}}"#
        )
    }

    #[test]
    fn cuts_the_declared_bytes_and_leaves_a_placeholder_where_they_were() {
        let body = r#"{"id":"pi_1","note":"}}}"}"#;
        let text = message(body, body.len());
        let cut = cut(&text).expect("laid out as the client writes it");
        assert_eq!(cut.body, body);
        assert_eq!(&cut.envelope[cut.at..cut.at + 1], PLACEHOLDER);
        assert_eq!(cut.envelope, text.replace(body, PLACEHOLDER));
    }

    #[test]
    fn a_length_that_does_not_end_at_the_closing_braces_is_not_cut() {
        let body = r#"{"a":{"b":1}}"#;
        for declared in [body.len() - 2, body.len() + 3, 0, 1] {
            assert!(cut(&message(body, declared)).is_none(), "declared {declared}");
        }
        // One short or long ends on a closing brace: cut, and then the envelope has a brace too
        // many or too few, which the strict read refuses (rpc::tests: the call is refused naming
        // response.bodyJson).
        for declared in [body.len() - 1, body.len() + 1] {
            let text = message(body, declared);
            let cut = cut(&text).expect("ends on a brace");
            assert!(serde_json::from_str::<serde_json::Value>(&cut.envelope).is_err(), "declared {declared}");
        }
        // Leading zeros, a sign, a fraction: not the plain integer the client writes.
        let text = message(body, body.len()).replace(&format!(":{},", body.len()), &format!(":0{},", body.len()));
        assert!(cut(&text).is_none());
        let text = message(body, body.len()).replace(&format!(":{},", body.len()), &format!(":{}.0,", body.len()));
        assert!(cut(&text).is_none());
    }

    #[test]
    fn a_body_that_is_not_an_object_or_array_or_is_not_last_is_not_cut() {
        assert!(cut(&message("123", 3)).is_none());
        assert!(cut(&message(r#""abc""#, 5)).is_none());
        let body = r#"{"a":1}"#;
        let text = message(body, body.len()).replace(&format!("{body}}}}}}}"), &format!("{body},\"encoding\":\"utf8\"}}}}}}"));
        assert!(cut(&text).is_none());
    }

    #[test]
    fn the_key_inside_a_string_is_not_taken() {
        // The bytes `"bodyJsonBytes":` end a string holding `x\` here; no comma or brace before them.
        let text = r#"{"params":{"request":{"k":"x\"bodyJsonBytes":7,"bodyJson":{"a":1}}"}}}"#;
        assert!(cut(text).is_none());
    }

    #[test]
    fn a_multibyte_body_is_cut_by_bytes() {
        let body = r#"{"name":"Zoë €"}"#;
        let text = message(body, body.len());
        assert_eq!(cut(&text).unwrap().body, body);
        assert!(cut(&message(body, body.chars().count())).is_none());
    }
}

//! application/x-www-form-urlencoded with bracketed nested keys (`card[number]`, `items[0]`),
//! the encoding Stripe and several other processors take.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// An ordered list of (key, value) pairs; keys are already bracketed by the builder.
#[derive(Debug, Default, Clone)]
pub struct FormBody {
    pairs: Vec<(String, String)>,
}

impl FormBody {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.pairs.push((key.into(), value.into()));
        self
    }

    pub fn push_opt(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.pairs.push((key.to_string(), v.to_string()));
        }
        self
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// Per the WHATWG form rules (`form_urlencoded`, the url crate's own): ASCII letters, digits
    /// and `*-._` stay, space becomes `+`, every other byte is `%XX`. Brackets are encoded too
    /// (`%5B`, `%5D`), as browsers and the processors' SDKs send them.
    pub fn encode(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.pairs)
            .finish()
    }
}

/// What stays as is in a path segment: RFC 3986's unreserved characters.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes one URL path segment (ids supplied by callers must not change the path).
pub fn encode_path_segment(s: &str) -> String {
    utf8_percent_encode(s, PATH_SEGMENT).to_string()
}

/// Decodes an application/x-www-form-urlencoded body (a webhook posted as a form: Braintree's
/// `bt_signature` / `bt_payload`) into its (name, value) pairs, in order. `+` is a space and
/// `%XX` a byte; None when an escape is malformed or a value is not UTF-8, which is a body nobody
/// could have signed as we read it. (`form_urlencoded::parse` is lenient on both: it keeps a
/// malformed escape as text and replaces bad UTF-8, so the strict part is ours.)
pub fn decode_urlencoded(body: &str) -> Option<Vec<(String, String)>> {
    body.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((percent_decode_strict(name)?, percent_decode_strict(value)?))
        })
        .collect()
}

fn percent_decode_strict(text: &str) -> Option<String> {
    let escapes_well_formed = text.match_indices('%').all(|(i, _)| {
        text.as_bytes()
            .get(i + 1..i + 3)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if !escapes_well_formed {
        return None;
    }
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_what_it_encodes() {
        let mut f = FormBody::new();
        f.push("bt_payload", "PG5vdGlm+/=\n")
            .push("a b", "x&y=z")
            .push("empty", "");
        let decoded = decode_urlencoded(&f.encode()).unwrap();
        assert_eq!(decoded, f.pairs().to_vec());
        assert_eq!(
            decode_urlencoded("a=1&&b&c=%7e+").unwrap(),
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "".into()),
                ("c".into(), "~ ".into())
            ]
        );
        assert_eq!(decode_urlencoded("a=%zz"), None);
        assert_eq!(decode_urlencoded("a=%4"), None);
        assert_eq!(decode_urlencoded("a=%ff"), None, "not UTF-8");
    }

    #[test]
    fn encodes_brackets_and_spaces() {
        let mut f = FormBody::new();
        f.push("amount", "1000")
            .push("payment_method_data[card][number]", "4242")
            .push("description", "a b&c");
        assert_eq!(
            f.encode(),
            "amount=1000&payment_method_data%5Bcard%5D%5Bnumber%5D=4242&description=a+b%26c"
        );
        assert_eq!(encode_path_segment("pi_1/../x"), "pi_1%2F..%2Fx");
    }
}

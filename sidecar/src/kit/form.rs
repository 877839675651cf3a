//! application/x-www-form-urlencoded with bracketed nested keys (`card[number]`, `items[0]`),
//! the encoding Stripe and several other processors take.

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

    pub fn encode(&self) -> String {
        let mut out = String::new();
        for (i, (k, v)) in self.pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            percent_encode_into(k, &mut out);
            out.push('=');
            percent_encode_into(v, &mut out);
        }
        out
    }
}

/// Percent-encodes per the WHATWG form rules: unreserved bytes stay, space becomes `+`.
/// Brackets are encoded too (`%5B`, `%5D`), as browsers and the processors' SDKs send them.
pub fn percent_encode_into(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => out.push(b as char),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
}

/// Percent-encodes one URL path segment (ids supplied by callers must not change the path).
pub fn encode_path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes an application/x-www-form-urlencoded body (a webhook posted as a form: Braintree's
/// `bt_signature` / `bt_payload`) into its (name, value) pairs, in order. `+` is a space and
/// `%XX` a byte; None when an escape is malformed or a value is not UTF-8, which is a body nobody
/// could have signed as we read it.
pub fn decode_urlencoded(body: &str) -> Option<Vec<(String, String)>> {
    body.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((percent_decode(name)?, percent_decode(value)?))
        })
        .collect()
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_what_it_encodes() {
        let mut f = FormBody::new();
        f.push("bt_payload", "PG5vdGlm+/=\n").push("a b", "x&y=z").push("empty", "");
        let decoded = decode_urlencoded(&f.encode()).unwrap();
        assert_eq!(decoded, f.pairs().to_vec());
        assert_eq!(decode_urlencoded("a=1&&b&c=%7e+").unwrap(), vec![("a".into(), "1".into()), ("b".into(), "".into()), ("c".into(), "~ ".into())]);
        assert_eq!(decode_urlencoded("a=%zz"), None);
        assert_eq!(decode_urlencoded("a=%4"), None);
        assert_eq!(decode_urlencoded("a=%ff"), None, "not UTF-8");
    }

    #[test]
    fn encodes_brackets_and_spaces() {
        let mut f = FormBody::new();
        f.push("amount", "1000").push("payment_method_data[card][number]", "4242").push("description", "a b&c");
        assert_eq!(
            f.encode(),
            "amount=1000&payment_method_data%5Bcard%5D%5Bnumber%5D=4242&description=a+b%26c"
        );
        assert_eq!(encode_path_segment("pi_1/../x"), "pi_1%2F..%2Fx");
    }
}

//! Masking: what may appear in logs, errors and REPL output instead of a secret.

/// `424242******4242`: first six and last four of a PAN, the rest starred.
pub fn mask_pan(pan: &str) -> String {
    let n = pan.chars().count();
    if n < 12 {
        return "*".repeat(n.max(3));
    }
    let chars: Vec<char> = pan.chars().collect();
    let mut out: String = chars[..6].iter().collect();
    out.push_str(&"*".repeat(n - 10));
    out.extend(&chars[n - 4..]);
    out
}

/// Scrubs free text that may have come from outside (serde messages, processor bodies):
/// quoted strings become `"***"` and any run of 12+ digits is masked like a PAN.
pub fn scrub_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_quote = false;
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.len() >= 12 {
            out.push_str(&mask_pan(digits));
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for c in text.chars() {
        if in_quote {
            if c == '"' {
                in_quote = false;
                out.push_str("***\"");
            }
            continue;
        }
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        flush(&mut digits, &mut out);
        if c == '"' {
            in_quote = true;
        }
        out.push(c);
    }
    if in_quote {
        out.push_str("***\"");
    }
    flush(&mut digits, &mut out);
    out
}

/// Masks the personal part of every UPI VPA (or e-mail address) in free text: `shopper.name@ybl`
/// becomes `***@ybl`. For processor messages that may echo what the shopper typed.
pub fn mask_vpas(text: &str) -> String {
    let is_address_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '@' && out.ends_with(is_address_char) {
            // Replace the local part already copied (the address characters before `@`).
            while out.ends_with(is_address_char) {
                out.pop();
            }
            out.push_str("***");
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask_pan("4242424242424242"), "424242******4242");
        assert_eq!(mask_pan("123"), "***");
        assert_eq!(
            scrub_text(r#"invalid type: string "4242424242424242", expected u8"#),
            r#"invalid type: string "***", expected u8"#
        );
        assert_eq!(scrub_text("pan 4000000000000002 seen"), "pan 400000******0002 seen");
        assert_eq!(mask_vpas("collect to shopper.name@okicici declined"), "collect to ***@okicici declined");
        assert_eq!(mask_vpas("a@ybl,b-c@upi"), "***@ybl,***@upi");
        assert_eq!(mask_vpas("no address @ here"), "no address @ here");
    }
}

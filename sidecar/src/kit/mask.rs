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
/// quoted strings become `"***"` (a backslash-escaped quote does not end one) and every card-like
/// digit run is masked as by [`mask_card_numbers`].
pub fn scrub_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_quote = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_quote = false;
                out.push_str("***\"");
            }
            continue;
        }
        if c == '"' {
            in_quote = true;
        }
        out.push(c);
    }
    if in_quote {
        out.push_str("***\"");
    }
    mask_card_numbers(&out)
}

/// Masks like a PAN every run of 12 or more digits, also when the digits are grouped by single
/// spaces or dashes (`4242 4242 4242 4242`, `4242-4242-...`): the last defence for text that
/// leaves the process (error messages and data), whatever field the digits came from.
pub fn mask_card_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        while i < chars.len() {
            if chars[i].is_ascii_digit() {
                digits.push(chars[i]);
                i += 1;
            } else if matches!(chars[i], ' ' | '-') && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            } else {
                break;
            }
        }
        if digits.len() >= 12 {
            out.push_str(&mask_pan(&digits));
        } else {
            out.extend(&chars[start..i]);
        }
    }
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
        assert_eq!(scrub_text("card 4000 0566 5566 5556 declined"), "card 400005******5556 declined");
        assert_eq!(scrub_text("card 4000-0566-5566-5556."), "card 400005******5556.");
        assert_eq!(scrub_text("on 2030-12-31, amount 1099"), "on 2030-12-31, amount 1099");
        // An escaped quote does not end a quoted string: what follows it stays hidden.
        assert_eq!(scrub_text(r#"{"a\"b":"sk_live_x","c":"d"}"#), r#"{"***":"***","***":"***"}"#);
        assert_eq!(mask_vpas("collect to shopper.name@okicici declined"), "collect to ***@okicici declined");
        assert_eq!(mask_vpas("a@ybl,b-c@upi"), "***@ybl,***@upi");
        assert_eq!(mask_vpas("no address @ here"), "no address @ here");
    }
}

//! Integer minor units, ISO 4217 exponents and the conversion to a processor's own rule.
//! No floats anywhere: an amount a processor cannot take exactly is refused, never rounded.

use crate::protocol::{Money, SidecarError};

// What makes a unified amount payable is the protocol's rule (protocol/currency.rs); connectors
// reach it here with the conversions below.
pub use crate::protocol::currency::{iso_exponent, validate, validate_verification};
#[cfg(test)]
pub use crate::protocol::currency::iso_currencies;

/// Converts unified ISO minor units into the minor units of a processor that uses
/// `processor_exponent` decimals for this currency. Going to fewer decimals divides and
/// refuses a remainder; going to more multiplies (checked).
pub fn minor_units_for(
    money: &Money,
    processor_exponent: u8,
    field: &str,
) -> Result<i64, SidecarError> {
    let iso = validate(money, field)?;
    let amount = money.minor_amount;
    let field_amount = format!("{field}.minorAmount");
    if processor_exponent >= iso {
        let factor = 10i64.pow(u32::from(processor_exponent - iso));
        amount.checked_mul(factor).ok_or_else(|| {
            SidecarError::invalid_field(&field_amount, format!("amount {amount} is too large"))
        })
    } else {
        let factor = 10i64.pow(u32::from(iso - processor_exponent));
        if amount % factor != 0 {
            return Err(SidecarError::invalid_field(
                &field_amount,
                format!(
                    "{amount} {cur} cannot be sent exactly: the processor takes {cur} with {processor_exponent} decimals, so the amount must be a multiple of {factor}",
                    cur = money.currency
                ),
            ));
        }
        Ok(amount / factor)
    }
}

/// Requires the amount to be a multiple of `step` minor units (Stripe's ISK, three-decimal rules).
pub fn require_multiple_of(
    money: &Money,
    step: i64,
    field: &str,
    why: &str,
) -> Result<(), SidecarError> {
    if money.minor_amount % step != 0 {
        return Err(SidecarError::invalid_field(
            &format!("{field}.minorAmount"),
            format!(
                "{} {} cannot be sent exactly: {why}",
                money.minor_amount, money.currency
            ),
        ));
    }
    Ok(())
}

/// Writes processor minor units as the decimal string processors that take text amounts want
/// (PayPal `"10.50"`, Authorize.Net, Cybersource, Braintree): `1050` with 2 decimals is `"10.50"`,
/// `500` with 0 is `"500"`. Pure integer formatting: no float ever touches the amount.
pub fn decimal_string(processor_minor: i64, decimals: u8) -> String {
    let sign = if processor_minor < 0 { "-" } else { "" };
    let digits = processor_minor.unsigned_abs().to_string();
    if decimals == 0 {
        return format!("{sign}{digits}");
    }
    let d = usize::from(decimals);
    let padded = format!("{digits:0>width$}", width = d + 1);
    let (whole, frac) = padded.split_at(padded.len() - d);
    format!("{sign}{whole}.{frac}")
}

/// Reads a processor's decimal string (`"10.5"`, `"10.50"`, `"1000"`) into minor units with
/// `decimals` places; `None` when it has more decimals than that, or is not a plain decimal.
pub fn parse_decimal_string(text: &str, decimals: u8) -> Option<i64> {
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let d = usize::from(decimals);
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // Extra decimals are fine only when they are zeros ("10.500" with 2 decimals).
    let (kept, extra) = if frac.len() > d {
        frac.split_at(d)
    } else {
        (frac, "")
    };
    if extra.bytes().any(|b| b != b'0') {
        return None;
    }
    let scaled = format!("{whole}{kept:0<d$}");
    let value: i64 = scaled.parse().ok()?;
    Some(if negative { -value } else { value })
}

/// Converts a processor's amount back into unified ISO minor units.
pub fn iso_minor_units_from(amount: i64, currency: &str, processor_exponent: u8) -> Option<Money> {
    let iso = iso_exponent(currency)?;
    let minor = if processor_exponent >= iso {
        let f = 10i64.pow(u32::from(processor_exponent - iso));
        if amount % f != 0 {
            return None;
        }
        amount / f
    } else {
        amount.checked_mul(10i64.pow(u32::from(iso - processor_exponent)))?
    };
    Some(Money {
        minor_amount: minor,
        currency: currency.to_string(),
    })
}

/// Significant digits a JSON number keeps through an IEEE double exactly (what most processors'
/// JSON parsers read numbers into).
pub const JSON_NUMBER_MAX_DIGITS: usize = 15;

/// Writes processor minor units as a JSON number in major units (`1050` with 2 decimals is the
/// number `10.50`), for processors whose amount is a JSON number (Airwallex, Mercado Pago). The
/// text is exact decimal formatting, no float touches it; an amount of more than 15 significant
/// digits is refused (naming `field`), since a double would not carry it exactly.
pub fn json_number(
    processor_minor: i64,
    decimals: u8,
    field: &str,
    processor: &str,
) -> Result<Box<serde_json::value::RawValue>, SidecarError> {
    let digits = processor_minor.unsigned_abs().to_string().trim_start_matches('0').len();
    if digits > JSON_NUMBER_MAX_DIGITS {
        return Err(SidecarError::invalid_field(
            field,
            format!(
                "{processor_minor} has more than {JSON_NUMBER_MAX_DIGITS} significant digits: {processor}'s amount is a JSON number, which cannot carry it exactly"
            ),
        ));
    }
    let text = decimal_string(processor_minor, decimals);
    Ok(serde_json::value::RawValue::from_string(text).expect("a decimal string is a JSON number"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::iso4217_table::ISO4217_MINOR_UNITS;

    fn m(a: i64, c: &str) -> Money {
        Money {
            minor_amount: a,
            currency: c.into(),
        }
    }

    /// The generated table against ISO 4217 list one (oracles/iso4217): exactly the CSV's active
    /// currencies (scripts/gen-iso4217.py was run and not edited by hand), and the same minor units
    /// as SIX's XML (an older publication: a code only the XML has must be withdrawn in the CSV).
    #[test]
    fn the_table_is_iso_4217_list_one() {
        use std::collections::BTreeMap;
        let table: BTreeMap<String, u8> = ISO4217_MINOR_UNITS
            .iter()
            .map(|(c, u)| (c.to_string(), *u))
            .collect();

        let csv = std::fs::read_to_string(crate::oracles::path("iso4217/codes-all.csv")).unwrap();
        let (mut active, mut withdrawn) = (BTreeMap::new(), std::collections::BTreeSet::new());
        for line in csv.lines().skip(1) {
            // Entity,Currency,AlphabeticCode,NumericCode,MinorUnit,WithdrawalDate: names may hold
            // commas, the last four fields do not.
            let f: Vec<&str> = line.rsplitn(5, ',').collect();
            let (until, units, code) = (f[0].trim(), f[1].trim(), f[3].trim());
            if !until.is_empty() {
                withdrawn.insert(code.to_string());
            } else if let (false, Ok(units)) = (code.is_empty(), units.parse::<u8>()) {
                active.insert(code.to_string(), units);
            }
        }
        assert_eq!(
            table, active,
            "the table differs from the CSV: run scripts/gen-iso4217.py"
        );

        let xml = std::fs::read_to_string(crate::oracles::path("iso4217/table_a1.xml")).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let text = |entry: roxmltree::Node, tag: &str| {
            entry
                .children()
                .find(|n| n.has_tag_name(tag))
                .and_then(|n| n.text())
                .map(|t| t.trim().to_string())
        };
        let mut compared = 0;
        for entry in doc.descendants().filter(|n| n.has_tag_name("CcyNtry")) {
            let (Some(code), Some(units)) = (text(entry, "Ccy"), text(entry, "CcyMnrUnts")) else {
                continue;
            };
            // "N.A." (gold, SDR, testing codes): not payable, not in the table.
            let Ok(units) = units.parse::<u8>() else {
                continue;
            };
            match table.get(&code) {
                Some(ours) => assert_eq!(*ours, units, "{code}: minor units"),
                None => assert!(
                    withdrawn.contains(&code),
                    "{code} is in the XML, neither in the table nor withdrawn"
                ),
            }
            compared += 1;
        }
        assert!(
            compared > 150,
            "only {compared} currency entries read from the XML"
        );
    }

    #[test]
    fn decimal_strings_are_exact() {
        assert_eq!(decimal_string(1050, 2), "10.50");
        assert_eq!(decimal_string(5, 2), "0.05");
        assert_eq!(decimal_string(500, 0), "500");
        assert_eq!(decimal_string(1, 3), "0.001");
        assert_eq!(decimal_string(-1234, 2), "-12.34");
        assert_eq!(decimal_string(i64::MAX, 2), "92233720368547758.07");
        assert_eq!(parse_decimal_string("10.50", 2), Some(1050));
        assert_eq!(parse_decimal_string("10.5", 2), Some(1050));
        assert_eq!(parse_decimal_string("10", 2), Some(1000));
        assert_eq!(parse_decimal_string("10.500", 2), Some(1050));
        assert_eq!(parse_decimal_string("10.505", 2), None);
        assert_eq!(parse_decimal_string("1e3", 2), None);
        assert_eq!(parse_decimal_string("", 2), None);
        assert_eq!(parse_decimal_string(".5", 2), None);
        assert_eq!(parse_decimal_string("500", 0), Some(500));
        for minor in [0i64, 1, 9, 10, 99, 100, 123_456_789] {
            for d in 0..=4u8 {
                assert_eq!(
                    parse_decimal_string(&decimal_string(minor, d), d),
                    Some(minor),
                    "{minor} with {d}"
                );
            }
        }
    }

    #[test]
    fn exponents_follow_iso() {
        assert_eq!(iso_exponent("USD"), Some(2));
        assert_eq!(iso_exponent("JPY"), Some(0));
        assert_eq!(iso_exponent("KWD"), Some(3));
        assert_eq!(iso_exponent("XXX"), None);
        assert_eq!(iso_exponent("usd"), None);
    }

    #[test]
    fn conversion_is_exact_or_refused() {
        assert_eq!(minor_units_for(&m(1234, "USD"), 2, "amount").unwrap(), 1234);
        assert_eq!(minor_units_for(&m(5, "ISK"), 2, "amount").unwrap(), 500);
        assert_eq!(minor_units_for(&m(1000, "IDR"), 0, "amount").unwrap(), 10);
        let err = minor_units_for(&m(1001, "IDR"), 0, "amount").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("amount.minorAmount"));
        assert!(minor_units_for(&m(0, "USD"), 2, "amount").is_err());
        assert!(minor_units_for(&m(-5, "USD"), 2, "amount").is_err());
        assert!(minor_units_for(&m(i64::MAX, "ISK"), 2, "amount").is_err());
        assert_eq!(iso_minor_units_from(500, "ISK", 2).unwrap().minor_amount, 5);
    }

    #[test]
    fn json_number_is_exact_decimal_text_and_refuses_what_a_double_cannot_carry() {
        assert_eq!(json_number(1050, 2, "a", "P").unwrap().get(), "10.50");
        assert_eq!(json_number(5, 2, "a", "P").unwrap().get(), "0.05");
        assert_eq!(json_number(1500, 0, "a", "P").unwrap().get(), "1500");
        assert_eq!(json_number(999_999_999_999_999, 2, "a", "P").unwrap().get(), "9999999999999.99");
        assert!(json_number(1_000_000_000_000_000, 2, "a", "P").is_err());
    }
}

//! What makes a unified amount payable: an active ISO 4217 currency (its exponent from ISO's list
//! one) and, but for a card check, a positive amount in minor units. Part of the protocol, so
//! request validation needs nothing from `kit` (which builds on the protocol, never the reverse).

use super::iso4217_table::ISO4217_MINOR_UNITS;
use super::{Money, SidecarError};

/// The ISO 4217 minor-unit exponent of an active currency (JPY 0, USD 2, KWD 3, CLF 4).
pub fn iso_exponent(currency: &str) -> Option<u8> {
    ISO4217_MINOR_UNITS
        .binary_search_by(|(code, _)| (*code).cmp(currency))
        .ok()
        .map(|i| ISO4217_MINOR_UNITS[i].1)
}

/// Every active ISO 4217 currency with its exponent, sorted by code (for exhaustive tests).
#[cfg(test)]
pub fn iso_currencies() -> &'static [(&'static str, u8)] {
    &ISO4217_MINOR_UNITS
}

/// The ISO 4217 exponent of `money`'s currency, refusing a code that is not an active one.
fn currency_exponent(money: &Money, field: &str) -> Result<u8, SidecarError> {
    iso_exponent(&money.currency).ok_or_else(|| {
        SidecarError::invalid_field(
            &format!("{field}.currency"),
            format!(
                "`{}` is not an active ISO 4217 currency code",
                money.currency
            ),
        )
    })
}

/// Like `validate`, but zero is allowed too: the amount of a card verification (setupMandate's
/// zero-value check), which processors take as an authorization of nothing.
pub fn validate_verification(money: &Money, field: &str) -> Result<u8, SidecarError> {
    if money.minor_amount == 0 {
        return currency_exponent(money, field);
    }
    validate(money, field)
}

/// Checks that `money` is a payable amount in an active currency; `field` names it in errors.
pub fn validate(money: &Money, field: &str) -> Result<u8, SidecarError> {
    let exponent = currency_exponent(money, field)?;
    if money.minor_amount <= 0 {
        return Err(SidecarError::invalid_field(
            &format!("{field}.minorAmount"),
            format!(
                "amount must be a positive integer in minor units, got {}",
                money.minor_amount
            ),
        ));
    }
    Ok(exponent)
}

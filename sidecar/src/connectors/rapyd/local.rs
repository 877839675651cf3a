//! Rapyd's local payment methods: bank redirects, bank debits, BNPL, vouchers, redirect wallets,
//! mobile money and bank transfers, each paid through Create Payment as `payment_method: {type,
//! fields}`.
//!
//! Rapyd names every such method per country and per merchant account ("List Payment Methods by
//! Country", `GET /v1/payment_methods/country`), each with its own required fields ("Get Payment
//! Method Required Fields"). Its documentation names a type for only a few unified methods
//! (requests::LOCAL_TYPES: GrabPay, GCash, OXXO); for every other one the merchant gives Rapyd's
//! type as `processorMethod`, taken from List Payment Methods by Country, and it overrides a default.
//!
//! The type is checked against the naming convention Rapyd's Payment Method Type object states
//! (oracles/rapyd/rapyd-openapi.yaml, `PaymentMethodType`): a prefix of the country's ISO 3166-1
//! alpha-2 code (or `xx` for a method valid in several countries) and a suffix `_bank` (bank
//! transfer or bank redirect), `_card`, `_cash` or `_ewallet` (local eWallet).
//!
//! `fields` carries what the unified payload holds under the names Rapyd gives the same data in
//! its API (the bank account fields of its Beneficiary object: `iban`, `account_number`, `aba`,
//! `sort_code`, `bsb_code`, `ifsc`, `bank_account_type`, `bank_account_holder_name`; the person's
//! `first_name`, `last_name`, `email`, `phone_number`, `tax_id`).

use super::requests::{local_type, RapydPaymentMethod, LOCAL_TYPES};
use crate::kit::text::present;
use crate::protocol::{Address, BankAccountType, Customer, PaymentMethod, PaymentMethodType, SidecarError};
use std::collections::BTreeMap;

/// The suffixes of Rapyd's convention a unified type's method can carry. A bank debit, a bank
/// redirect and a bank transfer are paid from a bank account (`_bank`); a redirect wallet and a
/// mobile money account are eWallets (`_ewallet`); a voucher is paid in cash at a shop (`_cash`, as
/// `mx_oxxo_cash`) or from a bank (Pix, `_bank`). A BNPL provider is none of Rapyd's four
/// categories by name, so any of them.
pub const SUFFIXES: &[(PaymentMethodType, &[&str])] = &[
    (PaymentMethodType::BankRedirect, &["bank"]),
    (PaymentMethodType::BankDebit, &["bank"]),
    (PaymentMethodType::BankTransfer, &["bank"]),
    (PaymentMethodType::WalletRedirect, &["ewallet"]),
    (PaymentMethodType::MobileMoney, &["ewallet"]),
    (PaymentMethodType::Voucher, &["cash", "bank"]),
    (PaymentMethodType::Bnpl, &["bank", "card", "cash", "ewallet"]),
];

/// The unified types this module pays.
pub fn is_local(method: &PaymentMethod) -> bool {
    SUFFIXES.iter().any(|(k, _)| *k == method.kind())
}

fn processor_method(method: &PaymentMethod) -> Option<&str> {
    let value = match method {
        PaymentMethod::BankRedirect(b) => &b.processor_method,
        PaymentMethod::BankDebit(b) => &b.processor_method,
        PaymentMethod::Bnpl(b) => &b.processor_method,
        PaymentMethod::Voucher(v) => &v.processor_method,
        PaymentMethod::WalletRedirect(w) => &w.processor_method,
        PaymentMethod::MobileMoney(m) => &m.processor_method,
        PaymentMethod::BankTransfer(b) => &b.processor_method,
        _ => return None,
    };
    present(value)
}

/// `processorMethod` checked against Rapyd's naming convention for `kind`; `country`, where the
/// payload names one, must be the type's prefix (or the prefix is `xx`).
fn checked_type(kind: PaymentMethodType, value: &str, country: Option<&str>, field: &str) -> Result<String, SidecarError> {
    let suffixes = SUFFIXES.iter().find(|(k, _)| *k == kind).map(|(_, s)| *s).unwrap_or(&[]);
    let expected = suffixes.iter().map(|s| format!("_{s}")).collect::<Vec<_>>().join(" or ");
    let bad = |why: &str| {
        SidecarError::invalid_field(
            field,
            format!(
                "Rapyd names a payment method type <country>_<name>_<category> in lower case (us_ach_bank, mx_oxxo_cash), the country an ISO 3166-1 alpha-2 code or xx; a {} type ends in {expected}: {why}",
                kind.as_str()
            ),
        )
    };
    let shape = value.len() >= 6
        && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && value.as_bytes()[..2].iter().all(u8::is_ascii_lowercase)
        && value.as_bytes()[2] == b'_';
    if !shape {
        return Err(bad("this value does not have that shape"));
    }
    let suffix = value.rsplit('_').next().unwrap_or("");
    if value.matches('_').count() < 2 || !suffixes.contains(&suffix) {
        return Err(bad(&format!("this one's category is `{suffix}`")));
    }
    if let Some(country) = country {
        let prefix = &value[..2];
        if prefix != "xx" && !prefix.eq_ignore_ascii_case(country) {
            return Err(bad(&format!("its country `{prefix}` is not the payment method's country {country}")));
        }
    }
    Ok(value.to_string())
}

fn missing_processor_method(kind: PaymentMethodType, name: &str) -> SidecarError {
    let defaults = LOCAL_TYPES.iter().filter(|(k, ..)| *k == kind).map(|(_, m, c, _)| format!("{m} ({c})")).collect::<Vec<_>>();
    let known = if defaults.is_empty() { String::new() } else { format!(" (its docs name types for {} only)", defaults.join(", ")) };
    SidecarError::missing_field(
        &format!("request.paymentMethod.{}.processorMethod", kind.as_str()),
        &format!(
            "Rapyd names {} `{name}` per country and merchant account{known}: give Rapyd's payment method type as processorMethod, from Rapyd's List Payment Methods by Country (GET /v1/payment_methods/country)",
            kind.as_str()
        ),
    )
}

/// A field of the payload Rapyd has no place for: the type already names what it would choose.
fn named_by_type(field: String, what: &str) -> SidecarError {
    SidecarError::invalid_field(
        &field,
        format!("Rapyd names {what} by the payment method type itself (one type per bank or provider in List Payment Methods by Country): give that type as processorMethod and leave this out"),
    )
}

/// The shopper's name, email and phone, under Rapyd's names for them.
fn shopper(fields: &mut BTreeMap<String, String>, billing: Option<&Address>, customer: Option<&Customer>) {
    let mut put = |k: &str, v: Option<&str>| {
        if let Some(v) = v {
            fields.insert(k.to_string(), v.to_string());
        }
    };
    put("first_name", billing.and_then(|a| present(&a.first_name)));
    put("last_name", billing.and_then(|a| present(&a.last_name)));
    put("email", customer.and_then(|c| present(&c.email)));
    put("phone_number", customer.and_then(|c| present(&c.phone)));
}

/// `payment_method` of Create Payment for a local method: Rapyd's type (processorMethod, else the
/// type Rapyd's docs name for the method and country) and the method's fields.
pub fn local_payment_method(
    method: &PaymentMethod,
    billing: Option<&Address>,
    customer: Option<&Customer>,
) -> Result<RapydPaymentMethod, SidecarError> {
    let kind = method.kind();
    let base = format!("request.paymentMethod.{}", kind.as_str());
    let name = method.method_name().unwrap_or("");
    let country = match method {
        PaymentMethod::BankRedirect(b) => present(&b.country),
        PaymentMethod::BankTransfer(b) => present(&b.country),
        _ => None,
    };
    let kind_name = match processor_method(method) {
        Some(pm) => checked_type(kind, pm, country, &format!("{base}.processorMethod"))?,
        None if LOCAL_TYPES.iter().any(|(k, m, ..)| *k == kind && *m == name) => local_type(method, billing)?.to_string(),
        None => return Err(missing_processor_method(kind, name)),
    };
    let mut fields = BTreeMap::new();
    match method {
        // Rapyd's ewallet and cash samples send `"fields": {}`; a voucher's payer may need a tax id.
        PaymentMethod::WalletRedirect(_) => {}
        PaymentMethod::Voucher(v) => {
            if let Some(tax) = present(&v.tax_id) {
                fields.insert("tax_id".into(), tax.to_string());
            }
        }
        PaymentMethod::BankRedirect(b) => {
            if present(&b.issuer).is_some() {
                return Err(named_by_type(format!("{base}.issuer"), "the shopper's bank"));
            }
            if b.blik_code.is_some() {
                return Err(SidecarError::invalid_field(
                    &format!("{base}.blikCode"),
                    "Rapyd's Create Payment has no field for a BLIK code: the shopper enters it on the page Rapyd's redirect_url opens; leave blikCode out".into(),
                ));
            }
            shopper(&mut fields, billing, customer);
        }
        PaymentMethod::BankTransfer(b) => {
            if present(&b.bank).is_some() {
                return Err(named_by_type(format!("{base}.bank"), "the receiving bank"));
            }
            shopper(&mut fields, billing, customer);
        }
        PaymentMethod::Bnpl(_) => shopper(&mut fields, billing, customer),
        PaymentMethod::MobileMoney(m) => {
            shopper(&mut fields, billing, customer);
            // The wallet's own number, E.164 as Rapyd writes phone numbers (+...).
            fields.insert("phone_number".into(), m.phone_number.expose().to_string());
        }
        PaymentMethod::BankDebit(d) => {
            if present(&d.mandate_id).is_some() {
                return Err(SidecarError::invalid_field(
                    &format!("{base}.mandateId"),
                    "Rapyd's Create Payment takes no mandate reference of the merchant's: Rapyd collects the debit under its own; leave mandateId out".into(),
                ));
            }
            shopper(&mut fields, billing, customer);
            let mut put = |k: &str, v: Option<&str>| {
                if let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) {
                    fields.insert(k.to_string(), v.to_string());
                }
            };
            put("bank_account_holder_name", Some(d.account_holder_name.as_str()));
            put("iban", d.iban.as_ref().map(|s| s.expose()));
            put("account_number", d.account_number.as_ref().map(|s| s.expose()));
            put("aba", d.routing_number.as_deref());
            put("sort_code", d.sort_code.as_deref());
            put("bsb_code", d.bsb_number.as_deref());
            put("ifsc", d.ifsc.as_deref());
            put(
                "bank_account_type",
                d.account_type.map(|t| match t {
                    BankAccountType::Checking => "checking",
                    BankAccountType::Savings => "savings",
                }),
            );
        }
        _ => {}
    }
    Ok(RapydPaymentMethod::Local { kind: kind_name, fields })
}

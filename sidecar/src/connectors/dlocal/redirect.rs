//! dLocal's payment methods that pay on the provider's page: the online banking of a Latin
//! American or Asian bank (payment_method_type BANK_TRANSFER, "Bank Transfer Online", allowed flow
//! REDIRECT) and the wallets it lists per country. dLocal names each one by a per-country
//! `payment_method_id`; "All Bank Transfer (BANK_TRANSFER) payment methods offer a redirect
//! solution (payment_method_flow = REDIRECT). The API returns a redirect_url ... the payment will
//! have the PENDING status until the user completes the transfer"
//! (https://docs.dlocal.com/docs/bank-transfer-payment).
//!
//! The table below is what dLocal's country pages list (docs.dlocal.com/docs/<country>, the
//! "Alternative Payment Method supported" tables and each page's Country reference row for the
//! currency). An id given in `processorMethod` that the table knows is checked against its
//! country and currency; one it does not know is sent as given (a merchant's account may have
//! methods its country page does not list: dLocal's Payment Methods endpoint is the authority),
//! and dLocal's answer (5010 "Method not available") says whether it exists.

use crate::protocol::{BankRedirect, BankRedirectMethod, SidecarError, WalletRedirect, WalletRedirectMethod};

/// What a row of the table is, in unified terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `bankRedirect` with the given unified method (onlineBanking, netbanking, onlineBankingFpx).
    Bank(BankRedirectMethod),
    /// `walletRedirect` with the given unified method, where the protocol names the wallet.
    Wallet(WalletRedirectMethod),
}

/// One payment method of one country, as its dLocal country page lists it.
#[derive(Debug)]
pub struct RedirectMethod {
    pub country: &'static str,
    pub currency: &'static str,
    pub id: &'static str,
    pub name: &'static str,
    pub kind: Kind,
}

use BankRedirectMethod as B;
use Kind::{Bank, Wallet};
use WalletRedirectMethod as W;

const fn row(country: &'static str, currency: &'static str, id: &'static str, name: &'static str, kind: Kind) -> RedirectMethod {
    RedirectMethod { country, currency, id, name, kind }
}

/// The rows read from dLocal's country pages: Colombia (PC PSE, BANK_TRANSFER "Bank Transfer
/// Offline", REDIRECT), Chile (WP Webpay and IO Khipu, "Bank Transfer Online", REDIRECT), Peru (IO
/// Payvalida, REDIRECT), India (NB NetBanking, REDIRECT), Malaysia (FP Maybank and IO FPX,
/// REDIRECT; GY GrabPay and TG Touch 'n Go, WALLET, DIRECT REDIRECT) and Indonesia (IO Flip,
/// REDIRECT; DN Dana, WALLET, DIRECT REDIRECT).
pub const REDIRECT_METHODS: &[RedirectMethod] = &[
    row("CO", "COP", "PC", "PSE", Bank(B::OnlineBanking)),
    row("CL", "CLP", "WP", "Webpay", Bank(B::OnlineBanking)),
    row("CL", "CLP", "IO", "Khipu", Bank(B::OnlineBanking)),
    row("PE", "PEN", "IO", "Payvalida", Bank(B::OnlineBanking)),
    row("IN", "INR", "NB", "NetBanking", Bank(B::Netbanking)),
    row("MY", "MYR", "FP", "Maybank", Bank(B::OnlineBanking)),
    row("MY", "MYR", "IO", "FPX", Bank(B::OnlineBankingFpx)),
    row("ID", "IDR", "IO", "Flip", Bank(B::OnlineBanking)),
    row("MY", "MYR", "GY", "GrabPay", Wallet(W::Grabpay)),
    row("MY", "MYR", "TG", "Touch 'n Go", Wallet(W::TouchNGo)),
    row("ID", "IDR", "DN", "Dana", Wallet(W::Dana)),
];

/// The unified bankRedirect methods dLocal takes (listConnectors' `methods`).
pub const BANK_METHODS: &[&str] = &["onlineBanking", "netbanking", "onlineBankingFpx"];
/// The unified walletRedirect methods dLocal takes.
pub const WALLET_METHODS: &[&str] = &["grabpay", "touchNGo", "dana"];

fn countries_of(kind: Kind) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for r in REDIRECT_METHODS.iter().filter(|r| r.kind == kind) {
        if !out.contains(&r.country) {
            out.push(r.country);
        }
    }
    out
}

/// The payment_method_id for `kind` in `country`, given or implied, checked against the table.
/// `given` is `processorMethod`; `field` names the payment method's object in errors.
fn choose(kind: Kind, unified: &str, given: Option<&str>, country: &str, currency: &str, field: &str) -> Result<String, SidecarError> {
    let pm_field = format!("{field}.processorMethod");
    match given.map(str::trim).filter(|g| !g.is_empty()) {
        Some(id) => {
            if id.len() > 4 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                // "payment_method_id ... Length: 4" (Create a payment).
                return Err(SidecarError::invalid_field(&pm_field, "a dLocal payment_method_id, like PC: letters and digits, at most 4".into()));
            }
            let id = id.to_ascii_uppercase();
            match REDIRECT_METHODS.iter().find(|r| r.country == country && r.id == id) {
                Some(r) => {
                    let same_family = matches!((r.kind, kind), (Bank(_), Bank(_)) | (Wallet(_), Wallet(_)));
                    if !same_family || matches!((r.kind, kind), (Wallet(a), Wallet(b)) if a != b) {
                        return Err(SidecarError::invalid_field(
                            &pm_field,
                            format!("dLocal's {id} in {country} is {} ({}), not {unified}", r.name, kind_word(r.kind)),
                        ));
                    }
                    check_currency(r, currency)?;
                    Ok(id)
                }
                // Not on the country page read for the table: sent as the merchant names it.
                None => Ok(id),
            }
        }
        None => {
            let rows: Vec<&RedirectMethod> = REDIRECT_METHODS.iter().filter(|r| r.country == country && r.kind == kind).collect();
            match rows.as_slice() {
                [one] => {
                    check_currency(one, currency)?;
                    Ok(one.id.to_string())
                }
                [] => {
                    let where_ = countries_of(kind).join(", ");
                    Err(SidecarError::missing_field(
                        &pm_field,
                        &format!(
                            "dLocal's country pages list {unified} in {where_}, not in {country}: give the payment_method_id dLocal's Payment Methods endpoint lists for {country} as processorMethod"
                        ),
                    ))
                }
                many => {
                    let ids = many.iter().map(|r| format!("{} {}", r.id, r.name)).collect::<Vec<_>>().join(", ");
                    Err(SidecarError::missing_field(
                        &pm_field,
                        &format!("dLocal offers several {unified} methods in {country} ({ids}): name one as processorMethod"),
                    ))
                }
            }
        }
    }
}

fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Bank(_) => "a bank redirect",
        Wallet(_) => "a wallet",
    }
}

fn check_currency(r: &RedirectMethod, currency: &str) -> Result<(), SidecarError> {
    if r.currency != currency {
        return Err(SidecarError::invalid_field(
            "request.amount.currency",
            format!("dLocal's {} ({}) in {} is paid in {}, not {currency}", r.name, r.id, r.country, r.currency),
        ));
    }
    Ok(())
}

/// The country a bankRedirect pays in: its own `country` or the billing address's (they must
/// agree), else the one country the table has for the method.
fn redirect_country(own: Option<&str>, billing: Option<&str>, kind: Kind, field: &str) -> Result<String, SidecarError> {
    let own = own.map(|c| super::requests::country_code(c, &format!("{field}.country"))).transpose()?;
    let billing = billing.map(|c| super::requests::country_code(c, "request.billingAddress.country")).transpose()?;
    match (own, billing) {
        (Some(a), Some(b)) if a != b => Err(SidecarError::invalid_field(&format!("{field}.country"), "differs from the billing address's country".into())),
        (Some(c), _) | (None, Some(c)) => Ok(c),
        (None, None) => match countries_of(kind).as_slice() {
            [only] => Ok(only.to_string()),
            _ => Err(SidecarError::missing_field(
                &format!("{field}.country"),
                "dLocal requires the payment's country (country): give it, or the billing address's",
            )),
        },
    }
}

/// A bankRedirect: its payment_method_id and country.
pub fn bank(b: &BankRedirect, billing_country: Option<&str>, currency: &str) -> Result<(String, String), SidecarError> {
    let field = "request.paymentMethod.bankRedirect";
    let kind = match b.method {
        B::OnlineBanking | B::Netbanking | B::OnlineBankingFpx => Bank(b.method),
        other => {
            return Err(SidecarError::payment_method_not_supported(&format!(
                "dLocal does not offer {}: its bank redirects are the online banking of its Latin American and Asian countries (PSE, Webpay, Khipu, NetBanking, FPX, ...), taken as onlineBanking, netbanking or onlineBankingFpx",
                other.as_str()
            ))
            .with_field(&format!("{field}.method")))
        }
    };
    if b.issuer.as_deref().map(str::trim).is_some_and(|i| !i.is_empty()) {
        return Err(SidecarError::invalid_field(
            &format!("{field}.issuer"),
            "dLocal's Create a payment has no field for the shopper's bank: the shopper picks it on the page the redirect_url opens".into(),
        ));
    }
    if b.blik_code.is_some() {
        return Err(SidecarError::invalid_field(&format!("{field}.blikCode"), "dLocal does not offer BLIK".into()));
    }
    let country = redirect_country(b.country.as_deref(), billing_country, kind, field)?;
    let id = choose(kind, b.method.as_str(), b.processor_method.as_deref(), &country, currency, field)?;
    Ok((id, country))
}

/// A walletRedirect: its payment_method_id and country (the billing address's, else the one
/// country dLocal offers the wallet in).
pub fn wallet(w: &WalletRedirect, billing_country: Option<&str>, currency: &str) -> Result<(String, String), SidecarError> {
    let field = "request.paymentMethod.walletRedirect";
    let kind = Wallet(w.method);
    if !REDIRECT_METHODS.iter().any(|r| r.kind == kind) {
        return Err(SidecarError::payment_method_not_supported(&format!(
            "dLocal's wallets are per-country payment_method_ids; {} is not among those its country pages list (it takes {})",
            w.method.as_str(),
            WALLET_METHODS.join(", ")
        ))
        .with_field(&format!("{field}.method")));
    }
    let country = redirect_country(None, billing_country, kind, field).map_err(|e| {
        if billing_country.is_none() {
            SidecarError::missing_field("request.billingAddress.country", "dLocal requires the payment's country (country): give the billing address's")
        } else {
            e
        }
    })?;
    let id = choose(kind, w.method.as_str(), w.processor_method.as_deref(), &country, currency, field)?;
    Ok((id, country))
}

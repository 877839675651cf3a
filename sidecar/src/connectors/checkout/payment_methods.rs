//! What Checkout.com takes on `POST /payments` beside a card, and how: the `source` of each
//! unified payment method (the request sources of Checkout.com's NAS API reference,
//! `PaymentRequestSource`'s discriminator mapping, github.com/checkout/checkout-api-reference
//! nas_spec, 2023-07), the `3ds` object from `threeDs`, `payment_type` from `recurringType`, and
//! `billing_descriptor` from `statementDescriptor`.

use super::super::{PaymentMethods, SupportedPaymentMethod, UnsupportedPaymentMethod, PAY_AND_SAVE, PAY_ONLY};
use crate::kit::card::CardBrand;
use crate::protocol::{
    Address, BankAccountType, BankDebit, BankDebitMethod, BankRedirectMethod, CaptureMethod, Customer, PayPalWallet, PaymentMethod,
    PaymentMethodType, RecurringType, SidecarError, ThreeDs, ThreeDsMode, WalletRedirectMethod, WalletToken,
};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// What Checkout.com takes through /payments, declared once: `listConnectors` shows it and the
/// sidecar enforces it before the connector runs.
pub static PAYMENT_METHODS: PaymentMethods = PaymentMethods {
    unsupported_methods: &[],
    supported: &[
        SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: PAY_AND_SAVE },
        SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_AND_SAVE },
        // `source.type: network_token` with token_type vts / mdes, its cryptogram (TAVV) and ECI.
        SupportedPaymentMethod { kind: PaymentMethodType::NetworkToken, methods: &[], flows: PAY_ONLY },
        // Decrypted wallet tokens as network_token with token_type applepay / googlepay ("Pay
        // with a pre-decrypted Apple Pay token"); encrypted ones are refused with the reason.
        SupportedPaymentMethod { kind: PaymentMethodType::ApplePay, methods: &[], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::GooglePay, methods: &[], flows: PAY_ONLY },
        SupportedPaymentMethod {
            kind: PaymentMethodType::BankRedirect,
            methods: &["ideal", "bancontact", "eps", "giropay", "przelewy24", "sofort", "trustly", "knet", "multibanco"],
            flows: PAY_ONLY,
        },
        // SEPA Direct Debit (PaymentRequestSEPAV4Source) and ACH (PaymentRequestAchSource):
        // the bank account and its holder in the payment itself; answered 202 Pending until the
        // debit settles (bank_debit_source). BACS needs a Bacs instrument (src_...) created first
        // with POST /instruments, and Checkout.com has no BECS source.
        SupportedPaymentMethod { kind: PaymentMethodType::BankDebit, methods: &["sepa", "ach"], flows: PAY_ONLY },
        // The Alipay+ sources (PaymentRequestAlipayPlusSource: the type alone).
        SupportedPaymentMethod {
            kind: PaymentMethodType::WalletRedirect,
            methods: &["alipay", "alipayHk", "gcash", "dana", "kakaoPay", "touchNGo"],
            flows: PAY_ONLY,
        },
        // PaymentRequestPayPalSource (paypal_source): Checkout.com's PayPal redirect payment,
        // captured as soon as the shopper approves it. Saving a PayPal account takes a PayPal
        // billing agreement (source.plan), which this version does not make: pay only.
        SupportedPaymentMethod { kind: PaymentMethodType::Paypal, methods: &[], flows: PAY_ONLY },
    ],
    unsupported: &[
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::Bnpl,
            // checkout.com/docs/payments/add-payment-methods/klarna-payments/api-only and
            // .../unified-payments-api: payment context, Klarna JS SDK authorization, then /payments;
            // "We no longer support new Klarna integrations on the Payments API".
            reason: "Checkout.com takes Klarna only after a payment context (POST /payment-contexts with the order's items) that the shopper authorizes in Klarna's JavaScript SDK on the checkout page, and no longer accepts new Klarna integrations on the Payments API (new ones use its Payment Setup API); Afterpay takes the shopper's full account_holder. Neither is a single /payments call: not in this version",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::Voucher,
            reason: "the current platform's (NAS) /payments has no Boleto, OXXO, Konbini or Pix source (Boleto and OXXO were sources of the previous platform, ABC)",
        },
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: "Checkout.com does not offer UPI; use the PhonePe connector" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: "Checkout.com does not offer UPI; use the PhonePe connector" },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::MobileMoney,
            reason: "none of the unified mobile money operators (M-Pesa, MTN, AirtelTigo, Vodafone, Airtel, Orange) is a source type this connector sends to Checkout.com's /payments",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankTransfer,
            reason: "Checkout.com's /payments answers no account for the shopper to transfer into; its bank payments are SEPA and ACH debits (bankDebit) and bank redirects",
        },
    ],
};

pub const FIELD: &str = "request.paymentMethod";

/// `token_type` of a network token: Visa Token Service or Mastercard Digital Enablement Service
/// (04_PaymentRequestNetworkTokenSource); Checkout.com names no other scheme's tokens.
pub fn token_type(number: &str, field: &str) -> Result<&'static str, SidecarError> {
    match CardBrand::detect(number) {
        CardBrand::Visa => Ok("vts"),
        CardBrand::Mastercard => Ok("mdes"),
        _ => Err(SidecarError::payment_method_not_supported(
            "Checkout.com takes network tokens of Visa (token_type vts) and Mastercard (mdes) only",
        )
        .with_field(format!("{field}.number"))),
    }
}

/// The wallet's decrypted card, or the reason an encrypted token cannot go in this call.
pub fn decrypted_wallet<'a>(pm: &'a PaymentMethod) -> Result<Option<(&'a crate::protocol::DecryptedWalletCard, &'static str, String)>, SidecarError> {
    let (token, wallet, key, field) = match pm {
        PaymentMethod::ApplePay(a) => (a.token(&format!("{FIELD}.applePay"))?, "Apple Pay", "applepay", format!("{FIELD}.applePay")),
        PaymentMethod::GooglePay(g) => (g.wallet_token(&format!("{FIELD}.googlePay"))?, "Google Pay", "googlepay", format!("{FIELD}.googlePay")),
        _ => return Ok(None),
    };
    match token {
        WalletToken::Encrypted(_) => Err(SidecarError::payment_method_not_supported(&format!(
            "Checkout.com takes an encrypted {wallet} token only through POST /tokens (type {key}, token_data) first, a call of its own: exchange it there (or with Frames / Checkout.com's mobile SDKs) and send the tok_... as type `token`, or send the token decrypted"
        ))
        .with_field(field)),
        WalletToken::Decrypted(d) => {
            if d.cryptogram.is_none() {
                // Google Pay PAN_ONLY: a card number, not a token.
                return Err(SidecarError::payment_method_not_supported(
                    "a Google Pay PAN_ONLY card has no cryptogram, which Checkout.com's network_token source requires: send it as type `card` (with threeDs)",
                )
                .with_field(format!("{field}.decrypted.cryptogram")));
            }
            Ok(Some((d, key, format!("{field}.decrypted"))))
        }
    }
}

/// What an alternative payment method's source is built from.
pub struct ApmContext<'a> {
    pub reference: &'a str,
    pub description: Option<&'a str>,
    pub customer: Option<&'a Customer>,
    pub billing: Option<&'a Address>,
    /// `browserInfo.language` (BCP 47), for the methods that ask for the shopper's language.
    pub language: Option<&'a str>,
    /// The payment's currency (ISO 4217): a bank debit's scheme takes one only.
    pub currency: &'a str,
    /// `captureMethod`: PayPal's redirect payment is captured at once.
    pub capture: CaptureMethod,
    /// The payment saves the method for later (`setupFutureUsage`, or setupMandate).
    pub saving: bool,
    /// `returnUrl`, sent as success_url / failure_url.
    pub return_url: Option<&'a str>,
}

impl ApmContext<'_> {
    /// The account holder's name: the billing address's, else the customer's.
    fn holder_name(&self, method: &str) -> Result<String, SidecarError> {
        let from_billing = self.billing.and_then(|a| {
            let parts: Vec<&str> = [a.first_name.as_deref(), a.last_name.as_deref()]
                .into_iter()
                .flatten()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        });
        let name = from_billing
            .or_else(|| self.customer.and_then(|c| c.name.as_deref()).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string))
            .ok_or_else(|| {
                SidecarError::missing_field("request.customer.name", &format!("Checkout.com's {method} source requires the account holder's name (account_holder_name)"))
            })?;
        // "minLength: 3, maxLength: 100".
        if !(3..=100).contains(&name.chars().count()) {
            return Err(SidecarError::invalid_field(
                "request.customer.name",
                format!("Checkout.com's {method} source takes an account holder name of 3 to 100 characters"),
            ));
        }
        Ok(name)
    }

    /// A text the bank shows the shopper (iDEAL description, EPS and giropay purpose): the
    /// payment's description, else its reference; refused when longer than the method allows.
    fn purpose(&self, method: &str, max: usize) -> Result<String, SidecarError> {
        let (value, field) = match self.description {
            Some(d) => (d, "request.description"),
            None => (self.reference, "request.merchantTransactionId"),
        };
        if value.chars().count() > max {
            return Err(SidecarError::invalid_field(
                field,
                format!("Checkout.com's {method} takes a description of at most {max} characters (it is shown by the shopper's bank); give a shorter request.description"),
            ));
        }
        Ok(value.to_string())
    }
}

fn not_taken(kind: &str, method: &str) -> SidecarError {
    SidecarError::payment_method_not_supported(&format!("Checkout.com does not take {kind} `{method}` through /payments"))
        .with_field(format!("{FIELD}.{kind}.method"))
}

/// The `source` of a bank redirect or a redirect wallet, None for the other types.
pub fn apm_source(pm: &PaymentMethod, c: &ApmContext) -> Result<Option<Value>, SidecarError> {
    let source = match pm {
        PaymentMethod::BankRedirect(b) => match b.method {
            // PaymentRequestIdealSource: bic and description (≤ 35) required.
            BankRedirectMethod::Ideal => {
                let bic = b.issuer.as_deref().map(str::trim).filter(|i| !i.is_empty()).ok_or_else(|| {
                    SidecarError::missing_field(&format!("{FIELD}.bankRedirect.issuer"), "Checkout.com's iDEAL takes the shopper's bank as its BIC (source.bic)")
                })?;
                if !matches!(bic.len(), 8 | 11) || !bic.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return Err(SidecarError::invalid_field(&format!("{FIELD}.bankRedirect.issuer"), "the bank's BIC: 8 or 11 letters and digits, e.g. INGBNL2A".into()));
                }
                json!({"type": "ideal", "bic": bic, "description": c.purpose("iDEAL", 35)?})
            }
            // PaymentRequestBancontactSource: payment_country BE and account_holder_name.
            BankRedirectMethod::Bancontact => json!({"type": "bancontact", "payment_country": "BE", "account_holder_name": c.holder_name("Bancontact")?}),
            // PaymentRequestEpsSource: purpose (≤ 27) required.
            BankRedirectMethod::Eps => json!({"type": "eps", "purpose": c.purpose("EPS", 27)?}),
            // PaymentRequestGiropaySource: the type; PaymentRequest.description is its purpose
            // ("For Giropay ... Required, limit is 27 characters"), set by the caller.
            BankRedirectMethod::Giropay => {
                c.purpose("giropay", 27)?;
                json!({"type": "giropay"})
            }
            // PaymentRequestP24Source: payment_country PL, account_holder_name and _email.
            BankRedirectMethod::Przelewy24 => {
                let email = c.customer.and_then(|c| c.email.as_deref()).map(str::trim).filter(|e| !e.is_empty()).ok_or_else(|| {
                    SidecarError::missing_field("request.customer.email", "Checkout.com's Przelewy24 source requires the account holder's email (account_holder_email)")
                })?;
                json!({"type": "p24", "payment_country": "PL", "account_holder_name": c.holder_name("Przelewy24")?, "account_holder_email": email})
            }
            // PaymentRequestSofortSource: countryCode and languageCode, both optional.
            BankRedirectMethod::Sofort => {
                let mut m = Map::new();
                m.insert("type".into(), json!("sofort"));
                if let Some(country) = &b.country {
                    m.insert("countryCode".into(), json!(country));
                }
                if let Some(lang) = c.language.and_then(language_code) {
                    m.insert("languageCode".into(), json!(lang));
                }
                Value::Object(m)
            }
            // PaymentRequestTrustlySource: the billing address, optional.
            BankRedirectMethod::Trustly => {
                let mut m = Map::new();
                m.insert("type".into(), json!("trustly"));
                if let Some(a) = c.billing.and_then(super::requests::CheckoutAddress::from_unified) {
                    m.insert("billing_address".into(), serde_json::to_value(a).expect("an address serializes"));
                }
                Value::Object(m)
            }
            // PaymentRequestKnetSource: language (ar or en) required.
            BankRedirectMethod::Knet => {
                let lang = match c.language.and_then(language_code) {
                    Some("ar") => "ar",
                    _ => "en",
                };
                json!({"type": "knet", "language": lang})
            }
            // PaymentRequestMultibancoSource: payment_country PT and account_holder_name.
            BankRedirectMethod::Multibanco => json!({"type": "multibanco", "payment_country": "PT", "account_holder_name": c.holder_name("Multibanco")?}),
            other => return Err(not_taken("bankRedirect", other.as_str())),
        },
        PaymentMethod::BankDebit(b) => bank_debit_source(b, c)?,
        PaymentMethod::PayPal(p) => paypal_source(p, c)?,
        PaymentMethod::WalletRedirect(w) => {
            let kind = match w.method {
                WalletRedirectMethod::Alipay => "alipay_cn",
                WalletRedirectMethod::AlipayHk => "alipay_hk",
                WalletRedirectMethod::Gcash => "gcash",
                WalletRedirectMethod::Dana => "dana",
                WalletRedirectMethod::KakaoPay => "kakaopay",
                WalletRedirectMethod::TouchNGo => "tng",
                other => return Err(not_taken("walletRedirect", other.as_str())),
            };
            json!({"type": kind})
        }
        _ => return Ok(None),
    };
    Ok(Some(source))
}

/// The `source` of a PayPal payment. Checkout.com's PayPal guide (the redirect payment flow of
/// "PayPal", checkout.com/docs/payments/add-payment-methods/paypal, 2022) sends `source: {type:
/// paypal}` to POST /payments with success_url and failure_url; the answer is 202 Pending with
/// `_links.redirect` to PayPal, where the shopper approves, then comes back to one of the two
/// URLs. The same guide: a one-step payment, "captured immediately after authorization", no
/// separate capture; full and partial refunds. PaymentRequestPayPalSource (nas_spec 2023-07,
/// and checkout-sdk-go's requestPayPalSource) takes `type` and an optional `plan`, the PayPal
/// billing agreement that saving needs, which this version does not make.
fn paypal_source(p: &PayPalWallet, c: &ApmContext) -> Result<Value, SidecarError> {
    if p.email.as_deref().is_some_and(|e| !e.trim().is_empty()) {
        return Err(SidecarError::invalid_field(
            &format!("{FIELD}.paypal.email"),
            "Checkout.com's paypal source has no field that prefills the PayPal login: leave paypal.email out (customer.email is sent as the payment's customer)".into(),
        ));
    }
    if c.capture == CaptureMethod::Manual {
        return Err(SidecarError::invalid_field(
            "request.captureMethod",
            "Checkout.com captures a PayPal redirect payment as soon as the shopper approves it (its PayPal guide: no separate capture): use captureMethod automatic".into(),
        ));
    }
    if c.saving {
        return Err(SidecarError::invalid_field(
            "request.setupFutureUsage",
            "Checkout.com saves a PayPal account only under a PayPal billing agreement (source.plan), which this version does not make: leave setupFutureUsage out".into(),
        ));
    }
    if c.return_url.is_none() {
        return Err(SidecarError::missing_field(
            "request.returnUrl",
            "the shopper approves the payment at PayPal and comes back to Checkout.com's success_url / failure_url",
        ));
    }
    Ok(json!({"type": "paypal"}))
}

const DEBIT: &str = "request.paymentMethod.bankDebit";
const BILLING: &str = "request.billingAddress";

/// The account holder's first and last names, from `bankDebit.accountHolderName` (the name the
/// bank holds): everything before the last space is the first name. Checkout.com's account
/// holders take `first_name` and `last_name` of at most 50 characters each.
fn holder_names(b: &BankDebit, scheme: &str) -> Result<(String, String), SidecarError> {
    let field = format!("{DEBIT}.accountHolderName");
    let name = b.account_holder_name.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some((first, last)) = name.rsplit_once(' ') else {
        return Err(SidecarError::invalid_field(
            &field,
            format!("Checkout.com's {scheme} source takes the account holder's first and last name (account_holder.first_name and last_name): give both"),
        ));
    };
    if first.chars().count() > 50 || last.chars().count() > 50 {
        return Err(SidecarError::invalid_field(&field, format!("Checkout.com's {scheme} source takes a first and a last name of at most 50 characters each")));
    }
    Ok((first.to_string(), last.to_string()))
}

/// A required part of the billing address, at most `max` characters.
fn billing_part<'a>(value: &'a Option<String>, name: &str, max: usize, why: &str) -> Result<&'a str, SidecarError> {
    let field = format!("{BILLING}.{name}");
    let v = crate::kit::text::present(value).ok_or_else(|| SidecarError::missing_field(&field, why))?;
    if v.chars().count() > max {
        return Err(SidecarError::invalid_field(&field, format!("Checkout.com's SEPA source takes at most {max} characters here")));
    }
    Ok(v)
}

/// `date_of_signature` (yyyy-MM-dd): the day of `mandateAcceptance.acceptedAt`, in UTC.
fn date_of_signature(b: &BankDebit) -> Result<String, SidecarError> {
    let field = format!("{DEBIT}.mandateAcceptance.acceptedAt");
    let at = b.mandate_acceptance.as_ref().and_then(|m| m.accepted_at.as_deref()).map(str::trim).filter(|a| !a.is_empty()).ok_or_else(|| {
        SidecarError::missing_field(
            &field,
            "SEPA Direct Debit collects on a mandate the shopper signed: Checkout.com takes its date (source.date_of_signature); give the time the shopper accepted it",
        )
    })?;
    let unix = crate::kit::time::parse_iso8601_utc(at)
        .ok_or_else(|| SidecarError::invalid_field(&field, "ISO 8601 UTC, e.g. 2026-03-22T10:15:00Z".into()))?;
    Ok(crate::kit::time::iso8601_utc(unix)[..10].to_string())
}

/// The `source` of a bank debit:
/// - SEPA, `PaymentRequestSEPAV4Source`: `country` (the IBAN's), `account_number` (the IBAN),
///   `currency` (EUR, the scheme's only currency), `date_of_signature`, and `account_holder`
///   with its names and `billing_address`, all five of whose fields the schema requires
///   (`address_line1`, `address_line2` ≤ 10, `city` ≤ 35, `zip` ≤ 16, `country`). `mandate_id`
///   is left out: Checkout.com makes one when the mandate is stored with POST /instruments, which
///   the unified request does not carry; `mandate_type` (Core or B2B) is left to the account.
/// - ACH, `PaymentRequestAchSource`: `account_type` (checking or savings), `country` US,
///   `account_number`, `bank_code` (the ABA routing number) and `account_holder`
///   (`AccountHolderAch`: `type`, `first_name` and `last_name` required, `billing_address`
///   optional). USD only. Nacha's consent stays with the merchant: the source has no field for it.
fn bank_debit_source(b: &BankDebit, c: &ApmContext) -> Result<Value, SidecarError> {
    match b.method {
        BankDebitMethod::Sepa => {
            if c.currency != "EUR" {
                return Err(SidecarError::invalid_field(
                    "request.amount.currency",
                    format!("SEPA Direct Debit collects euros only (Checkout.com's sepa source), not {}", c.currency),
                ));
            }
            let iban = b.iban.as_ref().ok_or_else(|| SidecarError::missing_field(&format!("{DEBIT}.iban"), "method is sepa"))?.expose();
            let (first, last) = holder_names(b, "SEPA")?;
            let why = "Checkout.com's SEPA source requires the account holder's full billing address (address_line1, address_line2, city, zip, country)";
            let a = c.billing.ok_or_else(|| SidecarError::missing_field(BILLING, why))?;
            let country = billing_part(&a.country, "country", 2, why)?.to_ascii_uppercase();
            let billing_address = json!({
                "address_line1": billing_part(&a.line1, "line1", 200, why)?,
                "address_line2": billing_part(&a.line2, "line2", 10, "Checkout.com's SEPA source requires address_line2 (at most 10 characters: the house number in its examples)")?,
                "city": billing_part(&a.city, "city", 35, why)?,
                "zip": billing_part(&a.postal_code, "postalCode", 16, why)?,
                "country": country,
            });
            Ok(json!({
                "type": "sepa",
                "country": &iban[..2],
                "account_number": iban,
                "currency": "EUR",
                "date_of_signature": date_of_signature(b)?,
                "account_holder": {
                    "type": "individual",
                    "first_name": first,
                    "last_name": last,
                    "billing_address": billing_address,
                },
            }))
        }
        BankDebitMethod::Ach => {
            if c.currency != "USD" {
                return Err(SidecarError::invalid_field(
                    "request.amount.currency",
                    format!("ACH debits collect US dollars only (Checkout.com's ach source), not {}", c.currency),
                ));
            }
            let account = b.account_number.as_ref().ok_or_else(|| SidecarError::missing_field(&format!("{DEBIT}.accountNumber"), "method is ach"))?;
            let routing = b.routing_number.as_deref().ok_or_else(|| SidecarError::missing_field(&format!("{DEBIT}.routingNumber"), "method is ach"))?;
            let (first, last) = holder_names(b, "ACH")?;
            let mut holder = json!({"type": "individual", "first_name": first, "last_name": last});
            if let Some(a) = c.billing.and_then(super::requests::CheckoutAddress::from_unified) {
                holder["billing_address"] = serde_json::to_value(a).expect("an address serializes");
            }
            let account_type = match b.account_type.unwrap_or_default() {
                BankAccountType::Checking => "checking",
                BankAccountType::Savings => "savings",
            };
            Ok(json!({
                "type": "ach",
                "account_type": account_type,
                "country": "US",
                "account_number": account.expose(),
                "bank_code": routing,
                "account_holder": holder,
            }))
        }
        other => Err(not_taken("bankDebit", other.as_str())),
    }
}

/// The ISO 639-1 part of a BCP 47 tag (`nl-NL` → `nl`).
fn language_code(tag: &str) -> Option<&str> {
    let code = tag.split(['-', '_']).next()?;
    (code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic())).then_some(code)
}

/// `3dsRequest` (integrated authentication) and `3dsRequestThirdParty` (an authentication done
/// elsewhere). Holds the CAVV: no `Debug`.
#[derive(Serialize)]
pub struct CheckoutThreeDs {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_indicator: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eci: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cryptogram: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

impl CheckoutThreeDs {
    fn integrated(enabled: bool, challenge_indicator: Option<&'static str>) -> Self {
        CheckoutThreeDs { enabled, challenge_indicator, eci: None, cryptogram: None, xid: None, version: None, status: None }
    }
}

/// What the `3ds` object says:
/// - `auto`: nothing, and Checkout.com decides (no 3DS unless the issuer soft-declines for it and
///   `allow_upgrade`, default true, upgrades the payment), except on the first payment of a
///   series with a `returnUrl`, which asks for 3DS with `challenge_requested_mandate`
///   (docs "Recurring payments with stored card details": the issuer authenticates the mandate);
/// - `challenge`: `enabled: true`, `challenge_indicator: challenge_requested` (or `_mandate`);
/// - `skip`: `enabled: false`;
/// - `external`: `enabled: true` with `eci`, `cryptogram`, `xid`, `version`, `status`
///   ("3D Secure payments with a third-party provider": `xid` is required for 3DS1 and for 3DS2
///   with Mastercard and Amex, where it is the directory server transaction id).
///
/// `card_number`: the card's or token's number (its scheme decides whether `xid` is required);
/// None for sources that are not cards, which take no 3-D Secure.
pub fn three_ds(
    t: &ThreeDs,
    card_number: Option<&str>,
    return_url: Option<&str>,
    first_of_series: bool,
) -> Result<Option<CheckoutThreeDs>, SidecarError> {
    let Some(number) = card_number else {
        if t.external.is_some() || t.mode != ThreeDsMode::Auto {
            return Err(SidecarError::invalid_field(
                "request.threeDs",
                "3-D Secure applies to card payments; this payment method authenticates the shopper at the bank or wallet".into(),
            ));
        }
        return Ok(None);
    };
    if let Some(e) = &t.external {
        let v2 = e.major_version() == 2;
        let xid = e.xid.clone().or_else(|| if v2 { e.ds_transaction_id.clone() } else { None });
        let brand = CardBrand::detect(number);
        if xid.is_none() && (!v2 || matches!(brand, CardBrand::Mastercard | CardBrand::Amex)) {
            return Err(SidecarError::missing_field(
                "request.threeDs.external.xid",
                "Checkout.com requires 3ds.xid for 3-D Secure 1 and, for 3-D Secure 2, with Mastercard and Amex (the directory server transaction id: give dsTransactionId)",
            ));
        }
        let lengths = [("eci", Some(e.eci.as_str()), 2), ("cavv", Some(e.cavv.expose()), 50), ("version", Some(e.version.as_str()), 10), ("xid", xid.as_deref(), 100)];
        for (name, value, max) in lengths {
            if value.is_some_and(|v| v.chars().count() > max) {
                // Never the value itself: the CAVV authorizes.
                return Err(SidecarError::invalid_field(&format!("request.threeDs.external.{name}"), format!("Checkout.com takes at most {max} characters here")));
            }
        }
        return Ok(Some(CheckoutThreeDs {
            enabled: true,
            challenge_indicator: None,
            eci: Some(e.eci.clone()),
            cryptogram: Some(e.cavv.expose().to_string()),
            xid,
            version: Some(e.version.clone()),
            status: e.status.clone(),
        }));
    }
    let challenge = if first_of_series { "challenge_requested_mandate" } else { "challenge_requested" };
    Ok(match t.mode {
        ThreeDsMode::Auto => (first_of_series && return_url.is_some()).then(|| CheckoutThreeDs::integrated(true, Some(challenge))),
        ThreeDsMode::Challenge => {
            if return_url.is_none() {
                return Err(SidecarError::missing_field(
                    "request.returnUrl",
                    "a 3-D Secure challenge sends the shopper to the issuer and back: Checkout.com needs success_url / failure_url",
                ));
            }
            Some(CheckoutThreeDs::integrated(true, Some(challenge)))
        }
        ThreeDsMode::Skip => Some(CheckoutThreeDs::integrated(false, None)),
    })
}

/// `payment_type` of a merchant-initiated series (PaymentRequest.payment_type, NAS 2023:
/// Regular, Recurring, MOTO, Installment, Unscheduled): a subscription is `Recurring`, one
/// purchase paid in parts `Installment`, charges when needed `Unscheduled`.
pub fn payment_type(r: RecurringType) -> &'static str {
    match r {
        RecurringType::Scheduled => "Recurring",
        RecurringType::Installment => "Installment",
        RecurringType::Unscheduled => "Unscheduled",
    }
}

/// `BillingDescriptor`: `name` (≤ 25) and `city` (≤ 13), both required, in the characters of
/// "Dynamic billing descriptor" (letters, digits, spaces and . ! * - = _ for the name; letters,
/// digits and spaces for the city). The city is the merchant's, from `auth.billingDescriptorCity`.
#[derive(Debug, Serialize)]
pub struct CheckoutBillingDescriptor<'a> {
    pub name: &'a str,
    pub city: &'a str,
}

pub fn billing_descriptor<'a>(
    descriptor: Option<&'a str>,
    city: Option<&'a str>,
    card_payment: bool,
) -> Result<Option<CheckoutBillingDescriptor<'a>>, SidecarError> {
    let Some(name) = descriptor.map(str::trim).filter(|d| !d.is_empty()) else { return Ok(None) };
    const FIELD: &str = "request.statementDescriptor";
    if !card_payment {
        return Err(SidecarError::invalid_field(
            FIELD,
            "Checkout.com shows a billing_descriptor on card statements only (\"applies to card payments only\"); leave it out for this payment method".into(),
        ));
    }
    if name.chars().count() > 25 {
        return Err(SidecarError::invalid_field(FIELD, format!("Checkout.com takes a billing descriptor name of at most 25 characters, got {}", name.chars().count())));
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || " .!*-=_".contains(c)) {
        return Err(SidecarError::invalid_field(FIELD, "Checkout.com's billing descriptor takes letters, digits, spaces and . ! * - = _ only".into()));
    }
    let city = city.map(str::trim).filter(|c| !c.is_empty()).ok_or_else(|| {
        SidecarError::missing_field("auth.billingDescriptorCity", "Checkout.com's billing_descriptor requires the city the charge originates from with its name")
    })?;
    if city.chars().count() > 13 || !city.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ') {
        return Err(SidecarError::invalid_field("auth.billingDescriptorCity", "Checkout.com takes a billing descriptor city of at most 13 letters, digits and spaces".into()));
    }
    Ok(Some(CheckoutBillingDescriptor { name, city }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{ExternalThreeDs, Secret};

    #[test]
    fn network_token_types_follow_the_scheme() {
        assert_eq!(token_type("4543474002249996", "f").unwrap(), "vts");
        assert_eq!(token_type("5436031030606378", "f").unwrap(), "mdes");
        assert_eq!(token_type("2223000048400011", "f").unwrap(), "mdes");
        let e = token_type("378282246310005", "request.paymentMethod.networkToken").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.paymentMethod.networkToken.number"));
        assert!(!e.message.contains("378282246310005"));
    }

    fn external(version: &str, xid: Option<&str>, ds: Option<&str>) -> ThreeDs {
        ThreeDs {
            mode: ThreeDsMode::Auto,
            external: Some(ExternalThreeDs {
                version: version.into(),
                cavv: Secret::new("AAABBBEAUAAAABgICABAAAAAAAA="),
                eci: "05".into(),
                ds_transaction_id: ds.map(Into::into),
                xid: xid.map(Into::into),
                status: None,
            }),
        }
    }

    #[test]
    fn external_authentication_needs_xid_where_checkout_com_says() {
        let visa = Some("4242424242424242");
        let mc = Some("5436031030606378");
        // 3DS2 Visa: optional; the DS transaction id stands in for it when given.
        assert!(three_ds(&external("2.2.0", None, None), visa, None, false).unwrap().unwrap().xid.is_none());
        let t = three_ds(&external("2.2.0", None, Some("ds-1")), mc, None, false).unwrap().unwrap();
        assert_eq!((t.enabled, t.xid.as_deref(), t.version.as_deref()), (true, Some("ds-1"), Some("2.2.0")));
        // 3DS2 Mastercard and any 3DS1 without it: refused, without the CAVV in the message.
        for (v, n) in [("2.1.0", mc), ("1.0.2", visa)] {
            let e = three_ds(&external(v, None, None), n, None, false).err().expect("refused");
            assert_eq!(e.field.as_deref(), Some("request.threeDs.external.xid"));
            assert!(!e.message.contains("AAABBBEAUAAAABgICABAAAAAAAA="));
        }
        // A 3DS1 DS id is not an xid.
        assert!(three_ds(&external("1.0.2", None, Some("ds-1")), visa, None, false).is_err());
    }

    #[test]
    fn modes() {
        let t = |mode| ThreeDs { mode, external: None };
        assert!(three_ds(&t(ThreeDsMode::Auto), Some(""), Some("https://r"), false).unwrap().is_none());
        let first = three_ds(&t(ThreeDsMode::Auto), Some(""), Some("https://r"), true).unwrap().unwrap();
        assert_eq!(first.challenge_indicator, Some("challenge_requested_mandate"));
        assert!(three_ds(&t(ThreeDsMode::Auto), Some(""), None, true).unwrap().is_none());
        let ch = three_ds(&t(ThreeDsMode::Challenge), Some(""), Some("https://r"), false).unwrap().unwrap();
        assert_eq!((ch.enabled, ch.challenge_indicator), (true, Some("challenge_requested")));
        assert!(!three_ds(&t(ThreeDsMode::Skip), Some(""), None, false).unwrap().unwrap().enabled);
        // Not a card: only auto.
        assert!(three_ds(&t(ThreeDsMode::Auto), None, Some("https://r"), true).unwrap().is_none());
        assert!(three_ds(&t(ThreeDsMode::Skip), None, None, false).is_err());
    }

    #[test]
    fn series_types() {
        assert_eq!(payment_type(RecurringType::Scheduled), "Recurring");
        assert_eq!(payment_type(RecurringType::Installment), "Installment");
        assert_eq!(payment_type(RecurringType::Unscheduled), "Unscheduled");
    }

    #[test]
    fn billing_descriptor_limits() {
        let d = billing_descriptor(Some("SUPERHEROES.COM"), Some("GOTHAM"), true).unwrap().unwrap();
        assert_eq!((d.name, d.city), ("SUPERHEROES.COM", "GOTHAM"));
        assert!(billing_descriptor(None, None, true).unwrap().is_none());
        assert!(billing_descriptor(Some("  "), None, false).unwrap().is_none());
        let e = billing_descriptor(Some(&"A".repeat(26)), Some("GOTHAM"), true).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.statementDescriptor"));
        assert!(billing_descriptor(Some(&"A".repeat(25)), Some("GOTHAM"), true).is_ok());
        assert!(billing_descriptor(Some("ORDER #12"), Some("GOTHAM"), true).is_err(), "# is refused by Checkout.com");
        assert_eq!(billing_descriptor(Some("SHOP"), None, true).unwrap_err().field.as_deref(), Some("auth.billingDescriptorCity"));
        assert!(billing_descriptor(Some("SHOP"), Some("SAN FRANCISCO1"), true).is_err(), "14 characters");
        assert!(billing_descriptor(Some("SHOP"), Some("LONDON"), false).is_err(), "card payments only");
    }

    fn debit(method: BankDebitMethod, name: &str, accepted_at: Option<&str>) -> BankDebit {
        BankDebit {
            method,
            account_holder_name: name.into(),
            iban: Some(Secret::new("DE89370400440532013000")),
            account_number: Some(Secret::new("4099999992")),
            routing_number: Some("011075150".into()),
            sort_code: None,
            bsb_number: None,
            account_type: None,
            ifsc: None,
            auth_type: None,
            mandate_id: None,
            processor_method: None,
            mandate_acceptance: accepted_at.map(|a| crate::protocol::MandateAcceptance { accepted_at: Some(a.into()), ..Default::default() }),
        }
    }

    fn ctx<'a>(currency: &'a str, billing: Option<&'a Address>) -> ApmContext<'a> {
        ApmContext {
            reference: "r",
            description: None,
            customer: None,
            billing,
            language: None,
            currency,
            capture: CaptureMethod::Automatic,
            saving: false,
            return_url: Some("https://shop.example/return"),
        }
    }

    #[test]
    fn sepa_signature_date_is_the_utc_day_of_acceptance() {
        assert_eq!(date_of_signature(&debit(BankDebitMethod::Sepa, "A B", Some("2025-03-22T23:59:59.5Z"))).unwrap(), "2025-03-22");
        assert_eq!(date_of_signature(&debit(BankDebitMethod::Sepa, "A B", Some("2024-02-29T00:00:00+00:00"))).unwrap(), "2024-02-29");
        for bad in ["2025-03-22", "22/03/2025 10:00", "2025-13-01T00:00:00Z"] {
            let e = date_of_signature(&debit(BankDebitMethod::Sepa, "A B", Some(bad))).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("request.paymentMethod.bankDebit.mandateAcceptance.acceptedAt"), "{bad}");
        }
        assert!(date_of_signature(&debit(BankDebitMethod::Sepa, "A B", None)).is_err());
    }

    #[test]
    fn holder_names_split_at_the_last_space() {
        assert_eq!(holder_names(&debit(BankDebitMethod::Ach, " Mary  Ann   van Dyke ", None), "ACH").unwrap(), ("Mary Ann van".into(), "Dyke".into()));
        assert!(holder_names(&debit(BankDebitMethod::Ach, "Cher", None), "ACH").is_err());
        assert!(holder_names(&debit(BankDebitMethod::Ach, &format!("A {}", "b".repeat(51)), None), "ACH").is_err());
    }

    #[test]
    fn bank_debit_refusals_never_quote_the_account() {
        let address = Address { line1: Some("Rue Exemple".into()), city: Some("Paris".into()), postal_code: Some("75000".into()), country: Some("FR".into()), ..Default::default() };
        let cases = [
            bank_debit_source(&debit(BankDebitMethod::Sepa, "Ali Farid", Some("2025-03-22T10:00:00Z")), &ctx("EUR", Some(&address))).unwrap_err(),
            bank_debit_source(&debit(BankDebitMethod::Sepa, "Ali Farid", Some("2025-03-22T10:00:00Z")), &ctx("EUR", None)).unwrap_err(),
            bank_debit_source(&debit(BankDebitMethod::Sepa, "Farid", Some("2025-03-22T10:00:00Z")), &ctx("EUR", Some(&address))).unwrap_err(),
            bank_debit_source(&debit(BankDebitMethod::Ach, "John Smith", None), &ctx("CAD", None)).unwrap_err(),
        ];
        assert_eq!(cases[0].field.as_deref(), Some("request.billingAddress.line2"));
        assert_eq!(cases[1].field.as_deref(), Some("request.billingAddress"));
        for e in &cases {
            assert!(!e.message.contains("DE89370400440532013000") && !e.message.contains("4099999992"), "{}", e.message);
        }
        // ACH without a billing address: optional in AccountHolderAch.
        let ach = bank_debit_source(&debit(BankDebitMethod::Ach, "John Smith", None), &ctx("USD", None)).unwrap();
        assert_eq!(ach["account_type"], "checking");
        assert!(ach["account_holder"].get("billing_address").is_none());
    }

    #[test]
    fn languages() {
        assert_eq!(language_code("nl-NL"), Some("nl"));
        assert_eq!(language_code("de"), Some("de"));
        assert_eq!(language_code("zh_Hant"), Some("zh"));
        assert_eq!(language_code("fil-PH"), None);
    }
}

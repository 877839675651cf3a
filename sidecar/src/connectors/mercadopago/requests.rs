//! Mercado Pago's request bodies, named as its API reference ("Create payment", "Update payment",
//! "Create refund": https://www.mercadopago.com.br/developers/en/reference/payments/_payments/post)
//! and the official Node SDK's types (`PaymentCreateRequest`, `PaymentCaptureClient`,
//! `PaymentRefundCreateClient`) name them.

use crate::kit::crypto::sha256_hex;
use crate::kit::money::{iso_exponent, json_number, minor_units_for};
use crate::kit::text::present;
use crate::protocol::{
    AuthorizeRequest, CaptureMethod, CustomerDocument, Money, PaymentMethod, SidecarError, ThreeDsMode, Voucher, VoucherMethod,
};
use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// The currencies Mercado Pago's Payments API charges in: the local currency of each country
/// where a seller account lives (Argentina, Brazil, Chile, Colombia, Mexico, Peru, Uruguay).
/// A payment is in its seller's currency; any other is refused before the call.
pub const CURRENCIES: &[&str] = &["ARS", "BRL", "CLP", "COP", "MXN", "PEN", "UYU"];

/// The longest `X-Idempotency-Key` sent as given; a longer one is sent as its SHA-256.
const MAX_KEY: usize = 64;

/// A unified amount as Mercado Pago's `transaction_amount` / refund `amount`: a JSON number in
/// major units with the currency's ISO 4217 decimals (BRL `100.5`, CLP whole pesos), written as
/// exact decimal text. Refused when the currency is not one Mercado Pago charges in, or when
/// the amount cannot be sent exactly.
pub fn amount(money: &Money, field: &str) -> Result<Box<RawValue>, SidecarError> {
    let currency = money.currency.trim();
    if !CURRENCIES.contains(&currency) {
        return Err(SidecarError::invalid_field(
            &format!("{field}.currency"),
            format!(
                "Mercado Pago charges in the seller's local currency, one of {}; {currency} is not one of them",
                CURRENCIES.join(", ")
            ),
        ));
    }
    let exponent = iso_exponent(currency)
        .ok_or_else(|| SidecarError::invalid_field(&format!("{field}.currency"), "not an ISO 4217 currency".into()))?;
    let minor = minor_units_for(money, exponent, field)?;
    if minor <= 0 {
        return Err(SidecarError::invalid_field(
            &format!("{field}.minorAmount"),
            "Mercado Pago takes a transaction_amount above zero".into(),
        ));
    }
    json_number(minor, exponent, &format!("{field}.minorAmount"), "Mercado Pago")
}

/// The `X-Idempotency-Key` of one call: the caller's key when given, else one derived from what
/// makes the operation unique (so a resent request is the same key, and Mercado Pago answers it
/// with the first call's result instead of charging twice). Long or non-ASCII keys are hashed.
pub fn idempotency_key(caller_key: Option<&str>, derived_from: &[&str]) -> String {
    let key = match caller_key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => k.to_string(),
        None => format!("sidecar:{}", derived_from.join(":")),
    };
    if key.len() <= MAX_KEY && key.bytes().all(|b| b.is_ascii_graphic()) {
        key
    } else {
        format!("sha256-{}", &sha256_hex(key.as_bytes())[..MAX_KEY - 7])
    }
}

/// `POST /v1/payments`.
#[derive(Debug, Serialize)]
pub struct CreatePayment {
    pub transaction_amount: Box<RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installments: Option<u32>,
    pub payment_method_id: String,
    pub payer: Payer,
    /// `false` for authorize-only (cards): the payment stays `authorized` until captured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capture: Option<bool>,
    pub external_reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement_descriptor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub three_d_secure_mode: Option<&'static str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

/// `payer`: who pays. `email` is required for Pix, Boleto and OXXO; Boleto also needs the name,
/// the CPF/CNPJ and the address.
#[derive(Debug, Serialize, Default)]
pub struct Payer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identification: Option<Identification>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<PayerAddress>,
}

#[derive(Debug, Serialize)]
pub struct Identification {
    #[serde(rename = "type")]
    pub kind: String,
    pub number: String,
}

/// `payer.address` as Boleto takes it.
#[derive(Debug, Serialize)]
pub struct PayerAddress {
    pub zip_code: String,
    pub street_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neighborhood: Option<String>,
    pub city: String,
    pub federal_unit: String,
}

/// `PUT /v1/payments/{id}` to capture: `{capture: true, transaction_amount}` (a lower amount is
/// a partial capture; the rest of the authorization is released).
#[derive(Debug, Serialize)]
pub struct CapturePayment {
    pub capture: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_amount: Option<Box<RawValue>>,
}

/// `PUT /v1/payments/{id}` to cancel: `{status: "cancelled"}`.
#[derive(Debug, Serialize)]
pub struct CancelPayment {
    pub status: &'static str,
}

/// `POST /v1/payments/{id}/refunds`: `{amount}` (partial; several allowed).
#[derive(Debug, Serialize)]
pub struct CreateRefund {
    pub amount: Box<RawValue>,
}

/// The `payment_method_id` of a voucher or Pix (Mercado Pago's own words: `pix`,
/// `bolbradesco` for Boleto, `oxxo`). Konbini is Japanese: Mercado Pago has none.
fn voucher_method_id(v: &Voucher) -> Result<&'static str, SidecarError> {
    match v.method {
        VoucherMethod::Pix => Ok("pix"),
        VoucherMethod::Boleto => Ok("bolbradesco"),
        VoucherMethod::Oxxo => Ok("oxxo"),
        VoucherMethod::Konbini => Err(SidecarError::payment_method_not_supported(
            "Mercado Pago has no Konbini (a Japanese convenience-store payment): its vouchers are Boleto (Brazil) and OXXO (Mexico), and Pix",
        )),
    }
}

/// The identification types Mercado Pago lists (GET /v1/identification_types) in the countries
/// it serves: Brazil CPF, CNPJ; Argentina DNI, CI, LC, LE, CUIT, CUIL; Colombia CC, CE, NIT;
/// Chile RUT; Peru DNI, C.E, RUC; Uruguay CI; and `Otro` where a country lists it.
pub const IDENTIFICATION_TYPES: &[&str] = &["CPF", "CNPJ", "DNI", "CI", "LC", "LE", "CUIT", "CUIL", "CC", "CE", "NIT", "RUT", "C.E", "RUC", "Otro"];

/// A document's number without its punctuation (. - / and spaces).
fn document_digits(number: &str) -> String {
    number.chars().filter(|c| !matches!(c, '.' | '-' | '/' | ' ')).collect()
}

/// The CPF (11 digits) or CNPJ (14 digits) of a Brazilian document, punctuation dropped.
fn identification(tax_id: &str, field: &str) -> Result<Identification, SidecarError> {
    let digits = document_digits(tax_id);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SidecarError::invalid_field(field, "a CPF or CNPJ is digits (punctuation . - / allowed)".into()));
    }
    match digits.len() {
        11 => Ok(Identification { kind: "CPF".into(), number: digits }),
        14 => Ok(Identification { kind: "CNPJ".into(), number: digits }),
        n => Err(SidecarError::invalid_field(
            field,
            format!("a CPF has 11 digits and a CNPJ 14; this one has {n}"),
        )),
    }
}

/// `payer.identification` from `customer.document`: its type as Mercado Pago names it (a
/// Brazilian number without a type is a CPF or CNPJ by its length), its number.
fn document_identification(d: &CustomerDocument) -> Result<Identification, SidecarError> {
    let number = d.number.expose().trim();
    if number.is_empty() {
        return Err(SidecarError::missing_field("request.customer.document.number", "Mercado Pago's payer.identification has a number"));
    }
    let Some(kind) = present(&d.kind) else {
        return identification(number, "request.customer.document.number").map_err(|_| {
            SidecarError::missing_field(
                "request.customer.document.type",
                "Mercado Pago's payer.identification names its type (CPF, CNPJ, DNI, CUIT, RUT, ...); only an 11- or 14-digit Brazilian CPF or CNPJ goes without one",
            )
        });
    };
    let Some(known) = IDENTIFICATION_TYPES.iter().find(|t| t.eq_ignore_ascii_case(kind)) else {
        return Err(SidecarError::invalid_field(
            "request.customer.document.type",
            format!("not an identification type of Mercado Pago's: {}", IDENTIFICATION_TYPES.join(", ")),
        ));
    };
    if matches!(*known, "CPF" | "CNPJ") {
        let id = identification(number, "request.customer.document.number")?;
        if id.kind != *known {
            return Err(SidecarError::invalid_field("request.customer.document.number", format!("a {known} has {} digits", if *known == "CPF" { 11 } else { 14 })));
        }
        return Ok(id);
    }
    let cleaned = document_digits(number);
    if cleaned.is_empty() || cleaned.len() > 20 || !cleaned.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(SidecarError::invalid_field("request.customer.document.number", "a document number is letters and digits (punctuation . - / allowed)".into()));
    }
    Ok(Identification { kind: known.to_string(), number: cleaned })
}

fn split_name(name: &str) -> (String, Option<String>) {
    match name.trim().rsplit_once(' ') {
        Some((f, l)) => (f.trim().to_string(), Some(l.trim().to_string())),
        None => (name.trim().to_string(), None),
    }
}

fn payer(r: &AuthorizeRequest, voucher: Option<&Voucher>) -> Result<Payer, SidecarError> {
    let customer = r.customer.as_ref();
    let billing = r.billing_address.as_ref();
    let mut p = Payer {
        email: customer.and_then(|c| present(&c.email)).map(str::to_string),
        ..Payer::default()
    };
    let (first, last) = match (billing.and_then(|b| present(&b.first_name)), customer.and_then(|c| present(&c.name))) {
        (Some(f), _) => (Some(f.to_string()), billing.and_then(|b| present(&b.last_name)).map(str::to_string)),
        (None, Some(name)) => {
            let (f, l) = split_name(name);
            (Some(f), l)
        }
        (None, None) => (None, None),
    };
    p.first_name = first;
    p.last_name = last;
    // The shopper's document, for every payment method: local cards in Brazil and Argentina, Pix
    // and Boleto carry it as payer.identification.
    if let Some(d) = customer.and_then(|c| c.document.as_ref()) {
        p.identification = Some(document_identification(d)?);
    }
    if let Some(v) = voucher {
        if p.email.is_none() {
            return Err(SidecarError::missing_field(
                "request.customer.email",
                "Mercado Pago requires payer.email for Pix, Boleto and OXXO payments",
            ));
        }
        if let Some(tax) = present(&v.tax_id) {
            let id = identification(tax, "request.paymentMethod.voucher.taxId")?;
            if p.identification.as_ref().is_some_and(|d| d.number != id.number) {
                return Err(SidecarError::invalid_field(
                    "request.paymentMethod.voucher.taxId",
                    "it names another document than request.customer.document: Mercado Pago's payer has one identification".into(),
                ));
            }
            p.identification = Some(id);
        }
        if v.method == VoucherMethod::Boleto {
            // Mercado Pago's Checkout API (Brazil, Boleto) lists the payer's identification (type
            // and number) among the payer fields a Boleto requires, with the name and address.
            if p.identification.is_none() {
                return Err(SidecarError::missing_field(
                    "request.customer.document",
                    "Mercado Pago requires the payer's CPF or CNPJ (payer.identification) for Boleto (or give it as paymentMethod.voucher.taxId)",
                ));
            }
            if !matches!(p.identification.as_ref().map(|i| i.kind.as_str()), Some("CPF" | "CNPJ")) {
                return Err(SidecarError::invalid_field(
                    "request.customer.document.type",
                    "Mercado Pago's Boleto takes a Brazilian CPF or CNPJ".into(),
                ));
            }
            if p.first_name.is_none() || p.last_name.is_none() {
                return Err(SidecarError::missing_field(
                    "request.customer.name",
                    "Mercado Pago requires payer.first_name and payer.last_name for Boleto (customer.name with a first and last name, or billingAddress.firstName and lastName)",
                ));
            }
            let b = billing.ok_or_else(|| {
                SidecarError::missing_field("request.billingAddress", "Mercado Pago requires payer.address for Boleto")
            })?;
            let need = |v: &Option<String>, f: &str| {
                present(v).map(str::to_string).ok_or_else(|| {
                    SidecarError::missing_field(&format!("request.billingAddress.{f}"), "Mercado Pago requires it in payer.address for Boleto")
                })
            };
            p.address = Some(PayerAddress {
                zip_code: need(&b.postal_code, "postalCode")?,
                street_name: need(&b.line1, "line1")?,
                street_number: None,
                neighborhood: present(&b.line2).map(str::to_string),
                city: need(&b.city, "city")?,
                federal_unit: need(&b.state, "state")?,
            });
        }
    }
    Ok(p)
}

impl CreatePayment {
    pub fn from_unified(r: &AuthorizeRequest) -> Result<Self, SidecarError> {
        let transaction_amount = amount(&r.amount, "request.amount")?;
        let reference = r.merchant_transaction_id.trim();
        if reference.chars().count() > 256 {
            return Err(SidecarError::invalid_field(
                "request.merchantTransactionId",
                "Mercado Pago's external_reference takes at most 256 characters".into(),
            ));
        }
        let (token, payment_method_id, installments, voucher) = match &r.payment_method {
            PaymentMethod::Token(t) => {
                let method = present(&t.kind).ok_or_else(|| {
                    SidecarError::missing_field(
                        "request.paymentMethod.token.kind",
                        "Mercado Pago takes a card token with its payment_method_id (visa, master, amex, elo, ...), which MercadoPago.js gives with the token",
                    )
                })?;
                if !method.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                    return Err(SidecarError::invalid_field(
                        "request.paymentMethod.token.kind",
                        "a Mercado Pago payment_method_id is a word such as visa, master, amex or debvisa".into(),
                    ));
                }
                crate::connectors::required(t.value.expose(), "request.paymentMethod.token.value")?;
                (Some(t.value.expose().trim().to_string()), method.to_ascii_lowercase(), Some(1), None)
            }
            PaymentMethod::Voucher(v) => {
                if r.capture_method == CaptureMethod::Manual {
                    return Err(SidecarError::invalid_field(
                        "request.captureMethod",
                        "Mercado Pago authorizes without capture only card payments; Pix, Boleto and OXXO are paid by the shopper in full (use automatic)".into(),
                    ));
                }
                (None, voucher_method_id(v)?.to_string(), None, Some(v))
            }
            other => {
                return Err(SidecarError::payment_method_not_supported(&format!(
                    "Mercado Pago does not take {} payments (see listConnectors paymentMethods for its reason)",
                    other.type_name()
                )))
            }
        };
        if r.three_ds.external.is_some() {
            return Err(SidecarError::invalid_field(
                "request.threeDs.external",
                "Mercado Pago runs 3-D Secure itself (three_d_secure_mode); its Payments API takes no result of an authentication done elsewhere".into(),
            ));
        }
        let is_card = token.is_some();
        Ok(CreatePayment {
            transaction_amount,
            token,
            installments,
            payment_method_id,
            payer: payer(r, voucher)?,
            capture: (is_card && r.capture_method == CaptureMethod::Manual).then_some(false),
            external_reference: reference.to_string(),
            description: present(&r.description).map(str::to_string),
            statement_descriptor: present(&r.statement_descriptor).map(str::to_string),
            notification_url: present(&r.webhook_url).map(str::to_string),
            callback_url: present(&r.return_url).map(str::to_string),
            three_d_secure_mode: match (is_card, r.three_ds.mode) {
                (true, ThreeDsMode::Challenge) => Some("mandatory"),
                // Mercado Pago's own default (not_supported unless the account enables 3DS).
                (true, ThreeDsMode::Auto) => None,
                (true, ThreeDsMode::Skip) => Some("not_supported"),
                (false, _) => None,
            },
            metadata: r.metadata.clone(),
        })
    }
}

//! dLocal's request bodies, named as its Payins API reference names them: Create a payment
//! (https://docs.dlocal.com/reference/create-payment, the Payer and Card objects of
//! https://docs.dlocal.com/api-documentation/payins-api-reference/payments/credit-card-payments),
//! Capture an authorization (https://docs.dlocal.com/reference/capture-authorization) and Make a
//! refund (https://docs.dlocal.com/docs/refunds).

use crate::kit::money::{decimal_string, validate};
use crate::kit::text::{check_ip_address, present, present_owned};
use crate::protocol::{
    Address, AuthorizeRequest, BankTransfer, BankTransferMethod, CaptureMethod, Card, MobileMoney, MobileMoneyProvider, Money, PaymentMethod,
    RefundRequest, SidecarError, VoucherMethod,
};
use serde::Serialize;
use serde_json::value::RawValue;

/// dLocal's `amount`: "float ... Decimals may vary by country. Length: 10,2 (e.g.,
/// 99999999.99)", in major units of `currency`. Written from integer minor units without a float:
/// the ISO 4217 exponent, at most two decimals (a three-decimal currency must end in 0), at most
/// 8 whole digits; anything else cannot be sent exactly and is refused.
pub fn dlocal_amount(money: &Money, field: &str) -> Result<Box<RawValue>, SidecarError> {
    let exponent = validate(money, field)?;
    let amount_field = format!("{field}.minorAmount");
    let (minor, decimals) = if exponent > 2 {
        let factor = 10i64.pow(u32::from(exponent - 2));
        if money.minor_amount % factor != 0 {
            return Err(SidecarError::invalid_field(
                &amount_field,
                format!(
                    "{} {cur} cannot be sent exactly: dLocal's amount has at most 2 decimals, so the amount must be a multiple of {factor}",
                    money.minor_amount,
                    cur = money.currency
                ),
            ));
        }
        (money.minor_amount / factor, 2)
    } else {
        (money.minor_amount, exponent)
    };
    if let Some((_, country, dl_decimals)) = WHOLE_UNITS.iter().find(|(c, _, _)| *c == money.currency) {
        let factor = 10i64.pow(u32::from(decimals.saturating_sub(*dl_decimals)));
        if money.minor_amount % factor != 0 {
            return Err(SidecarError::invalid_field(
                &amount_field,
                format!(
                    "{} {cur} cannot be sent exactly: dLocal's {country} page gives {cur} {dl_decimals} amount decimals, so the amount must be a multiple of {factor}",
                    money.minor_amount,
                    cur = money.currency
                ),
            ));
        }
    }
    let text = decimal_string(minor, decimals);
    let whole_digits = text.split('.').next().map(str::len).unwrap_or(0);
    if whole_digits > 8 {
        return Err(SidecarError::invalid_field(
            &amount_field,
            format!("dLocal's amount takes at most 8 whole digits (99999999.99 {}); this amount is larger", money.currency),
        ));
    }
    Ok(RawValue::from_string(text).expect("a decimal is a JSON number"))
}

/// Currencies whose dLocal country page (Country reference, "amount decimals") gives fewer
/// decimals than ISO 4217: Colombia, COP 0. An amount with a fraction of those is refused.
const WHOLE_UNITS: &[(&str, &str, u8)] = &[("COP", "Colombia", 0)];

/// The Address object of the Payer.
#[derive(Debug, Serialize, Default)]
pub struct DlocalAddress {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
}

/// The Payer object: name and email required; document (the national id: CPF, CURP, ...)
/// where the country asks for it.
#[derive(Debug, Serialize)]
pub struct DlocalPayer {
    pub name: String,
    pub email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<DlocalAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
}

/// The Card object: the card's data (to `/secure_payments`, PCI DSS merchants), or a dLocal.js /
/// Smart Fields `token`, or a saved card's `card_id` (to `/payments`); `capture: false` holds the
/// money for a later capture.
#[derive(Debug, Serialize, Default)]
pub struct DlocalCard {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_month: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_year: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvv: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_id: Option<String>,
    pub capture: bool,
    /// "save": true keeps the card; the answer's card.card_id pays the next time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub save: Option<bool>,
}

/// Create a payment (`POST /payments`, or `POST /secure_payments` with card data).
#[derive(Debug, Serialize)]
pub struct DlocalPaymentRequest {
    pub amount: Box<RawValue>,
    pub currency: String,
    pub country: String,
    pub payment_method_id: String,
    pub payment_method_flow: &'static str,
    pub payer: DlocalPayer,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<DlocalCard>,
    pub order_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    /// Ghana's mobile money: `metadata.mobile_carrier` (see [`MobileMoneyCountry::ghana_carrier`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<DlocalMetadata>,
}

/// The payment's `metadata`: only what dLocal documents a use for.
#[derive(Debug, Serialize)]
pub struct DlocalMetadata {
    pub mobile_carrier: &'static str,
}

/// One country where dLocal takes mobile money (Africa / Mobile Money payments,
/// https://docs.dlocal.com/docs/mobile-money-payments: "available in Cameroon, Ghana, Ivory Coast,
/// Kenya, Rwanda, Senegal, Tanzania, and Uganda", DIRECT flow, `payer.phone` mandatory, PENDING
/// until the shopper enters their PIN), as that country's page lists its payment_method_ids:
/// `MW` ("All telecom companies") and, where the page lists them, one id per operator.
pub struct MobileMoneyCountry {
    pub country: &'static str,
    /// The E.164 calling code of the country's wallets (the country when no address gives it).
    pub calling_code: &'static str,
    /// The unified provider → dLocal's payment_method_id for it.
    pub operators: &'static [(MobileMoneyProvider, &'static str)],
}

use MobileMoneyProvider as Mm;

/// The country pages read for this table: Ghana (MW / AT AirtelTigo / MT MTN / VF Vodafone),
/// Ivory Coast (MW / MT MTN / MV MooV / OR Orange), Tanzania (MW / VC Vodacom, whose wallet is
/// M-Pesa / AN Airtel), Kenya (MW; wallets Airtel and M-Pesa), Cameroon (MW; wallets Orange and
/// MTN), Uganda (MW; wallets MTN, Airtel and others) and Rwanda (MW; its operators MTN and Airtel).
/// Senegal's providers (Wave, Orange) pay on the provider's page (REDIRECT), not by a PIN prompt.
pub const MOBILE_MONEY: &[MobileMoneyCountry] = &[
    MobileMoneyCountry {
        country: "GH",
        calling_code: "233",
        operators: &[(Mm::Mtn, "MT"), (Mm::Vodafone, "VF"), (Mm::AirtelTigo, "AT")],
    },
    MobileMoneyCountry { country: "CI", calling_code: "225", operators: &[(Mm::Mtn, "MT"), (Mm::Orange, "OR")] },
    MobileMoneyCountry { country: "TZ", calling_code: "255", operators: &[(Mm::Mpesa, "VC"), (Mm::Airtel, "AN")] },
    MobileMoneyCountry { country: "KE", calling_code: "254", operators: &[(Mm::Mpesa, "MW"), (Mm::Airtel, "MW")] },
    MobileMoneyCountry { country: "CM", calling_code: "237", operators: &[(Mm::Mtn, "MW"), (Mm::Orange, "MW")] },
    MobileMoneyCountry { country: "UG", calling_code: "256", operators: &[(Mm::Mtn, "MW"), (Mm::Airtel, "MW")] },
    MobileMoneyCountry { country: "RW", calling_code: "250", operators: &[(Mm::Mtn, "MW"), (Mm::Airtel, "MW")] },
];

impl MobileMoneyCountry {
    /// Ghana: "the mobile carrier is mandatory: `metadata.mobile_carrier`. Possible values for that
    /// parameter are MTN, VODAFONE or TIGO" (AirtelTigo's wallet is the former Tigo Cash).
    fn ghana_carrier(&self, provider: MobileMoneyProvider) -> Option<&'static str> {
        if self.country != "GH" {
            return None;
        }
        match provider {
            Mm::Mtn => Some("MTN"),
            Mm::Vodafone => Some("VODAFONE"),
            Mm::AirtelTigo => Some("TIGO"),
            _ => None,
        }
    }
}

/// Whether `payment_method_id` in `country` is one of dLocal's mobile money ids (an answer's
/// PENDING then waits for the shopper's PIN, not for a page).
pub fn is_mobile_money(country: &str, payment_method_id: &str) -> bool {
    MOBILE_MONEY.iter().any(|c| {
        c.country.eq_ignore_ascii_case(country.trim())
            && (payment_method_id.trim().eq_ignore_ascii_case("MW") || c.operators.iter().any(|(_, id)| id.eq_ignore_ascii_case(payment_method_id.trim())))
    })
}

const MOBILE_MONEY_COUNTRIES: &str = "Cameroon, Ghana, Ivory Coast, Kenya, Rwanda, Tanzania and Uganda";

/// The payment_method_id, country and Ghana's carrier of a mobile money payment. The country is the
/// billing address's, else the wallet number's calling code; they must agree.
fn mobile_money(m: &MobileMoney, billing_country: Option<&str>) -> Result<(&'static str, String, Option<&'static str>), SidecarError> {
    let field = "request.paymentMethod.mobileMoney";
    let digits = m.phone_digits();
    let by_phone = MOBILE_MONEY.iter().find(|c| digits.starts_with(c.calling_code));
    let row = match billing_country {
        Some(c) => {
            let c = country_code(c, "request.billingAddress.country")?;
            if c == "SN" {
                return Err(SidecarError::payment_method_not_supported(
                    "dLocal's Senegal wallets (Wave, Orange) are paid on the provider's page (payment_method_flow REDIRECT), not by the PIN prompt of mobile money",
                )
                .with_field("request.billingAddress.country"));
            }
            let row = MOBILE_MONEY.iter().find(|r| r.country == c).ok_or_else(|| {
                SidecarError::invalid_field(
                    "request.billingAddress.country",
                    format!("dLocal takes mobile money by a PIN prompt in {MOBILE_MONEY_COUNTRIES}, not in {c}"),
                )
            })?;
            if by_phone.map(|p| p.country) != Some(row.country) {
                // Never the number itself.
                return Err(SidecarError::invalid_field(
                    &format!("{field}.phoneNumber"),
                    format!("a {} wallet is a +{} number", row.country, row.calling_code),
                ));
            }
            row
        }
        None => by_phone.ok_or_else(|| {
            SidecarError::invalid_field(
                &format!("{field}.phoneNumber"),
                format!("dLocal takes mobile money by a PIN prompt in {MOBILE_MONEY_COUNTRIES}: the number is none of theirs"),
            )
        })?,
    };
    let id = row.operators.iter().find(|(p, _)| *p == m.provider).map(|(_, id)| *id).ok_or_else(|| {
        let offered = row.operators.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>().join(", ");
        SidecarError::invalid_field(
            &format!("{field}.provider"),
            format!("dLocal's mobile money in {} takes {offered}, not {}", row.country, m.provider.as_str()),
        )
    })?;
    Ok((id, row.country.to_string(), row.ghana_carrier(m.provider)))
}

/// A bank transfer's payment_method_id and country: dLocal's bank transfers are per-country
/// payment methods (payment_method_type BANK_TRANSFER: IO in Argentina, SPEI in Mexico, ...; its
/// country pages and Payment Methods endpoint list them), so `bank` is that id and `country`
/// (or the billing address's) its country. Sent in the DIRECT flow: "the important parameters of
/// the Bank Transfer ticket are returned via API" (the bank_transfer object).
fn bank_transfer(b: &BankTransfer, billing_country: Option<&str>) -> Result<(String, String), SidecarError> {
    let field = "request.paymentMethod.bankTransfer";
    if b.method == BankTransferMethod::SepaCreditTransfer {
        return Err(SidecarError::payment_method_not_supported(
            "dLocal takes no SEPA credit transfer: its bank transfers are the local ones of its emerging-market countries",
        )
        .with_field(&format!("{field}.method")));
    }
    let id = b.bank.as_deref().map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| {
        SidecarError::missing_field(
            &format!("{field}.bank"),
            "dLocal's bank transfers are per-country payment methods: give its payment_method_id (e.g. IO in Argentina) as bank",
        )
    })?;
    if id.len() > 4 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(SidecarError::invalid_field(&format!("{field}.bank"), "a dLocal payment_method_id, like IO: letters and digits".into()));
    }
    let country = match (b.country.as_deref(), billing_country) {
        (Some(c), Some(billing)) => {
            let (c, billing) = (country_code(c, &format!("{field}.country"))?, country_code(billing, "request.billingAddress.country")?);
            if c != billing {
                return Err(SidecarError::invalid_field(&format!("{field}.country"), "differs from the billing address's country".into()));
            }
            c
        }
        (Some(c), None) => country_code(c, &format!("{field}.country"))?,
        (None, Some(c)) => country_code(c, "request.billingAddress.country")?,
        (None, None) => {
            return Err(SidecarError::missing_field(
                &format!("{field}.country"),
                "dLocal requires the payment's country (country): give bankTransfer.country or the billing address's",
            ))
        }
    };
    Ok((id.to_ascii_uppercase(), country))
}

/// Where a payment goes: card data must go to `/secure_payments` ("If you are making a payment
/// with credit card information ... https://api.dlocal.com/secure_payments"); a token, a
/// card_id or a local method to `/payments`.
pub enum Endpoint {
    SecurePayments,
    Payments,
}

impl Endpoint {
    pub fn path(&self) -> &'static str {
        match self {
            Endpoint::SecurePayments => "/secure_payments",
            Endpoint::Payments => "/payments",
        }
    }
}

/// dLocal's `payment_method_id` of each voucher method it takes, and the country it exists in:
/// Boleto `BL` (Brazil), OXXO `OX` (Mexico), Pix `PQ` (Brazil: "Pix payment method is only
/// available in Brazil"). Konbini is Japanese; dLocal does not offer it.
fn voucher_method(method: VoucherMethod) -> Result<(&'static str, &'static str), SidecarError> {
    match method {
        VoucherMethod::Boleto => Ok(("BL", "BR")),
        VoucherMethod::Oxxo => Ok(("OX", "MX")),
        VoucherMethod::Pix => Ok(("PQ", "BR")),
        VoucherMethod::Konbini => Err(SidecarError::payment_method_not_supported(
            "dLocal does not offer Konbini (Japan is not among its payin countries' methods); it takes Boleto, OXXO and Pix",
        )
        .with_field("request.paymentMethod.voucher.method")),
    }
}

pub(super) fn country_code(text: &str, field: &str) -> Result<String, SidecarError> {
    let c = text.trim();
    if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(SidecarError::invalid_field(field, "an ISO 3166-1 alpha-2 code, like BR".into()));
    }
    Ok(c.to_ascii_uppercase())
}

/// The countries whose row of dLocal's Country Reference
/// (https://docs.dlocal.com/reference/country-reference) answers "Yes" to "document required by
/// country?": Argentina (DNI, CUIT or CUIL), Bahrain, Bangladesh, Benin, Bolivia (CI or NIT),
/// Botswana, Brazil (CPF or CNPJ), Cameroon, the Central African Republic, Chad, Chile (CI or RUT),
/// China, Colombia (CC or NIT) and Costa Rica (CI); and, from the country pages of its mobile
/// money countries, Ghana (Ghana Card), Ivory Coast (CNI), Rwanda, Tanzania and Uganda (their
/// national id cards); and, from the country pages of its online banking and wallet countries,
/// India (PAN), Indonesia (NIK), Malaysia (NRIC) and Peru (DNI): the rows read for this table. Any other country is left to dLocal's own
/// validation (5001, a missing parameter, when it wants one).
pub const DOCUMENT_REQUIRED: &[&str] =
    &["AR", "BD", "BH", "BJ", "BO", "BR", "BW", "CF", "CI", "CL", "CM", "CN", "CO", "CR", "GH", "ID", "IN", "MY", "PE", "RW", "TD", "TZ", "UG"];

/// `customer.document.number`, as dLocal's `payer.document` takes it (its type is not sent:
/// dLocal tells CPF from CNPJ, DNI from CUIT by their length).
fn customer_document(r: &AuthorizeRequest) -> Option<String> {
    r.customer.as_ref().and_then(|c| c.document.as_ref()).map(|d| d.number.expose().trim().to_string()).filter(|d| !d.is_empty())
}

/// The payer of a repeat payment: the customer's name and email, nothing else known.
pub fn repeat_payer(customer: Option<&crate::protocol::Customer>) -> Result<DlocalPayer, SidecarError> {
    let name = customer.and_then(|c| present_owned(&c.name)).ok_or_else(|| {
        SidecarError::missing_field("request.customer.name", "dLocal requires the payer's full name (payer.name)")
    })?;
    let email = customer.and_then(|c| present_owned(&c.email)).ok_or_else(|| {
        SidecarError::missing_field("request.customer.email", "dLocal requires the payer's email (payer.email)")
    })?;
    Ok(DlocalPayer {
        name,
        email,
        // A saved card's payment: the document when the merchant gives it.
        document: customer.and_then(|c| c.document.as_ref()).map(|d| d.number.expose().trim().to_string()).filter(|d| !d.is_empty()),
        phone: customer.and_then(|c| present_owned(&c.phone)),
        user_reference: customer.and_then(|c| present_owned(&c.id)),
        address: None,
        ip: None,
    })
}

fn payer(r: &AuthorizeRequest, document: Option<String>) -> Result<DlocalPayer, SidecarError> {
    let billing = r.billing_address.as_ref();
    let customer = r.customer.as_ref();
    let name = customer
        .and_then(|c| present_owned(&c.name))
        .or_else(|| match &r.payment_method {
            PaymentMethod::Card(card) => present_owned(&card.holder_name),
            _ => None,
        })
        .or_else(|| {
            let a = billing?;
            let full = [present(&a.first_name), present(&a.last_name)].into_iter().flatten().collect::<Vec<_>>().join(" ");
            (!full.is_empty()).then_some(full)
        })
        .ok_or_else(|| {
            SidecarError::missing_field(
                "request.customer.name",
                "dLocal requires the payer's full name (payer.name): give customer.name or the billing address's names",
            )
        })?;
    let email = customer.and_then(|c| present_owned(&c.email)).ok_or_else(|| {
        SidecarError::missing_field("request.customer.email", "dLocal requires the payer's email (payer.email)")
    })?;
    let ip = r.browser_info.as_ref().and_then(|b| present_owned(&b.ip_address));
    check_ip_address(ip.as_deref(), "request.browserInfo.ipAddress", "dLocal's payer.ip")?;
    Ok(DlocalPayer {
        name,
        email,
        document,
        phone: customer.and_then(|c| present_owned(&c.phone)),
        user_reference: customer.and_then(|c| present_owned(&c.id)),
        address: billing.map(address).filter(|a| a.state.is_some() || a.city.is_some() || a.zip_code.is_some() || a.street.is_some()),
        ip,
    })
}

fn address(a: &Address) -> DlocalAddress {
    DlocalAddress {
        state: present_owned(&a.state),
        city: present_owned(&a.city),
        zip_code: present_owned(&a.postal_code),
        street: present_owned(&a.line1),
    }
}

fn card_data(card: &Card, capture: bool) -> Result<DlocalCard, SidecarError> {
    let month: u8 = card.exp_month.trim().parse().map_err(|_| {
        SidecarError::invalid_field("request.paymentMethod.card.expMonth", "a month, 1 to 12".into())
    })?;
    let year: u16 = card.exp_year.trim().parse().map_err(|_| {
        SidecarError::invalid_field("request.paymentMethod.card.expYear", "a four-digit year".into())
    })?;
    Ok(DlocalCard {
        holder_name: present_owned(&card.holder_name),
        expiration_month: Some(month),
        expiration_year: Some(year),
        number: Some(card.number.expose().to_string()),
        cvv: card.cvc.as_ref().map(|c| c.expose().to_string()),
        capture,
        ..DlocalCard::default()
    })
}

/// `order_id`: "ID given by the merchant in their system. Length: 125"; dLocal refuses a
/// duplicated one (5009), which is what keeps a retried payment from being made twice.
pub fn order_id(id: &str, field: &str) -> Result<String, SidecarError> {
    let id = crate::protocol::required(id, field)?;
    if id.chars().count() > 125 {
        return Err(SidecarError::invalid_field(field, "dLocal's order_id takes at most 125 characters".into()));
    }
    Ok(id.to_string())
}

/// The word a `token` payment method's `kind` may take: `cardId` for a saved card (`card_id`,
/// from Create a card or a payment with `save: true`); otherwise (or `token`) a dLocal.js / Smart
/// Fields token.
pub const TOKEN_KIND_CARD_ID: &str = "cardId";

impl DlocalPaymentRequest {
    pub fn authorize(r: &AuthorizeRequest) -> Result<(Endpoint, Self), SidecarError> {
        let capture = r.capture_method == CaptureMethod::Automatic;
        let billing_country = r.billing_address.as_ref().and_then(|a| present(&a.country));
        let mut phone = None;
        let mut metadata = None;
        let (endpoint, method_id, flow, card, document, implied_country): (_, String, _, _, _, Option<String>) = match &r.payment_method {
            PaymentMethod::Card(card) => {
                let mut data = card_data(card, capture)?;
                data.save = r.setup_future_usage.is_some().then_some(true);
                (Endpoint::SecurePayments, "CARD".into(), "DIRECT", Some(data), None, None)
            }
            PaymentMethod::Token(token) => {
                let value = token.value.expose().trim().to_string();
                let card = match token.kind.as_deref().map(str::trim) {
                    Some(TOKEN_KIND_CARD_ID) => DlocalCard { card_id: Some(value), capture, ..DlocalCard::default() },
                    None | Some("token") => DlocalCard { token: Some(value), capture, ..DlocalCard::default() },
                    Some(_) => {
                        return Err(SidecarError::invalid_field(
                            "request.paymentMethod.token.kind",
                            "dLocal takes a dLocal.js token (kind token, the default) or a saved card's card_id (kind cardId)".into(),
                        ))
                    }
                };
                (Endpoint::Payments, "CARD".into(), "DIRECT", Some(card), None, None)
            }
            PaymentMethod::Voucher(v) => {
                let (id, country) = voucher_method(v.method)?;
                if !capture {
                    return Err(SidecarError::invalid_field(
                        "request.captureMethod",
                        "dLocal's Boleto, OXXO and Pix payments are paid by the shopper, not authorized: they have no capture (use automatic)".into(),
                    ));
                }
                let document = present_owned(&v.tax_id);
                if document.is_none() && country == "BR" && customer_document(r).is_none() {
                    return Err(SidecarError::missing_field(
                        "request.customer.document",
                        "dLocal requires the payer's CPF or CNPJ (payer.document) for Boleto and Pix: give customer.document (or voucher.taxId)",
                    ));
                }
                (Endpoint::Payments, id.into(), "REDIRECT", None, document, Some(country.to_string()))
            }
            PaymentMethod::MobileMoney(m) => {
                if !capture {
                    return Err(SidecarError::invalid_field(
                        "request.captureMethod",
                        "dLocal's mobile money is paid when the shopper enters their PIN: it has no authorization to capture (use automatic)".into(),
                    ));
                }
                let (id, country, carrier) = mobile_money(m, billing_country)?;
                // "Sending phone is mandatory so that the user can receive the push notification."
                phone = Some(m.phone_number.expose().trim().to_string());
                metadata = carrier.map(|mobile_carrier| DlocalMetadata { mobile_carrier });
                (Endpoint::Payments, id.into(), "DIRECT", None, None, Some(country))
            }
            PaymentMethod::BankTransfer(b) => {
                if !capture {
                    return Err(SidecarError::invalid_field(
                        "request.captureMethod",
                        "dLocal's bank transfers are paid by the shopper's transfer: they have no authorization to capture (use automatic)".into(),
                    ));
                }
                let (id, country) = bank_transfer(b, billing_country)?;
                (Endpoint::Payments, id, "DIRECT", None, None, Some(country))
            }
            PaymentMethod::BankRedirect(b) => {
                if !capture {
                    return Err(SidecarError::invalid_field(
                        "request.captureMethod",
                        "dLocal's online banking is paid by the shopper at their bank: it has no authorization to capture (use automatic)".into(),
                    ));
                }
                let (id, country) = super::redirect::bank(b, billing_country, &r.amount.currency)?;
                (Endpoint::Payments, id, "REDIRECT", None, None, Some(country))
            }
            PaymentMethod::WalletRedirect(w) => {
                if !capture {
                    return Err(SidecarError::invalid_field(
                        "request.captureMethod",
                        "dLocal's wallets are paid by the shopper in the wallet: they have no authorization to capture (use automatic)".into(),
                    ));
                }
                let (id, country) = super::redirect::wallet(w, billing_country, &r.amount.currency)?;
                (Endpoint::Payments, id, "REDIRECT", None, None, Some(country))
            }
            other => {
                return Err(SidecarError::payment_method_not_supported(&format!(
                    "dLocal does not take `{}` through this connector: see listConnectors for its reason",
                    other.kind().as_str()
                )))
            }
        };
        let country = match (billing_country, implied_country) {
            (Some(c), Some(implied)) => {
                let c = country_code(c, "request.billingAddress.country")?;
                if c != implied.as_str() {
                    return Err(SidecarError::invalid_field(
                        "request.billingAddress.country",
                        format!("dLocal offers this method only in {implied}"),
                    ));
                }
                c
            }
            (Some(c), None) => country_code(c, "request.billingAddress.country")?,
            (None, Some(implied)) => implied,
            (None, None) => {
                return Err(SidecarError::missing_field(
                    "request.billingAddress.country",
                    "dLocal requires the payment's processing country (country): give the billing address's country",
                ))
            }
        };
        if flow == "REDIRECT" && present(&r.return_url).is_none() {
            return Err(SidecarError::missing_field(
                "request.returnUrl",
                "dLocal's REDIRECT flow requires callback_url, where it sends the shopper back",
            ));
        }
        // payer.document: the voucher's taxId, else customer.document; the countries whose row of
        // dLocal's Country Reference says the document is required refuse a payment without one.
        let document = match (document, customer_document(r)) {
            (Some(tax_id), Some(doc)) if tax_id != doc => {
                return Err(SidecarError::invalid_field(
                    "request.customer.document.number",
                    "differs from paymentMethod.voucher.taxId: dLocal takes one payer.document; give one of them".into(),
                ))
            }
            (Some(d), _) | (None, Some(d)) => Some(d),
            (None, None) => None,
        };
        let mut payer = payer(r, document)?;
        if phone.is_some() {
            payer.phone = phone;
        }
        let body = DlocalPaymentRequest {
            amount: dlocal_amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.clone(),
            country,
            payment_method_id: method_id,
            payment_method_flow: flow,
            payer,
            card,
            order_id: order_id(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            description: present_owned(&r.description),
            notification_url: present_owned(&r.webhook_url),
            callback_url: present_owned(&r.return_url),
            metadata,
        };
        if body.payer.document.is_none() && DOCUMENT_REQUIRED.contains(&body.country.as_str()) {
            return Err(SidecarError::missing_field(
                "request.customer.document",
                &format!("dLocal requires the payer's national document (payer.document) for payments in {}", body.country),
            ));
        }
        Ok((endpoint, body))
    }
}

/// The key of the connector state that carries the payment's country to repeatPayment (a saved
/// card is charged in the country it was saved in; the repeat request has no address).
pub const STATE_COUNTRY: &str = "country";

impl DlocalPaymentRequest {
    /// A saved card (`card_id`, the mandate) charged again: `POST /payments`.
    pub fn repeat(r: &crate::protocol::RepeatPaymentRequest) -> Result<Self, SidecarError> {
        let card_id = crate::protocol::required(&r.mandate_reference, "request.mandateReference")?.to_string();
        let country = r.state.as_ref().and_then(|s| s.get(STATE_COUNTRY)).map(|c| c.trim()).filter(|c| !c.is_empty()).ok_or_else(|| {
            SidecarError::missing_field(
                "request.state.country",
                "dLocal requires the payment's country: pass back the state authorize returned with the mandate",
            )
        })?;
        Ok(DlocalPaymentRequest {
            amount: dlocal_amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.clone(),
            country: country_code(country, "request.state.country")?,
            payment_method_id: "CARD".into(),
            payment_method_flow: "DIRECT",
            payer: repeat_payer(r.customer.as_ref())?,
            card: Some(DlocalCard { card_id: Some(card_id), capture: r.capture_method == CaptureMethod::Automatic, ..DlocalCard::default() }),
            order_id: order_id(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            description: present_owned(&r.description),
            notification_url: present_owned(&r.webhook_url),
            callback_url: present_owned(&r.return_url),
            metadata: None,
        })
    }
}

/// Capture an authorization (`POST /payments` with `authorization_id`): an amount (with its
/// currency) captures part; none captures the whole authorization.
#[derive(Debug, Serialize)]
pub struct DlocalCaptureRequest {
    pub authorization_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
}

/// Make a refund (`POST /refunds`): several per payment, each partial or whole.
#[derive(Debug, Serialize)]
pub struct DlocalRefundRequest {
    pub payment_id: String,
    pub amount: Box<RawValue>,
    pub currency: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification_url: Option<String>,
}

impl DlocalRefundRequest {
    pub fn from_unified(r: &RefundRequest, payment: &str) -> Result<Self, SidecarError> {
        if let Some(p) = &r.payment_amount {
            if p.currency != r.refund_amount.currency {
                return Err(SidecarError::invalid_field(
                    "request.refundAmount.currency",
                    format!("dLocal refunds in the payment's currency ({})", p.currency),
                ));
            }
            if r.refund_amount.minor_amount > p.minor_amount {
                return Err(SidecarError::invalid_field(
                    "request.refundAmount.minorAmount",
                    format!("more than the payment ({} {})", p.minor_amount, p.currency),
                ));
            }
        }
        Ok(DlocalRefundRequest {
            payment_id: payment.to_string(),
            amount: dlocal_amount(&r.refund_amount, "request.refundAmount")?,
            currency: r.refund_amount.currency.clone(),
            notification_url: present_owned(&r.webhook_url),
        })
    }
}

//! dLocal's request bodies, named as its Payins API reference names them: Create a payment
//! (https://docs.dlocal.com/reference/create-payment, the Payer and Card objects of
//! https://docs.dlocal.com/api-documentation/payins-api-reference/payments/credit-card-payments),
//! Capture an authorization (https://docs.dlocal.com/reference/capture-authorization) and Make a
//! refund (https://docs.dlocal.com/docs/refunds).

use crate::kit::money::{decimal_string, validate};
use crate::kit::text::{check_ip_address, present, present_owned};
use crate::protocol::{
    Address, AuthorizeRequest, CaptureMethod, Card, Money, PaymentMethod, RefundRequest, SidecarError, VoucherMethod,
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
    pub payment_method_id: &'static str,
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

fn country_code(text: &str, field: &str) -> Result<String, SidecarError> {
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
/// China, Colombia (CC or NIT) and Costa Rica (CI): the rows read for this table. Any other
/// country is left to dLocal's own validation (5001, a missing parameter, when it wants one).
pub const DOCUMENT_REQUIRED: &[&str] = &["AR", "BD", "BH", "BJ", "BO", "BR", "BW", "CF", "CL", "CM", "CN", "CO", "CR", "TD"];

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
        let (endpoint, method_id, flow, card, document, implied_country) = match &r.payment_method {
            PaymentMethod::Card(card) => {
                let mut data = card_data(card, capture)?;
                data.save = r.setup_future_usage.is_some().then_some(true);
                (Endpoint::SecurePayments, "CARD", "DIRECT", Some(data), None, None)
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
                (Endpoint::Payments, "CARD", "DIRECT", Some(card), None, None)
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
                (Endpoint::Payments, id, "REDIRECT", None, document, Some(country))
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
                if c != implied {
                    return Err(SidecarError::invalid_field(
                        "request.billingAddress.country",
                        format!("dLocal offers this method only in {implied}"),
                    ));
                }
                c
            }
            (Some(c), None) => country_code(c, "request.billingAddress.country")?,
            (None, Some(implied)) => implied.to_string(),
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
        let body = DlocalPaymentRequest {
            amount: dlocal_amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.clone(),
            country,
            payment_method_id: method_id,
            payment_method_flow: flow,
            payer: payer(r, document)?,
            card,
            order_id: order_id(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            description: present_owned(&r.description),
            notification_url: present_owned(&r.webhook_url),
            callback_url: present_owned(&r.return_url),
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
            payment_method_id: "CARD",
            payment_method_flow: "DIRECT",
            payer: repeat_payer(r.customer.as_ref())?,
            card: Some(DlocalCard { card_id: Some(card_id), capture: r.capture_method == CaptureMethod::Automatic, ..DlocalCard::default() }),
            order_id: order_id(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            description: present_owned(&r.description),
            notification_url: present_owned(&r.webhook_url),
            callback_url: present_owned(&r.return_url),
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

//! GP API's buy now, pay later: `POST /transactions` with `payment_method.bnpl {provider}`
//! (AFFIRM, CLEARPAY, KLARNA: the SDKs' `BNPLType`), as GP's PHP SDK sends a `BNPL` authorization
//! (globalpayments/php-sdk `GpApiAuthorizationRequestBuilder`: `createPaymentMethodParam`,
//! `setPayerInformation`, `setOrderInformation`, `setItemDetailsListForBNPL`,
//! `setNotificationUrls`; the Node SDK 3.10 has no BNPL payment method). The SDK's `BNPL` has
//! `authorize` only (capture_mode LATER): GP answers INITIATED with the provider's page
//! (`payment_method.redirect_url`), the shopper agrees there, the transaction becomes
//! PREAUTHORIZED, and the merchant captures it (`POST /transactions/{id}/capture`), refunds or
//! reverses it as a card's (GpApiBNPLTest: authorize, capture, refund, reverse).
//!
//! What GP refuses without (the MANDATORY_DATA_MISSING answers GpApiBNPLTest expects): the order's
//! items (`order.items`, each with its `reference`, `description`, `product_url` and
//! `product_image_url`), the payer's `email` and `contact_phone`, the billing address (40297) and
//! the shipping address. Each is checked here first, with 1004 naming the unified field.

use super::requests::{AddressBody, Payer, Phone, PaymentMethodBody};
use crate::kit::text::present;
use crate::protocol::{Address, AuthorizeRequest, Bnpl, BnplMethod, CaptureMethod, Money, OrderLine, SidecarError};
use serde::Serialize;

/// `payment_method.bnpl`.
#[derive(Debug, Serialize)]
pub struct BnplProvider {
    pub provider: &'static str,
}

/// The bnpl methods GP takes (each has its provider word below).
pub const METHODS: &[&str] = &["klarna", "afterpayClearpay", "affirm"];

/// GP's provider word for a unified BNPL method (the SDKs' `BNPLType`).
pub fn provider(method: BnplMethod) -> &'static str {
    match method {
        BnplMethod::Affirm => "AFFIRM",
        BnplMethod::AfterpayClearpay => "CLEARPAY",
        BnplMethod::Klarna => "KLARNA",
    }
}

/// `order` of a BNPL payment.
#[derive(Debug, Serialize)]
pub struct Order {
    pub shipping_address: AddressBody,
    pub items: Vec<Item>,
}

/// `order.items[]` (the PHP SDK's `setItemDetailsListForBNPL`): amounts in minor units as text.
#[derive(Debug, Serialize)]
pub struct Item {
    pub reference: String,
    pub label: String,
    pub description: String,
    pub quantity: String,
    pub unit_amount: String,
    pub total_amount: String,
    pub tax_amount: String,
    pub discount_amount: String,
    pub tax_percentage: String,
    pub net_unit_amount: String,
    pub url: String,
    pub image_url: String,
}

/// The calling codes of the countries GP's BNPL providers serve (Affirm: US, CA; Clearpay: GB;
/// Klarna: its markets), to split the shopper's E.164 phone into GP's `country_code` and
/// `subscriber_number`.
const CALLING_CODES: &[(&str, &str)] = &[
    ("US", "1"),
    ("CA", "1"),
    ("GB", "44"),
    ("AU", "61"),
    ("NZ", "64"),
    ("DE", "49"),
    ("AT", "43"),
    ("CH", "41"),
    ("NL", "31"),
    ("BE", "32"),
    ("FR", "33"),
    ("ES", "34"),
    ("IT", "39"),
    ("PT", "351"),
    ("IE", "353"),
    ("FI", "358"),
    ("SE", "46"),
    ("NO", "47"),
    ("DK", "45"),
    ("PL", "48"),
    ("CZ", "420"),
    ("GR", "30"),
];

const WHY_ITEMS: &str = "GP API takes a BNPL payment with the order's items (order.items): each with its reference, description, \
                         product_url and product_image_url";

fn amount_text(m: &Money, field: &str, currency: &str) -> Result<i64, SidecarError> {
    if !m.currency.eq_ignore_ascii_case(currency) {
        return Err(SidecarError::invalid_field(&format!("{field}.currency"), format!("the order's lines are in the payment's currency, {currency}")));
    }
    Ok(m.minor_amount)
}

fn item(line: &OrderLine, i: usize, currency: &str) -> Result<Item, SidecarError> {
    let at = format!("request.orderLines[{i}]");
    let reference = present(&line.sku).ok_or_else(|| SidecarError::missing_field(&format!("{at}.sku"), WHY_ITEMS))?;
    let url = present(&line.product_url).ok_or_else(|| SidecarError::missing_field(&format!("{at}.productUrl"), WHY_ITEMS))?;
    let image = present(&line.image_url).ok_or_else(|| SidecarError::missing_field(&format!("{at}.imageUrl"), WHY_ITEMS))?;
    let name = line.name.trim();
    if name.is_empty() {
        return Err(SidecarError::missing_field(&format!("{at}.name"), WHY_ITEMS));
    }
    let unit = amount_text(&line.unit_amount, &format!("{at}.unitAmount"), currency)?;
    if unit < 0 {
        return Err(SidecarError::invalid_field(
            &format!("{at}.unitAmount"),
            "GP API's BNPL items have no negative lines: a discount is the line's discount_amount, which the unified order line does not carry".into(),
        ));
    }
    let quantity = i64::from(line.quantity);
    let tax = match &line.tax_amount {
        Some(t) => amount_text(t, &format!("{at}.taxAmount"), currency)?,
        None => 0,
    };
    if tax < 0 || tax % quantity != 0 {
        return Err(SidecarError::invalid_field(
            &format!("{at}.taxAmount"),
            format!("GP API's item names the unit's amount before tax (net_unit_amount): the line's tax {tax} does not split evenly over {quantity} units"),
        ));
    }
    let net = unit - tax / quantity;
    if net < 0 {
        return Err(SidecarError::invalid_field(&format!("{at}.taxAmount"), "the tax is more than the line's total".into()));
    }
    Ok(Item {
        reference: reference.to_string(),
        label: name.to_string(),
        description: name.to_string(),
        quantity: quantity.to_string(),
        unit_amount: unit.to_string(),
        total_amount: line.total_minor().to_string(),
        tax_amount: tax.to_string(),
        discount_amount: "0".into(),
        tax_percentage: "0".into(),
        net_unit_amount: net.to_string(),
        url: url.to_string(),
        image_url: image.to_string(),
    })
}

/// The shopper's phone (`customer.phone`, E.164) as GP's `{country_code, subscriber_number}`, by
/// the billing country's calling code.
fn phone(r: &AuthorizeRequest, country: &str) -> Result<Phone, SidecarError> {
    let field = "request.customer.phone";
    let text = r.customer.as_ref().and_then(|c| present(&c.phone)).ok_or_else(|| {
        SidecarError::missing_field(field, "GP API takes a BNPL payment with the payer's phone (payer.contact_phone), E.164 like +14155550100")
    })?;
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.')).collect();
    let code = CALLING_CODES.iter().find(|(c, _)| c.eq_ignore_ascii_case(country)).map(|(_, code)| *code).ok_or_else(|| {
        SidecarError::invalid_field(
            "request.billingAddress.country",
            format!("GP API's BNPL providers (Affirm, Clearpay, Klarna) do not serve {country}"),
        )
    })?;
    let rest = digits.strip_prefix('+').and_then(|d| d.strip_prefix(code)).filter(|d| (4..=14).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()));
    let subscriber = rest.ok_or_else(|| {
        SidecarError::invalid_field(field, format!("GP API splits the payer's phone by country: an E.164 number of the billing country (+{code} ...)"))
    })?;
    Ok(Phone { country_code: code.to_string(), subscriber_number: subscriber.to_string() })
}

fn names(a: &Address, field: &str) -> Result<(String, String), SidecarError> {
    let why = "GP API takes a BNPL payment with the payer's first and last name on the addresses (first_name, last_name)";
    let first = present(&a.first_name).ok_or_else(|| SidecarError::missing_field(&format!("{field}.firstName"), why))?;
    let last = present(&a.last_name).ok_or_else(|| SidecarError::missing_field(&format!("{field}.lastName"), why))?;
    Ok((first.to_string(), last.to_string()))
}

const ADDRESS_FIELDS: &[&str] = &["line1", "city", "postalCode", "country"];

/// The payment method, payer and order of a BNPL authorization.
pub fn build(r: &AuthorizeRequest, b: &Bnpl) -> Result<(PaymentMethodBody, Payer, Order), SidecarError> {
    if r.capture_method == CaptureMethod::Automatic {
        return Err(SidecarError::invalid_field(
            "request.captureMethod",
            "GP API authorizes a BNPL payment (the SDKs' BNPL has authorize only, capture_mode LATER) and the merchant captures it \
             once the provider approved: send manual, then capture"
                .into(),
        ));
    }
    let email = r.customer.as_ref().and_then(|c| present(&c.email)).ok_or_else(|| {
        SidecarError::missing_field("request.customer.email", "GP API takes a BNPL payment with the payer's email (payer.email)")
    })?;
    let billing = r.billing_address.as_ref().ok_or_else(|| {
        SidecarError::missing_field("request.billingAddress", "GP API takes a BNPL payment with the payer's billing address (payer.billing_address)")
    })?;
    let shipping = r.shipping_address.as_ref().ok_or_else(|| {
        SidecarError::missing_field("request.shippingAddress", "GP API takes a BNPL payment with the order's shipping address (order.shipping_address)")
    })?;
    let why = "GP API takes a BNPL payment with full addresses: street, city, postal code and country";
    let mut billing_body = AddressBody::from_address(billing, "request.billingAddress", ADDRESS_FIELDS, why)?;
    let (first, last) = names(billing, "request.billingAddress")?;
    billing_body.first_name = Some(first.clone());
    billing_body.last_name = Some(last.clone());
    let mut shipping_body = AddressBody::from_address(shipping, "request.shippingAddress", ADDRESS_FIELDS, why)?;
    shipping_body.line_3 = present(&shipping.line3).map(str::to_string);
    let (ship_first, ship_last) = match (present(&shipping.first_name), present(&shipping.last_name)) {
        (Some(f), Some(l)) => (f.to_string(), l.to_string()),
        _ => (first.clone(), last.clone()),
    };
    shipping_body.first_name = Some(ship_first);
    shipping_body.last_name = Some(ship_last);
    let country = billing_body.country.clone().unwrap_or_default();
    let contact_phone = phone(r, &country)?;
    if r.order_lines.is_empty() {
        return Err(SidecarError::missing_field("request.orderLines", WHY_ITEMS));
    }
    let items = r.order_lines.iter().enumerate().map(|(i, l)| item(l, i, &r.amount.currency)).collect::<Result<Vec<_>, _>>()?;
    crate::kit::order_lines::require_total(&r.order_lines, &r.amount, "GP API")?;
    let payer = Payer {
        reference: r.customer.as_ref().and_then(|c| present(&c.id)).map(str::to_string),
        email: Some(email.to_string()),
        billing_address: Some(billing_body),
        contact_phone: Some(contact_phone),
        ..Payer::default()
    };
    let pm = PaymentMethodBody {
        name: Some(format!("{first} {last}")),
        bnpl: Some(BnplProvider { provider: provider(b.method) }),
        ..PaymentMethodBody::empty(present(&r.statement_descriptor))
    };
    Ok((pm, payer, Order { shipping_address: shipping_body, items }))
}

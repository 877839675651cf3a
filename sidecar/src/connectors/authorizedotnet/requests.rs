//! Authorize.Net's request types. The JSON API is its XML API underneath: elements must come in
//! the order of the schema (AnetApiSchema.xsd), or the gateway answers E00003. serde writes struct
//! fields in declaration order, so every struct here declares its fields in schema order; a test
//! checks the order of the serialized text.

use crate::kit::money::{decimal_string, minor_units_for, validate};
use crate::protocol::{Address, AuthorizeRequest, CaptureMethod, Customer, Money, PaymentMethod, Secret, SidecarError};
use serde::Serialize;

/// Authorize.Net amounts have at most two decimals ("up to 15 digits with a decimal point").
pub const MAX_DECIMALS: u8 = 2;
/// `refId` and `order.invoiceNumber`: up to 20 characters.
pub const MAX_REF_ID: usize = 20;
pub const MAX_INVOICE_NUMBER: usize = 20;

#[derive(Serialize)]
pub struct MerchantAuthentication {
    pub name: String,
    #[serde(rename = "transactionKey")]
    pub transaction_key: String,
}

impl MerchantAuthentication {
    pub fn new(api_login_id: &Secret, transaction_key: &Secret) -> Self {
        MerchantAuthentication { name: api_login_id.expose().to_string(), transaction_key: transaction_key.expose().to_string() }
    }
}

/// `{"createTransactionRequest": {...}}`
#[derive(Serialize)]
pub struct CreateTransactionEnvelope {
    #[serde(rename = "createTransactionRequest")]
    pub create_transaction_request: CreateTransactionRequest,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTransactionRequest {
    pub merchant_authentication: MerchantAuthentication,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ref_id: Option<String>,
    pub transaction_request: TransactionRequest,
}

/// transactionRequestType, in schema order (only the elements we send).
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TransactionRequest {
    pub transaction_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment: Option<Payment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ref_trans_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<Order>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerData>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_to: Option<BillTo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<ShipTo>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    pub credit_card: CreditCard,
}

/// creditCardType: cardNumber, expirationDate, cardCode.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreditCard {
    pub card_number: String,
    pub expiration_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_code: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub invoice_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// customerDataType: type, id (≤20), email (≤255).
#[derive(Serialize)]
pub struct CustomerData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// customerAddressType: firstName, lastName, company, address, city, state, zip, country,
/// phoneNumber (the order of nameAndAddressType, then the phone).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BillTo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

/// nameAndAddressType (shipTo has no phone).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShipTo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// `{"getTransactionDetailsRequest": {merchantAuthentication, refId?, transId}}`
#[derive(Serialize)]
pub struct GetTransactionDetailsEnvelope {
    #[serde(rename = "getTransactionDetailsRequest")]
    pub get_transaction_details_request: GetTransactionDetailsRequest,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetTransactionDetailsRequest {
    pub merchant_authentication: MerchantAuthentication,
    pub trans_id: String,
}

/// Cuts `text` to `max` characters (Authorize.Net refuses longer values with E00003): for
/// free text only (names, description), never for references.
fn cut(text: &str, max: usize) -> String {
    text.trim().chars().take(max).collect()
}

fn non_empty(text: &Option<String>, max: usize) -> Option<String> {
    text.as_deref().map(|t| cut(t, max)).filter(|t| !t.is_empty())
}

/// The amount as Authorize.Net's decimal text: the currency's ISO decimals, at most two. A
/// currency with more (KWD's three) goes when the amount fits in two, else InvalidFieldValue
/// naming `<field>.minorAmount`, never rounded.
pub fn amount(money: &Money, field: &str) -> Result<String, SidecarError> {
    let decimals = validate(money, field)?.min(MAX_DECIMALS);
    Ok(decimal_string(minor_units_for(money, decimals, field)?, decimals))
}

/// A reference Authorize.Net keeps as given (≤ `max`): refused when longer, never cut, since a
/// cut reference could name another order.
pub fn reference(text: &str, max: usize, field: &str) -> Result<String, SidecarError> {
    let t = text.trim();
    if t.chars().count() > max {
        return Err(SidecarError::invalid_field(
            field,
            format!("Authorize.Net takes at most {max} characters here, got {}", t.chars().count()),
        ));
    }
    Ok(t.to_string())
}

fn bill_to(address: Option<&Address>, customer: Option<&Customer>) -> Option<BillTo> {
    let a = address.cloned().unwrap_or_default();
    let line = [a.line1.as_deref(), a.line2.as_deref(), a.line3.as_deref()]
        .iter()
        .flatten()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let b = BillTo {
        first_name: non_empty(&a.first_name, 50),
        last_name: non_empty(&a.last_name, 50),
        address: if line.is_empty() { None } else { Some(cut(&line, 60)) },
        city: non_empty(&a.city, 40),
        state: non_empty(&a.state, 40),
        zip: non_empty(&a.postal_code, 20),
        country: non_empty(&a.country, 60),
        phone_number: customer.and_then(|c| non_empty(&c.phone, 25)),
    };
    let empty = b.first_name.is_none()
        && b.last_name.is_none()
        && b.address.is_none()
        && b.city.is_none()
        && b.state.is_none()
        && b.zip.is_none()
        && b.country.is_none()
        && b.phone_number.is_none();
    (!empty).then_some(b)
}

fn ship_to(address: Option<&Address>) -> Option<ShipTo> {
    let b = bill_to(address, None)?;
    Some(ShipTo {
        first_name: b.first_name,
        last_name: b.last_name,
        address: b.address,
        city: b.city,
        state: b.state,
        zip: b.zip,
        country: b.country,
    })
}

impl TransactionRequest {
    /// authOnlyTransaction (manual capture) or authCaptureTransaction with the card.
    pub fn authorize(r: &AuthorizeRequest) -> Result<Self, SidecarError> {
        let card = match &r.payment_method {
            PaymentMethod::Card(c) => c,
            other => {
                return Err(SidecarError::payment_method_not_supported(&format!(
                    "Authorize.Net takes `card` through this API, not `{}`",
                    other.type_name()
                )))
            }
        };
        let invoice_number =
            reference(&r.merchant_transaction_id, MAX_INVOICE_NUMBER, "request.merchantTransactionId")?;
        let customer = r.customer.as_ref().and_then(|c| {
            let id = non_empty(&c.id, 20);
            let email = non_empty(&c.email, 255);
            (id.is_some() || email.is_some()).then_some(CustomerData { id, email })
        });
        Ok(TransactionRequest {
            transaction_type: match r.capture_method {
                CaptureMethod::Manual => "authOnlyTransaction",
                CaptureMethod::Automatic => "authCaptureTransaction",
            },
            amount: Some(amount(&r.amount, "request.amount")?),
            currency_code: Some(r.amount.currency.clone()),
            payment: Some(Payment {
                credit_card: CreditCard {
                    card_number: card.number.expose().to_string(),
                    expiration_date: format!("{}-{}", card.exp_year, card.exp_month),
                    card_code: card.cvc.as_ref().map(|c| c.expose().to_string()),
                },
            }),
            order: Some(Order { invoice_number, description: non_empty(&r.description, 255) }),
            customer,
            bill_to: bill_to(r.billing_address.as_ref(), r.customer.as_ref()),
            ship_to: ship_to(r.shipping_address.as_ref()),
            ..Default::default()
        })
    }
}

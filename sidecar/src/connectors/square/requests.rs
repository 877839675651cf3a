//! Square's request types (Square-Version 2025-08-20), named as Square names them, built from the
//! unified requests. https://developer.squareup.com/reference/square/payments-api/create-payment

use crate::kit::text::present_owned;
use crate::kit::money::{iso_exponent, minor_units_for};
use crate::protocol::{
    Address, AuthorizeRequest, CaptureMethod, CreateCustomerRequest, Money, PaymentMethod, RefundRequest,
    RepeatPaymentRequest, SetupMandateRequest, SidecarError,
};
use serde::Serialize;

/// The currencies Square takes payments in: each seller is paid in its own country's currency
/// ("Payments are processed in the seller's currency"), and card processing exists in Australia,
/// Canada, France, Ireland, Japan, Spain, the United Kingdom and the United States
/// (developer.squareup.com/docs/build-basics/international-development).
pub const SQUARE_CURRENCIES: &[&str] = &["AUD", "CAD", "EUR", "GBP", "JPY", "USD"];

/// Square's decimals for a currency it processes: "the smallest denomination of the currency",
/// i.e. ISO 4217's (cents for USD, yen for JPY). None for a currency Square cannot take.
pub fn square_exponent(currency: &str) -> Option<u8> {
    if SQUARE_CURRENCIES.contains(&currency) {
        iso_exponent(currency)
    } else {
        None
    }
}

/// `Money`: `amount` in the currency's smallest denomination.
#[derive(Debug, Serialize)]
pub struct SquareMoney {
    pub amount: i64,
    pub currency: String,
}

impl SquareMoney {
    /// An amount Square cannot take (another currency, or one it cannot represent exactly) is
    /// refused, naming the field.
    pub fn from_unified(money: &Money, field: &str) -> Result<Self, SidecarError> {
        crate::kit::money::validate(money, field)?;
        let exponent = square_exponent(&money.currency).ok_or_else(|| {
            SidecarError::invalid_field(
                &format!("{field}.currency"),
                format!(
                    "Square takes payments only in the seller's own currency, one of {}; {} is not one of them",
                    SQUARE_CURRENCIES.join(", "),
                    money.currency
                ),
            )
        })?;
        Ok(SquareMoney { amount: minor_units_for(money, exponent, field)?, currency: money.currency.clone() })
    }
}

/// `Address`. Every field is optional at Square.
#[derive(Debug, Serialize, Default)]
pub struct SquareAddress {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line_1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line_2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line_3: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub administrative_district_level_1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

impl SquareAddress {
    /// None when the unified address has nothing in it.
    pub fn from_unified(a: &Address) -> Option<Self> {
        let out = SquareAddress {
            address_line_1: present_owned(&a.line1),
            address_line_2: present_owned(&a.line2),
            address_line_3: present_owned(&a.line3),
            locality: present_owned(&a.city),
            administrative_district_level_1: present_owned(&a.state),
            postal_code: present_owned(&a.postal_code),
            country: present_owned(&a.country),
            first_name: present_owned(&a.first_name),
            last_name: present_owned(&a.last_name),
        };
        let empty = out.address_line_1.is_none()
            && out.address_line_2.is_none()
            && out.address_line_3.is_none()
            && out.locality.is_none()
            && out.administrative_district_level_1.is_none()
            && out.postal_code.is_none()
            && out.country.is_none()
            && out.first_name.is_none()
            && out.last_name.is_none();
        (!empty).then_some(out)
    }
}

/// Refuses a text longer than Square's limit instead of cutting it: a cut `reference_id` would
/// no longer match the merchant's order in reports and webhooks.
fn bounded(value: Option<&str>, max_chars: usize, field: &str, square_field: &str) -> Result<Option<String>, SidecarError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) if v.chars().count() > max_chars => Err(SidecarError::invalid_field(
            field,
            format!("Square's {square_field} takes at most {max_chars} characters, got {}", v.chars().count()),
        )),
        Some(v) => Ok(Some(v.to_string())),
    }
}

/// The one payment method Square's API takes from a server: a token made by Square's own client
/// SDK. Square has no API for raw card numbers.
pub fn source_id(method: &PaymentMethod, field: &str) -> Result<String, SidecarError> {
    match method {
        PaymentMethod::Token(t) => Ok(t.value.expose().trim().to_string()),
        PaymentMethod::Card(_) => Err(SidecarError::payment_method_not_supported(
            "Square's API takes no raw card numbers: tokenize the card in the browser with Square's Web Payments SDK \
             (card.tokenize() returns a `cnon:...` payment token) and send it as paymentMethod {type: \"token\", token: {value}}",
        )
        .with_field(format!("{field}.type"))),
        other => Err(SidecarError::payment_method_not_supported(&format!(
            "Square does not take `{}` payments through this API; it takes a payment token from Square's Web Payments SDK (type `token`)",
            other.type_name()
        ))
        .with_field(format!("{field}.type"))),
    }
}

/// CreatePayment: `POST /v2/payments`.
#[derive(Debug, Serialize)]
pub struct SquareCreatePayment {
    pub idempotency_key: String,
    pub source_id: String,
    pub amount_money: SquareMoney,
    /// false holds the payment APPROVED until CompletePayment or CancelPayment (manual capture).
    /// Always sent: Square's default (true) must not decide a merchant's capture mode.
    pub autocomplete: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement_description_identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_email_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<SquareAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<SquareAddress>,
}

fn autocomplete(c: CaptureMethod) -> bool {
    matches!(c, CaptureMethod::Automatic)
}

impl SquareCreatePayment {
    pub fn authorize(r: &AuthorizeRequest, idempotency_key: String, location_id: Option<String>) -> Result<Self, SidecarError> {
        if r.setup_future_usage.is_some() {
            return Err(SidecarError::invalid_field(
                "request.setupFutureUsage",
                "Square saves a card with its Cards API, not during CreatePayment: once this payment is made, call \
                 setupMandate with paymentMethod {type: \"token\", token: {value: <this payment's id>}} \
                 (Square's CreateCard takes a payment id as its source)"
                    .into(),
            ));
        }
        super::payment_methods::check_three_ds(&r.three_ds)?;
        let source_id = source_id(&r.payment_method, "request.paymentMethod")?;
        let customer = r.customer.as_ref();
        let customer_id = customer.and_then(|c| present_owned(&c.connector_customer_id));
        // A card on file as the token: Square requires its customer ("required if the source_id
        // refers to a card on file created using the Cards API").
        if source_id.starts_with("ccof:") && customer_id.is_none() {
            return Err(SidecarError::missing_field(
                "request.customer.connectorCustomerId",
                "a card on file (ccof:...) is charged only together with the customer it is saved under",
            ));
        }
        Ok(SquareCreatePayment {
            idempotency_key,
            source_id,
            amount_money: SquareMoney::from_unified(&r.amount, "request.amount")?,
            autocomplete: autocomplete(r.capture_method),
            customer_id,
            location_id,
            reference_id: reference_id(&r.merchant_transaction_id)?,
            note: bounded(r.description.as_deref(), 500, "request.description", "note")?,
            statement_description_identifier: bounded(
                r.statement_descriptor.as_deref(),
                20,
                "request.statementDescriptor",
                "statement_description_identifier",
            )?,
            buyer_email_address: bounded(
                customer.and_then(|c| c.email.as_deref()),
                255,
                "request.customer.email",
                "buyer_email_address",
            )?,
            billing_address: r.billing_address.as_ref().and_then(SquareAddress::from_unified),
            shipping_address: r.shipping_address.as_ref().and_then(SquareAddress::from_unified),
        })
    }

    /// A merchant-initiated payment on a card on file (`ccof:...` from setupMandate). Square
    /// requires the card's customer: "required if the source_id refers to a card on file".
    pub fn repeat(r: &RepeatPaymentRequest, idempotency_key: String, location_id: Option<String>) -> Result<Self, SidecarError> {
        let customer_id = r.customer.as_ref().and_then(|c| present_owned(&c.connector_customer_id)).ok_or_else(|| {
            SidecarError::missing_field(
                "request.customer.connectorCustomerId",
                "Square charges a card on file only together with the customer it is saved under \
                 (the setupMandate result's connectorCustomerId)",
            )
        })?;
        Ok(SquareCreatePayment {
            idempotency_key,
            source_id: r.mandate_reference.trim().to_string(),
            amount_money: SquareMoney::from_unified(&r.amount, "request.amount")?,
            autocomplete: autocomplete(r.capture_method),
            customer_id: Some(customer_id),
            location_id,
            reference_id: reference_id(&r.merchant_transaction_id)?,
            note: bounded(r.description.as_deref(), 500, "request.description", "note")?,
            statement_description_identifier: bounded(
                r.statement_descriptor.as_deref(),
                20,
                "request.statementDescriptor",
                "statement_description_identifier",
            )?,
            buyer_email_address: bounded(
                r.customer.as_ref().and_then(|c| c.email.as_deref()),
                255,
                "request.customer.email",
                "buyer_email_address",
            )?,
            billing_address: None,
            shipping_address: None,
        })
    }
}

/// `reference_id`: "A user-defined ID to associate with the payment", at most 40 characters.
fn reference_id(merchant_transaction_id: &str) -> Result<Option<String>, SidecarError> {
    bounded(Some(merchant_transaction_id), 40, "request.merchantTransactionId", "reference_id")
}

/// CompletePayment: `POST /v2/payments/{payment_id}/complete`. Its body is required but every
/// field is optional (`version_token` only): it takes no amount.
#[derive(Debug, Serialize)]
pub struct SquareCompletePayment {}

/// UpdatePayment: `PUT /v2/payments/{payment_id}`, "updates a payment with the APPROVED status"
/// (`amount_money`, `tip_money`). `idempotency_key` is required; `payment.version_token` is
/// optional and not sent (the unified request carries none).
#[derive(Debug, Serialize)]
pub struct SquareUpdatePayment {
    pub idempotency_key: String,
    pub payment: SquarePaymentUpdate,
}

#[derive(Debug, Serialize)]
pub struct SquarePaymentUpdate {
    /// The new amount of the payment (the new total authorized, tip excluded).
    pub amount_money: SquareMoney,
}

/// RefundPayment: `POST /v2/refunds`, a refund linked to a Square payment.
#[derive(Debug, Serialize)]
pub struct SquareRefundPayment {
    pub idempotency_key: String,
    pub amount_money: SquareMoney,
    pub payment_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl SquareRefundPayment {
    pub fn from_unified(r: &RefundRequest, idempotency_key: String) -> Result<Self, SidecarError> {
        Ok(SquareRefundPayment {
            idempotency_key,
            amount_money: SquareMoney::from_unified(&r.refund_amount, "request.refundAmount")?,
            payment_id: r.connector_transaction_id.trim().to_string(),
            reason: bounded(r.reason.as_deref(), 192, "request.reason", "reason")?,
        })
    }
}

/// CreateCustomer: `POST /v2/customers`. Square needs at least one of given_name, family_name,
/// company_name, email_address or phone_number.
#[derive(Debug, Serialize)]
pub struct SquareCreateCustomer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
    /// The unified customer has one `name`; it is sent whole as `given_name` rather than guessed
    /// apart into given and family names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// The merchant's own id for the shopper.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl SquareCreateCustomer {
    pub fn from_unified(r: &CreateCustomerRequest, idempotency_key: Option<String>) -> Result<Self, SidecarError> {
        let c = &r.customer;
        let out = SquareCreateCustomer {
            idempotency_key,
            given_name: bounded(c.name.as_deref(), 300, "request.customer.name", "given_name")?,
            email_address: bounded(c.email.as_deref(), 254, "request.customer.email", "email_address")?,
            phone_number: present_owned(&c.phone),
            reference_id: bounded(c.id.as_deref(), 100, "request.customer.id", "reference_id")?,
            note: present_owned(&r.description),
        };
        if out.given_name.is_none() && out.email_address.is_none() && out.phone_number.is_none() {
            return Err(SidecarError::missing_field(
                "request.customer.name",
                "Square creates a customer only with at least one of a name, an email address or a phone number",
            ));
        }
        Ok(out)
    }
}

/// CreateCard: `POST /v2/cards`: saves a card on file from a payment token or a payment id.
#[derive(Debug, Serialize)]
pub struct SquareCreateCard {
    pub idempotency_key: String,
    pub source_id: String,
    pub card: SquareCardToStore,
}

#[derive(Debug, Serialize)]
pub struct SquareCardToStore {
    /// "**Required** The ID of a customer to be associated with the card."
    pub customer_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<SquareAddress>,
}

impl SquareCreateCard {
    pub fn from_unified(r: &SetupMandateRequest, idempotency_key: String) -> Result<Self, SidecarError> {
        super::payment_methods::check_three_ds(&r.three_ds)?;
        let source_id = source_id(&r.payment_method, "request.paymentMethod")?;
        let customer = r.customer.as_ref();
        let customer_id = customer.and_then(|c| present_owned(&c.connector_customer_id)).ok_or_else(|| {
            SidecarError::missing_field(
                "request.customer.connectorCustomerId",
                "Square keeps a card on file under a customer: create one with the createCustomer flow first",
            )
        })?;
        Ok(SquareCreateCard {
            idempotency_key,
            source_id,
            card: SquareCardToStore {
                customer_id,
                reference_id: bounded(customer.and_then(|c| c.id.as_deref()), 128, "request.customer.id", "card.reference_id")?,
                billing_address: r.billing_address.as_ref().and_then(SquareAddress::from_unified),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(a: i64, c: &str) -> Money {
        Money { minor_amount: a, currency: c.into() }
    }

    #[test]
    fn money_is_iso_minor_units_in_square_currencies_only() {
        assert_eq!(SquareMoney::from_unified(&m(1099, "USD"), "request.amount").unwrap().amount, 1099);
        assert_eq!(SquareMoney::from_unified(&m(500, "JPY"), "request.amount").unwrap().amount, 500);
        assert_eq!(SquareMoney::from_unified(&m(1, "EUR"), "request.amount").unwrap().amount, 1);
        let e = SquareMoney::from_unified(&m(1000, "KWD"), "request.amount").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.amount.currency"));
        assert!(e.message.contains("AUD, CAD, EUR, GBP, JPY, USD"), "{}", e.message);
        let e = SquareMoney::from_unified(&m(0, "USD"), "request.refundAmount").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.refundAmount.minorAmount"));
    }

    #[test]
    fn empty_address_is_left_out() {
        assert!(SquareAddress::from_unified(&Address::default()).is_none());
        let a = Address { postal_code: Some(" 94103 ".into()), ..Address::default() };
        assert_eq!(SquareAddress::from_unified(&a).unwrap().postal_code.as_deref(), Some("94103"));
    }

    #[test]
    fn limits_refuse_instead_of_cutting() {
        assert_eq!(reference_id(&"x".repeat(40)).unwrap().unwrap().len(), 40);
        let e = reference_id(&"x".repeat(41)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.merchantTransactionId"));
        // Characters, not bytes.
        assert!(reference_id(&"é".repeat(40)).is_ok());
    }
}

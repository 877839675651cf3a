//! Cybersource's request bodies (REST Payments API, `/pts/v2/...`), only the fields we send.
//! Amounts are decimal strings in the currency's ISO 4217 exponent ("10.99", JPY "500").

use crate::kit::card::validate_card;
use crate::kit::money::{decimal_string, validate};
use crate::protocol::{Address, AuthorizeRequest, CaptureMethod, Customer, Money, PaymentMethod, SidecarError};
use serde::Serialize;

/// `orderInformation.amountDetails` / `reversalInformation.amountDetails`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AmountDetails {
    pub total_amount: String,
    pub currency: String,
}

impl AmountDetails {
    /// Cybersource takes `totalAmount` as a decimal string with the currency's ISO 4217 decimals;
    /// the unified minor units convert to it exactly, for every active currency.
    pub fn from_unified(money: &Money, field: &str) -> Result<Self, SidecarError> {
        let exponent = validate(money, field)?;
        Ok(AmountDetails { total_amount: decimal_string(money.minor_amount, exponent), currency: money.currency.clone() })
    }
}

#[derive(Debug, Serialize)]
pub struct ClientReferenceInformation {
    /// The merchant's reference code: shown in the Business Center and reports, and what
    /// Cybersource's duplicate check compares.
    pub code: String,
}

/// `clientReferenceInformation.code` takes at most 50 characters; a longer one is refused rather
/// than cut, because a cut code no longer finds the merchant's order.
pub fn reference(code: &str, field: &str) -> Result<ClientReferenceInformation, SidecarError> {
    let code = crate::connectors::required(code, field)?;
    if code.chars().count() > 50 {
        return Err(SidecarError::invalid_field(
            field,
            format!("Cybersource's clientReferenceInformation.code takes at most 50 characters, got {}", code.chars().count()),
        ));
    }
    Ok(ClientReferenceInformation { code: code.to_string() })
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessingInformation {
    /// true: authorize and capture in one request (a sale).
    pub capture: bool,
    /// `internet`: a card-not-present e-commerce payment (the default for this kind of request).
    pub commerce_indicator: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CardInformation {
    pub number: String,
    pub expiration_month: String,
    pub expiration_year: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_code: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PaymentInformation {
    pub card: CardInformation,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BillTo {
    pub first_name: String,
    pub last_name: String,
    pub address1: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    pub locality: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub administrative_area: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    pub country: String,
    pub email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

fn present(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

impl BillTo {
    /// Cybersource requires the card holder's billing name, street, city, country and email on an
    /// authorization (state and postal code too in the US and Canada). A missing one is refused
    /// here, naming it, instead of a round trip that comes back MISSING_FIELD.
    pub fn from_unified(address: Option<&Address>, customer: Option<&Customer>) -> Result<Self, SidecarError> {
        let why = "Cybersource requires the billing address (orderInformation.billTo) on a card authorization";
        let a = address.ok_or_else(|| SidecarError::missing_field("request.billingAddress", why))?;
        let need = |v: &Option<String>, field: &str| present(v).ok_or_else(|| SidecarError::missing_field(field, why));
        let country = need(&a.country, "request.billingAddress.country")?.to_ascii_uppercase();
        let north_america = country == "US" || country == "CA";
        let state = present(&a.state);
        let postal = present(&a.postal_code);
        if north_america && state.is_none() {
            return Err(SidecarError::missing_field(
                "request.billingAddress.state",
                "Cybersource requires the state or province (billTo.administrativeArea) in the US and Canada",
            ));
        }
        if north_america && postal.is_none() {
            return Err(SidecarError::missing_field(
                "request.billingAddress.postalCode",
                "Cybersource requires the postal code (billTo.postalCode) in the US and Canada",
            ));
        }
        let email = customer.and_then(|c| present(&c.email)).ok_or_else(|| {
            SidecarError::missing_field("request.customer.email", "Cybersource requires the card holder's email (billTo.email)")
        })?;
        Ok(BillTo {
            first_name: need(&a.first_name, "request.billingAddress.firstName")?,
            last_name: need(&a.last_name, "request.billingAddress.lastName")?,
            address1: need(&a.line1, "request.billingAddress.line1")?,
            address2: present(&a.line2),
            locality: need(&a.city, "request.billingAddress.city")?,
            administrative_area: state,
            postal_code: postal,
            country,
            email,
            phone_number: customer.and_then(|c| present(&c.phone)),
        })
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderInformation {
    pub amount_details: AmountDetails,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_to: Option<BillTo>,
}

/// Process a Payment: `POST /pts/v2/payments`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatePayment {
    pub client_reference_information: ClientReferenceInformation,
    pub processing_information: ProcessingInformation,
    pub payment_information: PaymentInformation,
    pub order_information: OrderInformation,
}

impl CreatePayment {
    pub fn authorize(r: &AuthorizeRequest) -> Result<Self, SidecarError> {
        if r.setup_future_usage.is_some() {
            return Err(SidecarError::invalid_field(
                "request.setupFutureUsage",
                "this version of the Cybersource connector does not save cards (Cybersource's TMS tokens); \
                 leave setupFutureUsage out"
                    .into(),
            ));
        }
        let card = match &r.payment_method {
            PaymentMethod::Card(c) => c,
            other => {
                return Err(SidecarError::payment_method_not_supported(&format!(
                    "the Cybersource connector takes `card` payments; `{}` is not supported",
                    other.type_name()
                )))
            }
        };
        validate_card(card, "request.paymentMethod.card")?;
        Ok(CreatePayment {
            client_reference_information: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            processing_information: ProcessingInformation {
                capture: matches!(r.capture_method, CaptureMethod::Automatic),
                commerce_indicator: "internet",
            },
            payment_information: PaymentInformation {
                card: CardInformation {
                    number: card.number.expose().to_string(),
                    expiration_month: card.exp_month.clone(),
                    expiration_year: card.exp_year.clone(),
                    security_code: card.cvc.as_ref().map(|c| c.expose().to_string()),
                },
            },
            order_information: OrderInformation {
                amount_details: AmountDetails::from_unified(&r.amount, "request.amount")?,
                bill_to: Some(BillTo::from_unified(r.billing_address.as_ref(), r.customer.as_ref())?),
            },
        })
    }
}

/// Capture a Payment (`POST /pts/v2/payments/{id}/captures`) and Refund a Payment
/// (`POST /pts/v2/payments/{id}/refunds`): a reference and an amount.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AmountOnPayment {
    pub client_reference_information: ClientReferenceInformation,
    pub order_information: OrderInformation,
}

impl AmountOnPayment {
    pub fn new(code: ClientReferenceInformation, money: &Money, field: &str) -> Result<Self, SidecarError> {
        Ok(AmountOnPayment {
            client_reference_information: code,
            order_information: OrderInformation { amount_details: AmountDetails::from_unified(money, field)?, bill_to: None },
        })
    }
}

/// Process an Authorization Reversal: `POST /pts/v2/payments/{id}/reversals`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reversal {
    pub client_reference_information: ClientReferenceInformation,
    pub reversal_information: ReversalInformation,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReversalInformation {
    pub amount_details: AmountDetails,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_decimal_strings_in_iso_decimals() {
        let m = |a: i64, c: &str| Money { minor_amount: a, currency: c.into() };
        assert_eq!(AmountDetails::from_unified(&m(1099, "USD"), "request.amount").unwrap().total_amount, "10.99");
        assert_eq!(AmountDetails::from_unified(&m(500, "JPY"), "request.amount").unwrap().total_amount, "500");
        assert_eq!(AmountDetails::from_unified(&m(1005, "KWD"), "request.amount").unwrap().total_amount, "1.005");
        assert_eq!(AmountDetails::from_unified(&m(7, "EUR"), "request.amount").unwrap().total_amount, "0.07");
        let e = AmountDetails::from_unified(&m(0, "USD"), "request.amount").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.amount.minorAmount"));
        let e = AmountDetails::from_unified(&m(100, "XYZ"), "request.amount").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.amount.currency"));
    }

    #[test]
    fn reference_codes_are_refused_not_cut() {
        assert!(reference(&"x".repeat(50), "f").is_ok());
        assert_eq!(reference(&"x".repeat(51), "f").unwrap_err().field.as_deref(), Some("f"));
        assert_eq!(reference(" ", "f").unwrap_err().kind, crate::protocol::ErrorKind::MissingRequiredField);
    }
}

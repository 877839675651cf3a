//! Stripe's request types, named as Stripe names them, and their form encoding.

use crate::kit::form::FormBody;
use crate::kit::money::{iso_exponent, minor_units_for, require_multiple_of};
use crate::protocol::{Address, AuthorizeRequest, CaptureMethod, Card, Money, PaymentMethod, SidecarError};

/// Stripe's decimals for a currency: ISO's, except ISK, which Stripe takes as two-decimal.
pub fn stripe_exponent(currency: &str) -> Option<u8> {
    match currency {
        "ISK" => Some(2),
        other => iso_exponent(other),
    }
}

/// Unified minor units → Stripe's `amount`, refusing what Stripe cannot take exactly.
pub fn stripe_amount(money: &Money, field: &str) -> Result<i64, SidecarError> {
    let exponent = stripe_exponent(&money.currency).unwrap_or(2);
    if matches!(money.currency.as_str(), "BHD" | "JOD" | "KWD" | "OMR" | "TND") {
        require_multiple_of(money, 10, field, "Stripe requires three-decimal amounts to end in 0")?;
    }
    minor_units_for(money, exponent, field)
}

pub struct StripeCard<'a> {
    pub number: &'a str,
    pub exp_month: &'a str,
    pub exp_year: &'a str,
    pub cvc: Option<&'a str>,
}

pub struct StripeBillingDetails<'a> {
    pub name: Option<String>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub address: Option<&'a Address>,
}

/// `POST /v1/payment_intents` with `confirm=true`.
pub struct StripeAuthorizeRequest<'a> {
    pub amount: i64,
    pub currency: String,
    pub capture_method: &'static str,
    pub card: StripeCard<'a>,
    pub billing_details: StripeBillingDetails<'a>,
    pub return_url: Option<&'a str>,
    pub description: Option<&'a str>,
    pub statement_descriptor_suffix: Option<&'a str>,
    pub receipt_email: Option<&'a str>,
    pub shipping: Option<&'a Address>,
    pub metadata: Vec<(&'a str, &'a str)>,
}

fn full_name(a: &Address) -> Option<String> {
    match (a.first_name.as_deref(), a.last_name.as_deref()) {
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (Some(n), None) | (None, Some(n)) => Some(n.to_string()),
        (None, None) => None,
    }
}

impl<'a> StripeAuthorizeRequest<'a> {
    pub fn from_unified(r: &'a AuthorizeRequest) -> Result<Self, SidecarError> {
        let card: &Card = match &r.payment_method {
            PaymentMethod::Card(c) => c,
            other => {
                return Err(SidecarError::payment_method_not_supported(&format!(
                    "Stripe takes card payments here; `{}` is not supported",
                    other.type_name()
                )))
            }
        };
        let customer = r.customer.as_ref();
        let name = card
            .holder_name
            .clone()
            .or_else(|| r.billing_address.as_ref().and_then(full_name))
            .or_else(|| customer.and_then(|c| c.name.clone()));
        let mut metadata: Vec<(&str, &str)> = vec![("merchant_transaction_id", r.merchant_transaction_id.as_str())];
        metadata.extend(r.metadata.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        Ok(StripeAuthorizeRequest {
            amount: stripe_amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.to_ascii_lowercase(),
            capture_method: match r.capture_method {
                CaptureMethod::Automatic => "automatic",
                CaptureMethod::Manual => "manual",
            },
            card: StripeCard {
                number: card.number.expose(),
                exp_month: &card.exp_month,
                exp_year: &card.exp_year,
                cvc: card.cvc.as_ref().map(|c| c.expose()),
            },
            billing_details: StripeBillingDetails {
                name,
                email: customer.and_then(|c| c.email.as_deref()),
                phone: customer.and_then(|c| c.phone.as_deref()),
                address: r.billing_address.as_ref(),
            },
            return_url: r.return_url.as_deref(),
            description: r.description.as_deref(),
            statement_descriptor_suffix: r.statement_descriptor.as_deref(),
            receipt_email: customer.and_then(|c| c.email.as_deref()),
            shipping: r.shipping_address.as_ref(),
            metadata,
        })
    }

    pub fn to_form(&self) -> FormBody {
        let mut f = FormBody::new();
        f.push("amount", self.amount.to_string())
            .push("currency", self.currency.clone())
            .push("confirm", "true")
            .push("capture_method", self.capture_method)
            .push("payment_method_types[0]", "card")
            .push("payment_method_data[type]", "card")
            .push("payment_method_data[card][number]", self.card.number)
            .push("payment_method_data[card][exp_month]", self.card.exp_month)
            .push("payment_method_data[card][exp_year]", self.card.exp_year)
            .push_opt("payment_method_data[card][cvc]", self.card.cvc);
        let b = &self.billing_details;
        f.push_opt("payment_method_data[billing_details][name]", b.name.as_deref())
            .push_opt("payment_method_data[billing_details][email]", b.email)
            .push_opt("payment_method_data[billing_details][phone]", b.phone);
        if let Some(a) = b.address {
            push_address(&mut f, "payment_method_data[billing_details][address]", a);
        }
        if let Some(s) = self.shipping {
            // Stripe requires shipping[name] and shipping[address][line1] together.
            if let (Some(name), Some(_)) = (full_name(s), s.line1.as_deref()) {
                f.push("shipping[name]", name);
                push_address(&mut f, "shipping[address]", s);
            }
        }
        f.push_opt("return_url", self.return_url)
            .push_opt("description", self.description)
            .push_opt("statement_descriptor_suffix", self.statement_descriptor_suffix)
            .push_opt("receipt_email", self.receipt_email);
        for (k, v) in &self.metadata {
            f.push(format!("metadata[{k}]"), *v);
        }
        f.push("expand[0]", "latest_charge");
        f
    }
}

fn push_address(f: &mut FormBody, prefix: &str, a: &Address) {
    for (key, value) in [
        ("line1", &a.line1),
        ("line2", &a.line2),
        ("city", &a.city),
        ("state", &a.state),
        ("postal_code", &a.postal_code),
        ("country", &a.country),
    ] {
        f.push_opt(&format!("{prefix}[{key}]"), value.as_deref());
    }
}

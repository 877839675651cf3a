//! Checkout.com's request types (Unified Payments API, NAS), named as Checkout.com names them,
//! built from the unified requests. https://api-reference.checkout.com/#tag/Payments

use crate::kit::text::{present, present_str};
use crate::kit::money::{iso_exponent, iso_minor_units_from, minor_units_for};
use crate::protocol::{
    Address, AuthorizeRequest, CaptureMethod, CaptureRequest, Card, Customer, FutureUsage, Money, PaymentMethod,
    RefundRequest, RepeatPaymentRequest, SetupMandateRequest, SidecarError, VoidRequest,
};
use super::payment_methods::{self as pm, ApmContext, CheckoutBillingDescriptor, CheckoutThreeDs};
use serde::Serialize;
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------------------------
// Money

/// "The amount you specify is the final amount": whole units, whatever ISO 4217 says.
const WHOLE_UNIT_CURRENCIES: &[&str] =
    &["BIF", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VUV", "VND", "XAF", "XOF", "XPF"];
/// "Divided by 1000 ... The last digit must always be a 0."
const THOUSANDTHS_CURRENCIES: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
/// "Not contain more than nine digits."
pub const MAX_AMOUNT: i64 = 999_999_999;

/// Checkout.com's decimals for a currency (https://www.checkout.com/docs/resources/calculating-the-amount):
/// 0 for its whole-unit list, 3 for its thousandths list, 2 for every other currency. That
/// differs from ISO 4217 for CLP and UYI (ISO 0, Checkout.com 2) and UYW (ISO 4). None for CLF,
/// which Checkout.com's documentation gives two different rules for (below).
pub fn checkout_exponent(currency: &str) -> Option<u8> {
    if currency == "CLF" {
        return None;
    }
    iso_exponent(currency)?;
    Some(if WHOLE_UNIT_CURRENCIES.contains(&currency) {
        0
    } else if THOUSANDTHS_CURRENCIES.contains(&currency) {
        3
    } else {
        2
    })
}

/// The `amount` Checkout.com takes for `money`, exact or refused (never rounded). `allow_zero` is
/// for card verification (setupMandate), the one place Checkout.com takes 0.
pub fn checkout_amount(money: &Money, field: &str, allow_zero: bool) -> Result<i64, SidecarError> {
    if money.currency == "CLF" {
        // The 2022 docs list CLF with the whole-unit currencies; the 2025 docs no longer do, which
        // puts it under "divided by 100". The two readings differ by a factor of 100, so no CLF
        // amount can be sent with certainty.
        return Err(SidecarError::invalid_field(
            &format!("{field}.currency"),
            "Checkout.com's currency rules for CLF are contradictory (whole units in its 2022 documentation, \
             hundredths since 2025), so a CLF amount cannot be sent exactly; charge in CLP instead"
                .into(),
        ));
    }
    if allow_zero && money.minor_amount == 0 {
        crate::kit::money::validate_verification(money, field)?;
        return Ok(0);
    }
    // validate() inside refuses unknown currencies and amounts ≤ 0.
    let exponent = checkout_exponent(&money.currency).unwrap_or(2);
    let amount = minor_units_for(money, exponent, field)?;
    if THOUSANDTHS_CURRENCIES.contains(&money.currency.as_str()) && amount % 10 != 0 {
        return Err(SidecarError::invalid_field(
            &format!("{field}.minorAmount"),
            format!(
                "{} {} cannot be sent exactly: Checkout.com requires the last digit of a {} amount to be 0",
                money.minor_amount, money.currency, money.currency
            ),
        ));
    }
    if amount > MAX_AMOUNT {
        return Err(SidecarError::invalid_field(
            &format!("{field}.minorAmount"),
            format!("{} {} is too large: Checkout.com takes amounts of at most nine digits", money.minor_amount, money.currency),
        ));
    }
    Ok(amount)
}

/// A Checkout.com amount back in unified ISO minor units (None when it cannot be exact).
pub fn unified_amount(amount: i64, currency: &str) -> Option<Money> {
    let currency = currency.to_ascii_uppercase();
    iso_minor_units_from(amount, &currency, checkout_exponent(&currency)?)
}

// ---------------------------------------------------------------------------------------------
// Shared parts

/// `reference`: "maxLength: 50" (checkout-nas.bundled.json, PaymentRequest, CaptureRequest,
/// RefundRequest, VoidRequest). Refused rather than cut: references reconcile money.
const REFERENCE_MAX: usize = 50;
/// `description`: "maxLength: 100".
const DESCRIPTION_MAX: usize = 100;

fn reference<'a>(value: &'a str, field: &str) -> Result<&'a str, SidecarError> {
    if value.chars().count() > REFERENCE_MAX {
        return Err(SidecarError::invalid_field(
            field,
            format!("Checkout.com takes a reference of at most {REFERENCE_MAX} characters"),
        ));
    }
    Ok(value)
}

fn description(value: Option<&String>) -> Result<Option<&str>, SidecarError> {
    match present_str(value.map(String::as_str)) {
        Some(d) if d.chars().count() > DESCRIPTION_MAX => Err(SidecarError::invalid_field(
            "request.description",
            format!("Checkout.com takes a description of at most {DESCRIPTION_MAX} characters"),
        )),
        other => Ok(other),
    }
}

/// `Address`.
#[derive(Debug, Serialize, Default)]
pub struct CheckoutAddress<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line1: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl<'a> CheckoutAddress<'a> {
    /// None when the address has none of the fields Checkout.com's Address carries.
    pub fn from_unified(a: &'a Address) -> Option<Self> {
        let extra: Vec<&str> = [present(&a.line2), present(&a.line3)].into_iter().flatten().collect();
        let address = CheckoutAddress {
            address_line1: present(&a.line1),
            address_line2: (!extra.is_empty()).then(|| extra.join(", ")),
            city: present(&a.city),
            state: present(&a.state),
            zip: present(&a.postal_code),
            country: present(&a.country).map(str::to_ascii_uppercase),
        };
        let empty = address.address_line1.is_none()
            && address.address_line2.is_none()
            && address.city.is_none()
            && address.state.is_none()
            && address.zip.is_none()
            && address.country.is_none();
        (!empty).then_some(address)
    }
}

fn full_name(a: &Address) -> Option<String> {
    match (present(&a.first_name), present(&a.last_name)) {
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (Some(n), None) | (None, Some(n)) => Some(n.to_string()),
        (None, None) => None,
    }
}

/// The payment source. Holds card data or a token: no `Debug`.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CheckoutSource<'a> {
    /// `03_PaymentRequestCardSource`: full card details (the merchant must be PCI SAQ D).
    Card {
        number: &'a str,
        expiry_month: u8,
        expiry_year: u16,
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        cvv: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        billing_address: Option<CheckoutAddress<'a>>,
    },
    /// `01_PaymentRequestTokenSource`: a `tok_...` from Checkout.com's Frames / client SDKs.
    Token {
        token: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        billing_address: Option<CheckoutAddress<'a>>,
    },
    /// `02_PaymentRequestIdSource`: a saved payment source (`src_...`).
    Id { id: &'a str },
    /// `04_PaymentRequestNetworkTokenSource`: a scheme token (vts, mdes) or a decrypted wallet
    /// token (applepay, googlepay) with its cryptogram (TAVV) and ECI.
    NetworkToken {
        token: &'a str,
        expiry_month: u8,
        expiry_year: u16,
        token_type: &'static str,
        cryptogram: &'a str,
        eci: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        billing_address: Option<CheckoutAddress<'a>>,
    },
}

/// The source as sent: one of the typed card sources, or an alternative payment method's
/// (payment_methods::apm_source).
#[derive(Serialize)]
#[serde(untagged)]
pub enum SourceBody<'a> {
    Known(CheckoutSource<'a>),
    Apm(serde_json::Value),
}

fn expiry(month: &str, year: &str, field: &str) -> Result<(u8, u16), SidecarError> {
    // Both were checked by kit::card: two and four digits.
    let m = month.parse().map_err(|_| SidecarError::invalid_field(&format!("{field}.expMonth"), "must be two digits".into()))?;
    let y = year.parse().map_err(|_| SidecarError::invalid_field(&format!("{field}.expYear"), "must be four digits".into()))?;
    Ok((m, y))
}

/// A source and what 3-D Secure needs of it: the card's number (empty for a tokenized card
/// whose scheme is not known here), None for a payment method that is not a card.
pub struct BuiltSource<'a> {
    pub body: SourceBody<'a>,
    pub card_number: Option<&'a str>,
}

impl<'a> CheckoutSource<'a> {
    fn from_unified(
        method: &'a PaymentMethod,
        billing: Option<&'a Address>,
        customer: Option<&'a Customer>,
        apm: &ApmContext<'a>,
    ) -> Result<BuiltSource<'a>, SidecarError> {
        let billing_address = || billing.and_then(CheckoutAddress::from_unified);
        let known = |s: CheckoutSource<'a>, n: Option<&'a str>| Ok(BuiltSource { body: SourceBody::Known(s), card_number: n });
        match method {
            PaymentMethod::Card(card) => {
                let Card { number, exp_month, exp_year, cvc, holder_name } = card;
                let (expiry_month, expiry_year) = expiry(exp_month, exp_year, "request.paymentMethod.card")?;
                let name = present(&holder_name)
                    .map(str::to_string)
                    .or_else(|| billing.and_then(full_name))
                    .or_else(|| customer.and_then(|c| present(&c.name)).map(str::to_string));
                known(
                    CheckoutSource::Card {
                        number: number.expose(),
                        expiry_month,
                        expiry_year,
                        name,
                        cvv: cvc.as_ref().map(|c| c.expose()),
                        billing_address: billing_address(),
                    },
                    Some(number.expose()),
                )
            }
            PaymentMethod::Token(token) => {
                known(CheckoutSource::Token { token: token.value.expose().trim(), billing_address: billing_address() }, Some(""))
            }
            PaymentMethod::NetworkToken(t) => {
                let field = format!("{}.networkToken", pm::FIELD);
                let token_type = pm::token_type(t.number.expose(), &field)?;
                let (expiry_month, expiry_year) = expiry(&t.exp_month, &t.exp_year, &field)?;
                let eci = t.eci.as_deref().ok_or_else(|| {
                    SidecarError::missing_field(&format!("{field}.eci"), "Checkout.com's network_token source requires the token's ECI")
                })?;
                known(
                    CheckoutSource::NetworkToken {
                        token: t.number.expose(),
                        expiry_month,
                        expiry_year,
                        token_type,
                        cryptogram: t.cryptogram.expose(),
                        eci,
                        billing_address: billing_address(),
                    },
                    Some(t.number.expose()),
                )
            }
            PaymentMethod::ApplePay(_) | PaymentMethod::GooglePay(_) => {
                let (d, token_type, field) = pm::decrypted_wallet(method)?.expect("a wallet");
                let (expiry_month, expiry_year) = expiry(&d.exp_month, &d.exp_year, &field)?;
                let eci = d.eci.as_deref().ok_or_else(|| {
                    SidecarError::missing_field(&format!("{field}.eci"), "Checkout.com's network_token source requires the ECI of the decrypted token")
                })?;
                known(
                    CheckoutSource::NetworkToken {
                        token: d.number.expose(),
                        expiry_month,
                        expiry_year,
                        token_type,
                        cryptogram: d.cryptogram.as_ref().map(|c| c.expose()).unwrap_or_default(),
                        eci,
                        billing_address: billing_address(),
                    },
                    Some(d.number.expose()),
                )
            }
            other => match pm::apm_source(other, apm)? {
                Some(v) => Ok(BuiltSource { body: SourceBody::Apm(v), card_number: None }),
                None => Err(SidecarError::payment_method_not_supported(&format!(
                    "Checkout.com does not take `{}` here",
                    other.type_name()
                ))),
            },
        }
    }
}

/// `CustomerRequest`: `id` is Checkout.com's own (`cus_...`), from `customer.connectorCustomerId`.
#[derive(Serialize)]
pub struct CheckoutCustomer<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
}

impl<'a> CheckoutCustomer<'a> {
    pub(crate) fn from_unified(c: Option<&'a Customer>) -> Option<Self> {
        let c = c?;
        let out = CheckoutCustomer {
            id: present(&c.connector_customer_id),
            email: present(&c.email),
            name: present(&c.name),
        };
        (out.id.is_some() || out.email.is_some() || out.name.is_some()).then_some(out)
    }
}

#[derive(Serialize)]
pub struct CheckoutShipping<'a> {
    pub address: CheckoutAddress<'a>,
}

/// `POST /payments` (PaymentRequest). Holds card data: no `Debug`.
#[derive(Serialize)]
pub struct CheckoutPaymentRequest<'a> {
    pub source: SourceBody<'a>,
    pub amount: i64,
    pub currency: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_initiated: Option<bool>,
    pub reference: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    pub capture: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<CheckoutCustomer<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_descriptor: Option<CheckoutBillingDescriptor<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping: Option<CheckoutShipping<'a>>,
    #[serde(rename = "3ds", skip_serializing_if = "Option::is_none")]
    pub three_ds: Option<CheckoutThreeDs>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_channel_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_payment_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_ip: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: &'a BTreeMap<String, String>,
}

static NO_METADATA: BTreeMap<String, String> = BTreeMap::new();

/// What the payment requests take from the account's credentials beside the key.
#[derive(Clone, Copy, Default)]
pub struct AccountSettings<'a> {
    pub processing_channel_id: Option<&'a str>,
    /// The city of the dynamic billing descriptor (`auth.billingDescriptorCity`).
    pub descriptor_city: Option<&'a str>,
}

impl<'a> CheckoutPaymentRequest<'a> {
    /// `authorize`. `threeDs` decides 3-D Secure (payment_methods::three_ds); a `returnUrl` is
    /// where Checkout.com sends the shopper back after 3DS or a redirect payment method.
    pub fn authorize(r: &'a AuthorizeRequest, account: AccountSettings<'a>) -> Result<Self, SidecarError> {
        let description = description(r.description.as_ref())?;
        let apm = ApmContext {
            reference: &r.merchant_transaction_id,
            description,
            customer: r.customer.as_ref(),
            billing: r.billing_address.as_ref(),
            language: r.browser_info.as_ref().and_then(|b| present(&b.language)),
            currency: &r.amount.currency,
            capture: r.capture_method,
            saving: r.setup_future_usage.is_some(),
            return_url: present(&r.return_url),
        };
        let source = CheckoutSource::from_unified(&r.payment_method, r.billing_address.as_ref(), r.customer.as_ref(), &apm)?;
        let return_url = present(&r.return_url);
        let off_session = r.setup_future_usage == Some(FutureUsage::OffSession);
        let three_ds = pm::three_ds(&r.three_ds, source.card_number, return_url, off_session)?;
        let card_payment = source.card_number.is_some();
        // giropay's purpose is the payment's description ("For Giropay, it is a Purpose field").
        let giropay = matches!(&r.payment_method, PaymentMethod::BankRedirect(b) if b.method == crate::protocol::BankRedirectMethod::Giropay);
        let description = if giropay && description.is_none() { Some(r.merchant_transaction_id.as_str()) } else { description };
        Ok(CheckoutPaymentRequest {
            source: source.body,
            amount: checkout_amount(&r.amount, "request.amount", false)?,
            currency: &r.amount.currency,
            // The first, cardholder-initiated payment of a series: its payment_type says what the
            // saved card will serve; `merchant_initiated: false` says the shopper is here.
            payment_type: off_session.then_some(pm::payment_type(r.recurring_type)),
            merchant_initiated: r.setup_future_usage.map(|_| false),
            reference: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            description,
            capture: r.capture_method == CaptureMethod::Automatic,
            customer: CheckoutCustomer::from_unified(r.customer.as_ref()),
            billing_descriptor: pm::billing_descriptor(r.statement_descriptor.as_deref(), account.descriptor_city, card_payment)?,
            shipping: r
                .shipping_address
                .as_ref()
                .and_then(CheckoutAddress::from_unified)
                .map(|address| CheckoutShipping { address }),
            three_ds,
            processing_channel_id: account.processing_channel_id,
            previous_payment_id: None,
            success_url: return_url,
            failure_url: return_url,
            payment_ip: r.browser_info.as_ref().and_then(|b| present(&b.ip_address)),
            metadata: &r.metadata,
        })
    }

    /// `setupMandate`: the cardholder-initiated first payment of a series, its `payment_type`
    /// from `recurringType`. With `amount.minorAmount` 0 it is a card verification ("Omit the
    /// amount or provide a value of 0 to perform a card verification"); a larger amount is
    /// authorized without capture.
    pub fn setup_mandate(r: &'a SetupMandateRequest, account: AccountSettings<'a>) -> Result<Self, SidecarError> {
        let description = description(r.description.as_ref())?;
        let apm = ApmContext {
            reference: &r.merchant_transaction_id,
            description,
            customer: r.customer.as_ref(),
            billing: r.billing_address.as_ref(),
            language: None,
            currency: &r.amount.currency,
            // Authorized without capture, saving the method.
            capture: CaptureMethod::Manual,
            saving: true,
            return_url: present(&r.return_url),
        };
        let source = CheckoutSource::from_unified(&r.payment_method, r.billing_address.as_ref(), r.customer.as_ref(), &apm)?;
        let return_url = present(&r.return_url);
        Ok(CheckoutPaymentRequest {
            three_ds: pm::three_ds(&r.three_ds, source.card_number, return_url, true)?,
            source: source.body,
            amount: checkout_amount(&r.amount, "request.amount", true)?,
            currency: &r.amount.currency,
            payment_type: Some(pm::payment_type(r.recurring_type)),
            merchant_initiated: Some(false),
            reference: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            description,
            capture: false,
            customer: CheckoutCustomer::from_unified(r.customer.as_ref()),
            billing_descriptor: None,
            shipping: None,
            processing_channel_id: account.processing_channel_id,
            previous_payment_id: None,
            success_url: return_url,
            failure_url: return_url,
            payment_ip: r.browser_info.as_ref().and_then(|b| present(&b.ip_address)),
            metadata: &r.metadata,
        })
    }

    /// `repeatPayment`: a merchant-initiated payment on the saved source (`src_...`) of the
    /// series `recurringType` names, chained to it by `previous_payment_id` (the first payment's
    /// scheme transaction id, given as `networkTransactionId`; Checkout.com also takes a
    /// `pay_...` of the series there).
    pub fn repeat(r: &'a RepeatPaymentRequest, account: AccountSettings<'a>) -> Result<Self, SidecarError> {
        let previous = present(&r.network_transaction_id);
        if let Some(p) = previous {
            if p.chars().count() > 100 {
                return Err(SidecarError::invalid_field(
                    "request.networkTransactionId",
                    "Checkout.com takes a previous_payment_id of at most 100 characters".into(),
                ));
            }
        }
        Ok(CheckoutPaymentRequest {
            source: SourceBody::Known(CheckoutSource::Id { id: r.mandate_reference.trim() }),
            amount: checkout_amount(&r.amount, "request.amount", false)?,
            currency: &r.amount.currency,
            payment_type: Some(pm::payment_type(r.recurring_type)),
            merchant_initiated: Some(true),
            reference: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            description: description(r.description.as_ref())?,
            capture: r.capture_method == CaptureMethod::Automatic,
            customer: CheckoutCustomer::from_unified(r.customer.as_ref()),
            billing_descriptor: pm::billing_descriptor(r.statement_descriptor.as_deref(), account.descriptor_city, true)?,
            shipping: None,
            three_ds: None,
            processing_channel_id: account.processing_channel_id,
            previous_payment_id: previous,
            success_url: None,
            failure_url: None,
            payment_ip: None,
            metadata: r.metadata.as_ref().unwrap_or(&NO_METADATA),
        })
    }
}

/// `POST /payments/{id}/captures` (CaptureRequest). The amount is always sent, so a partial
/// capture and a full one read the same.
#[derive(Debug, Serialize)]
pub struct CheckoutCaptureRequest<'a> {
    /// Left out without `amountToCapture`: "If not specified, the full payment amount will be captured".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<&'a str>,
}

impl<'a> CheckoutCaptureRequest<'a> {
    pub fn from_unified(r: &'a CaptureRequest) -> Result<Self, SidecarError> {
        let reference = match present(&r.merchant_capture_id) {
            Some(id) => Some(reference(id, "request.merchantCaptureId")?),
            None => None,
        };
        let amount = r.amount_to_capture.as_ref().map(|a| checkout_amount(a, "request.amountToCapture", false)).transpose()?;
        Ok(CheckoutCaptureRequest { amount, reference })
    }
}

/// `POST /payments/{id}/voids` (VoidRequest).
#[derive(Debug, Serialize)]
pub struct CheckoutVoidRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<&'a str>,
}

impl<'a> CheckoutVoidRequest<'a> {
    pub fn from_unified(r: &'a VoidRequest) -> Result<Self, SidecarError> {
        let reference = match present(&r.merchant_transaction_id) {
            Some(id) => Some(reference(id, "request.merchantTransactionId")?),
            None => None,
        };
        Ok(CheckoutVoidRequest { reference })
    }
}

/// `POST /payments/{id}/refunds` (RefundRequest). `reference` is the merchant's refund id: it
/// comes back in the refund webhook, which is how an event is matched to its refund.
#[derive(Debug, Serialize)]
pub struct CheckoutRefundRequest<'a> {
    pub amount: i64,
    pub reference: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<&'a BTreeMap<String, String>>,
}

impl<'a> CheckoutRefundRequest<'a> {
    pub fn from_unified(r: &'a RefundRequest) -> Result<Self, SidecarError> {
        Ok(CheckoutRefundRequest {
            amount: checkout_amount(&r.refund_amount, "request.refundAmount", false)?,
            reference: reference(r.merchant_refund_id.trim(), "request.merchantRefundId")?,
            metadata: r.metadata.as_ref().filter(|m| !m.is_empty()),
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
    fn amounts_follow_checkout_rules() {
        assert_eq!(checkout_amount(&m(1099, "USD"), "a", false).unwrap(), 1099);
        assert_eq!(checkout_amount(&m(500, "JPY"), "a", false).unwrap(), 500);
        // ISK: ISO 0, Checkout.com whole units too.
        assert_eq!(checkout_amount(&m(5, "ISK"), "a", false).unwrap(), 5);
        // CLP: ISO 0, Checkout.com hundredths.
        assert_eq!(checkout_amount(&m(5000, "CLP"), "a", false).unwrap(), 500_000);
        // Three decimals, last digit 0.
        assert_eq!(checkout_amount(&m(12340, "KWD"), "a", false).unwrap(), 12340);
        let e = checkout_amount(&m(12345, "KWD"), "request.amount", false).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.amount.minorAmount"));
        assert!(e.message.contains("last digit"), "{}", e.message);
        // UYW: ISO 4, Checkout.com 2: only whole hundredths.
        assert_eq!(checkout_amount(&m(12300, "UYW"), "a", false).unwrap(), 123);
        assert!(checkout_amount(&m(12345, "UYW"), "a", false).is_err());
        // CLF is refused, naming the currency.
        let e = checkout_amount(&m(10000, "CLF"), "request.amount", false).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.amount.currency"));
        // Nine digits at most.
        assert_eq!(checkout_amount(&m(999_999_999, "USD"), "a", false).unwrap(), 999_999_999);
        let e = checkout_amount(&m(1_000_000_000, "USD"), "request.amount", false).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.amount.minorAmount"));
        // CLP: 10 million pesos is 10 digits at Checkout.com.
        assert!(checkout_amount(&m(10_000_000, "CLP"), "a", false).is_err());
        // Zero only for card verification.
        assert!(checkout_amount(&m(0, "USD"), "a", false).is_err());
        assert_eq!(checkout_amount(&m(0, "USD"), "a", true).unwrap(), 0);
        assert!(checkout_amount(&m(0, "XXX"), "a", true).is_err());
        // Back to ISO.
        assert_eq!(unified_amount(500_000, "CLP").unwrap().minor_amount, 5000);
        assert_eq!(unified_amount(123, "uyw").unwrap().minor_amount, 12300);
        assert_eq!(unified_amount(150, "CLP"), None);
        assert_eq!(unified_amount(1, "CLF"), None);
    }
}

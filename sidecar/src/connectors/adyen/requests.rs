//! Adyen's request types (Checkout API v71), named as Adyen names them, built from the unified
//! request. https://docs.adyen.com/api-explorer/Checkout/71/post/payments

use super::payment_methods;
use crate::kit::money::{iso_exponent, minor_units_for};
use crate::protocol::{
    Address, AuthorizeRequest, BrowserInfo, CaptureMethod, CaptureRequest, Card, ConnectorState, Customer, FutureUsage,
    Money, OrderLine, PaymentMethod, PsyncRequest, RecurringType, ThreeDs, RefundRequest, RepeatPaymentRequest, SetupMandateRequest, SidecarError,
    VoidRequest,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// Adyen's decimals for a currency: ISO's, except where Adyen's currency table says
/// "differs from standard" (docs.adyen.com/development-resources/currency-codes).
pub fn adyen_exponent(currency: &str) -> Option<u8> {
    match currency {
        "CLP" => Some(2),
        "CVE" => Some(0),
        "IDR" => Some(0),
        "ISK" => Some(2),
        other => iso_exponent(other),
    }
}

/// `Amount`: `value` in Adyen's minor units. An amount Adyen cannot take exactly is refused.
#[derive(Serialize)]
pub struct AdyenAmount {
    pub value: i64,
    pub currency: String,
}

impl AdyenAmount {
    /// An amount above zero in Adyen's minor units, or InvalidFieldValue naming `field`.
    pub fn from_unified(money: &Money, field: &str) -> Result<Self, SidecarError> {
        let exponent = adyen_exponent(&money.currency).unwrap_or(2);
        Ok(AdyenAmount { value: minor_units_for(money, exponent, field)?, currency: money.currency.clone() })
    }

    /// As `from_unified`, and zero too: a zero-value authorisation (setupMandate) is exact in
    /// every currency.
    pub fn from_unified_or_zero(money: &Money, field: &str) -> Result<Self, SidecarError> {
        if money.minor_amount != 0 {
            return AdyenAmount::from_unified(money, field);
        }
        if iso_exponent(&money.currency).is_none() {
            return Err(SidecarError::invalid_field(
                &format!("{field}.currency"),
                format!("`{}` is not an active ISO 4217 currency code", money.currency),
            ));
        }
        Ok(AdyenAmount { value: 0, currency: money.currency.clone() })
    }
}

/// `CardDetails` with raw card data (`type: scheme`). Holds the PAN and CVC: no `Debug`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdyenCardDetails<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub number: &'a str,
    pub expiry_month: &'a str,
    pub expiry_year: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvc: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder_name: Option<String>,
}

/// `BillingAddress` / `DeliveryAddress`. Adyen requires street, houseNumberOrName, city,
/// postalCode and country whenever the object is sent; stateOrProvince for the US and Canada.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdyenAddress {
    pub street: String,
    pub house_number_or_name: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_or_province: Option<String>,
    /// DeliveryAddress only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

/// `houseNumberOrName` when the address has no line beyond the street line: the field is
/// required, and Adyen's own e-commerce plugins send `N/A` for an address part they lack.
const NO_HOUSE_NUMBER: &str = "N/A";
/// Adyen: "If you don't know the country ... provide `country` as `ZZ`."
const UNKNOWN_COUNTRY: &str = "ZZ";

fn present(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl AdyenAddress {
    /// The unified address → Adyen's. `line1` is the street line (Adyen's `street`); `line2` and
    /// `line3` (apartment, building, house name) become `houseNumberOrName`, or `N/A` when absent.
    /// The house number is not split out of `line1`: that cannot be done reliably across
    /// countries, and Adyen accepts the street line as written.
    pub fn from_unified(a: &Address, field: &str, with_names: bool) -> Result<Self, SidecarError> {
        let need = |value: Option<&str>, name: &str| {
            value.map(str::to_string).ok_or_else(|| {
                SidecarError::missing_field(
                    &format!("{field}.{name}"),
                    "Adyen requires line1, city and postalCode in an address it is sent",
                )
            })
        };
        let street = need(present(&a.line1), "line1")?;
        let city = need(present(&a.city), "city")?;
        let postal_code = need(present(&a.postal_code), "postalCode")?;
        let country = present(&a.country).map(str::to_ascii_uppercase).unwrap_or_else(|| UNKNOWN_COUNTRY.into());
        let state_or_province = present(&a.state).map(str::to_string);
        if state_or_province.is_none() && matches!(country.as_str(), "US" | "CA") {
            return Err(SidecarError::missing_field(
                &format!("{field}.state"),
                "Adyen requires the state or province for addresses in the US and Canada",
            ));
        }
        let extra: Vec<&str> = [present(&a.line2), present(&a.line3)].into_iter().flatten().collect();
        let house_number_or_name = if extra.is_empty() { NO_HOUSE_NUMBER.to_string() } else { extra.join(", ") };
        Ok(AdyenAddress {
            street,
            house_number_or_name,
            city,
            postal_code,
            country,
            state_or_province,
            first_name: if with_names { present(&a.first_name).map(str::to_string) } else { None },
            last_name: if with_names { present(&a.last_name).map(str::to_string) } else { None },
        })
    }
}

/// `ShopperName`: both names are required by Adyen.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdyenShopperName {
    pub first_name: String,
    pub last_name: String,
}

/// `BrowserInfo` (3-D Secure). Adyen lists every field as required for browser-based 3DS2, but
/// documents that app integrations send only userAgent and acceptHeader: what we have is sent.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AdyenBrowserInfo<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept_header: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color_depth: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screen_height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screen_width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone_offset: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub java_enabled: Option<bool>,
    #[serde(rename = "javaScriptEnabled", skip_serializing_if = "Option::is_none")]
    pub java_script_enabled: Option<bool>,
}

impl<'a> AdyenBrowserInfo<'a> {
    /// None when the unified object has nothing Adyen's BrowserInfo carries (an IP alone goes to
    /// `shopperIP`).
    pub fn from_unified(b: &'a BrowserInfo) -> Option<Self> {
        let info = AdyenBrowserInfo {
            user_agent: b.user_agent.as_deref(),
            accept_header: b.accept_header.as_deref(),
            language: b.language.as_deref(),
            color_depth: b.color_depth,
            screen_height: b.screen_height,
            screen_width: b.screen_width,
            time_zone_offset: b.time_zone_offset,
            java_enabled: b.java_enabled,
            java_script_enabled: b.javascript_enabled,
        };
        let empty = info.user_agent.is_none()
            && info.accept_header.is_none()
            && info.language.is_none()
            && info.color_depth.is_none()
            && info.screen_height.is_none()
            && info.screen_width.is_none()
            && info.time_zone_offset.is_none()
            && info.java_enabled.is_none()
            && info.java_script_enabled.is_none();
        (!empty).then_some(info)
    }
}

/// `CardDetails` with only `storedPaymentMethodId`: a payment on a card saved with Adyen.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdyenStoredCard<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub stored_payment_method_id: &'a str,
}

/// `paymentMethod`: raw card data, or a saved card (repeatPayment).
#[derive(Serialize)]
#[serde(untagged)]
pub enum AdyenPaymentMethod<'a> {
    Card(AdyenCardDetails<'a>),
    Stored(AdyenStoredCard<'a>),
    /// Every other type's `*Details` object (payment_methods.rs).
    Other(serde_json::Value),
}

/// `shopperInteraction`: `Ecommerce` when the shopper is there (also when a card is saved),
/// `ContAuth` for a payment on a saved card ("continuous authority").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ShopperInteraction {
    Ecommerce,
    ContAuth,
}

/// `recurringProcessingModel`: what a saved card is for, sent when it is saved and on every
/// payment with it (docs.adyen.com/online-payments/tokenization/create-and-use-tokens).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RecurringModel {
    /// The shopper is present and picks the saved card (one-click).
    CardOnFile,
    /// Payments on a fixed schedule, started by the merchant.
    Subscription,
    /// Merchant-initiated payments on no fixed schedule (automatic top-ups).
    UnscheduledCardOnFile,
}

/// The key of `request.state` that chooses the `recurringProcessingModel`.
pub const STATE_RECURRING_MODEL: &str = "recurringProcessingModel";

impl RecurringModel {
    /// The unified `recurringType` (default unscheduled): a subscription, and instalments on a
    /// fixed schedule, are `Subscription`; charges when needed are `UnscheduledCardOnFile`
    /// (docs.adyen.com/online-payments/tokenization/create-and-use-tokens#recurring-processing-model).
    pub fn of(t: RecurringType) -> Self {
        match t {
            RecurringType::Scheduled | RecurringType::Installment => RecurringModel::Subscription,
            RecurringType::Unscheduled => RecurringModel::UnscheduledCardOnFile,
        }
    }

    fn parse(name: &str) -> Option<Self> {
        match name {
            "CardOnFile" => Some(RecurringModel::CardOnFile),
            "Subscription" => Some(RecurringModel::Subscription),
            "UnscheduledCardOnFile" => Some(RecurringModel::UnscheduledCardOnFile),
            _ => None,
        }
    }

    /// `state.recurringProcessingModel` when the caller sets it, else `default`. A
    /// merchant-initiated payment (`merchant_initiated`) cannot be `CardOnFile`, which Adyen and
    /// the schemes reserve for payments the shopper is present for.
    pub fn choose(state: Option<&ConnectorState>, default: Self, merchant_initiated: bool) -> Result<Self, SidecarError> {
        let field = "request.state.recurringProcessingModel";
        let Some(name) = state.and_then(|s| s.get(STATE_RECURRING_MODEL)) else { return Ok(default) };
        let model = RecurringModel::parse(name).ok_or_else(|| {
            SidecarError::invalid_field(field, "Adyen takes CardOnFile, Subscription or UnscheduledCardOnFile".into())
        })?;
        if merchant_initiated && model == RecurringModel::CardOnFile {
            return Err(SidecarError::invalid_field(
                field,
                "a merchant-initiated payment is Subscription or UnscheduledCardOnFile; CardOnFile is for payments the shopper is present for".into(),
            ));
        }
        Ok(model)
    }
}

/// `POST /payments` (PaymentRequest): authorize, setupMandate and repeatPayment. May hold card
/// data: no `Debug`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdyenPaymentRequest<'a> {
    pub amount: AdyenAmount,
    pub merchant_account: &'a str,
    pub reference: &'a str,
    pub payment_method: AdyenPaymentMethod<'a>,
    pub return_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shopper_email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shopper_reference: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shopper_name: Option<AdyenShopperName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<AdyenAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_address: Option<AdyenAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_info: Option<AdyenBrowserInfo<'a>>,
    #[serde(rename = "shopperIP", skip_serializing_if = "Option::is_none")]
    pub shopper_ip: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shopper_statement: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: &'a BTreeMap<String, String>,
    /// `Web` for a payment in the shopper's browser; none for a merchant-initiated one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<&'static str>,
    /// `manualCapture: "true"` (AdditionalDataCommon) when the merchant captures later.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub additional_data: BTreeMap<&'static str, &'static str>,
    /// Save the card (setupMandate, authorize with setupFutureUsage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_payment_method: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shopper_interaction: Option<ShopperInteraction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurring_processing_model: Option<RecurringModel>,
    /// The order's lines (Klarna, Afterpay, Affirm).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_items: Option<serde_json::Value>,
    /// A network token's cryptogram, or 3-D Secure done elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mpi_data: Option<serde_json::Value>,
    /// Ask for or skip 3-D Secure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_data: Option<serde_json::Value>,
    /// The shopper's CPF/CNPJ (Boleto).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub social_security_number: Option<&'a str>,
}

/// Adyen's limits on `metadata` ("177: Metadata size exceeds limit").
const METADATA_MAX_ENTRIES: usize = 20;
const METADATA_MAX_KEY: usize = 20;
const METADATA_MAX_VALUE: usize = 80;
/// `reference` (payments and modifications): "Maximum length: 80 characters."
const REFERENCE_MAX: usize = 80;

fn check_metadata(m: &BTreeMap<String, String>) -> Result<(), SidecarError> {
    let field = "request.metadata";
    if m.len() > METADATA_MAX_ENTRIES {
        return Err(SidecarError::invalid_field(
            field,
            format!("Adyen takes at most {METADATA_MAX_ENTRIES} metadata entries, got {}", m.len()),
        ));
    }
    for (k, v) in m {
        if k.chars().count() > METADATA_MAX_KEY || v.chars().count() > METADATA_MAX_VALUE {
            return Err(SidecarError::invalid_field(
                field,
                format!("Adyen takes metadata keys of at most {METADATA_MAX_KEY} characters and values of at most {METADATA_MAX_VALUE}"),
            ));
        }
    }
    Ok(())
}

/// A `reference` (the merchant's own id of a payment or modification), at most 80 characters.
fn check_reference<'a>(value: &'a str, field: &str) -> Result<&'a str, SidecarError> {
    if value.chars().count() > REFERENCE_MAX {
        return Err(SidecarError::invalid_field(
            field,
            format!("Adyen takes a reference of at most {REFERENCE_MAX} characters"),
        ));
    }
    Ok(value)
}

fn full_name(a: &Address) -> Option<String> {
    match (present(&a.first_name), present(&a.last_name)) {
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (Some(n), None) | (None, Some(n)) => Some(n.to_string()),
        (None, None) => None,
    }
}

fn require_return_url<'a>(url: &'a Option<String>, why: &str) -> Result<&'a str, SidecarError> {
    url.as_deref().map(str::trim).filter(|u| !u.is_empty()).ok_or_else(|| SidecarError::missing_field("request.returnUrl", why))
}

/// `shopperReference` from `customer.id`: 3 to 256 characters. `None` when there is none.
fn shopper_reference(customer: Option<&Customer>) -> Result<Option<&str>, SidecarError> {
    let id = customer.and_then(|c| present(&c.id));
    if let Some(id) = id {
        if !(3..=256).contains(&id.chars().count()) {
            return Err(SidecarError::invalid_field(
                "request.customer.id",
                "Adyen takes a shopperReference of 3 to 256 characters".into(),
            ));
        }
    }
    Ok(id)
}

/// `shopperReference` where Adyen requires it: saved cards live under the shopper.
fn required_shopper_reference<'a>(customer: Option<&'a Customer>, what: &str) -> Result<&'a str, SidecarError> {
    shopper_reference(customer)?.ok_or_else(|| {
        SidecarError::missing_field(
            "request.customer.id",
            &format!("Adyen keeps saved cards under the shopper's reference (shopperReference), which {what} needs"),
        )
    })
}

/// What a card payment in the shopper's browser needs, from authorize or setupMandate.
struct CardPayment<'a> {
    merchant_account: &'a str,
    reference: &'a str,
    amount: AdyenAmount,
    payment_method: &'a PaymentMethod,
    return_url: &'a str,
    customer: Option<&'a Customer>,
    billing: Option<&'a Address>,
    shipping: Option<&'a Address>,
    browser: Option<&'a BrowserInfo>,
    statement: Option<&'a str>,
    metadata: &'a BTreeMap<String, String>,
    three_ds: &'a ThreeDs,
    order_lines: &'a [OrderLine],
    unified_amount: &'a Money,
}

impl<'a> CardPayment<'a> {
    fn build(self) -> Result<AdyenPaymentRequest<'a>, SidecarError> {
        let other = payment_methods::payment_method_of(
            self.payment_method,
            self.customer.and_then(|c| present(&c.phone)),
            self.customer.and_then(|c| present(&c.email)),
        )?;
        let card: Option<&Card> = match self.payment_method {
            PaymentMethod::Card(c) => Some(c),
            _ => None,
        };
        check_reference(self.reference, "request.merchantTransactionId")?;
        let customer = self.customer;
        let shopper_reference = shopper_reference(customer)?;
        check_metadata(self.metadata)?;
        let billing = self.billing;
        let holder_name = card
            .and_then(|c| present(&c.holder_name))
            .map(str::to_string)
            .or_else(|| billing.and_then(full_name))
            .or_else(|| customer.and_then(|c| present(&c.name)).map(str::to_string));
        let payment_method = match (card, other) {
            (Some(card), _) => AdyenPaymentMethod::Card(AdyenCardDetails {
                kind: "scheme",
                number: card.number.expose(),
                expiry_month: &card.exp_month,
                expiry_year: &card.exp_year,
                cvc: card.cvc.as_ref().map(|c| c.expose()),
                holder_name,
            }),
            (None, Some(v)) => AdyenPaymentMethod::Other(v),
            (None, None) => unreachable!("payment_method_of answers every type but card"),
        };
        let line_items = payment_methods::line_items(self.payment_method, self.order_lines, self.unified_amount, |m, f| {
            AdyenAmount::from_unified(m, f).map(|a| a.value)
        })?;
        let social_security_number = match self.payment_method {
            PaymentMethod::Voucher(v) if v.method == crate::protocol::VoucherMethod::Boleto => Some(
                v.tax_id.as_deref().filter(|t| !t.trim().is_empty()).ok_or_else(|| {
                    SidecarError::missing_field("request.paymentMethod.voucher.taxId", "Adyen's Boleto needs the shopper's CPF or CNPJ (socialSecurityNumber)")
                })?,
            ),
            _ => None,
        };
        let shopper_name = billing.and_then(|a| match (present(&a.first_name), present(&a.last_name)) {
            (Some(f), Some(l)) => Some(AdyenShopperName { first_name: f.into(), last_name: l.into() }),
            _ => None,
        });
        Ok(AdyenPaymentRequest {
            amount: self.amount,
            merchant_account: self.merchant_account,
            reference: self.reference,
            payment_method,
            return_url: self.return_url,
            shopper_email: customer.and_then(|c| present(&c.email)),
            shopper_reference,
            shopper_name,
            telephone_number: customer.and_then(|c| present(&c.phone)),
            billing_address: billing
                .map(|a| AdyenAddress::from_unified(a, "request.billingAddress", false))
                .transpose()?,
            delivery_address: self
                .shipping
                .map(|a| AdyenAddress::from_unified(a, "request.shippingAddress", true))
                .transpose()?,
            browser_info: self.browser.and_then(AdyenBrowserInfo::from_unified),
            shopper_ip: self.browser.and_then(|b| present(&b.ip_address)),
            shopper_statement: self.statement,
            metadata: self.metadata,
            channel: Some("Web"),
            additional_data: BTreeMap::new(),
            store_payment_method: None,
            shopper_interaction: None,
            recurring_processing_model: None,
            line_items,
            mpi_data: payment_methods::mpi_data(self.payment_method, self.three_ds),
            authentication_data: payment_methods::authentication_data(self.three_ds),
            social_security_number,
        })
    }
}

const MANUAL_CAPTURE: (&str, &str) = ("manualCapture", "true");

impl<'a> AdyenPaymentRequest<'a> {
    /// authorize. With `setupFutureUsage` the card is saved too: `onSession` as `CardOnFile`
    /// (one-click, shopper present), `offSession` as `Subscription`, unless
    /// `state.recurringProcessingModel` says otherwise.
    pub fn from_unified(r: &'a AuthorizeRequest, merchant_account: &'a str) -> Result<Self, SidecarError> {
        let amount = AdyenAmount::from_unified(&r.amount, "request.amount")?;
        let return_url = require_return_url(
            &r.return_url,
            "Adyen requires returnUrl on /payments: the shopper comes back there after 3-D Secure or a redirect",
        )?;
        let mut body = CardPayment {
            merchant_account,
            reference: &r.merchant_transaction_id,
            amount,
            payment_method: &r.payment_method,
            return_url,
            customer: r.customer.as_ref(),
            billing: r.billing_address.as_ref(),
            shipping: r.shipping_address.as_ref(),
            browser: r.browser_info.as_ref(),
            statement: present(&r.statement_descriptor),
            metadata: &r.metadata,
            three_ds: &r.three_ds,
            order_lines: &r.order_lines,
            unified_amount: &r.amount,
        }
        .build()?;
        if r.capture_method == CaptureMethod::Manual {
            body.additional_data.insert(MANUAL_CAPTURE.0, MANUAL_CAPTURE.1);
        }
        if let Some(usage) = r.setup_future_usage {
            required_shopper_reference(r.customer.as_ref(), "saving the card (setupFutureUsage)")?;
            let default = match usage {
                FutureUsage::OnSession => RecurringModel::CardOnFile,
                FutureUsage::OffSession => RecurringModel::of(r.recurring_type),
            };
            let merchant_initiated = usage == FutureUsage::OffSession;
            body.store_payment_method = Some(true);
            body.shopper_interaction = Some(ShopperInteraction::Ecommerce);
            body.recurring_processing_model = Some(RecurringModel::choose(Some(&r.state), default, merchant_initiated)?);
        }
        Ok(body)
    }

    /// setupMandate: a zero-value (or small) authorisation that saves the card for
    /// merchant-initiated payments (`Subscription` unless `state.recurringProcessingModel` says
    /// otherwise). A verification amount above zero is authorised with manual capture, so the
    /// shopper is not charged for it.
    pub fn for_setup_mandate(r: &'a SetupMandateRequest, merchant_account: &'a str) -> Result<Self, SidecarError> {
        let amount = AdyenAmount::from_unified_or_zero(&r.amount, "request.amount")?;
        let return_url = require_return_url(
            &r.return_url,
            "Adyen requires returnUrl on /payments: the shopper comes back there after 3-D Secure",
        )?;
        required_shopper_reference(r.customer.as_ref(), "setupMandate")?;
        let model = RecurringModel::choose(Some(&r.state), RecurringModel::of(r.recurring_type), true)?;
        let verification_charged = amount.value > 0;
        let mut body = CardPayment {
            merchant_account,
            reference: &r.merchant_transaction_id,
            amount,
            payment_method: &r.payment_method,
            return_url,
            customer: r.customer.as_ref(),
            billing: r.billing_address.as_ref(),
            shipping: None,
            browser: r.browser_info.as_ref(),
            statement: None,
            metadata: &r.metadata,
            three_ds: &r.three_ds,
            order_lines: &r.order_lines,
            unified_amount: &r.amount,
        }
        .build()?;
        if verification_charged {
            body.additional_data.insert(MANUAL_CAPTURE.0, MANUAL_CAPTURE.1);
        }
        body.store_payment_method = Some(true);
        body.shopper_interaction = Some(ShopperInteraction::Ecommerce);
        body.recurring_processing_model = Some(model);
        Ok(body)
    }

    /// repeatPayment: a merchant-initiated payment on a saved card (`ContAuth`), `Subscription`
    /// unless `state.recurringProcessingModel` says `UnscheduledCardOnFile`.
    pub fn for_repeat_payment(r: &'a RepeatPaymentRequest, merchant_account: &'a str) -> Result<Self, SidecarError> {
        let amount = AdyenAmount::from_unified(&r.amount, "request.amount")?;
        let return_url = require_return_url(
            &r.return_url,
            "Adyen's /payments requires returnUrl, also for a payment on a saved card",
        )?;
        let shopper_reference = required_shopper_reference(r.customer.as_ref(), "a payment on a saved card")?;
        let model = RecurringModel::choose(r.state.as_ref(), RecurringModel::of(r.recurring_type), true)?;
        let reference = check_reference(&r.merchant_transaction_id, "request.merchantTransactionId")?;
        let mut additional_data = BTreeMap::new();
        if r.capture_method == CaptureMethod::Manual {
            additional_data.insert(MANUAL_CAPTURE.0, MANUAL_CAPTURE.1);
        }
        static NO_METADATA: BTreeMap<String, String> = BTreeMap::new();
        let metadata = r.metadata.as_ref().unwrap_or(&NO_METADATA);
        check_metadata(metadata)?;
        let customer = r.customer.as_ref();
        Ok(AdyenPaymentRequest {
            amount,
            merchant_account,
            reference,
            payment_method: AdyenPaymentMethod::Stored(AdyenStoredCard {
                kind: "scheme",
                stored_payment_method_id: &r.mandate_reference,
            }),
            return_url,
            shopper_email: customer.and_then(|c| present(&c.email)),
            shopper_reference: Some(shopper_reference),
            shopper_name: None,
            telephone_number: None,
            billing_address: None,
            delivery_address: None,
            browser_info: None,
            shopper_ip: None,
            shopper_statement: present(&r.statement_descriptor),
            metadata,
            channel: None,
            additional_data,
            store_payment_method: None,
            shopper_interaction: Some(ShopperInteraction::ContAuth),
            recurring_processing_model: Some(model),
            line_items: None,
            mpi_data: None,
            authentication_data: None,
            social_security_number: None,
        })
    }
}

// ---------- Modifications: captures, cancels, refunds ----------

/// The payment's `pspReference` as a path segment. Adyen's references are letters and digits;
/// anything else could change the path (`../`, `?`) and is refused, not escaped.
pub fn psp_path_segment<'a>(psp: &'a str, field: &str) -> Result<&'a str, SidecarError> {
    let psp = psp.trim();
    if psp.is_empty() || psp.len() > 64 || !psp.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(SidecarError::invalid_field(
            field,
            "an Adyen pspReference is letters and digits (16 characters), e.g. 993617894903480A".into(),
        ));
    }
    Ok(psp)
}

/// `POST /payments/{paymentPspReference}/captures` (PaymentCaptureRequest).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdyenCaptureRequest<'a> {
    pub merchant_account: &'a str,
    pub amount: AdyenAmount,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<&'a str>,
}

impl<'a> AdyenCaptureRequest<'a> {
    /// `reference`: `merchantCaptureId`, else the payment's `merchantTransactionId`, else none
    /// (Adyen does not require it). It names the capture in Adyen's reports and its CAPTURE webhook.
    pub fn from_unified(r: &'a CaptureRequest, merchant_account: &'a str) -> Result<Self, SidecarError> {
        let reference = match (present(&r.merchant_capture_id), present(&r.merchant_transaction_id)) {
            (Some(c), _) => Some(check_reference(c, "request.merchantCaptureId")?),
            (None, Some(t)) => Some(check_reference(t, "request.merchantTransactionId")?),
            (None, None) => None,
        };
        Ok(AdyenCaptureRequest {
            merchant_account,
            // PaymentCaptureRequest requires `amount` (CheckoutService v71): all of it is paymentAmount.
            amount: {
                let (amount, field) = r.amount_or_whole("Adyen")?;
                AdyenAmount::from_unified(amount, field)?
            },
            reference,
        })
    }
}

/// `POST /payments/{paymentPspReference}/cancels` (PaymentCancelRequest).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdyenCancelRequest<'a> {
    pub merchant_account: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<&'a str>,
}

impl<'a> AdyenCancelRequest<'a> {
    /// `reference`: the payment's `merchantTransactionId` when given. The unified `reason` has no
    /// place in Adyen's cancel request and is not sent.
    pub fn from_unified(r: &'a VoidRequest, merchant_account: &'a str) -> Result<Self, SidecarError> {
        let reference =
            present(&r.merchant_transaction_id).map(|t| check_reference(t, "request.merchantTransactionId")).transpose()?;
        Ok(AdyenCancelRequest { merchant_account, reference })
    }
}

/// `POST /payments/{paymentPspReference}/refunds` (PaymentRefundRequest).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdyenRefundRequest<'a> {
    pub merchant_account: &'a str,
    pub amount: AdyenAmount,
    pub reference: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_refund_reason: Option<&'static str>,
}

impl<'a> AdyenRefundRequest<'a> {
    /// `reference` is `merchantRefundId` (Adyen's REFUND webhook carries it back as
    /// merchantReference); `merchantRefundReason` is Adyen's enum word for the unified reason.
    pub fn from_unified(r: &'a RefundRequest, merchant_account: &'a str) -> Result<Self, SidecarError> {
        Ok(AdyenRefundRequest {
            merchant_account,
            amount: AdyenAmount::from_unified(&r.refund_amount, "request.refundAmount")?,
            reference: check_reference(r.merchant_refund_id.trim(), "request.merchantRefundId")?,
            merchant_refund_reason: present(&r.reason).map(super::mapping::refund_reason),
        })
    }
}

/// The keys of `PaymentCompletionDetails` that a shopper's browser can bring back to
/// `returnUrl` (query or form fields). Other fields there (the merchant's own query parameters)
/// are not Adyen's and are not forwarded.
pub const COMPLETION_DETAIL_KEYS: &[&str] = &["redirectResult", "payload", "threeDSResult", "MD", "PaRes"];

/// `POST /payments/details` (PaymentDetailsRequest).
#[derive(Serialize)]
pub struct AdyenPaymentDetailsRequest<'a> {
    pub details: BTreeMap<&'a str, &'a str>,
}

impl<'a> AdyenPaymentDetailsRequest<'a> {
    pub fn from_unified(r: &'a PsyncRequest) -> Result<Self, SidecarError> {
        let payload = r.redirect_payload.as_ref().ok_or_else(|| {
            SidecarError::missing_field(
                "request.redirectPayload",
                "Adyen's Checkout API has no payment-status lookup: it reports the outcome by webhook, \
                 or when the redirect is completed with what the shopper's browser brought back to returnUrl \
                 (e.g. {redirectResult})",
            )
        })?;
        let details: BTreeMap<&str, &str> = payload
            .iter()
            .filter(|(k, v)| COMPLETION_DETAIL_KEYS.contains(&k.as_str()) && !v.is_empty())
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if details.is_empty() {
            return Err(SidecarError::missing_field(
                "request.redirectPayload.redirectResult",
                &format!(
                    "the payload has none of the fields Adyen completes a redirect with ({})",
                    COMPLETION_DETAIL_KEYS.join(", ")
                ),
            ));
        }
        Ok(AdyenPaymentDetailsRequest { details })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(a: i64, c: &str) -> Money {
        Money { minor_amount: a, currency: c.into() }
    }

    fn value(a: i64, c: &str) -> Result<i64, SidecarError> {
        AdyenAmount::from_unified(&m(a, c), "request.amount").map(|x| x.value)
    }

    #[test]
    fn exponents_differ_from_iso_where_adyen_says() {
        assert_eq!(value(1000, "IDR").unwrap(), 10);
        let e = value(1001, "IDR").unwrap_err();
        assert_eq!(e.kind, crate::protocol::ErrorKind::InvalidFieldValue);
        assert_eq!(e.field.as_deref(), Some("request.amount.minorAmount"));
        assert_eq!(value(5, "ISK").unwrap(), 500);
        assert_eq!(value(5, "CLP").unwrap(), 500);
        assert_eq!(value(100, "CVE").unwrap(), 1);
        assert!(value(150, "CVE").is_err());
        assert_eq!(value(1234, "USD").unwrap(), 1234);
        assert_eq!(value(1000, "JPY").unwrap(), 1000);
        assert_eq!(value(1234, "KWD").unwrap(), 1234);
    }

    fn addr() -> Address {
        Address {
            line1: Some("Rokin 49".into()),
            city: Some("Amsterdam".into()),
            postal_code: Some("1012 KK".into()),
            country: Some("nl".into()),
            ..Default::default()
        }
    }

    #[test]
    fn address_mapping() {
        let a = AdyenAddress::from_unified(&addr(), "request.billingAddress", false).unwrap();
        let v = serde_json::to_value(&a).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"street": "Rokin 49", "houseNumberOrName": "N/A", "city": "Amsterdam",
                               "postalCode": "1012 KK", "country": "NL"})
        );
        let mut with_lines = addr();
        with_lines.line2 = Some("Apt 4".into());
        with_lines.line3 = Some("Building C".into());
        let a = AdyenAddress::from_unified(&with_lines, "x", false).unwrap();
        assert_eq!(a.house_number_or_name, "Apt 4, Building C");

        let mut no_city = addr();
        no_city.city = Some("  ".into());
        let e = AdyenAddress::from_unified(&no_city, "request.billingAddress", false).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.billingAddress.city"));

        let mut us = addr();
        us.country = Some("US".into());
        let e = AdyenAddress::from_unified(&us, "request.shippingAddress", true).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.shippingAddress.state"));

        let mut no_country = addr();
        no_country.country = None;
        assert_eq!(AdyenAddress::from_unified(&no_country, "x", false).unwrap().country, "ZZ");
    }

    #[test]
    fn details_take_only_adyen_keys() {
        let mut payload = BTreeMap::new();
        payload.insert("redirectResult".to_string(), "X6XtfGC3!Y...".to_string());
        payload.insert("shopperOrder".to_string(), "12xy".to_string());
        let r = PsyncRequest {
            connector_transaction_id: "V4HZ4RBFJGXXGN82".into(),
            merchant_transaction_id: None,
            amount: None,
            redirect_payload: Some(payload),
            idempotency_key: None,
            state: None,
        };
        let body = serde_json::to_value(AdyenPaymentDetailsRequest::from_unified(&r).unwrap()).unwrap();
        assert_eq!(body, serde_json::json!({"details": {"redirectResult": "X6XtfGC3!Y..."}}));

        let only_merchant = PsyncRequest {
            redirect_payload: Some([("shopperOrder".to_string(), "12xy".to_string())].into()),
            ..r.clone()
        };
        let e = AdyenPaymentDetailsRequest::from_unified(&only_merchant).err().unwrap();
        assert_eq!(e.field.as_deref(), Some("request.redirectPayload.redirectResult"));

        let none = PsyncRequest { redirect_payload: None, ..r };
        let e = AdyenPaymentDetailsRequest::from_unified(&none).err().unwrap();
        assert_eq!(e.field.as_deref(), Some("request.redirectPayload"));
        assert!(e.message.contains("webhook"));
    }
}

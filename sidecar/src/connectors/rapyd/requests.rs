//! Rapyd's request bodies, named as its API reference names them (Create Payment, Capture
//! Payment, Create Refund, Create Customer, Add Payment Method to Customer:
//! https://docs.rapyd.net/en/api-reference.html, and oracles/rapyd/rapyd-openapi.yaml).

use crate::kit::card::CardBrand;
use crate::kit::money::{decimal_string, minor_units_for, validate, validate_verification};
use crate::kit::text::{check_ip_address, present, present_owned};
use crate::protocol::{
    Address, AuthorizeRequest, BrowserInfo, Card, Customer, Money, PaymentMethod, PaymentMethodType, RecurringType, RefundRequest, RepeatPaymentRequest,
    SetupMandateRequest, SidecarError, ThreeDs, ThreeDsMode, WalletToken,
};
use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// Rapyd's `amount`: a JSON number in major units with the currency's ISO 4217 exponent, written
/// from integer minor units without float and without trailing zeros (`20`, `10.5`, `0.005`).
pub fn rapyd_amount(money: &Money, field: &str) -> Result<Box<RawValue>, SidecarError> {
    let exponent = validate(money, field)?;
    let minor = minor_units_for(money, exponent, field)?;
    if minor < 0 {
        return Err(SidecarError::invalid_field(&format!("{field}.minorAmount"), "Rapyd takes no negative amount".into()));
    }
    let text = decimal_string(minor, exponent);
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
    Ok(RawValue::from_string(text).expect("a decimal is a JSON number"))
}

/// `payment_method` of Create Payment: a card's type and fields, or a saved payment method's id.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum RapydPaymentMethod {
    Card { #[serde(rename = "type")] kind: String, fields: RapydCardFields },
    /// A local method (an ewallet, cash, a bank redirect, debit or transfer, mobile money): its
    /// type and the fields local.rs fills (Rapyd's sample ewallet payment sends `"fields": {}`).
    Local { #[serde(rename = "type")] kind: String, fields: BTreeMap<String, String> },
    /// Apple Pay or Google Pay: the card's type and the wallet's token as Rapyd's
    /// `digital_wallet` (docs.rapyd.net "Creating a Payment with Apple Pay (encrypted)" and
    /// "Creating a Payment with Google Pay (encrypted)"); `fields.recurrence_type` when the card is
    /// saved ("Recurring Digital Wallet Payments").
    Wallet {
        #[serde(rename = "type")]
        kind: String,
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        fields: BTreeMap<String, String>,
        digital_wallet: RapydDigitalWallet,
    },
    Id(String),
}

/// `payment_method.digital_wallet`: `type` (apple_pay, google_pay) and `details.token`, the
/// wallet's token object.
#[derive(Debug, Serialize)]
pub struct RapydDigitalWallet {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub details: RapydWalletDetails,
}

#[derive(Debug, Serialize)]
pub struct RapydWalletDetails {
    pub token: serde_json::Value,
}

/// The local payment methods this connector maps: (our payment method type, our `method`, the
/// shopper's country, Rapyd's payment method type). Rapyd names a local method per country
/// ("List Payment Methods by Country"); each row is a type Rapyd's docs or its own samples name:
/// GrabPay (docs.rapyd.net/en/grabpay: `id_grabpay_ewallet`; Rapyd's sample ewallet payment:
/// `sg_grabpay_ewallet`; `ph_grabpay_ewallet` for the Philippines), GCash (docs.rapyd.net/en/gcash:
/// `ph_gcash_ewallet`), OXXO (Rapyd's cash category: `mx_oxxo_cash`). The declaration in mod.rs
/// lists the same methods (a unit test checks that they agree).
pub const LOCAL_TYPES: &[(PaymentMethodType, &str, &str, &str)] = &[
    (PaymentMethodType::WalletRedirect, "grabpay", "SG", "sg_grabpay_ewallet"),
    (PaymentMethodType::WalletRedirect, "grabpay", "PH", "ph_grabpay_ewallet"),
    (PaymentMethodType::WalletRedirect, "grabpay", "ID", "id_grabpay_ewallet"),
    (PaymentMethodType::WalletRedirect, "gcash", "PH", "ph_gcash_ewallet"),
    (PaymentMethodType::Voucher, "oxxo", "MX", "mx_oxxo_cash"),
];

/// Rapyd's type for a local method paid from `country`, or the processor's reason it has none.
pub fn local_type(method: &PaymentMethod, billing: Option<&Address>) -> Result<&'static str, SidecarError> {
    let kind = method.kind();
    let name = method.method_name().unwrap_or("");
    let rows: Vec<_> = LOCAL_TYPES.iter().filter(|(k, m, ..)| *k == kind && *m == name).collect();
    if rows.is_empty() {
        return Err(SidecarError::payment_method_not_supported(&format!(
            "Rapyd takes {} `{name}` only as a per-country payment method type its docs name; this connector maps {}",
            kind.as_str(),
            LOCAL_TYPES.iter().filter(|(k, ..)| *k == kind).map(|(_, m, c, _)| format!("{m} ({c})")).collect::<Vec<_>>().join(", ")
        ))
        .with_field(format!("request.paymentMethod.{}.method", kind.as_str())));
    }
    let countries = rows.iter().map(|(.., c, _)| *c).collect::<Vec<_>>().join(", ");
    let country = billing.and_then(|a| present(&a.country)).ok_or_else(|| {
        SidecarError::missing_field(
            "request.billingAddress.country",
            &format!("Rapyd names {name} per country ({countries}): give the billing address's country"),
        )
    })?;
    rows.iter().find(|(.., c, _)| c.eq_ignore_ascii_case(country.trim())).map(|(.., t)| *t).ok_or_else(|| {
        SidecarError::payment_method_not_supported(&format!("Rapyd offers {name} to shoppers in {countries}, not {country}"))
            .with_field("request.billingAddress.country".to_string())
    })
}

/// `payment_method.fields` of a card payment method type.
#[derive(Debug, Serialize)]
pub struct RapydCardFields {
    pub number: String,
    pub expiration_month: String,
    /// Two digits, as Rapyd's card fields take it ("23").
    pub expiration_year: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvv: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `payment_method_options` (3-D Secure).
#[derive(Debug, Serialize)]
pub struct RapydPaymentMethodOptions {
    #[serde(rename = "3d_required")]
    pub three_d_required: bool,
}

/// `client_details`: the shopper's browser, for 3-D Secure 2.
#[derive(Debug, Serialize, Default)]
pub struct RapydClientDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub java_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub java_script_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screen_color_depth: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screen_height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screen_width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone_offset: Option<i32>,
}

/// Create Payment (`POST /v1/payments`).
#[derive(Debug, Serialize)]
pub struct RapydPaymentRequest {
    pub amount: Box<RawValue>,
    pub currency: String,
    pub payment_method: RapydPaymentMethod,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    pub capture: bool,
    pub merchant_reference_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement_descriptor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipt_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete_payment_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_payment_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method_options: Option<RapydPaymentMethodOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_details: Option<RapydClientDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initiation_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub save_payment_method: Option<bool>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

/// The key of `metadata` that carries the merchant's own id, so that webhooks can name it.
pub const MERCHANT_TRANSACTION_ID: &str = "merchant_transaction_id";

/// Rapyd's word for a card brand in its card payment method types (`us_visa_card`,
/// `gb_mastercard_card`, `sg_credit_cup_card`...: "List Payment Methods by Country").
fn brand_word(brand: CardBrand) -> Option<&'static str> {
    Some(match brand {
        CardBrand::Visa => "visa",
        CardBrand::Mastercard => "mastercard",
        CardBrand::Amex => "amex",
        CardBrand::Discover => "discover",
        CardBrand::Jcb => "jcb",
        CardBrand::DinersClub => "diners",
        CardBrand::Maestro => "maestro",
        CardBrand::UnionPay => "cup",
        CardBrand::Unknown => return None,
    })
}

/// The billing address's country, lower case, for a `<country>_<brand>_card` type.
fn card_country(billing: Option<&Address>) -> Result<String, SidecarError> {
    let country = billing.and_then(|a| present(&a.country)).ok_or_else(|| {
        SidecarError::missing_field(
            "request.billingAddress.country",
            "Rapyd names card payment method types per country (us_visa_card, gb_mastercard_card): give the billing address's country",
        )
    })?;
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(SidecarError::invalid_field("request.billingAddress.country", "an ISO 3166-1 alpha-2 code, like US".into()));
    }
    Ok(country.to_ascii_lowercase())
}

/// Rapyd's card payment method type: `<country>_<brand>_card`, the country from the billing
/// address (Rapyd lists card types per country).
pub fn card_type(card: &Card, billing: Option<&Address>, field: &str) -> Result<String, SidecarError> {
    let country = card_country(billing)?;
    let brand = brand_word(CardBrand::detect(card.number.expose())).ok_or_else(|| {
        SidecarError::payment_method_not_supported(
            "Rapyd names its card payment method types by brand (visa, mastercard, amex, discover, jcb, diners, maestro, cup); this card's brand is not one of them",
        )
        .with_field(format!("{field}.number"))
    })?;
    Ok(format!("{country}_{brand}_card"))
}

/// The brands Rapyd takes Apple Pay and Google Pay on: its Apple Pay page lists the
/// `<country>_mastercard_card` and `<country>_visa_card` types only, and its Google Pay guide sets
/// `allowedCardNetworks` to MASTERCARD, VISA.
fn wallet_brand(network: Option<&str>, wallet: &str, field: &str) -> Result<&'static str, SidecarError> {
    let network = network.map(str::trim).filter(|n| !n.is_empty()).ok_or_else(|| {
        SidecarError::missing_field(
            field,
            &format!("Rapyd pays {wallet} on the card's payment method type, named by brand (de_mastercard_card): give the card network"),
        )
    })?;
    match network.to_ascii_lowercase().as_str() {
        "visa" => Ok("visa"),
        "mastercard" => Ok("mastercard"),
        _ => Err(SidecarError::payment_method_not_supported(&format!(
            "Rapyd takes {wallet} on Visa and Mastercard cards only (its <country>_visa_card and <country>_mastercard_card types)"
        ))
        .with_field(field.to_string())),
    }
}

/// Rapyd takes a decrypted token only with the wallet's whole decrypted payload, which the unified
/// decrypted card does not carry.
fn decrypted_refused(wallet: &str, needs: &str, field: String) -> SidecarError {
    SidecarError::payment_method_not_supported(&format!(
        "Rapyd takes a decrypted {wallet} token as the wallet's whole decrypted payload (details.decrypted_data: {needs}) and its brand_data, more than a decrypted card carries: send the encrypted token"
    ))
    .with_field(field)
}

/// Apple Pay: `details.token` is the PKPaymentToken object (its `paymentData`, decoded from the
/// base64 we are given, and `paymentMethod`), as Rapyd's "Creating a Payment with Apple Pay
/// (encrypted)" sends it.
fn apple_pay(a: &crate::protocol::ApplePay, billing: Option<&Address>, fields: BTreeMap<String, String>) -> Result<RapydPaymentMethod, SidecarError> {
    const F: &str = "request.paymentMethod.applePay";
    let data = match a.token(F)? {
        WalletToken::Encrypted(data) => data,
        WalletToken::Decrypted(_) => {
            return Err(decrypted_refused(
                "Apple Pay",
                "applicationPrimaryAccountNumber, applicationExpirationDate as YYMMDD, currencyCode, transactionAmount, deviceManufacturerIdentifier, paymentDataType, paymentData",
                format!("{F}.decrypted"),
            ))
        }
    };
    let brand = wallet_brand(a.network.as_deref(), "Apple Pay", &format!("{F}.network"))?;
    let payment_data = crate::kit::wallet::apple_pay_payment_data(data, &format!("{F}.paymentData"))?;
    let mut method = serde_json::Map::new();
    if let Some(name) = present(&a.display_name) {
        method.insert("displayName".into(), name.into());
    }
    method.insert("network".into(), a.network.as_deref().unwrap_or("").trim().into());
    let token = serde_json::json!({ "paymentData": payment_data, "paymentMethod": method });
    Ok(RapydPaymentMethod::Wallet {
        kind: format!("{}_{brand}_card", card_country(billing)?),
        fields,
        digital_wallet: RapydDigitalWallet { kind: "apple_pay", details: RapydWalletDetails { token } },
    })
}

/// Google Pay: `details.token` is Google Pay's PaymentData (`apiVersion` 2, `apiVersionMinor` 0,
/// `paymentMethodData` of type CARD with `info` and `tokenizationData` PAYMENT_GATEWAY whose
/// `token` is the PaymentMethodToken string), as Rapyd's "Creating a Payment with Google Pay
/// (encrypted)" lists it.
fn google_pay(g: &crate::protocol::GooglePay, billing: Option<&Address>, fields: BTreeMap<String, String>) -> Result<RapydPaymentMethod, SidecarError> {
    const F: &str = "request.paymentMethod.googlePay";
    let token = match g.wallet_token(F)? {
        WalletToken::Encrypted(token) => token,
        WalletToken::Decrypted(_) => {
            return Err(decrypted_refused(
                "Google Pay",
                "gatewayMerchantId, messageExpiration, messageId, paymentMethod, paymentMethodDetails",
                format!("{F}.decrypted"),
            ))
        }
    };
    let brand = wallet_brand(g.card_network.as_deref(), "Google Pay", &format!("{F}.cardNetwork"))?;
    let mut info = serde_json::Map::new();
    info.insert("cardNetwork".into(), g.card_network.as_deref().unwrap_or("").trim().to_ascii_uppercase().into());
    if let Some(last4) = present(&g.card_details) {
        info.insert("cardDetails".into(), last4.into());
    }
    let token = serde_json::json!({
        "apiVersion": 2,
        "apiVersionMinor": 0,
        "paymentMethodData": {
            "type": "CARD",
            "info": info,
            "tokenizationData": { "type": "PAYMENT_GATEWAY", "token": token.expose().trim() },
        },
    });
    Ok(RapydPaymentMethod::Wallet {
        kind: format!("{}_{brand}_card", card_country(billing)?),
        fields,
        digital_wallet: RapydDigitalWallet { kind: "google_pay", details: RapydWalletDetails { token } },
    })
}

fn card_fields(card: &Card, billing: Option<&Address>) -> RapydCardFields {
    let name = present_owned(&card.holder_name).or_else(|| {
        let a = billing?;
        let full = [present(&a.first_name), present(&a.last_name)].into_iter().flatten().collect::<Vec<_>>().join(" ");
        (!full.is_empty()).then_some(full)
    });
    RapydCardFields {
        number: card.number.expose().to_string(),
        expiration_month: card.exp_month.clone(),
        expiration_year: card.exp_year[2..].to_string(),
        cvv: card.cvc.as_ref().map(|c| c.expose().to_string()),
        name,
    }
}

/// A card, a saved method id (`token`), with its type; `field` is the payment method's path.
/// `save`: the authorize saves the card (a wallet's card then says why: `recurrence_type`).
fn payment_method(
    method: &PaymentMethod,
    billing: Option<&Address>,
    customer: Option<&Customer>,
    field: &str,
    save: bool,
) -> Result<RapydPaymentMethod, SidecarError> {
    // "Recurring Digital Wallet Payments": save_payment_method and fields.recurrence_type recurring.
    let wallet_fields = || {
        let mut f = BTreeMap::new();
        if save {
            f.insert("recurrence_type".to_string(), "recurring".to_string());
        }
        f
    };
    match method {
        PaymentMethod::Card(card) => {
            let card_field = format!("{field}.card");
            Ok(RapydPaymentMethod::Card { kind: card_type(card, billing, &card_field)?, fields: card_fields(card, billing) })
        }
        PaymentMethod::Token(token) => {
            let value = token.value.expose().trim();
            if value.is_empty() {
                return Err(SidecarError::missing_field(&format!("{field}.token.value"), "the saved payment method's id (card_...)"));
            }
            Ok(RapydPaymentMethod::Id(value.to_string()))
        }
        PaymentMethod::ApplePay(a) => apple_pay(a, billing, wallet_fields()),
        PaymentMethod::GooglePay(g) => google_pay(g, billing, wallet_fields()),
        m if super::local::is_local(m) => super::local::local_payment_method(m, billing, customer),
        other => Err(SidecarError::payment_method_not_supported(&format!("Rapyd does not take `{}` here", other.kind().as_str()))),
    }
}

fn three_ds_options(three_ds: &ThreeDs) -> Result<Option<RapydPaymentMethodOptions>, SidecarError> {
    if three_ds.external.is_some() {
        return Err(SidecarError::invalid_field(
            "request.threeDs.external",
            "Rapyd runs 3-D Secure itself (payment_method_options.3d_required); its Create Payment takes no result of an authentication done elsewhere".into(),
        ));
    }
    Ok(match three_ds.mode {
        ThreeDsMode::Auto => None,
        ThreeDsMode::Challenge => Some(RapydPaymentMethodOptions { three_d_required: true }),
        ThreeDsMode::Skip => Some(RapydPaymentMethodOptions { three_d_required: false }),
    })
}

fn client_details(browser: Option<&BrowserInfo>) -> Result<Option<RapydClientDetails>, SidecarError> {
    let Some(b) = browser else { return Ok(None) };
    check_ip_address(present(&b.ip_address), "request.browserInfo.ipAddress", "Rapyd's client_details.ip_address")?;
    let details = RapydClientDetails {
        ip_address: present_owned(&b.ip_address),
        language: present_owned(&b.language),
        java_enabled: b.java_enabled,
        java_script_enabled: b.javascript_enabled,
        screen_color_depth: b.color_depth,
        screen_height: b.screen_height,
        screen_width: b.screen_width,
        time_zone_offset: b.time_zone_offset,
    };
    Ok(Some(details))
}

fn customer_id(customer: Option<&Customer>) -> Option<String> {
    customer.and_then(|c| present_owned(&c.connector_customer_id))
}

fn metadata(merchant_transaction_id: &str, extra: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut m = extra.clone();
    m.insert(MERCHANT_TRANSACTION_ID.into(), merchant_transaction_id.trim().to_string());
    m
}

fn reference(id: &str, field: &str) -> Result<String, SidecarError> {
    let id = crate::protocol::required(id, field)?;
    // Rapyd: "ID defined by the client. Limited to 255 characters."
    if id.chars().count() > 255 {
        return Err(SidecarError::invalid_field(field, "Rapyd's merchant_reference_id takes at most 255 characters".into()));
    }
    Ok(id.to_string())
}

impl RapydPaymentRequest {
    pub fn authorize(r: &AuthorizeRequest) -> Result<Self, SidecarError> {
        let payment_method = payment_method(
            &r.payment_method,
            r.billing_address.as_ref(),
            r.customer.as_ref(),
            "request.paymentMethod",
            r.setup_future_usage.is_some(),
        )?;
        let customer = customer_id(r.customer.as_ref());
        if matches!(payment_method, RapydPaymentMethod::Id(_)) && customer.is_none() {
            return Err(SidecarError::missing_field(
                "request.customer.connectorCustomerId",
                "Rapyd charges a saved payment method (card_...) of a customer: give the customer (cus_...) it belongs to",
            ));
        }
        let local = matches!(payment_method, RapydPaymentMethod::Local { .. });
        if local {
            if r.capture_method != crate::protocol::CaptureMethod::Automatic {
                return Err(SidecarError::invalid_field(
                    "request.captureMethod",
                    "Rapyd captures later only card payments (capture: false); a local method's payment (ewallet, cash, bank) completes when the shopper pays".into(),
                ));
            }
            if r.setup_future_usage.is_some() {
                return Err(SidecarError::invalid_field(
                    "request.setupFutureUsage",
                    "Rapyd saves only cards for later payments (save_payment_method); a local method's payment (ewallet, cash, bank) is one payment".into(),
                ));
            }
            // Bank Redirect: the request names "your payment success URL and error URL", where the
            // bank sends the shopper back.
            if matches!(r.payment_method, PaymentMethod::WalletRedirect(_) | PaymentMethod::BankRedirect(_)) && present(&r.return_url).is_none() {
                return Err(SidecarError::missing_field(
                    "request.returnUrl",
                    "Rapyd sends the shopper back from the wallet or bank to complete_payment_url or error_payment_url: give returnUrl",
                ));
            }
        }
        let save = r.setup_future_usage.is_some()
            && matches!(r.payment_method, PaymentMethod::Card(_) | PaymentMethod::ApplePay(_) | PaymentMethod::GooglePay(_));
        Ok(RapydPaymentRequest {
            amount: rapyd_amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.clone(),
            payment_method,
            customer,
            capture: r.capture_method == crate::protocol::CaptureMethod::Automatic,
            merchant_reference_id: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            description: present_owned(&r.description),
            statement_descriptor: present_owned(&r.statement_descriptor),
            receipt_email: r.customer.as_ref().and_then(|c| present_owned(&c.email)),
            complete_payment_url: present_owned(&r.return_url),
            error_payment_url: present_owned(&r.return_url),
            payment_method_options: three_ds_options(&r.three_ds)?,
            client_details: client_details(r.browser_info.as_ref())?,
            initiation_type: Some("customer_present"),
            save_payment_method: save.then_some(true),
            metadata: metadata(&r.merchant_transaction_id, &r.metadata),
        })
    }

    pub fn repeat(r: &RepeatPaymentRequest) -> Result<Self, SidecarError> {
        let mandate = r.mandate_reference.trim();
        if mandate.is_empty() {
            return Err(SidecarError::missing_field("request.mandateReference", "the saved payment method's id (card_...)"));
        }
        let customer = customer_id(r.customer.as_ref()).ok_or_else(|| {
            SidecarError::missing_field(
                "request.customer.connectorCustomerId",
                "Rapyd charges a saved payment method of a customer: give the customer (cus_...) setupMandate saved it under",
            )
        })?;
        Ok(RapydPaymentRequest {
            amount: rapyd_amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.clone(),
            payment_method: RapydPaymentMethod::Id(mandate.to_string()),
            customer: Some(customer),
            capture: r.capture_method == crate::protocol::CaptureMethod::Automatic,
            merchant_reference_id: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            description: present_owned(&r.description),
            statement_descriptor: present_owned(&r.statement_descriptor),
            receipt_email: None,
            complete_payment_url: present_owned(&r.return_url),
            error_payment_url: present_owned(&r.return_url),
            payment_method_options: None,
            client_details: None,
            // Rapyd's initiation_type: recurring (regular intervals), unscheduled (top-ups the
            // cardholder authorized), installment (a fixed number of parts).
            initiation_type: Some(match r.recurring_type {
                RecurringType::Scheduled => "recurring",
                RecurringType::Unscheduled => "unscheduled",
                RecurringType::Installment => "installment",
            }),
            save_payment_method: None,
            metadata: metadata(&r.merchant_transaction_id, &r.metadata.clone().unwrap_or_default()),
        })
    }
}

/// Capture Payment (`POST /v1/payments/{payment}/capture`): an amount captures part.
#[derive(Debug, Serialize)]
pub struct RapydCaptureRequest {
    pub amount: Box<RawValue>,
}

/// Create Refund (`POST /v1/refunds`).
#[derive(Debug, Serialize)]
pub struct RapydRefundRequest {
    pub payment: String,
    pub amount: Box<RawValue>,
    pub currency: String,
    pub merchant_reference_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
}

impl RapydRefundRequest {
    pub fn from_unified(r: &RefundRequest, payment: &str) -> Result<Self, SidecarError> {
        if r.refund_amount.minor_amount <= 0 {
            return Err(SidecarError::invalid_field("request.refundAmount.minorAmount", "a refund is a positive amount".into()));
        }
        Ok(RapydRefundRequest {
            payment: payment.to_string(),
            amount: rapyd_amount(&r.refund_amount, "request.refundAmount")?,
            currency: r.refund_amount.currency.clone(),
            merchant_reference_id: reference(&r.merchant_refund_id, "request.merchantRefundId")?,
            reason: present_owned(&r.reason),
            metadata: r.metadata.clone().filter(|m| !m.is_empty()),
        })
    }
}

/// Create Customer (`POST /v1/customers`).
#[derive(Debug, Serialize)]
pub struct RapydCustomerRequest {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

impl RapydCustomerRequest {
    pub fn from_unified(r: &crate::protocol::CreateCustomerRequest) -> Result<Self, SidecarError> {
        let c = &r.customer;
        // Rapyd's Create Customer requires `name`.
        let name = present_owned(&c.name).or_else(|| present_owned(&c.email)).ok_or_else(|| {
            SidecarError::missing_field("request.customer.name", "Rapyd's Create Customer requires a name (or give an email)")
        })?;
        let mut metadata = BTreeMap::new();
        if let Some(id) = present(&c.id) {
            metadata.insert("merchant_customer_id".to_string(), id.to_string());
        }
        Ok(RapydCustomerRequest {
            name,
            email: present_owned(&c.email),
            phone_number: present_owned(&c.phone),
            description: present_owned(&r.description),
            metadata,
        })
    }
}

/// Add Payment Method to Customer (`POST /v1/customers/{customer}/payment_methods`): a card's
/// type and fields.
#[derive(Debug, Serialize)]
pub struct RapydSavePaymentMethodRequest {
    #[serde(rename = "type")]
    pub kind: String,
    pub fields: RapydCardFields,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete_payment_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_payment_url: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

impl RapydSavePaymentMethodRequest {
    pub fn from_unified(r: &SetupMandateRequest) -> Result<Self, SidecarError> {
        let PaymentMethod::Card(card) = &r.payment_method else {
            return Err(SidecarError::payment_method_not_supported("Rapyd saves cards under a customer; give a card"));
        };
        if r.amount.minor_amount != 0 {
            return Err(SidecarError::invalid_field(
                "request.amount.minorAmount",
                "Rapyd's Add Payment Method to Customer verifies the card with no amount: give minorAmount 0".into(),
            ));
        }
        validate_verification(&r.amount, "request.amount")?;
        Ok(RapydSavePaymentMethodRequest {
            kind: card_type(card, r.billing_address.as_ref(), "request.paymentMethod.card")?,
            fields: card_fields(card, r.billing_address.as_ref()),
            complete_payment_url: present_owned(&r.return_url),
            error_payment_url: present_owned(&r.return_url),
            metadata: metadata(&r.merchant_transaction_id, &r.metadata),
        })
    }
}

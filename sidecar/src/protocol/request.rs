use super::payment_method::*;
use super::{CardNumber, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    #[default]
    Sandbox,
    Production,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    #[serde(default)]
    pub environment: Environment,
    /// Overrides the connector's base URL (proxies, local emulators).
    pub base_url: Option<String>,
    /// ISO 8601 UTC; fixes the clock for connectors that sign with a timestamp.
    pub now: Option<String>,
    /// Fixes randomness for connectors that need a nonce.
    pub nonce: Option<String>,
    /// How old a signed webhook may be before it is refused (default 300 s, Stripe's own).
    pub webhook_tolerance_seconds: Option<u64>,
}

/// How old a signed webhook may be when the caller does not say: Stripe's libraries' default,
/// used for every processor that signs a timestamp.
pub const DEFAULT_WEBHOOK_TOLERANCE_SECONDS: u64 = 300;

impl Options {
    /// `webhookToleranceSeconds`, or the default.
    pub fn webhook_tolerance(&self) -> u64 {
        self.webhook_tolerance_seconds.unwrap_or(DEFAULT_WEBHOOK_TOLERANCE_SECONDS)
    }
}

/// `transformRequest` params before the flow's request is decoded.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransformRequestParams {
    pub connector: String,
    pub flow: String,
    pub auth: Value,
    pub request: Value,
    #[serde(default)]
    pub options: Options,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransformResponseParams {
    pub connector: String,
    pub flow: String,
    pub auth: Value,
    pub request: Value,
    /// Absent, and only absent, for a flow the connector answers itself (`localFlows`).
    pub response: Option<super::HttpResponse>,
    #[serde(default)]
    pub options: Options,
}

/// `parseWebhook` params: the processor's request to the merchant's webhook endpoint, exactly as
/// received (the raw body: a re-serialized body no longer matches its signature).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ParseWebhookParams {
    pub connector: String,
    #[serde(default, deserialize_with = "super::headers_list_or_map")]
    pub headers: Vec<super::ResponseHeader>,
    pub body: String,
    #[serde(default)]
    pub encoding: Option<super::BodyEncoding>,
    /// The webhook signing secret (Stripe `whsec_...`, Adyen HMAC key in hex, PhonePe salt key,
    /// Braintree API private key, Cybersource digital signature key in base64). Required where the connector verifies by signature; unused where the processor verifies
    /// its own webhooks (`remote_verification`).
    #[serde(default)]
    pub secret: Option<Secret>,
    /// For connectors whose processor alone can check a webhook (PayPal): the `verifyWebhook`
    /// result for this body.
    #[serde(default)]
    pub remote_verification: Option<RemoteVerification>,
    /// The URL the processor posted to, exactly as registered with it, for processors that sign
    /// it together with the body (Square).
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub options: Options,
}

/// What `parseWebhook` reads of a `verifyWebhook` result passed back as `remoteVerification`:
/// whether the processor said the webhook is genuine, and for which body. Read leniently (it is a
/// result the caller passes on whole).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteVerification {
    pub verified: bool,
    pub reason: Option<String>,
    /// SHA-256 (hex) of the body the processor verified.
    pub body_sha256: Option<String>,
}

/// A webhook as a connector sees it: headers, the raw body text, the secret, the URL it came to.
pub struct IncomingWebhook {
    pub headers: Vec<super::ResponseHeader>,
    pub body: String,
    pub secret: Secret,
    /// The notification URL, when the caller gave it (`ParseWebhookParams.url`).
    pub url: Option<String>,
}

impl IncomingWebhook {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
    }
}

/// Integer ISO 4217 minor units. Never a float.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Money {
    pub minor_amount: i64,
    pub currency: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CaptureMethod {
    #[default]
    Automatic,
    Manual,
}

/// Who will start the later payments on a saved payment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FutureUsage {
    /// The merchant charges without the shopper present (subscriptions, instalments).
    OffSession,
    /// The shopper is present and picks the saved card (one-click).
    OnSession,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Card {
    pub number: CardNumber,
    pub exp_month: String,
    pub exp_year: String,
    pub cvc: Option<Secret>,
    pub holder_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpiCollect {
    pub vpa: String,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpiIntent {
    /// The UPI app to open (e.g. `com.phonepe.app`); absent lets the shopper choose.
    pub target_app: Option<String>,
}

/// A single-use token or nonce the processor's own client SDK made from the shopper's card
/// (Square `cnon:...`, Braintree nonces, Checkout.com `tok_...`): card data never reaches the merchant.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProcessorToken {
    pub value: Secret,
    /// Which of the processor's token kinds `value` is, where it takes several (each connector
    /// documents its own words).
    pub kind: Option<String>,
}

/// PayPal wallet: the shopper approves on PayPal's site (a redirect), then `completeAuthorize`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PayPalWallet {
    /// Prefills PayPal's login page.
    pub email: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PaymentMethodType {
    Card,
    UpiCollect,
    UpiIntent,
    Token,
    Paypal,
    NetworkToken,
    ApplePay,
    GooglePay,
    BankRedirect,
    BankDebit,
    Bnpl,
    Voucher,
    WalletRedirect,
    MobileMoney,
    BankTransfer,
}

impl PaymentMethodType {
    /// Every type of the protocol: each connector declares each one, supported or with its reason
    /// (checked by the protocol's tests).
    #[cfg(test)]
    pub const ALL: &'static [PaymentMethodType] = &[
        PaymentMethodType::Card,
        PaymentMethodType::UpiCollect,
        PaymentMethodType::UpiIntent,
        PaymentMethodType::Token,
        PaymentMethodType::Paypal,
        PaymentMethodType::NetworkToken,
        PaymentMethodType::ApplePay,
        PaymentMethodType::GooglePay,
        PaymentMethodType::BankRedirect,
        PaymentMethodType::BankDebit,
        PaymentMethodType::Bnpl,
        PaymentMethodType::Voucher,
        PaymentMethodType::WalletRedirect,
        PaymentMethodType::MobileMoney,
        PaymentMethodType::BankTransfer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethodType::Card => "card",
            PaymentMethodType::UpiCollect => "upiCollect",
            PaymentMethodType::UpiIntent => "upiIntent",
            PaymentMethodType::Token => "token",
            PaymentMethodType::Paypal => "paypal",
            PaymentMethodType::NetworkToken => "networkToken",
            PaymentMethodType::ApplePay => "applePay",
            PaymentMethodType::GooglePay => "googlePay",
            PaymentMethodType::BankRedirect => "bankRedirect",
            PaymentMethodType::BankDebit => "bankDebit",
            PaymentMethodType::Bnpl => "bnpl",
            PaymentMethodType::Voucher => "voucher",
            PaymentMethodType::WalletRedirect => "walletRedirect",
            PaymentMethodType::MobileMoney => "mobileMoney",
            PaymentMethodType::BankTransfer => "bankTransfer",
        }
    }
}

/// The wire shape: `{type, card?, upi?}`. Kept flat so a bad field is reported by its full path
/// (`request.paymentMethod.card.expMonth`), which serde's tagged enums would lose.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PaymentMethodWire {
    #[serde(rename = "type")]
    pub kind: PaymentMethodType,
    pub card: Option<Card>,
    pub upi: Option<Value>,
    pub token: Option<Value>,
    pub paypal: Option<Value>,
    pub network_token: Option<Value>,
    pub apple_pay: Option<Value>,
    pub google_pay: Option<Value>,
    pub bank_redirect: Option<Value>,
    pub bank_debit: Option<Value>,
    pub bnpl: Option<Value>,
    pub voucher: Option<Value>,
    pub wallet_redirect: Option<Value>,
    pub mobile_money: Option<Value>,
    pub bank_transfer: Option<Value>,
}

#[derive(Debug, Clone)]
pub enum PaymentMethod {
    Card(Card),
    UpiCollect(UpiCollect),
    UpiIntent(UpiIntent),
    Token(ProcessorToken),
    PayPal(PayPalWallet),
    NetworkToken(NetworkToken),
    ApplePay(ApplePay),
    GooglePay(GooglePay),
    BankRedirect(BankRedirect),
    BankDebit(BankDebit),
    Bnpl(Bnpl),
    Voucher(Voucher),
    WalletRedirect(WalletRedirect),
    MobileMoney(MobileMoney),
    BankTransfer(BankTransfer),
}

impl PaymentMethod {
    pub fn kind(&self) -> PaymentMethodType {
        match self {
            PaymentMethod::Card(_) => PaymentMethodType::Card,
            PaymentMethod::UpiCollect(_) => PaymentMethodType::UpiCollect,
            PaymentMethod::UpiIntent(_) => PaymentMethodType::UpiIntent,
            PaymentMethod::Token(_) => PaymentMethodType::Token,
            PaymentMethod::PayPal(_) => PaymentMethodType::Paypal,
            PaymentMethod::NetworkToken(_) => PaymentMethodType::NetworkToken,
            PaymentMethod::ApplePay(_) => PaymentMethodType::ApplePay,
            PaymentMethod::GooglePay(_) => PaymentMethodType::GooglePay,
            PaymentMethod::BankRedirect(_) => PaymentMethodType::BankRedirect,
            PaymentMethod::BankDebit(_) => PaymentMethodType::BankDebit,
            PaymentMethod::Bnpl(_) => PaymentMethodType::Bnpl,
            PaymentMethod::Voucher(_) => PaymentMethodType::Voucher,
            PaymentMethod::WalletRedirect(_) => PaymentMethodType::WalletRedirect,
            PaymentMethod::MobileMoney(_) => PaymentMethodType::MobileMoney,
            PaymentMethod::BankTransfer(_) => PaymentMethodType::BankTransfer,
        }
    }

    pub fn type_name(&self) -> &'static str {
        self.kind().as_str()
    }

    /// The `method` word of the types that have one (`ideal`, `sepa`, `klarna`, ...).
    pub fn method_name(&self) -> Option<&'static str> {
        match self {
            PaymentMethod::BankRedirect(b) => Some(b.method.as_str()),
            PaymentMethod::BankDebit(b) => Some(b.method.as_str()),
            PaymentMethod::Bnpl(b) => Some(b.method.as_str()),
            PaymentMethod::Voucher(v) => Some(v.method.as_str()),
            PaymentMethod::WalletRedirect(w) => Some(w.method.as_str()),
            PaymentMethod::MobileMoney(m) => Some(m.provider.as_str()),
            PaymentMethod::BankTransfer(b) => Some(b.method.as_str()),
            _ => None,
        }
    }

    fn from_wire(w: PaymentMethodWire, field: &str) -> Result<Self, SidecarError> {
        match w.kind {
            PaymentMethodType::Card => {
                let card = w.card.ok_or_else(|| SidecarError::missing_field(&format!("{field}.card"), "type is card"))?;
                super::card::validate_card(&card, &format!("{field}.card"))?;
                Ok(PaymentMethod::Card(card))
            }
            PaymentMethodType::UpiCollect => {
                let upi = w.upi.ok_or_else(|| SidecarError::missing_field(&format!("{field}.upi"), "type is upiCollect"))?;
                let upi: UpiCollect = super::decode(upi, &format!("{field}.upi"))?;
                if !upi.vpa.contains('@') {
                    return Err(SidecarError::invalid_field(&format!("{field}.upi.vpa"), "a VPA looks like name@bank".into()));
                }
                Ok(PaymentMethod::UpiCollect(upi))
            }
            PaymentMethodType::UpiIntent => {
                let upi = match w.upi {
                    Some(v) => super::decode(v, &format!("{field}.upi"))?,
                    None => UpiIntent::default(),
                };
                Ok(PaymentMethod::UpiIntent(upi))
            }
            PaymentMethodType::Token => {
                let token = w.token.ok_or_else(|| SidecarError::missing_field(&format!("{field}.token"), "type is token"))?;
                let token: ProcessorToken = super::decode(token, &format!("{field}.token"))?;
                require_non_empty(token.value.expose(), &format!("{field}.token.value"))?;
                Ok(PaymentMethod::Token(token))
            }
            PaymentMethodType::Paypal => {
                let paypal = match w.paypal {
                    Some(v) => super::decode(v, &format!("{field}.paypal"))?,
                    None => PayPalWallet::default(),
                };
                Ok(PaymentMethod::PayPal(paypal))
            }
            PaymentMethodType::NetworkToken => {
                let (t, f): (NetworkToken, _) = payload(w.network_token, field, "networkToken")?;
                t.validate(&f)?;
                Ok(PaymentMethod::NetworkToken(t))
            }
            PaymentMethodType::ApplePay => {
                let (t, f): (ApplePay, _) = payload(w.apple_pay, field, "applePay")?;
                t.validate(&f)?;
                Ok(PaymentMethod::ApplePay(t))
            }
            PaymentMethodType::GooglePay => {
                let (t, f): (GooglePay, _) = payload(w.google_pay, field, "googlePay")?;
                t.validate(&f)?;
                Ok(PaymentMethod::GooglePay(t))
            }
            PaymentMethodType::BankRedirect => {
                let (b, f): (BankRedirect, _) = payload(w.bank_redirect, field, "bankRedirect")?;
                b.validate(&f)?;
                Ok(PaymentMethod::BankRedirect(b))
            }
            PaymentMethodType::BankDebit => {
                let (b, f): (BankDebit, _) = payload(w.bank_debit, field, "bankDebit")?;
                b.validate(&f)?;
                Ok(PaymentMethod::BankDebit(b))
            }
            PaymentMethodType::Bnpl => {
                let (b, f): (Bnpl, _) = payload(w.bnpl, field, "bnpl")?;
                validate_processor_method(&b.processor_method, &f)?;
                Ok(PaymentMethod::Bnpl(b))
            }
            PaymentMethodType::Voucher => {
                let (v, f): (Voucher, _) = payload(w.voucher, field, "voucher")?;
                validate_processor_method(&v.processor_method, &f)?;
                Ok(PaymentMethod::Voucher(v))
            }
            PaymentMethodType::WalletRedirect => {
                let (w, f): (WalletRedirect, _) = payload(w.wallet_redirect, field, "walletRedirect")?;
                validate_processor_method(&w.processor_method, &f)?;
                Ok(PaymentMethod::WalletRedirect(w))
            }
            PaymentMethodType::MobileMoney => {
                let (m, f): (MobileMoney, _) = payload(w.mobile_money, field, "mobileMoney")?;
                m.validate(&f)?;
                Ok(PaymentMethod::MobileMoney(m))
            }
            PaymentMethodType::BankTransfer => {
                let (b, f): (BankTransfer, _) = payload(w.bank_transfer, field, "bankTransfer")?;
                b.validate(&f)?;
                Ok(PaymentMethod::BankTransfer(b))
            }
        }
    }
}

/// The payload of a payment method type, decoded at `<field>.<key>`; missing is
/// MissingRequiredField naming it. Returns the payload and its field path.
fn payload<T: serde::de::DeserializeOwned>(value: Option<Value>, field: &str, key: &str) -> Result<(T, String), SidecarError> {
    let path = format!("{field}.{key}");
    let value = value.ok_or_else(|| SidecarError::missing_field(&path, &format!("type is {key}")))?;
    Ok((super::decode(value, &path)?, path))
}

/// 3-D Secure: what the merchant asks for (`mode`), or an authentication done elsewhere.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ThreeDs {
    #[serde(default)]
    pub mode: ThreeDsMode,
    pub external: Option<ExternalThreeDs>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum ThreeDsMode {
    /// The processor decides (its rules, the issuer's, regulation such as PSD2 SCA).
    #[default]
    Auto,
    /// Ask for a challenge.
    Challenge,
    /// No 3-D Secure: an exemption or out of scope.
    Skip,
}

/// The result of a 3-D Secure authentication done elsewhere (a 3DS server or MPI).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExternalThreeDs {
    /// The protocol version, e.g. `2.2.0`.
    pub version: String,
    /// The authentication value (CAVV, AAV): it authorizes, so it is a secret.
    pub cavv: Secret,
    pub eci: String,
    pub ds_transaction_id: Option<String>,
    pub xid: Option<String>,
    /// The EMV 3DS transStatus (Y, A, N, U, R, C, D, I).
    pub status: Option<String>,
}

impl ExternalThreeDs {
    /// The version's major number: 1 or 2.
    pub fn major_version(&self) -> u8 {
        if self.version.starts_with('1') {
            1
        } else {
            2
        }
    }
}

impl ThreeDs {
    fn validate(&self, field: &str) -> Result<(), SidecarError> {
        let Some(e) = &self.external else { return Ok(()) };
        let f = format!("{field}.external");
        let v = &e.version;
        let version_ok = matches!(v.split('.').next(), Some("1") | Some("2"))
            && v.split('.').count() <= 3
            && v.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !version_ok {
            return Err(SidecarError::invalid_field(&format!("{f}.version"), "a 3-D Secure version such as 2.2.0".into()));
        }
        require_non_empty(e.cavv.expose(), &format!("{f}.cavv"))?;
        if !(1..=2).contains(&e.eci.len()) || !e.eci.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SidecarError::invalid_field(&format!("{f}.eci"), "the ECI is one or two digits, e.g. 05".into()));
        }
        if let Some(s) = &e.status {
            if !["Y", "A", "N", "U", "R", "C", "D", "I"].contains(&s.as_str()) {
                return Err(SidecarError::invalid_field(
                    &format!("{f}.status"),
                    "an EMV 3DS transStatus: Y, A, N, U, R, C, D or I".into(),
                ));
            }
        }
        if self.mode == ThreeDsMode::Skip {
            return Err(SidecarError::invalid_field(
                &format!("{field}.mode"),
                "skip says no 3-D Secure, yet `external` carries an authentication: drop one".into(),
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OrderLineCategory {
    Physical,
    Digital,
    Discount,
    ShippingFee,
    Surcharge,
    GiftCard,
    StoreCredit,
}

/// One line of the order (Klarna, Afterpay and Affirm require them).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrderLine {
    pub name: String,
    pub quantity: u32,
    /// Price of one unit, tax included; negative for a discount.
    pub unit_amount: Money,
    /// The tax included in the line's total.
    pub tax_amount: Option<Money>,
    pub sku: Option<String>,
    // Taken from the wire (the struct refuses unknown keys) for drivers that send it; no connector
    // of this flow reads it.
    #[allow(dead_code)]
    pub category: Option<OrderLineCategory>,
    pub image_url: Option<String>,
    pub product_url: Option<String>,
}

impl OrderLine {
    /// quantity × unitAmount, in minor units.
    pub fn total_minor(&self) -> i64 {
        self.unit_amount.minor_amount.saturating_mul(self.quantity as i64)
    }
}

/// Lines are in the payment's currency; quantities above zero. Whether they must add up to the
/// amount is the processor's rule: see [`crate::kit::order_lines`].
fn validate_order_lines(lines: &[OrderLine], amount: &Money, field: &str) -> Result<(), SidecarError> {
    for (i, line) in lines.iter().enumerate() {
        let f = format!("{field}[{i}]");
        require_non_empty(&line.name, &format!("{f}.name"))?;
        if line.quantity == 0 {
            return Err(SidecarError::invalid_field(&format!("{f}.quantity"), "must be 1 or more".into()));
        }
        for (name, money) in [("unitAmount", Some(&line.unit_amount)), ("taxAmount", line.tax_amount.as_ref())] {
            let Some(m) = money else { continue };
            if m.currency != amount.currency {
                return Err(SidecarError::invalid_field(
                    &format!("{f}.{name}.currency"),
                    format!("{} differs from the payment's {}", m.currency, amount.currency),
                ));
            }
        }
    }
    Ok(())
}

/// What kind of merchant-initiated series a saved method serves, or a repeat payment belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum RecurringType {
    /// A subscription: charges at fixed intervals.
    Scheduled,
    /// Charges when needed (top-ups, usage): the default.
    #[default]
    Unscheduled,
    /// One purchase paid in parts.
    Installment,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Customer {
    /// The merchant's own id for the shopper (Adyen `shopperReference`).
    pub id: Option<String>,
    /// The processor's customer object (Stripe `cus_...`), from a `createCustomer` flow.
    pub connector_customer_id: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    /// The shopper's national identity or tax document (dLocal `payer.document`).
    pub document: Option<CustomerDocument>,
}

/// A national identity or tax document: its number is personal data kept out of logs and errors.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomerDocument {
    /// CPF, CNPJ, DNI, CURP, RUT, NIN, ... as the country names it.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub number: Secret,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Address {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub line3: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BrowserInfo {
    pub user_agent: Option<String>,
    pub accept_header: Option<String>,
    pub ip_address: Option<String>,
    pub language: Option<String>,
    pub color_depth: Option<u8>,
    pub screen_height: Option<u32>,
    pub screen_width: Option<u32>,
    pub time_zone_offset: Option<i32>,
    pub java_enabled: Option<bool>,
    pub javascript_enabled: Option<bool>,
}

/// Tokens a connector carries between calls (e.g. an OAuth access token).
pub type ConnectorState = BTreeMap<String, String>;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AuthorizeRequestWire {
    merchant_transaction_id: String,
    amount: Money,
    payment_method: PaymentMethodWire,
    #[serde(default)]
    capture_method: CaptureMethod,
    setup_future_usage: Option<FutureUsage>,
    customer: Option<Customer>,
    billing_address: Option<Address>,
    shipping_address: Option<Address>,
    browser_info: Option<BrowserInfo>,
    return_url: Option<String>,
    webhook_url: Option<String>,
    description: Option<String>,
    statement_descriptor: Option<String>,
    metadata: Option<BTreeMap<String, String>>,
    three_ds: Option<ThreeDs>,
    order_lines: Option<Vec<OrderLine>>,
    recurring_type: Option<RecurringType>,
    idempotency_key: Option<String>,
    state: Option<ConnectorState>,
}

#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    pub merchant_transaction_id: String,
    pub amount: Money,
    pub payment_method: PaymentMethod,
    pub capture_method: CaptureMethod,
    /// Save the payment method for later payments; the result's `mandateReference` names it.
    pub setup_future_usage: Option<FutureUsage>,
    pub customer: Option<Customer>,
    pub billing_address: Option<Address>,
    pub shipping_address: Option<Address>,
    pub browser_info: Option<BrowserInfo>,
    pub return_url: Option<String>,
    pub webhook_url: Option<String>,
    pub description: Option<String>,
    pub statement_descriptor: Option<String>,
    pub metadata: BTreeMap<String, String>,
    /// Default: mode auto, no external authentication.
    pub three_ds: ThreeDs,
    pub order_lines: Vec<OrderLine>,
    /// With `setup_future_usage`: the series the saved method will serve. Default unscheduled.
    pub recurring_type: RecurringType,
    pub idempotency_key: Option<String>,
    pub state: ConnectorState,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PsyncRequest {
    pub connector_transaction_id: String,
    // Taken from the wire (the struct refuses unknown keys) for drivers that send it; no connector
    // of this flow reads it.
    #[allow(dead_code)]
    pub merchant_transaction_id: Option<String>,
    /// The amount authorized, when the connector needs it to read the status.
    pub amount: Option<Money>,
    /// What the shopper's browser brought back to `returnUrl` (query or form fields), for
    /// processors that complete a redirect with it (Adyen `redirectResult`).
    pub redirect_payload: Option<BTreeMap<String, String>>,
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CaptureRequest {
    pub connector_transaction_id: String,
    /// What to capture now: part of the authorized amount, or all of it. None: all of it (what
    /// is still capturable), for processors whose capture call may leave the amount out;
    /// `CaptureRequest::amount_or_whole` for those that must name one.
    pub amount_to_capture: Option<Money>,
    /// The amount authorized, for processors that need it (and to tell a partial capture).
    pub payment_amount: Option<Money>,
    pub merchant_transaction_id: Option<String>,
    /// The merchant's reference for this capture (Adyen `reference`).
    pub merchant_capture_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VoidRequest {
    pub connector_transaction_id: String,
    pub merchant_transaction_id: Option<String>,
    /// Free text or the processor's reason word (Stripe: `duplicate`, `fraudulent`,
    /// `requested_by_customer`, `abandoned`).
    pub reason: Option<String>,
    /// The amount authorized, for processors that need it.
    pub amount: Option<Money>,
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefundRequest {
    pub connector_transaction_id: String,
    /// The merchant's own id for this refund; unique per refund (several per payment).
    pub merchant_refund_id: String,
    pub refund_amount: Money,
    /// The amount of the payment, for processors that need it.
    pub payment_amount: Option<Money>,
    // Taken from the wire (the struct refuses unknown keys) for drivers that send it; no connector
    // of this flow reads it.
    #[allow(dead_code)]
    pub merchant_transaction_id: Option<String>,
    pub reason: Option<String>,
    pub webhook_url: Option<String>,
    pub metadata: Option<BTreeMap<String, String>>,
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
    /// `paymentMethod` as sent; decode_refund validates it into `payment_method`.
    #[serde(rename = "paymentMethod")]
    payment_method_wire: Option<PaymentMethodWire>,
    /// The payment's method again, for processors whose refund must name it (Authorize.Net
    /// refunds an eCheck.Net debit to the bank account given here).
    #[serde(skip)]
    pub payment_method: Option<PaymentMethod>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RsyncRequest {
    pub connector_transaction_id: String,
    pub connector_refund_id: String,
    // Taken from the wire (the struct refuses unknown keys) for drivers that send it; no connector
    // of this flow reads it.
    #[allow(dead_code)]
    pub merchant_refund_id: Option<String>,
    /// The amount refunded, when the connector needs it to read the status.
    pub refund_amount: Option<Money>,
    // Taken from the wire (the struct refuses unknown keys) for drivers that send it; no connector
    // of this flow reads it.
    #[allow(dead_code)]
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
}

/// Saves a payment method for later merchant-initiated payments (zero or small amount check).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SetupMandateRequestWire {
    merchant_transaction_id: String,
    /// The verification amount; `minorAmount: 0` for a zero-value check. Its currency is the
    /// mandate's currency.
    amount: Money,
    payment_method: PaymentMethodWire,
    customer: Option<Customer>,
    billing_address: Option<Address>,
    browser_info: Option<BrowserInfo>,
    return_url: Option<String>,
    webhook_url: Option<String>,
    description: Option<String>,
    metadata: Option<BTreeMap<String, String>>,
    three_ds: Option<ThreeDs>,
    order_lines: Option<Vec<OrderLine>>,
    recurring_type: Option<RecurringType>,
    idempotency_key: Option<String>,
    state: Option<ConnectorState>,
    /// The most one later charge on the saved method may take, for mandates that carry a cap
    /// (Razorpay's `token.max_amount`: an RBI e-mandate). In the mandate's currency.
    max_amount: Option<Money>,
}

#[derive(Debug, Clone)]
pub struct SetupMandateRequest {
    pub merchant_transaction_id: String,
    pub amount: Money,
    pub payment_method: PaymentMethod,
    pub customer: Option<Customer>,
    pub billing_address: Option<Address>,
    pub browser_info: Option<BrowserInfo>,
    pub return_url: Option<String>,
    pub webhook_url: Option<String>,
    pub description: Option<String>,
    pub metadata: BTreeMap<String, String>,
    pub three_ds: ThreeDs,
    pub order_lines: Vec<OrderLine>,
    /// The series the saved method will serve. Default unscheduled.
    pub recurring_type: RecurringType,
    pub idempotency_key: Option<String>,
    pub state: ConnectorState,
    /// The most one later charge may take (Razorpay's `token.max_amount`).
    pub max_amount: Option<Money>,
}

/// A merchant-initiated payment on a saved payment method (`mandateReference` from setupMandate,
/// or from an authorize that asked to save it).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RepeatPaymentRequest {
    pub merchant_transaction_id: String,
    pub amount: Money,
    pub mandate_reference: String,
    #[serde(default)]
    pub capture_method: CaptureMethod,
    pub customer: Option<Customer>,
    /// The scheme's id of the first payment, for processors that chain by it.
    pub network_transaction_id: Option<String>,
    pub description: Option<String>,
    pub statement_descriptor: Option<String>,
    pub metadata: Option<BTreeMap<String, String>>,
    pub webhook_url: Option<String>,
    /// For processors whose payment call requires one even without a shopper (Adyen's /payments).
    pub return_url: Option<String>,
    #[serde(default)]
    pub order_lines: Vec<OrderLine>,
    /// The series this payment belongs to. Default unscheduled.
    #[serde(default)]
    pub recurring_type: RecurringType,
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
}

/// Creates the processor's customer object, for processors that keep saved cards under one
/// (Stripe). A preparatory step: its idempotency header is `<idempotencyKey>:customer`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCustomerRequest {
    pub customer: Customer,
    pub merchant_transaction_id: Option<String>,
    pub description: Option<String>,
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
}

/// Fetches an OAuth access token (PayPal client credentials). The result's `state` carries it;
/// pass that `state` on later requests until `expiresInSeconds` runs out.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateAccessTokenRequest {
    pub idempotency_key: Option<String>,
    // Taken from the wire (the struct refuses unknown keys) for drivers that send it; no connector
    // of this flow reads it.
    #[allow(dead_code)]
    pub state: Option<ConnectorState>,
}

/// Finishes a payment the shopper approved or authenticated away from the merchant (PayPal
/// approval, 3DS challenge), for processors where that is its own call.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompleteAuthorizeRequest {
    pub connector_transaction_id: String,
    pub merchant_transaction_id: Option<String>,
    pub amount: Option<Money>,
    #[serde(default)]
    pub capture_method: CaptureMethod,
    /// What the shopper's browser brought back to `returnUrl`.
    pub redirect_payload: Option<BTreeMap<String, String>>,
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
    /// A one-time code the shopper entered (a voucher or OTP from their bank or mobile money
    /// operator), for processors that take it in a completion call (Paystack's submit_otp).
    pub otp: Option<Secret>,
    /// The card or account PIN the shopper entered when asked (Paystack's submit_pin): a secret.
    pub pin: Option<Secret>,
    /// The shopper's phone number when asked (Paystack's submit_phone).
    pub phone: Option<String>,
    /// The shopper's date of birth, YYYY-MM-DD, when asked (Paystack's submit_birthday).
    pub birthday: Option<String>,
    /// The billing address when asked for address verification (Paystack's submit_address).
    pub billing_address: Option<Address>,
}

/// Asks the processor whether a webhook is genuine, for processors that alone can check their
/// signature (PayPal's verify-webhook-signature). The result goes to parseWebhook as
/// `remoteVerification`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyWebhookRequest {
    /// The webhook's request headers as received, as a list or an object.
    #[serde(deserialize_with = "super::headers_list_or_map")]
    pub headers: Vec<super::ResponseHeader>,
    /// The raw body exactly as received.
    pub body: String,
    /// The processor's id of the webhook endpoint (PayPal's Webhook ID).
    pub webhook_id: String,
    pub state: Option<ConnectorState>,
}

impl VerifyWebhookRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
    }
}

/// A value the request cannot go without (an id from an earlier step, a credential in `auth`):
/// blank counts as missing, so a processor never sees an empty key or id. Returns it trimmed.
pub fn required<'a>(value: &'a str, field: &str) -> Result<&'a str, SidecarError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(SidecarError::missing_field(field, "it must not be empty"));
    }
    Ok(value)
}

fn require_non_empty(value: &str, field: &str) -> Result<(), SidecarError> {
    required(value, field).map(|_| ())
}

fn validate_optional_money(money: &Option<Money>, field: &str) -> Result<(), SidecarError> {
    match money {
        Some(m) => super::currency::validate(m, field).map(|_| ()),
        None => Ok(()),
    }
}

/// A card check's amount: zero (the usual zero-value check, as the zod schema allows) or more.
fn validate_verification_money(money: &Money, field: &str) -> Result<(), SidecarError> {
    super::currency::validate_verification(money, field).map(|_| ())
}

/// A money amount that must be above zero (captures, refunds, payments).
fn validate_positive_money(money: &Money, field: &str) -> Result<(), SidecarError> {
    super::currency::validate(money, field)?;
    if money.minor_amount <= 0 {
        return Err(SidecarError::invalid_field(
            &format!("{field}.minorAmount"),
            format!("must be greater than zero, got {}", money.minor_amount),
        ));
    }
    Ok(())
}

/// Decodes and validates the `authorize` request, naming the field path of anything wrong.
pub fn decode_authorize<'a>(request: impl Into<super::Input<'a>>) -> Result<AuthorizeRequest, SidecarError> {
    let w: AuthorizeRequestWire = super::decode(request, "request")?;
    super::currency::validate(&w.amount, "request.amount")?;
    require_non_empty(&w.merchant_transaction_id, "request.merchantTransactionId")?;
    let payment_method = PaymentMethod::from_wire(w.payment_method, "request.paymentMethod")?;
    let three_ds = w.three_ds.unwrap_or_default();
    three_ds.validate("request.threeDs")?;
    let order_lines = w.order_lines.unwrap_or_default();
    validate_order_lines(&order_lines, &w.amount, "request.orderLines")?;
    Ok(AuthorizeRequest {
        merchant_transaction_id: w.merchant_transaction_id,
        amount: w.amount,
        payment_method,
        capture_method: w.capture_method,
        setup_future_usage: w.setup_future_usage,
        customer: w.customer,
        billing_address: w.billing_address,
        shipping_address: w.shipping_address,
        browser_info: w.browser_info,
        return_url: w.return_url,
        webhook_url: w.webhook_url,
        description: w.description,
        statement_descriptor: w.statement_descriptor,
        metadata: w.metadata.unwrap_or_default(),
        three_ds,
        order_lines,
        recurring_type: w.recurring_type.unwrap_or_default(),
        idempotency_key: w.idempotency_key,
        state: w.state.unwrap_or_default(),
    })
}

/// Decodes and validates the `psync` request, naming the field path of anything wrong.
pub fn decode_psync<'a>(request: impl Into<super::Input<'a>>) -> Result<PsyncRequest, SidecarError> {
    let r: PsyncRequest = super::decode(request, "request")?;
    require_non_empty(&r.connector_transaction_id, "request.connectorTransactionId")?;
    validate_optional_money(&r.amount, "request.amount")?;
    Ok(r)
}

/// Decodes and validates the `capture` request, naming the field path of anything wrong.
pub fn decode_capture<'a>(request: impl Into<super::Input<'a>>) -> Result<CaptureRequest, SidecarError> {
    let r: CaptureRequest = super::decode(request, "request")?;
    require_non_empty(&r.connector_transaction_id, "request.connectorTransactionId")?;
    if let Some(a) = &r.amount_to_capture {
        validate_positive_money(a, "request.amountToCapture")?;
    }
    validate_optional_money(&r.payment_amount, "request.paymentAmount")?;
    if let (Some(p), Some(a)) = (&r.payment_amount, &r.amount_to_capture) {
        if p.currency != a.currency {
            return Err(SidecarError::invalid_field(
                "request.amountToCapture.currency",
                format!("{} differs from the payment's {}", a.currency, p.currency),
            ));
        }
        if a.minor_amount > p.minor_amount {
            return Err(SidecarError::invalid_field(
                "request.amountToCapture.minorAmount",
                format!("{} is more than the payment's {}", a.minor_amount, p.minor_amount),
            ));
        }
    }
    Ok(r)
}

impl CaptureRequest {
    /// The amount a processor whose capture call must name one gets, with the field it came from:
    /// `amountToCapture`, else `paymentAmount` (no amount to capture means all of it). Neither is a
    /// 1004 naming `request.paymentAmount`.
    pub fn amount_or_whole(&self, processor: &str) -> Result<(&Money, &'static str), SidecarError> {
        match (&self.amount_to_capture, &self.payment_amount) {
            (Some(a), _) => Ok((a, "request.amountToCapture")),
            (None, Some(p)) => Ok((p, "request.paymentAmount")),
            (None, None) => Err(SidecarError::missing_field(
                "request.paymentAmount",
                &format!(
                    "{processor}'s capture call takes an amount: give amountToCapture, or paymentAmount (the amount \
                     authorized) to capture all of it"
                ),
            )),
        }
    }
}

/// Decodes and validates the `void` request, naming the field path of anything wrong.
pub fn decode_void<'a>(request: impl Into<super::Input<'a>>) -> Result<VoidRequest, SidecarError> {
    let r: VoidRequest = super::decode(request, "request")?;
    require_non_empty(&r.connector_transaction_id, "request.connectorTransactionId")?;
    validate_optional_money(&r.amount, "request.amount")?;
    Ok(r)
}

/// Decodes and validates the `refund` request, naming the field path of anything wrong.
pub fn decode_refund<'a>(request: impl Into<super::Input<'a>>) -> Result<RefundRequest, SidecarError> {
    let mut r: RefundRequest = super::decode(request, "request")?;
    if let Some(w) = r.payment_method_wire.take() {
        r.payment_method = Some(PaymentMethod::from_wire(w, "request.paymentMethod")?);
    }
    require_non_empty(&r.connector_transaction_id, "request.connectorTransactionId")?;
    require_non_empty(&r.merchant_refund_id, "request.merchantRefundId")?;
    validate_positive_money(&r.refund_amount, "request.refundAmount")?;
    validate_optional_money(&r.payment_amount, "request.paymentAmount")?;
    if let Some(p) = &r.payment_amount {
        if p.currency != r.refund_amount.currency {
            return Err(SidecarError::invalid_field(
                "request.refundAmount.currency",
                format!("{} differs from the payment's {}", r.refund_amount.currency, p.currency),
            ));
        }
        if r.refund_amount.minor_amount > p.minor_amount {
            return Err(SidecarError::invalid_field(
                "request.refundAmount.minorAmount",
                format!("{} is more than the payment's {}", r.refund_amount.minor_amount, p.minor_amount),
            ));
        }
    }
    Ok(r)
}

/// Decodes and validates the `rsync` request, naming the field path of anything wrong.
pub fn decode_rsync<'a>(request: impl Into<super::Input<'a>>) -> Result<RsyncRequest, SidecarError> {
    let r: RsyncRequest = super::decode(request, "request")?;
    require_non_empty(&r.connector_transaction_id, "request.connectorTransactionId")?;
    require_non_empty(&r.connector_refund_id, "request.connectorRefundId")?;
    validate_optional_money(&r.refund_amount, "request.refundAmount")?;
    Ok(r)
}

/// Decodes and validates the `setupMandate` request, naming the field path of anything wrong.
pub fn decode_setup_mandate<'a>(request: impl Into<super::Input<'a>>) -> Result<SetupMandateRequest, SidecarError> {
    let w: SetupMandateRequestWire = super::decode(request, "request")?;
    validate_verification_money(&w.amount, "request.amount")?;
    require_non_empty(&w.merchant_transaction_id, "request.merchantTransactionId")?;
    let payment_method = PaymentMethod::from_wire(w.payment_method, "request.paymentMethod")?;
    let three_ds = w.three_ds.unwrap_or_default();
    three_ds.validate("request.threeDs")?;
    let order_lines = w.order_lines.unwrap_or_default();
    validate_order_lines(&order_lines, &w.amount, "request.orderLines")?;
    if let Some(max) = &w.max_amount {
        validate_positive_money(max, "request.maxAmount")?;
        if max.currency != w.amount.currency {
            return Err(SidecarError::invalid_field("request.maxAmount.currency", "the cap is in the mandate's currency (request.amount.currency)".into()));
        }
    }
    Ok(SetupMandateRequest {
        merchant_transaction_id: w.merchant_transaction_id,
        amount: w.amount,
        payment_method,
        customer: w.customer,
        billing_address: w.billing_address,
        browser_info: w.browser_info,
        return_url: w.return_url,
        webhook_url: w.webhook_url,
        description: w.description,
        metadata: w.metadata.unwrap_or_default(),
        three_ds,
        order_lines,
        recurring_type: w.recurring_type.unwrap_or_default(),
        idempotency_key: w.idempotency_key,
        state: w.state.unwrap_or_default(),
        max_amount: w.max_amount,
    })
}

/// Decodes and validates the `repeatPayment` request, naming the field path of anything wrong.
pub fn decode_repeat_payment<'a>(request: impl Into<super::Input<'a>>) -> Result<RepeatPaymentRequest, SidecarError> {
    let r: RepeatPaymentRequest = super::decode(request, "request")?;
    require_non_empty(&r.merchant_transaction_id, "request.merchantTransactionId")?;
    require_non_empty(&r.mandate_reference, "request.mandateReference")?;
    validate_positive_money(&r.amount, "request.amount")?;
    validate_order_lines(&r.order_lines, &r.amount, "request.orderLines")?;
    Ok(r)
}

/// Decodes and validates the `createCustomer` request, naming the field path of anything wrong.
pub fn decode_create_customer<'a>(request: impl Into<super::Input<'a>>) -> Result<CreateCustomerRequest, SidecarError> {
    let r: CreateCustomerRequest = super::decode(request, "request")?;
    Ok(r)
}

/// Decodes and validates the `createAccessToken` request, naming the field path of anything wrong.
pub fn decode_create_access_token<'a>(request: impl Into<super::Input<'a>>) -> Result<CreateAccessTokenRequest, SidecarError> {
    let r: CreateAccessTokenRequest = super::decode(request, "request")?;
    Ok(r)
}

/// Decodes and validates the `completeAuthorize` request, naming the field path of anything wrong.
pub fn decode_complete_authorize<'a>(request: impl Into<super::Input<'a>>) -> Result<CompleteAuthorizeRequest, SidecarError> {
    let r: CompleteAuthorizeRequest = super::decode(request, "request")?;
    require_non_empty(&r.connector_transaction_id, "request.connectorTransactionId")?;
    validate_optional_money(&r.amount, "request.amount")?;
    Ok(r)
}

/// Decodes and validates the `verifyWebhook` request, naming the field path of anything wrong.
pub fn decode_verify_webhook<'a>(request: impl Into<super::Input<'a>>) -> Result<VerifyWebhookRequest, SidecarError> {
    let r: VerifyWebhookRequest = super::decode(request, "request")?;
    require_non_empty(&r.webhook_id, "request.webhookId")?;
    Ok(r)
}

//! GP API request bodies, named as GP's API reference and the official SDKs name them
//! (`globalpayments-api`: `AccessTokenRequest`, `GpApiAuthorizationRequestBuilder`,
//! `GpApiManagementRequestBuilder`, the `Card` and `PaymentMethod` DTOs).

use super::{GlobalpaymentsAuth, DEFAULT_ACCOUNT_NAME, DEFAULT_COUNTRY, DEFAULT_TOKENIZATION_ACCOUNT_NAME, STATE_ACCOUNT_NAME, STATE_TOKENIZATION_ACCOUNT_NAME};
use crate::kit::crypto::hex;
use crate::kit::money::{iso_exponent, minor_units_for};
use crate::kit::text::present;
use crate::kit::card::CardBrand;
use crate::protocol::{
    Address, Card, CaptureMethod, ConnectorState, DecryptedWalletCard, ExternalThreeDs, Money, PaymentMethod, RecurringType,
    Secret, SidecarError, WalletToken,
};
use serde::Serialize;
use sha2::{Digest, Sha512};

/// `secret` of the access token request: the lower-case hex SHA-512 of the nonce followed by the
/// app key (GP's "Generate an access token"; the SDK's `GpApiSessionInfo.generateSecret`).
pub fn secret(nonce: &str, app_key: &str) -> String {
    let mut h = Sha512::new();
    h.update(nonce.as_bytes());
    h.update(app_key.as_bytes());
    hex(&h.finalize())
}

/// `POST /accesstoken`.
#[derive(Debug, Serialize)]
pub struct AccessTokenRequest {
    pub app_id: String,
    pub nonce: String,
    pub secret: String,
    pub grant_type: &'static str,
}

impl AccessTokenRequest {
    pub fn new(auth: &GlobalpaymentsAuth, nonce: String) -> Self {
        AccessTokenRequest {
            app_id: auth.app_id().to_string(),
            secret: secret(&nonce, auth.app_key()),
            nonce,
            grant_type: "client_credentials",
        }
    }
}

/// A unified amount as GP's `amount`: a string of the currency's smallest units ("1999" is
/// 19.99 USD, "1000" is 1000 JPY), i.e. the ISO 4217 minor units. The SDK's `StringUtils.toNumeric`
/// writes the same digits from a major-unit amount.
pub fn amount(money: &Money, field: &str) -> Result<String, SidecarError> {
    let exponent = iso_exponent(&money.currency)
        .ok_or_else(|| SidecarError::invalid_field(&format!("{field}.currency"), "not an ISO 4217 currency".into()))?;
    let minor = minor_units_for(money, exponent, field)?;
    let text = minor.to_string();
    if minor <= 0 {
        return Err(SidecarError::invalid_field(
            &format!("{field}.minorAmount"),
            format!("GP API's amount is a positive number of the currency's smallest unit: {minor} {} cannot be sent", money.currency),
        ));
    }
    Ok(text)
}

/// `reference`: the merchant's reference for the transaction.
pub fn reference(id: &str, field: &str) -> Result<String, SidecarError> {
    let id = id.trim();
    if id.is_empty() {
        return Err(SidecarError::missing_field(field, "GP API's reference must not be empty"));
    }
    Ok(id.to_string())
}

/// The account a transaction goes to: `auth.accountName`, else the transaction processing account
/// the access token named (createAccessToken's state), else GP's default name.
pub fn account_name(auth: &GlobalpaymentsAuth, state: Option<&ConnectorState>) -> String {
    auth.account_name()
        .map(str::to_string)
        .or_else(|| state.and_then(|s| s.get(STATE_ACCOUNT_NAME)).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| DEFAULT_ACCOUNT_NAME.to_string())
}

/// The tokenization account (`POST /payment-methods`), found the same way.
pub fn tokenization_account_name(auth: &GlobalpaymentsAuth, state: Option<&ConnectorState>) -> String {
    auth.tokenization_account_name()
        .map(str::to_string)
        .or_else(|| state.and_then(|s| s.get(STATE_TOKENIZATION_ACCOUNT_NAME)).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| DEFAULT_TOKENIZATION_ACCOUNT_NAME.to_string())
}

/// `payment_method.card` (the SDK's `Card` DTO): expiry as two digits each, `cvv` with
/// `cvv_indicator` PRESENT when given, AVS data from the billing address.
#[derive(Debug, Serialize)]
pub struct CardBody {
    pub number: String,
    pub expiry_month: String,
    pub expiry_year: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvv: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvv_indicator: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avs_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avs_postal_code: Option<String>,
}

/// GP's expiry_year is two digits (`2030` → `30`).
fn two_digit_year(year: &str) -> Result<String, SidecarError> {
    two_digit_year_at(year, "request.paymentMethod.card.expYear")
}

fn two_digit_year_at(year: &str, field: &str) -> Result<String, SidecarError> {
    let y = year.trim();
    if !(y.len() == 2 || y.len() == 4) || !y.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SidecarError::invalid_field(field, "expected YYYY".into()));
    }
    Ok(y[y.len() - 2..].to_string())
}

fn two_digit_month(month: &str) -> Result<String, SidecarError> {
    two_digit_month_at(month, "request.paymentMethod.card.expMonth")
}

fn two_digit_month_at(month: &str, field: &str) -> Result<String, SidecarError> {
    let m = month.trim();
    match m.parse::<u8>() {
        Ok(n) if (1..=12).contains(&n) && m.len() <= 2 => Ok(format!("{n:02}")),
        _ => Err(SidecarError::invalid_field(field, "expected MM (01 to 12)".into())),
    }
}

impl CardBody {
    pub fn from_card(card: &Card, billing: Option<&Address>) -> Result<Self, SidecarError> {
        let cvv = card.cvc.as_ref().map(|c| c.expose().trim().to_string()).filter(|c| !c.is_empty());
        Ok(CardBody {
            number: card.number.expose().to_string(),
            expiry_month: two_digit_month(&card.exp_month)?,
            expiry_year: two_digit_year(&card.exp_year)?,
            cvv_indicator: cvv.as_ref().map(|_| "PRESENT"),
            cvv,
            avs_address: billing.and_then(|b| present(&b.line1)).map(str::to_string),
            avs_postal_code: billing.and_then(|b| present(&b.postal_code)).map(str::to_string),
        })
    }
}

/// `payment_method` of a transaction: a card, or a stored payment method by `id` (`PMT_...`).
#[derive(Debug, Serialize)]
pub struct PaymentMethodBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub entry_mode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<CardBody>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digital_wallet: Option<DigitalWallet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apm: Option<Apm>,
    /// An ACH debit (bank.rs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_transfer: Option<super::bank::BankTransfer>,
    /// Buy now, pay later (bnpl.rs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bnpl: Option<super::bnpl::BnplProvider>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication: Option<Authentication>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_mode: Option<&'static str>,
}

/// `payment_method.apm`: the local payment method's provider (apm.rs).
#[derive(Debug, Serialize)]
pub struct Apm {
    pub provider: &'static str,
}

/// `notifications` of an APM payment: where GP sends the shopper back (`return_url`, and
/// `cancel_url` when they give up) and where it POSTs the transaction's status (`status_url`).
#[derive(Debug, Serialize)]
pub struct Notifications {
    pub return_url: String,
    pub status_url: String,
    pub cancel_url: String,
}

/// `payment_method.digital_wallet` (the SDKs' ENCRYPTED_MOBILE and DECRYPTED_MOBILE
/// transactions, PHP SDK `GpApiAuthorizationRequestBuilder::createPaymentMethodParam`): the
/// wallet's encrypted token as JSON (`payment_token`), or the token the merchant decrypted: the
/// device account number (`token`, `token_format` CARD_NUMBER), its expiry, `cryptogram` and `eci`.
/// `provider` is APPLEPAY or PAY_BY_GOOGLE (the SDKs' `EnumMapping::mapDigitalWalletType`).
#[derive(Debug, Serialize)]
pub struct DigitalWallet {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_token: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_month: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_year: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cryptogram: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eci: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avs_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avs_postal_code: Option<String>,
    pub provider: &'static str,
}

/// The wallets GP API takes, with its provider word.
#[derive(Clone, Copy)]
pub enum Wallet {
    ApplePay,
    GooglePay,
}

impl Wallet {
    fn provider(self) -> &'static str {
        match self {
            Wallet::ApplePay => "APPLEPAY",
            Wallet::GooglePay => "PAY_BY_GOOGLE",
        }
    }

    fn field(self) -> &'static str {
        match self {
            Wallet::ApplePay => "request.paymentMethod.applePay",
            Wallet::GooglePay => "request.paymentMethod.googlePay",
        }
    }
}

impl DigitalWallet {
    pub fn new(wallet: Wallet, token: WalletToken<'_>, billing: Option<&Address>) -> Result<Self, SidecarError> {
        let field = wallet.field();
        let empty = DigitalWallet {
            payment_token: None,
            token: None,
            token_format: None,
            expiry_month: None,
            expiry_year: None,
            cryptogram: None,
            eci: None,
            avs_address: None,
            avs_postal_code: None,
            provider: wallet.provider(),
        };
        match token {
            WalletToken::Encrypted(secret) => Ok(DigitalWallet { payment_token: Some(encrypted_token(wallet, secret)?), ..empty }),
            WalletToken::Decrypted(card) => {
                let at = format!("{field}.decrypted");
                let cryptogram = card.cryptogram.as_ref().map(|c| c.expose().trim().to_string()).filter(|c| !c.is_empty()).ok_or_else(|| {
                    SidecarError::missing_field(
                        &format!("{at}.cryptogram"),
                        "GP API takes a decrypted wallet token with its cryptogram (digital_wallet.cryptogram); a Google Pay PAN_ONLY card goes as a card",
                    )
                })?;
                Ok(DigitalWallet {
                    token: Some(card.number.expose().to_string()),
                    token_format: Some("CARD_NUMBER"),
                    expiry_month: Some(two_digit_month_at(&card.exp_month, &format!("{at}.expMonth"))?),
                    expiry_year: Some(two_digit_year_at(&card.exp_year, &format!("{at}.expYear"))?),
                    cryptogram: Some(cryptogram),
                    eci: Some(wallet_eci(card, &at)?),
                    avs_address: billing.and_then(|b| present(&b.line1)).map(str::to_string),
                    avs_postal_code: billing.and_then(|b| present(&b.postal_code)).map(str::to_string),
                    ..empty
                })
            }
        }
    }
}

/// The encrypted token as the JSON object GP's `payment_token` is: Apple Pay's `paymentData`
/// (given base64, as PKPaymentToken.paymentData is), Google Pay's PaymentMethodToken (given as its
/// JSON text). The values are never quoted in an error.
fn encrypted_token(wallet: Wallet, secret: &Secret) -> Result<serde_json::Value, SidecarError> {
    let (at, text) = match wallet {
        Wallet::ApplePay => {
            let at = format!("{}.paymentData", wallet.field());
            let bytes = crate::kit::crypto::base64_decode(secret.expose().trim())
                .ok_or_else(|| SidecarError::invalid_field(&at, "not base64 (PKPaymentToken.paymentData, base64)".into()))?;
            (at, String::from_utf8(bytes).ok())
        }
        Wallet::GooglePay => (format!("{}.token", wallet.field()), Some(secret.expose().trim().to_string())),
    };
    let value = text.and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok()).filter(|v| v.is_object());
    value.ok_or_else(|| {
        SidecarError::invalid_field(&at, "GP API takes the wallet's encrypted token as its JSON object (payment_token): this is not a JSON object".into())
    })
}

/// The decrypted token's ECI: the wallet's, else the one GP's SDK sets by brand (Visa and Amex
/// 05, Mastercard 02).
fn wallet_eci(card: &DecryptedWalletCard, at: &str) -> Result<String, SidecarError> {
    if let Some(e) = present(&card.eci) {
        return Ok(e.to_string());
    }
    match CardBrand::detect(card.number.expose()) {
        CardBrand::Visa | CardBrand::Amex => Ok("05".into()),
        CardBrand::Mastercard => Ok("02".into()),
        _ => Err(SidecarError::missing_field(&format!("{at}.eci"), "GP API needs the ECI of this wallet token's brand")),
    }
}

/// `payment_method.authentication` (3-D Secure done elsewhere; the PHP SDK's `three_ds`).
#[derive(Debug, Serialize)]
pub struct Authentication {
    pub three_ds: ThreeDsResult,
}

#[derive(Debug, Serialize)]
pub struct ThreeDsResult {
    pub message_version: String,
    pub eci: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ds_trans_ref: Option<String>,
    pub value: String,
}

impl Authentication {
    pub fn external(e: &ExternalThreeDs) -> Self {
        Authentication {
            three_ds: ThreeDsResult {
                message_version: e.version.trim().to_string(),
                eci: e.eci.trim().to_string(),
                ds_trans_ref: present(&e.ds_transaction_id).or_else(|| present(&e.xid)).map(str::to_string),
                value: e.cavv.expose().trim().to_string(),
            },
        }
    }
}

/// A stored payment method id as GP makes them (`PMT_` and letters, digits, `_` or `-`).
pub fn stored_method_id(value: &str, field: &str) -> Result<String, SidecarError> {
    let id = value.trim();
    let ok = id.len() > 4
        && id.len() <= 100
        && id.starts_with("PMT_")
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !ok {
        return Err(SidecarError::invalid_field(
            field,
            "GP API takes a stored payment method by its id (PMT_ followed by letters and digits), as POST /payment-methods or its JavaScript library returns it".into(),
        ));
    }
    Ok(id.to_string())
}

impl PaymentMethodBody {
    pub fn for_payment(
        method: &PaymentMethod,
        billing: Option<&Address>,
        descriptor: Option<&str>,
        store: bool,
    ) -> Result<Self, SidecarError> {
        match method {
            PaymentMethod::Card(card) => Ok(PaymentMethodBody {
                name: present(&card.holder_name).map(str::to_string),
                card: Some(CardBody::from_card(card, billing)?),
                storage_mode: store.then_some("ON_SUCCESS"),
                ..Self::empty(descriptor)
            }),
            PaymentMethod::Token(token) => Ok(PaymentMethodBody {
                id: Some(stored_method_id(token.value.expose(), "request.paymentMethod.token.value")?),
                ..Self::empty(descriptor)
            }),
            PaymentMethod::ApplePay(w) => Ok(PaymentMethodBody {
                digital_wallet: Some(DigitalWallet::new(Wallet::ApplePay, w.token("request.paymentMethod.applePay")?, billing)?),
                ..Self::empty(descriptor)
            }),
            PaymentMethod::GooglePay(w) => Ok(PaymentMethodBody {
                digital_wallet: Some(DigitalWallet::new(Wallet::GooglePay, w.wallet_token("request.paymentMethod.googlePay")?, billing)?),
                ..Self::empty(descriptor)
            }),
            other => Err(SidecarError::payment_method_not_supported(&format!(
                "GP API's /transactions takes a card, a stored payment method (PMT_), an Apple Pay or Google Pay token (digital_wallet) or a local payment method (apm), not {}",
                other.type_name()
            ))),
        }
    }

    pub(super) fn empty(descriptor: Option<&str>) -> Self {
        PaymentMethodBody {
            id: None,
            entry_mode: "ECOM",
            name: None,
            narrative: descriptor.map(str::to_string),
            card: None,
            digital_wallet: None,
            apm: None,
            bank_transfer: None,
            bnpl: None,
            authentication: None,
            storage_mode: None,
        }
    }

    /// A local payment method: the provider and the account holder's name (GP refuses an APM
    /// payment without one: the SDK's "accountHolderName cannot be null").
    pub fn apm(provider: &'static str, name: String, descriptor: Option<&str>) -> Self {
        PaymentMethodBody { name: Some(name), apm: Some(Apm { provider }), ..Self::empty(descriptor) }
    }

    pub fn stored(id: String, descriptor: Option<&str>) -> Self {
        PaymentMethodBody { id: Some(id), ..Self::empty(descriptor) }
    }
}

/// `stored_credential` (GP's "Stored credentials"; the SDK's `setRequestStoredCredentials`): the
/// kind of series (`model`) and whether this is its first or a later payment (`sequence`). GP's
/// `reason` names industry practices (INCREMENTAL, RESUBMISSION, DELAYED, NO_SHOW...) that the
/// unified request does not carry, so it is not sent.
#[derive(Debug, Serialize)]
pub struct StoredCredential {
    pub model: &'static str,
    pub sequence: &'static str,
}

impl StoredCredential {
    pub fn new(kind: RecurringType, first: bool) -> Self {
        let model = match kind {
            RecurringType::Scheduled => "RECURRING",
            RecurringType::Installment => "INSTALLMENT",
            RecurringType::Unscheduled => "UNSCHEDULED",
        };
        StoredCredential { model, sequence: if first { "FIRST" } else { "SUBSEQUENT" } }
    }
}

/// `POST /transactions` (type SALE, channel CNP).
#[derive(Debug, Serialize)]
pub struct CreateTransaction {
    pub account_name: String,
    pub channel: &'static str,
    pub country: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub capture_mode: &'static str,
    pub amount: String,
    pub currency: String,
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initiator: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_credential: Option<StoredCredential>,
    /// The payer of an ACH debit or a BNPL payment (bank.rs, bnpl.rs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payer: Option<Payer>,
    pub payment_method: PaymentMethodBody,
    /// A BNPL payment's order: its items, shipping address (bnpl.rs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<super::bnpl::Order>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notifications: Option<Notifications>,
}

/// Everything about a payment that is not its payment method.
pub struct Sale<'a> {
    pub account_name: String,
    pub country: Option<&'a str>,
    pub capture: CaptureMethod,
    pub amount: &'a Money,
    pub reference: &'a str,
    pub description: Option<&'a str>,
    pub ip_address: Option<&'a str>,
}

impl CreateTransaction {
    pub fn sale(s: Sale<'_>, payment_method: PaymentMethodBody) -> Result<Self, SidecarError> {
        Ok(CreateTransaction {
            account_name: s.account_name,
            channel: "CNP",
            country: s.country.map(str::trim).filter(|c| !c.is_empty()).unwrap_or(DEFAULT_COUNTRY).to_ascii_uppercase(),
            kind: "SALE",
            capture_mode: match s.capture {
                CaptureMethod::Automatic => "AUTO",
                CaptureMethod::Manual => "LATER",
            },
            amount: amount(s.amount, "request.amount")?,
            currency: s.amount.currency.clone(),
            reference: reference(s.reference, "request.merchantTransactionId")?,
            description: s.description.map(str::to_string),
            ip_address: s.ip_address.map(str::to_string),
            initiator: None,
            stored_credential: None,
            payer: None,
            payment_method,
            order: None,
            notifications: None,
        })
    }
}

/// `POST /transactions/{id}/capture`, `/reversal`, `/refund`, `/incremental`: an optional amount
/// (none captures or reverses all of it).
#[derive(Debug, Serialize, Default)]
pub struct AmountBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
}

/// `POST /payment-methods`: a card stored for later payments (`usage_mode` MULTIPLE).
#[derive(Debug, Serialize)]
pub struct CreatePaymentMethod {
    pub account_name: String,
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub usage_mode: &'static str,
    pub card: CardBody,
}

/// `payer` of an ACH debit (the SDKs' `setPayerInformation` for an ECheck: the billing address and
/// the payer's name) or of a BNPL payment (its email, billing address with the names, contact phone).
#[derive(Debug, Serialize, Default)]
pub struct Payer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<AddressBody>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<Phone>,
}

/// A GP address (`line_1`..`country`), with the names where GP asks for them (BNPL).
#[derive(Debug, Serialize, Default)]
pub struct AddressBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_3: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

/// A phone as GP splits it: `{country_code, subscriber_number}`, digits only.
#[derive(Debug, Serialize)]
pub struct Phone {
    pub country_code: String,
    pub subscriber_number: String,
}

impl AddressBody {
    /// The address's lines, city, postal code, state and country; `required` names the ones GP
    /// needs (refused with 1004 naming the first missing one, under `field`).
    pub fn from_address(a: &Address, field: &str, required: &[&str], why: &str) -> Result<Self, SidecarError> {
        let get = |name: &str| -> Option<String> {
            let v = match name {
                "line1" => &a.line1,
                "line2" => &a.line2,
                "line3" => &a.line3,
                "city" => &a.city,
                "postalCode" => &a.postal_code,
                "state" => &a.state,
                "country" => &a.country,
                "firstName" => &a.first_name,
                "lastName" => &a.last_name,
                _ => return None,
            };
            present(v).map(str::to_string)
        };
        for name in required {
            if get(name).is_none() {
                return Err(SidecarError::missing_field(&format!("{field}.{name}"), why));
            }
        }
        Ok(AddressBody {
            line_1: get("line1"),
            line_2: get("line2"),
            line_3: None,
            city: get("city"),
            postal_code: get("postalCode"),
            state: get("state"),
            country: get("country"),
            first_name: None,
            last_name: None,
        })
    }
}

//! Authorize.Net's request types. The JSON API is its XML API underneath: elements must come in
//! the order of the schema (AnetApiSchema.xsd), or the gateway answers E00003. serde writes struct
//! fields in declaration order, so every struct here declares its fields in schema order; a test
//! checks the order of the serialized text.

use super::payment_methods::{self, CardholderAuthentication, TransactionSettings};
use super::paypal;
use crate::kit::crypto::base64_encode;
use crate::kit::money::{decimal_string, minor_units_for, validate};
use crate::kit::money::iso_exponent;
use crate::protocol::{
    Address, AuthorizeRequest, BankAccountType, BankDebitMethod, CaptureMethod, Card, ConnectorState, CreateCustomerRequest, CreateSessionRequest,
    Customer, DecryptedWalletCard, Money, PaymentMethod, RepeatPaymentRequest, Secret, SetupMandateRequest, SidecarError,
    ThreeDsMode, WalletToken,
};
use serde::Serialize;

/// Authorize.Net amounts have at most two decimals ("up to 15 digits with a decimal point").
pub const MAX_DECIMALS: u8 = 2;
/// `refId` and `order.invoiceNumber`: up to 20 characters.
pub const MAX_REF_ID: usize = 20;
pub const MAX_INVOICE_NUMBER: usize = 20;
/// A customer profile's `merchantCustomerId`: up to 20 characters.
pub const MAX_MERCHANT_CUSTOMER_ID: usize = 20;
/// The key of `request.state` that chooses setupMandate's `validationMode`.
pub const STATE_VALIDATION_MODE: &str = "validationMode";

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
    pub profile: Option<ProfileToCharge>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ref_trans_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<Order>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerData>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_to: Option<BillTo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<NameAndAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cardholder_authentication: Option<CardholderAuthentication>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_settings: Option<TransactionSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_options: Option<ProcessingOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subsequent_auth_information: Option<SubsequentAuthInformation>,
}

/// customerProfilePaymentType: the saved card a transaction charges.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileToCharge {
    pub customer_profile_id: String,
    pub payment_profile: PaymentProfileRef,
}

/// paymentProfile: paymentProfileId, cardCode.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentProfileRef {
    pub payment_profile_id: String,
}

/// processingOptions (card-on-file): isFirstRecurringPayment, isFirstSubsequentAuth,
/// isSubsequentAuth, isStoredCredentials. Booleans as the text the API reference shows.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessingOptions {
    pub is_subsequent_auth: &'static str,
}

/// subsequentAuthInformation: originalNetworkTransId, originalAuthAmount, reason.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubsequentAuthInformation {
    pub original_network_trans_id: String,
}

/// paymentType: a choice of one element (creditCard, bankAccount, trackData, ..., payPal, opaqueData).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Payment {
    CreditCard(CreditCard),
    BankAccount(BankAccount),
    OpaqueData(OpaqueData),
    PayPal(PayPal),
}

/// payPalType: successUrl, cancelUrl (≤ 2048 each), paypalLc, paypalHdrImg, paypalPayflowcolor,
/// payerID (≤ 255). The first call of PayPal Express Checkout sends the two URLs; the continue
/// call sends the payerID PayPal returned the shopper with (paypal.rs).
#[derive(Serialize, Default)]
pub struct PayPal {
    #[serde(rename = "successUrl", skip_serializing_if = "Option::is_none")]
    pub success_url: Option<String>,
    #[serde(rename = "cancelUrl", skip_serializing_if = "Option::is_none")]
    pub cancel_url: Option<String>,
    #[serde(rename = "payerID", skip_serializing_if = "Option::is_none")]
    pub payer_id: Option<String>,
}

/// bankAccountType: accountType, routingNumber, accountNumber, nameOnAccount, echeckType.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BankAccount {
    pub account_type: &'static str,
    pub routing_number: String,
    pub account_number: String,
    pub name_on_account: String,
    /// `WEB`: authorized by the account holder on the internet.
    pub echeck_type: &'static str,
}

/// nameOnAccount: up to 22 characters.
pub const MAX_NAME_ON_ACCOUNT: usize = 22;

/// opaqueDataType: dataDescriptor, dataValue (dataKey is for in-person encrypted readers). What
/// Accept.js (`Accept.dispatchData`) gives the merchant's page instead of the card: a payment
/// nonce valid for 15 minutes and one use.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpaqueData {
    pub data_descriptor: &'static str,
    pub data_value: String,
}

/// Accept.js's dataDescriptor (the Accept.js and Accept Hosted documentation's value for a
/// payment nonce made in the shopper's browser).
pub const ACCEPT_JS_DESCRIPTOR: &str = "COMMON.ACCEPT.INAPP.PAYMENT";

/// creditCardType: cardNumber, expirationDate, cardCode.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreditCard {
    pub card_number: String,
    pub expiration_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_code: Option<String>,
    /// "true": `cardNumber` is a network token (or a wallet's device account number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_payment_token: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cryptogram: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_requestor_id: Option<String>,
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

/// nameAndAddressType: firstName, lastName, company, address, city, state, zip, country, in that
/// order. It is `shipTo` as it stands, and the start of `billTo`.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct NameAndAddress {
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

/// customerAddressType (`billTo`): nameAndAddressType's elements, then phoneNumber.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BillTo {
    #[serde(flatten)]
    pub name_and_address: NameAndAddress,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
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

/// `{"createCustomerProfileRequest": {merchantAuthentication, refId?, profile, validationMode?}}`
#[derive(Serialize)]
pub struct CreateCustomerProfileEnvelope {
    #[serde(rename = "createCustomerProfileRequest")]
    pub create_customer_profile_request: CreateCustomerProfileRequest,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateCustomerProfileRequest {
    pub merchant_authentication: MerchantAuthentication,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ref_id: Option<String>,
    pub profile: CustomerProfile,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_mode: Option<&'static str>,
}

/// customerProfileType: merchantCustomerId, description, email (customerProfileBaseType), then
/// paymentProfiles (a list: the element repeats in XML), shipToList, profileType.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerProfile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub payment_profiles: Vec<CustomerPaymentProfile>,
}

/// customerPaymentProfileType: customerType, billTo (customerPaymentProfileBaseType), then
/// payment, driversLicense, taxId, defaultPaymentProfile, ...
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerPaymentProfile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_to: Option<BillTo>,
    pub payment: Payment,
}

/// `{"createCustomerPaymentProfileRequest": {merchantAuthentication, refId?, customerProfileId,
/// paymentProfile, validationMode?}}`
#[derive(Serialize)]
pub struct CreateCustomerPaymentProfileEnvelope {
    #[serde(rename = "createCustomerPaymentProfileRequest")]
    pub create_customer_payment_profile_request: CreateCustomerPaymentProfileRequest,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateCustomerPaymentProfileRequest {
    pub merchant_authentication: MerchantAuthentication,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ref_id: Option<String>,
    pub customer_profile_id: String,
    pub payment_profile: CustomerPaymentProfile,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_mode: Option<&'static str>,
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
    let phone_number = customer.and_then(|c| non_empty(&c.phone, 25));
    match (ship_to(address), phone_number) {
        (None, None) => None,
        (name_and_address, phone_number) => Some(BillTo { name_and_address: name_and_address.unwrap_or_default(), phone_number }),
    }
}

fn ship_to(address: Option<&Address>) -> Option<NameAndAddress> {
    let a = address.cloned().unwrap_or_default();
    let line = [a.line1.as_deref(), a.line2.as_deref(), a.line3.as_deref()]
        .iter()
        .flatten()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let n = NameAndAddress {
        first_name: non_empty(&a.first_name, 50),
        last_name: non_empty(&a.last_name, 50),
        address: if line.is_empty() { None } else { Some(cut(&line, 60)) },
        city: non_empty(&a.city, 40),
        state: non_empty(&a.state, 40),
        zip: non_empty(&a.postal_code, 20),
        country: non_empty(&a.country, 60),
    };
    let empty = n.first_name.is_none()
        && n.last_name.is_none()
        && n.address.is_none()
        && n.city.is_none()
        && n.state.is_none()
        && n.zip.is_none()
        && n.country.is_none();
    (!empty).then_some(n)
}

/// An Authorize.Net id (transId, customerProfileId, customerPaymentProfileId): digits only;
/// anything else is refused before it is sent.
pub fn numeric_id(id: &str, field: &str, what: &str) -> Result<String, SidecarError> {
    let id = crate::protocol::required(id, field)?;
    if !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SidecarError::invalid_field(field, format!("an Authorize.Net {what} is digits only")));
    }
    Ok(id.to_string())
}

/// The payment element of a request: a card (creditCardType) or an Accept.js payment nonce
/// (opaqueData), which Authorize.Net takes wherever it takes a card, customer profiles included.
pub fn payment_of(method: &PaymentMethod) -> Result<Payment, SidecarError> {
    let opaque = |descriptor: &'static str, value: String| Payment::OpaqueData(OpaqueData { data_descriptor: descriptor, data_value: value });
    match method {
        PaymentMethod::Card(c) => Ok(card_payment(c)),
        PaymentMethod::Token(t) => Ok(opaque(ACCEPT_JS_DESCRIPTOR, t.value.expose().trim().to_string())),
        PaymentMethod::NetworkToken(t) => Ok(Payment::CreditCard(CreditCard {
            card_number: t.number.expose().to_string(),
            expiration_date: format!("{}-{}", t.exp_year, t.exp_month),
            card_code: None,
            is_payment_token: Some("true"),
            cryptogram: Some(t.cryptogram.expose().to_string()),
            token_requestor_id: t.token_requestor_id.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string),
        })),
        PaymentMethod::ApplePay(a) => Ok(match a.token("request.paymentMethod.applePay")? {
            // paymentData is already base64, as Authorize.Net's dataValue wants it.
            WalletToken::Encrypted(data) => opaque(payment_methods::APPLE_PAY_DESCRIPTOR, data.expose().trim().to_string()),
            WalletToken::Decrypted(d) => decrypted_wallet(d),
        }),
        PaymentMethod::GooglePay(g) => Ok(match g.wallet_token("request.paymentMethod.googlePay")? {
            WalletToken::Encrypted(token) => opaque(payment_methods::GOOGLE_PAY_DESCRIPTOR, base64_encode(token.expose().trim().as_bytes())),
            WalletToken::Decrypted(d) => decrypted_wallet(d),
        }),
        PaymentMethod::BankDebit(d) if d.method == BankDebitMethod::Ach => {
            let name = d.account_holder_name.trim();
            if name.chars().count() > MAX_NAME_ON_ACCOUNT {
                return Err(SidecarError::invalid_field(
                    "request.paymentMethod.bankDebit.accountHolderName",
                    format!("Authorize.Net's nameOnAccount takes at most {MAX_NAME_ON_ACCOUNT} characters, got {}", name.chars().count()),
                ));
            }
            Ok(Payment::BankAccount(BankAccount {
                account_type: match d.account_type.unwrap_or_default() {
                    BankAccountType::Checking => "checking",
                    BankAccountType::Savings => "savings",
                },
                routing_number: d.routing_number.clone().unwrap_or_default(),
                account_number: d.account_number.as_ref().map(|n| n.expose().to_string()).unwrap_or_default(),
                name_on_account: name.to_string(),
                echeck_type: "WEB",
            }))
        }
        other => Err(SidecarError::payment_method_not_supported(&format!(
            "Authorize.Net does not take `{}` through this API",
            other.type_name()
        ))),
    }
}

/// A wallet token the merchant decrypted: its device account number as a payment token card.
fn decrypted_wallet(d: &DecryptedWalletCard) -> Payment {
    Payment::CreditCard(CreditCard {
        card_number: d.number.expose().to_string(),
        expiration_date: format!("{}-{}", d.exp_year, d.exp_month),
        card_code: None,
        is_payment_token: Some("true"),
        cryptogram: d.cryptogram.as_ref().map(|c| c.expose().to_string()),
        token_requestor_id: None,
    })
}

/// creditCardType of a card: the number, the expiry as `YYYY-MM`, the card code.
fn card_payment(card: &Card) -> Payment {
    Payment::CreditCard(CreditCard {
        card_number: card.number.expose().to_string(),
        expiration_date: format!("{}-{}", card.exp_year, card.exp_month),
        card_code: card.cvc.as_ref().map(|c| c.expose().to_string()),
        is_payment_token: None,
        cryptogram: None,
        token_requestor_id: None,
    })
}

/// The merchant's own customer fields of a customer profile (customerProfileBaseType):
/// `merchantCustomerId` = `customer.id` (≤ 20, refused when longer: it is a reference),
/// `description` = the request's description or else the customer's name (≤ 255, free text),
/// `email` (≤ 255). Authorize.Net requires at least one of them ("E00041 One or more fields in
/// the profile must contain a value"), so none is refused here, naming `customer.id`.
fn profile_fields(customer: Option<&Customer>, description: Option<&str>) -> Result<CustomerProfile, SidecarError> {
    let merchant_customer_id = match customer.and_then(|c| c.id.as_deref()).map(str::trim).filter(|i| !i.is_empty()) {
        Some(id) => Some(reference(id, MAX_MERCHANT_CUSTOMER_ID, "request.customer.id")?),
        None => None,
    };
    let description = non_empty(&description.map(str::to_string), 255).or_else(|| non_empty(&customer.and_then(|c| c.name.clone()), 255));
    let email = non_empty(&customer.and_then(|c| c.email.clone()), 255);
    if merchant_customer_id.is_none() && description.is_none() && email.is_none() {
        return Err(SidecarError::missing_field(
            "request.customer.id",
            "an Authorize.Net customer profile needs at least one of merchantCustomerId (customer.id), description \
             (description or customer.name) and email (customer.email)",
        ));
    }
    Ok(CustomerProfile { merchant_customer_id, description, email, payment_profiles: vec![] })
}

/// createCustomer: a customer profile without payment profiles.
pub fn customer_profile(r: &CreateCustomerRequest) -> Result<CustomerProfile, SidecarError> {
    profile_fields(Some(&r.customer), r.description.as_deref())
}

/// setupMandate's `validationMode`: how Authorize.Net checks the card it saves.
/// - `liveMode` (the default): a zero-value authorization (USD 0.01 where the processor takes no
///   zero amount) that Authorize.Net voids at once. The issuer sees the card, a declined card is
///   not saved, and under the card-on-file rules this validation is the first (customer-initiated)
///   transaction of the stored credential, so later merchant-initiated payments can refer to it.
/// - `testMode`: field and Luhn checks only; nothing reaches the issuer.
/// - `none`: no check at all.
/// `request.state.validationMode` chooses another one (the place the protocol gives a connector's
/// own options, as Adyen's `state.recurringProcessingModel`).
pub fn validation_mode(state: &ConnectorState) -> Result<&'static str, SidecarError> {
    match state.get(STATE_VALIDATION_MODE).map(|m| m.trim()) {
        None | Some("liveMode") => Ok("liveMode"),
        Some("testMode") => Ok("testMode"),
        Some("none") => Ok("none"),
        Some(_) => Err(SidecarError::invalid_field(
            "request.state.validationMode",
            "Authorize.Net's validationMode is liveMode, testMode or none".into(),
        )),
    }
}

/// What setupMandate sends: a new customer profile with the card as its payment profile, or the
/// card as a new payment profile under the customer profile the caller names.
pub enum SetupMandate {
    NewProfile { profile: CustomerProfile, validation_mode: &'static str },
    AddToProfile { customer_profile_id: String, payment_profile: CustomerPaymentProfile, validation_mode: &'static str },
}

impl SetupMandate {
    pub fn from_unified(r: &SetupMandateRequest) -> Result<Self, SidecarError> {
        if r.three_ds.external.is_some() || r.three_ds.mode == ThreeDsMode::Challenge {
            return Err(SidecarError::invalid_field(
                if r.three_ds.external.is_some() { "request.threeDs.external" } else { "request.threeDs.mode" },
                "Authorize.Net saves a card with a customer profile call and its own zero-value validation, which take \
                 no 3-D Secure: send threeDs with the payments instead"
                    .into(),
            ));
        }
        let payment = payment_of(&r.payment_method)?;
        if iso_exponent(&r.amount.currency).is_none() {
            return Err(SidecarError::invalid_field(
                "request.amount.currency",
                format!("`{}` is not an active ISO 4217 currency code", r.amount.currency),
            ));
        }
        if r.amount.minor_amount != 0 {
            return Err(SidecarError::invalid_field(
                "request.amount.minorAmount",
                "Authorize.Net checks a card it saves with its own zero-value authorization (validationMode liveMode) \
                 and takes no verification amount: pass minorAmount 0"
                    .into(),
            ));
        }
        let validation_mode = validation_mode(&r.state)?;
        let payment_profile =
            CustomerPaymentProfile { bill_to: bill_to(r.billing_address.as_ref(), r.customer.as_ref()), payment };
        let existing = r.customer.as_ref().and_then(|c| c.connector_customer_id.as_deref()).filter(|id| !id.trim().is_empty());
        Ok(match existing {
            Some(id) => SetupMandate::AddToProfile {
                customer_profile_id: numeric_id(id, "request.customer.connectorCustomerId", "customerProfileId")?,
                payment_profile,
                validation_mode,
            },
            None => {
                let mut profile = profile_fields(r.customer.as_ref(), r.description.as_deref())?;
                profile.payment_profiles.push(payment_profile);
                SetupMandate::NewProfile { profile, validation_mode }
            }
        })
    }
}

impl TransactionRequest {
    /// authOnlyTransaction (manual capture) or authCaptureTransaction with the card or nonce.
    pub fn authorize(r: &AuthorizeRequest) -> Result<Self, SidecarError> {
        let payment = match &r.payment_method {
            PaymentMethod::PayPal(_) => paypal::express_checkout(r)?,
            method => payment_of(method)?,
        };
        if matches!(payment, Payment::BankAccount(_)) && matches!(r.capture_method, CaptureMethod::Manual) {
            return Err(SidecarError::invalid_field(
                "request.captureMethod",
                "an Authorize.Net eCheck.Net debit is a sale (authCaptureTransaction): it has no authorization to capture \
                 later; send captureMethod automatic"
                    .into(),
            ));
        }
        let cardholder_authentication = match payment {
            Payment::BankAccount(_) if r.three_ds.external.is_some() => {
                return Err(SidecarError::invalid_field("request.threeDs.external", "3-D Secure applies to cards, not to an eCheck.Net debit".into()))
            }
            Payment::PayPal(_) if r.three_ds.external.is_some() || r.three_ds.mode == ThreeDsMode::Challenge => {
                return Err(SidecarError::invalid_field(
                    if r.three_ds.external.is_some() { "request.threeDs.external" } else { "request.threeDs.mode" },
                    "3-D Secure applies to cards: the PayPal shopper authenticates by logging in to PayPal".into(),
                ))
            }
            Payment::PayPal(_) => None,
            _ => payment_methods::cardholder_authentication(&r.three_ds)?,
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
            payment: Some(payment),
            order: Some(Order { invoice_number, description: non_empty(&r.description, 255) }),
            customer,
            bill_to: bill_to(r.billing_address.as_ref(), r.customer.as_ref()),
            ship_to: ship_to(r.shipping_address.as_ref()),
            cardholder_authentication,
            ..Default::default()
        })
    }

    /// A merchant-initiated payment on a saved card: the customer profile and its payment
    /// profile (`profile`), with the card-on-file markers of the API reference's "Charge a
    /// customer profile" example: `processingOptions.isSubsequentAuth` ("true", as text there)
    /// and, when the caller has it, `subsequentAuthInformation.originalNetworkTransId` (the
    /// scheme's id of the first, customer-initiated transaction). Without it Authorize.Net has
    /// the payment profile's own `originalNetworkTransId`, kept from the liveMode validation
    /// (getCustomerPaymentProfile shows it). `reason` (resubmission, delayedCharge,
    /// reauthorization, noShow) is for those industry-practice payments only and is not sent.
    /// The payment profile already holds the card and billing address, so neither is sent.
    pub fn repeat(r: &RepeatPaymentRequest) -> Result<Self, SidecarError> {
        let customer_profile_id = r
            .customer
            .as_ref()
            .and_then(|c| c.connector_customer_id.as_deref())
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| {
                SidecarError::missing_field(
                    "request.customer.connectorCustomerId",
                    "Authorize.Net charges a saved card through its customer profile: pass the setupMandate result's \
                     connectorCustomerId (customerProfileId) with the mandateReference (customerPaymentProfileId)",
                )
            })?;
        let customer_profile_id = numeric_id(customer_profile_id, "request.customer.connectorCustomerId", "customerProfileId")?;
        let payment_profile_id = numeric_id(&r.mandate_reference, "request.mandateReference", "customerPaymentProfileId")?;
        let invoice_number =
            reference(&r.merchant_transaction_id, MAX_INVOICE_NUMBER, "request.merchantTransactionId")?;
        let original = r.network_transaction_id.as_deref().map(str::trim).filter(|n| !n.is_empty());
        if let Some(n) = original {
            reference(n, 255, "request.networkTransactionId")?;
        }
        Ok(TransactionRequest {
            transaction_type: match r.capture_method {
                CaptureMethod::Manual => "authOnlyTransaction",
                CaptureMethod::Automatic => "authCaptureTransaction",
            },
            amount: Some(amount(&r.amount, "request.amount")?),
            currency_code: Some(r.amount.currency.clone()),
            profile: Some(ProfileToCharge { customer_profile_id, payment_profile: PaymentProfileRef { payment_profile_id } }),
            order: Some(Order { invoice_number, description: non_empty(&r.description, 255) }),
            transaction_settings: payment_methods::recurring_billing(r.recurring_type),
            processing_options: Some(ProcessingOptions { is_subsequent_auth: "true" }),
            subsequent_auth_information: original
                .map(|n| SubsequentAuthInformation { original_network_trans_id: n.to_string() }),
            ..Default::default()
        })
    }
}

/// `{"getHostedPaymentPageRequest": {merchantAuthentication, refId?, transactionRequest,
/// hostedPaymentSettings?}}` (Accept Hosted's form token).
#[derive(Serialize)]
pub struct HostedPaymentPageEnvelope {
    #[serde(rename = "getHostedPaymentPageRequest")]
    pub get_hosted_payment_page_request: HostedPaymentPageRequest,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HostedPaymentPageRequest {
    pub merchant_authentication: MerchantAuthentication,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ref_id: Option<String>,
    pub transaction_request: TransactionRequest,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hosted_payment_settings: Option<HostedPaymentSettings>,
}

/// ArrayOfSetting: `setting` repeats in XML, a list in JSON.
#[derive(Serialize)]
pub struct HostedPaymentSettings {
    pub setting: Vec<Setting>,
}

/// settingType: settingName, then settingValue (the option's own JSON, as text).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Setting {
    pub setting_name: &'static str,
    pub setting_value: String,
}

/// hostedPaymentReturnOptions' value: where the form's Continue and Cancel buttons go. The
/// receipt page is not shown: the shopper comes back to the merchant, who psyncs the payment.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReturnOptions<'a> {
    show_receipt: bool,
    url: &'a str,
    url_text: &'static str,
    cancel_url: &'a str,
    cancel_url_text: &'static str,
}

/// hostedPaymentPaymentOptions' value: which of the card and bank account forms are shown.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PaymentOptions {
    card_code_required: bool,
    show_credit_card: bool,
    show_bank_account: bool,
}

/// What the Accept Hosted form can offer, by the protocol's names: the card form, and the bank
/// account form (an eCheck.Net debit, bankDebit `ach`).
pub const HOSTED_METHODS: [&str; 2] = ["card", "ach"];

/// hostedPaymentSettings from `returnUrl` and `paymentMethodTypes`; None when neither is given
/// (the form then follows the merchant's Merchant Interface settings).
pub fn hosted_settings(return_url: Option<&str>, types: Option<&[String]>) -> Result<Option<HostedPaymentSettings>, SidecarError> {
    let mut setting = Vec::new();
    if let Some(url) = return_url {
        let value = ReturnOptions { show_receipt: false, url, url_text: "Continue", cancel_url: url, cancel_url_text: "Cancel" };
        setting.push(Setting { setting_name: "hostedPaymentReturnOptions", setting_value: to_text(&value) });
    }
    if let Some(types) = types {
        if types.is_empty() {
            return Err(SidecarError::invalid_field(
                "request.paymentMethodTypes",
                "the Accept Hosted form needs at least one of card, ach to offer; leave it out for the account's settings".into(),
            ));
        }
        for (i, t) in types.iter().enumerate() {
            if !HOSTED_METHODS.contains(&t.as_str()) {
                return Err(SidecarError::payment_method_not_supported(&format!(
                    "Authorize.Net's Accept Hosted form offers {}; `{t}` is not one of them",
                    HOSTED_METHODS.join(", ")
                ))
                .with_field(&format!("request.paymentMethodTypes[{i}]")));
            }
        }
        let card = types.iter().any(|t| t == "card");
        let value = PaymentOptions {
            // The card code (CVV) is asked for and required whenever the card form is shown.
            card_code_required: card,
            show_credit_card: card,
            show_bank_account: types.iter().any(|t| t == "ach"),
        };
        setting.push(Setting { setting_name: "hostedPaymentPaymentOptions", setting_value: to_text(&value) });
    }
    Ok((!setting.is_empty()).then_some(HostedPaymentSettings { setting }))
}

fn to_text(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("plain structs of text and booleans serialize")
}

impl TransactionRequest {
    /// The transaction the Accept Hosted form will run: authOnlyTransaction (manual capture) or
    /// authCaptureTransaction, the amount, the order's invoiceNumber, the customer and billing
    /// address to prefill; the payment itself is what the shopper types into the form.
    pub fn session(r: &CreateSessionRequest) -> Result<Self, SidecarError> {
        let invoice_number = reference(&r.merchant_transaction_id, MAX_INVOICE_NUMBER, "request.merchantTransactionId")?;
        if r.amount.minor_amount <= 0 {
            return Err(SidecarError::invalid_field(
                "request.amount.minorAmount",
                "an Accept Hosted form token is for a transaction, whose amount Authorize.Net requires above zero".into(),
            ));
        }
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
            order: Some(Order { invoice_number, description: non_empty(&r.description, 255) }),
            customer,
            bill_to: bill_to(r.billing_address.as_ref(), r.customer.as_ref()),
            ..Default::default()
        })
    }
}

//! Cybersource's request bodies (REST Payments API, `/pts/v2/...`), only the fields we send.
//! Amounts are decimal strings in the currency's ISO 4217 exponent ("10.99", JPY "500").

use super::payment_methods::{self, ConsumerAuthenticationInformation, FluidData, TokenizedCard};
use crate::kit::text::{check_ip_address, present, present_owned};
use crate::kit::card::{validate_card, CardBrand};
use crate::kit::money::{decimal_string, validate, validate_verification};
use crate::protocol::{
    Address, AuthorizeRequest, BrowserInfo, CaptureMethod, Card, CardNumber, CreateCustomerRequest, Customer, Money,
    BankAccountType, BankDebitMethod, PaymentMethod, ProcessorToken, RepeatPaymentRequest, SetupMandateRequest, SidecarError,
    ThreeDs, ThreeDsMode,
};
use super::payer_auth::PayerAuthentication;
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

    /// A card verification's amount: zero is allowed (Cybersource's zero amount authorization
    /// checks the card without holding funds), anything else as for a payment.
    pub fn verification(money: &Money, field: &str) -> Result<Self, SidecarError> {
        let exponent = validate_verification(money, field)?;
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
    /// `["TOKEN_CREATE"]`: save the card in the Token Management Service with this
    /// authorization (setupMandate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_list: Option<Vec<&'static str>>,
    /// Which TMS tokens TOKEN_CREATE makes: `customer` and `paymentInstrument`, or only
    /// `paymentInstrument` under an existing customer (`paymentInformation.customer.id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_token_types: Option<Vec<&'static str>>,
    /// true: authorize and capture in one request (a sale). Left out of an eCheck debit, which has
    /// no authorization step (the eCheck guide's debit example sends none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capture: Option<bool>,
    /// `internet`: a card-not-present e-commerce payment (the default for this kind of request,
    /// and what Cybersource documents for unscheduled credential-on-file payments too).
    pub commerce_indicator: &'static str,
    /// The digital payment solution: `001` Apple Pay, `012` Google Pay.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_solution: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_options: Option<AuthorizationOptions>,
    /// eCheck: `secCode` WEB (an internet-initiated entry, NACHA's class for a debit the shopper
    /// authorized online).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_transfer_options: Option<BankTransferOptions>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BankTransferOptions {
    pub sec_code: &'static str,
}

impl ProcessingInformation {
    fn payment(capture: bool) -> Self {
        ProcessingInformation {
            action_list: None,
            action_token_types: None,
            capture: Some(capture),
            commerce_indicator: "internet",
            payment_solution: None,
            authorization_options: None,
            bank_transfer_options: None,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct AuthorizationOptions {
    pub initiator: Initiator,
}

/// `processingInformation.authorizationOptions.initiator`: who started the payment and whether
/// it stores or uses a card on file (the card schemes' credential-on-file rules).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Initiator {
    /// `customer` (the shopper is present: setupMandate) or `merchant` (repeatPayment).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// true on the customer-initiated payment that stores the card, with the shopper's consent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_stored_on_file: Option<bool>,
    /// true on a merchant-initiated payment with a card already on file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_credential_used: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_initiated_transaction: Option<MerchantInitiatedTransaction>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantInitiatedTransaction {
    /// The kind of series (`7` subscription, `9` installment, `10` unscheduled credential on file:
    /// see payment_methods::merchant_initiated). Cybersource requires it for American Express,
    /// Discover and Mastercard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    /// The network transaction id of the customer-initiated payment that stored the card. A TMS
    /// payment instrument makes it optional (Cybersource keeps it with the token); sent when the
    /// caller has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_transaction_id: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CardInformation {
    pub number: String,
    pub expiration_month: String,
    pub expiration_year: String,
    /// The card brand's three-digit code, from the number (see `card_type`).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_code: Option<String>,
}

/// `paymentInformation.card.type`: Cybersource's card type codes (REST API field reference,
/// "Card Types": 001 Visa, 002 Mastercard, 003 American Express, 004 Discover, 005 Diners Club,
/// 007 JCB, 042 Maestro (International), 062 China UnionPay). Cybersource requires it for some
/// brands and processors, and uses it to route the card; a number of a brand we cannot tell is
/// sent without it (Cybersource then detects the brand itself).
pub fn card_type(brand: CardBrand) -> Option<&'static str> {
    match brand {
        CardBrand::Visa => Some("001"),
        CardBrand::Mastercard => Some("002"),
        CardBrand::Amex => Some("003"),
        CardBrand::Discover => Some("004"),
        CardBrand::DinersClub => Some("005"),
        CardBrand::Jcb => Some("007"),
        CardBrand::Maestro => Some("042"),
        CardBrand::UnionPay => Some("062"),
        CardBrand::Unknown => None,
    }
}

/// A TMS token named by its id (`paymentInformation.customer`, `...paymentInstrument`).
#[derive(Debug, Serialize)]
pub struct TokenId {
    pub id: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentInformation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<CardInformation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<TokenId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_instrument: Option<TokenId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokenized_card: Option<TokenizedCard>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fluid_data: Option<FluidData>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank: Option<Bank>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_type: Option<PaymentType>,
}

impl PaymentInformation {
    fn is_empty(&self) -> bool {
        self.card.is_none()
            && self.customer.is_none()
            && self.payment_instrument.is_none()
            && self.tokenized_card.is_none()
            && self.fluid_data.is_none()
            && self.bank.is_none()
    }
}

/// `paymentInformation.bank`: the US bank account an eCheck (ACH) debit draws on.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bank {
    pub account: BankAccount,
    pub routing_number: String,
}

#[derive(Debug, Serialize)]
pub struct BankAccount {
    /// `C` checking, `S` savings.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub number: String,
}

/// `paymentInformation.paymentType`: `{name: "check"}` for an eCheck debit.
#[derive(Debug, Serialize)]
pub struct PaymentType {
    pub name: &'static str,
}

/// The field reference's limit on `paymentInformation.bank.account.number`.
const MAX_BANK_ACCOUNT_NUMBER: usize = 17;

impl CardInformation {
    fn from_unified(card: &Card) -> Result<Self, SidecarError> {
        validate_card(card, "request.paymentMethod.card")?;
        Ok(CardInformation {
            number: card.number.expose().to_string(),
            expiration_month: card.exp_month.clone(),
            expiration_year: card.exp_year.clone(),
            kind: card_type(CardBrand::detect(card.number.expose())),
            security_code: card.cvc.as_ref().map(|c| c.expose().to_string()),
        })
    }
}

/// `tokenInformation`: a Flex transient token (Microform or Unified Checkout) stands for the card
/// number and security code the shopper typed into Cybersource's own fields.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenInformation {
    pub transient_token_jwt: String,
}

impl TokenInformation {
    /// A transient token is a JWT (three base64url parts joined by dots); anything else is
    /// refused here rather than by Cybersource, and the message never quotes it.
    fn from_unified(token: &ProcessorToken) -> Result<Self, SidecarError> {
        let jwt = token.value.expose().trim();
        let parts: Vec<&str> = jwt.split('.').collect();
        let base64url = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if parts.len() != 3 || !parts.iter().all(base64url) {
            return Err(SidecarError::invalid_field(
                "request.paymentMethod.token.value",
                "the Cybersource connector takes a Flex transient token (a JWT from Microform or Unified Checkout: three \
                 base64url parts joined by dots) as `token`"
                    .into(),
            ));
        }
        Ok(TokenInformation { transient_token_jwt: jwt.to_string() })
    }
}

/// What a customer-initiated payment charges: card data, a transient token standing for it, a
/// network token or a wallet token.
struct Instrument<'a> {
    card: Option<CardInformation>,
    transient: Option<TokenInformation>,
    tokenized_card: Option<TokenizedCard>,
    fluid_data: Option<FluidData>,
    payment_solution: Option<&'static str>,
    bank: Option<Bank>,
    /// The number the payment charges, when the request carries one (its brand chooses the 3-D
    /// Secure fields).
    number: Option<&'a CardNumber>,
}

fn instrument(method: &PaymentMethod) -> Result<Instrument<'_>, SidecarError> {
    let none = Instrument { card: None, transient: None, tokenized_card: None, fluid_data: None, payment_solution: None, bank: None, number: None };
    Ok(match method {
        PaymentMethod::Card(c) => Instrument { card: Some(CardInformation::from_unified(c)?), number: Some(&c.number), ..none },
        PaymentMethod::Token(t) => Instrument { transient: Some(TokenInformation::from_unified(t)?), ..none },
        PaymentMethod::NetworkToken(t) => {
            Instrument { tokenized_card: Some(TokenizedCard::network_token(t)), number: Some(&t.number), ..none }
        }
        PaymentMethod::ApplePay(a) => {
            let token = a.token("request.paymentMethod.applePay")?;
            let number = match &token {
                crate::protocol::WalletToken::Decrypted(d) => Some(&d.number),
                _ => None,
            };
            let (tokenized_card, fluid_data) = payment_methods::wallet(token, true);
            Instrument { tokenized_card, fluid_data, payment_solution: Some(payment_methods::APPLE_PAY), number, ..none }
        }
        PaymentMethod::GooglePay(g) => {
            let token = g.wallet_token("request.paymentMethod.googlePay")?;
            let number = match &token {
                crate::protocol::WalletToken::Decrypted(d) => Some(&d.number),
                _ => None,
            };
            let (tokenized_card, fluid_data) = payment_methods::wallet(token, false);
            Instrument { tokenized_card, fluid_data, payment_solution: Some(payment_methods::GOOGLE_PAY), number, ..none }
        }
        PaymentMethod::BankDebit(d) if d.method == BankDebitMethod::Ach => {
            // accountNumber and routingNumber (9 digits) are required for ach by the protocol's checks
            let number = d.account_number.as_ref().map(|n| n.expose().trim().to_string()).unwrap_or_default();
            if number.chars().count() > MAX_BANK_ACCOUNT_NUMBER || !number.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SidecarError::invalid_field(
                    "request.paymentMethod.bankDebit.accountNumber",
                    format!("Cybersource's paymentInformation.bank.account.number takes at most {MAX_BANK_ACCOUNT_NUMBER} digits"),
                ));
            }
            let kind = match d.account_type.unwrap_or_default() {
                BankAccountType::Checking => "C",
                BankAccountType::Savings => "S",
            };
            Instrument {
                bank: Some(Bank { account: BankAccount { kind, number }, routing_number: d.routing_number.clone().unwrap_or_default() }),
                ..none
            }
        }
        other => {
            return Err(SidecarError::payment_method_not_supported(&format!(
                "the Cybersource connector does not take `{}` here",
                other.type_name()
            )))
        }
    })
}

/// A TMS token id given by the caller: required and trimmed. It goes into a JSON body, not a
/// path, so no encoding is needed.
fn token_id(id: &str, field: &str) -> Result<TokenId, SidecarError> {
    Ok(TokenId { id: crate::connectors::required(id, field)?.to_string() })
}

/// The caller's Cybersource customer token (`customer.connectorCustomerId`), when given.
fn customer_token(customer: Option<&Customer>) -> Result<Option<TokenId>, SidecarError> {
    match customer.and_then(|c| c.connector_customer_id.as_deref()) {
        Some(id) => token_id(id, "request.customer.connectorCustomerId").map(Some),
        None => Ok(None),
    }
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

impl BillTo {
    /// Cybersource requires the card holder's billing name, street, city, country and email on an
    /// authorization (state and postal code too in the US and Canada). A missing one is refused
    /// here, naming it, instead of a round trip that comes back MISSING_FIELD.
    pub fn from_unified(address: Option<&Address>, customer: Option<&Customer>) -> Result<Self, SidecarError> {
        let why = "Cybersource requires the billing address (orderInformation.billTo) on a card authorization";
        let a = address.ok_or_else(|| SidecarError::missing_field("request.billingAddress", why))?;
        let need = |v: &Option<String>, field: &str| present_owned(v).ok_or_else(|| SidecarError::missing_field(field, why));
        let country = need(&a.country, "request.billingAddress.country")?.to_ascii_uppercase();
        let north_america = country == "US" || country == "CA";
        let state = present_owned(&a.state);
        let postal = present_owned(&a.postal_code);
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
        let email = customer.and_then(|c| present_owned(&c.email)).ok_or_else(|| {
            SidecarError::missing_field("request.customer.email", "Cybersource requires the card holder's email (billTo.email)")
        })?;
        Ok(BillTo {
            first_name: need(&a.first_name, "request.billingAddress.firstName")?,
            last_name: need(&a.last_name, "request.billingAddress.lastName")?,
            address1: need(&a.line1, "request.billingAddress.line1")?,
            address2: present_owned(&a.line2),
            locality: need(&a.city, "request.billingAddress.city")?,
            administrative_area: state,
            postal_code: postal,
            country,
            email,
            phone_number: customer.and_then(|c| present_owned(&c.phone)),
        })
    }
}

/// `orderInformation.shipTo`: where the goods go, for Decision Manager and the issuer's risk
/// checks. Sent when the caller gives a shipping address; Cybersource requires its country then.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShipTo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub administrative_area: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    pub country: String,
}

impl ShipTo {
    pub fn from_unified(address: Option<&Address>) -> Result<Option<Self>, SidecarError> {
        let Some(a) = address else { return Ok(None) };
        let country = present_owned(&a.country).ok_or_else(|| {
            SidecarError::missing_field(
                "request.shippingAddress.country",
                "Cybersource requires the country of a shipping address (orderInformation.shipTo.country)",
            )
        })?;
        Ok(Some(ShipTo {
            first_name: present_owned(&a.first_name),
            last_name: present_owned(&a.last_name),
            address1: present_owned(&a.line1),
            address2: present_owned(&a.line2),
            locality: present_owned(&a.city),
            administrative_area: present_owned(&a.state),
            postal_code: present_owned(&a.postal_code),
            country: country.to_ascii_uppercase(),
        }))
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderInformation {
    pub amount_details: AmountDetails,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_to: Option<BillTo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<ShipTo>,
}

/// `deviceInformation`: the shopper's device as the merchant's site saw it. The IP address feeds
/// Decision Manager's velocity and geolocation checks; the browser fields are those payer
/// authentication (3-D Secure 2) reads.
#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DeviceInformation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent_browser_value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_accept_browser_value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_browser_language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_browser_java_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_browser_java_script_enabled: Option<bool>,
    /// Cybersource takes the numbers below as strings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_browser_color_depth: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_browser_screen_height: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_browser_screen_width: Option<String>,
    /// Minutes between UTC and the browser's local time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_browser_time_difference: Option<String>,
}

impl DeviceInformation {
    /// `ipAddress` is an IPv4 or IPv6 address (at most 48 characters): anything else is refused
    /// naming the field, not sent for Cybersource to reject.
    pub fn from_unified(browser: Option<&BrowserInfo>) -> Result<Option<Self>, SidecarError> {
        let Some(b) = browser else { return Ok(None) };
        let ip_address = present_owned(&b.ip_address);
        check_ip_address(ip_address.as_deref(), "request.browserInfo.ipAddress", "Cybersource's deviceInformation.ipAddress")?;
        let device = DeviceInformation {
            ip_address,
            user_agent_browser_value: present_owned(&b.user_agent),
            http_accept_browser_value: present_owned(&b.accept_header),
            http_browser_language: present_owned(&b.language),
            http_browser_java_enabled: b.java_enabled,
            http_browser_java_script_enabled: b.javascript_enabled,
            http_browser_color_depth: b.color_depth.map(|d| d.to_string()),
            http_browser_screen_height: b.screen_height.map(|h| h.to_string()),
            http_browser_screen_width: b.screen_width.map(|w| w.to_string()),
            http_browser_time_difference: b.time_zone_offset.map(|t| t.to_string()),
        };
        let empty = serde_json::to_value(&device).map(|v| v.as_object().is_some_and(|o| o.is_empty())).unwrap_or(true);
        Ok((!empty).then_some(device))
    }
}

/// `merchantInformation.merchantDescriptor.name`: the merchant name on the card holder's
/// statement, at most 23 characters (Cybersource's REST field reference; some processors keep
/// fewer, which Cybersource cuts). A longer one is refused, not cut, so the merchant decides what
/// the shopper reads.
pub const MAX_MERCHANT_DESCRIPTOR: usize = 23;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantInformation {
    pub merchant_descriptor: MerchantDescriptor,
}

#[derive(Debug, Serialize)]
pub struct MerchantDescriptor {
    pub name: String,
}

impl MerchantInformation {
    pub fn from_unified(descriptor: Option<&String>) -> Result<Option<Self>, SidecarError> {
        let Some(name) = descriptor.map(|d| d.trim()).filter(|d| !d.is_empty()) else { return Ok(None) };
        let count = name.chars().count();
        if count > MAX_MERCHANT_DESCRIPTOR {
            return Err(SidecarError::invalid_field(
                "request.statementDescriptor",
                format!(
                    "Cybersource's merchantDescriptor.name takes at most {MAX_MERCHANT_DESCRIPTOR} characters, got {count}"
                ),
            ));
        }
        Ok(Some(MerchantInformation { merchant_descriptor: MerchantDescriptor { name: name.to_string() } }))
    }
}

/// `consumerAuthenticationInformation`: the result of an authentication done elsewhere, or the
/// fields of Cybersource's own Payer Authentication (payer_auth.rs).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Authentication {
    External(ConsumerAuthenticationInformation),
    PayerAuthentication(PayerAuthentication),
}

/// Process a Payment: `POST /pts/v2/payments`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatePayment {
    pub client_reference_information: ClientReferenceInformation,
    pub processing_information: ProcessingInformation,
    /// Absent when a transient token stands for the card.
    #[serde(skip_serializing_if = "PaymentInformation::is_empty")]
    pub payment_information: PaymentInformation,
    pub order_information: OrderInformation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_information: Option<TokenInformation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumer_authentication_information: Option<Authentication>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_information: Option<DeviceInformation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_information: Option<MerchantInformation>,
}

impl CreatePayment {
    pub fn authorize(r: &AuthorizeRequest) -> Result<Self, SidecarError> {
        if r.setup_future_usage.is_some() {
            return Err(SidecarError::invalid_field(
                "request.setupFutureUsage",
                "the Cybersource connector saves cards with setupMandate (a zero-amount authorization that creates \
                 TMS tokens), not during a payment; leave setupFutureUsage out"
                    .into(),
            ));
        }
        let i = instrument(&r.payment_method)?;
        let echeck = i.bank.is_some();
        if echeck {
            if matches!(r.capture_method, CaptureMethod::Manual) {
                return Err(SidecarError::invalid_field(
                    "request.captureMethod",
                    "a Cybersource eCheck (ACH) debit is a sale: it has no authorization to capture later; send captureMethod \
                     automatic"
                        .into(),
                ));
            }
            if r.three_ds.external.is_some() || r.three_ds.mode == ThreeDsMode::Challenge {
                return Err(SidecarError::invalid_field("request.threeDs", "3-D Secure applies to cards, not to an eCheck (ACH) debit".into()));
            }
        }
        // A challenge is Cybersource's Payer Authentication: payer_auth.rs adds its fields.
        let (consumer_authentication_information, indicator) =
            if r.three_ds.mode == ThreeDsMode::Challenge { (None, "internet") } else { authentication(&r.three_ds, i.number)? };
        let processing_information = if echeck {
            ProcessingInformation {
                capture: None,
                bank_transfer_options: Some(BankTransferOptions { sec_code: "WEB" }),
                ..ProcessingInformation::payment(true)
            }
        } else {
            ProcessingInformation {
                commerce_indicator: indicator,
                payment_solution: i.payment_solution,
                ..ProcessingInformation::payment(matches!(r.capture_method, CaptureMethod::Automatic))
            }
        };
        Ok(CreatePayment {
            client_reference_information: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            processing_information,
            payment_information: PaymentInformation {
                card: i.card,
                customer: None,
                payment_instrument: None,
                tokenized_card: i.tokenized_card,
                fluid_data: i.fluid_data,
                payment_type: echeck.then_some(PaymentType { name: "check" }),
                bank: i.bank,
            },
            order_information: OrderInformation {
                amount_details: AmountDetails::from_unified(&r.amount, "request.amount")?,
                bill_to: Some(BillTo::from_unified(r.billing_address.as_ref(), r.customer.as_ref())?),
                ship_to: ShipTo::from_unified(r.shipping_address.as_ref())?,
            },
            token_information: i.transient,
            consumer_authentication_information,
            device_information: DeviceInformation::from_unified(r.browser_info.as_ref())?,
            merchant_information: MerchantInformation::from_unified(r.statement_descriptor.as_ref())?,
        })
    }

    /// setupMandate: a customer-initiated authorization (zero amount, or the amount given,
    /// never captured) that stores the card on file and creates TMS tokens in the same call:
    /// `actionList: ["TOKEN_CREATE"]` with a customer and a payment instrument, or only a payment
    /// instrument under the customer the caller names. A subscription (`recurringType
    /// scheduled`) says so with reason 7, as the field reference asks of the customer-initiated
    /// payment that establishes it.
    pub fn setup_mandate(r: &SetupMandateRequest) -> Result<Self, SidecarError> {
        let i = instrument(&r.payment_method)?;
        let (consumer_authentication_information, indicator) = authentication(&r.three_ds, i.number)?;
        let customer = customer_token(r.customer.as_ref())?;
        let token_types = if customer.is_some() { vec!["paymentInstrument"] } else { vec!["customer", "paymentInstrument"] };
        let establishing = payment_methods::establishing_reason(r.recurring_type)
            .map(|reason| MerchantInitiatedTransaction { reason: Some(reason), previous_transaction_id: None });
        Ok(CreatePayment {
            client_reference_information: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            processing_information: ProcessingInformation {
                action_list: Some(vec!["TOKEN_CREATE"]),
                action_token_types: Some(token_types),
                commerce_indicator: indicator,
                authorization_options: Some(AuthorizationOptions {
                    initiator: Initiator {
                        kind: "customer",
                        credential_stored_on_file: Some(true),
                        stored_credential_used: None,
                        merchant_initiated_transaction: establishing,
                    },
                }),
                ..ProcessingInformation::payment(false)
            },
            payment_information: PaymentInformation {
                card: i.card,
                customer,
                payment_instrument: None,
                tokenized_card: i.tokenized_card,
                fluid_data: i.fluid_data,
                bank: None,
                payment_type: None,
            },
            order_information: OrderInformation {
                amount_details: AmountDetails::verification(&r.amount, "request.amount")?,
                bill_to: Some(BillTo::from_unified(r.billing_address.as_ref(), r.customer.as_ref())?),
                ship_to: None,
            },
            token_information: i.transient,
            consumer_authentication_information,
            device_information: DeviceInformation::from_unified(r.browser_info.as_ref())?,
            merchant_information: None,
        })
    }

    /// repeatPayment: a merchant-initiated payment on the TMS payment instrument from
    /// setupMandate, labelled with the series it belongs to (`recurringType`: reason 7 and
    /// commerce indicator `recurring` for a subscription, 9 and `install` for installments, 10
    /// and `internet` for unscheduled card-on-file). The instrument holds the card and billing
    /// address, so neither is sent.
    pub fn repeat_payment(r: &RepeatPaymentRequest) -> Result<Self, SidecarError> {
        let previous = present_owned(&r.network_transaction_id);
        let (reason, indicator) = payment_methods::merchant_initiated(r.recurring_type);
        Ok(CreatePayment {
            client_reference_information: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            processing_information: ProcessingInformation {
                commerce_indicator: indicator,
                authorization_options: Some(AuthorizationOptions {
                    initiator: Initiator {
                        kind: "merchant",
                        credential_stored_on_file: None,
                        stored_credential_used: Some(true),
                        merchant_initiated_transaction: Some(MerchantInitiatedTransaction {
                            reason: Some(reason),
                            previous_transaction_id: previous,
                        }),
                    },
                }),
                ..ProcessingInformation::payment(matches!(r.capture_method, CaptureMethod::Automatic))
            },
            payment_information: PaymentInformation {
                card: None,
                customer: customer_token(r.customer.as_ref())?,
                payment_instrument: Some(token_id(&r.mandate_reference, "request.mandateReference")?),
                tokenized_card: None,
                fluid_data: None,
                bank: None,
                payment_type: None,
            },
            order_information: OrderInformation {
                amount_details: AmountDetails::from_unified(&r.amount, "request.amount")?,
                bill_to: None,
                ship_to: None,
            },
            token_information: None,
            consumer_authentication_information: None,
            device_information: None,
            merchant_information: MerchantInformation::from_unified(r.statement_descriptor.as_ref())?,
        })
    }
}

/// The 3-D Secure fields of a customer-initiated payment and its commerce indicator (`internet`
/// without an external authentication).
fn authentication(t: &ThreeDs, number: Option<&CardNumber>) -> Result<(Option<Authentication>, &'static str), SidecarError> {
    Ok(match payment_methods::three_ds(t, number)? {
        Some((info, indicator)) => (Some(Authentication::External(info)), indicator),
        None => (None, "internet"),
    })
}

/// Create a Customer (TMS): `POST /tms/v2/customers`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateCustomer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_information: Option<BuyerInformation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_reference_information: Option<ClientReferenceInformation>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BuyerInformation {
    /// The merchant's own id for the shopper (at most 100 characters).
    #[serde(rename = "merchantCustomerID", skip_serializing_if = "Option::is_none")]
    pub merchant_customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl CreateCustomer {
    pub fn from_unified(r: &CreateCustomerRequest) -> Result<Self, SidecarError> {
        let merchant_customer_id = present_owned(&r.customer.id);
        if let Some(id) = &merchant_customer_id {
            if id.chars().count() > 100 {
                return Err(SidecarError::invalid_field(
                    "request.customer.id",
                    format!("Cybersource's buyerInformation.merchantCustomerID takes at most 100 characters, got {}", id.chars().count()),
                ));
            }
        }
        let email = present_owned(&r.customer.email);
        let buyer_information = (merchant_customer_id.is_some() || email.is_some()).then_some(BuyerInformation { merchant_customer_id, email });
        let client_reference_information = match present(&r.merchant_transaction_id) {
            Some(code) => Some(reference(code, "request.merchantTransactionId")?),
            None => None,
        };
        Ok(CreateCustomer { buyer_information, client_reference_information })
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
            order_information: OrderInformation { amount_details: AmountDetails::from_unified(money, field)?, bill_to: None, ship_to: None },
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

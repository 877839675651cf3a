//! PayPal's request bodies (Orders v2, Payments v2), written from checkout_orders_v2.json and
//! payments_payment_v2.json. Only the fields we send.

use super::mapping::currency_decimals;
use crate::kit::money::{decimal_string, minor_units_for};
use crate::protocol::{
    Address, AuthorizeRequest, Card, CaptureMethod, CaptureRequest, ConnectorState, Customer, Money, PaymentMethod,
    RefundRequest, RepeatPaymentRequest, SetupMandateRequest, SidecarError,
};
use super::payment_methods::{self as pm, AltPaySource};
use serde::Serialize;
use std::collections::BTreeMap;

/// PayPal's `money`: `value` is a decimal string with the currency's PayPal decimals.
#[derive(Debug, Serialize, PartialEq)]
pub struct PayPalMoney {
    pub currency_code: String,
    pub value: String,
}

impl PayPalMoney {
    /// Unified ISO minor units → PayPal's decimal string, exactly or refused: a currency PayPal
    /// does not take, or an amount with decimals PayPal does not take (HUF and TWD cents), is
    /// InvalidFieldValue naming `field`.
    pub fn from_unified(money: &Money, field: &str) -> Result<Self, SidecarError> {
        let decimals = currency_decimals(&money.currency).ok_or_else(|| {
            SidecarError::invalid_field(
                &format!("{field}.currency"),
                format!(
                    "PayPal does not take payments in {}; its REST API currencies are {}",
                    money.currency,
                    super::mapping::CURRENCY_DECIMALS.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        let processor_minor = minor_units_for(money, decimals, field)?;
        // `amount.value` "supports up to 15 digits preceding the decimal".
        let value = decimal_string(processor_minor, decimals);
        let whole_digits = value.split('.').next().unwrap_or("").len();
        if whole_digits > 15 {
            return Err(SidecarError::invalid_field(
                &format!("{field}.minorAmount"),
                format!("{} {} is more than PayPal's 15 digits before the decimal point", money.minor_amount, money.currency),
            ));
        }
        Ok(PayPalMoney { currency_code: money.currency.clone(), value })
    }
}

#[derive(Debug, Serialize)]
pub struct PayPalAddress {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line_1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line_2: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_area_2: Option<String>,
    /// State or province.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_area_1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    pub country_code: String,
}

impl PayPalAddress {
    /// PayPal requires `country_code` in an address; an address without one is not sent.
    fn from_unified(a: &Address) -> Option<Self> {
        let country = a.country.as_ref()?.trim().to_ascii_uppercase();
        if country.len() != 2 {
            return None;
        }
        Some(PayPalAddress {
            address_line_1: a.line1.clone(),
            address_line_2: a.line2.clone(),
            admin_area_2: a.city.clone(),
            admin_area_1: a.state.clone(),
            postal_code: a.postal_code.clone(),
            country_code: country,
        })
    }
}

/// A card as Orders v2 and Vault v3 both take it (card data: never `Debug`-printed in clear,
/// the number is only here on its way into the request body).
#[derive(Serialize)]
pub struct PayPalCard {
    pub number: String,
    /// `YYYY-MM`.
    pub expiry: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<PayPalAddress>,
    /// `attributes.verification.method`: 3-D Secure (orders only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<CardAttributes>,
    /// How a card to be saved is labelled on its first, payer-initiated payment (orders only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_credential: Option<StoredCredential>,
    /// Where the payer comes back after a 3-D Secure challenge (orders only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experience_context: Option<CardExperienceContext>,
}

#[derive(Debug, Serialize)]
pub struct CardAttributes {
    pub verification: CardVerification,
}

#[derive(Debug, Serialize)]
pub struct CardVerification {
    pub method: &'static str,
}

#[derive(Debug, Serialize)]
pub struct CardExperienceContext {
    pub return_url: String,
    pub cancel_url: String,
}

#[derive(Debug, Serialize)]
pub struct PayPalExperienceContext {
    pub return_url: String,
    pub cancel_url: String,
    /// PAY_NOW: the payer's approval is the payment (we authorize/capture right after it).
    pub user_action: &'static str,
}

#[derive(Debug, Serialize)]
pub struct PayPalWalletSource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    pub experience_context: PayPalExperienceContext,
}

impl PayPalCard {
    fn from_unified(card: &Card, billing_address: Option<&Address>) -> Self {
        PayPalCard {
            number: card.number.expose().to_string(),
            expiry: format!("{}-{}", card.exp_year.trim(), card.exp_month.trim()),
            security_code: card.cvc.as_ref().map(|c| c.expose().to_string()),
            name: card.holder_name.clone().filter(|n| !n.trim().is_empty()),
            billing_address: billing_address.and_then(PayPalAddress::from_unified),
            attributes: None,
            stored_credential: None,
            experience_context: None,
        }
    }
}

/// `payment_source.card`: the card itself, a card saved in PayPal's Vault, or a third-party
/// network token.
#[derive(Serialize)]
#[serde(untagged)]
pub enum CardSource {
    Card(PayPalCard),
    Vaulted(VaultedCard),
    NetworkToken(NetworkTokenCard),
}

/// A card paid with a network token: `card_request` with `network_token` in place of the card's
/// number and expiry (no security code: the cryptogram stands for it).
#[derive(Serialize)]
pub struct NetworkTokenCard {
    pub network_token: pm::NetworkTokenRequest,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<PayPalAddress>,
}

/// `payment_source.paypal`: the payer approves at PayPal, or a wallet saved in PayPal's Vault.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum WalletSource {
    Approve(PayPalWalletSource),
    Vaulted(VaultedWallet),
}

#[derive(Serialize)]
pub struct PaymentSource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<CardSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paypal: Option<WalletSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apple_pay: Option<pm::ApplePaySource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub google_pay: Option<pm::GooglePaySource>,
    /// An alternative payment method under its own key (`ideal`, `p24`, ...).
    #[serde(flatten)]
    pub alt_pay: BTreeMap<&'static str, AltPaySource>,
}

/// `card_stored_credential`: how a saved card is used. A merchant-initiated payment on it is
/// `MERCHANT` / `SUBSEQUENT`, chained to the first payment by the scheme's id when known.
#[derive(Debug, Serialize)]
pub struct StoredCredential {
    pub payment_initiator: &'static str,
    pub payment_type: &'static str,
    pub usage: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_network_transaction_reference: Option<NetworkTransactionReference>,
}

#[derive(Debug, Serialize)]
pub struct NetworkTransactionReference {
    pub id: String,
}

/// A saved card: its Vault payment token, never card data.
#[derive(Debug, Serialize)]
pub struct VaultedCard {
    pub vault_id: String,
    pub stored_credential: StoredCredential,
}

/// A saved PayPal wallet: its Vault payment token. PayPal charges it without the payer under the
/// billing agreement the payer approved when it was saved (usage_type MERCHANT).
#[derive(Debug, Serialize)]
pub struct VaultedWallet {
    pub vault_id: String,
}

#[derive(Debug, Serialize)]
pub struct PurchaseUnit {
    pub reference_id: String,
    pub custom_id: String,
    pub invoice_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soft_descriptor: Option<String>,
    pub amount: PayPalMoney,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Shipping>,
}

/// `shipping_detail`: who receives the goods and where (the name supports `full_name` only).
#[derive(Debug, Serialize)]
pub struct Shipping {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<ShippingName>,
    pub address: PayPalAddress,
}

#[derive(Debug, Serialize)]
pub struct ShippingName {
    pub full_name: String,
}

impl Shipping {
    /// None when the address has no country (PayPal requires `country_code`).
    fn from_unified(a: &Address) -> Result<Option<Self>, SidecarError> {
        let Some(address) = PayPalAddress::from_unified(a) else { return Ok(None) };
        let parts: Vec<&str> =
            [a.first_name.as_deref(), a.last_name.as_deref()].into_iter().flatten().map(str::trim).filter(|s| !s.is_empty()).collect();
        let name = (!parts.is_empty()).then(|| parts.join(" "));
        if let Some(n) = &name {
            // `name.full_name`: at most 300 characters.
            max_len(n, 300, "request.shippingAddress.firstName")?;
        }
        Ok(Some(Shipping { name: name.map(|full_name| ShippingName { full_name }), address }))
    }
}

/// `POST /v2/checkout/orders`.
#[derive(Serialize)]
pub struct CreateOrder {
    pub intent: &'static str,
    pub purchase_units: Vec<PurchaseUnit>,
    pub payment_source: PaymentSource,
    /// ORDER_COMPLETE_ON_PAYMENT_APPROVAL for the alternative payment methods: PayPal captures
    /// the order as soon as the payer approved at the bank (the Server SDK's OrderRequest;
    /// "When processing iDEAL payments, you don't need to capture payment for the order").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_instruction: Option<&'static str>,
}

fn max_len(value: &str, max: usize, field: &str) -> Result<(), SidecarError> {
    if value.chars().count() > max {
        return Err(SidecarError::invalid_field(field, format!("PayPal takes at most {max} characters here")));
    }
    Ok(())
}

/// `intent`: AUTHORIZE holds the money for a later capture; CAPTURE takes it at once.
pub fn intent(capture_method: CaptureMethod) -> &'static str {
    match capture_method {
        CaptureMethod::Manual => "AUTHORIZE",
        CaptureMethod::Automatic => "CAPTURE",
    }
}

impl PurchaseUnit {
    /// The order's one purchase unit: the merchant's reference in reference_id, custom_id (which
    /// webhooks carry back) and invoice_id.
    pub(super) fn new(
        merchant_transaction_id: &str,
        amount: &Money,
        description: Option<&String>,
        statement_descriptor: Option<&String>,
    ) -> Result<Self, SidecarError> {
        let amount = PayPalMoney::from_unified(amount, "request.amount")?;
        let reference = merchant_transaction_id.trim().to_string();
        // custom_id and invoice_id are 127 at most (reference_id 256): the same value goes in all three.
        max_len(&reference, 127, "request.merchantTransactionId")?;
        if let Some(d) = description {
            max_len(d, 127, "request.description")?;
        }
        if let Some(s) = statement_descriptor {
            max_len(s, 22, "request.statementDescriptor")?;
        }
        Ok(PurchaseUnit {
            reference_id: reference.clone(),
            custom_id: reference.clone(),
            invoice_id: reference,
            description: description.cloned().filter(|d| !d.trim().is_empty()),
            soft_descriptor: statement_descriptor.cloned().filter(|d| !d.trim().is_empty()),
            amount,
            shipping: None,
        })
    }
}

impl CreateOrder {
    pub fn from_unified(r: &AuthorizeRequest) -> Result<Self, SidecarError> {
        let mut unit = PurchaseUnit::new(&r.merchant_transaction_id, &r.amount, r.description.as_ref(), r.statement_descriptor.as_ref())?;
        unit.shipping = match &r.shipping_address {
            Some(a) => Shipping::from_unified(a)?,
            None => None,
        };
        let return_url = r.return_url.as_deref().map(str::trim).filter(|u| !u.is_empty());
        let mut processing_instruction = None;
        let mut intent = intent(r.capture_method);
        let mut payment_source = PaymentSource { card: None, paypal: None, apple_pay: None, google_pay: None, alt_pay: BTreeMap::new() };
        let asks_three_ds = r.three_ds.external.is_some() || r.three_ds.mode != crate::protocol::ThreeDsMode::Auto;
        if matches!(r.payment_method, PaymentMethod::NetworkToken(_)) && asks_three_ds {
            return Err(SidecarError::invalid_field(
                "request.threeDs",
                "a network token's cryptogram and ECI (eci_flag) are its authentication: PayPal's card.network_token takes no 3-D Secure with it".into(),
            ));
        }
        if !matches!(r.payment_method, PaymentMethod::Card(_)) && asks_three_ds {
            return Err(SidecarError::invalid_field(
                "request.threeDs",
                "3-D Secure applies to card payments; PayPal and the banks authenticate the payer themselves".into(),
            ));
        }
        match &r.payment_method {
            PaymentMethod::Card(card) => {
                let mut c = PayPalCard::from_unified(card, r.billing_address.as_ref());
                if let Some(method) = pm::verification_method(&r.three_ds, return_url)? {
                    c.attributes = Some(CardAttributes { verification: CardVerification { method } });
                    let url = return_url.expect("verification_method requires it").to_string();
                    c.experience_context = Some(CardExperienceContext { cancel_url: url.clone(), return_url: url });
                }
                if r.setup_future_usage == Some(crate::protocol::FutureUsage::OffSession) {
                    // The first payment of a series, the payer present (card_stored_credential:
                    // usage FIRST goes with payment_initiator CUSTOMER).
                    c.stored_credential = Some(StoredCredential {
                        payment_initiator: "CUSTOMER",
                        payment_type: pm::stored_payment_type(r.recurring_type),
                        usage: "FIRST",
                        previous_network_transaction_reference: None,
                    });
                }
                payment_source.card = Some(CardSource::Card(c));
            }
            PaymentMethod::NetworkToken(t) => {
                if r.setup_future_usage.is_some() {
                    return Err(SidecarError::invalid_field(
                        "request.setupFutureUsage",
                        "a network token stays in the merchant's own token vault and is sent again with each payment: PayPal's Vault \
                         saves cards (setupMandate with type card), which repeatPayment then charges"
                            .into(),
                    ));
                }
                payment_source.card = Some(CardSource::NetworkToken(NetworkTokenCard {
                    network_token: pm::network_token_request(t)?,
                    billing_address: r.billing_address.as_ref().and_then(PayPalAddress::from_unified),
                }));
            }
            PaymentMethod::PayPal(wallet) => {
                let return_url = return_url.map(str::to_string).ok_or_else(|| {
                    SidecarError::missing_field(
                        "request.returnUrl",
                        "the payer approves a PayPal payment on PayPal's site and comes back to returnUrl (also used as \
                         cancel_url, with PayPal's own query telling the two apart)",
                    )
                })?;
                payment_source.paypal = Some(WalletSource::Approve(PayPalWalletSource {
                    email_address: wallet
                        .email
                        .clone()
                        .or_else(|| r.customer.as_ref().and_then(|c| c.email.clone()))
                        .filter(|e| !e.trim().is_empty()),
                    experience_context: PayPalExperienceContext { cancel_url: return_url.clone(), return_url, user_action: "PAY_NOW" },
                }));
            }
            PaymentMethod::BankRedirect(b) => {
                if r.capture_method == CaptureMethod::Manual {
                    return Err(SidecarError::invalid_field(
                        "request.captureMethod",
                        "PayPal captures a bank payment as soon as the payer approves it (intent CAPTURE): it cannot be held for a later capture".into(),
                    ));
                }
                let language = r.browser_info.as_ref().and_then(|b| b.language.as_deref());
                let (key, source) = pm::alt_pay_source(b, r.customer.as_ref(), r.billing_address.as_ref(), return_url, language)?;
                payment_source.alt_pay.insert(key, source);
                intent = "CAPTURE";
                processing_instruction = Some("ORDER_COMPLETE_ON_PAYMENT_APPROVAL");
            }
            PaymentMethod::ApplePay(a) => payment_source.apple_pay = Some(pm::apple_pay_source(a, &r.amount)?),
            PaymentMethod::GooglePay(g) => payment_source.google_pay = Some(pm::google_pay_source(g)?),
            other => {
                return Err(SidecarError::payment_method_not_supported(&format!(
                    "PayPal takes card, networkToken, paypal, applePay, googlePay and bankRedirect payment methods, not {}",
                    other.type_name()
                )))
            }
        }
        Ok(CreateOrder { intent, purchase_units: vec![unit], payment_source, processing_instruction })
    }

    /// repeatPayment: an order on a Vault payment token, merchant-initiated. `source` is what was
    /// saved (`card` or `paypal`, from the setupMandate result's state).
    pub fn from_repeat(r: &RepeatPaymentRequest, source: VaultedSource) -> Result<Self, SidecarError> {
        let unit = PurchaseUnit::new(&r.merchant_transaction_id, &r.amount, r.description.as_ref(), r.statement_descriptor.as_ref())?;
        let vault_id = vault_id(&r.mandate_reference, "request.mandateReference")?;
        let payment_source = match source {
            VaultedSource::Card => {
                let previous = match r.network_transaction_id.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                    Some(id) => {
                        // network_transaction_reference.id: 9 to 36 characters.
                        if !(9..=36).contains(&id.len()) {
                            return Err(SidecarError::invalid_field(
                                "request.networkTransactionId",
                                "PayPal takes a scheme transaction id of 9 to 36 characters".into(),
                            ));
                        }
                        Some(NetworkTransactionReference { id: id.to_string() })
                    }
                    None => None,
                };
                PaymentSource {
                    card: Some(CardSource::Vaulted(VaultedCard {
                        vault_id,
                        stored_credential: StoredCredential {
                            payment_initiator: "MERCHANT",
                            payment_type: stored_payment_type(r.state.as_ref(), r.recurring_type)?,
                            usage: "SUBSEQUENT",
                            previous_network_transaction_reference: previous,
                        },
                    })),
                    paypal: None,
                    apple_pay: None,
                    google_pay: None,
                    alt_pay: BTreeMap::new(),
                }
            }
            VaultedSource::PayPal => {
                PaymentSource { card: None, paypal: Some(WalletSource::Vaulted(VaultedWallet { vault_id })), apple_pay: None, google_pay: None, alt_pay: BTreeMap::new() }
            }
        };
        Ok(CreateOrder { intent: intent(r.capture_method), purchase_units: vec![unit], payment_source, processing_instruction: None })
    }
}

/// What a Vault payment token holds: the `payment_source` key an order on it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VaultedSource {
    Card,
    PayPal,
}

impl VaultedSource {
    pub fn as_str(self) -> &'static str {
        match self {
            VaultedSource::Card => "card",
            VaultedSource::PayPal => "paypal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "card" => Some(VaultedSource::Card),
            "paypal" => Some(VaultedSource::PayPal),
            _ => None,
        }
    }
}

/// `request.state` key choosing `stored_credential.payment_type` of a merchant-initiated card
/// payment: RECURRING (a fixed schedule) or UNSCHEDULED (top-ups, usage billing). Without it,
/// `recurringType` decides (scheduled and installment RECURRING, unscheduled UNSCHEDULED).
pub const STATE_PAYMENT_TYPE: &str = "paypalPaymentType";

fn stored_payment_type(state: Option<&ConnectorState>, recurring: crate::protocol::RecurringType) -> Result<&'static str, SidecarError> {
    match state.and_then(|s| s.get(STATE_PAYMENT_TYPE)).map(|s| s.trim()) {
        None | Some("") => Ok(pm::stored_payment_type(recurring)),
        Some("UNSCHEDULED") => Ok("UNSCHEDULED"),
        Some("RECURRING") => Ok("RECURRING"),
        // ONE_TIME is for payments the payer starts, never a merchant-initiated one.
        Some(_) => Err(SidecarError::invalid_field(
            &format!("request.state.{STATE_PAYMENT_TYPE}"),
            "a merchant-initiated payment on a saved card is RECURRING or UNSCHEDULED".into(),
        )),
    }
}

/// A Vault id: 1 to 36 of `[0-9a-zA-Z_-]` (the spec's `vault_id`); anything else is not one.
fn vault_id(id: &str, field: &str) -> Result<String, SidecarError> {
    let id = crate::protocol::required(id, field)?;
    if id.len() > 36 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(SidecarError::invalid_field(field, "not a PayPal Vault id (1 to 36 letters, digits, _ or -)".into()));
    }
    Ok(id.to_string())
}

/// Vault v3 `customer`: PayPal's own id for the payer (from an earlier saved payment method), so
/// that a new one is saved under the same customer. Without it PayPal creates a customer.
#[derive(Debug, Serialize)]
pub struct VaultCustomer {
    pub id: String,
}

fn vault_customer(customer: Option<&Customer>) -> Result<Option<VaultCustomer>, SidecarError> {
    let Some(id) = customer.and_then(|c| c.connector_customer_id.as_deref()).map(str::trim).filter(|i| !i.is_empty()) else {
        return Ok(None);
    };
    // merchant_partner_customer_id: 1 to 22 of [0-9a-zA-Z_-].
    if id.len() > 22 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(SidecarError::invalid_field(
            "request.customer.connectorCustomerId",
            "not a PayPal Vault customer id (1 to 22 letters, digits, _ or -)".into(),
        ));
    }
    Ok(Some(VaultCustomer { id: id.to_string() }))
}

/// `payment_source.token` of a payment-token request: the setup token the payer approved.
#[derive(Debug, Serialize)]
pub struct SetupTokenReference {
    pub id: String,
    /// SETUP_TOKEN: today's API and the official SDK (VaultTokenRequestType); the 2024 spec
    /// lists only BILLING_AGREEMENT.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Serialize)]
pub struct PaymentTokenSource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<PayPalCard>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<SetupTokenReference>,
}

/// `POST /v3/vault/payment-tokens`: a card saved at once, or the payment token of an approved
/// setup token.
#[derive(Serialize)]
pub struct CreatePaymentToken {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<VaultCustomer>,
    pub payment_source: PaymentTokenSource,
}

impl CreatePaymentToken {
    pub fn from_card(r: &SetupMandateRequest, card: &Card) -> Result<Self, SidecarError> {
        Ok(CreatePaymentToken {
            customer: vault_customer(r.customer.as_ref())?,
            payment_source: PaymentTokenSource { card: Some(PayPalCard::from_unified(card, r.billing_address.as_ref())), token: None },
        })
    }

    pub fn from_setup_token(setup_token_id: &str) -> Result<Self, SidecarError> {
        let id = vault_id(setup_token_id, "request.connectorTransactionId")?;
        Ok(CreatePaymentToken {
            customer: None,
            payment_source: PaymentTokenSource { card: None, token: Some(SetupTokenReference { id, kind: "SETUP_TOKEN" }) },
        })
    }
}

/// `experience_context` of a wallet setup token: where the payer comes back after approving.
#[derive(Debug, Serialize)]
pub struct VaultExperienceContext {
    pub return_url: String,
    pub cancel_url: String,
}

#[derive(Debug, Serialize)]
pub struct VaultPayPalWallet {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// MERCHANT: the merchant charges the saved wallet later, without the payer.
    pub usage_type: &'static str,
    pub customer_type: &'static str,
    pub experience_context: VaultExperienceContext,
}

#[derive(Debug, Serialize)]
pub struct SetupTokenSource {
    pub paypal: VaultPayPalWallet,
}

/// `POST /v3/vault/setup-tokens` for a PayPal wallet: the payer approves at PayPal, then
/// completeAuthorize turns the setup token into a payment token.
#[derive(Debug, Serialize)]
pub struct CreateSetupToken {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<VaultCustomer>,
    pub payment_source: SetupTokenSource,
}

impl CreateSetupToken {
    pub fn for_wallet(r: &SetupMandateRequest) -> Result<Self, SidecarError> {
        let return_url = r.return_url.clone().filter(|u| !u.trim().is_empty()).ok_or_else(|| {
            SidecarError::missing_field(
                "request.returnUrl",
                "the payer approves saving a PayPal wallet on PayPal's site and comes back to returnUrl",
            )
        })?;
        let description = r.description.clone().filter(|d| !d.trim().is_empty());
        if let Some(d) = &description {
            // wallet_base.description: at most 128 of letters, digits and _'-., :;!?"
            max_len(d, 128, "request.description")?;
            if !d.chars().all(|c| c.is_ascii_alphanumeric() || "_'-., :;!?\"".contains(c)) {
                return Err(SidecarError::invalid_field(
                    "request.description",
                    "PayPal shows it on the approval page and takes only letters, digits, spaces and _'-.,:;!?\"".into(),
                ));
            }
        }
        Ok(CreateSetupToken {
            customer: vault_customer(r.customer.as_ref())?,
            payment_source: SetupTokenSource {
                paypal: VaultPayPalWallet {
                    description,
                    usage_type: "MERCHANT",
                    customer_type: "CONSUMER",
                    experience_context: VaultExperienceContext { cancel_url: return_url.clone(), return_url },
                },
            },
        })
    }
}

/// `POST /v2/payments/authorizations/{id}/capture`.
#[derive(Debug, Serialize)]
pub struct CaptureAuthorization {
    /// Left out without `amountToCapture`: "If amount is not specified, the full authorized amount
    /// is captured" (Payments v2 capture_request).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<PayPalMoney>,
    /// True releases what is left of the authorization; false keeps it for further captures.
    /// Always true: see `from_unified`.
    pub final_capture: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoice_id: Option<String>,
}

impl CaptureAuthorization {
    pub fn from_unified(r: &CaptureRequest) -> Result<Self, SidecarError> {
        let amount = r.amount_to_capture.as_ref().map(|a| PayPalMoney::from_unified(a, "request.amountToCapture")).transpose()?;
        // A unified capture is the authorization's only one: "capture part of it: the rest is
        // released" (README), as Stripe, Adyen and Square do. PayPal's Payments v2 capture says
        // `final_capture` "Set to `true` if you do not intend to capture additional payments
        // against the authorization" (default false, which would keep the rest held until the
        // authorization expires), so every capture sends true, whatever its amount; it does not
        // depend on `paymentAmount`, which a caller may not know.
        let final_capture = true;
        let invoice_id = r.merchant_capture_id.clone().filter(|i| !i.trim().is_empty());
        if let Some(i) = &invoice_id {
            max_len(i, 127, "request.merchantCaptureId")?;
        }
        Ok(CaptureAuthorization { amount, final_capture, invoice_id })
    }
}

/// `POST /v2/payments/captures/{id}/refund`.
#[derive(Debug, Serialize)]
pub struct RefundCapture {
    pub amount: PayPalMoney,
    pub invoice_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_to_payer: Option<String>,
}

impl RefundCapture {
    pub fn from_unified(r: &RefundRequest) -> Result<Self, SidecarError> {
        let amount = PayPalMoney::from_unified(&r.refund_amount, "request.refundAmount")?;
        let invoice_id = r.merchant_refund_id.trim().to_string();
        max_len(&invoice_id, 127, "request.merchantRefundId")?;
        let note_to_payer = r.reason.clone().filter(|n| !n.trim().is_empty());
        if let Some(n) = &note_to_payer {
            max_len(n, 255, "request.reason")?;
        }
        Ok(RefundCapture { amount, invoice_id, note_to_payer })
    }
}

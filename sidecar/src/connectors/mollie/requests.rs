//! Mollie's request bodies, named as its API reference names them (Create payment, Create capture,
//! Create payment refund, Create customer, Create mandate: https://docs.mollie.com/reference and
//! the OpenAPI spec vendored in oracles/mollie/specs.yaml), and the amount rule.

use super::mapping::currency_decimals;
use crate::kit::money::decimal_string;
use crate::kit::text::{present, present_owned};
use crate::protocol::{
    Address, AuthorizeRequest, BankRedirectMethod, BankTransferMethod, CaptureMethod, Customer, Money, OrderLine, PaymentMethod,
    RepeatPaymentRequest, SetupMandateRequest, SidecarError, WalletRedirectMethod, WalletToken,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// Where the merchant's reference travels: Mollie's payment has no reference field of its own, so
/// it goes into `metadata` (returned on every read of the payment).
pub const MERCHANT_TRANSACTION_ID: &str = "merchantTransactionId";
/// A refund's merchant reference, in the refund's `metadata`.
pub const MERCHANT_REFUND_ID: &str = "merchantRefundId";

/// Mollie's `amount`: `{currency, value}` with `value` a string "containing an exact monetary
/// amount in the given currency" with the currency's decimals (Multicurrency: two, ISK and JPY none).
#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub struct MollieAmount {
    pub currency: String,
    pub value: String,
}

/// The decimals Mollie uses for `currency`, or 1005 naming `field` when Mollie does not take it.
fn decimals(currency: &str, field: &str) -> Result<u8, SidecarError> {
    currency_decimals(currency).ok_or_else(|| {
        SidecarError::invalid_field(
            &format!("{field}.currency"),
            format!("Mollie does not take {currency} (its Multicurrency list: docs.mollie.com/docs/multicurrency)"),
        )
    })
}

/// A positive amount as Mollie writes it: exact, from integer minor units, never through a float.
pub fn mollie_amount(money: &Money, field: &str) -> Result<MollieAmount, SidecarError> {
    crate::kit::money::validate(money, field)?;
    let places = decimals(&money.currency, field)?;
    let minor = crate::kit::money::minor_units_for(money, places, field)?;
    Ok(MollieAmount { currency: money.currency.clone(), value: decimal_string(minor, places) })
}

/// Like [`mollie_amount`], for an amount that may be zero (a first payment that only saves a card:
/// cards take EUR 0.00, Mollie's Cards page) or negative (a discount line).
fn mollie_signed_amount(money: &Money, field: &str) -> Result<MollieAmount, SidecarError> {
    let iso = crate::kit::money::iso_exponent(&money.currency).ok_or_else(|| {
        SidecarError::invalid_field(&format!("{field}.currency"), format!("{} is not an active ISO 4217 currency", money.currency))
    })?;
    let places = decimals(&money.currency, field)?;
    // Mollie's decimals equal ISO 4217's for every currency it lists; refuse rather than rescale
    // should the two ever differ.
    if places != iso {
        return Err(SidecarError::invalid_field(
            &format!("{field}.currency"),
            format!("Mollie writes {} with {places} decimals, ISO 4217 with {iso}", money.currency),
        ));
    }
    Ok(MollieAmount { currency: money.currency.clone(), value: decimal_string(money.minor_amount, places) })
}

/// `billingAddress` / `shippingAddress` (the Payment address object).
#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct MollieAddress {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_and_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_additional: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl MollieAddress {
    fn from_unified(a: &Address, customer: Option<&Customer>) -> MollieAddress {
        let additional = [present(&a.line2), present(&a.line3)].into_iter().flatten().collect::<Vec<_>>().join(", ");
        MollieAddress {
            given_name: present_owned(&a.first_name),
            family_name: present_owned(&a.last_name),
            street_and_number: present_owned(&a.line1),
            street_additional: Some(additional).filter(|s| !s.is_empty()),
            postal_code: present_owned(&a.postal_code),
            email: customer.and_then(|c| present_owned(&c.email)),
            phone: customer.and_then(|c| present_owned(&c.phone)),
            city: present_owned(&a.city),
            region: present_owned(&a.state),
            country: present_owned(&a.country),
        }
    }
}

/// A payment line (`lines[]`): required by Mollie for Klarna.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MollieLine {
    pub description: String,
    pub quantity: u32,
    pub unit_price: MollieAmount,
    pub total_amount: MollieAmount,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_url: Option<String>,
}

fn lines(order_lines: &[OrderLine], amount: &Money) -> Result<Option<Vec<MollieLine>>, SidecarError> {
    if order_lines.is_empty() {
        return Ok(None);
    }
    let mut total: i64 = 0;
    let mut out = Vec::with_capacity(order_lines.len());
    for (i, line) in order_lines.iter().enumerate() {
        let field = format!("request.orderLines[{i}]");
        if line.unit_amount.currency != amount.currency {
            return Err(SidecarError::invalid_field(
                &format!("{field}.unitAmount.currency"),
                format!("Mollie wants every line in the payment's currency ({})", amount.currency),
            ));
        }
        let line_total = line.total_minor();
        total = total.checked_add(line_total).ok_or_else(|| SidecarError::invalid_field(&field, "the lines' total is too large".into()))?;
        out.push(MollieLine {
            description: crate::protocol::required(&line.name, &format!("{field}.name"))?.to_string(),
            quantity: line.quantity,
            unit_price: mollie_signed_amount(&line.unit_amount, &format!("{field}.unitAmount"))?,
            total_amount: mollie_signed_amount(
                &Money { minor_amount: line_total, currency: amount.currency.clone() },
                &format!("{field}.unitAmount"),
            )?,
            sku: present_owned(&line.sku),
            image_url: present_owned(&line.image_url),
            product_url: present_owned(&line.product_url),
        });
    }
    // "The sum of all totalAmount values of all order lines should be equal to the full payment amount."
    if total != amount.minor_amount {
        return Err(SidecarError::invalid_field(
            "request.orderLines",
            format!("the lines add up to {total} minor units, the payment is {} {}: Mollie wants them equal", amount.minor_amount, amount.currency),
        ));
    }
    Ok(Some(out))
}

/// Create payment (`POST /v2/payments`).
#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct MolliePaymentRequest {
    pub description: String,
    pub amount: Option<MollieAmount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apple_pay_payment_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub google_pay_payment_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capture_mode: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mandate_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<MollieAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<MollieAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<MollieLine>>,
    /// Bank transfer: the locale picks Mollie's account the shopper pays into (Create payment: locale).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<&'static str>,
    pub metadata: BTreeMap<String, String>,
}

/// What the payment method becomes in Create payment: `method` and the field that carries it.
struct Method {
    method: &'static str,
    card_token: Option<String>,
    apple_pay_payment_token: Option<String>,
    google_pay_payment_token: Option<String>,
    issuer: Option<String>,
    /// Mollie places a hold (`captureMode: manual`) only for cards and Klarna ("Place a hold for a payment").
    can_hold: bool,
    /// Apple Pay with a token needs no redirectUrl (Create payment: redirectUrl).
    needs_redirect: bool,
}

fn bank_redirect_method(m: BankRedirectMethod) -> Option<&'static str> {
    Some(match m {
        BankRedirectMethod::Ideal => "ideal",
        BankRedirectMethod::Bancontact => "bancontact",
        BankRedirectMethod::Eps => "eps",
        BankRedirectMethod::Blik => "blik",
        BankRedirectMethod::Przelewy24 => "przelewy24",
        BankRedirectMethod::Trustly => "trustly",
        BankRedirectMethod::Mybank => "mybank",
        BankRedirectMethod::Multibanco => "multibanco",
        _ => return None,
    })
}

fn wallet_redirect_method(m: WalletRedirectMethod) -> Option<&'static str> {
    Some(match m {
        WalletRedirectMethod::Mbway => "mbway",
        WalletRedirectMethod::Swish => "swish",
        WalletRedirectMethod::Twint => "twint",
        WalletRedirectMethod::Vipps => "vipps",
        WalletRedirectMethod::Mobilepay => "mobilepay",
        _ => return None,
    })
}

/// The method words the connector declares (mod.rs) are exactly those these two functions map.
pub const BANK_REDIRECT_METHODS: &[&str] = &["ideal", "bancontact", "eps", "blik", "przelewy24", "trustly", "mybank", "multibanco"];
pub const WALLET_REDIRECT_METHODS: &[&str] = &["mbway", "swish", "twint", "vipps", "mobilepay"];

fn method(pm: &PaymentMethod) -> Result<Method, SidecarError> {
    let base = |method: &'static str| Method {
        method,
        card_token: None,
        apple_pay_payment_token: None,
        google_pay_payment_token: None,
        issuer: None,
        can_hold: false,
        needs_redirect: true,
    };
    let unsupported = |what: String| SidecarError::payment_method_not_supported(&what);
    Ok(match pm {
        PaymentMethod::Token(t) => {
            if let Some(kind) = present(&t.kind) {
                if kind != "cardToken" {
                    return Err(SidecarError::invalid_field(
                        "request.paymentMethod.token.kind",
                        "Mollie takes one token kind: `cardToken` (Mollie Components' card token, tkn_...)".into(),
                    ));
                }
            }
            let value = crate::protocol::required(t.value.expose(), "request.paymentMethod.token.value")?;
            Method { card_token: Some(value.to_string()), can_hold: true, ..base("creditcard") }
        }
        PaymentMethod::ApplePay(a) => match a.token("request.paymentMethod.applePay")? {
            WalletToken::Encrypted(data) => {
                // Mollie's applePayPaymentToken is the Apple Pay Payment token object as a JSON
                // string, `{"paymentData": {...}}`; ours carries paymentData in base64.
                let payment_data = crate::kit::wallet::apple_pay_payment_data(data, "request.paymentMethod.applePay.paymentData")?;
                let token = serde_json::json!({ "paymentData": payment_data }).to_string();
                Method { apple_pay_payment_token: Some(token), can_hold: true, needs_redirect: false, ..base("applepay") }
            }
            WalletToken::Decrypted(_) => {
                return Err(unsupported(
                    "Mollie does not take a decrypted Apple Pay card: Create payment takes the encrypted token (applePayPaymentToken); give applePay.paymentData".into(),
                ))
            }
        },
        PaymentMethod::GooglePay(g) => match g.wallet_token("request.paymentMethod.googlePay")? {
            // A card payment with the PaymentMethodToken JSON as googlePayPaymentToken.
            WalletToken::Encrypted(token) => {
                Method { google_pay_payment_token: Some(token.expose().trim().to_string()), can_hold: true, ..base("creditcard") }
            }
            WalletToken::Decrypted(_) => {
                return Err(unsupported(
                    "Mollie does not take a decrypted Google Pay card: Create payment takes the encrypted token (googlePayPaymentToken); give googlePay.token".into(),
                ))
            }
        },
        PaymentMethod::BankRedirect(b) => {
            let word = bank_redirect_method(b.method)
                .ok_or_else(|| unsupported(format!("Mollie does not offer bankRedirect `{}`", b.method.as_str())))?;
            if b.blik_code.is_some() {
                return Err(SidecarError::invalid_field(
                    "request.paymentMethod.bankRedirect.blikCode",
                    "Mollie's BLIK payment asks the shopper for the code on its own page; Create payment has no field for it".into(),
                ));
            }
            Method { issuer: present_owned(&b.issuer), ..base(word) }
        }
        PaymentMethod::WalletRedirect(w) => {
            let word = wallet_redirect_method(w.method)
                .ok_or_else(|| unsupported(format!("Mollie does not offer walletRedirect `{}`", w.method.as_str())))?;
            base(word)
        }
        PaymentMethod::Bnpl(b) => match b.method {
            crate::protocol::BnplMethod::Klarna => Method { can_hold: true, ..base("klarna") },
            other => return Err(unsupported(format!("Mollie does not offer bnpl `{}`", other.as_str()))),
        },
        PaymentMethod::PayPal(_) => base("paypal"),
        // Bank transfer: a SEPA credit transfer into Mollie's own account, matched by the transfer
        // reference Mollie makes; the answer's `details` say where to pay.
        PaymentMethod::BankTransfer(t) => match t.method {
            BankTransferMethod::SepaCreditTransfer => {
                if t.bank.is_some() {
                    return Err(SidecarError::invalid_field(
                        "request.paymentMethod.bankTransfer.bank",
                        "Mollie's bank transfer is paid into Mollie's own account: Create payment takes no bank for it (the country picks the account)".into(),
                    ));
                }
                base("banktransfer")
            }
            BankTransferMethod::VirtualAccount => {
                return Err(unsupported(
                    "Mollie issues no virtual accounts: its bank transfer is a SEPA credit transfer to Mollie's account with a transfer reference (bankTransfer method sepaCreditTransfer)".into(),
                ))
            }
        },
        other => return Err(unsupported(format!("Mollie's Create payment does not take `{}`", other.type_name()))),
    })
}

/// "For bank transfer payments specifically, the locale will determine the target bank account ...
/// We have dedicated bank accounts for Belgium, Germany, and The Netherlands" (the spec's locale).
fn transfer_locale(country: Option<&str>) -> Result<Option<&'static str>, SidecarError> {
    Ok(match country {
        None => None,
        Some("NL") => Some("nl_NL"),
        Some("BE") => Some("nl_BE"),
        Some("DE") => Some("de_DE"),
        Some(other) => {
            return Err(SidecarError::invalid_field(
                "request.paymentMethod.bankTransfer.country",
                format!("Mollie has bank transfer accounts in NL, BE and DE only, not {other}: leave country out for Mollie's default account"),
            ))
        }
    })
}

fn metadata(merchant_transaction_id: &str, extra: Option<&BTreeMap<String, String>>) -> BTreeMap<String, String> {
    let mut m = extra.cloned().unwrap_or_default();
    m.insert(MERCHANT_TRANSACTION_ID.to_string(), merchant_transaction_id.to_string());
    m
}

/// Mollie requires a description ("shown to your customer on their card or bank statement when
/// possible"): the merchant's, else its order reference.
fn description(description: &Option<String>, merchant_transaction_id: &str) -> String {
    present_owned(description).unwrap_or_else(|| merchant_transaction_id.to_string())
}

fn customer_id(customer: Option<&Customer>) -> Option<String> {
    customer.and_then(|c| present_owned(&c.connector_customer_id))
}

impl MolliePaymentRequest {
    fn with_method(&mut self, m: Method, capture: CaptureMethod, return_url: &Option<String>) -> Result<(), SidecarError> {
        if capture == CaptureMethod::Manual {
            if !m.can_hold {
                return Err(SidecarError::invalid_field(
                    "request.captureMethod",
                    format!("Mollie places a hold (captureMode manual) only on card and Klarna payments, not on {}", m.method),
                ));
            }
            self.capture_mode = Some("manual");
        }
        self.redirect_url = present_owned(return_url);
        if m.needs_redirect && self.redirect_url.is_none() {
            return Err(SidecarError::missing_field(
                "request.returnUrl",
                "Mollie's Create payment requires redirectUrl: where the shopper comes back after paying (3-D Secure, the bank's page)",
            ));
        }
        self.method = Some(m.method);
        self.card_token = m.card_token;
        self.apple_pay_payment_token = m.apple_pay_payment_token;
        self.google_pay_payment_token = m.google_pay_payment_token;
        self.issuer = m.issuer;
        Ok(())
    }

    pub fn authorize(r: &AuthorizeRequest) -> Result<Self, SidecarError> {
        let mut body = MolliePaymentRequest {
            description: description(&r.description, &r.merchant_transaction_id),
            amount: Some(mollie_amount(&r.amount, "request.amount")?),
            webhook_url: present_owned(&r.webhook_url),
            billing_address: r.billing_address.as_ref().map(|a| MollieAddress::from_unified(a, r.customer.as_ref())),
            shipping_address: r.shipping_address.as_ref().map(|a| MollieAddress::from_unified(a, None)),
            lines: lines(&r.order_lines, &r.amount)?,
            metadata: metadata(&r.merchant_transaction_id, Some(&r.metadata)),
            ..Default::default()
        };
        let m = method(&r.payment_method)?;
        if m.method == "klarna" && body.lines.is_none() {
            return Err(SidecarError::missing_field("request.orderLines", "Mollie requires the order lines for Klarna"));
        }
        let bank_transfer = m.method == "banktransfer";
        body.with_method(m, r.capture_method, &r.return_url)?;
        if bank_transfer {
            if r.setup_future_usage.is_some() {
                return Err(SidecarError::invalid_field(
                    "request.setupFutureUsage",
                    "a Mollie bank transfer leaves no mandate: first payments are made by card, iDEAL, Bancontact and the other methods Mollie lists for recurring".into(),
                ));
            }
            // "If you provide the email address for a banktransfer payment, we will automatically
            // send the instructions email" (the spec's payment-address.email).
            if body.billing_address.is_none() {
                let email = r.customer.as_ref().and_then(|c| present_owned(&c.email));
                body.billing_address = email.map(|email| MollieAddress { email: Some(email), ..MollieAddress::default() });
            }
            if let PaymentMethod::BankTransfer(t) = &r.payment_method {
                body.locale = transfer_locale(t.country.as_deref())?;
            }
        }
        if r.setup_future_usage.is_some() {
            // A first payment: Mollie creates a mandate for the customer once it is paid (Recurring payments).
            body.sequence_type = Some("first");
            body.customer_id = Some(customer_id(r.customer.as_ref()).ok_or_else(|| {
                SidecarError::missing_field(
                    "request.customer.connectorCustomerId",
                    "Mollie saves a payment method as a mandate of a customer: run createCustomer first (cst_...)",
                )
            })?);
        }
        Ok(body)
    }

    /// setupMandate: a first payment (sequenceType `first`) under the customer, for card tokens and wallets.
    pub fn first(r: &SetupMandateRequest, customer: &str) -> Result<Self, SidecarError> {
        let mut body = MolliePaymentRequest {
            description: description(&r.description, &r.merchant_transaction_id),
            amount: Some(if r.amount.minor_amount == 0 {
                crate::kit::money::validate_verification(&r.amount, "request.amount")?;
                mollie_signed_amount(&r.amount, "request.amount")?
            } else {
                mollie_amount(&r.amount, "request.amount")?
            }),
            webhook_url: present_owned(&r.webhook_url),
            billing_address: r.billing_address.as_ref().map(|a| MollieAddress::from_unified(a, r.customer.as_ref())),
            metadata: metadata(&r.merchant_transaction_id, Some(&r.metadata)),
            sequence_type: Some("first"),
            customer_id: Some(customer.to_string()),
            ..Default::default()
        };
        let m = method(&r.payment_method)?;
        body.with_method(m, CaptureMethod::Automatic, &r.return_url)?;
        Ok(body)
    }

    /// repeatPayment: sequenceType `recurring` with the customer and its mandate; no shopper, no redirect.
    pub fn recurring(r: &RepeatPaymentRequest, customer: &str, mandate: &str) -> Result<Self, SidecarError> {
        let merchant = r.merchant_transaction_id.as_str();
        let capture_mode = match r.capture_method {
            CaptureMethod::Manual => Some("manual"),
            CaptureMethod::Automatic => None,
        };
        Ok(MolliePaymentRequest {
            description: description(&r.description, merchant),
            amount: Some(mollie_amount(&r.amount, "request.amount")?),
            webhook_url: present_owned(&r.webhook_url),
            sequence_type: Some("recurring"),
            customer_id: Some(customer.to_string()),
            mandate_id: Some(mandate.to_string()),
            capture_mode,
            lines: lines(&r.order_lines, &r.amount)?,
            metadata: metadata(merchant, r.metadata.as_ref()),
            ..Default::default()
        })
    }
}

/// Create capture (`POST /v2/payments/{id}/captures`): no amount captures all of it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MollieCaptureRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<MollieAmount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

/// Create payment refund (`POST /v2/payments/{id}/refunds`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MollieRefundRequest {
    pub amount: MollieAmount,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub metadata: BTreeMap<String, String>,
}

/// Create customer (`POST /v2/customers`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MollieCustomerRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

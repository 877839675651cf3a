//! Shift4's request bodies, named as its API reference and its Java SDK (`com.shift4.request`)
//! name them, built from the unified requests. https://dev.shift4.com/docs/api

use crate::kit::money::minor_units_for;
use crate::protocol::{
    Address, AuthorizeRequest, BrowserInfo, CaptureMethod, PaymentMethodType, Card, CreateCustomerRequest, Customer, ExternalThreeDs, Money, PaymentMethod,
    RecurringType, RefundRequest, RepeatPaymentRequest, SetupMandateRequest, SidecarError, ThreeDs, ThreeDsMode,
};
use crate::kit::wallet::apple_pay_payment_data;
use crate::protocol::WalletToken;
use serde::Serialize;
use std::collections::BTreeMap;

/// Shift4's `amount` is an integer (a 32-bit one in its SDKs): "the charge amount in minor units".
pub const MAX_AMOUNT: i64 = i32::MAX as i64;

/// The metadata key that carries the unified merchantTransactionId (Shift4 charges have no
/// reference field of their own); webhooks read it back.
pub const MERCHANT_TRANSACTION_ID: &str = "merchantTransactionId";
/// The metadata key of a refund's merchantRefundId.
pub const MERCHANT_REFUND_ID: &str = "merchantRefundId";

/// `amount` in the currency's minor units (ISO 4217 exponents), exact or refused.
pub fn shift4_amount(money: &Money, field: &str) -> Result<i64, SidecarError> {
    let exponent = crate::kit::money::validate(money, field)?;
    let amount = minor_units_for(money, exponent, field)?;
    if amount > MAX_AMOUNT {
        return Err(SidecarError::invalid_field(
            &format!("{field}.minorAmount"),
            format!("{} {} is too large: Shift4 takes amounts of at most {MAX_AMOUNT} minor units", money.minor_amount, money.currency),
        ));
    }
    Ok(amount)
}

fn present(s: Option<&String>) -> Option<&str> {
    s.map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// `CardRequest`: card details (the merchant must be PCI SAQ D), with the billing address on the
/// card as Shift4 keeps it. Holds card data: no `Debug`.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Shift4Card<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exp_month: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exp_year: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvc: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cardholder_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line1: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_city: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_state: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_zip: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_country: Option<String>,
}

fn full_name(a: &Address) -> Option<String> {
    match (present(a.first_name.as_ref()), present(a.last_name.as_ref())) {
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (Some(n), None) | (None, Some(n)) => Some(n.to_string()),
        (None, None) => None,
    }
}

impl<'a> Shift4Card<'a> {
    fn from_card(card: &'a Card, billing: Option<&'a Address>, customer: Option<&'a Customer>) -> Self {
        let mut out = Shift4Card {
            number: Some(card.number.expose()),
            exp_month: Some(card.exp_month.as_str()),
            exp_year: Some(card.exp_year.as_str()),
            cvc: card.cvc.as_ref().map(|c| c.expose()),
            cardholder_name: present(card.holder_name.as_ref())
                .map(str::to_string)
                .or_else(|| billing.and_then(full_name))
                .or_else(|| customer.and_then(|c| present(c.name.as_ref())).map(str::to_string)),
            ..Default::default()
        };
        if let Some(a) = billing {
            let extra: Vec<&str> = [present(a.line2.as_ref()), present(a.line3.as_ref())].into_iter().flatten().collect();
            out.address_line1 = present(a.line1.as_ref());
            out.address_line2 = (!extra.is_empty()).then(|| extra.join(", "));
            out.address_city = present(a.city.as_ref());
            out.address_state = present(a.state.as_ref());
            out.address_zip = present(a.postal_code.as_ref());
            out.address_country = present(a.country.as_ref()).map(str::to_ascii_uppercase);
        }
        out
    }
}

/// A charge's `card`: card details, or the id of a Shift4.js token or of a saved card (a string).
#[derive(Serialize)]
#[serde(untagged)]
pub enum Shift4CardParam<'a> {
    Details(Box<Shift4Card<'a>>),
    Id(&'a str),
}

fn card_param<'a>(
    method: &'a PaymentMethod,
    billing: Option<&'a Address>,
    customer: Option<&'a Customer>,
) -> Result<Shift4CardParam<'a>, SidecarError> {
    match method {
        PaymentMethod::Card(card) => Ok(Shift4CardParam::Details(Box::new(Shift4Card::from_card(card, billing, customer)))),
        PaymentMethod::Token(token) => Ok(Shift4CardParam::Id(token_id(token.value.expose())?)),
        other => Err(SidecarError::payment_method_not_supported(&format!(
            "Shift4 takes `card` and `token` (a tok_... from Shift4.js) here; `{}` is not supported",
            other.type_name()
        ))),
    }
}

/// A Shift4.js token id: `tok_` and letters or digits.
fn token_id(value: &str) -> Result<&str, SidecarError> {
    let v = value.trim();
    let ok = v.strip_prefix("tok_").is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !ok {
        return Err(SidecarError::invalid_field(
            "request.paymentMethod.token.value",
            "not a Shift4.js token (tok_... from shift4.createToken or verifyThreeDSecure)".into(),
        ));
    }
    Ok(v)
}

/// `AddressRequest`.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Shift4Address<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line1: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// `ShippingRequest`: a name and an address.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Shift4Shipping<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub address: Shift4Address<'a>,
}

impl<'a> Shift4Shipping<'a> {
    fn from_unified(a: &'a Address) -> Option<Self> {
        let extra: Vec<&str> = [present(a.line2.as_ref()), present(a.line3.as_ref())].into_iter().flatten().collect();
        let address = Shift4Address {
            line1: present(a.line1.as_ref()),
            line2: (!extra.is_empty()).then(|| extra.join(", ")),
            zip: present(a.postal_code.as_ref()),
            city: present(a.city.as_ref()),
            state: present(a.state.as_ref()),
            country: present(a.country.as_ref()).map(str::to_ascii_uppercase),
        };
        let name = full_name(a);
        let empty = address.line1.is_none()
            && address.line2.is_none()
            && address.zip.is_none()
            && address.city.is_none()
            && address.state.is_none()
            && address.country.is_none();
        (!empty || name.is_some()).then_some(Shift4Shipping { name, address })
    }
}

/// `ThreeDSecureRequest.External`: an authentication done elsewhere.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shift4ExternalThreeDs<'a> {
    pub version: &'a str,
    pub eci: &'a str,
    pub authentication_value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xid: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ds_transaction_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'a str>,
}

/// `ThreeDSecureRequest`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shift4ThreeDs<'a> {
    pub external: Shift4ExternalThreeDs<'a>,
}

fn three_ds(t: &ThreeDs) -> Result<Option<Shift4ThreeDs<'_>>, SidecarError> {
    if t.mode == ThreeDsMode::Challenge {
        return Err(SidecarError::invalid_field(
            "request.threeDs.mode",
            "Shift4 runs 3-D Secure in the shopper's browser with Shift4.js (verifyThreeDSecure) before the charge: pay with the token it returns, or pass an authentication done elsewhere as threeDs.external".into(),
        ));
    }
    let Some(e) = &t.external else { return Ok(None) };
    let status = match e.status.as_deref() {
        // The statuses Shift4's ThreeDSecureRequest takes (Y, N, A, U, R, E).
        Some(s @ ("Y" | "N" | "A" | "U" | "R")) => Some(s),
        None => None,
        Some(other) => {
            return Err(SidecarError::invalid_field(
                "request.threeDs.external.status",
                format!("Shift4 takes the transStatus Y, N, A, U or R, not {other}"),
            ))
        }
    };
    let ExternalThreeDs { version, cavv, eci, ds_transaction_id, xid, .. } = e;
    Ok(Some(Shift4ThreeDs {
        external: Shift4ExternalThreeDs {
            version,
            eci,
            authentication_value: cavv.expose(),
            xid: xid.as_deref(),
            ds_transaction_id: ds_transaction_id.as_deref(),
            status,
        },
    }))
}

/// The unified `method` words this connector sends to Shift4's Payment Methods API, with Shift4's
/// `type` for each (the Java SDK's `PaymentMethodType`). mod.rs declares the same words (a unit
/// test checks they agree).
pub const PAYMENT_METHOD_TYPES: &[(PaymentMethodType, &str, &str)] = &[
    (PaymentMethodType::BankRedirect, "ideal", "ideal"),
    (PaymentMethodType::BankRedirect, "bancontact", "bancontact"),
    (PaymentMethodType::BankRedirect, "eps", "eps"),
    (PaymentMethodType::BankRedirect, "blik", "blik"),
    (PaymentMethodType::BankRedirect, "przelewy24", "p24"),
    (PaymentMethodType::BankRedirect, "trustly", "trustly"),
    (PaymentMethodType::BankRedirect, "mybank", "mybank"),
    (PaymentMethodType::BankRedirect, "multibanco", "multibanco"),
    (PaymentMethodType::WalletRedirect, "alipay", "alipay"),
    (PaymentMethodType::WalletRedirect, "wechatPay", "wechatpay"),
    (PaymentMethodType::Voucher, "boleto", "boleto"),
];

/// `ChargeFlowRequest`.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Shift4ChargeFlow<'a> {
    pub return_url: &'a str,
}

/// `BillingRequest`: the payer as the payment method keeps it.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Shift4Billing<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Shift4Address<'a>>,
    /// The payer's tax number (Boleto: the CPF or CNPJ).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vat: Option<&'a str>,
}

/// `FraudCheckDataRequest`: the shopper's browser.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Shift4FraudCheckData<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<&'a str>,
}

/// `PaymentMethodRequest.ApplePay`: Apple's payment token (the PKPaymentToken's `paymentData`
/// object), which Shift4 decrypts.
#[derive(Serialize)]
pub struct Shift4ApplePay {
    pub token: serde_json::Value,
}

/// `PaymentMethodRequest.GooglePay`: Google's PaymentMethodToken (its JSON text), which Shift4
/// decrypts.
#[derive(Serialize)]
pub struct Shift4GooglePay<'a> {
    pub token: &'a str,
}

/// `PaymentMethodRequest`: a payment method created with the charge (`paymentMethod` of
/// `ChargeRequest` takes the object as well as a `pm_...` id). Holds wallet tokens: no `Debug`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shift4PaymentMethod<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing: Option<Shift4Billing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fraud_check_data: Option<Shift4FraudCheckData<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apple_pay: Option<Shift4ApplePay>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub google_pay: Option<Shift4GooglePay<'a>>,
}

/// A wallet's payment method: its type (the Java SDK's `PaymentMethodType` `apple_pay`,
/// `google_pay`) and its encrypted token, as Shift4 takes it. A token the
/// merchant decrypted is refused: Shift4's payment method has no field for a card and cryptogram.
fn wallet(method: &PaymentMethod) -> Result<Option<(&'static str, Option<Shift4ApplePay>, Option<Shift4GooglePay<'_>>)>, SidecarError> {
    let decrypted = |wallet: &str, key: &str, encrypted: &str| {
        SidecarError::payment_method_not_supported(&format!(
            "Shift4 takes {wallet} as the wallet's encrypted token and decrypts it itself (its payment method's {key}.token); \
             it has no field for a decrypted card and cryptogram: send {key}.{encrypted}"
        ))
        .with_field(format!("request.paymentMethod.{key}.decrypted"))
    };
    match method {
        PaymentMethod::ApplePay(a) => match a.token("request.paymentMethod.applePay")? {
            WalletToken::Encrypted(data) => {
                let token = apple_pay_payment_data(data, "request.paymentMethod.applePay.paymentData")?;
                Ok(Some(("apple_pay", Some(Shift4ApplePay { token }), None)))
            }
            WalletToken::Decrypted(_) => Err(decrypted("Apple Pay", "applePay", "paymentData")),
        },
        PaymentMethod::GooglePay(g) => match g.wallet_token("request.paymentMethod.googlePay")? {
            WalletToken::Encrypted(token) => Ok(Some(("google_pay", None, Some(Shift4GooglePay { token: token.expose().trim() })))),
            WalletToken::Decrypted(_) => Err(decrypted("Google Pay", "googlePay", "token")),
        },
        _ => Ok(None),
    }
}

/// Shift4's `type` for a unified local payment method (mod.rs's declaration refuses the others
/// before this runs).
pub fn payment_method_type(method: &PaymentMethod) -> Result<&'static str, SidecarError> {
    let kind = method.kind();
    let word = method.method_name().unwrap_or("");
    PAYMENT_METHOD_TYPES.iter().find(|(k, w, _)| *k == kind && *w == word).map(|(.., t)| *t).ok_or_else(|| {
        SidecarError::payment_method_not_supported(&format!(
            "Shift4's Payment Methods API has no {} `{word}`; it takes: {}",
            kind.as_str(),
            PAYMENT_METHOD_TYPES.iter().filter(|(k, ..)| *k == kind).map(|(_, w, _)| *w).collect::<Vec<_>>().join(", ")
        ))
        .with_field(format!("request.paymentMethod.{}.method", kind.as_str()))
    })
}

impl<'a> Shift4PaymentMethod<'a> {
    pub fn from_unified(
        method: &'a PaymentMethod,
        billing: Option<&'a Address>,
        customer: Option<&'a Customer>,
        browser: Option<&'a BrowserInfo>,
    ) -> Result<Self, SidecarError> {
        let (kind, apple_pay, google_pay) = match wallet(method)? {
            Some(w) => w,
            None => (payment_method_type(method)?, None, None),
        };
        let mut country = billing.and_then(|a| present(a.country.as_ref())).map(str::to_ascii_uppercase);
        let mut vat = None;
        match method {
            PaymentMethod::BankRedirect(b) => {
                if b.blik_code.is_some() {
                    return Err(SidecarError::invalid_field(
                        "request.paymentMethod.bankRedirect.blikCode",
                        "leave the BLIK code out: Shift4 sends the shopper to its BLIK page (flow.redirectUrl), where the shopper enters the code".into(),
                    ));
                }
                if let Some(c) = present(b.country.as_ref()) {
                    country.get_or_insert_with(|| c.to_ascii_uppercase());
                }
            }
            PaymentMethod::Voucher(v) => {
                vat = present(v.tax_id.as_ref());
                if vat.is_none() {
                    return Err(SidecarError::missing_field(
                        "request.paymentMethod.voucher.taxId",
                        "a Boleto names the payer's CPF or CNPJ (Shift4's billing.vat)",
                    ));
                }
            }
            _ => {}
        }
        let name = billing.and_then(full_name).or_else(|| customer.and_then(|c| present(c.name.as_ref())).map(str::to_string));
        let address = billing.and_then(Shift4Shipping::from_unified).map(|s| s.address);
        let address = match (address, country) {
            (Some(a), _) => Some(a),
            (None, Some(c)) => Some(Shift4Address { line1: None, line2: None, zip: None, city: None, state: None, country: Some(c) }),
            (None, None) => None,
        };
        let fraud_check_data = browser
            .map(|b| Shift4FraudCheckData { ip_address: present(b.ip_address.as_ref()), user_agent: present(b.user_agent.as_ref()) })
            .filter(|f| f.ip_address.is_some() || f.user_agent.is_some());
        let billing = Shift4Billing {
            name,
            email: customer.and_then(|c| present(c.email.as_ref())),
            phone: customer.and_then(|c| present(c.phone.as_ref())),
            address,
            vat,
        };
        let empty = billing.name.is_none() && billing.email.is_none() && billing.phone.is_none() && billing.address.is_none() && billing.vat.is_none();
        Ok(Shift4PaymentMethod { kind, billing: (!empty).then_some(billing), fraud_check_data, apple_pay, google_pay })
    }
}

/// `POST /charges` (ChargeRequest). Holds card data: no `Debug`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shift4ChargeRequest<'a> {
    pub amount: i64,
    pub currency: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<Shift4CardParam<'a>>,
    /// A payment method of the Payment Methods API, created with the charge (`PaymentMethodRequest`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<Shift4PaymentMethod<'a>>,
    /// `ChargeFlowRequest`: where Shift4 sends the shopper back after the payment method's page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow: Option<Shift4ChargeFlow<'a>>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    /// Left out for a payment method: Shift4 charges it when the shopper pays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub captured: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Shift4Shipping<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub three_d_secure: Option<Shift4ThreeDs<'a>>,
    pub metadata: BTreeMap<&'a str, &'a str>,
}

fn metadata<'a>(reference: (&'static str, &'a str), extra: &'a BTreeMap<String, String>) -> BTreeMap<&'a str, &'a str> {
    let mut m: BTreeMap<&str, &str> = extra.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    m.insert(reference.0, reference.1);
    m
}

static NO_METADATA: BTreeMap<String, String> = BTreeMap::new();

impl<'a> Shift4ChargeRequest<'a> {
    pub fn authorize(r: &'a AuthorizeRequest) -> Result<Self, SidecarError> {
        if r.setup_future_usage.is_some() {
            return Err(SidecarError::invalid_field(
                "request.setupFutureUsage",
                "Shift4 keeps cards under a customer: save the card with setupMandate (POST /customers/{id}/cards), then charge it with repeatPayment".into(),
            ));
        }
        let amount = shift4_amount(&r.amount, "request.amount")?;
        let (card, payment_method, flow, captured) = match &r.payment_method {
            PaymentMethod::Card(_) | PaymentMethod::Token(_) => (
                Some(card_param(&r.payment_method, r.billing_address.as_ref(), r.customer.as_ref())?),
                None,
                None,
                Some(r.capture_method == CaptureMethod::Automatic),
            ),
            wallet @ (PaymentMethod::ApplePay(_) | PaymentMethod::GooglePay(_)) => {
                // A card in a wallet: authorized like a card (manual capture too), with Shift4's
                // redirect back to returnUrl when the issuer asks for 3-D Secure (Google Pay PAN_ONLY).
                if r.three_ds.external.is_some() {
                    return Err(SidecarError::invalid_field(
                        "request.threeDs.external",
                        "a wallet's token carries its own authentication (Apple Pay's and Google Pay's cryptogram, or Shift4's 3-D Secure \
                         for a Google Pay card without one): Shift4's wallet payment method takes no external 3-D Secure result"
                            .into(),
                    ));
                }
                let pm = Shift4PaymentMethod::from_unified(wallet, r.billing_address.as_ref(), r.customer.as_ref(), r.browser_info.as_ref())?;
                let flow = present(r.return_url.as_ref()).map(|return_url| Shift4ChargeFlow { return_url });
                (None, Some(pm), flow, Some(r.capture_method == CaptureMethod::Automatic))
            }
            other => {
                // A method Shift4 has no type for is refused first, whatever else is asked.
                payment_method_type(other)?;
                if r.capture_method == CaptureMethod::Manual {
                    return Err(SidecarError::invalid_field(
                        "request.captureMethod",
                        format!(
                            "a {} payment pays at once when the shopper completes it on the bank's or wallet's page: there is no authorization for Shift4 to capture later (use automatic)",
                            other.type_name()
                        ),
                    ));
                }
                let return_url = present(r.return_url.as_ref()).ok_or_else(|| {
                    SidecarError::missing_field(
                        "request.returnUrl",
                        "Shift4 sends the shopper to the payment method's page and back to flow.returnUrl: give returnUrl",
                    )
                })?;
                let pm = Shift4PaymentMethod::from_unified(other, r.billing_address.as_ref(), r.customer.as_ref(), r.browser_info.as_ref())?;
                (None, Some(pm), Some(Shift4ChargeFlow { return_url }), None)
            }
        };
        // 3-D Secure is a card's: a bank or wallet authenticates the shopper on its own page (a
        // wallet's token carries its authentication).
        let three_d_secure = if payment_method.is_some() { None } else { three_ds(&r.three_ds)? };
        Ok(Shift4ChargeRequest {
            amount,
            currency: &r.amount.currency,
            description: present(r.description.as_ref()),
            customer_id: r.customer.as_ref().and_then(|c| present(c.connector_customer_id.as_ref())),
            card,
            payment_method,
            flow,
            kind: None,
            captured,
            shipping: r.shipping_address.as_ref().and_then(Shift4Shipping::from_unified),
            three_d_secure,
            metadata: metadata((MERCHANT_TRANSACTION_ID, r.merchant_transaction_id.trim()), &r.metadata),
        })
    }

    /// A merchant-initiated charge of a saved card (`card: card_...` of the customer).
    pub fn repeat(r: &'a RepeatPaymentRequest) -> Result<Self, SidecarError> {
        let customer_id = r
            .customer
            .as_ref()
            .and_then(|c| present(c.connector_customer_id.as_ref()))
            .ok_or_else(|| {
                SidecarError::missing_field(
                    "request.customer.connectorCustomerId",
                    "a Shift4 saved card is charged with its customer (setupMandate's connectorCustomerId)",
                )
            })?;
        Ok(Shift4ChargeRequest {
            amount: shift4_amount(&r.amount, "request.amount")?,
            currency: &r.amount.currency,
            description: present(r.description.as_ref()),
            customer_id: Some(customer_id),
            card: Some(Shift4CardParam::Id(saved_card_id(&r.mandate_reference)?)),
            payment_method: None,
            flow: None,
            kind: Some(match r.recurring_type {
                RecurringType::Scheduled | RecurringType::Installment => "subsequent_recurring",
                RecurringType::Unscheduled => "merchant_initiated",
            }),
            captured: Some(r.capture_method == CaptureMethod::Automatic),
            shipping: None,
            three_d_secure: None,
            metadata: metadata(
                (MERCHANT_TRANSACTION_ID, r.merchant_transaction_id.trim()),
                r.metadata.as_ref().unwrap_or(&NO_METADATA),
            ),
        })
    }
}

/// A saved card's id (`card_...`), the mandateReference setupMandate returned.
pub fn saved_card_id(value: &str) -> Result<&str, SidecarError> {
    let v = value.trim();
    let ok = v.strip_prefix("card_").is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !ok {
        return Err(SidecarError::invalid_field(
            "request.mandateReference",
            "not a Shift4 saved card (card_..., setupMandate's mandateReference)".into(),
        ));
    }
    Ok(v)
}

/// `POST /customers/{customerId}/cards`: the card details, or `{id: tok_...}` for a Shift4.js token.
pub fn save_card(r: &SetupMandateRequest) -> Result<Shift4Card<'_>, SidecarError> {
    if r.amount.minor_amount != 0 {
        return Err(SidecarError::invalid_field(
            "request.amount.minorAmount",
            "Shift4 saves a card under its customer without a payment: setupMandate takes an amount of 0".into(),
        ));
    }
    match &r.payment_method {
        PaymentMethod::Card(card) => Ok(Shift4Card::from_card(card, r.billing_address.as_ref(), r.customer.as_ref())),
        PaymentMethod::Token(token) => Ok(Shift4Card { id: Some(token_id(token.value.expose())?), ..Default::default() }),
        other => Err(SidecarError::payment_method_not_supported(&format!(
            "Shift4 saves `card` and `token` (a tok_... from Shift4.js); `{}` is not supported",
            other.type_name()
        ))),
    }
}

/// `POST /customers` (CustomerRequest).
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Shift4CustomerRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<&'static str, &'a str>,
}

impl<'a> Shift4CustomerRequest<'a> {
    pub fn from_unified(r: &'a CreateCustomerRequest) -> Self {
        let c = &r.customer;
        let mut metadata = BTreeMap::new();
        if let Some(id) = present(c.id.as_ref()) {
            metadata.insert("customerId", id);
        }
        Shift4CustomerRequest {
            email: present(c.email.as_ref()),
            phone_number: present(c.phone.as_ref()),
            description: present(r.description.as_ref()).or_else(|| present(c.name.as_ref())),
            metadata,
        }
    }
}

/// `POST /refunds` (RefundRequest). Shift4's `reason` takes `fraudulent` only; any other reason
/// goes to `metadata.reason`.
#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Shift4RefundRequest<'a> {
    pub charge_id: &'a str,
    pub amount: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    pub metadata: BTreeMap<&'a str, &'a str>,
}

impl<'a> Shift4RefundRequest<'a> {
    pub fn from_unified(r: &'a RefundRequest, charge_id: &'a str) -> Result<Self, SidecarError> {
        let mut metadata = metadata((MERCHANT_REFUND_ID, r.merchant_refund_id.trim()), r.metadata.as_ref().unwrap_or(&NO_METADATA));
        let reason = present(r.reason.as_ref());
        let fraudulent = reason.is_some_and(|s| s.eq_ignore_ascii_case("fraudulent"));
        if let (Some(text), false) = (reason, fraudulent) {
            metadata.insert("reason", text);
        }
        Ok(Shift4RefundRequest {
            charge_id,
            amount: shift4_amount(&r.refund_amount, "request.refundAmount")?,
            reason: fraudulent.then_some("fraudulent"),
            metadata,
        })
    }
}

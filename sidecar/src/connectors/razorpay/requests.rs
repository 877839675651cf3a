//! Razorpay's request bodies, named as its API reference and its Node SDK name them: Create an
//! Order (with the order's capture setting, "Configure Payment Capture Settings using Orders
//! API"), the S2S JSON V2 payment (`/v1/payments/create/json`), Capture, and Create a Normal Refund.

use crate::kit::money::{iso_exponent, require_multiple_of, validate};
use crate::kit::text::{check_ip_address, present, present_str};
use crate::protocol::{
    AuthorizeRequest, BankRedirect, BankRedirectMethod, BrowserInfo, CaptureMethod, CaptureRequest, Customer, Money, PaymentMethod,
    RefundRequest, SetupMandateRequest, SidecarError, ThreeDs, WalletRedirectMethod,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// `receipt` of an order: "Can have a maximum length of 40 characters".
pub const MAX_RECEIPT: usize = 40;
/// `email`: "The maximum length supported is 40 characters".
pub const MAX_EMAIL: usize = 40;
/// `contact`: "The maximum length supported is 15 characters, inclusive of country code".
pub const MAX_CONTACT: usize = 15;
/// `notes`: "Maximum 15 key-value pairs, 256 characters (maximum) each".
pub const MAX_NOTES: usize = 15;
pub const MAX_NOTE_LEN: usize = 256;
/// The order's manual capture window in minutes: Razorpay's default and maximum (5 days).
pub const MANUAL_EXPIRY_MINUTES: u32 = 7200;
/// The order's automatic capture window in minutes: Razorpay's minimum (12).
pub const AUTOMATIC_EXPIRY_MINUTES: u32 = 12;

/// A Razorpay `amount`: integer subunits of the currency, which are its ISO 4217 minor units
/// (paise; JPY whole; KWD, BHD, OMR thousandths), with Razorpay's rule for three-decimal
/// currencies: "you should pass the last decimal number as 0" (99.991 KD is refused, not
/// rounded).
pub fn razorpay_amount(money: &Money, field: &str) -> Result<i64, SidecarError> {
    let exponent = validate(money, field)?;
    if exponent == 3 {
        require_multiple_of(
            money,
            10,
            field,
            "Razorpay takes three-decimal currencies with the last decimal 0 (99.990, not 99.991)",
        )?;
    }
    debug_assert_eq!(iso_exponent(&money.currency), Some(exponent));
    Ok(money.minor_amount)
}

/// `notes`: the merchant's metadata, as Razorpay limits it.
pub fn notes(metadata: &BTreeMap<String, String>, field: &str) -> Result<BTreeMap<String, String>, SidecarError> {
    if metadata.len() > MAX_NOTES {
        return Err(SidecarError::invalid_field(field, format!("Razorpay takes at most {MAX_NOTES} notes")));
    }
    for (k, v) in metadata {
        if v.chars().count() > MAX_NOTE_LEN || k.chars().count() > MAX_NOTE_LEN {
            return Err(SidecarError::invalid_field(&format!("{field}.{k}"), format!("a Razorpay note is at most {MAX_NOTE_LEN} characters")));
        }
    }
    Ok(metadata.clone())
}

/// `POST /v1/orders`.
#[derive(Debug, Serialize)]
pub struct CreateOrder {
    pub amount: i64,
    pub currency: String,
    pub receipt: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
    pub payment: OrderPayment,
}

/// The order's `payment` capture setting: it overrides the account's auto-capture setting.
#[derive(Debug, Serialize)]
pub struct OrderPayment {
    /// `automatic` or `manual`.
    pub capture: &'static str,
    pub capture_options: CaptureOptions,
}

#[derive(Debug, Serialize)]
pub struct CaptureOptions {
    /// "mandatory if capture = automatic": minutes within which an authorized payment is captured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automatic_expiry_period: Option<u32>,
    /// Minutes within which a payment can be captured by hand; after it Razorpay refunds it.
    pub manual_expiry_period: u32,
    /// "mandatory": the speed of the refund of a payment never captured.
    pub refund_speed: &'static str,
}

impl CreateOrder {
    pub fn from_unified(r: &AuthorizeRequest) -> Result<Self, SidecarError> {
        let receipt = crate::connectors::required(&r.merchant_transaction_id, "request.merchantTransactionId")?;
        if receipt.chars().count() > MAX_RECEIPT {
            return Err(SidecarError::invalid_field(
                "request.merchantTransactionId",
                format!("Razorpay's order receipt is at most {MAX_RECEIPT} characters"),
            ));
        }
        let capture = match r.capture_method {
            CaptureMethod::Automatic => OrderPayment {
                capture: "automatic",
                capture_options: CaptureOptions {
                    automatic_expiry_period: Some(AUTOMATIC_EXPIRY_MINUTES),
                    manual_expiry_period: MANUAL_EXPIRY_MINUTES,
                    refund_speed: "normal",
                },
            },
            CaptureMethod::Manual => OrderPayment {
                capture: "manual",
                capture_options: CaptureOptions { automatic_expiry_period: None, manual_expiry_period: MANUAL_EXPIRY_MINUTES, refund_speed: "normal" },
            },
        };
        Ok(CreateOrder {
            amount: razorpay_amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.clone(),
            receipt: receipt.to_string(),
            notes: notes(&r.metadata, "request.metadata")?,
            payment: capture,
        })
    }
}

/// `card` of an S2S payment.
#[derive(Debug, Serialize)]
pub struct PaymentCard {
    pub number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// MM.
    pub expiry_month: String,
    /// YY.
    pub expiry_year: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvv: Option<String>,
}

/// `upi` of an S2S payment.
#[derive(Debug, Serialize)]
pub struct PaymentUpi {
    /// `collect` or `intent`.
    pub flow: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpa: Option<String>,
}

/// `authentication` of a card payment.
#[derive(Debug, Serialize)]
pub struct Authentication {
    pub authentication_channel: &'static str,
}

/// `browser` of a card payment (3-D Secure 2 device data).
#[derive(Debug, Serialize, Default)]
pub struct Browser {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub java_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub javascript_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone_offset: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color_depth: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screen_width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screen_height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// `POST /v1/payments/create/json`.
#[derive(Debug, Serialize)]
pub struct CreatePaymentJson {
    pub amount: i64,
    pub currency: String,
    pub order_id: String,
    pub email: String,
    pub contact: String,
    /// `card`, `upi`, `netbanking` or `wallet`.
    pub method: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<PaymentCard>,
    /// A saved card (`token_...`) of `customer_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upi: Option<PaymentUpi>,
    /// Netbanking: Razorpay's bank code (HDFC, ICIC, SBIN, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank: Option<String>,
    /// Wallet: Razorpay's wallet code (payzapp, mobikwik, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication: Option<Authentication>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser: Option<Browser>,
    pub ip: String,
    /// `"1"` on the authorisation payment of a recurring token (setupMandate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurring: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
}

/// What an S2S payment is made of: an authorize's fields, or a setupMandate's (the recurring
/// authorisation payment).
pub struct PaymentParts<'a> {
    pub amount: &'a Money,
    pub payment_method: &'a PaymentMethod,
    pub customer: Option<&'a Customer>,
    pub browser_info: Option<&'a BrowserInfo>,
    pub three_ds: &'a ThreeDs,
    pub return_url: &'a Option<String>,
    pub description: &'a Option<String>,
    pub metadata: &'a BTreeMap<String, String>,
}

impl<'a> PaymentParts<'a> {
    pub fn of_authorize(r: &'a AuthorizeRequest) -> Self {
        PaymentParts {
            amount: &r.amount,
            payment_method: &r.payment_method,
            customer: r.customer.as_ref(),
            browser_info: r.browser_info.as_ref(),
            three_ds: &r.three_ds,
            return_url: &r.return_url,
            description: &r.description,
            metadata: &r.metadata,
        }
    }

    pub fn of_setup_mandate(r: &'a SetupMandateRequest) -> Self {
        PaymentParts {
            amount: &r.amount,
            payment_method: &r.payment_method,
            customer: r.customer.as_ref(),
            browser_info: r.browser_info.as_ref(),
            three_ds: &r.three_ds,
            return_url: &r.return_url,
            description: &r.description,
            metadata: &r.metadata,
        }
    }
}

impl CreatePaymentJson {
    pub fn from_unified(r: &AuthorizeRequest, order_id: &str) -> Result<Self, SidecarError> {
        Self::from_parts(&PaymentParts::of_authorize(r), order_id)
    }

    pub fn from_parts(r: &PaymentParts, order_id: &str) -> Result<Self, SidecarError> {
        let customer = r.customer;
        let email = present_str(customer.and_then(|c| c.email.as_deref())).ok_or_else(|| {
            SidecarError::missing_field("request.customer.email", "Razorpay's S2S payment requires the shopper's email")
        })?;
        if email.chars().count() > MAX_EMAIL {
            return Err(SidecarError::invalid_field("request.customer.email", format!("Razorpay takes an email of at most {MAX_EMAIL} characters")));
        }
        let contact = present_str(customer.and_then(|c| c.phone.as_deref())).ok_or_else(|| {
            SidecarError::missing_field("request.customer.phone", "Razorpay's S2S payment requires the shopper's phone number (contact)")
        })?;
        if contact.chars().count() > MAX_CONTACT {
            return Err(SidecarError::invalid_field(
                "request.customer.phone",
                format!("Razorpay takes a contact of at most {MAX_CONTACT} characters, country code included"),
            ));
        }
        let browser_info = r.browser_info;
        let ip = present_str(browser_info.and_then(|b| b.ip_address.as_deref())).ok_or_else(|| {
            SidecarError::missing_field("request.browserInfo.ipAddress", "Razorpay's S2S payment requires the shopper's IP address (ip)")
        })?;
        check_ip_address(Some(ip), "request.browserInfo.ipAddress", "Razorpay's ip")?;
        if r.three_ds.external.is_some() {
            return Err(SidecarError::invalid_field(
                "request.threeDs.external",
                "Razorpay runs 3-D Secure itself (the redirect in `next`); its S2S payment takes no result of an authentication done elsewhere".into(),
            ));
        }
        let mut body = CreatePaymentJson {
            amount: razorpay_amount(r.amount, "request.amount")?,
            currency: r.amount.currency.clone(),
            order_id: order_id.to_string(),
            email: email.to_string(),
            contact: contact.to_string(),
            method: "card",
            card: None,
            token: None,
            customer_id: None,
            upi: None,
            bank: None,
            wallet: None,
            authentication: None,
            browser: None,
            ip: ip.to_string(),
            recurring: None,
            user_agent: present_str(browser_info.and_then(|b| b.user_agent.as_deref())).map(str::to_string),
            callback_url: present(r.return_url).map(str::to_string),
            description: present(r.description).map(str::to_string),
            notes: notes(r.metadata, "request.metadata")?,
        };
        match r.payment_method {
            PaymentMethod::Card(card) => {
                let year = card.exp_year.trim();
                body.card = Some(PaymentCard {
                    number: card.number.expose().to_string(),
                    name: present(&card.holder_name).map(str::to_string),
                    expiry_month: format!("{:0>2}", card.exp_month.trim()),
                    expiry_year: year[year.len().saturating_sub(2)..].to_string(),
                    cvv: card.cvc.as_ref().map(|c| c.expose().to_string()),
                });
                body.authentication = Some(Authentication { authentication_channel: "browser" });
                body.browser = Some(browser(r.browser_info));
            }
            PaymentMethod::Token(token) => {
                let value = token.value.expose().trim();
                if !value.starts_with("token_") {
                    return Err(SidecarError::invalid_field(
                        "request.paymentMethod.token.value",
                        "Razorpay takes a saved card as its token id (token_...)".into(),
                    ));
                }
                let customer_id = present_str(customer.and_then(|c| c.connector_customer_id.as_deref())).ok_or_else(|| {
                    SidecarError::missing_field(
                        "request.customer.connectorCustomerId",
                        "a Razorpay token is charged with its customer (cust_...)",
                    )
                })?;
                body.token = Some(value.to_string());
                body.customer_id = Some(customer_id.to_string());
                body.authentication = Some(Authentication { authentication_channel: "browser" });
                body.browser = Some(browser(r.browser_info));
            }
            PaymentMethod::UpiCollect(upi) => {
                let vpa = present_str(Some(upi.vpa.as_str())).ok_or_else(|| {
                    SidecarError::missing_field("request.paymentMethod.upi.vpa", "a UPI collect names the shopper's VPA")
                })?;
                body.method = "upi";
                body.upi = Some(PaymentUpi { flow: "collect", vpa: Some(vpa.to_string()) });
            }
            PaymentMethod::UpiIntent(_) => {
                body.method = "upi";
                body.upi = Some(PaymentUpi { flow: "intent", vpa: None });
            }
            PaymentMethod::BankRedirect(b) => {
                body.method = "netbanking";
                body.bank = Some(netbanking_bank(b, r.amount)?);
            }
            PaymentMethod::WalletRedirect(w) => {
                let code = wallet_code(w.method).ok_or_else(|| {
                    SidecarError::payment_method_not_supported(&format!("Razorpay has no wallet `{}`", w.method.as_str()))
                        .with_field("request.paymentMethod.walletRedirect.method")
                })?;
                body.method = "wallet";
                body.wallet = Some(code.to_string());
            }
            other => {
                // check_payment_method refuses these before the connector sees them.
                return Err(SidecarError::payment_method_not_supported(&format!("Razorpay does not take `{}`", other.type_name())));
            }
        }
        Ok(body)
    }
}

/// Razorpay's wallet codes (S2S "Payment Methods", table of wallets: PayZapp, Airtel Money,
/// MobiKwik, JioMoney, Ola Money, PhonePe, Amazon Pay; and the S2S "Wallets" page of Razorpay
/// Curlec, Malaysia: Touch 'n Go, GrabPay), by the unified `walletRedirect.method`.
pub const WALLETS: &[(WalletRedirectMethod, &str)] = &[
    (WalletRedirectMethod::Payzapp, "payzapp"),
    (WalletRedirectMethod::AirtelMoney, "airtelmoney"),
    (WalletRedirectMethod::Mobikwik, "mobikwik"),
    (WalletRedirectMethod::JioMoney, "jiomoney"),
    (WalletRedirectMethod::OlaMoney, "olamoney"),
    (WalletRedirectMethod::Phonepe, "phonepe"),
    (WalletRedirectMethod::AmazonPay, "amazonpay"),
    (WalletRedirectMethod::TouchNGo, "touchngo"),
    (WalletRedirectMethod::Grabpay, "grabpay"),
];

/// The `walletRedirect.method` words mod.rs declares: exactly the unified side of [`WALLETS`]
/// (a unit test holds them equal).
pub const WALLET_REDIRECT_METHODS: &[&str] =
    &["payzapp", "airtelMoney", "mobikwik", "jioMoney", "olaMoney", "phonepe", "amazonPay", "touchNGo", "grabpay"];

/// Razorpay's code of a unified wallet.
pub fn wallet_code(method: WalletRedirectMethod) -> Option<&'static str> {
    WALLETS.iter().find(|(m, _)| *m == method).map(|(_, code)| *code)
}

/// Netbanking's `bank`: Razorpay's bank code, given as `bankRedirect.issuer`. The codes are the
/// banks' four-letter IFSC prefixes (HDFC, ICIC, SBIN, UTIB), some with a `_R` (retail) or `_C`
/// (corporate) suffix (GET /v1/methods lists those of the account). Indian netbanking debits
/// rupees: another currency is refused here, before an order is made.
pub fn netbanking_bank(b: &BankRedirect, amount: &Money) -> Result<String, SidecarError> {
    if b.method != BankRedirectMethod::Netbanking {
        return Err(SidecarError::payment_method_not_supported(&format!(
            "Razorpay's bank redirect is Indian netbanking only, not `{}`",
            b.method.as_str()
        ))
        .with_field("request.paymentMethod.bankRedirect.method"));
    }
    if b.blik_code.is_some() {
        return Err(SidecarError::invalid_field(
            "request.paymentMethod.bankRedirect.blikCode",
            "a BLIK code has no place in a Razorpay netbanking payment".into(),
        ));
    }
    if let Some(country) = present(&b.country) {
        if country != "IN" {
            return Err(SidecarError::invalid_field(
                "request.paymentMethod.bankRedirect.country",
                "Razorpay's netbanking is through Indian banks (IN)".into(),
            ));
        }
    }
    if amount.currency != "INR" {
        return Err(SidecarError::invalid_field("request.amount.currency", "Razorpay's netbanking is paid in INR only".into()));
    }
    let issuer = present(&b.issuer).ok_or_else(|| {
        SidecarError::missing_field(
            "request.paymentMethod.bankRedirect.issuer",
            "Razorpay's netbanking names the shopper's bank by its Razorpay bank code (HDFC, ICIC, SBIN, ...)",
        )
    })?;
    let code = issuer.to_ascii_uppercase();
    let (prefix, suffix) = code.split_once('_').map_or((code.as_str(), None), |(p, s)| (p, Some(s)));
    let fits = prefix.len() == 4
        && prefix.bytes().all(|c| c.is_ascii_uppercase())
        && suffix.is_none_or(|s| (1..=2).contains(&s.len()) && s.bytes().all(|c| c.is_ascii_uppercase()));
    if !fits {
        return Err(SidecarError::invalid_field(
            "request.paymentMethod.bankRedirect.issuer",
            "not a Razorpay bank code: four letters (the bank's IFSC prefix, e.g. HDFC), optionally _R or _C".into(),
        ));
    }
    Ok(code)
}

fn browser(info: Option<&BrowserInfo>) -> Browser {
    let Some(b) = info else { return Browser::default() };
    Browser {
        java_enabled: b.java_enabled,
        javascript_enabled: b.javascript_enabled,
        timezone_offset: b.time_zone_offset,
        color_depth: b.color_depth,
        screen_width: b.screen_width,
        screen_height: b.screen_height,
        language: present(&b.language).map(|l| l.chars().take(8).collect()),
    }
}

/// `POST /v1/payments/{id}/capture`.
#[derive(Debug, Serialize)]
pub struct Capture {
    pub amount: i64,
    pub currency: String,
}

impl Capture {
    /// "Capture amount must be equal to the amount authorized": the amount is the payment's, so
    /// a smaller `amountToCapture` is refused here rather than by Razorpay.
    pub fn from_unified(r: &CaptureRequest) -> Result<Self, SidecarError> {
        let (money, field) = match (&r.amount_to_capture, &r.payment_amount) {
            (Some(capture), Some(payment)) => {
                if capture.currency != payment.currency || capture.minor_amount != payment.minor_amount {
                    return Err(SidecarError::invalid_field(
                        "request.amountToCapture.minorAmount",
                        format!(
                            "Razorpay captures only the whole authorized amount ({} {}): \"Capture amount must be equal to the amount authorized\"",
                            payment.minor_amount, payment.currency
                        ),
                    ));
                }
                (capture, "request.amountToCapture")
            }
            (Some(capture), None) => (capture, "request.amountToCapture"),
            (None, Some(payment)) => (payment, "request.paymentAmount"),
            (None, None) => {
                return Err(SidecarError::missing_field(
                    "request.amountToCapture",
                    "Razorpay's capture names the amount, which must equal the authorized amount: give amountToCapture or paymentAmount",
                ))
            }
        };
        if money.minor_amount <= 0 {
            return Err(SidecarError::invalid_field(&format!("{field}.minorAmount"), "a capture is a positive amount".into()));
        }
        Ok(Capture { amount: razorpay_amount(money, field)?, currency: money.currency.clone() })
    }
}

/// `POST /v1/payments/{id}/refund`.
#[derive(Debug, Serialize)]
pub struct CreateRefund {
    pub amount: i64,
    /// `normal`: the only speed every payment takes (instant refunds are a paid option).
    pub speed: &'static str,
    pub receipt: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
}

impl CreateRefund {
    pub fn from_unified(r: &RefundRequest) -> Result<Self, SidecarError> {
        let receipt = crate::connectors::required(&r.merchant_refund_id, "request.merchantRefundId")?;
        if receipt.chars().count() > MAX_RECEIPT {
            return Err(SidecarError::invalid_field("request.merchantRefundId", format!("Razorpay's refund receipt is at most {MAX_RECEIPT} characters")));
        }
        if r.refund_amount.minor_amount <= 0 {
            return Err(SidecarError::invalid_field("request.refundAmount.minorAmount", "a refund is a positive amount".into()));
        }
        let mut notes_in = r.metadata.clone().unwrap_or_default();
        if let Some(reason) = present(&r.reason) {
            notes_in.entry("reason".into()).or_insert_with(|| reason.to_string());
        }
        Ok(CreateRefund {
            amount: razorpay_amount(&r.refund_amount, "request.refundAmount")?,
            speed: "normal",
            receipt: receipt.to_string(),
            notes: notes(&notes_in, "request.metadata")?,
        })
    }
}

/// The refund idempotency key as Razorpay takes it: "at least 10 character long and can contain
/// alphabets, numbers, hyphens and underscores only". Refused (naming the field) otherwise: a key
/// Razorpay would reject must not silently turn into no key at all.
pub fn refund_idempotency_key(key: Option<&str>) -> Result<Option<String>, SidecarError> {
    let Some(key) = present_str(key) else { return Ok(None) };
    let fits = key.len() >= 10 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !fits {
        return Err(SidecarError::invalid_field(
            "request.idempotencyKey",
            "Razorpay's X-Refund-Idempotency key is at least 10 characters of letters, digits, '-' and '_'".into(),
        ));
    }
    Ok(Some(key.to_string()))
}

// ---------- recurring payments (customers, the token's authorisation, charges on the token) ----------

/// `POST /v1/customers` (Create a customer: the recurring token lives under it).
#[derive(Debug, Serialize)]
pub struct CreateCustomer {
    pub name: String,
    pub email: String,
    pub contact: String,
    /// `"0"`: a customer with the same details already there is answered, not refused, so a
    /// retried createCustomer makes no second one.
    pub fail_existing: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<BTreeMap<String, String>>,
}

/// The shopper's email and contact as Razorpay's payments take them (both mandatory).
pub fn email_and_contact(customer: Option<&Customer>, what: &str) -> Result<(String, String), SidecarError> {
    let email = present_str(customer.and_then(|c| c.email.as_deref()))
        .ok_or_else(|| SidecarError::missing_field("request.customer.email", &format!("{what} requires the shopper's email")))?;
    if email.chars().count() > MAX_EMAIL {
        return Err(SidecarError::invalid_field("request.customer.email", format!("Razorpay takes an email of at most {MAX_EMAIL} characters")));
    }
    let contact = present_str(customer.and_then(|c| c.phone.as_deref()))
        .ok_or_else(|| SidecarError::missing_field("request.customer.phone", &format!("{what} requires the shopper's phone number (contact)")))?;
    if contact.chars().count() > MAX_CONTACT {
        return Err(SidecarError::invalid_field(
            "request.customer.phone",
            format!("Razorpay takes a contact of at most {MAX_CONTACT} characters, country code included"),
        ));
    }
    Ok((email.to_string(), contact.to_string()))
}

impl CreateCustomer {
    pub fn from_unified(r: &crate::protocol::CreateCustomerRequest) -> Result<Self, SidecarError> {
        let name = present_str(r.customer.name.as_deref()).ok_or_else(|| {
            SidecarError::missing_field("request.customer.name", "Razorpay's Create a customer requires the customer's name")
        })?;
        let (email, contact) = email_and_contact(Some(&r.customer), "Razorpay's Create a customer")?;
        let mut notes_in = BTreeMap::new();
        if let Some(id) = present_str(r.customer.id.as_deref()) {
            notes_in.insert("merchant_customer_id".to_string(), id.to_string());
        }
        Ok(CreateCustomer {
            name: name.to_string(),
            email,
            contact,
            fail_existing: "0",
            notes: if notes_in.is_empty() { None } else { Some(notes(&notes_in, "request.customer.id")?) },
        })
    }
}

/// The `token` block of the authorisation order: what later charges on the token may do.
#[derive(Debug, Serialize)]
pub struct RecurringToken {
    /// The most one charge on the token may take, in subunits.
    pub max_amount: i64,
    /// `as_presented`: the merchant charges when it needs to (any interval), each charge at most
    /// max_amount; Razorpay's other card frequency, `monthly`, would bind the merchant to one charge a month.
    pub frequency: &'static str,
}

/// The authorisation order of a recurring card token (Recurring Payments, Cards: Create an
/// Order): `customer_id`, `method: card` and the `token` block.
#[derive(Debug, Serialize)]
pub struct AuthorisationOrder {
    pub amount: i64,
    pub currency: String,
    pub customer_id: String,
    pub method: &'static str,
    pub token: RecurringToken,
    pub receipt: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
}

/// Razorpay's recurring payments charge rupees: "Currently, we only support INR".
fn recurring_currency(money: &Money, field: &str) -> Result<(), SidecarError> {
    if money.currency != "INR" {
        return Err(SidecarError::invalid_field(
            &format!("{field}.currency"),
            "Razorpay's recurring payments are in INR only (\"Currently, we only support INR\")".into(),
        ));
    }
    Ok(())
}

/// The order's receipt: the merchant's reference, at most 40 characters.
fn receipt(merchant_transaction_id: &str) -> Result<String, SidecarError> {
    let receipt = crate::connectors::required(merchant_transaction_id, "request.merchantTransactionId")?;
    if receipt.chars().count() > MAX_RECEIPT {
        return Err(SidecarError::invalid_field(
            "request.merchantTransactionId",
            format!("Razorpay's order receipt is at most {MAX_RECEIPT} characters"),
        ));
    }
    Ok(receipt.to_string())
}

/// The customer a token lives under (`cust_...`, from createCustomer).
pub fn customer_id(customer: Option<&Customer>, what: &str) -> Result<String, SidecarError> {
    let id = present_str(customer.and_then(|c| c.connector_customer_id.as_deref())).ok_or_else(|| {
        SidecarError::missing_field("request.customer.connectorCustomerId", &format!("{what} names the Razorpay customer (cust_..., from createCustomer)"))
    })?;
    if !id.starts_with("cust_") || id.contains(['/', '?', '#']) {
        return Err(SidecarError::invalid_field("request.customer.connectorCustomerId", "not a Razorpay customer id (cust_...)".into()));
    }
    Ok(id.to_string())
}

/// The smallest card authorisation payment: "For cards, the amount should be 100 (₹1.00)"; UPI's
/// is the same ("For UPI, the amount must be a minimum of ₹1").
pub const MIN_CARD_AUTHORISATION: i64 = 100;
/// UPI AutoPay's `token.max_amount` bounds (Recurring Payments, UPI, Create an Order): at least
/// 100 (₹1); at most 20000000 (₹2,00,000) for MCCs 6211, 6300, 7322, 6529 and 5960, 9999900
/// (₹99,999) for the others (the merchant's MCC is not in the request: Razorpay checks that one).
pub const MIN_UPI_MAX_AMOUNT: i64 = 100;
pub const MAX_UPI_MAX_AMOUNT: i64 = 20_000_000;

/// `POST /v1/payments/create/upi`: UPI AutoPay's authorisation payment (Recurring Payments, UPI
/// and UPI Intent: Create an Authorisation Payment): `recurring: "1"`, the order's customer, and
/// `upi.flow` collect (with the shopper's VPA: Razorpay sends the mandate request to their UPI
/// app) or intent (Razorpay answers a `upi://mandate` link the shopper opens or scans).
#[derive(Debug, Serialize)]
pub struct CreateUpiRecurringPayment {
    pub amount: i64,
    pub currency: String,
    pub order_id: String,
    pub email: String,
    pub contact: String,
    pub customer_id: String,
    pub recurring: &'static str,
    pub method: &'static str,
    pub upi: PaymentUpi,
    /// Collect: "Client's browser IP address" (mandatory there).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
}

impl CreateUpiRecurringPayment {
    pub fn from_unified(r: &SetupMandateRequest, order_id: &str) -> Result<Self, SidecarError> {
        let (email, contact) = email_and_contact(r.customer.as_ref(), "Razorpay's UPI AutoPay authorisation payment")?;
        let browser = r.browser_info.as_ref();
        let ip = present_str(browser.and_then(|b| b.ip_address.as_deref()));
        let upi = match &r.payment_method {
            PaymentMethod::UpiCollect(upi) => {
                let vpa = present_str(Some(upi.vpa.as_str())).ok_or_else(|| {
                    SidecarError::missing_field("request.paymentMethod.upi.vpa", "a UPI AutoPay collect names the shopper's VPA")
                })?;
                // Collect: "ip mandatory" (the shopper's browser).
                let ip = ip.ok_or_else(|| {
                    SidecarError::missing_field("request.browserInfo.ipAddress", "Razorpay's UPI AutoPay collect requires the shopper's IP address (ip)")
                })?;
                check_ip_address(Some(ip), "request.browserInfo.ipAddress", "Razorpay's ip")?;
                PaymentUpi { flow: "collect", vpa: Some(vpa.to_string()) }
            }
            PaymentMethod::UpiIntent(_) => {
                check_ip_address(ip, "request.browserInfo.ipAddress", "Razorpay's ip")?;
                PaymentUpi { flow: "intent", vpa: None }
            }
            other => {
                return Err(SidecarError::payment_method_not_supported(&format!(
                    "Razorpay's UPI AutoPay authorisation is paid by upiCollect or upiIntent, not `{}`",
                    other.type_name()
                )))
            }
        };
        Ok(CreateUpiRecurringPayment {
            amount: razorpay_amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.clone(),
            order_id: order_id.to_string(),
            email,
            contact,
            customer_id: customer_id(r.customer.as_ref(), "Razorpay's UPI AutoPay authorisation payment")?,
            recurring: "1",
            method: "upi",
            upi,
            ip: ip.map(str::to_string),
            user_agent: present_str(browser.and_then(|b| b.user_agent.as_deref())).map(str::to_string),
            description: present(&r.description).map(str::to_string),
            notes: notes(&r.metadata, "request.metadata")?,
        })
    }
}

impl AuthorisationOrder {
    pub fn from_unified(r: &SetupMandateRequest) -> Result<Self, SidecarError> {
        // Cards, and UPI AutoPay (the mandate approved in the shopper's UPI app, collect or intent).
        let (method, what) = match r.payment_method {
            PaymentMethod::Card(_) => ("card", "card"),
            PaymentMethod::UpiCollect(_) | PaymentMethod::UpiIntent(_) => ("upi", "UPI AutoPay"),
            _ => {
                return Err(SidecarError::payment_method_not_supported(&format!(
                    "Razorpay's recurring authorisation payment made here is a card's or UPI AutoPay's, not `{}`",
                    r.payment_method.type_name()
                )))
            }
        };
        recurring_currency(&r.amount, "request.amount")?;
        if r.amount.minor_amount < MIN_CARD_AUTHORISATION {
            return Err(SidecarError::invalid_field(
                "request.amount.minorAmount",
                format!("Razorpay's {what} authorisation transaction is a payment of at least {MIN_CARD_AUTHORISATION} paise (₹1.00); it takes no zero-value check"),
            ));
        }
        let max = r.max_amount.as_ref().ok_or_else(|| {
            SidecarError::missing_field(
                "request.maxAmount",
                "Razorpay's recurring token carries the most one later charge may take (token.max_amount)",
            )
        })?;
        let max_amount = razorpay_amount(max, "request.maxAmount")?;
        if method == "upi" && !(MIN_UPI_MAX_AMOUNT..=MAX_UPI_MAX_AMOUNT).contains(&max_amount) {
            return Err(SidecarError::invalid_field(
                "request.maxAmount.minorAmount",
                format!(
                    "Razorpay's UPI AutoPay token.max_amount is from {MIN_UPI_MAX_AMOUNT} (₹1) to {MAX_UPI_MAX_AMOUNT} paise (₹2,00,000, for the MCCs allowed it; ₹99,999 for the others)"
                ),
            ));
        }
        Ok(AuthorisationOrder {
            amount: razorpay_amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.clone(),
            customer_id: customer_id(r.customer.as_ref(), "Razorpay's recurring token")?,
            method,
            token: RecurringToken { max_amount, frequency: "as_presented" },
            receipt: receipt(&r.merchant_transaction_id)?,
            notes: notes(&r.metadata, "request.metadata")?,
        })
    }
}

/// The order of a charge on the token (Create Subsequent Payments, 3.1): `payment_capture`
/// says whether Razorpay captures the payment itself.
#[derive(Debug, Serialize)]
pub struct ChargeOrder {
    pub amount: i64,
    pub currency: String,
    pub receipt: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
    pub payment_capture: bool,
}

/// `POST /v1/payments/create/recurring` (Create Subsequent Payments, 3.2).
#[derive(Debug, Serialize)]
pub struct CreateRecurringPayment {
    pub email: String,
    pub contact: String,
    pub amount: i64,
    pub currency: String,
    pub order_id: String,
    pub customer_id: String,
    pub token: String,
    /// `"1"`: a charge on a recurring token.
    pub recurring: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
}

/// A recurring token id (`token_...`), as a path segment or a body field.
pub fn token_id(value: &str, field: &str) -> Result<String, SidecarError> {
    let value = value.trim();
    if !value.starts_with("token_") || value.contains(['/', '?', '#']) || value.len() <= "token_".len() {
        return Err(SidecarError::invalid_field(field, "not a Razorpay token id (token_...)".into()));
    }
    Ok(value.to_string())
}

impl ChargeOrder {
    pub fn from_unified(r: &crate::protocol::RepeatPaymentRequest) -> Result<Self, SidecarError> {
        recurring_currency(&r.amount, "request.amount")?;
        Ok(ChargeOrder {
            amount: razorpay_amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.clone(),
            receipt: receipt(&r.merchant_transaction_id)?,
            notes: notes(&r.metadata.clone().unwrap_or_default(), "request.metadata")?,
            payment_capture: r.capture_method == CaptureMethod::Automatic,
        })
    }
}

impl CreateRecurringPayment {
    pub fn from_unified(r: &crate::protocol::RepeatPaymentRequest, order_id: &str) -> Result<Self, SidecarError> {
        recurring_currency(&r.amount, "request.amount")?;
        let (email, contact) = email_and_contact(r.customer.as_ref(), "Razorpay's recurring payment")?;
        Ok(CreateRecurringPayment {
            email,
            contact,
            amount: razorpay_amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.clone(),
            order_id: order_id.to_string(),
            customer_id: customer_id(r.customer.as_ref(), "Razorpay's recurring payment")?,
            token: token_id(&r.mandate_reference, "request.mandateReference")?,
            recurring: "1",
            description: present(&r.description).map(str::to_string),
            notes: notes(&r.metadata.clone().unwrap_or_default(), "request.metadata")?,
        })
    }
}

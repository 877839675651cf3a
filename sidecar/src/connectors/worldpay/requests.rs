//! Worldpay's request bodies, named as the Payments API (`WP-Api-Version: 2024-06-01`) names them
//! in its OpenAPI description (oracles/worldpay/payments-openapi.yaml: PaymentRequest,
//! PaymentsCardInstruction, PaymentsApplepayInstruction, PaymentsGooglepayInstruction,
//! PaymentsPartialSettleRequest, PaymentsPartialRefundRequest).

use crate::kit::text::present;
use crate::protocol::{
    Address, AuthorizeRequest, BrowserInfo, Card, CaptureMethod, DecryptedWalletCard, ExternalThreeDs, Money, PaymentMethod, RecurringType,
    RepeatPaymentRequest, SetupMandateRequest, SidecarError, ThreeDs, ThreeDsMode, WalletToken,
};
use serde::Serialize;

/// `value.amount` is an `int32` ("implied decimal": ISO 4217 minor units, 250 GBP = £2.50).
pub const MAX_AMOUNT: i64 = i32::MAX as i64;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentRequest<'a> {
    pub transaction_reference: &'a str,
    pub merchant: Merchant<'a>,
    pub instruction: Instruction<'a>,
}

#[derive(Debug, Serialize)]
pub struct Merchant<'a> {
    pub entity: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Instruction<'a> {
    /// `card`, `applepay` or `googlepay`.
    pub method: &'static str,
    pub payment_instrument: PaymentInstrument<'a>,
    pub narrative: Narrative,
    pub value: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settlement: Option<Settlement>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_creation: Option<TokenCreation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_agreement: Option<CustomerAgreement<'a>>,
    #[serde(rename = "threeDS", skip_serializing_if = "Option::is_none")]
    pub three_ds: Option<ThreeDS<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<WorldpayCustomer<'a>>,
}

#[derive(Debug, Serialize)]
pub struct Narrative {
    pub line1: String,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Value {
    pub currency: String,
    pub amount: i64,
}

#[derive(Debug, Serialize)]
pub struct Settlement {
    pub auto: bool,
}

#[derive(Debug, Serialize)]
pub struct TokenCreation {
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerAgreement<'a> {
    /// `cardOnFile`, `subscription`, `installment` or `unscheduled`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_card_usage: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installment_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme_reference: Option<&'a str>,
}

/// `instruction.threeDS`: `PaymentsExternalThreeDS` (authenticated elsewhere) or
/// `PaymentsIntegratedThreeDS` (Worldpay authenticates: device data collection, then perhaps a
/// challenge, each continued by completeAuthorize).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum ThreeDS<'a> {
    External(ExternalThreeDS<'a>),
    Integrated(IntegratedThreeDS<'a>),
}

/// `PaymentsIntegratedThreeDS`: `type` integrated, `mode` always, the `challenge` preferences
/// (`returnUrl` required) and the shopper's browser (`deviceData`: acceptHeader and
/// userAgentHeader required).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IntegratedThreeDS<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub mode: &'static str,
    pub challenge: Challenge<'a>,
    pub device_data: DeviceData<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Challenge<'a> {
    pub return_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preference: Option<&'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceData<'a> {
    pub accept_header: &'a str,
    pub user_agent_header: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_java_enabled: Option<bool>,
    /// A string of Worldpay's enum (`1` ... `48`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_color_depth: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_screen_height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_screen_width: Option<u32>,
    /// Minutes between UTC and the browser's local time, as the browser's getTimezoneOffset gives
    /// them (UTC-5 is `300`): a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_javascript_enabled: Option<bool>,
    pub channel: &'static str,
}

/// `DeviceDataRequest` of `POST .../3dsDeviceData`: the `collectionReference` (the SessionId the
/// device data collection page posts back). Worldpay: "If device data collection fails you can
/// attempt the payment without this value".
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceDataRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collection_reference: Option<&'a str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalThreeDS<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub version: &'a str,
    pub eci: &'a str,
    pub authentication_value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ds_transaction_id: Option<&'a str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorldpayCustomer<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct ExpiryDate {
    pub month: u8,
    pub year: u16,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingAddress<'a> {
    pub address1: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address2: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address3: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<&'a str>,
    pub city: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<&'a str>,
    pub country_code: &'a str,
}

/// `paymentInstrument`, tagged by `type` as the spec's discriminators name it.
#[derive(Debug, Serialize)]
#[serde(tag = "type")]
pub enum PaymentInstrument<'a> {
    #[serde(rename = "plain", rename_all = "camelCase")]
    Plain {
        #[serde(skip_serializing_if = "Option::is_none")]
        card_holder_name: Option<&'a str>,
        card_number: &'a str,
        expiry_date: ExpiryDate,
        #[serde(skip_serializing_if = "Option::is_none")]
        cvc: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        billing_address: Option<BillingAddress<'a>>,
    },
    /// A Checkout SDK session (`sessionHref`): card details captured in Worldpay's hosted fields.
    #[serde(rename = "checkout", rename_all = "camelCase")]
    Checkout {
        session_href: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        card_holder_name: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        billing_address: Option<BillingAddress<'a>>,
    },
    /// A saved Worldpay token (`href` from `token.href` of the payment that created it).
    #[serde(rename = "token", rename_all = "camelCase")]
    Token { href: &'a str },
    /// A scheme network token (DPAN) with its cryptogram.
    #[serde(rename = "networkToken", rename_all = "camelCase")]
    NetworkToken {
        token_number: &'a str,
        cryptogram: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        eci: Option<&'a str>,
        expiry_date: ExpiryDate,
        #[serde(skip_serializing_if = "Option::is_none")]
        billing_address: Option<BillingAddress<'a>>,
    },
    #[serde(rename = "encrypted", rename_all = "camelCase")]
    Encrypted { wallet_token: String },
    #[serde(rename = "decrypted", rename_all = "camelCase")]
    Decrypted {
        number: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        cryptogram: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        eci: Option<&'a str>,
        expiry_date: ExpiryDate,
    },
}

/// `PaymentsPartialSettleRequest` (capture of part of the authorization).
#[derive(Debug, Serialize)]
pub struct PartialSettleRequest<'a> {
    pub value: Value,
    pub reference: &'a str,
}

/// `PaymentsPartialRefundRequest`.
#[derive(Debug, Serialize)]
pub struct PartialRefundRequest<'a> {
    pub value: Value,
    pub reference: &'a str,
}

/// Worldpay's `value`: the currency and the ISO 4217 minor units, which is what the Payments API
/// takes ("implied decimal", the currency's ISO exponent). An amount above its `int32` is refused.
pub fn value(money: &Money, field: &str, zero_allowed: bool) -> Result<Value, SidecarError> {
    if zero_allowed {
        crate::kit::money::validate_verification(money, field)?;
    } else {
        crate::kit::money::validate(money, field)?;
    }
    if money.minor_amount > MAX_AMOUNT {
        return Err(SidecarError::invalid_field(
            &format!("{field}.minorAmount"),
            format!("Worldpay's value.amount is a 32-bit integer: at most {MAX_AMOUNT} minor units, got {}", money.minor_amount),
        ));
    }
    Ok(Value { currency: money.currency.clone(), amount: money.minor_amount })
}

/// `transactionReference` (and a settlement or refund `reference`): 1 to 64 characters of
/// Worldpay's set (letters, digits and `-_!@#$%()*=.:;?[]{}~`/+`).
pub fn reference<'a>(text: &'a str, field: &str) -> Result<&'a str, SidecarError> {
    let t = crate::protocol::required(text, field)?;
    let ok = t.len() <= 64 && t.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_!@#$%()*=.:;?[]{}~`/+".contains(&b));
    if !ok {
        return Err(SidecarError::invalid_field(
            field,
            "Worldpay takes a reference of 1 to 64 letters, digits and -_!@#$%()*=.:;?[]{}~`/+ (no spaces)".into(),
        ));
    }
    Ok(t)
}

/// `narrative.line1`: what the shopper's statement shows, at most 24 of `a-zA-Z0-9 ,./-`.
pub fn narrative(line: &str, field: &str) -> Result<Narrative, SidecarError> {
    let l = line.trim();
    let ok = !l.is_empty() && l.len() <= 24 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b" ,./-".contains(&b));
    if !ok {
        return Err(SidecarError::invalid_field(
            field,
            "Worldpay's narrative.line1 is 1 to 24 letters, digits, spaces and , . / - (what the shopper's statement shows)".into(),
        ));
    }
    Ok(Narrative { line1: l.to_string() })
}

fn expiry(month: &str, year: &str, field: &str) -> Result<ExpiryDate, SidecarError> {
    let m = month.trim().parse::<u8>().ok().filter(|m| (1..=12).contains(m));
    let y = year.trim().parse::<u16>().ok().filter(|y| (2000..=2099).contains(y));
    match (m, y) {
        (Some(month), Some(year)) => Ok(ExpiryDate { month, year }),
        (None, _) => Err(SidecarError::invalid_field(&format!("{field}.expMonth"), "a month 01 to 12".into())),
        (_, None) => Err(SidecarError::invalid_field(&format!("{field}.expYear"), "a four-digit year".into())),
    }
}

/// The billing address, when it has what Worldpay requires of one (address1, city, countryCode);
/// a partial address is refused rather than silently dropped.
fn billing(a: Option<&Address>) -> Result<Option<BillingAddress<'_>>, SidecarError> {
    let Some(a) = a else { return Ok(None) };
    let (Some(address1), Some(city), Some(country_code)) = (present(&a.line1), present(&a.city), present(&a.country)) else {
        return Err(SidecarError::missing_field(
            "request.billingAddress",
            "Worldpay's billingAddress requires line1 (address1), city and country (countryCode)",
        ));
    };
    Ok(Some(BillingAddress {
        address1,
        address2: present(&a.line2),
        address3: present(&a.line3),
        postal_code: present(&a.postal_code),
        city,
        state: present(&a.state),
        country_code,
    }))
}

fn plain<'a>(card: &'a Card, address: Option<&'a Address>, field: &str) -> Result<PaymentInstrument<'a>, SidecarError> {
    Ok(PaymentInstrument::Plain {
        card_holder_name: present(&card.holder_name),
        card_number: card.number.expose(),
        expiry_date: expiry(&card.exp_month, &card.exp_year, field)?,
        cvc: card.cvc.as_ref().map(|c| c.expose()),
        billing_address: billing(address)?,
    })
}

fn decrypted<'a>(d: &'a DecryptedWalletCard, field: &str) -> Result<PaymentInstrument<'a>, SidecarError> {
    Ok(PaymentInstrument::Decrypted {
        number: d.number.expose(),
        cryptogram: d.cryptogram.as_ref().map(|c| c.expose()),
        eci: present(&d.eci),
        expiry_date: expiry(&d.exp_month, &d.exp_year, &format!("{field}.decrypted"))?,
    })
}

/// The instruction's `method` and `paymentInstrument` for a unified payment method.
pub fn instrument<'a>(
    pm: &'a PaymentMethod,
    address: Option<&'a Address>,
) -> Result<(&'static str, PaymentInstrument<'a>), SidecarError> {
    let field = "request.paymentMethod";
    match pm {
        PaymentMethod::Card(card) => Ok(("card", plain(card, address, &format!("{field}.card"))?)),
        PaymentMethod::NetworkToken(t) => Ok((
            "card",
            PaymentInstrument::NetworkToken {
                token_number: t.number.expose(),
                cryptogram: t.cryptogram.expose(),
                eci: present(&t.eci),
                expiry_date: expiry(&t.exp_month, &t.exp_year, &format!("{field}.networkToken"))?,
                billing_address: billing(address)?,
            },
        )),
        // A Checkout SDK session: Worldpay's `checkout` instrument. Its sessionHref is a URL.
        PaymentMethod::Token(t) => {
            let href = t.value.expose().trim();
            if !href.starts_with("https://") && !href.starts_with("http://") {
                return Err(SidecarError::invalid_field(
                    &format!("{field}.token.value"),
                    "Worldpay's Checkout SDK gives a session href (https://.../sessions/...): pass it as the token".into(),
                ));
            }
            if let Some(kind) = t.kind.as_deref().filter(|k| *k != "checkout") {
                return Err(SidecarError::invalid_field(
                    &format!("{field}.token.kind"),
                    format!("Worldpay's client-side token is a Checkout SDK session (kind `checkout`), not `{kind}`"),
                ));
            }
            Ok(("card", PaymentInstrument::Checkout { session_href: href, card_holder_name: None, billing_address: billing(address)? }))
        }
        PaymentMethod::ApplePay(a) => match a.token(&format!("{field}.applePay"))? {
            WalletToken::Encrypted(data) => {
                // Worldpay takes the PKPaymentToken's paymentData JSON itself as walletToken; the
                // protocol carries it base64-encoded.
                let json = crate::kit::crypto::base64_decode(data.expose().trim())
                    .and_then(|b| String::from_utf8(b).ok())
                    .filter(|s| s.trim_start().starts_with('{'))
                    .ok_or_else(|| {
                        SidecarError::invalid_field(
                            &format!("{field}.applePay.paymentData"),
                            "not base64 of the PKPaymentToken's paymentData JSON".into(),
                        )
                    })?;
                Ok(("applepay", PaymentInstrument::Encrypted { wallet_token: json }))
            }
            WalletToken::Decrypted(d) => Ok(("applepay", decrypted(d, &format!("{field}.applePay"))?)),
        },
        PaymentMethod::GooglePay(g) => match g.wallet_token(&format!("{field}.googlePay"))? {
            WalletToken::Encrypted(token) => Ok(("googlepay", PaymentInstrument::Encrypted { wallet_token: token.expose().trim().to_string() })),
            WalletToken::Decrypted(d) => Ok(("googlepay", decrypted(d, &format!("{field}.googlePay"))?)),
        },
        // listConnectors declares these unsupported with the same reason; this is the check of last resort.
        other => Err(SidecarError::payment_method_not_supported(&format!(
            "Worldpay's Payments API takes cards, tokens and card wallets, not `{}` (PayPal and bank redirects go through its APM API)",
            other.type_name()
        ))),
    }
}

/// Worldpay's colour depths (`DeviceData.browserColorDepth`).
const COLOR_DEPTHS: &[u8] = &[1, 4, 8, 15, 16, 24, 32, 48];

/// `instruction.threeDS` of a card payment:
/// - `threeDs.external`: the authentication done elsewhere (`type: external`);
/// - `threeDs.mode: challenge`: Worldpay's integrated 3DS with `challenge.preference:
///   challengeRequested`; it needs the shopper's browser (`browserInfo.acceptHeader` and
///   `userAgent`) and `returnUrl`, and refuses without them;
/// - `mode: auto` with both the browser and `returnUrl`: integrated 3DS, the issuer deciding
///   (frictionless or a challenge); without them, no 3DS object (Worldpay then authorizes without
///   authentication, as before);
/// - `mode: skip`: no 3DS object.
fn three_ds_object<'a>(t: &'a ThreeDs, browser: Option<&'a BrowserInfo>, return_url: Option<&'a str>) -> Result<Option<ThreeDS<'a>>, SidecarError> {
    if let Some(e) = &t.external {
        if e.major_version() != 2 {
            return Err(SidecarError::invalid_field("request.threeDs.external.version", "Worldpay takes external 3DS version 2.x.x only".into()));
        }
        return Ok(Some(ThreeDS::External(external(e))));
    }
    let return_url = return_url.map(str::trim).filter(|u| !u.is_empty());
    let accept = browser.and_then(|b| present(&b.accept_header));
    let agent = browser.and_then(|b| present(&b.user_agent));
    let preference = match t.mode {
        ThreeDsMode::Skip => return Ok(None),
        ThreeDsMode::Auto if return_url.is_none() || accept.is_none() || agent.is_none() => return Ok(None),
        ThreeDsMode::Auto => None,
        ThreeDsMode::Challenge => Some("challengeRequested"),
    };
    let why = "Worldpay's integrated 3DS needs the shopper's browser (deviceData.acceptHeader and userAgentHeader) \
               and the returnUrl its challenge page returns to";
    let return_url = return_url.ok_or_else(|| SidecarError::missing_field("request.returnUrl", why))?;
    let accept_header = accept.ok_or_else(|| SidecarError::missing_field("request.browserInfo.acceptHeader", why))?;
    let user_agent_header = agent.ok_or_else(|| SidecarError::missing_field("request.browserInfo.userAgent", why))?;
    if accept_header.len() > 2048 || user_agent_header.len() > 2048 {
        return Err(SidecarError::invalid_field("request.browserInfo", "Worldpay takes an acceptHeader and a userAgentHeader of at most 2048 characters".into()));
    }
    let b = browser.expect("the headers came from it");
    let browser_language = present(&b.language);
    if browser_language.is_some_and(|l| l.len() > 8) {
        return Err(SidecarError::invalid_field("request.browserInfo.language", "Worldpay's browserLanguage is an IETF tag of at most 8 characters (en-GB)".into()));
    }
    if let Some(d) = b.color_depth.filter(|d| !COLOR_DEPTHS.contains(d)) {
        return Err(SidecarError::invalid_field(
            "request.browserInfo.colorDepth",
            format!("Worldpay's browserColorDepth is one of 1, 4, 8, 15, 16, 24, 32, 48, not {d}"),
        ));
    }
    if b.time_zone_offset.is_some_and(|t| !(-9999..=9999).contains(&t)) {
        return Err(SidecarError::invalid_field("request.browserInfo.timeZoneOffset", "Worldpay's timeZone is at most four digits of minutes".into()));
    }
    Ok(Some(ThreeDS::Integrated(IntegratedThreeDS {
        kind: "integrated",
        mode: "always",
        challenge: Challenge { return_url, preference },
        device_data: DeviceData {
            accept_header,
            user_agent_header,
            browser_language,
            browser_java_enabled: b.java_enabled,
            browser_color_depth: b.color_depth.map(|d| d.to_string()),
            browser_screen_height: b.screen_height,
            browser_screen_width: b.screen_width,
            time_zone: b.time_zone_offset.map(|t| t.to_string()),
            browser_javascript_enabled: b.javascript_enabled,
            channel: "browser",
        },
    })))
}

fn external(e: &ExternalThreeDs) -> ExternalThreeDS<'_> {
    ExternalThreeDS {
        kind: "external",
        version: e.version.as_str(),
        eci: e.eci.as_str(),
        authentication_value: e.cavv.expose(),
        ds_transaction_id: present(&e.ds_transaction_id),
    }
}

/// The customer agreement of the first payment of a series (the one that stores the card).
fn first_agreement(recurring: RecurringType) -> CustomerAgreement<'static> {
    match recurring {
        RecurringType::Scheduled => {
            CustomerAgreement { kind: "subscription", stored_card_usage: Some("first"), installment_type: None, scheme_reference: None }
        }
        RecurringType::Installment => CustomerAgreement {
            kind: "installment",
            stored_card_usage: Some("first"),
            installment_type: Some("merchant"),
            scheme_reference: None,
        },
        // Unscheduled merchant-initiated payments are set up as cardOnFile first (Worldpay's
        // "recurring-unscheduled" example uses the token such a payment created).
        RecurringType::Unscheduled => {
            CustomerAgreement { kind: "cardOnFile", stored_card_usage: Some("first"), installment_type: None, scheme_reference: None }
        }
    }
}

fn customer(c: Option<&crate::protocol::Customer>) -> Option<WorldpayCustomer<'_>> {
    let c = c?;
    let out = WorldpayCustomer { customer_id: present(&c.id), email: present(&c.email) };
    (out.customer_id.is_some() || out.email.is_some()).then_some(out)
}

pub struct Defaults<'a> {
    pub entity: &'a str,
    pub narrative: Option<&'a str>,
}

fn narrative_for(statement: Option<&str>, d: &Defaults) -> Result<Narrative, SidecarError> {
    match (statement.map(str::trim).filter(|s| !s.is_empty()), d.narrative) {
        (Some(s), _) => narrative(s, "request.statementDescriptor"),
        (None, Some(n)) => narrative(n, "auth.narrative"),
        (None, None) => Err(SidecarError::missing_field(
            "request.statementDescriptor",
            "Worldpay requires instruction.narrative.line1 (what the shopper's statement shows): set auth.narrative or pass statementDescriptor",
        )),
    }
}

pub fn authorize<'a>(r: &'a AuthorizeRequest, d: &Defaults<'a>) -> Result<PaymentRequest<'a>, SidecarError> {
    let (method, payment_instrument) = instrument(&r.payment_method, r.billing_address.as_ref())?;
    let saves = r.setup_future_usage.is_some();
    if saves && method != "card" {
        return Err(SidecarError::invalid_field(
            "request.setupFutureUsage",
            "Worldpay creates tokens (tokenCreation) in card instructions only, not in Apple Pay or Google Pay ones".into(),
        ));
    }
    let mut three_ds = if method == "card" { three_ds_object(&r.three_ds, r.browser_info.as_ref(), r.return_url.as_deref())? } else { None };
    if matches!(payment_instrument, PaymentInstrument::NetworkToken { .. }) && matches!(three_ds, Some(ThreeDS::Integrated(_))) {
        // A network token carries its own cryptogram: Worldpay authenticates plain cards,
        // sessions and its tokens, not DPANs.
        if r.three_ds.mode == ThreeDsMode::Challenge {
            return Err(SidecarError::invalid_field(
                "request.threeDs.mode",
                "a network token is authenticated by its cryptogram; Worldpay's integrated 3DS takes cards, Checkout sessions and Worldpay tokens".into(),
            ));
        }
        three_ds = None;
    }
    Ok(PaymentRequest {
        transaction_reference: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
        merchant: Merchant { entity: d.entity },
        instruction: Instruction {
            method,
            payment_instrument,
            narrative: narrative_for(r.statement_descriptor.as_deref(), d)?,
            value: value(&r.amount, "request.amount", false)?,
            settlement: (r.capture_method == CaptureMethod::Automatic).then_some(Settlement { auto: true }),
            token_creation: saves.then_some(TokenCreation { kind: "worldpay" }),
            customer_agreement: saves.then(|| first_agreement(r.recurring_type)),
            three_ds,
            customer: customer(r.customer.as_ref()),
        },
    })
}

/// setupMandate: a card payment with `tokenCreation` and the first payment of its customer
/// agreement; amount 0 makes it a card verification ("store-card-only-token").
pub fn setup_mandate<'a>(r: &'a SetupMandateRequest, d: &Defaults<'a>) -> Result<PaymentRequest<'a>, SidecarError> {
    let (method, payment_instrument) = instrument(&r.payment_method, r.billing_address.as_ref())?;
    if method != "card" {
        return Err(SidecarError::payment_method_not_supported(r.payment_method.type_name()));
    }
    Ok(PaymentRequest {
        transaction_reference: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
        merchant: Merchant { entity: d.entity },
        instruction: Instruction {
            method,
            payment_instrument,
            narrative: narrative_for(None, d)?,
            value: value(&r.amount, "request.amount", true)?,
            settlement: None,
            token_creation: Some(TokenCreation { kind: "worldpay" }),
            customer_agreement: Some(first_agreement(r.recurring_type)),
            three_ds: three_ds_object(&r.three_ds, r.browser_info.as_ref(), r.return_url.as_deref())?,
            customer: customer(r.customer.as_ref()),
        },
    })
}

/// repeatPayment: the saved token's href and the subsequent payment of the agreement, with the
/// scheme reference of the first payment (`networkTransactionId`) where the series needs it.
pub fn repeat<'a>(r: &'a RepeatPaymentRequest, d: &Defaults<'a>) -> Result<PaymentRequest<'a>, SidecarError> {
    let href = r.mandate_reference.trim();
    if !href.starts_with("https://") && !href.starts_with("http://") {
        return Err(SidecarError::invalid_field(
            "request.mandateReference",
            "a Worldpay token href (https://.../tokens/...), as setupMandate's mandateReference gives it".into(),
        ));
    }
    let scheme_reference = present(&r.network_transaction_id);
    if let Some(s) = scheme_reference {
        if s.len() > 56 || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(SidecarError::invalid_field(
                "request.networkTransactionId",
                "Worldpay's schemeReference is 1 to 56 letters and digits".into(),
            ));
        }
    }
    let agreement = match r.recurring_type {
        RecurringType::Scheduled => {
            CustomerAgreement { kind: "subscription", stored_card_usage: Some("subsequent"), installment_type: None, scheme_reference }
        }
        RecurringType::Installment => CustomerAgreement {
            kind: "installment",
            stored_card_usage: Some("subsequent"),
            installment_type: Some("merchant"),
            scheme_reference,
        },
        RecurringType::Unscheduled => CustomerAgreement { kind: "unscheduled", stored_card_usage: None, installment_type: None, scheme_reference },
    };
    Ok(PaymentRequest {
        transaction_reference: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
        merchant: Merchant { entity: d.entity },
        instruction: Instruction {
            method: "card",
            payment_instrument: PaymentInstrument::Token { href },
            narrative: narrative_for(r.statement_descriptor.as_deref(), d)?,
            value: value(&r.amount, "request.amount", false)?,
            settlement: (r.capture_method == CaptureMethod::Automatic).then_some(Settlement { auto: true }),
            token_creation: None,
            customer_agreement: Some(agreement),
            three_ds: None,
            customer: customer(r.customer.as_ref()),
        },
    })
}

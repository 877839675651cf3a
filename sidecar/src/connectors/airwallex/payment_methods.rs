//! What Airwallex takes in a PaymentIntent's confirm beside a card and a PaymentMethod id, and how:
//! `payment_method: {type, <type>: {...}}` with the fields of each type's request model
//! (`PaymentAcceptancePaymentMethodRequest` and its per-type models in `@airwallex/node-sdk`
//! 2.1.0-beta.5, API version 2025-06-30, whose required fields are marked below), and
//! `payment_method_options` where a type takes `auto_capture` (card, klarna, afterpay).
//!
//! The answer of a local method is REQUIRES_CUSTOMER_ACTION with `next_action`: a `redirect` to
//! the method's page (`url`), or `render_qrcode` with the `qrcode` text to show (responses.rs).
//! Wallets that run an app flow name it in `flow`: `qrcode` on a desktop browser, `mobile_web` on
//! a phone's browser (Airwallex's "Desktop/Mobile Website Browser" guides); the shopper's browser is
//! told apart by its User-Agent (`Mobi`, as browsers mark phones).

use super::super::{PaymentMethods, SupportedPaymentMethod, UnsupportedPaymentMethod, PAY_AND_SAVE, PAY_ONLY};
use crate::kit::text::present;
use crate::protocol::{
    Address, AuthorizeRequest, BankDebit, BankDebitMethod, BankRedirectMethod, BnplMethod, CaptureMethod, DecryptedWalletCard,
    PaymentMethod, PaymentMethodType, SidecarError, VoucherMethod, WalletRedirectMethod, WalletToken,
};
use serde_json::{json, Map, Value};

/// Declared once: `listConnectors` shows it and the sidecar enforces it before the connector runs.
pub static PAYMENT_METHODS: PaymentMethods = PaymentMethods {
    unsupported_methods: &[],
    supported: &[
        // Saved as a merchant-triggered PaymentConsent verified with the card (mandates.rs).
        SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: PAY_AND_SAVE },
        // An Airwallex PaymentMethod id (`mtd_...`) made by Airwallex.js or the API: confirm's
        // (and consent verify's) payment_method.id.
        SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_AND_SAVE },
        // `applepay` / `googlepay`: the encrypted token (payment_data_type encrypted_payment_token)
        // or the decrypted one (tokenized_card with its online_payment_cryptogram).
        SupportedPaymentMethod { kind: PaymentMethodType::ApplePay, methods: &[], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::GooglePay, methods: &[], flows: PAY_ONLY },
        SupportedPaymentMethod {
            kind: PaymentMethodType::BankRedirect,
            methods: &["ideal", "bancontact", "eps", "blik", "przelewy24", "sofort", "trustly", "onlineBankingFpx", "mybank", "multibanco"],
            flows: PAY_ONLY,
        },
        SupportedPaymentMethod { kind: PaymentMethodType::BankDebit, methods: &["sepa", "ach", "bacs", "becs"], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::Bnpl, methods: &["klarna", "afterpayClearpay"], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::Voucher, methods: &["konbini"], flows: PAY_ONLY },
        SupportedPaymentMethod {
            kind: PaymentMethodType::WalletRedirect,
            methods: &["alipay", "alipayHk", "wechatPay", "gcash", "grabpay", "kakaoPay", "dana", "gopay", "touchNGo"],
            flows: PAY_ONLY,
        },
        SupportedPaymentMethod { kind: PaymentMethodType::Paypal, methods: &[], flows: PAY_ONLY },
    ],
    unsupported: &[
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::NetworkToken,
            reason: "Airwallex's card confirm request (PaymentAcceptanceCardConfirmRequest) has number_type and cryptogram, but its API \
                     reference publishes no value of number_type for a merchant's own network token: Airwallex provisions network \
                     tokens itself for the cards it vaults (its Network Tokenization), so send the card (type card) or its mtd_ id",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::UpiCollect,
            reason: "Airwallex's payment methods (PaymentAcceptancePaymentMethodRequest) have no UPI; use the PhonePe or Razorpay connector",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::UpiIntent,
            reason: "Airwallex's payment methods (PaymentAcceptancePaymentMethodRequest) have no UPI; use the PhonePe or Razorpay connector",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::MobileMoney,
            reason: "Airwallex's payment methods (PaymentAcceptancePaymentMethodRequest) have no African mobile money operator (M-Pesa, MTN, Airtel, ...); use the Paystack connector",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankTransfer,
            reason: "Airwallex's bank_transfer (a beta it enables per account on request) gives the account to pay into only as \
                     next_action.data.transfer_instructions, \"tailored to the currency of the payment intent\", which its API spec and \
                     Node SDK (PaymentAcceptanceNextAction.data) type as a free-form object with no fields and its beta guide (Accept bank \
                     transfer payments) shows only as per-currency examples, so no field of it is specified to show as bank details (its \
                     other documented option, next_action.url, sends the shopper to Airwallex's own instructions page instead); take the \
                     payment as a bank redirect or a direct debit instead",
        },
    ],
};

const FIELD: &str = "request.paymentMethod";

/// What the confirm sends for a non-card method: `payment_method` and, when the method takes
/// one, `payment_method_options`.
pub struct LocalMethod {
    pub payment_method: Value,
    pub options: Option<Value>,
}

/// `payment_method` (and options) of a method other than card and token; None for those two.
pub fn local_method(r: &AuthorizeRequest) -> Result<Option<LocalMethod>, SidecarError> {
    let manual = r.capture_method == CaptureMethod::Manual;
    let p = Shopper::of(r);
    // The fourth: the body carries an account number, an IBAN, a wallet token or a cryptogram
    // (flows.rs marks such a body sensitive by the same list).
    let (kind, body, options, _sensitive): (&str, Value, Option<Value>, bool) = match &r.payment_method {
        PaymentMethod::Card(_) | PaymentMethod::Token(_) => return Ok(None),
        PaymentMethod::ApplePay(a) => {
            let field = format!("{FIELD}.applePay");
            let body = match a.token(&field)? {
                WalletToken::Encrypted(data) => json!({
                    "payment_data_type": "encrypted_payment_token",
                    "encrypted_payment_token": apple_payment_data(data.expose(), &format!("{field}.paymentData"))?,
                }),
                WalletToken::Decrypted(d) => tokenized(d, &format!("{field}.decrypted"), "Apple Pay")?,
            };
            ("applepay", with_billing(body, &p), Some(card_capture(manual)), true)
        }
        PaymentMethod::GooglePay(g) => {
            let field = format!("{FIELD}.googlePay");
            let body = match g.wallet_token(&field)? {
                WalletToken::Encrypted(token) => json!({
                    "payment_data_type": "encrypted_payment_token",
                    "encrypted_payment_token": token.expose(),
                }),
                WalletToken::Decrypted(d) => tokenized(d, &format!("{field}.decrypted"), "Google Pay")?,
            };
            ("googlepay", with_billing(body, &p), Some(card_capture(manual)), true)
        }
        PaymentMethod::BankRedirect(b) => {
            no_hold(manual, "a bank redirect")?;
            let country = || present(&b.country).or(p.country).map(str::to_string);
            if b.method != BankRedirectMethod::Blik && b.blik_code.is_some() {
                return Err(SidecarError::invalid_field(&format!("{FIELD}.bankRedirect.blikCode"), "a BLIK code goes with method blik only".into()));
            }
            match b.method {
                // PaymentAcceptanceIdealRequest: bank_name, shopper_name, both optional.
                BankRedirectMethod::Ideal => {
                    let mut m = Map::new();
                    put(&mut m, "bank_name", present(&b.issuer));
                    put(&mut m, "shopper_name", p.name.as_deref());
                    ("ideal", Value::Object(m), None, false)
                }
                // Bancontact, EPS, BLIK, MyBank, Multibanco: shopper_name required.
                BankRedirectMethod::Bancontact => ("bancontact", json!({"shopper_name": p.name("Bancontact")?}), None, false),
                BankRedirectMethod::Eps => ("eps", json!({"shopper_name": p.name("EPS")?}), None, false),
                BankRedirectMethod::Blik => {
                    if b.blik_code.is_some() {
                        // Never the code itself: it pays.
                        return Err(SidecarError::invalid_field(
                            &format!("{FIELD}.bankRedirect.blikCode"),
                            "Airwallex's BLIK (PaymentAcceptanceBlikRequest: shopper_name only) sends the shopper to approve in their bank and takes no BLIK code: leave it out".into(),
                        ));
                    }
                    ("blik", json!({"shopper_name": p.name("BLIK")?}), None, false)
                }
                BankRedirectMethod::Mybank => ("mybank", json!({"shopper_name": p.name("MyBank")?}), None, false),
                BankRedirectMethod::Multibanco => ("multibanco", json!({"shopper_name": p.name("Multibanco")?}), None, false),
                // PaymentAcceptanceP24Request: shopper_email and shopper_name required.
                BankRedirectMethod::Przelewy24 => {
                    ("p24", json!({"shopper_name": p.name("Przelewy24")?, "shopper_email": p.email("Przelewy24")?}), None, false)
                }
                // PaymentAcceptanceSofortRequest: country_code and shopper_name required.
                BankRedirectMethod::Sofort => {
                    let country = country().ok_or_else(|| missing_country("Sofort"))?;
                    ("sofort", json!({"shopper_name": p.name("Sofort")?, "country_code": country}), None, false)
                }
                // PaymentAcceptanceTrustlyRequest: country_code and shopper_name required, shopper_email optional.
                BankRedirectMethod::Trustly => {
                    let country = country().ok_or_else(|| missing_country("Trustly"))?;
                    let mut m = Map::new();
                    m.insert("shopper_name".into(), json!(p.name("Trustly")?));
                    m.insert("country_code".into(), json!(country));
                    put(&mut m, "shopper_email", p.email.as_deref());
                    ("trustly", Value::Object(m), None, false)
                }
                // PaymentAcceptanceFpxRequest: bank_name required; the shopper's name, email, phone optional.
                BankRedirectMethod::OnlineBankingFpx => {
                    let bank = present(&b.issuer).ok_or_else(|| {
                        SidecarError::missing_field(
                            &format!("{FIELD}.bankRedirect.issuer"),
                            "Airwallex's FPX requires the shopper's bank (fpx.bank_name)",
                        )
                    })?;
                    let mut m = Map::new();
                    m.insert("bank_name".into(), json!(bank));
                    put(&mut m, "shopper_name", p.name.as_deref());
                    put(&mut m, "shopper_email", p.email.as_deref());
                    put(&mut m, "shopper_phone", p.phone.as_deref());
                    ("fpx", Value::Object(m), None, false)
                }
                other => return Err(not_taken("bankRedirect", other.as_str())),
            }
        }
        PaymentMethod::BankDebit(d) => {
            no_hold(manual, "a direct debit")?;
            let (kind, body) = direct_debit(d, &p)?;
            (kind, body, None, true)
        }
        PaymentMethod::Bnpl(b) => match b.method {
            // PaymentAcceptanceKlarnaRequest: country_code required; billing, language optional.
            BnplMethod::Klarna => {
                let country = p.country.ok_or_else(|| {
                    SidecarError::missing_field(
                        "request.billingAddress.country",
                        "Airwallex's Klarna requires the shopper's country (klarna.country_code)",
                    )
                })?;
                let mut m = Map::new();
                m.insert("country_code".into(), json!(country));
                // A language code (en, de, ...): the primary subtag of the browser's BCP 47 tag.
                put(&mut m, "language", p.language.and_then(|l| l.split(['-', '_']).next()).filter(|l| !l.is_empty()));
                if let Some(billing) = p.billing(true) {
                    m.insert("billing".into(), billing);
                }
                ("klarna", Value::Object(m), Some(json!({"klarna": {"auto_capture": !manual}})), false)
            }
            // PaymentAcceptanceAfterpayRequest: shopper_email required; billing (without email) optional.
            BnplMethod::AfterpayClearpay => {
                let mut m = Map::new();
                m.insert("shopper_email".into(), json!(p.email("Afterpay")?));
                if let Some(billing) = p.billing(false) {
                    m.insert("billing".into(), billing);
                }
                ("afterpay", Value::Object(m), Some(json!({"afterpay": {"auto_capture": !manual}})), false)
            }
            other => return Err(not_taken("bnpl", other.as_str())),
        },
        PaymentMethod::Voucher(v) => {
            no_hold(manual, "a voucher")?;
            match v.method {
                // PaymentAcceptanceKonbiniRequest: shopper_name, shopper_email, shopper_phone, all required.
                VoucherMethod::Konbini => (
                    "konbini",
                    json!({"shopper_name": p.name("Konbini")?, "shopper_email": p.email("Konbini")?, "shopper_phone": p.phone("Konbini")?}),
                    None,
                    false,
                ),
                other => return Err(not_taken("voucher", other.as_str())),
            }
        }
        PaymentMethod::WalletRedirect(w) => {
            no_hold(manual, "a wallet")?;
            let flow = p.flow();
            match w.method {
                // PaymentAcceptanceAlipaycnRequest / ...AlipayConnectRequest: flow required.
                WalletRedirectMethod::Alipay => ("alipaycn", json!({"flow": flow}), None, false),
                WalletRedirectMethod::AlipayHk => ("alipayhk", json!({"flow": flow}), None, false),
                WalletRedirectMethod::Gcash => ("gcash", json!({"flow": flow}), None, false),
                WalletRedirectMethod::KakaoPay => ("kakaopay", json!({"flow": flow}), None, false),
                WalletRedirectMethod::Dana => ("dana", json!({"flow": flow}), None, false),
                WalletRedirectMethod::TouchNGo => ("tng", json!({"flow": flow}), None, false),
                // PaymentAcceptanceWeChatPayRequest: flow required.
                WalletRedirectMethod::WechatPay => ("wechatpay", json!({"flow": flow}), None, false),
                // PaymentAcceptanceGrabpayRequest / ...GoPayRequest: shopper_name optional.
                WalletRedirectMethod::Grabpay => ("grabpay", optional_name(&p), None, false),
                WalletRedirectMethod::Gopay => ("go_pay", optional_name(&p), None, false),
                other => return Err(not_taken("walletRedirect", other.as_str())),
            }
        }
        // PaymentAcceptancePaypalRequest: country_code and shopper_name, both optional.
        PaymentMethod::PayPal(_) => {
            no_hold(manual, "PayPal")?;
            let mut m = Map::new();
            put(&mut m, "shopper_name", p.name.as_deref());
            put(&mut m, "country_code", p.country);
            ("paypal", Value::Object(m), None, false)
        }
        other => {
            return Err(SidecarError::payment_method_not_supported(&format!(
                "Airwallex's confirm takes no `{}` payment method",
                other.type_name()
            )))
        }
    };
    if r.return_url.as_deref().map(str::trim).unwrap_or("").is_empty() && !matches!(kind, "applepay" | "googlepay") {
        return Err(SidecarError::missing_field(
            "request.returnUrl",
            &format!("Airwallex sends the shopper back to return_url after {kind}'s page"),
        ));
    }
    let mut payment_method = Map::new();
    payment_method.insert("type".into(), json!(kind));
    payment_method.insert(kind.into(), body);
    Ok(Some(LocalMethod { payment_method: Value::Object(payment_method), options }))
}

/// What the shopper's details give each method.
struct Shopper<'a> {
    name: Option<String>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    country: Option<&'a str>,
    language: Option<&'a str>,
    billing: Option<&'a Address>,
    user_agent: Option<&'a str>,
}

impl<'a> Shopper<'a> {
    fn of(r: &'a AuthorizeRequest) -> Self {
        let billing = r.billing_address.as_ref();
        let from_billing = billing.and_then(|a| {
            let parts: Vec<&str> = [a.first_name.as_deref(), a.last_name.as_deref()].into_iter().flatten().map(str::trim).filter(|s| !s.is_empty()).collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        });
        let customer = r.customer.as_ref();
        Shopper {
            name: from_billing.or_else(|| customer.and_then(|c| present(&c.name)).map(str::to_string)),
            email: customer.and_then(|c| present(&c.email)),
            phone: customer.and_then(|c| present(&c.phone)),
            country: billing.and_then(|a| present(&a.country)),
            language: r.browser_info.as_ref().and_then(|b| present(&b.language)),
            billing,
            user_agent: r.browser_info.as_ref().and_then(|b| present(&b.user_agent)),
        }
    }

    fn name(&self, method: &str) -> Result<&str, SidecarError> {
        self.name.as_deref().ok_or_else(|| {
            SidecarError::missing_field(
                "request.customer.name",
                &format!("Airwallex's {method} requires the shopper's name (shopper_name): give customer.name or the billing address's names"),
            )
        })
    }

    fn email(&self, method: &str) -> Result<&str, SidecarError> {
        self.email.ok_or_else(|| {
            SidecarError::missing_field("request.customer.email", &format!("Airwallex's {method} requires the shopper's email (shopper_email)"))
        })
    }

    fn phone(&self, method: &str) -> Result<&str, SidecarError> {
        self.phone.ok_or_else(|| {
            SidecarError::missing_field("request.customer.phone", &format!("Airwallex's {method} requires the shopper's phone (shopper_phone)"))
        })
    }

    /// `qrcode` for a desktop browser, `mobile_web` for a phone's.
    fn flow(&self) -> &'static str {
        if self.user_agent.is_some_and(|ua| ua.contains("Mobi")) {
            "mobile_web"
        } else {
            "qrcode"
        }
    }

    /// `PaymentAcceptanceBilling` (with the shopper's email) or `...BillingWithoutEmailRequest`:
    /// names, phone and the address (country_code required in an address).
    fn billing(&self, with_email: bool) -> Option<Value> {
        let a = self.billing?;
        let mut m = Map::new();
        put(&mut m, "first_name", present(&a.first_name));
        put(&mut m, "last_name", present(&a.last_name));
        if with_email {
            put(&mut m, "email", self.email);
        }
        put(&mut m, "phone_number", self.phone);
        if let Some(country) = present(&a.country) {
            let street = [present(&a.line1), present(&a.line2)].into_iter().flatten().collect::<Vec<_>>().join(" ");
            let mut address = Map::new();
            address.insert("country_code".into(), json!(country));
            put(&mut address, "street", (!street.is_empty()).then_some(street.as_str()));
            put(&mut address, "city", present(&a.city));
            put(&mut address, "state", present(&a.state));
            put(&mut address, "postcode", present(&a.postal_code));
            m.insert("address".into(), Value::Object(address));
        }
        (!m.is_empty()).then_some(Value::Object(m))
    }
}

fn put(m: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        m.insert(key.into(), json!(v));
    }
}

fn with_billing(mut body: Value, p: &Shopper) -> Value {
    if let (Some(billing), Some(m)) = (p.billing(true), body.as_object_mut()) {
        m.insert("billing".into(), billing);
    }
    body
}

fn optional_name(p: &Shopper) -> Value {
    let mut m = Map::new();
    put(&mut m, "shopper_name", p.name.as_deref());
    Value::Object(m)
}

fn card_capture(manual: bool) -> Value {
    json!({"card": {"auto_capture": !manual}})
}

/// Airwallex holds (auto_capture false) cards and wallet cards, Klarna and Afterpay only: its
/// PaymentMethodOptions name auto_capture for those three.
fn no_hold(manual: bool, what: &str) -> Result<(), SidecarError> {
    if manual {
        return Err(SidecarError::invalid_field(
            "request.captureMethod",
            format!(
                "Airwallex places a hold (payment_method_options.<type>.auto_capture false) on cards, Apple Pay, Google Pay, Klarna and Afterpay only; {what} is captured when the shopper pays: use captureMethod automatic"
            ),
        ));
    }
    Ok(())
}

fn missing_country(method: &str) -> SidecarError {
    SidecarError::missing_field(
        "request.paymentMethod.bankRedirect.country",
        &format!("Airwallex's {method} requires the shopper's bank country (country_code): give bankRedirect.country or the billing address's"),
    )
}

fn not_taken(kind: &str, method: &str) -> SidecarError {
    SidecarError::payment_method_not_supported(&format!("Airwallex's confirm takes no {kind} `{method}`"))
        .with_field(format!("{FIELD}.{kind}.method"))
}

/// The decrypted wallet card as `tokenized_card` (`PaymentAcceptanceTokenizedCardRequest`) with
/// its cryptogram in `authentication_method.three_ds` (`online_payment_cryptogram`, `eci_indicator`).
fn tokenized(d: &DecryptedWalletCard, field: &str, wallet: &str) -> Result<Value, SidecarError> {
    let cryptogram = d.cryptogram.as_ref().ok_or_else(|| {
        SidecarError::payment_method_not_supported(&format!(
            "a {wallet} PAN_ONLY card has no cryptogram, which Airwallex's tokenized_card requires (authentication_method.three_ds.online_payment_cryptogram): send it as type `card`"
        ))
        .with_field(format!("{field}.cryptogram"))
    })?;
    let mut three_ds = Map::new();
    three_ds.insert("online_payment_cryptogram".into(), json!(cryptogram.expose()));
    put(&mut three_ds, "eci_indicator", d.eci.as_deref());
    Ok(json!({
        "payment_data_type": "tokenized_card",
        "tokenized_card": {
            "number": d.number.expose(),
            "expiry_month": d.exp_month,
            "expiry_year": d.exp_year,
            "authentication_method": {"three_ds": Value::Object(three_ds)},
        },
    }))
}

/// Apple Pay's `paymentData` comes base64-encoded; Airwallex's `encrypted_payment_token` is the
/// paymentData JSON itself (as Apple's PKPaymentToken gives it).
fn apple_payment_data(data: &str, field: &str) -> Result<String, SidecarError> {
    crate::kit::wallet::apple_pay_payment_data_text(&crate::protocol::Secret::new(data), field)
}

/// The direct debits, with each model's fields: `owner_name` and `owner_email` (BECS requires
/// both), the account, and BACS's address (line1, postcode, town required).
fn direct_debit(d: &BankDebit, p: &Shopper) -> Result<(&'static str, Value), SidecarError> {
    let mut m = Map::new();
    m.insert("owner_name".into(), json!(d.account_holder_name.trim()));
    put(&mut m, "owner_email", p.email);
    let secret = |s: &Option<crate::protocol::Secret>| s.as_ref().map(|v| v.expose().to_string());
    let kind = match d.method {
        BankDebitMethod::Sepa => {
            m.insert("iban".into(), json!(secret(&d.iban)));
            put(&mut m, "country_code", d.iban.as_ref().map(|i| &i.expose()[..2]));
            "sepa_direct_debit"
        }
        BankDebitMethod::Ach => {
            m.insert("account_number".into(), json!(secret(&d.account_number)));
            put(&mut m, "aba_routing_number", d.routing_number.as_deref());
            "ach_direct_debit"
        }
        BankDebitMethod::Bacs => {
            m.insert("account_number".into(), json!(secret(&d.account_number)));
            put(&mut m, "sort_code", d.sort_code.as_deref());
            if let Some(a) = p.billing {
                if let (Some(line1), Some(postcode), Some(town)) = (present(&a.line1), present(&a.postal_code), present(&a.city)) {
                    let mut address = Map::new();
                    address.insert("line1".into(), json!(line1));
                    put(&mut address, "line2", present(&a.line2));
                    address.insert("postcode".into(), json!(postcode));
                    address.insert("town".into(), json!(town));
                    put(&mut address, "state", present(&a.state));
                    put(&mut address, "country_code", present(&a.country));
                    m.insert("address".into(), Value::Object(address));
                }
            }
            "bacs_direct_debit"
        }
        BankDebitMethod::Becs => {
            p.email("BECS Direct Debit")?;
            m.insert("account_number".into(), json!(secret(&d.account_number)));
            put(&mut m, "bsb_number", d.bsb_number.as_deref());
            "becs_direct_debit"
        }
        other => return Err(not_taken("bankDebit", other.as_str())),
    };
    Ok((kind, Value::Object(m)))
}

/// Whether a PaymentIntent waiting for the shopper (REQUIRES_CUSTOMER_ACTION) waits for a
/// 3-D Secure challenge (a card, a wallet's card) or for the shopper to pay elsewhere.
pub fn authenticates(payment_method_type: Option<&str>) -> bool {
    matches!(payment_method_type, None | Some("card" | "applepay" | "googlepay"))
}

/// Whether the payment method this authorize sends is a card's (a card, an `mtd_` id, a
/// wallet's card): its REQUIRES_CUSTOMER_ACTION is a 3-D Secure challenge.
pub fn request_authenticates(pm: &PaymentMethod) -> bool {
    matches!(pm, PaymentMethod::Card(_) | PaymentMethod::Token(_) | PaymentMethod::ApplePay(_) | PaymentMethod::GooglePay(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apple_pay_data_is_the_decoded_json_or_refused_without_quoting_it() {
        let json = r#"{"version":"EC_v1","data":"abc","signature":"sig","header":{"transactionId":"t"}}"#;
        let b64 = crate::kit::crypto::base64_encode(json.as_bytes());
        assert_eq!(apple_payment_data(&b64, "f").unwrap(), json);
        for bad in ["not base64!!", &crate::kit::crypto::base64_encode(b"[1,2]"), &crate::kit::crypto::base64_encode(b"plain")] {
            let e = apple_payment_data(bad, "request.paymentMethod.applePay.paymentData").unwrap_err();
            assert_eq!(e.field.as_deref(), Some("request.paymentMethod.applePay.paymentData"));
            assert!(!e.message.contains(bad));
        }
    }

    #[test]
    fn only_card_like_methods_authenticate() {
        assert!(authenticates(None));
        assert!(authenticates(Some("card")));
        assert!(authenticates(Some("googlepay")));
        assert!(!authenticates(Some("ideal")));
        assert!(!authenticates(Some("wechatpay")));
    }
}

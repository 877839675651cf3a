//! How each unified payment method reaches a PaymentIntent or SetupIntent: a raw card, a Stripe.js
//! token (`pm_...` as `payment_method`, `tok_...` as a card token), or `payment_method_data` of one
//! of Stripe's PaymentMethod types (https://docs.stripe.com/api/payment_methods/object), with the
//! `payment_method_options` and `mandate_data` that type needs on confirmation.

use super::super::{PaymentMethods, SupportedPaymentMethod, UnsupportedPaymentMethod, PAY_AND_SAVE, PAY_ONLY};
use crate::kit::form::FormBody;
use crate::protocol::{
    BankDebit, BankDebitMethod, BankRedirect, BankRedirectMethod, BnplMethod, BrowserInfo, Card, MandateAcceptanceType,
    PaymentMethod, PaymentMethodType, ProcessorToken, SidecarError, VoucherMethod, WalletRedirectMethod,
};

/// What Stripe takes, declared once: `listConnectors` shows it and the sidecar enforces it.
pub static PAYMENT_METHODS: PaymentMethods = PaymentMethods {
    unsupported_methods: &[],
    supported: &[
        SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: PAY_AND_SAVE },
        SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_AND_SAVE },
        // Stripe's PaymentMethod types for these (API 2023-08-16): ideal, bancontact, eps, blik,
        // p24, sofort, giropay, fpx. iDEAL, Bancontact and Sofort can set up SEPA Direct Debit for
        // later, which this version does not do: pay only.
        SupportedPaymentMethod {
            kind: PaymentMethodType::BankRedirect,
            methods: &["ideal", "bancontact", "eps", "blik", "przelewy24", "sofort", "giropay", "onlineBankingFpx"],
            flows: PAY_ONLY,
        },
        // Pay only: repeatPayment sends payment_method_types[0]=card for the saved method.
        SupportedPaymentMethod { kind: PaymentMethodType::BankDebit, methods: &["sepa", "ach", "bacs", "becs"], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::Bnpl, methods: &["klarna", "afterpayClearpay", "affirm"], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::Voucher, methods: &["boleto", "oxxo", "konbini", "pix"], flows: PAY_ONLY },
        SupportedPaymentMethod {
            kind: PaymentMethodType::WalletRedirect,
            methods: &["alipay", "wechatPay", "grabpay", "cashApp"],
            flows: PAY_ONLY,
        },
    ],
    unsupported: &[
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::NetworkToken,
            reason: "Stripe's public API takes no network token and cryptogram from the merchant (Stripe provisions network tokens itself for the cards it stores)",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::ApplePay,
            reason: "Stripe takes Apple Pay through Stripe.js (Payment Request Button or Express Checkout Element), which returns a pm_... PaymentMethod: send it as type `token`",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::GooglePay,
            reason: "Stripe takes Google Pay through Stripe.js (Payment Request Button or Express Checkout Element), which returns a pm_... PaymentMethod: send it as type `token`",
        },
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: "Stripe does not offer UPI" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: "Stripe does not offer UPI" },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::MobileMoney,
            reason: "Stripe offers no mobile money wallets (M-Pesa, MTN MoMo, Airtel Money, Orange Money)",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankTransfer,
            reason: "Stripe takes bank transfers only into a Customer's cash balance (payment method customer_balance with funding_type bank_transfer: eu, gb, jp, mx or us_bank_transfer), reconciled against that balance; this connector does not run that funding flow",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::Paypal,
            reason: "PayPal on Stripe is an invite-only PaymentMethod type in Europe; use the PayPal connector",
        },
    ],
};

/// The Stripe PaymentMethod types a `pm_...` token may be (`token.kind`); default `card`.
const PAYMENT_METHOD_TYPES: &[&str] = &[
    "card", "acss_debit", "affirm", "afterpay_clearpay", "alipay", "au_becs_debit", "bacs_debit", "bancontact", "blik",
    "boleto", "cashapp", "eps", "fpx", "giropay", "grabpay", "ideal", "klarna", "konbini", "link", "oxxo", "p24",
    "paynow", "pix", "promptpay", "sepa_debit", "sofort", "us_bank_account", "wechat_pay", "zip",
];

/// How the payment method goes to Stripe.
pub enum StripeSource<'a> {
    /// `payment_method_data[card][...]` (accounts allowed to send raw card data).
    Card(&'a Card),
    /// `payment_method=pm_...`: a PaymentMethod made by Stripe.js, of the given Stripe type.
    PaymentMethodId { id: &'a str, stripe_type: &'a str },
    /// `payment_method_data[card][token]=tok_...`: a legacy card token (Stripe.js createToken).
    CardToken(&'a str),
    /// `payment_method_data[type]=<stripe_type>` and its details, with the options and mandate
    /// the type needs on confirmation.
    Data { stripe_type: &'static str, details: Vec<(&'static str, String)>, options: Vec<(String, String)> },
}

impl StripeSource<'_> {
    /// The Stripe PaymentMethod type, for `payment_method_types[0]`.
    pub fn stripe_type(&self) -> &str {
        match self {
            StripeSource::Card(_) | StripeSource::CardToken(_) => "card",
            StripeSource::PaymentMethodId { stripe_type, .. } => stripe_type,
            StripeSource::Data { stripe_type, .. } => stripe_type,
        }
    }

    /// A name the type's billing details need when the caller gave none elsewhere (a debit's
    /// account holder).
    pub fn holder_name(&self) -> Option<String> {
        match self {
            StripeSource::Card(c) => c.holder_name.clone(),
            _ => None,
        }
    }
}

pub const FIELD: &str = "request.paymentMethod";

/// The Stripe source of a unified payment method. `holder`: the bank account holder's name goes
/// to billing details, where Stripe looks for it.
pub fn source_of<'a>(pm: &'a PaymentMethod) -> Result<(StripeSource<'a>, Option<&'a str>), SidecarError> {
    Ok(match pm {
        PaymentMethod::Card(c) => (StripeSource::Card(c), None),
        PaymentMethod::Token(t) => (token_source(t)?, None),
        PaymentMethod::BankRedirect(b) => (bank_redirect(b)?, None),
        PaymentMethod::BankDebit(d) => (bank_debit(d)?, Some(d.account_holder_name.as_str())),
        PaymentMethod::Bnpl(b) => (
            StripeSource::Data {
                stripe_type: match b.method {
                    BnplMethod::Klarna => "klarna",
                    BnplMethod::AfterpayClearpay => "afterpay_clearpay",
                    BnplMethod::Affirm => "affirm",
                },
                details: vec![],
                options: vec![],
            },
            None,
        ),
        PaymentMethod::Voucher(v) => {
            let (stripe_type, details) = match v.method {
                VoucherMethod::Boleto => {
                    let tax_id = v.tax_id.as_deref().filter(|t| !t.trim().is_empty()).ok_or_else(|| {
                        SidecarError::missing_field(&format!("{FIELD}.voucher.taxId"), "Stripe's Boleto needs the shopper's CPF or CNPJ")
                    })?;
                    ("boleto", vec![("tax_id", tax_id.to_string())])
                }
                VoucherMethod::Oxxo => ("oxxo", vec![]),
                VoucherMethod::Konbini => ("konbini", vec![]),
                VoucherMethod::Pix => ("pix", vec![]),
            };
            (StripeSource::Data { stripe_type, details, options: vec![] }, None)
        }
        PaymentMethod::WalletRedirect(w) => {
            let (stripe_type, options) = match w.method {
                WalletRedirectMethod::Alipay => ("alipay", vec![]),
                // Required on confirmation: which client shows the QR code (https://docs.stripe.com/payments/wechat-pay/accept-a-payment).
                WalletRedirectMethod::WechatPay => ("wechat_pay", vec![("payment_method_options[wechat_pay][client]".to_string(), "web".to_string())]),
                WalletRedirectMethod::Grabpay => ("grabpay", vec![]),
                WalletRedirectMethod::CashApp => ("cashapp", vec![]),
                other => return Err(not_taken("walletRedirect", other.as_str())),
            };
            (StripeSource::Data { stripe_type, details: vec![], options }, None)
        }
        other => {
            return Err(SidecarError::payment_method_not_supported(&format!(
                "Stripe does not take `{}` here",
                other.type_name()
            )))
        }
    })
}

fn not_taken(kind: &str, method: &str) -> SidecarError {
    SidecarError::payment_method_not_supported(&format!("Stripe does not take {kind} `{method}`"))
        .with_field(format!("{FIELD}.{kind}.method"))
}

/// `pm_...` is a PaymentMethod (its Stripe type in `kind`, default card); `tok_...` (and `kind:
/// "cardToken"`) a legacy card token.
fn token_source(t: &ProcessorToken) -> Result<StripeSource<'_>, SidecarError> {
    let value = t.value.expose().trim();
    let kind = t.kind.as_deref();
    if value.starts_with("tok_") || kind == Some("cardToken") {
        return Ok(StripeSource::CardToken(value));
    }
    if !value.starts_with("pm_") && kind.is_none() {
        return Err(SidecarError::invalid_field(
            &format!("{FIELD}.token.value"),
            "Stripe takes a PaymentMethod id (pm_...) or a card token (tok_...) from Stripe.js; for another id, say what it is in token.kind (a Stripe PaymentMethod type such as card or sepa_debit, or cardToken)".into(),
        ));
    }
    let stripe_type = kind.unwrap_or("card");
    if !PAYMENT_METHOD_TYPES.contains(&stripe_type) {
        return Err(SidecarError::invalid_field(
            &format!("{FIELD}.token.kind"),
            format!("a Stripe PaymentMethod type ({}) or cardToken", PAYMENT_METHOD_TYPES.join(", ")),
        ));
    }
    Ok(StripeSource::PaymentMethodId { id: value, stripe_type })
}

fn bank_redirect(b: &BankRedirect) -> Result<StripeSource<'static>, SidecarError> {
    let issuer = || b.issuer.clone();
    let need_issuer = |what: &str| {
        b.issuer.clone().filter(|i| !i.trim().is_empty()).ok_or_else(|| SidecarError::missing_field(&format!("{FIELD}.bankRedirect.issuer"), what))
    };
    let mut details: Vec<(&'static str, String)> = vec![];
    let mut options = vec![];
    let stripe_type = match b.method {
        BankRedirectMethod::Ideal => {
            details.extend(issuer().map(|i| ("bank", i)));
            "ideal"
        }
        BankRedirectMethod::Bancontact => "bancontact",
        BankRedirectMethod::Eps => {
            details.extend(issuer().map(|i| ("bank", i)));
            "eps"
        }
        BankRedirectMethod::Przelewy24 => {
            details.extend(issuer().map(|i| ("bank", i)));
            "p24"
        }
        BankRedirectMethod::Giropay => "giropay",
        BankRedirectMethod::Sofort => {
            let country = b.country.clone().ok_or_else(|| {
                SidecarError::missing_field(&format!("{FIELD}.bankRedirect.country"), "Stripe's Sofort needs the bank's country (AT, BE, DE, ES, IT, NL)")
            })?;
            details.push(("country", country));
            "sofort"
        }
        BankRedirectMethod::OnlineBankingFpx => {
            details.push(("bank", need_issuer("Stripe's FPX needs the shopper's bank (payment_method_data[fpx][bank])")?));
            "fpx"
        }
        BankRedirectMethod::Blik => {
            // The code goes with the confirmation; the shopper then approves in the bank app
            // (https://docs.stripe.com/payments/blik/accept-a-payment).
            let code = b.blik_code.as_ref().ok_or_else(|| {
                SidecarError::missing_field(&format!("{FIELD}.bankRedirect.blikCode"), "Stripe confirms a BLIK payment with the shopper's six-digit code")
            })?;
            options.push(("payment_method_options[blik][code]".to_string(), code.expose().to_string()));
            "blik"
        }
        other => return Err(not_taken("bankRedirect", other.as_str())),
    };
    Ok(StripeSource::Data { stripe_type, details, options })
}

fn bank_debit(d: &BankDebit) -> Result<StripeSource<'static>, SidecarError> {
    let v = |s: &Option<crate::protocol::Secret>| s.as_ref().map(|x| x.expose().to_string()).unwrap_or_default();
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    let (stripe_type, details) = match d.method {
        BankDebitMethod::Sepa => ("sepa_debit", vec![("iban", v(&d.iban))]),
        BankDebitMethod::Ach => (
            "us_bank_account",
            vec![
                ("account_holder_type", "individual".to_string()),
                ("account_number", v(&d.account_number)),
                ("account_type", match d.account_type.unwrap_or_default() {
                    crate::protocol::BankAccountType::Checking => "checking".to_string(),
                    crate::protocol::BankAccountType::Savings => "savings".to_string(),
                }),
                ("routing_number", o(&d.routing_number)),
            ],
        ),
        BankDebitMethod::Bacs => ("bacs_debit", vec![("account_number", v(&d.account_number)), ("sort_code", o(&d.sort_code))]),
        BankDebitMethod::Becs => ("au_becs_debit", vec![("account_number", v(&d.account_number)), ("bsb_number", o(&d.bsb_number))]),
        other => return Err(not_taken("bankDebit", other.as_str())),
    };
    Ok(StripeSource::Data { stripe_type, details, options: vec![] })
}

/// `payment_method` or `payment_method_data[...]`, and the type's options, into the form.
/// `billing`: pushes the billing details under the given prefix.
pub fn push_source(f: &mut FormBody, source: &StripeSource, push_billing: impl Fn(&mut FormBody)) {
    match source {
        StripeSource::Card(card) => {
            f.push("payment_method_data[type]", "card")
                .push("payment_method_data[card][number]", card.number.expose())
                .push("payment_method_data[card][exp_month]", card.exp_month.as_str())
                .push("payment_method_data[card][exp_year]", card.exp_year.as_str())
                .push_opt("payment_method_data[card][cvc]", card.cvc.as_ref().map(|c| c.expose()));
            push_billing(f);
        }
        StripeSource::PaymentMethodId { id, .. } => {
            // The PaymentMethod carries its own billing details from Stripe.js.
            f.push("payment_method", *id);
        }
        StripeSource::CardToken(token) => {
            f.push("payment_method_data[type]", "card").push("payment_method_data[card][token]", *token);
            push_billing(f);
        }
        StripeSource::Data { stripe_type, details, options, .. } => {
            f.push("payment_method_data[type]", *stripe_type);
            for (k, v) in details {
                f.push(format!("payment_method_data[{stripe_type}][{k}]"), v.clone());
            }
            push_billing(f);
            for (k, v) in options {
                f.push(k.clone(), v.clone());
            }
        }
    }
}

/// `mandate_data[customer_acceptance]` for a debit confirmed now (SEPA, BACS, BECS, ACH): Stripe
/// requires how the shopper accepted the mandate (https://docs.stripe.com/api/payment_intents/confirm#confirm_payment_intent-mandate_data).
/// Online acceptance needs the shopper's IP address and user agent: from `mandateAcceptance`, else
/// `browserInfo`.
pub fn push_mandate_data(f: &mut FormBody, pm: &PaymentMethod, browser: Option<&BrowserInfo>) -> Result<(), SidecarError> {
    let PaymentMethod::BankDebit(d) = pm else { return Ok(()) };
    let acceptance = d.mandate_acceptance.clone().unwrap_or_default();
    let prefix = "mandate_data[customer_acceptance]";
    match acceptance.kind {
        MandateAcceptanceType::Online => {
            let field = format!("{FIELD}.bankDebit.mandateAcceptance");
            let ip = acceptance.ip_address.or_else(|| browser.and_then(|b| b.ip_address.clone())).ok_or_else(|| {
                SidecarError::missing_field(&format!("{field}.ipAddress"), "Stripe records an online mandate with the shopper's IP address (or give browserInfo.ipAddress)")
            })?;
            let ua = acceptance.user_agent.or_else(|| browser.and_then(|b| b.user_agent.clone())).ok_or_else(|| {
                SidecarError::missing_field(&format!("{field}.userAgent"), "Stripe records an online mandate with the shopper's user agent (or give browserInfo.userAgent)")
            })?;
            f.push(format!("{prefix}[type]"), "online");
            if let Some(at) = acceptance.accepted_at.as_deref() {
                f.push(format!("{prefix}[accepted_at]"), unix_seconds(at)?.to_string());
            }
            f.push(format!("{prefix}[online][ip_address]"), ip).push(format!("{prefix}[online][user_agent]"), ua);
        }
        MandateAcceptanceType::Offline => {
            f.push(format!("{prefix}[type]"), "offline");
            if let Some(at) = acceptance.accepted_at.as_deref() {
                f.push(format!("{prefix}[accepted_at]"), unix_seconds(at)?.to_string());
            }
        }
    }
    Ok(())
}

fn unix_seconds(iso: &str) -> Result<i64, SidecarError> {
    crate::kit::time::parse_iso8601_utc(iso).ok_or_else(|| {
        SidecarError::invalid_field(&format!("{FIELD}.bankDebit.mandateAcceptance.acceptedAt"), "an ISO 8601 UTC time such as 2026-12-05T10:00:00Z".into())
    })
}

//! How each unified payment method becomes Adyen's `paymentMethod` on `POST /payments` (Checkout
//! API v71, the `*Details` schemas of its spec), with what the type needs beside it: `lineItems`
//! for buy-now-pay-later, `mpiData` for network tokens and 3-D Secure done elsewhere,
//! `socialSecurityNumber` for Boleto.

use super::super::{PaymentMethods, SupportedPaymentMethod, UnsupportedPaymentMethod, PAY_AND_SAVE, PAY_ONLY};
use crate::protocol::{
    Flow,
    BankDebitMethod, BankRedirectMethod, BnplMethod, ExternalThreeDs, OrderLine, PaymentMethod, PaymentMethodType,
    SidecarError, ThreeDs, ThreeDsMode, VoucherMethod, WalletRedirectMethod, WalletToken,
};
use serde_json::{json, Map, Value};

/// What Adyen takes through /payments, declared once.
pub static PAYMENT_METHODS: PaymentMethods = PaymentMethods {
    unsupported_methods: &[],
    supported: &[
        SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: PAY_AND_SAVE },
        SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_AND_SAVE },
        SupportedPaymentMethod { kind: PaymentMethodType::NetworkToken, methods: &[], flows: PAY_ONLY },
        // createSession: the Apple Pay merchant session (/applePay/sessions), for API-only Apple Pay with Adyen's certificate.
        SupportedPaymentMethod { kind: PaymentMethodType::ApplePay, methods: &[], flows: &[Flow::Authorize, Flow::CreateSession] },
        SupportedPaymentMethod { kind: PaymentMethodType::GooglePay, methods: &[], flows: PAY_ONLY },
        SupportedPaymentMethod {
            kind: PaymentMethodType::BankRedirect,
            methods: &["ideal", "eps", "blik", "przelewy24", "sofort", "trustly", "onlineBankingFpx", "knet", "multibanco"],
            flows: PAY_ONLY,
        },
        SupportedPaymentMethod { kind: PaymentMethodType::BankDebit, methods: &["sepa", "ach", "bacs"], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::Bnpl, methods: &["klarna", "afterpayClearpay", "affirm"], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::Voucher, methods: &["boleto", "konbini", "pix"], flows: PAY_ONLY },
        SupportedPaymentMethod {
            kind: PaymentMethodType::WalletRedirect,
            methods: &["alipay", "alipayHk", "wechatPay", "mbway", "swish", "twint", "vipps", "mobilepay", "touchNGo", "cashApp"],
            flows: PAY_ONLY,
        },
    ],
    unsupported: &[
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: "Adyen's UPI (upi_collect) is for Indian merchant accounts only; use the PhonePe connector" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: "Adyen's UPI (upi_intent) is for Indian merchant accounts only; use the PhonePe connector" },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::MobileMoney,
            reason: "the unified mobile money operators (M-Pesa, MTN, AirtelTigo, Vodafone, Airtel, Orange) are not among the Adyen payment method types this connector sends",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankTransfer,
            reason: "Adyen's bank transfers (bankTransfer_IBAN and its per-country bankTransfer_* types, answered with the account to pay into) are not mapped by this connector",
        },
        UnsupportedPaymentMethod { kind: PaymentMethodType::Paypal, reason: "PayPal through Adyen needs Adyen's PayPal component and /payments/details; use the PayPal connector" },
    ],
};

const FIELD: &str = "request.paymentMethod";

/// Adyen's `paymentMethod` for every type but a raw card (built by the caller) and a stored card.
/// `holder`: the shopper's name where the type needs it. Values that pay (tokens, IBANs, account
/// numbers, cryptograms) go into the body only: it is marked sensitive.
pub fn payment_method_of(pm: &PaymentMethod, telephone: Option<&str>, email: Option<&str>) -> Result<Option<Value>, SidecarError> {
    let v = match pm {
        PaymentMethod::Card(_) => return Ok(None),
        PaymentMethod::Token(t) => {
            // Drop-in / Components give `state.data.paymentMethod` (type scheme and the encrypted
            // card fields): passed as it is. (https://docs.adyen.com/online-payments/build-your-integration/advanced-flow)
            let field = format!("{FIELD}.token.value");
            match t.kind.as_deref() {
                None | Some("paymentMethod") => {}
                Some(_) => return Err(SidecarError::invalid_field(&format!("{FIELD}.token.kind"), "Adyen takes kind paymentMethod: Drop-in's state.data.paymentMethod as JSON".into())),
            }
            let parsed: Value = serde_json::from_str(t.value.expose()).map_err(|_| {
                SidecarError::invalid_field(&field, "Adyen takes Drop-in's state.data.paymentMethod (with the encrypted card fields) as a JSON object".into())
            })?;
            match parsed {
                Value::Object(m) if m.get("type").and_then(Value::as_str).is_some() => Value::Object(m),
                _ => return Err(SidecarError::invalid_field(&field, "a JSON object with a `type` (state.data.paymentMethod of Drop-in)".into())),
            }
        }
        PaymentMethod::NetworkToken(t) => json!({
            "type": "networkToken", "number": t.number.expose(), "expiryMonth": t.exp_month, "expiryYear": t.exp_year,
        }),
        PaymentMethod::ApplePay(a) => match a.token(&format!("{FIELD}.applePay"))? {
            WalletToken::Encrypted(token) => json!({"type": "applepay", "applePayToken": token.expose()}),
            // A decrypted token is a network token with its cryptogram (mpiData).
            WalletToken::Decrypted(d) => json!({"type": "networkToken", "number": d.number.expose(), "expiryMonth": d.exp_month, "expiryYear": d.exp_year}),
        },
        PaymentMethod::GooglePay(g) => match g.wallet_token(&format!("{FIELD}.googlePay"))? {
            WalletToken::Encrypted(token) => json!({"type": "googlepay", "googlePayToken": token.expose()}),
            WalletToken::Decrypted(d) => json!({"type": "networkToken", "number": d.number.expose(), "expiryMonth": d.exp_month, "expiryYear": d.exp_year}),
        },
        PaymentMethod::BankRedirect(b) => {
            let issuer = || b.issuer.clone().filter(|i| !i.trim().is_empty());
            let need_issuer = |what: &str| issuer().ok_or_else(|| SidecarError::missing_field(&format!("{FIELD}.bankRedirect.issuer"), what));
            match b.method {
                BankRedirectMethod::Ideal => with_opt(json!({"type": "ideal"}), "issuer", issuer()),
                BankRedirectMethod::Eps => json!({"type": "eps", "issuer": need_issuer("Adyen's EPS needs the shopper's bank (GenericIssuerPaymentMethodDetails)")?}),
                BankRedirectMethod::Przelewy24 => json!({"type": "onlineBanking_PL", "issuer": need_issuer("Adyen's Polish online banking needs the shopper's bank")?}),
                BankRedirectMethod::Blik => {
                    let code = b.blik_code.as_ref().ok_or_else(|| SidecarError::missing_field(&format!("{FIELD}.bankRedirect.blikCode"), "Adyen's BLIK takes the shopper's six-digit code"))?;
                    json!({"type": "blik", "blikCode": code.expose()})
                }
                BankRedirectMethod::Sofort => json!({"type": "directEbanking"}),
                BankRedirectMethod::Trustly => json!({"type": "trustly"}),
                BankRedirectMethod::OnlineBankingFpx => json!({"type": "molpay_ebanking_fpx_MY", "issuer": need_issuer("Adyen's FPX needs the shopper's bank")?}),
                BankRedirectMethod::Knet => json!({"type": "knet"}),
                BankRedirectMethod::Multibanco => json!({"type": "multibanco"}),
                other => return Err(not_taken("bankRedirect", other.as_str())),
            }
        }
        PaymentMethod::BankDebit(d) => {
            let secret = |s: &Option<crate::protocol::Secret>| s.as_ref().map(|x| x.expose().to_string()).unwrap_or_default();
            match d.method {
                BankDebitMethod::Sepa => json!({"type": "sepadirectdebit", "iban": secret(&d.iban), "ownerName": d.account_holder_name}),
                BankDebitMethod::Ach => json!({
                    "type": "ach", "bankAccountNumber": secret(&d.account_number), "bankLocationId": d.routing_number,
                    "ownerName": d.account_holder_name,
                    "bankAccountType": match d.account_type.unwrap_or_default() {
                        crate::protocol::BankAccountType::Checking => "checking",
                        crate::protocol::BankAccountType::Savings => "savings",
                    },
                }),
                BankDebitMethod::Bacs => json!({"type": "directdebit_GB", "bankAccountNumber": secret(&d.account_number), "bankLocationId": d.sort_code, "holderName": d.account_holder_name}),
                other => return Err(not_taken("bankDebit", other.as_str())),
            }
        }
        PaymentMethod::Bnpl(b) => json!({"type": match b.method {
            BnplMethod::Klarna => "klarna",
            BnplMethod::AfterpayClearpay => "afterpaytouch",
            BnplMethod::Affirm => "affirm",
        }}),
        PaymentMethod::Voucher(v) => match v.method {
            VoucherMethod::Boleto => json!({"type": "boletobancario"}),
            VoucherMethod::Konbini => json!({"type": "konbini"}),
            VoucherMethod::Pix => json!({"type": "pix"}),
            other => return Err(not_taken("voucher", other.as_str())),
        },
        PaymentMethod::WalletRedirect(w) => match w.method {
            WalletRedirectMethod::Alipay => json!({"type": "alipay"}),
            WalletRedirectMethod::AlipayHk => json!({"type": "alipay_hk"}),
            WalletRedirectMethod::WechatPay => json!({"type": "wechatpayQR"}),
            WalletRedirectMethod::Mbway => {
                let phone = telephone.ok_or_else(|| SidecarError::missing_field("request.customer.phone", "MB WAY sends the payment request to the shopper's phone"))?;
                let email = email.ok_or_else(|| SidecarError::missing_field("request.customer.email", "Adyen's MB WAY requires shopperEmail"))?;
                json!({"type": "mbway", "telephoneNumber": phone, "shopperEmail": email})
            }
            WalletRedirectMethod::Swish => json!({"type": "swish"}),
            WalletRedirectMethod::Twint => json!({"type": "twint"}),
            WalletRedirectMethod::Vipps => {
                let phone = telephone.ok_or_else(|| SidecarError::missing_field("request.customer.phone", "Adyen's Vipps requires the shopper's telephoneNumber"))?;
                json!({"type": "vipps", "telephoneNumber": phone})
            }
            WalletRedirectMethod::Mobilepay => json!({"type": "mobilepay"}),
            WalletRedirectMethod::TouchNGo => json!({"type": "touchngo"}),
            WalletRedirectMethod::CashApp => json!({"type": "cashapp"}),
            other => return Err(not_taken("walletRedirect", other.as_str())),
        },
        other => {
            return Err(SidecarError::payment_method_not_supported(&format!("Adyen does not take `{}` here", other.type_name())))
        }
    };
    Ok(Some(v))
}

fn with_opt(mut v: Value, key: &str, value: Option<String>) -> Value {
    if let (Some(value), Value::Object(m)) = (value, &mut v) {
        m.insert(key.into(), Value::String(value));
    }
    v
}

fn not_taken(kind: &str, method: &str) -> SidecarError {
    SidecarError::payment_method_not_supported(&format!("Adyen does not take {kind} `{method}` through /payments"))
        .with_field(format!("{FIELD}.{kind}.method"))
}

/// `mpiData` (ThreeDSecureData): a network token's cryptogram (`tokenAuthenticationVerificationValue`)
/// or 3-D Secure done elsewhere (cavv, eci, dsTransID, xid, threeDSVersion, authenticationResponse),
/// https://docs.adyen.com/online-payments/3d-secure/standalone-authentication/authorize-with-adyen.
pub fn mpi_data(pm: &PaymentMethod, three_ds: &ThreeDs) -> Option<Value> {
    let mut m = Map::new();
    let mut token = |cryptogram: Option<&crate::protocol::Secret>, eci: &Option<String>| {
        if let Some(c) = cryptogram {
            m.insert("tokenAuthenticationVerificationValue".into(), Value::String(c.expose().to_string()));
        }
        if let Some(e) = eci {
            m.insert("eci".into(), Value::String(e.clone()));
        }
    };
    match pm {
        PaymentMethod::NetworkToken(t) => token(Some(&t.cryptogram), &t.eci),
        PaymentMethod::ApplePay(a) => {
            if let Some(d) = &a.decrypted {
                token(d.cryptogram.as_ref(), &d.eci)
            }
        }
        PaymentMethod::GooglePay(g) => {
            if let Some(d) = &g.decrypted {
                token(d.cryptogram.as_ref(), &d.eci)
            }
        }
        _ => {}
    }
    if let Some(e) = &three_ds.external {
        external(&mut m, e);
    }
    (!m.is_empty()).then_some(Value::Object(m))
}

fn external(m: &mut Map<String, Value>, e: &ExternalThreeDs) {
    m.insert("cavv".into(), Value::String(e.cavv.expose().to_string()));
    m.insert("eci".into(), Value::String(e.eci.clone()));
    m.insert("threeDSVersion".into(), Value::String(e.version.clone()));
    if let Some(id) = &e.ds_transaction_id {
        m.insert("dsTransID".into(), Value::String(id.clone()));
    }
    if let Some(x) = &e.xid {
        m.insert("xid".into(), Value::String(x.clone()));
    }
    if let Some(s) = &e.status {
        // 3DS 2's transStatus is the authentication response; 3DS 1's PARes status too.
        m.insert("authenticationResponse".into(), Value::String(s.clone()));
        m.insert("directoryResponse".into(), Value::String(s.clone()));
    }
}

/// `authenticationData.attemptAuthentication`: `always` to ask for 3-D Secure (challenge), `never`
/// to skip it; auto leaves Adyen's dynamic 3DS rules to decide
/// (https://docs.adyen.com/online-payments/3d-secure/dynamic-3ds). With an external authentication
/// Adyen authorises with mpiData and runs none itself.
pub fn authentication_data(three_ds: &ThreeDs) -> Option<Value> {
    if three_ds.external.is_some() {
        return None;
    }
    match three_ds.mode {
        ThreeDsMode::Auto => None,
        ThreeDsMode::Challenge => Some(json!({"attemptAuthentication": "always"})),
        ThreeDsMode::Skip => Some(json!({"attemptAuthentication": "never"})),
    }
}

/// `lineItems` (LineItem): Klarna, Afterpay and Affirm require them, adding up to the amount
/// (https://docs.adyen.com/payment-methods/klarna/api-only). Adyen's amounts are in its own
/// minor units: `to_adyen` converts each.
pub fn line_items(
    pm: &PaymentMethod,
    lines: &[OrderLine],
    amount: &crate::protocol::Money,
    to_adyen: impl Fn(&crate::protocol::Money, &str) -> Result<i64, SidecarError>,
) -> Result<Option<Value>, SidecarError> {
    let needs_lines = matches!(pm, PaymentMethod::Bnpl(_));
    if lines.is_empty() {
        if needs_lines {
            return Err(SidecarError::missing_field("request.orderLines", "Adyen's Klarna, Afterpay and Affirm take the order's lines"));
        }
        return Ok(None);
    }
    if needs_lines {
        crate::kit::order_lines::require_total(lines, amount, "Adyen")?;
    }
    let mut items = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let f = format!("request.orderLines[{i}]");
        let incl = to_adyen(&l.unit_amount, &format!("{f}.unitAmount"))?;
        let mut item = json!({"description": l.name, "quantity": l.quantity, "amountIncludingTax": incl});
        let m = item.as_object_mut().expect("an object");
        if let Some(tax) = &l.tax_amount {
            // taxAmount is the line's; Adyen's amounts are per item.
            let line_tax = to_adyen(tax, &format!("{f}.taxAmount"))?;
            let per_item = line_tax / l.quantity as i64;
            m.insert("taxAmount".into(), json!(per_item));
            m.insert("amountExcludingTax".into(), json!(incl - per_item));
        }
        for (k, v) in [("id", &l.sku), ("sku", &l.sku), ("imageUrl", &l.image_url), ("productUrl", &l.product_url)] {
            if let Some(v) = v {
                m.insert(k.into(), Value::String(v.clone()));
            }
        }
        items.push(item);
    }
    Ok(Some(Value::Array(items)))
}

//! What PayPal's Orders v2 takes in `payment_source` beside a card and the PayPal wallet: the
//! alternative payment methods (`ideal`, `bancontact`, `blik`, `eps`, `giropay`, `mybank`, `p24`,
//! `sofort`, `trustly`: checkout_orders_v2.json `*_request`, and "Integrate <method> using the
//! Orders API" in PayPal's docs), the card's 3-D Secure (`attributes.verification.method`) and
//! `stored_credential` from `recurringType`, and a third-party network token
//! (`card.network_token`: "Process payments using third-party network token processing").

use super::super::{PaymentMethods, SupportedPaymentMethod, UnsupportedPaymentMethod, PAY_AND_SAVE, PAY_ONLY};
use crate::protocol::{
    Address, BankRedirect, BankRedirectMethod, Customer, NetworkToken, PaymentMethodType, RecurringType, SidecarError,
    ThreeDs, ThreeDsMode,
};
use crate::kit::card::CardBrand;
use serde::Serialize;

pub static PAYMENT_METHODS: PaymentMethods = PaymentMethods {
    unsupported_methods: &[],
    supported: &[
        SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: PAY_AND_SAVE },
        // payment_source.card.network_token (Orders v2 network_token_request; the server SDK's
        // NetworkToken): a scheme token the merchant provisioned with its own token service
        // provider, paid like a card. It stays in the merchant's vault, so it only pays here:
        // PayPal's Vault saves cards (setupMandate with type card).
        SupportedPaymentMethod { kind: PaymentMethodType::NetworkToken, methods: &[], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::Paypal, methods: &[], flows: PAY_AND_SAVE },
        // payment_source.<method> of Orders v2; captured on approval (intent CAPTURE,
        // processing_instruction ORDER_COMPLETE_ON_PAYMENT_APPROVAL).
        SupportedPaymentMethod {
            kind: PaymentMethodType::BankRedirect,
            methods: &["ideal", "bancontact", "blik", "eps", "giropay", "mybank", "przelewy24", "sofort", "trustly"],
            flows: PAY_ONLY,
        },
        // payment_source.apple_pay / google_pay with `decrypted_token` (Orders v2; the official
        // server SDK's ApplePayDecryptedTokenData and GooglePayDecryptedTokenData): for merchants
        // that decrypt the wallet's token themselves. An encrypted token is confirmed on the
        // shopper's device by PayPal's JS SDK (paypal.Applepay().confirmOrder /
        // paypal.Googlepay().confirmOrder), which gives the server nothing to send: refused, saying so.
        SupportedPaymentMethod { kind: PaymentMethodType::ApplePay, methods: &[], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::GooglePay, methods: &[], flows: PAY_ONLY },
    ],
    unsupported: &[
        UnsupportedPaymentMethod { kind: PaymentMethodType::Token, reason: "PayPal's card fields (JS SDK) submit the card to an order the server created and give the server no token to send: read that order with psync, or send type card" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::BankDebit, reason: "PayPal's Orders v2 has no bank debit payment_source" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::Bnpl, reason: "PayPal's own Pay Later runs inside the PayPal wallet (type paypal); Orders v2 has no Klarna, Afterpay or Affirm payment_source" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::Voucher, reason: "PayPal's Orders v2 has no Boleto, OXXO, Konbini or Pix payment_source" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::WalletRedirect, reason: "PayPal's Orders v2 takes no third-party wallet beside Apple Pay, Google Pay and Venmo" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: "PayPal does not offer UPI; use the PhonePe connector" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: "PayPal does not offer UPI; use the PhonePe connector" },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::MobileMoney,
            reason: "PayPal offers no mobile money wallets",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankTransfer,
            reason: "PayPal's Orders API has a bank transfer only as Pay upon Invoice (Germany, through Ratepay), whose bank details reach the buyer by e-mail after the order ships; it gives no account at payment time",
        },
    ],
};

const FIELD: &str = "request.paymentMethod.bankRedirect";

/// `experience_context` of an alternative payment method: where the payer comes back.
#[derive(Debug, Serialize)]
pub struct AltPayExperience {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    pub return_url: String,
    pub cancel_url: String,
}

/// `blik_seamless` (level_0): the six-digit code from the payer's bank app. It pays: no `Debug`.
#[derive(Serialize)]
pub struct BlikLevel0 {
    pub auth_code: String,
}

/// One of the `*_request` objects of an alternative payment method (`name` and `country_code`
/// required in all of them; `bic` iDEAL's; `email` P24's, required there, and BLIK's).
#[derive(Serialize)]
pub struct AltPaySource {
    pub name: String,
    pub country_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub experience_context: AltPayExperience,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level_0: Option<BlikLevel0>,
}

/// The `payment_source` key of a bank redirect and its object.
pub fn alt_pay_source(
    b: &BankRedirect,
    customer: Option<&Customer>,
    billing: Option<&Address>,
    return_url: Option<&str>,
    language: Option<&str>,
) -> Result<(&'static str, AltPaySource), SidecarError> {
    let method = b.method;
    // The country each single-country method is for (PayPal's guides create the order with it).
    let (key, home) = match method {
        BankRedirectMethod::Ideal => ("ideal", Some("NL")),
        BankRedirectMethod::Bancontact => ("bancontact", Some("BE")),
        BankRedirectMethod::Blik => ("blik", Some("PL")),
        BankRedirectMethod::Eps => ("eps", Some("AT")),
        BankRedirectMethod::Giropay => ("giropay", Some("DE")),
        BankRedirectMethod::Mybank => ("mybank", Some("IT")),
        BankRedirectMethod::Przelewy24 => ("p24", Some("PL")),
        BankRedirectMethod::Sofort => ("sofort", None),
        BankRedirectMethod::Trustly => ("trustly", None),
        other => {
            return Err(SidecarError::payment_method_not_supported(&format!("PayPal's Orders v2 has no payment_source for `{}`", other.as_str()))
                .with_field(format!("{FIELD}.method")))
        }
    };
    let return_url = return_url.map(str::trim).filter(|u| !u.is_empty()).ok_or_else(|| {
        SidecarError::missing_field("request.returnUrl", "the payer approves at the bank and comes back to returnUrl (experience_context.return_url and cancel_url)")
    })?;
    let country = b
        .country
        .clone()
        .or_else(|| billing.and_then(|a| a.country.clone()).map(|c| c.trim().to_ascii_uppercase()).filter(|c| c.len() == 2))
        .or_else(|| home.map(str::to_string))
        .ok_or_else(|| {
            SidecarError::missing_field(&format!("{FIELD}.country"), &format!("PayPal's {key} needs the payer's country (country_code)"))
        })?;
    let name = billing
        .and_then(|a| {
            let parts: Vec<&str> =
                [a.first_name.as_deref(), a.last_name.as_deref()].into_iter().flatten().map(str::trim).filter(|s| !s.is_empty()).collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        })
        .or_else(|| customer.and_then(|c| c.name.as_deref()).map(str::trim).filter(|n| !n.is_empty()).map(str::to_string))
        .ok_or_else(|| SidecarError::missing_field("request.customer.name", &format!("PayPal's {key} requires the account holder's name (name)")))?;
    // full_name: 3 to 300 characters.
    if !(3..=300).contains(&name.chars().count()) {
        return Err(SidecarError::invalid_field("request.customer.name", "PayPal takes an account holder name of 3 to 300 characters".into()));
    }
    let email = customer.and_then(|c| c.email.as_deref()).map(str::trim).filter(|e| !e.is_empty()).map(str::to_string);
    let email = match method {
        BankRedirectMethod::Przelewy24 => Some(email.ok_or_else(|| {
            SidecarError::missing_field("request.customer.email", "PayPal's p24 requires the account holder's email")
        })?),
        BankRedirectMethod::Blik => email,
        _ => None,
    };
    let bic = match method {
        BankRedirectMethod::Ideal => match b.issuer.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
            Some(bic) if bic_shape(bic) => Some(bic.to_string()),
            Some(_) => return Err(SidecarError::invalid_field(&format!("{FIELD}.issuer"), "the bank's BIC: 8 or 11 letters and digits, e.g. INGBNL2A".into())),
            None => None,
        },
        _ => None,
    };
    let level_0 = match (method, &b.blik_code) {
        (BankRedirectMethod::Blik, Some(code)) => Some(BlikLevel0 { auth_code: code.expose().to_string() }),
        _ => None,
    };
    Ok((
        key,
        AltPaySource {
            name,
            country_code: country,
            bic,
            email,
            experience_context: AltPayExperience {
                locale: language.and_then(paypal_locale),
                return_url: return_url.to_string(),
                cancel_url: return_url.to_string(),
            },
            level_0,
        },
    ))
}

/// `^[A-Z-a-z0-9]{4}[A-Z-a-z]{2}[A-Z-a-z0-9]{2}([A-Z-a-z0-9]{3})?$`.
fn bic_shape(bic: &str) -> bool {
    let b = bic.as_bytes();
    matches!(b.len(), 8 | 11) && b.iter().all(|c| c.is_ascii_alphanumeric()) && b[4..6].iter().all(|c| c.is_ascii_alphabetic())
}

/// PayPal's `locale` is a five-character BCP 47 code (`nl-NL`); anything else is left out.
fn paypal_locale(tag: &str) -> Option<String> {
    let (lang, region) = tag.split_once(['-', '_'])?;
    (lang.len() == 2 && region.len() == 2 && lang.bytes().all(|b| b.is_ascii_alphabetic()) && region.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| format!("{}-{}", lang.to_ascii_lowercase(), region.to_ascii_uppercase()))
}

/// `card.attributes.verification.method` (Orders v2 card_attributes; the official Server SDK's
/// CardVerification): `challenge` → SCA_ALWAYS; `auto` with a returnUrl → SCA_WHEN_REQUIRED ("a 3DS
/// contingency when it is a mandate in the region"), which can send the payer to the issuer and
/// needs somewhere to come back; auto without one and `skip` send none (no 3-D Secure asked).
/// A 3-D Secure result from elsewhere has no field in Orders v2's card request: refused.
pub fn verification_method(t: &ThreeDs, return_url: Option<&str>) -> Result<Option<&'static str>, SidecarError> {
    if t.external.is_some() {
        return Err(SidecarError::invalid_field(
            "request.threeDs.external",
            "PayPal's Orders v2 takes no 3-D Secure result from another provider with a card: let PayPal authenticate (threeDs challenge or auto)".into(),
        ));
    }
    Ok(match t.mode {
        ThreeDsMode::Challenge => {
            if return_url.is_none() {
                return Err(SidecarError::missing_field(
                    "request.returnUrl",
                    "a 3-D Secure challenge sends the payer to the issuer and back (card.experience_context.return_url)",
                ));
            }
            Some("SCA_ALWAYS")
        }
        ThreeDsMode::Auto if return_url.is_some() => Some("SCA_WHEN_REQUIRED"),
        ThreeDsMode::Auto | ThreeDsMode::Skip => None,
    })
}

/// `stored_credential.payment_type` of a series (card_stored_credential: ONE_TIME, RECURRING,
/// UNSCHEDULED): a subscription and instalments have a schedule, RECURRING; charges when needed
/// are UNSCHEDULED.
pub fn stored_payment_type(r: RecurringType) -> &'static str {
    match r {
        RecurringType::Scheduled | RecurringType::Installment => "RECURRING",
        RecurringType::Unscheduled => "UNSCHEDULED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_and_bics() {
        assert_eq!(paypal_locale("nl-NL").as_deref(), Some("nl-NL"));
        assert_eq!(paypal_locale("de_at").as_deref(), Some("de-AT"));
        assert_eq!(paypal_locale("de"), None);
        assert!(bic_shape("INGBNL2A") && bic_shape("RABONL2UXXX"));
        assert!(!bic_shape("ING") && !bic_shape("INGB122A"));
    }

    #[test]
    fn verification() {
        let t = |mode| ThreeDs { mode, external: None };
        assert_eq!(verification_method(&t(ThreeDsMode::Challenge), Some("https://r")).unwrap(), Some("SCA_ALWAYS"));
        assert_eq!(verification_method(&t(ThreeDsMode::Auto), Some("https://r")).unwrap(), Some("SCA_WHEN_REQUIRED"));
        assert_eq!(verification_method(&t(ThreeDsMode::Auto), None).unwrap(), None);
        assert_eq!(verification_method(&t(ThreeDsMode::Skip), Some("https://r")).unwrap(), None);
        assert_eq!(verification_method(&t(ThreeDsMode::Challenge), None).unwrap_err().field.as_deref(), Some("request.returnUrl"));
        assert_eq!(stored_payment_type(RecurringType::Installment), "RECURRING");
        assert_eq!(stored_payment_type(RecurringType::Unscheduled), "UNSCHEDULED");
    }
}

/// `payment_source.apple_pay` of a decrypted Apple Pay token: the device account number and its
/// online cryptogram (`payment_data_type` 3DSECURE, the non-China kind).
#[derive(Debug, Serialize)]
pub struct ApplePaySource {
    pub decrypted_token: ApplePayDecryptedToken,
}

#[derive(Debug, Serialize)]
pub struct ApplePayDecryptedToken {
    pub transaction_amount: super::requests::PayPalMoney,
    pub tokenized_card: WalletCard,
    pub payment_data_type: &'static str,
    pub payment_data: ApplePayPaymentData,
}

#[derive(Debug, Serialize)]
pub struct ApplePayPaymentData {
    pub cryptogram: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eci_indicator: Option<String>,
}

/// The card of a decrypted wallet token: `number` and `expiry` (YYYY-MM).
#[derive(Debug, Serialize)]
pub struct WalletCard {
    pub number: String,
    pub expiry: String,
}

/// `payment_source.google_pay` of a decrypted Google Pay token: `CRYPTOGRAM_3DS` (a device token
/// with its cryptogram) or `PAN_ONLY` (a card on file in the Google account).
#[derive(Debug, Serialize)]
pub struct GooglePaySource {
    pub decrypted_token: GooglePayDecryptedToken,
}

#[derive(Debug, Serialize)]
pub struct GooglePayDecryptedToken {
    pub payment_method: &'static str,
    pub card: WalletCard,
    pub authentication_method: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cryptogram: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eci_indicator: Option<String>,
}

fn wallet_card(d: &crate::protocol::DecryptedWalletCard) -> WalletCard {
    WalletCard { number: d.number.expose().to_string(), expiry: format!("{}-{}", d.exp_year, d.exp_month) }
}

fn encrypted_refused(field: &str, wallet: &str, sdk: &str) -> SidecarError {
    SidecarError::invalid_field(
        field,
        format!(
            "PayPal takes a server-side {wallet} payment only with a token the merchant decrypted (payment_source.{}.decrypted_token); \
             an encrypted {wallet} token is confirmed on the shopper's device by PayPal's JS SDK ({sdk}), with nothing for the server to send",
            if wallet == "Apple Pay" { "apple_pay" } else { "google_pay" }
        ),
    )
}

/// `payment_source.apple_pay` for the request's Apple Pay token (decrypted only).
pub fn apple_pay_source(a: &crate::protocol::ApplePay, amount: &crate::protocol::Money) -> Result<ApplePaySource, SidecarError> {
    match a.token("request.paymentMethod.applePay")? {
        crate::protocol::WalletToken::Encrypted(_) => Err(encrypted_refused("request.paymentMethod.applePay.paymentData", "Apple Pay", "paypal.Applepay().confirmOrder")),
        crate::protocol::WalletToken::Decrypted(d) => {
            let cryptogram = d.cryptogram.as_ref().map(|c| c.expose().trim().to_string()).filter(|c| !c.is_empty()).ok_or_else(|| {
                SidecarError::missing_field("request.paymentMethod.applePay.decrypted.cryptogram", "an Apple Pay payment carries the token's online payment cryptogram")
            })?;
            Ok(ApplePaySource {
                decrypted_token: ApplePayDecryptedToken {
                    transaction_amount: super::requests::PayPalMoney::from_unified(amount, "request.amount")?,
                    tokenized_card: wallet_card(d),
                    payment_data_type: "3DSECURE",
                    payment_data: ApplePayPaymentData { cryptogram, eci_indicator: d.eci.as_deref().map(str::trim).filter(|e| !e.is_empty()).map(str::to_string) },
                },
            })
        }
    }
}

/// `payment_source.google_pay` for the request's Google Pay token (decrypted only).
pub fn google_pay_source(g: &crate::protocol::GooglePay) -> Result<GooglePaySource, SidecarError> {
    match g.wallet_token("request.paymentMethod.googlePay")? {
        crate::protocol::WalletToken::Encrypted(_) => Err(encrypted_refused("request.paymentMethod.googlePay.token", "Google Pay", "paypal.Googlepay().confirmOrder")),
        crate::protocol::WalletToken::Decrypted(d) => {
            let cryptogram = d.cryptogram.as_ref().map(|c| c.expose().trim().to_string()).filter(|c| !c.is_empty());
            Ok(GooglePaySource {
                decrypted_token: GooglePayDecryptedToken {
                    payment_method: "CARD",
                    card: wallet_card(d),
                    authentication_method: if cryptogram.is_some() { "CRYPTOGRAM_3DS" } else { "PAN_ONLY" },
                    cryptogram,
                    eci_indicator: d.eci.as_deref().map(str::trim).filter(|e| !e.is_empty()).map(str::to_string),
                },
            })
        }
    }
}

const NETWORK_TOKEN: &str = "request.paymentMethod.networkToken";

/// `card.network_token` (network_token_request): the token number and expiry are required; the
/// cryptogram (28 to 32 characters, "not required ... for recurring transactions", which this
/// connector does not send on a network token), the ECI as PayPal's `eci_flag` word and the token
/// requestor id are optional. Card data: no `Debug`.
#[derive(Serialize)]
pub struct NetworkTokenRequest {
    pub number: String,
    /// `YYYY-MM`.
    pub expiry: String,
    pub cryptogram: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eci_flag: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_requestor_id: Option<String>,
}

/// PayPal's `eci_flag` word for a token's ECI. The words are per scheme (the server SDK's EciFlag:
/// the MASTERCARD_* words for Mastercard, the others for "VISA, AMEX, JCB, DINERS CLUB"), and so
/// are the ECI digits: Mastercard's 00 / 01 / 02 (not authenticated, attempted, fully
/// authenticated), the other schemes' 07 / 06 / 05. An ECI with no word for the token's scheme
/// (Mastercard's 06 and 07 mean an exemption and an authenticated merchant-initiated payment,
/// which PayPal has no word for) is refused naming the field.
pub fn eci_flag(eci: &str, brand: CardBrand, field: &str) -> Result<&'static str, SidecarError> {
    let mastercard = matches!(brand, CardBrand::Mastercard | CardBrand::Maestro);
    let value: Option<u8> = eci.trim().parse().ok();
    let word = match (mastercard, value) {
        (true, Some(0)) => Some("MASTERCARD_NON_3D_SECURE_TRANSACTION"),
        (true, Some(1)) => Some("MASTERCARD_ATTEMPTED_AUTHENTICATION_TRANSACTION"),
        (true, Some(2)) => Some("MASTERCARD_FULLY_AUTHENTICATED_TRANSACTION"),
        (false, Some(5)) => Some("FULLY_AUTHENTICATED_TRANSACTION"),
        (false, Some(6)) => Some("ATTEMPTED_AUTHENTICATION_TRANSACTION"),
        (false, Some(7)) => Some("NON_3D_SECURE_TRANSACTION"),
        _ => None,
    };
    word.ok_or_else(|| {
        SidecarError::invalid_field(
            field,
            if mastercard {
                "PayPal's eci_flag has words for a Mastercard token's ECI 00, 01 and 02 only".into()
            } else {
                "PayPal's eci_flag has words for ECI 05, 06 and 07 of a Visa, Amex, JCB or Diners token (00, 01 and 02 are Mastercard's)".into()
            },
        )
    })
}

/// `card.network_token` for the request's network token, checked against the spec's limits
/// before anything is sent; no message quotes the token, its cryptogram or its requestor id.
pub fn network_token_request(t: &NetworkToken) -> Result<NetworkTokenRequest, SidecarError> {
    let number = t.number.expose();
    // `^[0-9]{13,19}$`: the protocol takes 12 digits too.
    if !(13..=19).contains(&number.len()) {
        return Err(SidecarError::invalid_field(&format!("{NETWORK_TOKEN}.number"), "PayPal takes a network token of 13 to 19 digits".into()));
    }
    let cryptogram = t.cryptogram.expose().trim();
    if !(28..=32).contains(&cryptogram.chars().count()) {
        return Err(SidecarError::invalid_field(
            &format!("{NETWORK_TOKEN}.cryptogram"),
            "PayPal takes a network token cryptogram of 28 to 32 characters (a TAVV or DSRP cryptogram in base64)".into(),
        ));
    }
    let eci_flag = match t.eci.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        Some(eci) => Some(eci_flag(eci, CardBrand::detect(number), &format!("{NETWORK_TOKEN}.eci"))?),
        None => None,
    };
    let token_requestor_id = match t.token_requestor_id.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
        // `^[0-9A-Z_]+$`, 1 to 11 characters.
        Some(id) if id.len() <= 11 && id.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase() || b == b'_') => Some(id.to_string()),
        Some(_) => {
            return Err(SidecarError::invalid_field(
                &format!("{NETWORK_TOKEN}.tokenRequestorId"),
                "PayPal takes a token requestor id of 1 to 11 digits, capital letters or _ (the scheme's TRID, e.g. 11 digits)".into(),
            ))
        }
        None => None,
    };
    Ok(NetworkTokenRequest {
        number: number.to_string(),
        expiry: format!("{}-{}", t.exp_year.trim(), t.exp_month.trim()),
        cryptogram: cryptogram.to_string(),
        eci_flag,
        token_requestor_id,
    })
}

#[cfg(test)]
mod network_token_tests {
    use super::*;

    #[test]
    fn eci_words_per_scheme() {
        let f = "request.paymentMethod.networkToken.eci";
        assert_eq!(eci_flag("05", CardBrand::Visa, f).unwrap(), "FULLY_AUTHENTICATED_TRANSACTION");
        assert_eq!(eci_flag("6", CardBrand::Amex, f).unwrap(), "ATTEMPTED_AUTHENTICATION_TRANSACTION");
        assert_eq!(eci_flag("07", CardBrand::Jcb, f).unwrap(), "NON_3D_SECURE_TRANSACTION");
        assert_eq!(eci_flag("02", CardBrand::Mastercard, f).unwrap(), "MASTERCARD_FULLY_AUTHENTICATED_TRANSACTION");
        assert_eq!(eci_flag("01", CardBrand::Maestro, f).unwrap(), "MASTERCARD_ATTEMPTED_AUTHENTICATION_TRANSACTION");
        assert_eq!(eci_flag("00", CardBrand::Mastercard, f).unwrap(), "MASTERCARD_NON_3D_SECURE_TRANSACTION");
        for (eci, brand) in [("07", CardBrand::Mastercard), ("06", CardBrand::Mastercard), ("02", CardBrand::Visa), ("04", CardBrand::Visa), ("00", CardBrand::Unknown)] {
            let e = eci_flag(eci, brand, f).unwrap_err();
            assert_eq!((e.kind, e.field.as_deref()), (crate::protocol::ErrorKind::InvalidFieldValue, Some(f)), "{eci} {brand:?}");
        }
    }
}

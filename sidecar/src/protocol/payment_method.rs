//! The payment method payloads beyond a raw card (PROTOCOL.md "Additions for real checkouts"):
//! network tokens, wallets, bank redirects and debits, buy-now-pay-later, vouchers and redirect
//! wallets. Every value that pays on its own (a DPAN, a cryptogram, an IBAN, an account number, a
//! wallet's encrypted token) is a [`CardNumber`] or a [`Secret`], so no `Debug`, log line or error
//! message can show it.

use super::{CardNumber, Secret, SidecarError};
use serde::{Deserialize, Serialize};

/// A card scheme network token (Visa VTS, Mastercard MDES) and this payment's cryptogram.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkToken {
    /// The DPAN.
    pub number: CardNumber,
    pub exp_month: String,
    pub exp_year: String,
    /// The token cryptogram (TAVV).
    pub cryptogram: Secret,
    pub eci: Option<String>,
    pub token_requestor_id: Option<String>,
}

/// A wallet token the merchant (or its vault) decrypted: a device account number and, for
/// `CRYPTOGRAM_3DS` tokens, its cryptogram.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecryptedWalletCard {
    pub number: CardNumber,
    pub exp_month: String,
    pub exp_year: String,
    pub cryptogram: Option<Secret>,
    pub eci: Option<String>,
}

/// An Apple Pay payment token: encrypted (`payment_data`) or decrypted, exactly one of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApplePay {
    /// Base64 of the PKPaymentToken's `paymentData` JSON.
    pub payment_data: Option<Secret>,
    pub decrypted: Option<DecryptedWalletCard>,
    /// `PKPaymentMethod.network` (Visa, MasterCard, AmEx, ...).
    pub network: Option<String>,
    pub display_name: Option<String>,
}

/// A Google Pay payment token: encrypted (`token`, the PaymentMethodToken JSON) or decrypted.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GooglePay {
    pub token: Option<Secret>,
    pub decrypted: Option<DecryptedWalletCard>,
    /// `paymentMethodData.info.cardNetwork` (VISA, MASTERCARD, ...).
    pub card_network: Option<String>,
    /// `paymentMethodData.info.cardDetails`: the last four digits.
    pub card_details: Option<String>,
}

/// A wallet token either passed through encrypted or decrypted by the merchant.
pub enum WalletToken<'a> {
    Encrypted(&'a Secret),
    Decrypted(&'a DecryptedWalletCard),
}

macro_rules! method_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
        pub enum $name {
            $(#[serde(rename = $wire)] $variant),+
        }
        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }
        }
    };
}

method_enum!(
    /// `bankRedirect.method`.
    BankRedirectMethod {
        Ideal = "ideal",
        Bancontact = "bancontact",
        Eps = "eps",
        Blik = "blik",
        Przelewy24 = "przelewy24",
        Sofort = "sofort",
        Giropay = "giropay",
        Trustly = "trustly",
        OnlineBankingFpx = "onlineBankingFpx",
        Knet = "knet",
        Mybank = "mybank",
        Multibanco = "multibanco",
        Netbanking = "netbanking",
        OnlineBanking = "onlineBanking",
    }
);

method_enum!(
    /// `bankDebit.method`.
    BankDebitMethod { Sepa = "sepa", Ach = "ach", Bacs = "bacs", Becs = "becs", Emandate = "emandate" }
);

method_enum!(
    /// `bankDebit.authType`: how the shopper authorises an Indian e-mandate at their bank.
    EmandateAuthType { Netbanking = "netbanking", Debitcard = "debitcard", Aadhaar = "aadhaar" }
);

method_enum!(
    /// `bnpl.method`.
    BnplMethod { Klarna = "klarna", AfterpayClearpay = "afterpayClearpay", Affirm = "affirm" }
);

method_enum!(
    /// `voucher.method`.
    VoucherMethod { Boleto = "boleto", Oxxo = "oxxo", Konbini = "konbini", Pix = "pix" }
);

method_enum!(
    /// `walletRedirect.method`.
    WalletRedirectMethod {
        Alipay = "alipay",
        AlipayHk = "alipayHk",
        WechatPay = "wechatPay",
        Mbway = "mbway",
        Swish = "swish",
        Twint = "twint",
        Vipps = "vipps",
        Mobilepay = "mobilepay",
        Gcash = "gcash",
        Grabpay = "grabpay",
        KakaoPay = "kakaoPay",
        Dana = "dana",
        Gopay = "gopay",
        TouchNGo = "touchNGo",
        CashApp = "cashApp",
        RevolutPay = "revolutPay",
        Payzapp = "payzapp",
        AirtelMoney = "airtelMoney",
        Mobikwik = "mobikwik",
        JioMoney = "jioMoney",
        OlaMoney = "olaMoney",
        Phonepe = "phonepe",
        AmazonPay = "amazonPay",
    }
);

method_enum!(
    /// `mobileMoney.provider`: the mobile money operator.
    MobileMoneyProvider {
        Mpesa = "mpesa",
        Mtn = "mtn",
        AirtelTigo = "airtelTigo",
        Vodafone = "vodafone",
        Airtel = "airtel",
        Orange = "orange",
    }
);

method_enum!(
    /// `bankTransfer.method`.
    BankTransferMethod { VirtualAccount = "virtualAccount", SepaCreditTransfer = "sepaCreditTransfer" }
);

/// A mobile money wallet (M-Pesa, MTN MoMo, ...): the shopper approves on their phone.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MobileMoney {
    pub provider: MobileMoneyProvider,
    /// E.164. It names the shopper's wallet, so it is kept out of logs and errors like a secret.
    pub phone_number: Secret,
    pub processor_method: Option<String>,
}

/// A bank transfer to an account the processor gives (a virtual account, a SEPA credit transfer's
/// IBAN and reference): the result's nextAction is `displayBankDetails`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BankTransfer {
    pub method: BankTransferMethod,
    /// The bank or channel code, where the method asks for one (BCA, BNI, MANDIRI, ...).
    pub bank: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub processor_method: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BankRedirect {
    pub method: BankRedirectMethod,
    /// The shopper's bank, where the method asks for one (iDEAL issuer, EPS bank).
    pub issuer: Option<String>,
    /// BLIK's six-digit code from the shopper's bank app: single use, but it pays.
    pub blik_code: Option<Secret>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// The shopper accepted the method provider's terms (BLIK through Worldpay needs Przelewy24's).
    pub terms_accepted: Option<bool>,
    pub processor_method: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum BankAccountType {
    #[default]
    Checking,
    Savings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum MandateAcceptanceType {
    #[default]
    Online,
    Offline,
}

/// How the shopper accepted a debit mandate (SEPA and BECS require it to be recorded).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MandateAcceptance {
    #[serde(default, rename = "type")]
    pub kind: MandateAcceptanceType,
    /// ISO 8601 UTC.
    pub accepted_at: Option<String>,
    /// Default: `browserInfo.ipAddress`.
    pub ip_address: Option<String>,
    /// Default: `browserInfo.userAgent`.
    pub user_agent: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BankDebit {
    pub method: BankDebitMethod,
    pub account_holder_name: String,
    pub iban: Option<Secret>,
    pub account_number: Option<Secret>,
    pub routing_number: Option<String>,
    pub sort_code: Option<String>,
    pub bsb_number: Option<String>,
    pub account_type: Option<BankAccountType>,
    /// emandate: the shopper's branch (Indian Financial System Code).
    pub ifsc: Option<String>,
    /// emandate: how the shopper authorises the mandate.
    pub auth_type: Option<EmandateAuthType>,
    /// The merchant's own mandate reference (SEPA's Unique Mandate Reference).
    pub mandate_id: Option<String>,
    pub mandate_acceptance: Option<MandateAcceptance>,
    pub processor_method: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Bnpl {
    pub method: BnplMethod,
    pub processor_method: Option<String>,
    /// The merchant's terms and conditions page (Klarna through Worldpay: `order.termsUrl`).
    pub terms_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Voucher {
    pub method: VoucherMethod,
    /// The shopper's CPF or CNPJ (Boleto, Pix).
    pub tax_id: Option<String>,
    pub processor_method: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WalletRedirect {
    pub method: WalletRedirectMethod,
    pub processor_method: Option<String>,
}

/// `processorMethod`: the processor's own name for a method, for processors that name methods per
/// merchant account and country (Rapyd, Nuvei). Its shape is checked here; whether the processor
/// knows it is the processor's answer.
pub(super) fn validate_processor_method(value: &Option<String>, field: &str) -> Result<(), SidecarError> {
    match value {
        Some(v)
            if v.is_empty()
                || v.len() > 64
                || !v.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-')) =>
        {
            Err(SidecarError::invalid_field(
                &format!("{field}.processorMethod"),
                "the processor's method name: letters, digits, _ . : - (at most 64)".into(),
            ))
        }
        _ => Ok(()),
    }
}

fn digits(value: &str, lengths: std::ops::RangeInclusive<usize>) -> bool {
    lengths.contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit())
}

/// A device or network token number with its expiry: the same checks as a card's.
fn validate_token_card(number: &CardNumber, exp_month: &str, exp_year: &str, field: &str) -> Result<(), SidecarError> {
    super::card::validate_pan_and_expiry(number, exp_month, exp_year, field)
}

fn validate_eci(eci: &Option<String>, field: &str) -> Result<(), SidecarError> {
    match eci {
        Some(e) if !digits(e, 1..=2) => {
            Err(SidecarError::invalid_field(&format!("{field}.eci"), "the ECI is one or two digits, e.g. 05 or 07".into()))
        }
        _ => Ok(()),
    }
}

fn require_secret(value: &Secret, field: &str) -> Result<(), SidecarError> {
    super::required(value.expose(), field).map(|_| ())
}

impl NetworkToken {
    pub(super) fn validate(&self, field: &str) -> Result<(), SidecarError> {
        validate_token_card(&self.number, &self.exp_month, &self.exp_year, field)?;
        require_secret(&self.cryptogram, &format!("{field}.cryptogram"))?;
        validate_eci(&self.eci, field)
    }
}

impl DecryptedWalletCard {
    fn validate(&self, field: &str, cryptogram_required: bool) -> Result<(), SidecarError> {
        validate_token_card(&self.number, &self.exp_month, &self.exp_year, field)?;
        match &self.cryptogram {
            Some(c) => require_secret(c, &format!("{field}.cryptogram"))?,
            None if cryptogram_required => return Err(SidecarError::missing_field(&format!("{field}.cryptogram"), "")),
            None => {}
        }
        validate_eci(&self.eci, field)
    }
}

/// Exactly one of the encrypted token and the decrypted card.
fn one_of<'a>(
    encrypted: Option<&'a Secret>,
    decrypted: Option<&'a DecryptedWalletCard>,
    field: &str,
    encrypted_name: &str,
) -> Result<WalletToken<'a>, SidecarError> {
    match (encrypted, decrypted) {
        (Some(e), None) => {
            require_secret(e, &format!("{field}.{encrypted_name}"))?;
            Ok(WalletToken::Encrypted(e))
        }
        (None, Some(d)) => Ok(WalletToken::Decrypted(d)),
        (None, None) => Err(SidecarError::missing_field(
            &format!("{field}.{encrypted_name}"),
            "give the encrypted token or `decrypted`",
        )),
        (Some(_), Some(_)) => Err(SidecarError::invalid_field(
            &format!("{field}.decrypted"),
            format!("give `{encrypted_name}` or `decrypted`, not both"),
        )),
    }
}

impl ApplePay {
    pub(super) fn validate(&self, field: &str) -> Result<(), SidecarError> {
        if let Some(d) = &self.decrypted {
            d.validate(&format!("{field}.decrypted"), true)?;
        }
        self.token(field).map(|_| ())
    }

    /// The token to send: encrypted `paymentData` or the decrypted card.
    pub fn token(&self, field: &str) -> Result<WalletToken<'_>, SidecarError> {
        one_of(self.payment_data.as_ref(), self.decrypted.as_ref(), field, "paymentData")
    }
}

impl GooglePay {
    pub(super) fn validate(&self, field: &str) -> Result<(), SidecarError> {
        if let Some(d) = &self.decrypted {
            d.validate(&format!("{field}.decrypted"), false)?;
        }
        self.wallet_token(field).map(|_| ())
    }

    /// The token to send: the encrypted PaymentMethodToken or the decrypted card.
    pub fn wallet_token(&self, field: &str) -> Result<WalletToken<'_>, SidecarError> {
        one_of(self.token.as_ref(), self.decrypted.as_ref(), field, "token")
    }
}

impl BankRedirect {
    pub(super) fn validate(&self, field: &str) -> Result<(), SidecarError> {
        if let Some(code) = &self.blik_code {
            if !digits(code.expose(), 6..=6) {
                return Err(SidecarError::invalid_field(&format!("{field}.blikCode"), "a BLIK code is six digits".into()));
            }
        }
        if let Some(c) = &self.country {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(SidecarError::invalid_field(&format!("{field}.country"), "ISO 3166-1 alpha-2, e.g. DE".into()));
            }
        }
        validate_processor_method(&self.processor_method, field)
    }
}

impl BankDebit {
    pub(super) fn validate(&self, field: &str) -> Result<(), SidecarError> {
        super::required(&self.account_holder_name, &format!("{field}.accountHolderName"))?;
        if let Some(iban) = &self.iban {
            let i = iban.expose();
            let shape = (15..=34).contains(&i.len())
                && i[..2].bytes().all(|b| b.is_ascii_uppercase())
                && i[2..4].bytes().all(|b| b.is_ascii_digit())
                && i.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            if !shape || !iban_checksum_valid(i) {
                // Never the IBAN itself: it pays.
                return Err(SidecarError::invalid_field(
                    &format!("{field}.iban"),
                    "not a valid IBAN (upper case, no spaces, ISO 13616 check digits)".into(),
                ));
            }
        }
        if let Some(n) = &self.account_number {
            if !digits(n.expose(), 4..=18) {
                return Err(SidecarError::invalid_field(&format!("{field}.accountNumber"), "4 to 18 digits".into()));
            }
        }
        for (name, value, len) in
            [("routingNumber", &self.routing_number, 9), ("sortCode", &self.sort_code, 6), ("bsbNumber", &self.bsb_number, 6)]
        {
            if let Some(v) = value {
                if !digits(v, len..=len) {
                    return Err(SidecarError::invalid_field(&format!("{field}.{name}"), format!("{len} digits")));
                }
            }
        }
        if let Some(ifsc) = &self.ifsc {
            let b = ifsc.as_bytes();
            let shape = b.len() == 11
                && b[..4].iter().all(|c| c.is_ascii_uppercase())
                && b[4] == b'0'
                && b[5..].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            if !shape {
                return Err(SidecarError::invalid_field(
                    &format!("{field}.ifsc"),
                    "an IFSC: four letters, 0, six letters or digits, e.g. HDFC0000001".into(),
                ));
            }
        }
        if let Some(id) = &self.mandate_id {
            // SEPA's character set for references (EPC guidelines), at most 35.
            let ok = (1..=35).contains(&id.len())
                && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"+?/:().,' -".contains(&b));
            if !ok {
                return Err(SidecarError::invalid_field(
                    &format!("{field}.mandateId"),
                    "1 to 35 characters of the SEPA character set (letters, digits, + ? / : ( ) . , ' - and space)".into(),
                ));
            }
        }
        validate_processor_method(&self.processor_method, field)?;
        // What each scheme cannot go without.
        let needs: &[(&str, bool)] = match self.method {
            BankDebitMethod::Sepa => &[("iban", self.iban.is_some())],
            BankDebitMethod::Ach => &[("accountNumber", self.account_number.is_some()), ("routingNumber", self.routing_number.is_some())],
            BankDebitMethod::Bacs => &[("accountNumber", self.account_number.is_some()), ("sortCode", self.sort_code.is_some())],
            BankDebitMethod::Becs => &[("accountNumber", self.account_number.is_some()), ("bsbNumber", self.bsb_number.is_some())],
            BankDebitMethod::Emandate => &[("accountNumber", self.account_number.is_some()), ("ifsc", self.ifsc.is_some())],
        };
        for (name, present) in needs {
            if !present {
                return Err(SidecarError::missing_field(&format!("{field}.{name}"), &format!("method is {}", self.method.as_str())));
            }
        }
        Ok(())
    }
}

fn validate_country(country: &Option<String>, field: &str, example: &str) -> Result<(), SidecarError> {
    match country {
        Some(c) if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) => {
            Err(SidecarError::invalid_field(&format!("{field}.country"), format!("ISO 3166-1 alpha-2, e.g. {example}")))
        }
        _ => Ok(()),
    }
}

impl MobileMoney {
    pub(super) fn validate(&self, field: &str) -> Result<(), SidecarError> {
        let p = self.phone_number.expose();
        if !(p.starts_with('+') && digits(&p[1..], 7..=15) && !p[1..].starts_with('0')) {
            // Never the number itself: it names the shopper's wallet.
            return Err(SidecarError::invalid_field(
                &format!("{field}.phoneNumber"),
                "E.164: a + and 7 to 15 digits, no spaces, e.g. +233241234567".into(),
            ));
        }
        validate_processor_method(&self.processor_method, field)
    }

    /// The phone number's digits without the `+` (the form most processors take).
    pub fn phone_digits(&self) -> &str {
        &self.phone_number.expose()[1..]
    }
}

impl BankTransfer {
    pub(super) fn validate(&self, field: &str) -> Result<(), SidecarError> {
        if let Some(b) = &self.bank {
            super::required(b, &format!("{field}.bank"))?;
        }
        validate_processor_method(&self.processor_method, field)?;
        validate_country(&self.country, field, "ID")
    }
}

/// ISO 13616 check digits: the IBAN with its first four characters moved to the end, letters as
/// 10..35, is 1 mod 97.
fn iban_checksum_valid(iban: &str) -> bool {
    let rearranged = iban[4..].chars().chain(iban[..4].chars());
    let mut rem: u32 = 0;
    for c in rearranged {
        let v = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        rem = if v >= 10 { (rem * 100 + v) % 97 } else { (rem * 10 + v) % 97 };
    }
    rem == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iban_check_digits_follow_iso_13616() {
        // The examples of the ECBS IBAN standard and the German and Dutch banks' test IBANs.
        assert!(iban_checksum_valid("DE89370400440532013000"));
        assert!(iban_checksum_valid("NL91ABNA0417164300"));
        assert!(iban_checksum_valid("GB29NWBK60161331926819"));
        assert!(!iban_checksum_valid("DE89370400440532013001"));
    }

    #[test]
    fn method_names_are_the_protocol_names() {
        assert_eq!(BankRedirectMethod::Przelewy24.as_str(), "przelewy24");
        assert_eq!(serde_json::to_value(BnplMethod::AfterpayClearpay).unwrap(), "afterpayClearpay");
        let m: WalletRedirectMethod = serde_json::from_value(serde_json::json!("wechatPay")).unwrap();
        assert_eq!(m, WalletRedirectMethod::WechatPay);
    }
}

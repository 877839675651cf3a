//! Xendit's request bodies, named as the Payments API reference and the official Node SDK's models
//! (`xendit-node` 7.0.0: `PaymentRequestParameters`, `PaymentMethodParameters`, `CardParameters`,
//! `CardChannelProperties`, `CardInformation`, `EWalletParameters`, `EWalletChannelProperties`,
//! `CaptureParameters`, `CreateRefund`) name them.

use crate::kit::money::{json_number, minor_units_for, validate};
use crate::kit::text::present;
use crate::protocol::{
    AuthorizeRequest, BankRedirect, BankRedirectMethod, BankTransfer, BankTransferMethod, CaptureMethod, Card, Money, PaymentMethod, RefundRequest, RepeatPaymentRequest,
    SidecarError, ThreeDsMode, WalletRedirectMethod,
};
use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// Xendit's longest `reference_id` (its API reference: 255 characters).
const MAX_REFERENCE: usize = 255;

/// The currencies of the Payment Requests API (the SDK's `PaymentRequestCurrency`), the decimals
/// Xendit takes in each (IDR and VND are whole units at Xendit: "IDR amounts have no decimals";
/// PHP, THB, MYR and USD take two), and the country each is paid in (`PaymentRequestCountry`).
const CURRENCIES: &[(&str, u8, Option<&str>)] = &[
    ("IDR", 0, Some("ID")),
    ("PHP", 2, Some("PH")),
    ("VND", 0, Some("VN")),
    ("THB", 2, Some("TH")),
    ("MYR", 2, Some("MY")),
    ("USD", 2, None),
];

const COUNTRIES: &[&str] = &["ID", "PH", "VN", "TH", "MY"];

fn currency_rule(money: &Money, field: &str) -> Result<(u8, Option<&'static str>), SidecarError> {
    validate(money, field)?;
    CURRENCIES.iter().find(|(c, ..)| *c == money.currency).map(|(_, d, country)| (*d, *country)).ok_or_else(|| {
        SidecarError::invalid_field(
            &format!("{field}.currency"),
            format!(
                "Xendit's Payment Requests API takes {} only, not {}",
                CURRENCIES.iter().map(|(c, ..)| *c).collect::<Vec<_>>().join(", "),
                money.currency
            ),
        )
    })
}

/// A unified amount as Xendit's `amount`: a JSON number in major units with Xendit's decimals for
/// the currency, written as exact decimal text (no float). 150 IDR minor units (1.50 IDR) is
/// refused: Xendit takes whole rupiah.
pub fn xendit_amount(money: &Money, field: &str) -> Result<Box<RawValue>, SidecarError> {
    let (decimals, _) = currency_rule(money, field)?;
    if money.minor_amount <= 0 {
        return Err(SidecarError::invalid_field(&format!("{field}.minorAmount"), "Xendit takes a positive amount".into()));
    }
    let units = minor_units_for(money, decimals, field)?;
    let number = json_number(units, decimals, &format!("{field}.minorAmount"), "Xendit")?;
    // Written as JavaScript writes the number (what the SDK sends): no trailing zeros, 10.5 not 10.50.
    let text = number.get();
    if !text.contains('.') {
        return Ok(number);
    }
    Ok(RawValue::from_string(text.trim_end_matches('0').trim_end_matches('.').to_string()).expect("a decimal string is a JSON number"))
}

/// Xendit's decimals for a currency it takes (reading amounts back).
pub fn decimals(currency: &str) -> Option<u8> {
    CURRENCIES.iter().find(|(c, ..)| c.eq_ignore_ascii_case(currency)).map(|(_, d, _)| *d)
}

fn reference_id(id: &str, field: &str) -> Result<String, SidecarError> {
    let id = crate::protocol::required(id, field)?;
    if id.chars().count() > MAX_REFERENCE {
        return Err(SidecarError::invalid_field(field, format!("Xendit's reference_id takes at most {MAX_REFERENCE} characters")));
    }
    Ok(id.to_string())
}

/// `POST /payment_requests` (`PaymentRequestParameters`).
#[derive(Debug, Serialize)]
pub struct XenditPaymentRequest<'a> {
    pub reference_id: String,
    pub amount: Box<RawValue>,
    pub currency: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<XenditPaymentMethod<'a>>,
    /// A saved payment method (`pm-...`): repeatPayment, or a Xendit.js payment method as `token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method_id: Option<&'a str>,
    pub capture_method: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initiator: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<&'a BTreeMap<String, String>>,
}

/// `PaymentMethodParameters`.
#[derive(Debug, Serialize)]
pub struct XenditPaymentMethod<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub reusability: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<XenditCard<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ewallet: Option<XenditEwallet<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virtual_account: Option<XenditVirtualAccount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct_debit: Option<XenditDirectDebit<'a>>,
}

/// `DirectDebitParameters`: the bank's channel and what its page needs. `type` is left out, as
/// the SDK leaves it out: the channel code names the bank and how it is paid.
#[derive(Debug, Serialize)]
pub struct XenditDirectDebit<'a> {
    pub channel_code: &'static str,
    pub channel_properties: DirectDebitChannelProperties<'a>,
}

/// `DirectDebitChannelProperties`: where the bank sends the shopper back, and the shopper's
/// email and mobile number as the bank knows them (optional for the online banking channels).
#[derive(Debug, Serialize)]
pub struct DirectDebitChannelProperties<'a> {
    pub success_return_url: &'a str,
    pub failure_return_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile_number: Option<&'a str>,
}

/// The DIRECT_DEBIT channels where the shopper logs in to their bank's own page or app and pays
/// there (no account linked beforehand), as `DirectDebitChannelCode` of xendit-node 7.0.0 names
/// them, with the currency each is paid in and the unified `bankRedirect.method` that carries it:
/// Malaysia's FPX banks (retail and business), the Philippines' online banking, Thailand's mobile
/// banking apps and Indonesia's BCA KlikPay. The other direct debit channels (BPI, UBP, BRI,
/// BCA_ONEKLIK, KTB, SCB, ...) pay from an account linked first (with an OTP or the bank's
/// consent page), which bankRedirect does not describe.
pub const ONLINE_BANKING: &[(&str, &str, BankRedirectMethod)] = &[
    ("AFFIN_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("AGRO_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("ALLIANCE_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("AMBANK_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("ISLAM_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("MUAMALAT_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("BOC_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("RAKYAT_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("BSN_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("CIMB_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("HLB_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("HSBC_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("KFH_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("MAYB2E_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("MAYB2U_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("OCBC_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("PUBLIC_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("RHB_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("SCH_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("UOB_FPX", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("AFFIN_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("AGRO_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("ALLIANCE_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("AMBANK_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("ISLAM_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("MUAMALAT_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("BNP_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("CIMB_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("CITIBANK_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("DEUTSCHE_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("HLB_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("HSBC_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("RAKYAT_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("KFH_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("MAYB2E_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("OCBC_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("PUBLIC_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("RHB_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("SCH_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("UOB_FPX_BUSINESS", "MYR", BankRedirectMethod::OnlineBankingFpx),
    ("BDO_ONLINE_BANKING", "PHP", BankRedirectMethod::OnlineBanking),
    ("BPI_ONLINE_BANKING", "PHP", BankRedirectMethod::OnlineBanking),
    ("UNIONBANK_ONLINE_BANKING", "PHP", BankRedirectMethod::OnlineBanking),
    ("BOC_ONLINE_BANKING", "PHP", BankRedirectMethod::OnlineBanking),
    ("CHINABANK_ONLINE_BANKING", "PHP", BankRedirectMethod::OnlineBanking),
    ("INSTAPAY_ONLINE_BANKING", "PHP", BankRedirectMethod::OnlineBanking),
    ("LANDBANK_ONLINE_BANKING", "PHP", BankRedirectMethod::OnlineBanking),
    ("MAYBANK_ONLINE_BANKING", "PHP", BankRedirectMethod::OnlineBanking),
    ("METROBANK_ONLINE_BANKING", "PHP", BankRedirectMethod::OnlineBanking),
    ("PNB_ONLINE_BANKING", "PHP", BankRedirectMethod::OnlineBanking),
    ("PSBANK_ONLINE_BANKING", "PHP", BankRedirectMethod::OnlineBanking),
    ("PESONET_ONLINE_BANKING", "PHP", BankRedirectMethod::OnlineBanking),
    ("RCBC_ONLINE_BANKING", "PHP", BankRedirectMethod::OnlineBanking),
    ("ROBINSONS_BANK_ONLINE_BANKING", "PHP", BankRedirectMethod::OnlineBanking),
    ("SECURITY_BANK_ONLINE_BANKING", "PHP", BankRedirectMethod::OnlineBanking),
    ("KBANK_MB", "THB", BankRedirectMethod::OnlineBanking),
    ("BAY_MB", "THB", BankRedirectMethod::OnlineBanking),
    ("KTB_MB", "THB", BankRedirectMethod::OnlineBanking),
    ("BBL_MB", "THB", BankRedirectMethod::OnlineBanking),
    ("SCB_MB", "THB", BankRedirectMethod::OnlineBanking),
    ("BCA_KLIKPAY", "IDR", BankRedirectMethod::OnlineBanking),
];

/// The `bankRedirect.method` words listConnectors declares (the same table's methods).
pub const BANK_REDIRECT_WORDS: &[&str] = &["onlineBankingFpx", "onlineBanking"];

/// The channel of a bankRedirect: `issuer` is Xendit's channel code (any case; spaces and dashes
/// for underscores), one of [`ONLINE_BANKING`] for the method, paid in the request's currency.
fn online_banking_channel(b: &BankRedirect, currency: &str) -> Result<&'static str, SidecarError> {
    let field = "request.paymentMethod.bankRedirect.issuer";
    let codes = || {
        ONLINE_BANKING.iter().filter(|(_, _, m)| *m == b.method).map(|(c, ..)| *c).collect::<Vec<_>>().join(", ")
    };
    let issuer = present(&b.issuer).ok_or_else(|| {
        SidecarError::missing_field(field, &format!("Xendit pays {} through one bank's channel_code: {}", b.method.as_str(), codes()))
    })?;
    let code = issuer.trim().to_ascii_uppercase().replace([' ', '-'], "_");
    let Some((channel, channel_currency, _)) = ONLINE_BANKING.iter().find(|(c, _, m)| *c == code && *m == b.method) else {
        return Err(SidecarError::invalid_field(
            field,
            format!("Xendit has no {} channel {}; its channel codes are: {}", b.method.as_str(), crate::kit::mask::scrub_text(issuer), codes()),
        ));
    };
    if currency != *channel_currency {
        return Err(SidecarError::invalid_field("request.amount.currency", format!("Xendit's {channel} is paid in {channel_currency}")));
    }
    Ok(channel)
}

/// `VirtualAccountParameters`: the bank (`channel_code`) and the name the bank shows the payer.
#[derive(Debug, Serialize)]
pub struct XenditVirtualAccount {
    pub channel_code: &'static str,
    pub channel_properties: VirtualAccountChannelProperties,
}

/// `VirtualAccountChannelProperties`: `customer_name` is required; Xendit picks the number and,
/// without `expires_at`, its default expiry.
#[derive(Debug, Serialize)]
pub struct VirtualAccountChannelProperties {
    pub customer_name: String,
}

/// The virtual account banks (`VirtualAccountChannelCode` of xendit-node 7.0.0) whose currency is
/// known from Xendit's virtual account coverage: Indonesian banks in IDR, Vietnamese in VND.
pub const VIRTUAL_ACCOUNT_BANKS: &[(&str, &str)] = &[
    ("BCA", "IDR"),
    ("BJB", "IDR"),
    ("BNI", "IDR"),
    ("BRI", "IDR"),
    ("MANDIRI", "IDR"),
    ("PERMATA", "IDR"),
    ("BSI", "IDR"),
    ("CIMB", "IDR"),
    ("SAHABAT_SAMPOERNA", "IDR"),
    ("ARTAJASA", "IDR"),
    ("MUAMALAT", "IDR"),
    ("PV", "VND"),
    ("VIETCAPITAL", "VND"),
    ("WOORI", "VND"),
    ("MSB", "VND"),
    ("VPB", "VND"),
    ("BIDV", "VND"),
];

/// A virtual account for this payment: the bank from `bankTransfer.bank` (Xendit's channel code,
/// any case), the payer's name from `customer.name` or the billing address.
fn virtual_account(b: &BankTransfer, r: &AuthorizeRequest) -> Result<XenditVirtualAccount, SidecarError> {
    let field = "request.paymentMethod.bankTransfer.bank";
    if b.method != BankTransferMethod::VirtualAccount {
        // check_payment_method refuses it first, from the declaration.
        return Err(SidecarError::payment_method_not_supported(&format!("Xendit does not take bankTransfer `{}`", b.method.as_str())));
    }
    let bank = present(&b.bank).ok_or_else(|| SidecarError::missing_field(field, "Xendit opens the virtual account at one bank (channel_code: BCA, BNI, MANDIRI, ...)"))?;
    let code = bank.trim().to_ascii_uppercase().replace([' ', '-'], "_");
    let Some((channel, currency)) = VIRTUAL_ACCOUNT_BANKS.iter().find(|(c, _)| *c == code) else {
        return Err(SidecarError::invalid_field(
            field,
            format!("Xendit has no virtual account bank {bank}; it takes: {}", VIRTUAL_ACCOUNT_BANKS.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ")),
        ));
    };
    if r.amount.currency != *currency {
        return Err(SidecarError::invalid_field("request.amount.currency", format!("Xendit's {channel} virtual accounts are paid in {currency}")));
    }
    if r.capture_method == CaptureMethod::Manual {
        return Err(SidecarError::invalid_field(
            "request.captureMethod",
            "a virtual account is paid by the shopper's transfer: there is nothing to capture (capture_method MANUAL is for cards)".into(),
        ));
    }
    let billing_name = r.billing_address.as_ref().map(|a| {
        [present(&a.first_name), present(&a.last_name)].into_iter().flatten().collect::<Vec<_>>().join(" ")
    });
    let name = r
        .customer
        .as_ref()
        .and_then(|c| present(&c.name))
        .map(str::to_string)
        .or(billing_name.filter(|n| !n.is_empty()))
        .ok_or_else(|| SidecarError::missing_field("request.customer.name", "Xendit shows the payer's name on the virtual account (customer_name)"))?;
    Ok(XenditVirtualAccount { channel_code: channel, channel_properties: VirtualAccountChannelProperties { customer_name: name } })
}

/// `CardParameters`.
#[derive(Debug, Serialize)]
pub struct XenditCard<'a> {
    pub channel_properties: CardChannelProperties<'a>,
    pub card_information: CardInformation<'a>,
}

/// `CardChannelProperties`.
#[derive(Debug, Serialize)]
pub struct CardChannelProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_three_d_secure: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_return_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_return_url: Option<&'a str>,
}

/// `CardInformation`: the card itself (PCI DSS merchants), or a Xendit.js token (`token_id`).
#[derive(Debug, Serialize, Default)]
pub struct CardInformation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_month: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_year: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvv: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cardholder_name: Option<&'a str>,
}

/// `EWalletParameters`.
#[derive(Debug, Serialize)]
pub struct XenditEwallet<'a> {
    pub channel_code: &'static str,
    pub channel_properties: EwalletChannelProperties<'a>,
}

/// `EWalletChannelProperties`.
#[derive(Debug, Serialize)]
pub struct EwalletChannelProperties<'a> {
    pub success_return_url: &'a str,
    pub failure_return_url: &'a str,
}

/// The unified wallets Xendit takes as EWALLET (`EWalletChannelCode`), and the currencies each
/// is paid in (the Payments API's supported-channels table).
pub const WALLETS: &[(WalletRedirectMethod, &str, &[&str])] = &[
    (WalletRedirectMethod::Gcash, "GCASH", &["PHP"]),
    (WalletRedirectMethod::Grabpay, "GRABPAY", &["PHP", "MYR"]),
    (WalletRedirectMethod::Dana, "DANA", &["IDR"]),
    (WalletRedirectMethod::TouchNGo, "TOUCHNGO", &["MYR"]),
    (WalletRedirectMethod::WechatPay, "WECHATPAY", &["THB"]),
    (WalletRedirectMethod::Alipay, "ALIPAY", &["THB"]),
];

/// The `method` words of `walletRedirect` listConnectors declares (the same table).
pub const WALLET_WORDS: &[&str] = &["gcash", "grabpay", "dana", "touchNGo", "wechatPay", "alipay"];

fn capture_method(m: CaptureMethod) -> &'static str {
    match m {
        CaptureMethod::Automatic => "AUTOMATIC",
        CaptureMethod::Manual => "MANUAL",
    }
}

/// The country: the billing address's when Xendit operates there, else the currency's.
fn country(billing: Option<&str>, currency_country: Option<&'static str>) -> Option<String> {
    let billing = billing.map(|c| c.trim().to_ascii_uppercase()).filter(|c| COUNTRIES.contains(&c.as_str()));
    billing.or(currency_country.map(str::to_string))
}

fn card_information(card: &Card) -> CardInformation<'_> {
    CardInformation {
        card_number: Some(card.number.expose()),
        expiry_month: Some(card.exp_month.as_str()),
        expiry_year: Some(card.exp_year.as_str()),
        cvv: card.cvc.as_ref().map(|c| c.expose()),
        cardholder_name: present(&card.holder_name),
        ..Default::default()
    }
}

impl<'a> XenditPaymentRequest<'a> {
    pub fn authorize(r: &'a AuthorizeRequest) -> Result<Self, SidecarError> {
        let amount = xendit_amount(&r.amount, "request.amount")?;
        let (_, currency_country) = currency_rule(&r.amount, "request.amount")?;
        let return_url = present(&r.return_url);
        // A saved method (setupFutureUsage) is MULTIPLE_USE: its id pays again in repeatPayment.
        let reusability = if r.setup_future_usage.is_some() { "MULTIPLE_USE" } else { "ONE_TIME_USE" };
        let card_channel = || CardChannelProperties {
            skip_three_d_secure: (r.three_ds.mode == ThreeDsMode::Skip).then_some(true),
            success_return_url: return_url,
            failure_return_url: return_url,
        };
        let mut payment_method_id = None;
        let payment_method = match &r.payment_method {
            PaymentMethod::Card(card) => Some(XenditPaymentMethod {
                kind: "CARD",
                reusability,
                card: Some(XenditCard { channel_properties: card_channel(), card_information: card_information(card) }),
                ewallet: None,
                virtual_account: None,
                direct_debit: None,
            }),
            PaymentMethod::Token(token) => {
                let value = token.value.expose().trim();
                if value.starts_with("pm-") {
                    // A payment method Xendit.js (or Xendit Components) already created.
                    if r.setup_future_usage.is_some() {
                        return Err(SidecarError::invalid_field(
                            "request.setupFutureUsage",
                            "a Xendit payment method id (pm-...) is saved already: its reusability was set when it was created".into(),
                        ));
                    }
                    payment_method_id = Some(value);
                    None
                } else {
                    // A Xendit.js card token.
                    Some(XenditPaymentMethod {
                        kind: "CARD",
                        reusability,
                        card: Some(XenditCard {
                            channel_properties: card_channel(),
                            card_information: CardInformation { token_id: Some(value), ..Default::default() },
                        }),
                        ewallet: None,
                        virtual_account: None,
                        direct_debit: None,
                    })
                }
            }
            PaymentMethod::WalletRedirect(w) => {
                let (_, code, currencies) = WALLETS.iter().find(|(m, ..)| *m == w.method).ok_or_else(|| {
                    SidecarError::payment_method_not_supported(&format!("Xendit does not take walletRedirect `{}`", w.method.as_str()))
                })?;
                if !currencies.contains(&r.amount.currency.as_str()) {
                    return Err(SidecarError::invalid_field(
                        "request.amount.currency",
                        format!("Xendit takes {} ({code}) in {} only", w.method.as_str(), currencies.join(", ")),
                    ));
                }
                if r.capture_method == CaptureMethod::Manual {
                    return Err(SidecarError::invalid_field(
                        "request.captureMethod",
                        "Xendit captures e-wallet payments when the shopper pays: capture_method MANUAL is for cards".into(),
                    ));
                }
                let url = return_url.ok_or_else(|| {
                    SidecarError::missing_field("request.returnUrl", "Xendit sends the shopper back to it from the e-wallet (success_return_url)")
                })?;
                Some(XenditPaymentMethod {
                    kind: "EWALLET",
                    reusability,
                    card: None,
                    ewallet: Some(XenditEwallet {
                        channel_code: code,
                        channel_properties: EwalletChannelProperties { success_return_url: url, failure_return_url: url },
                    }),
                    virtual_account: None,
                    direct_debit: None,
                })
            }
            PaymentMethod::BankTransfer(b) => Some(XenditPaymentMethod {
                kind: "VIRTUAL_ACCOUNT",
                reusability,
                card: None,
                ewallet: None,
                virtual_account: Some(virtual_account(b, r)?),
                direct_debit: None,
            }),
            PaymentMethod::BankRedirect(b) => {
                let channel = online_banking_channel(b, &r.amount.currency)?;
                if r.capture_method == CaptureMethod::Manual {
                    return Err(SidecarError::invalid_field(
                        "request.captureMethod",
                        "the bank debits the shopper's account when they approve: capture_method MANUAL is for cards".into(),
                    ));
                }
                if r.setup_future_usage.is_some() {
                    return Err(SidecarError::invalid_field(
                        "request.setupFutureUsage",
                        format!("Xendit's {channel} pays once, in the shopper's online banking: it cannot be charged again (ONE_TIME_USE)"),
                    ));
                }
                let url = return_url.ok_or_else(|| {
                    SidecarError::missing_field("request.returnUrl", "Xendit's bank page sends the shopper back to it (success_return_url)")
                })?;
                let customer = r.customer.as_ref();
                Some(XenditPaymentMethod {
                    kind: "DIRECT_DEBIT",
                    reusability: "ONE_TIME_USE",
                    card: None,
                    ewallet: None,
                    virtual_account: None,
                    direct_debit: Some(XenditDirectDebit {
                        channel_code: channel,
                        channel_properties: DirectDebitChannelProperties {
                            success_return_url: url,
                            failure_return_url: url,
                            email: customer.and_then(|c| present(&c.email)),
                            mobile_number: customer.and_then(|c| present(&c.phone)),
                        },
                    }),
                })
            }
            other => {
                // check_payment_method refuses these first, from the declaration.
                return Err(SidecarError::payment_method_not_supported(&format!(
                    "Xendit's payment requests take card, token, walletRedirect, bankRedirect and bankTransfer, not `{}`",
                    other.type_name()
                )));
            }
        };
        Ok(XenditPaymentRequest {
            reference_id: reference_id(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            amount,
            currency: r.amount.currency.as_str(),
            country: country(r.billing_address.as_ref().and_then(|a| a.country.as_deref()), currency_country),
            payment_method,
            payment_method_id,
            capture_method: capture_method(r.capture_method),
            initiator: None,
            description: present(&r.description),
            metadata: (!r.metadata.is_empty()).then_some(&r.metadata),
        })
    }

    /// A payment with a saved method (`payment_method_id`, MULTIPLE_USE), made by the merchant.
    pub fn repeat(r: &'a RepeatPaymentRequest) -> Result<Self, SidecarError> {
        let amount = xendit_amount(&r.amount, "request.amount")?;
        let (_, currency_country) = currency_rule(&r.amount, "request.amount")?;
        let pm = crate::protocol::required(&r.mandate_reference, "request.mandateReference")?;
        if !pm.starts_with("pm-") {
            return Err(SidecarError::invalid_field("request.mandateReference", "not a Xendit payment method id (pm-...)".into()));
        }
        Ok(XenditPaymentRequest {
            reference_id: reference_id(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            amount,
            currency: r.amount.currency.as_str(),
            country: currency_country.map(str::to_string),
            payment_method: None,
            payment_method_id: Some(pm),
            capture_method: capture_method(r.capture_method),
            // The shopper is not there: Xendit's `initiator` says who started the payment.
            initiator: Some("MERCHANT"),
            description: present(&r.description),
            metadata: r.metadata.as_ref().filter(|m| !m.is_empty()),
        })
    }
}

/// `POST /payment_requests/{id}/captures` (`CaptureParameters`).
#[derive(Debug, Serialize)]
pub struct XenditCaptureRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    pub capture_amount: Box<RawValue>,
}

/// `POST /refunds` (`CreateRefund`).
#[derive(Debug, Serialize)]
pub struct XenditRefundRequest<'a> {
    pub payment_request_id: &'a str,
    pub reference_id: String,
    pub amount: Box<RawValue>,
    pub currency: &'a str,
    pub reason: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<&'a BTreeMap<String, String>>,
}

/// `CreateRefund.reason`: FRAUDULENT, DUPLICATE, REQUESTED_BY_CUSTOMER, CANCELLATION, OTHERS.
const REASONS: &[&str] = &["FRAUDULENT", "DUPLICATE", "REQUESTED_BY_CUSTOMER", "CANCELLATION", "OTHERS"];

/// The caller's reason when it is one of Xendit's words (any case, spaces or dashes for
/// underscores), else OTHERS.
pub fn refund_reason(reason: Option<&str>) -> &'static str {
    let word = reason.map(|r| r.trim().to_ascii_uppercase().replace([' ', '-'], "_")).unwrap_or_default();
    REASONS.iter().copied().find(|r| *r == word).unwrap_or("OTHERS")
}

impl<'a> XenditRefundRequest<'a> {
    pub fn from_unified(r: &'a RefundRequest, payment_request_id: &'a str) -> Result<Self, SidecarError> {
        if let Some(p) = &r.payment_amount {
            if p.currency != r.refund_amount.currency {
                return Err(SidecarError::invalid_field(
                    "request.refundAmount.currency",
                    format!("Xendit refunds in the payment's currency ({})", p.currency),
                ));
            }
        }
        Ok(XenditRefundRequest {
            payment_request_id,
            reference_id: reference_id(&r.merchant_refund_id, "request.merchantRefundId")?,
            amount: xendit_amount(&r.refund_amount, "request.refundAmount")?,
            currency: r.refund_amount.currency.as_str(),
            reason: refund_reason(r.reason.as_deref()),
            metadata: r.metadata.as_ref().filter(|m| !m.is_empty()),
        })
    }
}

/// `POST /v2/payment_methods` (`PaymentMethodParameters` of the SDK's payment_method module): a
/// card saved as a MULTIPLE_USE payment method, for setupMandate.
#[derive(Debug, Serialize)]
pub struct XenditPaymentMethodCreate<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub reusability: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<&'a str>,
    pub reference_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    pub card: XenditSavedCard<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<&'a BTreeMap<String, String>>,
}

/// The payment_method module's `CardParameters`: `currency` is required there.
#[derive(Debug, Serialize)]
pub struct XenditSavedCard<'a> {
    pub currency: &'a str,
    pub channel_properties: CardChannelProperties<'a>,
    pub card_information: CardInformation<'a>,
}

impl<'a> XenditPaymentMethodCreate<'a> {
    pub fn setup_mandate(r: &'a crate::protocol::SetupMandateRequest) -> Result<Self, SidecarError> {
        // The verification amount is not sent (Xendit links a card without charging it; 0 is the
        // usual one), but its currency is the card's: one Xendit takes.
        let currency_country = CURRENCIES.iter().find(|(c, ..)| *c == r.amount.currency).map(|(_, _, country)| *country).ok_or_else(|| {
            SidecarError::invalid_field(
                "request.amount.currency",
                format!(
                    "Xendit takes {} only, not {}",
                    CURRENCIES.iter().map(|(c, ..)| *c).collect::<Vec<_>>().join(", "),
                    r.amount.currency
                ),
            )
        })?;
        let PaymentMethod::Card(card) = &r.payment_method else {
            // check_payment_method refuses the others first, from the declaration.
            return Err(SidecarError::payment_method_not_supported(&format!(
                "Xendit saves a card number with POST /v2/payment_methods, not `{}`",
                r.payment_method.type_name()
            )));
        };
        let return_url = present(&r.return_url);
        Ok(XenditPaymentMethodCreate {
            kind: "CARD",
            reusability: "MULTIPLE_USE",
            country: country(r.billing_address.as_ref().and_then(|a| a.country.as_deref()), currency_country),
            customer_id: r.customer.as_ref().and_then(|c| present(&c.connector_customer_id)),
            reference_id: reference_id(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            description: present(&r.description),
            card: XenditSavedCard {
                currency: r.amount.currency.as_str(),
                channel_properties: CardChannelProperties {
                    // "Only used for reusability MULTIPLE_USE: whether to perform 3DS during linking."
                    skip_three_d_secure: (r.three_ds.mode == ThreeDsMode::Skip).then_some(true),
                    success_return_url: return_url,
                    failure_return_url: return_url,
                },
                card_information: card_information(card),
            },
            metadata: (!r.metadata.is_empty()).then_some(&r.metadata),
        })
    }
}

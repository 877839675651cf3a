//! Worldpay's APM API (`WP-Api-Version: 2024-07-01`, `POST /apmPayments`): alternative payment
//! methods, apart from the Payments API's cards. Its OpenAPI description is vendored in
//! oracles/worldpay/apms-openapi.yaml (ApmPaymentRequestV2, the `*Instruction` schemas,
//! ApmPaymentResourceWithRedirectV2, Reversal, PartialReversal, SettlementPayload,
//! PartialSettlement and their examples).
//!
//! - A payment is `paymentId` (the same through its life, unlike the Payments API's linkData):
//!   `GET /apmPayments/{paymentId}` reads its `lastEvent`; `/settlements` and
//!   `/partialSettlements` settle one taken with `settlement.auto: false` (PayPal);
//!   `/reversals` and `/partialReversals` give money back (refund).
//! - Every result of an APM payment carries `state.worldpayApi: apmPayments`, by which psync,
//!   capture, refund and rsync know to call the APM API (the client passes a result's state on).
//! - The shopper is sent to `redirect`; Worldpay brings them back to the `resultUrls` (success,
//!   pending, failure, cancel: all the request's returnUrl), and psync tells the outcome.

use super::requests::{narrative, reference as transaction_reference, value, Merchant, Narrative, Value};
use super::responses::{api_error, error_body, valid_link_data, Links};
use crate::kit::text::present_owned;
use crate::protocol::{
    AuthorizeRequest, BankRedirectMethod, CaptureMethod, ErrorInfo, HttpResponse, NextAction, NextActionType, PaymentMethod, PaymentResult,
    PaymentStatus, RedirectMethod, Redirection, RefundResult, RefundStatus, SidecarError, UnifiedErrorCode as U,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const APM_API_VERSION: &str = "2024-07-01";
/// The `state` key (and value) that marks a payment of the APM API.
pub const API_STATE_KEY: &str = "worldpayApi";
pub const API_STATE_APM: &str = "apmPayments";

pub fn is_apm(state: Option<&BTreeMap<String, String>>) -> bool {
    state.and_then(|s| s.get(API_STATE_KEY)).is_some_and(|v| v == API_STATE_APM)
}

pub fn apm_state() -> BTreeMap<String, String> {
    [(API_STATE_KEY.to_string(), API_STATE_APM.to_string())].into()
}

/// The unified payment methods Worldpay's APM API takes, each as its `instruction.method` and
/// what its `*Instruction` schema requires (oracles/worldpay/apms-openapi.yaml).
struct Apm {
    method: &'static str,
    urls: Urls,
    customer: Who,
    /// `paymentInstrument.country`: None (not taken), or taken with the country the method is
    /// only offered in as the default (None: the request must say it).
    country: Option<Country>,
    /// A sale: no `settlement.auto: false` (the instruction has no `settlement`; Worldpay settles
    /// it once the shopper paid).
    sale_only: bool,
    /// The one currency the scheme moves (Swish SEK, Pix BRL, Konbini JPY, SEPA EUR, ACH USD,
    /// MyBank EUR), refused otherwise before sending.
    currency: Option<&'static str>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Country {
    Required(Option<&'static str>),
    Optional,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Urls {
    /// ResultUrls (PayPal), ResultUrlsAlipay (failure, pending, success required),
    /// ResultUrlsKlarnaNetwork (all four required): all four sent.
    All,
    /// ResultUrlsIdeal: success, failure, cancel required.
    SuccessFailureCancel,
    /// ResultUrlsWithoutFailure (Bancontact, Trustly, Multibanco, MyBank), ResultUrlsPrzelewy,
    /// ResultUrlsBlik: cancel, pending, success.
    WithoutFailure,
    /// ResultUrlsKonbini: pending.
    PendingOnly,
    /// No resultUrls in the instruction (WeChat Pay, Swish, Pix, SEPA, ACH): no returnUrl needed.
    None,
}

/// Which `customer` object the instruction takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Who {
    /// No customer (WeChat Pay).
    Nobody,
    /// Customer / CustomerWithName: email when the request has one.
    OptionalEmail,
    /// CustomerWithEmail: email required.
    Email,
    /// CustomerWithMandatoryName (MyBank): email, firstName, lastName.
    EmailAndNames,
    /// CustomerDetailsKonbini: lastName (up to 10), phone (10 or 11 digits), email.
    Konbini,
    /// CustomerWithIdentity (Pix): names and the CPF or CNPJ, when given.
    Identity,
    /// CustomerWithOptionalPhone (Swish): the phone of the Swish app, when given.
    Phone,
    /// CustomerDetailsAch: firstName and lastName required, email when given.
    Names,
    /// SEPA: customer required (Customer: email).
    RequiredEmail,
}

const fn apm(method: &'static str, urls: Urls, customer: Who, country: Option<Country>, sale_only: bool, currency: Option<&'static str>) -> Apm {
    Apm { method, urls, customer, country, sale_only, currency }
}

const PAYPAL: Apm = apm("paypal", Urls::All, Who::OptionalEmail, None, false, None);
const REQUIRED: Option<Country> = Some(Country::Required(None));

fn apm_of(pm: &PaymentMethod) -> Option<Apm> {
    use crate::protocol::{BankDebitMethod as D, VoucherMethod as V, WalletRedirectMethod as W};
    Some(match pm {
        PaymentMethod::PayPal(_) => PAYPAL,
        PaymentMethod::BankRedirect(b) => match b.method {
            BankRedirectMethod::Ideal => apm("ideal", Urls::SuccessFailureCancel, Who::OptionalEmail, None, true, None),
            BankRedirectMethod::Bancontact => apm("bancontact", Urls::WithoutFailure, Who::Email, REQUIRED, true, None),
            BankRedirectMethod::Trustly => apm("trustly", Urls::WithoutFailure, Who::Email, REQUIRED, true, None),
            BankRedirectMethod::Multibanco => apm("multibanco", Urls::WithoutFailure, Who::Email, REQUIRED, true, None),
            BankRedirectMethod::Przelewy24 => apm("przelewy", Urls::WithoutFailure, Who::Email, Some(Country::Required(Some("PL"))), true, None),
            BankRedirectMethod::Mybank => apm("mybank", Urls::WithoutFailure, Who::EmailAndNames, Some(Country::Required(Some("IT"))), true, Some("EUR")),
            // BlikInstruction: resultUrls (ResultUrlsBlik: success, pending, cancel), customer
            // (CustomerWithEmail), paymentInstrument.country required (BLIK is Poland's, in złoty).
            BankRedirectMethod::Blik => apm("blik", Urls::WithoutFailure, Who::Email, Some(Country::Required(Some("PL"))), true, Some("PLN")),
            _ => return None,
        },
        PaymentMethod::WalletRedirect(w) => match w.method {
            W::Alipay => apm("alipay_cn", Urls::All, Who::OptionalEmail, None, true, None),
            W::AlipayHk => apm("alipay_hk", Urls::All, Who::OptionalEmail, Some(Country::Optional), true, None),
            W::WechatPay => apm("wechatpay", Urls::None, Who::Nobody, None, true, None),
            W::Swish => apm("swish", Urls::None, Who::Phone, Some(Country::Required(Some("SE"))), true, Some("SEK")),
            _ => return None,
        },
        PaymentMethod::Voucher(v) => match v.method {
            V::Konbini => apm("konbini", Urls::PendingOnly, Who::Konbini, Some(Country::Required(Some("JP"))), true, Some("JPY")),
            V::Pix => apm("pix", Urls::None, Who::Identity, Some(Country::Required(Some("BR"))), true, Some("BRL")),
            _ => return None,
        },
        // KlarnaNetworkInstruction: resultUrls (all four), paymentInstrument.country and language,
        // settlement (auto or later: Klarna may be authorized and settled apart), no customer.
        PaymentMethod::Bnpl(b) => match b.method {
            crate::protocol::BnplMethod::Klarna => apm("klarna_network", Urls::All, Who::Nobody, REQUIRED, false, None),
            _ => return None,
        },
        PaymentMethod::BankDebit(d) => match d.method {
            D::Sepa => apm("sepa", Urls::None, Who::RequiredEmail, None, true, Some("EUR")),
            D::Ach => apm("ach", Urls::None, Who::Names, None, true, Some("USD")),
            _ => return None,
        },
        _ => return None,
    })
}

/// The methods of each type the APM API takes, as listConnectors declares them.
pub const BANK_REDIRECT_METHODS: &[&str] = &["ideal", "bancontact", "trustly", "multibanco", "przelewy24", "mybank", "blik"];
pub const WALLET_REDIRECT_METHODS: &[&str] = &["alipay", "alipayHk", "wechatPay", "swish"];
pub const VOUCHER_METHODS: &[&str] = &["konbini", "pix"];
pub const BANK_DEBIT_METHODS: &[&str] = &["sepa", "ach"];
pub const BNPL_METHODS: &[&str] = &["klarna"];

/// Why a method of a type the APM API takes is not among its methods.
fn not_taken(pm: &PaymentMethod) -> String {
    match pm {
        PaymentMethod::BankRedirect(b) => format!(
            "Worldpay's APM API takes the bank redirects {}; {} is not among its APMs",
            BANK_REDIRECT_METHODS.join(", "),
            b.method.as_str()
        ),
        PaymentMethod::WalletRedirect(w) => format!(
            "Worldpay's APM API has the wallets Alipay (alipay_cn, alipay_hk), WeChat Pay (wechatpay) and Swish (swish); {} is not among its APMs",
            w.method.as_str()
        ),
        PaymentMethod::Voucher(v) => {
            format!("Worldpay's APM API has Konbini (method konbini) and Pix (method pix); {} is not among its APMs", v.method.as_str())
        }
        PaymentMethod::BankDebit(d) => {
            format!("Worldpay's APM API debits SEPA (method sepa) and ACH (method ach) accounts; {} is not among its APMs", d.method.as_str())
        }
        PaymentMethod::Bnpl(b) => {
            format!("Worldpay's APM API has Klarna (method klarna_network) among buy-now-pay-later methods; {} is not among its APMs", b.method.as_str())
        }
        other => format!("Worldpay's APM API does not take this `{}`", other.type_name()),
    }
}

pub fn takes(pm: &PaymentMethod) -> bool {
    apm_of(pm).is_some()
}

/// The payment's own bank account data goes in the body (SEPA's IBAN, ACH's account number).
pub fn carries_account(pm: &PaymentMethod) -> bool {
    matches!(pm, PaymentMethod::BankDebit(_))
}

/// `ApmPaymentRequestV2`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApmPaymentRequest<'a> {
    pub transaction_reference: &'a str,
    pub merchant: Merchant<'a>,
    pub instruction: ApmInstruction<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApmInstruction<'a> {
    pub method: &'static str,
    /// BlikInstruction: the shopper accepted Przelewy24's terms (always `true` when sent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms_accepted: Option<bool>,
    pub value: Value,
    pub narrative: Narrative,
    pub payment_instrument: ApmInstrument<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settlement: Option<super::requests::Settlement>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_urls: Option<ResultUrls<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<ApmCustomer<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_agreement: Option<SepaAgreement<'a>>,
    /// KlarnaNetworkInstruction: the order's lines, their tax and the merchant's terms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<KlarnaOrder<'a>>,
}

/// `type: direct`, with what each method's `*InstrumentV2` takes.
#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ApmInstrument<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<&'a str>,
    /// KlarnaNetworkInstrumentV2: the shopper's language, ISO 639-1 (two lower-case letters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// SepaInstrumentV2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iban: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_holder_name: Option<&'a str>,
    /// AchEftPaymentInstrumentV2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routing_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<InstrumentAddress<'a>>,
}

/// The instrument's billingAddress: AddressV2 / AchEftBillingAddress, or Klarna's.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum InstrumentAddress<'a> {
    Address(ApmAddress<'a>),
    Klarna(KlarnaAddress<'a>),
}

/// KlarnaNetworkBillingAddress: address1, postalCode, city, countryCode required; the names both
/// or neither (Worldpay's 400 example: "firstName and lastName ... are all required if at least
/// one is provided").
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KlarnaAddress<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub address1: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address2: Option<&'a str>,
    pub postal_code: &'a str,
    pub city: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<&'a str>,
    pub country_code: &'a str,
}

/// `Order` (KlarnaNetworkOrder names the same fields): items, orderTotalTaxAmount (the sum of the
/// lines' tax, which Worldpay checks against them) and termsUrl (1 to 1024).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KlarnaOrder<'a> {
    pub order_total_tax_amount: i64,
    pub terms_url: &'a str,
    pub items: Vec<KlarnaItem<'a>>,
}

/// KlarnaNetworkOrderItem: name, quantity, unitCost (tax included), totalTaxAmount, totalAmount
/// (unitCost × quantity) required.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KlarnaItem<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_code: Option<&'a str>,
    pub name: &'a str,
    pub quantity: u32,
    pub unit_cost: i64,
    pub total_tax_amount: i64,
    pub total_amount: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<&'a str>,
}

/// AddressV2 (SEPA: address1, city, postalCode, state, countryCode required) and
/// AchEftBillingAddress.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApmAddress<'a> {
    pub address1: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address2: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address3: Option<&'a str>,
    pub postal_code: &'a str,
    pub city: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<&'a str>,
    pub country_code: &'a str,
}

#[derive(Debug, Serialize, Default)]
pub struct ResultUrls<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<&'a str>,
}

#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ApmCustomer<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_documents: Option<IdentityDocuments>,
}

/// IdentityDocuments (Pix): the shopper's CPF (11 digits) or CNPJ (14 digits).
#[derive(Debug, Serialize)]
pub struct IdentityDocuments {
    pub reference: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// CustomerAgreementSepa: a one-time payment's e-mandate (`Mandate`: type, mandateId).
#[derive(Debug, Serialize)]
pub struct SepaAgreement<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub mandate: SepaMandate<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SepaMandate<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub mandate_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mandate_signature_date: Option<&'a str>,
}

/// `Reversal` / `PartialReversal` (refund) and `SettlementPayload` / `PartialSettlement` (capture):
/// `value` required, `reference` (letters, digits and hyphens, up to 128) for the partial ones.
#[derive(Debug, Serialize)]
pub struct AmountRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<&'a str>,
    pub value: Value,
}

pub fn apm_reference<'a>(text: &'a str, field: &str) -> Result<&'a str, SidecarError> {
    let t = crate::protocol::required(text, field)?;
    if t.len() > 128 || !t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(SidecarError::invalid_field(field, "Worldpay's APM reference is 1 to 128 letters, digits and hyphens".into()));
    }
    Ok(t)
}

use crate::kit::text::present;

/// The shopper's first and last names: the billing address's, else `customer.name` split at its
/// last space. Each is checked against Worldpay's limit (22, Konbini's lastName 10).
fn names(r: &AuthorizeRequest) -> (Option<&str>, Option<&str>) {
    if let Some(a) = &r.billing_address {
        if let (Some(f), Some(l)) = (present(&a.first_name), present(&a.last_name)) {
            return (Some(f), Some(l));
        }
    }
    match r.customer.as_ref().and_then(|c| present(&c.name)) {
        Some(n) => match n.rsplit_once(' ') {
            Some((f, l)) if !f.trim().is_empty() && !l.trim().is_empty() => (Some(f.trim()), Some(l.trim())),
            _ => (None, Some(n)),
        },
        None => (None, None),
    }
}

fn limited<'a>(v: Option<&'a str>, max: usize, field: &str, what: &str) -> Result<Option<&'a str>, SidecarError> {
    match v {
        Some(s) if s.chars().count() > max => Err(SidecarError::invalid_field(field, format!("Worldpay takes {what} of up to {max} characters"))),
        other => Ok(other),
    }
}

/// A phone number as the APM API takes it: digits only (a leading `+`, spaces and hyphens are
/// dropped), within `lengths`.
fn phone_digits(raw: &str, lengths: std::ops::RangeInclusive<usize>, what: &str) -> Result<String, SidecarError> {
    let t = raw.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    let digits: String = t.chars().filter(|c| *c != ' ' && *c != '-').collect();
    if !lengths.contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SidecarError::invalid_field(
            "request.customer.phone",
            format!("Worldpay's {what} takes a phone number of {} to {} digits", lengths.start(), lengths.end()),
        ));
    }
    Ok(digits)
}

fn email_of<'a>(r: &'a AuthorizeRequest) -> Option<&'a str> {
    let paypal_email = match &r.payment_method {
        PaymentMethod::PayPal(p) => present(&p.email),
        _ => None,
    };
    paypal_email.or_else(|| r.customer.as_ref().and_then(|c| present(&c.email)))
}

fn customer<'a>(apm: &Apm, r: &'a AuthorizeRequest) -> Result<Option<ApmCustomer<'a>>, SidecarError> {
    let email = email_of(r);
    let need_email = |why: &str| email.map(Some).ok_or_else(|| SidecarError::missing_field("request.customer.email", why));
    let (first, last) = names(r);
    Ok(match apm.customer {
        Who::Nobody => None,
        Who::OptionalEmail => email.map(|email| ApmCustomer { email: Some(email), ..Default::default() }),
        Who::Email | Who::RequiredEmail => {
            Some(ApmCustomer { email: need_email("Worldpay's APM instruction for this method requires customer.email")?, ..Default::default() })
        }
        Who::EmailAndNames | Who::Names => {
            let email = if apm.customer == Who::EmailAndNames { need_email("Worldpay's MyBank instruction requires customer.email")? } else { email };
            let first = limited(first, 22, "request.billingAddress.firstName", "a first name")?
                .ok_or_else(|| SidecarError::missing_field("request.billingAddress.firstName", "Worldpay's instruction for this method requires the shopper's first and last names (billingAddress.firstName and lastName, or customer.name)"))?;
            let last = limited(last, 22, "request.billingAddress.lastName", "a last name")?
                .ok_or_else(|| SidecarError::missing_field("request.billingAddress.lastName", "Worldpay's instruction for this method requires the shopper's last name"))?;
            Some(ApmCustomer { first_name: Some(first), last_name: Some(last), email, ..Default::default() })
        }
        Who::Konbini => {
            let email = need_email("Worldpay's Konbini instruction requires customer.email (the payment details are sent there)")?;
            let last = limited(last, 10, "request.billingAddress.lastName", "Konbini's lastName")?
                .ok_or_else(|| SidecarError::missing_field("request.billingAddress.lastName", "Worldpay's Konbini instruction requires the shopper's last name"))?;
            let phone = r.customer.as_ref().and_then(|c| present(&c.phone)).ok_or_else(|| {
                SidecarError::missing_field("request.customer.phone", "Worldpay's Konbini instruction requires the shopper's phone number")
            })?;
            Some(ApmCustomer { last_name: Some(last), email, phone: Some(phone_digits(phone, 10..=11, "Konbini instruction")?), ..Default::default() })
        }
        Who::Phone => match r.customer.as_ref().and_then(|c| present(&c.phone)) {
            Some(p) => Some(ApmCustomer { phone: Some(phone_digits(p, 5..=15, "Swish instruction")?), ..Default::default() }),
            None => None,
        },
        Who::Identity => {
            let tax_id = match &r.payment_method {
                PaymentMethod::Voucher(v) => present(&v.tax_id),
                _ => None,
            }
            .or_else(|| r.customer.as_ref().and_then(|c| c.document.as_ref()).map(|d| d.number.expose()));
            let identity = match tax_id {
                Some(id) => {
                    let digits: String = id.chars().filter(|c| !matches!(c, '.' | '-' | '/' | ' ')).collect();
                    let kind = match digits.len() {
                        11 if digits.bytes().all(|b| b.is_ascii_digit()) => "CPF",
                        14 if digits.bytes().all(|b| b.is_ascii_digit()) => "CNPJ",
                        _ => {
                            return Err(SidecarError::invalid_field(
                                "request.paymentMethod.voucher.taxId",
                                "Worldpay's Pix identityDocuments takes a CPF (11 digits) or a CNPJ (14 digits)".into(),
                            ))
                        }
                    };
                    Some(IdentityDocuments { reference: digits, kind })
                }
                None => None,
            };
            let first = limited(first, 22, "request.billingAddress.firstName", "a first name")?;
            let last = limited(last, 22, "request.billingAddress.lastName", "a last name")?;
            (identity.is_some() || last.is_some()).then_some(ApmCustomer { first_name: first, last_name: last, identity_documents: identity, ..Default::default() })
        }
    })
}

fn country<'a>(apm: &Apm, r: &'a AuthorizeRequest) -> Result<Option<&'a str>, SidecarError> {
    let Some(rule) = apm.country else { return Ok(None) };
    let given = match &r.payment_method {
        PaymentMethod::BankRedirect(b) => present(&b.country),
        _ => None,
    }
    .or_else(|| r.billing_address.as_ref().and_then(|a| present(&a.country)));
    Ok(match (rule, given) {
        (_, Some(c)) => Some(c),
        (Country::Required(Some(home)), None) => Some(home),
        (Country::Optional, None) => None,
        (Country::Required(None), None) => {
            let field = if matches!(r.payment_method, PaymentMethod::BankRedirect(_)) { "request.paymentMethod.bankRedirect.country" } else { "request.billingAddress.country" };
            return Err(SidecarError::missing_field(field, "Worldpay's paymentInstrument for this method takes the shopper's country"));
        }
    })
}

/// SEPA's billingAddress (AddressV2): address1, city, postalCode, state and countryCode required.
fn billing_address<'a>(r: &'a AuthorizeRequest, all_required: bool) -> Result<ApmAddress<'a>, SidecarError> {
    let a = r.billing_address.as_ref().ok_or_else(|| {
        SidecarError::missing_field("request.billingAddress", "Worldpay's paymentInstrument for this method requires the account holder's billingAddress")
    })?;
    let need = |v: &'a Option<String>, field: &str| -> Result<&'a str, SidecarError> {
        present(v).ok_or_else(|| SidecarError::missing_field(field, "Worldpay's billingAddress for this method requires it"))
    };
    Ok(ApmAddress {
        address1: need(&a.line1, "request.billingAddress.line1")?,
        address2: present(&a.line2),
        address3: present(&a.line3),
        postal_code: need(&a.postal_code, "request.billingAddress.postalCode")?,
        city: need(&a.city, "request.billingAddress.city")?,
        state: if all_required { Some(need(&a.state, "request.billingAddress.state")?) } else { present(&a.state) },
        country_code: need(&a.country, "request.billingAddress.country")?,
    })
}

/// The SEPA mandate reference (`Mandate.mandateId`, required, 1 to 35: "Unique reference created
/// by you which identifies each e-Mandate signed by your customer"), of the characters a SEPA
/// reference may hold: `bankDebit.mandateId`, the merchant's own Unique Mandate Reference, when
/// given. Absent, the merchant's own reference for this payment (merchantTransactionId) names its
/// one-time e-mandate: the description asks only for a unique reference the merchant created,
/// which that is (one payment, one oneTime mandate).
fn mandate_id<'a>(r: &'a AuthorizeRequest, d: &'a crate::protocol::BankDebit) -> Result<&'a str, SidecarError> {
    let (id, field, named) = match d.mandate_id.as_deref() {
        Some(m) => (m, "request.paymentMethod.bankDebit.mandateId", "bankDebit.mandateId"),
        None => (r.merchant_transaction_id.as_str(), "request.merchantTransactionId", "merchantTransactionId, as bankDebit.mandateId is absent"),
    };
    let id = id.trim();
    let ok = !id.is_empty()
        && id.len() <= 35
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"+?/-:().,' ".contains(&b));
    if !ok {
        return Err(SidecarError::invalid_field(
            field,
            format!("Worldpay's SEPA mandate.mandateId (this payment's e-mandate, named by {named}) is 1 to 35 of A-Z a-z 0-9 + ? / - : ( ) . , ' and space"),
        ));
    }
    Ok(id)
}

/// BLIK (BlikInstruction): `termsAccepted` is required, and Worldpay sends a shopper whose value
/// is `false` to the pending URL with an error: the payment cannot go on without the consent.
/// BlikInstrumentV2 carries no BLIK code (the shopper types it on the page Worldpay redirects to).
fn blik_terms(b: &crate::protocol::BankRedirect) -> Result<bool, SidecarError> {
    const FIELD: &str = "request.paymentMethod.bankRedirect.termsAccepted";
    if b.blik_code.is_some() {
        return Err(SidecarError::invalid_field(
            "request.paymentMethod.bankRedirect.blikCode",
            "Worldpay's BLIK paymentInstrument takes no BLIK code: the shopper enters it on the page Worldpay redirects to; leave blikCode out".into(),
        ));
    }
    match b.terms_accepted {
        Some(true) => Ok(true),
        Some(false) => Err(SidecarError::invalid_field(
            FIELD,
            "Worldpay's BLIK needs the shopper's consent to Przelewy24's terms (termsAccepted true); without it Worldpay does not take the payment".into(),
        )),
        None => Err(SidecarError::missing_field(
            FIELD,
            "Worldpay's BLIK instruction requires termsAccepted: the shopper's consent to Przelewy24's terms, collected on the merchant's page",
        )),
    }
}

/// KlarnaNetworkInstrumentV2's `language`: the primary subtag of browserInfo.language (`en-GB`
/// → `en`), ISO 639-1 as the APM API's Klarna instruments list it (two lower-case letters).
fn klarna_language(r: &AuthorizeRequest) -> Result<String, SidecarError> {
    const FIELD: &str = "request.browserInfo.language";
    let raw = r.browser_info.as_ref().and_then(|b| present(&b.language)).ok_or_else(|| {
        SidecarError::missing_field(FIELD, "Worldpay's Klarna paymentInstrument requires language (the shopper's, e.g. en-GB)")
    })?;
    let primary = raw.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    if primary.len() != 2 || !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(SidecarError::invalid_field(FIELD, "Worldpay's Klarna language is an ISO 639-1 code (two letters, e.g. en or en-GB)".into()));
    }
    Ok(primary)
}

/// KlarnaNetworkBillingAddress, when the request has a billing address.
fn klarna_address<'a>(r: &'a AuthorizeRequest) -> Result<Option<KlarnaAddress<'a>>, SidecarError> {
    let Some(a) = r.billing_address.as_ref() else { return Ok(None) };
    let need = |v: &'a Option<String>, field: &str, max: usize| -> Result<&'a str, SidecarError> {
        let v = present(v).ok_or_else(|| SidecarError::missing_field(field, "Worldpay's Klarna billingAddress requires it"))?;
        limited(Some(v), max, field, "this address field").map(|v| v.unwrap_or_default())
    };
    let (first, last) = match (present(&a.first_name), present(&a.last_name)) {
        (Some(f), Some(l)) => (Some(f), Some(l)),
        (None, None) => (None, None),
        (Some(_), None) => return Err(SidecarError::missing_field("request.billingAddress.lastName", "Worldpay's Klarna billingAddress takes both names or neither")),
        (None, Some(_)) => return Err(SidecarError::missing_field("request.billingAddress.firstName", "Worldpay's Klarna billingAddress takes both names or neither")),
    };
    let phone = match r.customer.as_ref().and_then(|c| present(&c.phone)) {
        Some(p) => Some(phone_digits(p, 4..=20, "Klarna billingAddress")?),
        None => None,
    };
    Ok(Some(KlarnaAddress {
        first_name: limited(first, 22, "request.billingAddress.firstName", "a first name")?,
        last_name: limited(last, 22, "request.billingAddress.lastName", "a last name")?,
        phone,
        address1: need(&a.line1, "request.billingAddress.line1", 80)?,
        address2: limited(present(&a.line2), 80, "request.billingAddress.line2", "an address line")?,
        postal_code: need(&a.postal_code, "request.billingAddress.postalCode", 10)?,
        city: need(&a.city, "request.billingAddress.city", 50)?,
        state: limited(present(&a.state), 30, "request.billingAddress.state", "a state")?,
        country_code: need(&a.country, "request.billingAddress.country", 2)?,
    }))
}

/// The bounds of KlarnaNetworkOrderItem's unitCost and totalAmount (its minimum and maximum).
const KLARNA_ITEM_MAX: i64 = 2_147_483_648;

/// The Klarna `order`: one item per order line (the line's taxAmount required), orderTotalTaxAmount
/// the exact sum of the lines' tax, termsUrl from bnpl.termsUrl; the lines add up to the amount.
fn klarna_order<'a>(r: &'a AuthorizeRequest, b: &'a crate::protocol::Bnpl) -> Result<KlarnaOrder<'a>, SidecarError> {
    let lines = Some(r.order_lines.as_slice()).filter(|l| !l.is_empty()).ok_or_else(|| {
        SidecarError::missing_field("request.orderLines", "Worldpay's Klarna order requires its items (name, quantity, unit cost and tax of each line)")
    })?;
    let terms_url = present(&b.terms_url).ok_or_else(|| {
        SidecarError::missing_field("request.paymentMethod.bnpl.termsUrl", "Worldpay's Klarna order requires termsUrl, the link to the merchant's terms and conditions")
    })?;
    if terms_url.chars().count() > 1024 {
        return Err(SidecarError::invalid_field("request.paymentMethod.bnpl.termsUrl", "Worldpay's Klarna order.termsUrl is 1 to 1024 characters".into()));
    }
    crate::kit::order_lines::require_total(lines, &r.amount, "Worldpay's Klarna")?;
    let mut items = Vec::with_capacity(lines.len());
    let mut total_tax: i64 = 0;
    for (k, line) in lines.iter().enumerate() {
        let f = |name: &str| format!("request.orderLines[{k}].{name}");
        let tax = line.tax_amount.as_ref().ok_or_else(|| {
            SidecarError::missing_field(&f("taxAmount"), "Worldpay's Klarna order item requires totalTaxAmount (the tax in the line's total; 0 where none)")
        })?;
        let unit = line.unit_amount.minor_amount;
        let total = line.total_minor();
        if !(-KLARNA_ITEM_MAX..=KLARNA_ITEM_MAX).contains(&unit) {
            return Err(SidecarError::invalid_field(&f("unitAmount.minorAmount"), format!("Worldpay's Klarna unitCost is within ±{KLARNA_ITEM_MAX} minor units")));
        }
        if !(-KLARNA_ITEM_MAX..=KLARNA_ITEM_MAX).contains(&total) {
            return Err(SidecarError::invalid_field(&f("quantity"), format!("Worldpay's Klarna totalAmount (quantity × unitAmount) is within ±{KLARNA_ITEM_MAX} minor units, got {total}")));
        }
        if !(0..=KLARNA_ITEM_MAX).contains(&tax.minor_amount) {
            return Err(SidecarError::invalid_field(&f("taxAmount.minorAmount"), format!("Worldpay's Klarna totalTaxAmount is 0 to {KLARNA_ITEM_MAX} minor units")));
        }
        if tax.minor_amount > total.abs() {
            return Err(SidecarError::invalid_field(&f("taxAmount.minorAmount"), "the tax in a line cannot exceed the line's total (Worldpay's totalTaxAmount is how much of totalAmount is tax)".into()));
        }
        let name = line.name.trim();
        let name = limited(Some(name), 1024, &f("name"), "an item name")?.unwrap_or_default();
        // productCode is `^([a-zA-Z0-9]*)$`, 1 to 255, and optional: a SKU of other characters
        // (Worldpay's own example sends DH12-HK) is left out rather than refused.
        let product_code = present(&line.sku).filter(|c| c.len() <= 255 && c.bytes().all(|b| b.is_ascii_alphanumeric()));
        items.push(KlarnaItem {
            product_code,
            name,
            quantity: line.quantity,
            unit_cost: unit,
            total_tax_amount: tax.minor_amount,
            total_amount: total,
            product_url: limited(present(&line.product_url), 2048, &f("productUrl"), "a product URL")?,
            image_url: present(&line.image_url),
        });
        total_tax += tax.minor_amount;
    }
    Ok(KlarnaOrder { order_total_tax_amount: total_tax, terms_url, items })
}

fn instrument<'a>(apm: &Apm, r: &'a AuthorizeRequest) -> Result<(ApmInstrument<'a>, Option<SepaAgreement<'a>>), SidecarError> {
    let mut i = ApmInstrument { kind: "direct", country: country(apm, r)?, ..Default::default() };
    if let PaymentMethod::Bnpl(_) = &r.payment_method {
        i.language = Some(klarna_language(r)?);
        i.billing_address = klarna_address(r)?.map(InstrumentAddress::Klarna);
        return Ok((i, None));
    }
    let PaymentMethod::BankDebit(d) = &r.payment_method else { return Ok((i, None)) };
    let holder = d.account_holder_name.trim();
    match d.method {
        crate::protocol::BankDebitMethod::Sepa => {
            let iban = d.iban.as_ref().map(|s| s.expose().trim()).filter(|s| !s.is_empty()).ok_or_else(|| {
                SidecarError::missing_field("request.paymentMethod.bankDebit.iban", "Worldpay's SEPA paymentInstrument requires the IBAN")
            })?;
            if holder.is_empty() {
                return Err(SidecarError::missing_field("request.paymentMethod.bankDebit.accountHolderName", "Worldpay's SEPA paymentInstrument requires accountHolderName"));
            }
            i.iban = Some(iban);
            i.account_holder_name = Some(holder);
            i.billing_address = Some(InstrumentAddress::Address(billing_address(r, true)?));
            let signed = d.mandate_acceptance.as_ref().and_then(|m| present(&m.accepted_at)).map(|t| t.get(..10).unwrap_or(t));
            if let Some(date) = signed {
                let b = date.as_bytes();
                let ok = b.len() == 10 && b[4] == b'-' && b[7] == b'-' && b.iter().enumerate().all(|(k, c)| k == 4 || k == 7 || c.is_ascii_digit());
                if !ok {
                    return Err(SidecarError::invalid_field(
                        "request.paymentMethod.bankDebit.mandateAcceptance.acceptedAt",
                        "an ISO 8601 time (Worldpay's mandateSignatureDate is its date, yyyy-mm-dd)".into(),
                    ));
                }
            }
            let mandate = SepaMandate { kind: "oneTime", mandate_id: mandate_id(r, d)?, mandate_signature_date: signed };
            Ok((i, Some(SepaAgreement { kind: "oneTime", mandate })))
        }
        crate::protocol::BankDebitMethod::Ach => {
            let number = d.account_number.as_ref().map(|s| s.expose().trim()).filter(|s| !s.is_empty()).ok_or_else(|| {
                SidecarError::missing_field("request.paymentMethod.bankDebit.accountNumber", "Worldpay's ACH paymentInstrument requires accountNumber")
            })?;
            if number.len() > 17 || !number.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SidecarError::invalid_field("request.paymentMethod.bankDebit.accountNumber", "Worldpay's ACH accountNumber is 1 to 17 digits".into()));
            }
            let routing = present(&d.routing_number).ok_or_else(|| {
                SidecarError::missing_field("request.paymentMethod.bankDebit.routingNumber", "Worldpay's ACH paymentInstrument requires the nine-digit routingNumber")
            })?;
            if routing.len() != 9 || !routing.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SidecarError::invalid_field("request.paymentMethod.bankDebit.routingNumber", "Worldpay's ACH routingNumber is nine digits".into()));
            }
            i.account_type = Some(match d.account_type.unwrap_or_default() {
                crate::protocol::BankAccountType::Checking => "checking",
                crate::protocol::BankAccountType::Savings => "savings",
            });
            i.account_number = Some(number);
            i.routing_number = Some(routing);
            i.billing_address = Some(InstrumentAddress::Address(billing_address(r, false)?));
            Ok((i, None))
        }
        _ => Ok((i, None)),
    }
}

pub fn authorize<'a>(r: &'a AuthorizeRequest, entity: &'a str, default_narrative: Option<&'a str>) -> Result<ApmPaymentRequest<'a>, SidecarError> {
    let apm = apm_of(&r.payment_method).ok_or_else(|| SidecarError::payment_method_not_supported(&not_taken(&r.payment_method)))?;
    if apm.sale_only && r.capture_method == CaptureMethod::Manual {
        return Err(SidecarError::invalid_field(
            "request.captureMethod",
            format!("{} through Worldpay is a sale (authorized and settled at once): use captureMethod automatic", apm.method),
        ));
    }
    if r.setup_future_usage.is_some() {
        return Err(SidecarError::invalid_field(
            "request.setupFutureUsage",
            "Worldpay's APM API saves no payment method with these one-time APM payments".into(),
        ));
    }
    if let Some(only) = apm.currency {
        if !r.amount.currency.trim().eq_ignore_ascii_case(only) {
            return Err(SidecarError::invalid_field(
                "request.amount.currency",
                format!("{} through Worldpay moves {only} only", apm.method),
            ));
        }
    }
    let result_urls = if apm.urls == Urls::None {
        None
    } else {
        let return_url = r.return_url.as_deref().map(str::trim).filter(|u| !u.is_empty()).ok_or_else(|| {
            SidecarError::missing_field("request.returnUrl", "Worldpay's APM payments send the shopper back to resultUrls: pass returnUrl")
        })?;
        let url = Some(return_url);
        Some(match apm.urls {
            Urls::All => ResultUrls { cancel: url, failure: url, pending: url, success: url },
            Urls::SuccessFailureCancel => ResultUrls { cancel: url, failure: url, pending: None, success: url },
            Urls::WithoutFailure => ResultUrls { cancel: url, failure: None, pending: url, success: url },
            Urls::PendingOnly | Urls::None => ResultUrls { pending: url, ..Default::default() },
        })
    };
    let narrative = match (r.statement_descriptor.as_deref().map(str::trim).filter(|s| !s.is_empty()), default_narrative) {
        (Some(s), _) => narrative(s, "request.statementDescriptor")?,
        (None, Some(n)) => narrative(n, "auth.narrative")?,
        (None, None) => {
            return Err(SidecarError::missing_field(
                "request.statementDescriptor",
                "Worldpay requires instruction.narrative.line1 (what the shopper's statement shows): set auth.narrative or pass statementDescriptor",
            ))
        }
    };
    let terms_accepted = match &r.payment_method {
        PaymentMethod::BankRedirect(b) if b.method == BankRedirectMethod::Blik => Some(blik_terms(b)?),
        _ => None,
    };
    let order = match &r.payment_method {
        PaymentMethod::Bnpl(b) => Some(klarna_order(r, b)?),
        _ => None,
    };
    let (payment_instrument, customer_agreement) = instrument(&apm, r)?;
    Ok(ApmPaymentRequest {
        transaction_reference: transaction_reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
        merchant: Merchant { entity },
        instruction: ApmInstruction {
            method: apm.method,
            terms_accepted,
            value: value(&r.amount, "request.amount", false)?,
            narrative,
            payment_instrument,
            settlement: (!apm.sale_only).then_some(super::requests::Settlement { auto: r.capture_method == CaptureMethod::Automatic }),
            result_urls,
            customer: customer(&apm, r)?,
            customer_agreement,
            order,
        },
    })
}

/// `ApmPaymentResourceWithRedirectV2` and the query's `ApmPaymentResourceQuery`.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ApmPaymentResource {
    pub payment_id: Option<String>,
    pub last_event: Option<String>,
    /// A page to send the shopper to, or (WeChat Pay, Pix, Swish without a phone) a QR code
    /// image in Base64.
    pub redirect: Option<String>,
    /// Pix: the QR code's payload (copia e cola); Swish: the payment's token for the Swish app.
    pub transaction_code: Option<String>,
    pub payment_instrument: Option<ApmInstrumentResponse>,
    #[serde(rename = "_links")]
    pub links: Option<Links>,
}

#[derive(Debug, Deserialize, Default)]
pub struct ApmInstrumentResponse {
    pub method: Option<String>,
}

/// A Base64 image as Worldpay answers it in `redirect` (its examples are PNG: `iVBOR...`).
fn qr_image(text: &str) -> Option<String> {
    let ok = text.len() >= 16 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=');
    let mime = if text.starts_with("iVBOR") { "image/png" } else if text.starts_with("/9j/") { "image/jpeg" } else { return None };
    ok.then(|| format!("data:{mime};base64,{text}"))
}

/// What the shopper must do, read from a pending answer: a page (redirect), a voucher page
/// (Konbini), a QR code image to show (WeChat Pay, Pix with its payload, Swish with its token),
/// or an approval in the Swish app (a Swish payment with the shopper's phone: no image).
fn shopper_action(p: &ApmPaymentResource, result: &mut PaymentResult) {
    let method = p.payment_instrument.as_ref().and_then(|i| present_owned(&i.method)).unwrap_or_default();
    let code = present_owned(&p.transaction_code);
    let redirect = present_owned(&p.redirect);
    match redirect {
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
            if method == "konbini" {
                // The page with the shopper's Konbini payment number: paid later in a store.
                let mut next = NextAction::new(NextActionType::DisplayVoucher);
                next.url = Some(url);
                result.next_action = Some(next);
                return;
            }
            result.status = PaymentStatus::AuthenticationPending;
            result.redirection = Some(Redirection { url: url.clone(), method: RedirectMethod::GET, form: None });
            let mut next = NextAction::new(NextActionType::Redirect);
            next.url = Some(url);
            result.next_action = Some(next);
        }
        Some(image) => {
            if let Some(data_url) = qr_image(&image) {
                let mut next = NextAction::new(NextActionType::DisplayQrCode);
                next.url = Some(data_url);
                if method == "pix" {
                    next.qr_data = code;
                } else {
                    next.reference = code;
                }
                result.next_action = Some(next);
            }
        }
        None if method == "swish" && code.is_some() => {
            let mut next = NextAction::new(NextActionType::AwaitApproval);
            next.reference = code;
            result.next_action = Some(next);
        }
        None => {}
    }
}

/// `lastEvent` of an APM payment (its enum in the APM API description) → payment status. Refund
/// and dispute events mean the money was taken. An unknown word is never guessed.
const APM_EVENTS: &[(&str, PaymentStatus)] = &[
    ("pending", PaymentStatus::Pending),
    ("sentForAuthorization", PaymentStatus::Authorizing),
    ("authorized", PaymentStatus::Authorized),
    ("sentForSettlement", PaymentStatus::Charged),
    ("settled", PaymentStatus::Charged),
    ("settlementFailed", PaymentStatus::CaptureFailed),
    ("cancelRequested", PaymentStatus::VoidInitiated),
    ("cancelled", PaymentStatus::Voided),
    ("cancelFailed", PaymentStatus::VoidFailed),
    // The shopper gave up on the APM's page: nothing was taken.
    ("cancelledByCustomer", PaymentStatus::Failure),
    ("refused", PaymentStatus::Failure),
    ("refusedByIssuer", PaymentStatus::Failure),
    ("error", PaymentStatus::Failure),
    ("expired", PaymentStatus::Failure),
    ("requestExpired", PaymentStatus::Failure),
    ("sentForRefund", PaymentStatus::Charged),
    ("refunded", PaymentStatus::Charged),
    ("refundFailed", PaymentStatus::Charged),
    ("refundExpired", PaymentStatus::Charged),
    ("refundReversed", PaymentStatus::Charged),
    ("chargedBack", PaymentStatus::Charged),
    ("chargebackReversed", PaymentStatus::Charged),
    ("disputeFundsHeld", PaymentStatus::Charged),
    ("disputeFundsReleased", PaymentStatus::Charged),
    ("disputeInformationRequested", PaymentStatus::Charged),
    ("disputInformationSupplied", PaymentStatus::Charged),
    ("disputeExpired", PaymentStatus::Charged),
    ("disputeReserveReleased", PaymentStatus::Charged),
];

pub fn apm_event_status(event: Option<&str>) -> PaymentStatus {
    event.and_then(|e| APM_EVENTS.iter().find(|(k, _)| *k == e)).map(|(_, s)| *s).unwrap_or(PaymentStatus::Unresolved)
}

/// A refund's reading of the same `lastEvent`: `refunded` is done, `refundFailed` /
/// `refundExpired` failed, anything else still pending (never `failure` on a guess).
const APM_REFUND_EVENTS: &[(&str, RefundStatus)] = &[
    ("sentForRefund", RefundStatus::Pending),
    ("refunded", RefundStatus::Success),
    ("refundFailed", RefundStatus::Failure),
    ("refundExpired", RefundStatus::Failure),
];

pub fn apm_refund_status(event: Option<&str>) -> RefundStatus {
    event.and_then(|e| APM_REFUND_EVENTS.iter().find(|(k, _)| *k == e)).map(|(_, s)| *s).unwrap_or(RefundStatus::Pending)
}

fn payment_id(p: &ApmPaymentResource) -> Option<String> {
    present_owned(&p.payment_id).filter(|id| valid_link_data(id)).or_else(|| {
        let href = p.links.as_ref()?.this.as_ref()?.href.as_deref()?;
        let rest = &href[href.find("/apmPayments/")? + "/apmPayments/".len()..];
        let id = rest.split(['/', '?', '#']).next()?;
        valid_link_data(id).then(|| id.to_string())
    })
}

/// Reads an APM payment answer (authorize, psync, capture) or its error.
pub fn parse_payment(response: &HttpResponse, known_id: Option<&str>, read_only: bool, refused: PaymentStatus, what: &'static str) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response)?;
        let unknown = response.status >= 500 || response.status == 429 || read_only;
        let mut result = PaymentResult::new(if unknown { PaymentStatus::Unresolved } else { refused }, response.status);
        result.connector_transaction_id = known_id.map(str::to_string);
        result.error = Some(api_error(response.status, &e, if response.status >= 500 { "Worldpay could not process the call (its outcome is unknown)" } else { what }));
        result.state = Some(apm_state());
        return Ok(result);
    }
    let p: ApmPaymentResource = response.json()?;
    let Some(event) = present_owned(&p.last_event) else {
        return Err(SidecarError::undeserializable(response.status, &response.body, "no lastEvent in Worldpay's APM answer"));
    };
    let status = apm_event_status(Some(&event));
    let mut result = PaymentResult::new(status, response.status);
    if status == PaymentStatus::Pending {
        shopper_action(&p, &mut result);
    }
    result.connector_status = Some(event.clone());
    result.connector_transaction_id = if read_only { known_id.map(str::to_string) } else { payment_id(&p) }.or_else(|| known_id.map(str::to_string));
    if status == PaymentStatus::Failure {
        result.error = Some(ErrorInfo {
            code: if event.starts_with("refused") { U::CardDeclined } else { U::ProcessingError },
            message: format!("Worldpay reports the APM payment as {event}"),
            connector_code: Some(event),
            connector_message: None,
            decline_code: None,
            advice_code: None,
            decline_type: None,
        });
    }
    result.state = Some(apm_state());
    Ok(result)
}

/// A reversal's answer (`lastEvent: sentForRefund`) or its error; the refund is the payment's
/// reversal, read back by rsync through the payment (`paymentId`).
pub fn parse_refund(response: &HttpResponse, payment: &str, amount: &crate::protocol::Money) -> Result<RefundResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response)?;
        let status = if response.status >= 500 || response.status == 429 { RefundStatus::Pending } else { RefundStatus::Failure };
        let mut result = RefundResult::new(status, response.status);
        let what = if response.status >= 500 { "Worldpay could not process the reversal (its outcome is unknown)" } else { "Worldpay refused the reversal" };
        result.error = Some(api_error(response.status, &e, what));
        return Ok(result);
    }
    let p: ApmPaymentResource = response.json()?;
    let mut result = RefundResult::new(apm_refund_status(p.last_event.as_deref()), response.status);
    result.connector_refund_id = payment_id(&p).or_else(|| Some(payment.to_string()));
    result.connector_status = present_owned(&p.last_event);
    result.refund_amount = Some(amount.clone());
    Ok(result)
}

pub fn parse_refund_query(response: &HttpResponse, id: &str) -> Result<RefundResult, SidecarError> {
    if !response.is_success() {
        let e = error_body(response)?;
        let mut result = RefundResult::new(RefundStatus::Pending, response.status);
        result.connector_refund_id = Some(id.to_string());
        result.error = Some(api_error(response.status, &e, "Worldpay could not read the APM payment"));
        return Ok(result);
    }
    let p: ApmPaymentResource = response.json()?;
    let mut result = RefundResult::new(apm_refund_status(p.last_event.as_deref()), response.status);
    result.connector_refund_id = Some(id.to_string());
    result.connector_status = present_owned(&p.last_event);
    Ok(result)
}

//! Nuvei's request bodies (REST API v1, `/ppp/api/v1/<method>.do`), named as its API reference
//! and its official SDKs (npm `nuvei`, SafeChargeInternational/safecharge-php) name them.
//!
//! Every body carries `merchantId`, `merchantSiteId`, `clientRequestId`, `timeStamp`
//! (`YYYYMMDDHHmmss`) and `checksum`: the SHA-256 hex of the values of the call's own list of
//! fields, in its order, then the merchant secret key ([`checksum`]).

use super::NuveiAuth;
use crate::connectors::Context;
use crate::kit::crypto::sha256_hex;
use crate::kit::money::{decimal_string, minor_units_for, validate, validate_verification};
use crate::kit::text::present;
use crate::protocol::{Address, Card, Customer, DecryptedWalletCard, ExternalThreeDs, Money, PaymentMethod, SidecarError, WalletToken};
use serde::Serialize;

/// `clientRequestId` is at most 255 characters (the SDK's request schema).
pub const MAX_CLIENT_REQUEST_ID: usize = 255;

/// SHA-256 hex of `values` joined with nothing between them, then the secret key: how every
/// Nuvei call is signed. Absent optional fields are left out of the list by the caller.
pub fn checksum(values: &[&str], secret: &str) -> String {
    let mut text = values.concat();
    text.push_str(secret);
    sha256_hex(text.as_bytes())
}

/// Each call's checksum fields, in the order Nuvei's SDKs sign them (the secret key comes last);
/// `oracles/nuvei/PaymentService.php` (the PHP SDK) is checked against them in tests.rs. A field
/// the body leaves out counts as empty; `urlDetails` counts as its notificationUrl.
pub const SESSION_FIELDS: &[&str] = &["merchantId", "merchantSiteId", "clientRequestId", "timeStamp"];
pub const PAYMENT_FIELDS: &[&str] = &["merchantId", "merchantSiteId", "clientRequestId", "amount", "currency", "timeStamp"];
/// `/openOrder.do`: the same six fields as `/payment.do` (the PHP SDK's openOrder).
pub const OPEN_ORDER_FIELDS: &[&str] = PAYMENT_FIELDS;
/// `/initPayment.do` (3-D Secure's first call): the same six fields (the PHP SDK's initPayment).
pub const INIT_PAYMENT_FIELDS: &[&str] = PAYMENT_FIELDS;
pub const SETTLE_FIELDS: &[&str] = &[
    "merchantId", "merchantSiteId", "clientRequestId", "clientUniqueId", "amount", "currency", "relatedTransactionId", "authCode",
    "descriptorMerchantName", "descriptorMerchantPhone", "comment", "urlDetails", "timeStamp",
];
pub const VOID_FIELDS: &[&str] = &[
    "merchantId", "merchantSiteId", "clientRequestId", "clientUniqueId", "amount", "currency", "relatedTransactionId", "authCode", "comment",
    "urlDetails", "timeStamp",
];
pub const REFUND_FIELDS: &[&str] = VOID_FIELDS;
/// `/deleteUPO.do` (the Node SDK's order).
pub const DELETE_UPO_FIELDS: &[&str] = &["merchantId", "merchantSiteId", "userTokenId", "clientRequestId", "userPaymentOptionId", "timeStamp"];
pub const DETAILS_FIELDS: &[&str] = &["merchantId", "merchantSiteId", "transactionId", "clientUniqueId", "timeStamp"];

/// The checksum of `body` (before its `checksum` is set) over `fields`: the body is the one
/// declaration of what is sent, and what is signed is read from it.
pub fn sign(body: &impl Serialize, fields: &[&str], secret: &str) -> String {
    let value = serde_json::to_value(body).expect("request types always serialize");
    let text = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let values: Vec<String> = fields
        .iter()
        .map(|f| match (*f, value.get(f)) {
            ("urlDetails", Some(u)) => text(u.get("notificationUrl")),
            (_, v) => text(v),
        })
        .collect();
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    checksum(&refs, secret)
}

/// `timeStamp`: `YYYYMMDDHHmmss`, UTC, from `options.now` when given (vectors), else the clock.
pub fn timestamp(ctx: &Context) -> Result<String, SidecarError> {
    let now = crate::kit::time::now_unix(ctx.options)?;
    Ok(crate::kit::time::iso8601_utc(now).chars().filter(char::is_ascii_digit).collect())
}

/// `clientRequestId`, the id of this API request in the merchant's system, which Nuvei
/// requires unique per request: the caller's `idempotencyKey` (a retry of the same operation
/// sends the same id), else `options.nonce`, else one derived from what the request is about and
/// its timestamp (the same call in the same second is the same request). A key over 255
/// characters is replaced by its SHA-256 (hex), the same for every retry.
pub fn client_request_id(key: Option<&String>, ctx: &Context, about: &[&str], ts: &str) -> String {
    let chosen = present(&key.cloned()).map(str::to_string).or_else(|| present(&ctx.options.nonce).map(str::to_string));
    match chosen {
        Some(k) if k.len() <= MAX_CLIENT_REQUEST_ID => k,
        Some(k) => sha256_hex(k.as_bytes()),
        None => {
            let mut text = about.join("|");
            text.push('|');
            text.push_str(ts);
            sha256_hex(text.as_bytes())[..32].to_string()
        }
    }
}

/// Nuvei's `amount`: a decimal string in major units with the currency's ISO 4217 decimals
/// (`"10.50"` USD, `"1050"` JPY, `"1.050"` KWD), exact. `zero_allowed` for a zero-value check.
pub fn amount(money: &Money, field: &str, zero_allowed: bool) -> Result<String, SidecarError> {
    let exponent = if zero_allowed { validate_verification(money, field)? } else { validate(money, field)? };
    let minor = if money.minor_amount == 0 { 0 } else { minor_units_for(money, exponent, field)? };
    Ok(decimal_string(minor, exponent))
}

/// `/getSessionToken.do`. Checksum: merchantId, merchantSiteId, clientRequestId, timeStamp.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionTokenRequest<'a> {
    pub merchant_id: &'a str,
    pub merchant_site_id: &'a str,
    pub client_request_id: String,
    pub time_stamp: String,
    pub checksum: String,
}

impl<'a> SessionTokenRequest<'a> {
    pub fn new(auth: &'a NuveiAuth, client_request_id: String, time_stamp: String) -> Self {
        let mut r = SessionTokenRequest { merchant_id: auth.merchant_id(), merchant_site_id: auth.merchant_site_id(), client_request_id, time_stamp, checksum: String::new() };
        r.checksum = sign(&r, SESSION_FIELDS, auth.secret());
        r
    }
}

/// `paymentOption.card`: card details, or a `ccTempToken` from Nuvei's Web SDK (`getToken`).
/// Holds card data: no `Debug`.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct NuveiCard<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_holder_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_month: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_year: Option<&'a str>,
    #[serde(rename = "CVV", skip_serializing_if = "Option::is_none")]
    pub cvv: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cc_temp_token: Option<&'a str>,
    /// A wallet's token (Apple Pay, Google Pay): encrypted in `mobileToken`, or the decrypted
    /// card above with its `cryptogram` and `eciProvider`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_token: Option<ExternalToken>,
    /// 3-D Secure done elsewhere: `threeD.externalMpi`.
    #[serde(rename = "threeD", skip_serializing_if = "Option::is_none")]
    pub three_d: Option<ThreeD<'a>>,
}

/// `paymentOption.card.externalToken` (the SDKs' ExternalToken: externalTokenProvider,
/// mobileToken, cryptogram, eciProvider). Holds a wallet's token or cryptogram: no `Debug`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalToken {
    /// `ApplePay` or `GooglePay`.
    pub external_token_provider: &'static str,
    /// The encrypted wallet token, as JSON text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile_token: Option<String>,
    /// A decrypted token's cryptogram (Apple Pay onlinePaymentCryptogram, Google Pay cryptogram).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cryptogram: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eci_provider: Option<String>,
}

/// `paymentOption.card.threeD` (the Java SDK's ThreeD and InitPaymentThreeD): 3-D Secure done
/// elsewhere (`externalMpi`), or a step of the 3-D Secure Nuvei runs: /initPayment's
/// `methodNotificationUrl`, then /payment's `methodCompletionInd`, `version`, `notificationURL`,
/// `merchantURL`, `platformType`, `browserDetails` and `v2AdditionalParams`.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ThreeD<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_mpi: Option<ExternalMpi<'a>>,
    /// /initPayment: where the issuer's 3DS Method page posts when it is done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method_notification_url: Option<&'a str>,
    /// "Y": the 3DS Method ran (the initPayment answer had a methodUrl); "U": there was none to run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method_completion_ind: Option<&'a str>,
    /// The 3-D Secure version initPayment answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<&'a str>,
    /// Where the issuer's challenge page posts its answer (CRes): the shopper's way back.
    #[serde(rename = "notificationURL", skip_serializing_if = "Option::is_none")]
    pub notification_url: Option<&'a str>,
    #[serde(rename = "merchantURL", skip_serializing_if = "Option::is_none")]
    pub merchant_url: Option<&'a str>,
    /// "02": a browser (EMV 3DS deviceChannel).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_details: Option<BrowserDetails<'a>>,
    #[serde(rename = "v2AdditionalParams", skip_serializing_if = "Option::is_none")]
    pub v2_additional_params: Option<V2AdditionalParams>,
}

/// `threeD.browserDetails` (the Java SDK's BrowserDetails: every value a string).
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct BrowserDetails<'a> {
    pub accept_header: &'a str,
    pub ip: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub java_enabled: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub java_script_enabled: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color_depth: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screen_height: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screen_width: Option<String>,
    /// Minutes between UTC and the browser's local time (EMV 3DS browserTZ).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    pub user_agent: &'a str,
}

/// `threeD.v2AdditionalParams`: `challengePreference` "01" (a challenge requested, EMV 3DS
/// threeDSRequestorChallengeInd) and `challengeWindowSize` "05" (full screen).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct V2AdditionalParams {
    pub challenge_preference: &'static str,
    pub challenge_window_size: &'static str,
}

/// `threeD.externalMpi` ("3DS External MPI"; the SDKs' ExternalMpi): the authentication's
/// `eci`, `cavv`, and for 3-D Secure 2 the directory server's `dsTransID`, for 1 the `xid`.
#[derive(Serialize)]
pub struct ExternalMpi<'a> {
    pub eci: &'a str,
    pub cavv: &'a str,
    #[serde(rename = "dsTransID", skip_serializing_if = "Option::is_none")]
    pub ds_trans_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xid: Option<&'a str>,
}

/// `paymentOption.alternativePaymentMethod`: the APM's `paymentMethod` (apmgw_...) and its own
/// input fields. The Java SDK models the block as a map of strings (`Map<String, String>`): every
/// value here is a string. Holds a bank account (IBAN, account number): no `Debug`.
#[derive(Serialize, PartialEq)]
pub struct AlternativePaymentMethod<'a> {
    /// The apmgw_ name: the unified method's, from Nuvei's guides, or the merchant's
    /// `processorMethod` (from getMerchantPaymentMethods).
    #[serde(rename = "paymentMethod")]
    pub payment_method: &'a str,
    /// iDEAL: the shopper's bank.
    #[serde(rename = "BIC", skip_serializing_if = "Option::is_none")]
    pub bic: Option<&'a str>,
    /// OXXO: the shopper's personal id, where the provider asks for it.
    #[serde(rename = "personal_id", skip_serializing_if = "Option::is_none")]
    pub personal_id: Option<&'a str>,
    /// SEPA Direct Debit (apmgw_Sepa): the account debited.
    #[serde(rename = "iban", skip_serializing_if = "Option::is_none")]
    pub iban: Option<&'a str>,
    /// SEPA Direct Debit: where the provider sends the mandate's pre-notification.
    #[serde(rename = "verification_email", skip_serializing_if = "Option::is_none")]
    pub verification_email: Option<&'a str>,
    /// ACH (apmgw_ACH): the account debited and its bank's ABA routing number.
    #[serde(rename = "AccountNumber", skip_serializing_if = "Option::is_none")]
    pub account_number: Option<&'a str>,
    #[serde(rename = "RoutingNumber", skip_serializing_if = "Option::is_none")]
    pub routing_number: Option<&'a str>,
}

impl<'a> AlternativePaymentMethod<'a> {
    fn named(payment_method: &'a str) -> Self {
        AlternativePaymentMethod {
            payment_method,
            bic: None,
            personal_id: None,
            iban: None,
            verification_email: None,
            account_number: None,
            routing_number: None,
        }
    }
}

/// `paymentOption`: a card, or a saved payment option (`userPaymentOptionId`).
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PaymentOption<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<NuveiCard<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_payment_option_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative_payment_method: Option<AlternativePaymentMethod<'a>>,
}

/// `billingAddress` / `shippingAddress`.
#[derive(Serialize, Default, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NuveiAddress {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl NuveiAddress {
    fn from_unified(a: Option<&Address>, customer: Option<&Customer>) -> Option<Self> {
        let mut out = NuveiAddress::default();
        if let Some(a) = a {
            let lines: Vec<&str> = [present(&a.line1), present(&a.line2), present(&a.line3)].into_iter().flatten().collect();
            out.first_name = present(&a.first_name).map(str::to_string);
            out.last_name = present(&a.last_name).map(str::to_string);
            out.address = (!lines.is_empty()).then(|| lines.join(", "));
            out.city = present(&a.city).map(str::to_string);
            out.state = present(&a.state).map(str::to_string);
            out.zip = present(&a.postal_code).map(str::to_string);
            out.country = present(&a.country).map(str::to_ascii_uppercase);
        }
        if let Some(c) = customer {
            out.email = present(&c.email).map(str::to_string);
            out.phone = present(&c.phone).map(str::to_string);
        }
        (out != NuveiAddress::default()).then_some(out)
    }
}

/// `deviceDetails`: the shopper's IP address.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceDetails<'a> {
    pub ip_address: &'a str,
}

/// `urlDetails`: where Nuvei sends this transaction's DMN and, for an APM's redirect, where the
/// shopper comes back to (`successUrl`, `failureUrl`, `pendingUrl`).
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct UrlDetails<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification_url: Option<&'a str>,
}

impl<'a> UrlDetails<'a> {
    /// None when there is no URL to send.
    fn of(return_url: Option<&'a str>, notification_url: Option<&'a str>) -> Option<Self> {
        (return_url.is_some() || notification_url.is_some()).then_some(UrlDetails {
            success_url: return_url,
            failure_url: return_url,
            pending_url: return_url,
            notification_url,
        })
    }
}

/// `/payment.do`. Checksum: merchantId, merchantSiteId, clientRequestId, amount, currency,
/// timeStamp (both SDKs).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentRequest<'a> {
    pub session_token: &'a str,
    pub merchant_id: &'a str,
    pub merchant_site_id: &'a str,
    pub client_request_id: String,
    pub client_unique_id: &'a str,
    pub amount: String,
    pub currency: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_token_id: Option<&'a str>,
    /// `Auth` (authorize only, settle later) or `Sale` (authorize and settle); /initPayment has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_type: Option<&'static str>,
    /// 3-D Secure's /payment: the transaction it continues (the initPayment's, then the challenged payment's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_transaction_id: Option<&'a str>,
    /// "Merchant-Initiated Transactions": "0" on the customer's first payment that saves the
    /// card, "1" on the merchant's later payments with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_rebilling: Option<&'static str>,
    pub payment_option: PaymentOption<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<NuveiAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<NuveiAddress>,
    /// APMs: the shopper's details their providers ask for (the billing name, country, email).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_details: Option<NuveiAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_details: Option<DeviceDetails<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url_details: Option<UrlDetails<'a>>,
    pub time_stamp: String,
    pub checksum: String,
}

/// What a `/payment.do` is built from, whatever the flow (authorize, setupMandate, repeatPayment).
pub struct PaymentParts<'a> {
    pub session_token: &'a str,
    pub client_request_id: String,
    pub client_unique_id: &'a str,
    pub amount: String,
    pub currency: &'a str,
    pub user_token_id: Option<&'a str>,
    pub transaction_type: Option<&'static str>,
    pub related_transaction_id: Option<&'a str>,
    pub is_rebilling: Option<&'static str>,
    pub payment_option: PaymentOption<'a>,
    pub billing: Option<&'a Address>,
    pub shipping: Option<&'a Address>,
    pub customer: Option<&'a Customer>,
    pub ip_address: Option<&'a str>,
    pub notification_url: Option<&'a str>,
    /// Where the shopper returns after an APM's redirect (urlDetails' success, failure and pending URLs).
    pub return_url: Option<&'a str>,
    /// The phone the APM's provider reaches the payer on (a mobile money wallet's number,
    /// [`payer_phone`]): billingAddress.phone and userDetails.phone, over the customer's phone.
    pub payer_phone: Option<String>,
    pub time_stamp: String,
}

impl<'a> PaymentRequest<'a> {
    pub fn new(auth: &'a NuveiAuth, p: PaymentParts<'a>) -> Self {
        Self::signed(auth, p, PAYMENT_FIELDS)
    }

    /// The body signed over `fields` (PAYMENT_FIELDS, or /initPayment's INIT_PAYMENT_FIELDS).
    pub fn signed(auth: &'a NuveiAuth, p: PaymentParts<'a>, fields: &[&str]) -> Self {
        let is_apm = p.payment_option.alternative_payment_method.is_some();
        let payer = |mut a: Option<NuveiAddress>| {
            if let (Some(a), Some(phone)) = (a.as_mut(), &p.payer_phone) {
                a.phone = Some(phone.clone());
            }
            a
        };
        let billing_address = payer(NuveiAddress::from_unified(p.billing, p.customer));
        let user_details = if is_apm { payer(NuveiAddress::from_unified(p.billing, p.customer)) } else { None };
        let mut r = PaymentRequest {
            session_token: p.session_token,
            merchant_id: auth.merchant_id(),
            merchant_site_id: auth.merchant_site_id(),
            client_request_id: p.client_request_id,
            client_unique_id: p.client_unique_id,
            amount: p.amount,
            currency: p.currency,
            user_token_id: p.user_token_id,
            transaction_type: p.transaction_type,
            related_transaction_id: p.related_transaction_id,
            is_rebilling: p.is_rebilling,
            payment_option: p.payment_option,
            user_details,
            billing_address,
            shipping_address: NuveiAddress::from_unified(p.shipping, None),
            device_details: p.ip_address.map(|ip_address| DeviceDetails { ip_address }),
            url_details: UrlDetails::of(p.return_url, p.notification_url),
            time_stamp: p.time_stamp,
            checksum: String::new(),
        };
        r.checksum = sign(&r, fields, auth.secret());
        r
    }
}

fn full_name(a: Option<&Address>) -> Option<String> {
    let a = a?;
    match (present(&a.first_name), present(&a.last_name)) {
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (Some(n), None) | (None, Some(n)) => Some(n.to_string()),
        (None, None) => None,
    }
}

/// `externalToken.externalTokenProvider` of each wallet (Nuvei's Apple Pay and Google Pay guides).
pub const APPLE_PAY: &str = "ApplePay";
pub const GOOGLE_PAY: &str = "GooglePay";

/// What an APM's provider asks of the shopper besides `userTokenId`, `deviceDetails.ipAddress`
/// and the billing country (each APM guide's "mandatory parameters").
#[derive(Debug, PartialEq, Clone, Copy)]
pub struct ApmNeeds {
    /// `firstName`, `lastName` (billingAddress / userDetails).
    pub name: bool,
    pub email: bool,
    pub phone: bool,
    /// The one country the APM takes, when it takes one (OXXO: MX).
    pub country: Option<&'static str>,
    /// The one currency it takes (iDEAL EUR, Przelewy24 PLN, OXXO MXN).
    pub currency: Option<&'static str>,
}

/// An APM Nuvei's guides document: its apmgw_ name and what its provider needs.
pub struct KnownApm {
    pub name: &'static str,
    pub needs: ApmNeeds,
}

const fn known(name: &'static str, name_needed: bool, email: bool, phone: bool, country: Option<&'static str>, currency: Option<&'static str>) -> Option<KnownApm> {
    Some(KnownApm { name, needs: ApmNeeds { name: name_needed, email, phone, country, currency } })
}

/// What an APM that only the merchant's getMerchantPaymentMethods names needs: the billing
/// address' country and email every one of Nuvei's APM guides lists as mandatory.
pub const GENERIC_NEEDS: ApmNeeds = ApmNeeds { name: false, email: true, phone: false, country: None, currency: None };

/// The APM Nuvei's guides name for a unified method (`apmgw_...`): iDEAL `apmgw_iDeal`, Sofort
/// `apmgw_Sofort`, Przelewy24 `apmgw_P24`, Klarna `apmgw_klarna`, OXXO `apmgw_Oxxo`, PayPal
/// `apmgw_expresscheckout`, SEPA Direct Debit `apmgw_Sepa`, ACH `apmgw_ACH`, AlipayHK
/// `apmgw_AlipayHK`, GCash `apmgw_GCash`; None for a method no guide names (its name is the
/// merchant's `processorMethod`).
pub fn known_apm(method: &PaymentMethod) -> Option<KnownApm> {
    use crate::protocol::{BankDebitMethod as D, BankRedirectMethod as B, BnplMethod, VoucherMethod, WalletRedirectMethod as W};
    match method {
        PaymentMethod::BankRedirect(b) => match b.method {
            B::Ideal => known("apmgw_iDeal", true, true, false, None, Some("EUR")),
            B::Sofort => known("apmgw_Sofort", true, true, false, None, None),
            B::Przelewy24 => known("apmgw_P24", true, true, false, None, Some("PLN")),
            _ => None,
        },
        PaymentMethod::BankDebit(d) => match d.method {
            // "SEPA Direct Debit": billingAddress firstName, lastName, country, email; EUR.
            D::Sepa => known("apmgw_Sepa", true, true, false, None, Some("EUR")),
            // "ACH": US shoppers (US IP addresses), USD.
            D::Ach => known("apmgw_ACH", true, false, false, Some("US"), Some("USD")),
            _ => None,
        },
        PaymentMethod::Bnpl(b) if b.method == BnplMethod::Klarna => known("apmgw_klarna", true, true, true, None, None),
        PaymentMethod::Voucher(v) if v.method == VoucherMethod::Oxxo => known("apmgw_Oxxo", true, true, false, Some("MX"), Some("MXN")),
        // "AlipayHK" and "GCash" (Asia Pacific guides): firstName, lastName, email, phone, country.
        PaymentMethod::WalletRedirect(w) => match w.method {
            W::AlipayHk => known("apmgw_AlipayHK", true, true, true, Some("HK"), Some("HKD")),
            W::Gcash => known("apmgw_GCash", true, true, true, Some("PH"), Some("PHP")),
            _ => None,
        },
        PaymentMethod::PayPal(_) => known("apmgw_expresscheckout", false, false, false, None, None),
        _ => None,
    }
}

/// Whether Nuvei takes this payment method as an APM (`paymentOption.alternativePaymentMethod`).
pub fn is_apm(method: &PaymentMethod) -> bool {
    apm_type(method).is_some()
}

/// The payer's phone an APM's provider pushes the approval to: a mobile money wallet's number,
/// its country code and digits without the `+` (the form of Nuvei's own phone example in "APM
/// Input Fields and APIs", `972802457558`; at most 15 digits, within the SDK's 18 characters for
/// `phone`). Nuvei documents no input field of `alternativePaymentMethod` for a mobile money
/// wallet's number: each APM's own input fields are named per provider (getMerchantPaymentMethods'
/// `fields`), and the guide of its African mobile and local payments (Local Payments Africa) makes
/// `billingAddress.phone` and `userDetails.phone` mandatory: the number goes there.
pub fn payer_phone(method: &PaymentMethod) -> Option<String> {
    match method {
        PaymentMethod::MobileMoney(m) => Some(m.phone_digits().to_string()),
        _ => None,
    }
}

/// The type name and `processorMethod` of a payment method that goes through Nuvei's APMs;
/// None for a card, a token or a card wallet.
fn apm_type(method: &PaymentMethod) -> Option<(&'static str, Option<&str>)> {
    Some(match method {
        PaymentMethod::BankRedirect(b) => ("bankRedirect", b.processor_method.as_deref()),
        PaymentMethod::BankDebit(d) => ("bankDebit", d.processor_method.as_deref()),
        PaymentMethod::Bnpl(b) => ("bnpl", b.processor_method.as_deref()),
        PaymentMethod::Voucher(v) => ("voucher", v.processor_method.as_deref()),
        PaymentMethod::WalletRedirect(w) => ("walletRedirect", w.processor_method.as_deref()),
        PaymentMethod::MobileMoney(m) => ("mobileMoney", m.processor_method.as_deref()),
        PaymentMethod::PayPal(_) => ("paypal", None),
        _ => return None,
    })
}

/// The APM block of a payment method that Nuvei takes as an APM, with what its provider needs:
/// the merchant's `processorMethod` when given (Nuvei enables APMs per merchant account and
/// getMerchantPaymentMethods names them), else the name Nuvei's guides give the unified method,
/// else a 1004 naming `processorMethod`. Ok(None) for a card, a token or a card wallet.
/// `email`: the customer's, SEPA's verification_email.
pub fn apm<'a>(method: &'a PaymentMethod, email: Option<&'a str>) -> Result<Option<(AlternativePaymentMethod<'a>, ApmNeeds)>, SidecarError> {
    let Some((kind, processor_method)) = apm_type(method) else { return Ok(None) };
    let known = known_apm(method);
    let name = match (processor_method.map(str::trim).filter(|m| !m.is_empty()), &known) {
        (Some(m), _) => m,
        (None, Some(k)) => k.name,
        (None, None) => {
            return Err(SidecarError::missing_field(
                &format!("request.paymentMethod.{kind}.processorMethod"),
                &format!(
                    "Nuvei enables each APM per merchant account under its own apmgw_ name, and its guides name none for {kind} `{}`: \
                     give the paymentMethod that Nuvei's getMerchantPaymentMethods lists for your account",
                    method.method_name().unwrap_or_default()
                ),
            ))
        }
    };
    let needs = known.map(|k| k.needs).unwrap_or(GENERIC_NEEDS);
    let mut block = AlternativePaymentMethod::named(name);
    match method {
        PaymentMethod::BankRedirect(b) if b.method == crate::protocol::BankRedirectMethod::Ideal => block.bic = present(&b.issuer),
        PaymentMethod::Voucher(v) if v.method == crate::protocol::VoucherMethod::Oxxo => block.personal_id = present(&v.tax_id),
        // The account fields Nuvei's SEPA and ACH guides name; for the other schemes (BACS, BECS,
        // e-mandates) Nuvei documents no account field: the shopper gives it on the APM's page.
        PaymentMethod::BankDebit(d) => match d.method {
            crate::protocol::BankDebitMethod::Sepa => {
                block.iban = d.iban.as_ref().map(|i| i.expose().trim());
                block.verification_email = email;
            }
            crate::protocol::BankDebitMethod::Ach => {
                block.account_number = d.account_number.as_ref().map(|n| n.expose().trim());
                block.routing_number = present(&d.routing_number);
            }
            _ => {}
        },
        _ => {}
    }
    Ok(Some((block, needs)))
}

/// The `ExternalToken` of an Apple Pay or Google Pay payment, and the decrypted card it pays
/// with (None for an encrypted token, which Nuvei decrypts).
fn wallet<'a>(method: &'a PaymentMethod) -> Result<Option<(ExternalToken, Option<&'a DecryptedWalletCard>)>, SidecarError> {
    Ok(Some(match method {
        PaymentMethod::ApplePay(a) => match a.token("request.paymentMethod.applePay")? {
            WalletToken::Encrypted(data) => {
                let json = crate::kit::wallet::apple_pay_token_json(a, data, "request.paymentMethod.applePay.paymentData")?;
                (ExternalToken { external_token_provider: APPLE_PAY, mobile_token: Some(json), cryptogram: None, eci_provider: None }, None)
            }
            WalletToken::Decrypted(d) => (decrypted_token(APPLE_PAY, d), Some(d)),
        },
        PaymentMethod::GooglePay(g) => match g.wallet_token("request.paymentMethod.googlePay")? {
            WalletToken::Encrypted(token) => {
                let json = token.expose().trim();
                if serde_json::from_str::<serde_json::Value>(json).map(|v| !v.is_object()).unwrap_or(true) {
                    return Err(SidecarError::invalid_field("request.paymentMethod.googlePay.token", "not Google Pay's PaymentMethodToken JSON object".into()));
                }
                (ExternalToken { external_token_provider: GOOGLE_PAY, mobile_token: Some(json.to_string()), cryptogram: None, eci_provider: None }, None)
            }
            WalletToken::Decrypted(d) => (decrypted_token(GOOGLE_PAY, d), Some(d)),
        },
        _ => return Ok(None),
    }))
}

fn decrypted_token(provider: &'static str, d: &DecryptedWalletCard) -> ExternalToken {
    ExternalToken {
        external_token_provider: provider,
        mobile_token: None,
        cryptogram: d.cryptogram.as_ref().map(|c| c.expose().trim().to_string()),
        eci_provider: present(&d.eci).map(str::to_string),
    }
}

/// `paymentOption` of a card, a Web SDK token, a wallet (`card.externalToken`) or an APM
/// (`alternativePaymentMethod`). `cardHolderName` is mandatory for Nuvei's card data: the card's,
/// else the billing name, else the customer's; a wallet sends it when known.
pub fn payment_option<'a>(
    method: &'a PaymentMethod,
    billing: Option<&'a Address>,
    customer: Option<&'a Customer>,
) -> Result<PaymentOption<'a>, SidecarError> {
    let holder = |card: Option<&'a Card>| {
        card.and_then(|c| present(&c.holder_name).map(str::to_string))
            .or_else(|| full_name(billing))
            .or_else(|| customer.and_then(|c| present(&c.name)).map(str::to_string))
    };
    if let Some((apm, _)) = apm(method, customer.and_then(|c| present(&c.email)))? {
        return Ok(PaymentOption { alternative_payment_method: Some(apm), ..Default::default() });
    }
    if let Some((token, card)) = wallet(method)? {
        let card = NuveiCard {
            card_number: card.map(|c| c.number.expose()),
            expiration_month: card.map(|c| c.exp_month.as_str()),
            expiration_year: card.map(|c| c.exp_year.as_str()),
            card_holder_name: holder(None),
            external_token: Some(token),
            ..Default::default()
        };
        return Ok(PaymentOption { card: Some(card), ..Default::default() });
    }
    let card = match method {
        PaymentMethod::Card(card) => NuveiCard {
            card_number: Some(card.number.expose()),
            card_holder_name: holder(Some(card)),
            expiration_month: Some(card.exp_month.as_str()),
            expiration_year: Some(card.exp_year.as_str()),
            cvv: card.cvc.as_ref().map(|c| c.expose()),
            ..Default::default()
        },
        PaymentMethod::Token(token) => {
            let value = token.value.expose().trim();
            if value.is_empty() {
                return Err(SidecarError::missing_field("request.paymentMethod.token.value", "the ccTempToken from Nuvei's Web SDK getToken()"));
            }
            NuveiCard { cc_temp_token: Some(value), card_holder_name: holder(None), ..Default::default() }
        }
        other => {
            return Err(SidecarError::payment_method_not_supported(&format!(
                "Nuvei takes `card`, `token` (a ccTempToken from its Web SDK), `applePay`, `googlePay` and the APMs listConnectors names here; `{}` is not supported",
                other.type_name()
            )))
        }
    };
    if card.card_holder_name.is_none() {
        let field = if matches!(method, PaymentMethod::Card(_)) { "request.paymentMethod.card.holderName" } else { "request.billingAddress.firstName" };
        return Err(SidecarError::missing_field(field, "Nuvei requires the cardholder's name (cardHolderName): give the card's holderName, the billing address' name or the customer's name"));
    }
    Ok(PaymentOption { card: Some(card), ..Default::default() })
}

/// `threeD.externalMpi` of a card paid with 3-D Secure done elsewhere (`threeDs.external`).
pub fn external_mpi(e: &ExternalThreeDs) -> ThreeD<'_> {
    ThreeD {
        external_mpi: Some(ExternalMpi {
            eci: e.eci.trim(),
            cavv: e.cavv.expose().trim(),
            ds_trans_id: if e.major_version() == 2 { present(&e.ds_transaction_id) } else { None },
            xid: if e.major_version() == 1 { present(&e.xid) } else { None },
        }),
        ..Default::default()
    }
}

/// `/settleTransaction.do`, `/voidTransaction.do` and `/refundTransaction.do`: an operation on
/// an earlier transaction (`relatedTransactionId`). Checksum (both SDKs): merchantId,
/// merchantSiteId, clientRequestId, clientUniqueId, amount, currency, relatedTransactionId,
/// authCode, [settle only: descriptorMerchantName, descriptorMerchantPhone], comment,
/// urlDetails (its notificationUrl), timeStamp. This connector sends neither authCode nor the
/// descriptors, so they count as empty.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RelatedTransactionRequest<'a> {
    pub merchant_id: &'a str,
    pub merchant_site_id: &'a str,
    pub client_request_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_unique_id: Option<&'a str>,
    pub amount: String,
    pub currency: &'a str,
    pub related_transaction_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url_details: Option<UrlDetails<'a>>,
    pub time_stamp: String,
    pub checksum: String,
}

pub struct RelatedParts<'a> {
    pub client_request_id: String,
    pub client_unique_id: Option<&'a str>,
    pub amount: String,
    pub currency: &'a str,
    pub related_transaction_id: &'a str,
    pub comment: Option<&'a str>,
    pub notification_url: Option<&'a str>,
    pub time_stamp: String,
}

impl<'a> RelatedTransactionRequest<'a> {
    /// `fields`: SETTLE_FIELDS, VOID_FIELDS or REFUND_FIELDS.
    pub fn new(auth: &'a NuveiAuth, p: RelatedParts<'a>, fields: &[&str]) -> Self {
        let mut r = RelatedTransactionRequest {
            merchant_id: auth.merchant_id(),
            merchant_site_id: auth.merchant_site_id(),
            client_request_id: p.client_request_id,
            client_unique_id: p.client_unique_id,
            amount: p.amount,
            currency: p.currency,
            related_transaction_id: p.related_transaction_id,
            comment: p.comment,
            url_details: UrlDetails::of(None, p.notification_url),
            time_stamp: p.time_stamp,
            checksum: String::new(),
        };
        r.checksum = sign(&r, fields, auth.secret());
        r
    }
}

/// `/getTransactionDetails.do` by `transactionId`. Checksum: merchantId, merchantSiteId,
/// transactionId, [clientUniqueId], timeStamp.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionDetailsRequest<'a> {
    pub merchant_id: &'a str,
    pub merchant_site_id: &'a str,
    pub transaction_id: &'a str,
    pub time_stamp: String,
    pub checksum: String,
}

impl<'a> TransactionDetailsRequest<'a> {
    pub fn new(auth: &'a NuveiAuth, transaction_id: &'a str, time_stamp: String) -> Self {
        let mut r = TransactionDetailsRequest { merchant_id: auth.merchant_id(), merchant_site_id: auth.merchant_site_id(), transaction_id, time_stamp, checksum: String::new() };
        r.checksum = sign(&r, DETAILS_FIELDS, auth.secret());
        r
    }
}

/// `/deleteUPO.do`: removes a saved card (user payment option) of a user. Checksum: merchantId,
/// merchantSiteId, userTokenId, clientRequestId, userPaymentOptionId, timeStamp.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteUpoRequest<'a> {
    pub merchant_id: &'a str,
    pub merchant_site_id: &'a str,
    pub user_token_id: &'a str,
    pub client_request_id: String,
    pub user_payment_option_id: &'a str,
    pub time_stamp: String,
    pub checksum: String,
}

impl<'a> DeleteUpoRequest<'a> {
    pub fn new(auth: &'a NuveiAuth, user_token_id: &'a str, upo: &'a str, client_request_id: String, time_stamp: String) -> Self {
        let mut r = DeleteUpoRequest {
            merchant_id: auth.merchant_id(),
            merchant_site_id: auth.merchant_site_id(),
            user_token_id,
            client_request_id,
            user_payment_option_id: upo,
            time_stamp,
            checksum: String::new(),
        };
        r.checksum = sign(&r, DELETE_UPO_FIELDS, auth.secret());
        r
    }
}

/// `/openOrder.do`: the order Nuvei's Web SDK pays (its answer's `sessionToken` is what the
/// front end's `SafeCharge({sessionToken, ...})` and `createPayment()` take). No session token is
/// sent: openOrder opens the session.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenOrderRequest<'a> {
    pub merchant_id: &'a str,
    pub merchant_site_id: &'a str,
    pub client_request_id: String,
    pub client_unique_id: &'a str,
    pub amount: String,
    pub currency: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_token_id: Option<&'a str>,
    /// `Auth` or `Sale`, as /payment takes it.
    pub transaction_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<NuveiAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url_details: Option<UrlDetails<'a>>,
    pub time_stamp: String,
    pub checksum: String,
}

pub struct OpenOrderParts<'a> {
    pub client_request_id: String,
    pub client_unique_id: &'a str,
    pub amount: String,
    pub currency: &'a str,
    pub user_token_id: Option<&'a str>,
    pub transaction_type: &'static str,
    pub billing: Option<&'a Address>,
    pub customer: Option<&'a Customer>,
    pub return_url: Option<&'a str>,
    pub time_stamp: String,
}

impl<'a> OpenOrderRequest<'a> {
    pub fn new(auth: &'a NuveiAuth, p: OpenOrderParts<'a>) -> Self {
        let mut r = OpenOrderRequest {
            merchant_id: auth.merchant_id(),
            merchant_site_id: auth.merchant_site_id(),
            client_request_id: p.client_request_id,
            client_unique_id: p.client_unique_id,
            amount: p.amount,
            currency: p.currency,
            user_token_id: p.user_token_id,
            transaction_type: p.transaction_type,
            billing_address: NuveiAddress::from_unified(p.billing, p.customer),
            url_details: UrlDetails::of(p.return_url, None),
            time_stamp: p.time_stamp,
            checksum: String::new(),
        };
        r.checksum = sign(&r, OPEN_ORDER_FIELDS, auth.secret());
        r
    }
}

//! What Cybersource's Process a Payment (`POST /pts/v2/payments`) takes beyond a card, and how the
//! unified 3-D Secure and recurring fields reach it. Field names and values are those of the REST
//! API field reference (the same as cybersource-rest-client's request models, which the oracle
//! test checks every body against).
//!
//! - `networkToken` → `paymentInformation.tokenizedCard {number, expirationMonth, expirationYear,
//!   type, cryptogram, transactionType: "3" (card / credential-on-file tokenization), requestorId}`.
//! - `applePay` encrypted → `processingInformation.paymentSolution: "001"` and
//!   `paymentInformation.fluidData {value: <base64 paymentData>, descriptor:
//!   "RklEPUNPTU1PTi5BUFBMRS5JTkFQUC5QQVlNRU5U" (base64 of FID=COMMON.APPLE.INAPP.PAYMENT), encoding:
//!   "Base64"}`: Cybersource decrypts it. `googlePay` encrypted → `paymentSolution: "012"` and
//!   `fluidData.value` = base64 of the PaymentMethodToken JSON (no descriptor). Decrypted, either
//!   → the same `paymentSolution` with `tokenizedCard` (the device account number and its
//!   cryptogram, `transactionType: "1"`, in-app).
//! - `bankDebit` ach → `paymentInformation.bank {account: {type: C | S, number}, routingNumber}`
//!   with `paymentInformation.paymentType.name: "check"` and `processingInformation
//!   .bankTransferOptions.secCode: "WEB"`: an eCheck debit, a sale only (no `capture` flag).
//! - `threeDs.external` → `consumerAuthenticationInformation`: `cavv` (Mastercard:
//!   `ucafAuthenticationData` and `ucafCollectionIndicator`), `xid`, `directoryServerTransactionId`,
//!   `paSpecificationVersion` (2.x), `eciRaw`, and the card brand's `commerceIndicator` for the ECI
//!   (see [`commerce_indicator`]). `threeDs.mode challenge` is refused: a challenge needs
//!   Cybersource's Payer Authentication service (setup, enrollment check), which the connector
//!   does not call; `skip` and `auto` send nothing (no 3-D Secure runs on a plain authorization).
//! - `recurringType` → `processingInformation.authorizationOptions.initiator` (see
//!   [`merchant_initiated`]).

use super::super::{PaymentMethods, SupportedPaymentMethod, UnsupportedPaymentMethod, PAY_AND_SAVE, PAY_ONLY};
use crate::kit::card::CardBrand;
use crate::kit::crypto::base64_encode;
use crate::protocol::{
    CardNumber, DecryptedWalletCard, ExternalThreeDs, PaymentMethodType, RecurringType, SidecarError, ThreeDs,
    ThreeDsMode, WalletToken,
};
use serde::Serialize;

/// What Cybersource takes here, declared once: `listConnectors` shows it and the sidecar enforces it.
pub static PAYMENT_METHODS: PaymentMethods = PaymentMethods {
    unsupported_methods: &[],
    supported: &[
        SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: PAY_AND_SAVE },
        SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_AND_SAVE },
        // Pay only: setupMandate saves a card (or transient token) in TMS; saving a DPAN or a
        // wallet token is TMS network tokenization, which the connector does not do.
        SupportedPaymentMethod { kind: PaymentMethodType::NetworkToken, methods: &[], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::ApplePay, methods: &[], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::GooglePay, methods: &[], flows: PAY_ONLY },
        // eCheck (ACH) debit: paymentInformation.bank with paymentType check (the eCheck guide's
        // "Processing an eCheck Debit Transaction Using the REST API"). SEPA, BACS and BECS are
        // not Cybersource REST payment types, so only ach is listed.
        SupportedPaymentMethod { kind: PaymentMethodType::BankDebit, methods: &["ach"], flows: PAY_ONLY },
    ],
    unsupported: &[
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankRedirect,
            reason: "Cybersource's REST Payments API has no bank redirect methods (iDEAL, Sofort, ... are Cybersource Alternative Payment Methods on separate processors and calls)",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::Bnpl,
            reason: "Cybersource's REST Payments API takes no Klarna, Afterpay or Affirm payment (they are separate Alternative Payment Method integrations)",
        },
        UnsupportedPaymentMethod { kind: PaymentMethodType::Voucher, reason: "Cybersource's REST Payments API takes no voucher payments (Boleto, OXXO, Konbini, Pix)" },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::WalletRedirect,
            reason: "Cybersource's REST Payments API takes no redirect wallets (Alipay, WeChat Pay, ...) through /pts/v2/payments",
        },
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: "Cybersource does not offer UPI" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: "Cybersource does not offer UPI" },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::MobileMoney,
            reason: "Cybersource's REST Payments API takes cards, tokens, wallets' card data and eChecks; it has no mobile money",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankTransfer,
            reason: "Cybersource's REST Payments API takes cards, tokens, wallets' card data and eChecks (bankDebit); it issues no account for a bank transfer",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::Paypal,
            reason: "PayPal on Cybersource is a separate Alternative Payment Method integration (sessions, redirects), not /pts/v2/payments; use the PayPal connector",
        },
    ],
};

/// `processingInformation.paymentSolution`: Apple Pay.
pub const APPLE_PAY: &str = "001";
/// `processingInformation.paymentSolution`: Google Pay.
pub const GOOGLE_PAY: &str = "012";
/// `paymentInformation.fluidData.descriptor` of an Apple Pay token (base64 of
/// `FID=COMMON.APPLE.INAPP.PAYMENT`).
pub const APPLE_PAY_DESCRIPTOR: &str = "RklEPUNPTU1PTi5BUFBMRS5JTkFQUC5QQVlNRU5U";

/// `paymentInformation.tokenizedCard`: a network token or a wallet's device account number.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenizedCard {
    pub number: String,
    pub expiration_month: String,
    pub expiration_year: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cryptogram: Option<String>,
    /// `1`: in-app (a wallet's device token); `3`: card / credential-on-file tokenization (a
    /// network token the merchant or its token requestor holds).
    pub transaction_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requestor_id: Option<String>,
}

/// `paymentInformation.fluidData`: an encrypted wallet token Cybersource decrypts.
#[derive(Debug, Serialize)]
pub struct FluidData {
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub descriptor: Option<&'static str>,
    pub encoding: &'static str,
}

impl TokenizedCard {
    pub fn network_token(t: &crate::protocol::NetworkToken) -> Self {
        TokenizedCard {
            number: t.number.expose().to_string(),
            expiration_month: t.exp_month.clone(),
            expiration_year: t.exp_year.clone(),
            kind: super::requests::card_type(CardBrand::detect(t.number.expose())),
            cryptogram: Some(t.cryptogram.expose().to_string()),
            transaction_type: "3",
            requestor_id: t.token_requestor_id.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string),
        }
    }

    fn wallet(d: &DecryptedWalletCard) -> Self {
        TokenizedCard {
            number: d.number.expose().to_string(),
            expiration_month: d.exp_month.clone(),
            expiration_year: d.exp_year.clone(),
            kind: super::requests::card_type(CardBrand::detect(d.number.expose())),
            cryptogram: d.cryptogram.as_ref().map(|c| c.expose().to_string()),
            transaction_type: "1",
            requestor_id: None,
        }
    }
}

/// A wallet token: encrypted for Cybersource to decrypt (`fluidData`), or decrypted
/// (`tokenizedCard`).
pub fn wallet(token: WalletToken<'_>, apple: bool) -> (Option<TokenizedCard>, Option<FluidData>) {
    match token {
        WalletToken::Encrypted(secret) => {
            let value = if apple {
                // Already base64 of the paymentData JSON.
                secret.expose().trim().to_string()
            } else {
                base64_encode(secret.expose().trim().as_bytes())
            };
            (None, Some(FluidData { value, descriptor: apple.then_some(APPLE_PAY_DESCRIPTOR), encoding: "Base64" }))
        }
        WalletToken::Decrypted(d) => (Some(TokenizedCard::wallet(d)), None),
    }
}

/// `consumerAuthenticationInformation`: the result of a 3-D Secure authentication done elsewhere.
#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ConsumerAuthenticationInformation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cavv: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ucaf_authentication_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ucaf_collection_indicator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directory_server_transaction_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pa_specification_version: Option<String>,
    pub eci_raw: String,
}

/// The processing information's `commerceIndicator` for a 3-D Secure result, by card brand and
/// ECI (Cybersource's payer authentication guide, "Commerce indicator values"): Visa `vbv` (05)
/// and `vbv_attempted` (06); Mastercard `spa` (02 authenticated, 01 attempted: the UCAF collection
/// indicator tells them apart); American Express `aesk` / `aesk_attempted`; Discover and Diners
/// `dipb` / `dipb_attempted`; JCB `js` / `js_attempted`; UnionPay `up3ds` / `up3ds_attempted`.
/// An ECI saying the authentication failed or did not happen (Visa 07, Mastercard 00) is an
/// ordinary `internet` payment.
pub fn commerce_indicator(brand: CardBrand, eci: &str) -> Option<&'static str> {
    let eci = eci.trim_start_matches('0');
    let (full, attempted) = match brand {
        CardBrand::Visa => ("vbv", "vbv_attempted"),
        CardBrand::Mastercard | CardBrand::Maestro => {
            return Some(match eci {
                "2" | "1" => "spa",
                _ => "internet",
            })
        }
        CardBrand::Amex => ("aesk", "aesk_attempted"),
        CardBrand::Discover | CardBrand::DinersClub => ("dipb", "dipb_attempted"),
        CardBrand::Jcb => ("js", "js_attempted"),
        CardBrand::UnionPay => ("up3ds", "up3ds_attempted"),
        CardBrand::Unknown => return None,
    };
    Some(match eci {
        "5" => full,
        "6" => attempted,
        _ => "internet",
    })
}

pub const THREE_DS_FIELD: &str = "request.threeDs";

/// `consumerAuthenticationInformation` and the commerce indicator for the request's 3-D Secure,
/// given the number the payment charges (its brand chooses the fields). None: nothing to send.
pub fn three_ds(t: &ThreeDs, number: Option<&CardNumber>) -> Result<Option<(ConsumerAuthenticationInformation, &'static str)>, SidecarError> {
    if t.mode == ThreeDsMode::Challenge {
        return Err(SidecarError::invalid_field(
            &format!("{THREE_DS_FIELD}.mode"),
            "the Cybersource connector runs Payer Authentication (a challenge) on authorize with a card; here, \
             authenticate with your 3DS provider and send the result as threeDs.external, or send auto"
                .into(),
        ));
    }
    let Some(e) = &t.external else { return Ok(None) };
    let brand = number.map(|n| CardBrand::detect(n.expose())).unwrap_or(CardBrand::Unknown);
    let indicator = commerce_indicator(brand, &e.eci).ok_or_else(|| {
        SidecarError::invalid_field(
            &format!("{THREE_DS_FIELD}.external"),
            "Cybersource's commerce indicator for a 3-D Secure result depends on the card brand, which cannot be told \
             from this payment method: send the card, network token or decrypted wallet token with it"
                .into(),
        )
    })?;
    Ok(Some((consumer_authentication(e, brand), indicator)))
}

fn consumer_authentication(e: &ExternalThreeDs, brand: CardBrand) -> ConsumerAuthenticationInformation {
    let cavv = e.cavv.expose().to_string();
    let mastercard = matches!(brand, CardBrand::Mastercard | CardBrand::Maestro);
    let trimmed = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    ConsumerAuthenticationInformation {
        ucaf_collection_indicator: mastercard.then(|| {
            match e.eci.trim_start_matches('0') {
                "2" => "2",
                "1" => "1",
                _ => "0",
            }
            .to_string()
        }),
        ucaf_authentication_data: mastercard.then(|| cavv.clone()),
        cavv: (!mastercard).then_some(cavv),
        xid: trimmed(&e.xid),
        directory_server_transaction_id: trimmed(&e.ds_transaction_id),
        // Cybersource takes major.minor.patch of EMV 3-D Secure (2.1.0 ... 2.9.0) here.
        pa_specification_version: (e.major_version() == 2 && e.version.split('.').count() == 3).then(|| e.version.clone()),
        eci_raw: e.eci.clone(),
    }
}

/// `merchantInitiatedTransaction.reason` and the `commerceIndicator` of a merchant-initiated
/// payment on a stored credential (the field reference's reason codes): `7` fixed-amount
/// recurring (a subscription) with `recurring`, `9` installment with `install`, `10`
/// unscheduled card-on-file with `internet`.
pub fn merchant_initiated(kind: RecurringType) -> (&'static str, &'static str) {
    match kind {
        RecurringType::Scheduled => ("7", "recurring"),
        RecurringType::Installment => ("9", "install"),
        RecurringType::Unscheduled => ("10", "internet"),
    }
}

/// The reason sent on the customer-initiated payment that stores the card: the field reference
/// asks for `7` (and `8`) "on customer-initiated transactions that are establishing the
/// relationship for Mastercard subscriptions or standing orders"; nothing for the others.
pub fn establishing_reason(kind: RecurringType) -> Option<&'static str> {
    match kind {
        RecurringType::Scheduled => Some("7"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commerce_indicators_follow_brand_and_eci() {
        let cases = [
            (CardBrand::Visa, "05", Some("vbv")),
            (CardBrand::Visa, "6", Some("vbv_attempted")),
            (CardBrand::Visa, "07", Some("internet")),
            (CardBrand::Mastercard, "02", Some("spa")),
            (CardBrand::Mastercard, "01", Some("spa")),
            (CardBrand::Mastercard, "00", Some("internet")),
            (CardBrand::Amex, "05", Some("aesk")),
            (CardBrand::Discover, "06", Some("dipb_attempted")),
            (CardBrand::Jcb, "05", Some("js")),
            (CardBrand::UnionPay, "05", Some("up3ds")),
            (CardBrand::Unknown, "05", None),
        ];
        for (brand, eci, want) in cases {
            assert_eq!(commerce_indicator(brand, eci), want, "{brand:?} {eci}");
        }
    }

    #[test]
    fn each_series_has_its_own_reason_and_indicator() {
        assert_eq!(merchant_initiated(RecurringType::Scheduled), ("7", "recurring"));
        assert_eq!(merchant_initiated(RecurringType::Installment), ("9", "install"));
        assert_eq!(merchant_initiated(RecurringType::Unscheduled), ("10", "internet"));
        assert_eq!(establishing_reason(RecurringType::Scheduled), Some("7"));
        assert_eq!(establishing_reason(RecurringType::Unscheduled), None);
    }

}

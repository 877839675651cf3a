//! Paystack's request bodies, named as its API reference and OpenAPI spec
//! (oracles/paystack/paystack-openapi.yaml) write them: `TransactionInitialize`,
//! `TransactionChargeAuthorization`, `RefundCreate`.

use serde::Serialize;
use std::collections::BTreeMap;

/// POST /transaction/initialize: the hosted checkout (or Paystack Popup with `access_code`).
#[derive(Debug, Serialize)]
pub struct TransactionInitialize {
    pub email: String,
    /// In the currency's subunit (kobo, pesewas, cents).
    pub amount: i64,
    pub currency: String,
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<&'static str>>,
    /// "JSON object of custom data".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
}

/// POST /transaction/charge_authorization: charge a reusable authorization (a saved card or account).
#[derive(Debug, Serialize)]
pub struct TransactionChargeAuthorization {
    pub email: String,
    pub amount: i64,
    pub authorization_code: String,
    pub reference: String,
    pub currency: String,
    /// "Stringified JSON object of custom data" (the spec types it as a string here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
}

/// POST /refund.
#[derive(Debug, Serialize)]
pub struct RefundCreate {
    /// "The reference of a previously completed transaction" (its id is taken too).
    pub transaction: String,
    pub amount: i64,
    pub currency: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_note: Option<String>,
}

/// POST /customer/authorization/deactivate.
#[derive(Debug, Serialize)]
pub struct CustomerDeactivateAuthorization {
    pub authorization_code: String,
}

/// POST /charge (Create Charge): a direct charge through one channel; here mobile money or Pay
/// with Transfer (the Charge API docs, https://paystack.com/docs/payments/payment-channels/).
/// No `Debug`: `mobile_money.phone` names the shopper's wallet.
#[derive(Serialize)]
pub struct ChargeCreate {
    pub email: String,
    /// In the currency's subunit (kobo, pesewas, cents).
    pub amount: i64,
    pub currency: String,
    pub reference: String,
    /// "JSON object of custom data".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile_money: Option<ChargeMobileMoney>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_transfer: Option<ChargeBankTransfer>,
}

/// The spec's `MobileMoney`: the wallet's phone and the telco's code (mtn, atl, vod, mpesa).
#[derive(Serialize)]
pub struct ChargeMobileMoney {
    pub phone: String,
    pub provider: &'static str,
}

/// Pay with Transfer: Paystack answers a one-time account number (`pending_bank_transfer`).
/// `account_expires_at` is optional (Paystack's default: 30 minutes); the unified request has no
/// expiry to give, so the object is sent empty.
#[derive(Serialize)]
pub struct ChargeBankTransfer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_expires_at: Option<String>,
}

/// POST /charge/submit_otp (the spec's `ChargeSubmitOTP`): the code the shopper was sent or
/// generated (Vodafone Cash's voucher, a bank's OTP), for a charge that answered `send_otp`.
#[derive(Debug, Serialize)]
pub struct ChargeSubmitOtp {
    pub otp: String,
    pub reference: String,
}

/// POST /charge/submit_pin (the spec's `ChargeSubmitPin`): the card or account PIN, for a charge
/// that answered `send_pin`. No `Debug`: the PIN is a secret.
#[derive(Serialize)]
pub struct ChargeSubmitPin {
    pub pin: String,
    pub reference: String,
}

/// POST /charge/submit_phone (`ChargeSubmitPhone`), for a charge that answered `send_phone`.
#[derive(Serialize)]
pub struct ChargeSubmitPhone {
    pub phone: String,
    pub reference: String,
}

/// POST /charge/submit_birthday (`ChargeSubmitBirthday`: "YYYY-MM-DD e.g 2016-09-21"), for a charge
/// that answered `send_birthday`.
#[derive(Serialize)]
pub struct ChargeSubmitBirthday {
    pub birthday: String,
    pub reference: String,
}

/// POST /charge/submit_address (`ChargeSubmitAddress`: address, city, state, zip_code, all
/// required), for a charge that answered `send_address` (address verification).
#[derive(Serialize)]
pub struct ChargeSubmitAddress {
    pub address: String,
    pub city: String,
    pub state: String,
    pub zip_code: String,
    pub reference: String,
}

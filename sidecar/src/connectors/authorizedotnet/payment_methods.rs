//! What createTransactionRequest takes beyond a card, and how the unified 3-D Secure and recurring
//! fields reach it (the API reference's transactionRequestType; element names as the SDK's
//! contracts spell them, in schema order).
//!
//! - `token` → `payment.opaqueData` with Accept.js's `COMMON.ACCEPT.INAPP.PAYMENT`.
//! - `applePay` encrypted → `opaqueData {dataDescriptor: "COMMON.APPLE.INAPP.PAYMENT", dataValue:
//!   <the base64 paymentData>}`; `googlePay` encrypted → `COMMON.GOOGLE.INAPP.PAYMENT` with the base64
//!   of the PaymentMethodToken JSON: Authorize.Net decrypts both.
//! - `networkToken`, and a wallet token the merchant decrypted → `payment.creditCard` with
//!   `isPaymentToken: true`, the token's `cryptogram` (and `tokenRequestorId`).
//! - `paypal` → PayPal Express Checkout (paypal.rs): `payment.payPal {successUrl, cancelUrl}`, the
//!   shopper approves on PayPal, and completeAuthorize continues the transaction with the PayerID.
//! - `bankDebit` ach → `payment.bankAccount {accountType, routingNumber, accountNumber,
//!   nameOnAccount, echeckType: WEB}` (an internet-authorized eCheck.Net debit): a sale
//!   (`authCaptureTransaction`) only, eCheck.Net has no authorization to capture later.
//! - `threeDs.external` → `cardholderAuthentication {authenticationIndicator: the ECI,
//!   cardholderAuthenticationValue: the CAVV}` (Authorize.Net takes the result of a 3-D Secure
//!   authentication done elsewhere; it runs none itself, so `mode: challenge` is refused).
//! - `recurringType` on repeatPayment → `processingOptions.isSubsequentAuth` for every
//!   merchant-initiated payment, and `transactionSettings recurringBilling: true` for a series on a
//!   schedule (scheduled, installment: Authorize.Net has no separate installment marker).

use super::super::{PaymentMethods, SupportedPaymentMethod, UnsupportedPaymentMethod, PAY_AND_SAVE, PAY_ONLY};
use crate::protocol::{PaymentMethodType, RecurringType, SidecarError, ThreeDs, ThreeDsMode};
use serde::Serialize;

/// What Authorize.Net takes here, declared once: `listConnectors` shows it and the sidecar enforces it.
pub static PAYMENT_METHODS: PaymentMethods = PaymentMethods {
    unsupported_methods: &[],
    supported: &[
        SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: PAY_AND_SAVE },
        SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_AND_SAVE },
        // Pay only: a customer payment profile (setupMandate) holds a card or a bank account, not
        // a wallet or network token with a one-time cryptogram.
        SupportedPaymentMethod { kind: PaymentMethodType::NetworkToken, methods: &[], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::ApplePay, methods: &[], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::GooglePay, methods: &[], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::BankDebit, methods: &["ach"], flows: PAY_ONLY },
        // PayPal Express Checkout: pay only. Authorize.Net's PayPal calls are transactions
        // (createTransactionRequest); its customer profiles hold cards and bank accounts, never a
        // PayPal account, so nothing can be saved for repeatPayment.
        SupportedPaymentMethod { kind: PaymentMethodType::Paypal, methods: &[], flows: PAY_ONLY },
    ],
    unsupported: &[
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankRedirect,
            reason: "Authorize.Net takes cards, wallets and US eCheck.Net debits; it has no bank redirect methods",
        },
        UnsupportedPaymentMethod { kind: PaymentMethodType::Bnpl, reason: "Authorize.Net offers no buy-now-pay-later method" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::Voucher, reason: "Authorize.Net offers no voucher payments" },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::WalletRedirect,
            reason: "Authorize.Net's wallets are Apple Pay, Google Pay and PayPal (type `paypal`: its PayPal Express Checkout); it has no redirect wallets such as Alipay or WeChat Pay",
        },
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: "Authorize.Net does not offer UPI" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: "Authorize.Net does not offer UPI" },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::MobileMoney,
            reason: "Authorize.Net offers no mobile money wallets",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankTransfer,
            reason: "Authorize.Net has no bank transfer method: its bank payment is the eCheck debit (bankDebit)",
        },
    ],
};

/// opaqueData descriptors (Authorize.Net's Apple Pay and Google Pay guides).
pub const APPLE_PAY_DESCRIPTOR: &str = "COMMON.APPLE.INAPP.PAYMENT";
pub const GOOGLE_PAY_DESCRIPTOR: &str = "COMMON.GOOGLE.INAPP.PAYMENT";

/// ccAuthenticationType: the result of a 3-D Secure authentication done elsewhere.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CardholderAuthentication {
    pub authentication_indicator: String,
    pub cardholder_authentication_value: String,
}

/// `cardholderAuthentication` for the request's 3-D Secure; `challenge` is refused.
pub fn cardholder_authentication(t: &ThreeDs) -> Result<Option<CardholderAuthentication>, SidecarError> {
    if t.mode == ThreeDsMode::Challenge {
        return Err(SidecarError::invalid_field(
            "request.threeDs.mode",
            "Authorize.Net runs no 3-D Secure of its own: authenticate with your 3DS provider and send the result as \
             threeDs.external (cardholderAuthentication), or send auto"
                .into(),
        ));
    }
    Ok(t.external.as_ref().map(|e| CardholderAuthentication {
        authentication_indicator: e.eci.clone(),
        cardholder_authentication_value: e.cavv.expose().to_string(),
    }))
}

/// transactionSettings: `{setting: [{settingName, settingValue}]}`.
#[derive(Serialize)]
pub struct TransactionSettings {
    pub setting: Vec<Setting>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Setting {
    pub setting_name: &'static str,
    pub setting_value: &'static str,
}

/// `recurringBilling: true` for a merchant-initiated payment of a series on a schedule.
pub fn recurring_billing(kind: RecurringType) -> Option<TransactionSettings> {
    match kind {
        RecurringType::Scheduled | RecurringType::Installment => {
            Some(TransactionSettings { setting: vec![Setting { setting_name: "recurringBilling", setting_value: "true" }] })
        }
        RecurringType::Unscheduled => None,
    }
}


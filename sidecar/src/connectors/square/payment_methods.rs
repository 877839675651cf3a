//! What the Square connector takes, and what it does with the unified 3-D Secure and recurring
//! fields (Payments API 2025-08-20).
//!
//! Square takes no payment details through its server API: the Web Payments SDK (and the In-App
//! Payments SDK) turns a card, Apple Pay, Google Pay, an ACH bank account, Afterpay / Clearpay or
//! Cash App Pay into a payment token (`cnon:...`, a wallet nonce, `bnon:...`, ...), which
//! CreatePayment takes as `source_id`. So the connector takes one payment method type, `token`,
//! and declares every other type unsupported with where its token comes from.
//!
//! - 3-D Secure: Square's buyer verification (SCA) runs in the Web Payments SDK
//!   (`payments.verifyBuyer`), whose own `verification_token` is the only authentication
//!   CreatePayment and CreateCard take. There is no field for the result of an authentication done
//!   elsewhere (`threeDs.external`), nor a way to ask for a challenge from the server
//!   (`mode: challenge`): both are refused with that reason. `skip` sends nothing.
//! - `recurringType`: CreatePayment has no field for the kind of merchant-initiated series (a
//!   payment on a card on file is all Square is told); it is accepted and not sent.

use super::super::{PaymentMethods, SupportedPaymentMethod, UnsupportedPaymentMethod, PAY_AND_SAVE};
use crate::protocol::{PaymentMethodType, SidecarError, ThreeDs, ThreeDsMode};

/// What Square takes here, declared once: `listConnectors` shows it and the sidecar enforces it.
pub static PAYMENT_METHODS: PaymentMethods = PaymentMethods {
    unsupported_methods: &[],
    supported: &[SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_AND_SAVE }],
    unsupported: &[
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::Card,
            reason: "Square takes no card numbers through its API: the Web Payments SDK tokenizes the card in the buyer's browser (cnon:...); send that token as token",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::ApplePay,
            reason: "Square takes Apple Pay through the Web Payments SDK (payments.applePay), which returns a payment token: send it as token",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::GooglePay,
            reason: "Square takes Google Pay through the Web Payments SDK (payments.googlePay), which returns a payment token: send it as token",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::NetworkToken,
            reason: "Square's Payments API takes no network token and cryptogram from the merchant; cards reach it only as Web Payments SDK tokens",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankDebit,
            reason: "Square takes ACH bank payments (US only) through the Web Payments SDK (payments.ach, with the buyer's authorization in Plaid), which returns a bank token: send it as token; Square offers no SEPA, BACS or BECS debit",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::Bnpl,
            reason: "Square's buy-now-pay-later is Afterpay / Clearpay through the Web Payments SDK (payments.afterpayClearpay), which returns a payment token: send it as token; Klarna and Affirm are not Square payment methods",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::WalletRedirect,
            reason: "Square's only redirect wallet is Cash App Pay through the Web Payments SDK (payments.cashAppPay), which returns a payment token: send it as token",
        },
        UnsupportedPaymentMethod { kind: PaymentMethodType::BankRedirect, reason: "Square offers no bank redirect methods (iDEAL, Sofort, ...)" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::Voucher, reason: "Square offers no voucher payments (Boleto, OXXO, Konbini, Pix)" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::Paypal, reason: "Square does not take PayPal; use the PayPal connector" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: "Square does not offer UPI" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: "Square does not offer UPI" },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::MobileMoney,
            reason: "Square offers no mobile money wallets",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankTransfer,
            reason: "Square's Payments API takes no push bank transfer: its bank payments are ACH debits (bankDebit) and Cash App Pay",
        },
    ],
};

/// Refuses what Square cannot be told about 3-D Secure (see the module notes).
pub fn check_three_ds(t: &ThreeDs) -> Result<(), SidecarError> {
    const WHY: &str = "Square's buyer verification (3-D Secure / SCA) runs in the Web Payments SDK (payments.verifyBuyer) \
                       before the token is made; CreatePayment takes no other authentication result and cannot ask for a \
                       challenge";
    if t.external.is_some() {
        return Err(SidecarError::invalid_field("request.threeDs.external", WHY.into()));
    }
    if t.mode == ThreeDsMode::Challenge {
        return Err(SidecarError::invalid_field("request.threeDs.mode", WHY.into()));
    }
    Ok(())
}


//! What the Braintree connector takes, and how the unified 3-D Secure and recurring fields reach
//! the GraphQL inputs (schema: github.com/braintree/graphql-api `schema.graphql`).
//!
//! Every Braintree payment method reaches the merchant's server as a payment method nonce from a
//! Braintree client SDK (cards through Hosted Fields or Drop-in, Apple Pay, Google Pay, PayPal,
//! Venmo, ACH, SEPA and local payment methods alike), so the connector takes one payment method
//! type, `token`, and every other type is declared unsupported with where its nonce comes from.
//!
//! - `threeDs.external` → `threeDSecurePassThrough` (ThreeDSecurePassThroughInput: `eciFlag`,
//!   `cavv`, `xId`, `version`, `authenticationResponse`, `directoryServerTransactionId`) on the
//!   `transaction` of authorizePaymentMethod / chargePaymentMethod, and on vaultPaymentMethod's
//!   input. `mode: challenge` is refused: Braintree runs 3-D Secure in its client SDK
//!   (`threeDSecure.verifyCard`) before the nonce exists. `skip` sends nothing (no 3-D Secure runs
//!   on the server call).
//! - `recurringType` on repeatPayment → `transaction.paymentInitiator` (PaymentInitiator:
//!   `RECURRING` for a subscription, `INSTALLMENT`, `UNSCHEDULED`). vaultPaymentMethod has no
//!   initiator, and authorize does not save (setupMandate vaults), so the first-in-series values
//!   are not sent.

use super::super::{PaymentMethods, SupportedPaymentMethod, UnsupportedPaymentMethod, PAY_AND_SAVE};
use crate::protocol::{PaymentMethodType, RecurringType, SidecarError, ThreeDs, ThreeDsMode};
use serde::Serialize;

#[cfg_attr(not(test), allow(dead_code))]
const NONCE: &str = "send the Braintree nonce as token";

/// What Braintree takes here, declared once: `listConnectors` shows it and the sidecar enforces it.
pub static PAYMENT_METHODS: PaymentMethods = PaymentMethods {
    unsupported_methods: &[],
    supported: &[SupportedPaymentMethod { kind: PaymentMethodType::Token, methods: &[], flows: PAY_AND_SAVE }],
    unsupported: &[
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::Card,
            reason: "Braintree tokenizes cards in the shopper's browser or app (Hosted Fields, Drop-in, the mobile SDKs) and returns a payment method nonce; the connector sends no raw card numbers: send the Braintree nonce as token",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::ApplePay,
            reason: "Braintree's Apple Pay client SDK tokenizes the Apple Pay payment into a payment method nonce: send the Braintree nonce as token",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::GooglePay,
            reason: "Braintree's Google Pay client SDK (with Braintree as the gateway) returns a payment method nonce: send the Braintree nonce as token",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::NetworkToken,
            reason: "Braintree takes a merchant's network token through its tokenizeNetworkToken mutation (which makes a payment method), not in a charge; the connector charges payment method nonces and ids: send the Braintree nonce as token",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankDebit,
            reason: "Braintree's ACH (US Bank Account) and SEPA Direct Debit are tokenized by its client SDK with the account holder's mandate: send the Braintree nonce as token",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankRedirect,
            reason: "Braintree's local payment methods (iDEAL, Bancontact, EPS, giropay, Sofort, BLIK, Przelewy24, MyBank) run in its client SDK's redirect, which returns a nonce: send the Braintree nonce as token",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::Paypal,
            reason: "PayPal through Braintree is approved in Braintree's PayPal client SDK (Checkout or Vault flow), which returns a nonce: send the Braintree nonce as token",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::WalletRedirect,
            reason: "Braintree's wallets (PayPal, Venmo, Apple Pay, Google Pay) all come as client SDK nonces: send the Braintree nonce as token; it has no Alipay, WeChat Pay or similar redirect wallets",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::Bnpl,
            reason: "Braintree's buy-now-pay-later is PayPal Pay Later, approved in the PayPal client SDK: send the Braintree nonce as token; Klarna, Afterpay and Affirm are not Braintree payment methods",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::Voucher,
            reason: "Braintree's Boleto and OXXO are non-instant local payments started in its client SDK: send the Braintree nonce as token",
        },
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, reason: "Braintree does not offer UPI" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, reason: "Braintree does not offer UPI" },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::MobileMoney,
            reason: "Braintree offers no mobile money wallets",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankTransfer,
            reason: "Braintree has no bank transfer method: its bank payments are ACH debits (bankDebit) and local payment methods through its client SDK",
        },
    ],
};

/// `ThreeDSecurePassThroughInput`: a merchant-performed 3-D Secure authentication.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreeDSecurePassThroughInput {
    /// ECommerceIndicator: "a card brand-specific two-digit string".
    pub eci_flag: String,
    pub cavv: String,
    #[serde(rename = "xId", skip_serializing_if = "Option::is_none")]
    pub x_id: Option<String>,
    /// "Required on Visa and Mastercard authentications."
    pub version: String,
    /// The authentication's status code (the EMV 3DS transStatus).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_response: Option<String>,
    /// "Must be supplied for Mastercard Identity Check."
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directory_server_transaction_id: Option<String>,
}

/// The pass-through of the request's external 3-D Secure result; `challenge` is refused.
pub fn three_ds_pass_through(t: &ThreeDs) -> Result<Option<ThreeDSecurePassThroughInput>, SidecarError> {
    if t.mode == ThreeDsMode::Challenge {
        return Err(SidecarError::invalid_field(
            "request.threeDs.mode",
            "Braintree runs 3-D Secure in its client SDK (threeDSecure.verifyCard) before the nonce is made, and the \
             nonce carries the result: ask for the challenge there, or send the result of your own 3DS provider as \
             threeDs.external"
                .into(),
        ));
    }
    let trimmed = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    Ok(t.external.as_ref().map(|e| ThreeDSecurePassThroughInput {
        eci_flag: format!("{:0>2}", e.eci),
        cavv: e.cavv.expose().to_string(),
        x_id: trimmed(&e.xid),
        version: e.version.clone(),
        authentication_response: trimmed(&e.status),
        directory_server_transaction_id: trimmed(&e.ds_transaction_id),
    }))
}

/// `PaymentInitiator` of a merchant-initiated payment of the series `recurringType` names.
pub fn payment_initiator(kind: RecurringType) -> &'static str {
    match kind {
        RecurringType::Scheduled => "RECURRING",
        RecurringType::Installment => "INSTALLMENT",
        RecurringType::Unscheduled => "UNSCHEDULED",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_unsupported_reason_says_where_the_nonce_comes_from_or_why_not() {
        for u in super::PAYMENT_METHODS.unsupported {
            // What Braintree does not offer at all has no nonce to point to.
            use crate::protocol::PaymentMethodType as T;
            let not_offered = matches!(u.kind, T::UpiCollect | T::UpiIntent | T::MobileMoney | T::BankTransfer);
            assert!(not_offered || u.reason.contains(super::NONCE), "{:?}", u.kind);
        }
    }
}


#[cfg(test)]
mod mapping {
    use super::*;

    #[test]
    fn eci_flag_is_two_digits_and_series_map_to_payment_initiator() {
        let t: ThreeDs = serde_json::from_value(serde_json::json!({"external": {"version": "2.2.0", "cavv": "AAAA", "eci": "5"}})).unwrap();
        assert_eq!(three_ds_pass_through(&t).unwrap().unwrap().eci_flag, "05");
        assert_eq!(payment_initiator(RecurringType::Scheduled), "RECURRING");
        assert_eq!(payment_initiator(RecurringType::Installment), "INSTALLMENT");
        assert_eq!(payment_initiator(RecurringType::Unscheduled), "UNSCHEDULED");
    }
}

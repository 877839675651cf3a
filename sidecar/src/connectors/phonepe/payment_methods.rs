//! What the PhonePe connector takes: UPI through PG standard checkout v1 (`/pg/v1/pay` with a
//! `UPI_COLLECT` or `UPI_INTENT` paymentInstrument). Every other type is declared unsupported with
//! PhonePe's reason, and 3-D Secure (a card scheme protocol) does not apply: a UPI payment is
//! approved with the payer's UPI PIN in their UPI app, so `threeDs.external` and `mode: challenge`
//! are refused (`skip` and `auto` send nothing).

use super::super::{PaymentMethods, SupportedPaymentMethod, UnsupportedPaymentMethod, PAY_ONLY};
use crate::protocol::{PaymentMethodType, SidecarError, ThreeDs, ThreeDsMode};

/// What PhonePe takes here, declared once: `listConnectors` shows it and the sidecar enforces it.
pub static PAYMENT_METHODS: PaymentMethods = PaymentMethods {
    unsupported_methods: &[],
    supported: &[
        SupportedPaymentMethod { kind: PaymentMethodType::UpiCollect, methods: &[], flows: PAY_ONLY },
        SupportedPaymentMethod { kind: PaymentMethodType::UpiIntent, methods: &[], flows: PAY_ONLY },
    ],
    unsupported: &[
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::Card,
            reason: "PhonePe takes cards on its hosted pay page or through a PCI-certified server-to-server card integration with encrypted card fields of its own; this connector calls the UPI instruments of PG standard checkout v1",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::Token,
            reason: "PhonePe PG v1 has no client-side tokenizer whose token the pay API takes; UPI payments are upiCollect or upiIntent",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::NetworkToken,
            reason: "PhonePe PG v1's pay API takes no network token from the merchant",
        },
        UnsupportedPaymentMethod { kind: PaymentMethodType::ApplePay, reason: "PhonePe does not take Apple Pay (it is not offered in India)" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::GooglePay, reason: "PhonePe does not take Google Pay cards; a Google Pay (GPay) UPI payer pays through upiCollect or upiIntent" },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankRedirect,
            reason: "PhonePe's net banking (paymentInstrument NET_BANKING) is not among the methods this connector builds; the bank redirects of the protocol (iDEAL, Sofort, ...) are not Indian methods",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankDebit,
            reason: "PhonePe offers no SEPA, ACH, BACS or BECS debits; recurring debits in India are UPI AutoPay mandates, a separate PhonePe API",
        },
        UnsupportedPaymentMethod { kind: PaymentMethodType::Bnpl, reason: "PhonePe PG v1 takes no Klarna, Afterpay or Affirm payments" },
        UnsupportedPaymentMethod { kind: PaymentMethodType::Voucher, reason: "PhonePe offers no voucher payments (Boleto, OXXO, Konbini, Pix)" },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::WalletRedirect,
            reason: "PhonePe is itself the wallet and UPI app: it takes no other redirect wallets; pay with upiIntent (target app com.phonepe.app) or upiCollect",
        },
        UnsupportedPaymentMethod { kind: PaymentMethodType::Paypal, reason: "PhonePe does not take PayPal; use the PayPal connector" },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::MobileMoney,
            reason: "PhonePe serves India: it takes UPI, cards, netbanking and its wallet, no African mobile money",
        },
        UnsupportedPaymentMethod {
            kind: PaymentMethodType::BankTransfer,
            reason: "PhonePe PG issues no account for a bank transfer: Indian bank payments go through UPI or netbanking",
        },
    ],
};

/// 3-D Secure does not apply to UPI (see the module notes).
pub fn check_three_ds(t: &ThreeDs) -> Result<(), SidecarError> {
    const WHY: &str = "3-D Secure is a card scheme protocol; a UPI payment is approved with the payer's UPI PIN in their UPI app";
    if t.external.is_some() {
        return Err(SidecarError::invalid_field("request.threeDs.external", WHY.into()));
    }
    if t.mode == ThreeDsMode::Challenge {
        return Err(SidecarError::invalid_field("request.threeDs.mode", WHY.into()));
    }
    Ok(())
}


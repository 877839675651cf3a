//! Razorpay's e-mandate (NACH through NPCI), the bank-account method of its Recurring Payments,
//! as its S2S page "Emandate: Create the Authorisation Transaction" and "Register Emandate and
//! Charge First Payment Together" name it (vendored in oracles/razorpay/emandate-s2s.md and
//! emandate-s2s-first-payment.md; the Node SDK's documents/emandate.md has the same order):
//!
//! 1. The order (`POST /v1/orders`): `amount: 0` ("For emandate, the amount should be 0"),
//!    `currency: INR`, `payment_capture: true`, `method: emandate`, `customer_id`, `receipt`,
//!    `notes` and the `token` block: `auth_type`, `max_amount` (optional: "defaults to
//!    ₹1,00,00,000"), `first_payment_amount` (the first charge, when the unified amount is not
//!    zero) and `bank_account` {`beneficiary_name` (4 to 120 characters), `account_number`,
//!    `account_type` (`savings` or `current`), `ifsc_code`}.
//! 2. The authorisation payment (`POST /v1/payments/create/json`): `amount: 0`, `currency`,
//!    `email`, `contact`, `order_id`, `customer_id`, `recurring: true`, `method: emandate`,
//!    `bank`, `auth_type` and `bank_account` {`name`, `account_number`, `account_type`, `ifsc`}.
//!    Its answer is `razorpay_payment_id` with `next: [{action: redirect, url}]`: "redirect
//!    customer to the bank page" (netbanking, debit card or Aadhaar authorisation at NPCI's page).
//! 3. The token (`token_...`) exists once the shopper has authorised the mandate at their bank:
//!    psync reads it from the payment (`token_id`) as mandateReference, as for cards and UPI.
//!
//! `bank` is Razorpay's bank code, which "should match the bank details used in" the order: the
//! codes of Fetch Payment Methods' `recurring.emandate` list are the banks' four-letter IFSC
//! prefixes (HDFC for HDFC0000001 in the docs' own example; AUBL for AU Small Finance Bank; a
//! co-operative bank that is a sub-member names its sponsor's, the `bank_code` of its entry, which
//! is its IFSC's prefix too), so the connector takes it from the IFSC.
//!
//! The first charge with the registration (`token.first_payment_amount`) is a payment Razorpay
//! creates itself, "with a new order_id and corresponding payment_id ... within 2 days of emandate
//! token confirmation" (only some banks take it: HDFC and ICICI when written). The result names
//! the authorisation payment; the charge comes as its own payment (the `payment.captured` webhook).

use super::flows::post;
use super::requests::{customer_id, email_and_contact, notes, razorpay_amount};
use super::RazorpayAuth;
use crate::connectors::{required, Context};
use crate::kit::text::present;
use crate::protocol::{
    BankAccountType, BankDebit, BankDebitMethod, CaptureMethod, Customer, HttpRequest, Money, PaymentMethod, SidecarError,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// The most an e-mandate may debit at once: "₹1,00,00,000" for every auth type via NPCI (FAQ
/// "What is the maximum amount which can be debited"), in paise. Lower bank limits (HDFC's
/// direct integration: ₹1,00,000) are Razorpay's to refuse.
pub const MAX_EMANDATE_AMOUNT: i64 = 1_000_000_000;
/// `bank_account.beneficiary_name`: "should be between 4 to 120 characters".
pub const BENEFICIARY_NAME: std::ops::RangeInclusive<usize> = 4..=120;

/// What an e-mandate registration is made of, from authorize (with setupFutureUsage) or
/// setupMandate.
pub struct Registration<'a> {
    pub merchant_transaction_id: &'a str,
    /// Zero: the registration alone; more: the first charge (`token.first_payment_amount`).
    pub amount: &'a Money,
    pub debit: &'a BankDebit,
    pub customer: Option<&'a Customer>,
    pub max_amount: Option<&'a Money>,
    pub capture_method: CaptureMethod,
    pub return_url: &'a Option<String>,
    pub description: &'a Option<String>,
    pub metadata: &'a BTreeMap<String, String>,
}

/// `token.bank_account` of the order.
#[derive(Debug, Serialize)]
pub struct OrderBankAccount {
    pub beneficiary_name: String,
    pub account_number: String,
    pub account_type: &'static str,
    pub ifsc_code: String,
}

/// The order's `token` block.
#[derive(Debug, Serialize)]
pub struct EmandateToken {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_payment_amount: Option<i64>,
    pub auth_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_amount: Option<i64>,
    pub bank_account: OrderBankAccount,
}

/// `POST /v1/orders` of an e-mandate registration.
#[derive(Debug, Serialize)]
pub struct EmandateOrder {
    pub amount: i64,
    pub currency: String,
    pub payment_capture: bool,
    pub method: &'static str,
    pub customer_id: String,
    pub receipt: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
    pub token: EmandateToken,
}

/// `bank_account` of the authorisation payment (its names differ from the order's: `name`, `ifsc`).
#[derive(Debug, Serialize)]
pub struct PaymentBankAccount {
    pub name: String,
    pub account_number: String,
    pub account_type: &'static str,
    pub ifsc: String,
}

/// `POST /v1/payments/create/json` with `method: emandate`: the authorisation payment.
#[derive(Debug, Serialize)]
pub struct EmandatePayment {
    pub amount: i64,
    pub currency: String,
    pub contact: String,
    pub email: String,
    pub order_id: String,
    pub customer_id: String,
    pub recurring: bool,
    pub method: &'static str,
    pub bank: String,
    pub auth_type: &'static str,
    pub bank_account: PaymentBankAccount,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
}

const FIELD: &str = "request.paymentMethod.bankDebit";

/// The bank debit of `pm` when it is an e-mandate; `None` for every other payment method.
pub fn of(pm: &PaymentMethod) -> Option<&BankDebit> {
    match pm {
        PaymentMethod::BankDebit(d) => Some(d),
        _ => None,
    }
}

/// The checked parts both calls share: (customer, email, contact, account number, IFSC, bank code,
/// auth type, account type).
struct Checked {
    customer_id: String,
    email: String,
    contact: String,
    account_number: String,
    ifsc: String,
    bank: String,
    auth_type: &'static str,
    account_type: &'static str,
    beneficiary_name: String,
}

fn check(r: &Registration) -> Result<Checked, SidecarError> {
    let d = r.debit;
    if d.method != BankDebitMethod::Emandate {
        return Err(SidecarError::payment_method_not_supported(&format!(
            "Razorpay debits bank accounts only as Indian e-mandates (NACH through NPCI), not `{}`",
            d.method.as_str()
        ))
        .with_field(format!("{FIELD}.method")));
    }
    for (name, given) in [
        ("iban", d.iban.is_some()),
        ("routingNumber", d.routing_number.is_some()),
        ("sortCode", d.sort_code.is_some()),
        ("bsbNumber", d.bsb_number.is_some()),
    ] {
        if given {
            return Err(SidecarError::invalid_field(&format!("{FIELD}.{name}"), "an Indian e-mandate names the account by its number and IFSC only".into()));
        }
    }
    if d.mandate_id.is_some() {
        return Err(SidecarError::invalid_field(
            &format!("{FIELD}.mandateId"),
            "Razorpay's e-mandate takes no merchant mandate reference: its token (token_...) names the mandate".into(),
        ));
    }
    if r.amount.currency != "INR" {
        return Err(SidecarError::invalid_field("request.amount.currency", "Razorpay's e-mandate is in INR only (\"Currently, we only support INR\")".into()));
    }
    let beneficiary_name = d.account_holder_name.trim();
    if !BENEFICIARY_NAME.contains(&beneficiary_name.chars().count()) {
        return Err(SidecarError::invalid_field(
            &format!("{FIELD}.accountHolderName"),
            "Razorpay's e-mandate beneficiary_name is 4 to 120 characters".into(),
        ));
    }
    // The protocol checked the shapes; emandate requires both.
    let account_number = d.account_number.as_ref().map(|n| n.expose().to_string()).ok_or_else(|| {
        SidecarError::missing_field(&format!("{FIELD}.accountNumber"), "Razorpay's e-mandate names the account to debit")
    })?;
    let ifsc = d.ifsc.clone().ok_or_else(|| SidecarError::missing_field(&format!("{FIELD}.ifsc"), "Razorpay's e-mandate names the account's branch (IFSC)"))?;
    let auth_type = d.auth_type.map(|a| a.as_str()).ok_or_else(|| {
        SidecarError::missing_field(
            &format!("{FIELD}.authType"),
            "Razorpay's S2S e-mandate authorisation payment names how the shopper authorises it at the bank (auth_type: netbanking, debitcard or aadhaar)",
        )
    })?;
    let account_type = match d.account_type {
        Some(BankAccountType::Savings) => "savings",
        Some(BankAccountType::Checking) => "current",
        None => {
            return Err(SidecarError::missing_field(
                &format!("{FIELD}.accountType"),
                "Razorpay's e-mandate names the account type (savings, or current: checking); Razorpay's default (savings) and the protocol's (checking) differ, so say which",
            ))
        }
    };
    let (email, contact) = email_and_contact(r.customer, "Razorpay's e-mandate authorisation payment")?;
    Ok(Checked {
        customer_id: customer_id(r.customer, "Razorpay's e-mandate token")?,
        email,
        contact,
        account_number,
        bank: ifsc[..4].to_string(),
        ifsc,
        auth_type,
        account_type,
        beneficiary_name: beneficiary_name.to_string(),
    })
}

impl EmandateOrder {
    pub fn from_registration(r: &Registration) -> Result<Self, SidecarError> {
        let c = check(r)?;
        if r.capture_method == CaptureMethod::Manual {
            return Err(SidecarError::invalid_field(
                "request.captureMethod",
                "Razorpay charges an e-mandate's first payment itself once the mandate is confirmed (token.first_payment_amount); it cannot be held for a capture".into(),
            ));
        }
        // Zero is the registration alone (INR was checked); more is the first charge, in paise.
        let amount = if r.amount.minor_amount == 0 { 0 } else { razorpay_amount(r.amount, "request.amount")? };
        let max_amount = match r.max_amount {
            None => None,
            Some(max) => {
                if max.currency != "INR" {
                    return Err(SidecarError::invalid_field("request.maxAmount.currency", "Razorpay's e-mandate is in INR only".into()));
                }
                let v = razorpay_amount(max, "request.maxAmount")?;
                if !(1..=MAX_EMANDATE_AMOUNT).contains(&v) {
                    return Err(SidecarError::invalid_field(
                        "request.maxAmount.minorAmount",
                        format!("Razorpay's e-mandate max_amount is from 1 to {MAX_EMANDATE_AMOUNT} paise (₹1,00,00,000)"),
                    ));
                }
                if amount > v {
                    return Err(SidecarError::invalid_field("request.amount.minorAmount", "the first charge is above the mandate's maxAmount".into()));
                }
                Some(v)
            }
        };
        if amount > MAX_EMANDATE_AMOUNT {
            return Err(SidecarError::invalid_field(
                "request.amount.minorAmount",
                format!("an e-mandate debits at most {MAX_EMANDATE_AMOUNT} paise (₹1,00,00,000) at once"),
            ));
        }
        let receipt = required(r.merchant_transaction_id, "request.merchantTransactionId")?;
        if receipt.chars().count() > super::requests::MAX_RECEIPT {
            return Err(SidecarError::invalid_field(
                "request.merchantTransactionId",
                format!("Razorpay's order receipt is at most {} characters", super::requests::MAX_RECEIPT),
            ));
        }
        Ok(EmandateOrder {
            // "For emandate, the amount should be 0": a first charge goes in the token.
            amount: 0,
            currency: r.amount.currency.clone(),
            payment_capture: true,
            method: "emandate",
            customer_id: c.customer_id,
            receipt: receipt.to_string(),
            notes: notes(r.metadata, "request.metadata")?,
            token: EmandateToken {
                first_payment_amount: (amount > 0).then_some(amount),
                auth_type: c.auth_type,
                max_amount,
                bank_account: OrderBankAccount {
                    beneficiary_name: c.beneficiary_name,
                    account_number: c.account_number,
                    account_type: c.account_type,
                    ifsc_code: c.ifsc,
                },
            },
        })
    }
}

impl EmandatePayment {
    pub fn from_registration(r: &Registration, order_id: &str) -> Result<Self, SidecarError> {
        let c = check(r)?;
        Ok(EmandatePayment {
            // "For netbanking, the amount has to be 0 (₹0)": the payment authorises, it debits nothing.
            amount: 0,
            currency: r.amount.currency.clone(),
            contact: c.contact,
            email: c.email,
            order_id: order_id.to_string(),
            customer_id: c.customer_id,
            recurring: true,
            method: "emandate",
            bank: c.bank,
            auth_type: c.auth_type,
            bank_account: PaymentBankAccount { name: c.beneficiary_name, account_number: c.account_number, account_type: c.account_type, ifsc: c.ifsc },
            callback_url: present(r.return_url).map(str::to_string),
            description: present(r.description).map(str::to_string),
            notes: notes(r.metadata, "request.metadata")?,
        })
    }
}

/// The call of an e-mandate registration: the order when `order` is None, else the authorisation
/// payment on it. Both calls' fields are checked on the first, so nothing Razorpay would refuse
/// gets an order. The bodies carry the account number: marked sensitive.
pub fn build(r: &Registration, order: Option<&str>, auth: &RazorpayAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let order_body = EmandateOrder::from_registration(r)?;
    match order {
        None => Ok(post("/orders", auth, ctx).json_body(&order_body, true)),
        Some(order_id) => {
            let payment = EmandatePayment::from_registration(r, order_id)?;
            Ok(post("/payments/create/json", auth, ctx).json_body(&payment, true))
        }
    }
}

/// An e-mandate is a recurring registration, never a one-time debit.
pub fn one_time_refused() -> SidecarError {
    SidecarError::payment_method_not_supported(
        "Razorpay takes an e-mandate only as the authorisation transaction of its Recurring Payments (an order with method emandate and the token block, \
         charged later on the token): send it with setupFutureUsage (the amount becomes the first charge, token.first_payment_amount), or as setupMandate; \
         a one-time bank payment is netbanking (bankRedirect)",
    )
    .with_field("request.setupFutureUsage")
}

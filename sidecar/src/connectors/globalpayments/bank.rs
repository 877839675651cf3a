//! GP API's bank debits.
//!
//! - ACH (bankDebit `ach`): `POST /transactions` with `payment_method.bank_transfer`, as the
//!   official SDKs send an `ECheck` charge (`globalpayments-api` 3.10
//!   `GpApiAuthorizationRequestBuilder.createPaymentMethodParam`): `account_number`,
//!   `account_type` (CHECKING or SAVING: the SDKs' `EnumMapping.mapAccountType`), `sec_code`,
//!   `bank.code` (the ABA routing number), `payment_method.name` (the check holder), and `payer`
//!   with the billing address and the payer's name (`setPayerInformation` for an ECheck). The
//!   entry class is WEB (the SDKs' `SecCode.WEB`: a debit the shopper authorised online), the one
//!   NACHA class for an internet-initiated debit from a consumer. An ACH debit is a sale: the SDK's
//!   `ECheck` has `charge` and no `authorize` (capture_mode AUTO). GP answers with a transaction
//!   (CAPTURED in the SDKs' sandbox tests, PENDING while the bank has not settled), which psync and
//!   refund (`POST /transactions/{id}/refund`) read as a card payment's.
//! - SEPA direct debit and UK direct debit (bankDebit `sepa`, `bacs`) are refused: GP takes them
//!   only as APMs (the SDKs' `AlternativePaymentType` sepapm, sepamm, ukdirectdebit), a redirect to
//!   the provider's page where the shopper gives the account and signs the mandate, with no field
//!   for the IBAN (or account number and sort code) that the unified bankDebit requires.

use super::requests::{AddressBody, Payer, PaymentMethodBody};
use crate::kit::text::present;
use crate::connectors::UnsupportedMethod;
use crate::protocol::{
    Address, AuthorizeRequest, BankAccountType, BankDebit, BankDebitMethod, CaptureMethod, PaymentMethodType, SidecarError,
};
use serde::Serialize;

/// The bankDebit methods GP takes.
pub const METHODS: &[&str] = &["ach"];

const APM_DEBIT: &str = "GP API takes SEPA and UK direct debits only as APMs (sepapm, sepamm, ukdirectdebit): a redirect to \
                         the provider's page, where the shopper gives the account and signs the mandate; it has no field for \
                         the IBAN, or the account number and sort code, that a bankDebit carries";

/// The bankDebit methods GP refuses, with its reasons: `check_payment_method` answers with them
/// before the connector sees the request, and `listConnectors` lists them.
pub const UNSUPPORTED: &[UnsupportedMethod] = &[
    UnsupportedMethod { kind: PaymentMethodType::BankDebit, method: "sepa", reason: APM_DEBIT },
    UnsupportedMethod { kind: PaymentMethodType::BankDebit, method: "bacs", reason: APM_DEBIT },
    UnsupportedMethod {
        kind: PaymentMethodType::BankDebit,
        method: "becs",
        reason: "GP API debits a bank account only by ACH (payment_method.bank_transfer, a US account and routing number); \
                 its alternative payment providers (the SDKs' AlternativePaymentType) have no Australian BECS debit",
    },
    UnsupportedMethod {
        kind: PaymentMethodType::BankDebit,
        method: "emandate",
        reason: "GP API debits a bank account only by ACH (payment_method.bank_transfer, a US account and routing number); \
                 its alternative payment providers (the SDKs' AlternativePaymentType) have no Indian NPCI e-mandate",
    },
];

/// GP's reason for a bankDebit method it does not take (declared in [`UNSUPPORTED`]).
pub fn refusal(method: BankDebitMethod) -> SidecarError {
    let reason = UNSUPPORTED.iter().find(|u| u.method == method.as_str()).map_or(
        "GP API debits a bank account only by ACH (payment_method.bank_transfer)",
        |u| u.reason,
    );
    SidecarError::payment_method_not_supported(reason)
}

/// `payment_method.bank_transfer` of an ACH debit.
#[derive(Debug, Serialize)]
pub struct BankTransfer {
    pub account_number: String,
    pub account_type: &'static str,
    pub sec_code: &'static str,
    pub bank: Bank,
}

/// `bank_transfer.bank`: the routing number as `code`.
#[derive(Debug, Serialize)]
pub struct Bank {
    pub code: String,
}

/// The SDKs' `SecCode.WEB`: a consumer's debit authorised on the internet.
pub const SEC_CODE_WEB: &str = "WEB";

const FIELD: &str = "request.paymentMethod.bankDebit";

/// The ACH payment method and payer of a sale.
pub fn ach(r: &AuthorizeRequest, d: &BankDebit) -> Result<(PaymentMethodBody, Payer), SidecarError> {
    if r.capture_method == CaptureMethod::Manual {
        return Err(SidecarError::invalid_field(
            "request.captureMethod",
            "GP API's ACH debit is a sale (the SDKs' ECheck charge, capture_mode AUTO): there is no authorization to capture later (send automatic)".into(),
        ));
    }
    if !r.amount.currency.eq_ignore_ascii_case("USD") {
        return Err(SidecarError::invalid_field(
            "request.amount.currency",
            format!("GP API's ACH debits a US bank account in USD, not {}", r.amount.currency),
        ));
    }
    for (given, name) in [(d.iban.is_some(), "iban"), (d.sort_code.is_some(), "sortCode"), (d.bsb_number.is_some(), "bsbNumber")] {
        if given {
            return Err(SidecarError::invalid_field(
                &format!("{FIELD}.{name}"),
                "GP API's ACH debit takes a US account number and ABA routing number only".into(),
            ));
        }
    }
    let account = d.account_number.as_ref().map(|a| a.expose().trim().to_string()).filter(|a| !a.is_empty()).ok_or_else(|| {
        SidecarError::missing_field(&format!("{FIELD}.accountNumber"), "GP API's ACH debit needs the account number (bank_transfer.account_number)")
    })?;
    if account.len() > 17 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SidecarError::invalid_field(&format!("{FIELD}.accountNumber"), "a US bank account number is at most 17 digits".into()));
    }
    let routing = present(&d.routing_number).ok_or_else(|| {
        SidecarError::missing_field(&format!("{FIELD}.routingNumber"), "GP API's ACH debit needs the ABA routing number (bank_transfer.bank.code)")
    })?;
    if !aba_checksum(routing) {
        return Err(SidecarError::invalid_field(
            &format!("{FIELD}.routingNumber"),
            "not an ABA routing number: nine digits whose weighted sum (3, 7, 1) is a multiple of 10".into(),
        ));
    }
    let holder = d.account_holder_name.trim();
    if holder.is_empty() {
        return Err(SidecarError::missing_field(&format!("{FIELD}.accountHolderName"), "GP API's ACH debit names the account holder (payment_method.name)"));
    }
    let billing = r.billing_address.as_ref().ok_or_else(|| {
        SidecarError::missing_field("request.billingAddress", "GP API's ACH debit takes the payer's billing address (payer.billing_address)")
    })?;
    let payer = Payer {
        name: payer_name(r, billing).or_else(|| Some(holder.to_string())),
        billing_address: Some(AddressBody::from_address(
            billing,
            "request.billingAddress",
            &["line1", "city", "postalCode", "state", "country"],
            "GP API's ACH debit takes the payer's billing address: street, city, postal code, state and country",
        )?),
        ..Payer::default()
    };
    let pm = PaymentMethodBody {
        name: Some(holder.to_string()),
        bank_transfer: Some(BankTransfer {
            account_number: account,
            account_type: match d.account_type.unwrap_or_default() {
                BankAccountType::Checking => "CHECKING",
                BankAccountType::Savings => "SAVING",
            },
            sec_code: SEC_CODE_WEB,
            bank: Bank { code: routing.to_string() },
        }),
        ..PaymentMethodBody::empty(present(&r.statement_descriptor))
    };
    Ok((pm, payer))
}

/// The payer's name: the customer's, else the billing address's first and last name.
fn payer_name(r: &AuthorizeRequest, billing: &Address) -> Option<String> {
    if let Some(n) = r.customer.as_ref().and_then(|c| present(&c.name)) {
        return Some(n.to_string());
    }
    let parts: Vec<&str> = [present(&billing.first_name), present(&billing.last_name)].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The ABA routing number's check digit: 3, 7, 1 weights over the nine digits sum to a multiple of 10.
pub fn aba_checksum(routing: &str) -> bool {
    let b = routing.as_bytes();
    if b.len() != 9 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let d: Vec<u32> = b.iter().map(|c| u32::from(c - b'0')).collect();
    let sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
    sum % 10 == 0
}

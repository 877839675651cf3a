//! Braintree GraphQL requests: one document per operation and its `variables`. Every call is
//! `POST /graphql` with `{query, variables}`; what differs is the document. Documents select only
//! the fields `responses.rs` reads, each of them documented in Braintree's schema reference.

use super::payment_methods::{self, ThreeDSecurePassThroughInput};
use crate::kit::money::{decimal_string, validate};
use crate::protocol::{
    Address, AuthorizeRequest, BrowserInfo, CaptureMethod, CaptureRequest, ConnectorState, CreateCustomerRequest, Customer, Money,
    PaymentMethod, RefundRequest, RepeatPaymentRequest, SetupMandateRequest, SidecarError,
};
use serde::Serialize;

/// The fields of a `Transaction` (and of a `Refund`, which shares the `Payment` interface) that
/// results are read from. `statusHistory` is newest first: its first event says why a transaction
/// was declined or rejected.
const PAYMENT_FIELDS: &str = "id legacyId status orderId merchantAccountId amount { value currencyCode } \
statusHistory { status amount { value currencyCode } \
... on ProcessorDeclinedEvent { declineType processorResponse { legacyCode message } } \
... on GatewayRejectedEvent { gatewayRejectionReason processorResponse { legacyCode message } } }";

pub fn authorize_document() -> String {
    format!(
        "mutation AuthorizePaymentMethod($input: AuthorizePaymentMethodInput!) {{ authorizePaymentMethod(input: $input) {{ transaction {{ {PAYMENT_FIELDS} }} }} }}"
    )
}

pub fn charge_document() -> String {
    format!(
        "mutation ChargePaymentMethod($input: ChargePaymentMethodInput!) {{ chargePaymentMethod(input: $input) {{ transaction {{ {PAYMENT_FIELDS} }} }} }}"
    )
}

pub fn capture_document() -> String {
    format!(
        "mutation CaptureTransaction($input: CaptureTransactionInput!) {{ captureTransaction(input: $input) {{ transaction {{ {PAYMENT_FIELDS} }} }} }}"
    )
}

pub fn void_document() -> String {
    format!(
        "mutation VoidTransaction($input: VoidTransactionInput!) {{ voidTransaction(input: $input) {{ transaction {{ {PAYMENT_FIELDS} }} }} }}"
    )
}

pub fn refund_document() -> String {
    format!(
        "mutation RefundTransaction($input: RefundTransactionInput!) {{ refundTransaction(input: $input) {{ refund {{ {PAYMENT_FIELDS} }} }} }}"
    )
}

pub fn transaction_query() -> String {
    format!("query Transaction($id: ID!) {{ node(id: $id) {{ __typename ... on Transaction {{ {PAYMENT_FIELDS} }} }} }}")
}

pub fn refund_query() -> String {
    format!("query Refund($id: ID!) {{ node(id: $id) {{ __typename ... on Refund {{ {PAYMENT_FIELDS} }} }} }}")
}

pub const VAULT_DOCUMENT: &str = "mutation VaultPaymentMethod($input: VaultPaymentMethodInput!) { vaultPaymentMethod(input: $input) { \
paymentMethod { id usage customer { id } } \
verification { id status gatewayRejectionReason processorResponse { legacyCode message } } } }";

/// `createCustomer`'s input is nullable in Braintree's schema (`CreateCustomerInput`, no `!`); the
/// variable is declared the same way.
pub const CREATE_CUSTOMER_DOCUMENT: &str =
    "mutation CreateCustomer($input: CreateCustomerInput) { createCustomer(input: $input) { customer { id } } }";

/// The request body: `{query, variables}`.
#[derive(Debug, Serialize)]
pub struct GraphQlRequest<V: Serialize> {
    pub query: String,
    pub variables: V,
}

#[derive(Debug, Serialize)]
pub struct InputVariables<I: Serialize> {
    pub input: I,
}

#[derive(Debug, Serialize)]
pub struct IdVariables {
    pub id: String,
}

/// Braintree's `Amount`: a decimal string in the currency's major unit, with the currency's own
/// number of decimals ("must match the currency format of the merchant account"), written from
/// integer minor units without floats.
pub fn amount(money: &Money, field: &str) -> Result<String, SidecarError> {
    let exponent = validate(money, field)?;
    Ok(decimal_string(money.minor_amount, exponent))
}

/// `TransactionInput`: the transaction's amount, the merchant's order id and the merchant account
/// (which also decides the currency: Braintree's API takes no currency code).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionInput {
    pub amount: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_account_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_data: Option<RiskDataInput>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub descriptor: Option<TransactionDescriptorInput>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_details: Option<TransactionCustomerDetailsInput>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping: Option<TransactionShippingInput>,
    /// PaymentInitiator of a merchant-initiated payment (repeatPayment).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_initiator: Option<&'static str>,
    #[serde(rename = "threeDSecurePassThrough", skip_serializing_if = "Option::is_none")]
    pub three_d_secure_pass_through: Option<ThreeDSecurePassThroughInput>,
}

/// `RiskDataInput`: what Braintree's fraud tools (and the processors it forwards to) read about
/// the shopper's device. `deviceData` is the string Braintree's client-side data collector
/// returns; the unified request has no field for it, so it travels as `state.deviceData` (the
/// place the protocol gives a connector's own inputs).
#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RiskDataInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_browser: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_data: Option<String>,
}

/// The key of `request.state` that carries Braintree's client-side device data.
pub const STATE_DEVICE_DATA: &str = "deviceData";

impl RiskDataInput {
    /// `customerIp` must be an IP address and `customerBrowser` is at most 255 characters
    /// (RiskDataInput); either is refused naming the field rather than sent to fail there.
    pub fn from_unified(browser: Option<&BrowserInfo>, state: Option<&ConnectorState>) -> Result<Option<Self>, SidecarError> {
        let customer_ip = bounded(browser.and_then(|b| b.ip_address.as_deref()), 45, "request.browserInfo.ipAddress", "riskData.customerIp")?;
        if customer_ip.as_deref().is_some_and(|ip| ip.parse::<std::net::IpAddr>().is_err()) {
            return Err(SidecarError::invalid_field(
                "request.browserInfo.ipAddress",
                "Braintree's riskData.customerIp takes an IPv4 or IPv6 address".into(),
            ));
        }
        let risk = RiskDataInput {
            customer_browser: bounded(browser.and_then(|b| b.user_agent.as_deref()), 255, "request.browserInfo.userAgent", "riskData.customerBrowser")?,
            customer_ip,
            device_data: state.and_then(|s| s.get(STATE_DEVICE_DATA)).map(|d| d.trim()).filter(|d| !d.is_empty()).map(str::to_string),
        };
        let empty = risk.customer_browser.is_none() && risk.customer_ip.is_none() && risk.device_data.is_none();
        Ok((!empty).then_some(risk))
    }
}

/// `TransactionDescriptorInput`: what the shopper's card statement shows for this payment.
#[derive(Debug, Serialize)]
pub struct TransactionDescriptorInput {
    pub name: String,
}

impl TransactionDescriptorInput {
    /// Braintree's dynamic descriptor name is `company*product`: the company part 3, 7 or 12
    /// characters and the product part up to 18, 14 or 9, 22 characters in all with the `*`
    /// (Braintree's "Dynamic descriptors" reference). Anything else Braintree refuses ("Descriptor
    /// name format is invalid"), so it is refused here, naming the field and the rule.
    pub fn from_unified(descriptor: Option<&String>) -> Result<Option<Self>, SidecarError> {
        let Some(name) = descriptor.map(|d| d.trim()).filter(|d| !d.is_empty()) else { return Ok(None) };
        let valid = match name.split_once('*') {
            Some((company, product)) => {
                let (c, p) = (company.chars().count(), product.chars().count());
                matches!(c, 3 | 7 | 12) && p >= 1 && c + 1 + p <= 22 && !product.contains('*')
            }
            None => false,
        };
        if !valid {
            return Err(SidecarError::invalid_field(
                "request.statementDescriptor",
                "Braintree's descriptor name is `company*product`: a company part of 3, 7 or 12 characters, `*`, then the \
                 product, 22 characters in all (e.g. `ACMEINC*WIDGETS`)"
                    .into(),
            ));
        }
        Ok(Some(TransactionDescriptorInput { name: name.to_string() }))
    }
}

/// `TransactionCustomerDetailsInput`: the shopper's email and phone stored on the transaction,
/// for fraud detection (only for a transaction not tied to a vaulted customer, as here).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionCustomerDetailsInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

impl TransactionCustomerDetailsInput {
    pub fn from_unified(customer: Option<&Customer>) -> Result<Option<Self>, SidecarError> {
        let email = bounded(customer.and_then(|c| c.email.as_deref()), 255, "request.customer.email", "customerDetails.email")?;
        let phone_number = bounded(customer.and_then(|c| c.phone.as_deref()), 255, "request.customer.phone", "customerDetails.phoneNumber")?;
        Ok((email.is_some() || phone_number.is_some()).then_some(TransactionCustomerDetailsInput { email, phone_number }))
    }
}

/// `TransactionShippingInput`: where the goods go.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionShippingInput {
    pub shipping_address: AddressInput,
}

/// `AddressInput`, in its current names (`addressLine1`, `adminArea2` for the city, `adminArea1`
/// for the state), each at most 255 characters; `countryCode` is ISO 3166-1 alpha-2.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AddressInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_area2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_area1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
}

impl TransactionShippingInput {
    pub fn from_unified(address: Option<&Address>) -> Result<Option<Self>, SidecarError> {
        let Some(a) = address else { return Ok(None) };
        let f = |v: &Option<String>, field: &str, theirs: &str| bounded(v.as_deref(), 255, &format!("request.shippingAddress.{field}"), theirs);
        let country_code = match a.country.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => Some(c.to_ascii_uppercase()),
            Some(_) => {
                return Err(SidecarError::invalid_field(
                    "request.shippingAddress.country",
                    "Braintree's countryCode is an ISO 3166-1 alpha-2 code".into(),
                ))
            }
            None => None,
        };
        Ok(Some(TransactionShippingInput {
            shipping_address: AddressInput {
                first_name: f(&a.first_name, "firstName", "firstName")?,
                last_name: f(&a.last_name, "lastName", "lastName")?,
                address_line1: f(&a.line1, "line1", "addressLine1")?,
                address_line2: f(&a.line2, "line2", "addressLine2")?,
                admin_area2: f(&a.city, "city", "adminArea2")?,
                admin_area1: f(&a.state, "state", "adminArea1")?,
                postal_code: f(&a.postal_code, "postalCode", "postalCode")?,
                country_code,
            },
        }))
    }
}

/// `AuthorizePaymentMethodInput` / `ChargePaymentMethodInput`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethodTransactionInput {
    pub payment_method_id: String,
    pub transaction: TransactionInput,
    /// Only on ChargePaymentMethodInput (see `mod.rs` on idempotency).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_request_key: Option<String>,
}

/// Which mutation takes the payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentMutation {
    /// `authorizePaymentMethod`: held (AUTHORIZED) until captureTransaction or voidTransaction.
    Authorize,
    /// `chargePaymentMethod`: authorized and submitted for settlement in one call.
    Charge,
}

impl PaymentMutation {
    pub fn for_capture_method(c: CaptureMethod) -> Self {
        match c {
            CaptureMethod::Manual => PaymentMutation::Authorize,
            CaptureMethod::Automatic => PaymentMutation::Charge,
        }
    }

    pub fn document(self) -> String {
        match self {
            PaymentMutation::Authorize => authorize_document(),
            PaymentMutation::Charge => charge_document(),
        }
    }

    /// The field of `data` that carries the answer.
    pub fn data_field(self) -> &'static str {
        match self {
            PaymentMutation::Authorize => "authorizePaymentMethod",
            PaymentMutation::Charge => "chargePaymentMethod",
        }
    }
}

/// Refuses a text longer than Braintree's limit instead of cutting it: a cut order id would no
/// longer match the merchant's order.
pub fn bounded(value: Option<&str>, max_chars: usize, field: &str, braintree_field: &str) -> Result<Option<String>, SidecarError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) if v.chars().count() > max_chars => Err(SidecarError::invalid_field(
            field,
            format!("Braintree's {braintree_field} takes at most {max_chars} characters, got {}", v.chars().count()),
        )),
        Some(v) => Ok(Some(v.to_string())),
    }
}

/// The one payment method Braintree's server API takes here: a payment method id, i.e. a nonce
/// from Braintree's client SDK (Drop-in, Hosted Fields, the mobile SDKs; `fake-valid-nonce` in the
/// sandbox) or a vaulted payment method's id.
pub fn payment_method_id(method: &PaymentMethod, field: &str) -> Result<String, SidecarError> {
    match method {
        PaymentMethod::Token(t) => Ok(t.value.expose().trim().to_string()),
        PaymentMethod::Card(_) => Err(SidecarError::payment_method_not_supported(
            "Braintree takes card numbers from its client SDKs (Drop-in, Hosted Fields, iOS/Android), which tokenize \
             the card in the shopper's browser or app and return a payment method nonce; send that nonce as \
             paymentMethod {type: \"token\", token: {value}}. Raw card numbers through the server would put the \
             merchant in full PCI scope and are not sent by this connector",
        )
        .with_field(format!("{field}.type"))),
        other => Err(SidecarError::payment_method_not_supported(&format!(
            "Braintree does not take `{}` payments through this connector; it takes a payment method nonce from Braintree's client SDK (type `token`)",
            other.type_name()
        ))
        .with_field(format!("{field}.type"))),
    }
}

/// `orderId`: "Maximum 255 characters or 127 for PayPal transactions". We cannot tell a PayPal
/// nonce from a card nonce, so the stricter limit is not applied; Braintree refuses it itself.
fn order_id(merchant_transaction_id: &str) -> Result<Option<String>, SidecarError> {
    bounded(Some(merchant_transaction_id), 255, "request.merchantTransactionId", "orderId")
}

impl PaymentMethodTransactionInput {
    pub fn authorize(
        r: &AuthorizeRequest,
        merchant_account_id: Option<String>,
        api_request_key: Option<String>,
    ) -> Result<Self, SidecarError> {
        if r.setup_future_usage.is_some() {
            return Err(SidecarError::invalid_field(
                "request.setupFutureUsage",
                "this connector saves a Braintree payment method with the setupMandate flow (vaultPaymentMethod), \
                 not while paying: a nonce is single-use, so vault it first with setupMandate and pay with \
                 repeatPayment on the vaulted payment method"
                    .into(),
            ));
        }
        Ok(PaymentMethodTransactionInput {
            payment_method_id: payment_method_id(&r.payment_method, "request.paymentMethod")?,
            transaction: TransactionInput {
                amount: amount(&r.amount, "request.amount")?,
                order_id: order_id(&r.merchant_transaction_id)?,
                merchant_account_id,
                risk_data: RiskDataInput::from_unified(r.browser_info.as_ref(), Some(&r.state))?,
                descriptor: TransactionDescriptorInput::from_unified(r.statement_descriptor.as_ref())?,
                customer_details: TransactionCustomerDetailsInput::from_unified(r.customer.as_ref())?,
                shipping: TransactionShippingInput::from_unified(r.shipping_address.as_ref())?,
                payment_initiator: None,
                three_d_secure_pass_through: payment_methods::three_ds_pass_through(&r.three_ds)?,
            },
            api_request_key,
        })
    }

    pub fn repeat(
        r: &RepeatPaymentRequest,
        merchant_account_id: Option<String>,
        api_request_key: Option<String>,
    ) -> Result<Self, SidecarError> {
        Ok(PaymentMethodTransactionInput {
            payment_method_id: r.mandate_reference.trim().to_string(),
            transaction: TransactionInput {
                amount: amount(&r.amount, "request.amount")?,
                order_id: order_id(&r.merchant_transaction_id)?,
                merchant_account_id,
                risk_data: None,
                descriptor: TransactionDescriptorInput::from_unified(r.statement_descriptor.as_ref())?,
                customer_details: None,
                shipping: None,
                payment_initiator: Some(payment_methods::payment_initiator(r.recurring_type)),
                three_d_secure_pass_through: None,
            },
            api_request_key,
        })
    }
}

/// `CaptureTransactionInput`: `transaction.amount` below the authorized amount is a partial
/// capture ("the transaction object will return the amount captured").
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaptureTransactionInput {
    pub transaction_id: String,
    /// Left out without `amountToCapture`: CaptureTransactionInput requires only `transactionId`,
    /// and a capture without an amount is of the amount authorized.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction: Option<CaptureOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_request_key: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CaptureOptions {
    pub amount: String,
}

impl CaptureTransactionInput {
    pub fn from_unified(r: &CaptureRequest, api_request_key: Option<String>) -> Result<Self, SidecarError> {
        if let (Some(p), Some(a)) = (&r.payment_amount, &r.amount_to_capture) {
            if p.currency != a.currency {
                return Err(SidecarError::invalid_field(
                    "request.amountToCapture.currency",
                    format!("{} differs from the payment's {}", a.currency, p.currency),
                ));
            }
            if a.minor_amount > p.minor_amount {
                return Err(SidecarError::invalid_field(
                    "request.amountToCapture.minorAmount",
                    format!("{} is more than the {} authorized", a.minor_amount, p.minor_amount),
                ));
            }
        }
        let transaction = match &r.amount_to_capture {
            Some(a) => Some(CaptureOptions { amount: amount(a, "request.amountToCapture")? }),
            None => None,
        };
        Ok(CaptureTransactionInput {
            transaction_id: r.connector_transaction_id.trim().to_string(),
            transaction,
            api_request_key,
        })
    }
}

/// `VoidTransactionInput`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VoidTransactionInput {
    pub transaction_id: String,
}

/// `RefundTransactionInput`: `refund.amount` below the settled amount is a partial refund.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundTransactionInput {
    pub transaction_id: String,
    pub refund: RefundOptions,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_request_key: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundOptions {
    pub amount: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
}

impl RefundTransactionInput {
    pub fn from_unified(r: &RefundRequest, api_request_key: Option<String>) -> Result<Self, SidecarError> {
        Ok(RefundTransactionInput {
            transaction_id: r.connector_transaction_id.trim().to_string(),
            refund: RefundOptions {
                amount: amount(&r.refund_amount, "request.refundAmount")?,
                order_id: bounded(Some(r.merchant_refund_id.as_str()), 255, "request.merchantRefundId", "refund.orderId")?,
            },
            api_request_key,
        })
    }
}

/// `VaultPaymentMethodInput`: turns a single-use nonce into a multi-use payment method. Cards are
/// verified before they are vaulted (Braintree's default); a failed verification vaults nothing.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VaultPaymentMethodInput {
    pub payment_method_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification: Option<VerificationOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_data: Option<RiskDataInput>,
    #[serde(rename = "threeDSecurePassThrough", skip_serializing_if = "Option::is_none")]
    pub three_d_secure_pass_through: Option<ThreeDSecurePassThroughInput>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationOptions {
    pub merchant_account_id: String,
}

impl VaultPaymentMethodInput {
    pub fn from_unified(r: &SetupMandateRequest, merchant_account_id: Option<String>) -> Result<Self, SidecarError> {
        // The verification runs in the merchant account's currency and amount, which Braintree
        // chooses; a non-zero amount here would be a promise this call does not keep.
        if r.amount.minor_amount != 0 {
            return Err(SidecarError::invalid_field(
                "request.amount.minorAmount",
                "Braintree's vaultPaymentMethod verifies the card without an amount of ours; send minorAmount 0".into(),
            ));
        }
        Ok(VaultPaymentMethodInput {
            payment_method_id: payment_method_id(&r.payment_method, "request.paymentMethod")?,
            customer_id: r
                .customer
                .as_ref()
                .and_then(|c| c.connector_customer_id.as_deref())
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            verification: merchant_account_id.map(|m| VerificationOptions { merchant_account_id: m }),
            risk_data: RiskDataInput::from_unified(r.browser_info.as_ref(), Some(&r.state))?,
            three_d_secure_pass_through: payment_methods::three_ds_pass_through(&r.three_ds)?,
        })
    }
}

/// `CreateCustomerInput`: `{customer: CustomerInput}`.
#[derive(Debug, Serialize)]
pub struct CreateCustomerInput {
    pub customer: CustomerInput,
}

/// `CustomerInput`. The unified customer has one `name`; it is sent whole as `firstName` rather
/// than guessed apart into first and last names. The merchant's own `customer.id` has no field
/// here (Braintree's GraphQL API assigns the id) and is not sent.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

impl CreateCustomerInput {
    /// Braintree's customer fields take at most 255 characters each.
    pub fn from_unified(r: &CreateCustomerRequest) -> Result<Self, SidecarError> {
        let c = &r.customer;
        Ok(CreateCustomerInput {
            customer: CustomerInput {
                first_name: bounded(c.name.as_deref(), 255, "request.customer.name", "customer.firstName")?,
                email: bounded(c.email.as_deref(), 255, "request.customer.email", "customer.email")?,
                phone_number: bounded(c.phone.as_deref(), 255, "request.customer.phone", "customer.phoneNumber")?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(a: i64, c: &str) -> Money {
        Money { minor_amount: a, currency: c.into() }
    }

    #[test]
    fn amounts_are_decimal_strings_in_the_currency_exponent() {
        assert_eq!(amount(&m(1099, "USD"), "request.amount").unwrap(), "10.99");
        assert_eq!(amount(&m(1, "EUR"), "request.amount").unwrap(), "0.01");
        assert_eq!(amount(&m(500, "JPY"), "request.amount").unwrap(), "500");
        assert_eq!(amount(&m(1500, "KWD"), "request.amount").unwrap(), "1.500");
        assert_eq!(amount(&m(12345, "CLF"), "request.amount").unwrap(), "1.2345");
        let e = amount(&m(0, "USD"), "request.refundAmount").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.refundAmount.minorAmount"));
        let e = amount(&m(100, "XXY"), "request.amount").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.amount.currency"));
    }

    #[test]
    fn documents_name_their_operation_and_input_type() {
        assert!(authorize_document().starts_with("mutation AuthorizePaymentMethod($input: AuthorizePaymentMethodInput!)"));
        assert!(charge_document().contains("chargePaymentMethod(input: $input)"));
        assert!(capture_document().contains("captureTransaction(input: $input)"));
        assert!(void_document().contains("voidTransaction(input: $input)"));
        assert!(refund_document().contains("refundTransaction(input: $input) { refund {"));
        assert!(transaction_query().contains("... on Transaction"));
        assert!(refund_query().contains("... on Refund"));
        // Balanced braces: a stray one makes Braintree refuse the whole document.
        for d in [authorize_document(), charge_document(), capture_document(), void_document(), refund_document(), transaction_query(), refund_query(), VAULT_DOCUMENT.to_string(), CREATE_CUSTOMER_DOCUMENT.to_string()] {
            assert_eq!(d.matches('{').count(), d.matches('}').count(), "{d}");
        }
    }

    #[test]
    fn limits_refuse_instead_of_cutting() {
        assert!(order_id(&"x".repeat(255)).unwrap().is_some());
        assert_eq!(order_id(&"x".repeat(256)).unwrap_err().field.as_deref(), Some("request.merchantTransactionId"));
    }
}

//! Airwallex's request bodies, named as its API reference and the Node SDK's models name them
//! (`PaymentAcceptancePaymentIntentCreateRequestRaw`, `...ConfirmRequestRaw`, `...CaptureRequestRaw`,
//! `...CancelRequestRaw`, `PaymentAcceptanceRefundCreateRequestRaw`, `PaymentAcceptanceCardConfirmRequest`), and
//! `PaymentAcceptancePaymentIntentIncrementAuthorizationRequestRaw`, which the SDK does not have: it
//! is read from Airwallex's API spec (oracles/airwallex/increment-authorization.json).

use super::payment_methods::local_method;
use crate::kit::crypto::sha256_hex;
use crate::kit::money::{iso_exponent, json_number, minor_units_for};
use crate::kit::text::present;
use crate::protocol::{
    AuthorizeRequest, Card, CaptureMethod, CaptureRequest, CreateSessionRequest, IncrementalAuthorizationRequest, Money, PaymentMethod,
    RecurringType, RefundRequest, RepeatPaymentRequest, SetupMandateRequest, SidecarError, ThreeDsMode, VoidRequest,
};
use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// Airwallex's longest `request_id` and `merchant_order_id` (its API reference: 64 characters).
pub const MAX_ID: usize = 64;

/// A unified amount as Airwallex's `amount`: a JSON number in major units with the ISO exponent,
/// written as exact decimal text. Refused when it cannot be sent exactly.
pub fn amount(money: &Money, field: &str) -> Result<Box<RawValue>, SidecarError> {
    let exponent = iso_exponent(&money.currency)
        .ok_or_else(|| SidecarError::invalid_field(&format!("{field}.currency"), "not an ISO 4217 currency".into()))?;
    let minor = minor_units_for(money, exponent, field)?;
    json_number(minor, exponent, &format!("{field}.minorAmount"), "Airwallex")
}

/// A `request_id` for one call: the caller's key (with the step's suffix) when given, else one
/// derived from what makes the operation unique, so that sending it again is recognised as a
/// replay. Keys longer than Airwallex's 64 characters become `sha256-` + 57 hex digits of their hash.
pub fn request_id(caller_key: Option<&str>, step: Option<&str>, derived_from: &[&str]) -> String {
    let key = match caller_key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => match step {
            Some(s) => format!("{k}:{s}"),
            None => k.to_string(),
        },
        None => format!("sidecar:{}", derived_from.join(":")),
    };
    if key.len() <= MAX_ID && key.is_ascii() {
        key
    } else {
        let hash = sha256_hex(key.as_bytes());
        format!("sha256-{}", &hash[..MAX_ID - 7])
    }
}

/// `merchant_order_id`: the merchant's reference, at most 64 characters.
fn merchant_order_id(id: &str) -> Result<String, SidecarError> {
    let id = id.trim();
    if id.chars().count() > MAX_ID {
        return Err(SidecarError::invalid_field(
            "request.merchantTransactionId",
            format!("Airwallex's merchant_order_id takes at most {MAX_ID} characters"),
        ));
    }
    Ok(id.to_string())
}

/// `POST /api/v1/pa/payment_intents/create`.
#[derive(Debug, Serialize)]
pub struct CreatePaymentIntent {
    pub request_id: String,
    pub amount: Box<RawValue>,
    pub currency: String,
    pub merchant_order_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub descriptor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerDetails>,
    /// The Airwallex Customer (`cus_...`) whose saved consent pays it (repeatPayment).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method_options: Option<CreateOptions>,
}

/// `payment_method_options` on create (`PaymentAcceptancePaymentMethodOptionsForCreate`): where
/// 3-D Secure is asked for (`card.three_ds_action`: FORCE_3DS, SKIP_3DS).
#[derive(Debug, Serialize)]
pub struct CreateOptions {
    pub card: CreateCardOptions,
}

#[derive(Debug, Serialize)]
pub struct CreateCardOptions {
    pub three_ds_action: &'static str,
}

/// `customer` on create (`PaymentAcceptanceCustomerDetails`): a guest shopper's details.
#[derive(Debug, Serialize)]
pub struct CustomerDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

fn customer_details(c: Option<&crate::protocol::Customer>) -> Option<CustomerDetails> {
    let c = c?;
    let (first, last) = match present(&c.name) {
        Some(name) => match name.rsplit_once(' ') {
            Some((f, l)) => (Some(f.trim().to_string()), Some(l.trim().to_string())),
            None => (Some(name.to_string()), None),
        },
        None => (None, None),
    };
    let d = CustomerDetails {
        merchant_customer_id: present(&c.id).map(str::to_string),
        email: present(&c.email).map(str::to_string),
        first_name: first,
        last_name: last,
        phone_number: present(&c.phone).map(str::to_string),
    };
    let empty = d.merchant_customer_id.is_none() && d.email.is_none() && d.first_name.is_none() && d.phone_number.is_none();
    (!empty).then_some(d)
}

impl CreatePaymentIntent {
    pub fn for_authorize(r: &AuthorizeRequest) -> Result<Self, SidecarError> {
        let order = merchant_order_id(&r.merchant_transaction_id)?;
        Ok(CreatePaymentIntent {
            request_id: request_id(r.idempotency_key.as_deref(), Some("create"), &["create", &order]),
            amount: amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.clone(),
            merchant_order_id: order,
            descriptor: present(&r.statement_descriptor).or(present(&r.description)).map(str::to_string),
            return_url: present(&r.return_url).map(str::to_string),
            metadata: r.metadata.clone(),
            customer: customer_details(r.customer.as_ref()),
            customer_id: None,
            payment_method_options: match r.three_ds.mode {
                ThreeDsMode::Challenge => Some("FORCE_3DS"),
                ThreeDsMode::Skip => Some("SKIP_3DS"),
                ThreeDsMode::Auto => None,
            }
            .map(|action| CreateOptions { card: CreateCardOptions { three_ds_action: action } }),
        })
    }

    pub fn for_session(r: &CreateSessionRequest) -> Result<Self, SidecarError> {
        let order = merchant_order_id(&r.merchant_transaction_id)?;
        Ok(CreatePaymentIntent {
            request_id: request_id(r.idempotency_key.as_deref(), None, &["session", &order]),
            amount: amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.clone(),
            merchant_order_id: order,
            descriptor: present(&r.description).map(str::to_string),
            return_url: present(&r.return_url).map(str::to_string),
            metadata: r.metadata.clone().unwrap_or_default(),
            customer: customer_details(r.customer.as_ref()),
            customer_id: None,
            payment_method_options: None,
        })
    }
}

/// `POST /api/v1/pa/payment_intents/{id}/confirm`.
#[derive(Debug, Serialize)]
pub struct ConfirmPaymentIntent {
    pub request_id: String,
    pub payment_method: ConfirmMethod,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method_options: Option<ConfirmOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
}

/// Confirm's `payment_method`: a card or an existing PaymentMethod by id, or a local method
/// (payment_methods.rs).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum ConfirmMethod {
    Card(PaymentMethodRequest),
    Local(serde_json::Value),
}

/// Confirm's `payment_method_options`: `card.auto_capture`, or a local method's (klarna, afterpay).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum ConfirmOptions {
    Card(PaymentMethodOptions),
    Local(serde_json::Value),
}

/// `payment_method` (`PaymentAcceptancePaymentMethodRequest`): a card, or an existing PaymentMethod by id.
#[derive(Debug, Serialize)]
pub struct PaymentMethodRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "type")]
    pub kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<CardRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// `PaymentAcceptanceCardConfirmRequest`.
#[derive(Debug, Serialize)]
pub struct CardRequest {
    pub number: String,
    pub expiry_month: String,
    pub expiry_year: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_three_ds: Option<ExternalThreeDs>,
}

/// `PaymentAcceptanceExternalThreeDomainSecure`: an authentication done elsewhere.
#[derive(Debug, Serialize)]
pub struct ExternalThreeDs {
    pub authentication_value: String,
    pub eci: String,
    pub version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ds_transaction_id: Option<String>,
}

/// `payment_method_options.card` on confirm (`PaymentAcceptanceCardOptions`): `auto_capture`.
#[derive(Debug, Serialize)]
pub struct PaymentMethodOptions {
    pub card: CardOptions,
}

#[derive(Debug, Serialize)]
pub struct CardOptions {
    pub auto_capture: bool,
}

fn card_request(card: &Card, r: &AuthorizeRequest) -> CardRequest {
    let external = r.three_ds.external.as_ref().map(|e| ExternalThreeDs {
        authentication_value: e.cavv.expose().to_string(),
        eci: e.eci.clone(),
        version: e.version.clone(),
        ds_transaction_id: e.ds_transaction_id.clone(),
    });
    CardRequest {
        number: card.number.expose().to_string(),
        expiry_month: card.exp_month.clone(),
        expiry_year: card.exp_year.clone(),
        cvc: card.cvc.as_ref().map(|c| c.expose().to_string()),
        name: present(&card.holder_name).map(str::to_string),
        external_three_ds: external,
    }
}

impl ConfirmPaymentIntent {
    pub fn for_authorize(r: &AuthorizeRequest, intent_id: &str) -> Result<Self, SidecarError> {
        let auto_capture = r.capture_method == CaptureMethod::Automatic;
        let card_options = || ConfirmOptions::Card(PaymentMethodOptions { card: CardOptions { auto_capture } });
        let (payment_method, options) = match &r.payment_method {
            PaymentMethod::Card(card) => {
                let pm = PaymentMethodRequest { kind: Some("card"), card: Some(card_request(card, r)), id: None };
                (ConfirmMethod::Card(pm), Some(card_options()))
            }
            PaymentMethod::Token(token) => {
                let id = token.value.expose().trim();
                if !id.starts_with("mtd_") {
                    return Err(SidecarError::invalid_field(
                        "request.paymentMethod.token.value",
                        "Airwallex takes the id of a PaymentMethod it made (mtd_...) as a token".into(),
                    ));
                }
                let pm = PaymentMethodRequest { kind: None, card: None, id: Some(id.to_string()) };
                (ConfirmMethod::Card(pm), Some(card_options()))
            }
            _ => {
                if r.three_ds.external.is_some() {
                    return Err(SidecarError::invalid_field(
                        "request.threeDs.external",
                        "Airwallex takes an authentication done elsewhere with a card only (payment_method.card.external_three_ds)".into(),
                    ));
                }
                let local = local_method(r)?.expect("card and token are handled above");
                (ConfirmMethod::Local(local.payment_method), local.options.map(ConfirmOptions::Local))
            }
        };
        Ok(ConfirmPaymentIntent {
            request_id: request_id(r.idempotency_key.as_deref(), None, &["confirm", intent_id]),
            payment_method,
            payment_method_options: options,
            return_url: present(&r.return_url).map(str::to_string),
        })
    }
}

/// `POST /api/v1/pa/payment_intents/{id}/capture`.
#[derive(Debug, Serialize)]
pub struct CapturePaymentIntent {
    pub request_id: String,
    pub amount: Box<RawValue>,
}

impl CapturePaymentIntent {
    pub fn from_unified(r: &CaptureRequest, intent_id: &str) -> Result<Self, SidecarError> {
        let (money, field) = r.amount_or_whole("Airwallex")?;
        let minor = money.minor_amount.to_string();
        Ok(CapturePaymentIntent {
            request_id: request_id(r.idempotency_key.as_deref(), None, &["capture", intent_id, &minor, &money.currency]),
            amount: amount(money, field)?,
        })
    }
}

/// `POST /api/v1/pa/payment_intents/{id}/increment_authorization` (Airwallex's "Increment
/// Authorization for a PaymentIntent"): `amount` is "the new total amount to authorize, which must be
/// greater than the previously authorized total amount"; both fields are required.
#[derive(Debug, Serialize)]
pub struct IncrementAuthorization {
    pub request_id: String,
    pub amount: Box<RawValue>,
}

impl IncrementAuthorization {
    pub fn from_unified(r: &IncrementalAuthorizationRequest, intent_id: &str) -> Result<Self, SidecarError> {
        if r.payment_amount.as_ref().is_some_and(|p| p.currency != r.additional_amount.currency) {
            return Err(SidecarError::invalid_field(
                "request.additionalAmount.currency",
                "the increment is in the payment's currency (request.paymentAmount.currency)".into(),
            ));
        }
        let total = r.new_total("Airwallex")?;
        let minor = total.minor_amount.to_string();
        Ok(IncrementAuthorization {
            // Derived from the new total: the same increment sent again is one Airwallex recognises.
            request_id: request_id(r.idempotency_key.as_deref(), None, &["increment", intent_id, &minor, &total.currency]),
            amount: amount(&total, "request.additionalAmount")?,
        })
    }
}

/// `POST /api/v1/pa/payment_intents/{id}/cancel`.
#[derive(Debug, Serialize)]
pub struct CancelPaymentIntent {
    pub request_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancellation_reason: Option<String>,
}

impl CancelPaymentIntent {
    pub fn from_unified(r: &VoidRequest, intent_id: &str) -> Self {
        CancelPaymentIntent {
            request_id: request_id(r.idempotency_key.as_deref(), None, &["cancel", intent_id]),
            cancellation_reason: present(&r.reason).map(str::to_string),
        }
    }
}

/// `POST /api/v1/pa/refunds/create`.
#[derive(Debug, Serialize)]
pub struct CreateRefund {
    pub request_id: String,
    pub payment_intent_id: String,
    pub amount: Box<RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

/// `metadata` key that carries the merchant's refund id (Airwallex's refund has no field for it).
pub const MERCHANT_REFUND_ID: &str = "merchant_refund_id";

impl CreateRefund {
    pub fn from_unified(r: &RefundRequest, intent_id: &str) -> Result<Self, SidecarError> {
        let mut metadata = r.metadata.clone().unwrap_or_default();
        metadata.insert(MERCHANT_REFUND_ID.to_string(), r.merchant_refund_id.trim().to_string());
        Ok(CreateRefund {
            request_id: request_id(r.idempotency_key.as_deref(), None, &["refund", r.merchant_refund_id.trim()]),
            payment_intent_id: intent_id.to_string(),
            amount: amount(&r.refund_amount, "request.refundAmount")?,
            reason: present(&r.reason).map(str::to_string),
            metadata,
        })
    }
}

// ---------- saved payment methods: Customer, PaymentConsent ----------

/// `POST /api/v1/pa/customers/create` (`PaymentAcceptanceCustomerCreateRequestRaw`).
#[derive(Debug, Serialize)]
pub struct CreateCustomer {
    pub request_id: String,
    /// Required by Airwallex: the merchant's own id for the shopper.
    pub merchant_customer_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

impl CreateCustomer {
    pub fn from_unified(r: &crate::protocol::CreateCustomerRequest) -> Result<Self, SidecarError> {
        // merchant_customer_id is required: the shopper's id, else the operation's reference.
        let (merchant_id, field) = match (present(&r.customer.id), present(&r.merchant_transaction_id)) {
            (Some(id), _) => (id, "request.customer.id"),
            (None, Some(order)) => (order, "request.merchantTransactionId"),
            (None, None) => {
                return Err(SidecarError::missing_field(
                    "request.customer.id",
                    "Airwallex's Customer requires merchant_customer_id: give the shopper's id in customer.id",
                ))
            }
        };
        if merchant_id.chars().count() > MAX_ID {
            return Err(SidecarError::invalid_field(field, format!("Airwallex's merchant_customer_id takes at most {MAX_ID} characters")));
        }
        let details = customer_details(Some(&r.customer));
        Ok(CreateCustomer {
            request_id: request_id(r.idempotency_key.as_deref(), Some("customer"), &["customer", merchant_id]),
            merchant_customer_id: merchant_id.to_string(),
            email: details.as_ref().and_then(|d| d.email.clone()),
            first_name: details.as_ref().and_then(|d| d.first_name.clone()),
            last_name: details.as_ref().and_then(|d| d.last_name.clone()),
            phone_number: details.and_then(|d| d.phone_number),
        })
    }
}

/// `merchant_trigger_reason` of a merchant-triggered consent
/// (`PaymentAcceptancePaymentConsentCreateRequestRaw.MerchantTriggerReasonEnum`).
pub fn merchant_trigger_reason(kind: RecurringType) -> &'static str {
    match kind {
        RecurringType::Scheduled => "scheduled",
        RecurringType::Unscheduled => "unscheduled",
        RecurringType::Installment => "installments",
    }
}

/// The Airwallex customer (`cus_...`) a consent or a merchant-initiated payment belongs to.
pub fn connector_customer(c: Option<&crate::protocol::Customer>, flow: &str) -> Result<String, SidecarError> {
    let id = c.and_then(|c| present(&c.connector_customer_id)).ok_or_else(|| {
        SidecarError::missing_field(
            "request.customer.connectorCustomerId",
            &format!("Airwallex keeps saved methods under a Customer (cus_...): run createCustomer first ({flow} with PaymentsClient does)"),
        )
    })?;
    crate::connectors::path_id(id, "request.customer.connectorCustomerId", "Airwallex")
}

/// `POST /api/v1/pa/payment_consents/create` (`PaymentAcceptancePaymentConsentCreateRequestRaw`):
/// the merchant triggers the later payments (repeatPayment).
#[derive(Debug, Serialize)]
pub struct CreatePaymentConsent {
    pub request_id: String,
    pub customer_id: String,
    pub next_triggered_by: &'static str,
    pub merchant_trigger_reason: &'static str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

impl CreatePaymentConsent {
    pub fn for_setup(r: &SetupMandateRequest) -> Result<Self, SidecarError> {
        let customer_id = connector_customer(r.customer.as_ref(), "setupMandate")?;
        let order = merchant_order_id(&r.merchant_transaction_id)?;
        Ok(CreatePaymentConsent {
            request_id: request_id(r.idempotency_key.as_deref(), Some("consent"), &["consent", &order]),
            customer_id,
            next_triggered_by: "merchant",
            merchant_trigger_reason: merchant_trigger_reason(r.recurring_type),
            metadata: r.metadata.clone(),
        })
    }
}

/// `POST /api/v1/pa/payment_consents/{id}/verify` (`PaymentAcceptancePaymentConsentVerifyRequestRaw`):
/// the card checked with a zero or small amount (`verification_options.card`).
#[derive(Debug, Serialize)]
pub struct VerifyPaymentConsent {
    pub request_id: String,
    pub payment_method: VerifyPaymentMethod,
    pub verification_options: VerificationOptions,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub descriptor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
}

/// `PaymentAcceptancePaymentMethodForConsentVerify`: a card, or an Airwallex PaymentMethod by id.
#[derive(Debug, Serialize)]
pub struct VerifyPaymentMethod {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<CardRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// `PaymentAcceptancePaymentConsentVerificationOptions` with `PaymentAcceptanceCardVerificationOptions`.
#[derive(Debug, Serialize)]
pub struct VerificationOptions {
    pub card: CardVerification,
}

#[derive(Debug, Serialize)]
pub struct CardVerification {
    /// Absent for a zero-amount check (the field is optional; Airwallex verifies with zero or a small amount).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Box<RawValue>>,
    pub currency: String,
}

/// A token the API made (`mtd_...`); anything else is refused naming the field.
fn payment_method_id(value: &str, field: &str) -> Result<String, SidecarError> {
    let id = value.trim();
    if !id.starts_with("mtd_") {
        return Err(SidecarError::invalid_field(field, "Airwallex takes the id of a PaymentMethod it made (mtd_...) as a token".into()));
    }
    crate::connectors::path_id(id, field, "Airwallex")
}

impl VerifyPaymentConsent {
    pub fn for_setup(r: &SetupMandateRequest, consent_id: &str) -> Result<Self, SidecarError> {
        let payment_method = match &r.payment_method {
            PaymentMethod::Card(card) => VerifyPaymentMethod {
                kind: "card",
                card: Some(CardRequest {
                    number: card.number.expose().to_string(),
                    expiry_month: card.exp_month.clone(),
                    expiry_year: card.exp_year.clone(),
                    cvc: card.cvc.as_ref().map(|c| c.expose().to_string()),
                    name: present(&card.holder_name).map(str::to_string),
                    external_three_ds: None,
                }),
                id: None,
            },
            PaymentMethod::Token(token) => VerifyPaymentMethod {
                kind: "card",
                card: None,
                id: Some(payment_method_id(token.value.expose(), "request.paymentMethod.token.value")?),
            },
            other => {
                return Err(SidecarError::payment_method_not_supported(&format!(
                    "Airwallex verifies a merchant-triggered PaymentConsent with a card (payment_consents/verify, verification_options.card), not {}",
                    other.type_name()
                )))
            }
        };
        // "You can submit zero or supplementary amounts for the verification" (card).
        if r.amount.minor_amount < 0 {
            return Err(SidecarError::invalid_field("request.amount.minorAmount", "the verification amount cannot be negative".into()));
        }
        let amount = if r.amount.minor_amount == 0 {
            crate::kit::money::iso_exponent(&r.amount.currency)
                .ok_or_else(|| SidecarError::invalid_field("request.amount.currency", "not an ISO 4217 currency".into()))?;
            None
        } else {
            Some(amount(&r.amount, "request.amount")?)
        };
        Ok(VerifyPaymentConsent {
            request_id: request_id(r.idempotency_key.as_deref(), None, &["verify", consent_id]),
            payment_method,
            verification_options: VerificationOptions { card: CardVerification { amount, currency: r.amount.currency.clone() } },
            descriptor: present(&r.description).map(str::to_string),
            return_url: present(&r.return_url).map(str::to_string),
        })
    }
}

/// `POST /api/v1/pa/payment_consents/{id}/disable` (`PaymentAcceptancePaymentConsentDisableRequestRaw`).
#[derive(Debug, Serialize)]
pub struct DisablePaymentConsent {
    pub request_id: String,
}

impl CreatePaymentIntent {
    /// repeatPayment's first call: the PaymentIntent of the shopper's Customer, which the consent then pays.
    pub fn for_repeat(r: &RepeatPaymentRequest) -> Result<Self, SidecarError> {
        let customer_id = connector_customer(r.customer.as_ref(), "repeatPayment")?;
        let order = merchant_order_id(&r.merchant_transaction_id)?;
        Ok(
            CreatePaymentIntent {
                request_id: request_id(r.idempotency_key.as_deref(), Some("create"), &["repeat", &order]),
                amount: amount(&r.amount, "request.amount")?,
                currency: r.amount.currency.clone(),
                merchant_order_id: order,
                descriptor: present(&r.statement_descriptor).or(present(&r.description)).map(str::to_string),
                return_url: present(&r.return_url).map(str::to_string),
                metadata: r.metadata.clone().unwrap_or_default(),
                customer: None,
                customer_id: Some(customer_id),
                payment_method_options: None,
            },
        )
    }
}

/// `POST /api/v1/pa/payment_intents/{id}/confirm` of a merchant-initiated payment: the verified
/// consent instead of a payment method (`payment_consent_id`).
#[derive(Debug, Serialize)]
pub struct ConfirmWithConsent {
    pub request_id: String,
    pub payment_consent_id: String,
    pub payment_method_options: PaymentMethodOptions,
}

impl ConfirmWithConsent {
    pub fn for_repeat(r: &RepeatPaymentRequest, intent_id: &str) -> Result<Self, SidecarError> {
        let consent = consent_id(&r.mandate_reference, "request.mandateReference")?;
        Ok(ConfirmWithConsent {
            request_id: request_id(r.idempotency_key.as_deref(), None, &["confirm", intent_id]),
            payment_consent_id: consent,
            payment_method_options: PaymentMethodOptions { card: CardOptions { auto_capture: r.capture_method == CaptureMethod::Automatic } },
        })
    }
}

/// A PaymentConsent id (`cst_...`) as a path segment or body field.
pub fn consent_id(value: &str, field: &str) -> Result<String, SidecarError> {
    let id = crate::connectors::path_id(value.trim(), field, "Airwallex")?;
    if !id.starts_with("cst_") {
        return Err(SidecarError::invalid_field(field, "an Airwallex PaymentConsent id starts with cst_ (setupMandate's mandateReference)".into()));
    }
    Ok(id)
}

//! Stripe's request types, named as Stripe names them, and their form encoding.

use crate::kit::form::FormBody;
use crate::kit::money::{iso_exponent, minor_units_for, require_multiple_of};
use super::payment_methods::{push_mandate_data, push_source, source_of, StripeSource};
use crate::protocol::{
    Address, AuthorizeRequest, CaptureMethod, CaptureRequest, CreateCustomerRequest, Customer, FutureUsage, Money,
    PaymentMethod, RefundRequest, RepeatPaymentRequest, SetupMandateRequest, SidecarError, ThreeDs, ThreeDsMode,
    VoidRequest,
};
use std::collections::BTreeMap;

/// Stripe's three-decimal currencies (https://docs.stripe.com/currencies#three-decimal); Stripe
/// requires their last digit to be 0.
const THREE_DECIMAL: &[&str] = &["BHD", "JOD", "KWD", "OMR", "TND"];

/// ISO 4217 fund codes and units of account: not money a card is charged in.
const NOT_PRESENTABLE: &[&str] = &["BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW", "XAD"];

/// Stripe's decimals for a currency, where Stripe's rule differs from ISO 4217
/// (https://docs.stripe.com/currencies): ISK is sent with two decimals (backwards compatibility,
/// so always a multiple of 100); MGA is zero-decimal at Stripe though ISO gives it two. `None` for
/// a currency Stripe does not take.
pub fn stripe_exponent(currency: &str) -> Option<u8> {
    match currency {
        "ISK" => Some(2),
        "MGA" => Some(0),
        c if NOT_PRESENTABLE.contains(&c) => None,
        c => iso_exponent(c).filter(|&e| e <= 2 || THREE_DECIMAL.contains(&c)),
    }
}

/// Unified minor units → Stripe's `amount`, refusing what Stripe cannot take exactly.
pub fn stripe_amount(money: &Money, field: &str) -> Result<i64, SidecarError> {
    crate::kit::money::validate(money, field)?;
    let exponent = stripe_exponent(&money.currency).ok_or_else(|| {
        SidecarError::invalid_field(
            &format!("{field}.currency"),
            format!(
                "Stripe does not charge in {}: it is an ISO fund code or unit of account, or a three-decimal currency outside Stripe's list ({})",
                money.currency,
                THREE_DECIMAL.join(", ")
            ),
        )
    })?;
    if THREE_DECIMAL.contains(&money.currency.as_str()) {
        require_multiple_of(money, 10, field, "Stripe requires three-decimal amounts to end in 0")?;
    }
    minor_units_for(money, exponent, field)
}

pub struct StripeBillingDetails<'a> {
    pub name: Option<String>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub address: Option<&'a Address>,
}

/// `POST /v1/payment_intents` with `confirm=true`.
pub struct StripeAuthorizeRequest<'a> {
    pub amount: i64,
    pub currency: String,
    pub capture_method: &'static str,
    /// `cus_...`: the customer the payment (and a card saved for later) belongs to.
    pub customer: Option<&'a str>,
    pub setup_future_usage: Option<&'static str>,
    pub source: StripeSource<'a>,
    pub billing_details: StripeBillingDetails<'a>,
    /// `payment_method_options[card][request_three_d_secure]`.
    pub request_three_d_secure: Option<&'static str>,
    pub return_url: Option<&'a str>,
    pub description: Option<&'a str>,
    pub statement_descriptor_suffix: Option<&'a str>,
    pub receipt_email: Option<&'a str>,
    pub shipping: Option<&'a Address>,
    pub metadata: Vec<(&'a str, &'a str)>,
    /// `mandate_data` for a debit (pushed as the unified request says).
    pub payment_method: &'a PaymentMethod,
    pub browser_info: Option<&'a crate::protocol::BrowserInfo>,
}

fn full_name(a: &Address) -> Option<String> {
    match (a.first_name.as_deref(), a.last_name.as_deref()) {
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (Some(n), None) | (None, Some(n)) => Some(n.to_string()),
        (None, None) => None,
    }
}

impl<'a> StripeAuthorizeRequest<'a> {
    pub fn from_unified(r: &'a AuthorizeRequest) -> Result<Self, SidecarError> {
        let (source, holder) = source_of(&r.payment_method)?;
        let customer = r.customer.as_ref();
        let setup_future_usage = r.setup_future_usage.map(|u| match u {
            FutureUsage::OffSession => "off_session",
            FutureUsage::OnSession => "on_session",
        });
        let connector_customer = customer.and_then(|c| c.connector_customer_id.as_deref()).filter(|c| !c.is_empty());
        if setup_future_usage.is_some() && connector_customer.is_none() {
            // A PaymentMethod not attached to a Customer can be used once only: saving it needs one.
            return Err(SidecarError::missing_field(
                CUSTOMER_FIELD,
                "Stripe saves a card under a customer: run createCustomer first and pass its id",
            ));
        }
        let name = source
            .holder_name()
            .or_else(|| holder.map(str::to_string))
            .or_else(|| r.billing_address.as_ref().and_then(full_name))
            .or_else(|| customer.and_then(|c| c.name.clone()));
        push_mandate_data(&mut FormBody::new(), &r.payment_method, r.browser_info.as_ref())?;
        let mut metadata: Vec<(&str, &str)> = vec![("merchant_transaction_id", r.merchant_transaction_id.as_str())];
        metadata.extend(r.metadata.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        Ok(StripeAuthorizeRequest {
            amount: stripe_amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.to_ascii_lowercase(),
            capture_method: capture_method_word(r.capture_method),
            customer: connector_customer,
            setup_future_usage,
            request_three_d_secure: three_d_secure(&r.three_ds, &source)?,
            source,
            billing_details: StripeBillingDetails {
                name,
                email: customer.and_then(|c| c.email.as_deref()),
                phone: customer.and_then(|c| c.phone.as_deref()),
                address: r.billing_address.as_ref(),
            },
            return_url: r.return_url.as_deref(),
            description: r.description.as_deref(),
            statement_descriptor_suffix: statement_descriptor_suffix(r.statement_descriptor.as_deref())?,
            receipt_email: customer.and_then(|c| c.email.as_deref()),
            shipping: r.shipping_address.as_ref(),
            metadata,
            payment_method: &r.payment_method,
            browser_info: r.browser_info.as_ref(),
        })
    }

    pub fn to_form(&self) -> FormBody {
        let mut f = FormBody::new();
        f.push("amount", self.amount.to_string())
            .push("currency", self.currency.clone())
            .push("confirm", "true")
            .push("capture_method", self.capture_method)
            .push_opt("customer", self.customer)
            .push_opt("setup_future_usage", self.setup_future_usage)
            .push("payment_method_types[0]", self.source.stripe_type());
        push_source(&mut f, &self.source, |f| push_billing_details(f, &self.billing_details));
        f.push_opt("payment_method_options[card][request_three_d_secure]", self.request_three_d_secure);
        push_mandate_data(&mut f, self.payment_method, self.browser_info).expect("checked in from_unified");
        if let Some(s) = self.shipping {
            // Stripe requires shipping[name] and shipping[address][line1] together.
            if let (Some(name), Some(_)) = (full_name(s), s.line1.as_deref()) {
                f.push("shipping[name]", name);
                push_address(&mut f, "shipping[address]", s);
            }
        }
        f.push_opt("return_url", self.return_url)
            .push_opt("description", self.description)
            .push_opt("statement_descriptor_suffix", self.statement_descriptor_suffix)
            .push_opt("receipt_email", self.receipt_email);
        for (k, v) in &self.metadata {
            f.push(format!("metadata[{k}]"), *v);
        }
        f.push("expand[0]", "latest_charge");
        f
    }
}

/// `payment_method_data[billing_details]`.
fn push_billing_details(f: &mut FormBody, b: &StripeBillingDetails) {
    f.push_opt("payment_method_data[billing_details][name]", b.name.as_deref())
        .push_opt("payment_method_data[billing_details][email]", b.email)
        .push_opt("payment_method_data[billing_details][phone]", b.phone);
    if let Some(a) = b.address {
        push_address(f, "payment_method_data[billing_details][address]", a);
    }
}

fn push_address(f: &mut FormBody, prefix: &str, a: &Address) {
    for (key, value) in [
        ("line1", &a.line1),
        ("line2", &a.line2),
        ("city", &a.city),
        ("state", &a.state),
        ("postal_code", &a.postal_code),
        ("country", &a.country),
    ] {
        f.push_opt(&format!("{prefix}[{key}]"), value.as_deref());
    }
}

/// Where the Stripe customer (`cus_...`) of a saved card is given.
pub const CUSTOMER_FIELD: &str = "request.customer.connectorCustomerId";

/// Stripe's `statement_descriptor_suffix`: at most 22 characters (spec3 maxLength; Stripe adds it to
/// the account's prefix, https://docs.stripe.com/get-started/account/statement-descriptors).
pub const STATEMENT_DESCRIPTOR_SUFFIX_MAX: usize = 22;

fn statement_descriptor_suffix(d: Option<&str>) -> Result<Option<&str>, SidecarError> {
    match d {
        Some(d) if d.chars().count() > STATEMENT_DESCRIPTOR_SUFFIX_MAX => Err(SidecarError::invalid_field(
            "request.statementDescriptor",
            format!("Stripe takes at most {STATEMENT_DESCRIPTOR_SUFFIX_MAX} characters (statement_descriptor_suffix), got {}", d.chars().count()),
        )),
        d => Ok(d),
    }
}

/// `threeDs` → `payment_method_options[card][request_three_d_secure]` (API 2023-08-16 takes
/// `any` and `automatic`, https://docs.stripe.com/payments/3d-secure/authentication-flow#manual-three-ds):
/// `challenge` asks for 3DS whenever the card supports it (`any`); `auto` leaves it to Stripe's
/// rules. Stripe has no request to skip 3DS nor, in this API version, a field for an
/// authentication done elsewhere: both are refused rather than silently dropped.
fn three_d_secure(t: &ThreeDs, source: &StripeSource) -> Result<Option<&'static str>, SidecarError> {
    if t.external.is_some() {
        return Err(SidecarError::invalid_field(
            "request.threeDs.external",
            "Stripe API 2023-08-16 takes no 3-D Secure result from another provider (payment_method_options[card][three_d_secure] is a later, gated feature)".into(),
        ));
    }
    match t.mode {
        ThreeDsMode::Auto => Ok(None),
        ThreeDsMode::Skip => Err(SidecarError::invalid_field(
            "request.threeDs.mode",
            "Stripe decides 3-D Secure itself (Radar rules, the issuer, SCA): it has no request to skip it; send auto".into(),
        )),
        ThreeDsMode::Challenge if source.stripe_type() == "card" => Ok(Some("any")),
        ThreeDsMode::Challenge => Err(SidecarError::invalid_field(
            "request.threeDs.mode",
            format!("3-D Secure applies to cards, not to {}", source.stripe_type()),
        )),
    }
}

fn capture_method_word(m: CaptureMethod) -> &'static str {
    match m {
        CaptureMethod::Automatic => "automatic",
        CaptureMethod::Manual => "manual",
    }
}

/// The Stripe customer a saved-card flow needs, or MissingRequiredField naming where it goes.
fn required_customer<'a>(customer: Option<&'a Customer>, why: &str) -> Result<&'a str, SidecarError> {
    customer
        .and_then(|c| c.connector_customer_id.as_deref())
        .filter(|id| !id.trim().is_empty())
        .ok_or_else(|| SidecarError::missing_field(CUSTOMER_FIELD, why))
}

/// Our key first, then the caller's metadata without the keys we own (a caller's
/// `merchant_refund_id` must not overwrite the refund's own).
fn push_metadata(f: &mut FormBody, ours: &[(&str, &str)], theirs: Option<&BTreeMap<String, String>>) {
    for (k, v) in ours {
        f.push(format!("metadata[{k}]"), *v);
    }
    for (k, v) in theirs.into_iter().flatten() {
        if !ours.iter().any(|(o, _)| o == k) {
            f.push(format!("metadata[{k}]"), v.clone());
        }
    }
}

/// `POST /v1/payment_intents/{intent}/capture`. We never send `final_capture` (not in API
/// 2023-08-16, and only meaningful with multicapture): every capture is final, so a partial
/// capture releases the rest of the authorization. No `amountToCapture`: `amount_to_capture` is
/// left out, which Stripe reads as "Defaults to the full `amount_capturable`" (spec3, capture).
pub struct StripeCaptureRequest<'a> {
    pub amount_to_capture: Option<i64>,
    pub merchant_capture_id: Option<&'a str>,
}

impl<'a> StripeCaptureRequest<'a> {
    pub fn from_unified(r: &'a CaptureRequest) -> Result<Self, SidecarError> {
        Ok(StripeCaptureRequest {
            amount_to_capture: r.amount_to_capture.as_ref().map(|a| stripe_amount(a, "request.amountToCapture")).transpose()?,
            merchant_capture_id: r.merchant_capture_id.as_deref(),
        })
    }

    pub fn to_form(&self) -> FormBody {
        let mut f = FormBody::new();
        if let Some(amount) = self.amount_to_capture {
            f.push("amount_to_capture", amount.to_string());
        }
        if let Some(id) = self.merchant_capture_id {
            f.push("metadata[merchant_capture_id]", id);
        }
        f
    }
}

/// The words Stripe takes as `cancellation_reason` (spec3 enum, API 2023-08-16).
pub const CANCELLATION_REASONS: &[&str] = &["duplicate", "fraudulent", "requested_by_customer", "abandoned"];
/// The words Stripe takes as a refund's `reason` (spec3 enum).
pub const REFUND_REASONS: &[&str] = &["duplicate", "fraudulent", "requested_by_customer"];

fn reason_from<'a>(reason: Option<&'a str>, allowed: &[&str], what: &str) -> Result<Option<&'a str>, SidecarError> {
    match reason {
        None => Ok(None),
        Some(r) if allowed.contains(&r) => Ok(Some(r)),
        Some(_) => Err(SidecarError::invalid_field(
            "request.reason",
            format!("Stripe takes a {what} of {} only", allowed.join(", ")),
        )),
    }
}

/// `POST /v1/payment_intents/{intent}/cancel`.
pub struct StripeCancelRequest<'a> {
    pub cancellation_reason: Option<&'a str>,
}

impl<'a> StripeCancelRequest<'a> {
    pub fn from_unified(r: &'a VoidRequest) -> Result<Self, SidecarError> {
        Ok(StripeCancelRequest {
            cancellation_reason: reason_from(r.reason.as_deref(), CANCELLATION_REASONS, "cancellation reason")?,
        })
    }

    pub fn to_form(&self) -> FormBody {
        let mut f = FormBody::new();
        f.push_opt("cancellation_reason", self.cancellation_reason);
        f
    }
}

/// `POST /v1/refunds`.
pub struct StripeRefundRequest<'a> {
    pub payment_intent: &'a str,
    pub amount: i64,
    pub reason: Option<&'a str>,
    /// A reason outside Stripe's words, kept as `metadata[reason]`.
    pub reason_text: Option<&'a str>,
    pub merchant_refund_id: &'a str,
    pub metadata: Option<&'a BTreeMap<String, String>>,
}

impl<'a> StripeRefundRequest<'a> {
    /// Stripe takes a refund `reason` from its own list only (spec3 enum): one of those words goes
    /// as `reason`; any other text goes to `metadata[reason]`, so the merchant's reason is kept and
    /// the refund is not refused (the other processors take free text).
    pub fn from_unified(r: &'a RefundRequest) -> Result<Self, SidecarError> {
        let reason = r.reason.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let (word, free_text) = match reason {
            Some(w) if REFUND_REASONS.contains(&w) => (Some(w), None),
            other => (None, other),
        };
        Ok(StripeRefundRequest {
            payment_intent: &r.connector_transaction_id,
            amount: stripe_amount(&r.refund_amount, "request.refundAmount")?,
            reason: word,
            reason_text: free_text,
            merchant_refund_id: &r.merchant_refund_id,
            metadata: r.metadata.as_ref(),
        })
    }

    pub fn to_form(&self) -> FormBody {
        let mut f = FormBody::new();
        f.push("payment_intent", self.payment_intent)
            .push("amount", self.amount.to_string())
            .push_opt("reason", self.reason);
        let mut ours = vec![("merchant_refund_id", self.merchant_refund_id)];
        ours.extend(self.reason_text.map(|t| ("reason", t)));
        push_metadata(&mut f, &ours, self.metadata);
        f
    }
}

/// `POST /v1/customers`.
pub struct StripeCustomerRequest<'a> {
    pub email: Option<&'a str>,
    pub name: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub description: Option<&'a str>,
    pub merchant_customer_id: Option<&'a str>,
    pub merchant_transaction_id: Option<&'a str>,
}

impl<'a> StripeCustomerRequest<'a> {
    pub fn from_unified(r: &'a CreateCustomerRequest) -> Self {
        StripeCustomerRequest {
            email: r.customer.email.as_deref(),
            name: r.customer.name.as_deref(),
            phone: r.customer.phone.as_deref(),
            description: r.description.as_deref(),
            merchant_customer_id: r.customer.id.as_deref(),
            merchant_transaction_id: r.merchant_transaction_id.as_deref(),
        }
    }

    pub fn to_form(&self) -> FormBody {
        let mut f = FormBody::new();
        f.push_opt("email", self.email)
            .push_opt("name", self.name)
            .push_opt("phone", self.phone)
            .push_opt("description", self.description)
            .push_opt("metadata[merchant_customer_id]", self.merchant_customer_id)
            .push_opt("metadata[merchant_transaction_id]", self.merchant_transaction_id);
        f
    }
}

/// `POST /v1/setup_intents` with `confirm=true`, `usage=off_session`: saves the card under the
/// customer for merchant-initiated payments. Stripe runs its own verification (a zero or small
/// authorization it chooses), so the SetupIntent takes no amount.
pub struct StripeSetupIntentRequest<'a> {
    pub customer: &'a str,
    pub source: StripeSource<'a>,
    pub request_three_d_secure: Option<&'static str>,
    pub payment_method: &'a PaymentMethod,
    pub browser_info: Option<&'a crate::protocol::BrowserInfo>,
    pub billing_details: StripeBillingDetails<'a>,
    pub return_url: Option<&'a str>,
    pub description: Option<&'a str>,
    pub merchant_transaction_id: &'a str,
    pub metadata: &'a BTreeMap<String, String>,
}

impl<'a> StripeSetupIntentRequest<'a> {
    pub fn from_unified(r: &'a SetupMandateRequest) -> Result<Self, SidecarError> {
        let (source, holder) = source_of(&r.payment_method)?;
        let customer = required_customer(
            r.customer.as_ref(),
            "Stripe saves a card under a customer: run createCustomer first and pass its id",
        )?;
        if r.amount.minor_amount != 0 {
            return Err(SidecarError::invalid_field(
                "request.amount.minorAmount",
                "Stripe saves a card with a SetupIntent, which takes no amount: send 0 (or authorize with setupFutureUsage to charge and save)".into(),
            ));
        }
        let c = r.customer.as_ref();
        let name = source.holder_name().or_else(|| holder.map(str::to_string)).or_else(|| r.billing_address.as_ref().and_then(full_name));
        let mut mandate_check = FormBody::new();
        push_mandate_data(&mut mandate_check, &r.payment_method, r.browser_info.as_ref())?;
        Ok(StripeSetupIntentRequest {
            customer,
            request_three_d_secure: three_d_secure(&r.three_ds, &source)?,
            source,
            payment_method: &r.payment_method,
            browser_info: r.browser_info.as_ref(),
            billing_details: StripeBillingDetails {
                name,
                email: c.and_then(|c| c.email.as_deref()),
                phone: c.and_then(|c| c.phone.as_deref()),
                address: r.billing_address.as_ref(),
            },
            return_url: r.return_url.as_deref(),
            description: r.description.as_deref(),
            merchant_transaction_id: &r.merchant_transaction_id,
            metadata: &r.metadata,
        })
    }

    pub fn to_form(&self) -> FormBody {
        let mut f = FormBody::new();
        f.push("confirm", "true")
            .push("usage", "off_session")
            .push("customer", self.customer)
            .push("payment_method_types[0]", self.source.stripe_type());
        push_source(&mut f, &self.source, |f| push_billing_details(f, &self.billing_details));
        f.push_opt("payment_method_options[card][request_three_d_secure]", self.request_three_d_secure);
        push_mandate_data(&mut f, self.payment_method, self.browser_info).expect("checked in from_unified");
        f.push_opt("return_url", self.return_url).push_opt("description", self.description);
        push_metadata(&mut f, &[("merchant_transaction_id", self.merchant_transaction_id)], Some(self.metadata));
        f
    }
}

/// `POST /v1/payment_intents` with `confirm=true`, `off_session=true` on a saved card: a
/// merchant-initiated payment (https://docs.stripe.com/payments/save-and-reuse).
pub struct StripeRepeatPaymentRequest<'a> {
    pub amount: i64,
    pub currency: String,
    pub capture_method: &'static str,
    pub customer: &'a str,
    pub payment_method: &'a str,
    pub description: Option<&'a str>,
    pub statement_descriptor_suffix: Option<&'a str>,
    pub merchant_transaction_id: &'a str,
    pub metadata: Option<&'a BTreeMap<String, String>>,
}

impl<'a> StripeRepeatPaymentRequest<'a> {
    pub fn from_unified(r: &'a RepeatPaymentRequest) -> Result<Self, SidecarError> {
        let customer = required_customer(
            r.customer.as_ref(),
            "Stripe charges a saved card together with the customer it was saved under (setupMandate's connectorCustomerId)",
        )?;
        Ok(StripeRepeatPaymentRequest {
            amount: stripe_amount(&r.amount, "request.amount")?,
            currency: r.amount.currency.to_ascii_lowercase(),
            capture_method: capture_method_word(r.capture_method),
            customer,
            payment_method: &r.mandate_reference,
            description: r.description.as_deref(),
            statement_descriptor_suffix: statement_descriptor_suffix(r.statement_descriptor.as_deref())?,
            merchant_transaction_id: &r.merchant_transaction_id,
            metadata: r.metadata.as_ref(),
        })
    }

    pub fn to_form(&self) -> FormBody {
        let mut f = FormBody::new();
        f.push("amount", self.amount.to_string())
            .push("currency", self.currency.clone())
            .push("confirm", "true")
            .push("off_session", "true")
            .push("capture_method", self.capture_method)
            .push("customer", self.customer)
            .push("payment_method", self.payment_method)
            .push("payment_method_types[0]", "card")
            .push_opt("description", self.description)
            .push_opt("statement_descriptor_suffix", self.statement_descriptor_suffix);
        push_metadata(&mut f, &[("merchant_transaction_id", self.merchant_transaction_id)], self.metadata);
        f.push("expand[0]", "latest_charge");
        f
    }
}

//! PayPal's request bodies (Orders v2, Payments v2), written from checkout_orders_v2.json and
//! payments_payment_v2.json. Only the fields we send.

use super::mapping::currency_decimals;
use crate::kit::money::{decimal_string, minor_units_for};
use crate::protocol::{
    Address, AuthorizeRequest, CaptureMethod, CaptureRequest, Money, PaymentMethod, RefundRequest, SidecarError,
};
use serde::Serialize;

/// PayPal's `money`: `value` is a decimal string with the currency's PayPal decimals.
#[derive(Debug, Serialize, PartialEq)]
pub struct PayPalMoney {
    pub currency_code: String,
    pub value: String,
}

impl PayPalMoney {
    /// Unified ISO minor units → PayPal's decimal string, exactly or refused: a currency PayPal
    /// does not take, or an amount with decimals PayPal does not take (HUF and TWD cents), is
    /// InvalidFieldValue naming `field`.
    pub fn from_unified(money: &Money, field: &str) -> Result<Self, SidecarError> {
        let decimals = currency_decimals(&money.currency).ok_or_else(|| {
            SidecarError::invalid_field(
                &format!("{field}.currency"),
                format!(
                    "PayPal does not take payments in {}; its REST API currencies are {}",
                    money.currency,
                    super::mapping::CURRENCY_DECIMALS.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        let processor_minor = minor_units_for(money, decimals, field)?;
        // `amount.value` "supports up to 15 digits preceding the decimal".
        let value = decimal_string(processor_minor, decimals);
        let whole_digits = value.split('.').next().unwrap_or("").len();
        if whole_digits > 15 {
            return Err(SidecarError::invalid_field(
                &format!("{field}.minorAmount"),
                format!("{} {} is more than PayPal's 15 digits before the decimal point", money.minor_amount, money.currency),
            ));
        }
        Ok(PayPalMoney { currency_code: money.currency.clone(), value })
    }
}

#[derive(Debug, Serialize)]
pub struct PayPalAddress {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line_1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line_2: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_area_2: Option<String>,
    /// State or province.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_area_1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    pub country_code: String,
}

impl PayPalAddress {
    /// PayPal requires `country_code` in an address; an address without one is not sent.
    fn from_unified(a: &Address) -> Option<Self> {
        let country = a.country.as_ref()?.trim().to_ascii_uppercase();
        if country.len() != 2 {
            return None;
        }
        Some(PayPalAddress {
            address_line_1: a.line1.clone(),
            address_line_2: a.line2.clone(),
            admin_area_2: a.city.clone(),
            admin_area_1: a.state.clone(),
            postal_code: a.postal_code.clone(),
            country_code: country,
        })
    }
}

#[derive(Debug, Serialize)]
pub struct PayPalCard {
    pub number: String,
    /// `YYYY-MM`.
    pub expiry: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<PayPalAddress>,
}

#[derive(Debug, Serialize)]
pub struct PayPalExperienceContext {
    pub return_url: String,
    pub cancel_url: String,
    /// PAY_NOW: the payer's approval is the payment (we authorize/capture right after it).
    pub user_action: &'static str,
}

#[derive(Debug, Serialize)]
pub struct PayPalWalletSource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    pub experience_context: PayPalExperienceContext,
}

#[derive(Debug, Serialize)]
pub struct PaymentSource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<PayPalCard>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paypal: Option<PayPalWalletSource>,
}

#[derive(Debug, Serialize)]
pub struct PurchaseUnit {
    pub reference_id: String,
    pub custom_id: String,
    pub invoice_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soft_descriptor: Option<String>,
    pub amount: PayPalMoney,
}

/// `POST /v2/checkout/orders`.
#[derive(Debug, Serialize)]
pub struct CreateOrder {
    pub intent: &'static str,
    pub purchase_units: Vec<PurchaseUnit>,
    pub payment_source: PaymentSource,
}

fn max_len(value: &str, max: usize, field: &str) -> Result<(), SidecarError> {
    if value.chars().count() > max {
        return Err(SidecarError::invalid_field(field, format!("PayPal takes at most {max} characters here")));
    }
    Ok(())
}

/// `intent`: AUTHORIZE holds the money for a later capture; CAPTURE takes it at once.
pub fn intent(capture_method: CaptureMethod) -> &'static str {
    match capture_method {
        CaptureMethod::Manual => "AUTHORIZE",
        CaptureMethod::Automatic => "CAPTURE",
    }
}

impl CreateOrder {
    pub fn from_unified(r: &AuthorizeRequest) -> Result<Self, SidecarError> {
        let amount = PayPalMoney::from_unified(&r.amount, "request.amount")?;
        let reference = r.merchant_transaction_id.trim().to_string();
        // custom_id and invoice_id are 127 at most (reference_id 256): the same value goes in all three.
        max_len(&reference, 127, "request.merchantTransactionId")?;
        if let Some(d) = &r.description {
            max_len(d, 127, "request.description")?;
        }
        if let Some(s) = &r.statement_descriptor {
            max_len(s, 22, "request.statementDescriptor")?;
        }
        let payment_source = match &r.payment_method {
            PaymentMethod::Card(card) => PaymentSource {
                card: Some(PayPalCard {
                    number: card.number.expose().to_string(),
                    expiry: format!("{}-{}", card.exp_year.trim(), card.exp_month.trim()),
                    security_code: card.cvc.as_ref().map(|c| c.expose().to_string()),
                    name: card.holder_name.clone().filter(|n| !n.trim().is_empty()),
                    billing_address: r.billing_address.as_ref().and_then(PayPalAddress::from_unified),
                }),
                paypal: None,
            },
            PaymentMethod::PayPal(wallet) => {
                let return_url = r.return_url.clone().filter(|u| !u.trim().is_empty()).ok_or_else(|| {
                    SidecarError::missing_field(
                        "request.returnUrl",
                        "the payer approves a PayPal payment on PayPal's site and comes back to returnUrl (also used as \
                         cancel_url, with PayPal's own query telling the two apart)",
                    )
                })?;
                PaymentSource {
                    card: None,
                    paypal: Some(PayPalWalletSource {
                        email_address: wallet
                            .email
                            .clone()
                            .or_else(|| r.customer.as_ref().and_then(|c| c.email.clone()))
                            .filter(|e| !e.trim().is_empty()),
                        experience_context: PayPalExperienceContext {
                            cancel_url: return_url.clone(),
                            return_url,
                            user_action: "PAY_NOW",
                        },
                    }),
                }
            }
            other => {
                return Err(SidecarError::payment_method_not_supported(&format!(
                    "PayPal takes card and paypal payment methods, not {}",
                    other.type_name()
                )))
            }
        };
        Ok(CreateOrder {
            intent: intent(r.capture_method),
            purchase_units: vec![PurchaseUnit {
                reference_id: reference.clone(),
                custom_id: reference.clone(),
                invoice_id: reference,
                description: r.description.clone().filter(|d| !d.trim().is_empty()),
                soft_descriptor: r.statement_descriptor.clone().filter(|d| !d.trim().is_empty()),
                amount,
            }],
            payment_source,
        })
    }
}

/// `POST /v2/payments/authorizations/{id}/capture`.
#[derive(Debug, Serialize)]
pub struct CaptureAuthorization {
    pub amount: PayPalMoney,
    /// True releases what is left of the authorization; false keeps it for further captures.
    pub final_capture: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoice_id: Option<String>,
}

impl CaptureAuthorization {
    pub fn from_unified(r: &CaptureRequest) -> Result<Self, SidecarError> {
        let amount = PayPalMoney::from_unified(&r.amount_to_capture, "request.amountToCapture")?;
        // A capture of the whole authorized amount is the last; a partial capture leaves the
        // rest capturable (PayPal allows several captures per authorization), which is why
        // `final_capture` is false when the authorized amount is unknown.
        let final_capture = r.payment_amount.as_ref().is_some_and(|p| p.minor_amount == r.amount_to_capture.minor_amount);
        let invoice_id = r.merchant_capture_id.clone().filter(|i| !i.trim().is_empty());
        if let Some(i) = &invoice_id {
            max_len(i, 127, "request.merchantCaptureId")?;
        }
        Ok(CaptureAuthorization { amount, final_capture, invoice_id })
    }
}

/// `POST /v2/payments/captures/{id}/refund`.
#[derive(Debug, Serialize)]
pub struct RefundCapture {
    pub amount: PayPalMoney,
    pub invoice_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note_to_payer: Option<String>,
}

impl RefundCapture {
    pub fn from_unified(r: &RefundRequest) -> Result<Self, SidecarError> {
        let amount = PayPalMoney::from_unified(&r.refund_amount, "request.refundAmount")?;
        let invoice_id = r.merchant_refund_id.trim().to_string();
        max_len(&invoice_id, 127, "request.merchantRefundId")?;
        let note_to_payer = r.reason.clone().filter(|n| !n.trim().is_empty());
        if let Some(n) = &note_to_payer {
            max_len(n, 255, "request.reason")?;
        }
        Ok(RefundCapture { amount, invoice_id, note_to_payer })
    }
}

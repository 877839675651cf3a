//! PhonePe's request types, named as PhonePe names them, and the limits PhonePe documents.
//! Pay API: https://developer.phonepe.com/v1/reference/pay-api-1 (parameters, limits),
//! https://developer.phonepe.com/v1/reference/pay-api (instrument-specific requirements),
//! https://developer.phonepe.com/v1/docs/sample-code-msite-intent (UPI intent payload).

use crate::kit::crypto::base64_encode;
use crate::kit::money::minor_units_for;
use crate::protocol::{AuthorizeRequest, Money, PaymentMethod, RefundRequest, SidecarError};
use serde::Serialize;

/// "merchantId length will be less than 38 characters".
pub const MAX_MERCHANT_ID_LEN: usize = 37;
/// "merchantTransactionId length should be less than 35 characters", letters, digits, `_`, `-`.
pub const MAX_MERCHANT_TRANSACTION_ID_LEN: usize = 34;
/// "merchantUserId length should be less than 36 characters", letters, digits, `_`, `-`.
pub const MAX_MERCHANT_USER_ID_LEN: usize = 35;
/// "Amount should be greater than 100 (in Paise)" / "Minimum 100 i.e. 1 rupee".
pub const MIN_AMOUNT_PAISE: i64 = 100;

/// Letters, digits, `_` and `-`, 1 to `max` characters: PhonePe's rule for its ids. Ids that pass
/// are also safe in a URL path without encoding.
pub fn is_phonepe_id(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Checks a merchantTransactionId against PhonePe's rule; `field` names it in the error.
pub fn check_merchant_transaction_id<'a>(id: &'a str, field: &str) -> Result<&'a str, SidecarError> {
    if is_phonepe_id(id, MAX_MERCHANT_TRANSACTION_ID_LEN) {
        Ok(id)
    } else {
        Err(SidecarError::invalid_field(
            field,
            format!(
                "PhonePe takes 1-{MAX_MERCHANT_TRANSACTION_ID_LEN} letters, digits, `_` or `-` here (got {} characters)",
                id.chars().count()
            ),
        ))
    }
}

/// A unified amount as the paise PhonePe takes: INR only (PhonePe moves no other currency), at
/// least PhonePe's minimum. `field` names the amount (`request.amount`, `request.refundAmount`).
pub fn inr_paise(money: &Money, field: &str) -> Result<i64, SidecarError> {
    crate::kit::money::validate(money, field)?;
    if money.currency != "INR" {
        return Err(SidecarError::invalid_field(
            &format!("{field}.currency"),
            format!("PhonePe moves INR only, got `{}`", money.currency),
        ));
    }
    // INR has two decimals in ISO 4217 and at PhonePe (paise): the conversion is exact.
    let paise = minor_units_for(money, 2, field)?;
    if paise < MIN_AMOUNT_PAISE {
        return Err(SidecarError::invalid_field(
            &format!("{field}.minorAmount"),
            format!("PhonePe's minimum is {MIN_AMOUNT_PAISE} paise (1 INR), got {paise}"),
        ));
    }
    Ok(paise)
}

/// `paymentInstrument`, tagged by `type` (serialized first).
#[derive(Serialize)]
#[serde(tag = "type")]
pub enum PhonePePaymentInstrument<'a> {
    #[serde(rename = "UPI_COLLECT")]
    UpiCollect { vpa: &'a str },
    #[serde(rename = "UPI_INTENT")]
    UpiIntent {
        /// The UPI app's package (Android) or name (iOS); absent lets the shopper pick an app.
        #[serde(rename = "targetApp", skip_serializing_if = "Option::is_none")]
        target_app: Option<&'a str>,
    },
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhonePeDeviceContext {
    #[serde(rename = "deviceOS")]
    pub device_os: &'static str,
}

/// The pay payload, base64-encoded into `{"request": ...}` and signed by X-VERIFY. Serde writes
/// struct fields in declaration order, so the signed bytes are deterministic.
///
/// Not sent: `redirectUrl`/`redirectMode`. PhonePe needs them for instruments that leave the
/// merchant's page (PAY_PAGE, cards, net banking); for UPI collect and intent the shopper approves
/// in their UPI app and PhonePe's own UPI samples carry none, so `returnUrl` is not used here.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhonePePayRequest<'a> {
    pub merchant_id: &'a str,
    pub merchant_transaction_id: &'a str,
    /// Mandatory for PAY_PAGE / CARD / SAVED_CARD only; optional for UPI_COLLECT and UPI_INTENT.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_user_id: Option<&'a str>,
    /// Paise.
    pub amount: i64,
    pub callback_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_context: Option<PhonePeDeviceContext>,
    pub payment_instrument: PhonePePaymentInstrument<'a>,
}

/// The HTTP body: `{"request": base64(payload JSON)}`.
#[derive(Serialize)]
pub struct PhonePeRequestBody {
    pub request: String,
}

/// An Indian mobile number as the 10 digits PhonePe expects: separators dropped, a leading `91`
/// country code or `0` trunk prefix removed. Anything else is refused rather than guessed.
fn mobile_number(phone: &str) -> Result<String, SidecarError> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.len() {
        12 if digits.starts_with("91") => &digits[2..],
        11 if digits.starts_with('0') => &digits[1..],
        _ => digits.as_str(),
    };
    if national.len() != 10 {
        return Err(SidecarError::invalid_field(
            "request.customer.phone",
            "PhonePe takes a 10-digit Indian mobile number (optionally with +91)".into(),
        ));
    }
    Ok(national.to_string())
}

/// PhonePe wants the shopper's OS for UPI intent; the only hint in a unified request is the
/// browser's user agent. Android unless it names an Apple device.
fn device_os(r: &AuthorizeRequest) -> &'static str {
    let ua = r.browser_info.as_ref().and_then(|b| b.user_agent.as_deref()).unwrap_or("");
    if ["iPhone", "iPad", "iPod"].iter().any(|d| ua.contains(d)) {
        "IOS"
    } else {
        "ANDROID"
    }
}

impl<'a> PhonePePayRequest<'a> {
    pub fn from_unified(r: &'a AuthorizeRequest, merchant_id: &'a str) -> Result<Self, SidecarError> {
        let (payment_instrument, device_context) = match &r.payment_method {
            PaymentMethod::UpiCollect(upi) => (PhonePePaymentInstrument::UpiCollect { vpa: &upi.vpa }, None),
            PaymentMethod::UpiIntent(upi) => (
                PhonePePaymentInstrument::UpiIntent { target_app: upi.target_app.as_deref() },
                Some(PhonePeDeviceContext { device_os: device_os(r) }),
            ),
            other => {
                return Err(SidecarError::payment_method_not_supported(&format!(
                    "PhonePe takes upiCollect and upiIntent here; `{}` is not supported",
                    other.type_name()
                )))
            }
        };
        let amount = inr_paise(&r.amount, "request.amount")?;
        let merchant_transaction_id =
            check_merchant_transaction_id(&r.merchant_transaction_id, "request.merchantTransactionId")?;
        let customer = r.customer.as_ref();
        let merchant_user_id = customer.and_then(|c| c.id.as_deref());
        if let Some(id) = merchant_user_id {
            if !is_phonepe_id(id, MAX_MERCHANT_USER_ID_LEN) {
                return Err(SidecarError::invalid_field(
                    "request.customer.id",
                    format!("PhonePe's merchantUserId is 1-{MAX_MERCHANT_USER_ID_LEN} letters, digits, `_` or `-`"),
                ));
            }
        }
        // callbackUrl is mandatory in PhonePe's pay API: it is where PhonePe posts the final state.
        let callback_url = r
            .webhook_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
            .ok_or_else(|| SidecarError::missing_field("request.webhookUrl", "PhonePe requires a callbackUrl"))?;
        let mobile_number = customer.and_then(|c| c.phone.as_deref()).map(mobile_number).transpose()?;
        Ok(PhonePePayRequest {
            merchant_id,
            merchant_transaction_id,
            merchant_user_id,
            amount,
            callback_url,
            mobile_number,
            device_context,
            payment_instrument,
        })
    }

    /// The payload as compact JSON, base64-encoded into the body.
    pub fn to_body(&self) -> PhonePeRequestBody {
        let json = serde_json::to_string(self).expect("the pay payload always serializes");
        PhonePeRequestBody { request: base64_encode(json.as_bytes()) }
    }
}

/// The refund payload (`POST /pg/v1/refund`), base64-encoded into `{"request": ...}` and signed
/// like the pay payload. https://developer.phonepe.com/v1/reference/refund-8
///
/// Not sent: `merchantUserId` ("User Id passed in the debit request", optional): the unified
/// refund request does not carry the shopper, and PhonePe finds the payment by
/// `originalTransactionId`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhonePeRefundRequest<'a> {
    pub merchant_id: &'a str,
    /// The payment's merchantTransactionId (our connectorTransactionId).
    pub original_transaction_id: &'a str,
    /// The refund's own id: the unified merchantRefundId, under PhonePe's merchantTransactionId rule.
    pub merchant_transaction_id: &'a str,
    /// Paise; up to what remains refundable of the payment.
    pub amount: i64,
    /// Where PhonePe posts the refund's final state (the same payload as its status check).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<&'a str>,
}

impl<'a> PhonePeRefundRequest<'a> {
    pub fn from_unified(r: &'a RefundRequest, merchant_id: &'a str) -> Result<Self, SidecarError> {
        let original_transaction_id =
            check_merchant_transaction_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
        let merchant_transaction_id = check_merchant_transaction_id(&r.merchant_refund_id, "request.merchantRefundId")?;
        // PhonePe: the refund's id "should be different from transaction ID of debit transaction";
        // both live in one namespace (the status API takes either).
        if merchant_transaction_id == original_transaction_id {
            return Err(SidecarError::invalid_field(
                "request.merchantRefundId",
                "PhonePe needs a refund id different from the payment's merchantTransactionId".into(),
            ));
        }
        let amount = inr_paise(&r.refund_amount, "request.refundAmount")?;
        let callback_url = r.webhook_url.as_deref().filter(|u| !u.trim().is_empty());
        Ok(PhonePeRefundRequest { merchant_id, original_transaction_id, merchant_transaction_id, amount, callback_url })
    }

    /// The payload as compact JSON, base64-encoded into the body.
    pub fn to_body(&self) -> PhonePeRequestBody {
        let json = serde_json::to_string(self).expect("the refund payload always serializes");
        PhonePeRequestBody { request: base64_encode(json.as_bytes()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::crypto::base64_decode;
    use crate::protocol::{ErrorKind, Flow, FlowRequest};
    use serde_json::{json, Value};

    fn authorize(request: Value) -> AuthorizeRequest {
        match FlowRequest::decode(Flow::Authorize, request).unwrap() {
            FlowRequest::Authorize(r) => r,
            _ => unreachable!(),
        }
    }

    fn base() -> Value {
        json!({
            "merchantTransactionId": "MT7850590068188104",
            "amount": {"minorAmount": 10000, "currency": "INR"},
            "paymentMethod": {"type": "upiIntent", "upi": {"targetApp": "com.phonepe.app"}},
            "webhookUrl": "https://webhook.site/callback-url"
        })
    }

    fn with(mut v: Value, key: &str, value: Value) -> Value {
        v[key] = value;
        v
    }

    fn payload_of(r: &AuthorizeRequest) -> String {
        let body = PhonePePayRequest::from_unified(r, "MERCHANTUAT").unwrap().to_body();
        String::from_utf8(base64_decode(&body.request).unwrap()).unwrap()
    }

    fn err(request: Value) -> SidecarError {
        let r = authorize(request);
        match PhonePePayRequest::from_unified(&r, "MERCHANTUAT") {
            Ok(_) => panic!("expected an error"),
            Err(e) => e,
        }
    }

    #[test]
    fn upi_intent_payload_follows_the_documented_shape() {
        let r = authorize(with(base(), "customer", json!({"id": "MU933037302229373", "phone": "9999999999"})));
        assert_eq!(
            payload_of(&r),
            r#"{"merchantId":"MERCHANTUAT","merchantTransactionId":"MT7850590068188104","merchantUserId":"MU933037302229373","amount":10000,"callbackUrl":"https://webhook.site/callback-url","mobileNumber":"9999999999","deviceContext":{"deviceOS":"ANDROID"},"paymentInstrument":{"type":"UPI_INTENT","targetApp":"com.phonepe.app"}}"#
        );
    }

    #[test]
    fn optional_fields_are_left_out_and_ios_is_detected() {
        let mut v = with(base(), "paymentMethod", json!({"type": "upiIntent"}));
        v["browserInfo"] = json!({"userAgent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"});
        assert_eq!(
            payload_of(&authorize(v)),
            r#"{"merchantId":"MERCHANTUAT","merchantTransactionId":"MT7850590068188104","amount":10000,"callbackUrl":"https://webhook.site/callback-url","deviceContext":{"deviceOS":"IOS"},"paymentInstrument":{"type":"UPI_INTENT"}}"#
        );
    }

    #[test]
    fn mobile_numbers_are_normalized_or_refused() {
        for (given, want) in [("9999999999", "9999999999"), ("+91 98765-43210", "9876543210"), ("09876543210", "9876543210")] {
            assert_eq!(mobile_number(given).unwrap(), want, "{given}");
        }
        for bad in ["12345", "+1 415 555 0100", "98765432101234"] {
            let e = mobile_number(bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("request.customer.phone"));
            assert!(!e.message.contains(bad));
        }
    }

    #[test]
    fn refusals_name_the_field() {
        let cases = [
            (with(base(), "amount", json!({"minorAmount": 1000, "currency": "USD"})), ErrorKind::InvalidFieldValue, "request.amount.currency"),
            (with(base(), "amount", json!({"minorAmount": 99, "currency": "INR"})), ErrorKind::InvalidFieldValue, "request.amount.minorAmount"),
            (with(base(), "merchantTransactionId", json!("MT 1")), ErrorKind::InvalidFieldValue, "request.merchantTransactionId"),
            (with(base(), "merchantTransactionId", json!("M".repeat(35))), ErrorKind::InvalidFieldValue, "request.merchantTransactionId"),
            (with(base(), "customer", json!({"id": "user@example.com"})), ErrorKind::InvalidFieldValue, "request.customer.id"),
            (with(base(), "webhookUrl", Value::Null), ErrorKind::MissingRequiredField, "request.webhookUrl"),
            (
                with(base(), "paymentMethod", json!({"type": "card", "card": {"number": "4242424242424242", "expMonth": "12", "expYear": "2030"}})),
                ErrorKind::PaymentMethodNotSupported,
                "request.paymentMethod.type",
            ),
        ];
        for (request, kind, field) in cases {
            let e = err(request);
            assert_eq!((e.kind, e.field.as_deref()), (kind, Some(field)), "{}", e.message);
        }
        // 34 characters is PhonePe's longest.
        let r = authorize(with(base(), "merchantTransactionId", json!("M".repeat(34))));
        assert!(PhonePePayRequest::from_unified(&r, "MERCHANTUAT").is_ok());
    }

    #[test]
    fn the_vpa_never_appears_in_a_refusal() {
        let mut v = with(base(), "paymentMethod", json!({"type": "upiCollect", "upi": {"vpa": "secret.shopper@ybl"}}));
        v["amount"] = json!({"minorAmount": 10000, "currency": "EUR"});
        let e = err(v);
        assert!(!e.message.contains("secret.shopper"));
    }
}

//! Wallet tokens as processors take them.

use crate::protocol::{ApplePay, Secret, SidecarError};

/// The Apple Pay payment token as the JSON text processors take (`{"paymentData": {...},
/// "paymentMethod": {...}}`), from the unified `applePay.paymentData` (base64 of the
/// PKPaymentToken's paymentData JSON) and, when given, its network and display name. The error
/// names the field, never its value.
pub fn apple_pay_token_json(apple: &ApplePay, data: &Secret, field: &str) -> Result<String, SidecarError> {
    let mut token = serde_json::json!({ "paymentData": apple_pay_payment_data(data, field)? });
    let mut method = serde_json::Map::new();
    if let Some(n) = apple.display_name.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        method.insert("displayName".into(), n.into());
    }
    if let Some(n) = apple.network.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        method.insert("network".into(), n.into());
    }
    if !method.is_empty() {
        token["paymentMethod"] = serde_json::Value::Object(method);
    }
    Ok(token.to_string())
}

/// The PKPaymentToken's paymentData JSON text, decoded from the unified `applePay.paymentData`
/// (base64), exactly as Apple wrote it; refused, naming `field` and never quoting the value, unless
/// it is the base64 of a JSON object.
pub fn apple_pay_payment_data_text(data: &Secret, field: &str) -> Result<String, SidecarError> {
    crate::kit::crypto::base64_decode(data.expose().trim())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .filter(|text| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text).is_ok())
        .ok_or_else(|| SidecarError::invalid_field(field, "not the base64 of the PKPaymentToken's paymentData JSON object".into()))
}

/// The same paymentData as a JSON object, for processors that nest it in a token object.
pub fn apple_pay_payment_data(data: &Secret, field: &str) -> Result<serde_json::Value, SidecarError> {
    let text = apple_pay_payment_data_text(data, field)?;
    Ok(serde_json::from_str(&text).expect("checked to be a JSON object"))
}

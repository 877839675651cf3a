//! Wallet tokens as processors take them.

use crate::protocol::{ApplePay, Secret, SidecarError};

/// The Apple Pay payment token as the JSON text processors take (`{"paymentData": {...},
/// "paymentMethod": {...}}`), from the unified `applePay.paymentData` (base64 of the
/// PKPaymentToken's paymentData JSON) and, when given, its network and display name. The error
/// names the field, never its value.
pub fn apple_pay_token_json(apple: &ApplePay, data: &Secret, field: &str) -> Result<String, SidecarError> {
    let bytes = crate::kit::crypto::base64_decode(data.expose().trim())
        .ok_or_else(|| SidecarError::invalid_field(field, "not base64".into()))?;
    let payment_data: serde_json::Value = serde_json::from_slice(&bytes)
        .ok()
        .filter(serde_json::Value::is_object)
        .ok_or_else(|| SidecarError::invalid_field(field, "not the base64 of the PKPaymentToken's paymentData JSON object".into()))?;
    let mut token = serde_json::json!({ "paymentData": payment_data });
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

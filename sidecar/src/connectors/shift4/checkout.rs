//! Shift4 Checkout: there is no session call. The merchant signs the checkout request (the Java
//! SDK's `CheckoutRequest`: `charge`, `customerId`, ...) with its secret key and Shift4.js opens it
//! in the browser (`Shift4Checkout.open({checkoutRequest})`). The signature, as both official SDKs
//! compute it (Node `checkoutRequest.sign`, Java `signCheckoutRequest`):
//! `base64(hex(HMAC-SHA256(secretKey, json)) + "|" + json)`. createSession is therefore a local
//! flow: the sidecar answers it from the request and the credentials, with no HTTP call.

use super::requests::{shift4_amount, MERCHANT_TRANSACTION_ID};
use super::Shift4Auth;
use crate::connectors::Context;
use crate::kit::crypto::{base64_encode, hex, hmac_sha256};
use crate::kit::text::present;
use crate::protocol::{CaptureMethod, CreateSessionRequest, SessionMode, SessionResult, SessionStatus, SidecarError};
use serde::Serialize;
use std::collections::BTreeMap;

/// `CheckoutRequest.Charge`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CheckoutCharge<'a> {
    amount: i64,
    currency: &'a str,
    /// Left out for automatic capture (Shift4's default); `false` authorizes only.
    #[serde(skip_serializing_if = "Option::is_none")]
    capture: Option<bool>,
    metadata: BTreeMap<&'a str, &'a str>,
}

/// `CheckoutRequest`: the fields this connector fills, in the order they are signed.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CheckoutRequest<'a> {
    charge: CheckoutCharge<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer_id: Option<&'a str>,
}

/// The signed checkout request for `json`, exactly as Shift4's SDKs sign it.
pub fn sign_checkout_request(secret_key: &str, json: &str) -> String {
    let signature = hex(&hmac_sha256(secret_key.as_bytes(), json.as_bytes()));
    base64_encode(format!("{signature}|{json}").as_bytes())
}

/// The checkout request's JSON text for a unified createSession, or the field Shift4 Checkout has
/// no place for.
pub fn checkout_request_json(r: &CreateSessionRequest) -> Result<String, SidecarError> {
    if r.mode == SessionMode::Setup {
        return Err(SidecarError::invalid_field(
            "request.mode",
            "a Shift4 checkout request charges (charge) or subscribes to a plan (subscription); it has no request that only saves a card: \
             save one with setupMandate (a Shift4.js token)"
                .into(),
        ));
    }
    if r.setup_future_usage.is_some() {
        return Err(SidecarError::invalid_field(
            "request.setupFutureUsage",
            "a Shift4 checkout request (charge, customerId, threeDSecure, ...) has no flag that saves the card for later charges: \
             save it with setupMandate, then charge it with repeatPayment"
                .into(),
        ));
    }
    if let Some(types) = &r.payment_method_types {
        if let Some(first) = types.first() {
            return Err(SidecarError::payment_method_not_supported(&format!(
                "a Shift4 checkout request names no payment methods: Shift4 Checkout offers what the merchant account has enabled \
                 (leave paymentMethodTypes out; `{first}` cannot be chosen here)"
            ))
            .with_field("request.paymentMethodTypes[0]"));
        }
    }
    let amount = shift4_amount(&r.amount, "request.amount")?;
    if amount == 0 {
        return Err(SidecarError::invalid_field(
            "request.amount.minorAmount",
            "a Shift4 checkout request charges an amount above 0".into(),
        ));
    }
    let mut metadata: BTreeMap<&str, &str> =
        r.metadata.iter().flatten().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    metadata.insert(MERCHANT_TRANSACTION_ID, r.merchant_transaction_id.trim());
    let request = CheckoutRequest {
        charge: CheckoutCharge {
            amount,
            currency: &r.amount.currency,
            capture: (r.capture_method == CaptureMethod::Manual).then_some(false),
            metadata,
        },
        customer_id: r.customer.as_ref().and_then(|c| present(&c.connector_customer_id)),
    };
    Ok(serde_json::to_string(&request).expect("a checkout request serializes"))
}

/// createSession: the signed checkout request, as `clientToken` (a credential of this checkout:
/// whoever holds it can open it, so redact() masks it like every clientToken). `httpStatus` 0:
/// there was no HTTP exchange.
pub fn answer_create_session(r: &CreateSessionRequest, auth: &Shift4Auth, _: &Context) -> Result<SessionResult, SidecarError> {
    let json = checkout_request_json(r)?;
    let mut result = SessionResult::new(SessionStatus::Success, 0);
    result.client_token = Some(sign_checkout_request(auth.secret_key(), &json));
    Ok(result)
}

//! PayPal (issue 12):
//! - createSession → the order PayPal's JS SDK buttons approve: `POST /v2/checkout/orders` with
//!   `intent` (CAPTURE, or AUTHORIZE for manual capture) and the purchase unit, no payment source
//!   (the buttons' `createOrder` returns its id; the payer picks how to pay in PayPal's window):
//!   201 `CREATED` with the `approve` link. With a `returnUrl` the order names
//!   `payment_source.paypal.experience_context` (return and cancel URL) for a full-page
//!   redirect instead: `PAYER_ACTION_REQUIRED` with the `payer-action` link. Either link is the
//!   result's `redirection`; the order id is `sessionId` and `connectorTransactionId`, with
//!   `state.paypalObject: order`: once the payer approved, completeAuthorize authorizes or
//!   captures it. https://developer.paypal.com/docs/api/orders/v2/#orders_create
//! - revokeMandate → Vault v3 "Delete payment token", `DELETE /v3/vault/payment-tokens/{id}`:
//!   204 No Content when deleted. https://developer.paypal.com/docs/api/payment-tokens/v3/#payment-tokens_delete

use super::flows::{access_token, paypal_request_id};
use super::requests::{intent, PayPalExperienceContext, PurchaseUnit};
use super::responses::{error_info, state, PayPalError, PayPalOrder};
use super::{PayPalAuth, OBJECT_ORDER};
use crate::connectors::{path_id, Context};
use crate::kit::idempotency::main_key;
use crate::protocol::{
    CreateSessionRequest, HttpMethod, HttpRequest, HttpResponse, MandateResult, MandateStatus, RedirectMethod, Redirection,
    RevokeMandateRequest, SessionMode, SessionResult, SessionStatus, SidecarError,
};
use serde::Serialize;

pub fn build_revoke_mandate(r: &RevokeMandateRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = path_id(r.mandate_reference.trim(), "request.mandateReference", "PayPal")?;
    Ok(HttpRequest::new(HttpMethod::DELETE, format!("{}/v3/vault/payment-tokens/{id}", ctx.base_url()))
        .secret_header("Authorization", format!("Bearer {token}")))
}

pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    let status = response.status;
    if response.is_success() {
        let mut result = MandateResult::new(MandateStatus::Revoked, status);
        result.mandate_reference = Some(r.mandate_reference.trim().to_string());
        return Ok(result);
    }
    // PayPal's error body; a proxy's 5xx page or an empty 401 says nothing more than its status.
    let e: PayPalError =
        if status >= 500 || response.body.trim().is_empty() { response.json().unwrap_or_default() } else { response.json()? };
    let mut result = MandateResult::new(MandateStatus::Failure, status);
    result.connector_status = e.name.clone().filter(|n| !n.trim().is_empty());
    result.error = Some(error_info(status, &e, "delete the payment token"));
    Ok(result)
}

// ---------- createSession ----------

/// `POST /v2/checkout/orders` for the JS SDK buttons (or a redirect with `returnUrl`).
#[derive(Serialize)]
struct SessionOrder {
    intent: &'static str,
    purchase_units: Vec<PurchaseUnit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_source: Option<SessionSource>,
}

#[derive(Serialize)]
struct SessionSource {
    paypal: SessionWallet,
}

#[derive(Serialize)]
struct SessionWallet {
    experience_context: PayPalExperienceContext,
}

pub fn build_create_session(r: &CreateSessionRequest, _: &PayPalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    if r.mode == SessionMode::Setup {
        return Err(SidecarError::invalid_field(
            "request.mode",
            "a PayPal order pays an amount; save the PayPal wallet with setupMandate (a Vault setup token the payer approves)".into(),
        ));
    }
    if r.setup_future_usage.is_some() {
        return Err(SidecarError::invalid_field(
            "request.setupFutureUsage",
            "this connector saves the PayPal wallet with setupMandate (Vault), not through the buttons' order".into(),
        ));
    }
    for (i, t) in r.payment_method_types.iter().flatten().enumerate() {
        if t != "paypal" {
            return Err(SidecarError::payment_method_not_supported(&format!(
                "the order PayPal's buttons approve is paid in PayPal's window (paypal); `{t}` is not offered there"
            ))
            .with_field(&format!("request.paymentMethodTypes[{i}]")));
        }
    }
    let unit = PurchaseUnit::new(&r.merchant_transaction_id, &r.amount, r.description.as_ref(), None)?;
    let payment_source = crate::kit::text::present(&r.return_url).map(|url| SessionSource {
        paypal: SessionWallet {
            experience_context: PayPalExperienceContext { return_url: url.to_string(), cancel_url: url.to_string(), user_action: "PAY_NOW" },
        },
    });
    let body = SessionOrder { intent: intent(r.capture_method), purchase_units: vec![unit], payment_source };
    let mut http = HttpRequest::new(HttpMethod::POST, format!("{}/v2/checkout/orders", ctx.base_url()))
        .secret_header("Authorization", format!("Bearer {token}"))
        .header("Prefer", "return=representation");
    if let Some(key) = main_key(r.idempotency_key.as_deref().map(str::trim).filter(|k| !k.is_empty())) {
        http = http.header("PayPal-Request-Id", paypal_request_id(&key));
    }
    Ok(http.json_body(&body, false))
}

pub fn parse_create_session(_: &CreateSessionRequest, response: &HttpResponse, _: &Context) -> Result<SessionResult, SidecarError> {
    let status = response.status;
    if !response.is_success() {
        let e: PayPalError =
            if status >= 500 || response.body.trim().is_empty() { response.json().unwrap_or_default() } else { response.json()? };
        return Ok(SessionResult::failure(error_info(status, &e, "create the order"), status));
    }
    let order: PayPalOrder = response.json()?;
    let id = order.id.clone().filter(|i| !i.trim().is_empty()).ok_or_else(|| {
        SidecarError::undeserializable(status, "", "PayPal's order has no id: the buttons have nothing to approve")
    })?;
    // `approve` (buttons) or `payer-action` (redirect): where the payer approves the order.
    let link = order
        .links
        .iter()
        .find(|l| matches!(l.rel.as_deref(), Some("payer-action" | "approve")))
        .and_then(|l| l.href.clone())
        .ok_or_else(|| SidecarError::undeserializable(status, "", "PayPal's order has no approve or payer-action link"))?;
    let mut result = SessionResult::new(SessionStatus::Success, status);
    result.session_id = Some(id.clone());
    result.connector_transaction_id = Some(id.clone());
    result.connector_status = order.status.clone();
    result.redirection = Some(Redirection { url: link, method: RedirectMethod::GET, form: None });
    result.state = Some(state(OBJECT_ORDER, Some(id)));
    Ok(result)
}

//! Each dLocal flow: the call it makes and how its answer is read, every call signed as
//! dLocal's Security page says.

use super::requests::{order_id, DlocalCaptureRequest, DlocalPaymentRequest, DlocalRefundRequest, STATE_COUNTRY};
use super::responses::{self, PaymentReading};
use super::DlocalAuth;
use crate::connectors::{path_id, Context};
use crate::kit::crypto::{hex, hmac_sha256};
use crate::kit::time::{iso8601_utc, now_unix};
use crate::protocol::{
    AuthorizeRequest, CaptureRequest, HttpMethod, HttpRequest, HttpResponse, PaymentResult, PaymentStatus, PsyncRequest, RefundRequest,
    RefundResult, RepeatPaymentRequest, RsyncRequest, SidecarError, VoidRequest,
};
use serde::Serialize;

/// What identifies this client to dLocal ("User-Agent ... Used to identify the application").
pub const USER_AGENT: &str = "connector-sidecar";

/// dLocal's signature (https://docs.dlocal.com/docs/generate-signature): the lower-case hex
/// HMAC-SHA256, keyed by the secret key, of `X-Login + X-Date + requestBody` ("all as strings,
/// no delimiters"; the body empty when there is none). Notifications are signed the same way.
pub fn signature(x_login: &str, x_date: &str, body: &str, secret_key: &str) -> String {
    hex(&hmac_sha256(secret_key.as_bytes(), format!("{x_login}{x_date}{body}").as_bytes()))
}

/// The `Authorization` header's value: `V2-HMAC-SHA256, Signature: <hex>`.
pub fn authorization(signature: &str) -> String {
    format!("V2-HMAC-SHA256, Signature: {signature}")
}

/// The request to `path`, with dLocal's headers and signature. `X-Date` is `options.now` when
/// given (vectors), else the clock, as ISO 8601 UTC.
fn signed(
    method: HttpMethod,
    path: &str,
    body: Option<(String, bool)>,
    auth: &DlocalAuth,
    ctx: &Context,
) -> Result<HttpRequest, SidecarError> {
    let x_date = iso8601_utc(now_unix(ctx.options)?);
    let body_text = body.as_ref().map(|(b, _)| b.as_str()).unwrap_or("");
    let sig = signature(auth.x_login(), &x_date, body_text, auth.secret_key());
    let mut http = HttpRequest::new(method, format!("{}{path}", ctx.base_url()))
        .header("X-Date", x_date)
        .secret_header("X-Login", auth.x_login())
        .secret_header("X-Trans-Key", auth.x_trans_key())
        .header("X-Version", "2.1")
        .header("User-Agent", USER_AGENT)
        .header("Content-Type", "application/json")
        .secret_header("Authorization", authorization(&sig));
    if let Some((text, sensitive)) = body {
        http = http.body("application/json", text, sensitive);
    }
    Ok(http)
}

fn json(body: &impl Serialize, sensitive: bool) -> Option<(String, bool)> {
    Some((serde_json::to_string(body).expect("request types always serialize"), sensitive))
}

fn payment_id(id: &str) -> Result<String, SidecarError> {
    path_id(id, "request.connectorTransactionId", "dLocal")
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &DlocalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let (endpoint, body) = DlocalPaymentRequest::authorize(r)?;
    // Card data or a token, and the payer's name, email and document.
    signed(HttpMethod::POST, endpoint.path(), json(&body, true), auth, ctx)
}

fn paying() -> PaymentReading<'static> {
    PaymentReading { known_id: None, read_only: false, refused: PaymentStatus::Failure, what: "dLocal refused the payment" }
}

/// A saved card's id from a successful answer, with the country it pays in as state.
fn saved_card(result: &mut PaymentResult, response: &HttpResponse, country: &str) {
    if matches!(result.status, PaymentStatus::Failure | PaymentStatus::Unresolved) {
        return;
    }
    if let Ok(p) = response.json::<responses::DlocalPayment>() {
        if let Some(card_id) = p.card.as_ref().and_then(|c| c.card_id.as_deref()).map(str::trim).filter(|c| !c.is_empty()) {
            result.mandate_reference = Some(card_id.to_string());
            let mut state = result.state.clone().unwrap_or_default();
            state.insert(STATE_COUNTRY.to_string(), country.to_string());
            result.state = Some(state);
        }
    }
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_payment(response, &paying())?;
    if r.setup_future_usage.is_some() {
        if let Some(country) = r.billing_address.as_ref().and_then(|a| a.country.as_deref()) {
            saved_card(&mut result, response, &country.trim().to_ascii_uppercase());
        }
    }
    Ok(result)
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &DlocalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = DlocalPaymentRequest::repeat(r)?;
    // The saved card pays without the shopper: treat it like card data.
    signed(HttpMethod::POST, "/payments", json(&body, true), auth, ctx)
}

pub fn parse_repeat_payment(r: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_payment(response, &paying())?;
    if !matches!(result.status, PaymentStatus::Failure | PaymentStatus::Unresolved) {
        // The same saved card pays the next time too, in the same country.
        result.mandate_reference = Some(r.mandate_reference.trim().to_string());
        result.state = r.state.clone();
    }
    Ok(result)
}

pub fn build_psync(r: &PsyncRequest, auth: &DlocalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    signed(HttpMethod::GET, &format!("/payments/{}", payment_id(&r.connector_transaction_id)?), None, auth, ctx)
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = PaymentReading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: true,
        refused: PaymentStatus::Unresolved,
        what: "dLocal could not read the payment",
    };
    responses::parse_payment(response, &how)
}

pub fn build_capture(r: &CaptureRequest, auth: &DlocalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let authorization_id = crate::protocol::required(&r.connector_transaction_id, "request.connectorTransactionId")?.to_string();
    let (amount, currency) = match &r.amount_to_capture {
        Some(amount) => {
            if let Some(p) = &r.payment_amount {
                if p.currency != amount.currency {
                    return Err(SidecarError::invalid_field(
                        "request.amountToCapture.currency",
                        format!("dLocal captures in the authorization's currency ({})", p.currency),
                    ));
                }
                if amount.minor_amount > p.minor_amount {
                    return Err(SidecarError::invalid_field(
                        "request.amountToCapture.minorAmount",
                        format!("more than was authorized ({} {})", p.minor_amount, p.currency),
                    ));
                }
            }
            (Some(super::requests::dlocal_amount(amount, "request.amountToCapture")?), Some(amount.currency.clone()))
        }
        // "If not included, the capture will be for the total amount of the authorization."
        None => (None, None),
    };
    let order = match r.merchant_capture_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => Some(order_id(id, "request.merchantCaptureId")?),
        None => None,
    };
    let body = DlocalCaptureRequest { authorization_id, amount, currency, order_id: order };
    signed(HttpMethod::POST, "/payments", json(&body, false), auth, ctx)
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = PaymentReading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: false,
        refused: PaymentStatus::CaptureFailed,
        what: "dLocal refused the capture",
    };
    let mut result = responses::parse_payment(response, &how)?;
    // The capture answers with its own payment id; the authorization stays the one to refund.
    if result.status == PaymentStatus::Charged {
        result.connector_transaction_id = Some(r.connector_transaction_id.trim().to_string());
    }
    Ok(result)
}

pub fn build_void(r: &VoidRequest, auth: &DlocalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let path = format!("/payments/{}/cancel", payment_id(&r.connector_transaction_id)?);
    signed(HttpMethod::POST, &path, None, auth, ctx)
}

pub fn parse_void(r: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let how = PaymentReading {
        known_id: Some(r.connector_transaction_id.trim()),
        read_only: false,
        refused: PaymentStatus::VoidFailed,
        what: "dLocal refused to cancel the authorization",
    };
    responses::parse_payment(response, &how)
}

pub fn build_refund(r: &RefundRequest, auth: &DlocalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let payment = crate::protocol::required(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let body = DlocalRefundRequest::from_unified(r, payment)?;
    signed(HttpMethod::POST, "/refunds", json(&body, false), auth, ctx)
}

pub fn parse_refund(_: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, false, None)
}

pub fn build_rsync(r: &RsyncRequest, auth: &DlocalAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(&r.connector_refund_id, "request.connectorRefundId", "dLocal")?;
    signed(HttpMethod::GET, &format!("/refunds/{id}"), None, auth, ctx)
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, true, Some(r.connector_refund_id.trim()))
}

//! PayPal Express Checkout through Authorize.Net (the API reference's "PayPal Express Checkout"
//! calls: createTransactionRequest with `payment.payPal`). Two transactions make one payment:
//!
//! 1. `authorize` → authOnlyTransaction (manual capture) or authCaptureTransaction with
//!    `payPal {successUrl, cancelUrl}` (both `returnUrl`). Authorize.Net answers responseCode 5
//!    ("Need payer consent", reason 2000) with a transId and
//!    `secureAcceptance.SecureAcceptanceUrl`, PayPal's page with the checkout token: the result is
//!    `authentication_pending` with that page as `redirection` (GET) and a `redirect` nextAction.
//! 2. PayPal sends the shopper back to `returnUrl` with `token` and `PayerID` in the query (without
//!    PayerID when the shopper cancelled). `completeAuthorize` with that query as
//!    `redirectPayload` → authOnlyContinueTransaction (manual) or authCaptureContinueTransaction
//!    with `refTransId` (the authorize result's connectorTransactionId) and `payPal.payerID`;
//!    Authorize.Net answers as for a card (responseCode 1: authorized / charged), with the same transId.
//!
//! Then the transaction is Authorize.Net's like any other: priorAuthCaptureTransaction captures an
//! authorization, voidTransaction voids it, getTransactionDetails reports it, and
//! refundTransaction refunds it once settled with `refTransId` and the amount alone (the API
//! reference's PayPal "Credit": no card digits, so results of PayPal transactions carry
//! `state.accountType` `PayPal` instead of `cardLastFour`).

use super::requests::{PayPal, Payment};
use crate::protocol::{AuthorizeRequest, CaptureMethod, CompleteAuthorizeRequest, ConnectorState, SidecarError};

/// The key of a result's `state` that names Authorize.Net's `accountType` for a PayPal
/// transaction, so that its refund is sent without card digits.
pub const ACCOUNT_TYPE: &str = "accountType";
/// Authorize.Net's `accountType` of a PayPal transaction.
pub const PAYPAL: &str = "PayPal";
/// successUrl and cancelUrl: at most 2048 characters (payPalType).
pub const MAX_URL: usize = 2048;
/// payerID: at most 255 characters (payPalType).
pub const MAX_PAYER_ID: usize = 255;
/// The names PayPal's return to `returnUrl` may carry the payer id under: PayPal's own query
/// parameter, and Authorize.Net's element name for it.
const PAYER_ID_KEYS: [&str; 2] = ["PayerID", "payerID"];

/// `payPal {successUrl, cancelUrl}` for authorize. PayPal sends the shopper to successUrl after
/// approving and to cancelUrl after cancelling; both are `returnUrl`, where the presence of
/// `PayerID` tells the two apart (the protocol has one return URL).
pub fn express_checkout(r: &AuthorizeRequest) -> Result<Payment, SidecarError> {
    let url = r.return_url.as_deref().map(str::trim).filter(|u| !u.is_empty()).ok_or_else(|| {
        SidecarError::missing_field(
            "request.returnUrl",
            "PayPal Express Checkout on Authorize.Net sends the shopper to PayPal and back: Authorize.Net requires the \
             successUrl and cancelUrl PayPal returns them to",
        )
    })?;
    if url.chars().count() > MAX_URL || !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace) {
        return Err(SidecarError::invalid_field(
            "request.returnUrl",
            format!("Authorize.Net takes PayPal's successUrl and cancelUrl as absolute http(s) URLs of at most {MAX_URL} characters"),
        ));
    }
    Ok(Payment::PayPal(PayPal { success_url: Some(url.to_string()), cancel_url: Some(url.to_string()), payer_id: None }))
}

/// The `state` of a result for a transaction Authorize.Net reports with this `accountType`:
/// `accountType: PayPal` for a PayPal transaction, None for any other.
pub fn paypal_state(account_type: Option<&str>) -> Option<ConnectorState> {
    (account_type == Some(PAYPAL)).then(|| ConnectorState::from([(ACCOUNT_TYPE.to_string(), PAYPAL.to_string())]))
}

/// Whether a request's `state` names a PayPal transaction.
pub fn is_paypal(state: Option<&ConnectorState>) -> bool {
    state.and_then(|s| s.get(ACCOUNT_TYPE)).map(|t| t.trim()) == Some(PAYPAL)
}

/// The payer id PayPal returned the shopper with, from `redirectPayload`.
pub fn payer_id(r: &CompleteAuthorizeRequest) -> Result<String, SidecarError> {
    let payload = r.redirect_payload.as_ref();
    let found = PAYER_ID_KEYS.iter().find_map(|k| payload.and_then(|p| p.get(*k)).map(|v| (*k, v.trim())));
    let (key, id) = match found {
        Some((key, id)) if !id.is_empty() => (key, id),
        _ => {
            return Err(SidecarError::missing_field(
                "request.redirectPayload.PayerID",
                "Authorize.Net continues a PayPal Express Checkout transaction with the PayerID PayPal adds to the \
                 return URL's query when the shopper approves; pass that query as redirectPayload (a return without \
                 PayerID is a shopper who cancelled: there is nothing to complete)",
            ))
        }
    };
    // PayPal's payer ids are letters and digits (13 of them); anything else is not one.
    if id.chars().count() > MAX_PAYER_ID || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(SidecarError::invalid_field(
            &format!("request.redirectPayload.{key}"),
            format!("not a PayPal payer id (letters and digits, at most {MAX_PAYER_ID})"),
        ));
    }
    Ok(id.to_string())
}

/// authOnlyContinueTransaction (manual capture) or authCaptureContinueTransaction. The capture
/// method must be the authorize's (the continue finishes that transaction): the authorize
/// result's `state.captureMethod` says which it was.
pub fn continue_type(r: &CompleteAuthorizeRequest) -> Result<&'static str, SidecarError> {
    use crate::kit::state::{remembered_capture, remembers_capture};
    if remembers_capture(r.state.as_ref()) && remembered_capture(r.state.as_ref()) != r.capture_method {
        return Err(SidecarError::invalid_field(
            "request.captureMethod",
            "differs from the authorize's (state.captureMethod): Authorize.Net continues an authOnlyTransaction with \
             authOnlyContinueTransaction (captureMethod manual) and an authCaptureTransaction with \
             authCaptureContinueTransaction (automatic)"
                .into(),
        ));
    }
    Ok(match r.capture_method {
        CaptureMethod::Manual => "authOnlyContinueTransaction",
        CaptureMethod::Automatic => "authCaptureContinueTransaction",
    })
}

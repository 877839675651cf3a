//! Square (issue 12): revokeMandate → DisableCard, `POST /v2/cards/{card_id}/disable` (no body):
//! "Disables the card, preventing any further updates or charges. Disabling an already disabled
//! card is allowed but has no effect." The answer is the card with `enabled: false`.
//! incrementalAuthorization → UpdatePayment (below).
//! https://developer.squareup.com/reference/square/cards-api/disable-card

use super::flows::{http, required_key};
use super::requests::{SquareMoney, SquarePaymentUpdate, SquareUpdatePayment};
use super::responses::{error_info, parse_payment, PaymentCall, SquareEnvelope};
use super::{SquareAuth, SQUARE_VERSION};
use crate::connectors::{path_id, Context};
use crate::protocol::{
    HttpMethod, HttpRequest, HttpResponse, IncrementalAuthorizationRequest, MandateResult, MandateStatus, PaymentResult,
    RevokeMandateRequest, SidecarError,
};

pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    // Card ids are `ccof:...`: a colon is a path character (RFC 3986 pchar), kept as Square writes it.
    let card = path_id(r.mandate_reference.trim(), "request.mandateReference", "Square")?.replace("%3A", ":");
    Ok(HttpRequest::new(HttpMethod::POST, format!("{}/v2/cards/{card}/disable", ctx.base_url()))
        .secret_header("Authorization", format!("Bearer {}", auth.access_token.expose()))
        .header("Square-Version", SQUARE_VERSION))
}

pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    let status = response.status;
    let body: Option<SquareEnvelope> = if status >= 500 { response.json().ok() } else { Some(response.json()?) };
    if response.is_success() {
        let card = body.and_then(|b| b.card).ok_or_else(|| SidecarError::undeserializable(status, &response.body, "a success without the `card`"))?;
        if card.enabled != Some(false) {
            return Err(SidecarError::undeserializable(status, &response.body, "DisableCard answered a card that is not disabled"));
        }
        let mut result = MandateResult::new(MandateStatus::Revoked, status);
        result.mandate_reference = card.id.filter(|i| !i.is_empty()).or_else(|| Some(r.mandate_reference.trim().to_string()));
        return Ok(result);
    }
    let errors = body.map(|b| b.errors).unwrap_or_default();
    let mut result = MandateResult::new(MandateStatus::Failure, status);
    result.error = Some(error_info(status, &errors, "disable the card"));
    Ok(result)
}

// ---------- incrementalAuthorization ----------

/// UpdatePayment, `PUT /v2/payments/{payment_id}` with `{idempotency_key, payment: {amount_money}}`:
/// "Updates a payment with the APPROVED status. You can update the `amount_money` and
/// `tip_money`." `amount_money` is the payment's new amount, so it takes the new total:
/// `paymentAmount + additionalAmount` (paymentAmount required, as for Stripe and Adyen).
/// Raising it needs the payment's `capabilities` to include EDIT_AMOUNT_UP; Square answers a
/// payment that does not allow it with an error, read as `failure` (the earlier authorization
/// stands). https://developer.squareup.com/reference/square/payments-api/update-payment
pub fn build_incremental_authorization(r: &IncrementalAuthorizationRequest, auth: &SquareAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Square")?;
    if let Some(paid) = &r.payment_amount {
        if !paid.currency.eq_ignore_ascii_case(&r.additional_amount.currency) {
            return Err(SidecarError::invalid_field(
                "request.additionalAmount.currency",
                format!(
                    "Square's amount_money has one currency: the payment is in {}, the increment in {}",
                    paid.currency, r.additional_amount.currency
                ),
            ));
        }
    }
    if r.additional_amount.minor_amount <= 0 {
        return Err(SidecarError::invalid_field(
            "request.additionalAmount.minorAmount",
            "an incremental authorization adds a positive amount".into(),
        ));
    }
    // Each amount must itself be one Square can take (currency, exponent); then the total.
    SquareMoney::from_unified(&r.additional_amount, "request.additionalAmount")?;
    let total = r.new_total("Square")?;
    let amount_money = SquareMoney::from_unified(&total, "request.paymentAmount")?;
    let key = required_key(
        r.idempotency_key.as_deref(),
        "Square requires an idempotency_key on every UpdatePayment; give a key that is the same on \
         every retry of this increment (and new for the next one)",
    )?;
    let body = SquareUpdatePayment { idempotency_key: key, payment: SquarePaymentUpdate { amount_money } };
    Ok(http(HttpMethod::PUT, format!("{}/v2/payments/{id}", ctx.base_url()), auth).json_body(&body, false))
}

/// The payment as UpdatePayment answers it: APPROVED (authorized) with `amount_money` the new
/// total (authorizedAmount). A refusal (a decline such as INSUFFICIENT_FUNDS, AMOUNT_TOO_HIGH, or a
/// payment no longer APPROVED) is `failure` with Square's error.
pub fn parse_incremental_authorization(r: &IncrementalAuthorizationRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    parse_payment(response, PaymentCall::Update, Some(r.connector_transaction_id.trim()))
}

//! Authorize.Net (issue 12): revokeMandate → `deleteCustomerPaymentProfileRequest` (CIM): the
//! saved card is a customer payment profile, named by its customerProfileId (setupMandate's
//! `connectorCustomerId`) and customerPaymentProfileId (its `mandateReference`). The answer is the
//! usual `messages`: resultCode Ok (I00001) when deleted, Error with E00040 "The record cannot be
//! found." when the profile does not exist.
//! https://developer.authorize.net/api/reference/index.html#customer-profiles-delete-customer-payment-profile
//!
//! createSession → `getHostedPaymentPageRequest` (Accept Hosted): the transaction the hosted form
//! will run (authOnly / authCapture from `captureMethod`, amount, invoiceNumber =
//! `merchantTransactionId`, customer, billTo) and `hostedPaymentSettings` (return and cancel URLs
//! from `returnUrl`, the card / bank account forms from `paymentMethodTypes`). The answer's form
//! token is `clientToken` (a credential) and `redirection`: a POST of the field `token` to the
//! hosted form (test.authorize.net in sandbox, accept.authorize.net in production). Accept Hosted
//! gives no transaction id before the shopper pays: the payment is found by its invoiceNumber
//! (the return URL, or a webhook, carries its transId to psync).
//! https://developer.authorize.net/api/reference/features/accept-hosted.html

use super::mapping::message_code;
use super::flows::ref_id;
use super::requests::{hosted_settings, numeric_id, HostedPaymentPageEnvelope, HostedPaymentPageRequest, MerchantAuthentication, TransactionRequest};
use super::responses::{self, Messages, HOSTED_PAGE_PRODUCTION, HOSTED_PAGE_SANDBOX};
use super::AuthorizeDotNetAuth;
use crate::connectors::Context;
use crate::protocol::{
    CreateSessionRequest, Environment, ErrorInfo, HttpMethod, HttpRequest, HttpResponse, MandateResult, MandateStatus,
    RevokeMandateRequest, SessionMode, SessionResult, SidecarError, UnifiedErrorCode,
};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct DeleteCustomerPaymentProfileEnvelope {
    #[serde(rename = "deleteCustomerPaymentProfileRequest")]
    request: DeleteCustomerPaymentProfileRequest,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeleteCustomerPaymentProfileRequest {
    merchant_authentication: MerchantAuthentication,
    customer_profile_id: String,
    customer_payment_profile_id: String,
}

pub fn build_revoke_mandate(r: &RevokeMandateRequest, auth: &AuthorizeDotNetAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let customer = r
        .customer
        .as_ref()
        .and_then(|c| c.connector_customer_id.as_deref())
        .filter(|id| !id.trim().is_empty())
        .ok_or_else(|| {
            SidecarError::missing_field(
                "request.customer.connectorCustomerId",
                "Authorize.Net deletes a payment profile of a customer profile: pass the setupMandate result's \
                 connectorCustomerId (customerProfileId) with the mandateReference (customerPaymentProfileId)",
            )
        })?;
    let body = DeleteCustomerPaymentProfileEnvelope {
        request: DeleteCustomerPaymentProfileRequest {
            merchant_authentication: auth.merchant(),
            customer_profile_id: numeric_id(customer, "request.customer.connectorCustomerId", "customerProfileId")?,
            customer_payment_profile_id: numeric_id(&r.mandate_reference, "request.mandateReference", "customerPaymentProfileId")?,
        },
    };
    // Sensitive: merchantAuthentication carries the Transaction Key.
    Ok(HttpRequest::new(HttpMethod::POST, ctx.base_url().to_string()).json_body(&body, true))
}

#[derive(Deserialize)]
struct DeleteResponse {
    #[serde(default)]
    messages: Messages,
}

pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    let status = response.status;
    // Authorize.Net's JSON starts with a byte order mark.
    let text = response.body.trim_start_matches('\u{feff}');
    let parsed: Option<DeleteResponse> = if status >= 500 {
        serde_json::from_str(text).ok()
    } else {
        Some(serde_json::from_str(text).map_err(|_| SidecarError::undeserializable(status, &response.body, "Authorize.Net's JSON answer"))?)
    };
    let Some(env) = parsed else {
        let mut result = MandateResult::new(MandateStatus::Failure, status);
        result.error = Some(ErrorInfo {
            code: UnifiedErrorCode::ProcessorUnavailable,
            message: format!("Authorize.Net could not delete the payment profile (HTTP {status})"),
            connector_code: None,
            connector_message: None,
            decline_code: None,
            advice_code: None,
            decline_type: None,
        });
        return Ok(result);
    };
    let first = env.messages.message.first();
    let code = first.and_then(|m| m.code.clone());
    if env.messages.result_code.as_deref() == Some("Ok") {
        let mut result = MandateResult::new(MandateStatus::Revoked, status);
        result.mandate_reference = Some(r.mandate_reference.trim().to_string());
        result.connector_status = code;
        return Ok(result);
    }
    let text = first.and_then(|m| m.text.clone());
    let mut result = MandateResult::new(MandateStatus::Failure, status);
    result.connector_status = env.messages.result_code.clone();
    result.error = Some(ErrorInfo {
        code: code.as_deref().map(message_code).unwrap_or(UnifiedErrorCode::ProcessingError),
        message: format!(
            "Authorize.Net could not delete the payment profile: {}{}",
            code.as_deref().unwrap_or("no message code"),
            text.as_deref().map(|t| format!(" ({t})")).unwrap_or_default()
        ),
        connector_code: code,
        connector_message: text,
        decline_code: None,
        advice_code: None,
        decline_type: None,
    });
    Ok(result)
}

pub fn build_create_session(r: &CreateSessionRequest, auth: &AuthorizeDotNetAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if r.mode == SessionMode::Setup {
        return Err(SidecarError::invalid_field(
            "request.mode",
            "an Accept Hosted form token is for a transaction (authCaptureTransaction or authOnlyTransaction); Authorize.Net \
             saves a card without a payment through CIM: use setupMandate"
                .into(),
        ));
    }
    if r.setup_future_usage.is_some() {
        return Err(SidecarError::invalid_field(
            "request.setupFutureUsage",
            "Authorize.Net saves cards as CIM profiles, with nothing charged: use setupMandate".into(),
        ));
    }
    if r.apple_pay_merchant_validation.is_some() {
        return Err(SidecarError::payment_method_not_supported(
            "Authorize.Net's API has no Apple Pay merchant validation call: the merchant validates with Apple using its own \
             certificate and sends the payment token to authorize",
        )
        .with_field("request.applePayMerchantValidation"));
    }
    let return_url = crate::kit::text::present(&r.return_url);
    let body = HostedPaymentPageEnvelope {
        get_hosted_payment_page_request: HostedPaymentPageRequest {
            merchant_authentication: auth.merchant(),
            ref_id: ref_id(r.idempotency_key.as_deref()),
            transaction_request: TransactionRequest::session(r)?,
            hosted_payment_settings: hosted_settings(return_url, r.payment_method_types.as_deref())?,
        },
    };
    // Sensitive: merchantAuthentication carries the Transaction Key.
    Ok(HttpRequest::new(HttpMethod::POST, ctx.base_url().to_string()).json_body(&body, true))
}

pub fn parse_create_session(_: &CreateSessionRequest, response: &HttpResponse, ctx: &Context) -> Result<SessionResult, SidecarError> {
    let page = match ctx.options.environment {
        Environment::Sandbox => HOSTED_PAGE_SANDBOX,
        Environment::Production => HOSTED_PAGE_PRODUCTION,
    };
    responses::parse_session(response, page)
}

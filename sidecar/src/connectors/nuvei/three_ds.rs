//! The 3-D Secure Nuvei runs itself (its "Server-to-Server REST 1.0" flow), asked for with
//! `threeDs.mode: challenge` on a card. Nuvei's calls, and how each maps onto the unified flows:
//!
//! 1. `authorize` → `/initPayment.do`: the card, the shopper's `userTokenId` and
//!    `threeD.methodNotificationUrl` (the returnUrl). Nuvei answers an `InitAuth3D` transaction
//!    with `threeD.v2supported`, `version`, and the issuer's 3DS Method page (`methodUrl`,
//!    `methodPayload`). The result is `authentication_pending`: a redirection (POST
//!    `threeDSMethodData` to methodUrl, in a hidden iframe) when there is a Method page, and
//!    `state.nuvei3ds: payment`.
//! 2. `authorize` again, the same request with that state → `/payment.do` with
//!    `relatedTransactionId` (the InitAuth3D) and the card, now with its `threeD` block
//!    (`methodCompletionInd`, `version`, `notificationURL`, `merchantURL`, `platformType`,
//!    `browserDetails`, `v2AdditionalParams.challengePreference`). Nuvei's /payment takes the
//!    card again at each step, and completeAuthorize carries none: so this step is an authorize.
//!    `APPROVED` (frictionless) ends it; `REDIRECT` with `threeD.acsUrl` and `cReq` is the
//!    challenge: `authentication_pending` with the redirection (POST `creq` to acsUrl) and
//!    `state.nuvei3ds: liabilityShift`.
//! 3. `completeAuthorize` once the shopper is back from the challenge → `/payment.do` with
//!    `relatedTransactionId` (the challenged payment), the liability-shift payment. It names the
//!    card by the `userPaymentOptionId` Nuvei saved under the userTokenId at step 2 (Nuvei takes
//!    "card details or userTokenId + userPaymentOptionId"), so no card travels in `state`.
//!
//! Every step uses the one session token (one order per session): it travels in `state.accessToken`.
//! The field names are the official Java SDK's (oracles/nuvei/java-sdk: ThreeD, BrowserDetails,
//! InitPaymentThreeD, ThreeDResponse, and its initPayment/payment samples).

use super::requests::{
    amount, client_request_id, payment_option, timestamp, BrowserDetails, PaymentOption, PaymentParts, PaymentRequest, ThreeD, V2AdditionalParams,
    INIT_PAYMENT_FIELDS, PAYMENT_FIELDS,
};
use super::responses::{self, Reading, STATE_SESSION_TOKEN};
use super::NuveiAuth;
use crate::connectors::Context;
use crate::kit::text::present;
use crate::protocol::{
    AuthorizeRequest, CaptureMethod, CompleteAuthorizeRequest, ConnectorState, ErrorInfo, HttpRequest, HttpResponse, NextAction, NextActionType,
    PaymentMethod, PaymentResult, PaymentStatus, RedirectMethod, Redirection, SidecarError, UnifiedErrorCode as U,
};
use std::collections::BTreeMap;

/// `state.nuvei3ds`: the step that continues Nuvei's 3-D Secure.
pub const STATE_STEP: &str = "nuvei3ds";
/// After /initPayment: authorize again (the /payment with the threeD block).
pub const STEP_PAYMENT: &str = "payment";
/// After a challenged /payment: completeAuthorize (the liability-shift /payment).
pub const STEP_LIABILITY_SHIFT: &str = "liabilityShift";
/// The transaction the next /payment names as relatedTransactionId.
pub const STATE_RELATED: &str = "nuvei3dsTransactionId";
pub const STATE_VERSION: &str = "nuvei3dsVersion";
/// "Y" when initPayment gave a 3DS Method page to run, else "U".
pub const STATE_METHOD: &str = "nuvei3dsMethod";
/// The liability-shift payment's own fields, from the authorize request of step 2.
pub const STATE_UPO: &str = "nuvei3dsUserPaymentOptionId";
pub const STATE_USER: &str = "nuvei3dsUserTokenId";
pub const STATE_AMOUNT: &str = "nuvei3dsAmount";
pub const STATE_CURRENCY: &str = "nuvei3dsCurrency";
pub const STATE_TYPE: &str = "nuvei3dsTransactionType";
pub const STATE_REFERENCE: &str = "nuvei3dsClientUniqueId";

/// Whether this authorize runs Nuvei's own 3-D Secure.
pub fn runs(r: &AuthorizeRequest) -> bool {
    r.three_ds.mode == crate::protocol::ThreeDsMode::Challenge
}

fn step(state: &ConnectorState) -> Option<&str> {
    state.get(STATE_STEP).map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn transaction_type(c: CaptureMethod) -> &'static str {
    match c {
        CaptureMethod::Manual => "Auth",
        CaptureMethod::Automatic => "Sale",
    }
}

fn state_field(name: &str) -> String {
    format!("request.state.{name}")
}

/// A value the earlier step put in `state`.
fn from_state<'a>(state: &'a ConnectorState, key: &str, why: &str) -> Result<&'a str, SidecarError> {
    state.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()).ok_or_else(|| SidecarError::missing_field(&state_field(key), why))
}

fn digits<'a>(value: &'a str, field: &str) -> Result<&'a str, SidecarError> {
    if value.len() > 20 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SidecarError::invalid_field(field, "not a Nuvei transactionId (digits only)".into()));
    }
    Ok(value)
}

/// Steps 1 and 2 (authorize).
pub fn build(r: &AuthorizeRequest, auth: &NuveiAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    if !matches!(r.payment_method, PaymentMethod::Card(_)) {
        return Err(SidecarError::invalid_field(
            "request.threeDs.mode",
            "Nuvei runs its 3-D Secure (initPayment, then /payment with the threeD block) on card details: use mode auto or skip with this payment method".into(),
        ));
    }
    if r.three_ds.external.is_some() {
        return Err(SidecarError::invalid_field(
            "request.threeDs.external",
            "an external 3-D Secure result (externalMpi) and a challenge Nuvei runs exclude each other: give one".into(),
        ));
    }
    let user = r.customer.as_ref().and_then(|c| present(&c.id)).ok_or_else(|| {
        SidecarError::missing_field(
            "request.customer.id",
            "Nuvei's liability-shift /payment after the challenge names the card by the userPaymentOptionId Nuvei saves under the shopper's userTokenId: give customer.id",
        )
    })?;
    if user.len() > 255 {
        return Err(SidecarError::invalid_field("request.customer.id", "Nuvei's userTokenId is at most 255 characters".into()));
    }
    let return_url = present(&r.return_url).ok_or_else(|| {
        SidecarError::missing_field("request.returnUrl", "Nuvei's 3-D Secure posts the 3DS Method's and the challenge's answers to it (methodNotificationUrl, notificationURL)")
    })?;
    let token = r.state.get(STATE_SESSION_TOKEN).map(|t| t.trim()).filter(|t| !t.is_empty()).ok_or_else(|| {
        SidecarError::missing_field(
            "request.state.accessToken",
            "Nuvei's initPayment and /payment take a session token: run the createAccessToken flow (getSessionToken) first and pass its \
             result's state in request.state (the client does this by itself)",
        )
    })?;
    let ts = timestamp(ctx)?;
    let money = amount(&r.amount, "request.amount", false)?;
    let reference = crate::protocol::required(&r.merchant_transaction_id, "request.merchantTransactionId")?;
    let mut option = payment_option(&r.payment_method, r.billing_address.as_ref(), r.customer.as_ref())?;
    let ip = r.browser_info.as_ref().and_then(|b| present(&b.ip_address));
    let (method, related, about_step, fields) = match step(&r.state) {
        None => {
            // 1. /initPayment.
            if let Some(card) = option.card.as_mut() {
                card.three_d = Some(ThreeD { method_notification_url: Some(return_url), ..Default::default() });
            }
            ("initPayment", None, "initPayment", INIT_PAYMENT_FIELDS)
        }
        Some(STEP_PAYMENT) => {
            // 2. /payment with the threeD block.
            let related = digits(from_state(&r.state, STATE_RELATED, "the InitAuth3D transactionId of the initPayment result: pass that result's state")?, &state_field(STATE_RELATED))?;
            let browser = r.browser_info.as_ref();
            fn need<'v>(v: Option<&'v str>, field: &str) -> Result<&'v str, SidecarError> {
                v.ok_or_else(|| SidecarError::missing_field(field, "Nuvei's 3-D Secure /payment sends the shopper's browser (threeD.browserDetails: acceptHeader, ip, userAgent)"))
            }
            let accept = need(browser.and_then(|b| present(&b.accept_header)), "request.browserInfo.acceptHeader")?;
            let agent = need(browser.and_then(|b| present(&b.user_agent)), "request.browserInfo.userAgent")?;
            let ip = need(ip, "request.browserInfo.ipAddress")?;
            let b = browser.expect("checked above");
            let details = BrowserDetails {
                accept_header: accept,
                ip,
                java_enabled: b.java_enabled.map(|j| if j { "TRUE" } else { "FALSE" }),
                java_script_enabled: b.javascript_enabled.map(|j| if j { "TRUE" } else { "FALSE" }),
                language: present(&b.language),
                color_depth: b.color_depth.map(|d| d.to_string()),
                screen_height: b.screen_height.map(|h| h.to_string()),
                screen_width: b.screen_width.map(|w| w.to_string()),
                time_zone: b.time_zone_offset.map(|z| z.to_string()),
                user_agent: agent,
            };
            if let Some(card) = option.card.as_mut() {
                card.three_d = Some(ThreeD {
                    method_completion_ind: Some(if r.state.get(STATE_METHOD).is_some_and(|m| m == "Y") { "Y" } else { "U" }),
                    version: r.state.get(STATE_VERSION).map(|v| v.trim()).filter(|v| !v.is_empty()),
                    notification_url: Some(return_url),
                    merchant_url: Some(return_url),
                    platform_type: Some("02"),
                    browser_details: Some(details),
                    v2_additional_params: Some(V2AdditionalParams { challenge_preference: "01", challenge_window_size: "05" }),
                    ..Default::default()
                });
            }
            ("payment", Some(related), "payment3d", PAYMENT_FIELDS)
        }
        Some(STEP_LIABILITY_SHIFT) => {
            return Err(SidecarError::invalid_field(
                &state_field(STATE_STEP),
                "the challenge is done: run completeAuthorize with this state (Nuvei's liability-shift /payment), not authorize".into(),
            ))
        }
        Some(_) => return Err(SidecarError::invalid_field(&state_field(STATE_STEP), "not a Nuvei 3-D Secure step: pass the state the last result gave".into())),
    };
    // Each call of the chain is its own request for Nuvei: its own clientRequestId.
    let key = r.idempotency_key.as_ref().and_then(|k| present(&Some(k.clone())).map(|k| format!("{k}-{about_step}")));
    let about = [about_step, reference, &money, &r.amount.currency];
    let parts = PaymentParts {
        session_token: token,
        client_request_id: client_request_id(key.as_ref(), ctx, &about, &ts),
        client_unique_id: reference,
        amount: money.clone(),
        currency: &r.amount.currency,
        user_token_id: Some(user),
        transaction_type: (method == "payment").then(|| transaction_type(r.capture_method)),
        related_transaction_id: related,
        is_rebilling: None,
        payment_option: option,
        billing: r.billing_address.as_ref(),
        shipping: r.shipping_address.as_ref(),
        customer: r.customer.as_ref(),
        ip_address: ip,
        notification_url: present(&r.webhook_url),
        return_url: None,
        payer_phone: None,
        time_stamp: ts,
    };
    let url = format!("{}/ppp/api/v1/{method}.do", ctx.base_url());
    Ok(HttpRequest::new(crate::protocol::HttpMethod::POST, url)
        .header("Content-Type", "application/json")
        .json_body(&PaymentRequest::signed(auth, parts, fields), true))
}

fn failed(code: U, message: String) -> ErrorInfo {
    ErrorInfo { code, message, connector_code: None, connector_message: None, decline_code: None, advice_code: None, decline_type: None }
}

fn paying() -> Reading<'static> {
    Reading { refused: PaymentStatus::Failure, what: "Nuvei refused the payment request", failed: "Nuvei declined the payment", asked: "the payment", known_id: None }
}

/// The redirection of a 3-D Secure page: a form POSTed to `url` (the browser's iframe or window).
fn page(url: String, field: &str, value: String, response: &HttpResponse) -> Result<(Redirection, NextAction), SidecarError> {
    if !url.starts_with("https://") && !url.starts_with("http://") {
        return Err(SidecarError::undeserializable(response.status, "", "Nuvei's 3-D Secure page is not an http(s) URL"));
    }
    let mut next = NextAction::new(NextActionType::Redirect);
    next.url = Some(url.clone());
    Ok((Redirection { url, method: RedirectMethod::POST, form: Some(BTreeMap::from([(field.to_string(), value)])) }, next))
}

/// Steps 1 and 2's answers (authorize).
pub fn parse(r: &AuthorizeRequest, response: &HttpResponse) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_payment(response, &paying())?;
    let (three_d, upo) = responses::three_d_of(response);
    let token = r.state.get(STATE_SESSION_TOKEN).cloned().unwrap_or_default();
    let mut state = ConnectorState::from([(STATE_SESSION_TOKEN.to_string(), token)]);
    match step(&r.state) {
        None => {
            // initPayment: an APPROVED InitAuth3D is the start of 3-D Secure, not a payment.
            if result.error.is_some() || result.connector_status.as_deref().map(str::to_ascii_uppercase).as_deref() != Some("APPROVED") {
                return Ok(result);
            }
            let three_d = three_d.unwrap_or_default();
            if !three_d.supports_v2() {
                result.status = PaymentStatus::AuthenticationFailed;
                result.error = Some(failed(
                    U::AuthenticationFailed,
                    "Nuvei's initPayment answered v2supported false: the card does not take 3-D Secure 2 through Nuvei; pay without mode challenge, or authenticate it elsewhere (threeDs.external)".into(),
                ));
                return Ok(result);
            }
            result.status = PaymentStatus::AuthenticationPending;
            result.mandate_reference = None;
            let id = result.connector_transaction_id.clone().ok_or_else(|| SidecarError::undeserializable(response.status, "", "Nuvei's initPayment answer has no transactionId"))?;
            state.insert(STATE_STEP.into(), STEP_PAYMENT.into());
            state.insert(STATE_RELATED.into(), id);
            if let Some(v) = crate::kit::text::present_owned(&three_d.version) {
                state.insert(STATE_VERSION.into(), v);
            }
            let method = crate::kit::text::present_owned(&three_d.method_url).zip(crate::kit::text::present_owned(&three_d.method_payload));
            state.insert(STATE_METHOD.into(), if method.is_some() { "Y" } else { "U" }.into());
            if let Some((url, payload)) = method {
                let (redirection, next) = page(url, "threeDSMethodData", payload, response)?;
                result.redirection = Some(redirection);
                result.next_action = Some(next);
            }
            result.state = Some(state);
        }
        Some(_) => {
            // The /payment with the threeD block: APPROVED (frictionless) is the payment;
            // REDIRECT is the issuer's challenge.
            if result.status != PaymentStatus::AuthenticationPending {
                return Ok(result);
            }
            let three_d = three_d.unwrap_or_default();
            let (Some(acs), Some(creq)) = (crate::kit::text::present_owned(&three_d.acs_url), crate::kit::text::present_owned(&three_d.c_req)) else {
                return Err(SidecarError::undeserializable(response.status, "", "Nuvei's REDIRECT answer has no threeD.acsUrl and cReq"));
            };
            let (redirection, next) = page(acs, "creq", creq, response)?;
            result.redirection = Some(redirection);
            result.next_action = Some(next);
            let id = result.connector_transaction_id.clone().ok_or_else(|| SidecarError::undeserializable(response.status, "", "Nuvei's REDIRECT answer has no transactionId"))?;
            state.insert(STATE_STEP.into(), STEP_LIABILITY_SHIFT.into());
            state.insert(STATE_RELATED.into(), id);
            if let Some(upo) = upo {
                state.insert(STATE_UPO.into(), upo);
            }
            if let Some(user) = r.customer.as_ref().and_then(|c| present(&c.id)) {
                state.insert(STATE_USER.into(), user.to_string());
            }
            state.insert(STATE_AMOUNT.into(), amount(&r.amount, "request.amount", false)?);
            state.insert(STATE_CURRENCY.into(), r.amount.currency.clone());
            state.insert(STATE_TYPE.into(), transaction_type(r.capture_method).into());
            state.insert(STATE_REFERENCE.into(), r.merchant_transaction_id.trim().to_string());
            result.state = Some(state);
        }
    }
    Ok(result)
}

/// Step 3 (completeAuthorize): the liability-shift /payment.
pub fn build_complete(r: &CompleteAuthorizeRequest, auth: &NuveiAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let state = r.state.as_ref().ok_or_else(|| {
        SidecarError::missing_field("request.state", "Nuvei's liability-shift /payment continues a challenged payment: pass the state of the authorize result that asked for the challenge")
    })?;
    match step(state) {
        Some(STEP_LIABILITY_SHIFT) => {}
        Some(STEP_PAYMENT) => {
            return Err(SidecarError::invalid_field(
                &state_field(STATE_STEP),
                "after initPayment Nuvei's next /payment carries the card again with the shopper's browser details: run authorize again with the same request and this state".into(),
            ))
        }
        _ => {
            return Err(SidecarError::missing_field(
                &state_field(STATE_STEP),
                "Nuvei completes only its own 3-D Secure challenge here (the liability-shift /payment): pass the state of the authorize result that asked for the challenge",
            ))
        }
    }
    let related = digits(from_state(state, STATE_RELATED, "the challenged payment's transactionId")?, &state_field(STATE_RELATED))?;
    let given = r.connector_transaction_id.trim();
    if !given.is_empty() && given != related {
        return Err(SidecarError::invalid_field("request.connectorTransactionId", "not the challenged payment of this state".into()));
    }
    let token = from_state(state, STATE_SESSION_TOKEN, "the session token of the challenged payment (Nuvei's 3-D Secure calls share one session)")?;
    let upo = from_state(
        state,
        STATE_UPO,
        "Nuvei's liability-shift /payment names the card again, by its details or by the userPaymentOptionId the challenged /payment saved; its answer gave none, and the card does not travel in state",
    )?;
    let user = from_state(state, STATE_USER, "the userTokenId the card was saved under")?;
    let money = from_state(state, STATE_AMOUNT, "the challenged payment's amount")?;
    let currency = from_state(state, STATE_CURRENCY, "the challenged payment's currency")?;
    if let Some(m) = &r.amount {
        if m.currency != currency || amount(m, "request.amount", false)? != money {
            return Err(SidecarError::invalid_field("request.amount", format!("Nuvei's liability-shift /payment is for the challenged amount, {money} {currency}")));
        }
    }
    let kind = match from_state(state, STATE_TYPE, "Auth or Sale, as the challenged payment")? {
        "Auth" => "Auth",
        "Sale" => "Sale",
        _ => return Err(SidecarError::invalid_field(&state_field(STATE_TYPE), "Nuvei's transactionType here is Auth or Sale".into())),
    };
    let reference = state.get(STATE_REFERENCE).map(|s| s.trim()).filter(|s| !s.is_empty()).or_else(|| present(&r.merchant_transaction_id)).unwrap_or(related);
    let ts = timestamp(ctx)?;
    let about = ["liabilityShift", related, money, currency];
    let parts = PaymentParts {
        session_token: token,
        client_request_id: client_request_id(r.idempotency_key.as_ref(), ctx, &about, &ts),
        client_unique_id: reference,
        amount: money.to_string(),
        currency,
        user_token_id: Some(user),
        transaction_type: Some(kind),
        related_transaction_id: Some(related),
        is_rebilling: None,
        payment_option: PaymentOption { user_payment_option_id: Some(upo), ..Default::default() },
        billing: None,
        shipping: None,
        customer: None,
        ip_address: None,
        notification_url: None,
        return_url: None,
        payer_phone: None,
        time_stamp: ts,
    };
    let url = format!("{}/ppp/api/v1/payment.do", ctx.base_url());
    Ok(HttpRequest::new(crate::protocol::HttpMethod::POST, url).header("Content-Type", "application/json").json_body(&PaymentRequest::new(auth, parts), false))
}

/// Step 3's answer: the payment, APPROVED or DECLINED.
pub fn parse_complete(r: &CompleteAuthorizeRequest, response: &HttpResponse) -> Result<PaymentResult, SidecarError> {
    let related = r.state.as_ref().and_then(|s| s.get(STATE_RELATED)).map(String::as_str);
    let how = Reading { known_id: related, ..paying() };
    let mut result = responses::parse_payment(response, &how)?;
    if result.status == PaymentStatus::AuthenticationPending {
        // Another challenge after the liability shift is not a step Nuvei documents.
        result.status = PaymentStatus::Unresolved;
        result.error = Some(failed(U::ProcessingError, "Nuvei answered the liability-shift /payment with REDIRECT again: sync the payment (psync) to learn its outcome".into()));
    }
    Ok(result)
}

//! 3-D Secure run by Cybersource's Payer Authentication service (REST, the "authentication and
//! authorization combined" integration), asked for with `threeDs.mode: challenge` on a card.
//! Cybersource's calls, and how each maps onto the unified flows:
//!
//! 1. `authorize` → Setup `POST /risk/v1/authentication-setups` with the card. Cybersource answers
//!    COMPLETED with `consumerAuthenticationInformation {accessToken, deviceDataCollectionUrl,
//!    referenceId}`. The result is `authentication_pending`: the device data collection form
//!    (POST `JWT` = accessToken to deviceDataCollectionUrl, in a hidden iframe) and
//!    `state {cybersource3ds: enroll, referenceId}`.
//! 2. `authorize` again, the same request with that state → Process a Payment `POST
//!    /pts/v2/payments` with `processingInformation.actionList: ["CONSUMER_AUTHENTICATION"]` and
//!    `consumerAuthenticationInformation {referenceId, returnUrl, challengeCode: "04"}` (04:
//!    challenge requested, mandate: what `challenge` asks for). A frictionless authentication is
//!    authorized in this call (AUTHORIZED); a challenge answers 201 PENDING_AUTHENTICATION with
//!    `stepUpUrl`, `accessToken` and `authenticationTransactionId`: `authentication_pending` with
//!    the step-up form (POST `JWT` = accessToken to stepUpUrl) and `state {cybersource3ds:
//!    validate, authenticationTransactionId}`. The issuer's page then posts the shopper back to
//!    `returnUrl`.
//! 3. `authorize` again with that state → Process a Payment with `actionList:
//!    ["VALIDATE_CONSUMER_AUTHENTICATION"]` and `consumerAuthenticationInformation
//!    {authenticationTransactionId}`: validation and authorization in one call, AUTHORIZED or
//!    DECLINED (CONSUMER_AUTHENTICATION_FAILED: `authentication_failed`).
//!
//! Every step takes the card again (the setup, the enrollment check and the validation each
//! require `paymentInformation.card`; Cybersource's "Required Fields for Validating Payer
//! Authentication"), and completeAuthorize carries no payment method: so every step is an
//! `authorize`, as Nuvei's 3-D Secure is, and no card data travels in `state`.

use super::requests::{card_type, reference, Authentication, ClientReferenceInformation, CreatePayment};
use crate::kit::card::{validate_card, CardBrand};
use crate::kit::text::present_owned;
use crate::protocol::{
    AuthorizeRequest, ConnectorState, HttpResponse, NextAction, NextActionType, PaymentMethod, PaymentResult, PaymentStatus, RedirectMethod,
    Redirection, SidecarError, ThreeDsMode,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `state.cybersource3ds`: the Payer Authentication step the next authorize runs.
pub const STATE_STEP: &str = "cybersource3ds";
/// After the setup: the enrollment check combined with the authorization.
pub const STEP_ENROLL: &str = "enroll";
/// After a challenge: the validation combined with the authorization.
pub const STEP_VALIDATE: &str = "validate";
/// The setup's referenceId: names the device data the front end collected.
pub const STATE_REFERENCE_ID: &str = "referenceId";
/// The enrollment check's authenticationTransactionId: names the challenge to validate.
pub const STATE_AUTHENTICATION_TRANSACTION_ID: &str = "authenticationTransactionId";

/// `consumerAuthenticationInformation.challengeCode` 04: "Challenge requested (mandate)".
const CHALLENGE_MANDATED: &str = "04";

/// The Payer Authentication step an authorize request is at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Setup,
    Enroll { reference_id: String },
    Validate { authentication_transaction_id: String },
}

fn state_value(state: &ConnectorState, key: &str) -> Result<String, SidecarError> {
    present_owned(&state.get(key).cloned()).ok_or_else(|| {
        SidecarError::missing_field(
            &format!("request.state.{key}"),
            "the previous Payer Authentication step's result gave it in state: pass that state back unchanged",
        )
    })
}

/// None: this authorize does not run Payer Authentication.
pub fn step(r: &AuthorizeRequest) -> Result<Option<Step>, SidecarError> {
    if r.three_ds.mode != ThreeDsMode::Challenge {
        return Ok(None);
    }
    if !matches!(r.payment_method, PaymentMethod::Card(_)) {
        return Err(SidecarError::invalid_field(
            "request.threeDs.mode",
            "the Cybersource connector runs Payer Authentication (threeDs.mode challenge) for cards; for this payment \
             method send the result of an authentication done elsewhere as threeDs.external, or send auto"
                .into(),
        ));
    }
    if r.three_ds.external.is_some() {
        return Err(SidecarError::invalid_field(
            "request.threeDs.external",
            "threeDs.mode challenge runs Cybersource's Payer Authentication; an authentication done elsewhere is sent \
             as threeDs.external without mode challenge"
                .into(),
        ));
    }
    Ok(Some(match r.state.get(STATE_STEP).map(|s| s.trim()) {
        None | Some("") => Step::Setup,
        Some(STEP_ENROLL) => Step::Enroll { reference_id: state_value(&r.state, STATE_REFERENCE_ID)? },
        Some(STEP_VALIDATE) => {
            Step::Validate { authentication_transaction_id: state_value(&r.state, STATE_AUTHENTICATION_TRANSACTION_ID)? }
        }
        Some(_) => {
            return Err(SidecarError::invalid_field(
                &format!("request.state.{STATE_STEP}"),
                format!("not a Payer Authentication step of this connector ({STEP_ENROLL} or {STEP_VALIDATE})"),
            ))
        }
    }))
}

/// Payer Authentication Setup: `POST /risk/v1/authentication-setups` (PayerAuthSetupRequest).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Setup {
    pub client_reference_information: ClientReferenceInformation,
    pub payment_information: SetupPaymentInformation,
}

#[derive(Debug, Serialize)]
pub struct SetupPaymentInformation {
    pub card: SetupCard,
}

/// The setup's card (Riskv1authenticationsetupsPaymentInformationCard): no security code.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetupCard {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    pub expiration_month: String,
    pub expiration_year: String,
    pub number: String,
}

impl Setup {
    pub fn from_unified(r: &AuthorizeRequest) -> Result<Self, SidecarError> {
        let PaymentMethod::Card(card) = &r.payment_method else {
            unreachable!("step() admits cards only")
        };
        validate_card(card, "request.paymentMethod.card")?;
        Ok(Setup {
            client_reference_information: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
            payment_information: SetupPaymentInformation {
                card: SetupCard {
                    kind: card_type(CardBrand::detect(card.number.expose())),
                    expiration_month: card.exp_month.clone(),
                    expiration_year: card.exp_year.clone(),
                    number: card.number.expose().to_string(),
                },
            },
        })
    }
}

/// `consumerAuthenticationInformation` of the enrollment check or the validation.
#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PayerAuthentication {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_transaction_id: Option<String>,
}

/// The authorization of step 2 or 3: the ordinary Process a Payment body with the Payer
/// Authentication action and its fields.
pub fn payment(r: &AuthorizeRequest, step: &Step) -> Result<CreatePayment, SidecarError> {
    let mut body = CreatePayment::authorize(r)?;
    let (action, auth) = match step {
        Step::Setup => unreachable!("the setup is its own call"),
        Step::Enroll { reference_id } => {
            let return_url = present_owned(&r.return_url).ok_or_else(|| {
                SidecarError::missing_field(
                    "request.returnUrl",
                    "Cybersource's issuer challenge posts the shopper back to consumerAuthenticationInformation.returnUrl",
                )
            })?;
            if !return_url.starts_with("https://") && !return_url.starts_with("http://") {
                return Err(SidecarError::invalid_field("request.returnUrl", "an absolute http(s) URL".into()));
            }
            (
                "CONSUMER_AUTHENTICATION",
                PayerAuthentication {
                    reference_id: Some(reference_id.clone()),
                    return_url: Some(return_url),
                    challenge_code: Some(CHALLENGE_MANDATED),
                    authentication_transaction_id: None,
                },
            )
        }
        Step::Validate { authentication_transaction_id } => (
            "VALIDATE_CONSUMER_AUTHENTICATION",
            PayerAuthentication { authentication_transaction_id: Some(authentication_transaction_id.clone()), ..Default::default() },
        ),
    };
    body.processing_information.action_list = Some(vec![action]);
    body.consumer_authentication_information = Some(Authentication::PayerAuthentication(auth));
    Ok(body)
}

/// The Payer Authentication fields of an answer (setup, or a payment answering
/// PENDING_AUTHENTICATION).
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Answer {
    id: Option<String>,
    status: Option<String>,
    consumer_authentication_information: Option<AnswerInformation>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct AnswerInformation {
    access_token: Option<String>,
    device_data_collection_url: Option<String>,
    reference_id: Option<String>,
    step_up_url: Option<String>,
    authentication_transaction_id: Option<String>,
}

/// The front end's form: `JWT` = the access token, posted (in an iframe) to the page.
fn pending(mut result: PaymentResult, url: String, jwt: String, state: ConnectorState, response: &HttpResponse) -> Result<PaymentResult, SidecarError> {
    if !url.starts_with("https://") && !url.starts_with("http://") {
        return Err(SidecarError::undeserializable(response.status, &response.body, "a Payer Authentication page that is not an http(s) URL"));
    }
    let mut next = NextAction::new(NextActionType::Redirect);
    next.url = Some(url.clone());
    result.status = PaymentStatus::AuthenticationPending;
    result.redirection = Some(Redirection { url, method: RedirectMethod::POST, form: Some(BTreeMap::from([("JWT".to_string(), jwt)])) });
    result.next_action = Some(next);
    result.state = Some(state);
    // Cybersource labels a pending authentication with a reason (CONSUMER_AUTHENTICATION_REQUIRED):
    // it is the next step, not a failure.
    result.error = None;
    Ok(result)
}

/// Reads the setup's answer: COMPLETED is the device data collection to run; FAILED or an error
/// body is a failed payment (`failed` reads it as an ordinary payment answer, for its error).
pub fn parse_setup(response: &HttpResponse, failed: impl FnOnce() -> Result<PaymentResult, SidecarError>) -> Result<PaymentResult, SidecarError> {
    if !response.is_success() {
        return failed();
    }
    let a: Answer = response.json()?;
    if a.status.as_deref() != Some("COMPLETED") {
        let mut result = failed()?;
        // FAILED: the setup was refused (e.g. Payer Authentication not enabled); nothing was
        // authorized.
        if a.status.as_deref() == Some("FAILED") {
            result.status = PaymentStatus::Failure;
        }
        return Ok(result);
    }
    let info = a.consumer_authentication_information.unwrap_or_default();
    let (Some(url), Some(jwt), Some(reference_id)) =
        (present_owned(&info.device_data_collection_url), present_owned(&info.access_token), present_owned(&info.reference_id))
    else {
        return Err(SidecarError::undeserializable(
            response.status,
            &response.body,
            "a COMPLETED setup without deviceDataCollectionUrl, accessToken and referenceId",
        ));
    };
    let mut result = PaymentResult::new(PaymentStatus::AuthenticationPending, response.status);
    result.connector_status = a.status;
    result.connector_transaction_id = present_owned(&a.id);
    let state = BTreeMap::from([(STATE_STEP.to_string(), STEP_ENROLL.to_string()), (STATE_REFERENCE_ID.to_string(), reference_id)]);
    pending(result, url, jwt, state, response)
}

/// Completes the reading of the enrollment check's or the validation's answer (`result` is the
/// ordinary payment reading of it): PENDING_AUTHENTICATION becomes the step-up form and the state
/// of the validation; a validation the issuer refused is `authentication_failed`.
pub fn finish_payment(result: PaymentResult, response: &HttpResponse, step: &Step) -> Result<PaymentResult, SidecarError> {
    if result.status == PaymentStatus::AuthenticationPending && matches!(step, Step::Enroll { .. }) {
        let a: Answer = response.json()?;
        let info = a.consumer_authentication_information.unwrap_or_default();
        let (Some(url), Some(jwt), Some(id)) =
            (present_owned(&info.step_up_url), present_owned(&info.access_token), present_owned(&info.authentication_transaction_id))
        else {
            return Err(SidecarError::undeserializable(
                response.status,
                &response.body,
                "a PENDING_AUTHENTICATION answer without stepUpUrl, accessToken and authenticationTransactionId",
            ));
        };
        let state =
            BTreeMap::from([(STATE_STEP.to_string(), STEP_VALIDATE.to_string()), (STATE_AUTHENTICATION_TRANSACTION_ID.to_string(), id)]);
        return pending(result, url, jwt, state, response);
    }
    let mut result = result;
    if result.status == PaymentStatus::AuthenticationPending {
        // A validation cannot ask for another challenge: an answer we cannot place.
        result.status = PaymentStatus::Unresolved;
    }
    if result.status == PaymentStatus::Failure
        && result.error.as_ref().and_then(|e| e.connector_code.as_deref()) == Some("CONSUMER_AUTHENTICATION_FAILED")
    {
        result.status = PaymentStatus::AuthenticationFailed;
    }
    Ok(result)
}

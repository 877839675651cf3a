//! Cybersource: REST Payments API (`/pts/v2`) and Transaction Details API (`/tss/v2`), JSON
//! bodies, HTTP Signature authentication with a shared secret key.
//! https://developer.cybersource.com/api-reference-assets/index.html
//!
//! - Authentication: every request carries `v-c-merchant-id`, `Date` (RFC 7231, from
//!   `options.now` when given, so vectors are deterministic), `Host`, for a POST
//!   `Digest: SHA-256=<base64 sha256(body)>`, and `Signature: keyid="<apiKeyId>",
//!   algorithm="HmacSHA256", headers="host date request-target [digest] v-c-merchant-id",
//!   signature="<base64 HMAC-SHA256(base64decode(sharedSecret), signing string)>"`. The signing
//!   string is `name: value` lines in that order; `request-target` is written without the
//!   parentheses (Cybersource stopped accepting `(request-target)` in 2024). The pieces that are
//!   not Cybersource's own live in kit::http_signature.
//! - `authorize` → Process a Payment `POST /pts/v2/payments`, `processingInformation.capture`
//!   true for automatic capture (a sale). A `card` (with `card.type` from its brand) or a Flex
//!   transient token (`token`, from Microform or Unified Checkout: `tokenInformation
//!   .transientTokenJwt`). Cybersource requires the billing address and email
//!   (`orderInformation.billTo`): a missing field is refused before sending. The shipping address
//!   (`shipTo`), the shopper's device (`deviceInformation`: IP address, browser) and the
//!   statement descriptor (`merchantInformation.merchantDescriptor.name`, ≤ 23) go when given.
//! - `psync` → Retrieve a Transaction `GET /tss/v2/transactions/{id}`: the services run on the
//!   transaction (`ics_auth`, `ics_bill`, `ics_auth_reversal`, `ics_void`) say its state. A
//!   capture or a reversal is a transaction of its own, so capture and void results carry its id
//!   in `state` (`captureId`, `reversalId`); psync given that state reads the latest one. A
//!   transaction becomes searchable there a little after it was made; until then it answers 404
//!   (reported `unresolved` with NotFound: ask again).
//! - `capture` → Capture a Payment `POST /pts/v2/payments/{id}/captures` (partial captures are
//!   native: the amount is sent). The result keeps the payment's id.
//! - `void` → Process an Authorization Reversal `POST /pts/v2/payments/{id}/reversals`: it
//!   releases the hold on the card holder's funds. (`/voids` cancels a capture or refund that has
//!   not settled yet; it does not release an authorization.) The reversal takes the authorized
//!   amount, so `void` requires `amount`.
//! - `refund` → Refund a Payment `POST /pts/v2/payments/{id}/refunds` (partial refunds are native;
//!   the id is the payment's). `rsync` → Transaction Details of the refund's id (`ics_credit`).
//! - Idempotency: Cybersource's REST API takes no idempotency key. Its duplicate check compares
//!   the merchant reference code (`clientReferenceInformation.code`) of recent requests and
//!   answers DUPLICATE_REQUEST (→ DuplicateTransaction). So `idempotencyKey` is not sent; the
//!   reference code is the merchantTransactionId (authorize, capture, void) or merchantRefundId
//!   (refund). After a lost answer, psync (or rsync) tells whether the call was taken.
//! - Amounts: `totalAmount` is a decimal string in the currency's ISO 4217 decimals, converted
//!   exactly from minor units (kit::money::decimal_string), and read back the same way.
//! - `setupMandate` → Process a Payment with `processingInformation.actionList: ["TOKEN_CREATE"]`:
//!   a customer-initiated authorization (zero amount for a plain card check, or the amount given;
//!   never captured) with `authorizationOptions.initiator {type: customer, credentialStoredOnFile:
//!   true}` that creates Token Management Service tokens in the same call. `actionTokenTypes` is
//!   `[customer, paymentInstrument]`, or `[paymentInstrument]` under the customer token the caller
//!   names (`customer.connectorCustomerId`, sent as `paymentInformation.customer.id`). The
//!   result's `mandateReference` is the payment instrument token, `connectorCustomerId` the
//!   customer token, `networkTransactionId` the scheme's id of this first payment.
//! - `repeatPayment` → Process a Payment on `paymentInformation.paymentInstrument.id` (the
//!   mandate; the instrument holds card and billing address), merchant-initiated:
//!   `initiator {type: merchant, storedCredentialUsed: true, merchantInitiatedTransaction {reason:
//!   "10" (unscheduled credential on file), previousTransactionId}}`, the previous id being the
//!   caller's `networkTransactionId` when given (TMS keeps it with the token otherwise).
//! - `createCustomer` → Create a Customer `POST /tms/v2/customers` (`buyerInformation
//!   {merchantCustomerID, email}`): a TMS customer token that setupMandate saves cards under.
//! - Webhooks: see webhooks.rs (`v-c-signature`, HMAC-SHA256 with the digital signature key).
//! - Not in this version: payer authentication (3DS).

mod mapping;
mod requests;
mod responses;
#[cfg(test)]
mod tests;
mod webhooks;

use super::{decode_auth, path_id, required, AuthField, Connector, ConnectorInfo, Context, Environments, UnsupportedFlow};
use crate::kit::crypto::base64_decode;
use crate::kit::http_signature::{header_list, hmac_sha256_signature, host_and_path, request_target, sha256_digest_header, signing_string};
use crate::kit::time::{http_date, now_unix};
use crate::protocol::{
    Flow, FlowRequest, FlowResult, HttpMethod, HttpRequest, HttpResponse, IncomingWebhook, Secret, SidecarError, WebhookResult,
};
use responses::PaymentCall;
use serde::Deserialize;
use serde_json::Value;

pub struct Cybersource;

static INFO: ConnectorInfo = ConnectorInfo {
    name: "cybersource",
    display_name: "Cybersource",
    flows: &[
        Flow::Authorize,
        Flow::Psync,
        Flow::Capture,
        Flow::Void,
        Flow::Refund,
        Flow::Rsync,
        Flow::CreateCustomer,
        Flow::SetupMandate,
        Flow::RepeatPayment,
    ],
    unsupported_flows: &[
        UnsupportedFlow {
            flow: Flow::CreateAccessToken,
            reason: "Cybersource signs every request with the shared secret key (HTTP Signature); there is no access \
                     token to obtain",
        },
        UnsupportedFlow {
            flow: Flow::CompleteAuthorize,
            reason: "3-D Secure runs through Cybersource's separate Payer Authentication service (setup, enrollment \
                     check, validation), which this version of the connector does not implement",
        },
    ],
    webhooks: true,
    payment_methods: &["card", "token"],
    auth_fields: &[
        AuthField { name: "merchantId", required: true, description: "the Cybersource merchant ID (organization ID); sent as v-c-merchant-id" },
        AuthField {
            name: "apiKeyId",
            required: true,
            description: "the key serial number (key ID) of the shared secret key, from the Business Center's Key Management",
        },
        AuthField {
            name: "sharedSecret",
            required: true,
            description: "the shared secret key (base64, as the Business Center shows it); signs every request with HMAC-SHA256",
        },
    ],
    environments: Environments { sandbox: "https://apitest.cybersource.com", production: "https://api.cybersource.com" },
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CybersourceAuth {
    merchant_id: String,
    api_key_id: Secret,
    shared_secret: Secret,
}

struct Signer {
    merchant_id: String,
    key_id: String,
    key: Vec<u8>,
}

impl Signer {
    fn parse(auth: Value) -> Result<Self, SidecarError> {
        let a: CybersourceAuth = decode_auth(auth)?;
        let merchant_id = required(&a.merchant_id, "auth.merchantId")?.to_string();
        let key_id = required(a.api_key_id.expose(), "auth.apiKeyId")?.to_string();
        // The key is used decoded: signing with its base64 text would be refused by Cybersource
        // as "Authentication Failed" with no hint why.
        let key = base64_decode(a.shared_secret.expose())
            .filter(|k| !k.is_empty())
            .ok_or_else(|| SidecarError::invalid_field("auth.sharedSecret", "the shared secret key must be base64, as the Business Center shows it".into()))?;
        Ok(Signer { merchant_id, key_id, key })
    }

    /// The request with Cybersource's HTTP Signature headers. `body` is the exact JSON text sent:
    /// the digest is over these bytes.
    fn request(&self, method: HttpMethod, url: String, body: Option<(String, bool)>, ctx: &Context) -> Result<HttpRequest, SidecarError> {
        let (host, path) = host_and_path(&url)
            .ok_or_else(|| SidecarError::invalid_field("options.baseUrl", "the base URL must be absolute (https://host)".into()))?;
        let host = host.to_string();
        let method_name = match method {
            HttpMethod::GET => "GET",
            HttpMethod::POST => "POST",
            HttpMethod::PUT => "PUT",
            HttpMethod::PATCH => "PATCH",
            HttpMethod::DELETE => "DELETE",
        };
        let target = request_target(method_name, path);
        let date = http_date(now_unix(ctx.options)?);
        let digest = body.as_ref().map(|(data, _)| sha256_digest_header(data.as_bytes()));
        let mut components: Vec<(&str, &str)> = vec![("host", &host), ("date", &date), ("request-target", &target)];
        if let Some(d) = &digest {
            components.push(("digest", d));
        }
        components.push(("v-c-merchant-id", &self.merchant_id));
        let signature = format!(
            "keyid=\"{}\", algorithm=\"HmacSHA256\", headers=\"{}\", signature=\"{}\"",
            self.key_id,
            header_list(&components),
            hmac_sha256_signature(&self.key, &signing_string(&components))
        );
        let mut request = HttpRequest::new(method, url.clone())
            .header("v-c-merchant-id", self.merchant_id.clone())
            .header("Date", date.clone())
            .header("Host", host.clone());
        if let Some(d) = digest {
            request = request.header("Digest", d);
        }
        request = request.secret_header("Signature", signature);
        if let Some((data, sensitive)) = body {
            request = request.body("application/json", data, sensitive);
        }
        Ok(request)
    }
}

fn json(body: &impl serde::Serialize) -> String {
    serde_json::to_string(body).expect("request types always serialize")
}

impl Connector for Cybersource {
    fn info(&self) -> &'static ConnectorInfo {
        &INFO
    }

    fn build_request(&self, request: &FlowRequest, auth: Value, ctx: &Context) -> Result<HttpRequest, SidecarError> {
        let signer = Signer::parse(auth)?;
        let base = ctx.base_url();
        match request {
            FlowRequest::Authorize(r) => {
                let body = requests::CreatePayment::authorize(r)?;
                // The body carries the card number and CVC.
                signer.request(HttpMethod::POST, format!("{base}/pts/v2/payments"), Some((json(&body), true)), ctx)
            }
            FlowRequest::Psync(r) => {
                // A later reversal or capture is its own transaction: read the latest one the
                // caller knows of (capture and void results leave its id in `state`).
                let (id, field) = match latest_follow_up(r.state.as_ref()) {
                    Some((key, id)) => (id, format!("request.state.{key}")),
                    None => (r.connector_transaction_id.as_str(), "request.connectorTransactionId".to_string()),
                };
                let id = path_id(id, &field, "Cybersource")?;
                signer.request(HttpMethod::GET, format!("{base}/tss/v2/transactions/{id}"), None, ctx)
            }
            FlowRequest::Capture(r) => {
                let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Cybersource")?;
                let code = reference_for(r.merchant_capture_id.as_deref(), r.merchant_transaction_id.as_deref(), &r.connector_transaction_id);
                let body = requests::AmountOnPayment::new(
                    requests::reference(&code, "request.merchantCaptureId")?,
                    &r.amount_to_capture,
                    "request.amountToCapture",
                )?;
                if let Some(held) = &r.payment_amount {
                    if held.currency == r.amount_to_capture.currency && r.amount_to_capture.minor_amount > held.minor_amount {
                        return Err(SidecarError::invalid_field(
                            "request.amountToCapture.minorAmount",
                            format!("cannot capture {} when {} was authorized", r.amount_to_capture.minor_amount, held.minor_amount),
                        ));
                    }
                }
                signer.request(HttpMethod::POST, format!("{base}/pts/v2/payments/{id}/captures"), Some((json(&body), false)), ctx)
            }
            FlowRequest::Void(r) => {
                let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Cybersource")?;
                let amount = r.amount.as_ref().ok_or_else(|| {
                    SidecarError::missing_field(
                        "request.amount",
                        "Cybersource's authorization reversal takes the amount to release: give the authorized amount",
                    )
                })?;
                let code = reference_for(None, r.merchant_transaction_id.as_deref(), &r.connector_transaction_id);
                let body = requests::Reversal {
                    client_reference_information: requests::reference(&code, "request.merchantTransactionId")?,
                    reversal_information: requests::ReversalInformation {
                        amount_details: requests::AmountDetails::from_unified(amount, "request.amount")?,
                        reason: r.reason.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string),
                    },
                };
                signer.request(HttpMethod::POST, format!("{base}/pts/v2/payments/{id}/reversals"), Some((json(&body), false)), ctx)
            }
            FlowRequest::Refund(r) => {
                let id = path_id(&r.connector_transaction_id, "request.connectorTransactionId", "Cybersource")?;
                let body = requests::AmountOnPayment::new(
                    requests::reference(&r.merchant_refund_id, "request.merchantRefundId")?,
                    &r.refund_amount,
                    "request.refundAmount",
                )?;
                signer.request(HttpMethod::POST, format!("{base}/pts/v2/payments/{id}/refunds"), Some((json(&body), false)), ctx)
            }
            FlowRequest::Rsync(r) => {
                let id = path_id(&r.connector_refund_id, "request.connectorRefundId", "Cybersource")?;
                signer.request(HttpMethod::GET, format!("{base}/tss/v2/transactions/{id}"), None, ctx)
            }
            FlowRequest::SetupMandate(r) => {
                let body = requests::CreatePayment::setup_mandate(r)?;
                // The body carries the card number and CVC.
                signer.request(HttpMethod::POST, format!("{base}/pts/v2/payments"), Some((json(&body), true)), ctx)
            }
            FlowRequest::RepeatPayment(r) => {
                let body = requests::CreatePayment::repeat_payment(r)?;
                // A token id, no card data: but the token charges the card, so it is kept out of logs.
                signer.request(HttpMethod::POST, format!("{base}/pts/v2/payments"), Some((json(&body), true)), ctx)
            }
            FlowRequest::CreateCustomer(r) => {
                let body = requests::CreateCustomer::from_unified(r)?;
                // The shopper's email.
                signer.request(HttpMethod::POST, format!("{base}/tms/v2/customers"), Some((json(&body), true)), ctx)
            }
            other => Err(ctx.flow_not_supported(other.flow())),
        }
    }

    fn parse_response(&self, request: &FlowRequest, _auth: Value, response: &HttpResponse, ctx: &Context) -> Result<FlowResult, SidecarError> {
        match request {
            FlowRequest::Authorize(r) => {
                let capture = matches!(r.capture_method, crate::protocol::CaptureMethod::Automatic);
                responses::parse_payment(response, PaymentCall::Authorize { capture }, None, None).map(FlowResult::Payment)
            }
            FlowRequest::Psync(r) => {
                let mut result = responses::parse_payment_details(response, r.connector_transaction_id.trim())?;
                result.state = r.state.clone().filter(|s| !s.is_empty());
                Ok(FlowResult::Payment(result))
            }
            FlowRequest::Capture(r) => {
                let mut result = responses::parse_payment(
                    response,
                    PaymentCall::Capture,
                    Some(r.connector_transaction_id.trim()),
                    r.payment_amount.as_ref(),
                )?;
                remember(&mut result, r.state.as_ref(), CAPTURE_ID, response);
                Ok(FlowResult::Payment(result))
            }
            FlowRequest::Void(r) => {
                let mut result = responses::parse_payment(response, PaymentCall::Reverse, Some(r.connector_transaction_id.trim()), None)?;
                remember(&mut result, r.state.as_ref(), REVERSAL_ID, response);
                Ok(FlowResult::Payment(result))
            }
            FlowRequest::Refund(_) => responses::parse_refund(response).map(FlowResult::Refund),
            FlowRequest::Rsync(r) => responses::parse_refund_details(response, r.connector_refund_id.trim()).map(FlowResult::Refund),
            FlowRequest::SetupMandate(r) => {
                let caller = r.customer.as_ref().and_then(|c| c.connector_customer_id.as_deref()).map(str::trim);
                responses::parse_setup_mandate(response, caller).map(FlowResult::Payment)
            }
            FlowRequest::RepeatPayment(r) => {
                let capture = matches!(r.capture_method, crate::protocol::CaptureMethod::Automatic);
                responses::parse_payment(response, PaymentCall::Authorize { capture }, None, None).map(FlowResult::Payment)
            }
            FlowRequest::CreateCustomer(_) => responses::parse_customer(response).map(FlowResult::Customer),
            other => Err(ctx.flow_not_supported(other.flow())),
        }
    }

    fn parse_webhook(&self, webhook: &IncomingWebhook, ctx: &Context) -> Result<WebhookResult, SidecarError> {
        webhooks::parse(webhook, ctx.options)
    }
}

/// `state` keys of the follow-up transactions of a payment.
const CAPTURE_ID: &str = "captureId";
const REVERSAL_ID: &str = "reversalId";

/// The follow-up transaction psync should read: a reversal outranks a capture (a captured
/// payment cannot be reversed, so both never succeed).
fn latest_follow_up(state: Option<&crate::protocol::ConnectorState>) -> Option<(&'static str, &str)> {
    let state = state?;
    [REVERSAL_ID, CAPTURE_ID]
        .into_iter()
        .find_map(|k| state.get(k).map(|v| v.trim()).filter(|v| !v.is_empty()).map(|v| (k, v)))
}

/// Keeps the id of a capture or reversal that Cybersource took in the result's `state`, next to
/// what the caller had: the payment's id stays the connectorTransactionId (refunds and further
/// captures are made on it), and psync reads this transaction to see the capture or reversal.
fn remember(result: &mut crate::protocol::PaymentResult, prior: Option<&crate::protocol::ConnectorState>, key: &str, response: &HttpResponse) {
    let mut state = prior.cloned().unwrap_or_default();
    if matches!(
        result.status,
        crate::protocol::PaymentStatus::Charged | crate::protocol::PaymentStatus::PartialCharged | crate::protocol::PaymentStatus::Voided
    ) {
        if let Some(id) = response.json::<Value>().ok().and_then(|b| b.get("id").and_then(Value::as_str).map(str::to_string)) {
            state.insert(key.to_string(), id);
        }
    }
    result.state = (!state.is_empty()).then_some(state);
}

/// The reference code of a follow-up call: the caller's own id for it, else the payment's
/// merchant reference, else the payment's id (so the call is findable in the Business Center).
fn reference_for(own: Option<&str>, merchant: Option<&str>, payment_id: &str) -> String {
    [own, merchant]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or(payment_id.trim())
        .to_string()
}

//! Authorize.Net: the JSON API (`/xml/v1/request.api`), one endpoint for every call, always POST.
//! https://developer.authorize.net/api/reference/index.html
//!
//! - Credentials travel in the body (`merchantAuthentication {name, transactionKey}`), so every
//!   request body is marked `sensitive`, with or without card data.
//! - The JSON API is the XML API underneath: elements must follow the schema's order or the
//!   gateway answers E00003. The request structs declare fields in schema order (requests.rs).
//! - `authorize` → createTransactionRequest `authOnlyTransaction` (manual capture) or
//!   `authCaptureTransaction` (automatic), with a card or an Accept.js nonce (`token` → `payment.opaqueData`, dataDescriptor `COMMON.ACCEPT.INAPP.PAYMENT`). `capture` → `priorAuthCaptureTransaction`
//!   with `refTransId` and the amount (partial captures: a lower amount; one capture per
//!   authorization, the rest is released). `void` → `voidTransaction` (an authorization, or a
//!   capture before the nightly settlement). `refund` → `refundTransaction`, which Authorize.Net
//!   takes only for a settled transaction and only with the card's last four digits
//!   (`payment.creditCard.cardNumber`, expiry `XXXX`): authorize and psync results carry them in
//!   `state.cardLastFour`; pass that `state` on refund. `psync` / `rsync` →
//!   getTransactionDetailsRequest (a refund is its own transaction, with its own transId).
//! - Money: amounts are decimal text with the currency's ISO decimals, at most two (a KWD amount
//!   that is not a multiple of 10 fils is refused, never rounded). `currencyCode` is sent so that
//!   a currency the merchant account does not take is refused (reason 39) instead of charged in
//!   the account's own currency. Response amounts (JSON numbers) are read back exactly.
//! - Idempotency: Authorize.Net has no idempotency key. It refuses a transaction identical to one
//!   in the last two minutes (the duplicate window: same card, amount, type, invoiceNumber,
//!   customer id, address) with reason 11. So `order.invoiceNumber` is the caller's
//!   `merchantTransactionId` (≤ 20 characters, refused when longer, never cut) on authorize, and
//!   `merchantRefundId` on refund: a retry of the same attempt is caught as a duplicate, while two
//!   different partial refunds of the same amount are not. A duplicate answer on authorize is
//!   `unresolved` (the first attempt may have been approved: psync it), never `failure`. The
//!   caller's `idempotencyKey` goes into `refId` (echoed back, ≤ 20 characters; a longer key as
//!   `sha256-` and 13 hex digits of its SHA-256) so that the gateway's logs name the attempt.
//! - Saved cards are Customer Information Manager (CIM) profiles: a customer profile
//!   (customerProfileId) holds payment profiles (customerPaymentProfileId), one per card.
//!   `createCustomer` → createCustomerProfileRequest (merchantCustomerId = `customer.id`,
//!   description, email; no card) → `connectorCustomerId`. `setupMandate` (card, amount 0) →
//!   createCustomerPaymentProfileRequest under `customer.connectorCustomerId` when given, else
//!   createCustomerProfileRequest with the card as its one payment profile, both with
//!   `validationMode` liveMode (a zero-value authorization Authorize.Net voids itself; see
//!   [`requests::validation_mode`] for `state.validationMode`). The mandate is two ids:
//!   `mandateReference` = customerPaymentProfileId and `connectorCustomerId` = customerProfileId,
//!   as the protocol has them (the saved payment method and the customer it lives under).
//!   `repeatPayment` → createTransactionRequest (authOnly / authCapture as `captureMethod` says)
//!   with `profile {customerProfileId, paymentProfile {paymentProfileId}}`, marked
//!   merchant-initiated (`processingOptions.isSubsequentAuth`, and
//!   `subsequentAuthInformation.originalNetworkTransId` from `networkTransactionId` when given).
//!   Its answer carries `accountNumber` (`XXXX1111`) like any card transaction, so its result's
//!   `state.cardLastFour` makes it refundable as usual. CIM calls have no idempotency key (refId
//!   is only echoed); Authorize.Net's duplicate rule (E00039) stands in: a retried createCustomer
//!   or a retried setupMandate under a profile is answered with the profile / payment profile the
//!   first attempt saved, which the results report as done (responses.rs). A retried
//!   repeatPayment meets the transaction duplicate window like authorize (`unresolved`).
//!   Not used: createTransactionRequest with `profile.createProfile: true` (a profile made from a
//!   payment): its profile outcome is a second status inside a payment's answer (a payment
//!   approved while its profile was refused), and it needs a charge; CIM's own calls save a card
//!   with nothing charged, which is what setupMandate means. `setupFutureUsage` on authorize is
//!   therefore refused, pointing at setupMandate.
//! - Not in this version: eCheck, Accept.js opaque data, 3DS.

mod mapping;
mod requests;
mod responses;
mod webhooks;

use super::{decode_auth, required, AuthField, Connector, ConnectorInfo, Context, Environments, UnsupportedFlow};
use crate::kit::crypto::sha256_hex;
use crate::protocol::{
    Flow, FlowRequest, FlowResult, HttpMethod, HttpRequest, HttpResponse, IncomingWebhook, Secret, SidecarError,
    WebhookResult,
};
use crate::kit::idempotency::step_key;
use requests::{
    amount, numeric_id, reference, CreateCustomerPaymentProfileEnvelope, CreateCustomerPaymentProfileRequest,
    CreateCustomerProfileEnvelope, CreateCustomerProfileRequest, CreateTransactionEnvelope, CreateTransactionRequest, CreditCard,
    GetTransactionDetailsEnvelope, GetTransactionDetailsRequest, MerchantAuthentication, Order, Payment, SetupMandate,
    TransactionRequest, MAX_INVOICE_NUMBER, MAX_REF_ID,
};
use responses::{PaymentCall, CARD_LAST_FOUR};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub struct AuthorizeDotNet;

static INFO: ConnectorInfo = ConnectorInfo {
    name: "authorizedotnet",
    display_name: "Authorize.Net",
    flows: &[
        Flow::Authorize,
        Flow::Psync,
        Flow::Capture,
        Flow::Void,
        Flow::Refund,
        Flow::Rsync,
        Flow::SetupMandate,
        Flow::RepeatPayment,
        Flow::CreateCustomer,
    ],
    unsupported_flows: &[
        UnsupportedFlow {
            flow: Flow::CreateAccessToken,
            reason: "Authorize.Net takes the API Login ID and Transaction Key in the body of every request; there is \
                     no access token to fetch",
        },
        UnsupportedFlow {
            flow: Flow::CompleteAuthorize,
            reason: "Authorize.Net card payments have no redirect to complete: the transaction is decided in the one \
                     createTransactionRequest call",
        },
    ],
    webhooks: true,
    payment_methods: &["card", "token"],
    auth_fields: &[
        AuthField {
            name: "apiLoginId",
            required: true,
            description: "API Login ID (Merchant Interface: Account > Settings > API Credentials & Keys); sent as merchantAuthentication.name in the body",
        },
        AuthField {
            name: "transactionKey",
            required: true,
            description: "Transaction Key (same page); sent as merchantAuthentication.transactionKey in the body",
        },
        AuthField {
            name: "signatureKey",
            required: false,
            description: "Signature Key (same page), the key of the X-ANET-Signature HMAC-SHA512 on webhooks; pass it as parseWebhook's secret",
        },
    ],
    environments: Environments {
        sandbox: "https://apitest.authorize.net/xml/v1/request.api",
        production: "https://api.authorize.net/xml/v1/request.api",
    },
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AuthorizeDotNetAuth {
    api_login_id: Secret,
    transaction_key: Secret,
    #[allow(dead_code)]
    signature_key: Option<Secret>,
}

impl AuthorizeDotNetAuth {
    fn parse(auth: Value) -> Result<Self, SidecarError> {
        let a: AuthorizeDotNetAuth = decode_auth(auth)?;
        required(a.api_login_id.expose(), "auth.apiLoginId")?;
        required(a.transaction_key.expose(), "auth.transactionKey")?;
        Ok(a)
    }

    fn merchant(&self) -> MerchantAuthentication {
        MerchantAuthentication::new(&self.api_login_id, &self.transaction_key)
    }
}

/// `refId` for the caller's idempotency key: the key itself when it fits in 20 characters, else
/// `sha256-` and the first 13 hex digits of its SHA-256 (20 characters), so the same key always
/// gives the same refId.
pub fn ref_id(key: Option<&str>) -> Option<String> {
    let key = key.map(str::trim).filter(|k| !k.is_empty())?;
    Some(if key.chars().count() <= MAX_REF_ID { key.to_string() } else { format!("sha256-{}", &sha256_hex(key.as_bytes())[..13]) })
}

/// A transId: Authorize.Net's ids are digits; anything else is refused before it is sent.
fn trans_id(id: &str, field: &str) -> Result<String, SidecarError> {
    numeric_id(id, field, "transId")
}

/// The last four digits of the card a request sends.
fn card_last_four(method: &crate::protocol::PaymentMethod) -> Option<String> {
    match method {
        crate::protocol::PaymentMethod::Card(c) => {
            let n = c.number.expose();
            (n.len() >= 4).then(|| n[n.len() - 4..].to_string())
        }
        _ => None,
    }
}

fn post(url: &str, body: &impl Serialize) -> HttpRequest {
    // Always sensitive: merchantAuthentication (the Transaction Key) is in every body.
    HttpRequest::new(HttpMethod::POST, url.to_string()).json_body(body, true)
}

fn transaction(url: &str, auth: &AuthorizeDotNetAuth, key: Option<&str>, tr: TransactionRequest) -> HttpRequest {
    post(
        url,
        &CreateTransactionEnvelope {
            create_transaction_request: CreateTransactionRequest {
                merchant_authentication: auth.merchant(),
                ref_id: ref_id(key),
                transaction_request: tr,
            },
        },
    )
}

fn details(url: &str, auth: &AuthorizeDotNetAuth, id: String) -> HttpRequest {
    post(
        url,
        &GetTransactionDetailsEnvelope {
            get_transaction_details_request: GetTransactionDetailsRequest { merchant_authentication: auth.merchant(), trans_id: id },
        },
    )
}

impl Connector for AuthorizeDotNet {
    fn info(&self) -> &'static ConnectorInfo {
        &INFO
    }

    fn build_request(&self, request: &FlowRequest, auth: Value, ctx: &Context) -> Result<HttpRequest, SidecarError> {
        let auth = AuthorizeDotNetAuth::parse(auth)?;
        let url = ctx.base_url();
        match request {
            FlowRequest::Authorize(r) => {
                if r.setup_future_usage.is_some() {
                    return Err(SidecarError::invalid_field(
                        "request.setupFutureUsage",
                        "Authorize.Net saves a card as a customer payment profile of its own (Customer Information \
                         Manager), not during this payment: call setupMandate with the card (it is checked with a \
                         zero-value authorization) and charge it with repeatPayment"
                            .into(),
                    ));
                }
                let tr = TransactionRequest::authorize(r)?;
                Ok(transaction(url, &auth, r.idempotency_key.as_deref(), tr))
            }
            FlowRequest::RepeatPayment(r) => {
                let tr = TransactionRequest::repeat(r)?;
                Ok(transaction(url, &auth, r.idempotency_key.as_deref(), tr))
            }
            FlowRequest::CreateCustomer(r) => {
                let profile = requests::customer_profile(r)?;
                Ok(post(
                    url,
                    &CreateCustomerProfileEnvelope {
                        create_customer_profile_request: CreateCustomerProfileRequest {
                            merchant_authentication: auth.merchant(),
                            ref_id: ref_id(step_key(r.idempotency_key.as_deref(), "customer").as_deref()),
                            profile,
                            validation_mode: None,
                        },
                    },
                ))
            }
            FlowRequest::SetupMandate(r) => {
                let ref_id = ref_id(r.idempotency_key.as_deref());
                Ok(match SetupMandate::from_unified(r)? {
                    SetupMandate::NewProfile { profile, validation_mode } => post(
                        url,
                        &CreateCustomerProfileEnvelope {
                            create_customer_profile_request: CreateCustomerProfileRequest {
                                merchant_authentication: auth.merchant(),
                                ref_id,
                                profile,
                                validation_mode: Some(validation_mode),
                            },
                        },
                    ),
                    SetupMandate::AddToProfile { customer_profile_id, payment_profile, validation_mode } => post(
                        url,
                        &CreateCustomerPaymentProfileEnvelope {
                            create_customer_payment_profile_request: CreateCustomerPaymentProfileRequest {
                                merchant_authentication: auth.merchant(),
                                ref_id,
                                customer_profile_id,
                                payment_profile,
                                validation_mode: Some(validation_mode),
                            },
                        },
                    ),
                })
            }
            FlowRequest::Capture(r) => {
                let id = trans_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
                let tr = TransactionRequest {
                    transaction_type: "priorAuthCaptureTransaction",
                    amount: Some(amount(&r.amount_to_capture, "request.amountToCapture")?),
                    ref_trans_id: Some(id),
                    ..Default::default()
                };
                Ok(transaction(url, &auth, r.idempotency_key.as_deref(), tr))
            }
            FlowRequest::Void(r) => {
                let id = trans_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
                let tr = TransactionRequest { transaction_type: "voidTransaction", ref_trans_id: Some(id), ..Default::default() };
                Ok(transaction(url, &auth, r.idempotency_key.as_deref(), tr))
            }
            FlowRequest::Refund(r) => {
                let id = trans_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
                let last_four = r
                    .state
                    .as_ref()
                    .and_then(|s| s.get(CARD_LAST_FOUR))
                    .map(|l| l.trim().to_string())
                    .ok_or_else(|| {
                        SidecarError::missing_field(
                            "request.state.cardLastFour",
                            "Authorize.Net refunds a card transaction only with the card's last four digits; pass the \
                             `state` of the authorize or psync result",
                        )
                    })?;
                if last_four.len() != 4 || !last_four.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(SidecarError::invalid_field(
                        "request.state.cardLastFour",
                        "must be the card's last four digits".into(),
                    ));
                }
                let invoice_number = reference(&r.merchant_refund_id, MAX_INVOICE_NUMBER, "request.merchantRefundId")?;
                let tr = TransactionRequest {
                    transaction_type: "refundTransaction",
                    amount: Some(amount(&r.refund_amount, "request.refundAmount")?),
                    payment: Some(Payment::CreditCard(CreditCard {
                        card_number: last_four,
                        expiration_date: "XXXX".into(),
                        card_code: None,
                    })),
                    ref_trans_id: Some(id),
                    order: Some(Order { invoice_number, description: None }),
                    ..Default::default()
                };
                Ok(transaction(url, &auth, r.idempotency_key.as_deref(), tr))
            }
            FlowRequest::Psync(r) => {
                if let Some(a) = &r.amount {
                    amount(a, "request.amount")?;
                }
                Ok(details(url, &auth, trans_id(&r.connector_transaction_id, "request.connectorTransactionId")?))
            }
            FlowRequest::Rsync(r) => Ok(details(url, &auth, trans_id(&r.connector_refund_id, "request.connectorRefundId")?)),
            other => Err(ctx.flow_not_supported(other.flow())),
        }
    }

    fn parse_response(
        &self,
        request: &FlowRequest,
        _auth: Value,
        response: &HttpResponse,
        ctx: &Context,
    ) -> Result<FlowResult, SidecarError> {
        use crate::protocol::CaptureMethod;
        match request {
            FlowRequest::Authorize(r) => responses::parse_payment(
                response,
                PaymentCall::Authorize { manual: r.capture_method == CaptureMethod::Manual },
                None,
                None,
            )
            .map(FlowResult::Payment),
            FlowRequest::Capture(r) => responses::parse_payment(
                response,
                PaymentCall::Capture,
                Some(r.connector_transaction_id.trim()),
                Some(&r.amount_to_capture),
            )
            .map(FlowResult::Payment),
            FlowRequest::Void(r) => {
                responses::parse_payment(response, PaymentCall::Void, Some(r.connector_transaction_id.trim()), None)
                    .map(FlowResult::Payment)
            }
            FlowRequest::RepeatPayment(r) => responses::parse_payment(
                response,
                PaymentCall::Authorize { manual: r.capture_method == CaptureMethod::Manual },
                None,
                None,
            )
            .map(FlowResult::Payment),
            FlowRequest::CreateCustomer(_) => responses::parse_customer(response).map(FlowResult::Customer),
            FlowRequest::SetupMandate(r) => {
                responses::parse_setup(response, card_last_four(&r.payment_method)).map(FlowResult::Payment)
            }
            FlowRequest::Refund(_) => responses::parse_refund(response).map(FlowResult::Refund),
            FlowRequest::Psync(r) => {
                responses::parse_psync(response, r.connector_transaction_id.trim(), r.amount.as_ref()).map(FlowResult::Payment)
            }
            FlowRequest::Rsync(r) => {
                responses::parse_rsync(response, r.connector_refund_id.trim(), r.refund_amount.as_ref()).map(FlowResult::Refund)
            }
            other => Err(ctx.flow_not_supported(other.flow())),
        }
    }

    fn parse_webhook(&self, webhook: &IncomingWebhook, _ctx: &Context) -> Result<WebhookResult, SidecarError> {
        webhooks::parse(webhook)
    }
}

#[cfg(test)]
mod tests;

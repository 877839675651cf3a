//! Each GP API flow: the call it makes and how its answer is read. Every flow but
//! createAccessToken runs on the bearer token from `request.state.accessToken`.

use super::apm::{provider, BANK_REDIRECT_PROVIDERS, VOUCHER_PROVIDERS, WALLET_REDIRECT_PROVIDERS};
use super::requests::{
    account_name, amount, reference, stored_method_id, tokenization_account_name, AccessTokenRequest, AmountBody, Authentication, CardBody,
    CreatePaymentMethod, CreateTransaction, Notifications, PaymentMethodBody, Sale, StoredCredential,
};
use super::responses::{self, Call};
use super::{GlobalpaymentsAuth, API_VERSION, IDEMPOTENCY_HEADER, STATE_ACCESS_TOKEN};
use crate::connectors::{path_id, Context};
use crate::kit::text::present;
use crate::protocol::{
    AccessTokenResult, AuthorizeRequest, BankDebit, BankDebitMethod, Bnpl, CaptureMethod, CaptureRequest, CompleteAuthorizeRequest, ConnectorState, CreateAccessTokenRequest, HttpMethod, HttpRequest,
    HttpResponse, IncrementalAuthorizationRequest, MandateResult, Money, Options, PaymentMethod, PaymentResult, PaymentStatus,
    PsyncRequest, RefundRequest, RefundResult, RepeatPaymentRequest, ReverseRequest, RevokeMandateRequest, RsyncRequest,
    SetupMandateRequest, SidecarError, ThreeDsMode, VoidRequest,
};

const GP: &str = "GP API";

/// The bearer token from `request.state`. Its value is never quoted in an error.
pub(super) fn access_token(state: Option<&ConnectorState>) -> Result<&str, SidecarError> {
    state.and_then(|s| s.get(STATE_ACCESS_TOKEN)).map(|t| t.trim()).filter(|t| !t.is_empty()).ok_or_else(|| {
        SidecarError::missing_field(
            "request.state.accessToken",
            "GP API takes a bearer token on every call: run the createAccessToken flow first and pass its result's state \
             (accessToken) in request.state until expiresInSeconds runs out",
        )
    })
}

pub(super) fn call(method: HttpMethod, url: String, token: &str, key: Option<&str>) -> HttpRequest {
    let mut req = HttpRequest::new(method, url)
        .secret_header("Authorization", format!("Bearer {token}"))
        .header("X-GP-Version", API_VERSION)
        .header("Accept", "application/json");
    if let Some(k) = key.map(str::trim).filter(|k| !k.is_empty()) {
        req = req.header(IDEMPOTENCY_HEADER, k);
    }
    req
}

fn post(url: String, token: &str, key: Option<&str>, body: &impl serde::Serialize, sensitive: bool) -> HttpRequest {
    call(HttpMethod::POST, url, token, key).json_body(body, sensitive)
}

fn txn_id(id: &str, field: &str) -> Result<String, SidecarError> {
    path_id(id, field, GP)
}

/// The nonce of the access token request: `options.nonce` (printable ASCII, at most 100
/// characters), else the current time as the SDK writes it (`new Date().toISOString()`).
fn nonce(options: &Options) -> Result<String, SidecarError> {
    if let Some(n) = &options.nonce {
        let ok = !n.is_empty() && n.len() <= 100 && n.bytes().all(|b| (0x21..0x7f).contains(&b));
        if !ok {
            return Err(SidecarError::invalid_field("options.nonce", "GP API's nonce here is 1 to 100 printable ASCII characters".into()));
        }
        return Ok(n.clone());
    }
    if options.now.is_some() {
        let secs = crate::kit::time::now_unix(options)?;
        let iso = crate::kit::time::iso8601_utc(secs);
        return Ok(format!("{}.000Z", iso.trim_end_matches('Z')));
    }
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let iso = crate::kit::time::iso8601_utc(now.as_secs() as i64);
    Ok(format!("{}.{:03}Z", iso.trim_end_matches('Z'), now.subsec_millis()))
}

pub fn build_create_access_token(_: &CreateAccessTokenRequest, auth: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let body = AccessTokenRequest::new(auth, nonce(ctx.options)?);
    // The body holds the secret (a hash of the app key): sensitive.
    Ok(HttpRequest::new(HttpMethod::POST, format!("{}/accesstoken", ctx.base_url()))
        .header("X-GP-Version", API_VERSION)
        .header("Accept", "application/json")
        .json_body(&body, true))
}

pub fn parse_create_access_token(_: &CreateAccessTokenRequest, response: &HttpResponse, _: &Context) -> Result<AccessTokenResult, SidecarError> {
    responses::parse_token(response)
}

pub fn build_authorize(r: &AuthorizeRequest, auth: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(Some(&r.state))?;
    if let Some(provider) = apm_provider(&r.payment_method)? {
        return build_apm(r, auth, ctx, token, provider);
    }
    match &r.payment_method {
        PaymentMethod::BankDebit(d) => return build_ach(r, auth, ctx, token, d),
        PaymentMethod::Bnpl(b) => return build_bnpl(r, auth, ctx, token, b),
        _ => {}
    }
    let descriptor = present(&r.statement_descriptor);
    let store = r.setup_future_usage.is_some() && matches!(r.payment_method, PaymentMethod::Card(_));
    let mut pm = PaymentMethodBody::for_payment(&r.payment_method, r.billing_address.as_ref(), descriptor, store)?;
    pm.authentication = three_ds(r)?;
    let mut body = CreateTransaction::sale(sale(r, auth), pm)?;
    if store {
        // The first payment of a series the card is stored for: the shopper is here.
        body.initiator = Some("PAYER");
        body.stored_credential = Some(StoredCredential::new(r.recurring_type, true));
    }
    Ok(post(format!("{}/transactions", ctx.base_url()), token, r.idempotency_key.as_deref(), &body, true))
}

/// GP's APM provider for a local payment method (apm.rs), None for the other payment methods.
fn apm_provider(method: &PaymentMethod) -> Result<Option<&'static str>, SidecarError> {
    let (kind, table, word) = match method {
        PaymentMethod::BankRedirect(b) => {
            if b.blik_code.is_some() {
                return Err(SidecarError::invalid_field(
                    "request.paymentMethod.bankRedirect.blikCode",
                    "GP API's BLIK is a redirect to the shopper's bank page (apm provider blik), which takes no code from the merchant".into(),
                ));
            }
            ("bankRedirect", BANK_REDIRECT_PROVIDERS, b.method.as_str())
        }
        PaymentMethod::WalletRedirect(w) => ("walletRedirect", WALLET_REDIRECT_PROVIDERS, w.method.as_str()),
        PaymentMethod::Voucher(v) => ("voucher", VOUCHER_PROVIDERS, v.method.as_str()),
        // The SDKs' AlternativePaymentType.PAYPAL; completeAuthorize confirms it (apm.rs).
        PaymentMethod::PayPal(_) => return Ok(Some(super::apm::PAYPAL_PROVIDER)),
        _ => return Ok(None),
    };
    provider(table, word).map(Some).ok_or_else(|| {
        SidecarError::payment_method_not_supported(&format!("GP API lists no local payment method (apm provider) for {kind} {word}"))
    })
}

/// The account holder's name GP takes with an APM (`payment_method.name`): the customer's name,
/// else the billing address's first and last name.
fn account_holder(r: &AuthorizeRequest) -> Option<String> {
    if let Some(n) = r.customer.as_ref().and_then(|c| present(&c.name)) {
        return Some(n.to_string());
    }
    let b = r.billing_address.as_ref()?;
    let parts: Vec<&str> = [present(&b.first_name), present(&b.last_name)].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// An APM payment: `payment_method.apm` with the shopper's way back (`returnUrl`, sent as
/// return_url and cancel_url: the merchant's page reads the outcome with psync either way) and the
/// merchant's notification endpoint (`webhookUrl`, sent as status_url). GP answers INITIATED with
/// the provider's page.
fn build_apm(r: &AuthorizeRequest, auth: &GlobalpaymentsAuth, ctx: &Context, token: &str, provider: &'static str) -> Result<HttpRequest, SidecarError> {
    if r.setup_future_usage.is_some() {
        return Err(SidecarError::invalid_field(
            "request.setupFutureUsage",
            "GP API stores cards (POST /payment-methods), not a local payment method: leave setupFutureUsage out".into(),
        ));
    }
    if r.capture_method == CaptureMethod::Manual {
        return Err(SidecarError::invalid_field(
            "request.captureMethod",
            "GP API's local payment methods charge when the shopper pays on the provider's page: there is no authorization to capture later (send automatic)".into(),
        ));
    }
    three_ds(r)?;
    let return_url = present(&r.return_url).ok_or_else(|| {
        SidecarError::missing_field("request.returnUrl", "GP API sends the shopper back from the provider's page to notifications.return_url")
    })?;
    let status_url = present(&r.webhook_url).ok_or_else(|| {
        SidecarError::missing_field("request.webhookUrl", "GP API takes a local payment method only with notifications.status_url, where it POSTs the outcome")
    })?;
    let name = account_holder(r).ok_or_else(|| {
        SidecarError::missing_field(
            "request.customer.name",
            "GP API takes a local payment method with the account holder's name (payment_method.name): give customer.name or the billing address's names",
        )
    })?;
    let mut body = CreateTransaction::sale(sale(r, auth), PaymentMethodBody::apm(provider, name, present(&r.statement_descriptor)))?;
    body.notifications =
        Some(Notifications { return_url: return_url.to_string(), status_url: status_url.to_string(), cancel_url: return_url.to_string() });
    // The shopper's name is personal data.
    Ok(post(format!("{}/transactions", ctx.base_url()), token, r.idempotency_key.as_deref(), &body, true))
}

fn sale<'a>(r: &'a AuthorizeRequest, auth: &'a GlobalpaymentsAuth) -> Sale<'a> {
    Sale {
        account_name: account_name(auth, Some(&r.state)),
        country: auth.country(),
        capture: r.capture_method,
        amount: &r.amount,
        reference: &r.merchant_transaction_id,
        description: present(&r.description),
        ip_address: r.browser_info.as_ref().and_then(|b| present(&b.ip_address)),
    }
}

/// A bank debit that is not an APM: ACH (bank.rs), the SDKs' ECheck charge.
fn build_ach(r: &AuthorizeRequest, auth: &GlobalpaymentsAuth, ctx: &Context, token: &str, d: &BankDebit) -> Result<HttpRequest, SidecarError> {
    if d.method != BankDebitMethod::Ach {
        // check_payment_method refuses these first, from the same declaration.
        return Err(super::bank::refusal(d.method));
    }
    if r.setup_future_usage.is_some() {
        return Err(SidecarError::invalid_field(
            "request.setupFutureUsage",
            "GP API stores cards (POST /payment-methods), not a bank account: leave setupFutureUsage out".into(),
        ));
    }
    no_three_ds(r)?;
    let (pm, payer) = super::bank::ach(r, d)?;
    let mut body = CreateTransaction::sale(sale(r, auth), pm)?;
    body.payer = Some(payer);
    // The account number: sensitive.
    Ok(post(format!("{}/transactions", ctx.base_url()), token, r.idempotency_key.as_deref(), &body, true))
}

/// Buy now, pay later (bnpl.rs): authorized on the provider's page, then captured.
fn build_bnpl(r: &AuthorizeRequest, auth: &GlobalpaymentsAuth, ctx: &Context, token: &str, b: &Bnpl) -> Result<HttpRequest, SidecarError> {
    if r.setup_future_usage.is_some() {
        return Err(SidecarError::invalid_field(
            "request.setupFutureUsage",
            "GP API stores cards (POST /payment-methods), not a BNPL plan: leave setupFutureUsage out".into(),
        ));
    }
    no_three_ds(r)?;
    let (return_url, status_url) = notification_urls(r)?;
    let (pm, payer, order) = super::bnpl::build(r, b)?;
    let mut body = CreateTransaction::sale(sale(r, auth), pm)?;
    body.payer = Some(payer);
    body.order = Some(order);
    body.notifications = Some(Notifications { return_url: return_url.clone(), status_url, cancel_url: return_url });
    // The payer's contact details: personal data.
    Ok(post(format!("{}/transactions", ctx.base_url()), token, r.idempotency_key.as_deref(), &body, true))
}

/// A payment without a card takes no 3-D Secure.
fn no_three_ds(r: &AuthorizeRequest) -> Result<(), SidecarError> {
    if r.three_ds.external.is_some() || r.three_ds.mode == ThreeDsMode::Challenge {
        return Err(SidecarError::invalid_field("request.threeDs", "GP API runs 3-D Secure for cards only: leave threeDs out".into()));
    }
    Ok(())
}

/// `notifications.return_url` (returnUrl, where the shopper comes back) and `status_url`
/// (webhookUrl, where GP POSTs the outcome).
fn notification_urls(r: &AuthorizeRequest) -> Result<(String, String), SidecarError> {
    let return_url = present(&r.return_url).ok_or_else(|| {
        SidecarError::missing_field("request.returnUrl", "GP API sends the shopper back from the provider's page to notifications.return_url")
    })?;
    let status_url = present(&r.webhook_url).ok_or_else(|| {
        SidecarError::missing_field("request.webhookUrl", "GP API takes this payment only with notifications.status_url, where it POSTs the outcome")
    })?;
    Ok((return_url.to_string(), status_url.to_string()))
}

/// 3-D Secure on a payment: an authentication done elsewhere goes in
/// `payment_method.authentication.three_ds` (the SDKs' `threeDSecure` on a card). GP runs its own
/// 3-D Secure through `/authentications` before `/transactions`, which has no field asking for a
/// challenge: `mode: challenge` is refused; `skip` is what /transactions does without one.
fn three_ds(r: &AuthorizeRequest) -> Result<Option<Authentication>, SidecarError> {
    if let Some(e) = &r.three_ds.external {
        if !matches!(r.payment_method, PaymentMethod::Card(_) | PaymentMethod::Token(_)) {
            return Err(SidecarError::invalid_field(
                "request.threeDs.external",
                "GP API takes an external 3-D Secure result with a card (payment_method.authentication); a wallet token carries its own cryptogram".into(),
            ));
        }
        return Ok(Some(Authentication::external(e)));
    }
    if r.three_ds.mode == ThreeDsMode::Challenge {
        return Err(SidecarError::invalid_field(
            "request.threeDs.mode",
            "GP API's /transactions has no field asking for a 3-D Secure challenge: GP runs 3-D Secure through /authentications \
             (three_ds.preference) before the payment; give its result in threeDs.external"
                .into(),
        ));
    }
    Ok(None)
}

pub fn parse_authorize(r: &AuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_transaction(response, Call::Create, None, None)?;
    // A card stored with the payment (storage_mode ON_SUCCESS): payment_method.id is the mandate.
    if r.setup_future_usage.is_some() && response.is_success() && !matches!(result.status, PaymentStatus::Failure) {
        if let Ok(t) = response.json::<responses::Transaction>() {
            result.mandate_reference = t.payment_method.and_then(|p| p.id).filter(|id| id.starts_with("PMT_"));
        }
    }
    Ok(result)
}

/// completeAuthorize: GP's confirmation of a PayPal payment the payer approved (`POST
/// /transactions/{id}/confirmation` with `payment_method.apm {provider: paypal,
/// provider_payer_reference}`, as the SDKs' `Transaction.confirm()` sends it). The payer reference
/// is what GP reports in the transaction's `payment_method.apm.provider_reference` once the payer
/// is back from PayPal: psync puts it in its result's `state`, which the client passes on.
pub fn build_complete_authorize(r: &CompleteAuthorizeRequest, _: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = txn_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let payer = super::apm::payer_reference(r.state.as_ref())?;
    let body = super::apm::Confirmation::paypal(payer);
    Ok(post(format!("{}/transactions/{id}/confirmation", ctx.base_url()), token, r.idempotency_key.as_deref(), &body, false))
}

pub fn parse_complete_authorize(r: &CompleteAuthorizeRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_transaction(response, Call::Confirm, Some(r.connector_transaction_id.trim()), None)
}

pub fn build_psync(r: &PsyncRequest, _: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = txn_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    Ok(call(HttpMethod::GET, format!("{}/transactions/{id}", ctx.base_url()), token, None))
}

pub fn parse_psync(r: &PsyncRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_transaction(response, Call::Get, Some(r.connector_transaction_id.trim()), None)
}

pub fn build_capture(r: &CaptureRequest, _: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = txn_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    // No amount captures what was authorized.
    let body = AmountBody { amount: r.amount_to_capture.as_ref().map(|m| amount(m, "request.amountToCapture")).transpose()? };
    Ok(post(format!("{}/transactions/{id}/capture", ctx.base_url()), token, r.idempotency_key.as_deref(), &body, false))
}

pub fn parse_capture(r: &CaptureRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_transaction(response, Call::Capture, Some(r.connector_transaction_id.trim()), r.payment_amount.as_ref())
}

fn reversal(id: &str, amt: Option<&Money>, state: Option<&ConnectorState>, key: Option<&str>, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(state)?;
    let id = txn_id(id, "request.connectorTransactionId")?;
    // No amount reverses all of it (GP refuses a partial reversal on most card schemes).
    let body = AmountBody { amount: amt.map(|m| amount(m, "request.amount")).transpose()? };
    Ok(post(format!("{}/transactions/{id}/reversal", ctx.base_url()), token, key, &body, false))
}

pub fn build_void(r: &VoidRequest, _: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    reversal(&r.connector_transaction_id, r.amount.as_ref(), r.state.as_ref(), r.idempotency_key.as_deref(), ctx)
}

pub fn parse_void(r: &VoidRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_transaction(response, Call::Void, Some(r.connector_transaction_id.trim()), None)
}

pub fn build_reverse(r: &ReverseRequest, _: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    reversal(&r.connector_transaction_id, r.amount.as_ref(), r.state.as_ref(), r.idempotency_key.as_deref(), ctx)
}

pub fn parse_reverse(r: &ReverseRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_transaction(response, Call::Reverse, Some(r.connector_transaction_id.trim()), None)
}

/// The refund's idempotency key: the caller's, else one made of the payment and the merchant's
/// refund id, so that a refund sent again is one GP recognises instead of a second refund.
fn refund_key(r: &RefundRequest, id: &str) -> String {
    match present(&r.idempotency_key) {
        Some(k) => k.to_string(),
        None => format!("{id}:{}", r.merchant_refund_id.trim()),
    }
}

pub fn build_refund(r: &RefundRequest, _: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = txn_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    let body = AmountBody { amount: Some(amount(&r.refund_amount, "request.refundAmount")?) };
    let key = refund_key(r, &id);
    Ok(post(format!("{}/transactions/{id}/refund", ctx.base_url()), token, Some(&key), &body, false))
}

pub fn parse_refund(_: &RefundRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, None)
}

pub fn build_rsync(r: &RsyncRequest, _: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = txn_id(&r.connector_refund_id, "request.connectorRefundId")?;
    Ok(call(HttpMethod::GET, format!("{}/transactions/{id}", ctx.base_url()), token, None))
}

pub fn parse_rsync(r: &RsyncRequest, response: &HttpResponse, _: &Context) -> Result<RefundResult, SidecarError> {
    responses::parse_refund(response, Some(r.connector_refund_id.trim()))
}

pub fn build_incremental(r: &IncrementalAuthorizationRequest, _: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = txn_id(&r.connector_transaction_id, "request.connectorTransactionId")?;
    // The amount the authorization grows by (the SDK's `additionalAuth(amount)`).
    let body = AmountBody { amount: Some(amount(&r.additional_amount, "request.additionalAmount")?) };
    Ok(post(format!("{}/transactions/{id}/incremental", ctx.base_url()), token, r.idempotency_key.as_deref(), &body, false))
}

pub fn parse_incremental(r: &IncrementalAuthorizationRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_transaction(response, Call::Increment, Some(r.connector_transaction_id.trim()), None)?;
    if result.status == PaymentStatus::Authorized {
        // The new total, when the caller said what was authorized before.
        result.authorized_amount = r.payment_amount.as_ref().and_then(|p| {
            (p.currency == r.additional_amount.currency).then(|| Money {
                minor_amount: p.minor_amount.saturating_add(r.additional_amount.minor_amount),
                currency: p.currency.clone(),
            })
        });
    }
    Ok(result)
}

pub fn build_setup_mandate(r: &SetupMandateRequest, auth: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(Some(&r.state))?;
    let PaymentMethod::Card(card) = &r.payment_method else {
        return Err(SidecarError::payment_method_not_supported("GP API stores cards (POST /payment-methods), not other payment methods"));
    };
    let mut card_body = CardBody::from_card(card, None)?;
    // POST /payment-methods takes the card's number, expiry and cvv (the SDK's tokenize body).
    card_body.cvv_indicator = None;
    let body = CreatePaymentMethod {
        account_name: tokenization_account_name(auth, Some(&r.state)),
        reference: reference(&r.merchant_transaction_id, "request.merchantTransactionId")?,
        name: present(&card.holder_name).map(str::to_string),
        usage_mode: "MULTIPLE",
        card: card_body,
    };
    Ok(post(format!("{}/payment-methods", ctx.base_url()), token, r.idempotency_key.as_deref(), &body, true))
}

pub fn parse_setup_mandate(_: &SetupMandateRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    responses::parse_stored_method(response)
}

pub fn build_repeat_payment(r: &RepeatPaymentRequest, auth: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = stored_method_id(&r.mandate_reference, "request.mandateReference")?;
    let mut body = CreateTransaction::sale(
        Sale {
            account_name: account_name(auth, r.state.as_ref()),
            country: auth.country(),
            capture: r.capture_method,
            amount: &r.amount,
            reference: &r.merchant_transaction_id,
            description: present(&r.description),
            ip_address: None,
        },
        PaymentMethodBody::stored(id, present(&r.statement_descriptor)),
    )?;
    body.initiator = Some("MERCHANT");
    body.stored_credential = Some(StoredCredential::new(r.recurring_type, false));
    // The stored card charges without the shopper: as sensitive as card data.
    Ok(post(format!("{}/transactions", ctx.base_url()), token, r.idempotency_key.as_deref(), &body, true))
}

pub fn parse_repeat_payment(r: &RepeatPaymentRequest, response: &HttpResponse, _: &Context) -> Result<PaymentResult, SidecarError> {
    let mut result = responses::parse_transaction(response, Call::Create, None, None)?;
    if !matches!(result.status, PaymentStatus::Failure | PaymentStatus::Unresolved) {
        // The same stored card pays the next time too.
        result.mandate_reference = Some(r.mandate_reference.trim().to_string());
    }
    Ok(result)
}

pub fn build_revoke_mandate(r: &RevokeMandateRequest, _: &GlobalpaymentsAuth, ctx: &Context) -> Result<HttpRequest, SidecarError> {
    let token = access_token(r.state.as_ref())?;
    let id = stored_method_id(&r.mandate_reference, "request.mandateReference")?;
    Ok(call(HttpMethod::DELETE, format!("{}/payment-methods/{id}", ctx.base_url()), token, r.idempotency_key.as_deref()))
}

pub fn parse_revoke_mandate(r: &RevokeMandateRequest, response: &HttpResponse, _: &Context) -> Result<MandateResult, SidecarError> {
    responses::parse_deleted_method(response, r.mandate_reference.trim())
}

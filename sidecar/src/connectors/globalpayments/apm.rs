//! GP API's local payment methods (APMs): `payment_method.apm.provider`, a shopper redirect and
//! notifications (`return_url`, `status_url`, `cancel_url`), as the official SDKs send them
//! (`globalpayments-api` 3.10 `GpApiAuthorizationRequestBuilder`: an `AlternativePaymentMethod`
//! charge is `payment_method {entry_mode, name: accountHolderName, apm {provider}}` with
//! `notifications`; the SDK refuses one without returnUrl, statusUpdateUrl or accountHolderName).
//! The provider words are the SDKs' `AlternativePaymentType` values; GP answers INITIATED with the
//! provider's page (`payment_method.redirect_url`, or `payment_method.apm.redirect_url`, as the
//! SDK's `GpApiMapping.mapResponseAPM` reads it), and reports the outcome by notification to the
//! status_url and by GET /transactions/{id}.
//!
//! Each table below is the one declaration of a payment method type's methods: its first column is
//! what listConnectors lists (`*_METHODS`), the second what GP is sent.

macro_rules! apm_table {
    ($methods:ident, $table:ident, { $($method:literal => $provider:literal),* $(,)? }) => {
        pub const $methods: &[&str] = &[$($method),*];
        pub const $table: &[(&str, &str)] = &[$(($method, $provider)),*];
    };
}

// Online banking redirects. `EPS` is upper case in the SDKs' enum; Przelewy24 is `p24`, FPX
// (MyClear) `myclearfpx`.
apm_table!(BANK_REDIRECT_METHODS, BANK_REDIRECT_PROVIDERS, {
    "ideal" => "ideal",
    "bancontact" => "bancontact",
    "eps" => "EPS",
    "blik" => "blik",
    "przelewy24" => "p24",
    "sofort" => "sofort",
    "giropay" => "giropay",
    "trustly" => "trustly",
    "onlineBankingFpx" => "myclearfpx",
    "mybank" => "mybank",
    "multibanco" => "multibanco",
});

// Wallets the shopper approves on the provider's page.
apm_table!(WALLET_REDIRECT_METHODS, WALLET_REDIRECT_PROVIDERS, {
    "alipay" => "alipay",
    "wechatPay" => "wechatpay",
});

// Cash vouchers the provider's page issues.
apm_table!(VOUCHER_METHODS, VOUCHER_PROVIDERS, {
    "oxxo" => "oxxo",
});

/// GP's provider word for a unified method of a type, from its table.
pub fn provider(table: &[(&str, &'static str)], method: &str) -> Option<&'static str> {
    table.iter().find(|(m, _)| *m == method).map(|(_, p)| *p)
}

/// PayPal's provider word (the SDKs' `AlternativePaymentType.PAYPAL`).
pub const PAYPAL_PROVIDER: &str = "paypal";

/// The `state` key of the PayPal payer GP reports once the payer approved
/// (`payment_method.apm.provider_reference`), which the confirmation names.
pub const STATE_PAYER_REFERENCE: &str = "providerPayerReference";

/// The PayPal payer to confirm, from `request.state` (psync's result after the payer is back).
pub fn payer_reference(state: Option<&crate::protocol::ConnectorState>) -> Result<String, crate::protocol::SidecarError> {
    let value = state.and_then(|s| s.get(STATE_PAYER_REFERENCE)).map(|v| v.trim()).filter(|v| !v.is_empty()).ok_or_else(|| {
        crate::protocol::SidecarError::missing_field(
            &format!("request.state.{STATE_PAYER_REFERENCE}"),
            "GP API completes only a PayPal payment, by its confirmation naming the payer PayPal reported \
             (payment_method.apm.provider_reference of GET /transactions/{id}): once the shopper is back, run psync and pass its \
             result, whose state carries it (a card's 3-D Secure runs through /authentications before the payment, with no \
             call to complete it)",
        )
    })?;
    if value.len() > 100 || !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(crate::protocol::SidecarError::invalid_field(
            &format!("request.state.{STATE_PAYER_REFERENCE}"),
            "GP API's provider_payer_reference is the PayPal payer id as GP reported it: printable ASCII, at most 100 characters".into(),
        ));
    }
    Ok(value.to_string())
}

/// `POST /transactions/{id}/confirmation`'s body: `{payment_method: {apm: {provider,
/// provider_payer_reference}}}`, the SDKs' `GpApiManagementRequestBuilder` for `TransactionType.Confirm`.
#[derive(Debug, serde::Serialize)]
pub struct Confirmation {
    pub payment_method: ConfirmationMethod,
}

#[derive(Debug, serde::Serialize)]
pub struct ConfirmationMethod {
    pub apm: ConfirmationApm,
}

#[derive(Debug, serde::Serialize)]
pub struct ConfirmationApm {
    pub provider: &'static str,
    pub provider_payer_reference: String,
}

impl Confirmation {
    pub fn paypal(payer: String) -> Self {
        Confirmation { payment_method: ConfirmationMethod { apm: ConfirmationApm { provider: PAYPAL_PROVIDER, provider_payer_reference: payer } } }
    }
}

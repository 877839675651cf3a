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

//! Name → connector. The only file that lists them all.

use crate::connectors::{
    adyen::Adyen, authorizedotnet::AuthorizeDotNet, braintree::Braintree, checkout::Checkout, cybersource::Cybersource,
    paypal::PayPal, phonepe::PhonePe, square::Square, stripe::Stripe, Connector,
};

static CONNECTORS: &[&dyn Connector] =
    &[&Stripe, &Adyen, &PhonePe, &Square, &Checkout, &Cybersource, &PayPal, &Braintree, &AuthorizeDotNet];

pub fn all() -> &'static [&'static dyn Connector] {
    CONNECTORS
}

pub fn find(name: &str) -> Option<&'static dyn Connector> {
    CONNECTORS.iter().copied().find(|c| c.info().name == name)
}

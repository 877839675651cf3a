//! Name → connector. The only file that lists them all: one line per connector.

use crate::connectors::{adyen, authorizedotnet, braintree, checkout, cybersource, paypal, phonepe, shift4, square, stripe, Connector};

static CONNECTORS: &[&dyn Connector] = &[
    stripe::CONNECTOR,
    adyen::CONNECTOR,
    phonepe::CONNECTOR,
    square::CONNECTOR,
    checkout::CONNECTOR,
    cybersource::CONNECTOR,
    paypal::CONNECTOR,
    braintree::CONNECTOR,
    authorizedotnet::CONNECTOR,
    shift4::CONNECTOR,
];

pub fn all() -> &'static [&'static dyn Connector] {
    CONNECTORS
}

pub fn find(name: &str) -> Option<&'static dyn Connector> {
    CONNECTORS.iter().copied().find(|c| c.info().name == name)
}

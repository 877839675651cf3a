//! Worldpay: the flow table, requests and responses. TODO(worldpay): a test per documented case.

use super::CONNECTOR;
use crate::connectors::test_support::{build_with, body};
use crate::protocol::{Flow, HttpMethod, Options};
use serde_json::json;

#[test]
fn authorize_builds_the_processors_request() {
    let request = json!({
        "merchantTransactionId": "order_1001",
        "amount": {"minorAmount": 2000, "currency": "USD"},
        "paymentMethod": {"type": "card", "card": {"number": "4242424242424242", "expMonth": "12", "expYear": "2030", "cvc": "123"}},
        "captureMethod": "manual"
    });
    let http = build_with(CONNECTOR, Flow::Authorize, request, json!({"apiKey": "worldpay_test_key"}), &Options::default())
        .expect("authorize builds a request");
    // TODO(worldpay): the method, URL and body the processor's docs give for this payment.
    assert_eq!(http.method, HttpMethod::POST);
    assert!(body(&http).is_object());
}

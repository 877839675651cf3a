//! Stripe connector tests through the RPC methods (the same path as the binary): exact money
//! over every ISO currency, every row of the error tables with a Stripe-shaped body,
//! idempotency keys on every POST, and webhook signature edge cases.

use super::mapping::{DECLINE_CODES, ERROR_CODES, REFUND_FAILURE_REASONS};
use crate::kit::crypto::{hex, hmac_sha256};
use crate::kit::money::iso_currencies;
use crate::protocol::{DeclineType, UnifiedErrorCode};
use crate::rpc::methods::{parse_webhook, transform_request, transform_response};
use serde_json::{json, Value};

const KEY: &str = "sk_test_unit_key";
const CARD: &str = "4242424242424242";

fn card() -> Value {
    json!({"type": "card", "card": {"number": CARD, "expMonth": "12", "expYear": "2030", "cvc": "123"}})
}

fn money(minor: i64, currency: &str) -> Value {
    json!({"minorAmount": minor, "currency": currency})
}

fn request(flow: &str, request: Value) -> Result<Value, crate::protocol::SidecarError> {
    transform_request(json!({"connector": "stripe", "flow": flow, "auth": {"apiKey": KEY}, "request": request}))
}

fn response(flow: &str, request: Value, status: u16, body: Value) -> Value {
    transform_response(json!({
        "connector": "stripe", "flow": flow, "auth": {"apiKey": KEY}, "request": request,
        "response": {"status": status, "headers": [], "body": body.to_string()}
    }))
    .unwrap_or_else(|e| panic!("{flow}: {}", e.message))
}

/// The body's form fields, decoded (`a%5Bb%5D=1` → `("a[b]", "1")`).
fn form(http: &Value) -> Vec<(String, String)> {
    let data = http["body"]["data"].as_str().unwrap_or("");
    url_decode_pairs(data)
}

fn url_decode_pairs(data: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let bytes = s.replace('+', " ").into_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap(), 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    data.split('&').filter(|p| !p.is_empty()).map(|p| {
        let (k, v) = p.split_once('=').unwrap_or((p, ""));
        (decode(k), decode(v))
    }).collect()
}

fn field<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn header<'a>(http: &'a Value, name: &str) -> Option<&'a str> {
    http["headers"].as_array()?.iter().find(|h| h["name"] == name).and_then(|h| h["value"].as_str())
}

// ---------------------------------------------------------------------------------------------
// Exact money over every active ISO 4217 currency

/// What Stripe must receive for `minor` ISO minor units, from Stripe's currency page, written
/// here on its own (not read from the connector): `Err(field suffix)` when it must be refused.
fn stripe_expects(currency: &str, iso_exponent: u8, minor: i64) -> Result<i64, &'static str> {
    const FUND_CODES: &[&str] = &["BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW", "XAD"];
    const STRIPE_THREE_DECIMAL: &[&str] = &["BHD", "JOD", "KWD", "OMR", "TND"];
    if FUND_CODES.contains(&currency) || (iso_exponent == 3 && !STRIPE_THREE_DECIMAL.contains(&currency)) {
        return Err("currency");
    }
    match currency {
        "ISK" => Ok(minor * 100), // two decimals at Stripe, ISO has none
        "MGA" if minor % 100 != 0 => Err("minorAmount"), // zero-decimal at Stripe, ISO has two
        "MGA" => Ok(minor / 100),
        c if STRIPE_THREE_DECIMAL.contains(&c) && minor % 10 != 0 => Err("minorAmount"),
        _ => Ok(minor),
    }
}

/// Every amount-carrying flow: (flow, where the amount goes in our request, the Stripe form key).
fn amount_flows(amount: Value) -> Vec<(&'static str, &'static str, &'static str, Value)> {
    vec![
        (
            "authorize",
            "request.amount",
            "amount",
            json!({"merchantTransactionId": "o-1", "amount": amount, "paymentMethod": card()}),
        ),
        (
            "capture",
            "request.amountToCapture",
            "amount_to_capture",
            json!({"connectorTransactionId": "pi_1", "amountToCapture": amount}),
        ),
        (
            "refund",
            "request.refundAmount",
            "amount",
            json!({"connectorTransactionId": "pi_1", "merchantRefundId": "r-1", "refundAmount": amount}),
        ),
        (
            "repeatPayment",
            "request.amount",
            "amount",
            json!({"merchantTransactionId": "o-2", "amount": amount, "mandateReference": "pm_1",
                   "customer": {"connectorCustomerId": "cus_1"}}),
        ),
    ]
}

#[test]
fn every_iso_currency_is_sent_exactly_or_refused_and_round_trips() {
    let currencies = iso_currencies();
    assert!(currencies.len() >= 150, "the ISO table has only {} currencies", currencies.len());
    let amounts = [1i64, 5, 10, 99, 100, 12_340, 12_345, 1_000_000];
    let mut problems = Vec::new();
    let (mut sent, mut refused) = (0, 0);
    for &(currency, iso_exponent) in currencies {
        for &minor in &amounts {
            for (flow, amount_field, form_key, req) in amount_flows(money(minor, currency)) {
                let label = format!("{flow} {minor} {currency}");
                match (stripe_expects(currency, iso_exponent, minor), request(flow, req.clone())) {
                    (Ok(want), Ok(http)) => {
                        sent += 1;
                        let pairs = form(&http);
                        if field(&pairs, form_key) != Some(want.to_string().as_str()) {
                            problems.push(format!("{label}: {form_key}={:?}, want {want}", field(&pairs, form_key)));
                        }
                        if flow != "capture" && field(&pairs, "currency").is_some_and(|c| c != currency.to_ascii_lowercase()) {
                            problems.push(format!("{label}: currency {:?}", field(&pairs, "currency")));
                        }
                        // and back: Stripe's answer carrying that amount reads as the same ISO amount
                        let cur = currency.to_ascii_lowercase();
                        let (got, key) = match flow {
                            "refund" => (
                                response(flow, req, 200, json!({"id": "re_1", "object": "refund", "amount": want, "currency": cur, "status": "succeeded"})),
                                "refundAmount",
                            ),
                            _ => (
                                response(flow, req, 200, json!({"id": "pi_1", "object": "payment_intent", "status": "succeeded", "amount": want, "amount_received": want, "currency": cur})),
                                "amountCaptured",
                            ),
                        };
                        if got[key] != money(minor, currency) {
                            problems.push(format!("{label}: {key} read back as {}", got[key]));
                        }
                    }
                    (Err(suffix), Err(e)) => {
                        refused += 1;
                        let want_field = format!("{amount_field}.{suffix}");
                        if e.kind.code() != 1005 || e.field.as_deref() != Some(want_field.as_str()) {
                            problems.push(format!("{label}: refused with {} on {:?}, want InvalidFieldValue on {want_field}", e.kind.name(), e.field));
                        }
                        if !e.message.contains(currency) {
                            problems.push(format!("{label}: the refusal does not name the currency: {}", e.message));
                        }
                    }
                    (Ok(want), Err(e)) => problems.push(format!("{label}: refused ({}), want amount {want}", e.message)),
                    (Err(_), Ok(http)) => problems.push(format!("{label}: sent {:?}, want a refusal", field(&form(&http), form_key))),
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    assert!(sent > 4000 && refused > 100, "sent {sent}, refused {refused}");
}

/// setupMandate carries no amount to Stripe (the SetupIntent verifies the card itself): a zero
/// check works in every currency Stripe takes; any other amount is refused, never dropped.
#[test]
fn setup_mandate_takes_a_zero_amount_in_every_currency() {
    for &(currency, iso_exponent) in iso_currencies() {
        let req = |minor: i64| {
            json!({"merchantTransactionId": "m-1", "amount": money(minor, currency), "paymentMethod": card(),
                   "customer": {"connectorCustomerId": "cus_1"}})
        };
        let http = request("setupMandate", req(0)).unwrap_or_else(|e| panic!("{currency}: {}", e.message));
        assert!(form(&http).iter().all(|(k, _)| !k.contains("amount")), "{currency}: an amount was sent");
        let e = request("setupMandate", req(10i64.pow(iso_exponent.into()))).expect_err(currency);
        assert_eq!(e.field.as_deref(), Some("request.amount.minorAmount"), "{currency}");
    }
}

// ---------------------------------------------------------------------------------------------
// Error tables: every row, through a Stripe-shaped body

fn authorize_request() -> Value {
    json!({"merchantTransactionId": "o-1", "amount": money(1099, "USD"), "paymentMethod": card()})
}

fn decline_type(d: Option<DeclineType>) -> Value {
    serde_json::to_value(d).unwrap()
}

fn unified(u: UnifiedErrorCode) -> Value {
    serde_json::to_value(u).unwrap()
}

#[test]
fn every_decline_code_maps_through_a_card_error_body() {
    for (code, want, soft_hard) in DECLINE_CODES {
        let body = json!({"error": {
            "type": "card_error", "code": "card_declined", "decline_code": code,
            "message": "Your card was declined.", "charge": "ch_1",
            "payment_intent": {"id": "pi_1", "object": "payment_intent", "status": "requires_payment_method"}
        }});
        let r = response("authorize", authorize_request(), 402, body);
        assert_eq!(r["status"], "failure", "{code}");
        assert_eq!(r["connectorTransactionId"], "pi_1", "{code}");
        assert_eq!(r["error"]["code"], unified(*want), "{code}");
        assert_eq!(r["error"]["declineType"], decline_type(*soft_hard), "{code}");
        assert_eq!(r["error"]["declineCode"], json!(code), "{code}");
        assert_eq!(r["error"]["connectorCode"], "card_declined", "{code}");
        assert_eq!(r["error"]["connectorMessage"], "Your card was declined.", "{code}");
    }
}

#[test]
fn every_error_code_maps_through_an_error_body() {
    for (code, want, soft_hard) in ERROR_CODES {
        let (kind, status) = if soft_hard.is_some() { ("card_error", 402) } else { ("invalid_request_error", 400) };
        let body = json!({"error": {"type": kind, "code": code, "message": format!("Stripe says {code}.")}});
        let r = response("authorize", authorize_request(), status, body);
        assert_eq!(r["status"], "failure", "{code}");
        assert_eq!(r["error"]["code"], unified(*want), "{code}");
        assert_eq!(r["error"]["declineType"], decline_type(*soft_hard), "{code}");
        assert_eq!(r["error"]["connectorCode"], json!(code), "{code}");
    }
}

#[test]
fn every_refund_failure_reason_maps_through_a_failed_refund() {
    let req = json!({"connectorTransactionId": "pi_1", "connectorRefundId": "re_1"});
    for (reason, want) in REFUND_FAILURE_REASONS {
        let body = json!({"id": "re_1", "object": "refund", "amount": 500, "currency": "usd", "status": "failed",
                          "failure_reason": reason, "payment_intent": "pi_1"});
        let r = response("rsync", req.clone(), 200, body);
        assert_eq!(r["status"], "failure", "{reason}");
        assert_eq!(r["error"]["code"], unified(*want), "{reason}");
        assert_eq!(r["error"]["connectorCode"], json!(reason), "{reason}");
        assert_eq!(r["refundAmount"], money(500, "USD"), "{reason}");
    }
}

#[test]
fn the_network_advice_code_outranks_the_decline_codes_usual_retry_advice() {
    let body = |decline: &str, advice: &str| {
        json!({"error": {"type": "card_error", "code": "card_declined", "decline_code": decline, "advice_code": advice,
                         "message": "Your card was declined."}})
    };
    let r = response("authorize", authorize_request(), 402, body("generic_decline", "do_not_try_again"));
    assert_eq!(r["error"]["declineType"], "hard");
    assert_eq!(r["error"]["adviceCode"], "do_not_try_again");
    let r = response("authorize", authorize_request(), 402, body("do_not_try_again", "try_again_later"));
    assert_eq!(r["error"]["declineType"], "soft");
    let r = response("authorize", authorize_request(), 402, body("insufficient_funds", "confirm_card_data"));
    assert_eq!(r["error"]["declineType"], "soft", "an advice code we do not read leaves the table's answer");
    // a decline code newer than our table falls back on `code` (card_declined: soft)
    let r = response("authorize", authorize_request(), 402, body("brand_new_code", ""));
    assert_eq!(r["error"]["code"], "card_declined");
    assert_eq!(r["error"]["declineType"], "soft");
    assert_eq!(r["error"]["declineCode"], "brand_new_code");
}

// ---------------------------------------------------------------------------------------------
// Idempotency

#[test]
fn every_post_carries_the_callers_key_and_a_step_its_own() {
    let customer = json!({"connectorCustomerId": "cus_1"});
    let cases = [
        ("authorize", json!({"merchantTransactionId": "o", "amount": money(100, "USD"), "paymentMethod": card(), "idempotencyKey": "k1"}), "k1"),
        ("capture", json!({"connectorTransactionId": "pi_1", "amountToCapture": money(100, "USD"), "idempotencyKey": "k2"}), "k2"),
        ("void", json!({"connectorTransactionId": "pi_1", "idempotencyKey": "k3"}), "k3"),
        ("refund", json!({"connectorTransactionId": "pi_1", "merchantRefundId": "r1", "refundAmount": money(100, "USD"), "idempotencyKey": "k4"}), "k4"),
        ("refund", json!({"connectorTransactionId": "pi_1", "merchantRefundId": "r1", "refundAmount": money(100, "USD")}), "refund:r1"),
        ("createCustomer", json!({"customer": {"email": "a@example.com"}, "idempotencyKey": "k5"}), "k5:customer"),
        ("setupMandate", json!({"merchantTransactionId": "m", "amount": money(0, "USD"), "paymentMethod": card(), "customer": customer, "idempotencyKey": "k6"}), "k6"),
        ("repeatPayment", json!({"merchantTransactionId": "o", "amount": money(100, "USD"), "mandateReference": "pm_1", "customer": customer, "idempotencyKey": "k7"}), "k7"),
    ];
    for (flow, req, want) in cases {
        let http = request(flow, req).unwrap_or_else(|e| panic!("{flow}: {}", e.message));
        assert_eq!(http["method"], "POST", "{flow}");
        assert_eq!(header(&http, "Idempotency-Key"), Some(want), "{flow}");
    }
    // and none made up where the caller gave none (a refund excepted: its id names it)
    let http = request("capture", json!({"connectorTransactionId": "pi_1", "amountToCapture": money(100, "USD")})).unwrap();
    assert_eq!(header(&http, "Idempotency-Key"), None);
}

// ---------------------------------------------------------------------------------------------
// Webhooks

const SECRET: &str = "whsec_unit_test_secret_value";
const NOW: &str = "2026-11-26T23:05:53Z";
const NOW_UNIX: i64 = 1_795_734_353;

fn event_body() -> String {
    json!({"id": "evt_1", "object": "event", "type": "payment_intent.succeeded", "created": NOW_UNIX, "api_version": "2023-08-16",
           "data": {"object": {"id": "pi_1", "object": "payment_intent", "status": "succeeded", "amount": 2000,
                               "amount_received": 2000, "currency": "usd", "metadata": {"merchant_transaction_id": "order-9"}}}})
    .to_string()
}

fn sign(t: i64, body: &str, secret: &str) -> String {
    hex(&hmac_sha256(secret.as_bytes(), format!("{t}.{body}").as_bytes()))
}

fn webhook(header_value: Option<String>, body: &str, secret: &str, tolerance: Option<u64>) -> Value {
    let mut options = json!({"now": NOW});
    if let Some(t) = tolerance {
        options["webhookToleranceSeconds"] = json!(t);
    }
    let headers = match header_value {
        Some(v) => json!([{"name": "stripe-signature", "value": v}]),
        None => json!([]),
    };
    parse_webhook(json!({"connector": "stripe", "headers": headers, "body": body, "secret": secret, "options": options}))
        .unwrap_or_else(|e| panic!("{}", e.message))
}

fn assert_rejected(r: &Value, reason_part: &str, secrets: &[&str]) {
    assert_eq!(r["verified"], false, "{r}");
    assert_eq!(r["events"], json!([]), "{r}");
    assert_eq!(r["acknowledgement"]["status"], 400, "{r}");
    let reason = r["reason"].as_str().unwrap();
    assert!(reason.contains(reason_part), "{reason}");
    for s in secrets {
        assert!(!r.to_string().contains(s), "the result quotes a secret or signature: {r}");
    }
}

#[test]
fn a_signed_event_is_verified_and_read() {
    let body = event_body();
    let r = webhook(Some(format!("t={NOW_UNIX},v1={}", sign(NOW_UNIX, &body, SECRET))), &body, SECRET, None);
    assert_eq!(r["verified"], true, "{r}");
    assert_eq!(r["acknowledgement"], json!({"status": 200, "contentType": "application/json", "body": "{\"received\":true}"}));
    let e = &r["events"][0];
    assert_eq!(e["kind"], "payment");
    assert_eq!(e["paymentStatus"], "charged");
    assert_eq!(e["amount"], money(2000, "USD"));
    assert_eq!(e["merchantTransactionId"], "order-9");
    assert_eq!(e["occurredAt"], NOW);
}

#[test]
fn any_of_several_v1_signatures_may_match_and_other_schemes_are_ignored() {
    let body = event_body();
    let good = sign(NOW_UNIX, &body, SECRET);
    let old = sign(NOW_UNIX, &body, "whsec_the_old_secret");
    // a rolled secret: Stripe signs with both; the v0 and a future v2 are not ours to read
    let value = format!("t={NOW_UNIX},v1={old},v1={good},v0={},v2=abc", "0".repeat(64));
    assert_eq!(webhook(Some(value), &body, SECRET, None)["verified"], true);
    // a v0 that matches does not verify by itself
    let r = webhook(Some(format!("t={NOW_UNIX},v0={good}")), &body, SECRET, None);
    assert_rejected(&r, "no v1 signature", &[SECRET, &good]);
}

#[test]
fn bad_headers_wrong_secret_altered_body_and_old_timestamps_are_refused_without_quoting_secrets() {
    let body = event_body();
    let good = sign(NOW_UNIX, &body, SECRET);
    let secrets = [SECRET, good.as_str()];
    assert_rejected(&webhook(None, &body, SECRET, None), "no Stripe-Signature header", &secrets);
    assert_rejected(&webhook(Some(format!("v1={good}")), &body, SECRET, None), "no timestamp", &secrets);
    assert_rejected(&webhook(Some(format!("t=soon,v1={good}")), &body, SECRET, None), "not a whole number", &secrets);
    assert_rejected(&webhook(Some(format!("t={NOW_UNIX},t={NOW_UNIX},v1={good}")), &body, SECRET, None), "more than one timestamp", &secrets);
    assert_rejected(&webhook(Some(format!("t={NOW_UNIX},v1={good}")), &body, "whsec_wrong", None), "no v1 signature matches", &secrets);
    let altered = body.replace("2000", "2001");
    assert_rejected(&webhook(Some(format!("t={NOW_UNIX},v1={good}")), &altered, SECRET, None), "no v1 signature matches", &secrets);
    // the signature binds the timestamp: another t with the same v1 fails
    assert_rejected(&webhook(Some(format!("t={},v1={good}", NOW_UNIX - 1)), &body, SECRET, None), "no v1 signature matches", &secrets);
    // old: 301 s with the default tolerance of 300; 300 s is still fine
    let t = NOW_UNIX - 301;
    let old = sign(t, &body, SECRET);
    assert_rejected(&webhook(Some(format!("t={t},v1={old}")), &body, SECRET, None), "301 seconds old", &[SECRET, &old]);
    let t = NOW_UNIX - 300;
    assert_eq!(webhook(Some(format!("t={t},v1={}", sign(t, &body, SECRET))), &body, SECRET, None)["verified"], true);
    // a tolerance set by the caller
    assert_rejected(&webhook(Some(format!("t={t},v1={}", sign(t, &body, SECRET))), &body, SECRET, Some(60)), "tolerance of 60", &[SECRET]);
    // an empty secret verifies nothing (an HMAC with an empty key is forgeable by anyone)
    let empty = sign(NOW_UNIX, &body, "");
    assert_rejected(&webhook(Some(format!("t={NOW_UNIX},v1={empty}")), &body, "", None), "secret is empty", &[]);
}

#[test]
fn a_signed_body_that_is_not_an_event_is_an_error_without_the_secret() {
    let body = "not json";
    let e = parse_webhook(json!({"connector": "stripe", "body": body, "secret": SECRET, "options": {"now": NOW},
        "headers": [{"name": "Stripe-Signature", "value": format!("t={NOW_UNIX},v1={}", sign(NOW_UNIX, body, SECRET))}]}))
    .expect_err("not an event");
    assert_eq!(e.kind.code(), 1006);
    assert!(!format!("{} {}", e.message, e.to_data()).contains(SECRET));
}

#[test]
fn listconnectors_says_which_flows_stripe_cannot_do_and_why() {
    assert!(super::CONNECTOR.unsupported_reason(crate::protocol::Flow::CreateAccessToken).is_some());
    let e = request("createAccessToken", json!({})).expect_err("not a Stripe flow");
    assert_eq!(e.kind.code(), 1002);
    assert!(e.message.contains("secret API key"), "{}", e.message);
}

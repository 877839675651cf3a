//! Standard webhooks: the HMAC of each item, how a request with a bad item is reported, and the
//! unified event of each eventCode. The signature algorithm is pinned by the known answer that
//! Adyen's own libraries test with (Java HMACValidatorTest, Node/.NET/Go the same vector), so
//! the helper that signs items below is checked against Adyen, not against itself.

use crate::protocol::IncomingWebhook;
use super::*;
use crate::kit::crypto::{base64_encode, hmac_sha256, hex_decode};
use crate::protocol::{
    ErrorKind, Options, PaymentStatus, RefundStatus, UnifiedErrorCode as U, WebhookEventKind as K, WebhookResult,
};
use serde_json::json;

/// The HMAC key and signature of Adyen's library tests (HMACValidatorTest.testNotificationHmac).
const ADYEN_TEST_KEY: &str = "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00";
const ADYEN_TEST_SIGNATURE: &str = "ipnxGCaUZ4l8TUW75a71/ghd2Fe5ffvX0pV4TLTntIc=";
const OTHER_KEY: &str = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";

fn parse(body: &str, secret: &str) -> Result<WebhookResult, SidecarError> {
    let opts = Options::default();
    let ctx = Context { options: &opts, info: CONNECTOR.info() };
    let webhook = IncomingWebhook { headers: vec![], body: body.to_string(), secret: Secret::new(secret), url: None };
    crate::connectors::test_support::read_webhook(CONNECTOR, &webhook, None, (&ctx).options)
}

fn library_item() -> Value {
    json!({"pspReference": "pspReference", "originalReference": "originalReference",
           "merchantAccountCode": "merchantAccount", "merchantReference": "reference",
           "amount": {"currency": "EUR", "value": 1000}, "eventCode": "EVENT", "eventDate": "1970-01-01T01:00:00+01:00",
           "paymentMethod": "VISA", "reason": "reason", "success": "true",
           "additionalData": {"hmacSignature": ADYEN_TEST_SIGNATURE}})
}

fn notification(items: &[Value]) -> String {
    json!({"live": "false", "notificationItems": items.iter().map(|i| json!({"NotificationRequestItem": i})).collect::<Vec<_>>()})
        .to_string()
}

/// Signs an item as Adyen does (the algorithm the known answer above pins).
fn signed(mut item: Value, key: &str) -> Value {
    let s = |k: &str| item[k].as_str().unwrap_or("").to_string();
    let value = match &item["amount"]["value"] {
        Value::Number(n) => n.to_string(),
        Value::String(v) => v.clone(),
        _ => String::new(),
    };
    let payload = [
        s("pspReference"),
        s("originalReference"),
        s("merchantAccountCode"),
        s("merchantReference"),
        value,
        item["amount"]["currency"].as_str().unwrap_or("").to_string(),
        s("eventCode"),
        s("success"),
    ]
    .join(":");
    let sig = base64_encode(&hmac_sha256(&hex_decode(key).unwrap(), payload.as_bytes()));
    if !item["additionalData"].is_object() {
        item["additionalData"] = json!({});
    }
    item["additionalData"]["hmacSignature"] = json!(sig);
    item
}

fn item(event_code: &str, success: bool, original: Option<&str>) -> Value {
    let mut i = json!({"pspReference": "8815000000000001", "merchantAccountCode": "TestMerchant",
        "merchantReference": "ref-1", "amount": {"currency": "EUR", "value": 1500}, "eventCode": event_code,
        "eventDate": "2026-02-17T11:11:44+01:00", "paymentMethod": "visa", "reason": "", "success": success.to_string()});
    if let Some(o) = original {
        i["originalReference"] = json!(o);
    }
    i
}

fn one(event_code: &str, success: bool, original: Option<&str>) -> crate::protocol::WebhookEvent {
    let r = parse(&notification(&[signed(item(event_code, success, original), ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
    assert!(r.verified, "{event_code}: {:?}", r.reason);
    assert_eq!(r.events.len(), 1);
    r.events.into_iter().next().unwrap()
}

fn assert_clean(r: &WebhookResult, secrets: &[&str]) {
    let text = serde_json::to_string(r).unwrap();
    for s in secrets {
        assert!(!text.contains(s), "the result quotes a secret or signature: {text}");
    }
}

#[test]
fn adyens_own_known_answer_verifies() {
    let r = parse(&notification(&[library_item()]), ADYEN_TEST_KEY).unwrap();
    assert!(r.verified, "{:?}", r.reason);
    assert_eq!(r.acknowledgement.status, 200);
    assert_eq!(r.acknowledgement.body, "[accepted]");
    // The key is hex: lower case works the same.
    assert!(parse(&notification(&[library_item()]), &ADYEN_TEST_KEY.to_lowercase()).unwrap().verified);
    // And the helper used by the other tests signs exactly as Adyen.
    assert_eq!(signed(library_item(), ADYEN_TEST_KEY)["additionalData"]["hmacSignature"], ADYEN_TEST_SIGNATURE);
    // `success` sent as a boolean and `value` as a string are signed as their text.
    let mut b = library_item();
    b["success"] = json!(true);
    b["amount"]["value"] = json!("1000");
    assert!(parse(&notification(&[b]), ADYEN_TEST_KEY).unwrap().verified);
}

#[test]
fn a_wrong_key_an_altered_field_or_no_signature_is_not_verified() {
    let cases: Vec<(&str, String, &str)> = vec![
        ("wrong key", notification(&[library_item()]), OTHER_KEY),
        ("altered amount", notification(&[{ let mut i = library_item(); i["amount"]["value"] = json!(100000); i }]), ADYEN_TEST_KEY),
        ("altered event", notification(&[{ let mut i = library_item(); i["eventCode"] = json!("REFUND"); i }]), ADYEN_TEST_KEY),
        ("altered success", notification(&[{ let mut i = library_item(); i["success"] = json!("false"); i }]), ADYEN_TEST_KEY),
        ("altered reference", notification(&[{ let mut i = library_item(); i["pspReference"] = json!("other"); i }]), ADYEN_TEST_KEY),
        ("no signature", notification(&[{ let mut i = library_item(); i["additionalData"] = json!({}); i }]), ADYEN_TEST_KEY),
        ("not base64", notification(&[{ let mut i = library_item(); i["additionalData"]["hmacSignature"] = json!("%%%"); i }]), ADYEN_TEST_KEY),
        ("no additionalData", notification(&[{ let mut i = library_item(); i.as_object_mut().unwrap().remove("additionalData"); i }]), ADYEN_TEST_KEY),
    ];
    for (what, body, key) in cases {
        let r = parse(&body, key).unwrap();
        assert!(!r.verified, "{what}");
        assert!(r.events.is_empty(), "{what}");
        assert_eq!(r.acknowledgement.status, 401, "{what}");
        assert_ne!(r.acknowledgement.body, "[accepted]", "{what}");
        assert!(r.reason.as_deref().unwrap().starts_with("item 1 of 1"), "{what}: {:?}", r.reason);
        assert_clean(&r, &[ADYEN_TEST_KEY, OTHER_KEY, ADYEN_TEST_SIGNATURE, "%%%"]);
    }
}

#[test]
fn one_bad_item_refuses_the_whole_request() {
    let good = signed(item("CAPTURE", true, Some("8815000000000000")), ADYEN_TEST_KEY);
    let mut bad = signed(item("REFUND", true, Some("8815000000000000")), ADYEN_TEST_KEY);
    bad["amount"]["value"] = json!(999_999);
    let r = parse(&notification(&[good.clone(), bad, good.clone()]), ADYEN_TEST_KEY).unwrap();
    assert!(!r.verified);
    assert!(r.events.is_empty(), "no event of a request that cannot be trusted");
    let reason = r.reason.unwrap();
    assert!(reason.starts_with("item 2 of 3"), "{reason}");
    // All good: every item is an event, in order.
    let r = parse(&notification(&[good.clone(), signed(item("REFUND", true, Some("8815000000000000")), ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
    assert!(r.verified);
    assert_eq!(r.events.iter().map(|e| e.event_type.as_str()).collect::<Vec<_>>(), ["CAPTURE", "REFUND"]);
}

#[test]
fn bodies_that_are_not_standard_notifications() {
    for (what, body) in [
        ("not json", "{\"live\": \"false\", ".to_string()),
        ("no items", json!({"live": "false"}).to_string()),
        ("empty items", json!({"live": "false", "notificationItems": []}).to_string()),
        ("no wrapper", json!({"live": "false", "notificationItems": [{"pspReference": "x"}]}).to_string()),
        ("wrong shape", json!({"live": "false", "notificationItems": [{"NotificationRequestItem": {"amount": 5}}]}).to_string()),
        ("balance platform", json!({"data": {"id": "x"}, "type": "balancePlatform.transaction.created", "environment": "test"}).to_string()),
    ] {
        let r = parse(&body, ADYEN_TEST_KEY).unwrap();
        assert!(!r.verified && r.events.is_empty(), "{what}");
        assert!(r.reason.is_some(), "{what}");
    }
}

#[test]
fn a_key_that_is_not_hex_is_a_configuration_error_that_does_not_quote_it() {
    for secret in ["whsec_not_an_adyen_key", "ABC", "zz"] {
        let e = parse(&notification(&[library_item()]), secret).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("secret")));
        assert!(!e.message.contains(secret) && !e.to_data().to_string().contains(secret));
    }
}

#[test]
fn payment_events() {
    let a = one("AUTHORISATION", true, None);
    assert_eq!((a.kind, a.payment_status), (K::Payment, Some(PaymentStatus::Authorized)));
    assert_eq!(a.connector_transaction_id.as_deref(), Some("8815000000000001"));
    assert_eq!(a.merchant_transaction_id.as_deref(), Some("ref-1"));
    assert_eq!(a.amount.as_ref().unwrap().minor_amount, 1500);
    assert_eq!(a.occurred_at.as_deref(), Some("2026-02-17T11:11:44+01:00"));

    let mut refused = item("AUTHORISATION", false, None);
    refused["reason"] = json!("CVC Declined");
    let r = parse(&notification(&[signed(refused, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
    let e = &r.events[0];
    assert_eq!(e.payment_status, Some(PaymentStatus::Failure));
    let err = e.error.as_ref().unwrap();
    assert_eq!((err.code, err.connector_message.as_deref()), (U::IncorrectCvc, Some("CVC Declined")));

    for (code, success, want) in [
        ("CAPTURE", true, PaymentStatus::Charged),
        ("CAPTURE", false, PaymentStatus::CaptureFailed),
        ("CAPTURE_FAILED", true, PaymentStatus::CaptureFailed),
        ("CANCELLATION", true, PaymentStatus::Voided),
        ("CANCELLATION", false, PaymentStatus::VoidFailed),
        ("TECHNICAL_CANCEL", true, PaymentStatus::Voided),
    ] {
        let e = one(code, success, Some("8815000000000000"));
        assert_eq!((e.kind, e.payment_status), (K::Payment, Some(want)), "{code} {success}");
        assert_eq!(e.connector_transaction_id.as_deref(), Some("8815000000000000"), "{code}: the payment, not the modification");
        assert_eq!(e.connector_event_id.as_deref(), Some("8815000000000001"), "{code}");
        assert_eq!(e.merchant_transaction_id, None, "{code}: a modification's merchantReference is not the payment's");
        assert_eq!(e.error.is_some(), want != PaymentStatus::Charged && want != PaymentStatus::Voided, "{code}");
    }
    let offer = one("OFFER_CLOSED", true, None);
    assert_eq!(offer.payment_status, Some(PaymentStatus::Failure));

    // A token saved with the payment comes with AUTHORISATION.
    let mut saved = item("AUTHORISATION", true, None);
    saved["additionalData"] = json!({"tokenization.storedPaymentMethodId": "M5N7TQ4TG5PFWR50"});
    let r = parse(&notification(&[signed(saved, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
    assert_eq!(r.events[0].mandate_reference.as_deref(), Some("M5N7TQ4TG5PFWR50"));
}

#[test]
fn refund_events() {
    for (code, success, want) in [
        ("REFUND", true, RefundStatus::Success),
        ("REFUND", false, RefundStatus::Failure),
        ("REFUND_FAILED", true, RefundStatus::Failure),
        ("REFUNDED_REVERSED", true, RefundStatus::Failure),
        ("REFUND_WITH_DATA", true, RefundStatus::Success),
        ("VOID_PENDING_REFUND", true, RefundStatus::Failure),
        ("POSTPONED_REFUND", true, RefundStatus::Pending),
    ] {
        let e = one(code, success, Some("8815000000000000"));
        assert_eq!((e.kind, e.refund_status), (K::Refund, Some(want)), "{code} {success}");
        assert_eq!(e.connector_refund_id.as_deref(), Some("8815000000000001"), "{code}");
        assert_eq!(e.connector_transaction_id.as_deref(), Some("8815000000000000"), "{code}");
        assert_eq!(e.merchant_refund_id.as_deref(), Some("ref-1"), "{code}");
        assert_eq!(e.error.is_some(), want == RefundStatus::Failure, "{code}");
    }
    let mut insufficient = item("REFUND", false, Some("8815000000000000"));
    insufficient["reason"] = json!("Insufficient balance on payment");
    let r = parse(&notification(&[signed(insufficient, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
    let err = r.events[0].error.as_ref().unwrap();
    assert_eq!(err.connector_message.as_deref(), Some("Insufficient balance on payment"));
    // Every failure text of the table, on the event it comes with.
    for (reason, want) in mapping::modification_failures() {
        for code in ["REFUND", "CAPTURE"] {
            let mut i = item(code, false, Some("8815000000000000"));
            i["reason"] = json!(reason);
            let r = parse(&notification(&[signed(i, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
            let err = r.events[0].error.as_ref().unwrap();
            assert_eq!((err.code, err.decline_type), (want, None), "{code}: {reason}");
        }
    }
    let mut other = item("REFUND", false, Some("8815000000000000"));
    other["reason"] = json!("Something Adyen added later");
    let r = parse(&notification(&[signed(other, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
    assert_eq!(r.events[0].error.as_ref().unwrap().code, U::ProcessingError);

    // CANCEL_OR_REFUND says which by additionalData.modification.action.
    for (action, kind) in [(Some("refund"), K::Refund), (Some("cancel"), K::Payment), (None, K::Other)] {
        let mut i = item("CANCEL_OR_REFUND", true, Some("8815000000000000"));
        if let Some(a) = action {
            i["additionalData"] = json!({"modification.action": a});
        }
        let r = parse(&notification(&[signed(i, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
        assert_eq!(r.events[0].kind, kind, "{action:?}");
        if kind == K::Payment {
            assert_eq!(r.events[0].payment_status, Some(PaymentStatus::Voided));
        }
    }
}

#[test]
fn mandate_dispute_and_other_events() {
    let mut contract = item("RECURRING_CONTRACT", true, Some("8815000000000000"));
    contract["pspReference"] = json!("M5N7TQ4TG5PFWR50");
    contract["originalPsp"] = json!("8815000000000009");
    contract["amount"]["value"] = json!(0);
    let r = parse(&notification(&[signed(contract, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
    let e = &r.events[0];
    assert_eq!((e.kind, e.mandate_reference.as_deref()), (K::Mandate, Some("M5N7TQ4TG5PFWR50")));
    assert_eq!(e.connector_transaction_id.as_deref(), Some("8815000000000009"));

    for code in ["CHARGEBACK", "NOTIFICATION_OF_CHARGEBACK", "SECOND_CHARGEBACK", "CHARGEBACK_REVERSED", "REQUEST_FOR_INFORMATION", "PREARBITRATION_WON"] {
        let e = one(code, true, Some("8815000000000000"));
        assert_eq!(e.kind, K::Dispute, "{code}");
        assert_eq!(e.connector_transaction_id.as_deref(), Some("8815000000000000"), "{code}");
        assert!(e.payment_status.is_none() && e.refund_status.is_none(), "{code}");
    }
    for code in ["REPORT_AVAILABLE", "ORDER_OPENED", "SOMETHING_NEW"] {
        let e = one(code, true, None);
        assert_eq!((e.kind, e.event_type.as_str()), (K::Other, code));
    }
    // incrementalAuthorization's outcome (issue 12): a payment event.
    let e = one("AUTHORISATION_ADJUSTMENT", true, Some("8815000000000000"));
    assert_eq!((e.kind, e.payment_status), (K::Payment, Some(crate::protocol::PaymentStatus::Authorized)));
    let e = one("AUTHORISATION_ADJUSTMENT", false, Some("8815000000000000"));
    assert_eq!((e.kind, e.payment_status), (K::Payment, Some(crate::protocol::PaymentStatus::Failure)));
}

#[test]
fn amounts_come_back_in_iso_units() {
    for (currency, adyen_value, iso_minor) in [("ISK", 50000, 500), ("IDR", 10, 1000), ("CLP", 1500, 15), ("CVE", 3, 300), ("JPY", 1500, 1500), ("KWD", 12340, 12340)] {
        let mut i = item("CAPTURE", true, Some("8815000000000000"));
        i["amount"] = json!({"currency": currency, "value": adyen_value});
        let r = parse(&notification(&[signed(i, ADYEN_TEST_KEY)]), ADYEN_TEST_KEY).unwrap();
        assert_eq!(r.events[0].amount.as_ref().unwrap().minor_amount, iso_minor, "{currency}");
    }
}

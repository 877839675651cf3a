//! The protocol additions for real checkouts (PROTOCOL.md): each new payment method type decodes,
//! refuses what is malformed naming the field, and never quotes the secret it was given.

use super::*;
use serde_json::{json, Value};

fn authorize(payment_method: Value) -> Value {
    json!({"merchantTransactionId": "o-1", "amount": {"minorAmount": 1000, "currency": "EUR"}, "paymentMethod": payment_method})
}

fn decode_authorize(request: Value) -> Result<AuthorizeRequest, SidecarError> {
    match FlowRequest::decode(Flow::Authorize, request)? {
        FlowRequest::Authorize(r) => Ok(r),
        _ => unreachable!(),
    }
}

fn error_text(e: &SidecarError) -> String {
    format!("{} {} {:?}", e.message, e.to_data(), e)
}

#[test]
fn every_new_type_decodes_from_its_payload_key() {
    let cases = [
        json!({"type": "networkToken", "networkToken": {"number": "4895370017256311", "expMonth": "12", "expYear": "2030", "cryptogram": "AgAAAAAABk4DWZ4C28yUQAAAAAA=", "eci": "05"}}),
        json!({"type": "applePay", "applePay": {"paymentData": "eyJkYXRhIjoiLi4uIn0=", "network": "Visa"}}),
        json!({"type": "applePay", "applePay": {"decrypted": {"number": "4895370017256311", "expMonth": "12", "expYear": "2030", "cryptogram": "AgAAAAAABk4DWZ4C28yUQAAAAAA="}}}),
        json!({"type": "googlePay", "googlePay": {"token": "{\"signature\":\"MEY...\"}", "cardNetwork": "VISA", "cardDetails": "1111"}}),
        json!({"type": "googlePay", "googlePay": {"decrypted": {"number": "4895370017256311", "expMonth": "12", "expYear": "2030"}}}),
        json!({"type": "bankRedirect", "bankRedirect": {"method": "ideal", "issuer": "ing"}}),
        json!({"type": "bankRedirect", "bankRedirect": {"method": "blik", "blikCode": "777123"}}),
        json!({"type": "bankDebit", "bankDebit": {"method": "sepa", "accountHolderName": "Jane Doe", "iban": "DE89370400440532013000"}}),
        json!({"type": "bankDebit", "bankDebit": {"method": "ach", "accountHolderName": "Jane Doe", "accountNumber": "000123456789", "routingNumber": "110000000", "accountType": "savings"}}),
        json!({"type": "bnpl", "bnpl": {"method": "klarna"}}),
        json!({"type": "voucher", "voucher": {"method": "boleto", "taxId": "19119119100"}}),
        json!({"type": "walletRedirect", "walletRedirect": {"method": "wechatPay"}}),
        json!({"type": "token", "token": {"value": "pm_card_visa", "kind": "paymentMethod"}}),
    ];
    for pm in cases {
        let t = pm["type"].as_str().unwrap().to_string();
        let r = decode_authorize(authorize(pm)).unwrap_or_else(|e| panic!("{t}: {}", e.message));
        assert_eq!(r.payment_method.type_name(), t);
    }
}

#[test]
fn a_missing_payload_or_bad_method_names_the_field() {
    let e = decode_authorize(authorize(json!({"type": "bankRedirect"}))).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.paymentMethod.bankRedirect")));
    let e = decode_authorize(authorize(json!({"type": "bnpl", "bnpl": {"method": "klarnaa"}}))).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidParams, Some("request.paymentMethod.bnpl.method")));
    let e = decode_authorize(authorize(json!({"type": "bankDebit", "bankDebit": {"method": "ach", "accountHolderName": "J", "accountNumber": "000123456789"}}))).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.paymentMethod.bankDebit.routingNumber")));
}

#[test]
fn wallet_tokens_are_encrypted_or_decrypted_never_both_nor_neither() {
    let dec = json!({"number": "4895370017256311", "expMonth": "12", "expYear": "2030", "cryptogram": "AgAAAAAABk4DWZ4C28yUQAAAAAA="});
    let e = decode_authorize(authorize(json!({"type": "applePay", "applePay": {"paymentData": "abc", "decrypted": dec}}))).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.applePay.decrypted"));
    let e = decode_authorize(authorize(json!({"type": "googlePay", "googlePay": {"cardNetwork": "VISA"}}))).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.paymentMethod.googlePay.token")));
    // Apple Pay's decrypted token always carries its onlinePaymentCryptogram.
    let e = decode_authorize(authorize(json!({"type": "applePay", "applePay": {"decrypted": {"number": "4895370017256311", "expMonth": "12", "expYear": "2030"}}}))).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.applePay.decrypted.cryptogram"));
}

#[test]
fn secrets_of_new_types_never_appear_in_errors_or_debug() {
    // A DPAN failing Luhn, an IBAN with wrong check digits, a bad BLIK code, an account number too long.
    let cases = [
        (json!({"type": "networkToken", "networkToken": {"number": "4895370017256312", "expMonth": "12", "expYear": "2030", "cryptogram": "SECRETCRYPTOGRAM"}}), "4895370017256312", "request.paymentMethod.networkToken.number"),
        (json!({"type": "bankDebit", "bankDebit": {"method": "sepa", "accountHolderName": "J", "iban": "DE89370400440532013001"}}), "DE89370400440532013001", "request.paymentMethod.bankDebit.iban"),
        (json!({"type": "bankRedirect", "bankRedirect": {"method": "blik", "blikCode": "77712"}}), "77712", "request.paymentMethod.bankRedirect.blikCode"),
        (json!({"type": "bankDebit", "bankDebit": {"method": "bacs", "accountHolderName": "J", "accountNumber": "123456789012345678", "sortCode": "108800"}}), "123456789012345678", "request.paymentMethod.bankDebit.accountNumber"),
    ];
    for (pm, secret, field) in cases {
        let e = decode_authorize(authorize(pm)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field));
        assert!(!error_text(&e).contains(secret), "{field}: {}", error_text(&e));
    }
    let r = decode_authorize(authorize(json!({"type": "networkToken", "networkToken": {"number": "4895370017256311", "expMonth": "12", "expYear": "2030", "cryptogram": "SECRETCRYPTOGRAM"}}))).unwrap();
    let debug = format!("{r:?}");
    assert!(!debug.contains("4895370017256311") && !debug.contains("SECRETCRYPTOGRAM"), "{debug}");
    let r = decode_authorize(authorize(json!({"type": "bankDebit", "bankDebit": {"method": "sepa", "accountHolderName": "J", "iban": "DE89370400440532013000"}}))).unwrap();
    assert!(!format!("{r:?}").contains("DE89370400440532013000"));
}

#[test]
fn three_ds_external_is_checked_and_its_cavv_stays_secret() {
    let mut r = authorize(json!({"type": "card", "card": {"number": "4242424242424242", "expMonth": "12", "expYear": "2030"}}));
    r["threeDs"] = json!({"mode": "challenge"});
    assert_eq!(decode_authorize(r.clone()).unwrap().three_ds.mode, ThreeDsMode::Challenge);
    r["threeDs"] = json!({"external": {"version": "2.2.0", "cavv": "AAABBBCCCDDDEEEFFF000111222=", "eci": "05", "status": "Y"}});
    let d = decode_authorize(r.clone()).unwrap();
    assert_eq!(d.three_ds.external.as_ref().unwrap().major_version(), 2);
    assert!(!format!("{d:?}").contains("AAABBBCCCDDDEEEFFF000111222="));
    r["threeDs"] = json!({"external": {"version": "3", "cavv": "AAABBBCCCDDDEEEFFF000111222=", "eci": "05"}});
    let e = decode_authorize(r.clone()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.threeDs.external.version"));
    assert!(!error_text(&e).contains("AAABBBCCCDDDEEEFFF000111222="));
    r["threeDs"] = json!({"mode": "skip", "external": {"version": "2.1.0", "cavv": "x", "eci": "05"}});
    assert_eq!(decode_authorize(r).unwrap_err().field.as_deref(), Some("request.threeDs.mode"));
}

#[test]
fn order_lines_are_in_the_payments_currency_and_recurring_type_defaults_to_unscheduled() {
    let mut r = authorize(json!({"type": "bnpl", "bnpl": {"method": "klarna"}}));
    r["orderLines"] = json!([{"name": "Shoes", "quantity": 2, "unitAmount": {"minorAmount": 500, "currency": "EUR"}}]);
    let d = decode_authorize(r.clone()).unwrap();
    assert_eq!((d.order_lines[0].total_minor(), d.recurring_type), (1000, RecurringType::Unscheduled));
    r["orderLines"][0]["unitAmount"]["currency"] = json!("USD");
    let e = decode_authorize(r.clone()).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.orderLines[0].unitAmount.currency")));
    r["orderLines"] = json!([{"name": "Shoes", "quantity": 0, "unitAmount": {"minorAmount": 500, "currency": "EUR"}}]);
    assert_eq!(decode_authorize(r.clone()).unwrap_err().field.as_deref(), Some("request.orderLines[0].quantity"));
    r["orderLines"] = json!([]);
    r["recurringType"] = json!("installment");
    assert_eq!(decode_authorize(r).unwrap().recurring_type, RecurringType::Installment);
    let repeat = json!({"merchantTransactionId": "o-2", "amount": {"minorAmount": 100, "currency": "EUR"}, "mandateReference": "m", "recurringType": "scheduled"});
    match FlowRequest::decode(Flow::RepeatPayment, repeat).unwrap() {
        FlowRequest::RepeatPayment(r) => assert_eq!(r.recurring_type, RecurringType::Scheduled),
        _ => unreachable!(),
    }
}

#[test]
fn next_action_serializes_with_the_protocol_names() {
    let mut a = NextAction::new(NextActionType::DisplayQrCode);
    a.qr_data = Some("00020126...".into());
    a.expires_at = Some("2026-12-06T00:00:00Z".into());
    let mut r = PaymentResult::new(PaymentStatus::AuthenticationPending, 200);
    r.next_action = Some(a);
    assert_eq!(
        serde_json::to_value(&r).unwrap()["nextAction"],
        json!({"type": "displayQrCode", "qrData": "00020126...", "expiresAt": "2026-12-06T00:00:00Z"})
    );
}

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
        (json!({"type": "bankDebit", "bankDebit": {"method": "bacs", "accountHolderName": "J", "accountNumber": "1234567890123456789", "sortCode": "108800"}}), "1234567890123456789", "request.paymentMethod.bankDebit.accountNumber"),
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

#[test]
fn mobile_money_and_bank_transfer_decode_and_say_their_method_word() {
    let r = decode_authorize(authorize(json!({"type": "mobileMoney", "mobileMoney": {"provider": "mtn", "phoneNumber": "+233241234567"}}))).unwrap();
    assert_eq!((r.payment_method.type_name(), r.payment_method.method_name()), ("mobileMoney", Some("mtn")));
    match &r.payment_method {
        PaymentMethod::MobileMoney(m) => assert_eq!((m.provider, m.phone_digits()), (MobileMoneyProvider::Mtn, "233241234567")),
        _ => unreachable!(),
    }
    let r = decode_authorize(authorize(json!({"type": "bankTransfer", "bankTransfer": {"method": "virtualAccount", "bank": "BCA", "country": "ID"}}))).unwrap();
    assert_eq!((r.payment_method.type_name(), r.payment_method.method_name()), ("bankTransfer", Some("virtualAccount")));
    let e = decode_authorize(authorize(json!({"type": "mobileMoney"}))).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.paymentMethod.mobileMoney")));
    let e = decode_authorize(authorize(json!({"type": "mobileMoney", "mobileMoney": {"provider": "mtnn", "phoneNumber": "+233241234567"}}))).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidParams, Some("request.paymentMethod.mobileMoney.provider")));
    let e = decode_authorize(authorize(json!({"type": "bankTransfer", "bankTransfer": {"method": "virtualAccount", "country": "id"}}))).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.paymentMethod.bankTransfer.country")));
    let e = decode_authorize(authorize(json!({"type": "bankTransfer", "bankTransfer": {"method": "virtualAccount", "bank": " "}}))).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.bankTransfer.bank"));
}

#[test]
fn a_phone_number_or_document_is_never_quoted_in_errors_or_debug() {
    // Not E.164: no +, a leading 0, spaces, too long; the number must not be echoed.
    for phone in ["233209876543", "+0233209876543", "+233 20 987 6543", "+2332098765431234"] {
        let e = decode_authorize(authorize(json!({"type": "mobileMoney", "mobileMoney": {"provider": "mpesa", "phoneNumber": phone}}))).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.paymentMethod.mobileMoney.phoneNumber")));
        assert!(!error_text(&e).contains(phone), "{}", error_text(&e));
    }
    let r = decode_authorize(authorize(json!({"type": "mobileMoney", "mobileMoney": {"provider": "mpesa", "phoneNumber": "+254710000000"}}))).unwrap();
    assert!(!format!("{r:?}").contains("254710000000"));
    let mut req = authorize(json!({"type": "bankTransfer", "bankTransfer": {"method": "virtualAccount"}}));
    req["customer"] = json!({"email": "a@b.c", "document": {"type": "CPF", "number": "53033315550"}});
    let r = decode_authorize(req.clone()).unwrap();
    let doc = r.customer.as_ref().and_then(|c| c.document.as_ref()).unwrap();
    assert_eq!((doc.kind.as_deref(), doc.number.expose()), (Some("CPF"), "53033315550"));
    assert!(!format!("{r:?}").contains("53033315550"));
    req["customer"]["document"] = json!({"type": "CPF"});
    assert_eq!(decode_authorize(req.clone()).unwrap_err().field.as_deref(), Some("request.customer.document.number"));
    req["customer"]["document"] = json!({"number": "53033315550", "kind": "CPF"});
    let e = decode_authorize(req).unwrap_err();
    assert!(!error_text(&e).contains("53033315550"), "{}", error_text(&e));
}

#[test]
fn display_bank_details_serializes_with_the_protocol_names() {
    let mut a = NextAction::new(NextActionType::DisplayBankDetails);
    a.bank_details = Some(BankDetails {
        account_number: Some("9876543210".into()),
        bank_name: Some("Wema Bank".into()),
        account_holder_name: Some("PAYSTACK CHECKOUT".into()),
        ..BankDetails::default()
    });
    assert_eq!(
        serde_json::to_value(&a).unwrap(),
        json!({"type": "displayBankDetails", "bankDetails": {"accountNumber": "9876543210", "bankName": "Wema Bank", "accountHolderName": "PAYSTACK CHECKOUT"}})
    );
}

#[test]
fn every_connector_that_does_not_declare_a_new_type_refuses_it_naming_the_processor() {
    let cases = [
        json!({"type": "mobileMoney", "mobileMoney": {"provider": "mtn", "phoneNumber": "+233241234567"}}),
        json!({"type": "bankTransfer", "bankTransfer": {"method": "virtualAccount", "bank": "BCA"}}),
    ];
    let mut refused = 0;
    for c in crate::registry::all() {
        let info = c.info();
        for pm in &cases {
            let request = FlowRequest::decode(Flow::Authorize, authorize(pm.clone())).unwrap();
            let kind = request_kind(&request);
            let declared = info.payment_methods.find(kind).filter(|s| s.flows.contains(&Flow::Authorize));
            let word = pm[kind.as_str()].get("provider").or(pm[kind.as_str()].get("method")).and_then(Value::as_str).unwrap();
            match crate::connectors::check_payment_method(info, &request) {
                Ok(()) => assert!(declared.is_some_and(|s| s.methods.contains(&word)), "{} took {} {word} undeclared", info.name, kind.as_str()),
                Err(e) => {
                    assert!(declared.is_none_or(|s| !s.methods.contains(&word)), "{} refused declared {}", info.name, kind.as_str());
                    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported, "{}", info.name);
                    assert!(e.message.contains(info.display_name), "{}: {}", info.name, e.message);
                    assert!(!e.message.contains("in this version"), "{}: {}", info.name, e.message);
                    refused += 1;
                }
            }
        }
    }
    assert!(refused > 0);
}

/// listConnectors shows every type of every connector: supported, or unsupported with the reason
/// (the README table's "—" would otherwise hide a type nobody answered for).
#[test]
fn every_connector_declares_every_payment_method_type_once() {
    let mut missing = Vec::new();
    for c in crate::registry::all() {
        let pm = &c.info().payment_methods;
        for &t in PaymentMethodType::ALL {
            let declared = pm.find(t).is_some() as u8 + pm.unsupported.iter().any(|u| u.kind == t) as u8;
            if declared != 1 {
                missing.push(format!("{} {} declared {declared} times", c.info().name, t.as_str()));
            }
        }
        for u in pm.unsupported {
            assert!(u.reason.trim().len() > 20, "{} {}: a reason says why", c.info().name, u.kind.as_str());
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

/// A refused method word (`unsupported_methods`) belongs to a type the connector takes, is a word
/// of the protocol for that type, is not also declared taken, and carries a reason; the framework
/// answers with that reason, naming the word's field.
#[test]
fn every_refused_method_word_is_a_protocol_word_of_a_taken_type() {
    use crate::protocol::*;
    fn is_word(kind: PaymentMethodType, word: &str) -> bool {
        let w = json!(word);
        match kind {
            PaymentMethodType::BankRedirect => serde_json::from_value::<BankRedirectMethod>(w).is_ok(),
            PaymentMethodType::BankDebit => serde_json::from_value::<BankDebitMethod>(w).is_ok(),
            PaymentMethodType::Bnpl => serde_json::from_value::<BnplMethod>(w).is_ok(),
            PaymentMethodType::Voucher => serde_json::from_value::<VoucherMethod>(w).is_ok(),
            PaymentMethodType::WalletRedirect => serde_json::from_value::<WalletRedirectMethod>(w).is_ok(),
            PaymentMethodType::MobileMoney => serde_json::from_value::<MobileMoneyProvider>(w).is_ok(),
            PaymentMethodType::BankTransfer => serde_json::from_value::<BankTransferMethod>(w).is_ok(),
            _ => false,
        }
    }
    let mut seen = 0;
    for c in crate::registry::all() {
        let info = c.info();
        for u in info.payment_methods.unsupported_methods {
            let name = format!("{} {} {}", info.name, u.kind.as_str(), u.method);
            let taken = info.payment_methods.find(u.kind).unwrap_or_else(|| panic!("{name}: the type is not taken (declare the type unsupported)"));
            assert!(!taken.methods.contains(&u.method), "{name}: declared taken and refused");
            assert!(is_word(u.kind, u.method), "{name}: not a protocol word of the type");
            assert!(u.reason.trim().len() > 20, "{name}: a reason says why");
            seen += 1;
        }
    }
    assert!(seen > 0, "no connector declares a refused method word: the check above checked nothing");
}

/// Through the framework, a refused word is answered with the processor's reason, not the list of
/// what it takes.
#[test]
fn a_refused_method_word_is_answered_with_the_declared_reason() {
    let gp = crate::registry::find("globalpayments").expect("globalpayments is registered");
    let request = json!({"type": "bankDebit", "bankDebit": {"method": "sepa", "accountHolderName": "Jane Doe", "iban": "DE89370400440532013000"}});
    let request = FlowRequest::decode(Flow::Authorize, authorize(request)).unwrap();
    let e = crate::connectors::check_payment_method(gp.info(), &request).unwrap_err();
    let declared = gp.info().payment_methods.unsupported_methods.iter().find(|u| u.method == "sepa").unwrap();
    assert_eq!(e.kind, ErrorKind::PaymentMethodNotSupported);
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.bankDebit.method"));
    assert_eq!(e.message, format!("Global Payments does not take bankDebit `sepa`: {}", declared.reason));
    // A word neither taken nor refused by declaration still gets the list of what is taken.
    let other = crate::registry::all().iter().find(|c| {
        let pm = &c.info().payment_methods;
        pm.find(PaymentMethodType::BankDebit).is_some_and(|s| !s.methods.contains(&"becs") && s.flows.contains(&Flow::Authorize))
            && !pm.unsupported_methods.iter().any(|u| u.method == "becs")
    });
    let c = other.expect("a connector taking bankDebit without becs");
    {
        let r = json!({"type": "bankDebit", "bankDebit": {"method": "becs", "accountHolderName": "Jane Doe", "accountNumber": "12345678", "bsbNumber": "062000"}});
        let r = FlowRequest::decode(Flow::Authorize, authorize(r)).unwrap();
        let e = crate::connectors::check_payment_method(c.info(), &r).unwrap_err();
        assert!(e.message.contains("; it takes: "), "{}", e.message);
    }
}

fn request_kind(r: &FlowRequest) -> PaymentMethodType {
    match r {
        FlowRequest::Authorize(a) => a.payment_method.kind(),
        _ => unreachable!(),
    }
}

#[test]
fn emandate_needs_its_account_and_ifsc_and_checks_their_shape() {
    let ok = decode_authorize(authorize(json!({"type": "bankDebit", "bankDebit": {"method": "emandate", "accountHolderName": "Asha Rao", "accountNumber": "123456789012345678", "ifsc": "HDFC0000001", "authType": "netbanking", "accountType": "savings"}}))).unwrap();
    let PaymentMethod::BankDebit(d) = &ok.payment_method else { panic!("not a bank debit") };
    assert_eq!((d.ifsc.as_deref(), d.auth_type.map(|a| a.as_str())), (Some("HDFC0000001"), Some("netbanking")));
    let e = decode_authorize(authorize(json!({"type": "bankDebit", "bankDebit": {"method": "emandate", "accountHolderName": "A", "accountNumber": "123456789"}}))).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("request.paymentMethod.bankDebit.ifsc")));
    for bad in ["HDFC1000001", "hdfc0000001", "HDFC000001", "HDF00000001"] {
        let e = decode_authorize(authorize(json!({"type": "bankDebit", "bankDebit": {"method": "emandate", "accountHolderName": "A", "accountNumber": "123456789", "ifsc": bad}}))).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("request.paymentMethod.bankDebit.ifsc"), "{bad}");
    }
    let e = decode_authorize(authorize(json!({"type": "bankDebit", "bankDebit": {"method": "emandate", "accountHolderName": "A", "accountNumber": "1", "ifsc": "HDFC0000001", "authType": "upi"}}))).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.bankDebit.authType"));
}

#[test]
fn a_sepa_mandate_id_is_checked_against_the_sepa_character_set() {
    let ok = decode_authorize(authorize(json!({"type": "bankDebit", "bankDebit": {"method": "sepa", "accountHolderName": "J", "iban": "DE89370400440532013000", "mandateId": "MANDATE-2026/001"}}))).unwrap();
    let PaymentMethod::BankDebit(d) = &ok.payment_method else { panic!("not a bank debit") };
    assert_eq!(d.mandate_id.as_deref(), Some("MANDATE-2026/001"));
    for bad in ["", "ü-mandate", "x".repeat(36).as_str(), "a_b"] {
        let e = decode_authorize(authorize(json!({"type": "bankDebit", "bankDebit": {"method": "sepa", "accountHolderName": "J", "iban": "DE89370400440532013000", "mandateId": bad}}))).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::InvalidFieldValue, Some("request.paymentMethod.bankDebit.mandateId")), "{bad:?}");
    }
}

#[test]
fn processor_method_is_taken_by_every_named_method_type_and_its_shape_checked() {
    let cases = [
        json!({"type": "bankRedirect", "bankRedirect": {"method": "ideal", "processorMethod": "nl_ideal_bank"}}),
        json!({"type": "bankDebit", "bankDebit": {"method": "sepa", "accountHolderName": "J", "iban": "DE89370400440532013000", "processorMethod": "apmgw_Sepa"}}),
        json!({"type": "bnpl", "bnpl": {"method": "klarna", "processorMethod": "de_klarna"}}),
        json!({"type": "voucher", "voucher": {"method": "oxxo", "processorMethod": "mx_oxxo_cash"}}),
        json!({"type": "walletRedirect", "walletRedirect": {"method": "grabpay", "processorMethod": "sg_grabpay_ewallet"}}),
        json!({"type": "mobileMoney", "mobileMoney": {"provider": "mpesa", "phoneNumber": "+254712345678", "processorMethod": "ke_mpesa_ewallet"}}),
        json!({"type": "bankTransfer", "bankTransfer": {"method": "virtualAccount", "processorMethod": "id_bca_bank"}}),
    ];
    for pm in cases {
        let t = pm["type"].as_str().unwrap().to_string();
        let r = decode_authorize(authorize(pm.clone())).unwrap_or_else(|e| panic!("{t}: {e:?}"));
        assert_eq!(r.payment_method.type_name(), t);
        let mut bad = pm.clone();
        bad[&t]["processorMethod"] = json!("nl ideal; drop");
        let e = decode_authorize(authorize(bad)).unwrap_err();
        assert_eq!((e.kind, e.field.clone()), (ErrorKind::InvalidFieldValue, Some(format!("request.paymentMethod.{t}.processorMethod"))));
    }
}

#[test]
fn blik_terms_accepted_is_a_boolean() {
    let ok = decode_authorize(authorize(json!({"type": "bankRedirect", "bankRedirect": {"method": "blik", "blikCode": "777123", "termsAccepted": true}}))).unwrap();
    let PaymentMethod::BankRedirect(b) = &ok.payment_method else { panic!("not a bank redirect") };
    assert_eq!(b.terms_accepted, Some(true));
    let e = decode_authorize(authorize(json!({"type": "bankRedirect", "bankRedirect": {"method": "blik", "termsAccepted": "yes"}}))).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("request.paymentMethod.bankRedirect.termsAccepted"));
}

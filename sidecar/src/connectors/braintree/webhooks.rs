//! Braintree webhooks: verification of `bt_signature` and the reading of the `bt_payload`
//! notification. https://developer.paypal.com/braintree/docs/guides/webhooks/parse
//!
//! Braintree POSTs a form (`application/x-www-form-urlencoded`) with two fields:
//! - `bt_payload`: base64 (with line breaks) of an XML `<notification>`: `<kind>`, `<timestamp>` and
//!   `<subject>` holding the object the notification is about (`<transaction>`, `<dispute>`, ...).
//! - `bt_signature`: `publicKey|hexHmac` pairs joined by `&`, one per API key pair of the gateway,
//!   where hexHmac is HMAC-SHA1 over the `bt_payload` text keyed with SHA-1 of that key pair's
//!   private key. Braintree's SDKs also accept the HMAC of the payload with a trailing newline
//!   (payloads are sometimes delivered with it stripped), and so do we.
//!
//! The `secret` of parseWebhook is the API private key. The public key of a pair only names the key
//! pair; what proves the sender is the HMAC, which only a holder of the private key can make. So
//! every pair is checked (each in constant time, without an early exit) and any that matches
//! verifies; a caller holding several key pairs passes one secret per private key (the client tries
//! each). The signature carries no timestamp: deduplicate on (`eventType`, ids, `occurredAt`).
//!
//! Ids: notifications carry Braintree's legacy ids (`<id>abc123</id>`); the GraphQL API, and so this
//! connector's results, use global ids, which Braintree forms from the legacy id and its type
//! (`idFromLegacyId` computes them without a lookup for transactions and refunds): the base64 of
//! `transaction_<legacyId>` / `refund_<legacyId>`, without padding. Events carry the global ids, so
//! they match `connectorTransactionId` / `connectorRefundId` of authorize and refund.
//!
//! Kinds read (Braintree's webhook reference): `transaction_settled` and
//! `transaction_settlement_declined` (sent for ACH and SEPA Direct Debit sales and refunds; a refund
//! is a `credit` transaction), `refund_failed`, and the `dispute_*` kinds. Every other kind
//! (`check`, `transaction_disbursed`, subscriptions, local payments, account and partner events) is
//! acknowledged as an `other` event with Braintree's kind in `eventType`.

use super::disputes::{dispute_status, due_by};
use super::mapping::{payment_status, refund_status};
use super::responses::{error_from_payment, BraintreePayment, MonetaryAmount, ProcessorResponse, StatusEvent};
use crate::kit::crypto::{base64_decode, base64_encode, constant_time_eq, hex, hmac_sha1, sha1};
use crate::kit::form::decode_urlencoded;
use crate::protocol::{
    DisputeStatus, IncomingWebhook, Money, PaymentStatus, RefundStatus, SidecarError, WebhookAcknowledgement, WebhookEvent,
    WebhookEventKind, WebhookResult,
};
use roxmltree::{Document, Node};

/// More pairs than any gateway has key pairs: a signature with more is not Braintree's.
const MAX_SIGNATURE_PAIRS: usize = 16;

fn accepted() -> WebhookAcknowledgement {
    // Braintree only looks for a 2xx.
    WebhookAcknowledgement { status: 200, content_type: "text/plain".into(), body: String::new() }
}

/// A refused notification gets a 4xx, which Braintree retries: once the right key is configured
/// the notification still arrives.
fn refused() -> WebhookAcknowledgement {
    WebhookAcknowledgement { status: 401, content_type: "text/plain".into(), body: "invalid signature".into() }
}

/// The GraphQL global id of a legacy id of the given type (`transaction`, `refund`).
pub fn global_id(kind: &str, legacy_id: &str) -> String {
    base64_encode(format!("{kind}_{legacy_id}").as_bytes()).trim_end_matches('=').to_string()
}

/// The `bt_signature` value Braintree sends for `payload` under a key pair.
#[cfg(test)]
pub fn signature(public_key: &str, private_key: &str, payload: &str) -> String {
    format!("{public_key}|{}", hex(&hmac_sha1(&sha1(private_key.as_bytes()), payload.as_bytes())))
}

/// `Err(reason)` when the form is not a notification signed with this private key; the reason
/// never quotes the key, the signature or the payload.
fn verify<'a>(form: &'a [(String, String)], private_key: &str) -> Result<&'a str, String> {
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let signature = field("bt_signature").filter(|s| !s.trim().is_empty()).ok_or("the form has no bt_signature")?;
    let payload = field("bt_payload").filter(|p| !p.trim().is_empty()).ok_or("the form has no bt_payload")?;
    if !payload.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\n')) {
        return Err("bt_payload is not base64 text".into());
    }
    let received: Vec<&str> = signature.split('&').filter_map(|pair| pair.split_once('|')).map(|(_, mac)| mac.trim()).collect();
    if received.is_empty() {
        return Err("bt_signature has no `publicKey|signature` pair".into());
    }
    if received.len() > MAX_SIGNATURE_PAIRS {
        return Err(format!("bt_signature has more than {MAX_SIGNATURE_PAIRS} pairs"));
    }
    let key = sha1(private_key.as_bytes());
    let expected = [hmac_sha1(&key, payload.as_bytes()), hmac_sha1(&key, format!("{payload}\n").as_bytes())].map(|mac| hex(&mac));
    let matched = received.iter().fold(false, |any, mac| {
        let mac = mac.to_ascii_lowercase();
        expected.iter().fold(any, |any, e| constant_time_eq(e.as_bytes(), mac.as_bytes()) | any)
    });
    if !matched {
        return Err("no bt_signature pair matches bt_payload under this private key (wrong key, or the payload was changed)".into());
    }
    Ok(payload)
}

pub fn parse(webhook: &IncomingWebhook) -> Result<WebhookResult, SidecarError> {
    let private_key = webhook.secret.expose().trim();
    if private_key.is_empty() {
        return Err(SidecarError::missing_field("secret", "Braintree notifications are verified with the API private key"));
    }
    let Some(form) = decode_urlencoded(webhook.body.trim()) else {
        return Ok(WebhookResult::rejected("the body is not a form (application/x-www-form-urlencoded)", refused()));
    };
    let payload = match verify(&form, private_key) {
        Ok(p) => p,
        Err(reason) => return Ok(WebhookResult::rejected(reason, refused())),
    };
    // Signed text from here on; what cannot be read is Braintree's shape changing, an error.
    let unreadable = |why: &str| SidecarError::undeserializable(200, "", why);
    let compact: String = payload.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let xml = base64_decode(&compact)
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| unreadable("bt_payload is not base64 of UTF-8 text"))?;
    let doc = Document::parse(&xml).map_err(|e| unreadable(&format!("bt_payload is not an XML document: {e}")))?;
    let root = doc.root_element();
    if !root.has_tag_name("notification") {
        return Err(unreadable("bt_payload is not a <notification>"));
    }
    let kind = text(root, "kind").ok_or_else(|| unreadable("the notification has no <kind>"))?;
    let subject = child(root, "subject").and_then(|s| s.children().find(Node::is_element));
    let mut event = unify(kind, subject);
    event.occurred_at = text(root, "timestamp").map(str::to_string);
    Ok(WebhookResult { verified: true, reason: None, events: vec![event], acknowledgement: accepted() })
}

fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|c| c.has_tag_name(name))
}

/// The trimmed text of a child element; None when absent, empty or `nil="true"`.
fn text<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    let c = child(node, name)?;
    if c.attribute("nil") == Some("true") {
        return None;
    }
    c.text().map(str::trim).filter(|t| !t.is_empty())
}

/// `<amount>` in `<currency-iso-code>`, exactly (XML amounts are decimal strings like GraphQL's).
fn money(node: Node, amount_field: &str) -> Option<Money> {
    MonetaryAmount { value: text(node, amount_field).map(str::to_string), currency_code: text(node, "currency-iso-code").map(str::to_string) }
        .to_unified()
}

fn unify(kind: &str, subject: Option<Node>) -> WebhookEvent {
    let transaction = subject.filter(|s| s.has_tag_name("transaction"));
    match (kind, transaction) {
        ("transaction_settled", Some(tx)) => transaction_event(kind, tx, "SETTLED"),
        ("transaction_settlement_declined", Some(tx)) => transaction_event(kind, tx, "SETTLEMENT_DECLINED"),
        // The subject is the refund (a credit transaction) that failed.
        ("refund_failed", Some(tx)) => refund_event(kind, tx, text(tx, "status").map(str::to_ascii_uppercase).unwrap_or_else(|| "FAILED".into())),
        (k, _) if k.starts_with("dispute_") => dispute_event(kind, subject.filter(|s| s.has_tag_name("dispute"))),
        // Acknowledged, not read: still say which transaction when the subject names one.
        (_, tx) => {
            let mut e = WebhookEvent::new(WebhookEventKind::Other, kind);
            e.connector_transaction_id = tx.and_then(|t| text(t, "id")).map(|id| global_id("transaction", id));
            e
        }
    }
}

/// A settlement event of a sale (payment) or of a credit (refund).
fn transaction_event(kind: &str, tx: Node, status: &str) -> WebhookEvent {
    if text(tx, "type") == Some("credit") {
        return refund_event(kind, tx, status.to_string());
    }
    let mut e = WebhookEvent::new(WebhookEventKind::Payment, kind);
    e.connector_transaction_id = text(tx, "id").map(|id| global_id("transaction", id));
    e.merchant_transaction_id = text(tx, "order-id").map(str::to_string);
    e.amount = money(tx, "amount");
    let unified = payment_status(Some(status));
    e.payment_status = Some(unified);
    if matches!(unified, PaymentStatus::Failure | PaymentStatus::CaptureFailed) {
        e.error = Some(error_from_payment(&as_payment(tx, status)));
    }
    e
}

fn refund_event(kind: &str, tx: Node, status: String) -> WebhookEvent {
    let mut e = WebhookEvent::new(WebhookEventKind::Refund, kind);
    e.connector_refund_id = text(tx, "id").map(|id| global_id("refund", id));
    e.connector_transaction_id = text(tx, "refunded-transaction-id").map(|id| global_id("transaction", id));
    e.merchant_refund_id = text(tx, "order-id").map(str::to_string);
    e.amount = money(tx, "amount");
    // refund_failed is a failure whatever status word the subject carries.
    let unified = if kind == "refund_failed" { RefundStatus::Failure } else { refund_status(Some(&status)) };
    e.refund_status = Some(unified);
    if unified == RefundStatus::Failure {
        e.error = Some(error_from_payment(&as_payment(tx, &status)));
    }
    e
}

/// The XML transaction as the GraphQL shape the error table reads: its status and the
/// processor's response (`processor-response-code` / `-text`).
fn as_payment(tx: Node, status: &str) -> BraintreePayment {
    let processor_response = text(tx, "processor-response-code").map(|code| ProcessorResponse {
        legacy_code: Some(code.to_string()),
        message: text(tx, "processor-response-text").map(str::to_string),
    });
    BraintreePayment {
        id: None,
        status: Some(status.to_string()),
        amount: None,
        status_history: vec![StatusEvent { processor_response, gateway_rejection_reason: None, decline_type: None }],
    }
}

/// The dispute status a `dispute_*` kind reports, when the subject carries no `<status>`.
fn dispute_status_of_kind(kind: &str) -> Option<DisputeStatus> {
    dispute_status(match kind {
        "dispute_opened" => "open",
        "dispute_disputed" => "disputed",
        "dispute_under_review" => "under_review",
        "dispute_won" => "won",
        "dispute_lost" => "lost",
        "dispute_accepted" => "accepted",
        "dispute_auto_accepted" => "auto_accepted",
        "dispute_expired" => "expired",
        _ => return None,
    })
}

/// Disputes are reported, not mapped to a payment status: the dispute (its GraphQL global id, as
/// dsync and acceptDispute take it), its status, the disputed transaction and amount, the reason
/// (`reason-code` when the processor gave one, else Braintree's reason word) and the reply-by date.
fn dispute_event(kind: &str, dispute: Option<Node>) -> WebhookEvent {
    let mut e = WebhookEvent::new(WebhookEventKind::Dispute, kind);
    e.dispute_status = dispute_status_of_kind(kind);
    if let Some(d) = dispute {
        e.connector_dispute_id = text(d, "id").map(|id| global_id("dispute", id));
        e.connector_transaction_id = child(d, "transaction").and_then(|t| text(t, "id")).map(|id| global_id("transaction", id));
        e.amount = money(d, "amount-disputed").or_else(|| money(d, "amount"));
        e.dispute_status = text(d, "status").and_then(dispute_status).or(e.dispute_status);
        e.reason_code = text(d, "reason-code").or_else(|| text(d, "reason")).map(str::to_string);
        e.due_by = due_by(None, text(d, "reply-by-date"));
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::form::FormBody;
    use crate::protocol::{ErrorKind, Secret, UnifiedErrorCode as U};

    const PUBLIC: &str = "pub_hook_key";
    const PRIVATE: &str = "priv_hook_secret";

    fn notification(kind: &str, subject: &str) -> String {
        format!("<notification>\n  <timestamp type=\"datetime\">2026-11-27T03:00:00Z</timestamp>\n  <kind>{kind}</kind>\n  <subject>{subject}</subject>\n</notification>")
    }

    /// Base64 with Braintree's line breaks and trailing newline.
    fn payload(xml: &str) -> String {
        let b = base64_encode(xml.as_bytes());
        let lines: Vec<String> = b.as_bytes().chunks(60).map(|c| String::from_utf8(c.to_vec()).unwrap()).collect();
        format!("{}\n", lines.join("\n"))
    }

    fn form(signature: &str, payload: &str) -> String {
        let mut f = FormBody::new();
        f.push("bt_signature", signature).push("bt_payload", payload);
        f.encode()
    }

    fn hook(body: String, secret: &str) -> IncomingWebhook {
        IncomingWebhook { headers: vec![], body, secret: Secret::new(secret), url: None }
    }

    fn signed(kind: &str, subject: &str) -> IncomingWebhook {
        let p = payload(&notification(kind, subject));
        hook(form(&signature(PUBLIC, PRIVATE, &p), &p), PRIVATE)
    }

    fn one(r: WebhookResult) -> WebhookEvent {
        assert!(r.verified, "{:?}", r.reason);
        assert_eq!(r.acknowledgement.status, 200);
        assert_eq!(r.events.len(), 1);
        r.events.into_iter().next().unwrap()
    }

    const SALE: &str = "<transaction><id>abc123</id><status>settled</status><type>sale</type><currency-iso-code>USD</currency-iso-code><amount>10.99</amount><order-id>order-1</order-id></transaction>";

    #[test]
    fn global_ids_are_the_base64_of_type_and_legacy_id() {
        assert_eq!(global_id("transaction", "abc"), "dHJhbnNhY3Rpb25fYWJj");
        assert_eq!(global_id("refund", "4kvd72y4"), base64_encode(b"refund_4kvd72y4").trim_end_matches('='));
    }

    #[test]
    fn a_settled_sale_is_a_charged_payment_with_its_global_id() {
        let e = one(parse(&signed("transaction_settled", SALE)).unwrap());
        assert_eq!((e.kind, e.event_type.as_str()), (WebhookEventKind::Payment, "transaction_settled"));
        assert_eq!(e.connector_transaction_id.as_deref(), Some(global_id("transaction", "abc123").as_str()));
        assert_eq!(e.merchant_transaction_id.as_deref(), Some("order-1"));
        assert_eq!(e.payment_status, Some(PaymentStatus::Charged));
        assert_eq!(e.amount, Some(Money { minor_amount: 1099, currency: "USD".into() }));
        assert_eq!(e.occurred_at.as_deref(), Some("2026-11-27T03:00:00Z"));
        assert!(e.error.is_none());
    }

    #[test]
    fn settlement_declined_and_credits() {
        let e = one(parse(&signed("transaction_settlement_declined", &SALE.replace("settled", "settlement_declined"))).unwrap());
        assert_eq!(e.payment_status, Some(PaymentStatus::CaptureFailed));
        assert_eq!(e.error.unwrap().connector_code.as_deref(), Some("SETTLEMENT_DECLINED"));
        let credit = "<transaction><id>rf1</id><type>credit</type><status>settled</status><currency-iso-code>JPY</currency-iso-code><amount>500</amount><refunded-transaction-id>abc123</refunded-transaction-id><order-id>refund-9</order-id></transaction>";
        let e = one(parse(&signed("transaction_settled", credit)).unwrap());
        assert_eq!((e.kind, e.refund_status), (WebhookEventKind::Refund, Some(RefundStatus::Success)));
        assert_eq!(e.connector_refund_id.as_deref(), Some(global_id("refund", "rf1").as_str()));
        assert_eq!(e.connector_transaction_id.as_deref(), Some(global_id("transaction", "abc123").as_str()));
        assert_eq!(e.merchant_refund_id.as_deref(), Some("refund-9"));
        assert_eq!(e.amount, Some(Money { minor_amount: 500, currency: "JPY".into() }));
        let e = one(parse(&signed("transaction_settlement_declined", &credit.replace("<status>settled", "<status>settlement_declined"))).unwrap());
        assert_eq!(e.refund_status, Some(RefundStatus::Failure));
    }

    #[test]
    fn refund_failed_reads_the_processor_response() {
        let subject = "<transaction><id>rf2</id><amount>100</amount><status>processor_declined</status><processor-response-code>2001</processor-response-code><processor-response-text>Insufficient Funds</processor-response-text></transaction>";
        let e = one(parse(&signed("refund_failed", subject)).unwrap());
        assert_eq!((e.kind, e.refund_status), (WebhookEventKind::Refund, Some(RefundStatus::Failure)));
        assert_eq!(e.connector_refund_id.as_deref(), Some(global_id("refund", "rf2").as_str()));
        assert_eq!(e.amount, None, "no currency, no amount");
        let err = e.error.unwrap();
        assert_eq!((err.code, err.connector_code.as_deref()), (U::InsufficientFunds, Some("2001")));
    }

    #[test]
    fn disputes_name_the_transaction_and_the_disputed_amount() {
        let subject = "<dispute><amount>250.00</amount><amount-disputed>250.0</amount-disputed><currency-iso-code>USD</currency-iso-code><status>open</status><id>d1</id><transaction><id>tx9</id><amount>250.00</amount></transaction></dispute>";
        for kind in ["dispute_opened", "dispute_lost", "dispute_won", "dispute_accepted"] {
            let e = one(parse(&signed(kind, subject)).unwrap());
            assert_eq!((e.kind, e.event_type.as_str()), (WebhookEventKind::Dispute, kind));
            assert_eq!(e.connector_transaction_id.as_deref(), Some(global_id("transaction", "tx9").as_str()));
            assert_eq!(e.amount, Some(Money { minor_amount: 25000, currency: "USD".into() }));
            assert!(e.payment_status.is_none());
        }
    }

    #[test]
    fn other_kinds_are_acknowledged() {
        let e = one(parse(&signed("check", "<check type=\"boolean\">true</check>")).unwrap());
        assert_eq!((e.kind, e.event_type.as_str(), e.connector_transaction_id), (WebhookEventKind::Other, "check", None));
        let e = one(parse(&signed("transaction_disbursed", "<transaction><id>abc123</id><amount>100</amount></transaction>")).unwrap());
        assert_eq!(e.kind, WebhookEventKind::Other);
        assert_eq!(e.connector_transaction_id.as_deref(), Some(global_id("transaction", "abc123").as_str()));
        assert!(e.payment_status.is_none());
        let e = one(parse(&signed("subscription_went_active", "<subscription><id>s1</id></subscription>")).unwrap());
        assert_eq!((e.kind, e.event_type.as_str()), (WebhookEventKind::Other, "subscription_went_active"));
    }

    #[test]
    fn the_signature_is_checked_against_every_pair_and_the_stripped_newline() {
        let p = payload(&notification("transaction_settled", SALE));
        // Another key pair's signature first, ours second.
        let both = format!("{}&{}", signature("other_pub", "other_priv", &p), signature(PUBLIC, PRIVATE, &p));
        assert!(parse(&hook(form(&both, &p), PRIVATE)).unwrap().verified);
        // Signed with the trailing newline, delivered without it.
        let stripped = p.trim_end_matches('\n');
        assert!(parse(&hook(form(&signature(PUBLIC, PRIVATE, &p), stripped), PRIVATE)).unwrap().verified);
        // Upper-case hex is the same signature.
        let mac = signature(PUBLIC, PRIVATE, &p)[PUBLIC.len() + 1..].to_ascii_uppercase();
        assert!(parse(&hook(form(&format!("{PUBLIC}|{mac}"), &p), PRIVATE)).unwrap().verified);
    }

    #[test]
    fn bad_signatures_are_unverified_without_quoting_secrets() {
        let p = payload(&notification("transaction_settled", SALE));
        let sig = signature(PUBLIC, PRIVATE, &p);
        let cases = [
            hook(form(&sig, &p), "wrong_private_key"),
            hook(form(&sig, &payload(&notification("transaction_settled", &SALE.replace("10.99", "1.00")))), PRIVATE),
            hook(form(&sig.replace('|', ":"), &p), PRIVATE),
            hook(form(&sig, "PG5v dGlm"), PRIVATE),
            hook(format!("bt_payload={p}"), PRIVATE),
            hook("%zz".into(), PRIVATE),
            hook(form(&vec![sig.clone(); 17].join("&"), &p), PRIVATE),
        ];
        for h in cases {
            let r = parse(&h).unwrap();
            assert!(!r.verified);
            assert!(r.events.is_empty());
            assert_eq!(r.acknowledgement.status, 401);
            let reason = r.reason.unwrap();
            assert!(!reason.contains(PRIVATE) && !reason.contains(&sig[PUBLIC.len() + 1..]), "{reason}");
        }
        let e = parse(&hook(form(&sig, &p), " ")).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::MissingRequiredField, Some("secret")));
    }

    #[test]
    fn signed_garbage_is_an_error_not_a_panic() {
        for xml in ["not xml", "<other><kind>x</kind></other>", "<notification><subject/></notification>"] {
            let p = payload(xml);
            let e = parse(&hook(form(&signature(PUBLIC, PRIVATE, &p), &p), PRIVATE)).unwrap_err();
            assert_eq!(e.kind, ErrorKind::ResponseDeserializationFailed, "{xml}");
        }
    }
}

//! Paystack's answers: every body is `{status: bool, message, data}`; an error is `{status:
//! false, message, type?, code?, meta?}` (the spec's `Error`: `code` one of validation_error,
//! processor_error, api_error). Field names as Paystack's API reference and the example bodies of
//! PaystackOSS/doc-code-snippets write them.

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
pub struct Envelope<T> {
    pub status: Option<bool>,
    pub message: Option<String>,
    pub data: Option<T>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub code: Option<String>,
}

/// `data` of Initialize Transaction.
#[derive(Debug, Deserialize)]
pub struct Initialized {
    pub authorization_url: Option<String>,
    pub access_code: Option<String>,
    pub reference: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Authorization {
    pub authorization_code: Option<String>,
    pub reusable: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct CustomerRef {
    pub customer_code: Option<String>,
}

/// A transaction (Verify Transaction, Charge Authorization, Create Charge, webhooks' `charge.*`).
#[derive(Debug, Deserialize)]
pub struct Transaction {
    pub status: Option<String>,
    pub reference: Option<String>,
    pub amount: Option<Value>,
    pub currency: Option<String>,
    pub gateway_response: Option<String>,
    pub message: Option<String>,
    pub authorization: Option<Authorization>,
    pub customer: Option<CustomerRef>,
    /// Create Charge `open_url`: where the shopper completes the payment.
    pub url: Option<String>,
    /// Create Charge `pay_offline` / `send_*`: what to tell the shopper.
    pub display_text: Option<String>,
    /// Create Charge `pending_bank_transfer` (Pay with Transfer): the one-time account to pay into.
    pub account_number: Option<String>,
    pub account_name: Option<String>,
    pub bank: Option<TransferBank>,
    pub account_expires_at: Option<String>,
}

/// Pay with Transfer's receiving bank: `{slug, name, id}`; its name is what the shopper sees.
#[derive(Debug, Deserialize)]
pub struct TransferBank {
    pub name: Option<String>,
}

/// A refund (Create Refund, Fetch Refund, `refund.*` webhooks).
#[derive(Debug, Deserialize)]
pub struct Refund {
    pub id: Option<Value>,
    pub status: Option<String>,
    pub amount: Option<Value>,
    pub currency: Option<String>,
    /// `refund.*` webhooks: the refunded transaction's reference.
    pub transaction_reference: Option<String>,
}

/// A dispute (Fetch Dispute, `charge.dispute.*` webhooks).
#[derive(Debug, Deserialize)]
pub struct Dispute {
    pub id: Option<Value>,
    pub status: Option<String>,
    pub resolution: Option<String>,
    pub refund_amount: Option<Value>,
    pub currency: Option<String>,
    pub category: Option<String>,
    pub transaction: Option<DisputedTransaction>,
    #[serde(rename = "dueAt")]
    pub due_at: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct DisputedTransaction {
    pub reference: Option<String>,
    pub amount: Option<Value>,
    pub currency: Option<String>,
}

/// A number Paystack may write as a JSON number or a string (`refund.pending` writes `"10000"`).
pub fn integer(v: &Option<Value>) -> Option<i64> {
    match v {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An id Paystack writes as a number (or a string): its text.
pub fn id_text(v: &Option<Value>) -> Option<String> {
    match v {
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

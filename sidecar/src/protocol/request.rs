use super::{CardNumber, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Flow names of PROTOCOL.md. A connector lists the ones it implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Flow {
    Authorize,
    Psync,
    Capture,
    Void,
    Refund,
    Rsync,
    SetupMandate,
    RepeatPayment,
    CreateAccessToken,
}

impl Flow {
    pub fn as_str(self) -> &'static str {
        match self {
            Flow::Authorize => "authorize",
            Flow::Psync => "psync",
            Flow::Capture => "capture",
            Flow::Void => "void",
            Flow::Refund => "refund",
            Flow::Rsync => "rsync",
            Flow::SetupMandate => "setupMandate",
            Flow::RepeatPayment => "repeatPayment",
            Flow::CreateAccessToken => "createAccessToken",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    #[default]
    Sandbox,
    Production,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    #[serde(default)]
    pub environment: Environment,
    /// Overrides the connector's base URL (proxies, local emulators).
    pub base_url: Option<String>,
    /// ISO 8601 UTC; fixes the clock for connectors that sign with a timestamp.
    pub now: Option<String>,
    /// Fixes randomness for connectors that need a nonce.
    pub nonce: Option<String>,
}

/// `transformRequest` params before the flow's request is decoded.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransformRequestParams {
    pub connector: String,
    pub flow: String,
    pub auth: Value,
    pub request: Value,
    #[serde(default)]
    pub options: Options,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransformResponseParams {
    pub connector: String,
    pub flow: String,
    pub auth: Value,
    pub request: Value,
    pub response: super::HttpResponse,
    #[serde(default)]
    pub options: Options,
}

/// Integer ISO 4217 minor units. Never a float.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Money {
    pub minor_amount: i64,
    pub currency: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CaptureMethod {
    #[default]
    Automatic,
    Manual,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Card {
    pub number: CardNumber,
    pub exp_month: String,
    pub exp_year: String,
    pub cvc: Option<Secret>,
    pub holder_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpiCollect {
    pub vpa: String,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpiIntent {
    /// The UPI app to open (e.g. `com.phonepe.app`); absent lets the shopper choose.
    pub target_app: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PaymentMethodType {
    Card,
    UpiCollect,
    UpiIntent,
}

/// The wire shape: `{type, card?, upi?}`. Kept flat so a bad field is reported by its full path
/// (`request.paymentMethod.card.expMonth`), which serde's tagged enums would lose.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PaymentMethodWire {
    #[serde(rename = "type")]
    pub kind: PaymentMethodType,
    pub card: Option<Card>,
    pub upi: Option<Value>,
}

#[derive(Debug, Clone)]
pub enum PaymentMethod {
    Card(Card),
    UpiCollect(UpiCollect),
    UpiIntent(UpiIntent),
}

impl PaymentMethod {
    pub fn type_name(&self) -> &'static str {
        match self {
            PaymentMethod::Card(_) => "card",
            PaymentMethod::UpiCollect(_) => "upiCollect",
            PaymentMethod::UpiIntent(_) => "upiIntent",
        }
    }

    fn from_wire(w: PaymentMethodWire, field: &str) -> Result<Self, SidecarError> {
        match w.kind {
            PaymentMethodType::Card => {
                let card = w.card.ok_or_else(|| SidecarError::missing_field(&format!("{field}.card"), "type is card"))?;
                crate::kit::card::validate_card(&card, &format!("{field}.card"))?;
                Ok(PaymentMethod::Card(card))
            }
            PaymentMethodType::UpiCollect => {
                let upi = w.upi.ok_or_else(|| SidecarError::missing_field(&format!("{field}.upi"), "type is upiCollect"))?;
                let upi: UpiCollect = super::decode(upi, &format!("{field}.upi"))?;
                if !upi.vpa.contains('@') {
                    return Err(SidecarError::invalid_field(&format!("{field}.upi.vpa"), "a VPA looks like name@bank".into()));
                }
                Ok(PaymentMethod::UpiCollect(upi))
            }
            PaymentMethodType::UpiIntent => {
                let upi = match w.upi {
                    Some(v) => super::decode(v, &format!("{field}.upi"))?,
                    None => UpiIntent::default(),
                };
                Ok(PaymentMethod::UpiIntent(upi))
            }
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Customer {
    pub id: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Address {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub line3: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BrowserInfo {
    pub user_agent: Option<String>,
    pub accept_header: Option<String>,
    pub ip_address: Option<String>,
    pub language: Option<String>,
    pub color_depth: Option<u8>,
    pub screen_height: Option<u32>,
    pub screen_width: Option<u32>,
    pub time_zone_offset: Option<i32>,
    pub java_enabled: Option<bool>,
    pub javascript_enabled: Option<bool>,
}

/// Tokens a connector carries between calls (e.g. an OAuth access token).
pub type ConnectorState = BTreeMap<String, String>;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AuthorizeRequestWire {
    merchant_transaction_id: String,
    amount: Money,
    payment_method: PaymentMethodWire,
    #[serde(default)]
    capture_method: CaptureMethod,
    customer: Option<Customer>,
    billing_address: Option<Address>,
    shipping_address: Option<Address>,
    browser_info: Option<BrowserInfo>,
    return_url: Option<String>,
    webhook_url: Option<String>,
    description: Option<String>,
    statement_descriptor: Option<String>,
    metadata: Option<BTreeMap<String, String>>,
    idempotency_key: Option<String>,
    state: Option<ConnectorState>,
}

#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    pub merchant_transaction_id: String,
    pub amount: Money,
    pub payment_method: PaymentMethod,
    pub capture_method: CaptureMethod,
    pub customer: Option<Customer>,
    pub billing_address: Option<Address>,
    pub shipping_address: Option<Address>,
    pub browser_info: Option<BrowserInfo>,
    pub return_url: Option<String>,
    pub webhook_url: Option<String>,
    pub description: Option<String>,
    pub statement_descriptor: Option<String>,
    pub metadata: BTreeMap<String, String>,
    pub idempotency_key: Option<String>,
    pub state: ConnectorState,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PsyncRequest {
    pub connector_transaction_id: String,
    pub merchant_transaction_id: Option<String>,
    /// The amount authorized, when the connector needs it to read the status.
    pub amount: Option<Money>,
    /// What the shopper's browser brought back to `returnUrl` (query or form fields), for
    /// processors that complete a redirect with it (Adyen `redirectResult`).
    pub redirect_payload: Option<BTreeMap<String, String>>,
    pub idempotency_key: Option<String>,
    pub state: Option<ConnectorState>,
}

/// A flow's unified request, decoded and validated.
#[derive(Debug, Clone)]
pub enum FlowRequest {
    Authorize(AuthorizeRequest),
    Psync(PsyncRequest),
}

impl FlowRequest {
    /// Decodes `request` for `flow`, naming the field path of anything wrong.
    pub fn decode(flow: Flow, request: Value) -> Result<FlowRequest, SidecarError> {
        match flow {
            Flow::Authorize => {
                let w: AuthorizeRequestWire = super::decode(request, "request")?;
                crate::kit::money::validate(&w.amount, "request.amount")?;
                if w.merchant_transaction_id.trim().is_empty() {
                    return Err(SidecarError::missing_field("request.merchantTransactionId", "it must not be empty"));
                }
                let payment_method = PaymentMethod::from_wire(w.payment_method, "request.paymentMethod")?;
                Ok(FlowRequest::Authorize(AuthorizeRequest {
                    merchant_transaction_id: w.merchant_transaction_id,
                    amount: w.amount,
                    payment_method,
                    capture_method: w.capture_method,
                    customer: w.customer,
                    billing_address: w.billing_address,
                    shipping_address: w.shipping_address,
                    browser_info: w.browser_info,
                    return_url: w.return_url,
                    webhook_url: w.webhook_url,
                    description: w.description,
                    statement_descriptor: w.statement_descriptor,
                    metadata: w.metadata.unwrap_or_default(),
                    idempotency_key: w.idempotency_key,
                    state: w.state.unwrap_or_default(),
                }))
            }
            Flow::Psync => {
                let r: PsyncRequest = super::decode(request, "request")?;
                if r.connector_transaction_id.trim().is_empty() {
                    return Err(SidecarError::missing_field("request.connectorTransactionId", "it must not be empty"));
                }
                if let Some(a) = &r.amount {
                    crate::kit::money::validate(a, "request.amount")?;
                }
                Ok(FlowRequest::Psync(r))
            }
            other => Err(SidecarError::new(
                super::ErrorKind::FlowNotSupported,
                format!("flow `{}` is not implemented by any connector in this version", other.as_str()),
            )),
        }
    }
}

// The scaffold's Rust templates: sidecar/src/connectors/NAME/, in the shape of a declared
// connector (one Declaration: info, credentials, a flow table, webhooks). It compiles; its
// authorize is declared but builds nothing yet, so its tests fail until it is filled in.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pascal } from "./emulator.js";

/** The description of the skeleton's one credential (Rust authFields and the generated TypeScript types agree). */
export const API_KEY_DESCRIPTION = (name: string) => `TODO(${name}): the processor's secret key, and how it is sent`;

/** The file whose `flows! { ... }` is the one list of flows (one `Variant, slot, "wire": ...;` line each). */
export const FLOWS_FILE = "sidecar/src/protocol/flows.rs";

/** Every FlowTable slot, in the order `flows!` declares them (read from FLOWS_FILE under `root`). */
export function flowSlots(root: string): string[] {
  const text = readFileSync(join(root, FLOWS_FILE), "utf8");
  const block = /^flows! \{\n([\s\S]*?)^\}/m.exec(text);
  if (!block) throw new Error(`${FLOWS_FILE}: found no \`flows! { ... }\``);
  const slots = [...block[1]!.matchAll(/^\s*[A-Z][A-Za-z0-9]*,\s*([a-z0-9_]+),\s*"/gm)].map((m) => m[1]!);
  if (!slots.includes("authorize")) throw new Error(`${FLOWS_FILE}: no authorize slot among ${slots.join(", ")}`);
  return slots;
}

/**
 * The Rust module's files. Every flow of the table but authorize starts Unsupported with a TODO
 * (the scaffold reads the slots from FLOWS_FILE, so a flow added to the protocol is in the next
 * skeleton); verifyWebhook is NotApplicable, as for any connector that reads no webhooks.
 */
export function rustFiles(root: string, name: string, display: string): Record<string, string> {
  const auth = `${pascal(name)}Auth`;
  const slot = (flow: string) =>
    flow === "authorize"
      ? `        authorize: Supported { build: flows::build_authorize, parse: flows::parse_authorize },`
      : flow === "verify_webhook"
        ? `        verify_webhook: NotApplicable,`
        : `        ${flow}: Unsupported("not implemented yet: TODO(${name}), or the processor's reason it cannot"),`;
  return {
    "mod.rs": `//! ${display}: TODO(${name}) the processor's API and version, and the pages of its docs this
//! connector follows (URLs). Ids, idempotency and what the processor cannot do: say it here.

mod flows;
mod mapping;
mod requests;
mod responses;

#[cfg(test)]
mod tests;

use super::{
    decode_auth, required, AuthField, Connector, ConnectorInfo, Declaration, Environments, FlowTable, PaymentMethods,
    SupportedPaymentMethod, Webhooks, PAY_ONLY,
};
use crate::protocol::Support::{NotApplicable, Supported, Unsupported};
use crate::protocol::{PaymentMethodType, Secret, SidecarError};
use serde::Deserialize;
use serde_json::Value;

pub static CONNECTOR: &dyn Connector = &Declaration {
    info: ConnectorInfo {
        name: "${name}",
        display_name: "${display}",
        // TODO(${name}): every payment method type the processor takes (with its method words and
        // flows), and every other type of the protocol in \`unsupported\` with the processor's reason
        // (a method word of a taken type that the processor refuses goes in \`unsupported_methods\`).
        payment_methods: &PaymentMethods {
            supported: &[SupportedPaymentMethod { kind: PaymentMethodType::Card, methods: &[], flows: PAY_ONLY }],
            unsupported: &[],
            unsupported_methods: &[],
        },
        auth_fields: &[AuthField { name: "apiKey", required: true, description: "${API_KEY_DESCRIPTION(name)}" }],
        // TODO(${name}): the names of the fields and headers that carry a CVC, a signature or a credential.
        sensitive_fields: &[],
        environments: Environments { sandbox: "https://sandbox.${name}.invalid", production: "https://api.${name}.invalid" },
    },
    auth: ${auth}::decode,
    flows: FlowTable {
${flowSlots(root).map(slot).join("\n")}
    },
    webhooks: Webhooks::NotRead,
};

/// The credentials, as \`listConnectors\` names them in \`authFields\`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ${auth} {
    api_key: Secret,
}

impl ${auth} {
    fn decode(auth: Value) -> Result<Self, SidecarError> {
        let a: ${auth} = decode_auth(auth)?;
        required(a.api_key.expose(), "auth.apiKey")?;
        Ok(a)
    }

    #[allow(dead_code)]
    pub fn api_key(&self) -> &str {
        self.api_key.expose()
    }
}
`,
    "flows.rs": `//! Each ${display} flow: the call it makes and how its answer is read.

use super::${auth};
use crate::connectors::Context;
use crate::protocol::{AuthorizeRequest, ErrorKind, HttpRequest, HttpResponse, PaymentResult, SidecarError};

pub fn build_authorize(_r: &AuthorizeRequest, _auth: &${auth}, _ctx: &Context) -> Result<HttpRequest, SidecarError> {
    // TODO(${name}): the processor's request (types in requests.rs), to \`ctx.base_url()\`.
    Err(SidecarError::new(ErrorKind::FlowNotSupported, "${display} authorize is not implemented yet"))
}

pub fn parse_authorize(_r: &AuthorizeRequest, _response: &HttpResponse, _ctx: &Context) -> Result<PaymentResult, SidecarError> {
    // TODO(${name}): read the answer (types in responses.rs; statuses and errors in mapping.rs).
    Err(SidecarError::new(ErrorKind::FlowNotSupported, "${display} authorize is not implemented yet"))
}
`,
    "requests.rs": `//! ${display}'s request types, named as its API reference names them. TODO(${name}).
`,
    "responses.rs": `//! ${display}'s response types, named as its API reference names them. TODO(${name}).
`,
    "mapping.rs": `//! ${display}'s statuses and error codes into the unified ones, as tables. TODO(${name}).
`,
    "tests.rs": `//! ${display}: the flow table, requests and responses. TODO(${name}): a test per documented case.

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
    let http = build_with(CONNECTOR, Flow::Authorize, request, json!({"apiKey": "${name}_test_key"}), &Options::default())
        .expect("authorize builds a request");
    // TODO(${name}): the method, URL and body the processor's docs give for this payment.
    assert_eq!(http.method, HttpMethod::POST);
    assert!(body(&http).is_object());
}
`,
  };
}

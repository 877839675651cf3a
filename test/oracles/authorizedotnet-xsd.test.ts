// Authorize.Net requests checked against Authorize.Net's own schema, AnetApiSchema.xsd
// (oracles/authorizedotnet/, from the official PHP SDK). Authorize.Net's JSON API is its XML API
// written as JSON: the same element names, in the same order (the API rejects JSON whose keys are
// out of the XSD's sequence order), a JSON array standing for a repeated element. So each JSON body
// the sidecar builds is written back as the XML document it stands for and validated with libxml2's
// XSD validator (xmllint-wasm): element names, their order, required elements, enumerations and
// length limits, as Authorize.Net's own validation reads them.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { validateXML } from "xmllint-wasm";

import { SidecarPool } from "../../client/pool.js";
import type { TransformRequestParams } from "../../protocol/index.js";
import { bodyText, requestVectors } from "./helpers.js";
import { describeWithOracles, oraclePath } from "./openapi.js";

const NS = "AnetApi/xml/v1/schema/AnetApiSchema.xsd";
const AUTH = { apiLoginId: "5KP3u95bQpv", transactionKey: "346HZ32z3fP4hTG2" };

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function element(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join("");
  if (value !== null && typeof value === "object") {
    return `<${name}>${Object.entries(value as Record<string, unknown>).map(([k, v]) => element(k, v)).join("")}</${name}>`;
  }
  if (value === null) throw new Error(`${name}: null has no XML form (the JSON API would not take it either)`);
  return `<${name}>${escape(String(value))}</${name}>`;
}

/** The XML document an Authorize.Net JSON body stands for: its one root key, in the API's namespace. */
export function jsonToAnetXml(body: string): string {
  const doc = JSON.parse(body.replace(/^\ufeff/, "")) as Record<string, unknown>;
  const keys = Object.keys(doc);
  assert.equal(keys.length, 1, "one root element");
  const root = keys[0]!;
  const inner = element(root, doc[root]);
  return `<?xml version="1.0" encoding="utf-8"?>\n` + inner.replace(`<${root}>`, `<${root} xmlns="${NS}">`);
}

const maskDigits = (s: string) => s.replace(/\b\d{12,19}\b/g, (d) => `${d.slice(0, 4)}…${d.slice(-4)}`);

/** libxml2's XSD problems for each named body (one xmllint run: the schema is compiled once); [] for a valid one. */
async function problemsOf(xsd: string, bodies: Record<string, string>): Promise<Record<string, string[]>> {
  const names = Object.keys(bodies);
  const files = names.map((name, i) => ({ fileName: `request-${i}.xml`, contents: jsonToAnetXml(bodies[name]!) }));
  const r = await validateXML({ xml: files, schema: { fileName: "AnetApiSchema.xsd", contents: xsd } });
  const out: Record<string, string[]> = Object.fromEntries(names.map((n) => [n, []]));
  let last = -1; // a line without a position (libxml2's context line) belongs to the error before it
  for (const e of r.errors) {
    const i = e.loc ? files.findIndex((f) => f.fileName === e.loc!.fileName) : last;
    assert.ok(i >= 0, `an xmllint error not tied to one document: ${maskDigits(e.rawMessage)}`);
    // only the errors count: the namespace warning (the API's namespace URI is not absolute) and
    // libxml2's context lines are not findings
    if (/validity error|parser error/.test(e.message)) out[names[i]!]!.push(maskDigits(e.message));
    last = i;
  }
  assert.equal(r.valid, Object.values(out).every((p) => p.length === 0), "xmllint's verdict and the errors found agree");
  return out;
}

async function problems(xsd: string, body: string): Promise<string[]> {
  return (await problemsOf(xsd, { body }))["body"]!;
}

describeWithOracles("authorizedotnet: requests against AnetApiSchema.xsd", () => {
  let xsd: string;
  let pool: SidecarPool;
  before(async () => {
    xsd = readFileSync(oraclePath("authorizedotnet", "AnetApiSchema.xsd"), "utf8");
    pool = await SidecarPool.start({ size: 1 });
  });
  after(() => pool?.close());

  it("writes JSON as the XML it stands for (arrays repeat the element, text escaped)", () => {
    assert.equal(
      jsonToAnetXml('\ufeff{"r":{"a":"x&y","l":{"i":[{"n":1},{"n":2}]}}}'),
      `<?xml version="1.0" encoding="utf-8"?>\n<r xmlns="${NS}"><a>x&amp;y</a><l><i><n>1</n></i><i><n>2</n></i></l></r>`,
    );
  });

  it("every authorizedotnet request vector with a body validates", async () => {
    const vectors = requestVectors("authorizedotnet").filter((v) => (v.result as { body: unknown }).body !== null);
    assert.ok(vectors.length >= 25, `only ${vectors.length} vectors`);
    const found = await problemsOf(xsd, Object.fromEntries(vectors.map((v) => [v.file, bodyText(v.result as never)])));
    assert.deepEqual(Object.entries(found).filter(([, p]) => p.length > 0), []);
  });

  it("each payment-method type Authorize.Net lists builds a createTransactionRequest that validates, both capture methods", async () => {
    const info = (await pool.listConnectors()).find((c) => c.name === "authorizedotnet")!;
    const methods: Record<string, unknown> = {
      card: { type: "card", card: { number: "4111111111111111", expMonth: "12", expYear: "2031", cvc: "123", holderName: "Ellen Johnson" } },
      token: { type: "token", token: { value: "eyJjb2RlIjoiNTBfMl8wNjAwMDUyN0JEODE4RjQxOUEyRjhGQkIxMkY0MzdGQjAxQUIwRTY2NjhFNEFCN0VENzE4NTUwMjlGRUU0M0JFMENERUIwQzM2M0ExOUEwMDAzNzlGRDNFMjBCODJEMDFCQjkyNEJDIiwidG9rZW4iOiI5NDkwMjMyMTAyODI4MjA1MDA0NjAzIiwidiI6IjEuMSJ9" } },
      networkToken: { type: "networkToken", networkToken: { number: "4111111111111111", expMonth: "12", expYear: "2031", cryptogram: "EHuWW9PiBkWvqE5juRwDzAUFBAk=" } },
      applePay: { type: "applePay", applePay: { paymentData: "eyJkYXRhIjoiQkRQTldTdE1tR2V3UVVXR2c0bzdFXC9qKzFjcTFUNzhxeVU4NGI2N2l0amNZSTh3UFlBT2hzaGpoWlB6cWRVbUNMUm5HRTRjcERUb2VtNkxoRGdTb0Jvd0FuWmxyWjZuVVNVUUdcL3N1NUkxeGVteHNOcz0ifQ==" } },
      googlePay: { type: "googlePay", googlePay: { token: '{"signature":"MEUCIQD","protocolVersion":"ECv2","signedMessage":"{}"}' } },
      bankDebit: { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "Jane Doe", accountNumber: "123456789", routingNumber: "121042882", accountType: "checking" } },
      paypal: { type: "paypal" },
    };
    const bodies: Record<string, string> = {};
    for (const { type } of info.paymentMethods) {
      assert.ok(methods[type], `no generated case for ${type}: add one`);
      for (const captureMethod of ["automatic", "manual"] as const) {
        if (type === "bankDebit" && captureMethod === "manual") continue; // eCheck is a sale only (echeck-manual-capture.json: 1003)
        const params = {
          connector: "authorizedotnet",
          flow: "authorize",
          auth: AUTH,
          request: {
            merchantTransactionId: "INV-1001",
            amount: { minorAmount: 1099, currency: "USD" },
            paymentMethod: methods[type],
            captureMethod,
            description: "Order 1001",
            customer: { id: "cust-99", email: "ellen@example.com" },
            billingAddress: { firstName: "Ellen", lastName: "Johnson", line1: "14 Main Street", city: "Pecan Springs", state: "TX", postalCode: "44628", country: "US" },
            idempotencyKey: "idem-1001",
            // PayPal's successUrl and cancelUrl; the other types do not read it.
            returnUrl: "https://shop.example.com/checkout/return?order=1001",
          },
        } as TransformRequestParams;
        bodies[`${type} ${captureMethod}`] = bodyText(await pool.transformRequest(params));
      }
    }
    const found = await problemsOf(xsd, bodies);
    assert.ok(Object.keys(found).length >= 13, `${Object.keys(found).length} cases`);
    assert.deepEqual(Object.entries(found).filter(([, p]) => p.length > 0), []);
  });

  it("catches a wrong name, a wrong order and a wrong value in one of ours", async () => {
    const http = await pool.transformRequest({
      connector: "authorizedotnet",
      flow: "authorize",
      auth: AUTH,
      request: { merchantTransactionId: "INV-1", amount: { minorAmount: 500, currency: "USD" }, paymentMethod: { type: "card", card: { number: "4111111111111111", expMonth: "12", expYear: "2031" } } },
    } as TransformRequestParams);
    const body = bodyText(http);
    assert.deepEqual(await problems(xsd, body), []);
    const doc = JSON.parse(body.replace(/^\ufeff/, "")) as { createTransactionRequest: { transactionRequest: Record<string, unknown> } };
    const mutate = async (f: (t: Record<string, unknown>) => Record<string, unknown>) => {
      const copy = JSON.parse(JSON.stringify(doc)) as typeof doc;
      copy.createTransactionRequest.transactionRequest = f(copy.createTransactionRequest.transactionRequest);
      return problems(xsd, JSON.stringify(copy));
    };
    assert.ok((await mutate((t) => ({ ...t, amount: "5.OO" }))).length > 0, "an amount that is not an xs:decimal");
    assert.ok((await mutate((t) => ({ ...t, payment: { bankAccount: { accountType: "current", routingNumber: "121042882", accountNumber: "1234", nameOnAccount: "J" } } }))).length > 0, "an accountType outside bankAccountTypeEnum");
    assert.ok((await mutate((t) => ({ amount: t["amount"], transactionType: t["transactionType"], ...t }))).length > 0, "amount before transactionType");
    assert.ok((await mutate((t) => ({ ...t, paymentMethod: t["payment"] }))).length > 0, "an element the schema does not name");
    assert.ok((await mutate((t) => ({ ...t, order: { invoiceNumber: "x".repeat(21) } }))).length > 0, "an invoice number over 20");
  });
});

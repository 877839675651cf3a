// Mollie's official Node SDK (`@mollie/api-client` 4.6.0, BSD-3-Clause) as the oracle for the
// requests the sidecar builds: the SDK, pointed at a loopback recorder through its own
// `apiEndpoint` option (its own fetch, Authorization and Idempotency-Key; its https agent swapped
// for a plain one while the client is made), makes each call with the
// parameters Mollie's API reference gives for the merchant's request, and its method, path,
// Authorization, Idempotency-Key and JSON body must be ours.
//
// The sidecar's side is the request of the Mollie vectors (test/vectors/mollie/), built live by the
// binary through the pool. The SDK's side is written here from the SDK's documented parameters
// (payments.create, paymentCaptures.create, payments.cancel, paymentRefunds.create,
// customers.create, customerMandates.revoke, payments.get, paymentRefunds.get).
//
// One difference is by design and checked as such: for a POST or DELETE without an idempotency
// key, the SDK makes up a random one; the sidecar sends the caller's `idempotencyKey` only (a key
// made up per call would not survive the caller's retry, which is what idempotency is for).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { join } from "node:path";

import { createMollieClient, type MollieClient } from "@mollie/api-client";

import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, TransformRequestParams } from "../../protocol/index.js";
import { VECTORS_DIR } from "../support/helpers.js";
import { startRecorder, type Recorded } from "./sdk-capture.js";

const KEY = "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM";
const WEBHOOK = "https://webshop.example.org/payments/webhook/";
const REDIRECT = "https://webshop.example.org/order/12345/";
const eur = (value: string) => ({ currency: "EUR", value });

/** The params of a stored Mollie vector (its request as a merchant writes it). */
function vectorParams(file: string): TransformRequestParams {
  const v = JSON.parse(readFileSync(join(VECTORS_DIR, "mollie", file), "utf8")) as { method: string; params: TransformRequestParams };
  assert.equal(v.method, "transformRequest", file);
  return v.params;
}

/** An answer the SDK can read back (it turns every body into a resource object). */
const ANSWER = { resource: "payment", id: "tr_5B8cwPMGnU6qLbRvo7qEZo", mode: "test", amount: eur("10.00"), status: "open", _links: {} };

describe("mollie: the official Node SDK (@mollie/api-client) sends what the sidecar builds", function () {
  this.timeout(60_000);
  let pool: SidecarPool;
  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => pool?.close());

  async function sdkSends(call: (mollie: MollieClient) => Promise<unknown>, answer: unknown = ANSWER): Promise<Recorded> {
    const rec = await startRecorder(answer);
    try {
      // The SDK builds an https.Agent for every endpoint; while it is made, https.Agent is the plain
      // http one, so the SDK's own request (headers, body, idempotency) reaches the recorder in clear.
      const httpsAgent = https.Agent;
      let mollie: MollieClient;
      try {
        (https as unknown as { Agent: unknown }).Agent = http.Agent;
        mollie = createMollieClient({ apiKey: KEY, apiEndpoint: `http://127.0.0.1:${rec.port}/v2/` });
      } finally {
        (https as unknown as { Agent: unknown }).Agent = httpsAgent;
      }
      await call(mollie);
      assert.equal(rec.requests.length, 1, "the SDK sends one request");
      return rec.requests[0]!;
    } finally {
      await rec.close();
    }
  }

  async function same(file: string, call: (mollie: MollieClient) => Promise<unknown>, answer?: unknown): Promise<void> {
    const ours = (await pool.transformRequest(vectorParams(file))) as HttpRequest;
    const sdk = await sdkSends(call, answer);
    const url = new URL(ours.url);
    assert.equal(ours.method, sdk.method, `${file}: method`);
    assert.equal(url.pathname + url.search, sdk.path, `${file}: path`);
    const header = (name: string) => ours.headers.find((h) => h.name.toLowerCase() === name)?.value;
    assert.equal(header("authorization"), sdk.headers["authorization"], `${file}: the same Bearer key`);
    const ourKey = header("idempotency-key");
    if (ourKey !== undefined) assert.equal(ourKey, sdk.headers["idempotency-key"], `${file}: the caller's idempotency key`);
    else if (ours.method !== "GET") assert.ok(sdk.headers["idempotency-key"], `${file}: the SDK makes a key up where the caller gave none`);
    // A DELETE from the SDK carries `{}` (its parameters minus the idempotency key); the same
    // call without a body says the same to Mollie, whose cancel and revoke take no parameters.
    const sdkBody = sdk.body ? (JSON.parse(sdk.body) as Record<string, unknown>) : undefined;
    if (ours.body) assert.deepEqual(JSON.parse(ours.body.data), sdkBody, `${file}: body`);
    else assert.ok(sdkBody === undefined || (sdk.method === "DELETE" && Object.keys(sdkBody).length === 0), `${file}: no body, the SDK sent ${sdk.body}`);
  }

  it("authorize, iDEAL: payments.create with method ideal and the redirect and webhook URLs", async () => {
    await same("authorize/ideal.json", (m) =>
      m.payments.create({
        amount: eur("10.00"),
        description: "Order #12345",
        redirectUrl: REDIRECT,
        webhookUrl: WEBHOOK,
        method: "ideal",
        metadata: { merchantTransactionId: "order_12345" },
      } as never),
    );
  });

  it("authorize, a Mollie Components card token with manual capture: method creditcard, cardToken, captureMode manual", async () => {
    await same("authorize/token-manual.json", (m) =>
      m.payments.create({
        amount: eur("10.00"),
        description: "Order #12345",
        redirectUrl: REDIRECT,
        webhookUrl: WEBHOOK,
        method: "creditcard",
        cardToken: "tkn_UqAvArS3gw",
        captureMode: "manual",
        metadata: { merchantTransactionId: "order_12345" },
        idempotencyKey: "order_12345-authorize",
      } as never),
    );
  });

  it("authorize, Klarna with its order lines and the billing address", async () => {
    await same("authorize/klarna-lines.json", (m) =>
      m.payments.create({
        amount: eur("10.00"),
        description: "Order #12345",
        redirectUrl: REDIRECT,
        webhookUrl: WEBHOOK,
        method: "klarna",
        billingAddress: {
          givenName: "Piet",
          familyName: "Mondriaan",
          streetAndNumber: "Keizersgracht 126",
          postalCode: "1015 CW",
          email: "piet@mondriaan.com",
          city: "Amsterdam",
          country: "NL",
        },
        lines: [{ description: "LEGO 4440 Forest Police Station", quantity: 1, unitPrice: eur("10.00"), totalAmount: eur("10.00"), sku: "5702016116977" }],
        metadata: { merchantTransactionId: "order_12345" },
      } as never),
    );
  });

  it("setupMandate: the first payment of a series (sequenceType first) for the customer", async () => {
    await same("setupMandate/token-first.json", (m) =>
      m.payments.create({
        amount: eur("0.00"),
        description: "First payment",
        redirectUrl: REDIRECT,
        webhookUrl: WEBHOOK,
        method: "creditcard",
        cardToken: "tkn_UqAvArS3gw",
        sequenceType: "first",
        customerId: "cst_8wmqcHMN4U",
        metadata: { merchantTransactionId: "mandate_1" },
      } as never),
    );
  });

  it("repeatPayment: a recurring payment on the customer's mandate", async () => {
    await same("repeatPayment/recurring.json", (m) =>
      m.payments.create({
        amount: eur("25.00"),
        description: "Order #12346",
        webhookUrl: WEBHOOK,
        sequenceType: "recurring",
        customerId: "cst_8wmqcHMN4U",
        mandateId: "mdt_pWUnw6pkBN",
        metadata: { merchantTransactionId: "order_12346" },
        idempotencyKey: "order_12346-repeat",
      } as never),
    );
  });

  it("capture: paymentCaptures.create with the partial amount", async () => {
    await same("capture/partial.json", (m) =>
      m.paymentCaptures.create({ paymentId: "tr_5B8cwPMGnU6qLbRvo7qEZo", amount: eur("35.95"), idempotencyKey: "order_12345-capture" } as never),
      { resource: "capture", id: "cpt_mNepDkEtco6ah3QNPUGYH", mode: "test", amount: eur("35.95"), paymentId: "tr_5B8cwPMGnU6qLbRvo7qEZo", _links: {} },
    );
  });

  it("void: payments.cancel (DELETE /v2/payments/{id})", async () => {
    await same("void/request.json", (m) => m.payments.cancel("tr_WDqYK6vllg", { idempotencyKey: "order_33-void" } as never));
  });

  it("refund: paymentRefunds.create with the amount, the reason as description and the merchant's refund id", async () => {
    await same("refund/partial.json", (m) =>
      m.paymentRefunds.create({
        paymentId: "tr_5B8cwPMGnU6qLbRvo7qEZo",
        amount: eur("5.95"),
        description: "Order",
        metadata: { merchantRefundId: "order_12345-refund-1" },
        idempotencyKey: "order_12345-refund-1",
      } as never),
      { resource: "refund", id: "re_4qqhO89gsT", amount: eur("5.95"), status: "pending", paymentId: "tr_5B8cwPMGnU6qLbRvo7qEZo", _links: {} },
    );
  });

  it("createCustomer: customers.create with name, email and the merchant's id in metadata", async () => {
    await same("createCustomer/request.json", (m) =>
      // The caller's key "save-1" is stepped for this call (kit::idempotency::step_key), so that a
      // retried setup that creates the customer and then pays never replays one call as the other.
      m.customers.create({ name: "Jane Doe", email: "test@mollie.com", metadata: { customerId: "shopper_1001" }, idempotencyKey: "save-1:customer" } as never),
      { resource: "customer", id: "cst_8wmqcHMN4U", mode: "test", _links: {} },
    );
  });

  it("revokeMandate: customerMandates.revoke (DELETE /v2/customers/{id}/mandates/{mandateId})", async () => {
    await same("revokeMandate/request.json", (m) => m.customerMandates.revoke("mdt_pWUnw6pkBN", { customerId: "cst_8wmqcHMN4U" } as never));
  });

  it("psync and rsync: payments.get and paymentRefunds.get", async () => {
    await same("psync/request.json", (m) => m.payments.get("tr_5B8cwPMGnU6qLbRvo7qEZo"));
    await same("rsync/request.json", (m) => m.paymentRefunds.get("re_4qqhO89gsT", { paymentId: "tr_5B8cwPMGnU6qLbRvo7qEZo" } as never), {
      resource: "refund", id: "re_4qqhO89gsT", amount: eur("5.95"), status: "pending", paymentId: "tr_5B8cwPMGnU6qLbRvo7qEZo", _links: {},
    });
  });
});

// Square against Square's own material:
// - spec validation: every Square transformRequest vector, and a generated matrix of flows,
//   currencies, capture methods and optional fields, checked against api.json (Square-Version
//   2025-08-20) with test/oracles/openapi.ts; negative cases prove the validator would notice;
// - official-SDK differential: the request the `square` npm package (v46) sends for the same
//   operation, captured at a loopback server, against ours: method, path, auth scheme, the
//   Square-Version header, and the body field by field; the SDK's WebhooksHelper against our
//   signature verification;
// - response mapping: the spec's example responses and events through the real binary.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

import { SquareClient, WebhooksHelper } from "square";

import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest as ProtocolHttpRequest, TransformRequestParams } from "../../protocol/index.js";
import { asHttp, bodyText, clone, diffFields, headerOf, loadVectors, requestVectors, show, unexplained, withBody, type ExpectedDifference } from "./helpers.js";
import { describeWithOracles, loadSpec, oraclePath, validateRequest, type Spec } from "./openapi.js";

const SANDBOX = "https://connect.squareupsandbox.com";
const PRODUCTION = "https://connect.squareup.com";
const VERSION = "2025-08-20";
const TOKEN = "EAAAl_oracle_not_a_real_token";
const NONCE = "cnon:card-nonce-ok";

/** The base URL a request was built for, so that the spec's paths can be matched under it. */
function baseOf(url: string): string {
  for (const base of [SANDBOX, PRODUCTION]) if (url.startsWith(`${base}/`)) return base;
  const u = new URL(url);
  const at = u.pathname.indexOf("/v2/");
  return `${u.origin}${u.pathname.slice(0, at)}`;
}

describeWithOracles("square: requests against api.json (2025-08-20)", () => {
  let spec: Spec;
  let pool: SidecarPool;
  before(async () => {
    spec = loadSpec(oraclePath("square", "api.json"));
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
  });
  after(async () => {
    await pool?.close();
  });

  const check = (req: ProtocolHttpRequest, label: string) => {
    const result = validateRequest(spec, asHttp(req), { basePath: baseOf(req.url) });
    assert.deepEqual(result.problems, [], `${label}: ${req.method} ${result.pathTemplate ?? req.url}`);
    // The spec carries Square-Version as an extra header of its oauth2 scheme, with 2025-08-20 as its default.
    const scheme = (spec.components?.securitySchemes as Record<string, { "x-additional-headers"?: { name: string; schema: { default: string } }[] }>).oauth2;
    const versionHeader = scheme["x-additional-headers"]!.find((h) => h.name === "Square-Version")!;
    assert.equal(headerOf(req, "Square-Version"), versionHeader.schema.default, `${label}: Square-Version`);
    return result;
  };

  it("the spec is the 2025-08-20 one the connector pins", () => {
    const scheme = (spec.components?.securitySchemes as Record<string, { "x-additional-headers"?: { name: string; schema: { default: string } }[] }>).oauth2;
    assert.equal(scheme["x-additional-headers"]!.find((h) => h.name === "Square-Version")!.schema.default, VERSION);
  });

  describe("every Square request vector", () => {
    const vectors = requestVectors("square");
    it("there are request vectors for every supported flow", () => {
      const flows = new Set(vectors.map((v) => v.flow));
      for (const f of ["authorize", "psync", "capture", "void", "refund", "rsync", "createCustomer", "setupMandate", "repeatPayment", "incrementalAuthorization"]) {
        assert.ok(flows.has(f), `no request vector for ${f}`);
      }
    });
    for (const v of vectors) {
      it(v.file, () => {
        check(v.result as ProtocolHttpRequest, v.file);
      });
    }
  });

  describe("a generated matrix", () => {
    const amounts = [
      { minorAmount: 1099, currency: "USD" },
      { minorAmount: 1, currency: "CAD" },
      { minorAmount: 250000, currency: "EUR" },
      { minorAmount: 1999, currency: "GBP" },
      { minorAmount: 1500, currency: "JPY" },
      { minorAmount: 99999999, currency: "AUD" },
    ];
    const optional: Record<string, unknown>[] = [
      {},
      { description: "Order 1 — two items", statementDescriptor: "ORDER1" },
      { customer: { id: "shopper-1", connectorCustomerId: "W92WH6P11H4Z77CTET0RNTGFW8", email: "a@example.com", name: "A B", phone: "+44 20 7946 0000" } },
      {
        billingAddress: { firstName: "Jöns", lastName: "Müller", line1: "1 Main St", line2: "Apt 4", line3: "c/o X", city: "Springfield", state: "IL", postalCode: "62701", country: "US" },
        shippingAddress: { line1: "2 High St", postalCode: "SW1A 1AA", country: "GB" },
      },
      { metadata: { a: "b" }, returnUrl: "https://shop.example/r", browserInfo: { userAgent: "x" }, webhookUrl: "https://shop.example/w" },
    ];
    const cases: { flow: TransformRequestParams["flow"]; request: unknown; auth?: Record<string, string>; environment?: "production" }[] = [];
    let n = 0;
    for (const amount of amounts) {
      for (const captureMethod of [undefined, "automatic", "manual"]) {
        for (const extra of optional) {
          n++;
          cases.push({
            flow: "authorize",
            request: { merchantTransactionId: `order-${n}`, amount, paymentMethod: { type: "token", token: { value: NONCE } }, idempotencyKey: `k-${n}`, ...(captureMethod ? { captureMethod } : {}), ...extra },
            ...(n % 2 ? { auth: { accessToken: TOKEN } } : {}),
            ...(n % 3 === 0 ? { environment: "production" as const } : {}),
          });
        }
      }
      cases.push({ flow: "capture", request: { connectorTransactionId: "P1", amountToCapture: amount, paymentAmount: amount } });
      cases.push({ flow: "refund", request: { connectorTransactionId: "P1", merchantRefundId: `rf-${amount.currency}`, refundAmount: amount, reason: "r" } });
      cases.push({ flow: "refund", request: { connectorTransactionId: "P1", merchantRefundId: `rf-${"x".repeat(80)}`, refundAmount: amount, idempotencyKey: "y".repeat(90) } });
      cases.push({
        flow: "incrementalAuthorization",
        request: { connectorTransactionId: "P1", additionalAmount: { ...amount, minorAmount: 1 }, paymentAmount: amount, idempotencyKey: "z".repeat(60) },
      });
      cases.push({
        flow: "repeatPayment",
        request: { merchantTransactionId: "sub-1", amount, mandateReference: "ccof:abc", customer: { connectorCustomerId: "C1", email: "a@example.com" }, idempotencyKey: "sub-1", captureMethod: "manual", description: "month 2", statementDescriptor: "SUB" },
      });
    }
    cases.push({ flow: "psync", request: { connectorTransactionId: "R2B3Z8WMVt3EAmzYWLZvz7Y69EbZY" } });
    cases.push({ flow: "void", request: { connectorTransactionId: "R2B3Z8WMVt3EAmzYWLZvz7Y69EbZY" } });
    cases.push({ flow: "rsync", request: { connectorTransactionId: "P", connectorRefundId: "P_abc" } });
    cases.push({ flow: "createCustomer", request: { customer: { email: "a@example.com" } } });
    cases.push({ flow: "createCustomer", request: { customer: { id: "s-1", name: "Amelia", phone: "+1 212 555 4240" }, description: "vip", idempotencyKey: "op-1" } });
    cases.push({
      flow: "setupMandate",
      request: { merchantTransactionId: "m", amount: { minorAmount: 100, currency: "USD" }, paymentMethod: { type: "token", token: { value: NONCE } }, customer: { id: "s-1", connectorCustomerId: "C1" }, billingAddress: { postalCode: "94103", country: "US" }, idempotencyKey: "op-2" },
    });

    it(`${cases.length} requests fit the spec`, async () => {
      assert.ok(cases.length > 100);
      for (const [i, c] of cases.entries()) {
        const req = await pool.transformRequest({
          connector: "square",
          flow: c.flow,
          auth: c.auth ?? { accessToken: TOKEN, locationId: "L88917AVBK2S5" },
          request: c.request,
          ...(c.environment ? { options: { environment: c.environment } } : {}),
        } as TransformRequestParams);
        check(req, `case ${i} (${c.flow})`);
      }
    });
  });

  describe("the validator notices a broken request made from one of ours", () => {
    const base = () => {
      const v = loadVectors("square").find((x) => x.file === "square/authorize/token-manual-full.json")!;
      return clone(v.result as ProtocolHttpRequest);
    };
    const problemsWith = (mutate: (body: Record<string, any>) => void, req = base()) => {
      const body = JSON.parse(bodyText(req)) as Record<string, any>;
      mutate(body);
      return validateRequest(spec, withBody(asHttp(req), JSON.stringify(body)), { basePath: SANDBOX }).problems;
    };
    it("our request as it is: no problem", () => {
      assert.deepEqual(problemsWith(() => {}), []);
    });
    for (const [what, mutate] of [
      ["no idempotency_key", (b: Record<string, any>) => delete b.idempotency_key],
      ["no source_id", (b: Record<string, any>) => delete b.source_id],
      ["a 46-character idempotency_key", (b: Record<string, any>) => (b.idempotency_key = "k".repeat(46))],
      ["a 41-character reference_id", (b: Record<string, any>) => (b.reference_id = "r".repeat(41))],
      ["an amount as a string", (b: Record<string, any>) => (b.amount_money.amount = "1099")],
      ["a field CreatePayment does not have", (b: Record<string, any>) => (b.metadata = { a: "b" })],
      ["an address field Square does not have", (b: Record<string, any>) => (b.billing_address.city = "New York")],
      ["autocomplete as a string", (b: Record<string, any>) => (b.autocomplete = "false")],
    ] as const) {
      it(what, () => {
        assert.notDeepEqual(problemsWith(mutate), [], what);
      });
    }
    it("a Basic Authorization header, or one not marked sensitive", () => {
      const req = base();
      req.headers = req.headers.map((h) => (h.name === "Authorization" ? { ...h, sensitive: false } : h));
      assert.notDeepEqual(validateRequest(spec, asHttp(req), { basePath: SANDBOX }).problems, []);
      const noAuth = base();
      noAuth.headers = noAuth.headers.filter((h) => h.name !== "Authorization");
      assert.notDeepEqual(validateRequest(spec, asHttp(noAuth), { basePath: SANDBOX }).problems, []);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Official SDK differential

interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Runs `call` with a SquareClient pointed at a loopback recorder; returns the one request it sent. */
async function captureSquare(call: (client: SquareClient) => Promise<unknown>, respond: object): Promise<Captured> {
  const requests: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
      requests.push({ method: req.method ?? "", path: req.url ?? "", headers, body: Buffer.concat(chunks).toString("utf8") });
      const payload = JSON.stringify(respond);
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
      res.end(payload);
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  try {
    const client = new SquareClient({
      token: TOKEN,
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 0,
    });
    await call(client);
    assert.equal(requests.length, 1, "the SDK sent exactly one request");
    return requests[0]!;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  }
}

/**
 * Per-call options for the SDK: its methods put `Square-Version: <requestOptions.version ?? its own
 * 2026-09-16>` after the client's headers, so the client-level `version` does not reach the wire;
 * each call is pinned to ours here, so that both sides speak one version.
 */
const RO = { version: VERSION as never, maxRetries: 0 };

const PAYMENT = { payment: { id: "P1", status: "APPROVED", amount_money: { amount: 1099, currency: "USD" } } };

describe("square: the official `square` SDK sends what we send", function () {
  let pool: SidecarPool;
  before(async () => {
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
  });
  after(async () => {
    await pool?.close();
  });

  async function ours(flow: TransformRequestParams["flow"], request: unknown, baseUrl: string): Promise<ProtocolHttpRequest> {
    return pool.transformRequest({ connector: "square", flow, auth: { accessToken: TOKEN, locationId: "L88917AVBK2S5" }, request, options: { baseUrl } } as TransformRequestParams);
  }

  /** Compares method, path, Bearer auth, Square-Version, content type and the decoded JSON body. */
  async function compare(
    flow: TransformRequestParams["flow"],
    request: unknown,
    sdkCall: (c: SquareClient) => Promise<unknown>,
    respond: object,
    expected: ExpectedDifference[] = [],
  ) {
    const sdk = await captureSquare(sdkCall, respond);
    const mine = await ours(flow, request, "http://127.0.0.1:1");
    const myUrl = new URL(mine.url);
    assert.equal(mine.method, sdk.method, "method");
    assert.equal(`${myUrl.pathname}${myUrl.search}`, sdk.path, "path");
    assert.equal(headerOf(mine, "Authorization"), sdk.headers.authorization, "Authorization (Bearer and the token)");
    assert.ok(/^Bearer /.test(sdk.headers.authorization ?? ""), "the SDK authenticates with Bearer");
    assert.equal(headerOf(mine, "Square-Version"), sdk.headers["square-version"], "Square-Version");
    if (sdk.body === "") {
      assert.equal(mine.body, null, `the SDK sends no body; ours: ${show(mine.body?.data)}`);
      return;
    }
    assert.ok(mine.body, "the SDK sends a body; we send none");
    assert.match(sdk.headers["content-type"] ?? "", /^application\/json/);
    assert.equal(mine.body!.contentType, "application/json");
    const problems = unexplained(diffFields(JSON.parse(bodyText(mine)), JSON.parse(sdk.body)), expected);
    assert.deepEqual(problems, []);
  }

  it("CreatePayment (authorize, manual capture, with customer, note, addresses)", async () => {
    await compare(
      "authorize",
      {
        merchantTransactionId: "order-3001",
        amount: { minorAmount: 1099, currency: "USD" },
        paymentMethod: { type: "token", token: { value: NONCE } },
        captureMethod: "manual",
        idempotencyKey: "idem-3001",
        description: "Order 3001",
        statementDescriptor: "ORDER3001",
        customer: { connectorCustomerId: "W92WH6P11H4Z77CTET0RNTGFW8", email: "jane@example.com" },
        billingAddress: { line1: "500 Electric Ave", city: "New York", state: "NY", postalCode: "10003", country: "US" },
      },
      (c) =>
        c.payments.create({
          sourceId: NONCE,
          idempotencyKey: "idem-3001",
          amountMoney: { amount: BigInt(1099), currency: "USD" },
          autocomplete: false,
          customerId: "W92WH6P11H4Z77CTET0RNTGFW8",
          locationId: "L88917AVBK2S5",
          referenceId: "order-3001",
          note: "Order 3001",
          statementDescriptionIdentifier: "ORDER3001",
          buyerEmailAddress: "jane@example.com",
          billingAddress: { addressLine1: "500 Electric Ave", locality: "New York", administrativeDistrictLevel1: "NY", postalCode: "10003", country: "US" },
        }, RO),
      PAYMENT,
    );
  });

  it("CreatePayment on a card on file (repeatPayment)", async () => {
    await compare(
      "repeatPayment",
      { merchantTransactionId: "sub-2", amount: { minorAmount: 1500, currency: "JPY" }, mandateReference: "ccof:uIbfJXhXETSP197M3GB", customer: { connectorCustomerId: "C1" }, idempotencyKey: "sub-2" },
      (c) =>
        c.payments.create({
          sourceId: "ccof:uIbfJXhXETSP197M3GB",
          idempotencyKey: "sub-2",
          amountMoney: { amount: BigInt(1500), currency: "JPY" },
          autocomplete: true,
          customerId: "C1",
          locationId: "L88917AVBK2S5",
          referenceId: "sub-2",
        }, RO),
      PAYMENT,
    );
  });

  it("GetPayment (psync), CompletePayment (capture), CancelPayment (void)", async () => {
    await compare("psync", { connectorTransactionId: "P1" }, (c) => c.payments.get({ paymentId: "P1" }, RO), PAYMENT);
    const amount = { minorAmount: 1099, currency: "USD" };
    await compare("capture", { connectorTransactionId: "P1", amountToCapture: amount, paymentAmount: amount }, (c) => c.payments.complete({ paymentId: "P1" }, RO), PAYMENT);
    await compare("void", { connectorTransactionId: "P1" }, (c) => c.payments.cancel({ paymentId: "P1" }, RO), PAYMENT);
  });

  it("UpdatePayment (incrementalAuthorization): the new total as amount_money, the idempotency key", async () => {
    await compare(
      "incrementalAuthorization",
      {
        connectorTransactionId: "1QjqpBVyrI9S4H9sTGDWU9JeiWdZY",
        additionalAmount: { minorAmount: 250, currency: "USD" },
        paymentAmount: { minorAmount: 750, currency: "USD" },
        idempotencyKey: "956f8b13-e4ec-45d6-85e8-d1d95ef0c5de",
      },
      (c) =>
        c.payments.update({
          paymentId: "1QjqpBVyrI9S4H9sTGDWU9JeiWdZY",
          idempotencyKey: "956f8b13-e4ec-45d6-85e8-d1d95ef0c5de",
          payment: { amountMoney: { amount: BigInt(1000), currency: "USD" } },
        }, RO),
      PAYMENT,
    );
  });

  it("RefundPayment and GetPaymentRefund", async () => {
    await compare(
      "refund",
      { connectorTransactionId: "P1", merchantRefundId: "rf-1", refundAmount: { minorAmount: 500, currency: "GBP" }, reason: "Returned item", idempotencyKey: "idem-rf-1" },
      (c) => c.refunds.refundPayment({ idempotencyKey: "idem-rf-1", amountMoney: { amount: BigInt(500), currency: "GBP" }, paymentId: "P1", reason: "Returned item" }, RO),
      { refund: { id: "R1", status: "PENDING" } },
    );
    await compare("rsync", { connectorTransactionId: "P1", connectorRefundId: "P1_R1" }, (c) => c.refunds.get({ refundId: "P1_R1" }, RO), { refund: { id: "P1_R1", status: "COMPLETED" } });
  });

  it("CreateCustomer and CreateCard (setupMandate)", async () => {
    await compare(
      "createCustomer",
      { customer: { id: "shopper-42", name: "Amelia Earhart", email: "amelia@example.com", phone: "+1-212-555-4240" }, description: "vip", idempotencyKey: "op-42" },
      (c) =>
        c.customers.create({
          idempotencyKey: "op-42:customer",
          givenName: "Amelia Earhart",
          emailAddress: "amelia@example.com",
          phoneNumber: "+1-212-555-4240",
          referenceId: "shopper-42",
          note: "vip",
        }, RO),
      { customer: { id: "C1" } },
    );
    await compare(
      "setupMandate",
      {
        merchantTransactionId: "save-42",
        amount: { minorAmount: 100, currency: "USD" },
        paymentMethod: { type: "token", token: { value: NONCE } },
        customer: { id: "shopper-42", connectorCustomerId: "C1" },
        billingAddress: { postalCode: "94103", country: "US" },
        idempotencyKey: "op-42",
      },
      (c) => c.cards.create({ idempotencyKey: "op-42", sourceId: NONCE, card: { customerId: "C1", referenceId: "shopper-42", billingAddress: { postalCode: "94103", country: "US" } } }, RO),
      { card: { id: "ccof:x", customer_id: "C1", enabled: true } },
    );
  });

  it("a difference the comparison must catch: an amount off by one", async () => {
    const sdk = await captureSquare(
      (c) => c.payments.create({ sourceId: NONCE, idempotencyKey: "k", amountMoney: { amount: BigInt(1000), currency: "USD" }, autocomplete: true, locationId: "L88917AVBK2S5", referenceId: "o" }, RO),
      PAYMENT,
    );
    const mine = await ours("authorize", { merchantTransactionId: "o", amount: { minorAmount: 1001, currency: "USD" }, paymentMethod: { type: "token", token: { value: NONCE } }, idempotencyKey: "k" }, "http://x");
    const problems = unexplained(diffFields(JSON.parse(bodyText(mine)), JSON.parse(sdk.body)), []);
    assert.deepEqual(problems, ["unexpected: amount_money.amount: ours 1001, the SDK 1000"]);
  });

  it("webhooks: the SDK's WebhooksHelper and our parseWebhook agree on valid and invalid signatures", async () => {
    const key = "sdk_differential_key";
    const url = "https://shop.example/webhooks/square?account=7";
    const bodies = [
      JSON.stringify({ merchant_id: "M", type: "payment.updated", event_id: "e1", created_at: "2024-01-01T00:00:00Z", data: { type: "payment", id: "P1", object: { payment: { id: "P1", status: "COMPLETED" } } } }),
      JSON.stringify({ type: "refund.created", event_id: "e2", data: { type: "refund", id: "R1", object: { refund: { id: "R1", status: "PENDING", payment_id: "P1" } } } }),
      `{"type":"payment.created","event_id":"e3","note":"ünïcödé ✓","data":{"id":"P2"}}`,
    ];
    for (const body of bodies) {
      const good = createHmac("sha256", key).update(url + body).digest("base64");
      for (const [signature, signedUrl] of [
        [good, url],
        [good, "https://shop.example/webhooks/square"],
        [createHmac("sha256", "other").update(url + body).digest("base64"), url],
        [good.slice(0, -2) + "AA", url],
      ] as const) {
        const sdkSays = await WebhooksHelper.verifySignature({ requestBody: body, signatureHeader: signature, signatureKey: key, notificationUrl: signedUrl });
        const oursSays = await pool.call("parseWebhook", {
          connector: "square",
          headers: [{ name: "x-square-hmacsha256-signature", value: signature }],
          body,
          secret: key,
          url: signedUrl,
        });
        assert.equal(oursSays.verified, sdkSays, `${show(body, 40)} with ${signedUrl}: SDK ${sdkSays}, ours ${oursSays.verified} (${oursSays.reason})`);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Response mapping from the spec's examples, through the real binary

describeWithOracles("square: the spec's example responses and events", () => {
  let spec: Spec;
  let pool: SidecarPool;
  before(async () => {
    spec = loadSpec(oraclePath("square", "api.json"));
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
  });
  after(async () => {
    await pool?.close();
  });
  const example = (schema: string) => (spec.components!.schemas![schema] as { example: unknown }).example;
  const amount = { minorAmount: 1000, currency: "USD" };
  const cases: { schema: string; flow: TransformRequestParams["flow"]; request: unknown; want: Record<string, unknown> }[] = [
    {
      schema: "CreatePaymentResponse",
      flow: "authorize",
      request: { merchantTransactionId: "123456", amount, paymentMethod: { type: "token", token: { value: NONCE } }, idempotencyKey: "k" },
      want: { status: "charged", connectorTransactionId: "R2B3Z8WMVt3EAmzYWLZvz7Y69EbZY", amountCaptured: { minorAmount: 1000, currency: "USD" } },
    },
    { schema: "GetPaymentResponse", flow: "psync", request: { connectorTransactionId: "bP9mAsEMYPUGjjGNaNO5ZDVyLhSZY" }, want: { status: "charged", amountCaptured: { minorAmount: 555, currency: "USD" } } },
    {
      schema: "CompletePaymentResponse",
      flow: "capture",
      request: { connectorTransactionId: "bP9mAsEMYPUGjjGNaNO5ZDVyLhSZY", amountToCapture: { minorAmount: 555, currency: "USD" }, paymentAmount: { minorAmount: 555, currency: "USD" } },
      want: { status: "charged", connectorStatus: "COMPLETED" },
    },
    { schema: "CancelPaymentResponse", flow: "void", request: { connectorTransactionId: "1QjqpBVyrI9S4H9sTGDWU9JeiWdZY" }, want: { status: "voided", connectorStatus: "CANCELED" } },
    {
      schema: "RefundPaymentResponse",
      flow: "refund",
      request: { connectorTransactionId: "R2B3Z8WMVt3EAmzYWLZvz7Y69EbZY", merchantRefundId: "rf", refundAmount: amount },
      want: { status: "pending", refundAmount: amount },
    },
    { schema: "GetPaymentRefundResponse", flow: "rsync", request: { connectorTransactionId: "bP9m", connectorRefundId: "x" }, want: { status: "success", refundAmount: { minorAmount: 555, currency: "USD" } } },
    { schema: "CreateCustomerResponse", flow: "createCustomer", request: { customer: { name: "Amelia" } }, want: { status: "success", connectorCustomerId: "JDKYHBWT1D4F8MFH63DBMEN8Y4" } },
    {
      schema: "CreateCardResponse",
      flow: "setupMandate",
      request: { merchantTransactionId: "m", amount: { minorAmount: 100, currency: "USD" }, paymentMethod: { type: "token", token: { value: NONCE } }, customer: { connectorCustomerId: "C" }, idempotencyKey: "k" },
      want: { status: "charged", mandateReference: "ccof:uIbfJXhXETSP197M3GB", connectorCustomerId: "VDKXEEKPJN48QDG3BGGFAK05P8" },
    },
    // Issue 12: UpdatePayment's example (amount_money 1000, tip 100): authorized for the amount, tip aside.
    {
      schema: "UpdatePaymentResponse",
      flow: "incrementalAuthorization",
      request: { connectorTransactionId: "1QjqpBVyrI9S4H9sTGDWU9JeiWdZY", additionalAmount: { minorAmount: 250, currency: "USD" }, paymentAmount: { minorAmount: 750, currency: "USD" }, idempotencyKey: "k" },
      want: { status: "authorized", connectorStatus: "APPROVED", connectorTransactionId: "1QjqpBVyrI9S4H9sTGDWU9JeiWdZY", authorizedAmount: { minorAmount: 1000, currency: "USD" } },
    },
    // Issue 12: the Disputes API's examples.
    {
      schema: "RetrieveDisputeResponse",
      flow: "dsync",
      request: { connectorDisputeId: "XDgyFu7yo1E2S5lQGGpYn" },
      want: { status: "accepted", connectorDisputeId: "XDgyFu7yo1E2S5lQGGpYn", connectorTransactionId: "zhyh1ch64kRBrrlfVhwjCEjZWzNZY", amount: { minorAmount: 2500, currency: "USD" }, reasonCode: "NO_KNOWLEDGE", dueBy: "2022-07-13T00:00:00Z" },
    },
    { schema: "AcceptDisputeResponse", flow: "acceptDispute", request: { connectorDisputeId: "XDgyFu7yo1E2S5lQGGpYn" }, want: { status: "accepted", connectorStatus: "ACCEPTED" } },
    { schema: "SubmitEvidenceResponse", flow: "defendDispute", request: { connectorDisputeId: "EAZoK70gX3fyvibecLwIGB" }, want: { status: "challenged", connectorStatus: "PROCESSING", amount: { minorAmount: 4350, currency: "USD" } } },
    {
      schema: "CreateDisputeEvidenceTextResponse",
      flow: "submitDisputeEvidence",
      request: { connectorDisputeId: "bVTprrwk0gygTLZ96VX1oB", submit: false, idempotencyKey: "k", evidence: [{ type: "duplicateChargeDocumentation", text: "The customer purchased the item twice." }] },
      want: { status: "needs_response", connectorDisputeId: "bVTprrwk0gygTLZ96VX1oB" },
    },
  ];
  for (const c of cases) {
    it(`${c.schema} read by ${c.flow}`, async () => {
      const result = (await pool.transformResponse({
        connector: "square",
        flow: c.flow,
        auth: { accessToken: TOKEN },
        request: c.request,
        response: { status: 200, headers: [{ name: "content-type", value: "application/json" }], body: JSON.stringify(example(c.schema)) },
      } as never)) as Record<string, unknown>;
      for (const [k, v] of Object.entries(c.want)) assert.deepEqual(result[k], v, `${c.schema}: ${k}`);
      assert.equal(result.error, undefined, `${c.schema}: no error`);
    });
  }

  for (const [schema, kind] of [
    ["PaymentCreatedEvent", "payment"],
    ["PaymentUpdatedEvent", "payment"],
    ["RefundCreatedEvent", "refund"],
    ["RefundUpdatedEvent", "refund"],
    ["DisputeCreatedEvent", "dispute"],
    ["DisputeStateUpdatedEvent", "dispute"],
  ] as const) {
    it(`${schema}, signed as Square signs it`, async () => {
      const body = JSON.stringify(example(schema));
      const url = "https://shop.example/hooks";
      const signature = createHmac("sha256", "k").update(url + body).digest("base64");
      const r = await pool.call("parseWebhook", { connector: "square", headers: [{ name: "x-square-hmacsha256-signature", value: signature }], body, secret: "k", url });
      assert.equal(r.verified, true);
      const e = r.events[0]!;
      const ex = example(schema) as { type: string; event_id: string; data: { object: Record<string, { id: string; status: string }> } };
      assert.equal(e.kind, kind);
      assert.equal(e.eventType, ex.type);
      assert.equal(e.connectorEventId, ex.event_id);
      const object = ex.data.object[kind]!;
      assert.equal(kind === "payment" ? e.connectorTransactionId : kind === "refund" ? e.connectorRefundId : e.connectorDisputeId, object.id);
      assert.ok(kind === "payment" ? e.paymentStatus && e.paymentStatus !== "unresolved" : kind === "refund" ? e.refundStatus : e.disputeStatus, "a status");
    });
  }
});

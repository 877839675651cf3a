// Checkout.com against what Checkout.com wrote:
// - spec validation: every Checkout.com request the sidecar makes (the shared vectors and a
//   generated matrix of flows, payment methods, currencies and optional fields), checked against
//   checkout-nas.bundled.json (2021) with test/oracles/openapi.ts; where today's API has fields the
//   2021 spec lacks, an override says so;
// - official-SDK differential: the request checkout-sdk-node sends for the same operation (its own
//   fetch, pointed at a loopback recorder with its `host` option) against ours: method, path,
//   auth scheme, idempotency header, content type and body field by field; and the SDK's own
//   merchant-specific host against ours;
// - response mapping: the spec's examples through the real binary.
import assert from "node:assert/strict";

import { Checkout as CheckoutSdk } from "checkout-sdk-node";

import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest as ProtocolHttpRequest, PaymentResult, RefundResult, TransformRequestParams } from "../../protocol/index.js";
import { asHttp, bodyText, decodeBody, diffFields, headerOf, mediaType, requestVectors, unexplained, type ExpectedDifference } from "./helpers.js";
import { describeWithOracles, loadSpec, oraclePath, validateRequest, type SchemaLike, type SchemaOverride, type Spec } from "./openapi.js";
import { startRecorder, type Recorded } from "./sdk-capture.js";

/** A NAS sandbox-shaped key (the SDK adds `Bearer` only to keys of that shape). Not a real key. */
const KEY = "sk_sbox_m73dzbpy7cf3gfd46xr4yj5xo4e";
const AUTH = { apiKey: KEY };
const VISA = "4242424242424242";
const PAY = "pay_mbabizu24mvu3mela5njyhpit4";

/** Facts of today's API that the 2021 spec lacks, each with its source. */
function overrides(spec: Spec): SchemaOverride[] {
  const schemas = spec.components!.schemas! as Record<string, SchemaLike & { properties?: Record<string, SchemaLike> }>;
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  return [
    {
      operation: "POST /payments",
      field: ["source"],
      // PaymentRequestSource is a discriminated union (`discriminator.mapping` by `type`), which
      // the validator does not read; the mapped variants are checked as alternatives instead.
      schema: () => ({ oneOf: [ref("03_PaymentRequestCardSource"), ref("01_PaymentRequestTokenSource"), ref("02_PaymentRequestIdSource")] }),
      why: "the spec's discriminator mapping of PaymentRequestSource",
    },
    {
      operation: "POST /payments",
      field: ["3ds"],
      schema: () => {
        const base = schemas["3dsRequest"] as { properties: Record<string, SchemaLike> };
        return {
          ...base,
          properties: {
            ...base.properties,
            challenge_indicator: { type: "string", enum: ["no_preference", "no_challenge_requested", "challenge_requested", "challenge_requested_mandate"] },
          },
        };
      },
      why: "3ds.challenge_indicator (challenge_requested_mandate for the first payment of a recurring series: docs 'Recurring payments with stored card details', 2023+)",
    },
  ];
}

/** Checkout.com's paths start at the host: the base is the URL's origin, or `options.baseUrl`. */
function validate(spec: Spec, req: ProtocolHttpRequest, baseUrl?: string) {
  return validateRequest(spec, asHttp(req), { basePath: baseUrl ?? new URL(req.url).origin, overrides: overrides(spec) });
}

// ---------------------------------------------------------------------------------------------

const CARD = { number: VISA, expMonth: "12", expYear: "2034", cvc: "100", holderName: "Jane Doe" };
const TOKEN = { type: "token" as const, token: { value: "tok_ubfj2q76miwundwlk72vxt2i7q" } };
const ADDRESS = { firstName: "Jane", lastName: "Doe", line1: "1 Main St", line2: "Apt 4", city: "Springfield", state: "IL", postalCode: "62701", country: "US" };
const AMOUNTS = [
  { minorAmount: 1099, currency: "USD" },
  { minorAmount: 1500, currency: "JPY" },
  { minorAmount: 12340, currency: "KWD" },
  { minorAmount: 5000, currency: "CLP" },
  { minorAmount: 5, currency: "ISK" },
  { minorAmount: 999, currency: "EUR" },
] as const;
const VARIANTS: Record<string, Record<string, unknown>> = {
  minimal: {},
  billing: { billingAddress: ADDRESS },
  shipping: { shippingAddress: ADDRESS },
  customer: { customer: { email: "jane@example.com", name: "Jane Doe", connectorCustomerId: "cus_y3oqhf46pyzuxjbcn2giaqnb44" } },
  threeDs: { returnUrl: "https://shop.example/return?order=1", browserInfo: { ipAddress: "192.0.2.10" } },
  saveOffSession: { setupFutureUsage: "offSession", returnUrl: "https://shop.example/return" },
  saveOnSession: { setupFutureUsage: "onSession" },
  metadata: { metadata: { cart: "c-77", note: "a & b" }, description: "Order 1001", idempotencyKey: "idem-1" },
};

function matrix(): TransformRequestParams[] {
  const out: TransformRequestParams[] = [];
  let i = 0;
  for (const amount of AMOUNTS) {
    for (const [name, extra] of Object.entries(VARIANTS)) {
      for (const paymentMethod of [{ type: "card", card: CARD }, TOKEN]) {
        for (const captureMethod of ["automatic", "manual"]) {
          i++;
          out.push({
            connector: "checkout",
            flow: "authorize",
            auth: i % 3 === 0 ? { ...AUTH, processingChannelId: "pc_q4dbxom5jbgudnjzjpz7j2z6uq" } : AUTH,
            request: { merchantTransactionId: `order-${i}-${name}`, amount, paymentMethod, captureMethod, ...extra },
          } as TransformRequestParams);
        }
      }
    }
    out.push(
      { connector: "checkout", flow: "setupMandate", auth: AUTH, request: { merchantTransactionId: "m-1", amount: { ...amount, minorAmount: 0 }, paymentMethod: { type: "card", card: CARD }, returnUrl: "https://r.example" } },
      { connector: "checkout", flow: "setupMandate", auth: AUTH, request: { merchantTransactionId: "m-2", amount, paymentMethod: TOKEN } },
      {
        connector: "checkout",
        flow: "repeatPayment",
        auth: AUTH,
        request: { merchantTransactionId: "r-1", amount, mandateReference: "src_wmlfc3zyhqzehihu7giusaaawu", networkTransactionId: "489341065491658", metadata: { plan: "gold" } },
      },
      { connector: "checkout", flow: "capture", auth: AUTH, request: { connectorTransactionId: PAY, amountToCapture: amount, merchantCaptureId: "cap-1" } },
      { connector: "checkout", flow: "refund", auth: AUTH, request: { connectorTransactionId: PAY, merchantRefundId: "rf-1", refundAmount: amount, metadata: { why: "damaged" } } },
    );
  }
  out.push(
    { connector: "checkout", flow: "void", auth: AUTH, request: { connectorTransactionId: PAY, merchantTransactionId: "order-1" } },
    { connector: "checkout", flow: "void", auth: AUTH, request: { connectorTransactionId: PAY } },
    { connector: "checkout", flow: "psync", auth: AUTH, request: { connectorTransactionId: PAY } },
    { connector: "checkout", flow: "rsync", auth: AUTH, request: { connectorTransactionId: PAY, connectorRefundId: "act_fd3h6evhpn3uxdoqbuu3lqnqbm" } },
  );
  return out as TransformRequestParams[];
}

describeWithOracles("checkout: requests against checkout-nas.bundled.json", () => {
  let pool: SidecarPool;
  let spec: Spec;
  before(async () => {
    spec = loadSpec(oraclePath("checkout", "checkout-nas.bundled.json"));
    pool = await SidecarPool.start({ size: 1 });
  });
  after(() => pool?.close());

  it("every checkout request vector fits the spec", async () => {
    const vectors = requestVectors("checkout");
    assert.ok(vectors.length >= 15, `only ${vectors.length} vectors`);
    for (const v of vectors) {
      const r = validate(spec, v.result as ProtocolHttpRequest, (v.params["options"] as { baseUrl?: string } | undefined)?.baseUrl);
      assert.deepEqual(r.problems, [], `${v.file}`);
      assert.ok(r.pathTemplate, v.file);
    }
  });

  it("a generated matrix of flows, methods, currencies and optional fields fits the spec", async () => {
    const cases = matrix();
    assert.ok(cases.length > 200, `${cases.length}`);
    const operations = new Set<string>();
    for (const params of cases) {
      const http = await pool.transformRequest(params);
      const r = validate(spec, http);
      assert.deepEqual(r.problems, [], `${params.flow} ${JSON.stringify((params.request as { merchantTransactionId?: string }).merchantTransactionId ?? "")}`);
      operations.add(`${http.method} ${r.pathTemplate}`);
    }
    assert.deepEqual(
      [...operations].sort(),
      ["GET /payments/{id}", "GET /payments/{id}/actions", "POST /payments", "POST /payments/{id}/captures", "POST /payments/{id}/refunds", "POST /payments/{id}/voids"],
    );
  });

  it("the validator catches a broken request made from one of ours", async () => {
    const http = await pool.transformRequest({ connector: "checkout", flow: "authorize", auth: AUTH, request: { merchantTransactionId: "o", amount: { minorAmount: 100, currency: "USD" }, paymentMethod: { type: "card", card: CARD } } } as TransformRequestParams);
    const body = JSON.parse(bodyText(http)) as Record<string, any>;
    const broken = (mutate: (b: Record<string, any>) => void) => {
      const copy = JSON.parse(JSON.stringify(body)) as Record<string, any>;
      mutate(copy);
      return validate(spec, { ...http, body: { ...http.body!, data: JSON.stringify(copy) } }).problems;
    };
    assert.ok(broken((b) => (b["source"]["expiry_month"] = "12")).length > 0, "a string month");
    assert.ok(broken((b) => (b["reference"] = "x".repeat(51))).length > 0, "a long reference");
    assert.ok(broken((b) => (b["amount"] = -1)).length > 0, "a negative amount");
    assert.ok(broken((b) => (b["capture_method"] = "manual")).length > 0, "an unknown field");
    assert.ok(broken((b) => (b["source"] = { type: "id", id: "card_123" })).length > 0, "a bad source id");
    const noAuth = { ...http, headers: http.headers.filter((h) => h.name !== "Authorization") };
    assert.ok(validate(spec, noAuth).problems.length > 0, "no credentials");
  });
});

// ---------------------------------------------------------------------------------------------

/** Runs `call` with checkout-sdk-node pointed at a loopback recorder; returns the one request. */
async function captureCheckoutSdk(call: (cko: CheckoutSdk) => Promise<unknown>, respond: object, status = 200): Promise<Recorded> {
  const rec = await startRecorder(respond, status);
  try {
    const cko = new CheckoutSdk(KEY, { pk: "pk_sbox_oracle_not_a_real_key", host: `http://127.0.0.1:${rec.port}` });
    await call(cko);
    assert.equal(rec.requests.length, 1, "the SDK call sent exactly one request");
    return rec.requests[0]!;
  } finally {
    await rec.close();
  }
}

describe("checkout: official SDK differential (checkout-sdk-node)", () => {
  let pool: SidecarPool;
  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
  });
  after(() => pool?.close());

  async function compare(
    params: TransformRequestParams,
    sdk: (cko: CheckoutSdk) => Promise<unknown>,
    respond: object,
    expected: ExpectedDifference[] = [],
  ): Promise<void> {
    const ours = await pool.transformRequest(params);
    const theirs = await captureCheckoutSdk(sdk, respond);
    const ourUrl = new URL(ours.url);
    assert.equal(ours.method, theirs.method, "method");
    assert.equal(ourUrl.pathname + ourUrl.search, theirs.path, "path");
    assert.equal(headerOf(ours, "authorization"), theirs.headers["authorization"], "auth scheme (Bearer + the secret key)");
    assert.ok(ours.headers.find((h) => h.name.toLowerCase() === "authorization")!.sensitive);
    assert.equal(headerOf(ours, "cko-idempotency-key"), theirs.headers["cko-idempotency-key"], "idempotency header");
    if (ours.body) assert.equal(mediaType(ours.body.contentType), mediaType(theirs.headers["content-type"]), "content type");
    const ourBody = decodeBody(ours.body?.contentType, bodyText(ours));
    const sdkBody = theirs.method === "GET" ? null : decodeBody(theirs.headers["content-type"], theirs.body);
    assert.deepEqual(unexplained(diffFields(ourBody ?? {}, sdkBody ?? {}), expected), []);
  }

  const paymentAnswer = { id: PAY, action_id: "act_1", status: "Authorized", approved: true, amount: 1099, currency: "USD", response_code: "10000" };

  it("authorize: a card payment with 3DS, manual capture, idempotency key", async () => {
    await compare(
      {
        connector: "checkout",
        flow: "authorize",
        auth: AUTH,
        request: {
          merchantTransactionId: "ORD-5023-4E89",
          amount: { minorAmount: 6540, currency: "USD" },
          paymentMethod: { type: "card", card: { number: VISA, expMonth: "06", expYear: "2030", cvc: "100", holderName: "Bruce Wayne" } },
          captureMethod: "manual",
          description: "Set of 3 masks",
          returnUrl: "https://example.com/payments/return",
          billingAddress: { line1: "Checkout.com", line2: "90 Tottenham Court Road", city: "London", state: "London", postalCode: "W1T 4TJ", country: "GB" },
          metadata: { coupon_code: "NY2018" },
          idempotencyKey: "3f1d5a1e-1c2b-4d7e-9f00-0a1b2c3d4e5f",
        },
      } as TransformRequestParams,
      // As the SDK's README and Checkout.com's "request a payment" reference write it.
      (cko) =>
        cko.payments.request(
          {
            source: {
              type: "card",
              number: VISA,
              expiry_month: 6,
              expiry_year: 2030,
              name: "Bruce Wayne",
              cvv: "100",
              billing_address: { address_line1: "Checkout.com", address_line2: "90 Tottenham Court Road", city: "London", state: "London", zip: "W1T 4TJ", country: "GB" },
            },
            amount: 6540,
            currency: "USD",
            reference: "ORD-5023-4E89",
            description: "Set of 3 masks",
            capture: false,
            "3ds": { enabled: true },
            success_url: "https://example.com/payments/return",
            failure_url: "https://example.com/payments/return",
            metadata: { coupon_code: "NY2018" },
          },
          "3f1d5a1e-1c2b-4d7e-9f00-0a1b2c3d4e5f",
        ),
      paymentAnswer,
    );
  });

  it("authorize: a Frames token, automatic capture (the SDK infers nothing we leave out)", async () => {
    await compare(
      { connector: "checkout", flow: "authorize", auth: AUTH, request: { merchantTransactionId: "ORD-1", amount: { minorAmount: 1000, currency: "KWD" }, paymentMethod: TOKEN } } as TransformRequestParams,
      // The SDK fills in source.type from the token when it is missing.
      (cko) => cko.payments.request({ source: { token: "tok_ubfj2q76miwundwlk72vxt2i7q" }, amount: 1000, currency: "KWD", reference: "ORD-1", capture: true }),
      paymentAnswer,
    );
  });

  it("repeatPayment: a saved source, merchant-initiated, chained to the series", async () => {
    await compare(
      {
        connector: "checkout",
        flow: "repeatPayment",
        auth: AUTH,
        request: { merchantTransactionId: "SUB-7", amount: { minorAmount: 999, currency: "EUR" }, mandateReference: "src_wmlfc3zyhqzehihu7giusaaawu", networkTransactionId: "pay_fun26akvvjjerahhctaq2uzhu4", idempotencyKey: "SUB-7" },
      } as TransformRequestParams,
      (cko) =>
        cko.payments.request(
          { source: { type: "id", id: "src_wmlfc3zyhqzehihu7giusaaawu" }, amount: 999, currency: "EUR", payment_type: "Recurring", merchant_initiated: true, reference: "SUB-7", capture: true, previous_payment_id: "pay_fun26akvvjjerahhctaq2uzhu4" },
          "SUB-7",
        ),
      paymentAnswer,
    );
  });

  it("setupMandate: a card verification starting a recurring series", async () => {
    await compare(
      { connector: "checkout", flow: "setupMandate", auth: AUTH, request: { merchantTransactionId: "MANDATE-1", amount: { minorAmount: 0, currency: "GBP" }, paymentMethod: { type: "card", card: { number: VISA, expMonth: "10", expYear: "2031" } } } } as TransformRequestParams,
      (cko) =>
        cko.payments.request({
          source: { type: "card", number: VISA, expiry_month: 10, expiry_year: 2031 },
          amount: 0,
          currency: "GBP",
          payment_type: "Recurring",
          merchant_initiated: false,
          reference: "MANDATE-1",
          capture: false,
        }),
      { ...paymentAnswer, status: "Card Verified" },
    );
  });

  it("psync, capture, void, refund, rsync", async () => {
    await compare({ connector: "checkout", flow: "psync", auth: AUTH, request: { connectorTransactionId: PAY } } as TransformRequestParams, (cko) => cko.payments.get(PAY), paymentAnswer);
    await compare(
      { connector: "checkout", flow: "capture", auth: AUTH, request: { connectorTransactionId: PAY, amountToCapture: { minorAmount: 600, currency: "USD" }, merchantCaptureId: "CAP-1", idempotencyKey: "cap-key" } } as TransformRequestParams,
      (cko) => cko.payments.capture(PAY, { amount: 600, reference: "CAP-1" }, "cap-key"),
      { action_id: "act_1" },
    );
    await compare(
      { connector: "checkout", flow: "void", auth: AUTH, request: { connectorTransactionId: PAY, merchantTransactionId: "ORD-1", idempotencyKey: "void-key" } } as TransformRequestParams,
      (cko) => cko.payments.void(PAY, { reference: "ORD-1" }, "void-key"),
      { action_id: "act_2" },
    );
    await compare(
      { connector: "checkout", flow: "refund", auth: AUTH, request: { connectorTransactionId: PAY, merchantRefundId: "RF-1", refundAmount: { minorAmount: 300, currency: "USD" }, idempotencyKey: "rf-key" } } as TransformRequestParams,
      (cko) => cko.payments.refund(PAY, { amount: 300, reference: "RF-1" }, "rf-key"),
      { action_id: "act_3" },
    );
    await compare(
      { connector: "checkout", flow: "rsync", auth: AUTH, request: { connectorTransactionId: PAY, connectorRefundId: "act_3" } } as TransformRequestParams,
      (cko) => cko.payments.getActions(PAY),
      [],
    );
  });

  it("the merchant-specific host is the SDK's", async () => {
    for (const [environment, key] of [
      ["sandbox", KEY],
      ["production", "sk_m73dzbpy7cf3gfd46xr4yj5xo4e"],
    ] as const) {
      const cko = new CheckoutSdk(key, { pk: "pk_x", subdomain: "vkuhvk4v" });
      const sdkHost = (cko as unknown as { config: { host: string } }).config.host;
      const ours = await pool.transformRequest({ connector: "checkout", flow: "psync", auth: { apiKey: key, subdomain: "vkuhvk4v" }, request: { connectorTransactionId: PAY }, options: { environment } } as TransformRequestParams);
      assert.equal(new URL(ours.url).origin, sdkHost, environment);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describeWithOracles("checkout: the spec's examples through the binary", () => {
  let pool: SidecarPool;
  // The raw document: its examples are read by path.
  let spec: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  before(async () => {
    spec = loadSpec(oraclePath("checkout", "checkout-nas.bundled.json"));
    pool = await SidecarPool.start({ size: 1 });
  });
  after(() => pool?.close());

  const respond = async (flow: string, request: Record<string, unknown>, status: number, body: unknown) =>
    (await pool.transformResponse({
      connector: "checkout",
      flow,
      auth: AUTH,
      request,
      response: { status, headers: [], body: JSON.stringify(body) },
    } as never)) as PaymentResult & RefundResult;

  it("the 201 PaymentResponse example", async () => {
    const example = spec.paths["/payments"].post.responses["201"].content["application/json"].example;
    const request = { merchantTransactionId: "ORD-5023-4E89", amount: { minorAmount: 6540, currency: "USD" }, paymentMethod: { type: "card", card: { number: VISA, expMonth: "12", expYear: "2030" } }, captureMethod: "manual" };
    const r = await respond("authorize", request, 201, example);
    assert.equal(r.status, "authorized");
    assert.equal(r.connectorTransactionId, example.id);
    assert.equal(r.networkTransactionId, example.scheme_id);
    assert.equal(r.connectorStatus, "Authorized");
  });

  it("the PaymentActionsResponse example, read for its refund", async () => {
    const example = spec.components.schemas.PaymentActionsResponse.example as { id: string; type: string; amount: number }[];
    const refund = example.find((a) => a.type === "Refund")!;
    const r = await respond("rsync", { connectorTransactionId: PAY, connectorRefundId: refund.id, refundAmount: { minorAmount: refund.amount, currency: "USD" } }, 200, example);
    assert.equal(r.status, "success");
    assert.deepEqual(r.refundAmount, { minorAmount: refund.amount, currency: "USD" });
  });

  it("the ValidationError example (422) and the documented statuses of GET /payments/{id}", async () => {
    const error = spec.components.schemas.ValidationError.properties;
    const body = { request_id: error.request_id.example, error_type: error.error_type.example, error_codes: [error.error_codes.items.example] };
    const r = await respond("capture", { connectorTransactionId: PAY, amountToCapture: { minorAmount: 1, currency: "USD" } }, 422, body);
    assert.equal(r.status, "capture_failed");
    assert.equal(r.error?.connectorCode, "payment_source_required");
    const want: Record<string, string> = {
      Pending: "pending",
      Authorized: "authorized",
      "Card Verified": "charged",
      Voided: "voided",
      "Partially Captured": "partial_charged",
      Captured: "charged",
      "Partially Refunded": "charged",
      Refunded: "charged",
      Declined: "failure",
      Canceled: "voided",
      Expired: "failure",
      Paid: "charged",
    };
    const statuses = spec.components.schemas.PaymentDetails.properties.status.enum as string[];
    assert.deepEqual([...statuses].sort(), Object.keys(want).sort());
    for (const status of statuses) {
      const r = await respond("psync", { connectorTransactionId: PAY }, 200, { id: PAY, requested_on: "2021-01-01T00:00:00Z", amount: 100, currency: "USD", status, approved: status !== "Declined", _links: {} });
      assert.equal(r.status, want[status], status);
    }
  });
});

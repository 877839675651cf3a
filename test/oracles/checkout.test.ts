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

/**
 * The request sources of the alternative payment methods the connector sends, as the NAS spec of
 * 2023-07 writes them (github.com/checkout/checkout-api-reference fork kevin-reece-cko @ 142121b4,
 * nas_spec/components/schemas/Payments/RequestSources/*.yaml), transcribed: the 2021 spec
 * vendored here has none of them.
 */
const str = (extra: Record<string, unknown> = {}) => ({ type: "string", ...extra });
const source = (types: string[], properties: Record<string, unknown>, required: string[] = []) => ({
  type: "object",
  required: ["type", ...required],
  properties: { type: { type: "string", enum: types }, ...properties },
});
const APM_SOURCES = [
  source(["ideal"], { description: str({ maxLength: 35 }), bic: str({ maxLength: 11 }), language: str({ maxLength: 2 }) }, ["description", "bic"]),
  source(
    ["bancontact"],
    { payment_country: str({ enum: ["BE"] }), account_holder_name: str({ minLength: 3, maxLength: 100 }), billing_descriptor: str({ maxLength: 65534 }), language: str({ enum: ["fr", "nl", "de", "en"] }) },
    ["payment_country", "account_holder_name"],
  ),
  source(["eps"], { purpose: str({ maxLength: 27 }) }, ["purpose"]),
  source(["giropay"], {}),
  source(
    ["p24"],
    { payment_country: str({ enum: ["PL"] }), account_holder_name: str({ minLength: 3, maxLength: 100 }), account_holder_email: str({ maxLength: 254 }), billing_descriptor: str({ maxLength: 65534 }) },
    ["payment_country", "account_holder_name", "account_holder_email"],
  ),
  source(["sofort"], { countryCode: str({ maxLength: 2 }), languageCode: str({ maxLength: 2 }) }),
  source(["trustly"], { billing_address: { $ref: "#/components/schemas/Address" } }),
  source(["knet"], { language: str({ maxLength: 2, enum: ["ar", "en"] }) }, ["language"]),
  source(
    ["multibanco"],
    { payment_country: str({ enum: ["PT"] }), account_holder_name: str({ minLength: 3, maxLength: 100 }), billing_descriptor: str({ maxLength: 65534 }) },
    ["payment_country", "account_holder_name"],
  ),
  // PaymentRequestAlipayPlusSource: the type alone.
  source(["alipay_cn", "alipay_hk", "gcash", "dana", "kakaopay", "tng"], {}),
  // PaymentRequestPayPalSource: `plan`, the billing agreement, optional; its `type` enum as the
  // official SDKs spell it (checkout-sdk-go BillingPlanType: the yaml's values carry a stray comma).
  source(["paypal"], {
    plan: {
      type: "object",
      required: ["type"],
      properties: {
        type: str({ enum: ["MERCHANT_INITIATED_BILLING", "MERCHANT_INITIATED_BILLING_SINGLE_AGREEMENT", "CHANNEL_INITIATED_BILLING", "CHANNEL_INITIATED_BILLING_SINGLE_AGREEMENT", "RECURRING_PAYMENTS", "PRE_APPROVED_PAYMENTS"] }),
        skip_shipping_address: { type: "boolean" },
        immutable_shipping_address: { type: "boolean" },
      },
    },
  }),
  // PaymentRequestSEPAV4Source (swagger 2026-07-30), as checkout-sdk-node 5.2.1 documents it on
  // payments.request (the devDependency's dist/api/payments/payments.js) and the Python SDK's
  // SepaSourceBillingAddress gives its lengths: country, account_number (the IBAN), currency and
  // account_holder required; account_holder.billing_address requires all five of its fields.
  source(
    ["sepa"],
    {
      country: str({ minLength: 2, maxLength: 2 }),
      account_number: str(),
      currency: str({ minLength: 3, maxLength: 3 }),
      mandate_id: str(),
      mandate_type: str({ enum: ["Core", "B2B"] }),
      date_of_signature: str({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }),
      account_holder: {
        type: "object",
        required: ["billing_address"],
        properties: {
          first_name: str({ maxLength: 50 }),
          last_name: str({ maxLength: 50 }),
          company_name: str({ maxLength: 50 }),
          // Lower case, as every Checkout.com SDK sends it (the swagger capitalizes it here only).
          type: str({ enum: ["individual", "corporate"] }),
          billing_address: {
            type: "object",
            required: ["address_line1", "address_line2", "city", "zip", "country"],
            properties: {
              address_line1: str(),
              address_line2: str({ maxLength: 10 }),
              city: str({ maxLength: 35 }),
              zip: str({ maxLength: 16 }),
              country: str({ minLength: 2, maxLength: 2 }),
            },
          },
        },
      },
    },
    ["country", "account_number", "currency", "account_holder"],
  ),
  // PaymentRequestAchSource with AccountHolderAch (type, first_name, last_name required), as the
  // official Go and Python SDKs transcribe them (AchSourceAccountType: savings, checking, cash).
  source(
    ["ach"],
    {
      account_type: str({ enum: ["savings", "checking", "cash"] }),
      country: str({ minLength: 2, maxLength: 2 }),
      account_number: str(),
      bank_code: str(),
      account_holder: {
        type: "object",
        required: ["type", "first_name", "last_name"],
        properties: {
          type: str({ enum: ["individual", "corporate", "government"] }),
          first_name: str(),
          last_name: str(),
          company_name: str(),
          billing_address: { $ref: "#/components/schemas/Address" },
          date_of_birth: str(),
        },
      },
    },
    ["account_type", "country", "account_number", "bank_code", "account_holder"],
  ),
];

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
      schema: () => ({
        oneOf: [
          ref("03_PaymentRequestCardSource"),
          ref("01_PaymentRequestTokenSource"),
          ref("02_PaymentRequestIdSource"),
          ref("04_PaymentRequestNetworkTokenSource"),
          ...APM_SOURCES,
        ],
      }),
      why: "the spec's discriminator mapping of PaymentRequestSource, with the alternative payment methods' sources of the NAS spec of 2023-07 (APM_SOURCES)",
    },
    {
      operation: "POST /payments",
      field: ["payment_type"],
      schema: () => ({ type: "string", enum: ["Regular", "Recurring", "MOTO", "Installment", "Unscheduled"] }),
      why: "payment_type Unscheduled (checkout-api-reference nas_spec/components/schemas/Payments/PaymentRequest.yaml @ 142121b4, 2023-07)",
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
            // 3dsRequestThirdParty (nas_spec @ 142121b4): the ACS / DS transStatus.
            status: { type: "string", minLength: 1, maxLength: 1 },
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
  // The payment methods beyond cards, 3-D Secure and the series types, each shape once.
  const extra = (id: string, amount: { minorAmount: number; currency: string }, paymentMethod: Record<string, unknown>, more: Record<string, unknown> = {}) =>
    out.push({ connector: "checkout", flow: "authorize", auth: { ...AUTH, billingDescriptorCity: "London" }, request: { merchantTransactionId: id, amount, paymentMethod, returnUrl: "https://shop.example/r", ...more } } as unknown as TransformRequestParams);
  const EUR = { minorAmount: 2000, currency: "EUR" };
  const JANE = { customer: { name: "Jane Doe", email: "jane@example.com" } };
  extra("nt-visa", EUR, { type: "networkToken", networkToken: { number: "4543474002249996", expMonth: "06", expYear: "2030", cryptogram: "hv8mUFzPzRZoCAAAAAEQBDMAAAA=", eci: "05" } }, { billingAddress: ADDRESS });
  extra("nt-mc", EUR, { type: "networkToken", networkToken: { number: "5436031030606378", expMonth: "06", expYear: "2030", cryptogram: "AgAAAAAAAIR8CQrXcIhbQAAAAAA=", eci: "02" } });
  extra("sepa", EUR, { type: "bankDebit", bankDebit: { method: "sepa", accountHolderName: "Ali Farid", iban: "FR7630006000011234567890189", mandateAcceptance: { acceptedAt: "2025-03-22T09:41:07Z" } } },
    { billingAddress: { line1: "Rue Exemple", line2: "1", city: "Paris", postalCode: "75000", country: "FR" } });
  extra("ach", { minorAmount: 4999, currency: "USD" }, { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "John Smith", accountNumber: "4099999992", routingNumber: "011075150" } }, { billingAddress: ADDRESS });
  extra("applepay", EUR, { type: "applePay", applePay: { decrypted: { number: VISA, expMonth: "10", expYear: "2030", cryptogram: "AgAAAAAAAIR8CQrXcIhbQAAAAAA=", eci: "06" } } });
  extra("googlepay", EUR, { type: "googlePay", googlePay: { decrypted: { number: VISA, expMonth: "10", expYear: "2030", cryptogram: "AgAAAAAAAIR8CQrXcIhbQAAAAAA=", eci: "05" } } });
  extra("ideal", EUR, { type: "bankRedirect", bankRedirect: { method: "ideal", issuer: "INGBNL2A" } }, { description: "ORD50234E89" });
  extra("bancontact", EUR, { type: "bankRedirect", bankRedirect: { method: "bancontact" } }, JANE);
  extra("eps", EUR, { type: "bankRedirect", bankRedirect: { method: "eps" } });
  extra("giropay", EUR, { type: "bankRedirect", bankRedirect: { method: "giropay" } });
  extra("p24", { minorAmount: 5000, currency: "PLN" }, { type: "bankRedirect", bankRedirect: { method: "przelewy24" } }, JANE);
  extra("sofort", EUR, { type: "bankRedirect", bankRedirect: { method: "sofort", country: "AT" } }, { browserInfo: { language: "de-AT" } });
  extra("trustly", { minorAmount: 2000, currency: "SEK" }, { type: "bankRedirect", bankRedirect: { method: "trustly" } }, { billingAddress: ADDRESS });
  extra("knet", { minorAmount: 10000, currency: "KWD" }, { type: "bankRedirect", bankRedirect: { method: "knet" } });
  extra("multibanco", EUR, { type: "bankRedirect", bankRedirect: { method: "multibanco" } }, { billingAddress: ADDRESS });
  extra("paypal", { minorAmount: 2000, currency: "USD" }, { type: "paypal" }, { customer: { email: "jane@example.com", name: "Jane Doe" }, description: "Order 1001" });
  for (const method of ["alipay", "alipayHk", "gcash", "dana", "kakaoPay", "touchNGo"]) extra(`wallet-${method}`, { minorAmount: 10000, currency: "HKD" }, { type: "walletRedirect", walletRedirect: { method } });
  extra("3ds-challenge", EUR, { type: "card", card: CARD }, { threeDs: { mode: "challenge" } });
  extra("3ds-skip", EUR, TOKEN, { threeDs: { mode: "skip" } });
  extra("3ds-external", EUR, { type: "card", card: CARD }, { threeDs: { external: { version: "2.2.0", cavv: "AAABBBEAUAAAABgICABAAAAAAAA=", eci: "05", dsTransactionId: "f25084f0-5b16-4c0a-ae5d-b24808a95e4b", status: "Y" } } });
  extra("3ds-external-v1", EUR, { type: "card", card: CARD }, { threeDs: { external: { version: "1.0.2", cavv: "AAABBBEAUAAAABgICABAAAAAAAA=", eci: "05", xid: "MDAwMDAwMDAwMDAwMDAwMzIyNzY=" } } });
  extra("descriptor", EUR, { type: "card", card: CARD }, { statementDescriptor: "SUPERHEROES.COM" });
  for (const recurringType of ["scheduled", "unscheduled", "installment"]) {
    extra(`save-${recurringType}`, EUR, { type: "card", card: CARD }, { setupFutureUsage: "offSession", recurringType });
    out.push({ connector: "checkout", flow: "repeatPayment", auth: AUTH, request: { merchantTransactionId: `r-${recurringType}`, amount: EUR, mandateReference: "src_wmlfc3zyhqzehihu7giusaaawu", recurringType } } as TransformRequestParams);
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
    // The vendored spec (2021) predates payment sessions (Flow) and reversals: those requests are
    // checked against checkout-sdk-node below instead, and must stay outside this spec (so that a
    // newer spec, given as ORACLES_DIR, makes this list fail and be shortened).
    const newerThanSpec = new Set(["createSession", "reverse"]);
    const all = requestVectors("checkout");
    for (const v of all.filter((v) => newerThanSpec.has(v.params["flow"] as string))) {
      assert.equal(validate(spec, v.result as ProtocolHttpRequest).pathTemplate, undefined, `${v.file}: the spec has this path now`);
    }
    // The spec writes the dispute_id path pattern with a doubled backslash (`^(dsp)_(\\w{26})$`), which
    // no id matches: dispute requests are checked here for everything but that pattern, and against
    // checkout-sdk-node below.
    // Its File schema for POST /files names the file part `path` (the curl example's "file=@/path/..."),
    // where the form field is `file` (checkout-sdk-node's files.upload: form.append('file', ...)).
    const brokenPattern = (p: string) =>
      /^path parameter dispute_id: .* does not match pattern/.test(p) || p === "file: unknown field: not in the spec" || p === "path: required field missing";
    const vectors = all.filter((v) => !newerThanSpec.has(v.params["flow"] as string));
    assert.ok(vectors.length >= 15, `only ${vectors.length} vectors`);
    for (const v of vectors) {
      const r = validate(spec, v.result as ProtocolHttpRequest, (v.params["options"] as { baseUrl?: string } | undefined)?.baseUrl);
      assert.deepEqual(r.problems.filter((p) => !brokenPattern(p)), [], `${v.file}`);
      assert.ok(r.pathTemplate, v.file);
    }
  });

  it("a generated matrix of flows, methods, currencies and optional fields fits the spec", async () => {
    const cases = matrix();
    assert.ok(cases.length > 230, `${cases.length}`);
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
    assert.deepEqual(broken((b) => (b["source"] = { type: "paypal" })), [], "the PayPal source");
    assert.ok(broken((b) => (b["source"] = { type: "paypal", plan: { type: "MONTHLY" } })).length > 0, "a PayPal plan type the spec does not list");
    assert.ok(broken((b) => (b["source"] = { type: "paypal", email: "jane@example.com" })).length > 0, "a PayPal source field the spec does not have");
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
          threeDs: { mode: "challenge" },
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
            "3ds": { enabled: true, challenge_indicator: "challenge_requested" },
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
        request: { merchantTransactionId: "SUB-7", amount: { minorAmount: 999, currency: "EUR" }, mandateReference: "src_wmlfc3zyhqzehihu7giusaaawu", networkTransactionId: "pay_fun26akvvjjerahhctaq2uzhu4", recurringType: "scheduled", idempotencyKey: "SUB-7" },
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
      { connector: "checkout", flow: "setupMandate", auth: AUTH, request: { merchantTransactionId: "MANDATE-1", amount: { minorAmount: 0, currency: "GBP" }, paymentMethod: { type: "card", card: { number: VISA, expMonth: "10", expYear: "2031" } }, recurringType: "scheduled" } } as TransformRequestParams,
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

  it("authorize: a network token (the SDK infers network_token from token + cryptogram)", async () => {
    await compare(
      {
        connector: "checkout",
        flow: "authorize",
        auth: AUTH,
        request: {
          merchantTransactionId: "ORD-NT-1",
          amount: { minorAmount: 1000, currency: "USD" },
          paymentMethod: { type: "networkToken", networkToken: { number: "4543474002249996", expMonth: "06", expYear: "2030", cryptogram: "hv8mUFzPzRZoCAAAAAEQBDMAAAA=", eci: "05" } },
        },
      } as TransformRequestParams,
      (cko) =>
        cko.payments.request({
          source: { token: "4543474002249996", expiry_month: 6, expiry_year: 2030, token_type: "vts", cryptogram: "hv8mUFzPzRZoCAAAAAEQBDMAAAA=", eci: "05" },
          amount: 1000,
          currency: "USD",
          reference: "ORD-NT-1",
          capture: true,
        }),
      paymentAnswer,
    );
  });

  it("authorize: iDEAL as the iDEAL guide's request writes it", async () => {
    await compare(
      {
        connector: "checkout",
        flow: "authorize",
        auth: AUTH,
        request: {
          merchantTransactionId: "ORD50234E89",
          amount: { minorAmount: 2000, currency: "EUR" },
          paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal", issuer: "INGBNL2A" } },
          returnUrl: "https://example.com/payments/success",
          idempotencyKey: "ideal-1",
        },
      } as TransformRequestParams,
      (cko) =>
        cko.payments.request(
          {
            source: { type: "ideal", bic: "INGBNL2A", description: "ORD50234E89" },
            amount: 2000,
            currency: "EUR",
            reference: "ORD50234E89",
            capture: true,
            success_url: "https://example.com/payments/success",
            failure_url: "https://example.com/payments/success",
          },
          "ideal-1",
        ),
      { id: PAY, status: "Pending", _links: { redirect: { href: "https://sandbox.checkout.com/LP.Core/api/payment/108659" } } },
    );
  });

  it("authorize: PayPal as Checkout.com's PayPal guide writes the redirect payment", async () => {
    // The guide's request: source {type: paypal}, the processing channel, success_url and
    // failure_url (here one returnUrl for both); capture true, its only mode.
    await compare(
      {
        connector: "checkout",
        flow: "authorize",
        auth: { ...AUTH, processingChannelId: "pc_q4dbxom5jbgudnjzjpz7j2z6uq" },
        request: {
          merchantTransactionId: "ORD-PP-2000",
          amount: { minorAmount: 2000, currency: "USD" },
          paymentMethod: { type: "paypal" },
          returnUrl: "https://example.com/payments/return",
          idempotencyKey: "paypal-1",
        },
      } as TransformRequestParams,
      (cko) =>
        cko.payments.request(
          {
            source: { type: "paypal" },
            amount: 2000,
            currency: "USD",
            reference: "ORD-PP-2000",
            capture: true,
            processing_channel_id: "pc_q4dbxom5jbgudnjzjpz7j2z6uq",
            success_url: "https://example.com/payments/return",
            failure_url: "https://example.com/payments/return",
          },
          "paypal-1",
        ),
      {
        id: "pay_wppxkyg3hx4ujguxecqg2qdsoi",
        status: "Pending",
        processing: { order_id: "5PW63543DN0351914" },
        _links: { redirect: { href: "https://www.sandbox.paypal.com/checkoutnow?token=5PW63543DN0351914" } },
      },
    );
  });

  it("authorize: SEPA Direct Debit and ACH as the SDK's payments.request documents their sources", async () => {
    // PaymentRequestSEPAV4Source as checkout-sdk-node documents it on payments.request, with the
    // values of Checkout.com's "SEPA Direct Debit for API only" example (FR IBAN, Paris address,
    // house number in address_line2, the date the mandate was signed).
    const address = { line1: "Rue Exemple", line2: "1", city: "Paris", postalCode: "75000", country: "FR" };
    await compare(
      {
        connector: "checkout",
        flow: "authorize",
        auth: AUTH,
        request: {
          merchantTransactionId: "ORDER_01234",
          amount: { minorAmount: 10000, currency: "EUR" },
          paymentMethod: { type: "bankDebit", bankDebit: { method: "sepa", accountHolderName: "Ali Farid", iban: "FR7630006000011234567890189", mandateAcceptance: { acceptedAt: "2025-03-22T10:00:00Z" } } },
          billingAddress: address,
          idempotencyKey: "sepa-1",
        },
      } as TransformRequestParams,
      (cko) =>
        cko.payments.request(
          {
            source: {
              type: "sepa",
              country: "FR",
              account_number: "FR7630006000011234567890189",
              currency: "EUR",
              date_of_signature: "2025-03-22",
              account_holder: {
                type: "individual",
                first_name: "Ali",
                last_name: "Farid",
                billing_address: { address_line1: "Rue Exemple", address_line2: "1", city: "Paris", zip: "75000", country: "FR" },
              },
            },
            amount: 10000,
            currency: "EUR",
            reference: "ORDER_01234",
            capture: true,
          },
          "sepa-1",
        ),
      { id: PAY, status: "Pending", _links: {} },
    );
    // PaymentRequestAchSource with AccountHolderAch (type, first_name, last_name; the address optional).
    await compare(
      {
        connector: "checkout",
        flow: "authorize",
        auth: AUTH,
        request: {
          merchantTransactionId: "ORDER_01235",
          amount: { minorAmount: 4999, currency: "USD" },
          paymentMethod: { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "John Smith", accountNumber: "4099999992", routingNumber: "011075150", accountType: "savings" } },
          idempotencyKey: "ach-1",
        },
      } as TransformRequestParams,
      (cko) =>
        cko.payments.request(
          {
            source: {
              type: "ach",
              account_type: "savings",
              country: "US",
              account_number: "4099999992",
              bank_code: "011075150",
              account_holder: { type: "individual", first_name: "John", last_name: "Smith" },
            },
            amount: 4999,
            currency: "USD",
            reference: "ORDER_01235",
            capture: true,
          },
          "ach-1",
        ),
      { id: PAY, status: "Pending", _links: {} },
    );
  });

  it("issue 12: reverse, a Flow payment session and the dispute calls as the SDK sends them", async () => {
    await compare(
      { connector: "checkout", flow: "reverse", auth: AUTH, request: { connectorTransactionId: PAY, merchantReverseId: "ORD-5023-4E89-REV", idempotencyKey: "rev-key" } } as TransformRequestParams,
      (cko) => cko.payments.reverse(PAY, { reference: "ORD-5023-4E89-REV" }, "rev-key"),
      { action_id: "act_4", reference: "ORD-5023-4E89-REV" },
    );
    await compare(
      {
        connector: "checkout",
        flow: "createSession",
        auth: AUTH,
        request: {
          merchantTransactionId: "ORD-5023-4E89",
          amount: { minorAmount: 1000, currency: "GBP" },
          returnUrl: "https://example.com/return",
          billingAddress: { country: "GB" },
          customer: { email: "jia.tsang@example.com", name: "Jia Tsang" },
        },
      } as TransformRequestParams,
      // As Flow's get-started guide writes the request (billing with the country, both URLs).
      (cko) =>
        cko.paymentSessions.request({
          amount: 1000,
          currency: "GBP",
          reference: "ORD-5023-4E89",
          billing: { address: { country: "GB" } },
          customer: { email: "jia.tsang@example.com", name: "Jia Tsang" },
          success_url: "https://example.com/return",
          failure_url: "https://example.com/return",
        }),
      { id: "ps_2Un6I6lRFYjWo5cX2w4SdAkfBbp", payment_session_secret: "pss_1", payment_session_token: "t" },
    );
    const DSP = "dsp_rbhwd2qrg13uhrp2newfa2b3c4";
    await compare({ connector: "checkout", flow: "dsync", auth: AUTH, request: { connectorDisputeId: DSP } } as TransformRequestParams, (cko) => cko.disputes.getDetails(DSP), { id: DSP, status: "evidence_required" });
    await compare({ connector: "checkout", flow: "acceptDispute", auth: AUTH, request: { connectorDisputeId: DSP } } as TransformRequestParams, (cko) => cko.disputes.accept(DSP), {});
    await compare({ connector: "checkout", flow: "defendDispute", auth: AUTH, request: { connectorDisputeId: DSP } } as TransformRequestParams, (cko) => cko.disputes.submit(DSP), {});
    await compare(
      {
        connector: "checkout",
        flow: "submitDisputeEvidence",
        auth: AUTH,
        request: {
          connectorDisputeId: DSP,
          evidence: [
            { type: "receipt", text: "Copy of the invoice", file: { connectorFileId: "file_jmbfgkjromvcrn9t4qu4" } },
            { type: "customerCommunication", text: "Copy of an email exchange with the cardholder" },
          ],
        },
      } as TransformRequestParams,
      // The spec's ProvideEvidenceRequest example values.
      (cko) =>
        cko.disputes.provideEvidence(DSP, {
          invoice_or_receipt_file: "file_jmbfgkjromvcrn9t4qu4",
          invoice_or_receipt_text: "Copy of the invoice",
          customer_communication_text: "Copy of an email exchange with the cardholder",
        }),
      {},
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

// Tests of the OpenAPI request validator itself, on hand-built requests against the processors'
// real specs. Each failure case proves the validator can say no.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import {
  decodeForm,
  describeWithOracles,
  loadSpec,
  oraclePath,
  oraclesDir,
  stripeRawCardOverrides,
  validateRequest,
  type HttpRequest,
  type Spec,
} from "./openapi.js";
import { REPO_ROOT } from "./helpers.js";

const STRIPE = "https://api.stripe.com";
const ADYEN = "https://checkout-test.adyen.com/v71";
// Fake credentials: the validator only checks that they are there and marked sensitive.
const STRIPE_KEY = "sk_test_oracle_not_a_real_key";
const ADYEN_KEY = "adyen_oracle_not_a_real_key";

function stripeReq(method: HttpRequest["method"], path: string, form: string | null): HttpRequest {
  return {
    url: STRIPE + path,
    method,
    headers: [
      { name: "Authorization", value: `Bearer ${STRIPE_KEY}`, sensitive: true },
      { name: "Stripe-Version", value: "2023-08-16", sensitive: false },
    ],
    body:
      form === null
        ? null
        : { contentType: "application/x-www-form-urlencoded", encoding: "utf8", data: form, sensitive: true },
  };
}

function adyenReq(path: string, json: unknown, method: HttpRequest["method"] = "POST"): HttpRequest {
  return {
    url: ADYEN + path,
    method,
    headers: [
      { name: "X-API-Key", value: ADYEN_KEY, sensitive: true },
      { name: "Content-Type", value: "application/json", sensitive: false },
      { name: "Idempotency-Key", value: "7f0c8e2e-1a65-4c1b-9d3f-2d1e5f6a7b8c", sensitive: false },
    ],
    body: { contentType: "application/json", encoding: "utf8", data: JSON.stringify(json), sensitive: true },
  };
}

/** Asserts one problem mentions every fragment, and prints the problems (never card data) if not. */
function assertProblem(problems: string[], ...fragments: string[]): void {
  assert.ok(
    problems.some((p) => fragments.every((f) => p.includes(f))),
    `expected a problem mentioning ${fragments.map((f) => JSON.stringify(f)).join(" and ")}; got:\n  ${problems.join("\n  ") || "(none)"}`,
  );
}

const TEST_PAN = "4242424242424242";
const stripeCardForm = [
  "amount=1000",
  "currency=usd",
  "confirm=true",
  "capture_method=manual",
  "payment_method_data[type]=card",
  `payment_method_data[card][number]=${TEST_PAN}`,
  "payment_method_data[card][exp_month]=12",
  "payment_method_data[card][exp_year]=2034",
  "payment_method_data[card][cvc]=123",
  "payment_method_data[billing_details][name]=Jane+Doe",
  "payment_method_types[0]=card",
  "metadata[order_id]=ord_1",
  "description=Order%20%231",
  "return_url=https%3A%2F%2Fshop.example%2Freturn",
].join("&");

describe("decodeForm", () => {
  it("nests bracketed keys, makes lists of indexed keys, decodes %XX and +", () => {
    const v = decodeForm("a=1&b[c]=x+y&b[d][e]=%E2%82%AC&l[0]=p&l[1]=q&o[0][k]=v&o[1][k]=w&p[]=1&p[]=2");
    assert.deepEqual(v, {
      a: "1",
      b: { c: "x y", d: { e: "€" } },
      l: ["p", "q"],
      o: [{ k: "v" }, { k: "w" }],
      p: ["1", "2"],
    });
  });
  it("reads percent-encoded brackets the same way", () => {
    assert.deepEqual(decodeForm("metadata%5Border%5D=1&expand%5B0%5D=customer"), { metadata: { order: "1" }, expand: ["customer"] });
  });
  it("handles an empty body and a leading ?", () => {
    assert.deepEqual(decodeForm(""), {});
    assert.deepEqual(decodeForm("?a=1"), { a: "1" });
  });
  it("throws on contradicting or repeated keys", () => {
    assert.throws(() => decodeForm("a=1&a[b]=2"), /both a value and a hash|more than once/);
    assert.throws(() => decodeForm("a[b]=2&a=1"), /more than once|hash/);
    assert.throws(() => decodeForm("a=1&a=2"), /more than once/);
    assert.throws(() => decodeForm("l[0]=1&l[x]=2"), /key of a list/);
  });
  it("keeps __proto__ as data", () => {
    const v = decodeForm("__proto__[polluted]=1") as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(v), ["__proto__"]);
  });
});

describe("oraclesDir / oraclePath", () => {
  const saved = process.env.ORACLES_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.ORACLES_DIR;
    else process.env.ORACLES_DIR = saved;
  });
  it("is the repository's vendored oracles/ folder unless ORACLES_DIR says otherwise", () => {
    delete process.env.ORACLES_DIR;
    assert.equal(oraclesDir(), join(REPO_ROOT, "oracles"));
    assert.ok(existsSync(oraclePath("stripe", "LICENSE")));
  });
  it("follows ORACLES_DIR, and throws naming the path when an oracle is not there", () => {
    const dir = mkdtempSync(join(tmpdir(), "oracles-"));
    try {
      process.env.ORACLES_DIR = dir;
      assert.equal(oraclesDir(), dir);
      assert.throws(() => oraclePath("stripe", "spec3.2023-09-12.json"), (e: Error) => {
        assert.match(e.message, /^oracle not found: .*stripe\/spec3\.2023-09-12\.json \(ORACLES_DIR=/);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeWithOracles("OpenAPI validator: Stripe spec", (dir) => {
  let spec: Spec;
  before(() => {
    spec = loadSpec(join(dir, "stripe", "spec3.2023-09-12.json"));
  });
  const v = (req: HttpRequest, withCard = true) =>
    validateRequest(spec, req, { basePath: STRIPE, overrides: withCard ? stripeRawCardOverrides(spec) : [] });

  it("loads the spec once", () => {
    assert.equal(loadSpec(join(dir, "stripe", "spec3.2023-09-12.json")), spec);
  });

  it("accepts a correct POST /v1/payment_intents with raw card data", () => {
    const r = v(stripeReq("POST", "/v1/payment_intents", stripeCardForm));
    assert.deepEqual(r.problems, []);
    assert.equal(r.operationId, "PostPaymentIntents");
    assert.equal(r.pathTemplate, "/v1/payment_intents");
  });

  it("finds the spec gap: without the raw-card overrides, payment_method_data[card] is not in Stripe's spec", () => {
    const r = v(stripeReq("POST", "/v1/payment_intents", stripeCardForm), false);
    assertProblem(r.problems, "payment_method_data[card]", "unknown field");
    assertProblem(r.problems, "payment_method_data[type]", '"card" is not an allowed value');
    assert.equal(r.problems.length, 2, r.problems.join("\n"));
  });

  it("accepts a saved payment method, percent-encoded brackets, and an empty body where none is needed", () => {
    const form = "amount=500&currency=eur&payment_method=pm_card_visa&off_session=true&expand%5B0%5D=latest_charge";
    assert.deepEqual(v(stripeReq("POST", "/v1/payment_intents", form)).problems, []);
    assert.deepEqual(v(stripeReq("POST", "/v1/payment_intents/pi_123/capture", null)).problems, []);
    assert.deepEqual(v(stripeReq("POST", "/v1/payment_intents/pi_123/cancel", "cancellation_reason=requested_by_customer")).problems, []);
    assert.deepEqual(v(stripeReq("POST", "/v1/refunds", "payment_intent=pi_123&amount=300&reason=requested_by_customer")).problems, []);
  });

  it("rejects an unknown parameter, top-level and nested", () => {
    assertProblem(v(stripeReq("POST", "/v1/payment_intents", `${stripeCardForm}&colour=blue`)).problems, "colour", "unknown field");
    assertProblem(
      v(stripeReq("POST", "/v1/payment_intents", `${stripeCardForm}&payment_method_data[card][pin]=1234`)).problems,
      "payment_method_data[card][pin]",
      "unknown field",
    );
  });

  it("rejects a value outside an enum (capture_method=later)", () => {
    const form = stripeCardForm.replace("capture_method=manual", "capture_method=later");
    assertProblem(v(stripeReq("POST", "/v1/payment_intents", form)).problems, "capture_method", '"later"', "automatic");
  });

  it("rejects a missing required parameter (currency), also inside a hash", () => {
    assertProblem(v(stripeReq("POST", "/v1/payment_intents", stripeCardForm.replace("currency=usd&", ""))).problems, "currency", "required field missing");
    const noExp = stripeCardForm.replace("payment_method_data[card][exp_year]=2034&", "");
    assertProblem(v(stripeReq("POST", "/v1/payment_intents", noExp)).problems, "payment_method_data[card][exp_year]", "required field missing");
    assertProblem(v(stripeReq("POST", "/v1/payment_intents", null)).problems, "amount", "required field missing");
  });

  it("reads form strings as booleans and integers, and rejects ones that are not", () => {
    assertProblem(v(stripeReq("POST", "/v1/payment_intents", stripeCardForm.replace("confirm=true", "confirm=yes"))).problems, "confirm", "expected boolean");
    assertProblem(v(stripeReq("POST", "/v1/payment_intents", stripeCardForm.replace("amount=1000", "amount=10.5"))).problems, "amount", "expected integer");
    assertProblem(
      v(stripeReq("POST", "/v1/payment_intents", stripeCardForm.replace("metadata[order_id]=ord_1", "metadata=x"))).problems,
      "metadata",
      "expected object",
    );
  });

  it("rejects an unknown path and a method the path does not have", () => {
    assertProblem(v(stripeReq("POST", "/v1/payment_intentz", stripeCardForm)).problems, "/v1/payment_intentz", "unknown path");
    assertProblem(v(stripeReq("DELETE", "/v1/payment_intents/pi_123", null)).problems, "DELETE", "method not in the spec");
    assertProblem(v({ ...stripeReq("POST", "/v1/payment_intents", stripeCardForm), url: "https://api.stripe.com.evil.example/v1/payment_intents" }).problems, "not under the base path");
  });

  it("matches templated paths, literal segments first, and checks query parameters", () => {
    const get = v(stripeReq("GET", "/v1/payment_intents/pi_123?expand[0]=customer&expand[1]=latest_charge", null));
    assert.deepEqual(get.problems, []);
    assert.equal(get.operationId, "GetPaymentIntentsIntent");
    assert.equal(get.pathTemplate, "/v1/payment_intents/{intent}");
    const search = v(stripeReq("GET", "/v1/payment_intents/search?query=status%3A%27succeeded%27&limit=10", null));
    assert.deepEqual(search.problems, []);
    assert.equal(search.operationId, "GetPaymentIntentsSearch");
    assertProblem(v(stripeReq("GET", "/v1/payment_intents/search", null)).problems, "query parameter query", "required but missing");
    assertProblem(v(stripeReq("GET", "/v1/payment_intents/pi_123?colour=blue", null)).problems, "query parameter colour", "unknown");
    assertProblem(v(stripeReq("GET", "/v1/payment_intents/search?query=x&limit=ten", null)).problems, "query parameter limit", "expected integer");
  });

  it("checks credentials and that they are marked sensitive", () => {
    const req = stripeReq("POST", "/v1/payment_intents", stripeCardForm);
    assertProblem(v({ ...req, headers: req.headers.filter((h) => h.name !== "Authorization") }).problems, "no credentials", "bearerAuth");
    const exposed = { ...req, headers: req.headers.map((h) => ({ ...h, sensitive: false })) };
    assertProblem(v(exposed).problems, "Authorization", "not marked sensitive");
  });

  it("checks the content type, and reads base64 bodies", () => {
    const req = stripeReq("POST", "/v1/payment_intents", stripeCardForm);
    assertProblem(v({ ...req, body: { ...req.body!, contentType: "application/json" } }).problems, "content type application/json not accepted");
    const b64 = { ...req, body: { ...req.body!, encoding: "base64" as const, data: Buffer.from(stripeCardForm).toString("base64") } };
    assert.deepEqual(v(b64).problems, []);
  });

  it("never quotes a card number in full", () => {
    const form = stripeCardForm.replace("capture_method=manual", `capture_method=${TEST_PAN}`);
    const r = v(stripeReq("POST", "/v1/payment_intents", form));
    assertProblem(r.problems, "capture_method", "424242******4242");
    assert.ok(!r.problems.some((p) => p.includes(TEST_PAN)), "a problem quotes the card number in full");
  });
});

describeWithOracles("OpenAPI validator: Adyen Checkout v71 spec (OpenAPI 3.1)", (dir) => {
  let spec: Spec;
  before(() => {
    spec = loadSpec(join(dir, "adyen", "CheckoutService-v71.json"));
  });
  const v = (req: HttpRequest) => validateRequest(spec, req, { basePath: ADYEN });
  const payment = () => ({
    amount: { currency: "EUR", value: 1000 },
    reference: "order-1",
    merchantAccount: "TestMerchant",
    paymentMethod: {
      type: "scheme",
      number: TEST_PAN,
      expiryMonth: "03",
      expiryYear: "2030",
      cvc: "737",
      holderName: "Jane Doe",
    },
    returnUrl: "https://shop.example/return",
    shopperInteraction: "Ecommerce",
    recurringProcessingModel: "CardOnFile",
    captureDelayHours: 0,
    browserInfo: {
      userAgent: "Mozilla/5.0",
      acceptHeader: "text/html",
      language: "en-US",
      colorDepth: 24,
      screenHeight: 800,
      screenWidth: 1200,
      timeZoneOffset: 0,
      javaEnabled: false,
    },
    metadata: { orderId: "1" },
  });

  it("accepts a correct POST /payments with raw card data", () => {
    const r = v(adyenReq("/payments", payment()));
    assert.deepEqual(r.problems, []);
    assert.equal(r.operationId, "post-payments");
  });

  it("takes its default base path from the spec's servers (which include /v71)", () => {
    assert.deepEqual(validateRequest(spec, adyenReq("/payments", payment())).problems, []);
    const v70 = { ...adyenReq("/payments", payment()), url: "https://checkout-test.adyen.com/v70/payments" };
    assertProblem(validateRequest(spec, v70).problems, "not under the base path https://checkout-test.adyen.com/v71");
  });

  it("rejects a missing merchantAccount", () => {
    const { merchantAccount: _, ...body } = payment();
    assertProblem(v(adyenReq("/payments", body)).problems, "merchantAccount", "required field missing");
  });

  it("rejects a wrong paymentMethod field, naming the closest payment method schema", () => {
    const body = payment();
    const pm = body.paymentMethod as Record<string, unknown>;
    pm.cardNumber = pm.number;
    delete pm.number;
    const r = v(adyenReq("/payments", body));
    assertProblem(r.problems, "paymentMethod.cardNumber", "unknown field", "CardDetails");
    assert.ok(!r.problems.some((p) => p.includes(TEST_PAN)), "a problem quotes the card number in full");
  });

  it("rejects an unknown shopperInteraction value", () => {
    assertProblem(v(adyenReq("/payments", { ...payment(), shopperInteraction: "Online" })).problems, "shopperInteraction", '"Online"', "Ecommerce");
  });

  it("checks JSON types strictly (a string amount is not an integer)", () => {
    const r = v(adyenReq("/payments", { ...payment(), amount: { currency: "EUR", value: "1000" } }));
    assertProblem(r.problems, "amount.value", "expected integer, got string");
    assertProblem(v(adyenReq("/payments", { ...payment(), amount: { currency: "EURO", value: 1 } })).problems, "amount.currency", "longer than 3");
    assertProblem(v(adyenReq("/payments", { ...payment(), unknownTopLevel: true })).problems, "unknownTopLevel", "unknown field");
  });

  it("validates /payments/details and the modification endpoints", () => {
    assert.deepEqual(v(adyenReq("/payments/details", { details: { redirectResult: "abc" } })).problems, []);
    assertProblem(v(adyenReq("/payments/details", { paymentData: "x" })).problems, "details", "required field missing");
    const capture = v(adyenReq("/payments/PSP123/captures", { merchantAccount: "TestMerchant", amount: { currency: "EUR", value: 500 }, reference: "c-1" }));
    assert.deepEqual(capture.problems, []);
    assert.equal(capture.pathTemplate, "/payments/{paymentPspReference}/captures");
    assert.deepEqual(v(adyenReq("/payments/PSP123/cancels", { merchantAccount: "TestMerchant" })).problems, []);
    assertProblem(v(adyenReq("/payments/PSP123/refunds", { merchantAccount: "TestMerchant" })).problems, "amount", "required field missing");
  });

  it("rejects malformed JSON, a missing API key, and an unknown path", () => {
    const req = adyenReq("/payments", payment());
    assertProblem(v({ ...req, body: { ...req.body!, data: "{not json" } }).problems, "not valid JSON");
    assertProblem(v({ ...req, headers: req.headers.filter((h) => h.name !== "X-API-Key") }).problems, "no credentials", "X-API-Key");
    assertProblem(v(adyenReq("/authorise", payment())).problems, "/authorise", "unknown path");
  });

  it("accepts every request example Adyen publishes for the payment endpoints", () => {
    let checked = 0;
    const failures: string[] = [];
    for (const [template, item] of Object.entries(spec.paths)) {
      if (!template.startsWith("/payments")) continue;
      const op = item.post;
      const media = op?.requestBody?.content?.["application/json"] as { examples?: Record<string, { $ref?: string; value?: unknown }> } | undefined;
      for (const [name, ex] of Object.entries(media?.examples ?? {})) {
        const example = ex.$ref ? (spec.components as Record<string, Record<string, { value: unknown }>>).examples[ex.$ref.split("/").pop()!] : ex;
        const path = template.replace("{paymentPspReference}", "PSP0000000000000");
        const r = v(adyenReq(path, example.value));
        checked++;
        if (r.problems.length) failures.push(`${template} ${name}: ${r.problems.join("; ")}`);
      }
    }
    assert.ok(checked >= 20, `only ${checked} examples found`);
    assert.deepEqual(failures, []);
  });
});

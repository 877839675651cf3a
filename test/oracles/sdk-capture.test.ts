// Proves the SDK capture works: what Stripe's and Adyen's official Node SDKs put on the wire.
// Card numbers and keys are compared with assert.ok(a === b, "...") so that a failure never
// prints them.
import assert from "node:assert/strict";
import { join } from "node:path";

import type Stripe from "stripe";

import { describeWithOracles, loadSpec, stripeRawCardOverrides, validateRequest } from "./openapi.js";
import {
  ADYEN_TEST_KEY,
  STRIPE_TEST_KEY,
  captureAdyen,
  captureStripe,
  decodeForm,
  toHttpRequest,
  type AdyenPaymentsApi,
  type CapturedRequest,
} from "./sdk-capture.js";

const STRIPE_PAN = "4242424242424242";
const ADYEN_PAN = "4111111111111111";

// stripe-node's types are generated from the public spec, which has no payment_method_data[card]
// (see stripeRawCardOverrides); the SDK sends the hash all the same.
const rawCardParams = {
  amount: 1000,
  currency: "usd",
  confirm: true,
  capture_method: "manual",
  payment_method_data: {
    type: "card",
    card: { number: STRIPE_PAN, exp_month: 12, exp_year: 2034, cvc: "123" },
    billing_details: { name: "Jane Doe" },
  },
  payment_method_types: ["card"],
  metadata: { order_id: "ord_1" },
} as unknown as Stripe.PaymentIntentCreateParams;

const createWithCard = (stripe: Stripe) => stripe.paymentIntents.create(rawCardParams, { idempotencyKey: "idem-stripe-1" });

const adyenPayment = {
  amount: { currency: "EUR", value: 1000 },
  reference: "order-1",
  merchantAccount: "TestMerchant",
  paymentMethod: { type: "scheme", number: ADYEN_PAN, expiryMonth: "03", expiryYear: "2030", cvc: "737", holderName: "Jane Doe" },
  returnUrl: "https://shop.example/return",
  shopperInteraction: "Ecommerce",
} as unknown as Parameters<AdyenPaymentsApi["payments"]>[0];

function get(obj: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const p of path) cur = cur !== null && typeof cur === "object" ? (cur as Record<string | number, unknown>)[p] : undefined;
  return cur;
}

describe("SDK capture: Stripe (stripe-node v23)", () => {
  let created: CapturedRequest;
  let result: unknown;
  before(async () => {
    created = await captureStripe(async (stripe) => (result = await createWithCard(stripe)));
  });

  it("resolves the SDK call with the canned body", () => {
    assert.equal(get(result, "id"), "pi_oracle");
  });

  it("POSTs /v1/payment_intents, form-encoded, with a Bearer key, a Stripe-Version and the Idempotency-Key", () => {
    assert.equal(created.method, "POST");
    assert.equal(created.path, "/v1/payment_intents");
    assert.equal(created.url, "https://api.stripe.com/v1/payment_intents");
    assert.ok(created.headers.authorization === `Bearer ${STRIPE_TEST_KEY}`, "authorization is not Bearer <the key>");
    assert.equal(created.headers["content-type"], "application/x-www-form-urlencoded");
    assert.match(created.headers["stripe-version"] ?? "", /^\d{4}-\d{2}-\d{2}/);
    assert.equal(created.headers["idempotency-key"], "idem-stripe-1");
  });

  it("sends the card as payment_method_data[card][...] bracketed form keys, all values strings", () => {
    const body = decodeForm(created.body);
    assert.equal(body.amount, "1000");
    assert.equal(body.currency, "usd");
    assert.equal(body.confirm, "true");
    assert.equal(body.capture_method, "manual");
    assert.equal(get(body, "payment_method_data", "type"), "card");
    assert.ok(get(body, "payment_method_data", "card", "number") === STRIPE_PAN, "card number not sent as payment_method_data[card][number]");
    assert.equal(get(body, "payment_method_data", "card", "exp_month"), "12");
    assert.equal(get(body, "payment_method_data", "card", "exp_year"), "2034");
    assert.ok(get(body, "payment_method_data", "card", "cvc") === "123", "cvc not sent as payment_method_data[card][cvc]");
    assert.equal(get(body, "payment_method_data", "billing_details", "name"), "Jane Doe");
    assert.deepEqual(body.payment_method_types, ["card"]);
    assert.deepEqual(body.metadata, { order_id: "ord_1" });
    // on the wire: brackets left unencoded, lists as [0]
    assert.ok(created.body.includes("payment_method_types[0]=card"), "list not encoded as payment_method_types[0]");
    assert.ok(created.body.includes("payment_method_data[card][exp_month]=12"), "brackets encoded");
  });

  it("adds its own Idempotency-Key to every POST (stripe-node-retry-<uuid>)", async () => {
    const c = await captureStripe((stripe) => stripe.paymentIntents.capture("pi_123"));
    assert.equal(c.path, "/v1/payment_intents/pi_123/capture");
    assert.match(c.headers["idempotency-key"] ?? "", /^stripe-node-retry-[0-9a-f-]{36}$/);
  });

  it("GETs /v1/payment_intents/pi_123 with no body and no Idempotency-Key; expand goes in the query", async () => {
    const r = await captureStripe((stripe) => stripe.paymentIntents.retrieve("pi_123"));
    assert.equal(r.method, "GET");
    assert.equal(r.path, "/v1/payment_intents/pi_123");
    assert.equal(r.body, "");
    assert.equal(r.headers["idempotency-key"], undefined);
    assert.ok(r.headers.authorization === `Bearer ${STRIPE_TEST_KEY}`, "authorization is not Bearer <the key>");
    const e = await captureStripe((stripe) => stripe.paymentIntents.retrieve("pi_123", { expand: ["latest_charge"] }));
    assert.equal(e.path, "/v1/payment_intents/pi_123?expand[0]=latest_charge");
  });

  describeWithOracles("against Stripe's OpenAPI spec", (dir) => {
    it("the SDK's own requests pass the validator (with the raw-card overrides)", async () => {
      const spec = loadSpec(join(dir, "stripe", "spec3.2023-09-12.json"));
      const opts = { basePath: "https://api.stripe.com", overrides: stripeRawCardOverrides(spec) };
      const captures = [
        created,
        await captureStripe((stripe) => stripe.paymentIntents.retrieve("pi_123", { expand: ["latest_charge"] })),
        await captureStripe((stripe) => stripe.paymentIntents.capture("pi_123", { amount_to_capture: 500 })),
        await captureStripe((stripe) => stripe.paymentIntents.cancel("pi_123", { cancellation_reason: "abandoned" })),
        await captureStripe((stripe) => stripe.refunds.create({ payment_intent: "pi_123", amount: 300 })),
      ];
      for (const c of captures) {
        const r = validateRequest(spec, toHttpRequest(c), opts);
        assert.deepEqual(r.problems, [], `${c.method} ${c.path}`);
        assert.ok(r.operationId, `${c.method} ${c.path}: no operation`);
      }
    });
  });
});

describe("SDK capture: Adyen (@adyen/api-library v32, Checkout v72)", () => {
  let paid: CapturedRequest;
  let result: unknown;
  before(async () => {
    paid = await captureAdyen(async (payments) => (result = await payments.payments(adyenPayment, { idempotencyKey: "idem-adyen-1" })));
  });

  it("resolves the SDK call with the canned body", () => {
    assert.equal(get(result, "resultCode"), "Authorised");
    assert.equal(get(result, "pspReference"), "PSP_ORACLE");
  });

  it("POSTs JSON to /v72/payments on checkout-test with X-API-Key and Idempotency-Key", () => {
    assert.equal(paid.method, "POST");
    assert.equal(paid.path, "/v72/payments");
    assert.equal(paid.url, "https://checkout-test.adyen.com/v72/payments");
    assert.ok(paid.headers["x-api-key"] === ADYEN_TEST_KEY, "x-api-key is not the key");
    assert.equal(paid.headers.authorization, undefined);
    assert.equal(paid.headers["content-type"], "application/json");
    assert.equal(paid.headers["idempotency-key"], "idem-adyen-1");
  });

  it("sends the payment request as JSON with the card in paymentMethod", () => {
    const body = JSON.parse(paid.body) as Record<string, unknown>;
    assert.deepEqual(body.amount, { currency: "EUR", value: 1000 });
    assert.equal(body.merchantAccount, "TestMerchant");
    assert.equal(body.reference, "order-1");
    assert.equal(body.shopperInteraction, "Ecommerce");
    assert.equal(get(body, "paymentMethod", "type"), "scheme");
    assert.ok(get(body, "paymentMethod", "number") === ADYEN_PAN, "card number not sent as paymentMethod.number");
    assert.equal(get(body, "paymentMethod", "expiryMonth"), "03");
    assert.equal(get(body, "paymentMethod", "expiryYear"), "2030");
    assert.ok(get(body, "paymentMethod", "cvc") === "737", "cvc not sent as paymentMethod.cvc");
  });

  it("POSTs /v72/payments/details", async () => {
    const d = await captureAdyen((payments) => payments.paymentsDetails({ details: { redirectResult: "x" } }));
    assert.equal(d.method, "POST");
    assert.equal(d.path, "/v72/payments/details");
    assert.deepEqual(JSON.parse(d.body), { details: { redirectResult: "x" } });
  });

  it("drops fields its models do not know (the serializer follows the model, not the input)", async () => {
    const c = await captureAdyen((payments) => payments.payments({ ...adyenPayment, notAnAdyenField: 1 } as typeof adyenPayment));
    assert.equal((JSON.parse(c.body) as Record<string, unknown>).notAnAdyenField, undefined);
  });

  it("captures a modification: POST /v72/payments/{psp}/captures", async () => {
    const c = await captureAdyen((_p, checkout) =>
      checkout.ModificationsApi.captureAuthorisedPayment("PSP123", { merchantAccount: "TestMerchant", amount: { currency: "EUR", value: 500 } }),
    );
    assert.equal(c.path, "/v72/payments/PSP123/captures");
    assert.deepEqual(JSON.parse(c.body), { amount: { currency: "EUR", value: 500 }, merchantAccount: "TestMerchant" });
  });

  it("uses Basic auth when given username/password, and the live URL with its prefix and /checkout", async () => {
    const b = await captureAdyen((payments) => payments.paymentsDetails({ details: { redirectResult: "x" } }), undefined, {
      basicAuth: { username: "ws@Company.Test", password: "not-a-real-password" },
    });
    assert.match(b.headers.authorization ?? "", /^Basic [A-Za-z0-9+/=]+$/);
    assert.equal(b.headers["x-api-key"], undefined);
    const l = await captureAdyen((payments) => payments.paymentsDetails({ details: { redirectResult: "x" } }), undefined, {
      environment: "LIVE",
      liveEndpointUrlPrefix: "1797a841fbb37ca7-AdyenDemo",
    });
    assert.equal(l.url, "https://1797a841fbb37ca7-AdyenDemo-checkout-live.adyenpayments.com/checkout/v72/payments/details");
  });

  describeWithOracles("against Adyen's Checkout v71 OpenAPI spec", (dir) => {
    it("the library's v72 requests fit the v71 spec (same paths and fields for these calls)", async () => {
      const spec = loadSpec(join(dir, "adyen", "CheckoutService-v71.json"));
      const captures = [
        paid,
        await captureAdyen((payments) => payments.paymentsDetails({ details: { redirectResult: "x" } })),
        await captureAdyen((_p, checkout) =>
          checkout.ModificationsApi.refundCapturedPayment("PSP123", { merchantAccount: "TestMerchant", amount: { currency: "EUR", value: 500 } }),
        ),
      ];
      for (const c of captures) {
        const r = validateRequest(spec, toHttpRequest(c), { basePath: "https://checkout-test.adyen.com/v72" });
        assert.deepEqual(r.problems, [], `${c.method} ${c.path}`);
        assert.ok(r.operationId, `${c.method} ${c.path}: no operation`);
      }
    });
  });
});

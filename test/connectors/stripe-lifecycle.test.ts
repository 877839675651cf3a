// The Stripe payment lifecycle through the real client pieces (SidecarPool from client/pool.ts,
// fetchExecutor from client/http.ts) against the loopback emulator, with the emulator's signed
// webhooks delivered to an endpoint here that answers them with parseWebhook's acknowledgement:
// authorize (manual) → partial capture → partial refunds (Stripe's own remaining-amount check) →
// rsync; void; createCustomer → setupMandate → repeatPayment; saving a card while paying;
// off-session authentication and declines; a refund that fails later. Every webhook signature is
// also checked here with node:crypto as Stripe documents it, independently of the sidecar.
import assert from "node:assert/strict";
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { fetchExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import { headerEntries } from "../../protocol/index.js";
import type {
  CustomerResult,
  HttpRequest,
  HttpResponse,
  PaymentResult,
  RefundResult,
  TransformRequestParams,
  WebhookEvent,
  WebhookResult,
} from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { describeWithOracles, loadSpec, oraclePath, validateValue, type Schema } from "../oracles/openapi.js";

type Json = Record<string, any>;

const API_KEY = "sk_test_lifecycle_key";
const SECRET = "whsec_lifecycle_endpoint_secret";
const VISA = "4242424242424242";
const card = (number = VISA) => ({ type: "card" as const, card: { number, expMonth: "12", expYear: String(new Date().getUTCFullYear() + 3), cvc: "123" } });

interface Delivery {
  headers: Record<string, string>;
  body: string;
  result: WebhookResult;
}

/** Stripe's documented check, done here without the sidecar: some v1 = HMAC-SHA256(secret, `${t}.${body}`). */
function signedByStripeScheme(header: string, body: string, secret: string): boolean {
  const parts = header.split(",").map((p) => p.split("=") as [string, string]);
  const t = parts.find(([k]) => k === "t")?.[1];
  if (!t) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  return parts.filter(([k]) => k === "v1").some(([, v]) => Buffer.from(v).length === expected.length && timingSafeEqual(Buffer.from(v), expected));
}

describe("Stripe lifecycle through the client against the emulator, with signed webhooks", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let endpoint: Server;
  const deliveries: Delivery[] = [];
  let seen = 0;

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    // The merchant's webhook endpoint: verifies with the sidecar and answers what it says to.
    endpoint = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        const result = (await pool.call("parseWebhook", {
          connector: "stripe",
          headers: Object.entries(headers).map(([name, value]) => ({ name, value })),
          body,
          secret: SECRET,
        })) as WebhookResult;
        deliveries.push({ headers, body, result });
        res.writeHead(result.acknowledgement.status, { "Content-Type": result.acknowledgement.contentType });
        res.end(result.acknowledgement.body);
      });
    });
    await new Promise<void>((ok) => endpoint.listen(0, "127.0.0.1", ok));
    const { port } = endpoint.address() as AddressInfo;
    emu = await startEmulator({ webhooks: { url: `http://127.0.0.1:${port}/webhooks/stripe`, secrets: { stripe: SECRET } } });
  });
  after(async () => {
    await emu?.close();
    await new Promise<void>((ok) => (endpoint ? endpoint.close(() => ok()) : ok()));
    await pool?.close();
  });

  async function run<R>(flow: string, request: Json): Promise<{ http: HttpRequest; response: HttpResponse; result: R }> {
    const params = { connector: "stripe", flow, auth: { apiKey: API_KEY }, request, options: { baseUrl: emu.baseUrls.stripe } } as TransformRequestParams;
    const http = await pool.transformRequest(params);
    const response = await fetchExecutor(http, { signal: AbortSignal.timeout(10_000) });
    const result = (await pool.transformResponse({ ...params, response } as never)) as R;
    return { http, response, result };
  }
  const pay = (flow: string, request: Json) => run<PaymentResult>(flow, request);
  const refund = (flow: string, request: Json) => run<RefundResult>(flow, request);

  /** The webhook events delivered since the last call (all verified, as the endpoint read them). */
  async function newEvents(): Promise<WebhookEvent[]> {
    await emu.webhooksDelivered();
    const fresh = deliveries.slice(seen);
    seen = deliveries.length;
    for (const d of fresh) {
      assert.equal(d.result.verified, true, `a webhook was not verified: ${d.result.reason}`);
      assert.ok(signedByStripeScheme(d.headers["stripe-signature"] ?? "", d.body, SECRET), "a webhook is not signed as Stripe documents");
    }
    return fresh.flatMap((d) => d.result.events);
  }
  const ofType = (events: WebhookEvent[], type: string) => events.filter((e) => e.eventType === type);

  it("authorize (manual) → capture part → refund part twice, then Stripe's remaining-amount check → rsync", async () => {
    const auth = await pay("authorize", { merchantTransactionId: "order-100", amount: { minorAmount: 2000, currency: "USD" }, paymentMethod: card(), captureMethod: "manual", idempotencyKey: "order-100" });
    assert.equal(auth.result.status, "authorized", JSON.stringify(auth.result));
    const pi = auth.result.connectorTransactionId!;
    let events = await newEvents();
    const held = ofType(events, "payment_intent.amount_capturable_updated");
    assert.equal(held.length, 1);
    assert.deepEqual([held[0]!.paymentStatus, held[0]!.connectorTransactionId, held[0]!.merchantTransactionId], ["authorized", pi, "order-100"]);
    assert.deepEqual(held[0]!.amount, { minorAmount: 2000, currency: "USD" });

    const cap = await pay("capture", { connectorTransactionId: pi, amountToCapture: { minorAmount: 1500, currency: "USD" }, paymentAmount: { minorAmount: 2000, currency: "USD" }, idempotencyKey: "cap-100" });
    assert.equal(cap.result.status, "partial_charged");
    assert.deepEqual(cap.result.amountCaptured, { minorAmount: 1500, currency: "USD" });
    events = await newEvents();
    assert.deepEqual(ofType(events, "payment_intent.succeeded").map((e) => [e.paymentStatus, e.amount?.minorAmount]), [["partial_charged", 1500]]);
    // a capture is final: the released rest cannot be captured later
    const again = await pay("capture", { connectorTransactionId: pi, amountToCapture: { minorAmount: 500, currency: "USD" } });
    assert.equal(again.result.status, "capture_failed");
    assert.equal(again.result.error?.connectorCode, "payment_intent_unexpected_state");

    const r1 = await refund("refund", { connectorTransactionId: pi, merchantRefundId: "refund-100-1", refundAmount: { minorAmount: 600, currency: "USD" }, reason: "requested_by_customer", idempotencyKey: "refund-key-1" });
    assert.equal(r1.result.status, "success", JSON.stringify(r1.result));
    assert.deepEqual(r1.result.refundAmount, { minorAmount: 600, currency: "USD" });
    const r2 = await refund("refund", { connectorTransactionId: pi, merchantRefundId: "refund-100-2", refundAmount: { minorAmount: 500, currency: "USD" } });
    assert.equal(r2.result.status, "success");
    assert.notEqual(r2.result.connectorRefundId, r1.result.connectorRefundId);

    // the client retries the first refund (same key): Stripe replays it, nothing is refunded twice
    const retry = await refund("refund", { connectorTransactionId: pi, merchantRefundId: "refund-100-1", refundAmount: { minorAmount: 600, currency: "USD" }, reason: "requested_by_customer", idempotencyKey: "refund-key-1" });
    assert.equal(retry.result.connectorRefundId, r1.result.connectorRefundId);
    assert.equal(headerEntries(retry.response.headers).find((h) => h.name === "idempotent-replayed")?.value, "true");
    // ... and the second, which had no key: its merchantRefundId names it
    const retry2 = await refund("refund", { connectorTransactionId: pi, merchantRefundId: "refund-100-2", refundAmount: { minorAmount: 500, currency: "USD" } });
    assert.equal(retry2.result.connectorRefundId, r2.result.connectorRefundId);

    // 1500 captured, 1100 refunded: Stripe itself refuses 500 more
    const over = await refund("refund", { connectorTransactionId: pi, merchantRefundId: "refund-100-3", refundAmount: { minorAmount: 500, currency: "USD" } });
    assert.equal(over.result.status, "failure");
    assert.equal(over.result.error?.code, "invalid_amount");
    assert.equal(over.result.error?.connectorCode, "amount_too_large");
    const rest = await refund("refund", { connectorTransactionId: pi, merchantRefundId: "refund-100-4", refundAmount: { minorAmount: 400, currency: "USD" } });
    assert.equal(rest.result.status, "success");
    const none = await refund("refund", { connectorTransactionId: pi, merchantRefundId: "refund-100-5", refundAmount: { minorAmount: 1, currency: "USD" } });
    assert.equal(none.result.status, "failure");
    assert.equal(none.result.error?.connectorCode, "charge_already_refunded");

    const rs = await refund("rsync", { connectorTransactionId: pi, connectorRefundId: r1.result.connectorRefundId });
    assert.equal(rs.http.method, "GET");
    assert.deepEqual([rs.result.status, rs.result.connectorRefundId, rs.result.refundAmount?.minorAmount], ["success", r1.result.connectorRefundId, 600]);

    events = await newEvents();
    const created = ofType(events, "refund.created");
    assert.deepEqual(
      created.map((e) => [e.kind, e.refundStatus, e.merchantRefundId, e.amount?.minorAmount, e.connectorTransactionId]),
      [
        ["refund", "success", "refund-100-1", 600, pi],
        ["refund", "success", "refund-100-2", 500, pi],
        ["refund", "success", "refund-100-4", 400, pi],
      ],
      "one refund.created per refund, none for the replays",
    );
    assert.equal(ofType(events, "charge.refunded").length, 3);
    assert.ok(ofType(events, "charge.refunded").every((e) => e.kind === "refund" && e.connectorTransactionId === pi));
  });

  it("void on a second payment; a second void fails and leaves it voided", async () => {
    const auth = await pay("authorize", { merchantTransactionId: "order-101", amount: { minorAmount: 3000, currency: "EUR" }, paymentMethod: card(), captureMethod: "manual" });
    assert.equal(auth.result.status, "authorized");
    const pi = auth.result.connectorTransactionId!;
    const v = await pay("void", { connectorTransactionId: pi, reason: "requested_by_customer", idempotencyKey: "void-101" });
    assert.equal(v.result.status, "voided");
    const again = await pay("void", { connectorTransactionId: pi });
    assert.equal(again.result.status, "void_failed");
    assert.equal(again.result.connectorStatus, "canceled");
    const sync = await pay("psync", { connectorTransactionId: pi });
    assert.equal(sync.result.status, "voided");
    const events = await newEvents();
    assert.deepEqual(ofType(events, "payment_intent.canceled").map((e) => [e.paymentStatus, e.connectorTransactionId]), [["voided", pi]]);
    // a refund of a payment never captured is Stripe's to refuse
    const r = await refund("refund", { connectorTransactionId: pi, merchantRefundId: "refund-101", refundAmount: { minorAmount: 100, currency: "EUR" } });
    assert.equal(r.result.status, "failure");
  });

  it("createCustomer → setupMandate → repeatPayment off-session, the steps' keys never colliding", async () => {
    const key = "save-card-200";
    const cus = await run<CustomerResult>("createCustomer", { customer: { id: "shopper-200", email: "jane@example.com", name: "Jane Doe" }, idempotencyKey: key });
    assert.equal(cus.result.status, "success");
    assert.equal(cus.http.headers.find((h) => h.name === "Idempotency-Key")?.value, `${key}:customer`);
    const customer = cus.result.connectorCustomerId!;
    assert.match(customer, /^cus_/);

    const setup = await pay("setupMandate", {
      merchantTransactionId: "mandate-200",
      amount: { minorAmount: 0, currency: "EUR" },
      paymentMethod: card(),
      customer: { connectorCustomerId: customer },
      idempotencyKey: key,
    });
    assert.equal(setup.result.status, "charged", JSON.stringify(setup.result));
    assert.match(setup.result.mandateReference ?? "", /^pm_/);
    assert.equal(setup.result.connectorCustomerId, customer);

    // a retry of the customer step (same caller key) is Stripe's replay of that step, not a clash
    const cusAgain = await run<CustomerResult>("createCustomer", { customer: { id: "shopper-200", email: "jane@example.com", name: "Jane Doe" }, idempotencyKey: key });
    assert.equal(cusAgain.result.connectorCustomerId, customer);

    const repeat = await pay("repeatPayment", {
      merchantTransactionId: "order-201",
      amount: { minorAmount: 4200, currency: "EUR" },
      mandateReference: setup.result.mandateReference,
      customer: { connectorCustomerId: customer },
      idempotencyKey: "order-201",
    });
    assert.equal(repeat.result.status, "charged", JSON.stringify(repeat.result));
    assert.deepEqual(repeat.result.amountCaptured, { minorAmount: 4200, currency: "EUR" });
    // the saved card belongs to its customer: without it Stripe refuses
    const stranger = await run<CustomerResult>("createCustomer", { customer: { email: "mallory@example.com" } });
    const wrong = await pay("repeatPayment", {
      merchantTransactionId: "order-202",
      amount: { minorAmount: 100, currency: "EUR" },
      mandateReference: setup.result.mandateReference,
      customer: { connectorCustomerId: stranger.result.connectorCustomerId },
    });
    assert.equal(wrong.result.status, "failure");

    const events = await newEvents();
    const mandates = ofType(events, "setup_intent.succeeded");
    assert.deepEqual(mandates.map((e) => [e.kind, e.paymentStatus, e.mandateReference, e.merchantTransactionId]), [["mandate", "charged", setup.result.mandateReference, "mandate-200"]]);
    assert.deepEqual(ofType(events, "customer.created").map((e) => e.kind), ["other", "other"]);
    assert.deepEqual(ofType(events, "payment_intent.succeeded").map((e) => [e.paymentStatus, e.merchantTransactionId]), [["charged", "order-201"]]);
  });

  it("authorize with setupFutureUsage saves the card; repeatPayment charges it", async () => {
    const cus = await run<CustomerResult>("createCustomer", { customer: { email: "ada@example.com" } });
    const customer = cus.result.connectorCustomerId!;
    const auth = await pay("authorize", {
      merchantTransactionId: "order-300",
      amount: { minorAmount: 1500, currency: "JPY" },
      paymentMethod: card(),
      setupFutureUsage: "offSession",
      customer: { connectorCustomerId: customer },
    });
    assert.equal(auth.result.status, "charged");
    assert.match(auth.result.mandateReference ?? "", /^pm_/);
    assert.equal(auth.result.connectorCustomerId, customer);
    const repeat = await pay("repeatPayment", {
      merchantTransactionId: "order-301",
      amount: { minorAmount: 990, currency: "JPY" },
      mandateReference: auth.result.mandateReference,
      customer: { connectorCustomerId: customer },
      captureMethod: "manual",
    });
    assert.equal(repeat.result.status, "authorized");
    await newEvents();
  });

  it("off-session trouble: a card saved through 3-D Secure needs the shopper again; a card the issuer declines later", async () => {
    const cus = await run<CustomerResult>("createCustomer", { customer: { email: "grace@example.com" } });
    const customer = cus.result.connectorCustomerId!;
    assert.ok(customer);
    // 4000002760003184 authenticates when saved and again on every payment
    const setup = await pay("setupMandate", {
      merchantTransactionId: "mandate-400",
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: card("4000002760003184"),
      customer: { connectorCustomerId: customer },
      returnUrl: "https://shop.example/saved",
    });
    assert.equal(setup.result.status, "authentication_pending");
    assert.ok(setup.result.redirection?.url, "no redirection to 3-D Secure");
    const challenge = await fetch(setup.result.redirection!.url, { redirect: "manual" });
    assert.equal(challenge.status, 302);
    assert.match(challenge.headers.get("location") ?? "", /^https:\/\/shop\.example\/saved\?setup_intent=seti_.*redirect_status=succeeded/);
    let events = await newEvents();
    const saved = ofType(events, "setup_intent.succeeded")[0];
    assert.ok(saved?.mandateReference, "no setup_intent.succeeded after the challenge");
    const offSession = await pay("repeatPayment", {
      merchantTransactionId: "order-400",
      amount: { minorAmount: 2500, currency: "USD" },
      mandateReference: saved.mandateReference,
      customer: { connectorCustomerId: customer },
    });
    assert.equal(offSession.result.status, "failure");
    assert.deepEqual([offSession.result.error?.code, offSession.result.error?.declineType], ["authentication_required", "soft"]);

    // 4000000000000341 is saved fine; charging it is declined
    const setup2 = await pay("setupMandate", {
      merchantTransactionId: "mandate-401",
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: card("4000000000000341"),
      customer: { connectorCustomerId: customer },
    });
    assert.equal(setup2.result.status, "charged");
    const declined = await pay("repeatPayment", {
      merchantTransactionId: "order-401",
      amount: { minorAmount: 2500, currency: "USD" },
      mandateReference: setup2.result.mandateReference,
      customer: { connectorCustomerId: customer },
    });
    assert.equal(declined.result.status, "failure");
    assert.equal(declined.result.error?.code, "card_declined");
    events = await newEvents();
    assert.deepEqual(
      ofType(events, "payment_intent.payment_failed").map((e) => [e.paymentStatus, e.error?.code]),
      [
        ["failure", "authentication_required"],
        ["failure", "card_declined"],
      ],
    );
    // a card that does not save at all
    const bad = await pay("setupMandate", { merchantTransactionId: "m-402", amount: { minorAmount: 0, currency: "USD" }, paymentMethod: card("4000000000009995"), customer: { connectorCustomerId: customer } });
    assert.deepEqual([bad.result.status, bad.result.error?.code], ["failure", "insufficient_funds"]);
    assert.match(bad.result.connectorTransactionId ?? "", /^seti_/);
    events = await newEvents();
    assert.deepEqual(ofType(events, "setup_intent.setup_failed").map((e) => [e.kind, e.paymentStatus, e.error?.code]), [["mandate", "failure", "insufficient_funds"]]);
  });

  it("a refund that fails later (test card ending 5126): success first, then a signed refund.updated and rsync say failure", async () => {
    const auth = await pay("authorize", { merchantTransactionId: "order-500", amount: { minorAmount: 1000, currency: "USD" }, paymentMethod: card("4000000000005126") });
    assert.equal(auth.result.status, "charged");
    const r = await refund("refund", { connectorTransactionId: auth.result.connectorTransactionId, merchantRefundId: "refund-500", refundAmount: { minorAmount: 1000, currency: "USD" } });
    assert.equal(r.result.status, "success");
    let failed: WebhookEvent | undefined;
    for (let i = 0; i < 50 && !failed; i++) {
      failed = ofType(await newEvents(), "refund.updated")[0];
      if (!failed) await new Promise((ok) => setTimeout(ok, 20));
    }
    assert.ok(failed, "no refund.updated");
    assert.deepEqual([failed.refundStatus, failed.connectorRefundId, failed.merchantRefundId, failed.error?.code], ["failure", r.result.connectorRefundId, "refund-500", "expired_card"]);
    const rs = await refund("rsync", { connectorTransactionId: auth.result.connectorTransactionId, connectorRefundId: r.result.connectorRefundId });
    assert.deepEqual([rs.result.status, rs.result.error?.connectorCode], ["failure", "expired_or_canceled_card"]);
  });

  it("every delivered webhook is refused by the sidecar with another secret, or with its body altered", async () => {
    await emu.webhooksDelivered();
    assert.ok(deliveries.length >= 20, `only ${deliveries.length} webhooks delivered`);
    for (const d of deliveries.slice(0, 10)) {
      const headers = Object.entries(d.headers).map(([name, value]) => ({ name, value }));
      const other = (await pool.call("parseWebhook", { connector: "stripe", headers, body: d.body, secret: "whsec_not_this_endpoint" })) as WebhookResult;
      assert.equal(other.verified, false);
      const altered = (await pool.call("parseWebhook", { connector: "stripe", headers, body: d.body.replace('"livemode":false', '"livemode":true'), secret: SECRET })) as WebhookResult;
      assert.equal(altered.verified, false);
      assert.ok(!JSON.stringify([other, altered]).includes(SECRET));
    }
  });

  describeWithOracles("the emulator's bodies fit Stripe's own response schemas (spec3 2023-09-12)", () => {
    it("payment_intent, refund, customer and setup_intent objects, and webhook events", async () => {
      const spec = loadSpec(oraclePath("stripe", "spec3.2023-09-12.json"));
      const schemas = spec.components!.schemas!;
      const problems: string[] = [];
      const fits = (label: string, value: unknown, schema: string) => {
        for (const p of validateValue(spec, value, schemas[schema] as Schema, "json")) problems.push(`${label}: ${p}`);
      };
      const cus = await run<CustomerResult>("createCustomer", { customer: { email: "schema@example.com", name: "Schema" } });
      fits("customer", JSON.parse(cus.response.body ?? ""), "customer");
      const setup = await pay("setupMandate", { merchantTransactionId: "m-600", amount: { minorAmount: 0, currency: "USD" }, paymentMethod: card(), customer: { connectorCustomerId: cus.result.connectorCustomerId } });
      fits("setup_intent", JSON.parse(setup.response.body ?? ""), "setup_intent");
      const auth = await pay("authorize", { merchantTransactionId: "o-600", amount: { minorAmount: 700, currency: "USD" }, paymentMethod: card() });
      fits("payment_intent", JSON.parse(auth.response.body ?? ""), "payment_intent");
      const r = await refund("refund", { connectorTransactionId: auth.result.connectorTransactionId, merchantRefundId: "r-600", refundAmount: { minorAmount: 700, currency: "USD" } });
      fits("refund", JSON.parse(r.response.body ?? ""), "refund");
      const over = await refund("refund", { connectorTransactionId: auth.result.connectorTransactionId, merchantRefundId: "r-601", refundAmount: { minorAmount: 1, currency: "USD" } });
      fits("error", JSON.parse(over.response.body ?? ""), "error");
      await emu.webhooksDelivered();
      for (const d of deliveries.slice(-6)) fits(`event ${JSON.parse(d.body).type}`, JSON.parse(d.body), "event");
      assert.deepEqual(problems, []);
    });
  });
});

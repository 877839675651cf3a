// Stripe beyond one payment (issue 12), through PaymentsClient, the pool and real HTTP against the
// emulator, with its signed webhooks read by the sidecar: a PaymentIntent session confirmed by the
// front end with the publishable key and the client secret, then an incremental authorization and
// the capture of the new total; a dispute opened by Stripe's dispute test card, from its webhook to
// evidence (a file uploaded first) to the outcome; accepting a dispute; evidence kept as a draft
// and defended; a saved card revoked (detached) and no longer chargeable.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { PaymentsClient } from "../../client/flows.js";
import { fetchExecutor, type HttpExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, WebhookEvent, WebhookResult } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { describeWithOracles, loadSpec, oraclePath, validateValue, type Schema } from "../oracles/openapi.js";

const API_KEY = "sk_test_issue12_key";
const PUBLISHABLE_KEY = "pk_test_issue12_key";
const SECRET = "whsec_issue12_endpoint_secret";
const usd = (minorAmount: number) => ({ minorAmount, currency: "USD" as const });
const card = (number: string) => ({ type: "card" as const, card: { number, expMonth: "12", expYear: String(new Date().getUTCFullYear() + 3), cvc: "123" } });
/** docs.stripe.com/testing#disputes: the charge succeeds, then a fraudulent dispute opens. */
const DISPUTE_CARD = "4000000000000259";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n").toString("base64");

describe("Stripe issue 12 flows through the client against the emulator, with signed webhooks", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let endpoint: Server;
  let payments: PaymentsClient;
  const sent: HttpRequest[] = [];
  const events: WebhookEvent[] = [];
  const bodies: string[] = [];

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    endpoint = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const result = (await payments.parseWebhook({ connector: "stripe", headers: req.headers as Record<string, string>, body, secret: SECRET })) as WebhookResult;
        assert.equal(result.verified, true, result.reason);
        events.push(...result.events);
        bodies.push(body);
        res.writeHead(result.acknowledgement.status, { "Content-Type": result.acknowledgement.contentType });
        res.end(result.acknowledgement.body);
      });
    });
    await new Promise<void>((ok) => endpoint.listen(0, "127.0.0.1", ok));
    const { port } = endpoint.address() as AddressInfo;
    emu = await startEmulator({ webhooks: { url: `http://127.0.0.1:${port}/webhooks/stripe`, secrets: { stripe: SECRET } } });
    const recording: HttpExecutor = async (req, init) => {
      sent.push(req);
      return fetchExecutor(req, init);
    };
    payments = new PaymentsClient(pool, { http: recording });
  });
  after(async () => {
    await emu?.close();
    await new Promise<void>((ok) => (endpoint ? endpoint.close(() => ok()) : ok()));
    await pool?.close();
  });

  const on = () => ({ connector: "stripe" as const, auth: { apiKey: API_KEY }, options: { baseUrl: emu.baseUrls.stripe } });
  async function eventsFor(id: string): Promise<WebhookEvent[]> {
    await emu.webhooksDelivered();
    return events.filter((e) => e.connectorTransactionId === id || e.connectorDisputeId === id);
  }
  /** What Stripe.js does in the shopper's browser: confirm with the publishable key and the client secret. */
  async function frontEndConfirms(intentId: string, clientSecret: string, paymentMethod = "pm_card_visa"): Promise<Response> {
    return fetch(`${emu.baseUrls.stripe}/v1/payment_intents/${intentId}/confirm`, {
      method: "POST",
      headers: { Authorization: `Bearer ${PUBLISHABLE_KEY}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ payment_method: paymentMethod, client_secret: clientSecret }),
    });
  }

  it("createSession → the front end confirms with the client secret → sync → incrementAuthorization → capture of the new total", async () => {
    const session = await payments.createSession({ ...on(), request: { merchantTransactionId: "hotel-1", amount: usd(10000), captureMethod: "manual", idempotencyKey: "hotel-1" } });
    assert.equal(session.status, "success", JSON.stringify(session));
    assert.match(session.clientSecret ?? "", /^pi_\w+_secret_\w+$/);
    assert.equal(session.connectorTransactionId, session.sessionId);
    // the same key gives the same session (Stripe's idempotent replay)
    const again = await payments.createSession({ ...on(), request: { merchantTransactionId: "hotel-1", amount: usd(10000), captureMethod: "manual", idempotencyKey: "hotel-1" } });
    assert.equal(again.connectorTransactionId, session.connectorTransactionId);

    // a wrong client secret is refused; the right one confirms
    assert.equal((await frontEndConfirms(session.connectorTransactionId!, `${session.connectorTransactionId}_secret_wrong`)).status, 400);
    assert.equal((await frontEndConfirms(session.connectorTransactionId!, session.clientSecret!)).status, 200);

    const synced = await payments.sync({ ...on(), payment: session, request: {} });
    assert.equal(synced.status, "authorized");

    const raised = await payments.incrementAuthorization({ ...on(), payment: synced, request: { additionalAmount: usd(2500), paymentAmount: usd(10000), reason: "Minibar", idempotencyKey: "hotel-1:incr-1" } });
    assert.equal(raised.status, "authorized", JSON.stringify(raised));
    assert.deepEqual(raised.authorizedAmount, usd(12500));
    assert.equal(new URLSearchParams(sent.at(-1)!.body!.data).get("amount"), "12500", "Stripe takes the new total");
    // the next increment takes the total so far from the previous result
    const raisedAgain = await payments.incrementAuthorization({ ...on(), payment: raised, request: { additionalAmount: usd(500) } });
    assert.deepEqual(raisedAgain.authorizedAmount, usd(13000));

    const captured = await payments.capture({ ...on(), payment: raisedAgain, request: { amountToCapture: usd(13000) } });
    assert.equal(captured.status, "charged", JSON.stringify(captured));
    // captured: no more increments (requires_capture only)
    const late = await payments.incrementAuthorization({ ...on(), payment: captured, request: { additionalAmount: usd(100), paymentAmount: usd(13000) } });
    assert.equal(late.status, "failure");
    assert.equal(late.error?.code, "invalid_request");

    const evs = await eventsFor(session.connectorTransactionId!);
    assert.deepEqual(
      evs.filter((e) => e.eventType === "payment_intent.amount_capturable_updated").map((e) => e.amount?.minorAmount),
      [10000, 12500, 13000],
    );
  });

  it("a dispute from its webhook to evidence (a file uploaded first) to the outcome won", async () => {
    const paid = await payments.authorize({ ...on(), request: { merchantTransactionId: "order-dispute-1", amount: usd(4200), paymentMethod: card(DISPUTE_CARD) } });
    assert.equal(paid.status, "charged");
    const opened = (await eventsFor(paid.connectorTransactionId!)).find((e) => e.eventType === "charge.dispute.created");
    assert.ok(opened, "no charge.dispute.created webhook");
    assert.equal(opened.kind, "dispute");
    assert.equal(opened.disputeStatus, "needs_response");
    assert.deepEqual(opened.amount, usd(4200));
    assert.equal(opened.reasonCode, "10.4");
    assert.ok(opened.dueBy && Date.parse(opened.dueBy) > Date.now(), opened.dueBy);

    const read = await payments.disputeSync({ ...on(), dispute: opened, request: {} });
    assert.equal(read.status, "needs_response");
    assert.equal(read.connectorTransactionId, paid.connectorTransactionId);

    const before = sent.length;
    const submitted = await payments.submitDisputeEvidence({
      ...on(),
      dispute: opened,
      request: {
        evidence: [
          { type: "productDescription", text: "Blue ceramic mug, 350 ml" },
          { type: "receipt", file: { filename: "receipt.pdf", contentType: "application/pdf", data: PDF } },
          // Stripe's test mode: this text wins the dispute (docs.stripe.com/testing#evidence)
          { type: "uncategorized", text: "winning_evidence" },
        ],
        idempotencyKey: "evidence-1",
      },
    });
    assert.equal(submitted.status, "won", JSON.stringify(submitted));
    const [upload, evidence] = sent.slice(before);
    assert.equal(new URL(upload!.url).pathname.endsWith("/v1/files"), true);
    assert.match(upload!.body!.contentType, /^multipart\/form-data; boundary=/);
    assert.equal(upload!.headers.find((h) => h.name === "Idempotency-Key")?.value, "evidence-1:file1");
    assert.match(new URLSearchParams(evidence!.body!.data).get("evidence[receipt]") ?? "", /^file_/);

    const closed = (await eventsFor(opened.connectorDisputeId!)).filter((e) => e.eventType === "charge.dispute.closed");
    assert.deepEqual(closed.map((e) => e.disputeStatus), ["won"]);
    // a decided dispute takes no more evidence
    const more = await payments.submitDisputeEvidence({ ...on(), dispute: opened, request: { evidence: [{ type: "productDescription", text: "more" }] } });
    assert.equal(more.status, "failure");
  });

  it("acceptDispute: Stripe's close, reported accepted; dsync reads it lost; accepting again fails", async () => {
    const paid = await payments.authorize({ ...on(), request: { merchantTransactionId: "order-dispute-2", amount: usd(1500), paymentMethod: card(DISPUTE_CARD) } });
    const opened = (await eventsFor(paid.connectorTransactionId!)).find((e) => e.eventType === "charge.dispute.created")!;
    const accepted = await payments.acceptDispute({ ...on(), dispute: opened, request: {} });
    assert.equal(accepted.status, "accepted", JSON.stringify(accepted));
    assert.equal((await payments.disputeSync({ ...on(), dispute: opened, request: {} })).status, "lost");
    const twice = await payments.acceptDispute({ ...on(), dispute: opened, request: {} });
    assert.equal(twice.status, "failure");
    const closed = (await eventsFor(opened.connectorDisputeId!)).filter((e) => e.eventType === "charge.dispute.closed");
    assert.deepEqual(closed.map((e) => e.disputeStatus), ["lost"]);
  });

  it("evidence saved as a draft (submit: false), then defendDispute submits it", async () => {
    const paid = await payments.authorize({ ...on(), request: { merchantTransactionId: "order-dispute-3", amount: usd(990), paymentMethod: card(DISPUTE_CARD) } });
    const opened = (await eventsFor(paid.connectorTransactionId!)).find((e) => e.eventType === "charge.dispute.created")!;
    const draft = await payments.submitDisputeEvidence({ ...on(), dispute: opened, request: { evidence: [{ type: "shippingTrackingNumber", text: "1Z999AA10123456784" }], submit: false } });
    assert.equal(draft.status, "needs_response");
    const defended = await payments.defendDispute({ ...on(), dispute: opened, request: {} });
    assert.equal(defended.status, "under_review");
    const refused = await payments.defendDispute({ ...on(), dispute: opened, request: { defenseReasonCode: "GoodsOrServicesProvided" } }).catch((e: Error) => e);
    assert.ok(refused instanceof Error && /defenseReasonCode/.test(refused.message));
  });

  it("revokeMandate detaches the saved card: charging it afterwards fails, revoking again fails", async () => {
    const mandate = await payments.setupMandate({ ...on(), request: { merchantTransactionId: "save-12", amount: usd(0), paymentMethod: card("4242424242424242"), customer: { email: "ada@example.com" } } });
    assert.equal(mandate.status, "charged", JSON.stringify(mandate));
    const repeat = () =>
      payments.repeatPayment({ ...on(), mandate, request: { merchantTransactionId: `order-${Math.random()}`, amount: usd(500) } });
    assert.equal((await repeat()).status, "charged");
    const revoked = await payments.revokeMandate({ ...on(), mandate });
    assert.equal(revoked.status, "revoked", JSON.stringify(revoked));
    assert.equal(revoked.mandateReference, mandate.mandateReference);
    assert.equal((await repeat()).status, "failure");
    const again = await payments.revokeMandate({ ...on(), mandate });
    assert.equal(again.status, "failure");
    assert.match(again.error?.connectorMessage ?? "", /not attached to a customer/);
  });

  describeWithOracles("the emulator's new bodies fit Stripe's own response schemas (spec3 2023-09-12)", () => {
    it("dispute objects and dispute events", async () => {
      const spec = loadSpec(oraclePath("stripe", "spec3.2023-09-12.json"));
      const schemas = spec.components!.schemas!;
      const problems: string[] = [];
      const fits = (label: string, value: unknown, schema: string) => {
        for (const p of validateValue(spec, value, schemas[schema] as Schema, "json")) problems.push(`${label}: ${p}`);
      };
      const paid = await payments.authorize({ ...on(), request: { merchantTransactionId: "order-dispute-4", amount: usd(700), paymentMethod: card(DISPUTE_CARD) } });
      const opened = (await eventsFor(paid.connectorTransactionId!)).find((e) => e.eventType === "charge.dispute.created")!;
      const from = sent.length;
      await payments.disputeSync({ ...on(), dispute: opened, request: {} });
      const upload = await payments.uploadDisputeFile({ ...on(), request: { file: { filename: "r.pdf", contentType: "application/pdf", data: PDF } } });
      assert.equal(upload.status, "success");
      const raw = async (req: HttpRequest) => (await fetchExecutor(req, { signal: AbortSignal.timeout(5000) })).body ?? "";
      fits("dispute", JSON.parse(await raw(sent[from]!)), "dispute");
      await emu.webhooksDelivered();
      for (const b of bodies.filter((x) => x.includes('"charge.dispute.'))) fits(`event ${JSON.parse(b).type}`, JSON.parse(b), "event");
      assert.deepEqual(problems, []);
    });
  });
});

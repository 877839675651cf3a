// Issue 12 on Checkout.com through PaymentsClient, the pool and real HTTP against the emulator,
// with signed webhooks: a Flow payment session; a reversal of an uncaptured and of a captured
// payment; a test dispute (Checkout.com's sandbox scenario: a Visa payment of 10.40, reason 10.4)
// from its webhook through a file upload, evidence provided, submitted (defendDispute), and
// accepting another one. Expected values come from Checkout.com's documentation (the dispute
// scenario, the reversal rules, the 204s of the Disputes API), not from our output.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PaymentsClient } from "../../client/flows.js";
import { fetchExecutor, type HttpExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, WebhookEvent, WebhookResult } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { scenario } from "../../emulator/connectors/checkout/scenario.js";

const SECRET = scenario.emulator.webhookSecret!;
const gbp = (minorAmount: number) => ({ minorAmount, currency: "GBP" as const });
const visa = { type: "card" as const, card: { number: "4242424242424242", expMonth: "12", expYear: "2030", cvc: "100" } };
const PNG = Buffer.from("\x89PNG\r\n\x1a\n0000IHDR", "binary").toString("base64");

describe("Checkout.com issue 12 flows through the client against the emulator, with signed webhooks", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let endpoint: Server;
  let payments: PaymentsClient;
  const sent: HttpRequest[] = [];
  const events: WebhookEvent[] = [];

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    endpoint = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const result = (await payments.parseWebhook({ connector: "checkout", headers: req.headers as Record<string, string>, body, secret: SECRET })) as WebhookResult;
        assert.equal(result.verified, true, result.reason);
        events.push(...result.events);
        res.writeHead(result.acknowledgement.status, { "Content-Type": result.acknowledgement.contentType });
        res.end(result.acknowledgement.body);
      });
    });
    await new Promise<void>((ok) => endpoint.listen(0, "127.0.0.1", ok));
    const { port } = endpoint.address() as AddressInfo;
    emu = await startEmulator({ webhooks: { url: `http://127.0.0.1:${port}/webhooks/checkout`, secrets: { checkout: SECRET } } });
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

  const on = () => ({ connector: "checkout" as const, auth: scenario.emulator.auth as { apiKey: string }, options: { baseUrl: emu.baseUrls.checkout } });
  let seq = 0;
  const order = (p: string) => `${p}-${Date.now() % 100000}-${++seq}`;
  async function disputeEventsFor(paymentId: string): Promise<WebhookEvent[]> {
    await emu.webhooksDelivered();
    return events.filter((e) => e.kind === "dispute" && e.connectorTransactionId === paymentId);
  }
  async function disputedPayment(): Promise<{ paymentId: string; opened: WebhookEvent }> {
    // Disputes testing: a Visa payment of 10.40 (GBP), captured, opens a fraud dispute with reason code 10.4.
    const paid = await payments.authorize({ ...on(), request: { merchantTransactionId: order("dsp"), amount: gbp(1040), paymentMethod: visa } });
    assert.equal(paid.status, "capture_initiated", JSON.stringify(paid));
    const opened = (await disputeEventsFor(paid.connectorTransactionId!)).find((e) => e.eventType === "dispute_evidence_required");
    assert.ok(opened, "no dispute_evidence_required webhook");
    return { paymentId: paid.connectorTransactionId!, opened };
  }

  it("createSession: a Flow payment session with its secret and token; the billing country and return URL are required", async () => {
    const session = await payments.createSession({
      ...on(),
      request: { merchantTransactionId: order("flow"), amount: gbp(2500), returnUrl: "https://shop.example/return", billingAddress: { country: "GB" }, paymentMethodTypes: ["card", "applePay"] },
    });
    assert.equal(session.status, "success", JSON.stringify(session));
    assert.match(session.sessionId ?? "", /^ps_\w+$/);
    assert.match(session.clientSecret ?? "", /^pss_/);
    assert.ok(session.clientToken);
    const body = JSON.parse(sent.at(-1)!.body!.data) as Record<string, unknown>;
    assert.equal(sent.at(-1)!.url, `${emu.baseUrls.checkout}/payment-sessions`);
    assert.deepEqual(body["enabled_payment_methods"], ["card", "applepay"]);
    assert.equal(body["success_url"], "https://shop.example/return");
    assert.equal(sent.at(-1)!.body!.sensitive, true);
    await assert.rejects(
      payments.createSession({ ...on(), request: { merchantTransactionId: order("flow"), amount: gbp(2500), returnUrl: "https://shop.example/return" } }),
      (e: { data?: { field?: string } }) => e.data?.field === "request.billingAddress.country",
    );
  });

  it("reverse: voids an uncaptured payment and refunds a captured one (always the full amount); nothing left: void_failed", async () => {
    const held = await payments.authorize({ ...on(), request: { merchantTransactionId: order("rev"), amount: gbp(5000), paymentMethod: visa, captureMethod: "manual" } });
    assert.equal(held.status, "authorized", JSON.stringify(held));
    const reversed = await payments.reverse({ ...on(), payment: held, request: { merchantReverseId: "rev-1" } });
    assert.equal(reversed.status, "void_initiated", JSON.stringify(reversed));
    assert.equal((await payments.sync({ ...on(), payment: held, request: {} })).status, "voided");
    const again = await payments.reverse({ ...on(), payment: held, request: {} });
    assert.equal(again.status, "void_failed");
    assert.equal(again.httpStatus, 403);

    const paid = await payments.authorize({ ...on(), request: { merchantTransactionId: order("rev"), amount: gbp(3000), paymentMethod: visa } });
    assert.equal((await payments.reverse({ ...on(), payment: paid, request: {} })).status, "void_initiated");
    const synced = await payments.sync({ ...on(), payment: paid, request: {} });
    // the payment stays charged in unified words; Checkout.com's own status says the reversal refunded it
    assert.equal(synced.connectorStatus, "Refunded", JSON.stringify(synced));
  });

  it("a test dispute from its webhook to a file, evidence provided, then submitted (defendDispute)", async () => {
    const { paymentId, opened } = await disputedPayment();
    assert.equal(opened.disputeStatus, "needs_response");
    assert.equal(opened.reasonCode, "10.4");
    assert.deepEqual(opened.amount, gbp(1040));
    assert.match(opened.dueBy ?? "", /^\d{4}-\d\d-\d\dT/);

    const read = await payments.disputeSync({ ...on(), dispute: opened, request: {} });
    assert.equal(read.status, "needs_response");
    assert.equal(read.connectorTransactionId, paymentId);
    assert.equal(read.reasonMessage, "fraudulent");

    // submitting before any evidence is provided is refused
    const early = await payments.defendDispute({ ...on(), dispute: opened, request: {} });
    assert.equal(early.status, "failure");

    const provided = await payments.submitDisputeEvidence({
      ...on(),
      dispute: opened,
      request: {
        evidence: [
          { type: "receipt", text: "Invoice 1042", file: { filename: "invoice.png", contentType: "image/png", data: PNG } },
          { type: "shippingDocumentation", text: "Delivered on 2026-11-02, signed by the cardholder" },
        ],
        idempotencyKey: order("ev"),
      },
    });
    assert.equal(provided.status, "needs_response", JSON.stringify(provided));
    const upload = sent.find((r) => r.url.endsWith("/files"))!;
    assert.match(upload.body!.contentType, /^multipart\/form-data; boundary=/);
    const evidence = JSON.parse(sent.at(-1)!.body!.data) as Record<string, string>;
    assert.match(evidence["invoice_or_receipt_file"] ?? "", /^file_\w+$/);
    assert.equal(evidence["proof_of_delivery_or_service_text"], "Delivered on 2026-11-02, signed by the cardholder");

    const defended = await payments.defendDispute({ ...on(), dispute: opened, request: {} });
    assert.equal(defended.status, "challenged", JSON.stringify(defended));
    assert.equal((await payments.disputeSync({ ...on(), dispute: opened, request: {} })).status, "under_review");
    const submitted = (await disputeEventsFor(paymentId)).filter((e) => e.eventType === "dispute_evidence_submitted");
    assert.deepEqual(submitted.map((e) => e.disputeStatus), ["challenged"]);
    // a dispute under review takes no more evidence
    const more = await payments.submitDisputeEvidence({ ...on(), dispute: opened, request: { evidence: [{ type: "uncategorized", text: "more" }] } });
    assert.equal(more.status, "failure");
  });

  it("acceptDispute: accepted, dsync reads it accepted, accepting again fails", async () => {
    const { paymentId, opened } = await disputedPayment();
    const accepted = await payments.acceptDispute({ ...on(), dispute: opened, request: {} });
    assert.equal(accepted.status, "accepted", JSON.stringify(accepted));
    assert.equal((await payments.disputeSync({ ...on(), dispute: opened, request: {} })).status, "accepted");
    const twice = await payments.acceptDispute({ ...on(), dispute: opened, request: {} });
    assert.equal(twice.status, "failure");
    assert.equal(twice.httpStatus, 403);
    const evs = (await disputeEventsFor(paymentId)).filter((e) => e.eventType === "dispute_accepted");
    assert.deepEqual(evs.map((e) => e.disputeStatus), ["accepted"]);
  });
});

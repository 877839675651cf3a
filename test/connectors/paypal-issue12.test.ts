// Issue 12 on PayPal through PaymentsClient, the pool and real HTTP against the emulator, with
// webhooks PayPal signs and the client's handler verifies (verifyWebhook): createSession (the
// order PayPal's JS SDK buttons approve) → the payer approves → completeAuthorize; a dispute (the
// buyer's act, played by the emulator's control) from CUSTOMER.DISPUTE.CREATED through
// provide-evidence (a file with it, multipart) to PayPal's decision; accept-claim; and the flows
// PayPal has no call for answering with PayPal's reason. Expected values come from PayPal's
// Orders v2 and Customer Disputes v1 documentation and spec, not from our output.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PaymentsClient } from "../../client/flows.js";
import { fetchExecutor, type HttpExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type { NodeWebhookHandler } from "../../client/webhooks.js";
import type { HttpRequest, WebhookEvent } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { scenario } from "../../emulator/connectors/paypal/scenario.js";

const AUTH = scenario.emulator.auth as { clientId: string; clientSecret: string };
const WEBHOOK_ID = scenario.emulator.webhookSecret!;
const usd = (minorAmount: number) => ({ minorAmount, currency: "USD" as const });
const CARD = { type: "card" as const, card: { number: "4111111111111111", expMonth: "03", expYear: "2030", cvc: "123" } };
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n").toString("base64");

describe("PayPal issue 12 flows through the client against the emulator, with verified webhooks", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let endpoint: Server;
  let payments: PaymentsClient;
  let token: Record<string, string>;
  let hook: NodeWebhookHandler = (_req, res) => void res.writeHead(503).end();
  const sent: HttpRequest[] = [];
  const events: WebhookEvent[] = [];
  const rejections: string[] = [];
  let seq = 0;
  const order = (p: string) => `${p}-${process.pid}-${++seq}`;

  before(async () => {
    endpoint = createServer((req, res) => hook(req, res));
    await new Promise<void>((ok) => endpoint.listen(0, "127.0.0.1", ok));
    const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/webhooks/paypal`;
    emu = await startEmulator({ webhooks: { url, secrets: { paypal: WEBHOOK_ID } } });
    pool = await SidecarPool.start({ size: 1 });
    const recording: HttpExecutor = async (req, init) => {
      sent.push(req);
      return fetchExecutor(req, init);
    };
    payments = new PaymentsClient(pool, { http: recording });
    const t = await payments.createAccessToken({ ...on() });
    assert.equal(t.status, "success");
    token = { accessToken: t.state!.accessToken! };
    hook = payments.webhookHandler({
      connector: "paypal",
      verify: { webhookId: WEBHOOK_ID, auth: AUTH, state: () => token },
      options: { baseUrl: emu.baseUrls.paypal },
      onEvent: (e) => void events.push(e),
      onRejected: (r) => void rejections.push(r.reason),
    });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
    await new Promise<void>((ok) => {
      endpoint?.close(() => ok());
      endpoint?.closeAllConnections();
    });
  });

  function on() {
    return { connector: "paypal" as const, auth: AUTH, options: { baseUrl: emu.baseUrls.paypal } };
  }
  async function disputeEvents(disputeId: string): Promise<WebhookEvent[]> {
    await emu.webhooksDelivered();
    assert.deepEqual(rejections, []);
    return events.filter((e) => e.kind === "dispute" && e.connectorDisputeId === disputeId);
  }
  /** A captured card payment, then the buyer disputes it (EMULATOR-ONLY control: PayPal has no merchant call that opens one). */
  async function disputed(): Promise<{ captureId: string; opened: WebhookEvent }> {
    const paid = await payments.authorize({ ...on(), request: { merchantTransactionId: order("dsp"), amount: usd(9600), paymentMethod: CARD, state: token } });
    assert.equal(paid.status, "charged", JSON.stringify(paid));
    const r = await fetch(`${emu.baseUrls.paypal}/_emulator/disputes`, { method: "POST", body: JSON.stringify({ capture_id: paid.connectorTransactionId }) });
    assert.equal(r.status, 201);
    const id = ((await r.json()) as { dispute_id: string }).dispute_id;
    const opened = (await disputeEvents(id)).find((e) => e.eventType === "CUSTOMER.DISPUTE.CREATED");
    assert.ok(opened, "no CUSTOMER.DISPUTE.CREATED webhook");
    return { captureId: paid.connectorTransactionId!, opened };
  }

  it("createSession: the order the buttons approve (CREATED, approve link), then the payer approves and completeAuthorize captures it", async () => {
    const session = await payments.createSession({
      ...on(),
      request: { merchantTransactionId: order("btn"), amount: usd(2500), description: "Sporting goods", idempotencyKey: order("k"), state: token },
    });
    assert.equal(session.status, "success", JSON.stringify(session));
    assert.equal(session.connectorStatus, "CREATED");
    assert.equal(session.sessionId, session.connectorTransactionId);
    assert.equal(session.redirection?.method, "GET");
    const body = JSON.parse(sent.at(-1)!.body!.data) as Record<string, unknown>;
    assert.equal(body["intent"], "CAPTURE");
    assert.equal(body["payment_source"], undefined, "the buttons' order has no payment source");
    // PayPal's window: the payer approves
    assert.equal((await fetch(session.redirection!.url)).status, 200);
    const done = await payments.completeAuthorize({ ...on(), payment: session, request: { state: token } });
    assert.equal(done.status, "charged", JSON.stringify(done));
    assert.deepEqual(done.amountCaptured, usd(2500));
  });

  it("a dispute from CUSTOMER.DISPUTE.CREATED to evidence with a file (multipart) to PayPal's decision for the merchant", async () => {
    const { captureId, opened } = await disputed();
    assert.equal(opened.disputeStatus, "needs_response");
    assert.equal(opened.connectorTransactionId, captureId);
    assert.deepEqual(opened.amount, usd(9600));
    assert.ok(opened.dueBy);

    const read = await payments.disputeSync({ ...on(), dispute: opened, request: { state: token } });
    assert.equal(read.status, "needs_response", JSON.stringify(read));
    assert.equal(read.reasonMessage, "MERCHANDISE_OR_SERVICE_NOT_RECEIVED");

    // PayPal keeps no draft
    await assert.rejects(
      payments.submitDisputeEvidence({ ...on(), dispute: opened, request: { evidence: [{ type: "uncategorized", text: "x" }], submit: false, state: token } }),
      (e: { data?: { field?: string } }) => e.data?.field === "request.submit",
    );
    const submitted = await payments.submitDisputeEvidence({
      ...on(),
      dispute: opened,
      request: {
        evidence: [
          { type: "receipt", text: "Receipt of order 1042", file: { filename: "receipt-1042.pdf", contentType: "application/pdf", data: PDF } },
          { type: "shippingTrackingNumber", text: "UPS 1Z999AA10123456784" },
        ],
        state: token,
      },
    });
    assert.equal(submitted.status, "challenged", JSON.stringify(submitted));
    assert.ok(!sent.some((r) => r.url.includes("/files")), "no separate upload at PayPal");
    assert.match(sent.at(-1)!.body!.contentType, /^multipart\/form-data; boundary=/);
    assert.equal((await payments.disputeSync({ ...on(), dispute: opened, request: { state: token } })).status, "under_review");
    const updated = (await disputeEvents(opened.connectorDisputeId!)).filter((e) => e.eventType === "CUSTOMER.DISPUTE.UPDATED");
    assert.deepEqual(updated.map((e) => e.disputeStatus), ["under_review"]);

    // PayPal decides (EMULATOR-ONLY control)
    const r = await fetch(`${emu.baseUrls.paypal}/_emulator/disputes/${opened.connectorDisputeId}/resolve?outcome=RESOLVED_SELLER_FAVOUR`, { method: "POST" });
    assert.equal(r.status, 200);
    const resolved = (await disputeEvents(opened.connectorDisputeId!)).filter((e) => e.eventType === "CUSTOMER.DISPUTE.RESOLVED");
    assert.deepEqual(resolved.map((e) => e.disputeStatus), ["won"]);
    assert.equal((await payments.disputeSync({ ...on(), dispute: opened, request: { state: token } })).status, "won");
  });

  it("acceptDispute: accept-claim closes it for the buyer; accepting again fails", async () => {
    const { opened } = await disputed();
    const accepted = await payments.acceptDispute({ ...on(), dispute: opened, request: { state: token } });
    assert.equal(accepted.status, "accepted", JSON.stringify(accepted));
    const claim = Buffer.from(sent.at(-1)!.body!.data, "base64").toString("utf8");
    assert.match(sent.at(-1)!.body!.contentType, /^multipart\/form-data; boundary=/, "accept-claim is multipart in PayPal's spec");
    assert.match(claim, /name="input"\r\nContent-Type: application\/json\r\n\r\n\{"note":"[^"]+"\}/, "accept-claim's note is required");
    assert.equal((await payments.disputeSync({ ...on(), dispute: opened, request: { state: token } })).status, "accepted");
    const twice = await payments.acceptDispute({ ...on(), dispute: opened, request: { state: token } });
    assert.equal(twice.status, "failure");
    assert.equal(twice.httpStatus, 422);
  });

  it("the flows PayPal has no call for are listed unsupported with PayPal's reason", async () => {
    for (const flow of ["reverse", "uploadDisputeFile", "defendDispute"] as const) {
      const support = await payments.supports("paypal", flow);
      assert.equal(support.supported, false, flow);
      assert.match(support.reason ?? "", /PayPal/, flow);
    }
  });
});

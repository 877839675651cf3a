// Braintree's issue 12 flows through PaymentsClient, the pool and real HTTP against its emulator,
// with its signed webhooks read by parseWebhook: a client token for the front end; a dispute from
// its dispute_opened notification to text and file evidence, finalized, to the outcome; a dispute
// accepted; what Braintree refuses (evidence on a dispute no longer open, text evidence with
// submit true, a file type it does not take).
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { PaymentsClient } from "../../client/flows.js";
import { fetchExecutor, type HttpExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import { redact } from "../../client/redact.js";
import type { HttpRequest, PaymentResult, WebhookEvent, WebhookResult } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { BRAINTREE_PRIVATE_KEY, BRAINTREE_PUBLIC_KEY } from "../../emulator/connectors/braintree/index.js";

const AUTH = { publicKey: BRAINTREE_PUBLIC_KEY, privateKey: BRAINTREE_PRIVATE_KEY, merchantAccountId: "acme_USD" };
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n").toString("base64");

describe("Braintree issue 12 flows through the client against the emulator, with signed webhooks", function () {
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
        const result = (await payments.parseWebhook({ connector: "braintree", headers: req.headers as Record<string, string>, body, secret: BRAINTREE_PRIVATE_KEY })) as WebhookResult;
        assert.equal(result.verified, true, result.reason);
        events.push(...result.events);
        res.writeHead(result.acknowledgement.status).end(result.acknowledgement.body);
      });
    });
    await new Promise<void>((ok) => endpoint.listen(0, "127.0.0.1", ok));
    const { port } = endpoint.address() as AddressInfo;
    emu = await startEmulator({ webhooks: { url: `http://127.0.0.1:${port}/webhooks/braintree`, secrets: {} } });
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

  const on = () => ({ connector: "braintree" as const, auth: AUTH, options: { baseUrl: emu.baseUrls.braintree! } });
  let seq = 0;
  const order = (p: string) => `${p}${Date.now() % 100000}${++seq}`;

  async function charge(minorAmount = 5000): Promise<PaymentResult> {
    const o = order("bt12");
    const paid = await payments.authorize({
      ...on(),
      request: { merchantTransactionId: o, amount: { minorAmount, currency: "USD" }, paymentMethod: { type: "token", token: { value: "fake-valid-nonce" } }, idempotencyKey: `${o}-auth` },
    });
    assert.equal(paid.status, "charged", JSON.stringify(paid));
    return paid;
  }

  /** Opens a chargeback on the transaction (emulator only) and returns its dispute_opened event. */
  async function dispute(paid: PaymentResult): Promise<WebhookEvent> {
    const r = await fetch(`${emu.baseUrls.braintree}/_emulator/dispute/${encodeURIComponent(paid.connectorTransactionId!)}`, { method: "POST" });
    assert.equal(r.status, 200);
    const { id } = (await r.json()) as { id: string };
    await emu.webhooksDelivered();
    const opened = events.find((e) => e.connectorDisputeId === id && e.eventType === "dispute_opened");
    assert.ok(opened, "no dispute_opened notification carrying the dispute's GraphQL id");
    return opened;
  }

  it("createSession: a client token for the front end, masked as a credential; a customer nobody created is not_found", async () => {
    const session = await payments.createSession({ ...on(), request: { merchantTransactionId: order("sess"), amount: { minorAmount: 1000, currency: "USD" } } });
    assert.equal(session.status, "success", JSON.stringify(session));
    assert.ok(session.clientToken && Buffer.from(session.clientToken, "base64").toString().includes("authorizationFingerprint"));
    assert.equal(redact(session).clientToken, "***", "redact() masks the client token");
    assert.ok(!JSON.stringify(redact(session)).includes(session.clientToken));
    const call = sent.at(-1)!;
    const body = JSON.parse(call.body!.data) as { query: string; variables: { input: { clientToken: Record<string, unknown> } } };
    assert.match(body.query, /createClientToken\(input: \$input\)/);
    assert.deepEqual(body.variables.input.clientToken, { merchantAccountId: "acme_USD" });

    const unknown = await payments.createSession({
      ...on(),
      request: { merchantTransactionId: order("sess"), amount: { minorAmount: 1000, currency: "USD" }, customer: { connectorCustomerId: "Y3VzdG9tZXJfbm9ib2R5" } },
    });
    assert.equal(unknown.status, "failure");
    assert.equal(unknown.error?.code, "not_found", JSON.stringify(unknown.error));
  });

  it("a dispute from dispute_opened to text and file evidence, finalized (dispute_disputed), to won", async () => {
    const paid = await charge(5000);
    const opened = await dispute(paid);
    assert.equal(opened.disputeStatus, "needs_response");
    assert.equal(opened.connectorTransactionId, paid.connectorTransactionId);
    assert.deepEqual(opened.amount, { minorAmount: 5000, currency: "USD" });
    assert.equal(opened.reasonCode, "10.4");
    assert.match(opened.dueBy ?? "", /^\d{4}-\d{2}-\d{2}T00:00:00Z$/);

    const synced = await payments.disputeSync({ ...on(), dispute: opened, request: {} });
    assert.equal(synced.status, "needs_response", JSON.stringify(synced));
    assert.deepEqual(synced.amount, { minorAmount: 5000, currency: "USD" });
    assert.equal(synced.dueBy, opened.dueBy, "the node read and the webhook agree on the reply-by date");

    // Text with submit true is refused before anything is sent: finalizing in the same document
    // would go on after a refused piece.
    const before = sent.length;
    await assert.rejects(
      payments.submitDisputeEvidence({ ...on(), dispute: opened, request: { evidence: [{ type: "shippingTrackingNumber", text: "1Z999AA10123456784" }] } }),
      (e: Error & { data?: { field?: string } }) => e.data?.field === "request.submit",
    );
    assert.equal(sent.length, before);

    const evidence = await payments.submitDisputeEvidence({
      ...on(),
      dispute: opened,
      request: {
        submit: false,
        idempotencyKey: `${opened.connectorDisputeId}-evidence`,
        evidence: [
          { type: "shippingTrackingNumber", text: "1Z999AA10123456784" },
          { type: "customerCommunication", text: "The shopper confirmed delivery by email on 2 May." },
          { type: "receipt", file: { filename: "receipt.pdf", contentType: "application/pdf", data: PDF } },
        ],
      },
    });
    assert.equal(evidence.status, "needs_response", JSON.stringify(evidence));
    // One multipart upload for the file, then one document with both texts.
    const calls = sent.slice(before);
    assert.equal(calls.length, 2);
    assert.match(calls[0]!.body!.contentType, /^multipart\/form-data; boundary=/);
    const doc = JSON.parse(calls[1]!.body!.data) as { query: string; variables: Record<string, { category: string; content: string }> };
    assert.equal(doc.query.match(/createDisputeTextEvidence\(/g)?.length, 2);
    assert.deepEqual(Object.values(doc.variables).map((v) => v.category), ["TRACKING_NUMBER", "GENERAL"]);

    const defended = await payments.defendDispute({ ...on(), dispute: opened, request: {} });
    assert.equal(defended.status, "challenged", JSON.stringify(defended));
    assert.equal(defended.connectorStatus, "DISPUTED");
    await emu.webhooksDelivered();
    assert.ok(events.some((e) => e.connectorDisputeId === opened.connectorDisputeId && e.eventType === "dispute_disputed" && e.disputeStatus === "challenged"));

    // Evidence on a dispute no longer open is Braintree's VALIDATION error.
    const late = await payments.submitDisputeEvidence({ ...on(), dispute: opened, request: { submit: false, evidence: [{ type: "uncategorized", text: "more" }] } });
    assert.equal(late.status, "failure", JSON.stringify(late));
    assert.equal(late.error?.code, "invalid_request", JSON.stringify(late.error));

    const r = await fetch(`${emu.baseUrls.braintree}/_emulator/dispute/${encodeURIComponent(opened.connectorDisputeId!)}/resolve?outcome=won`, { method: "POST" });
    assert.equal(r.status, 200);
    await emu.webhooksDelivered();
    const won = events.find((e) => e.connectorDisputeId === opened.connectorDisputeId && e.eventType === "dispute_won");
    assert.equal(won?.disputeStatus, "won");
    assert.equal((await payments.disputeSync({ ...on(), dispute: opened, request: {} })).status, "won");
  });

  it("acceptDispute concedes an open dispute (dispute_accepted); accepting again is refused", async () => {
    const opened = await dispute(await charge(2500));
    const accepted = await payments.acceptDispute({ ...on(), dispute: opened, request: {} });
    assert.equal(accepted.status, "accepted", JSON.stringify(accepted));
    assert.equal(accepted.connectorDisputeId, opened.connectorDisputeId);
    assert.deepEqual(accepted.amount, { minorAmount: 2500, currency: "USD" });
    await emu.webhooksDelivered();
    assert.ok(events.some((e) => e.connectorDisputeId === opened.connectorDisputeId && e.disputeStatus === "accepted"));
    const again = await payments.acceptDispute({ ...on(), dispute: opened, request: {} });
    assert.equal(again.status, "failure", JSON.stringify(again));
  });

  it("files only: submit true finalizes at once; a file type Braintree does not take is refused before sending", async () => {
    const opened = await dispute(await charge(1500));
    await assert.rejects(
      payments.uploadDisputeFile({ ...on(), request: { connectorDisputeId: opened.connectorDisputeId!, file: { filename: "a.gif", contentType: "image/gif", data: PDF } } }),
      (e: Error & { data?: { field?: string } }) => e.data?.field === "request.file.contentType",
    );
    const done = await payments.submitDisputeEvidence({
      ...on(),
      dispute: opened,
      request: { evidence: [{ type: "shippingDocumentation", file: { filename: "pod.pdf", contentType: "application/pdf", data: PDF } }] },
    });
    assert.equal(done.status, "challenged", JSON.stringify(done));
  });

  it("a dispute id nobody has: dsync answers not_found", async () => {
    const missing = await payments.disputeSync({ ...on(), request: { connectorDisputeId: "ZGlzcHV0ZV9ub2JvZHk" } });
    assert.equal(missing.status, "failure");
    assert.equal(missing.error?.code, "not_found", JSON.stringify(missing.error));
  });
});

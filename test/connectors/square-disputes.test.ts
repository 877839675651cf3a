// Square's Disputes API through PaymentsClient, the pool and real HTTP against its emulator: a
// dispute opened on a payment (emulator only), read (dsync), given text evidence one piece per
// call, submitted (defendDispute) and won; another accepted; the refusals Square's API shape
// calls for (text with submit true, two texts in one call, a dispute no longer open).
import assert from "node:assert/strict";

import { PaymentsClient } from "../../client/flows.js";
import { fetchExecutor, type HttpExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, PaymentResult } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { scenario } from "../../emulator/connectors/square/scenario.js";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n").toString("base64");

describe("Square disputes (client → pool → emulator)", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let payments: PaymentsClient;
  const sent: HttpRequest[] = [];

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    emu = await startEmulator();
    const recording: HttpExecutor = async (req, init) => {
      sent.push(req);
      return fetchExecutor(req, init);
    };
    payments = new PaymentsClient(pool, { http: recording });
  });
  after(async () => {
    await emu?.close();
    await pool?.close();
  });

  const on = () => ({ connector: "square" as const, auth: scenario.emulator.auth as { accessToken: string }, options: { baseUrl: emu.baseUrls.square! } });
  let seq = 0;
  const order = (p: string) => `${p}${Date.now() % 100000}${++seq}`;

  async function disputedPayment(minorAmount: number): Promise<{ paid: PaymentResult; disputeId: string }> {
    const o = order("sqd");
    const paid = await payments.authorize({
      ...on(),
      request: { merchantTransactionId: o, amount: { minorAmount, currency: "USD" }, paymentMethod: scenario.shopper.paymentMethod, idempotencyKey: `${o}-auth` },
    });
    assert.equal(paid.status, "charged", JSON.stringify(paid));
    const r = await fetch(`${emu.baseUrls.square}/_emulator/dispute/${encodeURIComponent(paid.connectorTransactionId!)}`, { method: "POST" });
    assert.equal(r.status, 200);
    return { paid, disputeId: ((await r.json()) as { dispute: { id: string } }).dispute.id };
  }

  it("a dispute read, given text evidence one call at a time, submitted (challenged), then won", async () => {
    const { paid, disputeId } = await disputedPayment(4350);
    const opened = await payments.disputeSync({ ...on(), request: { connectorDisputeId: disputeId } });
    assert.equal(opened.status, "needs_response", JSON.stringify(opened));
    assert.equal(opened.connectorTransactionId, paid.connectorTransactionId);
    assert.deepEqual(opened.amount, { minorAmount: 4350, currency: "USD" });
    assert.equal(opened.reasonCode, "NO_KNOWLEDGE");
    assert.match(opened.dueBy ?? "", /^\d{4}-\d{2}-\d{2}T00:00:00Z$/);

    const before = sent.length;
    await assert.rejects(
      payments.submitDisputeEvidence({ ...on(), dispute: opened, request: { idempotencyKey: order("ev"), evidence: [{ type: "receipt", text: "Receipt 1001" }] } }),
      (e: Error & { data?: { field?: string } }) => e.data?.field === "request.submit",
    );
    await assert.rejects(
      payments.submitDisputeEvidence({ ...on(), dispute: opened, request: { submit: false, idempotencyKey: order("ev"), evidence: [{ type: "receipt", text: "a" }, { type: "uncategorized", text: "b" }] } }),
      (e: Error & { data?: { field?: string } }) => e.data?.field === "request.evidence[1].text",
    );
    assert.equal(sent.length, before, "refused before anything is sent");

    for (const [type, text] of [["shippingTrackingNumber", "1Z999AA10123456784"], ["customerCommunication", "The shopper confirmed delivery by email."]] as const) {
      const key = order("ev");
      const added = await payments.submitDisputeEvidence({ ...on(), dispute: opened, request: { submit: false, idempotencyKey: key, evidence: [{ type, text }] } });
      assert.equal(added.status, "needs_response", JSON.stringify(added));
      const body = JSON.parse(sent.at(-1)!.body!.data) as Record<string, string>;
      assert.equal(body.evidence_type, type === "shippingTrackingNumber" ? "TRACKING_NUMBER" : "CARDHOLDER_COMMUNICATION");
      assert.equal(body.idempotency_key, key);
      // The same key again is the same evidence (Square's idempotency), not a second piece.
      const again = await payments.submitDisputeEvidence({ ...on(), dispute: opened, request: { submit: false, idempotencyKey: key, evidence: [{ type, text }] } });
      assert.equal(again.status, "needs_response", JSON.stringify(again));
    }

    // A file: uploaded first by the client (CreateDisputeEvidenceFile, its own key), then nothing
    // more to send for it: with only files, submit false reads the dispute.
    const fileKey = order("evf");
    const before2 = sent.length;
    const withFile = await payments.submitDisputeEvidence({
      ...on(),
      dispute: opened,
      request: { submit: false, idempotencyKey: fileKey, evidence: [{ type: "receipt", file: { filename: "receipt.pdf", contentType: "application/pdf", data: PDF } }] },
    });
    assert.equal(withFile.status, "needs_response", JSON.stringify(withFile));
    const calls = sent.slice(before2);
    assert.equal(calls.length, 2);
    assert.ok(calls[0]!.url.endsWith("/evidence-files"), calls[0]!.url);
    assert.match(calls[0]!.body!.contentType, /^multipart\/form-data; boundary=/);
    assert.equal(calls[1]!.method, "GET");
    await assert.rejects(
      payments.uploadDisputeFile({ ...on(), request: { connectorDisputeId: disputeId, idempotencyKey: order("evf"), file: { filename: "a.gif", contentType: "image/gif", data: PDF } } }),
      (e: Error & { data?: { field?: string } }) => e.data?.field === "request.file.contentType",
    );

    const defended = await payments.defendDispute({ ...on(), dispute: opened, request: {} });
    assert.equal(defended.status, "challenged", JSON.stringify(defended));
    assert.equal(defended.connectorStatus, "PROCESSING");

    const late = await payments.submitDisputeEvidence({ ...on(), dispute: opened, request: { submit: false, idempotencyKey: order("ev"), evidence: [{ type: "uncategorized", text: "more" }] } });
    assert.equal(late.status, "failure", JSON.stringify(late));

    const r = await fetch(`${emu.baseUrls.square}/_emulator/dispute/${encodeURIComponent(disputeId)}/resolve?outcome=won`, { method: "POST" });
    assert.equal(r.status, 200);
    assert.equal((await payments.disputeSync({ ...on(), dispute: opened, request: {} })).status, "won");
  });

  it("acceptDispute concedes an open dispute; accepting again fails", async () => {
    const { disputeId } = await disputedPayment(2500);
    const accepted = await payments.acceptDispute({ ...on(), request: { connectorDisputeId: disputeId } });
    assert.equal(accepted.status, "accepted", JSON.stringify(accepted));
    assert.equal(accepted.connectorStatus, "ACCEPTED");
    const again = await payments.acceptDispute({ ...on(), request: { connectorDisputeId: disputeId } });
    assert.equal(again.status, "failure", JSON.stringify(again));
  });

  it("an unknown dispute is not_found", async () => {
    const r = await payments.disputeSync({ ...on(), request: { connectorDisputeId: "nobody" } });
    assert.equal(r.status, "failure");
    assert.equal(r.error?.code, "not_found", JSON.stringify(r.error));
  });
});

// Airwallex disputes end to end through PaymentsClient, the pool and real HTTP against the
// emulator: a charged payment is disputed with Airwallex's sandbox simulation call
// (POST /api/v1/simulation/pa/payment_disputes/create); dsync reads it (needs_response, the
// amount, reason and due date); submitDisputeEvidence uploads the file to the file service
// and challenges with its file_id and the texts; acceptDispute concedes another one; the signed
// payment_dispute.* webhooks are verified and read.
import assert from "node:assert/strict";

import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import { AIRWALLEX_API_KEY, AIRWALLEX_CLIENT_ID } from "../../emulator/connectors/airwallex/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const AUTH = { clientId: AIRWALLEX_CLIENT_ID, apiKey: AIRWALLEX_API_KEY };
const SECRET = "whsec_airwallex_dispute_secret";
const CARD = { type: "card" as const, card: { number: "4035501000000008", expMonth: "12", expYear: "2030", cvc: "123" } };
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n").toString("base64");

describe("airwallex disputes through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;
  let receiver: WebhookReceiver;
  let payments: PaymentsClient;
  let call: { connector: "airwallex"; auth: typeof AUTH; options: { baseUrl: string } };
  const ref = (tag: string) => `awx_${tag}_${process.pid}_${Date.now()}`;

  before(async () => {
    receiver = await startWebhookReceiver("/webhooks/airwallex");
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: { airwallex: SECRET } } });
    pool = await SidecarPool.start({ size: 1 });
    payments = new PaymentsClient(pool);
    call = { connector: "airwallex", auth: AUTH, options: { baseUrl: emu.baseUrls.airwallex! } };
  });

  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  /** A charged payment and a dispute on 30.00 of it, made as Airwallex's sandbox simulation does. */
  async function disputed(): Promise<{ intent: string; dispute: string }> {
    const paid = await payments.authorize({ ...call, request: { merchantTransactionId: ref("d"), amount: { minorAmount: 5000, currency: "USD" }, paymentMethod: CARD } });
    assert.equal(paid.status, "charged", JSON.stringify(paid.error));
    const token = await payments.createAccessToken({ ...call });
    const answer = await fetch(`${call.options.baseUrl}/api/v1/simulation/pa/payment_disputes/create`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token.state!["accessToken"]}` },
      body: JSON.stringify({ request_id: ref("sim"), payment_intent_id: paid.connectorTransactionId, amount: 30, reason_code: "10.4", stage: "CHARGEBACK", due_at: "2030-01-31T00:00:00+0000" }),
    });
    assert.equal(answer.status, 201);
    const body = (await answer.json()) as { id: string };
    return { intent: paid.connectorTransactionId!, dispute: body.id };
  }

  it("dsync → submitDisputeEvidence (file uploaded, then the challenge) → challenged; the webhooks are read", async () => {
    const { intent, dispute } = await disputed();
    const read = await payments.disputeSync({ ...call, request: { connectorDisputeId: dispute } });
    assert.equal(read.status, "needs_response", JSON.stringify(read.error));
    assert.equal(read.connectorTransactionId, intent);
    assert.deepEqual(read.amount, { minorAmount: 3000, currency: "USD" });
    assert.equal(read.reasonCode, "10.4");
    assert.equal(read.dueBy, "2030-01-31T00:00:00Z");

    const challenged = await payments.submitDisputeEvidence({
      ...call,
      request: {
        connectorDisputeId: dispute,
        evidence: [
          { type: "receipt", file: { filename: "receipt.pdf", contentType: "application/pdf", data: PDF } },
          { type: "shippingTrackingNumber", text: "1Z999AA10123456784" },
          { type: "customerCommunication", text: "The shopper confirmed receipt by email." },
        ],
        idempotencyKey: `${dispute}-ev`,
      },
    });
    assert.equal(challenged.status, "challenged", JSON.stringify(challenged.error));
    assert.equal(challenged.connectorStatus, "CHALLENGED");
    const again = await payments.acceptDispute({ ...call, request: { connectorDisputeId: dispute } });
    assert.equal(again.status, "failure", "a challenged dispute cannot be accepted");
    assert.equal(again.error?.connectorCode, "invalid_status_for_operation");

    await emu.webhooksDelivered();
    const hooks = receiver.received.filter((w) => w.body.includes(dispute));
    const names = [];
    for (const hook of hooks) {
      const parsed = await payments.parseWebhook({ connector: "airwallex", headers: hook.headers, body: hook.body, secret: SECRET });
      assert.equal(parsed.verified, true, parsed.reason);
      const event = parsed.events[0]!;
      assert.equal(event.connectorDisputeId, dispute);
      assert.equal(event.connectorTransactionId, intent);
      assert.deepEqual(event.amount, { minorAmount: 3000, currency: "USD" });
      names.push(`${event.eventType}:${event.disputeStatus}`);
    }
    assert.deepEqual(names, ["payment_dispute.requires_response:needs_response", "payment_dispute.challenged:challenged"]);
  });

  it("acceptDispute concedes; an evidence file not uploaded is refused by Airwallex", async () => {
    const { dispute } = await disputed();
    const refused = await payments.submitDisputeEvidence({
      ...call,
      request: { connectorDisputeId: dispute, evidence: [{ type: "receipt", file: { connectorFileId: "bm90LXVwbG9hZGVk" } }] },
    });
    assert.equal(refused.status, "failure");
    assert.equal(refused.error?.connectorCode, "validation_error");
    const accepted = await payments.acceptDispute({ ...call, request: { connectorDisputeId: dispute } });
    assert.equal(accepted.status, "accepted", JSON.stringify(accepted.error));
    const read = await payments.disputeSync({ ...call, request: { connectorDisputeId: dispute } });
    assert.equal(read.status, "accepted");
  });
});

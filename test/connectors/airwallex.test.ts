// Airwallex end to end: the whole lifecycle through the real client pieces (PaymentsClient on a
// SidecarPool, Node's fetch) against the loopback emulator (emulator/connectors/airwallex/):
// login → create PaymentIntent → confirm (the client's second authorize call) → capture part →
// refund part, twice → refund status; incrementAuthorization (raised, replayed, declined, too late);
// automatic capture; cancel; an issuer decline and a risk
// decline of Airwallex's test cards; an expired token fetched again; and the signed webhooks the
// emulator delivered, verified and read by parseWebhook (a changed body refused).
import assert from "node:assert/strict";

import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import { AIRWALLEX_API_KEY, AIRWALLEX_CLIENT_ID } from "../../emulator/connectors/airwallex/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const AUTH = { clientId: AIRWALLEX_CLIENT_ID, apiKey: AIRWALLEX_API_KEY };
const SECRET = "whsec_airwallex_test_secret";
const card = (number: string) => ({ type: "card" as const, card: { number, expMonth: "12", expYear: "2030", cvc: "123", holderName: "Jane Doe" } });
const SUCCEEDS = card("4035501000000008");

describe("airwallex through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;
  let receiver: WebhookReceiver;
  let payments: PaymentsClient;
  let call: { connector: "airwallex"; auth: typeof AUTH; options: { baseUrl: string } };
  const order = (tag: string) => `awx_${tag}_${process.pid}_${Date.now()}`;

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

  it("authorize (manual) → capture part → two partial refunds → refund status", async () => {
    const id = order("life");
    const auth = await payments.authorize({
      ...call,
      request: { merchantTransactionId: id, amount: { minorAmount: 10000, currency: "USD" }, paymentMethod: SUCCEEDS, captureMethod: "manual", idempotencyKey: `${id}-a` },
    });
    assert.equal(auth.status, "authorized", JSON.stringify(auth.error));
    assert.match(auth.connectorTransactionId!, /^int_/);
    assert.equal(auth.connectorStatus, "REQUIRES_CAPTURE");
    assert.equal(auth.state?.["paymentIntentId"], auth.connectorTransactionId);
    assert.equal(auth.state?.["continueWith"], undefined, "the confirm result does not ask for another call");

    const synced = await payments.sync({ ...call, request: {}, payment: auth });
    assert.equal(synced.status, "authorized");

    const captured = await payments.capture({
      ...call,
      request: { amountToCapture: { minorAmount: 6000, currency: "USD" }, idempotencyKey: `${id}-c` },
      payment: auth,
    });
    assert.equal(captured.status, "partial_charged", JSON.stringify(captured.error));
    assert.deepEqual(captured.amountCaptured, { minorAmount: 6000, currency: "USD" });

    const r1 = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r1`, refundAmount: { minorAmount: 2500, currency: "USD" } }, payment: captured });
    assert.equal(r1.status, "pending", JSON.stringify(r1.error));
    assert.match(r1.connectorRefundId!, /^rfd_/);
    assert.deepEqual(r1.refundAmount, { minorAmount: 2500, currency: "USD" });
    const r2 = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r2`, refundAmount: { minorAmount: 3500, currency: "USD" } }, payment: captured });
    assert.equal(r2.status, "pending");
    assert.notEqual(r2.connectorRefundId, r1.connectorRefundId);
    // Nothing is left to refund: Airwallex refuses more than was captured.
    const r3 = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r3`, refundAmount: { minorAmount: 1, currency: "USD" } }, payment: captured });
    assert.equal(r3.status, "failure");
    assert.equal(r3.error?.connectorCode, "amount_above_limit");

    const status = await payments.refundSync({ ...call, request: {}, payment: captured, refund: r1 });
    assert.equal(status.status, "success");
    assert.equal(status.connectorStatus, "SETTLED");
  });

  it("incrementAuthorization raises the hold to the new total, a decline leaves it, and capture takes the raised amount", async () => {
    const id = order("incr");
    const auth = await payments.authorize({
      ...call,
      request: { merchantTransactionId: id, amount: { minorAmount: 10000, currency: "USD" }, paymentMethod: SUCCEEDS, captureMethod: "manual", idempotencyKey: `${id}-a` },
    });
    assert.equal(auth.status, "authorized", JSON.stringify(auth.error));
    assert.deepEqual(auth.authorizedAmount, { minorAmount: 10000, currency: "USD" });
    // The previous result's authorizedAmount is the amount so far: Airwallex takes the new total.
    const raised = await payments.incrementAuthorization({ ...call, payment: auth, request: { additionalAmount: { minorAmount: 2550, currency: "USD" }, reason: "minibar", idempotencyKey: `${id}-i1` } });
    assert.equal(raised.status, "authorized", JSON.stringify(raised.error));
    assert.equal(raised.connectorStatus, "REQUIRES_CAPTURE");
    assert.deepEqual(raised.authorizedAmount, { minorAmount: 12550, currency: "USD" });
    // Sent again with the same key: the same answer, not a second increment.
    const replay = await payments.incrementAuthorization({ ...call, payment: auth, request: { additionalAmount: { minorAmount: 2550, currency: "USD" }, idempotencyKey: `${id}-i1` } });
    assert.deepEqual(replay.authorizedAmount, { minorAmount: 12550, currency: "USD" });
    const synced = await payments.sync({ ...call, request: {}, payment: raised });
    assert.deepEqual(synced.authorizedAmount, { minorAmount: 12550, currency: "USD" }, "Airwallex keeps the new total");

    const captured = await payments.capture({ ...call, request: { amountToCapture: { minorAmount: 12550, currency: "USD" }, idempotencyKey: `${id}-c` }, payment: raised });
    assert.equal(captured.status, "charged", JSON.stringify(captured.error));
    assert.deepEqual(captured.amountCaptured, { minorAmount: 12550, currency: "USD" });
    // Captured: nothing left to raise.
    const late = await payments.incrementAuthorization({ ...call, payment: captured, request: { additionalAmount: { minorAmount: 100, currency: "USD" } } });
    assert.equal(late.status, "failure");
    assert.equal(late.error?.connectorCode, "invalid_status_for_operation");
  });

  it("incrementAuthorization declined by the issuer (the emulator's decline card at 80.51) leaves the first hold", async () => {
    const id = order("incrdec");
    const auth = await payments.authorize({
      ...call,
      request: { merchantTransactionId: id, amount: { minorAmount: 5000, currency: "USD" }, paymentMethod: card("4012000300001003"), captureMethod: "manual" },
    });
    assert.equal(auth.status, "authorized", JSON.stringify(auth.error));
    const declined = await payments.incrementAuthorization({ ...call, payment: auth, request: { additionalAmount: { minorAmount: 3051, currency: "USD" } } });
    assert.equal(declined.status, "failure");
    assert.equal(declined.error?.connectorCode, "issuer_declined");
    assert.equal(declined.error?.declineCode, "51");
    const synced = await payments.sync({ ...call, request: {}, payment: auth });
    assert.equal(synced.status, "authorized");
    assert.deepEqual(synced.authorizedAmount, { minorAmount: 5000, currency: "USD" });
  });

  it("automatic capture charges at once; sending the same authorize again does not pay twice", async () => {
    const id = order("auto");
    const request = { merchantTransactionId: id, amount: { minorAmount: 1999, currency: "USD" as const }, paymentMethod: SUCCEEDS, captureMethod: "automatic" as const, idempotencyKey: `${id}-a` };
    const first = await payments.authorize({ ...call, request });
    assert.equal(first.status, "charged", JSON.stringify(first.error));
    assert.deepEqual(first.amountCaptured, { minorAmount: 1999, currency: "USD" });
    const again = await payments.authorize({ ...call, request });
    assert.equal(again.connectorTransactionId, first.connectorTransactionId, "the same request_id is the same payment");
    assert.equal(again.status, "charged");
  });

  it("void cancels an uncaptured PaymentIntent", async () => {
    const id = order("void");
    const auth = await payments.authorize({ ...call, request: { merchantTransactionId: id, amount: { minorAmount: 500, currency: "USD" }, paymentMethod: SUCCEEDS, captureMethod: "manual" } });
    assert.equal(auth.status, "authorized");
    const voided = await payments.void({ ...call, request: { reason: "requested_by_customer" }, payment: auth });
    assert.equal(voided.status, "voided", JSON.stringify(voided.error));
    assert.equal(voided.connectorStatus, "CANCELLED");
    const refused = await payments.capture({ ...call, request: { amountToCapture: { minorAmount: 500, currency: "USD" } }, payment: auth });
    assert.equal(refused.status, "capture_failed");
    assert.equal(refused.error?.connectorCode, "invalid_status_for_operation");
  });

  it("a zero-decimal currency goes out in whole units (JPY 1000 is 1000)", async () => {
    const auth = await payments.authorize({ ...call, request: { merchantTransactionId: order("jpy"), amount: { minorAmount: 1000, currency: "JPY" }, paymentMethod: SUCCEEDS, captureMethod: "automatic" } });
    assert.equal(auth.status, "charged", JSON.stringify(auth.error));
    assert.deepEqual(auth.amountCaptured, { minorAmount: 1000, currency: "JPY" });
  });

  it("declines: the issuer's (80.51 on the emulator's decline card: insufficient funds) and the risk engine's", async () => {
    const issuer = await payments.authorize({ ...call, request: { merchantTransactionId: order("dec"), amount: { minorAmount: 8051, currency: "USD" }, paymentMethod: card("4012000300001003") } });
    assert.equal(issuer.status, "failure");
    assert.equal(issuer.error?.code, "insufficient_funds");
    assert.equal(issuer.error?.connectorCode, "issuer_declined");
    assert.equal(issuer.error?.declineCode, "51");
    assert.equal(issuer.error?.declineType, "soft");
    assert.match(issuer.connectorTransactionId!, /^int_/, "the PaymentIntent the decline belongs to");
    const risk = await payments.authorize({ ...call, request: { merchantTransactionId: order("risk"), amount: { minorAmount: 1000, currency: "USD" }, paymentMethod: card("4646464646464644") } });
    assert.equal(risk.status, "failure");
    assert.equal(risk.error?.code, "fraud_suspected");
    assert.equal(risk.error?.declineType, "hard");
  });

  it("wrong credentials: the login is refused and no payment call is made", async () => {
    const result = await payments.authorize({
      ...call,
      auth: { clientId: AIRWALLEX_CLIENT_ID, apiKey: "wrong" },
      request: { merchantTransactionId: order("cred"), amount: { minorAmount: 100, currency: "USD" }, paymentMethod: SUCCEEDS },
    });
    assert.equal(result.status, "failure");
    assert.equal(result.error?.code, "invalid_credentials");
    assert.ok(!JSON.stringify(result).includes("wrong"), "no credential in the result");
  });

  it("webhooks: Airwallex's signed events verified and read; a changed body is refused", async () => {
    const id = order("hook");
    const auth = await payments.authorize({ ...call, request: { merchantTransactionId: id, amount: { minorAmount: 4200, currency: "USD" }, paymentMethod: SUCCEEDS, captureMethod: "automatic" } });
    assert.equal(auth.status, "charged");
    await emu.webhooksDelivered();
    const delivered = receiver.received.filter((w) => w.body.includes(auth.connectorTransactionId!) && w.body.includes("payment_intent.succeeded"));
    assert.equal(delivered.length, 1);
    const hook = delivered[0]!;
    assert.match(hook.headers["x-timestamp"]!, /^\d{13}$/);
    const parsed = await payments.parseWebhook({ connector: "airwallex", headers: hook.headers, body: hook.body, secret: SECRET });
    assert.equal(parsed.verified, true, parsed.reason);
    assert.equal(parsed.events[0]!.eventType, "payment_intent.succeeded");
    assert.equal(parsed.events[0]!.paymentStatus, "charged");
    assert.equal(parsed.events[0]!.connectorTransactionId, auth.connectorTransactionId);
    assert.equal(parsed.events[0]!.merchantTransactionId, id);
    assert.deepEqual(parsed.events[0]!.amount, { minorAmount: 4200, currency: "USD" });
    assert.equal(parsed.acknowledgement.status, 200);

    const tampered = await payments.parseWebhook({ connector: "airwallex", headers: hook.headers, body: hook.body.replace("42", "43"), secret: SECRET });
    assert.equal(tampered.verified, false);
    assert.deepEqual(tampered.events, []);
    const wrongSecret = await payments.parseWebhook({ connector: "airwallex", headers: hook.headers, body: hook.body, secret: "whsec_other" });
    assert.equal(wrongSecret.verified, false);
  });
});

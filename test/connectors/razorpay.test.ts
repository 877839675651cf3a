// Razorpay end to end: the whole lifecycle through the real client pieces (PaymentsClient on a
// SidecarPool, Node's fetch) against the loopback emulator (emulator/connectors/razorpay/):
// create the order → the S2S payment on it (the client's second authorize call) → the shopper's
// redirect → psync → capture (all of it: Razorpay refuses a partial capture) → two partial
// refunds → refund status; automatic capture; UPI collect and intent; declines; wrong keys; and the
// signed webhooks the emulator delivered, verified and read by parseWebhook.
import assert from "node:assert/strict";

import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import { SidecarError } from "../../client/errors.js";
import { RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET, SUCCESS_CARD } from "../../emulator/connectors/razorpay/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const AUTH = { keyId: RAZORPAY_KEY_ID, keySecret: RAZORPAY_KEY_SECRET };
const SECRET = "whsec_razorpay_test_secret";
const card = (number: string) => ({ type: "card" as const, card: { number, expMonth: "12", expYear: "2030", cvc: "123", holderName: "Gaurav Kumar" } });
const SUCCEEDS = card(SUCCESS_CARD);
const SHOPPER = {
  customer: { id: "shopper_1", email: "gaurav.kumar@example.com", phone: "9123456789" },
  browserInfo: { ipAddress: "203.0.113.10", userAgent: "Mozilla/5.0" },
  returnUrl: "https://shop.example/return",
};
const INR = (minorAmount: number) => ({ minorAmount, currency: "INR" as const });

describe("razorpay through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;
  let receiver: WebhookReceiver;
  let payments: PaymentsClient;
  let call: { connector: "razorpay"; auth: typeof AUTH; options: { baseUrl: string } };
  const order = (tag: string) => `rzp_${tag}_${process.pid}_${Date.now()}`;

  before(async () => {
    receiver = await startWebhookReceiver("/webhooks/razorpay");
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: { razorpay: SECRET } } });
    pool = await SidecarPool.start({ size: 1 });
    payments = new PaymentsClient(pool);
    call = { connector: "razorpay", auth: AUTH, options: { baseUrl: emu.baseUrls.razorpay! } };
  });

  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  it("order → card payment → redirect → authorized → capture all → two partial refunds → refund status", async () => {
    const id = order("life");
    const auth = await payments.authorize({
      ...call,
      request: { merchantTransactionId: id, amount: INR(50000), paymentMethod: SUCCEEDS, captureMethod: "manual", ...SHOPPER },
    });
    assert.equal(auth.status, "authentication_pending", JSON.stringify(auth.error));
    assert.match(auth.connectorTransactionId!, /^pay_/);
    assert.match(auth.state?.["razorpayOrderId"] ?? "", /^order_/);
    assert.equal(auth.state?.["continueWith"], undefined, "the payment result does not ask for another call");
    assert.equal(auth.redirection?.method, "GET");
    // The shopper completes 3-D Secure at the bank page.
    const page = await fetch(auth.redirection!.url);
    assert.equal(page.status, 200);

    const synced = await payments.sync({ ...call, request: {}, payment: auth });
    assert.equal(synced.status, "authorized", JSON.stringify(synced.error));
    assert.equal(synced.connectorStatus, "authorized");

    // Razorpay captures only the whole authorized amount: a partial capture is refused before it is sent.
    await assert.rejects(
      payments.capture({ ...call, request: { amountToCapture: INR(30000), paymentAmount: INR(50000) }, payment: synced }),
      (e: unknown) => e instanceof SidecarError && e.data.field === "request.amountToCapture.minorAmount",
    );
    const captured = await payments.capture({ ...call, request: { amountToCapture: INR(50000), paymentAmount: INR(50000) }, payment: synced });
    assert.equal(captured.status, "charged", JSON.stringify(captured.error));
    assert.deepEqual(captured.amountCaptured, INR(50000));

    const r1 = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r1`, refundAmount: INR(20000) }, payment: captured });
    assert.equal(r1.status, "success", JSON.stringify(r1.error));
    assert.match(r1.connectorRefundId!, /^rfnd_/);
    // The same refund sent again (same merchantRefundId, the client's default idempotency key): the same refund.
    const again = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r1`, refundAmount: INR(20000) }, payment: captured });
    assert.equal(again.connectorRefundId, r1.connectorRefundId);
    const r2 = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r2`, refundAmount: INR(30000) }, payment: captured });
    assert.equal(r2.status, "success");
    assert.notEqual(r2.connectorRefundId, r1.connectorRefundId);
    const r3 = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r3`, refundAmount: INR(100) }, payment: captured });
    assert.equal(r3.status, "failure", "nothing is left to refund");

    const status = await payments.refundSync({ ...call, request: {}, payment: captured, refund: r1 });
    assert.equal(status.status, "success");
    assert.deepEqual(status.refundAmount, INR(20000));
    const after = await payments.sync({ ...call, request: {}, payment: captured });
    assert.equal(after.connectorStatus, "refunded");
  });

  it("automatic capture: the order's capture setting charges the payment once the shopper is done", async () => {
    const auth = await payments.authorize({
      ...call,
      request: { merchantTransactionId: order("auto"), amount: INR(1999 * 100), paymentMethod: SUCCEEDS, captureMethod: "automatic", ...SHOPPER },
    });
    assert.equal(auth.status, "authentication_pending");
    const synced = await payments.sync({ ...call, request: {}, payment: auth });
    assert.equal(synced.status, "charged", JSON.stringify(synced.error));
  });

  it("UPI collect waits for the shopper's app; UPI intent gives the upi:// link", async () => {
    const collect = await payments.authorize({
      ...call,
      request: { merchantTransactionId: order("upic"), amount: INR(10000), paymentMethod: { type: "upiCollect", upi: { vpa: "gaurav.kumar@exampleupi" } }, ...SHOPPER },
    });
    assert.equal(collect.status, "authentication_pending", JSON.stringify(collect.error));
    assert.equal(collect.nextAction?.type, "awaitApproval");
    assert.equal((await payments.sync({ ...call, request: {}, payment: collect })).status, "charged");
    const intent = await payments.authorize({
      ...call,
      request: { merchantTransactionId: order("upii"), amount: INR(10000), paymentMethod: { type: "upiIntent" }, ...SHOPPER },
    });
    assert.equal(intent.status, "authentication_pending");
    assert.match(intent.redirection!.url, /^upi:\/\/pay\?/);
  });

  it("a declined card: failure with Razorpay's reason, the payment named", async () => {
    const declined = await payments.authorize({
      ...call,
      request: { merchantTransactionId: order("dec"), amount: INR(10000), paymentMethod: card("4000000000009995"), ...SHOPPER },
    });
    assert.equal(declined.status, "failure");
    assert.equal(declined.error?.code, "insufficient_funds");
    assert.equal(declined.error?.declineCode, "insufficient_funds");
    assert.equal(declined.error?.declineType, "soft");
    assert.match(declined.connectorTransactionId!, /^pay_/);
  });

  it("wrong keys: the order is refused, no payment is made, no key in the result", async () => {
    const result = await payments.authorize({
      ...call,
      auth: { keyId: RAZORPAY_KEY_ID, keySecret: "wrong_secret_value" },
      request: { merchantTransactionId: order("cred"), amount: INR(10000), paymentMethod: SUCCEEDS, ...SHOPPER },
    });
    assert.equal(result.status, "failure");
    assert.equal(result.error?.code, "invalid_credentials");
    assert.ok(!JSON.stringify(result).includes("wrong_secret_value"));
  });

  it("void is unsupported with Razorpay's reason", async () => {
    const support = await payments.supports("razorpay", "void");
    assert.equal(support.supported, false);
    assert.match(support.supported ? "" : support.reason, /refunded to the shopper by Razorpay/);
  });

  it("webhooks: Razorpay's signed events verified and read; a changed body is refused", async () => {
    const auth = await payments.authorize({
      ...call,
      request: { merchantTransactionId: order("hook"), amount: INR(4200), paymentMethod: SUCCEEDS, captureMethod: "automatic", ...SHOPPER },
    });
    await payments.sync({ ...call, request: {}, payment: auth });
    await emu.webhooksDelivered();
    const delivered = receiver.received.filter((w) => w.body.includes(auth.connectorTransactionId!) && w.body.includes('"payment.captured"'));
    assert.equal(delivered.length, 1);
    const hook = delivered[0]!;
    assert.match(hook.headers["x-razorpay-signature"]!, /^[0-9a-f]{64}$/);
    const parsed = await payments.parseWebhook({ connector: "razorpay", headers: hook.headers, body: hook.body, secret: SECRET });
    assert.equal(parsed.verified, true, parsed.reason);
    assert.equal(parsed.events[0]!.eventType, "payment.captured");
    assert.equal(parsed.events[0]!.paymentStatus, "charged");
    assert.equal(parsed.events[0]!.connectorTransactionId, auth.connectorTransactionId);
    assert.deepEqual(parsed.events[0]!.amount, INR(4200));
    const tampered = await payments.parseWebhook({ connector: "razorpay", headers: hook.headers, body: hook.body.replace("4200", "4300"), secret: SECRET });
    assert.equal(tampered.verified, false);
    assert.deepEqual(tampered.events, []);
  });
});

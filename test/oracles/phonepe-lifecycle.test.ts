/**
 * PhonePe's lifecycle through the real client: SidecarPool (the built binary, zod validation on)
 * + fetch against the loopback emulator, with the emulator's signed callbacks read back through
 * parseWebhook. PhonePe charges UPI payments at once (no capture, no void, no mandates in PG
 * standard checkout), so the lifecycle is: authorize → psync until charged → refund in parts
 * (the emulator enforcing what remains) → rsync; capture, void and setupMandate are refused with
 * PhonePe's reason. Every callback's X-VERIFY is recomputed here with node:crypto before the
 * sidecar is asked, so both sides are checked against PhonePe's documented algorithm.
 */
import assert from "node:assert/strict";
import { SidecarError } from "../../client/errors.js";
import { fetchExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type { HttpResponse, PaymentResult, RefundResult, WebhookResult } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { PHONEPE_TEST_MERCHANT } from "../../emulator/connectors/phonepe/index.js";
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from "../support/webhook-receiver.js";
import { sha256Hex } from "../support/helpers.js";

const auth = { ...PHONEPE_TEST_MERCHANT };
const inr = (minorAmount: number) => ({ minorAmount, currency: "INR" });

describe("PhonePe lifecycle through SidecarPool + fetch against the emulator", function () {
  this.timeout(60_000);
  let pool: SidecarPool;
  let emu: Emulator;
  let receiver: WebhookReceiver;

  before(async () => {
    receiver = await startWebhookReceiver("/webhooks/phonepe");
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: {} } });
    pool = await SidecarPool.start({ size: 1, validate: true, onLog: () => {} });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  const options = () => ({ baseUrl: emu.baseUrls.phonepe });

  /** transformRequest → fetch → transformResponse, as an app would run one flow. */
  async function run<R>(flow: string, request: Record<string, unknown>): Promise<R> {
    const params = { connector: "phonepe", flow, auth, request, options: options() };
    const http = await pool.transformRequest(params as never);
    const response: HttpResponse = await fetchExecutor(http, { signal: AbortSignal.timeout(10_000) });
    return (await pool.transformResponse({ ...params, response } as never)) as R;
  }

  /** The callbacks received for one merchant id, checksums verified here first. */
  function callbacksFor(merchantTransactionId: string): ReceivedWebhook[] {
    return receiver.received.filter((w) => {
      const { response } = JSON.parse(w.body) as { response: string };
      const [checksum, index] = w.headers["x-verify"]!.split("###");
      assert.equal(checksum, sha256Hex(response + auth.saltKey), "callback X-VERIFY per PhonePe's algorithm");
      assert.equal(index, auth.saltIndex);
      const payload = JSON.parse(Buffer.from(response, "base64").toString("utf8")) as { data?: { merchantTransactionId?: string } };
      return payload.data?.merchantTransactionId === merchantTransactionId;
    });
  }

  function parseWebhook(w: ReceivedWebhook, secret: string = auth.saltKey): Promise<WebhookResult> {
    const headers = Object.entries(w.headers).map(([name, value]) => ({ name, value }));
    return pool.call("parseWebhook", { connector: "phonepe", headers, body: w.body, secret });
  }

  it("lists refund and rsync, webhooks, and the flows PhonePe cannot do with reasons", async () => {
    const phonepe = (await pool.listConnectors()).find((c) => c.name === "phonepe")!;
    assert.deepEqual(phonepe.flows, ["authorize", "psync", "refund", "rsync"]);
    assert.equal(phonepe.webhooks, true);
    const unsupported = Object.fromEntries(phonepe.unsupportedFlows.map((u) => [u.flow, u.reason]));
    for (const flow of ["capture", "void", "setupMandate", "repeatPayment"]) {
      assert.ok((unsupported[flow] ?? "").length > 20, `${flow} has a reason`);
    }
    assert.deepEqual(phonepe.paymentMethods.map((m) => m.type), ["upiCollect", "upiIntent"]);
    assert.deepEqual(
      phonepe.unsupportedPaymentMethods.map((u) => u.type).sort(),
      ["applePay", "bankDebit", "bankRedirect", "bankTransfer", "bnpl", "card", "googlePay", "mobileMoney", "networkToken", "paypal", "token", "voucher", "walletRedirect"],
      "every other type is declared unsupported, with a reason",
    );
    for (const u of phonepe.unsupportedPaymentMethods) assert.ok(u.reason.length > 20, `${u.type}: a reason`);
  });

  it("authorize → psync → charged (callback) → refund twice in parts → excess refused → rsync → success (callback)", async () => {
    const payment = `LC${Date.now()}`;
    const auth1 = await run<PaymentResult>("authorize", {
      merchantTransactionId: payment,
      amount: inr(10000),
      paymentMethod: { type: "upiCollect", upi: { vpa: "shopper@ybl" } },
      customer: { id: "cust-1", phone: "+91 99999 99999" },
      webhookUrl: "https://shop.example/webhooks/phonepe",
    });
    assert.equal(auth1.status, "authentication_pending");
    assert.equal(auth1.connectorTransactionId, payment);

    const sync1 = await run<PaymentResult>("psync", { connectorTransactionId: payment, amount: inr(10000) });
    assert.equal(sync1.status, "pending");
    assert.equal(callbacksFor(payment).length, 0);
    const sync2 = await run<PaymentResult>("psync", { connectorTransactionId: payment, amount: inr(10000) });
    assert.equal(sync2.status, "charged");
    assert.deepEqual(sync2.amountCaptured, inr(10000));
    assert.match(sync2.networkTransactionId ?? "", /^\d{12}$/);

    const [paidCallback] = callbacksFor(payment);
    assert.ok(paidCallback, "PhonePe posted the payment's final state");
    const paidEvent = await parseWebhook(paidCallback);
    assert.equal(paidEvent.verified, true);
    assert.deepEqual(paidEvent.acknowledgement, { status: 200, contentType: "text/plain", body: "" });
    assert.deepEqual(paidEvent.events, [
      {
        kind: "payment",
        eventType: "PAYMENT_SUCCESS",
        connectorTransactionId: payment,
        merchantTransactionId: payment,
        paymentStatus: "charged",
        amount: inr(10000),
      },
    ]);
    const forged = await parseWebhook(paidCallback, "not-the-salt-key");
    assert.equal(forged.verified, false);
    assert.deepEqual(forged.events, []);

    // Two partial refunds, then one more than the 4500 paise that remain.
    const refund = (merchantRefundId: string, minor: number) =>
      run<RefundResult>("refund", {
        connectorTransactionId: payment,
        merchantRefundId,
        refundAmount: inr(minor),
        paymentAmount: inr(10000),
        webhookUrl: "https://shop.example/webhooks/phonepe",
      });
    const r1 = await refund(`${payment}-R1`, 3000);
    assert.equal(r1.status, "pending");
    assert.equal(r1.connectorRefundId, `${payment}-R1`);
    assert.deepEqual(r1.refundAmount, inr(3000));
    const r2 = await refund(`${payment}-R2`, 2500);
    assert.equal(r2.status, "pending");
    const r3 = await refund(`${payment}-R3`, 5000);
    assert.equal(r3.status, "failure");
    assert.equal(r3.error?.code, "invalid_amount");
    assert.equal(r3.error?.declineCode, "EXCESS_REFUND_AMOUNT");
    // Sending R1 again never refunds twice: PhonePe refuses the id, the merchant is told to rsync.
    const again = await refund(`${payment}-R1`, 3000);
    assert.equal(again.status, "pending");
    assert.equal(again.error?.code, "duplicate_transaction");

    const rsync = (connectorRefundId: string, minor: number) =>
      run<RefundResult>("rsync", { connectorTransactionId: payment, connectorRefundId, refundAmount: inr(minor) });
    assert.equal((await rsync(`${payment}-R1`, 3000)).status, "pending");
    const done = await rsync(`${payment}-R1`, 3000);
    assert.equal(done.status, "success");
    assert.deepEqual(done.refundAmount, inr(3000));
    assert.equal((await rsync(`${payment}-R2`, 2500)).status, "pending");
    assert.equal((await rsync(`${payment}-R2`, 2500)).status, "success");
    const failed = await rsync(`${payment}-R3`, 5000);
    assert.equal(failed.status, "failure");

    const [refundCallback] = callbacksFor(`${payment}-R1`);
    assert.ok(refundCallback, "PhonePe posted the refund's final state");
    const refundEvent = await parseWebhook(refundCallback);
    assert.equal(refundEvent.verified, true);
    assert.deepEqual(refundEvent.events, [
      {
        kind: "refund",
        eventType: "PAYMENT_SUCCESS",
        connectorRefundId: `${payment}-R1`,
        merchantRefundId: `${payment}-R1`,
        refundStatus: "success",
        amount: inr(3000),
      },
    ]);
    // A body altered after signing (the amount raised) is not verified.
    const response = (JSON.parse(refundCallback.body) as { response: string }).response;
    const decoded = Buffer.from(response, "base64").toString("utf8").replace('"amount":3000', '"amount":9000');
    const altered = { ...refundCallback, body: JSON.stringify({ response: Buffer.from(decoded).toString("base64") }) };
    assert.equal((await parseWebhook(altered)).verified, false);
  });

  it("a callback signed here with node:crypto reads as the same event", async () => {
    const payload = {
      success: false,
      code: "PAYMENT_ERROR",
      message: "Payment Failed",
      data: { merchantId: auth.merchantId, merchantTransactionId: "MTX1", transactionId: "T1", amount: 4999, state: "FAILED", responseCode: "Z9", paymentInstrument: null },
    };
    const response = Buffer.from(JSON.stringify(payload)).toString("base64");
    const result = await pool.call("parseWebhook", {
      connector: "phonepe",
      headers: [{ name: "X-VERIFY", value: `${sha256Hex(response + auth.saltKey)}###${auth.saltIndex}` }],
      body: JSON.stringify({ response }),
      secret: auth.saltKey,
    });
    assert.equal(result.verified, true);
    const [event] = result.events;
    assert.equal(event?.kind, "payment");
    assert.equal(event?.paymentStatus, "failure");
    assert.equal(event?.error?.code, "insufficient_funds");
    assert.deepEqual(event?.amount, inr(4999));
  });

  it("a second payment cannot be voided or captured, nor set up for later: refused with PhonePe's reason", async () => {
    const second = `LCV${Date.now()}`;
    const expectRefusal = async (flow: string, request: Record<string, unknown>, code: number, field?: string) => {
      await assert.rejects(
        pool.transformRequest({ connector: "phonepe", flow, auth, request, options: options() } as never),
        (e: unknown) => {
          assert.ok(e instanceof SidecarError, String(e));
          assert.equal(e.code, code, `${flow}: ${e.message}`);
          if (field) assert.equal(e.data.field, field);
          assert.ok(!e.message.includes(auth.saltKey));
          return true;
        },
      );
    };
    const authorize = {
      merchantTransactionId: second,
      amount: inr(2000),
      paymentMethod: { type: "upiIntent" },
      webhookUrl: "https://shop.example/webhooks/phonepe",
    };
    // A merchant asking for a hold to void later is told no before money moves.
    await expectRefusal("authorize", { ...authorize, captureMethod: "manual" }, 1005, "request.captureMethod");
    // 3-D Secure is a card protocol; a UPI payment is approved with the UPI PIN.
    await expectRefusal("authorize", { ...authorize, threeDs: { external: { version: "2.2.0", cavv: "AAIBBYNoEwAAACcKhAJkdQAAAAA=", eci: "05" } } }, 1005, "request.threeDs.external");
    await expectRefusal("authorize", { ...authorize, paymentMethod: { type: "card", card: { number: "4111111111111111", expMonth: "12", expYear: "2031" } } }, 1003);
    const paid = await run<PaymentResult>("authorize", authorize);
    assert.equal(paid.status, "authentication_pending");
    assert.match(paid.redirection?.url ?? "", /^upi:\/\/pay\?/);
    await expectRefusal("void", { connectorTransactionId: second }, 1002);
    await expectRefusal("capture", { connectorTransactionId: second, amountToCapture: inr(1000) }, 1002);
    await expectRefusal(
      "setupMandate",
      { merchantTransactionId: `${second}M`, amount: inr(100), paymentMethod: { type: "upiCollect", upi: { vpa: "a@ybl" } } },
      1002,
    );
  });
});

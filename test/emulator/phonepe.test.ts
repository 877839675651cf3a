/**
 * The PhonePe emulator's refunds, refund status and signed callbacks, spoken to over raw HTTP with
 * every checksum computed here with node:crypto from PhonePe's documented algorithm:
 * X-VERIFY = sha256hex(base64 payload + API path + saltKey) + "###" + saltIndex for calls,
 * sha256hex(base64 response + saltKey) + "###" + saltIndex for callbacks.
 */
import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { PHONEPE_TEST_MERCHANT as M } from "../../emulator/connectors/phonepe/index.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";
import { sha256Hex } from "../support/helpers.js";

type Json = Record<string, any>;

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), "utf8").toString("base64");

describe("emulator: PhonePe refunds and callbacks", function () {
  let emu: Emulator;
  let receiver: WebhookReceiver;
  let seq = 0;
  const id = (prefix: string) => `${prefix}${Date.now()}${seq++}`;

  before(async () => {
    receiver = await startWebhookReceiver("/phonepe/callback");
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: {} } });
  });
  after(async () => {
    await emu.close();
    await receiver.close();
  });

  async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: Json }> {
    const res = await fetch(`${emu.baseUrls.phonepe}${path}`, init);
    return { status: res.status, body: (await res.json()) as Json };
  }

  function signedPost(path: string, payload: Json, xVerify?: string) {
    const request = b64(payload);
    return call(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-VERIFY": xVerify ?? `${sha256Hex(request + path + M.saltKey)}###${M.saltIndex}` },
      body: JSON.stringify({ request }),
    });
  }

  function status(mtid: string) {
    const path = `/pg/v1/status/${M.merchantId}/${mtid}`;
    return call(path, {
      headers: { "Content-Type": "application/json", "X-VERIFY": `${sha256Hex(path + M.saltKey)}###${M.saltIndex}`, "X-MERCHANT-ID": M.merchantId },
    });
  }

  /** A UPI collect payment of `amount` paise, taken to COMPLETED (or FAILED for fail@ VPAs). */
  async function paidPayment(amount: number, vpa = "shopper@ybl"): Promise<string> {
    const mtid = id("MT");
    const r = await signedPost("/pg/v1/pay", {
      merchantId: M.merchantId,
      merchantTransactionId: mtid,
      amount,
      callbackUrl: "https://shop.example/phonepe/callback",
      paymentInstrument: { type: "UPI_COLLECT", vpa },
    });
    assert.equal(r.body.code, "PAYMENT_INITIATED");
    assert.equal((await status(mtid)).body.code, "PAYMENT_PENDING");
    await status(mtid);
    return mtid;
  }

  const refund = (original: string, refundId: string, amount: number) =>
    signedPost("/pg/v1/refund", {
      merchantId: M.merchantId,
      originalTransactionId: original,
      merchantTransactionId: refundId,
      amount,
      callbackUrl: "https://shop.example/phonepe/callback",
    });

  /** The callbacks received for one merchantTransactionId, each verified with node:crypto. */
  function callbacksFor(mtid: string): Json[] {
    return receiver.received.flatMap((r) => {
      const { response } = JSON.parse(r.body) as { response: string };
      assert.equal(r.headers["x-verify"], `${sha256Hex(response + M.saltKey)}###${M.saltIndex}`, "callback checksum");
      assert.equal(r.headers["content-type"], "application/json");
      const payload = JSON.parse(Buffer.from(response, "base64").toString("utf8")) as Json;
      return payload.data?.merchantTransactionId === mtid ? [payload] : [];
    });
  }

  it("refunds a paid payment in parts and refuses more than remains", async () => {
    const mtid = await paidPayment(10000);
    const r1 = await refund(mtid, `${mtid}-R1`, 3000);
    assert.equal(r1.status, 200);
    assert.equal(r1.body.success, true);
    assert.equal(r1.body.code, "PAYMENT_PENDING");
    assert.equal(r1.body.message, "Your request has been successfully completed.");
    assert.deepEqual(Object.keys(r1.body.data).sort(), ["amount", "merchantId", "merchantTransactionId", "responseCode", "state", "transactionId"]);
    assert.equal(r1.body.data.merchantTransactionId, `${mtid}-R1`);
    assert.equal(r1.body.data.amount, 3000);
    assert.equal(r1.body.data.state, "PENDING");
    assert.match(r1.body.data.transactionId, /^TR\d+$/);

    assert.equal((await refund(mtid, `${mtid}-R2`, 5000)).body.code, "PAYMENT_PENDING");
    // 2000 left: 2001 is refused, with the reason PhonePe names.
    const excess = await refund(mtid, `${mtid}-R3`, 2001);
    assert.equal(excess.status, 200);
    assert.equal(excess.body.success, false);
    assert.equal(excess.body.code, "PAYMENT_ERROR");
    assert.equal(excess.body.data.state, "FAILED");
    assert.equal(excess.body.data.responseCode, "EXCESS_REFUND_AMOUNT");
    // A failed refund does not count against the payment: exactly the rest still goes.
    assert.equal((await refund(mtid, `${mtid}-R4`, 2000)).body.code, "PAYMENT_PENDING");
    assert.equal((await refund(mtid, `${mtid}-R5`, 100)).body.data.responseCode, "EXCESS_REFUND_AMOUNT");
  });

  it("reports a refund pending, then successful, and posts its signed callback", async () => {
    const mtid = await paidPayment(5000);
    const paid = callbacksFor(mtid);
    assert.equal(paid.length, 1, "one callback for the payment's final state");
    assert.equal(paid[0]!.code, "PAYMENT_SUCCESS");
    assert.ok("paymentInstrument" in paid[0]!.data);

    const refundId = `${mtid}-R1`;
    await refund(mtid, refundId, 1500);
    const first = await status(refundId);
    assert.equal(first.body.code, "PAYMENT_PENDING");
    assert.equal(first.body.data.state, "PENDING");
    assert.equal(callbacksFor(refundId).length, 0, "no callback before the final state");
    const second = await status(refundId);
    assert.equal(second.body.code, "PAYMENT_SUCCESS");
    assert.equal(second.body.data.state, "COMPLETED");
    assert.equal(second.body.data.amount, 1500);
    assert.ok(!("paymentInstrument" in second.body.data), "a refund's status has no instrument");
    const [cb] = callbacksFor(refundId);
    assert.deepEqual(cb, second.body, "the callback carries the status answer");
    assert.equal((await status(refundId)).body.code, "PAYMENT_SUCCESS");
    assert.equal(callbacksFor(refundId).length, 1, "the final state is posted once");
  });

  it("refuses refunds PhonePe would refuse", async () => {
    const mtid = await paidPayment(1000);
    assert.equal((await refund(`${mtid}X`, `${mtid}-R1`, 100)).body.code, "TRANSACTION_NOT_FOUND");
    assert.equal((await refund(mtid, `${mtid}-R1`, 100)).body.code, "PAYMENT_PENDING");
    const dup = await refund(mtid, `${mtid}-R1`, 100);
    assert.equal(dup.status, 400);
    assert.equal(dup.body.code, "INVALID_TRANSACTION_ID");
    // A refund id may not reuse a payment's id either (one namespace).
    assert.equal((await refund(mtid, mtid, 100)).body.code, "INVALID_TRANSACTION_ID");
    assert.equal((await refund(mtid, `${mtid}-R2`, 99)).body.code, "BAD_REQUEST");
    const wrongSum = await signedPost("/pg/v1/refund", { merchantId: M.merchantId, originalTransactionId: mtid, merchantTransactionId: `${mtid}-R3`, amount: 100 }, `${"0".repeat(64)}###1`);
    assert.equal(wrongSum.status, 401);
    assert.equal(wrongSum.body.code, "AUTHORIZATION_FAILED");
    // Not yet paid: nothing to refund.
    const unpaid = id("MT");
    await signedPost("/pg/v1/pay", { merchantId: M.merchantId, merchantTransactionId: unpaid, amount: 1000, callbackUrl: "https://x.example/cb", paymentInstrument: { type: "UPI_COLLECT", vpa: "a@ybl" } });
    assert.equal((await refund(unpaid, `${unpaid}-R1`, 100)).body.code, "BAD_REQUEST");
    // Failed payments cannot be refunded either.
    const failed = await paidPayment(1000, "failure@ybl");
    assert.equal(callbacksFor(failed)[0]!.code, "PAYMENT_ERROR");
    assert.equal((await refund(failed, `${failed}-R1`, 100)).body.code, "BAD_REQUEST");
  });
});

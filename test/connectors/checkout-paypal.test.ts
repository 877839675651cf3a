// PayPal through Checkout.com, through the real client pieces against the loopback emulator: the
// redirect payment flow of Checkout.com's PayPal guide (POST /payments with source {type: paypal}
// answers 202 Pending with PayPal's approval page under _links.redirect; the shopper approves and
// comes back to success_url; the payment is captured at once), then the flows that carry on from
// a captured payment: psync, refunds (partial, as the guide allows) and rsync; a void of a
// captured payment is refused by Checkout.com. What the guide does not allow (manual capture) and
// what this version does not make (saving under a billing agreement) is refused before anything
// is sent.
import assert from "node:assert/strict";

import { fetchExecutor } from "../../client/http.js";
import { SidecarError } from "../../client/errors.js";
import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, PaymentResult, RefundResult, TransformRequestParams } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";

type Json = Record<string, any>;

const AUTH = { apiKey: "sk_sbox_paypalemulator00000000000000", processingChannelId: "pc_q4dbxom5jbgudnjzjpz7j2z6uq" };
const RETURN = "https://shop.example/paypal/return";

describe("Checkout.com PayPal through the client against the emulator", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let pool: SidecarPool;

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    emu = await startEmulator({});
  });
  after(async () => {
    await emu?.close();
    await pool?.close();
  });

  async function run<R = PaymentResult>(flow: string, request: Json): Promise<{ http: HttpRequest; sent: Json; result: R }> {
    const params = { connector: "checkout", flow, auth: AUTH, request, options: { baseUrl: emu.baseUrls.checkout } } as TransformRequestParams;
    const http = await pool.transformRequest(params);
    const response = await fetchExecutor(http, { signal: AbortSignal.timeout(10_000) });
    const result = (await pool.transformResponse({ ...params, response } as never)) as R;
    return { http, sent: http.body ? (JSON.parse(http.body.data) as Json) : {}, result };
  }
  const paypal = (id: string, extra: Json = {}) =>
    run("authorize", {
      merchantTransactionId: id,
      amount: { minorAmount: 5000, currency: "USD" },
      paymentMethod: { type: "paypal" },
      returnUrl: RETURN,
      customer: { name: "Jane Doe", email: "jane@example.com" },
      idempotencyKey: `idem-${id}`,
      ...extra,
    });
  const psync = (r: PaymentResult) => run("psync", { connectorTransactionId: r.connectorTransactionId, state: r.state });

  it("authorize → PayPal approval → captured; partial refunds and rsync; a void after capture is refused", async () => {
    const auth = await paypal("pp-life-1");
    assert.deepEqual(auth.sent["source"], { type: "paypal" });
    assert.equal(auth.sent["capture"], true);
    assert.equal(auth.sent["success_url"], RETURN);
    assert.equal(auth.result.status, "authentication_pending", JSON.stringify(auth.result));
    assert.match(auth.result.connectorTransactionId!, /^pay_[a-z2-7]{26}$/);
    assert.equal(auth.result.redirection?.method, "GET");

    // Before the shopper approves: Pending, nothing captured yet.
    const early = await psync(auth.result);
    assert.equal(early.result.status, "pending", JSON.stringify(early.result));
    assert.equal(early.result.amountCaptured, undefined);

    // The shopper approves at PayPal and is sent back to success_url.
    const page = await fetch(auth.result.redirection!.url, { redirect: "manual" });
    assert.equal(page.status, 302);
    assert.ok(page.headers.get("location")!.startsWith(`${RETURN}?cko-payment-id=${auth.result.connectorTransactionId}`));

    const synced = await psync(auth.result);
    assert.equal(synced.result.status, "charged", JSON.stringify(synced.result));
    assert.deepEqual(synced.result.amountCaptured, { minorAmount: 5000, currency: "USD" });

    const voided = await run("void", { connectorTransactionId: auth.result.connectorTransactionId });
    assert.equal(voided.result.status, "void_failed", JSON.stringify(voided.result));
    assert.equal(voided.result.error?.code, "transaction_not_allowed");

    const refund = await run<RefundResult>("refund", {
      connectorTransactionId: auth.result.connectorTransactionId,
      merchantRefundId: "pp-rf-1",
      refundAmount: { minorAmount: 1500, currency: "USD" },
    });
    assert.equal(refund.result.status, "pending", JSON.stringify(refund.result));
    assert.match(refund.result.connectorRefundId!, /^act_/);
    const rsync = await run<RefundResult>("rsync", {
      connectorTransactionId: auth.result.connectorTransactionId,
      connectorRefundId: refund.result.connectorRefundId,
      refundAmount: { minorAmount: 1500, currency: "USD" },
    });
    assert.equal(rsync.result.status, "success", JSON.stringify(rsync.result));
    assert.deepEqual(rsync.result.refundAmount, { minorAmount: 1500, currency: "USD" });
    // More than what is left is refused by Checkout.com.
    const tooMuch = await run<RefundResult>("refund", {
      connectorTransactionId: auth.result.connectorTransactionId,
      merchantRefundId: "pp-rf-2",
      refundAmount: { minorAmount: 3600, currency: "USD" },
    });
    assert.equal(tooMuch.result.status, "failure");
    assert.equal(tooMuch.result.error?.connectorCode, "refund_amount_exceeds_balance");
  });

  it("a shopper who cancels at PayPal: the payment is canceled, nothing taken", async () => {
    const auth = await paypal("pp-cancel-1");
    const page = await fetch(`${auth.result.redirection!.url}?outcome=cancel`, { redirect: "manual" });
    assert.equal(page.status, 302);
    const synced = await psync(auth.result);
    assert.equal(synced.result.status, "voided", JSON.stringify(synced.result));
    assert.equal(synced.result.connectorStatus, "Canceled");
    assert.equal(synced.result.amountCaptured, undefined);
  });

  it("manual capture, saving, a prefilled PayPal email and a missing returnUrl are refused before anything is sent", async () => {
    const refused = async (extra: Json, code: number, field: string) =>
      assert.rejects(paypal(`pp-x-${field}`, extra), (e: unknown) => {
        assert.ok(e instanceof SidecarError, String(e));
        assert.equal(e.code, code, e.message);
        assert.equal(e.data?.field, field);
        assert.ok(!e.message.includes("jane@example.com"));
        return true;
      });
    await refused({ captureMethod: "manual" }, 1005, "request.captureMethod");
    await refused({ setupFutureUsage: "offSession" }, 1005, "request.setupFutureUsage");
    await refused({ paymentMethod: { type: "paypal", paypal: { email: "jane@example.com" } } }, 1005, "request.paymentMethod.paypal.email");
    await refused({ returnUrl: undefined }, 1004, "request.returnUrl");
    // setupMandate is not a PayPal flow here: refused by the declaration.
    await assert.rejects(
      run("setupMandate", { merchantTransactionId: "pp-sm", amount: { minorAmount: 0, currency: "USD" }, paymentMethod: { type: "paypal" }, returnUrl: RETURN }),
      (e: unknown) => e instanceof SidecarError && e.code === 1003,
    );
  });
});

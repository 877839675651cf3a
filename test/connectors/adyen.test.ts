// The Adyen lifecycle end to end, through the real client pieces (SidecarPool, the fetch
// executor) against the loopback emulator, with the emulator's signed webhooks delivered to a
// webhook endpoint that answers what parseWebhook says:
//   authorize (manual) → capture partial → refund partial twice → rsync (not supported: the
//   REFUND webhooks say it) ; void on a second payment ; setupMandate → repeatPayment ;
//   and Adyen's own amount checks (over-refund, refund before capture) reported by webhook.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import adyen from "@adyen/api-library";

import { SidecarError } from "../../client/errors.js";
import { fetchExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type { PaymentResult, RefundResult, TransformRequestParams, WebhookEvent, WebhookResult } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";

const HMAC_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
const AUTH = { apiKey: "AQE_lifecycle_test_key", merchantAccount: "TestMerchant" };
const CARD = { type: "card", card: { number: "4111111111111111", expMonth: "03", expYear: "2030", cvc: "737", holderName: "Jane Doe" } };

describe("Adyen lifecycle through the client against the emulator, with signed webhooks", function () {
  let pool: SidecarPool;
  let emulator: Emulator;
  let endpoint: Server;
  const received: WebhookResult[] = [];
  /** Items whose signature Adyen's own library (HmacValidator) does not accept. */
  const unsignedByAdyenRules: string[] = [];
  const libraryValidator = new adyen.hmacValidator();

  before(async () => {
    pool = await SidecarPool.start({ size: 1, validate: true });
    // The merchant's webhook endpoint: verifies with parseWebhook and answers its acknowledgement.
    endpoint = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const headers = Object.entries(req.headers).map(([name, value]) => ({ name, value: String(value) }));
        const body = Buffer.concat(chunks).toString("utf8");
        // An independent check of the emulator's signatures, with Adyen's own library.
        for (const w of (JSON.parse(body) as { notificationItems: { NotificationRequestItem: Record<string, unknown> }[] }).notificationItems) {
          const item = w.NotificationRequestItem;
          if (!libraryValidator.validateHMAC(item as never, HMAC_KEY)) unsignedByAdyenRules.push(String(item.eventCode));
        }
        pool
          .call("parseWebhook", { connector: "adyen", headers, body, secret: HMAC_KEY })
          .then((r) => {
            received.push(r as WebhookResult);
            res.writeHead(r.acknowledgement.status, { "Content-Type": r.acknowledgement.contentType });
            res.end(r.acknowledgement.body);
          })
          .catch(() => {
            res.writeHead(500);
            res.end();
          });
      });
    });
    await new Promise<void>((ok) => endpoint.listen(0, "127.0.0.1", ok));
    const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/webhooks/adyen`;
    emulator = await startEmulator({ webhooks: { url, secrets: { adyen: HMAC_KEY } } });
  });

  after(async () => {
    await emulator?.close();
    await new Promise<void>((ok) => (endpoint ? endpoint.close(() => ok()) : ok()));
    await pool?.close();
  });

  /** transformRequest → fetch → transformResponse, as an app does. */
  async function run<R = PaymentResult>(flow: string, request: Record<string, unknown>): Promise<R> {
    const params = { connector: "adyen", flow, auth: AUTH, request, options: { baseUrl: emulator.baseUrls.adyen } } as unknown as TransformRequestParams;
    const http = await pool.transformRequest(params);
    const response = await fetchExecutor(http, { signal: AbortSignal.timeout(10_000) });
    return (await pool.transformResponse({ ...params, response } as never)) as R;
  }

  /** Where the webhooks of what happens next start: after every webhook already sent. */
  async function mark(): Promise<number> {
    await emulator.webhooksDelivered();
    return received.length;
  }

  /** Every verified event delivered since `from`, once the emulator has sent all it had. */
  async function eventsSince(from: number): Promise<WebhookEvent[]> {
    await emulator.webhooksDelivered();
    const batch = received.slice(from);
    for (const r of batch) assert.ok(r.verified, `a webhook from the emulator did not verify: ${r.reason}`);
    return batch.flatMap((r) => r.events);
  }

  it("authorize (manual) → capture partial → refund partial twice → rsync, every outcome by signed webhook", async () => {
    const from = await mark();
    const auth = await run("authorize", {
      merchantTransactionId: "order-lc-1",
      amount: { minorAmount: 10000, currency: "EUR" },
      paymentMethod: CARD,
      captureMethod: "manual",
      returnUrl: "https://shop.example/return",
      idempotencyKey: "lc-1-authorize",
    });
    assert.equal(auth.status, "authorized");
    const psp = auth.connectorTransactionId!;
    assert.match(psp, /^[A-Z0-9]{16}$/);

    const capture = await run("capture", {
      connectorTransactionId: psp,
      amountToCapture: { minorAmount: 6000, currency: "EUR" },
      paymentAmount: { minorAmount: 10000, currency: "EUR" },
      merchantCaptureId: "capture-lc-1",
      idempotencyKey: "lc-1-capture",
    });
    assert.equal(capture.status, "capture_initiated", "Adyen only acknowledges a capture");
    assert.deepEqual(capture.amountCaptured, { minorAmount: 6000, currency: "EUR" });

    const refunds: RefundResult[] = [];
    for (const [i, minor] of [[1, 2500], [2, 1500]] as const) {
      refunds.push(
        await run<RefundResult>("refund", {
          connectorTransactionId: psp,
          merchantRefundId: `refund-lc-1-${i}`,
          refundAmount: { minorAmount: minor, currency: "EUR" },
          paymentAmount: { minorAmount: 10000, currency: "EUR" },
          reason: "requested_by_customer",
          idempotencyKey: `lc-1-refund-${i}`,
        }),
      );
    }
    assert.deepEqual(refunds.map((r) => r.status), ["pending", "pending"]);
    assert.deepEqual(refunds.map((r) => r.refundAmount?.minorAmount), [2500, 1500]);
    const [r1, r2] = refunds.map((r) => r.connectorRefundId!);
    assert.notEqual(r1, r2);

    // rsync: Adyen has no refund-status API; the connector says so, with the reason.
    await assert.rejects(run("rsync", { connectorTransactionId: psp, connectorRefundId: r1 }), (e: SidecarError) => {
      assert.equal(e.code, 1002);
      assert.match(e.message, /webhook/);
      return true;
    });
    const info = (await pool.listConnectors()).find((c) => c.name === "adyen")!;
    assert.ok(info.webhooks);
    assert.ok(info.unsupportedFlows.some((u) => u.flow === "rsync" && /REFUND/.test(u.reason)));

    // …the refunds' status is in the webhooks.
    const events = await eventsSince(from);
    const mine = events.filter((e) => e.connectorTransactionId === psp);
    assert.deepEqual(
      mine.map((e) => [e.eventType, e.paymentStatus ?? e.refundStatus, e.amount?.minorAmount]),
      [
        ["AUTHORISATION", "authorized", 10000],
        ["CAPTURE", "charged", 6000],
        ["REFUND", "success", 2500],
        ["REFUND", "success", 1500],
      ],
    );
    const refundEvents = mine.filter((e) => e.kind === "refund");
    assert.deepEqual(refundEvents.map((e) => e.connectorRefundId), [r1, r2], "the webhook names the refund rsync could not");
    assert.deepEqual(refundEvents.map((e) => e.merchantRefundId), ["refund-lc-1-1", "refund-lc-1-2"]);
  });

  it("Adyen's own amount checks: a refund beyond what was captured fails by webhook", async () => {
    const auth = await run("authorize", {
      merchantTransactionId: "order-lc-2", amount: { minorAmount: 5000, currency: "EUR" }, paymentMethod: CARD, captureMethod: "manual",
      returnUrl: "https://shop.example/return",
    });
    const psp = auth.connectorTransactionId!;
    const from = await mark();
    const early = await run<RefundResult>("refund", { connectorTransactionId: psp, merchantRefundId: "refund-lc-2-early", refundAmount: { minorAmount: 100, currency: "EUR" } });
    assert.equal(early.status, "pending", "accepted for now…");
    await run("capture", { connectorTransactionId: psp, amountToCapture: { minorAmount: 2000, currency: "EUR" } });
    const over = await run<RefundResult>("refund", { connectorTransactionId: psp, merchantRefundId: "refund-lc-2-over", refundAmount: { minorAmount: 2001, currency: "EUR" } });
    assert.equal(over.status, "pending");
    const overCapture = await run("capture", { connectorTransactionId: psp, amountToCapture: { minorAmount: 3001, currency: "EUR" } });
    assert.equal(overCapture.status, "capture_initiated");

    const events = (await eventsSince(from)).filter((e) => e.connectorTransactionId === psp);
    const byRefund = new Map(events.filter((e) => e.kind === "refund").map((e) => [e.merchantRefundId, e]));
    assert.equal(byRefund.get("refund-lc-2-early")?.refundStatus, "failure", "…then refused: nothing was captured yet");
    assert.equal(byRefund.get("refund-lc-2-early")?.error?.code, "transaction_not_allowed");
    assert.equal(byRefund.get("refund-lc-2-over")?.refundStatus, "failure");
    assert.equal(byRefund.get("refund-lc-2-over")?.error?.code, "invalid_amount");
    const captures = events.filter((e) => e.eventType === "CAPTURE").map((e) => e.paymentStatus);
    assert.deepEqual(captures, ["charged", "capture_failed"]);
  });

  it("void on a second payment: cancels, then CANCELLATION", async () => {
    const auth = await run("authorize", {
      merchantTransactionId: "order-lc-3", amount: { minorAmount: 1500, currency: "USD" }, paymentMethod: CARD, captureMethod: "manual",
      returnUrl: "https://shop.example/return",
    });
    const psp = auth.connectorTransactionId!;
    const from = await mark();
    const v = await run("void", { connectorTransactionId: psp, merchantTransactionId: "order-lc-3", idempotencyKey: "lc-3-void" });
    assert.equal(v.status, "void_initiated");
    assert.equal(v.connectorTransactionId, psp);
    // A capture after the cancel is refused by Adyen's checks.
    await run("capture", { connectorTransactionId: psp, amountToCapture: { minorAmount: 1500, currency: "USD" } });
    const events = (await eventsSince(from)).filter((e) => e.connectorTransactionId === psp);
    assert.deepEqual(events.map((e) => [e.eventType, e.paymentStatus]), [["CANCELLATION", "voided"], ["CAPTURE", "capture_failed"]]);
  });

  it("setupMandate (zero-value) → repeatPayment on the saved card, merchant-initiated", async () => {
    const from = await mark();
    const mandate = await run("setupMandate", {
      merchantTransactionId: "mandate-lc-4",
      amount: { minorAmount: 0, currency: "EUR" },
      paymentMethod: CARD,
      customer: { id: "shopper-lc-4", email: "jane@example.com" },
      returnUrl: "https://shop.example/return",
      idempotencyKey: "lc-4-mandate",
    });
    assert.equal(mandate.status, "authorized");
    assert.match(mandate.mandateReference ?? "", /^[A-Z0-9]{16}$/);

    const events = await eventsSince(from);
    const contract = events.find((e) => e.kind === "mandate");
    assert.equal(contract?.mandateReference, mandate.mandateReference, "RECURRING_CONTRACT names the same token");
    assert.equal(contract?.connectorTransactionId, mandate.connectorTransactionId);

    const from2 = await mark();
    const renewal = await run("repeatPayment", {
      merchantTransactionId: "renewal-lc-4",
      amount: { minorAmount: 1999, currency: "EUR" },
      mandateReference: mandate.mandateReference,
      customer: { id: "shopper-lc-4" },
      returnUrl: "https://shop.example/return",
      idempotencyKey: "lc-4-renewal",
    });
    assert.equal(renewal.status, "charged");
    assert.deepEqual(renewal.amountCaptured, { minorAmount: 1999, currency: "EUR" });
    const renewalEvents = (await eventsSince(from2)).filter((e) => e.connectorTransactionId === renewal.connectorTransactionId);
    assert.deepEqual(renewalEvents.map((e) => [e.eventType, e.paymentStatus]), [["AUTHORISATION", "authorized"]]);

    // The token belongs to its shopper: another shopperReference is refused by Adyen (803).
    const stranger = await run("repeatPayment", {
      merchantTransactionId: "renewal-lc-4b", amount: { minorAmount: 1999, currency: "EUR" }, mandateReference: mandate.mandateReference,
      customer: { id: "someone-else" }, returnUrl: "https://shop.example/return",
    });
    assert.equal(stranger.status, "failure");
    assert.equal(stranger.error?.code, "not_found");
    assert.equal(stranger.error?.connectorCode, "803");
  });

  it("ISK in the whole lifecycle: Adyen's two decimals out, ISO's none back, in results and webhooks", async () => {
    const auth = await run("authorize", {
      merchantTransactionId: "order-lc-5", amount: { minorAmount: 900, currency: "ISK" }, paymentMethod: CARD, captureMethod: "manual",
      returnUrl: "https://shop.example/return",
    });
    const psp = auth.connectorTransactionId!;
    const from = await mark();
    const cap = await run("capture", { connectorTransactionId: psp, amountToCapture: { minorAmount: 500, currency: "ISK" } });
    assert.deepEqual(cap.amountCaptured, { minorAmount: 500, currency: "ISK" });
    const ref = await run<RefundResult>("refund", { connectorTransactionId: psp, merchantRefundId: "refund-lc-5", refundAmount: { minorAmount: 200, currency: "ISK" } });
    assert.deepEqual(ref.refundAmount, { minorAmount: 200, currency: "ISK" });
    const events = (await eventsSince(from)).filter((e) => e.connectorTransactionId === psp);
    assert.deepEqual(events.map((e) => [e.eventType, e.amount?.minorAmount, e.paymentStatus ?? e.refundStatus]), [
      ["CAPTURE", 500, "charged"],
      ["REFUND", 200, "success"],
    ]);
  });

  it("every webhook the emulator sent was verified and accepted; a forged one is refused", async () => {
    await emulator.webhooksDelivered();
    assert.ok(received.length >= 10, `${received.length} webhooks`);
    assert.ok(received.every((r) => r.verified && r.acknowledgement.body === "[accepted]"));
    assert.deepEqual(unsignedByAdyenRules, [], "Adyen's library rejects some of the emulator's signatures");
    const forged = await pool.call("parseWebhook", {
      connector: "adyen",
      body: JSON.stringify({ live: "false", notificationItems: [{ NotificationRequestItem: { pspReference: "X", eventCode: "REFUND", success: "true", merchantAccountCode: "TestMerchant", amount: { value: 1, currency: "EUR" }, additionalData: { hmacSignature: "bm90IGEgc2lnbmF0dXJl" } } }] }),
      secret: HMAC_KEY,
    });
    assert.equal(forged.verified, false);
    assert.equal(forged.acknowledgement.status, 401);
  });
});

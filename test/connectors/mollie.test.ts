// Mollie end to end: the emulator on its own (its key check and amount rule), then the whole
// lifecycle through the real client pieces (SidecarPool + the fetch executor) against it:
// authorize (hold) → partial capture → refund part, twice → refund status; a void; a decline; a
// 3-D Secure checkout; createCustomer → setupMandate → repeatPayment → revokeMandate; a
// chargeback read with dsync; next-gen webhooks (X-Mollie-Signature, computed here
// from Mollie's documented rule, not by the sidecar) and a classic unsigned one.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";

import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import type { WebhookResult } from "../../protocol/index.js";
import { exchangeThrough } from "../support/exchange.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { MOLLIE_API_KEY, MOLLIE_WEBHOOK_SECRET } from "../../emulator/connectors/mollie/index.js";
import { scenario } from "../../emulator/connectors/mollie/scenario.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const AUTH = { apiKey: MOLLIE_API_KEY };
const TOKEN = { type: "token", token: { value: "tkn_EmulatorFrictionless" } };
const RETURN = "https://shop.example/return";

async function call(base: string, method: string, path: string, body?: unknown, key = MOLLIE_API_KEY) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

describe("mollie emulator", function () {
  let emu: Emulator;
  let base: string;
  before(async () => {
    emu = await startEmulator();
    base = emu.baseUrls.mollie!;
  });
  after(() => emu.close());

  const payment = (extra: Record<string, unknown> = {}) => ({
    amount: { currency: "EUR", value: "10.00" },
    description: "Order 1",
    redirectUrl: RETURN,
    method: "creditcard",
    cardToken: "tkn_EmulatorFrictionless",
    ...extra,
  });

  it("creates a paid card payment, in Mollie's payment object", async () => {
    const r = await call(base, "POST", "/v2/payments", payment());
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json!["resource"], "payment");
    assert.match(r.json!["id"], /^tr_\w+$/);
    assert.equal(r.json!["status"], "paid");
    assert.deepEqual(r.json!["amount"], { currency: "EUR", value: "10.00" });
  });

  it("refuses another key with 401, and an amount without the currency's decimals with 422 naming the field", async () => {
    const wrong = await call(base, "POST", "/v2/payments", payment(), "test_other");
    assert.equal(wrong.status, 401);
    for (const amount of [{ currency: "EUR", value: "10" }, { currency: "EUR", value: 10 }, { currency: "JPY", value: "1000.00" }]) {
      const r = await call(base, "POST", "/v2/payments", payment({ amount }));
      assert.equal(r.status, 422, JSON.stringify(amount));
      assert.equal(r.json!["field"], "amount.value");
    }
    const yen = await call(base, "POST", "/v2/payments", payment({ amount: { currency: "JPY", value: "1000" } }));
    assert.equal(yen.status, 201, yen.text);
  });

  it("places a hold only on cards and Klarna", async () => {
    const r = await call(base, "POST", "/v2/payments", payment({ method: "ideal", cardToken: undefined, captureMode: "manual" }));
    assert.equal(r.status, 422);
    assert.equal(r.json!["field"], "captureMode");
  });
});

describe("mollie through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;
  let receiver: WebhookReceiver;

  before(async () => {
    receiver = await startWebhookReceiver("/webhooks/mollie");
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: { mollie: MOLLIE_WEBHOOK_SECRET } } });
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  const exchange = exchangeThrough("mollie", AUTH, () => pool, () => emu.baseUrls.mollie!);

  it("authorize (hold) → partial capture → refund part, twice → refund status", async () => {
    const amount = { minorAmount: 1099, currency: "EUR" };
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-mo-1",
      amount,
      paymentMethod: TOKEN,
      captureMethod: "manual",
      returnUrl: RETURN,
      idempotencyKey: "order-mo-1",
    });
    assert.equal(auth.status, "authorized", JSON.stringify(auth.error));
    const id = auth.connectorTransactionId!;
    assert.match(id, /^tr_/);
    assert.equal((await exchange("psync", { connectorTransactionId: id })).status, "authorized");

    const capture = await exchange("capture", {
      connectorTransactionId: id,
      amountToCapture: { minorAmount: 600, currency: "EUR" },
      paymentAmount: amount,
      idempotencyKey: "order-mo-1-capture",
    });
    // Mollie answers a new capture `pending`; the payment is paid when it succeeds.
    assert.equal(capture.status, "capture_initiated", JSON.stringify(capture.error));
    assert.equal(capture.connectorTransactionId, id);
    const paid = await exchange("psync", { connectorTransactionId: id });
    assert.equal(paid.status, "partial_charged");
    assert.deepEqual(paid.amountCaptured, { minorAmount: 600, currency: "EUR" });
    const again = await exchange("capture", { connectorTransactionId: id });
    assert.equal(again.status, "capture_failed");
    assert.equal(again.error?.connectorCode, "422");

    for (const [n, minor] of [[1, 300], [2, 250]] as const) {
      const refund = await exchange("refund", {
        connectorTransactionId: id,
        merchantRefundId: `order-mo-1-refund-${n}`,
        refundAmount: { minorAmount: minor, currency: "EUR" },
        reason: "requested_by_customer",
        idempotencyKey: `order-mo-1-refund-${n}`,
      });
      assert.equal(refund.status, "pending", JSON.stringify(refund.error));
      assert.match(refund.connectorRefundId!, /^re_/);
      const status = await exchange("rsync", { connectorTransactionId: id, connectorRefundId: refund.connectorRefundId });
      assert.equal(status.status, "success");
      assert.deepEqual(status.refundAmount, { minorAmount: minor, currency: "EUR" });
    }
    const over = await exchange("refund", { connectorTransactionId: id, merchantRefundId: "order-mo-1-refund-3", refundAmount: { minorAmount: 51, currency: "EUR" } });
    assert.equal(over.status, "failure");
    assert.equal(over.error?.code, "invalid_request");
  });

  it("void of a hold, and a void that comes too late", async () => {
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-mo-2",
      amount: { minorAmount: 500, currency: "JPY" },
      paymentMethod: TOKEN,
      captureMethod: "manual",
      returnUrl: RETURN,
    });
    assert.equal(auth.status, "authorized", JSON.stringify(auth.error));
    const voided = await exchange("void", { connectorTransactionId: auth.connectorTransactionId });
    assert.equal(voided.status, "voided");
    assert.equal(voided.connectorStatus, "canceled");
    const late = await exchange("void", { connectorTransactionId: auth.connectorTransactionId });
    assert.equal(late.status, "void_failed");
    assert.equal(late.error?.connectorCode, "422");
  });

  it("a decline: failure with Mollie's failureReason", async () => {
    const r = await exchange("authorize", {
      merchantTransactionId: "order-mo-3",
      amount: { minorAmount: 500, currency: "EUR" },
      paymentMethod: { type: "token", token: { value: "tkn_funds" } },
      returnUrl: RETURN,
    });
    assert.equal(r.status, "failure");
    assert.match(r.connectorTransactionId!, /^tr_/);
    assert.equal(r.error?.code, "insufficient_funds");
    assert.equal(r.error?.connectorCode, "insufficient_funds");
    assert.equal(r.error?.declineType, "soft");
  });

  it("3-D Secure and iDEAL: the checkout link, then the payment once the shopper is back", async () => {
    for (const [order, paymentMethod] of [
      ["order-mo-4", { type: "token", token: { value: "tkn_3ds" } }],
      ["order-mo-5", { type: "bankRedirect", bankRedirect: { method: "ideal" } }],
    ] as const) {
      const r = await exchange("authorize", { merchantTransactionId: order, amount: { minorAmount: 1234, currency: "EUR" }, paymentMethod, returnUrl: RETURN });
      assert.equal(r.status, "authentication_pending", JSON.stringify(r.error));
      assert.ok(r.redirection?.url.startsWith(emu.baseUrls.mollie!), r.redirection?.url);
      const back = await fetch(r.redirection!.url, { redirect: "manual" });
      await back.arrayBuffer();
      assert.equal(back.headers.get("location"), RETURN);
      assert.equal((await exchange("psync", { connectorTransactionId: r.connectorTransactionId })).status, "charged");
    }
  });

  it("a bank transfer: pending with Mollie's account and reference to show, charged once the transfer arrives", async () => {
    const r = await exchange<any>("authorize", {
      merchantTransactionId: "order-mo-bt",
      amount: { minorAmount: 3507, currency: "EUR" },
      paymentMethod: { type: "bankTransfer", bankTransfer: { method: "sepaCreditTransfer" } },
      customer: { email: "shopper@example.com" },
      returnUrl: RETURN,
    });
    assert.equal(r.status, "pending", JSON.stringify(r.error));
    assert.equal(r.redirection, undefined);
    assert.equal(r.nextAction?.type, "displayBankDetails");
    const details = r.nextAction.bankDetails;
    assert.equal(details.bankName, "Stichting Mollie Payments");
    assert.match(details.iban, /^NL\d{2}[A-Z]{4}\d{10}$/);
    assert.match(details.bic, /^[A-Z]{6}[A-Z0-9]{2}/);
    assert.match(details.reference, /^RF\d{2}-\d{4}-\d{4}-\d{4}$/);
    assert.ok(Date.parse(r.nextAction.expiresAt) > Date.now(), r.nextAction.expiresAt);
    const open = await exchange<any>("psync", { connectorTransactionId: r.connectorTransactionId });
    assert.equal(open.status, "pending");
    assert.equal(open.nextAction?.bankDetails?.reference, details.reference, "the same reference on every read");
    // The emulator's checkout page stands for the transfer arriving (Mollie's test mode picks the outcome there).
    await (await fetch(r.nextAction.url, { redirect: "manual" })).arrayBuffer();
    const paid = await exchange<any>("psync", { connectorTransactionId: r.connectorTransactionId });
    assert.equal(paid.status, "charged");
    assert.equal(paid.nextAction, undefined);
  });

  it("createCustomer → setupMandate (a first payment) → repeatPayment, twice → revokeMandate", async () => {
    const customer = await exchange<any>("createCustomer", { customer: { id: "shopper-1", name: "Jane Doe", email: "jane@example.com" }, idempotencyKey: "mo-save" });
    assert.equal(customer.status, "success");
    assert.match(customer.connectorCustomerId, /^cst_/);
    const saved = await exchange("setupMandate", {
      merchantTransactionId: "mo-save",
      amount: { minorAmount: 0, currency: "EUR" },
      paymentMethod: TOKEN,
      customer: { connectorCustomerId: customer.connectorCustomerId },
      returnUrl: RETURN,
    });
    assert.equal(saved.status, "charged", JSON.stringify(saved.error));
    assert.match(saved.mandateReference!, /^mdt_/);
    assert.equal(saved.connectorCustomerId, customer.connectorCustomerId);
    for (const n of [1, 2]) {
      const repeat = await exchange("repeatPayment", {
        merchantTransactionId: `mo-repeat-${n}`,
        amount: { minorAmount: 2500, currency: "EUR" },
        mandateReference: saved.mandateReference,
        customer: { connectorCustomerId: saved.connectorCustomerId },
      });
      assert.equal(repeat.status, "charged", JSON.stringify(repeat.error));
      assert.equal(repeat.mandateReference, saved.mandateReference);
    }
    const revoked = await exchange<any>("revokeMandate", { mandateReference: saved.mandateReference, customer: { connectorCustomerId: saved.connectorCustomerId } });
    assert.equal(revoked.status, "revoked", JSON.stringify(revoked.error));
    const after = await exchange("repeatPayment", {
      merchantTransactionId: "mo-repeat-3",
      amount: { minorAmount: 2500, currency: "EUR" },
      mandateReference: saved.mandateReference,
      customer: { connectorCustomerId: saved.connectorCustomerId },
    });
    assert.equal(after.status, "failure", "a revoked mandate pays no more");
    const again = await exchange<any>("revokeMandate", { mandateReference: saved.mandateReference, customer: { connectorCustomerId: saved.connectorCustomerId } });
    assert.equal(again.status, "failure");
  });

  it("a chargeback read with dsync", async () => {
    const paid = await exchange("authorize", { merchantTransactionId: "order-mo-6", amount: { minorAmount: 800, currency: "EUR" }, paymentMethod: TOKEN, returnUrl: RETURN });
    assert.equal(paid.status, "charged");
    // EMULATOR-ONLY: the shopper's bank charges the payment back.
    const chb = await call(emu.baseUrls.mollie!, "POST", `/v2/payments/${paid.connectorTransactionId}/chargebacks`, {});
    assert.equal(chb.status, 201, chb.text);
    const d = await exchange<any>("dsync", { connectorDisputeId: chb.json!["id"], connectorTransactionId: paid.connectorTransactionId });
    assert.equal(d.status, "lost", JSON.stringify(d.error));
    assert.deepEqual(d.amount, { minorAmount: 800, currency: "EUR" });
  });

  it("the scenario's token authorizes through PaymentsClient", async () => {
    const payments = new PaymentsClient(pool);
    const result = await payments.authorize({
      connector: "mollie",
      auth: { apiKey: scenario.emulator.auth.apiKey! },
      options: { baseUrl: emu.baseUrls.mollie },
      request: {
        merchantTransactionId: `order_${process.pid}`,
        amount: scenario.shopper.amount,
        paymentMethod: scenario.shopper.paymentMethod,
        captureMethod: "manual",
        returnUrl: scenario.shopper.returnUrl!,
      },
    });
    assert.equal(result.status, "authorized", JSON.stringify(result.error));
  });

  it("next-gen webhooks: X-Mollie-Signature verified and read; a forged one is refused", async () => {
    await emu.webhooksDelivered();
    assert.ok(receiver.received.length >= 5, `${receiver.received.length} webhooks`);
    const types: string[] = [];
    for (const hook of receiver.received) {
      // Mollie's documented rule: hex HMAC-SHA256 of the raw body with the signing secret.
      assert.equal(hook.headers["x-mollie-signature"], `sha256=${createHmac("sha256", MOLLIE_WEBHOOK_SECRET).update(hook.body).digest("hex")}`);
      const result = (await pool.call("parseWebhook", { connector: "mollie", headers: hook.headers, body: hook.body, secret: MOLLIE_WEBHOOK_SECRET })) as WebhookResult;
      assert.equal(result.verified, true, result.reason);
      const e = result.events[0]!;
      types.push(`${e.eventType}:${e.paymentStatus ?? e.refundStatus ?? e.disputeStatus ?? e.kind}`);
    }
    for (const t of ["payment.authorized:authorized", "payment.paid:charged", "capture.succeeded:charged", "refund.refunded:success", "payment.canceled:voided", "chargeback.received:lost"]) {
      assert.ok(types.includes(t), `${t} in ${types.join(", ")}`);
    }
    const hook = receiver.received[0]!;
    const forged = hook.body.replace(/"value":"[\d.]+"/, '"value":"0.01"');
    assert.notEqual(forged, hook.body);
    for (const [body, secret] of [[forged, MOLLIE_WEBHOOK_SECRET], [hook.body, "another_secret"]] as const) {
      const result = (await pool.call("parseWebhook", { connector: "mollie", headers: hook.headers, body, secret })) as WebhookResult;
      assert.equal(result.verified, false);
      assert.deepEqual(result.events, []);
      assert.ok(!JSON.stringify(result).includes(MOLLIE_WEBHOOK_SECRET), "no secret in the answer");
    }
  });

  it("a classic webhook (id=tr_..., unsigned) is not verified: the reason names the payment to fetch", async () => {
    const result = (await pool.call("parseWebhook", {
      connector: "mollie",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "id=tr_d0b0E3EA3v",
      secret: MOLLIE_WEBHOOK_SECRET,
    })) as WebhookResult;
    assert.equal(result.verified, false);
    assert.deepEqual(result.events, []);
    assert.match(result.reason!, /no signature/);
    assert.match(result.reason!, /psync \(connectorTransactionId tr_d0b0E3EA3v\)/);
    assert.equal(result.acknowledgement.status, 200, "Mollie stops retrying on a 2xx");
    const odd = (await pool.call("parseWebhook", { connector: "mollie", body: "id=%3Cscript%3E", secret: "x" })) as WebhookResult;
    assert.equal(odd.verified, false);
    assert.ok(!odd.reason!.includes("script"), "an unsigned body's text is not repeated");
  });
});

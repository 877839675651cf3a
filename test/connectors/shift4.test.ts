// Shift4 end to end: the emulator on its own (its shapes and rules), then the whole lifecycle
// through the real client pieces (SidecarPool + the fetch executor) against it: authorize →
// capture → refund part, twice → refund status; a decline; createCustomer → setupMandate →
// repeatPayment; iDEAL through the Payment Methods API (a redirect, the shopper pays on the
// method's page, psync → charged, refund); Apple Pay and Google Pay with the wallet's token;
// createSession, answered by the sidecar itself (the signed checkout request); and the unsigned webhooks, verified by fetching the event (verifyWebhook) and
// read by parseWebhook.
import assert from "node:assert/strict";

import { createHmac } from "node:crypto";

import { SidecarError } from "../../client/errors.js";
import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import { redact } from "../../client/redact.js";
import type { WebhookResult } from "../../protocol/index.js";
import { exchangeThrough } from "../support/exchange.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { SHIFT4_SECRET_KEY } from "../../emulator/connectors/shift4/index.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const AUTH = { secretKey: SHIFT4_SECRET_KEY };
const BASIC = `Basic ${Buffer.from(`${SHIFT4_SECRET_KEY}:`).toString("base64")}`;
const CARD = { number: "4242424242424242", expMonth: "12", expYear: "2034", cvc: "123", holderName: "Jane Doe" };

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  assert.ok(at > 0, "a signature, then the checkout request");
  return [text.slice(0, at), text.slice(at + separator.length)];
}

async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: BASIC, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

describe("shift4 emulator", function () {
  let emu: Emulator;
  let base: string;
  before(async () => {
    emu = await startEmulator();
    base = emu.baseUrls.shift4!;
  });
  after(() => emu.close());

  const charge = (extra: Record<string, unknown> = {}) => ({
    amount: 1099,
    currency: "USD",
    card: { number: "4242424242424242", expMonth: "12", expYear: "2034", cvc: "123" },
    captured: false,
    ...extra,
  });

  it("charges 4242 with a charge object", async () => {
    const r = await call(base, "POST", "/charges", charge());
    assert.equal(r.status, 200);
    assert.match(r.json!["id"], /^char_\w{24}$/);
    assert.equal(r.json!["status"], "successful");
    assert.equal(r.json!["captured"], false);
    assert.equal(r.json!["card"]["last4"], "4242");
    assert.equal(r.json!["card"]["number"], undefined);
  });

  it("declines Shift4's test cards: 402 card_error with the charge, 402 validation errors without", async () => {
    const declined = await call(base, "POST", "/charges", charge({ card: { number: "4024007118468684", expMonth: "12", expYear: "2034" } }));
    assert.equal(declined.status, 402);
    assert.equal(declined.json!["error"]["type"], "card_error");
    assert.equal(declined.json!["error"]["code"], "insufficient_funds");
    const failed = await call(base, "GET", `/charges/${declined.json!["error"]["chargeId"]}`);
    assert.equal(failed.json!["status"], "failed");
    const invalid = await call(base, "POST", "/charges", charge({ card: { number: "4916487051294548", expMonth: "12", expYear: "2034" } }));
    assert.equal(invalid.json!["error"]["code"], "expired_card");
    assert.equal(invalid.json!["error"]["chargeId"], undefined);
  });

  it("401 for another key, 404 for an unknown charge", async () => {
    const r = await call(base, "POST", "/charges", charge(), { Authorization: `Basic ${Buffer.from("sk_test_other:").toString("base64")}` });
    assert.equal(r.status, 401);
    assert.equal(r.json!["error"]["type"], "invalid_request");
    assert.equal((await call(base, "GET", "/charges/char_nope")).status, 404);
  });

  it("replays an idempotent request and refuses the key with other parameters", async () => {
    const headers = { "Idempotency-Key": "emu-shift4-1" };
    const first = await call(base, "POST", "/charges", charge(), headers);
    const again = await call(base, "POST", "/charges", charge(), headers);
    assert.equal(again.text, first.text);
    const other = await call(base, "POST", "/charges", charge({ amount: 42 }), headers);
    assert.equal(other.status, 400);
    assert.equal(other.json!["error"]["message"], "Idempotent key used for request with different parameters.");
  });

  it("captures once, refunds what was captured and no more", async () => {
    const c = (await call(base, "POST", "/charges", charge())).json!;
    assert.equal((await call(base, "POST", "/refunds", { chargeId: c["id"], amount: 100 })).status, 400);
    assert.equal((await call(base, "POST", `/charges/${c["id"]}/capture`, {})).json!["captured"], true);
    assert.equal((await call(base, "POST", `/charges/${c["id"]}/capture`, {})).status, 400);
    const r = await call(base, "POST", "/refunds", { chargeId: c["id"], amount: 1000 });
    assert.equal(r.json!["status"], "successful");
    const over = await call(base, "POST", "/refunds", { chargeId: c["id"], amount: 100 });
    assert.equal(over.json!["error"]["code"], "amount_too_high");
    assert.equal((await call(base, "GET", `/refunds/${r.json!["id"]}`)).json!["amount"], 1000);
  });

  it("a paymentMethod charge is pending with a redirect; the method's page pays it and returns the shopper", async () => {
    const body = { amount: 1250, currency: "EUR", paymentMethod: { type: "ideal", billing: { name: "Jan Jansen" } }, flow: { returnUrl: "https://shop.example/back" } };
    assert.equal((await call(base, "POST", "/charges", { ...body, flow: {} })).status, 400, "flow.returnUrl is required");
    assert.equal((await call(base, "POST", "/charges", { ...body, paymentMethod: { type: "sofort" } })).status, 400, "not a type of the SDK");
    const c = (await call(base, "POST", "/charges", body)).json!;
    assert.equal(c["status"], "pending");
    assert.equal(c["flow"]["nextAction"], "redirect");
    assert.equal((await call(base, "POST", `/charges/${c["id"]}/capture`, {})).status, 400, "a pending charge cannot be captured");
    const page = await fetch(c["flow"]["redirect"]["redirectUrl"], { redirect: "manual" });
    assert.equal(page.status, 302);
    assert.equal(page.headers.get("location"), "https://shop.example/back");
    const paid = (await call(base, "GET", `/charges/${c["id"]}`)).json!;
    assert.deepEqual([paid["status"], paid["captured"], paid["flow"]["nextAction"]], ["successful", true, "none"]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("shift4 emulator: wallets", function () {
  let emu: Emulator;
  let base: string;
  before(async () => {
    emu = await startEmulator();
    base = emu.baseUrls.shift4!;
  });
  after(() => emu.close());

  it("charges Apple Pay's payment data and Google Pay's token; PAN_ONLY asks for 3-D Secure", async () => {
    const apple = await call(base, "POST", "/charges", {
      amount: 5000, currency: "EUR", captured: false,
      paymentMethod: { type: "apple_pay", applePay: { token: { data: "TEST_TOKEN:50EUR" } } },
    });
    assert.equal(apple.status, 200);
    assert.equal(apple.json!["status"], "successful");
    assert.equal(apple.json!["captured"], false);
    const bad = await call(base, "POST", "/charges", { amount: 5000, currency: "EUR", paymentMethod: { type: "apple_pay", applePay: { token: "x" } } });
    assert.equal(bad.status, 400);
    const panOnly = { type: "google_pay", googlePay: { token: "PAN_ONLY" } };
    const noReturn = await call(base, "POST", "/charges", { amount: 60, currency: "USD", paymentMethod: panOnly });
    assert.equal(noReturn.status, 400);
    const pending = await call(base, "POST", "/charges", { amount: 60, currency: "USD", paymentMethod: panOnly, flow: { returnUrl: "https://shop.example/r" } });
    assert.equal(pending.json!["status"], "pending");
    assert.equal(pending.json!["flow"]["nextAction"], "redirect");
  });
});

describe("shift4 lifecycle through the client", function () {
  this.timeout(30_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let receiver: WebhookReceiver;

  before(async () => {
    receiver = await startWebhookReceiver("/webhooks/shift4");
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: { shift4: "unused" } } });
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  const exchange = exchangeThrough("shift4", AUTH, () => pool, () => emu.baseUrls.shift4!);

  it("authorize → capture → refund part, twice → refund status", async () => {
    const amount = { minorAmount: 1099, currency: "USD" };
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-s4-1",
      amount,
      paymentMethod: { type: "card", card: CARD },
      captureMethod: "manual",
      idempotencyKey: "order-s4-1",
    });
    assert.equal(auth.status, "authorized");
    const id = auth.connectorTransactionId!;
    assert.match(id, /^char_/);
    assert.equal((await exchange("psync", { connectorTransactionId: id })).status, "authorized");

    // Shift4 captures the whole authorization: a part is refused before anything is sent.
    await assert.rejects(
      exchange("capture", { connectorTransactionId: id, amountToCapture: { minorAmount: 600, currency: "USD" }, paymentAmount: amount }),
      (e: any) => e.code === 1005 && e.data?.field === "request.amountToCapture.minorAmount",
    );
    const capture = await exchange("capture", { connectorTransactionId: id, amountToCapture: amount, paymentAmount: amount, idempotencyKey: "order-s4-1-capture" });
    assert.equal(capture.status, "charged");
    assert.deepEqual(capture.amountCaptured, amount);
    const again = await exchange("capture", { connectorTransactionId: id, amountToCapture: amount });
    assert.equal(again.status, "capture_failed");

    for (const [n, minor] of [[1, 300], [2, 200]] as const) {
      const refund = await exchange("refund", {
        connectorTransactionId: id,
        merchantRefundId: `order-s4-1-refund-${n}`,
        refundAmount: { minorAmount: minor, currency: "USD" },
        reason: "requested_by_customer",
        idempotencyKey: `order-s4-1-refund-${n}`,
      });
      assert.equal(refund.status, "success");
      assert.match(refund.connectorRefundId!, /^re_/);
      const status = await exchange("rsync", { connectorTransactionId: id, connectorRefundId: refund.connectorRefundId });
      assert.equal(status.status, "success");
      assert.deepEqual(status.refundAmount, { minorAmount: minor, currency: "USD" });
    }
    const over = await exchange("refund", {
      connectorTransactionId: id,
      merchantRefundId: "order-s4-1-refund-3",
      refundAmount: { minorAmount: 600, currency: "USD" },
    });
    assert.equal(over.status, "failure");
    assert.equal(over.error?.code, "invalid_amount");
  });

  it("a decline: failure with Shift4's code, the issuer's and the charge", async () => {
    const r = await exchange("authorize", {
      merchantTransactionId: "order-s4-2",
      amount: { minorAmount: 500, currency: "JPY" },
      paymentMethod: { type: "card", card: { ...CARD, number: "4024007114621187" } },
    });
    assert.equal(r.status, "failure");
    assert.match(r.connectorTransactionId!, /^char_/);
    assert.equal(r.error?.code, "lost_or_stolen_card");
    assert.equal(r.error?.connectorCode, "lost_or_stolen");
    assert.equal(r.error?.declineType, "hard");
  });

  it("createCustomer → setupMandate → repeatPayment, twice", async () => {
    const customer = await exchange<any>("createCustomer", { customer: { id: "shopper-1", email: "jane@example.com" }, idempotencyKey: "s4-save" });
    assert.equal(customer.status, "success");
    assert.match(customer.connectorCustomerId, /^cust_/);
    const saved = await exchange("setupMandate", {
      merchantTransactionId: "s4-save",
      amount: { minorAmount: 0, currency: "EUR" },
      paymentMethod: { type: "token", token: { value: "tok_ihs3kymTbdyYmVDzfUZQNmCE" } },
      customer: { connectorCustomerId: customer.connectorCustomerId },
    });
    assert.equal(saved.status, "charged");
    assert.match(saved.mandateReference!, /^card_/);
    for (const n of [1, 2]) {
      const repeat = await exchange("repeatPayment", {
        merchantTransactionId: `s4-repeat-${n}`,
        amount: { minorAmount: 2500, currency: "EUR" },
        mandateReference: saved.mandateReference,
        customer: { connectorCustomerId: saved.connectorCustomerId },
        recurringType: "scheduled",
      });
      assert.equal(repeat.status, "charged");
      assert.equal(repeat.mandateReference, saved.mandateReference);
    }
  });

  it("revokeMandate deletes the saved card: charging it afterwards fails, deleting it again fails", async () => {
    const customer = await exchange<any>("createCustomer", { customer: { id: "shopper-2" }, idempotencyKey: "s4-revoke" });
    const saved = await exchange("setupMandate", {
      merchantTransactionId: "s4-revoke",
      amount: { minorAmount: 0, currency: "EUR" },
      paymentMethod: { type: "token", token: { value: "tok_ihs3kymTbdyYmVDzfUZQNmCE" } },
      customer: { connectorCustomerId: customer.connectorCustomerId },
    });
    const revoke = { mandateReference: saved.mandateReference, customer: { connectorCustomerId: customer.connectorCustomerId } };
    const revoked = await exchange<any>("revokeMandate", revoke);
    assert.deepEqual([revoked.status, revoked.mandateReference, revoked.httpStatus], ["revoked", saved.mandateReference, 200]);
    const repeat = await exchange("repeatPayment", {
      merchantTransactionId: "s4-after-revoke",
      amount: { minorAmount: 2500, currency: "EUR" },
      mandateReference: saved.mandateReference,
      customer: { connectorCustomerId: customer.connectorCustomerId },
      recurringType: "unscheduled",
    });
    assert.equal(repeat.status, "failure");
    const again = await exchange<any>("revokeMandate", revoke);
    assert.deepEqual([again.status, again.httpStatus], ["failure", 404]);
    assert.match(again.error.message, /Shift4 did not delete the saved card/);
  });

  it("iDEAL: authorize → redirect → the shopper pays → psync charged → refund", async () => {
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-s4-ideal",
      amount: { minorAmount: 1250, currency: "EUR" },
      paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal" } },
      billingAddress: { firstName: "Jan", lastName: "Jansen", country: "NL" },
      returnUrl: "https://shop.example/checkout/return",
      idempotencyKey: "order-s4-ideal",
    });
    assert.equal(auth.status, "authentication_pending");
    assert.equal(auth.nextAction?.type, "redirect");
    assert.equal(auth.redirection?.url, auth.nextAction?.url);
    const id = auth.connectorTransactionId!;
    assert.equal((await exchange("psync", { connectorTransactionId: id })).status, "authentication_pending");
    const page = await fetch(auth.redirection!.url, { redirect: "manual" });
    assert.equal(page.headers.get("location"), "https://shop.example/checkout/return");
    const synced = await exchange("psync", { connectorTransactionId: id });
    assert.equal(synced.status, "charged");
    assert.deepEqual(synced.amountCaptured, { minorAmount: 1250, currency: "EUR" });
    const refund = await exchange("refund", {
      connectorTransactionId: id,
      merchantRefundId: "order-s4-ideal-refund",
      refundAmount: { minorAmount: 250, currency: "EUR" },
    });
    assert.equal(refund.status, "success");
  });

  it("Apple Pay: authorize (manual) with the wallet's payment data → capture → refund", async () => {
    const paymentData = Buffer.from(JSON.stringify({ version: "EC_v1", data: "TEST_TOKEN:50EUR", signature: "c2ln", header: { transactionId: "aa" } })).toString("base64");
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-s4-apple",
      amount: { minorAmount: 5000, currency: "EUR" },
      paymentMethod: { type: "applePay", applePay: { paymentData, network: "Visa" } },
      captureMethod: "manual",
      idempotencyKey: "order-s4-apple",
    });
    assert.equal(auth.status, "authorized");
    const id = auth.connectorTransactionId!;
    assert.equal((await exchange("capture", { connectorTransactionId: id })).status, "charged");
    const refund = await exchange("refund", {
      connectorTransactionId: id,
      merchantRefundId: "order-s4-apple-refund",
      refundAmount: { minorAmount: 1000, currency: "EUR" },
    });
    assert.equal(refund.status, "success");
  });

  it("Google Pay PAN_ONLY: authorize → 3-D Secure redirect → the shopper authenticates → psync charged", async () => {
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-s4-gpay",
      amount: { minorAmount: 60, currency: "USD" },
      paymentMethod: { type: "googlePay", googlePay: { token: "PAN_ONLY" } },
      returnUrl: "https://shop.example/checkout/return",
      idempotencyKey: "order-s4-gpay",
    });
    assert.equal(auth.status, "authentication_pending");
    assert.equal(auth.nextAction?.type, "redirect");
    const page = await fetch(auth.redirection!.url, { redirect: "manual" });
    assert.equal(page.headers.get("location"), "https://shop.example/checkout/return");
    assert.equal((await exchange("psync", { connectorTransactionId: auth.connectorTransactionId! })).status, "charged");
  });

  it("createSession is local: the client signs the checkout request with no HTTP call", async () => {
    const steps: string[] = [];
    const payments = new PaymentsClient(pool, {
      http: async (req) => {
        throw new Error(`no HTTP call expected (${req.url})`);
      },
      onStep: (s) => steps.push(s.step),
    });
    const info = (await payments.connectors()).find((c) => c.name === "shift4")!;
    assert.deepEqual(info.localFlows, ["createSession"]);
    const session = await payments.createSession({
      connector: "shift4",
      auth: AUTH,
      request: { merchantTransactionId: "order-s4-checkout", amount: { minorAmount: 499, currency: "EUR" }, captureMethod: "manual" },
    });
    assert.equal(session.status, "success");
    assert.equal(session.httpStatus, 0);
    assert.deepEqual(steps, ["result"]);
    const [signature, json] = splitOnce(Buffer.from(session.clientToken!, "base64").toString("utf8"), "|");
    assert.equal(signature, createHmac("sha256", SHIFT4_SECRET_KEY).update(json).digest("hex"));
    assert.deepEqual(JSON.parse(json), {
      charge: { amount: 499, currency: "EUR", capture: false, metadata: { merchantTransactionId: "order-s4-checkout" } },
    });
    // redact() masks it, like every clientToken.
    assert.ok(!JSON.stringify(redact(session)).includes(session.clientToken!));
    // transformRequest refuses a local flow; transformResponse takes no response for it.
    const params = { connector: "shift4", flow: "createSession", auth: AUTH, request: { merchantTransactionId: "x", amount: { minorAmount: 1, currency: "EUR" } } } as never;
    await assert.rejects(pool.transformRequest(params), (e: SidecarError) => e.code === 1002 && e.data.field === "flow");
    await assert.rejects(
      pool.transformResponse({ ...(params as object), response: { status: 200, headers: [], body: "{}" } } as never),
      (e: SidecarError) => e.code === 1005 && e.data.field === "response",
    );
  });

  it("webhooks: unsigned, verified by fetching the event, then read", async () => {
    await emu.webhooksDelivered();
    assert.ok(receiver.received.length >= 5, `${receiver.received.length} webhooks`);
    const types: string[] = [];
    for (const hook of receiver.received) {
      const verification = await exchange<any>("verifyWebhook", { headers: hook.headers, body: hook.body, webhookId: "unused" });
      assert.equal(verification.verified, true, hook.body);
      const result = (await pool.call("parseWebhook", { connector: "shift4", headers: hook.headers, body: hook.body, remoteVerification: verification })) as WebhookResult;
      assert.equal(result.verified, true);
      types.push(`${result.events[0]!.eventType}:${result.events[0]!.paymentStatus ?? result.events[0]!.refundStatus ?? result.events[0]!.kind}`);
    }
    for (const t of ["CHARGE_SUCCEEDED:authorized", "CHARGE_CAPTURED:charged", "CHARGE_REFUNDED:success", "CHARGE_FAILED:failure", "CUSTOMER_CARD_CREATED:mandate"]) {
      assert.ok(types.includes(t), `${t} in ${types.join(", ")}`);
    }
    // A forged body: Shift4 has the event id, with other data.
    const hook = receiver.received[0]!;
    const forged = hook.body.replace(/"amount":\d+/, '"amount":1');
    const verification = await exchange<any>("verifyWebhook", { headers: {}, body: forged, webhookId: "unused" });
    assert.equal(verification.verified, false);
    const result = (await pool.call("parseWebhook", { connector: "shift4", headers: {}, body: forged, remoteVerification: verification })) as WebhookResult;
    assert.equal(result.verified, false);
    assert.deepEqual(result.events, []);
  });
});

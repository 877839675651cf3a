// Paystack end to end: the emulator on its own (its key check and rules), then the whole lifecycle
// through the real client pieces (SidecarPool + the fetch executor) against it: the hosted
// checkout (createSession → the shopper pays → psync), a charge of the saved authorization
// (authorize with the token, repeatPayment), refunds (partial, several, over the balance) and
// rsync, a declined charge, a duplicate reference, completeAuthorize answering each step a charge asks
// for (send_otp, send_pin, send_phone, send_birthday, send_address: the step carried in the result's
// state), revokeMandate, a dispute (dsync), and the
// signed webhooks read by parseWebhook. The signature checked here is computed from Paystack's
// documented formula (hex HMAC-SHA512 of the body with the secret key), not from the sidecar.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";

import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import type { WebhookResult } from "../../protocol/index.js";
import { exchangeThrough } from "../support/exchange.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { DECLINING_AUTHORIZATION, PAYSTACK_SECRET_KEY, SAVED_AUTHORIZATION } from "../../emulator/connectors/paystack/index.js";
import { scenario } from "../../emulator/connectors/paystack/scenario.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const AUTH = { apiKey: PAYSTACK_SECRET_KEY };
const JANE = { email: "jane@example.com", name: "Jane Doe" };
const NGN = (minorAmount: number) => ({ minorAmount, currency: "NGN" });

describe("paystack emulator", function () {
  let emu: Emulator;
  let base: string;
  before(async () => {
    emu = await startEmulator();
    base = emu.baseUrls.paystack!;
  });
  after(() => emu.close());

  async function call(method: string, path: string, body?: unknown, key = PAYSTACK_SECRET_KEY) {
    const res = await fetch(base + path, {
      method,
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  }

  it("refuses another key with 401 Invalid key", async () => {
    const r = await call("GET", "/transaction/verify/nothing", undefined, "sk_test_other");
    assert.equal(r.status, 401);
    assert.deepEqual(r.json, { status: false, message: "Invalid key" });
  });

  it("initializes a transaction, refuses its reference twice, and verifies it as abandoned until paid", async () => {
    const body = { email: "jane@example.com", amount: 40333, currency: "NGN", reference: "emu-ps-1" };
    const r = await call("POST", "/transaction/initialize", body);
    assert.equal(r.json["status"], true);
    assert.equal(r.json["data"]["reference"], "emu-ps-1");
    assert.match(r.json["data"]["authorization_url"], /\/checkout\//);
    const dup = await call("POST", "/transaction/initialize", body);
    assert.equal(dup.status, 400);
    assert.equal(dup.json["message"], "Duplicate Transaction Reference");
    assert.equal((await call("GET", "/transaction/verify/emu-ps-1")).json["data"]["status"], "abandoned");
    assert.equal((await call("GET", "/transaction/verify/emu-ps-unknown")).status, 404);
    assert.equal((await call("POST", "/transaction/initialize", { ...body, reference: "emu-ps-2", currency: "EUR" })).status, 400);
    assert.equal((await call("POST", "/transaction/initialize", { ...body, reference: "emu-ps-3", amount: 10.5 })).status, 400);
  });
});

// ---------------------------------------------------------------------------------------------

describe("paystack lifecycle through the client", function () {
  this.timeout(30_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let receiver: WebhookReceiver;

  before(async () => {
    receiver = await startWebhookReceiver("/webhooks/paystack");
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: { paystack: PAYSTACK_SECRET_KEY } } });
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  const exchange = exchangeThrough("paystack", AUTH, () => pool, () => emu.baseUrls.paystack!);

  it("createSession → the shopper pays on the checkout → psync charged, with the reusable authorization", async () => {
    const session = await exchange<any>("createSession", {
      merchantTransactionId: "order-ps-1",
      amount: NGN(500000),
      customer: JANE,
      returnUrl: "https://shop.example/return",
      paymentMethodTypes: ["card", "bankDebit", "mobile_money"],
    });
    assert.equal(session.status, "success", JSON.stringify(session.error));
    assert.equal(session.connectorTransactionId, "order-ps-1");
    assert.ok(session.sessionId, "the access code for Paystack Popup");
    assert.equal(session.redirection.method, "GET");
    assert.equal((await exchange("psync", { connectorTransactionId: "order-ps-1" })).status, "started", "not paid yet");

    const paid = await fetch(session.redirection.url, { redirect: "manual" });
    assert.equal(paid.status, 302);
    const back = new URL(paid.headers.get("location")!);
    assert.equal(back.origin + back.pathname, "https://shop.example/return");
    assert.equal(back.searchParams.get("reference"), "order-ps-1");

    const synced = await exchange("psync", { connectorTransactionId: "order-ps-1" });
    assert.equal(synced.status, "charged", JSON.stringify(synced.error));
    assert.deepEqual(synced.amountCaptured, NGN(500000));
    assert.match(synced.mandateReference!, /^AUTH_/);

    const again = await exchange("repeatPayment", {
      merchantTransactionId: "order-ps-1-again",
      amount: NGN(120000),
      mandateReference: synced.mandateReference,
      customer: JANE,
    });
    assert.equal(again.status, "charged", JSON.stringify(again.error));
    assert.equal(again.connectorTransactionId, "order-ps-1-again");
    assert.equal(again.mandateReference, synced.mandateReference);
  });

  it("mobile money: Create Charge → pay_offline (awaitApproval) → the shopper approves → psync charged; then a refund", async () => {
    const pending = await exchange<any>("authorize", {
      merchantTransactionId: "order-ps-mm-1",
      amount: { minorAmount: 2500, currency: "GHS" },
      paymentMethod: { type: "mobileMoney", mobileMoney: { provider: "mtn", phoneNumber: "+233551234987" } },
      customer: JANE,
    });
    assert.equal(pending.status, "pending", JSON.stringify(pending.error));
    assert.equal(pending.connectorStatus, "pay_offline");
    assert.equal(pending.nextAction.type, "awaitApproval");
    assert.match(pending.nextAction.reference, /mobile phone/);
    assert.equal((await exchange("psync", { connectorTransactionId: "order-ps-mm-1" })).status, "pending", "not approved yet");

    const approved = await fetch(`${emu.baseUrls.paystack}/emulator/charges/order-ps-mm-1/complete`, { method: "POST" });
    assert.equal(approved.status, 200);
    const synced = await exchange("psync", { connectorTransactionId: "order-ps-mm-1" });
    assert.equal(synced.status, "charged", JSON.stringify(synced.error));
    assert.deepEqual(synced.amountCaptured, { minorAmount: 2500, currency: "GHS" });
    assert.equal(synced.mandateReference, undefined, "a mobile money authorization is not reusable");
    const refund = await exchange("refund", {
      connectorTransactionId: "order-ps-mm-1",
      merchantRefundId: "order-ps-mm-1-r1",
      refundAmount: { minorAmount: 1000, currency: "GHS" },
    });
    assert.equal(refund.status, "pending", JSON.stringify(refund.error));
  });

  it("Vodafone Cash answers send_otp: authentication pending, the shopper dials for a voucher", async () => {
    const r = await exchange<any>("authorize", {
      merchantTransactionId: "order-ps-mm-2",
      amount: { minorAmount: 2500, currency: "GHS" },
      paymentMethod: { type: "mobileMoney", mobileMoney: { provider: "vodafone", phoneNumber: "+233201234567" } },
      customer: JANE,
    });
    assert.equal(r.status, "authentication_pending", JSON.stringify(r.error));
    assert.equal(r.nextAction.type, "awaitApproval");
    assert.match(r.nextAction.reference, /\*110#/);
  });

  it("completeAuthorize answers the step the charge asked for: Vodafone's send_otp, carried in the result's state, then the voucher", async () => {
    const r = await exchange<any>("authorize", {
      merchantTransactionId: "order-ps-mm-3",
      amount: { minorAmount: 2500, currency: "GHS" },
      paymentMethod: { type: "mobileMoney", mobileMoney: { provider: "vodafone", phoneNumber: "+233201234567" } },
      customer: JANE,
    });
    assert.deepEqual(r.state, { paystackNextStep: "send_otp" });
    // A wrong voucher: Paystack refuses it and the charge still waits for one, the step kept.
    const wrong = await exchange<any>("completeAuthorize", { connectorTransactionId: "order-ps-mm-3", state: r.state, otp: "000000" });
    assert.equal(wrong.status, "authentication_pending");
    assert.equal(wrong.error.connectorMessage, "Invalid OTP");
    assert.deepEqual(wrong.state, { paystackNextStep: "send_otp" });
    const done = await exchange<any>("completeAuthorize", { connectorTransactionId: "order-ps-mm-3", state: r.state, otp: "123456" });
    assert.equal(done.status, "pending", JSON.stringify(done.error));
    assert.equal(done.connectorStatus, "pay_offline");
    assert.equal(done.state, undefined, "no step left for the shopper to enter");
  });

  it("completeAuthorize: send_birthday → submit_birthday → send_otp → submit_otp → charged; send_pin, send_phone and send_address each go to their own call", async () => {
    const ask = async (reference: string, step: string) =>
      assert.equal((await fetch(`${emu.baseUrls.paystack}/emulator/charges/${reference}/ask/${step}`, { method: "POST" })).status, 200);
    const charge = async (reference: string) => {
      const r = await exchange<any>("authorize", {
        merchantTransactionId: reference,
        amount: NGN(100000),
        paymentMethod: { type: "bankTransfer", bankTransfer: { method: "virtualAccount" } },
        customer: JANE,
      });
      assert.equal(r.status, "pending", JSON.stringify(r.error));
    };
    await charge("order-ps-step-1");
    await ask("order-ps-step-1", "send_birthday");
    // psync reads the step the bank asked for.
    const asked = await exchange<any>("psync", { connectorTransactionId: "order-ps-step-1" });
    assert.equal(asked.status, "authentication_pending");
    assert.deepEqual(asked.state, { paystackNextStep: "send_birthday" });
    // The step in the state names the field: an OTP given for a birthday step is refused before any call.
    const mismatch = await exchange<any>("completeAuthorize", { connectorTransactionId: "order-ps-step-1", state: asked.state, otp: "123456" }).catch((e) => e);
    assert.equal(mismatch.data?.field, "request.birthday");
    const otpNext = await exchange<any>("completeAuthorize", { connectorTransactionId: "order-ps-step-1", state: asked.state, birthday: "1961-09-21" });
    assert.equal(otpNext.status, "authentication_pending", JSON.stringify(otpNext.error));
    assert.deepEqual(otpNext.state, { paystackNextStep: "send_otp" });
    const paid = await exchange<any>("completeAuthorize", { connectorTransactionId: "order-ps-step-1", state: otpNext.state, otp: "123456" });
    assert.equal(paid.status, "charged", JSON.stringify(paid.error));
    assert.deepEqual(paid.amountCaptured, NGN(100000));

    const steps: [string, Record<string, unknown>][] = [
      ["send_pin", { pin: "1234" }],
      ["send_phone", { phone: "08012345678" }],
      ["send_address", { billingAddress: { line1: "140 N 2ND ST", city: "Stroudsburg", state: "PA", postalCode: "18360", country: "US" } }],
    ];
    for (const [i, [step, entered]] of steps.entries()) {
      const reference = `order-ps-step-${i + 2}`;
      await charge(reference);
      await ask(reference, step);
      const synced = await exchange<any>("psync", { connectorTransactionId: reference });
      assert.deepEqual(synced.state, { paystackNextStep: step });
      const next = await exchange<any>("completeAuthorize", { connectorTransactionId: reference, state: synced.state, ...entered });
      assert.equal(next.status, "authentication_pending", `${step}: ${JSON.stringify(next.error)}`);
      assert.deepEqual(next.state, { paystackNextStep: "send_otp" }, step);
    }
    // A wrong PIN: refused by Paystack, the charge still waits for the PIN; the PIN is in no error.
    await charge("order-ps-step-9");
    await ask("order-ps-step-9", "send_pin");
    const wrongPin = await exchange<any>("completeAuthorize", { connectorTransactionId: "order-ps-step-9", state: { paystackNextStep: "send_pin" }, pin: "0000" });
    assert.equal(wrongPin.status, "authentication_pending");
    assert.deepEqual(wrongPin.state, { paystackNextStep: "send_pin" });
    assert.equal(wrongPin.error.connectorMessage, "Incorrect PIN");
    const badPin = await exchange<any>("completeAuthorize", { connectorTransactionId: "order-ps-step-9", state: { paystackNextStep: "send_pin" }, pin: "98765" }).catch((e) => e);
    assert.equal(badPin.data?.field, "request.pin");
    assert.ok(!JSON.stringify(badPin.data ?? {}).includes("98765") && !String(badPin.message).includes("98765"), "the PIN is never quoted");
  });

  it("Pay with Transfer: Create Charge → displayBankDetails → the transfer arrives → psync charged", async () => {
    const pending = await exchange<any>("authorize", {
      merchantTransactionId: "order-ps-bt-1",
      amount: NGN(25000),
      paymentMethod: { type: "bankTransfer", bankTransfer: { method: "virtualAccount" } },
      customer: JANE,
    });
    assert.equal(pending.status, "pending", JSON.stringify(pending.error));
    assert.equal(pending.nextAction.type, "displayBankDetails");
    assert.match(pending.nextAction.bankDetails.accountNumber, /^\d{10}$/);
    assert.equal(pending.nextAction.bankDetails.bankName, "Test Bank");
    assert.equal(pending.nextAction.bankDetails.accountHolderName, "PAYSTACK CHECKOUT");
    assert.ok(pending.nextAction.expiresAt);
    await (await fetch(`${emu.baseUrls.paystack}/emulator/charges/order-ps-bt-1/complete`, { method: "POST" })).arrayBuffer();
    const synced = await exchange("psync", { connectorTransactionId: "order-ps-bt-1" });
    assert.equal(synced.status, "charged", JSON.stringify(synced.error));
    assert.deepEqual(synced.amountCaptured, NGN(25000));
  });

  it("a declined checkout is a failure with the issuer's answer", async () => {
    const session = await exchange<any>("createSession", { merchantTransactionId: "order-ps-2", amount: NGN(10000), customer: JANE });
    await (await fetch(`${session.redirection.url}?outcome=decline`, { redirect: "manual" })).arrayBuffer();
    const synced = await exchange("psync", { connectorTransactionId: "order-ps-2" });
    assert.equal(synced.status, "failure");
    assert.equal(synced.error?.code, "card_declined");
    assert.equal(synced.error?.connectorMessage, "Declined");
  });

  it("authorize with the saved authorization → refund part, twice → rsync; a refund over the balance is refused", async () => {
    const charged = await exchange("authorize", {
      merchantTransactionId: "order-ps-3",
      amount: NGN(100000),
      paymentMethod: { type: "token", token: { value: SAVED_AUTHORIZATION, kind: "authorization_code" } },
      customer: JANE,
      metadata: { cart: "42" },
    });
    assert.equal(charged.status, "charged", JSON.stringify(charged.error));
    assert.equal(charged.connectorTransactionId, "order-ps-3");
    for (const [n, minor] of [[1, 30000], [2, 20000]] as const) {
      const refund = await exchange("refund", {
        connectorTransactionId: "order-ps-3",
        merchantRefundId: `order-ps-3-r${n}`,
        refundAmount: NGN(minor),
        reason: "requested_by_customer",
      });
      assert.equal(refund.status, "pending", JSON.stringify(refund.error));
      assert.deepEqual(refund.refundAmount, NGN(minor));
      const status = await exchange("rsync", { connectorTransactionId: "order-ps-3", connectorRefundId: refund.connectorRefundId });
      assert.equal(status.status, "success");
      assert.equal(status.connectorStatus, "processed");
    }
    const over = await exchange("refund", { connectorTransactionId: "order-ps-3", merchantRefundId: "order-ps-3-r3", refundAmount: NGN(50001) });
    assert.equal(over.status, "failure");
    assert.equal(over.error?.code, "invalid_request");
  });

  it("the same reference twice is refused as a duplicate, not charged again", async () => {
    const request = {
      merchantTransactionId: "order-ps-4",
      amount: NGN(5000),
      paymentMethod: { type: "token", token: { value: SAVED_AUTHORIZATION } },
      customer: JANE,
    };
    assert.equal((await exchange("authorize", request)).status, "charged");
    const again = await exchange("authorize", request);
    assert.equal(again.status, "failure");
    assert.equal(again.error?.code, "duplicate_transaction");
  });

  it("a declined charge of a saved authorization: insufficient funds, soft", async () => {
    const r = await exchange("authorize", {
      merchantTransactionId: "order-ps-5",
      amount: NGN(5000),
      paymentMethod: { type: "token", token: { value: DECLINING_AUTHORIZATION } },
      customer: JANE,
    });
    assert.equal(r.status, "failure");
    assert.equal(r.connectorStatus, "failed");
    assert.equal(r.error?.code, "insufficient_funds");
    assert.equal(r.error?.declineType, "soft");
  });

  it("revokeMandate deactivates the authorization: it charges no more", async () => {
    const session = await exchange<any>("createSession", { merchantTransactionId: "order-ps-6", amount: NGN(10000), customer: JANE });
    await (await fetch(session.redirection.url, { redirect: "manual" })).arrayBuffer();
    const paid = await exchange("psync", { connectorTransactionId: "order-ps-6" });
    const revoked = await exchange<any>("revokeMandate", { mandateReference: paid.mandateReference });
    assert.equal(revoked.status, "revoked", JSON.stringify(revoked.error));
    const after = await exchange("repeatPayment", { merchantTransactionId: "order-ps-6-again", amount: NGN(1000), mandateReference: paid.mandateReference, customer: JANE });
    assert.equal(after.status, "failure");
    const again = await exchange<any>("revokeMandate", { mandateReference: paid.mandateReference });
    assert.equal(again.status, "failure");
    assert.equal(again.error?.code, "not_found");
  });

  it("a dispute: opened by webhook, read by dsync", async () => {
    const opened = await fetch(`${emu.baseUrls.paystack}/emulator/disputes/order-ps-3`, { method: "POST" });
    const id = String(((await opened.json()) as any).data.id);
    const d = await exchange<any>("dsync", { connectorDisputeId: id });
    assert.equal(d.status, "needs_response");
    assert.equal(d.connectorTransactionId, "order-ps-3");
    assert.deepEqual(d.amount, NGN(100000));
    assert.ok(d.dueBy);
  });

  it("capture, void and a card are refused with Paystack's reasons, before anything is sent", async () => {
    await assert.rejects(exchange("capture", { connectorTransactionId: "order-ps-3" }), /authorize-then-capture/);
    await assert.rejects(exchange("void", { connectorTransactionId: "order-ps-3" }), /refund it/);
    await assert.rejects(
      exchange("authorize", {
        merchantTransactionId: "order-ps-7",
        amount: NGN(5000),
        paymentMethod: { type: "card", card: { number: "4084084084084081", expMonth: "12", expYear: "2030", cvc: "408" } },
        customer: JANE,
      }),
      /checkout/,
    );
    await assert.rejects(exchange("createSession", { merchantTransactionId: "order-ps-8", amount: { minorAmount: 5000, currency: "EUR" }, customer: JANE }), /does not take EUR/);
  });

  it("webhooks: signed as Paystack documents, verified and read; a forged one is refused", async () => {
    await emu.webhooksDelivered();
    const types: string[] = [];
    for (const hook of receiver.received) {
      const documented = createHmac("sha512", PAYSTACK_SECRET_KEY).update(hook.body).digest("hex");
      assert.equal(hook.headers["x-paystack-signature"], documented);
      const result = (await pool.call("parseWebhook", { connector: "paystack", headers: hook.headers, body: hook.body, secret: PAYSTACK_SECRET_KEY })) as WebhookResult;
      assert.equal(result.verified, true, result.reason);
      const e = result.events[0]!;
      types.push(`${e.eventType}:${e.paymentStatus ?? e.refundStatus ?? e.disputeStatus ?? e.kind}`);
    }
    for (const t of ["charge.success:charged", "refund.processed:success", "charge.dispute.create:needs_response"]) {
      assert.ok(types.includes(t), `${t} in ${types.join(", ")}`);
    }
    const hook = receiver.received[0]!;
    const forged = hook.body.replace(/"amount":\d+/, '"amount":1');
    assert.notEqual(forged, hook.body);
    for (const [body, secret] of [
      [forged, PAYSTACK_SECRET_KEY],
      [hook.body, "sk_test_another"],
    ] as const) {
      const result = (await pool.call("parseWebhook", { connector: "paystack", headers: hook.headers, body, secret })) as WebhookResult;
      assert.equal(result.verified, false);
      assert.equal(result.events.length, 0);
      assert.ok(!result.reason?.includes(secret));
    }
  });

  it("the scenario's saved authorization charges through PaymentsClient", async () => {
    const payments = new PaymentsClient(pool);
    const result = await payments.authorize({
      connector: "paystack",
      auth: { apiKey: scenario.emulator.auth.apiKey! },
      options: { baseUrl: emu.baseUrls.paystack },
      request: {
        merchantTransactionId: `order_${process.pid}`,
        amount: scenario.shopper.amount,
        paymentMethod: scenario.shopper.paymentMethod,
        customer: scenario.shopper.customer,
      },
    });
    assert.equal(result.status, "charged", JSON.stringify(result.error));
  });
});

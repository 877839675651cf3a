// Xendit end to end: the emulator on its own (its rules, as Xendit documents them), then the whole
// lifecycle through the real client pieces (SidecarPool + the fetch executor) against it:
// authorize (manual) → partial capture → refund part, twice → refund status; the 3-D Secure
// challenge and an e-wallet through their action pages; a card that fails authentication; a saved
// card (reusability MULTIPLE_USE) charged again with repeatPayment; and the webhooks, verified by
// their x-callback-token and read by parseWebhook. The Basic credential the emulator checks is
// written here from Xendit's documented rule (the secret key as user name, an empty password).
import assert from "node:assert/strict";

import { SidecarPool } from "../../client/pool.js";
import type { SessionResult, WebhookResult } from "../../protocol/index.js";
import { exchangeThrough } from "../support/exchange.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { XENDIT_API_KEY } from "../../emulator/connectors/xendit/index.js";
import { scenario } from "../../emulator/connectors/xendit/scenario.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const AUTH = { apiKey: XENDIT_API_KEY };
const BASIC = `Basic ${Buffer.from(`${XENDIT_API_KEY}:`).toString("base64")}`;
// Xendit's test cards (docs.xendit.co, credit cards, test scenarios): frictionless, challenge, failed authentication.
const FRICTIONLESS = { number: "4000000000001000", expMonth: "12", expYear: "2034", cvc: "123", holderName: "Budi Santoso" };
const CHALLENGE = { ...FRICTIONLESS, number: "4000000000001091" };
const FAILS_3DS = { ...FRICTIONLESS, number: "4000000000000010" };
const RETURN_URL = "https://shop.example/xendit/return";

async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: BASIC, "Content-Type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

describe("xendit emulator", function () {
  let emu: Emulator;
  let base: string;
  before(async () => {
    emu = await startEmulator();
    base = emu.baseUrls.xendit!;
  });
  after(() => emu.close());

  const card = (extra: Record<string, unknown> = {}) => ({
    reference_id: "emu-1",
    amount: 15000,
    currency: "IDR",
    capture_method: "MANUAL",
    payment_method: {
      type: "CARD",
      reusability: "ONE_TIME_USE",
      card: { channel_properties: {}, card_information: { card_number: FRICTIONLESS.number, expiry_month: "12", expiry_year: "2034", cvv: "123" } },
    },
    ...extra,
  });

  it("refuses another key with 401 INVALID_API_KEY", async () => {
    const r = await call(base, "POST", "/payment_requests", card(), { Authorization: `Basic ${Buffer.from("xnd_development_other:").toString("base64")}` });
    assert.equal(r.status, 401);
    assert.equal(r.json!["error_code"], "INVALID_API_KEY");
  });

  it("authorizes, masks the card, refuses rupiah decimals", async () => {
    const r = await call(base, "POST", "/payment_requests", card());
    assert.equal(r.status, 201, r.text);
    assert.match(r.json!["id"], /^pr-[0-9a-f-]{36}$/);
    assert.equal(r.json!["status"], "AWAITING_CAPTURE");
    assert.equal(r.json!["amount"], 15000);
    assert.ok(!r.text.includes(FRICTIONLESS.number), "no card number in the answer");
    const decimals = await call(base, "POST", "/payment_requests", card({ amount: 150.5 }));
    assert.equal(decimals.status, 400);
    assert.equal(decimals.json!["error_code"], "API_VALIDATION_ERROR");
  });

  it("captures no more than authorized, refunds no more than captured", async () => {
    const p = (await call(base, "POST", "/payment_requests", card())).json!;
    const over = await call(base, "POST", `/payment_requests/${p.id}/captures`, { capture_amount: 15001 });
    assert.equal(over.json!["error_code"], "CAPTURE_AMOUNT_EXCEEDED");
    const c = await call(base, "POST", `/payment_requests/${p.id}/captures`, { capture_amount: 9000 });
    assert.equal(c.json!["status"], "SUCCEEDED");
    assert.equal(c.json!["captured_amount"], 9000);
    const r = await call(base, "POST", "/refunds", { payment_request_id: p.id, amount: 9001, currency: "IDR", reason: "OTHERS" });
    assert.equal(r.json!["error_code"], "REFUND_AMOUNT_EXCEEDED");
  });

  it("replays an idempotent request, refuses the key with another body", async () => {
    const first = await call(base, "POST", "/payment_requests", card(), { "idempotency-key": "emu-xendit-1" });
    const again = await call(base, "POST", "/payment_requests", card(), { "idempotency-key": "emu-xendit-1" });
    assert.equal(again.json!["id"], first.json!["id"]);
    const other = await call(base, "POST", "/payment_requests", card({ amount: 20000 }), { "idempotency-key": "emu-xendit-1" });
    assert.equal(other.status, 409);
    assert.equal(other.json!["error_code"], "IDEMPOTENCY_ERROR");
  });
});

// ---------------------------------------------------------------------------------------------

describe("xendit emulator: online banking and Payment Sessions", function () {
  let emu: Emulator;
  let base: string;
  before(async () => {
    emu = await startEmulator();
    base = emu.baseUrls.xendit!;
  });
  after(() => emu.close());

  const directDebit = (channel: string, currency: string, amount: number) => ({
    reference_id: "emu-dd",
    amount,
    currency,
    payment_method: {
      type: "DIRECT_DEBIT",
      reusability: "ONE_TIME_USE",
      direct_debit: { channel_code: channel, channel_properties: { success_return_url: RETURN_URL, failure_return_url: RETURN_URL } },
    },
  });

  it("DIRECT_DEBIT online banking requires action; an unknown channel or another currency is refused", async () => {
    const r = await call(base, "POST", "/payment_requests", directDebit("BPI_ONLINE_BANKING", "PHP", 2500));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json!["status"], "REQUIRES_ACTION");
    assert.equal(r.json!["actions"][0]["action"], "AUTH");
    assert.equal((await call(base, "POST", "/payment_requests", directDebit("NOT_A_BANK", "PHP", 2500))).status, 400);
    assert.equal((await call(base, "POST", "/payment_requests", directDebit("KTB_MB", "PHP", 2500))).status, 400);
  });

  it("POST /sessions answers an ACTIVE session with its page; GET reads it; a session without a customer is refused", async () => {
    const body = { reference_id: "emu-ps", session_type: "PAY", mode: "PAYMENT_LINK", amount: 10000, currency: "PHP", country: "PH", customer_id: "cust-1" };
    const r = await call(base, "POST", "/sessions", body);
    assert.equal(r.status, 201, r.text);
    assert.match(r.json!["payment_session_id"], /^ps-[0-9a-f]{24}$/);
    assert.equal(r.json!["status"], "ACTIVE");
    assert.equal(r.json!["amount"], 10000);
    const read = await call(base, "GET", `/sessions/${r.json!["payment_session_id"]}`);
    assert.equal(read.json!["payment_link_url"], r.json!["payment_link_url"]);
    const { customer_id: _, ...withoutCustomer } = body;
    assert.equal((await call(base, "POST", "/sessions", withoutCustomer)).status, 400);
    assert.equal((await call(base, "GET", "/sessions/ps-000000000000000000000000")).status, 404);
  });
});

describe("xendit lifecycle through the client", function () {
  this.timeout(30_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let receiver: WebhookReceiver;
  const token = scenario.emulator.webhookSecret!;

  before(async () => {
    receiver = await startWebhookReceiver("/webhooks/xendit");
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: { xendit: token } } });
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  const exchange = exchangeThrough("xendit", AUTH, () => pool, () => emu.baseUrls.xendit!);

  it("authorize (manual) → partial capture → refund part, twice → refund status", async () => {
    const amount = { minorAmount: 15000000, currency: "IDR" };
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-xd-1",
      amount,
      paymentMethod: { type: "card", card: FRICTIONLESS },
      captureMethod: "manual",
      returnUrl: RETURN_URL,
      idempotencyKey: "order-xd-1",
    });
    assert.equal(auth.status, "authorized", JSON.stringify(auth.error));
    const id = auth.connectorTransactionId!;
    assert.match(id, /^pr-/);
    assert.equal((await exchange("psync", { connectorTransactionId: id })).status, "authorized");

    const capture = await exchange("capture", {
      connectorTransactionId: id,
      amountToCapture: { minorAmount: 9000000, currency: "IDR" },
      paymentAmount: amount,
      idempotencyKey: "order-xd-1-capture",
    });
    assert.equal(capture.status, "partial_charged", JSON.stringify(capture.error));
    assert.deepEqual(capture.amountCaptured, { minorAmount: 9000000, currency: "IDR" });
    assert.equal((await exchange("psync", { connectorTransactionId: id })).status, "charged");
    const again = await exchange("capture", { connectorTransactionId: id, paymentAmount: amount });
    assert.equal(again.status, "capture_failed");
    assert.equal(again.error?.connectorCode, "INACTIVE_PAYMENT_REQUEST");

    for (const [n, minor] of [[1, 2250000], [2, 1800000]] as const) {
      const refund = await exchange("refund", {
        connectorTransactionId: id,
        merchantRefundId: `order-xd-1-refund-${n}`,
        refundAmount: { minorAmount: minor, currency: "IDR" },
        reason: "requested_by_customer",
        idempotencyKey: `order-xd-1-refund-${n}`,
      });
      assert.equal(refund.status, "success", JSON.stringify(refund.error));
      assert.match(refund.connectorRefundId!, /^rfd-/);
      const status = await exchange("rsync", { connectorTransactionId: id, connectorRefundId: refund.connectorRefundId });
      assert.equal(status.status, "success");
      assert.deepEqual(status.refundAmount, { minorAmount: minor, currency: "IDR" });
    }
    const over = await exchange("refund", {
      connectorTransactionId: id,
      merchantRefundId: "order-xd-1-refund-3",
      refundAmount: { minorAmount: 5000000, currency: "IDR" },
    });
    assert.equal(over.status, "failure");
    assert.equal(over.error?.code, "invalid_amount");
    assert.equal(over.error?.connectorCode, "REFUND_AMOUNT_EXCEEDED");
  });

  it("a 3-D Secure challenge: redirect, the shopper authenticates, psync says charged", async () => {
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-xd-2",
      amount: { minorAmount: 5000, currency: "PHP" },
      paymentMethod: { type: "card", card: CHALLENGE },
      returnUrl: RETURN_URL,
    });
    assert.equal(auth.status, "authentication_pending");
    assert.ok(auth.redirection?.url, "the 3-D Secure page");
    const page = await fetch(auth.redirection!.url, { redirect: "manual" });
    assert.equal(page.status, 302);
    assert.ok(page.headers.get("location")!.startsWith(RETURN_URL));
    assert.equal((await exchange("psync", { connectorTransactionId: auth.connectorTransactionId })).status, "charged");
  });

  it("an e-wallet (GCash): the wallet's page, then charged", async () => {
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-xd-3",
      amount: { minorAmount: 10050, currency: "PHP" },
      paymentMethod: { type: "walletRedirect", walletRedirect: { method: "gcash" } },
      returnUrl: RETURN_URL,
    });
    assert.equal(auth.status, "authentication_pending");
    assert.equal(auth.nextAction?.type, "redirect");
    await fetch(auth.redirection!.url, { redirect: "manual" });
    const synced = await exchange("psync", { connectorTransactionId: auth.connectorTransactionId });
    assert.equal(synced.status, "charged");
    assert.deepEqual(synced.amountCaptured, { minorAmount: 10050, currency: "PHP" });
  });

  it("a card that fails authentication is a failure with Xendit's code", async () => {
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-xd-4",
      amount: { minorAmount: 1000000, currency: "IDR" },
      paymentMethod: { type: "card", card: FAILS_3DS },
      returnUrl: RETURN_URL,
    });
    assert.equal(auth.status, "failure");
    assert.equal(auth.error?.code, "authentication_failed");
    assert.equal(auth.error?.connectorCode, "AUTHENTICATION_FAILED");
  });

  it("a card saved with the payment (MULTIPLE_USE) is charged again with repeatPayment", async () => {
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-xd-5",
      amount: { minorAmount: 2000000, currency: "IDR" },
      paymentMethod: { type: "card", card: FRICTIONLESS },
      setupFutureUsage: "offSession",
      returnUrl: RETURN_URL,
    });
    assert.equal(auth.status, "charged", JSON.stringify(auth.error));
    assert.match(auth.mandateReference!, /^pm-/);
    const repeat = await exchange("repeatPayment", {
      merchantTransactionId: "order-xd-6",
      amount: { minorAmount: 1000000, currency: "IDR" },
      mandateReference: auth.mandateReference,
      idempotencyKey: "order-xd-6",
    });
    assert.equal(repeat.status, "charged", JSON.stringify(repeat.error));
    assert.equal(repeat.mandateReference, auth.mandateReference);
  });

  it("a virtual account (BNI): displayBankDetails, the transfer arrives, psync says charged", async () => {
    const auth = await exchange<any>("authorize", {
      merchantTransactionId: "order-xd-va-1",
      amount: { minorAmount: 1500000, currency: "IDR" },
      paymentMethod: { type: "bankTransfer", bankTransfer: { method: "virtualAccount", bank: "BNI" } },
      customer: { name: "Ahmad Gunawan" },
    });
    assert.equal(auth.status, "pending", JSON.stringify(auth.error));
    assert.equal(auth.nextAction.type, "displayBankDetails");
    assert.match(auth.nextAction.bankDetails.accountNumber, /^8808\d+$/);
    assert.equal(auth.nextAction.bankDetails.bankCode, "BNI");
    assert.equal(auth.nextAction.bankDetails.accountHolderName, "Ahmad Gunawan");
    assert.ok(auth.nextAction.expiresAt);
    const paid = await call(emu.baseUrls.xendit!, "POST", `/emulator/virtual_accounts/${auth.connectorTransactionId}/pay`);
    assert.equal(paid.status, 200);
    const synced = await exchange("psync", { connectorTransactionId: auth.connectorTransactionId });
    assert.equal(synced.status, "charged", JSON.stringify(synced.error));
    assert.deepEqual(synced.amountCaptured, { minorAmount: 1500000, currency: "IDR" });
  });

  it("setupMandate saves a card (3-D Secure, then psync of the pm- id) → repeatPayment → revokeMandate → charging it again is refused", async () => {
    const setup = await exchange<any>("setupMandate", {
      merchantTransactionId: "order-xd-sm-1",
      amount: { minorAmount: 0, currency: "IDR" },
      paymentMethod: { type: "card", card: CHALLENGE },
      returnUrl: RETURN_URL,
    });
    assert.equal(setup.status, "authentication_pending", JSON.stringify(setup.error));
    assert.match(setup.connectorTransactionId, /^pm-/);
    assert.equal(setup.mandateReference, undefined, "not chargeable before 3-D Secure");
    const page = await fetch(setup.redirection.url, { redirect: "manual" });
    assert.equal(page.status, 302);
    const active = await exchange("psync", { connectorTransactionId: setup.connectorTransactionId });
    assert.equal(active.status, "charged", JSON.stringify(active.error));
    assert.equal(active.mandateReference, setup.connectorTransactionId);
    const repeat = await exchange("repeatPayment", {
      merchantTransactionId: "order-xd-sm-2",
      amount: { minorAmount: 1000000, currency: "IDR" },
      mandateReference: active.mandateReference,
    });
    assert.equal(repeat.status, "charged", JSON.stringify(repeat.error));
    const revoked = await exchange<any>("revokeMandate", { mandateReference: active.mandateReference });
    assert.equal(revoked.status, "revoked", JSON.stringify(revoked.error));
    assert.equal(revoked.connectorStatus, "EXPIRED");
    const again = await exchange("repeatPayment", {
      merchantTransactionId: "order-xd-sm-3",
      amount: { minorAmount: 1000000, currency: "IDR" },
      mandateReference: active.mandateReference,
    });
    assert.equal(again.status, "failure");
    assert.equal(again.error?.connectorCode, "INVALID_PAYMENT_METHOD_STATUS");
    const twice = await exchange<any>("revokeMandate", { mandateReference: active.mandateReference });
    assert.equal(twice.status, "failure");
  });

  it("setupMandate with a frictionless card is ACTIVE at once", async () => {
    const setup = await exchange<any>("setupMandate", {
      merchantTransactionId: "order-xd-sm-4",
      amount: { minorAmount: 0, currency: "PHP" },
      paymentMethod: { type: "card", card: FRICTIONLESS },
      returnUrl: RETURN_URL,
    });
    assert.equal(setup.status, "charged", JSON.stringify(setup.error));
    assert.match(setup.mandateReference, /^pm-/);
  });

  it("online banking (FPX at Maybank2u): the bank's page, then charged, then refunded in part", async () => {
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-xd-fpx",
      amount: { minorAmount: 10050, currency: "MYR" },
      paymentMethod: { type: "bankRedirect", bankRedirect: { method: "onlineBankingFpx", issuer: "MAYB2U_FPX" } },
      returnUrl: RETURN_URL,
      idempotencyKey: "order-xd-fpx-authorize",
    });
    assert.equal(auth.status, "authentication_pending");
    assert.equal(auth.nextAction?.type, "redirect");
    const back = await fetch(auth.redirection!.url, { redirect: "manual" });
    assert.equal(back.status, 302);
    assert.ok(back.headers.get("location")!.startsWith(RETURN_URL), "the bank sends the shopper back to returnUrl");
    const synced = await exchange("psync", { connectorTransactionId: auth.connectorTransactionId });
    assert.equal(synced.status, "charged");
    assert.deepEqual(synced.amountCaptured, { minorAmount: 10050, currency: "MYR" });
    const refund = await exchange("refund", {
      connectorTransactionId: auth.connectorTransactionId,
      merchantRefundId: "order-xd-fpx-r1",
      refundAmount: { minorAmount: 5000, currency: "MYR" },
      paymentAmount: { minorAmount: 10050, currency: "MYR" },
    });
    assert.equal(refund.status, "success");
    assert.deepEqual(refund.refundAmount, { minorAmount: 5000, currency: "MYR" });
  });

  it("online banking at a channel of another currency is refused before any call", async () => {
    await assert.rejects(
      exchange("authorize", {
        merchantTransactionId: "order-xd-ktb",
        amount: { minorAmount: 10050, currency: "PHP" },
        paymentMethod: { type: "bankRedirect", bankRedirect: { method: "onlineBanking", issuer: "KTB_MB" } },
        returnUrl: RETURN_URL,
      }),
      /request\.amount\.currency|THB/,
    );
  });

  it("createSession: the Payment Session's hosted page, psync pending, the shopper pays, psync follows to the payment request → refund", async () => {
    const session = await exchange<SessionResult>("createSession", {
      merchantTransactionId: "order-xd-session",
      amount: { minorAmount: 1000000, currency: "PHP" },
      customer: { id: "cust-xd-1", name: "Lorem Ipsum", email: "lorem@example.ph" },
      paymentMethodTypes: ["card", "gcash", "onlineBanking"],
      returnUrl: RETURN_URL,
      idempotencyKey: "order-xd-session-create",
    });
    assert.equal(session.status, "success");
    assert.match(session.sessionId!, /^ps-[0-9a-f]{24}$/);
    assert.equal(session.connectorTransactionId, session.sessionId);
    assert.ok(session.redirection?.url, "the hosted page");
    const waiting = await exchange("psync", { connectorTransactionId: session.connectorTransactionId });
    assert.equal(waiting.status, "pending");
    assert.equal(waiting.redirection?.url, session.redirection!.url);
    const back = await fetch(session.redirection!.url, { redirect: "manual" });
    assert.equal(back.status, 302);
    const paid = await exchange("psync", { connectorTransactionId: session.connectorTransactionId });
    assert.equal(paid.status, "charged");
    assert.match(paid.connectorTransactionId!, /^pr-/);
    assert.deepEqual(paid.amountCaptured, { minorAmount: 1000000, currency: "PHP" });
    const again = await exchange("psync", { connectorTransactionId: paid.connectorTransactionId });
    assert.equal(again.status, "charged");
    const refund = await exchange("refund", {
      connectorTransactionId: paid.connectorTransactionId,
      merchantRefundId: "order-xd-session-r1",
      refundAmount: { minorAmount: 250000, currency: "PHP" },
    });
    assert.equal(refund.status, "success");
  });

  it("createSession with manual capture: the completed session's payment is authorized, then captured", async () => {
    const session = await exchange<SessionResult>("createSession", {
      merchantTransactionId: "order-xd-session-2",
      amount: { minorAmount: 15000000, currency: "IDR" },
      captureMethod: "manual",
      customer: { connectorCustomerId: "cust-e2878b4c-d57e-4a2c-922d-c0313c2800a3" },
      returnUrl: RETURN_URL,
    });
    assert.equal(session.status, "success");
    await fetch(session.redirection!.url, { redirect: "manual" });
    const paid = await exchange("psync", { connectorTransactionId: session.connectorTransactionId });
    assert.equal(paid.status, "authorized");
    const captured = await exchange("capture", {
      connectorTransactionId: paid.connectorTransactionId,
      amountToCapture: { minorAmount: 15000000, currency: "IDR" },
    });
    assert.equal(captured.status, "charged");
  });

  it("void is refused with Xendit's reason", async () => {
    await assert.rejects(exchange("void", { connectorTransactionId: "pr-1" }), /cancels an authorization/);
  });

  it("webhooks: verified by x-callback-token and read; another token is refused", async () => {
    await emu.webhooksDelivered();
    assert.ok(receiver.received.length >= 5, `${receiver.received.length} webhooks`);
    const kinds = new Set<string>();
    for (const hook of receiver.received) {
      const result = (await pool.call("parseWebhook", { connector: "xendit", headers: hook.headers, body: hook.body, secret: token })) as WebhookResult;
      assert.equal(result.verified, true, result.reason);
      const e = result.events[0]!;
      kinds.add(e.eventType);
      if (e.kind === "payment") assert.match(e.connectorTransactionId!, /^pr-/);
      if (e.kind === "refund") assert.equal(e.refundStatus, "success");
    }
    for (const k of ["payment.awaiting_capture", "payment.succeeded", "payment.failed", "refund.succeeded", "payment_session.completed"]) assert.ok(kinds.has(k), `no ${k}`);
    const hook = receiver.received[0]!;
    const forged = (await pool.call("parseWebhook", { connector: "xendit", headers: hook.headers, body: hook.body, secret: "another-token" })) as WebhookResult;
    assert.equal(forged.verified, false);
    assert.equal(forged.events.length, 0);
    assert.ok(!JSON.stringify(forged).includes(token), "the reason never quotes the token");
  });
});

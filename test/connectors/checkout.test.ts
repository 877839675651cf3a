// Checkout.com end to end: the emulator on its own (its shapes and rules), then the whole
// lifecycle through the real client pieces (SidecarPool + the fetch executor) against it:
// authorize → capture part → refund part, twice → refund status; void; 3-D Secure; a decline;
// setupMandate → repeatPayment; and the signed webhooks the emulator sends, read by parseWebhook.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { fetchExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type {
  HttpResponse,
  PaymentResult,
  RefundResult,
  TransformRequestParams,
  WebhookResult,
} from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";

const KEY = "sk_sbox_m73dzbpy7cf3gfd46xr4yj5xo4e";
const AUTH = { apiKey: KEY };
const VISA = "4242424242424242";
const CARD = { number: VISA, expMonth: "12", expYear: "2034", cvc: "100", holderName: "Jane Doe" };

async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: "manual",
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, any>) : undefined, location: res.headers.get("location") };
}

describe("checkout emulator", function () {
  let emu: Emulator;
  let base: string;
  before(async () => {
    emu = await startEmulator();
    base = emu.baseUrls.checkout;
  });
  after(() => emu.close());

  const payment = (extra: Record<string, unknown> = {}) => ({
    source: { type: "card", number: VISA, expiry_month: 12, expiry_year: 2034, cvv: "100" },
    amount: 1099,
    currency: "USD",
    reference: "order-1",
    capture: false,
    ...extra,
  });

  it("authorizes 4242 with a PaymentResponse", async () => {
    const r = await call(base, "POST", "/payments", payment());
    assert.equal(r.status, 201);
    assert.match(r.json!["id"], /^pay_\w{26}$/);
    assert.match(r.json!["action_id"], /^act_\w{26}$/);
    assert.equal(r.json!["status"], "Authorized");
    assert.equal(r.json!["approved"], true);
    assert.equal(r.json!["response_code"], "10000");
    assert.match(r.json!["source"]["id"], /^src_\w{26}$/);
    assert.equal(r.json!["balances"]["available_to_capture"], 1099);
  });

  it("declines Checkout.com's test cards with their response codes", async () => {
    for (const [number, code] of [
      ["4544249167673670", "20051"],
      ["4724117215951699", "20054"],
      ["4485381577182090", "20014"],
    ] as const) {
      const r = await call(base, "POST", "/payments", payment({ source: { type: "card", number, expiry_month: 12, expiry_year: 2034 } }));
      assert.equal(r.status, 201);
      assert.equal(r.json!["status"], "Declined");
      assert.equal(r.json!["approved"], false);
      assert.equal(r.json!["response_code"], code);
    }
  });

  it("answers 422 with error_codes, and 401 without a body", async () => {
    const bad = await call(base, "POST", "/payments", payment({ source: { type: "card", number: "4242424242424241", expiry_month: 12, expiry_year: 2034 } }));
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.json!["error_codes"], ["card_number_invalid"]);
    assert.equal(bad.json!["error_type"], "request_invalid");
    const kwd = await call(base, "POST", "/payments", payment({ currency: "KWD", amount: 1001 }));
    assert.deepEqual(kwd.json!["error_codes"], ["amount_invalid"]);
    const unauthorized = await call(base, "POST", "/payments", payment(), { Authorization: "sk_test_0b9b5db6-f223-49d0-b68f-f6643dd4f808" });
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.text, "");
  });

  it("replays an idempotent request with the first answer", async () => {
    const headers = { "Cko-Idempotency-Key": "emu-idem-1" };
    const first = await call(base, "POST", "/payments", payment(), headers);
    const again = await call(base, "POST", "/payments", payment(), headers);
    assert.equal(again.status, first.status);
    assert.equal(again.text, first.text);
    const other = await call(base, "POST", "/payments", payment(), { "Cko-Idempotency-Key": "emu-idem-2" });
    assert.notEqual(other.json!["id"], first.json!["id"]);
  });

  it("refuses captures, voids and refunds the balances do not allow", async () => {
    const p = (await call(base, "POST", "/payments", payment())).json!;
    const over = await call(base, "POST", `/payments/${p["id"]}/captures`, { amount: 2000 });
    assert.deepEqual(over.json!["error_codes"], ["capture_value_greater_than_remaining_authorized"]);
    assert.equal((await call(base, "POST", `/payments/${p["id"]}/refunds`, { amount: 100 })).status, 403);
    assert.equal((await call(base, "POST", `/payments/${p["id"]}/captures`, { amount: 1099 })).status, 202);
    assert.equal((await call(base, "POST", `/payments/${p["id"]}/voids`, {})).status, 403);
    const tooMuch = await call(base, "POST", `/payments/${p["id"]}/refunds`, { amount: 1100 });
    assert.deepEqual(tooMuch.json!["error_codes"], ["refund_amount_exceeds_balance"]);
    assert.equal((await call(base, "GET", "/payments/pay_nope")).status, 404);
  });

  it("sends the shopper through 3-D Secure and back with cko-session-id", async () => {
    const p = await call(base, "POST", "/payments", payment({ "3ds": { enabled: true }, success_url: "https://shop.example/ok", failure_url: "https://shop.example/ko" }));
    assert.equal(p.status, 202);
    assert.equal(p.json!["status"], "Pending");
    const redirect = await fetch(p.json!["_links"]["redirect"]["href"], { redirect: "manual" });
    const location = new URL(redirect.headers.get("location")!);
    assert.equal(redirect.status, 302);
    assert.equal(location.origin + location.pathname, "https://shop.example/ok");
    const sid = location.searchParams.get("cko-session-id")!;
    const bySession = await call(base, "GET", `/payments/${sid}`);
    assert.equal(bySession.json!["id"], p.json!["id"]);
    assert.equal(bySession.json!["status"], "Authorized");
  });
});

// ---------------------------------------------------------------------------------------------

describe("checkout lifecycle through the client", function () {
  this.timeout(30_000);
  let emu: Emulator;
  let pool: SidecarPool;
  const options = () => ({ baseUrl: emu.baseUrls.checkout });

  before(async () => {
    emu = await startEmulator();
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
  });

  /** transformRequest → fetch → transformResponse, as an app would. */
  async function exchange(flow: string, request: Record<string, unknown>): Promise<PaymentResult & RefundResult> {
    const params = { connector: "checkout", flow, auth: AUTH, request, options: options() } as unknown as TransformRequestParams;
    const http = await pool.transformRequest(params);
    assert.ok(http.url.startsWith(emu.baseUrls.checkout), http.url);
    const response: HttpResponse = await fetchExecutor(http, { signal: AbortSignal.timeout(10_000) });
    return (await pool.transformResponse({ ...params, response } as never)) as PaymentResult & RefundResult;
  }

  it("authorize → capture part → refund part, twice → refund status", async () => {
    const amount = { minorAmount: 1099, currency: "USD" };
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-life-1",
      amount,
      paymentMethod: { type: "card", card: CARD },
      captureMethod: "manual",
      idempotencyKey: "order-life-1",
    });
    assert.equal(auth.status, "authorized");
    const id = auth.connectorTransactionId!;
    assert.match(id, /^pay_/);

    const synced = await exchange("psync", { connectorTransactionId: id, state: auth.state });
    assert.equal(synced.status, "authorized");

    const capture = await exchange("capture", {
      connectorTransactionId: id,
      amountToCapture: { minorAmount: 600, currency: "USD" },
      paymentAmount: amount,
      idempotencyKey: "order-life-1-capture",
    });
    assert.equal(capture.status, "capture_initiated");
    const afterCapture = await exchange("psync", { connectorTransactionId: id, state: auth.state });
    assert.equal(afterCapture.status, "partial_charged");
    assert.deepEqual(afterCapture.amountCaptured, { minorAmount: 600, currency: "USD" });

    for (const [n, minor] of [
      [1, 300],
      [2, 200],
    ] as const) {
      const refund = await exchange("refund", {
        connectorTransactionId: id,
        merchantRefundId: `order-life-1-refund-${n}`,
        refundAmount: { minorAmount: minor, currency: "USD" },
        idempotencyKey: `order-life-1-refund-${n}`,
      });
      assert.equal(refund.status, "pending");
      assert.match(refund.connectorRefundId!, /^act_/);
      const status = await exchange("rsync", {
        connectorTransactionId: id,
        connectorRefundId: refund.connectorRefundId,
        refundAmount: { minorAmount: minor, currency: "USD" },
      });
      assert.equal(status.status, "success");
      assert.deepEqual(status.refundAmount, { minorAmount: minor, currency: "USD" });
    }
    // 600 captured, 500 refunded: 101 more is refused by Checkout.com.
    const over = await exchange("refund", {
      connectorTransactionId: id,
      merchantRefundId: "order-life-1-refund-3",
      refundAmount: { minorAmount: 101, currency: "USD" },
    });
    assert.equal(over.status, "failure");
    assert.equal(over.error?.code, "invalid_amount");
    assert.equal(over.error?.connectorCode, "refund_amount_exceeds_balance");
  });

  it("void", async () => {
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-life-2",
      amount: { minorAmount: 5000, currency: "JPY" },
      paymentMethod: { type: "token", token: { value: "tok_ubfj2q76miwundwlk72vxt2i7q" } },
      captureMethod: "manual",
    });
    assert.equal(auth.status, "authorized");
    const voided = await exchange("void", { connectorTransactionId: auth.connectorTransactionId, merchantTransactionId: "order-life-2" });
    assert.equal(voided.status, "void_initiated");
    const synced = await exchange("psync", { connectorTransactionId: auth.connectorTransactionId });
    assert.equal(synced.status, "voided");
    const again = await exchange("void", { connectorTransactionId: auth.connectorTransactionId });
    assert.equal(again.status, "void_failed");
    assert.equal(again.error?.code, "transaction_not_allowed");
  });

  it("automatic capture: capture_initiated, then charged", async () => {
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-life-3",
      amount: { minorAmount: 5000, currency: "CLP" },
      paymentMethod: { type: "card", card: CARD },
    });
    assert.equal(auth.status, "capture_initiated");
    const synced = await exchange("psync", { connectorTransactionId: auth.connectorTransactionId, state: auth.state });
    assert.equal(synced.status, "charged");
    // 5000 pesos went as 500000 and came back as 5000.
    assert.deepEqual(synced.amountCaptured, { minorAmount: 5000, currency: "CLP" });
  });

  it("3-D Secure: redirect, the shopper comes back, psync", async () => {
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-life-4",
      amount: { minorAmount: 1099, currency: "EUR" },
      paymentMethod: { type: "card", card: CARD },
      captureMethod: "manual",
      returnUrl: "https://shop.example/return",
      threeDs: { mode: "challenge" },
    });
    assert.equal(auth.status, "authentication_pending");
    assert.equal(auth.redirection?.method, "GET");
    const page = await fetch(auth.redirection!.url, { redirect: "manual" });
    assert.match(page.headers.get("location")!, /^https:\/\/shop\.example\/return\?cko-session-id=sid_/);
    const synced = await exchange("psync", { connectorTransactionId: auth.connectorTransactionId, state: auth.state });
    assert.equal(synced.status, "authorized");

    const failing = await exchange("authorize", {
      merchantTransactionId: "order-life-5",
      amount: { minorAmount: 1099, currency: "EUR" },
      paymentMethod: { type: "card", card: CARD },
      returnUrl: "https://shop.example/return",
      threeDs: { mode: "challenge" },
    });
    await fetch(`${failing.redirection!.url}?outcome=failure`, { redirect: "manual" });
    const failed = await exchange("psync", { connectorTransactionId: failing.connectorTransactionId });
    // GET /payments/{id} has no response_code (PaymentDetails): a plain decline. The reason
    // (20151) comes with the payment_authentication_failed webhook and in the actions.
    assert.equal(failed.status, "failure");
    assert.equal(failed.error?.code, "card_declined");
  });

  it("a decline is data with its code and decline type", async () => {
    const r = await exchange("authorize", {
      merchantTransactionId: "order-life-6",
      amount: { minorAmount: 1099, currency: "USD" },
      paymentMethod: { type: "card", card: { ...CARD, number: "4544249167673670" } },
    });
    assert.equal(r.status, "failure");
    assert.deepEqual(
      { code: r.error?.code, connectorCode: r.error?.connectorCode, declineType: r.error?.declineType },
      { code: "insufficient_funds", connectorCode: "20051", declineType: "soft" },
    );
  });

  it("setupMandate (zero-value check) → repeatPayment", async () => {
    const mandate = await exchange("setupMandate", {
      merchantTransactionId: "mandate-life-1",
      amount: { minorAmount: 0, currency: "EUR" },
      paymentMethod: { type: "card", card: CARD },
      idempotencyKey: "mandate-life-1-setup",
    });
    assert.equal(mandate.status, "charged");
    assert.equal(mandate.connectorStatus, "Card Verified");
    assert.match(mandate.mandateReference!, /^src_/);
    assert.match(mandate.networkTransactionId!, /^\d{15}$/);
    const repeat = await exchange("repeatPayment", {
      merchantTransactionId: "repeat-life-1",
      amount: { minorAmount: 2500, currency: "EUR" },
      mandateReference: mandate.mandateReference,
      networkTransactionId: mandate.networkTransactionId,
      idempotencyKey: "repeat-life-1",
    });
    assert.equal(repeat.status, "capture_initiated");
    const synced = await exchange("psync", { connectorTransactionId: repeat.connectorTransactionId, state: repeat.state });
    assert.equal(synced.status, "charged");
  });

  it("lists Checkout.com completely", async () => {
    const info = (await pool.listConnectors()).find((c) => c.name === "checkout")!;
    assert.equal(info.displayName, "Checkout.com");
    assert.deepEqual(info.flows, [
      "authorize", "psync", "capture", "void", "refund", "rsync", "setupMandate", "repeatPayment", "createSession", "incrementalAuthorization", "revokeMandate",
      "reverse", "acceptDispute", "uploadDisputeFile", "submitDisputeEvidence", "defendDispute", "dsync",
    ]);
    assert.deepEqual(info.unsupportedFlows.map((u) => u.flow), ["createAccessToken", "createCustomer", "completeAuthorize"]);
    assert.ok(info.unsupportedFlows.every((u) => u.reason.length > 20));
    assert.equal(info.webhooks, true);
    assert.deepEqual(info.paymentMethods.map((m) => m.type), ["card", "token", "networkToken", "applePay", "googlePay", "bankRedirect", "bankDebit", "walletRedirect", "paypal"]);
    // PayPal pays only: Checkout.com saves it under a billing agreement this version does not make.
    assert.deepEqual(info.paymentMethods.find((m) => m.type === "paypal")?.flows, ["authorize"]);
    assert.deepEqual(
      info.unsupportedPaymentMethods.map((m) => m.type),
      ["bnpl", "voucher", "upiCollect", "upiIntent", "mobileMoney", "bankTransfer"],
    );
    assert.deepEqual(
      info.authFields.map((f) => [f.name, f.required]),
      [
        ["apiKey", true],
        ["subdomain", false],
        ["processingChannelId", false],
        ["billingDescriptorCity", false],
      ],
    );
    assert.ok(info.authFields.every((f) => f.description.length > 10));
    assert.deepEqual(info.environments, { sandbox: "https://api.sandbox.checkout.com", production: "https://api.checkout.com" });
  });
});

// ---------------------------------------------------------------------------------------------

describe("checkout webhooks from the emulator, read by parseWebhook", function () {
  this.timeout(30_000);
  const SECRET = "whsk_emulator_checkout_signature_key";
  let pool: SidecarPool;
  let receiver: Server;
  let received: { headers: IncomingHttpHeaders; body: string }[];
  let emu: Emulator;

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    received = [];
    receiver = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => (body += c));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((ok) => receiver.listen(0, "127.0.0.1", ok));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/checkout`;
    emu = await startEmulator({ webhooks: { url, secrets: { checkout: SECRET } } });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
    await new Promise<void>((ok) => receiver.close(() => ok()));
  });

  it("signs every notification; parseWebhook verifies it and reads the lifecycle", async () => {
    const base = emu.baseUrls.checkout;
    const created = await call(base, "POST", "/payments", {
      source: { type: "card", number: VISA, expiry_month: 12, expiry_year: 2034 },
      amount: 1000,
      currency: "GBP",
      reference: "order-hook-1",
      capture: false,
    });
    const id = created.json!["id"] as string;
    await call(base, "POST", `/payments/${id}/captures`, { amount: 1000 });
    await call(base, "POST", `/payments/${id}/refunds`, { amount: 400, reference: "rf-hook-1" });
    await emu.webhooksDelivered();
    assert.equal(received.length, 3);

    const results: WebhookResult[] = [];
    for (const hook of received) {
      // What the emulator signs is the raw body, hex HMAC-SHA256 (checked with node:crypto).
      assert.equal(hook.headers["cko-signature"], createHmac("sha256", SECRET).update(hook.body).digest("hex"));
      const headers = Object.entries(hook.headers).map(([name, value]) => ({ name, value: String(value) }));
      results.push((await pool.call("parseWebhook", { connector: "checkout", headers, body: hook.body, secret: SECRET })) as WebhookResult);
    }
    assert.ok(results.every((r) => r.verified && r.acknowledgement.status === 200));
    const events = results.map((r) => r.events[0]!);
    assert.deepEqual(
      events.map((e) => [e.eventType, e.paymentStatus ?? e.refundStatus]),
      [
        ["payment_approved", "authorized"],
        ["payment_captured", "charged"],
        ["payment_refunded", "success"],
      ],
    );
    assert.equal(events[0]!.merchantTransactionId, "order-hook-1");
    assert.equal(events[0]!.connectorTransactionId, id);
    assert.equal(events[2]!.merchantRefundId, "rf-hook-1");
    assert.deepEqual(events[2]!.amount, { minorAmount: 400, currency: "GBP" });
    assert.match(events[2]!.connectorRefundId!, /^act_/);

    // The same body with another key's signature is refused.
    const forged = received[0]!;
    const wrong = (await pool.call("parseWebhook", {
      connector: "checkout",
      headers: [{ name: "Cko-Signature", value: createHmac("sha256", "not-the-key").update(forged.body).digest("hex") }],
      body: forged.body,
      secret: SECRET,
    })) as WebhookResult;
    assert.equal(wrong.verified, false);
    assert.deepEqual(wrong.events, []);
  });
});

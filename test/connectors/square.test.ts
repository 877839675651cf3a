// Square through the real client: SidecarPool (zod validation on) turns unified requests into
// HTTP, Node's fetch sends them to the loopback emulator (emulator/connectors/square/), and the pool
// reads the answers. Covers the whole lifecycle (authorize → capture → partial refunds → refund
// status; void; declines; idempotent retries; customer → card on file → repeat payment), signed
// webhooks, listConnectors, and the emulator's own Square-shaped behaviour.
import assert from "node:assert/strict";

import { SidecarError } from "../../client/errors.js";
import { fetchExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type { CustomerResult, HttpRequest, PaymentResult, RefundResult, TransformRequestParams } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";

const AUTH = { accessToken: "EAAAl_emulator_token_for_tests" };
const NONCE = "cnon:card-nonce-ok";
const SIGNATURE_KEY = "emulator_signature_key_Xq9";
const NOTIFICATION_URL = "https://shop.example/webhooks/square";

type Flow = TransformRequestParams["flow"];
type AnyResult = PaymentResult & RefundResult & CustomerResult;

describe("square through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;
  const logs: string[] = [];
  let seq = 0;
  const unique = (p: string) => `${p}-${process.pid}-${++seq}`;

  before(async () => {
    emu = await startEmulator({ log: (l) => logs.push(l) });
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
  });

  async function request(flow: Flow, req: unknown, auth: Record<string, string> = AUTH): Promise<HttpRequest> {
    return pool.transformRequest({ connector: "square", flow, auth, request: req, options: { baseUrl: emu.baseUrls.square } } as TransformRequestParams);
  }

  /** transformRequest → fetch → transformResponse, as an application would. */
  async function run(flow: Flow, req: unknown, auth: Record<string, string> = AUTH): Promise<AnyResult> {
    const params = { connector: "square", flow, auth, request: req, options: { baseUrl: emu.baseUrls.square } };
    const http = await pool.transformRequest(params as TransformRequestParams);
    const response = await fetchExecutor(http, { signal: AbortSignal.timeout(5000) });
    return (await pool.transformResponse({ ...params, response } as never)) as AnyResult;
  }

  function authorize(extra: Record<string, unknown> = {}) {
    return {
      merchantTransactionId: unique("order"),
      amount: { minorAmount: 1000, currency: "USD" },
      paymentMethod: { type: "token", token: { value: NONCE } },
      idempotencyKey: unique("idem"),
      ...extra,
    };
  }

  it("lists Square with its flows, the flows it cannot do and why, auth fields and environments", async () => {
    const square = (await pool.listConnectors()).find((c) => c.name === "square");
    assert.ok(square, "square is listed");
    assert.equal(square.displayName, "Square");
    assert.deepEqual(square.flows, ["authorize", "psync", "capture", "void", "refund", "rsync", "setupMandate", "repeatPayment", "createCustomer", "incrementalAuthorization", "revokeMandate", "acceptDispute", "uploadDisputeFile", "submitDisputeEvidence", "defendDispute", "dsync"]);
    assert.deepEqual(square.unsupportedFlows.map((u) => u.flow).sort(), ["completeAuthorize", "createAccessToken", "createSession", "reverse"]);
    for (const u of square.unsupportedFlows) assert.ok(u.reason.length > 40, `${u.flow}: a reason`);
    assert.equal(square.webhooks, true);
    assert.deepEqual(square.paymentMethods.map((m) => m.type), ["token"]);
    assert.deepEqual(
      square.unsupportedPaymentMethods.map((u) => u.type).sort(),
      ["applePay", "bankDebit", "bankRedirect", "bankTransfer", "bnpl", "card", "googlePay", "mobileMoney", "networkToken", "paypal", "upiCollect", "upiIntent", "voucher", "walletRedirect"],
      "every other type is declared unsupported, with a reason",
    );
    assert.deepEqual(square.authFields.map((f) => [f.name, f.required]), [["accessToken", true], ["locationId", false]]);
    for (const f of square.authFields) assert.ok(f.description.length > 20);
    assert.deepEqual(square.environments, { sandbox: "https://connect.squareupsandbox.com", production: "https://connect.squareup.com" });
  });

  it("authorize (manual) → psync → capture → two partial refunds → refund status → over-refund refused", async () => {
    const auth = await run("authorize", authorize({ captureMethod: "manual" }));
    assert.equal(auth.status, "authorized");
    assert.equal(auth.connectorStatus, "APPROVED");
    const id = auth.connectorTransactionId!;
    assert.match(id, /^[A-Za-z0-9]+$/);

    assert.equal((await run("psync", { connectorTransactionId: id })).status, "authorized");

    const amount = { minorAmount: 1000, currency: "USD" };
    const captured = await run("capture", { connectorTransactionId: id, amountToCapture: amount, paymentAmount: amount });
    assert.equal(captured.status, "charged");
    assert.deepEqual(captured.amountCaptured, amount);
    // A retried capture (the first answer lost) is read as done, not as a failure.
    const again = await run("capture", { connectorTransactionId: id, amountToCapture: amount, paymentAmount: amount });
    assert.equal(again.status, "charged");

    const first = await run("refund", {
      connectorTransactionId: id,
      merchantRefundId: unique("rf"),
      refundAmount: { minorAmount: 300, currency: "USD" },
      reason: "one item returned",
      idempotencyKey: unique("idem-rf"),
    });
    assert.equal(first.status, "pending");
    assert.deepEqual(first.refundAmount, { minorAmount: 300, currency: "USD" });
    const second = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 200, currency: "USD" } });
    assert.equal(second.status, "pending");
    assert.notEqual(second.connectorRefundId, first.connectorRefundId);

    const status = await run("rsync", { connectorTransactionId: id, connectorRefundId: first.connectorRefundId! });
    assert.equal(status.status, "success");
    assert.equal(status.connectorRefundId, first.connectorRefundId);

    const tooMuch = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 501, currency: "USD" } });
    assert.equal(tooMuch.status, "failure");
    assert.equal(tooMuch.error?.code, "invalid_amount");
    assert.equal(tooMuch.error?.connectorCode, "REFUND_AMOUNT_INVALID");

    const after = await run("psync", { connectorTransactionId: id });
    assert.equal(after.status, "charged");
  });

  it("issue 12: authorize (manual) → incrementalAuthorization (UpdatePayment) → capture the new total; a completed payment cannot be raised", async () => {
    const auth = await run("authorize", authorize({ captureMethod: "manual" }));
    assert.equal(auth.status, "authorized");
    const id = auth.connectorTransactionId!;
    const key = unique("idem-inc");
    const inc = { connectorTransactionId: id, additionalAmount: { minorAmount: 250, currency: "USD" }, paymentAmount: { minorAmount: 1000, currency: "USD" }, idempotencyKey: key };
    const http = await request("incrementalAuthorization", inc);
    assert.equal(http.method, "PUT");
    assert.equal(http.url, `${emu.baseUrls.square}/v2/payments/${id}`);
    assert.deepEqual(JSON.parse(http.body!.data), { idempotency_key: key, payment: { amount_money: { amount: 1250, currency: "USD" } } });

    const raised = await run("incrementalAuthorization", inc);
    assert.equal(raised.status, "authorized");
    assert.equal(raised.connectorStatus, "APPROVED");
    assert.equal(raised.connectorTransactionId, id);
    assert.deepEqual(raised.authorizedAmount, { minorAmount: 1250, currency: "USD" });
    // The same key again (the first answer lost) is the same update, not a second one.
    const retried = await run("incrementalAuthorization", inc);
    assert.deepEqual(retried.authorizedAmount, { minorAmount: 1250, currency: "USD" });

    const synced = await run("psync", { connectorTransactionId: id });
    assert.equal(synced.status, "authorized");

    // The old amount is no longer the whole authorization: a capture of it is refused before sending.
    await assert.rejects(
      run("capture", { connectorTransactionId: id, amountToCapture: { minorAmount: 1000, currency: "USD" }, paymentAmount: { minorAmount: 1250, currency: "USD" } }),
      (e: unknown) => e instanceof SidecarError && e.data?.field === "request.amountToCapture.minorAmount",
    );
    const total = { minorAmount: 1250, currency: "USD" };
    const captured = await run("capture", { connectorTransactionId: id, amountToCapture: total, paymentAmount: total });
    assert.equal(captured.status, "charged");
    assert.deepEqual(captured.amountCaptured, total);

    // A COMPLETED payment cannot be updated: the increment is a failure with Square's error.
    const late = await run("incrementalAuthorization", { ...inc, paymentAmount: total, idempotencyKey: unique("idem-inc") });
    assert.equal(late.status, "failure");
    assert.ok(late.error?.message.includes("update"), late.error?.message);
    // All 1250 was captured, so all 1250 can be refunded.
    const refund = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 1250, currency: "USD" } });
    assert.equal(refund.status, "pending");

    // Missing paymentAmount: refused before anything is sent, naming the field.
    await assert.rejects(
      request("incrementalAuthorization", { connectorTransactionId: id, additionalAmount: { minorAmount: 1, currency: "USD" }, idempotencyKey: unique("k") }),
      (e: unknown) => e instanceof SidecarError && e.code === 1004 && e.data?.field === "request.paymentAmount",
    );
  });

  it("issue 10: skip and a subscription repeatPayment go through unchanged; an external 3-D Secure result, a challenge and Apple Pay are refused with Square's reasons", async () => {
    const paid = await run("authorize", authorize({ threeDs: { mode: "skip" } }));
    assert.equal(paid.status, "charged", JSON.stringify(paid.error));
    for (const [threeDs, field] of [[{ external: { version: "2.2.0", cavv: "AAIBBYNoEwAAACcKhAJkdQAAAAA=", eci: "05" } }, "request.threeDs.external"], [{ mode: "challenge" }, "request.threeDs.mode"]] as const) {
      await assert.rejects(run("authorize", authorize({ threeDs })), (e: unknown) => e instanceof SidecarError && e.data?.field === field && e.message.includes("verifyBuyer") && !e.message.includes("AAIBBYNo"));
    }
    await assert.rejects(
      run("authorize", authorize({ paymentMethod: { type: "applePay", applePay: { paymentData: "eyJ2ZXJzaW9uIjoiRUNfdjEifQ==" } } })),
      (e: unknown) => e instanceof SidecarError && e.code === 1003 && e.message.includes("Web Payments SDK"),
    );
  });

  it("a refund retried with the same merchantRefundId is the same refund", async () => {
    const paid = await run("authorize", authorize());
    assert.equal(paid.status, "charged");
    const refund = { connectorTransactionId: paid.connectorTransactionId!, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 400, currency: "USD" } };
    const a = await run("refund", refund);
    const b = await run("refund", refund);
    assert.equal(a.connectorRefundId, b.connectorRefundId, "no second refund");
  });

  it("partial capture is refused before anything is sent", async () => {
    const auth = await run("authorize", authorize({ captureMethod: "manual" }));
    await assert.rejects(
      request("capture", {
        connectorTransactionId: auth.connectorTransactionId!,
        amountToCapture: { minorAmount: 600, currency: "USD" },
        paymentAmount: { minorAmount: 1000, currency: "USD" },
      }),
      (e: SidecarError) => e.code === 1005 && e.data.field === "request.amountToCapture.minorAmount",
    );
    // Still authorized: nothing was captured.
    assert.equal((await run("psync", { connectorTransactionId: auth.connectorTransactionId! })).status, "authorized");
  });

  it("authorize → void → void again → capture after void", async () => {
    const auth = await run("authorize", authorize({ captureMethod: "manual" }));
    const id = auth.connectorTransactionId!;
    assert.equal((await run("void", { connectorTransactionId: id })).status, "voided");
    assert.equal((await run("void", { connectorTransactionId: id })).status, "voided", "a retried void is done");
    const amount = { minorAmount: 1000, currency: "USD" };
    const capture = await run("capture", { connectorTransactionId: id, amountToCapture: amount, paymentAmount: amount });
    assert.equal(capture.status, "capture_failed");
    assert.equal(capture.error?.connectorCode, "DELAYED_TRANSACTION_CANCELED");
    assert.equal((await run("psync", { connectorTransactionId: id })).status, "voided");
  });

  it("idempotency: the same key replays the payment; the same key with another amount is refused", async () => {
    const req = authorize();
    const a = await run("authorize", req);
    const b = await run("authorize", req);
    assert.equal(a.status, "charged");
    assert.equal(b.connectorTransactionId, a.connectorTransactionId, "a retry must not charge twice");
    const changed = await run("authorize", { ...req, amount: { minorAmount: 2000, currency: "USD" } });
    assert.equal(changed.status, "failure");
    assert.equal(changed.error?.code, "duplicate_transaction");
    // A caller key over Square's 45 bytes still replays (the derived key is stable).
    const long = authorize({ idempotencyKey: `${"x".repeat(60)}-${unique("k")}` });
    const l1 = await run("authorize", long);
    const l2 = await run("authorize", long);
    assert.equal(l1.status, "charged");
    assert.equal(l2.connectorTransactionId, l1.connectorTransactionId);
  });

  it("declines carry Square's code, the unified code and soft/hard; the failed payment reads back as failure", async () => {
    for (const [token, code, unified, declineType] of [
      ["cnon:card-nonce-rejected-cvv", "CVV_FAILURE", "incorrect_cvc", "soft"],
      ["cnon:card-nonce-declined", "CARD_DECLINED", "card_declined", "soft"],
      ["cnon:card-nonce-rejected-expiration", "INVALID_EXPIRATION", "invalid_expiry_date", "soft"],
      ["cnon:card-nonce-rejected-postalcode", "ADDRESS_VERIFICATION_FAILURE", "card_declined", "soft"],
      ["cnon:card-nonce-insufficient-funds", "INSUFFICIENT_FUNDS", "insufficient_funds", "soft"],
    ] as const) {
      const r = await run("authorize", authorize({ paymentMethod: { type: "token", token: { value: token } } }));
      assert.equal(r.status, "failure", token);
      assert.equal(r.error?.connectorCode, code, token);
      assert.equal(r.error?.code, unified, token);
      assert.equal(r.error?.declineType, declineType, token);
      assert.ok(r.connectorTransactionId, `${token}: the FAILED payment's id`);
      const read = await run("psync", { connectorTransactionId: r.connectorTransactionId! });
      assert.equal(read.status, "failure", token);
      assert.equal(read.error?.connectorCode, code, token);
    }
  });

  it("a bad access token is a failure with invalid_credentials, and never echoed", async () => {
    const r = await run("authorize", authorize(), { accessToken: "not-a-square-token-123" });
    assert.equal(r.status, "failure");
    assert.equal(r.error?.code, "invalid_credentials");
    assert.ok(!JSON.stringify(r).includes("not-a-square-token-123"));
  });

  it("customer → card on file (setupMandate) → repeatPayment, and a repeat payment needs the customer", async () => {
    const customer = await run("createCustomer", { customer: { id: unique("shopper"), name: "Amelia Earhart", email: "amelia@example.com" }, idempotencyKey: unique("op") });
    assert.equal(customer.status, "success");
    const customerId = customer.connectorCustomerId!;
    const mandate = await run("setupMandate", {
      merchantTransactionId: unique("save"),
      amount: { minorAmount: 100, currency: "USD" },
      paymentMethod: { type: "token", token: { value: NONCE } },
      customer: { connectorCustomerId: customerId },
      idempotencyKey: unique("op"),
    });
    assert.equal(mandate.status, "charged");
    assert.match(mandate.mandateReference!, /^ccof:/);
    assert.equal(mandate.connectorCustomerId, customerId);

    const repeat = await run("repeatPayment", {
      merchantTransactionId: unique("sub"),
      amount: { minorAmount: 1500, currency: "USD" },
      mandateReference: mandate.mandateReference!,
      customer: { connectorCustomerId: mandate.connectorCustomerId! },
      idempotencyKey: unique("sub"),
    });
    assert.equal(repeat.status, "charged");
    assert.deepEqual(repeat.amountCaptured, { minorAmount: 1500, currency: "USD" });
    assert.equal(repeat.connectorCustomerId, customerId);

    // Another customer's card: Square refuses.
    const other = await run("createCustomer", { customer: { name: "Someone Else" } });
    const wrong = await run("repeatPayment", {
      merchantTransactionId: unique("sub"),
      amount: { minorAmount: 1500, currency: "USD" },
      mandateReference: mandate.mandateReference!,
      customer: { connectorCustomerId: other.connectorCustomerId! },
      idempotencyKey: unique("sub"),
    });
    assert.equal(wrong.status, "failure");
    await assert.rejects(
      request("repeatPayment", { merchantTransactionId: "x", amount: { minorAmount: 1, currency: "USD" }, mandateReference: mandate.mandateReference!, idempotencyKey: "k" }),
      (e: SidecarError) => e.code === 1004 && e.data.field === "request.customer.connectorCustomerId",
    );
  });

  it("a card is refused by the sidecar; the card number never reaches the emulator or an error", async () => {
    const before = logs.length;
    await assert.rejects(
      request("authorize", authorize({ paymentMethod: { type: "card", card: { number: "4111111111111111", expMonth: "12", expYear: "2030", cvc: "111" } } })),
      (e: SidecarError) => e.code === 1003 && !e.message.includes("4111111111111111") && !JSON.stringify(e.data).includes("4111111111111111"),
    );
    assert.equal(logs.length, before, "nothing was sent");
  });

  it("webhooks: the emulator's signed payment.updated and refund.updated are verified and read; another URL is not", async () => {
    const paid = await run("authorize", authorize());
    const id = paid.connectorTransactionId!;
    const refund = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 250, currency: "USD" } });
    const notify = async (type: string, objectId: string) => {
      const res = await fetch(`${emu.baseUrls.square}/_emulator/notify`, {
        method: "POST",
        body: JSON.stringify({ type, id: objectId, url: NOTIFICATION_URL, signatureKey: SIGNATURE_KEY }),
      });
      assert.equal(res.status, 200);
      return (await res.json()) as { headers: Record<string, string>; body: string };
    };
    const parse = (n: { headers: Record<string, string>; body: string }, url = NOTIFICATION_URL) =>
      pool.call("parseWebhook", {
        connector: "square",
        headers: Object.entries(n.headers).map(([name, value]) => ({ name, value })),
        body: n.body,
        secret: SIGNATURE_KEY,
        url,
      });

    const payment = await parse(await notify("payment.updated", id));
    assert.equal(payment.verified, true, payment.reason);
    assert.equal(payment.acknowledgement.status, 200);
    assert.equal(payment.events.length, 1);
    const pe = payment.events[0]!;
    assert.equal(pe.kind, "payment");
    assert.equal(pe.paymentStatus, "charged");
    assert.equal(pe.connectorTransactionId, id);
    assert.ok(pe.connectorEventId);

    const refunded = await parse(await notify("refund.updated", refund.connectorRefundId!));
    assert.equal(refunded.verified, true);
    const re = refunded.events[0]!;
    assert.equal(re.kind, "refund");
    assert.equal(re.connectorRefundId, refund.connectorRefundId);
    assert.equal(re.connectorTransactionId, id);
    assert.deepEqual(re.amount, { minorAmount: 250, currency: "USD" });

    const elsewhere = await parse(await notify("payment.updated", id), "https://shop.example/webhooks/other");
    assert.equal(elsewhere.verified, false);
    assert.deepEqual(elsewhere.events, []);
    assert.ok(!String(elsewhere.reason).includes(SIGNATURE_KEY));
  });

  it("JPY and GBP locations: amounts in ISO minor units both ways; a currency Square cannot take is refused", async () => {
    const jpy = await run("authorize", authorize({ amount: { minorAmount: 1500, currency: "JPY" } }), { ...AUTH, locationId: "LTOKYOEMULATOR" });
    assert.equal(jpy.status, "charged");
    assert.deepEqual(jpy.amountCaptured, { minorAmount: 1500, currency: "JPY" });
    const gbp = await run("authorize", authorize({ amount: { minorAmount: 1999, currency: "GBP" } }), { ...AUTH, locationId: "LLONDONEMULATOR" });
    assert.deepEqual(gbp.amountCaptured, { minorAmount: 1999, currency: "GBP" });
    // The seller's location takes USD only: Square's own refusal, read as a failure.
    const mismatch = await run("authorize", authorize({ amount: { minorAmount: 1999, currency: "GBP" } }));
    assert.equal(mismatch.status, "failure");
    assert.equal(mismatch.error?.connectorCode, "UNSUPPORTED_CURRENCY");
    await assert.rejects(
      request("authorize", authorize({ amount: { minorAmount: 1000, currency: "KWD" } })),
      (e: SidecarError) => e.code === 1005 && e.data.field === "request.amount.currency",
    );
  });

  describe("the emulator answers in Square's shapes", () => {
    const call = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${emu.baseUrls.square}${path}`, init);
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const headers = { Authorization: `Bearer ${AUTH.accessToken}`, "Square-Version": "2025-08-20", "Content-Type": "application/json" };

    it("401 UNAUTHORIZED without a Bearer token", async () => {
      const r = await call("/v2/payments/x");
      assert.equal(r.status, 401);
      assert.deepEqual(r.body, { errors: [{ category: "AUTHENTICATION_ERROR", code: "UNAUTHORIZED", detail: "This request could not be authorized." }] });
    });

    it("unknown body parameters, missing keys and over-long keys are refused with the field", async () => {
      const post = (body: unknown) => call("/v2/payments", { method: "POST", headers, body: JSON.stringify(body) });
      const base = { source_id: NONCE, idempotency_key: unique("k"), amount_money: { amount: 100, currency: "USD" } };
      let r = await post({ ...base, amount: 100 });
      assert.equal(r.status, 400);
      assert.equal(r.body.errors[0].code, "UNKNOWN_BODY_PARAMETER");
      r = await post({ ...base, idempotency_key: undefined });
      assert.equal(r.body.errors[0].code, "MISSING_REQUIRED_PARAMETER");
      assert.equal(r.body.errors[0].field, "idempotency_key");
      r = await post({ ...base, idempotency_key: "k".repeat(46) });
      assert.equal(r.body.errors[0].code, "VALUE_TOO_LONG");
      r = await post({ ...base, amount_money: { amount: 1.5, currency: "USD" } });
      assert.equal(r.body.errors[0].code, "EXPECTED_INTEGER");
    });

    it("404 NOT_FOUND for an unknown payment, in Square's words", async () => {
      const r = await call("/v2/payments/nope", { headers });
      assert.equal(r.status, 404);
      assert.equal(r.body.errors[0].code, "NOT_FOUND");
      assert.equal(r.body.errors[0].category, "INVALID_REQUEST_ERROR");
    });

    it("UpdatePayment: only the Payment fields it changes, a required key, a stale version_token and an unknown payment are refused", async () => {
      const created = await call("/v2/payments", { method: "POST", headers, body: JSON.stringify({ source_id: NONCE, idempotency_key: unique("k"), amount_money: { amount: 100, currency: "USD" }, autocomplete: false }) });
      const id = created.body.payment.id as string;
      const put = (path: string, body: unknown) => call(path, { method: "PUT", headers, body: JSON.stringify(body) });
      let r = await put(`/v2/payments/${id}`, { idempotency_key: unique("k"), payment: { amount_money: { amount: 200, currency: "USD" }, note: "x" } });
      assert.equal(r.status, 400);
      assert.deepEqual([r.body.errors[0].code, r.body.errors[0].field], ["UNKNOWN_BODY_PARAMETER", "payment.note"]);
      r = await put(`/v2/payments/${id}`, { payment: { amount_money: { amount: 200, currency: "USD" } } });
      assert.deepEqual([r.body.errors[0].code, r.body.errors[0].field], ["MISSING_REQUIRED_PARAMETER", "idempotency_key"]);
      r = await put(`/v2/payments/${id}`, { idempotency_key: unique("k"), payment: { amount_money: { amount: 200, currency: "USD" }, version_token: "stale" } });
      assert.equal(r.body.errors[0].code, "CONFLICT");
      r = await put(`/v2/payments/${id}`, { idempotency_key: unique("k"), payment: { amount_money: { amount: 200, currency: "CAD" } } });
      assert.equal(r.body.errors[0].field, "payment.amount_money.currency");
      r = await put("/v2/payments/nope", { idempotency_key: unique("k"), payment: { amount_money: { amount: 200, currency: "USD" } } });
      assert.equal(r.status, 404);
      r = await put(`/v2/payments/${id}`, { idempotency_key: unique("k"), payment: { amount_money: { amount: 200, currency: "USD" }, version_token: created.body.payment.version_token } });
      assert.equal(r.status, 200);
      assert.deepEqual([r.body.payment.status, r.body.payment.amount_money, r.body.payment.approved_money], ["APPROVED", { amount: 200, currency: "USD" }, { amount: 200, currency: "USD" }]);
      assert.notEqual(r.body.payment.version_token, created.body.payment.version_token);
    });

    it("logs no access token and no payment token", () => {
      const text = logs.join("\n");
      assert.ok(!text.includes(AUTH.accessToken));
      assert.ok(!text.includes("cnon:"));
    });
  });
});

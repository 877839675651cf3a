// Braintree through the real client: SidecarPool (zod validation on) turns unified requests into
// GraphQL HTTP calls, Node's fetch sends them to the loopback emulator (emulator/connectors/braintree/),
// and the pool reads the answers. Covers authorize (manual) → partial capture → settle → two partial
// refunds → refund status → over-refund refused; charge → void; declines by nonce and by sandbox
// amount; apiRequestKey replays; createCustomer → vault under it → repeat payment; the emulator's
// signed transaction_settled webhooks received by the client's webhookHandler; listConnectors.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { SidecarError } from "../../client/errors.js";
import { fetchExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import { webhookHandler } from "../../client/webhooks.js";
import type { CustomerResult, PaymentResult, RefundResult, TransformRequestParams, WebhookEvent } from "../../protocol/index.js";
import { BRAINTREE_PRIVATE_KEY, BRAINTREE_PUBLIC_KEY } from "../../emulator/connectors/braintree/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";

const AUTH = { publicKey: BRAINTREE_PUBLIC_KEY, privateKey: BRAINTREE_PRIVATE_KEY, merchantAccountId: "acme_USD" };

type Flow = TransformRequestParams["flow"];
type AnyResult = PaymentResult & RefundResult;

describe("braintree through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;
  let seq = 0;
  const unique = (p: string) => `${p}-${process.pid}-${++seq}`;
  // A client-SDK nonce is single-use: each payment gets its own.
  const nonce = () => `tokencc_${unique("n").replace(/-/g, "_")}`;

  // The merchant's webhook endpoint: the client's webhookHandler, behind a shim that keeps each raw
  // body (handed on as express.raw() would) so a test can replay it altered.
  let hooks: Server;
  const events: WebhookEvent[] = [];
  const rejections: Array<{ status: number; reason: string }> = [];
  const rawBodies: string[] = [];
  let hookUrl = "";

  before(async () => {
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
    const handler = webhookHandler(pool, {
      connector: "braintree",
      secret: BRAINTREE_PRIVATE_KEY,
      onEvent: (e) => void events.push(e),
      onRejected: (r) => void rejections.push({ status: r.status, reason: r.reason }),
    });
    hooks = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks);
        rawBodies.push(raw.toString("utf8"));
        handler(Object.assign(req, { body: raw }), res);
      });
    });
    await new Promise<void>((r) => hooks.listen(0, "127.0.0.1", r));
    hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/webhooks/{processor}`;
    emu = await startEmulator({ webhooks: { url: hookUrl, secrets: {} } });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
    await new Promise<void>((r) => (hooks ? hooks.close(() => r()) : r()));
  });

  async function run(flow: Flow, req: unknown, auth: Record<string, string> = AUTH): Promise<AnyResult> {
    const params = { connector: "braintree", flow, auth, request: req, options: { baseUrl: emu.baseUrls.braintree } };
    const http = await pool.transformRequest(params as TransformRequestParams);
    const response = await fetchExecutor(http, { signal: AbortSignal.timeout(5000) });
    return (await pool.transformResponse({ ...params, response } as never)) as AnyResult;
  }

  async function settle(id: string): Promise<void> {
    const res = await fetch(`${emu.baseUrls.braintree}/_emulator/settle/${encodeURIComponent(id)}`, { method: "POST" });
    assert.equal(res.status, 200, "settled");
  }

  function authorize(extra: Record<string, unknown> = {}) {
    return {
      merchantTransactionId: unique("order"),
      amount: { minorAmount: 1000, currency: "USD" },
      paymentMethod: { type: "token", token: { value: nonce() } },
      idempotencyKey: unique("idem"),
      ...extra,
    };
  }

  it("lists Braintree with its flows, the flows it cannot do and why, auth fields and environments", async () => {
    const bt = (await pool.listConnectors()).find((c) => c.name === "braintree");
    assert.ok(bt, "braintree is listed");
    assert.equal(bt.displayName, "Braintree");
    assert.deepEqual(bt.flows, ["authorize", "psync", "capture", "void", "refund", "rsync", "setupMandate", "repeatPayment", "createCustomer", "createSession", "revokeMandate", "reverse", "acceptDispute", "uploadDisputeFile", "submitDisputeEvidence", "defendDispute", "dsync"]);
    assert.deepEqual(bt.unsupportedFlows.map((u) => u.flow).sort(), ["completeAuthorize", "createAccessToken", "incrementalAuthorization"]);
    for (const u of bt.unsupportedFlows) assert.ok(u.reason.length > 40, `${u.flow}: a reason`);
    assert.equal(bt.webhooks, true);
    assert.deepEqual(bt.paymentMethods.map((m) => m.type), ["token"]);
    assert.deepEqual(
      bt.unsupportedPaymentMethods.map((u) => u.type).sort(),
      ["applePay", "bankDebit", "bankRedirect", "bankTransfer", "bnpl", "card", "googlePay", "mobileMoney", "networkToken", "paypal", "upiCollect", "upiIntent", "voucher", "walletRedirect"],
      "every other type is declared unsupported, with a reason",
    );
    assert.ok(bt.unsupportedPaymentMethods.find((u) => u.type === "applePay")?.reason.includes("send the Braintree nonce as token"));
    assert.deepEqual(bt.authFields.map((f) => [f.name, f.required]), [["publicKey", true], ["privateKey", true], ["merchantAccountId", false]]);
    assert.deepEqual(bt.environments, { sandbox: "https://payments.sandbox.braintree-api.com", production: "https://payments.braintree-api.com" });
  });

  it("authorize (manual) → psync → partial capture → settle → two partial refunds → rsync → over-refund refused", async () => {
    const auth = await run("authorize", authorize({ captureMethod: "manual" }));
    assert.equal(auth.status, "authorized");
    assert.equal(auth.connectorStatus, "AUTHORIZED");
    const id = auth.connectorTransactionId!;
    assert.equal((await run("psync", { connectorTransactionId: id })).status, "authorized");

    const captured = await run("capture", {
      connectorTransactionId: id,
      amountToCapture: { minorAmount: 600, currency: "USD" },
      paymentAmount: { minorAmount: 1000, currency: "USD" },
      idempotencyKey: unique("cap"),
    });
    assert.equal(captured.status, "charged");
    assert.equal(captured.connectorStatus, "SUBMITTED_FOR_SETTLEMENT");
    assert.deepEqual(captured.amountCaptured, { minorAmount: 600, currency: "USD" });

    // Not settled yet: Braintree refuses a refund (void it instead).
    const early = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 100, currency: "USD" } });
    assert.equal(early.status, "failure");
    assert.equal(early.error?.connectorCode, "91506");

    await settle(id);
    const settled = await run("psync", { connectorTransactionId: id });
    assert.equal(settled.status, "charged");
    assert.equal(settled.connectorStatus, "SETTLED");
    assert.deepEqual(settled.amountCaptured, { minorAmount: 600, currency: "USD" });

    const first = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 250, currency: "USD" }, idempotencyKey: unique("k") });
    assert.equal(first.status, "pending");
    assert.deepEqual(first.refundAmount, { minorAmount: 250, currency: "USD" });
    const second = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 300, currency: "USD" } });
    assert.equal(second.status, "pending");
    assert.notEqual(second.connectorRefundId, first.connectorRefundId);

    assert.equal((await run("rsync", { connectorTransactionId: id, connectorRefundId: first.connectorRefundId! })).status, "pending");
    await settle(first.connectorRefundId!);
    const done = await run("rsync", { connectorTransactionId: id, connectorRefundId: first.connectorRefundId! });
    assert.equal(done.status, "success");
    assert.deepEqual(done.refundAmount, { minorAmount: 250, currency: "USD" });

    const tooMuch = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 51, currency: "USD" } });
    assert.equal(tooMuch.status, "failure");
    assert.equal(tooMuch.error?.code, "invalid_amount");
    assert.equal(tooMuch.error?.connectorCode, "91521");
  });

  it("a retried refund (same merchantRefundId, no key) and a retried capture (same key) are not repeated", async () => {
    const auth = await run("authorize", authorize({ captureMethod: "manual" }));
    const capture = { connectorTransactionId: auth.connectorTransactionId!, amountToCapture: { minorAmount: 1000, currency: "USD" }, idempotencyKey: unique("cap") };
    const a = await run("capture", capture);
    const b = await run("capture", capture);
    assert.equal(a.status, "charged");
    assert.equal(b.status, "charged", "the replay answers the captured transaction, not 'cannot capture'");
    await settle(auth.connectorTransactionId!);
    const refund = { connectorTransactionId: auth.connectorTransactionId!, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 400, currency: "USD" } };
    const r1 = await run("refund", refund);
    const r2 = await run("refund", refund);
    assert.equal(r1.connectorRefundId, r2.connectorRefundId, "no second refund");
    // 400 + 600 fits only if the retry did not refund again.
    const rest = await run("refund", { ...refund, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 600, currency: "USD" } });
    assert.equal(rest.status, "pending");
  });

  it("a retried charge with the same idempotencyKey answers the same transaction", async () => {
    const req = authorize();
    const a = await run("authorize", req);
    const b = await run("authorize", req);
    assert.equal(a.status, "charged");
    assert.equal(b.connectorTransactionId, a.connectorTransactionId);
  });

  it("charge → void before settlement; a second void fails; a settled one cannot be voided", async () => {
    const paid = await run("authorize", authorize());
    assert.equal(paid.status, "charged");
    const voided = await run("void", { connectorTransactionId: paid.connectorTransactionId! });
    assert.equal(voided.status, "voided");
    assert.equal((await run("psync", { connectorTransactionId: paid.connectorTransactionId! })).status, "voided");
    const again = await run("void", { connectorTransactionId: paid.connectorTransactionId! });
    assert.equal(again.status, "void_failed");
    assert.equal(again.error?.connectorCode, "91504");

    const other = await run("authorize", authorize());
    await settle(other.connectorTransactionId!);
    const late = await run("void", { connectorTransactionId: other.connectorTransactionId! });
    assert.equal(late.status, "void_failed", "a void never turns into a refund");
    assert.equal((await run("psync", { connectorTransactionId: other.connectorTransactionId! })).connectorStatus, "SETTLED");
  });

  it("declines: a declining nonce, a sandbox decline amount, a fraud rejection, a used nonce", async () => {
    const d = await run("authorize", authorize({ paymentMethod: { type: "token", token: { value: "fake-processor-declined-visa-nonce" } } }));
    assert.equal(d.status, "failure");
    assert.equal(d.error?.code, "card_declined");
    assert.equal(d.error?.connectorCode, "2000");
    assert.equal(d.error?.declineType, "soft");
    assert.ok(d.connectorTransactionId, "a declined transaction still has its id");
    assert.equal((await run("psync", { connectorTransactionId: d.connectorTransactionId! })).status, "failure");

    const funds = await run("authorize", authorize({ amount: { minorAmount: 200100, currency: "USD" } }));
    assert.equal(funds.error?.code, "insufficient_funds");
    assert.equal(funds.error?.connectorMessage, "Insufficient Funds");

    const fraud = await run("authorize", authorize({ paymentMethod: { type: "token", token: { value: "fake-gateway-rejected-fraud-nonce" } } }));
    assert.equal(fraud.error?.code, "fraud_suspected");
    assert.equal(fraud.error?.connectorCode, "FRAUD");

    const n = nonce();
    assert.equal((await run("authorize", authorize({ paymentMethod: { type: "token", token: { value: n } } }))).status, "charged");
    const reused = await run("authorize", authorize({ paymentMethod: { type: "token", token: { value: n } } }));
    assert.equal(reused.status, "failure");
    assert.equal(reused.error?.code, "duplicate_transaction");
    assert.equal(reused.connectorTransactionId, undefined, "nothing was created");
    const consumed = await run("authorize", authorize({ paymentMethod: { type: "token", token: { value: "fake-consumed-nonce" } } }));
    assert.equal(consumed.error?.connectorCode, "91564");
  });

  it("wrong keys are invalid_credentials; a card is refused before anything is sent", async () => {
    const r = await run("authorize", authorize(), { publicKey: "nope", privateKey: "wrong" });
    assert.equal(r.status, "failure");
    assert.equal(r.error?.code, "invalid_credentials");
    await assert.rejects(
      pool.transformRequest({
        connector: "braintree",
        flow: "authorize",
        auth: AUTH,
        request: authorize({ paymentMethod: { type: "card", card: { number: "4111111111111111", expMonth: "12", expYear: "2030", cvc: "123" } } }),
      } as TransformRequestParams),
      (e: SidecarError) => e.code === 1003 && !JSON.stringify(e).includes("4111111111111111"),
    );
  });

  it("JPY through a JPY merchant account: 500 yen is 500, and comes back as 500", async () => {
    const r = await run("authorize", authorize({ amount: { minorAmount: 500, currency: "JPY" } }), { ...AUTH, merchantAccountId: "acme_JPY" });
    assert.equal(r.status, "charged");
    assert.deepEqual(r.amountCaptured, { minorAmount: 500, currency: "JPY" });
  });

  it("createCustomer → setupMandate under that customer → repeatPayment twice; a declined verification vaults nothing", async () => {
    const customer = (await run("createCustomer", { customer: { id: unique("shopper"), name: "Ada Lovelace", email: "ada@example.com", phone: "+44 20 7946 0000" } })) as unknown as CustomerResult;
    assert.equal(customer.status, "success");
    assert.ok(customer.connectorCustomerId);
    const mandate = await run("setupMandate", {
      merchantTransactionId: unique("mandate"),
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: { type: "token", token: { value: nonce() } },
      customer: { connectorCustomerId: customer.connectorCustomerId },
    });
    assert.equal(mandate.status, "charged");
    assert.ok(mandate.mandateReference);
    assert.equal(mandate.connectorCustomerId, customer.connectorCustomerId, "vaulted under the customer just created");
    for (const minor of [2500, 2600]) {
      const p = await run("repeatPayment", {
        merchantTransactionId: unique("sub"),
        amount: { minorAmount: minor, currency: "USD" },
        mandateReference: mandate.mandateReference!,
        customer: { connectorCustomerId: customer.connectorCustomerId },
        idempotencyKey: unique("rp"),
      });
      assert.equal(p.status, "charged");
      assert.deepEqual(p.amountCaptured, { minorAmount: minor, currency: "USD" });
    }
    const unknown = await run("setupMandate", {
      merchantTransactionId: unique("mandate"),
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: { type: "token", token: { value: nonce() } },
      customer: { connectorCustomerId: "Y3VzdG9tZXJfbm9ib2R5" },
    });
    assert.equal(unknown.status, "failure");
    assert.equal(unknown.error?.code, "not_found");
    const declined = await run("setupMandate", {
      merchantTransactionId: unique("mandate"),
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: { type: "token", token: { value: "fake-processor-declined-visa-nonce" } },
    });
    assert.equal(declined.status, "failure");
    assert.equal(declined.mandateReference, undefined);
    assert.equal(declined.error?.connectorCode, "2000");
  });

  it("issue 10: an external 3-D Secure result passes through on the charge and the vault; repeatPayment says its series (paymentInitiator); wallets are refused with where the nonce comes from", async () => {
    const external = { version: "2.2.0", cavv: "AAIBBYNoEwAAACcKhAJkdQAAAAA=", eci: "05", dsTransactionId: "f25084f0-5b16-4c0a-ae5d-b24808a95e4b", status: "Y" };
    const charged = await run("authorize", authorize({ captureMethod: "automatic", threeDs: { external } }));
    assert.equal(charged.status, "charged", JSON.stringify(charged.error));
    const mandate = await run("setupMandate", { merchantTransactionId: unique("mandate"), amount: { minorAmount: 0, currency: "USD" }, paymentMethod: { type: "token", token: { value: nonce() } }, threeDs: { external } });
    assert.equal(mandate.status, "charged", JSON.stringify(mandate.error));
    for (const recurringType of ["scheduled", "installment", "unscheduled"]) {
      const p = await run("repeatPayment", { merchantTransactionId: unique("sub"), amount: { minorAmount: 1500, currency: "USD" }, mandateReference: mandate.mandateReference!, recurringType });
      assert.equal(p.status, "charged", `${recurringType}: ${JSON.stringify(p.error)}`);
    }
    await assert.rejects(
      run("authorize", authorize({ paymentMethod: { type: "applePay", applePay: { paymentData: "eyJ2ZXJzaW9uIjoiRUNfdjEifQ==" } } })),
      (e: unknown) => e instanceof SidecarError && e.code === 1003 && e.message.includes("send the Braintree nonce as token"),
    );
    await assert.rejects(run("authorize", authorize({ threeDs: { mode: "challenge" } })), (e: unknown) => e instanceof SidecarError && e.data?.field === "request.threeDs.mode");
  });

  it("createCustomer refused by Braintree (an email it cannot take) is a failure naming the code", async () => {
    const r = (await run("createCustomer", { customer: { email: "not-an-email" } })) as unknown as CustomerResult;
    assert.equal(r.status, "failure");
    assert.equal(r.connectorCustomerId, undefined);
    assert.equal(r.error?.code, "invalid_request");
    assert.equal(r.error?.connectorCode, "81604");
  });

  it("webhooks: settling a sale and its refund posts signed transaction_settled notifications the webhookHandler verifies and reads; an altered one is refused", async () => {
    const request = authorize({ amount: { minorAmount: 1234, currency: "USD" } });
    const paid = await run("authorize", request);
    const id = paid.connectorTransactionId!;
    events.length = 0;
    rejections.length = 0;
    rawBodies.length = 0;
    await settle(id);
    await emu.webhooksDelivered();
    assert.equal(rejections.length, 0, JSON.stringify(rejections));
    assert.equal(events.length, 1);
    const sale = events[0]!;
    assert.equal(sale.kind, "payment");
    assert.equal(sale.eventType, "transaction_settled");
    assert.equal(sale.connectorTransactionId, id, "the legacy id in the notification is read back to the GraphQL id psync uses");
    assert.equal(sale.merchantTransactionId, request.merchantTransactionId, "the order id");
    assert.equal(sale.paymentStatus, "charged");
    assert.deepEqual(sale.amount, { minorAmount: 1234, currency: "USD" });
    assert.ok(sale.occurredAt);

    const merchantRefundId = unique("rf");
    const refund = await run("refund", { connectorTransactionId: id, merchantRefundId, refundAmount: { minorAmount: 234, currency: "USD" } });
    await settle(refund.connectorRefundId!);
    await emu.webhooksDelivered();
    assert.equal(events.length, 2);
    const credit = events[1]!;
    assert.equal(credit.kind, "refund");
    assert.equal(credit.refundStatus, "success");
    assert.equal(credit.connectorRefundId, refund.connectorRefundId);
    assert.equal(credit.connectorTransactionId, id);
    assert.equal(credit.merchantRefundId, merchantRefundId);
    assert.deepEqual(credit.amount, { minorAmount: 234, currency: "USD" });
    assert.equal((await run("rsync", { connectorTransactionId: id, connectorRefundId: refund.connectorRefundId! })).status, "success", "the webhook and rsync agree");

    // The first delivery again, its payload re-encoded with another amount under the old signature.
    const form = new URLSearchParams(rawBodies[0]!);
    const xml = Buffer.from(form.get("bt_payload")!, "base64").toString("utf8").replace("<amount>12.34</amount>", "<amount>99.99</amount>");
    form.set("bt_payload", Buffer.from(xml).toString("base64") + "\n");
    const res = await fetch(hookUrl.replace("{processor}", "braintree"), { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form.toString() });
    assert.equal(res.status, 401);
    assert.equal(events.length, 2, "nothing read from it");
    assert.equal(rejections.length, 1);
    assert.ok(!rejections[0]!.reason.includes(BRAINTREE_PRIVATE_KEY));
  });

  it("risk fields go with the charge (riskData with state.deviceData, descriptor, customerDetails, shipping) and the vault (riskData); the emulator knows every field", async () => {
    const sale = await run(
      "authorize",
      authorize({
        browserInfo: { ipAddress: "203.0.113.7", userAgent: "Mozilla/5.0" },
        state: { deviceData: '{"correlation_id":"c0ffee"}' },
        statementDescriptor: "ACMEINC*WIDGETS",
        customer: { email: "jane@example.com", phone: "+1 555 0100" },
        shippingAddress: { firstName: "John", lastName: "Roe", line1: "2 Mission St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" },
      }),
    );
    assert.equal(sale.status, "charged");
    const saved = await run("setupMandate", {
      merchantTransactionId: unique("setup"),
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: { type: "token", token: { value: nonce() } },
      browserInfo: { ipAddress: "2001:db8::7" },
    });
    assert.equal(saved.status, "charged");
    await assert.rejects(
      run("authorize", authorize({ statementDescriptor: "ACME*WIDGETS" })),
      (e: unknown) => e instanceof SidecarError && e.code === 1005 && e.data?.field === "request.statementDescriptor",
    );
  });

  it("the emulator refuses a descriptor name Braintree would refuse (92204)", async () => {
    const res = await fetch(`${emu.baseUrls.braintree}/graphql`, {
      method: "POST",
      headers: {
        Authorization: "Basic " + Buffer.from(`${BRAINTREE_PUBLIC_KEY}:${BRAINTREE_PRIVATE_KEY}`).toString("base64"),
        "Braintree-Version": "2019-01-01",
        "Content-Type": "application/json",
      },
      body: JSON.stringify({
        query: "mutation ChargePaymentMethod($input: ChargePaymentMethodInput!) { chargePaymentMethod(input: $input) { transaction { id } } }",
        variables: { input: { paymentMethodId: nonce(), transaction: { amount: "1.00", descriptor: { name: "ACME*WIDGETS" } } } },
      }),
    });
    const body = (await res.json()) as { errors: Array<{ extensions: { errorClass: string; legacyCode?: string } }> };
    assert.equal(body.errors[0].extensions.errorClass, "VALIDATION");
    assert.equal(body.errors[0].extensions.legacyCode, "92204");
  });

  it("the emulator refuses input fields Braintree does not have (as GraphQL would)", async () => {
    const res = await fetch(`${emu.baseUrls.braintree}/graphql`, {
      method: "POST",
      headers: {
        Authorization: "Basic " + Buffer.from(`${BRAINTREE_PUBLIC_KEY}:${BRAINTREE_PRIVATE_KEY}`).toString("base64"),
        "Braintree-Version": "2019-01-01",
        "Content-Type": "application/json",
      },
      body: JSON.stringify({
        query: "mutation VoidTransaction($input: VoidTransactionInput!) { voidTransaction(input: $input) { transaction { id } } }",
        variables: { input: { transactionId: "x", amount: "1.00" } },
      }),
    });
    const body = (await res.json()) as { data: unknown; errors: Array<{ extensions: { errorClass: string } }> };
    assert.equal(res.status, 200);
    assert.deepEqual(body.data, { voidTransaction: null });
    assert.equal(body.errors[0].extensions.errorClass, "VALIDATION");
  });
});

// Issue 12 on Checkout.com, PayPal, Braintree, Cybersource, Square and Authorize.Net, through
// PaymentsClient, the pool and real HTTP against each emulator (with the demo scenario's
// credentials and test card): a saved card charged, revoked (revokeMandate), no longer chargeable,
// and not revocable twice; and, where the processor has it, an authorization raised
// (incrementalAuthorization) and then captured for the new total.
import assert from "node:assert/strict";

import { PaymentsClient } from "../../client/flows.js";
import { fetchExecutor, type HttpExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, Money } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import type { ConnectorScenario } from "../../demo/scenario.js";

const LANE = ["checkout", "paypal", "braintree", "cybersource", "square", "authorizedotnet"] as const;
type Lane = (typeof LANE)[number];

async function scenarioOf(name: Lane): Promise<ConnectorScenario> {
  return ((await import(`../../emulator/connectors/${name}/scenario.js`)) as { scenario: ConnectorScenario }).scenario;
}

describe("issue 12 on Checkout.com, PayPal, Braintree, Cybersource, Square, Authorize.Net (client → pool → emulator)", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let payments: PaymentsClient;
  const sent: HttpRequest[] = [];
  const scenarios = new Map<Lane, ConnectorScenario>();

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    emu = await startEmulator();
    const recording: HttpExecutor = async (req, init) => {
      sent.push(req);
      return fetchExecutor(req, init);
    };
    payments = new PaymentsClient(pool, { http: recording });
    for (const name of LANE) scenarios.set(name, await scenarioOf(name));
  });
  after(async () => {
    await emu?.close();
    await pool?.close();
  });

  const on = (name: Lane) =>
    ({ connector: name, auth: scenarios.get(name)!.emulator.auth, options: { baseUrl: emu.baseUrls[name]! } }) as Parameters<PaymentsClient["authorize"]>[0];
  let seq = 0;
  const order = (prefix: string) => `${prefix}${Date.now() % 100000}${++seq}`.slice(0, 20);

  for (const name of LANE) {
    it(`${name}: revokeMandate removes the saved card: charging it afterwards fails, revoking again fails`, async () => {
      const { shopper } = scenarios.get(name)!;
      const currency = shopper.amount.currency;
      const saveOrder = order("save");
      const mandate = await payments.setupMandate({
        ...on(name),
        request: {
          merchantTransactionId: saveOrder,
          amount: { minorAmount: 0, currency },
          paymentMethod: shopper.cardToSave!,
          customer: shopper.customer,
          ...(shopper.billingAddress ? { billingAddress: shopper.billingAddress } : {}),
          idempotencyKey: `${saveOrder}-setup`,
        },
      });
      assert.ok(["charged", "authorized"].includes(mandate.status), JSON.stringify(mandate));
      assert.ok(mandate.mandateReference, "setupMandate names the saved card");
      const repeat = () => {
        const o = order("rp");
        return payments.repeatPayment({
          ...on(name),
          mandate,
          request: { merchantTransactionId: o, amount: { minorAmount: 500, currency }, customer: shopper.customer, idempotencyKey: `${o}-repeat` },
        });
      };
      const before = await repeat();
      assert.ok(["charged", "capture_initiated"].includes(before.status), JSON.stringify(before));

      const from = sent.length;
      const revoked = await payments.revokeMandate({ ...on(name), mandate });
      assert.equal(revoked.status, "revoked", JSON.stringify(revoked));
      assert.equal(revoked.mandateReference, mandate.mandateReference);
      // One call, to the processor's own delete (PayPal's access token was fetched before).
      const calls = sent.slice(from).filter((r) => !r.url.endsWith("/v1/oauth2/token"));
      assert.equal(calls.length, 1);

      const after = await repeat();
      assert.equal(after.status, "failure", JSON.stringify(after));
      const again = await payments.revokeMandate({ ...on(name), mandate });
      if (name === "square") {
        // DisableCard: "Disabling an already disabled card is allowed but has no effect."
        assert.equal(again.status, "revoked", JSON.stringify(again));
      } else {
        assert.equal(again.status, "failure", JSON.stringify(again));
        assert.equal(again.error?.code, "not_found", JSON.stringify(again.error));
      }
    });
  }

  it("braintree: reverse voids a transaction not yet settled, and refunds a settled one in full", async () => {
    const { shopper } = scenarios.get("braintree")!;
    const charge = async (o: string) =>
      payments.authorize({
        ...on("braintree"),
        request: { merchantTransactionId: o, amount: { minorAmount: 1000, currency: "USD" }, paymentMethod: { type: "token", token: { value: "fake-valid-nonce" } }, customer: shopper.customer, idempotencyKey: `${o}-auth` },
      });
    const o1 = order("rev");
    const paid = await charge(o1);
    assert.equal(paid.status, "charged", JSON.stringify(paid));
    const voided = await payments.reverse({ ...on("braintree"), payment: paid, request: { idempotencyKey: `${o1}-rev` } });
    assert.equal(voided.status, "voided", JSON.stringify(voided));
    assert.equal((await payments.sync({ ...on("braintree"), payment: paid, request: {} })).connectorStatus, "VOIDED");

    const o2 = order("rev");
    const settled = await charge(o2);
    const s = await fetch(`${emu.baseUrls.braintree}/_emulator/settle/${settled.connectorTransactionId}`, { method: "POST" });
    assert.equal(s.status, 200);
    const refunded = await payments.reverse({ ...on("braintree"), payment: settled, request: { idempotencyKey: `${o2}-rev` } });
    assert.equal(refunded.status, "void_initiated", JSON.stringify(refunded));
    assert.ok(refunded.state?.["refundId"], "the refund's id");
    // Reversing again: the same key returns the same refund; without it the transaction is refunded already.
    const again = await payments.reverse({ ...on("braintree"), payment: settled, request: {} });
    assert.equal(again.status, "void_failed", JSON.stringify(again));
  });

  it("square: incrementAuthorization twice (UpdatePayment, each from the last result's authorizedAmount), then capture the new total", async () => {
    const { shopper } = scenarios.get("square")!;
    const amount: Money = { minorAmount: 5000, currency: shopper.amount.currency };
    const o = order("incr");
    const held = await payments.authorize({
      ...on("square"),
      request: { merchantTransactionId: o, amount, paymentMethod: shopper.paymentMethod, captureMethod: "manual", idempotencyKey: `${o}-auth` },
    });
    assert.equal(held.status, "authorized", JSON.stringify(held));
    const from = sent.length;
    const once = await payments.incrementAuthorization({
      ...on("square"),
      payment: { ...held, authorizedAmount: amount },
      request: { additionalAmount: { minorAmount: 1500, currency: amount.currency }, idempotencyKey: `${o}-incr1` },
    });
    assert.equal(once.status, "authorized", JSON.stringify(once));
    assert.deepEqual(once.authorizedAmount, { minorAmount: 6500, currency: amount.currency });
    const twice = await payments.incrementAuthorization({
      ...on("square"),
      payment: once,
      request: { additionalAmount: { minorAmount: 500, currency: amount.currency }, idempotencyKey: `${o}-incr2` },
    });
    assert.equal(twice.status, "authorized", JSON.stringify(twice));
    assert.deepEqual(twice.authorizedAmount, { minorAmount: 7000, currency: amount.currency });
    assert.deepEqual(sent.slice(from).map((r) => r.method), ["PUT", "PUT"]);
    const total = { minorAmount: 7000, currency: amount.currency };
    const captured = await payments.capture({ ...on("square"), payment: held, request: { amountToCapture: total, paymentAmount: total } });
    assert.equal(captured.status, "charged", JSON.stringify(captured));
    assert.deepEqual(captured.amountCaptured, total);
  });

  for (const name of ["checkout", "cybersource"] as const) {
    it(`${name}: incrementAuthorization raises an uncaptured authorization; the new total is then captured`, async () => {
      const { shopper } = scenarios.get(name)!;
      const amount: Money = { minorAmount: 5000, currency: shopper.amount.currency };
      const o = order("incr");
      const held = await payments.authorize({
        ...on(name),
        request: {
          merchantTransactionId: o,
          amount,
          paymentMethod: shopper.paymentMethod,
          captureMethod: "manual",
          customer: shopper.customer,
          ...(shopper.billingAddress ? { billingAddress: shopper.billingAddress } : {}),
          idempotencyKey: `${o}-auth`,
        },
      });
      assert.equal(held.status, "authorized", JSON.stringify(held));
      const raised = await payments.incrementAuthorization({
        ...on(name),
        payment: { ...held, authorizedAmount: amount },
        request: { additionalAmount: { minorAmount: 1500, currency: amount.currency }, idempotencyKey: `${o}-incr` },
      });
      assert.equal(raised.status, "authorized", JSON.stringify(raised));
      assert.equal(raised.connectorTransactionId, held.connectorTransactionId);
      assert.deepEqual(raised.authorizedAmount, { minorAmount: 6500, currency: amount.currency });
      const total = { minorAmount: 6500, currency: amount.currency };
      const captured = await payments.capture({ ...on(name), payment: held, request: { amountToCapture: total, paymentAmount: total, idempotencyKey: `${o}-cap` } });
      assert.ok(["charged", "capture_initiated"].includes(captured.status), JSON.stringify(captured));
      // More than the raised total is still refused: the increment is what the processor holds.
      const o2 = order("incr");
      const held2 = await payments.authorize({
        ...on(name),
        request: { merchantTransactionId: o2, amount, paymentMethod: shopper.paymentMethod, captureMethod: "manual", customer: shopper.customer, ...(shopper.billingAddress ? { billingAddress: shopper.billingAddress } : {}), idempotencyKey: `${o2}-auth` },
      });
      const tooMuch = { minorAmount: 5001, currency: amount.currency };
      const refused = await payments.capture({ ...on(name), payment: held2, request: { amountToCapture: tooMuch, idempotencyKey: `${o2}-cap` } });
      assert.ok(["capture_failed", "failure"].includes(refused.status), JSON.stringify(refused));
      // Once captured, an authorization can no longer be raised.
      const late = await payments.incrementAuthorization({
        ...on(name),
        payment: { ...held, authorizedAmount: total },
        request: { additionalAmount: { minorAmount: 100, currency: amount.currency } },
      });
      assert.equal(late.status, "failure", JSON.stringify(late));
    });
  }
});

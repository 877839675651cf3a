/**
 * A capture without `amountToCapture` means "all of it" (issue 13 item 5), for every connector that
 * captures, through the real sidecar and each processor's emulator: where the processor's capture
 * call may leave the amount out, nothing about the amount is sent and the whole authorization is
 * captured; where it must name one (Adyen, Cybersource), the connector asks for `paymentAmount`
 * (1004 naming it) and captures that.
 */
import assert from "node:assert/strict";
import { PaymentsClient, type FlowCall } from "../client/flows.js";
import { SidecarError } from "../client/errors.js";
import { SidecarPool } from "../client/pool.js";
import { loadConnectorModules, startEmulator, type Emulator } from "../emulator/index.js";
import type { ConnectorScenario } from "../demo/scenario.js";
import type { AuthorizeRequest, ConnectorInfo, HttpRequest } from "../protocol/index.js";

/** Processors whose capture call requires an amount (Adyen PaymentCaptureRequest.amount, Cybersource totalAmount). */
const NEEDS_PAYMENT_AMOUNT = new Set(["adyen", "cybersource"]);
/** Capture answers that do not say the amount (Checkout.com's 202 carries an action id; Authorize.Net's echoes none). */
const CAPTURE_ANSWER_WITHOUT_AMOUNT = new Set(["checkout", "authorizedotnet"]);

/** Whether a request the connector built names an amount anywhere in its body. */
function namesAnAmount(http: HttpRequest): boolean {
  const body = http.body?.data ?? "";
  return /amount/i.test(body.replace(/"query":"[^"]*"/, "")); // Braintree's GraphQL query text asks for amounts back
}

describe("capture without amountToCapture captures all of it", function () {
  let pool: SidecarPool;
  let emulator: Emulator;
  let connectors: ConnectorInfo[];
  const scenarios = new Map<string, ConnectorScenario>();

  before(async function () {
    pool = await SidecarPool.start({ size: 1 });
    emulator = await startEmulator();
    connectors = (await pool.listConnectors()).filter((c) => c.flows.includes("capture"));
    for (const [name, mod] of await loadConnectorModules<{ scenario: ConnectorScenario }>("scenario")) scenarios.set(name, mod.scenario);
  });
  after(async function () {
    await pool?.close();
    await emulator?.close();
  });

  it("covers every connector that captures", function () {
    assert.ok(connectors.length >= 8, `only ${connectors.length} connectors capture`);
    for (const c of connectors) assert.ok(scenarios.has(c.name), `${c.name} has no emulator scenario`);
  });

  for (const name of ["stripe", "adyen", "square", "checkout", "cybersource", "paypal", "braintree", "authorizedotnet", "rapyd"]) {
    it(name, async function () {
      const info = connectors.find((c) => c.name === name);
      assert.ok(info, `${name} no longer lists capture in listConnectors`);
      const { shopper, emulator: emu } = scenarios.get(name)!;
      const sent: HttpRequest[] = [];
      const client = new PaymentsClient(pool, { onStep: (s) => s.step === "request" && s.flow === "capture" && sent.push(s.http) });
      const call = { connector: name, auth: emu.auth, options: { baseUrl: emulator.baseUrls[name]! } } as FlowCall;
      const request: AuthorizeRequest = {
        merchantTransactionId: `all-${name.slice(0, 4)}-${Date.now() % 1e8}`, // Authorize.Net: 20 characters at most
        idempotencyKey: `all-${name}-${Date.now()}`, // Square requires one
        amount: shopper.amount,
        paymentMethod: shopper.paymentMethod,
        captureMethod: "manual",
        customer: shopper.customer,
        ...(shopper.billingAddress ? { billingAddress: shopper.billingAddress } : {}),
        ...(shopper.returnUrl ? { returnUrl: shopper.returnUrl } : {}),
      };
      const payment = await client.authorize({ ...call, request });
      assert.equal(payment.status, "authorized", `${name} authorize: ${JSON.stringify(payment.error)}`);

      if (NEEDS_PAYMENT_AMOUNT.has(name)) {
        await assert.rejects(client.capture({ ...call, payment, request: {} }), (e: unknown) => {
          assert.ok(e instanceof SidecarError, String(e));
          assert.equal(e.code, 1004);
          assert.equal(e.data.field, "request.paymentAmount");
          return true;
        });
        assert.equal(sent.length, 0, "nothing is sent without an amount");
      }
      const captured = await client.capture({ ...call, payment, request: NEEDS_PAYMENT_AMOUNT.has(name) ? { paymentAmount: shopper.amount } : {} });
      assert.ok(["charged", "capture_initiated", "pending"].includes(captured.status), `${name} capture: ${captured.status} ${JSON.stringify(captured.error)}`);
      if (CAPTURE_ANSWER_WITHOUT_AMOUNT.has(name)) assert.equal(captured.amountCaptured, undefined);
      else assert.deepEqual(captured.amountCaptured, shopper.amount, `${name}: all of it was captured`);
      assert.equal(sent.length, 1);
      if (!NEEDS_PAYMENT_AMOUNT.has(name)) assert.ok(!namesAnAmount(sent[0]!), `${name} sends no amount: ${sent[0]!.body?.data}`);

      // What the processor holds afterwards, where a sync reports the amount captured (Adyen has
      // no status lookup; Cybersource's authorization does not carry its captures).
      const synced = await client.sync({ ...call, payment, request: {} }).catch((e: unknown) => {
        if (e instanceof SidecarError && e.code === 1004) return undefined;
        throw e;
      });
      if (synced?.amountCaptured) assert.deepEqual(synced.amountCaptured, shopper.amount, `${name}: the processor holds all of it as captured`);
    });
  }
});

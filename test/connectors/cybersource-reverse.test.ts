// Cybersource's reverse through PaymentsClient, the pool and real HTTP against its emulator: a sale
// voided by its payment id, a separate capture voided by its own id (the capture result's
// state.captureId), psync reading the void afterwards, a second reverse refused (NOT_VOIDABLE), and
// the dispute flows answering with Cybersource's reason.
import assert from "node:assert/strict";

import { PaymentsClient } from "../../client/flows.js";
import { fetchExecutor, type HttpExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, PaymentResult } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { scenario } from "../../emulator/connectors/cybersource/scenario.js";

describe("Cybersource reverse (client → pool → emulator)", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let payments: PaymentsClient;
  const sent: HttpRequest[] = [];

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    emu = await startEmulator();
    const recording: HttpExecutor = async (req, init) => {
      sent.push(req);
      return fetchExecutor(req, init);
    };
    payments = new PaymentsClient(pool, { http: recording });
  });
  after(async () => {
    await emu?.close();
    await pool?.close();
  });

  const on = () => ({ connector: "cybersource" as const, auth: scenario.emulator.auth as { merchantId: string; apiKeyId: string; sharedSecret: string }, options: { baseUrl: emu.baseUrls.cybersource! } });
  let seq = 0;
  const order = (p: string) => `${p}${Date.now() % 100000}${++seq}`;

  async function pay(captureMethod: "automatic" | "manual"): Promise<PaymentResult> {
    const o = order("csrev");
    const { shopper } = scenario;
    const r = await payments.authorize({
      ...on(),
      request: { merchantTransactionId: o, amount: { minorAmount: 3000, currency: "USD" }, paymentMethod: shopper.paymentMethod, captureMethod, customer: shopper.customer, billingAddress: shopper.billingAddress! },
    });
    assert.equal(r.status, captureMethod === "automatic" ? "charged" : "authorized", JSON.stringify(r));
    return r;
  }

  it("a sale is voided by its payment id; psync then reads voided; a second reverse is refused (void_failed)", async () => {
    const sale = await pay("automatic");
    const reversed = await payments.reverse({ ...on(), payment: sale, request: { merchantReverseId: order("rv") } });
    assert.equal(reversed.status, "voided", JSON.stringify(reversed));
    assert.equal(reversed.connectorTransactionId, sale.connectorTransactionId);
    assert.ok(sent.at(-1)!.url.endsWith(`/pts/v2/payments/${sale.connectorTransactionId}/voids`), sent.at(-1)!.url);
    assert.ok(reversed.state?.["reversalId"], "the void's id, for psync");
    const synced = await payments.sync({ ...on(), payment: reversed, request: {} });
    assert.equal(synced.status, "voided", JSON.stringify(synced));
    const again = await payments.reverse({ ...on(), payment: sale, request: {} });
    assert.equal(again.status, "void_failed", JSON.stringify(again));
    assert.equal(again.error?.connectorCode, "NOT_VOIDABLE", JSON.stringify(again.error));
  });

  it("a capture of its own is voided by the capture's id (state.captureId)", async () => {
    const auth = await pay("manual");
    const captured = await payments.capture({ ...on(), payment: auth, request: { amountToCapture: { minorAmount: 3000, currency: "USD" }, merchantTransactionId: order("cap") } });
    assert.ok(["charged", "capture_initiated"].includes(captured.status), JSON.stringify(captured));
    const captureId = captured.state?.["captureId"];
    assert.ok(captureId, "capture keeps the capture's id in state");
    const reversed = await payments.reverse({ ...on(), payment: captured, request: {} });
    assert.equal(reversed.status, "voided", JSON.stringify(reversed));
    assert.ok(sent.at(-1)!.url.endsWith(`/pts/v2/captures/${captureId}/voids`), sent.at(-1)!.url);
  });

  it("an authorization never captured is not voidable: void_failed, the hold is released with void instead", async () => {
    const auth = await pay("manual");
    const r = await payments.reverse({ ...on(), payment: auth, request: {} });
    assert.equal(r.status, "void_failed", JSON.stringify(r));
    const released = await payments.void({ ...on(), payment: auth, request: { amount: { minorAmount: 3000, currency: "USD" } } });
    assert.equal(released.status, "voided", JSON.stringify(released));
  });

  it("disputes are unsupported, with Cybersource's reason", async () => {
    const list = await payments.connectors();
    const cs = list.find((c) => c.name === "cybersource")!;
    for (const flow of ["acceptDispute", "submitDisputeEvidence", "defendDispute", "dsync", "uploadDisputeFile"]) {
      const u = cs.unsupportedFlows?.find((f) => f.flow === flow);
      assert.ok(u && /no dispute calls/.test(u.reason), `${flow}: ${JSON.stringify(u)}`);
    }
    assert.ok(cs.flows.includes("reverse"));
  });
});

// PayPal's payment methods beyond cards and the wallet, through the real client pieces against the
// loopback emulator: the alternative payment methods of Orders v2 (payment_source.ideal, .p24,
// ...: PAYER_ACTION_REQUIRED with the payer-action link, the payer approves at the bank, PayPal
// completes the order on approval, psync says charged), a card with 3-D Secure asked for
// (attributes.verification.method SCA_ALWAYS, then completeAuthorize), the shipping address, and
// the stored-credential label of a series. What each answer must look like is PayPal's documented
// behaviour ("Integrate iDEAL using the Orders API", "3D Secure" for Orders v2).
import assert from "node:assert/strict";

import { fetchExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, PaymentResult, TransformRequestParams } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";

type Json = Record<string, any>;

const AUTH = { clientId: "AUv8rrc_emulator_client", clientSecret: "EKmD_emulator_secret" };
const CARD = { number: "4111111111111111", expMonth: "03", expYear: "2030", cvc: "123", holderName: "Jane Payer" };
const RETURN = "https://shop.example/return";
const PAYER = { name: "John Doe", email: "john@example.com" };

describe("PayPal payment methods through the client against the emulator", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let token: Record<string, string>;

  async function run(flow: string, request: Json): Promise<{ http: HttpRequest; sent: Json; result: PaymentResult }> {
    const params = { connector: "paypal", flow, auth: AUTH, request, options: { baseUrl: emu.baseUrls.paypal } } as TransformRequestParams;
    const http = await pool.transformRequest(params);
    const response = await fetchExecutor(http, { signal: AbortSignal.timeout(10_000) });
    const result = (await pool.transformResponse({ ...params, response } as never)) as PaymentResult;
    const sent = http.body?.contentType === "application/json" ? (JSON.parse(http.body.data) as Json) : {};
    return { http, sent, result };
  }
  const withState = (r: PaymentResult) => ({ ...token, ...(r.state ?? {}) });

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    emu = await startEmulator({});
    const t = await run("createAccessToken", {});
    token = t.result.state as Record<string, string>;
  });
  after(async () => {
    await emu?.close();
    await pool?.close();
  });

  for (const [method, currency, extra] of [
    ["ideal", "EUR", { issuer: "INGBNL2A" }],
    ["bancontact", "EUR", {}],
    ["eps", "EUR", {}],
    ["przelewy24", "PLN", {}],
    ["blik", "PLN", { blikCode: "777123" }],
    ["trustly", "SEK", { country: "SE" }],
  ] as const) {
    it(`${method}: PAYER_ACTION_REQUIRED with the bank's redirect, the payer approves, the order completes on approval`, async () => {
      const r = await run("authorize", {
        merchantTransactionId: `pp-${method}`,
        amount: { minorAmount: 2000, currency },
        paymentMethod: { type: "bankRedirect", bankRedirect: { method, ...extra } },
        customer: PAYER,
        returnUrl: RETURN,
        state: token,
      });
      assert.equal(r.sent["processing_instruction"], "ORDER_COMPLETE_ON_PAYMENT_APPROVAL");
      assert.equal(r.sent["intent"], "CAPTURE");
      assert.equal(r.result.status, "authentication_pending", JSON.stringify(r.result));
      assert.equal(r.result.state?.["paypalObject"], "order");
      const page = await fetch(r.result.redirection!.url, { redirect: "manual" });
      assert.equal(page.status, 302);
      assert.ok(page.headers.get("location")!.startsWith(`${RETURN}?token=`));
      const synced = await run("psync", { connectorTransactionId: r.result.connectorTransactionId, state: withState(r.result) });
      assert.equal(synced.result.status, "charged", JSON.stringify(synced.result));
      assert.deepEqual(synced.result.amountCaptured, { minorAmount: 2000, currency });
      assert.equal(synced.result.state?.["paypalObject"], "capture");
    });
  }

  it("a card with 3-D Secure asked for: the payer authenticates, completeAuthorize authorizes the order", async () => {
    const r = await run("authorize", {
      merchantTransactionId: "pp-3ds",
      amount: { minorAmount: 1050, currency: "EUR" },
      paymentMethod: { type: "card", card: CARD },
      captureMethod: "manual",
      threeDs: { mode: "challenge" },
      returnUrl: RETURN,
      state: token,
    });
    assert.deepEqual(r.sent["payment_source"]["card"]["attributes"], { verification: { method: "SCA_ALWAYS" } });
    assert.equal(r.result.status, "authentication_pending", JSON.stringify(r.result));
    await fetch(r.result.redirection!.url, { redirect: "manual" });
    const done = await run("completeAuthorize", { connectorTransactionId: r.result.connectorTransactionId, captureMethod: "manual", state: withState(r.result) });
    assert.equal(done.result.status, "authorized", JSON.stringify(done.result));
  });

  it("the shipping address and the first payment of a subscription go with the card", async () => {
    const r = await run("authorize", {
      merchantTransactionId: "pp-ship",
      amount: { minorAmount: 1050, currency: "USD" },
      paymentMethod: { type: "card", card: CARD },
      setupFutureUsage: "offSession",
      recurringType: "scheduled",
      shippingAddress: { firstName: "Jane", lastName: "Payer", line1: "2211 N First Street", city: "San Jose", state: "CA", postalCode: "95131", country: "US" },
      state: token,
    });
    assert.equal(r.result.status, "charged", JSON.stringify(r.result));
    assert.deepEqual(r.sent["purchase_units"][0]["shipping"]["name"], { full_name: "Jane Payer" });
    assert.deepEqual(r.sent["payment_source"]["card"]["stored_credential"], { payment_initiator: "CUSTOMER", payment_type: "RECURRING", usage: "FIRST" });
  });

  it("a manual capture of a bank payment is refused before anything is sent", async () => {
    await assert.rejects(
      run("authorize", {
        merchantTransactionId: "pp-ideal-manual",
        amount: { minorAmount: 2000, currency: "EUR" },
        paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal" } },
        captureMethod: "manual",
        customer: PAYER,
        returnUrl: RETURN,
        state: token,
      }),
      (e: any) => e.code === 1005 && e.data?.field === "request.captureMethod",
    );
  });
});

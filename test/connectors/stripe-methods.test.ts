// Stripe's payment methods beyond raw cards, through the real client pieces against the loopback
// emulator: Stripe.js tokens (pm_ and tok_), a bank redirect followed like a shopper's browser,
// SEPA Direct Debit with its mandate, vouchers and QR codes (the result's nextAction), BLIK's
// in-app approval, a free-text refund reason. What each answer must look like is Stripe's
// documented behaviour (docs.stripe.com/payments/<method>/accept-a-payment), and every emulator
// answer is also checked against the published spec's payment_intent schema.
import assert from "node:assert/strict";

import { fetchExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, PaymentResult, RefundResult, TransformRequestParams } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { describeWithOracles, loadSpec, oraclePath, validateValue, type SchemaLike, type Spec } from "../oracles/openapi.js";

type Json = Record<string, any>;

const API_KEY = "sk_test_methods_key";
const SHOPPER = { email: "jenny@example.com", name: "Jenny Rosen" };
const BROWSER = { ipAddress: "192.0.2.10", userAgent: "Mozilla/5.0 (X11; Linux x86_64)" };

describeWithOracles("Stripe payment methods", () => describe("through the client against the emulator", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let piSchema: SchemaLike;
  let spec: Spec;

  before(async () => {
    spec = loadSpec(oraclePath("stripe", "spec3.2023-09-12.json"));
    pool = await SidecarPool.start({ size: 1 });
    emu = await startEmulator({});
    piSchema = spec.components!.schemas!["payment_intent"]!;
  });
  after(async () => {
    await emu?.close();
    await pool?.close();
  });

  async function run<R>(flow: string, request: Json): Promise<{ http: HttpRequest; body: Json; result: R }> {
    const params = { connector: "stripe", flow, auth: { apiKey: API_KEY }, request, options: { baseUrl: emu.baseUrls.stripe } } as TransformRequestParams;
    const http = await pool.transformRequest(params);
    const response = await fetchExecutor(http, { signal: AbortSignal.timeout(10_000) });
    const result = (await pool.transformResponse({ ...params, response } as never)) as R;
    return { http, body: JSON.parse(response.body ?? "{}"), result };
  }
  const order = (id: string, amount: number, currency: string, paymentMethod: Json, extra: Json = {}) =>
    run<PaymentResult>("authorize", { merchantTransactionId: id, amount: { minorAmount: amount, currency }, paymentMethod, returnUrl: "https://shop.example/return", customer: SHOPPER, ...extra });
  /** The emulator's answer is a PaymentIntent as the spec defines it. */
  function assertSpecShaped(body: Json): void {
    const problems = validateValue(spec, body, piSchema);
    assert.deepEqual(problems, [], problems.join("\n"));
  }

  it("a Stripe.js PaymentMethod (pm_card_visa) and a card token (tok_visa) charge without card data", async () => {
    const pm = await order("m-pm", 1099, "USD", { type: "token", token: { value: "pm_card_visa" } });
    assert.equal(pm.result.status, "charged", JSON.stringify(pm.result));
    assert.match(pm.http.body!.data, /(^|&)payment_method=pm_card_visa(&|$)/);
    const tok = await order("m-tok", 1099, "USD", { type: "token", token: { value: "tok_visa" } });
    assert.equal(tok.result.status, "charged", JSON.stringify(tok.result));
    const declined = await order("m-tok-d", 1099, "USD", { type: "token", token: { value: "tok_chargeDeclined" } });
    assert.equal(declined.result.status, "failure");
    assert.equal(declined.result.error?.code, "card_declined");
  });

  it("iDEAL: a redirect the shopper follows, then psync reads the payment charged", async () => {
    const r = await order("m-ideal", 1000, "EUR", { type: "bankRedirect", bankRedirect: { method: "ideal", issuer: "ing" } });
    assertSpecShaped(r.body);
    assert.equal(r.result.status, "authentication_pending");
    assert.equal(r.result.nextAction, undefined, "a redirect is the result's redirection");
    const url = r.result.redirection!.url;
    const hop = await fetch(url, { redirect: "manual" });
    assert.equal(hop.status, 302);
    assert.equal(new URL(hop.headers.get("location")!).searchParams.get("redirect_status"), "succeeded");
    const synced = await run<PaymentResult>("psync", { connectorTransactionId: r.result.connectorTransactionId });
    assert.equal(synced.result.status, "charged");
  });

  it("SEPA Direct Debit: processing (authorizing) until it clears; the emulator, like Stripe, wants the mandate", async () => {
    const sepa = { type: "bankDebit", bankDebit: { method: "sepa", accountHolderName: "Jenny Rosen", iban: "DE89370400440532013000" } };
    const r = await order("m-sepa", 1000, "EUR", sepa, { browserInfo: BROWSER });
    assertSpecShaped(r.body);
    assert.equal(r.result.status, "authorizing", JSON.stringify(r.result));
    assert.equal(r.body.status, "processing");
  });

  it("vouchers and QR codes: pending with nextAction (Boleto number and voucher, Pix copy-and-paste data)", async () => {
    const boleto = await order("m-boleto", 10000, "BRL", { type: "voucher", voucher: { method: "boleto", taxId: "000.000.000-00" } }, {
      billingAddress: { line1: "Av. Paulista 1", city: "São Paulo", state: "SP", postalCode: "01310-100", country: "BR" },
    });
    assertSpecShaped(boleto.body);
    assert.equal(boleto.result.status, "pending");
    assert.equal(boleto.result.nextAction?.type, "displayVoucher");
    assert.equal(boleto.result.nextAction?.reference, boleto.body.next_action.boleto_display_details.number);
    assert.ok(boleto.result.nextAction?.expiresAt);
    const pix = await order("m-pix", 10000, "BRL", { type: "voucher", voucher: { method: "pix" } });
    assertSpecShaped(pix.body);
    assert.equal(pix.result.nextAction?.type, "displayQrCode");
    assert.equal(pix.result.nextAction?.qrData, pix.body.next_action.pix_display_qr_code.data);
  });

  it("BLIK: the code goes with the confirmation and the shopper approves in the bank app", async () => {
    const r = await order("m-blik", 5000, "PLN", { type: "bankRedirect", bankRedirect: { method: "blik", blikCode: "777123" } });
    assert.equal(r.result.status, "pending");
    assert.deepEqual(r.result.nextAction, { type: "awaitApproval" });
  });

  it("a free-text refund reason is kept in metadata instead of being refused", async () => {
    const paid = await order("m-refund", 1099, "USD", { type: "token", token: { value: "pm_card_visa" } });
    const refund = await run<RefundResult>("refund", {
      connectorTransactionId: paid.result.connectorTransactionId,
      merchantRefundId: "m-refund-1",
      refundAmount: { minorAmount: 500, currency: "USD" },
      reason: "Customer changed their mind",
    });
    assert.equal(refund.result.status, "success", JSON.stringify(refund.result));
    assert.equal(refund.body.metadata?.reason, "Customer changed their mind");
    assert.equal(refund.body.reason ?? null, null);
  });
}));

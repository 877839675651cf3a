// Checkout.com's payment methods beyond raw cards, through the real client pieces against the
// loopback emulator: network tokens and decrypted wallet tokens (network_token), bank redirects
// followed like a shopper's browser (202 Pending with _links.redirect, back to returnUrl, psync),
// 3-D Secure asked for, skipped or done elsewhere, the series type of saved cards and their
// merchant-initiated payments, and the dynamic billing descriptor. What each answer must look like
// is Checkout.com's documented behaviour (docs "iDEAL", "Pay with a pre-decrypted Apple Pay
// token", "3D Secure payments with a third-party provider", "Dynamic billing descriptor").
import assert from "node:assert/strict";

import { fetchExecutor } from "../../client/http.js";
import { SidecarError } from "../../client/errors.js";
import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, PaymentResult, TransformRequestParams } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";

type Json = Record<string, any>;

const AUTH = { apiKey: "sk_sbox_methodsemulator000000000000", billingDescriptorCity: "London" };
const RETURN = "https://shop.example/return";
const CARD = { number: "4242424242424242", expMonth: "12", expYear: "2034", cvc: "100" };

describe("Checkout.com payment methods through the client against the emulator", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let pool: SidecarPool;

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    emu = await startEmulator({});
  });
  after(async () => {
    await emu?.close();
    await pool?.close();
  });

  async function run(flow: string, request: Json): Promise<{ http: HttpRequest; sent: Json; result: PaymentResult }> {
    const params = { connector: "checkout", flow, auth: AUTH, request, options: { baseUrl: emu.baseUrls.checkout } } as TransformRequestParams;
    const http = await pool.transformRequest(params);
    const response = await fetchExecutor(http, { signal: AbortSignal.timeout(10_000) });
    const result = (await pool.transformResponse({ ...params, response } as never)) as PaymentResult;
    return { http, sent: http.body ? (JSON.parse(http.body.data) as Json) : {}, result };
  }
  const order = (id: string, amount: number, currency: string, paymentMethod: Json, extra: Json = {}) =>
    run("authorize", { merchantTransactionId: id, amount: { minorAmount: amount, currency }, paymentMethod, returnUrl: RETURN, customer: { name: "Jane Doe", email: "jane@example.com" }, ...extra });
  const psync = (r: PaymentResult) => run("psync", { connectorTransactionId: r.connectorTransactionId, state: r.state });

  it("a network token and decrypted Apple Pay / Google Pay tokens pay as network_token", async () => {
    const nt = await order("m-nt", 6540, "USD", { type: "networkToken", networkToken: { number: "4543474002249996", expMonth: "06", expYear: "2031", cryptogram: "hv8mUFzPzRZoCAAAAAEQBDMAAAA=", eci: "05" } }, { captureMethod: "manual" });
    assert.equal(nt.result.status, "authorized", JSON.stringify(nt.result));
    assert.equal(nt.sent["source"]["token_type"], "vts");
    const apple = await order("m-ap", 1000, "USD", { type: "applePay", applePay: { decrypted: { number: "5436031030606378", expMonth: "10", expYear: "2031", cryptogram: "AgAAAAAAAIR8CQrXcIhbQAAAAAA=", eci: "02" } } });
    assert.equal(apple.result.status, "capture_initiated", JSON.stringify(apple.result));
    assert.equal(apple.sent["source"]["token_type"], "applepay");
    assert.equal((await psync(apple.result)).result.status, "charged");
    const google = await order("m-gp", 1000, "GBP", { type: "googlePay", googlePay: { decrypted: { number: "4242424242424242", expMonth: "11", expYear: "2031", cryptogram: "AgAAAAAAAIR8CQrXcIhbQAAAAAA=", eci: "05" } } });
    assert.equal(google.sent["source"]["token_type"], "googlepay");
    assert.equal(google.result.status, "capture_initiated");
    // A decline card's number as a token declines like the card.
    const declined = await order("m-nt-d", 1000, "USD", { type: "networkToken", networkToken: { number: "4544249167673670", expMonth: "06", expYear: "2031", cryptogram: "hv8mUFzPzRZoCAAAAAEQBDMAAAA=", eci: "05" } });
    assert.equal(declined.result.status, "failure");
    assert.equal(declined.result.error?.code, "insufficient_funds");
  });

  it("an encrypted wallet token is refused before anything is sent, without the token in the message", async () => {
    const token = "eyJ2ZXJzaW9uIjoiRUNfdjEiLCJkYXRhIjoic2VjcmV0In0=";
    await assert.rejects(
      order("m-ap-enc", 1000, "USD", { type: "applePay", applePay: { paymentData: token } }),
      (e: unknown) => e instanceof SidecarError && e.code === 1003 && /POST \/tokens/.test(e.message) && !e.message.includes(token),
    );
  });

  for (const [method, extra, currency] of [
    ["ideal", { paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal", issuer: "INGBNL2A" } }, description: "ORD50234E89" }, "EUR"],
    ["bancontact", { paymentMethod: { type: "bankRedirect", bankRedirect: { method: "bancontact" } } }, "EUR"],
    ["eps", { paymentMethod: { type: "bankRedirect", bankRedirect: { method: "eps" } } }, "EUR"],
    ["przelewy24", { paymentMethod: { type: "bankRedirect", bankRedirect: { method: "przelewy24" } } }, "PLN"],
    ["knet", { paymentMethod: { type: "bankRedirect", bankRedirect: { method: "knet" } } }, "KWD"],
    ["alipayHk", { paymentMethod: { type: "walletRedirect", walletRedirect: { method: "alipayHk" } } }, "HKD"],
  ] as const) {
    it(`${method}: 202 Pending with the provider's redirect, the shopper pays and comes back, psync says charged`, async () => {
      const { paymentMethod, ...rest } = extra as Json;
      const r = await order(`m-${method}`, 2000, currency, paymentMethod, rest);
      assert.equal(r.result.status, "authentication_pending", JSON.stringify(r.result));
      assert.equal(r.result.redirection?.method, "GET");
      const page = await fetch(r.result.redirection!.url, { redirect: "manual" });
      assert.equal(page.status, 302);
      assert.ok(page.headers.get("location")!.startsWith(`${RETURN}?cko-payment-id=pay_`));
      const synced = await psync(r.result);
      assert.equal(synced.result.status, "charged", JSON.stringify(synced.result));
      assert.deepEqual(synced.result.amountCaptured, { minorAmount: 2000, currency });
    });
  }

  it("bank debits: SEPA and ACH answer 202 Pending with no redirect; psync stays pending until the debit is collected", async () => {
    const iban = "FR7630006000011234567890189";
    const sepa = await order("m-sepa", 2000, "EUR",
      { type: "bankDebit", bankDebit: { method: "sepa", accountHolderName: "Ali Farid", iban, mandateAcceptance: { acceptedAt: "2025-03-22T23:59:59.5Z" } } },
      { returnUrl: undefined, billingAddress: { line1: "Rue Exemple", line2: "1", city: "Paris", postalCode: "75000", country: "FR" } });
    assert.equal(sepa.result.status, "pending", JSON.stringify(sepa.result));
    assert.equal(sepa.result.redirection, undefined);
    assert.equal(sepa.http.body?.sensitive, true, "the body carries the IBAN");
    assert.deepEqual(
      [sepa.sent["source"]["type"], sepa.sent["source"]["country"], sepa.sent["source"]["account_number"], sepa.sent["source"]["date_of_signature"]],
      ["sepa", "FR", iban, "2025-03-22"],
    );
    assert.equal((await psync(sepa.result)).result.status, "pending");
    const ach = await order("m-ach", 4999, "USD",
      { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "John Smith", accountNumber: "4099999992", routingNumber: "011075150" } },
      { returnUrl: undefined });
    assert.equal(ach.result.status, "pending", JSON.stringify(ach.result));
    assert.deepEqual([ach.sent["source"]["account_type"], ach.sent["source"]["bank_code"], ach.sent["source"]["account_holder"]["last_name"]], ["checking", "011075150", "Smith"]);
    // The emulator's bank collects it: psync reads the payment captured.
    await fetch(`${emu.baseUrls.checkout}/_emulator/apm/${ach.result.connectorTransactionId}`, { redirect: "manual" });
    assert.equal((await psync(ach.result)).result.status, "charged");
  });

  it("a SEPA debit without the address Checkout.com requires is refused before anything is sent, without the IBAN in the message", async () => {
    const iban = "DE89370400440532013000";
    await assert.rejects(
      order("m-sepa-x", 2000, "EUR", { type: "bankDebit", bankDebit: { method: "sepa", accountHolderName: "Jane Doe", iban, mandateAcceptance: { acceptedAt: "2025-03-22T10:00:00Z" } } }),
      (e: unknown) => e instanceof SidecarError && e.code === 1004 && e.data?.field === "request.billingAddress" && !e.message.includes(iban),
    );
  });

  it("a shopper who cancels at the bank: the payment is canceled (nothing taken)", async () => {
    const r = await order("m-ideal-c", 2000, "EUR", { type: "bankRedirect", bankRedirect: { method: "ideal", issuer: "RABONL2U" } }, { description: "ORD-C" });
    await fetch(`${r.result.redirection!.url}?outcome=cancel`, { redirect: "manual" });
    const synced = await psync(r.result);
    assert.equal(synced.result.status, "voided");
    assert.equal(synced.result.connectorStatus, "Canceled");
  });

  it("3-D Secure: auto with a returnUrl pays without a challenge, challenge redirects, external authorizes at once", async () => {
    const auto = await order("m-3ds-auto", 1099, "EUR", { type: "card", card: CARD }, { captureMethod: "manual" });
    assert.equal(auto.sent["3ds"], undefined);
    assert.equal(auto.result.status, "authorized");
    const challenge = await order("m-3ds-ch", 1099, "EUR", { type: "card", card: CARD }, { captureMethod: "manual", threeDs: { mode: "challenge" } });
    assert.equal(challenge.result.status, "authentication_pending");
    await fetch(challenge.result.redirection!.url, { redirect: "manual" });
    assert.equal((await psync(challenge.result)).result.status, "authorized");
    const external = await order("m-3ds-ext", 1099, "EUR", { type: "card", card: CARD }, {
      captureMethod: "manual",
      threeDs: { external: { version: "2.2.0", cavv: "AAABBBEAUAAAABgICABAAAAAAAA=", eci: "05", dsTransactionId: "f25084f0-5b16-4c0a-ae5d-b24808a95e4b" } },
    });
    assert.equal(external.result.status, "authorized", JSON.stringify(external.result));
    assert.equal(external.sent["3ds"]["xid"], "f25084f0-5b16-4c0a-ae5d-b24808a95e4b");
    const skip = await order("m-3ds-skip", 1099, "EUR", { type: "card", card: CARD }, { captureMethod: "manual", threeDs: { mode: "skip" } });
    assert.deepEqual(skip.sent["3ds"], { enabled: false });
    assert.equal(skip.result.status, "authorized");
  });

  it("an instalment plan: the first payment saves the card as Installment, the next ones are merchant-initiated instalments", async () => {
    const first = await order("m-inst-1", 3000, "EUR", { type: "card", card: CARD }, {
      setupFutureUsage: "offSession",
      recurringType: "installment",
      statementDescriptor: "SHOP*INSTALMENT 1",
      // Without a returnUrl: no 3-D Secure for the mandate (with one, the issuer is asked to
      // authenticate it first: challenge_requested_mandate).
      returnUrl: undefined,
    });
    assert.equal(first.sent["payment_type"], "Installment");
    assert.deepEqual(first.sent["billing_descriptor"], { name: "SHOP*INSTALMENT 1", city: "London" });
    assert.match(first.result.mandateReference!, /^src_/);
    const next = await run("repeatPayment", {
      merchantTransactionId: "m-inst-2",
      amount: { minorAmount: 3000, currency: "EUR" },
      mandateReference: first.result.mandateReference,
      networkTransactionId: first.result.networkTransactionId,
      recurringType: "installment",
    });
    assert.equal(next.sent["payment_type"], "Installment");
    assert.equal(next.sent["merchant_initiated"], true);
    assert.equal(next.result.status, "capture_initiated", JSON.stringify(next.result));
  });
});

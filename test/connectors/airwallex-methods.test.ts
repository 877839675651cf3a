// Airwallex's payment methods beyond a card, through the real client pieces (PaymentsClient on a
// SidecarPool, Node's fetch) against the loopback emulator: each local method is the same two
// calls as a card (create the PaymentIntent, confirm it with payment_method {type: <method>}),
// answered REQUIRES_CUSTOMER_ACTION with next_action (a redirect to the method's page, or WeChat
// Pay's render_qrcode), which the client reads as pending; the shopper's browser is followed to the
// page and back, and psync reads the outcome. Apple Pay and Google Pay pay like a card; a direct
// debit is PENDING until collected. Every protocol payment-method type Airwallex does not take is
// listed with its reason, and a refused one says it.
import assert from "node:assert/strict";

import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import type { PaymentMethod, PaymentResult } from "../../protocol/index.js";
import { PaymentMethodType } from "../../protocol/index.js";
import { AIRWALLEX_API_KEY, AIRWALLEX_CLIENT_ID } from "../../emulator/connectors/airwallex/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";

const AUTH = { clientId: AIRWALLEX_CLIENT_ID, apiKey: AIRWALLEX_API_KEY };
const RETURN = "https://shop.example/return";
const JANE = { name: "Jane Doe", email: "jane@example.com", phone: "+819012345678" };
const DESKTOP = { userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36", language: "nl-NL" };

describe("airwallex payment methods through the client and the emulator", function () {
  this.timeout(60_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let payments: PaymentsClient;
  let call: { connector: "airwallex"; auth: typeof AUTH; options: { baseUrl: string } };
  const order = (tag: string) => `awxm_${tag}_${process.pid}_${Date.now()}`;

  before(async () => {
    emu = await startEmulator({});
    pool = await SidecarPool.start({ size: 1 });
    payments = new PaymentsClient(pool);
    call = { connector: "airwallex", auth: AUTH, options: { baseUrl: emu.baseUrls.airwallex! } };
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
  });

  const pay = (tag: string, paymentMethod: PaymentMethod, currency: string, minorAmount: number, extra: Record<string, unknown> = {}) => {
    const id = order(tag);
    return payments.authorize({
      ...call,
      request: { merchantTransactionId: id, amount: { minorAmount, currency } as never, paymentMethod, customer: JANE, returnUrl: RETURN, idempotencyKey: `${id}-a`, ...extra },
    });
  };
  /** The shopper's browser on the method's page: where it is sent back to. */
  const visit = async (url: string) => {
    const res = await fetch(url, { redirect: "manual" });
    assert.equal(res.status, 302);
    return new URL(res.headers.get("location")!);
  };
  const sync = (payment: PaymentResult) => payments.sync({ ...call, request: {}, payment });

  it("iDEAL: pending with the bank's redirect, paid at the bank, charged on psync", async () => {
    const auth = await pay("ideal", { type: "bankRedirect", bankRedirect: { method: "ideal", issuer: "ing" } }, "EUR", 2500);
    assert.equal(auth.status, "pending", JSON.stringify(auth));
    assert.equal(auth.connectorStatus, "REQUIRES_CUSTOMER_ACTION");
    assert.equal(auth.nextAction?.type, "redirect");
    assert.equal(auth.redirection?.url, auth.nextAction?.url);
    const back = await visit(auth.redirection!.url);
    assert.equal(`${back.origin}${back.pathname}`, RETURN);
    assert.equal(back.searchParams.get("payment_intent_id"), auth.connectorTransactionId);
    const synced = await sync(auth);
    assert.equal(synced.status, "charged", JSON.stringify(synced));
    assert.deepEqual(synced.amountCaptured, { minorAmount: 2500, currency: "EUR" });
  });

  it("a shopper who gives up at the bank: the psync is a failure", async () => {
    const auth = await pay("p24", { type: "bankRedirect", bankRedirect: { method: "przelewy24" } }, "PLN", 4000);
    assert.equal(auth.status, "pending", JSON.stringify(auth));
    await visit(`${auth.redirection!.url}?cancel=1`);
    const synced = await sync(auth);
    assert.equal(synced.status, "failure", JSON.stringify(synced));
  });

  it("WeChat Pay from a desktop: a QR code to show, pending", async () => {
    const auth = await pay("wechat", { type: "walletRedirect", walletRedirect: { method: "wechatPay" } }, "CNY", 880, { browserInfo: DESKTOP });
    assert.equal(auth.status, "pending", JSON.stringify(auth));
    assert.equal(auth.nextAction?.type, "displayQrCode");
    assert.match(auth.nextAction?.qrData ?? "", /^weixin:\/\//);
    assert.equal(auth.redirection, undefined);
  });

  it("Klarna with a hold: authorized when the shopper returns, then captured", async () => {
    const auth = await pay("klarna", { type: "bnpl", bnpl: { method: "klarna" } }, "EUR", 12000, {
      captureMethod: "manual",
      billingAddress: { firstName: "Jane", lastName: "Doe", line1: "Damrak 1", city: "Amsterdam", postalCode: "1012 LG", country: "NL" },
      browserInfo: DESKTOP,
    });
    assert.equal(auth.status, "pending", JSON.stringify(auth));
    await visit(auth.redirection!.url);
    const held = await sync(auth);
    assert.equal(held.status, "authorized", JSON.stringify(held));
    const captured = await payments.capture({ ...call, request: { amountToCapture: { minorAmount: 12000, currency: "EUR" } }, payment: held });
    assert.equal(captured.status, "charged", JSON.stringify(captured));
  });

  it("a hold on a method Airwallex captures at once is refused before any call", async () => {
    await assert.rejects(
      pay("hold", { type: "walletRedirect", walletRedirect: { method: "grabpay" } }, "SGD", 1000, { captureMethod: "manual" }),
      (e: Error) => /request\.captureMethod/.test(e.message) && /auto_capture/.test(e.message),
    );
  });

  it("SEPA Direct Debit: pending while collected, charged on a later psync", async () => {
    const auth = await pay("sepa", { type: "bankDebit", bankDebit: { method: "sepa", accountHolderName: "Jane Doe", iban: "DE89370400440532013000" } }, "EUR", 1999);
    assert.equal(auth.status, "pending", JSON.stringify(auth));
    assert.equal(auth.connectorStatus, "PENDING");
    const synced = await sync(auth);
    assert.equal(synced.status, "charged", JSON.stringify(synced));
  });

  it("Konbini: the shopper's name, email and phone go out; pending with the voucher page", async () => {
    const auth = await pay("konbini", { type: "voucher", voucher: { method: "konbini" } }, "JPY", 5000);
    assert.equal(auth.status, "pending", JSON.stringify(auth));
    assert.equal(auth.nextAction?.type, "redirect");
  });

  it("Google Pay decrypted pays like a card; Apple Pay encrypted with a hold is authorized", async () => {
    const google = await pay("gpay", { type: "googlePay", googlePay: { decrypted: { number: "4035501000000008", expMonth: "12", expYear: "2030", cryptogram: "AgAAAAAABk4DWZ4C28yUQAAAAAA=", eci: "05" } } }, "USD", 1500);
    assert.equal(google.status, "charged", JSON.stringify(google));
    const paymentData = Buffer.from(JSON.stringify({ version: "EC_v1", data: "ZW5j", signature: "c2ln", header: { transactionId: "t1" } })).toString("base64");
    const apple = await pay("apay", { type: "applePay", applePay: { paymentData } }, "USD", 1500, { captureMethod: "manual" });
    assert.equal(apple.status, "authorized", JSON.stringify(apple));
    const voided = await payments.void({ ...call, request: {}, payment: apple });
    assert.equal(voided.status, "voided");
  });

  it("PayPal through Airwallex: pending with PayPal's redirect, charged after approval", async () => {
    const auth = await pay("paypal", { type: "paypal", paypal: {} }, "EUR", 3000);
    assert.equal(auth.status, "pending", JSON.stringify(auth));
    await visit(auth.redirection!.url);
    assert.equal((await sync(auth)).status, "charged");
  });

  it("every protocol payment-method type is taken or listed with Airwallex's reason; a refused one says it", async () => {
    const info = (await pool.listConnectors()).find((c) => c.name === "airwallex")!;
    const taken = new Set(info.paymentMethods.map((p) => p.type));
    const refused = new Map((info.unsupportedPaymentMethods ?? []).map((u) => [u.type, u.reason]));
    for (const type of PaymentMethodType.options) {
      assert.ok(taken.has(type) !== refused.has(type), `${type}: taken and listed, or neither`);
      if (refused.has(type)) assert.ok(!/not (built|implemented)|this (connector )?version/i.test(refused.get(type)!), `${type}: ${refused.get(type)}`);
    }
    await assert.rejects(
      pay("upi", { type: "upiCollect", upi: { vpa: "jane@okbank" } }, "INR", 1000),
      (e: Error) => /UPI/.test(e.message),
    );
  });
});

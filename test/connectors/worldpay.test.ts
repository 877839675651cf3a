// Worldpay end to end: the emulator on its own (its headers, links and refusals), then the whole
// lifecycle through the real client pieces (SidecarPool + the fetch executor) against it:
// authorize → psync → partial settlement → two partial refunds → refund status; a refusal with
// Worldpay's code; a whole settlement and refund; a cancellation; setupMandate → repeatPayment;
// and the Events webhooks, verified by their Event-Signature and read by parseWebhook.
import assert from "node:assert/strict";

import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import { exchangeThrough } from "../support/exchange.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { WORLDPAY_PASSWORD, WORLDPAY_USERNAME } from "../../emulator/connectors/worldpay/index.js";
import { scenario } from "../../emulator/connectors/worldpay/scenario.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const AUTH = scenario.emulator.auth;
const SECRET = scenario.emulator.webhookSecret!;
const BASIC = `Basic ${Buffer.from(`${WORLDPAY_USERNAME}:${WORLDPAY_PASSWORD}`).toString("base64")}`;
// Worldpay's Payments API testing page: its Visa test card, and the cardholder names that pick the outcome.
const CARD = { number: "4000000000002701", expMonth: "05", expYear: "2035", cvc: "123", holderName: "AUTHORISED" };

async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: BASIC, "Content-Type": "application/json", "WP-Api-Version": "2024-06-01", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

const payment = (holder = "AUTHORISED", extra: Record<string, unknown> = {}) => ({
  transactionReference: `emu-${Math.random().toString(36).slice(2)}`,
  merchant: { entity: "default" },
  instruction: {
    method: "card",
    paymentInstrument: { type: "plain", cardHolderName: holder, cardNumber: CARD.number, expiryDate: { month: 5, year: 2035 }, cvc: "123" },
    narrative: { line1: "Demo shop" },
    value: { currency: "GBP", amount: 4200 },
    ...extra,
  },
});

describe("worldpay emulator", function () {
  let emu: Emulator;
  let base: string;
  before(async () => {
    emu = await startEmulator();
    base = emu.baseUrls.worldpay!;
  });
  after(() => emu.close());

  it("authorizes with links whose linkData carries the actions", async () => {
    const r = await call(base, "POST", "/api/payments", payment());
    assert.equal(r.status, 201);
    assert.equal(r.json!["outcome"], "authorized");
    const self: string = r.json!["_links"]["self"]["href"];
    assert.ok(self.startsWith(`${base}/api/payments/`));
    assert.deepEqual(Object.keys(r.json!["_actions"]).sort(), ["cancelPayment", "partiallySettlePayment", "reversePayment", "settlePayment"]);
    assert.equal(r.json!["_actions"]["settlePayment"]["href"], `${self}/settlements`);
    // Refunds are not among an authorization's actions.
    assert.equal((await call(base, "POST", `${self.slice(base.length)}/refunds`)).status, 404);
    assert.equal((await call(base, "GET", self.slice(base.length))).json!["lastEvent"], "Authorized");
  });

  it("refuses with the documented code of a REFUSED<code> cardholder name", async () => {
    const r = await call(base, "POST", "/api/payments", payment("REFUSED51"));
    assert.equal(r.status, 201);
    assert.deepEqual([r.json!["outcome"], r.json!["refusalCode"], r.json!["refusalDescription"]], ["refused", "51", "LIMIT EXCEEDED"]);
  });

  it("401 accessDenied for other credentials, 406 without the version header", async () => {
    const denied = await call(base, "POST", "/api/payments", payment(), { Authorization: `Basic ${Buffer.from("x:y").toString("base64")}` });
    assert.deepEqual([denied.status, denied.json!["errorName"]], [401, "accessDenied"]);
    const res = await fetch(`${base}/api/payments`, { method: "POST", headers: { Authorization: BASIC, "Content-Type": "application/json" }, body: "{}" });
    assert.equal(res.status, 406);
    assert.equal(((await res.json()) as any).headerName, "WP-Api-Version");
  });
});

// ---------------------------------------------------------------------------------------------

describe("worldpay lifecycle through the client", function () {
  this.timeout(30_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let receiver: WebhookReceiver;

  before(async () => {
    receiver = await startWebhookReceiver("/webhooks/worldpay");
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: { worldpay: SECRET } } });
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  const exchange = exchangeThrough("worldpay", AUTH, () => pool, () => emu.baseUrls.worldpay!);

  const amount = { minorAmount: 4200, currency: "GBP" };

  it("authorize → psync → settle part → refund part, twice → refund status; more than settled is refused", async () => {
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-wp-1",
      amount,
      paymentMethod: { type: "card", card: CARD },
      captureMethod: "manual",
    });
    assert.equal(auth.status, "authorized", JSON.stringify(auth.error));
    assert.ok(auth.networkTransactionId, "the scheme reference");
    const id = auth.connectorTransactionId!;
    assert.equal((await exchange("psync", { connectorTransactionId: id })).status, "authorized");

    const capture = await exchange("capture", {
      connectorTransactionId: id,
      amountToCapture: { minorAmount: 3000, currency: "GBP" },
      paymentAmount: amount,
      merchantCaptureId: "order-wp-1-capture",
    });
    assert.equal(capture.status, "partial_charged", JSON.stringify(capture.error));
    assert.deepEqual(capture.amountCaptured, { minorAmount: 3000, currency: "GBP" });
    // The settled payment has a linkData of its own: refunds go through it.
    const settled = capture.connectorTransactionId!;
    assert.notEqual(settled, id);
    assert.equal((await exchange("psync", { connectorTransactionId: id })).status, "charged");

    for (const [n, minor] of [[1, 1000], [2, 500]] as const) {
      const refund = await exchange("refund", {
        connectorTransactionId: settled,
        merchantRefundId: `order-wp-1-refund-${n}`,
        refundAmount: { minorAmount: minor, currency: "GBP" },
        paymentAmount: { minorAmount: 3000, currency: "GBP" },
      });
      assert.equal(refund.status, "pending", JSON.stringify(refund.error));
      assert.equal(refund.connectorStatus, "sentForPartialRefund");
      const status = await exchange("rsync", { connectorTransactionId: settled, connectorRefundId: refund.connectorRefundId });
      assert.deepEqual([status.status, status.connectorStatus], ["pending", "Sent for Refund"]);
    }
    const over = await exchange("refund", {
      connectorTransactionId: settled,
      merchantRefundId: "order-wp-1-refund-3",
      refundAmount: { minorAmount: 2000, currency: "GBP" },
    });
    assert.equal(over.status, "failure");
    assert.equal(over.error?.code, "invalid_request");
    // The authorization's own link cannot refund: Worldpay offers refunds on the settlement's.
    const wrongLink = await exchange("refund", { connectorTransactionId: id, merchantRefundId: "order-wp-1-refund-4", refundAmount: { minorAmount: 100, currency: "GBP" } });
    assert.deepEqual([wrongLink.status, wrongLink.error?.code], ["failure", "not_found"]);
  });

  it("a refusal: failure with Worldpay's refusal code, hard or soft as its table says", async () => {
    const r = await exchange("authorize", {
      merchantTransactionId: "order-wp-2",
      amount,
      paymentMethod: { type: "card", card: { ...CARD, holderName: "REFUSED51" } },
    });
    assert.equal(r.status, "failure");
    assert.deepEqual([r.error?.code, r.error?.connectorCode, r.error?.declineType], ["insufficient_funds", "51", "soft"]);
    const stolen = await exchange("authorize", {
      merchantTransactionId: "order-wp-3",
      amount,
      paymentMethod: { type: "card", card: { ...CARD, holderName: "REFUSED43" } },
    });
    assert.deepEqual([stolen.error?.code, stolen.error?.declineType], ["lost_or_stolen_card", "hard"]);
  });

  it("automatic capture is charged at once and refunds whole; a manual one can be cancelled", async () => {
    const auto = await exchange("authorize", { merchantTransactionId: "order-wp-4", amount, paymentMethod: { type: "card", card: CARD } });
    assert.equal(auto.status, "charged");
    const whole = await exchange("refund", {
      connectorTransactionId: auto.connectorTransactionId,
      merchantRefundId: "order-wp-4-refund",
      refundAmount: amount,
      paymentAmount: amount,
    });
    assert.deepEqual([whole.status, whole.connectorStatus], ["pending", "sentForRefund"]);
    const manual = await exchange("authorize", { merchantTransactionId: "order-wp-5", amount, paymentMethod: { type: "card", card: CARD }, captureMethod: "manual" });
    const voided = await exchange("void", { connectorTransactionId: manual.connectorTransactionId });
    assert.equal(voided.status, "voided");
    assert.equal((await exchange("psync", { connectorTransactionId: manual.connectorTransactionId })).status, "voided");
    const again = await exchange("void", { connectorTransactionId: manual.connectorTransactionId });
    assert.equal(again.status, "void_failed");
  });

  const BROWSER = { acceptHeader: "text/html", userAgent: "Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:47.0)", language: "en-GB" };

  it("integrated 3DS: device data collection → challenge → authorized, through completeAuthorize twice", async () => {
    const started = await exchange("authorize", {
      merchantTransactionId: "order-wp-3ds-1",
      amount,
      paymentMethod: { type: "card", card: { ...CARD, holderName: "3ds2-challenge-identified" } },
      captureMethod: "manual",
      browserInfo: BROWSER,
      returnUrl: "https://shop.example/3ds-return",
    });
    assert.equal(started.status, "authentication_pending", JSON.stringify(started.error));
    assert.equal(started.connectorStatus, "3dsDeviceDataRequired");
    assert.equal(started.redirection?.method, "POST");
    assert.equal(started.redirection?.form?.["Bin"], CARD.number.slice(0, 6));
    assert.ok(started.redirection?.form?.["JWT"], "the device data collection JWT");
    assert.deepEqual(started.state, { worldpay3ds: "3dsDeviceData" });

    const challenged = await exchange("completeAuthorize", {
      connectorTransactionId: started.connectorTransactionId!,
      redirectPayload: { collectionReference: "0_emulator-session" },
      state: started.state,
    });
    assert.equal(challenged.status, "authentication_pending", JSON.stringify(challenged.error));
    assert.equal(challenged.connectorStatus, "3dsChallenged");
    assert.ok(challenged.redirection?.form?.["JWT"], "the challenge JWT");
    assert.ok(challenged.nextAction?.reference, "the challenge reference");
    assert.notEqual(challenged.connectorTransactionId, started.connectorTransactionId);

    const done = await exchange("completeAuthorize", { connectorTransactionId: challenged.connectorTransactionId!, state: challenged.state });
    assert.equal(done.status, "authorized", JSON.stringify(done.error));
    const settled = await exchange("capture", { connectorTransactionId: done.connectorTransactionId!, amountToCapture: amount, paymentAmount: amount });
    assert.equal(settled.status, "charged", JSON.stringify(settled.error));
    // Each 3DS link is used once: the same step again is Worldpay's 404.
    const again = await exchange("completeAuthorize", { connectorTransactionId: challenged.connectorTransactionId!, state: challenged.state });
    assert.deepEqual([again.status, again.error?.code], ["failure", "not_found"]);
  });

  it("integrated 3DS: frictionless goes straight to authorized; a failed challenge is authentication_failed", async () => {
    const frictionless = await exchange("authorize", {
      merchantTransactionId: "order-wp-3ds-2",
      amount,
      paymentMethod: { type: "card", card: { ...CARD, holderName: "3ds2-frictionless-identified" } },
      browserInfo: BROWSER,
      returnUrl: "https://shop.example/3ds-return",
    });
    assert.equal(frictionless.connectorStatus, "3dsDeviceDataRequired");
    const charged = await exchange("completeAuthorize", { connectorTransactionId: frictionless.connectorTransactionId!, state: frictionless.state });
    assert.equal(charged.status, "charged", JSON.stringify(charged.error));

    const failing = await exchange("authorize", {
      merchantTransactionId: "order-wp-3ds-3",
      amount,
      paymentMethod: { type: "card", card: { ...CARD, holderName: "3ds2-challenge-failed" } },
      captureMethod: "manual",
      browserInfo: BROWSER,
      returnUrl: "https://shop.example/3ds-return",
      threeDs: { mode: "challenge" },
    });
    const challenged = await exchange("completeAuthorize", { connectorTransactionId: failing.connectorTransactionId!, redirectPayload: { collectionReference: "x" }, state: failing.state });
    assert.equal(challenged.connectorStatus, "3dsChallenged");
    const failed = await exchange("completeAuthorize", { connectorTransactionId: challenged.connectorTransactionId!, state: challenged.state });
    assert.deepEqual([failed.status, failed.error?.code], ["authentication_failed", "authentication_failed"]);
  });

  it("APM: iDEAL redirects, the shopper pays, psync says charged, and a partial reversal refunds", async () => {
    const started = await exchange("authorize", {
      merchantTransactionId: "order-wp-ideal-1",
      amount: { minorAmount: 2500, currency: "EUR" },
      paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal" } },
      returnUrl: "https://shop.example/return",
      customer: { email: "jane@example.com" },
    });
    assert.equal(started.status, "authentication_pending", JSON.stringify(started.error));
    assert.equal(started.redirection?.method, "GET");
    assert.deepEqual(started.state, { worldpayApi: "apmPayments" });
    const id = started.connectorTransactionId!;
    assert.equal((await exchange("psync", { connectorTransactionId: id, state: started.state })).status, "pending");
    // The shopper pays on the bank's page and comes back to returnUrl.
    const page = await fetch(started.redirection!.url, { redirect: "manual" });
    assert.equal(page.status, 302);
    assert.ok(page.headers.get("location")!.startsWith("https://shop.example/return"));
    const paid = await exchange("psync", { connectorTransactionId: id, state: started.state });
    assert.deepEqual([paid.status, paid.connectorStatus], ["charged", "sentForSettlement"]);
    const refund = await exchange("refund", {
      connectorTransactionId: id,
      merchantRefundId: "order-wp-ideal-1-r1",
      refundAmount: { minorAmount: 1000, currency: "EUR" },
      paymentAmount: { minorAmount: 2500, currency: "EUR" },
      state: started.state,
    });
    assert.deepEqual([refund.status, refund.connectorStatus], ["pending", "sentForRefund"], JSON.stringify(refund.error));
    const status = await exchange("rsync", { connectorTransactionId: id, connectorRefundId: refund.connectorRefundId!, state: started.state });
    assert.equal(status.status, "pending");
    const over = await exchange("refund", {
      connectorTransactionId: id,
      merchantRefundId: "order-wp-ideal-1-r2",
      refundAmount: { minorAmount: 2000, currency: "EUR" },
      paymentAmount: { minorAmount: 2500, currency: "EUR" },
      state: started.state,
    });
    assert.deepEqual([over.status, over.error?.code], ["failure", "invalid_request"]);
  });

  it("APM: PayPal with manual capture is authorized after approval, then settled through the APM API", async () => {
    const started = await exchange("authorize", {
      merchantTransactionId: "order-wp-paypal-1",
      amount: { minorAmount: 3500, currency: "GBP" },
      paymentMethod: { type: "paypal", paypal: {} },
      captureMethod: "manual",
      returnUrl: "https://shop.example/return",
    });
    assert.equal(started.status, "authentication_pending", JSON.stringify(started.error));
    await fetch(started.redirection!.url, { redirect: "manual" });
    const id = started.connectorTransactionId!;
    assert.equal((await exchange("psync", { connectorTransactionId: id, state: started.state })).status, "authorized");
    const settled = await exchange("capture", {
      connectorTransactionId: id,
      amountToCapture: { minorAmount: 3500, currency: "GBP" },
      paymentAmount: { minorAmount: 3500, currency: "GBP" },
      state: started.state,
    });
    assert.deepEqual([settled.status, settled.amountCaptured?.minorAmount], ["charged", 3500], JSON.stringify(settled.error));
    const voided = exchange("void", { connectorTransactionId: id, state: started.state });
    await assert.rejects(voided, /cancellation|reversal/);
  });

  it("APM: WeChat Pay answers a QR code image; the shopper pays in the app, psync says charged, and a reversal refunds", async () => {
    const started = await exchange("authorize", {
      merchantTransactionId: "order-wp-wechat-1",
      amount: { minorAmount: 250, currency: "CNY" },
      paymentMethod: { type: "walletRedirect", walletRedirect: { method: "wechatPay" } },
    });
    assert.equal(started.status, "pending", JSON.stringify(started.error));
    assert.equal(started.nextAction?.type, "displayQrCode");
    assert.ok(started.nextAction?.url?.startsWith("data:image/png;base64,iVBOR"));
    assert.equal(started.redirection, undefined);
    const id = started.connectorTransactionId!;
    // The emulator's stand-in for the shopper's app paying the code.
    await (await fetch(`${emu.baseUrls.worldpay}/emulator/apm/${id}`, { redirect: "manual" })).arrayBuffer();
    const paid = await exchange("psync", { connectorTransactionId: id, state: started.state });
    assert.deepEqual([paid.status, paid.connectorStatus], ["charged", "sentForSettlement"]);
    const refund = await exchange("refund", {
      connectorTransactionId: id,
      merchantRefundId: "order-wp-wechat-1-r1",
      refundAmount: { minorAmount: 250, currency: "CNY" },
      paymentAmount: { minorAmount: 250, currency: "CNY" },
      state: started.state,
    });
    assert.deepEqual([refund.status, refund.connectorStatus], ["pending", "sentForRefund"], JSON.stringify(refund.error));
  });

  it("APM: Pix gives its QR code and payload; Swish with a phone waits for the app; Konbini gives its voucher page", async () => {
    const pix = await exchange("authorize", {
      merchantTransactionId: "order-wp-pix-1",
      amount: { minorAmount: 250, currency: "BRL" },
      paymentMethod: { type: "voucher", voucher: { method: "pix", taxId: "12345678901" } },
      billingAddress: { firstName: "Maria", lastName: "Silva", country: "BR" },
    });
    assert.equal(pix.status, "pending", JSON.stringify(pix.error));
    assert.equal(pix.nextAction?.type, "displayQrCode");
    assert.ok(pix.nextAction?.qrData?.startsWith("000201"));
    const swish = await exchange("authorize", {
      merchantTransactionId: "order-wp-swish-1",
      amount: { minorAmount: 250, currency: "SEK" },
      paymentMethod: { type: "walletRedirect", walletRedirect: { method: "swish" } },
      customer: { phone: "+46761985401" },
    });
    assert.deepEqual([swish.status, swish.nextAction?.type], ["pending", "awaitApproval"], JSON.stringify(swish.error));
    assert.match(swish.nextAction?.reference ?? "", /^[0-9A-F]{32}$/);
    const konbini = await exchange("authorize", {
      merchantTransactionId: "order-wp-konbini-1",
      amount: { minorAmount: 1000, currency: "JPY" },
      paymentMethod: { type: "voucher", voucher: { method: "konbini" } },
      returnUrl: "https://shop.example/return",
      customer: { name: "Yamada", email: "yamada@example.com", phone: "09012345678" },
    });
    assert.deepEqual([konbini.status, konbini.nextAction?.type], ["pending", "displayVoucher"], JSON.stringify(konbini.error));
    // Swish moves SEK only: refused before anything is sent.
    await assert.rejects(
      exchange("authorize", {
        merchantTransactionId: "order-wp-swish-2",
        amount: { minorAmount: 250, currency: "EUR" },
        paymentMethod: { type: "walletRedirect", walletRedirect: { method: "swish" } },
      }),
      /SEK/,
    );
  });

  it("APM: an ACH debit is authorized at once; a SEPA debit sends the shopper to confirm its mandate", async () => {
    const ach = await exchange("authorize", {
      merchantTransactionId: "order-wp-ach-1",
      amount: { minorAmount: 750, currency: "USD" },
      paymentMethod: { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "John Johnson", accountNumber: "01234567890123456", routingNumber: "012345678" } },
      billingAddress: { firstName: "John", lastName: "Johnson", line1: "8500 Govenors Hill Drive", city: "Ohio", state: "US-OH", postalCode: "45249", country: "US" },
    });
    assert.deepEqual([ach.status, ach.connectorStatus], ["authorized", "authorized"], JSON.stringify(ach.error));
    const sepa = await exchange("authorize", {
      merchantTransactionId: "order-wp-sepa-1",
      amount: { minorAmount: 250, currency: "EUR" },
      paymentMethod: { type: "bankDebit", bankDebit: { method: "sepa", accountHolderName: "Sherlock Holmes", iban: "DE29500105176647192975" } },
      customer: { email: "sherlock@example.com" },
      billingAddress: { line1: "221B Baker Street", city: "London", state: "Greater London", postalCode: "NW1 6XE", country: "GB" },
    });
    assert.equal(sepa.status, "authentication_pending", JSON.stringify(sepa.error));
    await fetch(sepa.redirection!.url, { redirect: "manual" });
    assert.equal((await exchange("psync", { connectorTransactionId: sepa.connectorTransactionId!, state: sepa.state })).status, "charged");
  });

  it("APM: BLIK with the shopper's consent redirects to Przelewy24's page, then psync says charged", async () => {
    const started = await exchange("authorize", {
      merchantTransactionId: "order-wp-blik-1",
      amount: { minorAmount: 3500, currency: "PLN" },
      paymentMethod: { type: "bankRedirect", bankRedirect: { method: "blik", termsAccepted: true } },
      returnUrl: "https://shop.example/return",
      customer: { email: "jan@example.com" },
    });
    assert.equal(started.status, "authentication_pending", JSON.stringify(started.error));
    await fetch(started.redirection!.url, { redirect: "manual" });
    assert.equal((await exchange("psync", { connectorTransactionId: started.connectorTransactionId!, state: started.state })).status, "charged");
    // The emulator, as Worldpay, will not take a BLIK payment without the consent.
    const body = {
      transactionReference: "emu-blik-no-terms",
      merchant: { entity: "default" },
      instruction: {
        method: "blik",
        termsAccepted: false,
        value: { currency: "PLN", amount: 3500 },
        narrative: { line1: "Demo shop" },
        paymentInstrument: { type: "direct", country: "PL" },
        resultUrls: { success: "https://shop.example/r", pending: "https://shop.example/r", cancel: "https://shop.example/r" },
        customer: { email: "jan@example.com" },
      },
    };
    const refused = await call(emu.baseUrls.worldpay!, "POST", "/apmPayments", body, { "WP-Api-Version": "2024-07-01" });
    assert.equal(refused.status, 400);
  });

  it("APM: Klarna with manual capture is authorized after Klarna's page, then settled; its order's tax is checked", async () => {
    const line = (name: string, quantity: number, unit: number, tax: number) => ({
      name,
      quantity,
      unitAmount: { minorAmount: unit, currency: "GBP" as const },
      taxAmount: { minorAmount: tax, currency: "GBP" as const },
    });
    const started = await exchange("authorize", {
      merchantTransactionId: "order-wp-klarna-1",
      amount: { minorAmount: 16800, currency: "GBP" },
      paymentMethod: { type: "bnpl", bnpl: { method: "klarna", termsUrl: "https://shop.example/terms" } },
      captureMethod: "manual",
      returnUrl: "https://shop.example/return",
      browserInfo: { language: "en-GB" },
      billingAddress: { firstName: "James", lastName: "Moriarty", line1: "Marylebone", city: "London", postalCode: "NW1 6XE", country: "GB" },
      orderLines: [line("Panaphonics DH12-HK", 1, 12000, 2000), line("Panaphonics SD Card 256GB", 2, 2400, 800)],
    });
    assert.equal(started.status, "authentication_pending", JSON.stringify(started.error));
    await fetch(started.redirection!.url, { redirect: "manual" });
    const id = started.connectorTransactionId!;
    assert.equal((await exchange("psync", { connectorTransactionId: id, state: started.state })).status, "authorized");
    const settled = await exchange("capture", {
      connectorTransactionId: id,
      amountToCapture: { minorAmount: 16800, currency: "GBP" },
      paymentAmount: { minorAmount: 16800, currency: "GBP" },
      state: started.state,
    });
    assert.deepEqual([settled.status, settled.amountCaptured?.minorAmount], ["charged", 16800], JSON.stringify(settled.error));
    // The emulator, as Worldpay, checks orderTotalTaxAmount against the lines' tax.
    const body = {
      transactionReference: "emu-klarna-bad-tax",
      merchant: { entity: "default" },
      instruction: {
        method: "klarna_network",
        value: { currency: "GBP", amount: 12000 },
        narrative: { line1: "Demo shop" },
        paymentInstrument: { type: "direct", country: "GB", language: "en" },
        resultUrls: { cancel: "https://shop.example/r", failure: "https://shop.example/r", pending: "https://shop.example/r", success: "https://shop.example/r" },
        order: { orderTotalTaxAmount: 1999, termsUrl: "https://shop.example/terms", items: [{ name: "Phone", quantity: 1, unitCost: 12000, totalTaxAmount: 2000, totalAmount: 12000 }] },
      },
    };
    const refused = await call(emu.baseUrls.worldpay!, "POST", "/apmPayments", body, { "WP-Api-Version": "2024-07-01" });
    assert.deepEqual([refused.status, refused.json?.validationErrors?.[0]?.jsonPath], [400, "$.instruction.order.orderTotalTaxAmount"]);
  });

  it("APM: a SEPA debit names its e-mandate with the merchant's mandateId", async () => {
    const sepa = await exchange("authorize", {
      merchantTransactionId: "order-wp-sepa-2",
      amount: { minorAmount: 250, currency: "EUR" },
      paymentMethod: { type: "bankDebit", bankDebit: { method: "sepa", accountHolderName: "Sherlock Holmes", iban: "DE29500105176647192975", mandateId: "MANDATE-2026/001" } },
      customer: { email: "sherlock@example.com" },
      billingAddress: { line1: "221B Baker Street", city: "London", state: "Greater London", postalCode: "NW1 6XE", country: "GB" },
    });
    assert.equal(sepa.status, "authentication_pending", JSON.stringify(sepa.error));
  });

  it("setupMandate saves a Worldpay token; repeatPayment charges it, twice", async () => {
    const saved = await exchange("setupMandate", {
      merchantTransactionId: "wp-save",
      amount: { minorAmount: 0, currency: "GBP" },
      paymentMethod: { type: "card", card: { ...CARD, number: "5200000000002235" } },
      recurringType: "scheduled",
    });
    assert.equal(saved.status, "authorized", JSON.stringify(saved.error));
    assert.ok(saved.mandateReference?.startsWith(`${emu.baseUrls.worldpay}/tokens/`), saved.mandateReference);
    for (const n of [1, 2]) {
      const repeat = await exchange("repeatPayment", {
        merchantTransactionId: `wp-repeat-${n}`,
        amount: { minorAmount: 1500, currency: "GBP" },
        mandateReference: saved.mandateReference,
        networkTransactionId: saved.networkTransactionId,
        recurringType: "scheduled",
      });
      assert.equal(repeat.status, "charged", JSON.stringify(repeat.error));
      assert.equal(repeat.mandateReference, saved.mandateReference);
    }
    // revokeMandate: the Tokens API deletes the token (204); it no longer pays, and a second
    // delete finds nothing.
    const revoked = await exchange("revokeMandate", { mandateReference: saved.mandateReference });
    assert.equal(revoked.status, "revoked", JSON.stringify(revoked.error));
    const after = await exchange("repeatPayment", {
      merchantTransactionId: "wp-repeat-revoked",
      amount: { minorAmount: 1500, currency: "GBP" },
      mandateReference: saved.mandateReference,
      networkTransactionId: saved.networkTransactionId,
      recurringType: "scheduled",
    });
    assert.notEqual(after.status, "charged", "a deleted token does not pay");
    const again = await exchange("revokeMandate", { mandateReference: saved.mandateReference });
    assert.equal(again.status, "failure");
    assert.equal(again.error?.code, "not_found");
  });

  it("webhooks: signed with Event-Signature, verified and read; a changed body is refused", async () => {
    await emu.webhooksDelivered();
    assert.ok(receiver.received.length >= 5, `${receiver.received.length} webhooks`);
    const payments = new PaymentsClient(pool);
    const types: string[] = [];
    for (const hook of receiver.received) {
      const parsed = await payments.parseWebhook({ connector: "worldpay", headers: hook.headers, body: hook.body, secret: SECRET });
      assert.equal(parsed.verified, true, parsed.reason);
      const e = parsed.events[0]!;
      types.push(`${e.eventType}:${e.paymentStatus ?? e.refundStatus ?? e.kind}`);
    }
    for (const t of ["authorized:authorized", "sentForSettlement:charged", "sentForRefund:pending", "cancelled:voided"]) {
      assert.ok(types.includes(t), `${t} in ${types.join(", ")}`);
    }
    const hook = receiver.received[0]!;
    const tampered = await payments.parseWebhook({ connector: "worldpay", headers: hook.headers, body: hook.body.replace('"value":', '"value":1'), secret: SECRET });
    assert.equal(tampered.verified, false);
    assert.deepEqual(tampered.events, []);
    const wrongSecret = await payments.parseWebhook({ connector: "worldpay", headers: hook.headers, body: hook.body, secret: "another-secret" });
    assert.equal(wrongSecret.verified, false);
  });
});

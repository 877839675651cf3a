// dLocal end to end: the emulator on its own (its signature check and rules), then the whole
// lifecycle through the real client pieces (SidecarPool + the fetch executor) against it:
// authorize → partial capture → refund part, twice → refund status; a void; a sandbox rejection;
// OXXO and Pix waiting for the shopper; and the signed notifications read by parseWebhook.
// The signature the emulator checks is computed here from dLocal's documented formula (hex
// HMAC-SHA256(secret key, X-Login + X-Date + body): docs.dlocal.com "Generate a signature"), not
// from the sidecar.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";

import { SidecarError } from "../../client/errors.js";
import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import type { PaymentResult, WebhookResult } from "../../protocol/index.js";
import { exchangeThrough } from "../support/exchange.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { DLOCAL_SECRET_KEY, DLOCAL_X_LOGIN, DLOCAL_X_TRANS_KEY } from "../../emulator/connectors/dlocal/index.js";
import { scenario } from "../../emulator/connectors/dlocal/scenario.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const AUTH = { xLogin: DLOCAL_X_LOGIN, xTransKey: DLOCAL_X_TRANS_KEY, secretKey: DLOCAL_SECRET_KEY };
// dLocal's sandbox Visa test number, assembled so that no test title or log line spells it.
const TEST_VISA = ["4111", "1111", "1111", "1111"].join("");
const CARD = { number: TEST_VISA, expMonth: "12", expYear: "2034", cvc: "123", holderName: "Jane Doe" };
const MX = { country: "MX" };
const CUSTOMER = { name: "Jane Doe", email: "jane@example.com" };

function documentedSignature(xDate: string, body: string, secret = DLOCAL_SECRET_KEY): string {
  return createHmac("sha256", secret).update(`${DLOCAL_X_LOGIN}${xDate}${body}`).digest("hex");
}

async function call(base: string, method: string, path: string, body?: unknown, secret = DLOCAL_SECRET_KEY) {
  const text = body === undefined ? "" : JSON.stringify(body);
  const xDate = new Date().toISOString();
  const res = await fetch(base + path, {
    method,
    headers: {
      "Content-Type": "application/json",
      "X-Date": xDate,
      "X-Login": DLOCAL_X_LOGIN,
      "X-Trans-Key": DLOCAL_X_TRANS_KEY,
      "X-Version": "2.1",
      "User-Agent": "connector-sidecar-test",
      Authorization: `V2-HMAC-SHA256, Signature: ${documentedSignature(xDate, text, secret)}`,
    },
    ...(text ? { body: text } : {}),
  });
  const out = await res.text();
  return { status: res.status, text: out, json: out ? (JSON.parse(out) as Record<string, any>) : undefined };
}

let orderCounter = 0;
const payment = (extra: Record<string, unknown> = {}) => ({
  amount: 120.5,
  currency: "MXN",
  country: "MX",
  payment_method_id: "CARD",
  payment_method_flow: "DIRECT",
  payer: { name: "Jane Doe", email: "jane@example.com" },
  card: { holder_name: "Jane Doe", expiration_month: 12, expiration_year: 2034, number: TEST_VISA, cvv: "123", capture: false },
  order_id: `emu-dl-${process.pid}-${++orderCounter}`,
  ...extra,
});

describe("dlocal emulator", function () {
  let emu: Emulator;
  let base: string;
  before(async () => {
    emu = await startEmulator();
    base = emu.baseUrls.dlocal!;
  });
  after(() => emu.close());

  it("authorizes card data at /secure_payments and refuses it at /payments", async () => {
    const r = await call(base, "POST", "/secure_payments", payment());
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json!["status"], "AUTHORIZED");
    assert.equal(r.json!["status_code"], "600");
    assert.equal(r.json!["amount"], 120.5);
    assert.ok(!r.text.includes(TEST_VISA), "no card number in the answer");
    const plain = await call(base, "POST", "/payments", payment());
    assert.equal(plain.status, 400);
    assert.equal(plain.json!["code"], 5000);
  });

  it("refuses a wrong signature, another secret and a duplicated order_id", async () => {
    const wrong = await call(base, "POST", "/secure_payments", payment(), "dls_other");
    assert.equal(wrong.status, 403);
    assert.equal(wrong.json!["code"], 3001);
    const body = payment();
    assert.equal((await call(base, "POST", "/secure_payments", body)).status, 200);
    const again = await call(base, "POST", "/secure_payments", body);
    assert.equal(again.status, 400);
    assert.equal(again.json!["code"], 5009);
  });

  it("captures part (POST /payments with authorization_id), refunds what was captured and no more, cancels only authorizations", async () => {
    const p = (await call(base, "POST", "/secure_payments", payment())).json!;
    assert.equal((await call(base, "POST", "/refunds", { payment_id: p.id, amount: 1, currency: "MXN" })).json!["code"], 5002);
    const captured = await call(base, "POST", "/payments", { authorization_id: p.id, amount: 60, currency: "MXN" });
    assert.equal(captured.json!["status"], "PAID");
    assert.equal(captured.json!["amount"], 60);
    assert.equal((await call(base, "POST", "/payments", { authorization_id: p.id })).json!["code"], 5002);
    assert.equal((await call(base, "POST", `/payments/${p.id}/cancel`)).json!["code"], 5002);
    const r = await call(base, "POST", "/refunds", { payment_id: p.id, amount: 55.5, currency: "MXN" });
    assert.equal(r.json!["status"], "SUCCESS");
    assert.equal((await call(base, "POST", "/refunds", { payment_id: p.id, amount: 4.51, currency: "MXN" })).json!["code"], 5007);
    assert.equal((await call(base, "GET", `/refunds/${r.json!["id"]}`)).json!["amount"], 55.5);
  });

  it("mobile money: DIRECT only, payer.phone mandatory, the country's own ids; PENDING with empty bank_transfer and ticket", async () => {
    const mm = (extra: Record<string, unknown> = {}) => ({
      amount: 10000, currency: "KES", country: "KE", payment_method_id: "MW", payment_method_flow: "DIRECT",
      payer: { name: "David Otieno", email: "dotieno@example.com", phone: "+254712345678" },
      order_id: `emu-dl-mm-${process.pid}-${++orderCounter}`,
      ...extra,
    });
    const ok = await call(base, "POST", "/payments", mm());
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json?.status, "PENDING");
    assert.equal(ok.json?.payment_method_type, "BANK_TRANSFER");
    assert.deepEqual([ok.json?.bank_transfer, ok.json?.ticket], [{}, {}]);
    const noPhone = await call(base, "POST", "/payments", mm({ payer: { name: "David Otieno", email: "dotieno@example.com" } }));
    assert.equal(noPhone.json?.param, "payer.phone");
    const redirect = await call(base, "POST", "/payments", mm({ payment_method_flow: "REDIRECT" }));
    assert.equal(redirect.json?.param, "payment_method_flow");
    // MT is Ghana's and Ivory Coast's MTN id, not Kenya's.
    assert.equal((await call(base, "POST", "/payments", mm({ payment_method_id: "MT" }))).json?.code, 5010);
  });

  it("online banking and wallets: REDIRECT only, callback_url mandatory, the country's currency; PENDING with the redirect_url", async () => {
    const pse = (extra: Record<string, unknown> = {}) => ({
      amount: 15000, currency: "COP", country: "CO", payment_method_id: "PC", payment_method_flow: "REDIRECT",
      payer: { name: "Pedro Gomez", email: "pedro@example.com", document: "297332162" },
      order_id: `emu-dl-pse-${process.pid}-${++orderCounter}`,
      callback_url: "https://merchant.example/back",
      ...extra,
    });
    const ok = await call(base, "POST", "/payments", pse());
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json?.status, "PENDING");
    assert.equal(ok.json?.payment_method_type, "BANK_TRANSFER");
    assert.match(String(ok.json?.redirect_url), /\/collect\//);
    assert.equal((await call(base, "POST", "/payments", pse({ payment_method_flow: "DIRECT" }))).json?.param, "payment_method_flow");
    assert.equal((await call(base, "POST", "/payments", pse({ callback_url: undefined }))).json?.param, "callback_url");
    assert.equal((await call(base, "POST", "/payments", pse({ currency: "USD", amount: 10 }))).json?.param, "currency");
    // PC is Colombia's; Chile's online banking is WP or IO.
    assert.equal((await call(base, "POST", "/payments", pse({ country: "CL", currency: "CLP" }))).json?.code, 5010);
    const gy = await call(base, "POST", "/payments", pse({ country: "MY", currency: "MYR", amount: 25, payment_method_id: "GY" }));
    assert.equal(gy.json?.payment_method_type, "WALLET", gy.text);
  });

  it("rejects with the status code the sandbox is given in description", async () => {
    const r = await call(base, "POST", "/secure_payments", payment({ description: "302" }));
    assert.equal(r.json!["status"], "REJECTED");
    assert.equal(r.json!["status_code"], "302");
  });
});

// ---------------------------------------------------------------------------------------------

describe("dLocal and Mercado Pago as listConnectors reports them", function () {
  let pool: SidecarPool;
  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
  });
  after(() => pool?.close());

  it("dLocal takes mobile money and bank transfers; no reason of either connector is this code's own", async () => {
    const list = (await pool.call("listConnectors", {})) as Array<{
      name: string;
      paymentMethods: Array<{ type: string; methods?: string[] }>;
      unsupportedFlows: Array<{ flow: string; reason: string }>;
      unsupportedPaymentMethods: Array<{ type: string; reason: string }>;
    }>;
    const dlocal = list.find((c) => c.name === "dlocal")!;
    const types = dlocal.paymentMethods.map((m) => m.type);
    assert.ok(types.includes("mobileMoney") && types.includes("bankTransfer"), types.join(", "));
    assert.ok(!dlocal.unsupportedPaymentMethods.some((u) => u.type === "mobileMoney" || u.type === "bankTransfer"));
    // Online banking and wallets through dLocal's REDIRECT flow.
    assert.deepEqual(dlocal.paymentMethods.find((m) => m.type === "bankRedirect")?.methods, ["onlineBanking", "netbanking", "onlineBankingFpx"]);
    assert.deepEqual(dlocal.paymentMethods.find((m) => m.type === "walletRedirect")?.methods, ["grabpay", "touchNGo", "dana"]);
    assert.ok(!dlocal.unsupportedPaymentMethods.some((u) => u.type === "bankRedirect" || u.type === "walletRedirect"));
    for (const name of ["dlocal", "mercadopago"]) {
      const c = list.find((x) => x.name === name)!;
      for (const u of [...c.unsupportedFlows, ...c.unsupportedPaymentMethods]) {
        assert.doesNotMatch(u.reason, /this connector|not (yet )?(built|implemented|mapped)|does not map/i, `${name}: ${u.reason}`);
      }
    }
  });
});

describe("dlocal lifecycle through the client", function () {
  this.timeout(30_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let receiver: WebhookReceiver;
  const webhookSecret = `${DLOCAL_X_LOGIN}:${DLOCAL_SECRET_KEY}`;

  before(async () => {
    receiver = await startWebhookReceiver("/webhooks/dlocal");
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: { dlocal: webhookSecret } } });
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  const exchange = exchangeThrough("dlocal", AUTH, () => pool, () => emu.baseUrls.dlocal!);

  const run = `${process.pid}-${Date.now().toString(36)}`;

  it("authorize → partial capture → refund part, twice → refund status", async () => {
    const amount = { minorAmount: 12050, currency: "MXN" };
    const auth = await exchange("authorize", {
      merchantTransactionId: `dl-1-${run}`,
      amount,
      paymentMethod: { type: "card", card: CARD },
      billingAddress: MX,
      customer: CUSTOMER,
      captureMethod: "manual",
    });
    assert.equal(auth.status, "authorized", JSON.stringify(auth.error));
    const id = auth.connectorTransactionId!;
    assert.match(id, /^D-4-/);
    assert.equal((await exchange("psync", { connectorTransactionId: id })).status, "authorized");

    const capture = await exchange("capture", {
      connectorTransactionId: id,
      amountToCapture: { minorAmount: 6000, currency: "MXN" },
      paymentAmount: amount,
    });
    assert.equal(capture.status, "charged", JSON.stringify(capture.error));
    assert.deepEqual(capture.amountCaptured, { minorAmount: 6000, currency: "MXN" });
    assert.equal(capture.connectorTransactionId, id, "the authorization stays the payment's id");
    const again = await exchange("capture", { connectorTransactionId: id });
    assert.equal(again.status, "capture_failed");
    assert.equal(again.error?.connectorCode, "5002");

    for (const [n, minor] of [[1, 3000], [2, 2550]] as const) {
      const refund = await exchange("refund", {
        connectorTransactionId: id,
        merchantRefundId: `dl-1-${run}-refund-${n}`,
        refundAmount: { minorAmount: minor, currency: "MXN" },
      });
      assert.equal(refund.status, "success", JSON.stringify(refund.error));
      assert.match(refund.connectorRefundId!, /^REF-/);
      const status = await exchange("rsync", { connectorTransactionId: id, connectorRefundId: refund.connectorRefundId });
      assert.equal(status.status, "success");
      assert.deepEqual(status.refundAmount, { minorAmount: minor, currency: "MXN" });
    }
    const over = await exchange("refund", {
      connectorTransactionId: id,
      merchantRefundId: `dl-1-${run}-refund-3`,
      refundAmount: { minorAmount: 451, currency: "MXN" },
    });
    assert.equal(over.status, "failure");
    assert.equal(over.error?.connectorCode, "5007");
    assert.equal(over.error?.code, "limit_exceeded");
  });

  it("void of an authorization, and a void that comes too late", async () => {
    const auth = await exchange("authorize", {
      merchantTransactionId: `dl-2-${run}`,
      amount: { minorAmount: 5000, currency: "MXN" },
      paymentMethod: { type: "card", card: CARD },
      billingAddress: MX,
      customer: CUSTOMER,
      captureMethod: "manual",
    });
    assert.equal(auth.status, "authorized");
    const voided = await exchange("void", { connectorTransactionId: auth.connectorTransactionId });
    assert.equal(voided.status, "voided");
    assert.equal(voided.connectorStatus, "CANCELLED");
    const late = await exchange("void", { connectorTransactionId: auth.connectorTransactionId });
    assert.equal(late.status, "void_failed");
    assert.equal(late.error?.connectorCode, "5002");
  });

  it("a rejection: failure with dLocal's status code (the sandbox's description rule)", async () => {
    const r = await exchange("authorize", {
      merchantTransactionId: `dl-3-${run}`,
      amount: { minorAmount: 5000, currency: "MXN" },
      paymentMethod: { type: "card", card: CARD },
      billingAddress: MX,
      customer: CUSTOMER,
      description: "302",
    });
    assert.equal(r.status, "failure");
    assert.equal(r.connectorStatus, "REJECTED");
    assert.equal(r.error?.code, "insufficient_funds");
    assert.equal(r.error?.connectorCode, "302");
    assert.equal(r.error?.declineType, "soft");
  });

  it("a repeated merchantTransactionId is refused by dLocal (5009), never paid twice", async () => {
    const request = {
      merchantTransactionId: `dl-4-${run}`,
      amount: { minorAmount: 5000, currency: "MXN" },
      paymentMethod: { type: "card", card: CARD },
      billingAddress: MX,
      customer: CUSTOMER,
    };
    assert.equal((await exchange("authorize", request)).status, "charged");
    const again = await exchange("authorize", request);
    assert.equal(again.status, "failure");
    assert.equal(again.error?.code, "duplicate_transaction");
  });

  it("OXXO and Pix wait for the shopper, then psync reads them paid", async () => {
    const oxxo = await exchange("authorize", {
      merchantTransactionId: `dl-5-${run}`,
      amount: { minorAmount: 35000, currency: "MXN" },
      paymentMethod: { type: "voucher", voucher: { method: "oxxo" } },
      customer: CUSTOMER,
      returnUrl: "https://merchant.example/back",
    });
    assert.equal(oxxo.status, "pending", JSON.stringify(oxxo.error));
    assert.equal(oxxo.nextAction?.type, "displayVoucher");
    assert.ok(oxxo.nextAction?.url, "where the shopper prints the voucher");
    const pix = await exchange("authorize", {
      merchantTransactionId: `dl-6-${run}`,
      amount: { minorAmount: 10000, currency: "BRL" },
      paymentMethod: { type: "voucher", voucher: { method: "pix", taxId: "53033315550" } },
      customer: CUSTOMER,
      returnUrl: "https://merchant.example/back",
    });
    assert.equal(pix.status, "pending", JSON.stringify(pix.error));
    assert.equal(pix.nextAction?.type, "redirect");
    // EMULATOR-ONLY: the shopper pays on dLocal's page.
    assert.equal((await fetch(pix.nextAction!.url!)).status, 200);
    assert.equal((await exchange("psync", { connectorTransactionId: pix.connectorTransactionId })).status, "charged");
  });

  it("authorize with setupFutureUsage saves the card (card.save) → repeatPayment by its card_id, twice", async () => {
    const saved = await exchange("authorize", {
      merchantTransactionId: `dl-7-${run}`,
      amount: { minorAmount: 5000, currency: "MXN" },
      paymentMethod: { type: "card", card: CARD },
      billingAddress: MX,
      customer: CUSTOMER,
      setupFutureUsage: "offSession",
    });
    assert.equal(saved.status, "charged", JSON.stringify(saved.error));
    assert.match(saved.mandateReference!, /^CV-/);
    assert.deepEqual(saved.state, { country: "MX" });
    for (const n of [1, 2]) {
      const repeat: PaymentResult = await exchange<PaymentResult>("repeatPayment", {
        merchantTransactionId: `dl-7-${run}-repeat-${n}`,
        amount: { minorAmount: 2500, currency: "MXN" },
        mandateReference: saved.mandateReference,
        customer: CUSTOMER,
        state: saved.state,
      });
      assert.equal(repeat.status, "charged", JSON.stringify(repeat.error));
      assert.equal(repeat.mandateReference, saved.mandateReference);
    }
    const unknown = await exchange("repeatPayment", {
      merchantTransactionId: `dl-7-${run}-repeat-3`,
      amount: { minorAmount: 2500, currency: "MXN" },
      mandateReference: "CV-00000000-0000-0000-0000-000000000000",
      customer: CUSTOMER,
      state: saved.state,
    });
    assert.equal(unknown.status, "failure");
    assert.equal(unknown.error?.connectorCode, "5008");
  });

  it("the scenario's card authorizes through PaymentsClient", async () => {
    const payments = new PaymentsClient(pool);
    const result = await payments.authorize({
      connector: "dlocal",
      auth: { xLogin: scenario.emulator.auth.xLogin!, xTransKey: scenario.emulator.auth.xTransKey!, secretKey: scenario.emulator.auth.secretKey! },
      options: { baseUrl: emu.baseUrls.dlocal },
      request: {
        merchantTransactionId: `order_${run}`,
        amount: scenario.shopper.amount,
        paymentMethod: scenario.shopper.paymentMethod,
        billingAddress: scenario.shopper.billingAddress!,
        customer: scenario.shopper.customer,
        captureMethod: "manual",
      },
    });
    assert.equal(result.status, "authorized", JSON.stringify(result.error));
  });

  it("mobile money in Ghana waits for the shopper's PIN (awaitApproval), then psync and the notification read it paid", async () => {
    const mm = await exchange("authorize", {
      merchantTransactionId: `dl-mm-${run}`,
      amount: { minorAmount: 1200, currency: "GHS" },
      paymentMethod: { type: "mobileMoney", mobileMoney: { provider: "mtn", phoneNumber: "+233241234567" } },
      customer: { ...CUSTOMER, document: { type: "other", number: "GHA7234567890" } },
      webhookUrl: "https://merchant.example/notifications",
    });
    assert.equal(mm.status, "pending", JSON.stringify(mm.error));
    assert.equal(mm.nextAction?.type, "awaitApproval");
    assert.equal(mm.connectorStatus, "PENDING");
    assert.equal((await exchange("psync", { connectorTransactionId: mm.connectorTransactionId })).status, "pending");
    // EMULATOR-ONLY: the shopper enters the PIN on the phone.
    assert.equal((await fetch(`${emu.baseUrls.dlocal!}/collect/${encodeURIComponent(mm.connectorTransactionId!)}`, { method: "POST" })).status, 200);
    const paid = await exchange("psync", { connectorTransactionId: mm.connectorTransactionId });
    assert.equal(paid.status, "charged");
    assert.deepEqual(paid.amountCaptured, { minorAmount: 1200, currency: "GHS" });
    await emu.webhooksDelivered();
    const hook = receiver.received.find((h) => h.body.includes(mm.connectorTransactionId!));
    assert.ok(hook, "dLocal notified the payment");
    const read = (await pool.call("parseWebhook", { connector: "dlocal", headers: hook.headers, body: hook.body, secret: webhookSecret })) as WebhookResult;
    assert.equal(read.verified, true, read.reason);
    assert.equal(read.events[0]!.paymentStatus, "charged");
  });

  it("mobile money refusals: an operator the country lacks (by the sidecar), Ghana without its mobile carrier (by the emulator, as dLocal)", async () => {
    const wrong = await exchange("authorize", {
      merchantTransactionId: `dl-mm2-${run}`,
      amount: { minorAmount: 1200, currency: "GHS" },
      paymentMethod: { type: "mobileMoney", mobileMoney: { provider: "mpesa", phoneNumber: "+233241234567" } },
      customer: { ...CUSTOMER, document: { type: "other", number: "GHA7234567890" } },
    }).then(
      () => assert.fail("an M-Pesa wallet in Ghana was sent"),
      (e: unknown) => e,
    );
    assert.ok(wrong instanceof SidecarError, String(wrong));
    assert.equal(wrong.data?.field, "request.paymentMethod.mobileMoney.provider", wrong.message);
    assert.ok(!wrong.message.includes("241234567"), "the wallet's number is never echoed");
    // The emulator itself refuses a Ghanaian request without metadata.mobile_carrier (dLocal's rule).
    const raw = await call(emu.baseUrls.dlocal!, "POST", "/payments", {
      amount: 12, currency: "GHS", country: "GH", payment_method_id: "MT", payment_method_flow: "DIRECT",
      payer: { name: "Jane Doe", email: "jane@example.com", phone: "+233241234567", document: "GHA7234567890" },
      order_id: `dl-mm3-${run}`,
    });
    assert.equal(raw.status, 400);
    assert.equal(raw.json?.param, "metadata.mobile_carrier");
  });

  it("a DIRECT bank transfer shows the account to transfer to (displayBankDetails), then reads paid", async () => {
    const bt = await exchange("authorize", {
      merchantTransactionId: `dl-bt-${run}`,
      amount: { minorAmount: 10000, currency: "ARS" },
      paymentMethod: { type: "bankTransfer", bankTransfer: { method: "virtualAccount", bank: "IO", country: "AR" } },
      customer: { ...CUSTOMER, document: { type: "DNI", number: "27183121" } },
    });
    assert.equal(bt.status, "pending", JSON.stringify(bt.error));
    assert.equal(bt.nextAction?.type, "displayBankDetails");
    const details = bt.nextAction!.bankDetails!;
    assert.match(details.accountNumber ?? "", /^\d{22}$/, "a CBU");
    assert.ok(details.bankName && details.accountHolderName && details.reference);
    assert.equal(bt.nextAction!.reference, details.reference);
    // EMULATOR-ONLY: the transfer arrives.
    assert.equal((await fetch(bt.nextAction!.url!)).status, 200);
    assert.equal((await exchange("psync", { connectorTransactionId: bt.connectorTransactionId })).status, "charged");
    // A method dLocal offers only by REDIRECT is refused in the DIRECT flow by dLocal itself.
    const ca = await exchange("authorize", {
      merchantTransactionId: `dl-bt2-${run}`,
      amount: { minorAmount: 10000, currency: "BRL" },
      paymentMethod: { type: "bankTransfer", bankTransfer: { method: "virtualAccount", bank: "CA" } },
      customer: { ...CUSTOMER, document: { type: "CPF", number: "53033315550" } },
      billingAddress: { country: "BR" },
    });
    assert.equal(ca.status, "failure");
    assert.equal(ca.error?.connectorCode, "5000");
  });

  it("PSE online banking (Colombia): REDIRECT, PENDING with dLocal's page (redirect), then reads paid", async () => {
    const pse = await exchange("authorize", {
      merchantTransactionId: `dl-pse-${run}`,
      amount: { minorAmount: 5000000, currency: "COP" },
      paymentMethod: { type: "bankRedirect", bankRedirect: { method: "onlineBanking", processorMethod: "PC", country: "CO" } },
      customer: { ...CUSTOMER, document: { type: "CC", number: "1020304050" } },
      returnUrl: "https://merchant.example/back",
    });
    assert.equal(pse.status, "pending", JSON.stringify(pse.error));
    assert.equal(pse.nextAction?.type, "redirect");
    assert.equal(pse.redirection?.url, pse.nextAction?.url);
    // EMULATOR-ONLY: the shopper pays at the bank.
    assert.equal((await fetch(pse.nextAction!.url!)).status, 200);
    const synced = await exchange("psync", { connectorTransactionId: pse.connectorTransactionId });
    assert.equal(synced.status, "charged");
    assert.deepEqual(synced.amountCaptured, { minorAmount: 5000000, currency: "COP" });
  });

  it("Khipu (Chile) and India's NetBanking by the REDIRECT flow; Chile without a named method is refused by the sidecar", async () => {
    const khipu = await exchange("authorize", {
      merchantTransactionId: `dl-khipu-${run}`,
      amount: { minorAmount: 1500000, currency: "CLP" },
      paymentMethod: { type: "bankRedirect", bankRedirect: { method: "onlineBanking", processorMethod: "IO" } },
      customer: { ...CUSTOMER, document: { type: "RUT", number: "334441113" } },
      billingAddress: { country: "CL" },
      returnUrl: "https://merchant.example/back",
    });
    assert.equal(khipu.status, "pending", JSON.stringify(khipu.error));
    assert.equal(khipu.nextAction?.type, "redirect");
    const nb = await exchange("authorize", {
      merchantTransactionId: `dl-nb-${run}`,
      amount: { minorAmount: 250000, currency: "INR" },
      paymentMethod: { type: "bankRedirect", bankRedirect: { method: "netbanking" } },
      customer: { ...CUSTOMER, document: { type: "PAN", number: "ABCDE1234F" } },
      returnUrl: "https://merchant.example/back",
    });
    assert.equal(nb.status, "pending", JSON.stringify(nb.error));
    assert.equal(nb.nextAction?.type, "redirect");
    await assert.rejects(
      exchange("authorize", {
        merchantTransactionId: `dl-cl2-${run}`,
        amount: { minorAmount: 1500000, currency: "CLP" },
        paymentMethod: { type: "bankRedirect", bankRedirect: { method: "onlineBanking", country: "CL" } },
        customer: { ...CUSTOMER, document: { type: "RUT", number: "334441113" } },
        returnUrl: "https://merchant.example/back",
      }),
      (e: unknown) => e instanceof SidecarError && e.data?.field === "request.paymentMethod.bankRedirect.processorMethod",
    );
  });

  it("GrabPay (Malaysia) through the REDIRECT flow, then reads paid", async () => {
    const gy = await exchange("authorize", {
      merchantTransactionId: `dl-gy-${run}`,
      amount: { minorAmount: 2500, currency: "MYR" },
      paymentMethod: { type: "walletRedirect", walletRedirect: { method: "grabpay" } },
      customer: { ...CUSTOMER, document: { type: "NRIC", number: "900101015555" } },
      billingAddress: { country: "MY" },
      returnUrl: "https://merchant.example/back",
    });
    assert.equal(gy.status, "pending", JSON.stringify(gy.error));
    assert.equal(gy.nextAction?.type, "redirect");
    assert.equal((await fetch(gy.nextAction!.url!)).status, 200);
    assert.equal((await exchange("psync", { connectorTransactionId: gy.connectorTransactionId })).status, "charged");
  });

  it("notifications: signed with X-Login and the secret key, verified and read; a forged one is refused", async () => {
    await emu.webhooksDelivered();
    assert.ok(receiver.received.length >= 5, `${receiver.received.length} notifications`);
    const types: string[] = [];
    for (const hook of receiver.received) {
      const result = (await pool.call("parseWebhook", { connector: "dlocal", headers: hook.headers, body: hook.body, secret: webhookSecret })) as WebhookResult;
      assert.equal(result.verified, true, result.reason);
      const e = result.events[0]!;
      types.push(`${e.eventType}:${e.paymentStatus ?? e.refundStatus ?? e.kind}`);
    }
    for (const t of ["payment.AUTHORIZED:authorized", "payment.PAID:charged", "refund.SUCCESS:success", "payment.CANCELLED:voided", "payment.REJECTED:failure"]) {
      assert.ok(types.includes(t), `${t} in ${types.join(", ")}`);
    }
    const hook = receiver.received[0]!;
    const forged = hook.body.replace(/"amount":[\d.]+/, '"amount":1');
    assert.notEqual(forged, hook.body);
    for (const [body, secret] of [
      [forged, webhookSecret],
      [hook.body, `${DLOCAL_X_LOGIN}:dls_other`],
      [hook.body, `other_login:${DLOCAL_SECRET_KEY}`],
    ] as const) {
      const result = (await pool.call("parseWebhook", { connector: "dlocal", headers: hook.headers, body, secret })) as WebhookResult;
      assert.equal(result.verified, false);
      assert.deepEqual(result.events, []);
      assert.ok(!JSON.stringify(result).includes(DLOCAL_SECRET_KEY), "no secret in the answer");
    }
  });
});

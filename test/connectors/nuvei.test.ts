// Nuvei end to end: the emulator on its own (checksums, sessions, Nuvei's answers), then the whole
// lifecycle through the real client (SidecarPool + PaymentsClient + Node's fetch) against it:
// the session token fetched by the client (createAccessToken) and fetched again when a session
// has served its order, authorize (Auth) → psync → settle part, then the rest → refund part,
// twice → refund status; a second payment voided; a decline; errors that name their field; APMs by
// Nuvei's names or the merchant's processorMethod, mobile money (pending until approved on the
// phone, then charged, notified and refunded) and bank transfer's refusal.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";

import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import { PAYMENT_METHOD_METHODS, type PaymentResult, type WebhookResult } from "../../protocol/index.js";
import { NUVEI_MERCHANT_ID, NUVEI_MERCHANT_SITE_ID, NUVEI_SECRET_KEY } from "../../emulator/connectors/nuvei/index.js";
import { scenario } from "../../emulator/connectors/nuvei/scenario.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const AUTH = { merchantId: NUVEI_MERCHANT_ID, merchantSiteId: NUVEI_MERCHANT_SITE_ID, merchantSecretKey: NUVEI_SECRET_KEY };
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

async function post(base: string, method: string, body: Record<string, unknown>) {
  const res = await fetch(`${base}/ppp/api/v1/${method}.do`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe("nuvei emulator", function () {
  let emu: Emulator;
  let base: string;
  before(async () => {
    emu = await startEmulator();
    base = emu.baseUrls.nuvei!;
  });
  after(() => emu.close());

  const session = (checksum?: string) => {
    const body = { merchantId: NUVEI_MERCHANT_ID, merchantSiteId: NUVEI_MERCHANT_SITE_ID, clientRequestId: "emu-1", timeStamp: "20260131120000" };
    return { ...body, checksum: checksum ?? sha256(`${body.merchantId}${body.merchantSiteId}${body.clientRequestId}${body.timeStamp}${NUVEI_SECRET_KEY}`) };
  };

  it("opens a session for a good checksum and answers errCode 1001 to a bad one, with HTTP 200", async () => {
    const good = await post(base, "getSessionToken", session());
    assert.equal(good.status, 200);
    assert.equal(good.json["status"], "SUCCESS");
    assert.match(good.json["sessionToken"], /^[0-9a-f-]{36}$/);
    const bad = await post(base, "getSessionToken", session("0".repeat(64)));
    assert.equal(bad.status, 200);
    assert.deepEqual([bad.json["status"], bad.json["errCode"], bad.json["reason"]], ["ERROR", 1001, "Invalid checksum"]);
  });

  it("lets a session serve one order (errCode 1064 for the second)", async () => {
    const token = (await post(base, "getSessionToken", session())).json["sessionToken"];
    const pay = (clientRequestId: string) => {
      const b = {
        sessionToken: token, merchantId: NUVEI_MERCHANT_ID, merchantSiteId: NUVEI_MERCHANT_SITE_ID, clientRequestId, amount: "5.00", currency: "EUR",
        transactionType: "Sale", timeStamp: "20260131120000",
        paymentOption: { card: { cardNumber: "4000023104662535", cardHolderName: "Jane Doe", expirationMonth: "12", expirationYear: "2030", CVV: "217" } },
      };
      return post(base, "payment", { ...b, checksum: sha256(`${b.merchantId}${b.merchantSiteId}${b.clientRequestId}${b.amount}${b.currency}${b.timeStamp}${NUVEI_SECRET_KEY}`) });
    };
    const first = await pay("emu-pay-1");
    assert.deepEqual([first.json["status"], first.json["transactionStatus"], first.json["transactionType"]], ["SUCCESS", "APPROVED", "Sale"]);
    const second = await pay("emu-pay-2");
    assert.equal(second.json["errCode"], 1064);
  });

  it("answers a mobile money APM PENDING only with the payer's phone in billingAddress and userDetails (1060 without)", async () => {
    const pay = async (phone: string | undefined) => {
      const token = (await post(base, "getSessionToken", session())).json["sessionToken"];
      const who = { firstName: "Jane", lastName: "Doe", country: "KE", email: "jane@example.com", ...(phone ? { phone } : {}) };
      const b = {
        sessionToken: token, merchantId: NUVEI_MERCHANT_ID, merchantSiteId: NUVEI_MERCHANT_SITE_ID, clientRequestId: `emu-mm-${phone ?? "none"}`, amount: "1500.00", currency: "KES",
        transactionType: "Sale", userTokenId: "u1", timeStamp: "20260131120000", deviceDetails: { ipAddress: "192.168.2.38" },
        paymentOption: { alternativePaymentMethod: { paymentMethod: "apmgw_MPesa" } }, billingAddress: who, userDetails: who,
      };
      return post(base, "payment", { ...b, checksum: sha256(`${b.merchantId}${b.merchantSiteId}${b.clientRequestId}${b.amount}${b.currency}${b.timeStamp}${NUVEI_SECRET_KEY}`) });
    };
    const ok = await pay("254712345678");
    assert.deepEqual([ok.json["status"], ok.json["transactionStatus"]], ["SUCCESS", "PENDING"]);
    assert.equal(ok.json["paymentOption"]?.["redirectUrl"], undefined, "a Direct APM: nothing to open");
    const none = await pay(undefined);
    assert.deepEqual([none.json["status"], none.json["errCode"]], ["ERROR", 1060]);
  });
});

describe("nuvei through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;
  let payments: PaymentsClient;
  let call: { connector: "nuvei"; auth: typeof AUTH; options: { baseUrl: string } };
  let receiver: WebhookReceiver;

  before(async () => {
    receiver = await startWebhookReceiver("/webhooks/nuvei");
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: { nuvei: NUVEI_SECRET_KEY } } });
    pool = await SidecarPool.start({ size: 1 });
    payments = new PaymentsClient(pool);
    call = { connector: "nuvei", auth: AUTH, options: { baseUrl: emu.baseUrls.nuvei! } };
  });

  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  const order = (p: string) => `${p}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const authorize = (captureMethod: "manual" | "automatic", paymentMethod = scenario.shopper.paymentMethod, id = order("order")) =>
    payments.authorize({
      ...call,
      request: {
        merchantTransactionId: id,
        amount: scenario.shopper.amount,
        paymentMethod,
        captureMethod,
        customer: scenario.shopper.customer,
        billingAddress: scenario.shopper.billingAddress,
        idempotencyKey: `${id}-authorize`,
      },
    });

  it("authorizes, syncs, settles in two parts, refunds twice and reads the refund", async () => {
    const { currency } = scenario.shopper.amount;
    const payment = await authorize("manual");
    assert.equal(payment.status, "authorized", JSON.stringify(payment.error));
    assert.match(payment.connectorTransactionId!, /^\d+$/);

    const synced = await payments.sync({ ...call, payment, request: {} });
    assert.equal(synced.status, "authorized");
    assert.deepEqual(synced.authorizedAmount, scenario.shopper.amount);

    const part = await payments.capture({ ...call, payment, request: { amountToCapture: { minorAmount: 6000, currency }, paymentAmount: scenario.shopper.amount } });
    assert.equal(part.status, "partial_charged", JSON.stringify(part.error));
    assert.notEqual(part.connectorTransactionId, payment.connectorTransactionId, "the Settle is a transaction of its own");
    const rest = await payments.capture({ ...call, payment, request: { amountToCapture: { minorAmount: 4000, currency } } });
    assert.equal(rest.status, "charged");
    const over = await payments.capture({ ...call, payment, request: { amountToCapture: { minorAmount: 1, currency } } });
    assert.equal(over.status, "capture_failed", "nothing is left to settle");
    assert.equal(over.error?.connectorCode, "-1100");

    const first = await payments.refund({ ...call, payment: part, request: { merchantRefundId: order("rf1"), refundAmount: { minorAmount: 1500, currency } } });
    assert.equal(first.status, "success", JSON.stringify(first.error));
    const second = await payments.refund({ ...call, payment: part, request: { merchantRefundId: order("rf2"), refundAmount: { minorAmount: 1200, currency } } });
    assert.equal(second.status, "success");
    assert.notEqual(first.connectorRefundId, second.connectorRefundId);
    const tooMuch = await payments.refund({ ...call, payment: part, request: { merchantRefundId: order("rf3"), refundAmount: { minorAmount: 6000, currency } } });
    assert.equal(tooMuch.status, "failure", "6000 of the 6000 settled, 2700 refunded already");

    const status = await payments.refundSync({ ...call, payment: part, refund: second, request: {} });
    assert.equal(status.status, "success");
    assert.deepEqual(status.refundAmount, { minorAmount: 1200, currency });
  });

  it("voids a second authorization", async () => {
    const payment: PaymentResult = await authorize("manual");
    assert.equal(payment.status, "authorized");
    const voided = await payments.void({ ...call, payment, request: { amount: scenario.shopper.amount, reason: "requested_by_customer" } });
    assert.equal(voided.status, "voided", JSON.stringify(voided.error));
    const late = await payments.capture({ ...call, payment, request: { amountToCapture: scenario.shopper.amount } });
    assert.equal(late.status, "capture_failed");
  });

  it("settles all of an authorization given only paymentAmount (no amountToCapture: all of it)", async () => {
    const payment = await authorize("manual");
    const all = await payments.capture({ ...call, payment, request: { paymentAmount: scenario.shopper.amount } });
    assert.equal(all.status, "charged", JSON.stringify(all.error));
    assert.deepEqual(all.amountCaptured, scenario.shopper.amount);
  });

  it("charges at once with automatic capture, and a declined card is data", async () => {
    const sale = await authorize("automatic");
    assert.equal(sale.status, "charged");
    const declined = await authorize("manual", { type: "card", card: { number: "5333463046218753", expMonth: "12", expYear: "2030", cvc: "217", holderName: "Jane Doe" } });
    assert.equal(declined.status, "failure");
    assert.equal(declined.error?.code, "card_declined");
    assert.equal(declined.error?.connectorMessage, "Do Not Honor");
    assert.equal(declined.error?.declineType, "soft");
  });

  it("fetches a new session when Nuvei says the kept one already served an order", async () => {
    // A client of its own, counting what it sends: the first authorize fetches a session; the
    // second is sent on the kept one, refused 1064 (a session serves one order), and sent once
    // more on a fresh session.
    const sent: string[] = [];
    const counted = new PaymentsClient(pool, { onStep: (s) => void (s.step === "request" && sent.push(s.flow)) });
    const one = (id: string) =>
      counted.authorize({ ...call, request: { merchantTransactionId: id, amount: scenario.shopper.amount, paymentMethod: scenario.shopper.paymentMethod, captureMethod: "manual", customer: scenario.shopper.customer, billingAddress: scenario.shopper.billingAddress } });
    const a = await one(order("s1"));
    const b = await one(order("s2"));
    assert.deepEqual([a.status, b.status], ["authorized", "authorized"], JSON.stringify(b.error));
    assert.notEqual(a.connectorTransactionId, b.connectorTransactionId);
    assert.deepEqual(sent, ["createAccessToken", "authorize", "authorize", "createAccessToken", "authorize"]);
  });

  it("refuses before sending what Nuvei cannot take, naming the field", async () => {
    await assert.rejects(
      payments.capture({ ...call, request: { connectorTransactionId: "711000000000000001" } }),
      (e: any) => e.data?.field === "request.paymentAmount",
    );
    await assert.rejects(
      payments.void({ ...call, request: { connectorTransactionId: "711000000000000001" } }),
      (e: any) => e.data?.field === "request.amount",
    );
    await assert.rejects(
      payments.authorize({ ...call, auth: { ...AUTH, merchantId: "not-digits" }, request: { merchantTransactionId: "o", amount: scenario.shopper.amount, paymentMethod: scenario.shopper.paymentMethod } }),
      (e: any) => e.data?.field === "auth.merchantId" && !String(e.message).includes("not-digits"),
    );
  });

  it("saves a card (zero-auth with userTokenId), charges it as a rebilling, deletes it, and then it no longer pays", async () => {
    const { currency } = scenario.shopper.amount;
    const customer = { ...scenario.shopper.customer, id: `user_${process.pid}` };
    const saved = await payments.setupMandate({
      ...call,
      request: {
        merchantTransactionId: order("save"),
        amount: { minorAmount: 0, currency },
        paymentMethod: scenario.shopper.paymentMethod,
        customer,
        billingAddress: scenario.shopper.billingAddress,
      },
    });
    assert.equal(saved.status, "authorized", JSON.stringify(saved.error));
    assert.match(saved.mandateReference ?? "", /^\d+$/);
    const renew = () =>
      payments.repeatPayment({ ...call, mandate: saved, request: { merchantTransactionId: order("renew"), amount: { minorAmount: 1999, currency }, customer, recurringType: "scheduled" } });
    const charged = await renew();
    assert.equal(charged.status, "charged", JSON.stringify(charged.error));
    // Another user cannot pay with this user's saved card.
    const stranger = await payments.repeatPayment({ ...call, mandate: saved, request: { merchantTransactionId: order("renew"), amount: { minorAmount: 1999, currency }, customer: { id: "someone_else" } } });
    assert.equal(stranger.status, "failure");
    assert.equal(stranger.error?.connectorCode, "1011");
    const revoked = await payments.revokeMandate({ ...call, mandate: saved, request: { customer } });
    assert.equal(revoked.status, "revoked", JSON.stringify(revoked.error));
    const after = await renew();
    assert.equal(after.status, "failure");
  });

  it("an iDEAL payment is pending with Nuvei's redirect; the shopper approves at the provider, comes back, and it is charged and refundable", async () => {
    const id = order("ideal");
    const amount = { minorAmount: 2500, currency: "EUR" as const };
    const pending = await payments.authorize({
      ...call,
      request: {
        merchantTransactionId: id,
        amount,
        paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal" } },
        customer: { ...scenario.shopper.customer, id: `user_${process.pid}` },
        billingAddress: { ...scenario.shopper.billingAddress, country: "NL" },
        browserInfo: { ipAddress: "192.168.2.38" },
        returnUrl: "https://shop.example.com/return",
        idempotencyKey: `${id}-authorize`,
      },
    });
    assert.equal(pending.status, "pending", JSON.stringify(pending.error));
    assert.equal(pending.nextAction?.type, "redirect");
    assert.equal(pending.redirection?.url, pending.nextAction?.url);
    const before = await payments.sync({ ...call, payment: pending, request: {} });
    assert.equal(before.status, "pending", "not approved at the provider yet");

    const page = await fetch(pending.nextAction!.url!, { redirect: "manual" });
    assert.equal(page.status, 302);
    assert.match(page.headers.get("location") ?? "", /^https:\/\/shop\.example\.com\/return\?.*Status=APPROVED/);

    const after = await payments.sync({ ...call, payment: pending, request: {} });
    assert.equal(after.status, "charged", JSON.stringify(after.error));
    assert.deepEqual(after.amountCaptured, amount);
    const refund = await payments.refund({ ...call, payment: after, request: { merchantRefundId: order("rf-ideal"), refundAmount: { minorAmount: 1000, currency: "EUR" } } });
    assert.equal(refund.status, "success", JSON.stringify(refund.error));
  });

  it("an iDEAL payment in USD is refused before anything is sent (Nuvei takes iDEAL in EUR)", async () => {
    await assert.rejects(
      payments.authorize({
        ...call,
        request: {
          merchantTransactionId: order("ideal"),
          amount: { minorAmount: 2500, currency: "USD" },
          paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal" } },
          customer: { ...scenario.shopper.customer, id: "u1" },
          billingAddress: { ...scenario.shopper.billingAddress, country: "NL" },
          browserInfo: { ipAddress: "192.168.2.38" },
        },
      }),
      (e: any) => e.data?.field === "request.amount.currency",
    );
  });

  const apmRequest = (id: string, paymentMethod: any, amount: { minorAmount: number; currency: string }, country: string) => ({
    merchantTransactionId: id,
    amount,
    paymentMethod,
    customer: { ...scenario.shopper.customer, id: `user_${process.pid}` },
    billingAddress: { ...scenario.shopper.billingAddress, country },
    browserInfo: { ipAddress: "192.168.2.38" },
    returnUrl: "https://shop.example.com/return",
    idempotencyKey: `${id}-authorize`,
  });

  it("declares every method of the APM types it takes by processorMethod (Nuvei names each APM per merchant account)", async () => {
    const list: any[] = await pool.call("listConnectors", {});
    const nuvei = list.find((c) => c.name === "nuvei");
    for (const type of ["bankRedirect", "bankDebit", "bnpl", "voucher", "walletRedirect", "mobileMoney"] as const) {
      const declared = nuvei.paymentMethods.find((m: any) => m.type === type);
      assert.ok(declared, type);
      assert.deepEqual([...declared.methods].sort(), [...PAYMENT_METHOD_METHODS[type]].sort(), type);
    }
  });

  it("a wallet by its getMerchantPaymentMethods name (processorMethod) is pending with the wallet's redirect, then charged", async () => {
    const id = order("mbway");
    const amount = { minorAmount: 1500, currency: "EUR" };
    const pm = { type: "walletRedirect", walletRedirect: { method: "mbway", processorMethod: "apmgw_MBWay" } };
    const pending = await payments.authorize({ ...call, request: apmRequest(id, pm, amount, "PT") as any });
    assert.equal(pending.status, "pending", JSON.stringify(pending.error));
    assert.equal(pending.nextAction?.type, "redirect");
    await fetch(pending.nextAction!.url!, { redirect: "manual" });
    const after = await payments.sync({ ...call, payment: pending, request: {} });
    assert.equal(after.status, "charged", JSON.stringify(after.error));
    assert.deepEqual(after.amountCaptured, amount);
  });

  it("a wallet the merchant has not enabled is Nuvei's 1068, and one with no documented name and no processorMethod is refused before sending", async () => {
    const off = await payments.authorize({
      ...call,
      request: apmRequest(order("twint"), { type: "walletRedirect", walletRedirect: { method: "twint", processorMethod: "apmgw_Twint" } }, { minorAmount: 1500, currency: "CHF" }, "CH") as any,
    });
    assert.equal(off.status, "failure");
    assert.equal(off.error?.connectorCode, "1068");
    await assert.rejects(
      payments.authorize({ ...call, request: apmRequest(order("wechat"), { type: "walletRedirect", walletRedirect: { method: "wechatPay" } }, { minorAmount: 1500, currency: "CNY" }, "CN") as any }),
      (e: any) => e.code === 1004 && e.data?.field === "request.paymentMethod.walletRedirect.processorMethod",
    );
  });

  it("mobile money by its getMerchantPaymentMethods name awaits the shopper's phone, then is charged, notified and refundable", async () => {
    const id = order("mpesa");
    const amount = { minorAmount: 150000, currency: "KES" };
    const pm = { type: "mobileMoney", mobileMoney: { provider: "mpesa", phoneNumber: "+254712345678", processorMethod: "apmgw_MPesa" } };
    const pending = await payments.authorize({ ...call, request: apmRequest(id, pm, amount, "KE") as any });
    assert.equal(pending.status, "pending", JSON.stringify(pending.error));
    assert.equal(pending.nextAction?.type, "awaitApproval");
    assert.equal(pending.redirection, undefined);
    const before = await payments.sync({ ...call, payment: pending, request: {} });
    assert.equal(before.status, "pending", "not approved on the phone yet");
    // EMULATOR-ONLY: the shopper approves the operator's prompt on the phone.
    const approved = await fetch(`${emu.baseUrls.nuvei!}/collect/${pending.connectorTransactionId}`, { method: "POST" });
    assert.equal(approved.status, 200);
    const after = await payments.sync({ ...call, payment: pending, request: {} });
    assert.equal(after.status, "charged", JSON.stringify(after.error));
    assert.deepEqual(after.amountCaptured, amount);
    await emu.webhooksDelivered();
    const dmn = receiver.received.map((h) => new URLSearchParams(h.body)).find((p) => p.get("TransactionID") === pending.connectorTransactionId);
    assert.equal(dmn?.get("Status"), "APPROVED", "the approval's DMN");
    const refund = await payments.refund({ ...call, payment: after, request: { merchantRefundId: order("rf-mpesa"), refundAmount: { minorAmount: 50000, currency: "KES" } } });
    assert.equal(refund.status, "success", JSON.stringify(refund.error));
    assert.equal((await fetch(`${emu.baseUrls.nuvei!}/collect/${pending.connectorTransactionId}`, { method: "POST" })).status, 409, "approved once");
  });

  it("mobile money: an operator the account lacks is Nuvei's 1068, none named is a 1004, and a bank transfer is refused with Nuvei's reason", async () => {
    const mtn = { type: "mobileMoney", mobileMoney: { provider: "mtn", phoneNumber: "+233241234567", processorMethod: "apmgw_MTN_MoMo" } };
    const off = await payments.authorize({ ...call, request: apmRequest(order("mtn"), mtn, { minorAmount: 5000, currency: "GHS" }, "GH") as any });
    assert.equal(off.status, "failure");
    assert.equal(off.error?.connectorCode, "1068");
    const unnamed = { type: "mobileMoney", mobileMoney: { provider: "mtn", phoneNumber: "+233241234567" } };
    await assert.rejects(
      payments.authorize({ ...call, request: apmRequest(order("mtn"), unnamed, { minorAmount: 5000, currency: "GHS" }, "GH") as any }),
      (e: any) => e.code === 1004 && e.data?.field === "request.paymentMethod.mobileMoney.processorMethod" && /getMerchantPaymentMethods/.test(e.message) && !e.message.includes("241234567"),
    );
    const transfer = { type: "bankTransfer", bankTransfer: { method: "sepaCreditTransfer", processorMethod: "apmgw_BankPayin" } };
    await assert.rejects(
      payments.authorize({ ...call, request: apmRequest(order("bt"), transfer, { minorAmount: 1030, currency: "EUR" }, "DE") as any }),
      (e: any) => e.code === 1003 && /apmgw_BankPayin/.test(e.message),
    );
  });

  it("SEPA and ACH debits (apmgw_Sepa with the IBAN, apmgw_ACH with account and routing numbers) are pending, as Nuvei's Direct APMs answer", async () => {
    const sepa = await payments.authorize({
      ...call,
      request: apmRequest(order("sepa"), { type: "bankDebit", bankDebit: { method: "sepa", accountHolderName: "John Smith", iban: "DE89370400440532013000" } }, { minorAmount: 2500, currency: "EUR" }, "DE") as any,
    });
    assert.equal(sepa.status, "pending", JSON.stringify(sepa.error));
    assert.equal(sepa.nextAction, undefined);
    const synced = await payments.sync({ ...call, payment: sepa, request: {} });
    assert.equal(synced.status, "pending");
    const ach = await payments.authorize({
      ...call,
      request: apmRequest(order("ach"), { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "John Smith", accountNumber: "111111111", routingNumber: "999999992" } }, { minorAmount: 2500, currency: "USD" }, "US") as any,
    });
    assert.equal(ach.status, "pending", JSON.stringify(ach.error));
  });

  it("Apple Pay (encrypted token) and Google Pay (decrypted card and cryptogram) are charged", async () => {
    const paymentData = Buffer.from(JSON.stringify({ version: "EC_v1", data: "abc=", signature: "sig=", header: { ephemeralPublicKey: "k=", publicKeyHash: "h=", transactionId: "t1" } })).toString("base64");
    const apple = await authorize("automatic", { type: "applePay", applePay: { paymentData, network: "Visa" } });
    assert.equal(apple.status, "charged", JSON.stringify(apple.error));
    const google = await authorize("automatic", {
      type: "googlePay",
      googlePay: { decrypted: { number: "4000023104662535", expMonth: "12", expYear: "2030", cryptogram: "AgAAAAAABk4DWZ4C28yUQAAAAAA=", eci: "05" } },
    });
    assert.equal(google.status, "charged", JSON.stringify(google.error));
  });

  it("a card authenticated by the merchant's 3DS server is authorized with its externalMpi", async () => {
    const id = order("mpi");
    const payment = await payments.authorize({
      ...call,
      request: {
        merchantTransactionId: id,
        amount: scenario.shopper.amount,
        paymentMethod: scenario.shopper.paymentMethod,
        captureMethod: "manual",
        customer: scenario.shopper.customer,
        billingAddress: scenario.shopper.billingAddress,
        threeDs: { external: { version: "2.2.0", cavv: "AAABBEg0VhI0VniQEjRWAAAAAAA=", eci: "05", dsTransactionId: "f25084f0-5b16-4c0a-ae5d-b24808a95e4b" } },
      },
    });
    assert.equal(payment.status, "authorized", JSON.stringify(payment.error));
  });

  it("Nuvei's own 3-D Secure: initPayment → the 3DS Method → /payment with the browser → the challenge → completeAuthorize's liability shift → authorized, then settled", async () => {
    const id = order("3ds");
    const request = {
      merchantTransactionId: id,
      amount: scenario.shopper.amount,
      paymentMethod: { type: "card" as const, card: { ...(scenario.shopper.paymentMethod as any).card, holderName: "CL-BRW1" } },
      captureMethod: "manual" as const,
      customer: { ...scenario.shopper.customer, id: `user3ds_${process.pid}` },
      billingAddress: scenario.shopper.billingAddress,
      browserInfo: { ipAddress: "192.168.2.38", acceptHeader: "text/html", userAgent: "Mozilla/5.0 (X11; Linux x86_64)", language: "en-GB", colorDepth: 24, screenHeight: 1080, screenWidth: 1920, timeZoneOffset: 0, javaEnabled: false, javascriptEnabled: true },
      returnUrl: "https://shop.example.com/3ds-return",
      threeDs: { mode: "challenge" as const },
      idempotencyKey: `${id}-authorize`,
    };
    const started = await payments.authorize({ ...call, request });
    assert.equal(started.status, "authentication_pending", JSON.stringify(started.error));
    assert.equal(started.state?.["nuvei3ds"], "payment");
    assert.equal(started.redirection?.method, "POST");
    const methodData = started.redirection?.form?.["threeDSMethodData"];
    assert.ok(methodData, "the 3DS Method form");
    assert.equal(JSON.parse(Buffer.from(methodData, "base64").toString())["threeDSMethodNotificationURL"], request.returnUrl);
    // The browser runs the issuer's 3DS Method page (a hidden iframe).
    const method = await fetch(started.redirection!.url, { method: "POST", body: new URLSearchParams({ threeDSMethodData: methodData }) });
    assert.equal(method.status, 200);

    const challenged = await payments.authorize({ ...call, request: { ...request, state: started.state } });
    assert.equal(challenged.status, "authentication_pending", JSON.stringify(challenged.error));
    assert.equal(challenged.state?.["nuvei3ds"], "liabilityShift");
    assert.notEqual(challenged.connectorTransactionId, started.connectorTransactionId);
    const creq = challenged.redirection?.form?.["creq"];
    assert.ok(creq && challenged.redirection?.method === "POST", "the challenge form");

    // Before the shopper answers the challenge Nuvei refuses the liability shift.
    const early = await payments.completeAuthorize({ ...call, payment: challenged, request: {} });
    assert.equal(early.status, "failure");
    assert.equal(early.error?.connectorCode, "1058");

    const acs = await fetch(challenged.redirection!.url, { method: "POST", body: new URLSearchParams({ creq }), redirect: "manual" });
    assert.equal(acs.status, 302);
    const back = new URL(acs.headers.get("location")!);
    assert.equal(`${back.origin}${back.pathname}`, request.returnUrl);
    const done = await payments.completeAuthorize({ ...call, payment: challenged, request: { redirectPayload: { cres: back.searchParams.get("cres")! } } });
    assert.equal(done.status, "authorized", JSON.stringify(done.error));
    const settled = await payments.capture({ ...call, payment: done, request: { amountToCapture: scenario.shopper.amount } });
    assert.equal(settled.status, "charged", JSON.stringify(settled.error));
  });

  it("Nuvei's own 3-D Secure, frictionless: the second authorize is the payment; a card Nuvei declines fails there", async () => {
    const run = async (holderName: string, number?: string) => {
      const id = order("3dsf");
      const card = { ...(scenario.shopper.paymentMethod as any).card, holderName, ...(number ? { number } : {}) };
      const request = {
        merchantTransactionId: id, amount: scenario.shopper.amount, paymentMethod: { type: "card" as const, card }, captureMethod: "automatic" as const,
        customer: { ...scenario.shopper.customer, id: `user3ds_${process.pid}` }, billingAddress: scenario.shopper.billingAddress,
        browserInfo: { ipAddress: "192.168.2.38", acceptHeader: "text/html", userAgent: "Mozilla/5.0" }, returnUrl: "https://shop.example.com/3ds-return", threeDs: { mode: "challenge" as const },
      };
      const started = await payments.authorize({ ...call, request });
      assert.equal(started.status, "authentication_pending", JSON.stringify(started.error));
      return payments.authorize({ ...call, request: { ...request, state: started.state } });
    };
    const paid = await run("FL-BRW1");
    assert.equal(paid.status, "charged", JSON.stringify(paid.error));
    assert.ok(!paid.redirection);
    const declined = await run("FL-BRW1", "5333463046218753");
    assert.equal(declined.status, "failure");
    assert.equal(declined.error?.code, "card_declined");
  });

  it("createSession opens an order for the Web SDK; the front end's createPayment with its sessionToken pays, and psync reads it", async () => {
    const id = order("session");
    const session = await payments.createSession({
      ...call,
      request: { merchantTransactionId: id, amount: scenario.shopper.amount, customer: scenario.shopper.customer, billingAddress: scenario.shopper.billingAddress },
    });
    assert.equal(session.status, "success", JSON.stringify(session.error));
    assert.match(session.clientToken ?? "", /^[0-9a-f-]{36}$/);
    assert.match(session.sessionId ?? "", /^\d+$/);
    // The Web SDK's createPayment(), stood in for here: a /payment on the order's session.
    const b = {
      sessionToken: session.clientToken, merchantId: NUVEI_MERCHANT_ID, merchantSiteId: NUVEI_MERCHANT_SITE_ID, clientRequestId: `${id}-sdk`, clientUniqueId: id,
      amount: "100.00", currency: "USD", transactionType: "Sale", timeStamp: "20260131120000",
      paymentOption: { card: { cardNumber: "4000023104662535", cardHolderName: "Jane Doe", expirationMonth: "12", expirationYear: "2030", CVV: "217" } },
    };
    const paid = await post(emu.baseUrls.nuvei!, "payment", { ...b, checksum: sha256(`${b.merchantId}${b.merchantSiteId}${b.clientRequestId}${b.amount}${b.currency}${b.timeStamp}${NUVEI_SECRET_KEY}`) });
    assert.equal(paid.json["transactionStatus"], "APPROVED");
    const synced = await payments.sync({ ...call, request: { connectorTransactionId: paid.json["transactionId"] } });
    assert.equal(synced.status, "charged", JSON.stringify(synced.error));
  });

  it("DMNs: signed as Nuvei documents (advanceResponseChecksum), verified and read; a changed one is refused", async () => {
    const sale = await authorize("automatic");
    assert.equal(sale.status, "charged");
    await emu.webhooksDelivered();
    const kinds: string[] = [];
    let mine: WebhookResult | undefined;
    for (const hook of receiver.received) {
      assert.equal(hook.headers["content-type"], "application/x-www-form-urlencoded");
      const p = new URLSearchParams(hook.body);
      // The documented formula, written out here: the key, then six fields in Nuvei's order.
      const documented = sha256(
        `${NUVEI_SECRET_KEY}${p.get("totalAmount")}${p.get("currency")}${p.get("responseTimeStamp")}${p.get("PPP_TransactionID")}${p.get("Status")}${p.get("productId")}`,
      );
      assert.equal(p.get("advanceResponseChecksum"), documented);
      const result = (await pool.call("parseWebhook", { connector: "nuvei", headers: hook.headers, body: hook.body, secret: NUVEI_SECRET_KEY })) as WebhookResult;
      assert.equal(result.verified, true, result.reason);
      const e = result.events[0]!;
      kinds.push(`${e.eventType}:${e.paymentStatus ?? e.refundStatus ?? e.kind}`);
      if (e.connectorTransactionId === sale.connectorTransactionId) mine = result;
    }
    for (const k of ["Sale:charged", "Auth:authorized", "Settle:charged", "Void:voided", "Credit:success", "Auth:failure"]) {
      assert.ok(kinds.includes(k), `${k} in ${kinds.join(", ")}`);
    }
    assert.ok(mine, "the sale's DMN");
    assert.deepEqual(mine.events[0]!.amount, scenario.shopper.amount);
    const hook = receiver.received[0]!;
    const changed = hook.body.replace(/totalAmount=[^&]+/, "totalAmount=0.01");
    assert.notEqual(changed, hook.body);
    for (const [body, secret] of [
      [changed, NUVEI_SECRET_KEY],
      [hook.body, "AnotherMerchantSecretKey"],
    ] as const) {
      const result = (await pool.call("parseWebhook", { connector: "nuvei", headers: hook.headers, body, secret })) as WebhookResult;
      assert.equal(result.verified, false);
      assert.equal(result.events.length, 0);
      assert.ok(!result.reason?.includes(secret));
    }
  });
});

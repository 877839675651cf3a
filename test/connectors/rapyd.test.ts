// Rapyd end to end: the emulator on its own (its signature check and rules), then the whole
// lifecycle through the real client pieces (SidecarPool + the fetch executor) against it:
// authorize → partial capture → refund part, twice → refund status; a void; a decline;
// createCustomer → setupMandate → repeatPayment; and the signed webhooks read by parseWebhook.
// The signature the emulator checks is computed here from Rapyd's documented formula (and its
// official sample, RapydPayments/rapyd-request-signatures), not from the sidecar.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";

import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import type { SessionResult, WebhookResult } from "../../protocol/index.js";
import type { SidecarError } from "../../client/errors.js";
import { exchangeThrough } from "../support/exchange.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { RAPYD_ACCESS_KEY, RAPYD_SECRET_KEY } from "../../emulator/connectors/rapyd/index.js";
import { scenario } from "../../emulator/connectors/rapyd/scenario.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const AUTH = { accessKey: RAPYD_ACCESS_KEY, secretKey: RAPYD_SECRET_KEY };
const CARD = { number: "4111111111111111", expMonth: "12", expYear: "2034", cvc: "123", holderName: "Jane Doe" };
const US = { country: "US" };

/** Rapyd's documented signature: BASE64(HEX(HMAC-SHA256(secret, method+path+salt+timestamp+access+secret+body))). */
function documentedSignature(method: string, path: string, salt: string, timestamp: string, body: string, secret = RAPYD_SECRET_KEY): string {
  const hex = createHmac("sha256", secret).update(`${method.toLowerCase()}${path}${salt}${timestamp}${RAPYD_ACCESS_KEY}${secret}${body}`).digest("hex");
  return Buffer.from(hex).toString("base64");
}

let saltCounter = 0;
async function call(base: string, method: string, path: string, body?: unknown, extra: Record<string, string> = {}, secret = RAPYD_SECRET_KEY) {
  const text = body === undefined ? "" : JSON.stringify(body);
  const salt = `salt${String(++saltCounter).padStart(8, "0")}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const res = await fetch(base + path, {
    method,
    headers: {
      "Content-Type": "application/json",
      access_key: RAPYD_ACCESS_KEY,
      salt,
      timestamp,
      signature: documentedSignature(method, path, salt, timestamp, text, secret),
      ...extra,
    },
    ...(text ? { body: text } : {}),
  });
  const out = await res.text();
  return { status: res.status, text: out, json: out ? (JSON.parse(out) as Record<string, any>) : undefined };
}

describe("rapyd emulator", function () {
  let emu: Emulator;
  let base: string;
  before(async () => {
    emu = await startEmulator();
    base = emu.baseUrls.rapyd!;
  });
  after(() => emu.close());

  const payment = (extra: Record<string, unknown> = {}) => ({
    amount: 10.99,
    currency: "USD",
    payment_method: { type: "us_visa_card", fields: { number: "4111111111111111", expiration_month: "12", expiration_year: "34", cvv: "123" } },
    capture: false,
    ...extra,
  });

  it("creates an active card payment awaiting capture, in Rapyd's envelope", async () => {
    const r = await call(base, "POST", "/v1/payments", payment());
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json!["status"]["status"], "SUCCESS");
    assert.match(r.json!["data"]["id"], /^payment_[0-9a-f]{32}$/);
    assert.equal(r.json!["data"]["status"], "ACT");
    assert.equal(r.json!["data"]["next_action"], "pending_capture");
    assert.equal(r.json!["data"]["amount"], 10.99);
    assert.ok(!r.text.includes("4111111111111111"), "no card number in the answer");
  });

  it("refuses a wrong signature, another secret and a replayed salt with 401 UNAUTHENTICATED_API_CALL", async () => {
    const wrong = await call(base, "POST", "/v1/payments", payment(), {}, "rsk_other");
    assert.equal(wrong.status, 401);
    assert.equal(wrong.json!["status"]["error_code"], "UNAUTHENTICATED_API_CALL");
    const tampered = await call(base, "POST", "/v1/payments", payment(), { signature: "AAAA" });
    assert.equal(tampered.status, 401);
    const salt = "replayed0001";
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = { "Content-Type": "application/json", access_key: RAPYD_ACCESS_KEY, salt, timestamp, signature: documentedSignature("get", "/v1/refunds/refund_x", salt, timestamp, "") };
    assert.equal((await fetch(`${base}/v1/refunds/refund_x`, { headers })).status, 400);
    assert.equal((await fetch(`${base}/v1/refunds/refund_x`, { headers })).status, 401);
  });

  it("captures part and closes, refunds what was captured and no more, cancels only active payments", async () => {
    const p = (await call(base, "POST", "/v1/payments", payment())).json!["data"];
    assert.equal((await call(base, "POST", "/v1/refunds", { payment: p.id, amount: 1 })).json!["status"]["error_code"], "ERROR_CREATE_REFUND");
    const captured = await call(base, "POST", `/v1/payments/${p.id}/capture`, { amount: 6 });
    assert.equal(captured.json!["data"]["status"], "CLO");
    assert.equal(captured.json!["data"]["amount"], 6);
    assert.equal((await call(base, "POST", `/v1/payments/${p.id}/capture`)).json!["status"]["error_code"], "ERROR_CAPTURE_PAYMENT");
    assert.equal((await call(base, "DELETE", `/v1/payments/${p.id}`)).json!["status"]["error_code"], "ERROR_CANCEL_PAYMENT");
    const r = await call(base, "POST", "/v1/refunds", { payment: p.id, amount: 5.5, currency: "USD" });
    assert.equal(r.json!["data"]["status"], "Completed");
    assert.equal((await call(base, "POST", "/v1/refunds", { payment: p.id, amount: 0.51 })).json!["status"]["error_code"], "ERROR_CREATE_REFUND");
    assert.equal((await call(base, "GET", `/v1/refunds/${r.json!["data"]["id"]}`)).json!["data"]["amount"], 5.5);
  });

  it("takes a digital wallet on a Visa or Mastercard type with the wallet's token shape, and refuses another shape", async () => {
    const google = (tokenizationType: string, type = "us_visa_card") => ({
      amount: 10,
      currency: "USD",
      payment_method: {
        type,
        digital_wallet: { type: "google_pay", details: { token: { apiVersion: 2, apiVersionMinor: 0, paymentMethodData: { type: "CARD", info: { cardNetwork: "VISA" }, tokenizationData: { type: tokenizationType, token: "{}" } } } } },
      },
    });
    const ok = await call(base, "POST", "/v1/payments", google("PAYMENT_GATEWAY"));
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json!["data"]["status"], "CLO");
    assert.equal(ok.json!["data"]["payment_method_data"]["digital_wallet"]["type"], "google_pay");
    const direct = await call(base, "POST", "/v1/payments", google("DIRECT"));
    assert.equal(direct.status, 400);
    const amex = await call(base, "POST", "/v1/payments", google("PAYMENT_GATEWAY", "us_amex_card"));
    assert.equal(amex.json!["status"]["error_code"], "ERROR_GET_PAYMENT_METHOD_TYPE");
  });

  it("a checkout page: its payment's id is null until the shopper pays on it, then the payment is there", async () => {
    const created = await call(base, "POST", "/v1/checkout", { amount: 12.5, currency: "EUR", country: "DE", complete_checkout_url: "http://127.0.0.1:9/done" });
    assert.equal(created.status, 200, created.text);
    const page = created.json!["data"];
    assert.match(page["id"], /^checkout_/);
    assert.equal(page["status"], "NEW");
    assert.equal(page["payment"]["id"], null);
    assert.equal((await call(base, "POST", "/v1/checkout", { amount: 12.5, currency: "EUR" })).status, 400, "country is required");
    const shopper = await fetch(page["redirect_url"], { redirect: "manual" });
    assert.equal(shopper.status, 302);
    const after = await call(base, "GET", `/v1/checkout/${page["id"]}`);
    assert.equal(after.json!["data"]["status"], "DON");
    assert.match(after.json!["data"]["payment"]["id"], /^payment_/);
    assert.equal(after.json!["data"]["payment"]["amount"], 12.5);
  });

  it("replays an idempotent request with its first answer", async () => {
    const first = await call(base, "POST", "/v1/payments", payment(), { idempotency: "emu-rapyd-1" });
    const again = await call(base, "POST", "/v1/payments", payment(), { idempotency: "emu-rapyd-1" });
    assert.equal(again.json!["data"]["id"], first.json!["data"]["id"]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("rapyd lifecycle through the client", function () {
  this.timeout(30_000);
  let emu: Emulator;
  let pool: SidecarPool;
  let receiver: WebhookReceiver;
  const webhookSecret = `${RAPYD_ACCESS_KEY}:${RAPYD_SECRET_KEY}`;

  before(async () => {
    receiver = await startWebhookReceiver("/webhooks/rapyd");
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: { rapyd: webhookSecret } } });
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  const exchange = exchangeThrough("rapyd", AUTH, () => pool, () => emu.baseUrls.rapyd!);

  it("authorize → partial capture → refund part, twice → refund status", async () => {
    const amount = { minorAmount: 1099, currency: "USD" };
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-rp-1",
      amount,
      paymentMethod: { type: "card", card: CARD },
      billingAddress: US,
      captureMethod: "manual",
      idempotencyKey: "order-rp-1",
    });
    assert.equal(auth.status, "authorized", JSON.stringify(auth.error));
    const id = auth.connectorTransactionId!;
    assert.match(id, /^payment_/);
    assert.equal((await exchange("psync", { connectorTransactionId: id })).status, "authorized");

    const capture = await exchange("capture", {
      connectorTransactionId: id,
      amountToCapture: { minorAmount: 600, currency: "USD" },
      paymentAmount: amount,
      idempotencyKey: "order-rp-1-capture",
    });
    assert.equal(capture.status, "charged");
    assert.deepEqual(capture.amountCaptured, { minorAmount: 600, currency: "USD" });
    const again = await exchange("capture", { connectorTransactionId: id });
    assert.equal(again.status, "capture_failed");
    assert.equal(again.error?.connectorCode, "ERROR_CAPTURE_PAYMENT");

    for (const [n, minor] of [[1, 300], [2, 250]] as const) {
      const refund = await exchange("refund", {
        connectorTransactionId: id,
        merchantRefundId: `order-rp-1-refund-${n}`,
        refundAmount: { minorAmount: minor, currency: "USD" },
        reason: "requested_by_customer",
        idempotencyKey: `order-rp-1-refund-${n}`,
      });
      assert.equal(refund.status, "success", JSON.stringify(refund.error));
      assert.match(refund.connectorRefundId!, /^refund_/);
      const status = await exchange("rsync", { connectorTransactionId: id, connectorRefundId: refund.connectorRefundId });
      assert.equal(status.status, "success");
      assert.deepEqual(status.refundAmount, { minorAmount: minor, currency: "USD" });
    }
    const over = await exchange("refund", {
      connectorTransactionId: id,
      merchantRefundId: "order-rp-1-refund-3",
      refundAmount: { minorAmount: 51, currency: "USD" },
    });
    assert.equal(over.status, "failure");
    assert.equal(over.error?.connectorCode, "ERROR_CREATE_REFUND");
  });

  it("void of an uncaptured payment, and a void that comes too late", async () => {
    const auth = await exchange("authorize", {
      merchantTransactionId: "order-rp-2",
      amount: { minorAmount: 500, currency: "JPY" },
      paymentMethod: { type: "card", card: CARD },
      billingAddress: US,
      captureMethod: "manual",
    });
    assert.equal(auth.status, "authorized");
    const voided = await exchange("void", { connectorTransactionId: auth.connectorTransactionId });
    assert.equal(voided.status, "voided");
    assert.equal(voided.connectorStatus, "CAN");
    const late = await exchange("void", { connectorTransactionId: auth.connectorTransactionId });
    assert.equal(late.status, "void_failed");
    assert.equal(late.error?.connectorCode, "ERROR_CANCEL_PAYMENT");
  });

  it("a decline: failure with Rapyd's code", async () => {
    const r = await exchange("authorize", {
      merchantTransactionId: "order-rp-3",
      amount: { minorAmount: 500, currency: "USD" },
      paymentMethod: { type: "card", card: { ...CARD, number: "4000000000009995" } },
      billingAddress: US,
    });
    assert.equal(r.status, "failure");
    assert.match(r.connectorTransactionId!, /^payment_/, "the failed payment Rapyd returns as data");
    assert.equal(r.connectorStatus, "ERR");
    assert.equal(r.error?.code, "insufficient_funds");
    assert.equal(r.error?.connectorCode, "ERROR_CREATE_PAYMENT_INSUFFICIENT_FUNDS");
    assert.equal(r.error?.declineType, "soft");
  });

  it("createCustomer → setupMandate → repeatPayment, twice → revokeMandate", async () => {
    const customer = await exchange<any>("createCustomer", { customer: { id: "shopper-1", name: "Jane Doe", email: "jane@example.com" }, idempotencyKey: "rp-save" });
    assert.equal(customer.status, "success");
    assert.match(customer.connectorCustomerId, /^cus_/);
    const saved = await exchange("setupMandate", {
      merchantTransactionId: "rp-save",
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: { type: "card", card: CARD },
      billingAddress: US,
      customer: { connectorCustomerId: customer.connectorCustomerId },
    });
    assert.equal(saved.status, "charged", JSON.stringify(saved.error));
    assert.match(saved.mandateReference!, /^card_/);
    assert.equal(saved.connectorCustomerId, customer.connectorCustomerId);
    for (const n of [1, 2]) {
      const repeat = await exchange("repeatPayment", {
        merchantTransactionId: `rp-repeat-${n}`,
        amount: { minorAmount: 2500, currency: "USD" },
        mandateReference: saved.mandateReference,
        customer: { connectorCustomerId: saved.connectorCustomerId },
        recurringType: "scheduled",
      });
      assert.equal(repeat.status, "charged", JSON.stringify(repeat.error));
      assert.equal(repeat.mandateReference, saved.mandateReference);
    }
    const revoked = await exchange<any>("revokeMandate", { mandateReference: saved.mandateReference, customer: { connectorCustomerId: saved.connectorCustomerId } });
    assert.equal(revoked.status, "revoked", JSON.stringify(revoked.error));
    const after = await exchange("repeatPayment", {
      merchantTransactionId: "rp-repeat-3",
      amount: { minorAmount: 2500, currency: "USD" },
      mandateReference: saved.mandateReference,
      customer: { connectorCustomerId: saved.connectorCustomerId },
    });
    assert.equal(after.status, "failure", "a deleted card pays no more");
    const again = await exchange<any>("revokeMandate", { mandateReference: saved.mandateReference, customer: { connectorCustomerId: saved.connectorCustomerId } });
    assert.equal(again.status, "failure");
  });

  it("Apple Pay and Google Pay: the card's type with the wallet's token → charged, then refunded; a decrypted token is refused", async () => {
    // Apple's paymentData as Rapyd's "Creating a Payment with Apple Pay (encrypted)" shows it (values truncated there).
    const paymentData = Buffer.from(
      JSON.stringify({ data: "V7OcjttPJnUJaQH7x7OjbIeZSINuc", signature: "MIAGCSqGSIb3DQEHAqCAM", header: { publicKeyHash: "L6vppo38t31Q", ephemeralPublicKey: "MFkwEwYHKoZI", transactionId: "4f4fac7a1" }, version: "EC_v1" }),
    ).toString("base64");
    const apple = await exchange("authorize", {
      merchantTransactionId: "order-rp-ap",
      amount: { minorAmount: 1000, currency: "EUR" },
      paymentMethod: { type: "applePay", applePay: { paymentData, network: "MasterCard", displayName: "MasterCard 1512" } },
      billingAddress: { country: "DE" },
      idempotencyKey: "order-rp-ap",
    });
    assert.equal(apple.status, "charged", JSON.stringify(apple.error));
    assert.deepEqual(apple.amountCaptured, { minorAmount: 1000, currency: "EUR" });
    const refund = await exchange("refund", {
      connectorTransactionId: apple.connectorTransactionId,
      merchantRefundId: "order-rp-ap-refund",
      refundAmount: { minorAmount: 400, currency: "EUR" },
    });
    assert.equal(refund.status, "success", JSON.stringify(refund.error));

    const google = await exchange("authorize", {
      merchantTransactionId: "order-rp-gp",
      amount: { minorAmount: 1000, currency: "USD" },
      paymentMethod: { type: "googlePay", googlePay: { token: '{"protocolVersion":"ECv2","signature":"MEYCIQ","signedMessage":"{}"}', cardNetwork: "VISA", cardDetails: "1111" } },
      billingAddress: { country: "IS" },
      captureMethod: "manual",
    });
    assert.equal(google.status, "authorized", JSON.stringify(google.error));
    const captured = await exchange("capture", { connectorTransactionId: google.connectorTransactionId });
    assert.equal(captured.status, "charged");

    await assert.rejects(
      exchange("authorize", {
        merchantTransactionId: "order-rp-ap2",
        amount: { minorAmount: 1000, currency: "EUR" },
        paymentMethod: { type: "applePay", applePay: { decrypted: { number: "4818528810085112", expMonth: "12", expYear: "2030", cryptogram: "AnZPt6sADBgtrkkC1XlvMAACAAA=" }, network: "Visa" } },
        billingAddress: { country: "DE" },
      }),
      (e: SidecarError) => {
        assert.equal(e.kind, "PaymentMethodNotSupported");
        assert.equal(e.data.field, "request.paymentMethod.applePay.decrypted");
        assert.ok(!e.message.includes("4818528810085112"));
        return true;
      },
    );
  });

  it("createSession → Rapyd's checkout page → the shopper pays there → psync finds the payment → capture and refund it", async () => {
    const session = await exchange<SessionResult>("createSession", {
      merchantTransactionId: "order-rp-co",
      amount: { minorAmount: 2550, currency: "USD" },
      countryCode: "US",
      captureMethod: "manual",
      returnUrl: "http://127.0.0.1:9/return",
      paymentMethodTypes: ["card", "walletRedirect"],
      idempotencyKey: "order-rp-co",
    });
    assert.equal(session.status, "success", JSON.stringify(session.error));
    const checkout = session.connectorTransactionId!;
    assert.match(checkout, /^checkout_/);
    assert.equal(session.sessionId, checkout);
    assert.ok(session.redirection?.url, "the hosted page's URL");
    const waiting = await exchange("psync", { connectorTransactionId: checkout });
    assert.equal(waiting.status, "pending");

    // The shopper opens the page and pays (the emulator's page pays with Rapyd's success card).
    const page = await fetch(session.redirection!.url, { redirect: "manual" });
    assert.equal(page.status, 302);
    assert.equal(page.headers.get("location")?.startsWith("http://127.0.0.1:9/return"), true);

    const paid = await exchange("psync", { connectorTransactionId: checkout });
    assert.equal(paid.status, "authorized", JSON.stringify(paid.error));
    assert.match(paid.connectorTransactionId!, /^payment_/);
    const captured = await exchange("capture", { connectorTransactionId: paid.connectorTransactionId });
    assert.equal(captured.status, "charged");
    assert.deepEqual(captured.amountCaptured, { minorAmount: 2550, currency: "USD" });
    const refund = await exchange("refund", {
      connectorTransactionId: paid.connectorTransactionId,
      merchantRefundId: "order-rp-co-refund",
      refundAmount: { minorAmount: 2550, currency: "USD" },
    });
    assert.equal(refund.status, "success", JSON.stringify(refund.error));
  });

  it("createSession with applePayMerchantValidation: Retrieve Apple Pay Session, Apple's merchant session as sessionData", async () => {
    const session = await exchange<SessionResult>("createSession", {
      merchantTransactionId: "order-rp-aps",
      amount: { minorAmount: 1000, currency: "EUR" },
      applePayMerchantValidation: { displayName: "Acme Shop", domainName: "shop.example.com", merchantIdentifier: "merchant.com.example.shop" },
    });
    assert.equal(session.status, "success", JSON.stringify(session.error));
    const apple = JSON.parse(session.sessionData!) as Record<string, unknown>;
    assert.equal(apple["domainName"], "shop.example.com");
    assert.equal(apple["displayName"], "Acme Shop");
    assert.equal(session.sessionId, apple["merchantSessionIdentifier"]);
  });

  it("the scenario's card authorizes through PaymentsClient", async () => {
    const payments = new PaymentsClient(pool);
    const result = await payments.authorize({
      connector: "rapyd",
      auth: { accessKey: scenario.emulator.auth.accessKey!, secretKey: scenario.emulator.auth.secretKey! },
      options: { baseUrl: emu.baseUrls.rapyd },
      request: {
        merchantTransactionId: `order_${process.pid}`,
        amount: scenario.shopper.amount,
        paymentMethod: scenario.shopper.paymentMethod,
        billingAddress: scenario.shopper.billingAddress,
        captureMethod: "manual",
      },
    });
    assert.equal(result.status, "authorized", JSON.stringify(result.error));
  });

  it("webhooks: signed with both keys and the URL, verified and read; a forged one is refused", async () => {
    await emu.webhooksDelivered();
    assert.ok(receiver.received.length >= 5, `${receiver.received.length} webhooks`);
    const types: string[] = [];
    for (const hook of receiver.received) {
      const result = (await pool.call("parseWebhook", { connector: "rapyd", headers: hook.headers, body: hook.body, secret: webhookSecret, url: receiver.url })) as WebhookResult;
      assert.equal(result.verified, true, result.reason);
      const e = result.events[0]!;
      types.push(`${e.eventType}:${e.paymentStatus ?? e.refundStatus ?? e.kind}`);
    }
    for (const t of ["PAYMENT_SUCCEEDED:authorized", "PAYMENT_CAPTURED:charged", "REFUND_COMPLETED:success", "PAYMENT_CANCELED:voided", "PAYMENT_FAILED:failure", "CUSTOMER_PAYMENT_METHOD_CREATED:mandate"]) {
      assert.ok(types.includes(t), `${t} in ${types.join(", ")}`);
    }
    const hook = receiver.received[0]!;
    const forged = hook.body.replace(/"amount":[\d.]+/, '"amount":1');
    assert.notEqual(forged, hook.body);
    for (const [body, url, secret] of [
      [forged, receiver.url, webhookSecret],
      [hook.body, `${receiver.url}/other`, webhookSecret],
      [hook.body, receiver.url, `${RAPYD_ACCESS_KEY}:rsk_other`],
    ] as const) {
      const result = (await pool.call("parseWebhook", { connector: "rapyd", headers: hook.headers, body, secret, url })) as WebhookResult;
      assert.equal(result.verified, false);
      assert.deepEqual(result.events, []);
      assert.ok(!JSON.stringify(result).includes(RAPYD_SECRET_KEY), "no secret in the answer");
    }
  });
});

// Mercado Pago through the real client: SidecarPool turns unified requests into Mercado Pago's HTTP
// calls, Node's fetch sends them to the loopback emulator (emulator/connectors/mercadopago/), and
// the pool reads the answers: authorize (manual) → psync → partial capture → two partial refunds →
// refund status; automatic capture and the idempotency key; void; declines by the test cardholder
// names; Pix and Boleto with their QR code and voucher; wrong credentials; an amount that cannot be
// sent exactly; and the signed webhooks (x-signature over data.id, x-request-id and ts).
import assert from "node:assert/strict";
import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import { MERCADOPAGO_ACCESS_TOKEN, TOKEN_PREFIX } from "../../emulator/connectors/mercadopago/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const AUTH = { accessToken: MERCADOPAGO_ACCESS_TOKEN };
const SECRET = "mercadopago_test_webhook_secret";
/** The emulator's stand-in for a MercadoPago.js token of a test card with this cardholder name. */
const token = (holder: string) => ({ type: "token" as const, token: { value: `${TOKEN_PREFIX}${holder}`, kind: "master" } });
const brl = (minorAmount: number) => ({ minorAmount, currency: "BRL" as const });
const JANE = { id: "shopper_1", email: "jane@example.com", name: "Jane Doe" };

describe("mercadopago through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;
  let receiver: WebhookReceiver;
  let payments: PaymentsClient;
  let call: { connector: "mercadopago"; auth: typeof AUTH; options: { baseUrl: string } };
  const order = (tag: string) => `mp_${tag}_${process.pid}_${Date.now()}`;

  before(async () => {
    receiver = await startWebhookReceiver("/webhooks/mercadopago");
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: { mercadopago: SECRET } } });
    pool = await SidecarPool.start({ size: 1 });
    payments = new PaymentsClient(pool);
    call = { connector: "mercadopago", auth: AUTH, options: { baseUrl: emu.baseUrls.mercadopago! } };
  });

  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  it("authorize (manual) → psync → capture part → two partial refunds → a third above what is left → refund status", async () => {
    const id = order("life");
    const auth = await payments.authorize({
      ...call,
      request: { merchantTransactionId: id, amount: brl(10050), paymentMethod: token("APRO"), captureMethod: "manual", customer: JANE },
    });
    assert.equal(auth.status, "authorized", JSON.stringify(auth.error));
    assert.match(auth.connectorTransactionId!, /^\d+$/);
    assert.equal(auth.connectorStatus, "authorized/pending_capture");
    assert.deepEqual(auth.authorizedAmount, brl(10050));

    const synced = await payments.sync({ ...call, request: {}, payment: auth });
    assert.equal(synced.status, "authorized");

    const captured = await payments.capture({ ...call, request: { amountToCapture: brl(6000) }, payment: auth });
    assert.equal(captured.status, "charged", JSON.stringify(captured.error));
    assert.deepEqual(captured.amountCaptured, brl(6000), "Mercado Pago's transaction_amount is the captured amount");

    const r1 = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r1`, refundAmount: brl(2500) }, payment: captured });
    assert.equal(r1.status, "success", JSON.stringify(r1.error));
    assert.match(r1.connectorRefundId!, /^\d+$/);
    assert.deepEqual(r1.refundAmount, brl(2500));
    const r2 = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r2`, refundAmount: brl(3500) }, payment: captured });
    assert.equal(r2.status, "success");
    assert.notEqual(r2.connectorRefundId, r1.connectorRefundId);
    const r3 = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r3`, refundAmount: brl(1) }, payment: captured });
    assert.equal(r3.status, "failure");
    assert.equal(r3.error?.code, "invalid_request");

    const status = await payments.refundSync({ ...call, request: {}, payment: captured, refund: r1 });
    assert.equal(status.status, "success");
    assert.equal(status.connectorRefundId, r1.connectorRefundId);
  });

  it("automatic capture charges at once; the same authorize sent again is the same payment (X-Idempotency-Key)", async () => {
    const id = order("auto");
    const request = { merchantTransactionId: id, amount: brl(1999), paymentMethod: token("APRO"), captureMethod: "automatic" as const, customer: JANE };
    const first = await payments.authorize({ ...call, request });
    assert.equal(first.status, "charged", JSON.stringify(first.error));
    assert.deepEqual(first.amountCaptured, brl(1999));
    const again = await payments.authorize({ ...call, request });
    assert.equal(again.connectorTransactionId, first.connectorTransactionId);
  });

  it("void cancels an authorized payment; a capture after it fails", async () => {
    const auth = await payments.authorize({ ...call, request: { merchantTransactionId: order("void"), amount: brl(500), paymentMethod: token("APRO"), captureMethod: "manual", customer: JANE } });
    assert.equal(auth.status, "authorized");
    const voided = await payments.void({ ...call, request: {}, payment: auth });
    assert.equal(voided.status, "voided", JSON.stringify(voided.error));
    const refused = await payments.capture({ ...call, request: { amountToCapture: brl(500) }, payment: auth });
    assert.equal(refused.status, "capture_failed");
  });

  it("declines by the test cardholder name: FUND insufficient funds (soft), SECU the security code", async () => {
    const fund = await payments.authorize({ ...call, request: { merchantTransactionId: order("fund"), amount: brl(1000), paymentMethod: token("FUND"), customer: JANE } });
    assert.equal(fund.status, "failure");
    assert.equal(fund.error?.code, "insufficient_funds");
    assert.equal(fund.error?.declineCode, "cc_rejected_insufficient_amount");
    assert.equal(fund.error?.declineType, "soft");
    const secu = await payments.authorize({ ...call, request: { merchantTransactionId: order("secu"), amount: brl(1000), paymentMethod: token("SECU"), customer: JANE } });
    assert.equal(secu.error?.code, "incorrect_cvc");
  });

  it("Pix answers pending with the QR code; Boleto with the voucher URL and digitable line", async () => {
    const pix = await payments.authorize({
      ...call,
      request: { merchantTransactionId: order("pix"), amount: brl(2590), paymentMethod: { type: "voucher", voucher: { method: "pix" } }, customer: JANE },
    });
    assert.equal(pix.status, "pending", JSON.stringify(pix.error));
    assert.equal(pix.nextAction?.type, "displayQrCode");
    assert.match(pix.nextAction!.qrData!, /br\.gov\.bcb\.pix/);
    assert.ok(pix.nextAction?.expiresAt);
    const boleto = await payments.authorize({
      ...call,
      request: {
        merchantTransactionId: order("boleto"),
        amount: brl(15000),
        paymentMethod: { type: "voucher", voucher: { method: "boleto", taxId: "191.191.191-00" } },
        customer: JANE,
        billingAddress: { line1: "Av. Paulista 1000", line2: "Bela Vista", city: "Sao Paulo", state: "SP", postalCode: "01310-100", country: "BR" },
      },
    });
    assert.equal(boleto.status, "pending", JSON.stringify(boleto.error));
    assert.equal(boleto.nextAction?.type, "displayVoucher");
    assert.match(boleto.nextAction!.url!, /\/ticket$/);
    assert.ok(boleto.nextAction?.reference);
  });

  it("refuses before any call what Mercado Pago cannot take: a foreign currency, raw card data", async () => {
    await assert.rejects(
      payments.authorize({ ...call, request: { merchantTransactionId: order("cur"), amount: { minorAmount: 1000, currency: "USD" }, paymentMethod: token("APRO") } }),
      (e: any) => e.code === 1005 && /currency/.test(e.message),
    );
    await assert.rejects(
      payments.authorize({
        ...call,
        request: { merchantTransactionId: order("card"), amount: brl(1000), paymentMethod: { type: "card", card: { number: "5031433215406351", expMonth: "11", expYear: "2030", cvc: "123" } } },
      }),
      (e: any) => e.code === 1003 && !String(e.message).includes("5031433215406351"),
    );
  });

  it("wrong credentials: invalid_credentials, and the token is not in the result", async () => {
    const result = await payments.authorize({
      ...call,
      auth: { accessToken: "TEST-wrong-token" },
      request: { merchantTransactionId: order("cred"), amount: brl(100), paymentMethod: token("APRO"), customer: JANE },
    });
    assert.equal(result.status, "failure");
    assert.equal(result.error?.code, "invalid_credentials");
    assert.ok(!JSON.stringify(result).includes("TEST-wrong-token"));
  });

  it("chargebacks: read (dsync), documentation sent as files (under review), then decided", async () => {
    const paid = await payments.authorize({ ...call, request: { merchantTransactionId: order("cb"), amount: brl(10050), paymentMethod: token("APRO"), captureMethod: "automatic", customer: JANE } });
    assert.equal(paid.status, "charged", JSON.stringify(paid.error));
    const opened = await fetch(`${emu.baseUrls.mercadopago}/_emulator/chargeback/${paid.connectorTransactionId}`, { method: "POST" });
    assert.equal(opened.status, 200);
    const id = ((await opened.json()) as { id: string }).id;
    const read = await payments.disputeSync({ ...call, request: { connectorDisputeId: id } });
    assert.equal(read.status, "needs_response", JSON.stringify(read.error));
    assert.deepEqual(read.amount, brl(10050));
    assert.equal(read.connectorTransactionId, paid.connectorTransactionId);
    assert.ok(read.dueBy?.endsWith("Z") && Date.parse(read.dueBy) > Date.now(), read.dueBy);
    const pdf = Buffer.from("%PDF-1.4\n% invoice\n").toString("base64");
    const sent = await payments.submitDisputeEvidence({
      ...call,
      dispute: read,
      request: { evidence: [{ type: "receipt", file: { filename: "invoice.pdf", contentType: "application/pdf", data: pdf } }] },
    });
    assert.equal(sent.status, "under_review", JSON.stringify(sent.error));
    assert.equal((await payments.disputeSync({ ...call, dispute: read, request: {} })).status, "under_review");
    await fetch(`${emu.baseUrls.mercadopago}/_emulator/chargeback/${id}/resolve?covered=true`, { method: "POST" });
    assert.equal((await payments.disputeSync({ ...call, dispute: read, request: {} })).status, "won");
    const support = await payments.supports("mercadopago", "acceptDispute");
    assert.equal(support.supported, false);
    assert.match(support.supported ? "" : support.reason, /decides chargebacks itself/);
  });

  it("webhooks: the signed notification is verified with its URL's data.id and read; a changed id or secret is refused", async () => {
    const auth = await payments.authorize({ ...call, request: { merchantTransactionId: order("hook"), amount: brl(4200), paymentMethod: token("APRO"), customer: JANE } });
    assert.equal(auth.status, "charged");
    await emu.webhooksDelivered();
    const hook = receiver.received.find((w) => w.path.includes(`data.id=${auth.connectorTransactionId}`));
    assert.ok(hook, "a notification for the payment");
    assert.match(hook.headers["x-signature"]!, /^ts=\d+,v1=[0-9a-f]{64}$/);
    const origin = new URL(receiver.url).origin;
    const parsed = await payments.parseWebhook({ connector: "mercadopago", headers: hook.headers, body: hook.body, secret: SECRET, url: origin + hook.path });
    assert.equal(parsed.verified, true, parsed.reason);
    assert.equal(parsed.events[0]!.kind, "payment");
    assert.equal(parsed.events[0]!.eventType, "payment.created");
    assert.equal(parsed.events[0]!.connectorTransactionId, auth.connectorTransactionId);
    assert.equal(parsed.acknowledgement.status, 200);

    const otherId = await payments.parseWebhook({ connector: "mercadopago", headers: hook.headers, body: hook.body, secret: SECRET, url: `${receiver.url}?data.id=1&type=payment` });
    assert.equal(otherId.verified, false);
    assert.deepEqual(otherId.events, []);
    const wrongSecret = await payments.parseWebhook({ connector: "mercadopago", headers: hook.headers, body: hook.body, secret: "another_secret", url: origin + hook.path });
    assert.equal(wrongSecret.verified, false);
  });
});

// Razorpay end to end: the whole lifecycle through the real client pieces (PaymentsClient on a
// SidecarPool, Node's fetch) against the loopback emulator (emulator/connectors/razorpay/):
// create the order → the S2S payment on it (the client's second authorize call) → the shopper's
// redirect → psync → capture (all of it: Razorpay refuses a partial capture) → two partial
// refunds → refund status; automatic capture; UPI collect and intent; netbanking and wallets;
// disputes (read, upload, draft, submit, accept); declines; wrong keys; and the
// signed webhooks the emulator delivered, verified and read by parseWebhook.
import assert from "node:assert/strict";

import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import { SidecarError } from "../../client/errors.js";
import { RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET, SUCCESS_CARD } from "../../emulator/connectors/razorpay/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const AUTH = { keyId: RAZORPAY_KEY_ID, keySecret: RAZORPAY_KEY_SECRET };
const SECRET = "whsec_razorpay_test_secret";
const card = (number: string) => ({ type: "card" as const, card: { number, expMonth: "12", expYear: "2030", cvc: "123", holderName: "Gaurav Kumar" } });
const SUCCEEDS = card(SUCCESS_CARD);
const SHOPPER = {
  customer: { id: "shopper_1", email: "gaurav.kumar@example.com", phone: "9123456789" },
  browserInfo: { ipAddress: "203.0.113.10", userAgent: "Mozilla/5.0" },
  returnUrl: "https://shop.example/return",
};
const INR = (minorAmount: number) => ({ minorAmount, currency: "INR" as const });
/** An e-mandate on Razorpay's documented example account (emandate-s2s.md), authorised by net banking. */
const EMANDATE = {
  type: "bankDebit" as const,
  bankDebit: {
    method: "emandate" as const,
    accountHolderName: "Gaurav Kumar",
    accountNumber: ["1121431121", "541121"].join(""),
    ifsc: "HDFC0000001",
    authType: "netbanking" as "netbanking" | "debitcard" | "aadhaar",
    accountType: "savings" as const,
  },
};

describe("razorpay through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;
  let receiver: WebhookReceiver;
  let payments: PaymentsClient;
  let call: { connector: "razorpay"; auth: typeof AUTH; options: { baseUrl: string } };
  const order = (tag: string) => `rzp_${tag}_${process.pid}_${Date.now()}`;

  before(async () => {
    receiver = await startWebhookReceiver("/webhooks/razorpay");
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: { razorpay: SECRET } } });
    pool = await SidecarPool.start({ size: 1 });
    payments = new PaymentsClient(pool);
    call = { connector: "razorpay", auth: AUTH, options: { baseUrl: emu.baseUrls.razorpay! } };
  });

  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  it("order → card payment → redirect → authorized → capture all → two partial refunds → refund status", async () => {
    const id = order("life");
    const auth = await payments.authorize({
      ...call,
      request: { merchantTransactionId: id, amount: INR(50000), paymentMethod: SUCCEEDS, captureMethod: "manual", ...SHOPPER },
    });
    assert.equal(auth.status, "authentication_pending", JSON.stringify(auth.error));
    assert.match(auth.connectorTransactionId!, /^pay_/);
    assert.match(auth.state?.["razorpayOrderId"] ?? "", /^order_/);
    assert.equal(auth.state?.["continueWith"], undefined, "the payment result does not ask for another call");
    assert.equal(auth.redirection?.method, "GET");
    // The shopper completes 3-D Secure at the bank page.
    const page = await fetch(auth.redirection!.url);
    assert.equal(page.status, 200);

    const synced = await payments.sync({ ...call, request: {}, payment: auth });
    assert.equal(synced.status, "authorized", JSON.stringify(synced.error));
    assert.equal(synced.connectorStatus, "authorized");

    // Razorpay captures only the whole authorized amount: a partial capture is refused before it is sent.
    await assert.rejects(
      payments.capture({ ...call, request: { amountToCapture: INR(30000), paymentAmount: INR(50000) }, payment: synced }),
      (e: unknown) => e instanceof SidecarError && e.data.field === "request.amountToCapture.minorAmount",
    );
    const captured = await payments.capture({ ...call, request: { amountToCapture: INR(50000), paymentAmount: INR(50000) }, payment: synced });
    assert.equal(captured.status, "charged", JSON.stringify(captured.error));
    assert.deepEqual(captured.amountCaptured, INR(50000));

    const r1 = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r1`, refundAmount: INR(20000) }, payment: captured });
    assert.equal(r1.status, "success", JSON.stringify(r1.error));
    assert.match(r1.connectorRefundId!, /^rfnd_/);
    // The same refund sent again (same merchantRefundId, the client's default idempotency key): the same refund.
    const again = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r1`, refundAmount: INR(20000) }, payment: captured });
    assert.equal(again.connectorRefundId, r1.connectorRefundId);
    const r2 = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r2`, refundAmount: INR(30000) }, payment: captured });
    assert.equal(r2.status, "success");
    assert.notEqual(r2.connectorRefundId, r1.connectorRefundId);
    const r3 = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r3`, refundAmount: INR(100) }, payment: captured });
    assert.equal(r3.status, "failure", "nothing is left to refund");

    const status = await payments.refundSync({ ...call, request: {}, payment: captured, refund: r1 });
    assert.equal(status.status, "success");
    assert.deepEqual(status.refundAmount, INR(20000));
    const after = await payments.sync({ ...call, request: {}, payment: captured });
    assert.equal(after.connectorStatus, "refunded");
  });

  it("automatic capture: the order's capture setting charges the payment once the shopper is done", async () => {
    const auth = await payments.authorize({
      ...call,
      request: { merchantTransactionId: order("auto"), amount: INR(1999 * 100), paymentMethod: SUCCEEDS, captureMethod: "automatic", ...SHOPPER },
    });
    assert.equal(auth.status, "authentication_pending");
    const synced = await payments.sync({ ...call, request: {}, payment: auth });
    assert.equal(synced.status, "charged", JSON.stringify(synced.error));
  });

  it("UPI collect waits for the shopper's app; UPI intent gives the upi:// link", async () => {
    const collect = await payments.authorize({
      ...call,
      request: { merchantTransactionId: order("upic"), amount: INR(10000), paymentMethod: { type: "upiCollect", upi: { vpa: "gaurav.kumar@exampleupi" } }, ...SHOPPER },
    });
    assert.equal(collect.status, "authentication_pending", JSON.stringify(collect.error));
    assert.equal(collect.nextAction?.type, "awaitApproval");
    assert.equal((await payments.sync({ ...call, request: {}, payment: collect })).status, "charged");
    const intent = await payments.authorize({
      ...call,
      request: { merchantTransactionId: order("upii"), amount: INR(10000), paymentMethod: { type: "upiIntent" }, ...SHOPPER },
    });
    assert.equal(intent.status, "authentication_pending");
    assert.match(intent.redirection!.url, /^upi:\/\/pay\?/);
  });

  it("a declined card: failure with Razorpay's reason, the payment named", async () => {
    const declined = await payments.authorize({
      ...call,
      request: { merchantTransactionId: order("dec"), amount: INR(10000), paymentMethod: card("4000000000009995"), ...SHOPPER },
    });
    assert.equal(declined.status, "failure");
    assert.equal(declined.error?.code, "insufficient_funds");
    assert.equal(declined.error?.declineCode, "insufficient_funds");
    assert.equal(declined.error?.declineType, "soft");
    assert.match(declined.connectorTransactionId!, /^pay_/);
  });

  it("wrong keys: the order is refused, no payment is made, no key in the result", async () => {
    const result = await payments.authorize({
      ...call,
      auth: { keyId: RAZORPAY_KEY_ID, keySecret: "wrong_secret_value" },
      request: { merchantTransactionId: order("cred"), amount: INR(10000), paymentMethod: SUCCEEDS, ...SHOPPER },
    });
    assert.equal(result.status, "failure");
    assert.equal(result.error?.code, "invalid_credentials");
    assert.ok(!JSON.stringify(result).includes("wrong_secret_value"));
  });

  it("void is unsupported with Razorpay's reason", async () => {
    const support = await payments.supports("razorpay", "void");
    assert.equal(support.supported, false);
    assert.match(support.supported ? "" : support.reason, /refunded to the shopper by Razorpay/);
  });

  it("webhooks: Razorpay's signed events verified and read; a changed body is refused", async () => {
    const auth = await payments.authorize({
      ...call,
      request: { merchantTransactionId: order("hook"), amount: INR(4200), paymentMethod: SUCCEEDS, captureMethod: "automatic", ...SHOPPER },
    });
    await payments.sync({ ...call, request: {}, payment: auth });
    await emu.webhooksDelivered();
    const delivered = receiver.received.filter((w) => w.body.includes(auth.connectorTransactionId!) && w.body.includes('"payment.captured"'));
    assert.equal(delivered.length, 1);
    const hook = delivered[0]!;
    assert.match(hook.headers["x-razorpay-signature"]!, /^[0-9a-f]{64}$/);
    const parsed = await payments.parseWebhook({ connector: "razorpay", headers: hook.headers, body: hook.body, secret: SECRET });
    assert.equal(parsed.verified, true, parsed.reason);
    assert.equal(parsed.events[0]!.eventType, "payment.captured");
    assert.equal(parsed.events[0]!.paymentStatus, "charged");
    assert.equal(parsed.events[0]!.connectorTransactionId, auth.connectorTransactionId);
    assert.deepEqual(parsed.events[0]!.amount, INR(4200));
    const tampered = await payments.parseWebhook({ connector: "razorpay", headers: hook.headers, body: hook.body.replace("4200", "4300"), secret: SECRET });
    assert.equal(tampered.verified, false);
    assert.deepEqual(tampered.events, []);
  });
  it("netbanking and wallets: the bank's or wallet's page, then the payment is charged", async () => {
    const nb = await payments.authorize({
      ...call,
      request: { merchantTransactionId: order("nb"), amount: INR(25000), paymentMethod: { type: "bankRedirect", bankRedirect: { method: "netbanking", issuer: "HDFC" } }, ...SHOPPER },
    });
    assert.equal(nb.status, "authentication_pending", JSON.stringify(nb.error));
    assert.equal(nb.nextAction?.type, "redirect");
    assert.equal((await fetch(nb.redirection!.url)).status, 200, "the shopper logs in at the bank");
    const paid = await payments.sync({ ...call, request: {}, payment: nb });
    assert.equal(paid.status, "charged", JSON.stringify(paid.error));
    const wallet = await payments.authorize({
      ...call,
      request: { merchantTransactionId: order("wal"), amount: INR(9900), paymentMethod: { type: "walletRedirect", walletRedirect: { method: "mobikwik" } }, ...SHOPPER },
    });
    assert.equal(wallet.status, "authentication_pending", JSON.stringify(wallet.error));
    assert.ok(wallet.redirection?.url);
    assert.equal((await payments.sync({ ...call, request: {}, payment: wallet })).status, "charged");
    // A bank code the account does not have: Razorpay refuses the payment, naming the field.
    const unknownBank = await payments.authorize({
      ...call,
      request: { merchantTransactionId: order("nbx"), amount: INR(25000), paymentMethod: { type: "bankRedirect", bankRedirect: { method: "netbanking", issuer: "ABCD" } }, ...SHOPPER },
    });
    assert.equal(unknownBank.status, "failure");
    assert.equal(unknownBank.error?.code, "invalid_request");
  });

  /** A captured payment and a chargeback on it (opened by the emulator, as Razorpay's webhook would announce). */
  async function disputed(tag: string): Promise<string> {
    const auth = await payments.authorize({
      ...call,
      request: { merchantTransactionId: order(tag), amount: INR(10000), paymentMethod: SUCCEEDS, captureMethod: "automatic", ...SHOPPER },
    });
    const paid = await payments.sync({ ...call, request: {}, payment: auth });
    assert.equal(paid.status, "charged");
    const r = await fetch(`${emu.baseUrls.razorpay}/_emulator/dispute/${paid.connectorTransactionId}`, { method: "POST" });
    assert.equal(r.status, 200);
    return ((await r.json()) as { id: string }).id;
  }
  const PDF = Buffer.from("%PDF-1.4\n% receipt\n").toString("base64");

  it("disputes: read, evidence uploaded and saved as a draft, submitted, then won", async () => {
    const id = await disputed("disp");
    const opened = await payments.disputeSync({ ...call, request: { connectorDisputeId: id } });
    assert.equal(opened.status, "needs_response", JSON.stringify(opened.error));
    assert.deepEqual(opened.amount, INR(10000));
    assert.match(opened.connectorTransactionId!, /^pay_/);
    assert.ok(opened.dueBy && Date.parse(opened.dueBy) > Date.now());
    // Submitting a contest needs a document: a text alone is refused before the call.
    await assert.rejects(
      payments.submitDisputeEvidence({ ...call, dispute: opened, request: { evidence: [{ type: "uncategorized", text: "delivered" }] } }),
      (e: unknown) => e instanceof SidecarError && e.data.field === "request.evidence",
    );
    // The client uploads the file (POST /v1/documents), then saves the draft.
    const draft = await payments.submitDisputeEvidence({
      ...call,
      dispute: opened,
      request: { submit: false, evidence: [{ type: "receipt", text: "Order delivered on time", file: { filename: "receipt.pdf", contentType: "application/pdf", data: PDF } }] },
    });
    assert.equal(draft.status, "needs_response", JSON.stringify(draft.error));
    const defended = await payments.defendDispute({ ...call, dispute: opened, request: {} });
    assert.equal(defended.status, "under_review", JSON.stringify(defended.error));
    const late = await payments.acceptDispute({ ...call, request: { connectorDisputeId: id } });
    assert.equal(late.status, "failure", "a dispute under review can no longer be accepted");
    assert.match(late.error?.message ?? "", /under_review/);
    const r = await fetch(`${emu.baseUrls.razorpay}/_emulator/dispute/${id}/resolve?outcome=won`, { method: "POST" });
    assert.equal(r.status, 200);
    assert.equal((await payments.disputeSync({ ...call, dispute: opened, request: {} })).status, "won");
  });

  it("disputes: accepting concedes it (Razorpay marks it lost); an unknown dispute fails", async () => {
    const id = await disputed("acc");
    const accepted = await payments.acceptDispute({ ...call, request: { connectorDisputeId: id } });
    assert.equal(accepted.status, "accepted", JSON.stringify(accepted.error));
    assert.equal(accepted.connectorStatus, "lost");
    assert.equal((await payments.disputeSync({ ...call, request: { connectorDisputeId: id } })).status, "lost");
    const unknown = await payments.disputeSync({ ...call, request: { connectorDisputeId: "disp_00000000000000" } });
    assert.equal(unknown.status, "failure");
    const gif = await payments.uploadDisputeFile({ ...call, request: { connectorDisputeId: id, file: { filename: "a.gif", contentType: "image/gif", data: PDF } } }).catch((e: unknown) => e);
    assert.ok(gif instanceof SidecarError && gif.data.field === "request.file.contentType");
  });

  it("recurring: createCustomer → setupMandate (order with the token block, the authorisation payment) → the shopper's redirect → psync names the token → repeatPayment → psync charged → revokeMandate; the deleted token charges no more", async () => {
    const id = order("mandate");
    const customer = { id: "shopper_rec", name: "Gaurav Kumar", email: "gaurav.kumar@example.com", phone: "9123456780" };
    const mandate = await payments.setupMandate({
      ...call,
      request: {
        merchantTransactionId: id,
        amount: INR(100),
        maxAmount: INR(500000),
        paymentMethod: SUCCEEDS,
        customer,
        browserInfo: SHOPPER.browserInfo,
        returnUrl: SHOPPER.returnUrl,
        recurringType: "scheduled",
      },
    });
    // The client made the customer first (createCustomer is listed), then both calls of setupMandate.
    assert.match(mandate.connectorCustomerId ?? "", /^cust_/);
    assert.equal(mandate.status, "authentication_pending", JSON.stringify(mandate.error));
    assert.equal(mandate.mandateReference, undefined, "the token exists only once the shopper approved");
    assert.equal((await fetch(mandate.redirection!.url)).status, 200);
    const approved = await payments.sync({ ...call, request: {}, payment: mandate });
    assert.equal(approved.status, "charged", JSON.stringify(approved.error));
    assert.match(approved.mandateReference ?? "", /^token_/);
    assert.equal(approved.connectorCustomerId, mandate.connectorCustomerId);

    // A second createCustomer with the same details answers the same customer (fail_existing "0").
    const again = await payments.createCustomer({ ...call, request: { customer } });
    assert.equal(again.connectorCustomerId, mandate.connectorCustomerId);

    const repeat = await payments.repeatPayment({
      ...call,
      mandate: approved,
      request: { merchantTransactionId: order("charge"), amount: INR(25000), customer, description: "monthly subscription" },
    });
    assert.equal(repeat.status, "pending", JSON.stringify(repeat.error));
    assert.match(repeat.connectorTransactionId ?? "", /^pay_/);
    const charged = await payments.sync({ ...call, request: {}, payment: repeat });
    assert.equal(charged.status, "charged", JSON.stringify(charged.error));
    assert.deepEqual(charged.amountCaptured, INR(25000));

    // Above the token's max_amount: Razorpay refuses the charge.
    const over = await payments.repeatPayment({ ...call, mandate: approved, request: { merchantTransactionId: order("over"), amount: INR(600000), customer } });
    assert.equal(over.status, "failure");
    assert.match(over.error?.message ?? "", /maximum amount/);

    const revoked = await payments.revokeMandate({ ...call, mandate: approved, request: { customer: { connectorCustomerId: approved.connectorCustomerId! } } });
    assert.equal(revoked.status, "revoked", JSON.stringify(revoked.error));
    const after = await payments.repeatPayment({ ...call, mandate: approved, request: { merchantTransactionId: order("gone"), amount: INR(1000), customer } });
    assert.equal(after.status, "failure");
    assert.equal(after.error?.connectorMessage, "The token id provided does not exist");
  });

  it("UPI AutoPay: setupMandate by UPI intent (the upi://mandate link) and by UPI collect (approved in the app) → psync names each token → repeatPayment on it → charged; above the cap refused", async () => {
    const customer = { id: "shopper_upi", name: "Gaurav Kumar", email: "gaurav.kumar@example.com", phone: "9123456781" };
    const methods: ({ type: "upiIntent"; upi: Record<string, never> } | { type: "upiCollect"; upi: { vpa: string } })[] = [
      { type: "upiIntent", upi: {} },
      { type: "upiCollect", upi: { vpa: "gaurav.kumar@exampleupi" } },
    ];
    for (const paymentMethod of methods) {
      const mandate = await payments.setupMandate({
        ...call,
        request: { merchantTransactionId: order(`upi${paymentMethod.type.length}`), amount: INR(100), maxAmount: INR(200000), paymentMethod, customer, browserInfo: SHOPPER.browserInfo },
      });
      assert.equal(mandate.status, "authentication_pending", JSON.stringify(mandate.error));
      assert.match(mandate.connectorTransactionId ?? "", /^pay_/);
      assert.match(mandate.connectorCustomerId ?? "", /^cust_/);
      assert.equal(mandate.mandateReference, undefined, "the token exists only once the shopper approved in their UPI app");
      if (paymentMethod.type === "upiIntent") {
        assert.equal(mandate.nextAction?.type, "redirect");
        assert.match(mandate.nextAction?.url ?? "", /^upi:\/\/mandate\?/);
      } else {
        assert.equal(mandate.nextAction?.type, "awaitApproval");
        assert.equal(mandate.redirection, undefined);
      }
      // The emulator's shopper approves the mandate when the payment is read.
      const approved = await payments.sync({ ...call, request: {}, payment: mandate });
      assert.equal(approved.status, "charged", JSON.stringify(approved.error));
      assert.match(approved.mandateReference ?? "", /^token_/);
      const repeat = await payments.repeatPayment({ ...call, mandate: approved, request: { merchantTransactionId: order("upich"), amount: INR(150000), customer } });
      assert.equal(repeat.status, "pending", JSON.stringify(repeat.error));
      const charged = await payments.sync({ ...call, request: {}, payment: repeat });
      assert.equal(charged.status, "charged", JSON.stringify(charged.error));
      assert.deepEqual(charged.amountCaptured, INR(150000));
      const over = await payments.repeatPayment({ ...call, mandate: approved, request: { merchantTransactionId: order("upiov"), amount: INR(200001), customer } });
      assert.equal(over.status, "failure");
    }
  });

  it("UPI AutoPay: a cap above ₹2,00,000, or a collect without the shopper's IP, is refused before any call", async () => {
    const base = { merchantTransactionId: order("upibad"), amount: INR(100), customer: { ...SHOPPER.customer, connectorCustomerId: "cust_00000000000000" } };
    await assert.rejects(
      payments.setupMandate({ ...call, request: { ...base, maxAmount: INR(20000001), paymentMethod: { type: "upiIntent", upi: {} } } }),
      (e: unknown) => e instanceof SidecarError && e.data.field === "request.maxAmount.minorAmount",
    );
    await assert.rejects(
      payments.setupMandate({ ...call, request: { ...base, maxAmount: INR(5000), paymentMethod: { type: "upiCollect", upi: { vpa: "gaurav.kumar@exampleupi" } } } }),
      (e: unknown) => e instanceof SidecarError && e.data.field === "request.browserInfo.ipAddress",
    );
  });

  it("recurring: a mandate without maxAmount, or a zero-value one, is refused before any call", async () => {
    const base = { merchantTransactionId: order("nomax"), paymentMethod: SUCCEEDS, browserInfo: SHOPPER.browserInfo, customer: { ...SHOPPER.customer, connectorCustomerId: "cust_00000000000000" } };
    await assert.rejects(payments.setupMandate({ ...call, request: { ...base, amount: INR(100) } }), (e: unknown) => e instanceof SidecarError && e.data.field === "request.maxAmount");
    await assert.rejects(
      payments.setupMandate({ ...call, request: { ...base, amount: INR(0), maxAmount: INR(5000) } }),
      (e: unknown) => e instanceof SidecarError && e.data.field === "request.amount.minorAmount",
    );
  });

  it("e-mandate: setupMandate with bankDebit emandate (order of 0 with the token's bank account, the authorisation payment) → the bank's page → psync names the token → repeatPayment on it → charged → revokeMandate", async () => {
    const customer = { id: "shopper_nach", name: "Gaurav Kumar", email: "gaurav.kumar@example.com", phone: "9123456782" };
    const mandate = await payments.setupMandate({
      ...call,
      request: { merchantTransactionId: order("nach"), amount: INR(0), maxAmount: INR(500000), paymentMethod: EMANDATE, customer, returnUrl: SHOPPER.returnUrl },
    });
    assert.match(mandate.connectorCustomerId ?? "", /^cust_/);
    assert.equal(mandate.status, "authentication_pending", JSON.stringify(mandate.error));
    assert.equal(mandate.mandateReference, undefined, "the token exists once the shopper authorised the mandate at the bank");
    assert.match(mandate.redirection?.url ?? "", /\/v1\/payments\/pay_[A-Za-z0-9]+\/authorize$/);
    assert.equal((await fetch(mandate.redirection!.url)).status, 200);
    const confirmed = await payments.sync({ ...call, request: {}, payment: mandate });
    assert.equal(confirmed.status, "charged", JSON.stringify(confirmed.error));
    assert.match(confirmed.mandateReference ?? "", /^token_/);
    assert.equal(confirmed.connectorCustomerId, mandate.connectorCustomerId);

    const repeat = await payments.repeatPayment({ ...call, mandate: confirmed, request: { merchantTransactionId: order("nachcharge"), amount: INR(25000), customer } });
    assert.equal(repeat.status, "pending", JSON.stringify(repeat.error));
    const charged = await payments.sync({ ...call, request: {}, payment: repeat });
    assert.equal(charged.status, "charged", JSON.stringify(charged.error));
    assert.deepEqual(charged.amountCaptured, INR(25000));
    const over = await payments.repeatPayment({ ...call, mandate: confirmed, request: { merchantTransactionId: order("nachover"), amount: INR(500001), customer } });
    assert.equal(over.status, "failure");

    const revoked = await payments.revokeMandate({ ...call, mandate: confirmed, request: { customer: { connectorCustomerId: confirmed.connectorCustomerId! } } });
    assert.equal(revoked.status, "revoked", JSON.stringify(revoked.error));
  });

  it("e-mandate in authorize: with setupFutureUsage the amount is the first charge, made by Razorpay once the mandate is confirmed (its own payment, in a signed webhook); without it, refused with Razorpay's reason before any call", async () => {
    const customer = { id: "shopper_nach2", name: "Gaurav Kumar", email: "gaurav.kumar@example.com", phone: "9123456783" };
    const made = await payments.createCustomer({ ...call, request: { customer } });
    const request = {
      merchantTransactionId: order("nachfirst"),
      amount: INR(10000),
      paymentMethod: { ...EMANDATE, bankDebit: { ...EMANDATE.bankDebit, authType: "aadhaar" as const } },
      customer: { ...customer, connectorCustomerId: made.connectorCustomerId! },
      returnUrl: SHOPPER.returnUrl,
    };
    await assert.rejects(
      payments.authorize({ ...call, request }),
      (e: unknown) => e instanceof SidecarError && e.data.field === "request.setupFutureUsage" && /Recurring Payments/.test(e.message),
    );
    const auth = await payments.authorize({ ...call, request: { ...request, setupFutureUsage: "offSession" } });
    assert.equal(auth.status, "authentication_pending", JSON.stringify(auth.error));
    assert.equal((await fetch(auth.redirection!.url)).status, 200);
    const confirmed = await payments.sync({ ...call, request: {}, payment: auth });
    assert.equal(confirmed.status, "charged");
    assert.deepEqual(confirmed.amountCaptured, INR(0), "the authorisation payment itself debits nothing");
    assert.match(confirmed.mandateReference ?? "", /^token_/);
    await emu.webhooksDelivered();
    const first = receiver.received.filter((w) => w.body.includes(confirmed.mandateReference!) && w.body.includes('"amount":10000') && w.body.includes('"payment.captured"'));
    assert.equal(first.length, 1, "the first charge arrives as its own captured payment on the token");
    const parsed = await payments.parseWebhook({ connector: "razorpay", headers: first[0]!.headers, body: first[0]!.body, secret: SECRET });
    assert.equal(parsed.verified, true, parsed.reason);
    assert.deepEqual(parsed.events[0]!.amount, INR(10000));
    assert.notEqual(parsed.events[0]!.connectorTransactionId, auth.connectorTransactionId);
  });
});

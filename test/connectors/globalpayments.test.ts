// Global Payments end to end: the whole lifecycle through the real client pieces (PaymentsClient
// on a SidecarPool, Node's fetch) against the loopback emulator (emulator/connectors/globalpayments/):
// access token → sale with capture later → capture part → refund part, twice → refund status;
// automatic capture and a resent authorize (x-gp-idempotency); reversal of an authorization and of
// a sale; GP's decline test cards; a stored card charged again and deleted; wrong credentials; and
// the signed status notifications, verified and read by parseWebhook (a changed body refused); local
// payment methods (payment_method.apm): INITIATED with the provider's page, the shopper paying or
// giving up there, the notification and psync telling the outcome, a refund of a paid one.
import assert from "node:assert/strict";

import { SidecarError } from "../../client/errors.js";
import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import { GLOBALPAYMENTS_APP_ID, GLOBALPAYMENTS_APP_KEY } from "../../emulator/connectors/globalpayments/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const AUTH = { appId: GLOBALPAYMENTS_APP_ID, appKey: GLOBALPAYMENTS_APP_KEY };
const card = (number: string) => ({ type: "card" as const, card: { number, expMonth: "12", expYear: "2030", cvc: "123", holderName: "Jane Doe" } });
const APPROVED = card("4263970000005262");

describe("globalpayments through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;
  let receiver: WebhookReceiver;
  let payments: PaymentsClient;
  let call: { connector: "globalpayments"; auth: typeof AUTH; options: { baseUrl: string } };
  const order = (tag: string) => `gp_${tag}_${process.pid}_${Date.now()}`;

  before(async () => {
    receiver = await startWebhookReceiver("/webhooks/globalpayments");
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: { globalpayments: GLOBALPAYMENTS_APP_KEY } } });
    pool = await SidecarPool.start({ size: 1 });
    payments = new PaymentsClient(pool);
    call = { connector: "globalpayments", auth: AUTH, options: { baseUrl: emu.baseUrls.globalpayments! } };
  });

  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  it("the access token: secret from nonce and app key, token and accounts in state", async () => {
    const token = await payments.createAccessToken({ ...call });
    assert.equal(token.status, "success", JSON.stringify(token.error));
    assert.ok(token.state?.["accessToken"]);
    assert.equal(token.state?.["accountName"], "transaction_processing");
    assert.equal(token.state?.["tokenizationAccountName"], "tokenization");
    assert.equal(token.expiresInSeconds, 86399);
  });

  it("authorize (capture later) → capture part → two partial refunds → refund status", async () => {
    const id = order("life");
    const auth = await payments.authorize({
      ...call,
      request: { merchantTransactionId: id, amount: { minorAmount: 10000, currency: "USD" }, paymentMethod: APPROVED, captureMethod: "manual", idempotencyKey: `${id}-a` },
    });
    assert.equal(auth.status, "authorized", JSON.stringify(auth.error));
    assert.match(auth.connectorTransactionId!, /^TRN_/);
    assert.equal(auth.connectorStatus, "PREAUTHORIZED");

    const synced = await payments.sync({ ...call, request: {}, payment: auth });
    assert.equal(synced.status, "authorized");

    const captured = await payments.capture({
      ...call,
      request: { amountToCapture: { minorAmount: 6000, currency: "USD" }, paymentAmount: { minorAmount: 10000, currency: "USD" }, idempotencyKey: `${id}-c` },
      payment: auth,
    });
    assert.equal(captured.status, "partial_charged", JSON.stringify(captured.error));
    assert.deepEqual(captured.amountCaptured, { minorAmount: 6000, currency: "USD" });

    const r1 = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r1`, refundAmount: { minorAmount: 2500, currency: "USD" } }, payment: captured });
    assert.equal(r1.status, "success", JSON.stringify(r1.error));
    assert.match(r1.connectorRefundId!, /^TRN_/);
    assert.deepEqual(r1.refundAmount, { minorAmount: 2500, currency: "USD" });
    const r2 = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r2`, refundAmount: { minorAmount: 3500, currency: "USD" } }, payment: captured });
    assert.equal(r2.status, "success");
    assert.notEqual(r2.connectorRefundId, r1.connectorRefundId);
    // The same refund sent again is recognised (its derived x-gp-idempotency key), not paid twice.
    const again = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r2`, refundAmount: { minorAmount: 3500, currency: "USD" } }, payment: captured });
    assert.equal(again.connectorRefundId, r2.connectorRefundId);
    assert.equal(again.status, "success");
    // Nothing is left to refund.
    const r3 = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r3`, refundAmount: { minorAmount: 1, currency: "USD" } }, payment: captured });
    assert.equal(r3.status, "failure");
    assert.equal(r3.error?.connectorCode, "INVALID_REQUEST_DATA");

    const status = await payments.refundSync({ ...call, request: {}, payment: captured, refund: r1 });
    assert.equal(status.status, "success");
    assert.equal(status.connectorStatus, "CAPTURED");
  });

  it("automatic capture charges at once; the same authorize sent again does not pay twice", async () => {
    const id = order("auto");
    const request = { merchantTransactionId: id, amount: { minorAmount: 1999, currency: "USD" as const }, paymentMethod: APPROVED, captureMethod: "automatic" as const, idempotencyKey: `${id}-a` };
    const first = await payments.authorize({ ...call, request });
    assert.equal(first.status, "charged", JSON.stringify(first.error));
    assert.deepEqual(first.amountCaptured, { minorAmount: 1999, currency: "USD" });
    const again = await payments.authorize({ ...call, request });
    assert.equal(again.connectorTransactionId, first.connectorTransactionId, "GP names the first transaction of the key");
    assert.equal(again.status, "charged");
  });

  it("void reverses an authorization; reverse reverses a sale not yet batched", async () => {
    const auth = await payments.authorize({ ...call, request: { merchantTransactionId: order("void"), amount: { minorAmount: 500, currency: "USD" }, paymentMethod: APPROVED, captureMethod: "manual" } });
    assert.equal(auth.status, "authorized");
    const voided = await payments.void({ ...call, request: {}, payment: auth });
    assert.equal(voided.status, "voided", JSON.stringify(voided.error));
    assert.equal(voided.connectorStatus, "REVERSED");
    const refused = await payments.capture({ ...call, request: { amountToCapture: { minorAmount: 500, currency: "USD" } }, payment: auth });
    assert.equal(refused.status, "capture_failed");
    assert.equal(refused.error?.connectorCode, "INVALID_TRANSACTION_ACTION");

    const sale = await payments.authorize({ ...call, request: { merchantTransactionId: order("rev"), amount: { minorAmount: 800, currency: "USD" }, paymentMethod: APPROVED } });
    assert.equal(sale.status, "charged");
    const reversed = await payments.reverse({ ...call, request: {}, payment: sale });
    assert.equal(reversed.status, "voided", JSON.stringify(reversed.error));
  });

  it("incremental authorization raises what a capture can take", async () => {
    const auth = await payments.authorize({ ...call, request: { merchantTransactionId: order("inc"), amount: { minorAmount: 1000, currency: "USD" }, paymentMethod: APPROVED, captureMethod: "manual" } });
    const raised = await payments.incrementAuthorization({
      ...call,
      request: { additionalAmount: { minorAmount: 500, currency: "USD" }, paymentAmount: { minorAmount: 1000, currency: "USD" } },
      payment: auth,
    });
    assert.equal(raised.status, "authorized", JSON.stringify(raised.error));
    assert.deepEqual(raised.authorizedAmount, { minorAmount: 1500, currency: "USD" });
    const captured = await payments.capture({ ...call, request: { amountToCapture: { minorAmount: 1500, currency: "USD" } }, payment: auth });
    assert.equal(captured.status, "charged", JSON.stringify(captured.error));
  });

  it("a zero-decimal currency goes out in whole units (JPY 1000 is \"1000\")", async () => {
    const auth = await payments.authorize({ ...call, request: { merchantTransactionId: order("jpy"), amount: { minorAmount: 1000, currency: "JPY" }, paymentMethod: APPROVED } });
    assert.equal(auth.status, "charged", JSON.stringify(auth.error));
    assert.deepEqual(auth.amountCaptured, { minorAmount: 1000, currency: "JPY" });
  });

  it("GP's decline test cards: declined by the bank (101), lost card (103), authentication required (111)", async () => {
    const cases: [string, string, string, string][] = [
      ["4000120000001154", "101", "card_declined", "soft"],
      ["4000160000004147", "103", "lost_or_stolen_card", "hard"],
      ["4242420000000091", "111", "authentication_required", "soft"],
    ];
    for (const [number, result, code, kind] of cases) {
      const r = await payments.authorize({ ...call, request: { merchantTransactionId: order("dec"), amount: { minorAmount: 188, currency: "USD" }, paymentMethod: card(number) } });
      assert.equal(r.status, "failure");
      assert.equal(r.error?.declineCode, result);
      assert.equal(r.error?.code, code);
      assert.equal(r.error?.declineType, kind);
      assert.equal(r.connectorStatus, "DECLINED");
    }
  });

  it("a stored card: setupMandate → repeatPayment → revokeMandate", async () => {
    const saved = await payments.setupMandate({
      ...call,
      request: { merchantTransactionId: order("save"), amount: { minorAmount: 0, currency: "USD" }, paymentMethod: APPROVED },
    });
    assert.equal(saved.status, "charged", JSON.stringify(saved.error));
    assert.match(saved.mandateReference!, /^PMT_/);
    const repeat = await payments.repeatPayment({
      ...call,
      request: { merchantTransactionId: order("mit"), amount: { minorAmount: 1200, currency: "USD" }, mandateReference: saved.mandateReference!, recurringType: "scheduled" },
    });
    assert.equal(repeat.status, "charged", JSON.stringify(repeat.error));
    assert.equal(repeat.mandateReference, saved.mandateReference);
    const revoked = await payments.revokeMandate({ ...call, request: { mandateReference: saved.mandateReference! } });
    assert.equal(revoked.status, "revoked", JSON.stringify(revoked.error));
    const after = await payments.repeatPayment({
      ...call,
      request: { merchantTransactionId: order("mit2"), amount: { minorAmount: 1200, currency: "USD" }, mandateReference: saved.mandateReference! },
    });
    assert.equal(after.status, "failure");
    assert.equal(after.error?.code, "not_found");
  });

  it("wrong credentials: the access token is refused and no payment call is made", async () => {
    const result = await payments.authorize({
      ...call,
      auth: { appId: GLOBALPAYMENTS_APP_ID, appKey: "wrong_app_key" },
      request: { merchantTransactionId: order("cred"), amount: { minorAmount: 100, currency: "USD" }, paymentMethod: APPROVED },
    });
    assert.equal(result.status, "failure");
    assert.equal(result.error?.code, "invalid_credentials");
    assert.ok(!JSON.stringify(result).includes("wrong_app_key"), "no credential in the result");
  });

  it("status notifications: signed with the app key, verified and read; a changed body is refused", async () => {
    const id = order("hook");
    const auth = await payments.authorize({ ...call, request: { merchantTransactionId: id, amount: { minorAmount: 4200, currency: "USD" }, paymentMethod: APPROVED } });
    assert.equal(auth.status, "charged");
    await emu.webhooksDelivered();
    const delivered = receiver.received.filter((w) => w.body.includes(auth.connectorTransactionId!));
    assert.equal(delivered.length, 1);
    const hook = delivered[0]!;
    assert.match(hook.headers["x-gp-signature"]!, /^[0-9a-f]{128}$/);
    const parsed = await payments.parseWebhook({ connector: "globalpayments", headers: hook.headers, body: hook.body, secret: GLOBALPAYMENTS_APP_KEY });
    assert.equal(parsed.verified, true, parsed.reason);
    assert.equal(parsed.events[0]!.eventType, "SALE.CAPTURED");
    assert.equal(parsed.events[0]!.paymentStatus, "charged");
    assert.equal(parsed.events[0]!.connectorTransactionId, auth.connectorTransactionId);
    assert.equal(parsed.events[0]!.merchantTransactionId, id);
    assert.deepEqual(parsed.events[0]!.amount, { minorAmount: 4200, currency: "USD" });
    assert.equal(parsed.acknowledgement.status, 200);

    const tampered = await payments.parseWebhook({ connector: "globalpayments", headers: hook.headers, body: hook.body.replace("4200", "4300"), secret: GLOBALPAYMENTS_APP_KEY });
    assert.equal(tampered.verified, false);
    assert.deepEqual(tampered.events, []);
    const wrongKey = await payments.parseWebhook({ connector: "globalpayments", headers: hook.headers, body: hook.body, secret: "another_app_key" });
    assert.equal(wrongKey.verified, false);
  });

  // Disputes: GP's sandbox test ids (the SDKs' integration tests): DIS_SAND_abcd1234 is at the
  // RETRIEVAL stage (one document only), the others at CHARGEBACK; DIS_SAND_aaaa0000 is no case.
  const GIF = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
  const doc = (type: "receipt" | "shippingDocumentation") => ({ type, file: { filename: "evidence.gif", contentType: "image/gif", data: GIF } });

  it("a dispute with the merchant: dsync reads it, a challenge with two documents puts it under review", async () => {
    const dispute = { connectorDisputeId: "DIS_SAND_abcd1241" };
    const read = await payments.disputeSync({ ...call, dispute, request: {} });
    assert.equal(read.status, "needs_response", JSON.stringify(read.error));
    assert.equal(read.connectorStatus, "WITH_MERCHANT/CHARGEBACK/PENDING");
    assert.deepEqual(read.amount, { minorAmount: 1000, currency: "USD" });
    assert.equal(read.reasonCode, "104");
    assert.ok(read.dueBy);

    const challenged = await payments.submitDisputeEvidence({ ...call, dispute, request: { evidence: [doc("receipt"), doc("shippingDocumentation")] } });
    assert.equal(challenged.status, "challenged", JSON.stringify(challenged.error));
    assert.equal((await payments.disputeSync({ ...call, dispute, request: {} })).status, "under_review");
    // Under review: GP takes no second challenge (INVALID_DISPUTE_ACTION), nor an acceptance.
    const again = await payments.submitDisputeEvidence({ ...call, dispute, request: { evidence: [doc("receipt")] } });
    assert.equal(again.status, "failure");
    assert.equal(again.error?.connectorCode, "INVALID_DISPUTE_ACTION");
    assert.equal((await payments.acceptDispute({ ...call, dispute, request: {} })).status, "failure");
  });

  it("a retrieval takes a single document (GP's 40072); one is taken", async () => {
    const dispute = { connectorDisputeId: "DIS_SAND_abcd1234" };
    const two = await payments.submitDisputeEvidence({ ...call, dispute, request: { evidence: [doc("receipt"), doc("receipt")] } });
    assert.equal(two.status, "failure");
    assert.equal(two.error?.code, "invalid_request");
    assert.match(two.error?.connectorMessage ?? "", /single document/);
    const one = await payments.submitDisputeEvidence({ ...call, dispute, request: { evidence: [doc("receipt")] } });
    assert.equal(one.status, "challenged", JSON.stringify(one.error));
  });

  it("acceptDispute closes the case lost; an unknown case is refused", async () => {
    const dispute = { connectorDisputeId: "DIS_SAND_abcd1299" };
    const accepted = await payments.acceptDispute({ ...call, dispute, request: {} });
    assert.equal(accepted.status, "accepted", JSON.stringify(accepted.error));
    const read = await payments.disputeSync({ ...call, dispute, request: {} });
    assert.equal(read.status, "lost");
    assert.equal(read.connectorStatus, "CLOSED/CHARGEBACK/LOST");
    const unknown = await payments.disputeSync({ ...call, dispute: { connectorDisputeId: "DIS_SAND_aaaa0000" }, request: {} });
    assert.equal(unknown.status, "failure");
    assert.equal(unknown.error?.code, "not_found");
  });

  it("Apple Pay and Google Pay tokens, encrypted and decrypted, through digital_wallet", async () => {
    const applePaymentData = Buffer.from(JSON.stringify({ version: "EC_v1", data: "ZW5jcnlwdGVk", signature: "c2ln", header: { ephemeralPublicKey: "a2V5", publicKeyHash: "aGFzaA==", transactionId: "abc123" } })).toString("base64");
    const googleToken = JSON.stringify({ signature: "MEUCIQ", protocolVersion: "ECv2", signedMessage: "{\"encryptedMessage\":\"x\"}", intermediateSigningKey: { signedKey: "{}", signatures: ["MEQ"] } });
    const methods = [
      { type: "applePay" as const, applePay: { paymentData: applePaymentData } },
      { type: "googlePay" as const, googlePay: { token: googleToken } },
      { type: "applePay" as const, applePay: { decrypted: { number: "4263970000005262", expMonth: "12", expYear: "2030", cryptogram: "AgAAAAAABk4DWZ4C28yUQAAAAAA=" } } },
      { type: "googlePay" as const, googlePay: { decrypted: { number: "4263970000005262", expMonth: "12", expYear: "2030", cryptogram: "AgAAAAAABk4DWZ4C28yUQAAAAAA=", eci: "07" } } },
    ];
    for (const [i, paymentMethod] of methods.entries()) {
      const id = order(`wallet${i}`);
      const auth = await payments.authorize({ ...call, request: { merchantTransactionId: id, amount: { minorAmount: 1500, currency: "USD" }, paymentMethod } });
      assert.equal(auth.status, "charged", `${paymentMethod.type} ${i}: ${JSON.stringify(auth.error)}`);
      assert.match(auth.connectorTransactionId!, /^TRN_/);
    }
  });

  it("a 3-D Secure result from elsewhere goes with the card; a challenge request is refused before any call", async () => {
    const id = order("3ds");
    const external = { version: "2.2.0", eci: "05", cavv: "AAIBBYNoEwAAACcKhAJkdQAAAAA=", dsTransactionId: "c4e59ceb-a382-4d6a-bc87-385d591fa09d" };
    const auth = await payments.authorize({ ...call, request: { merchantTransactionId: id, amount: { minorAmount: 2500, currency: "EUR" }, paymentMethod: APPROVED, threeDs: { external } } });
    assert.equal(auth.status, "charged", JSON.stringify(auth.error));
    await assert.rejects(
      payments.authorize({ ...call, request: { merchantTransactionId: `${id}-c`, amount: { minorAmount: 2500, currency: "EUR" }, paymentMethod: APPROVED, threeDs: { mode: "challenge" } } }),
      (e: Error & { field?: string }) => /threeDs\.mode/.test(`${e.field ?? ""} ${e.message}`),
    );
  });

  it("a local payment method (iDEAL as payment_method.apm): pending with the provider's page → paid there → notified, synced, refunded", async () => {
    const id = order("ideal");
    const returnUrl = "https://shop.example/return";
    const auth = await payments.authorize({
      ...call,
      request: {
        merchantTransactionId: id,
        amount: { minorAmount: 1999, currency: "EUR" },
        paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal" } },
        customer: { name: "Jane Doe" },
        returnUrl,
        webhookUrl: receiver.url,
      },
    });
    assert.equal(auth.status, "pending", JSON.stringify(auth.error));
    assert.equal(auth.connectorStatus, "INITIATED");
    assert.equal(auth.nextAction?.type, "redirect");
    assert.equal(auth.redirection?.url, auth.nextAction?.url);
    const page = auth.nextAction!.url!;
    assert.equal((await payments.sync({ ...call, request: {}, payment: auth })).status, "pending");

    // The shopper pays on the provider's page and is sent back to return_url.
    const back = await fetch(page, { redirect: "manual" });
    assert.equal(back.status, 302);
    assert.ok(back.headers.get("location")!.startsWith(returnUrl), back.headers.get("location")!);
    await emu.webhooksDelivered();
    const hook = receiver.received.filter((w) => w.body.includes(auth.connectorTransactionId!)).at(-1)!;
    const parsed = await payments.parseWebhook({ connector: "globalpayments", headers: hook.headers, body: hook.body, secret: GLOBALPAYMENTS_APP_KEY });
    assert.equal(parsed.verified, true, parsed.reason);
    assert.equal(parsed.events[0]!.paymentStatus, "charged");
    assert.equal(parsed.events[0]!.merchantTransactionId, id);

    const synced = await payments.sync({ ...call, request: {}, payment: auth });
    assert.equal(synced.status, "charged");
    assert.equal(synced.nextAction, undefined);
    const refund = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r1`, refundAmount: { minorAmount: 999, currency: "EUR" } }, payment: synced });
    assert.equal(refund.status, "success", JSON.stringify(refund.error));
    // The page serves once: the payment is no longer waiting.
    assert.equal((await fetch(page, { redirect: "manual" })).status, 404);
  });

  it("PayPal (apm provider paypal): approved on PayPal's page → psync names the payer → completeAuthorize confirms → refunded", async () => {
    const id = order("paypal");
    const returnUrl = "https://shop.example/return";
    const auth = await payments.authorize({
      ...call,
      request: {
        merchantTransactionId: id,
        amount: { minorAmount: 1250, currency: "USD" },
        paymentMethod: { type: "paypal" },
        customer: { name: "James Mason" },
        returnUrl,
        webhookUrl: receiver.url,
      },
    });
    assert.equal(auth.status, "pending", JSON.stringify(auth.error));
    assert.equal(auth.connectorStatus, "INITIATED");
    assert.equal(auth.nextAction?.type, "redirect");
    // Before the payer approved there is no payer to confirm: refused before any call.
    await assert.rejects(
      payments.completeAuthorize({ ...call, request: {}, payment: auth }),
      (e: unknown) => e instanceof SidecarError && e.code === 1004 && e.data?.field === "request.state.providerPayerReference",
    );

    // The payer approves on PayPal's page and is sent back: GP holds the payment PENDING, no money moved.
    const back = await fetch(auth.nextAction!.url!, { redirect: "manual" });
    assert.equal(back.status, 302);
    assert.ok(back.headers.get("location")!.startsWith(returnUrl), back.headers.get("location")!);
    const approved = await payments.sync({ ...call, request: {}, payment: auth });
    assert.equal(approved.status, "authentication_successful", JSON.stringify(approved.error));
    assert.equal(approved.connectorStatus, "PENDING");
    assert.ok(approved.state?.providerPayerReference, JSON.stringify(approved.state));
    // A refund before the confirmation has nothing to refund.
    const early = await payments.refund({ ...call, request: { merchantRefundId: `${id}-early`, refundAmount: { minorAmount: 100, currency: "USD" } }, payment: approved });
    assert.equal(early.status, "failure");

    const done = await payments.completeAuthorize({ ...call, request: { idempotencyKey: `${id}-confirm` }, payment: approved });
    assert.equal(done.status, "charged", JSON.stringify(done.error));
    assert.equal(done.connectorTransactionId, auth.connectorTransactionId);
    assert.deepEqual(done.amountCaptured, { minorAmount: 1250, currency: "USD" });
    // The same confirmation sent again (same x-gp-idempotency) reads as the first one: charged once.
    const again = await payments.completeAuthorize({ ...call, request: { idempotencyKey: `${id}-confirm` }, payment: approved });
    assert.equal(again.status, "charged", JSON.stringify(again.error));
    // A second confirmation under a new key is refused by GP: the payment is no longer PENDING.
    const twice = await payments.completeAuthorize({ ...call, request: { idempotencyKey: `${id}-confirm-2` }, payment: approved });
    assert.equal(twice.status, "failure");
    assert.equal((await payments.sync({ ...call, request: {}, payment: auth })).status, "charged");
    const refund = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r1`, refundAmount: { minorAmount: 250, currency: "USD" } }, payment: done });
    assert.equal(refund.status, "success", JSON.stringify(refund.error));
  });

  it("a local payment method the shopper gives up on fails; without what GP requires none is sent", async () => {
    const auth = await payments.authorize({
      ...call,
      request: {
        merchantTransactionId: order("alipay"),
        amount: { minorAmount: 1999, currency: "HKD" },
        paymentMethod: { type: "walletRedirect", walletRedirect: { method: "alipay" } },
        billingAddress: { firstName: "Jane", lastName: "Doe" },
        returnUrl: "https://shop.example/return",
        webhookUrl: receiver.url,
      },
    });
    assert.equal(auth.status, "pending", JSON.stringify(auth.error));
    const back = await fetch(`${auth.nextAction!.url!}?outcome=cancel`, { redirect: "manual" });
    assert.equal(back.status, 302);
    const synced = await payments.sync({ ...call, request: {}, payment: auth });
    assert.equal(synced.status, "failure");

    await assert.rejects(
      payments.authorize({
        ...call,
        request: {
          merchantTransactionId: order("nourl"),
          amount: { minorAmount: 1999, currency: "EUR" },
          paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal" } },
          customer: { name: "Jane Doe" },
          returnUrl: "https://shop.example/return",
        },
      }),
      (e: unknown) => e instanceof SidecarError && e.code === 1004 && e.data?.field === "request.webhookUrl",
    );
  });

  it("an ACH debit (payment_method.bank_transfer): charged → psync → refunded in part; the account number stays out of errors", async () => {
    const id = order("ach");
    const account = ["12345", "67890"].join("");
    const auth = await payments.authorize({
      ...call,
      request: {
        merchantTransactionId: id,
        amount: { minorAmount: 1100, currency: "USD" },
        paymentMethod: { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "Jane Doe", accountNumber: account, routingNumber: "122000030", accountType: "checking" } },
        customer: { name: "Jane Doe" },
        billingAddress: { line1: "Apartment 852", city: "Chicago", postalCode: "50001", state: "IL", country: "US" },
        idempotencyKey: `${id}-a`,
      },
    });
    assert.equal(auth.status, "charged", JSON.stringify(auth.error));
    assert.equal(auth.connectorStatus, "CAPTURED");
    assert.deepEqual(auth.amountCaptured, { minorAmount: 1100, currency: "USD" });
    assert.equal((await payments.sync({ ...call, request: {}, payment: auth })).status, "charged");
    const refund = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r1`, refundAmount: { minorAmount: 500, currency: "USD" } }, payment: auth });
    assert.equal(refund.status, "success", JSON.stringify(refund.error));
    assert.equal((await payments.refundSync({ ...call, request: {}, payment: auth, refund })).status, "success");

    // A wrong ABA check digit is refused before any call, naming the field and not the account.
    await assert.rejects(
      payments.authorize({
        ...call,
        request: {
          merchantTransactionId: order("ach-bad"),
          amount: { minorAmount: 1100, currency: "USD" },
          paymentMethod: { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "Jane Doe", accountNumber: account, routingNumber: "122000031" } },
          billingAddress: { line1: "Apartment 852", city: "Chicago", postalCode: "50001", state: "IL", country: "US" },
        },
      }),
      (e: unknown) => e instanceof SidecarError && e.code === 1005 && e.data?.field === "request.paymentMethod.bankDebit.routingNumber" && !e.message.includes(account),
    );
  });

  it("a SEPA direct debit is refused before any call (GP takes it only as an APM, with no field for the IBAN)", async () => {
    await assert.rejects(
      payments.authorize({
        ...call,
        request: {
          merchantTransactionId: order("sepa"),
          amount: { minorAmount: 1999, currency: "EUR" },
          paymentMethod: { type: "bankDebit", bankDebit: { method: "sepa", accountHolderName: "Jane Doe", iban: ["DE89", "3704", "0044", "0532", "0130", "00"].join("") } },
          returnUrl: "https://shop.example/return",
          webhookUrl: receiver.url,
        },
      }),
      (e: unknown) => e instanceof SidecarError && e.code === 1003 && e.data?.field === "request.paymentMethod.bankDebit.method",
    );
  });

  it("BNPL (payment_method.bnpl AFFIRM): pending with the provider's page → approved there (authorized) → captured → refunded", async () => {
    const id = order("bnpl");
    const auth = await payments.authorize({
      ...call,
      request: {
        merchantTransactionId: id,
        amount: { minorAmount: 55000, currency: "USD" },
        paymentMethod: { type: "bnpl", bnpl: { method: "affirm" } },
        captureMethod: "manual",
        customer: { email: "james.mason@example.com", phone: "+14155550100" },
        billingAddress: { firstName: "James", lastName: "Mason", line1: "10 Glenlake Pkwy NE", city: "Birmingham", postalCode: "50001", state: "IL", country: "US" },
        shippingAddress: { line1: "Apartment 852", city: "Birmingham", postalCode: "50001", state: "IL", country: "US" },
        orderLines: [
          { name: "iPhone 13", quantity: 1, unitAmount: { minorAmount: 55000, currency: "USD" }, sku: "IPHONE-13", productUrl: "https://shop.example/iphone", imageUrl: "https://shop.example/iphone.png" },
        ],
        returnUrl: "https://shop.example/return",
        webhookUrl: receiver.url,
      },
    });
    assert.equal(auth.status, "pending", JSON.stringify(auth.error));
    assert.equal(auth.connectorStatus, "INITIATED");
    assert.equal(auth.nextAction?.type, "redirect");
    // Nothing to capture before the shopper agreed with the provider.
    const early = await payments.capture({ ...call, request: {}, payment: auth });
    assert.equal(early.status, "capture_failed");

    assert.equal((await fetch(auth.nextAction!.url!, { redirect: "manual" })).status, 302);
    const approved = await payments.sync({ ...call, request: {}, payment: auth });
    assert.equal(approved.status, "authorized", JSON.stringify(approved.error));
    assert.deepEqual(approved.authorizedAmount, { minorAmount: 55000, currency: "USD" });
    const captured = await payments.capture({ ...call, request: {}, payment: approved });
    assert.equal(captured.status, "charged", JSON.stringify(captured.error));
    const refund = await payments.refund({ ...call, request: { merchantRefundId: `${id}-r1`, refundAmount: { minorAmount: 10000, currency: "USD" } }, payment: captured });
    assert.equal(refund.status, "success", JSON.stringify(refund.error));

    // Without the items' image GP answers MANDATORY_DATA_MISSING: refused first, naming the line.
    await assert.rejects(
      payments.authorize({
        ...call,
        request: {
          merchantTransactionId: order("bnpl-noimage"),
          amount: { minorAmount: 55000, currency: "USD" },
          paymentMethod: { type: "bnpl", bnpl: { method: "klarna" } },
          captureMethod: "manual",
          customer: { email: "james.mason@example.com", phone: "+14155550100" },
          billingAddress: { firstName: "James", lastName: "Mason", line1: "10 Glenlake Pkwy NE", city: "Birmingham", postalCode: "50001", country: "US" },
          shippingAddress: { line1: "Apartment 852", city: "Birmingham", postalCode: "50001", country: "US" },
          orderLines: [{ name: "iPhone 13", quantity: 1, unitAmount: { minorAmount: 55000, currency: "USD" }, sku: "IPHONE-13", productUrl: "https://shop.example/iphone" }],
          returnUrl: "https://shop.example/return",
          webhookUrl: receiver.url,
        },
      }),
      (e: unknown) => e instanceof SidecarError && e.code === 1004 && e.data?.field === "request.orderLines[0].imageUrl",
    );
  });
});

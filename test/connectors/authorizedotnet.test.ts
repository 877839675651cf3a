// Authorize.Net through the real client: SidecarPool (zod validation on) turns unified requests
// into HTTP, Node's fetch posts them to the loopback emulator (emulator/connectors/authorizedotnet/),
// and the pool reads the answers (BOM-prefixed JSON). Covers the lifecycle (authorize → partial
// capture → settlement → two partial refunds → refund status; void; declines; the duplicate
// window), the card digits a refund needs carried in `state`, signed webhooks, listConnectors,
// and the Customer Information Manager: createCustomer → setupMandate → repeatPayment → refund.
import assert from "node:assert/strict";

import { SidecarError } from "../../client/errors.js";
import { fetchExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type { CustomerResult, PaymentResult, RefundResult, SessionResult, TransformRequestParams } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { AUTHORIZEDOTNET_CLIENT_KEY, AUTHORIZEDOTNET_CREDENTIALS as AUTH, anetSignature } from "../../emulator/connectors/authorizedotnet/index.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const SIGNATURE_KEY = "9F8E7D6C5B4A39281706F5E4D3C2B1A09F8E7D6C5B4A39281706F5E4D3C2B1A09F8E7D6C5B4A39281706F5E4D3C2B1A09F8E7D6C5B4A39281706F5E4D3C2B1A0";
type Flow = TransformRequestParams["flow"];
type AnyResult = PaymentResult & RefundResult & CustomerResult & Omit<SessionResult, "status">;

describe("authorizedotnet through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;
  let receiver: WebhookReceiver;
  let seq = 0;
  const unique = (p: string) => `${p}-${process.pid % 10000}-${++seq}`;

  before(async () => {
    receiver = await startWebhookReceiver();
    emu = await startEmulator({ webhooks: { url: receiver.url, secrets: { authorizedotnet: SIGNATURE_KEY } } });
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  async function run(flow: Flow, req: unknown, auth: Record<string, string> = AUTH): Promise<AnyResult> {
    const params = { connector: "authorizedotnet", flow, auth, request: req, options: { baseUrl: emu.baseUrls.authorizedotnet } };
    const http = await pool.transformRequest(params as TransformRequestParams);
    assert.equal(http.body?.sensitive, true, "credentials are in every body");
    const response = await fetchExecutor(http, { signal: AbortSignal.timeout(5000) });
    return (await pool.transformResponse({ ...params, response } as never)) as AnyResult;
  }

  const settle = async () => {
    const res = await fetch(emu.baseUrls.authorizedotnet.replace("/xml/v1/request.api", "/_emulator/settle"), { method: "POST" });
    assert.equal(res.status, 200);
  };

  function authorize(extra: Record<string, unknown> = {}) {
    return {
      merchantTransactionId: unique("o"),
      amount: { minorAmount: 1099, currency: "USD" },
      paymentMethod: { type: "card", card: { number: "4111111111111111", expMonth: "12", expYear: "2030", cvc: "123" } },
      billingAddress: { firstName: "Ellen", lastName: "Johnson", line1: "14 Main Street", city: "Pecan Springs", state: "TX", postalCode: "44628", country: "US" },
      customer: { id: "cust-99", email: "ellen@example.com" },
      idempotencyKey: unique("idem"),
      ...extra,
    };
  }

  it("lists Authorize.Net with its flows, the flows it cannot do and why, auth fields and environments", async () => {
    const anet = (await pool.listConnectors()).find((c) => c.name === "authorizedotnet");
    assert.ok(anet);
    assert.equal(anet.displayName, "Authorize.Net");
    assert.deepEqual(anet.flows, ["authorize", "psync", "capture", "void", "refund", "rsync", "setupMandate", "repeatPayment", "createCustomer", "completeAuthorize", "createSession", "revokeMandate", "reverse"]);
    assert.deepEqual(anet.unsupportedFlows.map((u) => u.flow).sort(), ["acceptDispute", "createAccessToken", "defendDispute", "dsync", "incrementalAuthorization", "submitDisputeEvidence", "uploadDisputeFile"]);
    for (const u of anet.unsupportedFlows) assert.ok(u.reason.length > 40);
    assert.equal(anet.webhooks, true);
    assert.deepEqual(anet.paymentMethods.map((m) => m.type), ["card", "token", "networkToken", "applePay", "googlePay", "bankDebit", "paypal"]);
    assert.deepEqual(anet.paymentMethods.find((m) => m.type === "paypal")?.flows, ["authorize"], "PayPal Express Checkout pays; nothing is saved");
    assert.deepEqual(anet.paymentMethods.find((m) => m.type === "bankDebit")?.methods, ["ach"]);
    assert.deepEqual(
      anet.unsupportedPaymentMethods.map((u) => u.type).sort(),
      ["bankRedirect", "bankTransfer", "bnpl", "mobileMoney", "upiCollect", "upiIntent", "voucher", "walletRedirect"],
      "every other type is declared unsupported, with a reason",
    );
    assert.deepEqual(anet.authFields.map((f) => [f.name, f.required]), [["apiLoginId", true], ["transactionKey", true], ["signatureKey", false]]);
    assert.deepEqual(anet.environments, {
      sandbox: "https://apitest.authorize.net/xml/v1/request.api",
      production: "https://api.authorize.net/xml/v1/request.api",
    });
  });

  /** The payer on PayPal's page (the SecureAcceptanceUrl): approve, or cancel; the query PayPal sends them back to returnUrl with. */
  async function payerOnPayPal(url: string, returnUrl: string, cancel = false): Promise<Record<string, string>> {
    const res = await fetch(cancel ? `${url}&cancel=1` : url, { redirect: "manual" });
    assert.equal(res.status, 302);
    const back = new URL(res.headers.get("location")!);
    assert.equal(`${back.origin}${back.pathname}`, returnUrl.split("?")[0]);
    return Object.fromEntries(back.searchParams);
  }

  it("PayPal Express Checkout: authorize (payer consent) → the payer approves on PayPal → completeAuthorize → capture → settle → refund", async () => {
    const returnUrl = "https://shop.example.com/checkout/return";
    const start = await run("authorize", authorize({ captureMethod: "manual", paymentMethod: { type: "paypal" }, returnUrl, billingAddress: undefined }));
    assert.equal(start.status, "authentication_pending");
    assert.equal(start.connectorStatus, "needPayerConsent");
    assert.equal(start.redirection?.method, "GET");
    assert.equal(start.nextAction?.type, "redirect");
    assert.equal(start.nextAction?.url, start.redirection?.url);
    assert.deepEqual(start.state, { accountType: "PayPal", captureMethod: "manual" });
    const id = start.connectorTransactionId!;
    assert.match(id, /^\d+$/);

    // Completing before the payer approved: Authorize.Net has no payer consent yet (reason 2102).
    const early = await run("completeAuthorize", { connectorTransactionId: id, captureMethod: "manual", redirectPayload: { token: "EC-X", PayerID: "S6D5ETGSVYX94" }, state: start.state });
    assert.equal(early.status, "failure");
    assert.equal(early.error?.connectorCode, "2102");
    assert.equal(early.error?.code, "authentication_required");

    const back = await payerOnPayPal(start.redirection!.url, returnUrl);
    assert.ok(back.token?.startsWith("EC-"));
    assert.ok(back.PayerID);
    const done = await run("completeAuthorize", { connectorTransactionId: id, captureMethod: "manual", redirectPayload: back, state: start.state, idempotencyKey: unique("c") });
    assert.equal(done.status, "authorized");
    assert.equal(done.connectorTransactionId, id, "the continue authorizes the same transaction");
    assert.deepEqual(done.state, { accountType: "PayPal" });
    const again = await run("completeAuthorize", { connectorTransactionId: id, captureMethod: "manual", redirectPayload: back, state: start.state });
    assert.equal(again.status, "unresolved", "a second continue: the first went through (2103)");
    assert.equal(again.error?.connectorCode, "2103");
    assert.equal((await run("psync", { connectorTransactionId: id })).status, "authorized");

    const captured = await run("capture", { connectorTransactionId: id, amountToCapture: { minorAmount: 1099, currency: "USD" } });
    assert.equal(captured.status, "charged");
    assert.deepEqual(captured.state, { accountType: "PayPal" });
    await settle();
    const refund = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("rf").slice(0, 20), refundAmount: { minorAmount: 400, currency: "USD" }, state: done.state });
    assert.equal(refund.status, "pending");
    assert.ok(refund.connectorRefundId);
    assert.equal((await run("rsync", { connectorTransactionId: id, connectorRefundId: refund.connectorRefundId, refundAmount: { minorAmount: 400, currency: "USD" } })).status, "pending");
  });

  it("PayPal Express Checkout: a sale continues as authCaptureContinue; a cancelled checkout has no PayerID to complete with; an authorization can be voided", async () => {
    const returnUrl = "https://shop.example.com/pp";
    const sale = await run("authorize", authorize({ paymentMethod: { type: "paypal" }, returnUrl }));
    assert.equal(sale.status, "authentication_pending");
    assert.deepEqual(sale.state, { accountType: "PayPal", captureMethod: "automatic" });
    const back = await payerOnPayPal(sale.redirection!.url, returnUrl);
    // The caller forgot captureMethod (default automatic is right here); a wrong one is refused before sending.
    await assert.rejects(
      run("completeAuthorize", { connectorTransactionId: sale.connectorTransactionId, captureMethod: "manual", redirectPayload: back, state: sale.state }),
      (e: unknown) => e instanceof SidecarError && e.code === 1005 && (e.data as { field?: string }).field === "request.captureMethod",
    );
    const charged = await run("completeAuthorize", { connectorTransactionId: sale.connectorTransactionId, redirectPayload: back, state: sale.state });
    assert.equal(charged.status, "charged");
    assert.equal((await run("psync", { connectorTransactionId: sale.connectorTransactionId })).status, "charged");

    const cancelled = await run("authorize", authorize({ captureMethod: "manual", paymentMethod: { type: "paypal" }, returnUrl }));
    const query = await payerOnPayPal(cancelled.redirection!.url, returnUrl, true);
    assert.deepEqual(Object.keys(query), ["token"], "PayPal returns a cancelling payer without PayerID");
    await assert.rejects(
      run("completeAuthorize", { connectorTransactionId: cancelled.connectorTransactionId, captureMethod: "manual", redirectPayload: query, state: cancelled.state }),
      (e: unknown) => e instanceof SidecarError && e.code === 1004 && (e.data as { field?: string }).field === "request.redirectPayload.PayerID",
    );

    const held = await run("authorize", authorize({ captureMethod: "manual", paymentMethod: { type: "paypal" }, returnUrl }));
    const heldBack = await payerOnPayPal(held.redirection!.url, returnUrl);
    assert.equal((await run("completeAuthorize", { connectorTransactionId: held.connectorTransactionId, captureMethod: "manual", redirectPayload: heldBack, state: held.state })).status, "authorized");
    assert.equal((await run("void", { connectorTransactionId: held.connectorTransactionId })).status, "voided");
    assert.equal((await run("psync", { connectorTransactionId: held.connectorTransactionId })).status, "voided");
  });

  /** What Accept.js does in the shopper's browser: the card to Authorize.Net, a nonce back. */
  async function acceptJsNonce(cardNumber: string): Promise<string> {
    const body = {
      securePaymentContainerRequest: {
        merchantAuthentication: { name: AUTH.apiLoginId, clientKey: AUTHORIZEDOTNET_CLIENT_KEY },
        data: { type: "TOKEN", id: unique("accept"), token: { cardNumber, expirationDate: "122030", cardCode: "123" } },
      },
    };
    const res = await fetch(emu.baseUrls.authorizedotnet, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const answer = JSON.parse((await res.text()).replace(/^\uFEFF/, "")) as { opaqueData: { dataDescriptor: string; dataValue: string } };
    assert.equal(answer.opaqueData.dataDescriptor, "COMMON.ACCEPT.INAPP.PAYMENT");
    return answer.opaqueData.dataValue;
  }

  it("an Accept.js nonce (token) authorizes and captures; used twice it is E00114; it can be saved as a payment profile", async () => {
    const nonce = await acceptJsNonce("4111111111111111");
    const auth = await run("authorize", authorize({ captureMethod: "manual", paymentMethod: { type: "token", token: { value: nonce } } }));
    assert.equal(auth.status, "authorized");
    assert.equal(auth.state?.cardLastFour, "1111", "the refund's card digits come from the answer");
    const capture = await run("capture", { connectorTransactionId: auth.connectorTransactionId, amountToCapture: { minorAmount: 1099, currency: "USD" } });
    assert.equal(capture.status, "charged");
    const again = await run("authorize", authorize({ paymentMethod: { type: "token", token: { value: nonce } } }));
    assert.equal(again.status, "failure");
    assert.equal(again.error?.connectorCode, "E00114");

    const saved = await run("setupMandate", {
      merchantTransactionId: unique("s"),
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: { type: "token", token: { value: await acceptJsNonce("4111111111111111") } },
      customer: { id: unique("c").slice(0, 20), email: "ellen@example.com" },
      billingAddress: { firstName: "Ellen", lastName: "Johnson", line1: "14 Main Street", city: "Pecan Springs", state: "TX", postalCode: "44628", country: "US" },
    });
    assert.equal(saved.status, "charged");
    assert.ok(saved.mandateReference);
  });

  it("issue 10: Apple Pay and Google Pay (opaqueData), a network token, an eCheck.Net sale, an external 3-D Secure result, a subscription repeatPayment", async () => {
    const paymentData = Buffer.from('{"version":"EC_v1","data":"abc"}').toString("base64");
    for (const paymentMethod of [
      { type: "applePay", applePay: { paymentData } },
      { type: "googlePay", googlePay: { token: '{"protocolVersion":"ECv2","signedMessage":"{}"}' } },
      { type: "networkToken", networkToken: { number: "4111111111111111", expMonth: "12", expYear: "2031", cryptogram: "AgAAAAAABk4DWZ4C28yUQAAAAAA=" } },
    ]) {
      const r = await run("authorize", authorize({ paymentMethod, captureMethod: "manual" }));
      assert.equal(r.status, "authorized", `${paymentMethod.type}: ${JSON.stringify(r.error)}`);
    }
    const ach = { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "Ellen Johnson", accountNumber: "123456789", routingNumber: "121042882" } };
    const sale = await run("authorize", authorize({ paymentMethod: ach, captureMethod: "automatic" }));
    assert.equal(sale.status, "charged", JSON.stringify(sale.error));
    await assert.rejects(run("authorize", authorize({ paymentMethod: ach, captureMethod: "manual" })), (e: unknown) => e instanceof SidecarError && e.data?.field === "request.captureMethod" && !e.message.includes("123456789"));
    const threeDs = await run("authorize", authorize({ threeDs: { external: { version: "2.2.0", cavv: "AAIBBYNoEwAAACcKhAJkdQAAAAA=", eci: "05" } } }));
    assert.equal(threeDs.status, "charged", JSON.stringify(threeDs.error));
    await assert.rejects(run("authorize", authorize({ paymentMethod: { type: "bnpl", bnpl: { method: "klarna" } } })), (e: unknown) => e instanceof SidecarError && e.code === 1003 && e.message.includes("buy-now-pay-later"));

    const setup = await run("setupMandate", { merchantTransactionId: unique("s"), amount: { minorAmount: 0, currency: "USD" }, paymentMethod: authorize().paymentMethod, customer: { id: unique("c").slice(0, 20), email: "ellen@example.com" }, billingAddress: authorize().billingAddress });
    assert.equal(setup.status, "charged", JSON.stringify(setup.error));
    const sub = await run("repeatPayment", { merchantTransactionId: unique("r"), amount: { minorAmount: 999, currency: "USD" }, mandateReference: setup.mandateReference, customer: { connectorCustomerId: setup.connectorCustomerId }, recurringType: "scheduled" });
    assert.equal(sub.status, "charged", JSON.stringify(sub.error));
  });

  it("eCheck.Net: sale → settlement → refund to the same bank account (paymentMethod again); without it 1004, to another account 1005", async () => {
    const ach = { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "Ellen Johnson", accountNumber: "123456789", routingNumber: "121042882", accountType: "checking" } };
    const sale = await run("authorize", authorize({ paymentMethod: ach, captureMethod: "automatic" }));
    assert.equal(sale.status, "charged", JSON.stringify(sale.error));
    assert.deepEqual(sale.state, { bankAccountLastFour: "6789" }, "the state names a bank account, not a card");
    await settle();
    const base = { connectorTransactionId: sale.connectorTransactionId, refundAmount: { minorAmount: 500, currency: "USD" }, state: sale.state };
    await assert.rejects(
      run("refund", { ...base, merchantRefundId: unique("rf") }),
      (e: unknown) => e instanceof SidecarError && e.code === 1004 && e.data?.field === "request.paymentMethod",
    );
    const other = { type: "bankDebit", bankDebit: { ...ach.bankDebit, accountNumber: "987654321" } };
    await assert.rejects(
      run("refund", { ...base, merchantRefundId: unique("rf"), paymentMethod: other }),
      (e: unknown) => e instanceof SidecarError && e.code === 1005 && !e.message.includes("987654321") && !e.message.includes("123456789"),
    );
    const refund = await run("refund", { ...base, merchantRefundId: unique("rf"), paymentMethod: ach });
    assert.equal(refund.status, "pending", JSON.stringify(refund.error));
    assert.ok(refund.connectorRefundId);
    // a card refund of the same debit (the card path's last four) is what Authorize.Net refuses: code 54
    const asCard = await run("refund", { ...base, merchantRefundId: unique("rf"), state: { cardLastFour: "6789" } });
    assert.equal(asCard.status, "failure");
  });

  it("authorize (manual) → psync → partial capture → settlement → two partial refunds → rsync → over-refund refused", async () => {
    const auth = await run("authorize", authorize({ captureMethod: "manual" }));
    assert.equal(auth.status, "authorized");
    const id = auth.connectorTransactionId!;
    assert.match(id, /^\d+$/);
    assert.deepEqual(auth.state, { cardLastFour: "1111" });

    const amount = { minorAmount: 1099, currency: "USD" };
    assert.equal((await run("psync", { connectorTransactionId: id, amount })).status, "authorized");

    const captured = await run("capture", { connectorTransactionId: id, amountToCapture: { minorAmount: 700, currency: "USD" }, paymentAmount: amount });
    assert.equal(captured.status, "charged");
    assert.deepEqual(captured.amountCaptured, { minorAmount: 700, currency: "USD" });
    const synced = await run("psync", { connectorTransactionId: id, amount });
    assert.equal(synced.status, "charged");
    assert.equal(synced.connectorStatus, "capturedPendingSettlement");
    assert.deepEqual(synced.amountCaptured, { minorAmount: 700, currency: "USD" });

    // Authorize.Net refunds only settled transactions.
    const early = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 100, currency: "USD" }, state: auth.state });
    assert.equal(early.status, "failure");
    assert.equal(early.error?.connectorCode, "54");
    await settle();
    assert.equal((await run("psync", { connectorTransactionId: id, amount })).connectorStatus, "settledSuccessfully");

    const first = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 300, currency: "USD" }, state: auth.state, idempotencyKey: unique("k") });
    assert.equal(first.status, "pending");
    // A second partial refund of a different amount; then one of the same amount, another merchantRefundId.
    const second = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 200, currency: "USD" }, state: synced.state });
    assert.equal(second.status, "pending");
    assert.notEqual(second.connectorRefundId, first.connectorRefundId);

    const rs = { connectorTransactionId: id, connectorRefundId: first.connectorRefundId!, refundAmount: { minorAmount: 300, currency: "USD" } };
    const pending = await run("rsync", rs);
    assert.equal(pending.status, "pending");
    assert.deepEqual(pending.refundAmount, { minorAmount: 300, currency: "USD" });
    await settle();
    assert.equal((await run("rsync", rs)).status, "success");

    const tooMuch = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 201, currency: "USD" }, state: auth.state });
    assert.equal(tooMuch.status, "failure");
    assert.equal(tooMuch.error?.code, "invalid_amount");
    assert.equal(tooMuch.error?.connectorCode, "55");
  });

  it("a retried refund with the same merchantRefundId is caught by the duplicate window", async () => {
    const paid = await run("authorize", authorize());
    assert.equal(paid.status, "charged");
    await settle();
    const refund = { connectorTransactionId: paid.connectorTransactionId!, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 400, currency: "USD" }, state: paid.state };
    assert.equal((await run("refund", refund)).status, "pending");
    const again = await run("refund", refund);
    assert.equal(again.error?.code, "duplicate_transaction");
  });

  it("void of an authorization; a retried authorize is unresolved as a duplicate, not failed", async () => {
    const req = authorize({ captureMethod: "manual" });
    const auth = await run("authorize", req);
    assert.equal(auth.status, "authorized");
    const dup = await run("authorize", req);
    assert.equal(dup.status, "unresolved");
    assert.equal(dup.error?.code, "duplicate_transaction");
    const voided = await run("void", { connectorTransactionId: auth.connectorTransactionId! });
    assert.equal(voided.status, "voided");
    assert.equal((await run("psync", { connectorTransactionId: auth.connectorTransactionId! })).status, "voided");
    const capture = await run("capture", { connectorTransactionId: auth.connectorTransactionId!, amountToCapture: { minorAmount: 100, currency: "USD" } });
    assert.equal(capture.status, "capture_failed");
  });

  it("reverse of a captured, unsettled sale voids it (voidTransaction); nothing is left to refund", async () => {
    const sale = await run("authorize", authorize({ captureMethod: "automatic" }));
    assert.equal(sale.status, "charged");
    const reversed = await run("reverse", { connectorTransactionId: sale.connectorTransactionId! });
    assert.equal(reversed.status, "voided", JSON.stringify(reversed.error));
    assert.equal((await run("psync", { connectorTransactionId: sale.connectorTransactionId! })).status, "voided");
    const refund = await run("refund", { connectorTransactionId: sale.connectorTransactionId!, refundAmount: { minorAmount: 100, currency: "USD" }, merchantRefundId: "rev-refund-1", state: sale.state });
    assert.equal(refund.status, "failure", "a voided sale has nothing to refund");
  });

  it("declines: sandbox zip 46282 (soft), card code 901, over-capture; wrong credentials", async () => {
    const declined = await run("authorize", authorize({ billingAddress: { postalCode: "46282" } }));
    assert.equal(declined.status, "failure");
    assert.equal(declined.error?.code, "card_declined");
    assert.equal(declined.error?.declineType, "soft");
    assert.equal((await run("psync", { connectorTransactionId: declined.connectorTransactionId! })).status, "failure");
    const cvc = await run("authorize", authorize({ paymentMethod: { type: "card", card: { number: "4111111111111111", expMonth: "12", expYear: "2030", cvc: "901" } } }));
    assert.equal(cvc.error?.code, "incorrect_cvc");
    const auth = await run("authorize", authorize({ captureMethod: "manual" }));
    const over = await run("capture", { connectorTransactionId: auth.connectorTransactionId!, amountToCapture: { minorAmount: 1100, currency: "USD" } });
    assert.equal(over.status, "capture_failed");
    assert.equal(over.error?.connectorCode, "47");
    const bad = await run("authorize", authorize(), { ...AUTH, transactionKey: "wrong" });
    assert.equal(bad.status, "failure");
    assert.equal(bad.error?.code, "invalid_credentials");
    assert.equal(bad.error?.connectorCode, "E00007");
    const eur = await run("authorize", authorize({ amount: { minorAmount: 1000, currency: "EUR" } }));
    assert.equal(eur.error?.connectorCode, "39");
  });

  it("createSession (Accept Hosted): the form token as clientToken and a POST form to the hosted page; wrong credentials; refusals before any HTTP", async () => {
    const session = await run("createSession", {
      merchantTransactionId: unique("hp"),
      amount: { minorAmount: 2000, currency: "USD" },
      captureMethod: "manual",
      customer: { id: "cust-99", email: "ellen@example.com" },
      returnUrl: "https://shop.example/return",
      paymentMethodTypes: ["card", "ach"],
      idempotencyKey: unique("idem"),
    });
    assert.equal(session.status, "success");
    assert.equal(session.connectorStatus, "I00001");
    assert.ok(session.clientToken && session.clientToken.length > 40, "the emulator's form token");
    assert.deepEqual(session.redirection, { url: "https://test.authorize.net/payment/payment", method: "POST", form: { token: session.clientToken } });
    const second = await run("createSession", { merchantTransactionId: unique("hp"), amount: { minorAmount: 1, currency: "USD" } });
    assert.equal(second.status, "success");
    assert.notEqual(second.clientToken, session.clientToken, "each call answers its own token");
    const bad = await run("createSession", { merchantTransactionId: unique("hp"), amount: { minorAmount: 2000, currency: "USD" } }, { ...AUTH, transactionKey: "wrong" });
    assert.equal(bad.status, "failure");
    assert.equal(bad.error?.code, "invalid_credentials");
    assert.equal(bad.error?.connectorCode, "E00007");
    assert.equal(bad.clientToken, undefined);
    await assert.rejects(
      run("createSession", { merchantTransactionId: unique("hp"), amount: { minorAmount: 2000, currency: "USD" }, paymentMethodTypes: ["card", "paypal"] }),
      (e: unknown) => e instanceof SidecarError && e.code === 1003 && e.data?.field === "request.paymentMethodTypes[1]",
    );
    await assert.rejects(
      run("createSession", { merchantTransactionId: unique("hp"), amount: { minorAmount: 0, currency: "USD" }, mode: "setup" }),
      (e: unknown) => e instanceof SidecarError && e.code === 1005 && e.data?.field === "request.mode",
    );
  });

  it("a refund without the card's last four digits is refused before any HTTP", async () => {
    await assert.rejects(
      run("refund", { connectorTransactionId: "40000000001", merchantRefundId: "rf-x", refundAmount: { minorAmount: 1, currency: "USD" } }),
      (e: unknown) => e instanceof SidecarError && e.data?.field === "request.state.cardLastFour",
    );
  });

  const savedCard = (number = "4111111111111111", expYear = "2030") => ({ type: "card", card: { number, expMonth: "12", expYear, cvc: "123" } });
  const zero = { minorAmount: 0, currency: "USD" };

  it("CIM: createCustomer → setupMandate (liveMode) → repeatPayment → settlement → refund → rsync", async () => {
    const customerId = unique("c");
    const created = await run("createCustomer", { customer: { id: customerId, email: "ellen@example.com" }, description: "Ellen", idempotencyKey: unique("k") });
    assert.equal(created.status, "success");
    assert.match(created.connectorCustomerId!, /^\d+$/);
    // The same merchantCustomerId, description and email again (a retry): Authorize.Net's E00039
    // names the profile the first call made, which is the answer.
    const again = await run("createCustomer", { customer: { id: customerId, email: "ellen@example.com" }, description: "Ellen" });
    assert.equal(again.status, "success");
    assert.equal(again.connectorCustomerId, created.connectorCustomerId);
    const other = await run("createCustomer", { customer: { id: customerId, email: "other@example.com" }, description: "Ellen" });
    assert.notEqual(other.connectorCustomerId, created.connectorCustomerId, "other fields, another profile");

    const setup = await run("setupMandate", {
      merchantTransactionId: unique("s"),
      amount: zero,
      paymentMethod: savedCard(),
      customer: { connectorCustomerId: created.connectorCustomerId },
      billingAddress: { firstName: "Ellen", lastName: "Johnson", line1: "14 Main Street", city: "Pecan Springs", state: "TX", postalCode: "44628", country: "US" },
      idempotencyKey: unique("k"),
    });
    assert.equal(setup.status, "charged");
    assert.equal(setup.connectorCustomerId, created.connectorCustomerId);
    assert.match(setup.mandateReference!, /^\d+$/);
    assert.deepEqual(setup.state, { cardLastFour: "1111" });
    // The saved card is announced by a signed notification, read as a mandate event.
    await emu.webhooksDelivered();
    const hook = receiver.received.find((r) => r.body.includes("paymentProfile.created") && r.body.includes(`"id":"${setup.mandateReference}"`));
    assert.ok(hook, "a paymentProfile.created notification");
    const headers = Object.entries(hook.headers).map(([name, value]) => ({ name, value }));
    const event = await pool.call("parseWebhook", { connector: "authorizedotnet", headers, body: hook.body, secret: SIGNATURE_KEY });
    assert.equal(event.verified, true);
    assert.equal(event.events[0].kind, "mandate");
    assert.equal(event.events[0].mandateReference, setup.mandateReference);

    const mandate = { mandateReference: setup.mandateReference!, customer: { connectorCustomerId: setup.connectorCustomerId! } };
    const paid = await run("repeatPayment", { merchantTransactionId: unique("r"), amount: { minorAmount: 4500, currency: "USD" }, ...mandate, idempotencyKey: unique("k") });
    assert.equal(paid.status, "charged");
    assert.match(paid.connectorTransactionId!, /^\d+$/);
    // The profile transaction's answer carries the masked card: the refund needs nothing else.
    assert.deepEqual(paid.state, { cardLastFour: "1111" });
    assert.equal((await run("psync", { connectorTransactionId: paid.connectorTransactionId!, amount: { minorAmount: 4500, currency: "USD" } })).status, "charged");

    await settle();
    const refunded = await run("refund", { connectorTransactionId: paid.connectorTransactionId!, merchantRefundId: unique("rf"), refundAmount: { minorAmount: 1500, currency: "USD" }, state: paid.state });
    assert.equal(refunded.status, "pending");
    const rs = await run("rsync", { connectorTransactionId: paid.connectorTransactionId!, connectorRefundId: refunded.connectorRefundId!, refundAmount: { minorAmount: 1500, currency: "USD" } });
    assert.equal(rs.status, "pending");
    await settle();
    assert.equal((await run("rsync", { connectorTransactionId: paid.connectorTransactionId!, connectorRefundId: refunded.connectorRefundId! })).status, "success");

    // A manual-capture repeat payment, then captured.
    const held = await run("repeatPayment", { merchantTransactionId: unique("r"), amount: { minorAmount: 700, currency: "USD" }, captureMethod: "manual", ...mandate });
    assert.equal(held.status, "authorized");
    assert.equal((await run("capture", { connectorTransactionId: held.connectorTransactionId!, amountToCapture: { minorAmount: 700, currency: "USD" } })).status, "charged");
  });

  it("CIM: setupMandate without a profile creates one; the same card again under it (a retry) answers the saved payment profile", async () => {
    const setup = await run("setupMandate", { merchantTransactionId: unique("s"), amount: zero, paymentMethod: savedCard("5424000000000015"), customer: { id: unique("c") }, state: { validationMode: "testMode" } });
    assert.equal(setup.status, "charged");
    assert.match(setup.connectorCustomerId!, /^\d+$/);
    assert.match(setup.mandateReference!, /^\d+$/);
    assert.deepEqual(setup.state, { cardLastFour: "0015" });
    const dup = await run("setupMandate", { merchantTransactionId: unique("s"), amount: zero, paymentMethod: savedCard("5424000000000015"), customer: { connectorCustomerId: setup.connectorCustomerId } });
    assert.equal(dup.status, "charged");
    assert.equal(dup.connectorStatus, "E00039");
    assert.equal(dup.mandateReference, setup.mandateReference);
    assert.equal(dup.connectorCustomerId, setup.connectorCustomerId);
  });

  it("CIM: a card the liveMode validation declines is not saved; an unknown profile; the duplicate window on repeat payments", async () => {
    const declined = await run("setupMandate", { merchantTransactionId: unique("s"), amount: zero, paymentMethod: savedCard(), customer: { id: unique("c") }, billingAddress: { postalCode: "46282" } });
    assert.equal(declined.status, "failure");
    assert.equal(declined.error?.code, "card_declined");
    assert.equal(declined.error?.connectorCode, "2");
    assert.equal(declined.mandateReference, undefined);
    const expired = await run("setupMandate", { merchantTransactionId: unique("s"), amount: zero, paymentMethod: savedCard("4111111111111111", "2020"), customer: { id: unique("c") } });
    assert.equal(expired.error?.code, "expired_card");

    const unknown = await run("setupMandate", { merchantTransactionId: unique("s"), amount: zero, paymentMethod: savedCard(), customer: { connectorCustomerId: "999999999" } });
    assert.equal(unknown.status, "failure");
    assert.equal(unknown.error?.code, "not_found");
    const gone = await run("repeatPayment", { merchantTransactionId: unique("r"), amount: { minorAmount: 100, currency: "USD" }, mandateReference: "999999999", customer: { connectorCustomerId: "999999999" } });
    assert.equal(gone.status, "failure");
    assert.equal(gone.error?.code, "not_found");

    const setup = await run("setupMandate", { merchantTransactionId: unique("s"), amount: zero, paymentMethod: savedCard(), customer: { id: unique("c") } });
    const repeat = { merchantTransactionId: unique("r"), amount: { minorAmount: 1200, currency: "USD" }, mandateReference: setup.mandateReference!, customer: { connectorCustomerId: setup.connectorCustomerId! } };
    assert.equal((await run("repeatPayment", repeat)).status, "charged");
    const retried = await run("repeatPayment", repeat);
    assert.equal(retried.status, "unresolved", "a retry inside the duplicate window may be the first attempt's charge");
    assert.equal(retried.error?.code, "duplicate_transaction");
  });

  it("CIM requests refused before any HTTP: an amount on setupMandate, a repeatPayment without its customer profile", async () => {
    await assert.rejects(
      run("setupMandate", { merchantTransactionId: "s-x", amount: { minorAmount: 100, currency: "USD" }, paymentMethod: savedCard(), customer: { id: "c-x" } }),
      (e: unknown) => e instanceof SidecarError && e.data?.field === "request.amount.minorAmount",
    );
    await assert.rejects(
      run("repeatPayment", { merchantTransactionId: "r-x", amount: { minorAmount: 100, currency: "USD" }, mandateReference: "600000001" }),
      (e: unknown) => e instanceof SidecarError && e.data?.field === "request.customer.connectorCustomerId",
    );
  });

  it("webhooks: the emulator's signed notifications are verified and read; a tampered one is not", async () => {
    receiver.received.length = 0;
    const auth = await run("authorize", authorize({ captureMethod: "manual" }));
    await emu.webhooksDelivered();
    const hook = receiver.received.find((r) => r.body.includes(auth.connectorTransactionId!));
    assert.ok(hook, "a notification for the authorization");
    assert.equal(hook.headers["x-anet-signature"], anetSignature(SIGNATURE_KEY, hook.body));
    const headers = Object.entries(hook.headers).map(([name, value]) => ({ name, value }));
    const parsed = await pool.call("parseWebhook", { connector: "authorizedotnet", headers, body: hook.body, secret: SIGNATURE_KEY });
    assert.equal(parsed.verified, true);
    assert.equal(parsed.events[0].eventType, "net.authorize.payment.authorization.created");
    assert.equal(parsed.events[0].paymentStatus, "authorized");
    assert.equal(parsed.events[0].connectorTransactionId, auth.connectorTransactionId);
    const tampered = await pool.call("parseWebhook", { connector: "authorizedotnet", headers, body: hook.body.replace('"responseCode":1', '"responseCode":2'), secret: SIGNATURE_KEY });
    assert.equal(tampered.verified, false);
    assert.equal(tampered.acknowledgement.status, 401);
  });
});

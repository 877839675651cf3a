// PayPal through the real client: SidecarPool (zod validation on) turns unified requests into
// HTTP, Node's fetch sends them to the loopback emulator (emulator/connectors/paypal/), and the pool
// reads the answers. Covers the access token, the card lifecycle (authorize → capture partial →
// refund partial → refund status; void), automatic capture, declines, the PayPal wallet redirect
// with completeAuthorize, idempotent retries, listConnectors, saved payment methods (Vault v3:
// setupMandate with a card and with the wallet → repeatPayment) and webhooks: the emulator signs
// them like PayPal and the client's webhookHandler verifies each with verifyWebhook over HTTP
// before handing its events on.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { SidecarError } from "../../client/errors.js";
import { fetchExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import { PaymentsClient } from "../../client/flows.js";
import type { NodeWebhookHandler, WebhookHandlerOptions } from "../../client/webhooks.js";
import type { AccessTokenResult, PaymentResult, RefundResult, TransformRequestParams, WebhookEvent } from "../../protocol/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";

const AUTH = { clientId: "AUv8rrc_emulator_client", clientSecret: "EKmD_emulator_secret" };
const CARD = { number: "4111111111111111", expMonth: "03", expYear: "2030", cvc: "123", holderName: "Jane Payer" };
/** The merchant's webhook as registered with (the emulated) PayPal: its Webhook ID. */
const WEBHOOK_ID = "1JE4291016473214C";

type Flow = TransformRequestParams["flow"];
type AnyResult = PaymentResult & RefundResult & AccessTokenResult;

describe("paypal through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;
  let token: Record<string, string>;
  const logs: string[] = [];
  let seq = 0;
  const unique = (p: string) => `${p}-${process.pid}-${++seq}`;

  /** transformRequest → fetch → transformResponse, as an application would. */
  async function run(flow: Flow, req: unknown, auth: Record<string, string> = AUTH): Promise<AnyResult> {
    const params = { connector: "paypal", flow, auth, request: req, options: { baseUrl: emu.baseUrls.paypal } };
    const http = await pool.transformRequest(params as TransformRequestParams);
    const response = await fetchExecutor(http, { signal: AbortSignal.timeout(5000) });
    return (await pool.transformResponse({ ...params, response } as never)) as AnyResult;
  }

  /** The state a later call needs: the token plus what the previous result said about its id. */
  const withState = (previous: AnyResult) => ({ ...token, ...(previous.state ?? {}) });

  function authorize(extra: Record<string, unknown> = {}) {
    return {
      merchantTransactionId: unique("order"),
      amount: { minorAmount: 1000, currency: "USD" },
      paymentMethod: { type: "card", card: CARD },
      idempotencyKey: unique("idem"),
      state: token,
      ...extra,
    };
  }

  // The merchant's webhook endpoint: the client's handler, configured per test through `hook`.
  let endpoint: Server;
  let endpointUrl = "";
  let hook: NodeWebhookHandler = (_req, res) => void res.writeHead(503).end();
  const events: WebhookEvent[] = [];
  const rejections: { status: number; reason: string }[] = [];
  let payments: PaymentsClient;
  const handlerOptions = (extra: Partial<WebhookHandlerOptions> = {}): WebhookHandlerOptions => ({
    connector: "paypal",
    verify: { webhookId: WEBHOOK_ID, auth: AUTH, state: () => token },
    options: { baseUrl: emu.baseUrls.paypal },
    onEvent: (e) => void events.push(e),
    onRejected: (r) => void rejections.push({ status: r.status, reason: r.reason }),
    ...extra,
  });
  /** Waits until the emulator delivered its webhooks (and the handler answered them). */
  const delivered = async () => {
    await emu.webhooksDelivered();
  };

  before(async () => {
    endpoint = createServer((req, res) => hook(req, res));
    await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
    endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/webhooks/paypal`;
    emu = await startEmulator({ log: (l) => logs.push(l), webhooks: { url: endpointUrl, secrets: { paypal: WEBHOOK_ID } } });
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
    const t = await run("createAccessToken", {});
    assert.equal(t.status, "success");
    assert.ok(t.state?.accessToken?.startsWith("A21AA"));
    assert.equal(t.expiresInSeconds, 32400);
    token = { accessToken: t.state!.accessToken };
    payments = new PaymentsClient(pool);
    hook = payments.webhookHandler(handlerOptions());
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
    await new Promise<void>((resolve) => {
      endpoint?.close(() => resolve());
      endpoint?.closeAllConnections();
    });
  });

  it("lists PayPal with its flows, the flows it cannot do and why, auth fields and environments", async () => {
    const paypal = (await pool.listConnectors()).find((c) => c.name === "paypal");
    assert.ok(paypal, "paypal is listed");
    assert.equal(paypal.displayName, "PayPal");
    assert.deepEqual(paypal.flows, [
      "authorize", "psync", "capture", "void", "refund", "rsync", "setupMandate", "repeatPayment", "createAccessToken", "completeAuthorize", "verifyWebhook",
      "createSession", "revokeMandate", "acceptDispute", "submitDisputeEvidence", "dsync",
    ]);
    assert.deepEqual(paypal.unsupportedFlows.map((u) => u.flow).sort(), ["createCustomer", "defendDispute", "incrementalAuthorization", "reverse", "uploadDisputeFile"]);
    for (const u of paypal.unsupportedFlows) assert.ok(u.reason.length > 40, `${u.flow}: a reason`);
    assert.equal(paypal.webhooks, true);
    assert.equal(paypal.webhookVerification, "remote");
    assert.deepEqual(paypal.paymentMethods.map((m) => m.type), ["card", "networkToken", "paypal", "bankRedirect", "applePay", "googlePay"]);
    assert.deepEqual(paypal.paymentMethods.find((m) => m.type === "networkToken")?.flows, ["authorize"]);
    assert.ok(!paypal.unsupportedPaymentMethods.some((u) => u.type === "networkToken"));
    assert.ok(paypal.unsupportedPaymentMethods.every((u) => u.reason.length > 20));
    assert.deepEqual(paypal.authFields.map((f) => [f.name, f.required]), [["clientId", true], ["clientSecret", true]]);
    assert.deepEqual(paypal.environments, { sandbox: "https://api-m.sandbox.paypal.com", production: "https://api-m.paypal.com" });
  });

  it("a wrong client secret is a failed token with invalid_credentials, and the secret is nowhere in it", async () => {
    const t = await run("createAccessToken", {}, { clientId: "AUv8rrc_emulator_client", clientSecret: "rejected-secret" });
    assert.equal(t.status, "failure");
    assert.equal(t.httpStatus, 401);
    assert.equal(t.error?.code, "invalid_credentials");
    assert.equal(t.error?.connectorCode, "invalid_client");
    assert.ok(!JSON.stringify(t).includes("rejected-secret"));
    assert.equal(t.state, undefined);
  });

  it("without the access token every flow says to run createAccessToken first", async () => {
    await assert.rejects(
      run("authorize", authorize({ state: {} })),
      (e: unknown) => e instanceof SidecarError && e.data?.field === "request.state.accessToken" && /createAccessToken/.test(e.message),
    );
  });

  it("authorize (manual) → psync → partial capture (final: the rest released) → partial refunds → refund status → over-refund refused", async () => {
    const auth = await run("authorize", authorize({ captureMethod: "manual" }));
    assert.equal(auth.status, "authorized");
    assert.equal(auth.connectorStatus, "CREATED");
    assert.equal(auth.state?.paypalObject, "authorization");
    assert.ok(auth.state?.orderId);
    assert.equal(auth.networkTransactionId, "100000000000001");
    const authId = auth.connectorTransactionId!;

    assert.equal((await run("psync", { connectorTransactionId: authId, state: withState(auth) })).status, "authorized");

    // No paymentAmount: a partial capture is final all the same (the README: the rest is released).
    const captured = await run("capture", {
      connectorTransactionId: authId,
      amountToCapture: { minorAmount: 600, currency: "USD" },
      idempotencyKey: unique("cap"),
      state: withState(auth),
    });
    assert.equal(captured.status, "charged");
    assert.deepEqual(captured.amountCaptured, { minorAmount: 600, currency: "USD" });
    assert.equal(captured.state?.paypalObject, "capture");
    const captureId = captured.connectorTransactionId!;
    assert.notEqual(captureId, authId);

    // final_capture true: PayPal closes the authorization (CAPTURED, not PARTIALLY_CAPTURED) and
    // releases the other 4.00, so nothing more can be captured and nothing is left to void.
    const afterCapture = await run("psync", { connectorTransactionId: authId, state: withState(auth) });
    assert.equal(afterCapture.status, "charged");
    assert.equal(afterCapture.connectorStatus, "CAPTURED");
    const again = await run("capture", {
      connectorTransactionId: authId,
      amountToCapture: { minorAmount: 400, currency: "USD" },
      state: withState(auth),
    });
    assert.equal(again.status, "capture_failed");
    assert.equal(again.error?.connectorCode, "AUTHORIZATION_ALREADY_CAPTURED");
    const voided = await run("void", { connectorTransactionId: authId, state: withState(auth) });
    assert.equal(voided.status, "void_failed");
    assert.equal(voided.error?.connectorCode, "PREVIOUSLY_CAPTURED");

    const first = await run("refund", {
      connectorTransactionId: captureId,
      merchantRefundId: unique("rf"),
      refundAmount: { minorAmount: 250, currency: "USD" },
      reason: "one item returned",
      idempotencyKey: unique("idem-rf"),
      state: withState(captured),
    });
    assert.equal(first.status, "success");
    assert.deepEqual(first.refundAmount, { minorAmount: 250, currency: "USD" });
    const second = await run("refund", {
      connectorTransactionId: captureId,
      merchantRefundId: unique("rf"),
      refundAmount: { minorAmount: 100, currency: "USD" },
      state: withState(captured),
    });
    assert.equal(second.status, "success");
    assert.notEqual(second.connectorRefundId, first.connectorRefundId);

    const status = await run("rsync", { connectorTransactionId: captureId, connectorRefundId: first.connectorRefundId!, state: token });
    assert.equal(status.status, "success");
    assert.equal(status.connectorRefundId, first.connectorRefundId);

    const tooMuch = await run("refund", {
      connectorTransactionId: captureId,
      merchantRefundId: unique("rf"),
      refundAmount: { minorAmount: 251, currency: "USD" },
      state: withState(captured),
    });
    assert.equal(tooMuch.status, "failure");
    assert.equal(tooMuch.error?.code, "invalid_amount");
    assert.equal(tooMuch.error?.connectorCode, "REFUND_AMOUNT_EXCEEDED");

    const capturePsync = await run("psync", { connectorTransactionId: captureId, state: withState(captured) });
    assert.equal(capturePsync.status, "charged");
    assert.equal(capturePsync.connectorStatus, "PARTIALLY_REFUNDED");
  });

  it("a capture of more than was authorized is capture_failed with invalid_amount", async () => {
    const auth = await run("authorize", authorize({ captureMethod: "manual" }));
    const over = await run("capture", {
      connectorTransactionId: auth.connectorTransactionId!,
      amountToCapture: { minorAmount: 1001, currency: "USD" },
      state: withState(auth),
    });
    assert.equal(over.status, "capture_failed");
    assert.equal(over.error?.code, "invalid_amount");
    assert.equal(over.error?.connectorCode, "MAX_CAPTURE_AMOUNT_EXCEEDED");
    assert.equal(over.connectorTransactionId, auth.connectorTransactionId);
  });

  it("authorize (manual) → void → psync voided; a repeated void is still voided; capture after void fails", async () => {
    const auth = await run("authorize", authorize({ captureMethod: "manual" }));
    const id = auth.connectorTransactionId!;
    const voided = await run("void", { connectorTransactionId: id, state: withState(auth) });
    assert.equal(voided.status, "voided");
    assert.equal(voided.connectorStatus, "VOIDED");
    const again = await run("void", { connectorTransactionId: id, state: withState(auth) });
    assert.equal(again.status, "voided");
    assert.equal(again.error?.connectorCode, "AUTHORIZATION_VOIDED");
    assert.equal((await run("psync", { connectorTransactionId: id, state: withState(auth) })).status, "voided");
    const capture = await run("capture", { connectorTransactionId: id, amountToCapture: { minorAmount: 1000, currency: "USD" }, state: withState(auth) });
    assert.equal(capture.status, "capture_failed");
    assert.equal(capture.error?.connectorCode, "AUTHORIZATION_VOIDED");
  });

  it("authorize (automatic) is charged with the capture id; refund in full; void of a capture is refused before sending", async () => {
    const paid = await run("authorize", authorize({ amount: { minorAmount: 1234, currency: "JPY" } }));
    assert.equal(paid.status, "charged");
    assert.equal(paid.state?.paypalObject, "capture");
    assert.deepEqual(paid.amountCaptured, { minorAmount: 1234, currency: "JPY" });
    const refund = await run("refund", {
      connectorTransactionId: paid.connectorTransactionId!,
      merchantRefundId: unique("rf"),
      refundAmount: { minorAmount: 1234, currency: "JPY" },
      state: withState(paid),
    });
    assert.equal(refund.status, "success");
    assert.deepEqual(refund.refundAmount, { minorAmount: 1234, currency: "JPY" });
    await assert.rejects(
      run("void", { connectorTransactionId: paid.connectorTransactionId!, state: withState(paid) }),
      (e: unknown) => e instanceof SidecarError && e.data?.field === "request.connectorTransactionId",
    );
  });

  it("Apple Pay and Google Pay decrypted tokens (payment_source.*.decrypted_token): charged, or authorized then captured; encrypted tokens refused naming the field", async () => {
    const apple = { type: "applePay", applePay: { decrypted: { number: "4111111111111111", expMonth: "02", expYear: "2030", cryptogram: "AmDy9dG8qcCNAAEAvYjZAoABFA==", eci: "07" } } };
    const paid = await run("authorize", authorize({ paymentMethod: apple, captureMethod: "automatic" }));
    assert.equal(paid.status, "charged", JSON.stringify(paid.error));
    assert.deepEqual(paid.amountCaptured, { minorAmount: 1000, currency: "USD" });
    assert.ok(!logs.some((l) => l.includes("4111111111111111")), "the DPAN is masked in the emulator's log");
    const google = { type: "googlePay", googlePay: { decrypted: { number: "4111111111111111", expMonth: "12", expYear: "2031", cryptogram: "AAAAAAAA7pWDT3wAAAAAAAAAAAA=", eci: "05" } } };
    const held = await run("authorize", authorize({ paymentMethod: google, captureMethod: "manual" }));
    assert.equal(held.status, "authorized", JSON.stringify(held.error));
    const captured = await run("capture", { connectorTransactionId: held.connectorTransactionId!, state: withState(held) });
    assert.equal(captured.status, "charged", JSON.stringify(captured.error));
    await assert.rejects(
      run("authorize", authorize({ paymentMethod: { type: "applePay", applePay: { paymentData: "eyJkYXRhIjoiLi4uIn0=" } } })),
      (e: unknown) => e instanceof SidecarError && e.code === 1005 && e.data?.field === "request.paymentMethod.applePay.paymentData" && e.message.includes("confirmOrder"),
    );
    await assert.rejects(
      run("authorize", authorize({ paymentMethod: { type: "googlePay", googlePay: { token: '{"protocolVersion":"ECv2","signedMessage":"{}"}' } } })),
      (e: unknown) => e instanceof SidecarError && e.code === 1005 && e.data?.field === "request.paymentMethod.googlePay.token",
    );
  });

  it("network tokens (payment_source.card.network_token): authorized → captured → refunded, or charged at once; a decline is failure; what PayPal has no word for is refused naming the field", async () => {
    const visa = { number: "4895370017256311", expMonth: "12", expYear: "2030", cryptogram: "AgAAAAAABk4DWZ4C28yUQAAAAAA=", eci: "05", tokenRequestorId: "40010030273" };
    const held = await run("authorize", authorize({ paymentMethod: { type: "networkToken", networkToken: visa }, captureMethod: "manual" }));
    assert.equal(held.status, "authorized", JSON.stringify(held.error));
    assert.equal(held.state?.paypalObject, "authorization");
    const synced = await run("psync", { connectorTransactionId: held.connectorTransactionId!, state: withState(held) });
    assert.equal(synced.status, "authorized");
    const captured = await run("capture", { connectorTransactionId: held.connectorTransactionId!, amountToCapture: { minorAmount: 1000, currency: "USD" }, state: withState(held) });
    assert.equal(captured.status, "charged", JSON.stringify(captured.error));
    assert.deepEqual(captured.amountCaptured, { minorAmount: 1000, currency: "USD" });
    const refund = await run("refund", {
      connectorTransactionId: captured.connectorTransactionId!,
      merchantRefundId: unique("rf"),
      refundAmount: { minorAmount: 400, currency: "USD" },
      state: withState(captured),
    });
    assert.equal(refund.status, "success", JSON.stringify(refund.error));

    const mastercard = { number: "5555555555554444", expMonth: "01", expYear: "2031", cryptogram: "AAAAAAAA7pWDT3wAAAAAAAAAAAA=", eci: "02" };
    const paid = await run("authorize", authorize({ paymentMethod: { type: "networkToken", networkToken: mastercard }, captureMethod: "automatic", amount: { minorAmount: 4000, currency: "EUR" } }));
    assert.equal(paid.status, "charged", JSON.stringify(paid.error));
    assert.equal(paid.state?.paypalObject, "capture");
    assert.deepEqual(paid.amountCaptured, { minorAmount: 4000, currency: "EUR" });

    const second = await run("authorize", authorize({ paymentMethod: { type: "networkToken", networkToken: visa }, captureMethod: "manual" }));
    const voided = await run("void", { connectorTransactionId: second.connectorTransactionId!, state: withState(second) });
    assert.equal(voided.status, "voided", JSON.stringify(voided.error));

    const declined = await run("authorize", authorize({ paymentMethod: { type: "networkToken", networkToken: { ...visa, number: "4000000000000002" } }, captureMethod: "manual" }));
    assert.equal(declined.status, "failure");
    assert.equal(declined.connectorStatus, "DENIED");
    assert.equal(declined.error?.code, "insufficient_funds");

    await assert.rejects(
      run("authorize", authorize({ paymentMethod: { type: "networkToken", networkToken: { ...mastercard, eci: "07" } } })),
      (e: unknown) => e instanceof SidecarError && e.code === 1005 && e.data?.field === "request.paymentMethod.networkToken.eci",
    );
    await assert.rejects(
      run("authorize", authorize({ paymentMethod: { type: "networkToken", networkToken: { ...visa, cryptogram: "SHORTCRYPTOGRAM" } } })),
      (e: unknown) => e instanceof SidecarError && e.code === 1005 && e.data?.field === "request.paymentMethod.networkToken.cryptogram" && !e.message.includes("SHORTCRYPTOGRAM"),
    );
    await assert.rejects(
      run("setupMandate", { merchantTransactionId: unique("m"), amount: { minorAmount: 0, currency: "USD" }, paymentMethod: { type: "networkToken", networkToken: visa }, state: token }),
      (e: unknown) => e instanceof SidecarError && e.code === 1003,
    );
    const text = JSON.stringify([held, captured, paid, declined]) + logs.join("\n");
    for (const secret of ["4895370017256311", "5555555555554444", "AgAAAAAABk4DWZ4C28yUQAAAAAA="]) assert.ok(!text.includes(secret), "no token or cryptogram in results or emulator logs");
  });

  it("HUF goes in whole forints; forint cents are refused before anything is sent", async () => {
    const paid = await run("authorize", authorize({ amount: { minorAmount: 150000, currency: "HUF" } }));
    assert.equal(paid.status, "charged");
    assert.deepEqual(paid.amountCaptured, { minorAmount: 150000, currency: "HUF" });
    await assert.rejects(
      run("authorize", authorize({ amount: { minorAmount: 150050, currency: "HUF" } })),
      (e: unknown) => e instanceof SidecarError && e.data?.field === "request.amount.minorAmount",
    );
  });

  it("a declined card is failure with the processor's code; an expired card is a 422 CARD_EXPIRED", async () => {
    const declined = await run("authorize", authorize({ captureMethod: "manual", paymentMethod: { type: "card", card: { ...CARD, number: "4000000000000002" } } }));
    assert.equal(declined.status, "failure");
    assert.equal(declined.connectorStatus, "DENIED");
    assert.equal(declined.error?.code, "insufficient_funds");
    assert.equal(declined.error?.connectorCode, "5120");
    assert.equal(declined.error?.declineType, "soft");
    const expired = await run("authorize", authorize({ paymentMethod: { type: "card", card: { ...CARD, number: "4000000000000069" } } }));
    assert.equal(expired.status, "failure");
    assert.equal(expired.httpStatus, 422);
    assert.equal(expired.error?.code, "expired_card");
    assert.equal(expired.error?.declineType, "hard");
    assert.ok(!JSON.stringify([declined, expired]).includes("4000000000000"), "no card number in results");
    assert.ok(!logs.join("\n").includes("4111111111111111"), "no card number in emulator logs");
  });

  it("an authorize retried with the same idempotency key is the same order", async () => {
    const req = authorize({ captureMethod: "manual" });
    const first = await run("authorize", req);
    const second = await run("authorize", req);
    assert.equal(second.connectorTransactionId, first.connectorTransactionId);
    assert.equal(second.state?.orderId, first.state?.orderId);
  });

  it("PayPal wallet: redirect to the payer, approval, completeAuthorize (manual) → capture", async () => {
    const created = await run(
      "authorize",
      authorize({ captureMethod: "manual", paymentMethod: { type: "paypal", paypal: { email: "payer@example.com" } }, returnUrl: "https://shop.example/paypal/return" }),
    );
    assert.equal(created.status, "authentication_pending");
    assert.equal(created.state?.paypalObject, "order");
    const orderId = created.connectorTransactionId!;
    assert.equal(created.redirection?.method, "GET");
    assert.ok(created.redirection?.url.includes(orderId));

    // Before approval completeAuthorize is refused by PayPal.
    const early = await run("completeAuthorize", { connectorTransactionId: orderId, captureMethod: "manual", state: withState(created) });
    assert.equal(early.status, "failure");
    assert.equal(early.error?.connectorCode, "ORDER_NOT_APPROVED");

    // The payer approves at PayPal and comes back to returnUrl with the order id.
    const approval = await fetch(created.redirection!.url, { redirect: "manual" });
    assert.equal(approval.status, 302);
    const back = new URL(approval.headers.get("location")!);
    assert.equal(back.origin + back.pathname, "https://shop.example/paypal/return");
    assert.equal(back.searchParams.get("token"), orderId);
    assert.equal((await run("psync", { connectorTransactionId: orderId, state: withState(created) })).status, "authentication_successful");

    const done = await run("completeAuthorize", {
      connectorTransactionId: orderId,
      captureMethod: "manual",
      idempotencyKey: unique("complete"),
      redirectPayload: Object.fromEntries(back.searchParams),
      state: withState(created),
    });
    assert.equal(done.status, "authorized");
    assert.equal(done.state?.paypalObject, "authorization");
    assert.equal(done.state?.orderId, orderId);
    const captured = await run("capture", {
      connectorTransactionId: done.connectorTransactionId!,
      amountToCapture: { minorAmount: 1000, currency: "USD" },
      paymentAmount: { minorAmount: 1000, currency: "USD" },
      state: withState(done),
    });
    assert.equal(captured.status, "charged");

    const again = await run("completeAuthorize", { connectorTransactionId: orderId, captureMethod: "manual", state: withState(created) });
    assert.equal(again.status, "unresolved", "an order completed before may hold money: psync, do not fail it");
    assert.equal(again.error?.connectorCode, "ORDER_ALREADY_AUTHORIZED");
  });

  it("an expired or unknown token is invalid_credentials; a psync of an unknown id is unresolved", async () => {
    const r = await run("psync", { connectorTransactionId: "0VF52814937998046", state: { accessToken: "A21AA-not-issued", paypalObject: "authorization" } });
    assert.equal(r.status, "unresolved");
    assert.equal(r.error?.code, "invalid_credentials");
    const missing = await run("psync", { connectorTransactionId: "0VF52814937998046", state: { ...token, paypalObject: "authorization" } });
    assert.equal(missing.status, "unresolved");
    assert.equal(missing.error?.code, "not_found");
  });

  // ---------- saved payment methods ----------

  it("setupMandate with a card → a payment token at once → repeatPayment charges it merchant-initiated; refund works on it", async () => {
    const saved = await run("setupMandate", {
      merchantTransactionId: unique("save"),
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: { type: "card", card: CARD },
      idempotencyKey: unique("save"),
      state: token,
    });
    assert.equal(saved.status, "charged");
    assert.match(saved.mandateReference ?? "", /^[0-9a-f]{8}$/);
    assert.ok(saved.connectorCustomerId, "PayPal's customer comes back");
    assert.equal(saved.state?.paymentSource, "card");
    assert.equal(saved.networkTransactionId, "100000000000009");

    // A second card for the same payer: under the same PayPal customer.
    const second = await run("setupMandate", {
      merchantTransactionId: unique("save"),
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: { type: "card", card: { ...CARD, number: "5555555555554444" } },
      customer: { connectorCustomerId: saved.connectorCustomerId! },
      state: token,
    });
    assert.equal(second.connectorCustomerId, saved.connectorCustomerId);
    assert.notEqual(second.mandateReference, saved.mandateReference);

    const renewal = await run("repeatPayment", {
      merchantTransactionId: unique("renewal"),
      amount: { minorAmount: 1500, currency: "USD" },
      mandateReference: saved.mandateReference!,
      networkTransactionId: saved.networkTransactionId!,
      idempotencyKey: unique("renewal"),
      state: withState(saved),
    });
    assert.equal(renewal.status, "charged");
    assert.equal(renewal.state?.paypalObject, "capture");
    assert.deepEqual(renewal.amountCaptured, { minorAmount: 1500, currency: "USD" });
    const refund = await run("refund", {
      connectorTransactionId: renewal.connectorTransactionId!,
      merchantRefundId: unique("rf"),
      refundAmount: { minorAmount: 500, currency: "USD" },
      state: withState(renewal),
    });
    assert.equal(refund.status, "success");

    // A manual-capture repeat is an authorization to capture later.
    const held = await run("repeatPayment", {
      merchantTransactionId: unique("renewal"),
      amount: { minorAmount: 700, currency: "USD" },
      mandateReference: saved.mandateReference!,
      captureMethod: "manual",
      state: withState(saved),
    });
    assert.equal(held.status, "authorized");

    // A token PayPal does not know, or of the other kind, is refused by PayPal.
    const unknown = await run("repeatPayment", {
      merchantTransactionId: unique("renewal"),
      amount: { minorAmount: 700, currency: "USD" },
      mandateReference: saved.mandateReference!,
      state: { ...token, paymentSource: "paypal" },
    });
    assert.equal(unknown.status, "failure");
    assert.equal(unknown.error?.code, "not_found");

    // An expired card is not saved.
    const expired = await run("setupMandate", {
      merchantTransactionId: unique("save"),
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: { type: "card", card: { ...CARD, number: "4000000000000069" } },
      state: token,
    });
    assert.equal(expired.status, "failure");
    assert.equal(expired.error?.code, "expired_card");
    assert.equal(expired.mandateReference, undefined);
  });

  it("setupMandate with the PayPal wallet → approval at PayPal → completeAuthorize saves it → repeatPayment on the wallet", async () => {
    const setup = await run("setupMandate", {
      merchantTransactionId: unique("save"),
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: { type: "paypal" },
      returnUrl: "https://shop.example/vault/return",
      description: "Monthly coffee",
      idempotencyKey: unique("save"),
      state: token,
    });
    assert.equal(setup.status, "authentication_pending");
    assert.equal(setup.state?.paypalObject, "setup_token");
    const setupToken = setup.connectorTransactionId!;

    const early = await run("completeAuthorize", { connectorTransactionId: setupToken, state: withState(setup) });
    assert.equal(early.status, "failure");
    assert.equal(early.error?.connectorCode, "PAYER_ACTION_REQUIRED");

    const approval = await fetch(setup.redirection!.url, { redirect: "manual" });
    assert.equal(approval.status, 302);
    const back = new URL(approval.headers.get("location")!);
    assert.equal(back.searchParams.get("approval_token_id"), setupToken);
    assert.equal((await run("psync", { connectorTransactionId: setupToken, state: withState(setup) })).status, "authentication_successful");

    const key = unique("confirm");
    const saved = await run("completeAuthorize", { connectorTransactionId: setupToken, redirectPayload: Object.fromEntries(back.searchParams), idempotencyKey: key, state: withState(setup) });
    assert.equal(saved.status, "charged");
    assert.equal(saved.state?.paymentSource, "paypal");
    assert.equal(saved.connectorCustomerId, setup.connectorCustomerId);
    // The same call again with its key is the same token; without it PayPal says it was used.
    const replay = await run("completeAuthorize", { connectorTransactionId: setupToken, idempotencyKey: key, state: withState(setup) });
    assert.equal(replay.mandateReference, saved.mandateReference);
    const reused = await run("completeAuthorize", { connectorTransactionId: setupToken, state: withState(setup) });
    assert.equal(reused.status, "unresolved");
    assert.equal(reused.error?.connectorCode, "SETUP_TOKEN_ALREADY_TOKENIZED");

    const renewal = await run("repeatPayment", {
      merchantTransactionId: unique("renewal"),
      amount: { minorAmount: 999, currency: "USD" },
      mandateReference: saved.mandateReference!,
      state: withState(saved),
    });
    assert.equal(renewal.status, "charged");
  });

  // ---------- webhooks ----------

  it("webhooks: each signed delivery is verified with PayPal through verifyWebhook, then read into events", async () => {
    events.length = 0;
    rejections.length = 0;
    const order = authorize({ captureMethod: "manual" });
    const authorized = await run("authorize", order);
    const captured = await run("capture", {
      connectorTransactionId: authorized.connectorTransactionId!,
      amountToCapture: { minorAmount: 1000, currency: "USD" },
      paymentAmount: { minorAmount: 1000, currency: "USD" },
      state: withState(authorized),
    });
    const refund = await run("refund", {
      connectorTransactionId: captured.connectorTransactionId!,
      merchantRefundId: unique("rf"),
      refundAmount: { minorAmount: 400, currency: "USD" },
      state: withState(captured),
    });
    const saved = await run("setupMandate", { merchantTransactionId: unique("save"), amount: { minorAmount: 0, currency: "USD" }, paymentMethod: { type: "card", card: CARD }, state: token });
    await delivered();

    assert.deepEqual(rejections, []);
    const capture = events.find((e) => e.eventType === "PAYMENT.CAPTURE.COMPLETED" && e.connectorTransactionId === captured.connectorTransactionId);
    assert.ok(capture, `the capture's webhook: ${JSON.stringify(events)}`);
    assert.equal(capture.paymentStatus, "charged");
    assert.equal(capture.merchantTransactionId, order.merchantTransactionId);
    assert.deepEqual(capture.amount, { minorAmount: 1000, currency: "USD" });
    const refunded = events.find((e) => e.eventType === "PAYMENT.CAPTURE.REFUNDED" && e.connectorRefundId === refund.connectorRefundId);
    assert.ok(refunded, "the refund's webhook");
    assert.equal(refunded.refundStatus, "success");
    assert.equal(refunded.connectorTransactionId, captured.connectorTransactionId);
    const token_ = events.find((e) => e.eventType === "VAULT.PAYMENT-TOKEN.CREATED" && e.mandateReference === saved.mandateReference);
    assert.ok(token_, "the saved card's webhook");
    assert.equal(token_.kind, "mandate");
    for (const e of events) assert.match(e.connectorEventId ?? "", /^WH-/);
  });

  it("webhook helper: a tampered body or another webhook id is 401; no verify options is 401 with the reason; a refused token is refreshed once; PayPal down is 500", async () => {
    // One signed delivery, captured as the emulator sends it.
    const captured: { headers: Record<string, string>; body: string }[] = [];
    hook = (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        captured.push({ headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body: Buffer.concat(chunks).toString("utf8") });
        res.writeHead(200).end();
      });
    };
    const a = await run("authorize", authorize({ captureMethod: "manual" }));
    await run("void", { connectorTransactionId: a.connectorTransactionId!, state: withState(a) });
    await delivered();
    const delivery = captured.find((c) => c.body.includes("PAYMENT.AUTHORIZATION.VOIDED"));
    assert.ok(delivery, "the void's webhook was sent");
    assert.ok(delivery.headers["paypal-transmission-sig"]);

    /** Posts the delivery (or a changed copy) to a handler with `opts`, returns its status. */
    const post = async (opts: Partial<WebhookHandlerOptions>, body = delivery.body) => {
      events.length = 0;
      rejections.length = 0;
      hook = payments.webhookHandler(handlerOptions(opts));
      const headers = Object.fromEntries(Object.entries(delivery.headers).filter(([k]) => k.startsWith("paypal-") || k === "content-type"));
      const res = await fetch(endpointUrl, { method: "POST", headers, body });
      await res.arrayBuffer();
      return res.status;
    };

    assert.equal(await post({}), 200);
    assert.equal(events[0]?.eventType, "PAYMENT.AUTHORIZATION.VOIDED");
    // Through PaymentsClient no state is needed: the client fetches and keeps the token itself.
    assert.equal(await post({ verify: { webhookId: WEBHOOK_ID, auth: AUTH } }), 200);
    assert.equal(events[0]?.paymentStatus, "voided");
    assert.equal(events[0]?.paymentStatus, "voided");
    assert.equal(events[0]?.connectorTransactionId, a.connectorTransactionId);

    assert.equal(await post({}, delivery.body.replace('"VOIDED"', '"CREATED"')), 401, "a changed body");
    assert.deepEqual(events, []);
    assert.match(rejections[0]!.reason, /FAILURE/);

    assert.equal(await post({ verify: { webhookId: "9XX99999XX999999X", auth: AUTH, state: () => token } }), 401, "another webhook id");

    assert.equal(await post({ verify: undefined }), 401, "no way to ask PayPal");
    assert.match(rejections[0]!.reason, /verifyWebhook/);

    // A stale token: the state callback is asked again with what was refused, and the call retried.
    const asked: (Record<string, string> | undefined)[] = [];
    const stale = { accessToken: "A21AA-expired-token" };
    const refreshing = (hint: { rejected?: Record<string, string> }) => {
      asked.push(hint.rejected);
      return hint.rejected ? token : stale;
    };
    assert.equal(await post({ verify: { webhookId: WEBHOOK_ID, auth: AUTH, state: refreshing } }), 200);
    assert.deepEqual(asked, [undefined, stale]);
    assert.equal(events.length, 1);
    // A token that stays refused: nothing is known, PayPal must deliver again (500, not 401).
    assert.equal(await post({ verify: { webhookId: WEBHOOK_ID, auth: AUTH, state: stale } }), 500);
    assert.match(rejections[0]!.reason, /invalid_credentials/);
    // PayPal unreachable: 500 too.
    const down: WebhookHandlerOptions["verify"] = { webhookId: WEBHOOK_ID, auth: AUTH, state: token, http: async () => { throw new Error("connect ETIMEDOUT"); } };
    assert.equal(await post({ verify: down }), 500);
    assert.match(rejections[0]!.reason, /processor_unavailable/);

    // The lower-level parseWebhook: verified events, and nothing trusted without the verify options.
    const headers = Object.entries(delivery.headers).map(([name, value]) => ({ name, value }));
    const ok = await payments.parseWebhook({ connector: "paypal", headers, body: delivery.body, verify: { webhookId: WEBHOOK_ID, auth: AUTH, state: token }, options: { baseUrl: emu.baseUrls.paypal } });
    assert.equal(ok.verified, true);
    assert.equal(ok.events[0]?.paymentStatus, "voided");
    const unverified = await payments.parseWebhook({ connector: "paypal", headers, body: delivery.body });
    assert.equal(unverified.verified, false);
    assert.deepEqual(unverified.events, []);
    hook = payments.webhookHandler(handlerOptions());
  });
});

// Cybersource through the real client: SidecarPool (zod validation on) turns unified requests into
// signed HTTP, Node's fetch sends them to the loopback emulator (emulator/connectors/cybersource/),
// which checks the HTTP Signature itself, and the pool reads the answers. Also: the Signature
// header recomputed here with node:crypto from Cybersource's documented recipe (fixed clock),
// saved cards (PaymentsClient: createCustomer → setupMandate → repeatPayment on the TMS tokens),
// the emulator's signed webhooks verified by the client's parseWebhook, and listConnectors.
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";

import { SidecarError } from "../../client/errors.js";
import { fetchExecutor } from "../../client/http.js";
import { PaymentsClient, type FlowCall } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import { parseWebhook } from "../../client/webhooks.js";
import type { HttpRequest, PaymentResult, RefundResult, TransformRequestParams } from "../../protocol/index.js";
import { CYBERSOURCE_MERCHANT, CYBERSOURCE_WEBHOOK_KEY_ID, cybersourceWebhookSignature } from "../../emulator/connectors/cybersource/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

type Flow = TransformRequestParams["flow"];
type AnyResult = PaymentResult & RefundResult;

const CARD = { number: "4111111111111111", expMonth: "12", expYear: "2031", cvc: "123" };
/** The digital signature key the emulator signs notifications with (base64, as Cybersource returns it). */
const WEBHOOK_KEY = Buffer.from("emulator digital signature key!!").toString("base64");

describe("cybersource through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;
  let receiver: WebhookReceiver;
  const logs: string[] = [];
  let seq = 0;
  const unique = (p: string) => `${p}-${process.pid}-${++seq}`;

  before(async () => {
    receiver = await startWebhookReceiver();
    emu = await startEmulator({ log: (l) => logs.push(l), webhooks: { url: receiver.url, secrets: { cybersource: WEBHOOK_KEY } } });
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
  });
  after(async () => {
    await pool?.close();
    await emu?.close();
    await receiver?.close();
  });

  async function run(flow: Flow, req: unknown, auth: Record<string, string> = CYBERSOURCE_MERCHANT): Promise<AnyResult> {
    const params = { connector: "cybersource", flow, auth, request: req, options: { baseUrl: emu.baseUrls.cybersource } };
    const http = await pool.transformRequest(params as TransformRequestParams);
    const response = await fetchExecutor(http, { signal: AbortSignal.timeout(5000) });
    return (await pool.transformResponse({ ...params, response } as never)) as AnyResult;
  }

  function authorize(extra: Record<string, unknown> = {}) {
    return {
      merchantTransactionId: unique("order"),
      amount: { minorAmount: 10221, currency: "USD" },
      paymentMethod: { type: "card", card: CARD },
      captureMethod: "manual",
      customer: { email: "jane@example.com" },
      billingAddress: { firstName: "Jane", lastName: "Doe", line1: "1 Market St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" },
      ...extra,
    };
  }

  it("lists Cybersource with its flows, the flows it cannot do and why, auth fields and environments", async () => {
    const c = (await pool.listConnectors()).find((x) => x.name === "cybersource");
    assert.ok(c, "cybersource is listed");
    assert.equal(c.displayName, "Cybersource");
    assert.deepEqual(c.flows, ["authorize", "psync", "capture", "void", "refund", "rsync", "setupMandate", "repeatPayment", "createCustomer", "createSession", "incrementalAuthorization", "revokeMandate", "reverse"]);
    assert.deepEqual(c.unsupportedFlows.map((u) => u.flow).sort(), ["acceptDispute", "completeAuthorize", "createAccessToken", "defendDispute", "dsync", "submitDisputeEvidence", "uploadDisputeFile"]);
    for (const u of c.unsupportedFlows) assert.ok(u.reason.length > 40, `${u.flow}: a reason`);
    assert.equal(c.webhooks, true);
    assert.deepEqual(c.paymentMethods.map((m) => m.type), ["card", "token", "networkToken", "applePay", "googlePay", "bankDebit"]);
    assert.deepEqual(
      c.unsupportedPaymentMethods.map((u) => u.type).sort(),
      ["bankRedirect", "bankTransfer", "bnpl", "mobileMoney", "paypal", "upiCollect", "upiIntent", "voucher", "walletRedirect"],
      "every other type is declared unsupported, with a reason",
    );
    for (const u of c.unsupportedPaymentMethods) assert.ok(u.reason.length > 20, `${u.type}: a reason`);
    assert.deepEqual(c.authFields.map((f) => [f.name, f.required]), [["merchantId", true], ["apiKeyId", true], ["sharedSecret", true]]);
    assert.deepEqual(c.environments, { sandbox: "https://apitest.cybersource.com", production: "https://api.cybersource.com" });
  });

  it("signs exactly as Cybersource documents it (recomputed with node:crypto, fixed clock)", async () => {
    const auth = { merchantId: "testrest", apiKeyId: "08c94330-f618-42a3-b09d-e1e43be5efda", sharedSecret: "yBJxy6LjM2TmcPGu+GaJrHtkke25fPpUX+UY6/L/1tE=" };
    const options = { now: "2026-11-26T23:05:53Z" };
    const post: HttpRequest = await pool.transformRequest({ connector: "cybersource", flow: "authorize", auth, request: authorize(), options } as TransformRequestParams);
    const h = (r: HttpRequest, n: string) => r.headers.find((x) => x.name.toLowerCase() === n.toLowerCase());
    const body = post.body!.data;
    const digest = `SHA-256=${createHash("sha256").update(body, "utf8").digest("base64")}`;
    assert.equal(h(post, "Digest")?.value, digest);
    assert.equal(h(post, "Date")?.value, "Thu, 26 Nov 2026 23:05:53 GMT");
    assert.equal(h(post, "Host")?.value, "apitest.cybersource.com");
    const signingString = [
      "host: apitest.cybersource.com",
      "date: Thu, 26 Nov 2026 23:05:53 GMT",
      "request-target: post /pts/v2/payments",
      `digest: ${digest}`,
      "v-c-merchant-id: testrest",
    ].join("\n");
    const signature = createHmac("sha256", Buffer.from(auth.sharedSecret, "base64")).update(signingString, "utf8").digest("base64");
    assert.equal(
      h(post, "Signature")?.value,
      `keyid="${auth.apiKeyId}", algorithm="HmacSHA256", headers="host date request-target digest v-c-merchant-id", signature="${signature}"`,
    );
    assert.equal(h(post, "Signature")?.sensitive, true);
    assert.equal(post.body!.sensitive, true, "the body holds the card");
    assert.equal(JSON.parse(body).orderInformation.amountDetails.totalAmount, "102.21");

    const get: HttpRequest = await pool.transformRequest({ connector: "cybersource", flow: "psync", auth, request: { connectorTransactionId: "6461731521426399003473" }, options: { ...options, environment: "production" } } as TransformRequestParams);
    assert.equal(get.url, "https://api.cybersource.com/tss/v2/transactions/6461731521426399003473");
    assert.equal(h(get, "Digest"), undefined);
    const getString = "host: api.cybersource.com\ndate: Thu, 26 Nov 2026 23:05:53 GMT\nrequest-target: get /tss/v2/transactions/6461731521426399003473\nv-c-merchant-id: testrest";
    const getSig = createHmac("sha256", Buffer.from(auth.sharedSecret, "base64")).update(getString).digest("base64");
    assert.ok(h(get, "Signature")?.value.endsWith(`headers="host date request-target v-c-merchant-id", signature="${getSig}"`));
  });

  it("authorize (manual) → psync → partial capture → psync → two partial refunds → over-refund refused → refund status", async () => {
    const auth = await run("authorize", authorize());
    assert.equal(auth.status, "authorized");
    assert.equal(auth.connectorStatus, "AUTHORIZED");
    const id = auth.connectorTransactionId!;
    assert.match(id, /^\d{22}$/);

    const synced = await run("psync", { connectorTransactionId: id });
    assert.equal(synced.status, "authorized");

    const capture = await run("capture", {
      connectorTransactionId: id,
      amountToCapture: { minorAmount: 8000, currency: "USD" },
      paymentAmount: { minorAmount: 10221, currency: "USD" },
    });
    assert.equal(capture.status, "partial_charged");
    assert.deepEqual(capture.amountCaptured, { minorAmount: 8000, currency: "USD" });
    assert.equal(capture.connectorTransactionId, id, "the payment's id stays the handle");
    assert.match(capture.state?.captureId ?? "", /^\d{22}$/);

    const afterCapture = await run("psync", { connectorTransactionId: id, state: capture.state });
    assert.equal(afterCapture.status, "charged");
    assert.deepEqual(afterCapture.amountCaptured, { minorAmount: 8000, currency: "USD" });

    const r1 = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("refund"), refundAmount: { minorAmount: 3000, currency: "USD" } });
    assert.equal(r1.status, "pending");
    assert.deepEqual(r1.refundAmount, { minorAmount: 3000, currency: "USD" });
    const r2 = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("refund"), refundAmount: { minorAmount: 5000, currency: "USD" } });
    assert.equal(r2.status, "pending");
    const over = await run("refund", { connectorTransactionId: id, merchantRefundId: unique("refund"), refundAmount: { minorAmount: 1, currency: "USD" } });
    assert.equal(over.status, "failure");
    assert.equal(over.error?.code, "invalid_amount");
    assert.equal(over.error?.connectorCode, "INVALID_AMOUNT");

    const first = await run("rsync", { connectorTransactionId: id, connectorRefundId: r1.connectorRefundId });
    assert.equal(first.status, "pending");
    const second = await run("rsync", { connectorTransactionId: id, connectorRefundId: r1.connectorRefundId });
    assert.equal(second.status, "success");
    assert.equal(second.connectorStatus, "TRANSMITTED");
    assert.deepEqual(second.refundAmount, { minorAmount: 3000, currency: "USD" });
  });

  it("a sale (automatic capture) is charged and refundable in full; JPY and KWD amounts are exact", async () => {
    const sale = await run("authorize", authorize({ captureMethod: "automatic" }));
    assert.equal(sale.status, "charged");
    assert.deepEqual(sale.amountCaptured, { minorAmount: 10221, currency: "USD" });
    assert.equal((await run("psync", { connectorTransactionId: sale.connectorTransactionId })).status, "charged");
    const refund = await run("refund", { connectorTransactionId: sale.connectorTransactionId, merchantRefundId: unique("refund"), refundAmount: { minorAmount: 10221, currency: "USD" } });
    assert.equal(refund.status, "pending");

    const intl = { billingAddress: { firstName: "Taro", lastName: "Yamada", line1: "1-1 Chiyoda", city: "Tokyo", country: "JP" } };
    const jpy = await run("authorize", authorize({ ...intl, captureMethod: "automatic", amount: { minorAmount: 500, currency: "JPY" } }));
    assert.deepEqual(jpy.amountCaptured, { minorAmount: 500, currency: "JPY" });
    const kwd = await run("authorize", authorize({ ...intl, captureMethod: "automatic", amount: { minorAmount: 1005, currency: "KWD" } }));
    assert.deepEqual(kwd.amountCaptured, { minorAmount: 1005, currency: "KWD" });
  });

  it("void reverses the authorization; psync then reads the reversal; a capture after it is refused", async () => {
    const auth = await run("authorize", authorize());
    const id = auth.connectorTransactionId!;
    const voided = await run("void", { connectorTransactionId: id, amount: { minorAmount: 10221, currency: "USD" } });
    assert.equal(voided.status, "voided");
    assert.equal(voided.connectorStatus, "REVERSED");
    assert.equal((await run("psync", { connectorTransactionId: id, state: voided.state })).status, "voided");
    const again = await run("void", { connectorTransactionId: id, amount: { minorAmount: 10221, currency: "USD" } });
    assert.equal(again.status, "void_failed");
    assert.equal(again.error?.connectorCode, "AUTH_ALREADY_REVERSED");
    const capture = await run("capture", { connectorTransactionId: id, amountToCapture: { minorAmount: 100, currency: "USD" } });
    assert.equal(capture.status, "capture_failed");
    assert.equal(capture.error?.connectorCode, "AUTH_ALREADY_REVERSED");
  });

  it("declines carry the unified code, soft/hard and Cybersource's reason; psync of a decline says the same", async () => {
    const funds = await run("authorize", authorize({ paymentMethod: { type: "card", card: { ...CARD, number: "4000000000009995" } } }));
    assert.equal(funds.status, "failure");
    assert.equal(funds.error?.code, "insufficient_funds");
    assert.equal(funds.error?.declineType, "soft");
    assert.equal(funds.error?.connectorCode, "INSUFFICIENT_FUND");
    const synced = await run("psync", { connectorTransactionId: funds.connectorTransactionId });
    assert.equal(synced.status, "failure");
    assert.equal(synced.error?.code, "insufficient_funds");
    const expired = await run("authorize", authorize({ paymentMethod: { type: "card", card: { ...CARD, number: "4000000000000069" } } }));
    assert.equal(expired.error?.code, "expired_card");
    assert.equal(expired.error?.declineType, "hard");
    assert.ok(logs.every((l) => !l.includes("4000000000000069") && !l.includes("4111111111111111")), "the emulator logs masked numbers only");
  });

  /** A Flex transient token as Microform v2 makes it (unsigned here: the emulator does not check it). */
  function transientToken(bin: string, last4: string): string {
    const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const content = { paymentInformation: { card: { number: { bin, maskedValue: `XXXXXXXXXXXX${last4}` }, expirationMonth: { value: "12" }, expirationYear: { value: "2031" } } } };
    return `${part({ kid: "08vS3Leg", alg: "RS256" })}.${part({ iss: "Flex/08", content })}.${part("signature")}`;
  }

  it("a Flex transient token (tokenInformation) authorizes and captures; a declining card's token declines; a malformed one is refused", async () => {
    const auth = await run("authorize", authorize({ paymentMethod: { type: "token", token: { value: transientToken("411111", "1111") } } }));
    assert.equal(auth.status, "authorized");
    const capture = await run("capture", { connectorTransactionId: auth.connectorTransactionId, amountToCapture: { minorAmount: 10221, currency: "USD" } });
    assert.equal(capture.status, "charged");
    const declined = await run("authorize", authorize({ paymentMethod: { type: "token", token: { value: transientToken("400000", "9995") } } }));
    assert.equal(declined.status, "failure");
    assert.equal(declined.error?.code, "insufficient_funds");
    await assert.rejects(
      run("authorize", authorize({ paymentMethod: { type: "token", token: { value: "not-a-jwt" } } })),
      (e: unknown) => e instanceof SidecarError && e.data?.field === "request.paymentMethod.token.value" && !e.message.includes("not-a-jwt"),
    );
  });

  it("issue 10 through PaymentsClient: network token, Apple Pay and Google Pay tokens, an external 3-D Secure result, a subscription repeatPayment; iDEAL refused with Cybersource's reason", async () => {
    const client = new PaymentsClient(pool);
    const call = { connector: "cybersource", auth: CYBERSOURCE_MERCHANT, options: { baseUrl: emu.baseUrls.cybersource } };
    const nt = await client.authorize({ ...call, request: authorize({ paymentMethod: { type: "networkToken", networkToken: { number: "4111111111111111", expMonth: "12", expYear: "2031", cryptogram: "AgAAAAAABk4DWZ4C28yUQAAAAAA=" } } }) } as never);
    assert.equal(nt.status, "authorized", JSON.stringify(nt.error));
    const apple = await client.authorize({ ...call, request: authorize({ paymentMethod: { type: "applePay", applePay: { paymentData: Buffer.from('{"version":"EC_v1","data":"x"}').toString("base64") } } }) } as never);
    assert.equal(apple.status, "authorized", JSON.stringify(apple.error));
    const google = await client.authorize({ ...call, request: authorize({ paymentMethod: { type: "googlePay", googlePay: { token: '{"protocolVersion":"ECv2","signedMessage":"{}"}' } } }) } as never);
    assert.equal(google.status, "authorized", JSON.stringify(google.error));
    const threeDs = await client.authorize({
      ...call,
      request: authorize({ threeDs: { external: { version: "2.2.0", cavv: "AAIBBYNoEwAAACcKhAJkdQAAAAA=", eci: "05", dsTransactionId: "f25084f0-5b16-4c0a-ae5d-b24808a95e4b" } } }),
    } as never);
    assert.equal(threeDs.status, "authorized", JSON.stringify(threeDs.error));
    await assert.rejects(
      client.authorize({ ...call, request: authorize({ paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal" } } }) } as never),
      (e: unknown) => e instanceof SidecarError && e.code === 1003 && e.message.includes("Cybersource's REST Payments API has no bank redirect"),
    );
    // A challenge runs Payer Authentication for cards (cybersource-payer-auth.test.ts); with a transient token it is refused.
    await assert.rejects(
      client.authorize({ ...call, request: authorize({ paymentMethod: { type: "token", token: { value: "eyJraWQiOiIwOGQ.eyJkYXRhIjp7.c2lnbmF0dXJl" } }, threeDs: { mode: "challenge" } }) } as never),
      (e: unknown) => e instanceof SidecarError && e.data?.field === "request.threeDs.mode",
    );
    const setup = await client.setupMandate({
      ...call,
      request: { merchantTransactionId: unique("save"), amount: { minorAmount: 0, currency: "USD" }, paymentMethod: { type: "card", card: CARD }, customer: { id: unique("shopper"), email: "jane@example.com" }, billingAddress: authorize().billingAddress, recurringType: "scheduled" },
    } as never);
    assert.equal(setup.status, "authorized", JSON.stringify(setup.error));
    const sub = await client.repeatPayment({ ...call, request: { merchantTransactionId: unique("mit"), amount: { minorAmount: 1999, currency: "USD" }, recurringType: "scheduled" }, mandate: setup } as never);
    assert.equal(sub.status, "charged", JSON.stringify(sub.error));
  });

  it("eCheck (ACH) debit through PaymentsClient: charged (PENDING, settles with the batch), psync reads it, refundable; manual capture and SEPA refused", async () => {
    const client = new PaymentsClient(pool);
    const call = { connector: "cybersource", auth: CYBERSOURCE_MERCHANT, options: { baseUrl: emu.baseUrls.cybersource } };
    const ach = { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "Jane Doe", accountNumber: "4100", routingNumber: "071923284", accountType: "checking" } };
    const sent: HttpRequest[] = [];
    const spy = new PaymentsClient(pool, { onStep: (s) => s.step === "request" && sent.push(s.http) });
    const debit = await spy.authorize({ ...call, request: authorize({ paymentMethod: ach, captureMethod: "automatic", amount: { minorAmount: 1200, currency: "USD" } }) } as never);
    assert.equal(debit.status, "charged", JSON.stringify(debit.error));
    assert.deepEqual(debit.amountCaptured, { minorAmount: 1200, currency: "USD" });
    const body = JSON.parse(sent[0]!.body!.data) as Record<string, any>;
    assert.deepEqual(body["paymentInformation"], { bank: { account: { type: "C", number: "4100" }, routingNumber: "071923284" }, paymentType: { name: "check" } });
    assert.equal(body["processingInformation"]["capture"], undefined);
    assert.equal(sent[0]!.body!.sensitive, true);
    assert.ok(!logs.some((l) => l.includes("071923284") && l.includes("4100 ")), "the emulator logs no full account");
    assert.equal((await client.sync({ ...call, payment: debit, request: {} } as never)).status, "charged");
    const refund = await client.refund({ ...call, payment: debit, request: { merchantRefundId: unique("ach-refund"), refundAmount: { minorAmount: 1200, currency: "USD" } } } as never);
    assert.equal(refund.status, "pending", JSON.stringify(refund.error));
    await assert.rejects(
      client.authorize({ ...call, request: authorize({ paymentMethod: ach, captureMethod: "manual" }) } as never),
      (e: unknown) => e instanceof SidecarError && e.data?.field === "request.captureMethod",
    );
    await assert.rejects(
      client.authorize({ ...call, request: authorize({ paymentMethod: { type: "bankDebit", bankDebit: { method: "sepa", accountHolderName: "Jane Doe", iban: "DE89370400440532013000" } }, captureMethod: "automatic" }) } as never),
      (e: unknown) => e instanceof SidecarError && e.code === 1003,
    );
  });

  it("shipTo, device IP and the merchant descriptor go with the authorization; a descriptor over 23 characters is refused", async () => {
    const auth = await run(
      "authorize",
      authorize({
        shippingAddress: { firstName: "John", lastName: "Roe", line1: "2 Mission St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" },
        browserInfo: { ipAddress: "203.0.113.7" },
        statementDescriptor: "ACME WIDGETS",
      }),
    );
    assert.equal(auth.status, "authorized");
    await assert.rejects(
      run("authorize", authorize({ statementDescriptor: "ACME WIDGETS INTERNATIONAL" })),
      (e: unknown) => e instanceof SidecarError && e.code === 1005 && e.data?.field === "request.statementDescriptor",
    );
  });

  it("a wrong shared secret is refused by Cybersource's signature check: invalid_credentials", async () => {
    const wrong = { ...CYBERSOURCE_MERCHANT, sharedSecret: Buffer.from("some other secret").toString("base64") };
    const result = await run("authorize", authorize(), wrong);
    assert.equal(result.status, "failure");
    assert.equal(result.httpStatus, 401);
    assert.equal(result.error?.code, "invalid_credentials");
  });

  it("missing billTo fields are refused before sending, naming the field; no idempotency key is sent", async () => {
    const noCity = authorize();
    delete (noCity.billingAddress as Record<string, unknown>).city;
    await assert.rejects(
      pool.transformRequest({ connector: "cybersource", flow: "authorize", auth: CYBERSOURCE_MERCHANT, request: noCity } as TransformRequestParams),
      (e: SidecarError) => e.code === 1004 && e.data.field === "request.billingAddress.city",
    );
    const http = await pool.transformRequest({ connector: "cybersource", flow: "authorize", auth: CYBERSOURCE_MERCHANT, request: authorize({ idempotencyKey: "idem-xyz" }) } as TransformRequestParams);
    assert.ok(!JSON.stringify(http).includes("idem-xyz"), "Cybersource has no idempotency key: none is invented");
  });

  it("saved card through PaymentsClient: createCustomer → setupMandate (zero amount, TMS tokens) → repeatPayment (MIT) → psync → refund", async () => {
    const client = new PaymentsClient(pool);
    const call: FlowCall = { connector: "cybersource", auth: CYBERSOURCE_MERCHANT, options: { baseUrl: emu.baseUrls.cybersource } };
    const setup = await client.setupMandate({
      ...call,
      request: {
        merchantTransactionId: unique("save"),
        amount: { minorAmount: 0, currency: "USD" },
        paymentMethod: { type: "card", card: CARD },
        customer: { id: unique("shopper"), email: "jane@example.com" },
        billingAddress: authorize().billingAddress,
      },
    });
    assert.equal(setup.status, "authorized", JSON.stringify(setup.error));
    assert.match(setup.mandateReference ?? "", /^[0-9A-F]{32}$/, "the payment instrument token");
    assert.match(setup.connectorCustomerId ?? "", /^[0-9A-F]{32}$/, "the customer token createCustomer made");
    assert.ok(logs.includes(`cybersource customer create ${setup.connectorCustomerId}`), "the client created the TMS customer first (createCustomer is listed)");
    assert.ok(logs.some((l) => l.includes("token create") && l.includes(setup.mandateReference!)), "the emulator stored the card under TOKEN_CREATE");

    const charge = await client.repeatPayment({
      ...call,
      request: { merchantTransactionId: unique("mit"), amount: { minorAmount: 1999, currency: "USD" } },
      mandate: setup,
    });
    assert.equal(charge.status, "charged", JSON.stringify(charge.error));
    assert.deepEqual(charge.amountCaptured, { minorAmount: 1999, currency: "USD" });
    assert.notEqual(charge.connectorTransactionId, setup.connectorTransactionId);
    assert.equal((await run("psync", { connectorTransactionId: charge.connectorTransactionId })).status, "charged");
    const refund = await run("refund", { connectorTransactionId: charge.connectorTransactionId, merchantRefundId: unique("refund"), refundAmount: { minorAmount: 1999, currency: "USD" } });
    assert.equal(refund.status, "pending");

    // A manual repeat payment holds the money; a token the emulator never issued is refused.
    const held = await run("repeatPayment", { merchantTransactionId: unique("mit"), amount: { minorAmount: 500, currency: "USD" }, mandateReference: setup.mandateReference, captureMethod: "manual" });
    assert.equal(held.status, "authorized");
    const unknown = await run("repeatPayment", { merchantTransactionId: unique("mit"), amount: { minorAmount: 500, currency: "USD" }, mandateReference: "00000000000000000000000000000000" });
    assert.equal(unknown.status, "failure");
    assert.equal(unknown.error?.code, "invalid_request");
    assert.ok(unknown.error?.message.includes("paymentInformation.paymentInstrument.id"), unknown.error?.message);
  });

  it("setupMandate with a declined card saves nothing; under another customer's token it is refused", async () => {
    const declined = await run("setupMandate", {
      merchantTransactionId: unique("save"),
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: { type: "card", card: { ...CARD, number: "4000000000000069" } },
      customer: { email: "jane@example.com" },
      billingAddress: authorize().billingAddress,
    });
    assert.equal(declined.status, "failure");
    assert.equal(declined.error?.code, "expired_card");
    assert.equal(declined.mandateReference, undefined);
    const stranger = await run("setupMandate", {
      merchantTransactionId: unique("save"),
      amount: { minorAmount: 0, currency: "USD" },
      paymentMethod: { type: "card", card: CARD },
      customer: { email: "jane@example.com", connectorCustomerId: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF" },
      billingAddress: authorize().billingAddress,
    });
    assert.equal(stranger.status, "failure");
    assert.ok(stranger.error?.message.includes("paymentInformation.customer.id"), stranger.error?.message);
  });

  it("webhooks: the emulator's signed notifications are verified and read by the client's parseWebhook; tampered, wrong key, stale are not", async () => {
    receiver.received.length = 0;
    const auth = await run("authorize", authorize());
    const capture = await run("capture", { connectorTransactionId: auth.connectorTransactionId, amountToCapture: { minorAmount: 10221, currency: "USD" } });
    assert.equal(capture.status, "charged");
    await emu.webhooksDelivered();
    const byType = (t: string) => receiver.received.find((r) => r.headers["v-c-event-type"] === t && r.body.includes(t));
    const accepted = byType("payments.payments.accept");
    assert.ok(accepted, "a notification for the authorization");
    const { t, sig } = Object.fromEntries(accepted.headers["v-c-signature"]!.split(";").map((p) => p.split(/=(.*)/s).slice(0, 2))) as Record<string, string>;
    assert.equal(accepted.headers["v-c-signature"], cybersourceWebhookSignature(WEBHOOK_KEY, Number(t), accepted.body));
    assert.ok(accepted.headers["v-c-signature"]!.includes(`keyId=${CYBERSOURCE_WEBHOOK_KEY_ID}`));
    assert.ok(sig);

    const parsed = await parseWebhook(pool, { connector: "cybersource", headers: accepted.headers, body: accepted.body, secret: WEBHOOK_KEY });
    assert.equal(parsed.verified, true, parsed.reason);
    assert.equal(parsed.acknowledgement.status, 200);
    const event = parsed.events[0]!;
    assert.equal(event.kind, "payment");
    assert.equal(event.paymentStatus, "authorized");
    assert.equal(event.connectorTransactionId, auth.connectorTransactionId);
    assert.deepEqual(event.amount, { minorAmount: 10221, currency: "USD" });

    const captured = byType("payments.captures.accept");
    assert.ok(captured, "a notification for the capture");
    const c = await parseWebhook(pool, { connector: "cybersource", headers: captured.headers, body: Buffer.from(captured.body), secret: [Buffer.from("an old key, rotated out").toString("base64"), WEBHOOK_KEY] });
    assert.equal(c.verified, true, "the second of two keys verifies");
    assert.equal(c.events[0]!.paymentStatus, "charged");

    const tampered = await parseWebhook(pool, { connector: "cybersource", headers: accepted.headers, body: accepted.body.replace("102.21", "1.00"), secret: WEBHOOK_KEY });
    assert.equal(tampered.verified, false);
    assert.equal(tampered.acknowledgement.status, 401);
    const wrongKey = await parseWebhook(pool, { connector: "cybersource", headers: accepted.headers, body: accepted.body, secret: Buffer.from("not the key").toString("base64") });
    assert.equal(wrongKey.verified, false);
    const later = new Date(Number(t) + 301_000).toISOString();
    const stale = await parseWebhook(pool, { connector: "cybersource", headers: accepted.headers, body: accepted.body, secret: WEBHOOK_KEY, options: { now: later } });
    assert.equal(stale.verified, false);
    assert.match(stale.reason ?? "", /seconds old/);
    const { ["v-c-signature"]: _dropped, ...unsigned } = accepted.headers;
    const missing = await parseWebhook(pool, { connector: "cybersource", headers: unsigned, body: accepted.body, secret: WEBHOOK_KEY });
    assert.equal(missing.verified, false);
  });
});

// Braintree SDK differential: the official `braintree` Node SDK (v3) pointed at a loopback server
// (its own `Environment(host, port, authUrl, ssl)`), and the sidecar, asked for the same operation
// with the same values.
//
// The SDK speaks Braintree's older server gateway (`/merchants/<id>/transactions`, JSON bodies with
// snake_case fields); the sidecar speaks the GraphQL API (`POST /graphql`). So the wire formats
// differ by design and are not compared; what is compared is what the two APIs share: the
// credential (HTTP basic auth with the same key pair, byte for byte), and the operation's
// meaning and values: which operation (sale with submit_for_settlement ↔ chargePaymentMethod,
// sale without ↔ authorizePaymentMethod, submit_for_settlement ↔ captureTransaction, void ↔
// voidTransaction, refund ↔ refundTransaction, payment method create ↔ vaultPaymentMethod), the
// amount strings, the nonce / payment method, transaction ids, order ids, merchant account and
// customer (customer.create ↔ createCustomer).
//
// Webhooks: the SDK's own `webhookTesting.sampleNotification(kind, id)` builds and signs a
// notification locally (bt_signature / bt_payload, as Braintree posts them); the sidecar must
// verify it with the private key and read what the SDK's `webhookNotification.parse` reads from it
// (kind, transaction id, amount), and refuse it under another key or with an altered payload.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";

import braintree from "braintree";

import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, TransformRequestParams, WebhookResult } from "../../protocol/index.js";

const KEYS = { publicKey: "pub_oracle_key", privateKey: "priv_oracle_secret" };
const MERCHANT_ID = "merchant_oracle";

interface Captured {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

describe("braintree: official SDK differential (braintree v3, server gateway vs GraphQL)", function () {
  let server: http.Server;
  let captured: Captured[] = [];
  let gateway: InstanceType<typeof braintree.BraintreeGateway>;
  let pool: SidecarPool;

  before(async () => {
    server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        captured.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: raw ? JSON.parse(raw) : {} });
        // Enough of an answer for the SDK to resolve; its content is not under test.
        res.writeHead(200, { "Content-Type": "application/xml" });
        res.end('<?xml version="1.0" encoding="UTF-8"?><transaction><id>sdk_tx</id><status>authorized</status></transaction>');
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    gateway = new braintree.BraintreeGateway({
      environment: new braintree.Environment("127.0.0.1", port, "http://127.0.0.1:9", false),
      merchantId: MERCHANT_ID,
      ...KEYS,
    });
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
  });
  after(async () => {
    await pool?.close();
    await new Promise<void>((r) => server.close(() => r()));
  });
  beforeEach(() => {
    captured = [];
  });

  async function sdk(call: () => Promise<unknown>): Promise<Captured> {
    await call().catch(() => undefined);
    assert.equal(captured.length, 1, "the SDK sent one request");
    return captured[0];
  }

  async function ours(flow: TransformRequestParams["flow"], request: unknown, merchantAccountId?: string): Promise<{ http: HttpRequest; query: string; variables: Record<string, any> }> {
    const auth = merchantAccountId ? { ...KEYS, merchantAccountId } : KEYS;
    const out = await pool.transformRequest({ connector: "braintree", flow, auth, request } as TransformRequestParams);
    const body = JSON.parse(out.body!.data);
    return { http: out, query: body.query, variables: body.variables };
  }

  function sameCredential(sdkReq: Captured, mine: HttpRequest): void {
    const header = mine.headers.find((h) => h.name === "Authorization")!;
    assert.equal(header.value, sdkReq.headers.authorization, "the same HTTP basic credential");
    assert.equal(header.sensitive, true);
  }

  for (const [minor, currency, decimal] of [[1099, "USD", "10.99"], [500, "JPY", "500"], [1500, "KWD", "1.500"], [1, "EUR", "0.01"]] as const) {
    it(`sale with submitForSettlement ↔ chargePaymentMethod (${decimal} ${currency})`, async () => {
      const s = await sdk(() =>
        gateway.transaction.sale({ amount: decimal, paymentMethodNonce: "fake-valid-nonce", orderId: "order-77", merchantAccountId: "acme", options: { submitForSettlement: true } }),
      );
      assert.equal(s.method, "POST");
      assert.equal(s.path, `/merchants/${MERCHANT_ID}/transactions`);
      const t = s.body.transaction as Record<string, any>;
      const m = await ours(
        "authorize",
        { merchantTransactionId: "order-77", amount: { minorAmount: minor, currency }, paymentMethod: { type: "token", token: { value: "fake-valid-nonce" } }, captureMethod: "automatic" },
        "acme",
      );
      sameCredential(s, m.http);
      assert.equal(t.type, "sale");
      assert.equal(t.options.submit_for_settlement, true);
      assert.match(m.query, /^mutation ChargePaymentMethod\(/, "authorize and submit for settlement in one call");
      const input = m.variables.input;
      assert.equal(input.transaction.amount, t.amount);
      assert.equal(input.paymentMethodId, t.payment_method_nonce);
      assert.equal(input.transaction.orderId, t.order_id);
      assert.equal(input.transaction.merchantAccountId, t.merchant_account_id);
    });
  }

  it("sale without submitForSettlement ↔ authorizePaymentMethod", async () => {
    const s = await sdk(() => gateway.transaction.sale({ amount: "25.00", paymentMethodNonce: "fake-valid-nonce", orderId: "order-78" }));
    const t = s.body.transaction as Record<string, any>;
    assert.equal(t.options?.submit_for_settlement, undefined, "the SDK leaves it authorized");
    const m = await ours("authorize", {
      merchantTransactionId: "order-78",
      amount: { minorAmount: 2500, currency: "USD" },
      paymentMethod: { type: "token", token: { value: "fake-valid-nonce" } },
      captureMethod: "manual",
    });
    assert.match(m.query, /^mutation AuthorizePaymentMethod\(/);
    assert.equal(m.variables.input.transaction.amount, t.amount);
    assert.equal(m.variables.input.paymentMethodId, t.payment_method_nonce);
    assert.equal(m.variables.input.transaction.orderId, t.order_id);
    assert.equal(m.variables.input.transaction.merchantAccountId, undefined, "no account: Braintree's default, as the SDK");
  });

  it("sale with threeDSecurePassThrough ↔ transaction.threeDSecurePassThrough (the same values under GraphQL's names)", async () => {
    const pass = { eciFlag: "05", cavv: "AAIBBYNoEwAAACcKhAJkdQAAAAA=", xid: "MDAwMDAwMDAwMDAwMDAwMzIyNzY=", threeDSecureVersion: "2.2.0", authenticationResponse: "Y", dsTransactionId: "f25084f0-5b16-4c0a-ae5d-b24808a95e4b" };
    const s = await sdk(() => gateway.transaction.sale({ amount: "25.00", paymentMethodNonce: "fake-valid-nonce", orderId: "order-79", threeDSecurePassThru: pass }));
    const t = (s.body.transaction as Record<string, any>).three_d_secure_pass_thru as Record<string, string>;
    assert.ok(t, "the SDK sends the pass-through");
    const m = await ours("authorize", {
      merchantTransactionId: "order-79",
      amount: { minorAmount: 2500, currency: "USD" },
      paymentMethod: { type: "token", token: { value: "fake-valid-nonce" } },
      captureMethod: "manual",
      threeDs: { external: { version: "2.2.0", cavv: pass.cavv, eci: "05", xid: pass.xid, status: "Y", dsTransactionId: pass.dsTransactionId } },
    });
    const p = m.variables.input.transaction.threeDSecurePassThrough;
    assert.deepEqual(
      [p.eciFlag, p.cavv, p.xId, p.version, p.authenticationResponse, p.directoryServerTransactionId],
      [t.eci_flag, t.cavv, t.xid, t.three_d_secure_version, t.authentication_response, t.ds_transaction_id],
    );
  });

  for (const [source, recurringType, initiator] of [["recurring", "scheduled", "RECURRING"], ["unscheduled", "unscheduled", "UNSCHEDULED"]] as const) {
    it(`sale on a vaulted method with transactionSource ${source} ↔ paymentInitiator ${initiator}`, async () => {
      const s = await sdk(() => gateway.transaction.sale({ amount: "9.99", paymentMethodToken: "vaulted-1", transactionSource: source, options: { submitForSettlement: true } }));
      assert.equal((s.body.transaction as Record<string, any>).transaction_source, source);
      const m = await ours("repeatPayment", { merchantTransactionId: "sub-1", amount: { minorAmount: 999, currency: "USD" }, mandateReference: "vaulted-1", recurringType });
      assert.equal(m.variables.input.transaction.paymentInitiator, initiator);
      assert.equal(m.variables.input.paymentMethodId, "vaulted-1");
    });
  }

  it("submitForSettlement(id, amount) ↔ captureTransaction (partial)", async () => {
    const s = await sdk(() => gateway.transaction.submitForSettlement("tx_77", "6.00"));
    assert.equal(s.method, "PUT");
    assert.equal(s.path, `/merchants/${MERCHANT_ID}/transactions/tx_77/submit_for_settlement`);
    const m = await ours("capture", { connectorTransactionId: "tx_77", amountToCapture: { minorAmount: 600, currency: "USD" }, paymentAmount: { minorAmount: 1000, currency: "USD" } });
    sameCredential(s, m.http);
    assert.match(m.query, /^mutation CaptureTransaction\(/);
    assert.equal(m.variables.input.transactionId, "tx_77");
    assert.equal(m.variables.input.transaction.amount, (s.body.transaction as any).amount);
  });

  it("void(id) ↔ voidTransaction (not reverseTransaction)", async () => {
    const s = await sdk(() => gateway.transaction.void("tx_78"));
    assert.equal(s.path, `/merchants/${MERCHANT_ID}/transactions/tx_78/void`);
    const m = await ours("void", { connectorTransactionId: "tx_78" });
    sameCredential(s, m.http);
    assert.match(m.query, /^mutation VoidTransaction\(/);
    assert.deepEqual(m.variables, { input: { transactionId: "tx_78" } });
  });

  it("refund(id, {amount, orderId}) ↔ refundTransaction (partial)", async () => {
    const s = await sdk(() => gateway.transaction.refund("tx_79", { amount: "3.00", orderId: "rf-79" }));
    assert.equal(s.method, "POST");
    assert.equal(s.path, `/merchants/${MERCHANT_ID}/transactions/tx_79/refund`);
    const t = s.body.transaction as Record<string, any>;
    const m = await ours("refund", { connectorTransactionId: "tx_79", merchantRefundId: "rf-79", refundAmount: { minorAmount: 300, currency: "USD" } });
    sameCredential(s, m.http);
    assert.match(m.query, /^mutation RefundTransaction\(/);
    assert.equal(m.variables.input.transactionId, "tx_79");
    assert.equal(m.variables.input.refund.amount, t.amount);
    assert.equal(m.variables.input.refund.orderId, t.order_id);
  });

  it("paymentMethod.create (vault, verified) ↔ vaultPaymentMethod", async () => {
    const s = await sdk(() =>
      gateway.paymentMethod.create({ customerId: "cust_1", paymentMethodNonce: "fake-valid-nonce", options: { verifyCard: true, verificationMerchantAccountId: "acme" } } as never),
    );
    assert.equal(s.path, `/merchants/${MERCHANT_ID}/payment_methods`);
    const pm = s.body.payment_method as Record<string, any>;
    const m = await ours(
      "setupMandate",
      { merchantTransactionId: "m-1", amount: { minorAmount: 0, currency: "USD" }, paymentMethod: { type: "token", token: { value: "fake-valid-nonce" } }, customer: { connectorCustomerId: "cust_1" } },
      "acme",
    );
    sameCredential(s, m.http);
    assert.match(m.query, /^mutation VaultPaymentMethod\(/);
    assert.equal(m.variables.input.paymentMethodId, pm.payment_method_nonce);
    assert.equal(m.variables.input.customerId, pm.customer_id);
    assert.equal(m.variables.input.verification.merchantAccountId, pm.options.verification_merchant_account_id);
  });

  // Issue 12: the client token and the dispute calls. The SDK addresses a dispute by the id it is
  // given (its server gateway's path), the sidecar by the GraphQL input: the same id either way.
  it("clientToken.generate ↔ createClientToken (customer and merchant account)", async () => {
    const s = await sdk(() => gateway.clientToken.generate({ customerId: "cust_1", merchantAccountId: "acme" }));
    assert.equal(s.method, "POST");
    assert.equal(s.path, `/merchants/${MERCHANT_ID}/client_token`);
    const t = s.body.client_token as Record<string, any>;
    const m = await ours("createSession", { merchantTransactionId: "o-1", amount: { minorAmount: 1000, currency: "USD" }, customer: { connectorCustomerId: "cust_1" } }, "acme");
    sameCredential(s, m.http);
    assert.match(m.query, /^mutation CreateClientToken\(\$input: CreateClientTokenInput\) \{ createClientToken\(input: \$input\)/);
    assert.deepEqual(m.variables.input.clientToken, { merchantAccountId: t.merchant_account_id, customerId: t.customer_id });
  });

  for (const [method, flow, mutation] of [["accept", "acceptDispute", "acceptDispute"], ["finalize", "defendDispute", "finalizeDispute"]] as const) {
    it(`dispute.${method} ↔ ${mutation}`, async () => {
      const s = await sdk(() => (gateway.dispute as any)[method]("dsp_1"));
      assert.equal(s.method, "PUT");
      assert.equal(s.path, `/merchants/${MERCHANT_ID}/disputes/dsp_1/${method}`);
      const m = await ours(flow, { connectorDisputeId: "dsp_1" });
      sameCredential(s, m.http);
      assert.ok(m.query.includes(`${mutation}(input: $input)`));
      assert.equal(m.variables.input.disputeId, "dsp_1");
    });
  }

  it("dispute.addTextEvidence (content, category) ↔ createDisputeTextEvidence", async () => {
    const s = await sdk(() => gateway.dispute.addTextEvidence("dsp_1", { content: "1Z999AA10123456784", category: "TRACKING_NUMBER" }));
    assert.equal(s.method, "POST");
    assert.equal(s.path, `/merchants/${MERCHANT_ID}/disputes/dsp_1/evidence`);
    const e = s.body.evidence as Record<string, any>;
    const m = await ours("submitDisputeEvidence", { connectorDisputeId: "dsp_1", submit: false, evidence: [{ type: "shippingTrackingNumber", text: "1Z999AA10123456784" }] });
    sameCredential(s, m.http);
    assert.deepEqual(m.variables.e0, { disputeId: "dsp_1", category: e.category, content: e.comments });
  });

  it("dispute.find ↔ node(id) on a Dispute", async () => {
    const s = await sdk(() => gateway.dispute.find("dsp_1"));
    assert.equal(s.method, "GET");
    assert.equal(s.path, `/merchants/${MERCHANT_ID}/disputes/dsp_1`);
    const m = await ours("dsync", { connectorDisputeId: "dsp_1" });
    sameCredential(s, m.http);
    assert.match(m.query, /node\(id: \$id\) \{ \.\.\. on Dispute/);
    assert.equal(m.variables.id, "dsp_1");
  });

  it("customer.create ↔ createCustomer (name, email, phone)", async () => {
    const s = await sdk(() => gateway.customer.create({ firstName: "Ada Lovelace", email: "ada@example.com", phone: "+44 20 7946 0000" }));
    assert.equal(s.method, "POST");
    assert.equal(s.path, `/merchants/${MERCHANT_ID}/customers`);
    const c = s.body.customer as Record<string, any>;
    const m = await ours("createCustomer", { customer: { name: "Ada Lovelace", email: "ada@example.com", phone: "+44 20 7946 0000" } });
    sameCredential(s, m.http);
    assert.match(m.query, /^mutation CreateCustomer\(\$input: CreateCustomerInput\) \{ createCustomer\(input: \$input\)/);
    assert.deepEqual(
      { firstName: c.first_name, email: c.email, phoneNumber: c.phone },
      m.variables.input.customer,
      "the same values, under GraphQL's CustomerInput names",
    );
  });
});

/** The GraphQL global id Braintree forms from a legacy id (see webhooks.rs). */
const globalId = (kind: string, legacyId: string) => Buffer.from(`${kind}_${legacyId}`).toString("base64").replace(/=+$/, "");

describe("braintree: webhooks against the official SDK's signed sample notifications", function () {
  const KEYS = { publicKey: "pub_hook_oracle", privateKey: "priv_hook_oracle_secret" };
  const gateway = new braintree.BraintreeGateway({ environment: braintree.Environment.Sandbox, merchantId: "merchant_hooks", ...KEYS });
  const Kind = braintree.WebhookNotification.Kind;
  let pool: SidecarPool;

  before(async () => {
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
  });
  after(async () => {
    await pool?.close();
  });

  /** The form Braintree posts, from the SDK's bt_signature / bt_payload. */
  const form = (n: { bt_signature: string; bt_payload: string }) => new URLSearchParams({ bt_signature: n.bt_signature, bt_payload: n.bt_payload }).toString();

  const parse = (body: string, secret = KEYS.privateKey): Promise<WebhookResult> =>
    pool.call("parseWebhook", {
      connector: "braintree",
      headers: [{ name: "Content-Type", value: "application/x-www-form-urlencoded" }],
      body,
      secret,
    });

  async function both(kind: string, id: string) {
    const n = gateway.webhookTesting.sampleNotification(kind, id) as { bt_signature: string; bt_payload: string };
    const sdkReading = await gateway.webhookNotification.parse(n.bt_signature, n.bt_payload);
    const ours = await parse(form(n));
    assert.equal(ours.verified, true, ours.reason);
    assert.equal(ours.acknowledgement.status, 200);
    assert.equal(ours.events.length, 1);
    assert.equal(sdkReading.kind, kind);
    assert.equal(ours.events[0]!.eventType, kind);
    assert.ok(ours.events[0]!.occurredAt, "the notification's timestamp");
    return { n, sdk: sdkReading as Record<string, any>, event: ours.events[0]! };
  }

  it("transaction_settled: a charged payment, with the SDK's transaction id (as a GraphQL id) and amount", async () => {
    const { sdk, event } = await both(Kind.TransactionSettled, "settled_tx_1");
    assert.equal(sdk.transaction.status, "settled");
    assert.equal(event.kind, "payment");
    assert.equal(event.paymentStatus, "charged");
    assert.equal(event.connectorTransactionId, globalId("transaction", sdk.transaction.id));
    assert.equal(sdk.transaction.currencyIsoCode, "USD");
    assert.deepEqual(event.amount, { minorAmount: Math.round(Number(sdk.transaction.amount) * 100), currency: sdk.transaction.currencyIsoCode });
  });

  it("transaction_settlement_declined: capture_failed with the reason", async () => {
    const { sdk, event } = await both(Kind.TransactionSettlementDeclined, "declined_tx_1");
    assert.equal(sdk.transaction.status, "settlement_declined");
    assert.equal(event.kind, "payment");
    assert.equal(event.paymentStatus, "capture_failed");
    assert.equal(event.connectorTransactionId, globalId("transaction", sdk.transaction.id));
    assert.equal(event.error?.connectorCode, "SETTLEMENT_DECLINED");
  });

  it("refund_failed: a failed refund under its GraphQL id, the card number in the sample never echoed", async () => {
    const { sdk, event } = await both(Kind.RefundFailed, "refund_1");
    assert.equal(event.kind, "refund");
    assert.equal(event.refundStatus, "failure");
    assert.equal(event.connectorRefundId, globalId("refund", sdk.transaction.id));
    assert.ok(event.error);
    const digits: string = sdk.transaction.creditCard.number;
    assert.match(digits, /^\d{16}$/, "the sample carries card digits");
    assert.ok(!JSON.stringify(event).includes(digits), "no card number");
  });

  for (const kind of ["DisputeOpened", "DisputeLost", "DisputeWon", "DisputeAccepted", "DisputeAutoAccepted", "DisputeExpired", "DisputeUnderReview", "DisputeDisputed"]) {
    it(`${Kind[kind]}: a dispute event naming the disputed transaction and amount`, async () => {
      const { sdk, event } = await both(Kind[kind], "dispute_tx_1");
      assert.equal(event.kind, "dispute");
      assert.equal(event.connectorTransactionId, globalId("transaction", sdk.dispute.transaction.id));
      assert.deepEqual(event.amount, { minorAmount: Math.round(Number(sdk.dispute.amountDisputed) * 100), currency: sdk.dispute.currencyIsoCode });
      assert.equal(event.paymentStatus, undefined, "a dispute is not a payment status");
      // Issue 12: the dispute itself, as dsync and acceptDispute take it, and what the SDK reads of it.
      assert.equal(event.connectorDisputeId, globalId("dispute", sdk.dispute.id));
      const unified: Record<string, string> = {
        open: "needs_response", disputed: "challenged", under_review: "under_review", won: "won", lost: "lost",
        accepted: "accepted", auto_accepted: "accepted", expired: "expired",
      };
      assert.equal(event.disputeStatus, unified[sdk.dispute.status], `${sdk.dispute.status}`);
      assert.equal(event.reasonCode, sdk.dispute.reasonCode ?? sdk.dispute.reason);
      assert.equal(event.dueBy, `${sdk.dispute.replyByDate}T00:00:00Z`, "the start of the SDK's reply-by date");
    });
  }

  for (const kind of ["Check", "TransactionDisbursed", "SubscriptionChargedSuccessfully", "SubscriptionWentPastDue", "Disbursement", "LocalPaymentCompleted"]) {
    it(`${Kind[kind]}: verified and acknowledged as an \`other\` event`, async () => {
      const { event } = await both(Kind[kind], "other_1");
      assert.equal(event.kind, "other");
      assert.equal(event.paymentStatus, undefined);
      assert.equal(event.refundStatus, undefined);
    });
  }

  it("refused: another private key, an altered payload, a signature of another key pair only, a missing field", async () => {
    const n = gateway.webhookTesting.sampleNotification(Kind.TransactionSettled, "tampered_1") as { bt_signature: string; bt_payload: string };
    const results: Array<[string, WebhookResult]> = [];
    results.push(["wrong key", await parse(form(n), "priv_someone_else")]);
    const xml = Buffer.from(n.bt_payload, "base64").toString("utf8").replace("<amount>100</amount>", "<amount>1</amount>");
    assert.notEqual(Buffer.from(xml).toString("base64") + "\n", n.bt_payload, "the payload really changed");
    results.push(["altered payload", await parse(form({ ...n, bt_payload: Buffer.from(xml).toString("base64") + "\n" }))]);
    const other = new braintree.BraintreeGateway({ environment: braintree.Environment.Sandbox, merchantId: "m", publicKey: "pub_other", privateKey: "priv_other" });
    results.push(["other key pair", await parse(form(other.webhookTesting.sampleNotification(Kind.TransactionSettled, "x")))]);
    results.push(["no bt_signature", await parse(new URLSearchParams({ bt_payload: n.bt_payload }).toString())]);
    for (const [what, r] of results) {
      assert.equal(r.verified, false, what);
      assert.deepEqual(r.events, [], what);
      assert.equal(r.acknowledgement.status, 401, what);
      assert.ok(!r.reason!.includes(KEYS.privateKey) && !r.reason!.includes(n.bt_signature.split("|")[1]!), what);
    }
    // The SDK agrees the first two are not Braintree's.
    const wrong = new braintree.BraintreeGateway({ environment: braintree.Environment.Sandbox, merchantId: "m", publicKey: KEYS.publicKey, privateKey: "priv_someone_else" });
    await assert.rejects(wrong.webhookNotification.parse(n.bt_signature, n.bt_payload));
    await assert.rejects(gateway.webhookNotification.parse(n.bt_signature, Buffer.from(xml).toString("base64") + "\n"));
  });
});

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
// customer.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";

import braintree from "braintree";

import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, TransformRequestParams } from "../../protocol/index.js";

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
});

// Mercado Pago's official Node SDK (npm `mercadopago` 3.6.1, MIT) as a differential oracle: for
// the same call, the request the SDK puts on the wire (method, URL, Authorization, the
// X-Idempotency-Key it was given, the JSON body) and the one the sidecar builds, compared field by field.
//
// How the SDK's request is captured: the SDK calls the global `fetch` with its own base URL
// (https://api.mercadopago.com); the test swaps `globalThis.fetch` for a recorder that answers like
// Mercado Pago (a Payment or a Refund), so the SDK's own code builds the request and nothing
// leaves the machine. The SDK calls are written as a developer using the SDK would write them.
import assert from "node:assert/strict";

import { Chargeback, MercadoPagoConfig, Payment, PaymentRefund } from "mercadopago";

import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, TransformRequestParams } from "../../protocol/index.js";

const ACCESS_TOKEN = "TEST-0000000000000000-000000-sdkoracle000000000000000000000-000000000";
const AUTH = { accessToken: ACCESS_TOKEN };
const CARD_TOKEN = "ff8080814c11e237014c1ff593b57b4d";

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Runs `fn` with `fetch` recorded; the SDK gets `answer` back. */
async function capture(answer: unknown, fn: () => Promise<unknown>): Promise<Sent> {
  const sent: Sent[] = [];
  const real = globalThis.fetch;
  globalThis.fetch = (async (input: any, init: any = {}) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(new Headers(init.headers ?? {}))) headers[k.toLowerCase()] = String(v);
    new Headers(init.headers ?? {}).forEach((v, k) => (headers[k.toLowerCase()] = v));
    sent.push({ method: init.method ?? "GET", url: String(input), headers, body: init.body ? JSON.parse(String(init.body)) : null });
    return new Response(JSON.stringify(answer), { status: 200, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  try {
    await fn();
  } finally {
    globalThis.fetch = real;
  }
  assert.equal(sent.length, 1, "the SDK sent one request");
  return sent[0]!;
}

describe("Mercado Pago's Node SDK (npm mercadopago) builds the same requests", function () {
  let pool: SidecarPool;
  const client = new MercadoPagoConfig({ accessToken: ACCESS_TOKEN });
  const payment = new Payment(client);
  const refunds = new PaymentRefund(client);
  const PAYMENT = { id: 1234567890, status: "approved", status_detail: "accredited", transaction_amount: 100.5, currency_id: "BRL" };

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
  });
  after(() => pool?.close());

  async function ours(flow: string, request: Record<string, unknown>): Promise<HttpRequest> {
    const params = { connector: "mercadopago", flow, auth: AUTH, request } as TransformRequestParams;
    return (await pool.transformRequest(params)) as HttpRequest;
  }

  function same(theirs: Sent, mine: HttpRequest) {
    assert.equal(mine.method, theirs.method);
    assert.equal(mine.url, theirs.url);
    const header = (n: string) => mine.headers.find((h) => h.name.toLowerCase() === n)?.value;
    assert.equal(header("authorization"), theirs.headers["authorization"]);
    if (theirs.headers["x-idempotency-key"] !== undefined) assert.equal(header("x-idempotency-key"), theirs.headers["x-idempotency-key"]);
    assert.deepEqual(mine.body ? JSON.parse(mine.body.data) : null, theirs.body);
  }

  it("create: a card token authorized without capture", async () => {
    const key = "5c8f8b6e-6a7c-4a21-9d3e-2f7b2a0c1d11";
    const theirs = await capture(PAYMENT, () =>
      payment.create({
        body: {
          transaction_amount: 100.5,
          token: CARD_TOKEN,
          installments: 1,
          payment_method_id: "visa",
          payer: { email: "jane@example.com", first_name: "Jane", last_name: "Doe" },
          capture: false,
          external_reference: "order_1001",
          description: "Blue shirt",
        },
        requestOptions: { idempotencyKey: key },
      }),
    );
    const mine = await ours("authorize", {
      merchantTransactionId: "order_1001",
      amount: { minorAmount: 10050, currency: "BRL" },
      paymentMethod: { type: "token", token: { value: CARD_TOKEN, kind: "visa" } },
      captureMethod: "manual",
      customer: { email: "jane@example.com", name: "Jane Doe" },
      description: "Blue shirt",
      idempotencyKey: key,
    });
    same(theirs, mine);
  });

  it("create: Pix with the payer's CPF", async () => {
    const key = "pix-key-1";
    const theirs = await capture(PAYMENT, () =>
      payment.create({
        body: {
          transaction_amount: 100,
          payment_method_id: "pix",
          payer: { email: "jane@example.com", first_name: "Jane", last_name: "Doe", identification: { type: "CPF", number: "19119119100" } },
          external_reference: "order_1002",
        },
        requestOptions: { idempotencyKey: key },
      }),
    );
    const mine = await ours("authorize", {
      merchantTransactionId: "order_1002",
      amount: { minorAmount: 10000, currency: "BRL" },
      paymentMethod: { type: "voucher", voucher: { method: "pix", taxId: "191.191.191-00" } },
      customer: { email: "jane@example.com", name: "Jane Doe" },
      idempotencyKey: key,
    });
    same(theirs, mine);
  });

  it("capture (partial), cancel and get", async () => {
    const cap = await capture(PAYMENT, () => payment.capture({ id: "1234567890", transaction_amount: 60, requestOptions: { idempotencyKey: "cap-1" } }));
    same(cap, await ours("capture", { connectorTransactionId: "1234567890", amountToCapture: { minorAmount: 6000, currency: "BRL" }, idempotencyKey: "cap-1" }));
    const cancel = await capture(PAYMENT, () => payment.cancel({ id: "1234567890", requestOptions: { idempotencyKey: "void-1" } }));
    same(cancel, await ours("void", { connectorTransactionId: "1234567890", idempotencyKey: "void-1" }));
    const get = await capture(PAYMENT, () => payment.get({ id: "1234567890" }));
    same(get, await ours("psync", { connectorTransactionId: "1234567890" }));
  });

  it("dsync is the SDK's chargeback.get", async () => {
    const CHARGEBACK = { id: "234000062890459000", payments: [86439942806], currency: "ARS", amount: 1000.5, documentation_status: "pending", coverage_applied: null };
    const theirs = await capture(CHARGEBACK, () => new Chargeback(client).get({ id: "234000062890459000" }));
    same(theirs, await ours("dsync", { connectorDisputeId: "234000062890459000" }));
  });

  it("refund (partial) and refund get", async () => {
    const REFUND = { id: 1009042015, payment_id: 1234567890, amount: 20, status: "approved" };
    const create = await capture(REFUND, () =>
      refunds.create({ payment_id: "1234567890", body: { amount: 20.5 }, requestOptions: { idempotencyKey: "refund-1" } }),
    );
    same(
      create,
      await ours("refund", { connectorTransactionId: "1234567890", merchantRefundId: "r1", refundAmount: { minorAmount: 2050, currency: "BRL" }, idempotencyKey: "refund-1" }),
    );
    const get = await capture(REFUND, () => refunds.get({ payment_id: "1234567890", refund_id: "1009042015" }));
    same(get, await ours("rsync", { connectorTransactionId: "1234567890", connectorRefundId: "1009042015" }));
  });
});

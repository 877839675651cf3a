// payer.identification against Mercado Pago's official Node SDK (npm `mercadopago` 3.6.1, MIT):
// the CPF, the CNPJ and a non-Brazilian document (Argentina's DNI, Colombia's CC) as the SDK puts
// them on the wire and as the sidecar does, both captured by the same loopback HTTP server.
//
// How: the SDK calls the global `fetch` with its fixed base URL (https://api.mercadopago.com);
// during each SDK call `fetch` is wrapped to send the very same request (method, headers, body
// bytes) to the loopback server instead. The sidecar's request goes to the same server through
// the client's own executor (fetchExecutor), with options.baseUrl pointing at it. The server
// records what arrived; the two recordings are compared: method, path, Authorization,
// X-Idempotency-Key and the JSON body, payer.identification included. Nothing leaves the machine.
// The SDK calls are written as a developer using the SDK would write them, from its types.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { MercadoPagoConfig, Payment } from "mercadopago";

import { fetchExecutor } from "../../client/http.js";
import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest, TransformRequestParams } from "../../protocol/index.js";

const ACCESS_TOKEN = "TEST-0000000000000000-000000-sdkoracle000000000000000000000-000000000";
const AUTH = { accessToken: ACCESS_TOKEN };
// A Card Token API token's shape (32 hex), for the sidecar's `token` payment method.
const CARD_TOKEN = ["ff8080814c11e237", "014c1ff593b57b4d"].join("");
const ANSWER = { id: 1234567890, status: "approved", status_detail: "accredited", transaction_amount: 100, currency_id: "BRL" };

interface Arrived {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

describe("Mercado Pago's Node SDK and the sidecar put the same payer.identification on the wire", function () {
  this.timeout(30_000);
  let pool: SidecarPool;
  let server: Server;
  let base = "";
  const arrived: Arrived[] = [];
  const sdk = new Payment(new MercadoPagoConfig({ accessToken: ACCESS_TOKEN }));

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
        arrived.push({ method: req.method ?? "", path: req.url ?? "", headers, body: Buffer.concat(chunks).toString("utf8") });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(ANSWER));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => {
    await pool?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  /** What the SDK sent, as the loopback server received it. */
  async function theirs(fn: () => Promise<unknown>): Promise<Arrived> {
    const before = arrived.length;
    const real = globalThis.fetch;
    globalThis.fetch = ((input: any, init?: any) => {
      const url = String(input);
      assert.ok(url.startsWith("https://api.mercadopago.com/"), url);
      return real(base + url.slice("https://api.mercadopago.com".length), init);
    }) as typeof fetch;
    try {
      await fn();
    } finally {
      globalThis.fetch = real;
    }
    assert.equal(arrived.length, before + 1, "the SDK sent one request");
    return arrived[arrived.length - 1]!;
  }

  /** What the sidecar's request was, as the loopback server received it. */
  async function ours(request: Record<string, unknown>): Promise<Arrived> {
    const before = arrived.length;
    const params = { connector: "mercadopago", flow: "authorize", auth: AUTH, request, options: { baseUrl: base } } as unknown as TransformRequestParams;
    const http = (await pool.transformRequest(params)) as HttpRequest;
    await fetchExecutor(http, { signal: AbortSignal.timeout(10_000) });
    assert.equal(arrived.length, before + 1, "the sidecar's request arrived");
    return arrived[arrived.length - 1]!;
  }

  function same(t: Arrived, o: Arrived, identification: { type: string; number: string }) {
    assert.equal(o.method, t.method);
    assert.equal(o.path, t.path);
    assert.equal(o.headers["authorization"], t.headers["authorization"]);
    assert.equal(o.headers["x-idempotency-key"], t.headers["x-idempotency-key"]);
    const [tb, ob] = [JSON.parse(t.body), JSON.parse(o.body)];
    // The point of this oracle, checked on its own first, then the whole body.
    assert.deepEqual(tb.payer?.identification, identification, "the SDK's identification");
    assert.deepEqual(ob.payer?.identification, tb.payer.identification);
    assert.deepEqual(ob, tb);
  }

  it("a CPF given with its punctuation and type: type CPF, 11 digits", async () => {
    const t = await theirs(() =>
      sdk.create({
        body: {
          transaction_amount: 100,
          token: CARD_TOKEN,
          installments: 1,
          payment_method_id: "master",
          payer: { email: "jane@example.com", first_name: "Jane", last_name: "Doe", identification: { type: "CPF", number: "19119119100" } },
          external_reference: "order_id_cpf",
        },
        requestOptions: { idempotencyKey: "idem-cpf" },
      }),
    );
    const o = await ours({
      merchantTransactionId: "order_id_cpf",
      amount: { minorAmount: 10000, currency: "BRL" },
      paymentMethod: { type: "token", token: { value: CARD_TOKEN, kind: "master" } },
      customer: { email: "jane@example.com", name: "Jane Doe", document: { type: "CPF", number: "191.191.191-00" } },
      idempotencyKey: "idem-cpf",
    });
    same(t, o, { type: "CPF", number: "19119119100" });
  });

  it("a CNPJ given without its type: told by its 14 digits", async () => {
    const t = await theirs(() =>
      sdk.create({
        body: {
          transaction_amount: 250.75,
          payment_method_id: "pix",
          payer: { email: "finance@example.com.br", first_name: "Loja", last_name: "Exemplo", identification: { type: "CNPJ", number: "11222333000181" } },
          external_reference: "order_id_cnpj",
        },
        requestOptions: { idempotencyKey: "idem-cnpj" },
      }),
    );
    const o = await ours({
      merchantTransactionId: "order_id_cnpj",
      amount: { minorAmount: 25075, currency: "BRL" },
      paymentMethod: { type: "voucher", voucher: { method: "pix" } },
      customer: { email: "finance@example.com.br", name: "Loja Exemplo", document: { number: "11.222.333/0001-81" } },
      idempotencyKey: "idem-cnpj",
    });
    same(t, o, { type: "CNPJ", number: "11222333000181" });
  });

  it("Argentina's DNI and Colombia's CC: the type as Mercado Pago lists it, the number without its punctuation", async () => {
    const t = await theirs(() =>
      sdk.create({
        body: {
          transaction_amount: 1500,
          token: CARD_TOKEN,
          installments: 1,
          payment_method_id: "visa",
          payer: { email: "juan@example.com.ar", first_name: "Juan", last_name: "Pérez", identification: { type: "DNI", number: "12345678" } },
          external_reference: "order_id_dni",
        },
        requestOptions: { idempotencyKey: "idem-dni" },
      }),
    );
    const o = await ours({
      merchantTransactionId: "order_id_dni",
      amount: { minorAmount: 150000, currency: "ARS" },
      paymentMethod: { type: "token", token: { value: CARD_TOKEN, kind: "visa" } },
      customer: { email: "juan@example.com.ar", name: "Juan Pérez", document: { type: "DNI", number: "12.345.678" } },
      idempotencyKey: "idem-dni",
    });
    same(t, o, { type: "DNI", number: "12345678" });

    const tc = await theirs(() =>
      sdk.create({
        body: {
          transaction_amount: 50000,
          token: CARD_TOKEN,
          installments: 1,
          payment_method_id: "visa",
          payer: { email: "ana@example.com.co", first_name: "Ana", last_name: "Gómez", identification: { type: "CC", number: "1020304050" } },
          external_reference: "order_id_cc",
        },
        requestOptions: { idempotencyKey: "idem-cc" },
      }),
    );
    const oc = await ours({
      merchantTransactionId: "order_id_cc",
      amount: { minorAmount: 5000000, currency: "COP" },
      paymentMethod: { type: "token", token: { value: CARD_TOKEN, kind: "visa" } },
      customer: { email: "ana@example.com.co", name: "Ana Gómez", document: { type: "CC", number: "1020304050" } },
      idempotencyKey: "idem-cc",
    });
    same(tc, oc, { type: "CC", number: "1020304050" });
  });
});

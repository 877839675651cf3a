/**
 * PhonePe publishes no OpenAPI spec and no official Node SDK is installed, so the request shapes
 * are cross-checked here against PhonePe's documented algorithm, recomputed with node:crypto:
 *
 * - every PhonePe request (the shared vectors, plus a generated matrix through the real binary):
 *   `X-VERIFY = sha256hex(base64 payload + API path + saltKey) + "###" + saltIndex` for POSTs,
 *   `sha256hex(API path + saltKey) + "###" + saltIndex` for the status GET, where the API path is
 *   the URL path after the environment's base (/apis/pg-sandbox, /apis/hermes); the decoded
 *   payload carries exactly the unified request's ids and amount (paise = INR minor units);
 * - every PhonePe webhook vector: whether `X-VERIFY = sha256hex(response + saltKey) + "###" +
 *   saltIndex` holds, computed here, must equal the sidecar's `verified`.
 */
import assert from "node:assert/strict";
import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest } from "../../protocol/index.js";
import { headerOf, loadVectors, type Vector } from "./helpers.js";
import { sha256Hex } from "../support/helpers.js";

const BASES = ["https://api-preprod.phonepe.com/apis/pg-sandbox", "https://api.phonepe.com/apis/hermes"];

interface Auth {
  merchantId: string;
  saltKey: string;
  saltIndex: string | number;
}

/** The API path PhonePe signs: the URL after the environment's base (or after `options.baseUrl`). */
function apiPath(url: string, baseUrl?: string): string {
  const base = baseUrl?.replace(/\/+$/, "") ?? BASES.find((b) => url.startsWith(b));
  assert.ok(base && url.startsWith(base), `${url} is on a PhonePe host`);
  return url.slice(base.length);
}

/** Checks one request against PhonePe's algorithm and the unified request it came from. */
function checkRequest(flow: string, auth: Auth, request: Record<string, any>, http: HttpRequest, baseUrl?: string): void {
  const path = apiPath(http.url, baseUrl);
  const xVerify = headerOf(http, "X-VERIFY");
  const index = String(auth.saltIndex);
  if (flow === "psync" || flow === "rsync") {
    const id = flow === "psync" ? request.connectorTransactionId : request.connectorRefundId;
    assert.equal(http.method, "GET");
    assert.equal(path, `/pg/v1/status/${auth.merchantId}/${id}`);
    assert.equal(http.body, null);
    assert.equal(xVerify, `${sha256Hex(path + auth.saltKey)}###${index}`);
    assert.equal(headerOf(http, "X-MERCHANT-ID"), auth.merchantId);
    return;
  }
  assert.equal(http.method, "POST");
  assert.equal(path, flow === "refund" ? "/pg/v1/refund" : "/pg/v1/pay");
  assert.equal(headerOf(http, "Content-Type"), "application/json");
  const outer = JSON.parse(http.body!.data) as { request: string };
  assert.deepEqual(Object.keys(outer), ["request"]);
  assert.equal(xVerify, `${sha256Hex(outer.request + path + auth.saltKey)}###${index}`);
  const payload = JSON.parse(Buffer.from(outer.request, "base64").toString("utf8")) as Record<string, unknown>;
  assert.equal(payload.merchantId, auth.merchantId);
  if (flow === "refund") {
    assert.deepEqual(Object.keys(payload).sort(), ["amount", "merchantId", "merchantTransactionId", "originalTransactionId", ...(request.webhookUrl ? ["callbackUrl"] : [])].sort());
    assert.equal(payload.originalTransactionId, request.connectorTransactionId);
    assert.equal(payload.merchantTransactionId, request.merchantRefundId);
    assert.equal(request.refundAmount.currency, "INR");
    assert.equal(payload.amount, request.refundAmount.minorAmount);
    if (request.webhookUrl) assert.equal(payload.callbackUrl, request.webhookUrl);
  } else {
    assert.equal(payload.merchantTransactionId, request.merchantTransactionId);
    assert.equal(request.amount.currency, "INR");
    assert.equal(payload.amount, request.amount.minorAmount);
    assert.equal(payload.callbackUrl, request.webhookUrl);
    const instrument = payload.paymentInstrument as Record<string, unknown>;
    const pm = request.paymentMethod;
    assert.equal(instrument.type, pm.type === "upiCollect" ? "UPI_COLLECT" : "UPI_INTENT");
    if (pm.type === "upiCollect") assert.equal(instrument.vpa, pm.upi.vpa);
  }
}

describe("PhonePe requests and callbacks against PhonePe's documented checksum algorithm (node:crypto)", function () {
  const vectors = loadVectors("phonepe");

  it("finds PhonePe vectors for every implemented flow and webhooks", function () {
    const flows = new Set(vectors.map((v) => v.flow));
    for (const f of ["authorize", "psync", "refund", "rsync", "webhook"]) assert.ok(flows.has(f), `vectors for ${f}`);
  });

  describe("shared vectors", function () {
    const requests = vectors.filter((v) => v.method === "transformRequest" && v.result !== undefined);
    for (const v of requests) {
      it(v.file, function () {
        const p = v.params as { flow: string; auth: Auth; request: Record<string, any>; options?: { baseUrl?: string } };
        checkRequest(p.flow, p.auth, p.request, v.result as HttpRequest, p.options?.baseUrl);
      });
    }

    const webhooks = vectors.filter((v: Vector) => v.method === "parseWebhook" && v.result !== undefined);
    for (const v of webhooks) {
      it(v.file, function () {
        const p = v.params as { headers: { name: string; value: string }[]; body: string; encoding?: string; secret: string };
        const raw = p.encoding === "base64" ? Buffer.from(p.body, "base64").toString("utf8") : p.body;
        let holds = false;
        try {
          const { response } = JSON.parse(raw) as { response: unknown };
          const [checksum, index] = (headerOf(p, "X-VERIFY") ?? "").split("###");
          holds = typeof response === "string" && /^\d+$/.test(index ?? "") && checksum?.toLowerCase() === sha256Hex(response + p.secret);
        } catch {
          holds = false;
        }
        const result = v.result as { verified: boolean; events: unknown[] };
        assert.equal(result.verified, holds, `${v.file}: the checksum ${holds ? "holds" : "does not hold"} by PhonePe's algorithm`);
        assert.equal(result.events.length > 0, holds);
      });
    }
  });

  describe("generated requests through the binary", function () {
    let pool: SidecarPool;
    before(async () => {
      pool = await SidecarPool.start({ size: 1, validate: true, onLog: () => {} });
    });
    after(async () => {
      await pool?.close();
    });

    const auths: Auth[] = [
      { merchantId: "PGTESTPAYUAT", saltKey: "099eb0cd-02cf-4e2a-8aca-3e6c6aff0399", saltIndex: "1" },
      { merchantId: "M22_live-Merchant", saltKey: "a-very/odd+salt=key with spaces", saltIndex: "7" },
    ];
    const amounts = [100, 101, 9999, 123456789, 9_007_199_254_740_991];
    const envs: { environment?: string; baseUrl?: string }[] = [{}, { environment: "production" }, { baseUrl: "http://127.0.0.1:9/phonepe/" }];

    it("authorize, psync, refund and rsync: every checksum and payload as PhonePe documents", async function () {
      let checked = 0;
      for (const auth of auths) {
        for (const [i, minor] of amounts.entries()) {
          for (const options of envs) {
            const mtid = `MT_${i}-${minor}`.slice(0, 34);
            const requests: [string, Record<string, unknown>][] = [
              [
                "authorize",
                {
                  merchantTransactionId: mtid,
                  amount: { minorAmount: minor, currency: "INR" },
                  paymentMethod: i % 2 ? { type: "upiIntent" } : { type: "upiCollect", upi: { vpa: `payer.${i}@ybl` } },
                  webhookUrl: `https://shop.example/cb/${i}?q=1&r=ü`,
                },
              ],
              ["psync", { connectorTransactionId: mtid }],
              [
                "refund",
                {
                  connectorTransactionId: mtid,
                  merchantRefundId: `${mtid}R`.slice(-34),
                  refundAmount: { minorAmount: minor, currency: "INR" },
                  ...(i % 2 ? {} : { webhookUrl: `https://shop.example/refunds/${i}` }),
                },
              ],
              ["rsync", { connectorTransactionId: mtid, connectorRefundId: `${mtid}R`.slice(-34) }],
            ];
            for (const [flow, request] of requests) {
              const http = await pool.transformRequest({ connector: "phonepe", flow, auth, request, options } as never);
              checkRequest(flow, auth, request, http, options.baseUrl);
              checked++;
            }
          }
        }
      }
      assert.equal(checked, auths.length * amounts.length * envs.length * 4);
    });
  });
});

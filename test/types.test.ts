/**
 * Types that catch mistakes (issue 13 item 5). The checks are compile-time: `npm run typecheck`
 * (tsc over test/) fails when a line marked `@ts-expect-error` compiles (the mistake got through)
 * or when a line without it does not (the types refuse what is right). Each mistake sits next to
 * its correct twin, so an expect-error cannot pass for some unrelated reason alone. The mocha part
 * checks what the types are generated from and that the typed pool answers per flow at run time.
 */
import assert from "node:assert/strict";
import { CONNECTOR_NAMES, CURRENCY_EXPONENTS, FLOW_RESULTS, type AuthOf, type ConnectorName, type CurrencyCode, type FlowResultOf, type Money, type TransformResponseParamsOf } from "../protocol/index.js";
import type { AccessTokenResult, CustomerResult, PaymentResult, RefundResult, WebhookVerificationResult } from "../protocol/index.js";
import { SidecarPool } from "../client/pool.js";
import { PaymentsClient, type FlowCall } from "../client/flows.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { VECTORS_DIR } from "./support/helpers.js";
import { CONNECTORS_FILE, CURRENCIES_FILE, currentConnectors, readIsoTable, renderConnectors, renderCurrencies } from "../scripts/gen-types.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(_: T) => undefined;

const response = { status: 200, body: "{}" };

/** Never called: it only has to compile, with exactly the errors marked. */
async function compileOnly(pool: SidecarPool, client: PaymentsClient): Promise<void> {
  // ---- connector names ----
  await pool.transformRequest({ connector: "stripe", flow: "psync", auth: { apiKey: "sk" }, request: { connectorTransactionId: "pi_1" } });
  // @ts-expect-error a misspelt connector
  await pool.transformRequest({ connector: "strype", flow: "psync", auth: { apiKey: "sk" }, request: { connectorTransactionId: "pi_1" } });
  await client.sync({ connector: "stripe", auth: { apiKey: "sk" }, request: { connectorTransactionId: "pi_1" } });
  // @ts-expect-error a misspelt connector through PaymentsClient
  await client.sync({ connector: "strype", auth: { apiKey: "sk" }, request: { connectorTransactionId: "pi_1" } });

  // ---- auth typed by the connector's authFields ----
  // @ts-expect-error Stripe's credential is apiKey, not apikey
  await client.sync({ connector: "stripe", auth: { apikey: "sk" }, request: { connectorTransactionId: "pi_1" } });
  // @ts-expect-error Adyen's merchantAccount is required
  await client.sync({ connector: "adyen", auth: { apiKey: "k" }, request: { connectorTransactionId: "p" } });
  // Adyen's liveEndpointPrefix is optional: with or without it.
  await client.sync({ connector: "adyen", auth: { apiKey: "k", merchantAccount: "M" }, request: { connectorTransactionId: "p" } });
  await client.sync({ connector: "adyen", auth: { apiKey: "k", merchantAccount: "M", liveEndpointPrefix: "x" }, request: { connectorTransactionId: "p" } });
  // @ts-expect-error another connector's credentials (PayPal's) under Stripe
  await client.sync({ connector: "stripe", auth: { clientId: "c", clientSecret: "s" }, request: { connectorTransactionId: "pi_1" } });
  const paypal: AuthOf<"paypal"> = { clientId: "c", clientSecret: "s" };
  const call: FlowCall = { connector: "paypal", auth: paypal };
  void call;

  // ---- currency codes ----
  const usd: Money = { minorAmount: 100, currency: "USD" };
  // @ts-expect-error not an ISO 4217 code
  const usdx: Money = { minorAmount: 100, currency: "USDX" };
  // @ts-expect-error codes are upper case
  const lower: Money = { minorAmount: 100, currency: "usd" };
  void [usd, usdx, lower];
  await client.authorize({
    connector: "stripe",
    auth: { apiKey: "sk" },
    // @ts-expect-error a currency that does not exist, in a request
    request: { merchantTransactionId: "o", amount: { minorAmount: 1, currency: "USDX" }, paymentMethod: { type: "token", token: { value: "t" } } },
  });

  // ---- per-flow results on the pool ----
  const capture = await pool.transformResponse({ connector: "stripe", flow: "capture", auth: { apiKey: "sk" }, request: { connectorTransactionId: "pi_1", amountToCapture: usd }, response });
  expectType<Equal<typeof capture, PaymentResult>>(true);
  const refund = await pool.transformResponse({ connector: "stripe", flow: "refund", auth: { apiKey: "sk" }, request: { connectorTransactionId: "pi_1", merchantRefundId: "r", refundAmount: usd }, response });
  expectType<Equal<typeof refund, RefundResult>>(true);
  // @ts-expect-error a refund's result has no payment status field
  void refund.connectorTransactionId;
  const customer = await pool.transformResponse({ connector: "stripe", flow: "createCustomer", auth: { apiKey: "sk" }, request: { customer: {} }, response });
  expectType<Equal<typeof customer, CustomerResult>>(true);
  const token = await pool.transformResponse({ connector: "paypal", flow: "createAccessToken", auth: paypal, request: {}, response });
  expectType<Equal<typeof token, AccessTokenResult>>(true);
  const verified = await pool.transformResponse({ connector: "paypal", flow: "verifyWebhook", auth: paypal, request: { headers: {}, body: "", webhookId: "W" }, response });
  expectType<Equal<typeof verified, WebhookVerificationResult>>(true);
  // @ts-expect-error a capture's request under the refund flow
  await pool.transformResponse({ connector: "stripe", flow: "refund", auth: { apiKey: "sk" }, request: { connectorTransactionId: "pi_1", amountToCapture: usd }, response });
}
void compileOnly;

describe("types that catch mistakes", function () {
  const STALE = "run `npm run gen:types` and commit protocol/*.generated.ts";

  it("protocol/connectors.generated.ts is what the sidecar's listConnectors renders, byte for byte", async function () {
    const connectors = await currentConnectors();
    assert.equal(readFileSync(CONNECTORS_FILE, "utf8"), renderConnectors(connectors), `connectors.generated.ts is stale: ${STALE}`);
    assert.deepEqual([...CONNECTOR_NAMES], connectors.map((c) => c.name));
    const name: ConnectorName = "stripe";
    assert.ok(CONNECTOR_NAMES.includes(name));
  });

  it("protocol/currencies.generated.ts is what the sidecar's ISO 4217 table renders, byte for byte", function () {
    assert.equal(readFileSync(CURRENCIES_FILE, "utf8"), renderCurrencies(), `currencies.generated.ts is stale: ${STALE}`);
    assert.equal(Object.keys(CURRENCY_EXPONENTS).length, readIsoTable().length);
  });

  it("the renderer marks optional credentials optional and keeps descriptions", function () {
    const out = renderConnectors([
      { name: "acme", displayName: "Acme */ Pay", authFields: [{ name: "key", required: true, description: "the key" }, { name: "region-id", required: false, description: "where" }] },
    ]);
    assert.match(out, /export const CONNECTOR_NAMES = \["acme"\] as const;/);
    assert.match(out, /\/\*\* the key \*\/\n {4}key: string;/);
    assert.match(out, /"region-id"\?: string;/);
    assert.ok(!out.includes("Acme */ Pay"), "a description cannot close the comment");
  });

  it("CurrencyCode holds the active ISO 4217 codes with their exponents", function () {
    const exps: Record<CurrencyCode, number> = CURRENCY_EXPONENTS;
    assert.equal(exps.USD, 2);
    assert.equal(exps.JPY, 0);
    assert.equal(exps.KWD, 3);
    assert.equal(exps.CLF, 4);
    assert.ok(!("XXX" in exps), "XXX (no currency) has no minor unit: not payable");
    assert.ok(Object.keys(exps).every((c) => /^[A-Z]{3}$/.test(c)));
  });

  it("transformResponse answers with the flow's own result at run time (a shared capture vector)", async function () {
    const v = JSON.parse(readFileSync(join(VECTORS_DIR, "stripe", "capture", "response-succeeded-partial.json"), "utf8")) as {
      method: string;
      params: TransformResponseParamsOf<"capture">;
    };
    assert.equal(v.method, "transformResponse");
    assert.equal(v.params.flow, "capture");
    const pool = await SidecarPool.start({ size: 1, checkResults: true });
    try {
      const result: FlowResultOf<"capture"> = await pool.transformResponse(v.params);
      assert.ok(FLOW_RESULTS.capture.safeParse(result).success);
      assert.equal(typeof result.status, "string");
    } finally {
      await pool.close();
    }
  });
});

// PayPal against what PayPal wrote:
// - spec validation: every PayPal request vector (and a generated set over PayPal's currencies and
//   both capture methods) checked against checkout_orders_v2.json / payments_payment_v2.json /
//   vault_payment_tokens_v3.json / notifications_webhooks_v1.json with test/oracles/openapi.ts (the
//   OAuth token endpoint is in no spec: checked by the SDK instead); the Vault answers we read are
//   the spec's own examples, validated against its response schemas;
// - official-SDK differential: the requests @paypal/paypal-server-sdk sends for the same
//   operations, captured at its HTTP layer (its axios client takes config overrides; an `adapter`
//   records the request and answers it, nothing leaves the process; the SDK has no custom base
//   URL) against ours: method, path, auth scheme, PayPal-Request-Id, Prefer, content type and body
//   field by field — including its own token call.
import assert from "node:assert/strict";

import {
  CheckoutPaymentIntent,
  Client,
  EciFlag,
  Environment,
  OrdersController,
  PaymentsController,
  OAuthAuthorizationController,
  PaymentInitiator,
  PaypalPaymentTokenCustomerType,
  PaypalPaymentTokenUsageType,
  StoredPaymentSourcePaymentType,
  StoredPaymentSourceUsageType,
  VaultController,
  VaultTokenRequestType,
} from "@paypal/paypal-server-sdk";

import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest as ProtocolHttpRequest, TransformRequestParams } from "../../protocol/index.js";
import { asHttp, bodyText, decodeBody, diffFields, headerOf, loadVectors, mediaType, requestVectors, unexplained, type ExpectedDifference } from "./helpers.js";
import { describeWithOracles, loadSpec, oraclePath, validateRequest, validateValue, type SchemaLike, type SchemaOverride, type Spec } from "./openapi.js";

const CLIENT_ID = "AUv8rrc_oracle_client_id_not_real";
const CLIENT_SECRET = "EMnAWe_oracle_client_secret_not_real";
const AUTH = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
const TOKEN = "A21AAoracle_access_token_not_real";
const ST = { accessToken: TOKEN };
const CARD = { number: "4111111111111111", expMonth: "03", expYear: "2030", cvc: "123", holderName: "Jane Payer" };
const AUTHID = "0VF52814937998046";
const CAP = "2GG279541U471931P";
const ORDER = "5O190127TN364715T";

interface Specs {
  orders: Spec;
  payments: Spec;
  vault: Spec;
  webhooks: Spec;
  disputes: Spec;
}

/** The spec a request belongs to, by its path. */
function specFor(specs: Specs, url: string): Spec | null {
  const path = new URL(url).pathname;
  if (path.includes("/v2/checkout/orders")) return specs.orders;
  if (path.includes("/v2/payments/")) return specs.payments;
  if (path.includes("/v3/vault/")) return specs.vault;
  if (path.includes("/v1/notifications/")) return specs.webhooks;
  if (path.includes("/v1/customer/disputes")) return specs.disputes;
  return null;
}

function loadVector(file: string) {
  const v = loadVectors("paypal").find((x) => x.file === `paypal/${file}`);
  assert.ok(v, file);
  return v;
}

/** A schema with every `readOnly` dropped (its $refs resolved), for the event PayPal itself sent. */
function writable(spec: Spec, schema: SchemaLike, depth = 0): SchemaLike {
  if (typeof schema !== "object" || depth > 8) return schema;
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop()!;
    return writable(spec, spec.components!.schemas![name]!, depth + 1);
  }
  const { readOnly: _r, ...rest } = schema;
  const out: Record<string, unknown> = { ...rest };
  if (rest.properties) out.properties = Object.fromEntries(Object.entries(rest.properties).map(([k, v]) => [k, writable(spec, v, depth + 1)]));
  if (rest.items) out.items = writable(spec, rest.items, depth + 1);
  return out as SchemaLike;
}

/** Facts the 2024 specs leave out; each says why. */
function overrides(specs: Specs): SchemaOverride[] {
  // The `input` part is typed application/json, so the multipart reader hands it over parsed.
  const disputeInput = (required: string): SchemaOverride["schema"] => () => ({ type: "object", required: [required], description: `{${required}: ...}` });
  return [
    {
      operation: "POST /v1/customer/disputes/{id}/provide-evidence",
      field: ["input"],
      schema: disputeInput("evidences"),
      why:
        "the evidence itself travels as the `input` JSON part next to the files (PayPal's Disputes integration guide, provide " +
        "evidence); the 2024 spec's multipart schema lists only the file part (evidence types: checked in Rust against the spec's enum)",
    },
    {
      operation: "POST /v1/customer/disputes/{id}/accept-claim",
      field: ["input"],
      schema: disputeInput("note"),
      why: "accept-claim's required note travels as the `input` JSON part; the 2024 spec's multipart schema lists only the document part",
    },
    {
      operation: "POST /v3/vault/payment-tokens",
      field: ["payment_source", "token", "type"],
      schema: () => ({ type: "string", enum: ["SETUP_TOKEN", "BILLING_AGREEMENT"] }),
      why:
        "a setup token the payer approved is sent as type SETUP_TOKEN (PayPal's Vault guides; @paypal/paypal-server-sdk 2.5 " +
        "VaultTokenRequestType); the 2024 spec's enum lists only BILLING_AGREEMENT",
    },
    {
      operation: "POST /v2/checkout/orders",
      field: ["payment_source", "card", "attributes"],
      schema: () => {
        const base = specs.orders.components!.schemas!["card_attributes"] as { properties: Record<string, unknown> };
        return {
          ...base,
          properties: { ...base.properties, verification: { type: "object", properties: { method: { type: "string", enum: ["SCA_ALWAYS", "SCA_WHEN_REQUIRED", "AVS_CVV"] } } } },
        };
      },
      why:
        "card.attributes.verification.method asks for 3-D Secure (PayPal's 3D Secure guide for Orders v2; @paypal/paypal-server-sdk " +
        "CardVerification / OrdersCardVerificationMethod); the 2024 spec's card_attributes lacks it",
    },
    {
      operation: "POST /v2/checkout/orders",
      field: ["processing_instruction"],
      schema: () => ({ type: "string", enum: ["ORDER_COMPLETE_ON_PAYMENT_APPROVAL", "NO_INSTRUCTION"] }),
      why:
        "processing_instruction ORDER_COMPLETE_ON_PAYMENT_APPROVAL completes an alternative payment method's order on approval " +
        "(@paypal/paypal-server-sdk OrderRequest / ProcessingInstruction); the 2024 spec's order_request lacks it",
    },
    {
      operation: "POST /v1/notifications/verify-webhook-signature",
      field: ["webhook_event"],
      schema: () => writable(specs.webhooks, { $ref: "#/components/schemas/event" }),
      why: "webhook_event is the event PayPal sent, passed back as received: its fields are readOnly only in PayPal's own writes",
    },
  ];
}

function validate(specs: Specs, req: ProtocolHttpRequest, baseUrl?: string) {
  const spec = specFor(specs, req.url);
  if (!spec) return null;
  return validateRequest(spec, asHttp(req), { basePath: baseUrl?.replace(/\/$/, "") ?? new URL(req.url).origin, overrides: overrides(specs) });
}

describeWithOracles("paypal: requests against PayPal's OpenAPI specs", () => {
  let pool: SidecarPool;
  let specs: Specs;
  before(async () => {
    specs = {
      orders: loadSpec(oraclePath("paypal", "checkout_orders_v2.json")),
      payments: loadSpec(oraclePath("paypal", "payments_payment_v2.json")),
      vault: loadSpec(oraclePath("paypal", "vault_payment_tokens_v3.json")),
      webhooks: loadSpec(oraclePath("paypal", "notifications_webhooks_v1.json")),
      disputes: loadSpec(oraclePath("paypal", "customer_disputes_v1.json")),
    };
    pool = await SidecarPool.start({ size: 1 });
  });
  after(() => pool?.close());

  it("every paypal request vector fits its spec", () => {
    const vectors = requestVectors("paypal");
    assert.ok(vectors.length >= 15, `only ${vectors.length} vectors`);
    let checked = 0;
    for (const v of vectors) {
      const r = validate(specs, v.result as ProtocolHttpRequest, (v.params["options"] as { baseUrl?: string } | undefined)?.baseUrl);
      if (!r) {
        assert.match((v.result as ProtocolHttpRequest).url, /\/v1\/oauth2\/token$/, `${v.file}: only the token endpoint is outside the specs`);
        continue;
      }
      assert.deepEqual(r.problems, [], v.file);
      assert.ok(r.pathTemplate, v.file);
      checked++;
    }
    assert.ok(checked >= 12);
  });

  it("authorize over every PayPal currency, both capture methods and both payment methods fits the spec", async () => {
    const currencies: Array<[string, number]> = [
      ["AUD", 1099], ["BRL", 1099], ["CAD", 1099], ["CHF", 1099], ["CNY", 1099], ["CZK", 1099], ["DKK", 1099], ["EUR", 1099],
      ["GBP", 1099], ["HKD", 1099], ["HUF", 150000], ["ILS", 1099], ["JPY", 1500], ["MXN", 1099], ["MYR", 1099], ["NOK", 1099],
      ["NZD", 1099], ["PHP", 1099], ["PLN", 1099], ["SEK", 1099], ["SGD", 1099], ["THB", 1099], ["TWD", 9900], ["USD", 1099],
    ];
    const operations = new Set<string>();
    for (const [currency, minorAmount] of currencies) {
      for (const captureMethod of ["manual", "automatic"]) {
        for (const paymentMethod of [{ type: "card", card: CARD }, { type: "paypal", paypal: { email: "payer@example.com" } }]) {
          const http = await pool.transformRequest({
            connector: "paypal",
            flow: "authorize",
            auth: AUTH,
            request: {
              merchantTransactionId: `order-${currency}`,
              amount: { minorAmount, currency },
              paymentMethod,
              captureMethod,
              returnUrl: "https://shop.example/return",
              description: "Two mugs",
              statementDescriptor: "SHOP MUGS",
              billingAddress: { line1: "1 Main St", city: "San Jose", state: "CA", postalCode: "95131", country: "US" },
              idempotencyKey: `k-${currency}`,
              state: ST,
            },
          } as TransformRequestParams);
          const r = validate(specs, http)!;
          assert.deepEqual(r.problems, [], `${currency} ${captureMethod} ${paymentMethod.type}`);
          operations.add(`${http.method} ${r.pathTemplate}`);
        }
      }
    }
    assert.deepEqual([...operations], ["POST /v2/checkout/orders"]);
  });

  it("every Vault, repeat-payment and verify-webhook request vector hits the operation PayPal documents for it", () => {
    const operations = new Set<string>();
    for (const v of requestVectors("paypal")) {
      const flow = (v.params as { flow?: string }).flow;
      if (!["setupMandate", "repeatPayment", "verifyWebhook"].includes(flow!) && !v.file.includes("setup-token")) continue;
      const r = validate(specs, v.result as ProtocolHttpRequest)!;
      assert.deepEqual(r.problems, [], v.file);
      operations.add(`${flow} ${(v.result as ProtocolHttpRequest).method} ${r.pathTemplate}`);
    }
    assert.deepEqual([...operations].sort(), [
      "completeAuthorize POST /v3/vault/payment-tokens",
      "repeatPayment POST /v2/checkout/orders",
      "setupMandate POST /v3/vault/payment-tokens",
      "setupMandate POST /v3/vault/setup-tokens",
      "verifyWebhook POST /v1/notifications/verify-webhook-signature",
    ]);
  });

  /**
   * Problems of a response body: readOnly fields belong in answers, and PayPal's own examples give
   * each link an `encType` that its link_description schema does not declare.
   */
  const responseProblems = (spec: Spec, value: unknown, schema: SchemaLike) =>
    validateValue(spec, value, schema).filter((p) => !p.includes("read-only field") && !/^links\[\d+\]\.encType: unknown field/.test(p));

  it("the Vault answers the vectors read are the spec's response examples, valid against its response schemas", () => {
    const schemaOf = (path: string, status: string) =>
      (specs.vault.paths[path]!.post as { responses: Record<string, { content: Record<string, { schema: SchemaLike; examples: Record<string, { value: unknown }> }> }> }).responses[status]!.content["application/json"]!;
    const tokenExample = schemaOf("/v3/vault/payment-tokens", "201").examples["payment_token_response"]!.value;
    const setupExample = schemaOf("/v3/vault/setup-tokens", "201").examples["setup_token_response"]!.value;
    assert.deepEqual(responseProblems(specs.vault, tokenExample, schemaOf("/v3/vault/payment-tokens", "201").schema), []);
    const ours = (loadVector("setupMandate/response-payment-token-spec-example.json").params as { response: { body: string } }).response.body;
    assert.deepEqual(JSON.parse(ours), tokenExample, "the vector's body is the spec's own example");
    // Our wallet setup-token vector follows the spec's shape too.
    const wallet = JSON.parse((loadVector("setupMandate/response-setup-token-payer-action-required.json").params as { response: { body: string } }).response.body);
    assert.deepEqual(responseProblems(specs.vault, wallet, schemaOf("/v3/vault/setup-tokens", "201").schema), []);
    assert.deepEqual(responseProblems(specs.vault, setupExample, schemaOf("/v3/vault/setup-tokens", "201").schema), []);
    // verify-webhook-signature's answer: the two documented statuses.
    const verifySchema = (specs.webhooks.paths["/v1/notifications/verify-webhook-signature"]!.post as { responses: Record<string, { content: Record<string, { schema: SchemaLike }> }> }).responses["200"]!.content["application/json"]!.schema;
    for (const status of ["SUCCESS", "FAILURE"]) assert.deepEqual(responseProblems(specs.webhooks, { verification_status: status }, verifySchema), []);
    assert.ok(responseProblems(specs.webhooks, { verification_status: "MAYBE" }, verifySchema).length > 0);
  });

  it("our verify-webhook-signature request carries the spec's own example event, byte for byte", async () => {
    const op = specs.webhooks.paths["/v1/notifications/verify-webhook-signature"]!.post as {
      requestBody: { content: Record<string, { examples: Record<string, { value: Record<string, unknown> }> }> };
    };
    const example = op.requestBody.content["application/json"]!.examples["verify_webhook_signature"]!.value;
    const event = JSON.stringify(example["webhook_event"], null, 1);
    const headers = [
      { name: "PAYPAL-AUTH-ALGO", value: String(example["auth_algo"]) },
      { name: "PAYPAL-CERT-URL", value: "https://api-m.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77" },
      { name: "PAYPAL-TRANSMISSION-ID", value: String(example["transmission_id"]) },
      { name: "PAYPAL-TRANSMISSION-SIG", value: String(example["transmission_sig"]) },
      { name: "PAYPAL-TRANSMISSION-TIME", value: String(example["transmission_time"]) },
    ];
    const http = await pool.transformRequest({
      connector: "paypal",
      flow: "verifyWebhook",
      auth: AUTH,
      request: { headers, body: event, webhookId: String(example["webhook_id"]), state: ST },
    } as TransformRequestParams);
    const r = validate(specs, http)!;
    assert.deepEqual(r.problems, []);
    assert.ok(http.body!.data.includes(`"webhook_event":${event}`), "the event as received, its spacing kept");
    const sent = JSON.parse(http.body!.data) as Record<string, unknown>;
    for (const k of ["auth_algo", "transmission_id", "transmission_sig", "transmission_time", "webhook_id", "webhook_event"]) assert.deepEqual(sent[k], example[k], k);
    const broken = { ...http, body: { ...http.body!, data: JSON.stringify({ ...sent, webhook_id: "not/an id" }) } };
    assert.ok(validate(specs, broken)!.problems.length > 0, "the validator catches a bad webhook_id");
  });

  it("the validator catches a broken request made from one of ours", async () => {
    const http = await pool.transformRequest({
      connector: "paypal",
      flow: "authorize",
      auth: AUTH,
      request: { merchantTransactionId: "o", amount: { minorAmount: 100, currency: "USD" }, paymentMethod: { type: "card", card: CARD }, state: ST },
    } as TransformRequestParams);
    const body = JSON.parse(bodyText(http)) as Record<string, any>;
    const broken = (mutate: (b: Record<string, any>) => void) => {
      const copy = JSON.parse(JSON.stringify(body)) as Record<string, any>;
      mutate(copy);
      return validate(specs, { ...http, body: { ...http.body!, data: JSON.stringify(copy) } })!.problems;
    };
    assert.ok(broken((b) => (b["purchase_units"][0]["amount"]["value"] = 1)).length > 0, "a number amount");
    assert.ok(broken((b) => (b["purchase_units"][0]["amount"]["value"] = "1,00")).length > 0, "a comma amount");
    assert.ok(broken((b) => (b["intent"] = "SALE")).length > 0, "an unknown intent");
    assert.ok(broken((b) => (b["payment_source"]["card"]["expiry"] = "03/2030")).length > 0, "a MM/YYYY expiry");
    assert.ok(broken((b) => (b["purchase_units"][0]["invoice_id"] = "x".repeat(128))).length > 0, "a long invoice id");
    // The network token's object is checked too: ours fits, and each of these breaks it.
    const tokenHttp = await pool.transformRequest({
      connector: "paypal",
      flow: "authorize",
      auth: AUTH,
      request: {
        merchantTransactionId: "o",
        amount: { minorAmount: 100, currency: "USD" },
        paymentMethod: { type: "networkToken", networkToken: { number: "4895370017256311", expMonth: "12", expYear: "2030", cryptogram: "AgAAAAAABk4DWZ4C28yUQAAAAAA=", eci: "07", tokenRequestorId: "40010030273" } },
        state: ST,
      },
    } as TransformRequestParams);
    assert.deepEqual(validate(specs, tokenHttp)!.problems, []);
    const tokenBody = JSON.parse(bodyText(tokenHttp)) as Record<string, any>;
    const brokenToken = (mutate: (t: Record<string, any>) => void) => {
      const copy = JSON.parse(JSON.stringify(tokenBody)) as Record<string, any>;
      mutate(copy["payment_source"]["card"]["network_token"]);
      return validate(specs, { ...tokenHttp, body: { ...tokenHttp.body!, data: JSON.stringify(copy) } })!.problems;
    };
    assert.ok(brokenToken((t) => (t["eci_flag"] = "07")).length > 0, "an ECI digit for eci_flag");
    assert.ok(brokenToken((t) => (t["cryptogram"] = "AgAAAAAABk4D")).length > 0, "a short cryptogram");
    assert.ok(brokenToken((t) => (t["token_requestor_id"] = "400100302731")).length > 0, "a 12-character TRID");
    assert.ok(brokenToken((t) => delete t["expiry"]).length > 0, "no expiry");
    const noAuth = { ...http, headers: http.headers.filter((h) => h.name !== "Authorization") };
    assert.ok(validate(specs, noAuth)!.problems.length > 0, "no credentials");
  });
});

// ---------------------------------------------------------------------------------------------

interface Captured {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Runs `call` with a paypal-server-sdk client whose axios adapter records every request and
 * answers it (the token endpoint with a token, everything else with `respond`). Returns the
 * requests in order: the SDK's own token call first, then the operation's.
 */
async function captureSdk(call: (client: Client) => Promise<unknown>, respond: object, status = 200): Promise<Captured[]> {
  const captured: Captured[] = [];
  const adapter = async (config: any) => {
    const headers: Record<string, string> = {};
    const raw = typeof config.headers?.toJSON === "function" ? config.headers.toJSON() : config.headers ?? {};
    for (const [k, v] of Object.entries(raw)) if (v !== undefined && v !== null) headers[k.toLowerCase()] = String(v);
    const url = new URL(config.url, config.baseURL);
    if (config.params) for (const [k, v] of Object.entries(config.params)) url.searchParams.set(k, String(v));
    captured.push({ method: String(config.method).toUpperCase(), url: url.toString(), headers, body: typeof config.data === "string" ? config.data : config.data ? String(config.data) : "" });
    const isToken = url.pathname === "/v1/oauth2/token";
    const data = JSON.stringify(isToken ? { access_token: TOKEN, token_type: "Bearer", expires_in: 32400, scope: "https://uri.paypal.com/services/payments/payment" } : respond);
    return { data, status: isToken ? 200 : status, statusText: "OK", headers: { "content-type": "application/json" }, config, request: {} };
  };
  const client = new Client({
    clientCredentialsAuthCredentials: { oAuthClientId: CLIENT_ID, oAuthClientSecret: CLIENT_SECRET },
    environment: Environment.Sandbox,
    timeout: 0,
    unstable_httpClientOptions: { adapter },
  } as any);
  await call(client);
  return captured;
}

describe("paypal: official SDK differential (@paypal/paypal-server-sdk)", () => {
  let pool: SidecarPool;
  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
  });
  after(() => pool?.close());

  async function compare(
    params: Omit<TransformRequestParams, "connector" | "auth">,
    sdk: (client: Client) => Promise<unknown>,
    respond: object,
    expected: ExpectedDifference[] = [],
    opts: { prefer?: "same" | "ours-only" } = {},
  ) {
    const ours = await pool.transformRequest({ connector: "paypal", auth: AUTH, ...params } as TransformRequestParams);
    const requests = await captureSdk(sdk, respond);
    const theirs = requests[requests.length - 1]!;
    // The SDK fetched its own token first, with the same Basic credentials our createAccessToken sends.
    const token = await pool.transformRequest({ connector: "paypal", flow: "createAccessToken", auth: AUTH, request: {} } as TransformRequestParams);
    if (theirs !== requests[0]) assert.equal(requests[0]!.headers["authorization"], headerOf(token, "authorization"), "token: Basic auth");

    assert.equal(ours.method, theirs.method, "method");
    const ourUrl = new URL(ours.url);
    const theirUrl = new URL(theirs.url);
    assert.equal(ourUrl.origin, theirUrl.origin, "sandbox origin");
    assert.equal(ourUrl.pathname + ourUrl.search, theirUrl.pathname + theirUrl.search, "path");
    assert.equal(headerOf(ours, "authorization"), theirs.headers["authorization"], "auth scheme (Bearer + the token)");
    assert.equal(headerOf(ours, "paypal-request-id"), theirs.headers["paypal-request-id"], "idempotency header");
    if (opts.prefer === "ours-only") {
      // The SDK's Vault calls take no Prefer header; ours asks for the whole resource on every POST.
      assert.equal(theirs.headers["prefer"], undefined);
      assert.equal(headerOf(ours, "prefer"), "return=representation");
    } else assert.equal(headerOf(ours, "prefer"), theirs.headers["prefer"], "Prefer");
    if (ours.body && theirs.body) assert.equal(mediaType(ours.body.contentType), mediaType(theirs.headers["content-type"]), "content type");
    const ourBody = decodeBody(ours.body?.contentType, bodyText(ours)) ?? {};
    const sdkBody = theirs.body ? decodeBody(theirs.headers["content-type"], theirs.body) ?? {} : {};
    assert.deepEqual(unexplained(diffFields(ourBody, sdkBody), expected), []);
  }

  const authorization = { id: AUTHID, status: "CREATED", amount: { currency_code: "USD", value: "10.50" } };

  it("createAccessToken: the SDK's token call (method, path, Basic auth, form body)", async () => {
    const ours = await pool.transformRequest({ connector: "paypal", flow: "createAccessToken", auth: AUTH, request: {} } as TransformRequestParams);
    const [theirs] = await captureSdk(
      (client) => new OAuthAuthorizationController(client).requestToken({ authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}` }),
      {},
    );
    assert.equal(ours.method, theirs!.method);
    assert.equal(ours.url, theirs!.url);
    assert.equal(headerOf(ours, "authorization"), theirs!.headers["authorization"]);
    assert.equal(mediaType(ours.body!.contentType), mediaType(theirs!.headers["content-type"]));
    assert.deepEqual(decodeBody(ours.body!.contentType, ours.body!.data), decodeBody(theirs!.headers["content-type"], theirs!.body));
  });

  it("authorize: an order with a card, intent AUTHORIZE, PayPal-Request-Id", async () => {
    await compare(
      {
        flow: "authorize",
        request: {
          merchantTransactionId: "order-7001",
          amount: { minorAmount: 1050, currency: "USD" },
          paymentMethod: { type: "card", card: CARD },
          captureMethod: "manual",
          description: "Two mugs",
          billingAddress: { line1: "1 Main St", city: "San Jose", state: "CA", postalCode: "95131", country: "US" },
          idempotencyKey: "idem-7001",
          state: ST,
        },
      },
      (client) =>
        new OrdersController(client).createOrder({
          body: {
            intent: CheckoutPaymentIntent.Authorize,
            purchaseUnits: [{ referenceId: "order-7001", customId: "order-7001", invoiceId: "order-7001", description: "Two mugs", amount: { currencyCode: "USD", value: "10.50" } }],
            paymentSource: {
              card: {
                number: "4111111111111111",
                expiry: "2030-03",
                securityCode: "123",
                name: "Jane Payer",
                billingAddress: { addressLine1: "1 Main St", adminArea2: "San Jose", adminArea1: "CA", postalCode: "95131", countryCode: "US" },
              },
            },
          },
          paypalRequestId: "idem-7001",
          prefer: "return=representation",
        }),
      { id: ORDER, status: "COMPLETED" },
    );
  });

  it("authorize: the PayPal wallet with an experience context, intent CAPTURE, JPY", async () => {
    await compare(
      {
        flow: "authorize",
        request: {
          merchantTransactionId: "order-7002",
          amount: { minorAmount: 1234, currency: "JPY" },
          paymentMethod: { type: "paypal", paypal: { email: "payer@example.com" } },
          returnUrl: "https://shop.example/return",
          state: ST,
        },
      },
      (client) =>
        new OrdersController(client).createOrder({
          body: {
            intent: CheckoutPaymentIntent.Capture,
            purchaseUnits: [{ referenceId: "order-7002", customId: "order-7002", invoiceId: "order-7002", amount: { currencyCode: "JPY", value: "1234" } }],
            paymentSource: {
              paypal: {
                emailAddress: "payer@example.com",
                experienceContext: { returnUrl: "https://shop.example/return", cancelUrl: "https://shop.example/return", userAction: "PAY_NOW" as any },
              },
            },
          },
          prefer: "return=representation",
        }),
      { id: ORDER, status: "PAYER_ACTION_REQUIRED" },
    );
  });

  it("authorize: iDEAL as the iDEAL guide writes the order (name, country, BIC, experience context, ORDER_COMPLETE_ON_PAYMENT_APPROVAL)", async () => {
    await compare(
      {
        flow: "authorize",
        request: {
          merchantTransactionId: "order-8001",
          amount: { minorAmount: 1000, currency: "EUR" },
          paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal", issuer: "INGBNL2A" } },
          customer: { name: "John Doe" },
          returnUrl: "https://shop.example/return",
          idempotencyKey: "idem-8001",
          state: ST,
        },
      },
      (client) =>
        new OrdersController(client).createOrder({
          body: {
            intent: CheckoutPaymentIntent.Capture,
            purchaseUnits: [{ referenceId: "order-8001", customId: "order-8001", invoiceId: "order-8001", amount: { currencyCode: "EUR", value: "10.00" } }],
            paymentSource: {
              ideal: {
                name: "John Doe",
                countryCode: "NL",
                bic: "INGBNL2A",
                experienceContext: { returnUrl: "https://shop.example/return", cancelUrl: "https://shop.example/return" },
              },
            },
            processingInstruction: "ORDER_COMPLETE_ON_PAYMENT_APPROVAL" as any,
          },
          paypalRequestId: "idem-8001",
          prefer: "return=representation",
        }),
      { id: ORDER, status: "PAYER_ACTION_REQUIRED" },
    );
  });

  it("authorize: a decrypted Apple Pay token (apple_pay.decrypted_token: tokenized card, 3DSECURE payment data)", async () => {
    await compare(
      {
        flow: "authorize",
        request: {
          merchantTransactionId: "order-8017",
          amount: { minorAmount: 1000, currency: "USD" },
          captureMethod: "automatic",
          paymentMethod: { type: "applePay", applePay: { decrypted: { number: "4111111111111111", expMonth: "02", expYear: "2030", cryptogram: "AmDy9dG8qcCNAAEAvYjZAoABFA==", eci: "07" } } },
          idempotencyKey: "idem-8017",
          state: ST,
        },
      },
      (client) =>
        new OrdersController(client).createOrder({
          body: {
            intent: CheckoutPaymentIntent.Capture,
            purchaseUnits: [{ referenceId: "order-8017", customId: "order-8017", invoiceId: "order-8017", amount: { currencyCode: "USD", value: "10.00" } }],
            paymentSource: {
              applePay: {
                decryptedToken: {
                  transactionAmount: { currencyCode: "USD", value: "10.00" },
                  tokenizedCard: { number: "4111111111111111", expiry: "2030-02" },
                  paymentDataType: "3DSECURE" as any,
                  paymentData: { cryptogram: "AmDy9dG8qcCNAAEAvYjZAoABFA==", eciIndicator: "07" },
                },
              },
            },
          },
          paypalRequestId: "idem-8017",
          prefer: "return=representation",
        }),
      { id: ORDER, status: "COMPLETED" },
    );
  });

  it("authorize: a decrypted Google Pay token (google_pay.decrypted_token: CARD, CRYPTOGRAM_3DS), intent AUTHORIZE", async () => {
    await compare(
      {
        flow: "authorize",
        request: {
          merchantTransactionId: "order-8018",
          amount: { minorAmount: 2500, currency: "USD" },
          captureMethod: "manual",
          paymentMethod: { type: "googlePay", googlePay: { decrypted: { number: "4111111111111111", expMonth: "12", expYear: "2031", cryptogram: "AAAAAAAA7pWDT3wAAAAAAAAAAAA=", eci: "05" } } },
          idempotencyKey: "idem-8018",
          state: ST,
        },
      },
      (client) =>
        new OrdersController(client).createOrder({
          body: {
            intent: CheckoutPaymentIntent.Authorize,
            purchaseUnits: [{ referenceId: "order-8018", customId: "order-8018", invoiceId: "order-8018", amount: { currencyCode: "USD", value: "25.00" } }],
            paymentSource: {
              googlePay: {
                decryptedToken: {
                  paymentMethod: "CARD" as any,
                  card: { number: "4111111111111111", expiry: "2031-12" },
                  authenticationMethod: "CRYPTOGRAM_3DS" as any,
                  cryptogram: "AAAAAAAA7pWDT3wAAAAAAAAAAAA=",
                  eciIndicator: "05",
                },
              },
            },
          },
          paypalRequestId: "idem-8018",
          prefer: "return=representation",
        }),
      { id: ORDER, status: "CREATED" },
    );
  });

  it("authorize: a third-party network token (card.network_token: number, expiry, cryptogram, eci_flag, token_requestor_id) with the billing address", async () => {
    await compare(
      {
        flow: "authorize",
        request: {
          merchantTransactionId: "order-8031",
          amount: { minorAmount: 2500, currency: "USD" },
          captureMethod: "manual",
          paymentMethod: {
            type: "networkToken",
            networkToken: { number: "4895370017256311", expMonth: "12", expYear: "2030", cryptogram: "AgAAAAAABk4DWZ4C28yUQAAAAAA=", eci: "05", tokenRequestorId: "40010030273" },
          },
          billingAddress: { line1: "1 Main St", city: "San Jose", state: "CA", postalCode: "95131", country: "US" },
          idempotencyKey: "idem-8031",
          state: ST,
        },
      },
      (client) =>
        new OrdersController(client).createOrder({
          body: {
            intent: CheckoutPaymentIntent.Authorize,
            purchaseUnits: [{ referenceId: "order-8031", customId: "order-8031", invoiceId: "order-8031", amount: { currencyCode: "USD", value: "25.00" } }],
            paymentSource: {
              card: {
                networkToken: {
                  number: "4895370017256311",
                  expiry: "2030-12",
                  cryptogram: "AgAAAAAABk4DWZ4C28yUQAAAAAA=",
                  eciFlag: EciFlag.FullyAuthenticatedTransaction,
                  tokenRequestorId: "40010030273",
                },
                billingAddress: { addressLine1: "1 Main St", adminArea2: "San Jose", adminArea1: "CA", postalCode: "95131", countryCode: "US" },
              },
            },
          },
          paypalRequestId: "idem-8031",
          prefer: "return=representation",
        }),
      { id: ORDER, status: "COMPLETED" },
    );
  });

  it("authorize: a Mastercard network token captured at once, ECI 02 as the SDK's Mastercard eci_flag word", async () => {
    await compare(
      {
        flow: "authorize",
        request: {
          merchantTransactionId: "order-8032",
          amount: { minorAmount: 4000, currency: "EUR" },
          captureMethod: "automatic",
          paymentMethod: { type: "networkToken", networkToken: { number: "5555555555554444", expMonth: "01", expYear: "2031", cryptogram: "AAAAAAAA7pWDT3wAAAAAAAAAAAA=", eci: "02" } },
          idempotencyKey: "idem-8032",
          state: ST,
        },
      },
      (client) =>
        new OrdersController(client).createOrder({
          body: {
            intent: CheckoutPaymentIntent.Capture,
            purchaseUnits: [{ referenceId: "order-8032", customId: "order-8032", invoiceId: "order-8032", amount: { currencyCode: "EUR", value: "40.00" } }],
            paymentSource: {
              card: {
                networkToken: {
                  number: "5555555555554444",
                  expiry: "2031-01",
                  cryptogram: "AAAAAAAA7pWDT3wAAAAAAAAAAAA=",
                  eciFlag: EciFlag.MastercardFullyAuthenticatedTransaction,
                },
              },
            },
          },
          paypalRequestId: "idem-8032",
          prefer: "return=representation",
        }),
      { id: ORDER, status: "COMPLETED" },
    );
  });

  for (const [method, currency, country, source] of [
    ["bancontact", "EUR", "BE", (ctx: Record<string, unknown>) => ({ bancontact: { name: "John Doe", countryCode: "BE", experienceContext: ctx } })],
    ["przelewy24", "PLN", "PL", (ctx: Record<string, unknown>) => ({ p24: { name: "John Doe", email: "john@example.com", countryCode: "PL", experienceContext: ctx } })],
    ["blik", "PLN", "PL", (ctx: Record<string, unknown>) => ({ blik: { name: "John Doe", countryCode: "PL", email: "john@example.com", experienceContext: ctx, level0: { authCode: "777123" } } })],
  ] as const) {
    it(`authorize: ${method} as a payment_source of the order (${country}, the experience context, ORDER_COMPLETE_ON_PAYMENT_APPROVAL)`, async () => {
      const returnUrl = "https://shop.example/return?order=1";
      await compare(
        {
          flow: "authorize",
          request: {
            merchantTransactionId: `order-${method}`,
            amount: { minorAmount: 5000, currency },
            paymentMethod: { type: "bankRedirect", bankRedirect: method === "blik" ? { method, blikCode: "777123" } : { method } },
            customer: { name: "John Doe", email: "john@example.com" },
            returnUrl,
            state: ST,
          },
        },
        (client) =>
          new OrdersController(client).createOrder({
            body: {
              intent: CheckoutPaymentIntent.Capture,
              purchaseUnits: [{ referenceId: `order-${method}`, customId: `order-${method}`, invoiceId: `order-${method}`, amount: { currencyCode: currency, value: "50.00" } }],
              paymentSource: source({ returnUrl, cancelUrl: returnUrl }) as any,
              processingInstruction: "ORDER_COMPLETE_ON_PAYMENT_APPROVAL" as any,
            },
            prefer: "return=representation",
          }),
        { id: ORDER, status: "PAYER_ACTION_REQUIRED" },
      );
    });
  }

  it("authorize: a card with 3-D Secure asked for, a shipping address and the first payment of a subscription", async () => {
    await compare(
      {
        flow: "authorize",
        request: {
          merchantTransactionId: "order-8018",
          amount: { minorAmount: 1050, currency: "USD" },
          paymentMethod: { type: "card", card: CARD },
          captureMethod: "manual",
          threeDs: { mode: "challenge" },
          returnUrl: "https://shop.example/return",
          setupFutureUsage: "offSession",
          recurringType: "scheduled",
          shippingAddress: { firstName: "Jane", lastName: "Payer", line1: "2211 N First Street", city: "San Jose", state: "CA", postalCode: "95131", country: "US" },
          state: ST,
        },
      },
      (client) =>
        new OrdersController(client).createOrder({
          body: {
            intent: CheckoutPaymentIntent.Authorize,
            purchaseUnits: [
              {
                referenceId: "order-8018",
                customId: "order-8018",
                invoiceId: "order-8018",
                amount: { currencyCode: "USD", value: "10.50" },
                shipping: {
                  name: { fullName: "Jane Payer" },
                  address: { addressLine1: "2211 N First Street", adminArea2: "San Jose", adminArea1: "CA", postalCode: "95131", countryCode: "US" },
                },
              },
            ],
            paymentSource: {
              card: {
                number: "4111111111111111",
                expiry: "2030-03",
                securityCode: "123",
                name: "Jane Payer",
                attributes: { verification: { method: "SCA_ALWAYS" as any } },
                storedCredential: { paymentInitiator: "CUSTOMER" as any, paymentType: "RECURRING" as any, usage: "FIRST" as any },
                experienceContext: { returnUrl: "https://shop.example/return", cancelUrl: "https://shop.example/return" },
              },
            },
          },
          prefer: "return=representation",
        }),
      { id: ORDER, status: "PAYER_ACTION_REQUIRED" },
    );
  });

  it("completeAuthorize: authorize and capture an approved order", async () => {
    const ost = { ...ST, paypalObject: "order" };
    await compare(
      { flow: "completeAuthorize", request: { connectorTransactionId: ORDER, captureMethod: "manual", idempotencyKey: "k-auth", state: ost } },
      (client) => new OrdersController(client).authorizeOrder({ id: ORDER, paypalRequestId: "k-auth", prefer: "return=representation", body: {} }),
      { id: ORDER, status: "COMPLETED" },
    );
    await compare(
      { flow: "completeAuthorize", request: { connectorTransactionId: ORDER, idempotencyKey: "k-cap", state: ost } },
      (client) => new OrdersController(client).captureOrder({ id: ORDER, paypalRequestId: "k-cap", prefer: "return=representation", body: {} }),
      { id: ORDER, status: "COMPLETED" },
    );
  });

  it("psync (order, authorization, capture), capture, void, refund, rsync", async () => {
    const ast = { ...ST, paypalObject: "authorization" };
    const cst = { ...ST, paypalObject: "capture" };
    await compare({ flow: "psync", request: { connectorTransactionId: ORDER, state: { ...ST, paypalObject: "order" } } }, (c) => new OrdersController(c).getOrder({ id: ORDER }), { id: ORDER, status: "APPROVED" });
    await compare({ flow: "psync", request: { connectorTransactionId: AUTHID, state: ast } }, (c) => new PaymentsController(c).getAuthorizedPayment({ authorizationId: AUTHID }), authorization);
    await compare({ flow: "psync", request: { connectorTransactionId: CAP, state: cst } }, (c) => new PaymentsController(c).getCapturedPayment({ captureId: CAP }), { id: CAP, status: "COMPLETED" });
    await compare(
      {
        flow: "capture",
        request: {
          connectorTransactionId: AUTHID,
          amountToCapture: { minorAmount: 600, currency: "USD" },
          merchantCaptureId: "INVOICE-123",
          idempotencyKey: "k-capture",
          state: ast,
        },
      },
      (c) =>
        new PaymentsController(c).captureAuthorizedPayment({
          authorizationId: AUTHID,
          paypalRequestId: "k-capture",
          prefer: "return=representation",
          // A unified capture is the authorization's last: the rest is released.
          body: { amount: { currencyCode: "USD", value: "6.00" }, invoiceId: "INVOICE-123", finalCapture: true },
        }),
      { id: CAP, status: "COMPLETED" },
    );
    await compare(
      { flow: "void", request: { connectorTransactionId: AUTHID, idempotencyKey: "k-void", state: ast } },
      (c) => new PaymentsController(c).voidPayment({ authorizationId: AUTHID, paypalRequestId: "k-void", prefer: "return=representation" }),
      { ...authorization, status: "VOIDED" },
    );
    await compare(
      {
        flow: "refund",
        request: { connectorTransactionId: CAP, merchantRefundId: "rf-1", refundAmount: { minorAmount: 250, currency: "USD" }, reason: "one item returned", idempotencyKey: "k-refund", state: cst },
      },
      (c) =>
        new PaymentsController(c).refundCapturedPayment({
          captureId: CAP,
          paypalRequestId: "k-refund",
          prefer: "return=representation",
          body: { amount: { currencyCode: "USD", value: "2.50" }, invoiceId: "rf-1", noteToPayer: "one item returned" },
        }),
      { id: "1JU08902781691411", status: "COMPLETED" },
    );
    await compare(
      { flow: "rsync", request: { connectorTransactionId: CAP, connectorRefundId: "1JU08902781691411", state: ST } },
      (c) => new PaymentsController(c).getRefund({ refundId: "1JU08902781691411" }),
      { id: "1JU08902781691411", status: "COMPLETED" },
    );
  });

  // ---------- Vault v3 and merchant-initiated orders ----------

  const paymentToken = { id: "8kk8451t", customer: { id: "customer_4029352050" }, payment_source: { card: { last_digits: "1111", brand: "VISA" } } };

  it("setupMandate (card): the SDK's createPaymentToken with the card", async () => {
    await compare(
      {
        flow: "setupMandate",
        request: {
          merchantTransactionId: "save-77",
          amount: { minorAmount: 0, currency: "USD" },
          paymentMethod: { type: "card", card: CARD },
          billingAddress: { line1: "1 Main St", city: "San Jose", state: "CA", postalCode: "95131", country: "US" },
          customer: { connectorCustomerId: "customer_4029352050" },
          idempotencyKey: "save-77",
          state: ST,
        },
      },
      (c) =>
        new VaultController(c).createPaymentToken({
          paypalRequestId: "save-77",
          body: {
            customer: { id: "customer_4029352050" },
            paymentSource: {
              card: {
                number: "4111111111111111",
                expiry: "2030-03",
                securityCode: "123",
                name: "Jane Payer",
                billingAddress: { addressLine1: "1 Main St", adminArea2: "San Jose", adminArea1: "CA", postalCode: "95131", countryCode: "US" },
              },
            },
          },
        }),
      paymentToken,
      // The SDK sends no Prefer on Vault calls; we send return=representation on every POST (PayPal ignores it where the whole resource comes back anyway).
      [],
      { prefer: "ours-only" },
    );
  });

  it("setupMandate (PayPal wallet): the SDK's createSetupToken; completeAuthorize: createPaymentToken from the setup token", async () => {
    await compare(
      {
        flow: "setupMandate",
        request: {
          merchantTransactionId: "save-78",
          amount: { minorAmount: 0, currency: "USD" },
          paymentMethod: { type: "paypal" },
          returnUrl: "https://shop.example/vault/return",
          description: "Monthly coffee",
          idempotencyKey: "save-78",
          state: ST,
        },
      },
      (c) =>
        new VaultController(c).createSetupToken({
          paypalRequestId: "save-78",
          body: {
            paymentSource: {
              paypal: {
                description: "Monthly coffee",
                usageType: PaypalPaymentTokenUsageType.Merchant,
                customerType: PaypalPaymentTokenCustomerType.Consumer,
                experienceContext: { returnUrl: "https://shop.example/vault/return", cancelUrl: "https://shop.example/vault/return" },
              },
            },
          },
        }),
      { id: "85186205RL0794831", status: "PAYER_ACTION_REQUIRED" },
      [],
      { prefer: "ours-only" },
    );
    await compare(
      { flow: "completeAuthorize", request: { connectorTransactionId: "85186205RL0794831", idempotencyKey: "save-78-confirm", state: { ...ST, paypalObject: "setup_token" } } },
      (c) =>
        new VaultController(c).createPaymentToken({
          paypalRequestId: "save-78-confirm",
          body: { paymentSource: { token: { id: "85186205RL0794831", type: VaultTokenRequestType.SetupToken } } },
        }),
      paymentToken,
      [],
      { prefer: "ours-only" },
    );
  });

  it("repeatPayment: the SDK's createOrder on a vault_id, with a merchant-initiated stored credential (card) and on a saved wallet", async () => {
    await compare(
      {
        flow: "repeatPayment",
        request: {
          merchantTransactionId: "renewal-1",
          amount: { minorAmount: 1500, currency: "USD" },
          mandateReference: "8kk8451t",
          networkTransactionId: "123456789012345",
          idempotencyKey: "renewal-1",
          state: { ...ST, paymentSource: "card" },
        },
      },
      (c) =>
        new OrdersController(c).createOrder({
          body: {
            intent: CheckoutPaymentIntent.Capture,
            purchaseUnits: [{ referenceId: "renewal-1", customId: "renewal-1", invoiceId: "renewal-1", amount: { currencyCode: "USD", value: "15.00" } }],
            paymentSource: {
              card: {
                vaultId: "8kk8451t",
                storedCredential: {
                  paymentInitiator: PaymentInitiator.Merchant,
                  paymentType: StoredPaymentSourcePaymentType.Unscheduled,
                  usage: StoredPaymentSourceUsageType.Subsequent,
                  previousNetworkTransactionReference: { id: "123456789012345" },
                },
              },
            },
          },
          paypalRequestId: "renewal-1",
          prefer: "return=representation",
        }),
      { id: ORDER, status: "COMPLETED" },
    );
    await compare(
      {
        flow: "repeatPayment",
        request: { merchantTransactionId: "renewal-2", amount: { minorAmount: 999, currency: "USD" }, mandateReference: "4j4mb9b3", captureMethod: "manual", state: { ...ST, paymentSource: "paypal" } },
      },
      (c) =>
        new OrdersController(c).createOrder({
          body: {
            intent: CheckoutPaymentIntent.Authorize,
            purchaseUnits: [{ referenceId: "renewal-2", customId: "renewal-2", invoiceId: "renewal-2", amount: { currencyCode: "USD", value: "9.99" } }],
            paymentSource: { paypal: { vaultId: "4j4mb9b3" } },
          },
          prefer: "return=representation",
        }),
      { id: ORDER, status: "COMPLETED" },
    );
  });
});

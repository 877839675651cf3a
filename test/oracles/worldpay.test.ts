// Worldpay against what Worldpay wrote (oracles/worldpay/):
// - spec validation: every Worldpay request vector and a matrix of requests built through the pool,
//   checked against payments-openapi.yaml (Payments API 2024-06-01) with test/oracles/openapi.ts:
//   path, method, the required WP-Api-Version header, Basic auth and the body schemas; a negative
//   case proves the validator would notice;
// - response samples: every response vector's body is one of the spec's own examples (or, for the
//   lastEvent reads, a value of its enum), and every lastEvent of the spec's enum is read into a
//   status (none left unresolved);
// - webhooks: every webhook vector's event type is one of the Events description's webhooks;
// - revokeMandate: its vectors against tokens-openapi.yaml (DELETE /tokens/{tokenId}, the Accept
//   header the Tokens API asks for, a documented status with the spec's example body).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { load as loadYaml } from "js-yaml";

import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest as ProtocolHttpRequest, TransformRequestParams } from "../../protocol/index.js";
import { asHttp, loadVectors, requestVectors } from "./helpers.js";
import { describeWithOracles, oraclePath, validateRequest, type Spec } from "./openapi.js";

const TRY = "https://try.access.worldpay.com";
const isApm = (req: ProtocolHttpRequest) => new URL(req.url).pathname.startsWith("/apmPayments");
/** A response vector of an APM payment: its request names the APM API's state or an APM. */
const isApmVector = (v: { params: unknown }) => {
  const request = (v.params as any).request as Record<string, any>;
  return request.state?.worldpayApi === "apmPayments" || ["paypal", "bankRedirect", "walletRedirect", "voucher", "bankDebit", "bnpl"].includes(request.paymentMethod?.type);
};
const AUTH = { username: "oracle-user", password: "oracle-password", narrative: "trading name" };

function loadYamlSpec(name: string): Spec & { components: { examples: Record<string, { value: unknown }> } } {
  const spec = loadYaml(readFileSync(oraclePath("worldpay", name), "utf8")) as Spec & { components: { examples: Record<string, { value: unknown }> } };
  assert.match(spec.openapi, /^3\./);
  return spec;
}

describeWithOracles("worldpay: requests against payments-openapi.yaml (2024-06-01)", () => {
  let spec: ReturnType<typeof loadYamlSpec>;
  let pool: SidecarPool;
  before(async () => {
    spec = loadYamlSpec("payments-openapi.yaml");
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
  });
  after(async () => {
    await pool?.close();
  });

  const check = (req: ProtocolHttpRequest, label: string) => {
    const result = validateRequest(spec, asHttp(req), { basePath: TRY });
    assert.ok(result.pathTemplate, `${label}: ${result.problems.join("; ")}`);
    assert.deepEqual(result.problems, [], `${label}: ${req.method} ${result.pathTemplate}`);
    return result;
  };

  it("every Worldpay request vector fits the spec", () => {
    // revokeMandate goes to the Tokens API and the APMs to the APM API: their own descriptions, checked below.
    const vectors = requestVectors("worldpay").filter((v) => v.flow !== "revokeMandate" && !isApm(v.result as ProtocolHttpRequest));
    assert.ok(vectors.length >= 20, `${vectors.length} request vectors`);
    const operations = new Set<string>();
    for (const v of vectors) operations.add(check(v.result as ProtocolHttpRequest, v.file).operationId!);
    for (const op of ["payment", "queryEvents", "settle", "partialSettle", "cancel", "refund", "partialRefund", "reversal", "supply3dsDeviceData", "complete3dsChallenge"]) {
      assert.ok(operations.has(op), `${op} is covered by a vector (${[...operations].join(", ")})`);
    }
  });

  it("a matrix of currencies, capture methods, instruments and agreements fits the spec", async () => {
    let n = 0;
    const instruments = [
      { type: "card", card: { number: "4000000000002701", expMonth: "05", expYear: "2035", cvc: "123", holderName: "AUTHORISED" } },
      { type: "card", card: { number: "340000000002708", expMonth: "12", expYear: "2031", cvc: "1234" } },
      { type: "token", token: { value: "https://try.access.worldpay.com/sessions/eyJrIjoxLCJkIjoialRBL0FFelBzcnZp" } },
      { type: "networkToken", networkToken: { number: "4444333322221111", expMonth: "05", expYear: "2035", cryptogram: "MAAAAAAAAAAAAAAAAAAAAAAAAAB=", eci: "07" } },
      { type: "googlePay", googlePay: { decrypted: { number: "4444333322221111", expMonth: "05", expYear: "2035" } } },
      { type: "applePay", applePay: { paymentData: Buffer.from('{"version":"EC_v1","data":"kdHd"}').toString("base64") } },
    ];
    for (const [minor, currency] of [[4200, "GBP"], [500, "JPY"], [1005, "KWD"], [2147483647, "USD"]] as const) {
      for (const captureMethod of ["automatic", "manual"] as const) {
        for (const paymentMethod of instruments) {
          const request = {
            merchantTransactionId: `order-${++n}`,
            amount: { minorAmount: minor, currency },
            paymentMethod,
            captureMethod,
            customer: { id: "shopper-1", email: "jane@example.com" },
            billingAddress: { line1: "1 Market St", city: "London", postalCode: "SW1 1AA", country: "GB" },
          };
          const http = await pool.transformRequest({ connector: "worldpay", flow: "authorize", auth: AUTH, request } as unknown as TransformRequestParams);
          check(http, `authorize ${minor} ${currency} ${captureMethod} ${paymentMethod.type}`);
        }
      }
    }
    for (const recurringType of ["scheduled", "unscheduled", "installment"]) {
      const save = await pool.transformRequest({
        connector: "worldpay",
        flow: "setupMandate",
        auth: AUTH,
        request: { merchantTransactionId: `save-${recurringType}`, amount: { minorAmount: 0, currency: "GBP" }, paymentMethod: instruments[0], recurringType },
      } as unknown as TransformRequestParams);
      check(save, `setupMandate ${recurringType}`);
      const repeat = await pool.transformRequest({
        connector: "worldpay",
        flow: "repeatPayment",
        auth: AUTH,
        request: { merchantTransactionId: `repeat-${recurringType}`, amount: { minorAmount: 42, currency: "GBP" }, mandateReference: `${TRY}/tokens/eyJrIjoxLCJkIjoi`, networkTransactionId: "MCCOLXT1C0104", recurringType },
      } as unknown as TransformRequestParams);
      check(repeat, `repeatPayment ${recurringType}`);
    }
  });

  it("the validator notices a body Worldpay would refuse", async () => {
    const http = requestVectors("worldpay").find((v) => v.file === "worldpay/authorize/card-manual.json")!.result as ProtocolHttpRequest;
    const body = JSON.parse(http.body!.data) as { instruction: { value: { amount: unknown }; narrative: unknown } };
    body.instruction.value.amount = "42";
    const wrong = validateRequest(spec, asHttp({ ...http, body: { ...http.body!, data: JSON.stringify(body) } }), { basePath: TRY });
    assert.ok(wrong.problems.some((p) => p.includes("amount")), wrong.problems.join("; "));
    const noVersion = validateRequest(spec, asHttp({ ...http, headers: http.headers.filter((h) => h.name !== "WP-Api-Version") }), { basePath: TRY });
    assert.ok(noVersion.problems.some((p) => p.includes("WP-Api-Version")), noVersion.problems.join("; "));
  });
});

describeWithOracles("worldpay: readings against the spec's own examples", () => {
  let spec: ReturnType<typeof loadYamlSpec>;
  let pool: SidecarPool;
  before(async () => {
    spec = loadYamlSpec("payments-openapi.yaml");
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
  });
  after(async () => {
    await pool?.close();
  });

  it("every payment response vector's body is one of the spec's examples or a lastEvent of its enum", () => {
    const examples = Object.values(spec.components.examples).map((e) => JSON.stringify(e.value));
    const lastEvents = (spec.components as any).schemas.QueryEventsResponse.properties.lastEvent.enum as string[];
    const responses = loadVectors("worldpay").filter((v) => v.method === "transformResponse" && v.flow !== "revokeMandate" && !isApmVector(v));
    assert.ok(responses.length >= 20, `${responses.length} response vectors`);
    for (const v of responses) {
      const body = (v.params as any).response.body as string;
      const parsed = JSON.parse(body) as Record<string, unknown>;
      const known = examples.includes(JSON.stringify(parsed)) || (Object.keys(parsed).length === 1 && lastEvents.includes(parsed["lastEvent"] as string));
      assert.ok(known, `${v.file}: its body is not one of the spec's examples`);
    }
  });

  it("every lastEvent of the spec's enum is read into a payment status, none left unresolved", async () => {
    const lastEvents = (spec.components as any).schemas.QueryEventsResponse.properties.lastEvent.enum as string[];
    assert.ok(lastEvents.length >= 10);
    for (const lastEvent of lastEvents) {
      const r = (await pool.transformResponse({
        connector: "worldpay",
        flow: "psync",
        auth: AUTH,
        request: { connectorTransactionId: "eyJrIjoiazNhYjYzMiJ9" },
        response: { status: 200, headers: [], body: JSON.stringify({ lastEvent }) },
      } as never)) as { status: string };
      assert.notEqual(r.status, "unresolved", lastEvent);
    }
  });

  it("every webhook vector's event type is a webhook of the Events description", () => {
    const events = loadYamlSpec("events-openapi.yaml") as unknown as { webhooks: Record<string, unknown> };
    const hooks = loadVectors("worldpay").filter((v) => v.method === "parseWebhook");
    assert.ok(hooks.length >= 3);
    for (const v of hooks) {
      const type = (JSON.parse((v.params as any).body) as { eventDetails: { type: string } }).eventDetails.type;
      assert.ok(type in events.webhooks, `${v.file}: ${type}`);
    }
  });
});

describeWithOracles("worldpay: APMs against apms-openapi.yaml (APM API 2024-07-01)", () => {
  let spec: ReturnType<typeof loadYamlSpec>;
  let pool: SidecarPool;
  before(async () => {
    spec = loadYamlSpec("apms-openapi.yaml");
    pool = await SidecarPool.start({ size: 1, onLog: () => {} });
  });
  after(async () => {
    await pool?.close();
  });

  // The description's InstructionV2 is a oneOf of schemas that are each allOf InstructionV2 (a
  // cycle the validator would follow forever): each request is checked against the one
  // instruction schema its discriminator (`method`) maps to, on a copy of the description.
  const check = (req: ProtocolHttpRequest, label: string) => {
    const copy = structuredClone(spec) as any;
    const schemas = copy.components.schemas;
    const mapping = schemas.InstructionV2.discriminator.mapping as Record<string, string>;
    delete schemas.InstructionV2.oneOf;
    delete schemas.InstructionV2.discriminator;
    // KlarnaNetworkOrder requires orderTotalTaxAmount and termsUrl, and KlarnaNetworkInstrumentV2
    // requires language, without defining them: the description defines the same names in `Order`
    // and in KlarnaInstrumentV2 (Klarna's other instruction); those definitions are used here.
    for (const [schema, from, names] of [
      ["KlarnaNetworkOrder", "Order", ["orderTotalTaxAmount", "termsUrl"]],
      ["KlarnaNetworkInstrumentV2", "KlarnaInstrumentV2", ["language"]],
    ] as const) {
      for (const name of names) {
        assert.ok(schemas[schema].required.includes(name) && schemas[from].properties[name], `${schema}.${name}: required, defined in ${from}`);
        schemas[schema].properties[name] ??= schemas[from].properties[name];
      }
    }
    if (req.body) {
      const method = (JSON.parse(req.body.data) as { instruction?: { method?: string } }).instruction?.method;
      if (method) {
        // The mapping's key for Klarna is `klarna`, while KlarnaNetworkInstruction's own `method`
        // enum and every Klarna example say `klarna_network`: a method is found by either.
        const byEnum = Object.values(mapping).find((ref) => (schemas[ref.split("/").pop()!]?.properties?.method?.enum ?? []).includes(method));
        const ref = mapping[method] ?? byEnum;
        assert.ok(ref, `${label}: ${method} is one of the APM API's methods`);
        schemas.ApmPaymentRequestV2.properties.instruction = { $ref: ref };
      }
    }
    const result = validateRequest(copy, asHttp(req), { basePath: TRY });
    assert.ok(result.pathTemplate, `${label}: ${result.problems.join("; ")}`);
    assert.deepEqual(result.problems, [], `${label}: ${req.method} ${result.pathTemplate}`);
    return result;
  };

  it("every APM request vector fits the APM API's description", () => {
    const vectors = requestVectors("worldpay").filter((v) => isApm(v.result as ProtocolHttpRequest));
    assert.ok(vectors.length >= 8, `${vectors.length} APM request vectors`);
    const operations = new Set<string>();
    for (const v of vectors) operations.add(check(v.result as ProtocolHttpRequest, v.file).operationId!);
    for (const op of ["payment", "query", "settle", "settleV2", "reverse", "partialReverseV2"]) {
      assert.ok(operations.has(op), `${op} is covered by a vector (${[...operations].join(", ")})`);
    }
    // The check can fail: an amount as text is not the APM API's Value.
    const ideal = vectors.find((v) => v.file === "worldpay/authorize/ideal.json")!.result as ProtocolHttpRequest;
    const body = JSON.parse(ideal.body!.data) as { instruction: { value: { amount: unknown } } };
    body.instruction.value.amount = "250";
    assert.throws(() => check({ ...ideal, body: { ...ideal.body!, data: JSON.stringify(body) } }, "a text amount"), /amount/);
  });

  it("every APM method, capture method and currency built through the pool fits the description", async () => {
    const any = ["EUR", "GBP", "USD"];
    const billing = { firstName: "Jane", lastName: "Doe", line1: "1 Main St", city: "London", state: "Greater London", postalCode: "NW1 6XE", country: "GB" };
    // Each method with the currencies the scheme moves (Swish SEK, Pix BRL, Konbini JPY, SEPA EUR, ACH USD, MyBank EUR).
    const methods: Array<[Record<string, unknown>, string[], Record<string, unknown>?]> = [
      [{ type: "paypal", paypal: {} }, any],
      [{ type: "bankRedirect", bankRedirect: { method: "blik", termsAccepted: true } }, ["PLN"]],
      [
        { type: "bnpl", bnpl: { method: "klarna", termsUrl: "https://shop.example/terms" } },
        any,
        // One line of the whole amount, a fifth of it tax (rounded down).
        { browserInfo: { language: "en-GB" }, orderLines: "whole" },
      ],
      [{ type: "bankDebit", bankDebit: { method: "sepa", accountHolderName: "Jane Doe", iban: "DE29500105176647192975", mandateId: "MANDATE-2026/001" } }, ["EUR"]],
      [{ type: "bankRedirect", bankRedirect: { method: "ideal" } }, any],
      [{ type: "bankRedirect", bankRedirect: { method: "bancontact", country: "BE" } }, any],
      [{ type: "bankRedirect", bankRedirect: { method: "trustly", country: "SE" } }, any],
      [{ type: "bankRedirect", bankRedirect: { method: "multibanco", country: "PT" } }, any],
      [{ type: "bankRedirect", bankRedirect: { method: "przelewy24" } }, ["PLN", "EUR"]],
      [{ type: "bankRedirect", bankRedirect: { method: "mybank" } }, ["EUR"]],
      [{ type: "walletRedirect", walletRedirect: { method: "alipay" } }, ["CNY", "USD"]],
      [{ type: "walletRedirect", walletRedirect: { method: "alipayHk" } }, ["HKD"]],
      [{ type: "walletRedirect", walletRedirect: { method: "wechatPay" } }, ["CNY"]],
      [{ type: "walletRedirect", walletRedirect: { method: "swish" } }, ["SEK"]],
      [{ type: "voucher", voucher: { method: "konbini" } }, ["JPY"]],
      [{ type: "voucher", voucher: { method: "pix", taxId: "12345678901" } }, ["BRL"]],
      [{ type: "bankDebit", bankDebit: { method: "sepa", accountHolderName: "Jane Doe", iban: "DE29500105176647192975" } }, ["EUR"]],
      [{ type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "Jane Doe", accountNumber: "1234567890", routingNumber: "012345678" } }, ["USD"]],
    ];
    let n = 0;
    for (const [paymentMethod, currencies, extra] of methods) {
      for (const [minor, currency] of currencies.flatMap((c) => [[250, c], [1, c], [2147483647, c]] as const)) {
        const lines =
          extra?.orderLines === "whole"
            ? { orderLines: [{ name: "Item", quantity: 1, unitAmount: { minorAmount: minor, currency }, taxAmount: { minorAmount: Math.floor(minor / 5), currency } }] }
            : {};
        const request = {
          ...extra,
          ...lines,
          merchantTransactionId: `apm-${++n}`,
          amount: { minorAmount: minor, currency },
          paymentMethod,
          captureMethod: "automatic",
          returnUrl: "https://shop.example/return",
          customer: { email: "jane@example.com", phone: "09012345678" },
          billingAddress: billing,
        };
        const http = await pool.transformRequest({ connector: "worldpay", flow: "authorize", auth: AUTH, request } as unknown as TransformRequestParams);
        const result = check(http, `authorize ${paymentMethod.type} ${minor} ${currency}`);
        assert.equal(result.operationId, "payment");
      }
    }
  });

  it("every APM response vector's body is one of the APM API's examples", () => {
    const examples = Object.values(spec.components.examples).map((e) => JSON.stringify(e.value));
    const responses = loadVectors("worldpay").filter((v) => v.method === "transformResponse" && isApmVector(v));
    assert.ok(responses.length >= 8, `${responses.length} APM response vectors`);
    for (const v of responses) {
      const body = JSON.parse((v.params as any).response.body as string);
      assert.ok(examples.includes(JSON.stringify(body)), `${v.file}: its body is not one of the APM API's examples`);
    }
  });

  it("every lastEvent of the APM API's enum is read; only the words that say nothing stay unresolved", async () => {
    const lastEvents = (spec.components as any).schemas.ApmPaymentResourceQuery.properties.lastEvent.enum as string[];
    assert.ok(lastEvents.length >= 30);
    const sayNothing = ["miscellaneous", "unknown", "manuallyAmended", "signedFormReceived", "settlementReversed"];
    for (const lastEvent of lastEvents) {
      const r = (await pool.transformResponse({
        connector: "worldpay",
        flow: "psync",
        auth: AUTH,
        request: { connectorTransactionId: "HZ75WBkfRwmD9YzLSZFnQ", state: { worldpayApi: "apmPayments" } },
        response: { status: 200, headers: [], body: JSON.stringify({ paymentId: "HZ75WBkfRwmD9YzLSZFnQ", lastEvent }) },
      } as never)) as { status: string };
      assert.equal(r.status === "unresolved", sayNothing.includes(lastEvent), `${lastEvent}: ${r.status}`);
    }
  });
});

describeWithOracles("worldpay: revokeMandate against tokens-openapi.yaml (Tokens API v3)", () => {
  let spec: ReturnType<typeof loadYamlSpec>;
  before(() => {
    spec = loadYamlSpec("tokens-openapi.yaml");
  });

  it("every revokeMandate request vector is the Tokens API's DELETE /tokens/{tokenId}, with its Accept", () => {
    const vectors = requestVectors("worldpay").filter((v) => v.flow === "revokeMandate");
    assert.ok(vectors.length >= 1, "a revokeMandate request vector");
    const accept = /Accept: application\/vnd\.worldpay\.tokens-v3\.hal\+json/.exec((spec as any).info.description)?.[0];
    assert.ok(accept, "the Tokens API names its Accept header");
    for (const v of vectors) {
      const req = v.result as ProtocolHttpRequest;
      const result = validateRequest(spec, asHttp(req), { basePath: TRY });
      assert.equal(result.pathTemplate, "/tokens/{tokenId}", `${v.file}: ${result.problems.join("; ")}`);
      assert.equal(result.operationId, "deleteSecurityToken", v.file);
      assert.deepEqual(result.problems, [], v.file);
      assert.equal(req.headers.find((h) => h.name === "Accept")?.value, accept.slice("Accept: ".length), v.file);
      assert.equal(req.body, null, `${v.file}: a DELETE without a body`);
    }
  });

  it("every revokeMandate response vector is a status the Tokens API documents, with its example body", () => {
    const del = (spec as any).paths["/tokens/{tokenId}"].delete.responses as Record<string, any>;
    const responses = loadVectors("worldpay").filter((v) => v.method === "transformResponse" && v.flow === "revokeMandate");
    assert.ok(responses.length >= 2);
    for (const v of responses) {
      const { status, body } = (v.params as any).response as { status: number; body: string };
      const documented = del[String(status)];
      assert.ok(documented, `${v.file}: ${status} is not a documented answer of deleteSecurityToken`);
      if (status === 204) {
        assert.equal(body, "", `${v.file}: 204 has no content`);
        continue;
      }
      const examples = Object.values((Object.values(documented.content)[0] as any).examples).map((e: any) => JSON.stringify(e.value));
      assert.ok(examples.includes(JSON.stringify(JSON.parse(body))), `${v.file}: its body is not the spec's example`);
    }
  });
});

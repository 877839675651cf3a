// Mollie against what Mollie wrote (oracles/mollie/specs.yaml, mollie/openapi @ cfbba47b): every
// Mollie request vector is checked with test/oracles/openapi.ts against the spec's path, method
// and request body schema, and each call the connector makes is covered by one; a negative case
// proves the validator would notice a body the spec forbids.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { load as loadYaml } from "js-yaml";

import type { HttpRequest as ProtocolHttpRequest } from "../../protocol/index.js";
import { asHttp, bodyText, requestVectors } from "./helpers.js";
import { describeWithOracles, oraclePath, validateRequest, type Spec } from "./openapi.js";

const BASE = "https://api.mollie.com";

describeWithOracles("mollie: requests against Mollie's OpenAPI spec (mollie/openapi)", () => {
  let spec: Spec;
  before(() => {
    spec = loadYaml(readFileSync(oraclePath("mollie", "specs.yaml"), "utf8")) as Spec;
    assert.match(spec.openapi, /^3\./);
  });

  it("every Mollie request vector fits the spec, and every call the connector makes has one", () => {
    const vectors = requestVectors("mollie");
    assert.ok(vectors.length >= 15, `${vectors.length} request vectors`);
    const calls = new Set<string>();
    for (const v of vectors) {
      const req = v.result as ProtocolHttpRequest;
      const result = validateRequest(spec, asHttp(req), { basePath: BASE });
      assert.ok(result.pathTemplate, `${v.file}: ${result.problems.join("; ")}`);
      // The spec's schema lists redirectUrl as required, and its own description of the field says
      // it "can be omitted for recurring payments (sequenceType: recurring) and for Apple Pay
      // payments with an applePayPaymentToken": exactly those two may go without it.
      const body = req.method === "POST" && req.body ? (JSON.parse(bodyText(req)) as Record<string, unknown>) : {};
      const exempt = body["sequenceType"] === "recurring" || typeof body["applePayPaymentToken"] === "string";
      const problems = result.problems.filter((p) => !(exempt && p === "redirectUrl: required field missing"));
      assert.deepEqual(problems, [], `${v.file}: ${req.method} ${result.pathTemplate}`);
      calls.add(`${req.method} ${result.pathTemplate}`);
    }
    const made = [...calls].sort().join("\n");
    for (const call of ["POST /v2/payments", "GET /v2/payments/{paymentId}", "DELETE /v2/payments/{paymentId}", "POST /v2/payments/{paymentId}/captures", "POST /v2/payments/{paymentId}/refunds", "GET /v2/payments/{paymentId}/refunds/{refundId}", "POST /v2/customers"]) {
      assert.ok(calls.has(call), `${call} is covered by a vector; covered:\n${made}`);
    }
  });

  it("the validator notices what the spec forbids (an amount value that is a number)", () => {
    const create = requestVectors("mollie").find((v) => (v.result as ProtocolHttpRequest).method === "POST" && /\/v2\/payments$/.test((v.result as ProtocolHttpRequest).url));
    assert.ok(create, "a create-payment vector");
    const req = create.result as ProtocolHttpRequest;
    const body = JSON.parse(bodyText(req)) as { amount: { value: unknown } };
    body.amount.value = 10;
    const bad = { ...req, body: { ...(req.body as object), data: JSON.stringify(body) } } as ProtocolHttpRequest;
    const result = validateRequest(spec, asHttp(bad), { basePath: BASE });
    assert.notDeepEqual(result.problems, [], "a number where the spec wants a decimal string is a problem");
  });
});

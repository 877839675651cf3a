// Airwallex requests checked against Airwallex's own API spec (oracles/airwallex/airwallex-client-api.json,
// Swagger 2.0, "Airwallex Client Api Documentation"): every Airwallex request vector names a path and
// method the spec has, and the incrementalAuthorization vectors (a call the official Node SDK, the
// differential oracle in airwallex-sdk.test.ts, does not have) send exactly the fields of the spec's
// request model, PaymentAcceptancePaymentIntentIncrementAuthorizationRequestRaw, with its required
// ones and their types.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { HttpRequest } from "../../protocol/index.js";
import { bodyText, requestVectors } from "./helpers.js";
import { describeWithOracles, oraclePath } from "./openapi.js";

interface Swagger2Schema {
  type?: string;
  required?: string[];
  properties?: Record<string, { type?: string; $ref?: string }>;
}
interface Swagger2 {
  swagger: string;
  host: string;
  paths: Record<string, Record<string, { operationId?: string; parameters?: { in: string; schema?: { $ref?: string } }[] }>>;
  definitions: Record<string, Swagger2Schema>;
}

const INCREMENT = "/api/v1/pa/payment_intents/{id}/increment_authorization";
/** The spec's path template a concrete path fits (`{id}` matches one segment). */
const templateOf = (spec: Swagger2, path: string): string | undefined =>
  Object.keys(spec.paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path));

describeWithOracles("airwallex: requests against Airwallex's API spec", () => {
  let spec: Swagger2;
  before(() => {
    spec = JSON.parse(readFileSync(oraclePath("airwallex", "airwallex-client-api.json"), "utf8")) as Swagger2;
    assert.equal(spec.swagger, "2.0");
  });

  it("every Airwallex request vector calls a path and method of the spec", () => {
    const vectors = requestVectors("airwallex");
    assert.ok(vectors.length > 30, `only ${vectors.length} request vectors`);
    const unknown: string[] = [];
    for (const v of vectors) {
      const req = v.result as HttpRequest;
      const url = new URL(req.url);
      const template = templateOf(spec, url.pathname);
      if (!template || !spec.paths[template]![req.method.toLowerCase()]) unknown.push(`${v.file}: ${req.method} ${url.pathname}`);
    }
    assert.deepEqual(unknown, []);
  });

  it("incrementalAuthorization sends the spec's request model: its fields only, the required ones, amount a number", () => {
    const op = spec.paths[INCREMENT]?.["post"];
    assert.ok(op, `the spec has POST ${INCREMENT}`);
    assert.equal(op.operationId, "incrementAuthorizePaymentIntent");
    const ref = op.parameters?.find((p) => p.in === "body")?.schema?.$ref;
    assert.equal(ref, "#/definitions/PaymentAcceptancePaymentIntentIncrementAuthorizationRequestRaw");
    const model = spec.definitions[ref!.slice("#/definitions/".length)]!;
    const vectors = requestVectors("airwallex").filter((v) => v.flow === "incrementalAuthorization");
    assert.ok(vectors.length >= 2, "the increment's request vectors");
    for (const v of vectors) {
      const req = v.result as HttpRequest;
      assert.equal(templateOf(spec, new URL(req.url).pathname), INCREMENT, v.file);
      assert.equal(req.method, "POST");
      const body = JSON.parse(bodyText(req)) as Record<string, unknown>;
      for (const key of Object.keys(body)) assert.ok(model.properties?.[key], `${v.file}: ${key} is not in the model`);
      for (const key of model.required ?? []) assert.ok(key in body, `${v.file}: the model requires ${key}`);
      for (const [key, value] of Object.entries(body)) {
        const type = model.properties![key]!.type;
        assert.equal(type === "number" ? typeof value === "number" : typeof value === type, true, `${v.file}: ${key} is a ${type}`);
      }
    }
  });
});

/**
 * The zod protocol is the source of truth: the committed JSON Schema in schemas/ must be exactly
 * what protocol/generate.ts renders, and every shared vector (checked against the Rust side by
 * its runner) must agree with the zod schemas: valid requests validate, requests the sidecar
 * rejects as InvalidParams are rejected by zod at the same path, results fit the result schemas
 * with no field zod does not know.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { z } from "zod";
import { FLOW_REQUESTS, FLOW_RESULTS, HttpRequest, METHODS } from "../protocol/index.js";
import { renderSchemas, SCHEMAS_DIR } from "../protocol/generate.js";
import { jsonFilesUnder, VECTORS_DIR } from "./support/helpers.js";

const REGENERATE = "run `npm run gen:schemas` and commit schemas/";

/** The dotted path of zod's first issue; an unknown key is named itself, not its parent. */
function firstIssuePath(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const at = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]!] : issue.path;
  return at.map(String).join(".");
}

describe("schemas/ is generated from protocol/", function () {
  it("holds exactly the rendered files, byte for byte", function () {
    const rendered = renderSchemas();
    const committed = readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith(".json")).sort();
    const missing = [...rendered.keys()].filter((f) => !committed.includes(f)).sort();
    const extra = committed.filter((f) => !rendered.has(f));
    const differing = [...rendered]
      .filter(([f]) => committed.includes(f))
      .filter(([f, content]) => readFileSync(join(SCHEMAS_DIR, f), "utf8") !== content)
      .map(([f]) => f)
      .sort();
    const problems = [
      ...missing.map((f) => `missing: schemas/${f}`),
      ...extra.map((f) => `not generated from protocol/ (stale?): schemas/${f}`),
      ...differing.map((f) => `differs from protocol/: schemas/${f}`),
    ];
    assert.deepEqual(problems, [], `schemas/ is out of date with protocol/: ${REGENERATE}\n${problems.join("\n")}`);
  });

  it("renders every exported schema as parseable JSON Schema with its $id", function () {
    for (const [file, content] of renderSchemas()) {
      const doc = JSON.parse(content) as Record<string, unknown>;
      assert.equal(doc.title, file.replace(/\.json$/, ""));
      assert.match(String(doc.$id), /^urn:connector-sidecar:protocol:v1:/);
      assert.ok(content.endsWith("}\n"), `${file} ends with a newline`);
    }
  });
});

describe("the zod protocol agrees with every shared vector", function () {
  const files = jsonFilesUnder(VECTORS_DIR);

  it("finds vectors", function () {
    assert.ok(files.length > 0, `no vectors under ${VECTORS_DIR}`);
  });

  for (const file of files) {
    const name = relative(VECTORS_DIR, file);
    it(name, function () {
      const v = JSON.parse(readFileSync(file, "utf8")) as {
        method: "transformRequest" | "transformResponse" | "parseWebhook";
        params: { flow: string; request: unknown };
        result?: unknown;
        error?: { code: number; data?: { path?: string } };
      };
      if (v.method === "parseWebhook") {
        // A webhook has no flow: its params and its result have their own schemas.
        const params = METHODS.parseWebhook.params.safeParse(v.params);
        assert.ok(params.success, `${name}: params do not fit parseWebhook's params schema: ${params.error?.message}`);
        if (v.result !== undefined) {
          const result = METHODS.parseWebhook.result.safeParse(v.result);
          assert.ok(result.success, `${name}: result does not fit WebhookResult: ${result.error?.message}`);
          assert.deepEqual(result.data, v.result, `${name}: the result has fields protocol/ does not define`);
        }
        return;
      }
      const flow = v.params.flow;
      assert.ok(flow in FLOW_REQUESTS, `${name}: protocol/ has no request schema for flow \`${flow}\` (add it to FLOW_REQUESTS)`);
      const requestSchema = FLOW_REQUESTS[flow as keyof typeof FLOW_REQUESTS];
      const paramsSchema = METHODS[v.method].params;

      if (v.error?.code === -32602) {
        // The sidecar refuses these params; zod must refuse them at the same path.
        const parsed = paramsSchema.safeParse(v.params);
        assert.ok(!parsed.success, `${name}: the sidecar rejects these params (InvalidParams) but zod accepts them`);
        assert.equal(firstIssuePath(parsed.error), v.error.data?.path, `${name}: zod and the sidecar name different paths`);
        return;
      }

      const request = requestSchema.safeParse(v.params.request);
      assert.ok(request.success, `${name}: params.request does not fit FLOW_REQUESTS.${flow}: ${request.error?.message}`);
      const params = paramsSchema.safeParse(v.params);
      assert.ok(params.success, `${name}: params do not fit ${v.method}'s params schema: ${params.error?.message}`);

      if (v.result !== undefined) {
        const schema: z.ZodType = v.method === "transformRequest" ? HttpRequest : FLOW_RESULTS[flow as keyof typeof FLOW_RESULTS];
        const result = schema.safeParse(v.result);
        assert.ok(result.success, `${name}: result does not fit the ${v.method} result schema: ${result.error?.message}`);
        // zod drops keys it does not know: a difference means the Rust side sends a field the
        // protocol does not define.
        assert.deepEqual(result.data, v.result, `${name}: the result has fields protocol/ does not define`);
      }
    });
  }
});

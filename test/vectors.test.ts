/**
 * Runs every shared vector in test/vectors/** through the real binary via SidecarPool, twice: with
 * the answers checked against the protocol's zod schemas (`checkResults`), and as a pool answers
 * by default, unchecked: zod drops keys a schema does not declare, so the strict comparison of the
 * unchecked run also shows the answers are what the checked path would return. Compared exactly as the Rust runner (sidecar/src/vectors_test.rs) compares:
 * an expected `result` must equal the actual one; for an `error`, the code must equal and the
 * keys listed under `data` must match (the data may carry more). One test per vector file.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { SidecarError } from "../client/errors.js";
import { SidecarPool } from "../client/pool.js";
import { jsonFilesUnder, VECTORS_DIR } from "./support/helpers.js";


/**
 * The Rust runner's `check`: objects must have every expected key and, outside `error.data`, no
 * other; arrays must have the same length and match element-wise; anything else must be equal.
 */
function check(path: string, expected: unknown, actual: unknown, failures: string[], loose: boolean): void {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObject(expected) && isObject(actual)) {
    for (const [k, ev] of Object.entries(expected)) {
      const sub = `${path}.${k}`;
      if (k in actual) check(sub, ev, actual[k], failures, loose || k === "data");
      else failures.push(`${sub}: missing (expected ${JSON.stringify(ev)})`);
    }
    if (!loose) {
      for (const k of Object.keys(actual).filter((k) => !(k in expected))) {
        failures.push(`${path}.${k}: unexpected (got ${JSON.stringify(actual[k])})`);
      }
    }
  } else if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    expected.forEach((ev, i) => check(`${path}[${i}]`, ev, actual[i], failures, loose));
  } else if (!isDeepStrictEqual(expected, actual)) {
    failures.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

interface Vector {
  description?: string;
  method: "transformRequest" | "transformResponse" | "parseWebhook";
  params: unknown;
  result?: unknown;
  error?: unknown;
}

const files = jsonFilesUnder(VECTORS_DIR);

for (const checkResults of [true, false]) describe(`shared vectors through the binary (SidecarPool, params validated, answers ${checkResults ? "checked" : "unchecked (the default)"})`, function () {
  let pool: SidecarPool;

  before(async function () {
    pool = await SidecarPool.start({ size: 2, validate: true, checkResults, onLog: () => {} });
  });

  after(async function () {
    await pool?.close();
  });

  it("finds vectors", function () {
    assert.ok(files.length > 0, `no vectors under ${VECTORS_DIR}`);
  });

  for (const file of files) {
    const name = relative(VECTORS_DIR, file);
    it(name, async function () {
      const v = JSON.parse(readFileSync(file, "utf8")) as Vector;
      assert.ok(
        v.method === "transformRequest" || v.method === "transformResponse" || v.method === "parseWebhook",
        `${name}: unknown method ${JSON.stringify(v.method)}`,
      );
      assert.ok(("result" in v) !== ("error" in v), `${name}: a vector needs exactly one of \`result\` or \`error\``);
      let actual: unknown;
      let error: unknown;
      try {
        actual = await pool.call(v.method, v.params);
      } catch (e) {
        error = e;
      }
      const failures: string[] = [];
      if (v.result !== undefined) {
        if (error !== undefined) failures.push(`expected a result, got error ${(error as Error).message}`);
        else check("result", v.result, actual, failures, false);
      } else if (error === undefined) {
        failures.push(`expected an error, got ${JSON.stringify(actual)}`);
      } else if (!(error instanceof SidecarError)) {
        failures.push(`expected a SidecarError, got ${(error as Error).name}: ${(error as Error).message}`);
      } else {
        check("error", v.error, { code: error.code, data: error.data }, failures, false);
      }
      assert.deepEqual(failures, [], `${name} (${v.description ?? "no description"}):\n${failures.join("\n")}`);
    });
  }
});

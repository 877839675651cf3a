/**
 * Every connector names its sensitive fields and headers once, in its declaration
 * (`sensitiveFields` in listConnectors), and redact() learns them from there. This checks the
 * declarations against the shared vectors: every header a vector's request marks sensitive, every
 * field or header of a built request that carries one of the vector's secrets (a credential, a
 * CVC, a webhook's signature), every secret-named field of a processor's answer, and every
 * signature header or field of a webhook, is named by its connector's sensitiveFields or
 * authFields (or is `Authorization`, which every logger masks).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { SidecarPool } from "../client/index.js";
import { headerEntries, type ConnectorInfo, type ReceivedHeaders } from "../protocol/index.js";
import { jsonFilesUnder, REPO_ROOT, VECTORS_DIR } from "./support/helpers.js";

/** Param names whose values are secrets (as test/support/secrets.ts reads the vectors' params). */
const SECRET_PARAM = /key|secret|salt|token|password|signature|sig$|^cvc$|^cvv$|securitycode/i;
/**
 * A bare `key`, a bare `token` (PayPal's redirect token is the order id), a salt index, an
 * idempotency key or an id (PayPal's `approval_token_id`, the setup token's id) is no secret.
 */
const NOT_SECRET = /^(key|token|saltindex)$|idempotency|(_id|Id)$/;
/** Headers of a received webhook that carry its signature. */
const SIGNATURE_HEADER = /signature|verify|hmac|-sig$/i;
/** Fields of a processor's answer or webhook that hold a secret by their name. */
const SECRET_FIELD = /secret|password|signature|hmac|^access_?token$|^refresh_?token$|_sig$/i;

const isSecretParam = (name: string) =>
  SECRET_PARAM.test(name) && !NOT_SECRET.test(name) && !NOT_SECRET.test(name.toLowerCase().replace(/[-_]/g, ""));

type Leaf = { path: string[]; value: string };

/** Every string (or number) leaf of a JSON value, with the keys that lead to it. */
function leaves(value: unknown, path: string[] = []): Leaf[] {
  if (typeof value === "string" || typeof value === "number") return [{ path, value: String(value) }];
  if (Array.isArray(value)) return value.flatMap((v) => leaves(v, path));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [];
}

/** A body's fields: JSON or a form (`a[b][c]=v` is the path a, b, c); undefined for other text. */
function bodyLeaves(text: string): Leaf[] | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return leaves(JSON.parse(trimmed));
    } catch {
      return undefined;
    }
  }
  if (/^[^=&\s]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)*$/.test(trimmed)) {
    return [...new URLSearchParams(trimmed)].map(([k, v]) => ({ path: k.split(/[[\]]+/).filter(Boolean), value: v }));
  }
  return undefined;
}

/** The secrets of a vector's params: credentials, CVCs, signing secrets, webhook signatures. */
function secretsOf(params: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, key: string) => {
    if (typeof value === "string") {
      if (isSecretParam(key) && value.length >= 3) found.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) {
        const h = v as { name?: unknown; value?: unknown };
        if (typeof h?.name === "string" && typeof h.value === "string") {
          if (isSecretParam(h.name) && h.value.length >= 8) found.add(h.value);
        } else walk(v, key);
      }
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  walk(params, "");
  return [...found];
}

interface Vector {
  method: string;
  params: { connector: string; flow?: string; auth?: unknown; request?: unknown; response?: { body?: string }; headers?: ReceivedHeaders; body?: string };
  result?: { headers?: { name: string; value: string; sensitive: boolean }[]; body?: { data: string } | null };
}

describe("sensitiveFields (each connector's, from listConnectors)", function () {
  let byName: Map<string, ConnectorInfo>;

  before(async () => {
    const pool = await SidecarPool.start({ size: 1 });
    try {
      byName = new Map((await pool.listConnectors()).map((c) => [c.name, c]));
    } finally {
      await pool.close();
    }
  });

  it("every connector declares some, none twice and none that is already a credential name", function () {
    for (const c of byName.values()) {
      assert.ok(c.sensitiveFields.length > 0, `${c.name} declares no sensitive field`);
      const lower = [...c.authFields.map((f) => f.name), ...c.sensitiveFields].map((f) => f.toLowerCase());
      assert.equal(new Set(lower).size, lower.length, `${c.name}: ${c.sensitiveFields.join(", ")}`);
    }
  });

  it("names every sensitive header and field that appears in the vectors", function () {
    const problems: string[] = [];
    const counted = { headers: 0, fields: 0 };
    for (const file of jsonFilesUnder(VECTORS_DIR)) {
      const where = relative(REPO_ROOT, file);
      const v = JSON.parse(readFileSync(file, "utf8")) as Vector;
      const c = byName.get(v.params.connector);
      if (!c) continue; // vectors of unknown connectors test the error
      const listed = new Set(["authorization", ...c.authFields.map((f) => f.name), ...c.sensitiveFields].map((n) => n.toLowerCase()));
      const named = (path: string[]) => path.some((k) => listed.has(k.toLowerCase()));
      const need = (kind: "headers" | "fields", path: string[], why: string) => {
        counted[kind]++;
        if (!named(path)) problems.push(`${where}: ${c.name} does not list ${path.join(".")} (${why})`);
      };
      const secrets = secretsOf(v.params);
      // A long secret anywhere in a value (a credential inside a signature header); a short one (a
      // CVC) only as the whole value.
      const holdsSecret = (value: string) => secrets.some((s) => (s.length >= 8 ? value.includes(s) : value === s));
      if (v.method === "transformRequest" && v.result) {
        for (const h of v.result.headers ?? []) {
          if (h.sensitive) need("headers", [h.name], "a header the connector marks sensitive");
          else if (holdsSecret(h.value)) problems.push(`${where}: header ${h.name} carries a secret and is not marked sensitive`);
        }
        const data = v.result.body?.data;
        if (data !== undefined) {
          const fields = bodyLeaves(data);
          if (fields === undefined) {
            if (holdsSecret(data)) problems.push(`${where}: a body that is neither JSON nor a form holds a secret`);
          } else {
            for (const f of fields) if (holdsSecret(f.value)) need("fields", f.path, "it carries a secret of the params");
          }
        }
      }
      if (v.method === "transformResponse" && typeof v.params.response?.body === "string") {
        for (const f of bodyLeaves(v.params.response.body) ?? []) {
          if (SECRET_FIELD.test(f.path.at(-1) ?? "")) need("fields", f.path, "a secret-named field of the processor's answer");
        }
      }
      if (v.method === "parseWebhook") {
        for (const h of headerEntries(v.params.headers)) if (SIGNATURE_HEADER.test(h.name)) need("headers", [h.name], "a webhook's signature header");
        for (const f of bodyLeaves(v.params.body ?? "") ?? []) {
          if (SECRET_FIELD.test(f.path.at(-1) ?? "")) need("fields", f.path, "a secret-named field of a webhook");
        }
      }
    }
    assert.deepEqual([...new Set(problems)], []);
    // The check means something only if the vectors show sensitive headers and fields at all.
    assert.ok(counted.headers > 50 && counted.fields > 50, JSON.stringify(counted));
  });
});

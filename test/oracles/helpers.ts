// Shared pieces of the oracle tests (spec validation, SDK differential, response mapping):
// the shared vectors, the processors' base URLs, body decoding, a field-by-field diff of two
// decoded bodies, and masking so that no failure message ever prints a card number or a key.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import type { HttpRequest as ProtocolHttpRequest } from "../../protocol/index.js";
import { decodeForm, type HttpRequest } from "./openapi.js";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const VECTORS_DIR = join(REPO_ROOT, "test", "vectors");

// ---------------------------------------------------------------------------------------------
// Where the processors are

export const STRIPE_BASE = "https://api.stripe.com";
/** Adyen Checkout v71, test environment; the spec's paths are relative to this. */
export const ADYEN_TEST_BASE = "https://checkout-test.adyen.com/v71";
/**
 * Adyen Checkout v71, live environment: `https://{prefix}-checkout-live.adyenpayments.com/checkout/v71`
 * (https://docs.adyen.com/development-resources/live-endpoints). `prefix` is the merchant's
 * live endpoint URL prefix from the Customer Area.
 */
export function adyenLiveBase(prefix: string): string {
  return `https://${prefix}-checkout-live.adyenpayments.com/checkout/v71`;
}

export const STRIPE_SPEC = ["stripe", "spec3.2023-09-12.json"] as const;
export const STRIPE_FIXTURES = ["stripe", "fixtures3.json"] as const;
export const ADYEN_SPEC = ["adyen", "CheckoutService-v71.json"] as const;

// ---------------------------------------------------------------------------------------------
// Shared vectors: test/vectors/<connector>/<flow>/*.json

export interface Vector {
  /** Path relative to test/vectors, e.g. "stripe/authorize/card-manual-jpy.json". */
  file: string;
  connector: string;
  flow: string;
  description?: string;
  method: string;
  params: Record<string, unknown>;
  result?: unknown;
  error?: { code: number; data?: Record<string, unknown> };
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Every vector of one connector (all flows), sorted by file name; [] when it has none. */
export function loadVectors(connector: string): Vector[] {
  const root = join(VECTORS_DIR, connector);
  if (!isDir(root)) return [];
  const out: Vector[] = [];
  for (const flow of readdirSync(root).sort()) {
    const flowDir = join(root, flow);
    if (!isDir(flowDir)) continue;
    for (const name of readdirSync(flowDir).sort()) {
      if (!name.endsWith(".json")) continue;
      const v = JSON.parse(readFileSync(join(flowDir, name), "utf8")) as Omit<Vector, "file" | "connector" | "flow">;
      out.push({ ...v, file: `${connector}/${flow}/${name}`, connector, flow });
    }
  }
  return out;
}

/** The transformRequest vectors that expect a result (not an error). */
export function requestVectors(connector: string): Vector[] {
  return loadVectors(connector).filter((v) => v.method === "transformRequest" && v.result !== undefined);
}

// ---------------------------------------------------------------------------------------------
// Masking

/** Masks digit runs that look like card numbers: 4242424242424242 → 424242******4242. */
export function maskPans(s: string): string {
  return s.replace(/\d{12,19}/g, (d) => `${d.slice(0, 6)}${"*".repeat(d.length - 10)}${d.slice(-4)}`);
}

/** A value for a failure message: JSON, card numbers masked, cut to `max` characters. */
export function show(v: unknown, max = 80): string {
  const s = maskPans(v === undefined ? "undefined" : typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v)));
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

// ---------------------------------------------------------------------------------------------
// Requests

/** Our HttpRequest (protocol) as the validator's type; they are the same shape. */
export function asHttp(req: ProtocolHttpRequest): HttpRequest {
  return req as HttpRequest;
}

/** A header's value, by case-insensitive name. */
export function headerOf(req: { headers: { name: string; value: string }[] }, name: string): string | undefined {
  return req.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(";")[0].trim().toLowerCase();
}

/** The raw body text of an HttpRequest ("" when it has none). */
export function bodyText(req: HttpRequest | ProtocolHttpRequest): string {
  if (!req.body) return "";
  return req.body.encoding === "base64" ? Buffer.from(req.body.data, "base64").toString("utf8") : req.body.data;
}

/**
 * Decodes a body by its media type: form (Stripe's bracketed keys) into nested objects with string
 * leaves, JSON as is. `null` for no body.
 */
export function decodeBody(contentType: string | undefined, raw: string): Record<string, unknown> | null {
  if (raw === "") return null;
  const mt = mediaType(contentType);
  if (mt === "application/x-www-form-urlencoded") return decodeForm(raw);
  if (mt === "application/json" || mt?.endsWith("+json")) return JSON.parse(raw) as Record<string, unknown>;
  throw new Error(`cannot decode a ${contentType} body`);
}

/** A deep copy of a JSON-shaped value. */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Replaces an HttpRequest's body data (keeps everything else). */
export function withBody(req: HttpRequest, data: string): HttpRequest {
  if (!req.body) throw new Error("request has no body");
  return { ...req, body: { ...req.body, encoding: "utf8", data } };
}

// ---------------------------------------------------------------------------------------------
// Field-by-field comparison

/** `{a: {b: [1]}}` → Map { "a.b[0]" => 1 }. Empty objects and arrays are leaves too. */
export function leaves(value: unknown, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      if (v.length === 0) out.set(path, []);
      v.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length === 0 && path !== "") out.set(path, {});
      for (const [k, item] of entries) walk(item, path === "" ? k : `${path}.${k}`);
    } else {
      out.set(path, v);
    }
  };
  walk(value, prefix);
  return out;
}

export type DifferenceKind = "ours only" | "sdk only" | "value differs";

export interface Difference {
  path: string;
  kind: DifferenceKind;
  ours?: unknown;
  sdk?: unknown;
}

/** Every leaf where the two bodies differ, sorted by path. */
export function diffFields(ours: unknown, sdk: unknown): Difference[] {
  const a = leaves(ours);
  const b = leaves(sdk);
  const out: Difference[] = [];
  for (const [path, v] of a) {
    if (!b.has(path)) out.push({ path, kind: "ours only", ours: v });
    else if (JSON.stringify(v) !== JSON.stringify(b.get(path))) out.push({ path, kind: "value differs", ours: v, sdk: b.get(path) });
  }
  for (const [path, v] of b) if (!a.has(path)) out.push({ path, kind: "sdk only", sdk: v });
  return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** A difference we know about and accept, with the reason written down. */
export interface ExpectedDifference {
  path: string;
  kind: DifferenceKind;
  why: string;
}

export function describeDifference(d: Difference): string {
  switch (d.kind) {
    case "ours only":
      return `${d.path}: only ours sends it (${show(d.ours)})`;
    case "sdk only":
      return `${d.path}: only the SDK sends it (${show(d.sdk)})`;
    default:
      return `${d.path}: ours ${show(d.ours)}, the SDK ${show(d.sdk)}`;
  }
}

/**
 * Checks that the differences are exactly the expected ones: an unexpected difference and an
 * expected one that did not occur are both reported (so the list cannot go stale).
 */
export function unexplained(found: Difference[], expected: ExpectedDifference[]): string[] {
  const problems: string[] = [];
  for (const d of found) {
    if (!expected.some((e) => e.path === d.path && e.kind === d.kind)) problems.push(`unexpected: ${describeDifference(d)}`);
  }
  for (const e of expected) {
    if (!found.some((d) => d.path === e.path && d.kind === e.kind)) problems.push(`expected but absent: ${e.path} (${e.kind}: ${e.why})`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Processors' test cards (https://docs.stripe.com/testing, https://docs.adyen.com/development-resources/test-cards)

export const STRIPE_VISA = "4242424242424242";
export const ADYEN_VISA = "4111111111111111";
export const ADYEN_MASTERCARD = "5555555555554444";

/**
 * The pool's compiled check of the transforms' params (client/params-check.ts) lets a call skip
 * zod only when zod would pass it too. Held here to zod's verdict, call by call: every shared
 * vector, thousands of seeded mutations of them (a key dropped, an unknown key added, a value of
 * another type or shape put in, the flow changed), and HttpResponse's refinements (bodyJson and
 * body), which zod writes no JSON Schema for and protocol/ declares a second time for JSON Schema.
 * Failures name the vector and the mutation, never the values (vectors hold test card numbers).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { FlowName, METHODS } from "../protocol/index.js";
import { passesCompiledCheck } from "../client/params-check.js";
import { jsonFilesUnder, VECTORS_DIR } from "./support/helpers.js";

type Method = "transformRequest" | "transformResponse";
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Case {
  what: string;
  method: Method;
  params: unknown;
}

const VECTORS: Case[] = jsonFilesUnder(VECTORS_DIR).flatMap((file) => {
  const v = JSON.parse(readFileSync(file, "utf8")) as { method?: string; params?: unknown };
  return v.method === "transformRequest" || v.method === "transformResponse"
    ? [{ what: relative(VECTORS_DIR, file), method: v.method, params: v.params }]
    : [];
});

/** mulberry32: the same mutations on every run, so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every place in `value`: the path to each object, array and leaf under the root. */
function places(value: Json, path: (string | number)[] = []): { path: (string | number)[]; value: Json }[] {
  const here = path.length ? [{ path, value }] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => places(v, [...path, i]))];
  if (value && typeof value === "object") return [...here, ...Object.entries(value).flatMap(([k, v]) => places(v, [...path, k]))];
  return here;
}

function parentOf(root: Json, path: (string | number)[]): Record<string | number, Json> {
  let node = root as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, Json>;
  return node;
}

/** Values of other types and shapes, and strings near the protocol's patterns and lengths. */
const REPLACEMENTS: [string, Json][] = [
  ["null", null],
  ["true", true],
  ["0", 0],
  ["-1", -1],
  ["1.5", 1.5],
  ["2^53", 2 ** 53],
  // Not JSON, but what a caller's object can hold; JSON.stringify would write null or drop the key.
  ["NaN", NaN as Json],
  ["Infinity", Infinity as Json],
  ["undefined", undefined as unknown as Json],
  ["empty string", ""],
  ["'x'", "x"],
  ["65 emoji (65 code points, 130 UTF-16 units)", "😀".repeat(65)],
  ["Arabic-Indic digits", "٣٣٣٣"],
  ["'12'", "12"],
  ["'2030'", "2030"],
  ["'USD'", "USD"],
  ["'usd'", "usd"],
  ["'US'", "US"],
  ["digits of card length", "4000056655665556"],
  ["an email", "a@b.example"],
  ["empty array", []],
  ["empty object", {}],
  ["object with a string", { value: "v" }],
];

function mutations(c: Case, random: () => number, count: number): Case[] {
  const all = places(c.params as Json);
  const objects = all.filter((p) => p.value !== null && typeof p.value === "object" && !Array.isArray(p.value));
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    const params = structuredClone(c.params) as Json;
    const kind = Math.floor(random() * 4);
    let what: string;
    if (kind === 0 && all.length) {
      const at = pick(all);
      delete parentOf(params, at.path)[at.path.at(-1)!];
      what = `dropped ${at.path.join(".")}`;
    } else if (kind === 1) {
      const at = objects.length && random() < 0.8 ? pick(objects).path : [];
      const target = (at.length ? parentOf(params, at)[at.at(-1)!] : params) as Record<string, Json>;
      target.zzUnknown = "x";
      what = `unknown key at ${at.join(".") || "(root)"}`;
    } else if (kind === 2 && all.length) {
      const at = pick(all);
      const [name, value] = pick(REPLACEMENTS);
      parentOf(params, at.path)[at.path.at(-1)!] = structuredClone(value);
      what = `${at.path.join(".")} := ${name}`;
    } else {
      const flow = random() < 0.9 ? pick(FlowName.options) : "noSuchFlow";
      (params as Record<string, Json>).flow = flow;
      what = `flow := ${flow}`;
    }
    out.push({ what: `${c.what}: ${what}`, method: c.method, params });
  }
  return out;
}

/** HttpResponse's two refinements: bodyJson and bodyJsonBytes go together; bodyJson replaces body (utf8 only). */
function bodyJsonCases(c: Case): Case[] {
  const params = c.params as { response?: Record<string, Json> };
  if (c.method !== "transformResponse" || !params.response) return [];
  const { body: _body, encoding: _encoding, ...rest } = params.response;
  const variants: [string, Record<string, Json>][] = [
    ["bodyJson + bodyJsonBytes, no body", { ...rest, bodyJson: { a: 1 }, bodyJsonBytes: 7 }],
    ["bodyJson null + bodyJsonBytes", { ...rest, bodyJson: null, bodyJsonBytes: 4 }],
    ["bodyJson without bodyJsonBytes", { ...rest, bodyJson: { a: 1 } }],
    ["bodyJsonBytes without bodyJson", { ...rest, bodyJsonBytes: 7 }],
    ["bodyJson beside body", { ...rest, body: "{}", bodyJson: {}, bodyJsonBytes: 2 }],
    ["bodyJson with encoding base64", { ...rest, encoding: "base64", bodyJson: {}, bodyJsonBytes: 2 }],
    ["bodyJson with encoding utf8", { ...rest, encoding: "utf8", bodyJson: {}, bodyJsonBytes: 2 }],
    ["bodyJsonBytes -1", { ...rest, bodyJson: {}, bodyJsonBytes: -1 }],
    ["bodyJsonBytes 1.5", { ...rest, bodyJson: {}, bodyJsonBytes: 1.5 }],
    ["body with encoding base64", { ...rest, body: "e30=", encoding: "base64" }],
  ];
  return variants.map(([what, response]) => ({ what: `${c.what}: ${what}`, method: c.method, params: { ...params, response } }));
}

function disagreements(cases: Case[]): { problems: string[]; valid: number; invalid: number } {
  const problems: string[] = [];
  let valid = 0;
  for (const c of cases) {
    const zod = METHODS[c.method].params.safeParse(c.params).success;
    const compiled = passesCompiledCheck(c.method, c.params);
    if (zod) valid++;
    if (compiled !== zod) problems.push(`${c.what}: zod ${zod ? "passes" : "refuses"}, the compiled check ${compiled ? "passes" : "refuses"}`);
  }
  return { problems, valid, invalid: cases.length - valid };
}

describe("the pool's compiled check of the transforms' params agrees with zod", function () {
  this.timeout(120_000);

  it("has vectors of both transforms to start from", function () {
    assert.ok(VECTORS.filter((c) => c.method === "transformRequest").length > 500, "transformRequest vectors");
    assert.ok(VECTORS.filter((c) => c.method === "transformResponse").length > 500, "transformResponse vectors");
  });

  it("gives zod's verdict on every shared vector", function () {
    const { problems, valid } = disagreements(VECTORS);
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} disagreements`);
    assert.ok(valid > 1000, `most vectors are valid calls (${valid})`);
  });

  it("gives zod's verdict on seeded mutations of every vector", function () {
    const random = prng(0x15);
    const cases = VECTORS.flatMap((c) => mutations(c, random, 6));
    const { problems, valid, invalid } = disagreements(cases);
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} of ${cases.length} mutations disagree`);
    // Both verdicts are exercised, or agreement would prove little.
    assert.ok(valid > 1000 && invalid > 5000, `valid ${valid}, invalid ${invalid}`);
  });

  it("gives zod's verdict on HttpResponse's bodyJson rules (declared twice: a refinement and JSON Schema)", function () {
    const cases = VECTORS.flatMap(bodyJsonCases);
    assert.ok(cases.length > 2000, `cases ${cases.length}`);
    const { problems, valid, invalid } = disagreements(cases);
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} of ${cases.length} disagree`);
    assert.ok(valid > 500 && invalid > 500, `valid ${valid}, invalid ${invalid}`);
  });

  it("counts a string's length in code points, as zod does (Apple Pay's displayName, at most 64)", function () {
    const session = VECTORS.find((c) => c.what === "adyen/createSession/apple-pay-merchant-session.json");
    assert.ok(session, "the Adyen Apple Pay session vector");
    const withName = (displayName: string) => {
      const params = structuredClone(session.params) as { request: { applePayMerchantValidation: { displayName: string } } };
      params.request.applePayMerchantValidation.displayName = displayName;
      return params;
    };
    // An emoji is one code point and two UTF-16 units: 64 of them fit, 65 do not.
    const names: [string, string, boolean][] = [
      ["64 emoji", "😀".repeat(64), true],
      ["65 emoji", "😀".repeat(65), false],
      ["64 letters", "x".repeat(64), true],
      ["65 letters", "x".repeat(65), false],
    ];
    for (const [what, name, expected] of names) {
      const params = withName(name);
      assert.equal(METHODS.transformRequest.params.safeParse(params).success, expected, `zod, ${what}`);
      assert.equal(passesCompiledCheck("transformRequest", params), expected, `compiled check, ${what}`);
    }
  });

  it("answers 'ask zod' for other methods and params without a known flow", function () {
    const stripe = VECTORS.find((c) => c.method === "transformRequest")!.params as Record<string, unknown>;
    assert.equal(passesCompiledCheck("transformRequest", stripe), true);
    assert.equal(passesCompiledCheck("transformRequest", { ...stripe, flow: "noSuchFlow" }), false);
    assert.equal(passesCompiledCheck("transformRequest", { ...stripe, flow: 1 }), false);
    assert.equal(passesCompiledCheck("transformRequest", null), false);
    assert.equal(passesCompiledCheck("parseWebhook", stripe), false);
  });
});

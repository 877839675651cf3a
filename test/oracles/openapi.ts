// An OpenAPI request validator for the oracle tests.
//
// Checks an HttpRequest (what the sidecar's transformRequest returns) against a processor's own
// published OpenAPI document (oracles/, vendored): path and method, path/query/header parameters,
// credentials, content type, and the body, form-encoded (Stripe) or JSON (Adyen), against the
// requestBody schema. OpenAPI 3.0 and 3.1 documents are both understood.
//
// Deliberate choices, so that the oracle catches mistakes instead of waving them through:
// - an object schema that lists `properties` but says nothing about `additionalProperties` is
//   treated as closed: a key the spec does not name is a problem (Stripe's spec leaves most nested
//   hashes open in the JSON-Schema sense, though its API rejects unknown keys);
// - `oneOf` is checked like `anyOf` (the value must fit at least one alternative); specs are
//   too loose for "exactly one" to be meaningful;
// - `format` is not checked; `pattern`, lengths, bounds, `enum`, `const`, `readOnly` are (a
//   required readOnly property is required in responses only, as OpenAPI 3 says).
// Problems never quote a long digit string in full (card numbers are masked).

import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// ---------------------------------------------------------------------------------------------
// Types

/** The sidecar's transformRequest result (see /work/shared/PROTOCOL.md, "HttpRequest"). */
export interface HttpRequest {
  url: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  headers: { name: string; value: string; sensitive: boolean }[];
  body: null | { contentType: string; encoding: "utf8" | "base64"; data: string; sensitive: boolean };
}

/** A JSON Schema / OpenAPI schema object, loosely typed: only the keywords we read are named. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, SchemaLike>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: SchemaLike;
  anyOf?: SchemaLike[];
  oneOf?: SchemaLike[];
  allOf?: SchemaLike[];
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  readOnly?: boolean;
  deprecated?: boolean;
  title?: string;
  [extension: string]: unknown;
}
/** OpenAPI 3.1 allows `true`/`false` wherever a schema goes. */
export type SchemaLike = Schema | boolean;

export interface Parameter {
  $ref?: string;
  name: string;
  in: "query" | "header" | "path" | "cookie";
  required?: boolean;
  schema?: SchemaLike;
  deprecated?: boolean;
}

export interface MediaType {
  schema?: SchemaLike;
}

export interface RequestBody {
  $ref?: string;
  required?: boolean;
  content?: Record<string, MediaType>;
}

export type SecurityRequirement = Record<string, string[]>;

export interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: RequestBody;
  security?: SecurityRequirement[];
  deprecated?: boolean;
  /** The operation's own servers, when they differ from the spec's (Stripe's file upload). */
  servers?: { url: string }[];
}

export type PathItem = { parameters?: Parameter[] } & Partial<Record<Lowercase<HttpRequest["method"]>, Operation>>;

export interface SecurityScheme {
  type: "http" | "apiKey" | "oauth2" | "openIdConnect" | "mutualTLS";
  scheme?: string;
  name?: string;
  in?: "header" | "query" | "cookie";
}

export interface Spec {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, PathItem>;
  components?: {
    schemas?: Record<string, SchemaLike>;
    parameters?: Record<string, Parameter>;
    requestBodies?: Record<string, RequestBody>;
    securitySchemes?: Record<string, SecurityScheme>;
  };
  security?: SecurityRequirement[];
  [key: string]: unknown;
}

/**
 * Replaces (or adds) the schema of one body field of one operation, for facts the published
 * spec leaves out. Every use must say why.
 */
export interface SchemaOverride {
  /** `"POST /v1/payment_intents"`: method and the spec's path template. */
  operation: string;
  /** Property names from the body root, e.g. `["payment_method_data", "card"]`; `"*"` matches any one. */
  field: string[];
  /** Receives the spec's own schema of that field (undefined when the spec has none). */
  schema: (original: SchemaLike | undefined) => SchemaLike;
  why: string;
}

export interface ValidateOptions {
  /** The URL prefix that maps to the spec's paths, e.g. "https://api.stripe.com" or
   * "https://checkout-test.adyen.com/v71". Default: the spec's first server URL. */
  basePath?: string;
  /** Check that the request carries credentials for one of the operation's security schemes,
   * and that those headers are marked sensitive. Default true. */
  checkAuth?: boolean;
  overrides?: SchemaOverride[];
}

export interface ValidationResult {
  operationId?: string;
  /** The spec's path template that matched, e.g. "/v1/payment_intents/{intent}". */
  pathTemplate?: string;
  /** Human-readable, each naming the field; empty means valid. */
  problems: string[];
  /** Deprecated fields or operations in use: not wrong, worth knowing. */
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// Where the oracles are

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The one place the mocha tests look for the processors' own specs and samples (the Rust tests'
 * twin is sidecar/src/oracles.rs): `$ORACLES_DIR` if set (relative to the repository root, or
 * absolute), else the repository's vendored `oracles/` (sources and licences in oracles/README.md).
 * Whether it exists is checked where it is used: a missing oracle fails its test, never skips it.
 */
export function oraclesDir(): string {
  const configured = process.env.ORACLES_DIR;
  return resolve(repoRoot, configured || "oracles");
}

function missingOracle(path: string): Error {
  const configured = process.env.ORACLES_DIR;
  const why = configured ? `ORACLES_DIR=${configured}` : "the repository vendors it under oracles/";
  return new Error(`oracle not found: ${path} (${why})`);
}

/** A file or folder inside the oracles folder; throws naming it when it does not exist. */
export function oraclePath(...parts: string[]): string {
  const path = resolve(oraclesDir(), ...parts);
  if (!existsSync(path)) throw missingOracle(path);
  return path;
}

/**
 * A mocha `describe` over the oracles folder. When the folder is not there, the describe holds one
 * test that fails and says where it looked, so a run without its oracles can never pass.
 */
export function describeWithOracles(title: string, fn: (dir: string) => void): void {
  const dir = oraclesDir();
  describe(title, () => {
    if (isDir(dir)) fn(dir);
    else {
      it("finds the oracles folder", () => {
        throw missingOracle(dir);
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Loading

const specCache = new Map<string, Spec>();

/** Parses an OpenAPI JSON document once per process (the Stripe one is 2.6 MB). */
export function loadSpec(path: string): Spec {
  const abs = resolve(path);
  let spec = specCache.get(abs);
  if (!spec) {
    if (!existsSync(abs)) throw new Error(`OpenAPI document not found: ${abs}`);
    spec = JSON.parse(readFileSync(abs, "utf8")) as Spec;
    if (typeof spec.openapi !== "string" || !spec.openapi.startsWith("3.")) {
      throw new Error(`${abs}: not an OpenAPI 3.x document (openapi: ${String(spec.openapi)})`);
    }
    specCache.set(abs, spec);
  }
  return spec;
}

// ---------------------------------------------------------------------------------------------
// Form decoding (shared with sdk-capture.ts)

function setOwn(target: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  // defineProperty, so that a key such as "__proto__" becomes data, not a prototype change
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Splits `a[b][0]` into `["a", "b", "0"]`; a key that is not of that shape stays whole. */
function splitFormKey(key: string): string[] {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!m) return [key];
  const segs = [m[1]];
  for (const part of m[2].matchAll(/\[([^[\]]*)\]/g)) segs.push(part[1]);
  return segs;
}

const isIndex = (s: string) => /^(0|[1-9]\d{0,8})$/.test(s);

/**
 * Decodes an `application/x-www-form-urlencoded` body (or a query string) whose keys use
 * brackets, as Stripe's do: `card[number]=4242&expand[0]=customer&items[][price]=p` becomes
 * `{card: {number: "4242"}, expand: ["customer"], items: [{price: "p"}]}`. A container whose first
 * key is an index (or `[]`) becomes an array. Values stay strings. Throws on keys that contradict
 * each other (`a=1&a[b]=2`) or repeat.
 */
export function decodeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const text = body.startsWith("?") ? body.slice(1) : body;
  for (const [key, value] of new URLSearchParams(text)) {
    const segs = splitFormKey(key);
    let container: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < segs.length; i++) {
      const last = i === segs.length - 1;
      let seg: string | number = segs[i];
      if (Array.isArray(container)) {
        if (seg === "") seg = container.length;
        else if (isIndex(seg)) seg = Number(seg);
        else throw new Error(`form key ${key}: "${seg}" used as a key of a list`);
      } else if (seg === "") {
        throw new Error(`form key ${key}: "[]" used on a hash`);
      }
      const existing: unknown = (container as Record<string | number, unknown>)[seg];
      const has = Object.prototype.hasOwnProperty.call(container, seg);
      if (last) {
        if (has) throw new Error(`form key ${key} given more than once, or also used as a hash`);
        setOwn(container, seg, value);
      } else if (has) {
        if (existing === null || typeof existing !== "object") {
          throw new Error(`form key ${key}: ${segs.slice(0, i + 1).join(".")} is both a value and a hash`);
        }
        container = existing as Record<string, unknown> | unknown[];
      } else {
        const next = segs[i + 1];
        const child: Record<string, unknown> | unknown[] = next === "" || isIndex(next) ? [] : {};
        setOwn(container, seg, child);
        container = child;
      }
    }
  }
  return root;
}

// ---------------------------------------------------------------------------------------------
// References and schema flattening

function unescapePointer(s: string): string {
  return s.replace(/~1/g, "/").replace(/~0/g, "~");
}

function resolveRef<T = unknown>(spec: Spec, ref: string): T {
  if (!ref.startsWith("#/")) throw new Error(`only local $ref is supported, got ${ref}`);
  let node: unknown = spec;
  for (const raw of ref.slice(2).split("/")) {
    const key = unescapePointer(decodeURIComponent(raw));
    if (node === null || typeof node !== "object" || !(key in (node as object))) {
      throw new Error(`$ref ${ref} does not resolve`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node as T;
}

function deref<T extends { $ref?: string }>(spec: Spec, obj: T): T {
  let cur = obj;
  for (let i = 0; cur && cur.$ref && i < 32; i++) cur = resolveRef<T>(spec, cur.$ref);
  return cur;
}

function refName(ref: string): string {
  return unescapePointer(ref.slice(ref.lastIndexOf("/") + 1));
}

function without<T extends object>(obj: T, key: string): Partial<T> {
  const copy = { ...obj } as Record<string, unknown>;
  delete copy[key];
  return copy as Partial<T>;
}

/**
 * Resolves `$ref` (with 3.1 sibling keywords) and `allOf` into a list of plain schemas that all
 * apply. `false` stays as a leaf; `true` and annotation-only parts vanish.
 */
function flatten(spec: Spec, schema: SchemaLike | undefined, seen: ReadonlySet<string> = new Set()): SchemaLike[] {
  if (schema === undefined || schema === true) return [];
  if (schema === false) return [false];
  if (typeof schema !== "object" || schema === null) return [];
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return [];
    const next = new Set(seen).add(schema.$ref);
    const target = resolveRef<SchemaLike>(spec, schema.$ref);
    return [...flatten(spec, target, next), ...flatten(spec, without(schema, "$ref") as Schema, seen)];
  }
  if (schema.allOf) {
    const parts = schema.allOf.flatMap((s) => flatten(spec, s, seen));
    return [...parts, ...flatten(spec, without(schema, "allOf") as Schema, seen)];
  }
  return [schema];
}

// ---------------------------------------------------------------------------------------------
// Value checking

type Seg = string | number;
type Mode = "form" | "json";

interface Issue {
  path: Seg[];
  msg: string;
  warning?: boolean;
  /** A type mismatch at the very place checked: tells anyOf which alternatives are far off. */
  typeMismatch?: boolean;
  /** A value outside an enum: in a direct child (such as `type`), it marks a different variant. */
  enumMismatch?: boolean;
}

interface Ctx {
  spec: Spec;
  mode: Mode;
  overrides: SchemaOverride[];
}

const MAX_DEPTH = 96;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Shows a value in a message: truncated, with long digit runs (card numbers) masked. */
function show(v: unknown): string {
  let s = typeof v === "string" ? JSON.stringify(v) : v === undefined ? "undefined" : JSON.stringify(v) ?? String(v);
  s = s.replace(/\d{12,19}/g, (d) => `${d.slice(0, 6)}${"*".repeat(d.length - 10)}${d.slice(-4)}`);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function listValues(values: unknown[]): string {
  const shown = values.slice(0, 12).map((v) => show(v)).join(", ");
  return values.length > 12 ? `${shown}, ... (${values.length - 12} more)` : shown;
}

function kindOf(v: unknown, mode: Mode): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  if (mode === "form" && typeof v === "string") return `string ${show(v)}`;
  return typeof v;
}

function typesOf(s: Schema): string[] | undefined {
  if (s.type === undefined) return undefined;
  const t = Array.isArray(s.type) ? [...s.type] : [s.type];
  if (s.nullable) t.push("null");
  return t;
}

const FORM_INT = /^-?\d+$/;
const FORM_NUM = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function matchesType(v: unknown, t: string, mode: Mode): boolean {
  switch (t) {
    case "null":
      return v === null;
    case "string":
      return typeof v === "string";
    case "boolean":
      return mode === "form" ? v === "true" || v === "false" : typeof v === "boolean";
    case "integer":
      return mode === "form" ? typeof v === "string" && FORM_INT.test(v) : typeof v === "number" && Number.isInteger(v);
    case "number":
      return mode === "form" ? typeof v === "string" && FORM_NUM.test(v) : typeof v === "number" && Number.isFinite(v);
    case "object":
      return isPlainObject(v);
    case "array":
      return Array.isArray(v);
    default:
      return true;
  }
}

function enumMatches(allowed: unknown, v: unknown, mode: Mode): boolean {
  if (mode === "form") return typeof v === "string" && (allowed === null ? v === "" : String(allowed) === v);
  if (allowed !== null && typeof allowed === "object") return JSON.stringify(allowed) === JSON.stringify(v);
  return allowed === v;
}

const regexCache = new Map<string, RegExp | null>();
function compilePattern(p: string): RegExp | null {
  if (!regexCache.has(p)) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(p, "u");
    } catch {
      try {
        re = new RegExp(p);
      } catch {
        re = null;
      }
    }
    regexCache.set(p, re);
  }
  return regexCache.get(p)!;
}

function expectsObject(s: Schema): boolean {
  const t = typesOf(s);
  return t ? t.includes("object") : s.properties !== undefined || s.additionalProperties !== undefined;
}
function expectsArray(s: Schema): boolean {
  const t = typesOf(s);
  return t ? t.includes("array") : s.items !== undefined;
}

function findOverride(ctx: Ctx, path: Seg[]): SchemaOverride | undefined {
  const names = path.filter((p): p is string => typeof p === "string");
  if (names.length !== path.length) return undefined; // overrides name hash keys only
  return ctx.overrides.find(
    (o) => o.field.length === names.length && o.field.every((f, i) => f === "*" || f === names[i]),
  );
}

function altName(alt: SchemaLike, i: number): string {
  if (typeof alt === "object" && alt) {
    if (alt.$ref) return refName(alt.$ref);
    if (alt.title) return alt.title;
  }
  return `alternative #${i + 1}`;
}

function check(value: unknown, schema: SchemaLike | undefined, path: Seg[], ctx: Ctx, depth = 0): Issue[] {
  if (depth > MAX_DEPTH) return [{ path, msg: "schema nesting too deep to check (cyclic $ref?)" }];
  const leaves = flatten(ctx.spec, schema);
  const issues: Issue[] = [];
  if (leaves.includes(false)) return [{ path, msg: "not allowed here (schema is false)" }];
  const schemas = leaves as Schema[];
  // OpenAPI 3.0: `nullable: true` admits null whatever else the schema says (anyOf, enum, $ref).
  if (value === null && schemas.some((s) => s.nullable === true)) return [];

  // A form hash whose keys happen to be 0, 1, ... was decoded as a list; read it back as a hash.
  if (ctx.mode === "form" && Array.isArray(value) && schemas.some(expectsObject) && !schemas.some(expectsArray)) {
    value = Object.fromEntries(Object.entries(value));
  }

  for (const s of schemas) {
    const types = typesOf(s);
    if (types && !types.some((t) => matchesType(value, t, ctx.mode))) {
      return [{ path, msg: `expected ${types.join(" or ")}, got ${kindOf(value, ctx.mode)}`, typeMismatch: true }];
    }
  }

  for (const s of schemas) {
    if (s.deprecated) issues.push({ path, msg: "deprecated", warning: true });
    if (s.enum && !s.enum.some((e) => enumMatches(e, value, ctx.mode))) {
      issues.push({ path, msg: `${show(value)} is not an allowed value (allowed: ${listValues(s.enum)})`, enumMismatch: true });
    }
    if ("const" in s && !enumMatches(s.const, value, ctx.mode)) {
      issues.push({ path, msg: `${show(value)} must be ${show(s.const)}` });
    }
    const types = typesOf(s);
    if (typeof value === "string" && (!types || types.includes("string"))) {
      const len = [...value].length;
      if (s.maxLength !== undefined && len > s.maxLength) issues.push({ path, msg: `longer than ${s.maxLength} characters (${len})` });
      if (s.minLength !== undefined && len < s.minLength) issues.push({ path, msg: `shorter than ${s.minLength} characters (${len})` });
      if (s.pattern !== undefined) {
        const re = compilePattern(s.pattern);
        if (re && !re.test(value)) issues.push({ path, msg: `${show(value)} does not match pattern ${s.pattern}` });
      }
    }
    const num =
      typeof value === "number"
        ? value
        : ctx.mode === "form" && typeof value === "string" && types?.some((t) => t === "integer" || t === "number")
          ? Number(value)
          : undefined;
    if (num !== undefined) {
      if (s.minimum !== undefined && (s.exclusiveMinimum === true ? num <= s.minimum : num < s.minimum)) {
        issues.push({ path, msg: `${num} is below the minimum ${s.minimum}` });
      }
      if (s.maximum !== undefined && (s.exclusiveMaximum === true ? num >= s.maximum : num > s.maximum)) {
        issues.push({ path, msg: `${num} is above the maximum ${s.maximum}` });
      }
      if (typeof s.exclusiveMinimum === "number" && num <= s.exclusiveMinimum) issues.push({ path, msg: `${num} must be above ${s.exclusiveMinimum}` });
      if (typeof s.exclusiveMaximum === "number" && num >= s.exclusiveMaximum) issues.push({ path, msg: `${num} must be below ${s.exclusiveMaximum}` });
    }

    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives && alternatives.length > 0) {
      const keyword = s.anyOf ? "anyOf" : "oneOf";
      const results = alternatives.map((alt) => check(value, alt, path, ctx, depth + 1));
      const fit = results.find((r) => !r.some((i) => !i.warning));
      if (fit) {
        issues.push(...fit);
      } else {
        // fewest problems wins; a wrong type here, or a wrong enum value (a variant's `type`) one
        // level down, says the alternative is a different shape altogether
        const score = (r: Issue[]) =>
          r.reduce(
            (n, i) =>
              i.warning
                ? n
                : n + (i.typeMismatch && i.path.length === path.length ? 1000 : i.enumMismatch && i.path.length === path.length + 1 ? 10 : 1),
            0,
          );
        let best = 0;
        for (let i = 1; i < results.length; i++) if (score(results[i]) < score(results[best])) best = i;
        const note = alternatives.length > 1 ? ` [closest of ${alternatives.length} ${keyword} alternatives: ${altName(alternatives[best], best)}]` : "";
        issues.push(...results[best].filter((i) => !i.warning).map((i) => ({ ...i, msg: i.msg + note })));
      }
    }
  }

  if (isPlainObject(value)) issues.push(...checkObject(value, schemas, path, ctx, depth));
  if (Array.isArray(value)) {
    for (const s of schemas) {
      if (s.minItems !== undefined && value.length < s.minItems) issues.push({ path, msg: `fewer than ${s.minItems} items` });
      if (s.maxItems !== undefined && value.length > s.maxItems) issues.push({ path, msg: `more than ${s.maxItems} items` });
    }
    const itemSchemas = schemas.map((s) => s.items).filter((x): x is SchemaLike => x !== undefined);
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) {
        issues.push({ path: [...path, i], msg: "missing (list indexes must run from 0 without gaps)" });
        continue;
      }
      for (const is of itemSchemas) issues.push(...check(value[i], is, [...path, i], ctx, depth + 1));
    }
  }
  return issues;
}

function checkObject(value: Record<string, unknown>, schemas: Schema[], path: Seg[], ctx: Ctx, depth: number): Issue[] {
  const issues: Issue[] = [];
  const props = new Map<string, SchemaLike[]>();
  const required = new Set<string>();
  const additional: SchemaLike[] = [];
  let closed = false;
  for (const s of schemas) {
    for (const [k, ps] of Object.entries(s.properties ?? {})) props.set(k, [...(props.get(k) ?? []), ps]);
    for (const r of s.required ?? []) required.add(r);
    if (s.additionalProperties === false) closed = true;
    else if (s.additionalProperties !== undefined && s.additionalProperties !== true) additional.push(s.additionalProperties);
    else if (s.additionalProperties === undefined && s.properties !== undefined) closed = true;
  }

  for (const key of Object.keys(value)) {
    const childPath = [...path, key];
    const override = findOverride(ctx, childPath);
    const own = props.get(key);
    if (override) {
      issues.push(...check(value[key], override.schema(own?.[0]), childPath, ctx, depth + 1));
    } else if (own) {
      for (const ps of own) {
        if (typeof ps === "object" && ps.readOnly) issues.push({ path: childPath, msg: "read-only field: the spec says not to send it" });
        issues.push(...check(value[key], ps, childPath, ctx, depth + 1));
      }
    } else if (additional.length > 0) {
      for (const as of additional) issues.push(...check(value[key], as, childPath, ctx, depth + 1));
    } else if (closed) {
      issues.push({ path: childPath, msg: "unknown field: not in the spec" });
    }
  }
  // OpenAPI 3.x: a required property marked readOnly is required in responses only (the answer
  // carries it; a request must not send it), so a request without it is not missing anything.
  const readOnly = (r: string) => (props.get(r) ?? []).some((ps) => flatten(ctx.spec, ps).some((f) => typeof f === "object" && f.readOnly));
  for (const r of required) {
    if (!Object.prototype.hasOwnProperty.call(value, r) && !readOnly(r)) issues.push({ path: [...path, r], msg: "required field missing" });
  }
  return issues;
}

function formatPath(path: Seg[], mode: Mode): string {
  if (path.length === 0) return "";
  let out = String(path[0]);
  for (const seg of path.slice(1)) {
    if (typeof seg === "number" || mode === "form") out += `[${seg}]`;
    else out += /^[A-Za-z_$][\w$]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function report(issues: Issue[], mode: Mode, where: string, out: ValidationResult): void {
  const seen = new Set<string>();
  for (const i of issues) {
    const p = formatPath(i.path, mode);
    const line = `${where}${p || "(root)"}: ${i.msg}`;
    if (seen.has(line)) continue;
    seen.add(line);
    (i.warning ? out.warnings : out.problems).push(line);
  }
}

/**
 * Checks one value against a schema of the spec. `mode: "form"` reads every leaf as a string, as a
 * form-encoded body or a query string carries it ("true", "42").
 */
export function validateValue(spec: Spec, value: unknown, schema: SchemaLike, mode: Mode = "json"): string[] {
  const out: ValidationResult = { problems: [], warnings: [] };
  report(check(value, schema, [], { spec, mode, overrides: [] }), mode, "", out);
  return out.problems;
}

// ---------------------------------------------------------------------------------------------
// Operations

interface CompiledPath {
  template: string;
  re: RegExp;
  names: string[];
  literalChars: number;
}

const compiledPaths = new WeakMap<Spec, CompiledPath[]>();

function compilePaths(spec: Spec): CompiledPath[] {
  let list = compiledPaths.get(spec);
  if (!list) {
    list = Object.keys(spec.paths).map((template) => {
      const names: string[] = [];
      let literalChars = 0;
      const source = template
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const m = /^\{([^}]+)\}$/.exec(part);
          if (m) {
            names.push(m[1]);
            return "([^/]+)";
          }
          literalChars += part.length;
          return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        })
        .join("");
      return { template, re: new RegExp(`^${source}/?$`), names, literalChars };
    });
    // literal paths first: /v1/payment_intents/search before /v1/payment_intents/{intent}
    list.sort((a, b) => b.literalChars - a.literalChars || a.names.length - b.names.length);
    compiledPaths.set(spec, list);
  }
  return list;
}

/** The spec's path template matching a concrete path (relative to the base path), with its parameters. */
export function matchPath(spec: Spec, path: string): { template: string; params: Record<string, string> } | null {
  for (const c of compilePaths(spec)) {
    const m = c.re.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    c.names.forEach((n, i) => {
      try {
        params[n] = decodeURIComponent(m[i + 1]);
      } catch {
        params[n] = m[i + 1];
      }
    });
    return { template: c.template, params };
  }
  return null;
}

function defaultBasePath(spec: Spec): string {
  const url = spec.servers?.[0]?.url;
  if (!url) throw new Error("the spec has no servers: pass opts.basePath");
  return url;
}

function headerValue(req: HttpRequest, name: string): string | undefined {
  const h = req.headers.find((x) => x.name.toLowerCase() === name.toLowerCase());
  return h?.value;
}

function mediaTypeOf(contentType: string): string {
  return contentType.split(";")[0].trim().toLowerCase();
}

function checkSecurity(spec: Spec, op: Operation, req: HttpRequest, query: URLSearchParams, out: ValidationResult): void {
  const requirements = op.security ?? spec.security ?? [];
  if (requirements.length === 0) return;
  const schemes = spec.components?.securitySchemes ?? {};
  const described: string[] = [];
  const satisfied = (name: string): { ok: boolean; header?: string } => {
    const s = schemes[name];
    if (!s) return { ok: false };
    if (s.type === "http") {
      const scheme = (s.scheme ?? "").toLowerCase();
      const label = scheme === "basic" ? "Basic" : scheme === "bearer" ? "Bearer" : s.scheme ?? "";
      described.push(`${name} (Authorization: ${label})`);
      const v = headerValue(req, "authorization");
      return { ok: !!v && v.toLowerCase().startsWith(`${scheme} `) && v.length > scheme.length + 1, header: "authorization" };
    }
    if (s.type === "apiKey" && s.name) {
      described.push(`${name} (${s.in} ${s.name})`);
      if (s.in === "header") return { ok: !!headerValue(req, s.name), header: s.name };
      if (s.in === "query") return { ok: query.has(s.name) };
      return { ok: false };
    }
    described.push(`${name} (${s.type})`);
    const v = headerValue(req, "authorization");
    return { ok: !!v && /^bearer /i.test(v), header: "authorization" };
  };
  for (const reqmt of requirements) {
    const names = Object.keys(reqmt);
    if (names.length === 0) return; // anonymous access allowed
    const results = names.map(satisfied);
    if (results.every((r) => r.ok)) {
      for (const r of results) {
        const h = r.header && req.headers.find((x) => x.name.toLowerCase() === r.header!.toLowerCase());
        if (h && !h.sensitive) out.problems.push(`header ${h.name}: carries credentials but is not marked sensitive`);
      }
      return;
    }
  }
  out.problems.push(`no credentials for any of the operation's security schemes: ${[...new Set(described)].join(", ")}`);
}

/**
 * Validates an HttpRequest against an OpenAPI document. See the top of this file for what is
 * checked. Returns the matched operation and a list of problems; an empty list means valid.
 */
export function validateRequest(spec: Spec, req: HttpRequest, opts: ValidateOptions = {}): ValidationResult {
  const out: ValidationResult = { problems: [], warnings: [] };
  const base = (opts.basePath ?? defaultBasePath(spec)).replace(/\/+$/, "");

  let url: URL;
  let baseUrl: URL;
  try {
    url = new URL(req.url);
    baseUrl = new URL(base);
  } catch {
    out.problems.push(`url ${show(req.url)} (or base path ${base}) is not an absolute URL`);
    return out;
  }
  // An operation with its own `servers` (Stripe's POST /v1/files: https://files.stripe.com/) is
  // sent there, not to the spec's base: checked against the operation below.
  const specServer = spec.servers?.[0]?.url;
  const atSpecBase = specServer !== undefined && new URL(specServer).origin === baseUrl.origin;
  const opServer = operationServerFor(spec, url, req.method);
  if (opServer && url.origin !== baseUrl.origin) baseUrl = new URL(opServer);
  const basePathname = baseUrl.pathname.replace(/\/+$/, "");
  if (url.origin !== baseUrl.origin || !(url.pathname === basePathname || url.pathname.startsWith(`${basePathname}/`))) {
    out.problems.push(`url ${url.origin}${url.pathname} is not under the base path ${base}`);
    return out;
  }
  const relPath = url.pathname.slice(basePathname.length) || "/";

  const match = matchPath(spec, relPath);
  if (!match) {
    out.problems.push(`path ${relPath}: unknown path: not in the spec`);
    return out;
  }
  out.pathTemplate = match.template;
  const item = spec.paths[match.template];
  const method = req.method.toLowerCase() as Lowercase<HttpRequest["method"]>;
  const op = item[method];
  if (!op) {
    const allowed = (["get", "post", "put", "patch", "delete"] as const).filter((m) => item[m]).map((m) => m.toUpperCase());
    out.problems.push(`${req.method} ${match.template}: method not in the spec (the spec has ${allowed.join(", ") || "none"})`);
    return out;
  }
  out.operationId = op.operationId;
  const ownServers = (op.servers ?? []).map((sv) => sv.url);
  if (atSpecBase && ownServers.length > 0 && !ownServers.some((u) => new URL(u).origin === url.origin)) {
    out.problems.push(`${req.method} ${match.template}: sent to ${url.origin}; the spec sends it to ${ownServers.join(", ")}`);
  }
  if (op.deprecated) out.warnings.push(`${req.method} ${match.template}: deprecated operation`);
  const operationKey = `${req.method} ${match.template}`;
  const ctxFor = (mode: Mode): Ctx => ({
    spec,
    mode,
    overrides: (opts.overrides ?? []).filter((o) => o.operation === operationKey),
  });

  // parameters: operation-level ones replace path-level ones of the same name and place
  const params = new Map<string, Parameter>();
  for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
    const param = deref(spec, p);
    params.set(`${param.in}:${param.name}`, param);
  }

  for (const [name, value] of Object.entries(match.params)) {
    const p = params.get(`path:${name}`);
    if (!p) continue;
    if (value === "") out.problems.push(`path parameter ${name}: empty`);
    else if (p.schema) report(check(value, p.schema, [name], ctxFor("form")), "form", "path parameter ", out);
  }

  let query: Record<string, unknown> = {};
  try {
    query = decodeForm(url.search);
  } catch (e) {
    out.problems.push(`query: ${(e as Error).message}`);
  }
  for (const [name, value] of Object.entries(query)) {
    const p = params.get(`query:${name}`);
    if (!p) {
      out.problems.push(`query parameter ${name}: unknown: not in the spec`);
      continue;
    }
    if (p.deprecated) out.warnings.push(`query parameter ${name}: deprecated`);
    if (p.schema) report(check(value, p.schema, [name], ctxFor("form")), "form", "query parameter ", out);
  }
  for (const p of params.values()) {
    if (!p.required) continue;
    if (p.in === "query" && !(p.name in query)) out.problems.push(`query parameter ${p.name}: required but missing`);
    if (p.in === "header" && headerValue(req, p.name) === undefined) out.problems.push(`header ${p.name}: required but missing`);
  }
  for (const h of req.headers) {
    const p = params.get(`header:${h.name}`) ?? [...params.values()].find((x) => x.in === "header" && x.name.toLowerCase() === h.name.toLowerCase());
    if (p?.schema) report(check(h.value, p.schema, [p.name], ctxFor("form")), "form", "header ", out);
  }

  if (opts.checkAuth !== false) checkSecurity(spec, op, req, url.searchParams, out);

  // body
  const rb = op.requestBody ? deref(spec, op.requestBody) : undefined;
  const headerCt = headerValue(req, "content-type");
  if (req.body && headerCt !== undefined && mediaTypeOf(headerCt) !== mediaTypeOf(req.body.contentType)) {
    out.problems.push(`header Content-Type ${show(headerCt)} disagrees with body.contentType ${show(req.body.contentType)}`);
  }
  if (!rb || !rb.content || Object.keys(rb.content).length === 0) {
    if (req.body && req.body.data.length > 0) out.problems.push(`body: ${operationKey} takes no request body`);
    return out;
  }
  const contentTypes = Object.keys(rb.content);
  let mediaType: string;
  let raw: string;
  if (req.body) {
    mediaType = mediaTypeOf(req.body.contentType);
    raw = req.body.encoding === "base64" ? Buffer.from(req.body.data, "base64").toString("utf8") : req.body.data;
  } else {
    if (rb.required) out.problems.push("body: required by the spec but missing");
    // an absent form body is an empty form: its required fields are still missing
    if (!contentTypes.includes("application/x-www-form-urlencoded")) return out;
    mediaType = "application/x-www-form-urlencoded";
    raw = "";
  }
  const media = Object.entries(rb.content).find(([ct]) => mediaTypeOf(ct) === mediaType)?.[1];
  if (!media) {
    out.problems.push(`body: content type ${mediaType} not accepted (the spec has ${contentTypes.join(", ")})`);
    return out;
  }
  if (!media.schema) return out;

  if (mediaType === "application/x-www-form-urlencoded") {
    let decoded: Record<string, unknown>;
    try {
      decoded = decodeForm(raw);
    } catch (e) {
      out.problems.push(`body: ${(e as Error).message}`);
      return out;
    }
    report(check(decoded, media.schema, [], ctxFor("form")), "form", "", out);
  } else if (mediaType === "application/json" || mediaType.endsWith("+json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      out.problems.push(`body: not valid JSON (${(e as Error).message.replace(/\d{12,19}/g, "****")})`);
      return out;
    }
    report(check(parsed, media.schema, [], ctxFor("json")), "json", "", out);
  } else if (mediaType === "multipart/form-data") {
    let decoded: Record<string, unknown>;
    try {
      decoded = decodeMultipart(req.body?.encoding === "base64" ? Buffer.from(req.body.data, "base64") : Buffer.from(raw), req.body?.contentType ?? "");
    } catch (e) {
      out.problems.push(`body: ${(e as Error).message}`);
      return out;
    }
    report(check(decoded, media.schema, [], ctxFor("form")), "form", "", out);
  } else {
    out.warnings.push(`body: content type ${mediaType} is not checked`);
  }
  return out;
}

/** The `servers` URL of the operation `method url` names, when it has its own and they match the URL's origin. */
function operationServerFor(spec: Spec, url: URL, method: string): string | undefined {
  for (const item of Object.values(spec.paths)) {
    const op = (item as Record<string, { servers?: { url: string }[] }>)[method.toLowerCase()];
    const found = op?.servers?.find((sv) => new URL(sv.url).origin === url.origin);
    if (found) return found.url;
  }
  return undefined;
}

/**
 * A multipart/form-data body (RFC 7578) as the form fields it carries: a text part is its
 * string (a part typed application/json, the value it parses to), a file part (one with a filename) the string `<file NAME, N bytes, TYPE>` (the spec's
 * `format: binary` is a string). Throws on anything that is not well-formed: the boundary
 * missing from the content type, a part without Content-Disposition, no closing delimiter.
 */
export function decodeMultipart(body: Buffer, contentType: string): Record<string, unknown> {
  const boundary = /;\s*boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) throw new Error(`multipart body without a boundary in its content type ${show(contentType)}`);
  const text = body.toString("latin1");
  const delimiter = `--${boundary}`;
  if (!text.startsWith(`${delimiter}\r\n`)) throw new Error("multipart body does not start with its boundary");
  const end = text.indexOf(`\r\n${delimiter}--`);
  if (end < 0) throw new Error("multipart body has no closing delimiter");
  const out: Record<string, unknown> = {};
  for (const part of text.slice(delimiter.length + 2, end).split(`\r\n${delimiter}\r\n`)) {
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) throw new Error("multipart part without a blank line after its headers");
    const headers = part.slice(0, split).split("\r\n");
    const disposition = headers.find((h) => /^content-disposition:/i.test(h));
    const name = disposition && /;\s*name="([^"]*)"/.exec(disposition)?.[1];
    if (!name) throw new Error("multipart part without Content-Disposition: form-data; name=...");
    const filename = /;\s*filename="([^"]*)"/.exec(disposition)?.[1];
    const value = part.slice(split + 4);
    if (name in out) throw new Error(`multipart field ${name} twice`);
    if (filename !== undefined) {
      const type = headers.find((h) => /^content-type:/i.test(h))?.split(":")[1]?.trim() ?? "application/octet-stream";
      out[name] = `<file ${filename}, ${Buffer.byteLength(value, "latin1")} bytes, ${type}>`;
    } else {
      const text = Buffer.from(value, "latin1").toString("utf8");
      // A text part typed application/json (OpenAPI's `encoding.<field>.contentType`, Square's
      // `request` part) is the object it carries, checked against the field's schema.
      const type = headers.find((h) => /^content-type:/i.test(h))?.split(":")[1]?.trim() ?? "";
      if (/^application\/json\b/i.test(type)) {
        try {
          out[name] = JSON.parse(text);
        } catch {
          throw new Error(`multipart field ${name} is typed application/json but is not JSON`);
        }
      } else out[name] = text;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Facts the published specs leave out

/**
 * Stripe accepts raw card details on PaymentIntents and SetupIntents as
 * `payment_method_data[type]=card` plus `payment_method_data[card][number|exp_month|exp_year|cvc]`
 * (for accounts allowed to send raw card data), but its public OpenAPI document lists neither
 * `card` among `payment_method_data[type]` values nor a `card` hash there. These overrides add
 * both, taking the card hash schema from the spec's own `POST /v1/payment_methods` (its `card`:
 * `card_details_params`, or `token_params` for a Stripe.js `tok_...`), so the rest of the body is
 * still checked strictly.
 */
export function stripeRawCardOverrides(spec: Spec): SchemaOverride[] {
  const pmCard = deref(spec, spec.paths["/v1/payment_methods"]?.post?.requestBody ?? {})?.content?.[
    "application/x-www-form-urlencoded"
  ]?.schema;
  const cardParam = typeof pmCard === "object" ? flatten(spec, pmCard.properties?.card)[0] : undefined;
  const cardDetails =
    typeof cardParam === "object" && cardParam.anyOf
      ? cardParam.anyOf.find((a) => typeof a === "object" && a.properties?.number !== undefined)
      : undefined;
  if (!cardDetails) throw new Error("the Stripe spec has no card_details_params under POST /v1/payment_methods card");
  const why = "Stripe takes raw card data in payment_method_data[card]; the public spec omits it";
  const ops: string[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    const schema = item.post?.requestBody
      ? deref(spec, item.post.requestBody).content?.["application/x-www-form-urlencoded"]?.schema
      : undefined;
    if (typeof schema === "object" && schema.properties?.payment_method_data) ops.push(`POST ${template}`);
  }
  return ops.flatMap((operation) => [
    // The spec's whole `card` of POST /v1/payment_methods: card details, or a Stripe.js card token (token_params).
    { operation, field: ["payment_method_data", "card"], schema: () => cardParam as SchemaLike, why },
    {
      operation,
      field: ["payment_method_data", "type"],
      schema: (original) => (original === undefined ? { type: "string", enum: ["card"] } : { anyOf: [original, { type: "string", enum: ["card"] }] }),
      why,
    },
  ]);
}

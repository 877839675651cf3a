/**
 * The pool's fast check of transformRequest and transformResponse params: the protocol's own
 * schema for the call's flow (the zod schema in protocol/, written out as JSON Schema the way
 * `schemas/` is), compiled by Ajv into one yes/no function per method and flow on its first call.
 *
 * Why not zod on this path: zod's safeParse builds a deep copy of what it checks, and at 128
 * calls in flight that was the largest piece the pool added to a call (issue 15; docs/performance.md,
 * eighth pass). Ajv's compiled function only answers yes or no: 0.5-0.8 µs against zod's 3-4 µs
 * on the bench's workload (`bench/pieces.ts` prints both).
 *
 * zod stays the judge. When the compiled check says no, the pool runs zod for the error it has
 * always thrown; the compiled check can only let a call skip zod. test/params-check.test.ts holds
 * the two to the same verdict over every vector and thousands of mutations of them.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { z } from "zod";
import { METHODS, type MethodName } from "../protocol/index.js";

/** The methods whose params are a union of one strict object per flow, told apart by `flow`. */
const BY_FLOW = {
  transformRequest: METHODS.transformRequest.params,
  transformResponse: METHODS.transformResponse.params,
} as const;
type FlowKeyed = keyof typeof BY_FLOW;

/**
 * V8 optimizes no function above a bytecode size (TurboFan's limit), and Ajv writes a schema as
 * one function with every subschema inlined: authorize's payment methods inlined made a function
 * of 170 kB of source that ran 7× slower than the same check split in two. Every subschema whose
 * JSON is longer than this goes into `$defs` and is compiled as a function of its own.
 */
const OWN_FUNCTION_ABOVE_CHARS = 2000;

const ajv = new Ajv2020({
  strict: true, // an unknown keyword throws instead of being skipped (a weaker check)
  strictRequired: false, // `if: {required: [bodyJson]}` names a property defined beside it, not in it
  allErrors: false, // the first failure is enough: zod reports it
  inlineRefs: false, // each hoisted subschema stays a function of its own
  unicodeRegExp: false, // zod's regexes run without the u flag
});

const compiled: Record<FlowKeyed, Map<string, ValidateFunction | null>> = {
  transformRequest: new Map(),
  transformResponse: new Map(),
};

/**
 * True when `params` certainly pass the protocol's check for `method`; false means "ask zod"
 * (invalid, or a method or flow this check does not compile).
 */
export function passesCompiledCheck(method: MethodName, params: unknown): boolean {
  if (method !== "transformRequest" && method !== "transformResponse") return false;
  const flow = (params as { flow?: unknown } | null | undefined)?.flow;
  if (typeof flow !== "string") return false;
  const cache = compiled[method];
  let check = cache.get(flow);
  if (check === undefined) {
    check = compile(method, flow);
    cache.set(flow, check);
  }
  return check !== null && check(params) === true;
}

/** null when the flow is not one of the method's, or code cannot be generated here (zod then checks every call). */
function compile(method: FlowKeyed, flow: string): ValidateFunction | null {
  const member = BY_FLOW[method].options.find((o) => o.shape.flow.value === flow);
  if (!member) return null;
  try {
    const schema = z.toJSONSchema(member, { io: "input", unrepresentable: "throw" });
    return ajv.compile(hoistLargeSubschemas(schema as Record<string, unknown>));
  } catch {
    // e.g. Node run with --disallow-code-generation-from-strings: zod alone is slower, not wrong.
    return null;
  }
}

type Schema = Record<string, unknown>;
const ONE_SCHEMA = new Set(["items", "additionalProperties", "propertyNames", "not", "if", "then", "else", "contains", "unevaluatedProperties", "unevaluatedItems"]);
const SCHEMA_LIST = new Set(["anyOf", "oneOf", "allOf", "prefixItems"]);
const SCHEMA_MAP = new Set(["properties", "patternProperties", "dependentSchemas", "$defs"]);

/** The same schema with every subschema over OWN_FUNCTION_ABOVE_CHARS moved into `$defs`, referenced by `$ref`. */
function hoistLargeSubschemas(root: Schema): Schema {
  const defs: Record<string, Schema> = {};
  const visit = (schema: unknown, isRoot = false): unknown => {
    if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return schema;
    const out: Schema = {};
    for (const [key, value] of Object.entries(schema as Schema)) {
      if (ONE_SCHEMA.has(key)) out[key] = visit(value);
      else if (SCHEMA_LIST.has(key) && Array.isArray(value)) out[key] = value.map((v) => visit(v));
      else if (SCHEMA_MAP.has(key) && value && typeof value === "object")
        out[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, visit(v)]));
      else out[key] = value; // a keyword's value (const, enum, required, pattern, …), never a schema
    }
    if (isRoot || JSON.stringify(out).length <= OWN_FUNCTION_ABOVE_CHARS) return out;
    const name = `hoisted${Object.keys(defs).length}`;
    defs[name] = out;
    return { $ref: `#/$defs/${name}` };
  };
  const out = visit(root, true) as Schema;
  // `$ref`s zod wrote point at the root's own `$defs`, which keep their names beside the hoisted ones.
  out.$defs = { ...(out.$defs as Schema | undefined), ...defs };
  return out;
}

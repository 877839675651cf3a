/**
 * `node --import tsx bench/pieces.ts`: what each piece of a call costs Node, alone, on the bench's
 * workload (Stripe's card authorize and its 4.6 kB answer): zod validation of the params and the
 * compiled check the pool runs instead (client/params-check.ts), the
 * message's JSON.stringify, and the forms the processor's body could travel in (issue 15: a
 * `bodyJson` raw value instead of the escaped string). Two figures per piece: `hot`, CPU µs per
 * call in a tight loop (median of 7 batches), and `cold`, the p50 of single calls each after
 * sweeping a 32 MB array through the caches (what one call at a time on a busy machine meets).
 * Reported, never asserted.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../client/binary.js";
import { METHODS } from "../protocol/index.js";
import { passesCompiledCheck } from "../client/params-check.js";
import { fmt, table } from "./measure.js";

const vectors = join(packageRoot(), "test", "vectors");
const params = (p: string) => JSON.parse(readFileSync(join(vectors, p), "utf8")).params;
const request = params("stripe/authorize/card-automatic-full.json");
const response = params("stripe/authorize/response-succeeded.json");
const body: string = response.response.body;
const bodyValue: unknown = JSON.parse(body);
const message = (p: unknown) => JSON.stringify({ jsonrpc: "2.0", id: 1, method: "transformResponse", params: p });
const responseMessage = message(response);
/** The splice the client writes: the message without the body, its three closers cut, then the body's text verbatim. */
function spliced(p: typeof response): string {
  const { response: r, ...rest } = p;
  const head = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "transformResponse", params: { ...rest, response: { status: r.status, headers: r.headers, bodyJsonBytes: Buffer.byteLength(r.body, "utf8") } } });
  return `${head.slice(0, -3)},"bodyJson":${r.body}}}}`;
}
const withBodyJson = (value: unknown) => ({ ...response, response: { status: response.response.status, headers: response.response.headers, bodyJson: value } });

function hot(f: () => unknown, n = 20_000): number {
  for (let i = 0; i < 2000; i++) f();
  const means: number[] = [];
  for (let r = 0; r < 7; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) f();
    const c = process.cpuUsage(c0);
    means.push((c.user + c.system) / n);
  }
  return means.sort((a, b) => a - b)[3]!;
}

const sweep = new Float64Array(4 << 20);
function cold(f: () => unknown, n = 300): number {
  for (let i = 0; i < 2000; i++) f();
  const times: number[] = [];
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < sweep.length; i += 8) sweep[i]! += 1;
    const t = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  return times.sort((a, b) => a - b)[n >> 1]!;
}

// A check that refused (or could not compile) would time its fallback answer, not the check.
for (const [method, p] of [["transformRequest", request], ["transformResponse", response]] as const)
  if (!passesCompiledCheck(method, p)) throw new Error(`the compiled check refuses the bench's ${method} params`);

const pieces: [string, () => unknown][] = [
  ["zod: transformRequest params", () => METHODS.transformRequest.params!.safeParse(request)],
  ["zod: transformResponse params", () => METHODS.transformResponse.params!.safeParse(response)],
  ["compiled check (the pool's): transformRequest params", () => passesCompiledCheck("transformRequest", request)],
  ["compiled check (the pool's): transformResponse params", () => passesCompiledCheck("transformResponse", response)],
  ["JSON.stringify: transformRequest message", () => message(request)],
  ["JSON.stringify: transformResponse message (body as string, today)", () => message(response)],
  ["  of which the 3.8 kB body string alone", () => JSON.stringify(body)],
  ["bodyJson from a string body: JSON.parse + message", () => message(withBodyJson(JSON.parse(body)))],
  ["bodyJson from an already parsed body: message", () => message(withBodyJson(bodyValue))],
  ["bodyJson spliced verbatim (text + byte length): message", () => spliced(response)],
  ["  the same, then its Buffer.byteLength (framing)", () => Buffer.byteLength(spliced(response), "utf8")],
  ["body as string: message, then its Buffer.byteLength (framing)", () => Buffer.byteLength(message(response), "utf8")],
  ["base64 body: Buffer base64 + message", () => message({ ...response, response: { ...response.response, body: Buffer.from(body, "utf8").toString("base64"), encoding: "base64" } })],
  ["Buffer.byteLength of the transformResponse message (framing)", () => Buffer.byteLength(responseMessage, "utf8")],
];
console.log(`Node ${process.version}; µs per call (hot: CPU in a loop; cold: p50 of single calls after a cache sweep)`);
console.log(table(["piece", "hot", "cold"], pieces.map(([name, f]) => [name, fmt(hot(f)), fmt(cold(f))])));

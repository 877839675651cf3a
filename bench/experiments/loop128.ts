/**
 * Issue 15 experiment (sixth pass, figures in docs/performance.md): event-loop busy time and Node
 * CPU per transform at N in flight, the pool as it is against variants and two bare pipes (the
 * bare transformResponse splices its body, as bench/run.ts does), interleaved rounds alternating
 * order, medians. `node --import tsx bench/experiments/loop128.ts [op] [inFlight] [variant...]`,
 * op transformRequest | transformResponse | pair; ROUNDS=n, CELL_MS=n.
 * Variants are set up by `variants` below (each a function that adjusts a started pool).
 * Pinned: CONNECTOR_SIDECAR_BIN=<a script running `taskset -c 1 <binary> "$@"`> taskset -c 0 node ...
 * Reported, never asserted.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findSidecarBinary, packageRoot } from "../../client/binary.js";
import { SidecarPool, type PoolOptions } from "../../client/pool.js";
import { BarePipe } from "../bare.js";
import { closedLoop, fmt } from "../measure.js";

const v = (f: string) => JSON.parse(readFileSync(join(packageRoot(), "test", "vectors", f), "utf8")).params;
const request = v("stripe/authorize/card-automatic-full.json");
const response = v("stripe/authorize/response-succeeded.json");
const [op = "pair", inFlightArg = "128", ...wanted] = process.argv.slice(2);
const inFlight = Number(inFlightArg);
const perOp = op === "pair" ? 2 : 1;

/** Pool variants: options given to SidecarPool.start, and what to change in the started pool. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Internals = any;
const writers = (pool: Internals) => pool.slots.map((s: Internals) => s.child.connection.writer);
const variants: Record<string, { opts?: PoolOptions; setup?: (pool: Internals) => void }> = {
  pool: {},
  "pool validate=false": { opts: { validate: false } },
  /** Before the sixth pass: congested at the stream's 16 kB high-water mark. */
  "pool congested@hwm": { setup: (p) => writers(p).forEach((w: Internals) => (w.congestionBytes = 0)) },
};

function splicedResponseMessage(id: number): string {
  const { response: r, ...rest } = response;
  const head = JSON.stringify({ jsonrpc: "2.0", id, method: "transformResponse", params: { ...rest, response: { status: r.status, headers: r.headers, bodyJsonBytes: Buffer.byteLength(r.body, "utf8") } } });
  return `${head.slice(0, -3)},"bodyJson":${r.body}}}}`;
}

const targets: [string, () => Promise<unknown>, () => number[]][] = [];
const pipes = await Promise.all([0, 1].map(() => BarePipe.start(findSidecarBinary())));
let turn = 0;
const bareRequest = (p: BarePipe) => p.call("transformRequest", request);
const bareResponse = (p: BarePipe) => p.callText(splicedResponseMessage);
targets.push([
  "bare pipes",
  op === "pair"
    ? async () => {
        const p = pipes[turn++ % 2]!;
        await bareRequest(p);
        await bareResponse(p);
      }
    : op === "transformRequest"
      ? () => bareRequest(pipes[turn++ % 2]!)
      : () => bareResponse(pipes[turn++ % 2]!),
  () => pipes.map((p) => p.pid),
]);
for (const name of wanted.length ? wanted : Object.keys(variants)) {
  const variant = variants[name];
  if (!variant) throw new Error(`no variant ${name}: ${Object.keys(variants).join(", ")}`);
  const pool = await SidecarPool.start({ size: 2, onLog: () => {}, ...variant.opts });
  variant.setup?.(pool);
  targets.push([
    name,
    op === "pair"
      ? async () => {
          await pool.transformRequest(request);
          await pool.transformResponse(response);
        }
      : op === "transformRequest"
        ? () => pool.transformRequest(request)
        : () => pool.transformResponse(response),
    () => pool.pids,
  ]);
}
for (const [, f] of targets) await closedLoop(f, inFlight, 300);
const rows: Record<string, number[][]> = {};
const R = Number(process.env.ROUNDS ?? 7);
const cell = Number(process.env.CELL_MS ?? 500);
for (let round = 0; round < R; round++) {
  const order = round % 2 ? [...targets].reverse() : targets;
  for (const [n, f, pids] of order) {
    const r = await closedLoop(f, inFlight, cell, pids());
    (rows[n] ??= []).push([r.perSecond * perOp, r.loopBusyUsPerCall / perOp, r.cpuUsPerCall / perOp, r.childCpuUsPerCall / perOp]);
  }
}
const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${op}, ${inFlight} in flight, ${R} rounds of ${cell} ms, medians per transform:`);
for (const [n, rs] of Object.entries(rows))
  console.log(n.padEnd(24), ["transforms/s", "loop µs", "node cpu µs", "sidecar cpu µs"].map((k, i) => `${k} ${fmt(med(rs.map((r) => r[i]!)))}`).join("  "));
process.exit(0);

/**
 * Issue 15 experiment (figures in docs/performance.md): Pool (validation on, off) against a bare pipe, one op, interleaved rounds, medians.
 * `node --import tsx bench/experiments/validation.ts [inFlight] [method] [poolSize]`; ROUNDS=n.
 * Pinned as in docs/performance.md: BIN=<a script running `taskset -c 1 <binary> "$@"`> taskset -c 0 node ...
 * Reported, never asserted.
 */
import { join } from "node:path";
import { findSidecarBinary, packageRoot } from "../../client/binary.js";
import { readFileSync } from "node:fs";
import { SidecarPool } from "../../client/pool.js";
import { BarePipe } from "../bare.js";
import { closedLoop, fmt } from "../measure.js";
const BIN = process.env.BIN ?? findSidecarBinary();
const v = (f: string) => JSON.parse(readFileSync(join(packageRoot(), "test", "vectors", f), "utf8")).params;
const request = v("stripe/authorize/card-automatic-full.json"), response = v("stripe/authorize/response-succeeded.json");
const inFlight = Number(process.argv[2] ?? 1);
const method = process.argv[3] ?? "transformResponse";
const params = method === "transformRequest" ? request : response;
const size = Number(process.argv[4] ?? 1);
const targets: [string, any][] = [];
const pipes = await Promise.all(Array.from({ length: size }, () => BarePipe.start(BIN)));
let turn = 0;
targets.push(["bare", { op: () => pipes[turn++ % size]!.call(method, params), pids: pipes.map((p) => p.pid) }]);
for (const validate of [true, false]) {
  const pool = await SidecarPool.start({ size, binary: BIN, validate, onLog: () => {} });
  targets.push([`pool validate=${validate}`, { op: () => pool.call(method as any, params), pids: pool.pids }]);
}
for (const [, t] of targets) await closedLoop(t.op, inFlight, 400);
const rows: Record<string, number[][]> = {};
for (let round = 0; round < Number(process.env.ROUNDS ?? 7); round++)
  for (const [n, t] of targets) {
    const r = await closedLoop(t.op, inFlight, 500, t.pids);
    (rows[n] ??= []).push([r.p50Us, r.loopBusyUsPerCall, r.cpuUsPerCall, r.childCpuUsPerCall, r.sendSyncUsPerCall, r.perSecond]);
  }
const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [n, rs] of Object.entries(rows)) console.log(n.padEnd(22), ["p50", "loop", "cpu", "child", "send", "ops/s"].map((k, i) => `${k} ${fmt(med(rs.map((r) => r[i]!)))}`).join("  "));
process.exit(0);

/**
 * Issue 15 experiment (figures in docs/performance.md): The pair workload through pool 2 (validation on, off) against two bare pipes, interleaved.
 * `node --import tsx bench/experiments/pair-validation.ts [inFlight]`; ROUNDS=n, BIN=binary.
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
const inFlight = Number(process.argv[2] ?? 128);
const size = 2;
const targets: [string, any][] = [];
const pipes = await Promise.all(Array.from({ length: size }, () => BarePipe.start(BIN)));
let turn = 0;
targets.push(["bare", { op: async () => { const p = pipes[turn++ % size]!; await p.call("transformRequest", request); await p.call("transformResponse", response); }, pids: pipes.map((p) => p.pid) }]);
for (const validate of [true, false]) {
  const pool = await SidecarPool.start({ size, binary: BIN, validate, onLog: () => {} });
  targets.push([`pool validate=${validate}`, { op: async () => { await pool.transformRequest(request); await pool.transformResponse(response); }, pids: pool.pids }]);
}
for (const [, t] of targets) await closedLoop(t.op, inFlight, 400);
const rows: Record<string, number[][]> = {};
for (let round = 0; round < Number(process.env.ROUNDS ?? 5); round++)
  for (const [n, t] of targets) {
    const r = await closedLoop(t.op, inFlight, 600, t.pids);
    (rows[n] ??= []).push([r.p50Us, r.loopBusyUsPerCall, r.cpuUsPerCall, r.childCpuUsPerCall, r.perSecond]);
  }
const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [n, rs] of Object.entries(rows)) console.log(n.padEnd(22), ["p50", "loop", "cpu", "child", "pairs/s"].map((k, i) => `${k} ${fmt(med(rs.map((r) => r[i]!)))}`).join("  "));
process.exit(0);

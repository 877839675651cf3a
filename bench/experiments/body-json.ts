/**
 * Issue 15 experiment (figures in docs/performance.md, fifth pass): transformResponse with the
 * processor's body spliced in (`response.bodyJson`) against the escaped string (`response.body`),
 * through the pool and over bare pipes, with transformRequest beside them for the
 * response ÷ request ratio. Interleaved rounds, medians.
 * `node --import tsx bench/experiments/body-json.ts [inFlight] [poolSize]`; ROUNDS=n (default 7).
 * Pinned: BIN=<a script running `taskset -c 1 <binary> "$@"`> taskset -c 0 node ...
 * Reported, never asserted.
 */
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { findSidecarBinary, packageRoot } from "../../client/binary.js";
import { splicedMessage } from "../../client/connection.js";
import { SidecarPool } from "../../client/pool.js";
import { BarePipe } from "../bare.js";
import { closedLoop, fmt } from "../measure.js";

const BIN = process.env.BIN ?? findSidecarBinary();
const v = (f: string) => JSON.parse(readFileSync(join(packageRoot(), "test", "vectors", f), "utf8")).params;
const request = v("stripe/authorize/card-automatic-full.json");
const response = v("stripe/authorize/response-succeeded.json");
const inFlight = Number(process.argv[2] ?? 1);
const size = Number(process.argv[3] ?? 2);
const targets: [string, { op: () => Promise<unknown>; pids: number[] }][] = [];
const pipes = await Promise.all(Array.from({ length: size }, () => BarePipe.start(BIN)));
let turn = 0;
targets.push(["bare transformRequest", { op: () => pipes[turn++ % size]!.call("transformRequest", request), pids: pipes.map((p) => p.pid) }]);
targets.push(["bare response, body", { op: () => pipes[turn++ % size]!.call("transformResponse", response), pids: pipes.map((p) => p.pid) }]);
targets.push([
  "bare response, bodyJson",
  { op: () => pipes[turn++ % size]!.callText((id) => splicedMessage(id, response, response.response.body)), pids: pipes.map((p) => p.pid) },
]);
for (const spliceBodies of [false, true]) {
  const pool = await SidecarPool.start({ size, binary: BIN, spliceBodies, onLog: () => {} });
  if (spliceBodies) targets.push(["pool transformRequest", { op: () => pool.call("transformRequest", request), pids: pool.pids }]);
  targets.push([`pool response, ${spliceBodies ? "bodyJson" : "body"}`, { op: () => pool.call("transformResponse", response), pids: pool.pids }]);
}
for (const [, t] of targets) await closedLoop(t.op, inFlight, 400);
const rows: Record<string, number[][]> = {};
for (let round = 0; round < Number(process.env.ROUNDS ?? 7); round++) {
  const order = round % 2 ? [...targets].reverse() : targets;
  for (const [n, t] of order) {
    const r = await closedLoop(t.op, inFlight, 500, t.pids);
    (rows[n] ??= []).push([r.p50Us, r.loopBusyUsPerCall, r.cpuUsPerCall, r.childCpuUsPerCall, r.perSecond]);
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const keys = ["p50", "loop", "node cpu", "child cpu", "ops/s"];
console.log(`in flight ${inFlight}, pool ${size}, ${Object.values(rows)[0]!.length} rounds, medians (µs per op; ops/s)`);
for (const [n, rs] of Object.entries(rows)) console.log(n.padEnd(26), keys.map((k, i) => `${k} ${fmt(med(rs.map((r) => r[i]!)))}`).join("  "));
const cpu = (n: string) => med(rows[n]!.map((r) => r[2]! + r[3]!));
for (const side of ["bare", "pool"]) {
  const req = cpu(`${side} transformRequest`);
  for (const form of ["body", "bodyJson"]) {
    console.log(`${side}: transformResponse (${form}) ÷ transformRequest throughput from CPU time: ${fmt(req / cpu(`${side} response, ${form}`))}×`);
  }
}
process.exit(0);

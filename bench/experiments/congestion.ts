/**
 * Issue 15 experiment (figures in docs/performance.md): Pool 2 marked congested at the stream's 16 kB high-water mark (as shipped) against past
 * LIMIT bytes waiting, and two bare pipes; pair workload, interleaved.
 * `node --import tsx bench/experiments/congestion.ts [inFlight]`; LIMIT=bytes, ROUNDS=n.
 * Reported, never asserted.
 */
import { join } from "node:path";
import { findSidecarBinary, packageRoot } from "../../client/binary.js";
import { readFileSync } from "node:fs";
import { SidecarPool } from "../../client/pool.js";
import { ContentLengthWriter } from "../../client/connection.js";
import { BarePipe } from "../bare.js";
import { closedLoop, fmt } from "../measure.js";
const v = (f: string) => JSON.parse(readFileSync(join(packageRoot(), "test", "vectors", f), "utf8")).params;
const request = v("stripe/authorize/card-automatic-full.json"), response = v("stripe/authorize/response-succeeded.json");
const inFlight = Number(process.argv[2] ?? 128);
const LIMIT = Number(process.env.LIMIT ?? 262144);
const a: any = await SidecarPool.start({ size: 2, onLog: () => {} });
const b: any = await SidecarPool.start({ size: 2, onLog: () => {} });
// b: congested only past LIMIT bytes waiting in the stream (write() still returns false past 16 kB, so 'drain' still comes)
for (const s of b.slots) {
  const w = s.child.connection.writer;
  w.write = function (this: any, message: object) {
    const json = JSON.stringify(message);
    if (!this.corked) { this.corked = true; this.stream.cork(); process.nextTick(this.uncork); }
    this.stream.write(`Content-Length: ${Buffer.byteLength(json, "utf8")}\r\n\r\n${json}`, "utf8", this.afterWrite);
    if (this.stream.writableLength > LIMIT) this.congested = true;
    return undefined;
  };
}
const pipes = await Promise.all([0, 1].map(() => BarePipe.start(findSidecarBinary())));
let t = 0;
let queued = { a: 0, b: 0 };
const pair = (p: any) => async () => { await p.transformRequest(request); await p.transformResponse(response); };
const targets: [string, () => Promise<unknown>, number[]][] = [
  ["hwm 16k", pair(a), a.pids],
  [`limit ${LIMIT}`, pair(b), b.pids],
  ["bare", async () => { const p = pipes[t++ % 2]!; await p.call("transformRequest", request); await p.call("transformResponse", response); }, pipes.map((p) => p.pid)],
];
for (const [, op] of targets) await closedLoop(op, inFlight, 300);
const rows: Record<string, number[][]> = {};
const R = Number(process.env.ROUNDS ?? 9);
for (let round = 0; round < R; round++) {
  const order = round % 2 ? [...targets].reverse() : targets;
  for (const [n, op, pids] of order) {
    const r = await closedLoop(op, inFlight, 500, pids);
    (rows[n] ??= []).push([r.perSecond, r.loopBusyUsPerCall / 2, r.cpuUsPerCall / 2, r.childCpuUsPerCall / 2, r.p50Us]);
  }
}
const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`pair, ${inFlight} in flight, ${R} rounds, medians per transform:`);
for (const [n, rs] of Object.entries(rows)) console.log(n.padEnd(14), ["pairs/s", "loop µs", "node cpu µs", "sidecar cpu µs", "p50"].map((k, i) => `${k} ${fmt(med(rs.map((r) => r[i]!)))}`).join("  "));
process.exit(0);

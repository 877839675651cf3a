/**
 * Issue 15 experiment (figures in docs/performance.md): How many calls of the pair workload pass through the pool's queue (backpressure), and drains.
 * `node --import tsx bench/experiments/queue-share.ts [inFlight]`.
 * Reported, never asserted.
 */
import { join } from "node:path";
import { findSidecarBinary, packageRoot } from "../../client/binary.js";
import { readFileSync } from "node:fs";
import { SidecarPool } from "../../client/pool.js";
import { closedLoop, fmt } from "../measure.js";
const v = (f: string) => JSON.parse(readFileSync(join(packageRoot(), "test", "vectors", f), "utf8")).params;
const request = v("stripe/authorize/card-automatic-full.json"), response = v("stripe/authorize/response-succeeded.json");
const pool: any = await SidecarPool.start({ size: 2, onLog: () => {} });
let queued = 0, dispatched = 0, drains = 0;
const P = Object.getPrototypeOf(pool);
const origDispatch = P.dispatch, origLeast = P.leastBusy;
P.dispatch = function (call: any) { dispatched++; const before = this.queue.length; origDispatch.call(this, call); if (this.queue.length > before) queued++; };
for (const s of pool.slots) s.child.onDrain(() => drains++);
const r = await closedLoop(async () => { await pool.transformRequest(request); await pool.transformResponse(response); }, Number(process.argv[2] ?? 128), 4000, pool.pids);
console.log(`pairs/s ${fmt(r.perSecond)} cpu/pair ${fmt(r.cpuUsPerCall)} dispatched ${dispatched} queued ${queued} (${fmt(100 * queued / dispatched)}%) drains ${drains}`);
await pool.close();

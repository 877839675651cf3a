/**
 * `node --import tsx bench/load.ts [op] [poolSize] [inFlight] [seconds]`: a steady load for a
 * profiler to watch (`node --cpu-prof`, `perf record -p <child pid>`). Prints the children's pids
 * at start and the achieved rate at the end.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../client/binary.js";
import { SidecarPool } from "../client/pool.js";
import { closedLoop, fmt } from "./measure.js";

const [op = "pair", size = "2", inFlight = "128", seconds = "5"] = process.argv.slice(2);
const vectors = join(packageRoot(), "test", "vectors");
const params = (p: string) => JSON.parse(readFileSync(join(vectors, p), "utf8")).params;
const request = params("stripe/authorize/card-automatic-full.json");
const response = params("stripe/authorize/response-succeeded.json");

const pool = await SidecarPool.start({ size: Number(size), onLog: () => {} });
console.log(`pids ${pool.pids.join(" ")}`);
const ops: Record<string, () => Promise<unknown>> = {
  ping: () => pool.ping(),
  transformRequest: () => pool.transformRequest(request),
  transformResponse: () => pool.transformResponse(response),
  pair: async () => {
    await pool.transformRequest(request);
    await pool.transformResponse(response);
  },
};
const r = await closedLoop(ops[op]!, Number(inFlight), Number(seconds) * 1000);
console.log(
  `${op} pool ${size} × ${inFlight} in flight: ${fmt(r.perSecond)} ops/s, p50 ${fmt(r.p50Us)} µs, p99 ${fmt(r.p99Us)} µs, loop busy ${fmt(r.loopBusyUsPerCall)} µs/op, cpu ${fmt(r.cpuUsPerCall)} µs/op`,
);
await pool.close();

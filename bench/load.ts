/**
 * `node --import tsx bench/load.ts [op] [poolSize] [inFlight] [seconds] [--bare]`: a steady load for
 * a profiler to watch (`node --cpu-prof`, `perf record -p <child pid>`). Prints the children's pids
 * at start and the achieved rate at the end. `--bare` drives as many bare pipes (bench/bare.ts)
 * instead of the pool, so the two profiles can be compared.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findSidecarBinary, packageRoot } from "../client/binary.js";
import { SidecarPool } from "../client/pool.js";
import { BarePipe } from "./bare.js";
import { closedLoop, fmt } from "./measure.js";

const bare = process.argv.includes("--bare");
const [op = "pair", size = "2", inFlight = "128", seconds = "5"] = process.argv.slice(2).filter((a) => a !== "--bare");
const vectors = join(packageRoot(), "test", "vectors");
const params = (p: string) => JSON.parse(readFileSync(join(vectors, p), "utf8")).params;
const request = params("stripe/authorize/card-automatic-full.json");
const response = params("stripe/authorize/response-succeeded.json");

interface Target {
  pids: number[];
  ping(): Promise<unknown>;
  transformRequest(): Promise<unknown>;
  transformResponse(): Promise<unknown>;
  close(): Promise<void>;
}

async function poolTarget(): Promise<Target> {
  const pool = await SidecarPool.start({ size: Number(size), onLog: () => {} });
  return {
    pids: pool.pids,
    ping: () => pool.ping(),
    transformRequest: () => pool.transformRequest(request),
    transformResponse: () => pool.transformResponse(response),
    close: () => pool.close(),
  };
}

async function bareTarget(): Promise<Target> {
  const pipes = await Promise.all(Array.from({ length: Number(size) }, () => BarePipe.start(findSidecarBinary())));
  let turn = 0;
  const next = () => pipes[turn++ % pipes.length]!;
  return {
    pids: pipes.map((p) => p.pid),
    ping: () => next().call("ping"),
    transformRequest: () => next().call("transformRequest", request),
    transformResponse: () => next().call("transformResponse", response),
    close: async () => void (await Promise.all(pipes.map((p) => p.close()))),
  };
}

const target = bare ? await bareTarget() : await poolTarget();
console.log(`pids ${target.pids.join(" ")}`);
const ops: Record<string, () => Promise<unknown>> = {
  ping: () => target.ping(),
  transformRequest: () => target.transformRequest(),
  transformResponse: () => target.transformResponse(),
  pair: async () => {
    await target.transformRequest();
    await target.transformResponse();
  },
};
const r = await closedLoop(ops[op]!, Number(inFlight), Number(seconds) * 1000, target.pids);
console.log(
  `${op} ${bare ? "bare pipes" : "pool"} ${size} × ${inFlight} in flight: ${fmt(r.perSecond)} ops/s, p50 ${fmt(r.p50Us)} µs, p99 ${fmt(r.p99Us)} µs, loop busy ${fmt(r.loopBusyUsPerCall)} µs/op, cpu ${fmt(r.cpuUsPerCall)} µs/op, children cpu ${fmt(r.childCpuUsPerCall)} µs/op`,
);
await target.close();

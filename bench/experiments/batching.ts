/**
 * Issue 15 experiment (sixth pass, figures in docs/performance.md): how many messages each read
 * and each write of the pool's pipes carry at a given number of calls in flight. Counts the
 * reader's chunks and the writer's flushes (uncorks) while `bench/load.ts`'s workload runs.
 * `node --import tsx bench/experiments/batching.ts [op] [inFlight] [poolSize]`. Reported, never asserted.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../client/binary.js";
import { ContentLengthReader, ContentLengthWriter } from "../../client/connection.js";
import { SidecarPool } from "../../client/pool.js";
import { closedLoop, fmt } from "../measure.js";

const [op = "transformRequest", inFlight = "128", size = "2"] = process.argv.slice(2);
const v = (f: string) => JSON.parse(readFileSync(join(packageRoot(), "test", "vectors", f), "utf8")).params;
const params = op === "transformRequest" ? v("stripe/authorize/card-automatic-full.json") : v("stripe/authorize/response-succeeded.json");
const counts = { chunks: 0, bytesIn: 0, writes: 0, flushes: 0 };
const proto = ContentLengthReader.prototype as unknown as { receive(chunk: Buffer): void };
const receive = proto.receive;
proto.receive = function (this: unknown, chunk: Buffer) {
  counts.chunks++;
  counts.bytesIn += chunk.length;
  return receive.call(this, chunk);
};
const wproto = ContentLengthWriter.prototype as unknown as { writeText(json: string): string | undefined };
const writeText = wproto.writeText;
wproto.writeText = function (this: { corked: boolean }, json: string) {
  counts.writes++;
  if (!this.corked) counts.flushes++;
  return writeText.call(this, json);
};
const pool = await SidecarPool.start({ size: Number(size), onLog: () => {} });
await closedLoop(() => pool.call(op as "transformRequest", params), Number(inFlight), 300);
for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] = 0;
const r = await closedLoop(() => pool.call(op as "transformRequest", params), Number(inFlight), 2000, pool.pids);
console.log(
  `${op} pool ${size} × ${inFlight}: ${fmt(r.perSecond)}/s, loop ${fmt(r.loopBusyUsPerCall)} µs/op, cpu ${fmt(r.cpuUsPerCall)} µs/op; ` +
    `per read chunk ${fmt(r.calls / counts.chunks)} answers (${fmt(counts.bytesIn / counts.chunks)} B), per write flush ${fmt(counts.writes / counts.flushes)} messages`,
);
await pool.close();
process.exit(0);

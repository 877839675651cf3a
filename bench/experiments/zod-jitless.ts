/**
 * Issue 15 experiment (figures in docs/performance.md): zod validation of the workload's params, hot and cold, JIT or `jitless`.
 * `node --import tsx bench/experiments/zod-jitless.ts [jitless]`.
 * Reported, never asserted.
 */
import { join } from "node:path";
import { findSidecarBinary, packageRoot } from "../../client/binary.js";
import { z } from "zod";
if (process.argv[2] === "jitless") z.config({ jitless: true });
const { METHODS } = await import("../../protocol/index.js");
import { readFileSync } from "node:fs";
const v = (f: string) => JSON.parse(readFileSync(join(packageRoot(), "test", "vectors", f), "utf8")).params;
const request = v("stripe/authorize/card-automatic-full.json"), response = v("stripe/authorize/response-succeeded.json");
const sweep = new Float64Array(4 << 20);
function both(name: string, f: () => unknown) {
  for (let i = 0; i < 3000; i++) f();
  const c0 = process.cpuUsage(); for (let i = 0; i < 50000; i++) f(); const c = process.cpuUsage(c0);
  const times: number[] = [];
  for (let r = 0; r < 301; r++) { for (let i = 0; i < sweep.length; i += 8) sweep[i]! += 1; const t = process.hrtime.bigint(); f(); times.push(Number(process.hrtime.bigint() - t) / 1000); }
  times.sort((a, b) => a - b);
  console.log(process.argv[2] ?? "jit", name, "hot", ((c.user + c.system) / 50000).toFixed(2), "cold", times[150]!.toFixed(1));
}
both("req", () => METHODS.transformRequest.params!.safeParse(request));
both("resp", () => METHODS.transformResponse.params!.safeParse(response));

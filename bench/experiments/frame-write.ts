/**
 * Issue 15 experiment (figures in docs/performance.md): SidecarConnection with other ways of writing a frame against the bare driver, one child.
 * `node --import tsx bench/experiments/frame-write.ts [inFlight] [method]`; AB=1 compares only the
 * writer as shipped (one string per frame) with header and body as two chunks; ROUNDS=n; BIN=binary.
 * Reported, never asserted.
 */
import { join } from "node:path";
import { findSidecarBinary, packageRoot } from "../../client/binary.js";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { SidecarConnection, ContentLengthWriter } from "../../client/connection.js";
import { BarePipe } from "../bare.js";
import { closedLoop, fmt } from "../measure.js";
const BIN = process.env.BIN ?? findSidecarBinary();
const response = JSON.parse(readFileSync(join(packageRoot(), "test", "vectors", "stripe/authorize/response-succeeded.json"), "utf8")).params;
const inFlight = Number(process.argv[2] ?? 1);
const method = process.argv[3] ?? "transformResponse";
const orig = ContentLengthWriter.prototype.write;
// variant: join the tick's frames ourselves and write once on nextTick (no cork)
function joined(this: any, message: object) {
  const json = JSON.stringify(message);
  const frame = `Content-Length: ${Buffer.byteLength(json, "utf8")}\r\n\r\n${json}`;
  this.lines ??= [];
  if (this.lines.push(frame) === 1) process.nextTick(() => { const t = this.lines.length === 1 ? this.lines[0] : this.lines.join(""); this.lines = []; this.stream.write(t); });
  return undefined;
}
// variant: cork but with no byteLength (ascii assumption) -- just for measurement
function corkNoLen(this: any, message: object) {
  const json = JSON.stringify(message);
  if (!this.corked) { this.corked = true; this.stream.cork(); process.nextTick(this.uncork); }
  this.stream.write(`Content-Length: ${json.length}\r\n\r\n${json}`, "utf8", this.afterWrite);
  return undefined;
}
// variant: two writes, header then body, corked
function corkTwo(this: any, message: object) {
  const json = JSON.stringify(message);
  if (!this.corked) { this.corked = true; this.stream.cork(); process.nextTick(this.uncork); }
  this.stream.write(`Content-Length: ${Buffer.byteLength(json, "utf8")}\r\n\r\n`, "latin1");
  this.stream.write(json, "utf8", this.afterWrite);
  return undefined;
}
const variants: Record<string, any> = process.env.AB ? { "one string": orig, "two chunks": corkTwo } : { orig, joined, corkNoLen, corkTwo };
async function conn(v: string) {
  const child: any = spawn(BIN, [], { stdio: ["pipe", "pipe", "pipe"] });
  child.stderr.resume();
  const c: any = new SidecarConnection(child.stdout, child.stdin, () => {});
  c.writer.write = variants[v];
  c.listen();
  await c.sendRequest("initialize", { protocolVersion: "1" });
  return { op: () => c.sendRequest(method, response), pid: child.pid, close: () => { c.dispose(); child.kill(); } };
}
async function bare() {
  const p = await BarePipe.start(BIN);
  return { op: () => p.call(method, response), pid: p.pid, close: () => p.close() };
}
const made = [["bare", await bare()], ...(await Promise.all(Object.keys(variants).map(async (v) => [v, await conn(v)])))] as any[];
for (const [, t] of made) await closedLoop(t.op, inFlight, 400);
const rows: Record<string, number[][]> = {};
for (let round = 0; round < Number(process.env.ROUNDS ?? 7); round++)
  for (const [n, t] of (round % 2 ? [...made].reverse() : made)) {
    const r = await closedLoop(t.op, inFlight, 500, [t.pid]);
    (rows[n] ??= []).push([r.p50Us, r.loopBusyUsPerCall, r.cpuUsPerCall, r.childCpuUsPerCall]);
  }
const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [n, rs] of Object.entries(rows)) console.log(n.padEnd(12), ["p50", "loop", "cpu", "child"].map((k, i) => `${k} ${fmt(med(rs.map((r) => r[i]!)))}`).join("  "));
for (const [, t] of made) await t.close();
process.exit(0);

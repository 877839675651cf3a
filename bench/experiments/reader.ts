/**
 * Issue 15 experiment (figures in docs/performance.md): ContentLengthReader against the bare driver's NDJSON split, hot, on 64 answers per batch.
 * `node --import tsx bench/experiments/reader.ts`.
 * Reported, never asserted.
 */
import { join } from "node:path";
import { findSidecarBinary, packageRoot } from "../../client/binary.js";
import { ContentLengthReader } from "../../client/connection.js";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { EventEmitter } from "node:events";
const v = JSON.parse(readFileSync(join(packageRoot(), "test", "vectors", "stripe/authorize/response-succeeded.json"), "utf8"));
const vr = JSON.parse(readFileSync(join(packageRoot(), "test", "vectors", "stripe/authorize/card-automatic-full.json"), "utf8"));
for (const [name, result] of [["transformResponse answer", v.result], ["transformRequest answer", vr.result]] as const) {
  const answers = Array.from({ length: 64 }, (_, i) => JSON.stringify({ jsonrpc: "2.0", id: i, result }));
  const framed = Buffer.from(answers.map((a) => `Content-Length: ${Buffer.byteLength(a)}\r\n\r\n${a}`).join(""));
  const ndjson = Buffer.from(answers.map((a) => a + "\n").join(""));
  // split into 64 kB chunks like a pipe read
  const chunks = (b: Buffer) => { const out: Buffer[] = []; for (let i = 0; i < b.length; i += 65536) out.push(b.subarray(i, i + 65536)); return out; };
  const fc = chunks(framed), nc = chunks(ndjson);
  let got = 0;
  const stream = new EventEmitter() as any;
  const reader = new ContentLengthReader(stream, () => got++, (e) => { throw e; });
  reader.listen();
  const runFramed = () => { for (const c of fc) stream.emit("data", c); };
  const { StringDecoder } = await import("node:string_decoder");
  const runNd = () => { const d = new StringDecoder("utf8"); let partial = ""; for (const c of nc) { const text = d.write(c); let start = 0; for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) { const line = start === 0 && partial ? partial + text.slice(0, end) : text.slice(start, end); if (start === 0) partial = ""; start = end + 1; JSON.parse(line); got++; } partial += text.slice(start); } };
  const time = (f: () => void) => { for (let i = 0; i < 300; i++) f(); const r: number[] = []; for (let k = 0; k < 7; k++) { const c0 = process.cpuUsage(); for (let i = 0; i < 300; i++) f(); const c = process.cpuUsage(c0); r.push((c.user + c.system) / 300 / 64); } return r.sort((a, b) => a - b)[3]!.toFixed(2); };
  console.log(`${name} (${answers[0]!.length} B): framed reader ${time(runFramed)} µs/message, bare NDJSON ${time(runNd)} µs/message`);
}

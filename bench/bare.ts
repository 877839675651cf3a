/**
 * The bare pipe: the least a Node program must do to use the sidecar, with no client library. One
 * child per driver (child_process.spawn), NDJSON framing, each call `JSON.stringify`d and written at
 * with the other lines of its tick in one write, each answer line `JSON.parse`d and matched to its
 * call by id. No validation, no deadline,
 * no retry, no backpressure: it is the floor the pool's figures are compared with (bench/run.ts
 * prints the pool beside it, cell by cell).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { PROTOCOL_VERSION } from "../protocol/index.js";

export class BarePipe {
  readonly pid: number;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting = new Map<number, (answer: { result?: unknown; error?: unknown }) => void>();
  private nextId = 0;
  private partial = "";
  /** Lines of this tick, written together on the next tick. */
  private lines: string[] = [];
  private readonly flush = () => {
    const text = this.lines.length === 1 ? this.lines[0]! : this.lines.join("");
    this.lines = [];
    this.child.stdin.write(text);
  };

  private constructor(binary: string) {
    this.child = spawn(binary, [], { stdio: ["pipe", "pipe", "pipe"] });
    this.pid = this.child.pid!;
    this.child.stderr.resume();
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (text: string) => {
      let start = 0;
      for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
        const line = start === 0 && this.partial ? this.partial + text.slice(0, end) : text.slice(start, end);
        if (start === 0) this.partial = "";
        start = end + 1;
        const answer = JSON.parse(line) as { id: number; result?: unknown; error?: unknown };
        const settle = this.waiting.get(answer.id);
        this.waiting.delete(answer.id);
        settle?.(answer);
      }
      this.partial += text.slice(start);
    });
  }

  static async start(binary: string): Promise<BarePipe> {
    const pipe = new BarePipe(binary);
    await pipe.call("initialize", { protocolVersion: PROTOCOL_VERSION, clientName: "bench-bare-pipe" }).catch(() => {});
    return pipe;
  }

  /** Resolves with the result; rejects with the error object the sidecar answered. */
  call(method: string, params?: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (answer) => (answer.error ? reject(answer.error) : resolve(answer.result)));
      if (this.lines.push(JSON.stringify({ jsonrpc: "2.0", id, method, params }) + "\n") === 1) process.nextTick(this.flush);
    });
  }

  /** `call` with the message written by `text(id)` as it is (e.g. a transformResponse with its body spliced in). */
  callText(text: (id: number) => string): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (answer) => (answer.error ? reject(answer.error) : resolve(answer.result)));
      if (this.lines.push(text(id) + "\n") === 1) process.nextTick(this.flush);
    });
  }

  async close(): Promise<void> {
    this.child.stdin.end();
    if (this.child.exitCode === null) await new Promise((r) => this.child.once("exit", r));
  }
}

/**
 * The sidecar binary itself, spoken to over raw stdio (no client): both framings, pipelining,
 * every kind of bad input, exits, and what may and may not reach stdout and stderr.
 *
 * Every byte the child writes to stdout is parsed as a frame; anything that is not a JSON-RPC 2.0
 * response (a stray log line, a half frame) fails the test that produced it.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { findSidecarBinary } from "../client/binary.js";

type Framing = "content-length" | "ndjson";
type Json = any;

interface Frame {
  framing: Framing;
  msg: Json;
}

const BIN = findSidecarBinary();
const CARD = "4000056655665556"; // passes Luhn
const BAD_LUHN_CARD = "4000056655665557";
const API_KEY = "sk_test_LEAKCANARY51HxYzQ";

function authorizeParams(id: string | number, over: { number?: string; apiKey?: string } = {}): Json {
  return {
    connector: "stripe",
    flow: "authorize",
    auth: { apiKey: over.apiKey ?? API_KEY },
    request: {
      merchantTransactionId: `order_${id}`,
      amount: { minorAmount: 2000, currency: "USD" },
      paymentMethod: { type: "card", card: { number: over.number ?? CARD, expMonth: "12", expYear: "2030", cvc: "123" } },
    },
  };
}

function req(id: string | number | null, method: string, params?: Json): Json {
  const m: Json = { jsonrpc: "2.0", id, method };
  if (params !== undefined) m.params = params;
  return m;
}

function notification(method: string, params?: Json): Json {
  const m: Json = { jsonrpc: "2.0", method };
  if (params !== undefined) m.params = params;
  return m;
}

const nd = (m: Json): string => JSON.stringify(m) + "\n";
const cl = (m: Json | string): string => {
  const body = typeof m === "string" ? m : JSON.stringify(m);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};

/** One child process with a frame parser on its stdout. */
class Child {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly frames: Frame[] = [];
  /** stdout content that is not a JSON-RPC response: must stay empty. */
  readonly garbage: string[] = [];
  stderr = "";
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];

  constructor(args: string[] = [], logLevel = "warn") {
    this.proc = spawn(BIN, args, {
      stdio: "pipe",
      env: { ...process.env, CONNECTOR_SIDECAR_LOG: logLevel },
    });
    this.proc.stdin.on("error", () => {});
    this.proc.stdout.on("data", (chunk: Buffer) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      this.parse();
      for (const w of this.waiters.splice(0)) w();
    });
    this.proc.stderr.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString("utf8");
    });
    this.exit = new Promise((resolve, reject) => {
      this.proc.on("error", reject);
      // `close` (not `exit`): stdout has been read to its end by then.
      this.proc.on("close", (code, signal) => {
        for (const w of this.waiters.splice(0)) w();
        resolve({ code, signal });
      });
    });
  }

  write(data: string | Buffer): void {
    this.proc.stdin.write(data);
  }

  /** Closes stdin and waits for the exit; returns the exit code. */
  async end(): Promise<number | null> {
    this.proc.stdin.end();
    const { code, signal } = await this.exit;
    assert.equal(signal, null, `the sidecar was killed by ${signal}`);
    return code;
  }

  /** Bytes left on stdout that never formed a complete frame. */
  get leftover(): string {
    return this.buf.toString("utf8");
  }

  async waitFrames(n: number, timeoutMs = 15_000): Promise<Frame[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length < n) {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) {
        // The process is gone: only what is already buffered will come.
        await new Promise((r) => setImmediate(r));
        if (this.frames.length < n) break;
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    assert.ok(
      this.frames.length >= n,
      `expected ${n} answers, got ${this.frames.length}; stderr: ${this.stderr.slice(-500)}`,
    );
    return this.frames;
  }

  /** The answer with this id (waits for it). */
  async answer(id: string | number, timeoutMs = 15_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const f = this.frames.find((x) => x.msg.id === id);
      if (f) return f;
      assert.ok(Date.now() < deadline, `no answer with id ${JSON.stringify(id)}; got ${this.frames.length} frames`);
      await this.waitFrames(this.frames.length + 1, deadline - Date.now());
    }
  }

  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill("SIGKILL");
  }

  private parse(): void {
    for (;;) {
      let start = 0;
      while (start < this.buf.length && [0x20, 0x09, 0x0d, 0x0a].includes(this.buf[start]!)) start++;
      if (start === this.buf.length) {
        this.buf = Buffer.alloc(0);
        return;
      }
      const rest = this.buf.subarray(start);
      const head = rest.subarray(0, 16).toString("latin1");
      if (/^content-length:/i.test(head) || "content-length:".startsWith(head.toLowerCase())) {
        const end = rest.indexOf("\r\n\r\n");
        if (end < 0) {
          if (rest.length > 1024) this.bad(`an unterminated header block: ${rest.subarray(0, 100).toString()}`);
          return;
        }
        const header = rest.subarray(0, end).toString("latin1");
        const m = /^content-length:\s*(\d+)$/i.exec(header);
        if (!m) {
          this.bad(`a header block that is not exactly Content-Length: ${JSON.stringify(header)}`);
          return;
        }
        const n = Number(m[1]);
        if (rest.length < end + 4 + n) return;
        this.accept("content-length", rest.subarray(end + 4, end + 4 + n).toString("utf8"));
        this.buf = rest.subarray(end + 4 + n);
      } else {
        const nl = rest.indexOf(0x0a);
        if (nl < 0) return;
        this.accept("ndjson", rest.subarray(0, nl).toString("utf8"));
        this.buf = rest.subarray(nl + 1);
      }
    }
  }

  private accept(framing: Framing, text: string): void {
    let msg: Json;
    try {
      msg = JSON.parse(text);
    } catch {
      this.bad(`not JSON: ${text.slice(0, 200)}`);
      return;
    }
    const isResponse =
      msg !== null &&
      typeof msg === "object" &&
      msg.jsonrpc === "2.0" &&
      "id" in msg &&
      ("result" in msg) !== ("error" in msg) &&
      (!("error" in msg) || (Number.isInteger(msg.error?.code) && typeof msg.error?.message === "string"));
    if (!isResponse) {
      this.bad(`not a JSON-RPC 2.0 response: ${text.slice(0, 200)}`);
      return;
    }
    this.frames.push({ framing, msg });
  }

  private bad(what: string): void {
    this.garbage.push(what);
    this.buf = Buffer.alloc(0);
  }
}

describe("sidecar binary over raw stdio", function () {
  this.timeout(60_000);
  let children: Child[] = [];

  function start(args: string[] = [], logLevel = "warn"): Child {
    const c = new Child(args, logLevel);
    children.push(c);
    return c;
  }

  afterEach(function () {
    for (const c of children) {
      c.kill();
      assert.deepEqual(c.garbage, [], "stdout carried something other than JSON-RPC responses");
    }
    children = [];
  });

  it("answers both framings in one stream, each in kind", async function () {
    const c = start();
    c.write(nd(req(1, "ping")) + cl(req(2, "ping")) + "\n\n" + nd(req(3, "ping")) + cl(req(4, "listConnectors")) + cl(req(5, "ping")));
    await c.waitFrames(5);
    const framingOf = (id: number) => c.frames.find((f) => f.msg.id === id)?.framing;
    assert.deepEqual([1, 2, 3, 4, 5].map(framingOf), ["ndjson", "content-length", "ndjson", "content-length", "content-length"]);
    assert.deepEqual(c.frames.find((f) => f.msg.id === 1)!.msg.result, {});
    const connectors = c.frames.find((f) => f.msg.id === 4)!.msg.result as Json[];
    assert.ok(connectors.some((x) => x.name === "stripe"), "listConnectors names stripe");
    // Header names are case-insensitive and other headers are allowed (LSP sends Content-Type).
    c.write(`content-length: ${JSON.stringify(req(6, "ping")).length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${JSON.stringify(req(6, "ping"))}`);
    assert.equal((await c.answer(6)).framing, "content-length");
    assert.equal(await c.end(), 0);
  });

  it("answers 1,000 pipelined calls (mixed ping/transformRequest, mixed framing) with matching ids", async function () {
    const c = start();
    let batch = "";
    for (let i = 0; i < 1000; i++) {
      const m = i % 3 === 0 ? req(i, "ping") : req(i, "transformRequest", authorizeParams(i));
      batch += i % 2 === 0 ? nd(m) : cl(m);
    }
    c.write(batch);
    await c.waitFrames(1000);
    assert.equal(c.frames.length, 1000);
    const ids = new Set<number>();
    for (const { framing, msg } of c.frames) {
      const i = msg.id as number;
      assert.ok(Number.isInteger(i) && i >= 0 && i < 1000, `unexpected id ${msg.id}`);
      assert.ok(!ids.has(i), `id ${i} answered twice`);
      ids.add(i);
      assert.equal(framing, i % 2 === 0 ? "ndjson" : "content-length", `framing of ${i}`);
      assert.equal(msg.error, undefined, `call ${i} failed: ${JSON.stringify(msg.error)}`);
      if (i % 3 === 0) {
        assert.deepEqual(msg.result, {});
      } else {
        // The answer belongs to its own request, not just to its id.
        assert.equal(msg.result.url, "https://api.stripe.com/v1/payment_intents");
        assert.match(msg.result.body.data, new RegExp(`merchant_transaction_id%5D=order_${i}(&|$)`));
      }
    }
    assert.equal(ids.size, 1000);
    assert.equal(await c.end(), 0);
  });

  it("answers malformed JSON with -32700 and goes on answering (both framings)", async function () {
    const c = start();
    c.write('{"jsonrpc":"2.0","id":1,"method":\n');
    c.write(nd(req(2, "ping")));
    c.write(cl("{not json at all"));
    c.write(cl(req(3, "ping")));
    c.write("hello there\n");
    c.write(nd(req(4, "ping")));
    await c.waitFrames(6);
    const parseErrors = c.frames.filter((f) => f.msg.error?.code === -32700);
    assert.equal(parseErrors.length, 3, JSON.stringify(c.frames));
    assert.deepEqual(
      parseErrors.map((f) => f.framing),
      ["ndjson", "content-length", "ndjson"],
    );
    for (const f of parseErrors) assert.equal(f.msg.id, null);
    for (const id of [2, 3, 4]) assert.deepEqual((await c.answer(id)).msg.result, {});
    assert.equal(await c.end(), 0);
  });

  it("answers a non-JSON-RPC object with -32600", async function () {
    const c = start();
    c.write(nd({ hello: "world" }) + nd(req(2, "ping")));
    await c.waitFrames(2);
    assert.equal(c.frames[0]!.msg.error.code, -32600);
    assert.deepEqual((await c.answer(2)).msg.result, {});
  });

  it("answers an unknown method with -32601", async function () {
    const c = start();
    c.write(nd(req(1, "transformEverything", {})) + cl(req(2, "Ping")));
    assert.equal((await c.answer(1)).msg.error.code, -32601);
    assert.equal((await c.answer(2)).msg.error.code, -32601);
  });

  it("answers invalid params with -32602 and data.path naming the field", async function () {
    const c = start();
    const float = authorizeParams(1);
    float.request.amount.minorAmount = 20.5;
    const typo = authorizeParams(2);
    typo.request.captureMetod = "manual";
    const missing = authorizeParams(3);
    delete missing.request.merchantTransactionId;
    const wrongType = authorizeParams(4);
    wrongType.request.paymentMethod.card.expMonth = 12;
    c.write(nd(req(1, "transformRequest", float)) + nd(req(2, "transformRequest", typo)));
    c.write(cl(req(3, "transformRequest", missing)) + nd(req(4, "transformRequest", wrongType)));
    c.write(nd(req(5, "initialize", { clientName: "x" })));
    const expected: [number, string][] = [
      [1, "request.amount.minorAmount"],
      [2, "request.captureMetod"],
      [3, "request.merchantTransactionId"],
      [4, "request.paymentMethod.card.expMonth"],
      [5, "protocolVersion"],
    ];
    for (const [id, path] of expected) {
      const { msg } = await c.answer(id);
      assert.equal(msg.error?.code, -32602, `call ${id}: ${JSON.stringify(msg)}`);
      assert.equal(msg.error.data.kind, "InvalidParams");
      assert.equal(msg.error.data.path, path, `call ${id}: ${JSON.stringify(msg.error)}`);
    }
    // The rejected values are not echoed back.
    for (const f of c.frames) assert.ok(!JSON.stringify(f.msg).includes(CARD), "an error echoed the card number");
  });

  it("answers an unknown connector with 1001 and an unsupported flow with 1002", async function () {
    const c = start();
    const unknown = authorizeParams(1);
    unknown.connector = "stripey";
    const flow = { ...authorizeParams(2), flow: "teleport" };
    const notImplemented = { connector: "stripe", flow: "createAccessToken", auth: { apiKey: API_KEY }, request: {} };
    c.write(nd(req(1, "transformRequest", unknown)) + nd(req(2, "transformRequest", flow)));
    c.write(nd(req(3, "transformResponse", { ...notImplemented, response: { status: 200, body: "{}" } })));
    const a1 = (await c.answer(1)).msg.error;
    assert.equal(a1?.code, 1001);
    assert.equal(a1.data.kind, "UnknownConnector");
    // A wrong value can be anything (an API key pasted into the wrong field): never quoted.
    assert.equal(a1.data.connector, undefined);
    assert.equal(a1.data.field, "connector");
    assert.ok(!JSON.stringify(a1).includes("stripey"), JSON.stringify(a1));
    for (const id of [2, 3]) {
      const e = (await c.answer(id)).msg.error;
      assert.equal(e?.code, 1002, JSON.stringify(e));
      assert.equal(e.data.kind, "FlowNotSupported");
      assert.equal(e.data.connector, "stripe");
    }
  });

  it("answers an oversize message (--max-message-bytes 1024) with an error under its own id, then goes on", async function () {
    const c = start(["--max-message-bytes", "1024"]);
    const big = req(1, "ping", { pad: "x".repeat(2000) });
    const fits = req(2, "ping", { pad: "y".repeat(900) });
    c.write(nd(big) + nd(fits) + cl(big) + cl(req(3, "ping")));
    await c.waitFrames(4);
    const [e1, ok2, e3, ok3] = c.frames;
    for (const [e, framing] of [[e1!, "ndjson"], [e3!, "content-length"]] as const) {
      assert.equal(e.framing, framing);
      assert.equal(e.msg.id, 1, "the id is read from the message's head");
      assert.equal(e.msg.error?.code, -32600, JSON.stringify(e.msg));
      assert.equal(e.msg.error.data.kind, "MessageTooLarge");
      assert.match(e.msg.error.message, /1024/);
    }
    assert.deepEqual([ok2!.msg.id, ok2!.msg.result], [2, {}]);
    assert.deepEqual([ok3!.msg.id, ok3!.msg.result], [3, {}]);
    assert.equal(await c.end(), 0);
  });

  it("refuses a 9 MiB line by default (8 MiB limit) and goes on; a 7 MiB one is served", async function () {
    const c = start();
    const MiB = 1024 * 1024;
    c.write(nd(req(1, "ping", { pad: "x".repeat(9 * MiB) })));
    c.write(nd(req(2, "ping")));
    c.write(nd(req(3, "ping", { pad: "z".repeat(7 * MiB) })));
    c.write(cl(req(4, "ping", { pad: "w".repeat(9 * MiB) })));
    c.write(nd(req(5, "ping")));
    await c.waitFrames(5, 30_000);
    assert.deepEqual(
      c.frames.map((f) => [f.msg.id, f.msg.error?.data?.kind ?? "ok"]),
      [[1, "MessageTooLarge"], [2, "ok"], [3, "ok"], [4, "MessageTooLarge"], [5, "ok"]],
    );
    assert.equal(await c.end(), 0);
  });

  it("answers a bad header block with an error, then goes on", async function () {
    const c = start();
    c.write("X-Custom: 1\r\n\r\n");
    c.write(nd(req(1, "ping")));
    c.write("Content-Length: twelve\r\n\r\n");
    c.write(cl(req(2, "ping")));
    await c.waitFrames(4);
    const errors = c.frames.filter((f) => f.msg.error);
    assert.equal(errors.length, 2, JSON.stringify(c.frames));
    for (const e of errors) {
      assert.equal(e.msg.error.code, -32600);
      assert.equal(e.msg.id, null);
    }
    assert.deepEqual((await c.answer(1)).msg.result, {});
    assert.deepEqual((await c.answer(2)).msg.result, {});
    assert.equal(await c.end(), 0);
  });

  it("does not answer notifications (valid, unknown method, or invalid params)", async function () {
    const c = start();
    c.write(nd(notification("ping")));
    c.write(cl(notification("ping")));
    c.write(nd(notification("noSuchMethod", {})));
    c.write(nd(notification("transformRequest", { connector: "stripe" })));
    c.write(nd(req("after", "ping")));
    assert.equal(await c.end(), 0);
    assert.deepEqual(
      c.frames.map((f) => f.msg.id),
      ["after"],
    );
  });

  it("answers shutdown with null, then exits 0 with stdin still open", async function () {
    const c = start();
    c.write(nd(req(1, "ping")) + nd(req(2, "shutdown")));
    const { code, signal } = await c.exit;
    assert.deepEqual([code, signal], [0, null]);
    assert.deepEqual(
      c.frames.map((f) => [f.msg.id, f.msg.result]),
      [
        [1, {}],
        [2, null],
      ],
    );
  });

  it("on stdin EOF answers everything read, then exits 0", async function () {
    const c = start();
    let batch = "";
    for (let i = 0; i < 300; i++) batch += i % 2 ? cl(req(i, "transformRequest", authorizeParams(i))) : nd(req(i, "ping"));
    // The last line has no newline: it is still a message.
    batch += JSON.stringify(req("last", "ping"));
    c.write(batch);
    assert.equal(await c.end(), 0);
    assert.equal(c.frames.length, 301);
    assert.deepEqual(new Set(c.frames.map((f) => f.msg.id)), new Set([...Array.from({ length: 300 }, (_, i) => i), "last"]));
    assert.ok(c.frames.every((f) => !f.msg.error), "every call succeeded");
  });

  it("writes only protocol to stdout and no card number or key to stderr, even at trace level", async function () {
    const c = start([], "trace");
    const stripeResponse = {
      ...authorizeParams("r"),
      response: {
        status: 402,
        headers: [{ name: "Content-Type", value: "application/json" }],
        body: JSON.stringify({ error: { type: "card_error", code: "card_declined", message: `Your card ${CARD} was declined.` } }),
      },
    };
    const typo = authorizeParams("typo");
    typo.request.captureMetod = "manual";
    const badLuhn = authorizeParams("luhn", { number: BAD_LUHN_CARD });
    const notJson = { ...authorizeParams("nj"), response: { status: 502, body: `<html>${CARD} ${API_KEY}</html>` } };
    c.write(
      nd(req(1, "initialize", { protocolVersion: "1", clientName: "binary.test" })) +
        cl(req(2, "listConnectors")) +
        nd(req(3, "transformRequest", authorizeParams(3))) +
        cl(req(4, "transformResponse", stripeResponse)) +
        nd(req(5, "transformRequest", typo)) +
        nd(req(6, "transformRequest", badLuhn)) +
        nd(req(7, "transformResponse", notJson)) +
        nd(notification("transformRequest", authorizeParams("n"))) +
        `{"jsonrpc":"2.0","id":8,"method":"transformRequest","params":{"auth":{"apiKey":"${API_KEY}"},"card":"${CARD}"\n` +
        nd(req(9, "transformRequest", { ...authorizeParams(9), connector: "nope" })) +
        nd(req(10, "ping")),
    );
    assert.equal(await c.end(), 0);
    assert.equal(c.frames.length, 10, JSON.stringify(c.frames.map((f) => f.msg.id)));
    assert.equal(c.leftover.trim(), "", "stdout ended in the middle of a frame");
    assert.equal((await c.answer(3)).msg.result.url, "https://api.stripe.com/v1/payment_intents");
    assert.equal((await c.answer(4)).msg.result.status, "failure");
    assert.equal((await c.answer(6)).msg.error.code, 1005);
    // Errors never hold a full card number or the key.
    for (const f of c.frames.filter((x) => x.msg.error)) {
      const text = JSON.stringify(f.msg);
      for (const secret of [CARD, BAD_LUHN_CARD, API_KEY]) assert.ok(!text.includes(secret), `error ${f.msg.id} holds a secret: ${text}`);
    }
    // The log really ran at trace level (so the check below means something) ...
    assert.match(c.stderr, /DEBUG/, `stderr: ${c.stderr.slice(0, 500)}`);
    // ... and never printed a secret, whatever logged it (jsonrpc-core logs whole requests under `rpc`).
    for (const secret of [CARD, BAD_LUHN_CARD, API_KEY, "4000 0566", "LEAKCANARY"]) {
      assert.ok(!c.stderr.includes(secret), `stderr holds ${secret}:\n${c.stderr.slice(0, 2000)}`);
    }
  });
});

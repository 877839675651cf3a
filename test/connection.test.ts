/**
 * The client's JSON-RPC connection against in-memory streams: framing split at every byte,
 * several messages per chunk, multi-byte UTF-8 across chunks, requests of one tick in one writev,
 * error answers as vscode-jsonrpc's ResponseError, closed and disposed connections.
 */
import assert from "node:assert/strict";
import { PassThrough, Writable } from "node:stream";
import { ResponseError } from "vscode-jsonrpc/node.js";
import { ContentLengthReader, SidecarConnection } from "../client/connection.js";

function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), "utf8");
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, "latin1"), body]);
}

/** A writable that records each write it performs (a writev of several chunks is one, as on a pipe). */
class RecordingStream extends Writable {
  writes: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.writes.push(chunk.toString("utf8"));
    done();
  }
  override _writev(chunks: { chunk: Buffer }[], done: () => void): void {
    this.writes.push(chunks.map((c) => c.chunk.toString("utf8")).join(""));
    done();
  }
}

function parseFrames(text: string): unknown[] {
  const out: unknown[] = [];
  let rest = text;
  while (rest.length > 0) {
    const m = /^Content-Length: (\d+)\r\n\r\n/.exec(rest);
    assert.ok(m, `not a frame: ${JSON.stringify(rest.slice(0, 40))}`);
    const bytes = Buffer.from(rest.slice(m[0].length), "utf8");
    const n = Number(m[1]);
    out.push(JSON.parse(bytes.subarray(0, n).toString("utf8")));
    rest = bytes.subarray(n).toString("utf8");
  }
  return out;
}

describe("client connection (Content-Length framing)", () => {
  const messages = [
    { jsonrpc: "2.0", id: 0, result: { url: "https://api.stripe.com/v1/payment_intents" } },
    { jsonrpc: "2.0", id: 1, result: { text: "naïve café ₹ 😀", big: "x".repeat(70_000) } },
    { jsonrpc: "2.0", id: 2, error: { code: 1001, message: "unknown connector", data: { kind: "UnknownConnector" } } },
  ];
  const stream = Buffer.concat(messages.map(frame));

  it("reads the same messages however the bytes are split", () => {
    for (const size of [1, 2, 3, 7, 64, 1000, 65_536, stream.length]) {
      const input = new PassThrough();
      const got: unknown[] = [];
      const reader = new ContentLengthReader(input, (m) => got.push(m), (e) => assert.fail(e));
      reader.listen();
      for (let i = 0; i < stream.length; i += size) input.write(stream.subarray(i, i + size));
      assert.deepEqual(got, messages, `chunks of ${size} bytes`);
    }
  });

  it("accepts extra headers and any case of Content-Length, and goes on after a bad body", () => {
    const input = new PassThrough();
    const got: unknown[] = [];
    const errors: Error[] = [];
    new ContentLengthReader(input, (m) => got.push(m), (e) => errors.push(e)).listen();
    input.write("content-length: 2\r\nContent-Type: application/json\r\n\r\n{}");
    input.write("Content-Length: 3\r\n\r\n{x}");
    input.write(frame({ ok: true }));
    assert.deepEqual(got, [{}, { ok: true }]);
    assert.equal(errors.length, 1);
  });

  it("sends the requests of one tick in one writev, and settles answers by id", async () => {
    const toChild = new RecordingStream();
    const fromChild = new PassThrough();
    const connection = new SidecarConnection(fromChild, toChild, (e) => assert.fail(e));
    connection.listen();
    const calls = [
      connection.sendRequest("ping"),
      connection.sendRequest("transformRequest", { connector: "stripe" }),
      connection.sendRequest("nope", {}),
    ];
    await new Promise((r) => setImmediate(r));
    assert.equal(toChild.writes.length, 1, "one writev for the three requests");
    assert.deepEqual(parseFrames(toChild.writes[0]!), [
      { jsonrpc: "2.0", id: 0, method: "ping" },
      { jsonrpc: "2.0", id: 1, method: "transformRequest", params: { connector: "stripe" } },
      { jsonrpc: "2.0", id: 2, method: "nope", params: {} },
    ]);
    // Answers out of order, in one chunk.
    fromChild.write(
      Buffer.concat([
        frame({ jsonrpc: "2.0", id: 2, error: { code: -32601, message: "Method not found" } }),
        frame({ jsonrpc: "2.0", id: 0, result: {} }),
        frame({ jsonrpc: "2.0", id: 1, result: null }),
      ]),
    );
    assert.deepEqual(await calls[0], {});
    assert.equal(await calls[1], null);
    const error = await calls[2]!.catch((e: unknown) => e);
    assert.ok(error instanceof ResponseError);
    assert.equal(error.code, -32601);
    assert.equal(error.message, "Method not found");
  });

  it("rejects pending calls on dispose and refuses to send once the pipe closed", async () => {
    const toChild = new RecordingStream();
    const fromChild = new PassThrough();
    const connection = new SidecarConnection(fromChild, toChild, () => {});
    connection.listen();
    const pending = connection.sendRequest("ping");
    connection.dispose();
    await assert.rejects(pending, ResponseError);
    assert.throws(() => connection.sendRequest("ping"), /disposed/);

    const input = new PassThrough();
    const closing = new SidecarConnection(input, new RecordingStream(), () => {});
    closing.listen();
    input.destroy();
    await new Promise((r) => setImmediate(r));
    assert.throws(() => closing.sendRequest("ping"), /closed/);
  });

  it("reports a failed write through onWriteFailure, never as a rejection", async () => {
    const failures: Error[] = [];
    const dead = new Writable({
      write(_chunk, _enc, done) {
        done(new Error("EPIPE"));
      },
    });
    dead.on("error", () => {});
    const connection = new SidecarConnection(new PassThrough(), dead, (e) => failures.push(e));
    connection.listen();
    const call = connection.sendRequest("ping");
    let settled = false;
    call.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(failures.length, 1);
    assert.equal(settled, false, "the call waits for the owner to kill the child and fail it");
    connection.dispose();
    await assert.rejects(call, ResponseError);
  });
});

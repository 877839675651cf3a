/**
 * Issue 15: a transformResponse's JSON body spliced into the message verbatim
 * (`response.bodyJson` + `response.bodyJsonBytes`) instead of escaped into `response.body`.
 * Through the real binary: every vector answers the same both ways, through the pool; hostile
 * bodies written on the wire by hand are refused (naming response.bodyJson) or read as the body,
 * never as fields of the call; a body the sidecar refuses spliced is sent again as a string.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { Writable } from "node:stream";
import { isDeepStrictEqual } from "node:util";
import { PassThrough } from "node:stream";
import { findSidecarBinary } from "../client/binary.js";
import { SidecarConnection, splicedBody, splicedMessage, SPLICE_MIN_CHARS } from "../client/connection.js";
import { SidecarError } from "../client/errors.js";
import { SidecarPool } from "../client/pool.js";
import { Sidecar } from "../client/sidecar.js";
import { PROTOCOL_VERSION } from "../protocol/index.js";
import { jsonFilesUnder, VECTORS_DIR } from "./support/helpers.js";

interface Vector {
  method: string;
  params: { connector: string; flow: string; response: { status: number; headers?: unknown; body?: string; encoding?: string } };
}

const vectors = jsonFilesUnder(VECTORS_DIR)
  .map((file) => ({ file: relative(VECTORS_DIR, file), vector: JSON.parse(readFileSync(file, "utf8")) as Vector }))
  .filter(({ vector }) => vector.method === "transformResponse");
const stripe = JSON.parse(readFileSync(`${VECTORS_DIR}/stripe/authorize/response-succeeded.json`, "utf8")) as Vector & { result: unknown };

/** One sidecar over NDJSON, written to by hand: the wire as any driver could write it. */
class RawDriver {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffered = "";
  private readonly waiting: ((line: string) => void)[] = [];
  constructor() {
    this.child = spawn(findSidecarBinary(), [], { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.resume();
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (text: string) => {
      this.buffered += text;
      for (let end = this.buffered.indexOf("\n"); end >= 0; end = this.buffered.indexOf("\n")) {
        const line = this.buffered.slice(0, end);
        this.buffered = this.buffered.slice(end + 1);
        this.waiting.shift()?.(line);
      }
    });
  }
  /** Sends one line as it is and resolves with the answer's parsed line. */
  send(line: string): Promise<{ id?: unknown; result?: unknown; error?: { code: number; data?: { field?: string } } }> {
    return new Promise((resolve) => {
      this.waiting.push((answer) => resolve(JSON.parse(answer)));
      this.child.stdin.write(line + "\n");
    });
  }
  async close(): Promise<void> {
    this.child.stdin.end();
    if (this.child.exitCode === null) await new Promise((r) => this.child.once("exit", r));
  }
}

const asString = (id: number, params: unknown) => JSON.stringify({ jsonrpc: "2.0", id, method: "transformResponse", params });

describe("transformResponse with the body spliced in (response.bodyJson)", function () {
  this.timeout(120_000);

  it("finds transformResponse vectors with JSON bodies long enough to splice", () => {
    const spliceable = vectors.filter(({ vector }) => splicedBody(vector.params) !== undefined);
    assert.ok(spliceable.length > 100, `${spliceable.length} of ${vectors.length}`);
  });

  it("chooses only bodies that look like one long JSON object or array, utf8, under a JSON content type", () => {
    const base = stripe.params;
    const body = base.response.body!;
    assert.equal(splicedBody(base), body);
    const variants: [string, unknown][] = [
      ["short", { ...base, response: { ...base.response, body: "{}" } }],
      ["base64", { ...base, response: { ...base.response, encoding: "base64" } }],
      ["text/html", { ...base, response: { ...base.response, headers: [{ name: "Content-Type", value: "text/html" }] } }],
      ["text/html as an object", { ...base, response: { ...base.response, headers: { "content-type": "text/html" } } }],
      ["a trailing newline", { ...base, response: { ...base.response, body: body + "\n" } }],
      ["leading space", { ...base, response: { ...base.response, body: " " + body } }],
      ["a lone surrogate", { ...base, response: { ...base.response, body: body.replace('"id"', '"\ud800"') } }],
      ["not an object", { ...base, response: { ...base.response, body: JSON.stringify("x".repeat(SPLICE_MIN_CHARS)) } }],
      ["bodyJson given", { ...base, response: { ...base.response, bodyJson: {} } }],
      ["no response", { connector: "stripe" }],
    ];
    for (const [what, params] of variants) assert.equal(splicedBody(params), undefined, what);
    assert.equal(splicedBody({ ...base, response: { ...base.response, headers: { "Content-Type": "application/problem+json; charset=utf-8" } } }), body);
  });

  it("writes the body verbatim after its byte length, the rest of the message as JSON.stringify writes it", () => {
    const params = { ...stripe.params, response: { ...stripe.params.response, body: stripe.params.response.body!.replace('"id"', '"idé₹"') } };
    const body = params.response.body;
    const text = splicedMessage(3, params as never, body);
    assert.ok(text.endsWith(`"bodyJsonBytes":${Buffer.byteLength(body, "utf8")},"bodyJson":${body}}}}`), text.slice(-80));
    const { body: _b, ...head } = params.response;
    assert.deepEqual(JSON.parse(text), {
      jsonrpc: "2.0",
      id: 3,
      method: "transformResponse",
      params: { ...params, response: { ...head, bodyJsonBytes: Buffer.byteLength(body, "utf8"), bodyJson: JSON.parse(body) } },
    });
  });

  it("the connection splices when told to, and sends again with body when the sidecar refuses the splice", async () => {
    const input = new PassThrough();
    const writes: string[] = [];
    const output = new Writable({
      write(chunk: Buffer, _e, done) {
        writes.push(chunk.toString("utf8"));
        done();
      },
      writev(chunks, done) {
        writes.push(chunks.map((c) => c.chunk.toString("utf8")).join(""));
        done();
      },
    });
    const connection = new SidecarConnection(input, output, (e) => assert.fail(e));
    connection.listen();
    connection.spliceBodies = true;
    const answer = connection.sendRequest("transformResponse", stripe.params);
    await new Promise((r) => setImmediate(r));
    assert.equal(writes.length, 1);
    assert.ok(writes[0]!.includes(`"bodyJson":${stripe.params.response.body}}}}`), "spliced");
    const frame = (m: unknown) => {
      const t = JSON.stringify(m);
      return `Content-Length: ${Buffer.byteLength(t)}\r\n\r\n${t}`;
    };
    input.write(frame({ jsonrpc: "2.0", id: 0, error: { code: -32602, message: "refused", data: { kind: "InvalidParams", field: "response.bodyJson" } } }));
    await new Promise((r) => setImmediate(r));
    assert.equal(writes.length, 2, "sent again");
    const again = JSON.parse(writes[1]!.slice(writes[1]!.indexOf("{")));
    assert.deepEqual(again, { jsonrpc: "2.0", id: 1, method: "transformResponse", params: stripe.params });
    input.write(frame({ jsonrpc: "2.0", id: 1, result: { status: "charged" } }));
    assert.deepEqual(await answer, { status: "charged" });
    connection.dispose();
  });

  it("a sidecar says it reads bodyJson, and the client then splices", async () => {
    const sidecar = await Sidecar.start();
    try {
      assert.equal(sidecar.info?.bodyJson, true);
      assert.equal(sidecar["connection"].spliceBodies, true);
    } finally {
      await sidecar.shutdown();
    }
    const off = await Sidecar.start({ spliceBodies: false });
    try {
      assert.equal(off["connection"].spliceBodies, false);
    } finally {
      await off.shutdown();
    }
  });

  it("every transformResponse vector answers the same through the pool, spliced or not", async () => {
    const spliced = await SidecarPool.start({ size: 1 });
    const plain = await SidecarPool.start({ size: 1, spliceBodies: false });
    const outcome = (p: Promise<unknown>) =>
      p.then(
        (result) => ({ result }),
        (e: unknown) => ({ error: e instanceof SidecarError ? { message: e.message, code: e.code, data: e.data } : String(e) }),
      );
    try {
      let compared = 0;
      for (const { file, vector } of vectors) {
        const params = vector.params as never;
        const [a, b] = await Promise.all([outcome(spliced.transformResponse(params)), outcome(plain.transformResponse(params))]);
        assert.deepEqual(a, b, file);
        compared++;
      }
      assert.ok(compared > 200, `${compared}`);
    } finally {
      await Promise.all([spliced.close(), plain.close()]);
    }
  });

  it("a JSON-looking body that is not one JSON value answers as it does sent as a string", async () => {
    const spliced = await SidecarPool.start({ size: 1 });
    const plain = await SidecarPool.start({ size: 1, spliceBodies: false });
    try {
      const body = stripe.params.response.body!;
      for (const broken of [body.slice(0, -1) + "}}", body.slice(0, 1000) + "}", `{"a":1}${" ".repeat(600)}{"b":2}`, `{"error":"${"x".repeat(600)}}`]) {
        const params = { ...stripe.params, response: { ...stripe.params.response, body: broken } } as never;
        assert.notEqual(splicedBody(params), undefined, "chosen for the splice");
        const both = await Promise.all(
          [spliced, plain].map((pool) =>
            pool.transformResponse(params).then(
              (r) => ({ r }),
              (e: SidecarError) => ({ code: e.code, kind: e.kind, message: e.message, field: e.data.field }),
            ),
          ),
        );
        assert.deepEqual(both[0], both[1]);
        assert.notEqual((both[0] as { field?: string }).field, "response.bodyJson");
      }
    } finally {
      await Promise.all([spliced.close(), plain.close()]);
    }
  });

  describe("hostile bodies on the wire, through the real binary", () => {
    let driver: RawDriver;
    before(() => {
      driver = new RawDriver();
    });
    after(() => driver.close());

    /** The spliced message as the client writes it, with `declared` as the byte length. */
    const wire = (id: number, body: string, declared = Buffer.byteLength(body, "utf8")) => {
      const { response, ...rest } = stripe.params;
      const { body: _b, ...head } = response;
      const json = JSON.stringify({ jsonrpc: "2.0", id, method: "transformResponse", params: { ...rest, response: { ...head, bodyJsonBytes: declared } } });
      return `${json.slice(0, -3)},"bodyJson":${body}}}}`;
    };

    it("the workload's body answers as the vector says, and exactly as the string form", async () => {
      const body = stripe.params.response.body!;
      const spliced = await driver.send(wire(1, body));
      assert.deepEqual(spliced.result, stripe.result);
      assert.deepEqual(spliced, await driver.send(asString(1, stripe.params)));
      const off = await driver.send(wire(2, body, Buffer.byteLength(body) - 1));
      assert.equal(off.error?.data?.field, "response.bodyJson");
      assert.equal(off.id, 2);
    });

    it("bodies that close the objects around them, or are not one JSON value, are refused or read as body", async () => {
      const good = stripe.params.response.body!;
      const fake = JSON.stringify({ status: 200, body: good });
      const { auth, request } = stripe.params as unknown as { auth: unknown; request: unknown };
      const hostile = [
        `{"error":{"type":"card_error"}}},"response":${fake}`,
        `{}},"response":${fake}`,
        `{}}},"method":"transformResponse","params":{"connector":"stripe","flow":"authorize","auth":${JSON.stringify(auth)},"request":${JSON.stringify(request)},"response":${fake},"x":{`,
        `{}}},"id":77,"x":{`,
        `{}},"status":200,"x":{`,
        `{}},"connector":"adyen","x":{`,
        `{} `,
        ` {}`,
        `{}{}`,
        `[1,2]]`,
        `{"a":"unclosed`,
        `{"a":1}}`,
        `{"a":1},"b":{`,
        `{"a":"\\"}`,
        `{},"bodyJson":${good}`,
        `{},"bodyJsonBytes":2`,
        `{},"body":"{}"`,
      ];
      let refused = 0;
      for (const [n, body] of hostile.entries()) {
        for (const declared of [Buffer.byteLength(body), 2, Buffer.byteLength(good)]) {
          const answer = await driver.send(wire(100 + n, body, declared));
          assert.equal(answer.id, 100 + n, `answered under its own id: ${body}`);
          assert.notDeepEqual(answer.result, stripe.result, `read as the attacker's call: ${body}`);
          if (answer.error?.data?.field === "response.bodyJson") refused++;
          else {
            // Read as the body: the text the declared length spans (after any whitespace the
            // message has there), as the string body.
            const bytes = Buffer.from(body, "utf8");
            const lead = body.length - body.trimStart().length;
            const readAs = [];
            for (let i = 0; i <= lead && i + declared <= bytes.length; i++) {
              const text = bytes.subarray(i, i + declared).toString("utf8");
              readAs.push(await driver.send(asString(100 + n, { ...stripe.params, response: { ...stripe.params.response, body: text } })));
            }
            assert.ok(readAs.some((r) => isDeepStrictEqual(r, answer)), `read as the body: ${body}: ${JSON.stringify(answer)}`);
          }
        }
      }
      assert.ok(refused >= hostile.length * 2, `${refused} refused`);
      // The sidecar still serves: the next honest call is answered.
      assert.deepEqual((await driver.send(wire(999, good))).result, stripe.result);
    });

    it("other drivers keep sending body as a string", async () => {
      const answer = await driver.send(JSON.stringify({ jsonrpc: "2.0", id: 5, method: "initialize", params: { protocolVersion: PROTOCOL_VERSION } }));
      assert.equal((answer.result as { bodyJson?: boolean }).bodyJson, true);
      assert.deepEqual((await driver.send(asString(6, stripe.params))).result, stripe.result);
    });
  });
});

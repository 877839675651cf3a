/**
 * Issue 14 item 1: a message over the sidecar's limit. The client refuses to send it (a clear
 * MessageTooLarge error at once, never a 10 s SidecarTimeoutError and a SIGKILLed child); a
 * processor answer too large to hand to the sidecar makes the flow `unresolved` (the request
 * reached the processor), not an exception.
 */
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { SidecarConnection } from "../client/connection.js";
import { SidecarError } from "../client/errors.js";
import { PaymentsClient } from "../client/flows.js";
import type { HttpExecutor } from "../client/http.js";
import { SidecarPool, type PoolEvent } from "../client/pool.js";

const LIMIT = 64 * 1024;

describe("oversize messages (issue 14 item 1)", function () {
  this.timeout(20_000);

  it("SidecarConnection refuses a message over its limit before writing a byte", async () => {
    const toChild = new PassThrough();
    const fromChild = new PassThrough();
    let written = 0;
    toChild.on("data", (c: Buffer) => (written += c.length));
    const conn = new SidecarConnection(fromChild, toChild, () => assert.fail("not a write failure"), () => {}, LIMIT);
    conn.listen();
    await assert.rejects(conn.sendRequest("parseWebhook", { body: "x".repeat(LIMIT) }), (e: Error & { code?: number; data?: { kind?: string } }) => {
      assert.equal(e.code, -32600);
      assert.equal(e.data?.kind, "MessageTooLarge");
      assert.match(e.message, /limit of 65536 bytes/);
      return true;
    });
    await new Promise((r) => setImmediate(r));
    assert.equal(written, 0);
  });

  it("through a real sidecar: a too-large call fails at once with MessageTooLarge and the child serves on", async () => {
    const events: PoolEvent[] = [];
    const pool = await SidecarPool.start({ size: 1, args: ["--max-message-bytes", String(LIMIT)], onLog: () => {}, onEvent: (e) => events.push(e) });
    try {
      const t0 = Date.now();
      await assert.rejects(
        pool.transformRequest({
          connector: "stripe",
          flow: "psync",
          auth: { apiKey: "sk_test_oversize" },
          request: { connectorTransactionId: "x".repeat(LIMIT * 2) },
        }),
        (e: unknown) => e instanceof SidecarError && e.data.kind === "MessageTooLarge",
      );
      assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
      const connectors = await pool.listConnectors();
      assert.ok(connectors.length > 0);
      assert.deepEqual(events.filter((e) => e.type === "wedged" || e.type === "died"), []);

      // A processor answer over the limit: the payment is unresolved, not an exception.
      const huge: HttpExecutor = async () => ({ status: 200, headers: [], body: JSON.stringify({ id: "pi_1", padding: "y".repeat(LIMIT * 2) }) });
      const client = new PaymentsClient(pool, { http: huge });
      const r = await client.authorize({
        connector: "stripe",
        auth: { apiKey: "sk_test_oversize" },
        request: { merchantTransactionId: "o1", amount: { minorAmount: 100, currency: "USD" }, paymentMethod: { type: "card", card: { number: "4242424242424242", expMonth: "12", expYear: "2030" } } },
      });
      assert.equal(r.status, "unresolved", JSON.stringify(r));
      assert.match(r.error!.message, /limit/);
      assert.deepEqual(events.filter((e) => e.type === "wedged" || e.type === "died"), []);
    } finally {
      await pool.close();
    }
  });
});

/**
 * SidecarPool against the real binary (and, for failure modes the binary cannot show, a fake
 * sidecar in test/fixtures/fake-sidecar.mjs): spawning, spreading, surviving a SIGKILL, start-up
 * failures, deadlines, back-pressure, close(), not keeping Node alive, client-side validation.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SidecarPool, type PoolOptions } from "../client/pool.js";
import {
  ProtocolVersionError,
  SidecarError,
  SidecarOverloadedError,
  SidecarTimeoutError,
  SidecarUnavailableError,
} from "../client/errors.js";
import type { TransformRequestParams } from "../protocol/index.js";
import { REPO_ROOT } from "./support/helpers.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const FAKE = join(HERE, "fixtures", "fake-sidecar.mjs");
const IDLE_POOL = join(HERE, "fixtures", "idle-pool.ts");

function authorize(i: number): TransformRequestParams {
  return {
    connector: "stripe",
    flow: "authorize",
    auth: { apiKey: "sk_test_pool" },
    request: {
      merchantTransactionId: `order_${i}`,
      amount: { minorAmount: 1000 + i, currency: "USD" },
      paymentMethod: { type: "card", card: { number: "4242424242424242", expMonth: "12", expYear: "2030" } },
    },
  };
}

/** True while a process with this pid exists (ESRCH means it is gone and reaped). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw e;
  }
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Pids of this process's children that run the sidecar binary (Linux `ps`). */
function sidecarChildren(): number[] {
  const out = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" });
  return out
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter(([pid, cmd]) => pid && cmd && /connector-sidecar$/.test(cmd))
    .map(([pid]) => Number(pid));
}

describe("SidecarPool", function () {
  this.timeout(30_000);
  let pools: SidecarPool[] = [];

  async function start(opts: PoolOptions): Promise<SidecarPool> {
    const pool = await SidecarPool.start({ onLog: () => {}, ...opts });
    pools.push(pool);
    return pool;
  }

  // Mocha swallows unhandled rejections unless someone listens; in an app they crash the process.
  // Tests that kill children check at their end; any other one fails the suite's `after`.
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  before(() => process.on("unhandledRejection", onUnhandled));
  after(function () {
    process.off("unhandledRejection", onUnhandled);
    assert.deepEqual(unhandled.map(String), [], "unhandled rejections");
  });

  async function assertNoUnhandledRejections(): Promise<void> {
    await new Promise((r) => setTimeout(r, 20));
    const reasons = unhandled.splice(0).map(String);
    assert.deepEqual(reasons, [], `unhandled rejections (each would crash a host app): ${reasons.slice(0, 3).join("; ")}`);
  }

  afterEach(async function () {
    await Promise.all(pools.map((p) => p.close(500)));
    pools = [];
  });

  it("size N spawns N children with distinct pids, each handshaken", async function () {
    const initialized = new Set<number>();
    const pool = await start({
      size: 3,
      logLevel: "info",
      onLog: (line, pid) => {
        if (/initialize: client speaks protocol 1/.test(line) && pid !== undefined) initialized.add(pid);
      },
    });
    assert.equal(pool.size, 3);
    const pids = pool.pids;
    assert.equal(pids.length, 3);
    assert.equal(new Set(pids).size, 3, `pids not distinct: ${pids}`);
    for (const pid of pids) assert.ok(alive(pid), `pid ${pid} is not running`);
    await waitFor("every child to log its initialize", () => pids.every((p) => initialized.has(p)), 3000);
    assert.deepEqual([...initialized].sort(), [...pids].sort());
  });

  it("spreads concurrent calls over the children (least busy first)", async function () {
    const served = new Map<number, number>();
    const pool = await start({
      size: 3,
      logLevel: "debug",
      onLog: (line, pid) => {
        if (/ping ok/.test(line) && pid !== undefined) served.set(pid, (served.get(pid) ?? 0) + 1);
      },
    });
    await Promise.all(Array.from({ length: 300 }, () => pool.ping()));
    await waitFor("300 pings logged", () => [...served.values()].reduce((a, b) => a + b, 0) === 300, 3000);
    assert.deepEqual([...served.keys()].sort(), [...pool.pids].sort());
    // All 300 are dispatched before any answers, so least-busy gives each child a third.
    for (const [pid, n] of served) assert.ok(n >= 90 && n <= 110, `child ${pid} served ${n} of 300: ${[...served.values()]}`);
  });

  it("survives a child SIGKILLed with calls in flight: every call resolves once, the child is replaced", async function () {
    const pool = await start({ size: 3 });
    const before = pool.pids;
    const victim = before[1]!;
    const settled = new Array<number>(200).fill(0);
    const results: unknown[] = new Array(200);
    const calls: Promise<void>[] = [];
    const fire = (i: number) =>
      calls.push(
        pool.transformRequest(authorize(i)).then(
          (r) => {
            settled[i]!++;
            results[i] = r;
          },
          (e: Error) => {
            settled[i]!++;
            results[i] = e;
          },
        ),
      );
    for (let i = 0; i < 100; i++) fire(i);
    process.kill(victim, "SIGKILL");
    for (let i = 100; i < 200; i++) fire(i);
    await Promise.all(calls);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(settled, new Array(200).fill(1), "every call settles exactly once");
    results.forEach((r, i) => {
      assert.ok(!(r instanceof Error), `call ${i} failed: ${(r as Error)?.message}`);
      const body = (r as { body: { data: string } }).body.data;
      assert.match(body, new RegExp(`merchant_transaction_id%5D=order_${i}(&|$)`), `call ${i} got another call's answer`);
    });
    assert.ok(pool.stats.retries > 0, `stats.retries is ${pool.stats.retries}`);
    assert.ok(pool.stats.childDeaths >= 1, `stats.childDeaths is ${pool.stats.childDeaths}`);
    assert.ok(!alive(victim), "the killed child is gone");
    await waitFor(
      "a replacement child",
      () => pool.pids.length === 3 && !pool.pids.includes(victim) && pool.pids.some((p) => !before.includes(p)),
    );
    assert.ok(pool.stats.respawns >= 1);
    await Promise.all(Array.from({ length: 30 }, () => pool.ping()));
    await assertNoUnhandledRejections();
  });

  it("retries calls sent in the gap between a child's death and its exit event (5 kills)", async function () {
    const pool = await start({ size: 3 });
    for (let round = 0; round < 5; round++) {
      await waitFor("three live children", () => pool.pids.length === 3);
      const victim = pool.pids[round % 3]!;
      const calls: Promise<unknown>[] = [];
      for (let i = 0; i < 60; i++) calls.push(pool.transformRequest(authorize(i)));
      process.kill(victim, "SIGKILL");
      // Its stdout closes before Node reports the exit: calls sent now meet a closed connection.
      await new Promise((r) => setTimeout(r, 1));
      for (let i = 60; i < 120; i++) calls.push(pool.transformRequest(authorize(i)));
      const outcomes = await Promise.allSettled(calls);
      const failed = outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
      assert.deepEqual(failed, [], `round ${round}: ${failed.length} calls failed`);
    }
    assert.ok(pool.stats.childDeaths >= 5);
    await assertNoUnhandledRejections();
  });

  it("rejects start with a message naming a binary that does not exist", async function () {
    const binary = "/nonexistent/dir/connector-sidecar-missing";
    await assert.rejects(SidecarPool.start({ binary, size: 2 }), (e: Error) => {
      assert.ok(e instanceof SidecarUnavailableError, `${e.name}: ${e.message}`);
      assert.ok(e.message.includes(binary), `the message does not name the path: ${e.message}`);
      return true;
    });
  });

  it("refuses a sidecar that speaks another major protocol version (ProtocolVersionError)", async function () {
    await assert.rejects(
      SidecarPool.start({ binary: FAKE, args: ["--protocol-version", "2"], size: 1 }),
      (e: Error) => {
        assert.ok(e instanceof ProtocolVersionError, `${e.name}: ${e.message}`);
        assert.match(e.message, /speaks protocol 2/);
        return true;
      },
    );
    // A newer minor of the same major is fine.
    const pool = await start({ binary: FAKE, args: ["--protocol-version", "1.3"], size: 1 });
    assert.deepEqual(await pool.ping(), {});
  });

  it("times a wedged child out (SidecarTimeoutError), kills it and replaces it", async function () {
    const pool = await start({ binary: FAKE, args: ["--ignore", "ping"], size: 1, callTimeoutMs: 300 });
    const [wedged] = pool.pids;
    const t0 = Date.now();
    await assert.rejects(pool.ping(), SidecarTimeoutError);
    assert.ok(Date.now() - t0 >= 290, "the deadline was honoured, not cut short");
    assert.equal(pool.stats.timeouts, 1);
    await waitFor("the wedged child to be killed", () => !alive(wedged!));
    await waitFor("a replacement child", () => pool.pids.length === 1 && pool.pids[0] !== wedged);
    await assertNoUnhandledRejections();
  });

  it("rejects calls beyond maxQueue with SidecarOverloadedError", async function () {
    const pool = await start({ size: 1, maxInFlightPerChild: 1, maxQueue: 2 });
    const outcomes = await Promise.allSettled([pool.ping(), pool.ping(), pool.ping(), pool.ping(), pool.ping()]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ["fulfilled", "fulfilled", "fulfilled", "rejected", "rejected"],
    );
    for (const o of outcomes.slice(3)) assert.ok((o as PromiseRejectedResult).reason instanceof SidecarOverloadedError);
    // Once the queue drains, calls go through again.
    assert.deepEqual(await pool.ping(), {});
  });

  it("close() leaves no process behind, even with calls in flight and a child being respawned", async function () {
    const pool = await SidecarPool.start({ size: 3, onLog: () => {} });
    const pids = pool.pids;
    const inFlight = Promise.allSettled(Array.from({ length: 60 }, (_, i) => pool.transformRequest(authorize(i))));
    process.kill(pids[0]!, "SIGKILL");
    await pool.close();
    // Calls on the live children are drained, and those on the killed one are retried on them.
    const outcomes = await inFlight;
    const failed = outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
    assert.deepEqual(failed, [], "calls taken before close() were dropped");
    for (const pid of pids) {
      assert.throws(() => process.kill(pid, 0), (e: NodeJS.ErrnoException) => e.code === "ESRCH", `pid ${pid} survived close()`);
    }
    // Wait past the respawn backoff: no replacement may appear after close().
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(sidecarChildren(), [], "a sidecar process outlived close()");
    await assert.rejects(pool.ping(), SidecarUnavailableError);
    await assertNoUnhandledRejections();
  });

  it("an idle pool that is never closed does not keep Node alive", async function () {
    const child = spawn(process.execPath, ["--import", "tsx", IDLE_POOL], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 10_000).unref());
    const outcome = await Promise.race([exited, timer]);
    if (outcome === "timeout") child.kill("SIGKILL");
    assert.notEqual(outcome, "timeout", `the script did not exit by itself; stdout: ${stdout} stderr: ${stderr}`);
    assert.equal(outcome, 0, stderr);
    const { pids } = JSON.parse(stdout.trim().split("\n").pop()!) as { pids: number[] };
    assert.equal(pids.length, 2);
    // Its children go with it (stdin closes; execa's cleanup kills them).
    await waitFor("the script's sidecars to exit", () => pids.every((p) => !alive(p)), 3000);
  });

  it("validates params client-side: invalid params are rejected with data.path, nothing is sent", async function () {
    const pool = await start({ size: 1 });
    const cases: [string, (p: any) => void, string][] = [
      ["a float amount", (p) => (p.request.amount.minorAmount = 20.5), "request.amount.minorAmount"],
      ["a misspelt field", (p) => (p.request.captureMetod = "manual"), "request.captureMetod"],
      ["a missing field", (p) => delete p.request.merchantTransactionId, "request.merchantTransactionId"],
      ["a bad card month", (p) => (p.request.paymentMethod.card.expMonth = "13"), "request.paymentMethod.card.expMonth"],
    ];
    for (const [what, mutate, path] of cases) {
      const params = authorize(1) as any;
      mutate(params);
      const calls = pool.stats.calls;
      await assert.rejects(pool.transformRequest(params), (e: Error) => {
        assert.ok(e instanceof SidecarError, `${what}: ${e.name} ${e.message}`);
        assert.equal(e.code, -32602, what);
        assert.equal(e.data.kind, "InvalidParams", what);
        assert.equal(e.data.path, path, what);
        assert.equal(e.data.connector, "stripe", what);
        assert.equal(e.data.flow, "authorize", what);
        assert.ok(!e.message.includes("4242424242424242"), `${what}: the message holds the card number`);
        return true;
      });
      assert.equal(pool.stats.calls, calls, `${what}: the call was sent to the sidecar`);
    }
  });

  it("without client-side validation the sidecar rejects the same params with the same path", async function () {
    const pool = await start({ size: 1, validate: false });
    const float = authorize(1) as any;
    float.request.amount.minorAmount = 20.5;
    const typo = authorize(2) as any;
    typo.request.captureMetod = "manual";
    for (const [params, path] of [
      [float, "request.amount.minorAmount"],
      [typo, "request.captureMetod"],
    ] as const) {
      await assert.rejects(pool.transformRequest(params), (e: Error) => {
        assert.ok(e instanceof SidecarError, e.message);
        assert.equal(e.code, -32602);
        assert.equal(e.data.path, path);
        return true;
      });
    }
  });
});

describe("a binary that is not a sidecar (issue 14 item 8)", function () {
  this.timeout(20_000);
  it("`cat` (it echoes the handshake back) is a handshake failure, not a crash by SIGKILL, and is not retried", async () => {
    await assert.rejects(SidecarPool.start({ binary: "/bin/cat", size: 1, onLog: () => {} }), (e: unknown) => {
      assert.ok(e instanceof SidecarUnavailableError, String(e));
      assert.equal(e.startFailure, "handshake-failed", e.message);
      assert.doesNotMatch(e.message, /SIGKILL|crashed/, e.message);
      return true;
    });
  });
});

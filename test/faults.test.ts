/**
 * The pool under faults, one test per promise of client/pool.ts that test/pool.test.ts does not
 * already cover: retry once then a clear error, start-up failures (crash at boot, a binary replaced
 * under a running pool, a wrong version), respawn backoff, deadlines for queued calls, backpressure
 * from a child that stops reading, close() with queued calls and with a child that ignores it, and
 * orphans: sidecars of a SIGKILLed Node parent, and a sidecar whose stdin never closes.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findSidecarBinary } from "../client/binary.js";
import {
  SidecarOverloadedError,
  SidecarTimeoutError,
  SidecarUnavailableError,
} from "../client/errors.js";
import { SidecarPool, type PoolEvent, type PoolOptions } from "../client/pool.js";
import type { TransformRequestParams } from "../protocol/index.js";
import { childrenOf, running, waitFor } from "./support/processes.js";
import { REPO_ROOT } from "./support/helpers.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const FAKE = join(HERE, "fixtures", "fake-sidecar.mjs");
const BUSY_PARENT = join(HERE, "fixtures", "busy-parent.ts");

function authorize(i: number, description?: string): TransformRequestParams {
  return {
    connector: "stripe",
    flow: "authorize",
    auth: { apiKey: "sk_test_faults" },
    request: {
      merchantTransactionId: `order_${i}`,
      amount: { minorAmount: 1000 + i, currency: "USD" },
      paymentMethod: { type: "card", card: { number: "4242424242424242", expMonth: "12", expYear: "2030" } },
      ...(description ? { description } : {}),
    },
  };
}

function bodyOf(result: unknown): string {
  return (result as { body: { data: string } }).body.data;
}

describe("pool under faults", function () {
  this.timeout(30_000);
  let pools: SidecarPool[] = [];
  let scratch: string;

  async function start(opts: PoolOptions): Promise<SidecarPool> {
    const pool = await SidecarPool.start({ onLog: () => {}, ...opts });
    pools.push(pool);
    return pool;
  }

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), "sidecar-faults-"));
  });

  afterEach(async function () {
    await Promise.all(pools.map((p) => p.close(500)));
    pools = [];
    rmSync(scratch, { recursive: true, force: true });
  });

  it("retries a call whose child dies once, on another child, then fails it with a clear error", async function () {
    const pool = await start({ binary: FAKE, args: ["--die-on", "ping"], size: 2 });
    const [a, b] = pool.pids;
    let settled = 0;
    const outcome = await pool.ping().then(
      (v) => ({ ok: true as const, v, n: ++settled }),
      (e: Error) => ({ ok: false as const, e, n: ++settled }),
    );
    assert.equal(outcome.ok, false, "a ping that kills every child it reaches cannot succeed");
    const e = (outcome as { e: Error }).e;
    assert.ok(e instanceof SidecarUnavailableError, `${e.name}: ${e.message}`);
    assert.match(e.message, /exited with code 9/);
    assert.match(e.message, /retried once on another sidecar/);
    assert.equal(pool.stats.retries, 1, "exactly one retry");
    await waitFor("both children to be gone", () => !running(a!) && !running(b!));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(settled, 1, "the call settled exactly once");
  });

  it("rejects start() naming the exit code and stderr of a binary that crashes at boot", async function () {
    await assert.rejects(SidecarPool.start({ binary: FAKE, args: ["--exit-at-start", "3"], size: 2, onLog: () => {} }), (e: Error) => {
      assert.ok(e instanceof SidecarUnavailableError, `${e.name}: ${e.message}`);
      assert.equal(e.startFailure, "crashed-at-start");
      assert.match(e.message, /crashed at start-up/);
      assert.match(e.message, /exited with code 3/);
      assert.match(e.message, /cannot load its configuration \(boom\)/, "the child's own stderr explains it");
      assert.ok(e.message.includes(FAKE), `the message names the binary: ${e.message}`);
      return true;
    });
  });

  it("stops respawning a binary that starts crashing at boot, and tells every caller why", async function () {
    const config = join(scratch, "config.json");
    const spawnLog = join(scratch, "spawns.log");
    const events: PoolEvent[] = [];
    const pool = await start({
      binary: FAKE,
      args: ["--config", config, "--spawn-log", spawnLog],
      size: 2,
      maxStartFailures: 3,
      onEvent: (e) => events.push(e),
    });
    const spawns = () => readFileSync(spawnLog, "utf8").trim().split("\n").length;
    assert.equal(spawns(), 2);
    // The binary is replaced by one that crashes at boot; then the children die.
    writeFileSync(config, JSON.stringify({ exitAtStart: 3 }));
    for (const pid of pool.pids) process.kill(pid, "SIGKILL");
    await waitFor("both slots to give up", () => events.filter((e) => e.type === "broken").length === 2, 10_000);
    await assert.rejects(pool.ping(), (e: Error) => {
      assert.ok(e instanceof SidecarUnavailableError, `${e.name}: ${e.message}`);
      assert.equal(e.startFailure, "crashed-at-start");
      assert.match(e.message, /no sidecar can run: .*crashed at start-up.*exited with code 3.*boom/);
      return true;
    });
    // 2 first spawns + 3 failed starts per slot, and no more after a wait past the longest backoff.
    assert.equal(spawns(), 2 + 2 * 3);
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(spawns(), 2 + 2 * 3, "a broken slot was respawned again");
    assert.deepEqual(pool.pids, []);
  });

  it("gives up at once, without retrying, on a binary replaced by one of another protocol version", async function () {
    const config = join(scratch, "config.json");
    const spawnLog = join(scratch, "spawns.log");
    const pool = await start({ binary: FAKE, args: ["--config", config, "--spawn-log", spawnLog], size: 1, maxStartFailures: 3 });
    writeFileSync(config, JSON.stringify({ protocolVersion: "2" }));
    const calls = [pool.ping(), pool.ping()];
    process.kill(pool.pids[0]!, "SIGKILL");
    for (const outcome of await Promise.allSettled(calls)) {
      // Sent before the kill, they may have been answered; if not, they failed with the reason.
      if (outcome.status === "rejected") {
        assert.ok(outcome.reason instanceof SidecarUnavailableError, String(outcome.reason));
        assert.match(outcome.reason.message, /speaks protocol 2/);
      }
    }
    await waitFor("the respawn to fail", () => readFileSync(spawnLog, "utf8").trim().split("\n").length === 2);
    await assert.rejects(pool.ping(), (e: Error) => {
      assert.ok(e instanceof SidecarUnavailableError, `${e.name}: ${e.message}`);
      assert.equal(e.startFailure, "protocol-mismatch");
      assert.match(e.message, /speaks protocol 2, this client speaks 1/);
      return true;
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(readFileSync(spawnLog, "utf8").trim().split("\n").length, 2, "a wrong version was tried again");
  });

  it("respawns a dead child after a backoff that doubles while children keep dying young, and resets", async function () {
    const events: PoolEvent[] = [];
    const pool = await start({ size: 1, onEvent: (e) => events.push(e) });
    const delays = () => events.flatMap((e) => (e.type === "respawn-scheduled" ? [e.delayMs] : []));
    for (let round = 1; round <= 4; round++) {
      await waitFor(`child ${round}`, () => pool.pids.length === 1);
      process.kill(pool.pids[0]!, "SIGKILL");
      await waitFor(`respawn ${round} scheduled`, () => delays().length === round);
    }
    assert.deepEqual(delays(), [50, 100, 200, 400]);
    // A child that lived past a second ends the run of young deaths.
    await waitFor("child 5", () => pool.pids.length === 1);
    await new Promise((r) => setTimeout(r, 1100));
    process.kill(pool.pids[0]!, "SIGKILL");
    await waitFor("respawn 5 scheduled", () => delays().length === 5);
    assert.equal(delays()[4], 50);
    await waitFor("a live child again", () => pool.pids.length === 1);
    assert.deepEqual(await pool.ping(), {});
  });

  it("fails a call that waits in the queue past its deadline with SidecarTimeoutError", async function () {
    const pool = await start({ size: 1, maxInFlightPerChild: 1, callTimeoutMs: 300 });
    const [child] = pool.pids;
    process.kill(child!, "SIGSTOP");
    try {
      const sent = pool.ping();
      const queued = pool.ping();
      const [a, b] = await Promise.allSettled([sent, queued]);
      assert.equal(a.status, "rejected");
      assert.ok((a as PromiseRejectedResult).reason instanceof SidecarTimeoutError);
      assert.match((a as PromiseRejectedResult).reason.message, /did not answer within 300 ms/);
      assert.equal(b.status, "rejected");
      assert.ok((b as PromiseRejectedResult).reason instanceof SidecarTimeoutError, String((b as PromiseRejectedResult).reason));
      assert.match((b as PromiseRejectedResult).reason.message, /no sidecar could take the call within 300 ms/);
      await waitFor("the wedged child to be killed", () => !running(child!));
    } finally {
      if (running(child!)) process.kill(child!, "SIGCONT");
    }
    await waitFor("a replacement", () => pool.pids.length === 1 && pool.pids[0] !== child);
    assert.deepEqual(await pool.ping(), {});
  });

  it("a queued call waits its own deadline: the end of an earlier one's wait does not fail it", async function () {
    // A call queued later must outlive the expiry of the calls queued before it (whatever timers
    // the queue uses), and be served once a child can take it.
    const pool = await start({ size: 1, maxInFlightPerChild: 1, callTimeoutMs: 600 });
    const [child] = pool.pids;
    process.kill(child!, "SIGSTOP");
    try {
      const sent = pool.ping();
      const early = pool.ping();
      await new Promise((r) => setTimeout(r, 450));
      const late = pool.ping();
      const [a, b, c] = await Promise.allSettled([sent, early, late]);
      assert.ok((a as PromiseRejectedResult).reason instanceof SidecarTimeoutError, String((a as PromiseRejectedResult).reason));
      assert.equal(b.status, "rejected");
      assert.match((b as PromiseRejectedResult).reason.message, /no sidecar could take the call within 600 ms/);
      // Its wait ends at 1,050 ms; the replacement of the wedged child (killed at 600 ms) takes it before.
      assert.equal(c.status, "fulfilled", String((c as PromiseRejectedResult).reason));
      assert.deepEqual((c as PromiseFulfilledResult<unknown>).value, {});
    } finally {
      if (running(child!)) process.kill(child!, "SIGCONT");
    }
  });

  it("stops writing to a child whose stdin pipe is full, queues up to maxQueue, rejects the rest as overloaded", async function () {
    // maxInFlightPerChild is far above the number of calls: only the full pipe can hold them back.
    const pool = await start({ size: 1, maxInFlightPerChild: 10_000, maxQueue: 10, callTimeoutMs: 20_000 });
    const [child] = pool.pids;
    const padding = "p".repeat(32 * 1024);
    process.kill(child!, "SIGSTOP");
    let outcomes: PromiseSettledResult<unknown>[];
    try {
      const settled = Promise.allSettled(Array.from({ length: 300 }, (_, i) => pool.transformRequest(authorize(i, padding))));
      // Let the writes reach the pipe and the rejections settle while the child is stopped.
      await new Promise((r) => setTimeout(r, 200));
      assert.ok(pool.pending < 300, `all ${pool.pending} calls were taken: nothing held back`);
      process.kill(child!, "SIGCONT");
      outcomes = await settled;
    } finally {
      process.kill(child!, "SIGCONT");
    }
    const overloaded = outcomes.filter((o) => o.status === "rejected" && o.reason instanceof SidecarOverloadedError);
    const fulfilled = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [[i, o.value] as const] : []));
    assert.equal(overloaded.length + fulfilled.length, 300, "every call either ran or was refused as overloaded");
    assert.ok(overloaded.length > 0, "no call was refused: the full pipe did not hold anything back");
    assert.ok(fulfilled.length > 10, `only ${fulfilled.length} calls ran`);
    assert.match((overloaded[0] as PromiseRejectedResult).reason.message, /overloaded: 10 calls already wait/);
    for (const [i, value] of fulfilled) assert.match(bodyOf(value), new RegExp(`merchant_transaction_id%5D=order_${i}(&|$)`));
    assert.equal(pool.stats.childDeaths, 0);
  });

  it("close() finishes the calls already queued, then leaves no process behind", async function () {
    const pool = await SidecarPool.start({ size: 1, maxInFlightPerChild: 2, onLog: () => {} });
    const [child] = pool.pids;
    const calls = Array.from({ length: 40 }, (_, i) => pool.transformRequest(authorize(i)));
    await pool.close();
    const outcomes = await Promise.allSettled(calls);
    const failed = outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
    assert.deepEqual(failed, [], "calls taken before close() were dropped");
    assert.ok(!running(child!), "the child outlived close()");
    await assert.rejects(pool.transformRequest(authorize(99)), /the pool is closed/);
  });

  it("close() kills a child that ignores both shutdown and stdin EOF once its bound has passed", async function () {
    const pool = await SidecarPool.start({ binary: FAKE, args: ["--ignore", "shutdown", "--ignore-eof"], size: 2, onLog: () => {} });
    const pids = pool.pids;
    const t0 = Date.now();
    await pool.close(300);
    const took = Date.now() - t0;
    for (const pid of pids) assert.ok(!running(pid), `pid ${pid} outlived close()`);
    assert.ok(took >= 290, `close() did not wait for the child to exit by itself (${took} ms)`);
    assert.ok(took < 3000, `close() took ${took} ms for a 300 ms bound`);
  });

  describe("orphans", function () {
    it("a Node parent SIGKILLed mid-traffic leaves no sidecar behind", async function () {
      const parent = spawn(process.execPath, ["--import", "tsx", BUSY_PARENT, "3"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      parent.stdout.on("data", (d: Buffer) => (stdout += d));
      parent.stderr.on("data", (d: Buffer) => (stderr += d));
      try {
        await waitFor("the parent to report its children", () => stdout.includes("\n"), 15_000);
      } catch (e) {
        parent.kill("SIGKILL");
        throw new Error(`${(e as Error).message}; stderr: ${stderr}`);
      }
      const { pids } = JSON.parse(stdout.split("\n")[0]!) as { pids: number[] };
      assert.equal(pids.length, 3);
      const children = childrenOf(parent.pid!);
      for (const pid of pids) assert.ok(children.includes(pid), `pid ${pid} is not a child of the parent (${children})`);
      await new Promise((r) => setTimeout(r, 100)); // mid-traffic
      parent.kill("SIGKILL");
      await waitFor("every sidecar of the killed parent to exit", () => pids.every((p) => !running(p)), 3000);
    });

    it("a sidecar whose stdin stays open exits when its parent dies (parent-pid watch)", async function () {
      // `sleep` holds the write end of the sidecar's stdin and outlives the shell: no EOF comes,
      // so only the sidecar's own watch of its parent pid can end it.
      const shell = spawn("sh", ["-c", `sleep 60 | "${findSidecarBinary()}" >/dev/null 2>&1 & wait`], { stdio: "ignore" });
      await waitFor("the shell's two children", () => childrenOf(shell.pid!).length === 2);
      const kids = childrenOf(shell.pid!);
      const sleeper = kids.find((p) => readFileSync(`/proc/${p}/cmdline`, "utf8").startsWith("sleep"))!;
      const sidecar = kids.find((p) => p !== sleeper)!;
      assert.match(readFileSync(`/proc/${sidecar}/cmdline`, "utf8"), /connector-sidecar/);
      try {
        shell.kill("SIGKILL");
        await waitFor("the sidecar to notice its parent is gone", () => !running(sidecar), 3000);
        assert.ok(running(sleeper), "the stdin writer is still there: the exit was not an EOF");
      } finally {
        if (running(sleeper)) process.kill(sleeper, "SIGKILL");
        if (running(sidecar)) process.kill(sidecar, "SIGKILL");
      }
    });
  });
});

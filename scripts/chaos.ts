/**
 * npm run chaos [-- --calls N --size S --kill-every MS --concurrency C]
 *
 * Soak and chaos for the pool: N calls (default 1,000,000; a few minutes on 2 cores) of a mix of
 * transformRequest and transformResponse over every connector, C in flight at once (default 256),
 * while a child is SIGKILLed every MS ms (default 1000). One child, the witness, is never killed so
 * that its memory can be followed across the whole run. Then a Node parent with a busy pool is
 * SIGKILLed and its children are counted. Between the two, the oversize scenario: 9 MiB processor
 * answers and calls beside ordinary ones, and a raw 9 MiB message (see `oversize`).
 *
 * Prints: calls made, children killed, calls lost (never settled), duplicates (settled twice),
 * misrouted answers (an answer that belongs to another call), calls failed with a clear error,
 * latency percentiles during the chaos, RSS of every child, orphans. Exits 1 if lost, duplicates,
 * misrouted or orphans is non-zero, or if the witness's RSS grew by more than 8 MiB.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findSidecarBinary } from "../client/binary.js";
import { SidecarError } from "../client/errors.js";
import { PaymentsClient } from "../client/flows.js";
import type { HttpExecutor } from "../client/http.js";
import { SidecarPool, type PoolEvent } from "../client/pool.js";
import type { MethodName } from "../protocol/index.js";
import { running, rssKiB } from "../test/support/processes.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`--${name} needs a number`);
    process.exit(2);
  }
  return value;
}

const CALLS = option("calls", 1_000_000);
const SIZE = Math.max(2, option("size", 3));
const KILL_EVERY_MS = option("kill-every", 1000);
const CONCURRENCY = Math.max(1, option("concurrency", 256));
const CALL_TIMEOUT_MS = 5000;
const RSS_GROWTH_LIMIT_KIB = 8 * 1024;

// ---------- the call mix: shared vectors made unique per call ----------

interface Template {
  method: MethodName;
  /** JSON of the params with the call's id as __ID__. */
  json: string;
}

function template(file: string, place: (params: Record<string, any>) => void): Template {
  const v = JSON.parse(readFileSync(join(ROOT, "test", "vectors", file), "utf8")) as { method: MethodName; params: Record<string, any> };
  place(v.params);
  return { method: v.method, json: JSON.stringify(v.params) };
}

const TEMPLATES: Template[] = [
  template("stripe/authorize/card-automatic-full.json", (p) => (p.request.merchantTransactionId = "__ID__")),
  template("adyen/authorize/card-automatic-full.json", (p) => (p.request.merchantTransactionId = "__ID__")),
  template("phonepe/psync/status.json", (p) => (p.request.connectorTransactionId = "__ID__")),
  template("stripe/authorize/response-succeeded.json", (p) => {
    const body = JSON.parse(p.response.body);
    body.id = "pi___ID__";
    p.response.body = JSON.stringify(body);
  }),
];

// ---------- run ----------

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const mib = (kib: number | undefined) => (kib === undefined ? "gone" : `${(kib / 1024).toFixed(1)} MiB`);

async function chaos(): Promise<{ failures: string[] }> {
  const rssAtSpawn = new Map<number, number | undefined>();
  const onEvent = (e: PoolEvent) => {
    if (e.type === "spawned" && e.pid !== undefined) rssAtSpawn.set(e.pid, rssKiB(e.pid));
  };
  const pool = await SidecarPool.start({ size: SIZE, callTimeoutMs: CALL_TIMEOUT_MS, onLog: () => {}, onEvent });
  const witness = pool.pids[0]!;
  const firstChildren = new Set(pool.pids);
  const settled = new Uint8Array(CALLS);
  const latencyMs = new Float64Array(CALLS);
  let launched = 0;
  let done = 0;
  let misrouted = 0;
  const failedBy = new Map<string, number>();
  let warmRss: number | undefined;
  const warmAt = Math.min(CALLS, Math.max(10_000, Math.floor(CALLS / 100)));
  let lastProgress = Date.now();
  let kills = 0;

  const killer =
    KILL_EVERY_MS > 0
      ? setInterval(() => {
          const victims = pool.pids.filter((p) => p !== witness);
          if (victims.length === 0) return;
          const victim = victims[Math.floor(Math.random() * victims.length)]!;
          try {
            process.kill(victim, "SIGKILL");
            kills++;
          } catch {
            // Already gone.
          }
        }, KILL_EVERY_MS)
      : undefined;
  // Progress: one line rewritten on a terminal, a line every 15 s in a log.
  const tty = process.stdout.isTTY;
  const progress = setInterval(() => {
    const rate = Math.round(done / ((Date.now() - t0) / 1000));
    const line = `  ${done.toLocaleString("en")} / ${CALLS.toLocaleString("en")} calls, ${kills} kills, ${rate}/s`;
    if (tty) process.stdout.write(`\r${line}   `);
    else if (Math.round((Date.now() - t0) / 1000) % 15 === 0) console.log(line);
  }, 1000);

  const t0 = Date.now();
  await new Promise<void>((finish) => {
    const settle = (i: number, started: number) => {
      settled[i]!++;
      latencyMs[i] = performance.now() - started;
      done++;
      lastProgress = Date.now();
      if (done === warmAt) warmRss = rssKiB(witness);
      if (done === CALLS) finish();
      else launch();
    };
    const launch = () => {
      while (launched < CALLS && launched - done < CONCURRENCY) {
        const i = launched++;
        const t = TEMPLATES[i % TEMPLATES.length]!;
        const id = `chaos${i}`;
        const started = performance.now();
        pool.call(t.method, JSON.parse(t.json.replaceAll("__ID__", id))).then(
          (result) => {
            if (!JSON.stringify(result).includes(id)) misrouted++;
            settle(i, started);
          },
          (e: Error) => {
            failedBy.set(e.name, (failedBy.get(e.name) ?? 0) + 1);
            settle(i, started);
          },
        );
      }
    };
    launch();
    // Lost calls never settle: stop waiting once nothing has settled for a while.
    const watchdog = setInterval(() => {
      if (Date.now() - lastProgress > 3 * CALL_TIMEOUT_MS + 10_000) {
        clearInterval(watchdog);
        finish();
      }
    }, 1000);
    watchdog.unref();
  });
  const seconds = (Date.now() - t0) / 1000;
  clearInterval(progress);
  if (killer) clearInterval(killer);
  if (tty) process.stdout.write("\n");
  // Anything that settles late would show up as a duplicate.
  await new Promise((r) => setTimeout(r, 500));

  const endRss = new Map<number, number | undefined>(pool.pids.map((p) => [p, rssKiB(p)]));
  let lost = 0;
  let duplicates = 0;
  for (let i = 0; i < CALLS; i++) {
    if (settled[i] === 0) lost++;
    else if (settled[i]! > 1) duplicates++;
  }
  const lat = latencyMs.slice(0, done).sort();
  const failed = [...failedBy.values()].reduce((a, b) => a + b, 0);

  console.log(`calls made:          ${CALLS.toLocaleString("en")} in ${seconds.toFixed(1)} s (${Math.round(CALLS / seconds).toLocaleString("en")}/s, ${CONCURRENCY} in flight, pool of ${SIZE})`);
  console.log(`children killed:     ${kills} by SIGKILL (every ${KILL_EVERY_MS} ms); pool saw ${pool.stats.childDeaths} deaths, ${pool.stats.respawns} respawns, ${pool.stats.retries} retries`);
  console.log(`calls lost:          ${lost}`);
  console.log(`duplicates:          ${duplicates}`);
  console.log(`misrouted answers:   ${misrouted}`);
  console.log(`failed (clear error): ${failed}${failed ? ` (${[...failedBy].map(([k, n]) => `${n} ${k}`).join(", ")})` : ""}`);
  console.log(
    `latency during chaos: p50 ${percentile(lat, 0.5).toFixed(2)} ms, p99 ${percentile(lat, 0.99).toFixed(2)} ms, ` +
      `p99.9 ${percentile(lat, 0.999).toFixed(2)} ms, max ${percentile(lat, 1).toFixed(1)} ms`,
  );
  const growth = (endRss.get(witness) ?? 0) - (warmRss ?? 0);
  console.log(
    `RSS of the witness child (pid ${witness}, never killed, ~1/${SIZE} of the calls): at spawn ${mib(rssAtSpawn.get(witness))}, ` +
      `after ${warmAt.toLocaleString("en")} calls ${mib(warmRss)}, after ${CALLS.toLocaleString("en")} calls ${mib(endRss.get(witness))} ` +
      `(growth ${(growth / 1024).toFixed(1)} MiB)`,
  );
  for (const [pid, rss] of endRss) {
    const which = firstChildren.has(pid) ? "never hit by a kill" : "a replacement";
    if (pid !== witness) console.log(`RSS of child ${pid} (${which}): at spawn ${mib(rssAtSpawn.get(pid))}, at the end ${mib(rss)}`);
  }
  await pool.close();

  const failures: string[] = [];
  if (lost) failures.push(`${lost} calls lost`);
  if (duplicates) failures.push(`${duplicates} duplicates`);
  if (misrouted) failures.push(`${misrouted} misrouted answers`);
  if (warmRss === undefined || endRss.get(witness) === undefined) failures.push("the witness child died: its RSS could not be followed");
  else if (growth > RSS_GROWTH_LIMIT_KIB) failures.push(`the witness's RSS grew by ${(growth / 1024).toFixed(1)} MiB`);
  return { failures };
}

/** A Node parent with a busy pool is SIGKILLed; counts its sidecars still running after 5 s. */
async function orphans(rounds = 3): Promise<{ failures: string[] }> {
  let orphaned = 0;
  let children = 0;
  for (let round = 0; round < rounds; round++) {
    const parent = spawn(process.execPath, ["--import", "tsx", join(ROOT, "test", "fixtures", "busy-parent.ts"), String(SIZE)], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      parent.stdout.on("data", (d: Buffer) => {
        out += d;
        if (out.includes("\n")) resolve(out.split("\n")[0]!);
      });
      parent.on("exit", (code) => reject(new Error(`the busy parent exited with ${code} before reporting its children`)));
    });
    const { pids } = JSON.parse(line) as { pids: number[] };
    children += pids.length;
    await new Promise((r) => setTimeout(r, 300));
    parent.kill("SIGKILL");
    const deadline = Date.now() + 5000;
    while (pids.some(running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    orphaned += pids.filter(running).length;
    for (const p of pids.filter(running)) process.kill(p, "SIGKILL");
  }
  console.log(`orphans:             ${orphaned} of ${children} sidecars still running 5 s after their parent was SIGKILLed (${rounds} parents)`);
  return { failures: orphaned ? [`${orphaned} orphans`] : [] };
}

/**
 * Processor answers and messages over the sidecar's 8 MiB limit (issue 14 item 1), mixed with
 * ordinary calls: each oversize authorize must come back `unresolved` at once (the processor
 * answered; the sidecar cannot read it), each oversize call must fail with MessageTooLarge, no
 * child may be taken for wedged or die, every ordinary call must succeed; and a raw oversize
 * message written to a child's stdin by a client that does not check sizes is answered with its
 * own id.
 */
async function oversize(rounds = 12): Promise<{ failures: string[] }> {
  const bad: PoolEvent[] = [];
  const pool = await SidecarPool.start({ size: 2, callTimeoutMs: CALL_TIMEOUT_MS, onLog: () => {}, onEvent: (e) => (e.type === "wedged" || e.type === "died") && bad.push(e) });
  const padding = "y".repeat(9 * 1024 * 1024);
  const huge: HttpExecutor = async () => ({ status: 200, headers: [], body: JSON.stringify({ id: "pi_oversize", object: "payment_intent", padding }) });
  const client = new PaymentsClient(pool, { http: huge });
  const authorize = JSON.parse(TEMPLATES[0]!.json.replace("__ID__", "oversize")) as Record<string, any>;
  const millis: number[] = [];
  let unresolved = 0;
  let tooLarge = 0;
  let ordinaryOk = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = Date.now();
    const [answer, call, ...ordinary] = await Promise.all([
      client.authorize({ connector: authorize.connector, auth: authorize.auth, request: authorize.request }),
      pool.transformRequest({ ...authorize, request: { ...authorize.request, description: padding } } as never).then(
        () => "answered",
        (e: unknown) => (e instanceof SidecarError && e.data.kind === "MessageTooLarge" ? "MessageTooLarge" : String(e)),
      ),
      ...Array.from({ length: 16 }, () => pool.listConnectors().then(() => true, () => false)),
    ]);
    millis.push(Date.now() - t0);
    if (answer.status === "unresolved") unresolved++;
    if (call === "MessageTooLarge") tooLarge++;
    ordinaryOk += ordinary.filter(Boolean).length;
  }
  await pool.close();
  const raw = await rawOversizeAnswer(padding);
  millis.sort((a, b) => a - b);
  console.log(
    `oversize:            ${unresolved}/${rounds} 9 MiB processor answers unresolved, ${tooLarge}/${rounds} 9 MiB calls refused (MessageTooLarge), ` +
      `${ordinaryOk}/${rounds * 16} ordinary calls answered, slowest round ${millis.at(-1)} ms, ${bad.length} children wedged or dead; ` +
      `raw 9 MiB message answered with its id: ${raw ? "yes" : "no"}`,
  );
  const failures: string[] = [];
  if (unresolved < rounds) failures.push(`${rounds - unresolved} oversize answers not unresolved`);
  if (tooLarge < rounds) failures.push(`${rounds - tooLarge} oversize calls not refused with MessageTooLarge`);
  if (ordinaryOk < rounds * 16) failures.push(`${rounds * 16 - ordinaryOk} ordinary calls failed beside oversize ones`);
  if (bad.length) failures.push(`${bad.length} children wedged or dead over oversize messages`);
  if (!raw) failures.push("a raw oversize message was not answered with its id");
  return { failures };
}

/** Writes one 9 MiB NDJSON request to a fresh sidecar; true when the answer carries its id. */
async function rawOversizeAnswer(padding: string): Promise<boolean> {
  const child = spawn(findSidecarBinary(), [], { stdio: ["pipe", "pipe", "ignore"] });
  const answer = new Promise<string>((resolve) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d;
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    setTimeout(() => resolve(out), 10_000);
  });
  child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: "raw-oversize", method: "ping", params: { padding } })}\n`);
  const line = await answer;
  child.kill("SIGKILL");
  try {
    const reply = JSON.parse(line) as { id?: unknown; error?: { data?: { kind?: string } } };
    return reply.id === "raw-oversize" && reply.error?.data?.kind === "MessageTooLarge";
  } catch {
    return false;
  }
}

console.log(`chaos: ${CALLS.toLocaleString("en")} calls through a pool of ${SIZE}, a child SIGKILLed every ${KILL_EVERY_MS} ms`);
const results = [await chaos(), await oversize(), await orphans()];
const failures = results.flatMap((r) => r.failures);
console.log(failures.length ? `FAIL: ${failures.join("; ")}` : "OK: nothing lost, nothing duplicated, nothing misrouted, oversize messages answered, no orphans, memory flat");
process.exitCode = failures.length ? 1 : 0;

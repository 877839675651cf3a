/**
 * A pool of sidecars: N children (default: the machine's cores), each call sent to the least busy
 * one, a cap on calls in flight per child with a bounded queue behind it, a deadline per call,
 * retry on another child when a child dies mid-call (every transform is pure, so a retry cannot
 * double anything), respawn with backoff, and a close() that leaves no process behind.
 *
 * What is guaranteed (each has a test in test/pool.test.ts or test/faults.test.ts):
 * - every call settles exactly once: its own result, or one clear error;
 * - a call whose child dies is sent once more, to another child, then fails with
 *   SidecarUnavailableError; a call that misses its deadline fails with SidecarTimeoutError and its
 *   child, wedged, is killed and replaced;
 * - a dead child is replaced after a backoff that doubles while children keep dying young;
 * - a binary that cannot start stops being respawned, and every caller is told why;
 * - a child whose stdin pipe is full gets nothing more until it drains; past `maxQueue` waiting
 *   calls, call() rejects with SidecarOverloadedError.
 *
 * Every params object is validated before it is sent (the transforms' by a compiled check of the
 * protocol's schema, client/params-check.ts; zod judges whatever it refuses and every other
 * method); answers are checked against the protocol too when `checkResults` is on (debugging, tests).
 */
import { availableParallelism } from "node:os";
import { z } from "zod";
import {
  FLOW_RESULTS,
  HttpRequest,
  METHODS,
  type ConnectorInfo,
  type FlowName,
  type MethodName,
  type FlowResultOf,
  type TransformRequestParamsOf,
  type TransformResponseParamsOf,
} from "../protocol/index.js";
import {
  ProtocolVersionError,
  SidecarError,
  SidecarOverloadedError,
  SidecarTimeoutError,
  SidecarUnavailableError,
  type StartFailure,
} from "./errors.js";
import { debugSink, describeError, type DebugSink } from "./debug.js";
import { Sidecar, type CallHandler, type SidecarOptions } from "./sidecar.js";
import { learnSecretNames } from "./redact.js";
import { passesCompiledCheck } from "./params-check.js";

export interface PoolOptions extends SidecarOptions {
  /** Number of children. Default: the machine's available parallelism. */
  size?: number;
  /** Calls in flight per child before new calls wait in the queue. Default 256. */
  maxInFlightPerChild?: number;
  /** Calls that may wait for a free child before call() rejects with SidecarOverloadedError. Default 10,000. */
  maxQueue?: number;
  /** Deadline of one call in ms; a child that misses it is considered wedged and replaced. Default 10,000. */
  callTimeoutMs?: number;
  /** Validate params against the protocol before sending. Default true; turn off only if you validate yourself. */
  validate?: boolean;
  /**
   * Also check every answer of the sidecar against the protocol's zod schemas. The sidecar is
   * typed and its answers are tested against the same schemas, so this is for debugging and
   * tests: default on only when the debug log is on (`debug`, CONNECTOR_SIDECAR_DEBUG) or
   * CONNECTOR_SIDECAR_CHECK_RESULTS=1.
   */
  checkResults?: boolean;
  /** Consecutive failed start-ups of a slot before the pool stops respawning it. Default 3. */
  maxStartFailures?: number;
  /** Receives lifecycle events (spawns, deaths, respawn delays, wedged children): for monitoring. */
  onEvent?: (event: PoolEvent) => void;
  /**
   * The client's debug log (calls and their outcomes, lifecycle events; never params or results):
   * true for stderr, or a function. Default: the CONNECTOR_SIDECAR_DEBUG environment variable
   * (`1` for stderr, or a file path to append to).
   */
  debug?: boolean | DebugSink;
}

/** What happened to a child, for `onEvent`. */
export type PoolEvent =
  | { type: "spawned"; slot: number; pid: number | undefined }
  | { type: "died"; slot: number; pid: number | undefined; reason: string; livedMs: number }
  | { type: "respawn-scheduled"; slot: number; delayMs: number }
  | { type: "start-failed"; slot: number; reason: string; failure?: StartFailure }
  | { type: "broken"; slot: number; reason: string }
  | { type: "wedged"; slot: number; pid: number | undefined; method: string };

/** What every call of one pool reports to it: created once per pool, shared by its calls. */
interface PoolHooks {
  /** A call was answered: a child has room again. */
  answered: () => void;
  /** A call failed on its child: retry, replace the child, or pass the error on. */
  failed: (call: QueuedCall, err: Error) => void;
}

/**
 * One call through the pool, from dispatch to its caller's promise. It is also the handler the
 * child reports to (resolve/reject), so a call costs this object and its caller's promise only.
 */
class QueuedCall implements CallHandler {
  attempt = 0;
  /** The child it was last sent to. */
  child?: Sidecar;
  /** Set while the call waits in the queue: fails it if no child takes it in time. */
  queueTimer?: NodeJS.Timeout;

  constructor(
    readonly method: MethodName,
    readonly params: unknown,
    /** Settle the caller's promise. */
    readonly succeed: (v: unknown) => void,
    readonly fail: (e: Error) => void,
    private readonly hooks: PoolHooks,
  ) {}

  resolve(value: unknown): void {
    this.succeed(value);
    this.hooks.answered();
  }

  reject(err: Error): void {
    this.hooks.failed(this, err);
  }
}

interface Slot {
  index: number;
  child?: Sidecar;
  startedAt: number;
  starting?: Promise<void>;
  startFailures: number;
  /** Children of this slot in a row that died within YOUNG_DEATH_MS of their start. */
  youngDeaths: number;
  /** Why this slot stopped respawning (a binary that cannot start), and how it failed. */
  brokenReason?: string;
  brokenFailure?: StartFailure;
  respawnTimer?: NodeJS.Timeout;
}

/** A child that dies sooner than this after its start counts towards a longer respawn backoff. */
const YOUNG_DEATH_MS = 1000;
const FIRST_RESPAWN_DELAY_MS = 50;
const MAX_RESPAWN_DELAY_MS = 5000;
/** Start failures that trying again cannot fix: the slot is given up at once. */
const PERMANENT_START_FAILURES = new Set<StartFailure>(["binary-missing", "binary-not-executable", "protocol-mismatch", "handshake-failed"]);

/**
 * Methods that must not be sent again after a child died: shutdown. Every other method is pure
 * (new ones included, such as parseWebhook), so a retry cannot double anything.
 */
const NOT_RETRYABLE = new Set<MethodName>(["shutdown"]);

export class SidecarPool {
  private readonly slots: Slot[];
  private readonly queue: QueuedCall[] = [];
  private closing = false;
  private closed: Promise<void> | undefined;
  private readonly opts: Required<Pick<PoolOptions, "maxInFlightPerChild" | "maxQueue" | "callTimeoutMs" | "validate" | "maxStartFailures">> &
    PoolOptions;
  /** Counters for monitoring and tests. */
  readonly stats = { calls: 0, retries: 0, respawns: 0, childDeaths: 0, timeouts: 0 };
  private readonly debug: DebugSink | undefined;
  private readonly checkResults: boolean;
  private readonly hooks: PoolHooks = {
    answered: () => this.drainQueue(),
    failed: (call, err) => this.callFailed(call, err),
  };

  private constructor(opts: PoolOptions) {
    this.opts = {
      maxInFlightPerChild: 256,
      maxQueue: 10_000,
      callTimeoutMs: 10_000,
      validate: true,
      maxStartFailures: 3,
      ...opts,
    };
    this.debug = debugSink(opts.debug);
    this.checkResults = opts.checkResults ?? (this.debug !== undefined || process.env.CONNECTOR_SIDECAR_CHECK_RESULTS === "1");
    const size = Math.max(1, opts.size ?? availableParallelism());
    this.slots = Array.from({ length: size }, (_, index) => ({ index, startFailures: 0, youngDeaths: 0, startedAt: 0 }));
  }

  /** Starts every child and completes each handshake. Rejects if none can start. */
  static async start(opts: PoolOptions = {}): Promise<SidecarPool> {
    const pool = new SidecarPool(opts);
    const results = await Promise.allSettled(pool.slots.map((s) => pool.startSlot(s)));
    const failure = results.find((r) => r.status === "rejected") as PromiseRejectedResult | undefined;
    if (!pool.slots.some((s) => s.child?.alive)) {
      await pool.close();
      throw failure?.reason ?? new SidecarUnavailableError("no sidecar could be started");
    }
    // redact() masks each connector's credential names and sensitive fields from here on. A
    // sidecar that cannot list them is still usable: redact() keeps its built-in names.
    await pool.listConnectors().catch(() => undefined);
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Process ids of the live children (for monitoring and tests). */
  get pids(): number[] {
    return this.slots.flatMap((s) => (s.child?.alive && s.child.pid !== undefined ? [s.child.pid] : []));
  }

  /** Calls sent and not yet answered, plus calls waiting for a child. */
  get pending(): number {
    return this.queue.length + this.slots.reduce((n, s) => n + (s.child?.inFlight ?? 0), 0);
  }

  /** Calls a protocol method. Params and result are validated against `protocol/`. */
  call<M extends MethodName>(method: M, params?: unknown): Promise<z.infer<(typeof METHODS)[M]["result"]>> {
    const debug = this.debug;
    if (!debug) return this.callOnce(method, params);
    const t0 = performance.now();
    const what = describeCall(method, params);
    return this.callOnce(method, params).then(
      (result) => {
        debug(`${what} ok in ${Math.round((performance.now() - t0) * 1000)} µs`);
        return result;
      },
      (e: unknown) => {
        debug(`${what} failed in ${Math.round((performance.now() - t0) * 1000)} µs: ${describeError(e)}`);
        throw e;
      },
    );
  }

  private callOnce<M extends MethodName>(method: M, params?: unknown): Promise<z.infer<(typeof METHODS)[M]["result"]>> {
    if (this.closing) return Promise.reject(new SidecarUnavailableError(`${method}: the pool is closed`));
    const spec = METHODS[method];
    if (this.opts.validate && spec.params) {
      try {
        params = validateParams(spec.params, params, method);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    this.stats.calls++;
    const raw = new Promise<unknown>((resolve, reject) => this.dispatch(new QueuedCall(method, params, resolve, reject, this.hooks)));
    if (!this.checkResults) return raw as never;
    return raw.then((r) => validateResult(method, params, r)) as never;
  }

  ping(): Promise<Record<string, never>> {
    return this.call("ping") as Promise<Record<string, never>>;
  }

  /** The sidecar's connectors; their credential names and sensitive fields are taught to redact(). */
  async listConnectors(): Promise<ConnectorInfo[]> {
    const connectors = await this.call("listConnectors");
    learnSecretNames(connectors);
    return connectors;
  }

  /**
   * The HTTP request to send for `params.flow`. Typed for the connectors this package knows, each
   * with its own `auth`; `call("transformRequest", params)` takes any (a newer sidecar's connector).
   */
  transformRequest<F extends FlowName>(params: TransformRequestParamsOf<F>): Promise<HttpRequest> {
    return this.call("transformRequest", params);
  }

  /**
   * The result of `params.flow`, typed per flow: capture's is a PaymentResult, refund's a
   * RefundResult, createAccessToken's an AccessTokenResult (FLOW_RESULTS; checked at run time too
   * with `checkResults`).
   */
  transformResponse<F extends FlowName>(params: TransformResponseParamsOf<F>): Promise<FlowResultOf<F>> {
    return this.call("transformResponse", params) as Promise<FlowResultOf<F>>;
  }

  /**
   * Stops taking calls, lets the calls already taken (in flight or queued) finish for up to
   * `drainMs`, fails what is left with SidecarUnavailableError, then closes each child's stdin
   * (after a `shutdown` request), waits for it to exit and kills it if it has not within the rest
   * of the bound (at least 100 ms). Resolves when no child process is left. Idempotent.
   */
  close(drainMs = 2000): Promise<void> {
    this.closed ??= this.doClose(drainMs);
    return this.closed;
  }

  private async doClose(drainMs: number): Promise<void> {
    this.closing = true;
    for (const s of this.slots) clearTimeout(s.respawnTimer);
    const deadline = Date.now() + drainMs;
    while (this.pending > 0 && Date.now() < deadline && this.pids.length > 0) await sleep(5);
    for (const q of this.queue.splice(0)) {
      clearTimeout(q.queueTimer);
      q.fail(new SidecarUnavailableError(`${q.method}: the pool was closed before a sidecar could take the call`));
    }
    await Promise.all(this.slots.map((s) => s.starting?.catch(() => {})));
    const graceMs = Math.max(100, deadline - Date.now());
    await Promise.all(this.slots.map((s) => s.child?.shutdown(graceMs) ?? Promise.resolve()));
  }

  // ---------- internals ----------

  private dispatch(call: QueuedCall): void {
    const child = this.leastBusy();
    if (child) {
      this.send(child, call);
      return;
    }
    const broken = this.brokenError(call.method);
    if (broken) {
      call.fail(broken);
      return;
    }
    if (this.queue.length >= this.opts.maxQueue) {
      call.fail(
        new SidecarOverloadedError(
          `${call.method}: overloaded: ${this.queue.length} calls already wait for a sidecar (maxQueue ${this.opts.maxQueue}); retry later`,
        ),
      );
      return;
    }
    const waitMs = this.opts.callTimeoutMs;
    if (waitMs > 0 && Number.isFinite(waitMs)) {
      call.queueTimer = setTimeout(() => {
        const at = this.queue.indexOf(call);
        if (at < 0) return;
        this.queue.splice(at, 1);
        call.fail(
          new SidecarTimeoutError(`${call.method}: no sidecar could take the call within ${waitMs} ms (${this.pids.length} running)`),
        );
      }, waitMs);
    }
    this.queue.push(call);
  }

  /** The error for a call when every slot has given up: names why the binary cannot run. */
  private brokenError(method: string): SidecarUnavailableError | undefined {
    if (!this.slots.every((s) => s.brokenReason !== undefined)) return undefined;
    const first = this.slots[0]!;
    return new SidecarUnavailableError(`${method}: no sidecar can run: ${first.brokenReason}`, first.brokenFailure);
  }

  private leastBusy(): Sidecar | undefined {
    let best: Sidecar | undefined;
    for (const s of this.slots) {
      const c = s.child;
      if (!c || !c.alive || c.congested || c.inFlight >= this.opts.maxInFlightPerChild) continue;
      if (!best || c.inFlight < best.inFlight) best = c;
    }
    return best;
  }

  private send(child: Sidecar, call: QueuedCall): void {
    call.child = child;
    child.send(call.method, call.params, this.opts.callTimeoutMs, call);
  }

  private callFailed(call: QueuedCall, err: Error): void {
    const child = call.child!;
    if (err instanceof SidecarTimeoutError) {
      // A pure transform takes microseconds: a child that misses a deadline is wedged. The
      // call is not retried: if it is what wedges a child, it would wedge the next one too.
      this.stats.timeouts++;
      const slot = this.slots.find((s) => s.child === child);
      this.emit({ type: "wedged", slot: slot?.index ?? -1, pid: child.pid, method: call.method });
      child.kill();
      call.fail(err);
    } else if (err instanceof SidecarUnavailableError && !NOT_RETRYABLE.has(call.method) && call.attempt === 0) {
      // The dead child is no longer alive, so the retry goes to another one (or waits for one).
      this.stats.retries++;
      call.attempt = 1;
      this.dispatch(call);
    } else if (err instanceof SidecarUnavailableError && call.attempt > 0) {
      call.fail(new SidecarUnavailableError(`${err.message} (the call had already been retried once on another sidecar)`));
    } else {
      call.fail(err);
    }
    this.drainQueue();
  }

  private drainQueue(): void {
    while (this.queue.length > 0) {
      const child = this.leastBusy();
      if (!child) return;
      const call = this.queue.shift()!;
      clearTimeout(call.queueTimer);
      call.queueTimer = undefined;
      this.send(child, call);
    }
  }

  private emit(event: PoolEvent): void {
    this.debug?.(`event ${JSON.stringify(event)}`);
    try {
      this.opts.onEvent?.(event);
    } catch {
      // A monitoring callback must not break the pool.
    }
  }

  private startSlot(slot: Slot): Promise<void> {
    const starting = Sidecar.start(this.opts).then(
      (child) => {
        slot.child = child;
        slot.startedAt = Date.now();
        slot.startFailures = 0;
        slot.starting = undefined;
        this.emit({ type: "spawned", slot: slot.index, pid: child.pid });
        child.onExit((reason) => this.onChildExit(slot, child, reason));
        child.onDrain(() => this.drainQueue());
        if (this.closing) void child.shutdown(200);
        this.drainQueue();
      },
      (err: Error) => {
        slot.starting = undefined;
        slot.startFailures++;
        const failure =
          err instanceof ProtocolVersionError ? "protocol-mismatch" : err instanceof SidecarUnavailableError ? err.startFailure : undefined;
        this.emit({ type: "start-failed", slot: slot.index, reason: err.message, failure });
        if (slot.startFailures >= this.opts.maxStartFailures || (failure && PERMANENT_START_FAILURES.has(failure))) {
          slot.brokenReason = err.message;
          slot.brokenFailure = failure;
          this.emit({ type: "broken", slot: slot.index, reason: err.message });
          this.failQueueIfAllBroken();
        } else if (!this.closing) {
          this.scheduleRespawn(slot);
        }
        throw err;
      },
    );
    slot.starting = starting;
    return starting;
  }

  private onChildExit(slot: Slot, child: Sidecar, reason: string): void {
    if (slot.child !== child) return;
    slot.child = undefined;
    if (this.closing) return;
    this.stats.childDeaths++;
    const livedMs = Date.now() - slot.startedAt;
    this.emit({ type: "died", slot: slot.index, pid: child.pid, reason, livedMs });
    slot.youngDeaths = livedMs < YOUNG_DEATH_MS ? slot.youngDeaths + 1 : 0;
    this.scheduleRespawn(slot);
    // Calls queued behind the dead child go to the others meanwhile.
    this.drainQueue();
  }

  /** Backoff: 50 ms, doubled for each failed start and each young death in a row, at most 5 s. */
  private scheduleRespawn(slot: Slot): void {
    const delay = Math.min(MAX_RESPAWN_DELAY_MS, FIRST_RESPAWN_DELAY_MS * 2 ** (slot.startFailures + Math.max(0, slot.youngDeaths - 1)));
    this.emit({ type: "respawn-scheduled", slot: slot.index, delayMs: delay });
    slot.respawnTimer = setTimeout(() => {
      if (this.closing) return;
      this.stats.respawns++;
      this.startSlot(slot).catch(() => {});
    }, delay);
    slot.respawnTimer.unref();
  }

  private failQueueIfAllBroken(): void {
    for (const q of this.queue) {
      const broken = this.brokenError(q.method);
      if (!broken) return;
      clearTimeout(q.queueTimer);
      q.fail(broken);
    }
    this.queue.length = 0;
  }
}

/** `transformRequest stripe/authorize`: the method and, for transforms, what they address. */
function describeCall(method: string, params: unknown): string {
  const { connector, flow } = (params ?? {}) as { connector?: unknown; flow?: unknown };
  return typeof connector === "string" && typeof flow === "string" ? `${method} ${connector}/${flow}` : method;
}

function validateParams(schema: z.ZodType, params: unknown, method: MethodName): unknown {
  // The compiled check answers most calls; zod judges the rest and writes the error.
  if (passesCompiledCheck(method, params)) return params;
  const parsed = schema.safeParse(params);
  if (parsed.success) return params;
  const issue = parsed.error.issues[0]!;
  // An unknown key is reported at its parent object; name the key itself, as the sidecar does.
  const at = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]!] : issue.path;
  const path = at.map(String).join(".");
  // The same data the sidecar would answer with: kind, field/path, and connector/flow if given.
  const { connector, flow } = (params ?? {}) as { connector?: unknown; flow?: unknown };
  // zod's messages name types and keys, never the rejected value, so they are safe to show.
  throw new SidecarError(`invalid params at \`${path || "(root)"}\`: ${issue.message}`, -32602, {
    kind: "InvalidParams",
    field: path,
    path,
    ...(typeof connector === "string" ? { connector } : {}),
    ...(typeof flow === "string" ? { flow } : {}),
  });
}

function validateResult(method: MethodName, params: unknown, raw: unknown): unknown {
  const schema: z.ZodType =
    method === "transformResponse" ? FLOW_RESULTS[(params as { flow: FlowName }).flow] : METHODS[method].result;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new SidecarError(
    `the sidecar's ${method} result does not match the protocol at \`${issue.path.join(".")}\`: ${issue.message} (client and sidecar versions differ?)`,
    -32603,
    { kind: "InternalError" },
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

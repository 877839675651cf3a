/**
 * A pool of sidecars: N children (default: the machine's cores), each call sent to the least busy
 * one, a cap on calls in flight per child with a bounded queue behind it, a deadline per call,
 * retry on another child when a child dies mid-call (every transform is pure, so a retry cannot
 * double anything), respawn with backoff, and a close() that leaves no process behind.
 *
 * Every params object is validated with zod before it is sent and every result after it arrives.
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
  type PaymentResult,
  type RefundResult,
  type TransformRequestParams,
  type TransformResponseParams,
} from "../protocol/index.js";
import {
  SidecarError,
  SidecarOverloadedError,
  SidecarTimeoutError,
  SidecarUnavailableError,
} from "./errors.js";
import { Sidecar, type SidecarOptions } from "./sidecar.js";

export interface PoolOptions extends SidecarOptions {
  /** Number of children. Default: the machine's available parallelism. */
  size?: number;
  /** Calls in flight per child before new calls wait in the queue. Default 256. */
  maxInFlightPerChild?: number;
  /** Calls that may wait for a free child before call() rejects with SidecarOverloadedError. Default 10,000. */
  maxQueue?: number;
  /** Deadline of one call in ms; a child that misses it is considered wedged and replaced. Default 10,000. */
  callTimeoutMs?: number;
  /** Validate params and results with zod. Default true; turn off only if you validate yourself. */
  validate?: boolean;
  /** Consecutive failed start-ups of a slot before the pool stops respawning it. Default 3. */
  maxStartFailures?: number;
}

interface QueuedCall {
  method: MethodName;
  params: unknown;
  attempt: number;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  index: number;
  child?: Sidecar;
  starting?: Promise<void>;
  startFailures: number;
  /** Why this slot stopped respawning (a binary that cannot start). */
  brokenReason?: string;
  respawnTimer?: NodeJS.Timeout;
}

/** Methods safe to send again after a child died: all but shutdown (they are pure). */
const RETRYABLE = new Set<MethodName>(["initialize", "ping", "listConnectors", "transformRequest", "transformResponse"]);

export class SidecarPool {
  private readonly slots: Slot[];
  private readonly queue: QueuedCall[] = [];
  private closing = false;
  private readonly opts: Required<Pick<PoolOptions, "maxInFlightPerChild" | "maxQueue" | "callTimeoutMs" | "validate" | "maxStartFailures">> &
    PoolOptions;
  /** Counters for monitoring and tests. */
  readonly stats = { calls: 0, retries: 0, respawns: 0, childDeaths: 0, timeouts: 0 };

  private constructor(opts: PoolOptions) {
    this.opts = {
      maxInFlightPerChild: 256,
      maxQueue: 10_000,
      callTimeoutMs: 10_000,
      validate: true,
      maxStartFailures: 3,
      ...opts,
    };
    const size = Math.max(1, opts.size ?? availableParallelism());
    this.slots = Array.from({ length: size }, (_, index) => ({ index, startFailures: 0 }));
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
  async call<M extends MethodName>(method: M, params?: unknown): Promise<z.infer<(typeof METHODS)[M]["result"]>> {
    if (this.closing) throw new SidecarUnavailableError(`${method}: the pool is closed`);
    const spec = METHODS[method];
    if (this.opts.validate && spec.params) params = validateParams(spec.params, params, method);
    this.stats.calls++;
    const raw = await new Promise<unknown>((resolve, reject) => {
      this.dispatch({ method, params, attempt: 0, resolve, reject });
    });
    if (!this.opts.validate) return raw as never;
    return validateResult(method, params, raw) as never;
  }

  ping(): Promise<Record<string, never>> {
    return this.call("ping") as Promise<Record<string, never>>;
  }

  listConnectors(): Promise<ConnectorInfo[]> {
    return this.call("listConnectors");
  }

  transformRequest(params: TransformRequestParams): Promise<HttpRequest> {
    return this.call("transformRequest", params);
  }

  transformResponse(params: TransformResponseParams): Promise<PaymentResult | RefundResult> {
    return this.call("transformResponse", params);
  }

  /**
   * Stops taking calls, lets calls in flight finish (up to `drainMs`), then asks each child to
   * exit and kills what is still there. Resolves when no child process is left.
   */
  async close(drainMs = 2000): Promise<void> {
    this.closing = true;
    for (const q of this.queue.splice(0)) q.reject(new SidecarUnavailableError(`${q.method}: the pool was closed`));
    const deadline = Date.now() + drainMs;
    while (this.pending > 0 && Date.now() < deadline) await sleep(5);
    for (const s of this.slots) clearTimeout(s.respawnTimer);
    await Promise.all(this.slots.map((s) => s.starting?.catch(() => {})));
    await Promise.all(this.slots.map((s) => s.child?.shutdown(Math.max(100, deadline - Date.now())) ?? Promise.resolve()));
  }

  // ---------- internals ----------

  private dispatch(call: QueuedCall): void {
    const child = this.leastBusy();
    if (child) {
      this.send(child, call);
      return;
    }
    const broken = this.slots.every((s) => s.brokenReason !== undefined);
    if (broken) {
      call.reject(new SidecarUnavailableError(`${call.method}: no sidecar can run: ${this.slots[0]!.brokenReason}`));
      return;
    }
    if (this.queue.length >= this.opts.maxQueue) {
      call.reject(
        new SidecarOverloadedError(
          `${call.method}: overloaded: ${this.queue.length} calls already wait for a sidecar (maxQueue ${this.opts.maxQueue}); retry later`,
        ),
      );
      return;
    }
    this.queue.push(call);
  }

  private leastBusy(): Sidecar | undefined {
    let best: Sidecar | undefined;
    for (const s of this.slots) {
      const c = s.child;
      if (!c || !c.alive || c.inFlight >= this.opts.maxInFlightPerChild) continue;
      if (!best || c.inFlight < best.inFlight) best = c;
    }
    return best;
  }

  private send(child: Sidecar, call: QueuedCall): void {
    child.request(call.method, call.params, this.opts.callTimeoutMs).then(
      (v) => {
        call.resolve(v);
        this.drainQueue();
      },
      (err: Error) => {
        if (err instanceof SidecarTimeoutError) {
          // A pure transform takes microseconds: a child that misses a deadline is wedged.
          this.stats.timeouts++;
          child.kill();
          call.reject(err);
        } else if (err instanceof SidecarUnavailableError && RETRYABLE.has(call.method) && call.attempt === 0 && !this.closing) {
          this.stats.retries++;
          this.dispatch({ ...call, attempt: 1 });
        } else if (err instanceof SidecarUnavailableError && call.attempt > 0) {
          call.reject(new SidecarUnavailableError(`${err.message} (the call had already been retried once on another sidecar)`));
        } else {
          call.reject(err);
        }
        this.drainQueue();
      },
    );
  }

  private drainQueue(): void {
    while (this.queue.length > 0) {
      const child = this.leastBusy();
      if (!child) return;
      this.send(child, this.queue.shift()!);
    }
  }

  private startSlot(slot: Slot): Promise<void> {
    const starting = Sidecar.start(this.opts).then(
      (child) => {
        slot.child = child;
        slot.startFailures = 0;
        slot.starting = undefined;
        child.onExit(() => this.onChildExit(slot, child));
        if (this.closing) void child.shutdown(200);
        this.drainQueue();
      },
      (err: Error) => {
        slot.starting = undefined;
        slot.startFailures++;
        if (slot.startFailures >= this.opts.maxStartFailures) {
          slot.brokenReason = err.message;
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

  private onChildExit(slot: Slot, child: Sidecar): void {
    if (slot.child !== child) return;
    slot.child = undefined;
    if (this.closing) return;
    this.stats.childDeaths++;
    this.scheduleRespawn(slot);
    // Calls queued behind the dead child go to the others meanwhile.
    this.drainQueue();
  }

  private scheduleRespawn(slot: Slot): void {
    const delay = Math.min(5000, 50 * 2 ** slot.startFailures);
    slot.respawnTimer = setTimeout(() => {
      if (this.closing) return;
      this.stats.respawns++;
      this.startSlot(slot).catch(() => {});
    }, delay);
    slot.respawnTimer.unref();
  }

  private failQueueIfAllBroken(): void {
    if (!this.slots.every((s) => s.brokenReason !== undefined)) return;
    for (const q of this.queue.splice(0)) {
      q.reject(new SidecarUnavailableError(`${q.method}: no sidecar can run: ${this.slots[0]!.brokenReason}`));
    }
  }
}

function validateParams(schema: z.ZodType, params: unknown, method: string): unknown {
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

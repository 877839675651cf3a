/**
 * One sidecar child: spawn (execa), a JSON-RPC connection over its stdio (Content-Length
 * framing), the version handshake, and death handling. This file is the one owner of the
 * child-process protocol: every pending call is failed with a clear reason when the child dies,
 * and the child is unref'd while idle so it never keeps Node alive.
 */
import { execa, type ResultPromise } from "execa";
import { createInterface } from "node:readline";
import { ResponseError } from "vscode-jsonrpc/node.js";
import { InitializeResult, PROTOCOL_VERSION, RpcErrorData } from "../protocol/index.js";
import { findSidecarBinary } from "./binary.js";
import { DEFAULT_MAX_MESSAGE_BYTES, SidecarConnection } from "./connection.js";
import {
  ProtocolVersionError,
  SidecarError,
  SidecarTimeoutError,
  SidecarUnavailableError,
  type StartFailure,
} from "./errors.js";

export interface SidecarOptions {
  /** Path of the binary; default $CONNECTOR_SIDECAR_BIN or this package's cargo build. */
  binary?: string;
  /** Extra arguments, e.g. ["--max-message-bytes", "1048576"]. */
  args?: string[];
  /** The sidecar's stderr log level (off, error, warn, info, debug, trace). Default warn. */
  logLevel?: string;
  /** Receives each stderr line of the child (default: written to this process's stderr). */
  onLog?: (line: string, pid: number | undefined) => void;
  /** How long start-up plus handshake may take. Default 10 s. */
  startupTimeoutMs?: number;
  clientName?: string;
  /**
   * Send a transformResponse's JSON body spliced into the message as `response.bodyJson`
   * instead of escaped into `response.body` (the same answer, less work on both sides), when
   * the sidecar says it reads that form. Default true; false always sends `body`.
   */
  spliceBodies?: boolean;
}

/** Where a call's outcome goes: the pool passes one object per call that carries both. */
export interface CallHandler {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * One call sent and not yet answered. It is the connection's `Pending` for the call, so an
 * answer reaches it with no promise in between; the first of answer, death and deadline wins.
 */
class PendingCall {
  constructor(
    private readonly sidecar: Sidecar,
    readonly method: string,
    private readonly handler: CallHandler,
    readonly timeoutMs: number,
    /** performance.now() past which the call has timed out; Infinity for none. */
    readonly deadline: number,
  ) {}

  /** An answer from the connection. */
  resolve(value: unknown): void {
    if (this.sidecar.settle(this)) this.handler.resolve(value);
  }

  /** An error answer (ResponseError) or the connection's own failure, from the connection. */
  reject(err: unknown): void {
    if (!this.sidecar.settle(this)) return;
    if (err instanceof ResponseError) {
      const parsed = RpcErrorData.safeParse(err.data);
      this.handler.reject(new SidecarError(err.message, err.code, parsed.success ? parsed.data : { kind: "Unknown" }));
    } else {
      this.handler.reject(
        new SidecarUnavailableError(`${this.method}: ${this.sidecar.deathReason ?? (err as Error)?.message ?? String(err)}`),
      );
    }
  }

  /** Death or deadline: an error already in its final form. */
  fail(error: Error): void {
    if (this.sidecar.settle(this)) this.handler.reject(error);
  }
}

type Unrefable = { ref?: () => void; unref?: () => void };

export class Sidecar {
  readonly pid: number | undefined;
  /** Calls sent and not yet answered. */
  inFlight = 0;
  /** Set once the child has exited or been killed; then every call fails at once. */
  deathReason: string | undefined;
  info: InitializeResult | undefined;
  /** Resolves when the child process has exited. */
  readonly exited: Promise<void>;

  private readonly pending = new Set<PendingCall>();
  /**
   * One timer for every deadline, armed for the earliest: calls answer in microseconds and
   * deadlines are seconds away, so it rarely fires, where a timer per call cost a setTimeout and a
   * clearTimeout each. Unref'd: the child's handles hold the loop open while calls are pending.
   */
  private deadlineTimer: NodeJS.Timeout | undefined;
  private deadlineTimerAt = Infinity;
  private readonly connection: SidecarConnection;
  private readonly child: ResultPromise;
  private readonly stderrTail: string[] = [];
  private exitListeners: ((reason: string) => void)[] = [];
  private drainListeners: (() => void)[] = [];
  /** The errno code of a failed spawn (ENOENT, EACCES), to tell why start-up failed. */
  private spawnErrorCode: string | undefined;
  private killed = false;

  private constructor(child: ResultPromise, opts: SidecarOptions) {
    this.child = child;
    this.pid = child.pid;
    const onLog = opts.onLog ?? ((line: string) => process.stderr.write(`[sidecar ${this.pid}] ${line}\n`));
    createInterface({ input: child.stderr! }).on("line", (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > 20) this.stderrTail.shift();
      onLog(line, this.pid);
    });
    // A write to a dead child raises EPIPE on stdin; the exit handler reports it instead.
    child.stdin!.on("error", () => {});
    this.connection = new SidecarConnection(
      child.stdout!,
      child.stdin!,
      () => this.kill(),
      () => {
        for (const l of this.drainListeners) l();
      },
      maxMessageBytes(opts.args),
    );
    this.connection.onError(() => {});
    this.connection.listen();
    this.exited = new Promise<void>((resolve) => {
      child.on("exit", (code, signal) => {
        this.markDead(
          signal ? `the sidecar (pid ${this.pid}) was killed by ${signal}` : `the sidecar (pid ${this.pid}) exited with code ${code}`,
        );
        resolve();
      });
      child.on("error", (err: NodeJS.ErrnoException) => {
        this.spawnErrorCode ??= err.code;
        this.markDead(describeSpawnError(err, child.spawnfile));
        resolve();
      });
    });
    // execa's promise rejects on a non-zero exit; the exit handler above already reports it.
    child.catch(() => {});
    this.setRef(false);
  }

  /** Spawns a child and completes the handshake, or throws a clear SidecarUnavailableError. */
  static async start(opts: SidecarOptions = {}): Promise<Sidecar> {
    const binary = opts.binary ?? findSidecarBinary();
    const env: Record<string, string> = {};
    if (opts.logLevel) env.CONNECTOR_SIDECAR_LOG = opts.logLevel;
    const child = execa(binary, opts.args ?? [], {
      stdin: "pipe",
      stdout: "pipe",
      stderr: "pipe",
      buffer: false,
      reject: false,
      cleanup: true,
      env,
    });
    const sidecar = new Sidecar(child, opts);
    const timeoutMs = opts.startupTimeoutMs ?? 10_000;
    try {
      const raw = await sidecar.request(
        "initialize",
        { protocolVersion: PROTOCOL_VERSION, clientName: opts.clientName ?? "connector-sidecar-node" },
        timeoutMs,
      );
      const info = InitializeResult.parse(raw);
      if (major(info.protocolVersion) !== major(PROTOCOL_VERSION)) {
        sidecar.kill();
        throw new ProtocolVersionError(
          `the sidecar at ${binary} speaks protocol ${info.protocolVersion}, this client speaks ${PROTOCOL_VERSION}: rebuild one of them`,
        );
      }
      sidecar.info = info;
      sidecar.connection.spliceBodies = info.bodyJson === true && opts.spliceBodies !== false;
      return sidecar;
    } catch (e) {
      // Still alive: it answered, or timed out; not a crash, whatever the kill below reports.
      const answeredWrongly = sidecar.deathReason === undefined && !(e instanceof SidecarTimeoutError) && !(e instanceof ProtocolVersionError);
      sidecar.kill();
      if (e instanceof ProtocolVersionError) throw e;
      await sidecar.exited.catch(() => {});
      const tail = sidecar.stderrTail.length ? `; its last stderr lines: ${sidecar.stderrTail.slice(-3).join(" | ")}` : "";
      const failure = answeredWrongly && sidecar.spawnErrorCode === undefined ? "handshake-failed" : sidecar.startFailure(e);
      const why =
        failure === "handshake-failed"
          ? `it is not a connector sidecar: it answered initialize with something else (${(e as Error).message})`
          : failure === "crashed-at-start"
          ? `it crashed at start-up: ${sidecar.deathReason} before answering initialize`
          : failure === "handshake-timeout"
            ? `it did not answer initialize within ${timeoutMs} ms`
            : (sidecar.deathReason ?? (e as Error).message);
      throw new SidecarUnavailableError(`could not start the sidecar (${binary}): ${why}${tail}`, failure);
    }
  }

  /** Classifies a failed start-up (see StartFailure). */
  private startFailure(e: unknown): StartFailure {
    if (this.spawnErrorCode === "ENOENT") return "binary-missing";
    if (this.spawnErrorCode === "EACCES") return "binary-not-executable";
    if (this.spawnErrorCode !== undefined) return "spawn-failed";
    if (e instanceof SidecarTimeoutError) return "handshake-timeout";
    return "crashed-at-start";
  }

  /**
   * True while the child's stdin holds more than the pipe took (CONGESTION_BYTES waiting: the
   * child is not reading) and has not drained: the pool sends such a child nothing more until `onDrain`.
   */
  get congested(): boolean {
    return this.connection.congested;
  }

  /** Called each time a congested stdin drains. */
  onDrain(listener: () => void): void {
    this.drainListeners.push(listener);
  }

  /** False once the child has exited, or once it was sent a kill (it takes no new calls). */
  get alive(): boolean {
    return this.deathReason === undefined && !this.killed;
  }

  /** Called once with the reason when the child dies. */
  onExit(listener: (reason: string) => void): void {
    if (this.deathReason !== undefined) listener(this.deathReason);
    else this.exitListeners.push(listener);
  }

  /**
   * Sends one request. Rejects with SidecarError for an error the sidecar answered,
   * SidecarUnavailableError when the child dies first, SidecarTimeoutError after `timeoutMs`.
   */
  request(method: string, params: unknown, timeoutMs: number): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => this.send(method, params, timeoutMs, { resolve, reject }));
  }

  /** `request` without a promise: the outcome goes to `handler`, exactly once. */
  send(method: string, params: unknown, timeoutMs: number, handler: CallHandler): void {
    if (this.deathReason !== undefined) {
      handler.reject(new SidecarUnavailableError(`${method}: ${this.deathReason}`));
      return;
    }
    const deadline = timeoutMs > 0 && Number.isFinite(timeoutMs) ? performance.now() + timeoutMs : Infinity;
    const call = new PendingCall(this, method, handler, timeoutMs, deadline);
    this.pending.add(call);
    if (this.inFlight++ === 0) this.setRef(true);
    if (deadline < this.deadlineTimerAt) this.armDeadlineTimer(deadline);
    try {
      this.connection.send(method, params, call);
    } catch {
      // The connection throws at once when the child's stdout has closed: the child is going
      // away and its exit event is still on its way. Fail every pending call now, retryably.
      this.markDead(`the sidecar (pid ${this.pid}) closed its stdout`);
      this.kill();
    }
  }

  /** Takes a call out of the pending ones; false if it was already settled. */
  settle(call: PendingCall): boolean {
    if (!this.pending.delete(call)) return false;
    if (--this.inFlight === 0) this.setRef(false);
    return true;
  }

  private armDeadlineTimer(at: number): void {
    clearTimeout(this.deadlineTimer);
    this.deadlineTimerAt = at;
    this.deadlineTimer = setTimeout(() => this.expireDeadlines(), Math.max(1, Math.ceil(at - performance.now())));
    this.deadlineTimer.unref();
  }

  /** Fails the calls past their deadline (timers may fire up to a millisecond early) and re-arms. */
  private expireDeadlines(): void {
    this.deadlineTimer = undefined;
    this.deadlineTimerAt = Infinity;
    const now = performance.now() + 1;
    let next = Infinity;
    for (const call of [...this.pending]) {
      if (call.deadline <= now) {
        call.fail(new SidecarTimeoutError(`${call.method} did not answer within ${call.timeoutMs} ms (sidecar pid ${this.pid})`));
      } else if (call.deadline < next) {
        next = call.deadline;
      }
    }
    // A call sent meanwhile (by a handler above) may have armed the timer already.
    if (next < this.deadlineTimerAt && this.deathReason === undefined) this.armDeadlineTimer(next);
  }

  /**
   * Asks the child to exit: sends `shutdown` and closes its stdin (either one ends a healthy
   * sidecar), waits up to `graceMs` for it to exit, then kills it. Resolves once it has exited.
   */
  async shutdown(graceMs = 2000): Promise<void> {
    if (this.alive) {
      // Its answer does not matter: the exit does. A wedged child never answers; the kill settles it.
      this.request("shutdown", undefined, 0).catch(() => {});
      this.child.stdin?.end();
    }
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    this.killed = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  private markDead(reason: string): void {
    if (this.deathReason !== undefined) return;
    this.deathReason = reason;
    this.drainListeners = [];
    clearTimeout(this.deadlineTimer);
    this.deadlineTimerAt = Infinity;
    for (const call of [...this.pending]) call.fail(new SidecarUnavailableError(reason));
    this.connection.dispose();
    this.setRef(false);
    for (const l of this.exitListeners) l(reason);
    this.exitListeners = [];
  }

  /** Holds Node's event loop open only while calls are pending. */
  private setRef(on: boolean): void {
    const handles = [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as unknown as (Unrefable | null)[];
    for (const h of handles) (on ? h?.ref : h?.unref)?.call(h);
  }
}

function major(version: string): string {
  return version.split(".")[0] ?? version;
}

function describeSpawnError(err: NodeJS.ErrnoException, file: string): string {
  if (err.code === "ENOENT") {
    return `the sidecar binary was not found at ${file} (run \`cargo build --release\`, or set CONNECTOR_SIDECAR_BIN)`;
  }
  if (err.code === "EACCES") return `the sidecar binary at ${file} is not executable`;
  return `the sidecar could not be spawned from ${file}: ${err.message}`;
}

/** The child's message limit: its `--max-message-bytes` argument, else the sidecar's default. */
function maxMessageBytes(args: string[] = []): number {
  const i = args.indexOf("--max-message-bytes");
  const n = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : DEFAULT_MAX_MESSAGE_BYTES;
}

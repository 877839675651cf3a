/**
 * Measuring primitives for bench/run.ts: a closed-loop load generator (N workers, each awaiting
 * its call before sending the next, so exactly N calls are in flight) that records every latency,
 * the event loop's busy time and the process's CPU time over the same window.
 */
import { readFileSync } from "node:fs";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";

export interface CellResult {
  calls: number;
  seconds: number;
  /** Completed calls per second. */
  perSecond: number;
  p50Us: number;
  p99Us: number;
  meanUs: number;
  /**
   * Time the event loop was busy (not waiting in epoll) per call: what each call costs the app's
   * own work on the main thread, send and receive paths, validation and wake-ups included.
   */
  loopBusyUsPerCall: number;
  /** Main-process CPU per call (user + system, all of Node's threads). */
  cpuUsPerCall: number;
  /** The longest single stall of the event loop seen by a 1 ms timer during the run. */
  loopDelayMaxUs: number;
  /** Synchronous time of the call itself, up to its returning a promise (validation, encoding). */
  sendSyncUsPerCall: number;
  /** CPU of the sidecar children per call (Linux; NaN elsewhere). */
  childCpuUsPerCall: number;
}

/**
 * Runs `op` from `inFlight` concurrent workers for `durationMs` (after a warm-up of a tenth of
 * it) and summarises. Every latency is kept (up to `maxSamples`), so percentiles are exact.
 */
export async function closedLoop(
  op: () => Promise<unknown>,
  inFlight: number,
  durationMs: number,
  childPids: number[] = [],
  maxSamples = 2_000_000,
): Promise<CellResult> {
  await runFor(op, inFlight, Math.max(50, durationMs / 10), undefined);
  const latencies = new Float64Array(maxSamples);
  const sink = { n: 0, latencies, sendSyncMs: 0 };
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const child0 = childCpuNs(childPids);
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  delay.enable();
  const t0 = performance.now();
  const calls = await runFor(op, inFlight, durationMs, sink);
  const seconds = (performance.now() - t0) / 1000;
  delay.disable();
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  const childNs = childCpuNs(childPids) - child0;
  const sorted = latencies.subarray(0, sink.n).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    calls,
    seconds,
    perSecond: calls / seconds,
    p50Us: percentile(sorted, 0.5) * 1000,
    p99Us: percentile(sorted, 0.99) * 1000,
    meanUs: (sum / Math.max(1, sorted.length)) * 1000,
    loopBusyUsPerCall: (elu.active * 1000) / Math.max(1, calls),
    cpuUsPerCall: (cpu.user + cpu.system) / Math.max(1, calls),
    loopDelayMaxUs: delay.max / 1000,
    sendSyncUsPerCall: (sink.sendSyncMs * 1000) / Math.max(1, calls),
    childCpuUsPerCall: childNs / 1000 / Math.max(1, calls),
  };
}

/** Total on-CPU time of these processes in ns, from /proc/<pid>/schedstat (NaN off Linux). */
export function childCpuNs(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      return NaN;
    }
  }
  return pids.length ? total : NaN;
}

async function runFor(
  op: () => Promise<unknown>,
  inFlight: number,
  durationMs: number,
  sink: { n: number; latencies: Float64Array; sendSyncMs: number } | undefined,
): Promise<number> {
  const stopAt = performance.now() + durationMs;
  let calls = 0;
  const worker = async () => {
    while (performance.now() < stopAt) {
      const t = performance.now();
      const pending = op();
      const sent = performance.now();
      await pending;
      if (sink) {
        sink.sendSyncMs += sent - t;
        if (sink.n < sink.latencies.length) sink.latencies[sink.n++] = performance.now() - t;
      }
      calls++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return calls;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 0.5);
}

/** A plain-text table: right-aligned numbers, left-aligned text. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const numeric = header.map((_, i) => rows.every((r) => typeof r[i] === "number" || /^[\d.,]+[a-zµ%×]*$/i.test(String(r[i]))));
  const line = (r: string[]) =>
    r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

/** Rounds for display: 3 significant digits, no exponent. */
export function fmt(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return "—";
  if (v >= 10 ** digits) return Math.round(v).toLocaleString("en-US");
  return Number(v.toPrecision(digits)).toString();
}

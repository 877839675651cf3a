/** Process helpers for the fault tests (Linux: /proc and ps). */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * True while `pid` runs. A zombie (exited, not yet reaped by whoever inherited it) counts as gone:
 * it holds no memory and serves nothing, and `kill(pid, 0)` alone would call it alive.
 */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw e;
  }
  try {
    // Field 3 of /proc/PID/stat, after the parenthesised command name.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Pids of the processes whose parent is `ppid`. */
export function childrenOf(ppid: number): number[] {
  try {
    const out = execFileSync("ps", ["-o", "pid=", "--ppid", String(ppid)], { encoding: "utf8" });
    return out.split("\n").map((l) => Number(l.trim())).filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there is none
  }
}

/** Resident set size of `pid` in KiB (VmRSS), or undefined once it is gone. */
export function rssKiB(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

// Loaded into every Node process of a secret scan (scripts/secret-scan.ts puts it in NODE_OPTIONS,
// so child processes inherit it). Does nothing unless SECRET_SCAN_DIR is set. Then it copies to
// files in that folder:
//  - everything this process writes to its stdout and stderr (test reporters, the CLI, the REPL);
//  - the stderr of every sidecar it spawns, forced to CONNECTOR_SIDECAR_LOG=trace whatever level
//    the caller asked for (tests that pass `onLog: () => {}` would otherwise hide it);
//  - the text of every error a test checks with assert.rejects / assert.throws.
// The sidecars' stdout is not copied: it carries the HTTP requests for the processors, which hold
// card numbers by design. Plain JavaScript so that it loads before any TypeScript loader.
import { openSync, writeSync } from "node:fs";
import { basename, join } from "node:path";
import childProcess from "node:child_process";
import { syncBuiltinESMExports } from "node:module";
import assert from "node:assert";

const dir = process.env.SECRET_SCAN_DIR;
if (dir) {
  const files = new Map();
  const sink = (name) => {
    let fd = files.get(name);
    if (fd === undefined) {
      fd = openSync(join(dir, `${name}-${process.pid}.log`), "a");
      files.set(name, fd);
    }
    return (chunk) => {
      try {
        writeSync(fd, typeof chunk === "string" ? chunk : Buffer.from(chunk));
      } catch {
        // The copy is best effort; the process under test must not notice it.
      }
    };
  };

  for (const [name, stream] of [["stdout", process.stdout], ["stderr", process.stderr]]) {
    const copy = sink(`node-${name}`);
    const write = stream.write.bind(stream);
    stream.write = (chunk, ...rest) => {
      copy(chunk);
      return write(chunk, ...rest);
    };
  }

  const spawn = childProcess.spawn;
  childProcess.spawn = function spawnWithCapture(file, args, options) {
    const isSidecar = typeof file === "string" && basename(file) === "connector-sidecar";
    if (isSidecar) {
      const opts = Array.isArray(args) ? options : args;
      const withTrace = { ...(opts ?? {}), env: { ...((opts && opts.env) ?? process.env), CONNECTOR_SIDECAR_LOG: "trace" } };
      if (Array.isArray(args)) options = withTrace;
      else args = withTrace;
    }
    const child = spawn.call(this, file, args, options);
    if (isSidecar && child.stderr) child.stderr.on("data", sink("sidecar-stderr"));
    return child;
  };
  syncBuiltinESMExports();

  const errors = sink("errors");
  const record = (e) => {
    if (e === null || e === undefined) return;
    const data = e && typeof e === "object" && "data" in e ? ` data=${safeJson(e.data)}` : "";
    errors(`${e?.name ?? typeof e}: ${e?.message ?? String(e)}${data}\n${e?.stack ?? ""}\n`);
  };
  for (const api of [assert, assert.strict]) {
    const { rejects, throws } = api;
    api.rejects = async function rejectsWithCapture(promiseOrFn, ...rest) {
      const promise = typeof promiseOrFn === "function" ? Promise.resolve().then(promiseOrFn) : promiseOrFn;
      return rejects.call(this, Promise.resolve(promise).catch((e) => {
        record(e);
        throw e;
      }), ...rest);
    };
    api.throws = function throwsWithCapture(fn, ...rest) {
      return throws.call(this, () => {
        try {
          fn();
        } catch (e) {
          record(e);
          throw e;
        }
      }, ...rest);
    };
  }
}

function safeJson(value) {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

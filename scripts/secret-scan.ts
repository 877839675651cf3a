/**
 * npm run test:secrets: proves that no card number, CVC, key, salt or signature the tests use
 * reaches a log line, an error message or its data, a REPL echo or a thrown error.
 *
 * It runs, with the most verbose logging on both sides (CONNECTOR_SIDECAR_LOG=trace in every
 * sidecar, whatever level the caller asked for, and the client's debug log):
 *   1. the whole mocha suite, capturing every Node process's stdout and stderr, every sidecar's
 *      stderr, the client debug log and the text of every error a test checks
 *      (test/support/secret-capture.mjs, loaded into every Node process through NODE_OPTIONS);
 *   2. cargo test --release (the sidecar's logger on at trace);
 *   3. a REPL session that sends every shared vector (test/vectors) to the sidecar;
 * then scans all of it for the secrets found in test/, emulator/ and demo/ (test/support/secrets.ts).
 * Zero hits is the assertion. The sidecars' stdout is not scanned: it carries the processors'
 * HTTP requests, which hold card numbers by design.
 *
 * Exit code: 0 clean; 1 a hit, a failing test run, or a capture too small to prove anything.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { collectSecrets, scan, type Hit } from "../test/support/secrets.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const HOOK = join(ROOT, "test", "support", "secret-capture.mjs");
const keep = process.argv.includes("--keep");

interface Run {
  name: string;
  code: number | null;
  output: string;
}

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    child.stdin.end(input ?? "");
    child.on("close", (code) => {
      console.log(`  ${name}: exit ${code} in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${output.length} bytes of output`);
      resolve({ name, code, output });
    });
  });
}

/** One REPL entry per shared vector: every card, key, salt and processor body the vectors hold. */
function replSession(): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith(".json")) files.push(join(dir, e.name));
    }
  };
  walk(join(ROOT, "test", "vectors"));
  const lines = files.sort().map((f) => {
    const v = JSON.parse(readFileSync(f, "utf8")) as { method: string; params: unknown };
    return `${v.method} ${JSON.stringify(v.params)}`;
  });
  return `${lines.join("\n")}\n`;
}

function selfTest(secrets: ReturnType<typeof collectSecrets>): string[] {
  const problems: string[] = [];
  const byKind = (k: string) => [...secrets.values].filter(([, v]) => v.kind === k).map(([value]) => value);
  const cards = byKind("card number");
  const keys = [...byKind("key"), ...byKind("credential")];
  const signatures = byKind("signature");
  if (cards.length < 5 || keys.length < 2 || signatures.length < 1) {
    problems.push(`too few secrets collected (${cards.length} cards, ${keys.length} keys, ${signatures.length} signatures): the collection is broken`);
    return problems;
  }
  const grouped = cards[0]!.replace(/(\d{4})(?=\d)/g, "$1 ");
  const probe = `x ${grouped} y ${keys[0]} z ${signatures[0]} "cvc":"123" card[cvc]=4567 ${"a".repeat(64)}###1`;
  const kinds = new Set(scan(probe, secrets).map((h) => h.kind));
  for (const k of ["card number", "cvc", "x-verify"]) if (!kinds.has(k as Hit["kind"])) problems.push(`the scanner missed a ${k} in its self-test`);
  if (!kinds.has("key") && !kinds.has("credential")) problems.push("the scanner missed a key in its self-test");
  if (!kinds.has("signature")) problems.push("the scanner missed a signature in its self-test");
  return problems;
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const secrets = collectSecrets(ROOT, ["test", "emulator", "demo"]);
  const counts = new Map<string, number>();
  for (const { kind } of secrets.values.values()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  console.log(`secret scan: ${secrets.values.size} secrets from test/, emulator/ and demo/ (${[...counts].map(([k, n]) => `${n} ${k}s`).join(", ")})`);
  const broken = selfTest(secrets);
  if (broken.length) {
    for (const p of broken) console.log(`FAIL ${p}`);
    return 1;
  }

  const dir = mkdtempSync(join(tmpdir(), "secret-scan-"));
  const clientDebugLog = join(dir, "client-debug.log");
  writeFileSync(clientDebugLog, "");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SECRET_SCAN_DIR: dir,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${pathToFileURL(HOOK).href}`.trim(),
    CONNECTOR_SIDECAR_LOG: "trace",
    CONNECTOR_SIDECAR_DEBUG: clientDebugLog,
  };
  console.log("running, with CONNECTOR_SIDECAR_LOG=trace and the client debug log:");
  const runs = [
    await run("mocha (the whole suite)", join(ROOT, "node_modules", ".bin", "mocha"), [], env),
    await run("cargo test --release", "cargo", ["test", "--release", "--quiet"], env),
    await run("REPL session of every shared vector", process.execPath, ["--import", "tsx", join(ROOT, "client", "cli.ts"), "repl"], env, replSession()),
  ];

  const sources: { name: string; text: string }[] = runs.map((r) => ({ name: `${r.name} (output)`, text: r.output }));
  for (const f of readdirSync(dir)) sources.push({ name: f, text: readFileSync(join(dir, f), "utf8") });
  const total = (re: RegExp) => sources.reduce((n, s) => n + (s.text.match(re)?.length ?? 0), 0);
  const figures = {
    bytes: sources.reduce((n, s) => n + s.text.length, 0),
    sidecarLogLines: total(/^connector-sidecar (TRACE|DEBUG|INFO|WARN|ERROR) /gm),
    clientDebugLines: total(/connector-sidecar client DEBUG /g),
    clientErrorsLogged: total(/connector-sidecar client DEBUG .* failed in /g),
    errorsCheckedByTests: sources.filter((s) => s.name.startsWith("errors-")).reduce((n, s) => n + (s.text.match(/^\w*Error\w*: /gm)?.length ?? 0), 0),
    replAnswers: total(/^(transformRequest|transformResponse) (ok|error)/gm),
  };
  console.log(
    `scanned ${(figures.bytes / 1e6).toFixed(1)} MB from ${sources.length} sources: ${figures.sidecarLogLines} sidecar log lines, ` +
      `${figures.clientDebugLines} client debug lines (${figures.clientErrorsLogged} failed calls), ` +
      `${figures.errorsCheckedByTests} errors checked by tests, ${figures.replAnswers} REPL answers`,
  );

  let failed = false;
  for (const r of runs) {
    if (r.code !== 0) {
      failed = true;
      console.log(`FAIL ${r.name} exited ${r.code}; its last lines:\n${r.output.trim().split("\n").slice(-30).join("\n")}`);
    }
  }
  const tooLittle = Object.entries(figures).filter(([k, n]) => k !== "bytes" && n < 10);
  for (const [k, n] of tooLittle) {
    failed = true;
    console.log(`FAIL only ${n} ${k}: the capture is too small to prove anything`);
  }
  const hits = sources.flatMap((s) => scan(s.text, secrets).map((h) => ({ ...h, source: s.name })));
  for (const h of hits.slice(0, 50)) console.log(`LEAK ${h.kind} ${h.masked} in ${h.source} at ${h.offset}: …${h.context}…`);
  if (hits.length > 50) console.log(`... and ${hits.length - 50} more`);
  console.log(`secret scan: ${hits.length} hits in ${((Date.now() - t0) / 1000).toFixed(1)} s${failed ? " (and the failures above)" : ""}`);
  if (keep) console.log(`captures kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  return hits.length > 0 || failed ? 1 : 0;
}

process.exitCode = await main();

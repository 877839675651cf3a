/**
 * The `connector-sidecar` command: `repl`, `call`, `connectors`, `demo`, `--version`, `--help`.
 * `bin/connector-sidecar.js` runs `main()` from the compiled `dist/client/cli.js`; in development
 * `npx tsx client/cli.ts ...` does the same.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { METHOD_NAMES, METHODS, PROTOCOL_VERSION, type MethodName } from "../protocol/index.js";
import { findSidecarBinary } from "./binary.js";
import { SidecarError } from "./errors.js";
import { SidecarPool } from "./pool.js";
import { maskPansInText, redact } from "./redact.js";
import { colors, formatConnectorsTable, formatJson, parseEntry, startRepl, wantsColor } from "./repl.js";

export const USAGE = `connector-sidecar: one unified payments API; a Rust sidecar transforms requests and
responses for many processors (JSON-RPC 2.0 over stdio), your app keeps its own HTTP stack.

USAGE
  connector-sidecar repl                          interactive: type \`method {json}\`, Tab completes
  connector-sidecar call <method> ['<json>' | -]  one call, result as masked JSON on stdout
  connector-sidecar connectors                    connectors, flows, payment methods, auth fields
  connector-sidecar demo                          an end-to-end payment against the local emulator
  connector-sidecar --version | --help

METHODS
  ${METHOD_NAMES.join(", ")}

EXAMPLES
  connector-sidecar call ping
  connector-sidecar call listConnectors
  connector-sidecar call transformRequest '{"connector":"stripe","flow":"psync",
      "auth":{"apiKey":"sk_test_..."},"request":{"connectorTransactionId":"pi_123"}}'
  cat params.json | connector-sidecar call transformRequest -
  connector-sidecar repl

OUTPUT
  Card numbers and credentials are masked everywhere (424242******4242, ***): this tool is for
  looking, not for sending; your application sends the unmasked request it gets from the API.
  \`call\` exits 0 on a result; 1 on an error, printed to stderr as
  \`error <code> <kind>: <message>\` plus its masked \`data\`; 2 on a usage error.

THE RAW SIDECAR
  The binary itself (target/release/connector-sidecar, or $CONNECTOR_SIDECAR_BIN) speaks JSON-RPC
  on stdin/stdout and reads NDJSON typed by hand in a terminal, one request per line:
    $ target/release/connector-sidecar
    {"jsonrpc":"2.0","id":1,"method":"ping"}
  Its output is NOT masked. Content-Length framing (LSP style) works too.

ENVIRONMENT
  CONNECTOR_SIDECAR_BIN      the sidecar binary (default: this package's cargo build)
  CONNECTOR_SIDECAR_LOG      sidecar log level on stderr: off|error|warn|info|debug|trace
  CONNECTOR_SIDECAR_HISTORY  REPL history file (default ~/.connector-sidecar_history; empty: none)
  NO_COLOR                   no colours in the REPL
`;

/** This package's version, from the package.json above this file (client/ or dist/client/). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
        if (pkg.name === "connector-sidecar" && pkg.version) return pkg.version;
      } catch {
        // keep looking
      }
    }
    dir = resolve(dir, "..");
  }
  return "unknown";
}

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
}

function usageError(io: Io, message: string): number {
  // One line: the whole usage would bury the message; --help is one command away.
  io.stderr.write(`connector-sidecar: ${message} (see connector-sidecar --help)\n`);
  return 2;
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[], io: Io = process): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "--version":
    case "-v":
    case "version":
      io.stdout.write(`connector-sidecar ${packageVersion()} (protocol ${PROTOCOL_VERSION})\n`);
      return 0;
    case "--help":
    case "-h":
    case "help":
      io.stdout.write(USAGE);
      return 0;
    case "repl":
      if (rest.length) return usageError(io, `repl takes no arguments (got ${rest.join(" ")})`);
      return missingBinary(io) ? 1 : repl();
    case "call":
      return call(rest, io);
    case "connectors":
      if (rest.length) return usageError(io, `connectors takes no arguments (got ${rest.join(" ")})`);
      return missingBinary(io) ? 1 : connectors(io);
    case "demo":
      return missingBinary(io) ? 1 : demo(io);
    case undefined:
      return usageError(io, "no command given");
    default:
      return usageError(io, `unknown command \`${maskPansInText(command)}\``);
  }
}

/**
 * A missing binary is the usual first-run failure: say so plainly before any pool tries to spawn it
 * (a spawn that fails with ENOENT also fails the first write to the child's stdin with EPIPE).
 */
function missingBinary(io: Io): boolean {
  const binary = findSidecarBinary();
  // A bare name in $CONNECTOR_SIDECAR_BIN is looked up on PATH by the spawn: leave it to that.
  if (!/[\\/]/.test(binary) || existsSync(binary)) return false;
  io.stderr.write(
    `error: the sidecar binary was not found at ${binary} (npm installs the one for this platform with the package unless optional dependencies are omitted; or set CONNECTOR_SIDECAR_BIN; in a clone run \`npm run build\`)\n`,
  );
  return true;
}

async function startPool(): Promise<SidecarPool> {
  return SidecarPool.start({
    size: 1,
    clientName: "connector-sidecar-cli",
    onLog: (line) => process.stderr.write(`[sidecar] ${maskPansInText(line)}\n`),
  });
}

/** `error <code> <kind>: <message>` and the masked `data`, for stderr. */
function describeError(err: unknown): string {
  if (err instanceof SidecarError) {
    return `error ${err.code} ${err.kind}: ${maskPansInText(err.message)}\ndata: ${JSON.stringify(redact(err.data))}\n`;
  }
  return `error: ${maskPansInText((err as Error)?.message ?? String(err))}\n`;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

async function call(args: string[], io: Io): Promise<number> {
  const [method, paramsArg, ...extra] = args;
  if (!method) return usageError(io, "call needs a method, e.g. `connector-sidecar call ping`");
  if (extra.length) {
    return usageError(io, "call takes one JSON argument: quote the params, e.g. call ping '{}' (or pass - and pipe them in)");
  }
  if (!(method in METHODS)) {
    io.stderr.write(
      describeError(
        new SidecarError(`unknown method \`${maskPansInText(method)}\` (methods: ${METHOD_NAMES.join(", ")})`, -32601, {
          kind: "MethodNotFound",
        }),
      ),
    );
    return 1;
  }
  let params: unknown;
  if (paramsArg !== undefined) {
    const text = paramsArg === "-" ? await readAll(io.stdin) : paramsArg;
    if (text.trim() !== "") {
      // parseEntry gives a JSON error message that never quotes the input (it may hold a card).
      const entry = parseEntry(`${method} ${text}`);
      if (entry.kind !== "call") {
        const message = entry.kind === "invalid" ? entry.message : "params are not valid JSON";
        io.stderr.write(describeError(new SidecarError(message, -32700, { kind: "ParseError" })));
        return 1;
      }
      params = entry.params;
    }
  }
  if (missingBinary(io)) return 1;
  let pool: SidecarPool;
  try {
    pool = await startPool();
  } catch (e) {
    io.stderr.write(describeError(e));
    return 1;
  }
  try {
    const result = await pool.call(method as MethodName, params);
    io.stdout.write(`${formatJson(redact(result), colors(false))}\n`);
    return 0;
  } catch (e) {
    io.stderr.write(describeError(e));
    return 1;
  } finally {
    await pool.close();
  }
}

async function connectors(io: Io): Promise<number> {
  let pool: SidecarPool;
  try {
    pool = await startPool();
  } catch (e) {
    io.stderr.write(describeError(e));
    return 1;
  }
  try {
    const list = await pool.listConnectors();
    io.stdout.write(`${formatConnectorsTable(list, colors(wantsColor(io.stdout)))}\n`);
    return 0;
  } catch (e) {
    io.stderr.write(describeError(e));
    return 1;
  } finally {
    await pool.close();
  }
}

async function repl(): Promise<number> {
  try {
    const r = await startRepl({ input: process.stdin, output: process.stdout });
    await r.closed;
    return 0;
  } catch (e) {
    process.stderr.write(describeError(e));
    return 1;
  }
}

async function demo(io: Io): Promise<number> {
  try {
    // Loaded on demand: the demo brings the emulator, which no other command needs.
    const { runDemo } = await import("../demo/index.js");
    return (await runDemo()).ok ? 0 : 1;
  } catch (e) {
    io.stderr.write(describeError(e));
    return 1;
  }
}

function isMain(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isMain()) {
  process.exitCode = await main(process.argv.slice(2));
}

/**
 * The interactive REPL: `npx connector-sidecar repl`.
 *
 * Type `method {json}` (`ping`, `listConnectors`, `transformRequest {"connector":"stripe",...}`);
 * ids and framing are the pool's business. JSON may span several lines (input continues while
 * braces are unbalanced), a whole JSON-RPC request object may be pasted as is, Tab completes
 * method names and, inside the JSON, connector and flow names. Everything printed and everything
 * written to the history file goes through `redact()`: no card number or credential is ever shown
 * or stored unmasked.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { FlowName, METHOD_NAMES, METHODS, PROTOCOL_VERSION, type ConnectorInfo, type MethodName } from "../protocol/index.js";
import { SidecarError } from "./errors.js";
import { SidecarPool } from "./pool.js";
import { maskPansInText, redact } from "./redact.js";
import { colors, wantsColor, type Colors } from "./colors.js";

export { colors, wantsColor, type Colors };

export interface ReplOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** A pool to use; without one the REPL starts a pool of 1 and closes it on exit. */
  pool?: SidecarPool;
  /**
   * History file. Default: $CONNECTOR_SIDECAR_HISTORY, else ~/.connector-sidecar_history.
   * An empty string (or null) disables the history file.
   */
  historyFile?: string | null;
  /** Entries kept in the history file. Default 1000. */
  historySize?: number;
  /** Coloured output. Default: output is a TTY and NO_COLOR is not set. */
  color?: boolean;
  /** Treat the streams as a terminal (line editing, Tab, prompt). Default: output is a TTY. */
  terminal?: boolean;
}

export interface Repl {
  /** Resolves once the input has ended (or `.exit`), every entry is answered and an owned pool is closed. */
  readonly closed: Promise<void>;
  /** The Tab completer: `[candidates, the text they replace]`, like node:readline's. */
  complete(line: string): [string[], string];
  /** Ends the REPL as `.exit` does. */
  close(): Promise<void>;
}

export const DOT_COMMANDS = [".help", ".exit", ".connectors", ".json", ".clear"] as const;

/** Words that mean a REPL command, not a sidecar method: typed bare, they run here. */
const LOCAL_WORDS: Record<string, string> = { help: ".help", "?": ".help", exit: ".exit", quit: ".exit" };

// ---------- colours ----------

/** Pretty JSON (2-space indent), coloured when `c` is. The caller redacts first. */
export function formatJson(value: unknown, c: Colors, indent = ""): string {
  if (value === null) return c.dim("null");
  if (typeof value === "string") return c.green(JSON.stringify(value));
  if (typeof value === "number" || typeof value === "boolean") return c.yellow(String(value));
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => inner + formatJson(v ?? null, c, inner)).join(",\n")}\n${indent}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as object).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, v]) => `${inner}${c.cyan(JSON.stringify(k))}: ${formatJson(v, c, inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value) ?? "null";
}

// ---------- errors ----------

/**
 * `error <code> <kind>: <message>` then, for a SidecarError, one indented line per `data` entry
 * (path and field first), all masked.
 */
export function formatError(err: unknown, c: Colors): string {
  if (err instanceof SidecarError) {
    const lines = [c.red(`error ${err.code} ${err.kind}: ${maskPansInText(err.message)}`)];
    const data = redact(err.data) as Record<string, unknown>;
    const shown = new Set(["kind"]);
    if (data.path !== undefined) {
      lines.push(`  ${c.dim("path:")} ${String(data.path) || "(root)"}`);
      shown.add("path");
      if (data.field === data.path) shown.add("field");
    }
    for (const [k, v] of Object.entries(data)) {
      if (shown.has(k) || v === undefined) continue;
      lines.push(`  ${c.dim(`${k}:`)} ${typeof v === "string" ? v : JSON.stringify(v)}`);
    }
    return lines.join("\n");
  }
  const e = err as Error;
  return c.red(`error: ${maskPansInText(e?.message ?? String(err))}`);
}

// ---------- the connectors table (shared with the CLI) ----------

/** The width the connectors table keeps to (a terminal's 100 columns, the README's code blocks). */
export const TABLE_WIDTH = 100;

/** Items joined by ", " in lines of at most `width` (an item longer than that gets a line of its own). */
function wrapItems(items: string[], width: number): string[] {
  if (!items.length) return ["-"];
  const lines: string[] = [];
  let current = "";
  for (const [i, item] of items.entries()) {
    const piece = i < items.length - 1 ? `${item},` : item;
    if (current && current.length + 1 + piece.length > width) {
      lines.push(current);
      current = piece;
    } else current = current ? `${current} ${piece}` : piece;
  }
  lines.push(current);
  return lines;
}

/**
 * One row per connector, its lists wrapped inside their columns so that the whole table fits
 * TABLE_WIDTH columns however many flows and methods a connector has; the display name goes under
 * the name.
 */
export function formatConnectorsTable(connectors: ConnectorInfo[], c: Colors = colors(false)): string {
  const header = ["CONNECTOR", "FLOWS", "PAYMENT METHODS", "AUTH FIELDS"];
  const cells = connectors.map((k) => ({
    name: [k.name, k.displayName],
    // A flow the sidecar answers itself (no HTTP call) is marked *.
    flows: k.flows.map((f) => (k.localFlows?.includes(f) ? `${f}*` : f)),
    methods: k.paymentMethods.map((m) => m.type),
    auth: k.authFields.map((f) => (f.required ? f.name : `${f.name}?`)),
  }));
  const longest = (xs: string[]) => Math.max(0, ...xs.map((x) => x.length + 1));
  const gap = 2;
  const nameW = Math.max(header[0]!.length, longest(cells.flatMap((r) => r.name)));
  const authW = Math.max(header[3]!.length, longest(cells.flatMap((r) => r.auth)), Math.min(24, ...cells.map((r) => r.auth.join(", ").length)));
  const rest = TABLE_WIDTH - nameW - authW - 3 * gap;
  // Payment methods are few and short: their column takes what its longest list needs (up to a
  // third), the flows the rest.
  const methodsW = Math.max(
    header[2]!.length,
    longest(cells.flatMap((r) => r.methods)),
    Math.min(Math.floor(rest / 3), Math.max(...cells.map((r) => r.methods.join(", ").length))),
  );
  const flowsW = Math.max(longest(cells.flatMap((r) => r.flows)), rest - methodsW);
  const widths = [nameW, flowsW, methodsW, authW];
  const line = (row: string[], style: (s: string, i: number) => string = (s) => s) =>
    row
      .map((cell, i) => style(i === row.length - 1 ? cell : cell.padEnd(widths[i]!), i))
      .join(" ".repeat(gap))
      .trimEnd();
  const out = [line(header, (s) => c.bold(s))];
  for (const r of cells) {
    const columns = [r.name, wrapItems(r.flows, flowsW), wrapItems(r.methods, methodsW), wrapItems(r.auth, authW)];
    const height = Math.max(...columns.map((col) => col.length));
    for (let i = 0; i < height; i++) {
      out.push(line(columns.map((col) => col[i] ?? ""), (s, col) => (col === 0 && i === 1 ? c.dim(s) : s)));
    }
  }
  if (connectors.some((k) => k.authFields.some((f) => !f.required))) out.push(c.dim("(auth fields marked ? are optional)"));
  if (connectors.some((k) => k.localFlows?.length)) {
    out.push(c.dim("(flows marked * make no HTTP call: transformResponse without \"response\" answers them)"));
  }
  return out.join("\n");
}

/**
 * listConnectors in a few lines: each connector's name and flows. The full answer (methods, auth
 * fields, webhooks, every unsupported flow's reason) is one `.json` away.
 */
export function formatConnectorsCompact(connectors: ConnectorInfo[], c: Colors = colors(false)): string {
  const nameW = Math.max(...connectors.map((k) => k.name.length));
  const lines = connectors.flatMap((k) =>
    wrapItems([...k.flows], TABLE_WIDTH - nameW - 2).map((flows, i) => `${i === 0 ? c.bold(k.name.padEnd(nameW)) : " ".repeat(nameW)}  ${flows}`),
  );
  return [...lines, c.dim(`${connectors.length} connectors; .json shows the full answer, .connectors the table`)].join("\n");
}

// ---------- parsing what the user typed ----------

export type Entry =
  | { kind: "empty" }
  | { kind: "dot"; command: string }
  | { kind: "call"; method: string; params: unknown; rpc: boolean }
  | { kind: "invalid"; message: string };

/** True while `text` has more `{`/`[` open than closed (outside strings): keep reading lines. */
export function isIncomplete(text: string): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const ch of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") depth--;
  }
  return depth > 0;
}

/**
 * V8's JSON.parse messages quote a piece of the input, which may hold a card number or key:
 * keep only the description and the position.
 */
function safeJsonError(err: unknown, text: string): string {
  const msg = ((err as Error).message ?? String(err))
    .replace(/,\s*".*" is not valid JSON$/s, "")
    .replace(/\s*\(line \d+ column \d+\)$/, "")
    .replace(" in JSON at position", " at position");
  const position = msg.match(/at position (\d+)$/)?.[1];
  let where = "";
  if (position !== undefined && text.includes("\n")) {
    const upTo = text.slice(0, Number(position));
    const line = upTo.split("\n").length;
    where = ` (line ${line}, column ${Number(position) - upTo.lastIndexOf("\n")})`;
  }
  return maskPansInText(msg + where);
}

export function parseEntry(text: string): Entry {
  const t = text.trim();
  if (t === "") return { kind: "empty" };
  if (t.startsWith(".")) return { kind: "dot", command: t.split(/\s+/)[0]! };
  if (t in LOCAL_WORDS) return { kind: "dot", command: LOCAL_WORDS[t]! };
  if (t.startsWith("{")) {
    // A whole JSON-RPC request, pasted as is: its id is ignored, the pool assigns one.
    let obj: unknown;
    try {
      obj = JSON.parse(t);
    } catch (e) {
      return { kind: "invalid", message: `not valid JSON: ${safeJsonError(e, t)}` };
    }
    const method = (obj as { method?: unknown }).method;
    if (typeof method !== "string") return { kind: "invalid", message: "a JSON-RPC request needs a string `method`" };
    return { kind: "call", method, params: (obj as { params?: unknown }).params, rpc: true };
  }
  const m = t.match(/^([A-Za-z_$][\w$./-]*)\s*([\s\S]*)$/);
  if (!m) return { kind: "invalid", message: "expected `method {json params}`, e.g. `ping` (type .help)" };
  const [, method, rest] = m;
  if (!rest) return { kind: "call", method: method!, params: undefined, rpc: false };
  try {
    return { kind: "call", method: method!, params: JSON.parse(rest), rpc: false };
  } catch (e) {
    return { kind: "invalid", message: `params are not valid JSON: ${safeJsonError(e, rest)}` };
  }
}

/** What an entry looks like in the history file: params masked, or nothing if it cannot be masked. */
export function historyLine(entry: Entry): string | undefined {
  switch (entry.kind) {
    case "dot":
      return entry.command;
    case "call":
      if (entry.rpc) return JSON.stringify(redact({ jsonrpc: "2.0", method: entry.method, params: entry.params }));
      return entry.params === undefined ? entry.method : `${entry.method} ${JSON.stringify(redact(entry.params))}`;
    default:
      // Unparsable text cannot be masked field by field: it is not stored at all.
      return undefined;
  }
}

// ---------- completion ----------

export function makeCompleter(
  connectors: () => ConnectorInfo[],
  pending: () => string = () => "",
): (line: string) => [string[], string] {
  return (line: string) => {
    const before = pending();
    const entryText = before ? `${before}\n${line}` : line;
    if (!before && !/\s/.test(line.trimStart())) {
      const word = line.trimStart();
      const pool: readonly string[] = word.startsWith(".") ? DOT_COMMANDS : METHOD_NAMES;
      const hits = pool.filter((m) => m.startsWith(word));
      return [hits.length ? hits : [...pool], word];
    }
    const connector = line.match(/"connector"\s*:\s*"([^"\\]*)$/);
    if (connector) {
      const word = connector[1]!;
      const names = connectors().map((k) => k.name);
      return [names.filter((n) => n.startsWith(word)), word];
    }
    const flow = line.match(/"flow"\s*:\s*"([^"\\]*)$/);
    if (flow) {
      const word = flow[1]!;
      const chosen = entryText.match(/"connector"\s*:\s*"([^"\\]+)"/)?.[1];
      const known = connectors().find((k) => k.name === chosen);
      const flows = known
        ? known.flows
        : [...new Set([...FlowName.options, ...connectors().flatMap((k) => k.flows)])];
      return [flows.filter((f) => f.startsWith(word)), word];
    }
    return [[], line];
  };
}

// ---------- help ----------

function helpText(c: Colors): string {
  const ex = (s: string) => `  ${c.cyan(s)}`;
  return [
    c.bold("Type a method and its params as JSON; ids and framing are automatic."),
    "",
    c.bold("Methods"),
    ex(`initialize {"protocolVersion":"${PROTOCOL_VERSION}"}`),
    ex("ping"),
    ex("listConnectors"),
    ex('transformRequest {"connector":"stripe","flow":"authorize","auth":{...},"request":{...},"options"?:{...}}'),
    ex('transformResponse {"connector":...,"flow":...,"auth":...,"request":...,"response":{"status":200,"body":"..."}}'),
    ex('transformResponse {"connector":"shift4","flow":"createSession","auth":...,"request":...}   (a local flow: no "response")'),
    ex('parseWebhook {"connector":"stripe","headers":[{"name":"Stripe-Signature","value":"t=...,v1=..."}],"body":"<raw body>","secret":"whsec_..."}'),
    ex("shutdown            (stops the current sidecar; the pool starts a new one)"),
    "",
    c.bold("Example"),
    ex('transformRequest {"connector":"stripe","flow":"authorize","auth":{"apiKey":"sk_test_..."},'),
    ex('  "request":{"merchantTransactionId":"order-1","amount":{"minorAmount":1000,"currency":"USD"},'),
    ex('  "paymentMethod":{"type":"card","card":{"number":"4242424242424242","expMonth":"12","expYear":"2030"}}}}'),
    "",
    c.bold("Input"),
    "  JSON may span lines: input continues while { or [ are open. A whole JSON-RPC request",
    '  ({"jsonrpc":"2.0","method":...,"params":...}) may be pasted as is.',
    "  Tab completes method names, and connector and flow names after \"connector\":\" / \"flow\":\".",
    "  Card numbers and credentials are masked in all output; the history file stores masked params.",
    "",
    c.bold("Commands"),
    "  .help        this text (help and ? too)",
    "  .connectors  the connectors, their flows, payment methods and auth fields",
    "  .json        the last answer in full (listConnectors shows names and flows only)",
    "  .clear       discard a half-typed multi-line entry (Ctrl+C does too)",
    "  .exit        leave (exit, quit and Ctrl+D too)",
  ].join("\n");
}

// ---------- history file ----------

export function defaultHistoryFile(): string | null {
  const env = process.env.CONNECTOR_SIDECAR_HISTORY;
  if (env !== undefined) return env === "" ? null : env;
  return join(homedir(), ".connector-sidecar_history");
}

function loadHistory(file: string, size: number): string[] {
  if (!existsSync(file)) return [];
  try {
    const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");
    if (lines.length > size * 2) writeFileSync(file, lines.slice(-size).join("\n") + "\n", { mode: 0o600 });
    return lines.slice(-size);
  } catch {
    return [];
  }
}

// ---------- the REPL ----------

export async function startRepl(opts: ReplOptions = {}): Promise<Repl> {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const terminal = opts.terminal ?? Boolean((output as { isTTY?: boolean }).isTTY);
  const c = colors(opts.color ?? wantsColor(output));
  const write = (s: string) => {
    output.write(s.endsWith("\n") ? s : `${s}\n`);
  };

  const ownPool = !opts.pool;
  const pool =
    opts.pool ??
    (await SidecarPool.start({
      size: 1,
      clientName: "connector-sidecar-repl",
      onLog: (line) => process.stderr.write(`${c.dim(`[sidecar] ${maskPansInText(line)}`)}\n`),
    }));

  let connectors: ConnectorInfo[] = [];
  try {
    connectors = await pool.listConnectors();
  } catch {
    // Completion of connector names is then unavailable; calls still report their own errors.
  }

  const historyFile = opts.historyFile === undefined ? defaultHistoryFile() : opts.historyFile || null;
  const historySize = opts.historySize ?? 1000;
  const saved = historyFile ? loadHistory(historyFile, historySize) : [];
  let lastSaved = saved[saved.length - 1];
  const save = (entry: Entry) => {
    if (!historyFile) return;
    const line = historyLine(entry);
    if (line === undefined || line === lastSaved) return;
    try {
      appendFileSync(historyFile, `${line}\n`, { mode: 0o600 });
      lastSaved = line;
    } catch {
      // A read-only home must not break the REPL.
    }
  };

  let buffer = "";
  let lastAnswer: unknown;
  const completer = makeCompleter(
    () => connectors,
    () => buffer,
  );

  const rl: Interface = createInterface({
    input,
    output: terminal ? output : undefined,
    terminal,
    completer,
    history: [...saved].reverse(),
    historySize,
    // Duplicates are dropped by rememberInSession, which also masks what readline remembers.
    removeHistoryDuplicates: false,
    prompt: c.bold("> "),
  });
  let rlClosed = false;
  rl.on("close", () => {
    rlClosed = true;
  });
  const prompt = () => {
    // prompt() would resume a closed input (and keep the process alive).
    if (!terminal || rlClosed) return;
    rl.setPrompt(buffer ? c.dim("... ") : c.bold("> "));
    rl.prompt();
  };

  if (terminal) {
    let version = "";
    try {
      const info = await pool.call("initialize", { protocolVersion: PROTOCOL_VERSION, clientName: "connector-sidecar-repl" });
      version = ` (sidecar ${info.sidecarVersion}, protocol ${info.protocolVersion})`;
    } catch {
      // The banner is cosmetic.
    }
    write(
      `${c.bold("connector-sidecar REPL")}${version}\n` +
        c.dim(`Type ${c.cyan("ping")}, ${c.cyan("listConnectors")} or ${c.cyan("transformRequest {...}")}; .help for more, Tab completes, Ctrl+D exits.`),
    );
  }

  const run = async (entry: Entry): Promise<void> => {
    switch (entry.kind) {
      case "empty":
        return;
      case "invalid":
        write(c.red(`error: ${entry.message}`));
        return;
      case "dot":
        switch (entry.command) {
          case ".help":
            write(helpText(c));
            return;
          case ".exit":
          case ".quit":
            rl.close();
            return;
          case ".clear":
            return;
          case ".json":
            write(lastAnswer === undefined ? c.dim("no answer yet") : formatJson(redact(lastAnswer), c));
            return;
          case ".connectors":
            try {
              connectors = await pool.listConnectors();
              write(formatConnectorsTable(connectors, c));
            } catch (e) {
              write(formatError(e, c));
            }
            return;
          default:
            write(c.red(`error: unknown command ${entry.command}; commands: ${DOT_COMMANDS.join(" ")}`));
            return;
        }
      case "call": {
        if (!(entry.method in METHODS)) {
          const near = METHOD_NAMES.filter((m) => m.toLowerCase().startsWith(entry.method.toLowerCase().slice(0, 4)));
          write(
            formatError(
              new SidecarError(
                `unknown method \`${entry.method}\`${near.length ? `; did you mean ${near.join(", ")}?` : ""} (methods: ${METHOD_NAMES.join(", ")})`,
                -32601,
                { kind: "MethodNotFound" },
              ),
              c,
            ),
          );
          return;
        }
        const method = entry.method as MethodName;
        const t0 = process.hrtime.bigint();
        try {
          const result = await pool.call(method, entry.params);
          const us = Number((process.hrtime.bigint() - t0) / 1000n);
          lastAnswer = result;
          if (method === "listConnectors") {
            connectors = result as ConnectorInfo[];
            write(formatConnectorsCompact(connectors, c));
          } else write(formatJson(redact(result), c));
          write(c.dim(`${method} ok in ${us} µs`));
        } catch (e) {
          const us = Number((process.hrtime.bigint() - t0) / 1000n);
          write(formatError(e, c));
          write(c.dim(`${method} failed in ${us} µs`));
        }
        return;
      }
    }
  };

  // Entries run one at a time, in order, even when a paste or a pipe delivers many lines at once.
  let chain: Promise<void> = Promise.resolve();
  // readline's in-session history (the up arrow) holds what the history file holds: each entry
  // once, whole (a multi-line entry as one line), its params masked.
  const sessionHistory = (rl as unknown as { history?: string[] }).history;
  const forgetRawLine = (line: string) => {
    if (sessionHistory && sessionHistory[0] === line) sessionHistory.shift();
  };
  const rememberInSession = (entry: Entry) => {
    const masked = historyLine(entry);
    if (!sessionHistory || masked === undefined) return;
    const at = sessionHistory.indexOf(masked);
    if (at >= 0) sessionHistory.splice(at, 1);
    sessionHistory.unshift(masked);
    if (sessionHistory.length > historySize) sessionHistory.length = historySize;
  };
  const submit = (text: string) => {
    const entry = parseEntry(text);
    save(entry);
    rememberInSession(entry);
    chain = chain.then(() => run(entry)).catch((e) => write(formatError(e, c)));
    return chain;
  };

  rl.on("line", (line) => {
    forgetRawLine(line);
    const trimmed = line.trim();
    if (trimmed === ".clear") {
      buffer = "";
      prompt();
      return;
    }
    // A dot command in the middle of a multi-line entry drops the half-typed entry.
    if (buffer && trimmed.startsWith(".")) buffer = "";
    buffer = buffer ? `${buffer}\n${line}` : line;
    if (isIncomplete(buffer) && !buffer.trimStart().startsWith(".")) {
      prompt();
      return;
    }
    const text = buffer;
    buffer = "";
    void submit(text).then(prompt);
  });

  let interrupted = false;
  rl.on("SIGINT", () => {
    if (buffer || rl.line) {
      buffer = "";
      interrupted = false;
      write(c.dim("^C (input discarded)"));
      // Clear the half-typed line readline holds.
      rl.write(null, { ctrl: true, name: "u" });
      prompt();
    } else if (interrupted) {
      rl.close();
    } else {
      interrupted = true;
      write(c.dim("(To exit, press Ctrl+C again, Ctrl+D, or type .exit)"));
      prompt();
    }
  });
  rl.on("line", () => {
    interrupted = false;
  });

  const closed = new Promise<void>((resolve) => {
    rl.on("close", () => {
      // A half-typed entry at end of input is still answered (with its parse error if any).
      if (buffer.trim()) {
        const text = buffer;
        buffer = "";
        void submit(text);
      }
      void chain
        .then(async () => {
          if (terminal) write("");
          if (ownPool) await pool.close();
        })
        .finally(resolve);
    });
  });

  prompt();
  return {
    closed,
    complete: completer,
    close: async () => {
      rl.close();
      await closed;
    },
  };
}

/**
 * The CLI (as a child process, through tsx so it needs no build of dist/) and the REPL (driven
 * in-process through streams). Needs the sidecar binary (`cargo build --release`).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { SidecarPool } from "../client/pool.js";
import { formatConnectorsTable, startRepl, TABLE_WIDTH, type Repl } from "../client/repl.js";
import { REPO_ROOT } from "./support/helpers.js";

const PAN = "4242424242424242";
const SECRET = "sk_test_cli_secret";

const authorizeParams = (overrides: { minorAmount?: number } = {}) => ({
  connector: "stripe",
  flow: "authorize",
  auth: { apiKey: SECRET },
  request: {
    merchantTransactionId: "order-cli-1",
    amount: { minorAmount: overrides.minorAmount ?? 1000, currency: "USD" },
    paymentMethod: { type: "card", card: { number: PAN, expMonth: "12", expYear: "2030", cvc: "123" } },
  },
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], stdin?: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(REPO_ROOT, "client/cli.ts"), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

function assertNoSecrets(text: string): void {
  assert.ok(!text.includes(PAN), `a card number leaked:\n${text}`);
  assert.ok(!text.includes(SECRET), `an api key leaked:\n${text}`);
}

describe("cli", () => {
  it("--version prints the package version", async () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    const r = await cli(["--version"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^connector-sidecar ${pkg.version.replace(/\./g, "\\.")} `));
  });

  it("--help shows usage with examples and the raw binary's NDJSON; an unknown command exits 2", async () => {
    const help = await cli(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /connector-sidecar call <method>/);
    assert.match(help.stdout, /NDJSON/);
    const bad = await cli(["frobnicate"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown command `frobnicate`/);
    // One line pointing to --help, not the whole usage.
    assert.equal(bad.stderr, "connector-sidecar: unknown command `frobnicate` (see connector-sidecar --help)\n");
    for (const args of [[], ["repl", "extra"], ["connectors", "x"]]) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(" "));
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, /\(see connector-sidecar --help\)$/m);
    }
  });

  it("call ping", async () => {
    const r = await cli(["call", "ping"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {});
  });

  it("call listConnectors", async () => {
    const r = await cli(["call", "listConnectors"]);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as { name: string; flows: string[] }[];
    const stripe = list.find((k) => k.name === "stripe");
    assert.ok(stripe, r.stdout);
    assert.ok(stripe.flows.includes("authorize"));
  });

  it("call transformRequest masks the card and the key", async () => {
    const r = await cli(["call", "transformRequest", JSON.stringify(authorizeParams())]);
    assert.equal(r.code, 0, r.stderr);
    const req = JSON.parse(r.stdout) as { url: string; headers: { name: string; value: string }[]; body: { data: string } };
    assert.match(req.url, /^https:\/\/api\.stripe\.com\//);
    assert.equal(req.headers.find((h) => h.name === "Authorization")?.value, "***");
    assert.match(req.body.data, /424242\*{6}4242/);
    assertNoSecrets(r.stdout + r.stderr);
  });

  it("call reads params from stdin with -", async () => {
    const r = await cli(["call", "transformRequest", "-"], JSON.stringify(authorizeParams()));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /424242\*{6}4242/);
    assertNoSecrets(r.stdout + r.stderr);
  });

  it("call with invalid params exits 1 and names the path, without leaking", async () => {
    const r = await cli(["call", "transformRequest", JSON.stringify(authorizeParams({ minorAmount: 10.5 }))]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^error -32602 InvalidParams: .*request\.amount\.minorAmount/m);
    assert.match(r.stderr, /"path":"request\.amount\.minorAmount"/);
    assertNoSecrets(r.stderr);
  });

  it("call with unparsable params never quotes them", async () => {
    const r = await cli(["call", "transformRequest", `{"auth":{"apiKey":"${SECRET}"},"n":${PAN}x}`]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error -32700 ParseError: params are not valid JSON/m);
    assertNoSecrets(r.stderr);
  });

  it("a missing sidecar binary is one clear line and exit 1", async () => {
    const r = await cli(["call", "ping"], undefined, { CONNECTOR_SIDECAR_BIN: join(REPO_ROOT, "no-such-dir", "connector-sidecar") });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: the sidecar binary was not found at .*no-such-dir/);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  });

  it("repl reads piped input, answers, and exits 0 leaving no process behind", async () => {
    const r = await cli(["repl"], `ping\ntransformRequest ${JSON.stringify(authorizeParams())}\n.exit\n`, {
      CONNECTOR_SIDECAR_HISTORY: "",
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ping ok in \d+ µs/);
    assert.match(r.stdout, /transformRequest ok in \d+ µs/);
    assertNoSecrets(r.stdout + r.stderr);
  });

  it("connectors prints a table", async () => {
    const r = await cli(["connectors"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^CONNECTOR\s+FLOWS\s+PAYMENT METHODS\s+AUTH FIELDS/);
    assert.match(r.stdout, /^stripe\s+authorize.*card.*apiKey\nStripe\s/m);
  });
});

describe("repl", () => {
  let pool: SidecarPool;
  let dir: string;

  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
    dir = mkdtempSync(join(tmpdir(), "cs-repl-"));
  });
  after(async () => {
    await pool?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(historyFile: string | null = null, terminal = false): Promise<{ repl: Repl; input: PassThrough; waitFor: (re: RegExp) => Promise<string>; text: () => string }> {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    const waiters: (() => void)[] = [];
    output.on("data", (d: Buffer) => {
      text += d.toString();
      for (const w of waiters.splice(0)) w();
    });
    const repl = await startRepl({ input, output, pool, historyFile, terminal, color: false });
    const waitFor = (re: RegExp) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; output so far:\n${text}`)), 10_000);
        const check = () => {
          const m = text.match(re);
          if (m) {
            clearTimeout(timer);
            resolve(m[0]);
          } else waiters.push(check);
        };
        check();
      });
    return { repl, input, waitFor, text: () => text };
  }

  it("answers ping with the round-trip time in µs, without colour when not a TTY", async () => {
    const r = await open();
    r.input.write("ping\n");
    await r.waitFor(/ping ok in \d+ µs/);
    assert.match(r.text(), /^\{\}\n/);
    assert.ok(!r.text().includes("\x1b["), "no ANSI codes on a non-TTY stream");
    r.input.end();
    await r.repl.closed;
  });

  it("reads multi-line JSON until the braces balance, and masks the result", async () => {
    const r = await open();
    const lines = JSON.stringify(authorizeParams(), null, 2).split("\n");
    r.input.write(`transformRequest ${lines[0]}\n`);
    for (const line of lines.slice(1)) r.input.write(`${line}\n`);
    await r.waitFor(/transformRequest ok in \d+ µs/);
    assert.match(r.text(), /"url": "https:\/\/api\.stripe\.com\/v1\/payment_intents"/);
    assert.match(r.text(), /424242\*{6}4242/);
    assertNoSecrets(r.text());
    r.input.end();
    await r.repl.closed;
  });

  it("shows errors as `error <code> <kind>: <message>` with the path", async () => {
    const r = await open();
    r.input.write(`transformRequest ${JSON.stringify(authorizeParams({ minorAmount: 1.5 }))}\n`);
    r.input.write("nosuchmethod\n");
    await r.waitFor(/error -32601 MethodNotFound/);
    assert.match(r.text(), /error -32602 InvalidParams: .*\n {2}path: request\.amount\.minorAmount/);
    assertNoSecrets(r.text());
    r.input.end();
    await r.repl.closed;
  });

  it("completes method names, then connector and flow names inside the JSON", async () => {
    const r = await open();
    const [methods, word] = r.repl.complete("trans");
    assert.equal(word, "trans");
    assert.ok(methods.includes("transformRequest"), String(methods));
    assert.ok(methods.every((m) => m.startsWith("trans")));
    assert.deepEqual(r.repl.complete("transformReq")[0], ["transformRequest"]);
    assert.deepEqual(r.repl.complete(".he")[0], [".help"]);
    assert.deepEqual(r.repl.complete('transformRequest {"connector":"str'), [["stripe"], "str"]);
    assert.deepEqual(r.repl.complete('transformRequest {"connector": "stripe", "flow": "au'), [["authorize"], "au"]);
    // Inside a multi-line entry the connector named on an earlier line picks the flows.
    r.input.write('transformRequest {"connector":"stripe",\n');
    await new Promise((res) => setImmediate(res));
    assert.deepEqual(r.repl.complete('"flow":"ps'), [["psync"], "ps"]);
    r.input.end();
    await r.repl.closed;
  });

  it("keeps no card number or secret in the history file", async () => {
    const file = join(dir, "history");
    const r = await open(file);
    r.input.write("ping\n");
    r.input.write(`transformRequest ${JSON.stringify(authorizeParams())}\n`);
    // A multi-line entry, and one that cannot be parsed (so cannot be masked field by field).
    r.input.write(`transformRequest {"connector":"stripe",\n"auth":{"apiKey":"${SECRET}"},\n"n":"${PAN}"}\n`);
    r.input.write(`transformRequest {"auth":{"apiKey":"${SECRET}"} oops\n`);
    r.input.end();
    await r.repl.closed;
    const history = readFileSync(file, "utf8");
    assertNoSecrets(history);
    const lines = history.trim().split("\n");
    assert.equal(lines[0], "ping");
    assert.match(lines[1]!, /^transformRequest \{"connector":"stripe".*"apiKey":"\*\*\*".*"number":"424242\*{6}4242"/);
    assert.match(lines[2]!, /^transformRequest \{"connector":"stripe","auth":\{"apiKey":"\*\*\*"\},"n":"424242\*{6}4242"\}$/);
    assert.equal(lines.length, 3, history);
    assertNoSecrets(r.text());
  });

  it("help, ? , exit and quit are the REPL's own, not methods sent to the sidecar", async () => {
    const r = await open();
    r.input.write("help\n");
    await r.waitFor(/\.connectors/);
    r.input.write("?\n");
    r.input.write("ping\n");
    await r.waitFor(/ping ok in/);
    assert.doesNotMatch(r.text(), /MethodNotFound/);
    assert.equal(r.text().match(/^Commands$/gm)?.length, 2, r.text());
    r.input.write("quit\n"); // closes without the input ending
    await r.repl.closed;
    const e = await open();
    e.input.write("exit\n");
    await e.repl.closed;
  });

  it("listConnectors shows names and flows in a few lines; .json shows the whole answer", async () => {
    const all = await pool.listConnectors();
    const r = await open();
    r.input.write("listConnectors\n");
    const shown = await r.waitFor(/[\s\S]*listConnectors ok in \d+ µs/);
    const lines = shown.split("\n");
    assert.ok(lines.length <= all.length * 3 + 2, `${lines.length} lines for ${all.length} connectors:\n${shown}`);
    assert.ok(lines.every((l) => l.length <= TABLE_WIDTH), shown);
    for (const k of all) {
      assert.match(shown, new RegExp(`^${k.name} `, "m"));
      for (const f of k.flows) assert.ok(shown.includes(f), `${k.name}: ${f} missing`);
    }
    assert.ok(!shown.includes("authFields"), "the compact view is not the JSON");
    r.input.write(".json\n");
    await r.waitFor(/"authFields"/);
    assert.ok(r.text().includes(`"displayName": "${all[0]!.displayName}"`));
    r.input.end();
    await r.repl.closed;
  });

  it("the connectors table fits 100 columns and shows every flow, method and auth field", async () => {
    const all = await pool.listConnectors();
    const table = formatConnectorsTable(all);
    for (const line of table.split("\n")) assert.ok(line.length <= 100, `${line.length} columns: ${line}`);
    const words = new Set(table.split(/[\s,]+/));
    for (const k of all) {
      for (const item of [k.name, ...k.flows, ...k.paymentMethods.map((m) => m.type), ...k.authFields.map((f) => (f.required ? f.name : `${f.name}?`))]) {
        assert.ok(words.has(item), `${k.name}: ${item} is not in the table`);
      }
    }
  });

  it("the up arrow brings back masked entries, a multi-line one whole", async () => {
    const r = await open(null, true);
    r.input.write(`transformRequest ${JSON.stringify(authorizeParams())}\n`);
    await r.waitFor(/transformRequest ok in/);
    r.input.write(`ping {\n}\n`);
    await r.waitFor(/ping ok in/);
    const before = r.text().length;
    r.input.write("\x1b[A"); // up: the multi-line ping, as one line
    await r.waitFor(/ping \{\}(?![\s\S]*ping ok in[\s\S]*ping ok in)/);
    r.input.write("\x1b[A"); // up again: the authorize, masked
    await r.waitFor(/transformRequest \{"connector":"stripe".*"apiKey":"\*\*\*"/);
    const recalled = r.text().slice(before);
    assertNoSecrets(recalled);
    assert.doesNotMatch(recalled, /^\}$/m, "a line of the multi-line entry came back alone");
    r.input.write("\x15.exit\n"); // Ctrl+U clears the recalled line
    await r.repl.closed;
  });
});

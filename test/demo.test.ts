/**
 * The main job: `npm run demo` runs the whole lifecycle per connector against the emulator and
 * exits 0 only when every step ended as expected. Runs the demo as a child process (through tsx,
 * like the CLI tests) and checks its exit code, the lifecycle it printed (driven by what
 * listConnectors says each connector supports) and that nothing secret was printed.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ConnectorInfo } from "../protocol/index.js";
import { SidecarPool } from "../client/pool.js";
import { AUTHORIZEDOTNET_CREDENTIALS } from "./emulator/authorizedotnet.js";
import { BRAINTREE_PRIVATE_KEY } from "./emulator/braintree.js";
import { CYBERSOURCE_MERCHANT } from "./emulator/cybersource.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // No sandbox keys: every connector goes to the emulator.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const k of Object.keys(env)) if (/^(STRIPE|ADYEN|PHONEPE|SQUARE|CHECKOUT|PAYPAL|CYBERSOURCE|BRAINTREE|AUTHORIZENET)_/.test(k)) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "client/demo.ts")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("demo (npm run demo)", function () {
  this.timeout(120_000);
  let run: { code: number | null; stdout: string; stderr: string };
  let connectors: ConnectorInfo[];

  before(async () => {
    const pool = await SidecarPool.start({ size: 1 });
    try {
      connectors = await pool.listConnectors();
    } finally {
      await pool.close();
    }
    run = await runDemo();
  });

  /** The printed lines of one connector's lifecycle section. */
  function section(displayName: string): string[] {
    const lines = run.stdout.split("\n");
    const start = lines.findIndex((l) => l.startsWith(`${displayName} · the whole lifecycle`));
    assert.ok(start >= 0, `a lifecycle section for ${displayName}:\n${run.stdout}`);
    const end = lines.findIndex((l, i) => i > start && l.trim() === "");
    return lines.slice(start, end < 0 ? undefined : end).filter((l) => /^\s+[✓✗–] /.test(l));
  }
  const find = (lines: string[], label: RegExp) => lines.filter((l) => label.test(l));

  it("exits 0 and says every step ended as expected", () => {
    assert.equal(run.code, 0, `demo exited ${run.code}\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^all steps ended as expected/m);
    assert.doesNotMatch(run.stdout, /^\s+✗ /m);
  });

  it("runs the lifecycle of all nine connectors, none skipped whole", () => {
    const names = connectors.map((c) => c.name).sort();
    for (const n of ["adyen", "authorizedotnet", "braintree", "checkout", "cybersource", "paypal", "phonepe", "square", "stripe"]) {
      assert.ok(names.includes(n), `listConnectors lists ${n}`);
    }
    for (const c of connectors) {
      const lines = section(c.displayName);
      assert.ok(!lines.some((l) => /– lifecycle\s+skipped/.test(l)), `${c.name}: the demo has test data for it:\n${lines.join("\n")}`);
      assert.match(lines[0] ?? "", /^\s+✓ authorize /, `${c.name}: the lifecycle starts with an authorize that went through`);
    }
  });

  it("runs each connector's lifecycle as far as listConnectors says it goes, skipping the rest with the reason", () => {
    for (const c of connectors) {
      const lines = section(c.displayName);
      const has = (f: string) => c.flows.includes(f);
      const reason = (f: string) => c.unsupportedFlows.find((u) => u.flow === f)?.reason;
      const skipped = (label: string, f: string) => {
        const line = find(lines, new RegExp(`^\\s+– ${label}\\s+skipped`))[0];
        assert.ok(line, `${c.name}: ${label} is skipped:\n${lines.join("\n")}`);
        if (reason(f)) assert.ok(line.includes(reason(f)!), `${c.name}: the skip gives the reason: ${line}`);
      };

      assert.match(find(lines, /✓ authorize/)[0] ?? "", has("capture") ? /authorize \(manual capture\)/ : /authorize \(automatic capture\)/);
      if (has("capture")) assert.match(find(lines, /[✓✗] capture /)[0] ?? "", /✓ capture \S+ \S+ of \S+ \S+\s+(partial_charged|charged|capture_initiated)/);
      else skipped("capture", "capture");

      if (has("refund")) {
        // Braintree and Authorize.Net refund only settled payments: the emulator settles on request.
        if (["braintree", "authorizedotnet"].includes(c.name)) {
          assert.match(find(lines, /settlement/)[0] ?? "", /✓ settlement batch \(emulator-only hook\)\s+settled/, `${c.name}: settled before the refunds`);
        }
        const refunds = find(lines, /✓ refund #\d/);
        assert.equal(refunds.length, 2, `${c.name}: two partial refunds:\n${lines.join("\n")}`);
        for (const r of refunds) assert.match(r, /\s(success|pending)\b/);
        if (has("rsync")) assert.match(find(lines, /refund status/)[0] ?? "", /✓ refund status \(rsync\) of refund #2\s+(success|pending)/);
        else skipped("refund status \\(rsync\\)", "rsync");
      } else skipped("refund", "refund");

      if (has("void") && has("capture")) {
        assert.match(find(lines, /a second payment/)[0] ?? "", /✓ authorize a second payment \(manual\)\s+authorized/);
        assert.match(find(lines, /void it/)[0] ?? "", /✓ void it\s+(voided|void_initiated)/);
      } else assert.ok(find(lines, /– void\s+skipped/).length, `${c.name}: void skipped`);

      if (has("setupMandate") && has("repeatPayment")) {
        const saved = find(lines, /setupMandate/)[0] ?? "";
        assert.match(saved, /✓ setupMandate \(save the card\)\s+(charged|authorized) .*mandate \S+/);
        // A processor that names the saved card only by webhook: the demo waits for that webhook.
        if (saved.includes("(by webhook)")) assert.match(find(lines, /reference, by webhook/)[0] ?? "", /✓ .*\s+received/);
        assert.match(find(lines, /repeatPayment/)[0] ?? "", /✓ repeatPayment .*\(merchant-initiated\)\s+(charged|capture_initiated)/);
      } else assert.ok(find(lines, /– setupMandate → repeatPayment\s+skipped/).length, `${c.name}: mandates skipped`);

      if (c.webhooks) assert.match(find(lines, /webhooks/)[0] ?? "", /✓ webhooks received and verified\s+verified [1-9]\d* event/);
      else assert.ok(find(lines, /– webhooks\s+skipped/).length, `${c.name}: webhooks skipped`);
    }
  });

  it("prints the verified webhook events of connectors that read webhooks", function () {
    const withWebhooks = connectors.filter((c) => c.webhooks);
    if (withWebhooks.length === 0) return this.skip();
    assert.match(run.stdout, /^\s+webhook \S+ → (payment|refund|mandate|dispute|other)/m);
    assert.doesNotMatch(run.stdout, /webhook refused/);
  });

  it("keeps the single scenarios: a 3-D Secure redirect completed by sync, a decline as data", () => {
    assert.match(run.stdout, /✓ sync after the shopper's challenge\s+authorized/);
    assert.match(run.stdout, /✓ sync \(\/payments\/details\)\s+authorized/);
    assert.match(run.stdout, /✓ authorize \(a decline is data\)\s+failure .*insufficient_funds/);
  });

  it("PayPal: the client fetched the access token once for every call, and the wallet went through approval and completeAuthorize", () => {
    const tokenFetches = run.stdout.split("\n").filter((l) => /→ createAccessToken POST \S+\/v1\/oauth2\/token/.test(l));
    assert.equal(tokenFetches.length, 1, `one token fetch for the whole PayPal part:\n${tokenFetches.join("\n")}`);
    const paypal = run.stdout.slice(run.stdout.indexOf("PayPal · the whole lifecycle"));
    assert.ok(paypal.indexOf("→ createAccessToken") < paypal.indexOf("→ authorize"), "the token came before the first flow");
    assert.match(run.stdout, /✓ authorize \(redirect to PayPal\)\s+authentication_pending/);
    assert.match(run.stdout, /✓ completeAuthorize \(payer approved\)\s+authorized/);
    assert.match(run.stdout, /✓ capture all USD 25\.00\s+charged/);
  });

  it("prints no card number, credential or webhook secret", () => {
    const all = run.stdout + run.stderr;
    for (const secret of [
      "4242424242424242",
      "4111111111111111",
      "5454545454545454",
      "sk_test_emulator",
      "AQE_emulator_key",
      "099eb0cd-02cf-4e2a-8aca-3e6c6aff0399",
      "whsec_demo_emulator_secret",
      "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056",
      "EAAA_emulator_demo_token",
      "square_demo_signature_key",
      "sk_sbox_emulatordemo0000000000000000",
      "checkout_demo_signature_key",
      "EKmD_demo_emulator_secret",
      CYBERSOURCE_MERCHANT.sharedSecret,
      BRAINTREE_PRIVATE_KEY,
      AUTHORIZEDOTNET_CREDENTIALS.transactionKey,
      AUTHORIZEDOTNET_CREDENTIALS.apiLoginId,
      "7D3E0A5C9B1F4E2D8C6A",
    ]) {
      assert.ok(!all.includes(secret), `the demo printed ${secret.slice(0, 6)}…`);
    }
    // PayPal's access tokens (A21AA…) appear only masked.
    assert.doesNotMatch(all, /A21AA[\w-]{8,}/);
  });
});

/**
 * The main job: `npm run demo` runs the whole lifecycle per connector against the emulator and
 * exits 0 only when every step ended as expected. Runs `runDemo()` in process, with no sandbox
 * variable set, and checks the report it returns (every step of every section: name, expected,
 * status, ok, skipped with its reason) against what listConnectors says each connector supports,
 * and that nothing secret was printed.
 */
import assert from "node:assert/strict";
import type { ConnectorInfo } from "../protocol/index.js";
import { SidecarPool } from "../client/pool.js";
import { loadScenarios, runDemo, type ConnectorScenario, type DemoReport, type SectionReport, type StepReport } from "../demo/index.js";
import { emulatedConnectors } from "../emulator/index.js";

describe("demo (npm run demo)", function () {
  this.timeout(120_000);
  let report: DemoReport;
  let printed: string;
  let connectors: ConnectorInfo[];
  let scenarios: Map<string, ConnectorScenario>;

  before(async () => {
    const pool = await SidecarPool.start({ size: 1 });
    try {
      connectors = await pool.listConnectors();
    } finally {
      await pool.close();
    }
    scenarios = await loadScenarios();
    // No sandbox keys: every connector goes to the emulator.
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const sc of scenarios.values()) for (const k of sc.sandbox.env) delete env[k];
    const lines: string[] = [];
    report = await runDemo({ out: (l) => lines.push(l), env });
    printed = lines.join("\n");
  });

  const lifecycle = (c: ConnectorInfo): SectionReport => {
    const found = report.sections.find((s) => s.kind === "lifecycle" && s.connector === c.name);
    assert.ok(found, `a lifecycle section for ${c.name}`);
    return found;
  };
  const steps = (s: SectionReport, name: string): StepReport[] => s.steps.filter((st) => st.name === name);
  const one = (s: SectionReport, name: string): StepReport => {
    const found = steps(s, name);
    assert.equal(found.length, 1, `${s.connector}: one "${name}" step:\n${JSON.stringify(s.steps, null, 1)}`);
    return found[0]!;
  };
  const ran = (s: SectionReport, name: string, statuses: string[]): StepReport => {
    const st = one(s, name);
    assert.ok(!st.skipped && st.ok, `${s.connector}: ${name} ran and ended as expected: ${JSON.stringify(st)}`);
    assert.ok(statuses.includes(st.status), `${s.connector}: ${name} ended ${st.status}, one of ${statuses.join(", ")}`);
    return st;
  };

  it("says every step ended as expected (the exit code is 0)", () => {
    const bad = report.sections.flatMap((s) => s.steps.filter((st) => !st.ok).map((st) => `${s.title}: ${JSON.stringify(st)}`));
    assert.deepEqual(bad, []);
    assert.equal(report.failures, 0);
    assert.equal(report.ok, true);
    assert.match(printed, /^all steps ended as expected/m);
    assert.doesNotMatch(printed, /^\s+✗ /m);
  });

  it("every emulated connector has its scenario, and every listed connector a whole lifecycle", () => {
    assert.deepEqual([...scenarios.keys()], emulatedConnectors(), "a scenario.ts beside each emulator");
    for (const c of connectors) {
      const s = lifecycle(c);
      assert.equal(s.live, false, `${c.name} ran against the emulator`);
      assert.ok(!s.steps.some((st) => st.name === "lifecycle" && st.skipped), `${c.name}: the demo has test data for it`);
      assert.equal(s.steps[0]?.name, "authorize", `${c.name}: the lifecycle starts with an authorize`);
      assert.ok(s.steps[0]?.ok, `${c.name}: that authorize went through`);
    }
  });

  it("runs each connector's lifecycle as far as listConnectors says it goes, skipping the rest with the reason", () => {
    for (const c of connectors) {
      const s = lifecycle(c);
      const has = (f: string) => c.flows.includes(f);
      const skipped = (name: string, flow: string) => {
        const st = one(s, name);
        assert.ok(st.skipped, `${c.name}: ${name} is skipped: ${JSON.stringify(st)}`);
        const reason = c.unsupportedFlows.find((u) => u.flow === flow)?.reason;
        if (reason) assert.ok(st.reason?.includes(reason), `${c.name}: the skip gives the reason: ${st.reason}`);
      };

      assert.equal(one(s, "authorize").label, has("capture") ? "authorize (manual capture)" : "authorize (automatic capture)");
      if (has("capture")) ran(s, "capture", ["partial_charged", "charged", "capture_initiated"]);
      else skipped("capture", "capture");

      if (has("refund")) {
        // Processors that refund only settled payments: the emulator settles on request.
        if (scenarios.get(c.name)?.settlement) ran(s, "settlement", ["settled"]);
        for (const n of ["refund #1", "refund #2"]) ran(s, n, ["success", "pending"]);
        if (has("rsync")) ran(s, "rsync", ["success", "pending"]);
        else skipped("rsync", "rsync");
      } else skipped("refund", "refund");

      if (has("void") && has("capture")) {
        ran(s, "authorize second", ["authorized"]);
        ran(s, "void", ["voided", "void_initiated"]);
      } else assert.ok(one(s, "void").skipped, `${c.name}: void skipped`);

      if (has("setupMandate") && has("repeatPayment")) {
        const saved = ran(s, "setupMandate", ["charged", "authorized"]);
        assert.match(saved.note ?? "", /mandate \S+/);
        // A processor that names the saved card only by webhook: the demo waits for that webhook.
        if (saved.note === "mandate (by webhook)") ran(s, "mandate by webhook", ["received"]);
        ran(s, "repeatPayment", ["charged", "capture_initiated"]);
      } else assert.ok(one(s, "setupMandate → repeatPayment").skipped, `${c.name}: mandates skipped`);

      if (c.webhooks) {
        ran(s, "webhooks", ["verified"]);
        assert.ok(s.webhooks.length > 0, `${c.name}: webhook events received`);
        assert.deepEqual(s.rejectedWebhooks, []);
        for (const e of s.webhooks) assert.ok(["payment", "refund", "mandate", "dispute", "other"].includes(e.kind), `${c.name}: ${JSON.stringify(e)}`);
      } else assert.ok(one(s, "webhooks").skipped, `${c.name}: webhooks skipped`);
    }
  });

  it("prints the verified webhook events of connectors that read webhooks", () => {
    assert.ok(connectors.some((c) => c.webhooks), "some connector reads webhooks");
    assert.match(printed, /^\s+webhook \S+ → (payment|refund|mandate|dispute|other)/m);
    assert.doesNotMatch(printed, /webhook refused/);
  });

  it("runs every connector's single scenarios: 3-D Secure redirects completed by sync, a decline as data", () => {
    const singles = report.sections.filter((s) => s.kind === "scenario");
    const declared = [...scenarios.values()].reduce((n, sc) => n + (sc.scenarios?.length ?? 0), 0);
    assert.equal(singles.length, declared, "one section per declared scenario");
    const step = (connector: string, name: string) => {
      const found = singles.filter((s) => s.connector === connector).flatMap((s) => s.steps.filter((st) => st.name === name));
      assert.equal(found.length, 1, `${connector}: one "${name}" step`);
      return found[0]!;
    };
    assert.equal(step("stripe", "sync after the shopper's challenge").status, "authorized");
    assert.equal(step("adyen", "sync (/payments/details)").status, "authorized");
    const declined = step("stripe", "authorize (a decline is data)");
    assert.equal(declined.status, "failure");
    assert.equal(declined.error?.code, "insufficient_funds");
  });

  it("pays with a non-card method on every connector whose emulator takes one: a redirect completed by sync, a debit, BNPL with order lines", () => {
    // Every type listConnectors declares beyond cards, processor tokens, PayPal and UPI (which the
    // lifecycles already pay with) must be shown by at least one scenario of that connector.
    const lifecycleTypes = new Set(["card", "token", "paypal", "upiCollect", "upiIntent"]);
    let shown = 0;
    for (const c of connectors) {
      const nonCard: string[] = c.paymentMethods.map((m) => m.type).filter((t) => !lifecycleTypes.has(t));
      if (nonCard.length === 0) continue;
      const sections = report.sections.filter((s) => s.kind === "scenario" && s.connector === c.name && s.paymentMethod);
      assert.ok(sections.length > 0, `${c.name} takes ${nonCard.join(", ")}: the demo shows none of them`);
      for (const sec of sections) {
        assert.ok(nonCard.includes(sec.paymentMethod!), `${c.name}: ${sec.paymentMethod} is declared by listConnectors`);
        assert.ok(sec.calls.some((call) => call.flow === "authorize"), `${sec.title}: an authorize was sent`);
        assert.ok(sec.steps.length > 0 && sec.steps.every((st) => st.ok && !st.skipped), `${sec.title}: every step as expected`);
        shown++;
      }
    }
    assert.ok(shown >= 5, `${shown} non-card scenarios`);
    const adyenKlarna = report.sections.find((s) => s.connector === "adyen" && s.paymentMethod === "bnpl");
    assert.equal(adyenKlarna?.steps.at(-1)?.status, "charged", "Adyen Klarna: charged after the shopper's approval");
  });

  it("issue 12: a session handed to the front end, an incremental authorization and a dispute from webhook to evidence to outcome", () => {
    const byTitle = (part: string) => {
      const found = report.sections.filter((s) => s.kind === "scenario" && s.title.includes(part));
      assert.equal(found.length, 1, `one scenario "${part}"`);
      return found[0]!;
    };
    const status = (sec: SectionReport, name: string) => sec.steps.find((st) => st.name === name)?.status;
    const hotel = byTitle("a session for Stripe.js");
    assert.ok(hotel.steps.every((st) => st.ok && !st.skipped), JSON.stringify(hotel.steps));
    assert.deepEqual(hotel.calls.map((c) => c.flow), ["createSession", "psync", "incrementalAuthorization", "capture"]);
    assert.equal(status(hotel, "incrementAuthorization +USD 25.00"), "authorized");
    assert.match(hotel.steps.find((st) => st.name.startsWith("incrementAuthorization"))?.note ?? "", /USD 125\.00/);
    const dispute = byTitle("a dispute from its webhook");
    assert.ok(dispute.steps.every((st) => st.ok && !st.skipped), JSON.stringify(dispute.steps));
    assert.deepEqual(dispute.steps.map((st) => st.status), ["charged", "needs_response", "won", "won"]);
    assert.ok(dispute.calls.some((c) => c.flow === "submitDisputeEvidence"));
  });

  it("PayPal: the client fetched the access token once for every call, and the wallet went through approval and completeAuthorize", () => {
    const paypal = report.sections.filter((s) => s.connector === "paypal");
    const calls = paypal.flatMap((s) => s.calls);
    const tokenFetches = calls.filter((c) => c.flow === "createAccessToken");
    assert.equal(tokenFetches.length, 1, `one token fetch for the whole PayPal part: ${JSON.stringify(tokenFetches)}`);
    assert.match(tokenFetches[0]!.url, /\/v1\/oauth2\/token$/);
    assert.equal(calls[0]?.flow, "createAccessToken", "the token came before the first flow");
    const wallet = paypal.find((s) => s.kind === "scenario");
    assert.ok(wallet, "PayPal's wallet scenario ran");
    assert.deepEqual(
      wallet.steps.map((st) => [st.name, st.status, st.ok]),
      [
        ["authorize (redirect to PayPal)", "authentication_pending", true],
        ["completeAuthorize (payer approved)", "authorized", true],
        ["capture all", "charged", true],
      ],
    );
  });

  it("prints no card number, credential or webhook secret", () => {
    const secrets = new Set<string>();
    for (const sc of scenarios.values()) {
      // Every credential but the merchant's ids, which appear in URLs and bodies by design.
      for (const [k, v] of Object.entries(sc.emulator.auth)) if (!/^merchant/.test(k) && v.length >= 8) secrets.add(v);
      if (sc.emulator.webhookSecret) secrets.add(sc.emulator.webhookSecret);
      for (const m of [sc.shopper.paymentMethod, sc.shopper.cardToSave]) if (m?.type === "card") secrets.add(m.card.number);
    }
    assert.ok(secrets.size >= 15, `the scenarios' secrets: ${secrets.size}`);
    for (const secret of secrets) assert.ok(!printed.includes(secret), `the demo printed ${secret.slice(0, 6)}…`);
    // PayPal's access tokens (A21AA…) appear only masked.
    assert.doesNotMatch(printed, /A21AA[\w-]{8,}/);
  });
});

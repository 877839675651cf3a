/**
 * The main job, and an example of the API: the whole life of a payment for each connector, through
 * the real pool, real HTTP and, by default, the loopback emulator of the processors (no keys
 * needed). What runs is driven by what `listConnectors` says each connector supports:
 *
 *   authorize (manual capture) → capture part of it → refund part of that, twice → refund status
 *   authorize a second payment → void it
 *   setupMandate (save the card) → repeatPayment (charge it without the shopper)
 *   the processor's signed webhooks, received on a local node:http endpoint by the webhook helper
 *
 * then each connector's single scenarios (3-D Secure redirects, a decline, a wallet). The test data,
 * emulator credentials and sandbox variables of a connector are in its own folder,
 * `emulator/connectors/<name>/scenario.ts`; with the sandbox variables set (STRIPE_API_KEY,
 * ADYEN_API_KEY + ADYEN_MERCHANT_ACCOUNT, ...: each scenario's `sandbox.env`), that connector runs
 * against its sandbox instead. Every step is printed masked, and `runDemo()` returns every step
 * as data (report.ts). Exit code 0 when every step ended in the expected status.
 * What only the emulator can do (settle a batch now, approve as the PayPal payer, answer a 3-D
 * Secure challenge) is marked EMULATOR-ONLY and skipped against a sandbox.
 */
import { fileURLToPath } from "node:url";
import { colors, wantsColor } from "../client/colors.js";
import { PaymentsClient, type FlowResult, type FlowStep } from "../client/index.js";
import { SidecarPool } from "../client/pool.js";
import { redact } from "../client/redact.js";
import { loadConnectorModules, startEmulator, type Emulator } from "../emulator/index.js";
import { authorizeAndVoid, captureAndRefund, saveAndRepeat, webhooks, type Lifecycle } from "./lifecycle.js";
import type { DemoReport, SectionReport } from "./report.js";
import { formatMoney, maskPan, type Call, type ConnectorScenario, type NamedIds, type ScenarioHooks, type Section, type Target } from "./scenario.js";
import { startWebhookEndpoint, WebhookInbox } from "./webhook-endpoint.js";
import type { PaymentMethod } from "../protocol/index.js";

export type { DemoReport, SectionReport, StepReport } from "./report.js";
export type { ConnectorScenario } from "./scenario.js";

const { dim, bold, green, red, yellow } = colors(wantsColor(process.stdout));

/** Every connector's demo data, by connector name: the `scenario.ts` of each emulator folder. */
export async function loadScenarios(): Promise<Map<string, ConnectorScenario>> {
  const found = await loadConnectorModules<{ scenario?: ConnectorScenario }>("scenario");
  return new Map(
    found.map(([name, mod]) => {
      if (!mod.scenario) throw new Error(`emulator/connectors/${name}/scenario exports no \`scenario\``);
      return [name, mod.scenario];
    }),
  );
}

export async function runDemo(opts: { out?: (line: string) => void; env?: NodeJS.ProcessEnv } = {}): Promise<DemoReport> {
  const out = opts.out ?? ((line: string) => console.log(line));
  const env = opts.env ?? process.env;
  const scenarios = await loadScenarios();
  const live = new Map([...scenarios].flatMap(([name, sc]) => {
    const auth = sc.sandbox.auth(env);
    return auth ? [[name, { auth, options: {}, live: true } satisfies Target]] : [];
  }));

  const report: DemoReport = { ok: false, failures: 0, skipped: 0, sections: [] };
  let current: SectionReport | undefined;
  const pool = await SidecarPool.start({ size: 2 });
  const ledger = new Ledger();
  const client = new PaymentsClient(pool, {
    onStep: (step) => {
      printStep(out, step);
      if (step.step === "request") current?.calls.push({ flow: step.flow, method: step.http.method, url: redact(step).http.url });
      if (step.step === "result") ledger.record(step.connector, step.result);
    },
  });
  // The merchant's webhook endpoint: one node:http server, one handler per connector.
  const inbox = new WebhookInbox();
  const emulatorSecrets = Object.fromEntries([...scenarios].flatMap(([c, sc]) => (sc.emulator.webhookSecret ? [[c, sc.emulator.webhookSecret]] : [])));
  // Where PayPal is asked to verify a delivery: the emulator's (or the sandbox's) base URL, known once it runs.
  let targetOf: (connector: string) => Target | undefined = () => undefined;
  const endpoint = await startWebhookEndpoint(
    client,
    inbox,
    Object.fromEntries(Object.entries(emulatorSecrets).map(([c, webhookSecret]) => [c, { webhookSecret }])),
    (c) => targetOf(c),
  );
  const needsEmulator = [...scenarios.keys()].some((c) => !live.has(c));
  // The emulator sends each processor's signed notifications to the endpoint, like the processor would.
  const emulator: Emulator | undefined = needsEmulator
    ? await startEmulator({ webhooks: { url: `${endpoint.url}/{processor}`, secrets: emulatorSecrets } })
    : undefined;
  try {
    const targets = new Map<string, Target>(
      [...scenarios].map(([c, sc]) => [c, live.get(c) ?? { ...sc.emulator, options: { baseUrl: emulator!.baseUrls[c] }, live: false }]),
    );
    targetOf = (c) => targets.get(c);

    const info = await pool.call("initialize", { protocolVersion: "1", clientName: "demo" });
    const connectors = await client.connectors();
    out(bold("connector-sidecar demo"));
    out(dim(`  sidecar ${info.sidecarVersion}, protocol ${info.protocolVersion}, pool of ${pool.size} (pids ${pool.pids.join(", ")})`));
    out(dim(emulator ? `  processors: loopback emulator at ${emulator.url} (set STRIPE_API_KEY etc. to use a sandbox)` : "  processors: sandboxes"));
    out(dim(`  webhooks: received at ${endpoint.url}/<connector>, verified by client.webhookHandler`));

    const section = (connector: string, kind: SectionReport["kind"], title: string, isLive: boolean): { s: Section; record: SectionReport } => {
      const record: SectionReport = { connector, kind, title, live: isLive, steps: [], calls: [], webhooks: [], rejectedWebhooks: [] };
      report.sections.push(record);
      current = record;
      out("");
      out(bold(title) + dim(isLive ? "  [sandbox]" : "  [emulator]"));
      const s: Section = {
        out,
        step(label, expected, result, { note, name } = {}) {
          const ok = expected.includes(result.status);
          if (!ok) report.failures++;
          record.steps.push({
            name: name ?? label,
            label,
            expected,
            status: result.status,
            ok,
            skipped: false,
            ...(note ? { note } : {}),
            ...(result.connectorTransactionId ? { connectorTransactionId: result.connectorTransactionId } : {}),
            ...(result.connectorRefundId ? { connectorRefundId: result.connectorRefundId } : {}),
            ...(result.error ? { error: { code: result.error.code, message: result.error.message, ...(result.error.declineType ? { declineType: result.error.declineType } : {}) } } : {}),
          });
          const id = result.connectorRefundId ?? result.connectorTransactionId;
          const err = result.error
            ? ` ${result.error.code}${result.error.declineType ? ` (${result.error.declineType})` : ""}: ${result.error.message}`
            : "";
          out(
            `  ${ok ? green("✓") : red("✗")} ${label.padEnd(38)} ${bold(result.status)}${id ? dim(` ${id}`) : ""}${note ? ` ${dim(note)}` : ""}${dim(err)}` +
              (ok ? "" : red(`  (expected ${expected.join(" or ")})`)),
          );
          return ok;
        },
        skip(label, reason, { name } = {}) {
          report.skipped++;
          record.steps.push({ name: name ?? label, label, expected: [], status: "skipped", ok: true, skipped: true, reason });
          out(`  ${yellow("–")} ${label.padEnd(38)} ${yellow("skipped")} ${dim(reason)}`);
        },
      };
      return { s, record };
    };
    const guarded = async ({ s, record }: { s: Section; record: SectionReport }, run: () => Promise<void>) => {
      try {
        await run();
      } catch (e) {
        report.failures++;
        const { name, message } = e as Error;
        record.steps.push({ name: "exception", label: name, expected: [], status: "threw", ok: false, skipped: false, reason: message });
        s.out(red(`  ✗ ${name}: ${message}`));
      }
    };

    for (const connector of connectors) {
      const name = connector.name;
      const scenario = scenarios.get(name);
      const target = targets.get(name);
      if (!scenario || !target) {
        const { s } = section(name, "lifecycle", `${connector.displayName} · the whole lifecycle`, false);
        s.skip("lifecycle", "this demo has no emulator or test data for it yet");
        continue;
      }
      const { shopper } = scenario;
      const sec = section(
        name,
        "lifecycle",
        `${connector.displayName} · the whole lifecycle · ${describeMethod(shopper.paymentMethod)} · ${formatMoney(shopper.amount.minorAmount, shopper.amount.currency)}`,
        target.live,
      );
      const { settlement, emulatorNotify } = scenario;
      const run: Lifecycle = {
        client,
        connector,
        target,
        shopper,
        inbox,
        delivered: async () => {
          await emulator?.webhooksDelivered();
          // An emulator that notifies on request only (Square's): play the processor's part for what happened.
          if (emulator && !target.live && emulatorNotify && target.webhookSecret) {
            await emulatorNotify({ baseUrl: emulator.baseUrls[name]!, ids: ledger.of(name), url: `${endpoint.url}/${name}`, secret: target.webhookSecret });
          }
        },
        s: sec.s,
        report: sec.record,
        call: { connector: name, auth: target.auth, options: target.options } as Call,
        settlement: settlement && {
          why: settlement.why,
          // EMULATOR-ONLY: a sandbox settles in its own batch.
          settle: target.live ? undefined : (id) => settlement.emulatorOnlySettle(target.options.baseUrl!, id),
        },
      };
      const needsToken = await client.supports(name, "createAccessToken");
      if (needsToken.supported) sec.s.out(dim(`      ${connector.displayName} runs on an OAuth access token: the client fetches it before the first call and keeps it`));
      await guarded(sec, () => captureAndRefund(run));
      await guarded(sec, () => authorizeAndVoid(run));
      await guarded(sec, () => saveAndRepeat(run));
      await guarded(sec, () => webhooks(run));
    }

    for (const connector of connectors) {
      const target = targets.get(connector.name);
      for (const scenario of scenarios.get(connector.name)?.scenarios ?? []) {
        if (!target) continue;
        const sec = section(connector.name, "scenario", scenario.title, target.live);
        if (scenario.paymentMethod) sec.record.paymentMethod = scenario.paymentMethod;
        if (scenario.emulatorOnly && target.live) {
          sec.s.skip("scenario", "emulator-only: it needs the emulator's stand-in for the shopper (challenge page, PayPal approval)");
          continue;
        }
        const hooks: ScenarioHooks = {
          webhook: async (match) => {
            await emulator?.webhooksDelivered();
            return inbox.events.get(connector.name)?.find(match);
          },
          ...(target.live ? {} : { emulatorBaseUrl: target.options.baseUrl }),
        };
        await guarded(sec, () => scenario.run(client, { connector: connector.name, auth: target.auth, options: target.options } as Call, sec.s, hooks));
      }
    }

    // The scenarios' own notifications (PayPal verifies each one with a call of its own) land
    // before the verdict, not after it.
    await emulator?.webhooksDelivered();
    current = undefined;
    out("");
    const skippedNote = report.skipped ? dim(` (${report.skipped} step(s) skipped: the connector does not support them)`) : "";
    out((report.failures === 0 ? green(bold("all steps ended as expected")) : red(bold(`${report.failures} step(s) did not end as expected`))) + skippedNote);
    report.ok = report.failures === 0;
    return report;
  } finally {
    await pool.close();
    await emulator?.close();
    await endpoint.close();
  }
}

/** The processor's ids each connector's results named, in order. */
class Ledger {
  private readonly ids = new Map<string, NamedIds>();

  record(connector: string, result: FlowResult): void {
    const ids = this.of(connector);
    if ("connectorRefundId" in result && result.connectorRefundId) ids.refunds.add(result.connectorRefundId);
    else if ("connectorTransactionId" in result && result.connectorTransactionId) ids.payments.add(result.connectorTransactionId);
  }

  of(connector: string): NamedIds {
    let ids = this.ids.get(connector);
    if (!ids) this.ids.set(connector, (ids = { payments: new Set(), refunds: new Set() }));
    return ids;
  }
}

function describeMethod(m: PaymentMethod): string {
  const names: Record<PaymentMethod["type"], string> = {
    card: "card", upiCollect: "UPI collect", upiIntent: "UPI intent", token: "token", paypal: "PayPal",
    networkToken: "network token", applePay: "Apple Pay", googlePay: "Google Pay", bankRedirect: "bank redirect",
    bankDebit: "bank debit", bnpl: "buy now, pay later", voucher: "voucher", walletRedirect: "wallet",
    mobileMoney: "mobile money", bankTransfer: "bank transfer",
  };
  if (m.type === "card") return `card ${maskPan(m.card.number)}`;
  const method = methodWord(m);
  return method ? `${names[m.type]} (${method})` : names[m.type];
}

/** The `method` word of a payment method type that has one (bankRedirect ideal, ...). */
function methodWord(m: PaymentMethod): string | undefined {
  switch (m.type) {
    case "bankRedirect": return m.bankRedirect.method;
    case "bankDebit": return m.bankDebit.method;
    case "bnpl": return m.bnpl.method;
    case "voucher": return m.voucher.method;
    case "walletRedirect": return m.walletRedirect.method;
    case "mobileMoney": return m.mobileMoney.provider;
    case "bankTransfer": return m.bankTransfer.method;
    default: return undefined;
  }
}

function printStep(out: (l: string) => void, s: FlowStep): void {
  const safe = redact(s);
  if (safe.step === "request") {
    out(dim(`      → ${safe.flow} ${safe.http.method} ${safe.http.url}  (transformRequest ${safe.micros} µs)`));
  } else if (safe.step === "response") {
    out(dim(`      ← HTTP ${safe.http.status} in ${safe.millis} ms`));
  } else {
    out(dim(`      = transformResponse ${safe.micros} µs`));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runDemo().then(
    (report) => process.exit(report.ok ? 0 : 1),
    (e) => {
      console.error(`demo failed: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}

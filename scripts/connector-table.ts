/**
 * Renders the README's connector table from the sidecar's own `listConnectors`, between the
 * `<!-- connectors:start -->` and `<!-- connectors:end -->` markers.
 * `npm run docs:connectors` rewrites it; test/readme.test.ts fails when it is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SidecarPool } from "../client/pool.js";
import { packageRoot } from "../client/binary.js";
import { PaymentMethodType, type ConnectorInfo } from "../protocol/index.js";

export const START = "<!-- connectors:start -->";
export const END = "<!-- connectors:end -->";

export function renderTable(connectors: ConnectorInfo[]): string {
  const code = (xs: string[]) => xs.map((x) => `\`${x}\``).join(", ") || "—";
  const rows = connectors.map(
    (c) =>
      `| ${c.displayName} (\`${c.name}\`) | ${code(c.flows)} | ${c.webhooks ? (c.webhookVerification === "remote" ? "yes (verified by the processor: `verifyWebhook`)" : "yes") : "no"} | ${code(c.paymentMethods.map((m) => m.type))} | ${c.authFields.map((a) => `\`${a.name}\`${a.required ? "" : "?"}`).join(", ") || "—"} | ${c.environments.sandbox || "—"} |`,
  );
  // What each processor cannot do, with its reason (FlowNotSupported carries the same text).
  const unsupported = connectors
    .filter((c) => c.unsupportedFlows.length > 0)
    .flatMap((c) => [`- **${c.displayName}**`, ...c.unsupportedFlows.map((u) => `  - \`${u.flow}\`: ${oneLine(u.reason)}`)]);
  return [
    START,
    "| connector | flows | webhooks | payment methods | auth fields | sandbox base URL |",
    "|---|---|---|---|---|---|",
    ...rows,
    ...(unsupported.length ? ["", "Not supported, and why:", ...unsupported] : []),
    "",
    ...paymentMethodTable(connectors),
    END,
  ].join("\n");
}

/**
 * Payment methods per connector: one row per payment method type, one column per connector. A
 * cell lists the `method` words taken (bankRedirect `ideal`, ...) or says yes; `pay only` when a
 * saved method cannot be charged again (no setupMandate or repeatPayment); a declared refusal is
 * `no¹` with its reason below.
 */
function paymentMethodTable(connectors: ConnectorInfo[]): string[] {
  const types = PaymentMethodType.options.filter((t) => connectors.some((c) => c.paymentMethods.some((m) => m.type === t)));
  const cell = (c: ConnectorInfo, type: PaymentMethodType) => {
    const m = c.paymentMethods.find((x) => x.type === type);
    if (!m) return c.unsupportedPaymentMethods.some((u) => u.type === type) ? "no¹" : "—";
    const saved = m.flows.includes("repeatPayment") ? "" : " (pay only)";
    return `${m.methods?.length ? m.methods.join(", ") : "yes"}${saved}`;
  };
  const reasons = connectors
    .filter((c) => c.unsupportedPaymentMethods.length > 0)
    .flatMap((c) => [`- **${c.displayName}**`, ...c.unsupportedPaymentMethods.map((u) => `  - \`${u.type}\`: ${oneLine(u.reason)}`)]);
  return [
    "Payment methods per connector (`listConnectors[].paymentMethods`; a method the connector does not take is refused with 1003 and the reason):",
    "",
    `| payment method | ${connectors.map((c) => c.displayName).join(" | ")} |`,
    `|---|${connectors.map(() => "---|").join("")}`,
    ...types.map((t) => `| \`${t}\` | ${connectors.map((c) => cell(c, t)).join(" | ")} |`),
    ...(reasons.length ? ["", "¹ Not taken, and why:", ...reasons] : []),
  ];
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

export async function currentTable(): Promise<string> {
  const pool = await SidecarPool.start({ size: 1 });
  try {
    return renderTable(await pool.listConnectors());
  } finally {
    await pool.close();
  }
}

export function replaceTable(readme: string, table: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} … ${END} block`);
  return readme.slice(0, a) + table + readme.slice(b + END.length);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = join(packageRoot(), "README.md");
  writeFileSync(path, replaceTable(readFileSync(path, "utf8"), await currentTable()));
  console.log("README.md connector table updated");
}

/**
 * The connector documentation, rendered from the sidecar's own `listConnectors`:
 * - docs/connectors.md, between `<!-- connectors:start -->` and `<!-- connectors:end -->`: every
 *   connector's flows (and why not the others), webhooks, payment methods (and why not the others),
 *   credentials and base URLs;
 * - the README's short table (between `<!-- connectors-summary:start -->` and `...:end -->`).
 * `npm run docs:connectors` rewrites both; test/readme.test.ts and test/docs.test.ts fail when
 * either is stale.
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
    if (!m) return c.unsupportedPaymentMethods.some((u) => u.type === type && !u.method) ? "no¹" : "—";
    const saved = m.flows.includes("repeatPayment") ? "" : " (pay only)";
    const refused = c.unsupportedPaymentMethods.filter((u) => u.type === type && u.method).map((u) => u.method);
    const not = refused.length ? `; not ${refused.join(", ")}¹` : "";
    return `${m.methods?.length ? m.methods.join(", ") : "yes"}${saved}${not}`;
  };
  const reasons = connectors
    .filter((c) => c.unsupportedPaymentMethods.length > 0)
    .flatMap((c) => [`- **${c.displayName}**`, ...c.unsupportedPaymentMethods.map((u) => `  - \`${u.type}\`${u.method ? ` \`${u.method}\`` : ""}: ${oneLine(u.reason)}`)]);
  return [
    "Payment methods per connector (`listConnectors[].paymentMethods`; a method the connector does not take is refused with 1003 and the reason):",
    "",
    `| payment method | ${connectors.map((c) => c.displayName).join(" | ")} |`,
    `|---|${connectors.map(() => "---|").join("")}`,
    ...types.map((t) => `| \`${t}\` | ${connectors.map((c) => cell(c, t)).join(" | ")} |`),
    ...(reasons.length ? ["", "¹ Not taken, and why:", ...reasons] : []),
  ];
}

/** Each connector's credentials (authFields) and base URLs, for docs/connectors.md. */
function credentials(connectors: ConnectorInfo[]): string[] {
  const cell = (s: string) => oneLine(s).replaceAll("|", "\\|");
  return [
    "## Credentials and base URLs",
    "",
    "`auth` holds these fields (every value is a secret; `AuthOf<\"name\">` types them in TypeScript).",
    ...connectors.flatMap((c) => [
      "",
      `**${c.displayName}** (\`${c.name}\`): sandbox ${c.environments.sandbox || "—"}, production ${c.environments.production || "—"}`,
      "",
      "| field | required | what it is |",
      "|---|---|---|",
      ...c.authFields.map((a) => `| \`${a.name}\` | ${a.required ? "yes" : "no"} | ${cell(a.description)} |`),
    ]),
  ];
}

/** The block of docs/connectors.md. */
export function renderDoc(connectors: ConnectorInfo[]): string {
  const table = renderTable(connectors);
  const inner = table.slice(START.length + 1, table.length - END.length - 1);
  return [START, "## Flows, webhooks and payment methods", "", inner, "", ...credentials(connectors), END].join("\n");
}

export const SUMMARY_START = "<!-- connectors-summary:start -->";
export const SUMMARY_END = "<!-- connectors-summary:end -->";

/** The README's short table: each connector and the payment method types it takes. */
export function renderSummary(connectors: ConnectorInfo[]): string {
  return [
    SUMMARY_START,
    "| connector | payment methods |",
    "|---|---|",
    ...connectors.map((c) => `| ${c.displayName} (\`${c.name}\`) | ${c.paymentMethods.map((m) => m.type).join(", ") || "—"} |`),
    SUMMARY_END,
  ].join("\n");
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

export async function currentConnectors(): Promise<ConnectorInfo[]> {
  const pool = await SidecarPool.start({ size: 1 });
  try {
    return await pool.listConnectors();
  } finally {
    await pool.close();
  }
}

/** `text` with the block between `start` and `end` (markers included) replaced by `block`. */
export function replaceBlock(text: string, block: string, start = START, end = END, file = "the file"): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${file} has no ${start} … ${end} block`);
  return text.slice(0, a) + block + text.slice(b + end.length);
}

/** The block of `text` between `start` and `end`, markers included ("" when absent). */
export function blockOf(text: string, start = START, end = END): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  return a < 0 || b < a ? "" : text.slice(a, b + end.length);
}

export const CONNECTORS_DOC = join(packageRoot(), "docs", "connectors.md");
export const README = join(packageRoot(), "README.md");

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const connectors = await currentConnectors();
  writeFileSync(CONNECTORS_DOC, replaceBlock(readFileSync(CONNECTORS_DOC, "utf8"), renderDoc(connectors), START, END, "docs/connectors.md"));
  writeFileSync(README, replaceBlock(readFileSync(README, "utf8"), renderSummary(connectors), SUMMARY_START, SUMMARY_END, "README.md"));
  console.log("docs/connectors.md and the README's connector summary updated");
}

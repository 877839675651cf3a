// The scaffold's TypeScript templates: the connector's emulator folder, its vector folder and its
// test file. Each fails its tests until filled in.

/** emulator/connectors/NAME/index.ts: the processor's wire format, answered by nothing yet. */
export function emulatorIndex(name: string, display: string): string {
  return `// ${display} emulator: the processor's API on the loopback, as its docs describe it (cite them here).
// The shared machinery is in ../../core/ (ids, amounts, card checks, idempotency keys); this file
// keeps only ${display}'s wire format. Mounted at /${name}; \`options.baseUrl\` = \`emulator.baseUrls.${name}\`.
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";

export function create${pascal(name)}Emulator(ctx: EmuContext): EmuMount {
  return {
    handle(req: EmuRequest): EmuResponse {
      // TODO(${name}): route the processor's endpoints; sign its webhooks for ctx.webhookTarget().
      ctx.log(\`${name}: \${req.method} \${req.path} is not emulated yet\`);
      return { status: 501, json: { error: "not emulated yet" } };
    },
  };
}

export const emulator: ConnectorEmulator = { create: create${pascal(name)}Emulator };
`;
}

/** emulator/connectors/NAME/scenario.ts: the demo's test data, credentials and sandbox variables. */
export function emulatorScenario(name: string, display: string): string {
  const env = name.toUpperCase();
  return `// ${display}'s part of the demo: the sandbox with ${env}_API_KEY, else this folder's emulator.
import { card, JANE, type ConnectorScenario } from "../../../demo/scenario.js";

export const scenario: ConnectorScenario = {
  // TODO(${name}): the credentials ${display}'s emulator checks, named as listConnectors' authFields.
  emulator: { auth: { apiKey: "${name}_emulator_key" } },
  sandbox: { env: ["${env}_API_KEY"], auth: (env) => (env.${env}_API_KEY ? { apiKey: env.${env}_API_KEY } : undefined) },
  shopper: {
    // TODO(${name}): ${display}'s own test card from its docs.
    paymentMethod: card("4242424242424242", "12", "2030", "123"),
    cardToSave: card("4242424242424242", "12", "2030", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
  },
};
`;
}

/** test/vectors/NAME/authorize/card-manual.json: a vector without its expected output, which fails until blessed. */
export function firstVector(name: string, display: string): string {
  const vector = {
    description: `${display}: a card authorization with manual capture (fill in the processor's documented request, then bless)`,
    method: "transformRequest",
    params: {
      connector: name,
      flow: "authorize",
      auth: { apiKey: `${name}_vector_key` },
      request: {
        merchantTransactionId: "order_1001",
        amount: { minorAmount: 2000, currency: "USD" },
        paymentMethod: { type: "card", card: { number: "4242424242424242", expMonth: "12", expYear: "2030", cvc: "123", holderName: "Jane Doe" } },
        captureMethod: "manual",
      },
    },
  };
  return JSON.stringify(vector, null, 2) + "\n";
}

/** test/connectors/NAME.test.ts: the connector through the client and its emulator. */
export function connectorTest(name: string, display: string): string {
  return `// ${display} through the real client: SidecarPool turns unified requests into ${display}'s HTTP
// calls, Node's fetch sends them to the loopback emulator (emulator/connectors/${name}/), and the pool
// reads the answers. TODO(${name}): the whole lifecycle the connector supports.
import assert from "node:assert/strict";
import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import { scenario } from "../../emulator/connectors/${name}/scenario.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";

describe("${name} through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;

  before(async () => {
    emu = await startEmulator();
    pool = await SidecarPool.start({ size: 1 });
  });

  after(async () => {
    await pool?.close();
    await emu?.close();
  });

  it("authorizes the scenario's card with manual capture", async () => {
    const payments = new PaymentsClient(pool);
    const result = await payments.authorize({
      connector: "${name}",
      // Typed by listConnectors' authFields (protocol/connectors.generated.ts): one field per credential.
      auth: { apiKey: scenario.emulator.auth.apiKey! },
      options: { baseUrl: emu.baseUrls.${name} },
      request: {
        merchantTransactionId: \`order_\${process.pid}\`,
        amount: scenario.shopper.amount,
        paymentMethod: scenario.shopper.paymentMethod,
        captureMethod: "manual",
      },
    });
    assert.equal(result.status, "authorized", JSON.stringify(result.error));
    assert.ok(result.connectorTransactionId, "the processor's id of the payment");
  });
});
`;
}

export function pascal(name: string): string {
  return name.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

// Mollie's part of the demo: the sandbox (a test_ API key in MOLLIE_API_KEY and a Mollie
// Components card token in MOLLIE_CARD_TOKEN: Mollie's API never takes card numbers, and a
// token is made only in a browser), else this folder's emulator.
import { formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";
import { MOLLIE_API_KEY, MOLLIE_WEBHOOK_SECRET } from "./index.js";

// EMULATOR-ONLY: the emulator's frictionless card token (see index.ts); Mollie's test mode makes
// real ones from its test cards in Mollie Components.
const EMULATOR_TOKEN = "tkn_EmulatorFrictionless";

export const scenario: ConnectorScenario = {
  emulator: { auth: { apiKey: MOLLIE_API_KEY }, webhookSecret: MOLLIE_WEBHOOK_SECRET },
  sandbox: {
    env: ["MOLLIE_API_KEY", "MOLLIE_CARD_TOKEN"],
    auth: (env) => (env.MOLLIE_API_KEY && env.MOLLIE_CARD_TOKEN ? { apiKey: env.MOLLIE_API_KEY } : undefined),
  },
  shopper: {
    paymentMethod: { type: "token", token: { value: process.env.MOLLIE_CARD_TOKEN ?? EMULATOR_TOKEN } },
    cardToSave: { type: "token", token: { value: process.env.MOLLIE_CARD_TOKEN ?? EMULATOR_TOKEN } },
    amount: { minorAmount: 10000, currency: "EUR" },
    customer: JANE,
    // Mollie's Create payment requires redirectUrl.
    returnUrl: "https://shop.example/return",
  },
  scenarios: [
    {
      title: `Mollie · iDEAL bank redirect · ${formatMoney(1234, "EUR")}`,
      paymentMethod: "bankRedirect",
      // EMULATOR-ONLY: the emulator's checkout page pays as the shopper would at the bank.
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demoideal"),
            amount: { minorAmount: 1234, currency: "EUR" },
            paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal" } },
            returnUrl: "https://shop.example/checkout/return",
            idempotencyKey: orderId("idem"),
          },
        });
        if (!s.step("authorize (the shopper goes to the bank)", ["authentication_pending"], auth)) return;
        await (await fetch(auth.redirection!.url, { redirect: "manual" })).arrayBuffer();
        const sync = await client.sync({ ...call, payment: auth, request: {} });
        s.step("sync (GET /v2/payments/{id}) after the bank's approval", ["charged"], sync);
      },
    },
  ],
};

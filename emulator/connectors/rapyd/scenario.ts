// Rapyd's part of the demo: the sandbox with RAPYD_ACCESS_KEY and RAPYD_SECRET_KEY, else this
// folder's emulator. Rapyd signs webhooks with both keys and the registered webhook URL, so the
// webhook "secret" is `<access_key>:<secret_key>`.
import { BILLING_ADDRESS, card, JANE, type ConnectorScenario } from "../../../demo/scenario.js";
import { RAPYD_ACCESS_KEY, RAPYD_SECRET_KEY } from "./index.js";

export const scenario: ConnectorScenario = {
  emulator: { auth: { accessKey: RAPYD_ACCESS_KEY, secretKey: RAPYD_SECRET_KEY }, webhookSecret: `${RAPYD_ACCESS_KEY}:${RAPYD_SECRET_KEY}` },
  sandbox: {
    env: ["RAPYD_ACCESS_KEY", "RAPYD_SECRET_KEY"],
    auth: (env) =>
      env.RAPYD_ACCESS_KEY && env.RAPYD_SECRET_KEY ? { accessKey: env.RAPYD_ACCESS_KEY, secretKey: env.RAPYD_SECRET_KEY } : undefined,
  },
  shopper: {
    // Rapyd's sandbox success card (Visa 4111 1111 1111 1111, "Testing for Success" in its docs);
    // with a US billing address its payment method type is us_visa_card.
    paymentMethod: card("4111111111111111", "12", "2030", "123"),
    cardToSave: card("4111111111111111", "12", "2030", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
    billingAddress: BILLING_ADDRESS,
  },
};

// Worldpay's part of the demo: the sandbox with WORLDPAY_API_KEY, else this folder's emulator.
import { card, JANE, type ConnectorScenario } from "../../../demo/scenario.js";

export const scenario: ConnectorScenario = {
  // TODO(worldpay): the credentials Worldpay's emulator checks, named as listConnectors' authFields.
  emulator: { auth: { apiKey: "worldpay_emulator_key" } },
  sandbox: { env: ["WORLDPAY_API_KEY"], auth: (env) => (env.WORLDPAY_API_KEY ? { apiKey: env.WORLDPAY_API_KEY } : undefined) },
  shopper: {
    // TODO(worldpay): Worldpay's own test card from its docs.
    paymentMethod: card("4242424242424242", "12", "2030", "123"),
    cardToSave: card("4242424242424242", "12", "2030", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
  },
};

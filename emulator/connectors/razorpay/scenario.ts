// Razorpay's part of the demo: the sandbox with RAZORPAY_API_KEY, else this folder's emulator.
import { card, JANE, type ConnectorScenario } from "../../../demo/scenario.js";

export const scenario: ConnectorScenario = {
  // TODO(razorpay): the credentials Razorpay's emulator checks, named as listConnectors' authFields.
  emulator: { auth: { apiKey: "razorpay_emulator_key" } },
  sandbox: { env: ["RAZORPAY_API_KEY"], auth: (env) => (env.RAZORPAY_API_KEY ? { apiKey: env.RAZORPAY_API_KEY } : undefined) },
  shopper: {
    // TODO(razorpay): Razorpay's own test card from its docs.
    paymentMethod: card("4242424242424242", "12", "2030", "123"),
    cardToSave: card("4242424242424242", "12", "2030", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
  },
};

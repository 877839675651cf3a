// Checkout.com's part of the demo: the sandbox with CHECKOUT_SECRET_KEY (+ CHECKOUT_PROCESSING_CHANNEL_ID),
// else this folder's emulator.
import { card, JANE, type ConnectorScenario } from "../../../demo/scenario.js";

export const scenario: ConnectorScenario = {
  emulator: { auth: { apiKey: "sk_sbox_emulatordemo0000000000000000" }, webhookSecret: "checkout_demo_signature_key" },
  sandbox: {
    env: ["CHECKOUT_SECRET_KEY", "CHECKOUT_PROCESSING_CHANNEL_ID"],
    auth: (env) =>
      env.CHECKOUT_SECRET_KEY
        ? { apiKey: env.CHECKOUT_SECRET_KEY, ...(env.CHECKOUT_PROCESSING_CHANNEL_ID ? { processingChannelId: env.CHECKOUT_PROCESSING_CHANNEL_ID } : {}) }
        : undefined,
  },
  shopper: {
    paymentMethod: card("4242424242424242", "12", "2030", "100"),
    cardToSave: card("4242424242424242", "12", "2030", "100"),
    amount: { minorAmount: 10000, currency: "GBP" },
    customer: JANE,
  },
};

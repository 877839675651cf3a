// Shift4's part of the demo: the test mode with SHIFT4_SECRET_KEY (sk_test_...), else this
// folder's emulator. Shift4 does not sign webhooks: they are verified by fetching the event
// (verifyWebhook → GET /events/{id}), so the "secret" below is only the webhookId the protocol asks
// for, which Shift4 does not use.
import { BILLING_ADDRESS, card, JANE, type ConnectorScenario } from "../../../demo/scenario.js";
import { SHIFT4_SECRET_KEY } from "./index.js";

export const scenario: ConnectorScenario = {
  emulator: { auth: { secretKey: SHIFT4_SECRET_KEY }, webhookSecret: "shift4-webhooks-are-fetched" },
  sandbox: {
    env: ["SHIFT4_SECRET_KEY"],
    auth: (env) => (env.SHIFT4_SECRET_KEY ? { secretKey: env.SHIFT4_SECRET_KEY } : undefined),
  },
  shopper: {
    paymentMethod: card("4242424242424242", "12", "2030", "123"),
    cardToSave: card("5555555555554444", "12", "2030", "123"),
    amount: { minorAmount: 10000, currency: "EUR" },
    customer: JANE,
    billingAddress: BILLING_ADDRESS,
  },
};

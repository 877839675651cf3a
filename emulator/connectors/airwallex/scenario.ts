// Airwallex's part of the demo: its demo environment with AIRWALLEX_CLIENT_ID and AIRWALLEX_API_KEY
// (and, for webhooks, the endpoint's secret in AIRWALLEX_WEBHOOK_SECRET), else this folder's
// emulator. 4035 5010 0000 0008 is Airwallex's test card that always succeeds.
import { BILLING_ADDRESS, card, JANE, type ConnectorScenario } from "../../../demo/scenario.js";
import { AIRWALLEX_API_KEY, AIRWALLEX_CLIENT_ID } from "./index.js";

export const scenario: ConnectorScenario = {
  emulator: { auth: { clientId: AIRWALLEX_CLIENT_ID, apiKey: AIRWALLEX_API_KEY }, webhookSecret: "whsec_airwallex_emulator_secret" },
  sandbox: {
    env: ["AIRWALLEX_CLIENT_ID", "AIRWALLEX_API_KEY"],
    auth: (env) =>
      env.AIRWALLEX_CLIENT_ID && env.AIRWALLEX_API_KEY ? { clientId: env.AIRWALLEX_CLIENT_ID, apiKey: env.AIRWALLEX_API_KEY } : undefined,
  },
  shopper: {
    paymentMethod: card("4035501000000008", "12", "2030", "123"),
    // Saved as a merchant-triggered PaymentConsent (setupMandate), then charged with it (repeatPayment).
    cardToSave: card("4035501000000008", "12", "2030", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
    billingAddress: BILLING_ADDRESS,
  },
};

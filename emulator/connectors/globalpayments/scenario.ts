// Global Payments's part of the demo: GP API's sandbox with GLOBALPAYMENTS_APP_ID and
// GLOBALPAYMENTS_APP_KEY (the app key also verifies its status notifications), else this folder's
// emulator. 4263 9700 0000 5262 is GP's test card that is always approved.
import { BILLING_ADDRESS, card, JANE, type ConnectorScenario } from "../../../demo/scenario.js";
import { GLOBALPAYMENTS_APP_ID, GLOBALPAYMENTS_APP_KEY } from "./index.js";

export const scenario: ConnectorScenario = {
  // GP signs notifications with the app key: the webhook secret is the app key.
  emulator: { auth: { appId: GLOBALPAYMENTS_APP_ID, appKey: GLOBALPAYMENTS_APP_KEY }, webhookSecret: GLOBALPAYMENTS_APP_KEY },
  sandbox: {
    env: ["GLOBALPAYMENTS_APP_ID", "GLOBALPAYMENTS_APP_KEY"],
    auth: (env) =>
      env.GLOBALPAYMENTS_APP_ID && env.GLOBALPAYMENTS_APP_KEY ? { appId: env.GLOBALPAYMENTS_APP_ID, appKey: env.GLOBALPAYMENTS_APP_KEY } : undefined,
  },
  shopper: {
    paymentMethod: card("4263970000005262", "12", "2030", "123"),
    cardToSave: card("4263970000005262", "12", "2030", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
    billingAddress: BILLING_ADDRESS,
  },
};

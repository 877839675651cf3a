// Airwallex's part of the demo: its demo environment with AIRWALLEX_CLIENT_ID and AIRWALLEX_API_KEY
// (and, for webhooks, the endpoint's secret in AIRWALLEX_WEBHOOK_SECRET), else this folder's
// emulator. 4035 5010 0000 0008 is Airwallex's test card that always succeeds.
import { BILLING_ADDRESS, card, followRedirect, formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";
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
  scenarios: [
    {
      // iDEAL through confirm's payment_method {type: ideal}: REQUIRES_CUSTOMER_ACTION with
      // next_action redirect, the shopper pays at the bank, and the PaymentIntent SUCCEEDS.
      title: `Airwallex · iDEAL bank redirect · ${formatMoney(2500, "EUR")}`,
      paymentMethod: "bankRedirect",
      // EMULATOR-ONLY: the emulator's bank page pays as the shopper would.
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demoideal"),
            amount: { minorAmount: 2500, currency: "EUR" },
            paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal" } },
            customer: JANE,
            returnUrl: "https://shop.example/checkout/return",
            idempotencyKey: orderId("idem"),
          },
        });
        if (!s.step("authorize (create, then confirm with ideal: the shopper goes to the bank)", ["pending"], auth)) return;
        await followRedirect(auth.redirection!.url);
        const sync = await client.sync({ ...call, payment: auth, request: {} });
        s.step("sync (GET /payment_intents/{id}) after the bank's approval", ["charged"], sync);
      },
    },
  ],
};

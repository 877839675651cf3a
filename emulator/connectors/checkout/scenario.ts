// Checkout.com's part of the demo: the sandbox with CHECKOUT_SECRET_KEY (+ CHECKOUT_PROCESSING_CHANNEL_ID),
// else this folder's emulator.
import { card, followRedirect, formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";

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
  scenarios: [
    {
      title: `Checkout.com · iDEAL bank redirect · ${formatMoney(2500, "EUR")}`,
      paymentMethod: "bankRedirect",
      // EMULATOR-ONLY: the emulator's provider page pays as the shopper would at the bank.
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demoideal"),
            amount: { minorAmount: 2500, currency: "EUR" },
            paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal", issuer: "INGBNL2A" } },
            description: "Demo order",
            returnUrl: "https://shop.example/checkout/return",
            idempotencyKey: orderId("idem"),
          },
        });
        if (!s.step("authorize (202 Pending: the shopper goes to the bank)", ["authentication_pending"], auth)) return;
        await followRedirect(auth.redirection!.url);
        const sync = await client.sync({ ...call, payment: auth, request: {} });
        s.step("sync (GET /payments/{id}) after the bank's approval", ["charged"], sync);
      },
    },
  ],
};

// Stripe's part of the demo: test mode with STRIPE_API_KEY, else this folder's emulator.
import { card, followRedirect, formatMoney, JANE, maskPan, orderId, type ConnectorScenario } from "../../../demo/scenario.js";

export const scenario: ConnectorScenario = {
  emulator: { auth: { apiKey: "sk_test_emulator" }, webhookSecret: "whsec_demo_emulator_secret" },
  sandbox: { env: ["STRIPE_API_KEY"], auth: (env) => (env.STRIPE_API_KEY ? { apiKey: env.STRIPE_API_KEY } : undefined) },
  shopper: {
    paymentMethod: card("4242424242424242", "12", "2030", "123"),
    cardToSave: card("4242424242424242", "12", "2030", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
    returnUrl: "https://shop.example/checkout/return",
  },
  scenarios: [
    {
      title: `Stripe · 3-D Secure card ${maskPan("4000000000003220")} · ${formatMoney(1500, "EUR")} · manual capture`,
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demo3ds"),
            amount: { minorAmount: 1500, currency: "EUR" },
            paymentMethod: card("4000000000003220", "12", "2030", "123"),
            captureMethod: "manual",
            returnUrl: "https://shop.example/checkout/return",
          },
        });
        s.step("authorize (3DS challenge)", ["authentication_pending"], auth);
        const back = await followRedirect(auth.redirection!.url);
        const sync = await client.sync({ ...call, request: { connectorTransactionId: back.searchParams.get("payment_intent") ?? "" } });
        s.step("sync after the shopper's challenge", ["authorized"], sync);
      },
    },
    {
      title: `Stripe · declined card ${maskPan("4000000000009995")} · ${formatMoney(999, "USD")}`,
      async run(client, call, s) {
        const r = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demodecl"),
            amount: { minorAmount: 999, currency: "USD" },
            paymentMethod: card("4000000000009995", "12", "2030", "123"),
          },
        });
        s.step("authorize (a decline is data)", ["failure"], r);
      },
    },
  ],
};

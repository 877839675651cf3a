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
    {
      title: `Stripe · iDEAL bank redirect · ${formatMoney(2500, "EUR")}`,
      paymentMethod: "bankRedirect",
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demoideal"),
            amount: { minorAmount: 2500, currency: "EUR" },
            paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal", issuer: "ing" } },
            customer: JANE,
            returnUrl: "https://shop.example/checkout/return",
          },
        });
        s.step("authorize (the shopper goes to the bank)", ["authentication_pending"], auth);
        const back = await followRedirect(auth.redirection!.url);
        const sync = await client.sync({ ...call, request: { connectorTransactionId: back.searchParams.get("payment_intent") ?? "" } });
        s.step("sync after the shopper approved at the bank", ["charged"], sync);
      },
    },
    {
      title: `Stripe · SEPA Direct Debit · ${formatMoney(4900, "EUR")}`,
      paymentMethod: "bankDebit",
      async run(client, call, s) {
        const r = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demosepa"),
            amount: { minorAmount: 4900, currency: "EUR" },
            // Stripe's documented test IBAN that succeeds (https://docs.stripe.com/testing#sepa-direct-debit).
            paymentMethod: { type: "bankDebit", bankDebit: { method: "sepa", iban: "DE89370400440532013000", accountHolderName: "Jane Doe" } },
            customer: JANE,
            // The mandate the shopper accepted online: SEPA needs where and when.
            browserInfo: { ipAddress: "192.0.2.10", userAgent: "Mozilla/5.0 (demo)" },
          },
        });
        s.step("authorize (a debit is processing until it clears)", ["authorizing"], r);
      },
    },
    {
      title: `Stripe · Klarna with order lines · ${formatMoney(3000, "EUR")}`,
      paymentMethod: "bnpl",
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demoklarna"),
            amount: { minorAmount: 3000, currency: "EUR" },
            paymentMethod: { type: "bnpl", bnpl: { method: "klarna" } },
            customer: JANE,
            billingAddress: { country: "DE" },
            orderLines: [
              { name: "Running shoes", quantity: 1, unitAmount: { minorAmount: 2000, currency: "EUR" } },
              { name: "Socks", quantity: 2, unitAmount: { minorAmount: 500, currency: "EUR" } },
            ],
            returnUrl: "https://shop.example/checkout/return",
          },
        });
        s.step("authorize (the shopper goes to Klarna)", ["authentication_pending"], auth);
        const back = await followRedirect(auth.redirection!.url);
        const sync = await client.sync({ ...call, request: { connectorTransactionId: back.searchParams.get("payment_intent") ?? "" } });
        s.step("sync after the shopper accepted Klarna's offer", ["charged"], sync);
      },
    },
  ],
};

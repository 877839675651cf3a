// Adyen's part of the demo: the test environment with ADYEN_API_KEY + ADYEN_MERCHANT_ACCOUNT, else
// this folder's emulator.
import { card, followRedirect, formatMoney, JANE, maskPan, orderId, type ConnectorScenario } from "../../../demo/scenario.js";

export const scenario: ConnectorScenario = {
  emulator: {
    auth: { apiKey: "AQE_emulator_key", merchantAccount: "DemoMerchantECOM" },
    webhookSecret: "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056",
  },
  sandbox: {
    env: ["ADYEN_API_KEY", "ADYEN_MERCHANT_ACCOUNT"],
    auth: (env) => (env.ADYEN_API_KEY ? { apiKey: env.ADYEN_API_KEY, merchantAccount: env.ADYEN_MERCHANT_ACCOUNT ?? "" } : undefined),
  },
  shopper: {
    paymentMethod: card("4111111111111111", "03", "2030", "737"),
    cardToSave: card("4111111111111111", "03", "2030", "737"),
    amount: { minorAmount: 10000, currency: "EUR" },
    customer: JANE,
    returnUrl: "https://shop.example/checkout/return",
  },
  scenarios: [
    {
      title: `Adyen · 3-D Secure card ${maskPan("5454545454545454")} · ${formatMoney(4200, "EUR")} · manual capture`,
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demo"),
            amount: { minorAmount: 4200, currency: "EUR" },
            paymentMethod: card("5454545454545454", "03", "2030", "737"),
            captureMethod: "manual",
            returnUrl: "https://shop.example/checkout/return",
            idempotencyKey: orderId("idem"),
          },
        });
        s.step("authorize (3DS redirect)", ["authentication_pending"], auth);
        const back = await followRedirect(auth.redirection!.url);
        // The authorize result's state travels with `payment`; the redirect's parameters complete it.
        const sync = await client.sync({ ...call, payment: auth, request: { redirectPayload: Object.fromEntries(back.searchParams) } });
        s.step("sync (/payments/details)", ["authorized"], sync);
      },
    },
    {
      title: `Adyen · Klarna with order lines · ${formatMoney(3000, "EUR")}`,
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
            billingAddress: { line1: "Neue Schönhauser Str. 10", city: "Berlin", postalCode: "10178", country: "DE" },
            orderLines: [
              { name: "Running shoes", quantity: 1, unitAmount: { minorAmount: 2000, currency: "EUR" }, sku: "SHOE-1" },
              { name: "Socks", quantity: 2, unitAmount: { minorAmount: 500, currency: "EUR" }, sku: "SOCK-2" },
            ],
            returnUrl: "https://shop.example/checkout/return",
            idempotencyKey: orderId("idem"),
          },
        });
        s.step("authorize (the shopper goes to Klarna)", ["authentication_pending"], auth);
        const back = await followRedirect(auth.redirection!.url);
        const sync = await client.sync({ ...call, payment: auth, request: { redirectPayload: Object.fromEntries(back.searchParams) } });
        s.step("sync (/payments/details) after Klarna's approval", ["charged"], sync);
      },
    },
    {
      title: `Adyen · iDEAL bank redirect · ${formatMoney(2500, "EUR")}`,
      paymentMethod: "bankRedirect",
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demoideal"),
            amount: { minorAmount: 2500, currency: "EUR" },
            paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal" } },
            returnUrl: "https://shop.example/checkout/return",
            idempotencyKey: orderId("idem"),
          },
        });
        s.step("authorize (the shopper goes to the bank)", ["authentication_pending"], auth);
        const back = await followRedirect(auth.redirection!.url);
        const sync = await client.sync({ ...call, payment: auth, request: { redirectPayload: Object.fromEntries(back.searchParams) } });
        s.step("sync (/payments/details) after the bank's approval", ["charged"], sync);
      },
    },
  ],
};

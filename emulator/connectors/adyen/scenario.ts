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
  ],
};

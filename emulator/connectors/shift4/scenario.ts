// Shift4's part of the demo: the test mode with SHIFT4_SECRET_KEY (sk_test_...), else this
// folder's emulator. Shift4 does not sign webhooks: they are verified by fetching the event
// (verifyWebhook → GET /events/{id}), so the "secret" below is only the webhookId the protocol asks
// for, which Shift4 does not use.
import { BILLING_ADDRESS, card, formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";
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
  scenarios: [
    {
      // The Payment Methods API: the charge carries paymentMethod {type: ideal} and
      // flow.returnUrl; Shift4 answers pending with flow.redirect.redirectUrl.
      title: `Shift4 · iDEAL through the Payment Methods API · ${formatMoney(1250, "EUR")}`,
      paymentMethod: "bankRedirect",
      // EMULATOR-ONLY: the emulator's iDEAL page pays as the shopper would at the bank.
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demoideal"),
            amount: { minorAmount: 1250, currency: "EUR" },
            paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal" } },
            billingAddress: { firstName: "Jan", lastName: "Jansen", country: "NL" },
            returnUrl: "https://shop.example/checkout/return",
            idempotencyKey: orderId("idem"),
          },
        });
        if (!s.step("authorize (POST /charges: the shopper goes to the bank)", ["authentication_pending"], auth)) return;
        await (await fetch(auth.redirection!.url, { redirect: "manual" })).arrayBuffer();
        const sync = await client.sync({ ...call, payment: auth, request: {} });
        s.step("sync (GET /charges/{id}) after the bank's approval", ["charged"], sync);
      },
    },
  ],
};

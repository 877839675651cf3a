// Rapyd's part of the demo: the sandbox with RAPYD_ACCESS_KEY and RAPYD_SECRET_KEY, else this
// folder's emulator. Rapyd signs webhooks with both keys and the registered webhook URL, so the
// webhook "secret" is `<access_key>:<secret_key>`.
import { BILLING_ADDRESS, card, formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";
import { RAPYD_ACCESS_KEY, RAPYD_SECRET_KEY } from "./index.js";

export const scenario: ConnectorScenario = {
  emulator: { auth: { accessKey: RAPYD_ACCESS_KEY, secretKey: RAPYD_SECRET_KEY }, webhookSecret: `${RAPYD_ACCESS_KEY}:${RAPYD_SECRET_KEY}` },
  sandbox: {
    env: ["RAPYD_ACCESS_KEY", "RAPYD_SECRET_KEY"],
    auth: (env) =>
      env.RAPYD_ACCESS_KEY && env.RAPYD_SECRET_KEY ? { accessKey: env.RAPYD_ACCESS_KEY, secretKey: env.RAPYD_SECRET_KEY } : undefined,
  },
  shopper: {
    // Rapyd's sandbox success card (Visa 4111 1111 1111 1111, "Testing for Success" in its docs);
    // with a US billing address its payment method type is us_visa_card.
    paymentMethod: card("4111111111111111", "12", "2030", "123"),
    cardToSave: card("4111111111111111", "12", "2030", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
    billingAddress: BILLING_ADDRESS,
  },
  scenarios: [
    {
      // Rapyd's cash type for Mexico (mx_oxxo_cash): the answer is the pay code to show, and the
      // payment stays ACT (pending) until the shopper pays at the store.
      title: `Rapyd · OXXO cash voucher, paid at a store · ${formatMoney(35000, "MXN")}`,
      paymentMethod: "voucher",
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demooxxo"),
            amount: { minorAmount: 35000, currency: "MXN" },
            paymentMethod: { type: "voucher", voucher: { method: "oxxo" } },
            customer: JANE,
            billingAddress: { firstName: "Jane", lastName: "Doe", line1: "Av. Reforma 222", city: "Ciudad de México", postalCode: "06600", country: "MX" },
            returnUrl: "https://shop.example/checkout/return",
          },
        });
        s.step("authorize (OXXO: the pay code to show, the payment waits for the cash)", ["pending"], auth, {
          note: auth.nextAction?.type === "displayVoucher" ? "voucher shown to the shopper" : undefined,
        });
      },
    },
  ],
};

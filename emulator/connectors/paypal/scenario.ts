// PayPal's part of the demo: the sandbox with PAYPAL_CLIENT_ID + PAYPAL_CLIENT_SECRET (a REST app),
// else this folder's emulator.
import { card, followRedirect, formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";
import type { Money } from "../../../protocol/index.js";

export const scenario: ConnectorScenario = {
  // PayPal shares no webhook secret: this is the Webhook ID the emulator signs for, and PayPal
  // (the emulator's verify-webhook-signature) checks each delivery against it.
  emulator: { auth: { clientId: "AUv8rrc_demo_emulator_client", clientSecret: "EKmD_demo_emulator_secret" }, webhookSecret: "1JE4291016473214C" },
  sandbox: {
    env: ["PAYPAL_CLIENT_ID", "PAYPAL_CLIENT_SECRET"],
    auth: (env) => (env.PAYPAL_CLIENT_SECRET ? { clientId: env.PAYPAL_CLIENT_ID ?? "", clientSecret: env.PAYPAL_CLIENT_SECRET } : undefined),
  },
  shopper: {
    paymentMethod: card("4111111111111111", "03", "2030", "123"),
    cardToSave: card("4111111111111111", "03", "2030", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
  },
  scenarios: [
    {
      title: `PayPal · PayPal wallet · ${formatMoney(2500, "USD")} · manual capture`,
      // EMULATOR-ONLY: the emulator's checkout page approves as the payer would after logging in.
      emulatorOnly: true,
      async run(client, call, s) {
        const amount: Money = { minorAmount: 2500, currency: "USD" };
        const order = orderId("demopp");
        const created = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: order,
            amount,
            paymentMethod: { type: "paypal", paypal: { email: "payer@example.com" } },
            captureMethod: "manual",
            returnUrl: "https://shop.example/paypal/return",
            idempotencyKey: `${order}-authorize`,
          },
        });
        if (!s.step("authorize (redirect to PayPal)", ["authentication_pending"], created)) return;
        const back = await followRedirect(created.redirection!.url);
        const done = await client.completeAuthorize({
          ...call,
          payment: created,
          request: { captureMethod: "manual", redirectPayload: Object.fromEntries(back.searchParams), idempotencyKey: `${order}-complete` },
        });
        if (!s.step("completeAuthorize (payer approved)", ["authorized"], done)) return;
        const captured = await client.capture({ ...call, payment: done, request: { amountToCapture: amount, paymentAmount: amount, idempotencyKey: `${order}-capture` } });
        s.step(`capture all ${formatMoney(amount.minorAmount, amount.currency)}`, ["charged"], captured, { name: "capture all" });
      },
    },
  ],
};

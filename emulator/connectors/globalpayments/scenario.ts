// Global Payments's part of the demo: GP API's sandbox with GLOBALPAYMENTS_APP_ID and
// GLOBALPAYMENTS_APP_KEY (the app key also verifies its status notifications), else this folder's
// emulator. 4263 9700 0000 5262 is GP's test card that is always approved.
import { BILLING_ADDRESS, card, followRedirect, formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";
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
  scenarios: [
    {
      // An Apple Pay token as the shopper's device gives it (PKPaymentToken's paymentData, still
      // encrypted), sent to GP as digital_wallet APPLEPAY for GP to decrypt.
      title: `Global Payments · Apple Pay, the encrypted token passed through · ${formatMoney(1500, "USD")}`,
      paymentMethod: "applePay",
      async run(client, call, s) {
        const paymentData = Buffer.from(
          JSON.stringify({ version: "EC_v1", data: "ZW5jcnlwdGVk", signature: "c2ln", header: { ephemeralPublicKey: "a2V5", publicKeyHash: "aGFzaA==", transactionId: "abc123" } }),
        ).toString("base64");
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demoapplepay"),
            amount: { minorAmount: 1500, currency: "USD" },
            paymentMethod: { type: "applePay", applePay: { paymentData } },
            customer: JANE,
          },
        });
        s.step("authorize (Apple Pay through digital_wallet)", ["charged", "authorized"], auth);
      },
    },
      {
      // A local payment method: iDEAL as payment_method.apm, the shopper sent to the provider's page.
      title: `Global Payments · iDEAL as a local payment method (apm) · ${formatMoney(1999, "EUR")}`,
      paymentMethod: "bankRedirect",
      // EMULATOR-ONLY: the emulator's provider page pays as the shopper would at the bank.
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demoideal"),
            amount: { minorAmount: 1999, currency: "EUR" },
            paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal" } },
            customer: JANE,
            returnUrl: "https://shop.example/checkout/return",
            webhookUrl: "https://shop.example/webhooks/globalpayments",
          },
        });
        if (!s.step("authorize (INITIATED: the shopper goes to the bank's page)", ["pending"], auth)) return;
        await followRedirect(auth.redirection!.url);
        const sync = await client.sync({ ...call, payment: auth, request: {} });
        s.step("sync (GET /transactions/{id}) after the shopper paid", ["charged"], sync);
      },
    },
    {
      // PayPal as GP's apm provider paypal: the payer approves on PayPal's page, GP holds the
      // payment PENDING with the payer's reference, and the confirmation naming it makes the payment.
      // (No paymentMethod tag: the demo counts PayPal among the lifecycles' types, not the scenarios'.)
      title: `Global Payments · PayPal (apm), approved then confirmed · ${formatMoney(1250, "USD")}`,
      // EMULATOR-ONLY: the emulator's PayPal page approves as the payer would.
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demopaypal"),
            amount: { minorAmount: 1250, currency: "USD" },
            paymentMethod: { type: "paypal" },
            customer: JANE,
            returnUrl: "https://shop.example/checkout/return",
            webhookUrl: "https://shop.example/webhooks/globalpayments",
          },
        });
        if (!s.step("authorize (INITIATED: the payer goes to PayPal)", ["pending"], auth)) return;
        await followRedirect(auth.redirection!.url);
        const sync = await client.sync({ ...call, payment: auth, request: {} });
        if (!s.step("sync (PENDING: the payer approved, GP names them)", ["authentication_successful"], sync)) return;
        const done = await client.completeAuthorize({ ...call, payment: sync, request: {} });
        s.step("completeAuthorize (POST /transactions/{id}/confirmation)", ["charged"], done);
      },
    },
  ],
};

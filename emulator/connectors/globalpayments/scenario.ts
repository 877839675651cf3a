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
      {
      // An ACH debit: payment_method.bank_transfer with GP's SDK test account and routing number,
      // sec code WEB, the payer's billing address; a sale, refunded in part.
      title: `Global Payments · ACH debit (bank_transfer, sec code WEB) · ${formatMoney(1100, "USD")}`,
      paymentMethod: "bankDebit",
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demoach"),
            amount: { minorAmount: 1100, currency: "USD" },
            paymentMethod: {
              type: "bankDebit",
              bankDebit: { method: "ach", accountHolderName: "Jane Doe", accountNumber: ["12345", "67890"].join(""), routingNumber: "122000030", accountType: "checking" },
            },
            customer: JANE,
            billingAddress: { line1: "Apartment 852", city: "Chicago", postalCode: "50001", state: "IL", country: "US" },
          },
        });
        if (!s.step("authorize (ACH sale)", ["charged", "pending"], auth)) return;
        const refund = await client.refund({ ...call, payment: auth, request: { merchantRefundId: `${auth.connectorTransactionId}-r1`, refundAmount: { minorAmount: 500, currency: "USD" } } });
        s.step("refund part of the ACH debit", ["success", "pending"], refund);
      },
    },
    {
      // Buy now, pay later: Affirm through payment_method.bnpl, the shopper agreeing on the provider's
      // page, then the merchant captures.
      title: `Global Payments · Affirm (bnpl), approved then captured · ${formatMoney(55000, "USD")}`,
      paymentMethod: "bnpl",
      // EMULATOR-ONLY: the emulator's provider page approves as the shopper would.
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demobnpl"),
            amount: { minorAmount: 55000, currency: "USD" },
            paymentMethod: { type: "bnpl", bnpl: { method: "affirm" } },
            captureMethod: "manual",
            customer: { email: "james.mason@example.com", phone: "+14155550100" },
            billingAddress: { firstName: "James", lastName: "Mason", line1: "10 Glenlake Pkwy NE", city: "Birmingham", postalCode: "50001", state: "IL", country: "US" },
            shippingAddress: { line1: "Apartment 852", city: "Birmingham", postalCode: "50001", state: "IL", country: "US" },
            orderLines: [
              { name: "iPhone 13", quantity: 1, unitAmount: { minorAmount: 55000, currency: "USD" }, sku: "IPHONE-13", productUrl: "https://shop.example/iphone", imageUrl: "https://shop.example/iphone.png" },
            ],
            returnUrl: "https://shop.example/checkout/return",
            webhookUrl: "https://shop.example/webhooks/globalpayments",
          },
        });
        if (!s.step("authorize (INITIATED: the shopper goes to Affirm)", ["pending"], auth)) return;
        await followRedirect(auth.redirection!.url);
        const sync = await client.sync({ ...call, payment: auth, request: {} });
        if (!s.step("sync (PREAUTHORIZED: Affirm approved)", ["authorized"], sync)) return;
        const captured = await client.capture({ ...call, payment: sync, request: {} });
        s.step("capture", ["charged"], captured);
      },
    },
  ],
};

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
    {
      // A bank redirect named by the merchant: Rapyd names its bank methods per country and
      // merchant account, so the merchant passes the type it took from List Payment Methods by
      // Country as processorMethod (nl_ideal_bank here is an example of that shape). The answer is
      // the bank's page (redirect_url); the shopper pays there and psync reads the payment closed.
      title: `Rapyd · iDEAL bank redirect named by processorMethod → the shopper pays at the bank → psync · ${formatMoney(2500, "EUR")}`,
      paymentMethod: "bankRedirect",
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demoideal"),
            amount: { minorAmount: 2500, currency: "EUR" },
            paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal", country: "NL", processorMethod: "nl_ideal_bank" } },
            customer: JANE,
            billingAddress: { firstName: "Jane", lastName: "Doe", country: "NL" },
            returnUrl: "https://shop.example/rapyd/return",
          },
        });
        if (!s.step("authorize (the bank's page to open)", ["pending"], auth, { note: auth.nextAction?.type === "redirect" ? "redirect to the bank" : undefined })) return;
        if (!auth.redirection) return;
        const paid = await fetch(auth.redirection.url, { redirect: "manual" });
        await paid.arrayBuffer();
        s.step("the shopper pays at the bank", ["302"], { status: String(paid.status) });
        const synced = await client.sync({ ...call, payment: auth, request: {} });
        s.step("psync", ["charged"], synced);
      },
    },
    {
      // Rapyd's "Creating a Payment with Google Pay (encrypted)": the card's type (us_visa_card
      // for a US shopper) with digital_wallet google_pay and Google Pay's PaymentData as the token.
      // The token here is a stand-in of Google's shape: the emulator checks the shape, the
      // sandbox needs a real token from Google Pay's test environment.
      title: `Rapyd · Google Pay (encrypted token) · ${formatMoney(4200, "USD")}`,
      paymentMethod: "googlePay",
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demogpay"),
            amount: { minorAmount: 4200, currency: "USD" },
            paymentMethod: {
              type: "googlePay",
              googlePay: { token: '{"protocolVersion":"ECv2","signature":"MEYCIQ-demo","signedMessage":"{}"}', cardNetwork: "VISA", cardDetails: "1111" },
            },
            customer: JANE,
            billingAddress: BILLING_ADDRESS,
          },
        });
        s.step("authorize (Google Pay on us_visa_card)", ["charged"], auth);
      },
    },
    {
      // Rapyd Checkout: Create Checkout Page, the shopper pays on the hosted page (the emulator's
      // stand-in pays with Rapyd's success card), psync of the checkout id finds the payment.
      title: `Rapyd · hosted Checkout page: createSession → the shopper pays → psync → capture · ${formatMoney(7500, "USD")}`,
      emulatorOnly: true,
      async run(client, call, s) {
        const session = await client.createSession({
          ...call,
          request: {
            merchantTransactionId: orderId("democo"),
            amount: { minorAmount: 7500, currency: "USD" },
            countryCode: "US",
            captureMethod: "manual",
            returnUrl: "https://shop.example/rapyd/return",
            paymentMethodTypes: ["card", "walletRedirect"],
          },
        });
        s.step("createSession (Create Checkout Page)", ["success"], session, { note: session.redirection ? "redirect_url of the hosted page" : undefined });
        if (!session.redirection) return;
        const paid = await fetch(session.redirection.url, { redirect: "manual" });
        await paid.arrayBuffer();
        s.step("the shopper pays on the checkout page", ["302"], { status: String(paid.status) });
        const synced = await client.sync({ ...call, payment: session, request: {} });
        if (!s.step("psync (Retrieve Checkout Page: its payment)", ["authorized"], synced)) return;
        const captured = await client.capture({ ...call, payment: synced, request: {} });
        s.step("capture", ["charged"], captured);
      },
    },
  ],
};

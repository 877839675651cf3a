// Xendit's part of the demo: the test mode with XENDIT_API_KEY (xnd_development_...), else this
// folder's emulator. Xendit's test card 4000000000001000 is "3DS EMV 2.0 Frictionless": approved
// without a challenge (https://docs.xendit.co/credit-cards/integrations/test-scenarios). Xendit
// does not sign webhooks: each carries the account's verification token in `x-callback-token`,
// which is the webhook secret here.
import { card, formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";
import { XENDIT_API_KEY } from "./index.js";

export const scenario: ConnectorScenario = {
  emulator: { auth: { apiKey: XENDIT_API_KEY }, webhookSecret: "xendit-callback-verification-token" },
  sandbox: { env: ["XENDIT_API_KEY"], auth: (env) => (env.XENDIT_API_KEY ? { apiKey: env.XENDIT_API_KEY } : undefined) },
  shopper: {
    paymentMethod: card("4000000000001000", "12", "2030", "123"),
    cardToSave: card("5200000000001005", "12", "2030", "123"),
    // IDR 150,000 (ISO minor units: Xendit takes whole rupiah, so every amount is a multiple of 100).
    amount: { minorAmount: 15000000, currency: "IDR" },
    customer: JANE,
    returnUrl: "https://shop.example/xendit/return",
  },
  scenarios: [
    {
      title: `Xendit · GCash e-wallet · ${formatMoney(10050, "PHP")}`,
      paymentMethod: "walletRedirect",
      // EMULATOR-ONLY: the emulator's wallet page approves as the shopper would in GCash.
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demogcash"),
            amount: { minorAmount: 10050, currency: "PHP" },
            paymentMethod: { type: "walletRedirect", walletRedirect: { method: "gcash" } },
            returnUrl: "https://shop.example/checkout/return",
            idempotencyKey: orderId("idem"),
          },
        });
        if (!s.step("authorize (the shopper goes to GCash)", ["authentication_pending"], auth)) return;
        await (await fetch(auth.redirection!.url, { redirect: "manual" })).arrayBuffer();
        const sync = await client.sync({ ...call, payment: auth, request: {} });
        s.step("sync (GET /payment_requests/{id}) after the wallet's approval", ["charged"], sync);
      },
    },
    {
      title: `Xendit · BPI online banking · ${formatMoney(250000, "PHP")}`,
      paymentMethod: "bankRedirect",
      // EMULATOR-ONLY: the emulator's bank page approves as the shopper would in BPI's online banking.
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demobpi"),
            amount: { minorAmount: 250000, currency: "PHP" },
            paymentMethod: { type: "bankRedirect", bankRedirect: { method: "onlineBanking", issuer: "BPI_ONLINE_BANKING" } },
            returnUrl: "https://shop.example/checkout/return",
            idempotencyKey: orderId("idem"),
          },
        });
        if (!s.step("authorize (the shopper goes to BPI's online banking)", ["authentication_pending"], auth)) return;
        await (await fetch(auth.redirection!.url, { redirect: "manual" })).arrayBuffer();
        const sync = await client.sync({ ...call, payment: auth, request: {} });
        s.step("sync (GET /payment_requests/{id}) after the bank's approval", ["charged"], sync);
      },
    },
    {
      title: `Xendit · BNI virtual account · ${formatMoney(1500000, "IDR")}`,
      paymentMethod: "bankTransfer",
      // EMULATOR-ONLY: the emulator's stand-in for the shopper's transfer into the account.
      emulatorOnly: true,
      async run(client, call, s, hooks) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demova"),
            amount: { minorAmount: 1500000, currency: "IDR" },
            paymentMethod: { type: "bankTransfer", bankTransfer: { method: "virtualAccount", bank: "BNI" } },
            customer: { name: "Ahmad Gunawan" },
            idempotencyKey: orderId("idem"),
          },
        });
        if (!s.step("authorize (a virtual account to show the shopper)", ["pending"], auth, { note: auth.nextAction?.type })) return;
        if (!hooks.emulatorBaseUrl) return;
        await (await fetch(`${hooks.emulatorBaseUrl}/emulator/virtual_accounts/${auth.connectorTransactionId}/pay`, { method: "POST" })).arrayBuffer();
        const sync = await client.sync({ ...call, payment: auth, request: {} });
        s.step("sync (GET /payment_requests/{id}) after the transfer", ["charged"], sync);
      },
    },
  ],
};

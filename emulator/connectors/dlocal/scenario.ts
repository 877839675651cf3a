// dLocal's part of the demo: the sandbox with DLOCAL_X_LOGIN, DLOCAL_X_TRANS_KEY and
// DLOCAL_SECRET_KEY, else this folder's emulator. dLocal signs notifications with the merchant's
// X-Login and secret key, so the webhook "secret" is `<x_login>:<secret_key>`.
import { card, formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";
import { DLOCAL_SECRET_KEY, DLOCAL_X_LOGIN, DLOCAL_X_TRANS_KEY } from "./index.js";

export const scenario: ConnectorScenario = {
  emulator: {
    auth: { xLogin: DLOCAL_X_LOGIN, xTransKey: DLOCAL_X_TRANS_KEY, secretKey: DLOCAL_SECRET_KEY },
    webhookSecret: `${DLOCAL_X_LOGIN}:${DLOCAL_SECRET_KEY}`,
  },
  sandbox: {
    env: ["DLOCAL_X_LOGIN", "DLOCAL_X_TRANS_KEY", "DLOCAL_SECRET_KEY"],
    auth: (env) =>
      env.DLOCAL_X_LOGIN && env.DLOCAL_X_TRANS_KEY && env.DLOCAL_SECRET_KEY
        ? { xLogin: env.DLOCAL_X_LOGIN, xTransKey: env.DLOCAL_X_TRANS_KEY, secretKey: env.DLOCAL_SECRET_KEY }
        : undefined,
  },
  shopper: {
    // dLocal's sandbox Visa test card (its Testing page: 4111 1111 1111 1111), paid in Mexico.
    paymentMethod: card("4111111111111111", "12", "2030", "123"),
    cardToSave: card("4111111111111111", "12", "2030", "123"),
    amount: { minorAmount: 10000, currency: "MXN" },
    customer: JANE,
    billingAddress: { firstName: "Jane", lastName: "Doe", line1: "Av. Reforma 222", city: "Ciudad de México", state: "CDMX", postalCode: "06600", country: "MX" },
  },
  scenarios: [
    {
      title: `dLocal · OXXO voucher, paid in cash at a store · ${formatMoney(35000, "MXN")}`,
      paymentMethod: "voucher",
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demooxxo"),
            amount: { minorAmount: 35000, currency: "MXN" },
            paymentMethod: { type: "voucher", voucher: { method: "oxxo" } },
            customer: JANE,
            returnUrl: "https://shop.example/checkout/return",
          },
        });
        s.step("authorize (OXXO: the voucher to print, the payment waits for the cash)", ["pending"], auth, {
          note: auth.nextAction?.type === "displayVoucher" ? "voucher shown to the shopper" : undefined,
        });
      },
    },
    {
      title: `dLocal · M-Pesa mobile money (Kenya): the shopper enters the PIN on the phone · ${formatMoney(150000, "KES")}`,
      paymentMethod: "mobileMoney",
      // EMULATOR-ONLY: the emulator's stand-in for the shopper's PIN.
      emulatorOnly: true,
      async run(client, call, s, hooks) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demodlmm"),
            amount: { minorAmount: 150000, currency: "KES" },
            paymentMethod: { type: "mobileMoney", mobileMoney: { provider: "mpesa", phoneNumber: "+254712345678" } },
            customer: JANE,
          },
        });
        if (!s.step("authorize (MW, DIRECT: PENDING until the shopper's PIN)", ["pending"], auth, { note: auth.nextAction?.type })) return;
        if (!hooks.emulatorBaseUrl) return;
        await (await fetch(`${hooks.emulatorBaseUrl}/collect/${encodeURIComponent(auth.connectorTransactionId!)}`, { method: "POST" })).arrayBuffer();
        const synced = await client.sync({ ...call, payment: auth, request: {} });
        s.step("psync (Retrieve a payment) after the PIN", ["charged"], synced);
      },
    },
    {
      title: `dLocal · bank transfer (Argentina, Banco Industrial): the account shown to the shopper · ${formatMoney(250000, "ARS")}`,
      paymentMethod: "bankTransfer",
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demodlbt"),
            amount: { minorAmount: 250000, currency: "ARS" },
            paymentMethod: { type: "bankTransfer", bankTransfer: { method: "virtualAccount", bank: "IO", country: "AR" } },
            customer: { ...JANE, document: { type: "DNI", number: "27183121" } },
          },
        });
        s.step("authorize (IO, DIRECT: the bank_transfer object to show)", ["pending"], auth, {
          note: auth.nextAction?.type === "displayBankDetails" ? "bank account shown to the shopper" : undefined,
        });
      },
    },
    {
      title: `dLocal · PSE online banking (Colombia): the shopper pays at their bank · ${formatMoney(5000000, "COP")}`,
      paymentMethod: "bankRedirect",
      async run(client, call, s, hooks) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demodlpse"),
            amount: { minorAmount: 5000000, currency: "COP" },
            paymentMethod: { type: "bankRedirect", bankRedirect: { method: "onlineBanking", processorMethod: "PC", country: "CO" } },
            customer: { ...JANE, document: { type: "CC", number: "1020304050" } },
            returnUrl: "https://shop.example/checkout/return",
          },
        });
        if (!s.step("authorize (PC, REDIRECT: PENDING with dLocal's redirect_url)", ["pending"], auth, { note: auth.nextAction?.type })) return;
        // EMULATOR-ONLY: the emulator's stand-in for the shopper paying at their bank.
        if (!hooks.emulatorBaseUrl) return;
        await (await fetch(`${hooks.emulatorBaseUrl}/collect/${encodeURIComponent(auth.connectorTransactionId!)}`, { method: "POST" })).arrayBuffer();
        const synced = await client.sync({ ...call, payment: auth, request: {} });
        s.step("psync (Retrieve a payment) after the bank's payment", ["charged"], synced);
      },
    },
  ],
};

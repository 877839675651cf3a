// Authorize.Net's part of the demo: the sandbox with AUTHORIZENET_API_LOGIN_ID +
// AUTHORIZENET_TRANSACTION_KEY, else this folder's emulator.
import { BILLING_ADDRESS, card, formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";
import { AUTHORIZEDOTNET_CREDENTIALS, AUTHORIZEDOTNET_PATH } from "./index.js";

export const scenario: ConnectorScenario = {
  emulator: {
    // The emulator checks the credentials as Authorize.Net would: its own.
    auth: { ...AUTHORIZEDOTNET_CREDENTIALS },
    // The Signature Key (128 hex digits) Authorize.Net signs X-ANET-Signature with.
    webhookSecret: "7D3E0A5C9B1F4E2D8C6A0B3F5E7D9C1A2B4D6F8E0A1C3E5B7D9F1A3C5E7B9D0F2A4C6E8B0D2F4A6C8E0B2D4F6A8C1E3A5C7E9B1D3F5A7C9E1B3D5F7A9C0E2B4F",
  },
  sandbox: {
    env: ["AUTHORIZENET_API_LOGIN_ID", "AUTHORIZENET_TRANSACTION_KEY"],
    auth: (env) =>
      env.AUTHORIZENET_TRANSACTION_KEY ? { apiLoginId: env.AUTHORIZENET_API_LOGIN_ID ?? "", transactionKey: env.AUTHORIZENET_TRANSACTION_KEY } : undefined,
  },
  shopper: {
    paymentMethod: card("4111111111111111", "12", "2030", "123"),
    cardToSave: card("4111111111111111", "12", "2030", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
    billingAddress: BILLING_ADDRESS,
  },
  settlement: {
    why: "Authorize.Net refunds only settled transactions, and the sandbox settles in its nightly batch",
    // The baseUrl is the API endpoint itself; the batch runs at the mount's root.
    emulatorOnlySettle: (baseUrl) => fetch(`${baseUrl.slice(0, -AUTHORIZEDOTNET_PATH.length)}/_emulator/settle`, { method: "POST" }),
  },
  scenarios: [
    {
      // A real Apple Pay token is made by a device for the merchant's certificate: the emulator's
      // stand-in takes any well-formed one.
      title: `Authorize.Net · Apple Pay token (opaqueData COMMON.APPLE.INAPP.PAYMENT) · ${formatMoney(2500, "USD")}`,
      paymentMethod: "applePay",
      emulatorOnly: true,
      async run(client, call, s) {
        const paymentData = Buffer.from(JSON.stringify({ version: "EC_v1", data: "demo", signature: "demo", header: { transactionId: "demo" } })).toString("base64");
        const r = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("dapple"),
            amount: { minorAmount: 2500, currency: "USD" },
            paymentMethod: { type: "applePay", applePay: { paymentData } },
            captureMethod: "automatic",
            customer: JANE,
            billingAddress: BILLING_ADDRESS,
          },
        });
        s.step("authorize with the encrypted token (Authorize.Net decrypts it)", ["charged"], r);
      },
    },
    {
      title: `Authorize.Net · eCheck.Net (ACH) debit · ${formatMoney(4900, "USD")}`,
      paymentMethod: "bankDebit",
      emulatorOnly: true,
      async run(client, call, s) {
        const r = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("dach"),
            amount: { minorAmount: 4900, currency: "USD" },
            paymentMethod: { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "Jane Doe", accountNumber: "123456789", routingNumber: "121042882", accountType: "checking" } },
            captureMethod: "automatic",
            customer: JANE,
            billingAddress: BILLING_ADDRESS,
          },
        });
        s.step("authorize (an eCheck.Net sale)", ["charged"], r);
      },
    },
  ],
};

// Authorize.Net's part of the demo: the sandbox with AUTHORIZENET_API_LOGIN_ID +
// AUTHORIZENET_TRANSACTION_KEY, else this folder's emulator.
import { BILLING_ADDRESS, card, JANE, type ConnectorScenario } from "../../../demo/scenario.js";
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
};

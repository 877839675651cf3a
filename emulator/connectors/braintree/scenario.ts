// Braintree's part of the demo: the sandbox with BRAINTREE_PUBLIC_KEY + BRAINTREE_PRIVATE_KEY
// (+ BRAINTREE_MERCHANT_ACCOUNT_ID), else this folder's emulator.
import { JANE, type ConnectorScenario } from "../../../demo/scenario.js";
import { BRAINTREE_PRIVATE_KEY, BRAINTREE_PUBLIC_KEY } from "./index.js";

export const scenario: ConnectorScenario = {
  // The emulator checks the credentials as Braintree would: its own. Braintree signs its webhooks
  // with the API private key.
  emulator: { auth: { publicKey: BRAINTREE_PUBLIC_KEY, privateKey: BRAINTREE_PRIVATE_KEY, merchantAccountId: "acme_USD" }, webhookSecret: BRAINTREE_PRIVATE_KEY },
  sandbox: {
    env: ["BRAINTREE_PUBLIC_KEY", "BRAINTREE_PRIVATE_KEY", "BRAINTREE_MERCHANT_ACCOUNT_ID"],
    auth: (env) =>
      env.BRAINTREE_PRIVATE_KEY
        ? {
            publicKey: env.BRAINTREE_PUBLIC_KEY ?? "",
            privateKey: env.BRAINTREE_PRIVATE_KEY,
            ...(env.BRAINTREE_MERCHANT_ACCOUNT_ID ? { merchantAccountId: env.BRAINTREE_MERCHANT_ACCOUNT_ID } : {}),
          }
        : undefined,
  },
  // Braintree takes a nonce from its client SDK, never card data; fake-valid-nonce is its sandbox's
  // reusable test nonce.
  shopper: {
    paymentMethod: { type: "token", token: { value: "fake-valid-nonce" } },
    cardToSave: { type: "token", token: { value: "fake-valid-nonce" } },
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
  },
  settlement: {
    why: "Braintree refunds only settled transactions, and the sandbox settles in its nightly batch",
    emulatorOnlySettle: (baseUrl, id) => fetch(`${baseUrl}/_emulator/settle/${encodeURIComponent(id)}`, { method: "POST" }),
  },
};

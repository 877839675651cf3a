// Cybersource's part of the demo: the test environment with CYBERSOURCE_MERCHANT_ID +
// CYBERSOURCE_API_KEY_ID + CYBERSOURCE_SHARED_SECRET, else this folder's emulator.
import { BILLING_ADDRESS, card, JANE, type ConnectorScenario } from "../../../demo/scenario.js";
import { CYBERSOURCE_MERCHANT } from "./index.js";

export const scenario: ConnectorScenario = {
  // The emulator checks the credentials as Cybersource would: its own. The webhook secret is the
  // digital signature key (base64, as Cybersource returns it) v-c-signature is made with.
  emulator: { auth: { ...CYBERSOURCE_MERCHANT }, webhookSecret: "ZGVtbyBkaWdpdGFsIHNpZ25hdHVyZSBrZXksIDMyIGI=" },
  sandbox: {
    env: ["CYBERSOURCE_MERCHANT_ID", "CYBERSOURCE_API_KEY_ID", "CYBERSOURCE_SHARED_SECRET"],
    auth: (env) =>
      env.CYBERSOURCE_SHARED_SECRET
        ? { merchantId: env.CYBERSOURCE_MERCHANT_ID ?? "", apiKeyId: env.CYBERSOURCE_API_KEY_ID ?? "", sharedSecret: env.CYBERSOURCE_SHARED_SECRET }
        : undefined,
  },
  shopper: {
    paymentMethod: card("4111111111111111", "12", "2031", "123"),
    cardToSave: card("4111111111111111", "12", "2031", "123"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
    billingAddress: BILLING_ADDRESS,
  },
};

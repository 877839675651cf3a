// Nuvei's part of the demo: the sandbox (ppp-test.nuvei.com) with NUVEI_MERCHANT_ID,
// NUVEI_MERCHANT_SITE_ID and NUVEI_MERCHANT_SECRET_KEY, else this folder's emulator. The card is
// Nuvei's approved test card; Nuvei requires the cardholder's name and the billing country/email.
import { BILLING_ADDRESS, card, JANE, type ConnectorScenario } from "../../../demo/scenario.js";
import { NUVEI_MERCHANT_ID, NUVEI_MERCHANT_SITE_ID, NUVEI_SECRET_KEY } from "./index.js";

export const scenario: ConnectorScenario = {
  // Nuvei's DMNs are checksummed with the merchant secret key, so it is the webhook secret too.
  emulator: {
    auth: { merchantId: NUVEI_MERCHANT_ID, merchantSiteId: NUVEI_MERCHANT_SITE_ID, merchantSecretKey: NUVEI_SECRET_KEY },
    webhookSecret: NUVEI_SECRET_KEY,
  },
  sandbox: {
    env: ["NUVEI_MERCHANT_ID", "NUVEI_MERCHANT_SITE_ID", "NUVEI_MERCHANT_SECRET_KEY"],
    auth: (env) =>
      env.NUVEI_MERCHANT_ID && env.NUVEI_MERCHANT_SITE_ID && env.NUVEI_MERCHANT_SECRET_KEY
        ? { merchantId: env.NUVEI_MERCHANT_ID, merchantSiteId: env.NUVEI_MERCHANT_SITE_ID, merchantSecretKey: env.NUVEI_MERCHANT_SECRET_KEY }
        : undefined,
  },
  shopper: {
    paymentMethod: card("4000023104662535", "12", "2030", "217"),
    cardToSave: card("4000023104662535", "12", "2030", "217"),
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
    billingAddress: BILLING_ADDRESS,
  },
};

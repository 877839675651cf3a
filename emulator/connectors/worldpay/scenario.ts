// Worldpay's part of the demo: the Try environment with WORLDPAY_USERNAME and WORLDPAY_PASSWORD
// (Access Worldpay credentials from the Implementation Manager; WORLDPAY_ENTITY optional), else this
// folder's emulator. The card is the Visa of Worldpay's Payments API testing page
// (https://developer.worldpay.com/products/payments/testing): cardHolderName AUTHORISED is
// authorized; REFUSED<code> would refuse with that code.
import { BILLING_ADDRESS, card, JANE, type ConnectorScenario } from "../../../demo/scenario.js";
import { WORLDPAY_PASSWORD, WORLDPAY_USERNAME } from "./index.js";

const NARRATIVE = "Demo shop";

export const scenario: ConnectorScenario = {
  emulator: {
    auth: { username: WORLDPAY_USERNAME, password: WORLDPAY_PASSWORD, entity: "default", narrative: NARRATIVE },
    webhookSecret: "worldpay-event-signature-secret",
  },
  sandbox: {
    env: ["WORLDPAY_USERNAME", "WORLDPAY_PASSWORD"],
    auth: (env) =>
      env.WORLDPAY_USERNAME && env.WORLDPAY_PASSWORD
        ? { username: env.WORLDPAY_USERNAME, password: env.WORLDPAY_PASSWORD, entity: env.WORLDPAY_ENTITY ?? "default", narrative: NARRATIVE }
        : undefined,
  },
  shopper: {
    paymentMethod: card("4000000000002701", "05", "2035", "123", "AUTHORISED"),
    cardToSave: card("5200000000002235", "05", "2035", "123", "AUTHORISED"),
    amount: { minorAmount: 4200, currency: "GBP" },
    customer: JANE,
    billingAddress: BILLING_ADDRESS,
  },
};

// PhonePe's part of the demo: UAT with PHONEPE_MERCHANT_ID + PHONEPE_SALT_KEY + PHONEPE_SALT_INDEX,
// else this folder's emulator.
import type { ConnectorScenario } from "../../../demo/scenario.js";

// PhonePe's published UAT test merchant; its callbacks are signed with the same salt key.
const UAT_SALT_KEY = "099eb0cd-02cf-4e2a-8aca-3e6c6aff0399";

export const scenario: ConnectorScenario = {
  emulator: { auth: { merchantId: "PGTESTPAYUAT", saltKey: UAT_SALT_KEY, saltIndex: "1" }, webhookSecret: UAT_SALT_KEY },
  sandbox: {
    env: ["PHONEPE_MERCHANT_ID", "PHONEPE_SALT_KEY", "PHONEPE_SALT_INDEX"],
    auth: (env) =>
      env.PHONEPE_SALT_KEY ? { merchantId: env.PHONEPE_MERCHANT_ID ?? "", saltKey: env.PHONEPE_SALT_KEY, saltIndex: env.PHONEPE_SALT_INDEX ?? "1" } : undefined,
  },
  shopper: {
    paymentMethod: { type: "upiCollect", upi: { vpa: "success@ybl" } },
    amount: { minorAmount: 49900, currency: "INR" },
    customer: { id: "cust_demo_1", phone: "9999999999" },
    returnUrl: "https://shop.example/checkout/return",
  },
};

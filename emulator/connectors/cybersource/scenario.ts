// Cybersource's part of the demo: the test environment with CYBERSOURCE_MERCHANT_ID +
// CYBERSOURCE_API_KEY_ID + CYBERSOURCE_SHARED_SECRET, else this folder's emulator.
import { BILLING_ADDRESS, card, formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";
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
  scenarios: [
    {
      // A real Apple Pay token is made by a device for the merchant's certificate: the emulator's
      // stand-in takes any well-formed one (base64 of the paymentData JSON).
      title: `Cybersource · Apple Pay token (paymentSolution 001, fluidData) · ${formatMoney(2500, "USD")}`,
      paymentMethod: "applePay",
      emulatorOnly: true,
      async run(client, call, s) {
        const paymentData = Buffer.from(JSON.stringify({ version: "EC_v1", data: "demo", signature: "demo", header: { transactionId: "demo" } })).toString("base64");
        const r = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demoapplepay"),
            amount: { minorAmount: 2500, currency: "USD" },
            paymentMethod: { type: "applePay", applePay: { paymentData, network: "Visa" } },
            captureMethod: "automatic",
            customer: JANE,
            billingAddress: BILLING_ADDRESS,
          },
        });
        s.step("authorize with the encrypted token (Cybersource decrypts it)", ["charged"], r);
      },
    },
  ],
};

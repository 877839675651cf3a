// Razorpay's part of the demo: test mode with RAZORPAY_KEY_ID and RAZORPAY_KEY_SECRET (S2S payments
// must be enabled on the account by Razorpay), else this folder's emulator. 4100 2800 0000 1007 is
// Razorpay's test card that succeeds; Razorpay's S2S payment requires the shopper's email, phone
// number (contact) and IP address.
import { card, formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";
import { RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET, SUCCESS_CARD } from "./index.js";

export const scenario: ConnectorScenario = {
  emulator: { auth: { keyId: RAZORPAY_KEY_ID, keySecret: RAZORPAY_KEY_SECRET }, webhookSecret: "whsec_razorpay_emulator_secret" },
  sandbox: {
    env: ["RAZORPAY_KEY_ID", "RAZORPAY_KEY_SECRET"],
    auth: (env) =>
      env.RAZORPAY_KEY_ID && env.RAZORPAY_KEY_SECRET ? { keyId: env.RAZORPAY_KEY_ID, keySecret: env.RAZORPAY_KEY_SECRET } : undefined,
  },
  shopper: {
    paymentMethod: card(SUCCESS_CARD, "12", "2030", "123"),
    // Recurring payments (enabled on the account by Razorpay): the card's authorisation payment of
    // ₹1, which the shopper authenticates, and the token's cap on each later charge.
    cardToSave: card(SUCCESS_CARD, "12", "2030", "123"),
    mandate: { amount: { minorAmount: 100, currency: "INR" }, maxAmount: { minorAmount: 500000, currency: "INR" } },
    amount: { minorAmount: 50000, currency: "INR" },
    customer: { ...JANE, phone: "9123456789" },
    browserInfo: { ipAddress: "203.0.113.10", userAgent: "Mozilla/5.0" },
    returnUrl: "https://shop.example/return",
  },
  scenarios: [
    {
      // Netbanking: the order first, then the S2S payment with the bank's code; the answer is the
      // bank's page to send the shopper to (authentication_pending until the bank answers).
      title: `Razorpay · netbanking (HDFC), the shopper pays in the bank's page · ${formatMoney(50000, "INR")}`,
      paymentMethod: "bankRedirect",
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demonb"),
            amount: { minorAmount: 50000, currency: "INR" },
            paymentMethod: { type: "bankRedirect", bankRedirect: { method: "netbanking", issuer: "HDFC" } },
            customer: { ...JANE, phone: "9123456789" },
            browserInfo: { ipAddress: "203.0.113.10", userAgent: "Mozilla/5.0" },
            returnUrl: "https://shop.example/return",
          },
        });
        s.step("authorize (netbanking: the bank's page to redirect to)", ["authentication_pending", "pending"], auth, {
          note: auth.redirection ? "redirect to the bank" : undefined,
        });
      },
    },
    {
      // An e-mandate (NACH through NPCI): Razorpay takes it only as a recurring registration, so the
      // authorize saves it (setupFutureUsage) and its amount is the first charge, which Razorpay makes
      // itself once the shopper has authorised the mandate at the bank (the page to redirect to).
      title: `Razorpay · e-mandate (HDFC, net banking), the shopper authorises it at the bank; first charge ${formatMoney(10000, "INR")}`,
      paymentMethod: "bankDebit",
      async run(client, call, s) {
        const customer = { ...JANE, phone: "9123456788" };
        const made = await client.createCustomer({ ...call, request: { customer } });
        s.step("createCustomer (the e-mandate's token lives under it)", ["success"], made);
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demonach"),
            amount: { minorAmount: 10000, currency: "INR" },
            paymentMethod: {
              type: "bankDebit",
              bankDebit: {
                method: "emandate",
                accountHolderName: "Gaurav Kumar",
                // Razorpay's documented example account (its S2S e-mandate page).
                accountNumber: ["1121431121", "541121"].join(""),
                ifsc: "HDFC0000001",
                authType: "netbanking",
                accountType: "savings",
              },
            },
            setupFutureUsage: "offSession",
            customer: { ...customer, connectorCustomerId: made.connectorCustomerId },
            returnUrl: "https://shop.example/return",
          },
        });
        s.step("authorize (e-mandate registration: the bank's page to redirect to)", ["authentication_pending"], auth, {
          note: auth.redirection ? "redirect to the bank" : undefined,
        });
      },
    },
  ],
};

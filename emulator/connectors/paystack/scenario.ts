// Paystack's part of the demo: test mode with PAYSTACK_SECRET_KEY (sk_test_...) and a reusable
// authorization code from a first test payment (PAYSTACK_AUTHORIZATION_CODE), else this folder's
// emulator. Paystack takes cards on its own checkout, so the lifecycle pays with a saved
// authorization (a token); the hosted checkout is its own scenario (createSession → the shopper
// pays → psync). Paystack signs webhooks with the secret key itself.
import { formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";
import { PAYSTACK_SECRET_KEY, SAVED_AUTHORIZATION } from "./index.js";

const NGN = (minorAmount: number) => ({ minorAmount, currency: "NGN" as const });

export const scenario: ConnectorScenario = {
  emulator: { auth: { apiKey: PAYSTACK_SECRET_KEY }, webhookSecret: PAYSTACK_SECRET_KEY },
  sandbox: {
    env: ["PAYSTACK_SECRET_KEY", "PAYSTACK_AUTHORIZATION_CODE"],
    auth: (env) => (env.PAYSTACK_SECRET_KEY && env.PAYSTACK_AUTHORIZATION_CODE ? { apiKey: env.PAYSTACK_SECRET_KEY } : undefined),
  },
  shopper: {
    paymentMethod: {
      type: "token",
      token: { value: process.env.PAYSTACK_AUTHORIZATION_CODE ?? SAVED_AUTHORIZATION, kind: "authorization_code" },
    },
    amount: NGN(500000),
    customer: JANE,
  },
  scenarios: [
    {
      title: `Paystack · the hosted checkout: createSession → the shopper pays → psync → charge again · ${formatMoney(250000, "NGN")}`,
      emulatorOnly: true,
      async run(client, call, s, hooks) {
        const order = orderId("demochk");
        const session = await client.createSession({
          ...call,
          request: {
            merchantTransactionId: order,
            amount: NGN(250000),
            customer: JANE,
            returnUrl: "https://shop.example/paystack/return",
            paymentMethodTypes: ["card", "bank_transfer"],
          },
        });
        s.step("createSession (Initialize Transaction)", ["success"], session, { note: session.redirection ? "authorization_url for the checkout" : undefined });
        if (!session.redirection) return;
        // The shopper's browser on Paystack's checkout (the emulator's stand-in pays with a test card).
        const paid = await fetch(session.redirection.url, { redirect: "manual" });
        await paid.arrayBuffer();
        s.step("the shopper pays on the checkout", ["302"], { status: String(paid.status) });
        const synced = await client.sync({ ...call, payment: session, request: {} });
        s.step("psync (Verify Transaction)", ["charged"], synced, { note: synced.mandateReference ? "reusable authorization saved" : undefined });
        const event = await hooks.webhook((e) => e.eventType === "charge.success" && e.connectorTransactionId === order);
        s.step("charge.success (webhook)", ["charged"], { status: event?.paymentStatus ?? "none" });
        if (!synced.mandateReference) return;
        const again = await client.repeatPayment({
          ...call,
          request: { merchantTransactionId: orderId("demorep"), amount: NGN(120000), mandateReference: synced.mandateReference, customer: JANE },
        });
        s.step("repeatPayment (Charge Authorization)", ["charged"], again);
      },
    },
    {
      title: `Paystack · MTN mobile money (Ghana) · ${formatMoney(2500, "GHS")}`,
      paymentMethod: "mobileMoney",
      // EMULATOR-ONLY: the emulator's stand-in for the shopper approving on the phone.
      emulatorOnly: true,
      async run(client, call, s, hooks) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demomomo"),
            amount: { minorAmount: 2500, currency: "GHS" },
            paymentMethod: { type: "mobileMoney", mobileMoney: { provider: "mtn", phoneNumber: "+233551234987" } },
            customer: JANE,
          },
        });
        if (!s.step("authorize (Create Charge: the shopper approves on the phone)", ["pending"], auth, { note: auth.nextAction?.type })) return;
        if (!hooks.emulatorBaseUrl) return;
        await (await fetch(`${hooks.emulatorBaseUrl}/emulator/charges/${auth.connectorTransactionId}/complete`, { method: "POST" })).arrayBuffer();
        const synced = await client.sync({ ...call, payment: auth, request: {} });
        s.step("psync (Verify Transaction) after the approval", ["charged"], synced);
      },
    },
    {
      title: `Paystack · Vodafone Cash (Ghana): the shopper's voucher submitted by completeAuthorize · ${formatMoney(1500, "GHS")}`,
      paymentMethod: "mobileMoney",
      // EMULATOR-ONLY: the emulator's voucher (six digits) and its stand-in for the approval on the phone.
      emulatorOnly: true,
      async run(client, call, s, hooks) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demovod"),
            amount: { minorAmount: 1500, currency: "GHS" },
            paymentMethod: { type: "mobileMoney", mobileMoney: { provider: "vodafone", phoneNumber: "+233201234567" } },
            customer: JANE,
          },
        });
        if (!s.step("authorize (Create Charge: send_otp, the shopper dials for a voucher)", ["authentication_pending"], auth, { note: auth.nextAction?.type })) return;
        // The voucher the shopper generated by USSD (the emulator takes any six digits but 000000).
        const otp = await client.completeAuthorize({ ...call, payment: auth, request: { otp: "482913" } });
        if (!s.step("completeAuthorize (Submit OTP: the shopper approves on the phone)", ["pending"], otp, { note: otp.nextAction?.type })) return;
        if (!hooks.emulatorBaseUrl) return;
        await (await fetch(`${hooks.emulatorBaseUrl}/emulator/charges/${auth.connectorTransactionId}/complete`, { method: "POST" })).arrayBuffer();
        const synced = await client.sync({ ...call, payment: auth, request: {} });
        s.step("psync (Verify Transaction) after the approval", ["charged"], synced);
      },
    },
  ],
};

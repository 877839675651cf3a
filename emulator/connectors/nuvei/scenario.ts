// Nuvei's part of the demo: the sandbox (ppp-test.nuvei.com) with NUVEI_MERCHANT_ID,
// NUVEI_MERCHANT_SITE_ID and NUVEI_MERCHANT_SECRET_KEY, else this folder's emulator. The card is
// Nuvei's approved test card; Nuvei requires the cardholder's name and the billing country/email.
import { BILLING_ADDRESS, card, formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";
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
  scenarios: [
    {
      // iDEAL through Nuvei's APM (apmgw_iDeal, EUR only): the answer is REDIRECT with the
      // provider's page; the payment is pending until the shopper approves there, then charged.
      title: `Nuvei · iDEAL, approved at the bank's page · ${formatMoney(2500, "EUR")}`,
      paymentMethod: "bankRedirect",
      emulatorOnly: true,
      async run(client, call, s) {
        const pending = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demoideal"),
            amount: { minorAmount: 2500, currency: "EUR" },
            paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal" } },
            customer: JANE,
            billingAddress: { ...BILLING_ADDRESS, line1: "Damrak 1", city: "Amsterdam", state: undefined, postalCode: "1012 LG", country: "NL" },
            browserInfo: { ipAddress: "192.168.2.38" },
            returnUrl: "https://shop.example/checkout/return",
          },
        });
        if (!s.step("authorize (iDEAL: Nuvei answers REDIRECT to the bank's page)", ["pending"], pending, { note: pending.nextAction?.type === "redirect" ? "shopper sent to the bank" : undefined })) return;
        // The shopper's browser: the emulator's bank page approves and sends it back.
        await fetch(pending.nextAction!.url!, { redirect: "manual" });
        const synced = await client.sync({ ...call, payment: pending, request: {} });
        s.step("psync (after the shopper approved at the bank)", ["charged"], synced);
      },
    },
    {
      // A wallet Nuvei's public guides do not name (MB WAY): the merchant's getMerchantPaymentMethods
      // lists it under its apmgw_ name, which the request carries as processorMethod.
      title: `Nuvei · MB WAY by its getMerchantPaymentMethods name, approved in the app · ${formatMoney(1500, "EUR")}`,
      paymentMethod: "walletRedirect",
      emulatorOnly: true,
      async run(client, call, s) {
        const pending = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demombway"),
            amount: { minorAmount: 1500, currency: "EUR" },
            paymentMethod: { type: "walletRedirect", walletRedirect: { method: "mbway", processorMethod: "apmgw_MBWay" } },
            customer: JANE,
            billingAddress: { ...BILLING_ADDRESS, line1: "Rua Augusta 1", city: "Lisboa", state: undefined, postalCode: "1100-048", country: "PT" },
            browserInfo: { ipAddress: "192.168.2.38" },
            returnUrl: "https://shop.example/checkout/return",
          },
        });
        if (!s.step("authorize (walletRedirect, processorMethod apmgw_MBWay: Nuvei answers REDIRECT)", ["pending"], pending, { note: pending.nextAction?.type === "redirect" ? "shopper sent to the wallet" : undefined })) return;
        await fetch(pending.nextAction!.url!, { redirect: "manual" });
        const synced = await client.sync({ ...call, payment: pending, request: {} });
        s.step("psync (after the shopper approved in the wallet)", ["charged"], synced);
      },
    },
    {
      // Mobile money: Nuvei's guides name no APM per operator, so the request carries the name the
      // merchant's getMerchantPaymentMethods lists (processorMethod); the wallet's number is the
      // payer's phone. A Direct APM: PENDING while the operator's prompt waits on the phone.
      title: `Nuvei · M-Pesa by its getMerchantPaymentMethods name, approved on the phone · ${formatMoney(150000, "KES")}`,
      paymentMethod: "mobileMoney",
      // EMULATOR-ONLY: the emulator's /collect stands in for the shopper approving on the phone.
      emulatorOnly: true,
      async run(client, call, s, hooks) {
        const pending = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demompesa"),
            amount: { minorAmount: 150000, currency: "KES" },
            paymentMethod: { type: "mobileMoney", mobileMoney: { provider: "mpesa", phoneNumber: "+254712345678", processorMethod: "apmgw_MPesa" } },
            customer: JANE,
            billingAddress: { ...BILLING_ADDRESS, line1: "Kenyatta Avenue 1", city: "Nairobi", state: undefined, postalCode: "00100", country: "KE" },
            browserInfo: { ipAddress: "192.168.2.38" },
          },
        });
        if (!s.step("authorize (mobileMoney, processorMethod apmgw_MPesa: Nuvei answers PENDING)", ["pending"], pending, { note: pending.nextAction?.type })) return;
        if (!hooks.emulatorBaseUrl) return;
        await (await fetch(`${hooks.emulatorBaseUrl}/collect/${encodeURIComponent(pending.connectorTransactionId!)}`, { method: "POST" })).arrayBuffer();
        const synced = await client.sync({ ...call, payment: pending, request: {} });
        s.step("psync (after the shopper approved on the phone)", ["charged"], synced);
      },
    },
  ],
};

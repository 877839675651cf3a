// Worldpay's part of the demo: the Try environment with WORLDPAY_USERNAME and WORLDPAY_PASSWORD
// (Access Worldpay credentials from the Implementation Manager; WORLDPAY_ENTITY optional), else this
// folder's emulator. The card is the Visa of Worldpay's Payments API testing page
// (https://developer.worldpay.com/products/payments/testing): cardHolderName AUTHORISED is
// authorized; REFUSED<code> would refuse with that code.
import { BILLING_ADDRESS, card, followRedirect, formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";
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
  scenarios: [
    {
      title: `Worldpay · iDEAL through the APM API (POST /apmPayments) · ${formatMoney(2500, "EUR")}`,
      paymentMethod: "bankRedirect",
      // EMULATOR-ONLY: the emulator's bank page pays as the shopper would.
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("wpideal"),
            amount: { minorAmount: 2500, currency: "EUR" },
            paymentMethod: { type: "bankRedirect", bankRedirect: { method: "ideal" } },
            returnUrl: "https://shop.example/checkout/return",
            customer: JANE,
          },
        });
        if (!s.step("authorize (lastEvent pending: the shopper goes to the bank)", ["authentication_pending"], auth)) return;
        await followRedirect(auth.redirection!.url);
        const sync = await client.sync({ ...call, payment: auth, request: {} });
        s.step("sync (GET /apmPayments/{paymentId}) after the bank's approval", ["charged"], sync);
      },
    },
    {
      // A real Apple Pay token is made by a device for the merchant's certificate: the emulator's
      // stand-in takes any well-formed one (the paymentData JSON, passed on as walletToken).
      title: `Worldpay · Apple Pay token (method applepay, walletToken) · ${formatMoney(2500, "GBP")}`,
      paymentMethod: "applePay",
      emulatorOnly: true,
      async run(client, call, s) {
        const paymentData = Buffer.from(JSON.stringify({ version: "EC_v1", data: "demo", signature: "demo", header: { transactionId: "demo" } })).toString("base64");
        const r = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("wpapplepay"),
            amount: { minorAmount: 2500, currency: "GBP" },
            paymentMethod: { type: "applePay", applePay: { paymentData } },
            captureMethod: "automatic",
          },
        });
        s.step("authorize with the encrypted token (Worldpay decrypts it)", ["charged"], r);
      },
    },
    {
      // A Google Pay token the merchant decrypted (CRYPTOGRAM_3DS, the spec's example values): Worldpay's googlepay decrypted instrument.
      title: `Worldpay · Google Pay, decrypted (method googlepay) · ${formatMoney(1800, "GBP")}`,
      paymentMethod: "googlePay",
      emulatorOnly: true,
      async run(client, call, s) {
        const r = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("wpgooglepay"),
            amount: { minorAmount: 1800, currency: "GBP" },
            paymentMethod: { type: "googlePay", googlePay: { decrypted: { number: "4444333322221111", expMonth: "05", expYear: "2035", cryptogram: "MAAAAAAAAAAAAAAAAAAAAAAAAAB=", eci: "07" } } },
            captureMethod: "manual",
          },
        });
        s.step("authorize with the decrypted card", ["authorized"], r);
      },
    },
    {
      title: `Worldpay · WeChat Pay through the APM API (QR code) · ${formatMoney(250, "CNY")}`,
      paymentMethod: "walletRedirect",
      // EMULATOR-ONLY: the emulator's stand-in for the shopper's WeChat app scanning the code.
      emulatorOnly: true,
      async run(client, call, s, hooks) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("wpwechat"),
            amount: { minorAmount: 250, currency: "CNY" },
            paymentMethod: { type: "walletRedirect", walletRedirect: { method: "wechatPay" } },
          },
        });
        if (!s.step("authorize (lastEvent pending: a QR code image to show)", ["pending"], auth, { note: auth.nextAction?.type })) return;
        if (!hooks.emulatorBaseUrl) return;
        await (await fetch(`${hooks.emulatorBaseUrl}/emulator/apm/${auth.connectorTransactionId}`, { redirect: "manual" })).arrayBuffer();
        const sync = await client.sync({ ...call, payment: auth, request: {} });
        s.step("sync (GET /apmPayments/{paymentId}) after the shopper paid in the app", ["charged"], sync);
      },
    },
    {
      title: `Worldpay · Pix through the APM API (QR code and its payload) · ${formatMoney(250, "BRL")}`,
      paymentMethod: "voucher",
      // EMULATOR-ONLY: the emulator's stand-in for the shopper's bank app paying the Pix code.
      emulatorOnly: true,
      async run(client, call, s, hooks) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("wppix"),
            amount: { minorAmount: 250, currency: "BRL" },
            paymentMethod: { type: "voucher", voucher: { method: "pix" } },
            billingAddress: { firstName: "Jane", lastName: "Doe", country: "BR" },
          },
        });
        if (!s.step("authorize (lastEvent pending: a Pix QR code and its copia e cola)", ["pending"], auth, { note: auth.nextAction?.type })) return;
        if (!hooks.emulatorBaseUrl) return;
        await (await fetch(`${hooks.emulatorBaseUrl}/emulator/apm/${auth.connectorTransactionId}`, { redirect: "manual" })).arrayBuffer();
        const sync = await client.sync({ ...call, payment: auth, request: {} });
        s.step("sync (GET /apmPayments/{paymentId}) after the Pix transfer", ["charged"], sync);
      },
    },
    {
      title: `Worldpay · ACH debit through the APM API · ${formatMoney(750, "USD")}`,
      paymentMethod: "bankDebit",
      emulatorOnly: true,
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("wpach"),
            amount: { minorAmount: 750, currency: "USD" },
            // The APM API description's ACH example account.
            paymentMethod: { type: "bankDebit", bankDebit: { method: "ach", accountHolderName: "John Johnson", accountNumber: "01234567890123456", routingNumber: "012345678", accountType: "checking" } },
            billingAddress: { firstName: "John", lastName: "Johnson", line1: "8500 Govenors Hill Drive", city: "Ohio", state: "US-OH", postalCode: "45249", country: "US" },
          },
        });
        s.step("authorize (lastEvent authorized)", ["authorized"], auth);
      },
    },
    {
      title: `Worldpay · Klarna (klarna_network) through the APM API · ${formatMoney(16800, "GBP")}`,
      paymentMethod: "bnpl",
      // EMULATOR-ONLY: the emulator's page pays as the shopper would at Klarna.
      emulatorOnly: true,
      async run(client, call, s) {
        const line = (name: string, quantity: number, unit: number, tax: number) => ({
          name,
          quantity,
          unitAmount: { minorAmount: unit, currency: "GBP" as const },
          taxAmount: { minorAmount: tax, currency: "GBP" as const },
        });
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("wpklarna"),
            amount: { minorAmount: 16800, currency: "GBP" },
            paymentMethod: { type: "bnpl", bnpl: { method: "klarna", termsUrl: "https://shop.example/terms" } },
            returnUrl: "https://shop.example/checkout/return",
            browserInfo: { language: "en-GB" },
            // paymentInstrument.country (and Klarna's billingAddress) from the billing address.
            billingAddress: BILLING_ADDRESS,
            orderLines: [line("Panaphonics DH12-HK", 1, 12000, 2000), line("Panaphonics SD Card 256GB", 2, 2400, 800)],
          },
        });
        if (!s.step("authorize (lastEvent pending: the shopper goes to Klarna)", ["authentication_pending"], auth)) return;
        await followRedirect(auth.redirection!.url);
        const sync = await client.sync({ ...call, payment: auth, request: {} });
        s.step("sync (GET /apmPayments/{paymentId}) after Klarna's approval", ["charged"], sync);
      },
    },
  ],
};

// Mercado Pago's part of the demo: the sandbox with MERCADOPAGO_ACCESS_TOKEN (a TEST-... access
// token) and MERCADOPAGO_CARD_TOKEN (a card token made by MercadoPago.js from a test card with the
// cardholder name APRO, and its payment_method_id in MERCADOPAGO_PAYMENT_METHOD_ID, default visa),
// else this folder's emulator, whose tokens stand for MercadoPago.js tokens (see index.ts).
// Mercado Pago takes card data only as such a token, and its account's currency is BRL here.
import { formatMoney, JANE, orderId, type ConnectorScenario } from "../../../demo/scenario.js";
import { MERCADOPAGO_ACCESS_TOKEN, TOKEN_PREFIX } from "./index.js";

const emulatorToken = { type: "token" as const, token: { value: `${TOKEN_PREFIX}APRO`, kind: "visa" } };

export const scenario: ConnectorScenario = {
  emulator: { auth: { accessToken: MERCADOPAGO_ACCESS_TOKEN }, webhookSecret: "mercadopago_emulator_webhook_secret" },
  sandbox: {
    env: ["MERCADOPAGO_ACCESS_TOKEN", "MERCADOPAGO_CARD_TOKEN"],
    auth: (env) =>
      env.MERCADOPAGO_ACCESS_TOKEN && env.MERCADOPAGO_CARD_TOKEN ? { accessToken: env.MERCADOPAGO_ACCESS_TOKEN } : undefined,
  },
  shopper: {
    paymentMethod: process.env.MERCADOPAGO_CARD_TOKEN
      ? { type: "token", token: { value: process.env.MERCADOPAGO_CARD_TOKEN, kind: process.env.MERCADOPAGO_PAYMENT_METHOD_ID ?? "visa" } }
      : emulatorToken,
    amount: { minorAmount: 10000, currency: "BRL" },
    customer: JANE,
  },
  scenarios: [
    {
      title: `Mercado Pago · Pix, paid by scanning its QR code · ${formatMoney(2590, "BRL")}`,
      paymentMethod: "voucher",
      async run(client, call, s) {
        const auth = await client.authorize({
          ...call,
          request: {
            merchantTransactionId: orderId("demopix"),
            amount: { minorAmount: 2590, currency: "BRL" },
            paymentMethod: { type: "voucher", voucher: { method: "pix" } },
            customer: JANE,
            idempotencyKey: orderId("idem"),
          },
        });
        s.step("authorize (Pix: the QR code for the shopper's bank app)", ["pending"], auth, {
          note: auth.nextAction?.type === "displayQrCode" ? "QR code shown to the shopper" : undefined,
        });
      },
    },
  ],
};

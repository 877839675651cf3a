// Square's part of the demo: the sandbox with SQUARE_ACCESS_TOKEN (+ SQUARE_LOCATION_ID), else this
// folder's emulator.
import { JANE, type ConnectorScenario } from "../../../demo/scenario.js";

export const scenario: ConnectorScenario = {
  emulator: { auth: { accessToken: "EAAA_emulator_demo_token" }, webhookSecret: "square_demo_signature_key" },
  sandbox: {
    env: ["SQUARE_ACCESS_TOKEN", "SQUARE_LOCATION_ID"],
    auth: (env) =>
      env.SQUARE_ACCESS_TOKEN ? { accessToken: env.SQUARE_ACCESS_TOKEN, ...(env.SQUARE_LOCATION_ID ? { locationId: env.SQUARE_LOCATION_ID } : {}) } : undefined,
  },
  // Square takes a token from its Web Payments SDK, never card data; cnon:card-nonce-ok is its sandbox token.
  shopper: {
    paymentMethod: { type: "token", token: { value: "cnon:card-nonce-ok" } },
    cardToSave: { type: "token", token: { value: "cnon:card-nonce-ok" } },
    amount: { minorAmount: 10000, currency: "USD" },
    customer: JANE,
  },
  /**
   * The Square emulator notifies on request only: asks it for the signed `payment.updated` /
   * `refund.updated` notification of each id and POSTs it to the endpoint, as Square would. Each
   * id is notified once.
   */
  async emulatorNotify({ baseUrl, ids, url, secret }) {
    const pending = [
      ...[...ids.payments].map((id) => ({ type: "payment.updated", id })),
      ...[...ids.refunds].map((id) => ({ type: "refund.updated", id })),
    ];
    ids.payments.clear();
    ids.refunds.clear();
    for (const { type, id } of pending) {
      const made = await fetch(`${baseUrl}/_emulator/notify`, { method: "POST", body: JSON.stringify({ type, id, url, signatureKey: secret }) });
      if (!made.ok) continue; // e.g. a saved card's id: Square notifies payments and refunds only
      const { headers, body } = (await made.json()) as { headers: Record<string, string>; body: string };
      await (await fetch(url, { method: "POST", headers, body })).arrayBuffer();
    }
  },
};

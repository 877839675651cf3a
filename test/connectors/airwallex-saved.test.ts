// Airwallex saved payment methods end to end, through PaymentsClient, the pool and real HTTP against
// the emulator: setupMandate creates the Customer (createCustomer), the merchant-triggered
// PaymentConsent, and verifies it with the card (the client's second call, continueWith:
// setupMandate); repeatPayment creates the Customer's PaymentIntent and confirms it with the
// consent (continueWith: repeatPayment); revokeMandate disables the consent, after which it no
// longer pays. A card the issuer declines leaves the consent unverified.
import assert from "node:assert/strict";

import { PaymentsClient } from "../../client/flows.js";
import { SidecarPool } from "../../client/pool.js";
import { AIRWALLEX_API_KEY, AIRWALLEX_CLIENT_ID } from "../../emulator/connectors/airwallex/index.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";

const AUTH = { clientId: AIRWALLEX_CLIENT_ID, apiKey: AIRWALLEX_API_KEY };
const card = (number: string) => ({ type: "card" as const, card: { number, expMonth: "12", expYear: "2030", cvc: "123", holderName: "Jane Doe" } });

describe("airwallex saved methods through the client and the emulator", function () {
  let emu: Emulator;
  let pool: SidecarPool;
  let payments: PaymentsClient;
  let call: { connector: "airwallex"; auth: typeof AUTH; options: { baseUrl: string } };
  const ref = (tag: string) => `awx_${tag}_${process.pid}_${Date.now()}`;

  before(async () => {
    emu = await startEmulator({});
    pool = await SidecarPool.start({ size: 1 });
    payments = new PaymentsClient(pool);
    call = { connector: "airwallex", auth: AUTH, options: { baseUrl: emu.baseUrls.airwallex! } };
  });

  after(async () => {
    await pool?.close();
    await emu?.close();
  });

  it("setupMandate → two repeatPayments → revokeMandate → the consent no longer pays", async () => {
    const id = ref("save");
    const saved = await payments.setupMandate({
      ...call,
      request: {
        merchantTransactionId: id,
        amount: { minorAmount: 0, currency: "USD" },
        paymentMethod: card("4035501000000008"),
        customer: { id: `shopper_${id}`, email: "jane@example.com", name: "Jane Doe" },
        recurringType: "scheduled",
        idempotencyKey: `${id}-s`,
      },
    });
    assert.equal(saved.status, "charged", JSON.stringify(saved.error));
    assert.equal(saved.connectorStatus, "VERIFIED");
    assert.match(saved.mandateReference!, /^cst_/);
    assert.match(saved.connectorCustomerId!, /^cus_/);

    for (const [n, minor] of [[1, 1999], [2, 2500]] as const) {
      const paid = await payments.repeatPayment({
        ...call,
        request: { merchantTransactionId: `${id}_r${n}`, amount: { minorAmount: minor, currency: "USD" }, idempotencyKey: `${id}-r${n}` },
        mandate: saved,
      });
      assert.equal(paid.status, "charged", JSON.stringify(paid.error));
      assert.match(paid.connectorTransactionId!, /^int_/);
      assert.deepEqual(paid.amountCaptured, { minorAmount: minor, currency: "USD" });
      assert.equal(paid.mandateReference, saved.mandateReference);
      const synced = await payments.sync({ ...call, request: {}, payment: paid });
      assert.equal(synced.status, "charged");
    }

    const manual = await payments.repeatPayment({
      ...call,
      request: { merchantTransactionId: `${id}_m`, amount: { minorAmount: 700, currency: "USD" }, captureMethod: "manual" },
      mandate: saved,
    });
    assert.equal(manual.status, "authorized", JSON.stringify(manual.error));

    const revoked = await payments.revokeMandate({ ...call, mandate: saved });
    assert.equal(revoked.status, "revoked", JSON.stringify(revoked.error));
    assert.equal(revoked.connectorStatus, "DISABLED");

    const refused = await payments.repeatPayment({
      ...call,
      request: { merchantTransactionId: `${id}_after`, amount: { minorAmount: 100, currency: "USD" } },
      mandate: saved,
    });
    assert.equal(refused.status, "failure");
    assert.equal(refused.error?.connectorCode, "invalid_status_for_operation");
  });

  it("a card the issuer declines leaves the consent unverified: failure, no mandateReference", async () => {
    const id = ref("decl");
    const result = await payments.setupMandate({
      ...call,
      request: {
        merchantTransactionId: id,
        amount: { minorAmount: 0, currency: "USD" },
        paymentMethod: card("4012000300001003"),
        customer: { id: `shopper_${id}` },
      },
    });
    assert.equal(result.status, "failure");
    assert.equal(result.mandateReference, undefined);
    assert.equal(result.error?.connectorCode, "issuer_declined");
    assert.match(result.connectorCustomerId!, /^cus_/, "the Customer made is kept for a retry");
  });

  it("a consent of another Customer cannot pay this Customer's PaymentIntent", async () => {
    const a = await payments.setupMandate({
      ...call,
      request: { merchantTransactionId: ref("a"), amount: { minorAmount: 100, currency: "USD" }, paymentMethod: card("4035501000000008"), customer: { id: ref("sa") } },
    });
    assert.equal(a.status, "charged", JSON.stringify(a.error));
    const other = await payments.createCustomer({ ...call, request: { customer: { id: ref("sb") } } });
    assert.equal(other.status, "success");
    const paid = await payments.repeatPayment({
      ...call,
      request: { merchantTransactionId: ref("x"), amount: { minorAmount: 100, currency: "USD" }, mandateReference: a.mandateReference!, customer: { connectorCustomerId: other.connectorCustomerId! } },
    });
    assert.equal(paid.status, "failure");
    assert.equal(paid.error?.connectorCode, "validation_error");
  });
});

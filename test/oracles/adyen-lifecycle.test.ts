// Adyen's lifecycle flows against Adyen's own material:
//  - spec validation: every capture, cancel, refund, setupMandate and repeatPayment request of a
//    generated matrix (currencies, references, reasons, idempotency, test and live) against
//    CheckoutService-v71.json, and negative mutations that the validator must catch;
//  - SDK differential: the same operations written with @adyen/api-library (ModificationsApi
//    captures / cancels / refunds, PaymentsApi.payments with a stored card and with
//    storePaymentMethod), compared field by field with ours;
//  - webhooks: signatures computed here with node:crypto from Adyen's documented algorithm (and
//    cross-checked with the library's HmacValidator), every example of Webhooks-v1.json and every
//    notification mock of Adyen's Java library parsed to the unified event it must give.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";

import adyen from "@adyen/api-library";

import { SidecarPool } from "../../client/pool.js";
import type { HttpRequest as ProtocolHttpRequest, TransformRequestParams, WebhookResult } from "../../protocol/index.js";
import {
  ADYEN_SPEC,
  ADYEN_TEST_BASE,
  ADYEN_VISA,
  adyenLiveBase,
  asHttp,
  bodyText,
  diffFields,
  headerOf,
  show,
  unexplained,
  withBody,
  type ExpectedDifference,
} from "./helpers.js";
import { describeWithOracles, loadSpec, oraclePath, validateRequest, type Spec } from "./openapi.js";
import { ADYEN_TEST_KEY, captureAdyen, type AdyenCheckout, type CapturedRequest } from "./sdk-capture.js";

type Json = Record<string, unknown>;
const MERCHANT = "TestMerchantECOM";
const AUTH = { apiKey: ADYEN_TEST_KEY, merchantAccount: MERCHANT };
const LIVE_PREFIX = "1797a841fbb37ca7-AdyenDemo";
const PSP = "993617894903480A";

// ---------------------------------------------------------------------------------------------
// The HMAC of a standard notification item, written from Adyen's documentation
// (docs.adyen.com/development-resources/webhooks/secure-webhooks/verify-hmac-signatures): the
// eight fields joined by ':', an absent one as "", HMAC-SHA256 with the hex-decoded key, base64.

const HMAC_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";

function payloadOf(item: Json): string {
  const amount = (item.amount ?? {}) as Json;
  return [item.pspReference, item.originalReference, item.merchantAccountCode, item.merchantReference, amount.value, amount.currency, item.eventCode, item.success]
    .map((v) => (v === undefined || v === null ? "" : String(v)))
    .join(":");
}

function hmacOf(item: Json, hexKey: string): string {
  return createHmac("sha256", Buffer.from(hexKey, "hex")).update(payloadOf(item), "utf8").digest("base64");
}

function resign(notification: Json, hexKey: string): Json {
  const copy = JSON.parse(JSON.stringify(notification)) as { notificationItems: { NotificationRequestItem: Json }[] };
  for (const w of copy.notificationItems) {
    const item = w.NotificationRequestItem;
    item.additionalData = { ...((item.additionalData as Json | undefined) ?? {}), hmacSignature: hmacOf(item, hexKey) };
  }
  return copy as unknown as Json;
}

// What each eventCode must give, written here from Adyen's webhook documentation, independently
// of the connector's table: [kind, status when success is "true", status when "false"].
type Expect = ["payment" | "refund" | "mandate" | "dispute" | "other", string?, string?];
const EVENTS: Record<string, Expect> = {
  AUTHORISATION: ["payment", "authorized", "failure"],
  // docs.adyen.com/online-payments/adjust-authorisation: the outcome of an amount update
  AUTHORISATION_ADJUSTMENT: ["payment", "authorized", "failure"],
  CAPTURE: ["payment", "charged", "capture_failed"],
  CAPTURE_FAILED: ["payment", "capture_failed", "capture_failed"],
  CANCELLATION: ["payment", "voided", "void_failed"],
  TECHNICAL_CANCEL: ["payment", "voided", "void_failed"],
  OFFER_CLOSED: ["payment", "failure", "unresolved"],
  REFUND: ["refund", "success", "failure"],
  REFUND_WITH_DATA: ["refund", "success", "failure"],
  REFUND_FAILED: ["refund", "failure", "failure"],
  REFUNDED_REVERSED: ["refund", "failure", "failure"],
  VOID_PENDING_REFUND: ["refund", "failure", "pending"],
  POSTPONED_REFUND: ["refund", "pending", "pending"],
  RECURRING_CONTRACT: ["mandate"],
  ...Object.fromEntries(
    [
      "CHARGEBACK", "CHARGEBACK_REVERSED", "SECOND_CHARGEBACK", "NOTIFICATION_OF_CHARGEBACK", "NOTIFICATION_OF_FRAUD",
      "REQUEST_FOR_INFORMATION", "INFORMATION_SUPPLIED", "ISSUER_COMMENTS", "ISSUER_RESPONSE_TIMEFRAME_EXPIRED",
      "DISPUTE_DEFENSE_PERIOD_ENDED", "PREARBITRATION_OPEN", "PREARBITRATION_WON", "PREARBITRATION_LOST",
      "PREARBITRATION_ACCEPTED", "PREARBITRATION_DECLINED", "PREARBITRATION_ISSUER_WITHDRAWN", "SCHEME_ARBITRATION",
      "SCHEME_ARBITRATION_WON", "SCHEME_ARBITRATION_LOST",
    ].map((c) => [c, ["dispute"] as Expect]),
  ),
};

/** The unified event an item must give (CANCEL_OR_REFUND reads modification.action). */
function expectedFor(item: Json): { kind: string; status?: string } {
  const code = String(item.eventCode);
  const success = String(item.success) === "true";
  if (code === "CANCEL_OR_REFUND") {
    const action = ((item.additionalData ?? {}) as Json)["modification.action"];
    if (action === "refund") return { kind: "refund", status: success ? "success" : "failure" };
    if (action === "cancel") return { kind: "payment", status: success ? "voided" : "void_failed" };
    return { kind: "other" };
  }
  const e = EVENTS[code];
  if (!e) return { kind: "other" };
  return { kind: e[0], status: e[1] === undefined ? undefined : success ? e[1] : e[2] };
}

function checkEvent(label: string, item: Json, event: WebhookResult["events"][number]): void {
  const want = expectedFor(item);
  assert.equal(event.kind, want.kind, `${label}: kind of ${String(item.eventCode)}`);
  assert.equal(event.eventType, item.eventCode, label);
  if (want.kind === "payment") assert.equal(event.paymentStatus, want.status, `${label}: payment status`);
  if (want.kind === "refund") assert.equal(event.refundStatus, want.status, `${label}: refund status`);
  const original = item.originalReference as string | undefined;
  if (want.kind === "refund") {
    assert.equal(event.connectorRefundId, item.pspReference, `${label}: the refund's id is its pspReference`);
    assert.equal(event.connectorTransactionId, original || undefined, `${label}: the payment`);
  }
  if (want.kind === "payment") {
    assert.equal(event.connectorTransactionId, original || item.pspReference, `${label}: the payment`);
  }
  if (want.kind === "mandate" && String(item.success) === "true") {
    assert.equal(event.mandateReference, item.pspReference, `${label}: RECURRING_CONTRACT's pspReference is the token`);
  }
  const amount = item.amount as { value?: number; currency?: string } | undefined;
  if (amount?.currency && Number.isInteger(amount.value)) {
    const adyenDecimals: Record<string, number> = { CLP: 2, ISK: 2, CVE: 0, IDR: 0 };
    assert.equal(event.amount?.currency, amount.currency, `${label}: amount currency`);
    // The examples use two-decimal currencies except where Adyen's own decimals differ.
    if (!(amount.currency in adyenDecimals)) assert.equal(event.amount?.minorAmount, amount.value, `${label}: amount`);
  }
}

// ---------------------------------------------------------------------------------------------

describeWithOracles("Adyen lifecycle against Adyen's own spec, SDK and webhook material", (dir) => {
  let pool: SidecarPool;
  let spec: Spec;
  const counts = { valid: 0, sdk: 0, examples: 0, mocks: 0 };
  before(async () => {
    pool = await SidecarPool.start({ size: 1, validate: true });
    spec = loadSpec(oraclePath(...ADYEN_SPEC));
  });
  after(async () => {
    await pool?.close();
    console.log(
      `      adyen lifecycle: ${counts.valid} requests spec-valid, ${counts.sdk} SDK pairs compared, ` +
        `${counts.examples} webhook examples and ${counts.mocks} notification mocks parsed`,
    );
  });

  const ours = (params: Omit<TransformRequestParams, "connector">) =>
    pool.transformRequest({ connector: "adyen", ...params } as TransformRequestParams);

  // -------------------------------------------------------------------------------------------
  describe("spec validation (CheckoutService-v71.json)", () => {
    const AMOUNTS = [
      { minorAmount: 1, currency: "EUR" },
      { minorAmount: 250000, currency: "USD" },
      { minorAmount: 1500, currency: "JPY" },
      { minorAmount: 12345, currency: "KWD" },
      { minorAmount: 5, currency: "ISK" },
      { minorAmount: 1000, currency: "IDR" },
      { minorAmount: 77, currency: "CLP" },
    ];
    const VARIANTS: Json[] = [{}, { idempotencyKey: "3f1d5a1e-1c2b-4d7e-9f00-0a1b2c3d4e5f" }, { merchantTransactionId: "order-1" }];

    function cases(): { label: string; params: Omit<TransformRequestParams, "connector">; base: string }[] {
      const out: { label: string; params: Omit<TransformRequestParams, "connector">; base: string }[] = [];
      let i = 0;
      for (const [env, auth, base] of [
        ["sandbox", AUTH, ADYEN_TEST_BASE],
        ["production", { ...AUTH, liveEndpointPrefix: LIVE_PREFIX }, adyenLiveBase(LIVE_PREFIX)],
      ] as const) {
        const options = { environment: env };
        for (const amount of AMOUNTS) {
          for (const extra of VARIANTS) {
            i++;
            const push = (flow: string, request: Json) =>
              out.push({ label: `${flow} ${env} ${amount.currency} #${i}`, params: { flow, auth, request, options } as never, base });
            push("capture", { connectorTransactionId: PSP, amountToCapture: amount, merchantCaptureId: `cap-${i}`, ...extra });
            push("void", { connectorTransactionId: PSP, reason: "duplicate", ...extra });
            for (const reason of [undefined, "fraudulent", "requested_by_customer", "return", "duplicate", "anything else"]) {
              push("refund", { connectorTransactionId: PSP, merchantRefundId: `refund-${i}`, refundAmount: amount, ...(reason ? { reason } : {}), ...extra });
            }
            push("setupMandate", {
              merchantTransactionId: `mandate-${i}`,
              amount: { ...amount, minorAmount: i % 2 ? 0 : amount.minorAmount },
              paymentMethod: { type: "card", card: { number: ADYEN_VISA, expMonth: "03", expYear: "2030", cvc: "737", holderName: "Jane Doe" } },
              customer: { id: `shopper-${i}`, email: "jane@example.com" },
              billingAddress: { line1: "Rokin 49", city: "Amsterdam", postalCode: "1012 KK", country: "NL" },
              returnUrl: "https://shop.example/return",
              ...(i % 3 === 0 ? { state: { recurringProcessingModel: "UnscheduledCardOnFile" } } : {}),
              ...extra,
            });
            push("repeatPayment", {
              merchantTransactionId: `renewal-${i}`,
              amount,
              mandateReference: "M5N7TQ4TG5PFWR50",
              customer: { id: `shopper-${i}` },
              returnUrl: "https://shop.example/return",
              ...(i % 2 ? { captureMethod: "manual" } : {}),
              ...(i % 3 === 0 ? { state: { recurringProcessingModel: "UnscheduledCardOnFile" } } : {}),
              statementDescriptor: "RENEWAL",
              metadata: { plan: "gold" },
              ...extra,
            });
          }
        }
      }
      return out;
    }

    it("every generated capture, cancel, refund, setupMandate and repeatPayment request is valid", async () => {
      const all = cases();
      assert.ok(all.length >= 200, `only ${all.length} cases`);
      const problems: string[] = [];
      for (const c of all) {
        const req = asHttp(await ours(c.params));
        const r = validateRequest(spec, req, { basePath: c.base });
        if (!r.operationId) problems.push(`${c.label}: matched no operation (${req.url})`);
        problems.push(...r.problems.map((p) => `${c.label}: ${p}`));
        if (r.problems.length === 0) counts.valid++;
      }
      assert.deepEqual(problems, [], problems.join("\n"));
    });

    it("each flow reaches the operation Adyen documents for it", async () => {
      const op = async (flow: string, request: Json) => validateRequest(spec, asHttp(await ours({ flow, auth: AUTH, request } as never)), { basePath: ADYEN_TEST_BASE });
      assert.equal((await op("capture", { connectorTransactionId: PSP, amountToCapture: AMOUNTS[0] })).pathTemplate, "/payments/{paymentPspReference}/captures");
      assert.equal((await op("void", { connectorTransactionId: PSP })).pathTemplate, "/payments/{paymentPspReference}/cancels");
      assert.equal((await op("refund", { connectorTransactionId: PSP, merchantRefundId: "r", refundAmount: AMOUNTS[0] })).pathTemplate, "/payments/{paymentPspReference}/refunds");
    });

    describe("negative: the validator catches a broken request made from one of ours", () => {
      let refund: ProtocolHttpRequest;
      let repeat: ProtocolHttpRequest;
      before(async () => {
        refund = await ours({ flow: "refund", auth: AUTH, request: { connectorTransactionId: PSP, merchantRefundId: "r-1", refundAmount: AMOUNTS[0], reason: "fraud" } } as never);
        repeat = await ours({
          flow: "repeatPayment",
          auth: AUTH,
          request: { merchantTransactionId: "o", amount: AMOUNTS[1], mandateReference: "M5N7TQ4TG5PFWR50", customer: { id: "shopper-1" }, returnUrl: "https://shop.example/r" },
        } as never);
        assert.deepEqual(validateRequest(spec, asHttp(refund), { basePath: ADYEN_TEST_BASE }).problems, []);
        assert.deepEqual(validateRequest(spec, asHttp(repeat), { basePath: ADYEN_TEST_BASE }).problems, []);
      });
      const problems = (req: ProtocolHttpRequest, change: (b: Json) => void) => {
        const b = JSON.parse(bodyText(req)) as Json;
        change(b);
        return validateRequest(spec, withBody(asHttp(req), JSON.stringify(b)), { basePath: ADYEN_TEST_BASE }).problems;
      };
      const expectProblem = (ps: string[], fragment: string) => assert.ok(ps.some((p) => p.includes(fragment)), `no problem mentions ${fragment}: ${JSON.stringify(ps)}`);
      it("a merchantRefundReason outside Adyen's enum, a refund without amount", () => {
        expectProblem(problems(refund, (b) => (b.merchantRefundReason = "fraud")), "merchantRefundReason");
        expectProblem(problems(refund, (b) => delete b.amount), "amount");
      });
      it("a shopperInteraction or recurringProcessingModel Adyen does not define", () => {
        expectProblem(problems(repeat, (b) => (b.shopperInteraction = "MerchantInitiated")), "shopperInteraction");
        expectProblem(problems(repeat, (b) => (b.recurringProcessingModel = "Recurring")), "recurringProcessingModel");
      });
      it("a capture sent to /reversals is another operation; a wrong path is none", () => {
        const r = validateRequest(spec, { ...asHttp(refund), url: refund.url.replace("/refunds", "/reversals") }, { basePath: ADYEN_TEST_BASE });
        assert.equal(r.pathTemplate, "/payments/{paymentPspReference}/reversals");
        const none = validateRequest(spec, { ...asHttp(refund), url: refund.url.replace("/refunds", "/refund") }, { basePath: ADYEN_TEST_BASE });
        assert.ok(none.problems.some((p) => p.includes("unknown path")), JSON.stringify(none.problems));
      });
    });
  });

  // -------------------------------------------------------------------------------------------
  describe("SDK differential (@adyen/api-library v32, Checkout v72; paths compared after the version)", () => {
    /** Adyen-only comparison: method, path after the version, X-API-Key, Idempotency-Key, body. */
    function compare(o: ProtocolHttpRequest, s: CapturedRequest, idempotencyKey: string | undefined, expected: ExpectedDifference[]): string[] {
      const problems: string[] = [];
      const after = (url: string) => {
        const m = /^(.*?)\/v(\d+)(\/.*)$/.exec(new URL(url).pathname);
        return m ? { version: m[2], rest: `${m[1]}${m[3]}` } : { version: undefined, rest: new URL(url).pathname };
      };
      const a = after(o.url);
      const b = after(s.url);
      if (o.method !== s.method.toUpperCase()) problems.push(`method: ours ${o.method}, the SDK ${s.method}`);
      if (new URL(o.url).origin !== new URL(s.url).origin) problems.push(`origin: ours ${new URL(o.url).origin}, the SDK ${new URL(s.url).origin}`);
      if (a.version !== "71") problems.push(`ours is not Checkout v71: ${o.url}`);
      if (b.version !== "72") problems.push(`the SDK is not Checkout v72: ${s.url}`);
      if (a.rest !== b.rest) problems.push(`path after the version: ours ${a.rest}, the SDK ${b.rest}`);
      if (headerOf(o, "x-api-key") !== ADYEN_TEST_KEY || s.headers["x-api-key"] !== ADYEN_TEST_KEY) problems.push("auth: not X-API-Key on both sides");
      const ourKey = headerOf(o, "idempotency-key");
      if (ourKey !== idempotencyKey) problems.push(`idempotency: ours ${show(ourKey)}, expected ${show(idempotencyKey)}`);
      if (s.headers["idempotency-key"] !== idempotencyKey) problems.push(`idempotency: the SDK ${show(s.headers["idempotency-key"])}`);
      if (o.body?.contentType !== "application/json") problems.push(`content type: ours ${o.body?.contentType}`);
      problems.push(...unexplained(diffFields(JSON.parse(bodyText(o)), JSON.parse(s.body)), expected).map((p) => `body: ${p}`));
      return problems;
    }

    interface Case {
      name: string;
      flow: string;
      request: Json;
      sdk: (checkout: AdyenCheckout, opts: { idempotencyKey: string } | undefined) => Promise<unknown>;
      expected?: ExpectedDifference[];
      live?: boolean;
    }
    const WHY_CHANNEL = "we declare channel Web for a payment in the shopper's browser (native 3D Secure 2)";
    const card = { type: "card", card: { number: ADYEN_VISA, expMonth: "03", expYear: "2030", cvc: "737", holderName: "Jane Doe" } };
    const sdkCard = { type: "scheme", number: ADYEN_VISA, expiryMonth: "03", expiryYear: "2030", cvc: "737", holderName: "Jane Doe" };
    const cases: Case[] = [
      {
        name: "full capture with its own reference",
        flow: "capture",
        request: { connectorTransactionId: PSP, amountToCapture: { minorAmount: 2000, currency: "EUR" }, merchantCaptureId: "capture-1", idempotencyKey: "idem-cap-1" },
        sdk: (c, o) => c.ModificationsApi.captureAuthorisedPayment(PSP, { merchantAccount: MERCHANT, amount: { currency: "EUR", value: 2000 }, reference: "capture-1" }, o),
      },
      {
        name: "partial capture of ISK (Adyen's two decimals), live",
        flow: "capture",
        live: true,
        request: { connectorTransactionId: PSP, amountToCapture: { minorAmount: 5, currency: "ISK" }, merchantTransactionId: "order-2" },
        sdk: (c, o) => c.ModificationsApi.captureAuthorisedPayment(PSP, { merchantAccount: MERCHANT, amount: { currency: "ISK", value: 500 }, reference: "order-2" }, o),
      },
      {
        name: "cancel with the payment's reference",
        flow: "void",
        request: { connectorTransactionId: PSP, merchantTransactionId: "order-3", idempotencyKey: "idem-void-3" },
        sdk: (c, o) => c.ModificationsApi.cancelAuthorisedPaymentByPspReference(PSP, { merchantAccount: MERCHANT, reference: "order-3" }, o),
      },
      {
        name: "partial refund with a reason",
        flow: "refund",
        request: { connectorTransactionId: PSP, merchantRefundId: "refund-4", refundAmount: { minorAmount: 700, currency: "EUR" }, reason: "requested_by_customer", idempotencyKey: "idem-refund-4" },
        sdk: (c, o) =>
          c.ModificationsApi.refundCapturedPayment(
            PSP,
            { merchantAccount: MERCHANT, amount: { currency: "EUR", value: 700 }, reference: "refund-4", merchantRefundReason: "CUSTOMER REQUEST" as never },
            o,
          ),
      },
      {
        name: "refund of CLP 15 (Adyen's two decimals: 1500)",
        flow: "refund",
        request: { connectorTransactionId: PSP, merchantRefundId: "refund-5", refundAmount: { minorAmount: 15, currency: "CLP" } },
        sdk: (c, o) => c.ModificationsApi.refundCapturedPayment(PSP, { merchantAccount: MERCHANT, amount: { currency: "CLP", value: 1500 }, reference: "refund-5" }, o),
      },
      {
        name: "payment on a stored card (ContAuth, Subscription)",
        flow: "repeatPayment",
        request: { merchantTransactionId: "renewal-6", amount: { minorAmount: 1999, currency: "EUR" }, mandateReference: "M5N7TQ4TG5PFWR50", customer: { id: "shopper-6" }, returnUrl: "https://shop.example/r", recurringType: "scheduled", idempotencyKey: "idem-renewal-6" },
        sdk: (c, o) =>
          c.PaymentsApi.payments(
            {
              amount: { currency: "EUR", value: 1999 },
              reference: "renewal-6",
              merchantAccount: MERCHANT,
              paymentMethod: { type: "scheme", storedPaymentMethodId: "M5N7TQ4TG5PFWR50" },
              returnUrl: "https://shop.example/r",
              shopperReference: "shopper-6",
              shopperInteraction: "ContAuth",
              recurringProcessingModel: "Subscription",
            } as never,
            o,
          ),
      },
      {
        name: "top-up on a stored card (UnscheduledCardOnFile, manual capture), live",
        flow: "repeatPayment",
        live: true,
        request: {
          merchantTransactionId: "topup-7", amount: { minorAmount: 1000, currency: "JPY" }, mandateReference: "M5N7TQ4TG5PFWR50", customer: { id: "shopper-7" },
          returnUrl: "https://shop.example/r", captureMethod: "manual", state: { recurringProcessingModel: "UnscheduledCardOnFile" },
        },
        sdk: (c, o) =>
          c.PaymentsApi.payments(
            {
              amount: { currency: "JPY", value: 1000 },
              reference: "topup-7",
              merchantAccount: MERCHANT,
              paymentMethod: { type: "scheme", storedPaymentMethodId: "M5N7TQ4TG5PFWR50" },
              returnUrl: "https://shop.example/r",
              shopperReference: "shopper-7",
              shopperInteraction: "ContAuth",
              recurringProcessingModel: "UnscheduledCardOnFile",
              additionalData: { manualCapture: "true" },
            } as never,
            o,
          ),
      },
      {
        name: "zero-value authorisation that stores the card (setupMandate)",
        flow: "setupMandate",
        request: { merchantTransactionId: "mandate-8", amount: { minorAmount: 0, currency: "EUR" }, paymentMethod: card, customer: { id: "shopper-8" }, returnUrl: "https://shop.example/r", recurringType: "scheduled", idempotencyKey: "idem-mandate-8" },
        sdk: (c, o) =>
          c.PaymentsApi.payments(
            {
              amount: { currency: "EUR", value: 0 },
              reference: "mandate-8",
              merchantAccount: MERCHANT,
              paymentMethod: sdkCard,
              returnUrl: "https://shop.example/r",
              shopperReference: "shopper-8",
              storePaymentMethod: true,
              shopperInteraction: "Ecommerce",
              recurringProcessingModel: "Subscription",
            } as never,
            o,
          ),
        expected: [{ path: "channel", kind: "ours only", why: WHY_CHANNEL }],
      },
      {
        name: "authorize that saves the card for one-click (setupFutureUsage onSession)",
        flow: "authorize",
        request: { merchantTransactionId: "order-9", amount: { minorAmount: 4599, currency: "EUR" }, paymentMethod: card, customer: { id: "shopper-9" }, returnUrl: "https://shop.example/r", setupFutureUsage: "onSession" },
        sdk: (c, o) =>
          c.PaymentsApi.payments(
            {
              amount: { currency: "EUR", value: 4599 },
              reference: "order-9",
              merchantAccount: MERCHANT,
              paymentMethod: sdkCard,
              returnUrl: "https://shop.example/r",
              shopperReference: "shopper-9",
              storePaymentMethod: true,
              shopperInteraction: "Ecommerce",
              recurringProcessingModel: "CardOnFile",
            } as never,
            o,
          ),
        expected: [{ path: "channel", kind: "ours only", why: WHY_CHANNEL }],
      },
    ];

    for (const c of cases) {
      it(`${c.flow}: ${c.name}`, async () => {
        const auth = c.live ? { ...AUTH, liveEndpointPrefix: LIVE_PREFIX } : AUTH;
        const o = await ours({ flow: c.flow, auth, request: c.request, ...(c.live ? { options: { environment: "production" } } : {}) } as never);
        const key = c.request.idempotencyKey as string | undefined;
        const s = await captureAdyen(
          (_payments, checkout) => c.sdk(checkout, key ? { idempotencyKey: key } : undefined),
          { pspReference: "993617894906488A", status: "received", resultCode: "Authorised" },
          c.live ? { environment: "LIVE", liveEndpointUrlPrefix: LIVE_PREFIX } : {},
        );
        const problems = compare(o, s, key, c.expected ?? []);
        assert.deepEqual(problems, [], `ours and the SDK's differ:\n  ${problems.join("\n  ")}`);
        counts.sdk++;
      });
    }

    it("negative: the comparison catches another amount, another path and a missing key", async () => {
      const c = cases[0];
      const o = await ours({ flow: c.flow, auth: AUTH, request: c.request } as never);
      const s = await captureAdyen((_p, checkout) =>
        checkout.ModificationsApi.refundCapturedPayment(PSP, { merchantAccount: MERCHANT, amount: { currency: "EUR", value: 2001 }, reference: "capture-1" }),
      );
      const problems = compare(o, s, "idem-cap-1", []);
      for (const fragment of ["path after the version", "amount.value", "idempotency: the SDK"]) {
        assert.ok(problems.some((p) => p.includes(fragment)), `no problem mentions ${fragment}: ${JSON.stringify(problems)}`);
      }
    });
  });

  // -------------------------------------------------------------------------------------------
  describe("webhooks: HMAC from Adyen's documented algorithm, Adyen's own examples and mocks", () => {
    const parse = (body: string, secret = HMAC_KEY) => pool.call("parseWebhook", { connector: "adyen", body, secret }) as Promise<WebhookResult>;
    const validator = new adyen.hmacValidator();

    it("the algorithm here is Adyen's: the known answer of Adyen's library tests, and the library's HmacValidator", () => {
      const item = {
        pspReference: "pspReference", originalReference: "originalReference", merchantAccountCode: "merchantAccount", merchantReference: "reference",
        amount: { currency: "EUR", value: 1000 }, eventCode: "EVENT", success: "true",
      };
      assert.equal(hmacOf(item, "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00"), "ipnxGCaUZ4l8TUW75a71/ghd2Fe5ffvX0pV4TLTntIc=");
      assert.equal(validator.calculateHmac(item as never, HMAC_KEY), hmacOf(item, HMAC_KEY));
    });

    it("a signed notification verifies; another key, an altered field or a missing signature does not", async () => {
      const example = JSON.parse(readFileSync(`${dir}/adyen/mocks/notification/capture-true.json`, "utf8")) as Json;
      const signed = resign(example, HMAC_KEY);
      const ok = await parse(JSON.stringify(signed));
      assert.ok(ok.verified, ok.reason);
      assert.deepEqual(ok.acknowledgement, { status: 200, contentType: "text/plain", body: "[accepted]" });
      const item = (signed.notificationItems as { NotificationRequestItem: Json }[])[0].NotificationRequestItem;
      assert.ok(validator.validateHMAC(item as never, HMAC_KEY), "the library agrees");

      const other = await parse(JSON.stringify(signed), "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00");
      assert.equal(other.verified, false);
      const altered = await parse(JSON.stringify(signed).replace('"value":23623', '"value":23624'));
      assert.equal(altered.verified, false);
      assert.ok(!validator.validateHMAC({ ...item, amount: { currency: "USD", value: 23624 } } as never, HMAC_KEY), "the library agrees");
      for (const r of [other, altered]) {
        assert.deepEqual(r.events, []);
        assert.notEqual(r.acknowledgement.body, "[accepted]");
        const text = JSON.stringify(r);
        assert.ok(!text.includes(HMAC_KEY) && !text.includes(String((item.additionalData as Json).hmacSignature)), text);
      }
      // Adyen's mock as published: its signature is not made with our key.
      assert.equal((await parse(JSON.stringify(example))).verified, false);
    });

    it("every example of Webhooks-v1.json, re-signed, gives the unified event Adyen's docs describe", async () => {
      const wspec = JSON.parse(readFileSync(`${dir}/adyen/Webhooks-v1.json`, "utf8")) as {
        webhooks: Record<string, { post: { requestBody: { content: Record<string, { examples?: Record<string, { value?: Json; $ref?: string }> }> } } }>;
        components: { examples?: Record<string, { value: Json }> };
      };
      let n = 0;
      for (const [path, op] of Object.entries(wspec.webhooks)) {
        const examples = op.post.requestBody.content["application/json"]?.examples ?? {};
        for (const [name, e] of Object.entries(examples)) {
          const value = e.value ?? wspec.components.examples?.[String(e.$ref).split("/").pop()!]?.value;
          if (!value || !Array.isArray((value as Json).notificationItems)) continue;
          const label = `${path} ${name}`;
          const r = await parse(JSON.stringify(resign(value, HMAC_KEY)));
          assert.ok(r.verified, `${label}: ${r.reason}`);
          const items = (value.notificationItems as { NotificationRequestItem: Json }[]).map((w) => w.NotificationRequestItem);
          assert.equal(r.events.length, items.length, label);
          items.forEach((item, i) => checkEvent(label, item, r.events[i]));
          n++;
        }
      }
      assert.ok(n >= 39, `only ${n} standard-notification examples`);
      counts.examples = n;
    });

    it("every notification mock of Adyen's Java library: standard ones give their event, the others are refused with the reason", async () => {
      const mockDir = `${dir}/adyen/mocks/notification`;
      const files = readdirSync(mockDir).filter((f) => f.endsWith(".json")).sort();
      // What each mock is, written from its content: a standard notification, or another webhook type.
      const standard: Record<string, (e: WebhookResult["events"][number]) => void> = {
        "authorisation-true.json": (e) => {
          assert.equal(e.merchantTransactionId, "8313842560770001");
          assert.deepEqual(e.amount, { minorAmount: 10100, currency: "EUR" });
        },
        "authorisation-true-additional-attribute.json": (e) => assert.equal(e.connectorTransactionId, "123456789"),
        "cancellation-true.json": (e) => assert.equal(e.connectorTransactionId, "8313547924770610"),
        "capture-false.json": (e) => {
          assert.equal(e.error?.connectorMessage, "Insufficient balance on payment");
          assert.equal(e.error?.code, "invalid_amount");
        },
        "capture-true.json": (e) => assert.deepEqual(e.amount, { minorAmount: 23623, currency: "USD" }),
        "chargeback.json": (e) => assert.equal(e.connectorTransactionId, "9913333333333333"),
        "offer-closed.json": (e) => assert.equal(e.connectorTransactionId, "8532565401975321"),
        "refund-false.json": (e) => {
          assert.equal(e.merchantRefundId, "payment-2017-1-17-11-refund");
          assert.equal(e.error?.code, "invalid_amount");
        },
        "refund-true.json": (e) => assert.equal(e.connectorRefundId, "PSP_REFERENCE"),
      };
      const others = new Set([
        "balancePlatform-transaction-created-bank-category.json", "balancePlatform-transaction-created.json", "display-notification.json",
        "event-invalid-notification.json", "event-notification-additional-attribute.json", "event-notification.json",
        "management-webhook-payment-method-created-unknown-enum.json", "management-webhook-payment-method-created.json",
        "tokenization-webhook-recurring-token-alreadyExisting.json", "tokenization-webhook-recurring-token-created.json",
        "tokenization-webhook-recurring-token-disabled.json", "tokenization-webhook-recurring-token-updated.json",
      ]);
      for (const f of files) {
        assert.ok(f in standard || others.has(f), `${f}: a mock this test does not know: say what it must give`);
        const raw = readFileSync(`${mockDir}/${f}`, "utf8");
        if (others.has(f)) {
          const r = await parse(raw);
          assert.equal(r.verified, false, f);
          assert.match(r.reason ?? "", /not an Adyen standard notification/, f);
        } else {
          assert.equal((await parse(raw)).verified, false, `${f}: as published it is not signed with our key`);
          const value = JSON.parse(raw) as Json;
          const r = await parse(JSON.stringify(resign(value, HMAC_KEY)));
          assert.ok(r.verified, `${f}: ${r.reason}`);
          const item = (value.notificationItems as { NotificationRequestItem: Json }[])[0].NotificationRequestItem;
          checkEvent(f, item, r.events[0]);
          standard[f](r.events[0]);
        }
        counts.mocks++;
      }
      assert.equal(counts.mocks, Object.keys(standard).length + others.size, "a mock listed here is gone");
    });

    it("one altered item among several refuses the request, naming the item, never quoting the signature", async () => {
      const make = (psp: string, code: string, value: number) => ({
        NotificationRequestItem: {
          amount: { currency: "EUR", value }, eventCode: code, eventDate: "2026-01-01T01:00:00+01:00", merchantAccountCode: MERCHANT,
          merchantReference: `ref-${psp}`, originalReference: PSP, paymentMethod: "visa", pspReference: psp, reason: "", success: "true",
        },
      });
      const signed = resign({ live: "false", notificationItems: [make("A1", "CAPTURE", 500), make("A2", "REFUND", 200), make("A3", "REFUND", 100)] }, HMAC_KEY);
      const all = await parse(JSON.stringify(signed));
      assert.ok(all.verified);
      assert.deepEqual(all.events.map((e) => [e.eventType, e.kind]), [["CAPTURE", "payment"], ["REFUND", "refund"], ["REFUND", "refund"]]);
      const items = (signed.notificationItems as { NotificationRequestItem: Json }[]).map((w) => w.NotificationRequestItem);
      items[2].amount = { currency: "EUR", value: 100000 };
      const r = await parse(JSON.stringify(signed));
      assert.equal(r.verified, false);
      assert.deepEqual(r.events, []);
      assert.match(r.reason ?? "", /^item 3 of 3/);
      assert.ok(!JSON.stringify(r).includes(String((items[2].additionalData as Json).hmacSignature)));
    });
  });
});

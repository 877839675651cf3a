// Response mapping, checked against the processors' own examples (oracles/, vendored):
// - Stripe: every PaymentIntent `status` in the spec's enum, applied to Stripe's own fixture
//   (fixtures3.json payment_intent), and Stripe card_error objects with several decline codes;
// - Adyen: every `resultCode` in the Checkout v71 spec's PaymentResponse enum, every /payments and
//   /payments/details response example in the spec, the checkout response mocks of Adyen's Java
//   library, and its validation-error mocks (one of them invalid JSON on purpose).
// The expected tables are written here from the processors' docs, not copied from the connectors.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";

import { SidecarError } from "../../client/errors.js";
import { SidecarPool } from "../../client/pool.js";
import type {
  AuthorizeRequest,
  HttpResponse,
  PaymentResult,
  PaymentStatus,
  PsyncRequest,
  TransformResponseParams,
  UnifiedErrorCode,
} from "../../protocol/index.js";
import { ADYEN_SPEC, ADYEN_VISA, STRIPE_FIXTURES, STRIPE_SPEC, STRIPE_VISA, clone, show } from "./helpers.js";
import { describeWithOracles, loadSpec, oraclePath, validateValue, type Schema, type Spec } from "./openapi.js";

type Json = Record<string, unknown>;

function json(status: number, body: unknown): HttpResponse {
  return {
    status,
    headers: [{ name: "Content-Type", value: "application/json" }],
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

// ---------------------------------------------------------------------------------------------
// Stripe: expected tables, from https://docs.stripe.com/payments/paymentintents/lifecycle and
// https://docs.stripe.com/declines/codes

interface StripeStatusRow {
  /** The unified status of a PaymentIntent in this state, with no failed attempt. */
  status: PaymentStatus;
  /** After a failed payment attempt (last_payment_error set), where that changes the answer. */
  afterFailedAttempt?: PaymentStatus;
  doc: string;
}

const STRIPE_STATUS: Record<string, StripeStatusRow> = {
  requires_payment_method: {
    status: "started",
    afterFailedAttempt: "failure",
    doc: "created without a payment method; a failed attempt also returns the intent here, with last_payment_error",
  },
  requires_confirmation: { status: "started", doc: "has a payment method, not confirmed yet" },
  requires_action: { status: "authentication_pending", doc: "the customer must act, e.g. 3D Secure" },
  processing: { status: "authorizing", doc: "submitted, outcome not known yet (quick for cards)" },
  requires_capture: { status: "authorized", doc: "capture_method=manual: funds held, to be captured" },
  canceled: { status: "voided", doc: "canceled before capture; funds released" },
  succeeded: { status: "charged", doc: "funds captured" },
};

interface DeclineRow {
  code: string;
  declineCode?: string;
  expected: UnifiedErrorCode;
  declineType?: "soft" | "hard";
  doc: string;
}

/** card_error objects: Stripe's test cards (oracles/testcards/stripe-test-cards.json) and decline codes. */
const STRIPE_DECLINES: DeclineRow[] = [
  { code: "card_declined", declineCode: "generic_decline", expected: "card_declined", doc: "4000000000000002" },
  { code: "card_declined", declineCode: "insufficient_funds", expected: "insufficient_funds", declineType: "soft", doc: "4000000000009995" },
  { code: "card_declined", declineCode: "lost_card", expected: "lost_or_stolen_card", declineType: "hard", doc: "4000000000009987" },
  { code: "card_declined", declineCode: "stolen_card", expected: "lost_or_stolen_card", declineType: "hard", doc: "4000000000009979" },
  { code: "expired_card", expected: "expired_card", declineType: "hard", doc: "4000000000000069" },
  { code: "incorrect_cvc", expected: "incorrect_cvc", doc: "4000000000000127" },
  { code: "processing_error", expected: "processing_error", doc: "4000000000000119" },
  { code: "incorrect_number", expected: "invalid_card_number", declineType: "hard", doc: "4242424242424241" },
  { code: "card_declined", declineCode: "fraudulent", expected: "fraud_suspected", declineType: "hard", doc: "decline code: suspected fraud" },
  { code: "card_declined", declineCode: "do_not_honor", expected: "card_declined", doc: "decline code: unknown reason" },
  { code: "card_declined", declineCode: "card_velocity_exceeded", expected: "limit_exceeded", doc: "decline code: balance or credit limit exceeded" },
  { code: "card_declined", declineCode: "pickup_card", expected: "lost_or_stolen_card", declineType: "hard", doc: "decline code: card reported lost or stolen" },
  { code: "card_declined", declineCode: "authentication_required", expected: "authentication_required", doc: "decline code: needs authentication" },
  { code: "card_declined", declineCode: "card_not_supported", expected: "card_not_supported", doc: "decline code: card does not support this purchase" },
  // a decline code no table of ours names: still a card decline, Stripe's code kept
  { code: "card_declined", declineCode: "new_account_information_available", expected: "card_declined", doc: "decline code not in our table" },
];

// ---------------------------------------------------------------------------------------------
// Adyen: expected table, from https://docs.adyen.com/online-payments/build-your-integration/payment-result-codes
// and the resultCode description in CheckoutService-v71.json

interface AdyenCodeRow {
  /** After /payments with captureMethod automatic (Adyen's default: capture follows authorisation). */
  automatic: PaymentStatus | PaymentStatus[];
  /** After /payments with captureMethod manual; default: as automatic. */
  manual?: PaymentStatus | PaymentStatus[];
  /** After /payments/details (psync carries no capture method); default: as manual. */
  details?: PaymentStatus | PaymentStatus[];
  doc: string;
}

/** An array lists every status we accept where the docs leave the choice open; the reason says why. */
const ADYEN_RESULT_CODES: Record<string, AdyenCodeRow> = {
  Authorised: {
    automatic: "charged",
    manual: "authorized",
    // a psync without the authorize's state cannot know the capture method: "authorized"
    // under-claims safely, "charged" could report a capture a manual-capture merchant never made
    // (with the state carried from authorize, see the test below)
    details: "authorized",
    doc: "successfully authorised; final",
  },
  PartiallyAuthorised: { automatic: "partially_authorized", doc: "authorised for part of the amount" },
  Refused: { automatic: "failure", doc: "refused; reason in refusalReason; final" },
  Error: { automatic: "failure", doc: "error while processing; reason in refusalReason; final" },
  Cancelled: { automatic: "voided", doc: "cancelled by the shopper or merchant before processing completed; final" },
  RedirectShopper: { automatic: "authentication_pending", doc: "redirect the shopper (3DS or an external page)" },
  IdentifyShopper: { automatic: "authentication_pending", doc: "3DS2 device fingerprint needed" },
  ChallengeShopper: { automatic: "authentication_pending", doc: "3DS2 challenge needed" },
  PresentToShopper: {
    automatic: ["authentication_pending", "pending"],
    doc: "show the shopper something (voucher, QR code) to complete the payment: waiting on the shopper",
  },
  Pending: { automatic: "pending", doc: "final status not known yet (async methods)" },
  Received: { automatic: "pending", doc: "received, will be processed (e.g. SEPA); not final" },
  AuthenticationFinished: { automatic: "authentication_successful", doc: "authentication-only: 3DS2 done, proceed to authorise" },
  AuthenticationNotRequired: {
    automatic: ["authentication_successful", "pending"],
    doc: "authentication-only: no 3DS needed, proceed to authorise (our authorize never asks for authentication-only)",
  },
  Success: {
    automatic: ["charged", "unresolved"],
    manual: ["authorized", "charged", "unresolved"],
    details: ["authorized", "charged", "unresolved"],
    doc: "in the v71 enum but not described by the spec or the result-codes page: trusting the word or refusing to guess are both defensible",
  },
};

function accepted(row: AdyenCodeRow, mode: "automatic" | "manual" | "details"): PaymentStatus[] {
  const pick = mode === "automatic" ? row.automatic : mode === "manual" ? (row.manual ?? row.automatic) : (row.details ?? row.manual ?? row.automatic);
  return Array.isArray(pick) ? pick : [pick];
}

// ---------------------------------------------------------------------------------------------

describeWithOracles("response mapping from the processors' own examples", () => {
  let pool: SidecarPool;
  const mapped = { stripeStatuses: 0, stripeErrors: 0, adyenCodes: 0, adyenExamples: 0, adyenMocks: 0 };
  before(async () => {
    pool = await SidecarPool.start({ size: 1 });
  });
  after(async () => {
    await pool?.close();
    console.log(
      `      response mapping: ${mapped.stripeStatuses} Stripe status cases, ${mapped.stripeErrors} Stripe card errors, ` +
        `${mapped.adyenCodes} Adyen resultCode cases, ${mapped.adyenExamples} Adyen spec examples, ${mapped.adyenMocks} Adyen mocks`,
    );
  });

  async function respond(params: TransformResponseParams): Promise<PaymentResult> {
    return (await pool.transformResponse(params)) as PaymentResult;
  }

  // -------------------------------------------------------------------------------------------
  describe("Stripe", () => {
    let spec: Spec;
    let fixture: Json;
    const auth = { apiKey: "sk_test_oracle_not_a_real_key" };
    const authorizeRequest: AuthorizeRequest = {
      merchantTransactionId: "order-1",
      amount: { minorAmount: 1099, currency: "USD" },
      paymentMethod: { type: "card", card: { number: STRIPE_VISA, expMonth: "12", expYear: "2034", cvc: "123" } },
    };
    const stripeFlows = (pi: string): { flow: "authorize" | "psync"; request: AuthorizeRequest | PsyncRequest }[] => [
      { flow: "authorize", request: authorizeRequest },
      { flow: "psync", request: { connectorTransactionId: pi } },
    ];

    before(() => {
      spec = loadSpec(oraclePath(...STRIPE_SPEC));
      const fixtures = JSON.parse(readFileSync(oraclePath(...STRIPE_FIXTURES), "utf8")) as { resources: Record<string, Json> };
      fixture = fixtures.resources.payment_intent;
      assert.equal(fixture.object, "payment_intent");
    });

    const specStatuses = (): string[] => {
      const pi = spec.components?.schemas?.payment_intent as Schema;
      const status = pi.properties?.status as Schema;
      return (status.enum ?? []) as string[];
    };

    it("our table covers every PaymentIntent status in the spec (fails when Stripe adds one)", () => {
      const statuses = specStatuses();
      assert.ok(statuses.length >= 7, `only ${statuses.length} statuses in the spec`);
      const missing = statuses.filter((s) => !(s in STRIPE_STATUS));
      assert.deepEqual(missing, [], `the spec has statuses our expected table lacks: ${missing.join(", ")}`);
      const extra = Object.keys(STRIPE_STATUS).filter((s) => !statuses.includes(s));
      assert.deepEqual(extra, [], `our table names statuses the spec does not: ${extra.join(", ")}`);
    });

    it("every spec status, applied to the fixtures3 payment_intent, maps as Stripe's docs say (authorize and psync)", async () => {
      const problems: string[] = [];
      for (const status of specStatuses()) {
        const row = STRIPE_STATUS[status];
        if (!row) continue; // reported by the coverage test
        // the fixture, made consistent with the status (its own sample mixes a failed attempt in)
        const pi = clone(fixture);
        pi.status = status;
        pi.last_payment_error = null;
        pi.next_action =
          status === "requires_action"
            ? { type: "redirect_to_url", redirect_to_url: { url: "https://hooks.stripe.com/3d_secure_2/hosted?x=1", return_url: "https://shop.example/r" } }
            : null;
        pi.amount_received = status === "succeeded" ? pi.amount : 0;
        pi.amount_capturable = status === "requires_capture" ? pi.amount : 0;
        pi.capture_method = status === "requires_capture" ? "manual" : "automatic";
        pi.canceled_at = status === "canceled" ? 1234567890 : null;
        for (const { flow, request } of stripeFlows(pi.id as string)) {
          const r = await respond({ connector: "stripe", flow, auth, request, response: json(200, pi) } as TransformResponseParams);
          mapped.stripeStatuses++;
          const label = `${flow} ${status}`;
          if (r.status !== row.status) problems.push(`${label}: ${r.status}, expected ${row.status} (${row.doc})`);
          if (r.connectorTransactionId !== pi.id) problems.push(`${label}: connectorTransactionId ${show(r.connectorTransactionId)}`);
          if (r.connectorStatus !== undefined && r.connectorStatus !== status) problems.push(`${label}: connectorStatus ${r.connectorStatus}`);
          if (r.httpStatus !== 200) problems.push(`${label}: httpStatus ${r.httpStatus}`);
          if (r.error !== undefined) problems.push(`${label}: an error without a failed attempt: ${show(r.error)}`);
          if (status === "requires_action" && r.redirection?.url !== "https://hooks.stripe.com/3d_secure_2/hosted?x=1") {
            problems.push(`${label}: redirection ${show(r.redirection)}`);
          }
          if (status === "succeeded" && !isDeepStrictEqual(r.amountCaptured, { minorAmount: 1099, currency: "USD" })) {
            problems.push(`${label}: amountCaptured ${show(r.amountCaptured)}`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });

    it("the fixture as Stripe wrote it (requires_payment_method after a failed attempt) is a failure with the attempt's error", async () => {
      assert.equal(fixture.status, "requires_payment_method");
      assert.ok(fixture.last_payment_error, "the fixture no longer carries last_payment_error");
      for (const { flow, request } of stripeFlows(fixture.id as string)) {
        const r = await respond({ connector: "stripe", flow, auth, request, response: json(200, fixture) } as TransformResponseParams);
        mapped.stripeStatuses++;
        assert.equal(r.status, STRIPE_STATUS.requires_payment_method.afterFailedAttempt, flow);
        assert.equal(r.connectorTransactionId, fixture.id);
        assert.ok(r.error, `${flow}: no error for a failed attempt`);
      }
      // and a realistic failed attempt: a card_error in last_payment_error
      const pi: Json = { ...clone(fixture), last_payment_error: { type: "card_error", code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." } };
      const r = await respond({ connector: "stripe", flow: "psync", auth, request: { connectorTransactionId: pi.id as string }, response: json(200, pi) });
      assert.equal(r.status, "failure");
      assert.equal(r.error?.code, "insufficient_funds");
      assert.equal(r.error?.declineCode, "insufficient_funds");
    });

    it("a status the spec does not list is unresolved, never a guessed money state", async () => {
      const pi = { ...clone(fixture), status: "requires_reauthorization", last_payment_error: null };
      const r = await respond({ connector: "stripe", flow: "psync", auth, request: { connectorTransactionId: "pi_x" }, response: json(200, pi) });
      assert.equal(r.status, "unresolved");
    });

    it("card_error objects with several decline codes: failure, the unified code, Stripe's codes kept", async () => {
      const errorSchema = spec.components?.schemas?.api_errors as Schema;
      const problems: string[] = [];
      for (const row of STRIPE_DECLINES) {
        const error: Json = {
          type: "card_error",
          code: row.code,
          ...(row.declineCode ? { decline_code: row.declineCode } : {}),
          message: `Your card was declined (${row.declineCode ?? row.code}).`,
          doc_url: `https://stripe.com/docs/error-codes/${row.code.replace(/_/g, "-")}`,
          charge: "ch_3MtwBwLkdIwHu7ix0snN0B15",
          param: row.code === "incorrect_cvc" ? "cvc" : undefined,
          request_log_url: "https://dashboard.stripe.com/test/logs/req_oracle",
        };
        // the test data itself must fit Stripe's error schema (payment_intent added below)
        const shape = validateValue(spec, JSON.parse(JSON.stringify(error)), errorSchema, "json");
        if (shape.length) problems.push(`${row.doc}: test data does not fit api_errors: ${shape.join("; ")}`);
        const pi: Json = { ...clone(fixture), status: "requires_payment_method", last_payment_error: { ...error } };
        const body = { error: { ...error, payment_intent: pi } };
        const r = await respond({ connector: "stripe", flow: "authorize", auth, request: authorizeRequest, response: json(402, body) });
        mapped.stripeErrors++;
        const label = `${row.code}/${row.declineCode ?? "-"} (${row.doc})`;
        if (r.status !== "failure") problems.push(`${label}: status ${r.status}`);
        if (r.httpStatus !== 402) problems.push(`${label}: httpStatus ${r.httpStatus}`);
        if (r.connectorTransactionId !== pi.id) problems.push(`${label}: connectorTransactionId ${show(r.connectorTransactionId)}`);
        if (!r.error) {
          problems.push(`${label}: no error`);
          continue;
        }
        if (r.error.code !== row.expected) problems.push(`${label}: code ${r.error.code}, expected ${row.expected}`);
        if (r.error.connectorCode !== row.code) problems.push(`${label}: connectorCode ${show(r.error.connectorCode)}, expected ${row.code}`);
        if (r.error.declineCode !== row.declineCode) problems.push(`${label}: declineCode ${show(r.error.declineCode)}`);
        if (row.declineType && r.error.declineType !== row.declineType) problems.push(`${label}: declineType ${show(r.error.declineType)}, expected ${row.declineType}`);
        if (r.error.connectorMessage !== error.message) problems.push(`${label}: connectorMessage ${show(r.error.connectorMessage)}`);
      }
      assert.deepEqual(problems, []);
    });
  });

  // -------------------------------------------------------------------------------------------
  describe("Adyen", () => {
    let spec: Spec;
    const auth = { apiKey: "adyen_oracle_not_a_real_key", merchantAccount: "TestMerchantECOM" };
    const authorizeRequest = (captureMethod: "automatic" | "manual"): AuthorizeRequest => ({
      merchantTransactionId: "order-1",
      amount: { minorAmount: 1500, currency: "EUR" },
      paymentMethod: { type: "card", card: { number: ADYEN_VISA, expMonth: "03", expYear: "2030", cvc: "737" } },
      captureMethod,
      returnUrl: "https://shop.example/return",
    });
    const psyncRequest: PsyncRequest = { connectorTransactionId: "V4HZ4RBFJGXXGN82", redirectPayload: { redirectResult: "X6XtfGC3!Y..." } };
    const mocks = () => oraclePath("adyen", "mocks");

    before(async () => {
      spec = loadSpec(oraclePath(...ADYEN_SPEC));
      // Not a skip: until the Adyen connector lands, these tests fail and say why.
      const adyen = (await pool.listConnectors()).find((c) => c.name === "adyen");
      assert.ok(adyen && adyen.flows.includes("authorize") && adyen.flows.includes("psync"), "the adyen connector has no authorize/psync flows in this binary yet");
    });

    const enumOf = (schema: string): string[] => {
      const s = spec.components?.schemas?.[schema] as Schema;
      return ((s.properties?.resultCode as Schema).enum ?? []) as string[];
    };

    /** Every expectation a result breaks; [] when it maps as expected. */
    function checkAdyen(label: string, r: PaymentResult, body: Json, mode: "automatic" | "manual" | "details"): string[] {
      const problems: string[] = [];
      const code = body.resultCode as string;
      const row = ADYEN_RESULT_CODES[code];
      if (!row) return [`${label}: resultCode ${code} is not in our table`];
      const ok = accepted(row, mode);
      if (!ok.includes(r.status)) problems.push(`${label}: ${code} → ${r.status}, expected ${ok.join(" or ")} (${row.doc})`);
      if (body.pspReference !== undefined && r.connectorTransactionId !== body.pspReference) {
        problems.push(`${label}: connectorTransactionId ${show(r.connectorTransactionId)}, expected ${show(body.pspReference)}`);
      }
      if (r.status === "failure" && !r.error) problems.push(`${label}: failure without an error`);
      if (r.status !== "failure" && r.error) problems.push(`${label}: ${r.status} with an error ${show(r.error)}`);
      const action = body.action as Json | undefined;
      if (action?.type === "redirect" && typeof action.url === "string") {
        const method = (action.method as string | undefined) ?? "GET";
        if (r.redirection?.url !== action.url || r.redirection.method !== method) {
          problems.push(`${label}: redirection ${show(r.redirection)}, expected ${method} ${show(action.url)}`);
        }
        if (method === "POST" && JSON.stringify(r.redirection?.form ?? {}) !== JSON.stringify(action.data ?? {})) {
          problems.push(`${label}: redirection form ${show(r.redirection?.form)}, expected ${show(action.data)}`);
        }
      }
      return problems;
    }

    it("our table covers every resultCode in the v71 spec (PaymentResponse and PaymentDetailsResponse)", () => {
      for (const schema of ["PaymentResponse", "PaymentDetailsResponse"]) {
        const codes = enumOf(schema);
        assert.ok(codes.length >= 13, `${schema}: only ${codes.length} result codes`);
        const missing = codes.filter((c) => !(c in ADYEN_RESULT_CODES));
        assert.deepEqual(missing, [], `${schema} has result codes our expected table lacks: ${missing.join(", ")}`);
      }
    });

    it("every resultCode maps as Adyen's docs say: /payments (automatic and manual capture) and /payments/details", async () => {
      const problems: string[] = [];
      for (const code of enumOf("PaymentResponse")) {
        const body: Json = { pspReference: "993617895204576J", resultCode: code, merchantReference: "order-1" };
        if (code === "Refused" || code === "Error") Object.assign(body, { refusalReason: "Refused", refusalReasonCode: "2" });
        if (code === "RedirectShopper") body.action = { type: "redirect", method: "GET", paymentMethodType: "scheme", url: "https://checkoutshopper-test.adyen.com/checkoutshopper/threeDS/redirect?MD=M2R" };
        for (const mode of ["automatic", "manual", "details"] as const) {
          const r =
            mode === "details"
              ? await respond({ connector: "adyen", flow: "psync", auth, request: psyncRequest, response: json(200, body) })
              : await respond({ connector: "adyen", flow: "authorize", auth, request: authorizeRequest(mode), response: json(200, body) });
          mapped.adyenCodes++;
          problems.push(...checkAdyen(`${code} (${mode})`, r, body, mode));
        }
      }
      assert.deepEqual(problems, []);
    });

    it("psync of Authorised with the state authorize returned follows that payment's capture method", async () => {
      const body: Json = { pspReference: "V4HZ4RBFJGXXGN82", resultCode: "Authorised", merchantReference: "order-1" };
      for (const [captureMethod, want] of [["automatic", "charged"], ["manual", "authorized"]] as const) {
        // authorize first answers RedirectShopper (3DS), then the redirect completes via psync
        const redirect = {
          pspReference: "V4HZ4RBFJGXXGN82",
          resultCode: "RedirectShopper",
          action: { type: "redirect", method: "GET", paymentMethodType: "scheme", url: "https://checkoutshopper-test.adyen.com/checkoutshopper/threeDS/redirect?MD=M2R" },
        };
        const first = await respond({ connector: "adyen", flow: "authorize", auth, request: authorizeRequest(captureMethod), response: json(200, redirect) });
        assert.equal(first.status, "authentication_pending");
        const r = await respond({
          connector: "adyen",
          flow: "psync",
          auth,
          request: { ...psyncRequest, ...(first.state ? { state: first.state } : {}) },
          response: json(200, body),
        });
        mapped.adyenCodes++;
        assert.equal(r.status, want, `${captureMethod} capture: psync of Authorised with authorize's state (${show(first.state)})`);
      }
    });

    /** The spec's response examples of one operation: `components.examples` via $ref, and inline ones. */
    function responseExamples(path: string): { name: string; status: number; value: Json }[] {
      const op = spec.paths[path]?.post as unknown as { responses: Record<string, { content?: Record<string, { examples?: Record<string, { $ref?: string; value?: unknown }>; example?: unknown }> }> };
      const components = (spec.components as { examples?: Record<string, { value: unknown }> }).examples ?? {};
      const out: { name: string; status: number; value: Json }[] = [];
      for (const [status, resp] of Object.entries(op.responses)) {
        const media = resp.content?.["application/json"];
        if (!media) continue;
        if (media.example !== undefined) out.push({ name: `${status} (inline example)`, status: Number(status), value: media.example as Json });
        for (const [name, ex] of Object.entries(media.examples ?? {})) {
          const value = ex.$ref ? components[ex.$ref.split("/").pop()!]?.value : ex.value;
          if (value === undefined) throw new Error(`${path} ${status} ${name}: example ${ex.$ref ?? ""} not found`);
          out.push({ name: `${status} ${name}${ex.$ref ? "" : " (inline)"}`, status: Number(status), value: value as Json });
        }
      }
      return out;
    }

    /** Adyen's ServiceError bodies (4xx/5xx) → expected unified result. */
    function expectedForError(status: number, body: Json): { status: PaymentStatus; code: UnifiedErrorCode } {
      if (status >= 500) return { status: "unresolved", code: "processor_unavailable" };
      if (status === 401 || status === 403 || body.errorType === "security") return { status: "failure", code: "invalid_credentials" };
      if (status === 429) return { status: "failure", code: "rate_limited" };
      return { status: "failure", code: "invalid_request" };
    }

    function checkAdyenError(label: string, r: PaymentResult, status: number, body: Json): string[] {
      const want = expectedForError(status, body);
      const problems: string[] = [];
      if (r.status !== want.status) problems.push(`${label}: status ${r.status}, expected ${want.status}`);
      if (r.httpStatus !== status) problems.push(`${label}: httpStatus ${r.httpStatus}`);
      if (r.error?.code !== want.code) problems.push(`${label}: error code ${show(r.error?.code)}, expected ${want.code}`);
      if (body.errorCode !== undefined && r.error?.connectorCode !== body.errorCode) problems.push(`${label}: connectorCode ${show(r.error?.connectorCode)}, expected ${show(body.errorCode)}`);
      return problems;
    }

    it("every /payments and /payments/details response example in the spec parses and maps as expected", async () => {
      const problems: string[] = [];
      let count = 0;
      for (const [path, flow] of [["/payments", "authorize"], ["/payments/details", "psync"]] as const) {
        const examples = responseExamples(path);
        assert.ok(examples.length >= (flow === "authorize" ? 10 : 5), `${path}: only ${examples.length} response examples`);
        for (const ex of examples) {
          const label = `${path} ${ex.name}`;
          const params =
            flow === "authorize"
              ? ({ connector: "adyen", flow, auth, request: authorizeRequest("automatic"), response: json(ex.status, ex.value) } as const)
              : ({ connector: "adyen", flow, auth, request: psyncRequest, response: json(ex.status, ex.value) } as const);
          let r: PaymentResult;
          try {
            r = await respond(params);
          } catch (e) {
            problems.push(`${label}: ${(e as Error).message}`);
            continue;
          }
          count++;
          mapped.adyenExamples++;
          problems.push(...(ex.status < 300 ? checkAdyen(label, r, ex.value, flow === "authorize" ? "automatic" : "details") : checkAdyenError(label, r, ex.status, ex.value)));
        }
      }
      assert.ok(count > 0);
      assert.deepEqual(problems, []);
    });

    /** What each checkout mock of Adyen's Java library must map to, beyond the resultCode table. */
    const MOCK_EXTRAS: Record<string, { error?: UnifiedErrorCode; redirection?: "GET" | "POST" }> = {
      "paymentResponse.json": { redirection: "GET" },
      "paymentResponseAuPay.json": { redirection: "GET" },
      "paymentResponseBcmc.json": { redirection: "POST" },
      "paymentResponseDBarai.json": { redirection: "GET" },
      "paymentResponseRiverty.json": { redirection: "GET" },
      // refusalReasonCode 11, "3D Not Authenticated" (https://docs.adyen.com/development-resources/refusal-reasons)
      "paymentDetailsResponseThreeDSRequestorChallengeInd.json": { error: "authentication_failed" },
    };

    it("every paymentResponse*.json and paymentDetailsResponse*.json mock parses and maps as expected", async () => {
      const checkout = join(mocks(), "checkout");
      const files = readdirSync(checkout)
        .filter((f) => /^payment(Details)?Response.*\.json$/.test(f))
        .sort();
      assert.ok(files.length >= 10, `only ${files.length} mocks`);
      const problems: string[] = [];
      for (const f of files) {
        const body = JSON.parse(readFileSync(join(checkout, f), "utf8")) as Json;
        const details = f.startsWith("paymentDetails");
        let r: PaymentResult;
        try {
          r = details
            ? await respond({ connector: "adyen", flow: "psync", auth, request: psyncRequest, response: json(200, body) })
            : await respond({ connector: "adyen", flow: "authorize", auth, request: authorizeRequest("automatic"), response: json(200, body) });
        } catch (e) {
          problems.push(`${f}: ${(e as Error).message}`);
          continue;
        }
        mapped.adyenMocks++;
        problems.push(...checkAdyen(f, r, body, details ? "details" : "automatic"));
        const extra = MOCK_EXTRAS[f];
        if (extra?.redirection && r.redirection?.method !== extra.redirection) problems.push(`${f}: expected a ${extra.redirection} redirection, got ${show(r.redirection)}`);
        if (extra?.error && r.error?.code !== extra.error) problems.push(`${f}: error ${show(r.error?.code)}, expected ${extra.error}`);
      }
      // every mock with a file-specific expectation was seen
      for (const f of Object.keys(MOCK_EXTRAS)) if (!files.includes(f)) problems.push(`${f}: mock not found`);
      assert.deepEqual(problems, []);
    });

    it("response-validation-error*.json (HTTP 422): failure with invalid_request; the invalid-JSON one: ResponseDeserializationFailed (1006)", async () => {
      const files = readdirSync(mocks())
        .filter((f) => f.startsWith("response-validation-error"))
        .sort();
      assert.ok(files.includes("response-validation-error-invalid-json.json") && files.length >= 3, files.join(", "));
      const problems: string[] = [];
      for (const f of files) {
        const raw = readFileSync(join(mocks(), f), "utf8");
        for (const flow of ["authorize", "psync"] as const) {
          const params =
            flow === "authorize"
              ? ({ connector: "adyen", flow, auth, request: authorizeRequest("automatic"), response: json(422, raw) } as const)
              : ({ connector: "adyen", flow, auth, request: psyncRequest, response: json(422, raw) } as const);
          const label = `${f} (${flow})`;
          if (f.includes("invalid-json")) {
            try {
              const r = await respond(params);
              problems.push(`${label}: answered ${show(r)} instead of error 1006`);
            } catch (e) {
              if (!(e instanceof SidecarError) || e.code !== 1006 || e.kind !== "ResponseDeserializationFailed") {
                problems.push(`${label}: ${(e as Error).name} ${(e as SidecarError).code ?? ""}: ${(e as Error).message}`);
              } else if ((e.data as Json).httpStatus !== 422) {
                problems.push(`${label}: error data without httpStatus 422: ${show(e.data)}`);
              }
            }
            continue;
          }
          let r: PaymentResult;
          try {
            r = await respond(params);
          } catch (e) {
            problems.push(`${label}: ${(e as Error).message}`);
            continue;
          }
          mapped.adyenMocks++;
          const body = JSON.parse(raw) as Json;
          if (r.status !== "failure") problems.push(`${label}: status ${r.status}`);
          if (r.error?.code !== "invalid_request") problems.push(`${label}: error code ${show(r.error?.code)}`);
          if (r.httpStatus !== 422) problems.push(`${label}: httpStatus ${r.httpStatus}`);
          if (r.error?.connectorCode !== body.errorCode) problems.push(`${label}: connectorCode ${show(r.error?.connectorCode)}, expected ${show(body.errorCode)}`);
        }
      }
      // the sidecar is still serving after the malformed one
      await pool.ping();
      assert.deepEqual(problems, []);
    });
  });
});

// Stripe emulator: PaymentIntents over form-encoded bodies, Stripe's error object,
// test cards, idempotency keys and a 3-D Secure redirect; captures (partial and final), cancels,
// refunds (partial, several, against the unrefunded amount), customers, SetupIntents (saved cards)
// and off-session payments on them; and signed webhook events (`Stripe-Signature`) when the
// emulator is given a webhook target with a `stripe` secret.
//
// Shapes follow Stripe's own material: the payment_intent object in
// stripe/openapi fixtures3.json, the `error` / `api_errors` schemas and the
// PaymentIntent create/confirm/capture/cancel parameters of spec3 (API 2023-08-16),
// and the test card table of docs.stripe.com/testing.

import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { cardBrand, luhnValid, TestCards } from "../../core/cards.js";
import { Ledger } from "../../core/ledger.js";
import { redirectBack } from "../../core/redirect.js";
import { deliver, hmac } from "../../core/webhooks.js";
import { ALNUM, randomString } from "../../core/ids.js";
import type { Json } from "../../core/json.js";
import { IdempotencyKeys } from "../../core/idempotency.js";


const API_VERSION = "2023-08-16";

// Top-level parameters accepted by POST /v1/payment_intents (spec3 2023-09-12).
const CREATE_PARAMS = new Set([
  "amount", "application_fee_amount", "automatic_payment_methods", "capture_method", "confirm",
  "confirmation_method", "currency", "customer", "description", "error_on_requires_action", "expand",
  "mandate", "mandate_data", "metadata", "off_session", "on_behalf_of", "payment_method",
  "payment_method_data", "payment_method_options", "payment_method_types", "radar_options",
  "receipt_email", "return_url", "setup_future_usage", "shipping", "statement_descriptor",
  "statement_descriptor_suffix", "transfer_data", "transfer_group", "use_stripe_sdk",
]);
// POST /v1/payment_intents/{intent}/confirm (spec3).
const CONFIRM_PARAMS = new Set([
  "capture_method", "error_on_requires_action", "expand", "mandate", "mandate_data", "off_session",
  "payment_method", "payment_method_data", "payment_method_options", "radar_options",
  "receipt_email", "return_url", "setup_future_usage", "shipping", "use_stripe_sdk",
]);
const CAPTURE_PARAMS = new Set([
  "amount_to_capture", "application_fee_amount", "expand", "metadata", "statement_descriptor",
  "statement_descriptor_suffix", "transfer_data",
]);
const CANCEL_PARAMS = new Set(["cancellation_reason", "expand"]);
// POST /v1/refunds, /v1/customers, /v1/setup_intents (spec3 2023-09-12).
const REFUND_PARAMS = new Set([
  "amount", "charge", "currency", "customer", "expand", "instructions_email", "metadata", "origin",
  "payment_intent", "reason", "refund_application_fee", "reverse_transfer",
]);
const REFUND_REASONS = ["duplicate", "fraudulent", "requested_by_customer"];
const CUSTOMER_PARAMS = new Set([
  "address", "balance", "cash_balance", "coupon", "description", "email", "expand", "invoice_prefix",
  "invoice_settings", "metadata", "name", "next_invoice_sequence", "payment_method", "phone",
  "preferred_locales", "promotion_code", "shipping", "source", "tax", "tax_exempt", "tax_id_data", "test_clock",
]);
const SETUP_INTENT_PARAMS = new Set([
  "attach_to_self", "automatic_payment_methods", "confirm", "customer", "description", "expand",
  "flow_directions", "mandate_data", "metadata", "on_behalf_of", "payment_method", "payment_method_data",
  "payment_method_options", "payment_method_types", "return_url", "single_use", "usage", "use_stripe_sdk",
]);
// payment_method_data sub-keys of spec3, plus `card` (raw card data, which the public spec omits).
const PM_DATA_PARAMS = new Set([
  "acss_debit", "affirm", "afterpay_clearpay", "alipay", "au_becs_debit", "bacs_debit", "bancontact",
  "billing_details", "blik", "boleto", "card", "cashapp", "customer_balance", "eps", "fpx", "giropay",
  "grabpay", "ideal", "interac_present", "klarna", "konbini", "link", "metadata", "oxxo", "p24",
  "paynow", "paypal", "pix", "promptpay", "radar_options", "sepa_debit", "sofort", "type",
  "us_bank_account", "wechat_pay", "zip",
]);
// card_details_params (number, exp_month, exp_year, cvc) or token_params (token) of POST /v1/payment_methods.
const CARD_PARAMS = new Set(["number", "exp_month", "exp_year", "cvc", "token"]);
// Stripe's test card tokens (docs.stripe.com/testing#cards), mapped to the card they stand for.
const TEST_TOKENS: Record<string, string> = {
  tok_visa: "4242424242424242",
  tok_mastercard: "5555555555554444",
  tok_amex: "378282246310005",
  tok_chargeDeclined: "4000000000000002",
  tok_chargeDeclinedInsufficientFunds: "4000000000009995",
};
/**
 * What confirming a PaymentIntent of each non-card type does (docs.stripe.com/payments/<method>/accept-a-payment):
 * a redirect to the bank or provider; a debit that stays `processing` until it clears; a voucher or
 * QR code to show (`requires_action` with the type's display details); an approval in an app.
 */
const NON_CARD_OUTCOME: Record<string, "redirect" | "alipay" | "debit" | "boleto" | "oxxo" | "konbini" | "pix" | "wechat_pay" | "blik" | "cashapp"> = {
  ideal: "redirect", bancontact: "redirect", eps: "redirect", p24: "redirect", giropay: "redirect", sofort: "redirect",
  fpx: "redirect", grabpay: "redirect", klarna: "redirect", afterpay_clearpay: "redirect", affirm: "redirect",
  alipay: "alipay", sepa_debit: "debit", us_bank_account: "debit", bacs_debit: "debit", au_becs_debit: "debit",
  boleto: "boleto", oxxo: "oxxo", konbini: "konbini", pix: "pix", wechat_pay: "wechat_pay", blik: "blik", cashapp: "cashapp",
};
const CAPTURE_METHODS = ["automatic", "automatic_async", "manual"];

// docs.stripe.com/testing
interface Decline {
  code: string;
  decline_code?: string;
  message: string;
  param?: string;
}
const GENERIC_DECLINE: Decline = { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." };
const DECLINES: Record<string, Decline> = {
  "4000000000000002": GENERIC_DECLINE,
  "4000000000009995": { code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." },
  "4000000000009987": { code: "card_declined", decline_code: "lost_card", message: "Your card was declined." },
  "4000000000009979": { code: "card_declined", decline_code: "stolen_card", message: "Your card was declined." },
  "4000000000000069": { code: "expired_card", decline_code: "expired_card", message: "Your card has expired.", param: "exp_month" },
  "4000000000000127": { code: "incorrect_cvc", decline_code: "incorrect_cvc", message: "Your card's security code is incorrect.", param: "cvc" },
  "4000000000000119": { code: "processing_error", decline_code: "processing_error", message: "An error occurred while processing your card. Try again in a little bit." },
  "4000000000000341": GENERIC_DECLINE,
};
const TEST_CARDS = new TestCards<Decline>({
  declines: DECLINES,
  // 3DS required: 3220 for every payment; 3184 too (and it fails off-session).
  challenges: ["4000000000003220", "4000002760003184"],
  approved: [
    "4242424242424242", "4000056655665556", "5555555555554444", "2223003122003222", "5200828282828210",
    "5105105105105100", "378282246310005", "371449635398431", "6011111111111117", "6011000990139424",
    "6011981111111113", "3566002020360505", "30569309025904", "38520000023237", "3530111333300000",
    "4012888888881881", "4000000000000077", "4000000000000010", "4000000000000028", "4000000000000036",
    "4000000000000101", "4000000000000259", "4000000000005126",
  ],
});
// docs.stripe.com/testing#disputes: "The charge succeeds; a dispute (fraudulent) is then opened."
const DISPUTE_CARD = "4000000000000259";
// The dispute's evidence hash (spec3 `dispute_evidence`), and which of its fields are files.
const EVIDENCE_FIELDS = [
  "access_activity_log", "billing_address", "cancellation_policy", "cancellation_policy_disclosure", "cancellation_rebuttal",
  "customer_communication", "customer_email_address", "customer_name", "customer_purchase_ip", "customer_signature",
  "duplicate_charge_documentation", "duplicate_charge_explanation", "duplicate_charge_id", "product_description", "receipt",
  "refund_policy", "refund_policy_disclosure", "refund_refusal_explanation", "service_date", "service_documentation",
  "shipping_address", "shipping_carrier", "shipping_date", "shipping_documentation", "shipping_tracking_number",
  "uncategorized_file", "uncategorized_text",
];
const EVIDENCE_FILE_FIELDS = [
  "cancellation_policy", "customer_communication", "customer_signature", "duplicate_charge_documentation", "receipt",
  "refund_policy", "service_documentation", "shipping_documentation", "uncategorized_file",
];
// docs.stripe.com/testing#refunds: the charge succeeds; a refund of it starts out succeeded and
// later fails (expired_or_canceled_card), with a charge.refund.updated event.
const ASYNC_REFUND_FAILURE_CARD = "4000000000005126";
// docs.stripe.com/testing: attaching this card to a Customer succeeds, charging it fails.
const ATTACH_THEN_DECLINE_CARD = "4000000000000341";
// Stripe's test PaymentMethod ids (docs.stripe.com/testing), mapped to the card they stand for.
const TEST_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_visa_debit: "4000056655665556",
  pm_card_mastercard: "5555555555554444",
  pm_card_amex: "378282246310005",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_visa_chargeDeclinedLostCard: "4000000000009987",
  pm_card_visa_chargeDeclinedStolenCard: "4000000000009979",
  pm_card_chargeDeclinedExpiredCard: "4000000000000069",
  pm_card_chargeDeclinedIncorrectCvc: "4000000000000127",
  pm_card_chargeDeclinedProcessingError: "4000000000000119",
  pm_card_threeDSecure2Required: "4000000000003220",
  pm_card_authenticationRequired: "4000002760003184",
};

// ---------------------------------------------------------------------------------------------
// Form parsing: Stripe's bracketed keys (a[b][c]=v, list[0]=v, list[]=v) into nested objects.

export function parseStripeForm(raw: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    const parts = m ? [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)] : [key];
    let cur: Json = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] === "" ? String(Object.keys(cur).length) : parts[i]!;
      if (i === parts.length - 1) {
        cur[part] = value;
      } else {
        const next = cur[part];
        if (typeof next !== "object" || next === null) cur[part] = {};
        cur = cur[part] as Json;
      }
    }
  }
  return toArrays(root) as Json;
}

function toArrays(v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v;
  const obj = v as Json;
  const keys = Object.keys(obj);
  for (const k of keys) obj[k] = toArrays(obj[k]);
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => obj[k]);
  return obj;
}

// ---------------------------------------------------------------------------------------------

const randId = (prefix: string, len = 24): string => `${prefix}_${randomString(len, ALNUM)}`;


function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}`;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

interface CardInput {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc?: string;
}

interface PaymentMethodRecord {
  object: Json;
  number: string;
  /** Detached from its customer (revokeMandate): it can no longer be charged. */
  detached?: boolean;
}

/** A successful charge of a PaymentIntent: what refunds draw on. */
interface ChargeRecord {
  id: string;
  paymentIntent: string;
  /** amount (authorized), amount_captured, amount_refunded. */
  ledger: Ledger;
  currency: string;
  captured: boolean;
  created: number;
  paymentMethod: string;
  customer: string | null;
  number: string;
}

type Outcome =
  | { kind: "error"; response: EmuResponse }
  | { kind: "ok"; pm: PaymentMethodRecord | null };

export function createStripeEmulator(ctx: EmuContext): EmuMount {
  const intents = new Map<string, Json>();
  const intentPm = new Map<string, PaymentMethodRecord>();
  const idempotency = new IdempotencyKeys();
  /** PaymentMethods created from card data, by id: a saved card is used again by its id. */
  const paymentMethods = new Map<string, PaymentMethodRecord>();
  const charges = new Map<string, ChargeRecord>();
  const refunds = new Map<string, Json>();
  const customers = new Map<string, Json>();
  const setupIntents = new Map<string, Json>();
  const setupPm = new Map<string, PaymentMethodRecord>();
  /** The request being handled, for the events it causes (`request.id`, `idempotency_key`). */
  let current: { requestId: string; idempotencyKey: string | null } = { requestId: "", idempotencyKey: null };

  /** Sends a signed `Stripe-Signature` event to the webhook target, if there is one. */
  function emit(type: string, object: Json): void {
    const created = now();
    const body = JSON.stringify({
      id: randId("evt"),
      object: "event",
      api_version: API_VERSION,
      created,
      data: { object: clone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: current.requestId || null, idempotency_key: current.idempotencyKey },
      type,
    });
    const sent = deliver(ctx, (secret) => ({
      body,
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Stripe-Signature": `t=${created},v1=${hmac("sha256", secret, `${created}.${body}`, "hex")}`,
        "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      },
    }));
    if (!sent) return;
    ctx.log(`stripe: event ${type} for ${String(object["id"])}`);
  }

  function headers(extra?: Record<string, string>): Record<string, string> {
    return { "Request-Id": current.requestId || randId("req", 14), "Stripe-Version": API_VERSION, ...(extra ?? {}) };
  }

  function error(status: number, err: Json, extra?: Record<string, string>): EmuResponse {
    return { status, headers: headers(extra), json: { error: err } };
  }

  function invalid(message: string, param?: string, code?: string): EmuResponse {
    const err: Json = { message, type: "invalid_request_error" };
    if (code) {
      err["code"] = code;
      err["doc_url"] = docUrl(code);
    }
    if (param) err["param"] = param;
    return error(400, err);
  }

  function missing(param: string): EmuResponse {
    return invalid(`Missing required param: ${param}.`, param, "parameter_missing");
  }

  function unknownParams(params: Json, allowed: Set<string>): EmuResponse | null {
    for (const k of Object.keys(params)) {
      if (!allowed.has(k)) return invalid(`Received unknown parameter: ${k}`, k, "parameter_unknown");
    }
    const pmd = params["payment_method_data"];
    if (pmd && typeof pmd === "object") {
      for (const k of Object.keys(pmd)) {
        if (!PM_DATA_PARAMS.has(k)) {
          const p = `payment_method_data[${k}]`;
          return invalid(`Received unknown parameter: ${p}`, p, "parameter_unknown");
        }
      }
      const card = (pmd as Json)["card"];
      if (card && typeof card === "object") {
        for (const k of Object.keys(card)) {
          if (!CARD_PARAMS.has(k)) {
            const p = `payment_method_data[card][${k}]`;
            return invalid(`Received unknown parameter: ${p}`, p, "parameter_unknown");
          }
        }
      }
    }
    return null;
  }

  function authenticate(req: EmuRequest): EmuResponse | null {
    const auth = req.headers["authorization"];
    let key = "";
    if (typeof auth === "string") {
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      const basic = /^Basic\s+(\S+)\s*$/i.exec(auth);
      if (bearer) key = bearer[1]!;
      else if (basic) key = Buffer.from(basic[1]!, "base64").toString("utf8").split(":")[0] ?? "";
    }
    if (!key) {
      return error(401, {
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, " +
          "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication " +
          "for details, or we can help at https://support.stripe.com/.",
        type: "invalid_request_error",
      });
    }
    if (!/^sk_test_[A-Za-z0-9_]+$/.test(key)) {
      // Stripe masks the key in this message; the emulator leaves it out entirely.
      return error(401, { message: "Invalid API Key provided.", type: "invalid_request_error" });
    }
    return null;
  }

  function paymentMethodObject(card: CardInput, billingName: string | null, cvcCheck: string): Json {
    return {
      id: randId("pm"),
      object: "payment_method",
      billing_details: {
        address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
        email: null,
        name: billingName,
        phone: null,
      },
      card: {
        brand: cardBrand(card.number),
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: cvcCheck },
        country: "US",
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        fingerprint: randId("fp", 16).slice(3),
        funding: "credit",
        generated_from: null,
        last4: card.number.slice(-4),
        networks: { available: [cardBrand(card.number)], preferred: null },
        three_d_secure_usage: { supported: true },
        wallet: null,
      },
      created: now(),
      customer: null,
      livemode: false,
      metadata: {},
      type: "card",
    };
  }

  /** Builds the PaymentMethod from `payment_method` or `payment_method_data`, validating card data. */
  function resolvePaymentMethod(params: Json): Outcome {
    const pmId = params["payment_method"];
    if (typeof pmId === "string" && pmId !== "") {
      const saved = paymentMethods.get(pmId);
      if (saved?.detached) {
        return {
          kind: "error",
          response: invalid(
            `The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.`,
            "payment_method",
          ),
        };
      }
      if (saved) {
        // A card saved under a customer is only used together with that customer.
        const owner = (saved.object["customer"] as string | null) ?? null;
        const customer = typeof params["customer"] === "string" ? params["customer"] : null;
        if (owner !== null && owner !== customer) {
          return {
            kind: "error",
            response: invalid(`The provided PaymentMethod ${pmId} is attached to a Customer, and the request does not name that Customer.`, "payment_method"),
          };
        }
        return { kind: "ok", pm: saved };
      }
      const number = TEST_PAYMENT_METHODS[pmId];
      if (!number) {
        return { kind: "error", response: invalid(`No such PaymentMethod: '${pmId}'`, "payment_method", "resource_missing") };
      }
      const card: CardInput = { number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3 };
      return { kind: "ok", pm: { object: paymentMethodObject(card, null, "unchecked"), number } };
    }
    const pmd = params["payment_method_data"];
    if (pmd === undefined) return { kind: "ok", pm: null };
    if (typeof pmd !== "object" || pmd === null) return { kind: "error", response: invalid("Invalid payment_method_data: must be an object", "payment_method_data") };
    const data = pmd as Json;
    if (data["type"] === undefined) return { kind: "error", response: missing("payment_method_data[type]") };
    if (data["type"] !== "card") {
      const type = String(data["type"]);
      if (!NON_CARD_OUTCOME[type]) {
        return { kind: "error", response: invalid(`The emulator does not support payment_method_data[type]=${type}.`, "payment_method_data[type]") };
      }
      const billing = (data["billing_details"] ?? {}) as Json;
      const object: Json = {
        id: randId("pm"),
        object: "payment_method",
        billing_details: { address: null, email: billing["email"] ?? null, name: billing["name"] ?? null, phone: null },
        [type]: {},
        created: now(),
        customer: null,
        livemode: false,
        metadata: {},
        type,
      };
      const record = { object, number: "" };
      paymentMethods.set(String(object["id"]), record);
      return { kind: "ok", pm: record };
    }
    const c = (data["card"] ?? {}) as Json;
    if (c["token"] !== undefined) {
      const number = TEST_TOKENS[String(c["token"])];
      if (!number) return { kind: "error", response: invalid(`No such token: '${String(c["token"])}'`, "payment_method_data[card][token]", "resource_missing") };
      const card: CardInput = { number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3 };
      const record = { object: paymentMethodObject(card, null, "unchecked"), number };
      paymentMethods.set(String(record.object["id"]), record);
      return { kind: "ok", pm: record };
    }
    for (const f of ["number", "exp_month", "exp_year"]) {
      if (c[f] === undefined || c[f] === "") return { kind: "error", response: missing(`payment_method_data[card][${f}]`) };
    }
    const number = String(c["number"]).replace(/\s/g, "");
    const card: CardInput = {
      number,
      exp_month: Number(c["exp_month"]),
      exp_year: Number(c["exp_year"]),
      cvc: c["cvc"] === undefined ? undefined : String(c["cvc"]),
    };
    if (card.exp_year < 100) card.exp_year += 2000;
    const cardError = (code: string, message: string, param: string): Outcome => ({
      kind: "error",
      response: error(402, { code, doc_url: docUrl(code), message, param, type: "card_error" }),
    });
    if (!luhnValid(number)) {
      ctx.log(`stripe: card ${ctx.maskPan(number)} fails the Luhn check`);
      return cardError("incorrect_number", "Your card number is incorrect.", "number");
    }
    if (!Number.isInteger(card.exp_month) || card.exp_month < 1 || card.exp_month > 12) {
      return cardError("invalid_expiry_month", "Your card's expiration month is invalid.", "exp_month");
    }
    const d = new Date();
    const thisYear = d.getUTCFullYear();
    if (!Number.isInteger(card.exp_year) || card.exp_year < thisYear || card.exp_year > thisYear + 50) {
      return cardError("invalid_expiry_year", "Your card's expiration year is invalid.", "exp_year");
    }
    if (card.exp_year === thisYear && card.exp_month < d.getUTCMonth() + 1) {
      return cardError("invalid_expiry_month", "Your card's expiration month is invalid.", "exp_month");
    }
    if (card.cvc !== undefined && !/^\d{3,4}$/.test(card.cvc)) {
      return cardError("invalid_cvc", "Your card's security code is invalid.", "cvc");
    }
    const billing = (data["billing_details"] ?? {}) as Json;
    const name = typeof billing["name"] === "string" ? billing["name"] : null;
    const cvcCheck = card.cvc === undefined ? "unchecked" : number === "4000000000000127" ? "fail" : "pass";
    const record = { object: paymentMethodObject(card, name, cvcCheck), number };
    paymentMethods.set(String(record.object["id"]), record);
    return { kind: "ok", pm: record };
  }

  function newIntent(params: Json): Json {
    const id = randId("pi");
    const captureMethod = (params["capture_method"] as string | undefined) ?? "automatic";
    const metadata = params["metadata"];
    const types = params["payment_method_types"];
    return {
      id,
      object: "payment_intent",
      amount: Number(params["amount"]),
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: captureMethod,
      client_secret: `${id}_secret_${randId("x", 25).slice(2)}`,
      confirmation_method: (params["confirmation_method"] as string | undefined) ?? "automatic",
      created: now(),
      currency: String(params["currency"]).toLowerCase(),
      customer: (params["customer"] as string | undefined) ?? null,
      description: (params["description"] as string | undefined) ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: metadata && typeof metadata === "object" ? metadata : {},
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_options: {
        card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" },
      },
      payment_method_types: Array.isArray(types) ? types : ["card"],
      processing: null,
      receipt_email: (params["receipt_email"] as string | undefined) ?? null,
      review: null,
      setup_future_usage: (params["setup_future_usage"] as string | undefined) ?? null,
      shipping: null,
      statement_descriptor: (params["statement_descriptor"] as string | undefined) ?? null,
      statement_descriptor_suffix: (params["statement_descriptor_suffix"] as string | undefined) ?? null,
      status: "requires_payment_method",
      transfer_data: null,
      transfer_group: null,
    };
  }

  function clone<T>(v: T): T {
    return JSON.parse(JSON.stringify(v)) as T;
  }

  function succeed(pi: Json): void {
    const manual = pi["capture_method"] === "manual";
    pi["status"] = manual ? "requires_capture" : "succeeded";
    pi["amount_capturable"] = manual ? pi["amount"] : 0;
    pi["amount_received"] = manual ? 0 : pi["amount"];
    const pm = intentPm.get(String(pi["id"]));
    const charge: ChargeRecord = {
      id: randId("ch"),
      paymentIntent: String(pi["id"]),
      ledger: new Ledger(Number(pi["amount"]), { captured: !manual }),
      currency: String(pi["currency"]),
      captured: !manual,
      created: now(),
      paymentMethod: String(pi["payment_method"]),
      customer: (pi["customer"] as string | null) ?? null,
      number: pm?.number ?? "",
    };
    charges.set(charge.id, charge);
    pi["latest_charge"] = charge.id;
    pi["next_action"] = null;
    pi["last_payment_error"] = null;
    // setup_future_usage: the card is attached to the intent's customer once the payment went through
    if (pm && pi["setup_future_usage"] && pi["customer"]) pm.object["customer"] = pi["customer"];
    emit(manual ? "payment_intent.amount_capturable_updated" : "payment_intent.succeeded", pi);
    if (!manual && pm?.number === DISPUTE_CARD) openDispute(charge);
  }

  function decline(pi: Json, pm: PaymentMethodRecord, d: Decline): EmuResponse {
    const charge = randId("ch");
    const err: Json = {
      charge,
      code: d.code,
      doc_url: docUrl(d.code),
      message: d.message,
      payment_method: pm.object,
      type: "card_error",
    };
    if (d.decline_code) err["decline_code"] = d.decline_code;
    if (d.param) err["param"] = d.param;
    pi["status"] = "requires_payment_method";
    pi["latest_charge"] = charge;
    pi["payment_method"] = null;
    pi["next_action"] = null;
    pi["last_payment_error"] = clone(err);
    ctx.log(`stripe: ${pi["id"]} card ${ctx.maskPan(pm.number)} declined (${d.decline_code ?? d.code})`);
    emit("payment_intent.payment_failed", pi);
    return error(402, { ...err, payment_intent: clone(pi) });
  }

  /** Confirms `pi` with `pm`; mutates and stores it; returns the HTTP answer. */
  /** Confirms a PaymentIntent of a non-card type: what the shopper must do next, as Stripe answers it. */
  function confirmNonCard(pi: Json, pm: PaymentMethodRecord, params: Json): EmuResponse {
    const type = String(pm.object["type"]);
    const returnUrl = typeof params["return_url"] === "string" ? params["return_url"] : null;
    const outcome = NON_CARD_OUTCOME[type]!;
    const types = (params["payment_method_types"] as string[] | undefined) ?? [];
    if (!types.includes(type)) {
      return invalid(`The PaymentMethod provided (${type}) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: ${types.join(", ")}.`, "payment_method");
    }
    const expires = now() + 3 * 86400;
    const page = `${ctx.origin}/stripe/_emulator/3ds/${pi["id"]}`;
    pi["status"] = "requires_action";
    switch (outcome) {
      case "redirect":
      case "alipay": {
        if (!returnUrl) return invalid(`A return_url is required to confirm a ${type} PaymentIntent.`, "return_url");
        const target = { url: `${page}?return_url=${encodeURIComponent(returnUrl)}`, return_url: returnUrl };
        pi["next_action"] = outcome === "alipay"
          ? { type: "alipay_handle_redirect", alipay_handle_redirect: { ...target, native_data: null, native_url: null } }
          : { type: "redirect_to_url", redirect_to_url: target };
        break;
      }
      case "debit": {
        const acceptance = ((params["mandate_data"] ?? {}) as Json)["customer_acceptance"] as Json | undefined;
        if (!acceptance?.["type"]) return missing("mandate_data[customer_acceptance][type]");
        pi["status"] = "processing";
        pi["next_action"] = null;
        break;
      }
      case "boleto":
        pi["next_action"] = { type: "boleto_display_details", boleto_display_details: { expires_at: expires, hosted_voucher_url: `${page}?voucher=1`, number: "23790123016000000005325000456704773910000010000", pdf: `${page}?pdf=1` } };
        break;
      case "oxxo":
        pi["next_action"] = { type: "oxxo_display_details", oxxo_display_details: { expires_after: expires, hosted_voucher_url: `${page}?voucher=1`, number: "12345678901234657890123456789012" } };
        break;
      case "konbini":
        pi["next_action"] = { type: "konbini_display_details", konbini_display_details: { expires_at: expires, hosted_voucher_url: `${page}?voucher=1`, stores: { familymart: { confirmation_number: "12345", payment_code: "123456" }, lawson: null, ministop: null, seicomart: null } } };
        break;
      case "pix":
        pi["next_action"] = { type: "pix_display_qr_code", pix_display_qr_code: { data: `00020101021226880014br.gov.bcb.pix${pi["id"]}`, expires_at: expires, hosted_instructions_url: `${page}?instructions=1`, image_url_png: `${page}.png`, image_url_svg: `${page}.svg` } };
        break;
      case "wechat_pay":
        pi["next_action"] = { type: "wechat_pay_display_qr_code", wechat_pay_display_qr_code: { data: `weixin://wxpay/bizpayurl?pr=${pi["id"]}`, hosted_instructions_url: `${page}?instructions=1`, image_data_url: "data:image/png;base64,", image_url_png: `${page}.png`, image_url_svg: `${page}.svg` } };
        break;
      case "cashapp":
        pi["next_action"] = { type: "cashapp_handle_redirect_or_display_qr_code", cashapp_handle_redirect_or_display_qr_code: { hosted_instructions_url: `${page}?instructions=1`, mobile_auth_url: `${page}?mobile=1`, qr_code: { expires_at: expires, image_url_png: `${page}.png`, image_url_svg: `${page}.svg` } } };
        break;
      case "blik": {
        const code = (((params["payment_method_options"] ?? {}) as Json)["blik"] as Json | undefined)?.["code"];
        if (typeof code !== "string" || !/^\d{6}$/.test(code)) return missing("payment_method_options[blik][code]");
        pi["next_action"] = { type: "blik_authorize" };
        break;
      }
    }
    ctx.log(`stripe: ${pi["id"]} ${type} -> ${pi["status"]}${pi["next_action"] ? ` (${(pi["next_action"] as Json)["type"]})` : ""}`);
    emit(pi["status"] === "processing" ? "payment_intent.processing" : "payment_intent.requires_action", pi);
    return { status: 200, headers: headers(), json: clone(pi) };
  }

  function confirm(pi: Json, pm: PaymentMethodRecord, params: Json): EmuResponse {
    intentPm.set(String(pi["id"]), pm);
    pi["payment_method"] = (pm.object as Json)["id"];
    if (pm.object["type"] !== "card") return confirmNonCard(pi, pm, params);
    const number = pm.number;
    const offSession = params["off_session"] === "true";
    const returnUrl = typeof params["return_url"] === "string" ? params["return_url"] : null;
    const outcome = TEST_CARDS.outcome(number);
    if (outcome.kind === "declined") return decline(pi, pm, outcome.decline);
    if (outcome.kind === "challenge") {
      if (offSession || params["error_on_requires_action"] === "true") {
        return decline(pi, pm, {
          code: "authentication_required",
          decline_code: "authentication_required",
          message: "Your card was declined. This transaction requires authentication.",
        });
      }
      pi["status"] = "requires_action";
      const challenge = `${ctx.origin}/stripe/_emulator/3ds/${pi["id"]}`;
      if (returnUrl) {
        pi["next_action"] = {
          type: "redirect_to_url",
          redirect_to_url: { url: `${challenge}?return_url=${encodeURIComponent(returnUrl)}`, return_url: returnUrl },
        };
      } else {
        pi["next_action"] = {
          type: "use_stripe_sdk",
          use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: challenge, source: randId("src") },
        };
      }
      ctx.log(`stripe: ${pi["id"]} card ${ctx.maskPan(number)} requires 3DS`);
      emit("payment_intent.requires_action", pi);
      return { status: 200, headers: headers(), json: clone(pi) };
    }
    if (outcome.kind === "unlisted") {
      // Test mode refuses real-looking cards that are not on Stripe's test list.
      return decline(pi, pm, {
        code: "card_declined",
        decline_code: "test_mode_live_card",
        message: "Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.",
      });
    }
    succeed(pi);
    ctx.log(`stripe: ${pi["id"]} card ${ctx.maskPan(number)} -> ${pi["status"]}`);
    return { status: 200, headers: headers(), json: clone(pi) };
  }

  function validateCommon(params: Json): EmuResponse | null {
    const cm = params["capture_method"];
    if (cm !== undefined && !CAPTURE_METHODS.includes(String(cm))) {
      return invalid(`Invalid capture_method: must be one of ${CAPTURE_METHODS.join(", ")}`, "capture_method");
    }
    for (const b of ["confirm", "off_session", "error_on_requires_action"]) {
      const v = params[b];
      if (v !== undefined && v !== "true" && v !== "false") {
        return invalid(`Invalid boolean: ${String(v)}`, b);
      }
    }
    if (params["metadata"] !== undefined && (typeof params["metadata"] !== "object" || Array.isArray(params["metadata"]))) {
      return invalid("Invalid object", "metadata");
    }
    return null;
  }

  function createIntent(params: Json): EmuResponse {
    const unknown = unknownParams(params, CREATE_PARAMS);
    if (unknown) return unknown;
    if (params["amount"] === undefined) return missing("amount");
    if (params["currency"] === undefined) return missing("currency");
    const amount = String(params["amount"]);
    if (!/^\d+$/.test(amount)) return invalid(`Invalid integer: ${amount}`, "amount", "parameter_invalid_integer");
    if (Number(amount) < 1) return invalid("This value must be greater than or equal to 1.", "amount", "parameter_invalid_integer");
    if (!/^[A-Za-z]{3}$/.test(String(params["currency"]))) {
      return invalid(`Invalid currency: ${String(params["currency"]).toLowerCase()}.`, "currency");
    }
    const common = validateCommon(params);
    if (common) return common;
    const sfu = params["setup_future_usage"];
    if (sfu !== undefined && sfu !== "off_session" && sfu !== "on_session") {
      return invalid(`Invalid setup_future_usage: must be one of off_session or on_session`, "setup_future_usage");
    }
    const unknownCustomer = customerMissing(params);
    if (unknownCustomer) return unknownCustomer;
    const resolved = resolvePaymentMethod(params);
    if (resolved.kind === "error") return resolved.response;
    const wantConfirm = params["confirm"] === "true";
    if (wantConfirm && !resolved.pm) {
      return invalid(
        "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
        undefined,
        "payment_intent_unexpected_state",
      );
    }
    const pi = newIntent(params);
    intents.set(String(pi["id"]), pi);
    if (!resolved.pm) return { status: 200, headers: headers(), json: clone(pi) };
    if (!wantConfirm) {
      intentPm.set(String(pi["id"]), resolved.pm);
      pi["payment_method"] = (resolved.pm.object as Json)["id"];
      pi["status"] = "requires_confirmation";
      return { status: 200, headers: headers(), json: clone(pi) };
    }
    return confirm(pi, resolved.pm, params);
  }

  function notFound(id: string): EmuResponse {
    return error(404, {
      code: "resource_missing",
      doc_url: docUrl("resource_missing"),
      message: `No such payment_intent: '${id}'`,
      param: "intent",
      type: "invalid_request_error",
    });
  }

  function unexpectedState(pi: Json, action: "confirm" | "capture" | "cancel", allowed: string[]): EmuResponse {
    const status = String(pi["status"]);
    const list = allowed.join(", ");
    const message =
      action === "capture"
        ? `This PaymentIntent could not be captured because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be captured: ${list}.`
        : action === "cancel"
          ? `You cannot cancel this PaymentIntent because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be canceled: ${list}.`
          : `You cannot confirm this PaymentIntent because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${list}.`;
    return error(400, {
      code: "payment_intent_unexpected_state",
      doc_url: docUrl("payment_intent_unexpected_state"),
      message,
      payment_intent: clone(pi),
      type: "invalid_request_error",
    });
  }

  function confirmIntent(pi: Json, params: Json): EmuResponse {
    const unknown = unknownParams(params, CONFIRM_PARAMS);
    if (unknown) return unknown;
    const common = validateCommon(params);
    if (common) return common;
    const allowed = ["requires_payment_method", "requires_confirmation", "requires_action"];
    if (!allowed.includes(String(pi["status"]))) return unexpectedState(pi, "confirm", allowed);
    const resolved = resolvePaymentMethod(params);
    if (resolved.kind === "error") return resolved.response;
    const pm = resolved.pm ?? intentPm.get(String(pi["id"])) ?? null;
    if (!pm || (pi["status"] === "requires_payment_method" && !resolved.pm)) {
      return invalid(
        "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
        undefined,
        "payment_intent_unexpected_state",
      );
    }
    if (params["capture_method"] !== undefined) pi["capture_method"] = params["capture_method"];
    return confirm(pi, pm, params);
  }

  function captureIntent(pi: Json, params: Json): EmuResponse {
    const unknown = unknownParams(params, CAPTURE_PARAMS);
    if (unknown) return unknown;
    if (pi["status"] !== "requires_capture") return unexpectedState(pi, "capture", ["requires_capture"]);
    const capturable = Number(pi["amount_capturable"]);
    let amount = capturable;
    if (params["amount_to_capture"] !== undefined) {
      const s = String(params["amount_to_capture"]);
      if (!/^\d+$/.test(s)) return invalid(`Invalid integer: ${s}`, "amount_to_capture", "parameter_invalid_integer");
      amount = Number(s);
      if (amount > capturable) {
        return invalid(
          `The amount to capture must be less than or equal to the amount capturable on this PaymentIntent (${capturable}).`,
          "amount_to_capture",
          "amount_too_large",
        );
      }
    }
    // Every capture is final (no multicapture here): what is not captured is released.
    pi["status"] = "succeeded";
    pi["amount_received"] = amount;
    pi["amount_capturable"] = 0;
    if (params["metadata"] && typeof params["metadata"] === "object") {
      pi["metadata"] = { ...(pi["metadata"] as Json), ...(params["metadata"] as Json) };
    }
    const charge = charges.get(String(pi["latest_charge"]));
    if (charge) {
      charge.captured = true;
      if (amount > 0) charge.ledger.capture(amount, true);
      else charge.ledger.release();
    }
    emit("payment_intent.succeeded", pi);
    return { status: 200, headers: headers(), json: clone(pi) };
  }

  function cancelIntent(pi: Json, params: Json): EmuResponse {
    const unknown = unknownParams(params, CANCEL_PARAMS);
    if (unknown) return unknown;
    const allowed = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"];
    if (!allowed.includes(String(pi["status"]))) return unexpectedState(pi, "cancel", allowed);
    const reasons = ["duplicate", "fraudulent", "requested_by_customer", "abandoned"];
    const reason = params["cancellation_reason"];
    if (reason !== undefined && !reasons.includes(String(reason))) {
      return invalid(`Invalid cancellation_reason: must be one of ${reasons.join(", ")}`, "cancellation_reason");
    }
    pi["status"] = "canceled";
    pi["canceled_at"] = now();
    pi["cancellation_reason"] = (reason as string | undefined) ?? null;
    pi["amount_capturable"] = 0;
    pi["next_action"] = null;
    emit("payment_intent.canceled", pi);
    return { status: 200, headers: headers(), json: clone(pi) };
  }

  /** The shopper passing (or, with ?outcome=fail, failing) the 3DS challenge. */
  function threeDsChallenge(id: string, query: URLSearchParams): EmuResponse {
    if (setupIntents.has(id)) return setupChallenge(id, query);
    const pi = intents.get(id);
    if (!pi) return { status: 404, text: "unknown payment intent" };
    const nextAction = pi["next_action"] as Json | null;
    const redirect = nextAction?.["redirect_to_url"] as Json | undefined;
    const returnUrl = query.get("return_url") ?? (redirect?.["return_url"] as string | undefined) ?? null;
    if (pi["status"] !== "requires_action") return { status: 409, text: `payment intent is ${pi["status"]}` };
    let redirectStatus = "succeeded";
    if (query.get("outcome") === "fail") {
      const pm = intentPm.get(id);
      redirectStatus = "failed";
      const err: Json = {
        code: "payment_intent_authentication_failure",
        doc_url: docUrl("payment_intent_authentication_failure"),
        message:
          "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
        payment_method: pm?.object ?? null,
        type: "invalid_request_error",
      };
      pi["status"] = "requires_payment_method";
      pi["payment_method"] = null;
      pi["next_action"] = null;
      pi["last_payment_error"] = err;
    } else {
      succeed(pi);
    }
    ctx.log(`stripe: 3DS challenge for ${id} -> ${pi["status"]}`);
    if (!returnUrl) return { status: 200, text: `3DS ${redirectStatus}` };
    return redirectBack(returnUrl, { payment_intent: id, payment_intent_client_secret: String(pi["client_secret"]), redirect_status: redirectStatus });
  }

  /** The shopper's 3DS challenge for a SetupIntent (saving a card). */
  function setupChallenge(id: string, query: URLSearchParams): EmuResponse {
    const si = setupIntents.get(id)!;
    const redirect = (si["next_action"] as Json | null)?.["redirect_to_url"] as Json | undefined;
    const returnUrl = query.get("return_url") ?? (redirect?.["return_url"] as string | undefined) ?? null;
    if (si["status"] !== "requires_action") return { status: 409, text: `setup intent is ${si["status"]}` };
    const pm = setupPm.get(id)!;
    const failed = query.get("outcome") === "fail";
    if (failed) {
      setupFailed(si, {
        code: "setup_intent_authentication_failure",
        doc_url: docUrl("setup_intent_authentication_failure"),
        message: "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
        payment_method: pm.object,
        type: "invalid_request_error",
      });
    } else {
      setupSucceeded(si, pm);
    }
    ctx.log(`stripe: 3DS challenge for ${id} -> ${si["status"]}`);
    if (!returnUrl) return { status: 200, text: `3DS ${failed ? "failed" : "succeeded"}` };
    return redirectBack(returnUrl, { setup_intent: id, setup_intent_client_secret: String(si["client_secret"]), redirect_status: failed ? "failed" : "succeeded" });
  }

  function customerMissing(params: Json): EmuResponse | null {
    const c = params["customer"];
    if (c === undefined || customers.has(String(c))) return null;
    return invalid(`No such customer: '${String(c)}'`, "customer", "resource_missing");
  }

  // ---------------------------------------------------------------------------------------------
  // Refunds (https://docs.stripe.com/api/refunds): several per payment, never more in total than
  // what was captured.

  function refundObject(charge: ChargeRecord, amount: number, params: Json): Json {
    const metadata = params["metadata"];
    return {
      id: randId("re"),
      object: "refund",
      amount,
      balance_transaction: randId("txn"),
      charge: charge.id,
      created: now(),
      currency: charge.currency,
      metadata: metadata && typeof metadata === "object" ? metadata : {},
      payment_intent: charge.paymentIntent,
      reason: (params["reason"] as string | undefined) ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: "succeeded",
      transfer_reversal: null,
    };
  }

  function chargeObject(c: ChargeRecord): Json {
    return {
      id: c.id,
      object: "charge",
      amount: c.ledger.authorized,
      amount_captured: c.ledger.captured,
      amount_refunded: c.ledger.refunded,
      balance_transaction: c.captured ? randId("txn") : null,
      captured: c.captured,
      created: c.created,
      currency: c.currency,
      customer: c.customer,
      description: null,
      disputed: false,
      failure_code: null,
      failure_message: null,
      livemode: false,
      metadata: {},
      paid: true,
      payment_intent: c.paymentIntent,
      payment_method: c.paymentMethod,
      refunded: c.ledger.state === "refunded",
      status: "succeeded",
    };
  }

  /** `$25.00` / `25.00 EUR`: Stripe's way of naming amounts in refund errors. */
  function shown(amount: number, currency: string): string {
    const zero = ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];
    const three = ["bhd", "jod", "kwd", "omr", "tnd"];
    const decimals = zero.includes(currency) ? 0 : three.includes(currency) ? 3 : 2;
    const text = decimals === 0 ? String(amount) : (amount / 10 ** decimals).toFixed(decimals);
    return currency === "usd" ? `$${text}` : `${text} ${currency.toUpperCase()}`;
  }

  function createRefund(params: Json): EmuResponse {
    const unknown = unknownParams(params, REFUND_PARAMS);
    if (unknown) return unknown;
    const piId = params["payment_intent"];
    const chargeId = params["charge"];
    if (piId === undefined && chargeId === undefined) {
      return invalid("One of the following params should be provided for this request: payment_intent or charge.");
    }
    const reason = params["reason"];
    if (reason !== undefined && !REFUND_REASONS.includes(String(reason))) {
      return invalid("Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer", "reason");
    }
    let charge: ChargeRecord | undefined;
    if (piId !== undefined) {
      const pi = intents.get(String(piId));
      if (!pi) return invalid(`No such payment_intent: '${String(piId)}'`, "payment_intent", "resource_missing");
      charge = charges.get(String(pi["latest_charge"]));
      if (!charge || pi["status"] !== "succeeded") {
        return invalid(`This PaymentIntent (${String(piId)}) does not have a successful charge to refund.`, "payment_intent");
      }
    } else {
      charge = charges.get(String(chargeId));
      if (!charge) return invalid(`No such charge: '${String(chargeId)}'`, "charge", "resource_missing");
    }
    const remaining = charge.ledger.refundable;
    if (remaining <= 0) return invalid(`Charge ${charge.id} has already been refunded.`, undefined, "charge_already_refunded");
    let amount = remaining;
    if (params["amount"] !== undefined) {
      const a = String(params["amount"]);
      if (!/^\d+$/.test(a)) return invalid(`Invalid integer: ${a}`, "amount", "parameter_invalid_integer");
      amount = Number(a);
      if (amount < 1) return invalid("This value must be greater than or equal to 1.", "amount", "parameter_invalid_integer");
    }
    // Several refunds, never more in total than what was captured.
    if (charge.ledger.refund(amount)) {
      return invalid(
        `Refund amount (${shown(amount, charge.currency)}) is greater than unrefunded amount on charge (${shown(remaining, charge.currency)})`,
        "amount",
        "amount_too_large",
      );
    }
    const refund = refundObject(charge, amount, params);
    refunds.set(String(refund["id"]), refund);
    ctx.log(`stripe: refund ${refund["id"]} of ${amount} ${charge.currency} on ${charge.paymentIntent}`);
    emit("charge.refunded", chargeObject(charge));
    emit("refund.created", refund);
    if (charge.number === ASYNC_REFUND_FAILURE_CARD) {
      const failed = charge;
      setTimeout(() => {
        refund["status"] = "failed";
        refund["failure_reason"] = "expired_or_canceled_card";
        refund["failure_balance_transaction"] = randId("txn");
        failed.ledger.unrefund(amount);
        current = { requestId: "", idempotencyKey: null };
        emit("charge.refund.updated", refund);
        emit("refund.updated", refund);
      }, 20);
    }
    return { status: 200, headers: headers(), json: clone(refund) };
  }

  // ---------------------------------------------------------------------------------------------
  // Customers and SetupIntents (https://docs.stripe.com/payments/save-and-reuse)

  function createCustomer(params: Json): EmuResponse {
    const unknown = unknownParams(params, CUSTOMER_PARAMS);
    if (unknown) return unknown;
    const email = params["email"];
    if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(email))) {
      return invalid(`Invalid email address: ${String(email)}`, "email", "email_invalid");
    }
    const metadata = params["metadata"];
    const id = randId("cus", 14);
    const customer: Json = {
      id,
      object: "customer",
      address: null,
      balance: 0,
      created: now(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: (params["description"] as string | undefined) ?? null,
      discount: null,
      email: (email as string | undefined) ?? null,
      invoice_prefix: randId("x", 8).slice(2).toUpperCase(),
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false,
      metadata: metadata && typeof metadata === "object" ? metadata : {},
      name: (params["name"] as string | undefined) ?? null,
      next_invoice_sequence: 1,
      phone: (params["phone"] as string | undefined) ?? null,
      preferred_locales: [],
      shipping: null,
      tax_exempt: "none",
      test_clock: null,
    };
    customers.set(id, customer);
    emit("customer.created", customer);
    return { status: 200, headers: headers(), json: clone(customer) };
  }

  function newSetupIntent(params: Json): Json {
    const id = randId("seti");
    const metadata = params["metadata"];
    const types = params["payment_method_types"];
    return {
      id,
      object: "setup_intent",
      application: null,
      automatic_payment_methods: null,
      cancellation_reason: null,
      client_secret: `${id}_secret_${randId("x", 25).slice(2)}`,
      created: now(),
      customer: (params["customer"] as string | undefined) ?? null,
      description: (params["description"] as string | undefined) ?? null,
      flow_directions: null,
      last_setup_error: null,
      latest_attempt: null,
      livemode: false,
      mandate: null,
      metadata: metadata && typeof metadata === "object" ? metadata : {},
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: "automatic" } },
      payment_method_types: Array.isArray(types) ? types : ["card"],
      single_use_mandate: null,
      status: "requires_payment_method",
      usage: (params["usage"] as string | undefined) ?? "off_session",
    };
  }

  function setupSucceeded(si: Json, pm: PaymentMethodRecord): void {
    si["status"] = "succeeded";
    si["payment_method"] = pm.object["id"];
    si["latest_attempt"] = randId("setatt");
    si["next_action"] = null;
    si["last_setup_error"] = null;
    if (si["customer"]) pm.object["customer"] = si["customer"];
    emit("setup_intent.succeeded", si);
  }

  function setupFailed(si: Json, err: Json): void {
    si["status"] = "requires_payment_method";
    si["payment_method"] = null;
    si["next_action"] = null;
    si["last_setup_error"] = clone(err);
    emit("setup_intent.setup_failed", si);
  }

  function confirmSetup(si: Json, pm: PaymentMethodRecord, params: Json): EmuResponse {
    setupPm.set(String(si["id"]), pm);
    si["payment_method"] = pm.object["id"];
    si["latest_attempt"] = randId("setatt");
    const number = pm.number;
    const cardDecline = (d: Decline): EmuResponse => {
      const err: Json = { code: d.code, doc_url: docUrl(d.code), message: d.message, payment_method: pm.object, type: "card_error" };
      if (d.decline_code) err["decline_code"] = d.decline_code;
      if (d.param) err["param"] = d.param;
      setupFailed(si, err);
      ctx.log(`stripe: ${si["id"]} card ${ctx.maskPan(number)} declined (${d.decline_code ?? d.code})`);
      return error(402, { ...err, setup_intent: clone(si) });
    };
    const d = number === ATTACH_THEN_DECLINE_CARD ? undefined : TEST_CARDS.decline(number);
    if (d) return cardDecline(d);
    if (TEST_CARDS.challenges3ds(number)) {
      si["status"] = "requires_action";
      const challenge = `${ctx.origin}/stripe/_emulator/3ds/${si["id"]}`;
      const returnUrl = typeof params["return_url"] === "string" ? params["return_url"] : null;
      si["next_action"] = returnUrl
        ? { type: "redirect_to_url", redirect_to_url: { url: `${challenge}?return_url=${encodeURIComponent(returnUrl)}`, return_url: returnUrl } }
        : { type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: challenge, source: randId("src") } };
      emit("setup_intent.requires_action", si);
      return { status: 200, headers: headers(), json: clone(si) };
    }
    if (!TEST_CARDS.approves(number) && number !== ATTACH_THEN_DECLINE_CARD) {
      return cardDecline({
        code: "card_declined",
        decline_code: "test_mode_live_card",
        message: "Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.",
      });
    }
    setupSucceeded(si, pm);
    ctx.log(`stripe: ${si["id"]} saved card ${ctx.maskPan(number)} for ${String(si["customer"])}`);
    return { status: 200, headers: headers(), json: clone(si) };
  }

  function createSetupIntent(params: Json): EmuResponse {
    const unknown = unknownParams(params, SETUP_INTENT_PARAMS);
    if (unknown) return unknown;
    const common = validateCommon(params);
    if (common) return common;
    const usage = params["usage"];
    if (usage !== undefined && usage !== "off_session" && usage !== "on_session") {
      return invalid("Invalid usage: must be one of off_session or on_session", "usage");
    }
    const unknownCustomer = customerMissing(params);
    if (unknownCustomer) return unknownCustomer;
    const resolved = resolvePaymentMethod(params);
    if (resolved.kind === "error") return resolved.response;
    const si = newSetupIntent(params);
    setupIntents.set(String(si["id"]), si);
    if (!resolved.pm) {
      if (params["confirm"] === "true") {
        return invalid(
          "You cannot confirm this SetupIntent because it's missing a payment method. You can either update the SetupIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
          undefined,
          "setup_intent_unexpected_state",
        );
      }
      return { status: 200, headers: headers(), json: clone(si) };
    }
    if (params["confirm"] !== "true") {
      setupPm.set(String(si["id"]), resolved.pm);
      si["payment_method"] = resolved.pm.object["id"];
      si["status"] = "requires_confirmation";
      return { status: 200, headers: headers(), json: clone(si) };
    }
    return confirmSetup(si, resolved.pm, params);
  }

  // ---------- disputes, files, detach, incremental authorization (issue 12) ----------

  const disputes = new Map<string, Json>();
  const files = new Map<string, Json>();

  /** docs.stripe.com/testing#disputes: the charge succeeds, then a fraudulent dispute opens. */
  function openDispute(charge: ChargeRecord): void {
    const id = randId("dp");
    const created = now();
    const evidence: Json = Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, null]));
    const dispute: Json = {
      id,
      object: "dispute",
      amount: charge.ledger.authorized,
      balance_transactions: [],
      charge: charge.id,
      created,
      currency: charge.currency,
      evidence,
      evidence_details: { due_by: created + 7 * 86400, has_evidence: false, past_due: false, submission_count: 0 },
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      payment_intent: charge.paymentIntent,
      payment_method_details: { card: { brand: "visa", network_reason_code: "10.4" }, type: "card" },
      reason: "fraudulent",
      status: "needs_response",
    };
    disputes.set(id, dispute);
    ctx.log(`stripe: dispute ${id} opened on ${charge.id}`);
    emit("charge.dispute.created", dispute);
    emit("charge.dispute.funds_withdrawn", dispute);
  }

  function disputeNotFound(id: string): EmuResponse {
    return error(404, { code: "resource_missing", doc_url: docUrl("resource_missing"), message: `No such dispute: '${id}'`, param: "dispute", type: "invalid_request_error" });
  }

  /** Closed disputes take no evidence and cannot be closed again (Stripe's 400). */
  function disputeOpen(d: Json): EmuResponse | null {
    if (["needs_response", "warning_needs_response"].includes(String(d["status"]))) return null;
    return invalid(`This dispute is already closed or under review (status ${String(d["status"])}).`, undefined, "dispute_already_closed_or_in_review");
  }

  /** POST /v1/disputes/{id}: evidence[...] (file fields name uploaded files), submit. In test mode
   * uncategorized_text `winning_evidence` / `losing_evidence` decides the outcome at once
   * (docs.stripe.com/testing#evidence). */
  function updateDispute(d: Json, params: Json): EmuResponse {
    for (const k of Object.keys(params)) {
      if (!["evidence", "expand", "metadata", "submit"].includes(k)) return invalid(`Received unknown parameter: ${k}`, k, "parameter_unknown");
    }
    const closed = disputeOpen(d);
    if (closed) return closed;
    const ev = (params["evidence"] ?? {}) as Json;
    for (const [k, v] of Object.entries(ev)) {
      if (!EVIDENCE_FIELDS.includes(k)) return invalid(`Received unknown parameter: evidence[${k}]`, `evidence[${k}]`, "parameter_unknown");
      if (EVIDENCE_FILE_FIELDS.includes(k) && !files.has(String(v))) return invalid(`No such file upload: '${String(v)}'`, `evidence[${k}]`, "resource_missing");
      (d["evidence"] as Json)[k] = v;
    }
    const details = d["evidence_details"] as Json;
    details["has_evidence"] = Object.values(d["evidence"] as Json).some((v) => v !== null);
    const submit = params["submit"] ?? "true";
    if (submit !== "true" && submit !== "false") return invalid(`Invalid boolean: ${String(submit)}`, "submit");
    if (submit === "true") {
      details["submission_count"] = Number(details["submission_count"]) + 1;
      const text = (d["evidence"] as Json)["uncategorized_text"];
      d["status"] = text === "winning_evidence" ? "won" : text === "losing_evidence" ? "lost" : "under_review";
      emit(d["status"] === "under_review" ? "charge.dispute.updated" : "charge.dispute.closed", d);
      if (d["status"] === "won") emit("charge.dispute.funds_reinstated", d);
    } else {
      emit("charge.dispute.updated", d);
    }
    return { status: 200, headers: headers(), json: clone(d) };
  }

  /** POST https://files.stripe.com/v1/files: multipart/form-data with purpose and file. */
  function uploadFile(req: EmuRequest): EmuResponse {
    const ct = String(req.headers["content-type"] ?? "");
    const boundary = /;\s*boundary=("?)([^";]+)\1/.exec(ct)?.[2];
    if (!ct.startsWith("multipart/form-data") || !boundary) return invalid("Invalid request: file uploads take multipart/form-data.", undefined);
    const fields: Record<string, { filename?: string; type?: string; size: number; value: string }> = {};
    for (const part of req.rawBody.split(`--${boundary}`).slice(1, -1)) {
      const split = part.indexOf("\r\n\r\n");
      const head = part.slice(0, split);
      const value = part.slice(split + 4, part.length - 2);
      const name = /name="([^"]*)"/.exec(head)?.[1];
      if (!name || split < 0) return invalid("Invalid multipart body.", undefined);
      fields[name] = { filename: /filename="([^"]*)"/.exec(head)?.[1], type: /content-type:\s*(\S+)/i.exec(head)?.[1], size: Buffer.byteLength(value), value };
    }
    if (!fields["purpose"]) return missing("purpose");
    if (!fields["file"]?.filename) return missing("file");
    if (fields["purpose"].value !== "dispute_evidence") return invalid(`Invalid purpose: ${fields["purpose"].value}`, "purpose");
    const type = fields["file"].type ?? "";
    if (!["application/pdf", "image/jpeg", "image/png"].includes(type)) {
      return invalid("Files uploaded for dispute_evidence must be PDF, JPEG or PNG.", "file", "file_upload_invalid_type");
    }
    const id = randId("file");
    const file: Json = {
      id, object: "file", created: now(), expires_at: null, filename: fields["file"].filename, links: { object: "list", data: [], has_more: false, url: `/v1/file_links?file=${id}` },
      purpose: "dispute_evidence", size: fields["file"].size, title: null, type: type.split("/")[1] === "jpeg" ? "jpg" : type.split("/")[1], url: null,
    };
    files.set(id, file);
    return { status: 200, headers: headers(), json: clone(file) };
  }

  function detach(id: string): EmuResponse {
    const pm = paymentMethods.get(id);
    if (!pm) return error(404, { code: "resource_missing", doc_url: docUrl("resource_missing"), message: `No such PaymentMethod: '${id}'`, param: "payment_method", type: "invalid_request_error" });
    if (!pm.object["customer"]) {
      return invalid("The payment method you provided is not attached to a customer so detachment is impossible.", undefined);
    }
    pm.object["customer"] = null;
    pm.detached = true;
    emit("payment_method.detached", pm.object);
    return { status: 200, headers: headers(), json: clone(pm.object) };
  }

  /** The spec's description: requires_capture, at most 10 attempts, `amount` above the current one. */
  function incrementAuthorization(pi: Json, params: Json): EmuResponse {
    for (const k of Object.keys(params)) {
      if (!["amount", "application_fee_amount", "description", "expand", "metadata", "statement_descriptor", "transfer_data"].includes(k)) {
        return invalid(`Received unknown parameter: ${k}`, k, "parameter_unknown");
      }
    }
    if (pi["status"] !== "requires_capture") return unexpectedState(pi, "increment_authorization" as never, ["requires_capture"]);
    if (params["amount"] === undefined) return missing("amount");
    const amount = Number(params["amount"]);
    if (!/^\d+$/.test(String(params["amount"])) || amount <= Number(pi["amount"])) {
      return invalid("The amount must be greater than the PaymentIntent's current amount.", "amount", "parameter_invalid_integer");
    }
    const attempts = (incrementAttempts.get(String(pi["id"])) ?? 0) + 1;
    incrementAttempts.set(String(pi["id"]), attempts);
    if (attempts > 10) return invalid("This PaymentIntent has reached the maximum of 10 incremental authorization attempts.", undefined, "payment_intent_unexpected_state");
    pi["amount"] = amount;
    pi["amount_capturable"] = amount;
    const charge = charges.get(String(pi["latest_charge"]));
    if (charge) charge.ledger.reauthorize(amount);
    if (params["description"] !== undefined) pi["description"] = params["description"];
    emit("payment_intent.amount_capturable_updated", pi);
    return { status: 200, headers: headers(), json: clone(pi) };
  }
  const incrementAttempts = new Map<string, number>();

  function route(req: EmuRequest, params: Json): EmuResponse {
    const p = req.path.replace(/\/+$/, "");
    if (req.method === "POST" && p === "/v1/files") return uploadFile(req);
    const detachPath = /^\/v1\/payment_methods\/([^/]+)\/detach$/.exec(p);
    if (detachPath && req.method === "POST") return detach(decodeURIComponent(detachPath[1]!));
    const disputePath = /^\/v1\/disputes\/([^/]+)(\/close)?$/.exec(p);
    if (disputePath) {
      const id = decodeURIComponent(disputePath[1]!);
      const d = disputes.get(id);
      if (!d) return disputeNotFound(id);
      if (req.method === "GET" && !disputePath[2]) return { status: 200, headers: headers(), json: clone(d) };
      if (req.method === "POST" && disputePath[2]) {
        const closed = disputeOpen(d);
        if (closed) return closed;
        d["status"] = "lost";
        emit("charge.dispute.closed", d);
        return { status: 200, headers: headers(), json: clone(d) };
      }
      if (req.method === "POST") return updateDispute(d, params);
    }
    if (req.method === "POST" && p === "/v1/payment_intents") return createIntent(params);
    if (req.method === "POST" && p === "/v1/refunds") return createRefund(params);
    if (req.method === "POST" && p === "/v1/customers") return createCustomer(params);
    if (req.method === "POST" && p === "/v1/setup_intents") return createSetupIntent(params);
    const refundPath = /^\/v1\/refunds\/([^/]+)$/.exec(p);
    if (refundPath && req.method === "GET") {
      const id = decodeURIComponent(refundPath[1]!);
      const refund = refunds.get(id);
      if (refund) return { status: 200, headers: headers(), json: clone(refund) };
      return error(404, { code: "resource_missing", doc_url: docUrl("resource_missing"), message: `No such refund: '${id}'`, param: "id", type: "invalid_request_error" });
    }
    const setupPath = /^\/v1\/setup_intents\/([^/]+)$/.exec(p);
    if (setupPath && req.method === "GET") {
      const id = decodeURIComponent(setupPath[1]!);
      const si = setupIntents.get(id);
      if (si) return { status: 200, headers: headers(), json: clone(si) };
      return error(404, { code: "resource_missing", doc_url: docUrl("resource_missing"), message: `No such setupintent: '${id}'`, param: "intent", type: "invalid_request_error" });
    }
    const m = /^\/v1\/payment_intents\/([^/]+)(?:\/(confirm|capture|cancel|increment_authorization))?$/.exec(p);
    if (m) {
      const id = decodeURIComponent(m[1]!);
      const pi = intents.get(id);
      const action = m[2];
      if (!action && req.method === "GET") return pi ? { status: 200, headers: headers(), json: clone(pi) } : notFound(id);
      if (action && req.method === "POST") {
        if (!pi) return notFound(id);
        if (action === "confirm") return confirmIntent(pi, params);
        if (action === "capture") return captureIntent(pi, params);
        if (action === "increment_authorization") return incrementAuthorization(pi, params);
        return cancelIntent(pi, params);
      }
    }
    return error(404, {
      message: `Unrecognized request URL (${req.method}: ${p}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      type: "invalid_request_error",
    });
  }

  function canonical(v: unknown): string {
    if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
    if (v && typeof v === "object") {
      return `{${Object.keys(v as Json).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Json)[k])}`).join(",")}}`;
    }
    return JSON.stringify(v);
  }

  return {
    handle(req: EmuRequest): EmuResponse {
      const key = req.headers["idempotency-key"];
      current = { requestId: randId("req", 14), idempotencyKey: typeof key === "string" && key !== "" ? key : null };
      const m3ds = /^\/_emulator\/3ds\/([^/]+)$/.exec(req.path);
      if (m3ds && req.method === "GET") return threeDsChallenge(decodeURIComponent(m3ds[1]!), req.query);

      const isMultipart = String(req.headers["content-type"] ?? "").startsWith("multipart/form-data");
      const params = req.method === "POST" && !isMultipart ? parseStripeForm(req.rawBody) : parseStripeForm(req.query.toString());
      // Stripe.js confirms with the publishable key and the intent's client_secret
      // (docs.stripe.com/js/payment_intents/confirm_card_payment): a front end's call, no secret key.
      const front = /^\/v1\/payment_intents\/([^/]+)\/confirm$/.exec(req.path);
      const publishable = /^Bearer\s+pk_test_[A-Za-z0-9_]+\s*$/i.test(String(req.headers["authorization"] ?? ""));
      if (front && publishable && req.method === "POST") {
        const pi = intents.get(decodeURIComponent(front[1]!));
        if (!pi || params["client_secret"] !== pi["client_secret"]) {
          return invalid("The client_secret provided does not match any associated PaymentIntent on this account.", "client_secret", "resource_missing");
        }
        const { client_secret: _secret, ...rest } = params;
        return confirmIntent(pi, rest);
      }

      const denied = authenticate(req);
      if (denied) return denied;
      const idemKey = req.headers["idempotency-key"];
      if (req.method !== "POST" || typeof idemKey !== "string" || idemKey === "") return route(req, params);

      const auth = String(req.headers["authorization"] ?? "");
      const scope = `${auth}\u0000${idemKey}`;
      // Stripe saves the result once the endpoint began executing; requests that fail
      // parameter validation (400) can be retried with the same key.
      const keyed = idempotency.run(scope, `${req.method} ${req.path} ${canonical(params)}`, (r) => r.status !== 400 && r.status < 500, () => route(req, params));
      if (keyed.kind === "conflict") {
        return error(
          400,
          {
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
            type: "idempotency_error",
          },
          { "Idempotency-Key": idemKey },
        );
      }
      if (keyed.kind === "replayed") {
        ctx.log(`stripe: idempotent replay of ${req.method} ${req.path}`);
        return { ...keyed.response, headers: { ...(keyed.response.headers ?? {}), "Idempotent-Replayed": "true", "Idempotency-Key": idemKey } };
      }
      return { ...keyed.response, headers: { ...(keyed.response.headers ?? {}), "Idempotency-Key": idemKey } };
    },
  };
}

export const emulator: ConnectorEmulator = { create: createStripeEmulator };

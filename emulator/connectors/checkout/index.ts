// Checkout.com emulator (Unified Payments API, NAS): POST /payments, GET /payments/{id},
// GET /payments/{id}/actions, POST /payments/{id}/captures | voids | refunds, a 3-D Secure page,
// and, when the emulator has a webhook target for `checkout`, signed webhooks (Cko-Signature).
//
// Shapes follow Checkout.com's own material: PaymentResponse / PaymentAcceptedResponse /
// PaymentDetails / PaymentAction / *AcceptedResponse / ValidationError of
// checkout-nas.bundled.json and its examples, the test cards of
// https://www.checkout.com/docs/developer-resources/testing/test-cards (each card number gives
// its response code), the idempotency rules of /docs/developer-resources/api/idempotency, the
// currency rules of /docs/resources/calculating-the-amount, and the webhook bodies of the
// workflows event types. 401s have no body, like Checkout.com's.

import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { expired, luhnValid } from "../../core/cards.js";
import { randomString } from "../../core/ids.js";
import { parseJsonObject, type Json } from "../../core/json.js";
import { IdempotencyKeys } from "../../core/idempotency.js";
import { Ledger } from "../../core/ledger.js";
import { redirectBack } from "../../core/redirect.js";
import { deliver, hmac } from "../../core/webhooks.js";
import { createCheckoutIssue12, issue12Route } from "./issue12.js";


/** Test cards that decline with a response code (Checkout.com's list). */
const DECLINE_CARDS: Record<string, [code: string, summary: string]> = {
  "4111111111111129": ["20001", "Refer to card issuer"],
  "4024007103573027": ["20012", "Invalid transaction"],
  "4485381577182090": ["20014", "Invalid card number"],
  "4544249167673670": ["20051", "Insufficient Funds"],
  "4724117215951699": ["20054", "Expired card"],
  "4151512736305999": ["20057", "Transaction not permitted to cardholder"],
  "4897453568485113": ["20059", "Suspected fraud"],
  "4556294593757189": ["20061", "Activity amount limit exceeded"],
  "4818924250131070": ["20062", "Restricted card"],
  "4556253752712245": ["20063", "Security violation"],
  "4095254802642505": ["20068", "Response received too late / timeout"],
  "4532819413487978": ["20078", "Blocked, first used"],
};
/** The amount rules of "Format the amount value". */
const WHOLE_UNITS = new Set(["BIF", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VUV", "VND", "XAF", "XOF", "XPF"]);
const THOUSANDTHS = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);
/**
 * The alternative payment methods' sources the emulator takes, with the fields Checkout.com's NAS
 * reference requires of each (nas_spec RequestSources, 2023-07): the payment answers 202 Pending
 * with `_links.redirect` to the provider's page (here the emulator's), and the shopper's return
 * captures it (or cancels it with `?outcome=cancel`).
 */
const APM_REQUIRED: Record<string, string[]> = {
  ideal: ["bic", "description"],
  bancontact: ["payment_country", "account_holder_name"],
  eps: ["purpose"],
  giropay: [],
  p24: ["payment_country", "account_holder_name", "account_holder_email"],
  sofort: [],
  trustly: [],
  knet: ["language"],
  multibanco: ["payment_country", "account_holder_name"],
  alipay_cn: [],
  alipay_hk: [],
  gcash: [],
  dana: [],
  kakaopay: [],
  tng: [],
  // PaymentRequestPayPalSource: the type alone (its optional `plan` is a billing agreement). The
  // PayPal guide's answer also carries PayPal's order id under `processing.order_id`.
  paypal: [],
};
/**
 * What a bank debit's source must carry, as Checkout.com's SDKs document the swagger schemas:
 * PaymentRequestSEPAV4Source (country, account_number = the IBAN, currency, account_holder whose
 * billing_address requires address_line1, address_line2 ≤ 10, city ≤ 35, zip ≤ 16 and country;
 * date_of_signature yyyy-MM-dd) and PaymentRequestAchSource (account_type savings / checking /
 * cash, country, account_number, bank_code, account_holder with type, first_name, last_name).
 * The error code names the field; never its value (an account number pays).
 */
function debitProblem(src: Json, currency: string): string | undefined {
  const text = (v: unknown, max = 100): v is string => typeof v === "string" && v.trim() !== "" && v.length <= max;
  const holder = src["account_holder"] as Json | undefined;
  if (!holder || typeof holder !== "object") return "account_holder_required";
  if (!/^[A-Z]{2}$/.test(String(src["country"] ?? ""))) return "country_invalid";
  if (src["type"] === "sepa") {
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(String(src["account_number"] ?? ""))) return "account_number_invalid";
    if (String(src["account_number"]).slice(0, 2) !== src["country"]) return "country_invalid";
    if (src["currency"] !== "EUR" || currency !== "EUR") return "currency_invalid";
    if (src["date_of_signature"] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(src["date_of_signature"]))) return "date_of_signature_invalid";
    const a = holder["billing_address"] as Json | undefined;
    if (!a || typeof a !== "object") return "billing_address_required";
    const limits: Array<[string, number]> = [["address_line1", 200], ["address_line2", 10], ["city", 35], ["zip", 16], ["country", 2]];
    for (const [field, max] of limits) if (!text(a[field], max)) return `${field}_invalid`;
    for (const field of ["first_name", "last_name"]) if (holder[field] !== undefined && !text(holder[field], 50)) return `${field}_invalid`;
    return undefined;
  }
  if (!["savings", "checking", "cash"].includes(String(src["account_type"]))) return "account_type_invalid";
  if (!/^\d{4,17}$/.test(String(src["account_number"] ?? ""))) return "account_number_invalid";
  if (!/^\d{9}$/.test(String(src["bank_code"] ?? ""))) return "bank_code_invalid";
  if (currency !== "USD") return "currency_invalid";
  if (!["individual", "corporate", "government"].includes(String(holder["type"]))) return "account_holder_type_invalid";
  for (const field of ["first_name", "last_name"]) if (!text(holder[field], 50)) return `${field}_required`;
  return undefined;
}

/** 04_PaymentRequestNetworkTokenSource's token_type. */
const TOKEN_TYPES = new Set(["vts", "mdes", "applepay", "googlepay"]);
/** A token the emulator's "Frames" made: tok_ + 26 base32 characters, standing for 4242. */
const TOKEN_CARD = "4242424242424242";

interface Action {
  id: string;
  type: "Authorization" | "Card Verification" | "Capture" | "Void" | "Refund";
  processed_on: string;
  amount: number;
  approved: boolean;
  response_code: string;
  response_summary: string;
  reference?: string;
}

interface Payment {
  id: string;
  reference: string;
  amount: number;
  currency: string;
  capture: boolean;
  paymentType: string;
  status: string;
  approved: boolean;
  responseCode: string;
  responseSummary: string;
  sourceId: string;
  last4: string;
  bin: string;
  expiryMonth: number;
  expiryYear: number;
  schemeId: string;
  requestedOn: string;
  successUrl?: string;
  failureUrl?: string;
  sessionId?: string;
  /** An alternative payment method's source type (ideal, ...): no card behind it. */
  apmType?: string;
  /** A decline card's answer, given once 3-D Secure is done (the number itself is not kept). */
  declineAfterAuthentication?: [string, string];
  /** Authorized (once approved), captured, voided, refunded. */
  ledger: Ledger;
  actions: Action[];
}

/** Checkout.com ids: a prefix and 26 base32 characters. */
const id = (prefix: string): string => `${prefix}_${randomString(26, "abcdefghijklmnopqrstuvwxyz234567")}`;


function invalid(...errorCodes: string[]): EmuResponse {
  return { status: 422, json: { request_id: id("req").slice(4, 17).toUpperCase(), error_type: "request_invalid", error_codes: errorCodes } };
}

const now = () => new Date().toISOString();

export function createCheckoutEmulator(ctx: EmuContext): EmuMount {
  const payments = new Map<string, Payment>();
  const sessions = new Map<string, string>(); // sid_ -> pay_
  const sources = new Map<string, { last4: string; bin: string; expiryMonth: number; expiryYear: number }>();
  // Cko-Idempotency-Key + path -> the first answer (replayed as is).
  const idempotent = new IdempotencyKeys();

  const link = (p: Payment, rest = "") => ({ href: `${ctx.origin}/checkout/payments/${p.id}${rest}` });

  function balances(p: Payment): Json {
    const l = p.ledger;
    const capturable = p.status === "Authorized" || p.status === "Partially Captured" ? l.capturable : 0;
    return {
      total_authorized: l.authorized,
      total_voided: l.voided ? l.authorized : 0,
      available_to_void: l.captured === 0 && p.status === "Authorized" ? l.authorized : 0,
      total_captured: l.captured,
      available_to_capture: Math.max(0, capturable),
      total_refunded: l.refunded,
      available_to_refund: l.refundable,
    };
  }

  function links(p: Payment): Json {
    const out: Json = { self: link(p), actions: link(p, "/actions") };
    const b = balances(p) as Record<string, number>;
    if (b["available_to_capture"]! > 0) out["capture"] = link(p, "/captures");
    if (b["available_to_void"]! > 0) out["void"] = link(p, "/voids");
    if (b["available_to_refund"]! > 0) out["refund"] = link(p, "/refunds");
    return out;
  }

  function source(p: Payment): Json {
    if (p.apmType) return { type: p.apmType };
    return { type: "card", id: p.sourceId, expiry_month: p.expiryMonth, expiry_year: p.expiryYear, scheme: "Visa", last4: p.last4, bin: p.bin };
  }

  /** PaymentResponse (201). */
  function paymentResponse(p: Payment, actionId: string): Json {
    const out: Json = {
      id: p.id,
      action_id: actionId,
      amount: p.amount,
      currency: p.currency,
      approved: p.approved,
      status: p.status,
      response_code: p.responseCode,
      response_summary: p.responseSummary,
      source: source(p),
      processed_on: now(),
      reference: p.reference,
      _links: links(p),
    };
    if (p.approved) {
      out["auth_code"] = "770687";
      out["scheme_id"] = p.schemeId;
      out["balances"] = balances(p);
    }
    return out;
  }

  /** PaymentDetails (GET). */
  function details(p: Payment): Json {
    return {
      id: p.id,
      requested_on: p.requestedOn,
      source: source(p),
      amount: p.amount,
      currency: p.currency,
      payment_type: p.paymentType,
      reference: p.reference,
      approved: p.approved,
      status: p.status,
      balances: balances(p),
      scheme_id: p.approved ? p.schemeId : undefined,
      _links: links(p),
    };
  }

  function act(p: Payment, type: Action["type"], amount: number, approved: boolean, code = "10000", summary = "Approved", reference?: string): Action {
    const a: Action = { id: id("act"), type, processed_on: now(), amount, approved, response_code: code, response_summary: summary };
    if (reference !== undefined) a.reference = reference;
    p.actions.unshift(a); // latest first, as documented
    return a;
  }

  /** A signed notification (Cko-Signature: hex HMAC-SHA256 of the body with the webhook's key). */
  function notify(type: string, p: Payment, a: Action | null, extra: Json = {}): void {
    const body = JSON.stringify({
      id: id("evt"),
      type,
      version: "1.0.29",
      created_on: now(),
      data: {
        id: p.id,
        action_id: a?.id,
        reference: a?.reference ?? p.reference,
        amount: a?.amount ?? p.amount,
        currency: p.currency,
        response_code: a?.response_code ?? p.responseCode,
        response_summary: a?.response_summary ?? p.responseSummary,
        balances: balances(p),
        ...extra,
      },
      _links: { payment: link(p) },
    });
    // Like a processor: a failing endpoint does not fail the API call (sendWebhook never throws).
    void deliver(ctx, (secret) => ({ body, headers: { "Content-Type": "application/json", "Cko-Signature": hmac("sha256", secret, body, "hex") } }));
  }

  /** Authorization (and, for capture: true, the capture Checkout.com then makes by itself). */
  function approve(p: Payment): void {
    if (p.amount === 0) {
      p.status = "Card Verified";
      p.approved = true;
      act(p, "Card Verification", 0, true);
      notify("card_verified", p, null, { source: { id: p.sourceId } });
      return;
    }
    p.status = "Authorized";
    p.approved = true;
    p.ledger.reauthorize(p.amount);
    notify("payment_approved", p, act(p, "Authorization", p.amount, true));
  }

  /** capture: true: Checkout.com answers `Authorized` and captures right after, asynchronously. */
  function captureAutomatically(p: Payment, cardNumber?: string): void {
    if (!p.capture || p.status !== "Authorized") return;
    p.ledger.capture(p.amount);
    p.status = "Captured";
    notify("payment_captured", p, act(p, "Capture", p.amount, true));
    more.captured(p, cardNumber);
  }

  function decline(p: Payment, code: string, summary: string): void {
    p.status = "Declined";
    p.approved = false;
    p.responseCode = code;
    p.responseSummary = summary;
    act(p, "Authorization", p.amount, false, code, summary);
    notify("payment_declined", p, null);
  }

  function amountProblem(amount: unknown, currency: string, allowZero: boolean): string | null {
    if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 0 || (amount === 0 && !allowZero)) return "amount_invalid";
    if (amount > 999_999_999) return "amount_invalid";
    if (THOUSANDTHS.has(currency) && amount % 10 !== 0) return "amount_invalid";
    return null;
  }

  function requestPayment(body: Json): EmuResponse {
    const currency = body["currency"];
    if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) return invalid("currency_invalid");
    const amount = body["amount"] ?? 0;
    const problem = amountProblem(amount, currency, true);
    if (problem) return invalid(problem);
    const reference = typeof body["reference"] === "string" ? body["reference"] : "";
    if (reference.length > 50) return invalid("reference_invalid");
    const src = body["source"] as Json | undefined;
    if (!src || typeof src !== "object") return invalid("payment_source_required");

    let card: { number?: string; last4: string; bin: string; expiryMonth: number; expiryYear: number; sourceId: string };
    switch (src["type"]) {
      case "card": {
        const number = String(src["number"] ?? "");
        if (!luhnValid(number)) {
          if (number) ctx.log(`checkout: card ${ctx.maskPan(number)} is not a valid card number`);
          return invalid("card_number_invalid");
        }
        const month = src["expiry_month"];
        const year = src["expiry_year"];
        if (typeof month !== "number" || month < 1 || month > 12) return invalid("card_expiry_month_invalid");
        if (typeof year !== "number" || year < 1000 || year > 9999) return invalid("card_expiry_year_invalid");
        if (expired(month, year)) return invalid("card_expired");
        if (src["cvv"] !== undefined && !/^\d{3,4}$/.test(String(src["cvv"]))) return invalid("cvv_invalid");
        card = { number, last4: number.slice(-4), bin: number.slice(0, 6), expiryMonth: month, expiryYear: year, sourceId: id("src") };
        break;
      }
      case "token": {
        if (typeof src["token"] !== "string" || !/^tok_\w{26}$/.test(src["token"])) return invalid("token_invalid");
        card = { number: TOKEN_CARD, last4: "4242", bin: "424242", expiryMonth: 12, expiryYear: 2030, sourceId: id("src") };
        break;
      }
      case "id": {
        const saved = typeof src["id"] === "string" ? sources.get(src["id"]) : undefined;
        if (!saved) return invalid("source_id_invalid");
        card = { ...saved, sourceId: src["id"] as string };
        break;
      }
      case "network_token": {
        const number = String(src["token"] ?? "");
        if (!luhnValid(number)) return invalid("token_invalid");
        if (!TOKEN_TYPES.has(String(src["token_type"]))) return invalid("token_type_invalid");
        const month = src["expiry_month"];
        const year = src["expiry_year"];
        if (typeof month !== "number" || month < 1 || month > 12) return invalid("token_expiry_month_invalid");
        if (typeof year !== "number" || year < 1000 || year > 9999) return invalid("token_expiry_year_invalid");
        if (typeof src["cryptogram"] !== "string" || src["cryptogram"].length === 0 || src["cryptogram"].length > 50) return invalid("cryptogram_invalid");
        if (typeof src["eci"] !== "string" || !/^\d{1,2}$/.test(src["eci"])) return invalid("eci_invalid");
        card = { number, last4: number.slice(-4), bin: number.slice(0, 6), expiryMonth: month, expiryYear: year, sourceId: id("src") };
        break;
      }
      case "sepa":
      case "ach": {
        const problem = debitProblem(src, currency);
        if (problem) return invalid(problem);
        return apmPayment(body, String(src["type"]), amount as number, currency, reference, false);
      }
      default: {
        const type = String(src["type"]);
        const required = APM_REQUIRED[type];
        if (!required) return invalid("payment_source_invalid");
        for (const field of required) {
          if (typeof src[field] !== "string" || src[field] === "") return invalid(`${field}_required`);
        }
        return apmPayment(body, type, amount as number, currency, reference);
      }
    }
    if (body["merchant_initiated"] === true && src["type"] !== "id") return invalid("source_id_invalid");

    const p: Payment = {
      id: id("pay"),
      reference,
      amount: amount as number,
      currency,
      capture: body["capture"] !== false,
      paymentType: typeof body["payment_type"] === "string" ? body["payment_type"] : "Regular",
      status: "Pending",
      approved: false,
      responseCode: "10000",
      responseSummary: "Approved",
      sourceId: card.sourceId,
      last4: card.last4,
      bin: card.bin,
      expiryMonth: card.expiryMonth,
      expiryYear: card.expiryYear,
      schemeId: String(100000000000000 + Math.floor(Math.random() * 899999999999999)),
      requestedOn: now(),
      successUrl: typeof body["success_url"] === "string" ? body["success_url"] : undefined,
      failureUrl: typeof body["failure_url"] === "string" ? body["failure_url"] : undefined,
      ledger: new Ledger(0),
      actions: [],
    };
    payments.set(p.id, p);
    sources.set(p.sourceId, { last4: p.last4, bin: p.bin, expiryMonth: p.expiryMonth, expiryYear: p.expiryYear });

    const declined = card.number ? DECLINE_CARDS[card.number] : undefined;
    const threeDs = body["3ds"] as Json | undefined;
    // An authentication done elsewhere (3ds.cryptogram, 3dsRequestThirdParty) authorizes at once.
    if (threeDs?.["enabled"] === true && threeDs["cryptogram"] === undefined && src["type"] !== "id") {
      p.declineAfterAuthentication = declined;
      p.sessionId = id("sid");
      sessions.set(p.sessionId, p.id);
      notify("payment_pending", p, null);
      return {
        status: 202,
        json: {
          id: p.id,
          status: "Pending",
          reference: p.reference,
          "3ds": { downgraded: false, enrolled: "Y" },
          _links: { self: link(p), redirect: { href: `${ctx.origin}/checkout/_emulator/3ds/${p.sessionId}` } },
        },
      };
    }
    if (declined) decline(p, declined[0], declined[1]);
    else approve(p);
    const answer: EmuResponse = { status: 201, json: paymentResponse(p, p.actions[0]!.id) };
    captureAutomatically(p, card.number);
    return answer;
  }

  /** A redirect payment method: 202 Pending, `_links.redirect` to the provider's page; a bank
   * debit (`redirect` false): 202 Pending with no redirect, the debit being collected later. */
  function apmPayment(body: Json, type: string, amount: number, currency: string, reference: string, redirect = true): EmuResponse {
    const p: Payment = {
      id: id("pay"),
      reference,
      amount,
      currency,
      capture: true,
      paymentType: "Regular",
      status: "Pending",
      approved: false,
      responseCode: "10000",
      responseSummary: "Approved",
      sourceId: "",
      last4: "",
      bin: "",
      expiryMonth: 0,
      expiryYear: 0,
      schemeId: "",
      requestedOn: now(),
      successUrl: typeof body["success_url"] === "string" ? body["success_url"] : undefined,
      failureUrl: typeof body["failure_url"] === "string" ? body["failure_url"] : undefined,
      apmType: type,
      ledger: new Ledger(0),
      actions: [],
    };
    payments.set(p.id, p);
    notify("payment_pending", p, null);
    if (!redirect) return { status: 202, json: { id: p.id, status: "Pending", reference: p.reference, _links: { self: link(p) } } };
    const answer: Json = { id: p.id, status: "Pending", reference: p.reference, _links: { self: link(p), redirect: { href: `${ctx.origin}/checkout/_emulator/apm/${p.id}` } } };
    if (type === "paypal") answer["processing"] = { order_id: randomString(17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") };
    return { status: 202, json: answer };
  }

  /** The shopper at the provider: pays (the payment is captured), or `?outcome=cancel`. */
  function apmPage(payId: string, query: URLSearchParams): EmuResponse {
    const p = payments.get(payId);
    if (!p || !p.apmType || p.status !== "Pending") return { status: 404, text: "no payment pending at the provider" };
    const canceled = query.get("outcome") === "cancel";
    if (canceled) {
      p.status = "Canceled";
      notify("payment_canceled", p, null);
    } else {
      p.approved = true;
      p.ledger.reauthorize(p.amount);
      act(p, "Authorization", p.amount, true);
      p.ledger.capture(p.amount);
      p.status = "Captured";
      notify("payment_captured", p, act(p, "Capture", p.amount, true));
    }
    return redirectBack((canceled ? p.failureUrl : p.successUrl) ?? `${ctx.origin}/checkout/_emulator/done`, { "cko-payment-id": p.id });
  }

  /** The shopper's side of 3-D Secure: `?outcome=failure` fails the authentication. */
  function threeDsPage(sessionId: string, query: URLSearchParams): EmuResponse {
    const p = payments.get(sessions.get(sessionId) ?? "");
    if (!p || p.status !== "Pending") return { status: 404, text: "no 3-D Secure session pending" };
    const failed = query.get("outcome") === "failure";
    if (failed) {
      decline(p, "20151", "Cardholder failed 3DS authentication");
      notify("payment_authentication_failed", p, null);
    } else if (p.declineAfterAuthentication) {
      decline(p, ...p.declineAfterAuthentication);
    } else {
      approve(p);
      captureAutomatically(p);
    }
    return redirectBack((failed ? p.failureUrl : p.successUrl) ?? `${ctx.origin}/checkout/_emulator/done`, { "cko-session-id": sessionId });
  }

  function capture(p: Payment, body: Json): EmuResponse {
    const available = (balances(p) as Record<string, number>)["available_to_capture"]!;
    if (available <= 0) return { status: 403, text: "" };
    const amount = body["amount"] ?? available;
    if (amountProblem(amount, p.currency, false)) return invalid("amount_invalid");
    if ((amount as number) > available) return invalid("capture_value_greater_than_remaining_authorized");
    const reference = typeof body["reference"] === "string" ? body["reference"] : undefined;
    const a = act(p, "Capture", amount as number, true, "10000", "Approved", reference);
    p.ledger.capture(a.amount);
    p.status = p.ledger.capturable === 0 ? "Captured" : "Partially Captured";
    notify("payment_captured", p, a);
    return { status: 202, json: { action_id: a.id, reference, _links: { payment: link(p) } } };
  }

  function voidPayment(p: Payment, body: Json): EmuResponse {
    if ((balances(p) as Record<string, number>)["available_to_void"]! <= 0) return { status: 403, text: "" };
    const reference = typeof body["reference"] === "string" ? body["reference"] : undefined;
    const a = act(p, "Void", p.ledger.authorized, true, "10000", "Approved", reference);
    p.ledger.void();
    p.status = "Voided";
    notify("payment_voided", p, a);
    return { status: 202, json: { action_id: a.id, reference, _links: { payment: link(p) } } };
  }

  function refund(p: Payment, body: Json): EmuResponse {
    const available = p.ledger.refundable;
    if (available <= 0) return { status: 403, text: "" };
    const amount = body["amount"] ?? available;
    if (amountProblem(amount, p.currency, false)) return invalid("amount_invalid");
    if ((amount as number) > available) return invalid("refund_amount_exceeds_balance");
    const reference = typeof body["reference"] === "string" ? body["reference"] : undefined;
    const a = act(p, "Refund", amount as number, true, "10000", "Approved", reference);
    p.ledger.refund(a.amount);
    p.status = p.ledger.state === "refunded" ? "Refunded" : "Partially Refunded";
    notify("payment_refunded", p, a);
    return { status: 202, json: { action_id: a.id, reference, _links: { payment: link(p) } } };
  }

  function authorizedKey(req: EmuRequest): boolean {
    const h = req.headers["authorization"];
    const value = Array.isArray(h) ? h[0] : h;
    // NAS secret keys, as Bearer: sk_sbox_... (sandbox) or sk_... (live, refused by a sandbox).
    return typeof value === "string" && /^Bearer sk_sbox_[a-z0-9]{20,}$/.test(value);
  }

  // Issue 12: payment sessions, reversals, disputes and files (issue12.ts).
  const more = createCheckoutIssue12<Payment>({ ctx, payments, invalid, voidPayment: (p, b) => voidPayment(p, b), refund: (p, b) => refund(p, b) });

  async function handle(req: EmuRequest): Promise<EmuResponse> {
    const m3ds = /^\/_emulator\/3ds\/(sid_\w+)$/.exec(req.path);
    if (m3ds && req.method === "GET") return threeDsPage(m3ds[1]!, req.query);
    const mApm = /^\/_emulator\/apm\/(pay_\w+)$/.exec(req.path);
    if (mApm && req.method === "GET") return apmPage(mApm[1]!, req.query);
    if (!authorizedKey(req)) return { status: 401, text: "" };
    const issue12More = more.route(req);
    if (issue12More) return issue12More;

    let body: Json = {};
    if (req.method === "POST") {
      const parsed = parseJsonObject(req.rawBody, {});
      if (!parsed) return invalid("request_body_malformed");
      body = parsed;
      const keyHeader = req.headers["cko-idempotency-key"];
      const key = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
      if (key) {
        // The same status and body as the first time, when the first was processed.
        const keyed = idempotent.run(`${req.path} ${key}`, "", (response) => response.status < 400, () => route(req, body));
        if (keyed.kind !== "conflict") return keyed.response;
      }
    }
    return route(req, body);
  }

  function route(req: EmuRequest, body: Json): EmuResponse {
    if (req.path === "/payments" && req.method === "POST") return requestPayment(body);
    const issue12 = issue12Route(req, body, {
      payments,
      sources,
      authorizationAction: (p, amount, reference) => act(p, "Authorization", amount, true, "10000", "Approved", reference).id,
      links,
      balances,
      invalid,
      now,
    });
    if (issue12) return issue12;
    const m = /^\/payments\/((?:pay|sid)_\w+)(?:\/(actions|captures|voids|refunds))?$/.exec(req.path);
    if (!m) return { status: 404, text: "" };
    const payId = m[1]!.startsWith("sid_") ? sessions.get(m[1]!) : m[1];
    const p = payments.get(payId ?? "");
    if (!p) return { status: 404, text: "" };
    const action = m[2];
    if (req.method === "GET" && !action) return { status: 200, json: details(p) };
    if (req.method === "GET" && action === "actions") return { status: 200, json: p.actions };
    if (req.method === "POST" && action === "captures") return capture(p, body);
    if (req.method === "POST" && action === "voids") return voidPayment(p, body);
    if (req.method === "POST" && action === "refunds") return refund(p, body);
    return { status: 404, text: "" };
  }

  return { handle };
}

/** The amount of `minor` ISO units in Checkout.com's units (for tests that compute expectations). */
export function checkoutUnits(currency: string): number {
  if (WHOLE_UNITS.has(currency)) return 0;
  if (THOUSANDTHS.has(currency)) return 3;
  return 2;
}

export const emulator: ConnectorEmulator = { create: createCheckoutEmulator };

// Shift4 emulator (Shift4 Payments API): POST /charges, GET /charges/{id},
// POST /charges/{id}/capture, POST /refunds, GET /refunds/{id}, POST /customers,
// POST /customers/{id}/cards, GET /events/{id}; charges with a `paymentMethod` object of the
// Payment Methods API (ideal, bancontact, p24, alipay, ... with `flow.returnUrl`; apple_pay and
// google_pay with the wallet's token, charged at once): pending with
// flow.nextAction `redirect` to the method's page (GET /pay/{chargeId}, opened by the shopper's
// browser), where paying makes the charge successful and sends the shopper to the returnUrl; and, when the emulator has a webhook target for
// `shift4`, the events POSTed there unsigned (Shift4 signs none: the merchant fetches the event by
// its id from GET /events/{id}, which this emulator answers with the same event).
//
// Shapes follow Shift4's own material: the charge, refund, customer, card, event and error objects
// of https://dev.shift4.com/docs/api and its Java SDK (oracles/shift4/), HTTP Basic with the
// secret key as user name, the status codes of its Errors section (400 invalid_request, 401, 402
// card_error with the declined charge's chargeId, 404), the test cards of
// https://dev.shift4.com/docs/testing, and its idempotency rule (the same key with other parameters
// is refused: "Idempotent key used for request with different parameters.").

import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { cardBrand, expired, luhnValid, type CardBrand } from "../../core/cards.js";
import { ALNUM, randomString } from "../../core/ids.js";
import { isObject, type Json } from "../../core/json.js";
import { IdempotencyKeys } from "../../core/idempotency.js";
import { Ledger } from "../../core/ledger.js";
import { deliver } from "../../core/webhooks.js";
import { redirectBack } from "../../core/redirect.js";

/** The Payment Methods API's types (the Java SDK's PaymentMethodType) the emulator pays by redirect. */
const REDIRECT_TYPES = new Set(["alipay", "bancontact", "blik", "boleto", "eps", "ideal", "multibanco", "mybank", "p24", "trustly", "wechatpay"]);

/** The emulator's secret key (test mode); any other is refused with 401. */
export const SHIFT4_SECRET_KEY = "sk_test_EmulatorDemoKey0000000000";

/** Card validation errors (400, no charge made), from Shift4's testing page. */
const VALIDATION_CARDS: Record<string, [code: string, message: string]> = {
  "4024007102349866": ["invalid_number", "The card number is not a valid one."],
  "4532873294814636": ["invalid_expiry_month", "The card's expiration month is invalid."],
  "4532582477951947": ["invalid_expiry_year", "The card's expiration year is invalid."],
  "4024007189368227": ["invalid_cvc", "Your card's security code is invalid."],
  "4916487051294548": ["expired_card", "The card has expired."],
};
/** Card processing errors (402 with a failed charge), from Shift4's testing page. */
const DECLINE_CARDS: Record<string, [code: string, message: string]> = {
  "4024007134364842": ["incorrect_cvc", "The card's security code failed verification."],
  "4929225021529113": ["incorrect_zip", "The card's zip code failed validation."],
  "4242000000000323": ["incorrect_address", "The card's address failed validation."],
  "4024007118468684": ["insufficient_funds", "The charge amount exceeds the available fund or the card's credit limit."],
  "4024007114621187": ["lost_or_stolen", "The card is marked as lost or stolen."],
};
/** A token the emulator's "Shift4.js" made stands for this card. */
const TOKEN_CARD = "4242424242424242";

interface CardObject {
  id: string;
  created: number;
  objectType: "card";
  first6: string;
  last4: string;
  fingerprint: string;
  expMonth: string;
  expYear: string;
  cardholderName?: string;
  customerId?: string;
  brand: string;
  type: string;
}

interface Refund {
  id: string;
  created: number;
  objectType: "refund";
  amount: number;
  currency: string;
  charge: string;
  reason?: string;
  status: "successful" | "pending" | "failed";
  metadata?: Record<string, string>;
}

interface Charge {
  id: string;
  created: number;
  objectType: "charge";
  amount: number;
  amountRefunded: number;
  currency: string;
  description?: string;
  card?: CardObject;
  paymentMethod?: string;
  flow?: { nextAction: "redirect" | "none"; redirect?: { redirectUrl: string }; returnUrl: string };
  customerId?: string;
  type?: string;
  status: "successful" | "pending" | "failed";
  captured: boolean;
  refunded: boolean;
  disputed: boolean;
  refunds: Refund[];
  metadata: Record<string, string>;
  failureCode?: string;
  failureMessage?: string;
}

const now = () => Math.floor(Date.now() / 1000);
const id = (prefix: string) => `${prefix}_${randomString(24, ALNUM)}`;

function error(status: number, type: string, message: string, extra: Json = {}): EmuResponse {
  return { status, json: { error: { type, message, ...extra } } };
}
const invalid = (message: string, code?: string) => error(400, "invalid_request", message, code ? { code } : {});

/** Shift4's brand names; the emulator names the other networks "Unknown". */
const BRANDS: Partial<Record<CardBrand, string>> = { visa: "Visa", mastercard: "Mastercard", amex: "American Express" };

export function createShift4Emulator(ctx: EmuContext): EmuMount {
  const charges = new Map<string, Charge>();
  const refunds = new Map<string, Refund>();
  const customers = new Map<string, { id: string; email?: string; cards: Map<string, CardObject> }>();
  const events = new Map<string, Json>();
  /** Each charge's amounts (its wire fields amountRefunded / refunded are read from it). */
  const ledgers = new Map<string, Ledger>();
  const idempotent = new IdempotencyKeys();

  /** Records an event and POSTs it, unsigned, to the webhook target. */
  function emit(type: string, data: unknown): void {
    const event = { id: id("evt"), created: now(), objectType: "event", type, data: JSON.parse(JSON.stringify(data)) as Json };
    events.set(event.id, event);
    void deliver(ctx, () => ({ body: JSON.stringify(event), headers: { "Content-Type": "application/json" } }));
  }

  function cardFrom(number: string, expMonth: string, expYear: string, holder?: string): CardObject {
    return {
      id: id("card"),
      created: now(),
      objectType: "card",
      first6: number.slice(0, 6),
      last4: number.slice(-4),
      fingerprint: randomString(16, ALNUM),
      expMonth,
      expYear,
      ...(holder ? { cardholderName: holder } : {}),
      brand: BRANDS[cardBrand(number)] ?? "Unknown",
      type: "Credit Card",
    };
  }

  /** A card param (details, tok_..., or a customer's card_...) → the card, or an error answer. */
  function readCard(param: unknown, customerId: string | undefined): { card: CardObject; number: string } | EmuResponse {
    if (typeof param === "string") {
      if (/^tok_\w+$/.test(param)) return { card: cardFrom(TOKEN_CARD, "12", "2030"), number: TOKEN_CARD };
      if (/^card_\w+$/.test(param)) {
        const saved = customerId ? customers.get(customerId)?.cards.get(param) : undefined;
        if (!saved) return invalid(`Card '${param}' does not exist`);
        return { card: saved, number: `${saved.first6}000000${saved.last4}` };
      }
      return invalid("Invalid card parameter");
    }
    if (!isObject(param)) return invalid("card is required");
    if (typeof param["id"] === "string") return readCard(param["id"], customerId);
    const number = String(param["number"] ?? "");
    const validation = VALIDATION_CARDS[number];
    if (validation) return error(402, "card_error", validation[1], { code: validation[0] });
    if (!luhnValid(number)) {
      if (number) ctx.log(`shift4: card ${ctx.maskPan(number)} is not a valid card number`);
      return error(402, "card_error", "The card number is not a valid one.", { code: "invalid_number" });
    }
    const month = String(param["expMonth"] ?? "");
    const year = String(param["expYear"] ?? "");
    if (!/^(0?[1-9]|1[0-2])$/.test(month)) return error(402, "card_error", "The card's expiration month is invalid.", { code: "invalid_expiry_month" });
    if (!/^\d{2}(\d{2})?$/.test(year)) return error(402, "card_error", "The card's expiration year is invalid.", { code: "invalid_expiry_year" });
    const fullYear = year.length === 2 ? 2000 + Number(year) : Number(year);
    if (expired(Number(month), fullYear)) {
      return error(402, "card_error", "The card has expired.", { code: "expired_card" });
    }
    if (param["cvc"] !== undefined && !/^\d{3,4}$/.test(String(param["cvc"]))) {
      return error(402, "card_error", "Your card's security code is invalid.", { code: "invalid_cvc" });
    }
    const holder = typeof param["cardholderName"] === "string" ? param["cardholderName"] : undefined;
    return { card: cardFrom(number, month.padStart(2, "0"), String(fullYear), holder), number };
  }

  function amountOk(amount: unknown): amount is number {
    return typeof amount === "number" && Number.isInteger(amount) && amount > 0 && amount <= 2147483647;
  }

  function createCharge(body: Json): EmuResponse {
    if (!amountOk(body["amount"])) return invalid("amount must be a positive integer", "amount_too_low");
    const currency = body["currency"];
    if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) return invalid("currency is invalid");
    const customerId = typeof body["customerId"] === "string" ? body["customerId"] : undefined;
    if (customerId && !customers.has(customerId)) return invalid(`Customer '${customerId}' does not exist`);
    if (body["paymentMethod"] !== undefined) return chargePaymentMethod(body, currency, customerId);
    const read = readCard(body["card"], customerId);
    if ("status" in read) return read;
    const charge: Charge = {
      id: id("char"),
      created: now(),
      objectType: "charge",
      amount: body["amount"],
      amountRefunded: 0,
      currency,
      ...(typeof body["description"] === "string" ? { description: body["description"] } : {}),
      card: read.card,
      ...(customerId ? { customerId } : {}),
      ...(typeof body["type"] === "string" ? { type: body["type"] } : {}),
      status: "successful",
      captured: body["captured"] !== false,
      refunded: false,
      disputed: false,
      refunds: [],
      metadata: isObject(body["metadata"]) ? (body["metadata"] as Record<string, string>) : {},
    };
    charges.set(charge.id, charge);
    ledgers.set(charge.id, new Ledger(charge.amount, { captured: charge.captured }));
    const declined = DECLINE_CARDS[read.number];
    if (declined) {
      charge.status = "failed";
      charge.captured = false;
      charge.failureCode = declined[0];
      charge.failureMessage = declined[1];
      emit("CHARGE_FAILED", charge);
      return error(402, "card_error", declined[1], { code: declined[0], chargeId: charge.id });
    }
    emit("CHARGE_SUCCEEDED", charge);
    return { status: 200, json: charge };
  }

  /** A charge of a Payment Methods API method: pending until the shopper pays on its page. */
  function chargePaymentMethod(body: Json, currency: string, customerId: string | undefined): EmuResponse {
    if (body["card"] !== undefined) return invalid("Only one of card and paymentMethod can be given");
    const pm = body["paymentMethod"];
    if (!isObject(pm)) return invalid("paymentMethod must be an object or a payment method id");
    const type = pm["type"];
    const flow = body["flow"];
    const returnUrl = isObject(flow) && typeof flow["returnUrl"] === "string" ? flow["returnUrl"] : undefined;
    if (type === "apple_pay" || type === "google_pay") return chargeWallet(body, pm, type, currency, customerId, returnUrl);
    if (typeof type !== "string" || !REDIRECT_TYPES.has(type)) return invalid(`paymentMethod.type: '${String(type)}' is not supported`);
    if (!returnUrl || !/^https?:\/\//.test(returnUrl)) return invalid("flow.returnUrl is required for this payment method");
    const billing = isObject(pm["billing"]) ? pm["billing"] : {};
    if (type === "boleto" && typeof billing["vat"] !== "string") return invalid("paymentMethod.billing.vat is required for boleto");
    const charge: Charge = {
      id: id("char"),
      created: now(),
      objectType: "charge",
      amount: body["amount"] as number,
      amountRefunded: 0,
      currency,
      ...(typeof body["description"] === "string" ? { description: body["description"] } : {}),
      paymentMethod: id("pm"),
      ...(customerId ? { customerId } : {}),
      status: "pending",
      captured: false,
      refunded: false,
      disputed: false,
      refunds: [],
      metadata: isObject(body["metadata"]) ? (body["metadata"] as Record<string, string>) : {},
    };
    charge.flow = { nextAction: "redirect", redirect: { redirectUrl: `${ctx.origin}${ctx.mountPrefix}/pay/${charge.id}` }, returnUrl };
    charges.set(charge.id, charge);
    ledgers.set(charge.id, new Ledger(charge.amount, { captured: false }));
    emit("CHARGE_PENDING", charge);
    return { status: 200, json: charge };
  }

  /**
   * Apple Pay / Google Pay: the payment method carries the wallet's encrypted token (applePay.token:
   * Apple's paymentData object; googlePay.token: Google's token text), which Shift4 decrypts. The
   * card inside is charged like a card (`captured: false` authorizes only). Shift4's Google Pay test
   * token PAN_ONLY is a card without a cryptogram: it needs 3-D Secure, so the charge is pending with
   * the redirect to flow.returnUrl (GET /pay/{chargeId} completes it).
   */
  function chargeWallet(body: Json, pm: Json, type: "apple_pay" | "google_pay", currency: string, customerId: string | undefined, returnUrl: string | undefined): EmuResponse {
    const key = type === "apple_pay" ? "applePay" : "googlePay";
    const wallet = pm[key];
    const token = isObject(wallet) ? wallet["token"] : undefined;
    if (type === "apple_pay" && !(isObject(token) && typeof token["data"] === "string")) {
      return invalid("paymentMethod.applePay.token must be the Apple Pay payment data object");
    }
    if (type === "google_pay" && !(typeof token === "string" && token.length > 0)) return invalid("paymentMethod.googlePay.token is required");
    const needs3ds = token === "PAN_ONLY";
    if (needs3ds && (!returnUrl || !/^https?:\/\//.test(returnUrl))) return invalid("flow.returnUrl is required for this payment method");
    const charge: Charge = {
      id: id("char"),
      created: now(),
      objectType: "charge",
      amount: body["amount"] as number,
      amountRefunded: 0,
      currency,
      ...(typeof body["description"] === "string" ? { description: body["description"] } : {}),
      paymentMethod: id("pm"),
      ...(customerId ? { customerId } : {}),
      status: needs3ds ? "pending" : "successful",
      captured: !needs3ds && body["captured"] !== false,
      refunded: false,
      disputed: false,
      refunds: [],
      metadata: isObject(body["metadata"]) ? (body["metadata"] as Record<string, string>) : {},
    };
    if (needs3ds) {
      charge.flow = { nextAction: "redirect", redirect: { redirectUrl: `${ctx.origin}${ctx.mountPrefix}/pay/${charge.id}` }, returnUrl: returnUrl! };
    }
    charges.set(charge.id, charge);
    ledgers.set(charge.id, new Ledger(charge.amount, { captured: charge.captured }));
    emit(needs3ds ? "CHARGE_PENDING" : "CHARGE_SUCCEEDED", charge);
    return { status: 200, json: charge };
  }

  /** The shopper paid on the method's page: the charge succeeds (captured), the flow is done. */
  function paid(charge: Charge): void {
    if (charge.status !== "pending") return;
    charge.status = "successful";
    charge.captured = true;
    charge.flow = { nextAction: "none", returnUrl: charge.flow!.returnUrl };
    ledgers.get(charge.id)!.capture();
    emit("CHARGE_SUCCEEDED", charge);
  }

  function capture(charge: Charge): EmuResponse {
    if (charge.status !== "successful") return invalid("Charge cannot be captured");
    if (charge.captured) return invalid("Charge has already been captured");
    charge.captured = true;
    ledgers.get(charge.id)!.capture();
    emit("CHARGE_CAPTURED", charge);
    return { status: 200, json: charge };
  }

  function refund(body: Json): EmuResponse {
    const charge = typeof body["chargeId"] === "string" ? charges.get(body["chargeId"]) : undefined;
    if (!charge) return invalid("chargeId: Charge does not exist");
    if (charge.status !== "successful" || !charge.captured) return invalid("Charge must be captured before it is refunded");
    const ledger = ledgers.get(charge.id)!;
    const amount = body["amount"] ?? ledger.refundable;
    if (!amountOk(amount)) return invalid("amount must be a positive integer", "amount_too_low");
    if (ledger.refund(amount)) return invalid("Refund amount exceeds the charge's remaining amount", "amount_too_high");
    const r: Refund = {
      id: id("re"),
      created: now(),
      objectType: "refund",
      amount,
      currency: charge.currency,
      charge: charge.id,
      ...(typeof body["reason"] === "string" ? { reason: body["reason"] } : {}),
      status: "successful",
      ...(isObject(body["metadata"]) ? { metadata: body["metadata"] as Record<string, string> } : {}),
    };
    refunds.set(r.id, r);
    charge.amountRefunded = ledger.refunded;
    charge.refunded = ledger.state === "refunded";
    charge.refunds.push(r);
    emit("CHARGE_REFUNDED", charge);
    return { status: 200, json: r };
  }

  function createCustomer(body: Json): EmuResponse {
    const c = { id: id("cust"), email: typeof body["email"] === "string" ? body["email"] : undefined, cards: new Map<string, CardObject>() };
    customers.set(c.id, c);
    const out = { id: c.id, created: now(), objectType: "customer", email: c.email, cards: [], metadata: body["metadata"] ?? {} };
    emit("CUSTOMER_CREATED", out);
    return { status: 200, json: out };
  }

  function addCard(customerId: string, body: Json): EmuResponse {
    const customer = customers.get(customerId);
    if (!customer) return error(404, "invalid_request", `Customer '${customerId}' does not exist`);
    const read = readCard(typeof body["id"] === "string" ? body["id"] : body, undefined);
    if ("status" in read) return read;
    const card = { ...read.card, customerId };
    customer.cards.set(card.id, card);
    emit("CUSTOMER_CARD_CREATED", card);
    return { status: 200, json: card };
  }

  /** DELETE /customers/{customerId}/cards/{cardId}: the card can no longer be charged. */
  function deleteCard(customerId: string, cardId: string): EmuResponse {
    const customer = customers.get(customerId);
    if (!customer) return error(404, "invalid_request", `Customer '${customerId}' does not exist`);
    if (!customer.cards.delete(cardId)) return error(404, "invalid_request", `Card '${cardId}' does not exist`);
    emit("CUSTOMER_CARD_DELETED", { id: cardId, customerId });
    return { status: 200, json: { id: cardId } };
  }

  function authorized(req: EmuRequest): boolean {
    const h = req.headers["authorization"];
    const value = Array.isArray(h) ? h[0] : h;
    return value === `Basic ${Buffer.from(`${SHIFT4_SECRET_KEY}:`).toString("base64")}`;
  }

  function route(req: EmuRequest, body: Json): EmuResponse {
    const { method, path } = req;
    if (method === "POST" && path === "/charges") return createCharge(body);
    if (method === "POST" && path === "/refunds") return refund(body);
    if (method === "POST" && path === "/customers") return createCustomer(body);
    let m = /^\/charges\/(\w+)(\/capture)?$/.exec(path);
    if (m) {
      const charge = charges.get(m[1]!);
      if (!charge) return error(404, "invalid_request", `Charge '${m[1]}' does not exist`);
      if (method === "GET" && !m[2]) return { status: 200, json: charge };
      if (method === "POST" && m[2]) return capture(charge);
    }
    m = /^\/refunds\/(\w+)$/.exec(path);
    if (m && method === "GET") {
      const r = refunds.get(m[1]!);
      return r ? { status: 200, json: r } : error(404, "invalid_request", `Refund '${m[1]}' does not exist`);
    }
    m = /^\/customers\/(\w+)\/cards$/.exec(path);
    if (m && method === "POST") return addCard(m[1]!, body);
    m = /^\/customers\/(\w+)\/cards\/(\w+)$/.exec(path);
    if (m && method === "DELETE") return deleteCard(m[1]!, m[2]!);
    m = /^\/events\/(\w+)$/.exec(path);
    if (m && method === "GET") {
      const e = events.get(m[1]!);
      return e ? { status: 200, json: e } : error(404, "invalid_request", `Event '${m[1]}' does not exist`);
    }
    return error(404, "invalid_request", "Not found");
  }

  function handle(req: EmuRequest): EmuResponse {
    // The payment method's page, opened by the shopper's browser (no API key): paying there
    // completes the charge and sends the shopper to flow.returnUrl.
    const page = req.method === "GET" ? /^\/pay\/(char_\w+)$/.exec(req.path) : null;
    if (page) {
      const charge = charges.get(page[1]!);
      if (!charge?.flow) return error(404, "invalid_request", "Not found");
      paid(charge);
      return redirectBack(charge.flow.returnUrl, {});
    }
    if (!authorized(req)) return error(401, "invalid_request", "Provided API key is invalid");
    let body: Json = {};
    if (req.method === "POST") {
      try {
        const parsed: unknown = req.rawBody.trim() === "" ? {} : JSON.parse(req.rawBody);
        if (!isObject(parsed)) return invalid("Request body must be a JSON object");
        body = parsed;
      } catch {
        return invalid("Request body is not valid JSON");
      }
      const h = req.headers["idempotency-key"];
      const key = Array.isArray(h) ? h[0] : h;
      if (key) {
        // Shift4 keeps the answer to a key; the same key with other parameters is refused.
        const keyed = idempotent.run(key, `${req.path} ${JSON.stringify(body)}`, (r) => r.status < 500, () => route(req, body));
        if (keyed.kind === "conflict") return invalid("Idempotent key used for request with different parameters.");
        return keyed.response;
      }
    }
    return route(req, body);
  }

  return { handle };
}

export const emulator: ConnectorEmulator = { create: createShift4Emulator };

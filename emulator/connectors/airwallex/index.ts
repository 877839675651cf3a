// Airwallex emulator (Payment Acceptance API): POST /api/v1/authentication/login,
// POST /api/v1/pa/payment_intents/create, GET /api/v1/pa/payment_intents/{id},
// POST /api/v1/pa/payment_intents/{id}/confirm, /capture, /cancel, /increment_authorization,
// POST /api/v1/pa/refunds/create,
// GET /api/v1/pa/refunds/{id}; and, when the emulator has a webhook target for `airwallex`, the
// payment_intent.* and refund.* events POSTed there, signed as Airwallex signs them (x-timestamp in
// milliseconds, x-signature = hex HMAC-SHA256 of timestamp + body with the webhook secret).
//
// Shapes follow Airwallex's own material: the PaymentIntent, PaymentAttempt, Refund, Token and error
// objects of https://www.airwallex.com/docs/api (and @airwallex/node-sdk's models), amounts as JSON
// numbers in major units, request_id as the idempotency key of every POST (`duplicate_request` when
// reused for another request), the status codes of its error page (400 with a code, 401
// `unauthorized`, 404 `resource_not_found`), and the test cards of
// https://www.airwallex.com/docs/payments/test-and-go-live/test-card-numbers (4035 5010 0000 0008
// always succeeds; 4012 0003 0000 1003 and 2223 0000 1018 1375 are declined by the issuer with code
// xx at the amount 80.xx; 4646 4646 4646 4644 is declined by the risk engine).

import { createHmac } from "node:crypto";
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { luhnValid } from "../../core/cards.js";
import { ALNUM, randomString } from "../../core/ids.js";
import { isObject, type Json } from "../../core/json.js";
import { formatDecimal } from "../../core/money.js";
import { redirectBack } from "../../core/redirect.js";
import { CURRENCY_EXPONENTS } from "../../../protocol/currencies.generated.js";

/** The emulator's credentials; any other pair is refused with 401. */
export const AIRWALLEX_CLIENT_ID = "emulator_client_0000000000000000";
export const AIRWALLEX_API_KEY = "emulator_api_key_00000000000000000000000000000000";

/** Cards the issuer declines at the amount 80.xx with response code xx (the docs' table). */
const ISSUER_TEST_CARDS = new Set(["4012000300001003", "2223000010181375", "5307837360544518"]);
const RISK_DECLINED_CARD = "4646464646464644";

/** The required fields of each local method's request model (@airwallex/node-sdk's PaymentAcceptance<Type>Request). */
const LOCAL_REQUIRED: Record<string, string[]> = {
  ideal: [],
  bancontact: ["shopper_name"],
  eps: ["shopper_name"],
  blik: ["shopper_name"],
  p24: ["shopper_email", "shopper_name"],
  sofort: ["country_code", "shopper_name"],
  trustly: ["country_code", "shopper_name"],
  fpx: ["bank_name"],
  mybank: ["shopper_name"],
  multibanco: ["shopper_name"],
  sepa_direct_debit: [],
  ach_direct_debit: [],
  bacs_direct_debit: [],
  becs_direct_debit: ["account_number", "bsb_number", "owner_email", "owner_name"],
  klarna: ["country_code"],
  afterpay: ["shopper_email"],
  konbini: ["shopper_email", "shopper_name", "shopper_phone"],
  alipaycn: ["flow"],
  alipayhk: ["flow"],
  gcash: ["flow"],
  kakaopay: ["flow"],
  dana: ["flow"],
  tng: ["flow"],
  wechatpay: ["flow"],
  grabpay: [],
  go_pay: [],
  paypal: [],
  applepay: [],
  googlepay: [],
};
const TOKEN_LIFE_SECONDS = 30 * 60;

interface Attempt {
  id: string;
  status: string;
  amount: number;
  captured_amount: number;
  refunded_amount: number;
  payment_method: Json;
  provider_transaction_id: string;
  failure_code?: string;
  provider_original_response_code?: string;
}

interface Intent {
  id: string;
  request_id: string;
  amount: number;
  currency: string;
  merchant_order_id: string;
  status: string;
  captured_amount: number;
  descriptor?: string;
  metadata?: Record<string, string>;
  return_url?: string;
  client_secret: string;
  created_at: string;
  updated_at: string;
  latest_payment_attempt?: Attempt;
  cancellation_reason?: string;
  customer_id?: string;
  payment_consent_id?: string;
  next_action?: Json;
  /** A local method confirmed with auto_capture false (Klarna, Afterpay): held when the shopper returns (never sent). */
  holdOnReturn?: boolean;
  /** A direct debit being collected: settled when next read (never sent). */
  debitPending?: boolean;
  /** Confirmed with one of ISSUER_TEST_CARDS, which also declines an increment to 80.xx (never sent). */
  issuerTestCard?: boolean;
  /** Minor units, for the arithmetic (never sent). */
  minor: number;
  capturedMinor: number;
  refundedMinor: number;
}

interface Customer {
  id: string;
  request_id: string;
  merchant_customer_id: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  phone_number?: string;
  created_at: string;
  updated_at: string;
}

/** A PaymentConsent (REQUIRES_PAYMENT_METHOD → VERIFIED by verify → DISABLED by disable). */
interface Consent {
  id: string;
  request_id: string;
  customer_id: string;
  next_triggered_by: string;
  merchant_trigger_reason?: string;
  status: string;
  payment_method?: Json;
  initial_payment_intent_id?: string;
  failure_reason?: Json;
  created_at: string;
  updated_at: string;
  /** The card it charges (never sent). */
  number?: string;
}

interface Dispute {
  id: string;
  payment_intent_id: string;
  merchant_order_id: string;
  amount: number;
  currency: string;
  status: string;
  stage: string;
  reason: { type: string; original_code: string; description: string };
  due_at: string;
  accept_details?: Json[];
  challenge_details?: Json[];
  created_at: string;
  updated_at: string;
}

interface Refund {
  id: string;
  request_id: string;
  payment_intent_id: string;
  payment_attempt_id: string;
  amount: number;
  currency: string;
  reason?: string;
  status: string;
  metadata?: Record<string, string>;
  created_at: string;
  updated_at: string;
}

const stamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, "+0000");
const id = (prefix: string) => `${prefix}_${randomString(20, ALNUM).toLowerCase()}`;
const error = (status: number, code: string, message: string, extra: Json = {}): EmuResponse => ({ status, json: { code, message, ...extra } });
const validation = (source: string, message: string) => error(400, "validation_error", message, { source });

function exponentOf(currency: unknown): number | undefined {
  return typeof currency === "string" ? (CURRENCY_EXPONENTS as Record<string, number>)[currency] : undefined;
}

/** A JSON number in major units → minor units, when it has no more decimals than the currency. */
function minorOf(amount: unknown, exponent: number): number | null {
  if (typeof amount !== "number" || !Number.isFinite(amount) || amount <= 0) return null;
  const minor = Math.round(amount * 10 ** exponent);
  return Number(formatDecimal(minor, exponent)) === amount ? minor : null;
}

const major = (minor: number, exponent: number) => Number(formatDecimal(minor, exponent));

export function createAirwallexEmulator(ctx: EmuContext): EmuMount {
  const intents = new Map<string, Intent>();
  const refunds = new Map<string, Refund>();
  const customers = new Map<string, Customer>();
  const consents = new Map<string, Consent>();
  const disputes = new Map<string, Dispute>();
  const files = new Set<string>();
  const tokens = new Map<string, number>();
  /** request_id → the fingerprint of the request that used it and its answer. */
  const requestIds = new Map<string, { fingerprint: string; response: EmuResponse }>();

  function emit(name: string, object: unknown): void {
    const target = ctx.webhookTarget();
    if (!target) return;
    const body = JSON.stringify({ id: id("evt"), name, account_id: "acct_emulator", data: { object }, created_at: stamp() });
    const timestamp = String(Date.now());
    const signature = createHmac("sha256", target.secret).update(timestamp + body).digest("hex");
    void ctx.sendWebhook(target.url, { "Content-Type": "application/json", "x-timestamp": timestamp, "x-signature": signature }, body);
  }

  function view(i: Intent): Json {
    const { minor: _m, capturedMinor: _c, refundedMinor: _r, holdOnReturn: _h, debitPending: _d, issuerTestCard: _t, ...out } = i;
    return JSON.parse(JSON.stringify(out)) as Json;
  }

  function touch(i: Intent, status: string): void {
    i.status = status;
    i.updated_at = stamp();
    emit(`payment_intent.${status.toLowerCase()}`, view(i));
  }

  function create(body: Json): EmuResponse {
    const exponent = exponentOf(body["currency"]);
    if (exponent === undefined) return validation("currency", "currency must be a 3-letter ISO 4217 code");
    const minor = minorOf(body["amount"], exponent);
    if (minor === null) return validation("amount", `amount must be positive with at most ${exponent} decimals`);
    const order = body["merchant_order_id"];
    if (typeof order !== "string" || order === "") return validation("merchant_order_id", "merchant_order_id must be provided");
    const customerId = body["customer_id"];
    if (customerId !== undefined && (typeof customerId !== "string" || !customers.has(customerId))) {
      return error(404, "resource_not_found", `The resource with ID ${String(customerId)} cannot be found`);
    }
    const i: Intent = {
      id: id("int"),
      request_id: String(body["request_id"]),
      amount: body["amount"] as number,
      currency: body["currency"] as string,
      merchant_order_id: order,
      status: "REQUIRES_PAYMENT_METHOD",
      captured_amount: 0,
      ...(typeof body["descriptor"] === "string" ? { descriptor: body["descriptor"] } : {}),
      ...(isObject(body["metadata"]) ? { metadata: body["metadata"] as Record<string, string> } : {}),
      ...(typeof body["return_url"] === "string" ? { return_url: body["return_url"] } : {}),
      ...(typeof body["customer_id"] === "string" ? { customer_id: body["customer_id"] } : {}),
      client_secret: randomString(40, ALNUM),
      created_at: stamp(),
      updated_at: stamp(),
      minor,
      capturedMinor: 0,
      refundedMinor: 0,
    };
    intents.set(i.id, i);
    emit("payment_intent.created", view(i));
    return { status: 201, json: view(i) };
  }

  function confirm(i: Intent, body: Json): EmuResponse {
    if (i.status !== "REQUIRES_PAYMENT_METHOD") {
      return error(400, "invalid_status_for_operation", `The PaymentIntent with status ${i.status} cannot be confirmed.`);
    }
    const pm = body["payment_method"];
    const consentId = body["payment_consent_id"];
    let number: string;
    if (typeof consentId === "string") {
      // A merchant-initiated payment with a saved consent: it must be the intent's customer's, and VERIFIED.
      const c = consents.get(consentId);
      if (!c) return error(404, "resource_not_found", `The resource with ID ${consentId} cannot be found`);
      if (c.customer_id !== i.customer_id) return validation("payment_consent_id", "The payment consent does not belong to the customer of the payment intent");
      if (c.status !== "VERIFIED") return error(400, "invalid_status_for_operation", `The PaymentConsent with status ${c.status} cannot be used.`);
      i.payment_consent_id = c.id;
      number = c.number!;
    } else if (!isObject(pm)) {
      return validation("payment_method", "payment_method must be provided");
    } else if (typeof pm["id"] === "string") {
      if (!/^mtd_\w+$/.test(pm["id"])) return error(404, "resource_not_found", `The resource with ID ${pm["id"]} cannot be found`);
      number = "4035501000000008";
    } else if (typeof pm["type"] === "string" && pm["type"] !== "card") {
      return confirmLocal(i, pm, body);
    } else {
      if (pm["type"] !== "card" || !isObject(pm["card"])) return validation("payment_method.type", "payment_method.type must be card");
      const card = pm["card"];
      number = String(card["number"] ?? "");
      if (!luhnValid(number)) return validation("payment_method.card.number", "card number is invalid");
      if (!/^(0[1-9]|1[0-2])$/.test(String(card["expiry_month"]))) return validation("payment_method.card.expiry_month", "expiry_month must be MM");
      if (!/^\d{4}$/.test(String(card["expiry_year"]))) return validation("payment_method.card.expiry_year", "expiry_year must be YYYY");
    }
    const options = isObject(body["payment_method_options"]) && isObject(body["payment_method_options"]["card"]) ? body["payment_method_options"]["card"] : {};
    const autoCapture = options["auto_capture"] !== false;
    const attempt: Attempt = {
      id: id("att"),
      status: "AUTHORIZED",
      amount: i.amount,
      captured_amount: 0,
      refunded_amount: 0,
      payment_method: { type: "card", card: { bin: number.slice(0, 6), last4: number.slice(-4) } },
      provider_transaction_id: randomString(15, "0123456789"),
    };
    ctx.log(`airwallex confirm ${i.id} with ${ctx.maskPan(number)}`);
    const cents = i.minor % 10000;
    if (number === RISK_DECLINED_CARD) {
      attempt.status = "FAILED";
      attempt.failure_code = "risk_declined";
      i.latest_payment_attempt = attempt;
      return error(400, "risk_declined", "Declined by fraud risk engine");
    }
    if (ISSUER_TEST_CARDS.has(number) && i.currency === "USD" && Math.floor(cents / 100) === 80) {
      const code = String(cents % 100).padStart(2, "0");
      attempt.status = "FAILED";
      attempt.failure_code = "issuer_declined";
      attempt.provider_original_response_code = code;
      i.latest_payment_attempt = attempt;
      return error(400, "issuer_declined", "The issuer declined this transaction.", { provider_original_response_code: code });
    }
    i.latest_payment_attempt = attempt;
    i.issuerTestCard = ISSUER_TEST_CARDS.has(number);
    if (autoCapture) {
      i.capturedMinor = i.minor;
      i.captured_amount = i.amount;
      attempt.status = "SETTLED";
      attempt.captured_amount = i.amount;
      touch(i, "SUCCEEDED");
    } else {
      touch(i, "REQUIRES_CAPTURE");
    }
    return { status: 200, json: view(i) };
  }

  /**
   * A local method or a wallet: its required fields (the SDK's per-type request models), then
   * REQUIRES_CUSTOMER_ACTION with next_action (a redirect to the method's page, which the emulator
   * serves at /pa/redirect/{intent}, or WeChat Pay's render_qrcode), or PENDING for a direct debit
   * (settled when next read). Apple Pay and Google Pay answer like a card.
   */
  function confirmLocal(i: Intent, pm: Json, body: Json): EmuResponse {
    const type = String(pm["type"]);
    const required = LOCAL_REQUIRED[type];
    if (!required) return validation("payment_method.type", `payment_method.type ${type} is not supported`);
    const details = pm[type];
    if (!isObject(details)) return validation(`payment_method.${type}`, `payment_method.${type} must be provided`);
    for (const f of required) {
      if (typeof details[f] !== "string" || details[f] === "") return validation(`payment_method.${type}.${f}`, `payment_method.${type}.${f} must be provided`);
    }
    const options = isObject(body["payment_method_options"]) ? body["payment_method_options"] : {};
    const optionOf = (key: string) => (isObject(options[key]) ? options[key] : {});
    const attempt: Attempt = {
      id: id("att"),
      status: "PENDING_AUTHORIZATION",
      amount: i.amount,
      captured_amount: 0,
      refunded_amount: 0,
      payment_method: { type },
      provider_transaction_id: randomString(15, "0123456789"),
    };
    i.latest_payment_attempt = attempt;
    ctx.log(`airwallex confirm ${i.id} with ${type}`);
    if (type === "applepay" || type === "googlepay") {
      const dataType = details["payment_data_type"];
      if (dataType === "tokenized_card") {
        const card = isObject(details["tokenized_card"]) ? details["tokenized_card"] : {};
        if (!luhnValid(String(card["number"] ?? ""))) return validation(`payment_method.${type}.tokenized_card.number`, "card number is invalid");
      } else if (dataType !== "encrypted_payment_token" || typeof details["encrypted_payment_token"] !== "string") {
        return validation(`payment_method.${type}.payment_data_type`, "payment_data_type must be encrypted_payment_token or tokenized_card");
      }
      return settle(i, optionOf("card")["auto_capture"] !== false);
    }
    if (type.endsWith("_direct_debit")) {
      i.debitPending = true;
      touch(i, "PENDING");
      return { status: 200, json: view(i) };
    }
    i.holdOnReturn = optionOf(type)["auto_capture"] === false;
    i.next_action =
      type === "wechatpay" && details["flow"] === "qrcode"
        ? { type: "render_qrcode", qrcode: `weixin://wxpay/bizpayurl?pr=${randomString(9, ALNUM)}` }
        : { type: "redirect", method: "GET", url: `${ctx.origin}${ctx.mountPrefix}/pa/redirect/${i.id}` };
    touch(i, "REQUIRES_CUSTOMER_ACTION");
    return { status: 200, json: view(i) };
  }

  /** The attempt authorized: captured now, or held for capture. */
  function settle(i: Intent, autoCapture: boolean): EmuResponse {
    const attempt = i.latest_payment_attempt!;
    delete i.next_action;
    if (autoCapture) {
      i.capturedMinor = i.minor;
      i.captured_amount = i.amount;
      attempt.status = "SETTLED";
      attempt.captured_amount = i.amount;
      touch(i, "SUCCEEDED");
    } else {
      attempt.status = "AUTHORIZED";
      touch(i, "REQUIRES_CAPTURE");
    }
    return { status: 200, json: view(i) };
  }

  /** The method's page: the shopper pays (or, with ?cancel, gives up) and is sent back to return_url. */
  function shopperPage(i: Intent, cancel: boolean): EmuResponse {
    if (i.status === "REQUIRES_CUSTOMER_ACTION") {
      if (cancel) {
        i.latest_payment_attempt!.status = "FAILED";
        i.latest_payment_attempt!.failure_code = "authentication_declined";
        delete i.next_action;
        touch(i, "REQUIRES_PAYMENT_METHOD");
      } else {
        settle(i, !i.holdOnReturn);
      }
    }
    return redirectBack(i.return_url ?? `${ctx.origin}${ctx.mountPrefix}/pa/_emulator/done`, { payment_intent_id: i.id });
  }

  function capture(i: Intent, body: Json): EmuResponse {
    if (i.status !== "REQUIRES_CAPTURE") {
      return error(400, "invalid_status_for_operation", `The PaymentIntent with status ${i.status} cannot be captured.`);
    }
    const exponent = exponentOf(i.currency)!;
    const minor = body["amount"] === undefined ? i.minor : minorOf(body["amount"], exponent);
    if (minor === null) return validation("amount", `amount must be positive with at most ${exponent} decimals`);
    if (minor > i.minor) return error(400, "amount_above_limit", `The operating amount ${body["amount"]} is above the limit ${i.amount}.`);
    i.capturedMinor = minor;
    i.captured_amount = major(minor, exponent);
    i.latest_payment_attempt!.status = "SETTLED";
    i.latest_payment_attempt!.captured_amount = i.captured_amount;
    touch(i, "SUCCEEDED");
    return { status: 200, json: view(i) };
  }

  /**
   * Increment Authorization for a PaymentIntent (incrementAuthorizePaymentIntent in Airwallex's API
   * spec): `amount` is "the new total amount to authorize, which must be greater than the previously
   * authorized total amount"; only an authorized, uncaptured intent (REQUIRES_CAPTURE) takes it
   * (`invalid_status_for_operation` otherwise). A card the issuer declines at 80.xx declines an
   * increment to 80.xx the same way (`issuer_declined`), and the earlier authorization stands.
   */
  function incrementAuthorization(i: Intent, body: Json): EmuResponse {
    if (i.status !== "REQUIRES_CAPTURE") {
      return error(400, "invalid_status_for_operation", `The PaymentIntent with status ${i.status} cannot be incrementally authorized.`);
    }
    const exponent = exponentOf(i.currency)!;
    if (body["amount"] === undefined) return validation("amount", "amount must be provided");
    const minor = minorOf(body["amount"], exponent);
    if (minor === null) return validation("amount", `amount must be positive with at most ${exponent} decimals`);
    if (minor <= i.minor) return validation("amount", `amount must be greater than the authorized amount ${i.amount}`);
    const newAmount = major(minor, exponent);
    const cents = minor % 10000;
    if (i.issuerTestCard && i.currency === "USD" && Math.floor(cents / 100) === 80) {
      const code = String(cents % 100).padStart(2, "0");
      return error(400, "issuer_declined", "The issuer declined this transaction.", { provider_original_response_code: code });
    }
    i.minor = minor;
    i.amount = newAmount;
    i.latest_payment_attempt!.amount = newAmount;
    touch(i, "REQUIRES_CAPTURE");
    return { status: 200, json: view(i) };
  }

  function cancel(i: Intent, body: Json): EmuResponse {
    if (!["REQUIRES_PAYMENT_METHOD", "REQUIRES_CUSTOMER_ACTION", "REQUIRES_CAPTURE"].includes(i.status)) {
      return error(400, "invalid_status_for_operation", `The PaymentIntent with status ${i.status} cannot be cancelled.`);
    }
    if (typeof body["cancellation_reason"] === "string") i.cancellation_reason = body["cancellation_reason"];
    if (i.latest_payment_attempt) i.latest_payment_attempt.status = "CANCELLED";
    touch(i, "CANCELLED");
    return { status: 200, json: view(i) };
  }

  function createCustomer(body: Json): EmuResponse {
    const merchantId = body["merchant_customer_id"];
    if (typeof merchantId !== "string" || merchantId === "") return validation("merchant_customer_id", "merchant_customer_id must be provided");
    const c: Customer = {
      id: id("cus"),
      request_id: String(body["request_id"]),
      merchant_customer_id: merchantId,
      ...(typeof body["email"] === "string" ? { email: body["email"] } : {}),
      ...(typeof body["first_name"] === "string" ? { first_name: body["first_name"] } : {}),
      ...(typeof body["last_name"] === "string" ? { last_name: body["last_name"] } : {}),
      ...(typeof body["phone_number"] === "string" ? { phone_number: body["phone_number"] } : {}),
      created_at: stamp(),
      updated_at: stamp(),
    };
    customers.set(c.id, c);
    return { status: 201, json: { ...c } };
  }

  function consentView(c: Consent): Json {
    const { number: _n, ...out } = c;
    return JSON.parse(JSON.stringify(out)) as Json;
  }

  function createConsent(body: Json): EmuResponse {
    const customerId = body["customer_id"];
    if (typeof customerId !== "string") return validation("customer_id", "customer_id must be provided");
    if (!customers.has(customerId)) return error(404, "resource_not_found", `The resource with ID ${customerId} cannot be found`);
    const by = body["next_triggered_by"];
    if (by !== "merchant" && by !== "customer") return validation("next_triggered_by", "next_triggered_by must be one of merchant, customer");
    const reason = body["merchant_trigger_reason"];
    if (reason !== undefined && !["scheduled", "unscheduled", "installments"].includes(String(reason))) {
      return validation("merchant_trigger_reason", "merchant_trigger_reason must be one of scheduled, unscheduled, installments");
    }
    const c: Consent = {
      id: id("cst"),
      request_id: String(body["request_id"]),
      customer_id: customerId,
      next_triggered_by: by,
      ...(by === "merchant" ? { merchant_trigger_reason: (reason as string | undefined) ?? "unscheduled" } : {}),
      status: "REQUIRES_PAYMENT_METHOD",
      created_at: stamp(),
      updated_at: stamp(),
    };
    consents.set(c.id, c);
    emit("payment_consent.created", consentView(c));
    return { status: 201, json: consentView(c) };
  }

  function verifyConsent(c: Consent, body: Json): EmuResponse {
    if (c.status !== "REQUIRES_PAYMENT_METHOD") {
      return error(400, "invalid_status_for_operation", `The PaymentConsent with status ${c.status} cannot be verified.`);
    }
    const pm = body["payment_method"];
    if (!isObject(pm) || typeof pm["type"] !== "string") return validation("payment_method.type", "payment_method.type must be provided");
    const options = isObject(body["verification_options"]) && isObject(body["verification_options"]["card"]) ? body["verification_options"]["card"] : undefined;
    const exponent = options ? exponentOf(options["currency"]) : undefined;
    if (!options || exponent === undefined) return validation("verification_options.card.currency", "verification_options.card.currency must be provided");
    const amount = options["amount"];
    if (amount !== undefined && (typeof amount !== "number" || amount < 0 || (amount > 0 && minorOf(amount, exponent) === null))) {
      return validation("verification_options.card.amount", `amount must be zero or positive with at most ${exponent} decimals`);
    }
    let number: string;
    if (typeof pm["id"] === "string") {
      if (!/^mtd_\w+$/.test(pm["id"])) return error(404, "resource_not_found", `The resource with ID ${pm["id"]} cannot be found`);
      number = "4035501000000008";
    } else {
      if (pm["type"] !== "card" || !isObject(pm["card"])) return validation("payment_method.type", "payment_method.type must be card");
      number = String(pm["card"]["number"] ?? "");
      if (!luhnValid(number)) return validation("payment_method.card.number", "card number is invalid");
    }
    ctx.log(`airwallex verify ${c.id} with ${ctx.maskPan(number)}`);
    c.updated_at = stamp();
    if (number === RISK_DECLINED_CARD || ISSUER_TEST_CARDS.has(number)) {
      // The verification was declined: the consent waits for another payment method.
      c.failure_reason = { code: number === RISK_DECLINED_CARD ? "risk_declined" : "issuer_declined", message: "The card verification was declined." };
      return { status: 200, json: consentView(c) };
    }
    c.number = number;
    c.status = "VERIFIED";
    delete c.failure_reason;
    c.payment_method = { id: id("mtd"), type: "card", card: { bin: number.slice(0, 6), last4: number.slice(-4) } };
    c.initial_payment_intent_id = id("int");
    emit("payment_consent.verified", consentView(c));
    return { status: 200, json: consentView(c) };
  }

  function disableConsent(c: Consent): EmuResponse {
    if (c.status === "DISABLED") return error(400, "invalid_status_for_operation", "The PaymentConsent with status DISABLED cannot be disabled.");
    c.status = "DISABLED";
    c.updated_at = stamp();
    emit("payment_consent.disabled", consentView(c));
    return { status: 200, json: consentView(c) };
  }

  /** Airwallex's sandbox simulation: POST /api/v1/simulation/pa/payment_disputes/create. */
  function simulateDispute(body: Json): EmuResponse {
    const intentId = body["payment_intent_id"];
    const i = typeof intentId === "string" ? intents.get(intentId) : undefined;
    if (!i) return error(404, "resource_not_found", `The resource with ID ${String(intentId)} cannot be found`);
    if (i.status !== "SUCCEEDED") return error(400, "invalid_status_for_operation", `The PaymentIntent with status ${i.status} cannot be disputed.`);
    const exponent = exponentOf(i.currency)!;
    const minor = body["amount"] === undefined ? i.capturedMinor : minorOf(body["amount"], exponent);
    if (minor === null || minor > i.capturedMinor) return validation("amount", "amount must not exceed the captured amount");
    const code = typeof body["reason_code"] === "string" ? body["reason_code"] : "10.4";
    const d: Dispute = {
      id: id("pdp"),
      payment_intent_id: i.id,
      merchant_order_id: i.merchant_order_id,
      amount: major(minor, exponent),
      currency: i.currency,
      status: "REQUIRES_RESPONSE",
      stage: typeof body["stage"] === "string" ? body["stage"] : "CHARGEBACK",
      reason: { type: "FRAUD", original_code: code, description: "Other Fraud - Card Absent Environment" },
      due_at: typeof body["due_at"] === "string" ? body["due_at"] : new Date(Date.now() + 7 * 86400_000).toISOString().replace(/\.\d{3}Z$/, "+0000"),
      created_at: stamp(),
      updated_at: stamp(),
    };
    disputes.set(d.id, d);
    emit("payment_dispute.requires_response", { ...d });
    return { status: 201, json: { ...d } };
  }

  function actOnDispute(d: Dispute, action: "accept" | "challenge", body: Json): EmuResponse {
    if (d.status !== "REQUIRES_RESPONSE") {
      return error(400, "invalid_status_for_operation", `The dispute with status ${d.status} cannot be ${action === "accept" ? "accepted" : "challenged"}.`);
    }
    if (action === "challenge") {
      const docs = isObject(body["supporting_documents"]) ? body["supporting_documents"] : {};
      for (const [slot, ids] of Object.entries(docs)) {
        if (!Array.isArray(ids)) return validation(`supporting_documents.${slot}`, `supporting_documents.${slot} must be a list of file ids`);
        for (const f of ids) if (typeof f !== "string" || !files.has(f)) return validation(`supporting_documents.${slot}`, `The file ${String(f)} cannot be found`);
      }
      d.challenge_details = [{ challenged_at: stamp(), stage: d.stage, ...body }];
      d.status = "CHALLENGED";
    } else {
      d.accept_details = [{ accepted_at: stamp(), stage: d.stage }];
      d.status = "ACCEPTED";
    }
    d.updated_at = stamp();
    emit(`payment_dispute.${d.status.toLowerCase()}`, { ...d });
    return { status: 200, json: { ...d } };
  }

  /** POST /api/v1/files/upload (multipart `file`), served here for the file host too. */
  function upload(req: EmuRequest): EmuResponse {
    const type = String(req.headers["content-type"] ?? "");
    if (!type.startsWith("multipart/form-data") || !/name="file"; filename="[^"]+"/.test(req.rawBody)) {
      return validation("file", "file must be provided as multipart/form-data");
    }
    const fileId = Buffer.from(`${randomString(20, ALNUM)}_evidence`).toString("base64");
    files.add(fileId);
    return { status: 201, json: { file_id: fileId, created_at: stamp() } };
  }

  function refund(body: Json): EmuResponse {
    const intentId = body["payment_intent_id"];
    if (typeof intentId !== "string") return validation("payment_intent_id", "payment_intent_id or payment_attempt_id must be provided");
    const i = intents.get(intentId);
    if (!i) return error(404, "resource_not_found", `The resource with ID ${intentId} cannot be found`);
    if (i.status !== "SUCCEEDED") return error(400, "invalid_status_for_operation", `The PaymentIntent with status ${i.status} cannot be refunded.`);
    const exponent = exponentOf(i.currency)!;
    const left = i.capturedMinor - i.refundedMinor;
    const minor = body["amount"] === undefined ? left : minorOf(body["amount"], exponent);
    if (minor === null) return validation("amount", `amount must be positive with at most ${exponent} decimals`);
    if (minor > left) return error(400, "amount_above_limit", `The operating amount ${body["amount"]} is above the limit ${major(left, exponent)}.`);
    i.refundedMinor += minor;
    const r: Refund = {
      id: id("rfd"),
      request_id: String(body["request_id"]),
      payment_intent_id: i.id,
      payment_attempt_id: i.latest_payment_attempt!.id,
      amount: major(minor, exponent),
      currency: i.currency,
      ...(typeof body["reason"] === "string" ? { reason: body["reason"] } : {}),
      status: "RECEIVED",
      ...(isObject(body["metadata"]) ? { metadata: body["metadata"] as Record<string, string> } : {}),
      created_at: stamp(),
      updated_at: stamp(),
    };
    refunds.set(r.id, r);
    emit("refund.received", r);
    return { status: 201, json: { ...r } };
  }

  /** The emulator settles a refund when it is read (Airwallex settles within days; the demo cannot wait). */
  function readRefund(r: Refund): EmuResponse {
    if (r.status === "RECEIVED") {
      r.status = "SETTLED";
      r.updated_at = stamp();
      emit("refund.settled", r);
    }
    return { status: 200, json: { ...r } };
  }

  function login(req: EmuRequest): EmuResponse {
    const header = (n: string) => {
      const h = req.headers[n];
      return Array.isArray(h) ? h[0] : h;
    };
    if (header("x-client-id") !== AIRWALLEX_CLIENT_ID || header("x-api-key") !== AIRWALLEX_API_KEY) {
      return error(401, "credentials_invalid", "Invalid client ID or API key");
    }
    const token = randomString(64, ALNUM);
    const expires = Date.now() + TOKEN_LIFE_SECONDS * 1000;
    tokens.set(token, expires);
    return { status: 201, json: { token, expires_at: new Date(expires).toISOString().replace(/\.\d{3}Z$/, "+0000") } };
  }

  function authorized(req: EmuRequest): boolean {
    const h = req.headers["authorization"];
    const value = Array.isArray(h) ? h[0] : h;
    const token = value?.startsWith("Bearer ") ? value.slice(7) : undefined;
    const expires = token ? tokens.get(token) : undefined;
    return expires !== undefined && expires > Date.now();
  }

  function route(req: EmuRequest, body: Json): EmuResponse {
    const { method, path } = req;
    if (method === "POST" && path === "/api/v1/pa/payment_intents/create") return create(body);
    if (method === "POST" && path === "/api/v1/pa/refunds/create") return refund(body);
    if (method === "POST" && path === "/api/v1/pa/customers/create") return createCustomer(body);
    if (method === "POST" && path === "/api/v1/simulation/pa/payment_disputes/create") return simulateDispute(body);
    const dispute = /^\/api\/v1\/pa\/payment_disputes\/(pdp_\w+)(?:\/(accept|challenge))?$/.exec(path);
    if (dispute) {
      const d = disputes.get(dispute[1]!);
      if (!d) return error(404, "resource_not_found", `The resource with ID ${dispute[1]} cannot be found`);
      if (method === "GET" && !dispute[2]) return { status: 200, json: { ...d } };
      if (method === "POST" && (dispute[2] === "accept" || dispute[2] === "challenge")) return actOnDispute(d, dispute[2], body);
    }
    if (method === "POST" && path === "/api/v1/pa/payment_consents/create") return createConsent(body);
    const consent = /^\/api\/v1\/pa\/payment_consents\/(cst_\w+)(?:\/(verify|disable))?$/.exec(path);
    if (consent) {
      const c = consents.get(consent[1]!);
      if (!c) return error(404, "resource_not_found", `The resource with ID ${consent[1]} cannot be found`);
      if (method === "GET" && !consent[2]) return { status: 200, json: consentView(c) };
      if (method === "POST" && consent[2] === "verify") return verifyConsent(c, body);
      if (method === "POST" && consent[2] === "disable") return disableConsent(c);
    }
    let m = /^\/api\/v1\/pa\/payment_intents\/(int_\w+)(?:\/(confirm|capture|cancel|increment_authorization))?$/.exec(path);
    if (m) {
      const i = intents.get(m[1]!);
      if (!i) return error(404, "resource_not_found", `The resource with ID ${m[1]} cannot be found`);
      if (method === "GET" && !m[2]) {
        if (i.debitPending) {
          i.debitPending = false;
          settle(i, true);
        }
        return { status: 200, json: view(i) };
      }
      if (method === "POST" && m[2] === "confirm") return confirm(i, body);
      if (method === "POST" && m[2] === "capture") return capture(i, body);
      if (method === "POST" && m[2] === "cancel") return cancel(i, body);
      if (method === "POST" && m[2] === "increment_authorization") return incrementAuthorization(i, body);
    }
    m = /^\/api\/v1\/pa\/refunds\/(\w+)$/.exec(path);
    if (m && method === "GET") {
      const r = refunds.get(m[1]!);
      return r ? readRefund(r) : error(404, "resource_not_found", `The resource with ID ${m[1]} cannot be found`);
    }
    return error(404, "not_found", "The requested endpoint does not exist");
  }

  function handle(req: EmuRequest): EmuResponse {
    if (req.method === "POST" && req.path === "/api/v1/authentication/login") return login(req);
    const page = /^\/pa\/redirect\/(int_\w+)$/.exec(req.path);
    if (req.method === "GET" && page) {
      const i = intents.get(page[1]!);
      return i ? shopperPage(i, req.query.has("cancel")) : error(404, "resource_not_found", `The resource with ID ${page[1]} cannot be found`);
    }
    if (!authorized(req)) return error(401, "unauthorized", "Access denied, authentication failed");
    if (req.method !== "POST") return route(req, {});
    if (req.path === "/api/v1/files/upload") return upload(req);
    let body: Json;
    try {
      const parsed: unknown = JSON.parse(req.rawBody);
      if (!isObject(parsed)) return validation("body", "the request body must be a JSON object");
      body = parsed;
    } catch {
      return validation("body", "the request body is not valid JSON");
    }
    const requestId = body["request_id"];
    if (typeof requestId !== "string" || requestId === "") return validation("request_id", "request_id must be provided");
    // request_id is Airwallex's idempotency key: a request sent again gets the first answer; the
    // same id on another request is refused.
    const fingerprint = `${req.path} ${req.rawBody}`;
    const seen = requestIds.get(requestId);
    if (seen) {
      return seen.fingerprint === fingerprint ? seen.response : error(400, "duplicate_request", `The request ID ${requestId} has been used previously.`);
    }
    const response = route(req, body);
    if (response.status < 500) requestIds.set(requestId, { fingerprint, response });
    return response;
  }

  return { handle };
}

export const emulator: ConnectorEmulator = { create: createAirwallexEmulator };

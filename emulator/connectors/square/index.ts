// Square emulator (Square-Version 2025-08-20): Payments (create, get, complete, cancel),
// Refunds (refund, get), Customers (create) and Cards (create), Bearer access tokens, body
// idempotency keys, and signed webhook notifications on request.
//
// Shapes follow Square's own material: the request and response schemas and examples of
// square/connect-api-specification api.json (CreatePaymentResponse, CompletePaymentResponse,
// CancelPaymentResponse, RefundPaymentResponse, GetPaymentRefundResponse, CreateCardResponse,
// CreateCustomerResponse, PaymentUpdatedEvent, RefundUpdatedEvent), its `Error` object
// (`{errors: [{category, code, detail, field?}]}`), the Sandbox payment tokens of
// developer.squareup.com/docs/devtools/sandbox/payments, and the webhook signature of
// developer.squareup.com/docs/webhooks/step3validate.
//
// Behaviour worth knowing:
// - A decline answers 400 with `errors` and the FAILED `payment` ("the payment field might not be
//   present, or it might be present with a status of FAILED"); the FAILED payment can be read back.
// - `autocomplete: false` leaves the payment APPROVED; CompletePayment takes no amount; a repeated
//   complete / cancel answers DELAYED_TRANSACTION_CAPTURED / _CANCELED.
// - A refund is PENDING when created and COMPLETED from the first read after it (Square settles
//   refunds asynchronously).
// - Idempotency: the same key with the same body answers the first response again; with another
//   body, 400 IDEMPOTENCY_KEY_REUSED.

import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { ALNUM, randomString } from "../../core/ids.js";
import { IdempotencyKeys } from "../../core/idempotency.js";
import { isObject, parseJsonObject, type Json } from "../../core/json.js";
import { Ledger } from "../../core/ledger.js";
import { hmac } from "../../core/webhooks.js";
import { squareIssue12Route } from "./issue12.js";
import { createSquareDisputes } from "./disputes.js";


export const SQUARE_VERSION = "2025-08-20";

/** Sandbox payment tokens (developer.squareup.com/docs/devtools/sandbox/payments) → the error. */
const DECLINING_TOKENS: Record<string, { code: string; detail: string }> = {
  "cnon:card-nonce-declined": { code: "CARD_DECLINED", detail: "Card declined." },
  "cnon:card-nonce-rejected-cvv": { code: "CVV_FAILURE", detail: "Authorization error: 'CVV_FAILURE'" },
  "cnon:card-nonce-rejected-postalcode": { code: "ADDRESS_VERIFICATION_FAILURE", detail: "Authorization error: 'ADDRESS_VERIFICATION_FAILURE'" },
  "cnon:card-nonce-rejected-expiration": { code: "INVALID_EXPIRATION", detail: "Authorization error: 'INVALID_EXPIRATION'" },
  "cnon:card-nonce-insufficient-funds": { code: "INSUFFICIENT_FUNDS", detail: "Authorization error: 'INSUFFICIENT_FUNDS'" },
  "ccof:customer-card-id-declined": { code: "CARD_DECLINED", detail: "Card declined." },
};

/** Seller locations: the currency each takes payments in. No location_id: the main location. */
const LOCATIONS: Record<string, string> = {
  L88917AVBK2S5: "USD",
  LTOKYOEMULATOR: "JPY",
  LLONDONEMULATOR: "GBP",
};
const MAIN_LOCATION = "L88917AVBK2S5";

// Body properties of each request schema in api.json (2025-08-20).
const CREATE_PAYMENT_FIELDS = new Set([
  "source_id", "idempotency_key", "amount_money", "tip_money", "app_fee_money", "delay_duration", "delay_action",
  "autocomplete", "order_id", "customer_id", "location_id", "team_member_id", "reference_id", "verification_token",
  "accept_partial_authorization", "buyer_email_address", "buyer_phone_number", "billing_address", "shipping_address",
  "note", "statement_description_identifier", "cash_details", "external_details", "customer_details",
  "offline_payment_details",
]);
const COMPLETE_PAYMENT_FIELDS = new Set(["version_token"]);
const UPDATE_PAYMENT_FIELDS = new Set(["idempotency_key", "payment"]);
/** The `Payment` fields UpdatePayment changes ("You can update the amount_money and tip_money"), and its version. */
const UPDATE_PAYMENT_PAYMENT_FIELDS = new Set(["amount_money", "tip_money", "version_token"]);
const REFUND_FIELDS = new Set([
  "idempotency_key", "amount_money", "app_fee_money", "payment_id", "destination_id", "unlinked", "location_id",
  "customer_id", "reason", "payment_version_token", "team_member_id", "cash_details", "external_details",
]);
const CUSTOMER_FIELDS = new Set([
  "idempotency_key", "given_name", "family_name", "company_name", "nickname", "email_address", "address",
  "phone_number", "reference_id", "note", "birthday", "tax_ids",
]);
const CARD_REQUEST_FIELDS = new Set(["idempotency_key", "source_id", "verification_token", "card"]);
const CARD_FIELDS = new Set(["exp_month", "exp_year", "cardholder_name", "billing_address", "customer_id", "reference_id"]);
const ADDRESS_FIELDS = new Set([
  "address_line_1", "address_line_2", "address_line_3", "locality", "sublocality", "sublocality_2", "sublocality_3",
  "administrative_district_level_1", "administrative_district_level_2", "administrative_district_level_3",
  "postal_code", "country", "first_name", "last_name",
]);

interface SquareErrorBody {
  category: string;
  code: string;
  detail?: string;
  field?: string;
}


interface CardOnFile {
  card: Json;
}

const squareId = (length = 29): string => randomString(length, ALNUM);

function now(): string {
  return new Date().toISOString();
}

function error(status: number, ...errors: SquareErrorBody[]): EmuResponse {
  return { status, json: { errors } };
}

function invalid(code: string, detail: string, field?: string): EmuResponse {
  return error(400, { category: "INVALID_REQUEST_ERROR", code, detail, ...(field ? { field } : {}) });
}


/** Square's `Money`: an integer amount ≥ 1 and a currency. */
function checkMoney(v: unknown, field: string): EmuResponse | null {
  if (!isObject(v)) return invalid("MISSING_REQUIRED_PARAMETER", `Missing required parameter.`, field);
  if (typeof v.amount !== "number" || !Number.isInteger(v.amount)) return invalid("EXPECTED_INTEGER", "Expected an integer value.", `${field}.amount`);
  if (v.amount < 1) return invalid("VALUE_TOO_LOW", "Expected amount to be at least 1.", `${field}.amount`);
  if (typeof v.currency !== "string") return invalid("MISSING_REQUIRED_PARAMETER", "Missing required parameter.", `${field}.currency`);
  return null;
}

function unknownField(body: Json, allowed: Set<string>, prefix = ""): EmuResponse | null {
  for (const k of Object.keys(body)) {
    if (!allowed.has(k)) return invalid("UNKNOWN_BODY_PARAMETER", `Unrecognized body parameter \`${prefix}${k}\`.`, `${prefix}${k}`);
  }
  return null;
}

function checkAddress(v: unknown, field: string): EmuResponse | null {
  if (v === undefined) return null;
  if (!isObject(v)) return invalid("EXPECTED_OBJECT", "Expected an object.", field);
  return unknownField(v, ADDRESS_FIELDS, `${field}.`);
}

export interface SquareEmulator extends EmuMount {
  /** A signed notification for a stored payment or refund, as Square would POST it. */
  notification(type: "payment.updated" | "refund.updated", id: string, url: string, signatureKey: string): { headers: Record<string, string>; body: string };
}

export function createSquareEmulator(ctx: EmuContext): SquareEmulator {
  const payments = new Map<string, Json>();
  /** Each payment's amounts (its refunded_money is read from it). */
  const ledgers = new Map<string, Ledger>();
  const refunds = new Map<string, Json>();
  const refundReads = new Map<string, number>();
  const customers = new Map<string, Json>();
  const cards = new Map<string, CardOnFile>();
  const keys = new IdempotencyKeys();
  const usedTokens = new Set<string>();

  /** Replays an answer for the same key and body; refuses the same key with another body. */
  function idempotent(scope: string, key: string, body: Json, run: () => EmuResponse): EmuResponse {
    // Square keeps the outcome of a request it processed, declines included; not a 5xx.
    const keyed = keys.run(`${scope}:${key}`, JSON.stringify(body), (response) => response.status < 500, run);
    if (keyed.kind === "conflict") {
      return invalid("IDEMPOTENCY_KEY_REUSED", "The idempotency key can only be retried with the same request data.", "idempotency_key");
    }
    return keyed.response;
  }

  function checkKey(body: Json, required: boolean): EmuResponse | null {
    const key = body.idempotency_key;
    if (key === undefined) return required ? invalid("MISSING_REQUIRED_PARAMETER", "Missing required parameter.", "idempotency_key") : null;
    if (typeof key !== "string" || key.length === 0) return invalid("VALUE_EMPTY", "Expected a non-empty idempotency key.", "idempotency_key");
    if (Buffer.byteLength(key) > 45) return invalid("VALUE_TOO_LONG", "Idempotency key must not be longer than 45 bytes.", "idempotency_key");
    return null;
  }

  function cardOf(last4: string): Json {
    return {
      card_brand: "VISA",
      last_4: last4,
      exp_month: 11,
      exp_year: new Date().getUTCFullYear() + 3,
      fingerprint: `sq-1-${squareId(40)}`,
      card_type: "CREDIT",
      prepaid_type: "NOT_PREPAID",
      bin: "411111",
    };
  }

  function createPayment(body: Json): EmuResponse {
    const problem =
      unknownField(body, CREATE_PAYMENT_FIELDS) ??
      checkKey(body, true) ??
      (typeof body.source_id === "string" && body.source_id.length > 0 ? null : invalid("MISSING_REQUIRED_PARAMETER", "Missing required parameter.", "source_id")) ??
      checkMoney(body.amount_money, "amount_money") ??
      checkAddress(body.billing_address, "billing_address") ??
      checkAddress(body.shipping_address, "shipping_address");
    if (problem) return problem;
    if (body.autocomplete !== undefined && typeof body.autocomplete !== "boolean") return invalid("EXPECTED_BOOLEAN", "Expected a boolean.", "autocomplete");
    if (typeof body.reference_id === "string" && body.reference_id.length > 40) return invalid("VALUE_TOO_LONG", "Field must not be longer than 40 characters.", "reference_id");
    if (typeof body.note === "string" && body.note.length > 500) return invalid("VALUE_TOO_LONG", "Field must not be longer than 500 characters.", "note");
    if (typeof body.statement_description_identifier === "string" && body.statement_description_identifier.length > 20) {
      return invalid("VALUE_TOO_LONG", "Field must not be longer than 20 characters.", "statement_description_identifier");
    }
    const locationId = typeof body.location_id === "string" ? body.location_id : MAIN_LOCATION;
    const currency = LOCATIONS[locationId];
    if (!currency) return error(404, { category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND", detail: `Location \`${locationId}\` not found.`, field: "location_id" });
    const amount = body.amount_money as { amount: number; currency: string };
    if (amount.currency !== currency) {
      return invalid("UNSUPPORTED_CURRENCY", `This location only accepts payments in ${currency}.`, "amount_money.currency");
    }
    return idempotent("payments", body.idempotency_key as string, body, () => takePayment(body, locationId, amount));
  }

  function takePayment(body: Json, locationId: string, amount: { amount: number; currency: string }): EmuResponse {
    const source = body.source_id as string;
    const onFile = source.startsWith("ccof:");
    if (onFile) {
      if (typeof body.customer_id !== "string") {
        return invalid("MISSING_REQUIRED_PARAMETER", "customer_id is required when source_id is a card on file.", "customer_id");
      }
      const onFileCard = cards.get(source);
      const sandboxCard = source === "ccof:customer-card-id-ok" || source in DECLINING_TOKENS;
      if (!onFileCard && !sandboxCard) return error(404, { category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND", detail: `Card \`${source}\` not found.`, field: "source_id" });
      if (onFileCard && onFileCard.card.customer_id !== body.customer_id) {
        return invalid("INVALID_VALUE", "The card on file does not belong to this customer.", "customer_id");
      }
      if (onFileCard && onFileCard.card.enabled === false) return invalid("INVALID_CARD", "The card on file is disabled.", "source_id");
    } else if (!source.startsWith("cnon:")) {
      return invalid("INVALID_VALUE", "Invalid source_id.", "source_id");
    }
    // Sandbox test tokens may be reused; any other nonce is single-use.
    const sandboxToken = source.startsWith("cnon:card-nonce-") || source.startsWith("ccof:");
    if (!sandboxToken && usedTokens.has(source)) {
      return invalid("CARD_TOKEN_USED", "Card nonce already used; please use a different nonce.", "source_id");
    }
    if (!onFile) usedTokens.add(source);

    const created = now();
    const id = squareId(27) + "ZY";
    const decline = DECLINING_TOKENS[source];
    const autocomplete = body.autocomplete !== false;
    const money = { amount: amount.amount, currency: amount.currency };
    const payment: Json = {
      id,
      created_at: created,
      updated_at: created,
      amount_money: money,
      total_money: money,
      status: decline ? "FAILED" : autocomplete ? "COMPLETED" : "APPROVED",
      delay_duration: "PT168H",
      delay_action: "CANCEL",
      delayed_until: new Date(Date.parse(created) + 168 * 3600 * 1000).toISOString(),
      source_type: "CARD",
      card_details: {
        status: decline ? "FAILED" : autocomplete ? "CAPTURED" : "AUTHORIZED",
        card: cards.has(source) ? pickCard(cards.get(source)!.card) : cardOf("1111"),
        entry_method: onFile ? "ON_FILE" : "KEYED",
        cvv_status: decline?.code === "CVV_FAILURE" ? "CVV_REJECTED" : "CVV_ACCEPTED",
        avs_status: decline?.code === "ADDRESS_VERIFICATION_FAILURE" ? "AVS_REJECTED" : "AVS_ACCEPTED",
        statement_description: "SQ *EMULATOR",
        card_payment_timeline: decline
          ? {}
          : autocomplete
            ? { authorized_at: created, captured_at: created }
            : { authorized_at: created },
        ...(decline ? { errors: [{ category: "PAYMENT_METHOD_ERROR", ...decline }] } : {}),
      },
      location_id: locationId,
      order_id: squareId(27) + "ZY",
      application_details: { square_product: "ECOMMERCE_API", application_id: "sandbox-sq0idb-emulator" },
      version_token: squareId(45),
    };
    if (!decline) payment.approved_money = money;
    for (const k of ["reference_id", "customer_id", "note", "buyer_email_address", "billing_address", "shipping_address", "statement_description_identifier"]) {
      if (body[k] !== undefined) payment[k] = body[k];
    }
    if (payment.status === "COMPLETED") {
      payment.receipt_number = id.slice(0, 4);
      payment.receipt_url = `https://squareupsandbox.com/receipt/preview/${id}`;
    }
    payments.set(id, payment);
    ledgers.set(id, new Ledger(amount.amount, { captured: payment.status === "COMPLETED" }));
    ctx.log(`square payment ${id} ${payment.status as string} ${amount.amount} ${amount.currency}`);
    if (decline) {
      return { status: 400, json: { errors: [{ category: "PAYMENT_METHOD_ERROR", ...decline }], payment } };
    }
    return { status: 200, json: { payment } };
  }

  function pickCard(card: Json): Json {
    const { card_brand, last_4, exp_month, exp_year, fingerprint, card_type, prepaid_type, bin } = card;
    return { card_brand, last_4, exp_month, exp_year, fingerprint, card_type, prepaid_type, bin };
  }

  function notFound(kind: string, id: string): EmuResponse {
    return error(404, { category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND", detail: `Could not find ${kind} with id: ${id}` });
  }

  function transition(id: string, action: "complete" | "cancel", body: Json): EmuResponse {
    const payment = payments.get(id);
    if (!payment) return notFound("payment", id);
    if (action === "complete") {
      const problem = unknownField(body, COMPLETE_PAYMENT_FIELDS);
      if (problem) return problem;
      if (body.version_token !== undefined && body.version_token !== payment.version_token) {
        return invalid("CONFLICT", "The payment was updated since this version_token.", "version_token");
      }
    }
    const card = payment.card_details as Json;
    const timeline = card.card_payment_timeline as Json;
    switch (payment.status) {
      case "APPROVED": {
        const at = now();
        payment.status = action === "complete" ? "COMPLETED" : "CANCELED";
        card.status = action === "complete" ? "CAPTURED" : "VOIDED";
        timeline[action === "complete" ? "captured_at" : "voided_at"] = at;
        if (action === "complete") ledgers.get(id)!.capture();
        else ledgers.get(id)!.void();
        payment.updated_at = at;
        payment.version_token = squareId(45);
        if (action === "complete") {
          payment.receipt_number = id.slice(0, 4);
          payment.receipt_url = `https://squareupsandbox.com/receipt/preview/${id}`;
        }
        return { status: 200, json: { payment } };
      }
      case "COMPLETED":
        return invalid("DELAYED_TRANSACTION_CAPTURED", "Payment has already been captured.");
      case "CANCELED":
        return invalid("DELAYED_TRANSACTION_CANCELED", "Payment has already been canceled.");
      default:
        return invalid("DELAYED_TRANSACTION_FAILED", "Payment failed and cannot be updated.");
    }
  }

  /**
   * UpdatePayment, `PUT /v2/payments/{payment_id}`: a new `amount_money` on an APPROVED payment
   * (the emulated card allows EDIT_AMOUNT_UP and EDIT_AMOUNT_DOWN). The ledger's authorization
   * becomes the new amount, which CompletePayment then captures.
   */
  function updatePayment(id: string, body: Json): EmuResponse {
    const problem = unknownField(body, UPDATE_PAYMENT_FIELDS) ?? checkKey(body, true);
    if (problem) return problem;
    const update = body.payment;
    if (update !== undefined && !isObject(update)) return invalid("EXPECTED_OBJECT", "Expected an object.", "payment");
    const changes = (update ?? {}) as Json;
    const bad = unknownField(changes, UPDATE_PAYMENT_PAYMENT_FIELDS, "payment.") ??
      (changes.amount_money !== undefined ? checkMoney(changes.amount_money, "payment.amount_money") : null) ??
      (changes.tip_money !== undefined ? checkMoney(changes.tip_money, "payment.tip_money") : null);
    if (bad) return bad;
    return idempotent("payment-updates", body.idempotency_key as string, body, () => {
      const payment = payments.get(id);
      if (!payment) return notFound("payment", id);
      if (payment.status !== "APPROVED") {
        return invalid("BAD_REQUEST", `Payment ${id} is ${payment.status as string}; only an APPROVED payment can be updated.`);
      }
      if (changes.version_token !== undefined && changes.version_token !== payment.version_token) {
        return invalid("CONFLICT", "The payment was updated since this version_token.", "payment.version_token");
      }
      const current = payment.amount_money as { amount: number; currency: string };
      const amount = (changes.amount_money ?? current) as { amount: number; currency: string };
      if (amount.currency !== current.currency) {
        return invalid("INVALID_VALUE", `The payment's currency is ${current.currency}.`, "payment.amount_money.currency");
      }
      const tip = changes.tip_money as { amount: number; currency: string } | undefined;
      if (tip && tip.currency !== current.currency) return invalid("INVALID_VALUE", `The payment's currency is ${current.currency}.`, "payment.tip_money.currency");
      const tipAmount = tip?.amount ?? (payment.tip_money as { amount: number } | undefined)?.amount ?? 0;
      const at = now();
      payment.amount_money = { amount: amount.amount, currency: amount.currency };
      if (tip) payment.tip_money = { amount: tip.amount, currency: tip.currency };
      payment.total_money = { amount: amount.amount + tipAmount, currency: amount.currency };
      // As in the spec's UpdatePaymentResponse example: approved_money is amount_money, tip aside.
      payment.approved_money = { amount: amount.amount, currency: amount.currency };
      payment.capabilities = ["EDIT_AMOUNT_UP", "EDIT_AMOUNT_DOWN", "EDIT_TIP_AMOUNT_UP", "EDIT_TIP_AMOUNT_DOWN"];
      payment.updated_at = at;
      payment.version_token = squareId(45);
      ledgers.get(id)!.reauthorize(amount.amount + tipAmount);
      ctx.log(`square payment ${id} updated to ${amount.amount} ${amount.currency}`);
      return { status: 200, json: { payment } };
    });
  }

  function refundPayment(body: Json): EmuResponse {
    const problem =
      unknownField(body, REFUND_FIELDS) ??
      checkKey(body, true) ??
      checkMoney(body.amount_money, "amount_money") ??
      (typeof body.payment_id === "string" ? null : invalid("MISSING_REQUIRED_PARAMETER", "Missing required parameter.", "payment_id"));
    if (problem) return problem;
    if (body.location_id !== undefined) return invalid("INVALID_VALUE", "location_id is only allowed with unlinked refunds.", "location_id");
    if (typeof body.reason === "string" && body.reason.length > 192) return invalid("VALUE_TOO_LONG", "Field must not be longer than 192 characters.", "reason");
    return idempotent("refunds", body.idempotency_key as string, body, () => {
      const payment = payments.get(body.payment_id as string);
      if (!payment) return notFound("payment", body.payment_id as string);
      if (payment.status === "APPROVED") {
        return error(400, { category: "REFUND_ERROR", code: "REFUND_ERROR_PAYMENT_NEEDS_COMPLETION", detail: "Payment must be completed before it can be refunded." });
      }
      if (payment.status !== "COMPLETED") {
        return error(400, { category: "REFUND_ERROR", code: "PAYMENT_NOT_REFUNDABLE", detail: "The payment is not refundable." });
      }
      const amount = body.amount_money as { amount: number; currency: string };
      const total = payment.total_money as { amount: number; currency: string };
      if (amount.currency !== total.currency) return invalid("CURRENCY_MISMATCH", "The refund currency does not match the payment's.", "amount_money.currency");
      const ledger = ledgers.get(payment.id as string)!;
      if (ledger.refund(amount.amount)) {
        return error(400, {
          category: "REFUND_ERROR",
          code: "REFUND_AMOUNT_INVALID",
          detail: "The requested refund amount exceeds the amount available to refund.",
          field: "amount_money.amount",
        });
      }
      const id = `${payment.id as string}_${squareId(40)}`;
      const created = now();
      const refund: Json = {
        id,
        status: "PENDING",
        amount_money: { amount: amount.amount, currency: amount.currency },
        payment_id: payment.id,
        order_id: payment.order_id,
        location_id: payment.location_id,
        created_at: created,
        updated_at: created,
        ...(body.reason !== undefined ? { reason: body.reason } : {}),
      };
      refunds.set(id, refund);
      refundReads.set(id, 0);
      payment.refunded_money = { amount: ledger.refunded, currency: amount.currency };
      payment.refund_ids = [...((payment.refund_ids as string[] | undefined) ?? []), id];
      payment.updated_at = created;
      return { status: 200, json: { refund } };
    });
  }

  function getRefund(id: string): EmuResponse {
    const refund = refunds.get(id);
    if (!refund) return notFound("refund", id);
    // Settles on the first read after it was created.
    const reads = (refundReads.get(id) ?? 0) + 1;
    refundReads.set(id, reads);
    if (refund.status === "PENDING" && reads >= 1) {
      refund.status = "COMPLETED";
      refund.updated_at = now();
      refund.processing_fee = [{ effective_at: now(), type: "INITIAL", amount_money: { amount: -1, currency: (refund.amount_money as Json).currency } }];
    }
    return { status: 200, json: { refund } };
  }

  function createCustomer(body: Json): EmuResponse {
    const problem = unknownField(body, CUSTOMER_FIELDS) ?? checkKey(body, false) ?? checkAddress(body.address, "address");
    if (problem) return problem;
    const named = ["given_name", "family_name", "company_name", "email_address", "phone_number"].some((k) => typeof body[k] === "string" && body[k] !== "");
    if (!named) {
      return invalid(
        "BAD_REQUEST",
        "At least one of the following is required: given_name, family_name, company_name, email_address, phone_number.",
      );
    }
    if (typeof body.phone_number === "string" && !/^\+?[\d\s().-]+$/.test(body.phone_number)) {
      return invalid("INVALID_PHONE_NUMBER", "Expected phone_number to be a valid phone number", "phone_number");
    }
    const run = (): EmuResponse => {
      const at = now();
      const customer: Json = { id: squareId(26), created_at: at, updated_at: at, creation_source: "THIRD_PARTY", preferences: { email_unsubscribed: false }, version: 0 };
      for (const k of CUSTOMER_FIELDS) if (k !== "idempotency_key" && body[k] !== undefined) customer[k] = body[k];
      customers.set(customer.id as string, customer);
      return { status: 200, json: { customer } };
    };
    return typeof body.idempotency_key === "string" ? idempotent("customers", body.idempotency_key, body, run) : run();
  }

  function createCard(body: Json): EmuResponse {
    const problem =
      unknownField(body, CARD_REQUEST_FIELDS) ??
      checkKey(body, true) ??
      (typeof body.source_id === "string" && body.source_id.length > 0 ? null : invalid("MISSING_REQUIRED_PARAMETER", "Missing required parameter.", "source_id")) ??
      (isObject(body.card) ? null : invalid("MISSING_REQUIRED_PARAMETER", "Missing required parameter.", "card"));
    if (problem) return problem;
    const card = body.card as Json;
    const cardProblem = unknownField(card, CARD_FIELDS, "card.") ?? checkAddress(card.billing_address, "card.billing_address");
    if (cardProblem) return cardProblem;
    if (typeof card.customer_id !== "string") return invalid("MISSING_REQUIRED_PARAMETER", "Missing required parameter.", "card.customer_id");
    return idempotent("cards", body.idempotency_key as string, body, () => {
      if (!customers.has(card.customer_id as string)) {
        return error(404, { category: "INVALID_REQUEST_ERROR", code: "CUSTOMER_NOT_FOUND", detail: "Customer not found.", field: "card.customer_id" });
      }
      const source = body.source_id as string;
      const decline = DECLINING_TOKENS[source];
      if (decline) return error(400, { category: "PAYMENT_METHOD_ERROR", ...decline });
      if (source.startsWith("cnon:")) {
        if (!source.startsWith("cnon:card-nonce-") && usedTokens.has(source)) {
          return invalid("SOURCE_USED", "The provided source id was already used to create a card.", "source_id");
        }
        usedTokens.add(source);
      } else if (!payments.has(source)) {
        return invalid("INVALID_VALUE", "source_id is neither a payment token nor a payment id.", "source_id");
      }
      const saved: Json = {
        id: `ccof:${squareId(16)}`,
        ...cardOf("1111"),
        customer_id: card.customer_id,
        merchant_id: "EMULATORMERCHANT",
        enabled: true,
        version: 1,
        ...(card.reference_id !== undefined ? { reference_id: card.reference_id } : {}),
        ...(card.billing_address !== undefined ? { billing_address: card.billing_address } : {}),
      };
      cards.set(saved.id as string, { card: saved });
      return { status: 200, json: { card: saved } };
    });
  }

  function authorized(req: EmuRequest): EmuResponse | null {
    const auth = req.headers.authorization;
    if (typeof auth !== "string" || !/^Bearer EAAA\S+$/.test(auth)) {
      return error(401, { category: "AUTHENTICATION_ERROR", code: "UNAUTHORIZED", detail: "This request could not be authorized." });
    }
    const version = req.headers["square-version"];
    if (version !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(version))) {
      return invalid("INVALID_SQUARE_VERSION_FORMAT", "Square-Version must be YYYY-MM-DD.");
    }
    return null;
  }

  function jsonBody(req: EmuRequest): Json | EmuResponse {
    if (!/^application\/json\b/i.test(String(req.headers["content-type"] ?? ""))) {
      return invalid("INVALID_CONTENT_TYPE", "Content-Type must be application/json.");
    }
    return parseJsonObject(req.rawBody) ?? invalid("EXPECTED_JSON_BODY", "The request body is not a JSON object.");
  }

  function isResponse(v: Json | EmuResponse): v is EmuResponse {
    return typeof (v as EmuResponse).status === "number" && ("json" in v || "text" in v);
  }

  // Issue 12: the Disputes API (disputes.ts).
  const disputes = createSquareDisputes(payments);

  return {
    handle(req: EmuRequest): EmuResponse {
      const disputeRoute = disputes.emulatorRoute(req);
      if (disputeRoute) return disputeRoute;
      // The emulator's own route (not Square's): a signed notification, as Square would POST it to
      // the merchant, for a stored payment or refund. Body: {type, id, url, signatureKey}.
      if (req.method === "POST" && req.path === "/_emulator/notify") {
        try {
          const { type, id, url, signatureKey } = JSON.parse(req.rawBody) as { type: "payment.updated" | "refund.updated"; id: string; url: string; signatureKey: string };
          return { status: 200, json: this.notification(type, id, url, signatureKey) };
        } catch (e) {
          return { status: 404, json: { error: (e as Error).message } };
        }
      }
      const denied = authorized(req);
      if (denied) return denied;
      const path = req.path;
      const m = (re: RegExp) => re.exec(path);
      const disputeCall = disputes.route(req);
      if (disputeCall) return disputeCall;
      if (req.method === "GET") {
        let g = m(/^\/v2\/payments\/([^/]+)$/);
        if (g) {
          const p = payments.get(decodeURIComponent(g[1]!));
          return p ? { status: 200, json: { payment: p } } : notFound("payment", decodeURIComponent(g[1]!));
        }
        g = m(/^\/v2\/refunds\/([^/]+)$/);
        if (g) return getRefund(decodeURIComponent(g[1]!));
        return error(404, { category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND", detail: `Unknown path ${path}` });
      }
      const issue12 = squareIssue12Route(req, cards, notFound);
      if (issue12) return issue12;
      const update = req.method === "PUT" ? m(/^\/v2\/payments\/([^/]+)$/) : null;
      if (update) {
        const body = jsonBody(req);
        if (isResponse(body)) return body;
        return updatePayment(decodeURIComponent(update[1]!), body);
      }
      if (req.method !== "POST") return error(405, { category: "INVALID_REQUEST_ERROR", code: "METHOD_NOT_ALLOWED", detail: "Method not allowed." });
      const cancel = m(/^\/v2\/payments\/([^/]+)\/cancel$/);
      if (cancel) {
        // CancelPayment takes no body.
        if (req.rawBody.trim() !== "" && req.rawBody.trim() !== "{}") return invalid("UNKNOWN_BODY_PARAMETER", "CancelPayment takes no body.");
        return transition(decodeURIComponent(cancel[1]!), "cancel", {});
      }
      const body = jsonBody(req);
      if (isResponse(body)) return body;
      if (path === "/v2/payments") return createPayment(body);
      const complete = m(/^\/v2\/payments\/([^/]+)\/complete$/);
      if (complete) return transition(decodeURIComponent(complete[1]!), "complete", body);
      if (path === "/v2/refunds") return refundPayment(body);
      if (path === "/v2/customers") return createCustomer(body);
      if (path === "/v2/cards") return createCard(body);
      return error(404, { category: "INVALID_REQUEST_ERROR", code: "NOT_FOUND", detail: `Unknown path ${path}` });
    },

    notification(type, id, url, signatureKey) {
      const object = type === "payment.updated" ? payments.get(id) : refunds.get(id);
      if (!object) throw new Error(`square emulator: no ${type.split(".")[0]} ${id}`);
      const event = {
        merchant_id: "EMULATORMERCHANT",
        type,
        event_id: `${squareId(8)}-${squareId(4)}-${squareId(4)}-${squareId(4)}-${squareId(12)}`.toLowerCase(),
        created_at: now(),
        data: { type: type.split(".")[0], id, object: { [type.split(".")[0]!]: object } },
      };
      const body = JSON.stringify(event);
      const signature = hmac("sha256", signatureKey, url + body, "base64");
      return { headers: { "content-type": "application/json", "x-square-hmacsha256-signature": signature }, body };
    },
  };
}

export const emulator: ConnectorEmulator = { create: createSquareEmulator };

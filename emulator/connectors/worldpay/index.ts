// Worldpay emulator: Access Worldpay's Payments API, version 2024-06-01, as its OpenAPI description
// (oracles/worldpay/payments-openapi.yaml) and https://docs.worldpay.com/access/products/payments
// describe it: POST /api/payments; GET /api/payments/{linkData} (lastEvent);
// POST /api/payments/{linkData}/settlements | partialSettlements | cancellations | refunds |
// partialRefunds | reversals. HTTP Basic with the emulator's username and password, and
// `WP-Api-Version: 2024-06-01` on every call (406 headerIsMissing / 415 headerHasInvalidValue
// otherwise, as the spec's examples answer).
//
// linkData: each answer mints an opaque linkData for the payment's new state, and only the actions
// it lists (`_actions`) work on it, as Worldpay's links do: a settled payment is refunded through
// the settlement answer's links, not the authorization's. Outcomes follow the spec's examples
// (authorized-201-basic, sent-for-settlement-202-basic, refused-201, sent-for-*-202).
// Test values from https://developer.worldpay.com/products/payments/testing: the cardHolderName
// magic values (AUTHORISED, REFUSED, REFUSED<code> with the documented descriptions; any other
// name is authorized). Saved cards: tokenCreation answers `token.href` (`{base}/tokens/{id}`), which
// a later `paymentInstrument {type: token, href}` charges, until the Tokens API's DELETE on it.
// Webhooks: the Events webhook body (oracles/worldpay/events-openapi.yaml), signed with
// `Event-Signature: 1/SHA256/{hex HMAC-SHA256 of the body}` (docs.worldpay.com/access/products/events/signature).

import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { cardBrand, expired, luhnValid } from "../../core/cards.js";
import { ALNUM, DIGITS, randomString } from "../../core/ids.js";
import { isObject, type Json } from "../../core/json.js";
import { Ledger } from "../../core/ledger.js";
import { deliver, hmac } from "../../core/webhooks.js";

export const WORLDPAY_USERNAME = "emulator-user";
export const WORLDPAY_PASSWORD = "emulator-password-0000";
export const API_VERSION = "2024-06-01";
export const TOKENS_MEDIA_TYPE = "application/vnd.worldpay.tokens-v3.hal+json";

/** The documented refusal magic values: cardHolderName → [refusalCode, refusalDescription]. */
const REFUSALS: Record<string, [string, string]> = {
  REFUSED: ["5", "REFUSED"],
  REFUSED4: ["4", "HOLD CARD"],
  REFUSED5: ["5", "REFUSED"],
  REFUSED13: ["13", "INVALID AMOUNT"],
  REFUSED15: ["15", "INVALID CARD ISSUER"],
  REFUSED33: ["33", "CARD EXPIRED"],
  REFUSED34: ["34", "FRAUD SUSPICION"],
  REFUSED41: ["41", "LOST CARD"],
  REFUSED43: ["43", "STOLEN CARD, PICK UP"],
  REFUSED51: ["51", "LIMIT EXCEEDED"],
  REFUSED55: ["55", "INVALID SECURITY CODE"],
  REFUSED56: ["56", "UNKNOWN CARD"],
  REFUSED57: ["57", "ILLEGAL TRANSACTION"],
  REFUSED62: ["62", "RESTRICTED CARD"],
};

type Action = "settlePayment" | "partiallySettlePayment" | "cancelPayment" | "refundPayment" | "partiallyRefundPayment" | "reversePayment";
const ACTION_PATHS: Record<Action, string> = {
  settlePayment: "settlements",
  partiallySettlePayment: "partialSettlements",
  cancelPayment: "cancellations",
  refundPayment: "refunds",
  partiallyRefundPayment: "partialRefunds",
  reversePayment: "reversals",
};

interface Payment {
  paymentId: string;
  transactionReference: string;
  currency: string;
  ledger: Ledger;
  lastEvent: string;
  schemeReference: string;
  /** The linkData of the latest answer, whose actions GET shows. */
  current: string;
}

interface Link {
  payment: Payment;
  actions: Action[];
}

const error = (status: number, errorName: string, message: string, extra: Json = {}): EmuResponse => ({
  status,
  json: { errorName, message, ...extra },
});
const invalid = (message: string, jsonPath: string) =>
  error(400, "bodyDoesNotMatchSchema", "A JSON body matching the expected schema must be provided.", {
    validationErrors: [{ errorName: "fieldHasInvalidValue", message, jsonPath }],
  });
const notFound = () => error(404, "endpointNotFound", "Requested endpoint was not found.");

export function createWorldpayEmulator(ctx: EmuContext): EmuMount {
  const links = new Map<string, Link>();
  const payments = new Map<string, Payment>();
  const tokens = new Map<string, { pan: string; schemeReference: string }>();
  const base = () => `${ctx.origin}${ctx.mountPrefix}`;

  function mint(payment: Payment, actions: Action[], reuse?: string): string {
    const data = reuse ?? `eyJrIjoi${randomString(40, ALNUM)}%3D%3D.${randomString(24, ALNUM)}%3A${randomString(16, ALNUM)}`;
    links.set(data, { payment, actions });
    payment.current = data;
    return data;
  }

  function linked(data: string, actions: Action[]): Json {
    const href = `${base()}/api/payments/${data}`;
    const acts: Json = {};
    for (const a of actions) acts[a] = { href: `${href}/${ACTION_PATHS[a]}`, method: "POST" };
    return { _links: { self: { href } }, ...(actions.length ? { _actions: acts } : {}) };
  }

  function emit(payment: Payment, type: string, amount: number, reference?: string): void {
    const event = {
      eventId: crypto.randomUUID(),
      eventTimestamp: new Date().toISOString().replace("Z", ""),
      eventDetails: {
        classification: "payment",
        transactionReference: payment.transactionReference,
        type,
        date: new Date().toISOString().slice(0, 10),
        ...(reference ? { reference } : {}),
        amount: { value: amount, currencyCode: payment.currency },
        _links: { payment: { href: `${base()}/api/payments/${payment.current}` } },
      },
    };
    void deliver(ctx, (secret) => {
      const body = JSON.stringify(event);
      return {
        body,
        headers: { "Content-Type": "application/vnd.worldpay.events-v1.hal+json", "Event-Signature": `1/SHA256/${hmac("sha256", secret, body, "hex")}` },
      };
    });
  }

  /** The card an instrument stands for, or an error answer. */
  function instrumentCard(method: unknown, pi: Json): { pan: string; holder: string } | EmuResponse {
    const type = pi["type"];
    if (method === "card" && type === "plain") {
      const pan = String(pi["cardNumber"] ?? "");
      if (!/^\d{12,19}$/.test(pan) || !luhnValid(pan)) {
        if (pan) ctx.log(`worldpay: card ${ctx.maskPan(pan)} is not a valid card number`);
        return invalid("Card number is invalid.", "$.instruction.paymentInstrument.cardNumber");
      }
      const exp = pi["expiryDate"];
      if (!isObject(exp) || !Number.isInteger(exp["month"]) || !Number.isInteger(exp["year"])) {
        return invalid("expiryDate must have an integer month and year.", "$.instruction.paymentInstrument.expiryDate");
      }
      if (expired(exp["month"] as number, exp["year"] as number)) return invalid("Card has expired.", "$.instruction.paymentInstrument.expiryDate");
      if (pi["cvc"] !== undefined && !/^\d{3,4}$/.test(String(pi["cvc"]))) return invalid("CVC is invalid.", "$.instruction.paymentInstrument.cvc");
      return { pan, holder: String(pi["cardHolderName"] ?? "") };
    }
    if (method === "card" && type === "checkout") {
      if (typeof pi["sessionHref"] !== "string" || !/\/sessions\/\S+$/.test(pi["sessionHref"])) {
        return invalid("sessionHref must be a Checkout SDK session href.", "$.instruction.paymentInstrument.sessionHref");
      }
      return { pan: "4000000000002701", holder: String(pi["cardHolderName"] ?? "") };
    }
    if (method === "card" && type === "token") {
      const href = String(pi["href"] ?? "");
      const t = tokens.get(href.split("/tokens/")[1] ?? "");
      if (!t) return error(404, "resourceNotFound", "Token not found.");
      return { pan: t.pan, holder: "" };
    }
    if (method === "card" && type === "networkToken") {
      if (!/^\d{12,19}$/.test(String(pi["tokenNumber"] ?? ""))) return invalid("tokenNumber is invalid.", "$.instruction.paymentInstrument.tokenNumber");
      return { pan: String(pi["tokenNumber"]), holder: "" };
    }
    if ((method === "applepay" || method === "googlepay") && (type === "encrypted" || type === "decrypted")) {
      if (type === "encrypted" && (typeof pi["walletToken"] !== "string" || !pi["walletToken"].trim().startsWith("{"))) {
        return invalid("walletToken must be the wallet's JSON payload.", "$.instruction.paymentInstrument.walletToken");
      }
      return { pan: type === "decrypted" ? String(pi["number"] ?? "") : "4444333322221111", holder: "" };
    }
    return invalid("paymentInstrument.type is not allowed for this method.", "$.instruction.paymentInstrument.type");
  }

  function pay(body: Json): EmuResponse {
    const ref = body["transactionReference"];
    if (typeof ref !== "string" || !/^[-A-Za-z0-9_!@#$%()*=.:;?[\]{}~`/+]{1,64}$/.test(ref)) {
      return invalid("transactionReference is invalid.", "$.transactionReference");
    }
    const merchant = body["merchant"];
    if (!isObject(merchant) || typeof merchant["entity"] !== "string") return invalid("merchant.entity is required.", "$.merchant.entity");
    const ins = body["instruction"];
    if (!isObject(ins)) return invalid("instruction is required.", "$.instruction");
    const narrative = ins["narrative"];
    if (!isObject(narrative) || typeof narrative["line1"] !== "string" || !/^[a-zA-Z0-9 ,./-]{1,24}$/.test(narrative["line1"])) {
      return invalid("narrative.line1 is invalid.", "$.instruction.narrative.line1");
    }
    const value = ins["value"];
    if (!isObject(value) || typeof value["currency"] !== "string" || !/^[A-Z]{3}$/.test(value["currency"])) {
      return invalid("value.currency is invalid.", "$.instruction.value.currency");
    }
    const amount = value["amount"];
    if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 0 || amount > 2147483647) {
      return invalid("value.amount must be an int32 of minor units.", "$.instruction.value.amount");
    }
    const pi = ins["paymentInstrument"];
    if (!isObject(pi)) return invalid("paymentInstrument is required.", "$.instruction.paymentInstrument");
    const card = instrumentCard(ins["method"], pi);
    if ("status" in card) return card;
    const paymentId = `payI${randomString(20, ALNUM)}`;
    const refusal = REFUSALS[card.holder.toUpperCase()];
    if (refusal) {
      return {
        status: 201,
        json: {
          outcome: "refused",
          paymentId,
          transactionReference: ref,
          refusalDescription: refusal[1],
          refusalCode: refusal[0],
          advice: { code: "01" },
          riskFactors: [{ risk: "notChecked", type: "cvc" }],
        },
      };
    }
    const auto = isObject(ins["settlement"]) && ins["settlement"]["auto"] === true;
    const payment: Payment = {
      paymentId,
      transactionReference: ref,
      currency: value["currency"],
      ledger: new Ledger(amount, { captured: auto }),
      lastEvent: auto ? "Sent for Settlement" : "Authorized",
      schemeReference: randomString(15, DIGITS),
      current: "",
    };
    payments.set(paymentId, payment);
    const out: Json = {
      outcome: auto ? "sentForSettlement" : "authorized",
      paymentId,
      transactionReference: ref,
      schemeReference: payment.schemeReference,
      issuer: { authorizationCode: randomString(6, DIGITS) },
      paymentInstrument: {
        type: "card/plain+masked",
        cardBin: card.pan.slice(0, 6),
        lastFour: card.pan.slice(-4),
        cardBrand: cardBrand(card.pan),
      },
    };
    if (isObject(ins["tokenCreation"])) {
      const tokenId = randomString(18, DIGITS);
      tokens.set(tokenId, { pan: card.pan, schemeReference: payment.schemeReference });
      out["token"] = { href: `${base()}/tokens/${tokenId}`, tokenId, schemeReference: payment.schemeReference };
    }
    const actions: Action[] = auto
      ? ["refundPayment", "partiallyRefundPayment", "reversePayment"]
      : ["cancelPayment", "settlePayment", "partiallySettlePayment", "reversePayment"];
    // A zero-value verification (card on file, amount 0) leaves nothing to act on.
    const data = mint(payment, amount === 0 ? [] : actions);
    emit(payment, auto ? "sentForSettlement" : "authorized", amount);
    return { status: 201, json: { ...out, ...linked(data, amount === 0 ? [] : actions) } };
  }

  function settle(link: Link, body: Json, partial: boolean): EmuResponse {
    const p = link.payment;
    let amount = p.ledger.capturable;
    if (partial) {
      const v = body["value"];
      if (!isObject(v) || typeof v["amount"] !== "number" || v["currency"] !== p.currency) {
        return invalid("value must have the payment's currency and an amount.", "$.value");
      }
      if (typeof body["reference"] !== "string" || body["reference"] === "") return invalid("reference is required.", "$.reference");
      amount = v["amount"];
    }
    const refused = p.ledger.capture(amount);
    if (refused) return invalid(`The settlement is not possible (${refused.kind}).`, "$.value.amount");
    p.lastEvent = "Sent for Settlement";
    const actions: Action[] =
      p.ledger.capturable > 0
        ? ["refundPayment", "partiallyRefundPayment", "partiallySettlePayment", "reversePayment", "cancelPayment"]
        : ["refundPayment", "partiallyRefundPayment", "reversePayment"];
    const data = mint(p, actions);
    emit(p, "sentForSettlement", amount);
    return { status: 202, json: { outcome: "sentForSettlement", ...linked(data, actions) } };
  }

  function refund(link: Link, body: Json, partial: boolean, current: string): EmuResponse {
    const p = link.payment;
    let amount = p.ledger.refundable;
    let reference: string | undefined;
    if (partial) {
      const v = body["value"];
      if (!isObject(v) || typeof v["amount"] !== "number" || v["currency"] !== p.currency) {
        return invalid("value must have the payment's currency and an amount.", "$.value");
      }
      if (typeof body["reference"] !== "string" || body["reference"] === "") return invalid("reference is required.", "$.reference");
      amount = v["amount"];
      reference = body["reference"];
    }
    const refused = p.ledger.refund(amount);
    if (refused) return invalid(`The refund is not possible (${refused.kind}).`, "$.value.amount");
    p.lastEvent = "Sent for Refund";
    emit(p, "sentForRefund", amount, reference);
    if (!partial) {
      const data = mint(p, []);
      return { status: 202, json: { outcome: "sentForRefund", ...linked(data, []) } };
    }
    // As the spec's example: the self link stays the payment's, with partiallyRefundPayment while
    // something is left to refund.
    const actions: Action[] = p.ledger.refundable > 0 ? ["partiallyRefundPayment"] : [];
    const data = mint(p, actions.length ? link.actions : [], current);
    return { status: 202, json: { outcome: "sentForPartialRefund", ...linked(data, actions) } };
  }

  function act(data: string, action: string, body: Json): EmuResponse {
    const link = links.get(data);
    const name = (Object.keys(ACTION_PATHS) as Action[]).find((a) => ACTION_PATHS[a] === action);
    if (!link || !name || !link.actions.includes(name)) return notFound();
    const p = link.payment;
    switch (name) {
      case "settlePayment":
        return settle(link, body, false);
      case "partiallySettlePayment":
        return settle(link, body, true);
      case "refundPayment":
        return refund(link, body, false, data);
      case "partiallyRefundPayment":
        return refund(link, body, true, data);
      case "cancelPayment": {
        // After a partial settlement, a cancellation releases what is left of the authorization.
        if (p.ledger.captured > 0) p.ledger.release();
        else {
          const refused = p.ledger.void();
          if (refused) return invalid(`The cancellation is not possible (${refused.kind}).`, "$");
        }
        p.lastEvent = "Sent for Cancellation";
        emit(p, "cancelled", p.ledger.authorized);
        return { status: 202, json: { outcome: "sentForCancellation", paymentId: p.paymentId, transactionReference: p.transactionReference, ...linked(mint(p, []), []) } };
      }
      case "reversePayment": {
        if (p.ledger.captured > 0) {
          if (p.ledger.refundable > 0) p.ledger.refund();
          p.lastEvent = "Sent for Refund";
        } else {
          p.ledger.void();
          p.lastEvent = "Sent for Cancellation";
        }
        return { status: 202, json: { outcome: "sentForReversal", ...linked(mint(p, []), []) } };
      }
    }
  }

  function authorized(req: EmuRequest): boolean {
    const h = req.headers["authorization"];
    const value = Array.isArray(h) ? h[0] : h;
    return value === `Basic ${Buffer.from(`${WORLDPAY_USERNAME}:${WORLDPAY_PASSWORD}`).toString("base64")}`;
  }

  function header(req: EmuRequest, name: string): string | undefined {
    const h = req.headers[name];
    return Array.isArray(h) ? h[0] : h;
  }

  /**
   * The Tokens API (oracles/worldpay/tokens-openapi.yaml): DELETE /tokens/{tokenId} with `Accept:
   * application/vnd.worldpay.tokens-v3.hal+json` → 204; a token deleted can no longer pay.
   */
  function tokensApi(req: EmuRequest): EmuResponse {
    if (header(req, "accept") !== TOKENS_MEDIA_TYPE) return error(406, "headerHasInvalidValue", "A valid header must be provided.", { headerName: "Accept" });
    const m = /^\/tokens\/([^/]+)$/.exec(req.path);
    if (!m) return notFound();
    if (req.method !== "DELETE") return error(405, "methodNotAllowed", "Requested method is not allowed");
    if (!tokens.delete(m[1]!)) return error(404, "resourceNotFound", "Requested resource was not found.");
    return { status: 204 };
  }

  function handle(req: EmuRequest): EmuResponse {
    if (!authorized(req)) return error(401, "accessDenied", "Access to the requested resource has been denied.");
    if (req.path.startsWith("/tokens/")) return tokensApi(req);
    const version = header(req, "wp-api-version");
    if (version === undefined) return error(406, "headerIsMissing", "A valid header must be provided.", { headerName: "WP-Api-Version" });
    if (version !== API_VERSION) return error(415, "headerHasInvalidValue", "A valid header must be provided.", { headerName: "WP-Api-Version" });
    let body: Json = {};
    if (req.method === "POST") {
      if (req.rawBody.trim() !== "" && !(header(req, "content-type") ?? "").startsWith("application/json")) {
        return error(415, "headerHasInvalidValue", "A valid header must be provided.", { headerName: "Content-Type" });
      }
      try {
        const parsed: unknown = req.rawBody.trim() === "" ? {} : JSON.parse(req.rawBody);
        if (!isObject(parsed)) return error(400, "bodyIsNotJson", "The body within the request is not valid json.");
        body = parsed;
      } catch {
        return error(400, "bodyIsNotJson", "The body within the request is not valid json.");
      }
    }
    if (req.method === "POST" && req.path === "/api/payments") return pay(body);
    const m = /^\/api\/payments\/([^/]+)(?:\/(\w+))?$/.exec(req.path);
    if (!m) return notFound();
    const data = m[1]!;
    if (req.method === "GET" && !m[2]) {
      const link = links.get(data);
      if (!link) return notFound();
      const current = links.get(link.payment.current)!;
      const acts: Json = {};
      for (const a of current.actions) acts[a] = { href: `${base()}/api/payments/${link.payment.current}/${ACTION_PATHS[a]}`, method: "POST" };
      return { status: 200, json: { lastEvent: link.payment.lastEvent, ...(current.actions.length ? { _actions: acts } : {}) } };
    }
    if (req.method === "POST" && m[2]) return act(data, m[2], body);
    return notFound();
  }

  return { handle };
}

export const emulator: ConnectorEmulator = { create: createWorldpayEmulator };

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
import { redirectBack } from "../../core/redirect.js";
import { deliver, hmac } from "../../core/webhooks.js";

export const WORLDPAY_USERNAME = "emulator-user";
export const WORLDPAY_PASSWORD = "emulator-password-0000";
export const API_VERSION = "2024-06-01";
/** The APM API's version (oracles/worldpay/apms-openapi.yaml). */
export const APM_API_VERSION = "2024-07-01";
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

/** An APM payment (the APM API): one paymentId through its life. */
interface ApmPayment {
  paymentId: string;
  method: string;
  currency: string;
  ledger: Ledger;
  /** settlement.auto (PayPal) or a sale (the rest): settled once the shopper paid. */
  auto: boolean;
  lastEvent: string;
  successUrl: string;
}

/**
 * The APM API's methods the emulator takes (oracles/worldpay/apms-openapi.yaml, each `*Instruction`):
 * the result URLs each requires, whether it needs customer.email and paymentInstrument.country,
 * the customer fields it requires, its one currency, and what its answer gives the shopper: a page
 * (`redirect`), a QR code image in Base64 (`qr`, with Pix's and Swish's `transactionCode`), or none
 * (ACH: authorized at once).
 */
interface ApmRules {
  urls: string[];
  email: boolean;
  country: boolean;
  narrative: boolean;
  customer?: string[];
  currency?: string;
  answer?: "page" | "qr" | "none";
}
const APMS: Record<string, ApmRules> = {
  paypal: { urls: [], email: false, country: false, narrative: true },
  ideal: { urls: ["success", "failure", "cancel"], email: false, country: false, narrative: false },
  bancontact: { urls: ["cancel", "pending", "success"], email: true, country: true, narrative: true },
  trustly: { urls: ["cancel", "pending", "success"], email: true, country: true, narrative: true },
  multibanco: { urls: ["cancel", "pending", "success"], email: true, country: true, narrative: true },
  przelewy: { urls: ["success", "pending", "cancel"], email: true, country: true, narrative: true },
  mybank: { urls: ["cancel", "pending", "success"], email: true, country: true, narrative: true, customer: ["firstName", "lastName"], currency: "EUR" },
  alipay_cn: { urls: ["failure", "pending", "success"], email: false, country: false, narrative: true },
  alipay_hk: { urls: ["failure", "pending", "success"], email: false, country: false, narrative: true },
  wechatpay: { urls: [], email: false, country: false, narrative: true, answer: "qr" },
  swish: { urls: [], email: false, country: true, narrative: true, currency: "SEK", answer: "qr" },
  konbini: { urls: ["pending"], email: true, country: true, narrative: true, customer: ["lastName", "phone"], currency: "JPY" },
  pix: { urls: [], email: false, country: true, narrative: true, currency: "BRL", answer: "qr" },
  sepa: { urls: [], email: false, country: false, narrative: true, currency: "EUR" },
  ach: { urls: [], email: false, country: false, narrative: true, customer: ["firstName", "lastName"], currency: "USD", answer: "none" },
  blik: { urls: ["success", "pending", "cancel"], email: true, country: true, narrative: true, currency: "PLN" },
  klarna_network: { urls: ["cancel", "failure", "pending", "success"], email: false, country: true, narrative: true },
};

/** Methods whose instruction takes `settlement` (settled later unless `auto: true`). */
const SETTLED_LATER = ["paypal", "klarna_network"];

/** A 1x1 PNG in Base64: the emulator's stand-in for the QR code image Worldpay answers in `redirect`. */
const QR_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==";

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
  const threeDs = new Map<string, { step: "3dsDeviceData" | "3dsChallenges"; ref: string; holder: string; finish: () => EmuResponse }>();
  const apms = new Map<string, ApmPayment>();
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
    const threeDS = ins["threeDS"];
    if (isObject(threeDS) && threeDS["type"] === "integrated") {
      const bad = integratedInvalid(threeDS);
      if (bad) return bad;
      return beginThreeDs(ref, card.pan, card.holder, () => authorize(ref, ins, value, amount, card));
    }
    return authorize(ref, ins, value, amount, card);
  }

  /** PaymentsIntegratedThreeDS: mode always, challenge.returnUrl, deviceData acceptHeader and userAgentHeader. */
  function integratedInvalid(t: Json): EmuResponse | undefined {
    if (t["mode"] !== "always") return invalid("threeDS.mode must be always.", "$.instruction.threeDS.mode");
    const c = t["challenge"];
    if (!isObject(c) || typeof c["returnUrl"] !== "string" || c["returnUrl"] === "") return invalid("challenge.returnUrl is required.", "$.instruction.threeDS.challenge.returnUrl");
    const d = t["deviceData"];
    if (!isObject(d) || typeof d["acceptHeader"] !== "string" || typeof d["userAgentHeader"] !== "string") {
      return invalid("deviceData.acceptHeader and userAgentHeader are required.", "$.instruction.threeDS.deviceData");
    }
    return undefined;
  }

  /**
   * Integrated 3DS, as the spec's 3ds-* examples: 3dsDeviceDataRequired (the device data
   * collection form: url, jwt, bin) continued by POST .../3dsDeviceData, then, unless the
   * cardholder name asks for a frictionless outcome, 3dsChallenged continued by POST
   * .../3dsChallenges. Cardholder names (Worldpay's 3DS testing magic values):
   * 3ds2-frictionless-identified (authorized without a challenge), 3ds2-frictionless-failed
   * (3dsAuthenticationFailed), 3ds2-authentication-unavailable (3dsUnavailable),
   * 3ds2-challenge-failed (challenged, then failed); any other name is 3ds2-challenge-identified.
   */
  function beginThreeDs(ref: string, pan: string, holder: string, finish: () => EmuResponse): EmuResponse {
    const data = `eyJrIjoxLCJkIjoi${randomString(40, ALNUM)}`;
    threeDs.set(data, { step: "3dsDeviceData", ref, holder: holder.toLowerCase(), finish });
    return {
      status: 201,
      json: {
        transactionReference: ref,
        outcome: "3dsDeviceDataRequired",
        deviceDataCollection: { jwt: fakeJwt(), url: `${base()}/emulator/3ds/collect`, bin: pan.slice(0, 6) },
        _actions: { supply3dsDeviceData: { href: `${base()}/api/payments/${data}/3dsDeviceData`, method: "POST" } },
      },
    };
  }

  function fakeJwt(): string {
    const part = (o: Json) => Buffer.from(JSON.stringify(o)).toString("base64url");
    return `${part({ typ: "JWT", alg: "HS256" })}.${part({ jti: crypto.randomUUID(), iat: Math.floor(Date.now() / 1000) })}.${randomString(43, ALNUM)}`;
  }

  function continueThreeDs(data: string, action: string, body: Json): EmuResponse {
    const t = threeDs.get(data);
    if (!t || t.step !== action) return notFound();
    threeDs.delete(data);
    const failed = (outcome: string): EmuResponse => ({
      status: 201,
      json: { transactionReference: t.ref, outcome, authentication: { version: "2.2.0", eci: "07" } },
    });
    if (action === "3dsDeviceData") {
      const ref = body["collectionReference"];
      if (ref !== undefined && (typeof ref !== "string" || ref === "")) return invalid("collectionReference must be a string.", "$.collectionReference");
      if (t.holder === "3ds2-frictionless-identified") return t.finish();
      if (t.holder === "3ds2-frictionless-failed") return failed("3dsAuthenticationFailed");
      if (t.holder === "3ds2-authentication-unavailable") return failed("3dsUnavailable");
      const next = `eyJrIjoxLCJkIjoi${randomString(40, ALNUM)}`;
      threeDs.set(next, { ...t, step: "3dsChallenges" });
      return {
        status: 201,
        json: {
          outcome: "3dsChallenged",
          transactionReference: t.ref,
          authentication: { version: "2.1.0" },
          challenge: { reference: randomString(20, ALNUM), url: `${base()}/emulator/3ds/stepup`, jwt: fakeJwt(), payload: randomString(40, ALNUM) },
          _actions: { complete3dsChallenge: { href: `${base()}/api/payments/${next}/3dsChallenges`, method: "POST" } },
        },
      };
    }
    if (t.holder === "3ds2-challenge-failed") return failed("3dsAuthenticationFailed");
    return t.finish();
  }

  function authorize(ref: string, ins: Json, value: Json, amount: number, card: { pan: string; holder: string }): EmuResponse {
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
      currency: value["currency"] as string,
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

  /** POST /apmPayments: a pending payment and the page to send the shopper to (`redirect`). */
  function apmPay(body: Json): EmuResponse {
    const ref = body["transactionReference"];
    if (typeof ref !== "string" || !/^[a-zA-Z0-9\-_/!@#$%()*=.:;?[\]{}~+]{1,64}$/.test(ref)) return invalid("transactionReference is invalid.", "$.transactionReference");
    const merchant = body["merchant"];
    if (!isObject(merchant) || typeof merchant["entity"] !== "string" || !/^[a-zA-Z0-9\- ]{3,32}$/.test(merchant["entity"])) {
      return invalid("merchant.entity is invalid.", "$.merchant.entity");
    }
    const ins = body["instruction"];
    if (!isObject(ins)) return invalid("instruction is required.", "$.instruction");
    const method = String(ins["method"] ?? "");
    const rules = APMS[method];
    if (!rules) return invalid("instruction.method is not an APM this merchant takes.", "$.instruction.method");
    const value = ins["value"];
    if (!isObject(value) || typeof value["currency"] !== "string" || !/^[A-Z]{3}$/.test(value["currency"])) return invalid("value.currency is invalid.", "$.instruction.value.currency");
    const amount = value["amount"];
    if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 1 || amount > 2147483647) return invalid("Field is mandatory", "$.instruction.value.amount");
    const narrative = ins["narrative"];
    if (narrative !== undefined || rules.narrative) {
      if (!isObject(narrative) || typeof narrative["line1"] !== "string" || !/^[a-zA-Z0-9-., ]{1,24}$/.test(narrative["line1"])) {
        return invalid("narrative.line1 is invalid.", "$.instruction.narrative.line1");
      }
    }
    const pi = ins["paymentInstrument"];
    if (!isObject(pi) || pi["type"] !== "direct") return invalid("paymentInstrument.type must be direct.", "$.instruction.paymentInstrument.type");
    if (rules.country && (typeof pi["country"] !== "string" || !/^[A-Z]{2}$/.test(pi["country"]))) return invalid("paymentInstrument.country is required.", "$.instruction.paymentInstrument.country");
    const urls = isObject(ins["resultUrls"]) ? ins["resultUrls"] : {};
    for (const u of rules.urls) {
      if (typeof urls[u] !== "string" || urls[u] === "") return invalid(`resultUrls.${u} is required.`, `$.instruction.resultUrls.${u}`);
    }
    const customer = ins["customer"];
    if (rules.email && (!isObject(customer) || typeof customer["email"] !== "string" || !customer["email"].includes("@"))) {
      return invalid("customer.email is required.", "$.instruction.customer.email");
    }
    for (const f of rules.customer ?? []) {
      if (!isObject(customer) || typeof customer[f] !== "string" || customer[f] === "") return invalid(`customer.${f} is required.`, `$.instruction.customer.${f}`);
    }
    if (rules.currency && value["currency"] !== rules.currency) return invalid(`${method} takes ${rules.currency} only.`, "$.instruction.value.currency");
    if (method === "sepa") {
      const agreement = ins["customerAgreement"];
      const mandate = isObject(agreement) ? agreement["mandate"] : undefined;
      if (!isObject(mandate) || typeof mandate["mandateId"] !== "string" || !/^.{1,35}$/.test(mandate["mandateId"]) || !["oneTime", "recurring"].includes(String(mandate["type"]))) {
        return invalid("customerAgreement.mandate (type, mandateId) is required.", "$.instruction.customerAgreement.mandate");
      }
      if (!isObject(customer)) return invalid("customer is required.", "$.instruction.customer");
      if (typeof pi["iban"] !== "string" || !/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(pi["iban"])) return invalid("paymentInstrument.iban is invalid.", "$.instruction.paymentInstrument.iban");
      if (typeof pi["accountHolderName"] !== "string") return invalid("paymentInstrument.accountHolderName is required.", "$.instruction.paymentInstrument.accountHolderName");
      const b = pi["billingAddress"];
      for (const f of ["address1", "postalCode", "city", "state", "countryCode"]) {
        if (!isObject(b) || typeof b[f] !== "string" || b[f] === "") return invalid(`billingAddress.${f} is required.`, `$.instruction.paymentInstrument.billingAddress.${f}`);
      }
    }
    if (method === "blik") {
      // BlikInstruction: termsAccepted required; false sends the shopper to the pending URL with an error.
      if (typeof ins["termsAccepted"] !== "boolean") return invalid("termsAccepted is required.", "$.instruction.termsAccepted");
      if (ins["termsAccepted"] !== true) return invalid("The customer has not accepted the terms.", "$.instruction.termsAccepted");
    }
    if (method === "klarna_network") {
      if (typeof pi["language"] !== "string" || !/^[a-z]{2}$/.test(pi["language"])) return invalid("paymentInstrument.language is required.", "$.instruction.paymentInstrument.language");
      const order = ins["order"];
      if (!isObject(order) || !Array.isArray(order["items"]) || order["items"].length === 0) return invalid("order.items is required.", "$.instruction.order.items");
      if (typeof order["termsUrl"] !== "string" || order["termsUrl"].length < 1 || order["termsUrl"].length > 1024) return invalid("order.termsUrl is required.", "$.instruction.order.termsUrl");
      let tax = 0;
      let total = 0;
      for (const [k, item] of (order["items"] as unknown[]).entries()) {
        if (!isObject(item)) return invalid("order item is invalid.", `$.instruction.order.items[${k}]`);
        for (const f of ["quantity", "unitCost", "totalTaxAmount", "totalAmount"]) {
          if (typeof item[f] !== "number" || !Number.isInteger(item[f])) return invalid(`${f} is required.`, `$.instruction.order.items[${k}].${f}`);
        }
        if (typeof item["name"] !== "string" || item["name"] === "") return invalid("name is required.", `$.instruction.order.items[${k}].name`);
        if (item["totalAmount"] !== (item["unitCost"] as number) * (item["quantity"] as number)) return invalid("totalAmount does not match unitCost x quantity.", `$.instruction.order.items[${k}].totalAmount`);
        tax += item["totalTaxAmount"] as number;
        total += item["totalAmount"] as number;
      }
      // Worldpay checks the order's tax against its lines; Klarna, the lines against the amount.
      if (order["orderTotalTaxAmount"] !== tax) return invalid("orderTotalTaxAmount does not match the line level tax amounts.", "$.instruction.order.orderTotalTaxAmount");
      if (total !== amount) return invalid("The order lines do not add up to value.amount.", "$.instruction.order.items");
    }
    if (method === "ach") {
      if (!["checking", "savings", "corporate", "corporateSavings"].includes(String(pi["accountType"]))) return invalid("paymentInstrument.accountType is invalid.", "$.instruction.paymentInstrument.accountType");
      if (typeof pi["accountNumber"] !== "string" || !/^\d{1,17}$/.test(pi["accountNumber"])) return invalid("paymentInstrument.accountNumber is invalid.", "$.instruction.paymentInstrument.accountNumber");
      if (typeof pi["routingNumber"] !== "string" || !/^\d{9}$/.test(pi["routingNumber"])) return invalid("paymentInstrument.routingNumber is invalid.", "$.instruction.paymentInstrument.routingNumber");
      if (!isObject(pi["billingAddress"])) return invalid("paymentInstrument.billingAddress is required.", "$.instruction.paymentInstrument.billingAddress");
    }
    const settlement = ins["settlement"];
    const auto = !SETTLED_LATER.includes(method) || (isObject(settlement) && settlement["auto"] === true);
    const paymentId = randomString(120, ALNUM + "-_");
    const answer = rules.answer ?? "page";
    const p: ApmPayment = {
      paymentId,
      method,
      currency: value["currency"],
      ledger: new Ledger(amount),
      auto,
      lastEvent: "pending",
      successUrl: typeof urls["success"] === "string" ? urls["success"] : typeof urls["pending"] === "string" ? urls["pending"] : "http://127.0.0.1/",
    };
    apms.set(paymentId, p);
    // ACH is authorized at once (the APM API's ACH example answers lastEvent authorized, no redirect).
    if (answer === "none") p.lastEvent = "authorized";
    const json: Json = {
      paymentId,
      lastEvent: p.lastEvent,
      _links: { self: { href: `${base()}/apmPayments/${paymentId}` } },
      _actions: {},
      // Swish with the shopper's phone: the Swish app asks them (no image); else the QR code.
      redirect: answer === "page" ? `${base()}/emulator/apm/${paymentId}` : answer === "qr" && !(method === "swish" && isObject(customer) && customer["phone"]) ? QR_PNG : "",
      paymentInstrument: { method, type: "direct" },
      commandId: `cmd${randomString(22, ALNUM)}`,
    };
    // Pix: the QR code's payload (copia e cola); Swish: the payment's token for the app. The
    // emulator's page pays them as the shopper's app would (GET /emulator/apm/{paymentId}).
    if (method === "pix" || method === "swish") json["transactionCode"] = method === "pix" ? `000201-emulator-pix-${paymentId.slice(0, 20)}` : randomString(32, "0123456789ABCDEF");
    return { status: 201, json };
  }

  function apmResource(p: ApmPayment, withActions: boolean): Json {
    const self = `${base()}/apmPayments/${p.paymentId}`;
    const actions: Json = {};
    if (withActions && p.lastEvent === "authorized") {
      actions["settle"] = { href: `${self}/settlements`, method: "POST" };
      actions["partialSettle"] = { href: `${self}/partialSettlements`, method: "POST" };
    }
    if (withActions && p.ledger.refundable > 0) {
      actions["reverse"] = { href: `${self}/reversals`, method: "POST" };
      actions["partialReverse"] = { href: `${self}/partialReversals`, method: "POST" };
    }
    return { paymentId: p.paymentId, lastEvent: p.lastEvent, _links: { self: { href: self } }, _actions: actions };
  }

  /** Settlements (an authorized PayPal payment) and reversals (money given back), `value` required. */
  function apmAct(p: ApmPayment, action: string, body: Json): EmuResponse {
    const v = body["value"];
    if (!isObject(v) || typeof v["amount"] !== "number" || !Number.isInteger(v["amount"]) || v["currency"] !== p.currency) {
      return invalid("value must have the payment's currency and an amount.", "$.value");
    }
    const partial = action.startsWith("partial");
    const reference = body["reference"];
    if (reference !== undefined && (typeof reference !== "string" || !/^[a-zA-Z0-9\\-]{1,128}$/.test(reference))) return invalid("reference is invalid.", "$.reference");
    if (partial && reference === undefined) return invalid("reference is required.", "$.reference");
    const amount = v["amount"];
    if (action === "settlements" || action === "partialSettlements") {
      if (p.lastEvent !== "authorized" && !(partial && p.ledger.capturable > 0 && p.ledger.captured > 0)) return error(400, "paymentNotFound", "Payment resource not found.");
      if (!partial && amount !== p.ledger.capturable) return invalid("value.amount must be what is left to settle.", "$.value.amount");
      const refused = p.ledger.capture(amount);
      if (refused) return invalid(`The settlement is not possible (${refused.kind}).`, "$.value.amount");
      p.lastEvent = "sentForSettlement";
      return { status: 202, json: { ...apmResource(p, false), _actions: {}, commandId: `cmd${randomString(22, ALNUM)}` } };
    }
    if (!partial && amount !== p.ledger.refundable) return invalid("value.amount must be what is left to reverse.", "$.value.amount");
    const refused = p.ledger.refund(amount);
    if (refused) return invalid(`The reversal is not possible (${refused.kind}).`, "$.value.amount");
    p.lastEvent = "sentForRefund";
    return { status: 202, json: { ...apmResource(p, false), _actions: {}, commandId: `cmd${randomString(22, ALNUM)}` } };
  }

  function apmApi(req: EmuRequest, body: Json): EmuResponse {
    if (req.method === "POST" && req.path === "/apmPayments") return apmPay(body);
    const m = /^\/apmPayments\/([^/]+)(?:\/(\w+))?$/.exec(req.path);
    const p = m ? apms.get(m[1]!) : undefined;
    if (!m || !p) return error(404, "paymentNotFound", "Payment resource not found.");
    if (req.method === "GET" && !m[2]) return { status: 200, json: apmResource(p, true) };
    if (req.method === "POST" && ["settlements", "partialSettlements", "reversals", "partialReversals"].includes(m[2] ?? "")) return apmAct(p, m[2]!, body);
    return notFound();
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
    // The APM's page, opened by the shopper's browser (no API call): paying there completes the
    // payment (authorized for PayPal with settlement.auto false, else sentForSettlement) and sends
    // the shopper back to resultUrls.success.
    const page = req.method === "GET" ? /^\/emulator\/apm\/([^/]+)$/.exec(req.path) : null;
    if (page) {
      const p = apms.get(page[1]!);
      if (!p) return notFound();
      if (p.lastEvent === "pending") {
        if (p.auto) p.ledger.capture(p.ledger.capturable);
        p.lastEvent = p.auto ? "sentForSettlement" : "authorized";
      }
      return redirectBack(p.successUrl, {});
    }
    if (!authorized(req)) return error(401, "accessDenied", "Access to the requested resource has been denied.");
    if (req.path.startsWith("/tokens/")) return tokensApi(req);
    const version = header(req, "wp-api-version");
    if (version === undefined) return error(406, "headerIsMissing", "A valid header must be provided.", { headerName: "WP-Api-Version" });
    const apm = req.path === "/apmPayments" || req.path.startsWith("/apmPayments/");
    if (version !== (apm ? APM_API_VERSION : API_VERSION)) return error(415, "headerHasInvalidValue", "A valid header must be provided.", { headerName: "WP-Api-Version" });
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
    if (apm) return apmApi(req, body);
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
    if (req.method === "POST" && (m[2] === "3dsDeviceData" || m[2] === "3dsChallenges")) return continueThreeDs(data, m[2], body);
    if (req.method === "POST" && m[2]) return act(data, m[2], body);
    return notFound();
  }

  return { handle };
}

export const emulator: ConnectorEmulator = { create: createWorldpayEmulator };

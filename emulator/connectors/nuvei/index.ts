// Nuvei emulator (REST API v1): POST /ppp/api/v1/getSessionToken.do, payment.do,
// settleTransaction.do, voidTransaction.do, refundTransaction.do, getTransactionDetails.do.
//
// From Nuvei's own material: the API reference (https://docs.nuvei.com/api/main/indexMain_v1_0.html)
// and the official SDKs (npm `nuvei`, SafeChargeInternational/safecharge-php) for each call's
// fields and checksum order (SHA-256 hex of the listed values, then the merchant secret key);
// "API Authentication and the Session Token" (a session lasts 15 minutes and serves one order);
// "Response Handling" (HTTP 200 for everything: `status` SUCCESS/ERROR with `errCode`/`reason`
// from its API Response Codes table, then `transactionStatus` APPROVED/DECLINED/ERROR with
// `gwErrorCode` -1 and the issuer's `gwErrorReason` for a decline); "Auth and Settle" (several
// partial settles up to the authorized amount); Refund (several, partial, of a Settle or Sale);
// Void (of an Auth, Settle or Sale). Test cards: 4000023104662535 is approved, 5333463046218753
// declined "Do Not Honor" (Nuvei's testing cards).
// DMNs ("Payment DMNs"): when the emulator has a webhook target for `nuvei`, every transaction is
// notified as Nuvei does it, form parameters POSTed with `advanceResponseChecksum` = SHA-256 hex of
// the secret key then totalAmount, currency, responseTimeStamp, PPP_TransactionID, Status, productId.
import { createHash, randomUUID } from "node:crypto";

import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { luhnValid } from "../../core/cards.js";
import { DIGITS, randomString } from "../../core/ids.js";
import { isObject, type Json } from "../../core/json.js";
import { formatDecimal, parseDecimal } from "../../core/money.js";
import { CURRENCY_EXPONENTS } from "../../../protocol/currencies.generated.js";
import { deliver } from "../../core/webhooks.js";

/** The emulator's merchant; any other merchantId, site or secret fails the checksum (1001). */
export const NUVEI_MERCHANT_ID = "4797481737305972380";
export const NUVEI_MERCHANT_SITE_ID = "180083";
export const NUVEI_SECRET_KEY = "NuveiEmulatorSecretKey0000";

const SESSION_MS = 15 * 60 * 1000;
/** Issuer declines by card number (gwErrorCode -1, gwErrorReason). */
const DECLINE_CARDS: Record<string, string> = {
  "5333463046218753": "Do Not Honor",
};

type Kind = "Auth" | "Sale" | "Settle" | "Void" | "Credit";
interface Txn {
  id: string;
  type: Kind;
  status: "APPROVED" | "DECLINED" | "ERROR";
  amount: number; // minor units
  currency: string;
  authCode: string;
  related?: string;
  clientUniqueId?: string;
  settled: number;
  refunded: number;
  voided: boolean;
  gwErrorCode: number;
  gwErrorReason: string;
}

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const text = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const exponentOf = (currency: string): number | undefined => (CURRENCY_EXPONENTS as Record<string, number>)[currency];

/** The answer of a refused request: HTTP 200, status ERROR, the API Response Codes' errCode. */
function refused(errCode: number, reason: string, body: Json = {}): EmuResponse {
  return {
    status: 200,
    json: {
      internalRequestId: Number(randomString(9, DIGITS).replace(/^0/, "1")),
      status: "ERROR",
      errCode,
      reason,
      merchantId: text(body.merchantId),
      merchantSiteId: text(body.merchantSiteId),
      version: "1.0",
      ...(body.clientRequestId !== undefined ? { clientRequestId: text(body.clientRequestId) } : {}),
    },
  };
}

function ok(body: Json, fields: Json): EmuResponse {
  return {
    status: 200,
    json: {
      ...fields,
      internalRequestId: Number(randomString(9, DIGITS).replace(/^0/, "1")),
      status: "SUCCESS",
      errCode: 0,
      reason: "",
      merchantId: text(body.merchantId),
      merchantSiteId: text(body.merchantSiteId),
      version: "1.0",
      ...(body.clientRequestId !== undefined ? { clientRequestId: text(body.clientRequestId) } : {}),
    },
  };
}

/** Each call's checksum fields, in order, as the SDKs list them (the secret key comes last). */
const CHECKSUM_FIELDS: Record<string, string[]> = {
  getSessionToken: ["merchantId", "merchantSiteId", "clientRequestId", "timeStamp"],
  payment: ["merchantId", "merchantSiteId", "clientRequestId", "amount", "currency", "timeStamp"],
  settleTransaction: [
    "merchantId", "merchantSiteId", "clientRequestId", "clientUniqueId", "amount", "currency", "relatedTransactionId", "authCode",
    "descriptorMerchantName", "descriptorMerchantPhone", "comment", "urlDetails", "timeStamp",
  ],
  voidTransaction: ["merchantId", "merchantSiteId", "clientRequestId", "clientUniqueId", "amount", "currency", "relatedTransactionId", "authCode", "comment", "urlDetails", "timeStamp"],
  refundTransaction: ["merchantId", "merchantSiteId", "clientRequestId", "clientUniqueId", "amount", "currency", "relatedTransactionId", "authCode", "comment", "urlDetails", "timeStamp"],
  getTransactionDetails: ["merchantId", "merchantSiteId", "transactionId", "clientUniqueId", "timeStamp"],
  deleteUPO: ["merchantId", "merchantSiteId", "userTokenId", "clientRequestId", "userPaymentOptionId", "timeStamp"],
};

function expectedChecksum(method: string, body: Json): string {
  const values = CHECKSUM_FIELDS[method]!.map((f) => {
    const v = body[f];
    if (f === "urlDetails") return isObject(v) ? text(v.notificationUrl) : "";
    return text(v);
  });
  return sha256(values.join("") + NUVEI_SECRET_KEY);
}

export function createNuveiEmulator(ctx: EmuContext): EmuMount {
  const sessions = new Map<string, { created: number; used: boolean }>();
  const txns = new Map<string, Txn>();
  /** Saved cards (user payment options): id → the user they belong to and the card number. */
  const upos = new Map<string, { user: string; number: string }>();

  const newId = () => `711${randomString(15, DIGITS)}`;

  /** The amount in minor units, exact with the currency's ISO decimals, or null. */
  function amountOf(body: Json): { minor: number; currency: string } | null {
    const currency = text(body.currency);
    const exponent = exponentOf(currency);
    if (exponent === undefined) return null;
    const minor = parseDecimal(body.amount, exponent);
    return minor === null ? null : { minor, currency };
  }

  function details(t: Txn): Json {
    const exponent = exponentOf(t.currency) ?? 2;
    return {
      transactionStatus: t.status,
      transactionType: t.type,
      transactionId: t.id,
      authCode: t.authCode,
      gwErrorCode: t.gwErrorCode,
      gwErrorReason: t.gwErrorReason,
      gwExtendedErrorCode: 0,
      processedAmount: formatDecimal(t.amount, exponent),
      processedCurrency: t.currency,
      ...(t.related ? { relatedTransactionId: t.related } : {}),
    };
  }

  function outcome(body: Json, t: Txn): EmuResponse {
    return ok(body, {
      transactionStatus: t.status,
      gwErrorCode: t.gwErrorCode,
      ...(t.gwErrorReason ? { gwErrorReason: t.gwErrorReason } : {}),
      gwExtendedErrorCode: 0,
      transactionType: t.type,
      transactionId: t.id,
      externalTransactionId: "",
      authCode: t.authCode,
      ...(t.clientUniqueId !== undefined ? { clientUniqueId: t.clientUniqueId } : {}),
    });
  }

  /** `responseTimeStamp` as DMNs write it: YYYY-MM-DD.HH:mm:ss. */
  const dmnTime = () => new Date().toISOString().slice(0, 19).replace("T", ".");

  /** The DMN of transaction `t`, signed with the target's secret (the merchant secret key). */
  function notify(t: Txn): void {
    void deliver(ctx, (secret) => {
      const fields: Record<string, string> = {
        ppp_status: t.status === "APPROVED" ? "OK" : "FAIL",
        Status: t.status,
        ErrCode: String(t.gwErrorCode),
        ExErrCode: "0",
        ...(t.gwErrorReason ? { Reason: t.gwErrorReason } : {}),
        PPP_TransactionID: randomString(9, DIGITS).replace(/^0/, "1"),
        TransactionID: t.id,
        ...(t.related ? { relatedTransactionId: t.related } : {}),
        ...(t.clientUniqueId ? { clientUniqueId: t.clientUniqueId } : {}),
        merchant_id: NUVEI_MERCHANT_ID,
        merchant_site_id: NUVEI_MERCHANT_SITE_ID,
        responseTimeStamp: dmnTime(),
        productId: "",
        totalAmount: formatDecimal(t.amount, exponentOf(t.currency) ?? 2),
        currency: t.currency,
        transactionType: t.type,
        ...(t.authCode ? { AuthCode: t.authCode } : {}),
      };
      const signed = [secret, fields.totalAmount, fields.currency, fields.responseTimeStamp, fields.PPP_TransactionID, fields.Status, fields.productId].join("");
      fields.advanceResponseChecksum = sha256(signed);
      return { body: new URLSearchParams(fields).toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } };
    });
  }

  function record(t: Omit<Txn, "id" | "authCode" | "settled" | "refunded" | "voided">): Txn {
    const txn: Txn = { ...t, id: newId(), authCode: t.status === "APPROVED" ? randomString(6, DIGITS) : "", settled: 0, refunded: 0, voided: false };
    txns.set(txn.id, txn);
    notify(txn);
    return txn;
  }

  function payment(body: Json): EmuResponse {
    const token = text(body.sessionToken);
    const session = sessions.get(token);
    if (!session) return refused(1065, "Invalid token", body);
    if (Date.now() - session.created > SESSION_MS) return refused(1069, "Session expired", body);
    if (session.used) return refused(1064, "Invalid session token. There can be only one order per session token.", body);
    const money = amountOf(body);
    const kind = text(body.transactionType) || "Sale";
    if (kind !== "Auth" && kind !== "Sale") return refused(1067, "Invalid or missing transaction type", body);
    // "Zero-Authorization": an Auth of amount 0 checks (and saves) a card.
    if (!money || money.minor < 0 || (money.minor === 0 && kind !== "Auth")) return refused(1040, "Invalid or missing amount", body);
    const option = isObject(body.paymentOption) ? body.paymentOption : {};
    const user = text(body.userTokenId);
    if (option.userPaymentOptionId !== undefined) {
      // A payment with a saved card: it must be this user's.
      const upo = upos.get(text(option.userPaymentOptionId));
      if (!upo || upo.user !== user) return refused(1011, "Missing or invalid UserPaymentOption data", body);
      session.used = true;
      const t = record({ type: kind, status: "APPROVED", amount: money.minor, currency: money.currency, clientUniqueId: text(body.clientUniqueId), gwErrorCode: 0, gwErrorReason: "" });
      if (kind === "Sale") t.settled = t.amount;
      ctx.log(`nuvei: ${kind} with saved card ${text(option.userPaymentOptionId)} (isRebilling ${text(body.isRebilling)}) ${body.amount} ${money.currency} → ${t.status} ${t.id}`);
      const answer = outcome(body, t);
      Object.assign(answer.json as Json, { sessionToken: token, userTokenId: user, paymentOption: { userPaymentOptionId: text(option.userPaymentOptionId), card: {} } });
      return answer;
    }
    const card = isObject(option.card) ? option.card : null;
    if (!card) return refused(1060, "Missing or invalid payment data", body);
    if (!text(card.cardHolderName)) return refused(1007, "Invalid name on card", body);
    // A ccTempToken from the Web SDK stands for the approved test card.
    const number = card.ccTempToken ? "4000023104662535" : text(card.cardNumber);
    if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) return refused(1004, "Missing or invalid CardData data", body);
    if (!card.ccTempToken) {
      const month = Number(text(card.expirationMonth));
      const year = Number(text(card.expirationYear).length === 2 ? `20${text(card.expirationYear)}` : text(card.expirationYear));
      if (!(month >= 1 && month <= 12) || !(year >= 2000)) return refused(1029, "Invalid expired date", body);
      if (card.CVV !== undefined && !/^\d{3,4}$/.test(text(card.CVV))) return refused(1062, "Invalid CVV", body);
    }
    session.used = true;
    const decline = DECLINE_CARDS[number];
    const t = record({
      type: kind,
      status: decline ? "DECLINED" : "APPROVED",
      amount: money.minor,
      currency: money.currency,
      clientUniqueId: text(body.clientUniqueId),
      gwErrorCode: decline ? -1 : 0,
      gwErrorReason: decline ?? "",
    });
    if (t.status === "APPROVED" && kind === "Sale") t.settled = t.amount;
    ctx.log(`nuvei: ${kind} ${ctx.maskPan(number)} ${body.amount} ${money.currency} → ${t.status} ${t.id}`);
    const answer = outcome(body, t);
    (answer.json as Json).sessionToken = token;
    (answer.json as Json).orderId = randomString(9, DIGITS).replace(/^0/, "1");
    if (user) (answer.json as Json).userTokenId = user;
    // A card paid with a userTokenId is saved for the user: its userPaymentOptionId comes back.
    let upoId = "";
    if (user && t.status === "APPROVED") {
      upoId = randomString(8, DIGITS).replace(/^0/, "2");
      upos.set(upoId, { user, number });
    }
    (answer.json as Json).paymentOption = { userPaymentOptionId: upoId, card: { ccCardNumber: `${number.slice(0, 1)}****${number.slice(-4)}`, last4Digits: number.slice(-4) } };
    return answer;
  }

  /** A gateway refusal of an operation: transactionStatus ERROR, gwErrorCode -1100 (filter error). */
  function operationError(body: Json, type: Kind, money: { minor: number; currency: string }, reason: string): EmuResponse {
    const t = record({ type, status: "ERROR", amount: money.minor, currency: money.currency, related: text(body.relatedTransactionId), gwErrorCode: -1100, gwErrorReason: reason });
    return outcome(body, t);
  }

  function operation(method: string, body: Json): EmuResponse {
    const money = amountOf(body);
    if (!money || money.minor <= 0) return refused(1040, "Invalid or missing amount", body);
    const related = txns.get(text(body.relatedTransactionId));
    const type: Kind = method === "settleTransaction" ? "Settle" : method === "voidTransaction" ? "Void" : "Credit";
    if (!related || related.status !== "APPROVED") return operationError(body, type, money, "Transaction not found or not approved");
    if (money.currency !== related.currency) return refused(1041, "Invalid or missing amount currency", body);
    const unique = body.clientUniqueId !== undefined ? text(body.clientUniqueId) : undefined;
    if (type === "Settle") {
      if (related.type !== "Auth" || related.voided) return operationError(body, type, money, "Only an open Auth can be settled");
      if (related.settled + money.minor > related.amount) return operationError(body, type, money, "Settle amount exceeds the authorized amount");
      related.settled += money.minor;
      const t = record({ type, status: "APPROVED", amount: money.minor, currency: money.currency, related: related.id, clientUniqueId: unique, gwErrorCode: 0, gwErrorReason: "" });
      t.settled = money.minor;
      return outcome(body, t);
    }
    if (type === "Void") {
      if (related.voided || related.refunded > 0) return operationError(body, type, money, "The transaction cannot be voided");
      if (related.type === "Auth" && related.settled > 0) return operationError(body, type, money, "A settled Auth is voided through its Settle");
      if (money.minor !== related.amount) return operationError(body, type, money, "The void amount must be the transaction's amount");
      related.voided = true;
      if (related.related && related.type === "Settle") {
        const auth = txns.get(related.related);
        if (auth) auth.settled -= related.amount;
      }
      return outcome(body, record({ type, status: "APPROVED", amount: money.minor, currency: money.currency, related: related.id, clientUniqueId: unique, gwErrorCode: 0, gwErrorReason: "" }));
    }
    if (related.type !== "Settle" && related.type !== "Sale") return operationError(body, type, money, "Only a Settle or a Sale can be refunded");
    if (related.voided || related.refunded + money.minor > related.settled) return operationError(body, type, money, "Credit amount exceeds the refundable amount");
    related.refunded += money.minor;
    return outcome(body, record({ type, status: "APPROVED", amount: money.minor, currency: money.currency, related: related.id, clientUniqueId: unique, gwErrorCode: 0, gwErrorReason: "" }));
  }

  function handle(req: EmuRequest): EmuResponse {
    const m = /^\/ppp\/api\/v1\/(\w+)\.do$/.exec(req.path);
    if (req.method !== "POST" || !m) return { status: 404, text: "Not Found" };
    const method = m[1]!;
    if (!CHECKSUM_FIELDS[method]) return { status: 404, text: "Not Found" };
    let body: Json;
    try {
      const parsed: unknown = JSON.parse(req.rawBody);
      if (!isObject(parsed)) return refused(1066, "Invalid request");
      body = parsed;
    } catch {
      return refused(1066, "Invalid request");
    }
    if (!/^\d{14}$/.test(text(body.timeStamp))) return refused(1021, "Invalid timestamp", body);
    if (text(body.merchantId) !== NUVEI_MERCHANT_ID) return refused(1013, "Invalid merchant ID", body);
    if (text(body.merchantSiteId) !== NUVEI_MERCHANT_SITE_ID) return refused(1022, "Invalid merchant site ID", body);
    if (text(body.checksum) !== expectedChecksum(method, body)) return refused(1001, "Invalid checksum", body);
    switch (method) {
      case "getSessionToken": {
        const token = randomUUID();
        sessions.set(token, { created: Date.now(), used: false });
        return ok(body, { sessionToken: token });
      }
      case "payment":
        return payment(body);
      case "deleteUPO": {
        const id = text(body.userPaymentOptionId);
        const upo = upos.get(id);
        if (!upo || upo.user !== text(body.userTokenId)) return refused(1011, "Missing or invalid UserPaymentOption data", body);
        upos.delete(id);
        return ok(body, {});
      }
      case "getTransactionDetails": {
        const t = txns.get(text(body.transactionId));
        if (!t) return refused(9146, "No transaction details returned for the provided ID", body);
        return ok(body, { transactionDetails: details(t), ...(t.clientUniqueId !== undefined ? { clientUniqueId: t.clientUniqueId } : {}) });
      }
      default:
        return operation(method, body);
    }
  }

  return { handle };
}

export const emulator: ConnectorEmulator = { create: createNuveiEmulator };

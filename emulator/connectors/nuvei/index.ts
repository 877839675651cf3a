// Nuvei emulator (REST API v1): POST /ppp/api/v1/getSessionToken.do, payment.do (cards, Web SDK
// tokens, Apple Pay / Google Pay externalToken, externalMpi, APMs answered REDIRECT with GET
// /apm/<transactionId> as the provider's page that approves and sends the shopper back, or PENDING
// for a Direct APM; a mobile money one is approved on the phone, which the emulator-only
// POST /collect/<transactionId> stands for),
// settleTransaction.do, voidTransaction.do, refundTransaction.do, getTransactionDetails.do,
// and the 3-D Secure Nuvei runs ("Server-to-Server REST 1.0"): initPayment.do (an InitAuth3D with
// threeD.v2supported, version, methodUrl, methodPayload), then payment.do with relatedTransactionId
// and the threeD block (APPROVED frictionless, or REDIRECT with threeD.acsUrl and cReq: the
// challenge page is POST /acs/<transactionId>, which sends the shopper to notificationURL with
// cres), then the liability-shift payment.do (relatedTransactionId the challenged payment, the card
// or its userPaymentOptionId). Nuvei's 3DS test cardholder names pick the outcome: "CL-BRW1"
// (as in its Java SDK's sample) is challenged, any other name frictionless.
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
import { redirectBack } from "../../core/redirect.js";

/** The emulator's merchant; any other merchantId, site or secret fails the checksum (1001). */
export const NUVEI_MERCHANT_ID = "4797481737305972380";
export const NUVEI_MERCHANT_SITE_ID = "180083";
export const NUVEI_SECRET_KEY = "NuveiEmulatorSecretKey0000";

const SESSION_MS = 15 * 60 * 1000;
/** The APMs the emulator's merchant has enabled, as its getMerchantPaymentMethods would list them
 * (Nuvei's APM guides: paymentMethod, the currency and country each takes, its input fields).
 * `direct`: a "Direct" workflow APM (SEPA, ACH) answers PENDING with no page to visit; the others
 * answer REDIRECT. apmgw_MBWay stands for an APM no public guide names, which a merchant learns
 * from getMerchantPaymentMethods; so does apmgw_MPesa, a mobile money operator's Direct APM: PENDING
 * until the shopper approves the operator's prompt on the phone, which must be the payer's
 * (`phone`: billingAddress and userDetails, as Nuvei's Local Payments Africa guide requires it).
 * Any other name is not enabled (1068). */
const APMS: Record<string, { currency?: string; country?: string; fields?: string[]; direct?: boolean; phone?: boolean }> = {
  apmgw_iDeal: { currency: "EUR" },
  apmgw_Sofort: {},
  apmgw_P24: { currency: "PLN" },
  apmgw_klarna: {},
  apmgw_Oxxo: { currency: "MXN", country: "MX" },
  apmgw_expresscheckout: {},
  apmgw_Sepa: { currency: "EUR", fields: ["iban", "verification_email"], direct: true },
  apmgw_ACH: { currency: "USD", country: "US", fields: ["AccountNumber", "RoutingNumber"], direct: true },
  apmgw_AlipayHK: { currency: "HKD", country: "HK" },
  apmgw_GCash: { currency: "PHP", country: "PH" },
  apmgw_MBWay: { currency: "EUR", country: "PT" },
  apmgw_MPesa: { currency: "KES", country: "KE", direct: true, phone: true },
};
/** What an Apple Pay or Google Pay token stands for here: Nuvei's approved test card. */
const WALLET_CARD = "4000023104662535";
/** Issuer declines by card number (gwErrorCode -1, gwErrorReason). */
const DECLINE_CARDS: Record<string, string> = {
  "5333463046218753": "Do Not Honor",
};

type Kind = "Auth" | "Sale" | "Settle" | "Void" | "Credit";
interface Txn {
  id: string;
  type: Kind;
  status: "APPROVED" | "DECLINED" | "ERROR" | "PENDING";
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
  initPayment: ["merchantId", "merchantSiteId", "clientRequestId", "amount", "currency", "timeStamp"],
  openOrder: ["merchantId", "merchantSiteId", "clientRequestId", "amount", "currency", "timeStamp"],
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
  /** Nuvei's 3-D Secure chains: the InitAuth3D or challenged payment's id → what the next call continues. */
  const chains = new Map<string, { session: string; number: string; holder: string; minor: number; currency: string; step: "init" | "challenge"; kind: string; user: string; upo: string; notification: string; challenged: boolean }>();

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
    // A pending APM payment is notified when the shopper has approved it at the provider.
    if (txn.status !== "PENDING") notify(txn);
    return txn;
  }

  /** Where each pending APM payment sends the shopper back to (urlDetails.successUrl). */
  const apmReturns = new Map<string, string>();

  /** `paymentOption.alternativePaymentMethod`: a Sale the shopper approves at the provider's page
   * (here `/apm/<transactionId>`); the answer is transactionStatus REDIRECT with its redirectUrl. */
  function apmPayment(body: Json, apm: Json, money: { minor: number; currency: string }, kind: string, session: { used: boolean }): EmuResponse {
    const name = text(apm.paymentMethod);
    if (!name) return refused(1060, "Missing or invalid payment data", body);
    // The Java SDK's PaymentOption: alternativePaymentMethod is a Map<String, String>.
    if (Object.values(apm).some((v) => typeof v !== "string")) return refused(1060, "Missing or invalid payment data", body);
    const rules = APMS[name];
    if (!rules) return refused(1068, "Payment method is not enabled", body);
    for (const field of rules.fields ?? []) if (!text(apm[field])) return refused(1060, `Missing or invalid ${field}`, body);
    if (kind !== "Sale") return refused(1067, "Invalid or missing transaction type", body);
    if (!text(body.userTokenId)) return refused(1060, "Missing or invalid userTokenId", body);
    const device = isObject(body.deviceDetails) ? body.deviceDetails : {};
    if (!text(device.ipAddress)) return refused(1060, "Missing or invalid ipAddress", body);
    if (rules.currency && money.currency !== rules.currency) return refused(1041, "Invalid or missing amount currency", body);
    const billing = isObject(body.billingAddress) ? body.billingAddress : {};
    if (rules.country && text(billing.country) !== rules.country) return refused(1060, "Invalid country for the payment method", body);
    if (rules.phone) {
      // The operator pushes the approval to the payer's phone: billingAddress and userDetails, the
      // country code and digits (up to the SDK's 18 characters).
      const user = isObject(body.userDetails) ? body.userDetails : {};
      for (const phone of [billing.phone, user.phone]) if (!/^\d{7,15}$/.test(text(phone))) return refused(1060, "Missing or invalid phone", body);
    }
    session.used = true;
    const t = record({ type: "Sale", status: "PENDING", amount: money.minor, currency: money.currency, clientUniqueId: text(body.clientUniqueId), gwErrorCode: 0, gwErrorReason: "" });
    const urls = isObject(body.urlDetails) ? body.urlDetails : {};
    apmReturns.set(t.id, text(urls.successUrl) || "http://127.0.0.1/");
    ctx.log(`nuvei: ${name} Sale ${body.amount} ${money.currency} → ${rules.direct ? "PENDING" : "REDIRECT"} ${t.id}`);
    return ok(body, {
      orderId: randomString(9, DIGITS).replace(/^0/, "1"),
      userTokenId: text(body.userTokenId),
      paymentOption: rules.direct
        ? { userPaymentOptionId: "", card: {} }
        : { redirectUrl: `${ctx.origin}${ctx.mountPrefix}/apm/${t.id}`, userPaymentOptionId: "", card: {} },
      transactionStatus: rules.direct ? "PENDING" : "REDIRECT",
      gwErrorCode: 0,
      gwExtendedErrorCode: 0,
      transactionType: "Sale",
      transactionId: t.id,
      externalTransactionId: "",
      authCode: "",
      sessionToken: text(body.sessionToken),
      clientUniqueId: text(body.clientUniqueId),
    });
  }

  /** `card.externalToken` (Apple Pay, Google Pay): an encrypted mobileToken (JSON text), or the
   * decrypted DPAN with its cryptogram. The card number it pays with, or a refusal. */
  function walletCard(card: Json, token: Json): string | { errCode: number; reason: string } {
    const provider = text(token.externalTokenProvider);
    if (provider !== "ApplePay" && provider !== "GooglePay") return { errCode: 1060, reason: "Invalid externalTokenProvider" };
    if (token.mobileToken !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text(token.mobileToken));
      } catch {
        return { errCode: 1060, reason: "Invalid mobileToken" };
      }
      const shape = ({ ApplePay: "paymentData", GooglePay: "signedMessage" } as const)[provider];
      if (!isObject(parsed) || parsed[shape] === undefined) return { errCode: 1060, reason: "Invalid mobileToken" };
      return WALLET_CARD;
    }
    if (!text(token.cryptogram)) return { errCode: 1060, reason: "Missing cryptogram" };
    return text(card.cardNumber);
  }

  /** A card's details checked as /payment checks them: its number, or a refusal. */
  function plainCard(card: Json, body: Json): string | EmuResponse {
    if (!text(card.cardHolderName)) return refused(1007, "Invalid name on card", body);
    const number = text(card.cardNumber);
    if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) return refused(1004, "Missing or invalid CardData data", body);
    const month = Number(text(card.expirationMonth));
    const year = Number(text(card.expirationYear).length === 2 ? `20${text(card.expirationYear)}` : text(card.expirationYear));
    if (!(month >= 1 && month <= 12) || !(year >= 2000)) return refused(1029, "Invalid expired date", body);
    if (card.CVV !== undefined && !/^\d{3,4}$/.test(text(card.CVV))) return refused(1062, "Invalid CVV", body);
    return number;
  }

  /** /initPayment: the start of Nuvei's 3-D Secure: an InitAuth3D with the issuer's 3DS Method page. */
  function initPayment(body: Json): EmuResponse {
    const token = text(body.sessionToken);
    const session = sessions.get(token);
    if (!session) return refused(1065, "Invalid token", body);
    if (Date.now() - session.created > SESSION_MS) return refused(1069, "Session expired", body);
    if (session.used) return refused(1064, "Invalid session token. There can be only one order per session token.", body);
    const money = amountOf(body);
    if (!money || money.minor <= 0) return refused(1040, "Invalid or missing amount", body);
    const option = isObject(body.paymentOption) ? body.paymentOption : {};
    const card = isObject(option.card) ? option.card : null;
    if (!card) return refused(1060, "Missing or invalid payment data", body);
    const number = plainCard(card, body);
    if (typeof number !== "string") return number;
    const threeD = isObject(card.threeD) ? card.threeD : {};
    session.used = true;
    const id = newId();
    const serverTransId = randomUUID();
    chains.set(id, {
      session: token, number, holder: text(card.cardHolderName), minor: money.minor, currency: money.currency, step: "init", kind: "", user: text(body.userTokenId),
      upo: "", notification: "", challenged: false,
    });
    ctx.log(`nuvei: initPayment ${ctx.maskPan(number)} ${body.amount} ${money.currency} → InitAuth3D ${id}`);
    const methodPayload = Buffer.from(JSON.stringify({ threeDSServerTransID: serverTransId, threeDSMethodNotificationURL: text(threeD.methodNotificationUrl) })).toString("base64");
    return ok(body, {
      orderId: randomString(9, DIGITS).replace(/^0/, "1"),
      userTokenId: text(body.userTokenId),
      transactionId: id,
      transactionType: "InitAuth3D",
      transactionStatus: "APPROVED",
      gwErrorCode: 0,
      gwExtendedErrorCode: 0,
      paymentOption: {
        card: {
          ccCardNumber: `${number.slice(0, 1)}****${number.slice(-4)}`, bin: number.slice(0, 6), last4Digits: number.slice(-4),
          threeD: { methodUrl: `${ctx.origin}${ctx.mountPrefix}/3ds-method`, version: "2.1.0", v2supported: "true", methodPayload, serverTransId },
        },
      },
      sessionToken: token,
      clientUniqueId: text(body.clientUniqueId),
    });
  }

  /** /payment continuing a 3-D Secure chain (relatedTransactionId an InitAuth3D or a challenged payment). */
  function threeDsPayment(body: Json, chainId: string): EmuResponse {
    const chain = chains.get(chainId)!;
    const token = text(body.sessionToken);
    if (token !== chain.session) return refused(1064, "Invalid session token. There can be only one order per session token.", body);
    const money = amountOf(body);
    if (!money || money.minor !== chain.minor || money.currency !== chain.currency) return refused(1040, "Invalid or missing amount", body);
    const kind = text(body.transactionType) || "Sale";
    if (kind !== "Auth" && kind !== "Sale") return refused(1067, "Invalid or missing transaction type", body);
    const option = isObject(body.paymentOption) ? body.paymentOption : {};
    const user = text(body.userTokenId);
    // The card again: its details, or the user payment option the challenged payment saved.
    let number: string;
    if (option.userPaymentOptionId !== undefined) {
      const upo = upos.get(text(option.userPaymentOptionId));
      if (!upo || upo.user !== user) return refused(1011, "Missing or invalid UserPaymentOption data", body);
      number = upo.number;
    } else {
      const card = isObject(option.card) ? option.card : null;
      if (!card) return refused(1060, "Missing or invalid payment data", body);
      const checked = plainCard(card, body);
      if (typeof checked !== "string") return checked;
      number = checked;
    }
    if (number !== chain.number) return refused(1060, "Missing or invalid payment data", body);
    const base = { orderId: randomString(9, DIGITS).replace(/^0/, "1"), sessionToken: token, ...(user ? { userTokenId: user } : {}) };
    if (chain.step === "init") {
      const card = isObject(option.card) ? option.card : {};
      const threeD = isObject(card.threeD) ? card.threeD : {};
      const browser = isObject(threeD.browserDetails) ? threeD.browserDetails : {};
      if (!text(threeD.notificationURL) || !text(browser.acceptHeader) || !text(browser.userAgent) || !text(browser.ip)) {
        return refused(1060, "Missing or invalid threeD data", body);
      }
      if (!["Y", "N", "U"].includes(text(threeD.methodCompletionInd))) return refused(1060, "Missing or invalid methodCompletionInd", body);
      chains.delete(chainId);
      if (chain.holder === "CL-BRW1" && !DECLINE_CARDS[number]) {
        // The issuer's challenge: the card is saved for the user now, for the liability-shift payment.
        const id = newId();
        let upo = "";
        if (user) {
          upo = randomString(8, DIGITS).replace(/^0/, "2");
          upos.set(upo, { user, number });
        }
        chains.set(id, { ...chain, step: "challenge", kind, user, upo, notification: text(threeD.notificationURL), challenged: false });
        const cReq = Buffer.from(JSON.stringify({ threeDSServerTransID: randomUUID(), messageType: "CReq", messageVersion: "2.1.0", challengeWindowSize: "05" })).toString("base64url");
        ctx.log(`nuvei: 3DS payment ${ctx.maskPan(number)} ${body.amount} ${money.currency} → REDIRECT (challenge) ${id}`);
        return ok(body, {
          ...base,
          transactionStatus: "REDIRECT",
          gwErrorCode: 0,
          gwExtendedErrorCode: 0,
          transactionType: kind,
          transactionId: id,
          paymentOption: { userPaymentOptionId: upo, card: { threeD: { acsUrl: `${ctx.origin}${ctx.mountPrefix}/acs/${id}`, cReq, version: "2.1.0", acsChallengeMandated: "N" } } },
          clientUniqueId: text(body.clientUniqueId),
        });
      }
    } else {
      // The liability-shift payment: only after the shopper completed the challenge.
      if (!chain.challenged) return refused(1058, "Requested operation cannot be performed on this order", body);
      chains.delete(chainId);
    }
    const decline = DECLINE_CARDS[number];
    const t = record({ type: kind, status: decline ? "DECLINED" : "APPROVED", amount: money.minor, currency: money.currency, clientUniqueId: text(body.clientUniqueId), gwErrorCode: decline ? -1 : 0, gwErrorReason: decline ?? "" });
    if (t.status === "APPROVED" && kind === "Sale") t.settled = t.amount;
    ctx.log(`nuvei: 3DS ${chain.step === "init" ? "frictionless" : "liability-shift"} ${kind} ${ctx.maskPan(number)} → ${t.status} ${t.id}`);
    const answer = outcome(body, t);
    Object.assign(answer.json as Json, base, { paymentOption: { userPaymentOptionId: chain.upo, card: { threeD: { eci: "05", version: "2.1.0" } } } });
    return answer;
  }

  function payment(body: Json): EmuResponse {
    const token = text(body.sessionToken);
    const session = sessions.get(token);
    if (!session) return refused(1065, "Invalid token", body);
    if (Date.now() - session.created > SESSION_MS) return refused(1069, "Session expired", body);
    if (body.relatedTransactionId !== undefined && chains.has(text(body.relatedTransactionId))) return threeDsPayment(body, text(body.relatedTransactionId));
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
    if (isObject(option.alternativePaymentMethod)) return apmPayment(body, option.alternativePaymentMethod, money, kind, session);
    const card = isObject(option.card) ? option.card : null;
    if (!card) return refused(1060, "Missing or invalid payment data", body);
    const wallet = isObject(card.externalToken) ? walletCard(card, card.externalToken) : null;
    if (wallet !== null && typeof wallet !== "string") return refused(wallet.errCode, wallet.reason, body);
    if (!wallet && !text(card.cardHolderName)) return refused(1007, "Invalid name on card", body);
    // A ccTempToken from the Web SDK stands for the approved test card.
    const number = wallet ?? (card.ccTempToken ? "4000023104662535" : text(card.cardNumber));
    if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) return refused(1004, "Missing or invalid CardData data", body);
    // 3-D Secure done elsewhere ("3DS External MPI"): eci and cavv are mandatory.
    const threeD = isObject(card.threeD) ? card.threeD : {};
    if (isObject(threeD.externalMpi) && (!/^\d{1,2}$/.test(text(threeD.externalMpi.eci)) || !text(threeD.externalMpi.cavv))) {
      return refused(1060, "Missing or invalid externalMpi data", body);
    }
    if (!card.ccTempToken && card.cardNumber !== undefined) {
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
    // The APM provider's page, opened by the shopper's browser: approving there completes the
    // Sale, Nuvei notifies it (DMN) and sends the shopper to urlDetails.successUrl.
    const page = req.method === "GET" ? /^\/apm\/(\d+)$/.exec(req.path) : null;
    if (page) {
      const t = txns.get(page[1]!);
      const back = apmReturns.get(page[1]!);
      if (!t || back === undefined) return { status: 404, text: "Not Found" };
      if (t.status === "PENDING") {
        t.status = "APPROVED";
        t.authCode = randomString(6, DIGITS);
        t.settled = t.amount;
        notify(t);
      }
      return redirectBack(back, { ppp_status: "OK", Status: t.status, TransactionID: t.id });
    }
    // EMULATOR-ONLY: the shopper approves a mobile money APM's prompt on the phone; the Sale is
    // made and notified (DMN), as the APM page's approval is.
    const phone = req.method === "POST" ? /^\/collect\/(\d+)$/.exec(req.path) : null;
    if (phone) {
      const t = txns.get(phone[1]!);
      if (!t || !apmReturns.has(phone[1]!)) return { status: 404, text: "Not Found" };
      if (t.status !== "PENDING") return { status: 409, text: "this payment is not waiting for the shopper" };
      t.status = "APPROVED";
      t.authCode = randomString(6, DIGITS);
      t.settled = t.amount;
      notify(t);
      return { status: 200, text: "approved" };
    }
    // The issuer's 3DS Method page (a hidden iframe's form post): nothing to decide here.
    if (req.method === "POST" && req.path === "/3ds-method") return { status: 200, text: "<html><body>3DS Method</body></html>" };
    // The issuer's challenge page: the shopper's form post (creq) completes it, and the browser is
    // sent to the payment's notificationURL with the CRes.
    const acs = req.method === "POST" ? /^\/acs\/(\d+)$/.exec(req.path) : null;
    if (acs) {
      const chain = chains.get(acs[1]!);
      const creq = new URLSearchParams(req.rawBody).get("creq");
      if (!chain || chain.step !== "challenge" || !creq) return { status: 404, text: "Not Found" };
      chain.challenged = true;
      return redirectBack(chain.notification, { cres: Buffer.from(JSON.stringify({ transStatus: "Y", messageType: "CRes" })).toString("base64url") });
    }
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
      case "initPayment":
        return initPayment(body);
      case "openOrder": {
        // The order Nuvei's Web SDK pays: a session of its own (15 minutes, one order).
        const money = amountOf(body);
        const kind = text(body.transactionType) || "Sale";
        if (!money || money.minor < 0 || (money.minor === 0 && kind !== "Auth")) return refused(1040, "Invalid or missing amount", body);
        const token = randomUUID();
        sessions.set(token, { created: Date.now(), used: false });
        return ok(body, { sessionToken: token, orderId: randomString(9, DIGITS).replace(/^0/, "1"), ...(body.clientUniqueId !== undefined ? { clientUniqueId: text(body.clientUniqueId) } : {}) });
      }
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

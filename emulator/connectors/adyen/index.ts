// Adyen Checkout API v71 emulator: /payments (cards, saved cards), /payments/details and the
// captures / cancels / refunds modifications, plus a 3-D Secure redirect page, and the standard
// webhooks Adyen sends for each of them (HMAC-signed per item) when startEmulator is given a
// webhook target with an `adyen` HMAC key.
//
// The payment's state machine: authorised (manual capture) → captures (partial, several, up to
// the authorised amount) → refunds (partial, several, up to the captured amount); cancel before
// any capture; automatic capture captures the whole amount at authorisation. As at Adyen, a
// modification is only acknowledged (`201 received`): Adyen's own checks of the amounts decide
// the outcome, which arrives as a CAPTURE / CANCELLATION / REFUND webhook with `success`.
// A payment with `storePaymentMethod` and a `shopperReference` saves the card: the response
// carries `tokenization.storedPaymentMethodId` (v71), and AUTHORISATION + RECURRING_CONTRACT
// webhooks follow; `paymentMethod.storedPaymentMethodId` pays with it (ContAuth).
//
// Shapes follow Adyen's own material: the named examples of CheckoutService-v71.json
// (card-direct-200, card-3d-secure-redirect-200, details 00.redirect-200, generic-400/401/422,
// captures/cancels/refunds 201), the Java library mocks (paymentResponse.json,
// paymentDetailsResponse.json, response-validation-error.json), the test cards of
// docs.adyen.com/development-resources/test-cards, and the holder-name refusal triggers of
// docs.adyen.com/development-resources/testing/result-codes.

import { randomBytes } from "node:crypto";
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { cardBrand, luhnValid, type CardBrand } from "../../core/cards.js";
import { Ledger } from "../../core/ledger.js";
import { redirectBack } from "../../core/redirect.js";
import { deliver, hmac } from "../../core/webhooks.js";
import { DIGITS, randomString, UPPER_ALNUM } from "../../core/ids.js";
import { parseJsonObject, type Json } from "../../core/json.js";


// [number, expiry MM/YY, cvc (null: none), 3DS enrolled, brand] (Adyen test card list;
// 4212345678901237 is the card of the spec's card-3d-secure-redirect example).
const TEST_CARDS: Array<[string, string, string | null, boolean, string]> = [
  ["370000000000002", "03/30", "7373", false, "amex"],
  ["370000000100018", "03/30", "7373", false, "amex"],
  ["371449635398431", "03/30", "7373", true, "amex"],
  ["6703444444444449", "03/30", null, false, "bcmc"],
  ["6703000000000000003", "03/30", null, false, "bcmc"],
  ["4871049999999910", "03/30", "737", false, "bcmc"],
  ["4360000001000005", "03/30", "737", false, "cartebancaire"],
  ["4035501428146300", "03/30", "737", true, "cartebancaire"],
  ["4035501000000008", "03/30", "737", false, "cartebancaire"],
  ["8171999927660000", "10/30", "737", false, "cup"],
  ["8171999900000000021", "10/30", "737", false, "cup"],
  ["6243030000000001", "12/29", "737", false, "cup"],
  ["6250947000000014", "03/30", "123", true, "cup"],
  ["36006666333344", "03/30", "737", false, "diners"],
  ["36070500001020", "03/30", "737", false, "diners"],
  ["30569309025904", "03/30", "737", true, "diners"],
  ["6011601160116611", "03/30", "737", false, "discover"],
  ["6445644564456445", "03/30", "737", false, "discover"],
  ["6011111111111117", "03/30", "737", true, "discover"],
  ["6771798021000008", "03/30", "737", false, "maestro"],
  ["5000550000000029", "03/30", null, true, "maestro"],
  ["2222400070000005", "03/30", "737", false, "mc"],
  ["5555341244441115", "03/30", "737", false, "mc"],
  ["5577000055770004", "03/30", "737", false, "mc"],
  ["5555444433331111", "03/30", "737", false, "mc"],
  ["2222410740360010", "03/30", "737", false, "mc"],
  ["5555555555554444", "03/30", "737", false, "mc"],
  ["2222410700000002", "03/30", "737", false, "mc"],
  ["2222400010000008", "03/30", "737", false, "mc"],
  ["2223000048410010", "03/30", "737", false, "mc"],
  ["2222400060000007", "03/30", "737", false, "mc"],
  ["2223520443560010", "03/30", "737", false, "mc"],
  ["2222400030000004", "03/30", "737", false, "mc"],
  ["5100060000000002", "12/29", "737", false, "mc"],
  ["2222400050000009", "03/30", "737", false, "mc"],
  ["5103221911199245", "03/30", "737", false, "mc"],
  ["5454545454545454", "03/30", "737", true, "mc"],
  ["4111111145551142", "03/30", "737", false, "visa"],
  ["4111112014267661", "12/30", "737", false, "visa"],
  ["4988438843884305", "03/30", "737", false, "visa"],
  ["4166676667666746", "03/30", "737", false, "visa"],
  ["4111111111111111", "03/30", "737", false, "visa"],
  ["4444333322221111", "03/30", "737", false, "visa"],
  ["4917610000000000", "03/30", "737", true, "visa"],
  ["4212345678901237", "03/30", "737", true, "visa"],
  ["4001020000000009", "03/30", "737", false, "electron"],
  ["4013250000000000006", "03/30", "737", false, "vpay"],
];
const CARDS = new Map(TEST_CARDS.map(([number, expiry, cvc, threeDS, brand]) => [number, { expiry, cvc, threeDS, brand }]));

// "Values for testing refusal reasons": holderName -> [resultCode, refusalReason, refusalReasonCode].
const HOLDER_TRIGGERS: Record<string, [string, string | null, string]> = {
  UNKNOWN: ["Error", "Unknown", "0"],
  APPROVED: ["Authorised", null, "1"],
  DECLINED: ["Refused", "Refused", "2"],
  REFERRAL: ["Refused", "Referral", "3"],
  ERROR: ["Error", "Acquirer Error", "4"],
  BLOCK_CARD: ["Refused", "Blocked Card", "5"],
  CARD_EXPIRED: ["Refused", "Expired Card", "6"],
  INVALID_AMOUNT: ["Refused", "Invalid Amount", "7"],
  INVALID_CARD_NUMBER: ["Refused", "Invalid Card Number", "8"],
  ISSUER_UNAVAILABLE: ["Refused", "Issuer Unavailable", "9"],
  NOT_SUPPORTED: ["Refused", "Not supported", "10"],
  NOT_3D_AUTHENTICATED: ["Refused", "3D Not Authenticated", "11"],
  NOT_ENOUGH_BALANCE: ["Refused", "Not enough balance", "12"],
  PENDING: ["Received", null, "13"],
  ACQUIRER_FRAUD: ["Refused", "Acquirer Fraud", "14"],
  CANCELLED: ["Refused", "Cancelled", "15"],
  SHOPPER_CANCELLED: ["Refused", "Shopper Cancelled", "16"],
  // The refusal-reason table lists "FRAUD" (possible fraud) under code 20.
  FRAUD: ["Refused", "FRAUD", "20"],
  CVC_DECLINED: ["Refused", "CVC Declined", "24"],
};
// Adyen's dispute testing (docs.adyen.com/risk-management/disputes-api/test-disputes-flow): the
// holder name CHARGEBACK_DEFENDABLE makes a payment that gets a defendable chargeback.
const DISPUTE_HOLDER = "CHARGEBACK_DEFENDABLE";
const ACQUIRER_CODE_TRIGGERS = new Map(Object.values(HOLDER_TRIGGERS).map((t) => [t[2], t]));

/** Payment method types the emulator answers with a redirect (bank redirects and BNPL). */
const REDIRECT_TYPES = new Set(["ideal", "eps", "klarna", "klarna_account", "klarna_paynow", "afterpaytouch", "affirm"]);
const BNPL_TYPES = new Set(["klarna", "klarna_account", "klarna_paynow", "afterpaytouch", "affirm"]);

interface PaymentRecord {
  pspReference: string;
  merchantAccount: string;
  reference: string;
  amount: { value: number; currency: string };
  returnUrl: string;
  brand: string;
  last4: string;
  manualCapture: boolean;
  state: "authorised" | "refused" | "error" | "received" | "redirect" | "cancelled";
  redirectToken?: string;
  detailsResponse?: Json;
  challengeFailed?: boolean;
  /** Authorised, captured and refunded so far, in Adyen's minor units of `amount.currency`. */
  ledger: Ledger;
  /** Save the card for this shopper once the payment is authorised. */
  storeFor?: { shopperReference: string; recurringProcessingModel: string; expiry: string };
  /** holderName CHARGEBACK_DEFENDABLE: a defendable chargeback opens once money is captured. */
  disputeOnCapture?: boolean;
  disputeOpened?: boolean;
}

/** A dispute of the Disputes API, opened by the dispute test holder name. */
interface DisputeRecord {
  pspReference: string;
  payment: PaymentRecord;
  status: "Undefended" | "Accepted" | "Responded" | "Won" | "Lost";
  documents: Map<string, { contentType: string; bytes: number }>;
}

// The Disputes API's defense reasons of its own example (retrieveApplicableDefenseReasons-200),
// with the documents each requires.
const DEFENSE_REASONS: Record<string, string[]> = {
  GoodsNotReturned: ["GoodsNotReturned"],
  GoodsRepairedOrReplaced: ["GoodsRepairedOrReplaced"],
  GoodsWereAsDescribed: ["GoodsWereAsDescribed", "TIDorInvoice"],
  SupplyDefenseMaterial: ["DefenseMaterial"],
};
const DOCUMENT_TYPES = ["DefenseMaterial", "TIDorInvoice", "GoodsNotReturned", "GoodsRepairedOrReplaced", "GoodsWereAsDescribed"];
const DOCUMENT_CONTENT_TYPES = ["image/jpg", "image/jpeg", "image/tiff", "application/pdf"];

/** A card saved with Adyen (a token): `storedPaymentMethodId` → its owner and card. */
interface StoredCard {
  id: string;
  merchantAccount: string;
  shopperReference: string;
  brand: string;
  last4: string;
  expiry: string;
  recurringProcessingModel: string;
}

/** The eight fields of an item's HMAC, in Adyen's documented order, "" when absent. */
export function adyenSignedPayload(item: Json): string {
  const amount = (item["amount"] ?? {}) as Json;
  return [
    item["pspReference"],
    item["originalReference"],
    item["merchantAccountCode"],
    item["merchantReference"],
    amount["value"],
    amount["currency"],
    item["eventCode"],
    item["success"],
  ]
    .map((v) => (v === undefined || v === null ? "" : String(v)))
    .join(":");
}

/** Signs a NotificationRequestItem: additionalData.hmacSignature = base64(HMAC-SHA256(hex key, payload)). */
export function signAdyenItem(item: Json, hexKey: string): Json {
  const hmacSignature = hmac("sha256", Buffer.from(hexKey, "hex"), adyenSignedPayload(item), "base64");
  return { ...item, additionalData: { ...((item["additionalData"] as Json | undefined) ?? {}), hmacSignature } };
}

/** Adyen writes eventDate with an offset (2021-01-01T01:00:00+01:00). */
function eventDate(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00");
}



/** Adyen's brand names (its `paymentMethod.brand` values). */
const BRANDS: Record<CardBrand, string> = {
  visa: "visa", mastercard: "mc", amex: "amex", discover: "discover", jcb: "jcb", diners: "diners", unionpay: "cup", unknown: "unknown",
};

function serviceError(status: number, errorCode: string, message: string, errorType: string, pspReference?: string): EmuResponse {
  const body: Json = { status, errorCode, message, errorType };
  if (pspReference) body["pspReference"] = pspReference;
  return { status, json: body };
}

function validation(errorCode: string, message: string): EmuResponse {
  return serviceError(422, errorCode, message, "validation", randomString(16, UPPER_ALNUM));
}

export function createAdyenEmulator(ctx: EmuContext): EmuMount {
  const payments = new Map<string, PaymentRecord>();
  const tokens = new Map<string, string>(); // redirectResult -> pspReference
  const storedCards = new Map<string, StoredCard>(); // storedPaymentMethodId -> card
  const modificationRefs = new Set<string>();

  /** One notification with these items, each signed, when a webhook target is configured. */
  function notify(items: Json[]): void {
    if (items.length === 0) return;
    const sent = deliver(ctx, (secret) => ({
      body: JSON.stringify({ live: "false", notificationItems: items.map((i) => ({ NotificationRequestItem: signAdyenItem(i, secret) })) }),
      headers: { "Content-Type": "application/json" },
    }));
    if (!sent) return;
    ctx.log(`adyen: webhook ${items.map((i) => `${String(i["eventCode"])}=${String(i["success"])}`).join(", ")}`);
  }

  /** A NotificationRequestItem about `record`. */
  function item(record: PaymentRecord, eventCode: string, success: boolean, extra: Json = {}): Json {
    return {
      amount: { ...record.amount },
      eventCode,
      eventDate: eventDate(),
      merchantAccountCode: record.merchantAccount,
      merchantReference: record.reference,
      paymentMethod: record.brand,
      pspReference: record.pspReference,
      reason: "",
      success: String(success),
      ...extra,
    };
  }

  /** AUTHORISATION for an outcome, plus RECURRING_CONTRACT when the card was saved. */
  function notifyAuthorisation(record: PaymentRecord, refusalReason?: string | null): void {
    const ok = record.state === "authorised";
    const items: Json[] = [];
    const stored = ok ? saveCard(record) : undefined;
    const additionalData: Json = stored
      ? {
          "tokenization.shopperReference": stored.shopperReference,
          "tokenization.storedPaymentMethodId": stored.id,
          "tokenization.store.operationType": "created",
        }
      : {};
    items.push(
      item(record, "AUTHORISATION", ok, {
        additionalData,
        reason: ok ? `${randomString(6, DIGITS)}:${record.last4}:${record.storeFor?.expiry ?? "03/2030"}` : (refusalReason ?? ""),
        ...(ok ? { operations: ["CANCEL", "CAPTURE", "REFUND"] } : {}),
      }),
    );
    if (stored) {
      items.push({
        additionalData: {
          "recurring.shopperReference": stored.shopperReference,
          "recurring.recurringDetailReference": stored.id,
          shopperReference: stored.shopperReference,
        },
        amount: { ...record.amount },
        eventCode: "RECURRING_CONTRACT",
        eventDate: eventDate(),
        merchantAccountCode: record.merchantAccount,
        merchantReference: record.reference,
        originalReference: record.pspReference,
        originalPsp: record.pspReference,
        paymentMethod: record.brand,
        pspReference: stored.id,
        reason: "",
        success: "true",
      });
    }
    notify(items);
  }

  /** Saves the record's card when the payment asked for it (once). */
  function saveCard(record: PaymentRecord): StoredCard | undefined {
    if (!record.storeFor) return undefined;
    const existing = [...storedCards.values()].find((c) => c.shopperReference === record.storeFor!.shopperReference && c.last4 === record.last4 && c.merchantAccount === record.merchantAccount);
    if (existing) return existing;
    let id: string;
    do id = randomString(16, UPPER_ALNUM);
    while (storedCards.has(id));
    const card: StoredCard = {
      id,
      merchantAccount: record.merchantAccount,
      shopperReference: record.storeFor.shopperReference,
      brand: record.brand,
      last4: record.last4,
      expiry: record.storeFor.expiry,
      recurringProcessingModel: record.storeFor.recurringProcessingModel,
    };
    storedCards.set(id, card);
    ctx.log(`adyen: stored card ${id} for a shopper (card ending ${card.last4})`);
    return card;
  }

  function newPsp(): string {
    let psp: string;
    do psp = randomString(16, UPPER_ALNUM);
    while (payments.has(psp));
    return psp;
  }

  /** Reads a card field that may come plain (`number`) or as test-encrypted (`encryptedCardNumber: "test_..."`). */
  function cardField(pm: Json, plain: string, encrypted: string): { value?: string; error?: EmuResponse } {
    const enc = pm[encrypted];
    if (typeof enc === "string" && enc !== "") {
      if (!enc.startsWith("test_")) return { error: validation("174", "Unable to decrypt data") };
      return { value: enc.slice(5) };
    }
    const v = pm[plain];
    return { value: typeof v === "string" || typeof v === "number" ? String(v) : undefined };
  }

  function payment(body: Json): EmuResponse {
    if (!body["merchantAccount"]) return validation("702", "Required field 'merchantAccount' is null");
    const amount = body["amount"] as Json | undefined;
    if (!amount || typeof amount !== "object" || !Number.isInteger(amount["value"]) || typeof amount["currency"] !== "string") {
      return validation("100", "No amount specified");
    }
    if (!body["reference"]) return validation("130", "Required field 'reference' is not provided.");
    const pm = body["paymentMethod"] as Json | undefined;
    if (!pm || typeof pm !== "object") return validation("702", "Required field 'paymentMethod' is null");
    if (!body["returnUrl"]) return validation("14_030", "Return URL is missing.");
    if (typeof pm["storedPaymentMethodId"] === "string") return storedCardPayment(body, pm["storedPaymentMethodId"], amount);
    if (typeof pm["type"] === "string" && REDIRECT_TYPES.has(pm["type"])) return redirectPayment(body, pm["type"], amount);
    if (pm["type"] !== "scheme") {
      return validation("000", `The emulator only supports paymentMethod.type "scheme" and ${[...REDIRECT_TYPES].join(", ")}, got "${String(pm["type"])}".`);
    }

    const fields: Record<string, string | undefined> = {};
    for (const [plain, enc] of [
      ["number", "encryptedCardNumber"],
      ["expiryMonth", "encryptedExpiryMonth"],
      ["expiryYear", "encryptedExpiryYear"],
      ["cvc", "encryptedSecurityCode"],
    ] as const) {
      const r = cardField(pm, plain, enc);
      if (r.error) return r.error;
      fields[plain] = r.value;
    }
    const number = (fields["number"] ?? "").replace(/\s/g, "");
    if (!luhnValid(number)) {
      if (number) ctx.log(`adyen: card ${ctx.maskPan(number)} is not a valid card number`);
      return validation("101", "Invalid card number");
    }
    const month = Number(fields["expiryMonth"]);
    let year = Number(fields["expiryYear"]);
    if (year < 100) year += 2000;
    if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year)) {
      return validation("129", "Expiry Date Invalid");
    }

    const psp = newPsp();
    const known = CARDS.get(number);
    const record: PaymentRecord = {
      pspReference: psp,
      merchantAccount: String(body["merchantAccount"]),
      reference: String(body["reference"]),
      amount: { value: Number(amount["value"]), currency: String(amount["currency"]) },
      returnUrl: String(body["returnUrl"]),
      brand: known?.brand ?? BRANDS[cardBrand(number)],
      last4: number.slice(-4),
      manualCapture: String((body["additionalData"] as Json | undefined)?.["manualCapture"] ?? "") === "true",
      state: "authorised",
      ledger: new Ledger(Number(amount["value"])),
    };
    if (body["storePaymentMethod"] === true) {
      if (typeof body["shopperReference"] !== "string" || body["shopperReference"].length < 3) {
        payments.delete(psp);
        return validation("000", "Recurring payments require a shopperReference");
      }
      record.storeFor = {
        shopperReference: body["shopperReference"],
        recurringProcessingModel: String(body["recurringProcessingModel"] ?? "CardOnFile"),
        expiry: `${String(month).padStart(2, "0")}/${year}`,
      };
    }
    payments.set(psp, record);

    const holder = typeof pm["holderName"] === "string" ? pm["holderName"].split(":")[0]!.trim() : "";
    const acquirerCode = (body["additionalData"] as Json | undefined)?.["RequestedTestAcquirerResponseCode"];
    let trigger = HOLDER_TRIGGERS[holder] ?? (acquirerCode !== undefined ? ACQUIRER_CODE_TRIGGERS.get(String(acquirerCode)) : undefined);
    if (!trigger && known) {
      // docs: an incorrect CVC or expiry date on a test card gives a generic DECLINED refusal.
      const [mm, yy] = known.expiry.split("/").map(Number) as [number, number];
      const cvc = fields["cvc"];
      if (mm !== month || 2000 + yy !== year || (cvc !== undefined && known.cvc !== null && cvc !== known.cvc)) {
        trigger = HOLDER_TRIGGERS["DECLINED"];
      }
    }
    if (trigger && trigger[0] !== "Authorised") {
      const [resultCode, refusalReason, refusalReasonCode] = trigger;
      record.state = resultCode === "Received" ? "received" : resultCode === "Error" ? "error" : "refused";
      ctx.log(`adyen: ${psp} card ${ctx.maskPan(number)} -> ${resultCode} (${refusalReason ?? "-"})`);
      const out: Json = { pspReference: psp };
      if (refusalReason) {
        out["refusalReason"] = refusalReason;
        out["refusalReasonCode"] = refusalReasonCode;
      }
      out["resultCode"] = resultCode;
      out["merchantReference"] = record.reference;
      if (resultCode !== "Received") notifyAuthorisation(record, refusalReason);
      return { status: 200, json: out };
    }

    if (known?.threeDS) {
      record.state = "redirect";
      ctx.log(`adyen: ${psp} card ${ctx.maskPan(number)} -> RedirectShopper`);
      return {
        status: 200,
        json: {
          additionalData: {
            cardSummary: record.last4,
            cardBin: number.slice(0, 6),
            "threeds2.cardEnrolled": "true",
            paymentMethod: record.brand,
            cardPaymentMethod: record.brand,
            fundingSource: "CREDIT",
            merchantReference: record.reference,
          },
          pspReference: psp,
          resultCode: "RedirectShopper",
          action: {
            paymentMethodType: "scheme",
            url: `${ctx.origin}/adyen/_emulator/3ds/${psp}`,
            method: "GET",
            type: "redirect",
          },
        },
      };
    }

    ctx.log(`adyen: ${psp} card ${ctx.maskPan(number)} -> Authorised`);
    record.disputeOnCapture = holder === DISPUTE_HOLDER;
    settleAuthorisation(record);
    const out = authorised(record);
    const stored = record.storeFor ? saveCard(record) : undefined;
    if (stored) {
      Object.assign(out["additionalData"] as Json, {
        "tokenization.shopperReference": stored.shopperReference,
        "tokenization.storedPaymentMethodId": stored.id,
        "tokenization.store.operationType": "created",
      });
    }
    notifyAuthorisation(record);
    if (record.disputeOnCapture && record.ledger.captured > 0) openDispute(record);
    return { status: 200, json: out };
  }

  /**
   * A bank redirect or a buy-now-pay-later offer: Adyen answers RedirectShopper with a redirect
   * action (docs.adyen.com/payment-methods/ideal/api-only, /klarna/api-only); the shopper's return
   * is completed with /payments/details like a 3-D Secure redirect. Klarna wants lineItems that add
   * up to the amount (its API-only docs list them as required).
   */
  function redirectPayment(body: Json, type: string, amount: Json): EmuResponse {
    if (BNPL_TYPES.has(type)) {
      const lines = body["lineItems"];
      if (!Array.isArray(lines) || lines.length === 0) return validation("000", "Required field 'lineItems' is not provided.");
      const total = lines.reduce((sum: number, l: Json) => sum + Number(l["amountIncludingTax"] ?? 0) * Number(l["quantity"] ?? 1), 0);
      if (total !== Number(amount["value"])) return validation("000", "The sum of lineItems does not match the amount.");
    }
    const psp = newPsp();
    const record: PaymentRecord = {
      pspReference: psp,
      merchantAccount: String(body["merchantAccount"]),
      reference: String(body["reference"]),
      amount: { value: Number(amount["value"]), currency: String(amount["currency"]) },
      returnUrl: String(body["returnUrl"]),
      brand: type,
      last4: "",
      manualCapture: String((body["additionalData"] as Json | undefined)?.["manualCapture"] ?? "") === "true",
      state: "redirect",
      ledger: new Ledger(Number(amount["value"])),
    };
    payments.set(psp, record);
    ctx.log(`adyen: ${psp} ${type} -> RedirectShopper`);
    return {
      status: 200,
      json: {
        pspReference: psp,
        resultCode: "RedirectShopper",
        action: { paymentMethodType: type, url: `${ctx.origin}/adyen/_emulator/3ds/${psp}`, method: "GET", type: "redirect" },
        merchantReference: record.reference,
      },
    };
  }

  /** Automatic capture takes the whole amount at authorisation. */
  function settleAuthorisation(record: PaymentRecord): void {
    record.state = "authorised";
    if (!record.manualCapture) record.ledger.capture();
  }

  // ---------- sessions, amount updates, reversals, stored methods, disputes (issue 12) ----------

  const sessions = new Map<string, Json>();
  const disputes = new Map<string, DisputeRecord>();

  function isoInHours(hours: number): string {
    return new Date(Date.now() + hours * 3600_000).toISOString().replace(/\.\d{3}Z$/, "+00:00");
  }

  /** POST /sessions: CreateCheckoutSessionRequest's required fields, answered as post-sessions-00.success-201. */
  function createSession(body: Json): EmuResponse {
    for (const f of ["merchantAccount", "amount", "reference", "returnUrl"]) {
      if (body[f] === undefined || body[f] === "") return validation(f === "returnUrl" ? "14_030" : "702", f === "returnUrl" ? "Return URL is missing." : `Required field '${f}' is null`);
    }
    const amount = body["amount"] as Json;
    if (!Number.isInteger(amount["value"]) || typeof amount["currency"] !== "string") return validation("100", "Required object 'amount' is not provided.");
    if (body["storePaymentMethodMode"] !== undefined && !body["shopperReference"]) return validation("000", "shopperReference is required to store a payment method");
    const id = `CS${randomString(14, UPPER_ALNUM)}`;
    const session: Json = {
      ...body,
      expiresAt: isoInHours(1),
      id,
      sessionData: `Ab02b4c0!${randomBytes(24).toString("base64")}`,
    };
    if (body["storePaymentMethodMode"] === "enabled") session["storePaymentMethod"] = true;
    delete session["storePaymentMethodMode"];
    sessions.set(id, session);
    ctx.log(`adyen: session ${id} for ${String(body["reference"])}`);
    return { status: 201, json: session };
  }

  /** POST /applePay/sessions: ApplePaySessionRequest's three required fields; `data` stands in for
   * Apple's merchant session (base64 of a JSON object, as Adyen relays it). */
  function applePaySession(body: Json): EmuResponse {
    for (const f of ["displayName", "domainName", "merchantIdentifier"]) {
      if (typeof body[f] !== "string" || body[f] === "") return validation("702", `Required field '${f}' is null`);
    }
    if ((body["displayName"] as string).length > 64) return validation("702", "displayName is longer than 64 characters");
    const merchantSession = {
      epochTimestamp: Date.now(),
      expiresAt: Date.now() + 3600_000,
      merchantSessionIdentifier: `SSH${randomBytes(16).toString("hex").toUpperCase()}`,
      nonce: randomBytes(4).toString("hex"),
      merchantIdentifier: body["merchantIdentifier"],
      domainName: body["domainName"],
      displayName: body["displayName"],
      signature: randomBytes(32).toString("base64"),
    };
    return { status: 200, json: { data: Buffer.from(JSON.stringify(merchantSession)).toString("base64") } };
  }

  /** What Drop-in does with the session in the shopper's browser: pays it with a test card (the
   * emulator's stand-in for /checkoutshopper/.../sessions/{id}/payments, which needs the client key). */
  function paySession(id: string, query: URLSearchParams): EmuResponse {
    const session = sessions.get(id);
    if (!session) return { status: 404, text: "unknown session" };
    if (query.get("sessionData") !== session["sessionData"]) return { status: 403, text: "sessionData does not match" };
    if (session["paid"]) return { status: 409, text: "session already paid" };
    const amount = session["amount"] as Json;
    const psp = newPsp();
    const record: PaymentRecord = {
      pspReference: psp,
      merchantAccount: String(session["merchantAccount"]),
      reference: String(session["reference"]),
      amount: { value: Number(amount["value"]), currency: String(amount["currency"]) },
      returnUrl: String(session["returnUrl"]),
      brand: "visa",
      last4: "1111",
      manualCapture: String((session["additionalData"] as Json | undefined)?.["manualCapture"] ?? "") === "true",
      state: "authorised",
      ledger: new Ledger(Number(amount["value"])),
    };
    payments.set(psp, record);
    settleAuthorisation(record);
    session["paid"] = psp;
    notifyAuthorisation(record);
    ctx.log(`adyen: session ${id} paid -> ${psp} Authorised`);
    return { status: 200, json: { resultCode: "Authorised", sessionResult: `X3XtfGC9!${randomBytes(12).toString("base64")}` } };
  }

  /** Another modification reference, unique among payments and modifications. */
  function newModificationPsp(): string {
    let modPsp: string;
    do modPsp = randomString(16, UPPER_ALNUM);
    while (payments.has(modPsp) || modificationRefs.has(modPsp));
    modificationRefs.add(modPsp);
    return modPsp;
  }

  /** POST /payments/{psp}/amountUpdates: `amount` is the new total of an uncaptured authorisation;
   * received, then AUTHORISATION_ADJUSTMENT with success (docs.adyen.com/online-payments/adjust-authorisation). */
  function amountUpdate(psp: string, body: Json): EmuResponse {
    if (!body["merchantAccount"]) return validation("702", "Required field 'merchantAccount' is null");
    const amount = body["amount"] as Json | undefined;
    if (!amount || !Number.isInteger(amount["value"]) || typeof amount["currency"] !== "string") return validation("100", "Required object 'amount' is not provided.");
    const record = payments.get(psp);
    if (!record || record.merchantAccount !== body["merchantAccount"]) return validation("167", "Original pspReference required for this operation");
    const modPsp = newModificationPsp();
    const ok = record.state === "authorised" && record.manualCapture && record.ledger.captured === 0 && amount["currency"] === record.amount.currency && Number(amount["value"]) > 0;
    if (ok) {
      record.amount = { value: Number(amount["value"]), currency: record.amount.currency };
      record.ledger.reauthorize(record.amount.value);
    }
    notify([
      item(record, "AUTHORISATION_ADJUSTMENT", ok, {
        amount: { value: amount["value"], currency: amount["currency"] },
        merchantReference: typeof body["reference"] === "string" ? body["reference"] : record.reference,
        originalReference: psp,
        pspReference: modPsp,
        reason: ok ? "" : "Authorisation adjustment is not possible on this payment",
      }),
    ]);
    const out: Json = { merchantAccount: body["merchantAccount"], paymentPspReference: psp, pspReference: modPsp, status: "received", amount: { ...amount } };
    if (typeof body["reference"] === "string") out["reference"] = body["reference"];
    return { status: 201, json: out };
  }

  /** POST /payments/{psp}/reversals: a cancel if nothing was captured, else a refund of what was;
   * CANCEL_OR_REFUND says which (additionalData.modification.action). */
  function reversal(psp: string, body: Json): EmuResponse {
    if (!body["merchantAccount"]) return validation("702", "Required field 'merchantAccount' is null");
    const record = payments.get(psp);
    if (!record || record.merchantAccount !== body["merchantAccount"]) return validation("167", "Original pspReference required for this operation");
    const modPsp = newModificationPsp();
    let action = "cancel";
    let ok = false;
    if (record.state === "authorised" && !record.ledger.void()) {
      record.state = "cancelled";
      ok = true;
    } else if (record.state === "authorised" && !record.ledger.refund()) {
      action = "refund";
      ok = true;
    }
    notify([
      item(record, "CANCEL_OR_REFUND", ok, {
        additionalData: { "modification.action": action },
        merchantReference: typeof body["reference"] === "string" ? body["reference"] : record.reference,
        originalReference: psp,
        pspReference: modPsp,
        reason: ok ? "" : "Cancel or refund failed",
      }),
    ]);
    const out: Json = { merchantAccount: body["merchantAccount"], paymentPspReference: psp, pspReference: modPsp, status: "received" };
    if (typeof body["reference"] === "string") out["reference"] = body["reference"];
    return { status: 201, json: out };
  }

  /** DELETE /storedPaymentMethods/{id}?shopperReference&merchantAccount: 204, the token gone. */
  function deleteStored(id: string, query: URLSearchParams): EmuResponse {
    const shopper = query.get("shopperReference");
    const merchant = query.get("merchantAccount");
    if (!shopper || !merchant) return validation("702", "shopperReference and merchantAccount are required query parameters");
    const card = storedCards.get(id);
    if (!card || card.shopperReference !== shopper || card.merchantAccount !== merchant) return validation("800", "Contract not found");
    storedCards.delete(id);
    ctx.log(`adyen: stored payment method ${id} deleted`);
    return { status: 204, text: "" };
  }

  function openDispute(record: PaymentRecord): void {
    const dispute: DisputeRecord = { pspReference: newModificationPsp(), payment: record, status: "Undefended", documents: new Map() };
    disputes.set(dispute.pspReference, dispute);
    ctx.log(`adyen: dispute ${dispute.pspReference} opened on ${record.pspReference}`);
    const data = { chargebackReasonCode: "10.4", chargebackSchemeCode: record.brand, defendable: "true", defensePeriodEndsAt: isoInHours(24 * 14), disputeStatus: "Undefended" };
    notify([
      item(record, "NOTIFICATION_OF_CHARGEBACK", true, { additionalData: { ...data }, originalReference: record.pspReference, pspReference: dispute.pspReference, reason: "Other Fraud-Card Absent Environment" }),
      item(record, "CHARGEBACK", true, { additionalData: { ...data }, originalReference: record.pspReference, pspReference: dispute.pspReference, reason: "Other Fraud-Card Absent Environment" }),
    ]);
  }

  function disputeItem(d: DisputeRecord, eventCode: string, status: string): Json {
    return item(d.payment, eventCode, true, {
      additionalData: { chargebackReasonCode: "10.4", chargebackSchemeCode: d.payment.brand, disputeStatus: status },
      originalReference: d.payment.pspReference,
      pspReference: d.pspReference,
      reason: "Other Fraud-Card Absent Environment",
    });
  }

  /** The Disputes API v30 (DisputeService-v30.json): every answer is disputeServiceResult. */
  function disputeService(op: string, body: Json): EmuResponse {
    const result = (success: boolean, errorMessage?: string): EmuResponse => ({
      status: 200,
      json: { disputeServiceResult: errorMessage ? { errorMessage, success } : { success } },
    });
    if (!body["merchantAccountCode"] || !body["disputePspReference"]) return validation("702", "merchantAccountCode and disputePspReference are required");
    const d = disputes.get(String(body["disputePspReference"]));
    if (!d || d.payment.merchantAccount !== body["merchantAccountCode"]) return result(false, "Could not find dispute");
    if (op === "acceptDispute") {
      if (d.status !== "Undefended") return result(false, `Dispute is ${d.status}: it cannot be accepted`);
      d.status = "Accepted";
      return result(true);
    }
    if (op === "supplyDefenseDocument") {
      if (d.status !== "Undefended") return result(false, `Dispute is ${d.status}: no more documents`);
      const docs = body["defenseDocuments"];
      if (!Array.isArray(docs) || docs.length === 0) return validation("702", "Required field 'defenseDocuments' is null");
      for (const doc of docs as Json[]) {
        const content = String(doc["content"] ?? "");
        if (!DOCUMENT_TYPES.includes(String(doc["defenseDocumentTypeCode"]))) return result(false, `Invalid defense document type ${String(doc["defenseDocumentTypeCode"])}`);
        if (!DOCUMENT_CONTENT_TYPES.includes(String(doc["contentType"]))) return result(false, `Invalid content type ${String(doc["contentType"])}`);
        if (!/^[A-Za-z0-9+/]+={0,2}$/.test(content) || content.length % 4 !== 0) return result(false, "Document content is not Base64");
        d.documents.set(String(doc["defenseDocumentTypeCode"]), { contentType: String(doc["contentType"]), bytes: Buffer.from(content, "base64").length });
      }
      return result(true);
    }
    if (op === "defendDispute") {
      if (d.status !== "Undefended") return result(false, `Dispute is ${d.status}: it cannot be defended`);
      const needs = DEFENSE_REASONS[String(body["defenseReasonCode"])];
      if (!needs) return result(false, "Invalid defense reason code");
      const missing = needs.filter((n) => !d.documents.has(n));
      if (missing.length) return result(false, `Required defense documents missing: ${missing.join(", ")}`);
      d.status = "Responded";
      // The emulator's issuer decides at once (weeks at Adyen): the defense wins.
      d.status = "Won";
      notify([disputeItem(d, "CHARGEBACK_REVERSED", "Won")]);
      return result(true);
    }
    return serviceError(404, "000", `Unknown endpoint ${op}`, "validation");
  }

  /** A payment on a saved card (shopperInteraction ContAuth): no shopper, no 3-D Secure. */
  function storedCardPayment(body: Json, id: string, amount: Json): EmuResponse {
    const shopperReference = body["shopperReference"];
    if (typeof shopperReference !== "string" || shopperReference === "") {
      return validation("000", "Recurring payments require a shopperReference");
    }
    const card = storedCards.get(id);
    if (!card || card.shopperReference !== shopperReference || card.merchantAccount !== body["merchantAccount"]) {
      return validation("803", "PaymentDetail not found");
    }
    const psp = newPsp();
    const record: PaymentRecord = {
      pspReference: psp,
      merchantAccount: card.merchantAccount,
      reference: String(body["reference"]),
      amount: { value: Number(amount["value"]), currency: String(amount["currency"]) },
      returnUrl: String(body["returnUrl"]),
      brand: card.brand,
      last4: card.last4,
      manualCapture: String((body["additionalData"] as Json | undefined)?.["manualCapture"] ?? "") === "true",
      state: "authorised",
      ledger: new Ledger(Number(amount["value"])),
    };
    payments.set(psp, record);
    settleAuthorisation(record);
    ctx.log(`adyen: ${psp} saved card ${id} (${String(body["shopperInteraction"] ?? "-")}, ${String(body["recurringProcessingModel"] ?? "-")}) -> Authorised`);
    notifyAuthorisation(record);
    const out = authorised(record);
    delete out["additionalData"];
    return { status: 200, json: out };
  }

  function authorised(record: PaymentRecord): Json {
    return {
      additionalData: {
        cvcResult: "1 Matches",
        authCode: randomString(6, DIGITS),
        avsResult: "4 AVS not supported for this card type",
        avsResultRaw: "4",
        cvcResultRaw: "M",
        refusalReasonRaw: "AUTHORISED",
        acquirerCode: "TestPmmAcquirer",
        acquirerReference: randomString(11, UPPER_ALNUM),
      },
      pspReference: record.pspReference,
      resultCode: "Authorised",
      amount: { ...record.amount },
      merchantReference: record.reference,
      paymentMethod: record.last4 ? { brand: record.brand, type: "scheme" } : { type: record.brand },
    };
  }

  function details(body: Json): EmuResponse {
    const d = body["details"] as Json | undefined;
    if (!d || typeof d !== "object") return validation("702", "Required field 'details' is null");
    const token = d["redirectResult"];
    if (typeof token !== "string" || token === "") {
      return validation("000", "The emulator only supports details.redirectResult.");
    }
    const psp = tokens.get(token);
    const record = psp ? payments.get(psp) : undefined;
    if (!record) return validation("14_018", "Invalid payload provided");
    if (!record.detailsResponse) {
      if (record.challengeFailed) {
        record.state = "refused";
        record.detailsResponse = {
          pspReference: record.pspReference,
          refusalReason: "3D Not Authenticated",
          refusalReasonCode: "11",
          resultCode: "Refused",
          merchantReference: record.reference,
        };
      } else {
        settleAuthorisation(record);
        const out = authorised(record);
        const stored = saveCard(record);
        if (stored) {
          out["additionalData"] = {
            "tokenization.shopperReference": stored.shopperReference,
            "tokenization.storedPaymentMethodId": stored.id,
            "tokenization.store.operationType": "created",
          };
        } else {
          delete out["additionalData"];
        }
        record.detailsResponse = out;
      }
      notifyAuthorisation(record, record.challengeFailed ? "3D Not Authenticated" : null);
      ctx.log(`adyen: details for ${record.pspReference} -> ${String(record.detailsResponse["resultCode"])}`);
    }
    return { status: 200, json: record.detailsResponse };
  }

  /** The shopper completing (or, with ?outcome=fail, failing) the 3DS challenge. */
  function threeDsChallenge(psp: string, query: URLSearchParams): EmuResponse {
    const record = payments.get(psp);
    if (!record) return { status: 404, text: "unknown pspReference" };
    if (record.state !== "redirect" || record.redirectToken) return { status: 409, text: "challenge already completed" };
    record.challengeFailed = query.get("outcome") === "fail";
    const token = randomBytes(24).toString("base64url");
    record.redirectToken = token;
    tokens.set(token, psp);
    return redirectBack(record.returnUrl, { redirectResult: token });
  }

  /**
   * captures / cancels / refunds. Acknowledged with 201 `received`, as Adyen does; the amount
   * checks decide the outcome, sent as the CAPTURE / CANCELLATION / REFUND webhook. An unknown
   * pspReference is refused at once (167, as Adyen's libraries' own fixtures show).
   */
  function modification(psp: string, kind: "captures" | "cancels" | "refunds", body: Json): EmuResponse {
    if (!body["merchantAccount"]) return validation("702", "Required field 'merchantAccount' is null");
    const amount = body["amount"] as Json | undefined;
    if (kind !== "cancels" && (!amount || !Number.isInteger(amount["value"]) || typeof amount["currency"] !== "string")) {
      return validation("100", "Required object 'amount' is not provided.");
    }
    const record = payments.get(psp);
    if (!record || record.merchantAccount !== body["merchantAccount"]) {
      return validation("167", "Original pspReference required for this operation");
    }
    let modPsp: string;
    do modPsp = randomString(16, UPPER_ALNUM);
    while (payments.has(modPsp) || modificationRefs.has(modPsp));
    modificationRefs.add(modPsp);
    const value = kind === "cancels" ? 0 : Number(amount!["value"]);
    const sameCurrency = kind === "cancels" || amount!["currency"] === record.amount.currency;

    // Adyen's checks, at the time of the request.
    let eventCode: string;
    let success = false;
    let reason = "";
    if (kind === "captures") {
      eventCode = "CAPTURE";
      if (record.state !== "authorised" || !sameCurrency) {
        reason = "Capture Failed";
      } else if (record.ledger.capture(value)) {
        reason = "Insufficient balance on payment";
      } else {
        success = true;
        if (record.disputeOnCapture && !record.disputeOpened) {
          record.disputeOpened = true;
          queueMicrotask(() => openDispute(record));
        }
      }
    } else if (kind === "cancels") {
      eventCode = "CANCELLATION";
      if (record.state === "authorised" && !record.ledger.void()) {
        record.state = "cancelled";
        success = true;
      } else {
        reason = "Cancel Failed";
      }
    } else {
      eventCode = "REFUND";
      if (!sameCurrency) {
        reason = "Refund Failed";
      } else {
        const refused = record.ledger.refund(value);
        if (refused?.kind === "not_captured") reason = "Transaction hasn't been captured, refund not possible";
        else if (refused) reason = "Insufficient balance on payment";
        else success = true;
      }
    }
    ctx.log(`adyen: ${kind} ${modPsp} on ${psp} -> ${success ? "will succeed" : `will fail (${reason})`}`);

    const out: Json = {
      merchantAccount: body["merchantAccount"],
      paymentPspReference: psp,
      reference: body["reference"] ?? null,
      pspReference: modPsp,
      status: "received",
    };
    if (out["reference"] === null) delete out["reference"];
    if (kind !== "cancels") out["amount"] = { value: amount!["value"], currency: amount!["currency"] };

    notify([
      item(record, eventCode, success, {
        amount: kind === "cancels" ? { ...record.amount } : { value: amount!["value"], currency: amount!["currency"] },
        merchantReference: typeof body["reference"] === "string" ? body["reference"] : record.reference,
        originalReference: psp,
        pspReference: modPsp,
        reason,
      }),
    ]);
    return { status: 201, json: out };
  }

  return {
    handle(req: EmuRequest): EmuResponse {
      const m3ds = /^\/_emulator\/3ds\/([^/]+)$/.exec(req.path);
      if (m3ds && req.method === "GET") return threeDsChallenge(decodeURIComponent(m3ds[1]!), req.query);

      const pay = /^\/_emulator\/sessions\/([^/]+)\/pay$/.exec(req.path);
      if (pay && req.method === "POST") return paySession(decodeURIComponent(pay[1]!), req.query);

      const apiKey = req.headers["x-api-key"];
      if (typeof apiKey !== "string" || apiKey.trim() === "") {
        return serviceError(401, "000", "HTTP Status Response - Unauthorized", "security");
      }
      const path = req.path.replace(/\/+$/, "");
      const stored = /^\/v71\/storedPaymentMethods\/([^/]+)$/.exec(path);
      if (stored && req.method === "DELETE") return deleteStored(decodeURIComponent(stored[1]!), req.query);
      const disputeOp = /^\/ca\/services\/DisputeService\/v30\/(\w+)$/.exec(path);
      if (!path.startsWith("/v71/") && !disputeOp) return serviceError(404, "000", `Unknown endpoint ${req.method} ${path}`, "validation");
      const op = path.slice("/v71".length);
      if (req.method !== "POST") return serviceError(405, "000", `Method ${req.method} not allowed`, "validation");

      const body = parseJsonObject(req.rawBody);
      if (!body) return serviceError(400, "702", "Unexpected input: the request body is not a JSON object", "validation");

      if (disputeOp) return disputeService(disputeOp[1]!, body);
      if (op === "/payments") return payment(body);
      if (op === "/payments/details") return details(body);
      if (op === "/sessions") return createSession(body);
      if (op === "/applePay/sessions") return applePaySession(body);
      const update = /^\/payments\/([^/]+)\/(amountUpdates|reversals)$/.exec(op);
      if (update) return update[2] === "amountUpdates" ? amountUpdate(decodeURIComponent(update[1]!), body) : reversal(decodeURIComponent(update[1]!), body);
      const m = /^\/payments\/([^/]+)\/(captures|cancels|refunds)$/.exec(op);
      if (m) return modification(decodeURIComponent(m[1]!), m[2] as "captures" | "cancels" | "refunds", body);
      return serviceError(404, "000", `Unknown endpoint ${req.method} ${path}`, "validation");
    },
  };
}

export const emulator: ConnectorEmulator = { basePath: "/v71", create: createAdyenEmulator };

// Adyen Checkout API v71 emulator: /payments, /payments/details and the
// captures / cancels / refunds modifications, plus a 3-D Secure redirect page.
//
// Shapes follow Adyen's own material: the named examples of CheckoutService-v71.json
// (card-direct-200, card-3d-secure-redirect-200, details 00.redirect-200, generic-400/401/422,
// captures/cancels/refunds 201), the Java library mocks (paymentResponse.json,
// paymentDetailsResponse.json, response-validation-error.json), the test cards of
// docs.adyen.com/development-resources/test-cards, and the holder-name refusal triggers of
// docs.adyen.com/development-resources/testing/result-codes.

import { randomBytes } from "node:crypto";
import type { EmuContext, EmuMount, EmuRequest, EmuResponse } from "./index.js";

type Json = Record<string, unknown>;

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
const ACQUIRER_CODE_TRIGGERS = new Map(Object.values(HOLDER_TRIGGERS).map((t) => [t[2], t]));

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
}

function randomRef(len: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"): string {
  const bytes = randomBytes(len);
  let s = "";
  for (let i = 0; i < len; i++) s += alphabet[bytes[i]! % alphabet.length];
  return s;
}

function luhnValid(pan: string): boolean {
  if (!/^\d{12,19}$/.test(pan)) return false;
  let sum = 0;
  for (let i = 0; i < pan.length; i++) {
    let d = pan.charCodeAt(pan.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function brandOf(pan: string): string {
  if (/^4/.test(pan)) return "visa";
  if (/^(5[1-5]|2[2-7])/.test(pan)) return "mc";
  if (/^3[47]/.test(pan)) return "amex";
  if (/^(6011|65|64[4-9])/.test(pan)) return "discover";
  if (/^35/.test(pan)) return "jcb";
  if (/^3[068]/.test(pan)) return "diners";
  if (/^62/.test(pan)) return "cup";
  return "unknown";
}

function serviceError(status: number, errorCode: string, message: string, errorType: string, pspReference?: string): EmuResponse {
  const body: Json = { status, errorCode, message, errorType };
  if (pspReference) body["pspReference"] = pspReference;
  return { status, json: body };
}

function validation(errorCode: string, message: string): EmuResponse {
  return serviceError(422, errorCode, message, "validation", randomRef(16));
}

export function createAdyenEmulator(ctx: EmuContext): EmuMount {
  const payments = new Map<string, PaymentRecord>();
  const tokens = new Map<string, string>(); // redirectResult -> pspReference

  function newPsp(): string {
    let psp: string;
    do psp = randomRef(16);
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
    if (pm["type"] !== "scheme") {
      return validation("000", `The emulator only supports paymentMethod.type "scheme", got "${String(pm["type"])}".`);
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
      brand: known?.brand ?? brandOf(number),
      last4: number.slice(-4),
      manualCapture: String((body["additionalData"] as Json | undefined)?.["manualCapture"] ?? "") === "true",
      state: "authorised",
    };
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
    return { status: 200, json: authorised(record) };
  }

  function authorised(record: PaymentRecord): Json {
    return {
      additionalData: {
        cvcResult: "1 Matches",
        authCode: randomRef(6, "0123456789"),
        avsResult: "4 AVS not supported for this card type",
        avsResultRaw: "4",
        cvcResultRaw: "M",
        refusalReasonRaw: "AUTHORISED",
        acquirerCode: "TestPmmAcquirer",
        acquirerReference: randomRef(11),
      },
      pspReference: record.pspReference,
      resultCode: "Authorised",
      amount: { ...record.amount },
      merchantReference: record.reference,
      paymentMethod: { brand: record.brand, type: "scheme" },
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
        record.state = "authorised";
        const out = authorised(record);
        delete out["additionalData"];
        record.detailsResponse = out;
      }
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
    const target = new URL(record.returnUrl);
    target.searchParams.set("redirectResult", token);
    return { status: 302, headers: { Location: target.toString() }, text: "" };
  }

  function modification(psp: string, kind: "captures" | "cancels" | "refunds", body: Json): EmuResponse {
    if (!body["merchantAccount"]) return validation("702", "Required field 'merchantAccount' is null");
    const amount = body["amount"] as Json | undefined;
    if (kind !== "cancels" && (!amount || !Number.isInteger(amount["value"]) || typeof amount["currency"] !== "string")) {
      return validation("100", "No amount specified");
    }
    // Modifications are asynchronous at Adyen: the API acknowledges with `received`
    // (even for an unknown payment) and the outcome arrives by webhook.
    const record = payments.get(psp);
    if (record && kind === "cancels" && record.state === "authorised") record.state = "cancelled";
    const out: Json = {
      merchantAccount: body["merchantAccount"],
      paymentPspReference: psp,
      reference: body["reference"] ?? null,
      pspReference: newPsp(),
      status: "received",
    };
    if (out["reference"] === null) delete out["reference"];
    if (kind !== "cancels") out["amount"] = { value: amount!["value"], currency: amount!["currency"] };
    return { status: 201, json: out };
  }

  return {
    handle(req: EmuRequest): EmuResponse {
      const m3ds = /^\/_emulator\/3ds\/([^/]+)$/.exec(req.path);
      if (m3ds && req.method === "GET") return threeDsChallenge(decodeURIComponent(m3ds[1]!), req.query);

      const apiKey = req.headers["x-api-key"];
      if (typeof apiKey !== "string" || apiKey.trim() === "") {
        return serviceError(401, "000", "HTTP Status Response - Unauthorized", "security");
      }
      const path = req.path.replace(/\/+$/, "");
      if (!path.startsWith("/v71/")) return serviceError(404, "000", `Unknown endpoint ${req.method} ${path}`, "validation");
      const op = path.slice("/v71".length);
      if (req.method !== "POST") return serviceError(405, "000", `Method ${req.method} not allowed`, "validation");

      let body: Json;
      try {
        const parsed: unknown = JSON.parse(req.rawBody || "");
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
        body = parsed as Json;
      } catch {
        return serviceError(400, "702", "Unexpected input: the request body is not a JSON object", "validation");
      }

      if (op === "/payments") return payment(body);
      if (op === "/payments/details") return details(body);
      const m = /^\/payments\/([^/]+)\/(captures|cancels|refunds)$/.exec(op);
      if (m) return modification(decodeURIComponent(m[1]!), m[2] as "captures" | "cancels" | "refunds", body);
      return serviceError(404, "000", `Unknown endpoint ${req.method} ${path}`, "validation");
    },
  };
}

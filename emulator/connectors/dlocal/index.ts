// dLocal emulator (Payins API v2.1): POST /secure_payments (card data), POST /payments (a token, a
// card_id, Boleto/OXXO/Pix, or a capture with authorization_id), GET /payments/{id}, POST
// /payments/{id}/cancel, POST /refunds, GET /refunds/{id}; and, when the emulator has a webhook
// target for `dlocal`, the payment and refund notifications POSTed there, signed like requests.
//
// From dLocal's docs: the headers and V2-HMAC-SHA256 signature of every call
// (https://docs.dlocal.com/docs/payins-security: hex HMAC-SHA256(secret key, X-Login + X-Date +
// body), refused with 403 code 3001 "Invalid Credentials" otherwise), the Payment object and its
// statuses (https://docs.dlocal.com/reference/payment-status-codes), the Refund object and
// statuses (https://docs.dlocal.com/reference/refund-status-codes), the error body {code, message,
// param} and its codes (https://docs.dlocal.com/reference/http-errors-payments), Capture an
// authorization (POST /payments with authorization_id, partial or whole), Cancel an
// authorization, the Pix REDIRECT answer (https://docs.dlocal.com/docs/pix-payments: PENDING with
// a redirect_url) and the sandbox rule "You can test different status codes in Sandbox by sending
// the desired status code in the description field" (a description of 300 to 325 rejects with
// that code), mobile money (https://docs.dlocal.com/docs/mobile-money-payments: DIRECT, payer.phone,
// PENDING until the PIN) and bank transfers (Bank Transfer Payments: DIRECT with the bank_transfer
// object, or REDIRECT).
import { randomUUID } from "node:crypto";
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { expired, luhnValid } from "../../core/cards.js";
import { isObject, type Json } from "../../core/json.js";
import { Ledger } from "../../core/ledger.js";
import { deliver, hmac } from "../../core/webhooks.js";

/** The emulator's credentials; any other signature is refused (403, 3001). */
export const DLOCAL_X_LOGIN = "dlx_EMULATOR00001";
export const DLOCAL_X_TRANS_KEY = "dlt_EMULATOR00001";
export const DLOCAL_SECRET_KEY = "dls_emulator_secret_0000000000000000";

/** dLocal's sample rejection details (Payment status codes, "Rejection status"). */
const REJECTIONS: Record<string, string> = {
  "300": "The payment was rejected.",
  "301": "Rejected by bank.",
  "302": "Insufficient amount.",
  "309": "Card expired.",
  "314": "Invalid card number.",
  "315": "Invalid security code.",
  "320": "3D-Secure is required.",
};

/** Decimals the emulator knows (ISO 4217; dLocal's amount takes at most two). */
const EXPONENTS: Record<string, number> = {
  USD: 2, BRL: 2, MXN: 2, ARS: 2, COP: 2, CLP: 0, PYG: 0, KWD: 3,
  // The mobile money countries' currencies.
  KES: 2, GHS: 2, TZS: 2, XOF: 0, XAF: 0, UGX: 0, RWF: 0,
  // The online banking and wallet countries' currencies.
  PEN: 2, INR: 2, MYR: 2, IDR: 2,
};

/** Mobile money (Africa / Mobile Money payments): each country's payment_method_ids, as its page
 * lists them (MW = all telecom companies, then one id per operator where listed). DIRECT only;
 * payer.phone mandatory; Ghana also wants metadata.mobile_carrier (MTN, VODAFONE or TIGO). */
const MOBILE_MONEY: Record<string, string[]> = {
  GH: ["MW", "MT", "VF", "AT"],
  CI: ["MW", "MT", "MV", "OR"],
  TZ: ["MW", "VC", "AN"],
  KE: ["MW"],
  CM: ["MW"],
  UG: ["MW"],
  RW: ["MW"],
};

/** Bank transfers (Bank Transfer Payments): every one offers REDIRECT, some DIRECT with the
 * bank_transfer object (the docs' examples: Banco Industrial IO in Argentina, DIRECT; Caixa CA in
 * Brazil, REDIRECT). */
const BANK_TRANSFERS: Record<string, { country: string; direct: boolean }> = {
  IO: { country: "AR", direct: true },
  CA: { country: "BR", direct: false },
};

/** Online banking and wallets paid on the provider's page: each country's payment_method_ids whose
 * only allowed flow, on its country page, is REDIRECT (Colombia PC PSE; Chile WP Webpay, IO Khipu;
 * Peru IO Payvalida; India NB NetBanking; Malaysia FP Maybank, IO FPX; Indonesia IO Flip) or that
 * are wallets (Malaysia GY GrabPay, TG Touch 'n Go; Indonesia DN Dana), with the country's currency. */
const REDIRECT_ONLY: Record<string, { currency: string; ids: Record<string, "BANK_TRANSFER" | "WALLET"> }> = {
  CO: { currency: "COP", ids: { PC: "BANK_TRANSFER" } },
  CL: { currency: "CLP", ids: { WP: "BANK_TRANSFER", IO: "BANK_TRANSFER" } },
  PE: { currency: "PEN", ids: { IO: "BANK_TRANSFER" } },
  IN: { currency: "INR", ids: { NB: "BANK_TRANSFER" } },
  MY: { currency: "MYR", ids: { FP: "BANK_TRANSFER", IO: "BANK_TRANSFER", GY: "WALLET", TG: "WALLET" } },
  ID: { currency: "IDR", ids: { IO: "BANK_TRANSFER", DN: "WALLET" } },
};

/** The signature of dLocal's requests and notifications. */
export function dlocalSign(xLogin: string, xDate: string, body: string, secretKey: string): string {
  return hmac("sha256", secretKey, `${xLogin}${xDate}${body}`, "hex");
}

interface Payment {
  id: string;
  amount: number;
  currency: string;
  country: string;
  payment_method_id: string;
  payment_method_type: "CARD" | "TICKET" | "BANK_TRANSFER" | "WALLET";
  payment_method_flow: string;
  order_id: string;
  description?: string;
  status: "PENDING" | "PAID" | "REJECTED" | "CANCELLED" | "AUTHORIZED";
  status_code: string;
  status_detail: string;
  created_date: string;
  notification_url?: string;
  redirect_url?: string;
  bank_transfer?: Record<string, string | number>;
  ticket?: Record<string, never>;
  card?: { holder_name?: string; expiration_month?: number; expiration_year?: number; last4?: string; brand?: string; card_id?: string };
  authorization_id?: string;
  ledger: Ledger;
}

interface Refund {
  id: string;
  payment_id: string;
  status: "SUCCESS";
  status_code: number;
  status_detail: string;
  amount: number;
  currency: string;
  created_date: string;
}

const STATUS_TEXT: Record<Payment["status"], [string, string]> = {
  PENDING: ["100", "The payment is pending."],
  PAID: ["200", "The payment was paid."],
  REJECTED: ["300", "The payment was rejected."],
  CANCELLED: ["400", "The payment was cancelled."],
  AUTHORIZED: ["600", "The payment was authorized."],
};

const isoNow = () => new Date().toISOString();
const newId = () => `D-4-${randomUUID()}`;

function error(status: number, code: number, message: string, param?: string): EmuResponse {
  return { status, json: param ? { code, message, param } : { code, message } };
}

/** A JSON number in major units → minor units, exactly, or null. */
function minorOf(amount: unknown, currency: string): number | null {
  const exp = EXPONENTS[currency];
  if (exp === undefined || typeof amount !== "number" || !Number.isFinite(amount) || amount <= 0) return null;
  const text = String(amount);
  if (/e/i.test(text)) return null;
  const [whole, frac = ""] = text.split(".");
  if (frac.length > Math.min(exp, 2)) return null;
  return Number(whole) * 10 ** exp + Number(frac.padEnd(exp, "0") || "0");
}
const majorOf = (minor: number, currency: string) => minor / 10 ** (EXPONENTS[currency] ?? 2);

function header(req: EmuRequest, name: string): string | undefined {
  const h = req.headers[name.toLowerCase()];
  return Array.isArray(h) ? h[0] : h;
}

/** The Payment object as dLocal answers it (without the emulator's ledger). */
function view(p: Payment): Json {
  const { ledger: _ledger, ...rest } = p;
  return rest as unknown as Json;
}

export function createDlocalEmulator(ctx: EmuContext): EmuMount {
  const payments = new Map<string, Payment>();
  const refunds = new Map<string, Refund>();
  const orderIds = new Set<string>();
  const savedCards = new Map<string, string>();

  /** POSTs the object to the target, signed with the target's "<x_login>:<secret_key>". */
  function notify(object: Json): void {
    deliver(ctx, (secret) => {
      const [xLogin = "", secretKey = ""] = secret.split(":");
      const body = JSON.stringify(object);
      const xDate = isoNow();
      const signature = dlocalSign(xLogin, xDate, body, secretKey);
      return { body, headers: { "Content-Type": "application/json", "X-Date": xDate, Authorization: `V2-HMAC-SHA256, Signature: ${signature}` } };
    });
  }

  /** The request's headers and signature, as dLocal checks them; null when they hold. */
  function checkSignature(req: EmuRequest): EmuResponse | null {
    const refuse = (why: string) => {
      ctx.log(`dlocal: refused: ${why}`);
      return error(403, 3001, "Invalid Credentials.");
    };
    const xDate = header(req, "X-Date");
    const xLogin = header(req, "X-Login");
    const xTransKey = header(req, "X-Trans-Key");
    const authorization = header(req, "Authorization");
    if (!xDate || !xLogin || !xTransKey || !authorization) return refuse("a required header is missing");
    if (header(req, "X-Version") !== "2.1") return refuse("X-Version is not 2.1");
    if (xLogin !== DLOCAL_X_LOGIN || xTransKey !== DLOCAL_X_TRANS_KEY) return refuse("unknown X-Login or X-Trans-Key");
    const sent = /^V2-HMAC-SHA256, Signature: ([0-9a-f]{64})$/.exec(authorization)?.[1];
    if (!sent) return refuse("the Authorization header is not V2-HMAC-SHA256, Signature: <hex>");
    if (sent !== dlocalSign(xLogin, xDate, req.rawBody, DLOCAL_SECRET_KEY)) return refuse("signature does not match");
    const at = Date.parse(xDate);
    if (!Number.isFinite(at) || Math.abs(Date.now() - at) > 5 * 60_000) return refuse("X-Date is not within five minutes of now");
    return null;
  }

  function setStatus(p: Payment, status: Payment["status"], code?: string, detail?: string): void {
    const [c, d] = STATUS_TEXT[status];
    p.status = status;
    p.status_code = code ?? c;
    p.status_detail = detail ?? d;
  }

  function createPayment(body: Json, secure: boolean): EmuResponse {
    for (const field of ["amount", "currency", "country", "payment_method_id", "payment_method_flow", "payer", "order_id"]) {
      if (body[field] === undefined) return error(400, 5001, `Missing parameter. ${field}`, field);
    }
    const currency = String(body["currency"]).toUpperCase();
    const minor = minorOf(body["amount"], currency);
    if (minor === null) return error(400, 5000, "Invalid request.", "amount");
    const payer = body["payer"];
    if (!isObject(payer) || typeof payer["name"] !== "string" || typeof payer["email"] !== "string") return error(400, 5001, "Missing parameter. payer", "payer");
    const orderId = String(body["order_id"]);
    if (orderIds.has(orderId)) return error(400, 5009, "Order ID is duplicated.");
    const methodId = String(body["payment_method_id"]);
    const flow = String(body["payment_method_flow"]);
    const description = typeof body["description"] === "string" ? body["description"] : undefined;
    const p: Payment = {
      id: newId(),
      amount: majorOf(minor, currency),
      currency,
      country: String(body["country"]),
      payment_method_id: methodId,
      payment_method_type: methodId === "CARD" ? "CARD" : "TICKET",
      payment_method_flow: flow,
      order_id: orderId,
      ...(description !== undefined ? { description } : {}),
      status: "PENDING",
      status_code: "100",
      status_detail: "The payment is pending.",
      created_date: isoNow(),
      ...(typeof body["notification_url"] === "string" ? { notification_url: body["notification_url"] } : {}),
      ledger: new Ledger(minor),
    };
    if (methodId === "CARD") {
      const card = body["card"];
      if (!isObject(card)) return error(400, 5001, "Missing parameter. card", "card");
      let last4 = "";
      if (typeof card["number"] === "string") {
        // Card data only on /secure_payments.
        if (!secure) return error(400, 5000, "Invalid request. Card data must be sent to /secure_payments");
        const number = card["number"];
        if (!luhnValid(number)) return error(400, 5000, "Invalid request.", "card.number");
        const month = Number(card["expiration_month"]);
        const year = Number(card["expiration_year"]);
        if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year)) return error(400, 5000, "Invalid request.", "card.expiration_month");
        last4 = number.slice(-4);
        if (expired(month, year)) {
          setStatus(p, "REJECTED", "309", REJECTIONS["309"]);
        }
        p.card = { holder_name: typeof card["holder_name"] === "string" ? card["holder_name"] : "", expiration_month: month, expiration_year: year, last4, brand: number.startsWith("4") ? "VI" : "MC" };
        if (card["save"] === true) {
          // "save": true keeps the card; its card_id pays the next time.
          const cardId = `CV-${randomUUID()}`;
          savedCards.set(cardId, last4);
          p.card.card_id = cardId;
        }
      } else if (typeof card["card_id"] === "string") {
        last4 = savedCards.get(card["card_id"]) ?? "";
        if (!last4) return error(400, 5008, "Token not found or inactive.");
        p.card = { last4, card_id: card["card_id"] };
      } else if (typeof card["token"] === "string") {
        if (!/^CV-/.test(card["token"]) && !/^[A-Za-z0-9_-]{8,}$/.test(card["token"])) return error(400, 5008, "Token not found or inactive.");
        p.card = { last4: "1111" };
      } else {
        return error(400, 5001, "Missing parameter. card.number", "card.number");
      }
      orderIds.add(orderId);
      payments.set(p.id, p);
      const sandboxCode = description && /^3(0\d|1\d|2[0-5])$/.test(description) ? description : undefined;
      if (p.status !== "REJECTED" && sandboxCode) setStatus(p, "REJECTED", sandboxCode, REJECTIONS[sandboxCode] ?? "The payment was rejected.");
      if (p.status !== "REJECTED") {
        if (card["capture"] === false) setStatus(p, "AUTHORIZED");
        else {
          p.ledger.capture();
          setStatus(p, "PAID");
        }
      }
      notify(view(p));
      return { status: 200, json: view(p) };
    }
    const mobile = MOBILE_MONEY[p.country];
    if (mobile?.includes(methodId)) {
      if (flow !== "DIRECT") return error(400, 5000, "Invalid request.", "payment_method_flow");
      // "Sending phone is mandatory so that the user can receive the push notification."
      if (typeof payer["phone"] !== "string" || !/^\+[1-9]\d{6,14}$/.test(payer["phone"])) return error(400, 5001, "Missing parameter. payer.phone", "payer.phone");
      const metadata = body["metadata"];
      if (p.country === "GH" && !(isObject(metadata) && ["MTN", "VODAFONE", "TIGO"].includes(String(metadata["mobile_carrier"])))) {
        return error(400, 5001, "Missing parameter. metadata.mobile_carrier", "metadata.mobile_carrier");
      }
      orderIds.add(orderId);
      p.payment_method_type = "BANK_TRANSFER";
      p.bank_transfer = {};
      p.ticket = {};
      payments.set(p.id, p);
      // PENDING until the shopper enters the PIN (the emulator's /collect/{id}).
      return { status: 200, json: view(p) };
    }
    const redirectOnly = REDIRECT_ONLY[p.country];
    const redirectType = redirectOnly?.ids[methodId];
    if (redirectOnly && redirectType) {
      if (flow !== "REDIRECT") return error(400, 5000, "Invalid request.", "payment_method_flow");
      if (typeof body["callback_url"] !== "string") return error(400, 5001, "Missing parameter. callback_url", "callback_url");
      if (p.currency !== redirectOnly.currency) return error(400, 5000, "Invalid request.", "currency");
      orderIds.add(orderId);
      p.payment_method_type = redirectType;
      // The shopper pays at the bank or in the wallet: the emulator's /collect/{id} stands for it.
      p.redirect_url = `${ctx.origin}${ctx.mountPrefix}/collect/${encodeURIComponent(p.id)}`;
      payments.set(p.id, p);
      return { status: 200, json: view(p) };
    }
    const bank = BANK_TRANSFERS[methodId];
    if (bank) {
      if (bank.country !== p.country) return error(400, 5003, "Country not supported.");
      if (flow === "DIRECT" && !bank.direct) return error(400, 5000, "Invalid request.", "payment_method_flow");
      if (flow === "REDIRECT" && typeof body["callback_url"] !== "string") return error(400, 5001, "Missing parameter. callback_url", "callback_url");
      orderIds.add(orderId);
      p.payment_method_type = "BANK_TRANSFER";
      const page = `${ctx.origin}${ctx.mountPrefix}/collect/${encodeURIComponent(p.id)}`;
      if (flow === "DIRECT") {
        p.bank_transfer = {
          bank_account_type: "CHECKING",
          bank_name: "Banco Emulador S.A.",
          bank_code: "EMUL",
          beneficiary_name: "dLocal Emulator S.A.",
          bank_account: `32200018${String(payments.size + 1).padStart(14, "0")}`,
          bank_account_label: "CBU",
          reference: String(1_000_000_000_000 + payments.size + 1),
          redirect_url: page,
          user_payment_amount: p.amount,
        };
        p.ticket = {};
      } else {
        p.redirect_url = page;
      }
      payments.set(p.id, p);
      return { status: 200, json: view(p) };
    }
    if (!["BL", "OX", "PQ"].includes(methodId)) return error(400, 5010, "Method not available.");
    if (flow !== "REDIRECT") return error(400, 5000, "Invalid request.", "payment_method_flow");
    if (typeof body["callback_url"] !== "string") return error(400, 5001, "Missing parameter. callback_url", "callback_url");
    if ((methodId === "BL" || methodId === "PQ") && (p.country !== "BR" || typeof payer["document"] !== "string")) {
      return error(400, 5001, "Missing parameter. payer.document", "payer.document");
    }
    if (methodId === "OX" && p.country !== "MX") return error(400, 5003, "Country not supported.");
    orderIds.add(orderId);
    p.redirect_url = `${ctx.origin}${ctx.mountPrefix}/collect/${encodeURIComponent(p.id)}`;
    payments.set(p.id, p);
    return { status: 200, json: view(p) };
  }

  function capture(body: Json): EmuResponse {
    const p = typeof body["authorization_id"] === "string" ? payments.get(body["authorization_id"]) : undefined;
    if (!p) return error(404, 4000, "Payment not found.");
    if (p.status !== "AUTHORIZED") return error(400, 5002, "Invalid transaction status.");
    let minor = p.ledger.capturable;
    if (body["amount"] !== undefined) {
      if (typeof body["currency"] !== "string") return error(400, 5001, "Missing parameter. currency", "currency");
      if (body["currency"].toUpperCase() !== p.currency) return error(400, 5004, "Currency not allowed for this country.");
      const m = minorOf(body["amount"], p.currency);
      if (m === null) return error(400, 5000, "Invalid request.", "amount");
      minor = m;
    }
    if (p.ledger.capture(minor, true)) return error(400, 5007, "Amount exceeded.");
    setStatus(p, "PAID");
    notify(view(p));
    const answer = { ...view(p), id: newId(), authorization_id: p.id, amount: majorOf(minor, p.currency) };
    if (typeof body["order_id"] === "string") Object.assign(answer, { order_id: body["order_id"] });
    return { status: 200, json: answer };
  }

  function cancel(p: Payment): EmuResponse {
    if (p.status !== "AUTHORIZED" || p.ledger.void()) return error(400, 5002, "Invalid transaction status.");
    setStatus(p, "CANCELLED");
    notify(view(p));
    return { status: 200, json: view(p) };
  }

  function refund(body: Json): EmuResponse {
    const p = typeof body["payment_id"] === "string" ? payments.get(body["payment_id"]) : undefined;
    if (!p) return error(404, 4000, "Payment not found.");
    if (p.status !== "PAID") return error(400, 5002, "Invalid transaction status.");
    let minor = p.ledger.refundable;
    if (body["amount"] !== undefined) {
      if (typeof body["currency"] === "string" && body["currency"].toUpperCase() !== p.currency) return error(400, 5004, "Currency not allowed for this country.");
      const m = minorOf(body["amount"], p.currency);
      if (m === null) return error(400, 5000, "Invalid request.", "amount");
      minor = m;
    }
    if (p.ledger.refund(minor)) return error(400, 5007, "Amount exceeded.");
    const r: Refund = {
      id: `REF-${randomUUID()}`,
      payment_id: p.id,
      status: "SUCCESS",
      status_code: 200,
      status_detail: "The refund was paid",
      amount: majorOf(minor, p.currency),
      currency: p.currency,
      created_date: isoNow(),
    };
    refunds.set(r.id, r);
    notify(r as unknown as Json);
    return { status: 200, json: r };
  }

  /** EMULATOR-ONLY: the shopper pays the voucher, Pix or bank transfer, or enters the mobile money PIN. */
  function collect(p: Payment): EmuResponse {
    if (p.status !== "PENDING") return { status: 409, text: "this payment is not waiting for the shopper" };
    p.ledger.capture();
    setStatus(p, "PAID");
    notify(view(p));
    return { status: 200, text: "paid" };
  }

  function route(req: EmuRequest, body: Json): EmuResponse {
    const { method, path } = req;
    if (method === "POST" && path === "/secure_payments") return createPayment(body, true);
    if (method === "POST" && path === "/payments") return body["authorization_id"] !== undefined ? capture(body) : createPayment(body, false);
    if (method === "POST" && path === "/refunds") return refund(body);
    let m = /^\/payments\/([^/]+)(\/cancel)?$/.exec(path);
    if (m) {
      const p = payments.get(decodeURIComponent(m[1]!));
      if (!p) return error(404, 4000, "Payment not found.");
      if (method === "GET" && !m[2]) return { status: 200, json: view(p) };
      if (method === "POST" && m[2]) return cancel(p);
    }
    m = /^\/refunds\/([^/]+)$/.exec(path);
    if (m && method === "GET") {
      const r = refunds.get(decodeURIComponent(m[1]!));
      return r ? { status: 200, json: r } : error(404, 4000, "Refund not found.");
    }
    return error(404, 4000, "Not found.");
  }

  function handle(req: EmuRequest): EmuResponse {
    const pay = /^\/collect\/([^/]+)$/.exec(req.path);
    if (pay && (req.method === "GET" || req.method === "POST")) {
      const p = payments.get(decodeURIComponent(pay[1]!));
      return p ? collect(p) : { status: 404, text: "no such payment" };
    }
    const refused = checkSignature(req);
    if (refused) return refused;
    let body: Json = {};
    if (req.method === "POST" && req.rawBody.trim() !== "") {
      try {
        const parsed: unknown = JSON.parse(req.rawBody);
        if (!isObject(parsed)) return error(400, 5000, "Invalid request.");
        body = parsed;
      } catch {
        return error(400, 5000, "Invalid request.");
      }
    }
    return route(req, body);
  }

  return { handle };
}

export const emulator: ConnectorEmulator = { create: createDlocalEmulator };

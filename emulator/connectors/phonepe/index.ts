// PhonePe PG v1 emulator: POST /pg/v1/pay, POST /pg/v1/refund and
// GET /pg/v1/status/{merchantId}/{merchantTransactionId}, all signed with
// X-VERIFY = sha256hex(...) + "###" + saltIndex, plus a pay page for PAY_PAGE and the
// server-to-server callback.
//
// Shapes follow PhonePe's PG v1 API reference (developer.phonepe.com/v1/reference/pay-api,
// .../check-status-api, .../refund-8, .../server-to-server-callback-5): `{success, code, message,
// data}` envelopes, PAYMENT_INITIATED with `instrumentResponse`, status codes PAYMENT_SUCCESS /
// PAYMENT_ERROR / PAYMENT_PENDING / TRANSACTION_NOT_FOUND / AUTHORIZATION_FAILED / BAD_REQUEST.
//
// The emulator knows one merchant, PhonePe's published UAT test merchant.
// Status is deterministic: the first status call of a payment answers PAYMENT_PENDING, later
// calls (or any call after the shopper finished the pay page) answer the final state:
// failed when the UPI VPA starts with "fail" (e.g. failure@ybl), otherwise success.
//
// Refunds (a refund is its own PhonePe transaction, keyed by its merchantTransactionId, in the
// same namespace as payments): only a COMPLETED payment can be refunded, in several parts, never
// beyond what remains (refunds that have not failed count against it). The refund API answers
// PAYMENT_PENDING (PhonePe's documented answer); the refund's first status call answers
// PAYMENT_PENDING too, later ones PAYMENT_SUCCESS. A refund beyond the remaining amount fails with
// PAYMENT_ERROR and responseCode EXCESS_REFUND_AMOUNT (the reason PhonePe's refund docs name for
// it). Choices PhonePe does not document, kept explicit: the original payment unknown ->
// TRANSACTION_NOT_FOUND (HTTP 400, "Original transaction not found" as in PhonePe's refund code
// table); the payment not COMPLETED -> BAD_REQUEST.
//
// Callbacks: when the emulator has a webhook target, every payment or refund that reaches a final
// state is POSTed there as PhonePe's callback: `{"response": base64(<the status answer>)}` with
// `X-VERIFY: sha256hex(response + saltKey) + "###" + saltIndex`. A refund's status answer (and so
// its callback) has no `paymentInstrument` key, as in PhonePe's refund samples.

import { createHash, randomBytes } from "node:crypto";
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { DIGITS, randomString } from "../../core/ids.js";
import type { Json } from "../../core/json.js";
import { Ledger } from "../../core/ledger.js";
import { deliverToUrl } from "../../core/webhooks.js";

export const PHONEPE_TEST_MERCHANT = {
  merchantId: "PGTESTPAYUAT",
  saltKey: "099eb0cd-02cf-4e2a-8aca-3e6c6aff0399",
  saltIndex: "1",
} as const;

const MERCHANTS = new Map<string, { saltKey: string; saltIndex: string }>([
  [PHONEPE_TEST_MERCHANT.merchantId, { saltKey: PHONEPE_TEST_MERCHANT.saltKey, saltIndex: PHONEPE_TEST_MERCHANT.saltIndex }],
]);

const INSTRUMENTS = new Set(["PAY_PAGE", "UPI_COLLECT", "UPI_INTENT", "UPI_QR"]);

type TxnState = "PENDING" | "COMPLETED" | "FAILED";

interface Txn {
  kind: "payment" | "refund";
  merchantId: string;
  merchantTransactionId: string;
  transactionId: string;
  amount: number;
  state: TxnState;
  /** Payments: the UPI instrument type. */
  instrument?: string;
  vpa?: string;
  redirectUrl?: string;
  willFail: boolean;
  statusCalls: number;
  utr: string;
  payPageToken?: string;
  /** Refunds: the reason of a failed refund. */
  responseCode?: string;
  /** Payments: keys of its refunds, in order. */
  refunds: string[];
  /** Payments: the amount paid and what accepted refunds took of it (refused ones do not count). */
  ledger: Ledger;
}

export function sha256Hex(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

const digits = (n: number): string => randomString(n, DIGITS);

function fail(status: number, code: string, message: string): EmuResponse {
  return { status, json: { success: false, code, message, data: {} } };
}

const BAD_REQUEST_MESSAGE = "Please check the inputs you have provided.";

/** Checks `X-VERIFY: <sha256 hex>###<saltIndex>` against `toSign + saltKey`. */
function verify(header: unknown, toSign: string, merchant: { saltKey: string; saltIndex: string }): boolean {
  if (typeof header !== "string") return false;
  const parts = header.split("###");
  if (parts.length !== 2) return false;
  const [hash, index] = parts as [string, string];
  return index === merchant.saltIndex && hash.toLowerCase() === sha256Hex(toSign + merchant.saltKey);
}

export function createPhonePeEmulator(ctx: EmuContext): EmuMount {
  const txns = new Map<string, Txn>(); // `${merchantId}/${merchantTransactionId}`
  const payPages = new Map<string, Txn>();

  function pay(req: EmuRequest): EmuResponse {
    let base64Payload: string;
    try {
      const body = JSON.parse(req.rawBody || "") as Json;
      if (typeof body?.["request"] !== "string" || body["request"] === "") throw new Error("no request");
      base64Payload = body["request"];
    } catch {
      return fail(400, "BAD_REQUEST", BAD_REQUEST_MESSAGE);
    }
    let payload: Json;
    try {
      const decoded = JSON.parse(Buffer.from(base64Payload, "base64").toString("utf8")) as unknown;
      if (!decoded || typeof decoded !== "object" || Array.isArray(decoded)) throw new Error("not an object");
      payload = decoded as Json;
    } catch {
      return fail(400, "BAD_REQUEST", BAD_REQUEST_MESSAGE);
    }
    const merchantId = payload["merchantId"];
    const merchant = typeof merchantId === "string" ? MERCHANTS.get(merchantId) : undefined;
    if (!merchant) return fail(400, "KEY_NOT_CONFIGURED", "Key not found for the merchant");
    if (!verify(req.headers["x-verify"], base64Payload + "/pg/v1/pay", merchant)) {
      ctx.log("phonepe: pay with a bad X-VERIFY checksum");
      return fail(401, "AUTHORIZATION_FAILED", "X-VERIFY header is incorrect");
    }

    const mtid = payload["merchantTransactionId"];
    const amount = payload["amount"];
    const instrument = payload["paymentInstrument"] as Json | undefined;
    const type = instrument && typeof instrument === "object" ? instrument["type"] : undefined;
    if (
      typeof mtid !== "string" || !/^[A-Za-z0-9_-]{1,34}$/.test(mtid) ||
      typeof amount !== "number" || !Number.isInteger(amount) || amount < 100 ||
      typeof payload["callbackUrl"] !== "string" ||
      typeof type !== "string" || !INSTRUMENTS.has(type) ||
      (type === "PAY_PAGE" && typeof payload["merchantUserId"] !== "string") ||
      (type === "UPI_COLLECT" && typeof instrument!["vpa"] !== "string")
    ) {
      return fail(400, "BAD_REQUEST", BAD_REQUEST_MESSAGE);
    }
    const key = `${merchantId}/${mtid}`;
    if (txns.has(key)) return fail(400, "INVALID_TRANSACTION_ID", "Duplicate TransactionID");

    const vpa = type === "UPI_COLLECT" ? String(instrument!["vpa"]) : undefined;
    const txn: Txn = {
      kind: "payment",
      merchantId: merchantId as string,
      merchantTransactionId: mtid,
      transactionId: `T${digits(22)}`,
      amount,
      state: "PENDING",
      instrument: type,
      vpa,
      redirectUrl: typeof payload["redirectUrl"] === "string" ? payload["redirectUrl"] : undefined,
      willFail: vpa !== undefined && vpa.toLowerCase().startsWith("fail"),
      statusCalls: 0,
      utr: digits(12),
      refunds: [],
      ledger: new Ledger(amount, { captured: true }),
    };
    txns.set(key, txn);
    ctx.log(`phonepe: ${key} ${type} initiated${txn.willFail ? " (will fail)" : ""}`);

    const instrumentResponse: Json = { type };
    if (type === "PAY_PAGE") {
      const token = randomBytes(24).toString("base64url");
      txn.payPageToken = token;
      payPages.set(token, txn);
      instrumentResponse["redirectInfo"] = { url: `${ctx.origin}/phonepe/_emulator/transact?token=${token}`, method: "GET" };
    } else if (type === "UPI_INTENT" || type === "UPI_QR") {
      const rupees = (amount / 100).toFixed(2);
      instrumentResponse["intentUrl"] =
        `upi://pay?pa=${txn.merchantId}@ybl&pn=${txn.merchantId}&am=${rupees}&mam=${rupees}` +
        `&tr=${txn.transactionId}&tn=${encodeURIComponent(`Payment for ${txn.transactionId}`)}&mc=5311&mode=04&purpose=00`;
      if (type === "UPI_QR") instrumentResponse["qrData"] = Buffer.from(String(instrumentResponse["intentUrl"])).toString("base64");
    }
    return {
      status: 200,
      json: {
        success: true,
        code: "PAYMENT_INITIATED",
        message: "Payment initiated",
        data: { merchantId: txn.merchantId, merchantTransactionId: txn.merchantTransactionId, instrumentResponse },
      },
    };
  }

  /** The status API's answer for a transaction (also the payload of its callback). */
  function statusBody(txn: Txn): Json {
    const data: Json = {
      merchantId: txn.merchantId,
      merchantTransactionId: txn.merchantTransactionId,
      transactionId: txn.transactionId,
      amount: txn.amount,
      state: txn.state,
    };
    if (txn.kind === "refund") {
      // PhonePe's refund samples: no paymentInstrument key.
      if (txn.state === "PENDING") {
        data["responseCode"] = "PAYMENT_PENDING";
        return { success: true, code: "PAYMENT_PENDING", message: "Your request has been successfully completed.", data };
      }
      if (txn.state === "FAILED") {
        data["responseCode"] = txn.responseCode ?? "REFUND_FAILED";
        return { success: false, code: "PAYMENT_ERROR", message: "Payment Failed", data };
      }
      data["responseCode"] = "SUCCESS";
      return { success: true, code: "PAYMENT_SUCCESS", message: "Your request has been successfully completed.", data };
    }
    if (txn.state === "PENDING") {
      data["responseCode"] = null;
      data["paymentInstrument"] = null;
      return { success: true, code: "PAYMENT_PENDING", message: "Your payment is in pending state.", data };
    }
    if (txn.state === "FAILED") {
      data["responseCode"] = "ZM";
      data["paymentInstrument"] = null;
      return { success: false, code: "PAYMENT_ERROR", message: "Payment Failed", data };
    }
    data["responseCode"] = "SUCCESS";
    data["paymentInstrument"] = { type: "UPI", utr: txn.utr };
    return { success: true, code: "PAYMENT_SUCCESS", message: "Your payment is successful.", data };
  }

  /** Moves a transaction to its final state and sends PhonePe's callback for it. */
  async function settle(txn: Txn): Promise<void> {
    if (txn.state !== "PENDING") return;
    txn.state = txn.willFail ? "FAILED" : "COMPLETED";
    ctx.log(`phonepe: ${txn.kind} ${txn.merchantId}/${txn.merchantTransactionId} -> ${txn.state}`);
    await callback(txn);
  }

  async function callback(txn: Txn): Promise<void> {
    const merchant = MERCHANTS.get(txn.merchantId);
    if (!merchant) return;
    await deliverToUrl(ctx, () => {
      const response = Buffer.from(JSON.stringify(statusBody(txn)), "utf8").toString("base64");
      const xVerify = `${sha256Hex(response + merchant.saltKey)}###${merchant.saltIndex}`;
      return { body: JSON.stringify({ response }), headers: { "Content-Type": "application/json", "X-VERIFY": xVerify } };
    });
  }

  async function status(req: EmuRequest, merchantId: string, mtid: string): Promise<EmuResponse> {
    const merchant = MERCHANTS.get(merchantId);
    if (!merchant) return fail(400, "KEY_NOT_CONFIGURED", "Key not found for the merchant");
    if (!verify(req.headers["x-verify"], `/pg/v1/status/${merchantId}/${mtid}`, merchant)) {
      ctx.log("phonepe: status with a bad X-VERIFY checksum");
      return fail(401, "AUTHORIZATION_FAILED", "X-VERIFY header is incorrect");
    }
    if (req.headers["x-merchant-id"] !== merchantId) return fail(400, "BAD_REQUEST", BAD_REQUEST_MESSAGE);
    const txn = txns.get(`${merchantId}/${mtid}`);
    if (!txn) return fail(404, "TRANSACTION_NOT_FOUND", "No Transaction found with the given details.");

    // The first status call of a transaction sees it pending; the next one sees it final.
    if (txn.statusCalls > 0) await settle(txn);
    txn.statusCalls++;
    const body = statusBody(txn);
    ctx.log(`phonepe: status ${merchantId}/${mtid} -> ${String(body["code"])}`);
    return { status: 200, json: body };
  }

  function refund(req: EmuRequest): EmuResponse {
    let base64Payload: string;
    let payload: Json;
    try {
      const body = JSON.parse(req.rawBody || "") as Json;
      if (typeof body?.["request"] !== "string" || body["request"] === "") throw new Error("no request");
      base64Payload = body["request"];
      const decoded = JSON.parse(Buffer.from(base64Payload, "base64").toString("utf8")) as unknown;
      if (!decoded || typeof decoded !== "object" || Array.isArray(decoded)) throw new Error("not an object");
      payload = decoded as Json;
    } catch {
      return fail(400, "BAD_REQUEST", BAD_REQUEST_MESSAGE);
    }
    const merchantId = payload["merchantId"];
    const merchant = typeof merchantId === "string" ? MERCHANTS.get(merchantId) : undefined;
    if (!merchant) return fail(400, "KEY_NOT_CONFIGURED", "Key not found for the merchant");
    if (!verify(req.headers["x-verify"], base64Payload + "/pg/v1/refund", merchant)) {
      ctx.log("phonepe: refund with a bad X-VERIFY checksum");
      return fail(401, "AUTHORIZATION_FAILED", "X-VERIFY header is incorrect");
    }
    const mtid = payload["merchantTransactionId"];
    const original = payload["originalTransactionId"];
    const amount = payload["amount"];
    if (
      typeof mtid !== "string" || !/^[A-Za-z0-9_-]{1,34}$/.test(mtid) ||
      typeof original !== "string" || original === "" ||
      typeof amount !== "number" || !Number.isInteger(amount) || amount < 100 ||
      (payload["callbackUrl"] !== undefined && typeof payload["callbackUrl"] !== "string")
    ) {
      return fail(400, "BAD_REQUEST", BAD_REQUEST_MESSAGE);
    }
    const payment = txns.get(`${merchantId}/${original}`);
    if (!payment || payment.kind !== "payment") return fail(400, "TRANSACTION_NOT_FOUND", "Original transaction not found");
    const key = `${merchantId}/${mtid}`;
    if (txns.has(key)) return fail(400, "INVALID_TRANSACTION_ID", "Duplicate TransactionID");
    if (payment.state !== "COMPLETED") return fail(400, "BAD_REQUEST", BAD_REQUEST_MESSAGE);

    const txn: Txn = {
      kind: "refund",
      merchantId: merchantId as string,
      merchantTransactionId: mtid,
      transactionId: `TR${digits(20)}`,
      amount,
      state: "PENDING",
      willFail: false,
      statusCalls: 0,
      utr: digits(12),
      refunds: [],
      ledger: new Ledger(amount, { captured: true }),
    };
    const left = payment.ledger.refundable;
    // The refund id is taken either way: PhonePe keeps the failed refund too.
    txns.set(key, txn);
    payment.refunds.push(key);
    if (payment.ledger.refund(amount)) {
      txn.state = "FAILED";
      txn.responseCode = "EXCESS_REFUND_AMOUNT";
      ctx.log(`phonepe: refund ${key} of ${amount} refused, ${left} left`);
      return { status: 200, json: statusBody(txn) };
    }
    ctx.log(`phonepe: refund ${key} of ${amount} initiated (${left - amount} left)`);
    return {
      status: 200,
      json: {
        success: true,
        code: "PAYMENT_PENDING",
        message: "Your request has been successfully completed.",
        data: statusBody(txn)["data"],
      },
    };
  }

  /** The shopper finishing the pay page (?outcome=fail makes the payment fail). */
  async function transact(query: URLSearchParams): Promise<EmuResponse> {
    const txn = payPages.get(query.get("token") ?? "");
    if (!txn) return { status: 404, text: "unknown pay page token" };
    if (query.get("outcome") === "fail") txn.willFail = true;
    await settle(txn);
    if (!txn.redirectUrl) return { status: 200, text: "payment completed" };
    return { status: 302, headers: { Location: txn.redirectUrl }, text: "" };
  }

  return {
    handle(req: EmuRequest): EmuResponse | Promise<EmuResponse> {
      const path = req.path.replace(/\/+$/, "");
      if (req.method === "GET" && path === "/_emulator/transact") return transact(req.query);
      if (req.method === "POST" && path === "/pg/v1/pay") return pay(req);
      if (req.method === "POST" && path === "/pg/v1/refund") return refund(req);
      const m = /^\/pg\/v1\/status\/([^/]+)\/([^/]+)$/.exec(path);
      if (m && req.method === "GET") return status(req, decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
      return fail(404, "NOT_FOUND", `No route for ${req.method} ${path}`);
    },
  };
}

export const emulator: ConnectorEmulator = { create: createPhonePeEmulator };

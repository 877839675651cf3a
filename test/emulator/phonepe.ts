// PhonePe PG v1 emulator: POST /pg/v1/pay and GET /pg/v1/status/{merchantId}/{merchantTransactionId},
// both signed with X-VERIFY = sha256hex(...) + "###" + saltIndex, plus a pay page for PAY_PAGE.
//
// Shapes follow PhonePe's PG v1 API reference (developer.phonepe.com/v1/reference/pay-api,
// .../check-status-api): `{success, code, message, data}` envelopes, PAYMENT_INITIATED with
// `instrumentResponse`, status codes PAYMENT_SUCCESS / PAYMENT_ERROR / PAYMENT_PENDING /
// TRANSACTION_NOT_FOUND / AUTHORIZATION_FAILED / BAD_REQUEST.
//
// The emulator knows one merchant, PhonePe's published UAT test merchant.
// Status is deterministic: the first status call of a payment answers PAYMENT_PENDING, later
// calls (or any call after the shopper finished the pay page) answer the final state:
// failed when the UPI VPA starts with "fail" (e.g. failure@ybl), otherwise success.

import { createHash, randomBytes } from "node:crypto";
import type { EmuContext, EmuMount, EmuRequest, EmuResponse } from "./index.js";

type Json = Record<string, unknown>;

export const PHONEPE_TEST_MERCHANT = {
  merchantId: "PGTESTPAYUAT",
  saltKey: "099eb0cd-02cf-4e2a-8aca-3e6c6aff0399",
  saltIndex: "1",
} as const;

const MERCHANTS = new Map<string, { saltKey: string; saltIndex: string }>([
  [PHONEPE_TEST_MERCHANT.merchantId, { saltKey: PHONEPE_TEST_MERCHANT.saltKey, saltIndex: PHONEPE_TEST_MERCHANT.saltIndex }],
]);

const INSTRUMENTS = new Set(["PAY_PAGE", "UPI_COLLECT", "UPI_INTENT", "UPI_QR"]);

interface Txn {
  merchantId: string;
  merchantTransactionId: string;
  transactionId: string;
  amount: number;
  instrument: string;
  vpa?: string;
  redirectUrl?: string;
  willFail: boolean;
  statusCalls: number;
  shopperDone: boolean;
  utr: string;
  payPageToken?: string;
}

export function sha256Hex(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

function digits(n: number): string {
  const bytes = randomBytes(n);
  let s = "";
  for (let i = 0; i < n; i++) s += String(bytes[i]! % 10);
  return s;
}

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
      merchantId: merchantId as string,
      merchantTransactionId: mtid,
      transactionId: `T${digits(22)}`,
      amount,
      instrument: type,
      vpa,
      redirectUrl: typeof payload["redirectUrl"] === "string" ? payload["redirectUrl"] : undefined,
      willFail: vpa !== undefined && vpa.toLowerCase().startsWith("fail"),
      statusCalls: 0,
      shopperDone: false,
      utr: digits(12),
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

  function status(req: EmuRequest, merchantId: string, mtid: string): EmuResponse {
    const merchant = MERCHANTS.get(merchantId);
    if (!merchant) return fail(400, "KEY_NOT_CONFIGURED", "Key not found for the merchant");
    if (!verify(req.headers["x-verify"], `/pg/v1/status/${merchantId}/${mtid}`, merchant)) {
      ctx.log("phonepe: status with a bad X-VERIFY checksum");
      return fail(401, "AUTHORIZATION_FAILED", "X-VERIFY header is incorrect");
    }
    if (req.headers["x-merchant-id"] !== merchantId) return fail(400, "BAD_REQUEST", BAD_REQUEST_MESSAGE);
    const txn = txns.get(`${merchantId}/${mtid}`);
    if (!txn) return fail(404, "TRANSACTION_NOT_FOUND", "No Transaction found with the given details.");

    const pending = txn.statusCalls === 0 && !txn.shopperDone;
    txn.statusCalls++;
    const data: Json = {
      merchantId: txn.merchantId,
      merchantTransactionId: txn.merchantTransactionId,
      transactionId: txn.transactionId,
      amount: txn.amount,
    };
    let body: Json;
    if (pending) {
      data["state"] = "PENDING";
      data["responseCode"] = null;
      data["paymentInstrument"] = null;
      body = { success: true, code: "PAYMENT_PENDING", message: "Your payment is in pending state.", data };
    } else if (txn.willFail) {
      data["state"] = "FAILED";
      data["responseCode"] = "ZM";
      data["paymentInstrument"] = null;
      body = { success: false, code: "PAYMENT_ERROR", message: "Payment Failed", data };
    } else {
      data["state"] = "COMPLETED";
      data["responseCode"] = "SUCCESS";
      data["paymentInstrument"] = { type: "UPI", utr: txn.utr };
      body = { success: true, code: "PAYMENT_SUCCESS", message: "Your payment is successful.", data };
    }
    ctx.log(`phonepe: status ${merchantId}/${mtid} -> ${String(body["code"])}`);
    return { status: 200, json: body };
  }

  /** The shopper finishing the pay page (?outcome=fail makes the payment fail). */
  function transact(query: URLSearchParams): EmuResponse {
    const txn = payPages.get(query.get("token") ?? "");
    if (!txn) return { status: 404, text: "unknown pay page token" };
    if (query.get("outcome") === "fail") txn.willFail = true;
    txn.shopperDone = true;
    if (!txn.redirectUrl) return { status: 200, text: "payment completed" };
    return { status: 302, headers: { Location: txn.redirectUrl }, text: "" };
  }

  return {
    handle(req: EmuRequest): EmuResponse {
      const path = req.path.replace(/\/+$/, "");
      if (req.method === "GET" && path === "/_emulator/transact") return transact(req.query);
      if (req.method === "POST" && path === "/pg/v1/pay") return pay(req);
      const m = /^\/pg\/v1\/status\/([^/]+)\/([^/]+)$/.exec(path);
      if (m && req.method === "GET") return status(req, decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
      return fail(404, "NOT_FOUND", `No route for ${req.method} ${path}`);
    },
  };
}

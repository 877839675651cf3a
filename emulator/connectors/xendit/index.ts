// Xendit emulator (Payments API, as the official Node SDK `xendit-node` 7.0.0 calls it):
// POST /payment_requests, GET /payment_requests/{id}, POST /payment_requests/{id}/captures,
// POST /refunds, GET /refunds/{id}; online banking (payment_method DIRECT_DEBIT with an online
// banking channel: REQUIRES_ACTION, the bank's page at /xendit/actions/{id}); Payment Sessions
// (POST /sessions, GET /sessions/{id}, the hosted page at /xendit/session-pages/{id} where the
// emulator's shopper pays with the frictionless test card); virtual accounts (payment_method VIRTUAL_ACCOUNT, paid by the
// EMULATOR-ONLY POST /emulator/virtual_accounts/{payment request id}/pay standing in for the
// shopper's transfer); the Payment Method API's POST /v2/payment_methods (a MULTIPLE_USE card),
// GET /v2/payment_methods/{id} and POST /v2/payment_methods/{id}/expire; the shopper's pages behind REQUIRES_ACTION (3-D Secure, the
// e-wallet's checkout) at /xendit/actions/{id}; and, when the emulator has a webhook target for
// `xendit`, the callbacks (payment.succeeded, payment.failed, payment.awaiting_capture,
// refund.succeeded, payment_session.completed) POSTed with the `x-callback-token` header set to the merchant's verification
// token (Xendit signs nothing: https://docs.xendit.co/api-integration/callback/setup).
//
// Shapes follow Xendit's material: the SDK's models (PaymentRequest, PaymentRequestAction,
// Capture, Refund, PaymentCallback, RefundCallback), HTTP Basic with the secret key as user name
// and an empty password, the error object {error_code, message} and the codes of "Error
// scenarios" (API_VALIDATION_ERROR, CARD_EXPIRED, CAPTURE_AMOUNT_EXCEEDED, REFUND_AMOUNT_EXCEEDED,
// INACTIVE_PAYMENT_REQUEST, DATA_NOT_FOUND, INVALID_API_KEY, IDEMPOTENCY_ERROR), amounts as JSON
// numbers in major units (IDR and VND whole, PHP/THB/MYR/USD two decimals), and the test cards of
// https://docs.xendit.co/credit-cards/integrations/test-scenarios (4000000000001091 and
// 5200000000001096: 3-D Secure challenge; 4000000000001000 and 5200000000001005: frictionless;
// 4000000000000010 and 5200000000000015: authentication fails unless 3-D Secure is skipped).

import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { expired, luhnValid } from "../../core/cards.js";
import { isObject, type Json } from "../../core/json.js";
import { IdempotencyKeys } from "../../core/idempotency.js";
import { Ledger } from "../../core/ledger.js";
import { parseDecimal } from "../../core/money.js";
import { redirectBack } from "../../core/redirect.js";
import { deliver } from "../../core/webhooks.js";

/** The emulator's secret API key (test mode); any other is refused with 401. */
export const XENDIT_API_KEY = "xnd_development_EmulatorDemoKey000000000000";
/** The business the emulator's payments belong to. */
const BUSINESS_ID = "5f27a14a9bf05c73dd040bc8";

/** Xendit's decimals per currency of the Payment Requests API. */
const DECIMALS: Record<string, number> = { IDR: 0, VND: 0, PHP: 2, THB: 2, MYR: 2, USD: 2 };
const CHALLENGE_CARDS = new Set(["4000000000001091", "5200000000001096", "3337000000200004"]);
const FAILS_AUTHENTICATION = new Set(["4000000000000010", "5200000000000015"]);
/** A token the emulator's "Xendit.js" made stands for the frictionless test card. */
const TOKEN_CARD = "4000000000001000";
const EWALLETS = new Set(["GCASH", "GRABPAY", "PAYMAYA", "DANA", "OVO", "LINKAJA", "SHOPEEPAY", "TOUCHNGO", "WECHATPAY", "ALIPAY"]);

interface PaymentMethod {
  id: string;
  type: "CARD" | "EWALLET" | "VIRTUAL_ACCOUNT" | "DIRECT_DEBIT";
  reusability: "ONE_TIME_USE" | "MULTIPLE_USE";
  status: "ACTIVE" | "REQUIRES_ACTION" | "EXPIRED";
  card?: Json;
  ewallet?: Json;
  virtual_account?: Json;
  direct_debit?: Json;
  /** The Payment Method API's own fields (setupMandate's payment methods). */
  reference_id?: string;
  customer_id?: string | null;
  actions?: Json[];
  failure_code?: string | null;
}

/** VirtualAccountChannelCode banks and their currency (Indonesian in IDR, Vietnamese in VND). */
const VA_BANKS: Record<string, string> = {
  BCA: "IDR", BJB: "IDR", BNI: "IDR", BRI: "IDR", MANDIRI: "IDR", PERMATA: "IDR", BSI: "IDR", CIMB: "IDR", SAHABAT_SAMPOERNA: "IDR",
  ARTAJASA: "IDR", MUAMALAT: "IDR", PV: "VND", VIETCAPITAL: "VND", WOORI: "VND", MSB: "VND", VPB: "VND", BIDV: "VND",
};

/**
 * The DIRECT_DEBIT channels (DirectDebitChannelCode of xendit-node 7.0.0) where the shopper pays in
 * their bank's own page or app, and the currency of each: Malaysia's FPX banks, the Philippines'
 * online banking, Thailand's mobile banking, BCA KlikPay.
 */
const FPX_BANKS = ["AFFIN", "AGRO", "ALLIANCE", "AMBANK", "ISLAM", "MUAMALAT", "BOC", "RAKYAT", "BSN", "CIMB", "HLB", "HSBC", "KFH", "MAYB2E", "MAYB2U", "OCBC", "PUBLIC", "RHB", "SCH", "UOB"];
const FPX_BUSINESS = ["AFFIN", "AGRO", "ALLIANCE", "AMBANK", "ISLAM", "MUAMALAT", "BNP", "CIMB", "CITIBANK", "DEUTSCHE", "HLB", "HSBC", "RAKYAT", "KFH", "MAYB2E", "OCBC", "PUBLIC", "RHB", "SCH", "UOB"];
const PH_ONLINE = ["BDO", "BPI", "UNIONBANK", "BOC", "CHINABANK", "INSTAPAY", "LANDBANK", "MAYBANK", "METROBANK", "PNB", "PSBANK", "PESONET", "RCBC", "ROBINSONS_BANK", "SECURITY_BANK"];
const ONLINE_BANKING: Record<string, string> = Object.fromEntries([
  ...FPX_BANKS.map((b) => [`${b}_FPX`, "MYR"]),
  ...FPX_BUSINESS.map((b) => [`${b}_FPX_BUSINESS`, "MYR"]),
  ...PH_ONLINE.map((b) => [`${b}_ONLINE_BANKING`, "PHP"]),
  ...["KBANK", "BAY", "KTB", "BBL", "SCB"].map((b) => [`${b}_MB`, "THB"]),
  ["BCA_KLIKPAY", "IDR"],
]);

/** A Payment Session (POST /sessions, mode PAYMENT_LINK). */
interface Session {
  payment_session_id: string;
  created: string;
  updated: string;
  reference_id: string;
  customer_id: string;
  session_type: "PAY";
  currency: string;
  amount: number;
  country: string;
  mode: "PAYMENT_LINK";
  capture_method: "AUTOMATIC" | "MANUAL";
  allowed_payment_channels: string[] | null;
  expires_at: string;
  locale: string;
  description: string | null;
  success_return_url: string | null;
  cancel_return_url: string | null;
  metadata: Json | null;
  status: "ACTIVE" | "COMPLETED" | "EXPIRED" | "CANCELED";
  payment_link_url: string;
  payment_token_id: null;
  payment_request_id: string | null;
  business_id: string;
}

interface PaymentRequest {
  id: string;
  created: string;
  updated: string;
  reference_id: string;
  business_id: string;
  amount: number;
  currency: string;
  country?: string;
  capture_method: "AUTOMATIC" | "MANUAL";
  status: "PENDING" | "REQUIRES_ACTION" | "AWAITING_CAPTURE" | "SUCCEEDED" | "FAILED" | "CANCELED";
  failure_code: string | null;
  actions: Json[];
  payment_method: PaymentMethod;
  description?: string;
  metadata: Json | null;
  /** Where the shopper goes back after the action page (not on the wire). */
  returnUrl?: string;
}

interface Refund {
  id: string;
  payment_request_id: string;
  invoice_id: null;
  amount: number;
  payment_method_type: string;
  channel_code: string;
  currency: string;
  status: "SUCCEEDED" | "PENDING" | "FAILED";
  reason: string;
  reference_id: string;
  failure_code: null;
  refund_fee_amount: null;
  created: string;
  updated: string;
  metadata: Json | null;
}

const iso = () => new Date().toISOString();
const uuid = () => crypto.randomUUID();

function error(status: number, code: string, message: string): EmuResponse {
  return { status, json: { error_code: code, message } };
}
const invalid = (message: string) => error(400, "API_VALIDATION_ERROR", message);

/** A JSON number in major units → Xendit's integer units of the currency; null when not exact. */
function units(amount: unknown, currency: string): number | null {
  if (typeof amount !== "number" || !Number.isFinite(amount) || amount <= 0) return null;
  return parseDecimal(String(amount), DECIMALS[currency] ?? 0);
}
/** Xendit's integer units back as the JSON number it writes. */
function major(n: number, currency: string): number {
  return n / 10 ** (DECIMALS[currency] ?? 0);
}

export function createXenditEmulator(ctx: EmuContext): EmuMount {
  const payments = new Map<string, PaymentRequest>();
  const ledgers = new Map<string, Ledger>();
  const refunds = new Map<string, Refund>();
  const savedMethods = new Map<string, PaymentMethod>();
  const sessions = new Map<string, Session>();
  const idempotent = new IdempotencyKeys();

  function wire(p: PaymentRequest): Json {
    const { returnUrl: _, ...out } = p;
    return { ...out, amount: major(p.amount, p.currency) } as Json;
  }

  /** POSTs a callback with the verification token the target holds. */
  function emit(event: string, data: Json): void {
    const body = JSON.stringify({ event, business_id: BUSINESS_ID, created: iso(), data, api_version: null });
    void deliver(ctx, (token) => ({ body, headers: { "Content-Type": "application/json", "x-callback-token": token } }));
  }

  function paymentEvent(p: PaymentRequest): void {
    const event = { SUCCEEDED: "payment.succeeded", FAILED: "payment.failed", AWAITING_CAPTURE: "payment.awaiting_capture" }[p.status as string];
    if (!event) return;
    emit(event, {
      id: `py-${uuid()}`,
      payment_request_id: p.id,
      reference_id: p.reference_id,
      amount: major(p.amount, p.currency),
      currency: p.currency,
      country: p.country ?? null,
      status: p.status,
      failure_code: p.failure_code,
      capture_method: p.capture_method,
      payment_method: p.payment_method,
      created: p.created,
      updated: p.updated,
      metadata: p.metadata,
    });
  }

  function settle(p: PaymentRequest, ok: boolean, failure?: string): void {
    p.actions = [];
    p.updated = iso();
    if (!ok) {
      p.status = "FAILED";
      p.failure_code = failure ?? "DECLINED_BY_ISSUER";
    } else {
      p.status = p.capture_method === "MANUAL" ? "AWAITING_CAPTURE" : "SUCCEEDED";
      ledgers.set(p.id, new Ledger(p.amount, { captured: p.status === "SUCCEEDED" }));
      if (p.payment_method.reusability === "MULTIPLE_USE") savedMethods.set(p.payment_method.id, p.payment_method);
    }
    p.payment_method.status = ok ? "ACTIVE" : "EXPIRED";
    paymentEvent(p);
  }

  function requireAction(p: PaymentRequest): void {
    p.status = "REQUIRES_ACTION";
    p.payment_method.status = "REQUIRES_ACTION";
    p.actions = [{ action: "AUTH", url_type: "WEB", method: "GET", url: `${ctx.origin}${ctx.mountPrefix}/actions/${p.id}`, qr_code: null }];
  }

  /** The card of `card_information`, or an error answer. */
  function readCard(info: Json): { number: string; masked: Json } | EmuResponse {
    if (typeof info["token_id"] === "string") {
      return { number: TOKEN_CARD, masked: { token_id: info["token_id"], masked_card_number: "400000XXXXXX1000", network: "VISA" } };
    }
    const number = String(info["card_number"] ?? "");
    if (!luhnValid(number)) {
      if (number) ctx.log(`xendit: card ${ctx.maskPan(number)} is not a valid card number`);
      return invalid("card_number is invalid");
    }
    const month = Number(info["expiry_month"]);
    const year = Number(info["expiry_year"]);
    if (!(month >= 1 && month <= 12) || !(year >= 2000)) return invalid("expiry_month and expiry_year are MM and YYYY");
    if (expired(month, year)) return error(400, "CARD_EXPIRED", "The card expiry date in the request has already passed.");
    if (info["cvv"] !== undefined && !/^\d{3,4}$/.test(String(info["cvv"]))) return invalid("cvv is invalid");
    return {
      number,
      masked: { masked_card_number: `${number.slice(0, 6)}XXXXXX${number.slice(-4)}`, expiry_month: info["expiry_month"], expiry_year: info["expiry_year"] },
    };
  }

  function create(body: Json): EmuResponse {
    const currency = String(body["currency"] ?? "");
    if (!(currency in DECIMALS)) return invalid("currency must be one of IDR, PHP, VND, THB, MYR, USD");
    const amount = units(body["amount"], currency);
    if (amount === null) return invalid(`amount must be a positive number with at most ${DECIMALS[currency]} decimals for ${currency}`);
    if (typeof body["reference_id"] !== "string" || body["reference_id"] === "") return invalid("reference_id is required");
    const capture = body["capture_method"] === "MANUAL" ? "MANUAL" : "AUTOMATIC";
    let method: PaymentMethod;
    let number: string | undefined;
    let returnUrl: string | undefined;
    let skip3ds = false;
    if (typeof body["payment_method_id"] === "string") {
      const saved = savedMethods.get(body["payment_method_id"]);
      if (!saved) return error(404, "DATA_NOT_FOUND", "Payment method not found");
      if (saved.status !== "ACTIVE") return error(400, "INVALID_PAYMENT_METHOD_STATUS", `The payment method is ${saved.status}`);
      method = saved;
    } else if (isObject(body["payment_method"])) {
      const pm = body["payment_method"];
      const reusability = pm["reusability"] === "MULTIPLE_USE" ? "MULTIPLE_USE" : "ONE_TIME_USE";
      if (pm["type"] === "CARD" && isObject(pm["card"])) {
        const card = pm["card"];
        const props = isObject(card["channel_properties"]) ? card["channel_properties"] : {};
        const read = readCard(isObject(card["card_information"]) ? card["card_information"] : {});
        if ("status" in read) return read;
        number = read.number;
        skip3ds = props["skip_three_d_secure"] === true;
        returnUrl = typeof props["success_return_url"] === "string" ? props["success_return_url"] : undefined;
        method = { id: `pm-${uuid()}`, type: "CARD", reusability, status: "ACTIVE", card: { channel_properties: props, card_information: read.masked } };
      } else if (pm["type"] === "EWALLET" && isObject(pm["ewallet"])) {
        const ew = pm["ewallet"];
        if (!EWALLETS.has(String(ew["channel_code"]))) return invalid("ewallet.channel_code is not supported");
        if (capture === "MANUAL") return error(400, "INVALID_VALUE_ERROR", "capture_method MANUAL is not available for this channel");
        const props = isObject(ew["channel_properties"]) ? ew["channel_properties"] : {};
        returnUrl = typeof props["success_return_url"] === "string" ? props["success_return_url"] : undefined;
        if (!returnUrl) return invalid("ewallet.channel_properties.success_return_url is required");
        method = { id: `pm-${uuid()}`, type: "EWALLET", reusability, status: "ACTIVE", ewallet: ew };
      } else if (pm["type"] === "VIRTUAL_ACCOUNT" && isObject(pm["virtual_account"])) {
        const va = pm["virtual_account"];
        const bank = String(va["channel_code"] ?? "");
        if (VA_BANKS[bank] !== currency) return invalid(`virtual_account.channel_code ${bank} is not available for ${currency}`);
        if (capture === "MANUAL") return error(400, "INVALID_VALUE_ERROR", "capture_method MANUAL is not available for this channel");
        const props = isObject(va["channel_properties"]) ? va["channel_properties"] : {};
        if (typeof props["customer_name"] !== "string" || props["customer_name"] === "") return invalid("virtual_account.channel_properties.customer_name is required");
        const expires = new Date(Date.now() + 86_400_000).toISOString();
        method = {
          id: `pm-${uuid()}`,
          type: "VIRTUAL_ACCOUNT",
          reusability,
          status: "ACTIVE",
          virtual_account: {
            amount,
            currency,
            channel_code: bank,
            channel_properties: { customer_name: props["customer_name"], virtual_account_number: `8808${String(Date.now()).slice(-12)}`, expires_at: expires },
          },
        };
      } else if (pm["type"] === "DIRECT_DEBIT" && isObject(pm["direct_debit"])) {
        const dd = pm["direct_debit"];
        const channel = String(dd["channel_code"] ?? "");
        if (ONLINE_BANKING[channel] === undefined) return invalid("direct_debit.channel_code is not supported");
        if (ONLINE_BANKING[channel] !== currency) return invalid(`direct_debit.channel_code ${channel} is not available for ${currency}`);
        if (capture === "MANUAL") return error(400, "INVALID_VALUE_ERROR", "capture_method MANUAL is not available for this channel");
        const props = isObject(dd["channel_properties"]) ? dd["channel_properties"] : {};
        returnUrl = typeof props["success_return_url"] === "string" ? props["success_return_url"] : undefined;
        if (!returnUrl) return invalid("direct_debit.channel_properties.success_return_url is required");
        method = { id: `pm-${uuid()}`, type: "DIRECT_DEBIT", reusability, status: "ACTIVE", direct_debit: { ...dd, type: "BANK_REDIRECT" } };
      } else {
        return invalid("payment_method.type must be CARD, EWALLET, VIRTUAL_ACCOUNT or DIRECT_DEBIT in this emulator");
      }
    } else {
      return invalid("payment_method or payment_method_id is required");
    }
    const now = iso();
    const p: PaymentRequest = {
      id: `pr-${uuid()}`,
      created: now,
      updated: now,
      reference_id: body["reference_id"],
      business_id: BUSINESS_ID,
      amount,
      currency,
      ...(typeof body["country"] === "string" ? { country: body["country"] } : {}),
      capture_method: capture,
      status: "PENDING",
      failure_code: null,
      actions: [],
      payment_method: method,
      ...(typeof body["description"] === "string" ? { description: body["description"] } : {}),
      metadata: isObject(body["metadata"]) ? body["metadata"] : null,
      ...(returnUrl ? { returnUrl } : {}),
    };
    payments.set(p.id, p);
    if (method.type === "VIRTUAL_ACCOUNT") return { status: 201, json: wire(p) }; // PENDING until the transfer
    if (method.type === "EWALLET" || method.type === "DIRECT_DEBIT") requireAction(p);
    else if (number && CHALLENGE_CARDS.has(number) && !skip3ds) requireAction(p);
    else if (number && FAILS_AUTHENTICATION.has(number) && !skip3ds) settle(p, false, "AUTHENTICATION_FAILED");
    else settle(p, true);
    return { status: 201, json: wire(p) };
  }

  /** The shopper's page behind an AUTH action: authenticates (or pays the wallet) and goes back. */
  function action(p: PaymentRequest): EmuResponse {
    if (p.status === "REQUIRES_ACTION") settle(p, true);
    if (!p.returnUrl) return { status: 200, text: "authenticated" };
    return redirectBack(p.returnUrl, {});
  }

  function captureOf(p: PaymentRequest, body: Json): EmuResponse {
    if (p.status !== "AWAITING_CAPTURE") return error(400, "INACTIVE_PAYMENT_REQUEST", "Payment request is already in its terminal state. Changes are no longer allowed.");
    const amount = units(body["capture_amount"], p.currency);
    if (amount === null) return invalid("capture_amount is required and must be a positive amount");
    const ledger = ledgers.get(p.id)!;
    // Each capture is final: what is left of the authorization is released.
    const refusal = ledger.capture(amount, true);
    if (refusal) return error(400, "CAPTURE_AMOUNT_EXCEEDED", "The capture amount must be less than or equal to the uncaptured authorization amount.");
    p.status = "SUCCEEDED";
    p.updated = iso();
    paymentEvent(p);
    return {
      status: 200,
      json: {
        id: `cptr-${uuid()}`,
        payment_request_id: p.id,
        payment_id: `py-${uuid()}`,
        reference_id: typeof body["reference_id"] === "string" ? body["reference_id"] : p.reference_id,
        currency: p.currency,
        authorized_amount: major(ledger.authorized, p.currency),
        captured_amount: major(amount, p.currency),
        status: "SUCCEEDED",
        payment_method: p.payment_method,
        failure_code: null,
        customer_id: null,
        metadata: p.metadata,
        channel_properties: null,
        created: p.updated,
        updated: p.updated,
      },
    };
  }

  function refund(body: Json): EmuResponse {
    const p = typeof body["payment_request_id"] === "string" ? payments.get(body["payment_request_id"]) : undefined;
    if (!p) return error(404, "DATA_NOT_FOUND", "Payment request not found");
    if (p.status !== "SUCCEEDED") return error(400, "INELIGIBLE_TRANSACTION_STATUS", "The operation requested is not available for the data resource in its current status.");
    if (body["currency"] !== undefined && body["currency"] !== p.currency) return invalid("currency must be the payment's");
    const ledger = ledgers.get(p.id)!;
    const amount = body["amount"] === undefined ? ledger.refundable : units(body["amount"], p.currency);
    if (amount === null) return invalid("amount must be a positive amount");
    if (ledger.refund(amount)) return error(400, "REFUND_AMOUNT_EXCEEDED", "The refund amount must be less than or equal to the capture amount that has not been refunded.");
    const now = iso();
    const r: Refund = {
      id: `rfd-${uuid()}`,
      payment_request_id: p.id,
      invoice_id: null,
      amount,
      payment_method_type: p.payment_method.type,
      channel_code:
        p.payment_method.type === "CARD" ? "CARDS" : String((p.payment_method.ewallet ?? p.payment_method.direct_debit ?? p.payment_method.virtual_account)?.["channel_code"] ?? ""),
      currency: p.currency,
      status: "SUCCEEDED",
      reason: typeof body["reason"] === "string" ? body["reason"] : "OTHERS",
      reference_id: typeof body["reference_id"] === "string" ? body["reference_id"] : uuid(),
      failure_code: null,
      refund_fee_amount: null,
      created: now,
      updated: now,
      metadata: isObject(body["metadata"]) ? body["metadata"] : null,
    };
    refunds.set(r.id, r);
    const out = { ...r, amount: major(r.amount, r.currency) };
    emit("refund.succeeded", { ...out, payment_id: p.id });
    return { status: 200, json: out };
  }

  /** POST /v2/payment_methods: a card saved MULTIPLE_USE; a 3-D Secure challenge card waits for the shopper. */
  function createMethod(body: Json): EmuResponse {
    if (body["type"] !== "CARD" || !isObject(body["card"])) return invalid("type must be CARD with card in this emulator");
    if (body["reusability"] !== "MULTIPLE_USE" && body["reusability"] !== "ONE_TIME_USE") return invalid("reusability is required");
    const card = body["card"];
    if (typeof card["currency"] !== "string" || !(card["currency"] in DECIMALS)) return invalid("card.currency is required");
    const read = readCard(isObject(card["card_information"]) ? card["card_information"] : {});
    if ("status" in read) return read;
    const props = isObject(card["channel_properties"]) ? card["channel_properties"] : {};
    const pm: PaymentMethod = {
      id: `pm-${uuid()}`,
      type: "CARD",
      reusability: body["reusability"],
      status: "ACTIVE",
      card: { currency: card["currency"], channel_properties: props, card_information: read.masked },
      reference_id: typeof body["reference_id"] === "string" ? body["reference_id"] : undefined,
      customer_id: typeof body["customer_id"] === "string" ? body["customer_id"] : null,
      actions: [],
      failure_code: null,
    };
    if (FAILS_AUTHENTICATION.has(read.number) && props["skip_three_d_secure"] !== true) {
      pm.status = "EXPIRED";
      pm.failure_code = "AUTHENTICATION_FAILED";
    } else if (CHALLENGE_CARDS.has(read.number) && props["skip_three_d_secure"] !== true) {
      pm.status = "REQUIRES_ACTION";
      pm.actions = [{ action: "AUTH", url_type: "WEB", method: "GET", url: `${ctx.origin}${ctx.mountPrefix}/method-actions/${pm.id}` }];
    }
    savedMethods.set(pm.id, pm);
    return { status: 201, json: pm as unknown as Json };
  }

  /** POST /sessions: a PAY session in mode PAYMENT_LINK (the only mode this emulator serves). */
  function createSession(body: Json): EmuResponse {
    const currency = String(body["currency"] ?? "");
    if (!(currency in DECIMALS)) return invalid("currency must be one of IDR, PHP, VND, THB, MYR, USD");
    if (typeof body["reference_id"] !== "string" || body["reference_id"] === "" || body["reference_id"].length > 64) return invalid("reference_id is required (1 to 64 characters)");
    if (body["session_type"] !== "PAY") return invalid("session_type must be PAY in this emulator");
    if (body["mode"] !== "PAYMENT_LINK") return invalid("mode must be PAYMENT_LINK in this emulator");
    const amount = units(body["amount"], currency);
    if (amount === null) return invalid(`amount must be a positive number with at most ${DECIMALS[currency]} decimals for ${currency}`);
    if (typeof body["country"] !== "string" || !["ID", "PH", "VN", "TH", "MY"].includes(body["country"])) return invalid("country must be one of ID, PH, VN, TH, MY");
    let customerId: string;
    if (typeof body["customer_id"] === "string") customerId = body["customer_id"];
    else if (isObject(body["customer"]) && isObject(body["customer"]["individual_detail"]) && typeof body["customer"]["individual_detail"]["given_names"] === "string") {
      customerId = `cust-${uuid()}`;
    } else return invalid("customer_id or customer (with individual_detail.given_names) is required");
    const channels = body["allowed_payment_channels"];
    if (channels !== undefined && (!Array.isArray(channels) || channels.some((c) => typeof c !== "string"))) return invalid("allowed_payment_channels must be a list of channel codes");
    const now = iso();
    const id = `ps-${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`;
    const session: Session = {
      payment_session_id: id,
      created: now,
      updated: now,
      reference_id: body["reference_id"],
      customer_id: customerId,
      session_type: "PAY",
      currency,
      amount,
      country: body["country"],
      mode: "PAYMENT_LINK",
      capture_method: body["capture_method"] === "MANUAL" ? "MANUAL" : "AUTOMATIC",
      allowed_payment_channels: (channels as string[] | undefined) ?? null,
      expires_at: new Date(Date.now() + 30 * 60_000).toISOString(),
      locale: typeof body["locale"] === "string" ? body["locale"] : "en",
      description: typeof body["description"] === "string" ? body["description"] : null,
      success_return_url: typeof body["success_return_url"] === "string" ? body["success_return_url"] : null,
      cancel_return_url: typeof body["cancel_return_url"] === "string" ? body["cancel_return_url"] : null,
      metadata: isObject(body["metadata"]) ? body["metadata"] : null,
      status: "ACTIVE",
      payment_link_url: `${ctx.origin}${ctx.mountPrefix}/session-pages/${id}`,
      payment_token_id: null,
      payment_request_id: null,
      business_id: BUSINESS_ID,
    };
    sessions.set(id, session);
    return { status: 201, json: sessionWire(session) };
  }

  function sessionWire(s: Session): Json {
    return { ...s, amount: major(s.amount, s.currency) } as unknown as Json;
  }

  /**
   * The hosted page behind payment_link_url: the shopper pays with the frictionless test card
   * (the emulator's stand-in for their choice on Xendit's page); the session is COMPLETED with the
   * payment request it made, and the shopper goes back to success_return_url.
   */
  function sessionPage(session: Session): EmuResponse {
    if (session.status === "ACTIVE") {
      const now = iso();
      const p: PaymentRequest = {
        id: `pr-${uuid()}`,
        created: now,
        updated: now,
        reference_id: session.reference_id,
        business_id: BUSINESS_ID,
        amount: session.amount,
        currency: session.currency,
        country: session.country,
        capture_method: session.capture_method,
        status: "PENDING",
        failure_code: null,
        actions: [],
        payment_method: {
          id: `pm-${uuid()}`,
          type: "CARD",
          reusability: "ONE_TIME_USE",
          status: "ACTIVE",
          card: { card_information: { masked_card_number: "400000XXXXXX1000", network: "VISA" } },
        },
        metadata: session.metadata,
      };
      payments.set(p.id, p);
      settle(p, true);
      session.status = "COMPLETED";
      session.payment_request_id = p.id;
      session.updated = iso();
      emit("payment_session.completed", sessionWire(session));
    }
    return session.success_return_url ? redirectBack(session.success_return_url, {}) : { status: 200, text: "paid" };
  }

  function authorized(req: EmuRequest): boolean {
    const h = req.headers["authorization"];
    const value = Array.isArray(h) ? h[0] : h;
    return value === `Basic ${Buffer.from(`${XENDIT_API_KEY}:`).toString("base64")}`;
  }

  function route(req: EmuRequest, body: Json): EmuResponse {
    const { method, path } = req;
    if (method === "POST" && path === "/payment_requests") return create(body);
    if (method === "POST" && path === "/refunds") return refund(body);
    if (method === "POST" && path === "/v2/payment_methods") return createMethod(body);
    if (method === "POST" && path === "/sessions") return createSession(body);
    const sessionPath = /^\/sessions\/([\w-]+)$/.exec(path);
    if (sessionPath && method === "GET") {
      const session = sessions.get(sessionPath[1]!);
      return session ? { status: 200, json: sessionWire(session) } : error(404, "DATA_NOT_FOUND", "Session not found");
    }
    const pmPath = /^\/v2\/payment_methods\/([\w-]+)(\/expire)?$/.exec(path);
    if (pmPath) {
      const pm = savedMethods.get(pmPath[1]!);
      if (!pm) return error(404, "DATA_NOT_FOUND", "Payment method not found");
      if (method === "GET" && !pmPath[2]) return { status: 200, json: pm as unknown as Json };
      if (method === "POST" && pmPath[2]) {
        if (pm.status === "EXPIRED") return error(400, "INVALID_PAYMENT_METHOD_STATUS", "The payment method is already expired");
        pm.status = "EXPIRED";
        return { status: 200, json: pm as unknown as Json };
      }
    }
    let m = /^\/payment_requests\/([\w-]+)(\/captures)?$/.exec(path);
    if (m) {
      const p = payments.get(m[1]!);
      if (!p) return error(404, "DATA_NOT_FOUND", "Payment request not found");
      if (method === "GET" && !m[2]) return { status: 200, json: wire(p) };
      if (method === "POST" && m[2]) return captureOf(p, body);
    }
    m = /^\/refunds\/([\w-]+)$/.exec(path);
    if (m && method === "GET") {
      const r = refunds.get(m[1]!);
      return r ? { status: 200, json: { ...r, amount: major(r.amount, r.currency) } } : error(404, "DATA_NOT_FOUND", "Refund not found");
    }
    return error(404, "NOT_FOUND", "The requested resource was not found");
  }

  function handle(req: EmuRequest): EmuResponse {
    // The shopper's browser opens the action page: no API key.
    const page = /^\/actions\/([\w-]+)$/.exec(req.path);
    if (page && req.method === "GET") {
      const p = payments.get(page[1]!);
      return p ? action(p) : { status: 404, text: "unknown payment request" };
    }
    // The shopper on the Payment Session's hosted page: no API key.
    const sessionPage_ = /^\/session-pages\/([\w-]+)$/.exec(req.path);
    if (sessionPage_ && req.method === "GET") {
      const session = sessions.get(sessionPage_[1]!);
      return session ? sessionPage(session) : { status: 404, text: "unknown session" };
    }
    // The shopper's 3-D Secure for a payment method being saved: no API key.
    const methodPage = /^\/method-actions\/([\w-]+)$/.exec(req.path);
    if (methodPage && req.method === "GET") {
      const pm = savedMethods.get(methodPage[1]!);
      if (!pm) return { status: 404, text: "unknown payment method" };
      if (pm.status === "REQUIRES_ACTION") {
        pm.status = "ACTIVE";
        pm.actions = [];
      }
      const back = isObject(pm.card?.["channel_properties"]) ? pm.card["channel_properties"]["success_return_url"] : undefined;
      return typeof back === "string" ? redirectBack(back, {}) : { status: 200, text: "authenticated" };
    }
    // EMULATOR-ONLY: the shopper's transfer into a virtual account.
    const transfer = /^\/emulator\/virtual_accounts\/([\w-]+)\/pay$/.exec(req.path);
    if (transfer && req.method === "POST") {
      const p = payments.get(transfer[1]!);
      if (!p || p.payment_method.type !== "VIRTUAL_ACCOUNT" || p.status !== "PENDING") return error(404, "DATA_NOT_FOUND", "No pending virtual account payment");
      settle(p, true);
      return { status: 200, json: wire(p) };
    }
    if (!authorized(req)) return error(401, "INVALID_API_KEY", "API key is not authorized for this API service");
    let body: Json = {};
    if (req.method === "POST") {
      try {
        const parsed: unknown = req.rawBody.trim() === "" ? {} : JSON.parse(req.rawBody);
        if (!isObject(parsed)) return invalid("Request body must be a JSON object");
        body = parsed;
      } catch {
        return error(400, "INVALID_JSON_FORMAT", "Request body is not valid JSON");
      }
      const h = req.headers["idempotency-key"];
      const key = Array.isArray(h) ? h[0] : h;
      if (key) {
        // The same key answers the first result; another body with it is refused.
        const keyed = idempotent.run(key, `${req.path} ${JSON.stringify(body)}`, (r) => r.status < 500, () => route(req, body));
        if (keyed.kind === "conflict") return error(409, "IDEMPOTENCY_ERROR", "The same idempotency key was used with a different request body");
        return keyed.response;
      }
    }
    return route(req, body);
  }

  return { handle };
}

export const emulator: ConnectorEmulator = { create: createXenditEmulator };

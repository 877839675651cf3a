// Global Payments emulator (GP API, mounted with basePath /ucp): POST /accesstoken,
// POST /transactions, GET /transactions/{id}, POST /transactions/{id}/capture, /reversal, /refund,
// /incremental, /confirmation (PayPal approved by the payer), POST /payment-methods, DELETE /payment-methods/{id}, GET /disputes/{id}, POST
// /disputes/{id}/acceptance and /challenge; local payment methods (payment_method.apm {provider}
// with notifications return_url/status_url/cancel_url: INITIATED with the provider's page in
// payment_method.redirect_url, GET /_emulator/apm/{id} is the shopper paying there, or giving up
// with ?outcome=cancel, then the 302 back to return_url or cancel_url); ACH debits (payment_method.bank_transfer: a USD sale, the
// routing number's ABA check digit checked, CAPTURED); BNPL (payment_method.bnpl: the payer, items and
// addresses GP requires, INITIATED, PREAUTHORIZED once the shopper agreed on the provider's page, then
// captured as a card's); and, when the emulator has a
// webhook target for `globalpayments`, the transaction POSTed there after each change, signed as GP
// signs its status notifications (X-GP-Signature = hex SHA-512 of the body followed by the app key).
//
// Shapes follow GP's own material (developer.globalpay.com's API reference and the official SDKs'
// mapping and integration tests): the access token request (secret = hex SHA-512 of nonce + app
// key) and answer (token, seconds_to_expire, scope.accounts), the transaction object (id TRN_...,
// status, amount as a string of minor units, payment_method.result/message/card, action.result_code),
// the error object (error_code, detailed_error_code, detailed_error_description: 40039 for a reused
// x-gp-idempotency key, naming the first transaction and its status), and GP's test cards
// (4263 9700 0000 5262 approved; 4000 1200 0000 1154, 4000 1300 0000 1724, 4000 1600 0000 4147 and
// 4242 4200 0000 0091 declined with result 101, 102, 103 and 111, as the SDK's certification
// tests use them).

import { createHash } from "node:crypto";
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { cardBrand, luhnValid } from "../../core/cards.js";
import { ALNUM, randomString } from "../../core/ids.js";
import { isObject, type Json } from "../../core/json.js";
import { Ledger, type Refusal } from "../../core/ledger.js";
import { redirectBack } from "../../core/redirect.js";
import { CURRENCY_EXPONENTS } from "../../../protocol/currencies.generated.js";

/** The emulator's app credentials; any other pair is refused. */
export const GLOBALPAYMENTS_APP_ID = "emulator_app_id_0000000000000000";
export const GLOBALPAYMENTS_APP_KEY = "emulator_app_key_000000";
export const API_VERSION = "2021-03-22";

const TOKEN_LIFE_SECONDS = 86_399;
const TRANSACTION_ACCOUNT = "transaction_processing";
const TOKENIZATION_ACCOUNT = "tokenization";

/** GP's decline test cards: the result code and message each returns. */
const DECLINES: Record<string, { result: string; message: string }> = {
  "4000120000001154": { result: "101", message: "DECLINED" },
  "4000130000001724": { result: "102", message: "REFERRAL B" },
  "4000160000004147": { result: "103", message: "REFERRAL A - LOST CARD" },
  "4242420000000091": { result: "111", message: "STRONG CUSTOMER AUTHENTICATION REQUIRED" },
};

interface Txn {
  id: string;
  type: "SALE" | "REFUND";
  status: string;
  capture_mode?: string;
  amount: string;
  currency: string;
  country: string;
  reference: string;
  account_name: string;
  time_created: string;
  parent_resource_id?: string;
  payment_method: Json;
  action: Json;
  ledger?: Ledger;
  /** An APM payment's way back and notification endpoint. */
  notifications?: { return_url: string; status_url: string; cancel_url?: string };
}

/** The APM providers the emulator's account has enabled (the SDKs' AlternativePaymentType words). */
const APM_PROVIDERS = new Set([
  "ideal", "bancontact", "EPS", "blik", "p24", "sofort", "giropay", "trustly", "myclearfpx", "mybank", "multibanco", "alipay", "wechatpay", "oxxo", "testpay", "paypal",
]);

/** The BNPL providers (payment_method.bnpl.provider, the SDKs' BNPLType). */
const BNPL_PROVIDERS = new Set(["AFFIRM", "CLEARPAY", "KLARNA"]);

/** The ACH entry classes (bank_transfer.sec_code, the SDKs' SecCode) and account types GP takes. */
const SEC_CODES = new Set(["PPD", "CCD", "POP", "WEB", "TEL"]);
const ACCOUNT_TYPES = new Set(["CHECKING", "SAVING"]);

/** The ABA routing number check: weights 3, 7, 1 over nine digits sum to a multiple of 10. */
function abaValid(routing: unknown): boolean {
  if (typeof routing !== "string" || !/^\d{9}$/.test(routing)) return false;
  const d = [...routing].map(Number);
  return (3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + d[2]! + d[5]! + d[8]!) % 10 === 0;
}

/** The first of `fields` (dotted paths) that `body` lacks or has empty, if any. */
function lacking(body: Json, fields: string[]): string | undefined {
  return fields.find((f) => {
    let v: unknown = body;
    for (const part of f.split(".")) v = isObject(v) ? (v as Json)[part] : undefined;
    return v === undefined || v === null || v === "";
  });
}

/** The PayPal payer the emulator's PayPal page reports once the payer approved (GP's provider_reference). */
export const PAYPAL_PAYER_REFERENCE = "EMUPAYER7Q2LD";

const sha512 = (text: string) => createHash("sha512").update(text).digest("hex");
const id = (prefix: string) => `${prefix}_${randomString(30, ALNUM)}`;
const error = (status: number, code: string, detailed: string, description: string): EmuResponse => ({
  status,
  json: { error_code: code, detailed_error_code: detailed, detailed_error_description: description },
});
const invalid = (description: string) => error(400, "INVALID_REQUEST_DATA", "40005", description);
const missing = (field: string) => error(400, "MANDATORY_DATA_MISSING", "40005", `Request expects the following fields ${field}`);

function header(req: EmuRequest, name: string): string | undefined {
  const h = req.headers[name];
  return Array.isArray(h) ? h[0] : h;
}

/** A string of minor units → a number, when it is plain digits and positive. */
function minorOf(amount: unknown): number | null {
  if (typeof amount !== "string" || !/^\d{1,15}$/.test(amount)) return null;
  const n = Number(amount);
  return n > 0 ? n : null;
}

function refusalMessage(r: Refusal): string {
  switch (r.kind) {
    case "exceeds":
      return `Amount exceeds the available amount of ${r.available}`;
    case "voided":
      return "Transaction has been reversed";
    case "capture_closed":
      return "Transaction has already been captured";
    case "not_captured":
      return "Transaction has not been captured";
    case "fully_refunded":
      return "Transaction has been fully refunded";
    case "captured":
      return "Transaction has been captured";
    case "not_positive":
      return "amount contains unexpected data";
  }
}

export function createGlobalpaymentsEmulator(ctx: EmuContext): EmuMount {
  const txns = new Map<string, Txn>();
  const stored = new Map<string, { id: string; status: string; card: Json; reference: string }>();
  const tokens = new Map<string, number>();
  /** x-gp-idempotency → the transaction the first request made. */
  const keys = new Map<string, string>();

  function view(t: Txn): Json {
    const { ledger: _l, notifications: _n, ...out } = t;
    return JSON.parse(JSON.stringify(out)) as Json;
  }

  function notify(t: Txn): void {
    const target = ctx.webhookTarget();
    if (!target) return;
    const body = JSON.stringify(view(t));
    void ctx.sendWebhook(target.url, { "Content-Type": "application/json", "X-GP-Signature": sha512(body + target.secret) }, body);
  }

  /** An APM payment: INITIATED, waiting for the shopper on the provider's page. */
  function createApmTransaction(body: Json, pm: Json, minor: number, currency: string): EmuResponse {
    const apm = pm["apm"];
    if (!isObject(apm) || typeof apm["provider"] !== "string") return missing("payment_method.apm.provider");
    if (!APM_PROVIDERS.has(apm["provider"])) return invalid(`payment_method.apm.provider ${apm["provider"]} is not enabled for this account`);
    if (typeof pm["name"] !== "string" || pm["name"] === "") return missing("payment_method.name");
    const n = body["notifications"];
    if (!isObject(n) || typeof n["return_url"] !== "string" || n["return_url"] === "") return missing("notifications.return_url");
    if (typeof n["status_url"] !== "string" || n["status_url"] === "") return missing("notifications.status_url");
    if ((body["capture_mode"] ?? "AUTO") !== "AUTO") return invalid("capture_mode contains unexpected data");
    const t = redirectTxn(body, minor, currency, "AUTO", { name: pm["name"], apm: { provider: apm["provider"] } }, {
      return_url: n["return_url"],
      status_url: n["status_url"],
      ...(typeof n["cancel_url"] === "string" && n["cancel_url"] !== "" ? { cancel_url: n["cancel_url"] } : {}),
    });
    txns.set(t.id, t);
    const out = view(t);
    (out["payment_method"] as Json)["redirect_url"] = `${ctx.origin}${ctx.mountPrefix}/_emulator/apm/${t.id}`;
    return { status: 200, json: out };
  }

  /**
   * An ACH debit (payment_method.bank_transfer, the SDKs' ECheck charge): a sale in USD with the
   * account, its type, the entry class and the routing number (bank.code), and the payer's billing
   * address. CAPTURED, as GP's sandbox answers the SDKs' ACH tests.
   */
  function createAchTransaction(body: Json, pm: Json, minor: number, currency: string): EmuResponse {
    const bt = pm["bank_transfer"];
    if (!isObject(bt)) return invalid("payment_method.bank_transfer contains unexpected data");
    const gap = lacking(body, ["payment_method.name", "payment_method.bank_transfer.account_number", "payment_method.bank_transfer.sec_code", "payment_method.bank_transfer.bank.code", "payer.billing_address.line_1", "payer.billing_address.city", "payer.billing_address.postal_code", "payer.billing_address.state", "payer.billing_address.country"]);
    if (gap) return missing(gap);
    if (currency !== "USD") return invalid("currency contains unexpected data");
    if ((body["capture_mode"] ?? "AUTO") !== "AUTO") return invalid("capture_mode contains unexpected data");
    if (!/^\d{4,17}$/.test(String(bt["account_number"]))) return invalid("payment_method.bank_transfer.account_number contains unexpected data");
    if (!abaValid((bt["bank"] as Json)["code"])) return invalid("payment_method.bank_transfer.bank.code contains unexpected data");
    if (!SEC_CODES.has(String(bt["sec_code"]))) return invalid("payment_method.bank_transfer.sec_code contains unexpected data");
    if (bt["account_type"] !== undefined && !ACCOUNT_TYPES.has(String(bt["account_type"]))) return invalid("payment_method.bank_transfer.account_type contains unexpected data");
    const account = String(bt["account_number"]);
    const t: Txn = {
      id: id("TRN"),
      type: "SALE",
      status: "CAPTURED",
      capture_mode: "AUTO",
      amount: String(minor),
      currency,
      country: String(body["country"]),
      reference: String(body["reference"]),
      account_name: TRANSACTION_ACCOUNT,
      time_created: new Date().toISOString(),
      payment_method: {
        result: "00",
        message: "SUCCESS",
        entry_mode: "ECOM",
        name: pm["name"],
        bank_transfer: { masked_account_number_last4: `XXXX${account.slice(-4)}`, account_type: bt["account_type"] ?? "CHECKING", sec_code: bt["sec_code"], bank: { code: (bt["bank"] as Json)["code"] } },
      },
      action: action("SALE", "SUCCESS"),
      ledger: new Ledger(minor, { captured: true }),
    };
    txns.set(t.id, t);
    notify(t);
    return { status: 200, json: view(t) };
  }

  /**
   * A BNPL authorization (payment_method.bnpl {provider}): what GP answers MANDATORY_DATA_MISSING
   * without (GP's SDK tests: order.items and each item's reference, description, product URL and
   * image URL, payer.email, payer.contact_phone.country_code, the billing and shipping addresses),
   * then INITIATED with the provider's page; the shopper agreeing there makes it PREAUTHORIZED.
   */
  function createBnplTransaction(body: Json, pm: Json, minor: number, currency: string): EmuResponse {
    const bnpl = pm["bnpl"];
    if (!isObject(bnpl) || !BNPL_PROVIDERS.has(String(bnpl["provider"]))) return invalid("payment_method.bnpl.provider contains unexpected data");
    const gap = lacking(body, ["payer.email", "payer.contact_phone.country_code", "payer.contact_phone.subscriber_number", "payer.billing_address.line_1", "payer.billing_address.country", "order.shipping_address.line_1", "order.shipping_address.country", "notifications.return_url", "notifications.status_url"]);
    if (gap) return error(400, "MANDATORY_DATA_MISSING", "40251", `Request expects the following fields: ${gap}.`);
    if (body["capture_mode"] !== "LATER") return invalid("capture_mode contains unexpected data");
    const order = body["order"] as Json;
    const items = order["items"];
    if (!Array.isArray(items) || items.length === 0) return error(400, "MANDATORY_DATA_MISSING", "40251", "Request expects the following fields: order.items.");
    let total = 0;
    for (const [i, item] of items.entries()) {
      if (!isObject(item)) return invalid(`order.items[${i}] contains unexpected data`);
      const g = lacking(item, ["reference", "description", "quantity", "unit_amount", "url", "image_url"]);
      if (g) return error(400, "MANDATORY_DATA_MISSING", "40251", `Request expects the following fields: order.items[${i}].${g}.`);
      total += Number(item["quantity"]) * Number(item["unit_amount"]);
    }
    if (total !== minor) return invalid("amount does not match the order items");
    const n = body["notifications"] as Json;
    const t = redirectTxn(body, minor, currency, "LATER", { name: pm["name"], bnpl: { provider: bnpl["provider"] } }, {
      return_url: String(n["return_url"]),
      status_url: String(n["status_url"]),
      ...(typeof n["cancel_url"] === "string" ? { cancel_url: n["cancel_url"] } : {}),
    });
    txns.set(t.id, t);
    const out = view(t);
    (out["payment_method"] as Json)["redirect_url"] = `${ctx.origin}${ctx.mountPrefix}/_emulator/apm/${t.id}`;
    return { status: 200, json: out };
  }

  /**
   * The shopper on the provider's page: pays (CAPTURED), or gives up with ?outcome=cancel. PayPal's
   * payer approves instead: PENDING with the payer in payment_method.apm.provider_reference, until
   * POST /transactions/{id}/confirmation names that payer.
   */
  function apmPage(trn: string, query: URLSearchParams): EmuResponse {
    const t = txns.get(trn);
    if (!t || t.status !== "INITIATED" || !t.notifications) return { status: 404, text: "no payment waiting at the provider" };
    const cancel = query.get("outcome") === "cancel";
    const apm = (t.payment_method["apm"] ?? {}) as Json;
    if (!cancel && apm["provider"] === "paypal") {
      t.status = "PENDING";
      t.payment_method = { ...t.payment_method, apm: { ...apm, provider_reference: PAYPAL_PAYER_REFERENCE } };
      notify(t);
      return redirectBack(t.notifications.return_url, { id: t.id });
    }
    if (!cancel && isObject(t.payment_method["bnpl"])) {
      // The provider approved the plan: authorized, for the merchant to capture.
      t.status = "PREAUTHORIZED";
      t.ledger = new Ledger(Number(t.amount), { captured: false });
      t.action = action("PREAUTHORIZE", "SUCCESS");
      notify(t);
      return redirectBack(t.notifications.return_url, { id: t.id });
    }
    if (cancel) {
      t.status = "DECLINED";
      t.payment_method = { ...t.payment_method, result: "01", message: "CANCELLED BY THE PAYER" };
      t.action = action("PREAUTHORIZE", "DECLINED");
    } else {
      t.status = "CAPTURED";
      t.ledger = new Ledger(Number(t.amount), { captured: true });
      t.action = action("SALE", "SUCCESS");
    }
    notify(t);
    return redirectBack(cancel ? (t.notifications.cancel_url ?? t.notifications.return_url) : t.notifications.return_url, { id: t.id });
  }

  /** POST /transactions/{id}/confirmation: a PayPal payment the payer approved, naming that payer. */
  function confirm(t: Txn, body: Json): EmuResponse {
    const apm = (t.payment_method["apm"] ?? {}) as Json;
    const pm = body["payment_method"];
    const sent = isObject(pm) && isObject(pm["apm"]) ? pm["apm"] : undefined;
    if (!sent || typeof sent["provider"] !== "string" || typeof sent["provider_payer_reference"] !== "string") {
      return missing("payment_method.apm.provider, payment_method.apm.provider_payer_reference");
    }
    if (apm["provider"] !== "paypal" || sent["provider"] !== "paypal") return invalid("payment_method.apm.provider contains unexpected data");
    if (t.status !== "PENDING" || apm["provider_reference"] === undefined) return error(400, "INVALID_TRANSACTION_ACTION", "40090", `Status ${t.status} does not allow confirmation`);
    if (sent["provider_payer_reference"] !== apm["provider_reference"]) return invalid("payment_method.apm.provider_payer_reference contains unexpected data");
    t.status = "CAPTURED";
    t.ledger = new Ledger(Number(t.amount), { captured: true });
    t.action = action("CONFIRM", "SUCCESS");
    notify(t);
    return { status: 200, json: view(t) };
  }

  /**
   * A sale the shopper completes on the provider's page (an APM or a BNPL): INITIATED, with its way
   * back and notification endpoint, until the emulator's page answers for the shopper.
   */
  function redirectTxn(body: Json, minor: number, currency: string, captureMode: "AUTO" | "LATER", method: Json, notifications: NonNullable<Txn["notifications"]>): Txn {
    return {
      id: id("TRN"),
      type: "SALE",
      status: "INITIATED",
      capture_mode: captureMode,
      amount: String(minor),
      currency,
      country: String(body["country"]),
      reference: String(body["reference"]),
      account_name: TRANSACTION_ACCOUNT,
      time_created: new Date().toISOString(),
      payment_method: { result: "00", message: "SUCCESS", entry_mode: "ECOM", ...method },
      action: action("PREAUTHORIZE", "SUCCESS"),
      notifications,
    };
  }

  function action(type: string, result: string): Json {
    return { id: id("ACT"), type, time_created: new Date().toISOString(), result_code: result, app_id: GLOBALPAYMENTS_APP_ID, app_name: "emulator_app" };
  }

  function accessToken(body: Json): EmuResponse {
    const nonce = body["nonce"];
    if (body["grant_type"] !== "client_credentials") return invalid("grant_type contains unexpected data");
    if (typeof nonce !== "string" || nonce === "") return missing("nonce");
    if (body["app_id"] !== GLOBALPAYMENTS_APP_ID || body["secret"] !== sha512(nonce + GLOBALPAYMENTS_APP_KEY)) {
      return error(403, "ACTION_NOT_AUTHORIZED", "40004", "Credentials not recognized to create access token.");
    }
    const token = randomString(28, ALNUM);
    tokens.set(token, Date.now() + TOKEN_LIFE_SECONDS * 1000);
    return {
      status: 200,
      json: {
        token,
        type: "Bearer",
        app_id: GLOBALPAYMENTS_APP_ID,
        app_name: "emulator_app",
        time_created: new Date().toISOString(),
        seconds_to_expire: TOKEN_LIFE_SECONDS,
        email: "merchant@example.com",
        scope: {
          merchant_id: "MER_emulator",
          merchant_name: "Emulator_merchant",
          accounts: [
            { id: "TRA_emulator", name: TRANSACTION_ACCOUNT, permissions: ["TRN_POST_Authorize", "TRN_POST_Capture"] },
            { id: "TKA_emulator", name: TOKENIZATION_ACCOUNT, permissions: ["PMT_POST_Create"] },
          ],
        },
      },
    };
  }

  /** The card of a request (checked as GP checks it), or the error to answer. */
  function readCard(card: Json): { number: string; last4: string } | EmuResponse {
    const number = String(card["number"] ?? "");
    if (!number) return missing(": number");
    if (!luhnValid(number)) return invalid("card.number value is invalid. Please check the format and data provided is correct.");
    if (!/^(0[1-9]|1[0-2])$/.test(String(card["expiry_month"])) || !/^\d{2}$/.test(String(card["expiry_year"]))) return invalid("Expiry date invalid");
    if (card["cvv"] !== undefined && !/^\d{3,4}$/.test(String(card["cvv"]))) return invalid("Security Code/CVV2/CVC must be 3 digits");
    return { number, last4: number.slice(-4) };
  }

  function createTransaction(body: Json): EmuResponse {
    for (const f of ["account_name", "channel", "type", "amount", "currency", "reference", "country", "payment_method"]) {
      if (body[f] === undefined) return missing(f);
    }
    if (body["account_name"] !== TRANSACTION_ACCOUNT) return invalid("account_name contains unexpected data");
    if (body["channel"] !== "CNP" || body["type"] !== "SALE") return invalid("channel or type contains unexpected data");
    const mode = body["capture_mode"] ?? "AUTO";
    if (mode !== "AUTO" && mode !== "LATER") return invalid("capture_mode contains unexpected data");
    const currency = body["currency"];
    if (typeof currency !== "string" || !(currency in CURRENCY_EXPONENTS)) return invalid("currency contains unexpected data");
    const minor = minorOf(body["amount"]);
    if (minor === null) return invalid("amount contains unexpected data");
    const pm = body["payment_method"];
    if (!isObject(pm)) return invalid("payment_method contains unexpected data");
    if (pm["entry_mode"] !== "ECOM") return invalid("payment_method.entry_mode contains unexpected data");
    if (pm["apm"] !== undefined) return createApmTransaction(body, pm, minor, currency);
    if (pm["bank_transfer"] !== undefined) return createAchTransaction(body, pm, minor, currency);
    if (pm["bnpl"] !== undefined) return createBnplTransaction(body, pm, minor, currency);
    const auth = pm["authentication"];
    if (auth !== undefined) {
      // A 3-D Secure result from elsewhere: its version, ECI and authentication value.
      const tds = isObject(auth) ? auth["three_ds"] : undefined;
      if (!isObject(tds)) return missing("payment_method.authentication.three_ds");
      for (const f of ["message_version", "eci", "value"]) {
        if (typeof tds[f] !== "string" || tds[f] === "") return missing(`payment_method.authentication.three_ds.${f}`);
      }
    }
    let number: string;
    let card: Json;
    let wallet: Json | undefined;
    if (isObject(pm["digital_wallet"])) {
      // A wallet token: the encrypted token (which only GP can decrypt: read as its approved test
      // card) or the decrypted device number with its cryptogram and ECI.
      const dw = pm["digital_wallet"];
      if (dw["provider"] !== "APPLEPAY" && dw["provider"] !== "PAY_BY_GOOGLE") return invalid("payment_method.digital_wallet.provider contains unexpected data");
      if (dw["payment_token"] !== undefined) {
        if (!isObject(dw["payment_token"])) return invalid("payment_method.digital_wallet.payment_token contains unexpected data");
        number = "4263970000005262";
      } else {
        if (dw["token_format"] !== "CARD_NUMBER") return invalid("payment_method.digital_wallet.token_format contains unexpected data");
        const read = readCard({ number: dw["token"], expiry_month: dw["expiry_month"], expiry_year: dw["expiry_year"] });
        if ("status" in read) return read;
        if (typeof dw["cryptogram"] !== "string" || dw["cryptogram"] === "") return missing("payment_method.digital_wallet.cryptogram");
        if (typeof dw["eci"] !== "string" || !/^\d{1,2}$/.test(dw["eci"])) return invalid("payment_method.digital_wallet.eci contains unexpected data");
        number = read.number;
      }
      card = { brand: cardBrand(number).toUpperCase(), authcode: "12345", brand_reference: randomString(16, ALNUM) };
      wallet = { provider: dw["provider"], masked_token_first6last4: `${number.slice(0, 6)}XXXXXX${number.slice(-4)}`, brand: cardBrand(number).toUpperCase() };
    } else if (typeof pm["id"] === "string") {
      const saved = stored.get(pm["id"]);
      if (!saved || saved.status !== "ACTIVE") return error(404, "RESOURCE_NOT_FOUND", "40118", `payment_method ${pm["id"]} not found at this location.`);
      number = "4263970000005262";
      card = saved.card;
    } else {
      if (!isObject(pm["card"])) return missing("payment_method.card");
      const read = readCard(pm["card"]);
      if ("status" in read) return read;
      number = read.number;
      card = { brand: cardBrand(number).toUpperCase(), masked_number_last4: `XXXXXXXXXXXX${read.last4}`, authcode: "12345", brand_reference: randomString(16, ALNUM), cvv_result: "MATCHED" };
    }
    ctx.log(`globalpayments transaction ${body["reference"]} with ${ctx.maskPan(number)}`);
    const decline = DECLINES[number];
    const t: Txn = {
      id: id("TRN"),
      type: "SALE",
      status: decline ? "DECLINED" : mode === "AUTO" ? "CAPTURED" : "PREAUTHORIZED",
      capture_mode: mode as string,
      amount: String(minor),
      currency,
      country: String(body["country"]),
      reference: String(body["reference"]),
      account_name: TRANSACTION_ACCOUNT,
      time_created: new Date().toISOString(),
      payment_method: {
        result: decline ? decline.result : "00",
        message: decline ? decline.message : "[ test system ] AUTHORISED",
        entry_mode: "ECOM",
        ...(typeof pm["id"] === "string" ? { id: pm["id"] } : {}),
        ...(wallet ? { digital_wallet: wallet } : { card: decline ? { ...card, authcode: "", brand_reference: "" } : card }),
      },
      action: action(mode === "AUTO" ? "SALE" : "PREAUTHORIZE", decline ? "DECLINED" : "SUCCESS"),
    };
    if (!decline) t.ledger = new Ledger(minor, { captured: mode === "AUTO" });
    txns.set(t.id, t);
    notify(t);
    return { status: 200, json: view(t) };
  }

  function capture(t: Txn, body: Json): EmuResponse {
    if (t.status !== "PREAUTHORIZED" || !t.ledger) return error(400, "INVALID_TRANSACTION_ACTION", "40090", `Status ${t.status} does not allow capture`);
    const minor = body["amount"] === undefined ? t.ledger.capturable : minorOf(body["amount"]);
    if (minor === null) return invalid("amount contains unexpected data");
    const refused = t.ledger.capture(minor, true);
    if (refused) return error(400, "INVALID_REQUEST_DATA", "40212", refusalMessage(refused));
    t.status = "CAPTURED";
    t.amount = String(minor);
    t.action = action("CAPTURE", "SUCCESS");
    notify(t);
    return { status: 200, json: view(t) };
  }

  function reversal(t: Txn, body: Json): EmuResponse {
    if (!t.ledger || !["PREAUTHORIZED", "CAPTURED"].includes(t.status)) return error(400, "INVALID_TRANSACTION_ACTION", "40090", `Status ${t.status} does not allow reversal`);
    if (body["amount"] !== undefined && minorOf(body["amount"]) !== Number(t.amount)) return invalid("partial reversal not supported");
    if (t.status === "CAPTURED" && t.ledger.refunded > 0) return error(400, "INVALID_TRANSACTION_ACTION", "40090", "Transaction has been refunded");
    if (t.status === "PREAUTHORIZED") {
      const refused = t.ledger.void();
      if (refused) return error(400, "INVALID_TRANSACTION_ACTION", "40090", refusalMessage(refused));
    }
    t.status = "REVERSED";
    t.action = action("REVERSE", "SUCCESS");
    notify(t);
    return { status: 200, json: view(t) };
  }

  function refund(t: Txn, body: Json): EmuResponse {
    if (!t.ledger || t.type !== "SALE" || t.status !== "CAPTURED") return error(400, "INVALID_TRANSACTION_ACTION", "40090", `Status ${t.status} does not allow refund`);
    const minor = body["amount"] === undefined ? t.ledger.refundable : minorOf(body["amount"]);
    if (minor === null) return invalid("amount contains unexpected data");
    const refused = t.ledger.refund(minor);
    if (refused) return error(400, "INVALID_REQUEST_DATA", "40214", refusalMessage(refused));
    const r: Txn = {
      id: id("TRN"),
      type: "REFUND",
      status: "CAPTURED",
      amount: String(minor),
      currency: t.currency,
      country: t.country,
      reference: t.reference,
      account_name: TRANSACTION_ACCOUNT,
      time_created: new Date().toISOString(),
      parent_resource_id: t.id,
      payment_method: { result: "00", message: "SUCCESS", entry_mode: "ECOM" },
      action: action("REFUND", "SUCCESS"),
    };
    txns.set(r.id, r);
    notify(r);
    return { status: 200, json: view(r) };
  }

  function incremental(t: Txn, body: Json): EmuResponse {
    if (t.status !== "PREAUTHORIZED" || !t.ledger) return error(400, "INVALID_TRANSACTION_ACTION", "40090", `Status ${t.status} does not allow incremental`);
    const minor = minorOf(body["amount"]);
    if (minor === null) return invalid("amount contains unexpected data");
    t.ledger.reauthorize(t.ledger.authorized + minor);
    t.amount = String(t.ledger.authorized);
    t.action = action("INCREMENTAL_AUTH", "SUCCESS");
    return { status: 200, json: view(t) };
  }

  function storeCard(body: Json): EmuResponse {
    if (body["account_name"] !== TOKENIZATION_ACCOUNT) return invalid("account_name contains unexpected data");
    if (!isObject(body["card"])) return missing("card");
    const read = readCard(body["card"]);
    if ("status" in read) return read;
    const card = body["card"];
    const pm = {
      id: `PMT_${randomString(32, ALNUM)}`,
      status: "ACTIVE",
      card: { brand: cardBrand(read.number).toUpperCase(), masked_number_last4: `XXXXXXXXXXXX${read.last4}`, expiry_month: card["expiry_month"], expiry_year: card["expiry_year"] },
      reference: String(body["reference"] ?? ""),
    };
    stored.set(pm.id, pm);
    return {
      status: 201,
      json: { ...pm, time_created: new Date().toISOString(), usage_mode: body["usage_mode"] ?? "SINGLE", action: action("PAYMENT_METHOD_CREATE", "SUCCESS") },
    };
  }

  /**
   * Disputes, as GP's sandbox answers its test ids (the SDKs' integration tests): DIS_SAND_ and
   * eight letters or digits is a case with the merchant (DIS_SAND_abcd1234 at the RETRIEVAL stage,
   * which takes a single document; the others at CHARGEBACK), DIS_SAND_aaaa0000 is none. Accepting
   * closes it LOST; a challenge puts it UNDER_REVIEW; either refuses what follows (40067, 40060).
   */
  const disputes = new Map<string, Json>();
  function dispute(disputeId: string): Json | undefined {
    if (!/^DIS_SAND_[a-z0-9]{8}$/.test(disputeId) || disputeId === "DIS_SAND_aaaa0000") return undefined;
    let d = disputes.get(disputeId);
    if (!d) {
      const now = Date.now();
      d = {
        id: disputeId,
        time_created: new Date(now).toISOString(),
        status: "WITH_MERCHANT",
        stage: disputeId === "DIS_SAND_abcd1234" ? "RETRIEVAL" : "CHARGEBACK",
        amount: "1000",
        currency: "USD",
        reason_code: "104",
        reason_description: "Other Fraud-Card Absent Environment",
        time_to_respond_by: new Date(now + 12 * 86_400_000).toISOString(),
        result: "PENDING",
        documents: [],
      };
      disputes.set(disputeId, d);
    }
    return d;
  }

  function disputeRoute(method: string, disputeId: string, step: string | undefined, body: Json): EmuResponse {
    const d = dispute(disputeId);
    if (method === "GET" && !step) {
      if (!d) return error(404, "RESOURCE_NOT_FOUND", "40118", `DISPUTES ${disputeId} not found at this /ucp/disputes/${disputeId}`);
      return { status: 200, json: { ...d, action: action("DISPUTE_SINGLE", "SUCCESS") } };
    }
    if (method === "POST" && step === "acceptance") {
      if (!d || d["status"] !== "WITH_MERCHANT") return error(400, "INVALID_DISPUTE_ACTION", "40067", `${disputeId} cannot be accepted`);
      d["status"] = "CLOSED";
      d["result"] = "LOST";
      return { status: 200, json: { ...d, action: action("DISPUTE_ACCEPTANCE", "SUCCESS") } };
    }
    if (method === "POST" && step === "challenge") {
      const docs = body["documents"];
      if (!Array.isArray(docs) || docs.length === 0 || docs.some((x) => !isObject(x) || typeof x["b64_content"] !== "string" || x["b64_content"] === "")) {
        return error(400, "MANDATORY_DATA_MISSING", "40065", "Unable to challenge as No document provided with the request");
      }
      if (!d || d["status"] !== "WITH_MERCHANT") return error(400, "INVALID_DISPUTE_ACTION", "40060", `${disputeId} cannot be challenged`);
      if (d["stage"] === "RETRIEVAL" && docs.length > 1) {
        return invalid("131,The dispute stage, Retrieval, can be challenged with a single document only. Please correct the request and resubmit");
      }
      d["status"] = "UNDER_REVIEW";
      d["documents"] = docs.map((x) => ({ id: id("DOC"), type: isObject(x) ? (x["type"] ?? null) : null }));
      return { status: 200, json: { ...d, action: action("DISPUTE_CHALLENGE", "SUCCESS") } };
    }
    return error(404, "RESOURCE_NOT_FOUND", "40004", `${method} /ucp/disputes/${disputeId}${step ? `/${step}` : ""} not found`);
  }

  function route(req: EmuRequest, body: Json): EmuResponse {
    const { method, path } = req;
    const dm = /^\/ucp\/disputes\/([^/]+)(?:\/(acceptance|challenge))?$/.exec(path);
    if (dm) return disputeRoute(method, dm[1]!, dm[2], body);
    if (method === "POST" && path === "/ucp/transactions") return createTransaction(body);
    if (method === "POST" && path === "/ucp/payment-methods") return storeCard(body);
    let m = /^\/ucp\/payment-methods\/(PMT_\w+)$/.exec(path);
    if (m && method === "DELETE") {
      const pm = stored.get(m[1]!);
      if (!pm) return error(404, "RESOURCE_NOT_FOUND", "40118", `PAYMENT_METHODS ${m[1]} not found at this /ucp/payment-methods/${m[1]}`);
      pm.status = "DELETED";
      return { status: 200, json: { id: pm.id, status: "DELETED", action: action("PAYMENT_METHOD_DELETE", "SUCCESS") } };
    }
    m = /^\/ucp\/transactions\/(TRN_\w+)(?:\/(capture|reversal|refund|incremental|confirmation))?$/.exec(path);
    if (m) {
      const t = txns.get(m[1]!);
      if (!t) return error(404, "RESOURCE_NOT_FOUND", "40008", `Transactions ${m[1]} not found at this /ucp/transactions/${m[1]}`);
      if (method === "GET" && !m[2]) return { status: 200, json: view(t) };
      if (method === "POST" && m[2] === "capture") return capture(t, body);
      if (method === "POST" && m[2] === "reversal") return reversal(t, body);
      if (method === "POST" && m[2] === "refund") return refund(t, body);
      if (method === "POST" && m[2] === "incremental") return incremental(t, body);
      if (method === "POST" && m[2] === "confirmation") return confirm(t, body);
    }
    return error(404, "RESOURCE_NOT_FOUND", "40004", `${method} ${path} not found`);
  }

  function authenticated(req: EmuRequest): boolean {
    const value = header(req, "authorization");
    const token = value?.startsWith("Bearer ") ? value.slice(7) : undefined;
    const expires = token ? tokens.get(token) : undefined;
    return expires !== undefined && expires > Date.now();
  }

  function handle(req: EmuRequest): EmuResponse {
    const page = /^\/_emulator\/apm\/(TRN_\w+)$/.exec(req.path);
    if (page && req.method === "GET") return apmPage(page[1]!, req.query);
    if (header(req, "x-gp-version") !== API_VERSION) return invalid("X-GP-Version header contains unexpected data");
    let body: Json = {};
    if (req.rawBody.trim() !== "") {
      try {
        const parsed: unknown = JSON.parse(req.rawBody);
        if (!isObject(parsed)) return invalid("The request body is not a JSON object");
        body = parsed;
      } catch {
        return invalid("The request body is not valid JSON");
      }
    }
    if (req.method === "POST" && req.path === "/ucp/accesstoken") return accessToken(body);
    if (!authenticated(req)) return error(401, "NOT_AUTHENTICATED", "40001", "Invalid access token");
    // x-gp-idempotency: a key seen before is refused, naming what the first request made.
    const key = header(req, "x-gp-idempotency");
    if (key !== undefined && req.method !== "GET") {
      const first = keys.get(key);
      if (first !== undefined) {
        const t = txns.get(first) ?? stored.get(first);
        return error(409, "DUPLICATE_ACTION", "40039", `Idempotency Key seen before: id=${first}, status=${t?.status ?? "UNKNOWN"}`);
      }
    }
    const response = route(req, body);
    if (key !== undefined && req.method !== "GET" && response.status < 300 && isObject(response.json) && typeof response.json["id"] === "string") {
      keys.set(key, response.json["id"]);
    }
    return response;
  }

  return { handle };
}

export const emulator: ConnectorEmulator = { basePath: "/ucp", create: createGlobalpaymentsEmulator };

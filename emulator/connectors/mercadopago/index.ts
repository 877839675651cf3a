// Mercado Pago emulator (Payments API v1): POST /v1/payments, GET /v1/payments/{id},
// PUT /v1/payments/{id} ({capture: true, transaction_amount?} or {status: "cancelled"}),
// POST /v1/payments/{id}/refunds, GET /v1/payments/{id}/refunds/{refund_id}, the chargebacks
// (chargebacks.ts); and, when the emulator
// has a webhook target for `mercadopago`, the payment.created / payment.updated notifications POSTed
// there (`?data.id=<id>&type=payment`), signed as Mercado Pago signs them: x-signature
// `ts=<seconds>,v1=<hex HMAC-SHA256 of "id:<data.id>;request-id:<x-request-id>;ts:<ts>;">`.
//
// Shapes follow Mercado Pago's API reference and its Node SDK's types: numeric ids, amounts as JSON
// numbers in major units, `status` + `status_detail` (the "Payment creation results" table),
// `point_of_interaction.transaction_data` for Pix, `transaction_details.external_resource_url` and
// `barcode` for Boleto and OXXO, errors as `{message, error, status, cause: [{code, description}]}`;
// X-Idempotency-Key is required on POST /v1/payments (a reused key answers the first payment).
// The account is a Brazilian one (currency_id BRL). Card tokens stand for MercadoPago.js tokens:
// the emulator's tokens end with the test cardholder name Mercado Pago's sandbox reads the outcome
// from (APRO approved, FUND insufficient amount, SECU security code, OTHE other reason, CALL call
// for authorize, CONT pending).
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { DIGITS, randomString } from "../../core/ids.js";
import { IdempotencyKeys } from "../../core/idempotency.js";
import { isObject, parseJsonObject, type Json } from "../../core/json.js";
import { Ledger } from "../../core/ledger.js";
import { formatDecimal } from "../../core/money.js";
import { hmac } from "../../core/webhooks.js";
import { createMercadopagoChargebacks } from "./chargebacks.js";

/** The emulator's access token; any other is refused with 401. */
export const MERCADOPAGO_ACCESS_TOKEN = "TEST-0000000000000000-000000-emulator00000000000000000000-000000000";
/** The account's currency (a Brazilian seller) and its decimals. */
const CURRENCY = "BRL";
const EXPONENT = 2;
/** A stand-in for a MercadoPago.js card token: `emu_card_token_` + the test cardholder name. */
export const TOKEN_PREFIX = "emu_card_token_";
const OUTCOMES: Record<string, [status: string, detail: string]> = {
  APRO: ["approved", "accredited"],
  CONT: ["in_process", "pending_contingency"],
  CALL: ["rejected", "cc_rejected_call_for_authorize"],
  FUND: ["rejected", "cc_rejected_insufficient_amount"],
  SECU: ["rejected", "cc_rejected_bad_filled_security_code"],
  EXPI: ["rejected", "cc_rejected_bad_filled_date"],
  FORM: ["rejected", "cc_rejected_bad_filled_other"],
  OTHE: ["rejected", "cc_rejected_other_reason"],
};
const CARD_METHODS = new Set(["visa", "master", "amex", "elo", "hipercard", "debvisa", "debmaster"]);

interface Payment {
  id: number;
  status: string;
  status_detail: string;
  transaction_amount: number;
  transaction_amount_refunded: number;
  currency_id: string;
  captured: boolean;
  payment_method_id: string;
  payment_type_id: string;
  external_reference?: string;
  description?: string;
  date_created: string;
  date_of_expiration?: string;
  point_of_interaction?: Json;
  transaction_details?: Json;
  barcode?: Json;
  ledger: Ledger;
  refunds: Refund[];
  notificationUrl?: string;
}

interface Refund {
  id: number;
  payment_id: number;
  amount: number;
  status: string;
  date_created: string;
}

const stamp = () => new Date().toISOString().replace("Z", "+00:00");
const newId = () => Number("1" + randomString(10, DIGITS));
const fail = (status: number, message: string, code?: number, error = status === 404 ? "not_found" : "bad_request"): EmuResponse => ({
  status,
  json: { message, error, status, cause: code === undefined ? [] : [{ code, description: message }] },
});

/** A JSON number in major units → minor units, when it has at most the currency's decimals. */
function minorOf(amount: unknown): number | null {
  if (typeof amount !== "number" || !Number.isFinite(amount) || amount <= 0) return null;
  const minor = Math.round(amount * 10 ** EXPONENT);
  return Number(formatDecimal(minor, EXPONENT)) === amount ? minor : null;
}
const major = (minor: number) => Number(formatDecimal(minor, EXPONENT));

export function createMercadopagoEmulator(ctx: EmuContext): EmuMount {
  const payments = new Map<number, Payment>();
  const keys = new IdempotencyKeys();
  const chargebacks = createMercadopagoChargebacks((id) => {
    const p = payments.get(id);
    return p && { amount: p.transaction_amount, currency: p.currency_id, approved: p.status === "approved" || p.status === "refunded" };
  }, fail);

  function view(p: Payment): Json {
    const { ledger: _l, refunds, notificationUrl: _n, ...out } = p;
    return { ...JSON.parse(JSON.stringify(out)), refunds: refunds.map((r) => ({ ...r })) } as Json;
  }

  function notify(p: Payment, action: string): void {
    // Mercado Pago adds the resource to the notification URL's query (`?data.id=...&type=payment`).
    const target = ctx.webhookTarget();
    if (!target) return;
    const url = `${target.url}${target.url.includes("?") ? "&" : "?"}data.id=${p.id}&type=payment`;
    const signed = ((secret: string) => {
      const requestId = `${randomString(8, DIGITS)}-emulator`;
      const ts = String(Math.floor(Date.now() / 1000));
      const v1 = hmac("sha256", secret, `id:${p.id};request-id:${requestId};ts:${ts};`, "hex");
      const body = JSON.stringify({
        id: newId(),
        live_mode: false,
        type: "payment",
        date_created: stamp(),
        user_id: 123456789,
        api_version: "v1",
        action,
        data: { id: String(p.id) },
      });
      return { body, headers: { "Content-Type": "application/json", "x-signature": `ts=${ts},v1=${v1}`, "x-request-id": requestId } };
    })(target.secret);
    void ctx.sendWebhook(url, signed.headers, signed.body);
  }

  function create(body: Json): EmuResponse {
    const minor = minorOf(body["transaction_amount"]);
    if (minor === null) return fail(400, "transaction_amount must be a positive number with at most 2 decimals", 1);
    const method = body["payment_method_id"];
    if (typeof method !== "string" || method === "") return fail(400, "payment_method_id attribute can't be null", 1);
    const payer = isObject(body["payer"]) ? body["payer"] : {};
    const base = {
      id: newId(),
      transaction_amount: body["transaction_amount"] as number,
      transaction_amount_refunded: 0,
      currency_id: CURRENCY,
      payment_method_id: method,
      ...(typeof body["external_reference"] === "string" ? { external_reference: body["external_reference"] } : {}),
      ...(typeof body["description"] === "string" ? { description: body["description"] } : {}),
      date_created: stamp(),
      refunds: [] as Refund[],
      ...(typeof body["notification_url"] === "string" ? { notificationUrl: body["notification_url"] } : {}),
    };
    let p: Payment;
    if (CARD_METHODS.has(method)) {
      const token = body["token"];
      if (typeof token !== "string" || !token.startsWith(TOKEN_PREFIX)) return fail(400, "Card Token not found", 2006);
      const outcome = OUTCOMES[token.slice(TOKEN_PREFIX.length)];
      if (!outcome) return fail(400, "Invalid card token", 2062);
      const capture = body["capture"] !== false;
      let [status, detail] = outcome;
      if (status === "approved" && !capture) [status, detail] = ["authorized", "pending_capture"];
      p = {
        ...base,
        status,
        status_detail: detail,
        captured: status === "approved",
        payment_type_id: method.startsWith("deb") ? "debit_card" : "credit_card",
        ledger: new Ledger(minor, { captured: status === "approved" }),
      };
      if (status !== "approved" && status !== "authorized") p.ledger.void();
    } else if (method === "pix" || method === "bolbradesco" || method === "oxxo") {
      if (typeof payer["email"] !== "string") return fail(400, "payer.email must be a valid email", 1);
      const identification = isObject(payer["identification"]) ? payer["identification"] : undefined;
      if (method === "bolbradesco" && (!identification || !payer["first_name"] || !payer["last_name"] || !isObject(payer["address"])))
        return fail(400, "payer.identification, first_name, last_name and address are required for bolbradesco", 1);
      const expires = new Date(Date.now() + (method === "pix" ? 1 : 3) * 86_400_000).toISOString().replace("Z", "+00:00");
      p = {
        ...base,
        status: "pending",
        status_detail: method === "pix" ? "pending_waiting_transfer" : "pending_waiting_payment",
        captured: true,
        payment_type_id: method === "pix" ? "bank_transfer" : "ticket",
        date_of_expiration: expires,
        ledger: new Ledger(minor),
      };
      const ticket = `${ctx.origin}${ctx.mountPrefix}/payments/${p.id}/ticket`;
      if (method === "pix") {
        p.point_of_interaction = {
          type: "PIX",
          transaction_data: { qr_code: `00020126580014br.gov.bcb.pix0136emulator-${p.id}5204000053039865802BR6304ABCD`, ticket_url: ticket },
        };
      } else {
        p.transaction_details = { external_resource_url: ticket, ...(method === "bolbradesco" ? { digitable_line: `23793.38128 ${p.id}` } : {}) };
        p.barcode = { content: `2379${p.id}000000000000` };
      }
    } else {
      return fail(400, `payment_method_id ${method} is not available`, 1);
    }
    payments.set(p.id, p);
    notify(p, "payment.created");
    return { status: 201, json: view(p) };
  }

  function update(p: Payment, body: Json): EmuResponse {
    if (body["status"] === "cancelled") {
      if (!["pending", "in_process", "authorized"].includes(p.status)) return fail(400, `Payment in status ${p.status} can't be cancelled`, 1);
      p.ledger.void();
      p.status = "cancelled";
      p.status_detail = "by_collector";
      notify(p, "payment.updated");
      return { status: 200, json: view(p) };
    }
    if (body["capture"] === true) {
      if (p.status !== "authorized") return fail(400, `Payment in status ${p.status} can't be captured`, 1);
      let amount = p.ledger.capturable;
      if (body["transaction_amount"] !== undefined) {
        const minor = minorOf(body["transaction_amount"]);
        if (minor === null) return fail(400, "transaction_amount must be a positive number with at most 2 decimals", 1);
        if (minor > p.ledger.capturable) return fail(400, "transaction_amount can't exceed the authorized amount", 1);
        amount = minor;
      }
      // One capture: what is not captured is released, and the payment's amount becomes the captured one.
      p.ledger.capture(amount, true);
      p.transaction_amount = major(amount);
      p.status = "approved";
      p.status_detail = "accredited";
      p.captured = true;
      notify(p, "payment.updated");
      return { status: 200, json: view(p) };
    }
    return fail(400, "only capture or status cancelled can be updated here", 1);
  }

  function refund(p: Payment, body: Json): EmuResponse {
    if (p.status !== "approved") return fail(400, `Payment in status ${p.status} can't be refunded`, 1);
    const minor = body["amount"] === undefined ? p.ledger.refundable : minorOf(body["amount"]);
    if (minor === null) return fail(400, "amount must be a positive number with at most 2 decimals", 1);
    const refused = p.ledger.refund(minor);
    if (refused) return fail(400, "Invalid refund amount: above what is left to refund", 1);
    const r: Refund = { id: newId(), payment_id: p.id, amount: major(minor), status: "approved", date_created: stamp() };
    p.refunds.push(r);
    p.transaction_amount_refunded = major(p.ledger.refunded);
    if (p.ledger.state === "refunded") [p.status, p.status_detail] = ["refunded", "refunded"];
    else p.status_detail = "partially_refunded";
    notify(p, "payment.updated");
    return { status: 201, json: { ...r } };
  }

  return {
    handle(req: EmuRequest): EmuResponse {
      const emulatorOnly = chargebacks.emulatorRoute(req);
      if (emulatorOnly) return emulatorOnly;
      if (req.headers["authorization"] !== `Bearer ${MERCADOPAGO_ACCESS_TOKEN}`)
        return { status: 401, json: { message: "invalid access token", error: "unauthorized", status: 401, cause: [] } };
      const parts = req.path.split("/").filter(Boolean);
      const chargeback = chargebacks.route(req, parts);
      if (chargeback) return chargeback;
      if (parts[0] !== "v1" || parts[1] !== "payments") return fail(404, `${req.method} ${req.path} not found`);
      const body = req.method === "GET" ? {} : parseJsonObject(req.rawBody, {});
      if (body === null) return fail(400, "the body is not JSON", 1);
      const key = req.headers["x-idempotency-key"];
      const keyed = (run: () => EmuResponse): EmuResponse => {
        if (typeof key !== "string" || key === "") return fail(400, "Header X-Idempotency-Key can't be null", 1);
        const r = keys.run(`${req.method} ${req.path} ${key}`, req.rawBody, (res) => res.status < 500, run);
        return r.kind === "conflict" ? fail(409, "X-Idempotency-Key already used with another request", 1, "conflict") : r.response;
      };
      if (parts.length === 2 && req.method === "POST") return keyed(() => create(body));
      const p = payments.get(Number(parts[2]));
      if (!p) return fail(404, "Payment not found", 2000);
      if (parts.length === 3 && req.method === "GET") return { status: 200, json: view(p) };
      if (parts.length === 3 && req.method === "PUT") return keyed(() => update(p, body));
      if (parts[3] === "refunds" && parts.length === 4 && req.method === "POST") return keyed(() => refund(p, body));
      if (parts[3] === "refunds" && parts.length === 5 && req.method === "GET") {
        const r = p.refunds.find((x) => String(x.id) === parts[4]);
        return r ? { status: 200, json: { ...r } } : fail(404, "Refund not found", 2000);
      }
      return fail(404, `${req.method} ${req.path} not found`);
    },
  };
}

export const emulator: ConnectorEmulator = { create: createMercadopagoEmulator };

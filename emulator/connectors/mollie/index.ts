// Mollie emulator (Payments API v2), from Mollie's own material: the API reference and OpenAPI
// spec (mollie/openapi, vendored in oracles/mollie/specs.yaml): Create/Get/Cancel payment, Create
// capture, Create/Get payment refund, Get payment chargeback, Create customer, Revoke mandate; "Handling errors" (`{status, title, detail, field?}` as application/hal+json);
// "Multicurrency" (value strings with the currency's decimals: two, ISK and JPY none); "API
// idempotency" (Idempotency-Key: a retry gets the first answer); "Place a hold for a payment"
// (captureMode manual for cards and Klarna only; one capture, part or all, the rest released);
// "Recurring payments" (a first payment under a customer leaves a mandate once paid; recurring
// payments charge it without the shopper); webhooks: next-gen events (the spec's
// webhook-event-types, signed `X-Mollie-Signature: sha256=<hex HMAC-SHA256 of the body>`) with the
// full payload (the classic unsigned `id=tr_...` post carries nothing to emulate beyond an id).
//
// EMULATOR-ONLY test tokens (Mollie's test mode lets the tester pick the outcome on its checkout
// page instead): a card token (tkn_...) containing `3ds` answers `open` with a checkout link (its
// GET completes the payment and redirects back), one containing `declined` fails with
// failureReason card_declined, one containing `funds` with insufficient_funds; any other tkn_
// token is authorized (captureMode manual) or paid at once. Local methods (iDEAL, ...) answer
// `open` with a checkout link.
import { randomString, ALNUM } from "../../core/ids.js";
import { isObject, type Json } from "../../core/json.js";
import { Ledger } from "../../core/ledger.js";
import { formatDecimal, parseDecimal } from "../../core/money.js";
import { deliver, hmac } from "../../core/webhooks.js";
import { IdempotencyKeys } from "../../core/idempotency.js";
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";

/** The emulator's test API key; any other Bearer token is 401. */
export const MOLLIE_API_KEY = "test_MollieEmulatorKey000000000000";
/** The signing secret of the emulator's next-gen webhook subscription. */
export const MOLLIE_WEBHOOK_SECRET = "mollie_emulator_webhook_signing_secret";

/** Mollie's decimals per currency ("Multicurrency"). */
const DECIMALS: Record<string, number> = {
  AED: 2, AUD: 2, BRL: 2, CAD: 2, CHF: 2, CZK: 2, DKK: 2, EUR: 2, GBP: 2, HKD: 2, HUF: 2, ILS: 2, ISK: 0, JPY: 0,
  MXN: 2, MYR: 2, NOK: 2, NZD: 2, PHP: 2, PLN: 2, RON: 2, SEK: 2, SGD: 2, THB: 2, TWD: 2, USD: 2, ZAR: 2,
};
const LOCAL_METHODS = new Set(["ideal", "bancontact", "eps", "blik", "przelewy24", "trustly", "mybank", "multibanco", "klarna", "paypal", "mbway", "swish", "twint", "vipps", "mobilepay", "banktransfer"]);
// Bank transfer: the shopper pays into Mollie's account quoting the payment's reference (the
// `details` of the spec's bank-transfer payments). EMULATOR-ONLY: the account is a made-up test
// IBAN; opening the checkout page stands for the transfer arriving (test mode's outcome picker).
const TRANSFER_ACCOUNT = { bankName: "Stichting Mollie Payments", bankAccount: "NL53ABNA0627535577", bankBic: "ABNANL2A" };
const HOLD_METHODS = new Set(["creditcard", "applepay", "klarna"]);

type Status = "open" | "pending" | "authorized" | "paid" | "canceled" | "expired" | "failed";
interface Payment {
  id: string;
  status: Status;
  amount: { currency: string; value: string };
  minor: number;
  description: string;
  method: string;
  redirectUrl?: string;
  webhookUrl?: string;
  captureMode: "automatic" | "manual";
  sequenceType: "oneoff" | "first" | "recurring";
  customerId?: string;
  mandateId?: string;
  metadata: unknown;
  failureReason?: string;
  transferReference?: string;
  billingEmail?: string;
  ledger: Ledger;
  createdAt: string;
  refunds: Map<string, Refund>;
  chargebacks: Map<string, Json>;
}
interface Refund {
  id: string;
  status: "queued" | "pending" | "processing" | "refunded" | "failed" | "canceled";
  minor: number;
  description?: string;
  metadata: unknown;
  createdAt: string;
}

const id = (prefix: string) => `${prefix}_${randomString(10, ALNUM)}`;
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00");
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

function error(status: number, title: string, detail: string, field?: string): EmuResponse {
  return {
    status,
    headers: { "content-type": "application/hal+json" },
    json: { status, title, detail, ...(field ? { field } : {}), _links: { documentation: { href: "https://docs.mollie.com/reference/handling-errors", type: "text/html" } } },
  };
}
const unprocessable = (detail: string, field?: string) => error(422, "Unprocessable Entity", detail, field);
const notFound = (detail: string) => error(404, "Not Found", detail);
const hal = (status: number, json: unknown): EmuResponse => ({ status, headers: { "content-type": "application/hal+json" }, json });

export function createMollieEmulator(ctx: EmuContext): EmuMount {
  const payments = new Map<string, Payment>();
  const customers = new Map<string, { mandates: Map<string, Json> }>();
  const idempotent = new IdempotencyKeys();
  const root = () => `${ctx.origin}${ctx.mountPrefix}`;

  /** `{currency, value}` in minor units, exact with Mollie's decimals, or an error naming the field. */
  function amountOf(v: unknown, field: string, allowZero = false): { minor: number; currency: string; value: string } | EmuResponse {
    if (!isObject(v)) return unprocessable(`The '${field}' field is missing`, field);
    const currency = str(v.currency) ?? "";
    const decimals = DECIMALS[currency];
    if (decimals === undefined) return unprocessable(`The amount contains an invalid currency`, `${field}.currency`);
    const value = v.value;
    // "Make sure to send the right amount of decimals": exactly the currency's, as a string.
    if (typeof value !== "string" || !(decimals === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${decimals}}$`)).test(value)) {
      return unprocessable(`The amount value must be a string with ${decimals} decimals for ${currency}`, `${field}.value`);
    }
    const minor = parseDecimal(value, decimals);
    if (minor === null || minor < 0 || (minor === 0 && !allowZero)) return unprocessable("The amount is lower than the minimum", `${field}.value`);
    return { minor, currency, value };
  }

  function paymentJson(p: Payment): Json {
    const d = DECIMALS[p.amount.currency] ?? 2;
    const isCancelable = p.status === "open" || p.status === "authorized";
    const links: Json = {
      self: { href: `${root()}/v2/payments/${p.id}`, type: "application/hal+json" },
      dashboard: { href: `https://my.mollie.com/dashboard/payments/${p.id}`, type: "text/html" },
    };
    if (p.status === "open" && p.method !== "directdebit") links.checkout = { href: `${root()}/checkout/${p.id}`, type: "text/html" };
    const captured = p.ledger.captured;
    return {
      resource: "payment",
      id: p.id,
      mode: "test",
      createdAt: p.createdAt,
      amount: p.amount,
      description: p.description,
      method: p.method,
      metadata: p.metadata ?? null,
      status: p.status,
      ...(isCancelable ? { isCancelable: true } : {}),
      ...(p.status === "paid" || captured > 0 ? { amountCaptured: { value: formatDecimal(captured, d), currency: p.amount.currency } } : {}),
      ...(p.status === "paid"
        ? {
            amountRefunded: { value: formatDecimal(p.ledger.refunded, d), currency: p.amount.currency },
            amountRemaining: { value: formatDecimal(p.ledger.refundable, d), currency: p.amount.currency },
          }
        : {}),
      profileId: "pfl_EmuLat0r",
      sequenceType: p.sequenceType,
      captureMode: p.captureMode,
      ...(p.redirectUrl ? { redirectUrl: p.redirectUrl } : {}),
      ...(p.webhookUrl ? { webhookUrl: p.webhookUrl } : {}),
      ...(p.customerId ? { customerId: p.customerId } : {}),
      ...(p.mandateId ? { mandateId: p.mandateId } : {}),
      ...(p.failureReason ? { details: { failureReason: p.failureReason, failureMessage: "The card was declined." } } : {}),
      ...(p.method === "banktransfer"
        ? {
            details: { ...TRANSFER_ACCOUNT, transferReference: p.transferReference, ...(p.billingEmail ? { billingEmail: p.billingEmail } : {}) },
            ...(p.status === "open" ? { expiresAt: new Date(Date.parse(p.createdAt) + 12 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "+00:00") } : {}),
          }
        : {}),
      _links: links,
    };
  }

  function refundJson(p: Payment, r: Refund): Json {
    const d = DECIMALS[p.amount.currency] ?? 2;
    return {
      resource: "refund",
      id: r.id,
      mode: "test",
      amount: { value: formatDecimal(r.minor, d), currency: p.amount.currency },
      status: r.status,
      createdAt: r.createdAt,
      description: r.description ?? "",
      metadata: r.metadata ?? null,
      paymentId: p.id,
      _links: { self: { href: `${root()}/v2/payments/${p.id}/refunds/${r.id}`, type: "application/hal+json" } },
    };
  }

  /** A next-gen event with the full payload, signed with the subscription's secret; and the classic id post. */
  function notify(type: string, entityId: string, entity: Json): void {
    const body = JSON.stringify({
      resource: "event",
      id: id("event"),
      type,
      entityId,
      createdAt: now(),
      _embedded: { entity },
      _links: { self: { href: `${root()}/v2/events/x`, type: "application/hal+json" }, documentation: { href: "https://docs.mollie.com/reference/webhooks-new", type: "text/html" } },
    });
    void deliver(ctx, (secret) => ({ body, headers: { "content-type": "application/json", "x-mollie-signature": `sha256=${hmac("sha256", secret, body, "hex")}` } }));
  }

  function setStatus(p: Payment, status: Status): void {
    p.status = status;
    if (status === "paid" && p.sequenceType === "first" && p.customerId) {
      const mandateId = id("mdt");
      customers.get(p.customerId)?.mandates.set(mandateId, { resource: "mandate", id: mandateId, status: "valid", method: p.method === "directdebit" ? "directdebit" : "creditcard", customerId: p.customerId });
      p.mandateId = mandateId;
    }
    notify(`payment.${status}`, p.id, paymentJson(p));
  }

  function createPayment(body: Json): EmuResponse {
    const amount = amountOf(body.amount, "amount", body.sequenceType === "first");
    if ("status" in amount) return amount;
    const description = str(body.description);
    if (!description) return unprocessable("The description is invalid", "description");
    const sequenceType = (str(body.sequenceType) ?? "oneoff") as Payment["sequenceType"];
    if (!["oneoff", "first", "recurring"].includes(sequenceType)) return unprocessable("The sequence type is invalid", "sequenceType");
    const customerId = str(body.customerId);
    if (sequenceType !== "oneoff" && (!customerId || !customers.has(customerId))) return unprocessable("The customer id is invalid", "customerId");
    let method = str(body.method) ?? "";
    let mandateId: string | undefined;
    if (sequenceType === "recurring") {
      mandateId = str(body.mandateId);
      const mandate = mandateId ? customers.get(customerId!)?.mandates.get(mandateId) : [...(customers.get(customerId!)?.mandates.values() ?? [])][0];
      if (!mandate || mandate.status !== "valid") return unprocessable("No suitable mandates found for customer", "mandateId");
      mandateId = String(mandate.id);
      method = String(mandate.method);
    }
    const cardToken = str(body.cardToken);
    const applePay = str(body.applePayPaymentToken);
    const googlePay = str(body.googlePayPaymentToken);
    if (cardToken !== undefined && method !== "creditcard") return unprocessable("The card token is only valid for credit card payments", "cardToken");
    if (cardToken !== undefined && !/^tkn_\w+$/.test(cardToken)) return unprocessable("The card token is invalid", "cardToken");
    if (applePay !== undefined && method !== "applepay") return unprocessable("The Apple Pay token is only valid for Apple Pay payments", "applePayPaymentToken");
    if (sequenceType !== "recurring" && method !== "creditcard" && method !== "applepay" && !LOCAL_METHODS.has(method)) {
      return unprocessable("The payment method is invalid", "method");
    }
    const redirectUrl = str(body.redirectUrl);
    if (!redirectUrl && sequenceType !== "recurring" && !(method === "applepay" && applePay)) return unprocessable("The redirect URL is invalid", "redirectUrl");
    const captureMode = str(body.captureMode) === "manual" ? "manual" : "automatic";
    if (captureMode === "manual" && !HOLD_METHODS.has(method)) return unprocessable("The capture mode is not supported for this payment method", "captureMode");
    if (method === "klarna" && !Array.isArray(body.lines)) return unprocessable("The lines are required for Klarna", "lines");

    const p: Payment = {
      id: id("tr"),
      status: "open",
      amount: { currency: amount.currency, value: amount.value },
      minor: amount.minor,
      description,
      method,
      ...(redirectUrl ? { redirectUrl } : {}),
      ...(str(body.webhookUrl) ? { webhookUrl: str(body.webhookUrl)! } : {}),
      captureMode,
      sequenceType,
      ...(customerId ? { customerId } : {}),
      ...(mandateId ? { mandateId } : {}),
      metadata: body.metadata ?? null,
      ...(method === "banktransfer" ? { transferReference: `RF${randomString(2, "0123456789")}-${randomString(4, "0123456789")}-${randomString(4, "0123456789")}-${randomString(4, "0123456789")}` } : {}),
      ...(method === "banktransfer" && isObject(body.billingAddress) && str(body.billingAddress.email) ? { billingEmail: str(body.billingAddress.email)! } : {}),
      ledger: new Ledger(amount.minor),
      createdAt: now(),
      refunds: new Map(),
      chargebacks: new Map(),
    };
    payments.set(p.id, p);
    const token = cardToken ?? "";
    const decline = token.includes("declined") ? "card_declined" : token.includes("funds") ? "insufficient_funds" : undefined;
    const waits = LOCAL_METHODS.has(method) || token.includes("3ds");
    if (decline) {
      p.failureReason = decline;
      p.status = "failed";
    } else if (!waits) {
      // A frictionless card, wallet or a recurring charge: done at once.
      complete(p);
    }
    const t = (cardToken ? "card token" : applePay ? "Apple Pay token" : googlePay ? "Google Pay token" : method) || "none";
    ctx.log(`mollie: payment ${p.id} ${p.amount.value} ${p.amount.currency} by ${t} → ${p.status}`);
    return hal(201, paymentJson(p));
  }

  /** The shopper finished (or needed nothing): authorized on a hold, else paid. */
  function complete(p: Payment): void {
    if (p.captureMode === "manual") return setStatus(p, "authorized");
    p.ledger.capture(p.minor, true);
    setStatus(p, "paid");
  }

  function capture(p: Payment, body: Json): EmuResponse {
    if (p.status !== "authorized") return unprocessable("The payment cannot be captured", undefined);
    let minor = p.ledger.capturable;
    if (body.amount !== undefined) {
      const a = amountOf(body.amount, "amount");
      if ("status" in a) return a;
      if (a.currency !== p.amount.currency) return unprocessable("The amount contains an invalid currency", "amount.currency");
      minor = a.minor;
    }
    // One capture: what is not captured is released.
    const refusal = p.ledger.capture(minor, true);
    if (refusal) return unprocessable("The capture amount is higher than the amount that can be captured", "amount.value");
    const d = DECIMALS[p.amount.currency] ?? 2;
    const cpt = id("cpt");
    const json = {
      resource: "capture",
      id: cpt,
      mode: "test",
      amount: { value: formatDecimal(minor, d), currency: p.amount.currency },
      status: "pending",
      createdAt: now(),
      paymentId: p.id,
      metadata: body.metadata ?? null,
      _links: { self: { href: `${root()}/v2/payments/${p.id}/captures/${cpt}`, type: "application/hal+json" } },
    };
    // The capture settles at once in the emulator: the payment is paid, the capture succeeded.
    p.status = "paid";
    notify("capture.succeeded", cpt, { ...json, status: "succeeded" });
    notify("payment.paid", p.id, paymentJson(p));
    return hal(201, json);
  }

  function refund(p: Payment, body: Json): EmuResponse {
    if (p.status !== "paid") return unprocessable("The payment cannot be refunded", undefined);
    const a = amountOf(body.amount, "amount");
    if ("status" in a) return a;
    if (a.currency !== p.amount.currency) return unprocessable("The amount contains an invalid currency", "amount.currency");
    const refusal = p.ledger.refund(a.minor);
    if (refusal) return unprocessable("The amount is higher than the amount remaining", "amount.value");
    const r: Refund = { id: id("re"), status: "pending", minor: a.minor, ...(str(body.description) ? { description: str(body.description)! } : {}), metadata: body.metadata ?? null, createdAt: now() };
    p.refunds.set(r.id, r);
    const created = refundJson(p, r);
    notify("refund.pending", r.id, created);
    // Processed once read again (Mollie sends pending refunds to the bank with the next batch).
    r.status = "refunded";
    notify("refund.refunded", r.id, refundJson(p, r));
    return hal(201, created);
  }

  function route(req: EmuRequest, body: Json): EmuResponse {
    const { method, path } = req;
    if (path === "/v2/payments" && method === "POST") return createPayment(body);
    let m = /^\/v2\/payments\/(tr_\w+)$/.exec(path);
    if (m) {
      const p = payments.get(m[1]!);
      if (!p) return notFound(`No payment exists with token ${m[1]}.`);
      if (method === "GET") return hal(200, paymentJson(p));
      if (method === "DELETE") {
        if (p.status !== "open" && p.status !== "authorized") return unprocessable("The payment cannot be canceled");
        if (p.status === "authorized") p.ledger.void();
        setStatus(p, "canceled");
        return hal(200, paymentJson(p));
      }
    }
    m = /^\/v2\/payments\/(tr_\w+)\/(captures|refunds|chargebacks)(?:\/(\w+))?$/.exec(path);
    if (m) {
      const p = payments.get(m[1]!);
      if (!p) return notFound(`No payment exists with token ${m[1]}.`);
      const [, , kind, sub] = m;
      if (kind === "captures" && method === "POST" && !sub) return capture(p, body);
      if (kind === "refunds" && method === "POST" && !sub) return refund(p, body);
      if (kind === "refunds" && method === "GET" && sub) {
        const r = p.refunds.get(sub);
        return r ? hal(200, refundJson(p, r)) : notFound(`No refund exists with token ${sub}.`);
      }
      if (kind === "chargebacks" && method === "GET" && sub) {
        const c = p.chargebacks.get(sub);
        return c ? hal(200, c) : notFound(`No chargeback exists with token ${sub}.`);
      }
      // EMULATOR-ONLY: the shopper's bank charges the payment back.
      if (kind === "chargebacks" && method === "POST" && !sub) {
        const c: Json = { resource: "chargeback", id: id("chb"), amount: p.amount, createdAt: now(), reason: null, paymentId: p.id, _links: {} };
        p.chargebacks.set(String(c.id), c);
        notify("chargeback.received", String(c.id), c);
        return hal(201, c);
      }
    }
    if (path === "/v2/customers" && method === "POST") {
      const cst = id("cst");
      customers.set(cst, { mandates: new Map() });
      return hal(201, { resource: "customer", id: cst, mode: "test", name: str(body.name) ?? null, email: str(body.email) ?? null, metadata: body.metadata ?? null, createdAt: now(), _links: {} });
    }
    m = /^\/v2\/customers\/(cst_\w+)\/mandates(?:\/(mdt_\w+))?$/.exec(path);
    if (m) {
      const customer = customers.get(m[1]!);
      if (!customer) return notFound(`No customer exists with token ${m[1]}.`);
      if (method === "DELETE" && m[2]) {
        const mandate = customer.mandates.get(m[2]);
        if (!mandate || mandate.status !== "valid") return notFound(`No mandate exists with token ${m[2]}.`);
        mandate.status = "invalid";
        return { status: 204 };
      }
    }
    return notFound("The requested resource does not exist");
  }

  function handle(req: EmuRequest): EmuResponse {
    // The hosted checkout (3-D Secure, the bank's page): the shopper approves, back to redirectUrl.
    const checkout = /^\/checkout\/(tr_\w+)$/.exec(req.path);
    if (checkout && req.method === "GET") {
      const p = payments.get(checkout[1]!);
      if (!p) return notFound("No such checkout");
      if (p.status === "open") complete(p);
      return { status: 302, headers: { location: p.redirectUrl ?? "https://shop.example/" } };
    }
    const auth = String(req.headers["authorization"] ?? "");
    if (auth !== `Bearer ${MOLLIE_API_KEY}`) return error(401, "Unauthorized Request", "Missing authentication, or failed to authenticate");
    let body: Json = {};
    if (req.method === "POST") {
      try {
        const parsed: unknown = req.rawBody.trim() === "" ? {} : JSON.parse(req.rawBody);
        if (!isObject(parsed)) return error(400, "Bad Request", "The request body must be a JSON object");
        body = parsed;
      } catch {
        return error(400, "Bad Request", "The request body is not valid JSON");
      }
    }
    const key = String(req.headers["idempotency-key"] ?? "");
    if (key && req.method !== "GET") {
      // "API idempotency": the same key gets the first answer; with another request it is refused.
      const keyed = idempotent.run(key, `${req.method} ${req.path} ${req.rawBody}`, (r) => r.status < 500, () => route(req, body));
      if (keyed.kind === "conflict") return unprocessable("The idempotency key was already used for another request");
      return keyed.response;
    }
    return route(req, body);
  }

  return { handle };
}

export const emulator: ConnectorEmulator = { create: createMollieEmulator };

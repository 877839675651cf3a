// PayPal emulator: OAuth 2.0 client credentials, Orders v2 (create, show, authorize, capture) and
// Payments v2 (authorizations show/capture/void, captures show/refund, refunds show).
//
// Shapes follow PayPal's own material: the schemas and examples of
// paypal/paypal-rest-api-specifications (checkout_orders_v2.json, payments_payment_v2.json), the
// error format of developer.paypal.com/api/rest/responses/ (`{name, message, debug_id, details:
// [{field?, issue, description}], links}`), the OAuth token answer of
// developer.paypal.com/api/rest/authentication/ and the currency decimals of
// developer.paypal.com/api/rest/reference/currency-codes/.
//
// Behaviour worth knowing:
// - Cards: every card authorizes or captures at once, except these test numbers (the emulator's
//   own, in the spirit of PayPal's sandbox "card decline" triggers; the same for a network token's
//   number in `card.network_token`): 4000000000000002 → the
//   authorization DENIED / capture DECLINED with processor_response.response_code 5120
//   (INSUFFICIENT_FUNDS); 4000000000000069 → 422 UNPROCESSABLE_ENTITY / CARD_EXPIRED.
// - `payment_source.paypal` answers PAYER_ACTION_REQUIRED with a `payer-action` link; GET of that
//   link plays the payer approving and redirects to `return_url?token=<order id>&PayerID=...`.
// - A capture with `final_capture: true` (or of all that is left) leaves the authorization
//   CAPTURED, the rest released: a further capture → 422 AUTHORIZATION_ALREADY_CAPTURED; without
//   it a partial capture leaves it PARTIALLY_CAPTURED; more than what is left → 422
//   MAX_CAPTURE_AMOUNT_EXCEEDED. A void after a capture → 422 PREVIOUSLY_CAPTURED; a second void
//   → 422 AUTHORIZATION_VOIDED.
// - Refunds are COMPLETED at once; more than what is left → 422 REFUND_AMOUNT_EXCEEDED.
// - PayPal-Request-Id: the same id on the same endpoint answers the first response again.
// - Every call but the token needs `Authorization: Bearer <token issued here>`.
// - Vault v3 (https://developer.paypal.com/docs/api/payment-tokens/v3/): POST /v3/vault/payment-tokens
//   saves a card at once (4000000000000069 → 422 CARD_EXPIRED) or turns an APPROVED setup token
//   into a payment token (not approved → 422 PAYER_ACTION_REQUIRED; twice → 422
//   SETUP_TOKEN_ALREADY_TOKENIZED); POST /v3/vault/setup-tokens with `payment_source.paypal`
//   answers PAYER_ACTION_REQUIRED with an `approve` link whose GET plays the payer approving and
//   redirects to `return_url?approval_token_id=<id>`. Orders take `payment_source.card.vault_id`
//   (a merchant-initiated `stored_credential` must not carry a security code) and
//   `payment_source.paypal.vault_id`; an unknown vault id → 422 INVALID_RESOURCE_ID.
// - Webhooks (given `webhooks` with a `paypal` secret, used as the merchant's Webhook ID): the
//   emulator signs each like PayPal, RSA-SHA256 over `transmission_id|transmission_time|webhook_id|
//   crc32(body)` with its own key, in the PAYPAL-* transmission headers, for captures
//   (PAYMENT.CAPTURE.COMPLETED), refunds (PAYMENT.CAPTURE.REFUNDED), voids
//   (PAYMENT.AUTHORIZATION.VOIDED) and saved payment methods (VAULT.PAYMENT-TOKEN.CREATED).
//   POST /v1/notifications/verify-webhook-signature checks a signature with that key over the
//   `webhook_event` exactly as the request carries it: SUCCESS or FAILURE.

import { generateKeyPairSync, randomBytes, randomUUID, sign, verify } from "node:crypto";
import { crc32 } from "node:zlib";
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { IdempotencyKeys } from "../../core/idempotency.js";
import { randomString } from "../../core/ids.js";
import type { Json } from "../../core/json.js";
import { Ledger } from "../../core/ledger.js";
import { formatDecimal, parseDecimal } from "../../core/money.js";
import { deliver } from "../../core/webhooks.js";
import { createPayPalDisputes, paypalIssue12Route } from "./issue12.js";


/** PayPal's decimals per currency (HUF, JPY, TWD take none). */
export const PAYPAL_DECIMALS: Record<string, number> = {
  AUD: 2, BRL: 2, CAD: 2, CHF: 2, CNY: 2, CZK: 2, DKK: 2, EUR: 2, GBP: 2, HKD: 2, HUF: 0, ILS: 2,
  JPY: 0, MXN: 2, MYR: 2, NOK: 2, NZD: 2, PHP: 2, PLN: 2, SEK: 2, SGD: 2, THB: 2, TWD: 0, USD: 2,
};

export const EMULATOR_CLIENT_SECRET_REJECTED = "rejected-secret";
const DECLINING_CARD = "4000000000000002";
const EXPIRED_CARD = "4000000000000069";

interface Money {
  currency_code: string;
  value: string;
}

interface Authorization {
  id: string;
  orderId: string;
  status: string;
  amount: Money;
  /** What was authorized, captured from it, voided. */
  ledger: Ledger;
  invoiceId?: string;
  processorCode: string;
}

interface Capture {
  id: string;
  orderId: string;
  authorizationId?: string;
  status: string;
  amount: Money;
  /** What was captured and refunded from it. */
  ledger: Ledger;
  finalCapture: boolean;
  processorCode?: string;
}

interface Refund {
  id: string;
  captureId: string;
  status: string;
  amount: Money;
  invoiceId?: string;
  noteToPayer?: string;
}

/** network_token_request.eci_flag (checkout_orders_v2.json eci_flag). */
const ECI_FLAGS = [
  "MASTERCARD_NON_3D_SECURE_TRANSACTION", "MASTERCARD_ATTEMPTED_AUTHENTICATION_TRANSACTION", "MASTERCARD_FULLY_AUTHENTICATED_TRANSACTION",
  "FULLY_AUTHENTICATED_TRANSACTION", "ATTEMPTED_AUTHENTICATION_TRANSACTION", "NON_3D_SECURE_TRANSACTION",
];

/** The alternative payment methods' payment_source keys of Orders v2. */
const ALT_PAY = ["ideal", "bancontact", "blik", "eps", "giropay", "mybank", "p24", "sofort", "trustly"];

interface VaultToken {
  id: string;
  customerId: string;
  source: "card" | "paypal";
  last4?: string;
  setupTokenId?: string;
}

interface SetupToken {
  id: string;
  customerId: string;
  status: "PAYER_ACTION_REQUIRED" | "APPROVED" | "TOKENIZED";
  returnUrl: string;
  description?: string;
}

interface Order {
  id: string;
  intent: string;
  status: string;
  purchaseUnit: Json;
  amount: Money;
  source: "card" | "paypal";
  cardLast4?: string;
  vaultId?: string;
  returnUrl?: string;
  /** An alternative payment method's payment_source (ideal, p24, ...), captured on approval. */
  altPay?: { key: string; name: string; countryCode: string };
  /** A decrypted Apple Pay / Google Pay token (payment_source.apple_pay / google_pay). */
  wallet?: "apple_pay" | "google_pay";
  authorizations: string[];
  captures: string[];
}

const ISSUE_DESCRIPTIONS: Record<string, string> = {
  INSTRUMENT_DECLINED: "The instrument presented  was either declined by the processor or bank, or it can't be used for this payment.",
  CARD_EXPIRED: "The card is expired.",
  DECIMAL_PRECISION: "If the currency supports decimals, only two decimal place precision is supported.",
  CURRENCY_NOT_SUPPORTED: "Currency code is not currently supported.",
  PAYER_ACTION_REQUIRED: "Please make sure setup up token is approved. Please complete the approval flow.",
  SETUP_TOKEN_ALREADY_TOKENIZED: "The setup token has been used previously to generate a payment token.",
  ORDER_NOT_APPROVED: "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.",
  ORDER_ALREADY_AUTHORIZED: "Order already authorized. If 'intent=AUTHORIZE' only one authorization per order is allowed.",
  ORDER_ALREADY_CAPTURED: "Order already captured. If 'intent=CAPTURE' only one capture per order is allowed.",
  ACTION_DOES_NOT_MATCH_INTENT: "Order was created with an intent to 'AUTHORIZE'. Please use v2/checkout/orders/order_id/authorize to complete the transaction or alternately Create an order with an intent of 'CAPTURE'.",
  MAX_CAPTURE_AMOUNT_EXCEEDED: "Capture amount exceeds allowable limit. Please contact customer service or your account manager to request the change to your overage limit.",
  AUTHORIZATION_VOIDED: "A voided authorization cannot be captured or reauthorized.",
  AUTHORIZATION_ALREADY_CAPTURED: "Authorization has previously been captured.",
  PREVIOUSLY_CAPTURED: "Authorization has been previously captured and hence cannot be voided.",
  REFUND_AMOUNT_EXCEEDED: "The refund amount must be less than or equal to the capture amount that has not yet been refunded.",
  INVALID_RESOURCE_ID: "Specified resource ID does not exist. Please check the resource ID and try again.",
  MISSING_REQUIRED_PARAMETER: "A required field / parameter is missing.",
};

// PayPal ids: 17 upper-case letters and digits.
const newId = (): string => randomString(17, "0123456789ABCDEFGHJKLMNPRSTUVWXY");

function debugId(): string {
  return randomBytes(7).toString("hex");
}

function unprocessable(issue: string, field?: string): EmuResponse {
  return {
    status: 422,
    json: {
      name: "UNPROCESSABLE_ENTITY",
      message: "The requested action could not be performed, semantically incorrect, or failed business validation.",
      debug_id: debugId(),
      details: [{ ...(field ? { field, location: "body" } : {}), issue, description: ISSUE_DESCRIPTIONS[issue] ?? issue }],
      links: [{ href: `https://developer.paypal.com/docs/api/orders/v2/#error-${issue}`, rel: "information_link", method: "GET" }],
    },
  };
}

function invalidRequest(issue: string, field: string): EmuResponse {
  return {
    status: 400,
    json: {
      name: "INVALID_REQUEST",
      message: "Request is not well-formed, syntactically incorrect, or violates schema.",
      debug_id: debugId(),
      details: [{ field, location: "body", issue, description: ISSUE_DESCRIPTIONS[issue] ?? issue }],
    },
  };
}

function notFound(): EmuResponse {
  return {
    status: 404,
    json: {
      name: "RESOURCE_NOT_FOUND",
      message: "The specified resource does not exist.",
      debug_id: debugId(),
      details: [{ issue: "INVALID_RESOURCE_ID", description: ISSUE_DESCRIPTIONS.INVALID_RESOURCE_ID }],
    },
  };
}

/** `value` in minor units of PayPal's decimals for the currency; null when not exact. */
function toMinor(m: Money | undefined): number | null {
  if (!m || typeof m.value !== "string" || typeof m.currency_code !== "string") return null;
  const decimals = PAYPAL_DECIMALS[m.currency_code];
  return decimals === undefined ? null : parseDecimal(m.value, decimals);
}

function fromMinor(minor: number, currency: string): Money {
  return { currency_code: currency, value: formatDecimal(minor, PAYPAL_DECIMALS[currency] ?? 2) };
}

export function createPayPalEmulator(ctx: EmuContext): EmuMount {
  const tokens = new Set<string>();
  const orders = new Map<string, Order>();
  const authorizations = new Map<string, Authorization>();
  const captures = new Map<string, Capture>();
  const refunds = new Map<string, Refund>();
  const requestIds = new IdempotencyKeys();
  const vaultTokens = new Map<string, VaultToken>();
  const setupTokens = new Map<string, SetupToken>();
  // The key PayPal signs webhooks with; its public half is what verify-webhook-signature checks.
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const CERT_PATH = "/v1/notifications/certs/CERT-emulator-360caa42";
  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const api = () => `${ctx.origin}/paypal`;

  function link(href: string, rel: string, method = "GET"): Json {
    return { href: `${api()}${href}`, rel, method };
  }

  function authorizationJson(a: Authorization): Json {
    return {
      id: a.id,
      status: a.status,
      amount: a.amount,
      ...(a.invoiceId ? { invoice_id: a.invoiceId } : {}),
      seller_protection: { status: "NOT_ELIGIBLE" },
      processor_response: { avs_code: "Y", cvv_code: "M", response_code: a.processorCode },
      network_transaction_reference: { id: "100000000000001", network: "VISA" },
      expiration_time: new Date(Date.now() + 29 * 86400_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      create_time: now(),
      update_time: now(),
      supplementary_data: { related_ids: { order_id: a.orderId } },
      links: [
        link(`/v2/payments/authorizations/${a.id}`, "self"),
        link(`/v2/payments/authorizations/${a.id}/capture`, "capture", "POST"),
        link(`/v2/payments/authorizations/${a.id}/void`, "void", "POST"),
        link(`/v2/checkout/orders/${a.orderId}`, "up"),
      ],
    };
  }

  function captureJson(c: Capture): Json {
    return {
      id: c.id,
      status: c.status,
      amount: c.amount,
      final_capture: c.finalCapture,
      seller_protection: { status: "NOT_ELIGIBLE" },
      ...(c.processorCode ? { processor_response: { avs_code: "Y", cvv_code: "M", response_code: c.processorCode } } : {}),
      create_time: now(),
      update_time: now(),
      supplementary_data: {
        related_ids: { order_id: c.orderId, ...(c.authorizationId ? { authorization_id: c.authorizationId } : {}) },
      },
      links: [
        link(`/v2/payments/captures/${c.id}`, "self"),
        link(`/v2/payments/captures/${c.id}/refund`, "refund", "POST"),
        ...(c.authorizationId ? [link(`/v2/payments/authorizations/${c.authorizationId}`, "up")] : [link(`/v2/checkout/orders/${c.orderId}`, "up")]),
      ],
    };
  }

  function refundJson(r: Refund): Json {
    return {
      id: r.id,
      status: r.status,
      amount: r.amount,
      ...(r.invoiceId ? { invoice_id: r.invoiceId } : {}),
      ...(r.noteToPayer ? { note_to_payer: r.noteToPayer } : {}),
      create_time: now(),
      update_time: now(),
      links: [link(`/v2/payments/refunds/${r.id}`, "self"), link(`/v2/payments/captures/${r.captureId}`, "up")],
    };
  }

  function orderJson(o: Order): Json {
    const payments: Json = {};
    if (o.authorizations.length) payments.authorizations = o.authorizations.map((id) => authorizationJson(authorizations.get(id)!));
    if (o.captures.length) payments.captures = o.captures.map((id) => captureJson(captures.get(id)!));
    const links: Json[] = [link(`/v2/checkout/orders/${o.id}`, "self")];
    if (o.status === "PAYER_ACTION_REQUIRED") {
      links.push({ href: `${api()}/_emulator/checkoutnow?token=${o.id}`, rel: "payer-action", method: "GET" });
    }
    if (o.status === "CREATED") {
      // An order without a payment source (the JS SDK buttons'): the payer approves it in PayPal's window.
      links.push({ href: `${api()}/_emulator/checkoutnow?token=${o.id}`, rel: "approve", method: "GET" });
    }
    return {
      id: o.id,
      intent: o.intent,
      status: o.status,
      payment_source: o.altPay
        ? { [o.altPay.key]: { name: o.altPay.name, country_code: o.altPay.countryCode } }
        : o.wallet
          ? { [o.wallet]: { card: { last_digits: o.cardLast4, brand: "VISA", type: "CREDIT" } } }
          : o.source === "card"
          ? { card: { last_digits: o.cardLast4, brand: "VISA", type: "CREDIT" } }
          : { paypal: { email_address: "payer@example.com", account_id: "QYR5Z8XDVJNXQ", account_status: "VERIFIED" } },
      purchase_units: [{ ...o.purchaseUnit, amount: o.amount, ...(Object.keys(payments).length ? { payments } : {}) }],
      create_time: now(),
      update_time: now(),
      links,
    };
  }

  /** Signs and sends a webhook event the way PayPal does; nothing when no endpoint is configured. */
  function sendEvent(eventType: string, resourceType: string, resource: Json, summary: string): void {
    const event = {
      id: `WH-${newId()}-${newId()}`,
      event_version: "1.0",
      create_time: new Date().toISOString(),
      resource_type: resourceType,
      resource_version: "2.0",
      event_type: eventType,
      summary,
      resource,
      links: [{ href: `${api()}/v1/notifications/webhooks-events/WH-x`, rel: "self", method: "GET" }],
    };
    const body = JSON.stringify(event);
    const transmissionId = randomUUID();
    const time = now();
    const sent = deliver(ctx, (secret) => {
      const signed = `${transmissionId}|${time}|${secret}|${crc32(body) >>> 0}`;
      const signature = sign("sha256", Buffer.from(signed), keys.privateKey).toString("base64");
      return {
        body,
        headers: {
        "Content-Type": "application/json",
        "PAYPAL-AUTH-ALGO": "SHA256withRSA",
        "PAYPAL-CERT-URL": `${api()}${CERT_PATH}`,
        "PAYPAL-TRANSMISSION-ID": transmissionId,
        "PAYPAL-TRANSMISSION-SIG": signature,
          "PAYPAL-TRANSMISSION-TIME": time,
        },
      };
    });
    if (sent) ctx.log(`paypal webhook ${eventType} ${resource.id ?? ""}`);
  }

  /** POST /v1/notifications/verify-webhook-signature: the event is checked as the request carries it. */
  function verifyWebhookSignature(raw: string): EmuResponse {
    let fields: Json;
    try {
      fields = JSON.parse(raw) as Json;
    } catch {
      return invalidRequest("MALFORMED_REQUEST_JSON", "/");
    }
    const required = ["auth_algo", "cert_url", "transmission_id", "transmission_sig", "transmission_time", "webhook_id", "webhook_event"];
    const missing = required.find((f) => fields[f] === undefined || fields[f] === "");
    if (missing) {
      return {
        status: 400,
        json: { name: "VALIDATION_ERROR", message: "Invalid request - see details", debug_id: debugId(), details: [{ field: missing, location: "body", issue: "Required field cannot be blank" }] },
      };
    }
    const at = raw.indexOf('"webhook_event":');
    const end = raw.lastIndexOf("}");
    const event = at >= 0 ? raw.slice(at + '"webhook_event":'.length, end) : "";
    const signed = `${fields.transmission_id}|${fields.transmission_time}|${fields.webhook_id}|${crc32(event) >>> 0}`;
    let ok = false;
    try {
      ok =
        fields.auth_algo === "SHA256withRSA" &&
        fields.cert_url === `${api()}${CERT_PATH}` &&
        verify("sha256", Buffer.from(signed), keys.publicKey, Buffer.from(String(fields.transmission_sig), "base64"));
    } catch {
      ok = false;
    }
    return { status: 200, json: { verification_status: ok ? "SUCCESS" : "FAILURE" } };
  }

  function vaultCustomer(body: Json): string | Json | null {
    const id = ((body.customer ?? {}) as Json).id;
    if (id === undefined) return `${randomBytes(5).toString("hex")}`;
    return typeof id === "string" && /^[0-9a-zA-Z_-]{1,22}$/.test(id) ? id : null;
  }

  function paymentTokenJson(t: VaultToken): Json {
    return {
      id: t.id,
      customer: { id: t.customerId },
      payment_source:
        t.source === "card"
          ? { card: { last_digits: t.last4, brand: "VISA", expiry: "2030-03", verification_status: "VERIFIED", verification: { network_transaction_id: "100000000000009" } } }
          : { paypal: { usage_type: "MERCHANT", customer_type: "CONSUMER", email_address: "payer@example.com", payer_id: "QYR5Z8XDVJNXQ" } },
      links: [link(`/v3/vault/payment-tokens/${t.id}`, "self"), link(`/v3/vault/payment-tokens/${t.id}`, "delete", "DELETE")],
    };
  }

  function setupTokenJson(t: SetupToken): Json {
    const links: Json[] = [link(`/v3/vault/setup-tokens/${t.id}`, "self")];
    if (t.status === "PAYER_ACTION_REQUIRED") links.push({ href: `${api()}/_emulator/agreements/approve?approval_session_id=${t.id}`, rel: "approve", method: "GET" });
    return {
      id: t.id,
      customer: { id: t.customerId },
      status: t.status,
      payment_source: { paypal: { ...(t.description ? { description: t.description } : {}), usage_type: "MERCHANT", customer_type: "CONSUMER" } },
      links,
    };
  }

  function savePaymentToken(t: VaultToken): EmuResponse {
    vaultTokens.set(t.id, t);
    const json = paymentTokenJson(t);
    sendEvent("VAULT.PAYMENT-TOKEN.CREATED", "payment_token", json, "A payment token has been created.");
    return { status: 201, json };
  }

  function createPaymentToken(body: Json): EmuResponse {
    const source = (body.payment_source ?? {}) as Json;
    const customerId = vaultCustomer(body);
    if (customerId === null) return invalidRequest("INVALID_PARAMETER_SYNTAX", "/customer/id");
    const id = randomBytes(4).toString("hex");
    if (source.card) {
      const card = source.card as Json;
      const number = String(card.number ?? "");
      if (!/^\d{13,19}$/.test(number) || !/^\d{4}-\d{2}$/.test(String(card.expiry ?? ""))) return invalidRequest("MISSING_REQUIRED_PARAMETER", "/payment_source/card");
      if (number === EXPIRED_CARD) return unprocessable("CARD_EXPIRED", "/payment_source/card/expiry");
      ctx.log(`paypal vault card ${ctx.maskPan(number)} → ${id}`);
      return savePaymentToken({ id, customerId: customerId as string, source: "card", last4: number.slice(-4) });
    }
    const token = source.token as Json | undefined;
    if (token && token.type === "SETUP_TOKEN") {
      const st = setupTokens.get(String(token.id));
      if (!st) return notFound();
      if (st.status === "TOKENIZED") return unprocessable("SETUP_TOKEN_ALREADY_TOKENIZED");
      if (st.status !== "APPROVED") return unprocessable("PAYER_ACTION_REQUIRED");
      st.status = "TOKENIZED";
      return savePaymentToken({ id, customerId: st.customerId, source: "paypal", setupTokenId: st.id });
    }
    return invalidRequest("MISSING_REQUIRED_PARAMETER", "/payment_source");
  }

  function createSetupToken(body: Json): EmuResponse {
    const wallet = ((body.payment_source ?? {}) as Json).paypal as Json | undefined;
    if (!wallet) return invalidRequest("MISSING_REQUIRED_PARAMETER", "/payment_source");
    const ec = (wallet.experience_context ?? {}) as Json;
    if (typeof ec.return_url !== "string") return invalidRequest("MISSING_REQUIRED_PARAMETER", "/payment_source/paypal/experience_context/return_url");
    const customerId = vaultCustomer(body);
    if (customerId === null) return invalidRequest("INVALID_PARAMETER_SYNTAX", "/customer/id");
    const t: SetupToken = {
      id: newId(),
      customerId: customerId as string,
      status: "PAYER_ACTION_REQUIRED",
      returnUrl: ec.return_url,
      ...(typeof wallet.description === "string" ? { description: wallet.description } : {}),
    };
    setupTokens.set(t.id, t);
    return { status: 201, json: setupTokenJson(t) };
  }

  /** Runs the order's payment (card at once, wallet after approval). */
  function runPayment(o: Order, cardNumber?: string): void {
    const declined = cardNumber === DECLINING_CARD;
    const invoiceId = typeof o.purchaseUnit.invoice_id === "string" ? o.purchaseUnit.invoice_id : undefined;
    if (o.intent === "AUTHORIZE") {
      const a: Authorization = {
        id: newId(),
        orderId: o.id,
        status: declined ? "DENIED" : "CREATED",
        amount: o.amount,
        ledger: new Ledger(toMinor(o.amount) ?? 0),
        invoiceId,
        processorCode: declined ? "5120" : "0000",
      };
      authorizations.set(a.id, a);
      o.authorizations.push(a.id);
    } else {
      const c: Capture = {
        id: newId(),
        orderId: o.id,
        status: declined ? "DECLINED" : "COMPLETED",
        amount: o.amount,
        ledger: new Ledger(toMinor(o.amount) ?? 0, { captured: true }),
        finalCapture: true,
        processorCode: declined ? "5120" : "0000",
      };
      captures.set(c.id, c);
      o.captures.push(c.id);
      if (!declined) sendEvent("PAYMENT.CAPTURE.COMPLETED", "capture", { ...captureJson(c), custom_id: o.purchaseUnit.custom_id }, "Payment completed");
    }
    o.status = "COMPLETED";
  }

  function createOrder(body: Json): EmuResponse {
    const intent = body.intent;
    if (intent !== "AUTHORIZE" && intent !== "CAPTURE") return invalidRequest("MISSING_REQUIRED_PARAMETER", "/intent");
    const units = body.purchase_units as Json[] | undefined;
    const unit = units?.[0];
    if (!unit) return invalidRequest("MISSING_REQUIRED_PARAMETER", "/purchase_units");
    const amount = unit.amount as Money | undefined;
    if (!amount || PAYPAL_DECIMALS[amount.currency_code] === undefined) return unprocessable("CURRENCY_NOT_SUPPORTED", "/purchase_units/@reference_id=='default'/amount/currency_code");
    if (toMinor(amount) === null) return unprocessable("DECIMAL_PRECISION", "/purchase_units/@reference_id=='default'/amount/value");
    const source = (body.payment_source ?? {}) as Json;
    const { amount: _drop, ...rest } = unit;
    const o: Order = {
      id: newId(),
      intent,
      status: "CREATED",
      purchaseUnit: rest,
      amount: { currency_code: amount.currency_code, value: amount.value },
      source: source.card ? "card" : "paypal",
      authorizations: [],
      captures: [],
    };
    const vaultId = ((source.card ?? source.paypal ?? {}) as Json).vault_id;
    if (typeof vaultId === "string") {
      const saved = vaultTokens.get(vaultId);
      const kind = source.card ? "card" : "paypal";
      if (!saved || saved.source !== kind) return unprocessable("INVALID_RESOURCE_ID", `/payment_source/${kind}/vault_id`);
      if (source.card) {
        const card = source.card as Json;
        const sc = (card.stored_credential ?? {}) as Json;
        // PayPal: a security code cannot be present when payment_initiator=MERCHANT.
        if (sc.payment_initiator === "MERCHANT" && card.security_code !== undefined) return invalidRequest("INVALID_PARAMETER_VALUE", "/payment_source/card/security_code");
        o.cardLast4 = saved.last4;
      }
      o.source = kind;
      o.vaultId = vaultId;
      orders.set(o.id, o);
      runPayment(o);
      ctx.log(`paypal order ${o.id} on vault ${vaultId} ${intent}`);
      return { status: 201, json: orderJson(o) };
    }
    const altKey = ALT_PAY.find((k) => source[k] !== undefined);
    if (altKey) {
      // "Integrate <method> using the Orders API": name and country_code (p24: email), a return
      // URL, intent CAPTURE and processing_instruction ORDER_COMPLETE_ON_PAYMENT_APPROVAL.
      const alt = source[altKey] as Json;
      const name = typeof alt.name === "string" ? alt.name : "";
      if (name.length < 3 || name.length > 300) return invalidRequest("MISSING_REQUIRED_PARAMETER", `/payment_source/${altKey}/name`);
      if (typeof alt.country_code !== "string" || !/^[A-Z]{2}$/.test(alt.country_code)) return invalidRequest("MISSING_REQUIRED_PARAMETER", `/payment_source/${altKey}/country_code`);
      if (altKey === "p24" && typeof alt.email !== "string") return invalidRequest("MISSING_REQUIRED_PARAMETER", "/payment_source/p24/email");
      const ec = (alt.experience_context ?? {}) as Json;
      if (typeof ec.return_url !== "string") return unprocessable("RETURN_URL_REQUIRED", `/payment_source/${altKey}/experience_context/return_url`);
      if (intent !== "CAPTURE") return unprocessable("INVALID_PARAMETER_VALUE", "/intent");
      if (body.processing_instruction !== "ORDER_COMPLETE_ON_PAYMENT_APPROVAL") return unprocessable("INVALID_PARAMETER_VALUE", "/processing_instruction");
      o.altPay = { key: altKey, name, countryCode: alt.country_code };
      o.returnUrl = ec.return_url;
      o.status = "PAYER_ACTION_REQUIRED";
      orders.set(o.id, o);
      return { status: 200, json: orderJson(o) };
    }
    // Apple Pay / Google Pay decrypted by the merchant (Orders v2 apple_pay_request /
    // google_pay_request decrypted_token): the device account number with its cryptogram, charged
    // as a card would be.
    const walletKey = (["apple_pay", "google_pay"] as const).find((k) => source[k] !== undefined);
    if (walletKey) {
      const token = ((source[walletKey] as Json).decrypted_token ?? {}) as Json;
      const walletCard = (walletKey === "apple_pay" ? token.tokenized_card : token.card) as Json | undefined;
      const number = String(walletCard?.number ?? "");
      if (!/^\d{13,19}$/.test(number) || !/^\d{4}-\d{2}$/.test(String(walletCard?.expiry ?? ""))) {
        return invalidRequest("MISSING_REQUIRED_PARAMETER", `/payment_source/${walletKey}/decrypted_token`);
      }
      if (walletKey === "apple_pay") {
        const data = (token.payment_data ?? {}) as Json;
        if (token.payment_data_type !== "3DSECURE" || typeof data.cryptogram !== "string") return invalidRequest("MISSING_REQUIRED_PARAMETER", "/payment_source/apple_pay/decrypted_token/payment_data");
      } else {
        if (token.payment_method !== "CARD" || !["PAN_ONLY", "CRYPTOGRAM_3DS"].includes(String(token.authentication_method))) {
          return invalidRequest("INVALID_PARAMETER_VALUE", "/payment_source/google_pay/decrypted_token/authentication_method");
        }
        if (token.authentication_method === "CRYPTOGRAM_3DS" && typeof token.cryptogram !== "string") return invalidRequest("MISSING_REQUIRED_PARAMETER", "/payment_source/google_pay/decrypted_token/cryptogram");
      }
      o.source = "card";
      o.wallet = walletKey;
      o.cardLast4 = number.slice(-4);
      orders.set(o.id, o);
      runPayment(o, number);
      ctx.log(`paypal order ${o.id} ${walletKey} ${ctx.maskPan(number)} ${intent}`);
      return { status: 201, json: orderJson(o) };
    }
    // A third-party network token (Orders v2 card_request.network_token, "Process payments using
    // third-party network token processing"): the token number and expiry are required, the
    // cryptogram is 28 to 32 characters and eci_flag one of PayPal's words; charged as a card,
    // the same test numbers deciding the outcome.
    const networkToken = source.card ? ((source.card as Json).network_token as Json | undefined) : undefined;
    if (networkToken) {
      const card = source.card as Json;
      if (card.number !== undefined || card.security_code !== undefined) return invalidRequest("INVALID_PARAMETER_VALUE", "/payment_source/card/network_token");
      const number = String(networkToken.number ?? "");
      if (!/^\d{13,19}$/.test(number)) return invalidRequest("MISSING_REQUIRED_PARAMETER", "/payment_source/card/network_token/number");
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(String(networkToken.expiry ?? ""))) return invalidRequest("MISSING_REQUIRED_PARAMETER", "/payment_source/card/network_token/expiry");
      const cryptogram = networkToken.cryptogram;
      if (cryptogram !== undefined && (typeof cryptogram !== "string" || cryptogram.length < 28 || cryptogram.length > 32)) {
        return invalidRequest("INVALID_STRING_LENGTH", "/payment_source/card/network_token/cryptogram");
      }
      if (networkToken.eci_flag !== undefined && !ECI_FLAGS.includes(String(networkToken.eci_flag))) return invalidRequest("INVALID_PARAMETER_VALUE", "/payment_source/card/network_token/eci_flag");
      const trid = networkToken.token_requestor_id;
      if (trid !== undefined && (typeof trid !== "string" || !/^[0-9A-Z_]{1,11}$/.test(trid))) return invalidRequest("INVALID_PARAMETER_VALUE", "/payment_source/card/network_token/token_requestor_id");
      if (number === EXPIRED_CARD) return unprocessable("CARD_EXPIRED", "/payment_source/card/network_token/expiry");
      o.cardLast4 = number.slice(-4);
      orders.set(o.id, o);
      runPayment(o, number);
      ctx.log(`paypal order ${o.id} network token ${ctx.maskPan(number)} ${intent}`);
      return { status: 201, json: orderJson(o) };
    }
    if (source.card) {
      const card = source.card as Json;
      const number = String(card.number ?? "");
      if (!/^\d{13,19}$/.test(number) || !/^\d{4}-\d{2}$/.test(String(card.expiry ?? ""))) {
        return invalidRequest("MISSING_REQUIRED_PARAMETER", "/payment_source/card");
      }
      if (number === EXPIRED_CARD) return unprocessable("CARD_EXPIRED", "/payment_source/card/expiry");
      o.cardLast4 = number.slice(-4);
      const verification = ((card.attributes ?? {}) as Json).verification as Json | undefined;
      if (verification?.method === "SCA_ALWAYS") {
        // 3-D Secure asked for: the payer authenticates first (a payer-action contingency), then
        // the merchant authorizes or captures the order.
        const ec = (card.experience_context ?? {}) as Json;
        if (typeof ec.return_url !== "string") return unprocessable("RETURN_URL_REQUIRED", "/payment_source/card/experience_context/return_url");
        o.returnUrl = ec.return_url;
        o.status = "PAYER_ACTION_REQUIRED";
        orders.set(o.id, o);
        return { status: 200, json: orderJson(o) };
      }
      orders.set(o.id, o);
      runPayment(o, number);
      ctx.log(`paypal order ${o.id} card ${ctx.maskPan(number)} ${intent}`);
      return { status: 201, json: orderJson(o) };
    }
    if (source.paypal) {
      const ec = ((source.paypal as Json).experience_context ?? {}) as Json;
      if (typeof ec.return_url !== "string") return unprocessable("RETURN_URL_REQUIRED", "/payment_source/paypal/experience_context/return_url");
      o.returnUrl = ec.return_url;
      o.status = "PAYER_ACTION_REQUIRED";
      orders.set(o.id, o);
      return { status: 200, json: orderJson(o) };
    }
    orders.set(o.id, o);
    return { status: 201, json: orderJson(o) };
  }

  function completeOrder(o: Order, action: string): EmuResponse {
    if (o.status === "COMPLETED") return unprocessable(o.intent === "AUTHORIZE" ? "ORDER_ALREADY_AUTHORIZED" : "ORDER_ALREADY_CAPTURED");
    if ((action === "authorize") !== (o.intent === "AUTHORIZE")) return unprocessable("ACTION_DOES_NOT_MATCH_INTENT");
    if (o.status !== "APPROVED") return unprocessable("ORDER_NOT_APPROVED");
    runPayment(o);
    return { status: 201, json: orderJson(o) };
  }

  function captureAuthorization(a: Authorization, body: Json): EmuResponse {
    if (a.status === "VOIDED") return unprocessable("AUTHORIZATION_VOIDED");
    // The capture's own 422 (authorizations.capture-422); PREVIOUSLY_CAPTURED is the void's.
    if (a.status === "CAPTURED" || a.status === "DENIED") return unprocessable("AUTHORIZATION_ALREADY_CAPTURED");
    const amount = (body.amount as Money | undefined) ?? fromMinor(a.ledger.capturable, a.amount.currency_code);
    if (amount.currency_code !== a.amount.currency_code) return unprocessable("AUTH_CAPTURE_CURRENCY_MISMATCH", "/amount/currency_code");
    const minor = toMinor(amount);
    if (minor === null || minor <= 0) return unprocessable("DECIMAL_PRECISION", "/amount/value");
    const finalCapture = body.final_capture === true;
    if (a.ledger.capture(minor, finalCapture)) return unprocessable("MAX_CAPTURE_AMOUNT_EXCEEDED", "/amount/value");
    a.status = a.ledger.capturable === 0 ? "CAPTURED" : "PARTIALLY_CAPTURED";
    const c: Capture = {
      id: newId(),
      orderId: a.orderId,
      authorizationId: a.id,
      status: "COMPLETED",
      amount,
      ledger: new Ledger(minor, { captured: true }),
      finalCapture,
      processorCode: undefined,
    };
    captures.set(c.id, c);
    const order = orders.get(a.orderId);
    order?.captures.push(c.id);
    sendEvent("PAYMENT.CAPTURE.COMPLETED", "capture", { ...captureJson(c), custom_id: order?.purchaseUnit.custom_id }, "Payment completed");
    return { status: 201, json: captureJson(c) };
  }

  function refundCapture(c: Capture, body: Json): EmuResponse {
    if (c.status !== "COMPLETED" && c.status !== "PARTIALLY_REFUNDED") return unprocessable("CAPTURE_FULLY_REFUNDED");
    const amount = (body.amount as Money | undefined) ?? fromMinor(c.ledger.refundable, c.amount.currency_code);
    if (amount.currency_code !== c.amount.currency_code) return unprocessable("REFUND_CAPTURE_CURRENCY_MISMATCH", "/amount/currency_code");
    const minor = toMinor(amount);
    if (minor === null || minor <= 0) return unprocessable("DECIMAL_PRECISION", "/amount/value");
    if (c.ledger.refund(minor)) return unprocessable("REFUND_AMOUNT_EXCEEDED", "/amount/value");
    c.status = c.ledger.state === "refunded" ? "REFUNDED" : "PARTIALLY_REFUNDED";
    const r: Refund = {
      id: newId(),
      captureId: c.id,
      status: "COMPLETED",
      amount,
      invoiceId: typeof body.invoice_id === "string" ? body.invoice_id : undefined,
      noteToPayer: typeof body.note_to_payer === "string" ? body.note_to_payer : undefined,
    };
    refunds.set(r.id, r);
    sendEvent("PAYMENT.CAPTURE.REFUNDED", "refund", refundJson(r), "A capture payment was refunded");
    return { status: 201, json: refundJson(r) };
  }

  function authenticated(req: EmuRequest): boolean {
    const h = String(req.headers.authorization ?? "");
    return h.startsWith("Bearer ") && tokens.has(h.slice(7));
  }

  function token(req: EmuRequest): EmuResponse {
    const h = String(req.headers.authorization ?? "");
    const decoded = h.startsWith("Basic ") ? Buffer.from(h.slice(6), "base64").toString("utf8") : "";
    const [clientId, secret] = [decoded.slice(0, decoded.indexOf(":")), decoded.slice(decoded.indexOf(":") + 1)];
    if (!clientId || !secret || secret === EMULATOR_CLIENT_SECRET_REJECTED) {
      return { status: 401, json: { error: "invalid_client", error_description: "Client Authentication failed" } };
    }
    if (new URLSearchParams(req.rawBody).get("grant_type") !== "client_credentials") {
      return { status: 400, json: { error: "unsupported_grant_type", error_description: "Grant Type is NULL" } };
    }
    const accessToken = `A21AA${randomBytes(24).toString("base64url")}`;
    tokens.add(accessToken);
    return {
      status: 200,
      json: {
        scope: "https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/payments/refund",
        access_token: accessToken,
        token_type: "Bearer",
        app_id: "APP-80W284485P519543T",
        expires_in: 32400,
        nonce: `${now()}${randomBytes(8).toString("hex")}`,
      },
    };
  }

  const disputes = createPayPalDisputes({
    api,
    capture: (id) => {
      const c = captures.get(id);
      if (!c) return undefined;
      const customId = orders.get(c.orderId)?.purchaseUnit["custom_id"];
      return { id: c.id, amount: c.amount, ...(typeof customId === "string" ? { customId } : {}) };
    },
    sendEvent: (type, resourceType, resource, summary) => sendEvent(type, resourceType, resource, summary),
    unprocessable,
    invalidRequest,
    notFound,
  });

  function route(req: EmuRequest, body: Json): EmuResponse {
    const p = req.path;
    let m: RegExpExecArray | null;
    const issue12 = paypalIssue12Route(req, vaultTokens, notFound);
    if (issue12) return issue12;
    if (req.method === "POST" && p === "/v2/checkout/orders") return createOrder(body);
    if ((m = /^\/v2\/checkout\/orders\/([^/]+)$/.exec(p)) && req.method === "GET") {
      const o = orders.get(decodeURIComponent(m[1]));
      return o ? { status: 200, json: orderJson(o) } : notFound();
    }
    if ((m = /^\/v2\/checkout\/orders\/([^/]+)\/(authorize|capture)$/.exec(p)) && req.method === "POST") {
      const o = orders.get(decodeURIComponent(m[1]));
      return o ? completeOrder(o, m[2]) : notFound();
    }
    if ((m = /^\/v2\/payments\/authorizations\/([^/]+)(\/capture|\/void)?$/.exec(p))) {
      const a = authorizations.get(decodeURIComponent(m[1]));
      if (!a) return notFound();
      if (!m[2] && req.method === "GET") return { status: 200, json: authorizationJson(a) };
      if (m[2] === "/capture" && req.method === "POST") return captureAuthorization(a, body);
      if (m[2] === "/void" && req.method === "POST") {
        if (a.status === "VOIDED") return unprocessable("AUTHORIZATION_VOIDED");
        if (a.status === "CAPTURED" || a.status === "PARTIALLY_CAPTURED") return unprocessable("PREVIOUSLY_CAPTURED");
        a.ledger.void();
        a.status = "VOIDED";
        sendEvent("PAYMENT.AUTHORIZATION.VOIDED", "authorization", authorizationJson(a), "A payment authorization was voided");
        const representation = String(req.headers.prefer ?? "").includes("return=representation");
        return representation ? { status: 200, json: authorizationJson(a) } : { status: 204 };
      }
    }
    if ((m = /^\/v2\/payments\/captures\/([^/]+)(\/refund)?$/.exec(p))) {
      const c = captures.get(decodeURIComponent(m[1]));
      if (!c) return notFound();
      if (!m[2] && req.method === "GET") return { status: 200, json: captureJson(c) };
      if (m[2] && req.method === "POST") return refundCapture(c, body);
    }
    if (req.method === "POST" && p === "/v3/vault/payment-tokens") return createPaymentToken(body);
    if (req.method === "POST" && p === "/v3/vault/setup-tokens") return createSetupToken(body);
    if ((m = /^\/v3\/vault\/setup-tokens\/([^/]+)$/.exec(p)) && req.method === "GET") {
      const t = setupTokens.get(decodeURIComponent(m[1]));
      return t ? { status: 200, json: setupTokenJson(t) } : notFound();
    }
    if ((m = /^\/v2\/payments\/refunds\/([^/]+)$/.exec(p)) && req.method === "GET") {
      const r = refunds.get(decodeURIComponent(m[1]));
      return r ? { status: 200, json: refundJson(r) } : notFound();
    }
    return notFound();
  }

  return {
    handle(req: EmuRequest): EmuResponse {
      if (req.path === "/_emulator/checkoutnow" && req.method === "GET") {
        // The payer logs in to PayPal and approves.
        const o = orders.get(req.query.get("token") ?? "");
        if (!o || (o.status !== "PAYER_ACTION_REQUIRED" && o.status !== "CREATED")) return { status: 404, text: "no order awaiting approval" };
        o.status = "APPROVED";
        // The buttons' popup closes and the page's onApprove runs: no return URL.
        if (!o.returnUrl) return { status: 200, text: "approved" };
        // ORDER_COMPLETE_ON_PAYMENT_APPROVAL: PayPal captures the bank payment on approval.
        if (o.altPay) runPayment(o);
        const back = new URL(o.returnUrl!);
        back.searchParams.set("token", o.id);
        back.searchParams.set("PayerID", "QYR5Z8XDVJNXQ");
        return { status: 302, headers: { Location: back.toString() } };
      }
      if (req.path === "/_emulator/agreements/approve" && req.method === "GET") {
        // The payer logs in to PayPal and approves saving the wallet.
        const t = setupTokens.get(req.query.get("approval_session_id") ?? "");
        if (!t || t.status !== "PAYER_ACTION_REQUIRED") return { status: 404, text: "no setup token awaiting approval" };
        t.status = "APPROVED";
        const back = new URL(t.returnUrl);
        back.searchParams.set("approval_token_id", t.id);
        return { status: 302, headers: { Location: back.toString() } };
      }
      const disputeControl = disputes.control(req);
      if (disputeControl) return disputeControl;
      if (req.path === CERT_PATH && req.method === "GET") {
        return { status: 200, headers: { "Content-Type": "application/x-pem-file" }, text: keys.publicKey.export({ type: "spki", format: "pem" }).toString() };
      }
      if (req.method === "POST" && req.path === "/v1/oauth2/token") return token(req);
      if (!authenticated(req)) {
        return { status: 401, json: { error: "invalid_token", error_description: "Token signature verification failed" } };
      }
      if (req.method === "POST" && req.path === "/v1/notifications/verify-webhook-signature") return verifyWebhookSignature(req.rawBody);
      // Issue 12 disputes (issue12.ts): provide-evidence is multipart, so before the JSON parse.
      const dispute = disputes.route(req);
      if (dispute) return dispute;
      let body: Json = {};
      if (req.rawBody.trim()) {
        try {
          body = JSON.parse(req.rawBody) as Json;
        } catch {
          return invalidRequest("MALFORMED_REQUEST_JSON", "/");
        }
      }
      const requestId = req.method === "POST" ? req.headers["paypal-request-id"] : undefined;
      const key = typeof requestId === "string" ? `${req.path} ${requestId}` : null;
      if (!key) return route(req, body);
      const keyed = requestIds.run(key, "", (out) => out.status < 500, () => route(req, body));
      return keyed.kind === "conflict" ? route(req, body) : keyed.response;
    },
  };
}

export const emulator: ConnectorEmulator = { create: createPayPalEmulator };

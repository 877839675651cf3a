// Razorpay emulator (Orders + Payments API v1): POST /v1/orders, POST /v1/payments/create/json,
// GET /v1/payments/{id}, POST /v1/payments/{id}/capture, POST /v1/payments/{id}/refund,
// GET /v1/refunds/{id}, the disputes and documents (disputes.ts), the recurring-payments calls
// (POST /v1/customers; an order with customer_id and a `token` block; the authorisation payment with
// recurring "1", whose token exists once the shopper completed it: the card's on /v1/payments/create/json,
// UPI AutoPay's on POST /v1/payments/create/upi, collect or intent; POST /v1/payments/create/recurring;
// DELETE /v1/customers/{cust}/tokens/{token}: the SDK's documents/card.md and token.md; the e-mandate's
// order (method emandate, amount 0, the token's auth_type and bank_account) and its authorisation payment
// on /v1/payments/create/json (method emandate, bank, bank_account: oracles/razorpay/emandate-s2s.md),
// whose bank page confirms the token, and the first charge Razorpay then makes itself when the order's
// token has first_payment_amount); and, when the emulator has a webhook target for `razorpay`, its events
// (payment.authorized, payment.captured, payment.failed, refund.processed) signed with
// X-Razorpay-Signature, the hex HMAC-SHA256 of the raw body with the webhook secret.
//
// Shapes follow Razorpay's docs: the order, payment and refund entities and the error object
// ({error: {code, description, source, step, reason, metadata}}) of razorpay.com/docs/api, the S2S
// JSON V2 answers (`razorpay_payment_id` and `next`: redirect for cards, netbanking and wallets, intent + poll for UPI
// intent, poll for UPI collect), its rules ("Capture amount must be equal to the amount
// authorized", refunds only of captured payments, the X-Refund-Idempotency key of at least 10
// characters), HTTP Basic with the key id and secret, and the webhook body
// {entity: event, account_id, event, contains, payload: {payment: {entity}}, created_at}.
//
// The shopper's stand-in: a real payment stays `created` until the shopper finishes the redirect
// (3-D Secure, the bank's OTP page) or approves in their UPI app. Here the payment is completed the
// first time it is read (GET /v1/payments/{id}) or its redirect URL is opened: authorized, or
// captured at once when its order says `payment.capture: automatic`.

import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { expired, luhnValid } from "../../core/cards.js";
import { ALNUM, randomString } from "../../core/ids.js";
import { isObject, parseJsonObject, type Json } from "../../core/json.js";
import { IdempotencyKeys } from "../../core/idempotency.js";
import { Ledger } from "../../core/ledger.js";
import { deliver, hmac } from "../../core/webhooks.js";
import { createRazorpayDisputes } from "./disputes.js";

/** The emulator's test-mode keys; any other pair is refused with 401. */
export const RAZORPAY_KEY_ID = "rzp_test_EmulatorKey0001";
export const RAZORPAY_KEY_SECRET = "emulator_razorpay_key_secret";

/** Razorpay's test cards (Test Card Details): the one that succeeds, and the emulator's declines. */
export const SUCCESS_CARD = "4100280000001007";
const DECLINES: Record<string, [reason: string, description: string]> = {
  "4000000000000002": ["card_declined", "Payment was declined by the bank"],
  "4000000000009995": ["insufficient_funds", "Your payment has been declined due to insufficient funds"],
};

/** Netbanking bank codes the emulator's account has (GET /v1/methods lists a real account's). */
const NETBANKING_BANKS = new Set(["HDFC", "ICIC", "SBIN", "UTIB", "KKBK", "YESB", "PUNB_R"]);
/** Wallet codes of the S2S Payment Methods page (and Curlec's touchngo, grabpay). */
/** UPI AutoPay's token.frequency words (Recurring Payments, UPI, Create an Order). */
const UPI_FREQUENCIES = new Set(["daily", "weekly", "fortnightly", "bimonthly", "monthly", "quarterly", "half_yearly", "yearly", "as_presented"]);
/** E-mandate auth types (Emandate, Create an Order: token.auth_type). */
const EMANDATE_AUTH_TYPES = new Set(["netbanking", "debitcard", "aadhaar"]);
/** The most an e-mandate debits at once via NPCI (FAQ: ₹1,00,00,000), in paise: also its default max_amount. */
const EMANDATE_MAX = 1_000_000_000;
const IFSC = /^[A-Z]{4}0[A-Z0-9]{6}$/;
const WALLETS = new Set(["payzapp", "airtelmoney", "mobikwik", "jiomoney", "olamoney", "phonepe", "amazonpay", "touchngo", "grabpay"]);

type PaymentStatus = "created" | "authorized" | "captured" | "refunded" | "failed";

interface Order {
  id: string;
  amount: number;
  currency: string;
  receipt: string;
  status: "created" | "attempted" | "paid";
  capture: "automatic" | "manual";
  notes: Json;
  created_at: number;
  /** The authorisation order of a recurring token: its customer and token block. */
  customer_id?: string;
  token?: {
    max_amount: number;
    frequency: string;
    method: "card" | "upi" | "emandate";
    expire_at?: number;
    /** E-mandate: how the shopper authorises it, the account, and the first charge after confirmation. */
    auth_type?: string;
    bank_account?: { beneficiary_name: string; account_number: string; account_type: string; ifsc_code: string };
    first_payment_amount?: number;
  };
}

interface Customer {
  id: string;
  name: string;
  email: string;
  contact: string;
  notes: Json;
  created_at: number;
}

interface Token {
  id: string;
  customer_id: string;
  /** The method of the authorisation that made it (charges on an e-mandate are NACH debits). */
  method?: "card" | "upi" | "emandate";
  max_amount: number;
  frequency: string;
  deleted: boolean;
}

interface Payment {
  id: string;
  order_id: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
  method: "card" | "upi" | "netbanking" | "wallet" | "emandate";
  vpa: string | null;
  bank: string | null;
  wallet: string | null;
  email: string;
  contact: string;
  notes: Json;
  error: [reason: string, description: string] | null;
  created_at: number;
  ledger: Ledger;
  customer_id: string | null;
  token_id: string | null;
  /** The authorisation payment of a recurring token: the token is made when the shopper completes it. */
  recurring: boolean;
}

interface Refund {
  id: string;
  payment_id: string;
  amount: number;
  currency: string;
  receipt: string | null;
  notes: Json;
  status: "processed";
  created_at: number;
}

const now = () => Math.floor(Date.now() / 1000);
const id = (prefix: string) => `${prefix}_${randomString(14, ALNUM)}`;

function error(status: number, description: string, reason = "input_validation_failed", extra: Json = {}): EmuResponse {
  const source = reason === "input_validation_failed" ? "business" : "customer";
  return {
    status,
    json: { error: { code: "BAD_REQUEST_ERROR", description, source, step: "payment_initiation", reason, metadata: {}, ...extra } },
  };
}

function authenticated(req: EmuRequest): boolean {
  const header = req.headers.authorization;
  if (typeof header !== "string" || !header.startsWith("Basic ")) return false;
  const [user, ...rest] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":");
  return user === RAZORPAY_KEY_ID && rest.join(":") === RAZORPAY_KEY_SECRET;
}

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

export function createRazorpayEmulator(ctx: EmuContext): EmuMount {
  const orders = new Map<string, Order>();
  const payments = new Map<string, Payment>();
  const refunds = new Map<string, Refund>();
  const customers = new Map<string, Customer>();
  const tokens = new Map<string, Token>();
  const idempotent = new IdempotencyKeys();

  function paymentEntity(p: Payment): Json {
    const order = orders.get(p.order_id);
    const refunded = p.ledger.refunded;
    return {
      id: p.id,
      entity: "payment",
      amount: p.amount,
      currency: p.currency,
      status: p.status,
      order_id: p.order_id,
      invoice_id: null,
      international: false,
      method: p.method,
      amount_refunded: refunded,
      refund_status: refunded === 0 ? null : refunded >= p.ledger.captured ? "full" : "partial",
      captured: p.ledger.captured > 0,
      description: null,
      card_id: p.method === "card" ? `card_${p.id.slice(4)}` : null,
      bank: p.bank,
      wallet: p.wallet,
      vpa: p.vpa,
      email: p.email,
      contact: p.contact,
      customer_id: p.customer_id,
      token_id: p.token_id,
      notes: p.notes,
      fee: p.ledger.captured > 0 ? Math.floor(p.amount / 50) : null,
      tax: null,
      error_code: p.error ? "BAD_REQUEST_ERROR" : null,
      error_description: p.error?.[1] ?? null,
      error_source: p.error ? "bank" : null,
      error_step: p.error ? "payment_authorization" : null,
      error_reason: p.error?.[0] ?? null,
      acquirer_data: p.status === "failed" ? {} : { rrn: order ? `0${String(order.created_at).slice(-11)}` : null },
      created_at: p.created_at,
    };
  }

  const disputes = createRazorpayDisputes((pid) => {
    const p = payments.get(pid);
    return p && { amount: p.amount, currency: p.currency, captured: p.ledger.captured > 0 };
  }, (event, payload) => emit(event, payload));

  function refundEntity(r: Refund): Json {
    return { ...r, entity: "refund", acquirer_data: { arn: null }, batch_id: null, speed_processed: "normal", speed_requested: "normal" };
  }

  /** Sends a signed event for the merchant's webhook endpoint. */
  function emit(event: string, payload: Json): void {
    const body = JSON.stringify({
      entity: "event",
      account_id: "acc_EmulatorAcct01",
      event,
      contains: Object.keys(payload),
      payload,
      created_at: now(),
    });
    void deliver(ctx, (secret) => ({
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Razorpay-Signature": hmac("sha256", secret, body, "hex"),
        "x-razorpay-event-id": id("evt"),
      },
    }));
  }

  /** The shopper's stand-in finishes the redirect or the UPI approval. */
  function complete(p: Payment): void {
    if (p.status !== "created") return;
    const order = orders.get(p.order_id);
    p.status = "authorized";
    if (order) order.status = "attempted";
    if (p.recurring && order?.token && order.customer_id) {
      const token: Token = { id: id("token"), customer_id: order.customer_id, method: order.token.method, max_amount: order.token.max_amount, frequency: order.token.frequency, deleted: false };
      tokens.set(token.id, token);
      p.token_id = token.id;
    }
    if (p.method === "emandate" && order?.token?.method === "emandate") {
      // The mandate is confirmed: the payment of 0 is captured (Fetch token by payment ID shows
      // it so), and a first_payment_amount is charged on the token with a new order and payment.
      p.status = "captured";
      order.status = "paid";
      emit("payment.captured", { payment: { entity: paymentEntity(p) } });
      const first = order.token.first_payment_amount;
      if (first && p.token_id) {
        const charge: Order = { id: id("order"), amount: first, currency: "INR", receipt: order.receipt, status: "paid", capture: "automatic", notes: {}, created_at: now() };
        orders.set(charge.id, charge);
        const paid: Payment = {
          id: id("pay"), order_id: charge.id, amount: first, currency: "INR", status: "captured", method: "emandate", vpa: null, bank: p.bank, wallet: null,
          email: p.email, contact: p.contact, notes: {}, error: null, created_at: now(), ledger: new Ledger(first, { captured: true }),
          customer_id: p.customer_id, token_id: p.token_id, recurring: false,
        };
        payments.set(paid.id, paid);
        emit("payment.captured", { payment: { entity: paymentEntity(paid) } });
      }
      return;
    }
    emit("payment.authorized", { payment: { entity: paymentEntity(p) } });
    if (order?.capture === "automatic") {
      p.ledger.capture(p.amount, true);
      p.status = "captured";
      order.status = "paid";
      emit("payment.captured", { payment: { entity: paymentEntity(p) } });
    }
  }

  /** An e-mandate order's token block, checked as Razorpay's Create an Order (Emandate) describes it. */
  function emandateToken(t: Json): { token: NonNullable<Order["token"]> } | EmuResponse {
    if (typeof t.auth_type !== "string" || !EMANDATE_AUTH_TYPES.has(t.auth_type)) return error(400, "The token.auth_type is invalid.");
    const max = t.max_amount === undefined ? EMANDATE_MAX : t.max_amount;
    if (!isInt(max) || max < 1 || max > EMANDATE_MAX) return error(400, "The token.max_amount must be between 1 and 1000000000.");
    const first = t.first_payment_amount;
    if (first !== undefined && (!isInt(first) || first < 1 || first > max)) return error(400, "The token.first_payment_amount is invalid.");
    const b = isObject(t.bank_account) ? t.bank_account : {};
    const name = text(b.beneficiary_name);
    if (!name || name.length < 4 || name.length > 120) return error(400, "The beneficiary name must be between 4 and 120 characters.");
    const number = typeof b.account_number === "string" ? b.account_number : "";
    if (!/^\d{4,18}$/.test(number)) return error(400, "The account number is invalid.");
    if (b.account_type !== "savings" && b.account_type !== "current") return error(400, "The account type is invalid.");
    const ifsc = typeof b.ifsc_code === "string" ? b.ifsc_code : "";
    if (!IFSC.test(ifsc)) return error(400, "The ifsc code is invalid.");
    return {
      token: {
        max_amount: max, frequency: "as_presented", method: "emandate", auth_type: t.auth_type,
        bank_account: { beneficiary_name: name, account_number: number, account_type: b.account_type, ifsc_code: ifsc },
        ...(isInt(first) ? { first_payment_amount: first } : {}),
        ...(isInt(t.expire_at) ? { expire_at: t.expire_at } : {}),
      },
    };
  }

  /** The order's token as Razorpay answers it (Emandate, Create an Order, the response). */
  function emandateOrderToken(t: NonNullable<Order["token"]>): Json {
    const b = t.bank_account!;
    return {
      method: "emandate", recurring_status: null, failure_reason: null, currency: "INR", max_amount: t.max_amount, auth_type: t.auth_type ?? null,
      expire_at: t.expire_at ?? null, notes: {},
      bank_account: { ifsc: b.ifsc_code, bank_name: b.ifsc_code.slice(0, 4), name: b.beneficiary_name, account_number: b.account_number, account_type: b.account_type },
      first_payment_amount: t.first_payment_amount ?? 0,
    };
  }

  function createOrder(body: Json): EmuResponse {
    const { amount, currency } = body;
    if (!isInt(amount)) return error(400, "The amount must be an integer.");
    // An e-mandate's order is of 0 ("For emandate, the amount should be 0").
    if (body.method === "emandate" ? amount !== 0 : amount < 100) return error(400, body.method === "emandate" ? "The amount must be 0 for emandate registration." : "The amount must be at least INR 1.00");
    if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) return error(400, "The currency must be 3 characters.");
    if (["KWD", "BHD", "OMR"].includes(currency) && amount % 10 !== 0) return error(400, "The amount is invalid.", "invalid_amount");
    const receipt = typeof body.receipt === "string" ? body.receipt : "";
    if (receipt.length > 40) return error(400, "The receipt may not be greater than 40 characters.");
    const payment = isObject(body.payment) ? body.payment : {};
    // The capture setting: the `payment` block, or payment_capture (the recurring charge's order).
    const capture = payment.capture === "manual" || body.payment_capture === false ? "manual" : "automatic";
    let token: Order["token"];
    let customerId: string | undefined;
    if (body.token !== undefined) {
      customerId = text(body.customer_id);
      if (!customerId || !customers.has(customerId)) return error(400, "The customer_id provided does not exist");
      if (body.method !== "card" && body.method !== "upi" && body.method !== "emandate") return error(400, "The method field is required when token is present.");
      if (currency !== "INR") return error(400, "Currency is not supported for recurring payments", "invalid_currency");
      const t = isObject(body.token) ? body.token : {};
      if (body.method === "emandate") {
        const emandate = emandateToken(t);
        if ("status" in emandate) return emandate;
        token = emandate.token;
      } else if (body.method === "card") {
        if (!isInt(t.max_amount) || t.max_amount < 100 || t.max_amount > 1500000) return error(400, "The token.max_amount must be between 100 and 1500000.");
        if (t.frequency !== "as_presented" && t.frequency !== "monthly") return error(400, "The token.frequency is invalid.");
      } else {
        // UPI AutoPay (Recurring Payments, UPI, Create an Order): max_amount from ₹1 to ₹2,00,000.
        if (!isInt(t.max_amount) || t.max_amount < 100 || t.max_amount > 20000000) return error(400, "The token.max_amount must be between 100 and 20000000.");
        if (typeof t.frequency !== "string" || !UPI_FREQUENCIES.has(t.frequency)) return error(400, "The token.frequency is invalid.");
      }
      if (body.method !== "emandate") {
        token = { max_amount: t.max_amount as number, frequency: t.frequency as string, method: body.method, ...(isInt(t.expire_at) ? { expire_at: t.expire_at } : {}) };
      }
    } else if (body.method === "emandate") {
      return error(400, "The token field is required when method is emandate.");
    }
    const options = isObject(payment.capture_options) ? payment.capture_options : {};
    if (isObject(body.payment) && typeof options.refund_speed !== "string") return error(400, "The payment.capture_options.refund_speed field is required.");
    if (capture === "automatic" && isObject(body.payment) && !isInt(options.automatic_expiry_period)) {
      return error(400, "The payment.capture_options.automatic_expiry_period field is required when capture is automatic.");
    }
    const order: Order = { id: id("order"), amount, currency, receipt, status: "created", capture, notes: isObject(body.notes) ? body.notes : {}, created_at: now(), ...(token ? { token, customer_id: customerId } : {}) };
    orders.set(order.id, order);
    return {
      status: 200,
      json: {
        id: order.id, entity: "order", amount, amount_paid: 0, amount_due: amount, currency, receipt, offer_id: null, status: "created", attempts: 0, notes: order.notes, created_at: order.created_at,
        ...(token?.method === "emandate"
          ? { method: "emandate", customer_id: customerId, token: emandateOrderToken(token) }
          : token ? { method: token.method, customer_id: customerId, token: { max_amount: token.max_amount, frequency: token.frequency, ...(token.expire_at ? { expire_at: token.expire_at } : {}) } } : {}),
      },
    };
  }

  function createPayment(body: Json): EmuResponse {
    const order = orders.get(String(body.order_id ?? ""));
    if (!order) return error(400, "The id provided does not exist", "invalid_order_id");
    if (order.status === "paid") return error(400, "Your payment has been declined as the order is already paid. Please initiate the payment with a new order.", "order_already_paid");
    if (body.amount !== order.amount || body.currency !== order.currency) return error(400, "The amount does not match the order's amount.", "order_amount_mismatch");
    const email = text(body.email);
    const contact = text(body.contact);
    if (!email) return error(400, "The email field is required.");
    if (!contact) return error(400, "The contact field is required.");
    if (body.method !== "emandate" && !text(body.ip)) return error(400, "The ip field is required.");
    const payment: Payment = {
      id: id("pay"),
      order_id: order.id,
      amount: order.amount,
      currency: order.currency,
      status: "created",
      method: "card",
      vpa: null,
      bank: null,
      wallet: null,
      email,
      contact,
      notes: isObject(body.notes) ? body.notes : {},
      error: null,
      created_at: now(),
      ledger: new Ledger(order.amount),
      customer_id: null,
      token_id: null,
      recurring: false,
    };
    if (body.recurring === "1" || body.recurring === 1 || body.recurring === true) {
      // The authorisation payment of a recurring token: on its order, for its customer, by card.
      if (!order.token || !order.customer_id) return error(400, "The order is not a recurring authorisation order (customer_id and token).");
      if (body.customer_id !== order.customer_id) return error(400, "The customer_id does not match the order's.");
      if (order.token.method === "upi") return error(400, "A UPI AutoPay authorisation payment goes to /v1/payments/create/upi; this call takes the card's and the e-mandate's.");
      if (body.method !== order.token.method) return error(400, "The method does not match the order's.");
      payment.recurring = true;
      payment.customer_id = order.customer_id;
    }
    let next: Json[];
    if (body.method === "card") {
      const card = isObject(body.card) ? body.card : null;
      if (!card && typeof body.token !== "string") return error(400, "The card field is required when method is card.");
      if (card) {
        const number = String(card.number ?? "");
        const month = Number(card.expiry_month);
        const year = 2000 + Number(card.expiry_year);
        if (!luhnValid(number)) return error(400, "Your payment could not be completed as this card number is invalid.", "card_number_invalid");
        if (!Number.isInteger(month) || month < 1 || month > 12 || expired(month, year)) {
          return error(400, "Your payment could not be completed as this card has expired.", "card_expired");
        }
        const decline = DECLINES[number];
        if (decline) {
          payment.status = "failed";
          payment.error = decline;
          payments.set(payment.id, payment);
          order.status = "attempted";
          emit("payment.failed", { payment: { entity: paymentEntity(payment) } });
          return error(400, decline[1], decline[0], { source: "bank", step: "payment_authorization", metadata: { payment_id: payment.id, order_id: order.id } });
        }
      }
      next = [
        { action: "redirect", url: `${ctx.origin}${ctx.mountPrefix}/v1/payments/${payment.id}/authorize` },
        { action: "otp_generate", url: `${ctx.origin}${ctx.mountPrefix}/v1/payments/${payment.id}/otp_generate?key_id=${RAZORPAY_KEY_ID}` },
      ];
    } else if (body.method === "upi") {
      const upi = isObject(body.upi) ? body.upi : {};
      payment.method = "upi";
      const poll = { action: "poll", url: `${ctx.origin}${ctx.mountPrefix}/v1/payments/${payment.id}` };
      if (upi.flow === "collect") {
        const vpa = text(upi.vpa);
        if (!vpa || !vpa.includes("@")) return error(400, "Invalid VPA. Please enter a valid Virtual Payment Address", "invalid_vpa");
        payment.vpa = vpa;
        next = [poll];
      } else if (upi.flow === "intent") {
        const am = (order.amount / 100).toFixed(2);
        next = [{ action: "intent", url: `upi://pay?pa=emulator@razorpay&pn=Emulator&tr=${payment.id.slice(4)}&tn=razorpay&am=${am}&cu=${order.currency}&mc=5411` }, poll];
      } else {
        return error(400, "The upi.flow field must be collect or intent.");
      }
    } else if (body.method === "netbanking") {
      // The bank's login page; the shopper's stand-in completes the payment there.
      const bank = text(body.bank);
      if (!bank) return error(400, "The bank field is required when method is netbanking.");
      if (!NETBANKING_BANKS.has(bank)) return error(400, "Invalid bank code", "input_validation_failed", { field: "bank" });
      if (order.currency !== "INR") return error(400, "Currency is not supported for the selected payment method", "invalid_currency");
      payment.method = "netbanking";
      payment.bank = bank;
      next = [{ action: "redirect", url: `${ctx.origin}${ctx.mountPrefix}/v1/payments/${payment.id}/authorize` }];
    } else if (body.method === "emandate") {
      // The e-mandate's authorisation payment: amount 0, the order's bank account, the bank's code.
      if (!payment.recurring || order.token?.method !== "emandate") return error(400, "The recurring field is required when method is emandate.");
      const t = order.token;
      const b = isObject(body.bank_account) ? body.bank_account : {};
      const account = t.bank_account!;
      if (text(body.bank) !== account.ifsc_code.slice(0, 4)) return error(400, "The bank does not match the bank account's IFSC.", "input_validation_failed", { field: "bank" });
      if (body.auth_type !== undefined && body.auth_type !== t.auth_type) return error(400, "The auth_type does not match the order's.");
      if (b.account_number !== account.account_number || b.ifsc !== account.ifsc_code || b.account_type !== account.account_type || text(b.name) !== account.beneficiary_name) {
        return error(400, "The bank account details do not match the order's.", "input_validation_failed", { field: "bank_account" });
      }
      payment.method = "emandate";
      payment.bank = text(body.bank)!;
      next = [{ action: "redirect", url: `${ctx.origin}${ctx.mountPrefix}/v1/payments/${payment.id}/authorize` }];
    } else if (body.method === "wallet") {
      const wallet = text(body.wallet);
      if (!wallet) return error(400, "The wallet field is required when method is wallet.");
      if (!WALLETS.has(wallet)) return error(400, "Invalid wallet", "input_validation_failed", { field: "wallet" });
      payment.method = "wallet";
      payment.wallet = wallet;
      next = [{ action: "redirect", url: `${ctx.origin}${ctx.mountPrefix}/v1/payments/${payment.id}/authorize` }];
    } else {
      return error(400, "The method is not supported by the emulator.", "payment_method_not_enabled");
    }
    payments.set(payment.id, payment);
    order.status = "attempted";
    return { status: 200, json: { razorpay_payment_id: payment.id, next } };
  }

  /**
   * POST /v1/payments/create/upi: UPI AutoPay's authorisation payment (recurring "1") on an order
   * with method upi and a token block. Collect answers the payment id alone (the mandate request
   * waits in the shopper's UPI app); intent answers a `upi://mandate` link too.
   */
  function createUpiRecurring(body: Json): EmuResponse {
    const order = orders.get(String(body.order_id ?? ""));
    if (!order) return error(400, "The id provided does not exist", "invalid_order_id");
    if (order.status === "paid") return error(400, "Your payment has been declined as the order is already paid. Please initiate the payment with a new order.", "order_already_paid");
    if (body.amount !== order.amount || body.currency !== order.currency) return error(400, "The amount does not match the order's amount.", "order_amount_mismatch");
    if (!(body.recurring === "1" || body.recurring === "preferred")) return error(400, "The recurring field is required.");
    if (body.method !== "upi") return error(400, "The method must be upi.");
    if (!order.token || order.token.method !== "upi" || !order.customer_id) return error(400, "The order is not a UPI AutoPay authorisation order (method upi, customer_id and token).");
    if (body.customer_id !== order.customer_id) return error(400, "The customer_id does not match the order's.");
    const email = text(body.email);
    const contact = text(body.contact);
    if (!email) return error(400, "The email field is required.");
    if (!contact) return error(400, "The contact field is required.");
    const upi = isObject(body.upi) ? body.upi : {};
    const payment: Payment = {
      id: id("pay"), order_id: order.id, amount: order.amount, currency: order.currency, status: "created", method: "upi",
      vpa: null, bank: null, wallet: null, email, contact, notes: isObject(body.notes) ? body.notes : {}, error: null, created_at: now(),
      ledger: new Ledger(order.amount), customer_id: order.customer_id, token_id: null, recurring: true,
    };
    let link: string | undefined;
    if (upi.flow === "collect") {
      const vpa = text(upi.vpa);
      if (!vpa || !vpa.includes("@")) return error(400, "Invalid VPA. Please enter a valid Virtual Payment Address", "invalid_vpa");
      if (!text(body.ip)) return error(400, "The ip field is required.");
      payment.vpa = vpa;
    } else if (upi.flow === "intent") {
      const am = (order.amount / 100).toFixed(2);
      const cap = (order.token.max_amount / 100).toFixed(2);
      link = `upi://mandate?pa=emulator@razorpay&pn=Emulator&tr=${payment.id.slice(4)}&am=${cap}&fam=${am}&amrule=MAX&cu=INR&recur=ASPRESENTED&txnType=CREATE`;
    } else {
      return error(400, "The upi.flow field must be collect or intent.");
    }
    payments.set(payment.id, payment);
    order.status = "attempted";
    return { status: 200, json: { razorpay_payment_id: payment.id, ...(link ? { link } : {}) } };
  }

  function createCustomer(body: Json): EmuResponse {
    const name = text(body.name);
    const email = text(body.email);
    const contact = text(body.contact);
    if (!name) return error(400, "The name field is required.");
    const existing = [...customers.values()].find((c) => c.email === email && c.contact === contact && c.name === name);
    if (existing) {
      if (body.fail_existing === "0" || body.fail_existing === 0) return { status: 200, json: customerEntity(existing) };
      return error(400, "Customer already exists for the merchant");
    }
    const c: Customer = { id: id("cust"), name, email: email ?? "", contact: contact ?? "", notes: isObject(body.notes) ? body.notes : {}, created_at: now() };
    customers.set(c.id, c);
    return { status: 200, json: customerEntity(c) };
  }

  function customerEntity(c: Customer): Json {
    return { id: c.id, entity: "customer", name: c.name, email: c.email, contact: c.contact, gstin: null, notes: c.notes, created_at: c.created_at };
  }

  /** POST /v1/payments/create/recurring: a charge on a confirmed token, at most its max_amount. */
  function createRecurring(body: Json): EmuResponse {
    const order = orders.get(String(body.order_id ?? ""));
    if (!order) return error(400, "The id provided does not exist", "invalid_order_id");
    if (order.status === "paid") return error(400, "Your payment has been declined as the order is already paid. Please initiate the payment with a new order.", "order_already_paid");
    if (body.amount !== order.amount || body.currency !== order.currency) return error(400, "The amount does not match the order's amount.", "order_amount_mismatch");
    const email = text(body.email);
    const contact = text(body.contact);
    if (!email) return error(400, "The email field is required.");
    if (!contact) return error(400, "The contact field is required.");
    if (!(body.recurring === "1" || body.recurring === 1 || body.recurring === true)) return error(400, "The recurring field is required.");
    const customer = customers.get(String(body.customer_id ?? ""));
    if (!customer) return error(400, "The customer_id provided does not exist");
    const token = tokens.get(String(body.token ?? ""));
    if (!token || token.deleted || token.customer_id !== customer.id) return error(400, "The token id provided does not exist");
    if (order.amount > token.max_amount) return error(400, "The amount is greater than the maximum amount allowed for the token.", "max_amount_limit_exceeded");
    const payment: Payment = {
      id: id("pay"), order_id: order.id, amount: order.amount, currency: order.currency, status: "created", method: token.method === "emandate" ? "emandate" : "card", vpa: null, bank: null, wallet: null,
      email, contact, notes: isObject(body.notes) ? body.notes : {}, error: null, created_at: now(), ledger: new Ledger(order.amount),
      customer_id: customer.id, token_id: token.id, recurring: false,
    };
    payments.set(payment.id, payment);
    order.status = "attempted";
    return {
      status: 200,
      json: { razorpay_payment_id: payment.id, razorpay_order_id: order.id, razorpay_signature: hmac("sha256", RAZORPAY_KEY_SECRET, `${order.id}|${payment.id}`, "hex") },
    };
  }

  function capture(p: Payment, body: Json): EmuResponse {
    if (p.status === "captured" || p.status === "refunded") return error(400, "This payment has already been captured");
    if (p.status !== "authorized") return error(400, "Only payments which have been authorized and not yet captured can be captured");
    if (!isInt(body.amount)) return error(400, "The amount field is required.");
    if (body.amount !== p.amount) return error(400, "Capture amount must be equal to the amount authorized");
    if (body.currency !== undefined && body.currency !== p.currency) return error(400, "Currency should be same as payment currency");
    p.ledger.capture(p.amount, true);
    p.status = "captured";
    const order = orders.get(p.order_id);
    if (order) order.status = "paid";
    emit("payment.captured", { payment: { entity: paymentEntity(p) } });
    return { status: 200, json: paymentEntity(p) };
  }

  function refund(p: Payment, body: Json): EmuResponse {
    if (p.status !== "captured" && p.status !== "refunded") return error(400, "The payment has not been captured. Only captured payments can be refunded");
    const amount = body.amount === undefined ? p.ledger.refundable : body.amount;
    if (!isInt(amount) || amount <= 0) return error(400, "The amount must be at least INR 1.00");
    const refused = p.ledger.refund(amount);
    if (refused) {
      return refused.kind === "fully_refunded"
        ? error(400, "The payment has been fully refunded already")
        : error(400, "The refund amount provided is greater than amount captured", "refund_limit_crossed");
    }
    if (p.ledger.refunded >= p.ledger.captured) p.status = "refunded";
    const r: Refund = {
      id: id("rfnd"),
      payment_id: p.id,
      amount,
      currency: p.currency,
      receipt: typeof body.receipt === "string" ? body.receipt : null,
      notes: isObject(body.notes) ? body.notes : {},
      status: "processed",
      created_at: now(),
    };
    refunds.set(r.id, r);
    emit("refund.processed", { refund: { entity: refundEntity(r) }, payment: { entity: paymentEntity(p) } });
    return { status: 200, json: refundEntity(r) };
  }

  return {
    handle(req: EmuRequest): EmuResponse {
      const path = req.path.replace(/\/+$/, "");
      // The shopper's browser at the bank page: no API credentials.
      const page = /^\/v1\/payments\/(pay_[A-Za-z0-9]+)\/authorize$/.exec(path);
      if (req.method === "GET" && page) {
        const p = payments.get(page[1]!);
        if (!p) return { status: 404, text: "no such payment" };
        complete(p);
        return { status: 200, headers: { "Content-Type": "text/html" }, text: "<html><body>Payment authenticated (emulator)</body></html>" };
      }
      const emulatorOnly = disputes.emulatorRoute({ ...req, path });
      if (emulatorOnly) return emulatorOnly;
      if (!authenticated(req)) return error(401, "Authentication failed", "NA", { source: "NA", step: "NA" });
      const disputed = disputes.route({ ...req, path }, () => parseJsonObject(req.rawBody, {}));
      if (disputed) return disputed;
      const body = req.method === "POST" ? parseJsonObject(req.rawBody, {}) : {};
      if (body === null) return error(400, "The request body is not valid JSON.");
      if (req.method === "POST" && path === "/v1/orders") return createOrder(body);
      if (req.method === "POST" && path === "/v1/payments/create/json") return createPayment(body);
      if (req.method === "POST" && path === "/v1/customers") return createCustomer(body);
      if (req.method === "POST" && path === "/v1/payments/create/recurring") return createRecurring(body);
      if (req.method === "POST" && path === "/v1/payments/create/upi") return createUpiRecurring(body);
      const tk = /^\/v1\/customers\/([^/]+)\/tokens\/([^/]+)$/.exec(path);
      if (req.method === "DELETE" && tk) {
        const token = tokens.get(tk[2]!);
        if (!customers.has(tk[1]!) || !token || token.deleted || token.customer_id !== tk[1]) return error(400, "The id provided does not exist", "NA", { source: "NA", step: "NA" });
        token.deleted = true;
        return { status: 200, json: { deleted: true } };
      }
      const m = /^\/v1\/payments\/([^/]+)(?:\/(capture|refund))?$/.exec(path);
      if (m) {
        const p = payments.get(m[1]!);
        if (!p) return error(400, "The id provided does not exist", "NA", { source: "NA", step: "NA" });
        if (req.method === "GET" && !m[2]) {
          complete(p);
          return { status: 200, json: paymentEntity(p) };
        }
        if (req.method === "POST" && m[2] === "capture") return capture(p, body);
        if (req.method === "POST" && m[2] === "refund") {
          const key = req.headers["x-refund-idempotency"];
          if (typeof key !== "string") return refund(p, body);
          if (key.length < 10 || !/^[A-Za-z0-9_-]+$/.test(key)) return error(400, "The idempotency key is invalid.");
          const keyed = idempotent.run(`${p.id}:${key}`, req.rawBody, (r) => r.status === 200, () => refund(p, body));
          if (keyed.kind === "conflict") return error(400, "Different request with the same idempotency key has already been processed.", "NA", { source: "NA", step: "NA" });
          return keyed.response;
        }
      }
      const rf = /^\/v1\/refunds\/([^/]+)$/.exec(path);
      if (req.method === "GET" && rf) {
        const r = refunds.get(rf[1]!);
        return r ? { status: 200, json: refundEntity(r) } : error(400, "The id provided does not exist", "NA", { source: "NA", step: "NA" });
      }
      ctx.log(`razorpay: ${req.method} ${req.path} is not emulated`);
      return error(400, "The requested URL was not found on the server.", "NA", { source: "NA", step: "NA" });
    },
  };
}

export const emulator: ConnectorEmulator = { create: createRazorpayEmulator };

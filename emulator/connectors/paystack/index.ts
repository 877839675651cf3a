// Paystack emulator (https://paystack.com/docs/api/): POST /transaction/initialize, the hosted
// checkout it answers (an EMULATOR-ONLY stand-in for the shopper paying on it), GET
// /transaction/verify/{reference}, POST /transaction/charge_authorization, POST /charge/submit_otp (the
// Vodafone Cash voucher of a send_otp charge, or a bank's OTP), POST /charge/submit_pin, submit_phone,
// submit_birthday and submit_address (the steps a charge asks for, EMULATOR-ONLY POST
// /emulator/charges/{reference}/ask/{step} standing in for the issuer or bank asking), POST /charge (mobile
// money and Pay with Transfer, completed by the EMULATOR-ONLY POST
// /emulator/charges/{reference}/complete standing in for the shopper's phone or transfer), POST /refund, GET
// /refund/{id}, POST /customer/authorization/deactivate, GET /dispute/{id} (a dispute opened by the
// EMULATOR-ONLY POST /emulator/disputes/{reference}); and, when the emulator has a webhook target
// for `paystack`, the events charge.success, refund.processed and charge.dispute.create, signed as
// Paystack signs them: `x-paystack-signature` = hex HMAC-SHA512 of the body with the secret key.
//
// Shapes follow Paystack's own material: its OpenAPI spec (oracles/paystack/) and the example
// bodies of its API reference (the `{status, message, data}` envelope, errors `{status: false,
// message}`: 401 "Invalid key", 404 for an unknown reference, 400 "Duplicate Transaction
// Reference"), Bearer authentication with the secret key, amounts as integers in the subunit of
// GHS, KES, NGN, USD and ZAR, references of letters, digits and - . = (and _, which its own references carry).

import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";
import { ALNUM, DIGITS, randomString } from "../../core/ids.js";
import { isObject, parseJsonObject, type Json } from "../../core/json.js";
import { Ledger } from "../../core/ledger.js";
import { redirectBack } from "../../core/redirect.js";
import { deliver, hmac } from "../../core/webhooks.js";

/** The emulator's secret key (test mode); any other is refused with 401 "Invalid key". */
export const PAYSTACK_SECRET_KEY = "sk_test_emulator0000000000000000000000000000";
/** A reusable authorization the emulator knows from a first payment (Paystack's test Visa, 4081). */
export const SAVED_AUTHORIZATION = "AUTH_emu0approve";
/** A reusable authorization whose charges the issuer declines for insufficient funds. */
export const DECLINING_AUTHORIZATION = "AUTH_emu0nofunds";

const CURRENCIES = new Set(["GHS", "KES", "NGN", "USD", "ZAR"]);
const CHANNELS = new Set(["card", "bank", "ussd", "qr", "eft", "mobile_money", "bank_transfer"]);

interface Authorization {
  authorization_code: string;
  bin: string;
  last4: string;
  exp_month: string;
  exp_year: string;
  channel: string;
  card_type: string;
  bank: string;
  country_code: string;
  brand: string;
  reusable: boolean;
  signature: string;
  account_name: null;
  /** Emulator bookkeeping: deactivated, and what its charges answer. */
  active: boolean;
  declines?: string;
  email: string;
}

interface Transaction {
  id: number;
  reference: string;
  amount: number;
  currency: string;
  email: string;
  status: "abandoned" | "success" | "failed" | "reversed" | "pay_offline" | "pending_bank_transfer" | Step;
  /** Create Charge's next step for the shopper, and Pay with Transfer's account. */
  display_text?: string;
  transfer?: { account_number: string; account_expires_at: string };
  gateway_response: string;
  channel: string;
  access_code?: string;
  callback_url?: string;
  authorization?: Authorization;
  metadata: unknown;
  created_at: string;
  paid_at: string | null;
  ledger: Ledger;
}

interface Refund {
  id: number;
  transaction: Transaction;
  amount: number;
  currency: string;
  status: "pending" | "processed";
  merchant_note: string;
  createdAt: string;
}

interface Dispute {
  id: number;
  transaction: Transaction;
  status: string;
  createdAt: string;
  dueAt: string;
}

function ok(message: string, data: unknown, status = 200): EmuResponse {
  return { status, json: { status: true, message, data } };
}

function fail(status: number, message: string, extra: Json = {}): EmuResponse {
  return { status, json: { status: false, message, ...extra } };
}

function now(): string {
  return new Date().toISOString();
}

function authorizationView(a: Authorization): Json {
  const { active: _a, declines: _d, email: _e, ...view } = a;
  return view;
}

function customerView(email: string): Json {
  return {
    id: 181873746,
    first_name: null,
    last_name: null,
    email,
    customer_code: "CUS_emulator0shopper",
    phone: null,
    metadata: null,
    risk_action: "default",
    international_format_phone: null,
  };
}

/** The Transaction object as Verify Transaction and the charge.success event write it. */
function transactionView(t: Transaction): Json {
  return {
    id: t.id,
    domain: "test",
    status: t.ledger.refunded > 0 && t.ledger.refundable === 0 ? "reversed" : t.status,
    reference: t.reference,
    receipt_number: null,
    amount: t.amount,
    message: null,
    gateway_response: t.gateway_response,
    paid_at: t.paid_at,
    created_at: t.created_at,
    channel: t.channel,
    currency: t.currency,
    ip_address: null,
    metadata: t.metadata ?? "",
    log: null,
    fees: t.status === "success" ? Math.round(t.amount * 0.015) : null,
    fees_split: null,
    authorization: t.authorization ? authorizationView(t.authorization) : {},
    customer: customerView(t.email),
    plan: null,
    split: {},
    order_id: null,
    paidAt: t.paid_at,
    createdAt: t.created_at,
    requested_amount: t.amount,
    pos_transaction_data: null,
    source: null,
    fees_breakdown: null,
    transaction_date: t.created_at,
    plan_object: {},
    subaccount: {},
  };
}

/** Create Charge's answer while the shopper acts: the short object Paystack's docs show. */
function pendingChargeView(t: Transaction): Json {
  const view: Json = { reference: t.reference, status: t.status, display_text: t.display_text ?? null };
  if (t.transfer) {
    Object.assign(view, {
      amount: t.amount,
      account_name: "PAYSTACK CHECKOUT",
      account_number: t.transfer.account_number,
      bank: { slug: "test-bank", name: "Test Bank", id: 24 },
      account_expires_at: t.transfer.account_expires_at,
    });
  }
  return view;
}

/** The Charge API's shopper-entered steps, each answered by its POST /charge/submit_* call. */
const STEPS = ["send_otp", "send_pin", "send_phone", "send_birthday", "send_address"] as const;
type Step = (typeof STEPS)[number];
const STEP_TEXT: Record<Step, string> = {
  send_otp: "Please enter the OTP sent to your phone",
  send_pin: "Please enter your 4-digit PIN",
  send_phone: "Please enter your phone number",
  send_birthday: "Please enter your birthday",
  send_address: "Please enter your billing address",
};

/** Mobile money operators (Create Charge's `mobile_money.provider`) and the currency each is charged in. */
const MOBILE_MONEY: Record<string, string> = { mtn: "GHS", atl: "GHS", vod: "GHS", mpesa: "KES" };

function refundView(r: Refund): Json {
  return {
    integration: 412829,
    transaction: r.transaction.id,
    dispute: null,
    settlement: null,
    id: r.id,
    domain: "test",
    currency: r.currency,
    amount: r.amount,
    status: r.status,
    refunded_at: r.status === "processed" ? r.createdAt : null,
    refunded_by: "merchant@example.com",
    customer_note: `Refund for transaction ${r.transaction.reference}`,
    merchant_note: r.merchant_note,
    deducted_amount: r.amount,
    fully_deducted: true,
    createdAt: r.createdAt,
    transaction_reference: r.transaction.reference,
  };
}

function disputeView(d: Dispute): Json {
  const t = d.transaction;
  return {
    id: d.id,
    refund_amount: t.amount,
    currency: t.currency,
    status: d.status,
    resolution: null,
    domain: "test",
    transaction: { id: t.id, domain: "test", status: "success", reference: t.reference, amount: t.amount, currency: t.currency, channel: t.channel },
    transaction_reference: null,
    category: "chargeback",
    customer: customerView(t.email),
    bin: t.authorization?.bin ?? null,
    last4: t.authorization?.last4 ?? null,
    dueAt: d.dueAt,
    resolvedAt: null,
    evidence: null,
    attachments: null,
    note: null,
    history: [{ status: "pending", by: t.email, createdAt: d.createdAt }],
    messages: [{ sender: t.email, body: "Customer claims the goods did not arrive", createdAt: d.createdAt }],
    createdAt: d.createdAt,
    updatedAt: d.createdAt,
  };
}

export function createPaystackEmulator(ctx: EmuContext): EmuMount {
  const transactions = new Map<string, Transaction>();
  const byAccessCode = new Map<string, Transaction>();
  const refunds = new Map<number, Refund>();
  const disputes = new Map<number, Dispute>();
  const authorizations = new Map<string, Authorization>();
  let nextId = 4099260516;

  function newAuthorization(code: string, email: string, declines?: string): Authorization {
    const a: Authorization = {
      authorization_code: code,
      bin: "408408",
      last4: "4081",
      exp_month: "12",
      exp_year: "2030",
      channel: "card",
      card_type: "visa ",
      bank: "TEST BANK",
      country_code: "NG",
      brand: "visa",
      reusable: true,
      signature: `SIG_${randomString(20, ALNUM)}`,
      account_name: null,
      active: true,
      email,
      ...(declines ? { declines } : {}),
    };
    authorizations.set(code, a);
    return a;
  }
  newAuthorization(SAVED_AUTHORIZATION, "jane@example.com");
  newAuthorization(DECLINING_AUTHORIZATION, "jane@example.com", "Insufficient Funds");

  function notify(event: string, data: Json): void {
    void deliver(ctx, (secret) => {
      const body = JSON.stringify({ event, data });
      return { body, headers: { "Content-Type": "application/json", "x-paystack-signature": hmac("sha512", secret, body, "hex") } };
    });
  }

  /** The fields Initialize Transaction and Charge Authorization share; an error response, or them. */
  function readPayment(b: Json): EmuResponse | { email: string; amount: number; currency: string; reference: string } {
    const { email, amount, currency, reference } = b;
    if (typeof email !== "string" || !email.includes("@")) return fail(400, "Invalid Email Address Passed");
    if (typeof amount !== "number" || !Number.isInteger(amount) || amount <= 0) return fail(400, "Invalid Amount Sent");
    const cur = currency ?? "NGN";
    if (typeof cur !== "string" || !CURRENCIES.has(cur)) return fail(400, "Currency not supported by merchant");
    const ref = reference ?? randomString(15, ALNUM.toLowerCase());
    if (typeof ref !== "string" || !/^[A-Za-z0-9.=_-]+$/.test(ref)) return fail(400, "Invalid transaction reference");
    if (transactions.has(ref)) return fail(400, "Duplicate Transaction Reference");
    return { email, amount, currency: cur, reference: ref };
  }

  function newTransaction(p: { email: string; amount: number; currency: string; reference: string }, metadata: unknown): Transaction {
    const t: Transaction = {
      id: nextId++,
      reference: p.reference,
      amount: p.amount,
      currency: p.currency,
      email: p.email,
      status: "abandoned",
      gateway_response: "The transaction was not completed",
      channel: "card",
      metadata,
      created_at: now(),
      paid_at: null,
      ledger: new Ledger(p.amount),
    };
    transactions.set(t.reference, t);
    return t;
  }

  function succeed(t: Transaction, a: Authorization, gatewayResponse: string): void {
    t.status = "success";
    t.gateway_response = gatewayResponse;
    t.paid_at = now();
    t.authorization = a;
    t.ledger.capture(t.amount, true);
    notify("charge.success", transactionView(t));
  }

  function initialize(b: Json): EmuResponse {
    const p = readPayment(b);
    if ("status" in p) return p;
    if (b.channels !== undefined && (!Array.isArray(b.channels) || !b.channels.every((c) => typeof c === "string" && CHANNELS.has(c)))) {
      return fail(400, "Invalid channels");
    }
    if (b.metadata !== undefined && !isObject(b.metadata)) return fail(400, "Invalid metadata");
    const t = newTransaction(p, b.metadata);
    t.access_code = randomString(15, ALNUM.toLowerCase());
    if (typeof b.callback_url === "string") t.callback_url = b.callback_url;
    byAccessCode.set(t.access_code, t);
    return ok("Authorization URL created", {
      authorization_url: `${ctx.origin}${ctx.mountPrefix}/checkout/${t.access_code}`,
      access_code: t.access_code,
      reference: t.reference,
    });
  }

  /**
   * EMULATOR-ONLY: the shopper on Paystack's checkout. `outcome=decline` fails the payment as the
   * issuer's "Declined"; otherwise it succeeds with a reusable card authorization. Then the shopper
   * goes back to callback_url with `trxref` and `reference`, as Paystack sends them.
   */
  function checkout(accessCode: string, query: URLSearchParams): EmuResponse {
    const t = byAccessCode.get(accessCode);
    if (!t) return { status: 404, text: "This checkout does not exist" };
    if (t.status === "abandoned") {
      if (query.get("outcome") === "decline") {
        t.status = "failed";
        t.gateway_response = "Declined";
      } else {
        succeed(t, newAuthorization(`AUTH_${randomString(10, ALNUM.toLowerCase())}`, t.email), "Successful");
      }
    }
    if (!t.callback_url) return { status: 200, text: `Payment ${t.status}` };
    return redirectBack(t.callback_url, { trxref: t.reference, reference: t.reference });
  }

  function chargeAuthorization(b: Json): EmuResponse {
    const code = b.authorization_code;
    if (typeof code !== "string" || code === "") return fail(400, "Authorization code is required");
    const p = readPayment(b);
    if ("status" in p) return p;
    if (b.metadata !== undefined && typeof b.metadata !== "string") return fail(400, "Invalid metadata");
    const a = authorizations.get(code);
    if (!a || !a.active) return fail(400, "Invalid or inactive authorization code");
    if (a.email !== p.email) return fail(400, "Authorization code does not belong to this customer");
    const t = newTransaction(p, b.metadata ?? "");
    if (a.declines) {
      t.status = "failed";
      t.gateway_response = a.declines;
      t.authorization = a;
      t.paid_at = null;
    } else {
      succeed(t, a, "Approved");
    }
    return ok("Charge attempted", transactionView(t));
  }

  /** POST /charge: mobile money (pay_offline, or send_otp for Vodafone) or Pay with Transfer (NGN). */
  function charge(b: Json): EmuResponse {
    const p = readPayment(b);
    if ("status" in p) return p;
    if (b.metadata !== undefined && !isObject(b.metadata)) return fail(400, "Invalid metadata");
    const mm = b.mobile_money;
    const bt = b.bank_transfer;
    if (isObject(mm)) {
      const provider = mm.provider;
      if (typeof provider !== "string" || !(provider in MOBILE_MONEY)) return fail(400, "Invalid provider");
      if (MOBILE_MONEY[provider] !== p.currency) return fail(400, `Currency not supported for ${provider}`);
      if (typeof mm.phone !== "string" || !/^\+?\d{9,15}$/.test(mm.phone)) return fail(400, "Invalid phone number");
      const t = newTransaction(p, b.metadata ?? "");
      t.channel = "mobile_money";
      if (provider === "vod") {
        t.status = "send_otp";
        t.display_text = "Please dial *110# to generate a voucher code. Then input the voucher";
      } else {
        t.status = "pay_offline";
        t.display_text = "Please complete authorization process on your mobile phone";
      }
      return ok("Charge attempted", pendingChargeView(t));
    }
    if (isObject(bt)) {
      if (p.currency !== "NGN") return fail(400, "Pay with Transfer is only available for NGN");
      const t = newTransaction(p, b.metadata ?? "");
      t.channel = "bank_transfer";
      t.status = "pending_bank_transfer";
      t.display_text = "Please make a transfer to the account specified";
      const expires = typeof bt.account_expires_at === "string" ? bt.account_expires_at : new Date(Date.now() + 30 * 60_000).toISOString();
      t.transfer = { account_number: randomString(10, DIGITS), account_expires_at: expires };
      return ok("Charge attempted", pendingChargeView(t));
    }
    return fail(400, "Please provide a payment channel");
  }

  /**
   * POST /charge/submit_otp {otp, reference}: the Vodafone Cash voucher of a charge that answered
   * send_otp. The emulator's vouchers are six digits (000000 is refused as a wrong code); a good
   * one moves the charge to pay_offline, the shopper approving on the phone (Submit OTP's answer).
   */
  function submitOtp(b: Json): EmuResponse {
    if (typeof b.otp !== "string" || b.otp === "") return fail(400, "OTP is required");
    if (typeof b.reference !== "string" || b.reference === "") return fail(400, "Transaction reference is required");
    const t = transactions.get(b.reference);
    if (!t) return fail(404, "Transaction reference not found");
    if (t.status !== "send_otp") return fail(400, "Transaction is not awaiting an OTP");
    if (!/^\d{6}$/.test(b.otp) || b.otp === "000000") return fail(400, "Invalid OTP");
    if (t.channel !== "mobile_money") {
      // A bank's or issuer's OTP (after a PIN, phone, birthday or address step): the charge is made.
      const a = newAuthorization(`AUTH_${randomString(10, ALNUM.toLowerCase())}`, t.email);
      Object.assign(a, { channel: t.channel, reusable: false, card_type: "", brand: t.channel, bin: "", last4: "" });
      delete t.display_text;
      succeed(t, a, "Approved");
      return ok("Charge attempted", transactionView(t));
    }
    t.status = "pay_offline";
    t.display_text = "Please complete authorization process on your mobile phone";
    return ok("Charge attempted", pendingChargeView(t));
  }

  /**
   * POST /charge/submit_pin, submit_phone, submit_birthday, submit_address (the spec's
   * ChargeSubmit* bodies, every field required) for a charge that answered that step. A good
   * answer moves the charge to send_otp (the bank then sends the shopper an OTP, as Paystack's
   * bank-account charge goes: send_birthday, then send_otp); PIN 0000 is refused as wrong.
   */
  function submitStep(step: Step, b: Json): EmuResponse {
    if (typeof b.reference !== "string" || b.reference === "") return fail(400, "Transaction reference is required");
    const t = transactions.get(b.reference);
    if (!t) return fail(404, "Transaction reference not found");
    if (t.status !== step) return fail(400, `Transaction is not awaiting ${step.slice(5)}`);
    const field = (name: string) => (typeof b[name] === "string" && b[name] !== "" ? (b[name] as string) : undefined);
    if (step === "send_pin") {
      const pin = field("pin");
      if (!pin) return fail(400, "PIN is required");
      if (!/^\d{4}$/.test(pin) || pin === "0000") return fail(400, "Incorrect PIN");
    } else if (step === "send_phone") {
      const phone = field("phone");
      if (!phone || !/^\+?\d{7,15}$/.test(phone)) return fail(400, "Invalid phone number");
    } else if (step === "send_birthday") {
      const birthday = field("birthday");
      if (!birthday || !/^\d{4}-\d{2}-\d{2}$/.test(birthday) || Number.isNaN(Date.parse(`${birthday}T00:00:00Z`))) return fail(400, "Invalid birthday");
    } else if (step === "send_address") {
      for (const name of ["address", "city", "state", "zip_code"]) if (!field(name)) return fail(400, `${name} is required`);
    }
    t.status = "send_otp";
    t.display_text = STEP_TEXT.send_otp;
    return ok("Charge attempted", pendingChargeView(t));
  }

  /** EMULATOR-ONLY: the issuer or bank asks the shopper for one more step (a PIN, phone, birthday, address or OTP). */
  function askStep(reference: string, step: string): EmuResponse {
    const t = transactions.get(reference);
    if (!t || !["pay_offline", "pending_bank_transfer", ...STEPS].includes(t.status)) return fail(404, "No pending charge");
    if (!(STEPS as readonly string[]).includes(step)) return fail(400, "Unknown step");
    t.status = step as Step;
    t.display_text = STEP_TEXT[step as Step];
    return ok("Charge attempted", pendingChargeView(t));
  }

  /** EMULATOR-ONLY: the shopper approves on the phone, or the transfer arrives. */
  function completeCharge(reference: string): EmuResponse {
    const t = transactions.get(reference);
    if (!t || !["pay_offline", "send_otp", "pending_bank_transfer"].includes(t.status)) return fail(404, "No pending charge");
    const a = newAuthorization(`AUTH_${randomString(10, ALNUM.toLowerCase())}`, t.email);
    // Mobile money and transfers give no reusable authorization.
    Object.assign(a, { channel: t.channel, reusable: false, card_type: "", brand: t.channel, bin: "", last4: "" });
    delete t.display_text;
    succeed(t, a, "Approved");
    return ok("Charge completed", { reference: t.reference });
  }

  function verify(reference: string): EmuResponse {
    const t = transactions.get(reference);
    if (!t) return fail(404, "Transaction reference not found");
    return ok("Verification successful", transactionView(t));
  }

  function refund(b: Json): EmuResponse {
    const ref = b.transaction;
    if (typeof ref !== "string" && typeof ref !== "number") return fail(400, "Transaction reference is required");
    const t = transactions.get(String(ref)) ?? [...transactions.values()].find((x) => String(x.id) === String(ref));
    if (!t) return fail(404, "Transaction not found");
    if (t.status !== "success") return fail(400, "Transaction has not been completed");
    const amount = b.amount ?? t.ledger.refundable;
    if (typeof amount !== "number" || !Number.isInteger(amount)) return fail(400, "Invalid amount");
    if (b.currency !== undefined && b.currency !== t.currency) return fail(400, "Currency does not match the transaction's");
    const refused = t.ledger.refund(amount);
    if (refused) {
      if (refused.kind === "fully_refunded") return fail(400, "Transaction has been fully reversed");
      return fail(400, "Refund amount cannot be more than the unrefunded balance of the transaction");
    }
    const r: Refund = {
      id: 3018284 + refunds.size,
      transaction: t,
      amount,
      currency: t.currency,
      status: "pending",
      merchant_note: typeof b.merchant_note === "string" ? b.merchant_note : `Refund for transaction ${t.reference} by merchant@example.com`,
      createdAt: now(),
    };
    refunds.set(r.id, r);
    const answer = ok("Refund has been queued for processing", {
      transaction: { id: t.id, domain: "test", reference: t.reference, amount: t.amount, paid_at: t.paid_at, channel: t.channel, currency: t.currency },
      integration: 412829,
      deducted_amount: 0,
      channel: null,
      merchant_note: r.merchant_note,
      customer_note: `Refund for transaction ${t.reference}`,
      status: "pending",
      refunded_by: "merchant@example.com",
      expected_at: now(),
      currency: r.currency,
      domain: "test",
      amount: r.amount,
      fully_deducted: false,
      id: r.id,
      createdAt: r.createdAt,
      updatedAt: r.createdAt,
    });
    // The processor pays it back at once here; the merchant hears it by webhook and rsync.
    r.status = "processed";
    notify("refund.processed", {
      status: "processed",
      transaction_reference: t.reference,
      refund_reference: randomString(12, DIGITS),
      amount: String(r.amount),
      currency: r.currency,
      processor: "mpgs_zen",
      customer: { first_name: null, last_name: null, email: t.email },
      integration: 412829,
      domain: "test",
      id: String(r.id),
    });
    return answer;
  }

  function openDispute(reference: string): EmuResponse {
    const t = transactions.get(reference);
    if (!t || t.status !== "success") return fail(404, "Transaction not found");
    const created = new Date();
    const d: Dispute = {
      id: 358950 + disputes.size,
      transaction: t,
      status: "awaiting-merchant-feedback",
      createdAt: created.toISOString(),
      dueAt: new Date(created.getTime() + 86_400_000).toISOString(),
    };
    disputes.set(d.id, d);
    notify("charge.dispute.create", disputeView(d));
    return ok("Dispute opened", { id: d.id });
  }

  function route(req: EmuRequest): EmuResponse {
    const path = req.path;
    let m: RegExpMatchArray | null;
    if (req.method === "GET" && (m = path.match(/^\/checkout\/([^/]+)$/))) return checkout(decodeURIComponent(m[1]!), req.query);
    if (req.method === "POST" && (m = path.match(/^\/emulator\/disputes\/([^/]+)$/))) return openDispute(decodeURIComponent(m[1]!));
    if (req.method === "POST" && (m = path.match(/^\/emulator\/charges\/([^/]+)\/complete$/))) return completeCharge(decodeURIComponent(m[1]!));
    if (req.method === "POST" && (m = path.match(/^\/emulator\/charges\/([^/]+)\/ask\/([a-z_]+)$/))) return askStep(decodeURIComponent(m[1]!), m[2]!);

    if (req.headers.authorization !== `Bearer ${PAYSTACK_SECRET_KEY}`) return fail(401, "Invalid key");
    const body = () => parseJsonObject(req.rawBody);

    if (req.method === "POST" && path === "/transaction/initialize") {
      const b = body();
      return b ? initialize(b) : fail(400, "Invalid JSON");
    }
    if (req.method === "POST" && path === "/transaction/charge_authorization") {
      const b = body();
      return b ? chargeAuthorization(b) : fail(400, "Invalid JSON");
    }
    if (req.method === "POST" && path === "/charge/submit_otp") {
      const b = body();
      return b ? submitOtp(b) : fail(400, "Invalid JSON");
    }
    if (req.method === "POST" && (m = path.match(/^\/charge\/submit_(pin|phone|birthday|address)$/))) {
      const b = body();
      return b ? submitStep(`send_${m[1]}` as Step, b) : fail(400, "Invalid JSON");
    }
    if (req.method === "POST" && path === "/charge") {
      const b = body();
      return b ? charge(b) : fail(400, "Invalid JSON");
    }
    if (req.method === "GET" && (m = path.match(/^\/transaction\/verify\/([^/]+)$/))) return verify(decodeURIComponent(m[1]!));
    if (req.method === "POST" && path === "/refund") {
      const b = body();
      return b ? refund(b) : fail(400, "Invalid JSON");
    }
    if (req.method === "GET" && (m = path.match(/^\/refund\/([^/]+)$/))) {
      const r = refunds.get(Number(decodeURIComponent(m[1]!)));
      return r ? ok("Refund retrieved", refundView(r)) : fail(404, "Refund not found");
    }
    if (req.method === "POST" && path === "/customer/authorization/deactivate") {
      const b = body();
      const a = b && typeof b.authorization_code === "string" ? authorizations.get(b.authorization_code) : undefined;
      if (!a || !a.active) return fail(404, "Authorization code not found.");
      a.active = false;
      return { status: 200, json: { status: true, message: "Authorization has been deactivated" } };
    }
    if (req.method === "GET" && (m = path.match(/^\/dispute\/([^/]+)$/))) {
      const d = disputes.get(Number(decodeURIComponent(m[1]!)));
      return d ? ok("Dispute retrieved", disputeView(d)) : fail(404, "Dispute not found");
    }
    ctx.log(`paystack: ${req.method} ${path} is not a Paystack endpoint the emulator knows`);
    return fail(404, "Not found");
  }

  return { handle: route };
}

export const emulator: ConnectorEmulator = { create: createPaystackEmulator };

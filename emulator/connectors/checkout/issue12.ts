// Checkout.com emulator, issue 12 calls: DELETE /instruments/{id} (204, 404 when unknown: "Instrument
// not found or not associated with client") and POST /payments/{id}/authorizations (increment an
// Authorized, uncaptured payment by `amount`: 201 AuthorizationResponse; 403 "Capture not allowed"
// otherwise; 422 amount_invalid). Shapes from checkout-nas.bundled.json.
import type { EmuRequest, EmuResponse } from "../../core/types.js";
import type { Json } from "../../core/json.js";
import type { Ledger } from "../../core/ledger.js";

/** What of a payment the increment reads and changes. */
export interface IncrementablePayment {
  id: string;
  amount: number;
  currency: string;
  status: string;
  reference: string;
  schemeId: string;
  ledger: Ledger;
}

export interface Issue12Hooks<P extends IncrementablePayment> {
  payments: Map<string, P>;
  sources: Map<string, unknown>;
  /** Records the action on the payment and returns its id (`act_...`). */
  authorizationAction(p: P, amount: number, reference: string | undefined): string;
  links(p: P): Json;
  balances(p: P): Json;
  invalid(...codes: string[]): EmuResponse;
  now(): string;
}

export function issue12Route<P extends IncrementablePayment>(req: EmuRequest, body: Json, h: Issue12Hooks<P>): EmuResponse | undefined {
  const instrument = /^\/instruments\/(src_\w+)$/.exec(req.path);
  if (instrument && req.method === "DELETE") {
    return h.sources.delete(instrument[1]!) ? { status: 204, text: "" } : { status: 404, text: "" };
  }
  const increment = /^\/payments\/(pay_\w+)\/authorizations$/.exec(req.path);
  if (increment && req.method === "POST") {
    const p = h.payments.get(increment[1]!);
    if (!p) return { status: 404, text: "" };
    // Only an authorization not yet captured (or voided) can be raised.
    if (p.status !== "Authorized" || p.ledger.captured > 0 || p.ledger.voided) return { status: 403, text: "" };
    const amount = body["amount"] ?? 0;
    if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 0 || amount > 999_999_999) return h.invalid("amount_invalid");
    const reference = typeof body["reference"] === "string" ? body["reference"] : undefined;
    if (reference !== undefined && reference.length > 50) return h.invalid("reference_invalid");
    p.ledger.reauthorize(p.ledger.authorized + amount);
    p.amount += amount;
    const actionId = h.authorizationAction(p, amount, reference);
    return {
      status: 201,
      json: {
        action_id: actionId,
        amount: p.amount,
        currency: p.currency,
        approved: true,
        status: "Authorized",
        auth_code: "770687",
        response_code: "10000",
        response_summary: "Approved",
        balances: h.balances(p),
        processed_on: h.now(),
        reference: reference ?? p.reference,
        scheme_id: p.schemeId,
        _links: withAuthorizeLink(h.links(p)),
      },
    };
  }
  return undefined;
}

function withAuthorizeLink(links: Json): Json {
  const self = (links as Record<string, { href: string }>)["self"]!;
  return { ...(links as Record<string, Json>), authorize: { href: `${self.href}/authorizations` } };
}

// ---------- payment sessions, reversals, disputes ----------
//
// POST /payment-sessions (Flow): 201 {id: ps_..., payment_session_token, payment_session_secret,
// _links.self}; 422 billing_required / success_url_required / failure_url_required / amount_invalid.
// POST /payments/{id}/reversals: a void while uncaptured, a refund of what is captured otherwise
// (Reverse a payment), 202 with the action; 403 when nothing is left.
// Disputes: Checkout.com's sandbox opens a test dispute on a captured Visa payment of 10.40 in a
// two-decimal currency (Disputes testing: reason code 10.4, fraudulent), evidence_required, with a
// dispute_evidence_required webhook. GET /disputes/{id}; POST /disputes/{id}/accept (204, then
// `accepted`); PUT /disputes/{id}/evidence (ProvideEvidenceRequest's fields only, 204, kept until
// submitted); POST /disputes/{id}/evidence (204, `evidence_under_review`; 422 without evidence);
// every action on a dispute no longer `evidence_required` is 403. POST /files (multipart,
// purpose=dispute_evidence, JPEG/PNG/PDF): 200 {id: file_...}.
import { createHmac } from "node:crypto";
import { randomString } from "../../core/ids.js";
import type { EmuContext } from "../../core/types.js";

const cko = (prefix: string): string => `${prefix}_${randomString(26, "abcdefghijklmnopqrstuvwxyz234567")}`;

/** ProvideEvidenceRequest's properties (checkout-nas.bundled.json). */
const EVIDENCE_SLOTS = [
  "proof_of_delivery_or_service",
  "invoice_or_receipt",
  "invoice_showing_distinct_transactions",
  "customer_communication",
  "refund_or_cancellation_policy",
  "recurring_transaction_agreement",
  "additional_evidence",
  "proof_of_delivery_or_service_date",
];
const EVIDENCE_FIELDS = new Set(EVIDENCE_SLOTS.flatMap((s) => [`${s}_file`, `${s}_text`]));

interface Dispute {
  id: string;
  category: string;
  amount: number;
  currency: string;
  reason_code: string;
  status: string;
  evidence_required_by: string;
  received_on: string;
  last_update: string;
  payment: { id: string; amount: number; currency: string; method: string };
  evidence: Record<string, string> | null;
}

export interface Issue12More<P extends IncrementablePayment> {
  ctx: EmuContext;
  payments: Map<string, P>;
  invalid(...codes: string[]): EmuResponse;
  voidPayment(p: P, body: Json): EmuResponse;
  refund(p: P, body: Json): EmuResponse;
}

export function createCheckoutIssue12<P extends IncrementablePayment>(h: Issue12More<P>) {
  const disputes = new Map<string, Dispute>();
  const files = new Set<string>();

  function notifyDispute(type: string, d: Dispute): void {
    const target = h.ctx.webhookTarget();
    if (!target) return;
    const body = JSON.stringify({
      id: cko("evt"),
      type,
      version: "2.0",
      created_on: new Date().toISOString(),
      data: {
        id: d.id,
        amount: d.amount,
        currency: d.currency,
        reason_code: d.reason_code,
        category: d.category,
        evidence_required_by: d.evidence_required_by,
        payment_id: d.payment.id,
      },
    });
    const signature = createHmac("sha256", target.secret).update(body).digest("hex");
    void h.ctx.sendWebhook(target.url, { "Content-Type": "application/json", "Cko-Signature": signature }, body);
  }

  /** After a capture: the sandbox's dispute scenario (Visa, 10.40) opens a test dispute. */
  function captured(p: P, cardNumber: string | undefined): void {
    if (!cardNumber?.startsWith("4") || p.amount !== 1040 || p.currency === "JPY") return;
    const received = new Date();
    const due = new Date(received.getTime() + 7 * 86_400_000);
    const d: Dispute = {
      id: `dsp_${randomString(26, "abcdefghijklmnopqrstuvwxyz0123456789")}`,
      category: "fraudulent",
      amount: p.amount,
      currency: p.currency,
      reason_code: "10.4",
      status: "evidence_required",
      evidence_required_by: due.toISOString().replace(/\.\d{3}Z$/, "Z"),
      received_on: received.toISOString().replace(/\.\d{3}Z$/, "Z"),
      last_update: received.toISOString().replace(/\.\d{3}Z$/, "Z"),
      payment: { id: p.id, amount: p.amount, currency: p.currency, method: "Visa" },
      evidence: null,
    };
    disputes.set(d.id, d);
    notifyDispute("dispute_evidence_required", d);
  }

  function view(d: Dispute): Json {
    const { evidence: _kept, ...shown } = d;
    return { ...shown, _links: { self: { href: `${h.ctx.origin}${h.ctx.mountPrefix}/disputes/${d.id}` } } } as unknown as Json;
  }

  function session(body: Json): EmuResponse {
    const amount = body["amount"];
    if (typeof amount !== "number" || !Number.isInteger(amount) || amount <= 0) return h.invalid("amount_invalid");
    if (typeof body["currency"] !== "string" || !/^[A-Z]{3}$/.test(body["currency"])) return h.invalid("currency_invalid");
    const billing = body["billing"] as Record<string, Record<string, unknown>> | undefined;
    if (!billing || typeof billing["address"]?.["country"] !== "string") return h.invalid("billing_required");
    if (typeof body["success_url"] !== "string") return h.invalid("success_url_required");
    if (typeof body["failure_url"] !== "string") return h.invalid("failure_url_required");
    const id = `ps_${randomString(27, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`;
    return {
      status: 201,
      json: {
        id,
        payment_session_token: Buffer.from(JSON.stringify({ id })).toString("base64"),
        payment_session_secret: `pss_${crypto.randomUUID()}`,
        _links: { self: { href: `${h.ctx.origin}${h.ctx.mountPrefix}/payment-sessions/${id}` } },
      },
    };
  }

  function upload(req: EmuRequest): EmuResponse {
    const type = String(req.headers["content-type"] ?? "");
    const boundary = /boundary=([^;]+)/.exec(type)?.[1];
    if (!type.startsWith("multipart/form-data") || !boundary) return h.invalid("file_required");
    const parts = req.rawBody.split(`--${boundary}`).slice(1, -1);
    const field = (name: string) => parts.find((p) => p.includes(`name="${name}"`));
    const purpose = field("purpose")?.split("\r\n\r\n")[1]?.replace(/\r\n$/, "");
    if (purpose !== "dispute_evidence") return h.invalid("purpose_invalid");
    const file = field("file");
    const fileType = /Content-Type: ([^\r\n]+)/i.exec(file ?? "")?.[1];
    if (!file || !fileType) return h.invalid("file_required");
    if (!["image/jpeg", "image/png", "application/pdf"].includes(fileType)) return h.invalid("file_type_invalid");
    const id = cko("file");
    files.add(id);
    return { status: 200, json: { id, _links: { self: { href: `${h.ctx.origin}${h.ctx.mountPrefix}/files/${id}` } } } };
  }

  /** Routes of these calls, or undefined. The caller checked the key. */
  function route(req: EmuRequest): EmuResponse | undefined {
    if (req.path === "/files" && req.method === "POST") return upload(req);
    const parse = (): Json | null => {
      try {
        const b = req.rawBody.trim() === "" ? {} : (JSON.parse(req.rawBody) as Json);
        return b !== null && typeof b === "object" && !Array.isArray(b) ? b : null;
      } catch {
        return null;
      }
    };
    if (req.path === "/payment-sessions" && req.method === "POST") {
      const body = parse();
      return body ? session(body) : h.invalid("request_body_malformed");
    }
    const reversal = /^\/payments\/(pay_\w+)\/reversals$/.exec(req.path);
    if (reversal && req.method === "POST") {
      const p = h.payments.get(reversal[1]!);
      if (!p) return { status: 404, text: "" };
      const body = parse();
      if (!body) return h.invalid("request_body_malformed");
      const reference = typeof body["reference"] === "string" ? body["reference"] : undefined;
      if (reference !== undefined && reference.length > 50) return h.invalid("reference_invalid");
      const asked = reference === undefined ? {} : { reference };
      if (p.ledger.refundable > 0) return h.refund(p, asked);
      return h.voidPayment(p, asked);
    }
    const m = /^\/disputes\/([^/]+)(?:\/(accept|evidence))?$/.exec(req.path);
    if (!m) return undefined;
    const d = disputes.get(decodeURIComponent(m[1]!));
    if (!d) return { status: 404, text: "" };
    const action = m[2];
    if (!action && req.method === "GET") return { status: 200, json: view(d) };
    if (action === "evidence" && req.method === "GET") return { status: 200, json: (d.evidence ?? {}) as Json };
    if (!action) return { status: 404, text: "" };
    if (d.status !== "evidence_required") return { status: 403, text: "" };
    const touch = (status?: string) => {
      if (status) d.status = status;
      d.last_update = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    };
    if (action === "accept" && req.method === "POST") {
      touch("accepted");
      notifyDispute("dispute_accepted", d);
      return { status: 204, text: "" };
    }
    if (action === "evidence" && req.method === "PUT") {
      const body = parse();
      if (!body) return h.invalid("request_body_malformed");
      const fields = Object.entries(body as Record<string, unknown>);
      const unknown = fields.find(([k, v]) => !EVIDENCE_FIELDS.has(k) || typeof v !== "string");
      if (unknown) return h.invalid(`${unknown[0]}_invalid`);
      const badFile = fields.find(([k, v]) => k.endsWith("_file") && !files.has(v as string));
      if (badFile) return h.invalid(`${badFile[0]}_invalid`);
      const longText = fields.find(([k, v]) => k.endsWith("_text") && (v as string).length > 500);
      if (longText) return h.invalid(`${longText[0]}_invalid`);
      d.evidence = { ...(d.evidence ?? {}), ...(body as Record<string, string>) };
      touch();
      return { status: 204, text: "" };
    }
    if (action === "evidence" && req.method === "POST") {
      if (!d.evidence || Object.keys(d.evidence).length === 0) return h.invalid("evidence_required");
      touch("evidence_under_review");
      notifyDispute("dispute_evidence_submitted", d);
      return { status: 204, text: "" };
    }
    return { status: 404, text: "" };
  }

  return { route, captured };
}

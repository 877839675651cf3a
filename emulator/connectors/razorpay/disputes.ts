// Razorpay emulator: the Disputes and Documents APIs (razorpay.com/docs/api/disputes, .../documents;
// the SDK's documents/disputes.md and documents.md):
// - `GET /v1/disputes/{id}`: the dispute entity;
// - `POST /v1/disputes/{id}/accept`: `open` → `lost` ("Accepting a dispute is irreversible"),
//   `amount_deducted` the dispute's amount;
// - `PATCH /v1/disputes/{id}/contest`: the evidence (summary of at most 1000 characters, lists of
//   document ids, `others`), saved as a draft (`action` absent or `draft`) or submitted (`submit`:
//   at least one document id across the evidence, `open` → `under_review`, `submitted_at` set);
//   only an open dispute takes either ("Action not allowed when dispute is in <status> status");
// - `POST /v1/documents`: multipart `file` (jpg, jpeg, png, pdf) and `purpose=dispute_evidence`,
//   answered with the document (`doc_...`); a contest may name only documents uploaded here.
// - emulator-only: `POST /_emulator/dispute/<paymentId>` opens a chargeback on a captured payment
//   (respond within 7 days); `POST /_emulator/dispute/<id>/resolve?outcome=won|lost` decides one
//   under review.
import { ALNUM, randomString } from "../../core/ids.js";
import { isObject, type Json } from "../../core/json.js";
import type { EmuRequest, EmuResponse } from "../../core/types.js";

const LISTS = [
  "shipping_proof",
  "billing_proof",
  "cancellation_proof",
  "customer_communication",
  "proof_of_service",
  "explanation_letter",
  "refund_confirmation",
  "access_activity_log",
  "refund_cancellation_policy",
  "term_and_conditions",
] as const;
const DOCUMENT_TYPES = ["image/jpg", "image/jpeg", "image/png", "application/pdf"];

interface Dispute {
  id: string;
  payment_id: string;
  amount: number;
  currency: string;
  amount_deducted: number;
  reason_code: string;
  respond_by: number;
  status: "open" | "under_review" | "won" | "lost" | "closed";
  phase: string;
  created_at: number;
  evidence: Json;
}

/** What the disputes need of a payment: its amount and whether it was captured. */
export interface DisputedPayment {
  amount: number;
  currency: string;
  captured: boolean;
}

const now = () => Math.floor(Date.now() / 1000);

function bad(description: string, field: string | null = null): EmuResponse {
  return {
    status: 400,
    json: { error: { code: "BAD_REQUEST_ERROR", description, source: "business", step: "payment_initiation", reason: "input_validation_failed", metadata: {}, field } },
  };
}

function emptyEvidence(amount: number): Json {
  const e: Json = { amount, summary: null };
  for (const l of LISTS) e[l] = null;
  e.others = null;
  e.submitted_at = null;
  return e;
}

export function createRazorpayDisputes(paymentOf: (id: string) => DisputedPayment | undefined, emit: (event: string, payload: Json) => void) {
  const disputes = new Map<string, Dispute>();
  const documents = new Set<string>();
  const entity = (d: Dispute): Json => ({ ...d, entity: "dispute" });
  const notify = (d: Dispute) => emit(`payment.dispute.${d.status === "open" ? "created" : d.status}`, { dispute: { entity: entity(d) } });

  function document(req: EmuRequest): EmuResponse {
    const boundary = /boundary=([^;]+)/.exec(String(req.headers["content-type"] ?? ""))?.[1];
    if (!boundary) return bad("The file field is required.", "file");
    const parts = new Map<string, { filename?: string; type?: string; body: string }>();
    for (const chunk of req.rawBody.split(`--${boundary}`)) {
      const at = chunk.indexOf("\r\n\r\n");
      if (at < 0) continue;
      const head = chunk.slice(0, at);
      const name = /name="([^"]*)"/.exec(head)?.[1];
      if (name) parts.set(name, { filename: /filename="([^"]*)"/.exec(head)?.[1], type: /Content-Type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim(), body: chunk.slice(at + 4).replace(/\r\n$/, "") });
    }
    if (parts.get("purpose")?.body !== "dispute_evidence") return bad("The purpose field is required.", "purpose");
    const file = parts.get("file");
    if (!file || !file.filename) return bad("The file field is required.", "file");
    if (!DOCUMENT_TYPES.includes(file.type ?? "")) return bad("The file must be a file of type: jpg, jpeg, png, pdf.", "file");
    const id = `doc_${randomString(14, ALNUM)}`;
    documents.add(id);
    return {
      status: 200,
      json: { id, entity: "document", purpose: "dispute_evidence", name: file.filename, mime_type: file.type ?? null, size: Buffer.byteLength(file.body, "latin1"), created_at: now() },
    };
  }

  function contest(d: Dispute, body: Json): EmuResponse {
    if (d.status !== "open") return bad(`Action not allowed when dispute is in ${d.status} status`);
    if (now() > d.respond_by) return bad("Action not allowed as deadline to respond has elapsed");
    const action = body.action ?? "draft";
    if (action !== "draft" && action !== "submit") return bad("The selected action is invalid.", "action");
    const known = new Set<string>(["amount", "summary", "others", "action", ...LISTS]);
    const unknown = Object.keys(body).find((k) => !known.has(k));
    if (unknown) return bad(`${unknown} is/are not required and should not be sent`, unknown);
    const ids: string[] = [];
    for (const l of LISTS) {
      const v = body[l];
      if (v === undefined) continue;
      if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) return bad(`The ${l} must be an array.`, l);
      ids.push(...(v as string[]));
    }
    if (body.others !== undefined) {
      if (!Array.isArray(body.others) || !body.others.every((o) => isObject(o) && typeof o.type === "string" && Array.isArray(o.document_ids))) {
        return bad("The others must be a list of {type, document_ids}.", "others");
      }
      for (const o of body.others as Array<{ document_ids: string[] }>) ids.push(...o.document_ids);
    }
    if (ids.some((id) => !documents.has(id))) return bad("Invalid file id provided or merchant is unauthorized to access the fileId(s) provided");
    if (body.summary !== undefined && (typeof body.summary !== "string" || body.summary.length > 1000)) return bad("The summary may not be greater than 1000 characters.", "summary");
    if (body.amount !== undefined && (typeof body.amount !== "number" || body.amount > d.amount)) return bad("contest amount cannot be greater than dispute amount");
    for (const [k, v] of Object.entries(body)) if (k !== "action") d.evidence[k] = v;
    if (action === "submit") {
      const saved = [...LISTS.flatMap((l) => (Array.isArray(d.evidence[l]) ? (d.evidence[l] as string[]) : [])), ...(Array.isArray(d.evidence.others) ? (d.evidence.others as Array<{ document_ids: string[] }>).flatMap((o) => o.document_ids) : [])];
      if (saved.length === 0) return bad("At least one document is required to submit the dispute");
      d.status = "under_review";
      d.evidence.submitted_at = now();
      notify(d);
    }
    return { status: 200, json: entity(d) };
  }

  return {
    /** The emulator-only routes (no credentials). */
    emulatorRoute(req: EmuRequest): EmuResponse | undefined {
      const open = /^\/_emulator\/dispute\/(pay_[A-Za-z0-9]+)$/.exec(req.path);
      if (req.method === "POST" && open) {
        const p = paymentOf(open[1]!);
        if (!p || !p.captured) return { status: 409, json: { error: "no such captured payment" } };
        const created = now();
        const d: Dispute = {
          id: `disp_${randomString(14, ALNUM)}`,
          payment_id: open[1]!,
          amount: p.amount,
          currency: p.currency,
          amount_deducted: 0,
          reason_code: "chargeback",
          respond_by: created + 7 * 86_400,
          status: "open",
          phase: "chargeback",
          created_at: created,
          evidence: emptyEvidence(p.amount),
        };
        disputes.set(d.id, d);
        notify(d);
        return { status: 200, json: entity(d) };
      }
      const resolve = /^\/_emulator\/dispute\/(disp_[A-Za-z0-9]+)\/resolve$/.exec(req.path);
      if (req.method === "POST" && resolve) {
        const d = disputes.get(resolve[1]!);
        const outcome = req.query.get("outcome");
        if (!d || d.status !== "under_review" || (outcome !== "won" && outcome !== "lost")) return { status: 409, json: { error: "not under_review, or no outcome=won|lost" } };
        d.status = outcome;
        if (outcome === "lost") d.amount_deducted = d.amount;
        notify(d);
        return { status: 200, json: entity(d) };
      }
      return undefined;
    },

    /** The API's routes (after index.ts checked the credentials). */
    route(req: EmuRequest, body: () => Json | null): EmuResponse | undefined {
      if (req.method === "POST" && req.path === "/v1/documents") return document(req);
      const m = /^\/v1\/disputes\/([^/]+)(\/accept|\/contest)?$/.exec(req.path);
      if (!m) return undefined;
      const d = disputes.get(decodeURIComponent(m[1]!));
      if (!d) return bad("The id provided does not exist");
      if (req.method === "GET" && !m[2]) return { status: 200, json: entity(d) };
      if (req.method === "POST" && m[2] === "/accept") {
        if (d.status !== "open") return bad(`Action not allowed when dispute is in ${d.status} status`);
        d.status = "lost";
        d.amount_deducted = d.amount;
        notify(d);
        return { status: 200, json: entity(d) };
      }
      if (req.method === "PATCH" && m[2] === "/contest") {
        const b = body();
        return b === null ? bad("The request body is not valid JSON.") : contest(d, b);
      }
      return bad("The requested URL was not found on the server.");
    },
  };
}

// PayPal emulator, issue 12 calls: Vault v3 "Delete payment token",
// `DELETE /v3/vault/payment-tokens/{id}`: 204 No Content; an unknown (or already deleted) token is
// 404 RESOURCE_NOT_FOUND / INVALID_RESOURCE_ID. An order on a deleted vault_id is then refused
// with 422 INVALID_RESOURCE_ID (index.ts).
import type { EmuRequest, EmuResponse } from "../../core/types.js";

export function paypalIssue12Route(req: EmuRequest, vaultTokens: Map<string, unknown>, notFound: () => EmuResponse): EmuResponse | undefined {
  const m = /^\/v3\/vault\/payment-tokens\/([^/]+)$/.exec(req.path);
  if (!m || req.method !== "DELETE") return undefined;
  return vaultTokens.delete(decodeURIComponent(m[1]!)) ? { status: 204, text: "" } : notFound();
}

// ---------- Customer Disputes v1 ----------
//
// Shapes from customer_disputes_v1.json (dispute, subsequent_action, evidence) and PayPal's error
// format. Opening a dispute is the buyer's (or the issuer's) act, which no merchant API does:
// EMULATOR-ONLY `POST /_emulator/disputes {capture_id, reason?}` plays it (a chargeback
// WAITING_FOR_SELLER_RESPONSE, CUSTOMER.DISPUTE.CREATED), and `POST
// /_emulator/disputes/{id}/resolve?outcome=...` plays PayPal deciding (CUSTOMER.DISPUTE.RESOLVED).
// The merchant's calls: GET /v1/customer/disputes/{id}; POST .../accept-claim (JSON with the
// required `note`, multipart or JSON: RESOLVED / ACCEPTED); POST .../provide-evidence (multipart: an `input` JSON part
// with `evidences`, each document named by an uploaded file part: UNDER_REVIEW,
// CUSTOMER.DISPUTE.UPDATED). Either on a dispute not waiting for the merchant: 422.
import type { Json } from "../../core/json.js";

interface Dispute {
  dispute_id: string;
  create_time: string;
  update_time: string;
  reason: string;
  status: string;
  dispute_amount: { currency_code: string; value: string };
  dispute_life_cycle_stage: string;
  dispute_channel: string;
  seller_response_due_date: string;
  disputed_transactions: Json[];
  dispute_outcome?: { outcome_code: string };
  evidences: Json[];
}

export interface PayPalDisputeHooks {
  api(): string;
  capture(id: string): { id: string; amount: { currency_code: string; value: string }; customId?: string } | undefined;
  sendEvent(eventType: string, resourceType: string, resource: Json, summary: string): void;
  unprocessable(issue: string, field?: string): EmuResponse;
  invalidRequest(issue: string, field: string): EmuResponse;
  notFound(): EmuResponse;
}

const OUTCOMES = new Set(["RESOLVED_BUYER_FAVOUR", "RESOLVED_SELLER_FAVOUR", "RESOLVED_WITH_PAYOUT", "CANCELED_BY_BUYER", "ACCEPTED", "DENIED"]);

export function createPayPalDisputes(h: PayPalDisputeHooks) {
  const disputes = new Map<string, Dispute>();
  let seq = 27803;

  function json(d: Dispute): Json {
    const base = `${h.api()}/v1/customer/disputes/${d.dispute_id}`;
    const links: Json[] = [{ href: base, rel: "self", method: "GET" }];
    if (d.status === "WAITING_FOR_SELLER_RESPONSE") {
      links.push({ href: `${base}/accept-claim`, rel: "accept_claim", method: "POST" });
      links.push({ href: `${base}/provide-evidence`, rel: "provide_evidence", method: "POST" });
    }
    return { ...d, links } as unknown as Json;
  }

  const stamp = (d: Dispute) => (d.update_time = new Date().toISOString());
  const action = (d: Dispute): EmuResponse => ({ status: 200, json: { links: [{ href: `${h.api()}/v1/customer/disputes/${d.dispute_id}`, rel: "self", method: "GET" }] } });

  function open(body: Json): EmuResponse {
    const c = h.capture(String(body["capture_id"] ?? ""));
    if (!c) return h.notFound();
    const created = new Date();
    const d: Dispute = {
      dispute_id: `PP-D-${++seq}`,
      create_time: created.toISOString(),
      update_time: created.toISOString(),
      reason: typeof body["reason"] === "string" ? body["reason"] : "MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
      status: "WAITING_FOR_SELLER_RESPONSE",
      dispute_amount: c.amount,
      dispute_life_cycle_stage: "CHARGEBACK",
      dispute_channel: "EXTERNAL",
      seller_response_due_date: new Date(created.getTime() + 10 * 86_400_000).toISOString(),
      disputed_transactions: [{ seller_transaction_id: c.id, gross_amount: c.amount, ...(c.customId ? { custom: c.customId } : {}) }],
      evidences: [],
    };
    disputes.set(d.dispute_id, d);
    h.sendEvent("CUSTOMER.DISPUTE.CREATED", "dispute", json(d), `A new dispute opened with Case # ${d.dispute_id}`);
    return { status: 201, json: json(d) };
  }

  function resolve(d: Dispute, outcome: string): void {
    d.status = "RESOLVED";
    d.dispute_outcome = { outcome_code: outcome };
    stamp(d);
    h.sendEvent("CUSTOMER.DISPUTE.RESOLVED", "dispute", json(d), `A dispute was resolved with case # ${d.dispute_id}`);
  }

  function provideEvidence(d: Dispute, req: EmuRequest): EmuResponse {
    const type = String(req.headers["content-type"] ?? "");
    const boundary = /boundary=([^;]+)/.exec(type)?.[1];
    if (!type.startsWith("multipart/form-data") || !boundary) return h.invalidRequest("INVALID_CONTENT_TYPE", "/");
    const parts = req.rawBody.split(`--${boundary}`).slice(1, -1);
    const input = parts.find((p) => /name="input"/.test(p));
    let evidences: Json[];
    try {
      evidences = (JSON.parse(input!.slice(input!.indexOf("\r\n\r\n") + 4).replace(/\r\n$/, "")) as { evidences: Json[] }).evidences;
      if (!Array.isArray(evidences) || evidences.length === 0) throw new Error("none");
    } catch {
      return h.invalidRequest("MISSING_REQUIRED_PARAMETER", "/evidences");
    }
    const uploaded = parts.filter((p) => /name="evidence-file"/.test(p)).map((p) => /filename="([^"]*)"/.exec(p)?.[1]);
    for (const [i, e] of evidences.entries()) {
      if (typeof e["evidence_type"] !== "string" || !/^[0-9A-Z_]+$/.test(e["evidence_type"])) return h.invalidRequest("INVALID_EVIDENCE_TYPE", `/evidences/${i}/evidence_type`);
      for (const doc of (e["documents"] ?? []) as Json[]) {
        if (!uploaded.includes(String(doc["name"]))) return h.invalidRequest("MISSING_REQUIRED_PARAMETER", `/evidences/${i}/documents`);
      }
      if (typeof e["notes"] === "string" && e["notes"].length > 2000) return h.invalidRequest("INVALID_STRING_MAX_LENGTH", `/evidences/${i}/notes`);
    }
    d.evidences.push(...evidences);
    d.status = "UNDER_REVIEW";
    stamp(d);
    h.sendEvent("CUSTOMER.DISPUTE.UPDATED", "dispute", json(d), `A dispute was updated with case # ${d.dispute_id}`);
    return action(d);
  }

  /** Emulator controls (before the bearer check). */
  function control(req: EmuRequest): EmuResponse | undefined {
    if (req.path === "/_emulator/disputes" && req.method === "POST") {
      try {
        return open(JSON.parse(req.rawBody || "{}") as Json);
      } catch {
        return h.invalidRequest("MALFORMED_REQUEST_JSON", "/");
      }
    }
    const m = /^\/_emulator\/disputes\/([^/]+)\/resolve$/.exec(req.path);
    if (m && req.method === "POST") {
      const d = disputes.get(decodeURIComponent(m[1]!));
      const outcome = req.query.get("outcome") ?? "";
      if (!d || !OUTCOMES.has(outcome)) return h.notFound();
      resolve(d, outcome);
      return { status: 200, json: json(d) };
    }
    return undefined;
  }

  /** The merchant's calls (after the bearer check); undefined when not a dispute path. */
  function route(req: EmuRequest): EmuResponse | undefined {
    const m = /^\/v1\/customer\/disputes\/([^/]+)(?:\/(accept-claim|provide-evidence))?$/.exec(req.path);
    if (!m) return undefined;
    const d = disputes.get(decodeURIComponent(m[1]!));
    if (!d) return h.notFound();
    if (!m[2]) return req.method === "GET" ? { status: 200, json: json(d) } : h.notFound();
    if (req.method !== "POST") return h.notFound();
    if (d.status !== "WAITING_FOR_SELLER_RESPONSE") return h.unprocessable("ACTION_NOT_ALLOWED_IN_CURRENT_STATE");
    if (m[2] === "provide-evidence") return provideEvidence(d, req);
    // accept-claim is multipart (an `input` JSON part, optionally a document) in the spec; JSON is taken too.
    let body: Json;
    try {
      const boundary = /boundary=([^;]+)/.exec(String(req.headers["content-type"] ?? ""))?.[1];
      const input = boundary ? req.rawBody.split(`--${boundary}`).find((p) => /name="input"/.test(p)) : undefined;
      const text = input ? input.slice(input.indexOf("\r\n\r\n") + 4).replace(/\r\n$/, "") : req.rawBody || "{}";
      body = JSON.parse(text) as Json;
    } catch {
      return h.invalidRequest("MALFORMED_REQUEST_JSON", "/");
    }
    if (typeof body["note"] !== "string" || body["note"].length === 0) return h.invalidRequest("MISSING_REQUIRED_PARAMETER", "/note");
    if (body["note"].length > 2000) return h.invalidRequest("INVALID_STRING_MAX_LENGTH", "/note");
    resolve(d, "ACCEPTED");
    return action(d);
  }

  return { control, route };
}

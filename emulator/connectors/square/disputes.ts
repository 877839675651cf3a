// Square emulator, issue 12's Disputes API (oracles/square/api.json; docs: developer.squareup.com/docs/disputes-api/process-disputes):
// - RetrieveDispute `GET /v2/disputes/{id}`, AcceptDispute `POST .../accept` (to ACCEPTED),
//   CreateDisputeEvidenceText `POST .../evidence-text` ({idempotency_key (1-45), evidence_type,
//   evidence_text (1-500)}; a key repeated with the same body answers the same evidence, with
//   another body IDEMPOTENCY_KEY_REUSED), SubmitEvidence `POST .../submit-evidence` (to PROCESSING).
//   Only a dispute that still needs a response (EVIDENCE_REQUIRED, INQUIRY_EVIDENCE_REQUIRED) takes
//   them; otherwise 400 BAD_REQUEST. CreateDisputeEvidenceFile `POST .../evidence-files`: multipart,
//   a `request` part of type application/json ({idempotency_key, evidence_type?, content_type?}) and
//   an `image_file` part (HEIC, HEIF, JPEG, PDF, PNG, TIFF), answering the evidence with `evidence_file`.
// - emulator-only: `POST /_emulator/dispute/<paymentId>` opens one (EVIDENCE_REQUIRED, reason
//   NO_KNOWLEDGE, the payment's amount, due in 14 days); `POST /_emulator/dispute/<id>/resolve?outcome=won|lost`
//   decides one in PROCESSING.
import { randomBytes } from "node:crypto";
import type { EmuRequest, EmuResponse } from "../../core/types.js";
import type { Json } from "../../core/json.js";

const EVIDENCE_TYPES = new Set([
  "GENERIC_EVIDENCE", "ONLINE_OR_APP_ACCESS_LOG", "AUTHORIZATION_DOCUMENTATION", "CANCELLATION_OR_REFUND_DOCUMENTATION", "CARDHOLDER_COMMUNICATION",
  "CARDHOLDER_INFORMATION", "PURCHASE_ACKNOWLEDGEMENT", "DUPLICATE_CHARGE_DOCUMENTATION", "PRODUCT_OR_SERVICE_DESCRIPTION", "RECEIPT",
  "SERVICE_RECEIVED_DOCUMENTATION", "PROOF_OF_DELIVERY_DOCUMENTATION", "RELATED_TRANSACTION_DOCUMENTATION", "REBUTTAL_EXPLANATION", "TRACKING_NUMBER",
]);

const err = (status: number, code: string, detail: string, field?: string): EmuResponse => ({
  status,
  json: { errors: [{ category: "INVALID_REQUEST_ERROR", code, detail, ...(field ? { field } : {}) }] },
});

export function createSquareDisputes(payments: Map<string, Json>) {
  const disputes = new Map<string, Record<string, unknown>>();
  const keys = new Map<string, { body: string; evidence: Json }>();
  const needsResponse = (d: Record<string, unknown>) => d["state"] === "EVIDENCE_REQUIRED" || d["state"] === "INQUIRY_EVIDENCE_REQUIRED";
  const bump = (d: Record<string, unknown>, state: string) => {
    d["state"] = state;
    d["version"] = Number(d["version"]) + 1;
    d["updated_at"] = new Date().toISOString();
  };

  function evidenceFile(req: EmuRequest, id: string, d: Record<string, unknown>): EmuResponse {
    const boundary = /boundary=([^;]+)/.exec(String(req.headers["content-type"] ?? ""))?.[1];
    if (!boundary) return err(400, "BAD_REQUEST", "Expected a multipart/form-data body.");
    const parts = new Map<string, { filename?: string; type?: string; body: string }>();
    for (const chunk of req.rawBody.split(`--${boundary}`)) {
      const at = chunk.indexOf("\r\n\r\n");
      if (at < 0) continue;
      const head = chunk.slice(0, at);
      const name = /name="([^"]*)"/.exec(head)?.[1];
      if (name) parts.set(name, { filename: /filename="([^"]*)"/.exec(head)?.[1], type: /Content-Type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim(), body: chunk.slice(at + 4).replace(/\r\n$/, "") });
    }
    const requestPart = parts.get("request");
    if (!requestPart || !(requestPart.type ?? "").startsWith("application/json")) return err(400, "BAD_REQUEST", "The `request` part must be application/json.", "request");
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(requestPart.body);
    } catch {
      return err(400, "EXPECTED_JSON_BODY", "The request part is not a JSON object.", "request");
    }
    const unknown = Object.keys(body).find((k) => !["idempotency_key", "evidence_type", "content_type"].includes(k));
    if (unknown) return err(400, "BAD_REQUEST", `Unknown field \`${unknown}\`.`, unknown);
    const key = body["idempotency_key"];
    if (typeof key !== "string" || key.length < 1 || key.length > 45) return err(400, "INVALID_VALUE", "idempotency_key must be 1 to 45 characters.", "idempotency_key");
    const file = parts.get("image_file");
    const types = ["image/heic", "image/heif", "image/jpeg", "application/pdf", "image/png", "image/tiff"];
    if (!file || !file.filename || !types.includes(file.type ?? "")) return err(400, "INVALID_CONTENT_TYPE", "image_file must be HEIC, HEIF, JPEG, PDF, PNG or TIFF.", "image_file");
    const seen = keys.get(key);
    if (seen) return seen.body === requestPart.body ? { status: 200, json: { evidence: seen.evidence } } : err(400, "IDEMPOTENCY_KEY_REUSED", "The idempotency key was used with another request.");
    if (!needsResponse(d)) return err(400, "BAD_REQUEST", `The dispute is in state ${String(d["state"])} and takes no evidence.`);
    const evidence = { id: randomBytes(11).toString("base64url"), dispute_id: id, evidence_file: { filename: file.filename, filetype: file.type }, evidence_type: body["evidence_type"] ?? "GENERIC_EVIDENCE", uploaded_at: new Date().toISOString() };
    keys.set(key, { body: requestPart.body, evidence });
    return { status: 200, json: { evidence } };
  }

  return {
    /** The emulator-only routes (no credentials, like /_emulator/notify). */
    emulatorRoute(req: EmuRequest): EmuResponse | undefined {
      const open = /^\/_emulator\/dispute\/([^/]+)$/.exec(req.path);
      if (req.method === "POST" && open) {
        const paymentId = decodeURIComponent(open[1]!);
        const p = payments.get(paymentId) as { amount_money?: Json; location_id?: string } | undefined;
        if (!p) return { status: 404, json: { error: "no such payment" } };
        const id = randomBytes(11).toString("base64url");
        const now = new Date();
        const d = {
          id,
          amount_money: p.amount_money,
          reason: "NO_KNOWLEDGE",
          state: "EVIDENCE_REQUIRED",
          due_at: new Date(now.getTime() + 14 * 86_400_000).toISOString().slice(0, 10) + "T00:00:00.000Z",
          disputed_payment: { payment_id: paymentId },
          card_brand: "VISA",
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
          brand_dispute_id: String(100000000000 + Math.floor(Math.random() * 1e9)),
          reported_at: now.toISOString().slice(0, 10) + "T00:00:00.000Z",
          version: 1,
          location_id: p.location_id,
        };
        disputes.set(id, d);
        return { status: 200, json: { dispute: d } };
      }
      const resolve = /^\/_emulator\/dispute\/([^/]+)\/resolve$/.exec(req.path);
      if (req.method === "POST" && resolve) {
        const d = disputes.get(decodeURIComponent(resolve[1]!));
        const outcome = req.query.get("outcome");
        if (!d || d["state"] !== "PROCESSING" || (outcome !== "won" && outcome !== "lost")) return { status: 409, json: { error: "not in PROCESSING, or no outcome=won|lost" } };
        bump(d, outcome.toUpperCase());
        return { status: 200, json: { dispute: d } };
      }
      return undefined;
    },

    /** Square's dispute calls (after index.ts checked the access token). */
    route(req: EmuRequest): EmuResponse | undefined {
      const m = /^\/v2\/disputes\/([^/]+)(\/accept|\/evidence-text|\/evidence-files|\/submit-evidence)?$/.exec(req.path);
      if (!m) return undefined;
      const id = decodeURIComponent(m[1]!);
      const action = m[2] ?? "";
      const d = disputes.get(id);
      if (req.method === "GET" && action === "") return d ? { status: 200, json: { dispute: d } } : err(404, "NOT_FOUND", `Could not find dispute with id: ${id}`);
      if (req.method !== "POST" || action === "") return err(405, "METHOD_NOT_ALLOWED", "Method not allowed.");
      if (!d) return err(404, "NOT_FOUND", `Could not find dispute with id: ${id}`);
      if (action === "/evidence-files") return evidenceFile(req, id, d);
      if (action === "/evidence-text") {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(req.rawBody);
        } catch {
          return err(400, "EXPECTED_JSON_BODY", "The request body is not a JSON object.");
        }
        const unknown = Object.keys(body).find((k) => !["idempotency_key", "evidence_type", "evidence_text"].includes(k));
        if (unknown) return err(400, "BAD_REQUEST", `Unknown field \`${unknown}\`.`, unknown);
        const key = body["idempotency_key"];
        if (typeof key !== "string" || key.length < 1 || key.length > 45) return err(400, "INVALID_VALUE", "idempotency_key must be 1 to 45 characters.", "idempotency_key");
        const text = body["evidence_text"];
        if (typeof text !== "string" || text.length < 1 || text.length > 500) return err(400, "INVALID_VALUE", "evidence_text must be 1 to 500 characters.", "evidence_text");
        if (body["evidence_type"] !== undefined && !EVIDENCE_TYPES.has(String(body["evidence_type"]))) return err(400, "INVALID_ENUM_VALUE", "evidence_type is not a DisputeEvidenceType.", "evidence_type");
        const seen = keys.get(key);
        if (seen) return seen.body === req.rawBody ? { status: 200, json: { evidence: seen.evidence } } : err(400, "IDEMPOTENCY_KEY_REUSED", "The idempotency key was used with another request.");
        if (!needsResponse(d)) return err(400, "BAD_REQUEST", `The dispute is in state ${String(d["state"])} and takes no evidence.`);
        const evidence = { id: randomBytes(11).toString("base64url"), dispute_id: id, evidence_text: text, evidence_type: body["evidence_type"] ?? "GENERIC_EVIDENCE", uploaded_at: new Date().toISOString() };
        keys.set(key, { body: req.rawBody, evidence });
        return { status: 200, json: { evidence } };
      }
      if (req.rawBody.trim() !== "" && req.rawBody.trim() !== "{}") return err(400, "BAD_REQUEST", "This call takes no body.");
      if (!needsResponse(d)) return err(400, "BAD_REQUEST", `The dispute is in state ${String(d["state"])}.`);
      bump(d, action === "/accept" ? "ACCEPTED" : "PROCESSING");
      return { status: 200, json: { dispute: d } };
    },
  };
}

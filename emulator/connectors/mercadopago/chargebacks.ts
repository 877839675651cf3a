// Mercado Pago emulator: the Chargebacks API ("Manage chargebacks"; reference
// chargebacks/_chargebacks_id/get):
// - `GET /v1/chargebacks/{id}`: the case (id, payments, currency, amount in major units, reason,
//   coverage_applied, coverage_elegible, documentation_required, documentation_status,
//   documentation, date_documentation_deadline, date_created, date_last_updated, live_mode);
// - `POST /v1/chargebacks/{id}/documentation`: multipart `files[]` (.jpg, .png, .pdf, at most 10 MB
//   overall) while the deadline has not passed: 200, documentation_status `review_pending`.
// - emulator-only: `POST /_emulator/chargeback/<paymentId>` opens a case on an approved payment
//   (documentation pending, due in 10 days); `POST /_emulator/chargeback/<id>/resolve?covered=true|false`
//   decides one (coverage_applied).
import { DIGITS, randomString } from "../../core/ids.js";
import type { Json } from "../../core/json.js";
import type { EmuRequest, EmuResponse } from "../../core/types.js";

const TYPES = ["image/jpeg", "image/jpg", "image/png", "application/pdf"];
const MAX_BYTES = 10 * 1024 * 1024;

interface Chargeback {
  id: string;
  payments: number[];
  currency: string;
  amount: number;
  reason: string;
  coverage_applied: boolean | null;
  coverage_elegible: boolean;
  documentation_required: boolean;
  documentation_status: string;
  documentation: Json[];
  date_documentation_deadline: string;
  date_created: string;
  date_last_updated: string;
  live_mode: boolean;
}

/** Mercado Pago writes local times with their offset (here UTC-4, as its examples). */
const local = (ms: number) => new Date(ms - 4 * 3_600_000).toISOString().replace("Z", "-04:00");

export function createMercadopagoChargebacks(
  paymentOf: (id: number) => { amount: number; currency: string; approved: boolean } | undefined,
  fail: (status: number, message: string, code?: number) => EmuResponse,
) {
  const cases = new Map<string, Chargeback & { deadline: number }>();
  const view = (c: Chargeback & { deadline: number }): Json => {
    const { deadline: _d, ...out } = c;
    return JSON.parse(JSON.stringify(out)) as Json;
  };

  function documentation(req: EmuRequest, c: Chargeback & { deadline: number }): EmuResponse {
    if (Date.now() > c.deadline) return fail(400, "The documentation deadline has passed", 1);
    if (c.coverage_applied !== null) return fail(400, "The chargeback is already resolved", 1);
    const boundary = /boundary=([^;]+)/.exec(String(req.headers["content-type"] ?? ""))?.[1];
    if (!boundary) return fail(400, "Expected a multipart/form-data body with files[]", 1);
    const files: Array<{ filename: string; type: string; size: number }> = [];
    for (const chunk of req.rawBody.split(`--${boundary}`)) {
      const at = chunk.indexOf("\r\n\r\n");
      if (at < 0) continue;
      const head = chunk.slice(0, at);
      if (/name="([^"]*)"/.exec(head)?.[1] !== "files[]") continue;
      const filename = /filename="([^"]*)"/.exec(head)?.[1] ?? "";
      const type = /Content-Type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? "";
      files.push({ filename, type, size: Buffer.byteLength(chunk.slice(at + 4).replace(/\r\n$/, ""), "latin1") });
    }
    if (files.length === 0) return fail(400, "files[] is required", 1);
    if (files.some((f) => !TYPES.includes(f.type) || f.filename === "")) return fail(400, "Files can be .jpg, .png or .pdf", 1);
    if (files.reduce((n, f) => n + f.size, 0) > MAX_BYTES) return fail(400, "Files should not exceed 10mb overall", 1);
    for (const f of files) c.documentation.push({ type: f.type, url: "", description: `File: ${f.filename}, Size: ${f.size}` });
    c.documentation_status = "review_pending";
    c.date_last_updated = local(Date.now());
    return { status: 200, json: {} };
  }

  return {
    emulatorRoute(req: EmuRequest): EmuResponse | undefined {
      const open = /^\/_emulator\/chargeback\/(\d+)$/.exec(req.path);
      if (req.method === "POST" && open) {
        const p = paymentOf(Number(open[1]));
        if (!p || !p.approved) return { status: 409, json: { error: "no such approved payment" } };
        const created = Date.now();
        const c = {
          id: "2340000" + randomString(11, DIGITS),
          payments: [Number(open[1])],
          currency: p.currency,
          amount: p.amount,
          reason: "fraud",
          coverage_applied: null,
          coverage_elegible: true,
          documentation_required: true,
          documentation_status: "pending",
          documentation: [],
          date_documentation_deadline: local(created + 10 * 86_400_000),
          date_created: local(created),
          date_last_updated: local(created),
          live_mode: false,
          deadline: created + 10 * 86_400_000,
        };
        cases.set(c.id, c);
        return { status: 200, json: view(c) };
      }
      const resolve = /^\/_emulator\/chargeback\/(\d+)\/resolve$/.exec(req.path);
      if (req.method === "POST" && resolve) {
        const c = cases.get(resolve[1]!);
        const covered = req.query.get("covered");
        if (!c || (covered !== "true" && covered !== "false")) return { status: 409, json: { error: "no such case, or no covered=true|false" } };
        c.coverage_applied = covered === "true";
        c.documentation_status = c.documentation.length > 0 ? (c.coverage_applied ? "valid" : "invalid") : "not_supplied";
        c.date_last_updated = local(Date.now());
        return { status: 200, json: view(c) };
      }
      return undefined;
    },

    route(req: EmuRequest, parts: string[]): EmuResponse | undefined {
      if (parts[0] !== "v1" || parts[1] !== "chargebacks") return undefined;
      const c = cases.get(parts[2] ?? "");
      if (!c) return fail(404, "Chargeback not found", 2000);
      if (parts.length === 3 && req.method === "GET") return { status: 200, json: view(c) };
      if (parts.length === 4 && parts[3] === "documentation" && req.method === "POST") return documentation(req, c);
      return fail(404, `${req.method} ${req.path} not found`);
    },
  };
}

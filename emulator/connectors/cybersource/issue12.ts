// Cybersource emulator, issue 12 calls:
// - Incremental Authorization, `PATCH /pts/v2/payments/{id}`: `orderInformation.amountDetails.additionalAmount`
//   raises an authorization that is neither captured nor reversed: 201 AUTHORIZED with the
//   increment's own id and `authorizedAmount` (the increment); 400 otherwise.
// - TMS deletes: `DELETE /tms/v2/customers/{customerId}/payment-instruments/{id}` and
//   `DELETE /tms/v1/paymentinstruments/{id}`: 204; 404 `{errors: [{type: notFound}]}` for an unknown
//   token (or one of another customer). A deleted instrument can no longer be charged (index.ts).
// - Void a Capture `POST /pts/v2/captures/{id}/voids` and Void a Payment `POST /pts/v2/payments/{id}/voids`
//   (a sale: the payment's id is its capture's): 201 VOIDED with `voidAmountDetails`, the void's own
//   id (Transaction Details shows `ics_void`). Nothing captured (an authorization only), a capture
//   voided already, or one whose payment was refunded (so settled): 400 INVALID_REQUEST NOT_VOIDABLE.
// - Microform Integration v2 capture context `POST /microform/v2/sessions`: `clientVersion` v2, one or
//   more `targetOrigins` (https://, or http://localhost; no path, no wildcard), `allowedCardNetworks`
//   and `allowedPaymentTypes`: 201 `application/jwt`, a JWT whose payload carries the origins and an
//   `exp` 15 minutes on (signed with an emulator key: the sidecar does not check it); 400
//   INVALID_REQUEST otherwise.
import { createHmac, randomUUID } from "node:crypto";
import type { EmuRequest, EmuResponse } from "../../core/types.js";
import { isObject, type Json } from "../../core/json.js";

interface Amount {
  minor: bigint;
  currency: string;
}

export interface Issue12Hooks {
  payments: Map<string, { id: string; authorized: Amount; captured: bigint; refunded: bigint; reversed: boolean; declined: boolean }>;
  instruments: Map<string, { customerId: string | null }>;
  parseAmount(text: unknown, currency: unknown): Amount | null;
  formatAmount(a: Amount): string;
  /** Records the increment as a transaction (`auth`) and returns its id. */
  recordIncrement(amount: Amount, code: string): string;
  /** The payment a capture (by the capture's id) was made on, and the amount captured. */
  captureOf(id: string): { paymentId: string; amount: Amount } | undefined;
  /** Records a void (`ics_void`, VOIDED) and returns its id. */
  recordVoid(amount: Amount, code: string): string;
  invalid(reason: string, message: string, details?: Array<{ field: string; reason: string }>): EmuResponse;
  now(): string;
}

const TMS_NOT_FOUND: EmuResponse = { status: 404, json: { errors: [{ type: "notFound", message: "The requested resource does not exist" }] } };

export function cybersourceIssue12Route(req: EmuRequest, body: Json, h: Issue12Hooks): EmuResponse | undefined {
  if (req.method === "POST" && req.path === "/microform/v2/sessions") return captureContext(body, h);
  const owned = /^\/tms\/v2\/customers\/([^/]+)\/payment-instruments\/([^/]+)$/.exec(req.path);
  const alone = /^\/tms\/v1\/paymentinstruments\/([^/]+)$/.exec(req.path);
  if (req.method === "DELETE" && (owned || alone)) {
    const id = decodeURIComponent((owned ? owned[2] : alone![1])!);
    const instrument = h.instruments.get(id);
    if (!instrument || (owned && instrument.customerId !== decodeURIComponent(owned[1]!))) return TMS_NOT_FOUND;
    h.instruments.delete(id);
    return { status: 204, text: "" };
  }
  const voidOf = /^\/pts\/v2\/(captures|payments)\/([^/]+)\/voids$/.exec(req.path);
  if (req.method === "POST" && voidOf) return voidCapture(voidOf[1] as "captures" | "payments", decodeURIComponent(voidOf[2]!), body, h);
  const increment = /^\/pts\/v2\/payments\/([^/]+)$/.exec(req.path);
  if (req.method === "PATCH" && increment) {
    const p = h.payments.get(decodeURIComponent(increment[1]!));
    if (!p || p.declined) return { status: 404, json: { submitTimeUtc: h.now(), status: "NOT_FOUND", reason: "MISSING_AUTH", message: "The requested resource does not exist" } };
    const order = isObject(body.orderInformation) ? body.orderInformation : {};
    const details = isObject(order.amountDetails) ? order.amountDetails : {};
    const amount = h.parseAmount(details.additionalAmount, details.currency);
    if (!amount || amount.minor <= 0n || amount.currency !== p.authorized.currency) {
      return h.invalid("INVALID_DATA", "Declined - One or more fields in the request contains invalid data", [
        { field: "orderInformation.amountDetails.additionalAmount", reason: "INVALID_DATA" },
      ]);
    }
    if (p.reversed) return h.invalid("AUTH_ALREADY_REVERSED", "Declined - The authorization has already been reversed.");
    if (p.captured > 0n) return h.invalid("TRANSACTION_ALREADY_SETTLED", "Declined - The authorization has been captured.");
    p.authorized = { minor: p.authorized.minor + amount.minor, currency: amount.currency };
    const code = isObject(body.clientReferenceInformation) ? String(body.clientReferenceInformation.code ?? "") : "";
    const id = h.recordIncrement(amount, code);
    return {
      status: 201,
      json: {
        _links: { self: { method: "GET", href: `/pts/v2/payments/${p.id}` } },
        clientReferenceInformation: { code },
        id,
        orderInformation: { amountDetails: { currency: amount.currency, authorizedAmount: h.formatAmount(amount) } },
        processorInformation: { approvalCode: "831000", responseCode: "00" },
        reconciliationId: id,
        status: "AUTHORIZED",
        submitTimeUtc: h.now(),
      },
    };
  }
  return undefined;
}

const voided = new Set<string>();

function voidCapture(kind: "captures" | "payments", id: string, body: Json, h: Issue12Hooks): EmuResponse {
  const missing: EmuResponse = { status: 404, json: { submitTimeUtc: h.now(), status: "NOT_FOUND", reason: "NOT_FOUND", message: "The requested resource does not exist" } };
  const capture = kind === "captures" ? h.captureOf(id) : undefined;
  const p = h.payments.get(capture ? capture.paymentId : id);
  if (!p || p.declined || (kind === "captures" && !capture)) return missing;
  const amount = capture ? capture.amount : { minor: p.captured, currency: p.authorized.currency };
  const notVoidable = () =>
    ({ status: 400, json: { submitTimeUtc: h.now(), status: "INVALID_REQUEST", reason: "NOT_VOIDABLE", message: "Declined - The capture or credit is not voidable because the capture or credit information has already been submitted to your processor. Or, you requested a void for a type of transaction that cannot be voided." } }) satisfies EmuResponse;
  if (amount.minor <= 0n || voided.has(capture ? id : p.id) || p.refunded > 0n) return notVoidable();
  voided.add(capture ? id : p.id);
  p.captured -= amount.minor;
  const code = isObject(body.clientReferenceInformation) ? String(body.clientReferenceInformation.code ?? "") : "";
  const voidId = h.recordVoid(amount, code);
  return {
    status: 201,
    json: {
      _links: { self: { method: "GET", href: `/pts/v2/voids/${voidId}` } },
      id: voidId,
      submitTimeUtc: h.now(),
      status: "VOIDED",
      clientReferenceInformation: { code },
      voidAmountDetails: { voidAmount: h.formatAmount(amount), originalTransactionAmount: h.formatAmount(amount), currency: amount.currency },
    },
  };
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

function captureContext(body: Json, h: Issue12Hooks): EmuResponse {
  const origins = body.targetOrigins;
  const originOk = (o: unknown) => typeof o === "string" && /^(https:\/\/[^/*?#@\s]+|http:\/\/localhost(:\d+)?)$/.test(o);
  if (body.clientVersion !== "v2") return h.invalid("INVALID_DATA", "Invalid clientVersion", [{ field: "clientVersion", reason: "INVALID_DATA" }]);
  if (!Array.isArray(origins) || origins.length === 0 || origins.length > 9 || !origins.every(originOk)) {
    return h.invalid("INVALID_DATA", "Invalid targetOrigins", [{ field: "targetOrigins", reason: "INVALID_DATA" }]);
  }
  const networks = body.allowedCardNetworks;
  if (!Array.isArray(networks) || networks.length === 0 || !networks.every((n) => typeof n === "string" && /^[A-Z]+$/.test(n))) {
    return h.invalid("INVALID_DATA", "Invalid allowedCardNetworks", [{ field: "allowedCardNetworks", reason: "INVALID_DATA" }]);
  }
  const types = body.allowedPaymentTypes;
  if (types !== undefined && (!Array.isArray(types) || !types.every((t) => t === "CARD" || t === "CHECK"))) {
    return h.invalid("INVALID_DATA", "Invalid allowedPaymentTypes", [{ field: "allowedPaymentTypes", reason: "INVALID_DATA" }]);
  }
  const iat = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ kid: "emu-flex", alg: "HS256" }));
  const payload = b64url(
    JSON.stringify({ jti: randomUUID(), iat, exp: iat + 900, type: "mf-2.0.0", ctx: [{ type: "mf-2.0.0", data: { targetOrigins: origins, allowedCardNetworks: networks, allowedPaymentTypes: types ?? ["CARD"], clientVersion: "v2" } }] }),
  );
  const signature = createHmac("sha256", "cybersource-emulator-flex").update(`${header}.${payload}`).digest("base64url");
  return { status: 201, headers: { "content-type": "application/jwt" }, text: `${header}.${payload}.${signature}` };
}

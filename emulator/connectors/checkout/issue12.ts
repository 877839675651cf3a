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

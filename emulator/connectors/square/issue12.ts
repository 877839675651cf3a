// Square emulator, issue 12 calls: DisableCard, `POST /v2/cards/{card_id}/disable` (no body): the
// card with `enabled: false` ("Disabling an already disabled card is allowed but has no effect");
// NOT_FOUND for an unknown card (api.json lists it as DisableCard's error). A disabled card then
// fails CreatePayment (index.ts).
import type { EmuRequest, EmuResponse } from "../../core/types.js";
import type { Json } from "../../core/json.js";

export function squareIssue12Route(
  req: EmuRequest,
  cards: Map<string, { card: Json }>,
  notFound: (kind: string, id: string) => EmuResponse,
): EmuResponse | undefined {
  const disable = /^\/v2\/cards\/([^/]+)\/disable$/.exec(req.path);
  if (!disable || req.method !== "POST") return undefined;
  const id = decodeURIComponent(disable[1]!);
  const saved = cards.get(id);
  if (!saved) return notFound("card", id);
  const card = saved.card as Record<string, unknown>;
  if (card["enabled"] !== false) saved.card = { ...card, enabled: false, version: Number(card["version"] ?? 1) + 1 } as Json;
  return { status: 200, json: { card: saved.card } };
}

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

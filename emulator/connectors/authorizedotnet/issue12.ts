// Authorize.Net emulator, issue 12 calls: `deleteCustomerPaymentProfileRequest` (CIM):
// merchantAuthentication, refId?, customerProfileId, customerPaymentProfileId, in that order.
// Ok / I00001 "Successful." when deleted; E00040 "The record cannot be found." for an unknown
// profile or payment profile. A deleted payment profile can no longer be charged (index.ts).
import type { EmuResponse } from "../../core/types.js";
import type { Json } from "../../core/json.js";

export const ISSUE12_ORDER: Record<string, string[]> = {
  deleteCustomerPaymentProfileRequest: ["merchantAuthentication", "clientId", "refId", "customerProfileId", "customerPaymentProfileId"],
};

export function authorizeDotNetIssue12(
  name: string,
  inner: Json,
  profiles: Map<string, { paymentProfiles: Map<string, unknown> }>,
  answer: (body: Json) => EmuResponse,
  apiError: (code: string, text: string, refId?: unknown) => EmuResponse,
): EmuResponse | undefined {
  if (name !== "deleteCustomerPaymentProfileRequest") return undefined;
  // The XML schema's sequence: elements out of order (or unknown) are refused as Authorize.Net does.
  const order = ISSUE12_ORDER[name]!;
  let last = -1;
  for (const key of Object.keys(inner)) {
    const at = order.indexOf(key);
    if (at < last || at < 0) return apiError("E00003", `The element '${name}' has invalid child element '${key}'.`);
    last = at;
  }
  const profile = profiles.get(String(inner["customerProfileId"] ?? ""));
  if (!profile || !profile.paymentProfiles.delete(String(inner["customerPaymentProfileId"] ?? ""))) {
    return apiError("E00040", "The record cannot be found.", inner["refId"]);
  }
  return answer({ ...(inner["refId"] ? { refId: inner["refId"] } : {}), messages: { resultCode: "Ok", message: [{ code: "I00001", text: "Successful." }] } });
}

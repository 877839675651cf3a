// Global Payments emulator: the processor's API on the loopback, as its docs describe it (cite them here).
// The shared machinery is in ../../core/ (ids, amounts, card checks, idempotency keys); this file
// keeps only Global Payments's wire format. Mounted at /globalpayments; `options.baseUrl` = `emulator.baseUrls.globalpayments`.
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";

export function createGlobalpaymentsEmulator(ctx: EmuContext): EmuMount {
  return {
    handle(req: EmuRequest): EmuResponse {
      // TODO(globalpayments): route the processor's endpoints; sign its webhooks for ctx.webhookTarget().
      ctx.log(`globalpayments: ${req.method} ${req.path} is not emulated yet`);
      return { status: 501, json: { error: "not emulated yet" } };
    },
  };
}

export const emulator: ConnectorEmulator = { create: createGlobalpaymentsEmulator };

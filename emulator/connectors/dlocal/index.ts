// dLocal emulator: the processor's API on the loopback, as its docs describe it (cite them here).
// The shared machinery is in ../../core/ (ids, amounts, card checks, idempotency keys); this file
// keeps only dLocal's wire format. Mounted at /dlocal; `options.baseUrl` = `emulator.baseUrls.dlocal`.
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";

export function createDlocalEmulator(ctx: EmuContext): EmuMount {
  return {
    handle(req: EmuRequest): EmuResponse {
      // TODO(dlocal): route the processor's endpoints; sign its webhooks for ctx.webhookTarget().
      ctx.log(`dlocal: ${req.method} ${req.path} is not emulated yet`);
      return { status: 501, json: { error: "not emulated yet" } };
    },
  };
}

export const emulator: ConnectorEmulator = { create: createDlocalEmulator };

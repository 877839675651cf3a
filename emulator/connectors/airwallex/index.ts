// Airwallex emulator: the processor's API on the loopback, as its docs describe it (cite them here).
// The shared machinery is in ../../core/ (ids, amounts, card checks, idempotency keys); this file
// keeps only Airwallex's wire format. Mounted at /airwallex; `options.baseUrl` = `emulator.baseUrls.airwallex`.
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";

export function createAirwallexEmulator(ctx: EmuContext): EmuMount {
  return {
    handle(req: EmuRequest): EmuResponse {
      // TODO(airwallex): route the processor's endpoints; sign its webhooks for ctx.webhookTarget().
      ctx.log(`airwallex: ${req.method} ${req.path} is not emulated yet`);
      return { status: 501, json: { error: "not emulated yet" } };
    },
  };
}

export const emulator: ConnectorEmulator = { create: createAirwallexEmulator };

// Worldpay emulator: the processor's API on the loopback, as its docs describe it (cite them here).
// The shared machinery is in ../../core/ (ids, amounts, card checks, idempotency keys); this file
// keeps only Worldpay's wire format. Mounted at /worldpay; `options.baseUrl` = `emulator.baseUrls.worldpay`.
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";

export function createWorldpayEmulator(ctx: EmuContext): EmuMount {
  return {
    handle(req: EmuRequest): EmuResponse {
      // TODO(worldpay): route the processor's endpoints; sign its webhooks for ctx.webhookTarget().
      ctx.log(`worldpay: ${req.method} ${req.path} is not emulated yet`);
      return { status: 501, json: { error: "not emulated yet" } };
    },
  };
}

export const emulator: ConnectorEmulator = { create: createWorldpayEmulator };

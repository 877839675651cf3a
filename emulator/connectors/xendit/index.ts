// Xendit emulator: the processor's API on the loopback, as its docs describe it (cite them here).
// The shared machinery is in ../../core/ (ids, amounts, card checks, idempotency keys); this file
// keeps only Xendit's wire format. Mounted at /xendit; `options.baseUrl` = `emulator.baseUrls.xendit`.
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";

export function createXenditEmulator(ctx: EmuContext): EmuMount {
  return {
    handle(req: EmuRequest): EmuResponse {
      // TODO(xendit): route the processor's endpoints; sign its webhooks for ctx.webhookTarget().
      ctx.log(`xendit: ${req.method} ${req.path} is not emulated yet`);
      return { status: 501, json: { error: "not emulated yet" } };
    },
  };
}

export const emulator: ConnectorEmulator = { create: createXenditEmulator };

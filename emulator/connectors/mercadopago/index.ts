// Mercado Pago emulator: the processor's API on the loopback, as its docs describe it (cite them here).
// The shared machinery is in ../../core/ (ids, amounts, card checks, idempotency keys); this file
// keeps only Mercado Pago's wire format. Mounted at /mercadopago; `options.baseUrl` = `emulator.baseUrls.mercadopago`.
import type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "../../core/types.js";

export function createMercadopagoEmulator(ctx: EmuContext): EmuMount {
  return {
    handle(req: EmuRequest): EmuResponse {
      // TODO(mercadopago): route the processor's endpoints; sign its webhooks for ctx.webhookTarget().
      ctx.log(`mercadopago: ${req.method} ${req.path} is not emulated yet`);
      return { status: 501, json: { error: "not emulated yet" } };
    },
  };
}

export const emulator: ConnectorEmulator = { create: createMercadopagoEmulator };

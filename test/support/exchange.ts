// The connector tests' round trip, as an app runs it: transformRequest → its own HTTP (fetch) →
// transformResponse. One definition for every connector test that talks to its emulator.
import assert from "node:assert/strict";

import { fetchExecutor } from "../../client/http.js";
import type { SidecarPool } from "../../client/pool.js";
import type { HttpResponse, PaymentResult, RefundResult, TransformRequestParams } from "../../protocol/index.js";

/**
 * A function that runs one flow of `connector` through the pool against the emulator at
 * `baseUrl()`, and checks the request went there (never to the processor). `pool` and `baseUrl`
 * are read at call time: tests start both in `before`.
 */
export function exchangeThrough(connector: string, auth: Record<string, string>, pool: () => SidecarPool, baseUrl: () => string) {
  return async function exchange<T = PaymentResult & RefundResult>(flow: string, request: Record<string, unknown>): Promise<T> {
    const base = baseUrl();
    const params = { connector, flow, auth, request, options: { baseUrl: base } } as unknown as TransformRequestParams;
    const http = await pool().transformRequest(params);
    assert.ok(http.url.startsWith(base), http.url);
    const response: HttpResponse = await fetchExecutor(http, { signal: AbortSignal.timeout(10_000) });
    return (await pool().transformResponse({ ...params, response } as never)) as T;
  };
}

/**
 * The high-level flows: transformRequest → HTTP (Node's fetch, or the app's executor) →
 * transformResponse. A timeout or network failure after the request may have left gives status
 * `unresolved` (sync later), never an exception: the caller must not retry a charge blindly.
 */
import type {
  AuthorizeRequest,
  HttpRequest,
  HttpResponse,
  Options,
  PaymentResult,
  PsyncRequest,
  TransformRequestParams,
} from "../protocol/index.js";
import { fetchExecutor, NotSentError, type HttpExecutor } from "./http.js";
import type { SidecarPool } from "./pool.js";

/** One step of a flow, for logging and the demo. Log it through `redact()`. */
export type FlowStep =
  | { step: "request"; connector: string; flow: string; http: HttpRequest; micros: number }
  | { step: "response"; connector: string; flow: string; http: HttpResponse; millis: number }
  | { step: "result"; connector: string; flow: string; result: PaymentResult; micros: number };

export interface FlowCall {
  connector: string;
  /** The connector's credentials (see listConnectors().authFields). */
  auth: Record<string, string>;
  options?: Options;
}

export interface PaymentsClientOptions {
  /** Sends the processor request; default Node's fetch. */
  http?: HttpExecutor;
  /** HTTP deadline in ms. Default 30,000. After it the result is `unresolved`. */
  httpTimeoutMs?: number;
  /** Receives each step (raw: pass it through `redact()` before logging). */
  onStep?: (step: FlowStep) => void;
}

export class PaymentsClient {
  constructor(
    readonly pool: SidecarPool,
    private readonly opts: PaymentsClientOptions = {},
  ) {}

  /** Authorizes (and, with automatic capture, charges) a payment. */
  authorize(call: FlowCall & { request: AuthorizeRequest }): Promise<PaymentResult> {
    return this.run({ ...call, flow: "authorize" } as TransformRequestParams);
  }

  /** Reads a payment's current status from the processor. */
  sync(call: FlowCall & { request: PsyncRequest }): Promise<PaymentResult> {
    return this.run({ ...call, flow: "psync" } as TransformRequestParams);
  }

  private async run(params: TransformRequestParams): Promise<PaymentResult> {
    const { connector, flow } = params;
    const t0 = process.hrtime.bigint();
    const http = await this.pool.transformRequest(params);
    this.opts.onStep?.({ step: "request", connector, flow, http, micros: micros(t0) });

    const t1 = Date.now();
    const timeoutMs = this.opts.httpTimeoutMs ?? 30_000;
    let response: HttpResponse;
    try {
      response = await (this.opts.http ?? fetchExecutor)(http, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      return transportFailure(e, timeoutMs, new URL(http.url).host);
    }
    this.opts.onStep?.({ step: "response", connector, flow, http: response, millis: Date.now() - t1 });

    const t2 = process.hrtime.bigint();
    const result = (await this.pool.transformResponse({ ...params, response } as never)) as PaymentResult;
    this.opts.onStep?.({ step: "result", connector, flow, result, micros: micros(t2) });
    return result;
  }
}

function micros(since: bigint): number {
  return Number((process.hrtime.bigint() - since) / 1000n);
}

/** What a failed HTTP exchange means for the money. */
function transportFailure(e: unknown, timeoutMs: number, host: string): PaymentResult {
  if (e instanceof NotSentError) {
    // The connection was never made: the processor cannot have acted on it.
    return {
      status: "failure",
      httpStatus: 0,
      error: { code: "processor_unavailable", message: e.message, connectorCode: null, connectorMessage: null },
    };
  }
  const timedOut = (e as Error)?.name === "TimeoutError" || (e as Error)?.name === "AbortError";
  const why = timedOut ? `no answer from ${host} within ${timeoutMs} ms` : `the connection to ${host} failed (${(e as Error)?.message ?? e})`;
  return {
    status: "unresolved",
    httpStatus: 0,
    error: {
      code: "processor_unavailable",
      message: `${why}; the request may have reached the processor: sync the payment before retrying`,
      connectorCode: null,
      connectorMessage: null,
    },
  };
}

/**
 * A stand-in for SidecarPool in client tests: records what the client sends and answers each
 * flow's transformResponse with a scripted result (a function of the params for results that
 * change from call to call).
 */
import assert from "node:assert/strict";
import type { ConnectorInfo, FlowName, HttpRequest, TransformRequestParams, TransformResponseParams } from "../../protocol/index.js";

export type Results = Partial<Record<FlowName, unknown>>;

export class ScriptedPool {
  readonly sent: TransformRequestParams[] = [];
  constructor(
    private readonly results: Results,
    private readonly connectors: ConnectorInfo[] = [connectorInfo("acme", ["authorize", "psync", "capture", "void", "refund", "rsync", "setupMandate", "repeatPayment"])],
  ) {}
  async listConnectors(): Promise<ConnectorInfo[]> {
    return this.connectors;
  }
  async transformRequest(params: TransformRequestParams): Promise<HttpRequest> {
    this.sent.push(structuredClone(params));
    return { url: `https://processor.test/${params.flow}`, method: "POST", headers: [], body: null };
  }
  async transformResponse(params: TransformResponseParams): Promise<unknown> {
    const r = this.results[params.flow];
    if (r === undefined) throw new Error(`no scripted result for ${params.flow}`);
    return typeof r === "function" ? (r as (p: TransformResponseParams) => unknown)(params) : r;
  }
  flows(): string[] {
    return this.sent.map((p) => p.flow);
  }
  request(flow: FlowName): Record<string, unknown> {
    const p = this.sent.find((x) => x.flow === flow);
    assert.ok(p, `${flow} was sent`);
    return p.request as Record<string, unknown>;
  }
}

export function connectorInfo(name: string, flows: string[], unsupportedFlows: { flow: string; reason: string }[] = []): ConnectorInfo {
  return {
    name,
    displayName: name.toUpperCase(),
    flows,
    unsupportedFlows,
    webhooks: false,
    paymentMethods: [{ type: "card", flows: ["authorize"] }],
    unsupportedPaymentMethods: [],
    authFields: [],
    sensitiveFields: [],
    environments: { sandbox: "https://processor.test", production: "https://processor.test" },
  };
}

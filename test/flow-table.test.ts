/**
 * The one flow table (protocol/index.ts FLOWS): every list of flows derives from it, and the types
 * stay as precise as when each list was written by hand. The type-level half is checked by
 * `npm run typecheck` (a @ts-expect-error that stops erring fails it).
 */
import assert from "node:assert/strict";
import {
  FLOW_REQUESTS,
  FLOW_RESULTS,
  FLOWS,
  FlowName,
  TransformRequestParams,
  TransformResponseParams,
  type FlowRequestOf,
  type FlowResultOf,
  type RefundRequest,
  type RefundResult,
} from "../protocol/index.js";

// Narrowing on `flow` gives that flow's request; a flow's result type is its own.
export function typeLevel(p: TransformRequestParams, q: TransformResponseParams): void {
  if (p.flow === "refund") {
    const r: RefundRequest = p.request;
    void r;
    // @ts-expect-error a refund request has no captureMethod
    void p.request.captureMethod;
  }
  if (q.flow === "authorize") void q.request.paymentMethod;
  const result: RefundResult = {} as FlowResultOf<"rsync">;
  const request: RefundRequest = {} as FlowRequestOf<"refund">;
  // @ts-expect-error not a flow
  const notAFlow: FlowName = "nope";
  void [result, request, notAFlow];
}

describe("the flow table (FLOWS)", () => {
  const names = Object.keys(FLOWS);

  it("FlowName, FLOW_REQUESTS and FLOW_RESULTS list the table's flows, in its order", () => {
    assert.deepEqual(FlowName.options, names);
    assert.deepEqual(Object.keys(FLOW_REQUESTS), names);
    assert.deepEqual(Object.keys(FLOW_RESULTS), names);
    for (const f of FlowName.options) {
      assert.equal(FLOW_REQUESTS[f], FLOWS[f].request, f);
      assert.equal(FLOW_RESULTS[f], FLOWS[f].result, f);
    }
  });

  it("transformRequest and transformResponse params have one member per flow, with that flow's request schema", () => {
    for (const union of [TransformRequestParams, TransformResponseParams]) {
      const members = union.options.map((o) => [o.shape.flow.value, o.shape.request]);
      assert.deepEqual(members.map(([f]) => f), names);
      for (const [f, request] of members) assert.equal(request, FLOWS[f as FlowName].request, String(f));
    }
  });
});

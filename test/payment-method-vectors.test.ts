/**
 * Issue 10, "Vectors for each (connector, type) pair, both directions": for every connector and
 * every payment-method type its `listConnectors` entry declares supported, test/vectors/<connector>/
 * must hold
 *  - a `transformRequest` vector of `authorize` with that `paymentMethod.type` that builds a request
 *    (a `result`, not a JSON-RPC error: a refusal is not a vector of the supported shape), and
 *  - a `transformResponse` vector of `authorize` whose `request` has that type and whose answer the
 *    sidecar reads into a result; for the types where the processor documents that the shopper
 *    acts elsewhere (bank redirects, wallet redirects, vouchers, BNPL), at least one such response
 *    must carry a `redirection` or a `nextAction` (redirect, voucher, QR code, approval in an app).
 *  - for each type the connector takes in `setupMandate`, one `setupMandate` request vector too.
 * A pair without its vectors fails here: the list of connectors comes from the binary, so a newly
 * declared type without vectors fails this test the day it is declared.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { findSidecarBinary } from "../client/binary.js";
import type { ConnectorInfo } from "../protocol/index.js";
import { jsonFilesUnder, VECTORS_DIR } from "./support/helpers.js";

/** Types whose documented answer sends the shopper elsewhere (a redirect, a voucher, a QR code or an app). */
const SHOPPER_ACTS_ELSEWHERE = new Set(["bankRedirect", "walletRedirect", "voucher", "bnpl", "upiIntent", "paypal", "mobileMoney", "bankTransfer"]);

interface Vector {
  method: string;
  params: { flow?: string; request?: { paymentMethod?: { type?: string } } };
  result?: { nextAction?: unknown; redirection?: unknown } & Record<string, unknown>;
  error?: unknown;
}

function listConnectors(): ConnectorInfo[] {
  const out = execFileSync(findSidecarBinary(), [], {
    input: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "listConnectors" }) + "\n",
    encoding: "utf8",
    stdio: ["pipe", "pipe", "ignore"],
  });
  const answer = JSON.parse(out.trim().split("\n")[0]!) as { result: ConnectorInfo[] };
  return answer.result;
}

const connectors = listConnectors();

function vectorsOf(name: string): Array<{ file: string; v: Vector }> {
  const dir = join(VECTORS_DIR, name);
  if (!existsSync(dir)) return [];
  return jsonFilesUnder(dir).map((file) => ({ file: relative(VECTORS_DIR, file), v: JSON.parse(readFileSync(file, "utf8")) as Vector }));
}

describe("payment-method vectors: every declared (connector, type) pair has vectors both ways", function () {
  it("lists connectors with payment methods", function () {
    assert.ok(connectors.length >= 10, `only ${connectors.length} connectors`);
    assert.ok(connectors.every((c) => c.paymentMethods.length > 0), "a connector declares no payment method");
  });

  for (const c of connectors) {
    describe(c.name, function () {
      const vectors = vectorsOf(c.name);
      const typed = (method: string, flow: string, type: string) =>
        vectors.filter(({ v }) => v.method === method && v.params.flow === flow && v.params.request?.paymentMethod?.type === type);

      for (const pm of c.paymentMethods) {
        it(`${pm.type}: a transformRequest vector of authorize builds its request`, function () {
          const built = typed("transformRequest", "authorize", pm.type).filter(({ v }) => v.result !== undefined);
          assert.ok(built.length > 0, `${c.name}/${pm.type}: no transformRequest vector of authorize with this type that has a result`);
        });

        it(`${pm.type}: a transformResponse vector of authorize reads the processor's answer`, function () {
          const read = typed("transformResponse", "authorize", pm.type).filter(({ v }) => v.result !== undefined);
          assert.ok(read.length > 0, `${c.name}/${pm.type}: no transformResponse vector of authorize with this type that has a result`);
          if (SHOPPER_ACTS_ELSEWHERE.has(pm.type)) {
            const acted = read.filter(({ v }) => v.result!.redirection !== undefined || v.result!.nextAction !== undefined);
            assert.ok(acted.length > 0,
              `${c.name}/${pm.type}: no response vector says what the shopper must do (redirection or nextAction); have ${read.map((r) => r.file).join(", ")}`);
          }
        });

        if (pm.flows.includes("setupMandate")) {
          it(`${pm.type}: a transformRequest vector of setupMandate builds its request`, function () {
            const built = typed("transformRequest", "setupMandate", pm.type).filter(({ v }) => v.result !== undefined);
            assert.ok(built.length > 0, `${c.name}/${pm.type}: no transformRequest vector of setupMandate with this type that has a result`);
          });
        }
      }
    });
  }
});

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../client/binary.js";
import { blockOf, currentConnectors, renderSummary, SUMMARY_END, SUMMARY_START } from "../scripts/connector-table.js";
import { PaymentsClient } from "../client/flows.js";

describe("README", () => {
  const readme = readFileSync(join(packageRoot(), "README.md"), "utf8");

  it("starts with the install-and-demo command and the test command", () => {
    const firstBlock = readme.split("```sh")[1]?.split("```")[0] ?? "";
    const lines = firstBlock.trim().split("\n").map((l) => l.split("#")[0]!.trim());
    assert.deepEqual(lines, ["npm install && npm run demo", "npm test"]);
    const pkg = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8"));
    assert.ok(pkg.scripts.demo && pkg.scripts.test && pkg.scripts.prepare, "package.json has demo, test and prepare scripts");
  });

  it("has the connector summary the sidecar reports (npm run docs:connectors)", async () => {
    assert.equal(blockOf(readme, SUMMARY_START, SUMMARY_END), renderSummary(await currentConnectors()), "README's connector table is stale: run `npm run docs:connectors`");
  });

  it("stays a front page: a five-minute tour, the reference in docs/", () => {
    assert.match(readme, /^## A five-minute tour$/m);
    assert.ok(readme.length < 16_000, `README.md is ${readme.length} characters: move reference material to docs/`);
    for (const page of ["docs/node.md", "docs/reference.md", "docs/connectors.md", "docs/protocol.md", "docs/operations.md"]) {
      assert.ok(readme.includes(`](${page}`), `README links to ${page}`);
    }
  });

  it("README and docs/node.md show only PaymentsClient methods that exist, and docs/node.md shows every flow method", () => {
    const node = readFileSync(join(packageRoot(), "docs", "node.md"), "utf8");
    for (const [page, text] of [["README.md", readme], ["docs/node.md", node]] as const) {
      const methods = Object.getOwnPropertyNames(PaymentsClient.prototype);
      for (const m of [...text.matchAll(/\bpayments\.(\w+)\(/g)].map((x) => x[1]!)) {
        assert.ok(methods.includes(m) && m !== "constructor", `${page} calls payments.${m}(), which PaymentsClient does not have`);
      }
    }
    const shown = new Set([...node.matchAll(/\bpayments\.(\w+)\(/g)].map((m) => m[1]!));
    for (const m of ["authorize", "sync", "capture", "void", "refund", "refundSync", "setupMandate", "repeatPayment", "webhookHandler", "parseWebhook", "supports"]) {
      assert.ok(shown.has(m), `docs/node.md shows no example of payments.${m}()`);
    }
  });
});

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../client/binary.js";
import { currentTable, START, END } from "../scripts/connector-table.js";
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

  it("has the connector table the sidecar reports (npm run docs:connectors)", async () => {
    const block = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    assert.equal(block, await currentTable(), "README's connector table is stale: run `npm run docs:connectors`");
  });

  it("shows only PaymentsClient methods that exist, and shows every flow method", () => {
    const shown = new Set([...readme.matchAll(/\bpayments\.(\w+)\(/g)].map((m) => m[1]!));
    const methods = Object.getOwnPropertyNames(PaymentsClient.prototype).filter((m) => m !== "constructor");
    for (const m of shown) assert.ok(methods.includes(m), `README calls payments.${m}(), which PaymentsClient does not have`);
    for (const m of ["authorize", "sync", "capture", "void", "refund", "refundSync", "setupMandate", "repeatPayment", "webhookHandler", "parseWebhook", "supports"]) {
      assert.ok(shown.has(m), `README shows no example of payments.${m}()`);
    }
  });
});

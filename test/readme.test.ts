import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../client/binary.js";
import { currentTable, START, END } from "../scripts/connector-table.js";

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
});

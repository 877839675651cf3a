/**
 * docs/: the flow reference is generated from the zod schemas (a drift fails), and every link in
 * the README, docs/ and the changelog points to a file or folder of this repository.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { packageRoot } from "../client/binary.js";
import { REFERENCE_FILE, renderReference } from "../scripts/docs-reference.js";
import { blockOf, CONNECTORS_DOC, currentConnectors, renderDoc } from "../scripts/connector-table.js";

const root = packageRoot();
const pages = ["README.md", "CHANGELOG.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

describe("docs", function () {
  it("docs/reference.md is what the schemas render (npm run docs:reference)", function () {
    assert.equal(readFileSync(REFERENCE_FILE, "utf8"), renderReference(), "docs/reference.md is stale: run `npm run docs:reference`");
  });

  it("docs/connectors.md has the tables the sidecar's listConnectors renders (npm run docs:connectors)", async function () {
    const connectors = await currentConnectors();
    const doc = readFileSync(CONNECTORS_DOC, "utf8");
    assert.equal(blockOf(doc), renderDoc(connectors), "docs/connectors.md is stale: run `npm run docs:connectors`");
    for (const c of connectors) {
      assert.ok(doc.includes(`**${c.displayName}** (\`${c.name}\`)`), `docs/connectors.md has ${c.name}'s credentials`);
      for (const a of c.authFields) assert.ok(doc.includes(`| \`${a.name}\` | ${a.required ? "yes" : "no"} |`), `${c.name}.${a.name}`);
    }
  });

  it("the reference shows every request field with its description", function () {
    const reference = readFileSync(REFERENCE_FILE, "utf8");
    assert.match(reference, /\| `amount\.minorAmount` \| integer \| yes \| Integer amount in the currency's ISO 4217 minor units/);
    assert.match(reference, /\| `paymentMethod\[type="card"\]\.card\.number` \|/);
    assert.match(reference, /^## verifyWebhook$/m);
  });

  for (const page of pages) {
    it(`${page}: every link stays inside the repository and exists`, function () {
      const text = readFileSync(join(root, page), "utf8").replace(/```[\s\S]*?```/g, "");
      const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
      assert.ok(links.length > 0 || page === "CHANGELOG.md", `${page} has no links`);
      for (const link of links) {
        assert.doesNotMatch(link, /^[a-z][a-z0-9+.-]*:/i, `${page}: ${link} points outside the repository`);
        const [path, anchor] = link.split("#");
        if (!path) {
          // An anchor on the same page: a heading must make it.
          const slugs = [...text.matchAll(/^#+ (.+)$/gm)].map((m) => m[1]!.toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-"));
          assert.ok(slugs.includes(anchor!), `${page}: no heading for #${anchor}`);
          continue;
        }
        const target = resolve(dirname(join(root, page)), path);
        assert.ok(!relative(root, target).startsWith(".."), `${page}: ${link} leaves the repository`);
        assert.ok(existsSync(target), `${page}: ${link} does not exist`);
      }
    });
  }
});

/**
 * The repository's layout rules: nothing under test/ is built into the package, and the code that
 * is built (client/, protocol/, emulator/, demo/) never imports test code.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO_ROOT } from "./support/helpers.js";

const SHIPPED = ["client", "protocol", "emulator", "demo"];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("layout", () => {
  it("builds only the shipped folders (tsconfig.build.json), never test/", () => {
    const build = JSON.parse(readFileSync(join(REPO_ROOT, "tsconfig.build.json"), "utf8")) as { include: string[] };
    assert.deepEqual(build.include.map((p) => p.split("/")[0]).sort(), [...SHIPPED].sort());
  });

  it("shipped code imports nothing from test/ or scripts/", () => {
    const offenders: string[] = [];
    for (const dir of SHIPPED) {
      for (const file of sources(join(REPO_ROOT, dir))) {
        for (const m of readFileSync(file, "utf8").matchAll(/\bfrom\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']/g)) {
          const spec = m[1] ?? m[2]!;
          if (!spec.startsWith(".")) continue;
          const target = relative(REPO_ROOT, join(file, "..", spec));
          if (/^(test|scripts)\//.test(target)) offenders.push(`${relative(REPO_ROOT, file)} imports ${spec}`);
        }
      }
    }
    assert.deepEqual(offenders, []);
  });

  it("Rust: kit/ builds on protocol/, never the reverse (no module of kit that protocol uses uses protocol)", () => {
    const rs = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? rs(join(dir, e.name)) : e.name.endsWith(".rs") ? [join(dir, e.name)] : []));
    const protocolDir = join(REPO_ROOT, "sidecar/src/protocol");
    const cycles: string[] = [];
    let checked = 0;
    for (const file of rs(protocolDir)) {
      // Code only: a doc comment may point at kit (\`[crate::kit::order_lines]\`) without depending on it.
      const code = readFileSync(file, "utf8").split("\n").filter((l) => !l.trim().startsWith("//")).join("\n");
      for (const m of code.matchAll(/crate::kit::([a-z0-9_]+)/g)) {
        const kit = readFileSync(join(REPO_ROOT, "sidecar/src/kit", `${m[1]}.rs`), "utf8");
        checked++;
        if (/crate::protocol\b|super::super::protocol/.test(kit)) cycles.push(`${relative(REPO_ROOT, file)} uses kit::${m[1]}, which uses protocol`);
      }
    }
    assert.ok(checked > 0, "protocol/ uses nothing from kit/: this test checks nothing");
    assert.deepEqual([...new Set(cycles)], []);
  });
});

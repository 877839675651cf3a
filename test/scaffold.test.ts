/**
 * `npm run new-connector -- NAME` (scripts/new-connector.ts), run into a temporary copy of the
 * repository: everything it writes is in the new connector's own folders and test file, the only
 * existing file it edits is the registry, by one line; the skeleton type-checks and compiles
 * (`tsc`, `cargo test`), and its own test and vector fail until it is filled in.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { REGISTRY_FILE, scaffold, type Scaffolded } from "../scripts/new-connector.js";
import { CONNECTORS_FILE_NAME, parseConnectors, renderConnectors } from "../scripts/gen-types.js";
import { flowSlots } from "../scripts/new-connector/rust.js";
import { REPO_ROOT } from "./support/helpers.js";

const NAME = "zzscratch";

describe("new-connector (the scaffold)", function () {
  this.timeout(300_000);
  let copy: string;
  let done: Scaffolded;
  const git = (...args: string[]) => execFileSync("git", args, { cwd: copy, encoding: "utf8" });

  before(() => {
    copy = mkdtempSync(join(tmpdir(), "scaffold-"));
    // The repository's files as they are in this working tree, committed in a fresh repository.
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: REPO_ROOT, encoding: "utf8" })
      .split("\0")
      .filter((f) => f && !f.startsWith("python/") && f !== "node_modules");
    for (const f of files) {
      mkdirSync(dirname(join(copy, f)), { recursive: true });
      try {
        cpSync(join(REPO_ROOT, f), join(copy, f));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e; // deleted in the working tree
      }
    }
    symlinkSync(join(REPO_ROOT, "node_modules"), join(copy, "node_modules"));
    git("init", "-q");
    git("add", "-A");
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "copy");
    done = scaffold(copy, NAME);
  });

  after(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it("writes only into the connector's own folders and test file", () => {
    const own = [`sidecar/src/connectors/${NAME}/`, `emulator/connectors/${NAME}/`, `test/vectors/${NAME}/`, `test/connectors/${NAME}.test.ts`];
    const added = git("ls-files", "--others", "--exclude-standard").split("\n").filter(Boolean);
    assert.deepEqual([...added].sort(), [...done.written].sort());
    for (const f of added) assert.ok(own.some((o) => f === o || f.startsWith(o)), `${f} is outside ${NAME}'s folders`);
    for (const o of own) assert.ok(added.some((f) => f === o || f.startsWith(o)), `nothing written in ${o}`);
  });

  it("edits no existing file but the registry, and there only by the connector's line (plus the generated types, by the generator)", () => {
    const modified = git("diff", "--name-only").split("\n").filter(Boolean);
    assert.deepEqual(modified.sort(), [CONNECTORS_FILE_NAME, REGISTRY_FILE].sort());
    assert.deepEqual(done.generated, [CONNECTORS_FILE_NAME]);
    // The generated file is exactly what the generator writes for the connectors it had plus this one.
    const before = parseConnectors(git("show", `HEAD:${CONNECTORS_FILE_NAME}`));
    const after = parseConnectors(readFileSync(join(copy, CONNECTORS_FILE_NAME), "utf8"));
    assert.deepEqual(after.slice(0, -1), before);
    assert.equal(after.at(-1)?.name, NAME);
    assert.equal(readFileSync(join(copy, CONNECTORS_FILE_NAME), "utf8"), renderConnectors(after));
    assert.deepEqual(done.edited, [REGISTRY_FILE]);
    const diff = git("diff", "-U0", "--", REGISTRY_FILE).split("\n").filter((l) => /^[-+](?![-+])/.test(l));
    assert.deepEqual(diff, [`+    ${NAME},`]);
  });

  it("refuses a name that is taken or not a connector name, writing nothing", () => {
    const status = git("status", "--porcelain");
    assert.throws(() => scaffold(copy, NAME), /exists already/);
    assert.throws(() => scaffold(copy, "Bad-Name"), /lower-case letters and digits/);
    assert.equal(git("status", "--porcelain"), status);
  });

  it("type-checks (tsc) with the new emulator, scenario and test", () => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--noEmit"], { cwd: copy, encoding: "utf8" });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  });

  it("compiles, and its own unit test fails until it is filled in (cargo test)", () => {
    // A target folder of its own, kept between runs: only the first run compiles the dependencies.
    const env = { ...process.env, CARGO_TARGET_DIR: join(REPO_ROOT, "target", "scaffold-check"), CARGO_PROFILE_DEV_DEBUG: "0" };
    const run = spawnSync("cargo", ["test", "--quiet", "--bin", "connector-sidecar", "--", `connectors::${NAME}::`], { cwd: copy, env, encoding: "utf8" });
    const out = `${run.stdout}${run.stderr}`;
    // Compiled (a compile error has no test result), ran the skeleton's test, and that test failed.
    assert.match(out, /test result: FAILED\. 0 passed; 1 failed/, out);
    assert.match(out, new RegExp(`connectors::${NAME}::tests::authorize_builds_the_processors_request`), out);
    assert.match(out, /not implemented yet/, out);
    assert.notEqual(run.status, 0);
  });

  it("writes a vector that fails until blessed (neither result nor error)", () => {
    const vector = JSON.parse(readFileSync(join(copy, `test/vectors/${NAME}/authorize/card-manual.json`), "utf8")) as Record<string, unknown>;
    assert.equal(vector["method"], "transformRequest");
    assert.ok(!("result" in vector) && !("error" in vector), "an unblessed vector is refused by both vector runners");
  });

  it("declares every flow of the protocol's flow table (read from flows.rs)", () => {
    const declared = readFileSync(join(copy, `sidecar/src/connectors/${NAME}/mod.rs`), "utf8");
    const slots = flowSlots(copy);
    assert.ok(slots.length >= 12, slots.join(", "));
    for (const slot of slots) assert.match(declared, new RegExp(`^ {8}${slot}: `, "m"), `no ${slot} in the skeleton's FlowTable`);
  });
});

/**
 * The platform packages: their manifests (npm/<platform>/package.json) select exactly the
 * os/cpu/libc the client resolves them for, and the client picks the right ones per platform.
 * The packed package itself is tested as installed by scripts/package-test.sh (npm test runs it).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot, PLATFORM_PACKAGES, PLATFORM_SCOPE, platformPackagesFor } from "../client/binary.js";

const root = packageRoot();

describe("platform packages", function () {
  it("npm/ holds one manifest per platform the client resolves, with os, cpu and libc", function () {
    assert.deepEqual(readdirSync(join(root, "npm")).sort(), [...PLATFORM_PACKAGES].sort());
    for (const name of PLATFORM_PACKAGES) {
      const pkg = JSON.parse(readFileSync(join(root, "npm", name, "package.json"), "utf8"));
      assert.equal(pkg.name, `${PLATFORM_SCOPE}/${name}`);
      const [os, cpu, libc] = name.split("-");
      // npm's os/cpu values are Node's process.platform / process.arch; libc is glibc or musl.
      assert.deepEqual(pkg.os, [os], name);
      assert.deepEqual(pkg.cpu, [cpu], name);
      assert.deepEqual(pkg.libc, libc === undefined ? undefined : [libc === "gnu" ? "glibc" : "musl"], name);
      assert.deepEqual(pkg.files, [os === "win32" ? "bin/connector-sidecar.exe" : "bin/connector-sidecar"], name);
      assert.equal(pkg.version, undefined, `${name}: the version comes from the main package at release`);
    }
  });

  it("resolves the packages that run on each platform, best first", function () {
    assert.deepEqual(platformPackagesFor("linux", "x64", false), ["linux-x64-gnu", "linux-x64-musl"]);
    assert.deepEqual(platformPackagesFor("linux", "x64", true), ["linux-x64-musl"]);
    assert.deepEqual(platformPackagesFor("linux", "arm64", false), ["linux-arm64-gnu", "linux-arm64-musl"]);
    assert.deepEqual(platformPackagesFor("linux", "arm64", true), ["linux-arm64-musl"]);
    assert.deepEqual(platformPackagesFor("darwin", "x64"), ["darwin-x64"]);
    assert.deepEqual(platformPackagesFor("darwin", "arm64"), ["darwin-arm64"]);
    assert.deepEqual(platformPackagesFor("win32", "x64"), ["win32-x64"]);
    assert.deepEqual(platformPackagesFor("win32", "arm64"), []);
    assert.deepEqual(platformPackagesFor("linux", "ia32"), []);
    assert.deepEqual(platformPackagesFor("freebsd", "x64"), []);
  });

  it("the repository's package.json names no platform package (they are stamped in at release)", function () {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    assert.equal(pkg.optionalDependencies, undefined, "a clone's npm install must not fetch unpublished binaries");
    assert.ok(pkg.files.includes("dist/demo/") && pkg.files.includes("dist/emulator/"), "the demo runs from the package");
  });
});

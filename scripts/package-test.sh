#!/usr/bin/env bash
# The npm package as a user gets it: pack the main package and this machine's platform package
# (scripts/release.sh with the release build already in target/, no cross-build), install both
# into an empty project with nothing but node and npm on PATH (no cargo, no clone), then run the
# demo, `call ping` and a script using SidecarPool and PaymentsClient from that install.
# Also checks what the package holds: only what a user needs, under the size the README states.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/connector-sidecar-package.XXXXXX")
trap 'rm -rf "$work"' EXIT

[ -x target/release/connector-sidecar ] || { echo "no target/release/connector-sidecar: run npm run build first" >&2; exit 1; }
[ -f dist/client/index.js ] && [ -f dist/demo/index.js ] || { echo "no dist/: run npm run build first" >&2; exit 1; }

echo "== pack"
RELEASE_REUSE=1 RELEASE_DIR="$work/release" scripts/release.sh linux-x64-gnu >"$work/release.log" 2>&1 || { cat "$work/release.log"; exit 1; }
main=$(ls "$work"/release/connector-sidecar-[0-9]*.tgz)
platform=$(ls "$work"/release/connector-sidecar-linux-x64-gnu-*.tgz)

echo "== contents and size"
node - "$main" "$root/README.md" <<'JS'
const { execFileSync } = require("node:child_process");
const { readFileSync, statSync } = require("node:fs");
const [tarball, readme] = process.argv.slice(2);
const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n").map((f) => f.replace(/^package\//, ""));
const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|bin\/connector-sidecar\.js|schemas\/[\w-]+\.json|dist\/(client|protocol|emulator|demo)\/.+\.(js|d\.ts))$/;
const stray = files.filter((f) => !allowed.test(f));
if (stray.length) throw new Error(`the package holds files a user does not need: ${stray.slice(0, 10).join(", ")}`);
for (const needed of ["LICENSE", "CHANGELOG.md", "README.md", "dist/client/index.js", "dist/client/index.d.ts", "dist/demo/index.js", "dist/emulator/index.js", "bin/connector-sidecar.js"]) {
  if (!files.includes(needed)) throw new Error(`the package lacks ${needed}`);
}
// The limit the README states, e.g. "under 500 kB packed".
const stated = /npm package is under (\d+) kB packed/.exec(readFileSync(readme, "utf8"));
if (!stated) throw new Error("README.md does not state the package's size limit (\"npm package is under N kB packed\")");
const kb = statSync(tarball).size / 1024;
if (kb > Number(stated[1])) throw new Error(`the package is ${kb.toFixed(0)} kB packed, over the ${stated[1]} kB the README states`);
const pkg = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }));
const optional = Object.keys(pkg.optionalDependencies ?? {});
if (optional.length !== 7) throw new Error(`optionalDependencies should name the seven platform packages: ${optional}`);
console.log(`${files.length} files, ${kb.toFixed(0)} kB packed (limit ${stated[1]} kB); optional: ${optional.join(" ")}`);
JS

echo "== install into an empty project, cargo absent"
# PATH holds node, npm, npx and sh (npx runs bins through it) only: no cargo, no rustc.
tools=$work/tools && mkdir -p "$tools"
for t in node npm npx sh; do ln -s "$(command -v $t)" "$tools/$t"; done
app=$work/app && mkdir -p "$app" && cd "$app"
echo '{"name":"app","version":"1.0.0","private":true,"type":"module"}' >package.json
# The platform package comes from its tarball, as a direct dependency; --omit=optional keeps npm
# from installing the main package's optional dependencies (the platform packages, unpublished or
# not yet at this version) from the registry. The three runtime dependencies come from the
# registry (or npm's cache).
run() { env -i HOME="$HOME" PATH="$tools" npm_config_cache="${npm_config_cache:-$HOME/.npm}" "$@"; }
run npm install --prefer-offline --omit=optional --no-audit --no-fund --loglevel=error "$main" "$platform" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
installed=$(cd node_modules/@connector-sidecar && echo *)
[ "$installed" = linux-x64-gnu ] || { echo "installed platform packages: $installed (expected linux-x64-gnu only)" >&2; exit 1; }
if run sh -c 'command -v cargo' >/dev/null 2>&1; then echo "cargo is on the test's PATH" >&2; exit 1; fi
[ -e node_modules/connector-sidecar/Cargo.toml ] && { echo "the installed package holds Cargo.toml" >&2; exit 1; }

echo "== connector-sidecar call ping"
out=$(run npx --no-install connector-sidecar call ping)
echo "$out"
[ "$out" = "{}" ] || { echo "call ping did not answer {}" >&2; exit 1; }

echo "== the installed package finds its platform package's binary"
cat >which.mjs <<'JS'
import { findSidecarBinary } from "connector-sidecar";
const binary = findSidecarBinary();
if (!binary.includes("node_modules/@connector-sidecar/linux-x64-gnu/bin/")) throw new Error(`resolved ${binary}, not the platform package's binary`);
console.log(binary);
JS
run node which.mjs

echo "== SidecarPool and PaymentsClient from the install, against the package's emulator"
cat >pay.mjs <<'JS'
import { PaymentsClient, SidecarPool } from "connector-sidecar";
import { startEmulator } from "connector-sidecar/emulator";
const emulator = await startEmulator();
const pool = await SidecarPool.start({ size: 1 });
try {
  const payments = new PaymentsClient(pool);
  const connectors = await pool.listConnectors();
  if (!connectors.some((c) => c.name === "stripe")) throw new Error("stripe is not listed");
  const common = { connector: "stripe", auth: { apiKey: "sk_test_package" }, options: { baseUrl: emulator.baseUrls.stripe } };
  const authorized = await payments.authorize({ ...common, request: {
    merchantTransactionId: "package-1", amount: { minorAmount: 1500, currency: "EUR" }, captureMethod: "automatic",
    paymentMethod: { type: "card", card: { number: "4242424242424242", expMonth: "12", expYear: "2030", cvc: "123" } } } });
  if (authorized.status !== "charged") throw new Error(`authorize: ${JSON.stringify(authorized)}`);
  const refund = await payments.refund({ ...common, request: { connectorTransactionId: authorized.connectorTransactionId,
    merchantRefundId: "package-1-r", refundAmount: { minorAmount: 500, currency: "EUR" } } });
  if (refund.status !== "success" && refund.status !== "pending") throw new Error(`refund: ${JSON.stringify(refund)}`);
  console.log(`authorize ${authorized.status} ${authorized.connectorTransactionId}; refund ${refund.status}`);
} finally {
  await pool.close();
  await emulator.close();
}
JS
run node pay.mjs

echo "== connector-sidecar demo"
run npx --no-install connector-sidecar demo >"$work/demo.log" 2>&1 || { cat "$work/demo.log"; exit 1; }
tail -3 "$work/demo.log"
echo "package test passed"

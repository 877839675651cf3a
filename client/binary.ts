/**
 * Finds the sidecar binary, in this order:
 * 1. the prebuilt binary of this platform's package (`@connector-sidecar/<platform>`, an optional
 *    dependency: npm installs only the one whose os/cpu/libc match, the esbuild pattern);
 * 2. `$CONNECTOR_SIDECAR_BIN`, for a binary built or placed by hand;
 * 3. a cargo build in this package (`target/release`, then `target/debug`): a clone of the repository.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The seven prebuilt platforms, as `scripts/release.sh` builds and packs them. */
export const PLATFORM_PACKAGES = [
  "linux-x64-gnu",
  "linux-x64-musl",
  "linux-arm64-gnu",
  "linux-arm64-musl",
  "darwin-x64",
  "darwin-arm64",
  "win32-x64",
] as const;
export type PlatformPackage = (typeof PLATFORM_PACKAGES)[number];

export const PLATFORM_SCOPE = "@connector-sidecar";

const EXE = process.platform === "win32" ? "connector-sidecar.exe" : "connector-sidecar";

/** The package root, whether running from client/*.ts (tsx) or dist/client/*.js. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "Cargo.toml"))) return dir;
    dir = resolve(dir, "..");
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), "..");
}

/** True on a Linux whose C library is musl (Alpine): Node's report names glibc only where it runs. */
function isMusl(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return !report?.header?.glibcVersionRuntime;
}

/**
 * The platform packages that can run here, best first. On glibc Linux the static musl build runs
 * too, so it is the fallback when only that one was installed.
 */
export function platformPackagesFor(platform: string = process.platform, arch: string = process.arch, musl?: boolean): PlatformPackage[] {
  const cpu = arch === "x64" ? "x64" : arch === "arm64" ? "arm64" : undefined;
  if (!cpu) return [];
  if (platform === "linux") {
    return (musl ?? isMusl()) ? [`linux-${cpu}-musl`] : [`linux-${cpu}-gnu`, `linux-${cpu}-musl`];
  }
  if (platform === "darwin") return [`darwin-${cpu}`];
  if (platform === "win32" && cpu === "x64") return ["win32-x64"];
  return [];
}

/** The binary of an installed platform package, or undefined when none for this platform is installed. */
export function platformPackageBinary(): string | undefined {
  const require = createRequire(import.meta.url);
  for (const name of platformPackagesFor()) {
    let manifest: string;
    try {
      manifest = require.resolve(`${PLATFORM_SCOPE}/${name}/package.json`);
    } catch {
      continue;
    }
    const binary = join(dirname(manifest), "bin", EXE);
    if (existsSync(binary)) return binary;
  }
  return undefined;
}

export function findSidecarBinary(): string {
  const prebuilt = platformPackageBinary();
  if (prebuilt) return prebuilt;
  const fromEnv = process.env.CONNECTOR_SIDECAR_BIN;
  if (fromEnv) return fromEnv;
  const root = packageRoot();
  for (const profile of ["release", "debug"]) {
    const candidate = join(root, "target", profile, EXE);
    if (existsSync(candidate)) return candidate;
  }
  // Not built: return the release path so the start-up error names where it was looked for.
  return join(root, "target", "release", EXE);
}

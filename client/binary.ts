/** Finds the sidecar binary: $CONNECTOR_SIDECAR_BIN, else the cargo build in this package. */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root, whether running from client/*.ts (tsx) or dist/client/*.js. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "Cargo.toml"))) return dir;
    dir = resolve(dir, "..");
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), "..");
}

export function findSidecarBinary(): string {
  const fromEnv = process.env.CONNECTOR_SIDECAR_BIN;
  if (fromEnv) return fromEnv;
  const exe = process.platform === "win32" ? "connector-sidecar.exe" : "connector-sidecar";
  const root = packageRoot();
  for (const profile of ["release", "debug"]) {
    const candidate = join(root, "target", profile, exe);
    if (existsSync(candidate)) return candidate;
  }
  // Not built: return the release path so the start-up error names where it was looked for.
  return join(root, "target", "release", exe);
}

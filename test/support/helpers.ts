// Helpers the TypeScript tests share: one definition each.
import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Money } from "../../protocol/index.js";

/** The repository's root folder. */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The shared golden vectors (test/vectors/<connector>/<flow>/<case>.json). */
export const VECTORS_DIR = join(REPO_ROOT, "test", "vectors");

/** Every `.json` file under `dir`, at any depth, sorted. */
export function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? jsonFilesUnder(p) : name.endsWith(".json") ? [p] : [];
    })
    .sort();
}

/** SHA-256 of a UTF-8 string, in lower-case hex. */
export const sha256Hex = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex");

/** An amount in US cents. */
export const usd = (minorAmount: number): Money => ({ minorAmount, currency: "USD" });

/**
 * Writes `schemas/<Name>.json` (JSON Schema 2020-12) from the zod schemas in `protocol/`.
 * `npm run gen:schemas` after changing the protocol; a test fails when the committed files drift.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { EXPORTED_SCHEMAS, PROTOCOL_VERSION } from "./index.js";

export const SCHEMAS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "schemas");

/** The file name → content of every generated schema. */
export function renderSchemas(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, schema] of Object.entries(EXPORTED_SCHEMAS)) {
    const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "throw" }) as Record<string, unknown>;
    const doc = {
      $id: `urn:connector-sidecar:protocol:v${PROTOCOL_VERSION}:${name}`,
      title: name,
      ...json,
    };
    out.set(`${name}.json`, JSON.stringify(doc, null, 2) + "\n");
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(SCHEMAS_DIR, { recursive: true });
  for (const [file, content] of renderSchemas()) writeFileSync(join(SCHEMAS_DIR, file), content);
  console.log(`wrote ${renderSchemas().size} schemas to schemas/`);
}

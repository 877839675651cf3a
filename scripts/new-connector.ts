/**
 * `npm run new-connector -- NAME [--display "Display Name"]`: writes the skeleton of a new
 * connector, in its own folders, and its line in the registry (sidecar/src/connectors/mod.rs):
 *   sidecar/src/connectors/NAME/   mod.rs, flows.rs, requests.rs, responses.rs, mapping.rs, tests.rs
 *   emulator/connectors/NAME/      index.ts (its wire format), scenario.ts (its demo data)
 *   test/vectors/NAME/             a first vector, without its expected output
 *   test/connectors/NAME.test.ts   the connector through the client and its emulator
 * It compiles and fails its tests until filled in (CONTRIBUTING.md says how).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { connectorTest, emulatorIndex, emulatorScenario, firstVector } from "./new-connector/emulator.js";
import { API_KEY_DESCRIPTION, rustFiles } from "./new-connector/rust.js";
import { CONNECTORS_FILE_NAME, parseConnectors, renderConnectors } from "./gen-types.js";

export interface Scaffolded {
  /** Files written, relative to the root. */
  written: string[];
  /** Existing files edited (the registry), relative to the root. */
  edited: string[];
  /**
   * Generated files brought up to date, relative to the root: the connector's name and credentials
   * in protocol/connectors.generated.ts, what `npm run gen:types` writes once the sidecar is built.
   */
  generated: string[];
}

/** Writes connector `name`'s skeleton under `root`. Throws, writing nothing, when the name is bad or taken. */
export function scaffold(root: string, name: string, display = name.charAt(0).toUpperCase() + name.slice(1)): Scaffolded {
  if (!/^[a-z][a-z0-9]{1,30}$/.test(name)) throw new Error(`connector name ${JSON.stringify(name)}: lower-case letters and digits, starting with a letter`);
  const rustDir = join(root, "sidecar/src/connectors", name);
  const emulatorDir = join(root, "emulator/connectors", name);
  const vectorsDir = join(root, "test/vectors", name);
  const testFile = join(root, "test/connectors", `${name}.test.ts`);
  for (const taken of [rustDir, emulatorDir, vectorsDir, testFile]) {
    if (existsSync(taken)) throw new Error(`${relative(root, taken)} exists already: is ${name} a connector?`);
  }
  const files: Record<string, string> = {
    ...Object.fromEntries(Object.entries(rustFiles(root, name, display)).map(([f, text]) => [join(rustDir, f), text])),
    [join(emulatorDir, "index.ts")]: emulatorIndex(name, display),
    [join(emulatorDir, "scenario.ts")]: emulatorScenario(name, display),
    [join(vectorsDir, "authorize", "card-manual.json")]: firstVector(name, display),
    [testFile]: connectorTest(name, display),
  };
  const typesFile = join(root, CONNECTORS_FILE_NAME);
  const types = renderConnectors([
    ...parseConnectors(readFileSync(typesFile, "utf8")),
    { name, displayName: display, authFields: [{ name: "apiKey", required: true, description: API_KEY_DESCRIPTION(name) }] },
  ]);
  const edited = register(root, name);
  writeFileSync(typesFile, types);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return { written: Object.keys(files).map((p) => relative(root, p)), edited, generated: [CONNECTORS_FILE_NAME] };
}

/** The file that lists every connector: `registry! { ... }`, one line per connector. */
export const REGISTRY_FILE = "sidecar/src/connectors/mod.rs";

/** The registry line: the connector's name, last in `registry! { ... }`. Returns the files edited. */
function register(root: string, name: string): string[] {
  const path = join(root, REGISTRY_FILE);
  const before = readFileSync(path, "utf8");
  const block = /^registry! \{\n((?: {4}[a-z0-9_]+,\n)*)\}/m.exec(before);
  if (!block) throw new Error(`${REGISTRY_FILE}: found no \`registry! { ... }\` to add ${name} to`);
  const at = block.index + block[0].length - 1;
  writeFileSync(path, before.slice(0, at) + `    ${name},\n` + before.slice(at));
  return [REGISTRY_FILE];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const displayAt = args.indexOf("--display");
  const display = displayAt >= 0 ? args.splice(displayAt, 2)[1] : undefined;
  const [name] = args;
  if (!name) {
    console.error("usage: npm run new-connector -- NAME [--display \"Display Name\"]");
    process.exit(2);
  }
  const root = fileURLToPath(new URL("..", import.meta.url));
  try {
    const done = scaffold(root, name, display);
    console.log(`${name}: wrote\n${done.written.map((f) => `  ${f}`).join("\n")}\nregistered in\n${done.edited.map((f) => `  ${f}`).join("\n")}\nregenerated\n${done.generated.map((f) => `  ${f}`).join("\n")}`);
    console.log("It compiles and its tests fail until it is filled in: see CONTRIBUTING.md, \"Adding a connector\".");
  } catch (e) {
    console.error(`new-connector: ${(e as Error).message}`);
    process.exit(1);
  }
}

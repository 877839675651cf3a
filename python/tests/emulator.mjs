// Starts the repository's loopback processor emulator (the one `npm run demo` uses) for the Python
// tests: prints {url, baseUrls} as one JSON line, serves until stdin closes. Needs the compiled
// TypeScript (`npm run build:ts`, which `npm install` runs).
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";

const root = fileURLToPath(new URL("../../", import.meta.url));
const candidates = ["dist/emulator/index.js", "dist/test/emulator/index.js"].map((p) => join(root, p));
const found = candidates.find((p) => existsSync(p));
if (!found) {
  console.error(`no compiled emulator at ${candidates.join(" or ")}: run \`npm run build:ts\` first`);
  process.exit(2);
}
const { startEmulator } = await import(pathToFileURL(found).href);
const emulator = await startEmulator({});
process.stdout.write(JSON.stringify({ url: emulator.url, baseUrls: emulator.baseUrls }) + "\n");
process.stdin.resume();
process.stdin.on("end", async () => {
  await emulator.close();
  process.exit(0);
});

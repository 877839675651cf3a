/**
 * The client's own debug log: every call's method and outcome (an error's name, code, kind and
 * message, which never hold a card number or credential), and every child's lifecycle (spawned,
 * died, respawn delay, wedged, given up). Never params or results.
 *
 * Off by default. On with `PoolOptions.debug: true` (stderr) or a function (your logger), or for
 * every pool of the process with the environment variable CONNECTOR_SIDECAR_DEBUG=1 (stderr) or
 * CONNECTOR_SIDECAR_DEBUG=/path/of/a/file (appended there, leaving stderr to the application).
 */
import { appendFileSync } from "node:fs";

export type DebugSink = (line: string) => void;

const PREFIX = "connector-sidecar client DEBUG";

export function debugSink(option: boolean | DebugSink | undefined): DebugSink | undefined {
  if (typeof option === "function") return option;
  if (option === false) return undefined;
  const env = process.env.CONNECTOR_SIDECAR_DEBUG?.trim() ?? "";
  if (option === true || /^(1|true|yes|on)$/i.test(env)) return (line) => process.stderr.write(`${PREFIX} ${line}\n`);
  if (env.includes("/")) {
    return (line) => {
      try {
        appendFileSync(env, `${PREFIX} [${process.pid}] ${line}\n`);
      } catch {
        // A debug log that cannot be written must not fail the call it describes.
      }
    };
  }
  return undefined;
}

/** One line for an error: name, JSON-RPC code and data when it has them, message. */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return `non-error rejection: ${typeof e}`;
  const { code, data } = e as { code?: unknown; data?: unknown };
  const codePart = typeof code === "number" ? ` ${code}` : "";
  const dataPart = data !== undefined ? ` data=${JSON.stringify(data)}` : "";
  return `${e.name}${codePart}: ${e.message}${dataPart}`;
}

// JSON bodies as the emulators read them.

export type Json = Record<string, unknown>;

/** A JSON object (not an array, not null). */
export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

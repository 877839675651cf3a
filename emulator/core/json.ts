// JSON bodies as the emulators read them.

export type Json = Record<string, unknown>;

/** A JSON object (not an array, not null). */
export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A request body as a JSON object; `empty` for a blank body when given; null when it is not JSON or not an object. */
export function parseJsonObject(raw: string, empty?: Json): Json | null {
  if (empty !== undefined && raw.trim() === "") return empty;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

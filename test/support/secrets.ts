/**
 * The secrets the tests use, found by pattern in the test sources (vectors, fixtures, emulator
 * constants, test files), and a scanner for them: card numbers (Luhn-valid runs of 13 to 19
 * digits, written together or in groups), processor keys (`sk_test_...`), credentials and salts
 * from the vectors' `auth` objects and from `apiKey: "..."`-style constants, and signatures (the
 * sensitive header values of the vectors' expected requests). Some leaks are found by shape
 * alone, whatever their value: a CVC next to its field name, a PhonePe X-VERIFY checksum, a
 * Stripe secret key.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { headerEntries, type ReceivedHeaders } from "../../protocol/index.js";

export type SecretKind = "card number" | "key" | "credential" | "signature";

export interface Secrets {
  /** value → kind and the file it was first found in */
  values: Map<string, { kind: SecretKind; source: string }>;
}

export interface Hit {
  kind: SecretKind | "cvc" | "x-verify" | "stripe key";
  /** The value masked: a report must not leak what it found. */
  masked: string;
  offset: number;
  context: string;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Digit runs of 13-19 digits, written together or grouped by single spaces or dashes. */
const DIGIT_RUN = /\d(?:[ -]?\d){12,18}(?![ -]?\d)/g;
const STRIPE_KEY = /\b(?:[sr]k_(?:test|live)|whsec)_[A-Za-z0-9_]{4,}/g;
/** `apiKey: "..."`, `"saltKey": "..."`, `secret = '...'` in sources. */
const CREDENTIAL_LITERAL = /["']?([A-Za-z_-]*(?:[Kk]ey|[Ss]ecret|[Ss]alt|[Tt]oken|[Pp]assword|[Cc]ryptogram|[Ii]ban|[Cc]avv|[Pp]aymentData))["']?\s*[:=]\s*["'`]([^"'`$\s]{6,})["'`]/g;
/**
 * Credentials by name: auth fields and constants that authenticate. Others (merchantId,
 * merchantAccount, subdomain, processingChannelId, locationId, ...) identify and appear in URLs
 * and bodies by design.
 */
const SECRET_NAME = /key|secret|salt|token|password|signature|cryptogram|iban|cavv|paymentdata/i;
/**
 * A bare `key` (a map key, a cache key), a bare `token` (PayPal's redirect `token` is the order id,
 * in URLs by design) or an idempotency key is no credential.
 */
const NOT_SECRET = /^(key|token|saltindex)$|idempotency/;
const isSecretName = (name: string) => SECRET_NAME.test(name) && !NOT_SECRET.test(name.toLowerCase().replace(/[-_]/g, ""));
/** Headers that carry a signature or a credential. */
const SECRET_HEADER = /signature|verify|hmac|authorization|api-key|secret|token/i;
const CVC_IN_CLEAR = /\b(?:cvc|cvv|cvc2|cvv2|security_?code|encryptedSecurityCode)\b["'\]]*\s*[:=]\s*["']?(\d{3,4})(?!\d)/gi;
const X_VERIFY = /\b[0-9a-f]{64}###\d+/g;

function walk(dir: string, out: string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    if (name === "node_modules") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(json|ts|mjs|js)$/.test(name)) out.push(path);
  }
}

/** Collects the secrets of every file under `roots` (test/vectors, test/fixtures, test/emulator, ...). */
export function collectSecrets(repoRoot: string, roots: string[]): Secrets {
  const values = new Map<string, { kind: SecretKind; source: string }>();
  const add = (value: string, kind: SecretKind, source: string) => {
    if (!values.has(value)) values.set(value, { kind, source });
  };
  const files: string[] = [];
  for (const r of roots) {
    const path = join(repoRoot, r);
    if (statSync(path, { throwIfNoEntry: false })?.isFile()) files.push(path);
    else walk(path, files);
  }
  for (const file of files) {
    const source = relative(repoRoot, file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(DIGIT_RUN)) {
      const digits = m[0].replace(/\D/g, "");
      if (luhnValid(digits) && !/^(\d)\1+$/.test(digits)) add(digits, "card number", source);
    }
    for (const m of text.matchAll(STRIPE_KEY)) add(m[0], "key", source);
    for (const m of text.matchAll(CREDENTIAL_LITERAL)) {
      if (isSecretName(m[1]!) && /[A-Za-z0-9]/.test(m[2]!)) add(m[2]!, "credential", source);
    }
    if (file.endsWith(".json")) collectFromVector(text, source, add);
  }
  return { values };
}

function collectFromVector(text: string, source: string, add: (v: string, k: SecretKind, s: string) => void): void {
  type Header = { name?: unknown; value?: unknown; sensitive?: boolean };
  let v: { params?: { auth?: Record<string, unknown>; secret?: unknown; headers?: ReceivedHeaders }; result?: { headers?: Header[] } };
  try {
    v = JSON.parse(text);
  } catch {
    return;
  }
  for (const [name, value] of Object.entries(v.params?.auth ?? {})) {
    if (typeof value === "string" && value.length >= 6 && isSecretName(name)) add(value, "credential", source);
  }
  // A webhook's signing secret.
  if (typeof v.params?.secret === "string" && v.params.secret.length >= 6) add(v.params.secret, "credential", source);
  // Signatures: of the requests we build, and of the webhooks we verify.
  for (const h of v.result?.headers ?? []) {
    if (h.sensitive && typeof h.value === "string" && h.value.length >= 16) add(h.value, "signature", source);
  }
  // A webhook's headers come as a list or an object.
  for (const h of headerEntries(v.params?.headers)) {
    if (typeof h.name === "string" && SECRET_HEADER.test(h.name) && typeof h.value === "string" && h.value.length >= 16) {
      add(h.value, "signature", source);
    }
  }
}

export function maskValue(value: string): string {
  if (value.length <= 8) return "*".repeat(value.length);
  return `${value.slice(0, 4)}${"*".repeat(value.length - 8)}${value.slice(-4)}`;
}

/** Every place `text` shows a known secret, or a CVC, X-VERIFY or Stripe key by its shape. */
export function scan(text: string, secrets: Secrets): Hit[] {
  const hits: Hit[] = [];
  const hit = (kind: Hit["kind"], value: string, offset: number, length: number) => {
    const context = text.slice(Math.max(0, offset - 60), offset + length + 60).split(value).join(maskValue(value));
    hits.push({ kind, masked: maskValue(value), offset, context: context.replace(/\s+/g, " ") });
  };
  for (const m of text.matchAll(DIGIT_RUN)) {
    const digits = m[0].replace(/\D/g, "");
    const known = secrets.values.get(digits);
    if (known?.kind === "card number") hit("card number", m[0], m.index!, m[0].length);
  }
  for (const [value, { kind }] of secrets.values) {
    if (kind === "card number") continue;
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) hit(kind, value, at, value.length);
  }
  for (const m of text.matchAll(CVC_IN_CLEAR)) hit("cvc", m[0], m.index!, m[0].length);
  for (const m of text.matchAll(X_VERIFY)) hit("x-verify", m[0], m.index!, m[0].length);
  for (const m of text.matchAll(STRIPE_KEY)) {
    if (!secrets.values.has(m[0])) hit("stripe key", m[0], m.index!, m[0].length);
  }
  return hits;
}

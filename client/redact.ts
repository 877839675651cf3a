/**
 * Masking for logs: shared by the REPL, the CLI, the demo and users who log requests.
 * Card numbers keep their first six and last four digits (`424242******4242`); CVCs, keys,
 * salts, signatures and sensitive headers become `***`.
 */
import type { HttpRequest } from "../protocol/index.js";

/**
 * Built in: names whose values are secrets wherever they appear, whatever the connector (matched
 * case-insensitively). Each connector's own credential names and sensitive fields come from
 * listConnectors (`authFields`, `sensitiveFields`): see learnSecretNames.
 */
const SECRET_KEYS = new Set(
  [
    "cvc", "cvv", "securityCode", "password", "token", "secret", "authorization",
    // The protocol's payment methods beyond cards: a network token's or wallet's cryptogram, Apple
    // Pay's encrypted paymentData, bank account numbers, a BLIK code, a 3-D Secure authentication value.
    "cryptogram", "paymentData", "iban", "accountNumber", "blikCode", "cavv",
    // Personal data that names the shopper's wallet or identity: a mobile money wallet's phone
    // number, a national identity or tax document (customer.document, dLocal's payer.document).
    "phoneNumber", "document",
    // A one-time code the shopper entered (completeAuthorize's otp: a mobile money voucher, a bank OTP),
    // a card or account PIN and a date of birth (completeAuthorize's pin and birthday).
    "otp", "pin", "birthday",
  ].map((k) => k.toLowerCase()),
);
/** Names learned from listConnectors, lower-cased. */
const LEARNED_KEYS = new Set<string>();
/**
 * Any other key or header whose name says it holds a credential or a signature (a connector added
 * later names its own: `accessToken`, `x-square-hmacsha256-signature`, `webhookSecret`).
 */
const SECRET_NAME = /secret|password|signature|hmac|token|api[-_]?key|salt(?!index)|private|authorization|x-verify/i;

function isSecretName(name: string): boolean {
  const k = name.toLowerCase();
  return SECRET_KEYS.has(k) || LEARNED_KEYS.has(k) || (SECRET_NAME.test(k) && !k.includes("idempotency"));
}

/**
 * Registers every connector's credential names (`authFields`) and sensitive fields as secret
 * names, for every later redact(). The pool calls it with listConnectors once started, so a
 * connector's names live with the connector, not in a list here.
 */
export function learnSecretNames(connectors: ReadonlyArray<{ authFields: ReadonlyArray<{ name: string }>; sensitiveFields?: readonly string[] }>): void {
  for (const c of connectors) {
    for (const f of c.authFields) LEARNED_KEYS.add(f.name.toLowerCase());
    for (const f of c.sensitiveFields ?? []) LEARNED_KEYS.add(f.toLowerCase());
  }
}

/** The names learned so far from listConnectors (lower-cased), for inspection. */
export function learnedSecretNames(): string[] {
  return [...LEARNED_KEYS].sort();
}

/** Keys whose values are card numbers. */
const PAN_KEYS = new Set(["number", "cardnumber", "pan", "encryptedcardnumber", "card_number"]);

export function maskPan(pan: string): string {
  const digits = pan.replace(/\D/g, "");
  if (digits.length < 12) return "***";
  return digits.slice(0, 6) + "*".repeat(digits.length - 10) + digits.slice(-4);
}

/**
 * Masks every run of 12 or more digits in free text (bodies, messages), also when the digits are
 * grouped by single spaces or dashes as people type card numbers (`4242 4242 4242 4242`).
 */
export function maskPansInText(text: string): string {
  return text.replace(/\d(?:[ -]?\d){11,}/g, (m) => maskPan(m));
}

/**
 * A deep copy of `value` with secrets masked: for logging requests, params, results and errors.
 * `auth` objects are masked whole (every value of a connector's credentials is a secret).
 */
const JWT = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function redact<T>(value: T): T {
  return redactAny(value, "") as T;
}

function redactAny(value: unknown, key: string): unknown {
  const k = key.toLowerCase();
  if (typeof value === "string") {
    if (isSecretName(k)) return "***";
    if (PAN_KEYS.has(k)) return maskPan(value);
    // A processor's response body is a JSON string that may hold secrets by name (an OAuth
    // `access_token`, a `client_secret`): mask it field by field.
    // A body that is a JWT is a bearer credential (Cybersource's Microform capture context,
    // answered as application/jwt): masked whole.
    if ((k === "body" || k === "data") && JWT.test(value.trim())) return "***";
    if (k === "body" || k === "data") return redactJsonText(value) ?? redactFormText(value) ?? maskPansInText(value);
    return maskPansInText(value);
  }
  if (Array.isArray(value)) return value.map((v) => redactAny(v, key));
  if (value && typeof value === "object") {
    if (k === "auth") return Object.fromEntries(Object.keys(value).map((x) => [x, "***"]));
    // Everything under a secret's name is secret: `token: {value: "tok_..."}` (a card token).
    if (isSecretName(k)) return maskStrings(value);
    if (isHeader(value)) {
      return { ...value, value: value.sensitive || isSecretName(value.name) ? "***" : maskPansInText(value.value) };
    }
    if (isBody(value)) return { ...value, data: value.sensitive ? redactBody(value.data, value.contentType) : (redactJsonText(value.data) ?? maskPansInText(value.data)) };
    return Object.fromEntries(Object.entries(value).map(([kk, v]) => [kk, redactAny(v, kk)]));
  }
  return value;
}

/** `text` masked field by field if it is a JSON object or array, else undefined. */
function redactJsonText(text: string): string | undefined {
  const start = text.trimStart()[0];
  if (start !== "{" && start !== "[") return undefined;
  try {
    // A byte order mark (Authorize.Net's bodies start with one) is not JSON: parse without it.
    return JSON.stringify(redactAny(JSON.parse(text.replace(/^\ufeff/, "")), ""));
  } catch {
    return undefined;
  }
}

/**
 * `text` with its secret-named fields masked if it is a form that has any (a webhook posted as a
 * form: Braintree's `bt_signature`), else undefined: other text is left to the PAN masking.
 */
function redactFormText(text: string): string | undefined {
  if (!/^[^=&\s]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)*$/.test(text.trim())) return undefined;
  const params = new URLSearchParams(text.trim());
  if (![...params.keys()].some((name) => isSecretName(name.match(/\[([^\]]*)\]$/)?.[1] ?? name))) return undefined;
  return redactBody(text.trim(), "application/x-www-form-urlencoded");
}

function maskStrings(value: unknown): unknown {
  if (typeof value === "string") return "***";
  if (Array.isArray(value)) return value.map(maskStrings);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v)]));
  return value;
}

function isHeader(v: object): v is { name: string; value: string; sensitive?: boolean } {
  return "name" in v && "value" in v && typeof (v as { value: unknown }).value === "string";
}

function isBody(v: object): v is { contentType: string; data: string; sensitive: boolean } {
  return "contentType" in v && "data" in v && "sensitive" in v;
}

/** A sensitive body: JSON and forms are masked field by field, anything else replaced. */
function redactBody(data: string, contentType: string): string {
  if (contentType.includes("json")) {
    try {
      return JSON.stringify(redactAny(JSON.parse(data), ""));
    } catch {
      return "***";
    }
  }
  if (contentType.includes("x-www-form-urlencoded")) {
    const params = new URLSearchParams(data);
    const out: string[] = [];
    for (const [name, value] of params) {
      const leaf = (name.match(/\[([^\]]*)\]$/)?.[1] ?? name).toLowerCase();
      const masked = isSecretName(leaf) ? "***" : PAN_KEYS.has(leaf) ? maskPan(value) : maskPansInText(value);
      out.push(`${name}=${masked}`);
    }
    return out.join("&");
  }
  return "***";
}

/** A one-line, masked description of an HttpRequest: `POST https://... (body 312 bytes, masked)`. */
export function describeRequest(req: HttpRequest): string {
  return `${req.method} ${req.url}${req.body ? ` (${req.body.contentType}, ${req.body.data.length} bytes)` : ""}`;
}

/**
 * The default HTTP executor on Node's fetch (so the app's own proxy, TLS and timeout settings
 * apply). Users may pass their own executor with the same signature.
 */
import type { HttpRequest, HttpResponse } from "../protocol/index.js";

export type HttpExecutor = (request: HttpRequest, init: { signal: AbortSignal }) => Promise<HttpResponse>;

/** Thrown when the request certainly never reached the processor (nothing can have happened). */
export class NotSentError extends Error {
  override name = "NotSentError";
}

const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ERR_INVALID_URL", "ERR_TLS_CERT_ALTNAME_INVALID", "CERT_HAS_EXPIRED", "DEPTH_ZERO_SELF_SIGNED_CERT", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"]);

/**
 * What fetch refuses before anything leaves: a header value with CR, LF or NUL, or a character
 * above U+00FF. Named by header, never quoted (the value may be a credential).
 */
function unsendableHeader(request: HttpRequest): string | undefined {
  // eslint-disable-next-line no-control-regex
  return request.headers.find((h) => /[\r\n\0]|[^\u0000-\u00ff]/.test(h.value))?.name;
}

export const fetchExecutor: HttpExecutor = async (request, { signal }) => {
  const refused = unsendableHeader(request);
  if (refused !== undefined) {
    throw new NotSentError(`the \`${refused}\` header holds a character an HTTP header cannot carry (CR, LF, NUL or text above U+00FF); nothing was sent`);
  }
  const headers = new Headers();
  try {
    for (const h of request.headers) headers.append(h.name, h.value);
  } catch {
    throw new NotSentError("a header name or value is not valid HTTP; nothing was sent");
  }
  let body: BodyInit | undefined;
  if (request.body) {
    if (!headers.has("content-type")) headers.set("content-type", request.body.contentType);
    body = request.body.encoding === "base64" ? Buffer.from(request.body.data, "base64") : request.body.data;
  }
  let res: Response;
  try {
    res = await fetch(request.url, { method: request.method, headers, body, signal, redirect: "manual" });
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
    if (code && NOT_SENT_CODES.has(code)) throw new NotSentError(`could not connect to ${new URL(request.url).host} (${code})`);
    throw e;
  }
  const buf = Buffer.from(await res.arrayBuffer());
  const text = buf.toString("utf8");
  // Bodies that are not valid UTF-8 travel as base64 so nothing is lost on the way.
  const isUtf8 = Buffer.from(text, "utf8").equals(buf);
  const outHeaders: { name: string; value: string }[] = [];
  res.headers.forEach((value, name) => outHeaders.push({ name, value }));
  return {
    status: res.status,
    headers: outHeaders,
    body: isUtf8 ? text : buf.toString("base64"),
    ...(isUtf8 ? {} : { encoding: "base64" as const }),
  };
};

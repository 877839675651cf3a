// Loopback emulator of the processors, for the tests and the demo.
//
// One node:http server on 127.0.0.1; each folder of `connectors/` is one processor, mounted at
// `${url}/<folder>` (its `index.ts` exports `emulator`: the wire format, see core/types.ts), with
// its `baseUrl` in `baseUrls[<folder>]`. Each mount also serves `/_emulator/...` routes that play
// the shopper's or the processor's own part (3-D Secure challenge, pay page, settlement batch).
//
// State (payments, idempotency keys) lives in memory for the life of one emulator.
// Given `webhooks`, each processor POSTs its own signed notifications of state changes there.
// Nothing is logged unless `opts.log` is given; log lines never carry request bodies,
// credentials or full card numbers.

import { readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { ConnectorEmulator, EmuContext, EmuMount, EmuResponse } from "./core/types.js";

export type { ConnectorEmulator, EmuContext, EmuMount, EmuRequest, EmuResponse } from "./core/types.js";

/** The merchant's webhook endpoint, and each processor's signing secret for it. */
export interface EmulatorWebhooks {
  /** `{processor}` in it is replaced by the processor's name (`.../webhooks/{processor}`). */
  url: string;
  /** By processor name: `stripe` (whsec_...), `adyen` (HMAC key in hex), `phonepe` (salt key),
   * `checkout` (the webhook's signature key), `cybersource` (the digital signature key, base64). */
  secrets: Record<string, string>;
}

export interface EmulatorOptions {
  port?: number;
  log?: (line: string) => void;
  webhooks?: EmulatorWebhooks;
}

export interface Emulator {
  url: string;
  /** By connector name: the `options.baseUrl` that points the connector at this emulator. */
  baseUrls: Record<string, string>;
  /** Resolves once every notification sent so far was delivered (or failed). */
  webhooksDelivered(): Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export function maskPan(pan: string): string {
  const digits = String(pan).replace(/\D/g, "");
  if (digits.length < 10) return "****";
  return digits.slice(0, 6) + "*".repeat(digits.length - 10) + digits.slice(-4);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooBig ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, out: EmuResponse): void {
  const headers: Record<string, string> = { ...(out.headers ?? {}) };
  let payload = "";
  if (out.json !== undefined) {
    payload = JSON.stringify(out.json);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
      headers["Content-Type"] = "application/json";
    }
  } else if (out.text !== undefined) {
    payload = out.text;
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
      headers["Content-Type"] = "text/plain; charset=utf-8";
    }
  }
  headers["Content-Length"] = String(Buffer.byteLength(payload));
  res.writeHead(out.status, headers);
  res.end(payload);
}

const CONNECTORS_DIR = new URL("./connectors/", import.meta.url);

/** The connectors' folders under `emulator/connectors/`, sorted: each is one connector's name. */
export function emulatedConnectors(): string[] {
  return readdirSync(CONNECTORS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/**
 * Imports `connectors/<name>/<file>.js` (the `.ts` under tsx) for every connector that has it, in
 * folder order: `index` (its emulator) or `scenario` (its demo data).
 */
export async function loadConnectorModules<T>(file: "index" | "scenario"): Promise<Array<[name: string, module: T]>> {
  const found: Array<[string, T]> = [];
  for (const name of emulatedConnectors()) {
    const dir = new URL(`${name}/`, CONNECTORS_DIR);
    const present = readdirSync(dir).some((f) => f === `${file}.js` || f === `${file}.ts`);
    if (present) found.push([name, (await import(new URL(`${file}.js`, dir).href)) as T]);
  }
  return found;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const connectors = (await loadConnectorModules<{ emulator?: ConnectorEmulator }>("index")).map(([name, mod]) => {
    if (!mod.emulator) throw new Error(`emulator/connectors/${name}/index exports no \`emulator\``);
    return [name, mod.emulator] as const;
  });
  const log = opts.log ?? (() => {});
  let origin = "";
  let deliveries: Promise<void> = Promise.resolve();
  // `{processor}` in the target URL becomes the processor's name: one endpoint path per processor.
  const webhookUrlOf = (processor: string) => opts.webhooks?.url.replaceAll("{processor}", processor) ?? null;
  const ctx: EmuContext = {
    get origin() {
      return origin;
    },
    mountPrefix: "",
    log: (line) => log(line),
    maskPan,
    webhookTarget: () => null,
    get webhookUrl() {
      return opts.webhooks?.url ?? null;
    },
    sendWebhook(url, headers, body) {
      deliveries = deliveries.then(async () => {
        try {
          const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(5000) });
          await res.arrayBuffer();
          log(`webhook POST ${url} -> ${res.status}`);
        } catch (err) {
          log(`webhook POST ${url} failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      });
      return deliveries;
    },
  };
  // Each mount sees its own webhookUrl and mount prefix (the rest of the context is shared).
  const contextFor = (processor: string): EmuContext =>
    Object.create(ctx, {
      webhookUrl: { get: () => webhookUrlOf(processor) },
      mountPrefix: { value: `/${processor}` },
      webhookTarget: {
        value: () => {
          const secret = opts.webhooks?.secrets[processor];
          const url = webhookUrlOf(processor);
          return url !== null && secret !== undefined ? { url, secret } : null;
        },
      },
    }) as EmuContext;
  const mounts: Array<[prefix: string, mount: EmuMount]> = connectors.map(([name, connector]) => [`/${name}`, connector.create(contextFor(name))]);

  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    const started = Date.now();
    const method = (req.method ?? "GET").toUpperCase();
    let pathname = "/";
    let out: EmuResponse;
    try {
      const u = new URL(req.url ?? "/", "http://127.0.0.1");
      pathname = u.pathname;
      const rawBody = await readBody(req);
      const found = mounts.find(([p]) => pathname === p || pathname.startsWith(p + "/"));
      if (rawBody === null) {
        out = { status: 413, json: { error: "request body too large" } };
      } else if (!found) {
        out = { status: 404, json: { error: `no emulated processor at ${pathname}` } };
      } else {
        const [prefix, mount] = found;
        out = await mount.handle({
          method,
          path: pathname.slice(prefix.length) || "/",
          query: u.searchParams,
          headers: req.headers,
          rawBody,
        });
      }
    } catch (err) {
      // A bug in the emulator: answer 500 and keep serving. No request data in the line.
      log(`emulator error on ${method} ${pathname}: ${err instanceof Error ? err.message : String(err)}`);
      out = { status: 500, json: { error: "emulator internal error" } };
    }
    send(res, out);
    log(`${method} ${pathname} -> ${out.status} (${Date.now() - started} ms)`);
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  log(`emulator listening on ${origin}`);

  let closed: Promise<void> | null = null;
  return {
    url: origin,
    baseUrls: Object.fromEntries(connectors.map(([name, c]) => [name, `${origin}/${name}${c.basePath ?? ""}`])),
    webhooksDelivered: () => deliveries,
    close() {
      if (!closed) {
        closed = new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive sockets (fetch pools them) would otherwise hold the process open.
          server.closeAllConnections();
          for (const s of sockets) s.destroy();
        });
      }
      return closed;
    },
  };
}

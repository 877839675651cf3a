/**
 * The JSON-RPC client end of one sidecar's pipe: Content-Length framing, request ids, pending
 * calls. It is the subset of vscode-jsonrpc's MessageConnection that Sidecar uses (sendRequest,
 * listen, onError, dispose), with the same semantics: an error answer rejects with vscode-jsonrpc's
 * ResponseError, sendRequest throws at once once the pipe has closed, dispose rejects what is
 * still pending.
 *
 * Why not vscode-jsonrpc's own connection: it is built for LSP, where a cancellation must be able
 * to overtake the request it cancels, so it hands over one incoming message per event-loop turn
 * (a setImmediate each), and its stream reader and writer each wait a further setImmediate turn
 * per message behind a semaphore; the writer also makes two writes (header, then body) per
 * message. Measured (`npm run bench`, section "JSON-RPC client"), that costs several times the
 * event-loop time of the call itself, and because answers trickle in one per turn, the requests
 * they release go out one write each: every message wakes the child on its own. Here a chunk of
 * answers is settled in one go, and all requests sent in the same tick leave in one writev, so
 * under load the pipe carries batches in both directions.
 */
import type { Readable, Writable } from "node:stream";
import { ResponseError } from "vscode-jsonrpc/node.js";

const HEADER_END = Buffer.from("\r\n\r\n", "latin1");
const CONTENT_LENGTH = /^content-length[ \t]*:[ \t]*(\d+)[ \t]*$/im;
/** The sidecar's default --max-message-bytes: a message over it is refused before it is sent. */
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
/** See ContentLengthWriter.congestionBytes. */
export const CONGESTION_BYTES = 1024 * 1024;
/** vscode-jsonrpc's ErrorCodes.PendingResponseRejected, so callers see the same code. */
const PENDING_RESPONSE_REJECTED = -32097;

/** Where an answer goes: called as methods, so one object per call can carry both. */
export interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface ResponseMessage {
  id?: number | string | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export class SidecarConnection {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private state: "new" | "listening" | "closed" | "disposed" = "new";
  private readonly reader: ContentLengthReader;
  private readonly writer: ContentLengthWriter;
  private errorListeners: ((error: Error) => void)[] = [];
  /**
   * Send a transformResponse's JSON body spliced in as `response.bodyJson` (see `splicedBody`):
   * set by Sidecar once the sidecar's initialize answer says it reads that form.
   */
  spliceBodies = false;
  /** The params of each call sent with a spliced body, to send again with `body` if refused. */
  private readonly spliced = new Map<number, unknown>();

  /**
   * @param onWriteFailure called when a message cannot be encoded or written (EPIPE from a dead
   * child). A send never rejects for that: the owner kills the child, and its exit fails the calls.
   * @param onDrain called each time a congested output drains (see `congested`).
   */
  constructor(
    input: Readable,
    output: Writable,
    onWriteFailure: (error: Error) => void,
    onDrain: () => void = () => {},
    maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
  ) {
    this.reader = new ContentLengthReader(input, (message) => this.onMessage(message as ResponseMessage), (e) => this.fireError(e));
    this.writer = new ContentLengthWriter(output, onWriteFailure, onDrain, maxMessageBytes);
    const closed = () => {
      if (this.state === "new" || this.state === "listening") this.state = "closed";
    };
    input.on("close", closed);
    output.on("close", closed);
    output.on("error", (e: Error) => this.fireError(e));
  }

  listen(): void {
    if (this.state !== "new") throw new Error("the connection is already listening, closed or disposed");
    this.state = "listening";
    this.reader.listen();
  }

  /**
   * True from a write that left CONGESTION_BYTES waiting for the pipe (the child is not reading) until 'drain':
   * the owner sends this child nothing more meanwhile, so what waits in memory stays bounded.
   */
  get congested(): boolean {
    return this.writer.congested;
  }

  onError(listener: (error: Error) => void): void {
    this.errorListeners.push(listener);
  }

  /** Sends a request; `params` undefined sends none. Throws at once when the pipe is closed. */
  sendRequest(method: string, params?: unknown): Promise<unknown> {
    this.assertOpen();
    return new Promise((resolve, reject) => this.send(method, params, { resolve, reject }));
  }

  /**
   * sendRequest without a promise of its own: the answer goes to `pending` (its result, a
   * ResponseError, or the disposal's error). The pool's hot path, which settles its caller's
   * promise directly. Throws at once when the pipe is closed.
   */
  send(method: string, params: unknown, pending: Pending): void {
    this.assertOpen();
    const id = this.nextId++;
    this.pending.set(id, pending);
    const body = this.spliceBodies && method === "transformResponse" ? splicedBody(params) : undefined;
    let refused: string | undefined;
    if (body === undefined) {
      refused = this.writer.write(params === undefined ? { jsonrpc: "2.0", id, method } : { jsonrpc: "2.0", id, method, params });
    } else {
      this.spliced.set(id, params);
      refused = this.writer.writeText(splicedMessage(id, params as SplicedParams, body));
      if (refused !== undefined) this.spliced.delete(id);
    }
    if (refused !== undefined) {
      // Answered here as the sidecar would answer it, so the call fails at once and the child,
      // which never saw it, is not taken for wedged.
      this.pending.delete(id);
      pending.reject(new ResponseError(-32600, refused, { kind: "MessageTooLarge" }));
    }
  }

  private assertOpen(): void {
    if (this.state === "closed") throw new Error("the connection is closed");
    if (this.state === "disposed") throw new Error("the connection is disposed");
    if (this.state !== "listening") throw new Error("call listen() first");
  }

  /** Stops reading and rejects every pending call. Does not close the streams. */
  dispose(): void {
    if (this.state === "disposed") return;
    this.state = "disposed";
    this.reader.dispose();
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.spliced.clear();
    for (const p of pending) {
      p.reject(new ResponseError(PENDING_RESPONSE_REJECTED, "Pending response rejected since connection got disposed"));
    }
  }

  private onMessage(message: ResponseMessage): void {
    if (this.state === "disposed" || typeof message.id !== "number") return;
    const call = this.pending.get(message.id);
    if (!call) return;
    this.pending.delete(message.id);
    if (this.spliced.size > 0) {
      const params = this.spliced.get(message.id);
      if (params !== undefined) {
        this.spliced.delete(message.id);
        // Refused as a spliced body (a body that is not exactly one JSON value, which its
        // content type and brackets did not show): sent again as the string it is, so the
        // answer is the one the call gets without the splice.
        if ((message.error?.data as { field?: unknown } | undefined)?.field === "response.bodyJson" && this.state === "listening") {
          const id = this.nextId++;
          this.pending.set(id, call);
          const refused = this.writer.write({ jsonrpc: "2.0", id, method: "transformResponse", params });
          if (refused !== undefined) {
            this.pending.delete(id);
            call.reject(new ResponseError(-32600, refused, { kind: "MessageTooLarge" }));
          }
          return;
        }
      }
    }
    if (message.error) call.reject(new ResponseError(message.error.code, message.error.message, message.error.data));
    else if (message.result !== undefined) call.resolve(message.result);
    else call.reject(new Error(`the sidecar answered request ${message.id} with neither result nor error`));
  }

  private fireError(error: Error): void {
    for (const l of this.errorListeners) l(error);
  }
}

/**
 * The shortest body worth splicing: below it, escaping costs less than the splice's own work
 * (an object copy and a UTF-8 length).
 */
export const SPLICE_MIN_CHARS = 512;

interface SplicedParams {
  response: { body: string } & Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * The processor's body of a transformResponse's params when it can travel spliced into the
 * message verbatim (`response.bodyJson`) instead of escaped into a JSON string (`response.body`),
 * else undefined. Only a body that looks like one JSON object or array: a utf8 string of at least
 * SPLICE_MIN_CHARS whose first and last characters are `{` and `}` (or `[` and `]`), with no
 * lone surrogate, under a JSON content type or none. The sidecar checks the rest (that it is
 * exactly one JSON value, by its byte length); a body it refuses is sent again as a string.
 */
export function splicedBody(params: unknown): string | undefined {
  const response = (params as { response?: { body?: unknown; encoding?: unknown; headers?: unknown; bodyJson?: unknown } } | undefined)?.response;
  if (typeof response !== "object" || response === null) return undefined;
  const body = response.body;
  if (typeof body !== "string" || body.length < SPLICE_MIN_CHARS || response.encoding === "base64" || "bodyJson" in response) return undefined;
  const first = body.charCodeAt(0);
  const last = body.charCodeAt(body.length - 1);
  if (!((first === 0x7b && last === 0x7d) || (first === 0x5b && last === 0x5d))) return undefined;
  const type = contentType(response.headers);
  if (type !== undefined && !/json/i.test(type)) return undefined;
  if (!(body as string & { isWellFormed?: () => boolean }).isWellFormed?.()) return undefined;
  return body;
}

/** The Content-Type of received headers (a list of {name, value} or an object), if any. */
function contentType(headers: unknown): string | undefined {
  if (typeof headers !== "object" || headers === null) return undefined;
  if (Array.isArray(headers)) {
    for (const h of headers as { name?: unknown; value?: unknown }[]) {
      if (typeof h?.name === "string" && h.name.toLowerCase() === "content-type") return String(h.value);
    }
    return undefined;
  }
  for (const name in headers) {
    if (name.toLowerCase() === "content-type") {
      const v = (headers as Record<string, unknown>)[name];
      return Array.isArray(v) ? v.join(",") : String(v);
    }
  }
  return undefined;
}

/**
 * The transformResponse message with `body` spliced in verbatim: the envelope serialized with
 * `response` last in the params and `bodyJsonBytes` (the body's UTF-8 length) last in the
 * response, its three closing braces cut, then `,"bodyJson":`, the body, and the braces again.
 * The sidecar takes the body as exactly `bodyJsonBytes` bytes (this layout lets it cut them out
 * unscanned: sidecar/src/rpc/splice.rs) or reads it as one raw JSON value of that length, and
 * refuses the message otherwise, so a body that is not one JSON value can never close the objects
 * around it and be read as fields of the call.
 */
export function splicedMessage(id: number, params: SplicedParams, body: string): string {
  const { response, ...rest } = params;
  const { body: _body, ...head } = response;
  const json = JSON.stringify({
    jsonrpc: "2.0",
    id,
    method: "transformResponse",
    params: { ...rest, response: { ...head, bodyJsonBytes: Buffer.byteLength(body, "utf8") } },
  });
  return `${json.slice(0, -3)},"bodyJson":${body}}}}`;
}

/**
 * Writes each message as `Content-Length: N\r\n\r\n` + JSON, one string per message, into the
 * stream corked for the rest of the tick: process.nextTick runs after the tick's promise
 * continuations, so the requests released by one chunk of answers leave in one writev. Corking
 * (rather than joining strings ourselves) keeps the stream's own accounting: what it holds (`writableLength`) marks the child
 * congested at once, 'drain' clears it, and an `end()` of stdin in the same tick (the
 * shutdown request) still sends what was written before it.
 */
export class ContentLengthWriter {
  /**
   * Set when the stream holds at least `congestionBytes` not yet taken by the pipe (the child is
   * not reading), until 'drain'.
   */
  congested = false;
  /**
   * Bytes waiting in the stream from which the child counts as congested. Not the stream's own
   * 16 kB high-water mark: a tick's requests are written corked, so with 4.6 kB messages that mark
   * is passed by the fourth message of every tick, and the pool would queue the rest (each with a
   * wait timer) until 'drain' although the child reads all it is sent (issue 15, sixth pass). The
   * stream still signals 'drain' whenever a write went past its mark, so this only decides when
   * the owner stops sending: memory held for a child that does not read stays under this plus
   * one message. 0 marks the child congested at the stream's own mark, as before.
   */
  congestionBytes = CONGESTION_BYTES;
  private corked = false;
  private readonly afterWrite = (error?: Error | null) => {
    if (error) this.onFailure(error);
  };
  private readonly uncork = () => {
    this.corked = false;
    this.stream.uncork();
  };

  constructor(
    private readonly stream: Writable,
    private readonly onFailure: (error: Error) => void,
    onDrain: () => void = () => {},
    private readonly maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
  ) {
    stream.on("drain", () => {
      this.congested = false;
      onDrain();
    });
  }

  /** Writes `message`; returns why it was not written when it is over the size limit. */
  write(message: object): string | undefined {
    if (!this.stream.writable) {
      this.onFailure(new Error("the sidecar's stdin is closed"));
      return undefined;
    }
    let json: string;
    try {
      json = JSON.stringify(message);
    } catch (error) {
      this.onFailure(error as Error);
      return undefined;
    }
    return this.writeText(json);
  }

  /** Writes one message already serialized; returns why it was not written when it is over the size limit. */
  writeText(json: string): string | undefined {
    if (!this.stream.writable) {
      this.onFailure(new Error("the sidecar's stdin is closed"));
      return undefined;
    }
    // A UTF-8 length is at most 3 bytes per UTF-16 unit: only a long message is measured.
    const size = json.length * 3 > this.maxMessageBytes ? Buffer.byteLength(json, "utf8") : json.length;
    if (size > this.maxMessageBytes) {
      return `a message of ${size} bytes exceeds the sidecar's limit of ${this.maxMessageBytes} bytes (--max-message-bytes); it was not sent`;
    }
    if (!this.corked) {
      this.corked = true;
      this.stream.cork();
      process.nextTick(this.uncork);
    }
    if (
      !this.stream.write(`Content-Length: ${Buffer.byteLength(json, "utf8")}\r\n\r\n${json}`, "utf8", this.afterWrite) &&
      this.stream.writableLength >= this.congestionBytes
    ) {
      this.congested = true;
    }
    return undefined;
  }
}

/**
 * Reads `Content-Length` framed JSON messages and hands over each as soon as its last byte
 * arrives, in order, all of a chunk in the same call. The chunks of a message still arriving are
 * kept as a list and joined once, so a large message costs one copy whatever its chunk count.
 */
export class ContentLengthReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Body length of the message whose header was read, or -1 while a header is awaited. */
  private bodyLength = -1;
  private readonly onData = (chunk: Buffer) => this.receive(chunk);

  constructor(
    private readonly stream: Readable,
    private readonly onMessage: (message: unknown) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  listen(): void {
    this.stream.on("data", this.onData);
  }

  dispose(): void {
    this.stream.off("data", this.onData);
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    // Most of a large body is still on its way: wait for the rest rather than copy it each time.
    if (this.bodyLength >= 0 && this.buffered < this.bodyLength) return;
    const data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    let pos = 0;
    for (;;) {
      if (this.bodyLength < 0) {
        const headerEnd = data.indexOf(HEADER_END, pos);
        if (headerEnd < 0) break;
        const header = data.toString("latin1", pos, headerEnd);
        pos = headerEnd + HEADER_END.length;
        const length = CONTENT_LENGTH.exec(header);
        if (!length) {
          this.onError(new Error(`a header block without Content-Length: ${JSON.stringify(header)}`));
          continue;
        }
        this.bodyLength = Number(length[1]);
      }
      if (data.length - pos < this.bodyLength) break;
      const body = data.toString("utf8", pos, pos + this.bodyLength);
      pos += this.bodyLength;
      this.bodyLength = -1;
      let message: unknown;
      try {
        message = JSON.parse(body);
      } catch (error) {
        this.onError(error as Error);
        continue;
      }
      this.onMessage(message);
    }
    const rest = pos < data.length ? data.subarray(pos) : undefined;
    this.chunks = rest ? [rest] : [];
    this.buffered = rest ? rest.length : 0;
  }
}

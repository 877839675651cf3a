/**
 * Errors the client throws. A decline is never an exception (it is data in the result); these are
 * for calls that could not be answered: bad params, a sidecar error, a dead or wedged child.
 * No message here ever holds a card number or credential (the sidecar masks its own; the client
 * builds its messages from field paths, never values).
 */
import type { RpcErrorData } from "../protocol/index.js";

/** An error the sidecar answered (JSON-RPC `error`), or a params check that failed client-side. */
export class SidecarError extends Error {
  override name = "SidecarError";
  constructor(
    message: string,
    readonly code: number,
    readonly data: RpcErrorData = { kind: "Unknown" },
  ) {
    super(message);
  }
  get kind(): string {
    return this.data.kind;
  }
}

/**
 * Why a sidecar could not start. `binary-missing`, `binary-not-executable`, `protocol-mismatch`
 * and `handshake-failed` (the program answered initialize, but not as a sidecar: a wrong binary)
 * cannot get better by trying again, so the pool stops respawning at once; `crashed-at-start`
 * and `handshake-timeout` are retried a few times (`maxStartFailures`).
 */
export type StartFailure =
  | "binary-missing"
  | "binary-not-executable"
  | "spawn-failed"
  | "protocol-mismatch"
  | "crashed-at-start"
  | "handshake-timeout"
  | "handshake-failed";

/** The call could not reach a working sidecar (it died, could not start, or the pool is closed). */
export class SidecarUnavailableError extends Error {
  override name = "SidecarUnavailableError";
  constructor(
    message: string,
    /** Set when the cause is a sidecar that cannot start: which way it fails. */
    readonly startFailure?: StartFailure,
  ) {
    super(message);
  }
}

/** The call took longer than its deadline; the child that held it was replaced. */
export class SidecarTimeoutError extends Error {
  override name = "SidecarTimeoutError";
}

/** Too many calls are queued (every child busy or its stdin pipe full): back off and retry. */
export class SidecarOverloadedError extends Error {
  override name = "SidecarOverloadedError";
}

/** The sidecar speaks another major protocol version than this client. */
export class ProtocolVersionError extends Error {
  override name = "ProtocolVersionError";
}

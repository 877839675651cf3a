/** connector-sidecar's Node API. */
export { SidecarPool, type PoolOptions } from "./pool.js";
export { Sidecar, type SidecarOptions } from "./sidecar.js";
export { PaymentsClient, type FlowCall, type FlowStep, type PaymentsClientOptions } from "./flows.js";
export { fetchExecutor, NotSentError, type HttpExecutor } from "./http.js";
export { redact, maskPan, maskPansInText, describeRequest } from "./redact.js";
export { findSidecarBinary } from "./binary.js";
export {
  SidecarError,
  SidecarUnavailableError,
  SidecarTimeoutError,
  SidecarOverloadedError,
  ProtocolVersionError,
} from "./errors.js";
export * as protocol from "../protocol/index.js";
export type {
  AuthorizeRequest,
  PsyncRequest,
  PaymentResult,
  RefundResult,
  HttpRequest,
  HttpResponse,
  Money,
  Options,
  ConnectorInfo,
} from "../protocol/index.js";

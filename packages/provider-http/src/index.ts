// The HTTP transport both provider clients (i'mport V1, PortOne V2) share: a keep-alive pool,
// an overall deadline per request, a body limit, and failures handed to the client's own errors.
export {
  type HttpAnswer,
  HttpTransport,
  type HttpTransportOptions,
  type TransportFailure,
} from "./http-transport";
export { RequestDeadline } from "./request-deadline";
export { retryAfterMs } from "./retry-after";

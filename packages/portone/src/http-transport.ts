import { Pool } from "undici";
import { PortOneInvalidResponseError, PortOneTransientError } from "./errors";
import { RequestDeadline } from "./request-deadline";

export interface HttpTransportOptions {
  /** Base URL of the API (a path prefix is kept). */
  readonly apiUrl: string;
  /** Deadline of one request, connect to last byte, ms. */
  readonly timeoutMs: number;
  /** Keep-alive connections to the provider. */
  readonly maxSockets: number;
  /** Largest response body read, bytes. */
  readonly maxResponseBytes: number;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** A network failure as a typed error that keeps only the error's code, never its text. */
function networkError(error: unknown, identityVerificationId: string): Error {
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (code === "UND_ERR_RES_EXCEEDED_MAX_SIZE") {
    return new PortOneInvalidResponseError("too_large", { identityVerificationId });
  }
  const timedOut = name === "TimeoutError" || (typeof code === "string" && TIMEOUT_CODES.has(code));
  const reason = typeof code === "string" ? code : typeof name === "string" ? name : "unknown";
  return new PortOneTransientError(timedOut ? "timeout" : "network", {
    identityVerificationId,
    reason,
    cause: error,
  });
}

/**
 * One keep-alive connection pool to PortOne per client. Every request has a connect timeout and
 * an overall deadline, connect to last byte (which also bounds the wait for a free connection),
 * and its body is capped at `maxResponseBytes`.
 */
export class HttpTransport {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly timeoutMs: number;

  constructor(options: HttpTransportOptions) {
    const url = new URL(options.apiUrl);
    this.basePath = url.pathname.replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs;
    this.pool = new Pool(url.origin, {
      connections: options.maxSockets,
      connect: { timeout: options.timeoutMs },
      // The overall deadline below covers headers and body; undici's own timers would only
      // duplicate it (and are cleared lazily, keeping request state alive longer).
      headersTimeout: 0,
      bodyTimeout: 0,
      maxResponseSize: options.maxResponseBytes,
    });
  }

  /** `GET path` (relative to the base URL); `identityVerificationId` only labels errors. */
  async get(
    path: string,
    headers: Record<string, string>,
    identityVerificationId: string,
  ): Promise<HttpAnswer> {
    const deadline = new RequestDeadline(this.timeoutMs);
    try {
      const response = await this.pool.request({
        method: "GET",
        path: `${this.basePath}${path}`,
        headers,
        signal: deadline,
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      throw networkError(error, identityVerificationId);
    } finally {
      deadline.clear();
    }
  }

  /** Closes idle connections and waits for requests in flight. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

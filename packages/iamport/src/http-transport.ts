import { Pool } from "undici";
import { IamportInvalidResponseError, IamportTransientError } from "./errors";
import { RequestDeadline } from "./request-deadline";

export interface HttpTransportOptions {
  /** Base URL of the API, e.g. `https://api.iamport.kr` (a path prefix is kept). */
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

/** Network failures as transient errors, keeping only the error's code (never its text). */
function networkError(error: unknown, impUid: string | undefined): Error {
  if (error instanceof IamportInvalidResponseError) return error;
  const code = (error as { code?: unknown; name?: unknown }).code;
  const name = (error as { name?: unknown }).name;
  if (code === "UND_ERR_RES_EXCEEDED_MAX_SIZE") {
    return new IamportInvalidResponseError("too_large", { impUid });
  }
  const timedOut = name === "TimeoutError" || (typeof code === "string" && TIMEOUT_CODES.has(code));
  const reason = typeof code === "string" ? code : typeof name === "string" ? name : "unknown";
  return new IamportTransientError(timedOut ? "timeout" : "network", {
    impUid,
    reason,
    cause: error,
  });
}

/**
 * One keep-alive connection pool to the provider, created once per client. Every request has
 * a connect timeout and an overall deadline, connect to last byte (which also bounds time spent
 * queued for a free connection).
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
      // Off: every request has its own overall deadline (below), which covers headers and body.
      // undici's own timers for these are cleared lazily (up to a second later), so each
      // request's parser state would outlive it and churn the old generation under load.
      headersTimeout: 0,
      bodyTimeout: 0,
      maxResponseSize: options.maxResponseBytes,
    });
  }

  async request(
    method: "GET" | "POST",
    path: string,
    headers: Record<string, string>,
    body?: string,
    impUid?: string,
  ): Promise<HttpAnswer> {
    const deadline = new RequestDeadline(this.timeoutMs);
    try {
      const response = await this.pool.request({
        method,
        path: `${this.basePath}${path}`,
        headers,
        body,
        signal: deadline,
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      throw networkError(error, impUid);
    } finally {
      deadline.clear();
    }
  }

  /** Closes idle connections and waits for requests in flight. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

import { Pool } from "undici";
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
  /**
   * The provider client's own typed error for a request that got no usable answer; `subject`
   * is what the caller passed to label errors (an id). Errors this returns are thrown as they are.
   */
  readonly toError: (failure: TransportFailure, subject: string | undefined) => Error;
}

/**
 * Why a request got no answer, keeping only the low-level error's code (never its text):
 * - `too_large`: the body exceeded `maxResponseBytes`;
 * - `timeout`: the deadline passed (connect, headers or body);
 * - `network`: refused, reset, closed before the answer.
 */
export type TransportFailure =
  | { readonly kind: "too_large" }
  | { readonly kind: "timeout" | "network"; readonly reason: string; readonly cause: unknown };

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

function failureOf(error: unknown): TransportFailure {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (code === "UND_ERR_RES_EXCEEDED_MAX_SIZE") return { kind: "too_large" };
  const timedOut = name === "TimeoutError" || (typeof code === "string" && TIMEOUT_CODES.has(code));
  const reason = typeof code === "string" ? code : typeof name === "string" ? name : "unknown";
  return { kind: timedOut ? "timeout" : "network", reason, cause: error };
}

/**
 * One keep-alive connection pool to a provider, created once per client. Every request has a
 * connect timeout and an overall deadline, connect to last byte (which also bounds time spent
 * queued for a free connection), and its body is capped at `maxResponseBytes`.
 */
export class HttpTransport {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly timeoutMs: number;
  private readonly toError: HttpTransportOptions["toError"];

  constructor(options: HttpTransportOptions) {
    const url = new URL(options.apiUrl);
    this.basePath = url.pathname.replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs;
    this.toError = options.toError;
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

  /** `method path` (relative to the base URL); `subject` only labels errors. */
  async request(
    method: "GET" | "POST",
    path: string,
    headers: Record<string, string>,
    body?: string,
    subject?: string,
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
      throw this.toError(failureOf(error), subject);
    } finally {
      deadline.clear();
    }
  }

  /** Closes idle connections and waits for requests in flight. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

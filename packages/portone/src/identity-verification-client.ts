import { HttpTransport } from "@cert/provider-http";
import { SpanKind, verificationAttributes, withSpan } from "@cert/telemetry";
import { portoneTransportError } from "./http-transport";
import { type IdentityVerification, parseIdentityVerification } from "./identity-verification";
import { jsonOf, throwForStatus } from "./read-answer";

export interface IdentityVerificationClientOptions {
  /** Base URL of the V2 API, e.g. `https://api.portone.io` or the sandbox's URL. */
  readonly apiUrl: string;
  /** V2 API secret, sent as `Authorization: PortOne <secret>`; never logged or put in errors. */
  readonly apiSecret: string;
  /** Sent as `?storeId=` when set. Default none (PortOne uses the secret's store). */
  readonly storeId?: string;
  /** Deadline of each request, connect to last byte, ms. Default 5000. */
  readonly timeoutMs?: number;
  /** Keep-alive connections to PortOne. Default 64. */
  readonly maxSockets?: number;
  /** Largest response body accepted, bytes; a larger one is `too_large`. Default 64 KiB. */
  readonly maxResponseBytes?: number;
  /** Wait reported for a 429 without `Retry-After`, ms. Default 1000. */
  readonly defaultRetryAfterMs?: number;
}

/**
 * The PortOne V2 REST client for what this service needs: fetching one identity verification.
 * Errors are typed ({@link PortOneError} subclasses) and say whether a retry can help; the
 * client itself never retries.
 */
export class IdentityVerificationClient {
  private readonly http: HttpTransport;
  // A #private field: util.inspect and loggers never show it.
  readonly #authorization: string;
  private readonly query: string;
  private readonly defaultRetryAfterMs: number;

  constructor(options: IdentityVerificationClientOptions) {
    this.http = new HttpTransport({
      apiUrl: options.apiUrl,
      timeoutMs: options.timeoutMs ?? 5000,
      maxSockets: options.maxSockets ?? 64,
      maxResponseBytes: options.maxResponseBytes ?? 64 * 1024,
      toError: portoneTransportError,
    });
    this.#authorization = `PortOne ${options.apiSecret}`;
    this.query =
      options.storeId === undefined ? "" : `?storeId=${encodeURIComponent(options.storeId)}`;
    this.defaultRetryAfterMs = options.defaultRetryAfterMs ?? 1000;
  }

  /**
   * `GET /identity-verifications/{id}`, validated and normalized. Throws
   * {@link PortOneNotFoundError}, {@link PortOneAuthError}, {@link PortOneRejectedError},
   * {@link PortOneRateLimitError}, {@link PortOneTransientError} or
   * {@link PortOneInvalidResponseError}.
   */
  async getIdentityVerification(id: string): Promise<IdentityVerification> {
    if (typeof id !== "string" || id === "") {
      throw new TypeError("identityVerificationId must be a non-empty string");
    }
    // One client span per call: ids only, never the body.
    return withSpan(
      "portone.getIdentityVerification",
      { kind: SpanKind.CLIENT, attributes: verificationAttributes("portone", id) },
      async (span) => {
        const answer = await this.http.request(
          "GET",
          `/identity-verifications/${encodeURIComponent(id)}${this.query}`,
          { authorization: this.#authorization, accept: "application/json" },
          undefined,
          id,
        );
        span.setAttribute("http.response.status_code", answer.status);
        throwForStatus(answer, id, this.defaultRetryAfterMs);
        return parseIdentityVerification(jsonOf(answer, id), id);
      },
    );
  }

  /** Closes the connection pool. */
  close(): Promise<void> {
    return this.http.close();
  }
}

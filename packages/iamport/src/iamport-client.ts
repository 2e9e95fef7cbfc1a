import { createHash } from "node:crypto";
import { providerTokenSealer } from "@cert/pii";
import { type HttpAnswer, HttpTransport } from "@cert/provider-http";
import { SpanKind, VERIFICATION_PROVIDER, verificationAttributes, withSpan } from "@cert/telemetry";
import type { Cluster, Redis } from "ioredis";
import { type Certification, parseCertification } from "./certification";
import {
  IamportAuthError,
  IamportInvalidResponseError,
  IamportNotFoundError,
  IamportTransientError,
} from "./errors";
import { iamportTransportError } from "./http-transport";
import { type AnswerContext, isEnvelope, successResponse, throwForStatus } from "./read-answer";
import { tokenResponseSchema } from "./schemas";
import {
  type TokenGrant,
  TokenManager,
  type TokenManagerOptions,
  type TokenManagerStats,
} from "./token-manager";

export interface IamportClientOptions {
  /** Base URL of the REST API, e.g. `https://api.iamport.kr` or the sandbox's URL. */
  readonly apiUrl: string;
  /** REST API key (`imp_key`). */
  readonly apiKey: string;
  /** REST API secret (`imp_secret`). Sent only to getToken; never logged or put in errors. */
  readonly apiSecret: string;
  /** Shares the token with other processes through this Redis. Default none (this process only). */
  readonly redis?: Redis | Cluster;
  /** Prefix of the token's Redis keys. Default `iamport:`. */
  readonly keyPrefix?: string;
  /** Deadline of each HTTP request, connect to last byte, ms. Default 5000. */
  readonly timeoutMs?: number;
  /** Keep-alive connections to the provider. Default 64. */
  readonly maxSockets?: number;
  /** Largest response body accepted, bytes. Default 1 MiB. */
  readonly maxResponseBytes?: number;
  /** Wait reported for a 429 without `Retry-After`, ms. Default 1000. */
  readonly defaultRetryAfterMs?: number;
  /**
   * Token refresh tuning (see {@link TokenManagerOptions}): `refreshMarginMs` default 60000,
   * `lockTtlMs` default `timeoutMs` + 5000, `lockWaitMs`, `pollIntervalMs`, `now`.
   */
  readonly token?: Omit<
    TokenManagerOptions,
    "fetchToken" | "redis" | "tokenSealer" | "keyPrefix" | "scope"
  >;
}

/**
 * The i'mport (PortOne V1) REST client for what this service needs: fetching one
 * certification. Errors are typed ({@link IamportError} subclasses) and say whether a retry can
 * help; the client itself retries only a 401, once, with a fresh token.
 */
export class IamportClient {
  /** The token cache; its `stats()` counts getToken calls. */
  readonly tokens: TokenManager;
  private readonly http: HttpTransport;
  // A #private field: util.inspect and loggers never show it.
  readonly #credentials: string;
  private readonly defaultRetryAfterMs: number;

  constructor(options: IamportClientOptions) {
    const timeoutMs = options.timeoutMs ?? 5000;
    this.http = new HttpTransport({
      apiUrl: options.apiUrl,
      timeoutMs,
      maxSockets: options.maxSockets ?? 64,
      maxResponseBytes: options.maxResponseBytes ?? 1024 * 1024,
      toError: iamportTransportError,
    });
    this.#credentials = JSON.stringify({ imp_key: options.apiKey, imp_secret: options.apiSecret });
    this.defaultRetryAfterMs = options.defaultRetryAfterMs ?? 1000;
    // Processes share a token only when they talk to the same API with the same key.
    const scope = createHash("sha256").update(`${options.apiUrl}\n${options.apiKey}`).digest("hex");
    this.tokens = new TokenManager({
      lockTtlMs: timeoutMs + 5000,
      ...options.token,
      fetchToken: () => this.requestToken(),
      redis: options.redis,
      // Sealed under a key derived from the API secret: Redis alone never yields a usable token.
      tokenSealer: providerTokenSealer(options.apiSecret, "iamport"),
      keyPrefix: options.keyPrefix,
      scope: scope.slice(0, 16),
    });
  }

  /**
   * `GET /certifications/{imp_uid}`, validated and normalized. Throws
   * {@link IamportNotFoundError} (404), {@link IamportAuthError}, {@link IamportRateLimitError},
   * {@link IamportTransientError} or {@link IamportInvalidResponseError}.
   */
  async getCertification(impUid: string): Promise<Certification> {
    if (typeof impUid !== "string" || impUid === "") {
      throw new TypeError("impUid must be a non-empty string");
    }
    // One client span per call (a token fetch and a 401 retry included): ids only, never the body.
    return withSpan(
      "iamport.getCertification",
      { kind: SpanKind.CLIENT, attributes: verificationAttributes("iamport", impUid) },
      async (span) => {
        const answer = await this.fetchAnswer(impUid);
        span.setAttribute("http.response.status_code", answer.status);
        return this.readCertification(answer, impUid);
      },
    );
  }

  /** The certification's answer, with one retry on a fresh token after a 401. */
  private async fetchAnswer(impUid: string): Promise<HttpAnswer> {
    const token = await this.tokens.getToken();
    let answer = await this.fetchCertification(impUid, token);
    if (answer.status === 401) {
      // The token expired or was revoked in flight: one fresh token, one retry.
      await this.tokens.invalidate(token);
      answer = await this.fetchCertification(impUid, await this.tokens.getToken());
      if (answer.status === 401) {
        throw new IamportTransientError("token_rejected", { status: 401, impUid });
      }
    }
    return answer;
  }

  private readCertification(answer: HttpAnswer, impUid: string): Certification {
    const context: AnswerContext = { impUid, defaultRetryAfterMs: this.defaultRetryAfterMs };
    if (answer.status === 404) {
      // Only the provider's own envelope means "no such certification"; a proxy's 404 page
      // (a wrong API URL) must not turn every id into not_found.
      if (isEnvelope(answer)) throw new IamportNotFoundError(impUid);
      throw new IamportInvalidResponseError("unexpected_status", { status: 404, impUid });
    }
    throwForStatus(answer, context);
    return parseCertification(successResponse(answer, context), impUid);
  }

  stats(): TokenManagerStats {
    return this.tokens.stats();
  }

  /** Closes the connection pool (not the Redis connection, which the caller owns). */
  close(): Promise<void> {
    return this.http.close();
  }

  private fetchCertification(impUid: string, token: string): Promise<HttpAnswer> {
    return this.http.request(
      "GET",
      `/certifications/${encodeURIComponent(impUid)}`,
      { authorization: `Bearer ${token}`, accept: "application/json" },
      undefined,
      impUid,
    );
  }

  private requestToken(): Promise<TokenGrant> {
    // The token serves every verification, so its span names the provider only.
    const options = { kind: SpanKind.CLIENT, attributes: { [VERIFICATION_PROVIDER]: "iamport" } };
    return withSpan("iamport.getToken", options, async (span) => {
      const answer = await this.http.request(
        "POST",
        "/users/getToken",
        { "content-type": "application/json", accept: "application/json" },
        this.#credentials,
      );
      span.setAttribute("http.response.status_code", answer.status);
      return this.readToken(answer);
    });
  }

  private readToken(answer: HttpAnswer): TokenGrant {
    if (answer.status === 401) throw new IamportAuthError("invalid_credentials", { status: 401 });
    const context: AnswerContext = { defaultRetryAfterMs: this.defaultRetryAfterMs };
    throwForStatus(answer, context);
    // The token is inside `response`, not at the envelope's top level.
    const parsed = tokenResponseSchema.safeParse(successResponse(answer, context));
    if (!parsed.success || parsed.data.expired_at <= parsed.data.now) {
      throw new IamportInvalidResponseError("invalid_token_response", { status: answer.status });
    }
    return {
      accessToken: parsed.data.access_token,
      now: parsed.data.now,
      expiredAt: parsed.data.expired_at,
    };
  }
}

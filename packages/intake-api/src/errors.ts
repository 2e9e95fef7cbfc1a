import type { Logger } from "@cert/logger";
import type { ErrorRequestHandler, RequestHandler } from "express";

/**
 * An error the API answers with as `{"error":{"code","message"}}`. `code` is stable and safe to
 * show; `message` is a fixed sentence that never echoes the request (untrusted input, possibly
 * personal data).
 */
export class HttpError extends Error {
  override readonly name: string = "HttpError";

  constructor(
    /** HTTP status code. */
    readonly status: number,
    /** Stable machine-readable code, safe to log and to show. */
    readonly code: string,
    message: string,
    /** True when the same request may succeed later (rate limit, outage). */
    readonly retryable = false,
    /** Sent as `Retry-After` (seconds) when set. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** 400: the body, query or path does not carry a valid imp_uid. */
export class InvalidImpUidError extends HttpError {
  override readonly name = "InvalidImpUidError";
  constructor() {
    super(400, "invalid_imp_uid", "imp_uid must be imp_ followed by digits, at most 32 characters");
  }
}

/** 400: any other malformed request (unparseable JSON, a broken URL). */
export class BadRequestError extends HttpError {
  override readonly name = "BadRequestError";
  constructor(code: "invalid_json" | "invalid_url" | "invalid_body", message: string) {
    super(400, code, message);
  }
}

/** 404: no such route, or no such certification. */
export class NotFoundError extends HttpError {
  override readonly name = "NotFoundError";
  constructor(message = "Not found") {
    super(404, "not_found", message);
  }
}

/** 413: the body is larger than the limit. */
export class PayloadTooLargeError extends HttpError {
  override readonly name = "PayloadTooLargeError";
  constructor(limitBytes: number) {
    super(413, "payload_too_large", `Request body exceeds ${limitBytes} bytes`);
  }
}

/** 415: the body is neither JSON nor a form (or uses a charset or encoding we do not read). */
export class UnsupportedMediaTypeError extends HttpError {
  override readonly name = "UnsupportedMediaTypeError";
  constructor(
    message = "Send application/json or application/x-www-form-urlencoded (UTF-8, not compressed)",
  ) {
    super(415, "unsupported_media_type", message);
  }
}

/** 429: this client exceeded its rate; retry after the window resets. */
export class RateLimitedError extends HttpError {
  override readonly name = "RateLimitedError";
  constructor(retryAfterSeconds: number) {
    super(429, "rate_limited", "Too many requests, retry later", true, retryAfterSeconds);
  }
}

/** 503: a dependency (Redis, Postgres) is unavailable; nothing was half-written. */
export class ServiceUnavailableError extends HttpError {
  override readonly name = "ServiceUnavailableError";
  constructor(
    code: "queue_unavailable" | "database_unavailable" | "not_ready",
    message: string,
    retryAfterSeconds: number,
  ) {
    super(503, code, message, true, retryAfterSeconds);
  }
}

/** 500: a bug. The answer carries no detail; the log has it. */
export class InternalError extends HttpError {
  override readonly name = "InternalError";
  constructor() {
    super(500, "internal", "Internal server error", false);
  }
}

/**
 * Errors thrown outside our code with an HTTP status: express's router throws a `URIError`
 * with status 400 when a path parameter is not valid percent-encoding.
 */
function fromForeignError(error: unknown): HttpError | undefined {
  if (error instanceof URIError) {
    return new BadRequestError("invalid_url", "The URL is not valid percent-encoding");
  }
  return undefined;
}

/** The {@link HttpError} an arbitrary thrown value is answered with. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  return fromForeignError(error) ?? new InternalError();
}

/** Final route: anything no router answered is a JSON 404, never express's HTML page. */
export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new NotFoundError());
};

/**
 * The one error handler: every error becomes `{"error":{"code","message"}}` with its status
 * (and `Retry-After` when retrying helps). Unexpected errors are logged (serialised without
 * request data) and answered as a bare `500 internal`.
 */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const httpError = toHttpError(error);
    if (httpError instanceof InternalError) {
      logger.error({ err: error, method: req.method, route: req.route?.path }, "unhandled error");
    }
    if (res.headersSent) {
      // Too late for a JSON answer: cut the connection so the client sees a failure.
      res.destroy();
      return;
    }
    if (httpError.retryAfterSeconds !== undefined) {
      res.setHeader("Retry-After", String(httpError.retryAfterSeconds));
    }
    res
      .status(httpError.status)
      .json({ error: { code: httpError.code, message: httpError.message } });
  };
}

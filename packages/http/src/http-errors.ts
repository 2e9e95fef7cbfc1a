/**
 * An error the API (intake and admin) answers with as `{"error":{"code","message"}}`. `code` is
 * stable and safe to show; `message` is a fixed sentence that never echoes the request
 * (untrusted input, possibly personal data) nor a credential.
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

  /** Headers the answer carries besides the body. */
  headers(): Record<string, string> {
    return this.retryAfterSeconds === undefined
      ? {}
      : { "Retry-After": String(this.retryAfterSeconds) };
  }
}

/** 400: a malformed request (unparseable JSON, a broken URL, a bad query parameter, no imp_uid). */
export class BadRequestError extends HttpError {
  override readonly name = "BadRequestError";
  constructor(
    code:
      | "invalid_imp_uid"
      | "invalid_identity_verification_id"
      | "invalid_json"
      | "invalid_url"
      | "invalid_body"
      | "invalid_query",
    message: string,
  ) {
    super(400, code, message);
  }
}

/** 401: missing or wrong credentials; retrying with the same ones cannot help. */
export class UnauthorizedError extends HttpError {
  override readonly name = "UnauthorizedError";
  constructor() {
    super(401, "unauthorized", "A valid admin bearer token is required");
  }

  override headers(): Record<string, string> {
    return { "WWW-Authenticate": 'Bearer realm="admin"' };
  }
}

/**
 * 403: the caller may not do this, whoever they are: an admin action the surface never allows
 * (`admin_action_forbidden`) or a cookie-authenticated request from another origin
 * (`cross_origin_request`). Retrying cannot help.
 */
export class ForbiddenError extends HttpError {
  override readonly name = "ForbiddenError";
  constructor(code: "admin_action_forbidden" | "cross_origin_request", message: string) {
    super(403, code, message);
  }
}

/** 404: no such route, or no such resource (`code` names which, e.g. `job_not_found`). */
export class NotFoundError extends HttpError {
  override readonly name = "NotFoundError";
  constructor(message = "Not found", code = "not_found") {
    super(404, code, message);
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
    super(500, "internal_error", "Internal server error");
  }
}

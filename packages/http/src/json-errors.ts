import type { Logger } from "@cert/logger";
import { isRedisUnavailableError } from "@cert/redis";
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import {
  BadRequestError,
  HttpError,
  InternalError,
  NotFoundError,
  ServiceUnavailableError,
} from "./http-errors";

/** `Retry-After` of a 503 answered for a Redis outage nobody translated, in seconds. */
const REDIS_RETRY_AFTER_SECONDS = 5;

/**
 * The {@link HttpError} an arbitrary thrown value is answered with:
 * - an `HttpError` as is;
 * - a Redis outage (`RedisUnavailableError`) as `503 queue_unavailable`;
 * - express's `URIError` (a path parameter that is not valid percent-encoding) as 400;
 * - body-parser's errors (they carry a 4xx `status`) as `400`-class `bad_request`;
 * - anything else as `500 internal_error`.
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (isRedisUnavailableError(error)) {
    return new ServiceUnavailableError(
      "queue_unavailable",
      "The queue is unavailable, retry later",
      REDIS_RETRY_AFTER_SECONDS,
    );
  }
  if (error instanceof URIError) {
    return new BadRequestError("invalid_url", "The URL is not valid percent-encoding");
  }
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new HttpError(status, "bad_request", "Malformed request");
  }
  return new InternalError();
}

/** Answers `{"error":{"code","message"}}` with the error's status and headers. */
export function sendJsonError(res: Response, error: HttpError): void {
  res.set(error.headers());
  res.status(error.status).json({ error: { code: error.code, message: error.message } });
}

/** Final route: anything no router answered is a JSON 404, never express's HTML page. */
export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new NotFoundError());
};

/**
 * The one error handler of intake and admin: every error becomes `{"error":{"code","message"}}`
 * with its status (and `Retry-After` when retrying helps). Bugs are logged (serialised without
 * request data) and answered as a bare `500 internal_error`; Redis outages as a warning.
 */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const httpError = toHttpError(error);
    const where = { method: req.method, route: req.route?.path ?? req.baseUrl };
    if (httpError instanceof InternalError)
      logger.error({ err: error, ...where }, "unhandled error");
    else if (isRedisUnavailableError(error))
      logger.warn({ err: error, ...where }, "redis unavailable");
    if (res.headersSent) {
      // Too late for a JSON answer: cut the connection so the client sees a failure.
      res.destroy();
      return;
    }
    sendJsonError(res, httpError);
  };
}

import type { Logger } from "@cert/logger";
import type { ErrorRequestHandler, Response } from "express";
import { AdminHttpError, AdminQueueUnavailableError, UnauthorizedError } from "./errors";

/** Answers `{"error":{"code","message"}}` with the error's status and its retry hints. */
export function sendJsonError(res: Response, error: AdminHttpError): void {
  if (error instanceof UnauthorizedError) res.set("WWW-Authenticate", 'Bearer realm="admin"');
  if (error instanceof AdminQueueUnavailableError) {
    res.set("Retry-After", String(error.retryAfterSeconds));
  }
  res.status(error.status).json({ error: { code: error.code, message: error.message } });
}

// ioredis' wording when a fail-fast connection (no offline queue) cannot send a command, and
// the socket errors beneath it. Matching them is how a Redis outage becomes a 503, not a 500.
const REDIS_DOWN_MESSAGES = ["Connection is closed", "Stream isn't writeable", "connect ECONN"];
const REDIS_DOWN_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"]);

/** Whether `error` means Redis did not answer (so retrying later can succeed). */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "MaxRetriesPerRequestError") return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && REDIS_DOWN_CODES.has(code)) return true;
  return REDIS_DOWN_MESSAGES.some((text) => error.message.includes(text));
}

/**
 * The last handler of the JSON routes: known errors keep their status, a Redis outage is a 503
 * with Retry-After, anything else a 500 whose details go to the log only.
 */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (error instanceof AdminHttpError) return sendJsonError(res, error);
    if (isRedisUnavailable(error)) {
      logger.warn({ err: error, path: req.path }, "admin request failed: redis unavailable");
      return sendJsonError(res, new AdminQueueUnavailableError());
    }
    // Body-parser errors (malformed or oversized login form) carry their own 4xx status.
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      return sendJsonError(res, new AdminHttpError(status, "bad_request", "Malformed request"));
    }
    logger.error({ err: error, path: req.path }, "admin request failed");
    sendJsonError(res, new AdminHttpError(500, "internal_error", "Internal error"));
  };
}

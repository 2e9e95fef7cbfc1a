import express, { type RequestHandler } from "express";
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from "./errors";

/** Default largest accepted body: an imp_uid needs about 40 bytes, so 4 KiB is generous. */
export const DEFAULT_BODY_LIMIT_BYTES = 4096;

const SUPPORTED_TYPES = ["application/json", "application/x-www-form-urlencoded"];

/** A `charset` parameter other than UTF-8 (body-parser would decode UTF-16 and friends). */
const NON_UTF8_CHARSET = /;\s*charset\s*=\s*(?!"?utf-?8"?\s*(?:;|$))/i;

/** Maps body-parser's error `type`s to `HttpError`s; anything else stays a bug (500). */
function fromBodyParserError(error: unknown, limitBytes: number): unknown {
  const type = (error as { type?: unknown } | null)?.type;
  switch (type) {
    case "entity.parse.failed":
      return new BadRequestError("invalid_json", "The body is not valid JSON");
    case "entity.too.large":
    case "parameters.too.many":
      return new PayloadTooLargeError(limitBytes);
    case "encoding.unsupported":
    case "charset.unsupported":
      return new UnsupportedMediaTypeError();
    case "request.aborted":
    case "request.size.invalid":
      return new BadRequestError("invalid_body", "The body ended before its declared length");
    default:
      return error;
  }
}

/** Runs a body-parser middleware and converts its errors into `HttpError`s. */
function withHttpErrors(parser: RequestHandler, limitBytes: number): RequestHandler {
  return (req, res, next) => {
    parser(req, res, (error?: unknown) => {
      next(error === undefined ? undefined : fromBodyParserError(error, limitBytes));
    });
  };
}

/**
 * Rejects a body that is neither JSON nor a form, or not UTF-8, before reading it (415), so an
 * unsupported body is never buffered. A request without a body passes (it then has no imp_uid:
 * 400).
 */
const requireSupportedType: RequestHandler = (req, _res, next) => {
  const unsupported =
    req.is(SUPPORTED_TYPES) === false || NON_UTF8_CHARSET.test(req.headers["content-type"] ?? "");
  next(unsupported ? new UnsupportedMediaTypeError() : undefined);
};

/**
 * Middleware chain for the intake body: JSON (`strict`, so only objects and arrays) or a flat
 * urlencoded form (`extended: false`: no nested objects), both limited to `limitBytes` (413
 * above it, checked against `Content-Length` before reading when it is declared). Compressed
 * bodies are refused (415): an imp_uid gains nothing from compression, and inflating is work
 * an attacker could make us do.
 */
export function intakeBodyParsers(limitBytes = DEFAULT_BODY_LIMIT_BYTES): RequestHandler[] {
  return [
    requireSupportedType,
    withHttpErrors(express.json({ limit: limitBytes, strict: true, inflate: false }), limitBytes),
    withHttpErrors(
      express.urlencoded({
        limit: limitBytes,
        extended: false,
        parameterLimit: 20,
        inflate: false,
      }),
      limitBytes,
    ),
  ];
}

import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from "@cert/http";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";

/** Default largest accepted body: an imp_uid needs about 40 bytes, so 4 KiB is generous. */
export const DEFAULT_BODY_LIMIT_BYTES = 4096;

const JSON_TYPE = "application/json";
const FORM_TYPE = "application/x-www-form-urlencoded";
const SUPPORTED_TYPES = [JSON_TYPE, FORM_TYPE];

/** A `charset` parameter other than UTF-8 (body-parser would decode UTF-16 and friends). */
const NON_UTF8_CHARSET = /;\s*charset\s*=\s*(?!"?utf-?8"?\s*(?:;|$))/i;

/**
 * Parses the intake body: JSON (`strict`, so only objects and arrays) or a flat urlencoded form
 * (`extended: false`: no nested objects), at most `limitBytes` (413 above it, checked against
 * `Content-Length` before reading when it is declared). Anything else, a charset other than
 * UTF-8 or a compressed body is refused with 415 before a byte is read: an imp_uid gains
 * nothing from compression, and inflating is work an attacker could make us do. A request
 * without a body passes untouched (it then has no imp_uid: 400).
 *
 * One middleware that picks the parser, rather than a chain where each parser checks the
 * content type again: this runs on every intake request.
 */
export function intakeBodyParser(limitBytes = DEFAULT_BODY_LIMIT_BYTES): RequestHandler {
  const json = express.json({ limit: limitBytes, strict: true, inflate: false });
  const form = express.urlencoded({
    limit: limitBytes,
    extended: false,
    parameterLimit: 20,
    inflate: false,
  });
  return (req, res, next) => {
    const type = req.is(SUPPORTED_TYPES);
    if (type === null) return next();
    if (type === false || NON_UTF8_CHARSET.test(req.headers["content-type"] ?? "")) {
      return next(new UnsupportedMediaTypeError());
    }
    return type === JSON_TYPE ? json(req, res, next) : form(req, res, next);
  };
}

/**
 * Error middleware placed after {@link intakeBodyParser}: turns body-parser's errors (told
 * apart by their `type`) into `HttpError`s; anything else passes through unchanged.
 */
export function bodyParserErrors(limitBytes = DEFAULT_BODY_LIMIT_BYTES): ErrorRequestHandler {
  return (error, _req, _res, next) => {
    switch ((error as { type?: unknown } | null)?.type) {
      case "entity.parse.failed":
        return next(new BadRequestError("invalid_json", "The body is not valid JSON"));
      case "entity.too.large":
      case "parameters.too.many":
        return next(new PayloadTooLargeError(limitBytes));
      case "encoding.unsupported":
      case "charset.unsupported":
        return next(new UnsupportedMediaTypeError());
      case "request.aborted":
      case "request.size.invalid":
        return next(
          new BadRequestError("invalid_body", "The body ended before its declared length"),
        );
      default:
        return next(error);
    }
  };
}

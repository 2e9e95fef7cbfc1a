import { BadRequestError } from "@cert/http";
import { InvalidImpUidError } from "@cert/queue";
import type { ErrorRequestHandler } from "express";

/**
 * What intake answers a thrown value with, before the shared JSON error handler: the queue's
 * `InvalidImpUidError` (input that is not an imp_uid) is `400 invalid_imp_uid`; anything else
 * passes unchanged.
 */
export function fromDomainError(error: unknown): unknown {
  return error instanceof InvalidImpUidError
    ? new BadRequestError("invalid_imp_uid", error.message)
    : error;
}

/** Error middleware placed before the shared JSON handler: applies {@link fromDomainError}. */
export const domainErrorHandler: ErrorRequestHandler = (error, _req, _res, next) => {
  next(fromDomainError(error));
};

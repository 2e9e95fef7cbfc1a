import { BadRequestError } from "@cert/http";
import { InvalidIdentityVerificationIdError, InvalidImpUidError } from "@cert/queue";
import type { ErrorRequestHandler } from "express";

/**
 * What intake answers a thrown value with, before the shared JSON error handler: the queue's
 * malformed-id errors are `400` with their own code (`invalid_imp_uid`,
 * `invalid_identity_verification_id`); anything else passes unchanged.
 */
export function fromDomainError(error: unknown): unknown {
  return error instanceof InvalidImpUidError || error instanceof InvalidIdentityVerificationIdError
    ? new BadRequestError(error.code, error.message)
    : error;
}

/** Error middleware placed before the shared JSON handler: applies {@link fromDomainError}. */
export const domainErrorHandler: ErrorRequestHandler = (error, _req, _res, next) => {
  next(fromDomainError(error));
};

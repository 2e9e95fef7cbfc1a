import { InvalidIdentityVerificationIdError, InvalidImpUidError } from "./errors";
import { isImpUid } from "./imp-uid";

/** The providers a verification can come from: i'mport V1 (`imp_uid`) and PortOne V2. */
export type Provider = "iamport" | "portone";
export const PROVIDERS: readonly Provider[] = Object.freeze(["iamport", "portone"]);

/** One verification: its provider and the provider's id (the imp_uid, or the identityVerificationId). */
export interface VerificationRef {
  readonly provider: Provider;
  readonly id: string;
}

/** PortOne V2 identityVerificationIds (chosen by the merchant): 1-128 of `A-Z a-z 0-9 . _ ~ -`. */
export const IDENTITY_VERIFICATION_ID_PATTERN = /^[A-Za-z0-9._~-]{1,128}$/;

/** True when `value` is a well-formed identityVerificationId. */
export function isIdentityVerificationId(value: unknown): value is string {
  return typeof value === "string" && IDENTITY_VERIFICATION_ID_PATTERN.test(value);
}

/** True when `value` is a well-formed id of `provider`. */
export function isVerificationId(provider: Provider, value: unknown): value is string {
  return provider === "iamport" ? isImpUid(value) : isIdentityVerificationId(value);
}

/** The provider's own malformed-id error (so the API answers the provider's 400 code). */
export function invalidIdError(
  provider: Provider,
): InvalidImpUidError | InvalidIdentityVerificationIdError {
  return provider === "iamport"
    ? new InvalidImpUidError()
    : new InvalidIdentityVerificationIdError();
}

/** Prefix of V2 job ids; an imp_uid starts with `imp_`, so the two never collide. */
const PORTONE_JOB_PREFIX = "portone.";

/**
 * The BullMQ job id of a verification. Deterministic ids make enqueueing idempotent (BullMQ
 * ignores an add whose id is still retained). V1: the imp_uid itself (as before V2, so a job
 * queued before the upgrade still dedupes a repeat). V2: `portone.<id>`: BullMQ rejects ids
 * that contain `:` or are all digits, which a bare V2 id could be.
 *
 * @throws InvalidImpUidError or InvalidIdentityVerificationIdError for a malformed id.
 */
export function jobIdFor(ref: VerificationRef): string {
  if (!isVerificationId(ref.provider, ref.id)) throw invalidIdError(ref.provider);
  return ref.provider === "iamport" ? ref.id : `${PORTONE_JOB_PREFIX}${ref.id}`;
}

import { InvalidImpUidError } from "./errors";

/** i'mport certification ids: `imp_` followed by digits. */
export const IMP_UID_PATTERN = /^imp_\d+$/;

/** Longest imp_uid accepted, so an id can never be used to bloat Redis keys or logs. */
export const IMP_UID_MAX_LENGTH = 32;

/** True when `value` is a well-formed imp_uid (the API's input validation uses this). */
export function isImpUid(value: unknown): value is string {
  return (
    typeof value === "string" && value.length <= IMP_UID_MAX_LENGTH && IMP_UID_PATTERN.test(value)
  );
}

/**
 * The BullMQ job id for a certification: the imp_uid itself. Deterministic ids make enqueueing
 * idempotent (BullMQ ignores an add whose id is still retained). BullMQ rejects custom ids that
 * are integers or contain `:`; an imp_uid is neither (it starts with `imp_`), which is why it
 * is validated here.
 *
 * @throws InvalidImpUidError when `impUid` is not an imp_uid.
 */
export function jobIdFor(impUid: string): string {
  if (!isImpUid(impUid)) throw new InvalidImpUidError();
  return impUid;
}

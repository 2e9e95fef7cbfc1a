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

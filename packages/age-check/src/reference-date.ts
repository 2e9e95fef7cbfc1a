import { AgeCheckInputError } from "./errors";

/**
 * Asia/Seoul is a fixed UTC+09:00: Korea has observed no daylight saving time since 1988, and
 * every certification this service checks is from after that, so a constant offset is exact
 * and needs no time-zone database (which may be missing from slim Node builds).
 */
const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000;

/**
 * The reference date of the age check: the calendar day (`YYYY-MM-DD`) of `certifiedAt` in
 * Asia/Seoul, or of `now` only when the provider gave no `certified_at`. Using the
 * certification's own time makes a replayed job reach the same outcome (CONTRACT §2).
 *
 * @example referenceDateInSeoul(new Date("2024-12-31T15:30:00Z"), now) === "2025-01-01"
 */
export function referenceDateInSeoul(certifiedAt: Date | null, now: Date): string {
  const instant = certifiedAt ?? now;
  const ms = instant.getTime();
  if (Number.isNaN(ms)) {
    throw new AgeCheckInputError("invalid_instant", "reference instant is not a valid Date");
  }
  return new Date(ms + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}

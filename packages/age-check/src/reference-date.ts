import { seoulDateOf } from "@cert/calendar";
import { AgeCheckInputError } from "./errors";

/**
 * The reference date of the age check: the calendar day (`YYYY-MM-DD`) of `certifiedAt` in
 * Asia/Seoul, or of `now` only when the provider gave no `certified_at`. Using the
 * certification's own time makes a replayed job reach the same outcome.
 *
 * @example referenceDateInSeoul(new Date("2024-12-31T15:30:00Z"), now) === "2025-01-01"
 */
export function referenceDateInSeoul(certifiedAt: Date | null, now: Date): string {
  const instant = certifiedAt ?? now;
  const ms = instant.getTime();
  if (Number.isNaN(ms)) {
    throw new AgeCheckInputError("invalid_instant", "reference instant is not a valid Date");
  }
  return seoulDateOf(ms / 1000);
}

/**
 * Calendar dates in Asia/Seoul through the time-zone database (Intl), not a fixed +09:00.
 * Korea has kept UTC+09:00 without daylight saving since 1988, but a legacy `birth` is a
 * birthday, often older: during the summers of 1987-1988 (and 1955-1960) midnight in Seoul was
 * UTC+10:00 (or +09:30), and a fixed offset would give the day before. The zone rules get
 * those right, and still give the right day if the provider itself used a plain +09:00.
 */
const seoulDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Seoul",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/**
 * `YYYY-MM-DD` in Asia/Seoul of a unix time in **seconds** (the provider's unit; `new Date(s)`
 * would read it as milliseconds).
 *
 * @example birthdayFromUnixSeconds(631119600) === "1990-01-01" // 1989-12-31T15:00:00Z
 */
export function birthdayFromUnixSeconds(seconds: number): string {
  const parts: Record<string, string> = {};
  for (const part of seoulDate.formatToParts(new Date(seconds * 1000)))
    parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * Calendar days in Asia/Seoul, through the time-zone database (Intl), never a fixed +09:00.
 * Korea has kept UTC+09:00 without daylight saving since 1988, so for a recent instant (when a
 * certification happened) both give the same day. Birthdays are older: during Korea's summer
 * time (1948-1961, 1987-1988) midnight in Seoul was UTC+10:00 (or +09:30), and a fixed offset
 * would give the day before. The zone rules get those right, and still give the right day if
 * the provider itself used a plain +09:00.
 */
const seoulParts = new Intl.DateTimeFormat("en-US", {
  timeZone: "Asia/Seoul",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** Seoul wall-clock time of an instant, expressed as if it were UTC (unix seconds). */
function seoulWallSeconds(unixSeconds: number): number {
  const parts: Record<string, number> = {};
  for (const part of seoulParts.formatToParts(new Date(unixSeconds * 1000))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
}

/**
 * `YYYY-MM-DD` in Asia/Seoul of a unix time in **seconds** (the provider's unit; `new Date(s)`
 * would read it as milliseconds). For a `Date`, pass `date.getTime() / 1000`.
 *
 * @example seoulDateOf(631119600) === "1990-01-01" // 1989-12-31T15:00:00Z
 */
export function seoulDateOf(unixSeconds: number): string {
  return new Date(seoulWallSeconds(Math.floor(unixSeconds)) * 1000).toISOString().slice(0, 10);
}

/**
 * Unix seconds of the first instant of `date` (`YYYY-MM-DD`) in Asia/Seoul, as the provider's
 * legacy `birth` field holds: 00:00, or 01:00 on the days summer time began at midnight
 * (1955-1960).
 */
export function seoulMidnightUnixSeconds(date: string): number {
  const target = Date.parse(`${date}T00:00:00Z`) / 1000;
  let guess = target - 9 * 3600;
  // Two corrections settle any offset the zone has used (+08:30, +09:00, +09:30, +10:00).
  for (let i = 0; i < 2; i += 1) guess -= seoulWallSeconds(guess) - target;
  const wall = seoulWallSeconds(guess);
  // Midnight skipped by a summer-time jump: the day starts when the clock jumps past it.
  if (wall < target) return guess + (target - wall);
  // Midnight repeated by a fall-back: take the earlier one.
  for (const back of [3600, 1800]) {
    if (seoulWallSeconds(guess - back) === target) return guess - back;
  }
  return guess;
}

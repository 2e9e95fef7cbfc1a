/**
 * Asia/Seoul calendar helpers for the generator. They use the time-zone database rather than a
 * fixed +09:00 so that legacy `birth` values of people born during Korea's historical daylight
 * saving (1948-1961, 1987-1988) are exactly what a provider using the Asia/Seoul zone would send.
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
 * Unix seconds of the first instant of `date` (`YYYY-MM-DD`) in Asia/Seoul, as the legacy
 * `birth` field holds: 00:00, or 01:00 on the days summer time began at midnight (1955-1960).
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

/** `YYYY-MM-DD` of an instant in Asia/Seoul. */
export function seoulDateOf(unixSeconds: number): string {
  return new Date(seoulWallSeconds(unixSeconds) * 1000).toISOString().slice(0, 10);
}

// Calendar days: the one date validator, and days in Asia/Seoul (for age checks, the provider's
// legacy birth field and the sandbox that imitates it).
export { type CalendarDate, parseCalendarDate } from "./calendar-date";
export { seoulDateOf, seoulMidnightUnixSeconds } from "./seoul-date";

import { type CalendarDate, parseCalendarDate } from "@cert/calendar";
import { AgeCheckInputError } from "./errors";

/**
 * A `YYYY-MM-DD` input of an age rule as a calendar day, or an {@link AgeCheckInputError} with
 * `code` (its message never echoes the value, which may be a birthday).
 */
export function parseInputDate(
  value: string,
  code: "invalid_birthday" | "invalid_reference_date",
): CalendarDate {
  const date = parseCalendarDate(value);
  if (date) return date;
  const what = code === "invalid_birthday" ? "birthday" : "reference date";
  throw new AgeCheckInputError(code, `${what} is not a valid YYYY-MM-DD calendar date`);
}

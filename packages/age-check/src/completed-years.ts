import { parseInputDate } from "./input-date";

/**
 * Completed years of age on `reference` for someone born on `birthday` (both `YYYY-MM-DD`).
 *
 * Korean Civil Code Art. 158 counts the day of birth, and Art. 160 counts years by the calendar:
 * a year of age ends on the day before the birthday's anniversary, or, when the anniversary
 * does not exist in that year, on the last day of the month (Art. 160(3)). So a person born on
 * February 29 completes each year at the end of February 28 in a non-leap year and is one year
 * older from March 1; in a leap year the anniversary is February 29 itself. Comparing
 * (month, day) pairs gives exactly that, because (2, 28) < (2, 29) < (3, 1).
 *
 * A birthday after the reference date gives a negative count (-1 for "born within the next
 * year"); {@link checkAge} treats that as a failed check with no age.
 *
 * @throws AgeCheckInputError when either string is not a real calendar date.
 */
export function completedYears(birthday: string, reference: string): number {
  const birth = parseInputDate(birthday, "invalid_birthday");
  const ref = parseInputDate(reference, "invalid_reference_date");
  const beforeAnniversary =
    ref.month < birth.month || (ref.month === birth.month && ref.day < birth.day);
  return ref.year - birth.year - (beforeAnniversary ? 1 : 0);
}

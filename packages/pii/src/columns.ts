import { PiiInputError } from "./errors";

/** The encrypted columns of `users`; each one's AAD is `users.<column>`. */
export const PII_COLUMNS = ["ci", "di", "name", "phone"] as const;
export type PiiColumn = (typeof PII_COLUMNS)[number];

/**
 * The additional authenticated data of a column. Binding the column into the tag means a
 * ciphertext copied from `users.phone` into `users.name` fails to decrypt instead of being read
 * as a name.
 */
export function columnContext(column: PiiColumn): string {
  if (!PII_COLUMNS.includes(column)) {
    throw new PiiInputError("unknown_column", `not an encrypted column of users: ${column}`);
  }
  return `users.${column}`;
}

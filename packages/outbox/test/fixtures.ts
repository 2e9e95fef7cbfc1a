import { generateKeys, PiiCipher } from "@cert/pii";

/** Fresh keys for this test file's writes (never printed). */
export const testCipher = PiiCipher.fromEnv(generateKeys());

/** `row` with whichever personal columns it holds (ci, di, name, phone) decrypted. */
export function decryptRow<T extends Record<string, unknown>>(row: T): T {
  const plain: Record<string, unknown> = { ...row };
  for (const column of ["ci", "di", "name", "phone"] as const) {
    if (column in plain) {
      plain[column] = testCipher.decryptNullable(column, plain[column] as string | null);
    }
  }
  return plain as T;
}

export { certificationRecord, checkResult, nextImpUid } from "@cert/db/testing";

import { type GeneratedKeys, generateKeys, PII_COLUMNS, PiiCipher } from "@cert/pii";

/**
 * Personal-data keys of this test process, generated at load: every test writes and reads with
 * its own keys, and apps it spawns get them too (see spawnApp). Never print them.
 */
export const TEST_PII_KEYS: GeneratedKeys = generateKeys("test");

/** A cipher on {@link TEST_PII_KEYS}: what the spawned or in-process writers encrypt with. */
export const testPiiCipher = PiiCipher.fromEnv(TEST_PII_KEYS);

/** `row` with whichever personal columns it holds (ci, di, name, phone) decrypted. */
export function decryptPersonalColumns<T extends Record<string, unknown>>(
  row: T,
  cipher: PiiCipher = testPiiCipher,
): T {
  const plain: Record<string, unknown> = { ...row };
  for (const column of PII_COLUMNS) {
    if (column in plain) {
      plain[column] = cipher.decryptNullable(column, plain[column] as string | null);
    }
  }
  return plain as T;
}

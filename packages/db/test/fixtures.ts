import { randomUUID } from "node:crypto";
import { generateKeys, PiiCipher } from "@cert/pii";
import { type CheckResult, type PersistResult, persistCheckResults, type Queryable } from "../src";

/** Fresh keys for this test file's writes (never printed). */
export const testCipher = PiiCipher.fromEnv(generateKeys());

export { certificationRecord, checkResult, nextImpUid } from "../src/testing/check-results";

/**
 * Persists one result with a stand-in event (random id, empty payload): the real event id and
 * payload are @cert/outbox's, which this package's tests cannot import.
 */
export async function persistForTest(
  db: Queryable,
  result: CheckResult,
  cipher: PiiCipher = testCipher,
): Promise<PersistResult> {
  const { results } = await persistCheckResults(
    db,
    [{ result, eventId: randomUUID(), payload: "{}" }],
    { cipher },
  );
  return results[0] as PersistResult;
}

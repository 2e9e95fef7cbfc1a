import { randomUUID } from "node:crypto";
import { generateKeys, PiiCipher } from "@cert/pii";
import {
  type CertificationRecord,
  type CheckResult,
  type PersistResult,
  persistCheckResults,
  type Queryable,
} from "../src";

/** Fresh keys for this test file's writes (never printed). */
export const testCipher = PiiCipher.fromEnv(generateKeys());

let sequence = 0;

/** A fresh imp_uid in the provider's observed shape. */
export function nextImpUid(): string {
  sequence += 1;
  return `imp_${String(Date.now()).slice(-6)}${String(sequence).padStart(6, "0")}`;
}

export function certificationRecord(
  overrides: Partial<CertificationRecord> = {},
): CertificationRecord {
  return {
    uniqueKey: "CI-default-person",
    uniqueInSite: "DI-default-person",
    name: "홍길동",
    gender: "male",
    birthday: "2000-01-02",
    phone: "01012345678",
    carrier: "SKT",
    foreigner: false,
    merchantUid: "order-1",
    pgProvider: "danal",
    pgTid: "tid-1",
    certified: true,
    certifiedAt: new Date("2025-03-01T01:02:03.000Z"),
    ...overrides,
  };
}

export function checkResult(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    provider: "iamport",
    verificationId: nextImpUid(),
    certification: certificationRecord(),
    outcome: "passed",
    age: 25,
    ageMin: 19,
    ageRule: "calendar-year",
    checkedAt: new Date("2025-03-01T01:02:05.500Z"),
    ...overrides,
  };
}

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

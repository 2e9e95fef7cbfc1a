import type { CertificationRecord, CheckResult } from "@cert/db";
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

// Check results as the worker records them, for tests of every package that writes or reads
// them (db, outbox, intake status, admin erasure). They live here, beside the types, because
// `@cert/testing` depends on `@cert/db`: a fixture there would make db's own tests a cycle.
// Exported as `@cert/db/testing`; no app imports it.
import type { CertificationRecord, CheckResult } from "../types";

let sequence = 0;

/** A fresh imp_uid in the provider's observed shape. */
export function nextImpUid(): string {
  sequence += 1;
  return `imp_${String(Date.now()).slice(-6)}${String(sequence).padStart(6, "0")}`;
}

/** A certified adult's certification; `overrides` replace fields. */
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

/** A passed V1 check of {@link certificationRecord} under a fresh imp_uid; `overrides` replace fields. */
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

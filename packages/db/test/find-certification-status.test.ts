import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { findCertificationStatus } from "../src";
import { certificationRecord, checkResult, nextImpUid, persistForTest } from "./fixtures";
import { usePooledTestDatabase } from "./helpers";

const database = usePooledTestDatabase();
let pool: pg.Pool;

beforeAll(() => {
  pool = database.pool();
});

describe("findCertificationStatus", () => {
  it("returns null for an imp_uid with no recorded outcome", async () => {
    expect(await findCertificationStatus(pool, "iamport", nextImpUid())).toBeNull();
  });

  it("returns the outcome and event state, and no personal data", async () => {
    const result = checkResult({
      certification: certificationRecord({ uniqueKey: "CI-status-person", name: "김철수" }),
    });
    await persistForTest(pool, result);

    const status = await findCertificationStatus(pool, result.provider, result.verificationId);
    expect(status).toEqual({
      provider: "iamport",
      verificationId: result.verificationId,
      outcome: "passed",
      age: 25,
      ageMin: 19,
      ageRule: "calendar-year",
      certified: true,
      certifiedAt: new Date("2025-03-01T01:02:03.000Z"),
      checkedAt: new Date("2025-03-01T01:02:05.500Z"),
    });
    const serialized = JSON.stringify(status);
    for (const personal of [
      "CI-status-person",
      "DI-default-person",
      "김철수",
      "2000-01-02",
      "01012345678",
    ]) {
      expect(serialized).not.toContain(personal);
    }
  });

  it("reads a not_found outcome, which has no certification data", async () => {
    const result = checkResult({ certification: null, outcome: "not_found", age: null });
    await persistForTest(pool, result);
    const status = await findCertificationStatus(pool, result.provider, result.verificationId);
    expect(status).toMatchObject({ outcome: "not_found", certified: null, certifiedAt: null });
  });

  it("tells the providers apart: one id recorded for V2 is unknown to V1", async () => {
    const id = `imp_${Date.now()}`;
    await persistForTest(pool, checkResult({ provider: "portone", verificationId: id }));
    expect(await findCertificationStatus(pool, "iamport", id)).toBeNull();
    expect(await findCertificationStatus(pool, "portone", id)).toMatchObject({
      provider: "portone",
      verificationId: id,
      outcome: "passed",
    });
  });
});

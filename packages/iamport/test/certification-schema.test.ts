import {
  generateCertification,
  type RunningSandbox,
  SANDBOX_SHAPES,
  sandboxImpUid,
} from "@cert/iamport-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IamportInvalidResponseError, parseCertification } from "../src";
import { clientFor, rejectionOf, startTestSandbox } from "./support/harness";

const base = { imp_uid: "imp_100", pg_provider: "danal", foreigner: false };

function invalid(response: unknown, expected?: string): IamportInvalidResponseError {
  try {
    parseCertification(response, expected);
  } catch (error) {
    expect(error).toBeInstanceOf(IamportInvalidResponseError);
    return error as IamportInvalidResponseError;
  }
  throw new Error("expected an invalid response");
}

describe("parseCertification on every generated shape", () => {
  for (const shape of SANDBOX_SHAPES.filter((s) => s.name !== "not-found")) {
    it(`${shape.name}`, () => {
      const impUid = sandboxImpUid(shape.name, 12, 3);
      const raw = generateCertification(impUid) as Record<string, unknown>;
      const parsed = parseCertification(raw, impUid);
      expect(parsed.impUid).toBe(impUid);
      expect(parsed.merchantUid).toBe(raw.merchant_uid);
      expect(parsed.pgProvider).toBe(raw.pg_provider);
      expect(parsed.certified).toBe(raw.certified);
      expect(parsed.name).toBe(raw.name ?? null);
      expect(parsed.phone).toBe(raw.phone ?? null);
      expect(parsed.carrier).toBe(raw.carrier ?? null);
      expect(parsed.uniqueKey).toBe(raw.unique_key ?? null);
      expect(parsed.uniqueInSite).toBe(raw.unique_in_site ?? null);
      expect(parsed.foreigner).toBe(raw.foreigner);
      if (raw.certified === true) {
        expect(parsed.certifiedAt?.getTime()).toBe((raw.certified_at as number) * 1000);
      } else {
        expect(parsed.certifiedAt).toBeNull();
      }
      const hasBirthday = "birthday" in raw || "birth" in raw;
      if (shape.name === "no-birthday" || shape.name === "not-certified") {
        expect(parsed.birthday).toBeNull();
      } else {
        expect(hasBirthday).toBe(true);
        expect(parsed.birthday).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      // Nothing but the normalized fields: unknown provider fields do not leak through.
      expect(Object.keys(parsed).sort()).toEqual(
        [
          "impUid",
          "merchantUid",
          "pgProvider",
          "pgTid",
          "certified",
          "certifiedAt",
          "name",
          "gender",
          "birthday",
          "phone",
          "carrier",
          "foreigner",
          "uniqueKey",
          "uniqueInSite",
        ].sort(),
      );
    });
  }
});

describe("tolerant reading", () => {
  it("takes a record with only imp_uid, everything else null", () => {
    expect(parseCertification({ imp_uid: "imp_1" })).toEqual({
      impUid: "imp_1",
      merchantUid: null,
      pgProvider: null,
      pgTid: null,
      certified: false,
      certifiedAt: null,
      name: null,
      gender: null,
      birthday: null,
      phone: null,
      carrier: null,
      foreigner: null,
      uniqueKey: null,
      uniqueInSite: null,
    });
  });

  it("reads explicit nulls and empty strings as absent", () => {
    const parsed = parseCertification({
      ...base,
      name: null,
      phone: "",
      carrier: null,
      birthday: "",
      unique_key: null,
      foreigner_v2: null,
      certified: true,
      certified_at: null,
    });
    expect(parsed).toMatchObject({
      name: null,
      phone: null,
      birthday: null,
      uniqueKey: null,
      certifiedAt: null,
    });
  });

  it("ignores unknown fields of any type", () => {
    const parsed = parseCertification({
      ...base,
      certified: true,
      birthday: "2001-02-03",
      origin: `data:text/html;base64,${"A".repeat(5000)}`,
      foreigner_v2: true,
      provider_extra: { nested: [1, 2, 3] },
    });
    expect(parsed.birthday).toBe("2001-02-03");
    expect(parsed.certified).toBe(true);
  });

  it("treats certified_at 0 as not set", () => {
    expect(
      parseCertification({ ...base, certified: false, certified_at: 0 }).certifiedAt,
    ).toBeNull();
  });
});

describe("invalid responses", () => {
  it("rejects wrong types, naming the field and retryable false", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, certified: "true" }, "certified"],
      [{ ...base, birthday: 19_900_101 }, "birthday"],
      [{ ...base, birth: "631119600" }, "birth"],
      [{ ...base, certified_at: "2026-01-01" }, "certified_at"],
      [{ ...base, name: 42 }, "name"],
      [{ ...base, foreigner: "N" }, "foreigner"],
      [{ ...base, unique_key: { ci: "x" } }, "unique_key"],
      [{ ...base, pg_provider: 7 }, "pg_provider"],
    ];
    for (const [record, field] of cases) {
      const error = invalid(record);
      expect([error.code, error.field, error.retryable]).toEqual(["schema_mismatch", field, false]);
    }
  });

  it("rejects a birthday that is not a real YYYY-MM-DD date", () => {
    for (const birthday of ["1990-02-30", "19900101", "1990-1-1", "0990-01-01"]) {
      expect(invalid({ ...base, birthday }).field).toBe("birthday");
    }
  });

  it("rejects a certified_at or birth in milliseconds", () => {
    expect(invalid({ ...base, certified_at: 1_767_225_600_000 }).field).toBe("certified_at");
    expect(invalid({ ...base, birth: 631_119_600_000 }).field).toBe("birth");
  });

  it("rejects a record without imp_uid, or for another imp_uid", () => {
    expect(invalid({ pg_provider: "danal" }, "imp_1").code).toBe("missing_imp_uid");
    expect(invalid({ ...base, imp_uid: "" }).code).toBe("missing_imp_uid");
    expect(invalid({ ...base, imp_uid: 100 }).code).toBe("missing_imp_uid");
    expect(invalid({ ...base, imp_uid: "imp_2" }, "imp_1").code).toBe("imp_uid_mismatch");
  });

  it("rejects a response that is not an object", () => {
    for (const response of ["imp_1", 1, [base], true])
      expect(invalid(response).code).toBe("schema_mismatch");
  });
});

describe("over HTTP from the sandbox", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it("returns registered records with absent, null and unknown fields", async () => {
    const client = clientFor(sandbox);
    try {
      sandbox.register("imp_201", {
        kind: "record",
        certification: {
          imp_uid: "imp_201",
          pg_provider: "kcp_v2",
          certified: true,
          birth: 631_119_600,
          certified_at: 1_767_225_600,
          gender: null,
          mystery: { a: 1 },
        },
      });
      const parsed = await client.getCertification("imp_201");
      expect(parsed).toMatchObject({
        impUid: "imp_201",
        certified: true,
        birthday: "1990-01-01",
        gender: null,
        phone: null,
      });
      expect(parsed.certifiedAt?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    } finally {
      await client.close();
    }
  });

  it("rejects registered records of the wrong types as invalid responses", async () => {
    const client = clientFor(sandbox);
    try {
      sandbox.register("imp_202", {
        kind: "record",
        certification: { imp_uid: "imp_202", certified: 1 },
      });
      const error = await rejectionOf(client.getCertification("imp_202"));
      expect(error).toBeInstanceOf(IamportInvalidResponseError);
      expect(error).toMatchObject({
        code: "schema_mismatch",
        field: "certified",
        impUid: "imp_202",
      });
    } finally {
      await client.close();
    }
  });
});

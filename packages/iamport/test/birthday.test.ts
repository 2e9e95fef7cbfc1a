import type { RunningSandbox } from "@cert/iamport-sandbox";
import { generateCertification, sandboxImpUid } from "@cert/iamport-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCertification } from "../src";
import { clientFor, startTestSandbox } from "./support/harness";

describe("birthday of a birth-only record", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it("equals the birthday the same person's full record states", async () => {
    const client = clientFor(sandbox);
    try {
      for (const person of [0, 7, 8, 21, 64]) {
        const birthOnly = await client.getCertification(sandboxImpUid("birth-only", person, 1));
        const full = parseCertification(generateCertification(sandboxImpUid("full", person, 2)));
        expect(birthOnly.birthday).toBe(full.birthday);
        expect(birthOnly.uniqueKey).toBe(full.uniqueKey);
      }
    } finally {
      await client.close();
    }
  });

  it("comes from birth only when birthday is absent", () => {
    const base = { imp_uid: "imp_1", pg_provider: "danal", foreigner: false };
    const birth = 631_119_600;
    expect(parseCertification({ ...base, birth }).birthday).toBe("1990-01-01");
    expect(parseCertification({ ...base, birth, birthday: "1990-01-01" }).birthday).toBe(
      "1990-01-01",
    );
    expect(parseCertification({ ...base, birth, birthday: null }).birthday).toBe("1990-01-01");
    expect(parseCertification({ ...base, birth: null }).birthday).toBeNull();
  });
});

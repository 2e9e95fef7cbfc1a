import { OUTCOMES } from "@cert/age-check";
import {
  IDENTITY_VERIFICATION_ID,
  SANDBOX_SHAPES,
  sandboxExpectedOutcome,
  sandboxShapeOf,
  sandboxV2ExpectedOutcome,
  sandboxV2PlanOf,
} from "@cert/iamport-sandbox";
import { isImpUid } from "@cert/queue";
import { describe, expect, it } from "vitest";
import { DEMO_V2_SHAPES, planBatch } from "../src/batch-plan";
import { expectedOutcomeOf } from "../src/expected-outcome";

const stamp = "1767225600000";
const idsOf = (count: number, provider: "iamport" | "portone", runStamp = stamp) =>
  planBatch(count, runStamp)
    .verifications.filter((v) => v.provider === provider)
    .map((v) => v.id);

describe("planBatch", () => {
  it("with both providers sends every other verification through V2", () => {
    const plan = planBatch(1000, stamp);
    expect(plan.verifications).toHaveLength(1000);
    expect(plan.verifications.filter((v) => v.provider === "iamport")).toHaveLength(500);
    expect(plan.verifications.filter((v) => v.provider === "portone")).toHaveLength(500);
    expect(plan.verifications[0]?.provider).toBe("iamport");
    expect(plan.verifications[1]?.provider).toBe("portone");
  });

  it("sends V1 imp_uids valid for the API, unique, covering every V1 sandbox shape", () => {
    const ids = idsOf(1000, "iamport");
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every(isImpUid)).toBe(true);
    const shapes = new Set(ids.map((id) => sandboxShapeOf(id)?.name));
    expect(shapes).toEqual(new Set(SANDBOX_SHAPES.map((s) => s.name)));
  });

  it("sends V2 ids of every shape but not-found and ready-forever, READY for two fetches", () => {
    const ids = idsOf(1000, "portone");
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => IDENTITY_VERIFICATION_ID.test(id))).toBe(true);
    const shapes = new Set(ids.map((id) => sandboxV2PlanOf(id)?.shape.name));
    expect(shapes).toEqual(new Set(DEMO_V2_SHAPES.map((s) => s.name)));
    expect(shapes).not.toContain("not-found");
    expect(shapes).not.toContain("ready-forever");
    expect(shapes).toContain("ready-then-verified");
    const ready = ids.map(sandboxV2PlanOf).filter((p) => p?.shape.name === "ready-then-verified");
    expect(ready.length).toBeGreaterThan(0);
    for (const plan of ready) expect(plan?.readyFor).toEqual({ fetches: 2 });
  });

  it("sends one provider only when asked", () => {
    for (const provider of ["iamport", "portone"] as const) {
      const plan = planBatch(50, stamp, [provider]);
      expect(plan.verifications).toHaveLength(50);
      expect(plan.verifications.every((v) => v.provider === provider)).toBe(true);
    }
  });

  it("posts a few verifications of each provider twice, some back to back, some at the end", () => {
    const plan = planBatch(1000, stamp);
    expect(plan.posts).toHaveLength(1000 + plan.duplicatePosts);
    expect(plan.duplicatePosts).toBeGreaterThanOrEqual(4);
    const key = (v: { provider: string; id: string }) => `${v.provider}:${v.id}`;
    expect(new Set(plan.posts.map(key))).toEqual(new Set(plan.verifications.map(key)));
    const seen = new Set<string>();
    const repeated = plan.posts.filter((v) => seen.has(key(v)) || !seen.add(key(v)));
    expect(new Set(repeated.map((v) => v.provider))).toEqual(new Set(["iamport", "portone"]));
    const backToBack = plan.posts.filter((v, i) => {
      const next = plan.posts[i + 1];
      return next !== undefined && key(next) === key(v);
    });
    expect(backToBack.length).toBeGreaterThan(0);
    expect(backToBack.length).toBeLessThan(plan.duplicatePosts);
  });

  it("gives each run ids of its own", () => {
    const next = String(Number(stamp) + 1);
    for (const provider of ["iamport", "portone"] as const) {
      const second = new Set(idsOf(50, provider, next));
      expect(idsOf(50, provider).some((id) => second.has(id))).toBe(false);
    }
  });
});

describe("expectedOutcomeOf", () => {
  it("agrees with the sandbox's own shape tables under both age rules", () => {
    const plan = planBatch(400, stamp);
    for (const ageRule of ["calendar-year", "full-years"] as const) {
      for (const v of plan.verifications) {
        const table =
          v.provider === "iamport"
            ? sandboxExpectedOutcome(v.id, ageRule)
            : sandboxV2ExpectedOutcome(v.id);
        expect(expectedOutcomeOf(v, { ageMin: 19, ageRule }).outcome, `${v.id} ${ageRule}`).toBe(
          table,
        );
      }
    }
  });

  it("expects an age only for decided outcomes and no unique key without a CI", () => {
    for (const v of planBatch(200, stamp).verifications) {
      const expected = expectedOutcomeOf(v, { ageMin: 19, ageRule: "calendar-year" });
      expect(OUTCOMES).toContain(expected.outcome);
      expect(expected.age === null, v.id).toBe(!["passed", "failed"].includes(expected.outcome));
      if (v.provider === "iamport" && sandboxShapeOf(v.id)?.name === "no-unique-key") {
        expect(expected.uniqueKey).toBeNull();
      }
      if (v.provider === "portone") {
        const shape = sandboxV2PlanOf(v.id)?.shape.name;
        if (shape === "no-ci-di" || shape === "failed") expect(expected.uniqueKey).toBeNull();
        else expect(expected.uniqueKey, v.id).toEqual(expect.any(String));
      }
    }
  });

  it("takes a V2 verification's age at verifiedAt in Asia/Seoul, not today", () => {
    const v = { provider: "portone" as const, id: `sbx.full.07.000000001.${stamp}` };
    const now = expectedOutcomeOf(v, { ageMin: 19, ageRule: "full-years" });
    const later = expectedOutcomeOf(
      v,
      { ageMin: 19, ageRule: "full-years" },
      new Date("2040-01-01T00:00:00Z"),
    );
    expect(later.age).toBe(now.age);
  });

  it("follows AGE_MIN: nobody in the sandbox is 120", () => {
    const outcomes = planBatch(40, stamp).verifications.map(
      (v) => expectedOutcomeOf(v, { ageMin: 120, ageRule: "full-years" }).outcome,
    );
    expect(outcomes).not.toContain("passed");
    expect(outcomes).toContain("failed");
  });
});

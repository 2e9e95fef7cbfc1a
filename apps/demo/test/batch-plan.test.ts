import { OUTCOMES } from "@cert/age-check";
import { SANDBOX_SHAPES, sandboxExpectedOutcome, sandboxShapeOf } from "@cert/iamport-sandbox";
import { isImpUid } from "@cert/queue";
import { describe, expect, it } from "vitest";
import { planBatch } from "../src/batch-plan";
import { expectedOutcomeOf } from "../src/expected-outcome";

const stamp = "1767225600000";

describe("planBatch", () => {
  it("sends every imp_uid, valid for the API, unique, covering every sandbox shape", () => {
    const plan = planBatch(1000, stamp);
    expect(plan.impUids).toHaveLength(1000);
    expect(new Set(plan.impUids).size).toBe(1000);
    expect(plan.impUids.every(isImpUid)).toBe(true);
    const shapes = new Set(plan.impUids.map((id) => sandboxShapeOf(id)?.name));
    expect(shapes).toEqual(new Set(SANDBOX_SHAPES.map((s) => s.name)));
  });

  it("posts a few imp_uids twice, some back to back and some at the end", () => {
    const plan = planBatch(1000, stamp);
    expect(plan.posts).toHaveLength(1000 + plan.duplicatePosts);
    expect(plan.duplicatePosts).toBeGreaterThanOrEqual(2);
    expect(new Set(plan.posts)).toEqual(new Set(plan.impUids));
    const backToBack = plan.posts.filter((id, i) => plan.posts[i + 1] === id);
    expect(backToBack.length).toBeGreaterThan(0);
    expect(backToBack.length).toBeLessThan(plan.duplicatePosts);
  });

  it("gives each run imp_uids of its own", () => {
    const first = planBatch(50, stamp).impUids;
    const second = new Set(planBatch(50, String(Number(stamp) + 1)).impUids);
    expect(first.some((id) => second.has(id))).toBe(false);
  });
});

describe("expectedOutcomeOf", () => {
  it("agrees with the sandbox's own shape table under both age rules", () => {
    const ids = planBatch(200, stamp).impUids;
    for (const ageRule of ["calendar-year", "full-years"] as const) {
      for (const id of ids) {
        expect(expectedOutcomeOf(id, { ageMin: 19, ageRule }).outcome, `${id} ${ageRule}`).toBe(
          sandboxExpectedOutcome(id, ageRule),
        );
      }
    }
  });

  it("expects an age only for decided outcomes and no unique_key without one", () => {
    for (const id of planBatch(100, stamp).impUids) {
      const expected = expectedOutcomeOf(id, { ageMin: 19, ageRule: "calendar-year" });
      expect(OUTCOMES).toContain(expected.outcome);
      expect(expected.age === null, id).toBe(!["passed", "failed"].includes(expected.outcome));
      if (sandboxShapeOf(id)?.name === "no-unique-key") expect(expected.uniqueKey).toBeNull();
    }
  });

  it("follows AGE_MIN: nobody in the sandbox is 120", () => {
    const ids = planBatch(20, stamp).impUids;
    const outcomes = ids.map(
      (id) => expectedOutcomeOf(id, { ageMin: 120, ageRule: "full-years" }).outcome,
    );
    expect(outcomes).not.toContain("passed");
    expect(outcomes).toContain("failed");
  });
});

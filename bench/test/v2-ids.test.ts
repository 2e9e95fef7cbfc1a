import { IDENTITY_VERIFICATION_ID, sandboxV2PlanOf } from "@cert/iamport-sandbox";
import { describe, expect, it } from "vitest";
import { FOUND_V2_SHAPES, V2IdBatch } from "../src/harness/v2-ids";

describe("V2IdBatch", () => {
  it("gives fresh, valid ids cycling through every found V2 shape, none READY or not found", () => {
    const ids = new V2IdBatch().take(3 * FOUND_V2_SHAPES.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => IDENTITY_VERIFICATION_ID.test(id))).toBe(true);
    const shapes = new Set(ids.map((id) => sandboxV2PlanOf(id)?.shape.name));
    expect(shapes).toEqual(new Set(FOUND_V2_SHAPES));
    for (const excluded of ["not-found", "ready-then-verified", "ready-forever"]) {
      expect(shapes.has(excluded as never), excluded).toBe(false);
    }
    expect(shapes.has("failed")).toBe(true);
  });

  it("owns its own ids only, and no two batches share one", () => {
    const first = new V2IdBatch();
    const second = new V2IdBatch();
    const a = first.take(50);
    const b = second.take(50);
    expect(a.every((id) => first.owns(id) && !second.owns(id))).toBe(true);
    expect(b.every((id) => second.owns(id) && !first.owns(id))).toBe(true);
    expect(a.some((id) => b.includes(id))).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import type { ExpectedOutcome } from "../src/expected-outcome";
import type { OutcomeEvent, OutcomePayload } from "../src/outcome-stream";
import { OutcomeTally, percentile } from "../src/outcome-tally";
import { allExpected } from "../src/summary-table";

const expected = new Map<string, ExpectedOutcome>([
  ["imp_1", { outcome: "passed", age: 30, uniqueKey: "ci-1" }],
  ["imp_2", { outcome: "not_found", age: null, uniqueKey: null }],
  ["imp_3", { outcome: "failed", age: 15, uniqueKey: "ci-3" }],
]);

let sequence = 0;
function event(payload: OutcomePayload, type = "certification.age_checked"): OutcomeEvent {
  sequence += 1;
  return { id: `${sequence}-0`, eventId: `e-${payload.imp_uid}`, type, payload };
}

describe("OutcomeTally", () => {
  it("reports a clean run: every imp_uid once with its expected outcome", () => {
    const tally = new OutcomeTally(expected);
    tally.markSent("imp_1", 0);
    tally.markSent("imp_2", 0);
    tally.markSent("imp_3", 10);
    tally.record(event({ imp_uid: "imp_1", outcome: "passed", age: 30, unique_key: "ci-1" }), 20);
    tally.record(
      event({ imp_uid: "imp_2", outcome: "not_found", age: null, unique_key: null }),
      40,
    );
    expect(tally.done).toBe(false);
    tally.record(event({ imp_uid: "imp_3", outcome: "failed", age: 15, unique_key: "ci-3" }), 110);
    const report = tally.report();
    expect(tally.done).toBe(true);
    expect(report).toMatchObject({ completed: 3, mismatches: 0, duplicates: 0, elapsedMs: 110 });
    expect(report.latenciesMs).toEqual([20, 40, 100]);
    expect(report.seenByOutcome).toEqual(report.expectedByOutcome);
    expect(allExpected(report, 3)).toBe(true);
  });

  it("counts wrong outcomes, wrong ages, duplicates, strangers and missing imp_uids", () => {
    const tally = new OutcomeTally(expected);
    tally.record(event({ imp_uid: "imp_1", outcome: "failed", age: 30, unique_key: "ci-1" }));
    tally.record(event({ imp_uid: "imp_2", outcome: "not_found", age: null, unique_key: null }));
    tally.record(event({ imp_uid: "imp_2", outcome: "not_found", age: null, unique_key: null }));
    tally.record(event({ imp_uid: "imp_9", outcome: "passed" }));
    const report = tally.report();
    expect(report.mismatches).toBe(1);
    expect(report.duplicates).toBe(1);
    expect(report.foreignEvents).toBe(1);
    expect(report.discrepancies).toEqual({ wrong_outcome: 1, duplicate_event: 1, missing: 1 });
    expect(tally.pending()).toEqual(["imp_3"]);
    expect(allExpected(report, 3)).toBe(false);
  });

  it("treats an age off by one and another event type as mismatches", () => {
    const tally = new OutcomeTally(expected);
    tally.record(event({ imp_uid: "imp_1", outcome: "passed", age: 31, unique_key: "ci-1" }));
    tally.record(
      event({ imp_uid: "imp_3", outcome: "failed", age: 15, unique_key: "ci-3" }, "other.type"),
    );
    expect(tally.report().discrepancies).toMatchObject({ wrong_age: 1, wrong_event_type: 1 });
  });
});

describe("percentile", () => {
  it("takes the nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

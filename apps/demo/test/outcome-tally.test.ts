import { describe, expect, it } from "vitest";
import type { OutcomeEvent, OutcomePayload } from "../src/outcome-stream";
import { type ExpectedVerification, OutcomeTally, percentile } from "../src/outcome-tally";
import { allExpected, renderSummary } from "../src/summary-table";

const expected: ExpectedVerification[] = [
  { provider: "iamport", id: "imp_1", expected: { outcome: "passed", age: 30, uniqueKey: "ci-1" } },
  {
    provider: "iamport",
    id: "imp_2",
    expected: { outcome: "not_found", age: null, uniqueKey: null },
  },
  { provider: "iamport", id: "imp_3", expected: { outcome: "failed", age: 15, uniqueKey: "ci-3" } },
];

let sequence = 0;
/** A V1 event as the worker publishes it: provider and verification_id beside imp_uid. */
function event(
  payload: OutcomePayload & { imp_uid: string },
  type = "certification.age_checked",
): OutcomeEvent {
  sequence += 1;
  const full = { provider: "iamport", verification_id: payload.imp_uid, ...payload };
  return { id: `${sequence}-0`, eventId: `e-${payload.imp_uid}`, type, payload: full };
}

/** A V2 event: no imp_uid. */
function v2Event(id: string, outcome: string, age: number | null): OutcomeEvent {
  sequence += 1;
  const payload = { provider: "portone", verification_id: id, imp_uid: null, outcome, age };
  return { id: `${sequence}-0`, eventId: `e-${id}`, type: "certification.age_checked", payload };
}

describe("OutcomeTally", () => {
  it("reports a clean run: every imp_uid once with its expected outcome", () => {
    const tally = new OutcomeTally(expected);
    tally.markSent("iamport", "imp_1", 0);
    tally.markSent("iamport", "imp_2", 0);
    tally.markSent("iamport", "imp_3", 10);
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
    expect(tally.pending()).toEqual([{ provider: "iamport", id: "imp_3" }]);
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

describe("OutcomeTally across providers", () => {
  const mixed: ExpectedVerification[] = [
    ...expected,
    {
      provider: "portone",
      id: "sbx.a",
      expected: { outcome: "passed", age: 40, uniqueKey: "ci-a" },
    },
    {
      provider: "portone",
      id: "sbx.b",
      expected: { outcome: "not_certified", age: null, uniqueKey: null },
    },
    // The same string through V1 and V2 is two verifications.
    { provider: "portone", id: "imp_1", expected: { outcome: "failed", age: 15, uniqueKey: null } },
  ];

  it("matches events on provider and verification_id and splits the counts by provider", () => {
    const tally = new OutcomeTally(mixed);
    tally.record(event({ imp_uid: "imp_1", outcome: "passed", age: 30, unique_key: "ci-1" }));
    tally.record(event({ imp_uid: "imp_2", outcome: "not_found", age: null, unique_key: null }));
    tally.record(event({ imp_uid: "imp_3", outcome: "failed", age: 15, unique_key: "ci-3" }));
    tally.record(v2Event("sbx.a", "passed", 40));
    tally.record(v2Event("sbx.b", "not_certified", null));
    expect(tally.done).toBe(false);
    expect(tally.pending()).toEqual([{ provider: "portone", id: "imp_1" }]);
    tally.record(v2Event("imp_1", "failed", 15));
    const report = tally.report();
    expect(allExpected(report, 6)).toBe(true);
    expect(Object.keys(report.byProvider)).toEqual(["iamport", "portone"]);
    expect(report.byProvider.iamport).toMatchObject({ total: 3, completed: 3 });
    expect(report.byProvider.portone).toMatchObject({ total: 3, completed: 3 });
    expect(report.byProvider.portone?.seenByOutcome).toMatchObject({
      passed: 1,
      failed: 1,
      not_certified: 1,
      not_found: 0,
    });
    expect(report.seenByOutcome.passed).toBe(2);
  });

  it("counts a V2 event with the wrong outcome against V2 only, and fails the run", () => {
    const tally = new OutcomeTally(mixed);
    for (const [id, outcome, age] of [
      ["imp_1", "passed", 30],
      ["imp_2", "not_found", null],
      ["imp_3", "failed", 15],
    ] as const) {
      tally.record(
        event({
          imp_uid: id,
          outcome,
          age,
          unique_key: id === "imp_2" ? null : `ci-${id.slice(4)}`,
        }),
      );
    }
    tally.record(v2Event("sbx.a", "passed", 40));
    tally.record(v2Event("sbx.b", "passed", 40));
    tally.record(v2Event("imp_1", "failed", 15));
    const report = tally.report();
    expect(report.discrepancies).toEqual({ wrong_outcome: 1 });
    expect(report.byProvider.iamport?.seenByOutcome).toEqual(
      report.byProvider.iamport?.expectedByOutcome,
    );
    expect(report.byProvider.portone?.seenByOutcome.passed).toBe(2);
    expect(report.byProvider.portone?.expectedByOutcome.passed).toBe(1);
    expect(allExpected(report, 6)).toBe(false);
  });

  it("prints outcomes and provider calls per provider in the summary", () => {
    const tally = new OutcomeTally(mixed);
    tally.record(v2Event("sbx.a", "passed", 40));
    const summary = renderSummary({
      report: tally.report(),
      total: 6,
      duplicatePosts: 2,
      provider: { certificationFetches: 4, tokenFetches: 1, identityVerificationFetches: 7 },
      dashboardUrl: "http://127.0.0.1:1/admin/queues",
      adminToken: "t",
    });
    expect(summary).toMatch(
      /^outcome\s+V1 expected\s+V1 seen\s+V2 expected\s+V2 seen\s+expected\s+seen$/m,
    );
    expect(summary).toMatch(/^passed\s+1\s+0\s+1\s+1\s+2\s+1$/m);
    expect(summary).toMatch(/^total\s+3\s+0\s+3\s+1\s+6\s+1$/m);
    expect(summary).toMatch(/^verifications\s+6 \(V1 3, V2 3; \+2 duplicate POSTs\)$/m);
    expect(summary).toMatch(/^V1 provider calls\s+4$/m);
    expect(summary).toMatch(/^V1 token fetches\s+1$/m);
    expect(summary).toMatch(/^V2 provider calls\s+7$/m);
    expect(summary).toContain("NOT OK");
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

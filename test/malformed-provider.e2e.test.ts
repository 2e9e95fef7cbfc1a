import { generateCertification, type SandboxEntry, sandboxImpUid } from "@cert/iamport-sandbox";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseRows } from "./support/database-rows";
import { type E2eFixture, startE2eFixture } from "./support/e2e-fixture";
import { getStatus, type StatusBody, submitAll } from "./support/intake-client";
import type { PipelineSystem } from "./support/pipeline-system";
import { waitUntilPublished } from "./support/settle";
import { waitFor } from "./support/wait-for";

// Bad input, provider side: answers that are not a usable certification fail the job with
// a clear invalid-response code, write nothing, and do not take the worker down.

const INVALID_RESPONSE = "provider_invalid_response";

/** A full, valid record for `impUid` (of an adult no good job uses), to be broken in one way. */
function validRecord(impUid: string): Record<string, unknown> {
  return { ...(generateCertification(sandboxImpUid("full", 50, 1)) ?? {}), imp_uid: impUid };
}

const envelope = (response: unknown) => JSON.stringify({ code: 0, message: null, response });
const record = (certification: unknown): SandboxEntry => ({ kind: "record", certification });
const raw = (body: string, contentType?: string): SandboxEntry => ({
  kind: "raw",
  status: 200,
  body,
  contentType,
});

/** imp_uid -> what the sandbox answers for it: each one malformed in a different way. */
const MALFORMED: ReadonlyArray<[string, string, (impUid: string) => SandboxEntry]> = [
  [
    "birthday is a number",
    "imp_700000000001",
    (id) => record({ ...validRecord(id), birthday: 19900417 }),
  ],
  [
    "certified is a string",
    "imp_700000000002",
    (id) => record({ ...validRecord(id), certified: "true" }),
  ],
  [
    "certified_at is a string",
    "imp_700000000003",
    (id) => record({ ...validRecord(id), certified_at: "2026-01-05T10:00:00+09:00" }),
  ],
  [
    "name is an object",
    "imp_700000000004",
    (id) => record({ ...validRecord(id), name: { first: "x" } }),
  ],
  [
    "birthday is not a date",
    "imp_700000000005",
    (id) => record({ ...validRecord(id), birthday: "2023-02-30" }),
  ],
  [
    "imp_uid is missing",
    "imp_700000000006",
    (id) => {
      const { imp_uid: _dropped, ...rest } = validRecord(id);
      return record(rest);
    },
  ],
  [
    "response is for another imp_uid",
    "imp_700000000007",
    () => record(validRecord("imp_700000000999")),
  ],
  ["response is an array", "imp_700000000008", (id) => record([validRecord(id)])],
  ["code 0 with a null response", "imp_700000000009", () => raw(envelope(null))],
  ["truncated JSON", "imp_700000000010", (id) => raw(envelope(validRecord(id)).slice(0, 90))],
  [
    "an HTML error page",
    "imp_700000000011",
    () =>
      raw(
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
        "text/html",
      ),
  ],
  ["not JSON at all", "imp_700000000012", () => raw("OK", "text/plain")],
];

const malformedIds = MALFORMED.map(([, impUid]) => impUid);
const goodBefore = Array.from({ length: 10 }, (_, i) => sandboxImpUid("full", i, 710_000 + i));
const goodAfter = Array.from({ length: 10 }, (_, i) => sandboxImpUid("no-phone", i, 720_000 + i));

let fixture: E2eFixture;
let system: PipelineSystem;
let rows: DatabaseRows;
let redis: Redis;

beforeAll(async () => {
  // One worker, so "the worker keeps processing" is about the very process that met the bad data.
  // Short retries, so a policy that retries unreadable answers still fails them within the test.
  fixture = await startE2eFixture({
    workers: 1,
    label: "malformed",
    apiEnv: { JOB_ATTEMPTS: "3", JOB_BACKOFF_MS: "100" },
    prepare: (sandbox) => {
      for (const [, impUid, entry] of MALFORMED) sandbox.register(impUid, entry(impUid));
    },
  });
  ({ system, rows, redis } = fixture);
});

afterAll(() => fixture?.close());

async function statusOf(impUid: string): Promise<StatusBody> {
  const answer = await getStatus(system.apiUrl, impUid);
  return answer.body as StatusBody;
}

describe("malformed provider answers", () => {
  it("fail each job with the invalid-response code, write no row, and keep the worker running", {
    timeout: 240_000,
  }, async () => {
    const worker = system.workers[0];
    const pid = worker?.child.pid;
    await submitAll(system.apiUrl, [...malformedIds, ...goodBefore]);

    for (const [what, impUid] of MALFORMED) {
      const final = await waitFor(
        async () => {
          const status = await statusOf(impUid);
          return status.status === "failed" || status.status === "completed" ? status : undefined;
        },
        { what: `a final state for "${what}" (${impUid})`, timeoutMs: 60_000 },
      );
      expect(final, what).toMatchObject({ status: "failed", error: INVALID_RESPONSE });
    }
    await waitUntilPublished(goodBefore, { rows, redis, stream: system.outcomeStream });

    // The same process, still alive, takes the next jobs.
    await submitAll(system.apiUrl, goodAfter);
    await waitUntilPublished(goodAfter, { rows, redis, stream: system.outcomeStream });
    expect(worker?.child.exitCode).toBeNull();
    expect(worker?.child.pid).toBe(pid);
    expect(system.workers).toHaveLength(1);

    const recorded = new Set((await rows.certifications()).map((c) => c.imp_uid));
    const evented = new Set((await rows.outcomeEvents()).map((e) => e.imp_uid));
    for (const impUid of malformedIds) {
      expect(recorded.has(impUid), `certification row for ${impUid}`).toBe(false);
      expect(evented.has(impUid), `outcome event for ${impUid}`).toBe(false);
    }
    expect([...recorded].sort()).toEqual([...goodBefore, ...goodAfter].sort());
    // The person in the broken records was never written.
    const badKey = validRecord("imp_1").unique_key;
    expect((await rows.users()).some((u) => u.unique_key === badKey)).toBe(false);
  });

  it("leaves no fatal or uncaught-error line in any log", () => {
    const fatal = system.allLines().filter((line) => /"level":60|uncaught|unhandled/i.test(line));
    expect(fatal).toEqual([]);
  });
});

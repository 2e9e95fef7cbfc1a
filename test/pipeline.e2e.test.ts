import { OUTCOMES } from "@cert/age-check";
import { type RawCertification, type RunningSandbox, sandboxImpUid } from "@cert/iamport-sandbox";
import { eventIdFor } from "@cert/outbox";
import { type CertificationQueue, jobIdFor } from "@cert/queue";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseRows } from "./support/database-rows";
import { type E2eFixture, startE2eFixture } from "./support/e2e-fixture";
import { getStatus, type StatusBody, statusAll, submit, submitAll } from "./support/intake-client";
import { groupBy, readOutcomeStream } from "./support/outcome-stream";
import type { PipelineSystem } from "./support/pipeline-system";
import { readQueueEvents } from "./support/queue-events";
import { registerPerson } from "./support/registered-people";
import { buildShapeBatch, expectedUsers } from "./support/sandbox-batch";
import { waitUntilPublished } from "./support/settle";
import { waitFor } from "./support/wait-for";

// The pipeline end to end, API and two workers as separate processes, through HTTP.

let fixture: E2eFixture;
let sandbox: RunningSandbox;
let system: PipelineSystem;
let rows: DatabaseRows;
let redis: Redis;
let queue: CertificationQueue;

const settle = (impUids: readonly string[]) =>
  waitUntilPublished(impUids, { rows, redis, stream: system.outcomeStream });

beforeAll(async () => {
  fixture = await startE2eFixture();
  ({ sandbox, system, rows, redis, queue } = fixture);
});

afterAll(() => fixture?.close());

describe("a batch through the HTTP API", () => {
  const batch = buildShapeBatch({ perShape: 12, firstSerial: 1 });
  const byImpUid = new Map(batch.map((item) => [item.impUid, item]));

  it("covers every outcome, and the independent expectation agrees with the sandbox's table", () => {
    expect(new Set(batch.map((i) => i.expected.outcome))).toEqual(new Set(OUTCOMES));
    for (const item of batch)
      expect(item.expected.outcome, item.impUid).toBe(item.shapeTableOutcome);
  });

  it("ends with exactly the right rows and exactly one event per imp_uid", {
    timeout: 180_000,
  }, async () => {
    // The provider's token dies mid-run (as at expiry or a key rotation): the workers hold a
    // cached token when it is revoked, meet 401s, and must refresh without failing a job.
    const impUids = batch.map((i) => i.impUid);
    const answers = await submitAll(system.apiUrl, impUids.slice(0, 10));
    await settle(impUids.slice(0, 10));
    sandbox.revokeTokens();
    for (const [impUid, answer] of await submitAll(system.apiUrl, impUids.slice(10))) {
      answers.set(impUid, answer);
    }
    for (const [impUid, answer] of answers) {
      expect(answer.body).toEqual({
        imp_uid: impUid,
        status: expect.stringMatching(/^(queued|processing|completed)$/),
        status_url: `/certifications/${impUid}`,
      });
    }
    await settle(impUids);
    expect(sandbox.stats().unauthorized).toBeGreaterThan(0);

    const certifications = await rows.certifications();
    expect(certifications.map((c) => c.imp_uid).sort()).toEqual([...byImpUid.keys()].sort());
    for (const row of certifications) {
      const { expected } = byImpUid.get(row.imp_uid) as (typeof batch)[number];
      expect(
        { outcome: row.outcome, age: row.age, unique_key: row.unique_key, age_min: row.age_min },
        row.imp_uid,
      ).toEqual({
        outcome: expected.outcome,
        age: expected.age,
        unique_key: expected.uniqueKey,
        age_min: 19,
      });
      expect(row.age_rule).toBe("calendar-year");
    }

    const records = batch.flatMap((i) => (i.record ? [i.record] : []));
    const wantedUsers = expectedUsers(records);
    const users = await rows.users();
    expect(users.map((u) => u.unique_key).sort()).toEqual([...wantedUsers.keys()].sort());
    for (const user of users) {
      const want = wantedUsers.get(user.unique_key);
      if (!want || want.tiedNewest) continue;
      expect(
        {
          name: user.name,
          birthday: user.birthday,
          last_imp_uid: user.last_imp_uid,
          first: user.first_certified_at?.getTime(),
          last: user.last_certified_at?.getTime(),
        },
        `user of ${want.lastImpUid}`,
      ).toEqual({
        name: want.name,
        birthday: want.birthday,
        last_imp_uid: want.lastImpUid,
        first: want.firstCertifiedAt.getTime(),
        last: want.lastCertifiedAt.getTime(),
      });
      if (want.phone !== undefined) expect(user.phone).toBe(want.phone);
    }

    const events = await rows.outcomeEvents();
    expect(events).toHaveLength(batch.length);
    for (const event of events) {
      const { expected } = byImpUid.get(event.imp_uid) as (typeof batch)[number];
      expect(event.event_id).toBe(eventIdFor(event.imp_uid));
      expect(event.published_at).not.toBeNull();
      expect(event.payload).toEqual({
        provider: "iamport",
        verification_id: event.imp_uid,
        imp_uid: event.imp_uid,
        user_id: await rows.userIdOf(expected.uniqueKey),
        outcome: expected.outcome,
        age: expected.age,
        age_min: 19,
        age_rule: "calendar-year",
        certified_at: expected.certifiedAt === null ? null : expect.any(String),
        checked_at: expect.any(String),
      });
      if (expected.certifiedAt !== null) {
        expect(Date.parse(String(event.payload.certified_at))).toBe(expected.certifiedAt.getTime());
      }
    }

    const stream = await readOutcomeStream(redis, system.outcomeStream);
    const tableEvents = new Map(events.map((e) => [e.event_id, e]));
    for (const [eventId, entries] of groupBy(stream, (e) => e.event_id)) {
      expect(entries, `stream entries of ${eventId}`).toHaveLength(1);
      const entry = entries[0] as (typeof stream)[number];
      expect(entry.type).toBe("certification.age_checked");
      expect(entry.payload).toEqual(tableEvents.get(eventId)?.payload);
    }
    expect(new Set(stream.map((e) => e.event_id))).toEqual(new Set(tableEvents.keys()));
    expect(groupBy(stream, (e) => String(e.payload.imp_uid)).size).toBe(batch.length);

    for (const [impUid, status] of await statusAll(system.apiUrl, impUids)) {
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({
        imp_uid: impUid,
        status: "completed",
        outcome: byImpUid.get(impUid)?.expected.outcome,
      });
    }
  });
});

describe("the same imp_uid posted 20 times at once", () => {
  const impUid = sandboxImpUid("full", 3, 900_001);

  it("makes one job, one provider fetch, one row and one event", { timeout: 120_000 }, async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => submit(system.apiUrl, impUid)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    await settle([impUid]);

    const job = await queue.getJob(jobIdFor({ provider: "iamport", id: impUid }));
    expect(job?.attemptsMade).toBe(1);
    const queueEvents = await readQueueEvents(redis, system.queuePrefix);
    expect(queueEvents.filter((e) => e.event === "added" && e.jobId === impUid)).toHaveLength(1);
    expect(sandbox.stats().certificationCallsByImpUid[impUid]).toBe(1);
    expect((await rows.certifications()).filter((c) => c.imp_uid === impUid)).toHaveLength(1);
    expect((await rows.outcomeEvents()).filter((e) => e.imp_uid === impUid)).toHaveLength(1);
    const stream = await readOutcomeStream(redis, system.outcomeStream);
    expect(stream.filter((e) => e.payload.imp_uid === impUid)).toHaveLength(1);

    // Once done, a repeat answers with the current status and fetches nothing.
    const again = await submit(system.apiUrl, impUid);
    expect(again.status).toBe(202);
    expect((again.body as StatusBody).status).toBe("completed");
    expect(sandbox.stats().certificationCallsByImpUid[impUid]).toBe(1);
  });
});

describe("one person re-verified under several imp_uids, processed out of order", () => {
  const day = 86_400;
  const base = 1_770_000_000; // 2026-02-02, inside the sandbox's certification window

  it("leaves the newest profile when the newest is processed first", {
    timeout: 120_000,
  }, async () => {
    const person = registerPerson(sandbox, "reverify-sequential", [
      { impUid: "imp_800000000011", certifiedAt: base - 20 * day },
      { impUid: "imp_800000000012", certifiedAt: base - 10 * day },
      { impUid: "imp_800000000013", certifiedAt: base },
    ]);
    // Newest first, each finished before the next is posted: the older ones arrive late.
    for (const record of [...person.records].reverse()) {
      await submit(system.apiUrl, String(record.imp_uid));
      await settle([String(record.imp_uid)]);
    }
    await expectNewestProfile(person.uniqueKey, person.records);
  });

  it("leaves the newest profile when all are processed at once", { timeout: 120_000 }, async () => {
    const person = registerPerson(sandbox, "reverify-concurrent", [
      { impUid: "imp_800000000021", certifiedAt: base - 3 * day },
      { impUid: "imp_800000000022", certifiedAt: base + 5 * day },
      { impUid: "imp_800000000023", certifiedAt: base - 9 * day },
      { impUid: "imp_800000000024", certifiedAt: base + 1 * day },
    ]);
    const impUids = person.records.map((r) => String(r.imp_uid));
    await Promise.all(impUids.map((impUid) => submit(system.apiUrl, impUid)));
    await settle(impUids);
    await expectNewestProfile(person.uniqueKey, person.records);
  });
});

async function expectNewestProfile(uniqueKey: string, records: readonly RawCertification[]) {
  const byTime = [...records].sort((a, b) => Number(a.certified_at) - Number(b.certified_at));
  const oldest = byTime[0] as RawCertification;
  const newest = byTime.at(-1) as RawCertification;
  const user = (await rows.users()).find((u) => u.unique_key === uniqueKey);
  expect(user).toMatchObject({
    name: newest.name,
    phone: newest.phone,
    carrier: newest.carrier,
    last_imp_uid: newest.imp_uid,
  });
  expect(user?.last_certified_at?.getTime()).toBe(Number(newest.certified_at) * 1000);
  expect(user?.first_certified_at?.getTime()).toBe(Number(oldest.certified_at) * 1000);
  const theirs = (await rows.certifications()).filter((c) => c.unique_key === uniqueKey);
  expect(theirs).toHaveLength(records.length);
}

describe("the status endpoint", () => {
  it("answers completed with the outcome, and still does once the job is gone from Redis", {
    timeout: 120_000,
  }, async () => {
    const impUid = sandboxImpUid("minor", 4, 900_002);
    await submit(system.apiUrl, impUid);
    await settle([impUid]);
    const before = await getStatus(system.apiUrl, impUid);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ imp_uid: impUid, status: "completed", outcome: "failed" });

    await queue.remove(jobIdFor({ provider: "iamport", id: impUid }));
    expect(await queue.getJob(jobIdFor({ provider: "iamport", id: impUid }))).toBeUndefined();
    const after = await getStatus(system.apiUrl, impUid);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ imp_uid: impUid, status: "completed", outcome: "failed" });
  });

  it("beyond job retention, a resubmission still yields one row and one event", {
    timeout: 120_000,
  }, async () => {
    const impUid = sandboxImpUid("full", 5, 900_003);
    await submit(system.apiUrl, impUid);
    await settle([impUid]);
    await queue.remove(jobIdFor({ provider: "iamport", id: impUid }));

    expect((await submit(system.apiUrl, impUid)).status).toBe(202);
    await waitFor(
      async () =>
        (await queue.getJobState(jobIdFor({ provider: "iamport", id: impUid }))) === "completed",
      {
        what: `the second job of ${impUid}`,
      },
    );
    expect((await rows.certifications()).filter((c) => c.imp_uid === impUid)).toHaveLength(1);
    expect((await rows.outcomeEvents()).filter((e) => e.imp_uid === impUid)).toHaveLength(1);
    const stream = await readOutcomeStream(redis, system.outcomeStream);
    expect(stream.filter((e) => e.payload.imp_uid === impUid)).toHaveLength(1);
  });

  it("answers 404 for an imp_uid nobody submitted", async () => {
    const unknown = await getStatus(system.apiUrl, "imp_999999999999");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: expect.any(String) } });
  });
});

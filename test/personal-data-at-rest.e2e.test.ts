import {
  generateCertification,
  generateIdentityVerification,
  type RawCertification,
  SANDBOX_V2_SHAPES,
  sandboxIdentityVerificationId,
  sandboxImpUid,
} from "@cert/iamport-sandbox";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eFixture, startE2eFixture } from "./support/e2e-fixture";
import { request, submitAll } from "./support/intake-client";
import { readOutcomeStream } from "./support/outcome-stream";
import { findLeaks, personalValuesOf, type Secret } from "./support/personal-data";
import type { PipelineSystem } from "./support/pipeline-system";
import { dumpPostgres } from "./support/postgres-dump";
import { dumpKeys } from "./support/redis-contents";
import { buildShapeBatch } from "./support/sandbox-batch";
import { waitUntilPublished } from "./support/settle";
import { waitFor } from "./support/wait-for";

// After an end-to-end run of both providers, a dump of Postgres and of every Redis key holds
// none of the personal values the sandbox served (names, phones, CIs, DIs): they exist only as
// ciphertexts and the CI's keyed hash. Birthdays are kept in clear by design (`users.birthday`).

const batch = buildShapeBatch({ perShape: 2, firstSerial: 600_000 });
const v2Ids = SANDBOX_V2_SHAPES.map((shape, i) =>
  sandboxIdentityVerificationId(shape.name, 20 + i, 600_100 + i),
);
/** One person verified through both providers: one users row, one user_id in both events. */
const both = {
  impUid: sandboxImpUid("full", 41, 5),
  v2Id: sandboxIdentityVerificationId("full", 41, 5),
};

let fixture: E2eFixture;
let system: PipelineSystem;
let redis: Redis;

beforeAll(async () => {
  fixture = await startE2eFixture({ label: "at-rest" });
  ({ system, redis } = fixture);
  const impUids = [...batch.map((item) => item.impUid), both.impUid];
  await submitAll(system.apiUrl, impUids);
  for (const id of [...v2Ids, both.v2Id]) {
    const answer = await request(`${system.apiUrl}/identity-verifications`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identityVerificationId: id }),
    });
    expect(answer.status).toBe(202);
  }
  await waitUntilPublished(impUids, { rows: fixture.rows, redis, stream: system.outcomeStream });
  await waitFor(
    async () =>
      (await readOutcomeStream(redis, system.outcomeStream)).filter(
        (e) => e.payload.provider === "portone",
      ).length >=
      v2Ids.length + 1,
    { what: "every V2 outcome published", timeoutMs: 120_000, intervalMs: 500 },
  );
}, 300_000);

afterAll(() => fixture?.close());

/** Names, phones, CIs and DIs the sandbox served during the run, V1 and V2. */
function servedValues(): Secret[] {
  const v1 = [...batch.flatMap((item) => (item.record ? [item.record] : []))];
  v1.push(generateCertification(both.impUid) as RawCertification);
  const secrets = v1.flatMap(personalValuesOf).filter((s) => !s.kind.startsWith("birthday"));
  for (const id of [...v2Ids, both.v2Id]) {
    const customer = generateIdentityVerification(id)?.verifiedCustomer as
      | Record<string, unknown>
      | undefined;
    for (const field of ["name", "phoneNumber", "ci", "di"]) {
      const value = customer?.[field];
      if (typeof value === "string" && value.length >= 4) {
        secrets.push({ kind: `v2 ${field}`, value });
      }
    }
  }
  return secrets;
}

describe("personal data at rest after both providers ran", () => {
  it("one person through V1 and V2 is one users row, named by the same user_id in both events", async () => {
    const events = await readOutcomeStream(redis, system.outcomeStream);
    const v1 = events.find((e) => e.payload.imp_uid === both.impUid);
    const v2 = events.find((e) => e.payload.verification_id === both.v2Id);
    const ci = generateCertification(both.impUid)?.unique_key as string;
    const userId = await fixture.rows.userIdOf(ci);
    expect(userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(v1?.payload.user_id).toBe(userId);
    expect(v2?.payload.user_id).toBe(userId);
    expect((await fixture.rows.users()).filter((u) => u.unique_key === ci)).toHaveLength(1);
  });

  it("a dump of Postgres holds none of the served names, phones, CIs or DIs", async () => {
    const dump = await dumpPostgres(fixture.db.url);
    // Which dump ran is part of the result: pg_dump needs a client of the server's version.
    console.info(`postgres dump method: ${dump.method}`);
    const users = await fixture.rows.users();
    expect(users.length).toBeGreaterThan(5);
    // The personal columns are really there, encrypted.
    expect(dump.text).toMatch(/v1:test:[A-Za-z0-9_-]{16}:/);
    expect(
      findLeaks([{ where: `postgres (${dump.method})`, text: dump.text }], servedValues()),
    ).toEqual([]);
  });

  it("no Redis key of any type holds any of them", async () => {
    const keys = await dumpKeys(redis, "*");
    const types = new Set(keys.map((k) => k.type));
    for (const type of ["hash", "stream", "string"]) expect(types).toContain(type);
    expect(keys.some((k) => k.key === system.outcomeStream)).toBe(true);
    const leaks = findLeaks(
      keys.map((k) => ({ where: `${k.type} ${k.key}`, text: k.text })),
      servedValues(),
    );
    expect(leaks).toEqual([]);
  });
});

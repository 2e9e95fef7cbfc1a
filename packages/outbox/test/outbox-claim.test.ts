import { createPool } from "@cert/db";
import { createTestDatabase, type TestDatabase } from "@cert/testing";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventIdFor, writeOutcome } from "../src";
import { claimUnpublishedEvents, releaseEventClaims } from "../src/queries/claim-events";
import { markEventsPublished } from "../src/queries/mark-events-published";
import { checkResult, testCipher } from "./fixtures";

let db: TestDatabase;
let relayA: pg.Pool;
let relayB: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  // Two pools stand for two relay processes with their own connections.
  relayA = createPool(db.url, { applicationName: "relay-a" });
  relayB = createPool(db.url, { applicationName: "relay-b" });
});

afterAll(async () => {
  await Promise.all([relayA.end(), relayB.end()]);
  await db.drop();
});

beforeEach(async () => {
  await relayA.query("TRUNCATE outcome_events, certifications, users");
});

async function persistMany(count: number): Promise<string[]> {
  const impUids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const result = checkResult({ certification: null, outcome: "not_found", age: null });
    await writeOutcome(relayA, result, testCipher);
    impUids.push(result.verificationId);
  }
  return impUids;
}

/** Simulates time passing for leases without waiting: moves every running lease to the past. */
const expireLeases = () =>
  relayA.query(
    "UPDATE outcome_events SET claimed_until = now() - interval '1 second' WHERE claimed_until IS NOT NULL",
  );

describe("claimUnpublishedEvents / markEventsPublished", () => {
  it("hands out unpublished events oldest first, with their payload", async () => {
    const impUids = await persistMany(3);
    const claimed = await claimUnpublishedEvents(relayA, { limit: 10 });
    expect(claimed.map((e) => e.impUid)).toEqual(impUids);
    expect(claimed.map((e) => e.eventId)).toEqual(impUids.map((id) => eventIdFor(id)));
    expect(claimed[0]?.payload).toMatchObject({ imp_uid: impUids[0], outcome: "not_found" });
    expect(claimed.map((e) => e.id)).toEqual([...claimed.map((e) => e.id)].sort((a, b) => a - b));
    expect(typeof claimed[0]?.id).toBe("number");
  });

  it("respects the limit and does not hand the same rows out again while leased", async () => {
    await persistMany(5);
    const first = await claimUnpublishedEvents(relayA, { limit: 2 });
    const second = await claimUnpublishedEvents(relayA, { limit: 10 });
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(3);
    expect(await claimUnpublishedEvents(relayB, { limit: 10 })).toEqual([]);
  });

  it("published events are never claimed again, even after their lease would have expired", async () => {
    await persistMany(3);
    const claimed = await claimUnpublishedEvents(relayA);
    expect(
      await markEventsPublished(
        relayA,
        claimed.map((e) => e.id),
      ),
    ).toBe(3);
    await expireLeases();
    expect(await claimUnpublishedEvents(relayB)).toEqual([]);
    const { rows } = await relayA.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM outcome_events WHERE published_at IS NOT NULL",
    );
    expect(rows[0]?.n).toBe(3);
  });

  it("marking twice keeps the first published_at and reports nothing newly marked", async () => {
    await persistMany(1);
    const [event] = await claimUnpublishedEvents(relayA);
    const ids = [event?.id ?? -1];
    expect(await markEventsPublished(relayA, ids)).toBe(1);
    const before = await relayA.query("SELECT published_at FROM outcome_events WHERE id = $1", ids);
    expect(await markEventsPublished(relayB, ids)).toBe(0);
    const after = await relayA.query("SELECT published_at FROM outcome_events WHERE id = $1", ids);
    expect(after.rows).toEqual(before.rows);
    expect(await markEventsPublished(relayA, [])).toBe(0);
  });

  it("two relays claiming at once never get the same row, and together get every row", async () => {
    const impUids = await persistMany(200);
    const seen: { relay: string; impUid: string | null }[] = [];
    const drain = async (relay: string, pool: pg.Pool) => {
      for (;;) {
        const batch = await claimUnpublishedEvents(pool, { limit: 7 });
        if (batch.length === 0) return;
        for (const event of batch) seen.push({ relay, impUid: event.impUid });
        await markEventsPublished(
          pool,
          batch.map((e) => e.id),
        );
      }
    };
    await Promise.all([
      drain("a", relayA),
      drain("b", relayB),
      drain("a2", relayA),
      drain("b2", relayB),
    ]);

    const claimedImpUids = seen.map((s) => s.impUid);
    expect(new Set(claimedImpUids).size).toBe(claimedImpUids.length);
    expect([...claimedImpUids].sort()).toEqual([...impUids].sort());
  });

  it("rows claimed by a relay that crashed become claimable again once the lease expires", async () => {
    await persistMany(4);
    const crashed = await claimUnpublishedEvents(relayA, { limit: 4 });
    expect(await claimUnpublishedEvents(relayB)).toEqual([]);

    await expireLeases();
    const recovered = await claimUnpublishedEvents(relayB);
    expect(recovered.map((e) => e.eventId)).toEqual(crashed.map((e) => e.eventId));
  });

  it("releaseEventClaims makes a failed batch claimable at once", async () => {
    await persistMany(3);
    const batch = await claimUnpublishedEvents(relayA);
    expect(
      await releaseEventClaims(
        relayA,
        batch.map((e) => e.id),
      ),
    ).toBe(3);
    expect((await claimUnpublishedEvents(relayB)).map((e) => e.id)).toEqual(batch.map((e) => e.id));
  });

  it("rejects a limit below 1", async () => {
    await expect(claimUnpublishedEvents(relayA, { limit: 0 })).rejects.toThrow(RangeError);
  });
});

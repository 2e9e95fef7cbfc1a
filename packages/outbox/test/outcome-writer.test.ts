import type { CheckResult } from "@cert/db";
import { createPool, type WrittenEvent } from "@cert/db";
import type pg from "pg";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOutcomeWriter, eventIdFor } from "../src";
import { certificationRecord, checkResult, decryptRow, nextImpUid, testCipher } from "./fixtures";
import { usePooledTestDatabase } from "./helpers";

const database = usePooledTestDatabase();
let pool: pg.Pool;

beforeAll(() => {
  pool = database.pool();
});

beforeEach(async () => {
  await pool.query("TRUNCATE outcome_events, certifications, users");
});

const count = async (sql: string, values: unknown[] = []) =>
  (await pool.query<{ n: number }>(sql, values)).rows[0]?.n;

describe("createOutcomeWriter", () => {
  it("writes many concurrent results in few statements, each caller learning its own row", async () => {
    const statements: (readonly WrittenEvent[])[] = [];
    // Stands in for the relay: records what each committed statement hands over to publish.
    const relay = { publishWritten: (events: readonly WrittenEvent[]) => statements.push(events) };
    const writer = createOutcomeWriter({ cipher: testCipher, pool, relay });
    const results = Array.from({ length: 300 }, (_, i) =>
      checkResult({ certification: certificationRecord({ uniqueKey: `CI-${i}-${nextImpUid()}` }) }),
    );

    const persisted = await Promise.all(results.map((r) => writer.write(r)));

    expect(persisted).toEqual(
      results.map((r) => ({ eventId: eventIdFor(r.verificationId), inserted: true })),
    );
    expect(await count("SELECT count(*)::int AS n FROM certifications")).toBe(300);
    expect(await count("SELECT count(*)::int AS n FROM users")).toBe(300);
    // Every new event is handed over exactly once, claimed, in far fewer statements than rows.
    const handed = statements.flat().map((e) => e.eventId);
    expect(new Set(handed).size).toBe(300);
    expect(handed).toHaveLength(300);
    expect(statements.length).toBeLessThan(30);
    expect(
      await count("SELECT count(*)::int AS n FROM outcome_events WHERE claimed_until > now()"),
    ).toBe(300);
  });

  it("one person certified twice at once: both recorded, the newer profile kept", async () => {
    const writer = createOutcomeWriter({ cipher: testCipher, pool });
    const uniqueKey = `CI-${nextImpUid()}`;
    const older = checkResult({
      certification: certificationRecord({
        uniqueKey,
        name: "older",
        certifiedAt: new Date("2025-01-01T00:00:00Z"),
      }),
    });
    const newer = checkResult({
      certification: certificationRecord({
        uniqueKey,
        name: "newer",
        certifiedAt: new Date("2025-02-01T00:00:00Z"),
      }),
    });
    const replay = { ...newer };

    const persisted = await Promise.all([newer, older, replay].map((r) => writer.write(r)));

    expect(persisted.map((p) => p.inserted)).toEqual([true, true, false]);
    const user = await pool.query("SELECT name, first_certified_at FROM users WHERE ci_hash = $1", [
      testCipher.ciHash(uniqueKey),
    ]);
    expect(user.rows.map(decryptRow)).toEqual([
      { name: "newer", first_certified_at: new Date("2025-01-01T00:00:00Z") },
    ]);
    expect(await count("SELECT count(*)::int AS n FROM outcome_events")).toBe(2);
  });

  it("a row Postgres refuses fails only its own caller", async () => {
    const writer = createOutcomeWriter({ cipher: testCipher, pool });
    const good = Array.from({ length: 5 }, () =>
      checkResult({ certification: certificationRecord({ uniqueKey: `CI-${nextImpUid()}` }) }),
    );
    const poison = checkResult({ outcome: "maybe" as "passed", certification: null });

    const settled = await Promise.allSettled(
      [...good.slice(0, 2), poison, ...good.slice(2)].map((r) => writer.write(r)),
    );

    expect(settled.map((s) => s.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
      "fulfilled",
    ]);
    expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({
      name: "DbError",
      retryable: false,
    });
    expect(await count("SELECT count(*)::int AS n FROM certifications")).toBe(5);
  });

  it("a personal value that cannot be encrypted fails only its own result", async () => {
    const writer = createOutcomeWriter({ cipher: testCipher, pool });
    const good = [1, 2].map(() =>
      checkResult({ certification: certificationRecord({ uniqueKey: `CI-${nextImpUid()}` }) }),
    );
    // A lone surrogate: no UTF-8 text holds it, so it cannot be stored faithfully.
    const broken = checkResult({
      certification: certificationRecord({ uniqueKey: `CI-${nextImpUid()}`, name: "\uD800" }),
    });
    const settled = await Promise.allSettled(
      [good[0], broken, good[1]].map((r) => writer.write(r as CheckResult)),
    );
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({
      name: "PiiInputError",
      retryable: false,
    });
    const written = await pool.query(
      "SELECT count(*)::int AS n FROM certifications WHERE verification_id = ANY($1)",
      [[broken, ...good].map((r) => r.verificationId)],
    );
    expect(written.rows[0].n).toBe(2);
  });

  it("with the database unreachable every caller gets a retryable error and nothing hangs", async () => {
    const down = createPool("postgres://postgres@127.0.0.1:1/none", {
      connectionTimeoutMillis: 500,
    });
    try {
      const writer = createOutcomeWriter({ cipher: testCipher, pool: down });
      const settled = await Promise.allSettled(
        Array.from({ length: 4 }, () => writer.write(checkResult({ certification: null }))),
      );
      for (const outcome of settled) {
        expect(outcome.status).toBe("rejected");
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({ retryable: true });
      }
      await writer.drain();
    } finally {
      await down.end();
    }
  });
});

import { createPool } from "@cert/db";
import type { DestinationStream, Logger } from "@cert/logger";
import { createLogger } from "@cert/logger";
import { useTestDatabase } from "@cert/testing";
import type { Redis } from "ioredis";
import type pg from "pg";
import { afterAll, beforeAll } from "vitest";

/**
 * A migrated database and a pool on it for the whole test file. Read `pool()` inside tests and
 * hooks.
 */
export function usePooledTestDatabase(): { pool: () => pg.Pool; url: () => string } {
  const database = useTestDatabase();
  let pool: pg.Pool | undefined;
  beforeAll(() => {
    pool = createPool(database.url);
  });
  afterAll(async () => {
    await pool?.end();
  });
  return {
    pool: () => {
      if (!pool) throw new Error("the test database is not ready yet (use it inside tests)");
      return pool;
    },
    url: () => database.url,
  };
}

/** A JSON logger whose lines are kept in memory, so tests can assert on what was logged. */
export function capturingLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const raw: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void raw.push(line) };
  return {
    logger: createLogger({ name: "relay-test", level: "info", destination }),
    lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** Inserts outbox rows for `imp_<from>` .. `imp_<to - 1>`, as a committed check would. */
export async function insertEvents(pool: pg.Pool, from: number, to: number): Promise<void> {
  await pool.query(
    `INSERT INTO outcome_events (event_id, imp_uid, payload)
     SELECT 'evt-' || g, 'imp_' || g,
            jsonb_build_object('imp_uid', 'imp_' || g, 'outcome', 'passed')
     FROM generate_series($1::int, $2::int - 1) AS g`,
    [from, to],
  );
}

/**
 * Inserts rows as the outcome writer does (claimed for a minute by their writer) and
 * returns them as the writer hands them to `publishWritten`.
 */
export async function insertClaimedEvents(
  pool: pg.Pool,
  from: number,
  to: number,
): Promise<Array<{ id: number; eventId: string; payload: string }>> {
  const { rows } = await pool.query<{ id: string; event_id: string; payload: string }>(
    `INSERT INTO outcome_events (event_id, imp_uid, payload, claimed_until)
     SELECT 'evt-' || g, 'imp_' || g,
            jsonb_build_object('imp_uid', 'imp_' || g, 'outcome', 'passed'),
            now() + interval '1 minute'
     FROM generate_series($1::int, $2::int - 1) AS g
     RETURNING id, event_id, payload::text`,
    [from, to],
  );
  return rows.map((r) => ({ id: Number(r.id), eventId: r.event_id, payload: r.payload }));
}

export async function unpublishedCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM outcome_events WHERE published_at IS NULL",
  );
  return Number(rows[0]?.n);
}

export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

/** Every entry of `stream`, oldest first. */
export async function readStream(redis: Redis, stream: string): Promise<StreamEntry[]> {
  const raw = await redis.xrange(stream, "-", "+");
  return raw.map(([id, flat]) => {
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i] as string] = flat[i + 1] as string;
    return { id, fields };
  });
}

/** How many entries carry each event_id. */
export function countByEventId(entries: StreamEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of entries) {
    const id = e.fields.event_id ?? "";
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

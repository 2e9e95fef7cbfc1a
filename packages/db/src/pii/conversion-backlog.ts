import { setTimeout as sleep } from "node:timers/promises";
import type { PiiCipher } from "@cert/pii";
import { DbError, toDbError } from "../errors";
import type { Queryable } from "../types";

/**
 * The clear-text values the personal-data migration moved out of `users` (it holds no keys),
 * and `npm run pii:convert`, which encrypts them back. Batched, resumable (each batch commits
 * on its own and removes its rows from the backlog), idempotent (converting a row twice writes
 * the same hash and equivalent ciphertexts).
 */

/** One statement per batch: the users are updated and their backlog rows removed atomically. */
const CONVERT_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
    AS t(user_id, ci_hash, ci, di, name, phone)
),
converted AS (
  UPDATE users u SET ci_hash = i.ci_hash, ci = i.ci, di = i.di, name = i.name, phone = i.phone
  FROM input i
  -- A person erased meanwhile (the API can erase during the upgrade) stays erased.
  WHERE u.user_id = i.user_id AND u.erased_at IS NULL
  RETURNING 1
)
DELETE FROM pii_conversion_backlog b USING input i WHERE b.user_id = i.user_id`;

interface BacklogRow {
  user_id: string;
  unique_key: string;
  unique_in_site: string | null;
  name: string | null;
  phone: string | null;
}

/** Rows still waiting for `pii:convert`. */
export async function countPiiBacklog(db: Queryable): Promise<number> {
  try {
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pii_conversion_backlog",
    );
    return rows[0]?.n ?? 0;
  } catch (error) {
    throw toDbError("count pii conversion backlog", error);
  }
}

/** Thrown at start-up by a process that writes people while the backlog holds rows. */
export class PiiBacklogError extends Error {
  override readonly name = "PiiBacklogError";
  /** Not until an operator runs the conversion. */
  readonly retryable = false;

  constructor(readonly rows: number) {
    super(
      `${rows} users rows still hold unconverted personal data: run \`npm run pii:convert\` first`,
    );
  }
}

/**
 * Refuses to go on while the backlog holds rows, so no new row for a person can race their
 * conversion (the new row would get the ci_hash the conversion is about to give the old one).
 *
 * @throws PiiBacklogError, or DbError when the database cannot be read.
 */
export async function assertNoPiiBacklog(db: Queryable): Promise<void> {
  const rows = await countPiiBacklog(db);
  if (rows > 0) throw new PiiBacklogError(rows);
}

/**
 * {@link assertNoPiiBacklog} at a process's start: a database not answering yet is waited out
 * (one check a second; `onWaiting` is called once, for a log line), since orchestrators start
 * the worker and Postgres together.
 *
 * @throws PiiBacklogError; any error that is not a retryable DbError.
 */
export async function assertNoPiiBacklogAtStart(
  db: Queryable,
  onWaiting: () => void,
): Promise<void> {
  for (let warned = false; ; ) {
    try {
      return await assertNoPiiBacklog(db);
    } catch (error) {
      if (!(error instanceof DbError && error.retryable)) throw error;
      if (!warned) onWaiting();
      warned = true;
      await sleep(1000);
    }
  }
}

export interface ConvertOptions {
  /** Rows per batch (one statement each). Default 500. */
  batchSize?: number;
  /** Called after each batch with the running total. */
  onProgress?: (converted: number) => void;
}

/**
 * Encrypts every backlog row into its `users` row (ci_hash, ci, di, name, phone) and empties
 * the backlog. Returns how many rows it converted (0 when there was nothing to do).
 *
 * @throws DbError; PiiInputError for a value that cannot be encrypted faithfully.
 */
export async function convertPiiBacklog(
  db: Queryable,
  cipher: PiiCipher,
  options: ConvertOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let converted = 0;
  for (;;) {
    let rows: BacklogRow[];
    try {
      ({ rows } = await db.query<BacklogRow>(
        `SELECT user_id, unique_key, unique_in_site, name, phone FROM pii_conversion_backlog
         ORDER BY user_id LIMIT $1`,
        [batchSize],
      ));
    } catch (error) {
      throw toDbError("read pii conversion backlog", error);
    }
    if (rows.length === 0) return converted;
    const values = [
      rows.map((r) => r.user_id),
      rows.map((r) => cipher.ciHash(r.unique_key)),
      rows.map((r) => cipher.encrypt("ci", r.unique_key)),
      rows.map((r) => cipher.encryptNullable("di", r.unique_in_site)),
      rows.map((r) => cipher.encryptNullable("name", r.name)),
      rows.map((r) => cipher.encryptNullable("phone", r.phone)),
    ];
    try {
      await db.query(CONVERT_SQL, values);
    } catch (error) {
      throw toDbError("convert personal data", error);
    }
    converted += rows.length;
    options.onProgress?.(converted);
  }
}

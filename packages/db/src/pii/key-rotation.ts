import { PII_COLUMNS, type PiiCipher } from "@cert/pii";
import { toDbError } from "../errors";
import type { Queryable } from "../types";

/**
 * `npm run pii:rotate`: re-encrypts every personal value not under the first key of
 * `PII_ENCRYPTION_KEYS`. Walks `users` by `user_id` in batches (keyset, so each batch is one
 * index range however large the table). Safe while the API and workers run: a row is updated
 * only if its ciphertexts are still the ones read (compare-and-set), so a profile rewritten or
 * erased meanwhile is never overwritten with older data; such rows are read again and retried.
 * Resumable: a rerun skips every value already under the first key, so after an interruption
 * it simply continues, and with nothing left it reports zero.
 */

type Column = (typeof PII_COLUMNS)[number];
type Values = Record<Column, string | null>;
type Row = { user_id: string } & Values;

const SELECT_COLUMNS = `user_id, ${PII_COLUMNS.join(", ")}`;

/** Compare-and-set of a batch: `$1` ids, then per column the new values and the values read. */
const UPDATE_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::uuid[], ${PII_COLUMNS.map((_, i) => `$${i + 2}::text[]`).join(", ")},
                       ${PII_COLUMNS.map((_, i) => `$${i + 2 + PII_COLUMNS.length}::text[]`).join(", ")})
    AS t(user_id, ${PII_COLUMNS.map((c) => `new_${c}`).join(", ")}, ${PII_COLUMNS.map((c) => `old_${c}`).join(", ")})
)
UPDATE users u SET ${PII_COLUMNS.map((c) => `${c} = i.new_${c}`).join(", ")}
FROM input i
WHERE u.user_id = i.user_id
  AND ${PII_COLUMNS.map((c) => `u.${c} IS NOT DISTINCT FROM i.old_${c}`).join("\n  AND ")}
RETURNING u.user_id`;

export interface RotationProgress {
  /** Users rows read so far. */
  scanned: number;
  /** Rows re-encrypted so far. */
  rotated: number;
  /** Rows found changed by a concurrent write and read again. */
  retried: number;
}

export interface RotateOptions {
  /** Rows per batch. Default 500. */
  batchSize?: number;
  /** Called after each batch. */
  onProgress?: (progress: Readonly<RotationProgress>) => void;
}

/** The row's values re-encrypted under the primary key, or null when it needs no work. */
function reencrypt(cipher: PiiCipher, row: Row): Values | null {
  if (PII_COLUMNS.every((c) => row[c] === null || cipher.isUnderPrimaryKey(row[c] as string))) {
    return null;
  }
  const next = {} as Values;
  for (const c of PII_COLUMNS) {
    const value = row[c];
    next[c] =
      value === null || cipher.isUnderPrimaryKey(value)
        ? value
        : cipher.encrypt(c, cipher.decrypt(c, value));
  }
  return next;
}

/** Compare-and-sets `rows`; returns the ids that changed meanwhile. */
async function writeBatch(db: Queryable, cipher: PiiCipher, rows: readonly Row[]) {
  const work = rows.flatMap((row) => {
    const next = reencrypt(cipher, row);
    return next ? [{ row, next }] : [];
  });
  if (work.length === 0) return { rotated: 0, changed: [] as string[] };
  const values = [
    work.map((w) => w.row.user_id),
    ...PII_COLUMNS.map((c) => work.map((w) => w.next[c])),
    ...PII_COLUMNS.map((c) => work.map((w) => w.row[c])),
  ];
  let updated: Set<string>;
  try {
    const { rows: done } = await db.query<{ user_id: string }>(UPDATE_SQL, values);
    updated = new Set(done.map((d) => d.user_id));
  } catch (error) {
    throw toDbError("rotate personal data keys", error);
  }
  const changed = work.map((w) => w.row.user_id).filter((id) => !updated.has(id));
  return { rotated: updated.size, changed };
}

async function read(db: Queryable, sql: string, values: unknown[]): Promise<Row[]> {
  try {
    return (await db.query<Row>(sql, values)).rows;
  } catch (error) {
    throw toDbError("read personal data for rotation", error);
  }
}

/**
 * Re-encrypts every value not under the primary key. Returns the totals.
 *
 * @throws DbError; PiiDecryptError when a value is under a key the cipher does not hold (keep
 * the old key in `PII_ENCRYPTION_KEYS` until this has finished) or has been altered.
 */
export async function rotatePiiKeys(
  db: Queryable,
  cipher: PiiCipher,
  options: RotateOptions = {},
): Promise<RotationProgress> {
  const batchSize = options.batchSize ?? 500;
  const progress: RotationProgress = { scanned: 0, rotated: 0, retried: 0 };
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await read(
      db,
      `SELECT ${SELECT_COLUMNS} FROM users WHERE user_id > $1 ORDER BY user_id LIMIT $2`,
      [after, batchSize],
    );
    if (rows.length === 0) return progress;
    after = rows[rows.length - 1]?.user_id as string;
    progress.scanned += rows.length;
    let result = await writeBatch(db, cipher, rows);
    progress.rotated += result.rotated;
    // A concurrent write won: read those rows again and retry until each is done or needs nothing.
    while (result.changed.length > 0) {
      progress.retried += result.changed.length;
      const again = await read(db, `SELECT ${SELECT_COLUMNS} FROM users WHERE user_id = ANY($1)`, [
        result.changed,
      ]);
      result = await writeBatch(db, cipher, again);
      progress.rotated += result.rotated;
    }
    options.onProgress?.(progress);
  }
}

import { createPool } from "@cert/db";
import { testPiiCipher } from "@cert/testing";
import type pg from "pg";

/**
 * A `certifications` row as downstream services read it, with the person's CI as
 * `unique_key`: decrypted here, with the keys the spawned processes were given, from the
 * `users` row `user_id` points at (the table itself holds no CI).
 */
export interface CertificationRow {
  imp_uid: string;
  user_id: string | null;
  unique_key: string | null;
  certified: boolean | null;
  certified_at: Date | null;
  outcome: string;
  age: number | null;
  age_min: number;
  age_rule: string;
}

/**
 * A `users` row with its personal columns decrypted: `unique_key` is the CI (`ci`),
 * `unique_in_site` the DI (`di`). `ci_hash` is checked to be the CI's keyed hash.
 */
export interface UserRow {
  user_id: string;
  unique_key: string;
  unique_in_site: string | null;
  name: string | null;
  gender: string | null;
  /** `YYYY-MM-DD` (the db pool keeps dates as strings). */
  birthday: string | null;
  phone: string | null;
  carrier: string | null;
  first_certified_at: Date | null;
  last_certified_at: Date | null;
  last_imp_uid: string | null;
}

/** An `outcome_events` row. */
export interface OutcomeEventRow {
  id: string;
  event_id: string;
  imp_uid: string;
  payload: Record<string, unknown>;
  published_at: Date | null;
}

/** Read-only access to the three tables the pipeline writes. */
export class DatabaseRows {
  readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    // Short connection timeout: probes during a Postgres outage should fail fast, not hang.
    this.pool = createPool(databaseUrl, { max: 3, connectionTimeoutMillis: 3000 });
  }

  async certifications(): Promise<CertificationRow[]> {
    const { rows } = await this.pool.query<CertificationRow & { ci: string | null }>(
      `SELECT c.imp_uid, c.user_id, u.ci, c.certified, c.certified_at, c.outcome, c.age,
              c.age_min, c.age_rule
       FROM certifications c LEFT JOIN users u USING (user_id) ORDER BY c.imp_uid`,
    );
    return rows.map(({ ci, ...row }) => ({
      ...row,
      unique_key: testPiiCipher.decryptNullable("ci", ci),
    }));
  }

  async users(): Promise<UserRow[]> {
    const { rows } = await this.pool.query<
      Omit<UserRow, "unique_key" | "unique_in_site"> & {
        ci: string;
        di: string | null;
        ci_hash: string;
      }
    >(
      `SELECT user_id, ci_hash, ci, di, name, gender, birthday, phone, carrier,
              first_certified_at, last_certified_at, last_imp_uid
       FROM users WHERE erased_at IS NULL`,
    );
    return rows
      .map(({ ci, di, ci_hash, ...row }) => {
        const uniqueKey = testPiiCipher.decrypt("ci", ci);
        if (testPiiCipher.ciHash(uniqueKey) !== ci_hash) throw new Error("ci_hash is not the CI's");
        return {
          ...row,
          unique_key: uniqueKey,
          unique_in_site: testPiiCipher.decryptNullable("di", di),
          name: testPiiCipher.decryptNullable("name", row.name),
          phone: testPiiCipher.decryptNullable("phone", row.phone),
        };
      })
      .sort((a, b) => (a.unique_key < b.unique_key ? -1 : a.unique_key > b.unique_key ? 1 : 0));
  }

  /** The user_id of the person with this CI (found by its keyed hash), or null. */
  async userIdOf(uniqueKey: string | null): Promise<string | null> {
    if (uniqueKey === null) return null;
    const { rows } = await this.pool.query<{ user_id: string }>(
      "SELECT user_id FROM users WHERE ci_hash = $1",
      [testPiiCipher.ciHash(uniqueKey)],
    );
    return rows[0]?.user_id ?? null;
  }

  async outcomeEvents(): Promise<OutcomeEventRow[]> {
    const { rows } = await this.pool.query<OutcomeEventRow>(
      "SELECT id, event_id, imp_uid, payload, published_at FROM outcome_events ORDER BY id",
    );
    return rows;
  }

  /** Rows per table, plus outcome events still waiting in the outbox. */
  async counts(): Promise<{
    certifications: number;
    users: number;
    events: number;
    unpublished: number;
  }> {
    const { rows } = await this.pool.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM certifications) AS certifications,
              (SELECT count(*) FROM users) AS users,
              (SELECT count(*) FROM outcome_events) AS events,
              (SELECT count(*) FROM outcome_events WHERE published_at IS NULL) AS unpublished`,
    );
    const row = rows[0] ?? {};
    return {
      certifications: Number(row.certifications),
      users: Number(row.users),
      events: Number(row.events),
      unpublished: Number(row.unpublished),
    };
  }

  /** Those of `impUids` whose outcome event is already marked published. */
  async publishedAmong(impUids: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ imp_uid: string }>(
      `SELECT imp_uid FROM outcome_events
       WHERE imp_uid = ANY($1::text[]) AND published_at IS NOT NULL`,
      [impUids],
    );
    return new Set(rows.map((row) => row.imp_uid));
  }

  /** How many of `impUids` have a `certifications` row. */
  async recordedAmong(impUids: readonly string[]): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM certifications WHERE imp_uid = ANY($1::text[])",
      [impUids],
    );
    return Number(rows[0]?.n ?? 0);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

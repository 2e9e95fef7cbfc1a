import { createPool } from "@cert/db";
import type pg from "pg";

/** A `certifications` row as downstream services read it (CONTRACT §4). */
export interface CertificationRow {
  imp_uid: string;
  unique_key: string | null;
  certified: boolean | null;
  certified_at: Date | null;
  outcome: string;
  age: number | null;
  age_min: number;
  age_rule: string;
}

/** A `users` row (CONTRACT §4). */
export interface UserRow {
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

/** An `outcome_events` row (CONTRACT §4). */
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
    const { rows } = await this.pool.query<CertificationRow>(
      `SELECT imp_uid, unique_key, certified, certified_at, outcome, age, age_min, age_rule
       FROM certifications ORDER BY imp_uid`,
    );
    return rows;
  }

  async users(): Promise<UserRow[]> {
    const { rows } = await this.pool.query<UserRow>(
      `SELECT unique_key, unique_in_site, name, gender, birthday, phone, carrier,
              first_certified_at, last_certified_at, last_imp_uid
       FROM users ORDER BY unique_key`,
    );
    return rows;
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

  /** How many of `impUids` have an outcome event already marked published. */
  async publishedAmong(impUids: readonly string[]): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM outcome_events
       WHERE imp_uid = ANY($1::text[]) AND published_at IS NOT NULL`,
      [impUids],
    );
    return Number(rows[0]?.n ?? 0);
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

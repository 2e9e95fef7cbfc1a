import type pg from "pg";

/**
 * The outcomes and age rules as stored. Same literals as `@cert/age-check` (`Outcome`,
 * `AgeRule`); restated here so the storage layer does not depend on the rules package, and
 * enforced by CHECK constraints in the schema.
 */
export type StoredOutcome = "passed" | "failed" | "not_certified" | "no_birthday" | "not_found";
export type StoredAgeRule = "calendar-year" | "full-years";

/** Anything that runs a query: the pool, or a client checked out of it. */
export type Queryable = pg.Pool | pg.PoolClient | pg.Client;

/** The provider's certification as persisted (normalized by `@cert/iamport`). */
export interface CertificationRecord {
  /** CI; null for Kakao certificates and some PGs (then no `users` row is written). */
  uniqueKey: string | null;
  uniqueInSite: string | null;
  name: string | null;
  gender: string | null;
  /** `YYYY-MM-DD`. */
  birthday: string | null;
  phone: string | null;
  carrier: string | null;
  foreigner: boolean | null;
  merchantUid: string | null;
  pgProvider: string | null;
  pgTid: string | null;
  certified: boolean;
  certifiedAt: Date | null;
}

/** Everything one finished job writes. */
export interface CheckResult {
  impUid: string;
  /** Null when the provider has no certification for `impUid` (outcome `not_found`). */
  certification: CertificationRecord | null;
  outcome: StoredOutcome;
  /** Completed years at the reference date, or null. */
  age: number | null;
  ageMin: number;
  ageRule: StoredAgeRule;
  /** When the check ran. */
  checkedAt: Date;
}
